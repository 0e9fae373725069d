# bcache.ko: the buffer cache, os/fs/bcache.s, as a module.  Its functions
# are exported (EXPORT beside each) for the file system; it reads and
# writes through the core's block-device interface, so it depends on the
# disk driver that registers one.

        .include "kmod.inc"

        MODULE_NAME bcache
        MODULE_DESCRIPTION "buffer cache (os/fs/bcache.s)"
        MODULE_DEPENDS disk
        MODULE_INIT bcache_init
        MODULE_EXIT bcache_exit

        .include "fs/bcache.s"

        .text
# bcache_init() -> 0: every buffer empty.
bcache_init:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    bc_init
        li      a0, 0
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# bcache_exit(): every changed buffer written back.
bcache_exit:
        j       bc_sync
