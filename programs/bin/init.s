# init.s -- process 1: starts the shell, reaps orphans, powers off.
#
# The kernel starts init with fds 0, 1 and 2 on the console.  init ignores
# Ctrl-C (setintr(1)) and runs /bin/sh as "sh" in a child.  It waits for
# any child: orphans given to it are reaped on the way; when the shell
# itself ends:
#
# - with a status below 128 (it exited: `exit` or the end of its input):
#   sync and poweroff(0);
# - with 128 or more (killed: by a fault, kill()): "init: shell died
#   (status N), restarting" and a new shell.  A shell that keeps dying at
#   once (RESPAWN_MAX times in a row, each within RESPAWN_TICKS) is given
#   up: "init: shell died (status N) again at once; powering off" and
#   poweroff(1).
#
# If /bin/sh cannot be started, the child prints "init: cannot start
# /bin/sh: message" and powers the machine off with status 1 itself (init
# could not tell its exit apart from the shell's own `exit 1`).

        .include "runtime.s"

        .equ    RESPAWN_TICKS, 10       # a shell that dies within this...
        .equ    RESPAWN_MAX, 5          # ...this many times in a row: give up

        .text

# main(argc, argv): never returns.
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, 1
        call    setintr
.Linit_start:
        call    uptime
        sw      a0, started, t0
        call    fork
        bltz    a0, .Linit_forkfail
        beqz    a0, .Linit_child
        mv      s0, a0                  # the shell's pid
.Linit_wait:
        li      a0, -1
        la      a1, status
        call    wait
        bltz    a0, .Linit_waitfail
        bne     a0, s0, .Linit_wait     # an orphan: reaped
        lw      a1, status
        li      t0, 128
        blt     a1, t0, .Linit_halt     # the shell exited
        call    uptime                  # killed: dying at once, again and again?
        lw      t0, started
        sub     a0, a0, t0
        li      t0, RESPAWN_TICKS
        bge     a0, t0, 1f
        lw      t0, quick_deaths
        addi    t0, t0, 1
        sw      t0, quick_deaths, t1
        li      t1, RESPAWN_MAX
        blt     t0, t1, 2f
        lw      a1, status
        la      a0, s_giveup
        call    eprintf
        li      a0, 1
        call    poweroff
1:      sw      zero, quick_deaths, t0
2:      lw      a1, status
        la      a0, s_died
        call    eprintf
        j       .Linit_start

.Linit_halt:
        call    sync
        li      a0, 0
        call    poweroff

# The child: become the shell.
.Linit_child:
        la      a0, s_shpath
        la      a1, sh_argv
        call    exec
        call    strerror
        mv      a1, a0
        la      a0, s_cannot
        call    eprintf
        li      a0, 1
        call    poweroff

.Linit_forkfail:
        call    strerror
        mv      a1, a0
        la      a0, s_forkfail
        call    eprintf
        li      a0, 1
        call    poweroff

.Linit_waitfail:                        # no child, yet the shell was not reported
        call    strerror
        mv      a1, a0
        la      a0, s_waitfail
        call    eprintf
        j       .Linit_start

        .section .rodata
s_shpath:       .asciz  "/bin/sh"
s_sh:           .asciz  "sh"
s_cannot:       .asciz  "init: cannot start /bin/sh: %s\n"
s_died:         .asciz  "init: shell died (status %d), restarting\n"
s_giveup:       .asciz  "init: shell died (status %d) again at once; powering off\n"
s_forkfail:     .asciz  "init: fork: %s\n"
s_waitfail:     .asciz  "init: wait: %s\n"
        .balign 4
sh_argv:        .word   s_sh, 0

        .bss
        .balign 4
status:         .space  4               # from wait
started:        .space  4               # uptime when the shell was started
quick_deaths:   .space  4               # shells in a row that died at once
