# odd.s -- assembled with --text-base 0x1010: code that does not start on
# a page, plus (added by the test) a writable segment in the same page
# right after it.  Prints, checks the shared page is zero-filled and
# writable, exits with what it read back.
        .include "syscalls.inc"
        .text
        .globl  _start
_start: li      a0, 1
        la      a1, msg
        li      a2, 5
        li      a5, SYS_write
        syscall
        la      t0, after               # the added segment
        lw      t1, 0(t0)               # zero-filled
        bnez    t1, 1f
        li      t1, 42
        sw      t1, 0(t0)
        lw      t1, 0(t0)
1:      mv      a0, t1
        li      a5, SYS_exit
        syscall
msg:    .ascii  "odd!\n"
        .balign 4
after:
