# sb: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_ST_OP 1, lbu, sb, 0xAA, 0, buf
    TEST_ST_OP 2, lbu, sb, 0x55, 3, buf
    la a1, buf
    li a2, 0x12345678
    sw a2, 0(a1)
    li a2, 0xAB
    sb a2, 1(a1)
    lw a0, 0(a1)
    CHECK 3, a0, 0x1234AB78
    li a2, -1
    sb a2, 2(a1)
    lb a0, 2(a1)
    CHECK 4, a0, 0xFFFFFFFF

TEST_END

    .bss
    .balign 4
buf: .space 16
