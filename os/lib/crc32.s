# crc32.s -- CRC-32 as zlib computes it (reflected polynomial 0xEDB88320),
# table-driven; exec checks every executable's CRC with it.


        .equ CRC32_POLY, 0xEDB88320

        .text

# crc32_init(): build the 256-entry table (once, at boot).
crc32_init:
        la      a0, crc32_table
        li      a1, 0                   # byte value
        li      a2, CRC32_POLY
1:      mv      t0, a1
        li      t1, 8
2:      andi    t2, t0, 1
        srli    t0, t0, 1
        beqz    t2, 3f
        xor     t0, t0, a2
3:      addi    t1, t1, -1
        bnez    t1, 2b
        sw      t0, 0(a0)
        addi    a0, a0, 4
        addi    a1, a1, 1
        li      t1, 256
        bltu    a1, t1, 1b
        ret

# crc32_update(a0 = CRC so far (0 to start), a1 = buffer, a2 = n) -> the
# CRC of everything so far and these n bytes: zlib's crc32(crc, buf, n).
# Bytes one at a time up to a word boundary, then a word per round.
        EXPORT  crc32_update
crc32_update:
        not     a0, a0
        add     a2, a2, a1              # end
        la      a3, crc32_table
        andi    a4, a2, -4              # end of the whole words
1:      andi    t0, a1, 3               # head (and tail): a byte at a time
        beqz    t0, 3f
2:      bgeu    a1, a2, 5f
        lbu     t0, 0(a1)
        xor     t0, t0, a0
        andi    t0, t0, 0xFF
        slli    t0, t0, 2
        add     t0, t0, a3
        lw      t0, 0(t0)
        srli    a0, a0, 8
        xor     a0, a0, t0
        addi    a1, a1, 1
        j       1b
3:      bgeu    a1, a4, 2b              # no whole word left: the tail
4:      lw      t0, 0(a1)               # four bytes, low byte first
        xor     a0, a0, t0
        .rept   4
        slli    t0, a0, 2
        andi    t0, t0, 0x3FC
        add     t0, t0, a3
        lw      t0, 0(t0)
        srli    a0, a0, 8
        xor     a0, a0, t0
        .endr
        addi    a1, a1, 4
        bltu    a1, a4, 4b
        j       2b
5:      not     a0, a0
        ret

        .bss
        .balign 4
crc32_table:    .space  256 * 4
