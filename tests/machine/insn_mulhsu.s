# mulhsu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, mulhsu, 0, 0, 0
    TEST_RR_OP 2, mulhsu, 0, 1, 1
    TEST_RR_OP 3, mulhsu, 0, 3, 7
    TEST_RR_OP 4, mulhsu, 0xFFFFFFFF, -1, 7
    TEST_RR_OP 5, mulhsu, 0xFFFFFFFF, -1, -1
    TEST_RR_OP 6, mulhsu, 0x80000000, 0x80000000, -1
    TEST_RR_OP 7, mulhsu, 0xC0000000, 0x80000000, 0x80000000
    TEST_RR_OP 8, mulhsu, 0xFFFF0081, 0xAAAAAAAB, 0x2FE7D
    TEST_RR_SRC_EQ_DEST 9, mulhsu, 0, 1, 1
    TEST_RR_ZERODEST 10, mulhsu, 1, 1

TEST_END
