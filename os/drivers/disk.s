# disk.s: the block interface over the ATA-PIO-like disk controller
# (docs/machine.md, "Disk controller").
#
# Ports only through the PIO_* macros of portio.inc, which the including
# unit has already included (with k32.inc for the port numbers).  Commands
# complete at once on this controller (BUSY is never set, but is waited
# for anyway); the status is polled, the disk IRQ is not used.  Sectors are
# SECTOR_SIZE (512) bytes, 128 words; buffers must be word aligned.

        .text

# blk_read(lba a0, buf a1, count a2) -> 0 or -EIO
# Reads count sectors starting at lba into buf.  A count of 0 reads nothing.
blk_read:
        li      a3, DISK_CMD_READ
        j       blk_xfer

# blk_write(lba a0, buf a1, count a2) -> 0 or -EIO
# Writes count sectors from buf to the disk starting at lba.
blk_write:
        li      a3, DISK_CMD_WRITE
        # fall through

# blk_xfer(lba a0, buf a1, count a2, command a3) -> 0 or -EIO
# The transfer shared by blk_read and blk_write.
blk_xfer:
        beqz    a2, 8f
        PIO_OUT a0, DISK_LBA
        PIO_OUT a2, DISK_COUNT
        PIO_OUT a3, DISK_COMMAND
1:      PIO_IN  t0, DISK_STATUS
        andi    t1, t0, DISK_ST_BUSY
        bnez    t1, 1b
        andi    t1, t0, DISK_ST_ERR
        bnez    t1, 9f
        andi    t1, t0, DISK_ST_DRQ
        beqz    t1, 9f
        slli    a2, a2, 7               # words to move
        li      t0, DISK_CMD_READ
        bne     a3, t0, 2f
        PIO_INS a1, a2, DISK_DATA
        j       3f
2:      PIO_OUTS a1, a2, DISK_DATA
3:      PIO_IN  t0, DISK_STATUS
        andi    t1, t0, DISK_ST_ERR | DISK_ST_DRQ
        bnez    t1, 7f                  # failed, or the transfer did not finish
8:      li      a0, 0
        ret
7:      andi    t1, t0, DISK_ST_DRQ     # left half done (the memory was bad):
        beqz    t1, 9f                  # end it, or the next command would
        li      t0, DISK_CMD_FLUSH      # only abort it and fail itself
        PIO_OUT t0, DISK_COMMAND
9:      li      a0, -EIO
        ret

# blk_flush() -> 0 or -EIO
# Makes every sector written so far durable (the host syncs the image).
blk_flush:
        li      t0, DISK_CMD_FLUSH
        PIO_OUT t0, DISK_COMMAND
1:      PIO_IN  t0, DISK_STATUS
        andi    t1, t0, DISK_ST_BUSY
        bnez    t1, 1b
        andi    t1, t0, DISK_ST_ERR
        bnez    t1, 9f
        li      a0, 0
        ret
9:      li      a0, -EIO
        ret

# blk_sectors() -> number of sectors on the disk (0 if there is none)
# IDENTIFY: 128 words, word 0 is the size; read them all to end the
# transfer.
blk_sectors:
        addi    sp, sp, -512
        li      t0, DISK_CMD_IDENTIFY
        PIO_OUT t0, DISK_COMMAND
1:      PIO_IN  t0, DISK_STATUS
        andi    t1, t0, DISK_ST_BUSY
        bnez    t1, 1b
        andi    t1, t0, DISK_ST_ERR
        bnez    t1, 9f
        andi    t1, t0, DISK_ST_DRQ
        beqz    t1, 9f
        mv      a0, sp
        li      a1, 128
        PIO_INS a0, a1, DISK_DATA
        lw      a0, 0(sp)
        addi    sp, sp, 512
        ret
9:      li      a0, 0
        addi    sp, sp, 512
        ret
