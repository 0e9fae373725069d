# sub: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, sub, 0, 0, 0
    TEST_RR_OP 2, sub, 0, 1, 1
    TEST_RR_OP 3, sub, 0xFFFFFFFC, 3, 7
    TEST_RR_OP 4, sub, 0x8000, 0, 0xFFFF8000
    TEST_RR_OP 5, sub, 0x7FFFFFFF, 0x80000000, 1
    TEST_RR_OP 6, sub, 1, 0, -1
    TEST_RR_OP 7, sub, 0xFFFFFFFE, -1, 1
    TEST_RR_SRC_EQ_DEST 8, sub, 0, 1, 1
    TEST_RR_ZERODEST 9, sub, 1, 1

TEST_END
