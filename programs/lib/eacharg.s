# eacharg.s -- the body of a tool that applies one system call to each of
# its arguments: mkdir, rm, rmdir.  The including program defines
#   EACH_CALL   the function to call with each argument (mkdir, unlink...)
# and the strings each_usage ("usage: ...\n") and each_err ("NAME: %s: %s\n").
# Each failure is reported as "NAME: ARG: message"; the others are still
# done, and the status is 1.  No options: "-x" is a usage error (status 2).

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        addi    s0, a1, 4
        li      s1, 0                   # exit status
        li      t0, 2
        blt     a0, t0, 3f
        mv      t0, s0                  # no options: "-x" is a usage error
4:      lw      t1, 0(t0)
        beqz    t1, 1f
        addi    t0, t0, 4
        lbu     t2, 0(t1)
        li      a0, '-'
        bne     t2, a0, 4b
        lbu     t2, 1(t1)
        beqz    t2, 4b
3:      la      a0, each_usage
        call    eprintf
        li      s1, 2
        j       9f
1:      lw      a0, 0(s0)
        beqz    a0, 9f
        call    EACH_CALL
        bgez    a0, 2f
        call    strerror
        mv      a2, a0
        lw      a1, 0(s0)
        la      a0, each_err
        call    eprintf
        li      s1, 1
2:      addi    s0, s0, 4
        j       1b
9:      mv      a0, s1
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
