# lhu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_LD_OP 1, lhu, 0x00FF, 0, tdat2
    TEST_LD_OP 2, lhu, 0xFF00, 2, tdat2
    TEST_LD_OP 3, lhu, 0xFF00, -2, tdat2+4

TEST_END

    .data
    .balign 4
tdat: .byte 0xff, 0x00, 0xf0, 0x0f
tdat2: .half 0x00ff, 0xff00
tdat3: .word 0x00ff00ff, 0xff00ff00, 0x0ff00ff0, 0xf00ff00f

