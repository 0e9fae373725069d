# Recursive Fibonacci: fib(N) with the standard calling convention (a
# stack frame per call); prints the result.  fib(33) = 3524578 takes about
# 114M instructions.
.include "ports.inc"

.ifndef N
.equ N, 33
.endif

    .text
    .globl _start
_start:
    li a0, N
    call fib
    call print_decimal
    out zero, DEBUG_EXIT(zero)

# fib(a0) -> a0
fib:
    li t0, 2
    bltu a0, t0, 1f
    addi sp, sp, -12
    sw ra, 8(sp)
    sw s0, 4(sp)
    mv s0, a0
    addi a0, a0, -1
    call fib
    sw a0, 0(sp)
    addi a0, s0, -2
    call fib
    lw t0, 0(sp)
    add a0, a0, t0
    lw s0, 4(sp)
    lw ra, 8(sp)
    addi sp, sp, 12
1:  ret

.include "bench_print.inc"
