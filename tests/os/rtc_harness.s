# rtc_harness.s: os/drivers/rtc.s on a bare machine, for
# tests/os/test_clock.py: rtc_read(RTC_INDEX) 40 times, one result a line
# (" 0x%08x", tests/os/hexout.s), while the host plugs and unplugs the clock.

        .include "k32.inc"
        .include "portio.inc"

        .text
        .globl _start
_start: li      s1, 40
1:      li      a0, RTC_INDEX
        call    rtc_read
        call    puthex
        li      a0, '\n'
        call    kputc
        addi    s1, s1, -1
        bnez    s1, 1b
        out     zero, DEBUG_EXIT
        halt

        .include "drivers/rtc.s"
        .text
        .include "hexout.s"

