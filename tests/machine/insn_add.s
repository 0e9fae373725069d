# add: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, add, 0, 0, 0
    TEST_RR_OP 2, add, 2, 1, 1
    TEST_RR_OP 3, add, 10, 3, 7
    TEST_RR_OP 4, add, 0xFFFF8000, 0, 0xFFFF8000
    TEST_RR_OP 5, add, 0x80000000, 0x80000000, 0
    TEST_RR_OP 6, add, 0x7FFFFFFF, 0x7FFFFFFF, 0
    TEST_RR_OP 7, add, 0x80000000, 0x7FFFFFFF, 1
    TEST_RR_OP 8, add, 0, -1, 1
    TEST_RR_OP 9, add, 0xFFFFFFFE, -1, -1
    TEST_RR_SRC_EQ_DEST 10, add, 2, 1, 1
    TEST_RR_ZERODEST 11, add, 1, 1

TEST_END
