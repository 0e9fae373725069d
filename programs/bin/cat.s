# cat [FILES...] -- copy each file ("-" or none: standard input) to
# standard output.  "cat: NAME: message" for a file that fails (the others
# are still copied; status 1).

        .include "runtime.s"

        .equ    CAT_BUFSIZE, 4096

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        addi    s0, a1, 4               # argv cursor
        li      s1, 0                   # exit status
        mv      t0, s0                  # no options: "-x" is a usage error
5:      lw      t1, 0(t0)
        beqz    t1, 6f
        addi    t0, t0, 4
        lbu     t2, 0(t1)
        li      a0, '-'
        bne     t2, a0, 5b
        lbu     t2, 1(t1)
        beqz    t2, 5b
        la      a0, cat_s_usage
        call    eprintf
        li      s1, 2
        j       9f
6:      lw      t0, 0(s0)
        bnez    t0, 1f
        la      a0, cat_s_stdin         # no arguments: standard input
        li      a1, 0
        call    cat_fd
        or      s1, s1, a0
        j       9f
1:      lw      a0, 0(s0)
        beqz    a0, 9f
        la      a1, cat_s_dash
        call    strcmp
        bnez    a0, 2f
        lw      a0, 0(s0)
        li      a1, 0
        call    cat_fd
        or      s1, s1, a0
        j       4f
2:      lw      a0, 0(s0)
        li      a1, O_RDONLY
        call    open
        bgez    a0, 3f
        mv      a2, a0
        lw      a0, 0(s0)
        call    cat_error
        li      s1, 1
        j       4f
3:      mv      a1, a0
        sw      a0, 0(sp)
        lw      a0, 0(s0)
        call    cat_fd
        or      s1, s1, a0
        lw      a0, 0(sp)
        call    close
4:      addi    s0, s0, 4
        j       1b
9:      mv      a0, s1
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# cat_fd(name, fd) -> 0, or 1 after reporting a read error.  Copies fd to
# standard output; a failed write ends the program with status 1.
cat_fd: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
1:      mv      a0, s1
        la      a1, cat_buf
        li      a2, CAT_BUFSIZE
        call    read
        beqz    a0, 8f
        bltz    a0, 3f
        mv      a2, a0
        li      a0, 1
        la      a1, cat_buf
        call    rt_writeall
        bgez    a0, 1b
        mv      a2, a0                  # the output failed: give up
        la      a0, cat_s_stdout
        call    cat_error
        li      a0, 1
        call    exit
3:      mv      a2, a0
        mv      a0, s0
        call    cat_error
        li      a0, 1
        j       9f
8:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# cat_error(name, _, code): "cat: NAME: message" on standard error.
cat_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        mv      a0, a2
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, cat_s_err
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
cat_s_usage:    .asciz  "usage: cat [FILES...]\n"
cat_s_dash:     .asciz  "-"
cat_s_stdin:    .asciz  "(standard input)"
cat_s_stdout:   .asciz  "(standard output)"
cat_s_err:      .asciz  "cat: %s: %s\n"

        .bss
        .balign 4
cat_buf:        .space  CAT_BUFSIZE
