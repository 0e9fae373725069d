# args.s -- test helper for tests/os/test_shell.py: print each argument
# after argv[0] in brackets, all on one line: [a][b c][].  Exit status 0.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        addi    s0, a1, 4               # argv[1]
1:      lw      a1, 0(s0)
        beqz    a1, 2f
        la      a0, fmt
        call    printf
        addi    s0, s0, 4
        j       1b
2:      la      a0, nl
        call    printf
        li      a0, 0
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
        .section .rodata
fmt:    .asciz  "[%s]"
nl:     .asciz  "\n"
