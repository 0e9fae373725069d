# server.s -- the runtime of every microkernel server and driver.
#
# A server is one assembly unit:
#
#         .include "server.s"      # k32.inc, _start, IPC wrappers, diag output
#         .text
#   main: ...                      # never returns
#
# It runs in user mode in its own address space; the kernel starts it at
# _start with sp at the top of its stack.  It must not make the user system
# calls (1..SYS_service): those are messages to PM/FS/RS, which may be the
# caller itself.  Calling convention as in docs/os.md (RV32E: s0, s1, sp, ra
# preserved).  A message is 5 words in memory (MSG_WORDS): m0 at 0 .. m4 at 16.
# The IPC wrappers return the status (0 or -errno) in a0.

        .include "k32.inc"

        .equ MSG_SIZE, 20

        .text
_start:
        call    main
        ebreak                          # main returned: die, so RS restarts us

# KCALL number: a kernel call with the arguments already in a0..a4; the
# result comes back in a0 (a1 for KC_DEADPROC); every other register is kept.
.macro KCALL number
        li      a5, \number
        syscall
.endm

# ipc_send(dest a0, msg a1) -> status
ipc_send:
        li      a5, IPC_SEND
        j       ipc_out

# ipc_sendnb(dest a0, msg a1) -> status: -EAGAIN unless dest waits for it
ipc_sendnb:
        li      a5, IPC_SENDNB
        j       ipc_out

# ipc_notify(dest a0) -> status
ipc_notify:
        mv      t0, a0
        li      a5, IPC_NOTIFY
        syscall
        mv      a0, a5
        ret

# ipc_out: the send family; a5 = operation, a0 = dest, a1 = msg.
ipc_out:
        mv      t0, a0
        mv      t1, a1
        lw      a0, 0(t1)
        lw      a1, 4(t1)
        lw      a2, 8(t1)
        lw      a3, 12(t1)
        lw      a4, 16(t1)
        syscall
        mv      a0, a5
        ret

# ipc_receive(source or EP_ANY a0, msg a1) -> status; a1 = the source.
ipc_receive:
        li      a5, IPC_RECEIVE
        j       ipc_in

# ipc_receivenb(source or EP_ANY a0, msg a1) -> status (-EAGAIN: nothing); a1 = source
ipc_receivenb:
        li      a5, IPC_RECEIVENB
        # fall through

# ipc_in: the receive family; a5 = operation, a0 = source, a1 = msg.
ipc_in:
        addi    sp, sp, -16
        sw      a1, 0(sp)
        mv      t0, a0
        syscall
        lw      t1, 0(sp)
        addi    sp, sp, 16
        bnez    a5, 1f
        sw      a0, 0(t1)
        sw      a1, 4(t1)
        sw      a2, 8(t1)
        sw      a3, 12(t1)
        sw      a4, 16(t1)
1:      mv      a0, a5
        mv      a1, t0
        ret

# ipc_sendrec(dest a0, msg a1) -> status; the reply replaces msg.
ipc_sendrec:
        addi    sp, sp, -16
        sw      a1, 0(sp)
        mv      t0, a0
        mv      t1, a1
        lw      a0, 0(t1)
        lw      a1, 4(t1)
        lw      a2, 8(t1)
        lw      a3, 12(t1)
        lw      a4, 16(t1)
        li      a5, IPC_SENDREC
        syscall
        j       ipc_store

# ipc_sendrec_g(dest a0, msg a1, address a2, length a3, access a4) -> status;
# the receiver gets a call grant on [address, address + length) in m4 (the
# msg's m4 is not sent).  With GRANT_PASS in access, a2 is a grant the
# caller holds, passed on.  The reply replaces msg.
ipc_sendrec_g:
        addi    sp, sp, -16
        sw      a1, 0(sp)
        mv      t0, a0
        mv      t1, a2
        mv      t2, a3
        mv      a5, a1
        lw      a0, 0(a5)
        lw      a1, 4(a5)
        lw      a2, 8(a5)
        lw      a3, 12(a5)
        li      a5, IPC_SENDREC_G
        syscall
        # fall through with the reply in a0..a4, status in a5

ipc_store:                              # (msg at 0(sp), reply in a0..a4, status a5)
        lw      t1, 0(sp)
        addi    sp, sp, 16
        bnez    a5, 1f
        sw      a0, 0(t1)
        sw      a1, 4(t1)
        sw      a2, 8(t1)
        sw      a3, 12(t1)
        sw      a4, 16(t1)
1:      mv      a0, a5
        ret

# ipc_forward(dest a0, client a1, msg a2) -> status: the client's pending
# call goes to dest with this message; dest replies to the client.
ipc_forward:
        mv      t0, a0
        mv      t1, a1
        mv      a5, a2
        lw      a0, 0(a5)
        lw      a1, 4(a5)
        lw      a2, 8(a5)
        lw      a3, 12(a5)
        lw      a4, 16(a5)
        li      a5, IPC_FORWARD
        syscall
        mv      a0, a5
        ret

# reply(dest a0, result a1) -> status: IPC_SENDNB of m0 = result (m1..m4 = 0).
reply:
        mv      t0, a0
        mv      a0, a1
        li      a1, 0
        li      a2, 0
        li      a3, 0
        li      a4, 0
        li      a5, IPC_SENDNB
        syscall
        mv      a0, a5
        ret

# dprintf(fmt a0, args a1..a4): format into a line and print it on the
# console with KC_DIAG.  %d (signed), %u, %x, %s, %c, %% -- no widths.
dprintf:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        sw      a1, 0(sp)
        sw      a2, 4(sp)
        sw      a3, 8(sp)
        sw      a4, 12(sp)
        mv      s0, a0                  # the format
        la      s1, dprintf_buf         # where the next byte goes
        sw      sp, 16(sp)              # the next argument
1:      lbu     t0, 0(s0)
        beqz    t0, 8f
        addi    s0, s0, 1
        li      t1, '%'
        beq     t0, t1, 2f
3:      la      t1, dprintf_buf + 250
        bgeu    s1, t1, 1b              # full: drop the rest
        sb      t0, 0(s1)
        addi    s1, s1, 1
        j       1b
2:      lbu     t0, 0(s0)
        beqz    t0, 8f
        addi    s0, s0, 1
        li      t1, '%'
        beq     t0, t1, 3b
        lw      t2, 16(sp)              # the argument
        lw      a0, 0(t2)
        addi    t2, t2, 4
        sw      t2, 16(sp)
        li      t1, 'c'
        bne     t0, t1, 4f
        mv      t0, a0
        j       3b
4:      li      t1, 's'
        bne     t0, t1, 5f
6:      lbu     t0, 0(a0)
        beqz    t0, 1b
        la      t1, dprintf_buf + 250
        bgeu    s1, t1, 1b
        sb      t0, 0(s1)
        addi    s1, s1, 1
        addi    a0, a0, 1
        j       6b
5:      li      a1, 16
        li      t1, 'x'
        beq     t0, t1, 7f
        li      a1, 10
        li      t1, 'd'
        bne     t0, t1, 7f
        bgez    a0, 7f
        li      t0, '-'
        sb      t0, 0(s1)
        addi    s1, s1, 1
        neg     a0, a0
7:      # unsigned a0 in base a1: digits backwards into 20..35(sp)
        addi    t2, sp, 35
9:      remu    t0, a0, a1
        divu    a0, a0, a1
        li      t1, 10
        bltu    t0, t1, 10f
        addi    t0, t0, 'a' - '0' - 10
10:     addi    t0, t0, '0'
        sb      t0, 0(t2)
        addi    t2, t2, -1
        bnez    a0, 9b
11:     addi    t2, t2, 1
        addi    t1, sp, 35
        bgtu    t2, t1, 1b
        lbu     t0, 0(t2)
        sb      t0, 0(s1)
        addi    s1, s1, 1
        j       11b
8:      sb      zero, 0(s1)
        la      a0, dprintf_buf
        KCALL   KC_DIAG
        lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

        .bss
        .balign 4
dprintf_buf:    .space 256
        .text
