# sleepkill.s -- init: sleep lasts at least its ticks; kill ends a sleeping
# child with STATUS_KILLED; kill refuses init and unknown pids.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    uptime
        mv      s0, a0
        li      a0, 10
        call    sleep
        mv      s1, a0
        call    uptime
        sub     a0, a0, s0
        slti    a1, a0, 10
        xori    a1, a1, 1
        mv      a2, s1
        la      a0, slept
        call    printf
        call    fork                    # a child that would sleep for long
        bnez    a0, 1f
        li      a0, 100000
        call    sleep
        mv      a1, a0
        la      a0, woke
        call    printf
        li      a0, 0
        call    exit
1:      mv      s0, a0
        li      a0, 2
        call    sleep
        mv      a0, s0
        call    kill
        mv      a1, a0
        la      a0, killed
        call    printf
        li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, status
        call    printf
        li      a0, 1
        call    kill
        mv      a1, a0
        la      a0, killinit
        call    printf
        li      a0, 999
        call    kill
        mv      a1, a0
        la      a0, killnone
        call    printf
        call    fork                    # a child that kills itself
        bnez    a0, 2f
        call    getpid
        call    kill
        la      a0, after
        call    printf
        li      a0, 0
        call    exit
2:      li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, status
        call    printf
        li      a0, 0
        call    poweroff

        .data
slept:  .asciz  "slept at least 10 ticks: %d, result %d\n"
woke:   .asciz  "the sleeper woke: %d\n"
killed: .asciz  "kill: %d\n"
status: .asciz  "status %d\n"
killinit: .asciz "kill(1): %d\n"
killnone: .asciz "kill(999): %d\n"
after:  .asciz  "still running after killing itself\n"
