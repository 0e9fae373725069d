# Every RV32I/M instruction in GNU as syntax, with ABI and x-names mixed.
        .text
        .globl _start
_start:
        lui     a0, 0x12345
        lui     x15, 0xfffff
        auipc   t0, 0
        auipc   sp, 0x1
        addi    a0, a1, -2048
        addi    x1, x2, 2047
        slti    a2, a3, -1
        sltiu   a4, a5, 1
        xori    t0, t1, 0x7ff
        ori     t2, s0, 0x555
        andi    s1, fp, -256
        slli    a0, a0, 31
        srli    a1, a1, 1
        srai    a2, a2, 17
        add     a0, a1, a2
        sub     x3, x4, x5
        sll     a3, a4, a5
        slt     t0, t1, t2
        sltu    s0, s1, a0
        xor     a1, a2, a3
        srl     a4, a5, t0
        sra     t1, t2, s0
        or      s1, a0, a1
        and     a2, a3, a4
        mul     a0, a1, a2
        mulh    a3, a4, a5
        mulhsu  t0, t1, t2
        mulhu   s0, s1, a0
        div     a1, a2, a3
        divu    a4, a5, t0
        rem     t1, t2, s0
        remu    s1, a0, a1
        lb      a0, -1(sp)
        lh      a1, 2(s0)
        lw      a2, 2044(fp)
        lbu     a3, 0(a4)
        lhu     a5, -2048(t0)
        sb      a0, 3(sp)
        sh      a1, -2(s1)
        sw      ra, 12(sp)
        sw      zero, 0(x15)
1:      beq     a0, a1, 2f
        bne     a2, a3, 1b
        blt     a4, a5, 2f
        bge     t0, t1, 1b
        bltu    t2, s0, 2f
        bgeu    s1, a0, 1b
2:      jal     ra, 1b
        jal     zero, 2b
        jalr    ra, 0(a0)
        jalr    zero, -4(t0)
        jalr    x1, 16(x2)
        fence
        fence   rw, rw
        fence   i, o
        fence   iorw, w
        ecall
        ebreak
