# ipc.s -- messages: send, receive, sendrec, notify, forward, and the user
# system calls turned into calls to the servers.
#
# A message is 5 words.  A sender's words are in its frame (a0..a4) or,
# for a translated system call and while it waits in a send queue, in its
# P_MSG.  Delivery writes straight into the receiver's frame: m0..m4 to
# a0..a4, the source to t0, status 0 to a5 -- or, for a process in a
# translated system call, m0 to a0 only.  A sender that finds its
# destination not receiving joins the destination's FIFO queue; nobody
# ever waits inside the kernel, so there is no deadlock in the kernel.

        .text

# slot(ep) -> slot address (no check).
.macro SLOT rd, rs
        slli    \rd, \rs, PROC_SHIFT
        la      gp, proc_table
        add     \rd, \rd, gp
.endm

# ipc_call (s1 = caller, a5 = IPC_*, a0..a4 message, t0 endpoint, t1 t2):
# the IPC operations.  Each ends in ipc_finish (a0 = status or IPC_BLOCKED).
ipc_call:
        li      gp, IPC_SENDNB
        beq     a5, gp, ipc_reply_fast
        li      gp, IPC_SENDREC
        bne     a5, gp, 1f
        # the fast path: sendrec to an endpoint already receiving
        addi    gp, t0, -1
        li      tp, NPROC - 1
        bgeu    gp, tp, 1f              # (checked again below)
        SLOT    a0, t0
        lw      gp, P_IPC(a0)
        li      tp, ST_RECV
        bne     gp, tp, 1f
        lw      gp, P_FROM(a0)
        lw      tp, P_EP(s1)
        addi    gp, gp, 1               # EP_ANY + 1 = 0
        beqz    gp, 2f
        addi    gp, gp, -1
        bne     gp, tp, 1f
2:      lw      gp, P_FLAGS(a0)         # (a plain receiver, or one waiting for our reply)
        bnez    gp, 1f
        li      gp, 32                  # allowed: an endpoint < 32 in PRIV_SENDTO
        bgeu    t0, gp, 1f
        lw      gp, P_PRIV+PRIV_SENDTO(s1)
        srl     gp, gp, t0
        andi    gp, gp, 1
        beqz    gp, 1f
        # copy the message register to register, block the caller, run the server
        addi    t2, a0, P_FRAME
        lw      gp, P_FRAME+TF_A0(s1)
        sw      gp, TF_A0(t2)
        lw      gp, P_FRAME+TF_A1(s1)
        sw      gp, TF_A1(t2)
        lw      gp, P_FRAME+TF_A2(s1)
        sw      gp, TF_A2(t2)
        lw      gp, P_FRAME+TF_A3(s1)
        sw      gp, TF_A3(t2)
        lw      gp, P_FRAME+TF_A4(s1)
        sw      gp, TF_A4(t2)
        sw      tp, TF_T0(t2)
        sw      zero, TF_A5(t2)
        sw      zero, P_IPC(a0)
        li      gp, PROC_RUNNABLE
        sw      gp, P_STATE(a0)
        li      gp, ST_RECV
        sw      gp, P_IPC(s1)
        sw      t0, P_FROM(s1)
        li      gp, F_CALL
        sw      gp, P_FLAGS(s1)
        li      gp, PROC_SLEEPING
        sw      gp, P_STATE(s1)
        j       proc_run
1:
ipc_general:
        addi    tp, a5, -IPC_SEND       # (t1, t2: sendrec_g's and forward's)
        slli    tp, tp, 2
        la      gp, ipc_table
        add     tp, tp, gp
        lw      tp, 0(tp)
        jr      tp

# ipc_reply_fast: IPC_SENDNB to a process waiting for the caller's reply
# (a server answering a call): deliver it and go on; anything else takes
# the general path.
ipc_reply_fast:
        addi    gp, t0, -1
        li      tp, NPROC - 1
        bgeu    gp, tp, ipc_general
        SLOT    a0, t0
        lw      gp, P_IPC(a0)
        li      tp, ST_RECV
        bne     gp, tp, ipc_general
        lw      gp, P_FLAGS(a0)
        andi    gp, gp, F_CALL
        beqz    gp, ipc_general
        lw      gp, P_FROM(a0)
        lw      a1, P_EP(s1)
        bne     gp, a1, ipc_general
        sw      a0, sched_hint, gp
        addi    a2, s1, P_FRAME+TF_A0
        call    ipc_deliver
        sw      zero, P_FRAME+TF_A5(s1)
        mv      a0, s1
        j       proc_run

        .rodata
        .balign 4
ipc_table:
        .word   ipc_op_send, ipc_op_receive, ipc_op_sendrec, ipc_op_notify
        .word   ipc_op_sendnb, ipc_op_receivenb, ipc_op_sendrec_g, ipc_op_forward
        .text

ipc_op_send:
        li      a3, 0
        j       1f
ipc_op_sendnb:
        li      a3, 1
        j       1f
ipc_op_sendrec:
        li      a3, 2
1:      mv      a1, t0
        mv      a0, s1
        addi    a2, s1, P_FRAME+TF_A0
        call    ipc_send
        j       ipc_finish

ipc_op_receive:
        li      a2, 0
        j       1f
ipc_op_receivenb:
        li      a2, 1
1:      mv      a1, t0
        mv      a0, s1
        call    ipc_receive
        j       ipc_finish

ipc_op_notify:
        mv      a1, t0
        mv      a0, s1
        call    ipc_notify
        j       ipc_finish

# sendrec_g: lend the destination a call grant (m4 = its id), then sendrec;
# the grant goes when the call ends.
ipc_op_sendrec_g:
        sw      t0, 0(sp)
        mv      a2, t1                  # address, or the grant passed on
        mv      a3, t2                  # length
        andi    a4, a4, GRANT_R | GRANT_W | GRANT_PASS
        mv      a1, t0                  # grantee
        mv      a0, s1
        call    grant_lend
        bltz    a0, ipc_finish
        sw      a0, P_FRAME+TF_A4(s1)   # m4 = the grant
        mv      a0, s1
        lw      a1, 0(sp)
        addi    a2, s1, P_FRAME+TF_A0
        li      a3, 2
        call    ipc_send
        bgez    a0, ipc_finish
        sw      a0, 0(sp)               # failed: the grant goes now
        mv      a0, s1
        call    grant_end_call
        lw      a0, 0(sp)
        j       ipc_finish

ipc_op_forward:
        mv      a2, t1
        mv      a1, t0
        mv      a0, s1
        call    ipc_forward
        # fall through

# ipc_finish(a0 = status or IPC_BLOCKED, s1 = caller): give the caller its
# status and run it, or run someone else if it blocked (the process it
# sent to first: the slow path of a call).
ipc_finish:
        li      t0, IPC_BLOCKED
        beq     a0, t0, 1f
        sw      a0, P_FRAME+TF_A5(s1)
        mv      a0, s1
        j       proc_run
1:      lw      a0, P_PEER(s1)
        lw      t0, P_IPC(s1)
        andi    t0, t0, ST_SEND
        beqz    t0, 4f
        SLOT    a0, a0                  # queued: the destination is busy;
        j       sched_to                # run it now, so that it takes the message
4:      lw      a0, P_FROM(s1)          # delivered: run the one it called
        bltz    a0, 3f
        SLOT    a0, a0
        j       sched_to
3:      lw      a0, sched_hint          # a receive: the process it last
        beqz    a0, 2f                  # answered, if it can run
        sw      zero, sched_hint, t0
        j       sched_to
2:      j       sched

# ipc_allowed(a0 = sender slot, a1 = destination slot) -> 1 if the sender
# may send to it: its PRIV_SENDTO has the bit, or the destination waits for
# the sender's reply, or the sender is in a translated system call.
ipc_allowed:
        lw      t0, P_FLAGS(a0)
        andi    t0, t0, F_SYSCALL
        bnez    t0, 1f
        lw      t0, P_IPC(a1)
        li      t1, ST_RECV
        bne     t0, t1, 2f
        lw      t0, P_FLAGS(a1)
        andi    t0, t0, F_CALL
        beqz    t0, 2f
        lw      t0, P_FROM(a1)
        lw      t1, P_EP(a0)
        beq     t0, t1, 1f
2:      lw      t0, P_EP(a1)
        srli    t1, t0, 5
        slli    t1, t1, 2
        add     t1, t1, a0
        lw      t1, P_PRIV+PRIV_SENDTO(t1)
        srl     t1, t1, t0
        andi    a0, t1, 1
        ret
1:      li      a0, 1
        ret

# ipc_check_dest(a0 = sender slot, a1 = endpoint) -> destination slot, or
# -EINVAL (not a process endpoint, or itself), -ESRCH (no live process
# there), -EPERM (not allowed: logged).
ipc_check_dest:
        addi    t0, a1, -1
        li      t1, NPROC - 1
        bgeu    t0, t1, 8f
        SLOT    t0, a1
        beq     t0, a0, 8f
        lw      t1, P_STATE(t0)
        beqz    t1, 7f                  # PROC_UNUSED
        li      t2, PROC_ZOMBIE
        beq     t1, t2, 7f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      t0, 8(sp)
        sw      a1, 4(sp)
        sw      a0, 0(sp)
        mv      a1, t0
        call    ipc_allowed
        bnez    a0, 1f
        lw      a0, 0(sp)               # refused: log it
        call    klog_ep
        la      a0, ipc_msg_to
        call    kputs
        lw      a0, 4(sp)
        call    kputdec
        la      a0, klog_refused
        call    kputs
        li      a0, -EPERM
        j       2f
1:      lw      a0, 8(sp)
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
7:      li      a0, -ESRCH
        ret
8:      li      a0, -EINVAL
        ret

# ipc_accepts(a0 = receiver slot, a1 = source endpoint) -> non-zero if it
# is blocked receiving and takes a message from that source.
ipc_accepts:
        lw      t0, P_IPC(a0)
        li      t1, ST_RECV
        bne     t0, t1, 1f
        lw      t0, P_FROM(a0)
        beq     t0, a1, 2f
        addi    t0, t0, 1               # EP_ANY
        seqz    a0, t0
        ret
1:      li      a0, 0
        ret
2:      li      a0, 1
        ret

# ipc_send(a0 = sender slot, a1 = destination endpoint, a2 = the message's
# 5 words, a3 = 0 send, 1 sendnb, 2 sendrec) -> 0, -errno, or IPC_BLOCKED
# (the sender now waits: queued, or for the reply of a call delivered).
ipc_send:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a2, 16(sp)
        sw      a3, 12(sp)
        sw      a1, 8(sp)
        mv      s0, a0
        call    ipc_check_dest
        bltz    a0, 9f
        mv      s1, a0                  # the destination
        lw      a1, P_EP(s0)
        call    ipc_accepts
        beqz    a0, 3f
        mv      a0, s1                  # it is receiving: deliver now
        lw      a1, P_EP(s0)
        lw      a2, 16(sp)
        call    ipc_deliver
        lw      t0, 12(sp)
        li      a0, 0
        li      t1, 2
        bne     t0, t1, 9f
        li      t0, ST_RECV             # sendrec: now wait for the reply
        sw      t0, P_IPC(s0)
        j       5f
3:      lw      t0, 12(sp)
        li      a0, -EAGAIN
        li      t1, 1
        beq     t0, t1, 9f
        lw      a1, 16(sp)              # queue it, the message in P_MSG
        addi    a0, s0, P_MSG
        beq     a0, a1, 4f
        li      a2, MSG_WORDS * 4
        call    memcpy
4:      lw      t0, P_EP(s1)
        sw      t0, P_PEER(s0)
        sw      zero, P_QNEXT(s0)
        lw      t0, P_QTAIL(s1)
        bnez    t0, 41f
        sw      s0, P_QHEAD(s1)
        j       42f
41:     sw      s0, P_QNEXT(t0)
42:     sw      s0, P_QTAIL(s1)
        lw      t0, 12(sp)
        li      t1, ST_SEND
        li      t2, 2
        bne     t0, t2, 6f
        li      t1, ST_SEND | ST_RECV
        sw      t1, P_IPC(s0)
5:      lw      t0, P_EP(s1)            # sendrec: the reply comes from there
        sw      t0, P_FROM(s0)
        lw      t0, P_FLAGS(s0)
        ori     t0, t0, F_CALL
        sw      t0, P_FLAGS(s0)
        j       7f
6:      sw      t1, P_IPC(s0)
7:      li      t0, PROC_SLEEPING
        sw      t0, P_STATE(s0)
        li      a0, IPC_BLOCKED
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ipc_deliver(a0 = receiver slot, a1 = source endpoint, a2 = message):
# write it into the receiver's frame, end its receive (and the grants of
# its call, if this is the reply) and make it RUNNABLE.
ipc_deliver:
        addi    t2, a0, P_FRAME
        lw      t0, P_FLAGS(a0)
        lw      t1, 0(a2)
        sw      t1, TF_A0(t2)
        andi    t1, t0, F_SYSCALL
        bnez    t1, 1f                  # a system call: only a0
        lw      t1, 4(a2)
        sw      t1, TF_A1(t2)
        lw      t1, 8(a2)
        sw      t1, TF_A2(t2)
        lw      t1, 12(a2)
        sw      t1, TF_A3(t2)
        lw      t1, 16(a2)
        sw      t1, TF_A4(t2)
        sw      a1, TF_T0(t2)
        sw      zero, TF_A5(t2)
1:      sw      zero, P_IPC(a0)
        sw      zero, P_FLAGS(a0)
        li      t1, PROC_RUNNABLE
        sw      t1, P_STATE(a0)
        andi    t0, t0, F_CALL
        bnez    t0, grant_end_call      # tail call: its call is over
        ret

# ipc_fail(a0 = slot, a1 = -errno): its pending IPC fails: out of any
# queue it is in, status a1 (a process in a system call: a0 = -EIO),
# its call's grants revoked, RUNNABLE.
ipc_fail:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        addi    t2, a0, P_FRAME
        lw      t0, P_FLAGS(a0)
        andi    t0, t0, F_SYSCALL
        beqz    t0, 1f
        li      a1, -EIO
        sw      a1, TF_A0(t2)
        j       2f
1:      sw      a1, TF_A5(t2)
2:      call    ipc_unqueue
        sw      zero, P_IPC(s0)
        sw      zero, P_FLAGS(s0)
        li      t1, PROC_RUNNABLE
        sw      t1, P_STATE(s0)
        mv      a0, s0
        call    grant_end_call
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ipc_unqueue(a0 = slot): take it out of the send queue it waits in, if any.
ipc_unqueue:
        lw      t0, P_IPC(a0)
        andi    t0, t0, ST_SEND
        beqz    t0, 9f
        lw      t0, P_PEER(a0)
        slli    t0, t0, PROC_SHIFT
        la      t1, proc_table
        add     t0, t0, t1              # the queue's owner
        li      t1, 0                   # previous
        lw      t2, P_QHEAD(t0)
1:      beqz    t2, 9f
        beq     t2, a0, 2f
        mv      t1, t2
        lw      t2, P_QNEXT(t2)
        j       1b
2:      lw      t2, P_QNEXT(a0)
        bnez    t1, 3f
        sw      t2, P_QHEAD(t0)
        j       4f
3:      sw      t2, P_QNEXT(t1)
4:      lw      t2, P_QTAIL(t0)
        bne     t2, a0, 9f
        sw      t1, P_QTAIL(t0)
9:      ret

# ipc_receive(a0 = slot, a1 = source or EP_ANY, a2 = 1 not to block) -> 0
# with the message in its frame, -EAGAIN, -EINVAL, or IPC_BLOCKED.
# Notifications first (lowest source first), then the queue in order.
ipc_receive:
        addi    t0, a1, 1
        li      t1, NPROC + 1
        bgeu    t0, t1, 8f              # not EP_ANY .. NPROC-1
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a2, 0(sp)
        mv      s0, a0
        mv      s1, a1
        lw      t0, P_KEV(s0)           # nothing pending at all: block
        lw      t1, P_NOTE(s0)
        or      t0, t0, t1
        lw      t1, P_NOTE+4(s0)
        or      t0, t0, t1
        lw      t1, P_QHEAD(s0)
        or      t0, t0, t1
        li      a0, 1
        beqz    t0, 6f
        mv      a0, s0
        call    ipc_take_pending
6:      beqz    a0, 7f
        lw      t0, 0(sp)
        li      a0, -EAGAIN
        bnez    t0, 7f
        li      t0, ST_RECV             # block
        sw      t0, P_IPC(s0)
        sw      s1, P_FROM(s0)
        li      t0, PROC_SLEEPING
        sw      t0, P_STATE(s0)
        li      a0, IPC_BLOCKED
7:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
8:      li      a0, -EINVAL
        ret

# ipc_take_pending(a0 = slot, a1 = source or EP_ANY) -> 0 with a pending
# notification or queued message from that source in its frame (a0..a4,
# t0, a5 = 0), or 1 if there is none.
ipc_take_pending:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        mv      s0, a0
        mv      s1, a1
        lw      t0, P_KEV(s0)           # notifications: the kernel's first
        beqz    t0, 1f
        beqz    a1, 11f
        bgez    a1, 1f
11:     sw      zero, P_KEV(s0)
        li      a1, 0
        mv      a2, t0
        j       5f
1:      li      a1, 0                   # then each word of P_NOTE
        lw      t0, P_NOTE(s0)
        lw      t1, P_NOTE+4(s0)
        bltz    s1, 2f
        li      t2, 1                   # one source: its bit only
        sll     t2, t2, s1
        srli    a2, s1, 5
        beqz    a2, 12f
        li      t0, 0
        and     t1, t1, t2
        j       2f
12:     and     t0, t0, t2
        li      t1, 0
2:      bnez    t0, 3f
        beqz    t1, 6f
        mv      t0, t1
        li      a1, 32
3:      andi    t2, t0, 1               # the lowest bit
        bnez    t2, 4f
        srli    t0, t0, 1
        addi    a1, a1, 1
        j       3b
4:      srli    t0, a1, 5               # clear it
        slli    t0, t0, 2
        add     t0, t0, s0
        lw      t1, P_NOTE(t0)
        li      t2, 1
        sll     t2, t2, a1
        not     t2, t2
        and     t1, t1, t2
        sw      t1, P_NOTE(t0)
        li      a2, 0
5:      addi    t2, s0, P_FRAME         # MSG_NOTIFY from a1, m1 = a2
        li      t0, MSG_NOTIFY
        sw      t0, TF_A0(t2)
        sw      a2, TF_A1(t2)
        sw      zero, TF_A2(t2)
        sw      zero, TF_A3(t2)
        sw      zero, TF_A4(t2)
        sw      a1, TF_T0(t2)
        sw      zero, TF_A5(t2)
        li      a0, 0
        j       9f
6:      lw      a0, P_QHEAD(s0)         # then the queue
7:      beqz    a0, 8f
        bltz    s1, 71f
        lw      t0, P_EP(a0)
        beq     t0, s1, 71f
        lw      a0, P_QNEXT(a0)
        j       7b
71:     sw      a0, 16(sp)              # the sender
        call    ipc_unqueue
        lw      a2, 16(sp)
        lw      t0, P_IPC(a2)
        andi    t0, t0, ST_RECV
        sw      t0, P_IPC(a2)           # a sendrec waits on for the reply
        bnez    t0, 72f
        li      t0, PROC_RUNNABLE       # a send is over
        sw      t0, P_STATE(a2)
        sw      zero, P_FRAME+TF_A5(a2)
        sw      a2, sched_hint, t0      # it runs when the receiver blocks again
72:     lw      a1, P_EP(a2)
        addi    a2, a2, P_MSG
        addi    t2, s0, P_FRAME         # the message, as ipc_deliver but
        li      a0, MSG_WORDS           # the receiver is running
        addi    t1, t2, TF_A0
73:     lw      t0, 0(a2)
        sw      t0, 0(t1)
        addi    a2, a2, 4
        addi    t1, t1, 4
        addi    a0, a0, -1
        bnez    a0, 73b
        sw      a1, TF_T0(t2)
        sw      zero, TF_A5(t2)
        li      a0, 0
        j       9f
8:      li      a0, 1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ipc_wake_receiver(a0 = slot): if it is blocked in a plain receive that a
# pending notification satisfies, hand it over and make it RUNNABLE.
ipc_wake_receiver:
        lw      t0, P_IPC(a0)
        li      t1, ST_RECV
        bne     t0, t1, 9f
        lw      t0, P_FLAGS(a0)
        bnez    t0, 9f                  # waiting for a reply: not a notification
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        lw      a1, P_FROM(a0)
        call    ipc_take_pending
        bnez    a0, 1f
        lw      a0, 8(sp)
        sw      zero, P_IPC(a0)
        li      t0, PROC_RUNNABLE
        sw      t0, P_STATE(a0)
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
9:      ret

# ipc_notify(a0 = sender slot, a1 = destination endpoint) -> 0 or -errno.
ipc_notify:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        call    ipc_check_dest
        bltz    a0, 9f
        lw      t0, P_EP(s0)
        srli    t1, t0, 5
        slli    t1, t1, 2
        add     t1, t1, a0
        lw      t2, P_NOTE(t1)
        li      a1, 1
        sll     a1, a1, t0
        or      t2, t2, a1
        sw      t2, P_NOTE(t1)
        call    ipc_wake_receiver
        li      a0, 0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kev_notify(a0 = slot, a1 = KEV_* bits): a notification from EP_KERNEL.
kev_notify:
        lw      t0, P_KEV(a0)
        or      t0, t0, a1
        sw      t0, P_KEV(a0)
        j       ipc_wake_receiver       # tail call

# ipc_forward(a0 = caller slot, a1 = destination endpoint, a2 = client
# endpoint; the message in the caller's frame) -> 0 or -errno: the
# client's call to the caller goes to the destination with this message,
# with the grants the client lent the caller.
ipc_forward:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        addi    t0, a2, -1              # the client must wait for our reply
        li      t1, NPROC - 1
        bgeu    t0, t1, 8f
        slli    s1, a2, PROC_SHIFT
        la      t0, proc_table
        add     s1, s1, t0
        lw      t0, P_IPC(s1)
        li      t1, ST_RECV
        bne     t0, t1, 8f
        lw      t0, P_FLAGS(s1)
        andi    t0, t0, F_CALL
        beqz    t0, 8f
        lw      t0, P_FROM(s1)
        lw      t1, P_EP(s0)
        bne     t0, t1, 8f
        call    ipc_check_dest          # may we send there?
        bltz    a0, 9f
        lw      a1, P_EP(a0)
        sw      a1, 0(sp)
        mv      a0, s1                  # the client's grants go with it
        lw      a2, P_EP(s0)
        call    grant_relend
        lw      a1, 0(sp)               # the client now calls the destination
        sw      a1, P_FROM(s1)
        li      t0, PROC_SLEEPING       # (it stays blocked whatever follows)
        sw      t0, P_STATE(s1)
        mv      a0, s1
        addi    a2, s0, P_FRAME+TF_A0
        call    ipc_forward_send
        j       9f
8:      li      a0, -EINVAL
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ipc_forward_send(a0 = client, a1 = destination endpoint, a2 = message):
# the client's sendrec to the destination, privileges already checked
# -> 0 (delivered or queued), -errno.
ipc_forward_send:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a0, 0(sp)
        lw      s0, P_FLAGS(a0)         # pass the privilege check as a system call does
        ori     t0, s0, F_SYSCALL
        sw      t0, P_FLAGS(a0)
        li      a3, 2
        call    ipc_send
        lw      t0, 0(sp)
        andi    s0, s0, F_SYSCALL | F_CALL
        lw      t1, P_FLAGS(t0)
        andi    t1, t1, F_CALL
        or      s0, s0, t1
        sw      s0, P_FLAGS(t0)
        li      t0, IPC_BLOCKED
        bne     a0, t0, 1f
        li      a0, 0
1:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# klog_ep(a0 = slot): start a refusal line: "kernel: ep N (NAME): ".
klog_ep:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a0, klog_kernel
        call    kputs
        lw      a0, 8(sp)
        lw      a0, P_EP(a0)
        call    kputdec
        la      a0, trap_msg_open
        call    kputs
        lw      a0, 8(sp)
        addi    a0, a0, P_NAME
        call    kputs
        la      a0, trap_msg_close
        call    kputs
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# sys_message (s1 = caller, a5 = call number, a0..a3 its arguments): a
# user system call becomes a sendrec to the server that owns it, each
# pointer argument a call grant.  Its result (the reply's m0) goes to a0.
sys_message:
        slli    t0, a5, 2
        la      t1, sys_servers - 4
        add     t0, t0, t1
        lw      s0, 0(t0)               # server | kinds of a0..a3 << 8
        beqz    s0, 92f                 # no server: not this kernel's call
        sw      a5, P_MSG(s1)
        li      t0, F_SYSCALL
        sw      t0, P_FLAGS(s1)
        sw      a0, P_MSG+4(s1)
        sw      a1, P_MSG+8(s1)
        sw      a2, P_MSG+12(s1)
        sw      a3, P_MSG+16(s1)
        srli    t0, s0, 8
        beqz    t0, 5f                  # no pointer argument
        li      t2, 0                   # argument index
1:      srli    t0, s0, 8
        slli    t1, t2, 2
        srl     t0, t0, t1
        andi    t0, t0, 15
        beqz    t0, 4f
        slli    t1, t2, 2
        add     t1, t1, s1
        lw      a2, P_MSG+4(t1)         # the pointer
        beqz    a2, 4f                  # NULL stays 0
        lw      a3, P_MSG+8(t1)         # the next argument: the count
        slli    t0, t0, 3
        la      t1, sys_grant_kinds - 8
        add     t0, t0, t1
        lw      a4, 0(t0)               # access
        lw      t0, 4(t0)               # length: > 0 fixed, < 0: count * -it
        bgtz    t0, 2f
        neg     t0, t0
        mul     a3, a3, t0
        j       3f
2:      mv      a3, t0
3:      sw      t2, 0(sp)
        li      t0, XK_STRING           # a path: copied up to its NUL
        and     t1, a4, t0
        xor     a4, a4, t1
        bnez    t1, 31f                 # else the whole buffer must be mapped,
                                        # or the grant copies nothing
        sw      a2, 4(sp)               # (-EFAULT, as on the monolithic kernel)
        sw      a3, 8(sp)
        sw      a4, 12(sp)
        mv      a0, a2
        mv      a1, a3
        srli    a2, a4, 1               # GRANT_W: writable
        lw      a3, P_PTROOT(s1)
        call    vm_range_in
        lw      a2, 4(sp)
        lw      a3, 8(sp)
        lw      a4, 12(sp)
        bnez    a0, 31f
        ori     a4, a4, GRANT_BAD
31:     mv      a0, s1
        andi    a1, s0, 255
        call    grant_lend
        lw      t2, 0(sp)
        bltz    a0, 8f
        slli    t1, t2, 2
        add     t1, t1, s1
        sw      a0, P_MSG+4(t1)
4:      addi    t2, t2, 1
        li      t0, 4
        bltu    t2, t0, 1b
5:      mv      a0, s1
        andi    a1, s0, 255
        addi    a2, s1, P_MSG
        li      a3, 2
        call    ipc_send
        li      t0, IPC_BLOCKED
        beq     a0, t0, ipc_finish
8:      sw      a0, P_FRAME+TF_A0(s1)   # no server, no grant: -EIO / -ENOMEM
        sw      zero, P_FLAGS(s1)
        mv      a0, s1
        call    grant_end_call
        li      t0, -EIO
        lw      t1, P_FRAME+TF_A0(s1)
        li      t2, -ENOMEM
        beq     t1, t2, 91f
        sw      t0, P_FRAME+TF_A0(s1)
91:     mv      a0, s1
        j       proc_run
92:     li      a0, -ENOSYS
        sw      a0, P_FRAME+TF_A0(s1)
        j       91b

        .rodata
        .balign 4
# Grant kinds of pointer arguments: access, length (negative: the next
# argument times -length).
        .equ XK_STRING, 0x1000          # (in the access: a string, not a buffer)
sys_grant_kinds:
        .word   GRANT_R | XK_STRING, PATH_MAX   # 1: a path
        .word   GRANT_W, 4                      # 2: wait's status
        .word   GRANT_W, -PROCINFO_SIZE         # 3: procs' records
        .word   GRANT_W, -1                     # 4: a buffer to fill, n bytes
        .word   GRANT_R, -1                     # 5: a buffer to read, n bytes
        .word   GRANT_W, STAT_SIZE              # 6: fstat's record
        .word   GRANT_W, 8                      # 7: pipe's descriptors
        .word   GRANT_W, -SERVICEINFO_SIZE      # 8: service's records

# The server of each call, and the grant kind of each of a0..a3 (4 bits each).
.macro XCALL number, server, k0=0, k1=0, k2=0, k3=0
        .if . - sys_servers != 4 * (\number - 1)
        .error "sys_servers: call \number out of place"
        .endif
        .word   \server | (\k0 << 8) | (\k1 << 12) | (\k2 << 16) | (\k3 << 20)
.endm
sys_servers:
        XCALL   SYS_exit, EP_PM
        XCALL   SYS_fork, EP_PM
        XCALL   SYS_exec, EP_PM, 1
        XCALL   SYS_wait, EP_PM, 0, 2
        XCALL   SYS_kill, EP_PM
        XCALL   SYS_getpid, EP_PM
        XCALL   SYS_sbrk, EP_PM
        XCALL   SYS_sleep, EP_PM
        XCALL   SYS_uptime, EP_PM
        XCALL   SYS_open, EP_FS, 1
        XCALL   SYS_close, EP_FS
        XCALL   SYS_read, EP_FS, 0, 4
        XCALL   SYS_write, EP_FS, 0, 5
        XCALL   SYS_lseek, EP_FS
        XCALL   SYS_fstat, EP_FS, 0, 6
        XCALL   SYS_unlink, EP_FS, 1
        XCALL   SYS_mkdir, EP_FS, 1
        XCALL   SYS_rmdir, EP_FS, 1
        XCALL   SYS_chdir, EP_FS, 1
        XCALL   SYS_dup, EP_FS
        XCALL   SYS_pipe, EP_FS, 7
        XCALL   SYS_getdents, EP_FS, 0, 4
        XCALL   SYS_sync, EP_FS
        XCALL   SYS_poweroff, EP_PM
        XCALL   SYS_procs, EP_PM, 3
        XCALL   SYS_setintr, EP_PM
        XCALL   SYS_service, EP_RS, 0, 1, 8
        XCALL   SYS_modload, 0                  # the modular kernel's: -ENOSYS
        XCALL   SYS_modunload, 0
        XCALL   SYS_modlist, 0
        XCALL   SYS_meminfo, 0
        XCALL   SYS_time, EP_FS                 # FS passes it on to the clock driver

klog_kernel:    .asciz  "kernel: ep "
klog_refused:   .asciz  " refused\n"
ipc_msg_to:     .asciz  "message to ep "
        .text
