# devices.s -- the monolithic kernel's devices on the hot-plug bus
# (os/drivers/hotplug.s): its table of compiled-in drivers, the bus
# enumerated at boot, IRQ_HOTPLUG, and the clock (clock_now, SYS_time).
#
# The console, the disk and the timer (slots 0-2) are the kernel's own,
# driven from boot; any other device is bound to the compiled-in driver of
# its class and ID, if the kernel was built with one (config.inc), when it
# is found at boot or arrives.  Without one there is nothing the running
# kernel can do: it says so, and the device waits for a kernel rebuilt
# with the driver.  Each arrival and departure is one console line,
#   kernel: slot 3: rtc: no driver in this kernel
#   kernel: slot 3: rtc: compiled-in driver rtc     (bound, CONFIG_RTC)
#   kernel: slot 3: rtc: driver rtc failed (-5)     (its probe failed)
#   kernel: slot 3: rtc: removed                    (gone: unbound)
# (WHO: slot N: CLASS: what happened; the class names of HPC_*).
#
# The modular kernel has its own (os/modular/busdrv.s: drivers as modules,
# loaded through the alias table; os/modular/clock.s: clock_now through
# the registered clock), behind the same names the core calls:
# hotplug_boot (boot.s), hotplug_intr (trap.s), clock_now (syscall.s).

        .equ    DRV_CLASS, 0            # compiled-in driver: the HPC_* class it drives
        .equ    DRV_ID, 4               # the HPID_* device
        .equ    DRV_PROBE, 8            # probe(first port a0, irq a1, slot a2) -> 0 or -errno
        .equ    DRV_REMOVE, 12          # remove(slot a0): the device is gone
        .equ    DRV_NAME, 16            # its name
        .equ    DRV_SIZE, 20

        .text

# hotplug_boot(): the devices on the bus at boot, bound as if they had just
# arrived (the kernel's own in slots 0-2 silently); stale events acknowledged.
hotplug_boot:
        la      a0, hp_slot_changed
        j       hp_all

# hotplug_intr(): IRQ_HOTPLUG: acknowledge the events (the line is a
# level: it goes down), then look at each slot that had one.
hotplug_intr:
        la      a0, hp_slot_changed
        j       hp_changed

# hp_slot_changed(slot a0): what the slot holds now against what it held:
# the device that was there is gone (unbound), the one there now arrived.
hp_slot_changed:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        mv      s0, a0
        call    hp_info
        sw      a0, 0(sp)               # class
        sw      a1, 4(sp)               # ID
        sw      a2, 8(sp)               # first port
        sw      a4, 12(sp)              # IRQ
        slli    s1, s0, 2
        la      t0, hp_class
        add     s1, s1, t0              # s1: &hp_class[slot]
        lw      t0, 0(s1)
        beqz    t0, 3f                  # the slot was empty
        li      t1, HPC_TIMER           # the kernel's own devices stay
        bgtu    t0, t1, 1f
        li      t1, 3
        bltu    s0, t1, 9f
1:      lw      t0, HP_SLOTS*4(s1)      # gone: unbind it
        beqz    t0, 2f
        lw      t0, DRV_REMOVE(t0)
        mv      a0, s0
        jalr    t0
        sw      zero, HP_SLOTS*4(s1)
2:      mv      a0, s0
        lw      a1, 0(s1)
        call    hp_say
        la      a0, hp_msg_removed
        call    kputs
        sw      zero, 0(s1)
3:      lw      t0, 0(sp)               # arrived
        beqz    t0, 9f
        sw      t0, 0(s1)
        li      t1, HPC_TIMER
        bgtu    t0, t1, 4f
        li      t1, 3
        bltu    s0, t1, 9f              # the kernel's own, driven from boot
4:      la      a0, hp_drivers          # a compiled-in driver for it?
5:      lw      t0, DRV_CLASS(a0)
        beqz    t0, 7f
        lw      t1, 0(sp)
        bne     t0, t1, 6f
        lw      t0, DRV_ID(a0)
        lw      t1, 4(sp)
        beq     t0, t1, 8f
6:      addi    a0, a0, DRV_SIZE
        j       5b
7:      mv      a0, s0                  # none
        lw      a1, 0(sp)
        call    hp_say
        la      a0, hp_msg_nodriver
        call    kputs
        j       9f
8:      sw      a0, 16(sp)              # probe it
        lw      t0, DRV_PROBE(a0)
        lw      a0, 8(sp)
        lw      a1, 12(sp)
        mv      a2, s0
        jalr    t0
        sw      a0, 20(sp)
        mv      a0, s0
        lw      a1, 0(sp)
        call    hp_say
        lw      t0, 20(sp)
        bltz    t0, 10f
        lw      t0, 16(sp)
        sw      t0, HP_SLOTS*4(s1)      # bound
        la      a0, hp_msg_bound
        call    kputs
        lw      t0, 16(sp)
        lw      a0, DRV_NAME(t0)
        call    kputs
        li      a0, '\n'
        call    kputc
        j       9f
10:     la      a0, hp_msg_driver
        call    kputs
        lw      t0, 16(sp)
        lw      a0, DRV_NAME(t0)
        call    kputs
        la      a0, hp_msg_failed
        call    kputs
        lw      a0, 20(sp)
        call    kputint
        la      a0, hp_msg_close
        call    kputs
9:      lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret


.if CONFIG_RTC
# The real-time clock's driver (os/drivers/rtc.s, compiled in): bound, it
# is the clock of clock_now.
rtc_probe:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    rtc_read                # is it a clock that reads?
        bltz    a0, 1f
        lw      t0, 8(sp)
        sw      t0, rtc_base, t1
        li      t0, 1
        sw      t0, rtc_bound, t1
        li      a0, 0
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

rtc_remove:
        sw      zero, rtc_bound, t0
        ret

# clock_now() -> seconds since 1970-01-01 UTC; -ENODEV with no clock
# bound, -EIO when it went away (read as 0xFFFFFFFF) during the call.
# Also SYS_time.
clock_now:
        lw      t0, rtc_bound
        beqz    t0, 1f
        lw      a0, rtc_base
        j       rtc_read                # tail call
1:      li      a0, -ENODEV
        ret
.else
# clock_now() -> -ENODEV: this kernel has no clock driver (CONFIG_RTC 0).
# Also SYS_time.
clock_now:
        li      a0, -ENODEV
        ret
.endif

        .rodata
        .balign 4
hp_drivers:                             # the compiled-in drivers (DRV_*), then 0
.if CONFIG_RTC
        .word   HPC_RTC, HPID_RTC, rtc_probe, rtc_remove, hp_name_rtc
.endif
        .word   0
hp_msg_nodriver:        .asciz  "no driver in this kernel\n"
hp_msg_bound:           .asciz  "compiled-in driver "
hp_msg_driver:          .asciz  "driver "
hp_msg_failed:          .asciz  " failed ("
hp_msg_close:           .asciz  ")\n"
hp_msg_removed:         .asciz  "removed\n"

        .bss
        .balign 4
hp_class:       .space  4 * HP_SLOTS    # the class each slot held when last looked at
hp_bound:       .space  4 * HP_SLOTS    # its compiled-in driver (DRV_*), or 0
.if CONFIG_RTC
rtc_base:       .space  4               # the bound clock's first port
rtc_bound:      .space  4               # 1 while a clock is bound
.endif
