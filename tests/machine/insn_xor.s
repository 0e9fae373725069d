# xor: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, xor, 0xF00FF00F, 0xFF00FF00, 0xF0F0F0F
    TEST_RR_OP 2, xor, 0xFF00FF00, 0xFF00FF0, 0xF0F0F0F0
    TEST_RR_OP 3, xor, 0, -1, -1
    TEST_RR_OP 4, xor, 0xFFFFFFFF, 0, -1
    TEST_RR_SRC_EQ_DEST 5, xor, 0xFF00FF00, 0xFF00FF0, 0xF0F0F0F0
    TEST_RR_ZERODEST 6, xor, 0xFF00FF0, 0xF0F0F0F0

TEST_END
