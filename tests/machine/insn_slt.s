# slt: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, slt, 0, 0, 0
    TEST_RR_OP 2, slt, 0, 1, 1
    TEST_RR_OP 3, slt, 1, 3, 7
    TEST_RR_OP 4, slt, 0, 7, 3
    TEST_RR_OP 5, slt, 1, 0x80000000, 0
    TEST_RR_OP 6, slt, 0, 0, 0x80000000
    TEST_RR_OP 7, slt, 1, -1, 0
    TEST_RR_OP 8, slt, 0, 0, -1
    TEST_RR_OP 9, slt, 1, 0x80000000, 0x7FFFFFFF
    TEST_RR_SRC_EQ_DEST 10, slt, 0, 1, 1
    TEST_RR_ZERODEST 11, slt, 1, 1

TEST_END
