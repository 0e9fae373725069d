# lsmod -- list the loaded modules, in load order, as Linux's lsmod does:
#
#   Module                  Size  Used by
#   fat16                  24576  1
#   bcache                  8192  1 fat16
#
# Size is the bytes of memory the module holds; "Used by" the count of its
# references (modules that depend on it, open files, devices, mounts) and
# the names of the modules that depend on it.

        .include "runtime.s"
        .include "modtool.s"

        .text
        MT_MAIN ls_s_name, 1, 1, ls_s_usage
        mv      s1, a0                  # records
        la      s0, mt_mods
        la      a0, ls_s_head
        call    printf
3:      beqz    s1, 8f
        mv      a1, s0
        lw      a2, MODSTAT_BYTES(s0)
        lw      a3, MODSTAT_REFS(s0)
        addi    a4, s0, MODSTAT_USERS
        lbu     t0, 0(a4)
        la      a0, ls_s_row
        beqz    t0, 4f
        la      a0, ls_s_rowby
4:      call    printf
        addi    s0, s0, MODSTAT_SIZE
        addi    s1, s1, -1
        j       3b
8:      li      a0, 0
9:      LEAVE

        .section .rodata
ls_s_usage:     .asciz  "usage: lsmod\n"
ls_s_name:      .asciz  "lsmod"
ls_s_head:      .asciz  "Module                  Size  Used by\n"
ls_s_row:       .asciz  "%-19s %8u  %u\n"
ls_s_rowby:     .asciz  "%-19s %8u  %u %s\n"
