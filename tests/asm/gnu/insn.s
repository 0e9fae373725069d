# .insn: instructions given by their RISC-V encoding fields, or as whole
# RISC-V words; K32 assembles the RV32IM instruction each one means.
        .text
        .globl _start
_start:
        .insn r 0x33, 0, 0, a0, a1, a2
        .insn r OP, 0, 0x20, a0, a1, a2
        .insn r OP, 7, 1, t0, t1, t2
        .insn i 0x13, 0, a0, a1, 5
        .insn i OP_IMM, 7, a0, a1, -2048
        .insn i OP_IMM, 1, a0, a1, 3
        .insn i OP_IMM, 5, a0, a1, 0x403
        .insn i LOAD, 2, a0, 8(sp)
        .insn i LOAD, 4, a0, sp, -4
        .insn i JALR, 0, ra, 0(a5)
        .insn s STORE, 2, a0, 12(sp)
        .insn s 0x23, 0, a1, -1(a2)
        .insn b BRANCH, 0, a0, a1, _start
        .insn sb 0x63, 7, a0, a1, 1f
        .insn u LUI, a0, 0x12345
        .insn u 0x17, t0, 0
        .insn j JAL, ra, _start
        .insn uj 0x6f, zero, 1f
        .insn i SYSTEM, 0, x0, x0, 0
        .insn i SYSTEM, 0, x0, x0, 1
1:      .insn 0x00b50533
        .insn 4, 0xfe010113
        .insn 0x00812e23
        .insn 0xfe0508e3
        .insn 0x0000006f
        .insn 0x12345537
        ret
