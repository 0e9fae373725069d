# civil_harness.s: os/include/civil.s on a bare machine, for
# tests/os/test_clock.py.  For each word of `times` (seconds since 1970,
# ended by -1) one line: the seconds, civil_date's year month day weekday
# of its day, clock_fat's stamp, and civil_days of that date back, in hex.

        .include "k32.inc"
        .include "civil.s"
        .include "civil.s"            # a second inclusion assembles nothing

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
        call    kputc
        addi    s0, s0, 4
        j       1b
9:      out     zero, DEBUG_EXIT
        halt

        .include "hexout.s"

        .data
        .balign 4
times:  .include "civil_times.inc"
        .word   -1
