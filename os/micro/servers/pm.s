# pm.s -- the process manager: module "pm", endpoint EP_PM.
#
# Gives user programs the monolithic kernel's process calls (os/mono/proc.s,
# os/mono/syscall.s, os/mono/exec.s) with the same results, over messages
# (docs/micro.md, "System calls become messages" and "The servers"):
#
# - A user call arrives from the kernel as m0 = SYS_*, m1..m4 = the user's
#   a0..a3 with each pointer replaced by a call grant (0 for NULL); t0 = the
#   client's endpoint.  The reply's m0 is the result (reply(), IPC_SENDNB).
#   wait and sleep are answered later; exit, a successful exec and a kill
#   of oneself are never answered.
# - PM owns the pids (init = 1, then increasing), the parent links, the
#   zombies and their wait statuses, the Ctrl-C flags (setintr), and the
#   sleepers (one KC_ALARM armed for the earliest).  A process has a record
#   in pm_procs (PR_*) from fork until its parent reaps it; while it lives,
#   pm_eps maps its endpoint to the record.  A zombie has no endpoint any
#   more (KC_EXIT freed the kernel's slot), only its record.
# - The kernel does the memory work (KC_FORK, KC_EXEC, KC_SBRK, KC_EXIT);
#   FS is told about files (FS_FORK, FS_EXIT, FS_NEWPROC, FS_EXEC, FS_SYNC).
# - Deaths: the kernel notifies PM (KEV_DEAD) of a process that faulted;
#   KC_DEADPROC names it.  Ctrl-C: the console driver notifies PM.

        .include "server.s"
        .include "lib/kstring.s"

        .equ PM_NOREPLY, 0x80000000     # a handler's result: no reply now
        .equ PM_EXEC_SIZE, 512 * 1024   # the buffer an executable is read into
        .equ PM_PANIC_STATUS, 3         # the monolithic KERNEL_PANIC_STATUS

        # a process record (pm_procs)
        .equ PR_STATE, 0                # PRS_*
        .equ PR_PID, 4
        .equ PR_EP, 8                   # endpoint while alive
        .equ PR_PARENT, 12              # the parent's record, 0 for init
        .equ PR_XSTATUS, 16             # wait status of a zombie
        .equ PR_INTR, 20                # 1: spared by Ctrl-C (setintr)
        .equ PR_HELD, 24                # HELD_*: the call PM holds unanswered
        .equ PR_WPID, 28                # wait: the pid asked for (-1: any)
        .equ PR_WGRANT, 32              # wait: the status grant (0: none)
        .equ PR_WAKE, 36                # sleep: the tick to wake at
        .equ PR_NAME, 40                # program name, NUL-terminated (16 bytes)
        .equ PR_SIZE, 64

        .equ PRS_FREE, 0
        .equ PRS_ALIVE, 1
        .equ PRS_ZOMBIE, 2

        .equ HELD_NONE, 0
        .equ HELD_WAIT, 1
        .equ HELD_SLEEP, 2

        .text

# main(): start init, then serve messages forever.
main:
        call    pm_start_init
1:      li      a0, EP_ANY
        la      a1, pm_msg
        call    ipc_receive
        bnez    a0, 1b
        mv      s0, a1                  # s0: the source
        la      s1, pm_msg
        lw      t0, 0(s1)               # m0
        li      t1, MSG_NOTIFY
        bne     t0, t1, 3f
        call    pm_notify
        j       1b
3:      li      t1, PM_PING
        bne     t0, t1, 4f
        li      a1, 0
        j       7f
4:      li      t1, PM_ONEWAY
        beq     t0, t1, 1b
        addi    t1, t0, -1              # a user call: SYS_exit..SYS_service
        li      t2, SYS_service
        bgeu    t1, t2, 6f
        li      t1, NPROC               # from a process PM knows
        bgeu    s0, t1, 1b
        slli    t1, s0, 2
        la      t2, pm_eps
        add     t1, t1, t2
        lw      t1, 0(t1)
        beqz    t1, 6f
        la      t2, pm_cur
        sw      t1, 0(t2)
        la      t2, pm_cur_ep
        sw      s0, 0(t2)
        slli    t0, t0, 2               # its handler
        la      t1, pm_calls
        add     t0, t0, t1
        lw      t0, 0(t0)
        li      a1, -ENOSYS
        beqz    t0, 7f
        lw      a0, 4(s1)
        lw      a1, 8(s1)
        lw      a2, 12(s1)
        lw      a3, 16(s1)
        jalr    ra, 0(t0)
        li      t0, PM_NOREPLY
        beq     a0, t0, 1b
        mv      a1, a0
        j       7f
6:      li      t1, EP_FIRST_USER       # anything else: -ENOSYS to a user
        bltu    s0, t1, 1b
        li      a1, -ENOSYS
7:      mv      a0, s0
        call    reply
        j       1b

# pm_notify(source s0, message s1): a notification.  From the kernel:
# deaths (KEV_DEAD) and the alarm (KEV_ALARM); from the console driver:
# Ctrl-C.  Anything else is ignored.
pm_notify:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      t0, EP_TTY
        bne     s0, t0, 1f
        call    pm_intr
        j       9f
1:      bnez    s0, 9f                  # EP_KERNEL
        lw      t0, 4(s1)
        andi    t0, t0, KEV_DEAD
        beqz    t0, 2f
        call    pm_deaths
2:      lw      t0, 4(s1)
        andi    t0, t0, KEV_ALARM
        beqz    t0, 9f
        la      t0, pm_alarm            # it fired: no alarm is armed now
        sw      zero, 0(t0)
        call    pm_timer
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_deaths(): every dead process the kernel reports (KC_DEADPROC) gets
# its exit processing with the status the kernel gives.
pm_deaths:
        addi    sp, sp, -16
        sw      ra, 12(sp)
1:      KCALL   KC_DEADPROC
        bltz    a0, 9f                  # -EAGAIN: no more
        li      t0, NPROC
        bgeu    a0, t0, 1b
        slli    t0, a0, 2
        la      t1, pm_eps
        add     t0, t0, t1
        lw      a0, 0(t0)
        beqz    a0, 1b                  # not one of ours
        call    pm_exit
        j       1b
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_intr(): Ctrl-C: every living process that has not called setintr(1)
# dies with STATUS_INTERRUPTED, init aside (as proc_kill_intr).
pm_intr:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        la      s0, pm_procs
1:      lw      t0, PR_STATE(s0)
        li      t1, PRS_ALIVE
        bne     t0, t1, 2f
        lw      t0, PR_INTR(s0)
        bnez    t0, 2f
        lw      t0, pm_init
        beq     t0, s0, 2f
        mv      a0, s0
        li      a1, STATUS_INTERRUPTED
        call    pm_exit
2:      addi    s0, s0, PR_SIZE
        la      t0, pm_procs + NPROC * PR_SIZE
        bltu    s0, t0, 1b
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_exit(a0 = living record, a1 = wait status): the end of a process
# (exit, kill, Ctrl-C, fault): FS closes its files, the kernel frees it,
# any call PM held for it is dropped, it becomes a zombie, its children go
# to init, and a parent (or init) waiting in wait is answered.  init
# ending is fatal, as in the monolithic kernel.
pm_exit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        lw      t0, pm_init
        bne     t0, s0, 1f
        la      a0, pm_s_initexit       # init has nothing to go back to
        mv      a1, s1
        call    dprintf
        li      a0, PM_PANIC_STATUS
        KCALL   KC_POWEROFF
1:      la      a1, pm_fsmsg            # FS: close its files
        li      t0, FS_EXIT
        sw      t0, 0(a1)
        lw      t0, PR_EP(s0)
        sw      t0, 4(a1)
        li      a0, EP_FS
        call    ipc_sendrec
        lw      a0, PR_EP(s0)
        KCALL   KC_EXIT
        lw      t0, PR_EP(s0)
        slli    t0, t0, 2
        la      t1, pm_eps
        add     t0, t0, t1
        sw      zero, 0(t0)
        sw      zero, PR_EP(s0)
        sw      zero, PR_HELD(s0)       # a held wait or sleep ends with it
        sw      s1, PR_XSTATUS(s0)
        li      t0, PRS_ZOMBIE
        sw      t0, PR_STATE(s0)
        # Children go to init; a zombie among them needs init's wait.
        li      s1, 0                   # 1 = wake init
        la      t0, pm_procs
2:      lw      t1, PR_STATE(t0)
        beqz    t1, 3f
        lw      t2, PR_PARENT(t0)
        bne     t2, s0, 3f
        lw      t2, pm_init
        sw      t2, PR_PARENT(t0)
        addi    t1, t1, -PRS_ZOMBIE
        bnez    t1, 3f
        li      s1, 1
3:      addi    t0, t0, PR_SIZE
        la      t1, pm_procs + NPROC * PR_SIZE
        bltu    t0, t1, 2b
        lw      a0, PR_PARENT(s0)
        call    pm_wait_check
        beqz    s1, 9f
        lw      a0, pm_init
        call    pm_wait_check
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_wait_check(a0 = record or 0): if PM holds a wait of that process and
# it can now be answered, answer it.
pm_wait_check:
        beqz    a0, 2f
        lw      t0, PR_STATE(a0)
        li      t1, PRS_ALIVE
        bne     t0, t1, 2f
        lw      t0, PR_HELD(a0)
        li      t1, HELD_WAIT
        bne     t0, t1, 2f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        call    pm_wait_try
        li      t0, PM_NOREPLY
        beq     a0, t0, 1f
        sw      zero, PR_HELD(s0)
        mv      a1, a0
        lw      a0, PR_EP(s0)
        call    reply
1:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
2:      ret

# pm_wait_try(a0 = record with PR_WPID and PR_WGRANT set) -> the pid of a
# matching child that has ended (reaped, its status written through the
# grant), -ECHILD when no child matches, -EFAULT when the status cannot be
# written (the zombie stays), or PM_NOREPLY when it must wait.
pm_wait_try:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      t2, a0                  # t2: the waiting process
        li      s1, 0                   # 1 = a matching child exists
        la      s0, pm_procs
1:      lw      t0, PR_STATE(s0)
        beqz    t0, 3f
        lw      t1, PR_PARENT(s0)
        bne     t1, t2, 3f
        lw      t1, PR_WPID(t2)
        li      a1, -1
        beq     t1, a1, 2f
        lw      a1, PR_PID(s0)
        bne     t1, a1, 3f
2:      li      s1, 1
        li      t1, PRS_ZOMBIE
        beq     t0, t1, 5f
3:      addi    s0, s0, PR_SIZE
        la      t0, pm_procs + NPROC * PR_SIZE
        bltu    s0, t0, 1b
        li      a0, -ECHILD
        beqz    s1, 9f
        li      a0, PM_NOREPLY
        j       9f
5:      lw      a0, PR_WGRANT(t2)       # reap the zombie s0
        beqz    a0, 6f
        li      a1, 0
        addi    a2, s0, PR_XSTATUS
        li      a3, 4
        li      a4, 1
        KCALL   KC_SAFECOPY
        bgez    a0, 6f
        li      a0, -EFAULT
        j       9f
6:      lw      a0, PR_PID(s0)
        sw      zero, PR_STATE(s0)      # PRS_FREE
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_timer(): answer the sleepers whose time has come and keep the alarm
# armed for the earliest of the others (cancelled when there is none).
pm_timer:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
1:      KCALL   KC_TICKS
        sw      a0, 0(sp)               # now
        li      s1, 0                   # the earliest wake-up (0: none)
        la      s0, pm_procs
2:      lw      t0, PR_STATE(s0)
        li      t1, PRS_ALIVE
        bne     t0, t1, 4f
        lw      t0, PR_HELD(s0)
        li      t1, HELD_SLEEP
        bne     t0, t1, 4f
        lw      t0, PR_WAKE(s0)
        lw      t1, 0(sp)
        sub     t1, t1, t0
        bltz    t1, 3f                  # not yet (compared across wraparound)
        sw      zero, PR_HELD(s0)
        lw      a0, PR_EP(s0)
        li      a1, 0
        call    reply
        j       4f
3:      beqz    s1, 31f
        sub     t1, t0, s1
        bgez    t1, 4f
31:     mv      s1, t0
4:      addi    s0, s0, PR_SIZE
        la      t0, pm_procs + NPROC * PR_SIZE
        bltu    s0, t0, 2b
        lw      t0, pm_alarm
        beq     t0, s1, 9f              # armed already (or nothing to arm)
        la      t0, pm_alarm
        sw      s1, 0(t0)
        mv      a0, s1
        KCALL   KC_ALARM
        beqz    s1, 9f
        KCALL   KC_TICKS                # passed while we looked? then again
        sub     a0, a0, s1
        bgez    a0, 1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_alloc() -> a free record, or 0 when the table is full.
pm_alloc:
        la      a0, pm_procs
        la      t1, pm_procs + NPROC * PR_SIZE
1:      lw      t0, PR_STATE(a0)
        beqz    t0, 2f
        addi    a0, a0, PR_SIZE
        bltu    a0, t1, 1b
        li      a0, 0
2:      ret

# pm_find(a0 = pid) -> its record (alive or zombie), or 0.
pm_find:
        blez    a0, 3f
        la      t0, pm_procs
        la      t2, pm_procs + NPROC * PR_SIZE
1:      lw      t1, PR_STATE(t0)
        beqz    t1, 2f
        lw      t1, PR_PID(t0)
        beq     t1, a0, 4f
2:      addi    t0, t0, PR_SIZE
        bltu    t0, t2, 1b
3:      li      a0, 0
        ret
4:      mv      a0, t0
        ret

# pm_newrec(a0 = record, a1 = endpoint, a2 = parent record or 0): make it a
# living process with the next pid; -> the pid.
pm_newrec:
        li      t0, PRS_ALIVE
        sw      t0, PR_STATE(a0)
        sw      a1, PR_EP(a0)
        sw      a2, PR_PARENT(a0)
        sw      zero, PR_XSTATUS(a0)
        sw      zero, PR_INTR(a0)
        sw      zero, PR_HELD(a0)
        sw      zero, PR_NAME(a0)
        slli    t0, a1, 2
        la      t1, pm_eps
        add     t0, t0, t1
        sw      a0, 0(t0)
        la      t0, pm_next_pid
        lw      t1, 0(t0)
        sw      t1, PR_PID(a0)
        addi    t2, t1, 1
        sw      t2, 0(t0)
        mv      a0, t1
        ret

# pm_start_init(): create init (pid 1) running /bin/init with fds 0, 1, 2
# on the console; if it cannot start, say so and power off (status 3).
pm_start_init:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      a0, 1
        KCALL   KC_NEWPROC
        mv      s1, a0                  # s1: its endpoint
        bltz    a0, 8f
        li      t0, NPROC
        li      a0, -EAGAIN
        bgeu    s1, t0, 8f
        call    pm_alloc
        mv      s0, a0
        la      t0, pm_init
        sw      s0, 0(t0)
        mv      a1, s1
        li      a2, 0
        call    pm_newrec
        la      a1, pm_fsmsg            # fds 0, 1, 2 and the root
        li      t0, FS_NEWPROC
        sw      t0, 0(a1)
        sw      s1, 4(a1)
        li      a0, EP_FS
        call    ipc_sendrec
        la      a0, pm_exec_buf
        la      a1, pm_s_init
        call    strcpy
        mv      a0, s1
        li      a1, 0                   # argv
        call    pm_exec_load
        bltz    a0, 8f
        addi    a0, s0, PR_NAME
        la      a1, pm_exec_name
        call    strcpy
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
8:      mv      a1, a0
        la      a0, pm_s_noinit
        call    dprintf
        li      a0, PM_PANIC_STATUS
        KCALL   KC_POWEROFF
9:      j       9b

# pm_exec_load(ep a0, argv a1) -> 0 (the process runs its new program; its
# call ends without a reply) or -errno: exec of the path at the start of
# pm_exec_buf: its last component (15 bytes at most) is the name in
# pm_exec_name, FS reads the file into pm_exec_buf, the kernel checks it
# and builds the new image (KC_EXEC).
pm_exec_load:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        la      t0, pm_exec_buf
        lbu     t1, 0(t0)
        li      a0, -ENOENT             # the empty path
        beqz    t1, 9f
        mv      t1, t0                  # the name: the last component
1:      lbu     t2, 0(t0)
        beqz    t2, 2f
        addi    t0, t0, 1
        li      a0, '/'
        bne     t2, a0, 1b
        mv      t1, t0                  # just after a '/'
        j       1b
2:      la      t0, pm_exec_name
        addi    a0, t0, 15              # at most 15 bytes and the NUL
3:      lbu     t2, 0(t1)
        beq     t0, a0, 4f
        sb      t2, 0(t0)
        beqz    t2, 5f
        addi    t0, t0, 1
        addi    t1, t1, 1
        j       3b
4:      sb      zero, 0(t0)
5:      la      a1, pm_fsmsg            # FS reads the file into the buffer
        li      t0, FS_EXEC
        sw      t0, 0(a1)
        sw      s0, 4(a1)
        li      t0, PM_EXEC_SIZE
        sw      t0, 8(a1)
        sw      zero, 12(a1)
        li      a0, EP_FS
        la      a2, pm_exec_buf
        li      a3, PM_EXEC_SIZE
        li      a4, GRANT_R | GRANT_W
        call    ipc_sendrec_g
        mv      t0, a0
        li      a0, -EIO
        bnez    t0, 9f                  # FS died
        lw      a0, pm_fsmsg
        bltz    a0, 9f
        mv      a2, a0                  # the file's size
        mv      a0, s0
        la      a1, pm_exec_buf
        mv      a3, s1
        la      a4, pm_exec_name
        KCALL   KC_EXEC
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# --- the system calls --------------------------------------------------------
# Each handler: a0..a3 = m1..m4 (the user's a0..a3, pointers as grants),
# pm_cur = the caller's record, pm_cur_ep = its endpoint; -> the result,
# or PM_NOREPLY.

# pm_sys_exit(status): the caller ends with status & 0xFF.
pm_sys_exit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        andi    a1, a0, 0xFF
        lw      a0, pm_cur
        call    pm_exit
        li      a0, PM_NOREPLY
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_sys_fork() -> the child's pid (the child gets 0), or -EAGAIN when
# there is no slot or memory.  The child inherits the name and setintr.
pm_sys_fork:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        call    pm_alloc
        mv      s0, a0                  # s0: the child's record
        li      a0, -EAGAIN
        beqz    s0, 9f
        lw      a0, pm_cur_ep
        lw      a1, pm_next_pid
        KCALL   KC_FORK
        mv      s1, a0                  # s1: the child's endpoint
        bltz    a0, 9f
        li      t0, NPROC
        li      a0, -EAGAIN
        bgeu    s1, t0, 9f
        la      a1, pm_fsmsg            # FS: the child shares the files
        li      t0, FS_FORK
        sw      t0, 0(a1)
        lw      t0, pm_cur_ep
        sw      t0, 4(a1)
        sw      s1, 8(a1)
        li      a0, EP_FS
        call    ipc_sendrec
        bnez    a0, 1f
        lw      t0, pm_fsmsg
        bgez    t0, 2f
1:      mv      a0, s1                  # FS could not: undo
        KCALL   KC_EXIT
        li      a0, -EAGAIN
        j       9f
2:      mv      a0, s0
        mv      a1, s1
        lw      a2, pm_cur
        call    pm_newrec
        sw      a0, 0(sp)               # the pid
        lw      t0, pm_cur
        lw      t1, PR_INTR(t0)
        sw      t1, PR_INTR(s0)
        addi    a0, s0, PR_NAME
        addi    a1, t0, PR_NAME
        li      a2, 16
        call    memcpy
        mv      a0, s1                  # the child returns 0
        li      a1, 0
        call    reply
        lw      a0, 0(sp)
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_sys_exec(path grant, argv) -> no reply when it works (setintr is
# reset); else -ENOENT, -ENOTDIR, -EISDIR, -ENOEXEC, -E2BIG, -EFAULT,
# -ENAMETOOLONG, -ENOMEM, -EIO.
pm_sys_exec:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        li      t0, -EFAULT             # NULL path
        beqz    a0, 8f
        la      a1, pm_exec_buf
        li      a2, PATH_MAX
        KCALL   KC_SAFECOPY_STR
        mv      t0, a0
        bltz    a0, 8f
        lw      a0, pm_cur_ep
        lw      a1, 8(sp)
        call    pm_exec_load
        mv      t0, a0
        bnez    a0, 8f
        lw      a0, pm_cur
        sw      zero, PR_INTR(a0)
        addi    a0, a0, PR_NAME
        la      a1, pm_exec_name
        call    strcpy
        li      t0, PM_NOREPLY
8:      mv      a0, t0
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_sys_wait(pid or -1, status grant or 0) -> the pid of an ended child
# (reaped; its status written), after waiting if need be; -ECHILD, -EFAULT.
pm_sys_wait:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        lw      s0, pm_cur
        sw      a0, PR_WPID(s0)
        sw      a1, PR_WGRANT(s0)
        mv      a0, s0
        call    pm_wait_try
        li      t0, PM_NOREPLY
        bne     a0, t0, 9f
        li      t0, HELD_WAIT
        sw      t0, PR_HELD(s0)
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_sys_kill(pid) -> 0: it dies with STATUS_KILLED (a zombie is left
# alone; the caller killing itself gets no reply); -ESRCH when no process
# has that pid, -EPERM for init.
pm_sys_kill:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    pm_find
        mv      s0, a0
        li      a0, -ESRCH
        beqz    s0, 9f
        lw      t0, pm_init
        li      a0, -EPERM
        beq     s0, t0, 9f
        lw      t0, PR_STATE(s0)
        li      a0, 0
        li      t1, PRS_ALIVE
        bne     t0, t1, 9f
        mv      a0, s0
        li      a1, STATUS_KILLED
        call    pm_exit
        lw      t0, pm_cur
        li      a0, 0
        bne     t0, s0, 9f
        li      a0, PM_NOREPLY
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_sys_getpid() -> the caller's pid.
pm_sys_getpid:
        lw      a0, pm_cur
        lw      a0, PR_PID(a0)
        ret

# pm_sys_sbrk(increment) -> the old end of the heap, -ENOMEM, -EINVAL.
pm_sys_sbrk:
        mv      a1, a0
        lw      a0, pm_cur_ep
        KCALL   KC_SBRK
        ret

# pm_sys_sleep(n) -> 0 after n ticks (n <= 0: at once), answered later.
pm_sys_sleep:
        blez    a0, 1f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        KCALL   KC_TICKS
        lw      t0, 8(sp)
        add     a0, a0, t0
        lw      t0, pm_cur
        sw      a0, PR_WAKE(t0)
        li      t1, HELD_SLEEP
        sw      t1, PR_HELD(t0)
        call    pm_timer
        li      a0, PM_NOREPLY
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
1:      li      a0, 0
        ret

# pm_sys_uptime() -> timer ticks since boot.
pm_sys_uptime:
        KCALL   KC_TICKS
        ret

# pm_sys_poweroff(status): FS writes every changed block back, then the
# run ends with that status.
pm_sys_poweroff:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a1, pm_fsmsg
        li      t0, FS_SYNC
        sw      t0, 0(a1)
        li      a0, EP_FS
        call    ipc_sendrec
        lw      a0, 8(sp)
        KCALL   KC_POWEROFF
        li      a0, PM_NOREPLY          # not reached
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_sys_procs(buffer grant, n) -> records written: a PROCINFO record for
# each process (zombies too), at most n; -EFAULT unless the buffer takes
# them.  The caller is PROC_RUNNING, a process whose wait or sleep PM
# holds is PROC_SLEEPING, others are as the kernel says (KC_PROCINFO).
pm_sys_procs:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)               # the grant
        li      a2, 0                   # how many records there are
        la      t0, pm_procs
        la      t1, pm_procs + NPROC * PR_SIZE
1:      lw      t2, PR_STATE(t0)
        snez    t2, t2
        add     a2, a2, t2
        addi    t0, t0, PR_SIZE
        bltu    t0, t1, 1b
        bltz    a1, 21f                 # at most n (n < 0 counts as 0)
        bgeu    a1, a2, 2f
        mv      a2, a1
        j       2f
21:     li      a2, 0
2:      li      a0, 0
        beqz    a2, 9f
        lw      t0, 0(sp)
        li      a0, -EFAULT
        beqz    t0, 9f
        la      s0, pm_procs
        la      s1, pm_procbuf          # the records are built here
        slli    a2, a2, 5               # PROCINFO_SIZE each
        add     a2, a2, s1
        la      t0, pm_procend
        sw      a2, 0(t0)
3:      lw      t0, PR_STATE(s0)
        beqz    t0, 7f
        lw      t0, PR_PID(s0)
        sw      t0, PROCINFO_PID(s1)
        lw      t0, PR_PARENT(s0)
        beqz    t0, 4f
        lw      t0, PR_PID(t0)
4:      sw      t0, PROCINFO_PPID(s1)
        lw      t0, PR_STATE(s0)
        li      t1, PRS_ZOMBIE
        bne     t0, t1, 5f
        li      t0, PROC_ZOMBIE
        sw      t0, PROCINFO_STATE(s1)
        sw      zero, PROCINFO_MEM(s1)
        j       6f
5:      lw      a0, PR_EP(s0)           # alive: the kernel's view
        la      a1, pm_kproc
        KCALL   KC_PROCINFO
        la      t1, pm_kproc
        lw      t0, KPROC_STATE(t1)
        lw      t2, KPROC_MEM(t1)
        bgez    a0, 51f
        li      t0, PROC_RUNNABLE
        li      t2, 0
51:     sw      t2, PROCINFO_MEM(s1)
        lw      t1, PR_HELD(s0)
        beqz    t1, 52f
        li      t0, PROC_SLEEPING
52:     lw      t1, pm_cur
        bne     t1, s0, 53f
        li      t0, PROC_RUNNING
53:     sw      t0, PROCINFO_STATE(s1)
6:      addi    a0, s1, PROCINFO_NAME
        addi    a1, s0, PR_NAME
        li      a2, 16
        call    memcpy
        addi    s1, s1, PROCINFO_SIZE
        lw      t0, pm_procend
        bgeu    s1, t0, 8f
7:      addi    s0, s0, PR_SIZE
        la      t0, pm_procs + NPROC * PR_SIZE
        bltu    s0, t0, 3b
8:      lw      a0, 0(sp)               # one copy out
        li      a1, 0
        la      a2, pm_procbuf
        sub     a3, s1, a2
        li      a4, 1
        KCALL   KC_SAFECOPY
        li      t0, -EFAULT
        bltz    a0, 81f
        la      t0, pm_procbuf
        sub     t0, s1, t0
        srli    t0, t0, 5
81:     mv      a0, t0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pm_sys_setintr(ignore) -> 0: ignore != 0 spares the caller from Ctrl-C.
pm_sys_setintr:
        snez    a0, a0
        lw      t0, pm_cur
        sw      a0, PR_INTR(t0)
        li      a0, 0
        ret

        .rodata
        .balign 4
pm_calls:                               # handler of each SYS_* number, 0: not PM's
        .word   0
        .word   pm_sys_exit             # SYS_exit
        .word   pm_sys_fork             # SYS_fork
        .word   pm_sys_exec             # SYS_exec
        .word   pm_sys_wait             # SYS_wait
        .word   pm_sys_kill             # SYS_kill
        .word   pm_sys_getpid           # SYS_getpid
        .word   pm_sys_sbrk             # SYS_sbrk
        .word   pm_sys_sleep            # SYS_sleep
        .word   pm_sys_uptime           # SYS_uptime
        .if . - pm_calls != 4 * SYS_open
        .error "pm_calls: out of place"
        .endif
        .word   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0    # SYS_open .. SYS_sync: FS's
        .if . - pm_calls != 4 * SYS_poweroff
        .error "pm_calls: out of place"
        .endif
        .word   pm_sys_poweroff         # SYS_poweroff
        .word   pm_sys_procs            # SYS_procs
        .word   pm_sys_setintr          # SYS_setintr
        .word   0                       # SYS_service: RS's
        .if . - pm_calls != 4 * (SYS_service + 1)
        .error "pm_calls: out of place"
        .endif

pm_s_init:      .asciz  "/bin/init"
pm_s_noinit:    .asciz  "pm: panic: cannot start /bin/init (error %d)"
pm_s_initexit:  .asciz  "pm: panic: init exited with status %d"

        .data
        .balign 4
pm_next_pid:    .word   1               # pid of the next process (init gets 1)

        .bss
        .balign 4
pm_init:        .space  4               # init's record: orphans go to it
pm_cur:         .space  4               # the caller's record
pm_cur_ep:      .space  4               # the caller's endpoint
pm_alarm:       .space  4               # the tick KC_ALARM is armed for (0: none)
pm_procend:     .space  4               # pm_sys_procs: end of the records to build
pm_msg:         .space  MSG_SIZE        # the message being served
pm_fsmsg:       .space  MSG_SIZE        # a request to FS and its reply
pm_kproc:       .space  KPROC_SIZE      # KC_PROCINFO's record
pm_exec_name:   .space  16              # the name of the program being exec'd
pm_eps:         .space  NPROC * 4       # endpoint -> living record, or 0
pm_procs:       .space  NPROC * PR_SIZE # the processes (PR_*)
pm_procbuf:     .space  NPROC * PROCINFO_SIZE   # procs() builds its records here
pm_exec_buf:    .space  PM_EXEC_SIZE    # the path, then the executable (FS_EXEC)
