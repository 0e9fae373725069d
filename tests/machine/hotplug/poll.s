# A busy loop that polls the clock's seconds until three have ended, then
# prints the number of polls in hex: the same count whether
# the loop runs translated or interpreted, since the clock is a function
# of the instruction count (--rtc at reset).
.include "k32.inc"
    .text
    .globl _start
_start:
    li s0, 0                                     # polls
    li s1, 0                                     # seconds seen to end
    li t0, RTC_REG_SEC
    out t0, RTC_INDEX(zero)
    in a1, RTC_DATA(zero)
1:  addi s0, s0, 1
    in a0, RTC_DATA(zero)
    beq a0, a1, 1b
    mv a1, a0
    addi s1, s1, 1
    li t0, 3
    bne s1, t0, 1b
    li t1, 28                                    # print the count in hex
2:  srl t0, s0, t1
    andi t0, t0, 15
    addi t0, t0, '0'
    li t2, '9'
    ble t0, t2, 3f
    addi t0, t0, 'a' - '0' - 10
3:  out t0, UART_DATA(zero)
    addi t1, t1, -4
    bgez t1, 2b
    halt
