# proc.s -- processes: the table, the scheduler, sleep and wakeup, kill,
# and the fork / exit / wait / kill system calls.
#
# There is one CPU and the kernel runs with interrupts off (the idle loop
# aside), so a kernel path runs until it sleeps: no locks.  A process
# switches to the scheduler with kswitch, which keeps only the callee-saved
# registers on the kernel stack; the scheduler picks the next RUNNABLE slot
# round robin and switches to it.

        .text

# kswitch(a0 = where to store the current sp, a1 = sp to resume): save ra,
# s0, s1 on this stack, switch stacks, and return on the other one.
kswitch:
        addi    sp, sp, -16
        sw      ra, 0(sp)
        sw      s0, 4(sp)
        sw      s1, 8(sp)
        sw      sp, 0(a0)
        mv      sp, a1
        lw      ra, 0(sp)
        lw      s0, 4(sp)
        lw      s1, 8(sp)
        addi    sp, sp, 16
        ret

# proc_forkret: where a new process's first kswitch returns (sp = its trap
# frame): straight out to user mode.
proc_forkret:
        j       trap_user_ret

# proc_alloc() -> a zeroed EMBRYO slot with a pid, a kernel stack and a
# first switch that starts it in proc_forkret; 0 when no slot or no page.
proc_alloc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        la      s0, proc_table
        li      t1, NPROC * PROC_SIZE
        add     t1, t1, s0
1:      lw      t0, P_STATE(s0)
        beqz    t0, 2f                  # PROC_UNUSED
        addi    s0, s0, PROC_SIZE
        bltu    s0, t1, 1b
        li      a0, 0
        j       4f
2:      call    kalloc                  # the kernel stack
        beqz    a0, 4f
        mv      t0, s0                  # clear the slot
        addi    t1, s0, PROC_SIZE
3:      sw      zero, 0(t0)
        addi    t0, t0, 4
        bltu    t0, t1, 3b
        sw      a0, P_KSTACK(s0)
        li      t0, KSTACK_SIZE - TF_SIZE
        add     t0, t0, a0
        sw      t0, P_TF(s0)
        addi    t0, t0, -16             # the kswitch frame below the trap frame
        la      t1, proc_forkret
        sw      t1, 0(t0)               # its ra
        sw      t0, P_KSP(s0)
        la      t0, proc_next_pid
        lw      t1, 0(t0)
        sw      t1, P_PID(s0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        li      t0, PROC_EMBRYO
        sw      t0, P_STATE(s0)
        mv      a0, s0
4:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# proc_free(a0 = process): free its kernel stack and the slot.  Its address
# space is already gone (exit) or was never complete (fork).
proc_free:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        lw      a0, P_KSTACK(a0)
        call    kfree
        lw      a0, 8(sp)
        sw      zero, P_KSTACK(a0)
        sw      zero, P_PID(a0)
        sw      zero, P_STATE(a0)       # PROC_UNUSED
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# proc_scheduler(): the scheduler loop, on the boot stack; never returns.
# Runs each RUNNABLE process in turn, starting after the last one run; with
# none, waits for an interrupt.
proc_scheduler:
        la      s0, proc_table          # next slot to look at
1:      li      s1, NPROC               # slots left to look at
2:      lw      t0, P_STATE(s0)
        li      t1, PROC_RUNNABLE
        beq     t0, t1, 4f
        call    proc_next_slot
        addi    s1, s1, -1
        bnez    s1, 2b
        # Nothing to run.  wfi returns as soon as a line is up even with IE
        # off, so enabling interrupts after it cannot miss a wakeup.
        wfi
        li      t0, STATUS_IE
        csrs    status, t0              # the interrupt is taken here
        csrc    status, t0
.ifdef KERNEL_MODULES
        call    hotplug_work            # a safe point (os/modular/busdrv.s)
.endif
        j       1b
4:      li      t0, PROC_RUNNING
        sw      t0, P_STATE(s0)
        sw      s0, cur_proc, t0
        la      a0, proc_sched_ksp
        lw      a1, P_KSP(s0)
        call    kswitch
        sw      zero, cur_proc, t0
        call    proc_next_slot
        j       1b

# proc_next_slot: s0 = the slot after s0, wrapping (scheduler helper).
proc_next_slot:
        addi    s0, s0, PROC_SIZE
        la      t0, proc_table + NPROC * PROC_SIZE
        bltu    s0, t0, 1f
        la      s0, proc_table
1:      ret

# proc_sched(): switch from cur_proc (state already changed) to the
# scheduler; returns when the scheduler runs it again.
proc_sched:
        lw      a0, cur_proc
        addi    a0, a0, P_KSP
        lw      a1, proc_sched_ksp
        j       kswitch                 # tail call

# proc_yield(): give up the CPU; cur_proc stays RUNNABLE.
proc_yield:
        lw      t0, cur_proc
        li      t1, PROC_RUNNABLE
        sw      t1, P_STATE(t0)
        j       proc_sched              # tail call

# proc_sleep(a0 = channel) -> 0, or -EINTR: block until proc_wakeup(chan).
# A process already killed does not sleep; one killed while asleep wakes
# with -EINTR.  Callers loop and re-check what they wait for.
proc_sleep:
        lw      t0, cur_proc
        lw      t1, P_KILLED(t0)
        bnez    t1, 1f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, P_CHAN(t0)
        li      t1, PROC_SLEEPING
        sw      t1, P_STATE(t0)
        call    proc_sched
        lw      t0, cur_proc
        sw      zero, P_CHAN(t0)
        lw      t1, P_KILLED(t0)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        bnez    t1, 1f
        li      a0, 0
        ret
1:      li      a0, -EINTR
        ret

# proc_wakeup(a0 = channel): make every process sleeping on it RUNNABLE.
proc_wakeup:
        la      t0, proc_table
        li      t2, NPROC * PROC_SIZE
        add     t2, t2, t0
1:      lw      t1, P_STATE(t0)
        addi    t1, t1, -PROC_SLEEPING
        bnez    t1, 2f
        lw      t1, P_CHAN(t0)
        bne     t1, a0, 2f
        li      t1, PROC_RUNNABLE
        sw      t1, P_STATE(t0)
2:      addi    t0, t0, PROC_SIZE
        bltu    t0, t2, 1b
        ret

# proc_kill(a0 = process, a1 = wait status): mark it to die with that
# status (the first kill wins) and wake it if it sleeps; it ends on its way
# back to user mode.  Free slots and zombies are left alone.
proc_kill:
        lw      t0, P_STATE(a0)
        beqz    t0, 2f                  # PROC_UNUSED
        li      t1, PROC_ZOMBIE
        beq     t0, t1, 2f
        lw      t1, P_KILLED(a0)
        bnez    t1, 1f
        sw      a1, P_KILLED(a0)
1:      li      t1, PROC_SLEEPING
        bne     t0, t1, 2f
        li      t1, PROC_RUNNABLE
        sw      t1, P_STATE(a0)
2:      ret

# proc_kill_intr(): Ctrl-C: kill with STATUS_INTERRUPTED every process
# that has not asked to be spared (P_INTR), init aside.
proc_kill_intr:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        la      s0, proc_table
1:      lw      t0, P_INTR(s0)
        bnez    t0, 2f
        lw      t0, proc_init
        beq     t0, s0, 2f
        mv      a0, s0
        li      a1, STATUS_INTERRUPTED
        call    proc_kill
2:      addi    s0, s0, PROC_SIZE
        la      t0, proc_table + NPROC * PROC_SIZE
        bltu    s0, t0, 1b
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# proc_tick(): a timer tick: count it and wake the sleepers whose time
# (P_WAKE) has come.
proc_tick:
        la      t0, ticks
        lw      a0, 0(t0)
        addi    a0, a0, 1
        sw      a0, 0(t0)               # a0 = now; t0 = the sleepers' channel
        la      t2, proc_table
1:      lw      t1, P_STATE(t2)
        addi    t1, t1, -PROC_SLEEPING
        bnez    t1, 2f
        lw      t1, P_CHAN(t2)
        bne     t1, t0, 2f
        lw      t1, P_WAKE(t2)
        sub     t1, a0, t1
        bltz    t1, 2f                  # not yet (compared across wraparound)
        li      t1, PROC_RUNNABLE
        sw      t1, P_STATE(t2)
2:      addi    t2, t2, PROC_SIZE
        la      t1, proc_table + NPROC * PROC_SIZE
        bltu    t2, t1, 1b
        ret

# proc_find(a0 = pid) -> the process with that pid (any state but free), or 0.
proc_find:
        blez    a0, 3f
        la      t0, proc_table
        li      t2, NPROC * PROC_SIZE
        add     t2, t2, t0
1:      lw      t1, P_STATE(t0)
        beqz    t1, 2f
        lw      t1, P_PID(t0)
        beq     t1, a0, 4f
2:      addi    t0, t0, PROC_SIZE
        bltu    t0, t2, 1b
3:      li      a0, 0
        ret
4:      mv      a0, t0
        ret

# proc_exit(a0 = wait status): end cur_proc: close its files, free its
# memory, give its children to init, become a zombie for the parent's
# wait.  The kernel stack stays until the parent reaps it.  Never returns.
proc_exit:
        mv      s1, a0
        lw      s0, cur_proc
        lw      t0, proc_init
        bne     s0, t0, 1f
        la      a0, kprint_panic        # init has nothing to go back to
        call    kputs
        la      a0, proc_msg_init_exit
        call    kputs
        mv      a0, s1
        call    kputdec
        li      a0, '\n'
        call    kputc
        j       kpanic_exit
1:      addi    sp, sp, -16
        sw      zero, 12(sp)            # fd
2:      lw      t0, 12(sp)
        slli    t0, t0, 2
        add     t0, t0, s0
        lw      a0, P_OFILE(t0)
        beqz    a0, 3f
        sw      zero, P_OFILE(t0)
        call    file_close
3:      lw      t0, 12(sp)
        addi    t0, t0, 1
        sw      t0, 12(sp)
        li      t1, NOFILE
        bltu    t0, t1, 2b
        lw      a0, P_PTROOT(s0)
        call    vm_free
        sw      zero, P_PTROOT(s0)
        sw      zero, P_MEM(s0)
        sw      s1, P_XSTATUS(s0)
        # Children go to init; a zombie among them needs init's wait.
        li      s1, 0                   # 1 = wake init
        la      t0, proc_table
4:      lw      t1, P_PARENT(t0)
        bne     t1, s0, 5f
        lw      t1, proc_init
        sw      t1, P_PARENT(t0)
        lw      t1, P_STATE(t0)
        addi    t1, t1, -PROC_ZOMBIE
        bnez    t1, 5f
        li      s1, 1
5:      addi    t0, t0, PROC_SIZE
        la      t1, proc_table + NPROC * PROC_SIZE
        bltu    t0, t1, 4b
        li      t0, PROC_ZOMBIE
        sw      t0, P_STATE(s0)
        lw      a0, P_PARENT(s0)        # the parent waits on its own slot
        call    proc_wakeup
        beqz    s1, 6f
        lw      a0, proc_init
        call    proc_wakeup
6:      call    proc_sched
        la      a0, proc_msg_zombie
        li      a1, 0
        call    kpanic

# sys_exit(status): end the calling process with status & 0xFF.
sys_exit:
        andi    a0, a0, 0xFF
        j       proc_exit

# sys_fork() -> the child's pid (the child sees 0), or -EAGAIN when there
# is no free slot or not enough memory for the copy.
sys_fork:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        lw      s1, cur_proc
        call    proc_alloc
        beqz    a0, 8f
        mv      s0, a0
        call    kalloc                  # the child's root table
        beqz    a0, 7f
        sw      a0, P_PTROOT(s0)
        lw      a1, P_PTROOT(s1)
        call    vm_copy
        bltz    a0, 7f
        lw      a0, P_TF(s0)            # the same registers, but a0 = 0
        lw      a1, P_TF(s1)
        li      a2, TF_SIZE
        call    memcpy
        lw      t0, P_TF(s0)
        sw      zero, TF_A0(t0)
        li      t2, 0                   # copy the fields a child inherits
1:      add     t0, s1, t2
        lw      t1, P_BRK(t0)           # P_BRK .. P_INTR
        add     t0, s0, t2
        sw      t1, P_BRK(t0)
        addi    t2, t2, 4
        li      t0, P_INTR + 4 - P_BRK
        bltu    t2, t0, 1b
        lw      t0, P_MEM(s1)
        sw      t0, P_MEM(s0)
        li      t2, 0
2:      add     t0, s1, t2              # the name, a word at a time
        lw      t1, P_NAME(t0)
        add     t0, s0, t2
        sw      t1, P_NAME(t0)
        addi    t2, t2, 4
        li      t0, 16
        bltu    t2, t0, 2b
        sw      zero, 0(sp)             # fd
3:      lw      t0, 0(sp)
        slli    t0, t0, 2
        add     t1, s1, t0
        lw      a0, P_OFILE(t1)
        beqz    a0, 4f
        call    file_dup
        lw      t0, 0(sp)
        slli    t0, t0, 2
        add     t1, s0, t0
        sw      a0, P_OFILE(t1)
4:      lw      t0, 0(sp)
        addi    t0, t0, 1
        sw      t0, 0(sp)
        li      t1, NOFILE
        bltu    t0, t1, 3b
        sw      s1, P_PARENT(s0)
        li      t0, PROC_RUNNABLE
        sw      t0, P_STATE(s0)
        lw      a0, P_PID(s0)
        j       9f
7:      lw      a0, P_PTROOT(s0)        # undo: the partial copy, the slot
        call    vm_free
        mv      a0, s0
        call    proc_free
8:      li      a0, -EAGAIN
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# sys_wait(pid or -1, status pointer or 0) -> the pid of a child that has
# ended (its wait status stored through the pointer), after waiting for
# one if need be; -ECHILD when there is no such child, -EFAULT for a bad
# pointer, -EINTR when killed while waiting.
sys_wait:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)              # pid
        sw      a1, 12(sp)              # status pointer
        beqz    a1, 1f
        mv      a0, a1                  # check it before anything is reaped
        li      a1, 4
        li      a2, 1
        call    vm_user_range
        beqz    a0, 6f
1:      li      s1, 0                   # 1 = a matching child exists
        la      s0, proc_table
2:      lw      t0, P_STATE(s0)
        beqz    t0, 3f
        lw      t1, P_PARENT(s0)
        lw      t2, cur_proc
        bne     t1, t2, 3f
        lw      t1, 16(sp)
        li      t2, -1
        beq     t1, t2, 21f
        lw      t2, P_PID(s0)
        bne     t1, t2, 3f
21:     li      s1, 1
        li      t1, PROC_ZOMBIE
        beq     t0, t1, 5f
3:      addi    s0, s0, PROC_SIZE
        la      t0, proc_table + NPROC * PROC_SIZE
        bltu    s0, t0, 2b
        li      a0, -ECHILD
        beqz    s1, 9f
        lw      a0, cur_proc
        call    proc_sleep              # exit wakes the parent's own slot
        bltz    a0, 9f
        j       1b
5:      lw      a0, 12(sp)              # reap the zombie s0
        beqz    a0, 51f
        addi    a1, s0, P_XSTATUS
        li      a2, 4
        call    copyout
        bltz    a0, 9f
51:     lw      a0, P_PID(s0)
        sw      a0, 16(sp)
        mv      a0, s0
        call    proc_free
        lw      a0, 16(sp)
        j       9f
6:      li      a0, -EFAULT
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# sys_kill(pid) -> 0: the process dies with STATUS_KILLED; -ESRCH when no
# process has that pid, -EPERM for init.
sys_kill:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    proc_find
        beqz    a0, 1f
        lw      t0, proc_init
        beq     a0, t0, 2f
        li      a1, STATUS_KILLED
        call    proc_kill
        li      a0, 0
        j       3f
1:      li      a0, -ESRCH
        j       3f
2:      li      a0, -EPERM
3:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
proc_msg_init_exit:     .asciz  "init exited with status "
proc_msg_zombie:        .asciz  "a zombie ran"

        .data
        .balign 4
proc_next_pid:  .word   1       # pid of the next process (init gets 1)
cur_proc:       .word   0       # the running process (0 in the scheduler)
proc_init:      .word   0       # init's slot: orphans go to it
proc_sched_ksp: .word   0       # the scheduler's sp while a process runs
ticks:          .word   0       # timer ticks since boot

        .bss
        .balign 4
proc_table:     .space  NPROC * PROC_SIZE
