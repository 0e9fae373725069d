# Waiting for a device: with only IRQ_HOTPLUG unmasked, wfi sleeps until
# the host plugs the clock in (--plug TIME:rtc; with no plug it is a
# deadlock), the handler sees the event for slot 3 and acknowledges it;
# when the host pulls the clock out again (--unplug) the slot is empty
# and the clock's ports read all ones.
.include "test.inc"

TEST_START
    SET_TVEC handler
    li s0, 0
    li t0, 1 << IRQ_HOTPLUG
    out t0, PIC_MASK(zero)
    csrrsi_ie
1:  beqz s0, 2f
    j 3f
2:  wfi
    j 1b
3:  CHECK 1, a3, INTERRUPT_BIT | IRQ_HOTPLUG
    CHECK 2, a4, 1 << 3
    CHECK 3, a5, HPC_RTC
    li t0, RTC_REG_HOUR
    out t0, RTC_INDEX(zero)
    in a0, RTC_DATA(zero)
    CHECK 4, a0, 12
    li s0, 0
4:  beqz s0, 5f
    j 6f
5:  wfi
    j 4b
6:  CHECK 5, a4, 1 << 3
    CHECK 6, a5, HPC_NONE
    li t0, RTC_REG_HOUR
    out t0, RTC_INDEX(zero)
    in a0, RTC_DATA(zero)
    CHECK 7, a0, 0xFFFFFFFF
    j pass

handler:
    csrrs a3, cause, zero
    in a4, HP_EVENT(zero)
    out a4, HP_EVENT(zero)                       # acknowledge
    li t0, 3
    out t0, HP_SLOT(zero)
    in a5, HP_CLASS(zero)
    addi s0, s0, 1
    eret
TEST_END
