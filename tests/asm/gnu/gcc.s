# What GCC 12 writes for RV32E (-S, -O2 -g), by hand: the file and option
# preamble, DWARF line directives, call frame directives, sections with
# flags and types, GCC's anchors and jump tables, string sections,
# small-data sections, LEB128 numbers and debug sections (not loaded).
# (call, tail, la and lla are left out: GNU as makes them auipc + jalr or
# auipc + addi, K32 a jal or lui + addi.)
        .file   "gcc.c"
        .option nopic
        .option push
        .option norelax
        .option pop
        .attribute arch, "rv32e1p9_m2p0"
        .attribute unaligned_access, 0
        .attribute stack_align, 4
        .text
.Ltext0:
        .cfi_sections   .debug_frame
        .file 0 "/home/user" "gcc.c"
        .align  2
        .globl  pick
        .type   pick, @function
pick:
.LFB0:
        .file 1 "gcc.c"
        .loc 1 3 1 view -0
        .cfi_startproc
.LVL0:
        .loc 1 4 3
        li      a5,4
        bgtu    a0,a5,.L2
        lui     a5,%hi(.L4)
        addi    a5,a5,%lo(.L4)
        slli    a0,a0,2
.LVL1:
        add     a0,a0,a5
        lw      a5,0(a0)
        jr      a5
        .section        .rodata
        .align  2
        .align  2
.L4:
        .word   .L8
        .word   .L7
        .word   .L6
        .word   .L5
        .word   .L3
        .text
.L8:
        .loc 1 5 13 is_stmt 0 discriminator 1
        lui     a5,%hi(.LANCHOR0)
        lw      a0,%lo(.LANCHOR0)(a5)
        ret
.L7:
        lui     a5,%hi(.LANCHOR0+4)
        lw      a0,%lo(.LANCHOR0+4)(a5)
        ret
.L6:
        lui     a0,%hi(.LC0)
        addi    a0,a0,%lo(.LC0)
        ret
.L5:
        lui     a0,%hi(counter)
        lw      a0,%lo(counter)(a0)
        ret
.L3:
        lui     a0,%hi(buffer)
        lbu     a0,%lo(buffer+3)(a0)
        ret
.L2:
        li      a0,-1
.LVL2:
        ret
        .cfi_endproc
.LFE0:
        .size   pick, .-pick
        .section        .text.startup,"ax",@progbits
        .align  2
        .globl  _start
        .type   _start, @function
_start:
.LFB1:
        .loc 1 9 1 is_stmt 1
        .cfi_startproc
        addi    sp,sp,-8
        .cfi_def_cfa_offset 8
        sw      ra,4(sp)
        .cfi_offset 1, -4
        .cfi_remember_state
        li      a0,2
        jal     pick
        lui     a1,%hi(.LC1)
        addi    a1,a1,%lo(.LC1)
        lui     a2,%hi(tiny+2)
        sw      a1,%lo(tiny+2)(a2)
        lui     a3,%hi(.LC2)
        lw      a4,%lo(.LC2+4)(a3)
        lw      ra,4(sp)
        .cfi_restore 1
        addi    sp,sp,8
        .cfi_def_cfa_offset 0
        .cfi_restore_state
        jr      ra
        .cfi_endproc
.LFE1:
        .size   _start, .-_start
        .section        .rodata.str1.4,"aMS",@progbits,1
        .align  2
.LC0:
        .string "first"
        .zero   2
.LC1:
        .string "second"
        .section        .srodata.cst8,"aM",@progbits,8
        .align  3
.LC2:
        .word   0
        .word   1072693248
        .data
        .align  2
        .set    .LANCHOR0,. + 0
        .type   values, @object
        .size   values, 8
values:
        .word   10
        .word   20
        .uleb128 0
        .uleb128 127
        .uleb128 128
        .uleb128 16383
        .uleb128 16384
        .uleb128 0xffffffff
        .sleb128 -1
        .sleb128 63
        .sleb128 64
        .sleb128 -64
        .sleb128 -65
        .sleb128 8191
        .sleb128 -8192
        .sleb128 -0x80000000
        .balign 4
        .type   table, @object
        .size   table, 12
table:
        .half   1, -1
        .4byte  .LC0
        .2byte  .L4-.LANCHOR0+0x100
        .byte   .L8-.L7+1
        .byte   0
        .section        .sdata,"aw"
        .align  2
        .type   counter, @object
        .size   counter, 4
counter:
        .word   5
        .weak   wk
        .hidden hid
hid:    .word   wk
        .bss
        .align  2
        .type   buffer, @object
        .size   buffer, 40
buffer:
        .zero   40
        .section        .sbss,"aw",@nobits
        .align  2
        .type   tiny, @object
        .size   tiny, 4
tiny:
        .zero   4
        .text
.Letext0:
        .section        .debug_info,"",@progbits
.Ldebug_info0:
        .4byte  0x5b
        .2byte  0x5
        .byte   0x1
        .byte   0x4
        .4byte  .Ldebug_abbrev0
        .uleb128 0x1
        .4byte  .LASF0
        .4byte  .Ltext0
        .4byte  .Letext0-.Ltext0
        .4byte  .Ldebug_line0
        .sleb128 -5
        .section        .debug_abbrev,"",@progbits
.Ldebug_abbrev0:
        .uleb128 0x1
        .uleb128 0x11
        .byte   0
        .section        .debug_line,"",@progbits
.Ldebug_line0:
        .section        .debug_str,"MS",@progbits,1
.LASF0:
        .string "GNU C17 12.2.0 -march=rv32em -mabi=ilp32e -g -O2"
        .ident  "GCC: (GNU) 12.2.0"
        .section        .note.GNU-stack,"",@progbits
