# The console for the monitor test: echoes what is typed; 'r' prints the
# class of slot 3 as a digit (0 empty, 4 the clock); 'q' ends the run.
.include "k32.inc"
    .text
    .globl _start
_start:
1:  in t0, UART_LSR(zero)
    andi t1, t0, LSR_DATA_READY
    bnez t1, 2f
    andi t1, t0, LSR_EOF
    bnez t1, 9f
    j 1b
2:  in a0, UART_DATA(zero)
    li t0, 'q'
    beq a0, t0, 9f
    li t0, 'r'
    bne a0, t0, 3f
    li t0, 3
    out t0, HP_SLOT(zero)
    in a0, HP_CLASS(zero)
    addi a0, a0, '0'
3:  out a0, UART_DATA(zero)
    j 1b
9:  halt
