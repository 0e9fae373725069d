# fat16.ko: the FAT16 file system, os/fs/fat16.s, as a module.  It
# registers the file-system operations the core's file layer calls
# (os/modular/vfs.s); the kernel mounts it as the root.

        .include "kmod.inc"
        .include "portio.inc"           # os/mono/portio.inc
        .include "fs/fs.inc"

        MODULE_NAME fat16
        MODULE_DESCRIPTION "FAT16 file system (os/fs/fat16.s)"
        MODULE_DEPENDS bcache
        MODULE_INIT fat16_init
        MODULE_EXIT fat16_exit

        .include "fs/fat16.s"

        .text
# fat16_init() -> 0: the operations registered (mounting is fs_init's).
fat16_init:
        la      a0, fat16_ops
        la      a1, __this_module
        j       vfs_register

# fat16_exit(): written back, then unregistered.
fat16_exit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    fs_sync
        la      a0, fat16_ops
        call    vfs_unregister
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_copyout/fs_copyin(dst, src, n): file data between the cache and the
# kernel addresses the core gives (fat16.s leaves them to its includer).
fs_copyout:
fs_copyin:
        j       memcpy

# The operations under the names a debugger user looks for.
        .set    fat16_mount, fs_init
        .set    fat16_lookup, fs_lookup
        .set    fat16_read, fs_read
        .set    fat16_write, fs_write

        .rodata
        .balign 4
fat16_ops:                              # FSOP_*
        .word   fs_init, fs_lookup, fs_create, fs_read, fs_write, fs_truncate
        .word   fs_unlink, fs_mkdir, fs_rmdir, fs_readdir, fs_sync, fs_mtime
