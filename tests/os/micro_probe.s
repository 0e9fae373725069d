# micro_probe.s -- a boot module that test_micro.py puts in a micro boot image
# in place of the disk driver: it runs with the disk driver's privileges
# (ports 0x1F0-0x1F7; DEVIO DEVIO_BLOCK SAFECOPY DIAG) and reports, one
# `probe: ... -> N` line each, what the kernel lets it do:
#
#   devio 0x1f7        its own port: the status (>= 0)
#   stray grants refused: N of 301    grant ids 0..300, none lent to it
#   granted copy       inside the grant of FS's first block request: 0
#   past the grant     just past its end: -EPERM
#   after the reply    the same grant once the call was answered: -EPERM
#
# then `probe: done`, and it touches the console's port 0x3f8: the kernel
# logs the refusal and kills it (RS then restarts it, and it starts over).
#
# Assembled with: k32 asm -I os/micro/lib -I os -I os/include

        .include "server.s"

        .equ PROBE_GRANTS, 301          # grant ids tried: 0..300

        .text
main:                                   # never returns: no registers to keep
        li      a0, DISK_STATUS         # (a) a port in its range
        li      a1, 0
        li      a2, 0
        KCALL   KC_DEVIO
        mv      a1, a0
        la      a0, probe_s_devio_own
        call    dprintf

        li      s0, 0                   # (d) grants nobody lent it
        li      s1, 0                   # refused so far
1:      li      t0, PROBE_GRANTS
        bgeu    s0, t0, 2f
        mv      a0, s0
        li      a1, 0
        la      a2, probe_buf
        li      a3, 4
        li      a4, 0
        KCALL   KC_SAFECOPY
        addi    s0, s0, 1
        li      t0, -EPERM
        bne     a0, t0, 1b
        addi    s1, s1, 1
        j       1b
2:      mv      a1, s1
        li      a2, PROBE_GRANTS
        la      a0, probe_s_stray
        call    dprintf

3:      call    probe_receive           # (e) FS's first block request
        li      t0, EP_FS
        bne     a1, t0, 5f
        la      t0, probe_msg
        lw      t1, 0(t0)
        li      t2, BLK_READ
        beq     t1, t2, 4f
        li      t2, BLK_WRITE
        beq     t1, t2, 4f
        li      t2, BLK_SECTORS
        li      a1, 0                   # BLK_FLUSH and the rest: 0
        bne     t1, t2, 6f
        li      a1, 100                 # a small disk, so that FS goes on
6:      li      a0, EP_FS
        call    reply
        j       3b
5:      mv      a0, a1                  # not FS: refused (nobody else should ask)
        li      a1, -EINVAL
        call    reply
        j       3b
4:      call    probe_grant
        la      a0, probe_s_done
        call    dprintf
        li      a0, UART_DATA           # (b) a port outside its range: it dies
        li      a1, 0
        li      a2, 0
        KCALL   KC_DEVIO
        la      a0, probe_s_alive       # (not reached)
        call    dprintf
7:      j       7b

# probe_grant(): FS's BLK_READ / BLK_WRITE is in probe_msg: copy inside the
# grant, past its end, and again after the reply (-EIO) ended the call.
probe_grant:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s1, 4(sp)
        la      t0, probe_msg
        lw      t1, 0(t0)
        li      s1, 1                   # BLK_READ lends W: copy to the granter
        li      t2, BLK_READ
        beq     t1, t2, 1f
        li      s1, 0                   # BLK_WRITE lends R: copy from it
1:      lw      a0, 16(t0)              # the grant
        lw      a1, 12(t0)              # where the request's sectors start in it
        la      a2, probe_buf
        li      a3, 4
        mv      a4, s1
        KCALL   KC_SAFECOPY
        mv      a1, a0
        la      a0, probe_s_inside
        call    dprintf
        la      t0, probe_msg
        lw      a1, 8(t0)               # count
        slli    a1, a1, 9               # * SECTOR_SIZE
        lw      t1, 12(t0)
        add     a1, a1, t1              # the end of the request's sectors
        lw      a0, 16(t0)
        la      a2, probe_buf
        li      a3, 4
        mv      a4, s1
        KCALL   KC_SAFECOPY
        mv      a1, a0
        la      a0, probe_s_past
        call    dprintf
        li      a0, EP_FS
        li      a1, -EIO
        call    reply
        la      t0, probe_msg
        lw      a0, 16(t0)
        lw      a1, 12(t0)
        la      a2, probe_buf
        li      a3, 4
        mv      a4, s1
        KCALL   KC_SAFECOPY
        mv      a1, a0
        la      a0, probe_s_after
        call    dprintf
        lw      s1, 4(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# probe_receive() -> a1 = the source of the next message (in probe_msg)
# that is not a notification; RS's heartbeats are answered on the way.
probe_receive:
        addi    sp, sp, -16
        sw      ra, 12(sp)
1:      li      a0, EP_ANY
        la      a1, probe_msg
        call    ipc_receive
        bnez    a0, 1b
        la      t0, probe_msg
        lw      t1, 0(t0)
        li      t2, MSG_NOTIFY
        bne     t1, t2, 2f
        li      t0, EP_RS
        bne     a1, t0, 1b
        li      a0, EP_RS
        call    ipc_notify
        j       1b
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
probe_s_devio_own:      .asciz  "probe: devio 0x1f7 -> %d"
probe_s_alive:          .asciz  "probe: still alive after port 0x3f8"
probe_s_stray:          .asciz  "probe: stray grants refused: %d of %d"
probe_s_inside:         .asciz  "probe: granted copy -> %d"
probe_s_past:           .asciz  "probe: past the grant -> %d"
probe_s_after:          .asciz  "probe: after the reply -> %d"
probe_s_done:           .asciz  "probe: done"

        .bss
        .balign 4
probe_msg:      .space  MSG_SIZE
probe_buf:      .space  16
        .text
