# hello.s -- print a greeting on the console UART, then exit with status 0.
#
# Bare machine: runs in kernel mode from _start, so it may use the port
# instructions directly.

        .include "ports.inc"

        .text
        .globl _start
_start: la      a0, greeting
        call    puts
        out     zero, DEBUG_EXIT        # exit status 0
        halt

# puts(a0 = NUL-terminated string): write it to the UART.  Clobbers a0, a1.
puts:   lbu     a1, 0(a0)
        beqz    a1, 2f
1:      in      t0, UART_LSR            # wait until the transmitter takes a byte
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, 1b
        out     a1, UART_DATA
        addi    a0, a0, 1
        j       puts
2:      ret

        .data
greeting:
        .asciz  "Hello, K32!\n"
