# The UART receive interrupt: with IER bit 0 set and the console line
# unmasked, each arriving byte interrupts; the handler reads bytes while
# LSR says data is ready and echoes them upper-cased.  At the end of the
# input LSR reports EOF (and one last interrupt says so).
.include "test.inc"

TEST_START
    SET_TVEC rx_handler
    li s0, 0                      # bytes received
    li s1, 0                      # 1 once EOF was seen
    li t0, IER_RX
    out t0, UART_IER(zero)
    li t0, 1 << IRQ_CONSOLE
    out t0, PIC_MASK(zero)
    csrrsi_ie
1:  beqz s1, 2f
    j done
2:  wfi
    j 1b
done:
    csrrci_ie
    # the input was "abc\n"
    CHECK 1, s0, 4
    CHECK 2, a3, INTERRUPT_BIT | IRQ_CONSOLE
    in a0, UART_IIR(zero)         # no interrupt pending any more
    CHECK 3, a0, IIR_NONE
    j pass

rx_handler:
    csrrs a3, cause, zero
3:  in t0, UART_LSR(zero)
    andi t1, t0, LSR_DATA_READY
    beqz t1, 4f
    in a0, UART_DATA(zero)
    addi s0, s0, 1
    li t1, 'a'
    bltu a0, t1, 5f
    addi a0, a0, 'A' - 'a'
5:  out a0, UART_DATA(zero)
    j 3b
4:  andi t1, t0, LSR_EOF
    beqz t1, 6f
    li s1, 1
6:  eret

TEST_END
