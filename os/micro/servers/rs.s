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
#   grant, m4 = n): SERVICE_LIST, SERVICE_KILL, SERVICE_RESTART, SERVICE_UP.
# - Devices that come and go (docs/micro.md, "Devices that come and go"):
#   the kernel reports each hot-plug bus event (KEV_HOTPLUG, KC_HOTPLUG).
#   RS keeps a table of device class -> driver program on the disk (the
#   services with SV_CLASS set; HPC_RTC -> /BIN/RTCDRV).  On an arrival it
#   reads the program through FS (FS_EXEC into its own buffer), puts it in
#   the driver's service slot (KC_SPAWN), gives it exactly the device's
#   ports and IRQ (KC_PRIVCTL) and starts it; a crash restarts it from
#   that copy, like the boot drivers; on the departure it stops it and frees
#   the slot.  `service up PATH` starts such a driver by hand, bound to the
#   device of its class on the bus.

        .include "server.s"
        .include "lib/kstring.s"

        .equ RS_NSVC, 6                 # services in the table
        .equ RS_HEARTBEAT, 10           # ticks between heartbeats
        .equ RS_HUNG, 50                # ticks of silence that kill a driver
        .equ RS_QUICK, 100              # a death this soon after a start backs off
        .equ RS_BACKOFF_MAX, 64         # longest wait before a restart
        .equ RS_LABEL_MAX, 16           # longest label, NUL included
        .equ RS_IMAGE_MAX, 32768        # largest driver program read from the disk

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
        .equ SV_CLASS, 64               # a device's driver: the bus class it drives (0: a boot service)
        .equ SV_SLOT, 68                # its bus slot while it runs (-1: none)
        .equ SV_IMAGE, 72               # bytes of its program in SV_BUF (0: a boot module)
        .equ SV_STOP, 76                # 1: being stopped (its device left): no restart
        .equ SV_PATH, 80                # its program on the disk
        .equ SV_BUF, 84                 # RS's copy of the program (RS_IMAGE_MAX bytes)
        .equ SV_SIZE, 96

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
        li      t1, KEV_HOTPLUG
        and     t0, t0, t1
        beqz    t0, 21f
        call    rs_hotplug
21:     lw      t0, 4(s1)
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
        sw      zero, SV_KILLED(s0)
        lw      t0, SV_STOP(s0)         # stopped because its device left: gone
        beqz    t0, 11f
        mv      a0, s0
        call    rs_gone
        j       1b
11:     li      t0, SVC_DOWN
        sw      t0, SV_STATE(s0)
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
        mv      a0, s0
        call    rs_revive
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
# SERVICE_RESTART -> 0, -ESRCH (no such service, or a device's driver not
# running), -EPERM (not a driver); SERVICE_UP (the label is a path) -> as
# rs_up; -EINVAL for another op, -EFAULT for a bad pointer.
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
1:      li      t0, SERVICE_UP
        bne     s0, t0, 11f
        mv      a0, a1
        call    rs_up
        j       9f
11:     li      t0, SERVICE_RESTART
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
3:      lw      t0, SV_STATE(s1)
        li      t1, -ESRCH              # a device's driver that is not running
        beqz    t0, 8f
        lw      t0, SV_DRIVER(s1)
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
# tty disk, then each device's driver that runs; at most n), -EFAULT when
# the buffer cannot take them.
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
2:      mv      s1, a1                  # s1: records it may take
        li      a0, 0
        beqz    s1, 9f
        li      a0, -EFAULT
        lw      t0, 0(sp)
        beqz    t0, 9f
        la      a0, rs_listbuf
        li      a1, 0
        li      a2, RS_NSVC * SERVICEINFO_SIZE
        call    memset
        la      t0, rs_listend          # the next record out
        la      t1, rs_listbuf
        sw      t1, 0(t0)
        la      s0, rs_svcs
3:      lw      t0, SV_STATE(s0)
        beqz    t0, 4f                  # SVC_NONE: not listed
        lw      t0, rs_listend
        la      t1, rs_listbuf
        sub     t1, t0, t1
        srli    t1, t1, 5               # SERVICEINFO_SIZE 32
        bgeu    t1, s1, 5f              # n of them already
        mv      a0, t0
        addi    t0, t0, SERVICEINFO_SIZE
        la      t1, rs_listend
        sw      t0, 0(t1)
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
4:      addi    s0, s0, SV_SIZE
        la      t0, rs_svcs + RS_NSVC * SV_SIZE
        bltu    s0, t0, 3b
5:      lw      a3, rs_listend          # one copy out
        la      a2, rs_listbuf
        sub     a3, a3, a2
        srli    s1, a3, 5
        lw      a0, 0(sp)
        li      a1, 0
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

# --- devices that come and go ---------------------------------------------------

# rs_hotplug(): take every event the kernel has (KC_HOTPLUG) and act on it.
# RS's view of the bus (rs_bus: one HPEV record per slot) follows.  An
# arrival of a class with a driver in the table starts it unless it runs
# already; a class without one is logged (the console, disk and timer
# have their boot drivers: nothing to do).  A departure stops the driver
# bound to that slot.
rs_hotplug:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
1:      la      a0, rs_hpev
        KCALL   KC_HOTPLUG
        bnez    a0, 9f                  # -EAGAIN: no more
        lw      a0, rs_hpev+HPEV_SLOT
        li      t0, HP_SLOTS
        bgeu    a0, t0, 1b
        slli    a0, a0, 5               # HPEV_SIZE 32: RS's copy
        la      t0, rs_bus
        add     a0, a0, t0
        mv      s1, a0                  # s1: the slot's record
        la      a1, rs_hpev
        li      a2, HPEV_SIZE
        call    memcpy
        lw      a0, HPEV_CLASS(s1)
        call    rs_find_class
        mv      s0, a0                  # s0: its driver's service, or 0
        lw      t0, HPEV_PRESENT(s1)
        beqz    t0, 5f
        bnez    s0, 3f                  # an arrival
        lw      t0, HPEV_CLASS(s1)
        li      t1, HPC_TIMER
        bleu    t0, t1, 1b              # a boot driver's device (or the kernel's)
        lw      a0, HPEV_CLASS(s1)
        call    rs_class_name
        mv      a2, a0
        la      a0, rs_s_nodriver
        lw      a1, HPEV_SLOT(s1)
        call    dprintf
        j       1b
3:      lw      t0, SV_STATE(s0)
        bnez    t0, 1b                  # it runs already (bound to another slot)
        mv      a0, s0
        mv      a1, s1
        call    rs_bind
        j       1b
5:      beqz    s0, 1b                  # a departure
        lw      t0, SV_STATE(s0)
        beqz    t0, 1b
        lw      t0, SV_SLOT(s0)
        lw      t1, HPEV_SLOT(s1)
        bne     t0, t1, 1b              # not the device it drives
        mv      a0, s0
        call    rs_stop
        j       1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_find_class(class a0) -> the service that drives that device class, or 0.
rs_find_class:
        la      t0, rs_svcs
        li      t2, RS_NSVC
        beqz    a0, 2f                  # (class 0: an empty slot)
1:      lw      t1, SV_CLASS(t0)
        beq     t1, a0, 3f
        addi    t0, t0, SV_SIZE
        addi    t2, t2, -1
        bnez    t2, 1b
2:      li      t0, 0
3:      mv      a0, t0
        ret

# rs_find_device(class a0) -> the bus record of a device of that class
# present on the bus (the lowest slot), or 0.
rs_find_device:
        la      t0, rs_bus
1:      lw      t1, HPEV_PRESENT(t0)
        beqz    t1, 2f
        lw      t1, HPEV_CLASS(t0)
        beq     t1, a0, 3f
2:      addi    t0, t0, HPEV_SIZE
        la      t1, rs_bus + HP_SLOTS * HPEV_SIZE
        bltu    t0, t1, 1b
        li      t0, 0
3:      mv      a0, t0
        ret

# rs_class_name(class a0) -> its name (console, disk, timer, rtc; "?" else).
rs_class_name:
        li      t0, HPC_RTC
        la      t1, rs_s_unknown
        bgtu    a0, t0, 1f
        slli    t0, a0, 3
        la      t1, rs_class_names
        add     t1, t1, t0
1:      mv      a0, t1
        ret

# rs_bind(service a0, bus record a1) -> 0 or -errno: start a device's
# driver for the device in that slot: its program read from the disk
# (rs_load), its privileges exactly the device's ports and IRQ and what a
# driver needs (the port and IRQ kernel calls, DIAG, answering RS), then
# started (rs_spawn).  Logs "rs: slot N: CLASS: started LABEL", or why it
# could not.
rs_bind:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        la      t0, rs_priv_dev         # the privileges: the bus's word
        li      t1, B_DEVIO | B_IRQCTL | B_DIAG
        sw      t1, PRIV_KCALLS(t0)
        li      t1, 1 << EP_RS
        sw      t1, PRIV_SENDTO(t0)
        sw      zero, PRIV_SENDTO+4(t0)
        lw      t2, HPEV_IRQ(s1)
        li      t1, 0
        sltiu   a0, t2, 16              # (HP_NO_IRQ: none)
        beqz    a0, 1f
        li      t1, 1
        sll     t1, t1, t2
1:      sw      t1, PRIV_IRQS(t0)
        lw      t1, HPEV_PORT(s1)
        sw      t1, PRIV_IO(t0)
        lw      t2, HPEV_NPORTS(s1)
        add     t1, t1, t2
        addi    t1, t1, -1              # (no ports: lo > hi, none)
        sw      t1, PRIV_IO+4(t0)
        li      t1, 1
        sw      t1, PRIV_IO+8(t0)
        sw      zero, PRIV_IO+12(t0)
        li      t1, EP_RS
        sw      t1, PRIV_SUPER(t0)
        sw      zero, PRIV_FLAGS(t0)
        lw      t0, HPEV_SLOT(s1)
        sw      t0, SV_SLOT(s0)
        sw      zero, SV_RESTARTS(s0)
        sw      zero, SV_STATUS(s0)
        sw      zero, SV_BACKOFF(s0)
        sw      zero, SV_STOP(s0)
        mv      a0, s0
        call    rs_load
        bltz    a0, 8f
        mv      a0, s0
        call    rs_spawn
        bltz    a0, 8f
        lw      a0, HPEV_CLASS(s1)
        call    rs_class_name
        mv      a2, a0
        la      a0, rs_s_started
        lw      a1, HPEV_SLOT(s1)
        mv      a3, s0
        call    dprintf
        li      a0, 0
        j       9f
8:      sw      a0, 0(sp)
        li      t0, -1
        sw      t0, SV_SLOT(s0)
        lw      a0, HPEV_CLASS(s1)
        call    rs_class_name
        mv      a2, a0
        la      a0, rs_s_nostart
        lw      a1, HPEV_SLOT(s1)
        lw      a3, SV_PATH(s0)
        lw      a4, 0(sp)
        call    dprintf
        lw      a0, 0(sp)
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_load(service a0) -> 0 or -errno: its program from the disk into its
# buffer, as PM reads an executable (FS_EXEC: the path at the start of
# the buffer, lent to FS); SV_IMAGE = its size.  FS never calls RS, so
# this call cannot wait on RS itself; FS answers -EAGAIN if it must first
# wait for RS to restart the disk driver.
rs_load:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lw      a0, SV_BUF(s0)
        lw      a1, SV_PATH(s0)
        call    strcpy
        la      a1, rs_fsmsg
        li      t0, FS_EXEC
        sw      t0, 0(a1)
        li      t0, EP_RS
        sw      t0, 4(a1)
        li      t0, RS_IMAGE_MAX
        sw      t0, 8(a1)
        sw      zero, 12(a1)
        li      a0, EP_FS
        lw      a2, SV_BUF(s0)
        li      a3, RS_IMAGE_MAX
        li      a4, GRANT_R | GRANT_W
        call    ipc_sendrec_g
        li      t0, -EIO
        bnez    a0, 8f
        lw      t0, rs_fsmsg            # FS's answer: the size, or -errno
        li      t1, RS_COMPLAIN         # (FS complained meanwhile: not the answer)
        bne     t0, t1, 1f
        lw      a0, rs_fsmsg+4
        la      a1, rs_s_complaint
        call    rs_put_down
        li      t0, -EAGAIN
        j       8f
1:      bltz    t0, 8f
        sw      t0, SV_IMAGE(s0)
        li      t0, 0
8:      mv      a0, t0
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_spawn(service a0) -> 0 or -errno: start it afresh from its program in
# SV_BUF, in its slot, with a0 = its device (first port | IRQ << 16) and
# the privileges in rs_priv_dev; up from now.
rs_spawn:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lw      t0, SV_SLOT(s0)
        slli    t0, t0, 5
        la      t1, rs_bus
        add     t0, t0, t1
        lw      a3, HPEV_PORT(t0)
        lw      t1, HPEV_IRQ(t0)
        slli    t1, t1, 16
        or      a3, a3, t1
        lw      a0, SV_EP(s0)
        lw      a1, SV_BUF(s0)
        lw      a2, SV_IMAGE(s0)
        mv      a4, s0                  # its name: the label
        KCALL   KC_SPAWN
        bltz    a0, 9f
        lw      a0, SV_EP(s0)
        la      a1, rs_priv_dev
        KCALL   KC_PRIVCTL
        lw      a0, SV_EP(s0)
        KCALL   KC_START
        li      t0, SVC_UP
        sw      t0, SV_STATE(s0)
        KCALL   KC_TICKS
        sw      a0, SV_STARTED(s0)
        sw      a0, SV_ANSWER(s0)
        li      a0, 0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_revive(service a0) -> 0 or -errno: a dead service starts again: a boot
# module with KC_RESTART, a device's driver from RS's copy of its program.
rs_revive:
        lw      t0, SV_IMAGE(a0)
        bnez    t0, rs_spawn            # tail call
        lw      a0, SV_EP(a0)
        KCALL   KC_RESTART
        ret

# rs_stop(service a0): its device left: "rs: slot N: CLASS: removed,
# stopping LABEL"; a running driver is killed and goes when its death
# comes (rs_deaths), a dead one at once.
rs_stop:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        li      t0, 1
        sw      t0, SV_STOP(s0)
        lw      a0, SV_CLASS(s0)
        call    rs_class_name
        mv      a2, a0
        la      a0, rs_s_removed
        lw      a1, SV_SLOT(s0)
        mv      a3, s0
        call    dprintf
        lw      t0, SV_STATE(s0)
        li      t1, SVC_UP
        bne     t0, t1, 1f
        lw      t0, SV_KILLED(s0)
        bnez    t0, 9f                  # its death is coming already
        li      t0, 1
        sw      t0, SV_KILLED(s0)
        lw      a0, SV_EP(s0)
        li      a1, STATUS_KILLED
        KCALL   KC_KILL
        j       9f
1:      mv      a0, s0                  # down, waiting for a restart
        call    rs_gone
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_gone(service a0): a stopped driver is no more: not listed, its slot
# freed (KC_EXIT), no restart due.  If a device of its class came back
# meanwhile (plugged in again before this death came), it starts for it.
rs_gone:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        li      t0, SVC_NONE
        sw      t0, SV_STATE(s0)
        sw      zero, SV_STOP(s0)
        sw      zero, SV_KILLED(s0)
        li      t0, -1
        sw      t0, SV_SLOT(s0)
        lw      a0, SV_EP(s0)
        KCALL   KC_EXIT
        lw      a0, SV_CLASS(s0)
        call    rs_find_device
        beqz    a0, 9f
        mv      a1, a0
        mv      a0, s0
        call    rs_bind
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rs_up(path grant a0) -> 0, or -errno for `service up PATH`: the driver
# of RS's table whose program that is (upper-cased: the disk's names),
# bound to the device of its class on the bus.  -EINVAL not a driver RS
# knows, -EBUSY it runs already, -ENODEV no such device on the bus; else
# rs_bind's result.
rs_up:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t1, -EFAULT
        beqz    a0, 8f
        la      a1, rs_path
        li      a2, PATH_MAX
        KCALL   KC_SAFECOPY_STR
        mv      t1, a0
        bltz    a0, 8f
        la      t0, rs_path             # upper-case it
1:      lbu     t1, 0(t0)
        beqz    t1, 2f
        addi    t2, t1, -'a'
        sltiu   t2, t2, 26
        beqz    t2, 11f
        addi    t1, t1, 'A' - 'a'
        sb      t1, 0(t0)
11:     addi    t0, t0, 1
        j       1b
2:      la      s0, rs_svcs             # whose program?
3:      lw      t0, SV_CLASS(s0)
        beqz    t0, 4f
        lw      a0, SV_PATH(s0)
        la      a1, rs_path
        call    strcmp
        beqz    a0, 5f
4:      addi    s0, s0, SV_SIZE
        la      t0, rs_svcs + RS_NSVC * SV_SIZE
        bltu    s0, t0, 3b
        li      t1, -EINVAL
        j       8f
5:      lw      t0, SV_STATE(s0)
        li      t1, -EBUSY
        bnez    t0, 8f
        lw      a0, SV_CLASS(s0)        # its device on the bus
        call    rs_find_device
        li      t1, -ENODEV
        beqz    a0, 8f
        mv      a1, a0
        mv      a0, s0
        call    rs_bind
        mv      t1, a0
8:      mv      a0, t1
        lw      s1, 4(sp)
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
rs_s_started:   .asciz  "rs: slot %d: %s: started %s"
rs_s_nostart:   .asciz  "rs: slot %d: %s: cannot start %s (error %d)"
rs_s_removed:   .asciz  "rs: slot %d: %s: removed, stopping %s"
rs_s_nodriver:  .asciz  "rs: slot %d: %s: no driver"
rs_s_unknown:   .asciz  "?"
rs_s_rtcdrv:    .asciz  "/BIN/RTCDRV"
        .balign 8
rs_class_names:                         # by HPC_*, 8 bytes each
        .asciz  "-"
        .space  6
        .asciz  "console"
        .asciz  "disk"
        .space  3
        .asciz  "timer"
        .space  2
        .asciz  "rtc"
        .space  4

        .data
        .balign 4
# The services, in `service list` order; the PRIV records are the table of
# docs/micro.md ("Boot").
rs_svcs:
        .asciz  "pm"
        .space  RS_LABEL_MAX - 3
        .word   EP_PM, rs_priv_pm, 0, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .word   0, -1, 0, 0, 0, 0, 0, 0
        .asciz  "fs"
        .space  RS_LABEL_MAX - 3
        .word   EP_FS, rs_priv_fs, 0, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .word   0, -1, 0, 0, 0, 0, 0, 0
        .asciz  "rs"
        .space  RS_LABEL_MAX - 3
        .word   EP_RS, 0, 0, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .word   0, -1, 0, 0, 0, 0, 0, 0
        .asciz  "tty"
        .space  RS_LABEL_MAX - 4
        .word   EP_TTY, rs_priv_tty, 1, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .word   0, -1, 0, 0, 0, 0, 0, 0
        .asciz  "disk"
        .space  RS_LABEL_MAX - 5
        .word   EP_DISK, rs_priv_disk, 1, SVC_UP, 0, 0, 0, 0, 0, 0, 0, 0
        .word   0, -1, 0, 0, 0, 0, 0, 0
        .asciz  "rtcdrv"                # the clock's driver, from the disk
        .space  RS_LABEL_MAX - 7
        .word   EP_RTC, rs_priv_dev, 1, SVC_NONE, 0, 0, 0, 0, 0, 0, 0, 0
        .word   HPC_RTC, -1, 0, 0, rs_s_rtcdrv, rs_image_rtc, 0, 0
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
        .word   (1 << EP_DISK) | (1 << EP_TTY) | (1 << EP_PM) | (1 << EP_RS) | (1 << EP_RTC), 0
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
rs_listend:     .space  4               # (the next record being filled)
rs_hpev:        .space  HPEV_SIZE       # KC_HOTPLUG's record
rs_bus:         .space  HP_SLOTS * HPEV_SIZE    # what each bus slot holds, as RS knows it
rs_priv_dev:    .space  PRIV_SIZE       # a device driver's privileges: its device's ports and IRQ
rs_fsmsg:       .space  MSG_SIZE        # rs_load's call to FS
rs_path:        .space  PATH_MAX        # service up's path
rs_image_rtc:   .space  RS_IMAGE_MAX    # /BIN/RTCDRV, as read at its last start
