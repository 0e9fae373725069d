# kfault.s -- reports of faults, shared by both kernels: the cause and
# where it happened, for the line a user fault prints
# (`pid N (NAME): <cause> at pc 0x... address 0x...`, trap_fault_line), and
# the register dump of a kernel fault (trap_kernel_fault), which ends the
# run.  The kernel provides the trap frame layout (TF_*) and cur_proc's
# P_PID and P_NAME.

        .text

# trap_fault_line(a0 = trap frame, a1 = cause, a2 = pid): print the fault
# line of cur_proc (its name), with that number.
trap_fault_line:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a2, 0(sp)
        mv      s0, a0
        mv      s1, a1
        la      a0, trap_msg_pid
        call    kputs
        lw      a0, 0(sp)
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
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

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
.ifdef KERNEL_MODULES
        lw      a0, TF_EPC(s0)          # "pc 0x... = fat16+0x1c4"
        call    mod_put_where
.endif
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
