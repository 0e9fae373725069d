# hello.s -- print "Hello, K32!\n" on the console UART, then stop the run
# through the debug-exit port with status 0.
#
# Bare machine: runs in kernel mode from _start, so it may use `out`.

        .equ    UART_DATA, 0x3F8        # console UART: transmit one byte
        .equ    DEBUG_EXIT, 0xF4        # a write ends the run with that status

        .text
        .globl  _start
_start: la      a0, message             # a0 walks the string
next:   lbu     a1, 0(a0)
        beqz    a1, done                # the NUL ends it
        out     a1, UART_DATA
        addi    a0, a0, 1
        j       next
done:   out     zero, DEBUG_EXIT        # exit status 0
        halt

        .data
message:
        .asciz  "Hello, K32!\n"
