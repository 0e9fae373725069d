# Every synchronous trap cause K32 raises in kernel mode, with cause, epc and
# badaddr checked.  (User-mode causes: trap_user.s; page faults: paging.s.)
.include "test.inc"

TEST_START
    # 1: opcode 0 is illegal; badaddr holds the instruction word
    EXPECT_TRAP 1, CAUSE_ILLEGAL
    .word 0x00000000
    EXPECT_TRAP_END 1
    CHECK 1, a4, 0
    # 2: an unused opcode
    EXPECT_TRAP 2, CAUSE_ILLEGAL
    .word 0x0000003F
    EXPECT_TRAP_END 2
    CHECK 2, a4, 0x3F
    # 3: a known opcode with reserved bits set (add with bits 31:20 set)
    EXPECT_TRAP 3, CAUSE_ILLEGAL
    .word 0x00100001 | 0xFFF00000
    EXPECT_TRAP_END 3
    # 4: slli by more than 31
    EXPECT_TRAP 4, CAUSE_ILLEGAL
    .word 0x00200019
    EXPECT_TRAP_END 4
    # 5: a control register that does not exist
    EXPECT_TRAP 5, CAUSE_ILLEGAL
    csrrw a0, 0x100, zero
    EXPECT_TRAP_END 5
    # 6: syscall; epc is the syscall itself
    EXPECT_TRAP 6, CAUSE_SYSCALL
7:  syscall
    EXPECT_TRAP_END 6
    la t0, 7b
    li gp, 6
    bne a5, t0, fail
    # 7: break (ebreak)
    EXPECT_TRAP 7, CAUSE_BREAK
    ebreak
    EXPECT_TRAP_END 7
    # 8: misaligned load (word and half), badaddr = the address
    EXPECT_TRAP 8, CAUSE_MISALIGNED_LOAD
    li a1, 0x2002
    lw a0, 0(a1)
    EXPECT_TRAP_END 8
    CHECK 8, a4, 0x2002
    EXPECT_TRAP 9, CAUSE_MISALIGNED_LOAD
    lhu a0, 1(a1)
    EXPECT_TRAP_END 9
    CHECK 9, a4, 0x2003
    # 10: misaligned store
    EXPECT_TRAP 10, CAUSE_MISALIGNED_STORE
    sw a0, 1(a1)
    EXPECT_TRAP_END 10
    CHECK 10, a4, 0x2003
    EXPECT_TRAP 11, CAUSE_MISALIGNED_STORE
    sh a0, -1(a1)
    EXPECT_TRAP_END 11
    # 12: bus errors: loads and stores outside RAM (16 MiB)
    EXPECT_TRAP 12, CAUSE_BUS_ERROR
    li a1, 0x01000000
    lw a0, 0(a1)
    EXPECT_TRAP_END 12
    CHECK 12, a4, 0x01000000
    EXPECT_TRAP 13, CAUSE_BUS_ERROR
    li a1, 0xFFFFFFFF
    sb a0, 0(a1)
    EXPECT_TRAP_END 13
    CHECK 13, a4, 0xFFFFFFFF
    # 14: a load that was not executed leaves its destination alone
    li a0, 1234
    EXPECT_TRAP 14, CAUSE_BUS_ERROR
    li a1, 0x01FFFFFC
    lw a0, 0(a1)
    EXPECT_TRAP_END 14
    CHECK 14, a0, 1234
    # 15: misaligned jump target: the jalr traps, ra unchanged, badaddr = target
    li ra, 77
    EXPECT_TRAP 15, CAUSE_MISALIGNED_FETCH
    la t1, 16f + 2
16: jalr ra, 0(t1)
    EXPECT_TRAP_END 15
    CHECK 15, ra, 77
    la t0, 16b + 2
    li gp, 15
    bne a4, t0, fail
    # 17: a fetch outside RAM: epc and badaddr are the bad pc
    li gp, 17
    li s1, CAUSE_BUS_ERROR
    SET_TVEC fetch_handler
    li t1, 0x02000000
    jalr ra, 0(t1)
    li gp, 17
    li t0, 0x02000000
    bne a4, t0, fail
    bne a5, t0, fail
    # 18: after a trap: status says kernel, and the previous mode was kernel
    EXPECT_TRAP 18, CAUSE_BREAK
    break
    EXPECT_TRAP_END 18
    csrrs a0, status, zero
    andi a0, a0, STATUS_KERNEL | STATUS_PKERNEL
    CHECK 18, a0, STATUS_KERNEL | STATUS_PKERNEL
    j pass


# For fetch faults: resume at ra (the faulting pc cannot be returned to).
fetch_handler:
    csrrs t0, cause, zero
    bne t0, s1, fail
    csrrs a4, badaddr, zero
    csrrs a5, epc, zero
    csrrw zero, epc, ra
    eret

TEST_END
