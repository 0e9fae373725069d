# The hot-plug bus with the clock plugged in at reset (--plug 0:rtc): the
# fixed devices in slots 0-2, the clock in slot 3, empty slots, the event
# of the plug and its acknowledgement, and the clock's registers at the
# default start, 2026-12-06 12:00:00 UTC (a Sunday).
.include "test.inc"

.macro SLOT num, slot, class, id, port, nports, irq
    li t0, \slot
    out t0, HP_SLOT(zero)
    in a0, HP_SLOT(zero)
    CHECK \num, a0, \slot
    in a0, HP_CLASS(zero)
    CHECK \num, a0, \class
    in a0, HP_ID(zero)
    CHECK \num, a0, \id
    in a0, HP_PORT(zero)
    CHECK \num, a0, \port
    in a0, HP_NPORTS(zero)
    CHECK \num, a0, \nports
    in a0, HP_IRQ(zero)
    CHECK \num, a0, \irq
.endm

.macro REG num, reg, value
    li t0, \reg
    out t0, RTC_INDEX(zero)
    in a0, RTC_DATA(zero)
    CHECK \num, a0, \value
.endm

TEST_START
    in a0, HP_COUNT(zero)
    CHECK 1, a0, HP_SLOTS
    SLOT 2, 0, HPC_CONSOLE, HPID_CONSOLE, UART_DATA, 8, IRQ_CONSOLE
    SLOT 3, 1, HPC_DISK, HPID_DISK, DISK_DATA, 12, IRQ_DISK
    SLOT 4, 2, HPC_TIMER, HPID_TIMER, TIMER_PERIOD, 2, IRQ_TIMER
    SLOT 5, 3, HPC_RTC, HPID_RTC, RTC_INDEX, 2, IRQ_RTC
    SLOT 6, 4, HPC_NONE, 0, 0, 0, HP_NO_IRQ
    SLOT 7, 9, HPC_NONE, 0, 0, 0, HP_NO_IRQ       # no such slot: empty
    in a0, HP_EVENT(zero)
    CHECK 8, a0, 1 << 3
    in a0, PIC_PENDING(zero)
    andi a0, a0, 1 << IRQ_HOTPLUG
    CHECK 9, a0, 1 << IRQ_HOTPLUG
    li t0, 1 << 3
    out t0, HP_EVENT(zero)                      # acknowledged: the line goes down
    in a0, HP_EVENT(zero)
    CHECK 10, a0, 0
    in a0, PIC_PENDING(zero)
    andi a0, a0, 1 << IRQ_HOTPLUG
    CHECK 11, a0, 0
    REG 12, RTC_REG_SEC, 0
    REG 13, RTC_REG_MIN, 0
    REG 14, RTC_REG_HOUR, 12
    REG 15, RTC_REG_WDAY, 1
    REG 16, RTC_REG_MDAY, 6
    REG 17, RTC_REG_MON, 12
    REG 18, RTC_REG_YEAR, 26
    REG 19, RTC_REG_CENTURY, 20
    REG 20, RTC_REG_A, 0
    REG 21, RTC_REG_B, RTC_B_BINARY | RTC_B_24H
    REG 22, RTC_REG_C, 0                         # no second has ended yet
    li t0, RTC_REG_B                             # only UIE is writable
    out t0, RTC_INDEX(zero)
    li t0, 0xFF
    out t0, RTC_DATA(zero)
    REG 23, RTC_REG_B, RTC_B_UIE | RTC_B_BINARY | RTC_B_24H
    in a0, RTC_INDEX(zero)
    CHECK 24, a0, RTC_REG_B
TEST_END
