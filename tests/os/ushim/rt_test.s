# rt_test.s -- TEST ONLY: exercises programs/lib/runtime.s under the shim.
# `rt_test MODE [ARGS]`: each mode prints results that tests/os/test_runtime.py
# compares with what it expects.
#   printf    formats of printf/fprintf/eprintf
#   long      one printf longer than the buffer
#   atoi A..  "A -> value flag" per argument
#   strerror  message for each code in -40..0 and for 2, 99
#   perror    perror("prefix", -ENOENT)
#   string    strlen strcmp strncmp strcpy strcat strchr memcpy memset memcmp
#   malloc    allocation, reuse, coalescing, alignment, failure
#   readline  "[len]line" per readline(0, buf, 8) until it returns < 0
#   putc      putc, puts, fputs

        .include "runtime.s"

        .macro  PRINT fmt, r1=zero, r2=zero, r3=zero
        mv      a1, \r1
        mv      a2, \r2
        mv      a3, \r3
        la      a0, 1001f
        call    printf
        .pushsection .rodata
1001:   .asciz  \fmt
        .popsection
        .endm

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, 2
        blt     a0, t0, usage
        mv      s0, a0
        mv      s1, a1
        lw      a0, 4(s1)
        la      a1, m_printf
        call    strcmp
        beqz    a0, t_printf
        lw      a0, 4(s1)
        la      a1, m_long
        call    strcmp
        beqz    a0, t_long
        lw      a0, 4(s1)
        la      a1, m_atoi
        call    strcmp
        beqz    a0, t_atoi
        lw      a0, 4(s1)
        la      a1, m_strerror
        call    strcmp
        beqz    a0, t_strerror
        lw      a0, 4(s1)
        la      a1, m_perror
        call    strcmp
        beqz    a0, t_perror
        lw      a0, 4(s1)
        la      a1, m_string
        call    strcmp
        beqz    a0, t_string
        lw      a0, 4(s1)
        la      a1, m_malloc
        call    strcmp
        beqz    a0, t_malloc
        lw      a0, 4(s1)
        la      a1, m_readline
        call    strcmp
        beqz    a0, t_readline
        lw      a0, 4(s1)
        la      a1, m_putc
        call    strcmp
        beqz    a0, t_putc
usage:  la      a0, s_usage
        call    eprintf
        li      a0, 2
        j       done
ok:     li      a0, 0
done:   lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

t_printf:
        li      t0, 0
        li      t1, 7
        li      t2, -7
        PRINT   "[%d] [%d] [%d]\n", t0, t1, t2
        li      t0, 0x7fffffff
        li      t1, 0x80000000
        li      t2, -1
        PRINT   "[%d] [%d] [%u]\n", t0, t1, t2
        li      t0, 0xdeadbeef
        li      t1, 255
        li      t2, 0
        PRINT   "[%x] [%08x] [%x]\n", t0, t1, t2
        li      t0, 42
        li      t1, -42
        li      t2, 42
        PRINT   "[%5d] [%-5d] [%05d]\n", t0, t1, t2
        li      t0, -42
        li      t1, 123456
        li      t2, 42
        PRINT   "[%05d] [%3d] [%-05d]\n", t0, t1, t2
        la      t0, s_abc
        li      t1, 0
        la      t2, s_abc
        PRINT   "[%s] [%s] [%-6s]\n", t0, t1, t2
        la      t0, s_abc
        li      t1, 'Z'
        li      t2, 'q'
        PRINT   "[%6s] [%c] [%3c]\n", t0, t1, t2
        li      t0, 5
        li      t1, 6
        PRINT   "100%% [%ld] [%q] [%lu]\n", t0, t1
        # fprintf to fd 1 and 2, eprintf, and the count returned
        li      a0, 1
        la      a1, s_fpf
        li      a2, 11
        li      a3, 22
        call    fprintf
        mv      t0, a0
        PRINT   "fprintf returned %d\n", t0
        li      a0, 2
        la      a1, s_fpf
        li      a2, 33
        li      a3, 44
        call    fprintf
        la      a0, s_epf
        li      a1, 55
        la      a2, s_abc
        call    eprintf
        # all five printf arguments
        la      a0, s_five
        li      a1, 1
        li      a2, 2
        li      a3, 3
        li      a4, 4
        li      a5, 5
        call    printf
        # fprintf with four
        li      a0, 1
        la      a1, s_four
        li      a2, 6
        li      a3, 7
        li      a4, 8
        li      a5, 9
        call    fprintf
        j       ok

t_long:                                 # 1300 'x' then "|end 7\n" in one printf
        li      a0, 1400
        call    malloc
        mv      s0, a0
        li      a1, 'x'
        li      a2, 1300
        call    memset
        sb      zero, 1300(s0)
        la      a0, s_long
        mv      a1, s0
        li      a2, 7
        call    printf
        mv      t0, a0
        PRINT   "returned %d\n", t0
        j       ok

t_atoi:
        li      s0, 2
1:      slli    t0, s0, 2
        add     t0, t0, s1
        lw      a0, 0(t0)
        beqz    a0, ok
        call    atoi
        mv      t1, a0
        mv      t2, a1
        slli    t0, s0, 2
        add     t0, t0, s1
        lw      t0, 0(t0)
        PRINT   "%s -> %d %d\n", t0, t1, t2
        addi    s0, s0, 1
        j       1b

t_strerror:
        li      s0, -40
1:      mv      a0, s0
        call    strerror
        mv      t1, a0
        PRINT   "%d %s\n", s0, t1
        addi    s0, s0, 1
        blez    s0, 1b
        li      a0, 2
        call    strerror
        mv      t1, a0
        PRINT   "2 %s\n", t1
        li      a0, -99
        call    strerror
        mv      t1, a0
        PRINT   "-99 %s\n", t1
        j       ok

t_perror:
        la      a0, s_prefix
        li      a1, -ENOENT
        call    perror
        j       ok

t_string:
        la      a0, s_abc
        call    strlen
        mv      s0, a0
        la      a0, s_empty
        call    strlen
        mv      t1, a0
        PRINT   "strlen %d %d\n", s0, t1
        la      a0, s_abc
        la      a1, s_abd
        call    strcmp
        sltz    s0, a0
        la      a0, s_abd
        la      a1, s_abc
        call    strcmp
        sgtz    s1, a0
        la      a0, s_abc
        la      a1, s_abc2
        call    strcmp
        seqz    t2, a0
        PRINT   "strcmp %d %d %d\n", s0, s1, t2
        la      a0, s_abc
        la      a1, s_ab
        call    strcmp
        sgtz    s0, a0
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 2
        call    strncmp
        seqz    s1, a0
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 3
        call    strncmp
        sltz    t2, a0
        PRINT   "strcmp2 %d strncmp %d %d\n", s0, s1, t2
        la      a0, buf
        la      a1, s_abc
        call    strcpy
        la      t0, buf
        sub     s0, a0, t0              # returns dst
        la      a0, buf
        la      a1, s_abd
        call    strcat
        la      t0, buf
        sub     s1, a0, t0
        la      t0, buf
        PRINT   "strcpy/strcat %d %d [%s]\n", s0, s1, t0
        la      a0, s_abc
        li      a1, 'c'
        call    strchr
        la      t0, s_abc
        sub     s0, a0, t0
        la      a0, s_abc
        li      a1, 'z'
        call    strchr
        mv      s1, a0
        la      a0, s_abc
        li      a1, 0
        call    strchr
        la      t0, s_abc
        sub     t2, a0, t0
        PRINT   "strchr %d %d %d\n", s0, s1, t2
        # memcpy: aligned and unaligned, with odd lengths
        la      a0, buf
        li      a1, '.'
        li      a2, 40
        call    memset
        la      a0, buf
        sb      zero, 40(a0)
        la      a0, buf + 1
        la      a1, s_digits
        li      a2, 7
        call    memcpy
        la      t0, buf
        sub     s0, a0, t0
        la      a0, buf + 12
        la      a1, s_digits
        li      a2, 21
        call    memcpy
        la      t0, buf
        PRINT   "memcpy %d [%s]\n", s0, t0
        la      a0, buf + 3
        li      a1, '#'
        li      a2, 30
        call    memset
        la      t0, buf
        PRINT   "memset [%s]\n", t0
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 2
        call    memcmp
        mv      s0, a0
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 3
        call    memcmp
        sltz    s1, a0
        la      a0, s_hi                # 0xFF > 'a' (unsigned)
        la      a1, s_abc
        li      a2, 1
        call    memcmp
        sgtz    t2, a0
        PRINT   "memcmp %d %d %d\n", s0, s1, t2
        j       ok

t_malloc:
        li      a0, 0
        call    sbrk
        mv      s0, a0                  # break before
        li      a0, 100
        call    malloc
        sw      a0, 0(sp)
        mv      s1, a0
        li      a0, 100
        call    malloc
        andi    t0, a0, 7
        andi    t1, s1, 7
        or      t0, t0, t1
        snez    t1, a0
        sub     t2, a0, s1
        mv      s1, a0
        PRINT   "two: nonzero %d misaligned %d distinct %d\n", t1, t0, t2
        # fill them, then check the first is intact
        mv      a0, s1
        li      a1, 0x55
        li      a2, 100
        call    memset
        lw      a0, 0(sp)
        li      a1, 0xAA
        li      a2, 100
        call    memset
        lbu     t0, 99(s1)
        lw      a0, 0(sp)
        lbu     t1, 0(a0)
        PRINT   "contents %x %x\n", t0, t1
        # free the first, malloc the same size: same block again
        lw      a0, 0(sp)
        call    free
        li      a0, 100
        call    malloc
        lw      t0, 0(sp)
        sub     t0, a0, t0
        seqz    t0, t0
        PRINT   "reuse %d\n", t0
        # free both: they coalesce with the rest of the chunk, so a
        # 16000-byte block fits without moving the break
        lw      a0, 0(sp)
        call    free
        mv      a0, s1
        call    free
        li      a0, 16000
        call    malloc
        mv      s1, a0
        li      a0, 0
        call    sbrk
        sub     t0, a0, s0
        snez    t1, s1
        PRINT   "coalesced %d grown %d\n", t1, t0
        mv      a0, s1
        call    free
        li      a0, 0
        call    free                    # free(0) does nothing
        # many small blocks, freed in an odd order, then one big block
        li      s1, 0
1:      li      a0, 24
        call    malloc
        slli    t0, s1, 2
        la      t1, buf
        add     t1, t1, t0
        sw      a0, 0(t1)
        addi    s1, s1, 1
        li      t0, 32
        blt     s1, t0, 1b
        li      s1, 0                   # evens first, then odds
2:      slli    t0, s1, 2
        la      t1, buf
        add     t1, t1, t0
        lw      a0, 0(t1)
        call    free
        addi    s1, s1, 2
        li      t0, 32
        blt     s1, t0, 2b
        li      s1, 1
3:      slli    t0, s1, 2
        la      t1, buf
        add     t1, t1, t0
        lw      a0, 0(t1)
        call    free
        addi    s1, s1, 2
        li      t0, 32
        blt     s1, t0, 3b
        li      a0, 16000
        call    malloc
        snez    s1, a0
        call    free
        li      a0, 0
        call    sbrk
        sub     t0, a0, s0
        PRINT   "fragments %d grown %d\n", s1, t0
        # bigger than the chunk: the heap grows
        li      a0, 40000
        call    malloc
        snez    s1, a0
        li      a1, 1
        li      a2, 40000
        call    memset
        li      a0, 0
        call    sbrk
        sub     t0, a0, s0
        sltu    t0, zero, t0
        PRINT   "big %d grown %d\n", s1, t0
        # more than the shim's heap: 0
        li      a0, 0x200000
        call    malloc
        mv      s1, a0
        li      a0, -1
        call    malloc
        mv      t1, a0
        PRINT   "too big %d %d\n", s1, t1
        li      a0, 0
        call    malloc
        snez    t0, a0
        PRINT   "zero %d\n", t0
        j       ok

t_readline:
1:      li      a0, 0
        la      a1, buf
        li      a2, 8
        call    readline
        mv      s0, a0
        bltz    s0, 2f
        la      t0, buf
        PRINT   "[%d]%s\n", s0, t0
        j       1b
2:      PRINT   "end %d\n", s0
        j       ok

t_putc:
        li      a0, 'A'
        call    putc
        mv      s0, a0
        la      a0, s_abc
        call    puts
        mv      s1, a0
        li      a0, 2
        la      a1, s_abd
        call    fputs
        mv      t2, a0
        PRINT   "\n%d %d %d\n", s0, s1, t2
        j       ok

        .section .rodata
m_printf:       .asciz  "printf"
m_long:         .asciz  "long"
m_atoi:         .asciz  "atoi"
m_strerror:     .asciz  "strerror"
m_perror:       .asciz  "perror"
m_string:       .asciz  "string"
m_malloc:       .asciz  "malloc"
m_readline:     .asciz  "readline"
m_putc:         .asciz  "putc"
s_usage:        .asciz  "usage: rt_test MODE\n"
s_abc:          .asciz  "abc"
s_abc2:         .asciz  "abc"
s_abd:          .asciz  "abd"
s_ab:           .asciz  "ab"
s_hi:           .byte   0xFF, 0
s_empty:        .asciz  ""
s_digits:       .asciz  "0123456789abcdefghijklmnop"
s_fpf:          .asciz  "fd %d %d\n"
s_epf:          .asciz  "err %d %s\n"
s_five:         .asciz  "%d %d %d %d %d\n"
s_four:         .asciz  "%d %d %d %d\n"
s_long:         .asciz  "%s|end %d\n"
s_prefix:       .asciz  "prefix"

        .bss
        .balign 4
buf:    .space  256
