# iomap.s -- direct port access for drivers: I/O permission maps.
#
# A process whose privileges have PRIV_DIRECT_IO in PRIV_FLAGS may use the
# ports of its PRIV_IO ranges with its own in/out/ins/outs, without a kernel
# call (the x86 TSS I/O map; docs/machine.md, csr iomap).  KC_PRIVCTL builds
# it a map -- one bit per port, set for exactly those ranges -- and proc_run
# loads P_IOMAP into csr iomap whenever a process runs (0: no port).  A user
# access to a port whose bit is clear is CAUSE_IO_VIOLATION: a fault like
# any other (the fault line, death, the supervisor told).
#
# The machine reads a map as 8 KiB of contiguous physical memory, which
# kalloc's single pages are not, so the maps are NIOMAP areas of the
# kernel's own.  A map belongs to the slot in iomap_owner for as long as
# that slot's P_IOMAP points at it: a service that dies keeps it for its
# restart, and KC_EXIT (which clears the slot) frees it.

        .text

# iomap_set(a0 = slot) -> 0, or -ENOMEM (every map taken: PRIV_DIRECT_IO is
# dropped from its privileges): give the slot the map its privileges ask
# for -- with PRIV_DIRECT_IO one opening exactly its PRIV_IO ranges, else
# none.
iomap_set:
        lw      t0, P_PRIV+PRIV_FLAGS(a0)
        andi    t0, t0, PRIV_DIRECT_IO
        bnez    t0, 1f
        sw      zero, P_IOMAP(a0)       # none (a map it had is free again)
        li      a0, 0
        ret
1:      addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        lw      s1, P_IOMAP(s0)         # its own map, rebuilt; else a free one
        bnez    s1, 4f
        la      s1, iomaps
        la      t0, iomap_owner
        li      t1, NIOMAP
2:      lw      t2, 0(t0)               # free: no owner, or one whose P_IOMAP is not it
        beqz    t2, 3f
        lw      t2, P_IOMAP(t2)
        bne     t2, s1, 3f
        addi    t0, t0, 4
        li      t2, IOMAP_SIZE
        add     s1, s1, t2
        addi    t1, t1, -1
        bnez    t1, 2b
        lw      t0, P_PRIV+PRIV_FLAGS(s0)       # none free: no direct access
        andi    t0, t0, ~PRIV_DIRECT_IO
        sw      t0, P_PRIV+PRIV_FLAGS(s0)
        sw      zero, P_IOMAP(s0)
        li      a0, -ENOMEM
        j       9f
3:      sw      s0, 0(t0)               # it is the slot's now
4:      mv      a0, s1                  # every port closed ...
        li      a1, 0
        li      a2, IOMAP_SIZE
        call    memset
        mv      a0, s1                  # ... but its two ranges
        lw      a1, P_PRIV+PRIV_IO(s0)
        lw      a2, P_PRIV+PRIV_IO+4(s0)
        call    iomap_open
        mv      a0, s1
        lw      a1, P_PRIV+PRIV_IO+8(s0)
        lw      a2, P_PRIV+PRIV_IO+12(s0)
        call    iomap_open
        sw      s1, P_IOMAP(s0)
        li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# iomap_open(a0 = map, a1 = lo, a2 = hi): set the bits of ports lo..hi
# (inclusive; none when lo > hi; hi past the last port means up to it).
iomap_open:
        li      t0, 0xFFFF
        bgeu    t0, a2, 1f
        mv      a2, t0
1:      bgtu    a1, a2, 9f
        srli    t0, a1, 3               # bit p & 7 of byte p >> 3
        add     t0, t0, a0
        lbu     t1, 0(t0)
        andi    t2, a1, 7
        li      a3, 1
        sll     a3, a3, t2
        or      t1, t1, a3
        sb      t1, 0(t0)
        addi    a1, a1, 1
        j       1b
9:      ret

        .bss
        .balign 4
iomap_owner:    .space  NIOMAP * 4      # the slot each map was given to (see above)
iomaps:         .space  NIOMAP * IOMAP_SIZE
        .text
