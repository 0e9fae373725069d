# kstring.s: memory and string helpers shared by the whole kernel.
#
# Plain leaf functions with the C library's meanings and the RISC-V calling
# convention (docs/os.md): arguments a0..a2, result a0, t0-t2 a0-a5
# clobbered, nothing else touched.  No privileged instruction, no global
# state: the same code runs in either kernel and in a user-mode server.


        .text

# memcpy(dst a0, src a1, n a2) -> dst
# Copies n bytes; the areas must not overlap.  Word moves, 32 bytes per
# loop, when dst and src are equally aligned (after a byte head); when only
# dst can be aligned, each word is merged from two aligned source words.
        EXPORT  memcpy
memcpy:
        mv      a3, a0                  # a3: dst cursor, a1: src cursor, a2: bytes left
        li      t0, 8
        bltu    a2, t0, 7f              # short: bytes only
1:      andi    t0, a3, 3               # head: bytes until dst is word aligned
        beqz    t0, 2f
        lbu     t1, 0(a1)
        sb      t1, 0(a3)
        addi    a1, a1, 1
        addi    a3, a3, 1
        addi    a2, a2, -1
        j       1b
2:      andi    t0, a1, 3
        bnez    t0, 5f                  # src not aligned with dst: merge
        andi    a5, a2, -32
        add     a5, a1, a5              # a5: src end of the 32-byte blocks
        andi    a2, a2, 31
        beq     a1, a5, 4f
3:      lw      t0, 0(a1)
        lw      t1, 4(a1)
        lw      t2, 8(a1)
        lw      a4, 12(a1)
        sw      t0, 0(a3)
        sw      t1, 4(a3)
        sw      t2, 8(a3)
        sw      a4, 12(a3)
        lw      t0, 16(a1)
        lw      t1, 20(a1)
        lw      t2, 24(a1)
        lw      a4, 28(a1)
        sw      t0, 16(a3)
        sw      t1, 20(a3)
        sw      t2, 24(a3)
        sw      a4, 28(a3)
        addi    a1, a1, 32
        addi    a3, a3, 32
        bne     a1, a5, 3b
4:      li      t0, 4                   # whole words left
        bltu    a2, t0, 7f
        lw      t1, 0(a1)
        sw      t1, 0(a3)
        addi    a1, a1, 4
        addi    a3, a3, 4
        addi    a2, a2, -4
        j       4b
        # dst aligned, src k = 1..3 bytes past a word: each dst word is
        # (w0 >> 8k) | (w1 << (32 - 8k)) of two aligned source words.  Every
        # aligned word loaded holds a byte that is copied.
5:      addi    sp, sp, -16
        sw      a0, 0(sp)
        slli    t0, t0, 3               # t0: 8k
        li      t1, 32
        sub     t1, t1, t0              # t1: 32 - 8k
        andi    a4, a1, -4              # a4: aligned src cursor
        andi    a0, a2, -8
        add     a0, a3, a0              # a0: dst end of the 8-byte blocks
        andi    a2, a2, 7
        lw      t2, 0(a4)               # t2: w0
        beq     a3, a0, 6f
55:     lw      a5, 4(a4)
        srl     t2, t2, t0
        sll     a1, a5, t1
        or      t2, t2, a1
        sw      t2, 0(a3)
        lw      t2, 8(a4)
        srl     a5, a5, t0
        sll     a1, t2, t1
        or      a5, a5, a1
        sw      a5, 4(a3)
        addi    a4, a4, 8
        addi    a3, a3, 8
        bne     a3, a0, 55b
6:      srli    t0, t0, 3
        add     a1, a4, t0              # back to a byte src cursor
        lw      a0, 0(sp)
        addi    sp, sp, 16
7:      beqz    a2, 9f                  # tail bytes
8:      lbu     t1, 0(a1)
        sb      t1, 0(a3)
        addi    a1, a1, 1
        addi    a3, a3, 1
        addi    a2, a2, -1
        bnez    a2, 8b
9:      ret

# memset(dst a0, c a1, n a2) -> dst
# Fills n bytes with the low byte of c; word stores, 32 bytes per loop,
# after a byte head that aligns dst.
        EXPORT  memset
memset:
        mv      a3, a0
        andi    a1, a1, 255
        li      t0, 8
        bltu    a2, t0, 7f
1:      andi    t0, a3, 3
        beqz    t0, 2f
        sb      a1, 0(a3)
        addi    a3, a3, 1
        addi    a2, a2, -1
        j       1b
2:      slli    t0, a1, 8               # the byte in all four lanes
        or      a1, a1, t0
        slli    t0, a1, 16
        or      a1, a1, t0
        andi    a4, a2, -32
        add     a4, a3, a4              # a4: end of the 32-byte blocks
        andi    a2, a2, 31
        beq     a3, a4, 4f
3:      sw      a1, 0(a3)
        sw      a1, 4(a3)
        sw      a1, 8(a3)
        sw      a1, 12(a3)
        sw      a1, 16(a3)
        sw      a1, 20(a3)
        sw      a1, 24(a3)
        sw      a1, 28(a3)
        addi    a3, a3, 32
        bne     a3, a4, 3b
4:      li      t0, 4
        bltu    a2, t0, 7f
        sw      a1, 0(a3)
        addi    a3, a3, 4
        addi    a2, a2, -4
        j       4b
7:      beqz    a2, 9f
8:      sb      a1, 0(a3)
        addi    a3, a3, 1
        addi    a2, a2, -1
        bnez    a2, 8b
9:      ret

# memcmp(a a0, b a1, n a2) -> <0, 0, >0
# Compares n bytes as unsigned chars: the difference of the first pair that
# differs, 0 if all are equal.
        EXPORT  memcmp
memcmp:
        beqz    a2, 8f
1:      lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        bne     t0, t1, 9f
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        bnez    a2, 1b
8:      li      a0, 0
        ret
9:      sub     a0, t0, t1
        ret

# strlen(s a0) -> number of bytes before the NUL
        EXPORT  strlen
strlen:
        mv      t0, a0
1:      lbu     t1, 0(t0)
        addi    t0, t0, 1
        bnez    t1, 1b
        sub     a0, t0, a0
        addi    a0, a0, -1
        ret

# strcmp(a a0, b a1) -> <0, 0, >0
# Compares NUL-terminated strings as unsigned chars.
        EXPORT  strcmp
strcmp:
1:      lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        bne     t0, t1, 9f
        beqz    t0, 9f
        addi    a0, a0, 1
        addi    a1, a1, 1
        j       1b
9:      sub     a0, t0, t1
        ret

# strncmp(a a0, b a1, n a2) -> <0, 0, >0
# strcmp over at most n bytes.
        EXPORT  strncmp
strncmp:
        beqz    a2, 8f
1:      lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        bne     t0, t1, 9f
        beqz    t0, 8f
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        bnez    a2, 1b
8:      li      a0, 0
        ret
9:      sub     a0, t0, t1
        ret

# strcpy(dst a0, src a1) -> dst
# Copies src with its NUL.
strcpy:
        mv      t0, a0
1:      lbu     t1, 0(a1)
        sb      t1, 0(t0)
        addi    a1, a1, 1
        addi    t0, t0, 1
        bnez    t1, 1b
        ret
