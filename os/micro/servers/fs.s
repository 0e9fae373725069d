# fs.s -- the file system server: module "fs", endpoint EP_FS.
#
# Gives user programs the monolithic kernel's file calls (os/mono/file.s,
# os/mono/pipe.s) with the same results, over messages (docs/micro.md,
# "System calls become messages" and "The servers"):
#
# - A user call arrives from the kernel as m0 = SYS_*, m1..m4 = the user's
#   a0..a3 with each pointer replaced by a call grant (0 for NULL); t0 = the
#   client's endpoint.  The reply's m0 is the call's result (reply(), an
#   IPC_SENDNB, so a client that died never blocks FS).
# - Per endpoint (NPROC of them): NOFILE descriptors and a current
#   directory (fs_file.inc); the global open-file table and the shared
#   in-memory nodes as in the monolithic kernel.
# - Pipes (fs_pipe.inc): a call that must wait is recorded and answered
#   later, so FS itself never blocks on a client.
# - Console descriptors (T_DEV): the call goes on to the console driver
#   with IPC_FORWARD, which replies to the client itself.
# - PM's messages: FS_FORK, FS_EXIT, FS_NEWPROC, FS_EXEC, FS_SYNC (and
#   RS's FS_EXEC: a device driver's program, read into RS's buffer).
# - The clock: a user's SYS_time goes on to the clock driver (EP_RTC)
#   with IPC_FORWARD, as console calls go to the console driver; FS's own
#   clock_now() (the FAT16 code's stamps) is a sendrec to it.
# - The FAT16 code (os/fs) is the monolithic kernel's, unchanged: its block
#   layer (blk_*) is a sendrec to the disk driver, and file data moves
#   through the client's own grant without a copy in FS: fs_read/fs_write
#   get the address FS_WINDOW + offset (an address FS never uses) and every
#   copy or disk transfer at such an address goes to the client's grant
#   (fs_copyout/fs_copyin here; blk_read/blk_write pass the grant on to the
#   disk driver, which moves the sectors straight into the client's memory).

        .include "server.s"
        .include "fs/fs.inc"

        .equ FS_WINDOW, 0xC0000000      # file data at FS_WINDOW + n: byte n of fs_client_grant
        .equ FS_NOREPLY, 0x80000000     # a handler's result: answered already, or later
        .equ FS_BLK_TRIES, 8            # sends of one block request to a driver that keeps failing
        .equ FS_VERIFY_CHUNK, 16        # sectors of a client's data summed at a time (fs_check)

        .text

# main(): initialise the file system, then serve requests forever.
main:
        call    fs_init
        bgez    a0, 1f
        la      t0, fs_broken           # no usable disk: every disk call fails -EIO
        li      t1, 1
        sw      t1, 0(t0)
        la      a1, fs_msg_nodisk
        li      t0, -EIO
        beq     a0, t0, 2f
        la      a1, fs_msg_notfat
2:      la      a0, fs_msg_fmt
        call    dprintf
1:      li      a0, EP_ANY
        la      a1, fs_msg
        call    ipc_receive
        bnez    a0, 1b
        mv      s0, a1                  # s0: the source
        li      t0, NPROC
        bgeu    s0, t0, 1b              # not an endpoint: nothing to answer
        la      s1, fs_msg
        lw      t0, 0(s1)
        li      t1, MSG_NOTIFY
        beq     t0, t1, 1b              # RS's "the driver is back" only matters in fs_blk
        addi    t1, t0, -1
        li      t2, SYS_time
        bgeu    t1, t2, 3f
        call    fs_syscall              # a user's call
        j       5f
3:      li      t1, FS_FORK
        bltu    t0, t1, 4f
        li      t1, FS_SYNC
        bgtu    t0, t1, 4f
        li      t1, EP_PM               # PM's messages: from PM only,
        beq     s0, t1, 31f
        li      a0, -EPERM              # but for RS's FS_EXEC
        li      t1, EP_RS
        bne     s0, t1, 5f
        li      t1, FS_EXEC
        bne     t0, t1, 5f
31:     call    fs_pmcall
        j       5f
4:      li      a0, -EINVAL
5:      li      t0, FS_NOREPLY
        beq     a0, t0, 1b
        mv      a1, a0
        mv      a0, s0
        call    reply
        j       1b

# fs_syscall(client s0, message s1) -> the call's result, or FS_NOREPLY.
# Makes the client current (fs_client, fs_cur) and runs the handler of
# its SYS_* number with a0..a3 = m1..m4.
fs_syscall:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      t0, fs_client
        sw      s0, 0(t0)
        li      t1, FS_PROC_SIZE
        mul     t1, t1, s0
        la      t2, fs_procs
        add     t1, t1, t2
        la      t0, fs_cur
        sw      t1, 0(t0)
        lw      t0, 0(s1)               # the handler
        slli    t0, t0, 2
        la      t1, fs_calls
        add     t0, t0, t1
        lw      t0, 0(t0)
        li      a0, -ENOSYS
        beqz    t0, 1f
        lw      a0, 4(s1)
        lw      a1, 8(s1)
        lw      a2, 12(s1)
        lw      a3, 16(s1)
        jalr    ra, 0(t0)
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_pmcall(message s1) -> the result for PM: FS_FORK, FS_EXIT,
# FS_NEWPROC, FS_EXEC, FS_SYNC.
fs_pmcall:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      t0, 0(s1)
        lw      a0, 4(s1)
        lw      a1, 8(s1)
        lw      a2, 12(s1)
        lw      a3, 16(s1)
        li      t1, FS_FORK
        bne     t0, t1, 1f
        call    fs_fork
        j       9f
1:      li      t1, FS_EXIT
        bne     t0, t1, 2f
        call    fs_exit
        j       9f
2:      li      t1, FS_NEWPROC
        bne     t0, t1, 3f
        call    fs_newproc
        j       9f
3:      li      t1, FS_EXEC
        bne     t0, t1, 4f
        call    fs_exec
        j       9f
4:      call    fs_sys_sync             # FS_SYNC
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_proc(ep a0) -> its record in fs_procs (descriptors, cwd), or 0 when
# ep is not an endpoint.
fs_proc:
        li      t0, NPROC
        bgeu    a0, t0, 1f
        li      t1, FS_PROC_SIZE
        mul     a0, a0, t1
        la      t1, fs_procs
        add     a0, a0, t1
        ret
1:      li      a0, 0
        ret

# fs_exec(ep a0, length a1, _, grant a3) -> bytes of the file now at the
# start of the granted buffer; -ENOENT (also the empty path), -ENOTDIR,
# -EISDIR, -EFAULT, -ENAMETOOLONG, -ENOMEM (larger than the buffer), -EIO.
# PM's FS_EXEC: the path is the string at the start of the buffer,
# relative to the client's current directory; then the whole file goes
# into the buffer from offset 0.  a1 = the buffer's length when PM gives
# it (0: unknown; an overflow then fails in the copy).
fs_exec:
        addi    sp, sp, -176
        sw      ra, 172(sp)
        sw      s0, 168(sp)
        sw      s1, 164(sp)
        mv      s1, a3                  # s1: the grant
        sw      a1, 160(sp)
        call    fs_proc
        mv      s0, a0                  # s0: the client's record
        li      a0, -ESRCH
        beqz    s0, 9f
        mv      a0, s1                  # the path at 32(sp)
        addi    a1, sp, 32
        li      a2, PATH_MAX
        call    fs_safecopy_str
        bltz    a0, 9f
        li      a0, -ENOENT
        lbu     t0, 32(sp)
        beqz    t0, 9f
        lw      t0, fs_broken
        li      a0, -EIO
        bnez    t0, 9f
        lw      a0, FS_PROC_CWD(s0)     # the node at 0(sp)
        addi    a1, sp, 32
        mv      a2, sp
        call    fs_lookup
        bltz    a0, 9f
        lbu     t0, NODE_ATTR(sp)
        andi    t0, t0, ATTR_DIR
        li      a0, -EISDIR
        bnez    t0, 9f
        lw      a3, NODE_FSIZE(sp)
        lw      t0, 160(sp)
        li      a0, -ENOMEM
        beqz    t0, 1f
        bgtu    a3, t0, 9f
1:      la      t0, fs_client_grant
        sw      s1, 0(t0)
        la      t0, fs_copy_err
        sw      zero, 0(t0)
        mv      a0, sp
        li      a1, 0
        li      a2, FS_WINDOW
        call    fs_read
        lw      t0, fs_copy_err
        beqz    t0, 9f
        li      a0, -ENOMEM             # the buffer ended before the file
9:      lw      s1, 164(sp)
        lw      s0, 168(sp)
        lw      ra, 172(sp)
        addi    sp, sp, 176
        ret

# --- copying through grants ---------------------------------------------------

# fs_safecopy(grant a0, offset a1, local a2, n a3, dir a4: 1 = to the
# granter) -> 0 or -errno.  Grant 0 (a NULL pointer) is -EFAULT without
# asking the kernel.
fs_safecopy:
        beqz    a0, 1f
        KCALL   KC_SAFECOPY
        ret
1:      li      a0, -EFAULT
        ret

# fs_safecopy_str(grant a0, local a1, max a2) -> length of the string
# copied, or -EFAULT / -ENAMETOOLONG (grant 0: -EFAULT).
fs_safecopy_str:
        beqz    a0, 1f
        KCALL   KC_SAFECOPY_STR
        ret
1:      li      a0, -EFAULT
        ret

# fs_probe(grant a0, n a1 > 0) -> 0, or -EFAULT unless every byte of the
# client's readable grant can be read: one byte of each page (the last
# byte first, then offsets 0, PAGE_SIZE, ...).  The monolithic kernel
# checks a whole user range before a write uses any of it.
fs_probe:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)
        mv      s0, a1                  # s0: n
        addi    a1, a1, -1
        li      s1, -PAGE_SIZE          # s1: the next offset (first: n - 1)
1:      lw      a0, 16(sp)
        addi    a2, sp, 0
        li      a3, 1
        li      a4, 0
        call    fs_safecopy
        bnez    a0, 9f
        li      t0, PAGE_SIZE
        add     s1, s1, t0
        mv      a1, s1
        bltu    s1, s0, 1b
        li      a0, 0
        j       8f
9:      li      a0, -EFAULT
8:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_copyout(dst a0, src a1, n a2): fat16.s's copy of file data out of
# the cache.  A dst at FS_WINDOW + k is byte k of the client's grant
# (fs_client_grant); a failure sets fs_copy_err.  Else memcpy.
fs_copyout:
        li      t0, FS_WINDOW
        bltu    a0, t0, 1f
        sub     t1, a0, t0
        mv      a3, a2
        mv      a2, a1
        mv      a1, t1
        li      a4, 1
        j       fs_copywin
1:      tail    memcpy

# fs_copyin(dst a0, src a1, n a2): fat16.s's copy of file data into the
# cache; a src at FS_WINDOW + k is byte k of the client's grant.
fs_copyin:
        li      t0, FS_WINDOW
        bltu    a1, t0, 1f
        sub     a1, a1, t0
        mv      a3, a2
        mv      a2, a0
        li      a4, 0
        j       fs_copywin
1:      tail    memcpy

# fs_copywin(offset a1, local a2, n a3, dir a4): KC_SAFECOPY on
# fs_client_grant; a failure is remembered in fs_copy_err.
fs_copywin:
        lw      a0, fs_client_grant
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    fs_safecopy
        beqz    a0, 1f
        la      t0, fs_copy_err
        sw      a0, 0(t0)
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# --- the block layer: requests to the disk driver -----------------------------

# blk_read(lba a0, buf a1, count a2) -> 0 or -EIO
blk_read:
        li      a3, BLK_READ
        li      a4, GRANT_W             # the driver writes the memory
        j       fs_blk_xfer

# blk_write(lba a0, buf a1, count a2) -> 0 or -EIO
blk_write:
        li      a3, BLK_WRITE
        li      a4, GRANT_R
        # fall through

# fs_blk_xfer(lba a0, buf a1, count a2, request a3, access a4) -> 0 or
# -EIO: a transfer; one straight between the disk and a client's memory
# (buf at FS_WINDOW + k) that fails is done again through fs_bounce, a
# sector at a time (the kernel moves sectors only to and from word-aligned
# memory, and the client's buffer may not be).
fs_blk_xfer:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)
        sw      a1, 4(sp)
        sw      a2, 8(sp)
        sw      a3, 12(sp)
        sw      a4, 16(sp)
        call    fs_blk
        beqz    a0, 9f
        lw      t0, 4(sp)
        li      t1, FS_WINDOW
        bltu    t0, t1, 9f              # FS's own memory: the error stands
        lw      t0, fs_copy_err         # (an earlier copy error must survive)
        sw      t0, 16(sp)
        li      s0, 0                   # s0: sectors done
1:      lw      t0, 8(sp)
        li      a0, 0
        bgeu    s0, t0, 7f
        lw      a0, 0(sp)
        add     a0, a0, s0
        slli    s1, s0, 9
        lw      t0, 4(sp)
        add     s1, s1, t0              # s1: this sector's place in the window
        la      t0, fs_copy_err
        sw      zero, 0(t0)
        lw      a3, 12(sp)
        li      t0, BLK_READ
        beq     a3, t0, 2f
        sw      a0, 0(sp)               # a write: client -> bounce -> disk
        la      a0, fs_bounce
        mv      a1, s1
        li      a2, 512
        call    fs_copyin
        lw      t0, fs_copy_err
        bnez    t0, 8f
        lw      a0, 0(sp)
        la      a1, fs_bounce
        li      a2, 1
        li      a3, BLK_WRITE
        li      a4, GRANT_R
        call    fs_blk
        bnez    a0, 8f
        j       3f
2:      sw      a0, 0(sp)               # a read: disk -> bounce -> client
        la      a1, fs_bounce
        li      a2, 1
        li      a4, GRANT_W
        call    fs_blk
        bnez    a0, 8f
        mv      a0, s1
        la      a1, fs_bounce
        li      a2, 512
        call    fs_copyout
        lw      t0, fs_copy_err
        bnez    t0, 8f
3:      lw      a0, 0(sp)               # the next sector
        sub     a0, a0, s0
        sw      a0, 0(sp)
        addi    s0, s0, 1
        j       1b
8:      li      a0, -EIO
7:      lw      t0, 16(sp)
        beqz    t0, 9f
        la      t1, fs_copy_err
        sw      t0, 0(t1)
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_check(lba a0, buf a1, count a2, request a3, sum a4) -> 0 when the
# controller's checksum of the transfer (DISK_SUM, from KC_DISKWIN's close)
# is that of this request and this data; 1 when it is not (the driver moved
# other data, other sectors, or not all of it); -1 when the data cannot be
# read (the client's memory is gone).  FS takes neither the driver's word
# for a write nor its data for a read: it recomputes what the disk
# controller folded -- command, sector, count, every word (docs/machine.md,
# "The transfer checksum") -- over what it sent or received.  The client's
# memory (buf at FS_WINDOW + k) is summed through fs_vwant,
# FS_VERIFY_CHUNK sectors at a time.
fs_check:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a4, 16(sp)
        sw      a1, 4(sp)
        slli    s1, a2, 9               # s1: bytes left
        li      t0, DISK_CMD_READ       # the controller's command
        li      t1, BLK_READ
        beq     a3, t1, 1f
        li      t0, DISK_CMD_WRITE
1:      li      t1, DISK_SUM_PRIME      # h = ((cmd * P) + lba) * P + count
        mul     s0, t0, t1
        add     s0, s0, a0
        mul     s0, s0, t1
        add     s0, s0, a2              # s0: h
        lw      a1, 4(sp)
        li      t0, FS_WINDOW
        bgeu    a1, t0, 3f
        mv      a0, s0                  # FS's own memory
        mv      a2, s1
        call    fs_hash
        mv      s0, a0
        j       7f
3:      sub     a1, a1, t0              # the client's: a1 = offset in its grant
        sw      a1, 8(sp)
4:      beqz    s1, 7f
        mv      a3, s1                  # a3: bytes in this chunk
        li      t0, FS_VERIFY_CHUNK * 512
        bleu    a3, t0, 5f
        mv      a3, t0
5:      sw      a3, 12(sp)
        lw      a0, fs_client_grant
        lw      a1, 8(sp)
        la      a2, fs_vwant
        li      a4, 0
        call    fs_safecopy
        bnez    a0, 6f
        mv      a0, s0
        la      a1, fs_vwant
        lw      a2, 12(sp)
        call    fs_hash
        mv      s0, a0
        lw      a3, 12(sp)
        lw      t0, 8(sp)
        add     t0, t0, a3
        sw      t0, 8(sp)
        sub     s1, s1, a3
        j       4b
6:      li      a0, -1
        j       9f
7:      lw      t0, 16(sp)
        li      a0, 0
        beq     s0, t0, 9f
        li      a0, 1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_hash(h a0, buf a1, n a2: a multiple of 16, buf word-aligned) -> h
# folded over the n bytes' words as DISK_SUM folds them: h = h * P + word.
fs_hash:
        li      t1, DISK_SUM_PRIME
        beqz    a2, 9f
        add     a2, a2, a1              # a2: the end
1:      lw      t0, 0(a1)
        mul     a0, a0, t1
        add     a0, a0, t0
        lw      t0, 4(a1)
        mul     a0, a0, t1
        add     a0, a0, t0
        lw      t0, 8(a1)
        mul     a0, a0, t1
        add     a0, a0, t0
        lw      t0, 12(a1)
        mul     a0, a0, t1
        add     a0, a0, t0
        addi    a1, a1, 16
        bne     a1, a2, 1b
9:      ret

# blk_flush() -> 0 or -EIO
blk_flush:
        li      a3, BLK_FLUSH
        li      a4, 0
        j       fs_blk

# blk_sectors() -> sectors on the disk (0 when it cannot be asked)
blk_sectors:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a3, BLK_SECTORS
        li      a4, 0
        call    fs_blk
        bgez    a0, 1f
        li      a0, 0
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_blk(lba a0, buf a1, count a2, request a3, access a4: 0 = no memory)
# -> the driver's result, or -EIO.  A sendrec to the disk driver lending it
# the memory: FS's own [buf, buf + count * 512), or, for a buf at
# FS_WINDOW + k, the client's grant passed on with offset k.  When the
# driver dies (-ESRCH), wait for RS's notification that it is back and
# send again.  A transfer goes through the disk's window (KC_DISKWIN: the
# driver can move only these sectors, only this way), and when the driver
# says it is done, the controller's checksum must match the data
# (fs_check).  When it answers an error, or the checksum differs,
# complain to RS (RS_COMPLAIN: RS kills
# and restarts it, as MINIX's RS acts on complaints from other servers)
# and do the same -- FS_BLK_TRIES sends at most, then -EIO.  Except when
# the memory was the client's (buf at FS_WINDOW + k): the client may have
# lent a buffer that is not mapped, which the driver cannot tell from a
# disk error, so the error goes back at once and fs_blk_xfer redoes the
# transfer through fs_bounce, where a driver error is the driver's and a
# bad buffer is the client's (-EFAULT).  Complaining there instead let any
# program have the disk driver killed and restarted (with backoff) by
# reading a file into an unmapped buffer (sysfuzz found it).
fs_blk:
        addi    sp, sp, -64
        sw      ra, 60(sp)
        sw      s0, 56(sp)
        sw      s1, 52(sp)
        sw      a0, 0(sp)               # 0: lba
        sw      a1, 4(sp)               # 4: buf
        sw      a2, 8(sp)               # 8: count
        sw      a3, 12(sp)              # 12: request
        sw      a4, 16(sp)              # 16: access
        li      s1, FS_BLK_TRIES
1:      addi    s0, sp, 24              # s0: the message at 24(sp)
        lw      t0, 12(sp)
        sw      t0, 0(s0)
        lw      t0, 0(sp)
        sw      t0, 4(s0)
        lw      t0, 8(sp)
        sw      t0, 8(s0)
        sw      zero, 12(s0)
        sw      zero, 16(s0)
        lw      a4, 16(sp)
        bnez    a4, 2f
        li      a0, EP_DISK             # no memory
        mv      a1, s0
        call    ipc_sendrec
        j       4f
2:      lw      a0, 0(sp)               # a transfer: open the disk's window on
        lw      a1, 8(sp)               # exactly these sectors, this way
        lw      t0, 12(sp)
        li      a2, 1
        li      t1, BLK_READ
        beq     t0, t1, 21f
        li      a2, 2
21:     KCALL   KC_DISKWIN
        lw      a4, 16(sp)
        lw      a2, 4(sp)
        lw      a3, 8(sp)
        slli    a3, a3, 9               # bytes
        li      t0, FS_WINDOW
        bltu    a2, t0, 3f
        sub     t1, a2, t0              # the client's memory: pass its grant on
        sw      t1, 12(s0)
        lw      a2, fs_client_grant
        li      a3, 0
        ori     a4, a4, GRANT_PASS
3:      li      a0, EP_DISK
        mv      a1, s0
        call    ipc_sendrec_g
        sw      a0, 48(sp)
        li      a0, 0                   # close the window (whatever happened):
        li      a1, 0                   # the checksum of what the disk moved
        li      a2, 0
        KCALL   KC_DISKWIN
        sw      a0, 44(sp)
        lw      a0, 48(sp)
4:      bnez    a0, 5f
        lw      a0, 0(s0)               # the driver's result
        bltz    a0, 40f
        lw      t0, 16(sp)              # a transfer it says is done: is it?
        beqz    t0, 9f
        lw      a0, 0(sp)
        lw      a1, 4(sp)
        lw      a2, 8(sp)
        lw      a3, 12(sp)
        lw      a4, 44(sp)
        call    fs_check
        beqz    a0, 9f
        bltz    a0, 8f                  # the client's memory is gone: -EIO, no complaint
        j       41f                     # other data moved: the driver's fault
40:     lw      t0, 4(sp)               # an error on the client's memory may be
        li      t1, FS_WINDOW           # the client's (a buffer not mapped): no
        bgeu    t0, t1, 8f              # complaint; fs_blk_xfer redoes it through FS's own
41:     addi    s1, s1, -1              # an error: complain to RS, which restarts
        beqz    s1, 8f                  # the driver, then send again
        li      t0, RS_COMPLAIN
        sw      t0, 0(s0)
        li      t0, EP_DISK
        sw      t0, 4(s0)
        li      a0, EP_RS
        mv      a1, s0
        call    ipc_send
        j       6f
5:      li      t0, -ESRCH
        bne     a0, t0, 40b             # not even a proper answer: complain
        addi    s1, s1, -1
        beqz    s1, 8f
6:      li      a0, EP_RS               # the driver died: wait until it is back
        addi    a1, sp, 24
        call    ipc_receive
        bnez    a0, 1b
        lw      t0, 24(sp)              # a call from RS (FS_EXEC) is not that news:
        li      t1, MSG_NOTIFY          # RS must not wait for FS now (it is to
        beq     t0, t1, 1b              # restart the driver), so -EAGAIN at once
        li      a0, EP_RS
        li      a1, -EAGAIN
        call    reply
        j       6b
8:      li      a0, -EIO
9:      lw      s1, 52(sp)
        lw      s0, 56(sp)
        lw      ra, 60(sp)
        addi    sp, sp, 64
        ret

        .include "fs_file.inc"
        .include "fs_pipe.inc"

# --- the clock ------------------------------------------------------------------

# fs_sys_time() -> FS_NOREPLY: the call goes on to the clock driver, which
# answers the client (seconds, or -EIO); -ENODEV when no driver runs.  If
# the driver dies or is stopped before it answers, the kernel ends the
# call with -EIO, so the client never waits for a driver that is gone.
fs_sys_time:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, EP_RTC
        lw      a1, fs_client
        la      a2, fs_rtc_req
        call    ipc_forward
        li      t0, FS_NOREPLY
        beqz    a0, 1f
        li      t0, -ENODEV
1:      mv      a0, t0
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# clock_now() -> seconds since 1970 (UTC), or -ENODEV (no clock driver
# runs), -EIO (the clock went away): the FAT16 code's stamps, asked of the
# clock driver.
clock_now:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        li      t0, RTC_TIME
        sw      t0, 0(sp)
        sw      zero, 4(sp)
        sw      zero, 8(sp)
        sw      zero, 12(sp)
        sw      zero, 16(sp)
        li      a0, EP_RTC
        mv      a1, sp
        call    ipc_sendrec
        li      t0, -ESRCH
        beq     a0, t0, 1f
        li      t0, -EIO
        bnez    a0, 2f
        lw      t0, 0(sp)
        j       2f
1:      li      t0, -ENODEV             # not running (or it died: its answer never came)
2:      mv      a0, t0
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
        .include "lib/kstring.s"
        .include "fs/bcache.s"
        .include "fs/fat16.s"

        .data
        .balign 4
# The handlers of the user calls, by SYS_* number (0: not FS's, -ENOSYS).
fs_calls:
        .word   0                       # 0
        .word   0, 0, 0, 0, 0, 0, 0, 0, 0       # exit .. uptime (1..9)
        .word   fs_sys_open             # 10
        .word   fs_sys_close
        .word   fs_sys_read
        .word   fs_sys_write
        .word   fs_sys_lseek
        .word   fs_sys_fstat            # 15
        .word   fs_sys_unlink
        .word   fs_sys_mkdir
        .word   fs_sys_rmdir
        .word   fs_sys_chdir
        .word   fs_sys_dup              # 20
        .word   fs_sys_pipe
        .word   fs_sys_getdents
        .word   fs_sys_sync
        .word   0, 0, 0, 0              # poweroff procs setintr service (24..27)
        .word   0, 0, 0, 0              # modload modunload modlist meminfo (28..31)
        .word   fs_sys_time             # 32
        .if (. - fs_calls) != (SYS_time + 1) * 4
        .error "fs: the call table does not match SYS_time"
        .endif

        .section .rodata
        .balign 4
fs_rtc_req:     .word   RTC_TIME, 0, 0, 0, 0    # the clock driver's request
fs_msg_fmt:     .asciz  "fs: %s"
fs_msg_nodisk:  .asciz  "no disk, or the disk cannot be read"
fs_msg_notfat:  .asciz  "the disk has no FAT16 file system"

        .bss
        .balign 4
fs_msg:         .space MSG_SIZE         # the request being served
fs_client:      .space 4                # its client's endpoint (user calls)
fs_cur:         .space 4                # its client's record in fs_procs
fs_client_grant: .space 4               # the grant FS_WINDOW addresses name
fs_copy_err:    .space 4                # 0, or the error of a failed window copy
fs_bounce:      .space 512              # one sector, when the client's memory cannot take it straight
        .balign 4
fs_vwant:       .space FS_VERIFY_CHUNK * 512    # fs_check: the client's data, a chunk at a time
fs_broken:      .space 4                # 1 = no file system: disk calls fail -EIO
