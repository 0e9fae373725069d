# and: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, and, 0xF000F00, 0xFF00FF00, 0xF0F0F0F
    TEST_RR_OP 2, and, 0xF000F0, 0xFF00FF0, 0xF0F0F0F0
    TEST_RR_OP 3, and, 0, -1, 0
    TEST_RR_SRC_EQ_DEST 4, and, 0xF000F0, 0xFF00FF0, 0xF0F0F0F0
    TEST_RR_ZERODEST 5, and, 0xFF00FF0, 0xF0F0F0F0

TEST_END
