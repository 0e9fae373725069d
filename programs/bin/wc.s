# wc [-lwc] [FILES...] -- count lines, words and bytes of each file ("-"
# or none: standard input), with a "total" line for several files.
# Output as coreutils: the counts right-aligned in a common width (the
# digits of the total size of the regular files, at least 7 when an input
# is not a regular file, 1 for a single count of a single input), joined
# by spaces, then the name.

        .include "runtime.s"

        .equ    WC_BUFSIZE, 4096
        .equ    WC_LINES, 1
        .equ    WC_WORDS, 2
        .equ    WC_BYTES, 4

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        # 0(sp): which counts; 4(sp): argv of the first file; 8(sp): files;
        # 12(sp): exit status
        sw      zero, 0(sp)
        sw      zero, 12(sp)
        addi    s0, a1, 4
1:      lw      s1, 0(s0)               # options
        beqz    s1, 5f
        lbu     t0, 0(s1)
        li      t1, '-'
        bne     t0, t1, 5f
        lbu     t0, 1(s1)
        beqz    t0, 5f                  # "-": standard input, a file operand
        addi    s1, s1, 1
2:      lbu     t0, 0(s1)
        beqz    t0, 4f
        li      t1, 'l'
        li      t2, WC_LINES
        beq     t0, t1, 3f
        li      t1, 'w'
        li      t2, WC_WORDS
        beq     t0, t1, 3f
        li      t1, 'c'
        li      t2, WC_BYTES
        bne     t0, t1, wc_usage
3:      lw      t0, 0(sp)
        or      t0, t0, t2
        sw      t0, 0(sp)
        addi    s1, s1, 1
        j       2b
4:      addi    s0, s0, 4
        j       1b
5:      lw      t0, 0(sp)
        bnez    t0, 6f
        li      t0, WC_LINES | WC_WORDS | WC_BYTES
        sw      t0, 0(sp)
6:      la      t1, wc_which
        sw      t0, 0(t1)
        li      t0, 0                   # count the files
        mv      t1, s0
7:      lw      t2, 0(t1)
        beqz    t2, 8f
        addi    t0, t0, 1
        addi    t1, t1, 4
        j       7b
8:      sw      t0, 8(sp)
        bnez    t0, 9f
        la      s0, wc_stdin_argv       # no files: standard input
        li      t0, 1
        sw      t0, 8(sp)
9:      sw      s0, 4(sp)
        lw      a0, 8(sp)
        mv      a1, s0
        call    wc_width
        call    wc_make_format
        # count each input
        lw      s0, 4(sp)
10:     lw      s1, 0(s0)
        beqz    s1, 14f
        mv      a0, s1
        call    wc_open
        bgez    a0, 11f
        mv      a1, a0
        mv      a0, s1
        call    wc_error
        li      t0, 1
        sw      t0, 12(sp)
        j       13f
11:     mv      a1, a0
        sw      a0, 16(sp)
        mv      a0, s1
        call    wc_count
        beqz    a0, 12f
        li      t0, 1
        sw      t0, 12(sp)
12:     lw      a0, 16(sp)
        beqz    a0, 15f
        call    close
15:     lw      a0, 0(s0)               # no name for standard input alone
        la      t0, wc_stdin_argv
        bne     s0, t0, 16f
        li      a0, 0
16:     la      a1, wc_cur
        call    wc_print
        la      t0, wc_cur              # totals
        la      t1, wc_total
        li      t2, 3
17:     lw      a0, 0(t0)
        lw      a1, 0(t1)
        add     a1, a1, a0
        sw      a1, 0(t1)
        addi    t0, t0, 4
        addi    t1, t1, 4
        addi    t2, t2, -1
        bnez    t2, 17b
13:     addi    s0, s0, 4
        j       10b
14:     lw      t0, 8(sp)
        li      t1, 2
        blt     t0, t1, 18f
        la      a0, wc_s_total
        la      a1, wc_total
        call    wc_print
18:     lw      a0, 12(sp)
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

wc_usage:
        la      a0, wc_s_usage
        call    eprintf
        li      a0, 2
        call    exit

# wc_open(name) -> fd or -errno: "-" is standard input (fd 0).
wc_open:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a1, wc_s_dash
        call    strcmp
        beqz    a0, 1f
        lw      a0, 8(sp)
        li      a1, O_RDONLY
        call    open
        j       2f
1:      li      a0, 0
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# wc_error(name, code): "wc: NAME: message" on standard error.
wc_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        mv      a0, a1
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, wc_s_err
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# wc_width(n, names) -> the width of the counts (see the top), stored in
# wc_width_v.  Opens and fstats each input.
wc_width:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        mv      s0, a1
        li      t0, 1
        sw      t0, 28(sp)              # minimum width
        sw      zero, 24(sp)            # total size of the regular files
        bne     a0, t0, 1f              # one input and one count: width 1
        la      t1, wc_which
        lw      t1, 0(t1)
        addi    t2, t1, -1
        and     t2, t2, t1
        beqz    t2, 7f
1:      sw      zero, 32(sp)            # index
2:      lw      s1, 0(s0)
        beqz    s1, 6f
        mv      a0, s1
        call    wc_open
        bgez    a0, 3f
        lw      t0, 32(sp)              # the first input fails: width 1
        beqz    t0, 7f
        j       5f
3:      sw      a0, 20(sp)
        mv      a1, sp                  # the STAT record at 0(sp)
        call    fstat
        bltz    a0, 4f
        lw      t0, STAT_TYPE(sp)
        li      t1, T_FILE
        beq     t0, t1, 8f
        li      t0, 7
        sw      t0, 28(sp)
        j       4f
8:      lw      t0, STAT_FSIZE(sp)
        lw      t1, 24(sp)
        add     t1, t1, t0
        sw      t1, 24(sp)
4:      lw      a0, 20(sp)
        beqz    a0, 5f
        call    close
5:      lw      t0, 32(sp)
        addi    t0, t0, 1
        sw      t0, 32(sp)
        addi    s0, s0, 4
        j       2b
6:      lw      t0, 24(sp)              # digits of the total
        li      a0, 1
        li      t1, 10
9:      bltu    t0, t1, 10f
        divu    t0, t0, t1
        addi    a0, a0, 1
        j       9b
10:     lw      t0, 28(sp)
        bge     a0, t0, 11f
        mv      a0, t0
        j       11f
7:      li      a0, 1
11:     la      t0, wc_width_v
        sw      a0, 0(t0)
        lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# wc_make_format(): wc_fmt = "%Wu %Wu %Wu%s%s\n" for the selected counts.
wc_make_format:
        la      a0, wc_fmt
        la      t0, wc_which
        lw      a1, 0(t0)
        la      t0, wc_width_v
        lw      a2, 0(t0)
        li      a3, 1                   # the count bit
1:      li      t0, 8
        beq     a3, t0, 4f
        and     t0, a1, a3
        beqz    t0, 3f
        la      t0, wc_fmt
        beq     a0, t0, 2f
        li      t0, ' '
        sb      t0, 0(a0)
        addi    a0, a0, 1
2:      li      t0, '%'
        sb      t0, 0(a0)
        li      t1, 10                  # width: one or two digits
        divu    t0, a2, t1
        remu    t1, a2, t1
        addi    a0, a0, 1
        beqz    t0, 5f
        addi    t0, t0, '0'
        sb      t0, 0(a0)
        addi    a0, a0, 1
5:      addi    t1, t1, '0'
        sb      t1, 0(a0)
        li      t0, 'u'
        sb      t0, 1(a0)
        addi    a0, a0, 2
3:      slli    a3, a3, 1
        j       1b
4:      la      a1, wc_s_tail
        j       strcpy

# wc_print(name or 0, counts[3]): one line of counts.
wc_print:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        la      t0, wc_which
        lw      t0, 0(t0)
        mv      t1, sp                  # the selected counts, in order
        li      t2, 1
1:      li      a2, 8
        beq     t2, a2, 3f
        and     a2, t0, t2
        beqz    a2, 2f
        lw      a2, 0(a1)
        sw      a2, 0(t1)
        addi    t1, t1, 4
2:      addi    a1, a1, 4
        slli    t2, t2, 1
        j       1b
3:      la      a2, wc_s_space
        bnez    a0, 4f
        la      a2, wc_s_empty
        la      a0, wc_s_empty
4:      sw      a2, 0(t1)
        sw      a0, 4(t1)
        lw      a1, 0(sp)
        lw      a2, 4(sp)
        lw      a3, 8(sp)
        lw      a4, 12(sp)
        lw      a5, 16(sp)
        la      a0, wc_fmt
        call    printf
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# wc_count(name, fd) -> 0, or 1 after reporting a read error.  Counts into
# wc_cur: lines, words, bytes.  A word is a run of bytes other than space,
# \t \n \v \f \r.
wc_count:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        mv      s0, a1                  # fd
        li      a3, 0                   # lines
        li      a4, 0                   # words
        li      s1, 0                   # bytes
        li      t2, 0                   # 1 = inside a word
1:      mv      a0, s0
        la      a1, wc_buf
        li      a2, WC_BUFSIZE
        li      a5, SYS_read            # only a0 changes
        syscall
        blez    a0, 6f
        add     s1, s1, a0
        add     a2, a1, a0              # end
2:      lbu     t0, 0(a1)
        addi    a1, a1, 1
        li      t1, ' '
        beq     t0, t1, 4f
        addi    t1, t0, -9              # \t \n \v \f \r
        li      a5, 5
        bltu    t1, a5, 4f
        bnez    t2, 5f                  # a word byte
        li      t2, 1
        addi    a4, a4, 1
        j       5f
4:      li      t2, 0                   # a space
        li      a5, '\n'
        bne     t0, a5, 5f
        addi    a3, a3, 1
5:      bltu    a1, a2, 2b
        j       1b
6:      la      t0, wc_cur
        sw      a3, 0(t0)
        sw      a4, 4(t0)
        sw      s1, 8(t0)
        li      t0, 0
        beqz    a0, 7f
        mv      a1, a0
        lw      a0, 0(sp)
        call    wc_error
        li      t0, 1
7:      mv      a0, t0
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
wc_s_usage:     .asciz  "usage: wc [-lwc] [FILES...]\n"
wc_s_err:       .asciz  "wc: %s: %s\n"
wc_s_dash:      .asciz  "-"
wc_s_total:     .asciz  "total"
wc_s_tail:      .asciz  "%s%s\n"
wc_s_space:     .asciz  " "
wc_s_empty:     .asciz  ""
        .balign 4
wc_stdin_argv:  .word   wc_s_dash, 0

        .bss
        .balign 4
wc_which:       .space  4
wc_width_v:     .space  4
wc_cur:         .space  12
wc_total:       .space  12
wc_fmt:         .space  32
wc_buf:         .space  WC_BUFSIZE
