# poweroff -- sync the file system and end the machine's run (status 0).

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        li      t0, 1
        beq     a0, t0, 1f
        la      a0, po_s_usage
        call    eprintf
        li      a0, 2
        j       2f
1:      li      a0, 0
        call    poweroff
        mv      a1, a0                  # only returns on failure
        la      a0, po_s_name
        call    perror
        li      a0, 1
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
po_s_usage:     .asciz  "usage: poweroff\n"
po_s_name:      .asciz  "poweroff"
