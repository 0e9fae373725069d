# service -- the microkernel's services (docs/micro.md).
#
#   service list              label, pid (endpoint), state and restarts of each
#   service kill LABEL        kill it as a crash would (RS restarts it)
#   service restart LABEL     kill it and restart it at once
#   service up PATH           start the driver program PATH (RS's table says
#                             its device class), bound to that device on the
#                             hot-plug bus, as MINIX's `service up`
#
# kill, restart and up print nothing when they work.  Errors go to stderr with
# status 1; the monolithic kernel has no services (-ENOSYS).

        .include "runtime.s"
        .include "micro.inc"            # SERVICE_*, SVC_*, SERVICEINFO_*

        .equ SVC_MAX, 16                # records service list asks for

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0                  # argc
        mv      s1, a1                  # argv
        li      t0, 2
        bne     s0, t0, 1f
        lw      a0, 4(s1)
        la      a1, svc_s_list
        call    strcmp
        bnez    a0, .Lusage
        call    svc_list
        j       9f
1:      li      t0, 3
        bne     s0, t0, .Lusage
        lw      a0, 4(s1)
        la      a1, svc_s_kill
        call    strcmp
        li      s0, SERVICE_KILL
        beqz    a0, 2f
        lw      a0, 4(s1)
        la      a1, svc_s_restart
        call    strcmp
        li      s0, SERVICE_RESTART
        beqz    a0, 2f
        lw      a0, 4(s1)
        la      a1, svc_s_up
        call    strcmp
        li      s0, SERVICE_UP
        bnez    a0, .Lusage
2:      mv      a0, s0
        lw      a1, 8(s1)               # the label
        li      a2, 0
        li      a3, 0
        call    service
        bgez    a0, 8f
        lw      a1, 8(s1)
        call    svc_error
        j       9f
.Lusage:
        la      a0, svc_s_usage
        call    eprintf
        li      a0, 1
        j       9f
8:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# svc_list() -> exit status: the table of services.
svc_list:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      a0, SERVICE_LIST
        li      a1, 0
        la      a2, svc_buf
        li      a3, SVC_MAX
        call    service
        bgez    a0, 1f
        li      a1, 0
        call    svc_error
        j       9f
1:      mv      s1, a0                  # records
        la      s0, svc_buf
        la      a0, svc_s_head
        call    printf
2:      beqz    s1, 8f
        lw      t0, SERVICEINFO_STATE(s0)
        la      a3, svc_s_up
        li      t1, SVC_UP
        beq     t0, t1, 3f
        la      a3, svc_s_down
        li      t1, SVC_DOWN
        beq     t0, t1, 3f
        la      a3, svc_s_unknown
3:      sb      zero, SERVICEINFO_LABEL + 15(s0)    # make sure the label ends
        mv      a1, s0
        lw      a2, SERVICEINFO_PID(s0)
        lw      a4, SERVICEINFO_RESTARTS(s0)
        la      a0, svc_s_row
        call    printf
        addi    s0, s0, SERVICEINFO_SIZE
        addi    s1, s1, -1
        j       2b
8:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# svc_error(code a0, label a1) -> 1: say on stderr why service() failed.
svc_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      t0, -ENOSYS
        la      t1, svc_s_nosys
        beq     a0, t0, 1f
        li      t0, -ESRCH
        la      t1, svc_s_nosuch
        beq     a0, t0, 1f
        li      t0, -EPERM
        la      t1, svc_s_perm
        beq     a0, t0, 1f
        li      t0, -ENODEV
        la      t1, svc_s_nodev
        beq     a0, t0, 1f
        li      t0, -EBUSY
        la      t1, svc_s_busy
        beq     a0, t0, 1f
        li      t0, -EINVAL
        la      t1, svc_s_notdrv
        beq     a0, t0, 1f
        mv      a1, a0                  # anything else: its message
        la      a0, svc_s_name
        call    perror
        j       2f
1:      mv      a0, t1
        call    eprintf
2:      li      a0, 1
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
svc_s_usage:    .asciz  "usage: service list | service kill LABEL | service restart LABEL | service up PATH\n"
svc_s_name:     .asciz  "service"
svc_s_list:     .asciz  "list"
svc_s_kill:     .asciz  "kill"
svc_s_restart:  .asciz  "restart"
svc_s_nodev:    .asciz  "service: %s: no device of its class on the bus\n"
svc_s_busy:     .asciz  "service: %s is running already\n"
svc_s_notdrv:   .asciz  "service: %s is not a driver of a device\n"
svc_s_nosys:    .asciz  "service: this kernel has no services (it is the monolithic one)\n"
svc_s_nosuch:   .asciz  "service: no such service: %s\n"
svc_s_perm:     .asciz  "service: %s cannot be restarted\n"
svc_s_head:     .asciz  "LABEL     PID  STATE  RESTARTS\n"
svc_s_row:      .asciz  "%-8s%5u  %-6s %u\n"
svc_s_up:       .asciz  "up"
svc_s_down:     .asciz  "down"
svc_s_unknown:  .asciz  "?"

        .bss
        .balign 4
svc_buf:        .space  SVC_MAX * SERVICEINFO_SIZE
