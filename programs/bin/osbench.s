# osbench -- system-call loops for `k32 bench os`.
#
#   osbench getpid N      N getpid() calls
#   osbench spawn N       N times: fork, exec /bin/true in the child, wait
#
# The host boots the OS twice, with N = 0 and with a large N, and divides
# the difference in retired instructions by N: the cost of one round trip,
# with boot, the shell and shutdown cancelled out.

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, 3
        bne     a0, t0, .Lusage
        mv      s0, a1                  # argv
        lw      a0, 8(s0)
        call    atoi
        beqz    a1, .Lusage
        bltz    a0, .Lusage
        mv      s1, a0                  # N
        lw      a0, 4(s0)
        la      a1, .Lgetpid
        call    strcmp
        beqz    a0, .Lloop_getpid
        lw      a0, 4(s0)
        la      a1, .Lspawn
        call    strcmp
        beqz    a0, .Lloop_spawn
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
.Lname:         .asciz "osbench"
.Ltrue_path:    .asciz "/bin/true"
.Lusage_text:   .asciz "usage: osbench getpid|spawn N\n"
        .data
        .balign 4
.Ltrue_argv:    .word .Ltrue_path, 0
