# free -- the kernel's pages: all it manages and how many are free, and
# the same for the module area on a kernel that loads modules.
#
#               total     free
#   pages        4096     4069
#   modpages      512      506
#
# A page is 4096 bytes.  The microkernel does not report its memory.

        .include "runtime.s"

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        li      t0, 1
        beq     a0, t0, 1f
        la      a0, fr_s_usage
        call    eprintf
        li      a0, 2
        j       9f
1:      mv      a0, sp                  # 0(sp): MEMINFO record
        call    meminfo
        bgez    a0, 3f
        li      t0, -ENOSYS
        bne     a0, t0, 2f
        la      a0, fr_s_nosys
        call    eprintf
        li      a0, 1
        j       9f
2:      mv      a1, a0
        la      a0, fr_s_name
        call    perror
        li      a0, 1
        j       9f
3:      la      a0, fr_s_head
        la      a1, fr_s_total
        la      a2, fr_s_free
        call    printf
        la      a0, fr_s_row
        la      a1, fr_s_pages
        lw      a2, MEMINFO_PAGES(sp)
        lw      a3, MEMINFO_FREE(sp)
        call    printf
        lw      a2, MEMINFO_MODPAGES(sp)
        beqz    a2, 8f                  # no module area
        la      a0, fr_s_row
        la      a1, fr_s_modpages
        lw      a3, MEMINFO_MODFREE(sp)
        call    printf
8:      li      a0, 0
9:      lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

        .section .rodata
fr_s_usage:     .asciz  "usage: free\n"
fr_s_name:      .asciz  "free"
fr_s_nosys:     .asciz  "free: this kernel does not report its memory\n"
fr_s_head:      .asciz  "         %8s %8s\n"
fr_s_row:       .asciz  "%-8s %8u %8u\n"
fr_s_total:     .asciz  "total"
fr_s_free:      .asciz  "free"
fr_s_pages:     .asciz  "pages"
fr_s_modpages:  .asciz  "modpages"
