# sltu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, sltu, 0, 0, 0
    TEST_RR_OP 2, sltu, 0, 1, 1
    TEST_RR_OP 3, sltu, 1, 3, 7
    TEST_RR_OP 4, sltu, 0, 7, 3
    TEST_RR_OP 5, sltu, 0, 0x80000000, 0
    TEST_RR_OP 6, sltu, 1, 0, 0x80000000
    TEST_RR_OP 7, sltu, 0, -1, 0
    TEST_RR_OP 8, sltu, 1, 0, -1
    TEST_RR_OP 9, sltu, 0, 0x80000000, 0x7FFFFFFF
    TEST_RR_SRC_EQ_DEST 10, sltu, 0, 1, 1
    TEST_RR_ZERODEST 11, sltu, 1, 1

TEST_END
