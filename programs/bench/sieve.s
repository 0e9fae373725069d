# Sieve of Eratosthenes over 65536 numbers, repeated; counts the primes.
# Bare machine: prints the count of the last pass, exits through DEBUG_EXIT
# with status 0 if it is right (6542 primes below 65536), 1 if not.
.include "ports.inc"

.ifndef PASSES
.equ PASSES, 120               # about 100M instructions
.endif
.equ N, 65536

    .text
    .globl _start
_start:
    li s1, PASSES
pass:
    la s0, flags
    # mark every number as a candidate: flags[i] = 1 (word stores)
    li t0, 0x01010101
    mv t1, s0
    li t2, N
    add t2, t2, s0
1:  sw t0, 0(t1)
    sw t0, 4(t1)
    sw t0, 8(t1)
    sw t0, 12(t1)
    addi t1, t1, 16
    bltu t1, t2, 1b
    sb zero, 0(s0)
    sb zero, 1(s0)
    li a0, 2                   # a0 = candidate prime
    li a5, 0                   # a5 = primes found
outer:
    add t1, s0, a0
    lbu t0, 0(t1)
    beqz t0, next
    addi a5, a5, 1
    mul t1, a0, a0             # strike multiples from a0*a0
    bgeu t1, t2, next_count    # (t2 - s0 = N, compare below as offsets)
next_count:
    li t2, N
    bgeu t1, t2, next
    add t1, t1, s0
    add t2, t2, s0
strike:
    sb zero, 0(t1)
    add t1, t1, a0
    bltu t1, t2, strike
next:
    li t2, N
    addi a0, a0, 1
    bltu a0, t2, outer
    addi s1, s1, -1
    bnez s1, pass
    mv a0, a5
    call print_decimal
    li t0, 6542
    sub a0, a5, t0
    snez a0, a0
    out a0, DEBUG_EXIT(zero)

.include "bench_print.inc"

    .bss
flags: .space N
