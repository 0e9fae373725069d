# hotplug.s: the hot-plug bus (docs/machine.md, "Hot-plug bus"): slots
# 0 .. HP_COUNT-1, each with a device class (HPC_*, HPC_NONE when empty),
# an ID, the device's first port, how many ports and its IRQ; HP_EVENT has
# bit n set when slot n's device arrived or left, until acknowledged (and
# IRQ_HOTPLUG is up while it is non-zero).
#
# Kernel side only: privileged in/out, straight (the bus's ports are fixed,
# so no portio macros).  Needs k32.inc.  Interrupts should be off around
# hp_info (HP_SLOT selects for the reads that follow).

        .text

# hp_info(slot a0) -> a0 = class (HPC_*; HPC_NONE: empty, or no such slot),
# a1 = ID, a2 = first port, a3 = number of ports, a4 = IRQ (HP_NO_IRQ: none)
# A machine without the bus (its ports read 0xFFFFFFFF, nobody answers)
# has no slots.
hp_info:
        in      t0, HP_COUNT(zero)
        li      t1, HP_SLOTS
        bgtu    t0, t1, 9f              # no bus
        bgeu    a0, t0, 9f
        out     a0, HP_SLOT(zero)
        in      a0, HP_CLASS(zero)
        in      a1, HP_ID(zero)
        in      a2, HP_PORT(zero)
        in      a3, HP_NPORTS(zero)
        in      a4, HP_IRQ(zero)
        ret
9:      li      a0, HPC_NONE
        li      a1, 0
        li      a2, 0
        li      a3, 0
        li      a4, HP_NO_IRQ
        ret

# hp_events() -> a0 = the mask of slots whose device arrived or left since
# acknowledged (0 without a bus)
hp_events:
        in      t0, HP_COUNT(zero)
        li      t1, HP_SLOTS
        li      a0, 0
        bgtu    t0, t1, 1f              # no bus
        in      a0, HP_EVENT(zero)
1:      ret

# hp_ack(mask a0): acknowledge those slots' events (IRQ_HOTPLUG goes down
# when none is left)
hp_ack:
        out     a0, HP_EVENT(zero)
        ret
