# uart.s -- the console UART (16550-like at UART_DATA), shared by both kernels.
#
# Ports only through the PIO_* macros of the kernel form's portio.inc.  The
# receive interrupt hands every byte to the line discipline (tty.s).

        .equ UART_BATCH, 256            # most bytes one uart_intr takes

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

# uart_intr() -> 1 if bytes are left waiting, else 0: the receive
# interrupt: waiting bytes go to tty_input, at most UART_BATCH of them a
# call; the end of the host's input (LSR_EOF) to tty_eof.  The interrupt
# is a level, so bytes left after a batch raise it again at once: a long
# input (100,000 bytes pasted, say) is taken a batch at a time, and the
# kernel form's interrupt path gets back to its own work in between (the
# microkernel's driver answers RS's heartbeats there).  When the line
# discipline has no room (tty_room), reception pauses: the receive
# interrupt is turned off, the bytes stay in the UART, and tty_read calls
# uart_resume once readers have made room.
uart_intr:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      s0, UART_BATCH          # bytes this call may still take
1:      PIO_IN  t0, UART_LSR
        andi    t1, t0, LSR_DATA_READY
        beqz    t1, 2f
        beqz    s0, 5f                  # a batch taken: the rest comes next call
        call    tty_room
        beqz    a0, 4f
        PIO_IN  a0, UART_DATA
        andi    a0, a0, 0xFF
        call    tty_input
        addi    s0, s0, -1
        j       1b
2:      andi    t0, t0, LSR_EOF
        beqz    t0, 3f
        call    tty_eof
3:      li      a0, 0
6:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
4:      PIO_OUT zero, UART_IER          # full: pause reception
        la      t0, uart_paused
        li      t1, 1
        sw      t1, 0(t0)
        j       3b
5:      li      a0, 1
        j       6b

# uart_poll(): report the end of the host's input to tty_eof if it has
# come.  The receive interrupt announces it only to the first read of
# UART_LSR that sees it, and uart_putc may be that read; so a reader calls
# this before it waits.
uart_poll:
        PIO_IN  t0, UART_LSR
        andi    t0, t0, LSR_EOF
        beqz    t0, 1f
        la      t0, tty_hosteof
        lw      t0, 0(t0)
        bnez    t0, 1f
        j       tty_eof                 # tail call
1:      ret

# uart_resume(): after a pause, turn the receive interrupt back on (bytes
# still waiting raise it at once).
uart_resume:
        la      t0, uart_paused
        lw      t1, 0(t0)
        beqz    t1, 1f
        sw      zero, 0(t0)
        li      t0, IER_RX
        PIO_OUT t0, UART_IER
1:      ret

        .bss
        .balign 4
uart_paused:    .space 4        # 1 while reception waits for room in the tty
