# head [-n N | -N] [FILES...] -- the first N lines (default 10) of each
# file ("-" or none: standard input); with several files each gets a
# "==> NAME <==" header, as in coreutils.

        .include "runtime.s"

        .equ    HEAD_BUFSIZE, 4096

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        # 0(sp): N; 4(sp): exit status; 8(sp): files; 12(sp): first file
        li      t0, 10
        sw      t0, 0(sp)
        sw      zero, 4(sp)
        addi    s0, a1, 4
1:      lw      s1, 0(s0)               # options
        beqz    s1, 5f
        lbu     t0, 0(s1)
        li      t1, '-'
        bne     t0, t1, 5f
        lbu     t0, 1(s1)
        beqz    t0, 5f                  # "-" is a file operand
        li      t1, 'n'
        bne     t0, t1, 3f
        lbu     t0, 2(s1)               # -nN or -n N
        addi    a0, s1, 2
        bnez    t0, 2f
        addi    s0, s0, 4
        lw      a0, 0(s0)
        beqz    a0, head_usage
2:      call    atoi
        beqz    a1, head_usage
        bltz    a0, head_usage
        sw      a0, 0(sp)
        addi    s0, s0, 4
        j       1b
3:      addi    a0, s1, 1               # -N
        call    atoi
        beqz    a1, head_usage
        bltz    a0, head_usage
        sw      a0, 0(sp)
        addi    s0, s0, 4
        j       1b
5:      li      t0, 0                   # count the files
        mv      t1, s0
6:      lw      t2, 0(t1)
        beqz    t2, 7f
        addi    t0, t0, 1
        addi    t1, t1, 4
        j       6b
7:      sw      t0, 8(sp)
        sw      s0, 12(sp)
        bnez    t0, 8f
        la      a0, head_s_dash         # none: standard input
        li      a1, 0
        lw      a2, 0(sp)
        call    head_fd
        sw      a0, 4(sp)
        j       20f
8:      lw      s1, 0(s0)
        beqz    s1, 20f
        mv      a0, s1
        la      a1, head_s_dash
        call    strcmp
        li      a1, 0
        beqz    a0, 11f
        mv      a0, s1
        li      a1, O_RDONLY
        call    open
        mv      a1, a0
        bgez    a0, 11f
        mv      a2, a0
        mv      a0, s1
        call    head_error
        li      t0, 1
        sw      t0, 4(sp)
        j       13f
11:     sw      a1, 16(sp)
        lw      t0, 8(sp)               # the header
        li      t1, 2
        blt     t0, t1, 10f
        la      a0, head_s_head
        lw      t0, 16(sp)
        lw      t1, 12(sp)              # no blank line before the first
        bne     s0, t1, 9f
        addi    a0, a0, 1
9:      mv      a1, s1
        bnez    t0, 14f
        la      a1, head_s_stdin
14:     call    printf
10:     mv      a0, s1
        lw      a1, 16(sp)
        lw      a2, 0(sp)
        call    head_fd
        beqz    a0, 12f
        sw      a0, 4(sp)
12:     lw      a0, 16(sp)
        beqz    a0, 13f
        call    close
13:     addi    s0, s0, 4
        j       8b
20:     lw      a0, 4(sp)
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

head_usage:
        la      a0, head_s_usage
        call    eprintf
        li      a0, 2
        call    exit

# head_error(name, _, code): "head: NAME: message" on standard error.
head_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        mv      a0, a2
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, head_s_err
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# head_fd(name, fd, n) -> 0, or 1 after reporting an error: copy the first
# n lines of fd to standard output.  Reads in big chunks; writes up to the
# n-th newline.
head_fd:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)
        mv      s0, a1                  # fd
        mv      s1, a2                  # lines left
1:      beqz    s1, 8f
        mv      a0, s0
        la      a1, head_buf
        li      a2, HEAD_BUFSIZE
        call    read
        beqz    a0, 8f
        bltz    a0, 6f
        la      a1, head_buf            # find the n-th newline
        add     a2, a1, a0
        mv      t0, a1
        li      t2, '\n'
2:      bgeu    t0, a2, 4f
        lbu     t1, 0(t0)
        addi    t0, t0, 1
        bne     t1, t2, 2b
        addi    s1, s1, -1
        bnez    s1, 2b
        mv      a2, t0                  # stop after it
4:      sub     a2, a2, a1
        li      a0, 1
        call    rt_writeall
        bgez    a0, 1b
        mv      a2, a0                  # the output failed: give up
        la      a0, head_s_stdout
        call    head_error
        li      a0, 1
        call    exit
6:      mv      a2, a0
        lw      a0, 0(sp)
        call    head_error
        li      a0, 1
        j       9f
8:      li      a0, 0
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

        .section .rodata
head_s_usage:   .asciz  "usage: head [-n N] [FILES...]\n"
head_s_err:     .asciz  "head: %s: %s\n"
head_s_dash:    .asciz  "-"
head_s_stdin:   .asciz  "standard input"
head_s_stdout:  .asciz  "(standard output)"
head_s_head:    .asciz  "\n==> %s <==\n"

        .bss
        .balign 4
head_buf:       .space  HEAD_BUFSIZE
