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

# hp_changed(fn a0): acknowledge the events, then fn(slot a0) for each
# slot that had one, lowest first -- a kernel's IRQ_HOTPLUG.
hp_changed:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    hp_events
        sw      a0, 4(sp)
        call    hp_ack
        lw      a0, 4(sp)
        j       1f

# hp_all(fn a0): acknowledge what reset left, then fn(slot a0) for every
# slot -- a kernel's look at the bus at boot.
hp_all:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    hp_events
        call    hp_ack
        li      a0, (1 << HP_SLOTS) - 1
1:      lw      a1, 8(sp)
        call    hp_each
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hp_each(mask a0, fn a1): fn(slot a0) for each slot whose bit is set in
# the mask, lowest first (fn may change s0 and s1: they are saved here).
hp_each:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a1, 0(sp)
        mv      s1, a0
        li      s0, 0
1:      srl     t0, s1, s0
        andi    t0, t0, 1
        beqz    t0, 2f
        mv      a0, s0
        lw      t0, 0(sp)
        jalr    t0
2:      addi    s0, s0, 1
        li      t0, HP_SLOTS
        bltu    s0, t0, 1b
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
