# User mode: every privileged instruction traps (I/O instructions with
# CAUSE_IO_VIOLATION and the port in badaddr), syscalls trap to the kernel
# with the previous mode recorded, and the I/O permission map opens ports.
.include "test.inc"

TEST_START
    EXPECT_TRAP 1, CAUSE_IO_VIOLATION
    ENTER_USER
    out a0, UART_DATA(zero)
    EXPECT_TRAP_END 1
    CHECK 1, a4, UART_DATA
    EXPECT_TRAP 2, CAUSE_IO_VIOLATION
    ENTER_USER
    li a1, 0x10
    in a0, DISK_STATUS(a1)
    EXPECT_TRAP_END 2
    CHECK 2, a4, DISK_STATUS + 0x10
    EXPECT_TRAP 3, CAUSE_IO_VIOLATION
    ENTER_USER
    la a0, buffer
    li a1, 4
    ins a0, a1, DISK_DATA
    EXPECT_TRAP_END 3
    EXPECT_TRAP 4, CAUSE_IO_VIOLATION
    ENTER_USER
    outs a0, a1, DEBUG_EXIT
    EXPECT_TRAP_END 4
    EXPECT_TRAP 5, CAUSE_PRIVILEGED
    ENTER_USER
    csrrw a0, status, zero
    EXPECT_TRAP_END 5
    EXPECT_TRAP 6, CAUSE_PRIVILEGED
    ENTER_USER
    csrrs a0, instret, zero
    EXPECT_TRAP_END 6
    EXPECT_TRAP 7, CAUSE_PRIVILEGED
    ENTER_USER
    halt
    EXPECT_TRAP_END 7
    EXPECT_TRAP 8, CAUSE_PRIVILEGED
    ENTER_USER
    eret
    EXPECT_TRAP_END 8
    EXPECT_TRAP 9, CAUSE_PRIVILEGED
    ENTER_USER
    wfi
    EXPECT_TRAP_END 9
    EXPECT_TRAP 10, CAUSE_PRIVILEGED
    ENTER_USER
    tlbflush
    EXPECT_TRAP_END 10
    # 11: badaddr of a privileged-instruction trap is the instruction word
    EXPECT_TRAP 11, CAUSE_PRIVILEGED
    ENTER_USER
    .word 0x00000042              # halt
    EXPECT_TRAP_END 11
    CHECK 11, a4, 0x42
    # 12: syscall from user mode: PKERNEL clear in status at the handler
    li gp, 12
    SET_TVEC check_mode_handler
    ENTER_USER
    syscall
    CHECK 12, a3, 0               # status & PKERNEL seen by the handler
    # 13: the I/O permission map lets user mode use the ports it marks
    la t0, iomap
    csrrw zero, iomap, t0
    li t1, 1 << (DEBUG_PRINT & 7)
    sb t1, (DEBUG_PRINT >> 3)(t0)
    EXPECT_TRAP 13, CAUSE_IO_VIOLATION
    ENTER_USER
    li a0, '+'
    out a0, DEBUG_PRINT(zero)     # allowed: no trap
    out a0, DEBUG_PRINT + 1(zero) # the next port is not
    EXPECT_TRAP_END 13
    CHECK 13, a4, DEBUG_PRINT + 1
    j pass


check_mode_handler:
    csrrs a3, status, zero
    andi a3, a3, STATUS_PKERNEL
    csrrs t0, epc, zero
    addi t0, t0, 4
    csrrw zero, epc, t0
    li t0, STATUS_KERNEL | STATUS_PKERNEL
    csrrw zero, status, t0
    eret

TEST_END

    .bss
    .balign 4096
iomap: .space 8192
buffer: .space 64
