# Control registers: csrrw/csrrs/csrrc return the old value and write,
# set or clear bits; x0 as the source of csrrs/csrrc only reads; instret
# counts retired instructions and ignores writes; tvec and epc keep word
# alignment; eret restores mode and interrupt enable from PKERNEL and PIE.
.include "test.inc"

TEST_START
    li a1, 0x1234
    csrrw a0, kscratch, a1
    CHECK 1, a0, 0
    li a1, 0x00F0
    csrrs a0, kscratch, a1
    CHECK 2, a0, 0x1234
    csrrs a0, kscratch, zero
    CHECK 3, a0, 0x12F4
    li a1, 0x1004
    csrrc a0, kscratch, a1
    csrrs a0, kscratch, zero
    CHECK 4, a0, 0x02F0
    # 5: instret advances by one per instruction
    csrrs a0, instret, zero
    csrrs a1, instret, zero
    sub a0, a1, a0
    CHECK 5, a0, 1
    csrrs a0, instreth, zero
    CHECK 6, a0, 0
    li a1, 5
    csrrs a2, instret, zero
    csrrw zero, instret, a1
    csrrs a0, instret, zero
    sub a0, a0, a2
    CHECK 7, a0, 2                # the write was ignored
    # 8: tvec and epc drop the low two bits
    li a1, 0x2003
    csrrw zero, epc, a1
    csrrs a0, epc, zero
    CHECK 8, a0, 0x2000
    # 9: eret restores KERNEL from PKERNEL and IE from PIE, and jumps to epc
    la t0, 10f
    csrrw zero, epc, t0
    li t0, STATUS_KERNEL | STATUS_PKERNEL     # PIE clear: IE stays off
    csrrw zero, status, t0
    eret
    j fail
10: csrrs a0, status, zero
    andi a0, a0, STATUS_KERNEL | STATUS_IE
    CHECK 9, a0, STATUS_KERNEL
    # 10: status keeps only its defined bits
    li t0, -1
    csrrw a1, status, t0
    csrrw a0, status, a1
    CHECK 10, a0, 0x1F
    # 11: ptbase and badaddr are plain registers
    li a1, 0x5000
    csrrw zero, ptbase, a1
    csrrs a0, ptbase, zero
    CHECK 11, a0, 0x5000
    csrrw zero, ptbase, zero
    j pass

TEST_END
