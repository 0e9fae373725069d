# file.s -- open files, descriptors and the file system calls.
#
# The global file table holds NFILE entries of FILE_SIZE bytes (kernel.inc);
# a process's P_OFILE slots point into it.  Entries for the same file or
# directory share one in-memory node (the inode table), so every
# descriptor sees one size and one cluster chain; a file or directory that
# is open cannot be removed (-EBUSY, as on FAT systems).  Reads and writes of disk files
# move data straight between the buffer cache and the user's pages, one
# page-contiguous chunk at a time (vm_user_range); console and pipe data
# go through their own routines (tty.s, pipe.s).

        .equ TTY_BOUNCE, 256            # most bytes one console read returns

        .text

# file_alloc() -> a zeroed file entry with one reference, or 0 if the table is full.
file_alloc:
        la      a0, file_table
        li      t1, NFILE * FILE_SIZE
        add     t1, t1, a0
1:      bgeu    a0, t1, 3f
        lw      t0, F_REF(a0)
        beqz    t0, 2f
        addi    a0, a0, FILE_SIZE
        j       1b
2:      addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        li      a1, 0
        li      a2, FILE_SIZE
        call    memset
        lw      a0, 8(sp)
        li      t0, 1
        sw      t0, F_REF(a0)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
3:      li      a0, 0
        ret

# file_dup(a0 = file) -> the same file, with one more reference.
file_dup:
        lw      t0, F_REF(a0)
        addi    t0, t0, 1
        sw      t0, F_REF(a0)
        ret

# file_close(a0 = file): drop a reference; the last one closes the pipe end
# or, for a file that was written, syncs the file system.
file_close:
        lw      t0, F_REF(a0)
        addi    t0, t0, -1
        sw      t0, F_REF(a0)
        bnez    t0, 3f
        lw      t1, F_INODE(a0)
        beqz    t1, 2f
        sw      zero, F_INODE(a0)
        lw      t2, I_REF(t1)
        addi    t2, t2, -1
        sw      t2, I_REF(t1)
2:
.ifdef KERNEL_MODULES
        lw      t1, F_CDEV(a0)          # the last close of a character device
        beqz    t1, 4f
        sw      zero, F_CDEV(a0)
        sw      zero, F_TYPE(a0)
        mv      a0, t1
        j       chrdev_close            # tail call
4:
.endif
        lw      t1, F_TYPE(a0)
        sw      zero, F_TYPE(a0)
        li      t2, T_PIPE
        bne     t1, t2, 1f
        lw      a1, F_WRITER(a0)
        lw      a0, F_PIPE(a0)
        j       pipe_close              # tail call
1:      lw      t1, F_DIRTY(a0)
        beqz    t1, 3f
        j       fs_sync                 # tail call; its result is dropped
3:      ret

# file_find_inode(a0 = node) -> the in-use inode of the same directory
# entry, or 0.
file_find_inode:
        lw      a1, NODE_DIRSEC(a0)
        lw      a2, NODE_DIROFF(a0)
        la      a0, file_inodes
        li      t0, NINODE * INODE_SIZE
        add     t0, t0, a0
1:      bgeu    a0, t0, 3f
        lw      t1, I_REF(a0)
        beqz    t1, 2f
        lw      t1, I_NODE+NODE_DIRSEC(a0)
        bne     t1, a1, 2f
        lw      t1, I_NODE+NODE_DIROFF(a0)
        beq     t1, a2, 4f
2:      addi    a0, a0, INODE_SIZE
        j       1b
3:      li      a0, 0
4:      ret

# file_intern(a0 = file whose F_NODE was just looked up) -> 0, F_INODE
# set: the inode already in use for that entry, or a new one; -ENFILE.
file_intern:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        addi    a0, s0, F_NODE
        call    file_find_inode
        bnez    a0, 3f
        la      a0, file_inodes         # a free one
        li      t0, NINODE * INODE_SIZE
        add     t0, t0, a0
1:      bgeu    a0, t0, 8f
        lw      t1, I_REF(a0)
        beqz    t1, 2f
        addi    a0, a0, INODE_SIZE
        j       1b
2:      sw      a0, F_INODE(s0)
        addi    a0, a0, I_NODE
        addi    a1, s0, F_NODE
        li      a2, NODE_SIZE
        call    memcpy
        lw      a0, F_INODE(s0)
3:      sw      a0, F_INODE(s0)
        lw      t1, I_REF(a0)
        addi    t1, t1, 1
        sw      t1, I_REF(a0)
        li      a0, 0
        j       9f
8:      li      a0, -ENFILE
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# file_console() -> a new file entry for the console (one reference), or 0.
file_console:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    file_alloc
        beqz    a0, 1f
        li      t0, T_DEV
        sw      t0, F_TYPE(a0)
        li      t0, O_RDWR
        sw      t0, F_FLAGS(a0)
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# file_get(a0 = fd) -> the current process's file for fd, or 0.
file_get:
        li      t0, NOFILE
        bgeu    a0, t0, 1f              # also catches negative fds
        la      t0, cur_proc
        lw      t0, 0(t0)
        slli    a0, a0, 2
        add     t0, t0, a0
        lw      a0, P_OFILE(t0)
        ret
1:      li      a0, 0
        ret

# file_fdalloc(a0 = file) -> the lowest free descriptor, now pointing at
# the file, or -EMFILE.
file_fdalloc:
        la      t0, cur_proc
        lw      t0, 0(t0)
        addi    t0, t0, P_OFILE
        li      t1, 0
1:      lw      t2, 0(t0)
        beqz    t2, 2f
        addi    t0, t0, 4
        addi    t1, t1, 1
        li      t2, NOFILE
        bltu    t1, t2, 1b
        li      a0, -EMFILE
        ret
2:      sw      a0, 0(t0)
        mv      a0, t1
        ret

# file_check_user(a0 = va, a1 = n > 0, a2 = 1 to write) -> 0, or -EFAULT
# unless every byte of the range is mapped for the access.
file_check_user:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a2, 0(sp)
        mv      s0, a0
        mv      s1, a1
1:      mv      a0, s0
        mv      a1, s1
        lw      a2, 0(sp)
        call    vm_user_range
        beqz    a0, 2f
        add     s0, s0, a1
        sub     s1, s1, a1
        bnez    s1, 1b
        li      a0, 0
        j       3f
2:      li      a0, -EFAULT
3:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# file_user_path(a0 = kernel buffer of PATH_MAX, a1 = user path) -> length,
# or -EFAULT / -ENAMETOOLONG; an empty path is -ENOENT.
file_user_path:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a2, PATH_MAX
        call    copyinstr
        bnez    a0, 1f
        li      a0, -ENOENT
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# The current process's directory (first cluster) in a0.
.macro CWD_TO_A0
        la      a0, cur_proc
        lw      a0, 0(a0)
        lw      a0, P_CWD(a0)
.endm

# sys_open(path, flags) -> fd.
sys_open:
        addi    sp, sp, -160
        sw      ra, 156(sp)
        sw      s0, 152(sp)
        sw      s1, 148(sp)
        mv      s1, a1                  # flags
        mv      a1, a0                  # the user's path
        andi    t0, s1, 3
        li      t1, 3
        li      a0, -EINVAL
        beq     t0, t1, 9f
        mv      a0, sp
        call    file_user_path          # path at 0(sp)
        bltz    a0, 9f
        call    file_alloc
        mv      s0, a0
        li      a0, -ENFILE
        beqz    s0, 9f
        sw      s1, F_FLAGS(s0)
.ifdef KERNEL_MODULES
        mv      a0, sp                  # /dev/NAME: a character device
        call    chrdev_open
        beqz    a0, 4f
        bltz    a0, 8f
        sw      a0, F_CDEV(s0)
        li      t0, T_DEV
        sw      t0, F_TYPE(s0)
        j       3f
4:
.endif
        CWD_TO_A0
        mv      a1, sp
        addi    a2, s0, F_NODE
        call    fs_lookup
        li      t0, -ENOENT
        bne     a0, t0, 1f
        andi    t0, s1, O_CREAT
        beqz    t0, 1f
        CWD_TO_A0
        mv      a1, sp
        addi    a2, s0, F_NODE
        call    fs_create
        li      t0, 1
        sw      t0, F_DIRTY(s0)
1:      bltz    a0, 8f
        mv      a0, s0
        call    file_intern
        bltz    a0, 8f
        lbu     t0, F_NODE+NODE_ATTR(s0)
        andi    t0, t0, ATTR_DIR
        beqz    t0, 2f
        li      t0, T_DIR               # a directory: read-only, for getdents
        sw      t0, F_TYPE(s0)
        andi    t0, s1, 3
        li      a0, -EISDIR
        bnez    t0, 8f
        j       3f
2:      li      t0, T_FILE
        sw      t0, F_TYPE(s0)
        andi    t0, s1, O_TRUNC
        beqz    t0, 3f
        andi    t0, s1, 3
        beqz    t0, 3f                  # O_TRUNC needs write access
        lw      a0, F_INODE(s0)
        addi    a0, a0, I_NODE
        call    fs_truncate
        bltz    a0, 8f
        li      t0, 1
        sw      t0, F_DIRTY(s0)
3:      mv      a0, s0
        call    file_fdalloc
        bgez    a0, 9f
8:      mv      s1, a0                  # undo: drop the entry, keep the error
        mv      a0, s0
        call    file_close
        mv      a0, s1
9:      lw      s1, 148(sp)
        lw      s0, 152(sp)
        lw      ra, 156(sp)
        addi    sp, sp, 160
        ret

# sys_close(fd) -> 0.
sys_close:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        call    file_get
        beqz    a0, 1f
        la      t0, cur_proc            # clear the slot, then close
        lw      t0, 0(t0)
        slli    t1, s0, 2
        add     t0, t0, t1
        sw      zero, P_OFILE(t0)
        call    file_close
        li      a0, 0
        j       2f
1:      li      a0, -EBADF
2:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# sys_dup(fd) -> a new descriptor for the same file.
sys_dup:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    file_get
        mv      s0, a0
        li      a0, -EBADF
        beqz    s0, 1f
        mv      a0, s0
        call    file_fdalloc
        bltz    a0, 1f
        lw      t0, F_REF(s0)
        addi    t0, t0, 1
        sw      t0, F_REF(s0)
1:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# sys_read(fd, buf, n) -> bytes read (0 at the end).
# sys_write(fd, buf, n) -> bytes written.
# Both check the descriptor, its access mode and the whole user range first.
sys_read:
        li      a3, 1                   # a3 = 1: read (the buffer is written)
        j       file_rw
sys_write:
        li      a3, 0
file_rw:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 16(sp)              # user buffer
        sw      a2, 12(sp)              # n
        sw      a3, 8(sp)               # 1 = read
        call    file_get
        mv      s0, a0
        li      a0, -EBADF
        beqz    s0, .Lrw_out
        lw      t0, F_FLAGS(s0)         # access mode: 0 read, 1 write, 2 both
        andi    t0, t0, 3
        lw      t1, 8(sp)
        beqz    t1, 1f
        li      t2, O_WRONLY            # reading needs mode 0 or 2
        beq     t0, t2, .Lrw_out
        j       2f
1:      beqz    t0, .Lrw_out            # writing needs mode 1 or 2
2:      lw      t0, 12(sp)
        li      a0, -EINVAL
        bltz    t0, .Lrw_out
        li      a0, 0
        beqz    t0, .Lrw_out
        lw      a0, 16(sp)
        lw      a1, 12(sp)
        lw      a2, 8(sp)
        call    file_check_user
        bltz    a0, .Lrw_out
        lw      t0, F_TYPE(s0)
        li      t1, T_PIPE
        beq     t0, t1, .Lrw_pipe
        li      t1, T_DEV
        beq     t0, t1, .Lrw_dev
        li      t1, T_FILE
        li      a0, -EISDIR
        bne     t0, t1, .Lrw_out
        # a disk file: chunk by chunk at F_OFF
        lw      t0, 8(sp)
        bnez    t0, 3f
        lw      t0, F_FLAGS(s0)         # writing with O_APPEND: at the end
        andi    t0, t0, O_APPEND
        beqz    t0, 3f
        lw      t0, F_INODE(s0)
        lw      t0, I_NODE+NODE_FSIZE(t0)
        sw      t0, F_OFF(s0)
3:      li      s1, 0                   # bytes done
4:      lw      t0, 12(sp)
        bgeu    s1, t0, 7f
        lw      a0, 16(sp)
        add     a0, a0, s1
        sub     a1, t0, s1
        li      t0, PAGE_SIZE           # ask for at most a page: checked already
        bleu    a1, t0, 1f
        mv      a1, t0
1:      lw      a2, 8(sp)
        call    vm_user_range           # a0 = physical, a1 = bytes in this page
        mv      a2, a0
        mv      a3, a1
        lw      a0, F_INODE(s0)
        addi    a0, a0, I_NODE
        lw      a1, F_OFF(s0)
        sw      a3, 4(sp)               # chunk size
        lw      t0, 8(sp)
        beqz    t0, 5f
        call    fs_read
        j       6f
5:      li      t0, 1
        sw      t0, F_DIRTY(s0)
        call    fs_write
6:      bltz    a0, 8f
        lw      t0, F_OFF(s0)
        add     t0, t0, a0
        sw      t0, F_OFF(s0)
        add     s1, s1, a0
        lw      t0, 4(sp)
        beq     a0, t0, 4b              # a short chunk: the end of the file
7:      mv      a0, s1
        j       .Lrw_out
8:      bnez    s1, 7b                  # an error after some bytes: report the bytes
        j       .Lrw_out
.Lrw_pipe:
        lw      a0, F_PIPE(s0)
        lw      a1, 16(sp)
        lw      a2, 12(sp)
        lw      t0, 8(sp)
        beqz    t0, 1f
        call    pipe_read
        j       .Lrw_out
1:      call    pipe_write
        j       .Lrw_out
.Lrw_dev:
.ifdef KERNEL_MODULES
        lw      a0, F_CDEV(s0)          # a character device, not the console
        beqz    a0, .Lrw_console
        lw      a1, 16(sp)
        lw      a2, 12(sp)
        lw      a3, 8(sp)
        call    chrdev_rw
        j       .Lrw_out
.Lrw_console:
.endif
        lw      t0, 8(sp)
        beqz    t0, 3f
        la      a0, file_bounce         # console read: one line through the bounce buffer
        lw      a1, 12(sp)
        li      t0, TTY_BOUNCE
        bleu    a1, t0, 1f
        mv      a1, t0
1:      call    tty_read
        blez    a0, .Lrw_out
        mv      s1, a0
        lw      a0, 16(sp)
        la      a1, file_bounce
        mv      a2, s1
        call    copyout
        bltz    a0, .Lrw_out
        mv      a0, s1
        j       .Lrw_out
3:      li      s1, 0                   # console write: chunk by chunk
4:      lw      t0, 12(sp)
        bgeu    s1, t0, 5f
        lw      a0, 16(sp)
        add     a0, a0, s1
        sub     a1, t0, s1
        li      t0, PAGE_SIZE
        bleu    a1, t0, 6f
        mv      a1, t0
6:      li      a2, 0
        call    vm_user_range
        add     s1, s1, a1
        call    tty_write
        j       4b
5:      mv      a0, s1
.Lrw_out:
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# sys_lseek(fd, offset, whence) -> the new offset, counted from where
# whence (SEEK_SET, SEEK_CUR, SEEK_END) says.
sys_lseek:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        sw      a2, 4(sp)
        call    file_get
        lw      a1, 8(sp)
        lw      a2, 4(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        beqz    a0, 8f
        lw      t0, F_TYPE(a0)
        li      t1, T_FILE
        beq     t0, t1, 1f
        li      t1, T_DIR
        bne     t0, t1, 7f
1:      li      t0, SEEK_SET
        beq     a2, t0, 3f
        li      t0, SEEK_CUR
        bne     a2, t0, 2f
        lw      t0, F_OFF(a0)
        add     a1, a1, t0
        j       3f
2:      li      t0, SEEK_END
        bne     a2, t0, 6f
        lw      t0, F_INODE(a0)                 # SEEK_END
        lw      t0, I_NODE+NODE_FSIZE(t0)
        add     a1, a1, t0
3:      bltz    a1, 6f
        sw      a1, F_OFF(a0)
        mv      a0, a1
        ret
6:      li      a0, -EINVAL
        ret
7:      li      a0, -ESPIPE
        ret
8:      li      a0, -EBADF
        ret

# sys_fstat(fd, stat) -> 0, the STAT record filled (STAT_MTIME: the
# directory entry's write stamp, fs_mtime; 0 for pipes and the console).
sys_fstat:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      a1, 24(sp)
        call    file_get
        beqz    a0, 2f
        lw      t0, F_TYPE(a0)
        sw      t0, STAT_TYPE(sp)
        sw      zero, STAT_FSIZE(sp)
        sw      zero, STAT_INO(sp)
        sw      zero, STAT_ATTR(sp)
        sw      zero, STAT_MTIME(sp)
        li      t1, T_FILE
        beq     t0, t1, 1f
        li      t1, T_DIR
        bne     t0, t1, 3f
1:      lw      a0, F_INODE(a0)
        lw      t0, I_NODE+NODE_FSIZE(a0)
        sw      t0, STAT_FSIZE(sp)
        lw      t0, I_NODE+NODE_CLUSTER(a0)
        sw      t0, STAT_INO(sp)
        lbu     t0, I_NODE+NODE_ATTR(a0)
        sw      t0, STAT_ATTR(sp)
        addi    a0, a0, I_NODE          # the entry's write stamp
        call    fs_mtime
        sw      a0, STAT_MTIME(sp)
3:      lw      a0, 24(sp)
        mv      a1, sp
        li      a2, STAT_SIZE
        call    copyout
        j       4f
2:      li      a0, -EBADF
4:      lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# sys_getdents(fd, buf, n) -> bytes of DIRENT records written (0 at the end).
sys_getdents:
        addi    sp, sp, -64
        sw      ra, 60(sp)
        sw      s0, 56(sp)
        sw      s1, 52(sp)
        sw      a1, 48(sp)              # user buffer
        sw      a2, 44(sp)              # n
        call    file_get
        mv      s0, a0
        li      a0, -EBADF
        beqz    s0, 9f
        lw      t0, F_TYPE(s0)
        li      t1, T_DIR
        li      a0, -ENOTDIR
        bne     t0, t1, 9f
        lw      t0, 44(sp)
        li      t1, DIRENT_SIZE
        li      a0, -EINVAL
        blt     t0, t1, 9f
        li      s1, 0                   # bytes written
1:      lw      t0, 44(sp)
        sub     t0, t0, s1
        li      t1, DIRENT_SIZE
        blt     t0, t1, 8f
        lw      a0, F_INODE(s0)
        addi    a0, a0, I_NODE
        lw      a1, F_OFF(s0)
        mv      a2, sp                  # one record at 0(sp)
        call    fs_readdir
        blez    a0, 7f
        sw      a0, 40(sp)              # the next index
        lw      a0, 48(sp)
        add     a0, a0, s1
        mv      a1, sp
        li      a2, DIRENT_SIZE
        call    copyout
        bltz    a0, 9f
        lw      t0, 40(sp)
        sw      t0, F_OFF(s0)
        addi    s1, s1, DIRENT_SIZE
        j       1b
7:      bltz    a0, 9f                  # an error from the file system
8:      mv      a0, s1
9:      lw      s1, 52(sp)
        lw      s0, 56(sp)
        lw      ra, 60(sp)
        addi    sp, sp, 64
        ret

# file_path_call(a0 = user path, a1 = fs function(dir, path), a2 = 1 to
# refuse an open file or directory, or a process's current one, with -EBUSY) -> its result, after
# syncing when it succeeded: unlink, mkdir and rmdir.
file_path_call:
        addi    sp, sp, -192
        sw      ra, 188(sp)
        sw      a1, 184(sp)
        sw      a2, 180(sp)
        mv      a1, a0
        mv      a0, sp                  # path at 0(sp), a node at 128(sp)
        call    file_user_path
        bltz    a0, 1f
        lw      t0, 180(sp)
        beqz    t0, 2f
        CWD_TO_A0
        mv      a1, sp
        addi    a2, sp, 128
        call    fs_lookup
        bltz    a0, 1f
        addi    a0, sp, 128
        call    file_find_inode
        mv      t0, a0
        li      a0, -EBUSY
        bnez    t0, 1f
        lbu     t0, 128+NODE_ATTR(sp)   # a directory that is someone's cwd
        andi    t0, t0, ATTR_DIR
        beqz    t0, 2f
        lw      a0, 128+NODE_CLUSTER(sp)
        call    file_cwd_busy
        mv      t0, a0
        li      a0, -EBUSY
        bnez    t0, 1f
2:      CWD_TO_A0
        mv      a1, sp
        lw      t0, 184(sp)
        jalr    ra, 0(t0)
        bltz    a0, 1f
        call    fs_sync
1:      lw      ra, 188(sp)
        addi    sp, sp, 192
        ret

# file_cwd_busy(a0 = a directory's first cluster) -> 1 if it is the current
# directory of a process that is alive, else 0.  Such a directory cannot be
# removed (-EBUSY, as an open one): its freed clusters would otherwise be
# where that process goes on creating files (sysfuzz found this).
file_cwd_busy:
        la      t0, proc_table
        li      t1, NPROC
1:      lw      t2, P_STATE(t0)
        beqz    t2, 2f                  # PROC_UNUSED
        li      a1, PROC_ZOMBIE
        beq     t2, a1, 2f
        lw      t2, P_CWD(t0)
        beq     t2, a0, 3f
2:      addi    t0, t0, PROC_SIZE
        addi    t1, t1, -1
        bnez    t1, 1b
        li      a0, 0
        ret
3:      li      a0, 1
        ret

# sys_unlink(path), sys_mkdir(path), sys_rmdir(path) -> 0.
sys_unlink:
        la      a1, fs_unlink
        li      a2, 1
        j       file_path_call
sys_mkdir:
        la      a1, fs_mkdir
        li      a2, 0
        j       file_path_call
sys_rmdir:
        la      a1, fs_rmdir
        li      a2, 1
        j       file_path_call

# sys_chdir(path) -> 0: the directory becomes the process's current one.
sys_chdir:
        addi    sp, sp, -176
        sw      ra, 172(sp)
        mv      a1, a0
        addi    a0, sp, 32              # path at 32(sp), node at 0(sp)
        call    file_user_path
        bltz    a0, 1f
        CWD_TO_A0
        addi    a1, sp, 32
        mv      a2, sp
        call    fs_lookup
        bltz    a0, 1f
        lbu     t0, NODE_ATTR(sp)
        andi    t0, t0, ATTR_DIR
        li      a0, -ENOTDIR
        beqz    t0, 1f
        lw      t0, NODE_CLUSTER(sp)
        la      t1, cur_proc
        lw      t1, 0(t1)
        sw      t0, P_CWD(t1)
        li      a0, 0
1:      lw      ra, 172(sp)
        addi    sp, sp, 176
        ret

# sys_pipe(fds) -> 0: fds[0] reads what fds[1] writes.
sys_pipe:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)              # user fds
        li      t0, -1
        sw      t0, 8(sp)               # read fd (none yet)
        sw      t0, 12(sp)              # write fd
        sw      zero, 4(sp)             # the pipe
        li      s0, 0                   # read file
        li      s1, 0                   # write file
        li      a1, 8
        li      a2, 1
        call    file_check_user
        bltz    a0, 9f
        call    pipe_alloc
        sw      a0, 4(sp)
        li      t0, -ENOMEM
        beqz    a0, 8f
        call    file_alloc
        mv      s0, a0
        li      t0, -ENFILE
        beqz    s0, 7f
        call    file_alloc
        mv      s1, a0
        li      t0, -ENFILE
        beqz    s1, 7f
        li      t0, T_PIPE
        sw      t0, F_TYPE(s0)
        sw      t0, F_TYPE(s1)
        lw      t0, 4(sp)
        sw      t0, F_PIPE(s0)
        sw      t0, F_PIPE(s1)
        li      t0, O_RDONLY
        sw      t0, F_FLAGS(s0)
        li      t0, O_WRONLY
        sw      t0, F_FLAGS(s1)
        li      t0, 1
        sw      t0, F_WRITER(s1)
        mv      a0, s0
        call    file_fdalloc
        sw      a0, 8(sp)
        mv      t0, a0
        bltz    a0, 7f
        mv      a0, s1
        call    file_fdalloc
        sw      a0, 12(sp)
        mv      t0, a0
        bltz    a0, 7f
        lw      a0, 16(sp)
        addi    a1, sp, 8
        li      a2, 8
        call    copyout                 # checked above: cannot fail
        li      a0, 0
        j       9f
7:      sw      t0, 0(sp)               # undo: descriptors, files, pipe
        la      t1, cur_proc
        lw      t1, 0(t1)
        lw      t0, 8(sp)
        bltz    t0, 1f
        slli    t0, t0, 2
        add     t0, t0, t1
        sw      zero, P_OFILE(t0)
1:      lw      t0, 12(sp)
        bltz    t0, 2f
        slli    t0, t0, 2
        add     t0, t0, t1
        sw      zero, P_OFILE(t0)
2:      beqz    s0, 3f
        sw      zero, F_REF(s0)
        sw      zero, F_TYPE(s0)
3:      beqz    s1, 4f
        sw      zero, F_REF(s1)
        sw      zero, F_TYPE(s1)
4:      lw      a0, 4(sp)
        call    kfree
        lw      a0, 0(sp)
        j       9f
8:      mv      a0, t0
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# sys_sync() -> 0: every changed block is on the disk.
sys_sync:
        j       fs_sync

        .bss
        .balign 4
file_table:     .space NFILE * FILE_SIZE
file_bounce:    .space TTY_BOUNCE
        .balign 4
file_inodes:    .space NINODE * INODE_SIZE

        .text

# fs_copyout(dst a0, src a1, n a2), fs_copyin(dst a0, src a1, n a2): the
# hooks through which fat16.s copies file data out of and into the buffer
# cache.  The monolithic kernel reaches user pages by their physical
# address, so both are plain memcpy (the microkernel's FS copies through
# the client's grant instead).
fs_copyout:
        tail    memcpy
fs_copyin:
        tail    memcpy
