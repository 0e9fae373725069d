# hotplug.s -- the hot-plug bus is the kernel's (docs/micro.md, "Devices
# that come and go"), as the timer is: it enumerates the bus at boot, takes
# IRQ_HOTPLUG, acknowledges it, and reports each slot's change to RS (a
# KEV_HOTPLUG notification; RS takes the events with KC_HOTPLUG), which
# starts or stops the slot's driver -- MINIX's devman in the kernel's
# smallest form.  The bus's registers are read with the shared
# os/drivers/hotplug.s (hp_info, hp_events, hp_ack).
#
# hp_table holds one HPEV record per slot: what the kernel last saw there
# (a device that left keeps its class, ports and IRQ, for RS to know which
# driver to stop).  hp_pending has bit n set while slot n has an event RS
# has not taken.

        .include "drivers/hotplug.s"

        .text

# hp_boot(): what reset left on the bus is acknowledged; every occupied
# slot is an arrival for RS (the fixed console, disk and timer too: RS
# knows they have their boot drivers).  The line is unmasked by the caller.
hp_boot:
        la      a1, hp_all
        j       1f

# hp_irq(): IRQ_HOTPLUG: acknowledge the slots that changed, note each,
# tell RS.  (The line is level: it goes down with the acknowledgement.)
hp_irq:
        la      a1, hp_changed
1:      addi    sp, sp, -16             # a1(hp_note), then tell RS
        sw      ra, 12(sp)
        la      a0, hp_note
        jalr    a1
        call    hp_tell_rs
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hp_note(slot a0): read the slot; a device there is an arrival (its
# record replaced), an empty slot that held one a departure (the record
# kept, HPEV_PRESENT 0), an empty slot that held none nothing.
hp_note:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        slli    s0, a0, 5               # HPEV_SIZE 32
        la      t0, hp_table
        add     s0, s0, t0              # s0: its record
        sw      a0, HPEV_SLOT(s0)
        call    hp_info
        beqz    a0, 1f
        sw      a0, HPEV_CLASS(s0)
        sw      a1, HPEV_ID(s0)
        sw      a2, HPEV_PORT(s0)
        sw      a3, HPEV_NPORTS(s0)
        sw      a4, HPEV_IRQ(s0)
        li      t0, 1
        sw      t0, HPEV_PRESENT(s0)
        j       2f
1:      lw      t0, HPEV_PRESENT(s0)
        beqz    t0, 9f                  # nothing was there
        sw      zero, HPEV_PRESENT(s0)
2:      lw      t0, HPEV_SLOT(s0)
        li      t1, 1
        sll     t1, t1, t0
        la      t2, hp_pending
        lw      t0, 0(t2)
        or      t0, t0, t1
        sw      t0, 0(t2)
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hp_tell_rs(): KEV_HOTPLUG to RS if an event waits.
hp_tell_rs:
        lw      t0, hp_pending
        beqz    t0, 9f
        la      a0, proc_table + EP_RS * PROC_SIZE
        li      a1, KEV_HOTPLUG
        j       kev_notify              # tail call
9:      ret

# kc_hotplug(local buffer) -> 0 with the lowest slot's pending event there
# (an HPEV record), or -EAGAIN when none is pending.
kc_hotplug:
        lw      t0, hp_pending
        beqz    t0, 8f
        li      t1, 0
1:      andi    t2, t0, 1
        bnez    t2, 2f
        srli    t0, t0, 1
        addi    t1, t1, 1
        j       1b
2:      li      t2, 1
        sll     t2, t2, t1
        lw      t0, hp_pending
        xor     t0, t0, t2
        sw      t0, hp_pending, t2
        slli    a1, t1, 5
        la      t0, hp_table
        add     a1, a1, t0
        li      a2, HPEV_SIZE
        tail    copyout
8:      li      a0, -EAGAIN
        ret

        .bss
        .balign 4
hp_pending:     .space  4                       # bit n: slot n has an event for RS
hp_table:       .space  HP_SLOTS * HPEV_SIZE    # what each slot last held
        .text
