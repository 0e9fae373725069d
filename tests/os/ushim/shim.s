# shim.s -- TEST ONLY: a fake kernel for running user programs on the bare
# machine (`k32 run`, kernel mode, paging off) before the real kernel exists.
#
#   k32 run programs/bin/echo.s -I programs/lib -I tests/os/ushim -D K32_SHIM \
#       --input 'echo -n hello world\n<stdin of the program>'
#
# runtime.s includes this file at the top of _start when K32_SHIM is
# defined.  It installs a `syscall` trap handler, reads the first line of
# console input as the command line (words split at blanks; '...' or "..."
# quote a word), and falls through into _start's `call main` with a0 =
# argc, a1 = argv.  The rest of the input is the program's fd 0.
#
# System calls:
#   exit(s), poweroff(s)   end the run: DEBUG_EXIT with status s
#   write(fd, buf, n)      fd 1 -> UART (stdout), fd 2 -> DEBUG_PRINT (stderr)
#   read(0, buf, n)        from the UART like a tty: up to n bytes, stops after
#                          a newline; 0 at end of input
#   sbrk(n)                over a 1 MiB static heap; -ENOMEM beyond it
#   fstat(0..2)            T_DEV;   close(0..2) -> 0;   other fds: -EBADF
#   open, unlink, mkdir... -ENOENT (there are no files)
#   getpid -> 1; uptime -> instret / 100000; sleep -> 0
#   procs(buf, n)          one record: pid 1 "shim"; kill(1) -> 0, else -ESRCH
#   anything else          -ENOSYS
# Any other trap prints "ushim: trap cause C at pc P" on stderr and ends the
# run with status 139 (STATUS_FAULT).

        .include "k32.inc"

        .equ    USHIM_HEAP_SIZE, 0x100000
        .equ    USHIM_LINE_MAX, 1024
        .equ    USHIM_MAXARG, 32

        la      t0, ushim_trap
        csrrw   zero, tvec, t0
        la      t0, ushim_brk
        la      t1, ushim_heap
        sw      t1, 0(t0)
        # The command line: the first line of input.
        la      t0, ushim_line
        li      t2, USHIM_LINE_MAX - 1
1:      in      t1, UART_LSR
        andi    a0, t1, LSR_DATA_READY
        bnez    a0, 2f
        andi    a0, t1, LSR_EOF
        bnez    a0, 3f
        j       1b
2:      in      t1, UART_DATA
        li      a0, '\n'
        beq     t1, a0, 3f
        beqz    t2, 1b                  # too long: drop the rest
        sb      t1, 0(t0)
        addi    t0, t0, 1
        addi    t2, t2, -1
        j       1b
3:      sb      zero, 0(t0)
        # Split it in place into words.
        la      t0, ushim_line          # read position
        la      a1, ushim_argv
        li      a0, 0                   # argc
4:      lbu     t1, 0(t0)               # skip blanks
        beqz    t1, 9f
        li      t2, ' '
        beq     t1, t2, 5f
        li      t2, '\t'
        bne     t1, t2, 6f
5:      addi    t0, t0, 1
        j       4b
6:      li      t2, USHIM_MAXARG
        bgeu    a0, t2, 9f
        slli    t2, a0, 2
        add     t2, t2, a1
        mv      a2, t0                  # write position: the word is built here
        sw      a2, 0(t2)
        addi    a0, a0, 1
        li      a3, 0                   # the quote we are in, or 0
7:      lbu     t1, 0(t0)
        beqz    t1, 8f
        addi    t0, t0, 1
        beqz    a3, 10f
        bne     t1, a3, 11f
        li      a3, 0                   # closing quote
        j       7b
10:     li      t2, ' '
        beq     t1, t2, 8f
        li      t2, '\t'
        beq     t1, t2, 8f
        li      t2, '\''
        beq     t1, t2, 12f
        li      t2, '"'
        bne     t1, t2, 11f
12:     mv      a3, t1                  # opening quote
        j       7b
11:     sb      t1, 0(a2)
        addi    a2, a2, 1
        j       7b
8:      sb      zero, 0(a2)             # end of the word
        j       4b
9:      slli    t2, a0, 2               # argv[argc] = 0
        add     t2, t2, a1
        sw      zero, 0(t2)
        j       ushim_end

# The trap handler.  Only a0 changes.
ushim_trap:
        addi    sp, sp, -32
        sw      ra, 0(sp)
        sw      t0, 4(sp)
        sw      t1, 8(sp)
        sw      t2, 12(sp)
        sw      a1, 16(sp)
        sw      a2, 20(sp)
        sw      a3, 24(sp)
        sw      a4, 28(sp)
        csrr    t0, cause
        li      t1, CAUSE_SYSCALL
        bne     t0, t1, ushim_fault
        csrr    t0, epc
        addi    t0, t0, 4
        csrrw   zero, epc, t0
        li      t1, SYS_setintr
        bgtu    a5, t1, ushim_enosys
        slli    t0, a5, 2
        la      t1, ushim_calls
        add     t1, t1, t0
        lw      t1, 0(t1)
        jr      t1
ushim_return:
        lw      ra, 0(sp)
        lw      t0, 4(sp)
        lw      t1, 8(sp)
        lw      t2, 12(sp)
        lw      a1, 16(sp)
        lw      a2, 20(sp)
        lw      a3, 24(sp)
        lw      a4, 28(sp)
        addi    sp, sp, 32
        eret

ushim_fault:
        la      a1, ushim_s_trap
        call    ushim_eputs
        mv      a1, t0
        call    ushim_ehex
        la      a1, ushim_s_pc
        call    ushim_eputs
        csrr    a1, epc
        call    ushim_ehex
        li      t0, '\n'
        out     t0, DEBUG_PRINT
        li      t0, STATUS_FAULT
        out     t0, DEBUG_EXIT
        halt

# ushim_eputs(a1 = string) to stderr; changes a1, t1.
ushim_eputs:
1:      lbu     t1, 0(a1)
        beqz    t1, 2f
        out     t1, DEBUG_PRINT
        addi    a1, a1, 1
        j       1b
2:      ret

# ushim_ehex(a1): "0x" and 8 hex digits to stderr; changes a1, a2, t1, t2.
ushim_ehex:
        li      t1, '0'
        out     t1, DEBUG_PRINT
        li      t1, 'x'
        out     t1, DEBUG_PRINT
        li      a2, 8
1:      srli    t1, a1, 28
        slli    a1, a1, 4
        addi    t1, t1, '0'
        li      t2, '9'
        bleu    t1, t2, 2f
        addi    t1, t1, 'a' - '9' - 1
2:      out     t1, DEBUG_PRINT
        addi    a2, a2, -1
        bnez    a2, 1b
        ret

ushim_enosys:
        li      a0, -ENOSYS
        j       ushim_return
ushim_enoent:
        li      a0, -ENOENT
        j       ushim_return
ushim_ebadf:
        li      a0, -EBADF
        j       ushim_return
ushim_zero:
        li      a0, 0
        j       ushim_return

ushim_exit:
        out     a0, DEBUG_EXIT
        halt

ushim_write:
        li      t0, 1
        beq     a0, t0, 1f
        li      t0, 2
        bne     a0, t0, ushim_ebadf
        li      t0, DEBUG_PRINT
        j       2f
1:      li      t0, UART_DATA
2:      mv      a0, a2
3:      blez    a2, ushim_return
        lbu     t1, 0(a1)
        out     t1, 0(t0)
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       3b

ushim_read:
        bnez    a0, ushim_ebadf
        li      a0, 0
        blez    a2, ushim_return
1:      in      t1, UART_LSR
        andi    t2, t1, LSR_DATA_READY
        bnez    t2, 2f
        bnez    a0, ushim_return        # nothing more now: return what we have
        andi    t2, t1, LSR_EOF
        bnez    t2, ushim_return
        j       1b
2:      in      t1, UART_DATA
        sb      t1, 0(a1)
        addi    a1, a1, 1
        addi    a0, a0, 1
        li      t2, '\n'
        beq     t1, t2, ushim_return
        bltu    a0, a2, 1b
        j       ushim_return

ushim_sbrk:
        la      t0, ushim_brk
        lw      t1, 0(t0)
        add     t2, t1, a0
        la      a1, ushim_heap
        bltu    t2, a1, 1f
        li      a2, USHIM_HEAP_SIZE
        add     a1, a1, a2
        bgtu    t2, a1, 1f
        sw      t2, 0(t0)
        mv      a0, t1
        j       ushim_return
1:      li      a0, -ENOMEM
        j       ushim_return

ushim_fstat:
        li      t0, 3
        bgeu    a0, t0, ushim_ebadf
        li      t0, T_DEV
        sw      t0, STAT_TYPE(a1)
        sw      zero, STAT_FSIZE(a1)
        sw      zero, STAT_INO(a1)
        sw      zero, STAT_ATTR(a1)
        j       ushim_zero

ushim_close:
        li      t0, 3
        bgeu    a0, t0, ushim_ebadf
        j       ushim_zero

ushim_getpid:
        li      a0, 1
        j       ushim_return

ushim_uptime:
        csrr    a0, instret
        li      t0, 100000
        divu    a0, a0, t0
        j       ushim_return

ushim_kill:
        li      t0, 1
        beq     a0, t0, ushim_zero
        li      a0, -ESRCH
        j       ushim_return

ushim_procs:
        blez    a1, ushim_zero
        li      t0, 1
        sw      t0, PROCINFO_PID(a0)
        sw      zero, PROCINFO_PPID(a0)
        li      t0, PROC_RUNNING
        sw      t0, PROCINFO_STATE(a0)
        li      t0, 12288
        sw      t0, PROCINFO_MEM(a0)
        li      t0, 0x6d696873          # "shim"
        sw      t0, PROCINFO_NAME(a0)
        sw      zero, PROCINFO_NAME+4(a0)
        li      a0, 1
        j       ushim_return

        .section .rodata
        .balign 4
ushim_calls:
        .word   ushim_enosys            # 0
        .word   ushim_exit              # exit
        .word   ushim_enosys            # fork
        .word   ushim_enoent            # exec
        .word   ushim_enosys            # wait
        .word   ushim_kill              # kill
        .word   ushim_getpid            # getpid
        .word   ushim_sbrk              # sbrk
        .word   ushim_zero              # sleep
        .word   ushim_uptime            # uptime
        .word   ushim_enoent            # open
        .word   ushim_close             # close
        .word   ushim_read              # read
        .word   ushim_write             # write
        .word   ushim_ebadf             # lseek
        .word   ushim_fstat             # fstat
        .word   ushim_enoent            # unlink
        .word   ushim_enoent            # mkdir
        .word   ushim_enoent            # rmdir
        .word   ushim_enoent            # chdir
        .word   ushim_enosys            # dup
        .word   ushim_enosys            # pipe
        .word   ushim_ebadf             # getdents
        .word   ushim_zero              # sync
        .word   ushim_exit              # poweroff
        .word   ushim_procs             # procs
        .word   ushim_zero              # setintr
ushim_s_trap:   .asciz  "ushim: trap cause "
ushim_s_pc:     .asciz  " at pc "

        .bss
        .balign 4
ushim_brk:      .space  4
ushim_argv:     .space  4 * (USHIM_MAXARG + 1)
ushim_line:     .space  USHIM_LINE_MAX
        .balign 4096
ushim_heap:     .space  USHIM_HEAP_SIZE

        .text
ushim_end:
