# remu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, remu, 2, 20, 6
    TEST_RR_OP 2, remu, 2, -20, 6
    TEST_RR_OP 3, remu, 20, 20, -6
    TEST_RR_OP 4, remu, 0xFFFFFFEC, -20, -6
    TEST_RR_OP 5, remu, 0, 0x80000000, 1
    TEST_RR_OP 6, remu, 0x80000000, 0x80000000, -1
    TEST_RR_OP 7, remu, 0x80000000, 0x80000000, 0
    TEST_RR_OP 8, remu, 1, 1, 0
    TEST_RR_OP 9, remu, 0, 0, 0
    TEST_RR_SRC_EQ_DEST 10, remu, 2, -20, 6
    TEST_RR_ZERODEST 11, remu, -20, 6

TEST_END
