# The clock keeps the machine's time (--rtc 2024-02-29T23:59:58): after
# two seconds of machine time (the timer's 200 ticks, skipped by wfi) it
# reads 2024-03-01 00:00:00, a Friday; with UIE set its interrupt comes at
# the end of the next second, status C says why and reading it lowers the
# line.
.include "test.inc"

.macro REG num, reg, value
    li t0, \reg
    out t0, RTC_INDEX(zero)
    in a0, RTC_DATA(zero)
    CHECK \num, a0, \value
.endm

TEST_START
    SET_TVEC handler
    li s0, 0                                     # interrupts taken
    li t0, 2 * RTC_HZ                            # one timer tick: two seconds
    out t0, TIMER_PERIOD(zero)
    li t0, 1 << IRQ_TIMER
    out t0, PIC_MASK(zero)
    csrrsi_ie
1:  beqz s0, 2f
    j 3f
2:  wfi
    j 1b
3:  csrrci_ie
    out zero, TIMER_PERIOD(zero)
    CHECK 1, a3, INTERRUPT_BIT | IRQ_TIMER
    REG 2, RTC_REG_SEC, 0
    REG 3, RTC_REG_MIN, 0
    REG 4, RTC_REG_HOUR, 0
    REG 5, RTC_REG_MDAY, 1
    REG 6, RTC_REG_MON, 3
    REG 7, RTC_REG_YEAR, 24
    REG 8, RTC_REG_WDAY, 6
    REG 9, RTC_REG_C, 0                          # the handler read it, at 00:00:00
    REG 10, RTC_REG_B, RTC_B_BINARY | RTC_B_24H
    # the once-a-second interrupt
    li s0, 0
    li t0, RTC_REG_B
    out t0, RTC_INDEX(zero)
    li t0, RTC_B_UIE
    out t0, RTC_DATA(zero)
    li t0, 1 << IRQ_RTC
    out t0, PIC_MASK(zero)
    csrrsi_ie
4:  beqz s0, 5f
    j 6f
5:  wfi
    j 4b
6:  csrrci_ie
    CHECK 11, a3, INTERRUPT_BIT | IRQ_RTC
    CHECK 12, a4, RTC_C_IRQF | RTC_C_UF
    REG 13, RTC_REG_SEC, 1                       # at 00:00:01 exactly
    in a0, PIC_PENDING(zero)
    andi a0, a0, 1 << IRQ_RTC
    CHECK 14, a0, 0
    j pass

handler:
    csrrs a3, cause, zero
    li t0, 1 << IRQ_TIMER
    out t0, PIC_PENDING(zero)
    li t0, RTC_REG_C
    out t0, RTC_INDEX(zero)
    in a4, RTC_DATA(zero)                        # lowers IRQ_RTC
    li t0, 0
    out t0, PIC_MASK(zero)
    addi s0, s0, 1
    eret
TEST_END
