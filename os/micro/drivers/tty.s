# tty.s -- the microkernel's console driver (module "tty", endpoint EP_TTY).
#
# The shared line discipline (os/drivers/tty.s) and UART code
# (os/drivers/uart.s) run here in user mode; their port accesses are kernel
# calls (portio.inc).  The UART's receive interrupt arrives as a
# notification from EP_KERNEL; the driver feeds the bytes to tty_input and
# unmasks the line again.
#
# FS forwards console reads and writes (IPC_FORWARD): the message comes
# from the client itself (t0), m0 = TTY_READ / TTY_WRITE, m1 = n, m4 = the
# call grant on the client's buffer; the reply goes to the client.
#
# The driver has one thread.  tty_read waits for a line in proc_sleep,
# which runs a nested message loop: it serves interrupts, writes and RS's
# heartbeats, and queues further reads, until proc_wakeup is called.  The
# queued reads are served in order after the current one.  A read returns
# at most TTY_RDMAX bytes (one line), as on the monolithic kernel.  Writes
# are copied a chunk at a time and sent with one kernel call a byte
# (ttyd_out); RS's heartbeats are answered between the chunks.  Input
# is taken UART_BATCH bytes an interrupt (uart_intr); while more is
# waiting the kernel's interrupt notification always comes first in
# ipc_receive, so RS's heartbeat is looked for between the batches.
#
# Restarted by RS, the driver starts from scratch: what was typed ahead is
# lost, and clients that were waiting got -EIO from the kernel.

        .include "server.s"
        .include "portio.inc"
        .include "lib/kstring.s"
        .include "drivers/uart.s"
        .include "drivers/tty.s"

        .equ TTY_RDMAX, 256             # most bytes one read returns (the monolithic TTY_BOUNCE)
        .equ TTY_WRCHUNK, 1024          # bytes of a write copied at a time
        .equ TTY_NQUEUE, NPROC          # reads waiting their turn
        # a queued read: client, n, grant, Ctrl-C count when it came
        .equ TQ_CLIENT, 0
        .equ TQ_N, 4
        .equ TQ_GRANT, 8
        .equ TQ_INTRS, 12
        .equ TQ_SIZE, 16

        .text

# main(): set up the line discipline and the UART, then serve requests,
# reads in the order they came.  Never returns.
main:
        call    tty_init
        call    uart_init
        li      a0, IRQ_CONSOLE
        li      a1, 1
        KCALL   KC_IRQCTL
1:      la      t0, ttyd_qhead
        lw      t1, 0(t0)
        la      t2, ttyd_qtail
        lw      t2, 0(t2)
        beq     t1, t2, 2f
        call    ttyd_serve_read         # the oldest queued read
        j       1b
2:      call    ttyd_dispatch
        j       1b

# ttyd_dispatch(): receive one message and handle it; a read is queued.
ttyd_dispatch:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, EP_ANY
        la      a1, ttyd_msg
        call    ipc_receive
        bnez    a0, 9f
        mv      t2, a1                  # the source
        la      t0, ttyd_msg
        lw      t1, 0(t0)               # m0
        li      a0, MSG_NOTIFY
        bne     t1, a0, 3f
        bnez    t2, 2f
        lw      t1, 4(t0)               # from the kernel: m1 = KEV_* bits
        andi    t1, t1, KEV_IRQ_CONSOLE
        beqz    t1, 9f
        call    uart_intr               # a batch of bytes
        beqz    a0, 1f
        call    ttyd_heartbeat          # more waiting: a long input must not look like a hang
1:      li      a0, IRQ_CONSOLE
        li      a1, 1
        KCALL   KC_IRQCTL
        j       9f
2:      li      a0, EP_RS
        bne     t2, a0, 9f              # other notifications: ignored
        call    ipc_notify              # RS's heartbeat: answer it
        j       9f
3:      li      a0, TTY_WRITE
        bne     t1, a0, 4f
        mv      a0, t2
        lw      a1, 4(t0)
        lw      a2, 16(t0)
        call    ttyd_write
        j       9f
4:      li      a0, TTY_READ
        bne     t1, a0, 5f
        mv      a0, t2
        lw      a1, 4(t0)
        lw      a2, 16(t0)
        call    ttyd_queue
        j       9f
5:      mv      a0, t2                  # anything else: refused
        li      a1, -EINVAL
        call    reply
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ttyd_write(client a0, n a1, grant a2): copy the client's bytes through
# the grant, a chunk at a time, to the console; reply n, or the error of a
# copy that failed.
ttyd_write:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)              # bytes done
        sw      s1, 20(sp)              # n
        sw      a0, 16(sp)
        sw      a2, 12(sp)
        mv      s1, a1
        li      s0, 0
        li      a1, -EINVAL
        bltz    s1, 8f
1:      bgeu    s0, s1, 7f
        sub     a3, s1, s0
        li      t0, TTY_WRCHUNK
        bleu    a3, t0, 2f
        mv      a3, t0
2:      sw      a3, 8(sp)
        lw      a0, 12(sp)
        mv      a1, s0
        la      a2, ttyd_wrbuf
        li      a4, 0                   # from the granter
        KCALL   KC_SAFECOPY
        mv      a1, a0
        bnez    a0, 8f
        la      a0, ttyd_wrbuf
        lw      a1, 8(sp)
        add     s0, s0, a1
        call    ttyd_out
        call    ttyd_heartbeat          # a long write must not look like a hang
        j       1b
7:      mv      a1, s1
8:      lw      a0, 16(sp)
        call    reply
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ttyd_out(buffer a0, n a1): the bytes to the UART, LF as CR LF, as
# tty_write does, but with one kernel call a byte: the K32 UART's
# transmitter is always ready (LSR_THR_EMPTY), so uart_putc's poll of
# UART_LSR, a second kernel call, is left out.
ttyd_out:
        mv      t0, a0
        add     t1, a0, a1
1:      bgeu    t0, t1, 3f
        lbu     a1, 0(t0)
        addi    t0, t0, 1
        li      a0, '\n'
        bne     a1, a0, 2f
        li      a1, '\r'
        li      a0, UART_DATA
        li      a2, 1
        KCALL   KC_DEVIO
        li      a1, '\n'
2:      li      a0, UART_DATA
        li      a2, 1
        KCALL   KC_DEVIO
        j       1b
3:      ret

# ttyd_heartbeat(): answer RS's heartbeat if one is pending (between the
# chunks of a long write, and the batches of a long input).
ttyd_heartbeat:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, EP_RS
        la      a1, ttyd_hbmsg
        call    ipc_receivenb
        bnez    a0, 1f
        li      a0, EP_RS
        call    ipc_notify
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ttyd_queue(client a0, n a1, grant a2): queue a read (served by main in
# order); -EAGAIN to the client when the queue is full.
ttyd_queue:
        la      t0, ttyd_qhead
        lw      t0, 0(t0)
        la      t1, ttyd_qtail
        lw      t2, 0(t1)
        sub     t0, t2, t0
        li      a3, TTY_NQUEUE
        bgeu    t0, a3, 1f
        addi    a3, t2, 1
        sw      a3, 0(t1)
        andi    t2, t2, TTY_NQUEUE - 1
        slli    t2, t2, 4               # TQ_SIZE
        la      t0, ttyd_queue_buf
        add     t2, t2, t0
        sw      a0, TQ_CLIENT(t2)
        sw      a1, TQ_N(t2)
        sw      a2, TQ_GRANT(t2)
        la      t0, tty_intrs
        lw      t0, 0(t0)
        sw      t0, TQ_INTRS(t2)
        ret
1:      li      a1, -EAGAIN
        j       reply                   # tail call

# ttyd_serve_read(): take the oldest queued read, read a line with
# tty_read (which may wait, serving other messages), copy it through the
# grant and reply the count (or the error).  A read queued before a
# Ctrl-C gets -EINTR, as every read waiting at the time does.  When the
# copy fails (-EFAULT: a bad buffer; -EPERM: the client died and its grant
# with it) the bytes are put back, so that no line is lost.
ttyd_serve_read:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        la      t0, ttyd_qhead
        lw      t1, 0(t0)
        addi    t2, t1, 1
        sw      t2, 0(t0)
        andi    t1, t1, TTY_NQUEUE - 1
        slli    t1, t1, 4               # TQ_SIZE
        la      t0, ttyd_queue_buf
        add     t1, t1, t0
        lw      s0, TQ_CLIENT(t1)
        lw      s1, TQ_N(t1)
        lw      t0, TQ_GRANT(t1)
        sw      t0, 16(sp)
        lw      t0, TQ_INTRS(t1)
        la      t2, tty_intrs
        lw      t2, 0(t2)
        li      a1, -EINTR
        bne     t0, t2, 8f
        li      a1, -EINVAL
        bltz    s1, 8f
        li      a1, 0
        beqz    s1, 8f
        li      t0, TTY_RDMAX
        bleu    s1, t0, 1f
        mv      s1, t0
1:      la      t0, tty_head            # only this read takes from the ring
        lw      t0, 0(t0)
        sw      t0, 12(sp)
        la      a0, ttyd_rdbuf
        mv      a1, s1
        call    tty_read
        mv      s1, a0                  # the count, or the error
        blez    a0, 7f
        lw      a0, 16(sp)
        li      a1, 0
        la      a2, ttyd_rdbuf
        mv      a3, s1
        li      a4, 1                   # to the granter
        KCALL   KC_SAFECOPY
        beqz    a0, 7f
        lw      t0, 12(sp)              # not delivered (a bad buffer, or the
        la      t1, tty_head            # client is gone): the line stays in
        sw      t0, 0(t1)               # the ring for the next read
        j       6f
7:      mv      a0, s1
6:      mv      a1, a0
8:      mv      a0, s0
        call    reply
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# proc_sleep(a0 = channel) -> 0: for the line discipline.  Serves messages
# until proc_wakeup has been called (there is one channel: tty_head).
proc_sleep:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      t0, ttyd_woken
        sw      zero, 0(t0)
1:      call    ttyd_dispatch
        la      t0, ttyd_woken
        lw      t0, 0(t0)
        beqz    t0, 1b
        li      a0, 0
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# proc_wakeup(a0 = channel): the reader waiting in proc_sleep may go on.
proc_wakeup:
        la      t0, ttyd_woken
        li      t1, 1
        sw      t1, 0(t0)
        ret

# proc_kill_intr(): Ctrl-C: PM kills every process not spared (setintr).
proc_kill_intr:
        li      a0, EP_PM
        j       ipc_notify              # tail call

        .bss
        .balign 4
ttyd_msg:       .space MSG_SIZE
ttyd_hbmsg:     .space MSG_SIZE         # a heartbeat taken during a write
ttyd_woken:     .space 4                # set by proc_wakeup
ttyd_qhead:     .space 4                # queued reads taken (count)
ttyd_qtail:     .space 4                # queued reads put (count)
ttyd_queue_buf: .space TTY_NQUEUE * TQ_SIZE
ttyd_rdbuf:     .space TTY_RDMAX
ttyd_wrbuf:     .space TTY_WRCHUNK
        .text
