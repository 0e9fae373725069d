# sysfuzz [N [SEED [-v]]] -- N random system calls (default 100000) from a
# seeded xorshift generator (default seed 1), then one line on the console:
# "sysfuzz: N calls, seed S".  -v prints each call before it is made
# ("sysfuzz: #I call NUM A0 A1 A2 A3 A4 t0 T0") and the result of those made
# in this process ("sysfuzz: -> R"), to find the one that breaks.  A kernel bug shows up as a kernel panic, a
# hang (the run never ends), this program dying (a call corrupted its
# memory) or a damaged disk; tests/fuzz/test_fuzz_syscalls.py checks all
# four on both kernels.  The same seed gives the same calls on the same disk.
#
# What a call looks like:
# - the number: mostly a valid call (weighted, table fz_calls), sometimes one
#   that names no call (0, 32.., the microkernel's IPC_* and KC_* numbers,
#   negative, huge), with every argument register random, t0..t2 too (the
#   microkernel reads an endpoint, an address and a length there);
# - the arguments: ints biased to edges (0, -1, small, powers of two +-1,
#   INT_MIN...), fds 0..20, pointers into this program's own memory (bss,
#   stack, heap, with offsets that cross pages and run off the end of what
#   is mapped), read-only and unmapped addresses, kernel addresses, a
#   string without NUL that ends at the top of the stack, paths from tables
#   (good, missing, too long, bad names, `.` and `..`), huge lengths.
#
# What it avoids, because it would end the experiment rather than test the
# kernel:
# - exit: only in a child forked for the purpose (the parent waits);
# - exec: only in a forked child, of /BIN/TRUE FALSE ECHO, non-executables
#   and bad paths -- never a program that reads the console (sh, cat...),
#   which would eat the test's input, nor sysfuzz itself;
# - waiting for ever: the parent of an exit or exec child waits for it at
#   most FZ_CHILD_TICKS ticks, then kills it.  Such a child can block for
#   ever: ECHO writing to an fd 1 that is a full pipe whose read end only
#   the waiting parent holds (seed 4242 at call 10,751).  How many were
#   killed follows the closing line ("sysfuzz: children killed after T
#   ticks: K", only if K > 0; -v says so at each);
# - poweroff: never (it ends the run);
# - kill: never of pid 1, of the parent (the shell) or of itself;
# - sleep: 0, 1, 2 ticks or negative, never a long one;
# - the console: at the start the console is saved as one fd (fz_cons) that
#   no random call gets (it becomes 16, a bad fd); fds 0, 1, 2 are files
#   under /FZ, so a random read never waits for the console and a random
#   write never floods it;
# - calls that may block for ever -- read or write on a pipe (its other end
#   may be ours), IPC_* numbers (a receive nobody answers) -- run in a child
#   that the parent kills after one tick, then reaps;
# - destructive file calls (unlink, rmdir, mkdir, open for writing) get
#   only paths under /FZ or relative scratch names, so the system's own
#   files stay intact and the disk still boots; reads may name any file;
# - fork: the child exits at once; the parent reaps most children at once
#   and all of them at the end;
# - sbrk: the heap is shrunk back when it passes 2 MiB, so forks stay cheap.
# Random writes never land on this program's state: the victim buffers sit
# after it (the bss buffer last in .bss, the stack buffer above the
# working stack), and the kernel copies upwards from the pointer.

        .include "runtime.s"
        .include "micro.inc"            # IPC_*, KC_*, SERVICE_*: the microkernel's numbers

        .equ FZ_PAGE, 4096
        .equ FZ_USTACK_TOP, 0x80000000          # kernel.inc: USTACK_TOP
        .equ FZ_GUARD, 0x80000000 - 0x10000 - 8 # in the stack's guard page
        .equ FZ_VBUF, 8192                      # the bss victim buffer
        .equ FZ_SVICTIM, 16384                  # the stack victim buffer
        .equ FZ_HEAP, 16384                     # heap grown at the start
        .equ FZ_HEAP_MAX, 0x200000              # shrunk back past this
        .equ FZ_INVALID, 16                     # in 256: a number that names no call
        .equ FZ_MAXARGV, 36                     # > MAXARG: exec's E2BIG
        .equ FZ_NFD, 21                         # random fds are 0..20
        .equ FZ_BADFD, 16                       # what fz_cons becomes
        .equ FZ_CHILD_TICKS, 20                 # an exit/exec child is killed after this

        # How a generated call is issued (fz_gen_* return one of these).
        .equ M_INLINE, 0        # here
        .equ M_RISKY, 1         # in a child, killed after a tick if still running
        .equ M_CHILD, 2         # in a child that exits with the result; wait for it
        .equ M_FORK, 3          # the call is fork: the child exits at once
        .equ M_RW, 4            # read/write: M_RISKY on a pipe, else M_INLINE

        .include "frame.inc"            # ENTER / LEAVE

# PICK table: a0 = a random word of the .rodata table `table` (ends at table_end).
.macro PICK table
        la      a0, \table
        li      a1, (\table\()_end - \table) / 4
        call    fz_pick
.endm

# ARG i, fn: argument register i (0..4 = a0..a4, 5..7 = t0..t2) = fn().
.macro ARG i, fn
        call    \fn
        la      t0, fz_args
        sw      a0, 4*\i(t0)
.endm

# CALLNO n: the call to issue is number n.
.macro CALLNO n
        li      t0, \n
        sw      t0, fz_num, t1
.endm

        .text
main:   mv      s0, a0                  # argc
        mv      s1, a1                  # argv
        li      t0, 100000
        sw      t0, fz_n, t1
        li      t0, 1
        sw      t0, fz_seed, t1
        li      t0, 4
        bgt     s0, t0, 8f
        bne     s0, t0, 1f
        lw      a0, 12(s1)              # -v
        la      a1, fz_s_v
        call    strcmp
        bnez    a0, 8f
        li      t0, 1
        sw      t0, fz_verbose, t1
1:
        li      t0, 2
        blt     s0, t0, 2f
        lw      a0, 4(s1)               # N
        call    atoi
        beqz    a1, 8f
        bltz    a0, 8f
        sw      a0, fz_n, t0
        li      t0, 3
        blt     s0, t0, 2f
        lw      a0, 8(s1)               # SEED
        call    atoi
        beqz    a1, 8f
        sw      a0, fz_seed, t0
2:      lw      t0, fz_seed             # the generator's state: never 0
        li      t1, 0x9E3779B9
        mul     t0, t0, t1
        xor     t0, t0, t1
        bnez    t0, 3f
        li      t0, 1
3:      sw      t0, fz_rng, t1
        # The stack victim is everything between here (argv, already read)
        # and FZ_SVICTIM below; the working stack goes below it.
        addi    t0, sp, -FZ_SVICTIM
        sw      t0, fz_svictim, t1
        addi    sp, t0, -16
        call    fz_setup
        li      s0, 0
4:      lw      t0, fz_n                # the calls
        bgeu    s0, t0, 5f
        call    fz_one
        addi    s0, s0, 1
        sw      s0, fz_count, t0
        j       4b
5:      li      a0, -1                  # reap every child
        li      a1, 0
        call    wait
        bgez    a0, 5b
        lw      a0, fz_cons
        la      a1, fz_s_done
        mv      a2, s0
        lw      a3, fz_seed
        call    fprintf
        lw      a3, fz_stuck            # children killed after their bound
        beqz    a3, 6f
        lw      a0, fz_cons
        la      a1, fz_s_stuck
        li      a2, FZ_CHILD_TICKS
        call    fprintf
6:      li      a0, 0
        call    exit
8:      la      a0, fz_s_usage
        call    eprintf
        li      a0, 2
        call    exit

# fz_setup(): who we are, the victim pointers, the scratch directory, and
# fds 0, 1, 2 moved off the console (which stays as fz_cons only).
fz_setup:
        ENTER
        call    getpid
        sw      a0, fz_self, t0
        call    fz_procinfo             # the parent's pid
        beqz    a0, 2f
        lw      a0, PROCINFO_PPID(a0)
        sw      a0, fz_ppid, t1
2:      li      a0, FZ_HEAP
        call    sbrk
        sw      a0, fz_heap, t0
        la      t0, fz_vict             # the victims (fz_vict_brk: fz_setbrk)
        la      t1, fz_vbuf
        sw      t1, 0(t0)
        li      t2, FZ_VBUF - 8
        add     t1, t1, t2
        sw      t1, 4(t0)
        lw      t1, fz_svictim
        sw      t1, 8(t0)
        sw      a0, 12(t0)
        li      t1, FZ_USTACK_TOP - 40
        sw      t1, 16(t0)
        call    fz_setbrk
        la      a0, fz_p_dir
        call    mkdir
        li      a0, 1
        call    dup
        sw      a0, fz_cons, t0
        li      a0, 0
        call    close
        la      a0, fz_p_in
        li      a1, O_RDWR | O_CREAT
        call    open
        li      a0, 1
        call    close
        la      a0, fz_p_out
        li      a1, O_RDWR | O_CREAT | O_TRUNC
        call    open
        li      a0, 2
        call    close
        li      a0, 1
        call    dup
        LEAVE

# fz_setbrk(): the victim "just below the break" follows the break; a heap
# past FZ_HEAP_MAX is shrunk back to where it started.
fz_setbrk:
        ENTER
        li      a0, 0
        call    sbrk
        lw      t0, fz_heap
        sub     t1, a0, t0
        li      t2, FZ_HEAP_MAX
        bltu    t1, t2, 1f
        sub     a0, t0, a0              # shrink back to the start
        call    sbrk
        li      a0, 0
        call    sbrk
1:      addi    a0, a0, -8
        sw      a0, fz_vict_brk, t0
        LEAVE

# fz_one(): generate one call and issue it.
fz_one:
        ENTER
        la      t0, fz_args             # fresh random registers for every call
        addi    s0, t0, 32
        mv      s1, t0
1:      call    fz_rnd
        sw      a0, 0(s1)
        addi    s1, s1, 4
        bltu    s1, s0, 1b
        call    fz_rnd
        andi    a0, a0, 0xFF
        li      t0, FZ_INVALID
        bltu    a0, t0, 2f
        PICK    fz_calls
        sw      a0, fz_num, t0
        la      t0, fz_gens
        slli    a0, a0, 2
        add     t0, t0, a0
        lw      t0, 0(t0)
        jalr    t0
        j       3f
2:      call    fz_gen_invalid
3:      call    fz_issue_mode
        LEAVE

# fz_issue_mode(a0 = M_*): issue fz_num with fz_args as the mode says.
fz_issue_mode:
        ENTER
        lw      t0, fz_verbose
        beqz    t0, 1f
        mv      s0, a0
        call    fz_trace
        mv      a0, s0
1:
        li      t0, M_RW
        bne     a0, t0, 1f
        la      t0, fz_args             # read/write: on a pipe only in a child
        lw      a0, 0(t0)
        la      a1, fz_stat
        call    fstat
        li      a0, M_INLINE
        lw      t0, fz_stat + STAT_TYPE
        li      t1, T_PIPE
        bne     t0, t1, 1f
        li      a0, M_RISKY
1:      beqz    a0, 10f                 # M_INLINE
        li      t0, M_FORK
        beq     a0, t0, 30f
        mv      s1, a0                  # M_RISKY, M_CHILD: a child does it
        call    fork
        bltz    a0, 9f                  # no fork now: skip it
        bnez    a0, 2f
        call    fz_issue                # the child
        andi    a0, a0, 0x7F
        call    exit
2:      mv      s0, a0                  # the parent
        li      t0, M_RISKY
        bne     s1, t0, 4f
        li      a0, 1                   # let it run one tick, then kill it
        call    sleep
6:      mv      a0, s0
        call    kill
3:      mv      a0, s0
        li      a1, 0
        call    wait
        j       9f
4:      li      s1, FZ_CHILD_TICKS      # M_CHILD: wait, but not for ever
5:      mv      a0, s0
        call    fz_ended
        bnez    a0, 3b
        beqz    s1, 7f
        li      a0, 1
        call    sleep
        addi    s1, s1, -1
        j       5b
7:      lw      t0, fz_stuck            # still there after the bound: kill it
        addi    t0, t0, 1
        sw      t0, fz_stuck, t1
        lw      t0, fz_verbose
        beqz    t0, 6b
        lw      a0, fz_cons
        la      a1, fz_s_trace4
        li      a2, FZ_CHILD_TICKS
        call    fprintf
        j       6b
10:     call    fz_issue
        lw      t0, fz_verbose          # -v: the result of a call made here
        beqz    t0, 11f
        mv      a2, a0
        lw      a0, fz_cons
        la      a1, fz_s_trace3
        call    fprintf
11:     lw      t0, fz_num
        li      t1, SYS_sbrk
        bne     t0, t1, 9f
        call    fz_setbrk
        j       9f
30:     call    fz_issue                # fork
        bnez    a0, 31f
        call    fz_rnd                  # the child: exits at once
        andi    a0, a0, 0xFF
        call    exit
31:     blez    a0, 9f
        mv      s0, a0
        call    fz_rnd                  # the parent reaps 7 in 8 at once
        andi    a0, a0, 7
        beqz    a0, 9f
        mv      a0, s0
        li      a1, 0
        call    wait
9:      LEAVE

# fz_procinfo(pid) -> a0 = its PROCINFO record (in fz_procs), or 0 if procs
# fails or does not list it.
fz_procinfo:
        ENTER
        mv      s0, a0
        la      a0, fz_procs
        li      a1, NPROC
        call    procs
        mv      t2, a0
        la      a0, fz_procs
1:      blez    t2, 2f
        lw      t1, PROCINFO_PID(a0)
        beq     t1, s0, 9f
        addi    a0, a0, PROCINFO_SIZE
        addi    t2, t2, -1
        j       1b
2:      li      a0, 0
9:      LEAVE

# fz_ended(pid) -> a0 = 1 if the process has ended (a zombie), else 0; one
# procs does not list counts as not ended (procs may have failed): its
# waiting parent kills it after the bound, and wait says the rest.
fz_ended:
        ENTER
        call    fz_procinfo
        beqz    a0, 9f
        lw      t1, PROCINFO_STATE(a0)
        addi    t1, t1, -PROC_ZOMBIE
        seqz    a0, t1
9:      LEAVE

# fz_trace(): the -v line of the call about to be made.
fz_trace:
        ENTER
        la      s0, fz_args
        lw      a0, fz_cons
        la      a1, fz_s_trace1
        lw      a2, fz_count
        lw      a3, fz_num
        lw      a4, 0(s0)
        lw      a5, 4(s0)
        call    fprintf
        lw      a0, fz_cons
        la      a1, fz_s_trace2
        lw      a2, 8(s0)
        lw      a3, 12(s0)
        lw      a4, 16(s0)
        lw      a5, 20(s0)
        call    fprintf
        LEAVE

# fz_issue() -> result: the system call fz_num with a0..a4, t0..t2 from fz_args.
fz_issue:
        la      t2, fz_args
        lw      a0, 0(t2)
        lw      a1, 4(t2)
        lw      a2, 8(t2)
        lw      a3, 12(t2)
        lw      a4, 16(t2)
        lw      t0, 20(t2)
        lw      t1, 24(t2)
        lw      t2, 28(t2)
        lw      a5, fz_num
        syscall
        ret

# --- generators: fz_num is set; fill the arguments, return the M_* mode ---

fz_gen_exit:                            # exit(status), in a child
        ENTER
        ARG     0, fz_r_int
        li      a0, M_CHILD
        LEAVE

fz_gen_fork:
        li      a0, M_FORK
        ret

fz_gen_exec:                            # exec(path, argv), in a child
        ENTER
        ARG     0, fz_r_path_exec
        ARG     1, fz_r_argv
        li      a0, M_CHILD
        LEAVE

fz_gen_wait:                            # wait(pid, &status)
        ENTER
        ARG     0, fz_r_pid
        ARG     1, fz_r_ptr
        li      a0, M_INLINE
        LEAVE

fz_gen_kill:                            # kill(pid): never init, the shell, us
        ENTER
        call    fz_r_pid
        li      t0, 1
        beq     a0, t0, 1f
        lw      t0, fz_self
        beq     a0, t0, 1f
        lw      t0, fz_ppid
        bne     a0, t0, 2f
1:      li      t0, 0x10000             # no such process
        or      a0, a0, t0
2:      la      t0, fz_args
        sw      a0, 0(t0)
        li      a0, M_INLINE
        LEAVE

fz_gen_none:                            # getpid, uptime, sync: no arguments
        li      a0, M_INLINE
        ret

fz_gen_sbrk:
        ENTER
        PICK    fz_incrs
        la      t0, fz_args
        sw      a0, 0(t0)
        li      a0, M_INLINE
        LEAVE

fz_gen_sleep:
        ENTER
        PICK    fz_sleeps
        la      t0, fz_args
        sw      a0, 0(t0)
        li      a0, M_INLINE
        LEAVE

fz_gen_open:                            # open(path, flags)
        ENTER
        call    fz_rnd
        andi    a0, a0, 1
        beqz    a0, 1f
        ARG     0, fz_r_path_mut        # a scratch path: any flags
        PICK    fz_flags
        j       2f
1:      ARG     0, fz_r_path_any        # any path: only for reading
        PICK    fz_flags
        li      t0, ~(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)
        and     a0, a0, t0
2:      la      t0, fz_args
        sw      a0, 4(t0)
        li      a0, M_INLINE
        LEAVE

fz_gen_fd:                              # close(fd), dup(fd)
        ENTER
        ARG     0, fz_r_fd
        li      a0, M_INLINE
        LEAVE

fz_gen_rw:                              # read/write(fd, buffer, n)
        ENTER
        ARG     0, fz_r_fd
        ARG     1, fz_r_ptr
        ARG     2, fz_r_len
        li      a0, M_RW
        LEAVE

fz_gen_lseek:                           # lseek(fd, offset, whence)
        ENTER
        ARG     0, fz_r_fd
        PICK    fz_offsets
        la      t0, fz_args
        sw      a0, 4(t0)
        PICK    fz_whences
        la      t0, fz_args
        sw      a0, 8(t0)
        li      a0, M_INLINE
        LEAVE

fz_gen_fdptr:                           # fstat(fd, &stat), getdents(fd, buf, n)
        ENTER
        ARG     0, fz_r_fd
        ARG     1, fz_r_ptr
        ARG     2, fz_r_len
        li      a0, M_INLINE
        LEAVE

fz_gen_pathmut:                         # unlink, mkdir, rmdir: scratch paths
        ENTER
        ARG     0, fz_r_path_mut
        li      a0, M_INLINE
        LEAVE

fz_gen_chdir:
        ENTER
        ARG     0, fz_r_path_any
        li      a0, M_INLINE
        LEAVE

fz_gen_ptr:                             # pipe(fds)
        ENTER
        ARG     0, fz_r_ptr
        li      a0, M_INLINE
        LEAVE

fz_gen_modload:                         # modload(image, size, params, why)
        ENTER
        ARG     0, fz_r_ptr
        ARG     1, fz_r_len
        ARG     2, fz_r_ptr
        ARG     3, fz_r_ptr
        li      a0, M_INLINE
        LEAVE

fz_gen_modunload:                       # modunload(name, why)
        ENTER
        ARG     0, fz_r_ptr
        ARG     1, fz_r_ptr
        li      a0, M_INLINE
        LEAVE

fz_gen_procs:                           # procs(buf, n), modlist(buf, n)
        ENTER
        ARG     0, fz_r_ptr
        ARG     1, fz_r_int
        li      a0, M_INLINE
        LEAVE

fz_gen_setintr:
        ENTER
        ARG     0, fz_r_int
        li      a0, M_INLINE
        LEAVE

fz_gen_service:                         # service(op, label, buf, n)
        ENTER
        PICK    fz_ops
        mv      s0, a0
        call    fz_r_label
        mv      s1, a0
        addi    t0, s0, -SERVICE_KILL   # kill or restart: never the console
        li      t1, SERVICE_RESTART - SERVICE_KILL + 1
        bgeu    t0, t1, 1f
        la      t0, fz_l_tty
        bne     s1, t0, 1f
        la      s1, fz_l_disk
1:      la      t0, fz_args
        sw      s0, 0(t0)
        sw      s1, 4(t0)
        ARG     2, fz_r_ptr
        ARG     3, fz_r_int
        li      a0, M_INLINE
        LEAVE

# fz_gen_invalid(): a number that names no call, every register random.
# The IPC_* numbers may block for ever (the microkernel): in a child.
fz_gen_invalid:
        ENTER
        ARG     0, fz_r_any
        ARG     1, fz_r_any
        ARG     2, fz_r_any
        ARG     3, fz_r_any
        ARG     4, fz_r_any
        PICK    fz_eps
        la      t0, fz_args
        sw      a0, 20(t0)
        ARG     6, fz_r_ptr
        ARG     7, fz_r_len
        call    fz_rnd
        andi    t0, a0, 3
        srli    a0, a0, 8
        bnez    t0, 1f
        andi    a0, a0, 7               # IPC_SEND..IPC_FORWARD
        addi    a0, a0, IPC_SEND
        sw      a0, fz_num, t0
        li      a0, M_RISKY
        j       9f
1:      li      t1, 1
        bne     t0, t1, 2f
        li      t0, KC_NULL - KC_DEVIO + 1  # KC_DEVIO..KC_NULL
        remu    a0, a0, t0
        addi    a0, a0, KC_DEVIO
        j       3f
2:      PICK    fz_badnums
3:      sw      a0, fz_num, t0
        li      a0, M_INLINE
9:      LEAVE

# --- random values ---------------------------------------------------------

# fz_rnd() -> a0 = the next xorshift32 value.  Uses only a0 and t0.
fz_rnd: lw      a0, fz_rng
        slli    t0, a0, 13
        xor     a0, a0, t0
        srli    t0, a0, 17
        xor     a0, a0, t0
        slli    t0, a0, 5
        xor     a0, a0, t0
        sw      a0, fz_rng, t0
        ret

# fz_pick(table, count) -> a random word of the table.
fz_pick:
        mv      t2, a0
        mv      a2, ra
        call    fz_rnd
        mv      ra, a2
        remu    a0, a0, a1
        slli    a0, a0, 2
        add     a0, a0, t2
        lw      a0, 0(a0)
        ret

# fz_r_int() -> an edge value (7 in 8) or any 32-bit value.
fz_r_int:
        ENTER
        call    fz_rnd
        andi    t0, a0, 7
        beqz    t0, 1f
        PICK    fz_ints
1:      LEAVE

# fz_r_len() -> a length: edges, sizes around pages and sectors, huge.
fz_r_len:
        ENTER
        call    fz_rnd
        andi    t0, a0, 7
        li      t1, 0x3FFF
        and     a0, a0, t1
        beqz    t0, 1f
        PICK    fz_lens
1:      LEAVE

# fz_r_fd() -> 0..20 mostly, else an int; never the saved console.
fz_r_fd:
        ENTER
        call    fz_rnd
        andi    t0, a0, 15
        srli    a0, a0, 4
        beqz    t0, 1f
        li      t0, FZ_NFD
        remu    a0, a0, t0
        j       2f
1:      call    fz_r_int
2:      lw      t0, fz_cons
        bne     a0, t0, 3f
        li      a0, FZ_BADFD
3:      LEAVE

# fz_r_pid() -> -1, 0, our own or a nearby pid, or an int.
fz_r_pid:
        ENTER
        call    fz_rnd
        andi    t0, a0, 3
        srli    a0, a0, 2
        bnez    t0, 1f
        call    fz_r_int
        j       9f
1:      andi    a0, a0, 15              # self - 2 .. self + 13
        lw      t0, fz_self
        add     a0, a0, t0
        addi    a0, a0, -2
9:      LEAVE

# fz_r_ptr() -> half the time a victim buffer (with an offset 1 in 4 that
# may cross a page or run off its end), else a bad or read-only address.
fz_r_ptr:
        ENTER
        call    fz_rnd
        andi    t0, a0, 1
        beqz    t0, 2f
        mv      s0, a0
        srli    a0, a0, 1
        li      t0, FZ_NVICT
        remu    a0, a0, t0
        slli    a0, a0, 2
        la      t0, fz_vict
        add     t0, t0, a0
        lw      a0, 0(t0)
        srli    t0, s0, 8
        andi    t1, t0, 3
        bnez    t1, 9f
        srli    t0, t0, 4
        andi    t0, t0, 0xFFF
        add     a0, a0, t0
        j       9f
2:      PICK    fz_badptrs
9:      LEAVE

# fz_r_any() -> an int or a pointer.
fz_r_any:
        ENTER
        call    fz_rnd
        andi    a0, a0, 1
        beqz    a0, 1f
        call    fz_r_ptr
        j       2f
1:      call    fz_r_int
2:      LEAVE

# fz_r_nonul() -> a string of 'A's without NUL that ends at the top of the
# stack (the page above is not mapped): refilled at each use, because
# random reads write over it.
fz_r_nonul:
        ENTER
        PICK    fz_nonul_lens
        li      t0, FZ_USTACK_TOP
        sub     a0, t0, a0
        mv      t1, a0
        li      t2, 'A'
1:      sb      t2, 0(t1)
        addi    t1, t1, 1
        bne     t1, t0, 1b
        LEAVE

# fz_r_badpath() -> a path pointer that is bad: NULL, unmapped, kernel,
# no NUL before the end of the stack.
fz_r_badpath:
        ENTER
        call    fz_rnd
        andi    a0, a0, 3
        bnez    a0, 1f
        call    fz_r_nonul
        j       2f
1:      PICK    fz_badpaths
2:      LEAVE

# fz_r_path_mut() -> a path that a destructive call may be given: under
# /FZ, a relative scratch name, or a bad pointer.
fz_r_path_mut:
        ENTER
        call    fz_rnd
        andi    a0, a0, 7
        bnez    a0, 1f
        call    fz_r_badpath
        j       2f
1:      PICK    fz_scratch
2:      LEAVE

# fz_r_path_any() -> any path: scratch, the system's files, code bytes, bad.
fz_r_path_any:
        ENTER
        call    fz_rnd
        andi    t0, a0, 3
        bnez    t0, 1f
        call    fz_r_path_mut
        j       9f
1:      li      t1, 1
        bne     t0, t1, 2f
        call    fz_r_ptr                # whatever lies there
        j       9f
2:      PICK    fz_paths
9:      LEAVE

# fz_r_path_exec() -> a program to exec: harmless ones, non-executables, bad.
fz_r_path_exec:
        ENTER
        call    fz_rnd
        andi    a0, a0, 7
        bnez    a0, 1f
        call    fz_r_badpath
        j       2f
1:      PICK    fz_execs
2:      LEAVE

# fz_r_label() -> a service label (good, unknown, empty, long) or a bad pointer.
fz_r_label:
        ENTER
        call    fz_rnd
        andi    a0, a0, 7
        bnez    a0, 1f
        call    fz_r_badpath
        j       2f
1:      PICK    fz_labels
2:      LEAVE

# fz_r_argv() -> an argv for exec: NULL, a random pointer, or fz_argv with
# 0..FZ_MAXARGV-1 entries (strings, long strings, bad pointers), NULL-ended
# 15 times in 16.
fz_r_argv:
        ENTER
        call    fz_rnd
        andi    t0, a0, 7
        bnez    t0, 1f
        li      a0, 0
        j       9f
1:      li      t1, 1
        bne     t0, t1, 2f
        call    fz_r_ptr
        j       9f
2:      srli    a0, a0, 3
        li      t0, FZ_MAXARGV
        remu    s0, a0, t0              # the count
        la      s1, fz_argv
3:      beqz    s0, 5f
        call    fz_rnd
        andi    a0, a0, 3
        bnez    a0, 4f
        call    fz_r_ptr
        j       41f
4:      PICK    fz_args_str
41:     sw      a0, 0(s1)
        addi    s1, s1, 4
        addi    s0, s0, -1
        j       3b
5:      call    fz_rnd
        andi    a0, a0, 15
        beqz    a0, 6f                  # left without its NULL
        sw      zero, 0(s1)
6:      la      a0, fz_argv
9:      LEAVE

# --- tables ----------------------------------------------------------------

        .rodata
        .balign 4
# Generators by call number (0, poweroff: never generated).
fz_gens:
        .word   fz_gen_none, fz_gen_exit, fz_gen_fork, fz_gen_exec     # 0-3
        .word   fz_gen_wait, fz_gen_kill, fz_gen_none, fz_gen_sbrk     # 4-7
        .word   fz_gen_sleep, fz_gen_none, fz_gen_open, fz_gen_fd      # 8-11
        .word   fz_gen_rw, fz_gen_rw, fz_gen_lseek, fz_gen_fdptr       # 12-15
        .word   fz_gen_pathmut, fz_gen_pathmut, fz_gen_pathmut         # 16-18
        .word   fz_gen_chdir, fz_gen_fd, fz_gen_ptr, fz_gen_fdptr      # 19-22
        .word   fz_gen_none, fz_gen_none, fz_gen_procs, fz_gen_setintr # 23-26
        .word   fz_gen_service, fz_gen_modload, fz_gen_modunload       # 27-29
        .word   fz_gen_procs, fz_gen_ptr                               # 30-31

# Valid calls, weighted: each appears as often as it is drawn (cheap calls
# and the file calls often, fork/exec/exit/sleep rarely).
.macro W n, count
        .rept   \count
        .word   \n
        .endr
.endm
fz_calls:
        W SYS_exit, 2
        W SYS_fork, 3
        W SYS_exec, 2
        W SYS_wait, 4
        W SYS_kill, 4
        W SYS_getpid, 2
        W SYS_sbrk, 6
        W SYS_sleep, 1
        W SYS_uptime, 2
        W SYS_open, 12
        W SYS_close, 10
        W SYS_read, 12
        W SYS_write, 12
        W SYS_lseek, 8
        W SYS_fstat, 6
        W SYS_unlink, 5
        W SYS_mkdir, 5
        W SYS_rmdir, 4
        W SYS_chdir, 5
        W SYS_dup, 6
        W SYS_pipe, 4
        W SYS_getdents, 5
        W SYS_sync, 2
        W SYS_procs, 3
        W SYS_setintr, 1
        W SYS_service, 2
        W SYS_modload, 2
        W SYS_modunload, 2
        W SYS_modlist, 2
        W SYS_meminfo, 1
fz_calls_end:

fz_ints:
        .word   0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 20, 31, 32, 63, 64
        .word   100, 127, 128, 255, 256, 511, 512, 513, 1023, 1024
        .word   4095, 4096, 4097, 8192, 65535, 65536, 0x10000000
        .word   0x7FFFFFFF, 0x80000000, 0x80000001, -1, -2, -16, -256
        .word   -4096, -65536
fz_ints_end:
fz_lens:
        .word   0, 1, 2, 3, 4, 7, 8, 15, 16, 24, 31, 32, 100, 511, 512, 513
        .word   1000, 2048, 4095, 4096, 4097, 8191, 8192, 12288, 16384
        .word   65536, 0x100000, 0x7FFFFFFF, 0x80000000, -1, -16
fz_lens_end:
fz_offsets:
        .word   0, 0, 0, 1, 2, 100, 511, 512, 513, 4095, 4096, 4097, 65536
        .word   0x100000, 0x40000000, 0x7FFFFFFF, 0x7FFFFFF0, 0x80000000
        .word   -1, -2, -512, -4096
fz_offsets_end:
fz_whences:
        .word   SEEK_SET, SEEK_SET, SEEK_CUR, SEEK_CUR, SEEK_END, SEEK_END
        .word   3, -1, 0x80000000
fz_whences_end:
fz_flags:
        .word   O_RDONLY, O_WRONLY, O_RDWR, 3, O_CREAT | O_WRONLY
        .word   O_CREAT | O_RDWR, O_CREAT | O_TRUNC | O_WRONLY
        .word   O_CREAT | O_TRUNC | O_RDWR, O_APPEND | O_WRONLY
        .word   O_APPEND | O_RDWR | O_CREAT, O_TRUNC, O_CREAT, -1
        .word   0x7FFFFFFF, 0x800, 0x10000
fz_flags_end:
fz_incrs:
        .word   0, 1, 3, 4095, 4096, 4097, -1, -4096, -4097, 16384, -16384
        .word   65536, -65536, 0x100000, -0x100000, 0x7FFFFFFF, 0x80000000
        .word   0x40000000, -0x40000000, 0xFFFFF000
fz_incrs_end:
fz_sleeps:                              # never long
        .word   0, 1, 2, -1, -100, 0x80000000, 0x80000001
fz_sleeps_end:
fz_ops:
        .word   SERVICE_LIST, SERVICE_LIST, SERVICE_KILL, SERVICE_RESTART
        .word   3, -1, 0x7FFFFFFF
fz_ops_end:
fz_eps:                                 # t0: endpoints for IPC
        .word   0, 1, 1, 2, 3, 4, 5, 6, 7, 63, 64, 1000, -1, -2, -3
        .word   0x80000000
fz_eps_end:
fz_badnums:                             # numbers that name no call
        .word   0, 32, 33, 34, 40, 63, 72, 100, 127, 149, 150, 200, 255
        .word   256, 0x10000, 0x7FFFFFFF, 0x80000000, -1, -2, -64, -128
fz_badnums_end:
fz_nonul_lens:                          # strings without NUL: lengths
        .word   1, 2, 12, 13, 64, 127, 128, 129, 300
fz_nonul_lens_end:
fz_badptrs:                             # bad, read-only or kernel addresses
        .word   0, 1, 4, 0xFFF, 0x1000, 0x2000, main, fz_s_usage
        .word   0x100000, 0xFFF000, FZ_GUARD, 0x7FFFFFFC, 0x80000000
        .word   0x80000FFC, 0xC0000000, 0xFFFFF000, 0xFFFFFFFC, -1
        .word   0x40000000
fz_badptrs_end:
fz_badpaths:
        .word   0, 1, 0xFFF, 0x80000000, -1, FZ_GUARD, 0xC0000000
fz_badpaths_end:

# STR1 "text": a word pointing at the text (kept in section .rodata.str).
.macro STR1 text
        .pushsection .rodata.str, "a"
.Lfz_str\@: .asciz \text
        .popsection
        .word   .Lfz_str\@
.endm
# STRS label, "text"...: pointers to the strings, from label (no _end label:
# the table that holds them has its own).
.macro STRS label, s:vararg
\label:
        .irp    str, \s
        STR1    \str
        .endr
.endm

fz_scratch:
        .word   fz_p_long, fz_p_long127
        STRS    fz_scratch_strs, "/FZ/A.TXT", "/FZ/B.TXT", "/FZ/C", "/FZ/C/D.TXT", "/FZ/C/E", "/FZ/C/E/F.TXT", "FZREL.TXT", "FZDIR", "FZDIR/X.TXT", "/FZ/ABCDEFGHI.TXT", "/FZ/A.TXTX", "/FZ/A.TXT/X", "/FZ/../FZ/./G.TXT", "//FZ//H.TXT", "/FZ/BAD*NAM", "/FZ/.", "/FZ/..", "/FZ/", "", "/FZ", "/FZ/a.txt", "/FZ/.HID", "/FZ/A..B", "/FZ/A.B.C", "/FZ/ SP", "/FZ/C/E/../../I.TXT", "/FZROOT.TXT", "/FZ/IN.TXT", "/FZ/OUT.TXT", "."
fz_scratch_end:
fz_paths:
        STRS    fz_paths_strs, "/", ".", "..", "/BIN", "/BIN/TRUE", "/BIN/SH", "/README.TXT", "/NOSUCH/X", "/BIN/TRUE/X", "/BIN/usertests", "/BIN/..", "/bin/echo", "/FZ/C/E", "/FZ"
fz_paths_end:
fz_execs:
        STRS    fz_execs_strs, "/BIN/TRUE", "/BIN/FALSE", "/BIN/ECHO", "/bin/true", "/FZ/A.TXT", "/FZ/OUT.TXT", "/README.TXT", "/BIN", "/NOSUCH", "", "/BIN/TRUE/X", "/FZ"
fz_execs_end:
fz_labels:
        .word   fz_l_tty, fz_l_disk
        STRS    fz_labels_strs, "fs", "pm", "rs", "nosuch", "", "diskdiskdiskdiskdiskdisk"
fz_labels_end:
fz_args_str:
        .word   fz_p_long
        STRS    fz_args_strs, "x", "hello", "", "-n", "/FZ"
fz_args_str_end:

        .section .rodata.str, "a"
fz_l_tty:       .asciz  "tty"
fz_l_disk:      .asciz  "disk"
fz_p_dir:       .asciz  "/FZ"
fz_p_in:        .asciz  "/FZ/IN.TXT"
fz_p_out:       .asciz  "/FZ/OUT.TXT"
fz_p_long:      .ascii  "/FZ/"          # longer than PATH_MAX
                .space  200, 'L'
                .byte   0
fz_p_long127:   .ascii  "/FZ/C/"        # PATH_MAX - 1 characters
                .space  121, 'M'
                .byte   0
fz_s_usage:     .asciz  "usage: sysfuzz [N [SEED [-v]]]\n"
fz_s_v:         .asciz  "-v"
fz_s_trace1:    .asciz  "sysfuzz: #%u call %d %x %x"
fz_s_trace2:    .asciz  " %x %x %x t0 %x\n"
fz_s_trace3:    .asciz  "sysfuzz: -> %d\n"
fz_s_done:      .asciz  "sysfuzz: %u calls, seed %d\n"
fz_s_trace4:    .asciz  "sysfuzz: -> still running after %u ticks: killed\n"
fz_s_stuck:     .asciz  "sysfuzz: children killed after %u ticks: %u\n"

        .bss
        .balign 4
fz_rng:         .space  4
fz_verbose:     .space  4
fz_n:           .space  4
fz_count:       .space  4
fz_stuck:       .space  4               # exit/exec children killed after the bound
fz_seed:        .space  4
fz_self:        .space  4
fz_ppid:        .space  4
fz_cons:        .space  4
fz_heap:        .space  4
fz_svictim:     .space  4
fz_num:         .space  4
fz_args:        .space  32              # a0..a4, t0..t2
fz_stat:        .space  STAT_SIZE
        .equ FZ_NVICT, 6
fz_vict:        .space  4 * (FZ_NVICT - 1)  # vbuf, its end, stack, heap, stack top
fz_vict_brk:    .space  4                   # just below the break
fz_argv:        .space  4 * FZ_MAXARGV + 4
fz_procs:       .space  NPROC * PROCINFO_SIZE
        .balign FZ_PAGE                 # last: what runs off its end is the heap
fz_vbuf:        .space  FZ_VBUF
