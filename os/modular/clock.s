# clock.s -- the clock interface: the time of day comes from a module (the
# RTC driver, modules/rtc.s) that registers a table of CLKOP_* operations
# when it binds to a clock on the hot-plug bus.  clock_now is the routine
# every kernel provides (docs/os.md): SYS_time returns it and FAT16 stamps
# files with it.  With no clock registered it is -ENODEV.

        .text

# clock_register(a0 = operations, a1 = the driver's module) -> 0, or
# -EBUSY if a clock is registered already.
clock_register:
        lw      t0, clock_ops
        bnez    t0, 1f
        sw      a0, clock_ops, t0
        sw      a1, clock_owner, t0
        li      a0, 0
        ret
1:      li      a0, -EBUSY
        ret
        EXPORT  clock_register

# clock_unregister(a0 = operations): that clock is gone.
clock_unregister:
        lw      t0, clock_ops
        bne     t0, a0, 1f
        sw      zero, clock_ops, t0
        sw      zero, clock_owner, t0
1:      ret
        EXPORT  clock_unregister

# clock_now() -> Unix seconds (UTC); -ENODEV with no clock, -EIO when the
# clock went away during the call (the driver's answer).
clock_now:
        lw      t0, clock_ops
        beqz    t0, 1f
        lw      t0, CLKOP_NOW(t0)
        jr      t0
1:      li      a0, -ENODEV
        ret
        EXPORT  clock_now

        .data
        .balign 4
clock_ops:      .word   0               # the registered table, or 0
clock_owner:    .word   0               # its module
