# vfs.s -- the file-system interface: the root file system is a module
# (modules/fat16.s) that registers a table of FSOP_* operations.  The file
# layer (os/mono/file.s, exec.s, shared with the monolithic kernel) calls
# fs_lookup, fs_read and the rest of docs/os.md's interface by name; here
# those names call through the table.  With no file system registered
# every call fails with -EIO.


        .text

# vfs_register(a0 = operations, a1 = the module) -> 0, or -EBUSY if a
# file system is registered already.
vfs_register:
        lw      t0, vfs_ops
        bnez    t0, 1f
        sw      a0, vfs_ops, t0
        sw      a1, vfs_owner, t0
        li      a0, 0
        ret
1:      li      a0, -EBUSY
        ret
        EXPORT  vfs_register

# vfs_unregister(a0 = operations).
vfs_unregister:
        lw      t0, vfs_ops
        bne     t0, a0, 1f
        sw      zero, vfs_ops, t0
        sw      zero, vfs_owner, t0
1:      ret
        EXPORT  vfs_unregister

# vfs_mount() -> fs_init's result: the registered file system mounted as
# the root, which holds a reference to its module from then on (so
# `rmmod fat16` is refused: in use).
vfs_mount:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    fs_init
        bltz    a0, 1f
        lw      a0, vfs_owner
        call    mod_get
        li      a0, 0
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

.macro FS_CALL op
        lw      t0, vfs_ops
        beqz    t0, 1f
        lw      t0, \op(t0)
        jr      t0
1:      li      a0, -EIO
        ret
.endm

fs_init:        FS_CALL FSOP_INIT
fs_lookup:      FS_CALL FSOP_LOOKUP
fs_create:      FS_CALL FSOP_CREATE
fs_read:        FS_CALL FSOP_READ
fs_write:       FS_CALL FSOP_WRITE
fs_truncate:    FS_CALL FSOP_TRUNCATE
fs_unlink:      FS_CALL FSOP_UNLINK
fs_mkdir:       FS_CALL FSOP_MKDIR
fs_rmdir:       FS_CALL FSOP_RMDIR
fs_readdir:     FS_CALL FSOP_READDIR
fs_sync:        FS_CALL FSOP_SYNC
fs_mtime:       FS_CALL FSOP_MTIME

        .data
        .balign 4
vfs_ops:        .word   0               # the registered table, or 0
vfs_owner:      .word   0               # its module
