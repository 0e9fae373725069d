# modarea.s -- the module area: MODAREA_PAGES pages beside the kernel
# (in its .bss), from which modules, and the object images being loaded,
# get runs of contiguous pages.  Kernel mode addresses physical memory, so
# a module's sections must lie in one run; and the area is within reach of
# a `call` (jal, +-2 MiB) from any module to the kernel and back, as
# Linux keeps its modules within reach of the kernel's text.
#
# One byte per page: 0 free, 1 in use.  First fit.

        .text

# modarea_alloc(a0 = bytes > 0) -> the address of a zeroed run of whole
# pages holding them, or 0 if no run is free.
modarea_alloc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, PAGE_SIZE - 1
        add     a0, a0, t0
        srli    s1, a0, PAGE_SHIFT      # pages wanted
        beqz    s1, 8f
        li      t0, MODAREA_PAGES
        bgtu    s1, t0, 8f
        la      t2, modarea_map
        li      s0, 0                   # first page of the candidate run
1:      add     t0, s0, s1
        li      t1, MODAREA_PAGES
        bgtu    t0, t1, 8f              # no room left from s0
        li      t0, 0                   # pages of the run checked
2:      bgeu    t0, s1, 4f
        add     t1, s0, t0
        add     t1, t1, t2
        lbu     t1, 0(t1)
        bnez    t1, 3f
        addi    t0, t0, 1
        j       2b
3:      add     s0, s0, t0              # past the page in use
        addi    s0, s0, 1
        j       1b
4:      li      t0, 0                   # found: mark it
        li      a3, 1
5:      bgeu    t0, s1, 6f
        add     t1, s0, t0
        add     t1, t1, t2
        sb      a3, 0(t1)
        addi    t0, t0, 1
        j       5b
6:      lw      t0, modarea_free
        sub     t0, t0, s1
        sw      t0, modarea_free, t1
        slli    s0, s0, PAGE_SHIFT
        la      t0, modarea
        add     s0, s0, t0
        mv      a0, s0
        li      a1, 0
        slli    a2, s1, PAGE_SHIFT
        call    memset
        mv      a0, s0
        j       9f
8:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# modarea_release(a0 = address from modarea_alloc, a1 = the bytes asked
# for): the run is free again.  A run outside the area is a kernel bug.
modarea_release:
        beqz    a0, 9f
        la      t0, modarea
        sub     a0, a0, t0
        srli    a0, a0, PAGE_SHIFT      # first page
        li      t0, PAGE_SIZE - 1
        add     a1, a1, t0
        srli    a1, a1, PAGE_SHIFT      # pages
        add     t0, a0, a1
        li      t1, MODAREA_PAGES
        bgtu    t0, t1, 8f
        la      t2, modarea_map
        add     a0, a0, t2
        lw      t0, modarea_free
        add     t0, t0, a1
        sw      t0, modarea_free, t1
1:      beqz    a1, 9f
        sb      zero, 0(a0)
        addi    a0, a0, 1
        addi    a1, a1, -1
        j       1b
8:      mv      a1, a0
        la      a0, modarea_msg_bad
        j       kpanic
9:      ret

        .rodata
modarea_msg_bad:        .asciz  "module area: freeing a run outside it"

        .data
        .balign 4
modarea_free:   .word   MODAREA_PAGES   # pages not in use (meminfo)

        .bss
        .balign PAGE_SIZE
modarea:        .space  MODAREA_PAGES * PAGE_SIZE
modarea_map:    .space  MODAREA_PAGES
