# kprint.s -- kernel console output: strings, numbers, and panic; shared
# by both kernels.
#
# Everything goes through kputc(a0 = byte), which the including kernel
# defines (LF as CR LF, then the UART): the monolithic kernel's goes through
# its tty, the microkernel's straight to the UART.  Nothing here sleeps or
# allocates: panic and the fault reports use it from any state.  The
# kernel defines KERNEL_PANIC_STATUS.


        .text

# kputs(a0 = NUL-terminated string): the string to the console.
        EXPORT  kputs
kputs:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
1:      lbu     a0, 0(s0)
        beqz    a0, 2f
        call    kputc
        addi    s0, s0, 1
        j       1b
2:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kputhex(a0 = value): "0x" and eight hex digits.
        EXPORT  kputhex
kputhex:
        li      a1, 28                  # start at the top digit, zero or not
        j       kputhex_from

# kputhexs(a0 = value): "0x" and the hex digits without leading zeros
# (the kernel's log lines: "grant 0x1234").
        EXPORT  kputhexs
kputhexs:
        li      a1, 28
1:      srl     t0, a0, a1              # skip leading zero digits
        bnez    t0, kputhex_from
        addi    a1, a1, -4
        bgtz    a1, 1b
        # fall through

# kputhex_from(a0 = value, a1 = shift of the first digit printed): "0x",
# then the digits from there down.
kputhex_from:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1                  # shift of the next digit
        li      a0, '0'
        call    kputc
        li      a0, 'x'
        call    kputc
1:      srl     a0, s0, s1
        andi    a0, a0, 15
        la      t0, kprint_digits
        add     a0, a0, t0
        lbu     a0, 0(a0)
        call    kputc
        addi    s1, s1, -4
        bgez    s1, 1b
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kputdec(a0 = value): unsigned decimal.
        EXPORT  kputdec
kputdec:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        mv      s0, sp                  # digits are built down from 16(sp)
        addi    s0, s0, 16
        sb      zero, 0(s0)
        li      t1, 10
1:      remu    t0, a0, t1
        divu    a0, a0, t1
        addi    t0, t0, '0'
        addi    s0, s0, -1
        sb      t0, 0(s0)
        bnez    a0, 1b
        mv      a0, s0
        call    kputs
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# kputint(a0 = value): signed decimal.
        EXPORT  kputint
kputint:
        bgez    a0, kputdec             # tail call
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        li      a0, '-'
        call    kputc
        lw      a0, 8(sp)
        neg     a0, a0
        call    kputdec
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kpanic(a0 = message, a1 = detail or 0): print "kernel panic: message",
# then " (error -N)" for a negated error code or " (0x...)" for any other
# non-zero detail, and end the run with KERNEL_PANIC_STATUS.  Never returns.
        EXPORT  kpanic
kpanic:
        mv      s0, a0
        mv      s1, a1
        la      a0, kprint_panic
        call    kputs
        mv      a0, s0
        call    kputs
        beqz    s1, 2f
        la      a0, kprint_open
        call    kputs
        mv      a0, s1
        li      t0, -4096
        bgeu    s1, t0, 1f              # -4095..-1: an error code
        call    kputhex
        j       3f
1:      la      a0, kprint_error
        call    kputs
        mv      a0, s1
        call    kputint
3:      li      a0, ')'
        call    kputc
2:      li      a0, '\n'
        call    kputc
        j       kpanic_exit

# kpanic_exit(): end the run with KERNEL_PANIC_STATUS.  Never returns.
kpanic_exit:
        li      t0, KERNEL_PANIC_STATUS
        out     t0, DEBUG_EXIT
        halt                            # not reached: the write ends the run

        .rodata
kprint_digits:  .ascii  "0123456789abcdef"
kprint_panic:   .asciz  "kernel panic: "
kprint_open:    .asciz  " ("
kprint_error:   .asciz  "error "
