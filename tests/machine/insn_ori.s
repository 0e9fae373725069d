# ori: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, ori, 0xFFFFFF0F, 0xFF00FF00, -241
    TEST_IMM_OP 2, ori, 0xFF00FF0, 0xFF00FF0, 240
    TEST_IMM_OP 3, ori, 0xFF07FF, 0xFF00FF, 0x70F
    TEST_IMM_OP 4, ori, 0xF00FF0FF, 0xF00FF00F, 240
    li a1, 5
    ori zero, a1, 1
    CHECK 5, zero, 0

TEST_END
