# usertests -- the OS's own test suite, through the user ABI only.
#
#   usertests            run every case
#   usertests NAME...    run only the named cases
#
# Each case runs in a child process (fork): the child exits 0 when every
# check passed, or prints "usertests: CASE: what went wrong" on fd 2 and
# exits 1.  The parent waits and prints "CASE: OK" or "CASE: FAILED (...)",
# then "usertests: N passed, M failed"; the exit status is 1 when M != 0.
# A watchdog process kills a case that runs longer than UT_TIMEOUT ticks.
#
# A case that expects a process to be killed (privileged instructions, bad
# memory accesses, stack overflow) forks a grandchild to do the bad thing
# and checks that wait reports STATUS_FAULT.  Files go under /TMPUT, made at
# the start and removed at the end.

        .include "runtime.s"
        .include "kx.inc"               # the executable format: for the corrupt-file cases

        .equ UT_TIMEOUT, 6000           # ticks a case may run (60 s of machine time)
        .equ UT_PAGE, 4096
        .equ UT_MIB, 0x100000
        .equ UT_KPHYS, 0x2000           # a kernel address (physical); the user's own code page
        .equ UT_MAGIC, 77               # exit status of a grandchild whose exec failed as expected

# --- macros -----------------------------------------------------------------

        .include "frame.inc"            # ENTER / LEAVE

# STR reg, "text": reg = the address of the NUL-terminated text (.rodata).
.macro STR reg, text
        .pushsection .rodata
.Lut_s\@: .asciz \text
        .popsection
        la      \reg, .Lut_s\@
.endm

# EXPECT value, "what": a0 must equal the constant value.
.macro EXPECT value, what
        li      a1, \value
        beq     a0, a1, .Lut_ok\@
        STR     a2, \what
        call    ut_fail_eq
.Lut_ok\@:
.endm

# EXPECT_R reg, "what": a0 must equal the register (not a1 or a2).
.macro EXPECT_R reg, what
        beq     a0, \reg, .Lut_ok\@
        mv      a1, \reg
        STR     a2, \what
        call    ut_fail_eq
.Lut_ok\@:
.endm

# EXPECT2 v1, v2, "what": a0 must be v1 or v2.
.macro EXPECT2 v1, v2, what
        li      a1, \v1
        beq     a0, a1, .Lut_ok\@
        li      a3, \v2
        beq     a0, a3, .Lut_ok\@
        STR     a2, \what
        call    ut_fail_eq2
.Lut_ok\@:
.endm

# EXPECT_OK "what": a0 must be >= 0 (a system call that succeeded).
.macro EXPECT_OK what
        bgez    a0, .Lut_ok\@
        STR     a2, \what
        call    ut_fail_err
.Lut_ok\@:
.endm

# EXPECT_ERR "what": a0 must be < 0 (any error).
.macro EXPECT_ERR what
        bltz    a0, .Lut_ok\@
        STR     a2, \what
        call    ut_fail_noerr
.Lut_ok\@:
.endm

# FAIL "what": fail now; a0 is printed as the value at fault.
.macro FAIL what
        STR     a2, \what
        call    ut_fail_msg
.endm

# CTX "name", reg: failures from now on also print "name = reg".
.macro CTX name, reg
        STR     t0, \name
        sw      t0, ut_ctxname, t1
        sw      \reg, ut_ctx, t1
.endm

# CALL3 fn, x, y, z: fn(x, y, z) with immediate (or symbol) arguments.
.macro CALL3 fn, x, y, z
        li      a0, \x
        li      a1, \y
        li      a2, \z
        call    \fn
.endm

# CASE name, function: one entry of the case table.
.macro CASE name, function
        .pushsection .rodata
.Lut_c\@: .asciz "\name"
        .popsection
        .word   .Lut_c\@, \function
.endm

# --- the case table -----------------------------------------------------------

        .data                           # (the names go to .rodata)
        .balign 4
ut_cases:
        CASE    exitwait, tc_exitwait
        CASE    forkmem, tc_forkmem
        CASE    waitkill, tc_waitkill
        CASE    in, tc_in
        CASE    out, tc_out
        CASE    ins, tc_ins
        CASE    outs, tc_outs
        CASE    halt, tc_halt
        CASE    eret, tc_eret
        CASE    csrread, tc_csrread
        CASE    csrwrite, tc_csrwrite
        CASE    wfi, tc_wfi
        CASE    tlbflush, tc_tlbflush
        CASE    illegal, tc_illegal
        CASE    misalign, tc_misalign
        CASE    badload, tc_badload
        CASE    badstore, tc_badstore
        CASE    badjump, tc_badjump
        CASE    textwrite, tc_textwrite
        CASE    nxdata, tc_nxdata
        CASE    nxstack, tc_nxstack
        CASE    nxheap, tc_nxheap
        CASE    stackovf, tc_stackovf
        CASE    badfd, tc_badfd
        CASE    fdmodes, tc_fdmodes
        CASE    fdlimit, tc_fdlimit
        CASE    dupfd, tc_dupfd
        CASE    ptrwrite, tc_ptrwrite
        CASE    ptrread, tc_ptrread
        CASE    ptrout, tc_ptrout
        CASE    ptrpath, tc_ptrpath
        CASE    ptrexec, tc_ptrexec
        CASE    exececho, tc_exececho
        CASE    execargs, tc_execargs
        CASE    execmissing, tc_execmissing
        CASE    execbad, tc_execbad
        CASE    files, tc_files
        CASE    fileflags, tc_fileflags
        CASE    dirs, tc_dirs
        CASE    manyfiles, tc_manyfiles
        CASE    bigfile, tc_bigfile
        CASE    twofds, tc_twofds
        CASE    sharedfd, tc_sharedfd
        CASE    fourfiles, tc_fourfiles
        CASE    createdelete, tc_createdelete
        CASE    rmdot, tc_rmdot
        CASE    rmopen, tc_rmopen
        CASE    diskfull, tc_diskfull
        CASE    pipe, tc_pipe
        CASE    pipeeof, tc_pipeeof
        CASE    pipeepipe, tc_pipeepipe
        CASE    sleep, tc_sleep
        CASE    killspin, tc_killspin
        CASE    killsleep, tc_killsleep
        CASE    killblock, tc_killblock
        CASE    procs, tc_procs
        CASE    orphans, tc_orphans
        CASE    sbrkgrow, tc_sbrkgrow
        CASE    sbrkfail, tc_sbrkfail
        CASE    forkbomb, tc_forkbomb
ut_cases_end:

# --- main and the case runner -------------------------------------------------

        .text
main:   ENTER
        sw      a0, ut_argc, t0
        sw      a1, ut_argv, t0
        call    getpid
        sw      a0, ut_mainpid, t0
        li      s0, 1                   # every name given must be a case
1:      lw      t0, ut_argc
        bge     s0, t0, 3f
        lw      t1, ut_argv
        slli    t2, s0, 2
        add     t1, t1, t2
        lw      s1, 0(t1)
        mv      a0, s1
        call    ut_find_case
        bnez    a0, 2f
        mv      a1, s1
        STR     a0, "usertests: no case named %s\n"
        call    eprintf
        lw      t0, ut_failed
        addi    t0, t0, 1
        sw      t0, ut_failed, t1
2:      addi    s0, s0, 1
        j       1b
3:      STR     a0, "/TMPUT"            # the scratch directory (leftovers removed)
        call    ut_rmtree
        STR     a0, "/TMPUT"
        call    mkdir
        bgez    a0, 4f
        call    strerror
        mv      a1, a0
        STR     a0, "usertests: cannot make /TMPUT: %s\n"
        call    eprintf
4:      la      s0, ut_cases
5:      la      t0, ut_cases_end
        bgeu    s0, t0, 7f
        lw      a0, 0(s0)
        call    ut_selected
        beqz    a0, 6f
        lw      a0, 0(s0)
        lw      a1, 4(s0)
        call    ut_run_case
6:      addi    s0, s0, 8
        j       5b
7:      STR     a0, "/TMPUT"
        call    ut_rmtree
        bgez    a0, 8f
        call    strerror
        mv      a1, a0
        STR     a0, "usertests: cleanup: cannot remove /TMPUT: %s\n"
        call    eprintf
        lw      t0, ut_failed
        addi    t0, t0, 1
        sw      t0, ut_failed, t1
8:      lw      a1, ut_passed
        lw      a2, ut_failed
        STR     a0, "usertests: %d passed, %d failed\n"
        call    printf
        lw      a0, ut_failed
        snez    a0, a0
        LEAVE

# ut_find_case(name) -> its table entry, or 0.
ut_find_case:
        ENTER
        mv      s1, a0
        la      s0, ut_cases
1:      la      t0, ut_cases_end
        li      a0, 0
        bgeu    s0, t0, 2f
        lw      a0, 0(s0)
        mv      a1, s1
        call    strcmp
        mv      t0, a0
        mv      a0, s0
        beqz    t0, 2f
        addi    s0, s0, 8
        j       1b
2:      LEAVE

# ut_selected(name) -> 1 if the case is to run: no names given, or named.
ut_selected:
        ENTER
        mv      s1, a0
        li      s0, 1
        lw      t0, ut_argc
        li      a0, 1
        ble     t0, s0, 2f
1:      lw      t0, ut_argc
        li      a0, 0
        bge     s0, t0, 2f
        lw      t1, ut_argv
        slli    t2, s0, 2
        add     t1, t1, t2
        lw      a0, 0(t1)
        mv      a1, s1
        call    strcmp
        addi    s0, s0, 1
        bnez    a0, 1b
        li      a0, 1
2:      LEAVE

# ut_run_case(name, function): run one case in a child, with a watchdog;
# print its line and count it.
ut_run_case:
        ENTER
        sw      a0, ut_curname, t0
        mv      s1, a1
        call    fork
        bltz    a0, .Lut_rc_nofork
        bnez    a0, 1f
        jalr    s1                      # the case process
        li      a0, 0
        call    exit
1:      mv      s0, a0                  # the case's pid
        call    fork
        bnez    a0, 3f
        call    uptime                  # the watchdog: short sleeps, so that it
        mv      s1, a0                  # ends soon after being killed even if
2:      li      a0, 10                  # kill does not wake sleepers
        call    sleep
        call    uptime
        sub     a0, a0, s1
        li      t0, UT_TIMEOUT
        blt     a0, t0, 2b
        mv      a0, s0
        call    kill
        li      a0, 0
        call    exit
3:      mv      s1, a0                  # the watchdog's pid (or an error: none)
        mv      a0, s0
        la      a1, ut_wst
        call    wait
        bne     a0, s0, .Lut_rc_badwait
        lw      t0, ut_wst
        sw      t0, ut_casest, t1
        sw      zero, ut_timedout, t1
        blez    s1, 4f
        mv      a0, s1
        call    kill
        mv      a0, s1
        la      a1, ut_wst
        call    wait
        lw      t0, ut_wst
        bnez    t0, 4f                  # killed by us (137)
        li      t0, 1
        sw      t0, ut_timedout, t1
4:      lw      a1, ut_curname
        lw      t0, ut_timedout
        bnez    t0, .Lut_rc_timeout
        lw      a2, ut_casest
        bnez    a2, .Lut_rc_status
        STR     a0, "%s: OK\n"
        call    printf
        lw      t0, ut_passed
        addi    t0, t0, 1
        sw      t0, ut_passed, t1
        LEAVE
.Lut_rc_timeout:
        STR     a0, "%s: FAILED (timeout: killed after %d ticks)\n"
        li      a2, UT_TIMEOUT
        j       .Lut_rc_print
.Lut_rc_status:
        STR     a0, "%s: FAILED (exit status %d)\n"
        j       .Lut_rc_print
.Lut_rc_nofork:
        mv      a2, a0
        lw      a1, ut_curname
        STR     a0, "%s: FAILED (fork returned %d)\n"
        j       .Lut_rc_print
.Lut_rc_badwait:
        mv      a2, a0
        mv      a3, s0
        lw      a1, ut_curname
        STR     a0, "%s: FAILED (wait returned %d for pid %d)\n"
.Lut_rc_print:
        call    printf
        lw      t0, ut_failed
        addi    t0, t0, 1
        sw      t0, ut_failed, t1
        LEAVE

# ut_rmtree(path) -> 0, or the error: remove a file, or a directory with
# everything in it.
ut_rmtree:
        addi    sp, sp, -176
        sw      ra, 172(sp)
        sw      s0, 168(sp)
        sw      s1, 164(sp)
        mv      s0, a0
        call    unlink
        beqz    a0, 9f
        li      t0, -EISDIR
        bne     a0, t0, 9f
        mv      a0, s0
        li      a1, O_RDONLY
        call    open
        bltz    a0, 9f
        mv      s1, a0
1:      mv      a0, s1                  # one DIRENT at 136(sp), the path at 0(sp)
        addi    a1, sp, 136
        li      a2, DIRENT_SIZE
        call    getdents
        blez    a0, 2f
        mv      a0, sp
        mv      a1, s0
        call    strcpy
        mv      a0, sp
        STR     a1, "/"
        call    strcat
        mv      a0, sp
        addi    a1, sp, 136 + DIRENT_NAME
        call    strcat
        mv      a0, sp
        call    ut_rmtree
        j       1b
2:      mv      a0, s1
        call    close
        mv      a0, s0
        call    rmdir
9:      lw      s1, 164(sp)
        lw      s0, 168(sp)
        lw      ra, 172(sp)
        addi    sp, sp, 176
        ret

# --- failure reports (never return) ------------------------------------------

# ut_fail_eq(a0 = got, a1 = expected, a2 = what)
ut_fail_eq:
        mv      a4, a1
        mv      a3, a0
        lw      a1, ut_curname
        STR     a0, "usertests: %s: %s: got %d, expected %d\n"
        j       ut_fail_print

# ut_fail_eq2(a0 = got, a1 = expected, a3 = or this, a2 = what)
ut_fail_eq2:
        mv      a5, a3
        mv      a4, a1
        mv      a3, a0
        lw      a1, ut_curname
        STR     a0, "usertests: %s: %s: got %d, expected %d or %d\n"
        j       ut_fail_print

# ut_fail_err(a0 = error, a2 = what)
ut_fail_err:
        mv      s0, a0
        mv      s1, a2
        call    strerror
        mv      a4, a0
        mv      a3, s0
        mv      a2, s1
        lw      a1, ut_curname
        STR     a0, "usertests: %s: %s: failed with %d (%s)\n"
        j       ut_fail_print

# ut_fail_noerr(a0 = result, a2 = what)
ut_fail_noerr:
        mv      a3, a0
        lw      a1, ut_curname
        STR     a0, "usertests: %s: %s: succeeded (%d), expected an error\n"
        j       ut_fail_print

# ut_fail_msg(a0 = value, a2 = what)
ut_fail_msg:
        mv      a3, a0
        lw      a1, ut_curname
        STR     a0, "usertests: %s: %s (value %d)\n"
ut_fail_print:
        call    eprintf
        lw      a2, ut_ctxname
        beqz    a2, 1f
        lw      a3, ut_ctx
        mv      a4, a3
        lw      a1, ut_curname
        STR     a0, "usertests: %s:   while testing %s = %d (0x%x)\n"
        call    eprintf
1:      li      a0, 1
        call    exit

# --- helpers for the cases ----------------------------------------------------

# ut_child(fn, arg) -> the wait status of a new child that runs fn(arg)
# and exits 0 when fn returns.
ut_child:
        ENTER
        mv      s0, a0
        mv      s1, a1
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 1f
        mv      a0, s1
        jalr    s0
        li      a0, 0
        call    exit
1:      mv      s0, a0
        la      a1, ut_wst
        call    wait
        EXPECT_R s0, "wait for the child"
        lw      a0, ut_wst
        LEAVE

# ut_expect_fault(fn, arg, what): a child running fn(arg) must be killed
# with STATUS_FAULT.  ut_expect_faulta: the same, and the report shows arg
# as the address at fault.
ut_expect_fault:
        li      a3, 0
        j       1f
ut_expect_faulta:
        li      a3, 1
1:      addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a3, 16(sp)
        mv      s0, a2
        mv      s1, a1
        call    ut_child
        li      t0, STATUS_FAULT
        beq     a0, t0, 3f
        lw      t1, 16(sp)
        lw      a1, ut_curname
        mv      a2, s0
        bnez    t1, 2f
        mv      a3, a0
        li      a4, STATUS_FAULT
        STR     a0, "usertests: %s: %s: child's wait status %d, expected %d (killed for a fault)\n"
        j       ut_fail_print
2:      mv      a4, a0
        li      a5, STATUS_FAULT
        mv      a3, s1
        STR     a0, "usertests: %s: %s 0x%x: child's wait status %d, expected %d (killed for a fault)\n"
        j       ut_fail_print
3:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ut_exit_child(status) -> pid of a new child that exits with status.
ut_exit_child:
        ENTER
        mv      s0, a0
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 1f
        mv      a0, s0
        call    exit
1:      LEAVE

# ut_wait_status(pid) -> the wait status of that child (wait must return pid).
ut_wait_status:
        ENTER
        mv      s0, a0
        la      a1, ut_wst
        call    wait
        EXPECT_R s0, "wait(pid)"
        lw      a0, ut_wst
        LEAVE

# ut_edge() -> P: a page at the end of the heap; P + UT_PAGE is not mapped.
ut_edge:
        ENTER
        li      a0, 0
        call    sbrk
        EXPECT_OK "sbrk(0)"
        mv      s0, a0
        neg     t0, a0
        andi    s1, t0, UT_PAGE - 1     # bytes up to the next page boundary
        addi    a0, s1, UT_PAGE
        call    sbrk
        EXPECT_R s0, "sbrk(grow to a page boundary and one page more)"
        add     a0, s0, s1
        LEAVE

# ut_openw(path) -> fd: create (or truncate) a file for reading and writing.
ut_openw:
        ENTER
        li      a1, O_CREAT | O_RDWR | O_TRUNC
        call    open
        EXPECT_OK "open(O_CREAT|O_RDWR|O_TRUNC)"
        LEAVE

# ut_writefile(path, buf, n): the file holds exactly those n bytes.
ut_writefile:
        ENTER
        mv      s0, a1
        mv      s1, a2
        call    ut_openw
        sw      a0, ut_wffd, t0
        beqz    s1, 1f
        mv      a1, s0
        mv      a2, s1
        call    write
        EXPECT_R s1, "write of a whole file"
1:      lw      a0, ut_wffd
        call    close
        EXPECT  0, "close"
        LEAVE

# ut_readfile(path, buf, max) -> bytes read (the whole file, at most max).
ut_readfile:
        ENTER
        mv      s0, a1
        mv      s1, a2
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(O_RDONLY)"
        sw      a0, ut_wffd, t0
        sw      zero, ut_wfn, t0
1:      lw      t0, ut_wfn
        sub     a2, s1, t0
        beqz    a2, 2f
        add     a1, s0, t0
        lw      a0, ut_wffd
        call    read
        EXPECT_OK "read"
        beqz    a0, 2f
        lw      t0, ut_wfn
        add     t0, t0, a0
        sw      t0, ut_wfn, t1
        j       1b
2:      lw      a0, ut_wffd
        call    close
        lw      a0, ut_wfn
        LEAVE

# ut_spawn(path, argv) -> a0 = bytes of output (in ut_out, NUL-terminated),
# a1 = wait status: run a program with its fd 1 on a pipe.
ut_spawn:
        ENTER
        mv      s0, a0
        mv      s1, a1
        la      a0, ut_spfds
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 1f
        li      a0, 1                   # the child: fd 1 = the pipe's write end
        call    close
        lw      a0, ut_spfds + 4
        call    dup
        EXPECT  1, "dup of the pipe's write end onto fd 1"
        lw      a0, ut_spfds
        call    close
        lw      a0, ut_spfds + 4
        call    close
        mv      a0, s0
        mv      a1, s1
        call    exec
        FAIL    "exec of the program"
1:      sw      a0, ut_sppid, t0
        lw      a0, ut_spfds + 4
        call    close
        li      s0, 0                   # bytes read
2:      li      t0, 1023
        sub     a2, t0, s0
        beqz    a2, 3f
        la      a1, ut_out
        add     a1, a1, s0
        lw      a0, ut_spfds
        call    read
        EXPECT_OK "read of the program's output"
        beqz    a0, 3f
        add     s0, s0, a0
        j       2b
3:      la      t0, ut_out
        add     t0, t0, s0
        sb      zero, 0(t0)
        lw      a0, ut_spfds
        call    close
        lw      a0, ut_sppid
        call    ut_wait_status
        mv      a1, a0
        mv      a0, s0
        LEAVE

# ut_expect_output(path, argv, expected, what): the program's output is the
# expected text and its status 0.
ut_expect_output:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        mv      s0, a2
        mv      s1, a3
        call    ut_spawn
        sw      a1, 16(sp)
        la      a0, ut_out
        mv      a1, s0
        call    strcmp
        bnez    a0, 1f
        lw      a0, 16(sp)
        bnez    a0, 2f
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
1:      mv      a2, s1
        la      a3, ut_out
        mv      a4, s0
        lw      a1, ut_curname
        STR     a0, "usertests: %s: %s: output \"%s\", expected \"%s\"\n"
        j       ut_fail_print
2:      mv      a2, s1
        lw      a1, ut_curname
        mv      a3, a0
        STR     a0, "usertests: %s: %s: exit status %d, expected 0\n"
        j       ut_fail_print

# ut_echo_check(): /bin/echo runs and says "hello usertests".
ut_echo_check:
        ENTER
        STR     a0, "/bin/echo"
        la      a1, ut_argv_echo
        STR     a2, "hello usertests\n"
        STR     a3, "fork and exec of /bin/echo hello usertests"
        call    ut_expect_output
        LEAVE

# ut_exec_expect(path, argv, error, what, or_error): exec in a child must
# fail with error (or or_error) and return to an intact program.
ut_exec_expect:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)
        sw      a1, 12(sp)
        sw      a2, 8(sp)
        sw      a3, 4(sp)
        sw      a4, 0(sp)
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 2f
        lw      a0, 16(sp)              # the child
        lw      a1, 12(sp)
        call    exec
        lw      a1, 8(sp)
        beq     a0, a1, 1f
        lw      a3, 0(sp)
        beq     a0, a3, 1f
        lw      a2, 4(sp)
        call    ut_fail_eq2
1:      li      a0, UT_MAGIC
        call    exit
2:      call    ut_wait_status
        li      t0, UT_MAGIC
        beq     a0, t0, 3f
        li      t0, 1
        beq     a0, t0, 4f              # the child has said what went wrong
        mv      a3, a0
        lw      a2, 4(sp)
        lw      a1, ut_curname
        STR     a0, "usertests: %s: %s: exec did not fail (the child's status is %d)\n"
        j       ut_fail_print
3:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
4:      li      a0, 1
        call    exit

# ut_fill(buf, n, seed): byte i of buf = pattern(seed + i).
# ut_check(buf, n, seed) -> index of the first byte that differs, or -1.
# pattern(x) = (x ^ (x >> 7) ^ (x >> 15)) & 0xFF
ut_fill:
        add     a1, a1, a0
1:      bgeu    a0, a1, 2f
        srli    t0, a2, 7
        xor     t0, t0, a2
        srli    t1, a2, 15
        xor     t0, t0, t1
        sb      t0, 0(a0)
        addi    a0, a0, 1
        addi    a2, a2, 1
        j       1b
2:      ret
ut_check:
        mv      a3, a0
        add     a1, a1, a0
1:      bgeu    a0, a1, 2f
        srli    t0, a2, 7
        xor     t0, t0, a2
        srli    t1, a2, 15
        xor     t0, t0, t1
        andi    t0, t0, 0xFF
        lbu     t1, 0(a0)
        bne     t0, t1, 3f
        addi    a0, a0, 1
        addi    a2, a2, 1
        j       1b
2:      li      a0, -1
        ret
3:      sub     a0, a0, a3
        ret

# Things a child does to be killed.  Each takes a0 = an address (or
# nothing) and returns if the machine and kernel let it through.
ut_load:
        lw      a0, 0(a0)
        ret
ut_store:
        li      t0, 0x55AA55AA
        sw      t0, 0(a0)
        ret
ut_jump:
        jr      a0                      # returns (to ut_child) if the code there does
ut_do_in:
        in      a0, 0x3FD               # UART_LSR
        ret
ut_do_out:
        li      a0, 'X'
        out     a0, 0xE9                # DEBUG_PRINT
        ret
ut_do_ins:
        la      a0, ut_buf
        li      a1, 1
        ins     a0, a1, 0x1F0           # DISK_DATA
        ret
ut_do_outs:
        la      a0, ut_buf
        li      a1, 1
        outs    a0, a1, 0xE9
        ret
ut_do_halt:
        halt
        ret
ut_do_eret:
        eret
        ret
ut_do_csrr:
        csrr    a0, status
        ret
ut_do_csrc:
        li      t0, 1
        csrrc   a0, status, t0
        ret
ut_do_csrw:
        csrrw   a0, ptbase, zero
        ret
ut_do_wfi:
        wfi
        ret
ut_do_tlbflush:
        tlbflush
        ret
ut_do_illegal:
        .word   0xFFFFFFFF
        ret
ut_do_zero:
        .word   0
        ret
ut_do_misload:
        la      a0, ut_buf + 2
        lw      a0, 0(a0)
        ret
ut_do_misstore:
        la      a0, ut_buf + 1
        sh      a0, 0(a0)
        ret
ut_do_misjump:
        la      t0, 1f
        addi    t0, t0, 2
        jr      t0
1:      ret
# ut_code: two instructions that are copied elsewhere and jumped to.
ut_code:
        li      a0, 7
        ret
# ut_stackjump(): run a copy of ut_code on the stack.
ut_stackjump:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      t0, ut_code
        lw      t1, 0(t0)
        sw      t1, 0(sp)
        lw      t1, 4(t0)
        sw      t1, 4(sp)
        jalr    sp
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
# ut_recurse(depth): never ends; 256 bytes of stack per call.
ut_recurse:
        addi    sp, sp, -256
        sw      ra, 252(sp)
        sw      a0, 0(sp)
        addi    a0, a0, 1
        call    ut_recurse
        lw      ra, 252(sp)
        addi    sp, sp, 256
        ret

# === processes ===============================================================

# exitwait: exit statuses reach wait; wait(pid) picks that child, wait(-1)
# any; a child's getpid is what fork returned.
tc_exitwait:
        ENTER
        la      s1, ut_statuses
1:      lw      s0, 0(s1)               # each status: exit(s) -> wait gives s
        bltz    s0, 2f
        CTX     "exit status", s0
        mv      a0, s0
        call    ut_exit_child
        mv      s0, a0
        li      a0, -1
        la      a1, ut_wst
        call    wait
        EXPECT_R s0, "wait(-1) with one child"
        lw      a0, ut_wst
        lw      t0, 0(s1)
        EXPECT_R t0, "wait status of exit(status)"
        addi    s1, s1, 4
        j       1b
2:      sw      zero, ut_ctxname, t0
        li      a0, 11                  # three children: 11, 12, 13
        call    ut_exit_child
        sw      a0, ut_pids, t0
        li      a0, 12
        call    ut_exit_child
        sw      a0, ut_pids + 4, t0
        li      a0, 13
        call    ut_exit_child
        sw      a0, ut_pids + 8, t0
        li      a0, 20                  # let them all end first
        call    sleep
        lw      a0, ut_pids + 4
        call    ut_wait_status
        EXPECT  12, "wait(pid of the second of three children)"
        li      s0, 2                   # the other two, in any order
3:      li      a0, -1
        la      a1, ut_wst
        call    wait
        la      t2, ut_pids
        lw      t0, 0(t2)
        li      t1, 11
        beq     a0, t0, 4f
        addi    t2, t2, 8
        lw      t0, 0(t2)
        li      t1, 13
        beq     a0, t0, 4f
        FAIL    "wait(-1) returned a pid that is not a remaining child"
4:      sw      zero, 0(t2)             # not twice
        lw      a0, ut_wst
        EXPECT_R t1, "wait status of the child returned by wait(-1)"
        addi    s0, s0, -1
        bnez    s0, 3b
        li      a0, -1
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(-1) after every child was waited for"
        la      a0, ut_fds              # getpid in the child = fork's result
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 5f
        call    getpid
        sw      a0, ut_word, t0
        lw      a0, ut_fds + 4
        la      a1, ut_word
        li      a2, 4
        call    write
        li      a0, 0
        call    exit
5:      mv      s0, a0
        lw      a0, ut_fds
        la      a1, ut_word
        li      a2, 4
        call    read
        EXPECT  4, "read of the child's getpid from a pipe"
        lw      a0, ut_word
        EXPECT_R s0, "getpid() in the child vs fork()'s result in the parent"
        call    getpid
        mv      s1, a0
        beq     a0, s0, 6f
        lw      t0, ut_mainpid
        beq     a0, t0, 6f
        mv      a0, s0
        call    ut_wait_status
        EXPECT  0, "exit status of the getpid child"
        LEAVE
6:      mv      a0, s1
        FAIL    "getpid() in the parent equals the child's or its own parent's pid"

# forkmem: the child gets a copy of data, heap and stack; its changes stay its own.
tc_forkmem:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        li      t0, 0x1234567
        sw      t0, ut_word, t1
        li      t0, 0x89ABCDE
        sw      t0, 0(sp)               # on the stack
        li      a0, UT_PAGE
        call    sbrk
        EXPECT_OK "sbrk(4096)"
        mv      s0, a0
        li      t0, 0x5A5A5A5
        sw      t0, 0(s0)
        sw      t0, UT_PAGE - 4(s0)
        li      a0, 0
        call    sbrk
        mv      s1, a0                  # the break
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 2f
        lw      a0, ut_word             # the child
        li      a1, 0x1234567
        bne     a0, a1, 1f
        lw      a0, 0(sp)
        li      a1, 0x89ABCDE
        bne     a0, a1, 1f
        lw      a0, 0(s0)
        li      a1, 0x5A5A5A5
        bne     a0, a1, 1f
        lw      a0, UT_PAGE - 4(s0)
        bne     a0, a1, 1f
        li      a0, 0
        call    sbrk
        bne     a0, s1, 1f
        sw      zero, ut_word, t0       # change everything
        sw      zero, 0(sp)
        sw      zero, 0(s0)
        li      a0, 3 * UT_PAGE
        call    sbrk
        li      a0, 0
        call    exit
1:      li      a0, 2
        call    exit
2:      call    ut_wait_status
        EXPECT  0, "the child's copy of data, stack, heap and break (status 2: a difference)"
        lw      a0, ut_word
        EXPECT  0x1234567, "a .data word after the child changed its copy"
        lw      a0, 0(sp)
        EXPECT  0x89ABCDE, "a stack word after the child changed its copy"
        lw      a0, 0(s0)
        EXPECT  0x5A5A5A5, "a heap word after the child changed its copy"
        li      a0, 0
        call    sbrk
        EXPECT_R s1, "the break after the child grew its heap"
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# waitkill: wait for what is not a child, kill what does not exist, and
# wait with a bad status pointer.
tc_waitkill:
        ENTER
        li      a0, -1
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(-1) without children"
        li      a0, 1
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(1): init is not our child"
        li      a0, 99999
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(99999)"
        call    getpid
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(own pid)"
        lw      a0, ut_mainpid
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(parent's pid)"
        li      a0, -5
        call    kill
        EXPECT  -ESRCH, "kill(-5)"
        li      a0, 99999
        call    kill
        EXPECT  -ESRCH, "kill(99999)"
        # a grandchild is not a child
        la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 2f
        call    fork                    # the child: fork a grandchild
        bltz    a0, 1f
        bnez    a0, 3f
        li      a0, 30                  # the grandchild
        call    sleep
        li      a0, 0
        call    exit
3:      sw      a0, ut_word, t0
        lw      a0, ut_fds + 4
        la      a1, ut_word
        li      a2, 4
        call    write
        lw      a0, ut_word
        call    ut_wait_status
        call    exit                    # the grandchild's status
1:      li      a0, 3
        call    exit
2:      mv      s0, a0
        lw      a0, ut_fds
        la      a1, ut_word
        li      a2, 4
        call    read
        EXPECT  4, "read of the grandchild's pid"
        lw      a0, ut_word
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(pid of a grandchild)"
        mv      a0, s0
        call    ut_wait_status
        EXPECT  0, "the child (it waits for the grandchild)"
        # bad status pointers
        li      a0, 3
        call    ut_exit_child
        li      a1, 0xC0000000
        call    wait
        EXPECT  -EFAULT, "wait(child, 0xC0000000)"
        li      a0, 3
        call    ut_exit_child
        li      a1, UT_KPHYS
        call    wait
        EXPECT  -EFAULT, "wait(child, 0x2000: own code, read-only)"
        li      a0, 3
        call    ut_exit_child
        la      a1, ut_code
        call    wait
        EXPECT  -EFAULT, "wait(child, address of a function)"
4:      li      a0, -1                  # whatever is left of those three
        la      a1, ut_wst
        call    wait
        bltz    a0, 5f
        lw      a0, ut_wst
        EXPECT  3, "status of a child whose first wait had a bad pointer"
        j       4b
5:      EXPECT  -ECHILD, "wait(-1) at the end"
        LEAVE

# === privileged instructions: each kills the process ========================

.macro PRIVCASE label, fn, what
\label:
        la      a0, \fn
        li      a1, 0
        STR     a2, \what
        j       ut_expect_fault
.endm
        PRIVCASE tc_in, ut_do_in, "in a0, 0x3FD (UART_LSR) in user mode"
        PRIVCASE tc_out, ut_do_out, "out to 0xE9 (DEBUG_PRINT) in user mode"
        PRIVCASE tc_ins, ut_do_ins, "ins from 0x1F0 (DISK_DATA) in user mode"
        PRIVCASE tc_outs, ut_do_outs, "outs to 0xE9 in user mode"
        PRIVCASE tc_halt, ut_do_halt, "halt in user mode"
        PRIVCASE tc_eret, ut_do_eret, "eret in user mode"
        PRIVCASE tc_wfi, ut_do_wfi, "wfi in user mode"
        PRIVCASE tc_tlbflush, ut_do_tlbflush, "tlbflush in user mode"

tc_csrread:
        ENTER
        la      a0, ut_do_csrr
        li      a1, 0
        STR     a2, "csrrs a0, status, zero (read status) in user mode"
        call    ut_expect_fault
        la      a0, ut_do_csrc
        li      a1, 0
        STR     a2, "csrrc a0, status, t0 in user mode"
        call    ut_expect_fault
        LEAVE

tc_csrwrite:
        la      a0, ut_do_csrw
        li      a1, 0
        STR     a2, "csrrw a0, ptbase, zero in user mode"
        j       ut_expect_fault

tc_illegal:
        ENTER
        la      a0, ut_do_illegal
        li      a1, 0
        STR     a2, "the word 0xFFFFFFFF (illegal instruction)"
        call    ut_expect_fault
        la      a0, ut_do_zero
        li      a1, 0
        STR     a2, "the word 0 (illegal instruction)"
        call    ut_expect_fault
        LEAVE

tc_misalign:
        ENTER
        la      a0, ut_do_misload
        li      a1, 0
        STR     a2, "lw from an address 2 mod 4"
        call    ut_expect_fault
        la      a0, ut_do_misstore
        li      a1, 0
        STR     a2, "sh to an odd address"
        call    ut_expect_fault
        la      a0, ut_do_misjump
        li      a1, 0
        STR     a2, "jump to an address 2 mod 4"
        call    ut_expect_fault
        LEAVE

# === bad memory accesses =====================================================

# badload, badstore, badjump: every address of ut_badaddrs kills.
tc_badload:
        la      a0, ut_load
        STR     a1, "load from"
        j       ut_badaddr_loop
tc_badstore:
        la      a0, ut_store
        STR     a1, "store to"
        j       ut_badaddr_loop
tc_badjump:
        la      a0, ut_jump
        STR     a1, "jump to"
# ut_badaddr_loop(fn, what): fn(address) kills, for each bad address.
ut_badaddr_loop:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)
        sw      a1, 12(sp)
        la      s0, ut_badaddrs
1:      la      t0, ut_badaddrs_end
        bgeu    s0, t0, 2f
        lw      a0, 16(sp)
        lw      a1, 0(s0)
        lw      a2, 12(sp)
        call    ut_expect_faulta
        addi    s0, s0, 4
        j       1b
2:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# textwrite: stores into the program's own code and read-only data kill,
# and the code is unchanged afterwards.
tc_textwrite:
        ENTER
        la      t0, ut_load
        lw      s0, 0(t0)
        la      a0, ut_store
        la      a1, ut_load
        STR     a2, "store into own code (.text) at"
        call    ut_expect_faulta
        la      a0, ut_store
        li      a1, UT_KPHYS
        STR     a2, "store into own code at the kernel's physical address"
        call    ut_expect_faulta
        la      a0, ut_store
        la      a1, ut_rodata_word
        STR     a2, "store into .rodata at"
        call    ut_expect_faulta
        la      t0, ut_load
        lw      a0, 0(t0)
        EXPECT_R s0, "first word of the code a child stored into"
        LEAVE

# nxdata, nxstack, nxheap: code copied into data, stack or heap does not run.
tc_nxdata:
        ENTER
        call    ut_code                 # the code itself works
        EXPECT  7, "ut_code run where it is"
        la      t0, ut_code
        la      t1, ut_nxbuf
        lw      t2, 0(t0)
        sw      t2, 0(t1)
        lw      t2, 4(t0)
        sw      t2, 4(t1)
        la      a0, ut_jump
        la      a1, ut_nxbuf
        STR     a2, "jump to code copied into .data at"
        call    ut_expect_faulta
        LEAVE
tc_nxstack:
        la      a0, ut_stackjump
        li      a1, 0
        STR     a2, "jump to code copied onto the stack"
        j       ut_expect_fault
tc_nxheap:
        ENTER
        li      a0, UT_PAGE
        call    sbrk
        EXPECT_OK "sbrk(4096)"
        mv      s0, a0
        la      t0, ut_code
        lw      t2, 0(t0)
        sw      t2, 0(s0)
        lw      t2, 4(t0)
        sw      t2, 4(s0)
        la      a0, ut_jump
        mv      a1, s0
        STR     a2, "jump to code copied into the heap at"
        call    ut_expect_faulta
        LEAVE

# stackovf: unbounded recursion runs into the guard page and kills only
# that process.
tc_stackovf:
        ENTER
        la      a0, ut_recurse
        li      a1, 0
        STR     a2, "unbounded recursion (256-byte frames)"
        call    ut_expect_fault
        li      a0, 9
        call    ut_exit_child
        call    ut_wait_status
        EXPECT  9, "a child's status after the overflow"
        LEAVE

# === file descriptors ========================================================

# badfd: every descriptor call on a descriptor that is not open is -EBADF.
tc_badfd:
        ENTER
        li      a0, -1
        call    ut_badfd_one
        li      a0, NOFILE
        call    ut_badfd_one
        li      a0, 1000
        call    ut_badfd_one
        li      a0, NOFILE - 1          # never opened
        call    ut_badfd_one
        li      a0, 0x80000000
        call    ut_badfd_one
        STR     a0, "/TMPUT/BADFD"
        call    ut_openw
        mv      s0, a0
        call    close
        EXPECT  0, "close"
        mv      a0, s0                  # closed
        call    ut_badfd_one
        STR     a0, "/TMPUT/BADFD"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# ut_badfd_one(fd): read, write, close, fstat, lseek, dup and getdents on fd
# are -EBADF.
ut_badfd_one:
        ENTER
        mv      s0, a0
        CTX     "fd", s0
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 1
        call    read
        EXPECT  -EBADF, "read(fd, buf, 1)"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 1
        call    write
        EXPECT  -EBADF, "write(fd, buf, 1)"
        mv      a0, s0
        call    close
        EXPECT  -EBADF, "close(fd)"
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        EXPECT  -EBADF, "fstat(fd)"
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        EXPECT  -EBADF, "lseek(fd, 0, SEEK_SET)"
        mv      a0, s0
        call    dup
        EXPECT  -EBADF, "dup(fd)"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 10 * DIRENT_SIZE
        call    getdents
        EXPECT  -EBADF, "getdents(fd)"
        sw      zero, ut_ctxname, t0
        LEAVE

# fdmodes: a descriptor allows only what it was opened for.
tc_fdmodes:
        ENTER
        STR     a0, "/TMPUT/MODES"
        li      a1, O_CREAT | O_WRONLY
        call    open
        EXPECT_OK "open(O_CREAT|O_WRONLY)"
        mv      s0, a0
        la      a1, ut_buf
        li      a2, 4
        call    read
        EXPECT  -EBADF, "read from an O_WRONLY descriptor"
        mv      a0, s0
        STR     a1, "hello"
        li      a2, 5
        call    write
        EXPECT  5, "write to an O_WRONLY descriptor"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        STR     a0, "/TMPUT/MODES"
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(O_RDONLY)"
        mv      s0, a0
        STR     a1, "x"
        li      a2, 1
        call    write
        EXPECT  -EBADF, "write to an O_RDONLY descriptor"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 100
        call    read
        EXPECT  5, "read of the 5-byte file"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 10 * DIRENT_SIZE
        call    getdents
        EXPECT  -ENOTDIR, "getdents on a file"
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        EXPECT  0, "fstat of a file"
        lw      a0, ut_st + STAT_TYPE
        EXPECT  T_FILE, "fstat type of a file"
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  5, "fstat size of the 5-byte file"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        la      a0, ut_fds              # pipe ends
        call    pipe
        EXPECT  0, "pipe"
        lw      a0, ut_fds
        STR     a1, "x"
        li      a2, 1
        call    write
        EXPECT  -EBADF, "write to a pipe's read end"
        lw      a0, ut_fds + 4
        la      a1, ut_buf
        li      a2, 1
        call    read
        EXPECT  -EBADF, "read from a pipe's write end"
        lw      a0, ut_fds
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        EXPECT  -ESPIPE, "lseek on a pipe"
        lw      a0, ut_fds
        la      a1, ut_st
        call    fstat
        EXPECT  0, "fstat of a pipe"
        lw      a0, ut_st + STAT_TYPE
        EXPECT  T_PIPE, "fstat type of a pipe"
        lw      a0, ut_fds
        call    close
        EXPECT  0, "close of a pipe's read end"
        lw      a0, ut_fds + 4
        call    close
        EXPECT  0, "close of a pipe's write end"
        li      a0, 2                   # the console (when fd 2 is the console)
        la      a1, ut_st
        call    fstat
        EXPECT  0, "fstat(2)"
        lw      t0, ut_st + STAT_TYPE
        li      t1, T_DEV
        bne     t0, t1, 1f
        li      a0, 2
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        EXPECT  -ESPIPE, "lseek on the console"
1:      STR     a0, "/TMPUT"            # directories
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open of a directory, O_RDONLY"
        mv      s0, a0
        la      a1, ut_st
        call    fstat
        EXPECT  0, "fstat of a directory"
        lw      a0, ut_st + STAT_TYPE
        EXPECT  T_DIR, "fstat type of a directory"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 10
        call    read
        EXPECT2 -EISDIR, -EBADF, "read of a directory"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 1
        call    write
        EXPECT2 -EBADF, -EISDIR, "write to a directory"
        mv      a0, s0
        call    close
        EXPECT  0, "close of a directory"
        STR     a0, "/TMPUT"
        li      a1, O_WRONLY
        call    open
        EXPECT  -EISDIR, "open of a directory, O_WRONLY"
        STR     a0, "/TMPUT"
        li      a1, O_RDWR
        call    open
        EXPECT  -EISDIR, "open of a directory, O_RDWR"
        STR     a0, "/TMPUT/MODES"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# fdlimit: NOFILE descriptors, -EMFILE beyond, lowest free first, a failed
# pipe() leaks none.
tc_fdlimit:
        ENTER
        li      s1, 0                   # descriptors opened
1:      STR     a0, "/TMPUT/LIMIT"
        li      a1, O_CREAT | O_RDWR
        call    open
        bltz    a0, 2f
        bnez    s1, 3f
        sw      a0, ut_word, t0         # the first one
3:      mv      s0, a0                  # the last one
        addi    s1, s1, 1
        li      t0, NOFILE + 1
        blt     s1, t0, 1b
        FAIL    "open never failed"
2:      EXPECT  -EMFILE, "open with every descriptor in use"
        mv      a0, s0
        EXPECT  NOFILE - 1, "the last descriptor open succeeded with"
        li      a0, 0
        call    dup
        EXPECT  -EMFILE, "dup with every descriptor in use"
        la      a0, ut_fds
        call    pipe
        EXPECT  -EMFILE, "pipe with every descriptor in use"
        li      a0, NOFILE - 2
        call    close
        EXPECT  0, "close(NOFILE - 2)"
        la      a0, ut_fds
        call    pipe
        EXPECT  -EMFILE, "pipe with one descriptor free"
        li      a0, 0
        call    dup
        EXPECT  NOFILE - 2, "dup after a failed pipe: the one free descriptor"
        lw      s0, ut_word             # close all of them
4:      li      t0, NOFILE
        bge     s0, t0, 5f
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        addi    s0, s0, 1
        j       4b
5:      STR     a0, "/TMPUT/LIMIT"
        li      a1, O_RDONLY
        call    open
        lw      t0, ut_word
        EXPECT_R t0, "open after closing them all: the lowest descriptor"
        call    close
        STR     a0, "/TMPUT/LIMIT"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# dupfd: a dup and a forked child share the file offset.
tc_dupfd:
        ENTER
        STR     a0, "/TMPUT/DUP"
        call    ut_openw
        mv      s0, a0
        call    dup
        EXPECT_OK "dup"
        mv      s1, a0
        bgt     s1, s0, 1f
        FAIL    "dup did not give a higher descriptor"
1:      mv      a0, s0
        STR     a1, "ab"
        li      a2, 2
        call    write
        EXPECT  2, "write through the descriptor"
        mv      a0, s1
        STR     a1, "cd"
        li      a2, 2
        call    write
        EXPECT  2, "write through its dup"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 2f
        mv      a0, s0
        STR     a1, "ef"
        li      a2, 2
        call    write
        EXPECT  2, "write in a child"
        li      a0, 0
        call    exit
2:      call    ut_wait_status
        EXPECT  0, "the writing child"
        mv      a0, s1
        STR     a1, "gh"
        li      a2, 2
        call    write
        EXPECT  2, "write after the child's"
        mv      a0, s0
        call    close
        EXPECT  0, "close of the original"
        mv      a0, s1
        STR     a1, "ij"
        li      a2, 2
        call    write
        EXPECT  2, "write through the dup after closing the original"
        mv      a0, s1
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        EXPECT  0, "lseek(0, SEEK_SET)"
        mv      a0, s1
        la      a1, ut_buf
        li      a2, 100
        call    read
        EXPECT  10, "read back"
        la      a0, ut_buf
        STR     a1, "abcdefghij"
        li      a2, 10
        call    memcmp
        EXPECT  0, "the file is abcdefghij (one shared offset)"
        mv      a0, s1
        call    close
        STR     a0, "/TMPUT/DUP"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# === system calls with bad pointers ==========================================

# ptrwrite: write() from memory that is not the user's.
tc_ptrwrite:
        ENTER
        call    ut_edge
        mv      s1, a0
        la      a0, ut_load             # the edge is real: the next page faults
        addi    a1, s1, UT_PAGE
        STR     a2, "load just past the end of the heap at"
        call    ut_expect_faulta
        CALL3   write, 1, 0, 10
        EXPECT  -EFAULT, "write(1, 0, 10)"
        CALL3   write, 1, 0xC0000000, 10
        EXPECT  -EFAULT, "write(1, 0xC0000000, 10)"
        CALL3   write, 1, 0x20000000, 10
        EXPECT  -EFAULT, "write(1, 0x20000000, 10): between heap and stack"
        CALL3   write, 1, 0xFFFFF000, 10
        EXPECT  -EFAULT, "write(1, 0xFFFFF000, 10)"
        CALL3   write, 1, 0xFFFFFFF0, 32
        EXPECT  -EFAULT, "write(1, 0xFFFFFFF0, 32): wraps around"
        li      a0, 1
        la      a1, ut_buf
        li      a2, 0x7FFFFFFF
        call    write
        EXPECT2 -EFAULT, -EINVAL, "write(1, buf, 0x7FFFFFFF)"
        STR     a0, "/TMPUT/PW"
        call    ut_openw
        mv      s0, a0
        addi    a1, s1, UT_PAGE - 5
        li      a2, 10
        call    write
        EXPECT  -EFAULT, "write(file, 5 bytes before the end of the heap, 10)"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 0x7FFFFFFF
        call    write
        EXPECT2 -EFAULT, -EINVAL, "write(file, buf, 0x7FFFFFFF)"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, -1
        call    write
        EXPECT2 -EINVAL, -EFAULT, "write(file, buf, -1)"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 0x80000000
        call    write
        EXPECT2 -EINVAL, -EFAULT, "write(file, buf, 0x80000000)"
        mv      a0, s0
        li      a1, 0xC0000000
        li      a2, 1
        call    write
        EXPECT  -EFAULT, "write(file, 0xC0000000, 1)"
        addi    a0, s1, UT_PAGE - 5     # the last 5 bytes of the heap are fine
        li      a1, 5
        li      a2, 100
        call    ut_fill
        mv      a0, s0
        addi    a1, s1, UT_PAGE - 5
        li      a2, 5
        call    write
        EXPECT  5, "write of the last 5 bytes of the heap"
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        EXPECT  0, "fstat"
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  5, "file size (failed writes must not have written)"
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 100
        call    read
        EXPECT  5, "read back"
        la      a0, ut_buf
        li      a1, 5
        li      a2, 100
        call    ut_check
        EXPECT  -1, "the 5 bytes read back (index of the first bad one)"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/PW"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# ptrread: read() into memory that is not the user's or not writable.
tc_ptrread:
        ENTER
        call    ut_edge
        mv      s1, a0
        la      a0, ut_buf
        li      a1, 64
        li      a2, 0
        call    ut_fill
        STR     a0, "/TMPUT/PR"
        la      a1, ut_buf
        li      a2, 64
        call    ut_writefile
        STR     a0, "/TMPUT/PR"
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open"
        mv      s0, a0
        la      t0, ut_code             # the code as it is
        lw      t1, 0(t0)
        sw      t1, ut_word, t2
        li      t0, UT_KPHYS
        lw      t1, 0(t0)
        sw      t1, ut_word2, t2
        mv      a0, s0
        li      a1, 0
        li      a2, 10
        call    read
        EXPECT  -EFAULT, "read(fd, 0, 10)"
        mv      a0, s0
        li      a1, 0xC0000000
        li      a2, 10
        call    read
        EXPECT  -EFAULT, "read(fd, 0xC0000000, 10)"
        mv      a0, s0
        li      a1, 0x20000000
        li      a2, 10
        call    read
        EXPECT  -EFAULT, "read(fd, 0x20000000, 10)"
        mv      a0, s0
        li      a1, 0xFFFFF000
        li      a2, 10
        call    read
        EXPECT  -EFAULT, "read(fd, 0xFFFFF000, 10)"
        mv      a0, s0
        li      a1, UT_KPHYS
        li      a2, 16
        call    read
        EXPECT  -EFAULT, "read(fd, 0x2000, 16): own code, the kernel's physical address"
        mv      a0, s0
        la      a1, ut_code
        li      a2, 8
        call    read
        EXPECT  -EFAULT, "read(fd, a function, 8)"
        mv      a0, s0
        la      a1, ut_rodata_word
        li      a2, 4
        call    read
        EXPECT  -EFAULT, "read(fd, .rodata, 4)"
        mv      a0, s0
        addi    a1, s1, UT_PAGE - 5
        li      a2, 10
        call    read
        EXPECT  -EFAULT, "read(fd, 5 bytes before the end of the heap, 10)"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, -1
        call    read
        EXPECT2 -EINVAL, -EFAULT, "read(fd, buf, -1)"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 0x7FFFFFFF
        call    read
        EXPECT2 -EFAULT, -EINVAL, "read(fd, buf, 0x7FFFFFFF)"
        la      t0, ut_code
        lw      a0, 0(t0)
        lw      t1, ut_word
        EXPECT_R t1, "the code's first word after the failed reads"
        li      t0, UT_KPHYS
        lw      a0, 0(t0)
        lw      t1, ut_word2
        EXPECT_R t1, "the word at 0x2000 after the failed reads"
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_CUR
        call    lseek
        EXPECT  0, "the file offset after the failed reads"
        mv      a0, s0
        addi    a1, s1, UT_PAGE - 5
        li      a2, 5
        call    read
        EXPECT  5, "read into the last 5 bytes of the heap"
        addi    a0, s1, UT_PAGE - 5
        li      a1, 5
        li      a2, 0
        call    ut_check
        EXPECT  -1, "the bytes read into the end of the heap (index of the first bad one)"
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 100
        call    read
        EXPECT  59, "read of the rest of the file"
        la      a0, ut_buf2
        li      a1, 59
        li      a2, 5
        call    ut_check
        EXPECT  -1, "the rest of the file (index of the first bad byte)"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/PR"
        call    unlink
        EXPECT  0, "unlink"
        la      a0, ut_fds              # a pipe keeps its data after a bad read
        call    pipe
        EXPECT  0, "pipe"
        lw      a0, ut_fds + 4
        STR     a1, "abc"
        li      a2, 3
        call    write
        EXPECT  3, "write to a pipe"
        lw      a0, ut_fds
        li      a1, 0xC0000000
        li      a2, 3
        call    read
        EXPECT  -EFAULT, "read(pipe, 0xC0000000, 3)"
        lw      a0, ut_fds
        la      a1, ut_code
        li      a2, 3
        call    read
        EXPECT  -EFAULT, "read(pipe, a function, 3)"
        lw      a0, ut_fds
        la      a1, ut_buf
        li      a2, 3
        call    read
        EXPECT  3, "read(pipe) after the failed reads"
        la      a0, ut_buf
        STR     a1, "abc"
        li      a2, 3
        call    memcmp
        EXPECT  0, "the pipe's data after the failed reads"
        lw      a0, ut_fds
        call    close
        lw      a0, ut_fds + 4
        call    close
        LEAVE

# ptrout: system calls that store records (fstat, pipe, getdents, procs,
# wait) given bad pointers.
tc_ptrout:
        ENTER
        call    ut_edge
        mv      s1, a0
        STR     a0, "/TMPUT/PO"
        call    ut_openw
        mv      s0, a0
        li      a1, 0
        call    fstat
        EXPECT  -EFAULT, "fstat(fd, 0)"
        mv      a0, s0
        li      a1, 0xC0000000
        call    fstat
        EXPECT  -EFAULT, "fstat(fd, 0xC0000000)"
        mv      a0, s0
        li      a1, UT_KPHYS
        call    fstat
        EXPECT  -EFAULT, "fstat(fd, 0x2000): own code, the kernel's physical address"
        mv      a0, s0
        addi    a1, s1, UT_PAGE - 8
        call    fstat
        EXPECT  -EFAULT, "fstat(fd, 8 bytes before the end of the heap)"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/PO"
        call    unlink
        EXPECT  0, "unlink"
        li      a0, 0                   # pipe: and no descriptor leaks
        call    dup
        EXPECT_OK "dup(0)"
        mv      s0, a0
        call    close
        li      a0, 0
        call    pipe
        EXPECT  -EFAULT, "pipe(0)"
        li      a0, 0xC0000000
        call    pipe
        EXPECT  -EFAULT, "pipe(0xC0000000)"
        li      a0, UT_KPHYS
        call    pipe
        EXPECT  -EFAULT, "pipe(0x2000)"
        addi    a0, s1, UT_PAGE - 4
        call    pipe
        EXPECT  -EFAULT, "pipe(4 bytes before the end of the heap)"
        li      a0, 0
        call    dup
        EXPECT_R s0, "dup(0) after the failed pipe calls: the same lowest descriptor"
        call    close
        STR     a0, "/"                 # getdents
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(\"/\")"
        mv      s0, a0
        li      a1, 0
        li      a2, 10 * DIRENT_SIZE
        call    getdents
        EXPECT  -EFAULT, "getdents(root, 0, 280)"
        mv      a0, s0
        li      a1, 0xC0000000
        li      a2, 10 * DIRENT_SIZE
        call    getdents
        EXPECT  -EFAULT, "getdents(root, 0xC0000000, 280)"
        mv      a0, s0
        li      a1, UT_KPHYS
        li      a2, 10 * DIRENT_SIZE
        call    getdents
        EXPECT  -EFAULT, "getdents(root, 0x2000, 280)"
        mv      a0, s0
        addi    a1, s1, UT_PAGE - 10
        li      a2, DIRENT_SIZE
        call    getdents
        EXPECT  -EFAULT, "getdents(root, 10 bytes before the end of the heap, 28)"
        mv      a0, s0
        call    close
        CALL3   procs, 0, 4, 0
        EXPECT  -EFAULT, "procs(0, 4)"
        CALL3   procs, 0xC0000000, 4, 0
        EXPECT  -EFAULT, "procs(0xC0000000, 4)"
        CALL3   procs, UT_KPHYS, 4, 0
        EXPECT  -EFAULT, "procs(0x2000, 4)"
        addi    a0, s1, UT_PAGE - 16
        li      a1, 4
        call    procs
        EXPECT  -EFAULT, "procs(16 bytes before the end of the heap, 4)"
        li      a0, 0
        call    ut_exit_child
        addi    a1, s1, UT_PAGE - 2
        call    wait
        EXPECT  -EFAULT, "wait(child, 2 bytes before the end of the heap)"
        li      a0, -1                  # reap it if it is still there
        la      a1, ut_wst
        call    wait
        LEAVE

# ptrpath: every path argument checked: open, unlink, mkdir, rmdir, chdir.
tc_ptrpath:
        ENTER
        call    ut_edge
        mv      s1, a0
        li      t0, 'A'                 # "AAA" and no NUL before the end of the heap
        sb      t0, UT_PAGE - 3(s1)
        sb      t0, UT_PAGE - 2(s1)
        sb      t0, UT_PAGE - 1(s1)
        li      a0, 0
        call    ut_path_bad
        li      a0, 0xC0000000
        call    ut_path_bad
        li      a0, 0x20000000
        call    ut_path_bad
        li      a0, 0xFFFFF000
        call    ut_path_bad
        addi    a0, s1, UT_PAGE - 3
        call    ut_path_bad
        sw      zero, ut_ctxname, t0
        addi    s0, s1, UT_PAGE - 300   # 297 'A's running into the unmapped page
        mv      a0, s0
        li      a1, 'A'
        li      a2, 297
        call    memset
        mv      a0, s0
        li      a1, O_RDONLY
        call    open
        EXPECT2 -ENAMETOOLONG, -EFAULT, "open of a path with no NUL before the end of the heap"
        sb      zero, 200(s0)           # 200 'A's
        mv      a0, s0
        li      a1, O_RDONLY
        call    open
        EXPECT  -ENAMETOOLONG, "open of a 200-byte path"
        mv      a0, s0
        call    mkdir
        EXPECT  -ENAMETOOLONG, "mkdir of a 200-byte path"
        mv      a0, s0
        call    chdir
        EXPECT  -ENAMETOOLONG, "chdir to a 200-byte path"
        STR     a0, ""
        li      a1, O_RDONLY
        call    open
        EXPECT  -ENOENT, "open(\"\")"
        STR     a0, "/TMPUT/ABCDEFGHIJ.TXT"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT2 -EINVAL, -ENAMETOOLONG, "open(O_CREAT) of a name longer than 8.3"
        STR     a0, "/TMPUT/A.TOOLONG"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT2 -EINVAL, -ENAMETOOLONG, "open(O_CREAT) of an extension longer than 3"
        STR     a0, "/TMPUT/ABCDEFGHIJKL"
        call    mkdir
        EXPECT2 -EINVAL, -ENAMETOOLONG, "mkdir of a name longer than 8.3"
        LEAVE

# ut_path_bad(path): each path call with that pointer is -EFAULT.
ut_path_bad:
        ENTER
        mv      s0, a0
        CTX     "path pointer", s0
        mv      a0, s0
        li      a1, O_RDONLY
        call    open
        EXPECT  -EFAULT, "open(path, O_RDONLY)"
        mv      a0, s0
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT  -EFAULT, "open(path, O_CREAT|O_RDWR)"
        mv      a0, s0
        call    unlink
        EXPECT  -EFAULT, "unlink(path)"
        mv      a0, s0
        call    mkdir
        EXPECT  -EFAULT, "mkdir(path)"
        mv      a0, s0
        call    rmdir
        EXPECT  -EFAULT, "rmdir(path)"
        mv      a0, s0
        call    chdir
        EXPECT  -EFAULT, "chdir(path)"
        LEAVE

# === exec ====================================================================

# ptrexec: exec with bad path and argv pointers fails with -EFAULT and
# returns to the intact caller.
tc_ptrexec:
        ENTER
        call    ut_edge
        mv      s1, a0
        li      a0, 0
        la      a1, ut_argv_echo
        STR     a3, "exec(0, argv)"
        call    ut_exec_efault
        li      a0, 0xC0000000
        la      a1, ut_argv_echo
        STR     a3, "exec(0xC0000000, argv)"
        call    ut_exec_efault
        li      a0, 0xFFFFF000
        la      a1, ut_argv_echo
        STR     a3, "exec(0xFFFFF000, argv)"
        call    ut_exec_efault
        la      a0, ut_s_binecho
        li      a1, 0xC0000000
        STR     a3, "exec(\"/bin/echo\", 0xC0000000)"
        call    ut_exec_efault
        la      a0, ut_s_binecho
        li      a1, 0x20000000
        STR     a3, "exec(\"/bin/echo\", 0x20000000)"
        call    ut_exec_efault
        la      a0, ut_s_binecho
        la      a1, ut_argv_bad1
        STR     a3, "exec(\"/bin/echo\", {\"echo\", 0xC0000000, 0})"
        call    ut_exec_efault
        la      a0, ut_s_binecho
        la      a1, ut_argv_bad2
        STR     a3, "exec(\"/bin/echo\", {\"echo\", 0x20000000, 0})"
        call    ut_exec_efault
        la      t0, ut_s_echo           # an argv array without room for its NULL
        sw      t0, UT_PAGE - 4(s1)
        la      a0, ut_s_binecho
        addi    a1, s1, UT_PAGE - 4
        STR     a3, "exec with an argv array running off the end of the heap"
        call    ut_exec_efault
        li      t0, 'A'                 # strings without their NUL
        sb      t0, UT_PAGE - 3(s1)
        sb      t0, UT_PAGE - 2(s1)
        sb      t0, UT_PAGE - 1(s1)
        addi    a0, s1, UT_PAGE - 3
        la      a1, ut_argv_echo
        STR     a3, "exec of a path running off the end of the heap"
        call    ut_exec_efault
        addi    t0, s1, UT_PAGE - 3
        sw      t0, ut_argv_tmp + 4, t1
        la      a0, ut_s_binecho
        la      a1, ut_argv_tmp
        STR     a3, "exec with an argument running off the end of the heap"
        call    ut_exec_efault
        call    ut_echo_check
        LEAVE

# ut_exec_efault(path, argv, _, what): ut_exec_expect with -EFAULT.
ut_exec_efault:
        li      a2, -EFAULT
        li      a4, -EFAULT
        j       ut_exec_expect

# exececho: exec runs a program with its arguments and the caller's
# descriptors; relative and upper-case paths work.
tc_exececho:
        ENTER
        call    ut_echo_check
        la      a0, ut_s_binecho
        la      a1, ut_argv_echo0
        STR     a2, "\n"
        STR     a3, "/bin/echo without arguments"
        call    ut_expect_output
        STR     a0, "/BIN/ECHO"
        la      a1, ut_argv_abc
        STR     a2, "a b c\n"
        STR     a3, "/BIN/ECHO a b c"
        call    ut_expect_output
        STR     a0, "/bin"
        call    chdir
        EXPECT  0, "chdir(\"/bin\")"
        STR     a0, "echo"
        la      a1, ut_argv_echo
        STR     a2, "hello usertests\n"
        STR     a3, "echo by a path relative to /bin"
        call    ut_expect_output
        STR     a0, "../bin/./echo"
        la      a1, ut_argv_echo
        STR     a2, "hello usertests\n"
        STR     a3, "echo as ../bin/./echo"
        call    ut_expect_output
        LEAVE

# execargs: too many arguments or bytes of arguments are -E2BIG; many
# small arguments arrive intact.
tc_execargs:
        ENTER
        la      t0, ut_buf              # 40 arguments
        li      t1, 40
        la      t2, ut_s_echo
        sw      t2, 0(t0)
1:      addi    t0, t0, 4
        addi    t1, t1, -1
        la      t2, ut_s_a
        sw      t2, 0(t0)
        bnez    t1, 1b
        sw      zero, 4(t0)
        la      a0, ut_s_binecho
        la      a1, ut_buf
        li      a2, -E2BIG
        li      a4, -E2BIG
        STR     a3, "exec with 41 arguments"
        call    ut_exec_expect
        la      a0, ut_buf2             # 12 arguments of 119 bytes
        li      a1, 'x'
        li      a2, 119
        call    memset
        sb      zero, ut_buf2 + 119, t0
        la      t0, ut_buf
        la      t2, ut_s_echo
        sw      t2, 0(t0)
        li      t1, 12
        la      t2, ut_buf2
2:      addi    t0, t0, 4
        sw      t2, 0(t0)
        addi    t1, t1, -1
        bnez    t1, 2b
        sw      zero, 4(t0)
        la      a0, ut_s_binecho
        la      a1, ut_buf
        li      a2, -E2BIG
        li      a4, -E2BIG
        STR     a3, "exec with 1440 bytes of argument strings"
        call    ut_exec_expect
        la      t0, ut_buf              # echo and 19 arguments "a": output "a a ... a\n"
        la      t2, ut_s_echo
        sw      t2, 0(t0)
        li      t1, 19
        la      t2, ut_buf2
        la      a0, ut_s_a
3:      addi    t0, t0, 4
        sw      a0, 0(t0)
        li      a1, 'a'
        sb      a1, 0(t2)
        li      a1, ' '
        sb      a1, 1(t2)
        addi    t2, t2, 2
        addi    t1, t1, -1
        bnez    t1, 3b
        sw      zero, 4(t0)
        li      a1, '\n'
        sb      a1, -1(t2)
        sb      zero, 0(t2)
        la      a0, ut_s_binecho
        la      a1, ut_buf
        la      a2, ut_buf2
        STR     a3, "echo with 19 arguments"
        call    ut_expect_output
        LEAVE

# execmissing: exec of what is not there, or not a file.
tc_execmissing:
        ENTER
        STR     a0, "/TMPUT/NOPE"
        la      a1, ut_argv_echo
        li      a2, -ENOENT
        li      a4, -ENOENT
        STR     a3, "exec(\"/TMPUT/NOPE\")"
        call    ut_exec_expect
        STR     a0, "/nodir/echo"
        la      a1, ut_argv_echo
        li      a2, -ENOENT
        li      a4, -ENOENT
        STR     a3, "exec(\"/nodir/echo\")"
        call    ut_exec_expect
        STR     a0, ""
        la      a1, ut_argv_echo
        li      a2, -ENOENT
        li      a4, -ENOENT
        STR     a3, "exec(\"\")"
        call    ut_exec_expect
        STR     a0, "/bin/echo/x"
        la      a1, ut_argv_echo
        li      a2, -ENOTDIR
        li      a4, -ENOENT
        STR     a3, "exec(\"/bin/echo/x\")"
        call    ut_exec_expect
        STR     a0, "/TMPUT"
        la      a1, ut_argv_echo
        li      a2, -EISDIR
        li      a4, -ENOEXEC
        STR     a3, "exec(\"/TMPUT\"), a directory"
        call    ut_exec_expect
        LEAVE

# execbad: exec of corrupt executables is -ENOEXEC and returns to the
# intact caller; a faithful copy of /bin/echo runs.
tc_execbad:
        ENTER
        li      a0, 2 * 65536
        call    sbrk
        EXPECT_OK "sbrk(128 KiB)"
        sw      a0, ut_img, t0
        li      t1, 65536
        add     t0, a0, t1
        sw      t0, ut_work, t1
        STR     a0, "/bin/echo"
        lw      a1, ut_img
        li      a2, 65536
        call    ut_readfile
        mv      s1, a0                  # its size
        li      t0, 65536
        blt     s1, t0, 1f
        FAIL    "/bin/echo is 64 KiB or more"
1:      li      t0, 64
        bge     s1, t0, 2f
        FAIL    "/bin/echo is shorter than 64 bytes"
2:      sw      s1, ut_imgn, t0
        lw      t0, ut_img
        lw      a0, 0(t0)
        EXPECT  KX_MAGIC_WORD, "the magic of /bin/echo (\"K32X\")"
        call    ut_work_copy            # the CRC as computed here is the file's
        call    ut_work_crc
        lw      t0, ut_img
        lw      t1, KX_H_CRC(t0)
        EXPECT_R t1, "CRC-32 of /bin/echo computed by usertests vs its header"
        STR     a0, "/TMPUT/COPY"
        lw      a1, ut_img
        mv      a2, s1
        call    ut_writefile
        STR     a0, "/TMPUT/COPY"
        la      a1, ut_argv_echo
        STR     a2, "hello usertests\n"
        STR     a3, "exec of a copy of /bin/echo"
        call    ut_expect_output
        STR     a0, "/TMPUT/COPY"
        call    unlink
        EXPECT  0, "unlink"
        lw      a0, ut_work             # 512 bytes of garbage
        li      a1, 512
        li      a2, 12345
        call    ut_fill
        li      a0, 512
        STR     a1, "exec of 512 bytes of garbage"
        call    ut_bad_image
        li      a0, 0
        STR     a1, "exec of an empty file"
        call    ut_bad_image
        call    ut_work_copy
        li      a0, KX_HEADER_SIZE
        STR     a1, "exec of /bin/echo's header alone"
        call    ut_bad_image
        srli    a0, s1, 1
        STR     a1, "exec of the first half of /bin/echo"
        call    ut_bad_image
        lw      t0, ut_work             # a byte flipped in the middle
        srli    t1, s1, 1
        add     t0, t0, t1
        lbu     t1, 0(t0)
        xori    t1, t1, 0xFF
        sb      t1, 0(t0)
        mv      a0, s1
        STR     a1, "exec of /bin/echo with a byte flipped in the middle (CRC)"
        call    ut_bad_image
        call    ut_work_copy            # version 2 (valid CRC)
        lw      t0, ut_work
        li      t1, 2
        sh      t1, KX_H_VERSION(t0)
        call    ut_work_crc
        mv      a0, s1
        STR     a1, "exec of /bin/echo marked version 2 (CRC fixed)"
        call    ut_bad_image
        call    ut_work_copy            # segment data beyond the file
        lw      t0, ut_work
        li      t1, 0x7FFFFFF0
        sw      t1, KX_HEADER_SIZE + KX_S_OFF(t0)
        call    ut_work_crc
        mv      a0, s1
        STR     a1, "exec of /bin/echo with its first segment's data beyond the file (CRC fixed)"
        call    ut_bad_image
        call    ut_work_copy            # 65535 segments
        lw      t0, ut_work
        li      t1, 0xFFFF
        sh      t1, KX_H_NSEG(t0)
        call    ut_work_crc
        mv      a0, s1
        STR     a1, "exec of /bin/echo claiming 65535 segments (CRC fixed)"
        call    ut_bad_image
        call    ut_work_copy            # a segment in the null page
        lw      t0, ut_work
        sw      zero, KX_HEADER_SIZE + KX_S_ADDR(t0)
        call    ut_work_crc
        mv      a0, s1
        STR     a1, "exec of /bin/echo with its first segment at address 0 (CRC fixed)"
        call    ut_bad_image
        call    ut_work_copy            # a segment wrapping around the top
        lw      t0, ut_work
        li      t1, 0xFFFFF000
        sw      t1, KX_HEADER_SIZE + KX_S_ADDR(t0)
        li      t1, 0x2000
        sw      t1, KX_HEADER_SIZE + KX_S_MEMSZ(t0)
        call    ut_work_crc
        mv      a0, s1
        STR     a1, "exec of /bin/echo with a segment at 0xFFFFF000 of 8 KiB (CRC fixed)"
        call    ut_bad_image
        lw      t0, ut_img              # two segments at one address
        lhu     t1, KX_H_NSEG(t0)
        li      t2, 2
        blt     t1, t2, 3f
        call    ut_work_copy
        lw      t0, ut_work
        lw      t1, KX_HEADER_SIZE + KX_S_ADDR(t0)
        sw      t1, KX_HEADER_SIZE + KX_SEGMENT_SIZE + KX_S_ADDR(t0)
        call    ut_work_crc
        mv      a0, s1
        STR     a1, "exec of /bin/echo with two segments at one address (CRC fixed)"
        call    ut_bad_image
3:      call    ut_echo_check
        LEAVE

# ut_work_copy(): ut_work = a copy of the image.
ut_work_copy:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      a0, ut_work
        lw      a1, ut_img
        lw      a2, ut_imgn
        call    memcpy
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ut_work_crc() -> the .kx CRC-32 of ut_work (field read as 0), stored in it.
ut_work_crc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      a0, ut_work
        sw      zero, KX_H_CRC(a0)
        lw      a1, ut_imgn
        call    ut_crc32
        lw      t0, ut_work
        sw      a0, KX_H_CRC(t0)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ut_crc32(buf, n) -> zlib's CRC-32 of the bytes.
ut_crc32:
        li      t0, -1
        li      t2, 0xEDB88320
1:      beqz    a1, 4f
        lbu     t1, 0(a0)
        xor     t0, t0, t1
        li      a2, 8
2:      andi    a3, t0, 1
        srli    t0, t0, 1
        beqz    a3, 3f
        xor     t0, t0, t2
3:      addi    a2, a2, -1
        bnez    a2, 2b
        addi    a0, a0, 1
        addi    a1, a1, -1
        j       1b
4:      not     a0, t0
        ret

# ut_bad_image(n, what): the first n bytes of ut_work as a file must not
# exec (-ENOEXEC); the file is removed again.
ut_bad_image:
        ENTER
        mv      s0, a1
        mv      a2, a0
        lw      a1, ut_work
        STR     a0, "/TMPUT/BAD"
        call    ut_writefile
        STR     a0, "/TMPUT/BAD"
        la      a1, ut_argv_echo
        li      a2, -ENOEXEC
        li      a4, -ENOEXEC
        mv      a3, s0
        call    ut_exec_expect
        STR     a0, "/TMPUT/BAD"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# === files and directories ===================================================

# files: create, write, seek, read back, fstat, overwrite, reopen, unlink.
tc_files:
        ENTER
        STR     a0, "/TMPUT/F1"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(O_CREAT|O_RDWR)"
        mv      s0, a0
        la      a0, ut_buf
        li      a1, 1000
        li      a2, 3
        call    ut_fill
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 1000
        call    write
        EXPECT  1000, "write of 1000 bytes"
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_CUR
        call    lseek
        EXPECT  1000, "lseek(0, SEEK_CUR) after the write"
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        EXPECT  0, "fstat"
        lw      a0, ut_st + STAT_TYPE
        EXPECT  T_FILE, "fstat type"
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  1000, "fstat size"
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        EXPECT  0, "lseek(0, SEEK_SET)"
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 2000
        call    read
        EXPECT  1000, "read(2000) of a 1000-byte file"
        la      a0, ut_buf2
        li      a1, 1000
        li      a2, 3
        call    ut_check
        EXPECT  -1, "the data read back (index of the first bad byte)"
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 10
        call    read
        EXPECT  0, "read at the end of the file"
        mv      a0, s0
        li      a1, 500
        li      a2, SEEK_SET
        call    lseek
        EXPECT  500, "lseek(500, SEEK_SET)"
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 10
        call    read
        EXPECT  10, "read(10) at 500"
        la      a0, ut_buf2
        li      a1, 10
        li      a2, 503
        call    ut_check
        EXPECT  -1, "the 10 bytes at 500"
        mv      a0, s0
        li      a1, -10
        li      a2, SEEK_END
        call    lseek
        EXPECT  990, "lseek(-10, SEEK_END)"
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 100
        call    read
        EXPECT  10, "read(100) at 990"
        la      a0, ut_buf2
        li      a1, 10
        li      a2, 993
        call    ut_check
        EXPECT  -1, "the last 10 bytes"
        mv      a0, s0
        li      a1, -5
        li      a2, SEEK_CUR
        call    lseek
        EXPECT  995, "lseek(-5, SEEK_CUR)"
        mv      a0, s0
        li      a1, -1
        li      a2, SEEK_SET
        call    lseek
        EXPECT  -EINVAL, "lseek(-1, SEEK_SET)"
        mv      a0, s0
        li      a1, 0
        li      a2, 7
        call    lseek
        EXPECT  -EINVAL, "lseek(0, whence 7)"
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_CUR
        call    lseek
        EXPECT  995, "the offset after the failed lseeks"
        mv      a0, s0                  # overwrite 50 bytes at 100
        li      a1, 100
        li      a2, SEEK_SET
        call    lseek
        la      a0, ut_buf
        li      a1, 50
        li      a2, 7777
        call    ut_fill
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 50
        call    write
        EXPECT  50, "write of 50 bytes at 100"
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  1000, "size after overwriting inside the file"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        STR     a0, "/TMPUT/F1"         # reopened: the same bytes
        la      a1, ut_buf2
        li      a2, 2000
        call    ut_readfile
        EXPECT  1000, "size of the file reopened"
        la      a0, ut_buf2
        li      a1, 100
        li      a2, 3
        call    ut_check
        EXPECT  -1, "bytes 0-99 reopened"
        la      a0, ut_buf2 + 100
        li      a1, 50
        li      a2, 7777
        call    ut_check
        EXPECT  -1, "bytes 100-149 (overwritten) reopened"
        la      a0, ut_buf2 + 150
        li      a1, 850
        li      a2, 153
        call    ut_check
        EXPECT  -1, "bytes 150-999 reopened"
        STR     a0, "/TMPUT/F1"
        call    unlink
        EXPECT  0, "unlink"
        STR     a0, "/TMPUT/F1"
        li      a1, O_RDONLY
        call    open
        EXPECT  -ENOENT, "open after unlink"
        STR     a0, "/TMPUT/F1"
        call    unlink
        EXPECT  -ENOENT, "unlink again"
        STR     a0, "/TMPUT/NONE"
        li      a1, O_RDWR
        call    open
        EXPECT  -ENOENT, "open of a missing file without O_CREAT"
        STR     a0, "/TMPUT"            # names relative to the current directory,
        call    chdir                   # in any case
        EXPECT  0, "chdir(\"/TMPUT\")"
        STR     a0, "Rel"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(\"Rel\", O_CREAT|O_RDWR)"
        call    close
        STR     a0, "/TMPUT/REL"
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(\"/TMPUT/REL\") of the file created as \"Rel\" in /TMPUT"
        call    close
        STR     a0, "rel"
        call    unlink
        EXPECT  0, "unlink(\"rel\")"
        LEAVE

# fileflags: O_TRUNC, O_CREAT of an existing file, O_APPEND, a write past
# the end (the gap reads as zeros).
tc_fileflags:
        ENTER
        la      a0, ut_buf
        li      a1, 1000
        li      a2, 0
        call    ut_fill
        STR     a0, "/TMPUT/FLAGS"
        la      a1, ut_buf
        li      a2, 1000
        call    ut_writefile
        STR     a0, "/TMPUT/FLAGS"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(O_CREAT|O_RDWR) of an existing file"
        mv      s0, a0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  1000, "size after O_CREAT of an existing file (no truncation)"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/FLAGS"
        li      a1, O_WRONLY | O_TRUNC
        call    open
        EXPECT_OK "open(O_WRONLY|O_TRUNC)"
        mv      s0, a0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  0, "size after O_TRUNC"
        mv      a0, s0
        STR     a1, "0123456789"
        li      a2, 10
        call    write
        EXPECT  10, "write after O_TRUNC"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        STR     a0, "/TMPUT/FLAGS"
        li      a1, O_WRONLY | O_APPEND
        call    open
        EXPECT_OK "open(O_WRONLY|O_APPEND)"
        mv      s0, a0
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        EXPECT  0, "lseek(0, SEEK_SET) with O_APPEND"
        mv      a0, s0
        STR     a1, "abc"
        li      a2, 3
        call    write
        EXPECT  3, "write with O_APPEND"
        mv      a0, s0
        STR     a1, "de"
        li      a2, 2
        call    write
        EXPECT  2, "second write with O_APPEND"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/FLAGS"
        la      a1, ut_buf2
        li      a2, 100
        call    ut_readfile
        EXPECT  15, "size after O_TRUNC and two appends"
        la      a0, ut_buf2
        STR     a1, "0123456789abcde"
        li      a2, 15
        call    memcmp
        EXPECT  0, "content after O_TRUNC and O_APPEND (0123456789abcde)"
        STR     a0, "/TMPUT/FLAGS"      # a write at 5000 of a 15-byte file
        li      a1, O_RDWR
        call    open
        EXPECT_OK "open(O_RDWR)"
        mv      s0, a0
        li      a1, 5000
        li      a2, SEEK_SET
        call    lseek
        EXPECT  5000, "lseek(5000) past the end"
        mv      a0, s0
        STR     a1, "X"
        li      a2, 1
        call    write
        EXPECT  1, "write at 5000"
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  5001, "size after a write at 5000"
        mv      a0, s0
        li      a1, 15
        li      a2, SEEK_SET
        call    lseek
        la      a0, ut_buf2
        li      a1, 0x55
        li      a2, 5000
        call    memset
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 5000
        call    read
        EXPECT  4986, "read from 15 to the end"
        la      s1, ut_buf2
        li      t0, 4985
        add     t0, t0, s1
1:      bgeu    s1, t0, 2f
        lbu     a0, 0(s1)
        addi    s1, s1, 1
        beqz    a0, 1b
        FAIL    "a byte of the gap between 15 and 5000 is not zero"
2:      lbu     a0, 0(s1)
        EXPECT  'X', "the byte at 5000"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/FLAGS"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# dirs: mkdir, chdir, relative paths, . and .., rmdir; the errors of each.
tc_dirs:
        ENTER
        STR     a0, "/TMPUT/D"
        call    mkdir
        EXPECT  0, "mkdir(\"/TMPUT/D\")"
        STR     a0, "/TMPUT/D"
        call    mkdir
        EXPECT  -EEXIST, "mkdir of an existing directory"
        STR     a0, "/TMPUT/D"
        call    chdir
        EXPECT  0, "chdir(\"/TMPUT/D\")"
        STR     a0, "INNER"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(\"INNER\", O_CREAT|O_RDWR) in D"
        mv      s0, a0
        STR     a1, "in"
        li      a2, 2
        call    write
        EXPECT  2, "write"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/D/INNER"
        call    ut_open_close
        STR     a0, "../D/./INNER"
        call    ut_open_close
        STR     a0, "SUB"
        call    mkdir
        EXPECT  0, "mkdir(\"SUB\") in D"
        STR     a0, "SUB"
        call    chdir
        EXPECT  0, "chdir(\"SUB\")"
        STR     a0, ".."
        call    chdir
        EXPECT  0, "chdir(\"..\") from SUB"
        STR     a0, "INNER"
        call    ut_open_close
        STR     a0, "/TMPUT/D/SUB/../../D/INNER"
        call    ut_open_close
        STR     a0, ".."
        call    chdir
        EXPECT  0, "chdir(\"..\") from D"
        STR     a0, "D/INNER"
        call    ut_open_close
        STR     a0, "D"
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(\"D\") in /TMPUT"
        mv      s0, a0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_TYPE
        EXPECT  T_DIR, "fstat type of D"
        mv      a0, s0
        call    close
        STR     a0, "D"
        call    rmdir
        EXPECT  -ENOTEMPTY, "rmdir of a directory that is not empty"
        STR     a0, "D"
        call    unlink
        EXPECT  -EISDIR, "unlink of a directory"
        STR     a0, "D/INNER"
        call    rmdir
        EXPECT  -ENOTDIR, "rmdir of a file"
        STR     a0, "D/INNER"
        call    chdir
        EXPECT  -ENOTDIR, "chdir to a file"
        STR     a0, "D/INNER/X"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT2 -ENOTDIR, -ENOENT, "open(O_CREAT) below a file"
        STR     a0, "/TMPUT/NO/X"
        call    mkdir
        EXPECT  -ENOENT, "mkdir in a missing directory"
        STR     a0, "/TMPUT/NO/X"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT  -ENOENT, "open(O_CREAT) in a missing directory"
        STR     a0, "/TMPUT/NO"
        call    rmdir
        EXPECT  -ENOENT, "rmdir of a missing directory"
        STR     a0, "/TMPUT/NO"
        call    chdir
        EXPECT  -ENOENT, "chdir to a missing directory"
        STR     a0, "D/SUB"
        call    rmdir
        EXPECT  0, "rmdir(\"D/SUB\")"
        STR     a0, "D/INNER"
        call    unlink
        EXPECT  0, "unlink(\"D/INNER\")"
        STR     a0, "D"
        call    rmdir
        EXPECT  0, "rmdir(\"D\") once empty"
        STR     a0, "D"
        call    chdir
        EXPECT  -ENOENT, "chdir to a removed directory"
        STR     a0, "D"
        li      a1, O_RDONLY
        call    open
        EXPECT  -ENOENT, "open of a removed directory"
        STR     a0, "/"
        call    rmdir
        EXPECT_ERR "rmdir(\"/\")"
        STR     a0, "/.."
        call    chdir
        EXPECT  0, "chdir(\"/..\")"
        STR     a0, "TMPUT"
        call    ut_open_close
        LEAVE

# ut_open_close(path): it opens (O_RDONLY); closed again.
ut_open_close:
        ENTER
        mv      s0, a0
        CTX     "path", s0
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(path, O_RDONLY)"
        call    close
        EXPECT  0, "close"
        sw      zero, ut_ctxname, t0
        LEAVE

# manyfiles: 100 files in one directory, listed exactly once each by
# getdents, then removed.
        .equ UT_NFILES, 100
tc_manyfiles:
        ENTER
        STR     a0, "/TMPUT/MANY"
        call    mkdir
        EXPECT  0, "mkdir(\"/TMPUT/MANY\")"
        STR     a0, "/TMPUT/MANY"
        call    chdir
        EXPECT  0, "chdir"
        li      s1, 0
1:      CTX     "file number", s1
        mv      a0, s1
        call    ut_fname
        la      a0, ut_path
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(\"F<i>\", O_CREAT|O_RDWR)"
        mv      s0, a0
        la      a1, ut_buf
        li      t0, 7
        remu    a2, s1, t0
        call    write
        li      t0, 7
        remu    t0, s1, t0
        EXPECT_R t0, "write of i % 7 bytes"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        addi    s1, s1, 1
        li      t0, UT_NFILES
        blt     s1, t0, 1b
        sw      zero, ut_ctxname, t0
        call    ut_list_many
        EXPECT  UT_NFILES, "entries getdents listed"
        li      s1, 0
2:      CTX     "file number", s1
        mv      a0, s1
        call    ut_fname
        la      a0, ut_path
        call    unlink
        EXPECT  0, "unlink(\"F<i>\")"
        addi    s1, s1, 1
        li      t0, UT_NFILES
        blt     s1, t0, 2b
        sw      zero, ut_ctxname, t0
        call    ut_list_many
        EXPECT  0, "entries getdents listed after removing them all"
        STR     a0, ".."
        call    chdir
        EXPECT  0, "chdir(\"..\")"
        STR     a0, "MANY"
        call    rmdir
        EXPECT  0, "rmdir(\"MANY\")"
        LEAVE

# ut_fname(i): ut_path = "F" and i in decimal (0 <= i < 1000).
ut_fname:
        la      t0, ut_path
        li      t1, 'F'
        sb      t1, 0(t0)
        addi    t0, t0, 1
        li      t2, 100
        blt     a0, t2, 1f
        divu    t1, a0, t2
        addi    t1, t1, '0'
        sb      t1, 0(t0)
        addi    t0, t0, 1
        remu    a0, a0, t2
        j       2f
1:      li      t2, 10
        blt     a0, t2, 3f
2:      li      t2, 10
        divu    t1, a0, t2
        addi    t1, t1, '0'
        sb      t1, 0(t0)
        addi    t0, t0, 1
        remu    a0, a0, t2
3:      addi    t1, a0, '0'
        sb      t1, 0(t0)
        sb      zero, 1(t0)
        ret

# ut_list_many() -> entries in the current directory; each must be some
# F<i> (i < UT_NFILES), a file of i % 7 bytes, listed once.
ut_list_many:
        ENTER
        la      a0, ut_seen
        li      a1, 0
        li      a2, UT_NFILES
        call    memset
        STR     a0, "."
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(\".\")"
        sw      a0, ut_word, t0
        li      s1, 0                   # entries
1:      lw      a0, ut_word             # three records at a time
        la      a1, ut_buf
        li      a2, 3 * DIRENT_SIZE
        call    getdents
        EXPECT_OK "getdents"
        beqz    a0, 4f
        li      t0, DIRENT_SIZE
        remu    t1, a0, t0
        beqz    t1, 2f
        FAIL    "getdents returned a size that is not a multiple of DIRENT_SIZE"
2:      la      s0, ut_buf
        add     t0, s0, a0
        sw      t0, ut_word2, t1        # end of the records
3:      lw      t0, ut_word2
        bgeu    s0, t0, 1b
        lbu     a0, DIRENT_NAME(s0)
        li      t0, 'F'
        beq     a0, t0, 5f
        FAIL    "getdents listed a name not starting with F (first byte)"
5:      addi    a0, s0, DIRENT_NAME + 1
        call    atoi
        bnez    a1, 6f
        FAIL    "getdents listed a name that is not F and a number (atoi result)"
6:      li      t0, UT_NFILES
        bltu    a0, t0, 7f
        FAIL    "getdents listed a file number out of range"
7:      la      t0, ut_seen
        add     t0, t0, a0
        lbu     t1, 0(t0)
        beqz    t1, 8f
        FAIL    "getdents listed a file twice"
8:      li      t1, 1
        sb      t1, 0(t0)
        CTX     "file number", a0
        li      t0, 7
        remu    t2, a0, t0
        lw      a0, DIRENT_FSIZE(s0)
        EXPECT_R t2, "DIRENT_FSIZE (i % 7)"
        lw      a0, DIRENT_TYPE(s0)
        EXPECT  T_FILE, "DIRENT_TYPE"
        sw      zero, ut_ctxname, t0
        addi    s1, s1, 1
        addi    s0, s0, DIRENT_SIZE
        j       3b
4:      lw      a0, ut_word
        call    close
        mv      a0, s1
        LEAVE

# bigfile: 1 MiB written in 4 KiB chunks, read back in 3000-byte chunks.
        .equ UT_BIG, 0x100000
tc_bigfile:
        ENTER
        STR     a0, "/TMPUT/BIG"
        call    ut_openw
        mv      s0, a0
        li      s1, 0
1:      CTX     "offset", s1
        la      a0, ut_buf
        li      a1, 4096
        mv      a2, s1
        call    ut_fill
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 4096
        call    write
        EXPECT  4096, "write of 4 KiB"
        li      t0, 4096
        add     s1, s1, t0
        li      t0, UT_BIG
        blt     s1, t0, 1b
        sw      zero, ut_ctxname, t0
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  UT_BIG, "fstat size after 1 MiB"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        STR     a0, "/TMPUT/BIG"
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open(O_RDONLY)"
        mv      s0, a0
        li      s1, 0
2:      CTX     "offset", s1
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 3000
        call    read
        EXPECT_OK "read"
        beqz    a0, 3f
        li      t0, UT_BIG
        sub     t0, t0, s1
        li      t1, 3000
        bltu    t0, t1, 4f
        mv      t0, t1
4:      EXPECT_R t0, "bytes read (3000, or what is left)"
        sw      a0, ut_word, t0
        la      a0, ut_buf2
        lw      a1, ut_word
        mv      a2, s1
        call    ut_check
        EXPECT  -1, "the data read back (index of the first bad byte)"
        lw      t0, ut_word
        add     s1, s1, t0
        j       2b
3:      mv      a0, s1
        EXPECT  UT_BIG, "bytes read before the end of the file"
        sw      zero, ut_ctxname, t0
        mv      a0, s0
        li      a1, 700001
        li      a2, SEEK_SET
        call    lseek
        EXPECT  700001, "lseek(700001)"
        mv      a0, s0
        la      a1, ut_buf2
        li      a2, 100
        call    read
        EXPECT  100, "read of 100 bytes at 700001"
        la      a0, ut_buf2
        li      a1, 100
        li      a2, 700001
        call    ut_check
        EXPECT  -1, "the 100 bytes at 700001"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/BIG"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# twofds: two opens of one file see each other's writes (one file, one size).
tc_twofds:
        ENTER
        STR     a0, "/TMPUT/TWO"
        call    ut_openw
        mv      s0, a0
        STR     a0, "/TMPUT/TWO"
        li      a1, O_RDWR
        call    open
        EXPECT_OK "second open(O_RDWR) of the file"
        mv      s1, a0
        mv      a0, s0
        STR     a1, "hello"
        li      a2, 5
        call    write
        EXPECT  5, "write of 5 bytes through the first descriptor"
        mv      a0, s1
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  5, "size seen through the second descriptor after a write through the first"
        mv      a0, s1
        la      a1, ut_buf
        li      a2, 10
        call    read
        EXPECT  5, "read through the second descriptor of what the first wrote"
        la      a0, ut_buf
        STR     a1, "hello"
        li      a2, 5
        call    memcmp
        EXPECT  0, "the bytes read through the second descriptor (hello)"
        mv      a0, s1
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        mv      a0, s1
        STR     a1, "J"
        li      a2, 1
        call    write
        EXPECT  1, "write of 1 byte at 0 through the second descriptor"
        mv      a0, s0
        STR     a1, "!"
        li      a2, 1
        call    write
        EXPECT  1, "write of 1 byte at 5 through the first descriptor"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        mv      a0, s1
        call    close
        EXPECT  0, "close"
        STR     a0, "/TMPUT/TWO"
        la      a1, ut_buf
        li      a2, 100
        call    ut_readfile
        EXPECT  6, "size of the file written through two descriptors"
        la      a0, ut_buf
        STR     a1, "Jello!"
        li      a2, 6
        call    memcmp
        EXPECT  0, "the file written through two descriptors (Jello!)"
        STR     a0, "/TMPUT/TWO"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# sharedfd: a parent and a child write 10-byte records through one shared
# descriptor at the same time; none is lost or overwritten.
        .equ UT_SHARED_N, 300
tc_sharedfd:
        ENTER
        STR     a0, "/TMPUT/SHARED"
        call    ut_openw
        mv      s0, a0
        call    fork
        EXPECT_OK "fork"
        sw      a0, ut_word2, t0
        li      t0, 'c'                 # the child writes "cccccccccc"
        beqz    a0, 1f
        li      t0, 'p'                 # the parent "pppppppppp"
1:      sw      t0, ut_word, t1
        la      a0, ut_buf
        mv      a1, t0
        li      a2, 10
        call    memset
        li      s1, UT_SHARED_N
2:      mv      a0, s0
        la      a1, ut_buf
        li      a2, 10
        call    write
        EXPECT  10, "write of a 10-byte record"
        addi    s1, s1, -1
        bnez    s1, 2b
        lw      t0, ut_word2
        bnez    t0, 3f
        li      a0, 0                   # the child is done
        call    exit
3:      lw      a0, ut_word2
        call    ut_wait_status
        EXPECT  0, "the writing child"
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        li      s1, 0                   # 'p' count in the upper half, 'c' in the lower
4:      mv      a0, s0
        la      a1, ut_buf2
        li      a2, 1000
        call    read
        EXPECT_OK "read"
        beqz    a0, 7f
        la      t0, ut_buf2
        add     t1, t0, a0
5:      bgeu    t0, t1, 4b
        lbu     t2, 0(t0)
        addi    t0, t0, 1
        li      a1, 'c'
        bne     t2, a1, 6f
        addi    s1, s1, 1
        j       5b
6:      li      a1, 'p'
        beq     t2, a1, 61f
        mv      a0, t2
        FAIL    "a byte that is neither c nor p"
61:     li      a1, 0x10000
        add     s1, s1, a1
        j       5b
7:      srli    a0, s1, 16
        EXPECT  UT_SHARED_N * 10, "bytes the parent wrote that are in the file"
        li      t0, 0xFFFF
        and     a0, s1, t0
        EXPECT  UT_SHARED_N * 10, "bytes the child wrote that are in the file"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/SHARED"
        call    unlink
        EXPECT  0, "unlink"
        LEAVE

# fourfiles: four children write four files at the same time, 500 bytes
# at a time; each file reads back as written.
        .equ UT_FOUR_SIZE, 12000
tc_fourfiles:
        ENTER
        li      s0, 0
1:      call    fork
        EXPECT_OK "fork"
        beqz    a0, 2f
        slli    t0, s0, 2
        la      t1, ut_pids4
        add     t1, t1, t0
        sw      a0, 0(t1)
        addi    s0, s0, 1
        li      t0, 4
        blt     s0, t0, 1b
        j       5f
2:      mv      a0, s0                  # child s0: /TMPUT/FOUR<s0>
        call    ut_four_name
        la      a0, ut_path
        call    ut_openw
        mv      s1, a0
        li      t0, 100000              # its pattern starts at s0 * 100000
        mul     t0, t0, s0
        sw      t0, ut_word, t1
        sw      zero, ut_word2, t1      # bytes written
3:      lw      t0, ut_word2
        li      t1, UT_FOUR_SIZE
        bge     t0, t1, 4f
        la      a0, ut_buf
        li      a1, 500
        lw      a2, ut_word
        add     a2, a2, t0
        call    ut_fill
        mv      a0, s1
        la      a1, ut_buf
        li      a2, 500
        call    write
        EXPECT  500, "write of 500 bytes"
        lw      t0, ut_word2
        addi    t0, t0, 500
        sw      t0, ut_word2, t1
        j       3b
4:      mv      a0, s1
        call    close
        EXPECT  0, "close"
        li      a0, 0
        call    exit
5:      li      s0, 0                   # wait for all four, then check
6:      slli    t0, s0, 2
        la      t1, ut_pids4
        add     t1, t1, t0
        lw      a0, 0(t1)
        call    ut_wait_status
        EXPECT  0, "a writing child"
        addi    s0, s0, 1
        li      t0, 4
        blt     s0, t0, 6b
        li      s0, 0
7:      CTX     "file", s0
        mv      a0, s0
        call    ut_four_name
        la      a0, ut_path
        la      a1, ut_buf2
        li      a2, 8192
        call    ut_readfile             # the first 8192 bytes
        EXPECT  8192, "bytes read of a file written at the same time as three others"
        li      t0, 100000
        mul     a2, t0, s0
        la      a0, ut_buf2
        li      a1, 8192
        call    ut_check
        EXPECT  -1, "the data (index of the first bad byte)"
        la      a0, ut_path
        li      a1, O_RDONLY
        call    open
        mv      s1, a0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT  UT_FOUR_SIZE, "size of a file written at the same time as three others"
        mv      a0, s1
        li      a1, 8192
        li      a2, SEEK_SET
        call    lseek
        mv      a0, s1
        la      a1, ut_buf2
        li      a2, 8192
        call    read
        EXPECT  UT_FOUR_SIZE - 8192, "bytes read of the rest"
        li      t0, 100000
        mul     a2, t0, s0
        addi    a2, a2, 2047
        addi    a2, a2, 2047
        addi    a2, a2, 2047
        addi    a2, a2, 2047
        addi    a2, a2, 4
        la      a0, ut_buf2
        li      a1, UT_FOUR_SIZE - 8192
        call    ut_check
        EXPECT  -1, "the rest of the data (index of the first bad byte)"
        mv      a0, s1
        call    close
        la      a0, ut_path
        call    unlink
        EXPECT  0, "unlink"
        addi    s0, s0, 1
        li      t0, 4
        blt     s0, t0, 7b
        LEAVE

# ut_four_name(i): ut_path = "/TMPUT/FOUR" and the digit i.
ut_four_name:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a0, ut_path
        STR     a1, "/TMPUT/FOUR0"
        call    strcpy
        lw      a0, 8(sp)
        la      t0, ut_path + 11
        addi    a0, a0, '0'
        sb      a0, 0(t0)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# createdelete: four children create 20 files each in one directory at
# the same time and remove the even ones; the rest are all there.
tc_createdelete:
        ENTER
        STR     a0, "/TMPUT/CD"
        call    mkdir
        EXPECT  0, "mkdir(\"/TMPUT/CD\")"
        STR     a0, "/TMPUT/CD"
        call    chdir
        EXPECT  0, "chdir"
        li      s0, 0
1:      call    fork
        EXPECT_OK "fork"
        beqz    a0, 2f
        slli    t0, s0, 2
        la      t1, ut_pids4
        add     t1, t1, t0
        sw      a0, 0(t1)
        addi    s0, s0, 1
        li      t0, 4
        blt     s0, t0, 1b
        j       5f
2:      li      s1, 0                   # child s0: names <A+s0><j>
3:      slli    a0, s0, 8
        or      a0, a0, s1
        call    ut_cd_name
        la      a0, ut_path
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(O_CREAT) of a new file"
        call    close
        andi    t0, s1, 1
        bnez    t0, 31f
        srli    a0, s1, 1               # remove the file made two steps ago
        slli    a0, a0, 1
        addi    a0, a0, -2
        bltz    a0, 31f
        slli    t0, s0, 8
        or      a0, a0, t0
        call    ut_cd_name
        la      a0, ut_path
        call    unlink
        EXPECT  0, "unlink of an even file"
31:     addi    s1, s1, 1
        li      t0, 20
        blt     s1, t0, 3b
        li      a0, 18                  # the last even one
        slli    t0, s0, 8
        or      a0, a0, t0
        call    ut_cd_name
        la      a0, ut_path
        call    unlink
        EXPECT  0, "unlink of the last even file"
        li      a0, 0
        call    exit
5:      li      s0, 0
6:      slli    t0, s0, 2
        la      t1, ut_pids4
        add     t1, t1, t0
        lw      a0, 0(t1)
        call    ut_wait_status
        EXPECT  0, "a creating child"
        addi    s0, s0, 1
        li      t0, 4
        blt     s0, t0, 6b
        li      s0, 0                   # (s0 << 8 | j) for every name
7:      CTX     "name number (child << 8 | j)", s0
        mv      a0, s0
        call    ut_cd_name
        la      a0, ut_path
        li      a1, O_RDONLY
        call    open
        andi    t0, s0, 1
        beqz    t0, 8f
        EXPECT_OK "open of a file that was kept"
        call    close
        la      a0, ut_path
        call    unlink
        EXPECT  0, "unlink"
        j       9f
8:      EXPECT  -ENOENT, "open of a file that was removed"
9:      addi    s0, s0, 1
        andi    t0, s0, 0xFF
        li      t1, 20
        blt     t0, t1, 7b
        andi    s0, s0, -256
        addi    s0, s0, 256
        li      t0, 4 << 8
        blt     s0, t0, 7b
        sw      zero, ut_ctxname, t0
        STR     a0, ".."
        call    chdir
        STR     a0, "CD"
        call    rmdir
        EXPECT  0, "rmdir(\"CD\") once every file is gone"
        LEAVE

# ut_cd_name(c << 8 | j): ut_path = the letter A + c, then j in decimal.
ut_cd_name:
        srli    t0, a0, 8
        addi    t0, t0, 'A'
        la      t1, ut_path
        sb      t0, 0(t1)
        andi    a0, a0, 0xFF
        li      t2, 10
        divu    t0, a0, t2
        remu    a0, a0, t2
        addi    t0, t0, '0'
        sb      t0, 1(t1)
        addi    a0, a0, '0'
        sb      a0, 2(t1)
        sb      zero, 3(t1)
        ret

# rmdot: "." and ".." cannot be removed; a directory stays usable.
tc_rmdot:
        ENTER
        STR     a0, "/TMPUT/DOTS"
        call    mkdir
        EXPECT  0, "mkdir(\"/TMPUT/DOTS\")"
        STR     a0, "/TMPUT/DOTS"
        call    chdir
        EXPECT  0, "chdir"
        STR     a0, "."
        call    rmdir
        EXPECT_ERR "rmdir(\".\")"
        STR     a0, ".."
        call    rmdir
        EXPECT_ERR "rmdir(\"..\")"
        STR     a0, "."
        call    unlink
        EXPECT_ERR "unlink(\".\")"
        STR     a0, ".."
        call    unlink
        EXPECT_ERR "unlink(\"..\")"
        STR     a0, "/TMPUT/DOTS/."
        call    rmdir
        EXPECT_ERR "rmdir(\"/TMPUT/DOTS/.\")"
        STR     a0, "F"                 # still a directory that works
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(O_CREAT) in the directory"
        call    close
        STR     a0, "F"
        call    unlink
        EXPECT  0, "unlink"
        STR     a0, "/TMPUT"
        call    chdir
        STR     a0, "DOTS"
        call    rmdir
        EXPECT  0, "rmdir(\"DOTS\")"
        LEAVE

# rmopen: an open file or directory cannot be removed (-EBUSY, as on FAT
# systems); once closed it can, and the data written through it was there.
tc_rmopen:
        ENTER
        STR     a0, "/TMPUT/OPEN"
        li      a1, O_CREAT | O_RDWR
        call    open
        EXPECT_OK "open(O_CREAT)"
        mv      s0, a0
        mv      a0, s0
        STR     a1, "data"
        li      a2, 4
        call    write
        EXPECT  4, "write"
        STR     a0, "/TMPUT/OPEN"
        call    unlink
        EXPECT  -EBUSY, "unlink of an open file"
        mv      a0, s0                  # the file is intact
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        EXPECT  0, "lseek"
        mv      a0, s0
        la      a1, ut_buf
        li      a2, 16
        call    read
        EXPECT  4, "read after the refused unlink"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        STR     a0, "/TMPUT/OPEN"
        call    unlink
        EXPECT  0, "unlink after close"
        STR     a0, "/TMPUT/ODIR"
        call    mkdir
        EXPECT  0, "mkdir"
        STR     a0, "/TMPUT/ODIR"
        li      a1, O_RDONLY
        call    open
        EXPECT_OK "open of the directory"
        mv      s0, a0
        STR     a0, "/TMPUT/ODIR"
        call    rmdir
        EXPECT  -EBUSY, "rmdir of an open directory"
        mv      a0, s0
        call    close
        STR     a0, "/TMPUT/ODIR"
        call    rmdir
        EXPECT  0, "rmdir after close"
        LEAVE

# diskfull: write until the disk is full (-ENOSPC); a directory cannot be
# made then; after unlink the same space can be filled again.
tc_diskfull:
        ENTER
        call    ut_fill_disk
        mv      s0, a0
        li      t0, UT_MIB
        bge     s0, t0, 1f
        FAIL    "bytes written before the disk was full (less than 1 MiB)"
1:      call    ut_fill_disk
        EXPECT_R s0, "bytes written the second time (clusters leaked?)"
        LEAVE

# ut_fill_disk() -> bytes /TMPUT/FULL held when the disk was full; removed again.
ut_fill_disk:
        ENTER
        STR     a0, "/TMPUT/FULL"
        call    ut_openw
        mv      s0, a0
        li      s1, 0
1:      mv      a0, s0
        la      a1, ut_buf
        li      a2, 8192
        call    write
        blez    a0, 2f
        add     s1, s1, a0
        li      t0, 0x10000000
        blt     s1, t0, 1b
        FAIL    "256 MiB written without filling the disk"
2:      EXPECT  -ENOSPC, "write to a full disk"
        STR     a0, "/TMPUT/FULLDIR"
        call    mkdir
        EXPECT  -ENOSPC, "mkdir with the disk full"
        mv      a0, s0
        la      a1, ut_st
        call    fstat
        lw      a0, ut_st + STAT_FSIZE
        EXPECT_R s1, "size of the file that filled the disk"
        mv      a0, s0
        call    close
        EXPECT  0, "close"
        STR     a0, "/TMPUT/FULL"
        call    unlink
        EXPECT  0, "unlink"
        mv      a0, s1
        LEAVE

# === pipes ===================================================================

# pipe: 20 KB through a pipe to a child that checks every byte and exits
# with a checksum.
        .equ UT_PIPE_TOTAL, 20480
tc_pipe:
        ENTER
        la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 5f
        lw      a0, ut_fds + 4          # the reader
        call    close
        li      s1, 0                   # bytes so far
        li      s0, 0                   # their sum
1:      lw      a0, ut_fds
        la      a1, ut_buf2
        li      a2, 777
        call    read
        bltz    a0, 2f
        beqz    a0, 4f
        sw      a0, ut_word, t0
        add     t0, s1, a0
        li      t1, UT_PIPE_TOTAL
        bgt     t0, t1, 3f
        la      a0, ut_buf2
        lw      a1, ut_word
        mv      a2, s1
        call    ut_check
        bgez    a0, 6f
        la      a0, ut_buf2
        lw      a1, ut_word
        call    ut_sum
        add     s0, s0, a0
        lw      t0, ut_word
        add     s1, s1, t0
        j       1b
2:      li      a0, 202                 # a read failed
        call    exit
3:      li      a0, 203                 # too many bytes
        call    exit
6:      li      a0, 201                 # a wrong byte
        call    exit
4:      li      a0, 204                 # too few bytes
        li      t0, UT_PIPE_TOTAL
        bne     s1, t0, 7f
        andi    a0, s0, 0x7F
7:      call    exit
5:      mv      s0, a0                  # the writer: 1000 bytes at a time
        lw      a0, ut_fds
        call    close
        li      s1, 0
8:      li      t0, UT_PIPE_TOTAL
        bge     s1, t0, 9f
        sub     t0, t0, s1
        li      t1, 1000
        bleu    t0, t1, 10f
        mv      t0, t1
10:     sw      t0, ut_word, t1
        la      a0, ut_buf
        mv      a1, t0
        mv      a2, s1
        call    ut_fill
        lw      a0, ut_fds + 4
        la      a1, ut_buf
        lw      a2, ut_word
        call    write
        EXPECT_OK "write to the pipe"
        bnez    a0, 11f
        FAIL    "write to the pipe returned 0"
11:     add     s1, s1, a0              # a short write: the rest comes next round
        j       8b
9:      lw      a0, ut_fds + 4
        call    close
        EXPECT  0, "close of the write end"
        la      a0, ut_buf2             # the checksum expected
        li      a1, UT_PIPE_TOTAL / 4
        li      a2, 0
        call    ut_fill
        la      a0, ut_buf2
        li      a1, UT_PIPE_TOTAL / 4
        call    ut_sum
        mv      s1, a0
        la      a0, ut_buf2
        li      a1, UT_PIPE_TOTAL / 4
        li      a2, UT_PIPE_TOTAL / 4
        call    ut_fill
        la      a0, ut_buf2
        li      a1, UT_PIPE_TOTAL / 4
        call    ut_sum
        add     s1, s1, a0
        la      a0, ut_buf2
        li      a1, UT_PIPE_TOTAL / 4
        li      a2, UT_PIPE_TOTAL / 2
        call    ut_fill
        la      a0, ut_buf2
        li      a1, UT_PIPE_TOTAL / 4
        call    ut_sum
        add     s1, s1, a0
        la      a0, ut_buf2
        li      a1, UT_PIPE_TOTAL / 4
        li      a2, 3 * UT_PIPE_TOTAL / 4
        call    ut_fill
        la      a0, ut_buf2
        li      a1, UT_PIPE_TOTAL / 4
        call    ut_sum
        add     s1, s1, a0
        andi    s1, s1, 0x7F
        mv      a0, s0
        call    ut_wait_status
        EXPECT_R s1, "the reader's status: checksum & 0x7F (201 bad byte, 202 read error, 203 too many, 204 too few)"
        LEAVE

# ut_sum(buf, n) -> the sum of the bytes.
ut_sum:
        li      t0, 0
        add     a1, a1, a0
1:      bgeu    a0, a1, 2f
        lbu     t1, 0(a0)
        add     t0, t0, t1
        addi    a0, a0, 1
        j       1b
2:      mv      a0, t0
        ret

# pipeeof: the reader sees the end of the data when every write end is
# closed: by close, and by the writer's exit.
tc_pipeeof:
        ENTER
        la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 3f
        lw      a0, ut_fds + 4          # the reader: exit(bytes read)
        call    close
        li      s1, 0
1:      lw      a0, ut_fds
        la      a1, ut_buf
        li      a2, 100
        call    read
        bltz    a0, 2f
        add     s1, s1, a0
        bnez    a0, 1b
        mv      a0, s1
        call    exit
2:      li      a0, 200
        call    exit
3:      mv      s0, a0
        lw      a0, ut_fds
        call    close
        lw      a0, ut_fds + 4
        STR     a1, "hello"
        li      a2, 5
        call    write
        EXPECT  5, "write of 5 bytes"
        lw      a0, ut_fds + 4
        call    close
        EXPECT  0, "close of the write end"
        mv      a0, s0
        call    ut_wait_status
        EXPECT  5, "the reader's status: bytes before the end of the data (200: read error)"
        la      a0, ut_fds              # the writer exits without closing
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 4f
        lw      a0, ut_fds + 4
        STR     a1, "xyz"
        li      a2, 3
        call    write
        li      a0, 0
        call    exit
4:      mv      s0, a0
        lw      a0, ut_fds + 4
        call    close
        lw      a0, ut_fds
        la      a1, ut_buf
        li      a2, 10
        call    read
        EXPECT  3, "read of what the child wrote"
        lw      a0, ut_fds
        la      a1, ut_buf
        li      a2, 10
        call    read
        EXPECT  0, "read after the writing child exited"
        lw      a0, ut_fds
        call    close
        mv      a0, s0
        call    ut_wait_status
        EXPECT  0, "the writing child's status"
        LEAVE

# pipeepipe: writing to a pipe without a reader is -EPIPE, also for a
# writer blocked when the last reader goes; the writer lives on.
tc_pipeepipe:
        ENTER
        la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        lw      a0, ut_fds
        call    close
        lw      a0, ut_fds + 4
        STR     a1, "x"
        li      a2, 1
        call    write
        EXPECT  -EPIPE, "write to a pipe whose read end is closed"
        lw      a0, ut_fds + 4
        call    close
        la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 2f
        lw      a0, ut_fds + 4          # the reader: one byte, then gone
        call    close
        li      a0, 20
        call    sleep
        lw      a0, ut_fds
        la      a1, ut_buf
        li      a2, 1
        call    read
        addi    a0, a0, -1
        snez    a0, a0
        call    exit
2:      mv      s0, a0
        lw      a0, ut_fds
        call    close
        li      s1, 0
3:      lw      a0, ut_fds + 4
        la      a1, ut_buf
        li      a2, 1000
        call    write
        bltz    a0, 4f
        add     s1, s1, a0
        li      t0, UT_MIB
        blt     s1, t0, 3b
        FAIL    "1 MiB written to a pipe whose reader has exited"
4:      EXPECT  -EPIPE, "write once the reader has exited"
        lw      a0, ut_fds + 4
        call    close
        mv      a0, s0
        call    ut_wait_status
        EXPECT  0, "the reader's status"
        LEAVE

# === time and kill ===========================================================

# sleep: sleep(n) lasts at least n ticks of uptime.
tc_sleep:
        ENTER
        call    uptime
        EXPECT_OK "uptime"
        mv      s0, a0
        li      a0, 10
        call    sleep
        EXPECT  0, "sleep(10)"
        call    uptime
        sub     a0, a0, s0
        bge     a0, zero, 1f
        FAIL    "uptime went backwards"
1:      li      t0, 10
        bge     a0, t0, 2f
        FAIL    "ticks that sleep(10) lasted"
2:      li      t0, 200
        blt     a0, t0, 3f
        FAIL    "ticks that sleep(10) lasted (far too long)"
3:      li      a0, 0
        call    sleep
        EXPECT  0, "sleep(0)"
        LEAVE

# killspin: two children spinning forever do not stop the parent (the
# scheduler preempts them); kill ends them with STATUS_KILLED.
tc_killspin:
        ENTER
        la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 2f
        lw      a0, ut_fds + 4
        STR     a1, "r"
        li      a2, 1
        call    write
1:      j       1b
2:      mv      s0, a0
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 3f
4:      j       4b
3:      mv      s1, a0
        lw      a0, ut_fds + 4
        call    close
        lw      a0, ut_fds
        la      a1, ut_buf
        li      a2, 1
        call    read
        EXPECT  1, "read of the byte the spinning child wrote"
        li      a0, 5
        call    sleep
        EXPECT  0, "sleep(5) while two children spin"
        mv      a0, s0
        call    kill
        EXPECT  0, "kill(spinning child)"
        mv      a0, s1
        call    kill
        EXPECT  0, "kill(second spinning child)"
        mv      a0, s0
        call    ut_wait_status
        EXPECT  STATUS_KILLED, "wait status of a killed spinning child"
        mv      a0, s1
        call    ut_wait_status
        EXPECT  STATUS_KILLED, "wait status of the second killed spinning child"
        mv      a0, s0
        call    kill
        EXPECT  -ESRCH, "kill of a child already waited for"
        LEAVE

# killsleep: kill wakes a sleeping child at once.
tc_killsleep:
        ENTER
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 1f
        li      a0, 3000                # 30 s: killed long before
        call    sleep
        li      a0, 0
        call    exit
1:      mv      s0, a0
        li      a0, 2
        call    sleep
        call    uptime
        mv      s1, a0
        mv      a0, s0
        call    kill
        EXPECT  0, "kill(sleeping child)"
        mv      a0, s0
        call    ut_wait_status
        EXPECT  STATUS_KILLED, "wait status of a killed sleeping child"
        call    uptime
        sub     a0, a0, s1
        li      t0, 100
        blt     a0, t0, 2f
        FAIL    "ticks from kill to the end of a child in sleep(3000)"
2:      LEAVE

# killblock: kill ends children blocked reading an empty pipe, writing a
# full one, and waiting for their own child, at once: 5 ticks later they
# are zombies (procs).  Pipes: ut_fds (never written), ut_fds2 (never
# read), ut_bfds (the grandchild's pid).  Each child keeps only the end it
# blocks on, so that closing the parent's ends would free it either way.
tc_killblock:
        ENTER
        la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        la      a0, ut_fds2
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 1f
        lw      a0, ut_fds + 4          # the reader
        call    close
        lw      a0, ut_fds2
        call    close
        lw      a0, ut_fds2 + 4
        call    close
        lw      a0, ut_fds
        la      a1, ut_buf
        li      a2, 1
        call    read
        li      a0, 1
        call    exit
1:      mv      s0, a0
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 3f
        lw      a0, ut_fds              # the writer
        call    close
        lw      a0, ut_fds + 4
        call    close
        lw      a0, ut_fds2
        call    close
2:      lw      a0, ut_fds2 + 4         # writes until the pipe is full
        la      a1, ut_buf
        li      a2, 1000
        call    write
        bgtz    a0, 2b
        li      a0, 1
        call    exit
3:      mv      s1, a0
        lw      a0, ut_fds
        call    close
        lw      a0, ut_fds2 + 4
        call    close
        li      a0, 5
        call    sleep
        mv      a0, s0
        call    kill
        EXPECT  0, "kill(child blocked in read)"
        mv      a0, s1
        call    kill
        EXPECT  0, "kill(child blocked in write)"
        li      a0, 5
        call    sleep
        mv      a0, s0
        call    ut_proc_state
        sw      a0, ut_word, t0
        mv      a0, s1
        call    ut_proc_state
        sw      a0, ut_word2, t0
        lw      a0, ut_fds + 4          # free them, whatever kill did
        call    close
        lw      a0, ut_fds2
        call    close
        lw      a0, ut_word
        EXPECT  PROC_ZOMBIE, "state of a child blocked reading a pipe, 5 ticks after kill"
        lw      a0, ut_word2
        EXPECT  PROC_ZOMBIE, "state of a child blocked writing a full pipe, 5 ticks after kill"
        mv      a0, s0
        call    ut_wait_status
        EXPECT  STATUS_KILLED, "wait status of a child killed while reading an empty pipe"
        mv      a0, s1
        call    ut_wait_status
        EXPECT  STATUS_KILLED, "wait status of a child killed while writing a full pipe"
        la      a0, ut_bfds             # blocked in wait
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 5f
        call    fork
        bltz    a0, 4f
        bnez    a0, 6f
        li      a0, 3000                # the grandchild
        call    sleep
        li      a0, 0
        call    exit
6:      sw      a0, ut_word, t0
        lw      a0, ut_bfds + 4
        la      a1, ut_word
        li      a2, 4
        call    write
        li      a0, -1
        la      a1, ut_wst
        call    wait
4:      li      a0, 1
        call    exit
5:      mv      s0, a0
        lw      a0, ut_bfds
        la      a1, ut_word
        li      a2, 4
        call    read
        EXPECT  4, "read of the grandchild's pid"
        li      a0, 2
        call    sleep
        call    uptime
        mv      s1, a0
        mv      a0, s0
        call    kill
        EXPECT  0, "kill(child blocked in wait)"
        mv      a0, s0
        call    ut_wait_status
        EXPECT  STATUS_KILLED, "wait status of a child killed while waiting for its child"
        call    uptime
        sub     a0, a0, s1
        li      t0, 100
        blt     a0, t0, 7f
        FAIL    "ticks from kill to the end of a child blocked in wait"
7:      lw      a0, ut_word
        call    kill
        EXPECT  0, "kill(the orphaned grandchild)"
        LEAVE

# ut_proc_state(pid) -> its PROCINFO_STATE, or -1 if procs does not list it.
ut_proc_state:
        ENTER
        mv      s0, a0
        la      a0, ut_buf
        li      a1, NPROC
        call    procs
        EXPECT_OK "procs"
        mv      s1, a0
        mv      a0, s0
        call    ut_find_proc
        beqz    a0, 1f
        lw      a0, PROCINFO_STATE(a0)
        LEAVE
1:      li      a0, -1
        LEAVE

# procs: the process list shows this process, running, child of usertests.
tc_procs:
        ENTER
        la      a0, ut_buf
        li      a1, 64
        call    procs
        EXPECT_OK "procs(buf, 64)"
        mv      s1, a0
        li      t0, 2
        bge     s1, t0, 1f
        FAIL    "procs listed fewer than 2 processes"
1:      call    getpid
        call    ut_find_proc
        bnez    a0, 2f
        FAIL    "procs does not list the calling process"
2:      mv      s0, a0
        lw      a0, PROCINFO_PPID(s0)
        lw      t0, ut_mainpid
        EXPECT_R t0, "PROCINFO_PPID of the calling process"
        lw      a0, PROCINFO_STATE(s0)
        EXPECT  PROC_RUNNING, "PROCINFO_STATE of the calling process"
        lw      a0, PROCINFO_MEM(s0)
        bgtz    a0, 3f
        FAIL    "PROCINFO_MEM of the calling process"
3:      lw      a0, ut_mainpid
        call    ut_find_proc
        bnez    a0, 4f
        FAIL    "procs does not list the parent (usertests)"
4:      lw      a0, PROCINFO_STATE(a0)
        EXPECT2 PROC_SLEEPING, PROC_RUNNABLE, "PROCINFO_STATE of the parent (waiting, or about to)"
        la      a0, ut_buf
        li      a1, 1
        call    procs
        EXPECT  1, "procs(buf, 1)"
        la      a0, ut_buf
        li      a1, 0
        call    procs
        EXPECT  0, "procs(buf, 0)"
        LEAVE

# ut_find_proc(pid) -> its record among the s1 records in ut_buf, or 0.
ut_find_proc:
        la      t0, ut_buf
        li      t1, PROCINFO_SIZE
        mul     t1, t1, s1
        add     t1, t1, t0
1:      bgeu    t0, t1, 2f
        lw      t2, PROCINFO_PID(t0)
        beq     t2, a0, 3f
        addi    t0, t0, PROCINFO_SIZE
        j       1b
2:      li      t0, 0
3:      mv      a0, t0
        ret

# orphans: a child's child that outlives it still runs, is not ours to
# wait for, and is reaped by init (procs lists none of them later).
        .equ UT_NORPHANS, 10
tc_orphans:
        ENTER
        li      s1, 0
1:      la      a0, ut_fds
        call    pipe
        EXPECT  0, "pipe"
        call    fork
        EXPECT_OK "fork"
        bnez    a0, 3f
        call    fork                    # the child: fork, then exit at once
        bltz    a0, 2f
        bnez    a0, 21f
        lw      a0, ut_fds              # the grandchild, soon an orphan
        call    close
        li      a0, 2
        call    sleep
        call    getpid
        sw      a0, ut_word, t0
        lw      a0, ut_fds + 4
        la      a1, ut_word
        li      a2, 4
        call    write
        li      a0, 0
        call    exit
21:     li      a0, 0
        call    exit
2:      li      a0, 1
        call    exit
3:      call    ut_wait_status
        EXPECT  0, "the child that leaves an orphan"
        lw      a0, ut_fds + 4
        call    close
        lw      a0, ut_fds
        la      a1, ut_word
        li      a2, 4
        call    read
        EXPECT  4, "read of the orphan's pid (it ran after its parent exited)"
        lw      a0, ut_fds
        la      a1, ut_word2
        li      a2, 4
        call    read
        EXPECT  0, "read once the orphan has exited"
        lw      a0, ut_fds
        call    close
        slli    t0, s1, 2
        la      t1, ut_orphans
        add     t1, t1, t0
        lw      a0, ut_word
        sw      a0, 0(t1)
        la      a1, ut_wst
        call    wait
        EXPECT  -ECHILD, "wait(pid of an orphaned grandchild)"
        addi    s1, s1, 1
        li      t0, UT_NORPHANS
        blt     s1, t0, 1b
        li      a0, 10
        call    sleep
        li      s1, 0
4:      slli    t0, s1, 2
        la      t1, ut_orphans
        add     t1, t1, t0
        lw      s0, 0(t1)
        CTX     "orphan's pid", s0
        mv      a0, s0
        call    ut_proc_state
        EXPECT  -1, "state of an orphan 10 ticks after it exited (-1: reaped)"
        addi    s1, s1, 1
        li      t0, UT_NORPHANS
        blt     s1, t0, 4b
        LEAVE

# === memory ==================================================================

# sbrkgrow: the heap grows zeroed, holds data, is copied by fork, shrinks
# (unmapped again), and grows zeroed again.
tc_sbrkgrow:
        ENTER
        li      a0, 0
        call    sbrk
        EXPECT_OK "sbrk(0)"
        mv      s0, a0
        li      a0, 65536
        call    sbrk
        EXPECT_R s0, "sbrk(65536) returns the old break"
        li      a0, 0
        call    sbrk
        li      t0, 65536
        add     t0, t0, s0
        EXPECT_R t0, "the break after sbrk(65536)"
        call    ut_heap_zero
        mv      t0, s0                  # every word = its address ^ 0x5A5A5A5A
        li      t1, 65536
        add     t1, t1, s0
        andi    t0, t0, -4
        addi    t0, t0, 4
        li      t2, 0x5A5A5A5A
1:      bgeu    t0, t1, 2f
        xor     a0, t0, t2
        sw      a0, 0(t0)
        addi    t0, t0, 4
        j       1b
2:      mv      t0, s0
        andi    t0, t0, -4
        addi    t0, t0, 4
3:      bgeu    t0, t1, 4f
        lw      a0, 0(t0)
        xor     a0, a0, t2
        addi    t0, t0, 4
        addi    a1, t0, -4
        beq     a0, a1, 3b
        FAIL    "a heap word does not hold what was stored"
4:      call    fork
        EXPECT_OK "fork"
        bnez    a0, 5f
        li      t2, 0x5A5A5A5A          # the child sees the same heap
        li      t0, 65536 - 4
        add     t0, t0, s0
        andi    t0, t0, -4
        lw      a0, 0(t0)
        xor     a0, a0, t2
        sub     a0, a0, t0
        snez    a0, a0
        call    exit
5:      call    ut_wait_status
        EXPECT  0, "the child's view of the heap"
        li      a0, -65536
        call    sbrk
        li      t0, 65536
        add     t0, t0, s0
        EXPECT_R t0, "sbrk(-65536) returns the old break"
        li      a0, 0
        call    sbrk
        EXPECT_R s0, "the break after sbrk(-65536)"
        la      a0, ut_load
        li      t0, 65536 - 4
        add     a1, s0, t0
        STR     a2, "load from the heap given back by sbrk(-65536) at"
        call    ut_expect_faulta
        li      a0, 65536
        call    sbrk
        EXPECT_R s0, "sbrk(65536) again"
        call    ut_heap_zero
        li      a0, -65536
        call    sbrk
        li      a0, 5                   # less than a page
        call    sbrk
        EXPECT_R s0, "sbrk(5)"
        li      t0, 0x77
        sb      t0, 4(s0)
        li      a0, 0
        call    sbrk
        addi    t0, s0, 5
        EXPECT_R t0, "the break after sbrk(5)"
        li      a0, -5
        call    sbrk
        addi    t0, s0, 5
        EXPECT_R t0, "sbrk(-5)"
        li      a0, 0
        call    sbrk
        EXPECT_R s0, "the break after sbrk(-5)"
        LEAVE

# ut_heap_zero(): the pages of [s0, s0 + 65536) that start after s0 are zero.
ut_heap_zero:
        addi    t0, s0, UT_PAGE - 1
        li      t1, -UT_PAGE
        and     t0, t0, t1
        li      t1, 65536
        add     t1, t1, s0
1:      bgeu    t0, t1, 2f
        lw      a0, 0(t0)
        addi    t0, t0, 4
        beqz    a0, 1b
        FAIL    "a word of newly grown heap is not zero"
2:      ret

# sbrkfail: sbrk beyond what is possible fails with -ENOMEM and leaves the
# break alone; exhausting memory three times gets the same pages each time,
# with the system working in between.
tc_sbrkfail:
        ENTER
        li      a0, 0
        call    sbrk
        EXPECT_OK "sbrk(0)"
        mv      s0, a0
        li      a0, 0x7FFFFFF0
        call    sbrk
        EXPECT  -ENOMEM, "sbrk(0x7FFFFFF0)"
        li      a0, 0
        call    sbrk
        EXPECT_R s0, "the break after sbrk(0x7FFFFFF0) failed"
        li      a0, -UT_PAGE            # below address 0
        sub     a0, a0, s0
        call    sbrk
        EXPECT_ERR "sbrk taking the break below address 0"
        li      a0, 0
        call    sbrk
        EXPECT_R s0, "the break after that failed"
        li      a0, UT_PAGE             # into the program's code
        sub     a0, a0, s0
        call    sbrk
        EXPECT_ERR "sbrk taking the break down into the program's code"
        li      a0, 0
        call    sbrk
        EXPECT_R s0, "the break after that failed"
        call    ut_echo_check
        call    ut_exhaust
        mv      s1, a0
        bgtz    s1, 1f
        FAIL    "pages sbrk could get"
1:      call    ut_echo_check
        call    ut_exhaust
        EXPECT_R s1, "pages sbrk got the second time (memory leaked?)"
        call    ut_echo_check
        call    ut_exhaust
        EXPECT_R s1, "pages sbrk got the third time (memory leaked?)"
        LEAVE

# ut_exhaust() -> pages sbrk gave before -ENOMEM (1 MiB at a time, then
# page by page); a fork fails cleanly meanwhile; all given back.
ut_exhaust:
        ENTER
        li      a0, 0
        call    sbrk
        mv      s0, a0
        li      s1, 0                   # bytes got
1:      li      a0, UT_MIB
        call    sbrk
        bltz    a0, 2f
        add     t0, s0, s1
        EXPECT_R t0, "sbrk(1 MiB) returns the old break"
        sw      s1, 0(a0)               # touch its first and last words
        li      t0, UT_MIB - 4
        add     t0, t0, a0
        sw      s1, 0(t0)
        li      t0, UT_MIB
        add     s1, s1, t0
        li      t0, 0x40000000
        bltu    s1, t0, 1b
        FAIL    "sbrk gave 1 GiB"
2:      EXPECT  -ENOMEM, "sbrk(1 MiB) when memory runs out"
        sw      s1, ut_exmib, t0        # bytes got a MiB at a time
3:      li      a0, UT_PAGE
        call    sbrk
        bltz    a0, 4f
        add     t0, s0, s1
        EXPECT_R t0, "sbrk(4096) returns the old break"
        sw      s1, 0(a0)
        li      t0, UT_PAGE
        add     s1, s1, t0
        j       3b
4:      EXPECT  -ENOMEM, "sbrk(4096) when memory runs out"
        li      a0, 0
        call    sbrk
        add     t0, s0, s1
        EXPECT_R t0, "the break after sbrk failed"
        call    ut_fork_nomem           # no memory for a child at all
        li      a0, -16 * UT_PAGE       # some memory, not enough: the fork
        call    sbrk                    # fails half way through its copy
        li      t0, 16 * UT_PAGE
        sub     s1, s1, t0
        call    ut_fork_nomem
        li      a0, -128 * UT_PAGE
        call    sbrk
        li      t0, 128 * UT_PAGE
        sub     s1, s1, t0
        call    ut_fork_nomem
        li      t0, 0                   # the words touched are intact
7:      bgeu    t0, s1, 8f
        add     t1, s0, t0
        lw      a0, 0(t1)
        EXPECT_R t0, "a word of the heap after memory ran out"
        lw      t1, ut_exmib
        bltu    t0, t1, 10f
        li      t1, UT_PAGE             # past the MiB chunks: pages
        j       11f
10:     li      t1, UT_MIB
11:     add     t0, t0, t1
        j       7b
8:      neg     a0, s1
        call    sbrk
        add     t0, s0, s1
        EXPECT_R t0, "sbrk(-all) returns the old break"
        li      a0, 0
        call    sbrk
        EXPECT_R s0, "the break after giving it all back"
        srli    a0, s1, 12
        LEAVE

# ut_fork_nomem(): fork with (nearly) all memory in the heap fails with
# -EAGAIN or -ENOMEM (a child that was made anyway must exit 0).
ut_fork_nomem:
        ENTER
        call    fork
        beqz    a0, 2f
        bltz    a0, 1f
        call    ut_wait_status
        EXPECT  0, "a child forked with memory exhausted"
        LEAVE
1:      EXPECT2 -EAGAIN, -ENOMEM, "fork with memory exhausted"
        LEAVE
2:      li      a0, 0
        call    exit

# === processes en masse ======================================================

# forkbomb: fork until the process table is full (-EAGAIN), three rounds
# with the same count; a tree of processes each forking; fork works after.
tc_forkbomb:
        ENTER
        call    ut_bomb
        mv      s0, a0
        li      t0, NPROC / 2
        bge     s0, t0, 1f
        FAIL    "processes a fork bomb could create (fewer than NPROC / 2)"
1:      call    ut_bomb
        EXPECT_R s0, "processes created in the second round (slots leaked?)"
        la      a0, ut_tree
        li      a1, 6
        call    ut_child
        EXPECT  0, "a tree of processes forking until fork fails (1: a fork or wait went wrong)"
        call    ut_bomb
        EXPECT_R s0, "processes created after the tree"
        li      a0, 5
        call    ut_exit_child
        call    ut_wait_status
        EXPECT  5, "a child's status after the fork bombs"
        LEAVE

# ut_bomb() -> children forked until fork failed; each waits on a pipe
# until the parent closes it, then exits 0; all are waited for.
ut_bomb:
        ENTER
        la      a0, ut_bfds
        call    pipe
        EXPECT  0, "pipe"
        li      s0, 0
1:      call    fork
        bltz    a0, 3f
        bnez    a0, 2f
        lw      a0, ut_bfds + 4         # a child: wait for the end of the pipe
        call    close
        lw      a0, ut_bfds
        la      a1, ut_word
        li      a2, 1
        call    read
        snez    a0, a0
        call    exit
2:      addi    s0, s0, 1
        li      t0, NPROC
        ble     s0, t0, 1b
        FAIL    "fork succeeded more than NPROC times"
3:      EXPECT  -EAGAIN, "fork with the process table full"
        lw      a0, ut_bfds + 4
        call    close
        lw      a0, ut_bfds
        call    close
        li      s1, 0
4:      li      a0, -1
        la      a1, ut_wst
        call    wait
        bltz    a0, 5f
        lw      a0, ut_wst
        EXPECT  0, "exit status of a fork-bomb child"
        addi    s1, s1, 1
        j       4b
5:      EXPECT  -ECHILD, "wait once every child was waited for"
        mv      a0, s1
        EXPECT_R s0, "children waited for vs forked"
        mv      a0, s0
        LEAVE

# ut_tree(depth): fork up to two children, each a tree of depth - 1,
# until fork fails (-EAGAIN); wait for them; exit 0 if all went well, else 1.
ut_tree:
        mv      s0, a0
1:      sw      zero, ut_tk, t0         # a new node
        sw      zero, ut_tbad, t0
2:      beqz    s0, 4f
        lw      t0, ut_tk
        li      t1, 2
        bge     t0, t1, 4f
        call    fork
        beqz    a0, 5f
        bltz    a0, 3f
        lw      t0, ut_tk
        addi    t0, t0, 1
        sw      t0, ut_tk, t1
        j       2b
3:      li      t0, -EAGAIN
        beq     a0, t0, 4f
        li      t0, 1
        sw      t0, ut_tbad, t1
        j       4f
5:      addi    s0, s0, -1              # the child: a node one level down
        j       1b
4:      li      a0, -1
        la      a1, ut_wst
        call    wait
        bltz    a0, 6f
        lw      t0, ut_wst
        beqz    t0, 4b
        li      t0, 1
        sw      t0, ut_tbad, t1
        j       4b
6:      li      t0, -ECHILD
        beq     a0, t0, 7f
        li      t0, 1
        sw      t0, ut_tbad, t1
7:      lw      a0, ut_tbad
        call    exit

# === data ====================================================================

        .section .rodata
        .balign 4
ut_rodata_word: .word   0x12345678
ut_statuses:    .word   0, 1, 42, 127, 255, -1
ut_badaddrs:    .word   0, 0xFFC, 0x20000000, 0x80000000, 0xC0000000, 0xFFFFF000, 0xFFFFFFFC
ut_badaddrs_end:
ut_s_binecho:   .asciz  "/bin/echo"
ut_s_echo:      .asciz  "echo"
ut_s_hello:     .asciz  "hello"
ut_s_usertests: .asciz  "usertests"
ut_s_a:         .asciz  "a"
ut_s_b:         .asciz  "b"
ut_s_c:         .asciz  "c"
        .balign 4
ut_argv_echo:   .word   ut_s_echo, ut_s_hello, ut_s_usertests, 0
ut_argv_echo0:  .word   ut_s_echo, 0
ut_argv_abc:    .word   ut_s_echo, ut_s_a, ut_s_b, ut_s_c, 0
ut_argv_bad1:   .word   ut_s_echo, 0xC0000000, 0
ut_argv_bad2:   .word   ut_s_echo, 0x20000000, 0

        .data
        .balign 4
ut_argv_tmp:    .word   ut_s_echo, 0, 0
ut_nxbuf:       .word   0, 0, 0, 0

        .bss
        .balign 4
ut_argc:        .space  4
ut_argv:        .space  4
ut_mainpid:     .space  4
ut_passed:      .space  4
ut_failed:      .space  4
ut_curname:     .space  4               # the case running
ut_casest:      .space  4
ut_timedout:    .space  4
ut_ctxname:     .space  4               # what ut_ctx is, or 0
ut_ctx:         .space  4
ut_wst:         .space  4               # wait statuses land here
ut_word:        .space  4
ut_word2:       .space  4
ut_pids:        .space  12
ut_pids4:       .space  16
ut_orphans:     .space  4 * UT_NORPHANS
ut_fds:         .space  8
ut_fds2:        .space  8
ut_bfds:        .space  8
ut_spfds:       .space  8
ut_sppid:       .space  4
ut_wffd:        .space  4
ut_wfn:         .space  4
ut_img:         .space  4
ut_work:        .space  4
ut_imgn:        .space  4
ut_exmib:       .space  4
ut_tk:          .space  4
ut_tbad:        .space  4
ut_st:          .space  STAT_SIZE
ut_path:        .space  PATH_MAX
ut_seen:        .space  UT_NFILES
        .balign 4
ut_out:         .space  1024
ut_buf:         .space  8192
ut_buf2:        .space  8192
