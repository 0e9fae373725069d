# rmmod NAME -- remove a loaded module: the kernel runs its exit function
# and frees its memory.  A module in use stays ("rmmod: disk: in use by
# bcache", status 1), as does one that is not loaded ("rmmod: NAME: not
# loaded").

        .include "runtime.s"
        .include "modtool.s"

        .text
        MT_MAIN rm_s_name, 2, 2, rm_s_usage
        la      a1, mt_why
        sb      zero, 0(a1)
        lw      a0, 4(s1)
        call    modunload
        li      t0, -ENOENT
        beq     a0, t0, 2f
        mv      a2, a0
        lw      a1, 4(s1)
        la      a0, rm_s_name
        call    mt_result
        j       9f
2:      lw      a1, 4(s1)
        la      a0, rm_s_notloaded
        call    eprintf
        li      a0, 1
9:      LEAVE

        .section .rodata
rm_s_usage:     .asciz  "usage: rmmod NAME\n"
rm_s_name:      .asciz  "rmmod"
rm_s_notloaded: .asciz  "rmmod: %s: not loaded\n"
