# uptime -- time since boot in seconds with two decimals: "up 12.34 s".

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        li      t0, 1
        beq     a0, t0, 1f
        la      a0, up_s_usage
        call    eprintf
        li      a0, 2
        j       3f
1:      call    uptime
        bgez    a0, 2f
        mv      a1, a0
        la      a0, up_s_name
        call    perror
        li      a0, 1
        j       3f
2:      li      t0, HZ
        divu    a1, a0, t0              # seconds
        remu    a0, a0, t0              # ticks: hundredths when HZ = 100
        li      t1, 100
        mul     a0, a0, t1
        divu    a2, a0, t0
        la      a0, up_s_fmt
        call    printf
        li      a0, 0
3:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
up_s_usage:     .asciz  "usage: uptime\n"
up_s_name:      .asciz  "uptime"
up_s_fmt:       .asciz  "up %u.%02u s\n"
