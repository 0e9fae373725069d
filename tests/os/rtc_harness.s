# rtc_harness.s: os/drivers/rtc.s on a bare machine, for
# tests/os/test_clock.py: rtc_read(RTC_INDEX) 40 times, one result a line
# (" %08x"), while the host plugs and unplugs the clock.

        .include "k32.inc"
        .include "portio.inc"

        .text
        .globl _start
_start: li      s1, 40
1:      li      a0, RTC_INDEX
        call    rtc_read
        call    puthex
        li      a0, '\n'
        call    putc
        addi    s1, s1, -1
        bnez    s1, 1b
        out     zero, DEBUG_EXIT
        halt

        .include "drivers/rtc.s"
        .text
# puthex(a0): " %08x"
puthex: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        li      a0, ' '
        call    putc
        li      s1, 28
1:      srl     a0, s0, s1
        andi    a0, a0, 15
        addi    a0, a0, '0'
        li      t0, '9' + 1
        blt     a0, t0, 2f
        addi    a0, a0, 'a' - '9' - 1
2:      call    putc
        addi    s1, s1, -4
        bgez    s1, 1b
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

putc:   in      t0, UART_LSR
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, putc
        out     a0, UART_DATA
        ret

