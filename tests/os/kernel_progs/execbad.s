# execbad.s -- init: exec each of /bin/b0, /bin/b1, ... (until one is
# missing) and print what it returned; then run /bin/odd in a child.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      s0, 0
1:      la      a0, path                # "/bin/bN"
        la      a1, pattern
        mv      a2, s0
        call    sprintf_path
        la      a0, path
        la      a1, argv
        call    exec
        li      t0, -ENOENT
        beq     a0, t0, 2f
        mv      a2, a0
        la      a0, result
        la      a1, path
        call    printf
        addi    s0, s0, 1
        j       1b
2:      call    fork
        bnez    a0, 3f
        la      a0, odd
        la      a1, argv
        call    exec
        call    exit
3:      li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, status
        call    printf
        li      a0, 0
        call    poweroff

# sprintf_path(a0 = buffer, a1 = "/bin/b", a2 = n < 100): buffer = a1 then n in decimal.
sprintf_path:
        lbu     t0, 0(a1)
        sb      t0, 0(a0)
        beqz    t0, 1f
        addi    a0, a0, 1
        addi    a1, a1, 1
        j       sprintf_path
1:      li      t1, 10
        blt     a2, t1, 2f
        div     t0, a2, t1
        addi    t0, t0, '0'
        sb      t0, 0(a0)
        addi    a0, a0, 1
        rem     a2, a2, t1
2:      addi    a2, a2, '0'
        sb      a2, 0(a0)
        sb      zero, 1(a0)
        ret

        .data
pattern: .asciz "/bin/b"
odd:    .asciz  "/bin/odd"
argv:   .word   odd, 0
result: .asciz  "%s: %d\n"
status: .asciz  "odd exited with %d\n"
        .bss
path:   .space  16
