# echo [-n] [ARGS...] -- print the arguments joined by spaces, then a
# newline (not with -n).  One write.

        .include "runtime.s"

        .equ    ECHO_BUFSIZE, ARG_MAX + 16

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      zero, 0(sp)             # 1 = no newline
        addi    s0, a1, 4               # argv cursor
        la      s1, echo_buf            # output cursor
        lw      a0, 0(s0)
        beqz    a0, 3f
        la      a1, echo_s_n
        call    strcmp
        bnez    a0, 1f
        li      t0, 1
        sw      t0, 0(sp)
        addi    s0, s0, 4
1:      lw      a1, 0(s0)               # the next argument
        beqz    a1, 3f
        mv      a0, s1
        call    strcpy
        mv      a0, s1
        call    strlen
        add     s1, s1, a0
        addi    s0, s0, 4
        lw      t0, 0(s0)
        beqz    t0, 3f
        li      t0, ' '
        sb      t0, 0(s1)
        addi    s1, s1, 1
        j       1b
3:      lw      t0, 0(sp)
        bnez    t0, 4f
        li      t0, '\n'
        sb      t0, 0(s1)
        addi    s1, s1, 1
4:      li      a0, 1
        la      a1, echo_buf
        sub     a2, s1, a1
        call    write
        slti    a0, a0, 0               # status 1 if the write failed
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
echo_s_n:       .asciz  "-n"

        .bss
echo_buf:       .space  ECHO_BUFSIZE
