# A program in the style of GCC's RV32E output (gcc -O2 -march=rv32em
# -mabi=ilp32e -S), hand-written: strlen, a decimal formatter and main.
        .file   "program.c"
        .option nopic
        .attribute arch, "rv32e1p9_m2p0"
        .attribute unaligned_access, 0
        .attribute stack_align, 4
        .text
        .align  2
        .globl  k_strlen
        .type   k_strlen, @function
k_strlen:
        lbu     a5,0(a0)
        beq     a5,zero,.L4
        mv      a5,a0
.L3:
        lbu     a4,1(a5)
        addi    a5,a5,1
        bne     a4,zero,.L3
        sub     a0,a5,a0
        ret
.L4:
        li      a0,0
        ret
        .size   k_strlen, .-k_strlen
        .align  2
        .globl  utoa10
        .type   utoa10, @function
utoa10:
        addi    sp,sp,-16
        addi    a4,sp,15
        sb      zero,0(a4)
        li      a3,10
.L7:
        remu    a5,a0,a3
        addi    a4,a4,-1
        addi    a5,a5,48
        sb      a5,0(a4)
        divu    a0,a0,a3
        bne     a0,zero,.L7
        mv      a0,a4
        addi    sp,sp,16
        jr      ra
        .size   utoa10, .-utoa10
        .section        .text.startup,"ax",@progbits
        .align  2
        .globl  main
        .type   main, @function
main:
        addi    sp,sp,-8
        sw      ra,4(sp)
        sw      s0,0(sp)
        lui     s0,%hi(.LC0)
        addi    a0,s0,%lo(.LC0)
        jal     ra,k_strlen
        jal     ra,utoa10
        lw      ra,4(sp)
        lw      s0,0(sp)
        addi    sp,sp,8
        jr      ra
        .size   main, .-main
        .section        .rodata.str1.4,"aMS",@progbits,1
        .align  2
.LC0:
        .string "hello, world"
        .ident  "GCC: (GNU) 13.2.0"
        .section        .note.GNU-stack,"",@progbits
