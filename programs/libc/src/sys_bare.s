# sys_bare.s -- the few "system calls" of --target bare, on the devices
# directly (kernel mode under `k32 run`; docs/machine.md):
#   write(fd, buf, n)   fd 1 -> the UART (stdout), fd 2 -> the debug-print
#                       port (stderr); other fds: -1, errno EBADF
#   read(0, buf, n)     from the UART: waits for a byte, then takes what is
#                       there up to n bytes or a newline; 0 at end of input
#   sbrk(n)             over a static 1 MiB heap (.bss); -1, ENOMEM past it
#   _exit(status)       the debug-exit port: the run ends with status & 0xFF
# The other calls of unistd.h do not exist here: a program that uses one
# does not link ("undefined symbol").

        .include "k32.inc"

        .equ    BARE_HEAP_SIZE, 0x100000

        .text

        .globl  _exit
        .type   _exit, @function
_exit:  out     a0, DEBUG_EXIT
        halt
        j       _exit

        .globl  write
        .type   write, @function
write:  li      t0, 1
        beq     a0, t0, 1f
        li      t0, 2
        bne     a0, t0, bare_ebadf
        li      t0, DEBUG_PRINT
        j       2f
1:      li      t0, UART_DATA
2:      mv      a0, a2
3:      blez    a2, 4f
        lbu     t1, 0(a1)
        out     t1, 0(t0)
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       3b
4:      ret

        .globl  read
        .type   read, @function
read:   bnez    a0, bare_ebadf
        mv      t2, a0                  # bytes read
        blez    a2, 4f
1:      in      t0, UART_LSR
        andi    t1, t0, LSR_DATA_READY
        bnez    t1, 2f
        bnez    t2, 4f                  # nothing more now: return what we have
        andi    t1, t0, LSR_EOF
        bnez    t1, 4f
        j       1b
2:      in      t0, UART_DATA
        add     t1, a1, t2
        sb      t0, 0(t1)
        addi    t2, t2, 1
        li      t1, '\n'
        beq     t0, t1, 4f
        bltu    t2, a2, 1b
4:      mv      a0, t2
        ret

        .globl  sbrk
        .type   sbrk, @function
sbrk:   la      t0, bare_brk
        lw      t1, 0(t0)
        bnez    t1, 1f
        la      t1, bare_heap           # first call
1:      add     t2, t1, a0
        la      a1, bare_heap
        bltu    t2, a1, 2f
        li      a2, BARE_HEAP_SIZE
        add     a1, a1, a2
        bgtu    t2, a1, 2f
        sw      t2, 0(t0)
        mv      a0, t1
        ret
2:      li      a0, ENOMEM
        j       bare_fail

bare_ebadf:
        li      a0, EBADF
bare_fail:
        la      t0, errno
        sw      a0, 0(t0)
        li      a0, -1
        ret

        .bss
        .balign 4
bare_brk:       .space  4
        .balign 4096
bare_heap:      .space  BARE_HEAP_SIZE
