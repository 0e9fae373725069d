# sw: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_ST_OP 1, lw, sw, 0xAA55AA55, 0, buf
    TEST_ST_OP 2, lw, sw, 0x12345678, 12, buf
    TEST_ST_OP 3, lw, sw, 0xFFFFFFFF, 4, buf
    la a1, buf+8
    li a2, 7
    sw a2, -4(a1)
    la a1, buf
    lw a0, 4(a1)
    CHECK 4, a0, 7

TEST_END

    .bss
    .balign 4
buf: .space 16
