# kalloc.s -- physical page allocator: a free list of 4 KiB pages.
#
# Each free page holds the address of the next one in its first word.
# kalloc hands out zeroed pages; kalloc_raw skips the zeroing for callers
# that overwrite the whole page at once (fork's copies).


        .text

# kinit(a0 = first free byte, a1 = end of RAM): every whole page between
# them goes on the free list (in ascending order, so early allocations are low).
kinit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, PAGE_SIZE - 1
        add     s0, a0, t0
        not     t0, t0
        and     s0, s0, t0              # first page
        and     s1, a1, t0              # end of the last whole page
        sw      s0, kmem_lo, t0
        sw      s1, kmem_hi, t0
        addi    s1, s1, -PAGE_SIZE      # walk down: the list ends up ascending
1:      bltu    s1, s0, 2f
        mv      a0, s1
        call    kfree
        addi    s1, s1, -PAGE_SIZE
        j       1b
2:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kfree(a0 = page): give a page back.  kfree(0) does nothing; anything but
# a whole page of the managed RAM is a kernel bug and panics.
        EXPORT  kfree
kfree:
        beqz    a0, 1f
        andi    t0, a0, PAGE_SIZE - 1
        bnez    t0, 2f
        lw      t0, kmem_lo
        bltu    a0, t0, 2f
        lw      t0, kmem_hi
        bgeu    a0, t0, 2f
        la      t0, kmem_free
        lw      t1, 0(t0)
        sw      t1, 0(a0)
        sw      a0, 0(t0)
        la      t0, kmem_count
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
1:      ret
2:      mv      a1, a0
        la      a0, kmem_bad_free
        j       kpanic

# kalloc_raw() -> a page with whatever it held, or 0 when none is left.
kalloc_raw:
        la      t0, kmem_free
        lw      a0, 0(t0)
        beqz    a0, 1f
        lw      t1, 0(a0)
        sw      t1, 0(t0)
        la      t0, kmem_count
        lw      t1, 0(t0)
        addi    t1, t1, -1
        sw      t1, 0(t0)
1:      ret

# kalloc() -> a zeroed page, or 0 when none is left.
        EXPORT  kalloc
kalloc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    kalloc_raw
        beqz    a0, 2f
        mv      t0, a0
        li      t1, PAGE_SIZE
        add     t1, t1, a0
1:      sw      zero, 0(t0)             # 16 words a round
        sw      zero, 4(t0)
        sw      zero, 8(t0)
        sw      zero, 12(t0)
        sw      zero, 16(t0)
        sw      zero, 20(t0)
        sw      zero, 24(t0)
        sw      zero, 28(t0)
        sw      zero, 32(t0)
        sw      zero, 36(t0)
        sw      zero, 40(t0)
        sw      zero, 44(t0)
        sw      zero, 48(t0)
        sw      zero, 52(t0)
        sw      zero, 56(t0)
        sw      zero, 60(t0)
        addi    t0, t0, 64
        bne     t0, t1, 1b
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kpage_copy(a0 = destination page, a1 = source page): copy 4 KiB.
kpage_copy:
        li      t2, PAGE_SIZE
        add     t2, t2, a0
1:      lw      t0, 0(a1)               # 8 words a round, loads paired with stores
        lw      t1, 4(a1)
        sw      t0, 0(a0)
        sw      t1, 4(a0)
        lw      t0, 8(a1)
        lw      t1, 12(a1)
        sw      t0, 8(a0)
        sw      t1, 12(a0)
        lw      t0, 16(a1)
        lw      t1, 20(a1)
        sw      t0, 16(a0)
        sw      t1, 20(a0)
        lw      t0, 24(a1)
        lw      t1, 28(a1)
        sw      t0, 24(a0)
        sw      t1, 28(a0)
        addi    a0, a0, 32
        addi    a1, a1, 32
        bne     a0, t2, 1b
        ret

        .data
        .balign 4
kmem_free:      .word   0       # first free page (0: none)
kmem_count:     .word   0       # pages on the free list
kmem_lo:        .word   0       # the managed RAM: first page
kmem_hi:        .word   0       # and the end of the last one

        .rodata
kmem_bad_free:  .asciz  "kfree: not a free-able page"
