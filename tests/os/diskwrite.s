# diskwrite.s -- a test kernel for `k32 boot`: writes sector 1 of the disk
# full of the word 0xABCD1234, then ends the run with status 0.

        .include "k32.inc"

        .text
        .globl _start
_start: li      t0, 1
        out     t0, DISK_LBA(zero)
        li      t0, 1
        out     t0, DISK_COUNT(zero)
        li      t0, DISK_CMD_WRITE
        out     t0, DISK_COMMAND(zero)
        li      t0, 0xABCD1234
        li      t1, 128
1:      out     t0, DISK_DATA(zero)
        addi    t1, t1, -1
        bnez    t1, 1b
        out     zero, DEBUG_EXIT(zero)
