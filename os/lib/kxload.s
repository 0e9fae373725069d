# kxload.s -- the checking and loading core of exec, shared by both
# kernels: the .kx file is checked whole (header, CRC-32, segment table),
# the new address space is built complete -- segments, stack, arguments --
# and only then swapped in for cur_proc's and the old one freed, so an exec
# that fails leaves the caller intact.  The file format is isa/kx.py's.
#
# The including kernel provides exec_read(scratch, file offset, kernel
# destination, n) -> 0 or -errno (-ENOEXEC for a short read), which finds
# the file through the EX_SRC area of the scratch page, and the slot
# fields P_PTROOT P_TF P_HEAP P_BRK P_MEM P_NAME, TF_*, USTACK_*.

# The format's magic, flags and field offsets (KX_*) come from kx.inc,
# generated from isa/kx.py.

# Where programs may put segments: above the null page, below the stack's guard page.
        .equ EXEC_USER_BASE, PAGE_SIZE
        .equ EXEC_USER_END, USTACK_TOP - USTACK_SIZE - PAGE_SIZE

# The scratch page of one exec
        .equ EX_PATH, 0                 # the path, PATH_MAX bytes
        .equ EX_ARGC, 128               # number of arguments
        .equ EX_STRBYTES, 132           # bytes of argument strings, NULs included
        .equ EX_ROOT, 136               # the new root table
        .equ EX_TOP, 140                # page-rounded end of the highest segment
        .equ EX_PAGES, 144              # pages mapped in the new space
        .equ EX_TABLE_END, 148          # where the segment table ends in the file
        .equ EX_FSIZE, 152              # bytes in the file
        .equ EX_ARGOFF, 160             # MAXARG words: each string's offset in EX_STRINGS
        .equ EX_HDR, EX_ARGOFF + MAXARG * 4     # the file's header
        .equ EX_SRC, EX_HDR + KX_HEADER_SIZE    # the kernel's own: where the file is (EX_SRC_SIZE bytes)
        .equ EX_STRINGS, 512            # the argument strings, ARG_MAX bytes
        .equ EX_SEGS, EX_STRINGS + ARG_MAX      # the segment table
        .equ EX_CHUNK, 3072             # file bytes read for the CRC
        .equ EX_CHUNK_SIZE, PAGE_SIZE - EX_CHUNK
        .equ EX_SRC_SIZE, EX_STRINGS - EX_SRC
        .if EX_SEGS + KX_MAX_SEGMENTS * KX_SEGMENT_SIZE > EX_CHUNK
        .error "exec: the scratch page layout overlaps"
        .endif

        .text

# exec_build(a0 = scratch with the arguments, the name in EX_PATH and
# EX_FSIZE) -> argc, or -errno with cur_proc untouched: check the file whole
# (read through the kernel's exec_read), build the new address space and
# swap it in (exec_commit).
exec_build:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        call    exec_check_header
        bltz    a0, 9f
        mv      a0, s0
        call    exec_check_crc
        bltz    a0, 9f
        mv      a0, s0
        call    exec_check_segments
        bltz    a0, 9f
        call    kalloc                  # the new root table
        sw      a0, EX_ROOT(s0)
        li      t0, -ENOMEM
        beqz    a0, 8f
        li      t0, EXEC_USER_BASE      # the heap starts here at the lowest
        sw      t0, EX_TOP(s0)
        sw      zero, EX_PAGES(s0)
        mv      a0, s0
        call    exec_load_segments
        mv      t0, a0
        bltz    a0, 7f
        mv      a0, s0
        call    exec_setup_stack
        mv      t0, a0
        bltz    a0, 7f
        mv      a1, a0
        mv      a0, s0
        call    exec_commit
        j       9f
7:      mv      s1, t0                  # undo: the new space
        lw      a0, EX_ROOT(s0)
        call    vm_free
        mv      t0, s1
8:      mv      a0, t0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exec_copy_args(a0 = scratch, a1 = user argv) -> 0, -E2BIG, -EFAULT: copy
# the argument strings into the scratch page (EX_ARGC, EX_ARGOFF,
# EX_STRBYTES, EX_STRINGS).  ARG_MAX counts the strings with their NULs and
# the pointer array with its NULL.
exec_copy_args:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 16(sp)              # argv
        mv      s0, a0
        li      s1, 0                   # argc
        sw      zero, EX_STRBYTES(s0)
        beqz    a1, 7f
1:      addi    a0, sp, 12              # the pointer argv[argc] at 12(sp)
        lw      a1, 16(sp)
        slli    t0, s1, 2
        add     a1, a1, t0
        li      a2, 4
        call    copyin
        bltz    a0, 9f
        lw      t0, 12(sp)
        beqz    t0, 7f                  # the NULL: the end
        li      a0, -E2BIG
        li      t0, MAXARG
        bgeu    s1, t0, 9f
        lw      t0, EX_STRBYTES(s0)
        li      a2, ARG_MAX             # room = ARG_MAX - strings - (argc + 2) pointers
        sub     a2, a2, t0
        slli    t1, s1, 2
        sub     a2, a2, t1
        addi    a2, a2, -8
        blez    a2, 9f
        slli    t1, s1, 2
        add     t1, t1, s0
        sw      t0, EX_ARGOFF(t1)
        addi    a0, s0, EX_STRINGS
        add     a0, a0, t0
        lw      a1, 12(sp)
        call    copyinstr
        li      t0, -ENAMETOOLONG
        beq     a0, t0, 8f
        bltz    a0, 9f
        lw      t0, EX_STRBYTES(s0)
        add     t0, t0, a0
        addi    t0, t0, 1
        sw      t0, EX_STRBYTES(s0)
        addi    s1, s1, 1
        j       1b
7:      sw      s1, EX_ARGC(s0)
        li      a0, 0
        j       9f
8:      li      a0, -E2BIG
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# exec_check_header(a0 = scratch) -> 0 or -ENOEXEC: read the header into
# EX_HDR and check magic, version, header size, segment count, flags, the
# file size and that the segment table lies inside the file.
exec_check_header:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lw      t0, EX_FSIZE(s0)
        li      t1, KX_HEADER_SIZE
        bltu    t0, t1, 8f
        li      a1, 0
        addi    a2, s0, EX_HDR
        li      a3, KX_HEADER_SIZE
        call    exec_read
        bltz    a0, 9f
        lw      t0, EX_HDR+KX_H_MAGIC(s0)
        li      t1, KX_MAGIC_WORD
        bne     t0, t1, 8f
        lhu     t0, EX_HDR+KX_H_VERSION(s0)
        li      t1, KX_VERSION
        bne     t0, t1, 8f
        lhu     t0, EX_HDR+KX_H_HSIZE(s0)
        li      t1, KX_HEADER_SIZE
        bne     t0, t1, 8f
        lhu     t0, EX_HDR+KX_H_FLAGS(s0)
        andi    t0, t0, ~KX_FLAG_DEBUG
        bnez    t0, 8f
        lw      t0, EX_HDR+KX_H_FSIZE(s0)
        lw      t1, EX_FSIZE(s0)
        bne     t0, t1, 8f
        lhu     t0, EX_HDR+KX_H_NSEG(s0)
        li      t2, KX_MAX_SEGMENTS
        bgtu    t0, t2, 8f
        li      t2, KX_SEGMENT_SIZE
        mul     t0, t0, t2
        addi    t0, t0, KX_HEADER_SIZE
        bgtu    t0, t1, 8f              # the table runs past the end
        sw      t0, EX_TABLE_END(s0)
        li      a0, 0
        j       9f
8:      li      a0, -ENOEXEC
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exec_check_crc(a0 = scratch) -> 0 or -ENOEXEC: the CRC-32 of the whole
# file, its CRC field read as 0, must equal that field.
exec_check_crc:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      zero, 16(sp)            # the CRC so far
        mv      s0, a0
        li      s1, 0                   # file offset
1:      lw      t0, EX_FSIZE(s0)
        bgeu    s1, t0, 3f
        sub     a3, t0, s1
        li      t0, EX_CHUNK_SIZE
        bleu    a3, t0, 11f
        mv      a3, t0
11:     sw      a3, 12(sp)
        mv      a0, s0
        mv      a1, s1
        addi    a2, s0, EX_CHUNK
        call    exec_read
        bltz    a0, 9f
        bnez    s1, 2f
        sw      zero, EX_CHUNK+KX_H_CRC(s0)     # the field itself counts as 0
2:      lw      a0, 16(sp)
        addi    a1, s0, EX_CHUNK
        lw      a2, 12(sp)
        call    crc32_update
        sw      a0, 16(sp)
        lw      t0, 12(sp)
        add     s1, s1, t0
        j       1b
3:      lw      t0, 16(sp)
        lw      t1, EX_HDR+KX_H_CRC(s0)
        li      a0, 0
        beq     t0, t1, 9f
        li      a0, -ENOEXEC
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# exec_check_segments(a0 = scratch) -> 0 or -ENOEXEC: read the segment
# table into EX_SEGS and check each entry: known flags, file bytes within
# memory size and inside the file after the table, and (when it occupies
# memory) an address range in user space, not wrapping, clear of the
# stack and its guard page and of every other segment.
exec_check_segments:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        lhu     a3, EX_HDR+KX_H_NSEG(s0)
        li      t0, KX_SEGMENT_SIZE
        mul     a3, a3, t0
        beqz    a3, 7f
        li      a1, KX_HEADER_SIZE
        addi    a2, s0, EX_SEGS
        call    exec_read
        bltz    a0, 9f
7:      addi    s1, s0, EX_SEGS         # the entry being checked
        lhu     t0, EX_HDR+KX_H_NSEG(s0)
        li      t1, KX_SEGMENT_SIZE
        mul     t0, t0, t1
        add     a5, s1, t0              # the end of the table
1:      bgeu    s1, a5, 6f
        lw      t0, KX_S_FLAGS(s1)
        andi    t0, t0, ~7
        bnez    t0, 8f
        lw      a2, KX_S_FILESZ(s1)
        lw      a1, KX_S_MEMSZ(s1)
        bgtu    a2, a1, 8f
        lw      t0, KX_S_OFF(s1)
        lw      t1, EX_TABLE_END(s0)
        bltu    t0, t1, 8f
        lw      t1, EX_FSIZE(s0)
        bgtu    t0, t1, 8f
        sub     t1, t1, t0              # bytes in the file from the offset
        bgtu    a2, t1, 8f
        beqz    a1, 5f                  # occupies no memory
        lw      a0, KX_S_ADDR(s1)
        li      t0, EXEC_USER_BASE
        bltu    a0, t0, 8f
        add     a1, a1, a0              # its end
        bltu    a1, a0, 8f              # wraps
        li      t0, EXEC_USER_END
        bgtu    a1, t0, 8f
        addi    a3, s0, EX_SEGS         # no overlap with an earlier one
2:      bgeu    a3, s1, 5f
        lw      t1, KX_S_MEMSZ(a3)
        beqz    t1, 3f
        lw      t0, KX_S_ADDR(a3)
        add     t1, t1, t0              # [t0, t1) against [a0, a1)
        bgeu    a0, t1, 3f
        bgeu    t0, a1, 3f
        j       8f
3:      addi    a3, a3, KX_SEGMENT_SIZE
        j       2b
5:      addi    s1, s1, KX_SEGMENT_SIZE
        j       1b
6:      li      a0, 0
        j       9f
8:      li      a0, -ENOEXEC
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exec_load_segments(a0 = scratch) -> 0, -ENOMEM, or a read error: map
# each segment's pages into EX_ROOT (zeroed, user, R/W/X from its flags;
# a page two segments share gets both's bits) and read its file bytes
# straight into the frames.  Keeps EX_TOP and EX_PAGES.
exec_load_segments:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        mv      s0, a0
        addi    s1, s0, EX_SEGS         # the entry being loaded
1:      lhu     t0, EX_HDR+KX_H_NSEG(s0)
        li      t1, KX_SEGMENT_SIZE
        mul     t0, t0, t1
        addi    t0, t0, EX_SEGS
        add     t0, t0, s0
        bgeu    s1, t0, 6f
        lw      t0, KX_S_MEMSZ(s1)
        beqz    t0, 5f
        lw      a1, KX_S_ADDR(s1)
        add     a2, a1, t0              # end
        li      t1, PAGE_SIZE - 1       # EX_TOP = max(EX_TOP, pageup(end))
        add     t1, t1, a2
        srli    t1, t1, PAGE_SHIFT
        slli    t1, t1, PAGE_SHIFT
        lw      t2, EX_TOP(s0)
        bgeu    t2, t1, 2f
        sw      t1, EX_TOP(s0)
2:      lw      t0, KX_S_FLAGS(s1)
        la      t1, exec_pte_bits
        add     t0, t0, t1
        lbu     a3, 0(t0)
        ori     a3, a3, PTE_V | PTE_U
        lw      a0, EX_ROOT(s0)
        call    vm_alloc_range
        bltz    a0, 9f
        lw      t0, EX_PAGES(s0)
        add     t0, t0, a0
        sw      t0, EX_PAGES(s0)
        lw      t0, KX_S_ADDR(s1)       # the file bytes, page by page
        sw      t0, 16(sp)              # va
        lw      t0, KX_S_OFF(s1)
        sw      t0, 12(sp)              # file offset
        lw      t0, KX_S_FILESZ(s1)
        sw      t0, 8(sp)               # bytes left
3:      lw      t0, 8(sp)
        beqz    t0, 5f
        lw      a1, 16(sp)
        andi    t1, a1, PAGE_SIZE - 1
        li      t2, PAGE_SIZE
        sub     t2, t2, t1              # to the end of the page
        bleu    t0, t2, 4f
        mv      t0, t2
4:      sw      t0, 4(sp)               # this chunk
        lw      a0, EX_ROOT(s0)
        li      a2, 0
        call    vm_walk                 # mapped just above: never 0
        lw      t0, 0(a0)
        srli    t0, t0, PAGE_SHIFT
        slli    t0, t0, PAGE_SHIFT
        lw      a2, 16(sp)
        andi    a2, a2, PAGE_SIZE - 1
        add     a2, a2, t0              # the frame's byte for va
        mv      a0, s0
        lw      a1, 12(sp)
        lw      a3, 4(sp)
        call    exec_read
        bltz    a0, 9f
        lw      t0, 4(sp)
        lw      t1, 16(sp)
        add     t1, t1, t0
        sw      t1, 16(sp)
        lw      t1, 12(sp)
        add     t1, t1, t0
        sw      t1, 12(sp)
        lw      t1, 8(sp)
        sub     t1, t1, t0
        sw      t1, 8(sp)
        j       3b
5:      addi    s1, s1, KX_SEGMENT_SIZE
        j       1b
6:      li      a0, 0
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# exec_setup_stack(a0 = scratch) -> the program's first sp, or -ENOMEM:
# map USTACK_SIZE of stack under USTACK_TOP (the page below stays unmapped:
# the guard) and put the arguments at its top: the strings, then under
# them the argv array with its NULL, 16-byte aligned; sp = argv.
exec_setup_stack:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        lw      a0, EX_ROOT(s0)
        li      a1, USTACK_TOP - USTACK_SIZE
        li      a2, USTACK_TOP
        li      a3, PTE_V | PTE_U | PTE_R | PTE_W
        call    vm_alloc_range
        bltz    a0, 9f
        lw      t0, EX_PAGES(s0)
        add     t0, t0, a0
        sw      t0, EX_PAGES(s0)
        lw      a0, EX_ROOT(s0)
        li      a1, USTACK_TOP - PAGE_SIZE
        li      a2, 0
        call    vm_walk
        lw      t0, 0(a0)
        srli    t0, t0, PAGE_SHIFT
        slli    t0, t0, PAGE_SHIFT
        li      t1, USTACK_TOP - PAGE_SIZE
        sub     s1, t0, t1              # physical = virtual + s1 in the top page
        li      t0, USTACK_TOP          # the strings
        lw      a2, EX_STRBYTES(s0)
        sub     t0, t0, a2
        sw      t0, 0(sp)               # their user address
        add     a0, t0, s1
        addi    a1, s0, EX_STRINGS
        call    memcpy
        lw      t0, 0(sp)
        lw      t1, EX_ARGC(s0)
        addi    t1, t1, 1
        slli    t1, t1, 2
        sub     a0, t0, t1
        andi    a0, a0, -16             # argv, and the new sp
        add     a1, a0, s1              # where argv[i] is written
        addi    a2, s0, EX_ARGOFF
        lw      t1, EX_ARGC(s0)
        slli    t1, t1, 2
        add     t1, t1, a2              # end of the offsets
1:      bgeu    a2, t1, 2f
        lw      t2, 0(a2)
        add     t2, t2, t0
        sw      t2, 0(a1)
        addi    a1, a1, 4
        addi    a2, a2, 4
        j       1b
2:      sw      zero, 0(a1)             # argv[argc] = NULL
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exec_commit(a0 = scratch, a1 = first sp) -> argc: swap the new address
# space in, free the old one, and set the registers (all 0 but sp, a0 =
# argc, a1 = argv = sp, pc = entry), heap, size, name and Ctrl-C flag.
exec_commit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a1, 0(sp)
        mv      s0, a0
        lw      s1, cur_proc
        lw      a0, P_PTROOT(s1)
        lw      t0, EX_ROOT(s0)
        sw      t0, P_PTROOT(s1)
        call    vm_free
        lw      t0, P_TF(s1)
        addi    t1, t0, TF_SIZE
1:      sw      zero, 0(t0)
        addi    t0, t0, 4
        bltu    t0, t1, 1b
        lw      t0, P_TF(s1)
        lw      t1, 0(sp)
        sw      t1, TF_SP(t0)
        sw      t1, TF_A1(t0)
        lw      t1, EX_ARGC(s0)
        sw      t1, TF_A0(t0)
        lw      t1, EX_HDR+KX_H_ENTRY(s0)
        sw      t1, TF_EPC(t0)
        lw      t0, EX_TOP(s0)
        sw      t0, P_HEAP(s1)
        sw      t0, P_BRK(s1)
        lw      t0, EX_PAGES(s0)
        slli    t0, t0, PAGE_SHIFT
        sw      t0, P_MEM(s1)
        addi    t0, s0, EX_PATH         # the name: the path's last component
        mv      t1, t0
2:      lbu     t2, 0(t0)
        beqz    t2, 3f
        addi    t0, t0, 1
        li      a0, '/'
        bne     t2, a0, 2b
        mv      t1, t0                  # just after a '/'
        j       2b
3:      addi    t0, s1, P_NAME
        addi    a0, t0, 15              # at most 15 bytes and the NUL
4:      lbu     t2, 0(t1)
        beq     t0, a0, 5f
        sb      t2, 0(t0)
        beqz    t2, 6f
        addi    t0, t0, 1
        addi    t1, t1, 1
        j       4b
5:      sb      zero, 0(t0)
6:      lw      a0, EX_ARGC(s0)
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
exec_pte_bits:          # PTE permission bits for each value of a segment's R=4 W=2 X=1 flags
        .byte   0, PTE_X, PTE_W, PTE_W | PTE_X, PTE_R, PTE_R | PTE_X, PTE_R | PTE_W, PTE_R | PTE_W | PTE_X
