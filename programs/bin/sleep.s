# sleep SECONDS -- wait that long (machine time).  SECONDS is a whole
# number, optionally with up to two decimals: "sleep 2", "sleep 0.5".

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, 2
        bne     a0, t0, 9f
        lw      s0, 4(a1)               # the argument
        li      s1, 0                   # ticks
        li      a3, 0                   # digits seen
        li      a2, HZ
1:      lbu     t0, 0(s0)               # whole seconds
        beqz    t0, 5f
        li      t1, '.'
        beq     t0, t1, 2f
        addi    t0, t0, -'0'
        li      t1, 10
        bgeu    t0, t1, 9f
        mul     t0, t0, a2
        mul     s1, s1, t1
        add     s1, s1, t0
        addi    a3, a3, 1
        li      t1, 100000 * HZ         # more than a day: refuse
        bgeu    s1, t1, 9f
        addi    s0, s0, 1
        j       1b
2:      addi    s0, s0, 1               # decimals: tenths, hundredths
        li      a2, HZ / 10
3:      lbu     t0, 0(s0)
        beqz    t0, 5f
        beqz    a2, 9f                  # a third decimal
        addi    t0, t0, -'0'
        li      t1, 10
        bgeu    t0, t1, 9f
        mul     t0, t0, a2
        add     s1, s1, t0
        addi    a3, a3, 1
        li      t1, 10
        divu    a2, a2, t1
        addi    s0, s0, 1
        j       3b
5:      beqz    a3, 9f                  # "" and "." are not numbers
        mv      a0, s1
        call    sleep
        bgez    a0, 6f
        mv      a1, a0
        la      a0, sl_s_name
        call    perror
        li      a0, 1
        j       8f
6:      li      a0, 0
        j       8f
9:      la      a0, sl_s_usage
        call    eprintf
        li      a0, 2
8:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
sl_s_usage:     .asciz  "usage: sleep SECONDS\n"
sl_s_name:      .asciz  "sleep"
