# Pseudo-instructions whose GNU expansion is one instruction, like K32's.
        .text
        .globl _start
_start:
        nop
        li      a0, 0
        li      a1, -2048
        li      a2, 2047
        li      a3, 0x12345000
        li      a4, 0x12345678
        li      a5, -1
        li      t0, 0x7fffffff
        li      t1, -2147483648
        li      t2, 0xffffffff
        li      t0, 0x80000
        mv      a0, a1
        not     a1, a2
        neg     a2, a3
        seqz    a3, a4
        snez    a4, a5
        sltz    a5, t0
        sgtz    t0, t1
        zext.b  t1, t2
1:      beqz    a0, 1b
        bnez    a1, 2f
        blez    a2, 1b
        bgez    a3, 2f
        bltz    a4, 1b
        bgtz    a5, 2f
        bgt     a0, a1, 1b
        ble     a2, a3, 2f
        bgtu    a4, a5, 1b
        bleu    t0, t1, 2f
2:      j       1b
        jal     2b
        jr      a0
        jalr    t0
        jalr    ra, a1, 4
        ret
