# vm.s -- user address spaces: two-level page tables, and copying between
# user and kernel memory.
#
# The kernel addresses physical memory directly, so a page table maps only
# its process's pages.  A root entry with only PTE_V points to a
# second-level table; a leaf is frame | PTE_V | PTE_U | R/W/X.  Every user
# pointer the kernel follows is checked here against the current process's
# table, so a bad one is -EFAULT and never a kernel fault.
#
# Shared by both kernels: the including kernel provides `cur_proc` (the
# current process's slot) and the slot fields P_PTROOT, P_BRK, P_HEAP and
# P_MEM, and HEAP_LIMIT.

        .equ VM_PTE_LEAF, PTE_V | PTE_U         # what every user leaf has

        .text

# vm_walk(a0 = root, a1 = va, a2 = 1 to add a missing second-level table)
# -> address of va's leaf entry, or 0 (no table, or no page for one).
vm_walk:
        srli    t0, a1, 22
        slli    t0, t0, 2
        add     t0, t0, a0              # the root entry
        lw      t1, 0(t0)
        andi    t2, t1, PTE_V
        beqz    t2, 2f
1:      srli    t1, t1, PAGE_SHIFT
        slli    t1, t1, PAGE_SHIFT      # the second-level table
        srli    t2, a1, PAGE_SHIFT - 2
        andi    t2, t2, (PT_ENTRIES - 1) * 4
        add     a0, t1, t2
        ret
2:      beqz    a2, 3f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      t0, 8(sp)
        sw      a1, 4(sp)
        call    kalloc
        lw      t0, 8(sp)
        lw      a1, 4(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        beqz    a0, 3f
        ori     t1, a0, PTE_V
        sw      t1, 0(t0)
        j       1b
3:      li      a0, 0
        ret

# vm_alloc_range(a0 = root, a1 = start, a2 = end, a3 = leaf bits) -> pages
# newly mapped, or -ENOMEM: maps a zeroed page at each page of [start, end)
# that has none; a page already mapped keeps its frame and gains the bits.
# On -ENOMEM the pages mapped so far stay mapped (the caller frees them).
vm_alloc_range:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)              # root
        sw      a2, 12(sp)              # end
        sw      a3, 8(sp)               # leaf bits
        sw      zero, 4(sp)             # pages mapped
        srli    s0, a1, PAGE_SHIFT
        slli    s0, s0, PAGE_SHIFT      # va of the page
1:      lw      t0, 12(sp)
        bgeu    s0, t0, 4f
        beqz    s0, 4f                  # wrapped past the top: done
        lw      a0, 16(sp)
        mv      a1, s0
        li      a2, 1
        call    vm_walk
        beqz    a0, 5f
        mv      s1, a0
        lw      t0, 0(s1)
        andi    t1, t0, PTE_V
        beqz    t1, 2f
        lw      t1, 8(sp)               # already mapped: merge the bits
        or      t0, t0, t1
        sw      t0, 0(s1)
        j       3f
2:      call    kalloc
        beqz    a0, 5f
        lw      t1, 8(sp)
        or      a0, a0, t1
        sw      a0, 0(s1)
        lw      t0, 4(sp)
        addi    t0, t0, 1
        sw      t0, 4(sp)
3:      li      t0, PAGE_SIZE
        add     s0, s0, t0
        j       1b
4:      lw      a0, 4(sp)
        j       6f
5:      li      a0, -ENOMEM
6:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# vm_free_range(a0 = root, a1 = start, a2 = end; both page-aligned) -> pages
# freed: unmaps every page of [start, end) and frees its frame, then drops
# the cached translations.
vm_free_range:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)
        sw      a2, 12(sp)
        sw      zero, 8(sp)             # pages freed
        mv      s0, a1
1:      lw      t0, 12(sp)
        bgeu    s0, t0, 3f
        lw      a0, 16(sp)
        mv      a1, s0
        li      a2, 0
        call    vm_walk
        beqz    a0, 2f
        lw      t0, 0(a0)
        andi    t1, t0, PTE_V
        beqz    t1, 2f
        sw      zero, 0(a0)
        srli    a0, t0, PAGE_SHIFT
        slli    a0, a0, PAGE_SHIFT
        call    kfree
        lw      t0, 8(sp)
        addi    t0, t0, 1
        sw      t0, 8(sp)
2:      li      t0, PAGE_SIZE
        add     s0, s0, t0
        bnez    s0, 1b                  # (stops if the range ran to the top)
3:      tlbflush
        lw      a0, 8(sp)
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# vm_next_used(a0 = entry address, a1 = end of the table, page-aligned) ->
# the address of the first non-zero entry in [a0, a1), or a1.  Entries
# are either 0 or valid, and tables are mostly empty: eight at a time.
vm_next_used:
1:      bgeu    a0, a1, 5f
        andi    t0, a0, 31
        beqz    t0, 2f                  # aligned to a group of eight
        lw      t0, 0(a0)
        bnez    t0, 5f
        addi    a0, a0, 4
        j       1b
2:      lw      t0, 0(a0)
        lw      t1, 4(a0)
        or      t0, t0, t1
        lw      t1, 8(a0)
        or      t0, t0, t1
        lw      t1, 12(a0)
        or      t0, t0, t1
        lw      t1, 16(a0)
        or      t0, t0, t1
        lw      t1, 20(a0)
        or      t0, t0, t1
        lw      t1, 24(a0)
        or      t0, t0, t1
        lw      t1, 28(a0)
        or      t0, t0, t1
        bnez    t0, 4f
        addi    a0, a0, 32
        bltu    a0, a1, 2b
        ret
4:      lw      t0, 0(a0)               # one of these eight
        bnez    t0, 5f
        addi    a0, a0, 4
        j       4b
5:      ret

# vm_free(a0 = root): free a whole address space: every mapped frame, the
# second-level tables and the root.  vm_free(0) does nothing.
vm_free:
        beqz    a0, 9f
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)              # root
        lw      t0, vm_loaded_root      # the hardware may hold this table:
        bne     t0, a0, 1f              # make the next return load ptbase again
        sw      zero, vm_loaded_root, t0
1:      mv      s0, a0                  # the root entry to look at next
2:      mv      a0, s0
        lw      a1, 16(sp)
        addi    a1, a1, PAGE_SIZE
        call    vm_next_used
        lw      t0, 16(sp)
        addi    t0, t0, PAGE_SIZE
        bgeu    a0, t0, 5f
        addi    s0, a0, 4
        lw      s1, 0(a0)
        srli    s1, s1, PAGE_SHIFT
        slli    s1, s1, PAGE_SHIFT      # a second-level table
        sw      s1, 12(sp)
3:      mv      a0, s1                  # its next mapped page
        lw      a1, 12(sp)
        addi    a1, a1, PAGE_SIZE
        call    vm_next_used
        lw      t0, 12(sp)
        addi    t0, t0, PAGE_SIZE
        bgeu    a0, t0, 4f
        addi    s1, a0, 4
        lw      a0, 0(a0)
        srli    a0, a0, PAGE_SHIFT
        slli    a0, a0, PAGE_SHIFT
        call    kfree
        j       3b
4:      lw      a0, 12(sp)
        call    kfree
        j       2b
5:      lw      a0, 16(sp)
        call    kfree
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
9:      ret

# vm_copy(a0 = new empty root, a1 = root to copy) -> 0 or -ENOMEM: give the
# new space a copy of every page of the old one, with the same bits.  On
# -ENOMEM the pages copied so far stay mapped (the caller frees the space).
vm_copy:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        sw      a0, 32(sp)              # new root
        sw      a1, 28(sp)              # old root
        mv      s0, a1                  # the old root entry to look at next
1:      mv      a0, s0
        lw      a1, 28(sp)
        addi    a1, a1, PAGE_SIZE
        call    vm_next_used
        lw      t0, 28(sp)
        addi    t0, t0, PAGE_SIZE
        bgeu    a0, t0, 4f
        lw      t0, 28(sp)              # va bits 31:22 from the entry's index
        sub     t0, a0, t0
        slli    t0, t0, 20
        sw      t0, 20(sp)
        addi    s0, a0, 4
        lw      s1, 0(a0)
        srli    s1, s1, PAGE_SHIFT
        slli    s1, s1, PAGE_SHIFT      # an old second-level table
        sw      s1, 24(sp)
2:      mv      a0, s1                  # its next mapped page
        lw      a1, 24(sp)
        addi    a1, a1, PAGE_SIZE
        call    vm_next_used
        lw      t0, 24(sp)
        addi    t1, t0, PAGE_SIZE
        bgeu    a0, t1, 1b
        addi    s1, a0, 4
        lw      t1, 0(a0)
        sw      t1, 12(sp)              # the old leaf
        sub     a1, a0, t0              # va = root bits | table index << 12
        slli    a1, a1, 10
        lw      t0, 20(sp)
        or      a1, a1, t0
        lw      a0, 32(sp)
        li      a2, 1
        call    vm_walk
        beqz    a0, 5f
        sw      a0, 8(sp)               # the new leaf's address
        call    kalloc_raw              # every byte is copied over
        beqz    a0, 5f
        sw      a0, 4(sp)
        lw      a1, 12(sp)
        srli    a1, a1, PAGE_SHIFT
        slli    a1, a1, PAGE_SHIFT
        call    kpage_copy
        lw      a0, 4(sp)
        lw      t0, 12(sp)
        andi    t0, t0, PAGE_SIZE - 1   # the old leaf's bits
        or      a0, a0, t0
        lw      t1, 8(sp)
        sw      a0, 0(t1)
        j       2b
4:      li      a0, 0
        j       6f
5:      li      a0, -ENOMEM
6:      lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# vm_activate(a0 = root): make user mode translate through this table;
# writing ptbase (which flushes the TLB) only when it changes.
vm_activate:
        la      t0, vm_loaded_root
        lw      t1, 0(t0)
        beq     t1, a0, 1f
        sw      a0, 0(t0)
        csrw    ptbase, a0
1:      ret

# vm_user_range(a0 = va, a1 = n, a2 = 1 for a write) -> a0 = physical
# address of va, a1 = bytes contiguous from there (min(n, to the end of the
# page)); or a0 = 0 unless every page of [va, va + n) is mapped for user
# access and readable (writable when a2 = 1) in the current process.  n = 0
# checks va's page only and gives a1 = 0.
vm_user_range:
        la      t0, cur_proc
        lw      t0, 0(t0)
        lw      a3, P_PTROOT(t0)        # root
        # fall through

# vm_range_in(a0 = va, a1 = n, a2 = 1 for a write, a3 = root): as
# vm_user_range, in the address space of that root table.
vm_range_in:
        li      a4, VM_PTE_LEAF | PTE_R
        beqz    a2, 1f
        li      a4, VM_PTE_LEAF | PTE_W
1:      mv      a5, a0                  # va
        beqz    a1, 2f
        addi    t0, a1, -1
        add     t0, t0, a0              # the last byte
        bltu    t0, a0, 9f              # the range wraps past 4 GiB
        j       3f
2:      mv      t0, a0
3:      srli    t0, t0, PAGE_SHIFT      # last page number
        srli    a2, a0, PAGE_SHIFT      # page number being checked
        mv      t2, a1                  # n, kept for the result
4:      srli    t1, a2, 10              # root index
        slli    t1, t1, 2
        add     t1, t1, a3
        lw      t1, 0(t1)
        andi    a0, t1, PTE_V
        beqz    a0, 9f
        srli    t1, t1, PAGE_SHIFT
        slli    t1, t1, PAGE_SHIFT
        andi    a0, a2, PT_ENTRIES - 1
        slli    a0, a0, 2
        add     t1, t1, a0
        lw      t1, 0(t1)               # the leaf
        and     a0, t1, a4
        bne     a0, a4, 9f
        srli    a0, a5, PAGE_SHIFT
        bne     a0, a2, 5f
        mv      a1, t1                  # va's own page: keep its leaf
5:      beq     a2, t0, 6f
        addi    a2, a2, 1
        j       4b
6:      srli    a0, a1, PAGE_SHIFT
        slli    a0, a0, PAGE_SHIFT
        andi    t0, a5, PAGE_SIZE - 1
        or      a0, a0, t0              # physical address of va
        li      t1, PAGE_SIZE
        sub     a1, t1, t0              # bytes to the end of the page
        bleu    a1, t2, 7f
        mv      a1, t2
7:      ret
9:      li      a0, 0
        li      a1, 0
        ret

# vm_copy_user(a0 = user address, a1 = kernel address, a2 = n, a3 = 1 to
# write user memory) -> 0 or -EFAULT: copyin and copyout.  The whole user
# range is checked before the first byte moves.
vm_copy_user:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 16(sp)              # kernel address
        sw      a3, 12(sp)              # direction
        mv      s0, a0                  # user address
        mv      s1, a2                  # bytes left
1:      beqz    s1, 3f
        mv      a0, s0
        mv      a1, s1
        lw      a2, 12(sp)
        call    vm_user_range
        beqz    a0, 4f
        add     s0, s0, a1
        sub     s1, s1, a1
        lw      t0, 16(sp)
        add     t1, t0, a1
        sw      t1, 16(sp)
        mv      a2, a1
        lw      t1, 12(sp)
        beqz    t1, 2f
        mv      a1, t0                  # copyout: user <- kernel
        call    memcpy
        j       1b
2:      mv      a1, a0                  # copyin: kernel <- user
        mv      a0, t0
        call    memcpy
        j       1b
3:      li      a0, 0
        j       5f
4:      li      a0, -EFAULT
5:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# copyin(a0 = kernel destination, a1 = user source, a2 = n) -> 0 or -EFAULT.
copyin:
        mv      t0, a0
        mv      a0, a1
        mv      a1, t0
        li      a3, 0
        j       vm_copy_user

# copyout(a0 = user destination, a1 = kernel source, a2 = n) -> 0 or -EFAULT.
copyout:
        li      a3, 1
        j       vm_copy_user

# copyinstr(a0 = kernel destination, a1 = user string, a2 = max bytes with
# the NUL) -> length without the NUL; -EFAULT if the string runs into
# memory the process cannot read, -ENAMETOOLONG if it has no NUL within max.
copyinstr:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)              # kernel destination (start)
        sw      a2, 12(sp)              # max
        mv      s0, a1                  # user address of the next byte
        li      s1, 0                   # bytes copied
1:      lw      t0, 12(sp)
        bgeu    s1, t0, 8f
        sub     a1, t0, s1              # at most the rest of max,
        andi    t0, s0, PAGE_SIZE - 1
        li      t1, PAGE_SIZE
        sub     t0, t1, t0              # and of this page
        bleu    a1, t0, 2f
        mv      a1, t0
2:      mv      a0, s0
        li      a2, 0
        call    vm_user_range
        beqz    a0, 9f
        lw      t0, 16(sp)
        add     t0, t0, s1              # where the bytes go
        add     a1, a1, a0              # end of the chunk
3:      lbu     t1, 0(a0)
        sb      t1, 0(t0)
        beqz    t1, 7f
        addi    a0, a0, 1
        addi    t0, t0, 1
        addi    s0, s0, 1
        addi    s1, s1, 1
        bne     a0, a1, 3b
        j       1b
7:      mv      a0, s1
        j       10f
8:      li      a0, -ENAMETOOLONG
        j       10f
9:      li      a0, -EFAULT
10:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# sys_sbrk(increment) -> the old end of cur_proc's heap.  Growing maps zeroed
# pages, shrinking frees them; -ENOMEM past HEAP_LIMIT or when memory runs
# out (the heap is then as it was), -EINVAL below the start of the heap.
sys_sbrk:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        lw      s0, cur_proc
        lw      s1, P_BRK(s0)           # old end
        add     t0, s1, a0              # new end
        sw      t0, 16(sp)
        beqz    a0, 8f
        bltz    a0, 5f
        bltu    t0, s1, 4f              # wrapped
        li      t1, HEAP_LIMIT
        bgtu    t0, t1, 4f
        li      t2, PAGE_SIZE - 1       # map [pageup(old), pageup(new))
        add     a1, s1, t2
        add     a2, t0, t2
        not     t2, t2
        and     a1, a1, t2
        and     a2, a2, t2
        sw      a1, 12(sp)
        sw      a2, 8(sp)
        lw      a0, P_PTROOT(s0)
        li      a3, PTE_V | PTE_U | PTE_R | PTE_W
        call    vm_alloc_range
        bltz    a0, 3f
        slli    a0, a0, PAGE_SHIFT
        lw      t0, P_MEM(s0)
        add     t0, t0, a0
        sw      t0, P_MEM(s0)
        j       7f
3:      lw      a0, P_PTROOT(s0)        # out of memory: undo
        lw      a1, 12(sp)
        lw      a2, 8(sp)
        call    vm_free_range
4:      li      a0, -ENOMEM
        j       9f
5:      lw      t1, P_HEAP(s0)          # shrink: not below the heap's start
        bltu    t0, t1, 6f
        bgeu    t0, s1, 6f              # (a decrement that wrapped)
        li      t2, PAGE_SIZE - 1       # unmap [pageup(new), pageup(old))
        add     a1, t0, t2
        add     a2, s1, t2
        not     t2, t2
        and     a1, a1, t2
        and     a2, a2, t2
        lw      a0, P_PTROOT(s0)
        call    vm_free_range
        slli    a0, a0, PAGE_SHIFT
        lw      t0, P_MEM(s0)
        sub     t0, t0, a0
        sw      t0, P_MEM(s0)
        j       7f
6:      li      a0, -EINVAL
        j       9f
7:      lw      t0, 16(sp)
        sw      t0, P_BRK(s0)
8:      mv      a0, s1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

        .data
        .balign 4
vm_loaded_root: .word   0       # the table ptbase holds (0: reload at the next return)
