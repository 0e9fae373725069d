# osbench -- system-call loops for `k32 bench os`.
#
#   osbench getpid N      N getpid() calls
#   osbench spawn N       N times: fork, exec /bin/true in the child, wait
#   osbench null N        N traps that do nothing: the microkernel's KC_NULL
#                         kernel call; the monolithic kernel answers the same
#                         number with -ENOSYS, its cheapest trap
#   osbench ping N        N IPC_SENDREC round trips to PM (PM_PING; microkernel)
#   osbench oneway N      N one-way IPC_SEND messages to PM (PM_ONEWAY; microkernel)
#   osbench read FILE     read FILE to its end in 16 KiB reads
#
# The host boots the OS twice, with N = 0 (or an empty file) and with a
# large N (or a big file), and divides the difference in retired
# instructions by N: the cost of one unit, with boot, the shell and shutdown
# cancelled out.  ping and oneway fail with ENOSYS on the monolithic
# kernel, which has no IPC.

        .include "runtime.s"
        .include "micro.inc"            # KC_NULL, IPC_*, EP_PM, PM_PING

        .equ READ_BUF, 16384

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, 3
        bne     a0, t0, .Lusage
        mv      s0, a1                  # argv
        lw      a0, 4(s0)
        la      a1, .Lread
        call    strcmp
        beqz    a0, .Lread_file
        lw      a0, 8(s0)
        call    atoi
        beqz    a1, .Lusage
        bltz    a0, .Lusage
        mv      s1, a0                  # N
        la      a0, .Lmodes
        sw      a0, 0(sp)
1:      lw      t0, 0(sp)
        lw      a1, 0(t0)
        beqz    a1, .Lusage
        lw      a0, 4(s0)
        call    strcmp
        lw      t0, 0(sp)
        addi    t1, t0, 8
        sw      t1, 0(sp)
        bnez    a0, 1b
        lw      t0, 4(t0)
        jr      t0
.Lusage:
        la      a0, .Lusage_text
        call    eprintf
        li      a0, 2
        j       .Lout
.Lloop_getpid:
        beqz    s1, .Ldone
        call    getpid
        addi    s1, s1, -1
        j       .Lloop_getpid
.Lloop_null:
        beqz    s1, .Ldone
        li      a5, KC_NULL
        syscall
        addi    s1, s1, -1
        j       .Lloop_null
.Lloop_ping:
        beqz    s1, .Ldone
        li      a0, PM_PING
        li      t0, EP_PM
        li      a5, IPC_SENDREC
        syscall
        bnez    a5, .Lipc_fail
        addi    s1, s1, -1
        j       .Lloop_ping
.Lloop_oneway:
        beqz    s1, .Ldone
        li      a0, PM_ONEWAY
        li      t0, EP_PM
        li      a5, IPC_SEND
        syscall
        bnez    a5, .Lipc_fail
        addi    s1, s1, -1
        j       .Lloop_oneway
.Lipc_fail:
        mv      a0, a5
        j       .Lfail
.Lloop_spawn:
        beqz    s1, .Ldone
        call    fork
        bltz    a0, .Lfail
        bnez    a0, 1f
        la      a0, .Ltrue_path         # the child
        la      a1, .Ltrue_argv
        call    exec
        li      a0, 127
        call    exit
1:      li      a0, -1
        li      a1, 0
        call    wait
        bltz    a0, .Lfail
        addi    s1, s1, -1
        j       .Lloop_spawn
.Lread_file:
        lw      a0, 8(s0)
        li      a1, O_RDONLY
        call    open
        bltz    a0, .Lfail
        mv      s1, a0
1:      mv      a0, s1
        la      a1, .Lbuf
        li      a2, READ_BUF
        call    read
        bltz    a0, .Lfail
        bnez    a0, 1b
        j       .Ldone
.Lfail:
        mv      a1, a0
        la      a0, .Lname
        call    perror
        li      a0, 1
        j       .Lout
.Ldone: li      a0, 0
.Lout:  lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
.Lgetpid:       .asciz "getpid"
.Lspawn:        .asciz "spawn"
.Lnull:         .asciz "null"
.Lping:         .asciz "ping"
.Loneway:       .asciz "oneway"
.Lread:         .asciz "read"
.Lname:         .asciz "osbench"
.Ltrue_path:    .asciz "/bin/true"
.Lusage_text:   .asciz "usage: osbench getpid|spawn|null|ping|oneway N, or osbench read FILE\n"
        .data
        .balign 4
.Lmodes:        .word .Lgetpid, .Lloop_getpid, .Lspawn, .Lloop_spawn, .Lnull, .Lloop_null
                .word .Lping, .Lloop_ping, .Loneway, .Lloop_oneway, 0, 0
.Ltrue_argv:    .word .Ltrue_path, 0
        .bss
        .balign 4
.Lbuf:          .space READ_BUF
