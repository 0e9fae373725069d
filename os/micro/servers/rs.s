# rs.s -- the reincarnation server: module "rs", endpoint EP_RS.
#
# The only process the kernel starts (docs/micro.md, "Boot").  RS holds the
# privilege table (like MINIX's /etc/system.conf), gives each service its
# PRIV record and starts it (tty, disk, fs, pm), then watches them:
#
# - A service that dies (the kernel's KEV_DEAD, then KC_DEADPROC) is marked
#   down and restarted with KC_RESTART; FS is notified after every restart
#   (it waits for that to send a lost block request again).  A service that
#   dies within RS_QUICK ticks of its last start waits 1, 2, 4 ... up to
#   RS_BACKOFF_MAX ticks first (doubling per quick death in a row).
# - Heartbeats: every RS_HEARTBEAT ticks RS notifies each driver, which
#   answers with a notification; a driver silent for more than RS_HUNG
#   ticks is killed (KC_KILL, STATUS_KILLED) and so restarted.
# - One KC_ALARM is kept armed for the next thing due.
# - The user call SYS_service (m1 = op, m2 = label grant, m3 = buffer
#   grant, m4 = n): SERVICE_LIST, SERVICE_KILL, SERVICE_RESTART.

        .include "server.s"
        .include "lib/kstring.s"

        .equ RS_NSVC, 5                 # services in the table
        .equ RS_HEARTBEAT, 10           # ticks between heartbeats
        .equ RS_HUNG, 50                # ticks of silence that kill a driver
        .equ RS_QUICK, 100              # a death this soon after a start backs off
        .equ RS_BACKOFF_MAX, 64         # longest wait before a restart
        .equ RS_LABEL_MAX, 16           # longest label, NUL included

        # a service record (rs_svcs)
        .equ SV_LABEL, 0                # the label, NUL-terminated (16 bytes)
        .equ SV_EP, 16                  # its endpoint
        .equ SV_PRIV, 20                # its PRIV record, 0 for RS itself
        .equ SV_DRIVER, 24              # 1: a driver (heartbeats; may be killed by service)
        .equ SV_STATE, 28               # SVC_UP / SVC_DOWN
        .equ SV_RESTARTS, 32            # times restarted
        .equ SV_STATUS, 36              # wait status of its last death
        .equ SV_STARTED, 40             # tick of its last start
        .equ SV_BACKOFF, 44             # the last backoff wait (0: none)
        .equ SV_DUE, 48                 # down: the tick to restart it at
        .equ SV_CLEAN, 52               # 1: a clean restart was asked for (no backoff)
        .equ SV_KILLED, 56              # 1: RS has killed it; its death is coming
        .equ SV_ANSWER, 60              # driver: tick of its last heartbeat answer
        .equ SV_SIZE, 64

        # kernel-call bits of a PRIV record
        .macro KCBIT name
        .equ B_\name, 1 << (KC_\name - KC_DEVIO)
        .endm
        KCBIT DEVIO
        KCBIT DEVIO_BLOCK
        KCBIT IRQCTL
        KCBIT SAFECOPY
        KCBIT SAFECOPY_STR
        KCBIT FORK
        KCBIT EXEC
        KCBIT EXIT
        KCBIT NEWPROC
        KCBIT SBRK
        KCBIT PROCINFO
        KCBIT ALARM
        KCBIT TICKS
        KCBIT DIAG
        KCBIT POWEROFF
        KCBIT DEADPROC
        KCBIT KILL
        KCBIT DISKWIN

        .text

# main(): start the services, then watch them and serve `service` calls.
main:
        call    rs_start_all
        call    rs_timer
1:      li      a0, EP_ANY
        la      a1, rs_msg
        call    ipc_receive
        bnez    a0, 1b
        mv      s0, a1                  # s0: the source
        la      s1, rs_msg
        lw      t0, 0(s1)
        li      t1, MSG_NOTIFY
        bne     t0, t1, 3f
        call    rs_notify
        j       1b
3:      li      t1, RS_COMPLAIN         # FS: a driver answered an error (a send: no reply)
        bne     t0, t1, 31f
        li      t1, EP_FS
        bne     s0, t1, 1b
        lw      a0, 4(s1)
        la      a1, rs_s_complaint
        call    rs_put_down
        j       1b
31:     li      t1, SYS_service
        li      a1, -ENOSYS
        bne     t0, t1, 4f
        lw      a0, 4(s1)
        lw      a1, 8(s1)
        lw      a2, 12(s1)
        lw      a3, 16(s1)
        call    rs_service
        mv      a1, a0
4:      mv      a0, s0
        call    reply
        j       1b

# rs_start_all(): give tty, disk, fs and pm their privileges and start
# them, in that order.
rs_start_all:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        KCALL   KC_TICKS
        mv      s1, a0                  # now
        la      s0, rs_svcs             # RS itself: up
        sw      s1, SV_STARTED(s0)
        la      s0, rs_order
1:      lw      a0, 0(s0)
        beqz    a0, 9f
        call    rs_find_ep
        mv      t2, a0
        sw      s1, SV_STARTED(t2)
        sw      s1, SV_ANSWER(t2)
        lw      a0, SV_EP(t2)
        lw      a1, SV_PRIV(t2)
        KCALL   KC_PRIVCTL
        lw      a0, SV_EP(t2)           # (a kernel call keeps all but a0, a5)
        KCALL   KC_START
        addi    s0, s0, 4
        j       1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_find_ep(a0 = endpoint) -> its service record, or 0.
rs_find_ep:
        la      t0, rs_svcs
        li      t2, RS_NSVC
1:      lw      t1, SV_EP(t0)
        beq     t1, a0, 2f
        addi    t0, t0, SV_SIZE
        addi    t2, t2, -1
        bnez    t2, 1b
        li      t0, 0
2:      mv      a0, t0
        ret

# rs_notify(source s0, message s1): a notification.  From the kernel:
# deaths and the alarm; from a driver: its heartbeat answer.
rs_notify:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        beqz    s0, 1f
        mv      a0, s0                  # a driver's answer
        call    rs_find_ep
        beqz    a0, 9f
        sw      a0, 0(sp)
        KCALL   KC_TICKS
        lw      t0, 0(sp)
        sw      a0, SV_ANSWER(t0)
        j       9f
1:      lw      t0, 4(s1)               # the kernel
        andi    t0, t0, KEV_DEAD
        beqz    t0, 2f
        call    rs_deaths
2:      lw      t0, 4(s1)
        andi    t0, t0, KEV_ALARM
        beqz    t0, 3f
        la      t0, rs_alarm            # it fired: nothing is armed now
        sw      zero, 0(t0)
3:      call    rs_timer
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_deaths(): each dead service the kernel reports (KC_DEADPROC) is
# marked down with its status and its restart is scheduled: at once after
# a clean restart or a long run, else after the backoff.
rs_deaths:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
1:      KCALL   KC_DEADPROC
        bltz    a0, 9f                  # -EAGAIN: no more
        sw      a1, 0(sp)               # its status
        call    rs_find_ep
        mv      s0, a0
        beqz    s0, 1b
        lw      t0, 0(sp)
        sw      t0, SV_STATUS(s0)
        li      t0, SVC_DOWN
        sw      t0, SV_STATE(s0)
        sw      zero, SV_KILLED(s0)
        KCALL   KC_TICKS
        mv      s1, a0                  # now
        lw      t0, SV_CLEAN(s0)
        sw      zero, SV_CLEAN(s0)
        bnez    t0, 2f
        lw      t0, SV_STARTED(s0)
        sub     t0, s1, t0
        li      t1, RS_QUICK
        bgeu    t0, t1, 2f
        lw      t0, SV_BACKOFF(s0)      # a quick death: 1, 2, 4 ... 64
        slli    t0, t0, 1
        bnez    t0, 3f
        li      t0, 1
3:      li      t1, RS_BACKOFF_MAX
        bleu    t0, t1, 4f
        mv      t0, t1
4:      sw      t0, SV_BACKOFF(s0)
        add     t0, t0, s1
        sw      t0, SV_DUE(s0)
        j       5f
2:      sw      zero, SV_BACKOFF(s0)
        sw      s1, SV_DUE(s0)
5:      la      a0, rs_s_died
        mv      a1, s0
        lw      a2, SV_EP(s0)
        lw      a3, 0(sp)
        lw      a4, SV_BACKOFF(s0)
        call    dprintf
        j       1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_timer(): do what is due -- restarts, heartbeats, killing a hung
# driver -- and keep the alarm armed for the next thing due.
rs_timer:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
1:      KCALL   KC_TICKS
        sw      a0, 0(sp)               # now
        la      s0, rs_svcs             # restarts due
2:      lw      t0, SV_STATE(s0)
        li      t1, SVC_DOWN
        bne     t0, t1, 3f
        lw      t0, SV_DUE(s0)
        lw      t1, 0(sp)
        sub     t0, t1, t0
        bltz    t0, 3f
        lw      a0, SV_EP(s0)
        KCALL   KC_RESTART
        bgez    a0, 21f
        lw      t0, 0(sp)               # it stays down: try again next tick
        addi    t0, t0, 1
        sw      t0, SV_DUE(s0)
        j       3f
21:
        li      t0, SVC_UP
        sw      t0, SV_STATE(s0)
        lw      t0, SV_RESTARTS(s0)
        addi    t0, t0, 1
        sw      t0, SV_RESTARTS(s0)
        lw      t0, 0(sp)
        sw      t0, SV_STARTED(s0)
        sw      t0, SV_ANSWER(s0)
        li      a0, EP_FS               # FS may wait for a driver to be back
        call    ipc_notify
3:      addi    s0, s0, SV_SIZE
        la      t0, rs_svcs + RS_NSVC * SV_SIZE
        bltu    s0, t0, 2b
        lw      t0, rs_beat             # heartbeats due?
        lw      t1, 0(sp)
        sub     t0, t1, t0
        bltz    t0, 6f
        li      t0, RS_HEARTBEAT
        add     t0, t0, t1
        la      t2, rs_beat
        sw      t0, 0(t2)
        la      s0, rs_svcs
4:      lw      t0, SV_DRIVER(s0)
        beqz    t0, 5f
        lw      t0, SV_STATE(s0)
        li      t1, SVC_UP
        bne     t0, t1, 5f
        lw      t0, SV_KILLED(s0)
        bnez    t0, 5f
        lw      a0, SV_EP(s0)           # waiting for work while FS waits for its answer?
        call    rs_lost_request
        beqz    a0, 40f
        lw      a0, SV_EP(s0)
        la      a1, rs_s_lost
        call    rs_put_down
        j       5f
40:     lw      t0, SV_ANSWER(s0)       # silent too long: kill it
        lw      t1, 0(sp)
        sub     t0, t1, t0
        li      t1, RS_HUNG
        ble     t0, t1, 41f
        lw      a0, SV_EP(s0)
        la      a1, rs_s_hung
        call    rs_put_down
        j       5f
41:     lw      a0, SV_EP(s0)
        call    ipc_notify
5:      addi    s0, s0, SV_SIZE
        la      t0, rs_svcs + RS_NSVC * SV_SIZE
        bltu    s0, t0, 4b
6:      lw      s1, rs_beat             # the next thing due
        la      s0, rs_svcs
7:      lw      t0, SV_STATE(s0)
        li      t1, SVC_DOWN
        bne     t0, t1, 8f
        lw      t0, SV_DUE(s0)
        sub     t1, t0, s1
        bgez    t1, 8f
        mv      s1, t0
8:      addi    s0, s0, SV_SIZE
        la      t0, rs_svcs + RS_NSVC * SV_SIZE
        bltu    s0, t0, 7b
        lw      t0, rs_alarm
        beq     t0, s1, 9f              # armed for it already
        la      t0, rs_alarm
        sw      s1, 0(t0)
        mv      a0, s1
        KCALL   KC_ALARM
        KCALL   KC_TICKS                # passed while we worked? then again
        sub     a0, a0, s1
        bgez    a0, 1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_put_down(a0 = endpoint, a1 = format "rs: %s (ep %d) ...") -> 0: a
# driver that is up and misbehaves -- hung, lost a request, or answered
# an error (FS's complaint, RS_COMPLAIN) -- is killed with the reason
# said; its death then goes the way of a crash (restart, backoff, FS
# told when it is back).  Anything else is left alone.
rs_put_down:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a1, 4(sp)
        call    rs_find_ep
        mv      s0, a0
        beqz    s0, 9f
        lw      t0, SV_DRIVER(s0)
        beqz    t0, 9f
        lw      t0, SV_STATE(s0)
        li      t1, SVC_UP
        bne     t0, t1, 9f
        lw      t0, SV_KILLED(s0)
        bnez    t0, 9f
        li      t0, 1
        sw      t0, SV_KILLED(s0)
        lw      a0, 4(sp)
        mv      a1, s0
        lw      a2, SV_EP(s0)
        call    dprintf
        lw      a0, SV_EP(s0)
        li      a1, STATUS_KILLED
        KCALL   KC_KILL
9:      li      a0, 0
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_lost_request(a0 = a driver's endpoint) -> 1 if it waits for work
# (receiving from anyone) while FS waits for its answer to a call: a
# driver serves one request at a time, so it has lost that one.  Also 1 if
# it receives from one source only (not the reply to a call of its own):
# the drivers only ever receive from anyone, so one whose code now names a
# source would never take FS's next request, yet answer RS's heartbeats
# (a campaign found it: micro-io, seed 20261207, run 204).  (Only FS
# calls drivers and waits; the kernel's records are read at one instant.)
rs_lost_request:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a1, rs_kproc
        KCALL   KC_PROCINFO
        bnez    a0, 8f
        lw      t0, rs_kproc+KPROC_RECV
        li      t1, EP_ANY
        beq     t0, t1, 1f
        li      t1, EP_NONE             # not receiving: busy, or sending
        beq     t0, t1, 8f
        lw      t1, rs_kproc+KPROC_CALL
        bnez    t1, 8f                  # the reply to its own call
        li      a0, 1                   # receiving from one source only: a driver
        j       9f                      # never does; it cannot get FS's request
1:      li      a0, EP_FS
        la      a1, rs_kproc
        KCALL   KC_PROCINFO
        bnez    a0, 8f
        lw      t0, rs_kproc+KPROC_CALL
        beqz    t0, 8f
        lw      t0, rs_kproc+KPROC_RECV
        lw      t1, 8(sp)
        bne     t0, t1, 8f
        li      a0, 1
        j       9f
8:      li      a0, 0
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_service(op, label grant, buffer grant, n) -> the result of the user's
# service() call: SERVICE_LIST -> records written; SERVICE_KILL and
# SERVICE_RESTART -> 0, -ESRCH (no such service), -EPERM (not a driver);
# -EINVAL for another op, -EFAULT for a bad pointer.
rs_service:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0                  # s0: op
        bnez    a0, 1f
        mv      a0, a2
        mv      a1, a3
        call    rs_list
        j       9f
1:      li      t0, SERVICE_RESTART
        li      t1, -EINVAL
        bgtu    s0, t0, 8f
        li      t1, -EFAULT             # the label
        beqz    a1, 8f
        mv      a0, a1
        la      a1, rs_label
        li      a2, RS_LABEL_MAX
        KCALL   KC_SAFECOPY_STR
        li      t1, -EFAULT
        beq     a0, t1, 8f
        li      t1, -ESRCH              # too long: no such service
        bltz    a0, 8f
        la      s1, rs_svcs
2:      mv      a0, s1
        la      a1, rs_label
        call    strcmp
        beqz    a0, 3f
        addi    s1, s1, SV_SIZE
        la      t0, rs_svcs + RS_NSVC * SV_SIZE
        bltu    s1, t0, 2b
        li      t1, -ESRCH
        j       8f
3:      lw      t0, SV_DRIVER(s1)
        li      t1, -EPERM              # pm, fs, rs: their state cannot be rebuilt
        beqz    t0, 8f
        li      t1, 0
        lw      t0, SV_STATE(s1)
        li      t2, SVC_UP
        beq     t0, t2, 4f
        li      t0, SERVICE_RESTART     # down already: restart at once if asked
        bne     s0, t0, 8f
        sw      zero, SV_BACKOFF(s1)
        KCALL   KC_TICKS
        sw      a0, SV_DUE(s1)
        call    rs_timer
        li      t1, 0
        j       8f
4:      li      t0, SERVICE_RESTART
        bne     s0, t0, 5f
        li      t0, 1                   # a clean restart: no backoff
        sw      t0, SV_CLEAN(s1)
        sw      zero, SV_BACKOFF(s1)
5:      li      t0, 1
        sw      t0, SV_KILLED(s1)
        lw      a0, SV_EP(s1)
        li      a1, STATUS_KILLED
        KCALL   KC_KILL
        li      t1, 0
8:      mv      a0, t1
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_list(buffer grant a0, n a1) -> SERVICEINFO records written (pm fs rs
# tty disk, at most n), -EFAULT when the buffer cannot take them.
rs_list:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)               # the grant
        li      t0, RS_NSVC
        bltz    a1, 1f                  # n < 0 counts as 0
        bleu    a1, t0, 2f
        mv      a1, t0
        j       2f
1:      li      a1, 0
2:      mv      s1, a1                  # s1: records to write
        li      a0, 0
        beqz    s1, 9f
        li      a0, -EFAULT
        lw      t0, 0(sp)
        beqz    t0, 9f
        la      a0, rs_listbuf
        li      a1, 0
        li      a2, RS_NSVC * SERVICEINFO_SIZE
        call    memset
        la      s0, rs_svcs
3:      la      t0, rs_svcs             # the record of service s0
        sub     t0, s0, t0
        srli    t0, t0, 1               # SV_SIZE 64 -> SERVICEINFO_SIZE 32
        la      a0, rs_listbuf
        add     a0, a0, t0
        lw      t0, SV_EP(s0)
        sw      t0, SERVICEINFO_PID(a0)
        lw      t0, SV_STATE(s0)
        sw      t0, SERVICEINFO_STATE(a0)
        lw      t0, SV_RESTARTS(s0)
        sw      t0, SERVICEINFO_RESTARTS(a0)
        lw      t0, SV_STATUS(s0)
        sw      t0, SERVICEINFO_STATUS(a0)
        mv      a1, s0                  # the label
        call    strcpy
        addi    s0, s0, SV_SIZE
        la      t0, rs_svcs + RS_NSVC * SV_SIZE
        bltu    s0, t0, 3b
        lw      a0, 0(sp)               # one copy out
        li      a1, 0
        la      a2, rs_listbuf
        slli    a3, s1, 5
        li      a4, 1
        KCALL   KC_SAFECOPY
        bltz    a0, 8f
        mv      a0, s1
        j       9f
8:      li      a0, -EFAULT
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
        .balign 4
rs_order:       .word   EP_TTY, EP_DISK, EP_FS, EP_PM, 0        # start order
rs_s_died:      .asciz  "rs: %s (ep %d) died (status %d), restarting (backoff %d)"
rs_s_hung:      .asciz  "rs: %s (ep %d) does not answer, killing it"
rs_s_lost:      .asciz  "rs: %s (ep %d) lost a request, killing it"
rs_s_complaint: .asciz  "rs: %s (ep %d) answered an error, killing it"

        .data
        .balign 4
# The services, in `service list` order; the PRIV records are the table of
# docs/micro.md ("Boot").
rs_svcs:
        .asciz  "pm"
        .space  RS_LABEL_MAX - 3
        .word   EP_PM, rs_priv_pm, 0, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .asciz  "fs"
        .space  RS_LABEL_MAX - 3
        .word   EP_FS, rs_priv_fs, 0, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .asciz  "rs"
        .space  RS_LABEL_MAX - 3
        .word   EP_RS, 0, 0, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .asciz  "tty"
        .space  RS_LABEL_MAX - 4
        .word   EP_TTY, rs_priv_tty, 1, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .asciz  "disk"
        .space  RS_LABEL_MAX - 5
        .word   EP_DISK, rs_priv_disk, 1, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .if . - rs_svcs != RS_NSVC * SV_SIZE
        .error "rs_svcs: a record is out of shape"
        .endif

# PRIV records: kernel calls, send-to (two words), IRQs, two port ranges,
# supervisor, flags.  Assembled with DIRECT_IO defined (the boot target
# micro-io), the disk driver uses its ports with its own instructions
# (PRIV_DIRECT_IO: the kernel gives it an I/O permission map) and has no
# port kernel calls at all.
rs_priv_pm:
        .word   B_FORK | B_EXEC | B_EXIT | B_NEWPROC | B_SBRK | B_PROCINFO | B_ALARM | B_TICKS | B_DIAG | B_POWEROFF | B_DEADPROC | B_KILL | B_SAFECOPY | B_SAFECOPY_STR
        .word   (1 << EP_FS) | (1 << EP_RS), 0
        .word   0
        .word   1, 0, 1, 0
        .word   EP_RS
        .word   0
rs_priv_fs:
        .word   B_SAFECOPY | B_SAFECOPY_STR | B_TICKS | B_DIAG | B_DISKWIN
        .word   (1 << EP_DISK) | (1 << EP_TTY) | (1 << EP_PM) | (1 << EP_RS), 0
        .word   0
        .word   1, 0, 1, 0
        .word   EP_RS
        .word   0
rs_priv_tty:
        .word   B_DEVIO | B_IRQCTL | B_SAFECOPY | B_DIAG
        .word   (1 << EP_PM) | (1 << EP_RS), 0
        .word   1 << IRQ_CONSOLE
        .word   0x3F8, 0x3FF, 1, 0
        .word   EP_RS
        .word   0
rs_priv_disk:
        .ifdef DIRECT_IO
        .word   B_SAFECOPY | B_DIAG
        .else
        .word   B_DEVIO | B_DEVIO_BLOCK | B_SAFECOPY | B_DIAG
        .endif
        .word   1 << EP_RS, 0
        .word   0
        .word   0x1F0, 0x1F7, 1, 0
        .word   EP_RS
        .ifdef DIRECT_IO
        .word   PRIV_DIRECT_IO
        .else
        .word   0
        .endif
        .if . - rs_priv_disk != PRIV_SIZE
        .error "rs: a PRIV record is out of shape"
        .endif

        .bss
        .balign 4
rs_alarm:       .space  4               # the tick KC_ALARM is armed for (0: none)
rs_kproc:       .space  KPROC_SIZE      # KC_PROCINFO's record
rs_beat:        .space  4               # the tick of the next heartbeats
rs_msg:         .space  MSG_SIZE        # the message being served
rs_label:       .space  RS_LABEL_MAX    # a label from a client
rs_listbuf:     .space  RS_NSVC * SERVICEINFO_SIZE      # SERVICE_LIST's records
