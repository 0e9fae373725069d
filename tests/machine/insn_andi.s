# andi: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, andi, 0xFF00FF00, 0xFF00FF00, -241
    TEST_IMM_OP 2, andi, 240, 0xFF00FF0, 240
    TEST_IMM_OP 3, andi, 15, 0xFF00FF, 0x70F
    TEST_IMM_OP 4, andi, 0, 0xF00FF00F, 240
    TEST_IMM_OP 5, andi, 0x7FFF, -1, 0x7FFF
    li a1, 5
    andi zero, a1, 1
    CHECK 6, zero, 0

TEST_END
