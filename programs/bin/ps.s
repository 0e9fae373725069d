# ps -- list the processes: PID, parent's PID, state, bytes of user
# memory, name.

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, 1
        beq     a0, t0, 1f
        la      a0, ps_s_usage
        call    eprintf
        li      a0, 2
        j       9f
1:      la      a0, ps_buf
        li      a1, NPROC
        call    procs
        bgez    a0, 2f
        mv      a1, a0
        la      a0, ps_s_name
        call    perror
        li      a0, 1
        j       9f
2:      mv      s1, a0                  # records
        la      s0, ps_buf
        la      a0, ps_s_head
        call    printf
3:      beqz    s1, 8f
        lw      t0, PROCINFO_STATE(s0)
        li      t1, PROC_ZOMBIE
        bleu    t0, t1, 4f
        li      t0, PROC_ZOMBIE + 1     # unknown state: "?"
4:      slli    t0, t0, 2
        la      t1, ps_states
        add     t1, t1, t0
        lw      a3, 0(t1)
        lw      a1, PROCINFO_PID(s0)
        lw      a2, PROCINFO_PPID(s0)
        lw      a4, PROCINFO_MEM(s0)
        sb      zero, PROCINFO_NAME + 15(s0)    # make sure the name ends
        addi    a5, s0, PROCINFO_NAME
        la      a0, ps_s_row
        call    printf
        addi    s0, s0, PROCINFO_SIZE
        addi    s1, s1, -1
        j       3b
8:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
ps_s_usage:     .asciz  "usage: ps\n"
ps_s_name:      .asciz  "ps"
ps_s_head:      .asciz  "  PID  PPID STATE         MEM NAME\n"
ps_s_row:       .asciz  "%5u %5u %-8s %8u %s\n"
ps_st_unused:   .asciz  "unused"
ps_st_embryo:   .asciz  "embryo"
ps_st_sleep:    .asciz  "sleep"
ps_st_runble:   .asciz  "runnable"
ps_st_run:      .asciz  "run"
ps_st_zombie:   .asciz  "zombie"
ps_st_unknown:  .asciz  "?"
        .balign 4
ps_states:
        .word   ps_st_unused, ps_st_embryo, ps_st_sleep, ps_st_runble
        .word   ps_st_run, ps_st_zombie, ps_st_unknown

        .bss
        .balign 4
ps_buf:         .space  NPROC * PROCINFO_SIZE
