# A memory-copy loop: 64 KiB copied word by word (unrolled four times),
# PASSES times; prints a checksum of the destination.
.include "ports.inc"

.ifndef PASSES
.equ PASSES, 2300              # about 100M instructions
.endif
.equ SIZE, 65536

    .text
    .globl _start
_start:
    la a0, src
    li a1, 0
    li a2, SIZE / 4
1:  sw a1, 0(a0)
    addi a0, a0, 4
    addi a1, a1, 1
    bltu a1, a2, 1b
    li s1, PASSES
pass:
    la a0, src
    la a1, dst
    li a2, SIZE
    add a2, a2, a0
2:  lw t0, 0(a0)
    lw t1, 4(a0)
    lw t2, 8(a0)
    lw a3, 12(a0)
    sw t0, 0(a1)
    sw t1, 4(a1)
    sw t2, 8(a1)
    sw a3, 12(a1)
    addi a0, a0, 16
    addi a1, a1, 16
    bltu a0, a2, 2b
    addi s1, s1, -1
    bnez s1, pass
    # checksum: the sum of the destination words
    la a1, dst
    li a2, SIZE
    add a2, a2, a1
    li a0, 0
3:  lw t0, 0(a1)
    add a0, a0, t0
    addi a1, a1, 4
    bltu a1, a2, 3b
    call print_decimal
    out zero, DEBUG_EXIT(zero)

.include "bench_print.inc"

    .bss
    .balign 4
src: .space SIZE
dst: .space SIZE
