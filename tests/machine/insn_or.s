# or: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_RR_OP 1, or, 0xFF0FFF0F, 0xFF00FF00, 0xF0F0F0F
    TEST_RR_OP 2, or, 0xFFF0FFF0, 0xFF00FF0, 0xF0F0F0F0
    TEST_RR_OP 3, or, 0xFFFFFFFF, -1, 0
    TEST_RR_SRC_EQ_DEST 4, or, 0xFFF0FFF0, 0xFF00FF0, 0xF0F0F0F0
    TEST_RR_ZERODEST 5, or, 0xFF00FF0, 0xF0F0F0F0

TEST_END
