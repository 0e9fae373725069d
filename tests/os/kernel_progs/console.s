# console.s -- init: a child reads console lines (sleeping until they come)
# and prints their lengths; at end of input it exits and init powers off.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        call    fork
        bnez    a0, 3f
1:      li      a0, 0                   # the child
        la      a1, line
        li      a2, 100
        call    readline
        bltz    a0, 2f
        mv      a2, a0
        la      a1, line
        la      a0, got
        call    printf
        j       1b
2:      li      a0, 5
        call    exit
3:      li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, status
        call    printf
        li      a0, 0
        call    poweroff

        .data
got:    .asciz  "got [%s] (%d)\n"
status: .asciz  "reader exited with %d\n"
        .bss
line:   .space  100
