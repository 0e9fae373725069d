# sra: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, sra, 0x80000000, 0x80000000, 0
    TEST_RR_OP 2, sra, 0xC0000000, 0x80000000, 1
    TEST_RR_OP 3, sra, 0xFFFFFFFF, 0x80000000, 31
    TEST_RR_OP 4, sra, 0xFFFFFF, 0x7FFFFFFF, 7
    TEST_RR_OP 5, sra, 0, 0x7FFFFFFF, 31
    TEST_RR_OP 6, sra, 0xFFFFFFFF, -1, 33
    TEST_RR_OP 7, sra, 0xC0000000, 0x80000000, 0xFFFFFFE1
    TEST_RR_SRC_EQ_DEST 8, sra, 0xC0000000, 0x80000000, 1
    TEST_RR_ZERODEST 9, sra, 0x80000000, 1

TEST_END
