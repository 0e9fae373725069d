# The interval timer and the interrupt controller: ticks every PERIOD
# instructions, delivered as interrupts when unmasked and enabled,
# acknowledged through PIC_PENDING; wfi skips idle time to the next tick.
.include "test.inc"
.equ PERIOD, 1000

TEST_START
    # 1: a masked timer raises its pending bit but no interrupt
    li t0, PERIOD
    out t0, TIMER_PERIOD(zero)
    in a0, TIMER_PERIOD(zero)
    CHECK 1, a0, PERIOD
    in a0, TIMER_COUNT(zero)      # counts down
    li gp, 1
    bgtu a0, t0, fail
    beqz a0, fail
    li t1, 2000
1:  addi t1, t1, -1
    bnez t1, 1b
    in a0, PIC_PENDING(zero)
    andi a0, a0, 1 << IRQ_TIMER
    CHECK 2, a0, 1 << IRQ_TIMER
    li t0, 1 << IRQ_TIMER         # acknowledge
    out t0, PIC_PENDING(zero)
    in a0, PIC_PENDING(zero)
    andi a0, a0, 1 << IRQ_TIMER
    CHECK 3, a0, 0
    # 4: unmasked and enabled: the handler runs once per tick
    SET_TVEC tick_handler
    li s0, 0                      # tick count
    li t0, 1 << IRQ_TIMER
    out t0, PIC_MASK(zero)
    li t0, PERIOD
    out t0, TIMER_PERIOD(zero)    # restart the countdown
    csrrsi_ie
2:  li t0, 5
    bltu s0, t0, 2b
    csrrci_ie
    CHECK 4, s0, 5
    CHECK 5, a3, INTERRUPT_BIT | IRQ_TIMER   # the cause the handler saw
    # 6: the interrupted pc was inside the loop
    la t0, 2b
    li gp, 6
    bltu a5, t0, fail
    addi t0, t0, 8
    bgtu a5, t0, fail
    # 7: wfi waits for the next tick without executing the idle time
    li s0, 0
    csrrs s1, instret, zero
    csrrsi_ie
    wfi
    csrrci_ie
    csrrs a0, instret, zero
    CHECK 7, s0, 1
    sub a0, a0, s1
    li gp, 8
    li t0, 100
    bgtu a0, t0, fail             # far fewer than PERIOD retired
    # 9: interrupts disabled: wfi still wakes (a pending unmasked line), no handler
    li s0, 0
    wfi
    CHECK 9, s0, 0
    in a0, PIC_PENDING(zero)
    andi a0, a0, 1 << IRQ_TIMER
    CHECK 10, a0, 1 << IRQ_TIMER
    # 11: period 0 stops the timer
    out zero, TIMER_PERIOD(zero)
    in a0, TIMER_COUNT(zero)
    CHECK 11, a0, 0
    j pass

tick_handler:
    addi s0, s0, 1
    csrrs a3, cause, zero
    csrrs a5, epc, zero
    li t0, 1 << IRQ_TIMER
    out t0, PIC_PENDING(zero)
    eret

TEST_END
