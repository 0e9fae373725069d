# syscalls.s -- init: unknown system-call numbers, getpid, uptime,
# setintr, and a bad status pointer for wait.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a5, 0                   # number 0
        syscall
        mv      a1, a0
        li      a5, 99                  # past the table
        syscall
        mv      a2, a0
        li      a5, -1                  # negative
        syscall
        mv      a3, a0
        la      a0, nosys
        call    printf
        call    getpid
        mv      a1, a0
        la      a0, pid
        call    printf
        li      a0, 1
        call    setintr
        mv      a1, a0
        la      a0, intr
        call    printf
        call    fork
        bnez    a0, 1f
        li      a0, 2
        call    exit
1:      li      a0, -1
        li      a1, 0x7FFF0000 - 4      # under the stack's guard page: unmapped
        call    wait
        mv      a1, a0
        la      a0, badstatus
        call    printf
        li      a0, -1                  # the child is still there to reap
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, reaped
        call    printf
        li      a0, 0
        call    poweroff

        .data
nosys:  .asciz  "unknown calls: %d %d %d\n"
pid:    .asciz  "init is pid %d\n"
intr:   .asciz  "setintr: %d\n"
badstatus: .asciz "wait with a bad status pointer: %d\n"
reaped: .asciz  "then reaped with status %d\n"
