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

# Save x1 and x3..x15 at 4*N(sp) (sp itself is saved by the caller).
.macro TRAP_SAVE_REGS
        .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        sw      x\n, 4*\n(sp)
        .endr
.endm

# Load x1 and x3..x15 from 4*N(sp).
.macro TRAP_LOAD_REGS
        .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        lw      x\n, 4*\n(sp)
        .endr
.endm

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
        la      sp, ktrap_stack_top
        addi    sp, sp, -TF_SIZE
        TRAP_SAVE_REGS
        csrrw   t0, kscratch, zero      # the interrupted sp; kscratch back to 0
        sw      t0, TF_SP(sp)
        csrr    t0, epc
        sw      t0, TF_EPC(sp)
        csrr    t0, status
        sw      t0, TF_STATUS(sp)
        csrr    a1, cause
        bgez    a1, trap_kernel_fault   # no INTERRUPT_BIT
        li      t0, INTERRUPT_BIT - 1     # the IRQ number bits
        and     a0, a1, t0
        call    trap_irq
        lw      t0, TF_EPC(sp)
        csrw    epc, t0
        lw      t0, TF_STATUS(sp)
        csrw    status, t0
        TRAP_LOAD_REGS
        lw      sp, TF_SP(sp)
        eret

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
        ret                             # the disk: the driver polls

# trap_user_fault(a0 = trap frame, a1 = cause): the process did something
# it may not: report it on the console and end it with STATUS_FAULT.
#   pid N (NAME): <cause> at pc 0x... address 0x...
trap_user_fault:
        mv      s0, a0
        mv      s1, a1
        la      a0, trap_msg_pid
        call    kputs
        lw      t0, cur_proc
        lw      a0, P_PID(t0)
        call    kputdec
        la      a0, trap_msg_open
        call    kputs
        lw      a0, cur_proc
        addi    a0, a0, P_NAME
        call    kputs
        la      a0, trap_msg_close
        call    kputs
        mv      a0, s1
        call    trap_cause_text
        call    kputs
        mv      a0, s0
        call    trap_put_where
        li      a0, STATUS_FAULT
        call    proc_exit               # never returns

# trap_put_where(a0 = trap frame): " at pc 0x... address 0x...\n", the
# address from badaddr.
trap_put_where:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a0, trap_msg_pc
        call    kputs
        lw      a0, 8(sp)
        lw      a0, TF_EPC(a0)
        call    kputhex
        la      a0, trap_msg_addr
        call    kputs
        csrr    a0, badaddr
        call    kputhex
        li      a0, '\n'
        call    kputc
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# trap_cause_text(a0 = cause) -> a short description of the exception.
trap_cause_text:
        addi    t0, a0, -1
        li      t1, CAUSE_IO_VIOLATION
        bgeu    t0, t1, 1f              # not 1..CAUSE_IO_VIOLATION
        slli    t0, t0, 2
        la      t1, trap_cause_names
        add     t0, t0, t1
        lw      a0, 0(t0)
        ret
1:      la      a0, trap_name_unknown
        ret

# trap_kernel_fault (sp = the kernel trap frame, a1 = cause): an exception
# in kernel mode.  Print the cause, pc, bad address and every register,
# then end the run with KERNEL_PANIC_STATUS.  A fault while reporting one
# ends the run at once.
trap_kernel_fault:
        la      t0, trap_panicking
        lw      t1, 0(t0)
        bnez    t1, kpanic_exit
        li      t1, 1
        sw      t1, 0(t0)
        mv      s0, sp                  # the frame
        mv      s1, a1
        la      a0, kprint_panic
        call    kputs
        mv      a0, s1
        call    trap_cause_text
        call    kputs
        mv      a0, s0
        call    trap_put_where
        li      s1, 1                   # register number
1:      addi    a0, s1, -1
        la      t0, trap_reg_names
        slli    a0, a0, 2
        add     a0, a0, t0              # "ra " ... 4 bytes each
        call    kputs
        slli    t0, s1, 2
        add     t0, t0, s0
        lw      a0, 0(t0)
        call    kputhex
        li      a0, '\n'
        andi    t0, s1, 3
        beqz    t0, 2f                  # four to a line
        li      a0, ' '
2:      call    kputc
        addi    s1, s1, 1
        li      t0, 16
        bltu    s1, t0, 1b
        la      a0, trap_msg_status
        call    kputs
        lw      a0, TF_STATUS(s0)
        call    kputhex
        li      a0, '\n'
        call    kputc
        j       kpanic_exit

        .rodata
        .balign 4
trap_cause_names:                       # by cause, from CAUSE_ILLEGAL
        .word   trap_name_illegal, trap_name_privileged, trap_name_syscall, trap_name_break
        .word   trap_name_mis_fetch, trap_name_mis_load, trap_name_mis_store
        .word   trap_name_fetch, trap_name_load, trap_name_store, trap_name_bus, trap_name_io
trap_reg_names:                         # x1..x15, 4 bytes each
        .asciz  "ra ", "sp ", "gp ", "tp ", "t0 ", "t1 ", "t2 ", "s0 "
        .asciz  "s1 ", "a0 ", "a1 ", "a2 ", "a3 ", "a4 ", "a5 "
trap_name_illegal:      .asciz  "illegal instruction"
trap_name_privileged:   .asciz  "privileged instruction"
trap_name_syscall:      .asciz  "syscall"
trap_name_break:        .asciz  "break instruction"
trap_name_mis_fetch:    .asciz  "misaligned fetch"
trap_name_mis_load:     .asciz  "misaligned load"
trap_name_mis_store:    .asciz  "misaligned store"
trap_name_fetch:        .asciz  "page fault on fetch"
trap_name_load:         .asciz  "page fault on load"
trap_name_store:        .asciz  "page fault on store"
trap_name_bus:          .asciz  "bus error"
trap_name_io:           .asciz  "I/O port violation"
trap_name_unknown:      .asciz  "unknown trap"
trap_msg_pid:           .asciz  "pid "
trap_msg_open:          .asciz  " ("
trap_msg_close:         .asciz  "): "
trap_msg_pc:            .asciz  " at pc "
trap_msg_addr:          .asciz  " address "
trap_msg_status:        .asciz  "status "

        .data
        .balign 4
trap_panicking: .word   0       # 1 once a kernel fault is being reported

        .bss
        .balign 16
ktrap_stack:    .space  KTRAP_STACK_SIZE
ktrap_stack_top:
