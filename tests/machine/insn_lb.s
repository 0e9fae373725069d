# lb: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_LD_OP 1, lb, 0xFFFFFFFF, 0, tdat
    TEST_LD_OP 2, lb, 0, 1, tdat
    TEST_LD_OP 3, lb, 0xFFFFFFF0, 2, tdat
    TEST_LD_OP 4, lb, 0x0F, 3, tdat
    TEST_LD_OP 5, lb, 0xFFFFFFF0, -2, tdat+4
    lb zero, 0(a1)
    CHECK 6, zero, 0

TEST_END

    .data
    .balign 4
tdat: .byte 0xff, 0x00, 0xf0, 0x0f
tdat2: .half 0x00ff, 0xff00
tdat3: .word 0x00ff00ff, 0xff00ff00, 0x0ff00ff0, 0xf00ff00f

