# orphans.s -- init: a child leaves a grandchild behind; init adopts it
# and reaps both.  procs lists the processes with their parents, states,
# sizes and names, and checks its buffer.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    fork
        bnez    a0, 2f
        call    fork                    # the child: a grandchild, then exit(5)
        bnez    a0, 1f
        li      a0, 5                   # the grandchild outlives its parent
        call    sleep
        call    list
        li      a0, 6
        call    exit
1:      li      a0, 5
        call    exit
2:      li      s0, 2
3:      li      a0, -1
        mv      a1, sp
        call    wait
        mv      a1, a0
        lw      a2, 0(sp)
        la      a0, reaped
        call    printf
        addi    s0, s0, -1
        bnez    s0, 3b
        li      a0, 0x70000000          # a buffer that is not there
        li      a1, 4
        call    procs
        mv      a1, a0
        la      a0, badbuf
        call    printf
        li      a0, 0
        call    poweroff

# list(): print the process table as procs gives it.
list:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        la      a0, table
        li      a1, 64
        call    procs
        mv      s1, a0
        la      s0, table
1:      beqz    s1, 2f
        lw      a1, PROCINFO_PID(s0)
        lw      a2, PROCINFO_PPID(s0)
        lw      a3, PROCINFO_STATE(s0)
        lw      a4, PROCINFO_MEM(s0)
        srli    a4, a4, 12
        addi    a5, s0, PROCINFO_NAME
        la      a0, line
        call    printf
        addi    s0, s0, PROCINFO_SIZE
        addi    s1, s1, -1
        j       1b
2:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .data
reaped: .asciz  "reaped pid %d status %d\n"
badbuf: .asciz  "procs into a bad buffer: %d\n"
line:   .asciz  "pid %d ppid %d state %d pages %d name %s\n"
        .bss
table:  .space  64 * PROCINFO_SIZE
