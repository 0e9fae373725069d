# bootinfo.s -- a test kernel for `k32 boot`: prints what the loader handed
# it, then ends the run with status 42 (or 1 if a0 is not a boot-info record).
#
#   info=0000A000 sp=01000000 memsize=01000000 free=0000B000 nmods=2
#   mod init addr=00003000 len=00000011 data=first bytes...
#
# One line per module; `data=` shows up to 16 of its bytes as they are.

        .include "k32.inc"

        .text
        .globl _start
_start: mv      s0, a0                  # the boot-info record
        beqz    s0, bad
        lw      t0, BOOTINFO_MAGIC_OFF(s0)
        li      t1, BOOTINFO_MAGIC
        bne     t0, t1, bad
        la      a0, s_info
        call    puts
        mv      a0, s0
        call    puthex
        la      a0, s_sp
        call    puts
        mv      a0, sp
        call    puthex
        la      a0, s_mem
        call    puts
        lw      a0, BOOTINFO_MEMSIZE(s0)
        call    puthex
        la      a0, s_free
        call    puts
        lw      a0, BOOTINFO_FREE(s0)
        call    puthex
        la      a0, s_nmods
        call    puts
        lw      a0, BOOTINFO_NMODS(s0)
        addi    a0, a0, '0'             # at most 9 in the tests
        call    putc
        li      a0, '\n'
        call    putc
        lw      s1, BOOTINFO_NMODS(s0)
        addi    s0, s0, BOOTINFO_MODS   # s0: the module record
1:      beqz    s1, 3f
        la      a0, s_mod
        call    puts
        addi    a0, s0, BOOTMOD_NAME
        call    puts
        la      a0, s_addr
        call    puts
        lw      a0, BOOTMOD_ADDR(s0)
        call    puthex
        la      a0, s_len
        call    puts
        lw      a0, BOOTMOD_LEN(s0)
        call    puthex
        la      a0, s_data
        call    puts
        lw      t2, BOOTMOD_ADDR(s0)    # up to 16 bytes of the module
        lw      a1, BOOTMOD_LEN(s0)
        li      t0, 16
        bleu    a1, t0, 2f
        mv      a1, t0
2:      beqz    a1, 4f
        lbu     a0, 0(t2)
        call    putc
        addi    t2, t2, 1
        addi    a1, a1, -1
        j       2b
4:      li      a0, '\n'
        call    putc
        addi    s0, s0, BOOTMOD_SIZE
        addi    s1, s1, -1
        j       1b
3:      li      a0, 42
        out     a0, DEBUG_EXIT(zero)
bad:    la      a0, s_bad
        call    puts
        li      a0, 1
        out     a0, DEBUG_EXIT(zero)

# putc(a0): one byte to the UART.  Clobbers t0.
putc:   in      t0, UART_LSR(zero)
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, putc
        out     a0, UART_DATA(zero)
        ret

# puts(a0 = NUL-terminated string).  Clobbers a0, t0, t1.
puts:   mv      t1, a0
1:      lbu     a0, 0(t1)
        beqz    a0, 2f
        in      t0, UART_LSR(zero)
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, 1b
        out     a0, UART_DATA(zero)
        addi    t1, t1, 1
        j       1b
2:      ret

# puthex(a0): eight upper-case hex digits.  Clobbers a0, t0, t1, a2.
puthex: mv      t1, a0
        li      a2, 28
1:      srl     a0, t1, a2
        andi    a0, a0, 15
        addi    a0, a0, '0'
        li      t0, '9'
        bleu    a0, t0, 2f
        addi    a0, a0, 'A' - '9' - 1
2:      in      t0, UART_LSR(zero)
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, 2b
        out     a0, UART_DATA(zero)
        addi    a2, a2, -4
        bgez    a2, 1b
        ret

        .data
s_info:  .asciz "info="
s_sp:    .asciz " sp="
s_mem:   .asciz " memsize="
s_free:  .asciz " free="
s_nmods: .asciz " nmods="
s_mod:   .asciz "mod "
s_addr:  .asciz " addr="
s_len:   .asciz " len="
s_data:  .asciz " data="
s_bad:   .asciz "no boot-info record\n"
