# faults.s -- init: each child does one forbidden thing; the kernel reports
# it on the console and wait sees STATUS_FAULT, while init carries on.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        la      s0, cases
1:      lw      t0, 0(s0)
        beqz    t0, 3f
        call    fork
        bnez    a0, 2f
        lw      t0, 0(s0)               # the child runs the case
        jr      t0
2:      li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, status
        call    printf
        addi    s0, s0, 4
        j       1b
3:      la      a0, done
        call    printf
        li      a0, 0
        call    poweroff

null_load:
        lw      a0, 0(zero)
text_store:
        la      t0, main
        sw      zero, 0(t0)
privileged:
        halt
illegal:
        .word   0xFFFFFFFF
kernel_jump:
        li      t0, 0x80001000          # above the stack: never mapped
        jr      t0
stack_overflow:
        li      t0, 0x80000000 - 0x10000 - 4    # the guard page under the stack
        sw      zero, 0(t0)
port:
        li      t0, 0x3F8
        out     t0, 0(t0)
misaligned:
        lw      a0, 2(sp)

        .data
cases:  .word   null_load, text_store, privileged, illegal, kernel_jump
        .word   stack_overflow, port, misaligned, 0
status: .asciz  "status %d\n"
done:   .asciz  "init survived\n"
