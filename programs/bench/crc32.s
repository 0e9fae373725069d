# Bitwise CRC-32 (the zlib polynomial, reflected) over a 4 KiB buffer,
# PASSES times; prints the CRC of the buffer in decimal.  The buffer holds
# byte i = (i * 7 + 3) & 0xFF.  With -D USER_MODE=1 the work runs in user
# mode under paging (usermode.inc maps the program and returns here).
.include "ports.inc"
.ifdef USER_MODE
.include "usermode.inc"
.endif

.ifndef PASSES
.equ PASSES, 400               # about 100M instructions
.endif
.equ SIZE, 4096

    .text
    .globl _start
_start:
.ifdef USER_MODE
    ENTER_PAGED_USER_MODE
.endif
    # fill the buffer
    la a0, buffer
    li a1, 0
    li a2, SIZE
1:  li t0, 7
    mul t1, a1, t0
    addi t1, t1, 3
    add t2, a0, a1
    sb t1, 0(t2)
    addi a1, a1, 1
    bltu a1, a2, 1b
    li s1, PASSES
pass:
    la a0, buffer
    li a2, SIZE
    add a2, a2, a0
    li a5, -1                  # crc
    li a4, 0xEDB88320
2:  lbu t0, 0(a0)
    xor a5, a5, t0
    li a3, 8
3:  andi t1, a5, 1
    neg t1, t1
    and t1, t1, a4
    srli a5, a5, 1
    xor a5, a5, t1
    addi a3, a3, -1
    bnez a3, 3b
    addi a0, a0, 1
    bltu a0, a2, 2b
    not a5, a5
    addi s1, s1, -1
    bnez s1, pass
    mv a0, a5
.ifdef USER_MODE
    syscall                    # the kernel side prints a0 and exits
.else
    call print_decimal
    out zero, DEBUG_EXIT(zero)
.endif

.include "bench_print.inc"
.ifdef USER_MODE
USER_MODE_SUPPORT
.endif

    .bss
    .balign 4
buffer: .space SIZE
