# mul: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, mul, 0, 0, 0
    TEST_RR_OP 2, mul, 1, 1, 1
    TEST_RR_OP 3, mul, 21, 3, 7
    TEST_RR_OP 4, mul, 0, 0, 0xFFFF8000
    TEST_RR_OP 5, mul, 0, 0x80000000, 0
    TEST_RR_OP 6, mul, 0x80000000, 0x80000000, 0xFFFFFFFF
    TEST_RR_OP 7, mul, 1, -1, -1
    TEST_RR_OP 8, mul, 0xFFFFFFF9, -1, 7
    TEST_RR_OP 9, mul, 0xFF7F, 0xAAAAAAAB, 0x2FE7D
    TEST_RR_SRC_EQ_DEST 10, mul, 1, 1, 1
    TEST_RR_ZERODEST 11, mul, 1, 1

TEST_END
