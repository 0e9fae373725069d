# trap.s -- trap entry and exit, the scheduler, interrupts and faults.
#
# Every process's registers live in the trap frame inside its slot.  While
# a process runs in user mode, kscratch holds the end of that frame; in
# kernel mode it is 0.  The entry swaps it with sp, saves the registers
# into the frame and continues on the one kernel stack: the kernel never
# blocks, so a process that waits is only a state in its slot, and leaving
# the kernel is always "load some process's frame and eret" (proc_run).
# Interrupts taken in the idle loop run on ktrap_stack.

        .equ KTRAP_STACK_SIZE, 2048

        .include "lib/trapframe.inc"    # TRAP_SAVE_REGS, TRAP_LOAD_REGS

        .text
        .balign 4

# trap_vector: the address in tvec.  From user mode: save the frame, then
# with s1 = the slot, and the user's a0..a5 t0..t2 still in their
# registers, dispatch a syscall on a5: 1..SYS_time a system call turned
# into a message, IPC_*, KC_*, else -ENOSYS.
trap_vector:
        csrrw   sp, kscratch, sp
        beqz    sp, trap_from_kernel    # kscratch was 0: the kernel was running
        addi    sp, sp, -TF_SIZE
        TRAP_SAVE_REGS
        csrrw   s0, kscratch, zero      # the user's sp; kscratch = 0 in the kernel
        sw      s0, TF_SP(sp)
        csrr    s0, epc
        addi    s1, sp, -P_FRAME        # the slot
        la      sp, kstack_top - 16     # (16 bytes of scratch above sp)
        csrr    ra, cause
        li      gp, CAUSE_SYSCALL
        bne     ra, gp, trap_other
        addi    s0, s0, 4               # resume after the syscall
        sw      s0, P_FRAME+TF_EPC(s1)
        addi    gp, a5, -1
        li      tp, SYS_time
        bltu    gp, tp, sys_message     # ipc.s
        addi    gp, a5, -IPC_SEND
        li      tp, IPC_FORWARD - IPC_SEND + 1
        bltu    gp, tp, ipc_call        # ipc.s
        addi    gp, a5, -KC_DEVIO
        li      tp, KC_SPAWN - KC_DEVIO + 1
        bltu    gp, tp, kc_call         # kcall.s
        li      a0, -ENOSYS             # no such call: a0 only, as on mono
        sw      a0, P_FRAME+TF_A0(s1)
        mv      a0, s1
        j       proc_run

# trap_other (s0 = epc, s1 = slot, ra = cause): an interrupt or a fault in
# user mode.
trap_other:
        sw      s0, P_FRAME+TF_EPC(s1)
        bgez    ra, trap_user_fault
        li      t0, INTERRUPT_BIT - 1
        and     a0, ra, t0
        sw      a0, 0(sp)
        call    trap_irq
        lw      t0, 0(sp)
        bnez    t0, 1f                  # IRQ_TIMER: the tick ends the slice
        j       sched
1:      lw      a0, cur_proc
        j       proc_run

# trap_user_fault (s1 = slot, ra = cause): print the monolithic kernel's
# fault line and kill the process (STATUS_FAULT; its supervisor is told).
trap_user_fault:
        addi    a0, s1, P_FRAME
        mv      a1, ra
        lw      a2, P_PID(s1)
        call    trap_fault_line
        mv      a0, s1
        li      a1, STATUS_FAULT
        li      a2, 1
        call    proc_die
        j       sched

# proc_run(a0 = slot): leave the kernel into that process, with its
# address space and its I/O permission map (iomap.s).  Never returns.
proc_run:
        sw      a0, cur_proc, t0
        lw      t1, P_IOMAP(a0)
        csrw    iomap, t1
        lw      t1, P_PTROOT(a0)
        la      t0, vm_loaded_root
        lw      t2, 0(t0)
        beq     t1, t2, 1f
        sw      t1, 0(t0)
        csrw    ptbase, t1
1:      addi    sp, a0, P_FRAME
        addi    t0, sp, TF_SIZE
        csrw    kscratch, t0            # where the next trap's frame goes
        li      t0, STATUS_KERNEL | STATUS_PIE | STATUS_PAGING  # eret: user mode, IE on
        csrw    status, t0
        lw      t0, TF_EPC(sp)
        csrw    epc, t0
        TRAP_LOAD_REGS
        lw      sp, TF_SP(sp)
        eret

# sched(): run the next RUNNABLE process after cur_proc's slot, round
# robin; with none, wait for an interrupt.  Never returns.
sched:
        la      sp, kstack_top - 16
        lw      s0, cur_proc
        bnez    s0, 1f
        la      s0, proc_table
1:      li      s1, NPROC
2:      addi    s0, s0, PROC_SIZE
        la      t0, proc_table + NPROC * PROC_SIZE
        bltu    s0, t0, 3f
        la      s0, proc_table
3:      lw      t0, P_STATE(s0)
        li      t1, PROC_RUNNABLE
        bne     t0, t1, 4f
        mv      a0, s0
        j       proc_run
4:      addi    s1, s1, -1
        bnez    s1, 2b
        # Nothing to run.  wfi returns as soon as a line is up even with IE
        # off, so enabling interrupts after it cannot miss a wakeup.
        wfi
        li      t0, STATUS_IE
        csrs    status, t0              # the interrupt is taken here
        csrc    status, t0
        j       1b

# sched_to(a0 = slot): run that process if it is RUNNABLE (the fast path of
# a call: straight to the server), else the scheduler.  Never returns.
sched_to:
        lw      t0, P_STATE(a0)
        li      t1, PROC_RUNNABLE
        beq     t0, t1, proc_run
        j       sched

# trap_from_kernel: a trap while the kernel ran (sp = 0, kscratch = the
# kernel's sp).  An interrupt in the idle loop is handled and resumed; any
# exception is a kernel bug: panic.
trap_from_kernel:
        TRAP_FROM_KERNEL

# trap_irq(a0 = IRQ number): the timer is the kernel's (ticks, alarms), and
# so is the hot-plug bus (hotplug.s); another line is masked, acknowledged
# and its owner notified (m1 = 1 << irq).
trap_irq:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      t0, 1
        sll     t0, t0, a0
        out     t0, PIC_PENDING         # acknowledge
        bnez    a0, 1f
        call    trap_tick
        j       9f
1:      li      t1, IRQ_HOTPLUG
        bne     a0, t1, 2f
        call    hp_irq
        j       9f
2:      la      t1, pic_mask            # mask the line until the owner asks
        lw      t2, 0(t1)
        not     t0, t0
        and     t2, t2, t0
        sw      t2, 0(t1)
        out     t2, PIC_MASK
        not     a1, t0
        slli    t0, a0, 2
        la      t1, irq_owner
        add     t0, t0, t1
        lw      a0, 0(t0)
        beqz    a0, 9f
        call    kev_notify
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# trap_tick(): count a tick; notify (KEV_ALARM) each process whose alarm is due.
trap_tick:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        la      t0, ticks
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        la      s0, proc_table
1:      lw      t0, P_ALARM(s0)
        beqz    t0, 2f
        lw      t1, ticks
        sub     t1, t1, t0
        bltz    t1, 2f
        sw      zero, P_ALARM(s0)
        mv      a0, s0
        li      a1, KEV_ALARM
        call    kev_notify
2:      addi    s0, s0, PROC_SIZE
        la      t0, proc_table + NPROC * PROC_SIZE
        bltu    s0, t0, 1b
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .data
        .balign 4
cur_proc:       .word   0       # the process that trapped (its slot)
ticks:          .word   0       # timer ticks since boot
sched_hint:     .word   0       # a process just answered: runs next if its server blocks

        .bss
        .balign 4
irq_owner:      .space  16 * 4  # slot notified for each line (0: none)
        .balign 16
ktrap_stack:    .space  KTRAP_STACK_SIZE
ktrap_stack_top:
