# forkbomb.s -- init: fork until fork fails (no slot, or no memory for a
# copy), each child sleeping until init has seen the failure; then reap
# them all and do it again: everything was given back.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        call    round
        call    round
        li      a0, 0
        call    poweroff

round:  addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0                   # children
1:      call    fork
        bltz    a0, 3f
        bnez    a0, 2f
        li      a0, 20                  # a child: sleep, then go
        call    sleep
        li      a0, 0
        call    exit
2:      addi    s0, s0, 1
        j       1b
3:      mv      s1, a0
        mv      a1, s0
        mv      a2, s1
        la      a0, made
        call    printf
4:      li      a0, -1
        li      a1, 0
        call    wait
        bgtz    a0, 4b
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .data
made:   .asciz  "forked %d children, then %d\n"
