# forkwait.s -- init: three children exit with their own statuses; wait
# collects each once, status pointer or not, then reports -ECHILD.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      s0, 1                   # child number
1:      call    fork
        bnez    a0, 2f
        li      t0, 10                  # the child: exit(10 * n + 1)
        mul     a0, s0, t0
        addi    a0, a0, 1
        call    exit
2:      addi    s0, s0, 1
        li      t0, 4
        bltu    s0, t0, 1b
        li      s0, 3                   # reap them
3:      li      a0, -1
        mv      a1, sp
        call    wait
        mv      a1, a0
        lw      a2, 0(sp)
        la      a0, reaped
        call    printf
        addi    s0, s0, -1
        bnez    s0, 3b
        call    fork                    # exit keeps the low 8 bits
        bnez    a0, 4f
        li      a0, 0x1234
        call    exit
4:      mv      s0, a0
        li      a0, -1                  # wait for that pid, status pointer 0
        li      a1, 0
        mv      a0, s0
        call    wait
        sub     a1, a0, s0
        la      a0, bypid
        call    printf
        call    fork
        bnez    a0, 5f
        li      a0, 0x1234
        call    exit
5:      li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, masked
        call    printf
        li      a0, -1
        mv      a1, sp
        call    wait
        mv      a1, a0
        la      a0, nochild
        call    printf
        li      a0, 77                  # no such child
        li      a1, 0
        call    wait
        mv      a1, a0
        la      a0, nochild
        call    printf
        li      a0, 0
        call    poweroff

        .data
reaped: .asciz  "reaped pid %d status %d\n"
bypid:  .asciz  "wait(pid) returned that pid: %d\n"
masked: .asciz  "exit(0x1234) gives status %d\n"
nochild: .asciz "wait with no child: %d\n"
