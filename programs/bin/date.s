# date -- the date and time from the clock (SYS_time), in UTC, as GNU date
# prints them with LC_ALL=C and TZ=UTC:
#
#   Sun Dec  6 12:00:05 UTC 2026
#
# With no clock (the kernel has no clock driver, or no clock is plugged in)
# it prints "date: no clock" on standard error and exits 1; when the clock
# went away while it was read, "date: the clock went away", exit 1.  It
# takes no arguments (usage: exit 2).  The calendar is os/include/civil.inc,
# the kernels' own.

        .include "runtime.s"
        .include "civil.inc"

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        li      t0, 1
        beq     a0, t0, 1f
        la      a0, date_s_usage
        call    eprintf
        li      a0, 2
        j       9f
1:      call    time
        bgez    a0, 4f
        li      t0, -EIO
        la      a1, date_s_gone
        beq     a0, t0, 3f
        li      t0, -ENODEV
        la      a1, date_s_noclock
        beq     a0, t0, 3f
        li      t0, -ENOSYS             # a kernel without the call
        beq     a0, t0, 3f
        call    strerror
        mv      a1, a0
3:      la      a0, date_s_err
        call    eprintf
        li      a0, 1
        j       9f
4:      li      t0, 86400
        remu    s0, a0, t0              # s0: seconds into the day
        divu    a0, a0, t0
        call    civil_date
        mv      s1, a0                  # s1: the year
        sw      a2, 0(sp)               # day
        la      t0, civil_wdays
        slli    a3, a3, 2
        add     a3, a3, t0
        sw      a3, 4(sp)               # the day's name
        la      t0, civil_months
        addi    a1, a1, -1
        slli    a1, a1, 2
        add     a1, a1, t0
        sw      a1, 8(sp)               # the month's
        lw      a1, 4(sp)
        lw      a2, 8(sp)
        lw      a3, 0(sp)
        li      t0, 3600
        divu    a4, s0, t0              # hours
        remu    s0, s0, t0
        li      t0, 60
        divu    a5, s0, t0              # minutes
        remu    s0, s0, t0              # seconds
        la      a0, date_s_fmt1
        call    printf
        mv      a1, s0
        mv      a2, s1
        la      a0, date_s_fmt2
        call    printf
        li      a0, 0
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

        .section .rodata
date_s_usage:   .asciz  "usage: date\n"
date_s_err:     .asciz  "date: %s\n"
date_s_noclock: .asciz  "no clock"
date_s_gone:    .asciz  "the clock went away"
date_s_fmt1:    .asciz  "%s %s %2u %02u:%02u:"
date_s_fmt2:    .asciz  "%02u UTC %u\n"
