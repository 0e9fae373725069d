# kcall.s -- kernel calls, and the life and death of processes: boot
# modules, fork, exec, exit, kill, restart.

        .text

# kc_call (s1 = caller, a5 = KC_*, a0..a4 arguments): check the caller's
# PRIV_KCALLS (KC_NULL is everyone's), run the handler (a C function of
# a0..a4, cur_proc = the caller), put its result in a0 and a5.
kc_call:
        addi    t0, a5, -KC_DEVIO
        li      t1, KC_NULL
        beq     a5, t1, 1f
        lw      t1, P_PRIV+PRIV_KCALLS(s1)
        srl     t1, t1, t0
        andi    t1, t1, 1
        beqz    t1, 8f
1:      slli    t0, t0, 2
        la      t1, kc_table
        add     t0, t0, t1
        lw      t0, 0(t0)
        jalr    t0
2:      sw      a0, P_FRAME+TF_A0(s1)
        sw      a0, P_FRAME+TF_A5(s1)
        lw      t0, P_STATE(s1)
        li      t1, PROC_RUNNABLE
        bne     t0, t1, 3f
        mv      a0, s1
        j       proc_run
3:      j       sched
8:      sw      a5, 0(sp)               # refused: logged
        mv      a0, s1
        call    klog_ep
        la      a0, kc_msg_call
        call    kputs
        lw      a0, 0(sp)
        call    kputdec
        la      a0, klog_refused
        call    kputs
        li      a0, -EPERM
        j       2b

        .rodata
        .balign 4
kc_table:
        .word   kc_devio, kc_devio_block, kc_irqctl, kc_safecopy, kc_safecopy_str
        .word   kc_fork, kc_exec, kc_exit, kc_newproc, kc_sbrk, kc_procinfo
        .word   kc_alarm, kc_ticks, kc_diag, kc_poweroff, kc_deadproc, kc_restart
        .word   kc_kill, kc_privctl, kc_start, kc_null, kc_diskwin, kc_hotplug, kc_spawn
        .text

# kc_slot(a0 = endpoint) -> its slot, or -EINVAL unless 1..NPROC-1.
kc_slot:
        addi    t0, a0, -1
        li      t1, NPROC - 1
        bgeu    t0, t1, 1f
        slli    a0, a0, PROC_SHIFT
        la      t0, proc_table
        add     a0, a0, t0
        ret
1:      li      a0, -EINVAL
        ret

# kc_live(a0 = endpoint) -> its slot if a process lives there; -EINVAL, -ESRCH.
kc_live:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    kc_slot
        bltz    a0, 1f
        lw      t0, P_STATE(a0)
        beqz    t0, 2f
        li      t1, PROC_ZOMBIE
        bne     t0, t1, 1f
2:      li      a0, -ESRCH
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_null() -> 0.
kc_null:
        li      a0, 0
        ret

# kc_ticks() -> ticks since boot.
kc_ticks:
        lw      a0, ticks
        ret

# kc_alarm(tick) -> 0: KEV_ALARM to the caller when ticks reach it (0: none).
kc_alarm:
        lw      t0, cur_proc
        sw      a0, P_ALARM(t0)
        li      a0, 0
        ret

# kc_poweroff(status): end the run.
kc_poweroff:
        out     a0, DEBUG_EXIT
        halt

# kc_devio(port, value, dir: 0 in, 1 out) -> the value read, or 0.
kc_devio:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        sw      a1, 4(sp)
        sw      a2, 0(sp)
        call    kc_port_check
        bltz    a0, 9f
        lw      t0, 8(sp)
        lw      t1, 0(sp)
        bnez    t1, 1f
        in      a0, 0(t0)
        j       9f
1:      lw      t1, 4(sp)
        out     t1, 0(t0)
        li      a0, 0
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_diskwin(lba, count, dir: 1 read, 2 write) -> 0: open the disk
# controller's transfer window on exactly that request (docs/micro.md, "The
# disk window"), so the driver can move only those sectors, only that way.
# kc_diskwin(.., .., 0) -> DISK_SUM: close it (no sector can be moved until
# the next request opens it) and give the checksum of the last transfer,
# which FS compares with the data it sent or received.  The window's
# registers change only in kernel mode; closing it ends a transfer the
# driver left under way.  FS's call alone (PRIV_KCALLS).
kc_diskwin:
        beqz    a2, 2f
        li      t0, DISK_WIN_ON | DISK_WIN_READ
        li      t1, 1
        beq     a2, t1, 1f
        li      t0, DISK_WIN_ON | DISK_WIN_WRITE
        li      t1, 2
        bne     a2, t1, 8f
1:      out     a0, DISK_WIN_LBA
        out     a1, DISK_WIN_COUNT
        out     t0, DISK_WIN_CTL
        li      a0, 0
        ret
2:      in      a0, DISK_SUM
        li      t0, DISK_WIN_ON
        out     t0, DISK_WIN_CTL
        ret
8:      li      a0, -EINVAL
        ret

# kc_irqctl(irq, enable) -> 0: unmask (1) or mask (0) a line the caller owns.
kc_irqctl:
        li      t0, 16
        bgeu    a0, t0, 8f
        lw      t0, cur_proc
        lw      t0, P_PRIV+PRIV_IRQS(t0)
        srl     t0, t0, a0
        andi    t0, t0, 1
        beqz    t0, 8f
        li      t0, 1
        sll     t0, t0, a0
        la      t1, pic_mask
        lw      t2, 0(t1)
        or      t2, t2, t0
        bnez    a1, 1f
        xor     t2, t2, t0
1:      sw      t2, 0(t1)
        out     t2, PIC_MASK
        li      a0, 0
        ret
8:      li      a0, -EPERM
        ret

# kc_diag(string) -> 0: print it on the console, as a line.
kc_diag:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        mv      a1, a0
        la      a0, kc_linebuf
        li      a2, KC_LINE_MAX
        call    copyinstr
        li      t0, -EFAULT
        beq     a0, t0, 9f
        la      a0, kc_linebuf
        sb      zero, KC_LINE_MAX - 1(a0)
        call    kputs
        li      a0, '\n'
        call    kputc
        li      a0, 0
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_procinfo(ep, local buffer) -> 0: a KPROC record about it.
kc_procinfo:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      a1, 40(sp)
        call    kc_slot
        bltz    a0, 9f
        lw      t0, P_STATE(a0)
        sw      t0, KPROC_STATE(sp)
        lw      t0, P_MEM(a0)
        sw      t0, KPROC_MEM(sp)
        li      t0, EP_NONE             # what it waits for
        li      t1, 0
        lw      t2, P_IPC(a0)
        andi    t2, t2, ST_RECV
        beqz    t2, 1f
        lw      t0, P_FROM(a0)
        lw      t1, P_FLAGS(a0)
        andi    t1, t1, F_CALL
        snez    t1, t1
1:      sw      t0, KPROC_RECV(sp)
        sw      t1, KPROC_CALL(sp)
        addi    a1, a0, P_NAME
        addi    a0, sp, KPROC_NAME
        li      a2, 16
        call    memcpy
        lw      a0, 40(sp)
        mv      a1, sp
        li      a2, KPROC_SIZE
        call    copyout
9:      lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# kc_privctl(ep, local PRIV record) -> 0: its privileges, the interrupt
# lines it owns and its I/O permission map (-ENOMEM: no map was free for
# PRIV_DIRECT_IO, the rest is set).
kc_privctl:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a1, 4(sp)
        call    kc_slot
        bltz    a0, 9f
        mv      s0, a0
        addi    a0, s0, P_PRIV
        lw      a1, 4(sp)
        li      a2, PRIV_SIZE
        call    copyin
        bltz    a0, 9f
        lw      t0, P_PRIV+PRIV_IRQS(s0)
        la      t1, irq_owner
        li      t2, 0
1:      andi    a0, t0, 1
        beqz    a0, 2f
        sw      s0, 0(t1)
        j       3f
2:      lw      a0, 0(t1)
        bne     a0, s0, 3f
        sw      zero, 0(t1)
3:      srli    t0, t0, 1
        addi    t1, t1, 4
        addi    t2, t2, 1
        li      a0, 16
        bltu    t2, a0, 1b
        mv      a0, s0
        call    iomap_set
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_start(ep) -> 0: a boot module loaded and not started runs.
kc_start:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    kc_slot
        bltz    a0, 9f
        lw      t0, P_STATE(a0)
        li      t1, PROC_EMBRYO
        bne     t0, t1, 8f
        li      t0, PROC_RUNNABLE
        sw      t0, P_STATE(a0)
        li      a0, 0
        j       9f
8:      li      a0, -EINVAL
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_spawn(ep, image, length, device, name) -> 0: a service from the .kx
# image in the caller's memory (RS's copy of a driver read from the disk),
# in service slot ep (unused, or dead: same endpoint), named `name`, not
# started (EMBRYO), its privileges as they are (RS sets them next); it
# starts at _start with a0 = device.  -EINVAL not a service slot, -EBUSY a
# process lives there, the loader's errors (the slot is then unused).
kc_spawn:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      a1, 20(sp)
        sw      a2, 16(sp)
        sw      a3, 12(sp)
        sw      a4, 8(sp)
        addi    t0, a0, -1
        li      t1, EP_FIRST_USER - 1
        bgeu    t0, t1, 8f
        call    kc_slot
        mv      s0, a0
        lw      t0, P_STATE(s0)
        beqz    t0, 1f
        li      t1, PROC_ZOMBIE
        li      a0, -EBUSY
        bne     t0, t1, 9f
1:      la      a0, kc_linebuf          # the name, from the caller
        lw      a1, 8(sp)
        li      a2, 16
        call    copyinstr
        bltz    a0, 9f
        mv      a0, s0
        call    proc_reset
        sw      zero, P_MODULE(s0)
        lw      t0, P_EP(s0)
        sw      t0, P_PID(s0)
        mv      a0, s0
        lw      a1, cur_proc
        lw      a1, P_PTROOT(a1)
        lw      a2, 20(sp)
        lw      a3, 16(sp)
        li      a4, 0
        la      a5, kc_linebuf
        call    proc_exec
        bltz    a0, 9f
        li      t0, PROC_EMBRYO
        sw      t0, P_STATE(s0)
        lw      t0, 12(sp)
        sw      t0, P_FRAME+TF_A0(s0)
        li      a0, 0
        j       9f
8:      li      a0, -EINVAL
9:      lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# kc_kill(ep, status) -> 0: it dies as a fault would kill it.
kc_kill:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        call    kc_live
        bltz    a0, 9f
        lw      a1, 8(sp)
        li      a2, 1
        call    proc_die
        li      a0, 0
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_exit(ep) -> 0: free the process, live or dead: its IPC, memory, slot.
kc_exit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    kc_slot
        bltz    a0, 9f
        mv      s0, a0
        li      a1, 0
        li      a2, 0
        call    proc_die
        mv      a0, s0                  # the whole slot back to UNUSED
        li      a1, 0
        li      a2, PROC_SIZE
        call    memset
        li      a0, 0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_deadproc() -> the endpoint of a dead process the caller supervises
# not reported yet (its wait status in the caller's a1), or -EAGAIN.
kc_deadproc:
        lw      t2, cur_proc
        lw      a1, P_EP(t2)
        la      a0, proc_table
        la      t1, proc_table + NPROC * PROC_SIZE
1:      lw      t0, P_DEADNEW(a0)
        beqz    t0, 2f
        lw      t0, P_PRIV+PRIV_SUPER(a0)
        bne     t0, a1, 2f
        sw      zero, P_DEADNEW(a0)
        lw      t0, P_XSTATUS(a0)
        sw      t0, P_FRAME+TF_A1(t2)
        lw      a0, P_EP(a0)
        ret
2:      addi    a0, a0, PROC_SIZE
        bltu    a0, t1, 1b
        li      a0, -EAGAIN
        ret

# kc_restart(ep) -> 0: a dead service starts afresh from its boot module,
# same slot, same privileges.
kc_restart:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    kc_slot
        bltz    a0, 9f
        lw      t0, P_STATE(a0)
        li      t1, PROC_ZOMBIE
        bne     t0, t1, 8f
        lw      a1, P_MODULE(a0)
        beqz    a1, 8f
        sw      a0, 8(sp)
        call    proc_load_module
        bltz    a0, 9f
        lw      a0, 8(sp)
        li      t0, PROC_RUNNABLE
        sw      t0, P_STATE(a0)
        li      a0, 0
        j       9f
8:      li      a0, -EINVAL
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_sbrk(ep, increment) -> its old break, as the monolithic sbrk.
kc_sbrk:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a1, 4(sp)
        call    kc_live
        bltz    a0, 9f
        lw      s0, cur_proc            # sys_sbrk works on cur_proc
        sw      a0, cur_proc, t0
        lw      a0, 4(sp)
        call    sys_sbrk
        sw      s0, cur_proc, t0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_newproc(pid) -> ep: an empty process waiting for the caller's reply.
kc_newproc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    proc_new
        bltz    a0, 9f
        lw      a0, P_EP(a0)
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# proc_new(a0 = pid) -> a new user slot with an empty address space, the
# user privileges, blocked waiting for cur_proc's reply to a system call;
# -EAGAIN (no slot free), -ENOMEM.
proc_new:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a0, 4(sp)
        call    proc_free_slot
        mv      s0, a0
        li      a0, -EAGAIN
        beqz    s0, 9f
        call    kalloc
        beqz    a0, 8f
        sw      a0, P_PTROOT(s0)
        lw      t0, 4(sp)
        sw      t0, P_PID(s0)
        mv      a0, s0
        call    proc_user_privs
        lw      t0, cur_proc
        lw      t0, P_EP(t0)
        sw      t0, P_FROM(s0)
        li      t0, ST_RECV
        sw      t0, P_IPC(s0)
        li      t0, F_SYSCALL | F_CALL
        sw      t0, P_FLAGS(s0)
        li      t0, PROC_SLEEPING
        sw      t0, P_STATE(s0)
        mv      a0, s0
        j       9f
8:      li      a0, -ENOMEM
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_fork(parent ep, child pid) -> child ep: a copy of the parent's memory
# and registers, waiting for the caller's reply (0, in its a0).
kc_fork:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a1, 0(sp)
        call    kc_live
        bltz    a0, 9f
        mv      s1, a0
        lw      a0, 0(sp)
        call    proc_new
        bltz    a0, 9f
        mv      s0, a0
        lw      a0, P_PTROOT(s0)
        lw      a1, P_PTROOT(s1)
        call    vm_copy
        bltz    a0, 8f
        addi    a0, s0, P_FRAME         # registers, heap, size, name
        addi    a1, s1, P_FRAME
        li      a2, TF_SIZE
        call    memcpy
        addi    a0, s0, P_NAME
        addi    a1, s1, P_NAME
        li      a2, 16
        call    memcpy
        lw      t0, P_BRK(s1)
        sw      t0, P_BRK(s0)
        lw      t0, P_HEAP(s1)
        sw      t0, P_HEAP(s0)
        lw      t0, P_MEM(s1)
        sw      t0, P_MEM(s0)
        lw      a0, P_EP(s0)
        j       9f
8:      mv      a0, s0                  # no memory: undo
        call    kc_exit_slot
        li      a0, -ENOMEM
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kc_exit_slot(a0 = slot): kc_exit by slot.
kc_exit_slot:
        lw      a0, P_EP(a0)
        j       kc_exit

# kc_exec(ep, image, length, argv, name) -> 0: the process (waiting for
# the caller's reply) gets the .kx image in the caller's memory, argv
# copied from its old image; its pending call ends without a reply.
kc_exec:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      a1, 20(sp)
        sw      a2, 16(sp)
        sw      a3, 12(sp)
        sw      a4, 8(sp)
        call    kc_live
        bltz    a0, 9f
        mv      s0, a0
        la      a0, kc_linebuf          # the name, from the caller
        lw      a1, 8(sp)
        li      a2, PATH_MAX
        call    copyinstr
        bltz    a0, 9f
        mv      a0, s0
        lw      a1, cur_proc
        lw      a1, P_PTROOT(a1)
        lw      a2, 20(sp)
        lw      a3, 16(sp)
        lw      a4, 12(sp)
        la      a5, kc_linebuf
        call    proc_exec
        bltz    a0, 9f
        sw      zero, P_IPC(s0)         # its call is over, no reply
        sw      zero, P_FLAGS(s0)
        mv      a0, s0
        call    ipc_unqueue
        mv      a0, s0
        call    grant_end_call
        li      t0, PROC_RUNNABLE
        sw      t0, P_STATE(s0)
        li      a0, 0
9:      lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# proc_exec(a0 = slot, a1 = root of the image's space (0: physical), a2 =
# image address, a3 = length, a4 = argv in the slot's old space (or 0), a5
# = name) -> argc, or -errno with the slot untouched: the shared loader.
proc_exec:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)
        sw      a1, 12(sp)
        sw      a2, 8(sp)
        sw      a3, 4(sp)
        sw      a4, 0(sp)
        mv      s1, a5
        call    kalloc
        mv      s0, a0
        li      a0, -ENOMEM
        beqz    s0, 9f
        lw      t0, 12(sp)
        sw      t0, EX_SRC(s0)
        lw      t0, 8(sp)
        sw      t0, EX_SRC+4(s0)
        lw      t0, 4(sp)
        sw      t0, EX_FSIZE(s0)
        addi    a0, s0, EX_PATH
        mv      a1, s1
        li      a2, PATH_MAX - 1
        call    memcpy
        lw      s1, cur_proc            # the loader works on cur_proc
        lw      t0, 16(sp)
        sw      t0, cur_proc, t1
        mv      a0, s0
        lw      a1, 0(sp)
        call    exec_copy_args
        bltz    a0, 8f
        mv      a0, s0
        call    exec_build
8:      sw      s1, cur_proc, t1
        mv      s1, a0
        mv      a0, s0
        call    kfree
        mv      a0, s1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# exec_read(a0 = scratch, a1 = offset, a2 = kernel destination, a3 = n)
# -> 0, -ENOEXEC (past the image's end), -EFAULT: bytes of the image
# (EX_SRC: its space's root, 0 = physical; EX_SRC+4: its address).
exec_read:
        lw      t0, EX_FSIZE(a0)
        bgtu    a1, t0, 8f
        sub     t0, t0, a1
        bgtu    a3, t0, 8f
        lw      t0, EX_SRC+4(a0)
        add     a1, a1, t0              # the source address
        lw      t0, EX_SRC(a0)
        bnez    t0, 1f
        mv      a0, a2
        mv      a2, a3
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    memcpy
        lw      ra, 12(sp)
        addi    sp, sp, 16
        li      a0, 0
        ret
1:      addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      t0, 16(sp)              # root
        mv      s0, a1
        mv      s1, a3
        sw      a2, 12(sp)
2:      beqz    s1, 3f
        mv      a0, s0
        mv      a1, s1
        li      a2, 0
        lw      a3, 16(sp)
        call    vm_range_in
        beqz    a0, 4f
        add     s0, s0, a1
        sub     s1, s1, a1
        mv      a2, a1
        mv      a1, a0
        lw      a0, 12(sp)
        add     t0, a0, a2
        sw      t0, 12(sp)
        call    memcpy
        j       2b
3:      li      a0, 0
        j       5f
4:      li      a0, -EFAULT
5:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
8:      li      a0, -ENOEXEC
        ret

# proc_load_module(a0 = slot, a1 = boot-module record) -> 0 or -errno: the
# module's program in that slot, pid = endpoint, name = the module's, not
# started (EMBRYO); its privileges stay as they are.
proc_load_module:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        call    proc_reset
        sw      s1, P_MODULE(s0)
        lw      t0, P_EP(s0)
        sw      t0, P_PID(s0)
        mv      a0, s0
        li      a1, 0
        lw      a2, BOOTMOD_ADDR(s1)
        lw      a3, BOOTMOD_LEN(s1)
        li      a4, 0
        addi    a5, s1, BOOTMOD_NAME
        call    proc_exec
        bltz    a0, 9f
        li      t0, PROC_EMBRYO
        sw      t0, P_STATE(s0)
        li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# proc_reset(a0 = slot): clear what a live process has (not the
# privileges, boot module and unreported death); set P_EP and P_TF.
proc_reset:
        mv      t0, a0
        addi    t1, a0, P_XSTATUS
1:      sw      zero, 0(t0)
        addi    t0, t0, 4
        bltu    t0, t1, 1b
        addi    t0, a0, P_EP
        addi    t1, a0, P_PRIV
2:      sw      zero, 0(t0)
        addi    t0, t0, 4
        bltu    t0, t1, 2b
        addi    t0, a0, P_FRAME
        addi    t1, a0, PROC_SIZE
3:      sw      zero, 0(t0)
        addi    t0, t0, 4
        bltu    t0, t1, 3b
        la      t0, proc_table
        sub     t0, a0, t0
        srli    t0, t0, PROC_SHIFT
        sw      t0, P_EP(a0)
        addi    t0, a0, P_FRAME
        sw      t0, P_TF(a0)
        ret

# proc_free_slot() -> the first UNUSED slot from EP_FIRST_USER, reset; 0 if none.
proc_free_slot:
        la      a0, proc_table + EP_FIRST_USER * PROC_SIZE
        la      t1, proc_table + NPROC * PROC_SIZE
1:      lw      t0, P_STATE(a0)
        beqz    t0, proc_reset          # tail call
        addi    a0, a0, PROC_SIZE
        bltu    a0, t1, 1b
        li      a0, 0
        ret

# proc_user_privs(a0 = slot): a user process's privileges: no kernel call,
# send only to PM, no line, no port, no flag; supervised by PM.
proc_user_privs:
        sw      zero, P_PRIV+PRIV_KCALLS(a0)
        li      t0, 1 << EP_PM
        sw      t0, P_PRIV+PRIV_SENDTO(a0)
        sw      zero, P_PRIV+PRIV_SENDTO+4(a0)
        sw      zero, P_PRIV+PRIV_IRQS(a0)
        li      t0, 1
        sw      t0, P_PRIV+PRIV_IO(a0)
        sw      zero, P_PRIV+PRIV_IO+4(a0)
        sw      t0, P_PRIV+PRIV_IO+8(a0)
        sw      zero, P_PRIV+PRIV_IO+12(a0)
        li      t0, EP_PM
        sw      t0, P_PRIV+PRIV_SUPER(a0)
        sw      zero, P_PRIV+PRIV_FLAGS(a0)
        sw      zero, P_IOMAP(a0)
        ret

# proc_die(a0 = slot, a1 = wait status, a2 = 1 to tell its supervisor):
# the process stops: its pending IPC ends, whoever waits on it gets
# -ESRCH, its grants go, its memory is freed; it stays a ZOMBIE.
proc_die:
        lw      t0, P_STATE(a0)
        beqz    t0, 9f
        li      t1, PROC_ZOMBIE
        beq     t0, t1, 9f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a2, 0(sp)
        mv      s0, a0
        sw      a1, P_XSTATUS(s0)
        call    ipc_unqueue
1:      lw      a0, P_QHEAD(s0)         # its senders fail
        beqz    a0, 2f
        li      a1, -ESRCH
        call    ipc_fail
        j       1b
2:      la      s1, proc_table          # and those receiving from it
3:      lw      t0, P_IPC(s1)
        li      t1, ST_RECV
        bne     t0, t1, 4f
        lw      t0, P_FROM(s1)
        lw      t1, P_EP(s0)
        bne     t0, t1, 4f
        mv      a0, s1
        li      a1, -ESRCH
        call    ipc_fail
4:      addi    s1, s1, PROC_SIZE
        la      t0, proc_table + NPROC * PROC_SIZE
        bltu    s1, t0, 3b
        mv      a0, s0
        call    grant_end_call
        lw      a0, P_EP(s0)
        call    grant_drop_ep
        lw      a0, P_PTROOT(s0)
        call    vm_free
        sw      zero, P_PTROOT(s0)
        sw      zero, P_MEM(s0)
        sw      zero, P_NOTE(s0)
        sw      zero, P_NOTE+4(s0)
        sw      zero, P_KEV(s0)
        sw      zero, P_ALARM(s0)
        sw      zero, P_IPC(s0)
        sw      zero, P_FLAGS(s0)
        li      t0, PROC_ZOMBIE
        sw      t0, P_STATE(s0)
        lw      t0, 0(sp)
        beqz    t0, 8f
        li      t0, 1
        sw      t0, P_DEADNEW(s0)
        lw      a0, P_PRIV+PRIV_SUPER(s0)       # tell its supervisor
        call    kc_live
        bltz    a0, 8f
        li      a1, KEV_DEAD
        call    kev_notify
8:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
9:      ret

        .equ KC_LINE_MAX, 256

        .rodata
kc_msg_call:    .asciz  "kernel call "

        .bss
        .balign 4
kc_linebuf:     .space  KC_LINE_MAX     # KC_DIAG's line, KC_EXEC's name
        .balign PROC_SIZE
proc_table:     .space  NPROC * PROC_SIZE
        .text
