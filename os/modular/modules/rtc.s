# rtc.ko: the real-time clock driver, os/drivers/rtc.s with the monolithic
# kernel's direct port I/O, as a module of the hot-plug bus.  Not a boot
# module: the kernel loads it from /LIB/MOD when a clock arrives
# (MODULE_DEVICE: MODULES.ALI's `alias hp:c4:i4B320146 rtc`), binds it
# (probe), and unbinds it when the clock leaves (remove).  While bound it
# is the kernel's clock (clock_now: SYS_time, FAT16's stamps).

        .include "kmod.inc"
        .include "portio.inc"           # os/mono/portio.inc: in/out themselves

        MODULE_NAME rtc
        MODULE_DESCRIPTION "real-time clock (os/drivers/rtc.s)"
        MODULE_DEVICE HPC_RTC, HPID_RTC
        MODULE_INIT rtcmod_init
        MODULE_EXIT rtcmod_exit

        .include "drivers/rtc.s"

        .text
# rtcmod_init() -> 0, or -EBUSY: the driver registered with the bus.
rtcmod_init:
        la      a0, rtc_driver
        la      a1, __this_module
        j       busdrv_register

# rtcmod_exit(): unregistered (no clock is bound: rmmod is refused then).
rtcmod_exit:
        la      a0, rtc_driver
        j       busdrv_unregister

# rtc_probe(slot, first port, irq) -> 0: this clock is the kernel's;
# -EBUSY if another one is already.
rtc_probe:
        lw      t0, rtc_base
        bnez    t0, 1f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, rtc_base, t0
        la      a0, rtc_clock
        la      a1, __this_module
        call    clock_register
        bgez    a0, 2f
        sw      zero, rtc_base, t0
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
1:      li      a0, -EBUSY
        ret

# rtc_remove(slot): the clock left; clock_now is -ENODEV again.
rtc_remove:
        la      a0, rtc_clock
        sw      zero, rtc_base, t0
        j       clock_unregister

# rtc_now() -> seconds, or -EIO (the clock went away under the read).
rtc_now:
        lw      a0, rtc_base
        j       rtc_read

        .rodata
        .balign 4
rtc_driver:                             # BUSDRV_*
        .word   HPC_RTC, HPID_RTC, rtc_probe, rtc_remove
rtc_clock:                              # CLKOP_*
        .word   rtc_now

        .data
        .balign 4
rtc_base:       .word   0               # the bound clock's first port, or 0
