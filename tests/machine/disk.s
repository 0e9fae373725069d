# The disk controller: IDENTIFY, a sector written word by word with out,
# two sectors written with outs, read back with ins and in, compared;
# errors for a range outside the disk and a bad command; FLUSH.
# Run with a disk of at least 8 sectors; sector 1 ends up holding the
# pattern 0x01000000 + word index (the test checks the file afterwards).
.include "test.inc"

.macro WAIT_READY
1:  in t0, DISK_STATUS(zero)
    andi t0, t0, DISK_ST_BUSY
    bnez t0, 1b
.endm

.macro COMMAND lba, count, cmd
    li t0, \lba
    out t0, DISK_LBA(zero)
    li t0, \count
    out t0, DISK_COUNT(zero)
    li t0, \cmd
    out t0, DISK_COMMAND(zero)
.endm

TEST_START
    # 1: IDENTIFY word 0 is the number of sectors (at least 8)
    COMMAND 0, 1, DISK_CMD_IDENTIFY
    la a0, buf
    li a1, 128
    ins a0, a1, DISK_DATA
    CHECK 1, a1, 0                # the count ran down
    la t0, buf + 512
    CHECK 2, a0, buf + 512        # the address moved on
    la a0, buf
    lw s0, 0(a0)
    li gp, 3
    li t0, 8
    bltu s0, t0, fail
    # 4: write sector 1, one word per out
    COMMAND 1, 1, DISK_CMD_WRITE
    in a0, DISK_STATUS(zero)
    andi a0, a0, DISK_ST_DRQ
    CHECK 4, a0, DISK_ST_DRQ
    li a1, 0x01000000
    li a2, 128
5:  out a1, DISK_DATA(zero)
    addi a1, a1, 1
    addi a2, a2, -1
    bnez a2, 5b
    in a0, DISK_STATUS(zero)
    andi a0, a0, DISK_ST_DRQ | DISK_ST_ERR
    CHECK 5, a0, 0
    # 6: write sectors 2-3 from memory with outs
    la a0, buf
    li a1, 256
    li a2, 0x02000000
6:  sw a2, 0(a0)
    addi a0, a0, 4
    addi a2, a2, 1
    addi a1, a1, -1
    bnez a1, 6b
    COMMAND 2, 2, DISK_CMD_WRITE
    la a0, buf
    li a1, 256
    outs a0, a1, DISK_DATA        # re-executes itself per 128 words
    CHECK 6, a1, 0
    # 7: read sectors 1-3 back with ins and compare
    COMMAND 1, 3, DISK_CMD_READ
    la a0, buf2
    li a1, 384
    ins a0, a1, DISK_DATA
    la a0, buf2
    lw a1, 0(a0)
    CHECK 7, a1, 0x01000000
    lw a1, 508(a0)
    CHECK 8, a1, 0x0100007F
    lw a1, 512(a0)
    CHECK 9, a1, 0x02000000
    lw a1, 1532(a0)
    CHECK 10, a1, 0x020000FF
    # 11: a read past the end fails with DISK_ERR_RANGE and no data
    in s1, DISK_STATUS(zero)
    CHECK 11, s1, DISK_ST_READY
    COMMAND 0, 0, DISK_CMD_READ   # count 0
    in a0, DISK_STATUS(zero)
    andi a0, a0, DISK_ST_ERR
    CHECK 12, a0, DISK_ST_ERR
    in a0, DISK_ERROR(zero)
    CHECK 13, a0, DISK_ERR_RANGE
    mv t1, s0
    out t1, DISK_LBA(zero)        # lba = sectors
    li t0, 1
    out t0, DISK_COUNT(zero)
    li t0, DISK_CMD_READ
    out t0, DISK_COMMAND(zero)
    in a0, DISK_ERROR(zero)
    CHECK 14, a0, DISK_ERR_RANGE
    # 15: an unknown command
    li t0, 0x99
    out t0, DISK_COMMAND(zero)
    in a0, DISK_ERROR(zero)
    CHECK 15, a0, DISK_ERR_COMMAND
    # 16: the disk interrupt line went up; acknowledge it
    in a0, PIC_PENDING(zero)
    andi a0, a0, 1 << IRQ_DISK
    CHECK 16, a0, 1 << IRQ_DISK
    # 17: flush succeeds
    COMMAND 0, 1, DISK_CMD_FLUSH
    in a0, DISK_ERROR(zero)
    CHECK 17, a0, DISK_ERR_NONE
    j pass

TEST_END

    .bss
    .balign 4
buf: .space 1024
buf2: .space 1536
