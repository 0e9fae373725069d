# uart.s -- the console UART (16550-like at UART_DATA), shared by both kernels.
#
# Ports only through the PIO_* macros of the kernel form's portio.inc.  The
# receive interrupt hands every byte to the line discipline (tty.s).

        .text

# uart_init(): enable the receive interrupt.
uart_init:
        li      t0, IER_RX
        PIO_OUT t0, UART_IER
        ret

# uart_putc(a0 = byte): send one byte as it is (no LF translation).
uart_putc:
1:      PIO_IN  t0, UART_LSR
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, 1b
        PIO_OUT a0, UART_DATA
        ret

# uart_intr(): the receive interrupt: every waiting byte goes to tty_input;
# the end of the host's input (LSR_EOF) to tty_eof.
uart_intr:
        addi    sp, sp, -16
        sw      ra, 12(sp)
1:      PIO_IN  t0, UART_LSR
        andi    t1, t0, LSR_DATA_READY
        beqz    t1, 2f
        PIO_IN  a0, UART_DATA
        andi    a0, a0, 0xFF
        call    tty_input
        j       1b
2:      andi    t0, t0, LSR_EOF
        beqz    t0, 3f
        call    tty_eof
3:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
