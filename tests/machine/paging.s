# Paging: user-mode accesses go through two-level page tables with V, R, W,
# X and U bits; faults carry the virtual address; the TLB keeps a stale
# translation until tlbflush (or a ptbase write), as hardware does.
.include "test.inc"

# identity-map `page` with `flags` in the second-level table
.macro MAP page, flags
    la t0, \page
    srli t1, t0, 12
    andi t1, t1, 1023
    slli t1, t1, 2
    la t2, l2
    add t1, t1, t2
    ori t0, t0, \flags
    sw t0, 0(t1)
.endm

TEST_START
    # root[0] -> l2; the code is user-executable, `data` user read/write,
    # `rodata` user read-only, `kdata` kernel only, `xonly` execute-only
    la t0, l2
    ori t0, t0, PTE_V
    la t1, root
    sw t0, 0(t1)
    MAP code_page, PTE_V | PTE_U | PTE_R | PTE_X
    MAP code_page2, PTE_V | PTE_U | PTE_R | PTE_X
    MAP data, PTE_V | PTE_U | PTE_R | PTE_W
    MAP rodata, PTE_V | PTE_U | PTE_R
    MAP kdata, PTE_V | PTE_R | PTE_W
    MAP xonly, PTE_V | PTE_U | PTE_X
    la t0, root
    csrrw zero, ptbase, t0
    li t0, STATUS_PAGING
    csrrs zero, status, t0
    j code_page

    .balign 4096
code_page:
    # 1: user loads and stores on a mapped writable page work
    li gp, 1
    ENTER_USER
    la a1, data
    li a0, 0x5A5A
    sw a0, 8(a1)
    lw a2, 8(a1)
    li gp, 1
    bne a2, a0, fail              # (from user mode, fail's `out` traps to the
                                  #  handler, which goes to fail in kernel mode)
    BACK_TO_KERNEL
    # 2: a store to a read-only page is a store page fault at that address
    EXPECT_TRAP 2, CAUSE_STORE_FAULT
    ENTER_USER
    la a1, rodata
    sw a0, 4(a1)
    EXPECT_TRAP_END 2
    la t0, rodata + 4
    li gp, 2
    bne a4, t0, fail
    # 3: reading it is fine
    ENTER_USER
    lw a2, 0(a1)
    BACK_TO_KERNEL
    CHECK 3, a2, 0x11223344
    # 4: a kernel-only page (no U) is a load page fault from user mode
    EXPECT_TRAP 4, CAUSE_LOAD_FAULT
    ENTER_USER
    la a1, kdata
    lw a0, 0(a1)
    EXPECT_TRAP_END 4
    # 5: an unmapped page
    EXPECT_TRAP 5, CAUSE_LOAD_FAULT
    ENTER_USER
    li a1, 0x00800010
    lbu a0, 0(a1)
    EXPECT_TRAP_END 5
    CHECK 5, a4, 0x00800010
    # 6: execute-only: reads fault, fetches work
    EXPECT_TRAP 6, CAUSE_LOAD_FAULT
    ENTER_USER
    la a1, xonly
    lw a0, 0(a1)
    EXPECT_TRAP_END 6
    ENTER_USER
    jal ra, xonly                 # returns 42 in a0
    BACK_TO_KERNEL
    CHECK 7, a0, 42
    # 8: fetching from a page without X is a fetch page fault (epc = badaddr = target)
    li gp, 8
    li s1, CAUSE_FETCH_FAULT
    SET_TVEC fetch_handler
    ENTER_USER
    la t1, data
    jalr ra, 0(t1)
    li gp, 8
    la t0, data
    bne a4, t0, fail
    bne a5, t0, fail
    li s1, 0
    SET_TVEC expect_trap_handler
    j code_page2

    .balign 4096
code_page2:
    # 9: the TLB keeps a translation until tlbflush: remap `data` to `rodata`'s frame
    ENTER_USER
    la a1, data
    lw a0, 0(a1)                  # cached: data -> data
    BACK_TO_KERNEL
    la t0, rodata
    ori t0, t0, PTE_V | PTE_U | PTE_R | PTE_W
    la t1, data
    srli t1, t1, 12
    andi t1, t1, 1023
    slli t1, t1, 2
    la t2, l2
    add t1, t1, t2
    sw t0, 0(t1)                  # data's entry now points at rodata
    ENTER_USER
    lw a2, 0(a1)                  # still the old frame
    BACK_TO_KERNEL
    li gp, 9
    bne a2, a0, fail
    tlbflush
    ENTER_USER
    lw a2, 0(a1)                  # now rodata's word
    BACK_TO_KERNEL
    CHECK 10, a2, 0x11223344
    # 11: kernel mode ignores the page tables (physical addresses)
    la a1, kdata
    lw a0, 0(a1)
    CHECK 11, a0, 0xCAFEF00D
    j pass


# for fetch faults: resume at ra in kernel mode
fetch_handler:
    csrrs t0, cause, zero
    bne t0, s1, fail
    csrrs a4, badaddr, zero
    csrrs a5, epc, zero
    csrrw zero, epc, ra
    li t0, STATUS_KERNEL | STATUS_PKERNEL | STATUS_PAGING
    csrrw zero, status, t0
    eret

TEST_END

    .balign 4096
xonly:
    li a0, 42
    ret

    .data
    .balign 4096
data: .space 4096
rodata: .word 0x11223344
    .balign 4096
kdata: .word 0xCAFEF00D
    .balign 4096
    .bss
    .balign 4096
root: .space 4096
l2: .space 4096
