# rem: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, rem, 2, 20, 6
    TEST_RR_OP 2, rem, 0xFFFFFFFE, -20, 6
    TEST_RR_OP 3, rem, 2, 20, -6
    TEST_RR_OP 4, rem, 0xFFFFFFFE, -20, -6
    TEST_RR_OP 5, rem, 0, 0x80000000, 1
    TEST_RR_OP 6, rem, 0, 0x80000000, -1
    TEST_RR_OP 7, rem, 0x80000000, 0x80000000, 0
    TEST_RR_OP 8, rem, 1, 1, 0
    TEST_RR_OP 9, rem, 0, 0, 0
    TEST_RR_SRC_EQ_DEST 10, rem, 0xFFFFFFFE, -20, 6
    TEST_RR_ZERODEST 11, rem, -20, 6

TEST_END
