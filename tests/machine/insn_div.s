# div: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, div, 3, 20, 6
    TEST_RR_OP 2, div, 0xFFFFFFFD, -20, 6
    TEST_RR_OP 3, div, 0xFFFFFFFD, 20, -6
    TEST_RR_OP 4, div, 3, -20, -6
    TEST_RR_OP 5, div, 0x80000000, 0x80000000, 1
    TEST_RR_OP 6, div, 0x80000000, 0x80000000, -1
    TEST_RR_OP 7, div, 0xFFFFFFFF, 0x80000000, 0
    TEST_RR_OP 8, div, 0xFFFFFFFF, 1, 0
    TEST_RR_OP 9, div, 0xFFFFFFFF, 0, 0
    TEST_RR_SRC_EQ_DEST 10, div, 0xFFFFFFFD, -20, 6
    TEST_RR_ZERODEST 11, div, -20, 6

TEST_END
