# echoargs.s -- prints its arguments as exec laid them out, checks the
# layout (argv 16-byte aligned, NULL-terminated), then exits with 7.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a1                  # argv
        mv      s1, a0                  # argc
        andi    a2, s0, 15
        slli    t0, s1, 2
        add     t0, t0, s0
        lw      a3, 0(t0)               # argv[argc]
        mv      a1, s1
        la      a0, head
        call    printf
1:      beqz    s1, 2f
        lw      a1, 0(s0)
        la      a0, arg
        call    printf
        addi    s0, s0, 4
        addi    s1, s1, -1
        j       1b
2:      li      a0, 7
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .data
head:   .asciz  "argc %d, argv %% 16 = %d, argv[argc] = %d\n"
arg:    .asciz  "[%s]\n"
