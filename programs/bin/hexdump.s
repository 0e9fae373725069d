# hexdump [-C] [FILES...] -- the files ("-" or none: standard input), one after
# the other, in the canonical format of `hexdump -C`:
#
# 00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a 48 65 6c 6c  |Hello world.Hell|
# *
# 00000040  61 62 0a                                          |ab.|
# 00000043
#
# offset, 16 bytes in hex in two groups of 8, the printable ones between
# bars; a line the same as the one before is shown once as "*"; then the
# offset of the end (nothing at all for empty input).

        .include "runtime.s"

        .equ    HD_BUFSIZE, 4096
        .equ    HD_OUTSIZE, 4096

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      zero, 0(sp)             # exit status; 4(sp): the open fd
        addi    s0, a1, 4
5:      lw      t1, 0(s0)               # options: only -C (the format anyway)
        beqz    t1, 6f
        lbu     t2, 0(t1)
        li      t0, '-'
        bne     t2, t0, 6f
        lbu     t2, 1(t1)
        beqz    t2, 6f                  # "-": standard input
        li      t0, 'C'
        bne     t2, t0, 7f
        lbu     t2, 2(t1)
        bnez    t2, 7f
        addi    s0, s0, 4
        j       5b
7:      la      a0, hd_s_usage
        call    eprintf
        li      a0, 2
        j       11f
6:      lw      t0, 0(s0)
        bnez    t0, 1f
        la      a0, hd_s_stdin          # no files: standard input
        li      a1, 0
        call    hd_fd
        sw      a0, 0(sp)
        j       8f
1:      lw      s1, 0(s0)
        beqz    s1, 8f
        mv      a0, s1
        la      a1, hd_s_dash
        call    strcmp
        li      a1, 0
        beqz    a0, 2f
        mv      a0, s1
        li      a1, O_RDONLY
        call    open
        mv      a1, a0
        bgez    a0, 2f
        mv      a0, s1
        call    hd_error
        li      t0, 1
        sw      t0, 0(sp)
        j       4f
2:      sw      a1, 4(sp)
        mv      a0, s1
        call    hd_fd
        beqz    a0, 3f
        sw      a0, 0(sp)
3:      lw      a0, 4(sp)
        beqz    a0, 4f
        call    close
4:      addi    s0, s0, 4
        j       1b
8:      la      t0, hd_count            # the last, partial line
        lw      t0, 0(t0)
        beqz    t0, 9f
        call    hd_line
9:      la      t0, hd_offset           # the final offset
        lw      a1, 0(t0)
        beqz    a1, 10f
        la      a0, hd_out_pos
        lw      a0, 0(a0)
        call    hd_hex8
        li      t0, '\n'
        sb      t0, 0(a0)
        addi    a0, a0, 1
        la      t0, hd_out_pos
        sw      a0, 0(t0)
10:     call    hd_flush
        lw      a0, 0(sp)
11:
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# hd_error(name, code): "hexdump: NAME: message" on standard error.
hd_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        sw      a1, 4(sp)
        call    hd_flush                # what came before goes first
        lw      a0, 4(sp)
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, hd_s_err
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hd_fd(name, fd) -> 0, or 1 after reporting a read error: feed the bytes
# of fd into the 16-byte line, printing each line as it fills.
hd_fd:  addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        mv      s0, a1
1:      mv      a0, s0
        la      a1, hd_buf
        li      a2, HD_BUFSIZE
        call    read
        beqz    a0, 8f
        bltz    a0, 6f
        la      s1, hd_buf
        add     t0, s1, a0
        la      t1, hd_end
        sw      t0, 0(t1)
2:      la      t0, hd_end
        lw      t0, 0(t0)
        bgeu    s1, t0, 1b
        la      t0, hd_count
        lw      t1, 0(t0)
        lbu     t2, 0(s1)
        addi    s1, s1, 1
        la      a0, hd_cur
        add     a0, a0, t1
        sb      t2, 0(a0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        li      t2, 16
        bne     t1, t2, 2b
        call    hd_line
        j       2b
6:      mv      a1, a0
        lw      a0, 0(sp)
        call    hd_error
        li      a0, 1
        j       9f
8:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hd_line(): output the hd_count bytes of hd_cur as one line (or "*" for a
# full line equal to the one before), advance hd_offset, empty hd_cur.
hd_line:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        la      t0, hd_count
        lw      s1, 0(t0)               # bytes in the line
        li      t1, 16
        bne     s1, t1, 3f
        la      t0, hd_have_prev
        lw      t0, 0(t0)
        beqz    t0, 2f
        la      a0, hd_cur
        la      a1, hd_prev
        li      a2, 16
        call    memcmp
        bnez    a0, 2f
        la      t0, hd_starred          # the same again
        lw      t1, 0(t0)
        bnez    t1, 8f
        li      t1, 1
        sw      t1, 0(t0)
        li      a0, '*'
        call    hd_put
        li      a0, '\n'
        call    hd_put
        j       8f
2:      la      a0, hd_prev             # remember it
        la      a1, hd_cur
        li      a2, 16
        call    memcpy
        la      t0, hd_have_prev
        li      t1, 1
        sw      t1, 0(t0)
3:      la      t0, hd_starred
        sw      zero, 0(t0)
        call    hd_room                 # a0 = where the line goes
        la      t0, hd_offset
        lw      a1, 0(t0)
        call    hd_hex8
        li      t1, ' '
        sb      t1, 0(a0)
        sb      t1, 1(a0)
        addi    a0, a0, 2
        la      a2, hd_cur
        li      a3, 0                   # index
4:      bge     a3, s1, 5f
        add     t0, a2, a3              # "xx "
        lbu     t0, 0(t0)
        srli    t1, t0, 4
        la      t2, hd_digits
        add     t1, t1, t2
        lbu     t1, 0(t1)
        sb      t1, 0(a0)
        andi    t0, t0, 15
        add     t0, t0, t2
        lbu     t0, 0(t0)
        sb      t0, 1(a0)
        li      t0, ' '
        sb      t0, 2(a0)
        j       6f
5:      li      t0, ' '                 # "   " past the end
        sb      t0, 0(a0)
        sb      t0, 1(a0)
        sb      t0, 2(a0)
6:      addi    a0, a0, 3
        li      t0, 7
        bne     a3, t0, 7f
        li      t0, ' '                 # the gap between the groups
        sb      t0, 0(a0)
        addi    a0, a0, 1
7:      addi    a3, a3, 1
        li      t0, 16
        blt     a3, t0, 4b
        li      t0, ' '
        sb      t0, 0(a0)
        li      t0, '|'
        sb      t0, 1(a0)
        addi    a0, a0, 2
        li      a3, 0
10:     bge     a3, s1, 12f
        add     t0, a2, a3
        lbu     t0, 0(t0)
        addi    t1, t0, -' '
        li      t2, 0x7F - ' '
        bltu    t1, t2, 11f
        li      t0, '.'
11:     sb      t0, 0(a0)
        addi    a0, a0, 1
        addi    a3, a3, 1
        j       10b
12:     li      t0, '|'
        sb      t0, 0(a0)
        li      t0, '\n'
        sb      t0, 1(a0)
        addi    a0, a0, 2
        la      t0, hd_out_pos
        sw      a0, 0(t0)
8:      la      t0, hd_offset
        lw      t1, 0(t0)
        add     t1, t1, s1
        sw      t1, 0(t0)
        la      t0, hd_count
        sw      zero, 0(t0)
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hd_hex8(dst, value) -> dst + 8: the value as 8 hex digits.  Changes
# a0, a1, t0-t2.
hd_hex8:
        li      t0, 8
        la      t2, hd_digits
1:      srli    t1, a1, 28
        add     t1, t1, t2
        lbu     t1, 0(t1)
        sb      t1, 0(a0)
        addi    a0, a0, 1
        slli    a1, a1, 4
        addi    t0, t0, -1
        bnez    t0, 1b
        ret

# hd_room() -> hd_out_pos, after flushing if fewer than 80 bytes are left.
hd_room:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      t0, hd_out_pos
        lw      a0, 0(t0)
        la      t1, hd_out + HD_OUTSIZE - 80
        bltu    a0, t1, 1f
        call    hd_flush
        la      t0, hd_out_pos
        lw      a0, 0(t0)
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hd_put(byte): append one byte to the output.
hd_put: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    hd_room
        lw      t1, 8(sp)
        sb      t1, 0(a0)
        addi    a0, a0, 1
        la      t0, hd_out_pos
        sw      a0, 0(t0)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hd_flush(): write out the output buffer; a failed write ends the program
# with status 1.  Keeps a1.
hd_flush:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        la      t0, hd_out_pos
        lw      a2, 0(t0)
        la      a1, hd_out
        sw      a1, 0(t0)
        sub     a2, a2, a1
        beqz    a2, 1f
        li      a0, 1
        call    rt_writeall
        bgez    a0, 1f
        li      a0, 1
        call    exit
1:      lw      a1, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
hd_s_usage:     .asciz  "usage: hexdump [-C] [FILES...]\n"
hd_s_dash:      .asciz  "-"
hd_s_stdin:     .asciz  "(standard input)"
hd_s_err:       .asciz  "hexdump: %s: %s\n"
hd_digits:      .ascii  "0123456789abcdef"

        .data
        .balign 4
hd_out_pos:     .word   hd_out

        .bss
        .balign 4
hd_offset:      .space  4
hd_count:       .space  4               # bytes in hd_cur
hd_end:         .space  4               # end of the data in hd_buf
hd_have_prev:   .space  4
hd_starred:     .space  4               # 1 after a "*" for the current run
hd_cur:         .space  16
hd_prev:        .space  16
hd_buf:         .space  HD_BUFSIZE
hd_out:         .space  HD_OUTSIZE
