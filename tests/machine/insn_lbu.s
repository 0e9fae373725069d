# lbu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_LD_OP 1, lbu, 0xFF, 0, tdat
    TEST_LD_OP 2, lbu, 0, 1, tdat
    TEST_LD_OP 3, lbu, 0xF0, 2, tdat
    TEST_LD_OP 4, lbu, 0x0F, 3, tdat
    TEST_LD_OP 5, lbu, 0x0F, -1, tdat+4

TEST_END

    .data
    .balign 4
tdat: .byte 0xff, 0x00, 0xf0, 0x0f
tdat2: .half 0x00ff, 0xff00
tdat3: .word 0x00ff00ff, 0xff00ff00, 0x0ff00ff0, 0xf00ff00f

