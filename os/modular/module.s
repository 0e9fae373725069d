# module.s -- the module loader: load, unload and list kernel modules.
#
# A module is a relocatable object (isa/obj.py) with a .modinfo section
# (isa/module.py).  mod_load works in stages, after Linux's load_module;
# each can refuse, with a reason in mod_why, and undoes what came before:
#
#   1. check the object: magic, version, sizes and offsets, CRC, names;
#   2. read .modinfo: a name not loaded yet (-EEXIST), the kernel build it
#      was made for (vermagic), the modules it depends on, loaded (-ENOENT);
#   3. lay the loaded sections out in one run of the module area
#      (-ENOMEM), with its section-base table and export table after them;
#   4. resolve every symbol: its own, then for an undefined one
#      __this_module, the kernel's exports (ksymtab), then the exports of
#      the modules it depends on (-ENOENT: "unknown symbol NAME");
#   5. apply every relocation with the linker's rules and range checks
#      (-ENOEXEC: "relocation out of range at .text+0x1c4");
#   6. set the parameters given (-EINVAL);
#   7. tell a debugger (DEBUG_MODULE), run init; if it fails, free it all.
#
# Nothing sleeps in here, so one load or unload runs at a time and the
# loader's working state is static (ld_*).


        .equ NMODULES, 32               # module records
        .equ LD_NAME_MAX, 64            # longest name in a reason

        .text

# --- reasons -----------------------------------------------------------------

# why_set(a0 = text, a1 = string appended or 0): mod_why = text + string.
why_set:
        sb      zero, mod_why, t0
        # fall through
# why_add(a0 = text, a1 = string appended or 0): both appended to mod_why.
why_add:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        call    why_cat
        lw      a0, 8(sp)
        beqz    a0, 1f
        call    why_cat
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# why_cat(a0 = string): appended to mod_why, cut to fit.
why_cat:
        la      t0, mod_why
        la      t2, mod_why + MODERR_SIZE - 1
1:      lbu     t1, 0(t0)               # the end
        beqz    t1, 2f
        addi    t0, t0, 1
        j       1b
2:      bgeu    t0, t2, 3f
        lbu     t1, 0(a0)
        beqz    t1, 3f
        sb      t1, 0(t0)
        addi    t0, t0, 1
        addi    a0, a0, 1
        j       2b
3:      sb      zero, 0(t0)
        ret

# why_hex(a0 = value): "0x..." (no leading zeros) appended to mod_why.
why_hex:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        li      t0, '0'
        sb      t0, 0(sp)
        li      t0, 'x'
        sb      t0, 1(sp)
        li      a1, 28                  # shift of the first digit printed
1:      beqz    a1, 2f
        srl     t0, a0, a1
        bnez    t0, 2f
        addi    a1, a1, -4
        j       1b
2:      addi    a2, sp, 2
        la      t2, kprint_digits
3:      srl     t0, a0, a1
        andi    t0, t0, 15
        add     t0, t0, t2
        lbu     t0, 0(t0)
        sb      t0, 0(a2)
        addi    a2, a2, 1
        addi    a1, a1, -4
        bgez    a1, 3b
        sb      zero, 0(a2)
        mv      a0, sp
        call    why_cat
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# why_dec(a0 = value): unsigned decimal appended to mod_why.
why_dec:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        addi    a1, sp, 15
        sb      zero, 0(a1)
        li      t1, 10
1:      remu    t0, a0, t1
        addi    t0, t0, '0'
        addi    a1, a1, -1
        sb      t0, 0(a1)
        divu    a0, a0, t1
        bnez    a0, 1b
        mv      a0, a1
        call    why_cat
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# --- module records ---------------------------------------------------------------

# mod_find(a0 = name) -> the live (or loading) module of that name, or 0.
mod_find:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s1, a0
        lw      s0, mod_list
1:      beqz    s0, 9f
        addi    a0, s0, MOD_NAME
        mv      a1, s1
        call    strcmp
        beqz    a0, 9f
        lw      s0, MOD_NEXT(s0)
        j       1b
9:      mv      a0, s0
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# mod_of_pc(a0 = address) -> the module whose memory holds it (a live one,
# or the one whose init is running), or 0.
mod_of_pc:
        lw      t0, ld_mod
        beqz    t0, 3f
        lw      t1, MOD_STATE(t0)
        li      t2, MODSTATE_LOADING
        bne     t1, t2, 3f
        lw      t1, MOD_BASE(t0)
        bltu    a0, t1, 3f
        lw      t2, MOD_SIZE(t0)
        add     t1, t1, t2
        bltu    a0, t1, 9f
3:      lw      t0, mod_list
1:      beqz    t0, 9f
        lw      t1, MOD_BASE(t0)
        bltu    a0, t1, 2f
        lw      t2, MOD_SIZE(t0)
        add     t1, t1, t2
        bltu    a0, t1, 9f
2:      lw      t0, MOD_NEXT(t0)
        j       1b
9:      mv      a0, t0
        ret

# mod_put_where(a0 = pc): for a pc in a module, the line
# "pc 0x0012a3c4 = fat16+0x1c4" (the panic report's); else nothing.
mod_put_where:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a0, 4(sp)
        call    mod_of_pc
        beqz    a0, 9f
        mv      s0, a0
        la      a0, mod_msg_pc
        call    kputs
        lw      a0, 4(sp)
        call    kputhex
        la      a0, mod_msg_eq
        call    kputs
        addi    a0, s0, MOD_NAME
        call    kputs
        li      a0, '+'
        call    kputc
        lw      a0, 4(sp)
        lw      t0, MOD_BASE(s0)
        sub     a0, a0, t0
        call    kputhexs
        li      a0, '\n'
        call    kputc
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# mod_get(a0 = module or 0), mod_put(a0 = module or 0): one reference more
# or less (an open device, a mount).
mod_get:
        beqz    a0, 1f
        lw      t0, MOD_REFS(a0)
        addi    t0, t0, 1
        sw      t0, MOD_REFS(a0)
1:      ret
        EXPORT  mod_get

mod_put:
        beqz    a0, 1f
        lw      t0, MOD_REFS(a0)
        addi    t0, t0, -1
        sw      t0, MOD_REFS(a0)
1:      ret
        EXPORT  mod_put

# mod_notify(a0 = module): tell a debugger (isa/module.py).
mod_notify:
        out     a0, DEBUG_MODULE
        ret

# --- stage 1: the object --------------------------------------------------------

# ld_check() -> 0, or -ENOEXEC with the reason: the image at ld_img,
# ld_size bytes, is a well-formed object; ld_* describe its tables.
ld_check:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        lw      s0, ld_img
        lw      s1, ld_size
        la      a0, mod_msg_format
        li      t0, KO_HEADER_SIZE
        bltu    s1, t0, 8f
        lw      t0, KO_H_MAGIC(s0)
        li      t1, KO_MAGIC_WORD
        bne     t0, t1, 8f
        lhu     t0, KO_H_VERSION(s0)
        li      t1, KO_VERSION
        la      a0, mod_msg_version
        bne     t0, t1, 8f
        la      a0, mod_msg_format
        lhu     t0, KO_H_HSIZE(s0)
        li      t1, KO_HEADER_SIZE
        bne     t0, t1, 8f
        lw      t0, KO_H_FSIZE(s0)
        la      a0, mod_msg_truncated
        bne     t0, s1, 8f
        # the tables: counts bounded first, so that no sum overflows
        la      a0, mod_msg_format
        lhu     t0, KO_H_NSECTIONS(s0)
        li      t1, KO_MAX_SECTIONS
        bgtu    t0, t1, 8f
        sw      t0, ld_nsec, t2
        li      t2, 1 << 24
        lw      t0, KO_H_NSYMBOLS(s0)
        bgeu    t0, t2, 8f
        sw      t0, ld_nsym, t1
        lw      t0, KO_H_NRELOCS(s0)
        bgeu    t0, t2, 8f
        sw      t0, ld_nrel, t1
        lw      t0, KO_H_NFILES(s0)
        bgeu    t0, t2, 8f
        lw      t1, KO_H_NLINES(s0)
        bgeu    t1, t2, 8f
        slli    t0, t0, 2               # files, then lines
        slli    t1, t1, 4
        add     t0, t0, t1
        lw      t1, ld_nrel
        li      t2, KO_RELOC_SIZE
        mul     t1, t1, t2
        add     t0, t0, t1
        lw      t1, ld_nsym
        li      t2, KO_SYMBOL_SIZE
        mul     t1, t1, t2
        add     t0, t0, t1
        lw      t1, ld_nsec
        slli    t1, t1, 4               # KO_SECTION_SIZE
        add     t0, t0, t1
        addi    t0, t0, KO_HEADER_SIZE  # the end of the tables
        bgtu    t0, s1, 8f
        addi    t1, s0, KO_HEADER_SIZE
        sw      t1, ld_secs, t2
        lw      t2, ld_nsec
        slli    t2, t2, 4
        add     t1, t1, t2
        sw      t1, ld_syms, t2
        lw      t2, ld_nsym
        li      a1, KO_SYMBOL_SIZE
        mul     t2, t2, a1
        add     t1, t1, t2
        sw      t1, ld_rels, t2
        lw      t1, KO_H_NSTRINGS(s0)   # the strings end the file
        sub     t2, s1, t0
        bgtu    t1, t2, 8f
        sw      t1, ld_nstr, t2
        sub     t2, s1, t1
        add     t2, t2, s0
        sw      t2, ld_strs, t0
        beqz    t1, 1f
        add     t2, t2, t1
        lbu     t2, -1(t2)              # the last string ends in the table
        bnez    t2, 8f
1:      # CRC-32 of the whole file with its CRC field read as 0
        lw      t0, KO_H_CRC(s0)
        sw      t0, 0(sp)
        sw      zero, KO_H_CRC(s0)
        li      a0, 0
        mv      a1, s0
        mv      a2, s1
        call    crc32_update
        lw      t0, 0(sp)
        sw      t0, KO_H_CRC(s0)
        mv      t1, a0
        la      a0, mod_msg_crc
        bne     t0, t1, 8f
        # sections: names, kinds, alignments, bytes inside the file
        lw      s1, ld_secs
        lw      t0, ld_nsec
        slli    t0, t0, 4
        add     t0, t0, s1
        sw      t0, 0(sp)               # end of the section table
2:      lw      t0, 0(sp)
        bgeu    s1, t0, 7f
        la      a0, mod_msg_format
        lw      t0, KO_SEC_NAME(s1)
        lw      t1, ld_nstr
        bgeu    t0, t1, 8f
        lhu     t0, KO_SEC_KIND(s1)
        li      t1, KO_KIND_NONE
        bgtu    t0, t1, 8f
        lhu     t1, KO_SEC_ALIGN(s1)
        li      t2, KO_MAX_ALIGN_LOG2
        bgtu    t1, t2, 8f
        li      t1, KO_KIND_BSS
        beq     t0, t1, 3f
        lw      t0, KO_SEC_OFFSET(s1)   # offset + size within the file
        lw      t1, ld_size
        bgtu    t0, t1, 8f
        sub     t1, t1, t0
        lw      t2, KO_SEC_SIZE(s1)
        bgtu    t2, t1, 8f
3:      lw      t0, KO_SEC_SIZE(s1)     # and no bigger than the area
        li      t1, MODAREA_PAGES * PAGE_SIZE
        la      a0, mod_msg_nomem
        bgtu    t0, t1, 6f
        addi    s1, s1, KO_SECTION_SIZE
        j       2b
6:      li      a1, 0
        call    why_set
        li      a0, -ENOMEM
        j       9f
7:      li      a0, 0
        j       9f
8:      li      a1, 0
        call    why_set
        li      a0, -ENOEXEC
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ld_str(a0 = string offset) -> its address, or 0 if outside the table.
ld_str:
        lw      t0, ld_nstr
        bgeu    a0, t0, 1f
        lw      t0, ld_strs
        add     a0, a0, t0
        ret
1:      li      a0, 0
        ret

# ld_section(a0 = index) -> the address of its section entry, or 0.
ld_section:
        lw      t0, ld_nsec
        bgeu    a0, t0, 1f
        slli    a0, a0, 4
        lw      t0, ld_secs
        add     a0, a0, t0
        ret
1:      li      a0, 0
        ret

# --- stage 2: .modinfo ------------------------------------------------------------

# ld_modinfo() -> 0, or -ENOEXEC: ld_info/ld_infoend bound the .modinfo
# section's strings.
ld_modinfo:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0
1:      lw      t0, ld_nsec
        la      a0, mod_msg_nomodinfo
        bgeu    s0, t0, 8f
        mv      a0, s0
        call    ld_section
        mv      s1, a0
        lw      a0, KO_SEC_NAME(s1)
        call    ld_str
        la      a1, mod_str_modinfo
        call    strcmp
        beqz    a0, 2f
        addi    s0, s0, 1
        j       1b
2:      la      a0, mod_msg_nomodinfo
        lhu     t0, KO_SEC_KIND(s1)
        li      t1, KO_KIND_NONE
        bne     t0, t1, 8f
        lw      t0, KO_SEC_SIZE(s1)
        beqz    t0, 8f
        lw      t1, KO_SEC_OFFSET(s1)
        lw      t2, ld_img
        add     t1, t1, t2
        sw      t1, ld_info, t2
        add     t1, t1, t0
        sw      t1, ld_infoend, t2
        lbu     t1, -1(t1)              # the last entry ends inside it
        la      a0, mod_msg_format
        bnez    t1, 8f
        li      a0, 0
        j       9f
8:      li      a1, 0
        call    why_set
        li      a0, -ENOEXEC
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# info_find(a0 = key with its '=', a1 = entry to start at or 0) -> the
# value of the first such entry from there, or 0; a2 = the entry after it.
info_find:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        mv      s0, a1
        bnez    s0, 1f
        lw      s0, ld_info
1:      lw      t0, ld_infoend
        bgeu    s0, t0, 8f
        lw      a0, 0(sp)
        call    strlen
        mv      s1, a0
        mv      a2, a0
        lw      a0, 0(sp)
        mv      a1, s0
        call    strncmp
        beqz    a0, 3f
        mv      a0, s0                  # the next entry
        call    strlen
        add     s0, s0, a0
        addi    s0, s0, 1
        j       1b
3:      mv      a0, s0
        call    strlen
        add     a2, s0, a0
        addi    a2, a2, 1
        add     a0, s0, s1
        j       9f
8:      li      a0, 0
        mv      a2, s0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ld_sym_named(a0 = name) -> the index of the object's defined symbol of
# that name (in a loaded section, or absolute), or -1.
ld_sym_named:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        li      s0, 0
1:      lw      t0, ld_nsym
        bgeu    s0, t0, 8f
        li      t0, KO_SYMBOL_SIZE
        mul     s1, s0, t0
        lw      t0, ld_syms
        add     s1, s1, t0
        lhu     t0, KO_SYM_SECTION(s1)
        li      t1, KO_SEC_ABS
        beq     t0, t1, 2f
        lw      t1, ld_nsec
        bgeu    t0, t1, 3f
2:      lw      a0, KO_SYM_NAME(s1)
        call    ld_str
        beqz    a0, 3f
        lw      a1, 0(sp)
        call    strcmp
        beqz    a0, 4f
3:      addi    s0, s0, 1
        j       1b
4:      mv      a0, s0
        j       9f
8:      li      a0, -1
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ld_value_named(a0 = name) -> a1 = 0 and a0 = the resolved value of the
# module's symbol of that name; a1 = -1 if it has none.
ld_value_named:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    ld_sym_named
        li      a1, -1
        bltz    a0, 1f
        slli    a0, a0, 2
        lw      t0, ld_vals
        add     a0, a0, t0
        lw      a0, 0(a0)
        li      a1, 0
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ld_names() -> 0, or -errno: the module's name (checked, not loaded yet,
# copied into the record), its vermagic, and its dependencies (loaded:
# recorded in MOD_DEPS).
ld_names:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        la      a0, mod_key_name
        li      a1, 0
        call    info_find
        mv      s0, a0
        la      a0, mod_msg_noname
        beqz    s0, 7f
        mv      a0, s0
        call    strlen
        mv      t0, a0
        la      a0, mod_msg_noname
        beqz    t0, 7f
        li      t1, MODNAME_MAX
        la      a0, mod_msg_longname
        bgtu    t0, t1, 7f
        lw      a0, ld_mod
        addi    a0, a0, MOD_NAME
        mv      a1, s0
        addi    a2, t0, 1
        call    memcpy
        mv      a0, s0
        call    mod_find
        beqz    a0, 1f
        la      a0, mod_msg_exists
        li      a1, 0
        call    why_set
        li      a0, -EEXIST
        j       9f
1:      la      a0, mod_key_vermagic    # the build it was made for
        li      a1, 0
        call    info_find
        mv      s0, a0
        la      a0, mod_msg_novermagic
        beqz    s0, 7f
        la      a0, mod_vermagic + 9    # past "vermagic="
        mv      a1, s0
        call    strcmp
        beqz    a0, 2f
        la      a0, mod_msg_vermagic
        mv      a1, s0
        call    why_set
        la      a0, mod_msg_vermagic2
        la      a1, mod_vermagic + 9
        call    why_add
        la      a0, mod_msg_quote
        call    why_cat
        li      a0, -ENOEXEC
        j       9f
2:      la      a0, mod_key_depends     # dependencies: "a,b"
        li      a1, 0
        call    info_find
        beqz    a0, 6f
        mv      s0, a0
3:      lbu     t0, 0(s0)
        beqz    t0, 6f
        mv      t1, sp                  # one name into 0(sp), at most 15 bytes
        li      t2, 0
4:      lbu     t0, 0(s0)
        beqz    t0, 5f
        addi    s0, s0, 1
        li      a0, ','
        beq     t0, a0, 5f
        li      a0, MODNAME_MAX
        bgeu    t2, a0, 4b
        add     a0, sp, t2
        sb      t0, 0(a0)
        addi    t2, t2, 1
        j       4b
5:      add     a0, sp, t2
        sb      zero, 0(a0)
        beqz    t2, 3b                  # an empty name: ",," or a trailing ','
        mv      a0, sp
        call    mod_find
        beqz    a0, 8f
        lw      t0, ld_mod
        lw      t1, MOD_NDEPS(t0)
        li      t2, MOD_MAXDEPS
        bgeu    t1, t2, 7f
        slli    t2, t1, 2
        add     t2, t2, t0
        sw      a0, MOD_DEPS(t2)
        addi    t1, t1, 1
        sw      t1, MOD_NDEPS(t0)
        j       3b
6:      li      a0, 0
        j       9f
7:      li      a1, 0
        call    why_set
        li      a0, -ENOEXEC
        j       9f
8:      la      a0, mod_msg_needs
        mv      a1, sp
        call    why_set
        la      a0, mod_msg_notloaded
        li      a1, 0
        call    why_add
        li      a0, -ENOENT
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# --- stage 3: layout ------------------------------------------------------------

# ld_layout() -> 0, or -ENOMEM: the loaded sections in one run of the
# module area, their bytes copied; MOD_BASE, MOD_SIZE, MOD_SECBASE set;
# the export table's place reserved after the section bases.
ld_layout:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        # pass 1: sizes.  s1 = bytes so far
        li      s0, 0
        li      s1, 0
1:      lw      t0, ld_nsec
        bgeu    s0, t0, 3f
        mv      a0, s0
        call    ld_section
        lhu     t0, KO_SEC_KIND(a0)
        li      t1, KO_KIND_NONE
        beq     t0, t1, 2f
        lhu     t0, KO_SEC_ALIGN(a0)
        li      t1, 1
        sll     t1, t1, t0
        addi    t1, t1, -1
        add     s1, s1, t1
        not     t1, t1
        and     s1, s1, t1
        lw      t0, KO_SEC_SIZE(a0)
        add     s1, s1, t0
        li      t0, MODAREA_PAGES * PAGE_SIZE
        bgtu    s1, t0, 8f
2:      addi    s0, s0, 1
        j       1b
3:      addi    s1, s1, 3               # then the section bases,
        andi    s1, s1, -4
        sw      s1, ld_secoff, t0
        lw      t0, ld_nsec
        slli    t0, t0, 2
        add     s1, s1, t0
        sw      s1, ld_expoff, t0       # then the export table
        lw      t0, ld_expbytes
        add     s1, s1, t0
        li      t0, MODAREA_PAGES * PAGE_SIZE
        bgtu    s1, t0, 8f
        mv      a0, s1
        call    modarea_alloc
        beqz    a0, 8f
        lw      t0, ld_mod
        sw      a0, MOD_BASE(t0)
        li      t1, PAGE_SIZE - 1
        add     s1, s1, t1
        not     t1, t1
        and     s1, s1, t1
        sw      s1, MOD_SIZE(t0)
        lw      t1, ld_secoff
        add     t1, t1, a0
        sw      t1, MOD_SECBASE(t0)
        lw      t1, ld_nsec
        sw      t1, MOD_NSEC(t0)
        lw      t1, ld_expoff
        add     t1, t1, a0
        sw      t1, MOD_EXPORTS(t0)
        # pass 2: place and copy.  s1 = next free byte
        mv      s1, a0
        li      s0, 0
4:      lw      t0, ld_nsec
        bgeu    s0, t0, 7f
        mv      a0, s0
        call    ld_section
        lhu     t0, KO_SEC_KIND(a0)
        li      t1, KO_KIND_NONE
        beq     t0, t1, 6f
        lhu     t0, KO_SEC_ALIGN(a0)
        li      t1, 1
        sll     t1, t1, t0
        addi    t1, t1, -1
        add     s1, s1, t1
        not     t1, t1
        and     s1, s1, t1
        lw      t0, ld_mod              # its base in the table
        lw      t0, MOD_SECBASE(t0)
        slli    t1, s0, 2
        add     t0, t0, t1
        sw      s1, 0(t0)
        lw      a2, KO_SEC_SIZE(a0)
        lhu     t0, KO_SEC_KIND(a0)
        li      t1, KO_KIND_BSS
        beq     t0, t1, 5f              # bss: the zeroed pages already
        lw      a1, KO_SEC_OFFSET(a0)
        lw      t0, ld_img
        add     a1, a1, t0
        sw      a2, 0(sp)
        mv      a0, s1
        call    memcpy
        lw      a2, 0(sp)
5:      add     s1, s1, a2
6:      addi    s0, s0, 1
        j       4b
7:      li      a0, 0
        j       9f
8:      la      a0, mod_msg_nomem
        li      a1, 0
        call    why_set
        li      a0, -ENOMEM
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ld_export_bytes() -> bytes the export table needs: a (name, value) pair
# per export= entry, and a copy of each name.  Also sets ld_nexp.
ld_export_bytes:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0                   # bytes
        li      s1, 0                   # entry to search from
        sw      zero, ld_nexp, t0
1:      la      a0, mod_key_export
        mv      a1, s1
        call    info_find
        beqz    a0, 2f
        mv      s1, a2
        call    strlen
        add     s0, s0, a0
        addi    s0, s0, 9               # the NUL and the pair
        lw      t0, ld_nexp
        addi    t0, t0, 1
        sw      t0, ld_nexp, t1
        j       1b
2:      mv      a0, s0
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# --- stage 4: symbols -----------------------------------------------------------

# ksym_find(a0 = name) -> a1 = 0 and a0 = the kernel's export of that
# name; a1 = -1 if the kernel exports none.
ksym_find:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s1, a0
        la      s0, ksymtab_start
1:      la      t0, ksymtab_end
        bgeu    s0, t0, 8f
        addi    a0, s0, 4
        mv      a1, s1
        call    strcmp
        beqz    a0, 2f
        addi    a0, s0, 4
        call    strlen
        add     s0, s0, a0
        addi    s0, s0, 4 + 1 + 3       # the address, the NUL, to a word
        andi    s0, s0, -4
        j       1b
2:      lw      a0, 0(s0)
        li      a1, 0
        j       9f
8:      li      a1, -1
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# modsym_find(a0 = module, a1 = name) -> a1 = 0 and a0 = its export of
# that name; a1 = -1 if it exports none.
modsym_find:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a1, 0(sp)
        lw      s0, MOD_EXPORTS(a0)
        lw      s1, MOD_NEXPORTS(a0)
1:      beqz    s1, 8f
        lw      a0, 0(s0)
        lw      a1, 0(sp)
        call    strcmp
        beqz    a0, 2f
        addi    s0, s0, 8
        addi    s1, s1, -1
        j       1b
2:      lw      a0, 4(s0)
        li      a1, 0
        j       9f
8:      li      a1, -1
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ld_resolve() -> 0, or -errno: ld_vals[i] = the address or value of
# symbol i, for every symbol of the object.
ld_resolve:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        li      s0, 0
1:      lw      t0, ld_nsym
        bgeu    s0, t0, 7f
        li      t0, KO_SYMBOL_SIZE
        mul     s1, s0, t0
        lw      t0, ld_syms
        add     s1, s1, t0
        lw      a0, KO_SYM_NAME(s1)     # every name inside the table
        call    ld_str
        beqz    a0, 80f
        sw      a0, 0(sp)
        lhu     t0, KO_SYM_SECTION(s1)
        li      t1, KO_SEC_UNDEF
        beq     t0, t1, 3f
        li      t1, KO_SEC_ABS
        lw      a0, KO_SYM_VALUE(s1)
        beq     t0, t1, 6f
        li      t1, KO_SEC_COMMON
        beq     t0, t1, 82f
        lw      t1, ld_nsec             # in a section: its base + value
        bgeu    t0, t1, 80f
        slli    t0, t0, 2
        lw      t1, ld_mod
        lw      t1, MOD_SECBASE(t1)
        add     t0, t0, t1
        lw      t0, 0(t0)
        add     a0, a0, t0
        j       6f
3:      lw      a0, 0(sp)               # undefined: this module itself?
        la      a1, mod_str_this
        call    strcmp
        bnez    a0, 4f
        lw      a0, ld_mod
        j       6f
4:      lw      a0, 0(sp)               # the kernel's exports
        call    ksym_find
        beqz    a1, 6f
        sw      zero, 4(sp)             # then its dependencies' exports
5:      lw      t0, ld_mod
        lw      t1, 4(sp)
        lw      t2, MOD_NDEPS(t0)
        bgeu    t1, t2, 55f
        slli    t1, t1, 2
        add     t0, t0, t1
        lw      a0, MOD_DEPS(t0)
        lw      a1, 0(sp)
        call    modsym_find
        beqz    a1, 54f
        lw      t1, 4(sp)
        addi    t1, t1, 1
        sw      t1, 4(sp)
        j       5b
54:     li      t0, KO_SYMBOL_SIZE      # found: s1 again
        mul     s1, s0, t0
        lw      t0, ld_syms
        add     s1, s1, t0
        j       6f
55:     li      t0, KO_SYMBOL_SIZE
        mul     s1, s0, t0
        lw      t0, ld_syms
        add     s1, s1, t0
        lbu     t0, KO_SYM_BINDING(s1)
        li      t1, KO_BIND_WEAK
        li      a0, 0                   # an undefined weak symbol is 0
        bne     t0, t1, 81f
6:      slli    t0, s0, 2
        lw      t1, ld_vals
        add     t0, t0, t1
        sw      a0, 0(t0)
        addi    s0, s0, 1
        j       1b
7:      li      a0, 0
        j       9f
80:     la      a0, mod_msg_format
        li      a1, 0
        call    why_set
        li      a0, -ENOEXEC
        j       9f
81:     la      a0, mod_msg_unknown
        lw      a1, 0(sp)
        call    why_set
        lw      a0, 0(sp)               # and in the kernel's log, as Linux does
        call    ld_log_unknown
        li      a0, -ENOENT
        j       9f
82:     la      a0, mod_msg_common
        lw      a1, 0(sp)
        call    why_set
        li      a0, -ENOEXEC
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ld_log_unknown(a0 = symbol): "kernel: NAME: unknown symbol SYM".
ld_log_unknown:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a0, mod_msg_klog
        call    kputs
        lw      a0, ld_mod
        addi    a0, a0, MOD_NAME
        call    kputs
        la      a0, mod_msg_colon
        call    kputs
        la      a0, mod_msg_unknown
        call    kputs
        lw      a0, 8(sp)
        call    kputs
        li      a0, '\n'
        call    kputc
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ld_exports() -> 0, or -ENOEXEC: the export table filled, a (name,
# value) pair for each export= entry, the names copied after the pairs.
ld_exports:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        lw      t0, ld_mod
        lw      s0, MOD_EXPORTS(t0)     # the next pair
        lw      t1, ld_nexp
        sw      t1, MOD_NEXPORTS(t0)
        slli    t1, t1, 3
        add     t1, t1, s0
        sw      t1, 16(sp)              # the next name
        li      s1, 0                   # entry to search from
1:      la      a0, mod_key_export
        mv      a1, s1
        call    info_find
        beqz    a0, 7f
        mv      s1, a2
        sw      a0, 12(sp)
        call    ld_value_named
        bnez    a1, 8f
        sw      a0, 4(s0)
        lw      a0, 16(sp)
        sw      a0, 0(s0)
        lw      a0, 12(sp)
        call    strlen
        addi    a2, a0, 1
        lw      a0, 16(sp)
        lw      a1, 12(sp)
        add     t0, a0, a2
        sw      t0, 16(sp)
        call    memcpy
        addi    s0, s0, 8
        j       1b
7:      li      a0, 0
        j       9f
8:      la      a0, mod_msg_badexport
        lw      a1, 12(sp)
        call    why_set
        li      a0, -ENOEXEC
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# --- stage 5: relocations ---------------------------------------------------------

# hi20(a0) -> %hi: the upper 20 bits, rounded for a signed %lo.
# lo12(a0) -> %lo: the low 12 bits, sign-extended.
ld_hi20:
        li      t0, 0x800
        add     a0, a0, t0
        srli    a0, a0, 12
        ret
ld_lo12:
        slli    a0, a0, 20
        srai    a0, a0, 20
        ret

# ld_relocate() -> 0, or -ENOEXEC: every relocation applied.
ld_relocate:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        li      s0, 0
1:      lw      t0, ld_nrel
        bgeu    s0, t0, 70f
        li      t0, KO_RELOC_SIZE
        mul     s1, s0, t0
        lw      t0, ld_rels
        add     s1, s1, t0
        mv      a0, s1
        call    ld_reloc_place          # a0 = P, a1 = width check passed?
        bltz    a1, 80f
        sw      a0, 0(sp)               # P
        lw      t0, KO_REL_SYMBOL(s1)
        lw      t1, ld_nsym
        bgeu    t0, t1, 80f
        slli    t0, t0, 2
        lw      t1, ld_vals
        add     t0, t0, t1
        lw      t0, 0(t0)
        lw      t1, KO_REL_ADDEND(s1)
        add     t0, t0, t1
        sw      t0, 4(sp)               # V = S + A
        lhu     t0, KO_REL_TYPE(s1)
        addi    t0, t0, -1
        li      t1, 15
        bgeu    t0, t1, 80f
        slli    t0, t0, 2
        la      t1, ld_reloc_table
        add     t0, t0, t1
        lw      t0, 0(t0)
        lw      a0, 4(sp)               # handler(V, P) -> a0 = 0 or -1 (range)
        lw      a1, 0(sp)
        jalr    t0
        bnez    a0, 81f
        addi    s0, s0, 1
        j       1b
70:     li      a0, 0
        j       9f
80:     la      a0, mod_msg_badreloc
        li      a1, 0
        call    why_set
        li      a0, -ENOEXEC
        j       9f
81:     la      a0, mod_msg_range       # "relocation out of range at .text+0x1c4"
        li      a1, 0
        call    why_set
        lhu     a0, KO_REL_SECTION(s1)
        call    ld_section
        lw      a0, KO_SEC_NAME(a0)
        call    ld_str
        call    why_cat
        la      a0, mod_msg_plus
        call    why_cat
        lw      a0, KO_REL_OFFSET(s1)
        call    why_hex
        li      a0, -ENOEXEC
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ld_reloc_place(a0 = relocation entry) -> a0 = P, the address patched,
# and a1 = 0; a1 = -1 if its section is not loaded (or bss) or the four
# bytes at the offset (fewer for data8/data16) leave the section.
ld_reloc_place:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lhu     a0, KO_REL_SECTION(s0)
        call    ld_section
        beqz    a0, 8f
        lhu     t0, KO_SEC_KIND(a0)
        li      t1, KO_KIND_BSS
        bgeu    t0, t1, 8f              # bss, or not loaded
        lhu     t0, KO_REL_TYPE(s0)
        li      t1, 4                   # bytes patched
        li      t2, R_K32_16
        bne     t0, t2, 1f
        li      t1, 2
1:      li      t2, R_K32_8
        bne     t0, t2, 2f
        li      t1, 1
2:      lw      t2, KO_SEC_SIZE(a0)
        bgtu    t1, t2, 8f
        sub     t2, t2, t1
        lw      t0, KO_REL_OFFSET(s0)
        bgtu    t0, t2, 8f
        lhu     t1, KO_REL_SECTION(s0)  # P = the section's base + offset
        slli    t1, t1, 2
        lw      t2, ld_mod
        lw      t2, MOD_SECBASE(t2)
        add     t1, t1, t2
        lw      t1, 0(t1)
        add     a0, t0, t1
        li      a1, 0
        j       9f
8:      li      a1, -1
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# Relocation handlers: (V = S + A in a0, P in a1) -> a0 = 0, or -1 when the
# value does not fit its field.  Instruction fields need an aligned word.

# put_bytes(a0 = value, a1 = address, a2 = n): n little-endian bytes.
put_bytes:
1:      beqz    a2, 2f
        sb      a0, 0(a1)
        srli    a0, a0, 8
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       1b
2:      li      a0, 0
        ret

rel_data32:
        li      a2, 4
        j       put_bytes
rel_data16:
        li      t0, -32768
        blt     a0, t0, rel_range
        li      t0, 65535
        bgt     a0, t0, rel_range
        li      a2, 2
        j       put_bytes
rel_data8:
        li      t0, -128
        blt     a0, t0, rel_range
        li      t0, 255
        bgt     a0, t0, rel_range
        li      a2, 1
        j       put_bytes
rel_pcrel32:
        sub     a0, a0, a1
        li      a2, 4
        j       put_bytes
rel_range:
        li      a0, -1
        ret

# put_imm16(a0 = value (low 16 bits), a1 = address of the word): bits 31:16.
put_imm16:
        andi    t0, a1, 3
        bnez    t0, rel_range
        lw      t0, 0(a1)
        slli    t0, t0, 16
        srli    t0, t0, 16
        slli    a0, a0, 16
        or      t0, t0, a0
        sw      t0, 0(a1)
        li      a0, 0
        ret

# put_imm20(a0 = value (low 20 bits), a1 = address of the word): bits 31:12.
put_imm20:
        andi    t0, a1, 3
        bnez    t0, rel_range
        lw      t0, 0(a1)
        slli    t0, t0, 20
        srli    t0, t0, 20
        slli    a0, a0, 12
        or      t0, t0, a0
        sw      t0, 0(a1)
        li      a0, 0
        ret

rel_hi20:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        call    ld_hi20
        lw      a1, 8(sp)
        call    put_imm20
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
rel_lo12:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        call    ld_lo12
        lw      a1, 8(sp)
        call    put_imm16
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
rel_pcrel_hi20:
        sub     a0, a0, a1
        j       rel_hi20
# PCREL_LO12: V is the address of the auipc; its PCREL_HI20 says the
# distance.  The relocations are sorted by section and offset (as the
# object format requires), so the auipc's is found by a binary search: a
# hostile object cannot make this quadratic.
rel_pcrel_lo12:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)              # the auipc's address
        sw      a1, 12(sp)              # P
        li      s0, 0                   # the loaded section holding it
1:      lw      t0, ld_nsec
        bgeu    s0, t0, 8f
        mv      a0, s0
        call    ld_section
        lhu     t0, KO_SEC_KIND(a0)
        li      t1, KO_KIND_BSS
        bgeu    t0, t1, 2f
        slli    t0, s0, 2
        lw      t1, ld_mod
        lw      t1, MOD_SECBASE(t1)
        add     t0, t0, t1
        lw      t0, 0(t0)               # its base
        lw      t1, 16(sp)
        bltu    t1, t0, 2f
        sub     t1, t1, t0
        lw      t2, KO_SEC_SIZE(a0)
        bltu    t1, t2, 3f
2:      addi    s0, s0, 1
        j       1b
3:      sw      t1, 8(sp)               # the key: (section s0, offset 8(sp))
        li      t0, 0                   # lo
        lw      t1, ld_nrel             # hi: the first entry >= the key is in [lo, hi]
4:      bgeu    t0, t1, 6f
        add     t2, t0, t1
        srli    t2, t2, 1
        li      a0, KO_RELOC_SIZE
        mul     a0, a0, t2
        lw      a1, ld_rels
        add     a0, a0, a1
        lhu     a1, KO_REL_SECTION(a0)
        bltu    a1, s0, 5f
        bne     a1, s0, 55f
        lw      a1, KO_REL_OFFSET(a0)
        lw      a2, 8(sp)
        bgeu    a1, a2, 55f
5:      addi    t0, t2, 1               # entry < key
        j       4b
55:     mv      t1, t2                  # entry >= key
        j       4b
6:      mv      s1, t0                  # the entries with the key, from there
7:      lw      t0, ld_nrel
        bgeu    s1, t0, 8f
        li      a0, KO_RELOC_SIZE
        mul     a0, a0, s1
        lw      a1, ld_rels
        add     a0, a0, a1
        lhu     t0, KO_REL_SECTION(a0)
        bne     t0, s0, 8f
        lw      t0, KO_REL_OFFSET(a0)
        lw      t1, 8(sp)
        bne     t0, t1, 8f
        lhu     t0, KO_REL_TYPE(a0)
        li      t1, R_K32_PCREL_HI20
        beq     t0, t1, 71f
        addi    s1, s1, 1
        j       7b
71:     lw      t0, KO_REL_SYMBOL(a0)   # its S + A (checked when it was applied)
        lw      t1, ld_nsym
        bgeu    t0, t1, 8f
        slli    t0, t0, 2
        lw      t1, ld_vals
        add     t0, t0, t1
        lw      t0, 0(t0)
        lw      t1, KO_REL_ADDEND(a0)
        add     a0, t0, t1
        lw      t0, 16(sp)
        sub     a0, a0, t0              # the distance the auipc adds
        call    ld_lo12
        lw      a1, 12(sp)
        call    put_imm16
        j       9f
8:      li      a0, -1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
rel_branch:
        sub     a0, a0, a1
        andi    t0, a0, 3
        bnez    t0, rel_range
        srai    a0, a0, 2
        li      t0, -32768
        blt     a0, t0, rel_range
        li      t0, 32767
        bgt     a0, t0, rel_range
        j       put_imm16
rel_jal:
        sub     a0, a0, a1
        andi    t0, a0, 3
        bnez    t0, rel_range
        srai    a0, a0, 2
        li      t0, -524288
        blt     a0, t0, rel_range
        li      t0, 524287
        bgt     a0, t0, rel_range
        j       put_imm20
rel_imm16:
        li      t0, -32768
        blt     a0, t0, rel_range
        li      t0, 32767
        bgt     a0, t0, rel_range
        j       put_imm16
rel_uimm16:
        li      t0, 65535
        bgtu    a0, t0, rel_range
        j       put_imm16
rel_imm20:
        li      t0, 0xFFFFF
        bgtu    a0, t0, rel_range
        j       put_imm20
rel_shamt:
        li      t0, 31
        bgtu    a0, t0, rel_range
        j       put_imm16

# --- stage 6: parameters ------------------------------------------------------------

# ld_params(a0 = "name=value ..." or 0) -> 0, or -EINVAL.
ld_params:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        mv      s0, a0
        beqz    s0, 7f
1:      lbu     t0, 0(s0)               # skip blanks
        li      t1, ' '
        bne     t0, t1, 2f
        addi    s0, s0, 1
        j       1b
2:      beqz    t0, 7f
        mv      t1, sp                  # the name into 0(sp), at most 31 bytes
        li      t2, 0
3:      lbu     t0, 0(s0)
        beqz    t0, 4f
        li      a0, ' '
        beq     t0, a0, 4f
        addi    s0, s0, 1
        li      a0, '='
        beq     t0, a0, 5f
        li      a0, 31
        bgeu    t2, a0, 3b
        add     a0, sp, t2
        sb      t0, 0(a0)
        addi    t2, t2, 1
        j       3b
4:      add     a0, sp, t2              # no '=': "name" alone
        sb      zero, 0(a0)
        la      a0, mod_msg_paramform
        j       86f
5:      add     a0, sp, t2
        li      t0, ':'                 # "name:" to find its parm= entry
        sb      t0, 0(a0)
        sb      zero, 1(a0)
        sw      t2, 32(sp)              # the name's length
        li      a1, 0                   # parm=name:TYPE:text
6:      la      a0, mod_key_parm
        call    info_find
        beqz    a0, 85f
        mv      s1, a2
        mv      a1, a0
        mv      a0, sp
        lw      a2, 32(sp)
        addi    a2, a2, 1
        sw      a1, 28(sp)
        call    strncmp
        mv      t0, a0
        mv      a1, s1
        bnez    t0, 6b
        lw      t0, 28(sp)              # its type
        lw      t1, 32(sp)
        add     t0, t0, t1
        addi    s1, t0, 1
        lw      t0, 32(sp)              # the name alone again
        add     t0, t0, sp
        sb      zero, 0(t0)
        mv      a0, sp
        call    ld_sym_named
        bltz    a0, 85f
        li      t0, KO_SYMBOL_SIZE
        mul     t0, a0, t0
        lw      t1, ld_syms
        add     t0, t0, t1
        lw      t1, KO_SYM_SIZE(t0)
        sw      t1, 24(sp)              # its size
        slli    a0, a0, 2
        lw      t1, ld_vals
        add     a0, a0, t1
        lw      a0, 0(a0)
        sw      a0, 20(sp)              # its address
        lbu     t0, 0(s1)               # "int:" or "str:"
        li      t1, 'i'
        beq     t0, t1, 60f
        li      t1, 's'
        bne     t0, t1, 85f
        # str: the value up to a blank, NUL-terminated in the buffer
        lw      a0, 20(sp)
        lw      t2, 24(sp)
        beqz    t2, 87f                 # (no .size: no room known)
        addi    t2, t2, -1              # room without the NUL
53:     lbu     t0, 0(s0)
        beqz    t0, 55f
        li      t1, ' '
        beq     t0, t1, 55f
        beqz    t2, 84f
        sb      t0, 0(a0)
        addi    a0, a0, 1
        addi    s0, s0, 1
        addi    t2, t2, -1
        j       53b
55:     sb      zero, 0(a0)
        j       1b
60:     mv      a0, s0                  # int: the word at the symbol
        call    ld_number
        bnez    a1, 83f
        mv      s0, a2
        lw      t0, 20(sp)
        andi    t1, t0, 3
        bnez    t1, 85f
        sw      a0, 0(t0)
        j       1b
7:      li      a0, 0
        j       9f
83:     la      a0, mod_msg_paramnum
        j       86f
84:     la      a0, mod_msg_paramlong
        j       86f
87:     la      a0, mod_msg_paramsize
        j       86f
85:     la      a0, mod_msg_param       # unknown parameter
        lw      t0, 32(sp)
        add     t0, t0, sp
        sb      zero, 0(t0)
86:     sw      a0, 28(sp)
        la      a0, mod_msg_parameter
        mv      a1, sp
        call    why_set
        lw      a0, 28(sp)
        li      a1, 0
        call    why_add
        li      a0, -EINVAL
9:      lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# ld_number(a0 = text) -> a0 = the value of a decimal or 0x hex number,
# optionally negative, ending at a blank or the NUL; a1 = 0, or -1 if it
# is not one; a2 = where it ended.
ld_number:
        li      t2, 0                   # negative?
        lbu     t0, 0(a0)
        li      t1, '-'
        bne     t0, t1, 1f
        li      t2, 1
        addi    a0, a0, 1
1:      li      a3, 10                  # base
        lbu     t0, 0(a0)
        li      t1, '0'
        bne     t0, t1, 2f
        lbu     t0, 1(a0)
        ori     t0, t0, 0x20
        li      t1, 'x'
        bne     t0, t1, 2f
        li      a3, 16
        addi    a0, a0, 2
2:      li      a4, 0                   # the value
        li      a5, 0                   # digits
3:      lbu     t0, 0(a0)
        beqz    t0, 6f
        li      t1, ' '
        beq     t0, t1, 6f
        addi    t1, t0, -'0'
        li      a1, 10
        bltu    t1, a1, 4f
        ori     t1, t0, 0x20
        addi    t1, t1, -'a'
        li      a1, 6
        bgeu    t1, a1, 8f
        addi    t1, t1, 10
4:      bgeu    t1, a3, 8f
        mul     a4, a4, a3
        add     a4, a4, t1
        addi    a5, a5, 1
        addi    a0, a0, 1
        j       3b
6:      beqz    a5, 8f
        mv      a2, a0
        mv      a0, a4
        beqz    t2, 7f
        neg     a0, a0
7:      li      a1, 0
        ret
8:      li      a1, -1
        ret

# --- the whole load ---------------------------------------------------------------

# mod_load(a0 = image, a1 = bytes, a2 = parameters or 0) -> 0, or -errno
# with the reason in mod_why.  The image stays the caller's; it may be
# written to while the load runs (its CRC field, for a moment).
mod_load:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a2, 0(sp)
        sb      zero, mod_why, t0
        sw      a0, ld_img, t0
        sw      a1, ld_size, t0
        sw      zero, ld_vals, t0
        sw      zero, ld_mod, t0
        call    ld_check
        bltz    a0, 90f
        call    ld_modinfo
        bltz    a0, 90f
        la      s0, mod_records         # a free record
        la      t1, mod_records + NMODULES * MODULE_SIZE
1:      lw      t0, MOD_STATE(s0)
        beqz    t0, 2f
        addi    s0, s0, MODULE_SIZE
        bltu    s0, t1, 1b
        la      a0, mod_msg_toomany
        li      a1, 0
        call    why_set
        li      a0, -ENOMEM
        j       90f
2:      mv      a0, s0
        li      a1, 0
        li      a2, MODULE_SIZE
        call    memset
        sw      s0, ld_mod, t0
        li      t0, MODSTATE_LOADING    # taken, not yet in the list
        sw      t0, MOD_STATE(s0)
        call    ld_names
        bltz    a0, 90f
        call    ld_export_bytes
        sw      a0, ld_expbytes, t0
        call    ld_layout
        bltz    a0, 90f
        lw      a0, ld_nsym             # the resolved values
        slli    a0, a0, 2
        beqz    a0, 3f
        call    modarea_alloc
        sw      a0, ld_vals, t0
        bnez    a0, 3f
        la      a0, mod_msg_nomem
        li      a1, 0
        call    why_set
        li      a0, -ENOMEM
        j       90f
3:      call    ld_resolve
        bltz    a0, 90f
        call    ld_relocate
        bltz    a0, 90f
        call    ld_exports
        bltz    a0, 90f
        la      a0, mod_key_init        # init and exit, by name
        li      a1, 0
        call    info_find
        beqz    a0, 4f
        call    ld_value_named
        bnez    a1, 85f
        sw      a0, MOD_INIT(s0)
4:      la      a0, mod_key_exit
        li      a1, 0
        call    info_find
        beqz    a0, 5f
        call    ld_value_named
        bnez    a1, 85f
        sw      a0, MOD_EXIT(s0)
5:      lw      a0, 0(sp)
        call    ld_params
        bltz    a0, 90f
        lw      t0, ld_img              # a debugger may read it now
        sw      t0, MOD_IMAGE(s0)
        lw      t0, ld_size
        sw      t0, MOD_IMGSIZE(s0)
        mv      a0, s0
        call    mod_notify
        lw      t0, MOD_INIT(s0)
        li      a0, 0
        beqz    t0, 6f
        jalr    t0
6:      bltz    a0, 80f
        lw      t0, MOD_NDEPS(s0)       # live: its dependencies are in use
7:      beqz    t0, 8f
        addi    t0, t0, -1
        slli    t1, t0, 2
        add     t1, t1, s0
        lw      a0, MOD_DEPS(t1)
        lw      t2, MOD_REFS(a0)
        addi    t2, t2, 1
        sw      t2, MOD_REFS(a0)
        j       7b
8:      li      t0, MODSTATE_LIVE
        sw      t0, MOD_STATE(s0)
        sw      zero, MOD_IMAGE(s0)
        sw      zero, MOD_IMGSIZE(s0)
        lw      t0, mod_list            # newest first, as lsmod lists them
        sw      t0, MOD_NEXT(s0)
        sw      s0, mod_list, t0
        lw      a0, ld_vals
        lw      a1, ld_nsym
        slli    a1, a1, 2
        call    modarea_release
        li      a0, 0
        j       99f
80:     sw      a0, 0(sp)               # init refused: undo it all
        la      a0, mod_msg_initfail
        li      a1, 0
        call    why_set
        lw      a0, 0(sp)
        neg     a0, a0
        call    why_dec
        li      t0, MODSTATE_GOING
        sw      t0, MOD_STATE(s0)
        sw      zero, MOD_IMAGE(s0)
        mv      a0, s0
        call    mod_notify
        lw      a0, 0(sp)
        j       90f
85:     la      a0, mod_msg_noinit
        li      a1, 0
        call    why_set
        li      a0, -ENOEXEC
90:     sw      a0, 0(sp)               # undo: memory, the record
        lw      a0, ld_vals
        lw      a1, ld_nsym
        slli    a1, a1, 2
        call    modarea_release
        lw      s0, ld_mod
        beqz    s0, 91f
        lw      a0, MOD_BASE(s0)
        lw      a1, MOD_SIZE(s0)
        call    modarea_release
        mv      a0, s0
        li      a1, 0
        li      a2, MODULE_SIZE
        call    memset
91:     lw      a0, 0(sp)
99:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# mod_users(a0 = module): the names of the live modules that depend on it
# appended to mod_why, comma-separated.  Returns a0 = how many.
mod_users:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        li      s1, 0
        lw      s0, mod_list
1:      beqz    s0, 9f
        lw      t0, MOD_NDEPS(s0)
2:      beqz    t0, 4f
        addi    t0, t0, -1
        slli    t1, t0, 2
        add     t1, t1, s0
        lw      t1, MOD_DEPS(t1)
        lw      t2, 0(sp)
        bne     t1, t2, 2b
        la      a0, mod_msg_comma       # a user
        beqz    s1, 3f
        call    why_cat
3:      addi    a0, s0, MOD_NAME
        call    why_cat
        addi    s1, s1, 1
4:      lw      s0, MOD_NEXT(s0)
        j       1b
9:      mv      a0, s1
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# mod_unload(a0 = name) -> 0, or -errno with the reason in mod_why:
# -ENOENT not loaded, -EBUSY in use or without an exit function.
mod_unload:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sb      zero, mod_why, t0
        call    mod_find
        mv      s0, a0
        bnez    s0, 1f
        la      a0, mod_msg_notloaded2
        li      a1, 0
        call    why_set
        li      a0, -ENOENT
        j       9f
1:      lw      t0, MOD_REFS(s0)
        beqz    t0, 2f
        la      a0, mod_msg_inuse
        li      a1, 0
        call    why_set
        la      a0, mod_msg_by
        call    why_cat
        mv      a0, s0
        call    mod_users
        bnez    a0, 11f
        la      a0, mod_msg_inuse       # no module: files, devices, a mount
        li      a1, 0
        call    why_set
11:     li      a0, -EBUSY
        j       9f
2:      lw      t0, MOD_EXIT(s0)
        bnez    t0, 3f
        la      a0, mod_msg_noexit
        li      a1, 0
        call    why_set
        li      a0, -EBUSY
        j       9f
3:      jalr    t0
        li      t0, MODSTATE_GOING
        sw      t0, MOD_STATE(s0)
        mv      a0, s0
        call    mod_notify
        lw      t0, MOD_NDEPS(s0)       # its dependencies: one user fewer
4:      beqz    t0, 5f
        addi    t0, t0, -1
        slli    t1, t0, 2
        add     t1, t1, s0
        lw      a0, MOD_DEPS(t1)
        lw      t2, MOD_REFS(a0)
        addi    t2, t2, -1
        sw      t2, MOD_REFS(a0)
        j       4b
5:      la      t0, mod_list            # out of the list
6:      lw      t1, 0(t0)
        beq     t1, s0, 7f
        addi    t0, t1, MOD_NEXT
        j       6b
7:      lw      t1, MOD_NEXT(s0)
        sw      t1, 0(t0)
        lw      a0, MOD_BASE(s0)
        lw      a1, MOD_SIZE(s0)
        call    modarea_release
        mv      a0, s0
        li      a1, 0
        li      a2, MODULE_SIZE
        call    memset
        li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# mod_boot(a0 = boot info or 0): load every boot module, in order (the
# build orders them so that each one's dependencies come first).  A boot
# module that does not load is a panic: the root file system needs them.
mod_boot:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        beqz    a0, 9f
        lw      t0, BOOTINFO_MAGIC_OFF(a0)
        li      t1, BOOTINFO_MAGIC
        bne     t0, t1, 9f
        lw      s1, BOOTINFO_NMODS(a0)
        addi    s0, a0, BOOTINFO_MODS
1:      beqz    s1, 9f
        lw      a0, BOOTMOD_ADDR(s0)
        lw      a1, BOOTMOD_LEN(s0)
        li      a2, 0
        call    mod_load
        bltz    a0, 8f
        addi    s0, s0, BOOTMOD_SIZE
        addi    s1, s1, -1
        j       1b
8:      la      a0, mod_msg_bootmod     # "kernel: boot module NAME: why"
        call    kputs
        addi    a0, s0, BOOTMOD_NAME
        call    kputs
        la      a0, mod_msg_colon
        call    kputs
        la      a0, mod_why
        call    kputs
        li      a0, '\n'
        call    kputc
        la      a0, mod_msg_bootfail
        li      a1, 0
        call    kpanic
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
        .balign 4
ld_reloc_table:                         # by relocation type, from 1
        .word   rel_data32, rel_data16, rel_data8, rel_hi20, rel_lo12
        .word   rel_pcrel_hi20, rel_pcrel_lo12, rel_branch, rel_jal, rel_imm16
        .word   rel_uimm16, rel_imm20, rel_shamt, rel_uimm16, rel_pcrel32
mod_vermagic:           MODULE_VERMAGIC
mod_str_modinfo:        .asciz  ".modinfo"
mod_str_this:           .asciz  "__this_module"
mod_key_name:           .asciz  "name="
mod_key_vermagic:       .asciz  "vermagic="
mod_key_depends:        .asciz  "depends="
mod_key_export:         .asciz  "export="
mod_key_init:           .asciz  "init="
mod_key_exit:           .asciz  "exit="
mod_key_parm:           .asciz  "parm="
mod_msg_format:         .asciz  "not a kernel module (bad object format)"
mod_msg_version:        .asciz  "object format of another version"
mod_msg_truncated:      .asciz  "truncated object"
mod_msg_crc:            .asciz  "CRC mismatch (damaged object)"
mod_msg_nomodinfo:      .asciz  "not a kernel module (no .modinfo)"
mod_msg_noname:         .asciz  "module has no name"
mod_msg_longname:       .asciz  "module name too long"
mod_msg_exists:         .asciz  "module already loaded"
mod_msg_novermagic:     .asciz  "module has no vermagic"
mod_msg_vermagic:       .asciz  "built for kernel '"
mod_msg_vermagic2:      .asciz  "', this is '"
mod_msg_quote:          .asciz  "'"
mod_msg_needs:          .asciz  "needs module "
mod_msg_notloaded:      .asciz  ", not loaded"
mod_msg_notloaded2:     .asciz  "not loaded"
mod_msg_nomem:          .asciz  "out of memory (module area)"
mod_msg_toomany:        .asciz  "too many modules"
mod_msg_unknown:        .asciz  "unknown symbol "
mod_msg_common:         .asciz  "common symbol (use .bss): "
mod_msg_badexport:      .asciz  "exports an undefined symbol: "
mod_msg_badreloc:       .asciz  "bad relocation"
mod_msg_range:          .asciz  "relocation out of range at "
mod_msg_plus:           .asciz  "+"
mod_msg_noinit:         .asciz  "init or exit function not defined"
mod_msg_initfail:       .asciz  "init failed: error -"
mod_msg_parameter:      .asciz  "parameter "
mod_msg_param:          .asciz  ": unknown"
mod_msg_paramform:      .asciz  ": not name=value"
mod_msg_paramnum:       .asciz  ": not a number"
mod_msg_paramlong:      .asciz  ": value too long"
mod_msg_paramsize:      .asciz  ": its buffer has no .size"
mod_msg_inuse:          .asciz  "in use"
mod_msg_by:             .asciz  " by "
mod_msg_comma:          .asciz  ","
mod_msg_noexit:         .asciz  "cannot be removed (no exit function)"
mod_msg_bootmod:        .asciz  "kernel: boot module "
mod_msg_bootfail:       .asciz  "a boot module did not load: no root file system"
mod_msg_colon:          .asciz  ": "
mod_msg_klog:           .asciz  "kernel: "
mod_msg_pc:             .asciz  "pc "
mod_msg_eq:             .asciz  " = "

        .data
        .balign 4
mod_list:       .word   0               # live modules, newest first

        .bss
        .balign 4
mod_records:    .space  NMODULES * MODULE_SIZE
mod_why:        .space  MODERR_SIZE     # the reason of the last refusal
ld_img:         .space  4               # the load under way (see the top)
ld_size:        .space  4
ld_nsec:        .space  4
ld_nsym:        .space  4
ld_nrel:        .space  4
ld_secs:        .space  4
ld_syms:        .space  4
ld_rels:        .space  4
ld_strs:        .space  4
ld_nstr:        .space  4
ld_info:        .space  4
ld_infoend:     .space  4
ld_mod:         .space  4
ld_vals:        .space  4
ld_secoff:      .space  4
ld_expoff:      .space  4
ld_expbytes:    .space  4
ld_nexp:        .space  4
