# grant.s -- grants: a process lends a range of its memory to another for
# one call; the kernel copies through them (KC_SAFECOPY, KC_SAFECOPY_STR,
# KC_DEVIO_BLOCK) after checking grantee, range and access.
#
# One table of NGRANT entries; an id is index | generation << 8, the
# generation moving on each time an entry is taken (never 0 or 1), so a
# revoked id never works again.  Each grant belongs to the pending call of
# one process (G_CALLER, listed in its P_GRANTS) and goes when that call
# ends, and when its granter or grantee dies.

        .text

# grant_init(): every entry on the free list.
grant_init:
        la      t0, grant_table
        li      t1, NGRANT * GRANT_SIZE
        add     t1, t1, t0
        li      t2, 0
1:      addi    t1, t1, -GRANT_SIZE
        sw      t2, G_NEXT(t1)
        mv      t2, t1
        bne     t1, t0, 1b
        sw      t0, grant_free, t2
        ret

# grant_lend(a0 = caller slot, a1 = grantee endpoint, a2 = address, a3 =
# length, a4 = access; with GRANT_PASS, a2 is a grant the caller holds,
# lent on with the access narrowed) -> the new grant's id, -ENOMEM (no
# entry free, or the call has P_NGRANTS already), -EPERM.
grant_lend:
        andi    t0, a4, GRANT_PASS
        beqz    t0, 1f
        addi    sp, sp, -16             # passing on: the granter's memory
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        sw      a1, 4(sp)
        sw      a4, 0(sp)
        mv      a1, a2
        li      a2, 0
        li      a3, 0
        li      a4, 0
        call    grant_find
        lw      a4, 0(sp)
        lw      a1, 4(sp)
        lw      t2, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        bltz    a0, 9f
        lw      t0, G_ACCESS(a0)
        ori     a4, a4, GRANT_BAD       # (a bad range stays bad)
        and     a4, a4, t0
        lw      a2, G_ADDR(a0)
        lw      a3, G_LEN(a0)
        lw      t1, G_GRANTER(a0)
        mv      a0, t2
        j       2f
1:      lw      t1, P_EP(a0)            # the caller's own memory
2:      andi    a4, a4, GRANT_R | GRANT_W | GRANT_BAD
        addi    t2, a0, P_GRANTS        # a place in its call's list
        addi    t0, a0, P_GRANTS + P_NGRANTS * 4
3:      lw      a5, 0(t2)
        beqz    a5, 4f
        addi    t2, t2, 4
        bltu    t2, t0, 3b
        j       8f
4:      la      t0, grant_free
        lw      a5, 0(t0)
        beqz    a5, 8f
        lw      a0, G_NEXT(a5)          # (a0: the caller, kept in G_CALLER below)
        sw      a0, 0(t0)
        sw      a5, 0(t2)
        addi    t0, t2, -P_GRANTS       # t2 - P_GRANTS - 4*i: find the slot again
        srli    t0, t0, PROC_SHIFT
        slli    t0, t0, PROC_SHIFT
        sw      t0, G_CALLER(a5)
        sw      t1, G_GRANTER(a5)
        sw      a1, G_GRANTEE(a5)
        sw      a2, G_ADDR(a5)
        sw      a3, G_LEN(a5)
        sw      a4, G_ACCESS(a5)
        lw      t0, G_GEN(a5)
        addi    t0, t0, 1
        li      t1, 2
        bgeu    t0, t1, 5f
        li      t0, 2
5:      sw      t0, G_GEN(a5)
        la      t1, grant_table
        sub     a0, a5, t1
        srli    a0, a0, 5               # / GRANT_SIZE: the index
        slli    t0, t0, 8
        or      a0, a0, t0
        ret
8:      li      a0, -ENOMEM
9:      ret

# grant_put(a0 = entry): revoke it: out of its caller's list, onto the free list.
grant_put:
        lw      t0, G_CALLER(a0)
        beqz    t0, 9f
        addi    t1, t0, P_GRANTS
        addi    t0, t0, P_GRANTS + P_NGRANTS * 4
1:      lw      t2, 0(t1)
        bne     t2, a0, 2f
        sw      zero, 0(t1)
2:      addi    t1, t1, 4
        bltu    t1, t0, 1b
        sw      zero, G_CALLER(a0)
        la      t0, grant_free
        lw      t1, 0(t0)
        sw      t1, G_NEXT(a0)
        sw      a0, 0(t0)
9:      ret

# grant_end_call(a0 = slot): its call is over: revoke the grants it lent.
grant_end_call:
        lw      t0, P_GRANTS(a0)        # none: nothing to do
        lw      t1, P_GRANTS+4(a0)
        or      t0, t0, t1
        lw      t1, P_GRANTS+8(a0)
        or      t0, t0, t1
        lw      t1, P_GRANTS+12(a0)
        or      t0, t0, t1
        bnez    t0, 3f
        ret
3:      addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        addi    s0, a0, P_GRANTS
1:      lw      a0, 0(s0)
        beqz    a0, 2f
        call    grant_put
2:      addi    s0, s0, 4
        andi    t0, s0, PROC_SIZE - 1
        li      t1, P_GRANTS + P_NGRANTS * 4
        bltu    t0, t1, 1b
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grant_relend(a0 = client slot, a1 = new grantee, a2 = old grantee): the
# grants of the client's call lent to the old grantee go to the new one.
grant_relend:
        addi    t0, a0, P_GRANTS
        addi    t1, a0, P_GRANTS + P_NGRANTS * 4
1:      lw      t2, 0(t0)
        beqz    t2, 2f
        lw      a3, G_GRANTEE(t2)
        bne     a3, a2, 2f
        sw      a1, G_GRANTEE(t2)
2:      addi    t0, t0, 4
        bltu    t0, t1, 1b
        ret

# grant_drop_ep(a0 = endpoint): revoke every grant it lent or was lent.
grant_drop_ep:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s1, a0
        la      s0, grant_table
1:      lw      t0, G_CALLER(s0)
        beqz    t0, 3f
        lw      t0, G_GRANTER(s0)
        beq     t0, s1, 2f
        lw      t0, G_GRANTEE(s0)
        bne     t0, s1, 3f
2:      mv      a0, s0
        call    grant_put
3:      addi    s0, s0, GRANT_SIZE
        la      t0, grant_table + NGRANT * GRANT_SIZE
        bltu    s0, t0, 1b
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grant_check(a0 = caller slot, a1 = id, a2 = offset, a3 = n, a4 = access
# needed) -> the entry, or -EPERM (logged) unless the grant is live, lent
# to the caller, with that access and [offset, offset + n) inside it;
# -EFAULT for a GRANT_BAD one (a system call's buffer not all mapped).
grant_check:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    grant_find
        lw      ra, 12(sp)
        addi    sp, sp, 16
        bltz    a0, 9f
        lw      t1, G_ACCESS(a0)
        andi    t1, t1, GRANT_BAD
        beqz    t1, 9f
        li      a0, -EFAULT             # lent over memory it does not have
9:      ret

# grant_find(a0 = caller slot, a1 = id, a2 = offset, a3 = n, a4 = access)
# -> as grant_check, but a GRANT_BAD entry is returned too.
grant_find:
        andi    t0, a1, NGRANT - 1
        slli    t0, t0, 5
        la      t1, grant_table
        add     t0, t0, t1
        lw      t1, G_CALLER(t0)
        beqz    t1, 8f
        lw      t1, G_GEN(t0)
        srli    t2, a1, 8
        bne     t1, t2, 8f
        lw      t1, G_GRANTEE(t0)
        lw      t2, P_EP(a0)
        bne     t1, t2, 8f
        lw      t1, G_ACCESS(t0)
        and     t1, t1, a4
        bne     t1, a4, 8f
        lw      t1, G_LEN(t0)
        bgtu    a2, t1, 8f
        sub     t1, t1, a2
        bgtu    a3, t1, 8f
        mv      a0, t0
        ret
8:      addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        call    klog_ep
        la      a0, grant_msg
        call    kputs
        lw      a0, 8(sp)
        call    kputhexs
        la      a0, klog_refused
        call    kputs
        li      a0, -EPERM
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grant_space(a0 = entry, a1 = offset) -> a0 = the granter's root table,
# a1 = the address of that offset in its space.
grant_space:
        lw      t0, G_ADDR(a0)
        add     a1, a1, t0
        lw      t0, G_GRANTER(a0)
        slli    t0, t0, PROC_SHIFT
        la      t1, proc_table
        add     t0, t0, t1
        lw      a0, P_PTROOT(t0)
        ret

# kcopy(a0 = source root, a1 = source va, a2 = destination root, a3 =
# destination va, a4 = n, a5 = 1 to stop after a NUL) -> bytes copied (the
# NUL not counted when stopping at one), or -EFAULT; -ENAMETOOLONG when a
# string has no NUL within n.
kcopy:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        sw      a0, 32(sp)
        sw      a2, 28(sp)
        sw      a4, 24(sp)              # n
        sw      a5, 20(sp)
        mv      s0, a1                  # source va
        mv      s1, a3                  # destination va
        sw      zero, 16(sp)            # bytes copied
1:      lw      t0, 24(sp)
        lw      t1, 16(sp)
        sub     a1, t0, t1              # left
        beqz    a1, 7f
        andi    t0, s0, PAGE_SIZE - 1   # at most to the end of the source page
        li      t1, PAGE_SIZE           # (a string need not be mapped past its NUL)
        sub     t0, t1, t0
        bleu    a1, t0, 11f
        mv      a1, t0
11:     mv      a0, s0
        li      a2, 0
        lw      a3, 32(sp)
        call    vm_range_in
        beqz    a0, 8f
        sw      a0, 12(sp)              # source physical
        sw      a1, 8(sp)
        mv      a0, s1
        li      a2, 1
        lw      a3, 28(sp)
        call    vm_range_in
        beqz    a0, 8f
        lw      a2, 8(sp)               # chunk = the smaller
        bleu    a2, a1, 2f
        mv      a2, a1
2:      lw      a1, 12(sp)
        lw      t0, 20(sp)
        bnez    t0, 4f
        sw      a2, 8(sp)
        call    memcpy
        lw      a2, 8(sp)
        j       5f
4:      li      t1, 0                   # a string: up to the NUL
41:     add     t2, a1, t1
        lbu     t2, 0(t2)
        add     t0, a0, t1
        sb      t2, 0(t0)
        beqz    t2, 6f
        addi    t1, t1, 1
        bltu    t1, a2, 41b
5:      add     s0, s0, a2
        add     s1, s1, a2
        lw      t0, 16(sp)
        add     t0, t0, a2
        sw      t0, 16(sp)
        j       1b
6:      lw      a0, 16(sp)
        add     a0, a0, t1
        j       9f
7:      lw      a0, 16(sp)
        lw      t0, 20(sp)
        beqz    t0, 9f
        li      a0, -ENAMETOOLONG
        j       9f
8:      li      a0, -EFAULT
9:      lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# kc_safecopy(grant, offset, local, n, dir: 0 from the granter, 1 to it) -> 0.
kc_safecopy:
        li      t0, 2
        bgeu    a4, t0, 8f
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      a2, 24(sp)              # local
        sw      a3, 20(sp)              # n
        sw      a4, 16(sp)              # dir
        sw      a1, 12(sp)              # offset
        mv      a2, a1
        mv      a1, a0
        lw      a0, cur_proc
        addi    a4, a4, 1               # dir 0: GRANT_R, 1: GRANT_W
        call    grant_check
        bltz    a0, 9f
        lw      a1, 12(sp)
        call    grant_space             # a0 root, a1 va: the granter's
        lw      a2, cur_proc
        lw      a2, P_PTROOT(a2)
        lw      a3, 24(sp)
        lw      t0, 16(sp)
        beqz    t0, 1f
        mv      t0, a0                  # to the granter: swap the sides
        mv      t1, a1
        mv      a0, a2
        mv      a1, a3
        mv      a2, t0
        mv      a3, t1
1:      lw      a4, 20(sp)
        li      a5, 0
        call    kcopy
        bltz    a0, 9f
        li      a0, 0
9:      lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
8:      li      a0, -EINVAL
        ret

# kc_safecopy_str(grant, local, max) -> length of the string copied (NUL
# included in the copy, not in the length); -ENAMETOOLONG, -EFAULT, -EPERM.
kc_safecopy_str:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        sw      a2, 4(sp)
        mv      a1, a0
        lw      a0, cur_proc
        li      a2, 0
        li      a3, 0
        li      a4, GRANT_R
        call    grant_check
        bltz    a0, 9f
        lw      a4, 4(sp)               # at most min(max, the grant's length)
        lw      t0, G_LEN(a0)
        bleu    a4, t0, 1f
        mv      a4, t0
1:      li      a1, 0
        call    grant_space
        lw      a2, cur_proc
        lw      a2, P_PTROOT(a2)
        lw      a3, 8(sp)
        li      a5, 1
        call    kcopy
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_devio_block(port, grant or GRANT_SELF, offset, words, dir: 0 ins, 1
# outs) -> 0: move words between the port and the granted memory (or the
# caller's own at address offset), a page at a time.
kc_devio_block:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)              # port
        sw      a4, 12(sp)              # dir
        slli    s1, a3, 2               # bytes left
        sw      a1, 8(sp)
        sw      a2, 4(sp)
        call    kc_port_check
        bltz    a0, 9f
        lw      a1, 8(sp)
        lw      s0, 4(sp)               # va
        lw      t0, cur_proc
        lw      a0, P_PTROOT(t0)
        li      t1, GRANT_SELF
        beq     a1, t1, 1f
        mv      a0, t0
        lw      a2, 4(sp)
        mv      a3, s1
        lw      a4, 12(sp)
        seqz    a4, a4                  # ins writes memory: GRANT_W, outs GRANT_R
        addi    a4, a4, 1
        call    grant_check
        bltz    a0, 9f
        lw      a1, 4(sp)
        call    grant_space
        mv      s0, a1
1:      sw      a0, 8(sp)               # the root
2:      beqz    s1, 8f
        andi    t0, s0, 3
        bnez    t0, 5f
        mv      a0, s0                  # a page chunk, aligned
        mv      a1, s1
        lw      a2, 12(sp)
        seqz    a2, a2
        lw      a3, 8(sp)
        call    vm_range_in
        beqz    a0, 7f
        add     s0, s0, a1
        sub     s1, s1, a1
        srli    a1, a1, 2               # words
        lw      t0, 16(sp)
        lw      t1, 12(sp)
        li      t2, DISK_DATA
        bne     t0, t2, 4f
        bnez    t1, 3f
        ins     a0, a1, DISK_DATA
        j       2b
3:      outs    a0, a1, DISK_DATA
        j       2b
4:      beqz    a1, 2b                  # another port: a word at a time
        bnez    t1, 41f
        in      t2, 0(t0)
        sw      t2, 0(a0)
        j       42f
41:     lw      t2, 0(a0)
        out     t2, 0(t0)
42:     addi    a0, a0, 4
        addi    a1, a1, -1
        j       4b
5:      lw      t0, 12(sp)              # unaligned: a word, a byte at a time
        bnez    t0, 7f                  # (outs from unaligned memory: refused)
        lw      t0, 16(sp)
        in      t2, 0(t0)
        sw      t2, 0(sp)
        li      t2, 0
6:      sw      t2, 4(sp)
        add     a0, s0, t2
        li      a1, 1
        li      a2, 1
        lw      a3, 8(sp)
        call    vm_range_in
        beqz    a0, 7f
        lw      t2, 4(sp)
        add     t0, sp, t2
        lbu     t0, 0(t0)
        sb      t0, 0(a0)
        addi    t2, t2, 1
        li      t0, 4
        bltu    t2, t0, 6b
        addi    s0, s0, 4
        addi    s1, s1, -4
        j       2b
7:      li      a0, -EFAULT
        j       9f
8:      li      a0, 0
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# kc_port_check(a0 = port) -> 0 if the port is in one of cur_proc's two
# PRIV_IO ranges.  Else the refusal is logged and the caller -- a driver,
# since only drivers may make port calls -- dies of it (STATUS_FAULT, its
# supervisor told): a driver that names a port it was not given is broken,
# as MINIX's drivers panic when sys_outb fails, and the same access under
# an I/O permission map is a CAUSE_IO_VIOLATION fault.  Never returns then.
kc_port_check:
        lw      t0, cur_proc
        lw      t1, P_PRIV+PRIV_IO(t0)
        lw      t2, P_PRIV+PRIV_IO+4(t0)
        bltu    a0, t1, 1f
        bleu    a0, t2, 2f
1:      lw      t1, P_PRIV+PRIV_IO+8(t0)
        lw      t2, P_PRIV+PRIV_IO+12(t0)
        bltu    a0, t1, 3f
        bgtu    a0, t2, 3f
2:      li      a0, 0
        ret
3:      addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        mv      a0, t0
        call    klog_ep
        la      a0, grant_msg_port
        call    kputs
        lw      a0, 8(sp)
        call    kputhexs
        la      a0, klog_refused
        call    kputs
        lw      a0, cur_proc            # a protection fault: it dies, as with
        li      a1, STATUS_FAULT        # an I/O permission map (micro-io)
        li      a2, 1
        call    proc_die
        j       sched

        .rodata
grant_msg:      .asciz  "grant "
grant_msg_port: .asciz  "port "

        .data
        .balign 4
grant_free:     .word   0       # first free entry

        .bss
        .balign 4
grant_table:    .space  NGRANT * GRANT_SIZE
        .text
