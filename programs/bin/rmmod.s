# rmmod NAME -- remove a loaded module: the kernel runs its exit function
# and frees its memory.  A module in use stays ("rmmod: disk: in use by
# bcache", status 1), as does one that is not loaded ("rmmod: NAME: not
# loaded").

        .include "runtime.s"
        .include "modtool.s"

        .text
main:   ENTER
        mv      s0, a0
        mv      s1, a1
        la      a0, rm_s_name
        call    mt_needmod
        li      t0, 2
        beq     s0, t0, 1f
        la      a0, rm_s_usage
        call    eprintf
        li      a0, 2
        j       9f
1:      la      a1, mt_why
        sb      zero, 0(a1)
        lw      a0, 4(s1)
        call    modunload
        bgez    a0, 8f
        li      t0, -ENOENT
        bne     a0, t0, 2f
        lw      a1, 4(s1)
        la      a0, rm_s_notloaded
        call    eprintf
        li      a0, 1
        j       9f
2:      mv      a2, a0
        lw      a1, 4(s1)
        la      a0, rm_s_name
        la      a3, mt_why
        call    mt_fail
        j       9f
8:      li      a0, 0
9:      LEAVE

        .section .rodata
rm_s_usage:     .asciz  "usage: rmmod NAME\n"
rm_s_name:      .asciz  "rmmod"
rm_s_notloaded: .asciz  "rmmod: %s: not loaded\n"
