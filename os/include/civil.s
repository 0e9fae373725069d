# civil.s: the calendar, in code -- days since 1970-01-01 from a date and
# back (the proleptic Gregorian calendar, H. Hinnant's days_from_civil and
# civil_from_days), and the FAT stamp of a time.
#
# Routines, not only constants: they live on the include path that every
# kernel and every program has (os/include), so the kernels' clock code
# (os/drivers/rtc.s, os/fs/fat16.s) and /bin/date share one copy.  A unit
# may include it more than once (rtc.s and fat16.s both do): only the first
# inclusion assembles.  Leaf routines: they change only a0-a4, t0 and t1
# (not t2 or a5, which the microkernel's port macros use).
#
# Dates are 1970-01-01 .. 2037-12-31 here: a time is a signed 32-bit count
# of seconds (SYS_time), negative values being errors.

.ifndef CIVIL_INC
        .equ    CIVIL_INC, 1
        .equ    CIVIL_EPOCH, 719468     # days from 0000-03-01 to 1970-01-01
        .equ    CIVIL_ERA, 146097       # days in 400 years

        .text

# The names of the days (from Sunday) and the months, "Sun" "Jan" ...: four
# bytes each, NUL-terminated (civil_wdays + 4 * weekday, civil_months + 4 *
# (month - 1)), as C's locale and GNU date write them.

# civil_days(year a0, month a1 1-12, day a2 1-31) -> a0 = days since
# 1970-01-01 (for years from 0: the year is taken as positive).
civil_days:
        li      t0, 3
        sltu    t0, a1, t0              # January and February count
        sub     a0, a0, t0              # in the year before (from March)
        li      t0, 400
        divu    a3, a0, t0              # era
        remu    a4, a0, t0              # year of the era, 0-399
        addi    a1, a1, -3              # months from March, 0-11
        bgez    a1, 1f
        addi    a1, a1, 12
1:      li      t0, 153                 # day of the year from March 1
        mul     a1, a1, t0
        addi    a1, a1, 2
        li      t0, 5
        divu    a1, a1, t0
        add     a1, a1, a2
        addi    a1, a1, -1
        li      t0, 365                 # day of the era
        mul     a0, a4, t0
        srli    t0, a4, 2
        add     a0, a0, t0
        li      t0, 100
        divu    t0, a4, t0
        sub     a0, a0, t0
        add     a0, a0, a1
        li      t0, CIVIL_ERA
        mul     t0, a3, t0
        add     a0, a0, t0
        li      t0, CIVIL_EPOCH
        sub     a0, a0, t0
        ret

# civil_date(days a0 >= 0 since 1970-01-01) -> a0 = year, a1 = month 1-12,
# a2 = day 1-31, a3 = day of the week 0-6 (0 = Sunday).
civil_date:
        addi    a3, a0, 4               # 1970-01-01 was a Thursday
        li      t0, 7
        remu    t1, a3, t0
        li      t0, CIVIL_EPOCH
        add     a0, a0, t0
        li      t0, CIVIL_ERA
        divu    a4, a0, t0              # era
        remu    a0, a0, t0              # day of the era, 0-146096
        li      t0, 1460                # year of the era:
        divu    t0, a0, t0              # (doe - doe/1460 + doe/36524
        sub     a1, a0, t0              #  - doe/146096) / 365
        li      t0, 36524
        divu    t0, a0, t0
        add     a1, a1, t0
        li      t0, CIVIL_ERA - 1
        divu    t0, a0, t0
        sub     a1, a1, t0
        li      t0, 365
        divu    a1, a1, t0              # a1 = yoe
        mul     a2, a1, t0              # day of the year from March 1:
        srli    t0, a1, 2               # doe - (365 yoe + yoe/4 - yoe/100)
        add     a2, a2, t0
        li      t0, 100
        divu    t0, a1, t0
        sub     a2, a2, t0
        sub     a2, a0, a2              # a2 = doy
        li      t0, 400
        mul     a4, a4, t0
        add     a0, a1, a4              # the year (from March)
        slli    a1, a2, 2               # mp = (5 doy + 2) / 153
        add     a1, a1, a2
        addi    a1, a1, 2
        li      t0, 153
        divu    a1, a1, t0
        mul     a4, a1, t0              # day = doy - (153 mp + 2) / 5 + 1
        addi    a4, a4, 2
        li      t0, 5
        divu    a4, a4, t0
        sub     a2, a2, a4
        addi    a2, a2, 1
        addi    a1, a1, 3               # month: mp + 3, past December - 12
        li      t0, 13
        bltu    a1, t0, 2f
        addi    a1, a1, -12
        addi    a0, a0, 1               # January and February: the next year
2:      mv      a3, t1
        ret

# clock_fat(seconds a0 >= 0) -> a0 = FAT date << 16 | FAT time: date
# (year - 1980) << 9 | month << 5 | day, time hour << 11 | minute << 5 |
# second / 2.  Before 1980 (which FAT cannot hold): 1980-01-01 00:00.
clock_fat:
        li      t0, 86400
        remu    a1, a0, t0              # seconds into the day
        divu    a0, a0, t0              # days
        li      t0, 3600                # the time
        divu    a2, a1, t0
        slli    a3, a2, 11
        remu    a1, a1, t0
        li      t0, 60
        divu    a2, a1, t0
        slli    a2, a2, 5
        or      a3, a3, a2
        remu    a1, a1, t0
        srli    a1, a1, 1
        or      a3, a3, a1
        li      t0, 3652                # 1980-01-01
        bltu    a0, t0, 8f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a3, 8(sp)
        call    civil_date
        addi    a0, a0, -1980
        slli    a0, a0, 9
        slli    a1, a1, 5
        or      a0, a0, a1
        or      a0, a0, a2
        slli    a0, a0, 16
        lw      a3, 8(sp)
        or      a0, a0, a3
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
8:      li      a0, (1 << 5 | 1) << 16  # 1980-01-01 00:00:00
        ret

        .section .rodata
civil_wdays:    .asciz  "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
civil_months:   .asciz  "Jan", "Feb", "Mar", "Apr", "May", "Jun"
                .asciz  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        .text
.endif
