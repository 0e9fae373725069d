# blkdev.s -- the block-device interface: one disk, registered by its
# driver module (modules/disk.s) as a table of BLKOP_* operations.  The
# buffer cache and FAT16 call blk_read, blk_write, blk_flush and
# blk_sectors by the names os/drivers/disk.s gives them; here those names
# are the core's, and call through the table.  With no device registered
# they fail with -EIO (blk_sectors gives 0), as a missing disk does.


        .text

# blkdev_register(a0 = operations, a1 = the driver's module) -> 0, or
# -EBUSY if a device is registered already.
blkdev_register:
        lw      t0, blkdev_ops
        bnez    t0, 1f
        sw      a0, blkdev_ops, t0
        sw      a1, blkdev_owner, t0
        li      a0, 0
        ret
1:      li      a0, -EBUSY
        ret
        EXPORT  blkdev_register

# blkdev_unregister(a0 = operations): that device is gone.
blkdev_unregister:
        lw      t0, blkdev_ops
        bne     t0, a0, 1f
        sw      zero, blkdev_ops, t0
        sw      zero, blkdev_owner, t0
1:      ret
        EXPORT  blkdev_unregister

# The calls, through the table: blk_read(lba, buf, count),
# blk_write(lba, buf, count), blk_flush(), blk_sectors().
.macro BLK_CALL op, none
        lw      t0, blkdev_ops
        beqz    t0, 1f
        lw      t0, \op(t0)
        jr      t0
1:      li      a0, \none
        ret
.endm

blk_read:
        BLK_CALL BLKOP_READ, -EIO
        EXPORT  blk_read
blk_write:
        BLK_CALL BLKOP_WRITE, -EIO
        EXPORT  blk_write
blk_flush:
        BLK_CALL BLKOP_FLUSH, -EIO
        EXPORT  blk_flush
blk_sectors:
        BLK_CALL BLKOP_SECTORS, 0
        EXPORT  blk_sectors

        .data
        .balign 4
blkdev_ops:     .word   0               # the registered table, or 0
blkdev_owner:   .word   0               # its module
