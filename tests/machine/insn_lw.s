# lw: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_LD_OP 1, lw, 0x00FF00FF, 0, tdat3
    TEST_LD_OP 2, lw, 0xFF00FF00, 4, tdat3
    TEST_LD_OP 3, lw, 0x0FF00FF0, 8, tdat3
    TEST_LD_OP 4, lw, 0xF00FF00F, -4, tdat3+16

TEST_END

    .data
    .balign 4
tdat: .byte 0xff, 0x00, 0xf0, 0x0f
tdat2: .half 0x00ff, 0xff00
tdat3: .word 0x00ff00ff, 0xff00ff00, 0x0ff00ff0, 0xf00ff00f

