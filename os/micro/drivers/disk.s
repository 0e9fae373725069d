# disk.s (microkernel) -- the disk driver: module "disk", endpoint EP_DISK.
#
# Serves the block requests of FS (docs/micro.md, "The disk driver") with
# the shared os/drivers/disk.s.  Its PIO_* macros are kernel calls here
# (os/micro/lib/portio.inc): PIO_INS/PIO_OUTS move sector data with
# KC_DEVIO_BLOCK straight between the disk and the memory named by the word
# blk_grant -- the grant FS lent with the request (FS's own buffer, or a
# client's buffer passed on), `buf` then being an offset in it.
#
#   BLK_READ / BLK_WRITE  m1 = lba, m2 = count, m3 = offset in the grant m4 -> 0 or -EIO
#   BLK_FLUSH             -> 0 or -EIO
#   BLK_SECTORS           -> number of sectors (IDENTIFY into our own memory)
#   a notification from RS (heartbeat) -> a notification back to RS
#
# Nothing in a request is trusted: a bad grant or range makes the kernel
# call fail, which the shared code reports as -EIO.
#
# Assembled with DIRECT_IO defined (the boot target micro-io), the driver
# has PRIV_DIRECT_IO instead of the port kernel calls: the PIO_* macros are
# the machine's in/out/ins/outs themselves (os/micro/lib/direct/portio.inc),
# allowed by the I/O permission map the kernel loads while it runs.  Its own
# ins/outs can only reach its own memory, so a transfer goes through
# disk_buf, copied to or from the request's grant with KC_SAFECOPY.

        .include "server.s"
        .ifdef DIRECT_IO
        .include "direct/portio.inc"
        .else
        .include "portio.inc"
        .endif
        .include "lib/kstring.s"
        .include "drivers/disk.s"

        .equ DISK_MAX_COUNT, 256        # most sectors one request may move

        .text

# main(): the driver's loop; never returns.
main:
        addi    sp, sp, -16
1:      li      a0, EP_ANY
        la      a1, disk_msg
        call    ipc_receive
        bnez    a0, 1b
        mv      s0, a1                  # s0: the source
        la      s1, disk_msg
        lw      t0, 0(s1)               # m0: the request
        li      t1, MSG_NOTIFY
        bne     t0, t1, 2f
        li      t1, EP_RS               # RS's heartbeat: answer it
        bne     s0, t1, 1b
        li      a0, EP_RS
        call    ipc_notify
        j       1b
2:      call    disk_request
        mv      a1, a0
        mv      a0, s0
        call    reply
        j       1b

# disk_request(source s0, message s1) -> the reply's result.
disk_request:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      t0, 0(s1)
        li      t1, BLK_READ
        beq     t0, t1, 1f
        li      t1, BLK_WRITE
        beq     t0, t1, 1f
        li      t1, BLK_FLUSH
        beq     t0, t1, 4f
        li      t1, BLK_SECTORS
        beq     t0, t1, 5f
        li      a0, -EINVAL
        j       9f
1:      li      t1, EP_FS               # transfers: FS's alone
        li      a0, -EPERM
        bne     s0, t1, 9f
        lw      a2, 8(s1)               # count
        li      t1, DISK_MAX_COUNT
        li      a0, -EINVAL
        bgtu    a2, t1, 9f
        lw      t1, 16(s1)
        la      t2, blk_grant
        sw      t1, 0(t2)               # the memory: FS's grant
        lw      a0, 4(s1)               # lba
        lw      a1, 12(s1)              # offset in the grant
        li      t1, BLK_READ
        bne     t0, t1, 3f
        .ifdef DIRECT_IO
        call    disk_read
        j       9f
3:      call    disk_write
        .else
        call    blk_read
        j       9f
3:      call    blk_write
        .endif
        j       9f
4:      call    blk_flush
        j       9f
5:      la      t2, blk_grant           # IDENTIFY into our own stack
        li      t1, GRANT_SELF
        sw      t1, 0(t2)
        call    blk_sectors
9:      la      t2, blk_grant           # never keep a stale grant
        sw      zero, 0(t2)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .ifdef DIRECT_IO
# disk_read(lba a0, offset a1, count a2) -> 0 or -EIO: the sectors into
# disk_buf with the direct ins, then to the request's grant at offset.
disk_read:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        sw      a2, 4(sp)
        la      a1, disk_buf
        call    blk_read
        bnez    a0, 9f
        lw      a0, 8(sp)
        lw      a1, 4(sp)
        li      a2, 1                   # to the granter
        call    disk_copy
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# disk_write(lba a0, offset a1, count a2) -> 0 or -EIO: the sectors from
# the request's grant at offset into disk_buf, then to the disk with the
# direct outs.
disk_write:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        sw      a2, 4(sp)
        mv      a0, a1
        mv      a1, a2
        li      a2, 0                   # from the granter
        call    disk_copy
        bnez    a0, 9f
        lw      a0, 8(sp)
        la      a1, disk_buf
        lw      a2, 4(sp)
        call    blk_write
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# disk_copy(offset a0, count a1, dir a2: 0 from the granter, 1 to it) -> 0
# or -EIO: count sectors between disk_buf and the grant in blk_grant.
disk_copy:
        beqz    a1, 8f
        mv      a4, a2
        slli    a3, a1, 9               # * SECTOR_SIZE: bytes
        la      a2, disk_buf
        mv      a1, a0
        lw      a0, blk_grant
        KCALL   KC_SAFECOPY
        bnez    a0, 9f                  # a bad grant or range
8:      li      a0, 0
        ret
9:      li      a0, -EIO
        ret
        .endif

        .bss
        .balign 4
blk_grant:      .space 4                # the grant PIO_INS/PIO_OUTS use (GRANT_SELF: own memory)
disk_msg:       .space MSG_SIZE         # the request being served
        .ifdef DIRECT_IO
disk_buf:       .space DISK_MAX_COUNT * SECTOR_SIZE    # sectors on their way (128 KiB)
        .endif
