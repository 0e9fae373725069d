# count.s -- a small program to learn the debugger on (README, "Debugging").
#
# A timer interrupt counts ticks in `ticks` while the main loop adds the
# numbers 1..10 into `total` through a function call, echoes one line of
# console input, and prints the total.  Try: k32 debug programs/examples/count.s

        .include "k32.inc"

        .equ    PERIOD, 50              # a timer tick every 50 instructions

        .text
        .globl  _start
_start: la      t0, on_trap
        csrrw   zero, tvec, t0
        li      t0, 1 << IRQ_TIMER
        out     t0, PIC_MASK(zero)
        li      t0, PERIOD
        out     t0, TIMER_PERIOD(zero)
        li      t0, STATUS_IE
        csrrs   zero, status, t0        # interrupts on
        li      s0, 1                   # i
        li      s1, 10
loop:   mv      a0, s0
        call    add_to_total
        addi    s0, s0, 1
        ble     s0, s1, loop
        call    echo_line
        la      t0, total
        lw      a0, 0(t0)
        call    print_number
        li      a0, '\n'
        call    putc
        out     zero, DEBUG_EXIT(zero)

# add_to_total(a0): total += a0
add_to_total:
        addi    sp, sp, -8
        sw      ra, 4(sp)
        la      t0, total
        lw      t1, 0(t0)
        add     t1, t1, a0
        sw      t1, 0(t0)
        lw      ra, 4(sp)
        addi    sp, sp, 8
        ret

# echo_line: copy console input to the output up to a newline or the end.
echo_line:
        addi    sp, sp, -8
        sw      ra, 4(sp)
1:      in      t0, UART_LSR(zero)
        andi    t1, t0, LSR_DATA_READY
        bnez    t1, 2f
        andi    t1, t0, LSR_EOF
        bnez    t1, 3f
        wfi                             # nothing yet: wait for an interrupt
        j       1b
2:      in      a0, UART_DATA(zero)
        call    putc
        li      t0, '\n'
        bne     a0, t0, 1b
3:      lw      ra, 4(sp)
        addi    sp, sp, 8
        ret

# print_number(a0): a0 in decimal (a0 < 1000)
print_number:
        addi    sp, sp, -8
        sw      ra, 4(sp)
        sw      s0, 0(sp)
        mv      s0, a0
        li      t0, 100
        blt     s0, t0, 1f
        div     a0, s0, t0
        addi    a0, a0, '0'
        call    putc
1:      li      t0, 10
        blt     s0, t0, 2f
        div     a0, s0, t0
        rem     a0, a0, t0
        addi    a0, a0, '0'
        call    putc
2:      li      t0, 10
        rem     a0, s0, t0
        addi    a0, a0, '0'
        call    putc
        lw      s0, 0(sp)
        lw      ra, 4(sp)
        addi    sp, sp, 8
        ret

# putc(a0): one byte to the console
putc:   out     a0, UART_DATA(zero)
        ret

# The trap handler: count a timer tick, acknowledge it, return.
on_trap:
        addi    sp, sp, -8
        sw      t0, 0(sp)
        sw      t1, 4(sp)
        la      t0, ticks
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        li      t0, 1 << IRQ_TIMER
        out     t0, PIC_PENDING(zero)   # acknowledge
        lw      t1, 4(sp)
        lw      t0, 0(sp)
        addi    sp, sp, 8
        eret

        .data
total:  .word   0
ticks:  .word   0
