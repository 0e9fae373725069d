# sh: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_ST_OP 1, lhu, sh, 0xAA55, 0, buf
    TEST_ST_OP 2, lhu, sh, 0x55AA, 6, buf
    la a1, buf
    li a2, 0x12345678
    sw a2, 0(a1)
    li a2, 0xBEEF
    sh a2, 2(a1)
    lw a0, 0(a1)
    CHECK 3, a0, 0xBEEF5678

TEST_END

    .bss
    .balign 4
buf: .space 16
