# modinfo FILE -- what a module says about itself: the key=value strings of
# its .modinfo section (isa/module.py), one per line as Linux's modinfo
# prints them, the key padded to 16 columns, after the file's name:
#
#   filename:       /LIB/MOD/HELLO.KO
#   name:           hello
#   description:    says hello
#   vermagic:       k32-modular 1
#   depends:
#   parm:           who:whom to greet (str)
#   export:         hello_count
#
# A module that drives a device of the hot-plug bus (MODULE_DEVICE) has
# its alias line too, as MODULES.ALI lists it: `alias:  hp:c4:i4B320146`.
#
# A parameter (parm=NAME:TYPE:text) reads "NAME:text (TYPE)".  The file is
# checked as the kernel's loader checks it before anything is read from
# it: the K32O object header (os/include/module.inc), its size, its CRC,
# every offset; anything else is "modinfo: FILE: not a module (why)",
# status 1.

        .include "runtime.s"
        .include "modtool.s"

        .equ    MI_KEYMAX, 60           # bytes of a key printed (longer ones are cut)

        .text
        MT_MAIN mi_s_name, 2, 2, mi_s_usage
        lw      s0, 4(s1)               # the file
        mv      a0, s0
        call    mt_readfile
        bltz    a0, 2f
        call    mi_section
        bnez    a0, 3f
        mv      a3, a1                  # a1: why it is not a module
        li      a2, 0
        j       4f
2:      mv      a2, a0
        li      a3, 0
4:      mv      a1, s0
        la      a0, mi_s_name
        call    mt_fail
        j       9f
3:      mv      s1, a0                  # the .modinfo bytes
        sw      a1, 0(sp)               # and their count
        la      a0, mi_s_field
        la      a1, mi_s_filename
        mv      a2, s0
        call    printf
        mv      a0, s1
        lw      a1, 0(sp)
        call    mi_entries
        li      a0, 0
9:      LEAVE

# mi_section(image, size) -> a0 = address of the bytes of the section named
# .modinfo, a1 = their count; or a0 = 0, a1 = the reason the image is not
# a module.  Checks the header, the size, the CRC, and keeps every offset
# inside the file.
mi_section:
        ENTER   32
        # 0(sp): stored CRC; 4(sp): end of the section data (string table
        # start); 8(sp): string bytes; 12(sp): entry; 16(sp): entries left
        mv      s0, a0
        mv      s1, a1
        la      a1, mi_s_magic
        li      t0, 4
        bltu    s1, t0, 8f
        lw      t0, KO_H_MAGIC(s0)      # (the buffer is malloc's: aligned)
        li      t1, KO_MAGIC_WORD
        bne     t0, t1, 8f
        la      a1, mi_s_short
        li      t0, KO_HEADER_SIZE
        bltu    s1, t0, 8f
        lw      t0, KO_H_FSIZE(s0)
        bltu    s1, t0, 8f
        la      a1, mi_s_header
        bne     s1, t0, 8f
        lhu     t0, KO_H_VERSION(s0)
        li      t1, KO_VERSION
        la      a1, mi_s_version
        bne     t0, t1, 8f
        lhu     t0, KO_H_HSIZE(s0)
        li      t1, KO_HEADER_SIZE
        la      a1, mi_s_header
        bne     t0, t1, 8f
        lw      t0, KO_H_CRC(s0)        # the CRC, with its own field read as 0
        sw      t0, 0(sp)
        sw      zero, KO_H_CRC(s0)
        mv      a0, s0
        mv      a1, s1
        call    mi_crc32
        lw      t0, 0(sp)
        sw      t0, KO_H_CRC(s0)
        la      a1, mi_s_crc
        bne     a0, t0, 8f
        la      a1, mi_s_header
        lw      t0, KO_H_NSTRINGS(s0)
        bgtu    t0, s1, 8f
        sw      t0, 8(sp)
        sub     t0, s1, t0
        sw      t0, 4(sp)
        lhu     t1, KO_H_NSECTIONS(s0)
        sw      t1, 16(sp)
        slli    t2, t1, 4               # KO_SECTION_SIZE bytes each
        addi    t2, t2, KO_HEADER_SIZE
        bgtu    t2, t0, 8f
        addi    t0, s0, KO_HEADER_SIZE
        sw      t0, 12(sp)
1:      lw      t1, 16(sp)              # each section: is it .modinfo?
        la      a1, mi_s_nomodinfo
        beqz    t1, 8f
        addi    t1, t1, -1
        sw      t1, 16(sp)
        lw      t0, 12(sp)
        addi    t1, t0, KO_SECTION_SIZE
        sw      t1, 12(sp)
        lw      a0, KO_SEC_NAME(t0)     # its name must hold the 9 bytes inside the strings
        lw      t1, 8(sp)
        li      t2, 9
        bltu    t1, t2, 1b
        sub     t1, t1, t2
        bgtu    a0, t1, 1b
        lw      t1, 4(sp)
        add     a0, a0, t1
        add     a0, a0, s0
        la      a1, mi_s_secname
        li      a2, 9
        call    memcmp
        bnez    a0, 1b
        lw      t0, 12(sp)              # found: its bytes must be in the section data
        addi    t0, t0, -KO_SECTION_SIZE
        la      a1, mi_s_header
        lhu     t1, KO_SEC_KIND(t0)
        li      t2, KO_KIND_BSS
        beq     t1, t2, 8f
        lw      a0, KO_SEC_OFFSET(t0)
        lw      t1, KO_SEC_SIZE(t0)
        lw      t2, 4(sp)
        bgtu    a0, t2, 8f
        sub     t2, t2, a0
        bgtu    t1, t2, 8f
        add     a0, a0, s0
        mv      a1, t1
        j       9f
8:      li      a0, 0
9:      LEAVE   32

# mi_crc32(buf, n) -> the CRC-32 of the n bytes (zlib's, bit by bit).
mi_crc32:
        li      t0, -1
        li      t2, 0xEDB88320
1:      beqz    a1, 3f
        lbu     t1, 0(a0)
        xor     t0, t0, t1
        li      a2, 8
2:      andi    t1, t0, 1
        srli    t0, t0, 1
        neg     t1, t1
        and     t1, t1, t2
        xor     t0, t0, t1
        addi    a2, a2, -1
        bnez    a2, 2b
        addi    a0, a0, 1
        addi    a1, a1, -1
        j       1b
3:      xori    a0, t0, -1
        ret

# mi_entries(bytes, n): print each NUL-terminated key=value string of the
# n bytes (a copy, with a NUL after the last, in case it has none); empty
# strings (padding) and strings without '=' are passed over.
mi_entries:
        ENTER
        mv      s0, a0
        mv      s1, a1
        addi    a0, a1, 1
        call    malloc
        beqz    a0, 9f
        mv      a1, s0
        mv      a2, s1
        mv      s0, a0
        call    memcpy
        add     s1, s0, s1              # the end
        sb      zero, 0(s1)
1:      bgeu    s0, s1, 9f
        lbu     t0, 0(s0)
        beqz    t0, 2f
        mv      a0, s0
        call    mi_entry
2:      mv      a0, s0
        call    strlen
        add     s0, s0, a0
        addi    s0, s0, 1
        j       1b
9:      LEAVE

# mi_entry(s): print one key=value string (which may be changed).
mi_entry:
        ENTER
        mv      s0, a0
        li      a1, '='
        call    strchr
        beqz    a0, 9f
        mv      s1, a0                  # the '='
        sub     t0, s1, s0              # the key, cut, with a ':'
        li      t1, MI_KEYMAX
        bleu    t0, t1, 1f
        mv      t0, t1
1:      la      a0, mi_key
        add     t1, a0, t0
        li      t2, ':'
        sb      t2, 0(t1)
        sb      zero, 1(t1)
        mv      a1, s0
        mv      a2, t0
        call    memcpy
        addi    s1, s1, 1               # the value
        la      a0, mi_key
        la      a1, mi_s_parm
        call    strcmp
        bnez    a0, 8f
        mv      a0, s1                  # parm=NAME:TYPE:text -> NAME:text (TYPE)
        li      a1, ':'
        call    strchr
        beqz    a0, 8f
        addi    s0, a0, 1               # the type
        mv      a0, s0
        li      a1, ':'
        call    strchr
        beqz    a0, 8f
        sb      zero, 0(a0)
        addi    a3, a0, 1               # the text
        sb      zero, -1(s0)
        mv      a2, s1
        mv      a4, s0
        la      a1, mi_key
        la      a0, mi_s_parmrow
        call    printf
        j       9f
8:      la      a0, mi_s_field
        lbu     t0, 0(s1)
        bnez    t0, 7f
        la      a0, mi_s_bare           # an empty value: no padding after the key
7:      la      a1, mi_key
        mv      a2, s1
        call    printf
9:      LEAVE

        .section .rodata
mi_s_usage:     .asciz  "usage: modinfo FILE\n"
mi_s_name:      .asciz  "modinfo"
mi_s_field:     .asciz  "%-16s%s\n"
mi_s_bare:      .asciz  "%s\n"
mi_s_parmrow:   .asciz  "%-16s%s:%s (%s)\n"
mi_s_filename:  .asciz  "filename:"
mi_s_parm:      .asciz  "parm:"
mi_s_secname:   .asciz  ".modinfo"
mi_s_magic:     .asciz  "not a module (not a K32 object file)"
mi_s_short:     .asciz  "not a module (truncated)"
mi_s_header:    .asciz  "not a module (bad object header or table)"
mi_s_version:   .asciz  "not a module (unknown object format version)"
mi_s_crc:       .asciz  "not a module (bad CRC)"
mi_s_nomodinfo: .asciz  "not a module (no .modinfo section)"

        .bss
mi_key:         .space  MI_KEYMAX + 2
