# GNU as forms beyond the base syntax: 64-bit constants that sign-extend
# from 32 bits, the jr/jalr operand forms, R-type mnemonics with an
# immediate (the I-type), sgt/sgtu, jump, sext/zext, the old names scall and
# sbreak, li of a %lo, alignment with empty operands.
        .text
        .globl _start
_start:
        li      a0, 0xffffffffffffffff
        li      a1, 0xffffffffaa00aa00
        li      a2, 0xfffffffffffff800
        li      a3, 0xffffffff80000000
        addi    a4, a5, 0xffffffffffffffff
        andi    a4, a5, 0xfffffffffffff800
        jr      a0, 4
        jr      12(a3)
        jalr    a1, a2, 8
        jalr    16(a4)
        jalr    t0, 20(a5)
        jalr    t1, a0
        jalr    t2, 0(a1)
        add     a0, a1, 5
        add     a0, a1, -2048
        sll     a0, a1, 3
        srl     a0, a1, 31
        sra     a0, a1, 1
        and     a0, a1, 7
        or      a0, a1, 0x7ff
        xor     a0, a1, -1
        slt     a0, a1, 7
        sltu    a0, a1, 7
        sgt     a0, a1, a2
        sgtu    a3, a4, a5
        jump    far, t0
        jump    far, a5
        sext.b  a0, a1
        sext.h  a2, a3
        zext.h  a4, a5
        zext.b  t0, t1
        fence   rw, rw
        fence   r, w
        fence   iorw, o
far:    jump    _start, t2
        scall
        sbreak
        li      a0, %lo(words)
        .p2align 4,,15
        nop
        .balign 8,,7
        ret

        .data
words:  .word   0xffffffffaa00aa00, 0xffffffffffffffff, -1
        .half   0xffffffffffffffff, 0xffffffffffff8000
        .byte   0xffffffffffffff80, 0xffffffffffffffff
        .quad   0xffffffffffffffff, 0x8000000000000000
        .p2align 3,,
        .byte   1
        .balign 4, 0x55,
        .byte   2
