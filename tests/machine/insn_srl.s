# srl: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, srl, 0x80000000, 0x80000000, 0
    TEST_RR_OP 2, srl, 0x40000000, 0x80000000, 1
    TEST_RR_OP 3, srl, 1, 0x80000000, 31
    TEST_RR_OP 4, srl, 0x1FFFFFF, -1, 7
    TEST_RR_OP 5, srl, 1, -1, 31
    TEST_RR_OP 6, srl, 0x7FFFFFFF, -1, 33
    TEST_RR_OP 7, srl, 0x21212121, 0x21212121, 0xFFFFFFE0
    TEST_RR_SRC_EQ_DEST 8, srl, 0x40000000, 0x80000000, 1
    TEST_RR_ZERODEST 9, srl, 0x80000000, 1

TEST_END
