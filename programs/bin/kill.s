# kill PID... -- kill each process.  "kill: PID: message" for one that
# fails (status 1); a PID that is not a positive number is a usage error.

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        addi    s0, a1, 4
        sw      s0, 0(sp)
        li      t0, 2
        blt     a0, t0, 8f
1:      lw      a0, 0(s0)               # check them all first
        beqz    a0, 2f
        call    atoi
        beqz    a1, 8f
        blez    a0, 8f
        addi    s0, s0, 4
        j       1b
2:      li      s1, 0                   # then kill them
        lw      s0, 0(sp)
4:      lw      a0, 0(s0)
        beqz    a0, 9f
        call    atoi
        call    kill
        bgez    a0, 5f
        call    strerror
        mv      a2, a0
        lw      a1, 0(s0)
        la      a0, kill_s_err
        call    eprintf
        li      s1, 1
5:      addi    s0, s0, 4
        j       4b
8:      la      a0, kill_s_usage
        call    eprintf
        li      s1, 2
9:      mv      a0, s1
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
kill_s_usage:   .asciz  "usage: kill PID...\n"
kill_s_err:     .asciz  "kill: %s: %s\n"
