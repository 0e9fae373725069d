# disk.ko: the disk driver, os/drivers/disk.s with the monolithic kernel's
# direct port I/O, as a module.  It registers the block device through
# which the buffer cache and FAT16 reach the disk (blk_read and the rest
# are the core's, os/modular/blkdev.s, calling through this table).

        .include "kmod.inc"
        .include "portio.inc"           # os/mono/portio.inc: in/out themselves

        MODULE_NAME disk
        MODULE_DESCRIPTION "ATA-PIO disk driver (os/drivers/disk.s)"
        MODULE_INIT disk_init
        MODULE_EXIT disk_exit

        .include "drivers/disk.s"

        .text
# disk_init() -> 0, or -EBUSY if a block device is registered already.
disk_init:
        la      a0, disk_ops
        la      a1, __this_module
        j       blkdev_register

# disk_exit(): the block device goes.
disk_exit:
        la      a0, disk_ops
        j       blkdev_unregister

        .rodata
        .balign 4
disk_ops:
        .word   blk_read, blk_write, blk_flush, blk_sectors     # BLKOP_*
