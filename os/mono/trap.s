# trap.s -- trap entry and exit, and what each trap means.
#
# kscratch tells where a trap came from: while a process runs in user mode
# it holds the top of that process's kernel stack, in kernel mode it is 0.
# The entry swaps it with sp.  From user mode, every register goes into the
# trap frame at the top of the kernel stack and the kernel runs below it.
# In kernel mode the only expected traps are interrupts taken in the
# scheduler's idle loop; they run on a stack of their own (ktrap_stack), as
# does the panic report of a kernel fault, so even a kernel fault with a
# broken sp is reported.

        .equ KTRAP_STACK_SIZE, 2048

        .include "lib/trapframe.inc"    # TRAP_SAVE_REGS, TRAP_LOAD_REGS

        .text
        .balign 4

# trap_vector: the address in tvec.  Every trap starts here.
trap_vector:
        csrrw   sp, kscratch, sp
        beqz    sp, trap_from_kernel    # kscratch was 0: the kernel was running
        addi    sp, sp, -TF_SIZE        # the trap frame of cur_proc
        TRAP_SAVE_REGS
        csrrw   t0, kscratch, zero      # the user's sp; kscratch = 0 in the kernel
        sw      t0, TF_SP(sp)
        csrr    t0, epc
        sw      t0, TF_EPC(sp)
        csrr    t0, status
        sw      t0, TF_STATUS(sp)
        mv      a0, sp
        csrr    a1, cause
        call    trap_user
        # fall through: back to the process

# trap_user_ret (sp = cur_proc's trap frame): return to user mode, or end
# the process if it has been killed.  New processes start here too.
trap_user_ret:
        lw      t0, cur_proc
        lw      a0, P_KILLED(t0)
        bnez    a0, 1f
        lw      a0, P_PTROOT(t0)
        call    vm_activate
        addi    t0, sp, TF_SIZE
        csrw    kscratch, t0            # where the next trap's frame goes
        li      t0, STATUS_KERNEL | STATUS_PIE | STATUS_PAGING  # eret: user mode, IE on
        csrw    status, t0
        lw      t0, TF_EPC(sp)
        csrw    epc, t0
        TRAP_LOAD_REGS
        lw      sp, TF_SP(sp)
        eret
1:      call    proc_exit               # a0 = the wait status; never returns

# trap_from_kernel: a trap while the kernel ran (sp = 0, kscratch = the
# kernel's sp).  An interrupt in the idle loop is handled and resumed; any
# exception is a kernel bug: panic.
trap_from_kernel:
        TRAP_FROM_KERNEL

# trap_user(a0 = trap frame, a1 = cause): a trap from user mode.
trap_user:
        li      t0, CAUSE_SYSCALL
        beq     a1, t0, syscall_dispatch        # tail call
        bgez    a1, trap_user_fault             # tail call; never returns
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      t0, INTERRUPT_BIT - 1     # the IRQ number bits
        and     a0, a1, t0
        sw      a0, 8(sp)
        call    trap_irq
        lw      t0, 8(sp)
        li      t1, IRQ_TIMER
        bne     t0, t1, 1f
        call    proc_yield              # the tick ends the time slice
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# trap_irq(a0 = IRQ number): acknowledge the line, then serve the device.
trap_irq:
        li      t0, 1
        sll     t0, t0, a0
        out     t0, PIC_PENDING         # acknowledge (the console's is a level: no effect)
        li      t0, IRQ_TIMER
        beq     a0, t0, proc_tick       # tail call
        li      t0, IRQ_CONSOLE
        beq     a0, t0, uart_intr       # tail call
.ifndef KERNEL_MODULES
        li      t0, IRQ_HOTPLUG
        beq     a0, t0, hotplug_intr    # tail call (devices.s)
.endif
        ret                             # the disk: the driver polls

# trap_user_fault(a0 = trap frame, a1 = cause): the process did something
# it may not: report it on the console and end it with STATUS_FAULT.
#   pid N (NAME): <cause> at pc 0x... address 0x...
trap_user_fault:
        lw      a2, cur_proc
        lw      a2, P_PID(a2)
        call    trap_fault_line
        li      a0, STATUS_FAULT
        call    proc_exit               # never returns

        .bss
        .balign 16
ktrap_stack:    .space  KTRAP_STACK_SIZE
ktrap_stack_top:
