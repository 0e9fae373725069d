# mulhu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, mulhu, 0, 0, 0
    TEST_RR_OP 2, mulhu, 0, 1, 1
    TEST_RR_OP 3, mulhu, 0, 3, 7
    TEST_RR_OP 4, mulhu, 6, -1, 7
    TEST_RR_OP 5, mulhu, 0xFFFFFFFE, -1, -1
    TEST_RR_OP 6, mulhu, 0x40000000, 0x80000000, 0x80000000
    TEST_RR_OP 7, mulhu, 0x1FEFE, 0xAAAAAAAB, 0x2FE7D
    TEST_RR_SRC_EQ_DEST 8, mulhu, 0, 1, 1
    TEST_RR_ZERODEST 9, mulhu, 1, 1

TEST_END
