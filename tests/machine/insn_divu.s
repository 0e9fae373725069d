# divu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, divu, 3, 20, 6
    TEST_RR_OP 2, divu, 0x2AAAAAA7, -20, 6
    TEST_RR_OP 3, divu, 0, 20, -6
    TEST_RR_OP 4, divu, 0, -20, -6
    TEST_RR_OP 5, divu, 0x80000000, 0x80000000, 1
    TEST_RR_OP 6, divu, 0, 0x80000000, -1
    TEST_RR_OP 7, divu, 0xFFFFFFFF, 0x80000000, 0
    TEST_RR_OP 8, divu, 0xFFFFFFFF, 1, 0
    TEST_RR_OP 9, divu, 0xFFFFFFFF, 0, 0
    TEST_RR_SRC_EQ_DEST 10, divu, 0x2AAAAAA7, -20, 6
    TEST_RR_ZERODEST 11, divu, -20, 6

TEST_END
