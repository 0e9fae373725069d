# sll: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, sll, 1, 1, 0
    TEST_RR_OP 2, sll, 2, 1, 1
    TEST_RR_OP 3, sll, 128, 1, 7
    TEST_RR_OP 4, sll, 0x80000000, 1, 31
    TEST_RR_OP 5, sll, 0xFFFFFFFF, -1, 0
    TEST_RR_OP 6, sll, 0xFFFFFFFE, -1, 1
    TEST_RR_OP 7, sll, 0x80000000, -1, 31
    TEST_RR_OP 8, sll, 2, 1, 33
    TEST_RR_OP 9, sll, 0x42424242, 0x21212121, 0xFFFFFFE1
    TEST_RR_SRC_EQ_DEST 10, sll, 2, 1, 1
    TEST_RR_ZERODEST 11, sll, 1, 1

TEST_END
