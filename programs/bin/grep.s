# grep [-vcni] PATTERN [FILES...] -- print the lines that match PATTERN
# ("-" or no files: standard input).
#   -v  the lines that do not match     -c  only a count of them
#   -n  line numbers                    -i  ignore case
# With several files each line (or count) starts with "NAME:".
# Exit status: 0 if a line was selected, 1 if none, 2 on an error.
#
# PATTERN is a small regular expression in the style of Kernighan and
# Pike's matcher: c (itself), . (any byte), [abc] [a-z] [^abc] (a class),
# x* (zero or more of the atom x), ^ at the start and $ at the end
# (anchors), \c (c itself).  Anything else is an ordinary byte, so a
# fixed string is a pattern.  The pattern is compiled to atoms, each a
# 256-bit set of the bytes it accepts plus a "starred" flag.
#
# Lines longer than GREP_LINEMAX - 1 bytes are cut there.

        .include "runtime.s"

        .equ    GREP_BUFSIZE, 4096
        .equ    GREP_LINEMAX, 4096
        .equ    GREP_OUTSIZE, 4096
        .equ    GREP_ATOM, 36           # 32 bytes of set, then the flags word
        .equ    GREP_STAR, 1
        .equ    GREP_MAXATOMS, 256
        .equ    OPT_V, 1
        .equ    OPT_C, 2
        .equ    OPT_N, 4
        .equ    OPT_I, 8

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        # 0(sp): 1 = a line was selected; 4(sp): 1 = an error; 8(sp): files
        sw      zero, 0(sp)
        sw      zero, 4(sp)
        addi    s0, a1, 4
1:      lw      s1, 0(s0)               # options
        beqz    s1, grep_usage
        lbu     t0, 0(s1)
        li      t1, '-'
        bne     t0, t1, 5f
        lbu     t0, 1(s1)
        beqz    t0, 5f                  # "-" is not an option
        addi    s0, s0, 4
        bne     t0, t1, 2f
        lbu     t0, 2(s1)               # "--": the pattern follows
        bnez    t0, grep_usage
        lw      s1, 0(s0)
        beqz    s1, grep_usage
        j       5f
2:      addi    s1, s1, 1
3:      lbu     t0, 0(s1)
        beqz    t0, 1b
        li      t1, 'v'
        li      t2, OPT_V
        beq     t0, t1, 4f
        li      t1, 'c'
        li      t2, OPT_C
        beq     t0, t1, 4f
        li      t1, 'n'
        li      t2, OPT_N
        beq     t0, t1, 4f
        li      t1, 'i'
        li      t2, OPT_I
        bne     t0, t1, grep_usage
4:      la      t0, grep_opts
        lw      t1, 0(t0)
        or      t1, t1, t2
        sw      t1, 0(t0)
        addi    s1, s1, 1
        j       3b
5:      mv      a0, s1                  # the pattern
        call    grep_compile
        bgez    a0, 6f
        la      a0, grep_s_badre
        mv      a1, s1
        call    eprintf
        li      a0, 2
        j       99f
6:      addi    s0, s0, 4               # the files
        li      t0, 0
        mv      t1, s0
7:      lw      t2, 0(t1)
        beqz    t2, 8f
        addi    t0, t0, 1
        addi    t1, t1, 4
        j       7b
8:      sw      t0, 8(sp)
        la      t1, grep_multi
        slti    t2, t0, 2
        xori    t2, t2, 1
        sw      t2, 0(t1)
        bnez    t0, 10f
        la      a0, grep_s_stdin        # no files: standard input
        li      a1, 0
        call    grep_fd
        j       14f
10:     lw      s1, 0(s0)
        beqz    s1, 20f
        mv      a0, s1
        la      a1, grep_s_dash
        call    strcmp
        bnez    a0, 11f
        la      a0, grep_s_stdin
        li      a1, 0
        call    grep_fd
        j       13f
11:     mv      a0, s1
        li      a1, O_RDONLY
        call    open
        bgez    a0, 12f
        mv      a1, a0
        mv      a0, s1
        call    grep_error
        j       15f
12:     sw      a0, 12(sp)
        mv      a1, a0
        mv      a0, s1
        call    grep_fd
        mv      s1, a0
        lw      a0, 12(sp)
        call    close
        mv      a0, s1
13:     bltz    a0, 15f
        beqz    a0, 16f
        li      t0, 1
        sw      t0, 0(sp)
16:     addi    s0, s0, 4
        j       10b
15:     li      t0, 1
        sw      t0, 4(sp)
        j       16b
14:     bltz    a0, 17f                 # standard input only
        beqz    a0, 20f
        sw      a0, 0(sp)
        j       20f
17:     li      t0, 1
        sw      t0, 4(sp)
20:     call    grep_flush
        li      a0, 2
        lw      t0, 4(sp)
        bnez    t0, 99f
        lw      a0, 0(sp)
        seqz    a0, a0
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

grep_usage:
        la      a0, grep_s_usage
        call    eprintf
        li      a0, 2
        call    exit

# grep_error(name, code): "grep: NAME: message" on standard error.
grep_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        sw      a1, 4(sp)
        call    grep_flush              # what came before goes first
        lw      a1, 4(sp)
        mv      a0, a1
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, grep_s_err
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grep_fd(name, fd) -> number of lines selected, or -1 after reporting an
# error.  Prints the selected lines (or their count).
grep_fd:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)               # name
        sw      a1, 4(sp)               # fd
        sw      zero, 8(sp)             # line number
        li      s1, 0                   # lines selected
        la      t0, grep_rpos           # empty the read buffer
        sw      zero, 0(t0)
        sw      zero, 4(t0)
1:      lw      a0, 4(sp)
        call    grep_getline
        bltz    a0, 5f
        mv      s0, a0                  # its length
        lw      t0, 8(sp)
        addi    t0, t0, 1
        sw      t0, 8(sp)
        la      a0, grep_line
        add     a1, a0, s0
        call    grep_match
        la      t0, grep_opts
        lw      t0, 0(t0)
        andi    t1, t0, OPT_V
        snez    t1, t1
        xor     a0, a0, t1
        beqz    a0, 1b
        addi    s1, s1, 1
        andi    t1, t0, OPT_C
        bnez    t1, 1b
        lw      a0, 0(sp)               # [NAME:][N:]line
        call    grep_prefix
        la      t0, grep_opts
        lw      t0, 0(t0)
        andi    t0, t0, OPT_N
        beqz    t0, 2f
        lw      a0, 8(sp)
        call    grep_putdec
        li      a0, ':'
        call    grep_putc
2:      la      a0, grep_line
        add     t0, a0, s0
        li      t1, '\n'
        sb      t1, 0(t0)               # (there is room for it)
        addi    a1, s0, 1
        call    grep_put
        j       1b
5:      li      t0, -1
        beq     a0, t0, 6f              # the end
        mv      a1, a0
        lw      a0, 0(sp)
        call    grep_error
        li      s1, -1
        j       9f
6:      la      t0, grep_opts           # -c: [NAME:]count
        lw      t0, 0(t0)
        andi    t0, t0, OPT_C
        beqz    t0, 9f
        lw      a0, 0(sp)
        call    grep_prefix
        mv      a0, s1
        call    grep_putdec
        li      a0, '\n'
        call    grep_putc
9:      mv      a0, s1
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# grep_prefix(name): "NAME:" when there are several files.
grep_prefix:
        la      t0, grep_multi
        lw      t0, 0(t0)
        beqz    t0, 1f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    strlen
        mv      a1, a0
        lw      a0, 8(sp)
        call    grep_put
        li      a0, ':'
        call    grep_putc
        lw      ra, 12(sp)
        addi    sp, sp, 16
1:      ret

# grep_putdec(n): n in decimal to the output.
grep_putdec:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        addi    a1, sp, 12              # digits backwards from 12(sp)
        li      t1, 10
1:      remu    t0, a0, t1
        divu    a0, a0, t1
        addi    t0, t0, '0'
        addi    a1, a1, -1
        sb      t0, 0(a1)
        bnez    a0, 1b
        mv      a0, a1
        addi    a1, sp, 12
        sub     a1, a1, a0
        call    grep_put
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grep_putc(byte): one byte to the output.
grep_putc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sb      a0, 0(sp)
        mv      a0, sp
        li      a1, 1
        call    grep_put
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grep_put(bytes, n): append to the output buffer (written out when full,
# before each read and at the end).
grep_put:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
1:      beqz    s1, 9f
        la      t0, grep_opos
        lw      a0, 0(t0)
        la      t1, grep_obuf + GREP_OUTSIZE
        sub     a2, t1, a0              # room
        bnez    a2, 2f
        call    grep_flush
        j       1b
2:      bleu    a2, s1, 3f
        mv      a2, s1
3:      sub     s1, s1, a2
        add     t1, a0, a2
        sw      t1, 0(t0)
        mv      a1, s0
        add     s0, s0, a2
        call    memcpy
        j       1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grep_flush(): write out the output buffer; a failed write ends the
# program with status 2.
grep_flush:
        la      t0, grep_opos
        lw      a2, 0(t0)
        la      a1, grep_obuf
        sub     a2, a2, a1
        beqz    a2, 2f
        sw      a1, 0(t0)
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, 1
        call    rt_writeall
        bltz    a0, 1f
        lw      ra, 12(sp)
        addi    sp, sp, 16
2:      ret
1:      li      a0, 2
        call    exit

# grep_getline(fd) -> length of the next line, copied without its newline
# and NUL-terminated into grep_line; -1 at the end of the input; -errno
# (< -1) when a read fails.  Reads GREP_BUFSIZE bytes at a time.
grep_getline:
        mv      t2, a0                  # fd
        la      a3, grep_line           # where the next byte goes
        la      a4, grep_line + GREP_LINEMAX - 1
        la      t0, grep_rpos
        lw      a1, 0(t0)               # next byte of the buffer
        lw      a2, 4(t0)               # its end
        li      t1, 0                   # 1 = a byte was read
1:      bltu    a1, a2, 3f
        addi    sp, sp, -32             # the buffer is empty: flush the
        sw      ra, 28(sp)              # output, then read more
        sw      t1, 0(sp)
        sw      t2, 4(sp)
        sw      a3, 8(sp)
        sw      a4, 12(sp)
        call    grep_flush
        lw      t1, 0(sp)
        lw      t2, 4(sp)
        lw      a3, 8(sp)
        lw      a4, 12(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        mv      a0, t2
        la      a1, grep_buf
        li      a2, GREP_BUFSIZE
        li      a5, SYS_read
        syscall
        blez    a0, 6f
        add     a2, a1, a0
3:      lbu     a0, 0(a1)
        addi    a1, a1, 1
        li      t1, 1
        li      a5, '\n'
        beq     a0, a5, 5f
        bgeu    a3, a4, 1b              # too long: drop the rest
        sb      a0, 0(a3)
        addi    a3, a3, 1
        j       1b
6:      mv      a1, zero                # end or error: the buffer is empty
        mv      a2, zero
        bnez    t1, 5f                  # a last line without its newline
        bnez    a0, 7f
        li      a0, -1
7:      la      t0, grep_rpos
        sw      a1, 0(t0)
        sw      a2, 4(t0)
        ret
5:      la      t0, grep_rpos
        sw      a1, 0(t0)
        sw      a2, 4(t0)
        sb      zero, 0(a3)
        la      a0, grep_line
        sub     a0, a3, a0
        ret

# grep_compile(pattern) -> 0, or -1 when it is malformed (a [ without ]).
# Fills grep_atoms, grep_end (past the last atom), grep_bol, grep_eol.
grep_compile:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0                  # pattern cursor
        la      s1, grep_atoms          # the atom being built
        la      t0, grep_bol
        sw      zero, 0(t0)
        sw      zero, 4(t0)             # grep_eol
        lbu     t1, 0(s0)
        li      t2, '^'
        bne     t1, t2, 1f
        li      t1, 1
        sw      t1, 0(t0)
        addi    s0, s0, 1
1:      lbu     t1, 0(s0)
        beqz    t1, 30f
        li      t2, '$'                 # $ at the end
        bne     t1, t2, 2f
        lbu     t2, 1(s0)
        bnez    t2, 2f
        li      t1, 1
        sw      t1, 4(t0)
        j       30f
2:      la      t2, grep_atoms + GREP_ATOM * GREP_MAXATOMS
        bgeu    s1, t2, 40f             # too many atoms
        mv      a0, s1                  # an empty set
        li      a1, 0
        li      a2, GREP_ATOM
        call    memset
        la      t0, grep_bol
        lbu     t1, 0(s0)
        addi    s0, s0, 1
        li      t2, '.'
        bne     t1, t2, 3f
        mv      a0, s1                  # any byte
        li      a1, 0xFF
        li      a2, 32
        call    memset
        j       20f
3:      li      t2, '['
        beq     t1, t2, 10f
        li      t2, '\\'
        bne     t1, t2, 4f
        lbu     t2, 0(s0)               # \c: c itself
        beqz    t2, 4f                  # a \ at the end is itself
        mv      t1, t2
        addi    s0, s0, 1
4:      mv      a0, t1                  # one byte
        call    grep_setbit
        j       20f
10:     li      a3, 0                   # a class; a3 = 1 when negated
        lbu     t1, 0(s0)
        li      t2, '^'
        bne     t1, t2, 11f
        li      a3, 1
        addi    s0, s0, 1
        lbu     t1, 0(s0)
11:     li      t2, ']'                 # a ] first is a member
        bne     t1, t2, 13f
        mv      a0, t1
        call    grep_setbit
        addi    s0, s0, 1
13:     lbu     t1, 0(s0)
        beqz    t1, 40f                 # no closing ]
        addi    s0, s0, 1
        li      t2, ']'
        beq     t1, t2, 16f
        lbu     t2, 0(s0)               # a range a-z?
        li      a0, '-'
        bne     t2, a0, 15f
        lbu     t2, 1(s0)
        beqz    t2, 15f
        li      a0, ']'
        beq     t2, a0, 15f
        addi    s0, s0, 2
        mv      a4, t1                  # t1..t2
        mv      a5, t2
14:     bgtu    a4, a5, 13b
        mv      a0, a4
        call    grep_setbit
        addi    a4, a4, 1
        j       14b
15:     mv      a0, t1
        call    grep_setbit
        j       13b
16:     beqz    a3, 20f                 # [^...]: the complement
        mv      t0, s1
        addi    t1, s1, 32
17:     lw      t2, 0(t0)
        not     t2, t2
        sw      t2, 0(t0)
        addi    t0, t0, 4
        bltu    t0, t1, 17b
20:     la      t0, grep_opts
        lw      t0, 0(t0)
        andi    t0, t0, OPT_I
        beqz    t0, 22f
        li      a0, 'A'                 # -i: each letter and its other case
21:     mv      a1, a0
        call    grep_hasbit
        mv      a2, a0
        addi    a0, a1, 'a' - 'A'
        call    grep_hasbit
        or      a2, a2, a0
        beqz    a2, 23f
        mv      a0, a1
        call    grep_setbit
        addi    a0, a1, 'a' - 'A'
        call    grep_setbit
23:     addi    a0, a1, 1
        li      t0, 'Z'
        bleu    a0, t0, 21b
22:     lbu     t1, 0(s0)               # x*
        li      t2, '*'
        bne     t1, t2, 24f
        li      t1, GREP_STAR
        sw      t1, 32(s1)
        addi    s0, s0, 1
24:     addi    s1, s1, GREP_ATOM
        la      t0, grep_bol
        j       1b
30:     la      t0, grep_end
        sw      s1, 0(t0)
        li      a0, 0
        j       41f
40:     li      a0, -1
41:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grep_setbit(byte a0): add it to the set at s1.  Changes a0, t0, t2.
grep_setbit:
        andi    t2, a0, 7
        li      t0, 1
        sll     t2, t0, t2
        srli    t0, a0, 3
        add     t0, t0, s1
        lbu     a0, 0(t0)
        or      a0, a0, t2
        sb      a0, 0(t0)
        ret

# grep_hasbit(byte a0) -> 1 if it is in the set at s1.  Changes a0, t0, t2.
grep_hasbit:
        srli    t0, a0, 3
        add     t0, t0, s1
        lbu     t2, 0(t0)
        andi    a0, a0, 7
        srl     a0, t2, a0
        andi    a0, a0, 1
        ret

# grep_match(line, end) -> 1 if the pattern matches somewhere in the
# bytes line..end (NULs included).
grep_match:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        la      t0, grep_lend
        sw      a1, 0(t0)
        mv      s0, a0
        la      t0, grep_bol
        lw      t0, 0(t0)
        beqz    t0, 1f
        mv      a1, a0
        la      a0, grep_atoms
        call    grep_here
        j       9f
1:      mv      a1, s0                  # try each position, the end included
        la      a0, grep_atoms
        call    grep_here
        bnez    a0, 9f
        la      t0, grep_lend
        lw      t0, 0(t0)
        addi    s0, s0, 1
        bleu    s0, t0, 1b
        li      a0, 0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# grep_here(atom, text) -> 1 if the atoms from atom on match at text.
grep_here:
        la      t0, grep_end
        lw      t0, 0(t0)
        la      a2, grep_lend
        lw      a2, 0(a2)               # the end of the line
1:      bne     a0, t0, 2f
        la      t0, grep_eol            # all atoms matched
        lw      t0, 0(t0)
        li      a0, 1
        beqz    t0, 9f
        sub     a0, a1, a2              # $: only at the end
        seqz    a0, a0
        ret
2:      lw      t1, 32(a0)
        bnez    t1, grep_star           # x*: tail call
        bgeu    a1, a2, 8f
        lbu     t1, 0(a1)
        srli    t2, t1, 3
        add     t2, t2, a0
        lbu     t2, 0(t2)
        andi    t1, t1, 7
        srl     t2, t2, t1
        andi    t2, t2, 1
        beqz    t2, 8f
        addi    a0, a0, GREP_ATOM
        addi    a1, a1, 1
        j       1b
8:      li      a0, 0
9:      ret

# grep_star(atom, text) -> 1 if atom* and the atoms after it match at text.
grep_star:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
1:      addi    a0, s0, GREP_ATOM
        mv      a1, s1
        call    grep_here
        bnez    a0, 9f
        la      t0, grep_lend           # one more of the atom?
        lw      t0, 0(t0)
        bgeu    s1, t0, 9f
        lbu     t1, 0(s1)
        srli    t2, t1, 3
        add     t2, t2, s0
        lbu     t2, 0(t2)
        andi    t1, t1, 7
        srl     t2, t2, t1
        andi    t2, t2, 1
        beqz    t2, 9f
        addi    s1, s1, 1
        j       1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
grep_s_usage:   .asciz  "usage: grep [-vcni] PATTERN [FILES...]\n"
grep_s_badre:   .asciz  "grep: %s: bad pattern\n"
grep_s_err:     .asciz  "grep: %s: %s\n"
grep_s_dash:    .asciz  "-"
grep_s_stdin:   .asciz  "(standard input)"

        .data
        .balign 4
grep_opos:      .word   grep_obuf       # next free byte of grep_obuf

        .bss
        .balign 4
grep_opts:      .space  4
grep_multi:     .space  4
grep_bol:       .space  4               # then grep_eol
grep_eol:       .space  4
grep_end:       .space  4
grep_rpos:      .space  8               # next byte, end of the buffer
grep_lend:      .space  4               # end of the line being matched
grep_obuf:      .space  GREP_OUTSIZE
grep_atoms:     .space  GREP_ATOM * GREP_MAXATOMS
grep_line:      .space  GREP_LINEMAX
grep_buf:       .space  GREP_BUFSIZE
