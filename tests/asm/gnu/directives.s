# Directives, expressions, macros, repetition and conditionals: the bytes
# K32's assembler produces must equal GNU as's.
        .equ    COUNT, 4
        .set    MASK, (1 << 12) - 1
        SIZE = COUNT * 4 + (MASK & 3)
        .macro  entry name, value=7, kind=1
\name\()_lbl:
        .word   \value, \kind, \@
        .endm
        .macro  pair a, b
        entry   \a
        entry   \b, 9, kind=2
        .endm

        .text
        .globl  _start
_start: addi    a0, zero, SIZE
        addi    a1, zero, COUNT - 1
        lui     a2, %hi(table)
        addi    a2, a2, %lo(table)
        lw      a3, %lo(words+4)(a2)
        addi    a4, zero, 'A'
        addi    a5, zero, '\n'
        .ifdef  COUNT
        addi    t1, zero, 1
        .else
        addi    t1, zero, 2
        .endif
        .if COUNT > 3 && !(MASK == 0)
        addi    t2, zero, 3
        .elseif COUNT == 2
        addi    t2, zero, 2
        .endif
        .rept   3
        addi    s0, s0, 1
        .endr
        .irp    reg, a0, a1, a2
        addi    \reg, \reg, -1
        .endr
        .p2align 4
        jal     zero, _start
        .balign 8
end_of_text:

        .data
table:  .byte   1, 2, 0xff, -1, 'z'
        .half   0x1234, -2
        .align  2
words:  .word   0xdeadbeef, table, end_of_table - table, (1 << 40) >> 38
        .long   -1
        .short  7
        .2byte  8
        .4byte  9
        .ascii  "abc", "d\te"
        .asciz  "with \"quotes\" and \\ and \101\x42"
        .string "s"
        .balign 4, 0xAA
        .fill   3, 2, 0x0102
        .fill   2, 1
        .space  5
        .zero   3
        .skip   2, 0x55
        .word   10 / 3, -10 / 3, 10 % 3, -10 % 3, 7 ^ 2, ~0, 1 < 2, 5 >= 6, 6 != 6
        .byte   COUNT, SIZE, MASK & 0xff
        .word   . - table, end_of_text - _start
        pair    first, second
        .irpc   c, xyz
        .byte   '\c'
        .endr
        .org    . + 3, 0x11
end_of_table:
        .word   end_of_table - table
