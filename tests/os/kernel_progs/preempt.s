# preempt.s -- init: two CPU-bound children that never make a system call
# between their letters; only the timer lets both make progress.
        .include "runtime.s"
        .equ    LETTERS, 6
        .equ    SPIN, 150000            # about 3 ticks of work per letter
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, 'a'
        call    spawn
        li      a0, 'b'
        call    spawn
        li      a0, -1
        li      a1, 0
        call    wait
        li      a0, -1
        li      a1, 0
        call    wait
        li      a0, '\n'
        call    putc
        li      a0, 0
        call    poweroff

# spawn(a0 = letter): a child that prints the letter LETTERS times, spinning between.
spawn:  addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        call    fork
        bnez    a0, 3f
        li      s1, LETTERS
1:      li      t0, SPIN
2:      addi    t0, t0, -1
        bnez    t0, 2b
        mv      a0, s0
        call    putc
        addi    s1, s1, -1
        bnez    s1, 1b
        li      a0, 0
        call    exit
3:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
