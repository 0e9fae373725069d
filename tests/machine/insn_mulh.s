# mulh: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, mulh, 0, 0, 0
    TEST_RR_OP 2, mulh, 0, 1, 1
    TEST_RR_OP 3, mulh, 0, 3, 7
    TEST_RR_OP 4, mulh, 0xFFFFFFFF, -1, 7
    TEST_RR_OP 5, mulh, 0, -1, -1
    TEST_RR_OP 6, mulh, 0x40000000, 0x80000000, 0x80000000
    TEST_RR_OP 7, mulh, 0xFFFF0081, 0xAAAAAAAB, 0x2FE7D
    TEST_RR_OP 8, mulh, 0xFFFFFFFF, 0x80000000, 1
    TEST_RR_SRC_EQ_DEST 9, mulh, 0, 1, 1
    TEST_RR_ZERODEST 10, mulh, 1, 1

TEST_END
