# hexout.s: console output for the bare-machine harnesses of
# tests/os/test_clock.py: puthex(a0) prints " 0x%08x" with the kernels' own
# os/lib/kprint.s, whose kputc is here the UART polled.

        .text
# puthex(a0): " 0x%08x"
puthex: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        li      a0, ' '
        call    kputc
        lw      a0, 8(sp)
        call    kputhex
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kputc(a0): one byte to the UART, when it takes one.
kputc:  in      t0, UART_LSR
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, kputc
        out     a0, UART_DATA
        ret

        .equ    KERNEL_PANIC_STATUS, 1
        .include "lib/kprint.s"
