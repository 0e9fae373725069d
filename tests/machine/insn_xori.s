# xori: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, xori, 0xFF00F00F, 0xFF0F00, -241
    TEST_IMM_OP 2, xori, 0xFF00F0F, 0xFF00FF0, 255
    TEST_IMM_OP 3, xori, 0xFF0FF0, 0xFF08FF, 0x70F
    TEST_IMM_OP 4, xori, 0xF00FF0FF, 0xF00FF00F, 240
    li a1, 5
    xori zero, a1, 1
    CHECK 5, zero, 0

TEST_END
