# sys_os.s -- the system calls as C functions (--target os).
#
# Number in a5, arguments in a0..a4, `syscall`, result in a0 (isa/abi.py).
# A result in -4095..-1 is a failure: the function stores the code in errno
# and returns -1, as POSIX functions do (sbrk: (void *)-1).

        .include "syscalls.inc"

        .text

.macro  K32_CALL name, number
        .globl  \name
        .type   \name, @function
\name:  li      a5, \number
        syscall
        j       __k32_result
.endm

        K32_CALL _exit, SYS_exit
        K32_CALL fork, SYS_fork
        K32_CALL execv, SYS_exec
        K32_CALL k32_exec, SYS_exec
        K32_CALL k32_wait, SYS_wait
        K32_CALL kill, SYS_kill
        K32_CALL getpid, SYS_getpid
        K32_CALL sbrk, SYS_sbrk
        K32_CALL sleep, SYS_sleep
        K32_CALL uptime, SYS_uptime
        K32_CALL open, SYS_open
        K32_CALL close, SYS_close
        K32_CALL read, SYS_read
        K32_CALL write, SYS_write
        K32_CALL lseek, SYS_lseek
        K32_CALL fstat, SYS_fstat
        K32_CALL unlink, SYS_unlink
        K32_CALL mkdir, SYS_mkdir
        K32_CALL rmdir, SYS_rmdir
        K32_CALL chdir, SYS_chdir
        K32_CALL dup, SYS_dup
        K32_CALL pipe, SYS_pipe
        K32_CALL getdents, SYS_getdents
        K32_CALL sync, SYS_sync
        K32_CALL poweroff, SYS_poweroff
        K32_CALL procs, SYS_procs
        K32_CALL setintr, SYS_setintr

# a0 = a system call's result -> a0, or -1 with errno = -a0.
__k32_result:
        li      t0, -4096
        bgtu    a0, t0, 1f
        ret
1:      neg     a0, a0
        la      t0, errno
        sw      a0, 0(t0)
        li      a0, -1
        ret
