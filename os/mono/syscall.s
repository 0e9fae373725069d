# syscall.s -- system-call dispatch, and the small calls about the process
# and the machine (getpid, sleep, uptime, poweroff, procs, setintr).
#
# A handler is called as a C function with the user's a0..a4 as its
# arguments and cur_proc set; what it returns goes back in the user's a0.

        .text

# syscall_dispatch(a0 = trap frame): run the call numbered in the frame's
# a5 and store its result in the frame's a0 (-ENOSYS for an unknown
# number).  epc moves past the syscall instruction first, so exec can set
# its own and fork's child resumes after the call.
syscall_dispatch:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lw      t0, TF_EPC(s0)
        addi    t0, t0, 4
        sw      t0, TF_EPC(s0)
        lw      t0, TF_A5(s0)
        li      t1, SYSCALL_COUNT
        la      t2, sys_nosys
        bgeu    t0, t1, 1f              # also catches negative numbers
        slli    t0, t0, 2
        la      t1, syscall_table
        add     t0, t0, t1
        lw      t2, 0(t0)
1:      lw      a1, TF_A1(s0)
        lw      a2, TF_A1+4(s0)
        lw      a3, TF_A1+8(s0)
        lw      a4, TF_A1+12(s0)
        lw      a0, TF_A0(s0)
        jalr    t2
        sw      a0, TF_A0(s0)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# sys_nosys() -> -ENOSYS: the number names no call.
sys_nosys:
        li      a0, -ENOSYS
        ret

# sys_getpid() -> the caller's pid.
sys_getpid:
        lw      a0, cur_proc
        lw      a0, P_PID(a0)
        ret

# sys_uptime() -> timer ticks since boot.
sys_uptime:
        lw      a0, ticks
        ret

# sys_setintr(ignore) -> 0: ignore != 0 spares the caller from Ctrl-C.
sys_setintr:
        snez    a0, a0
        lw      t0, cur_proc
        sw      a0, P_INTR(t0)
        li      a0, 0
        ret

# sys_sleep(n) -> 0 after n ticks (n <= 0: at once); -EINTR when killed.
# n <= 0 is tested first: ticks + n would wrap for n = INT_MIN and read as
# a wake-up 2^31 ticks away (sysfuzz found it: sleep(0x80000000) hung).
sys_sleep:
        blez    a0, 3f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      t0, ticks
        add     a0, a0, t0
        lw      t0, cur_proc
        sw      a0, P_WAKE(t0)
1:      lw      t0, cur_proc
        lw      t1, P_WAKE(t0)
        lw      t0, ticks
        sub     t0, t0, t1
        li      a0, 0
        bgez    t0, 2f                  # its time has come
        la      a0, ticks               # proc_tick wakes sleepers on ticks
        call    proc_sleep
        beqz    a0, 1b
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
3:      li      a0, 0
        ret

# sys_poweroff(status): write every changed block to the disk, then end
# the run with status & 0xFF.  Never returns.
sys_poweroff:
        addi    sp, sp, -16
        sw      a0, 12(sp)
        call    fs_sync
        lw      a0, 12(sp)
        out     a0, DEBUG_EXIT
        halt                            # not reached

# sys_procs(buffer, n) -> records written: one PROCINFO record for each
# slot in use, at most n; -EFAULT unless the buffer can hold them.
sys_procs:
        addi    sp, sp, -64
        sw      ra, 60(sp)
        sw      s0, 56(sp)
        sw      s1, 52(sp)
        sw      a0, 48(sp)              # buffer
        li      a2, 0                   # how many records there are
        la      t0, proc_table
        la      t1, proc_table + NPROC * PROC_SIZE
1:      lw      t2, P_STATE(t0)
        snez    t2, t2
        add     a2, a2, t2
        addi    t0, t0, PROC_SIZE
        bltu    t0, t1, 1b
        bltz    a1, 21f                 # at most n (n < 0 counts as 0)
        bgeu    a1, a2, 2f
        mv      a2, a1
        j       2f
21:     li      a2, 0
2:      sw      a2, 44(sp)              # records to write
        li      a0, 0
        beqz    a2, 9f
        slli    a1, a2, 5               # PROCINFO_SIZE each
        lw      a0, 48(sp)
        li      a2, 1
        call    vm_user_range
        beqz    a0, 8f
        la      s0, proc_table
        li      s1, 0                   # records written
3:      lw      t0, P_STATE(s0)
        beqz    t0, 5f
        sw      t0, PROCINFO_STATE(sp)  # the record is built at 0(sp)
        lw      t0, P_PID(s0)
        sw      t0, PROCINFO_PID(sp)
        lw      t0, P_PARENT(s0)
        beqz    t0, 4f
        lw      t0, P_PID(t0)
4:      sw      t0, PROCINFO_PPID(sp)
        lw      t0, P_MEM(s0)
        sw      t0, PROCINFO_MEM(sp)
        addi    a0, sp, PROCINFO_NAME
        addi    a1, s0, P_NAME
        li      a2, 16
        call    memcpy
        lw      a0, 48(sp)
        slli    t0, s1, 5
        add     a0, a0, t0
        mv      a1, sp
        li      a2, PROCINFO_SIZE
        call    copyout
        addi    s1, s1, 1
        lw      t0, 44(sp)
        bgeu    s1, t0, 6f
5:      addi    s0, s0, PROC_SIZE
        la      t0, proc_table + NPROC * PROC_SIZE
        bltu    s0, t0, 3b
6:      mv      a0, s1
        j       9f
8:      li      a0, -EFAULT
9:      lw      s1, 52(sp)
        lw      s0, 56(sp)
        lw      ra, 60(sp)
        addi    sp, sp, 64
        ret

# sys_meminfo(&meminfo) -> 0: the pages the kernel manages and the free
# ones; with modules, the module area's too (MEMINFO record).
sys_meminfo:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        lw      t0, kmem_hi
        lw      t1, kmem_lo
        sub     t0, t0, t1
        srli    t0, t0, PAGE_SHIFT
        sw      t0, MEMINFO_PAGES(sp)
        lw      t0, kmem_count
        sw      t0, MEMINFO_FREE(sp)
.ifdef KERNEL_MODULES
        li      t0, MODAREA_PAGES
        lw      t1, modarea_free
.else
        li      t0, 0
        li      t1, 0
.endif
        sw      t0, MEMINFO_MODPAGES(sp)
        sw      t1, MEMINFO_MODFREE(sp)
        mv      a1, sp
        li      a2, MEMINFO_SIZE
        call    copyout
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# One row of the table: the handler of call `number`, checked to sit at
# its place.
.macro SYSCALL number, handler
        .if . - syscall_table != 4 * \number
        .error "syscall table: \handler is out of place"
        .endif
        .word   \handler
.endm

        .rodata
        .balign 4
syscall_table:
        SYSCALL 0, sys_nosys
        SYSCALL SYS_exit, sys_exit              # proc.s
        SYSCALL SYS_fork, sys_fork              # proc.s
        SYSCALL SYS_exec, sys_exec              # exec.s
        SYSCALL SYS_wait, sys_wait              # proc.s
        SYSCALL SYS_kill, sys_kill              # proc.s
        SYSCALL SYS_getpid, sys_getpid
        SYSCALL SYS_sbrk, sys_sbrk              # lib/vm.s
        SYSCALL SYS_sleep, sys_sleep
        SYSCALL SYS_uptime, sys_uptime
        SYSCALL SYS_open, sys_open              # file.s
        SYSCALL SYS_close, sys_close            # file.s
        SYSCALL SYS_read, sys_read              # file.s
        SYSCALL SYS_write, sys_write            # file.s
        SYSCALL SYS_lseek, sys_lseek            # file.s
        SYSCALL SYS_fstat, sys_fstat            # file.s
        SYSCALL SYS_unlink, sys_unlink          # file.s
        SYSCALL SYS_mkdir, sys_mkdir            # file.s
        SYSCALL SYS_rmdir, sys_rmdir            # file.s
        SYSCALL SYS_chdir, sys_chdir            # file.s
        SYSCALL SYS_dup, sys_dup                # file.s
        SYSCALL SYS_pipe, sys_pipe              # file.s
        SYSCALL SYS_getdents, sys_getdents      # file.s
        SYSCALL SYS_sync, sys_sync              # file.s
        SYSCALL SYS_poweroff, sys_poweroff
        SYSCALL SYS_procs, sys_procs
        SYSCALL SYS_setintr, sys_setintr
        SYSCALL SYS_service, sys_nosys          # the microkernel's
.ifdef KERNEL_MODULES
        SYSCALL SYS_modload, sys_modload        # os/modular/modsys.s
        SYSCALL SYS_modunload, sys_modunload
        SYSCALL SYS_modlist, sys_modlist
.else
        SYSCALL SYS_modload, sys_nosys          # no modules in this kernel
        SYSCALL SYS_modunload, sys_nosys
        SYSCALL SYS_modlist, sys_nosys
.endif
        SYSCALL SYS_meminfo, sys_meminfo
.ifndef KERNEL_MODULES
        SYSCALL SYS_time, clock_now     # devices.s
.endif
syscall_table_end:
        .equ SYSCALL_COUNT, (syscall_table_end - syscall_table) / 4
