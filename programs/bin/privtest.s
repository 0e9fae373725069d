# privtest -- check that the microkernel refuses what a user process was not
# given (docs/micro.md, "Privileges"): ports, interrupt lines, kernel calls,
# messages to anyone but PM, other processes' memory.  One line per case,
#   privtest: NAME: ok         or     privtest: NAME: FAILED (got X)
# and the number of failures as the exit status.  The kernel logs every
# refusal on the console.  On the monolithic kernel (KC_NULL answers
# -ENOSYS) it says so and exits 0.

        .include "runtime.s"
        .include "micro.inc"            # KC_*, IPC_*, EP_*, PM_PING
        .include "ports.inc"            # UART_DATA, DISK_DATA
        .include "traps.inc"            # IRQ_CONSOLE

        .equ PT_GRANTS, 8               # grant ids tried: 0..7 (each refusal is logged)

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      a5, KC_NULL
        syscall
        beqz    a0, 1f
        la      a0, pt_s_mono
        call    printf
        li      a0, 0
        j       9f

1:      li      a0, UART_DATA           # a port outside its (empty) ranges
        li      a1, 0
        li      a2, 0
        li      a5, KC_DEVIO
        syscall
        mv      a1, a0
        la      a0, pt_s_devio
        li      a2, -EPERM
        call    pt_check

        li      a0, DISK_DATA
        li      a1, GRANT_SELF
        la      a2, pt_buf
        li      a3, 1
        li      a4, 0
        li      a5, KC_DEVIO_BLOCK
        syscall
        mv      a1, a0
        la      a0, pt_s_devio_block
        li      a2, -EPERM
        call    pt_check

        li      a0, IRQ_CONSOLE
        li      a1, 1
        li      a5, KC_IRQCTL
        syscall
        mv      a1, a0
        la      a0, pt_s_irqctl
        li      a2, -EPERM
        call    pt_check

        li      a0, BLK_SECTORS         # a message to the disk driver
        li      a1, 0
        li      a2, 0
        li      a3, 0
        li      a4, 0
        li      t0, EP_DISK
        li      a5, IPC_SEND
        syscall
        mv      a1, a5
        la      a0, pt_s_send
        li      a2, -EPERM
        call    pt_check

        li      t0, EP_TTY
        li      a5, IPC_NOTIFY
        syscall
        mv      a1, a5
        la      a0, pt_s_notify
        li      a2, -EPERM
        call    pt_check

        li      s0, 0                   # grant ids 0..7: none is ours
        li      s1, -EPERM              # the first result that is not -EPERM
2:      li      t0, PT_GRANTS
        bgeu    s0, t0, 3f
        mv      a0, s0
        li      a1, 0
        la      a2, pt_buf
        li      a3, 4
        li      a4, 0
        li      a5, KC_SAFECOPY
        syscall
        addi    s0, s0, 1
        li      t0, -EPERM
        beq     a0, t0, 2b
        mv      s1, a0
3:      mv      a1, s1
        la      a0, pt_s_safecopy
        li      a2, -EPERM
        call    pt_check

        li      a0, EP_FS
        li      a1, STATUS_KILLED
        li      a5, KC_KILL
        syscall
        mv      a1, a0
        la      a0, pt_s_kill
        li      a2, -EPERM
        call    pt_check

        li      a0, PM_PING             # the one thing allowed: a call to PM
        li      a1, 0
        li      a2, 0
        li      a3, 0
        li      a4, 0
        li      t0, EP_PM
        li      a5, IPC_SENDREC
        syscall
        mv      a1, a5                  # the status, else the reply's m0
        bnez    a1, 4f
        mv      a1, a0
4:      la      a0, pt_s_ping
        li      a2, 0
        call    pt_check

        li      a5, KC_NULL
        syscall
        mv      a1, a0
        la      a0, pt_s_null
        li      a2, 0
        call    pt_check

        lw      a0, pt_failures
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pt_check(name a0, got a1, expected a2): print the case's line; count a
# failure.
pt_check:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        beq     a1, a2, 1f
        la      t0, pt_failures
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        mv      a2, a1
        mv      a1, a0
        la      a0, pt_s_failed
        call    printf
        j       2f
1:      mv      a1, a0
        la      a0, pt_s_ok
        call    printf
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
pt_s_mono:      .asciz  "privtest: not a microkernel\n"
pt_s_ok:        .asciz  "privtest: %s: ok\n"
pt_s_failed:    .asciz  "privtest: %s: FAILED (got %d)\n"
pt_s_devio:     .asciz  "devio"
pt_s_devio_block: .asciz "devio_block"
pt_s_irqctl:    .asciz  "irqctl"
pt_s_send:      .asciz  "send to disk"
pt_s_notify:    .asciz  "notify tty"
pt_s_safecopy:  .asciz  "safecopy"
pt_s_kill:      .asciz  "kill"
pt_s_ping:      .asciz  "ping pm"
pt_s_null:      .asciz  "null"

        .bss
        .balign 4
pt_failures:    .space  4
pt_buf:         .space  16
