# civil_harness.s: os/include/civil.inc on a bare machine, for
# tests/os/test_clock.py.  For each word of `times` (seconds since 1970,
# ended by -1) one line: the seconds, civil_date's year month day weekday
# of its day, clock_fat's stamp, and civil_days of that date back, in hex.

        .include "ports.inc"
        .include "civil.inc"
        .include "civil.inc"            # a second inclusion assembles nothing

        .text
        .globl _start
_start: la      s0, times
1:      lw      s1, 0(s0)
        li      t0, -1
        beq     s1, t0, 9f
        mv      a0, s1
        call    puthex
        li      t0, 86400
        divu    a0, s1, t0
        call    civil_date
        addi    sp, sp, -16
        sw      a0, 0(sp)
        sw      a1, 4(sp)
        sw      a2, 8(sp)
        sw      a3, 12(sp)
        call    puthex
        lw      a0, 4(sp)
        call    puthex
        lw      a0, 8(sp)
        call    puthex
        lw      a0, 12(sp)
        call    puthex
        mv      a0, s1
        call    clock_fat
        call    puthex
        lw      a0, 0(sp)
        lw      a1, 4(sp)
        lw      a2, 8(sp)
        call    civil_days
        call    puthex
        addi    sp, sp, 16
        li      a0, '\n'
        call    putc
        addi    s0, s0, 4
        j       1b
9:      out     zero, DEBUG_EXIT
        halt

# puthex(a0): " %08x"
puthex: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        li      a0, ' '
        call    putc
        li      s1, 28
1:      srl     a0, s0, s1
        andi    a0, a0, 15
        addi    a0, a0, '0'
        li      t0, '9' + 1
        blt     a0, t0, 2f
        addi    a0, a0, 'a' - '9' - 1
2:      call    putc
        addi    s1, s1, -4
        bgez    s1, 1b
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

putc:   in      t0, UART_LSR
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, putc
        out     a0, UART_DATA
        ret

        .data
        .balign 4
times:  .include "civil_times.inc"
        .word   -1
