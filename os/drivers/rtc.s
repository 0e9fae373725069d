# rtc.s: the real-time clock (docs/machine.md, "Real-time clock"): a
# CMOS-like clock whose ports the hot-plug bus gives (base: RTC_INDEX's
# place, base + 1: RTC_DATA's).  Shared by inclusion, like disk.s: the
# monolithic kernel built with CONFIG_RTC, the modular kernel's rtc.ko and
# the microkernel's RTCDRV include it.
#
# Ports only through PIO_IN_AT/PIO_OUT_AT of the includer's portio.inc
# (with k32.inc for the register numbers): the port is a register base plus
# a constant.  The routines keep nothing in t2 or a5 across those macros
# (the microkernel's change them).  The calendar (civil_days, clock_fat) is
# os/include/civil.inc, included here.
#
# Every register is binary and the hours are 0-23.  A second may end
# between two reads, so every field is read twice until both reads agree.
# An unplugged clock's ports read 0xFFFFFFFF: out of range, -EIO.

        .include "civil.inc"

        .equ    RTC_NFIELDS, 7          # sec min hour mday mon year century
        .equ    RTC_TRIES, 4            # pairs of reads before giving up

        .text

# rtc_read(base a0) -> a0 = seconds since 1970-01-01 00:00:00 UTC, or -EIO
# (a field out of range: the clock is gone, or reads past 2037; or the two
# reads never agreed).
rtc_read:
        addi    sp, sp, -80
        sw      ra, 76(sp)
        sw      s0, 72(sp)
        sw      s1, 68(sp)
        mv      s0, a0
        li      s1, RTC_TRIES
1:      mv      a3, sp                  # two snapshots: 0(sp) and 28(sp)
        call    rtc_snap
        addi    a3, sp, 4 * RTC_NFIELDS
        call    rtc_snap
        mv      a0, sp
        li      a1, RTC_NFIELDS
2:      lw      t0, 0(a0)
        lw      t1, 4 * RTC_NFIELDS(a0)
        bne     t0, t1, 3f
        addi    a0, a0, 4
        addi    a1, a1, -1
        bnez    a1, 2b
        j       4f                      # they agree
3:      addi    s1, s1, -1
        bnez    s1, 1b
        j       9f
4:      lw      t0, 0(sp)               # ranges: second
        sltiu   t1, t0, 60
        beqz    t1, 9f
        lw      t0, 4(sp)               # minute
        sltiu   t1, t0, 60
        beqz    t1, 9f
        lw      t0, 8(sp)               # hour
        sltiu   t1, t0, 24
        beqz    t1, 9f
        lw      a2, 12(sp)              # day of the month
        addi    t0, a2, -1
        sltiu   t1, t0, 31
        beqz    t1, 9f
        lw      a1, 16(sp)              # month
        addi    t0, a1, -1
        sltiu   t1, t0, 12
        beqz    t1, 9f
        lw      t0, 20(sp)              # year of the century
        sltiu   t1, t0, 100
        beqz    t1, 9f
        lw      a0, 24(sp)              # century
        sltiu   t1, a0, 100
        beqz    t1, 9f
        li      t1, 100
        mul     a0, a0, t1
        add     a0, a0, t0
        addi    t0, a0, -1970           # 1970 .. 2037
        sltiu   t1, t0, 2038 - 1970
        beqz    t1, 9f
        call    civil_days
        li      t0, 86400
        mul     a0, a0, t0
        lw      t0, 8(sp)
        li      t1, 3600
        mul     t0, t0, t1
        add     a0, a0, t0
        lw      t0, 4(sp)
        li      t1, 60
        mul     t0, t0, t1
        add     a0, a0, t0
        lw      t0, 0(sp)
        add     a0, a0, t0
        j       10f
9:      li      a0, -EIO
10:     lw      s1, 68(sp)
        lw      s0, 72(sp)
        lw      ra, 76(sp)
        addi    sp, sp, 80
        ret

# rtc_snap(base s0, buffer a3): the RTC_NFIELDS fields, one word each, in
# the order of rtc_fields.  Changes a3, a4, t0, t1.
rtc_snap:
        la      a4, rtc_fields
        li      t1, RTC_NFIELDS
1:      lbu     t0, 0(a4)
        PIO_OUT_AT t0, 0, s0            # select the register
        PIO_IN_AT t0, 1, s0             # read it
        sw      t0, 0(a3)
        addi    a3, a3, 4
        addi    a4, a4, 1
        addi    t1, t1, -1
        bnez    t1, 1b
        ret

        .rodata
rtc_fields:
        .byte   RTC_REG_SEC, RTC_REG_MIN, RTC_REG_HOUR, RTC_REG_MDAY
        .byte   RTC_REG_MON, RTC_REG_YEAR, RTC_REG_CENTURY
        .text
