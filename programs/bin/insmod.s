# insmod FILE [name=value ...] -- load the module object FILE into the
# running kernel, with its parameters (joined by single spaces).  The
# kernel checks everything first; a refusal is "insmod: FILE: REASON" with
# the kernel's own reason ("insmod: rtc.ko: unknown symbol rtc_base"),
# status 1.

        .include "runtime.s"
        .include "modtool.s"

        .text
        MT_MAIN in_s_name, 2, MAXARG, in_s_usage
        addi    a0, s1, 8
        call    mt_params
        bgez    a0, 2f
        la      a0, in_s_toolong
        li      a1, MODPARAM_MAX - 1
        call    eprintf
        li      a0, 1
        j       9f
2:      sw      a0, 0(sp)               # the parameters (or 0)
        lw      a0, 4(s1)
        call    mt_readfile
        bltz    a0, 3f
        lw      a2, 0(sp)
        la      a3, mt_why
        sb      zero, 0(a3)
        call    modload
3:      mv      a2, a0
        lw      a1, 4(s1)
        la      a0, in_s_name
        call    mt_result
9:      LEAVE

        .section .rodata
in_s_usage:     .asciz  "usage: insmod FILE [name=value ...]\n"
in_s_name:      .asciz  "insmod"
in_s_toolong:   .asciz  "insmod: parameters too long (at most %u bytes)\n"
