"""The user ABI shared by both kernel forms: system-call numbers, error codes
and the register convention.

A system call puts its number in a5 and up to five arguments in a0..a4, then
executes `syscall`.  The result comes back in a0: a non-negative value on
success, or a negated error code (-ENOENT, ...) on failure.  Only a0 changes.
"""

SYSCALL_NUMBER_REGISTER = "a5"
SYSCALL_ARGUMENT_REGISTERS = ["a0", "a1", "a2", "a3", "a4"]
SYSCALL_RESULT_REGISTER = "a0"

# (NAME, number, signature and meaning)
SYSCALLS = [
    ("SYS_exit",     1, "exit(status): end the calling process"),
    ("SYS_fork",     2, "fork() -> child pid in the parent, 0 in the child"),
    ("SYS_exec",     3, "exec(path, argv) -> only returns on error"),
    ("SYS_wait",     4, "wait(pid or -1, &status) -> pid of the child that ended"),
    ("SYS_kill",     5, "kill(pid) -> 0"),
    ("SYS_getpid",   6, "getpid() -> pid"),
    ("SYS_sbrk",     7, "sbrk(increment) -> previous end of the heap"),
    ("SYS_sleep",    8, "sleep(ticks) -> 0"),
    ("SYS_uptime",   9, "uptime() -> timer ticks since boot"),
    ("SYS_open",    10, "open(path, flags) -> fd"),
    ("SYS_close",   11, "close(fd) -> 0"),
    ("SYS_read",    12, "read(fd, buf, n) -> bytes read, 0 at end of file"),
    ("SYS_write",   13, "write(fd, buf, n) -> bytes written"),
    ("SYS_lseek",   14, "lseek(fd, offset, whence) -> new offset"),
    ("SYS_fstat",   15, "fstat(fd, &stat) -> 0"),
    ("SYS_unlink",  16, "unlink(path) -> 0"),
    ("SYS_mkdir",   17, "mkdir(path) -> 0"),
    ("SYS_rmdir",   18, "rmdir(path) -> 0"),
    ("SYS_chdir",   19, "chdir(path) -> 0"),
    ("SYS_dup",     20, "dup(fd) -> new fd"),
    ("SYS_pipe",    21, "pipe(fds[2]) -> 0"),
    ("SYS_getdents", 22, "getdents(fd, buf, n) -> bytes of DIRENT records (0 at the end)"),
    ("SYS_sync",    23, "sync() -> 0: write every changed disk block back"),
    ("SYS_poweroff", 24, "poweroff(status): sync, then end the run with that status"),
    ("SYS_procs",   25, "procs(buf, n) -> number of PROCINFO records written (at most n)"),
    ("SYS_setintr", 26, "setintr(ignore): 1 = Ctrl-C does not kill the caller; exec resets it to 0"),
    ("SYS_service", 27, "service(op, label, buf, n): the microkernel's services (list, kill, restart); -ENOSYS on the monolithic kernel"),
    ("SYS_modload", 28, "modload(image, size, params, why) -> 0: load the module object at image (params: \"name=value ...\" or 0); on failure why (MODERR_SIZE bytes, or 0) gets the reason; -ENOSYS unless the kernel loads modules"),
    ("SYS_modunload", 29, "modunload(name, why) -> 0: run the module's exit and free it; -ENOENT not loaded, -EBUSY in use (why: \"in use by NAME\"); -ENOSYS unless the kernel loads modules"),
    ("SYS_modlist", 30, "modlist(buf, n) -> number of MODSTAT records written (at most n), in load order; -ENOSYS unless the kernel loads modules"),
    ("SYS_meminfo", 31, "meminfo(&meminfo) -> 0: the kernel's page counts (MEMINFO record); -ENOSYS on the microkernel"),
    ("SYS_time",    32, "time() -> seconds since 1970-01-01 00:00:00 UTC, from the clock driver; -ENODEV when the kernel has no clock driver or no clock is plugged in, -EIO when the clock went away during the call"),
]

# (NAME, value, meaning); system calls return the negated value.
ERRNOS = [
    ("EPERM",    1, "operation not permitted"),
    ("ENOENT",   2, "no such file or directory"),
    ("ESRCH",    3, "no such process"),
    ("EINTR",    4, "interrupted call"),
    ("EIO",      5, "input/output error"),
    ("E2BIG",    7, "argument list too long"),
    ("ENOEXEC",  8, "not an executable"),
    ("EBADF",    9, "bad file descriptor"),
    ("ECHILD",  10, "no child processes"),
    ("EAGAIN",  11, "resource temporarily unavailable"),
    ("ENOMEM",  12, "out of memory"),
    ("EFAULT",  14, "bad address"),
    ("EBUSY",   16, "device or resource busy"),
    ("EEXIST",  17, "file exists"),
    ("ENODEV",  19, "no such device"),
    ("ENOTDIR", 20, "not a directory"),
    ("EISDIR",  21, "is a directory"),
    ("EINVAL",  22, "invalid argument"),
    ("ENFILE",  23, "too many open files in the system"),
    ("EMFILE",  24, "too many open files"),
    ("EFBIG",   27, "file too large"),
    ("ENOSPC",  28, "no space left on device"),
    ("ESPIPE",  29, "illegal seek"),
    ("EPIPE",   32, "broken pipe"),
    ("ENAMETOOLONG", 36, "file name too long"),
    ("ENOSYS",  38, "function not implemented"),
    ("ENOTEMPTY", 39, "directory not empty"),
]

# Flags for open().
OPEN_FLAGS = [
    ("O_RDONLY", 0x000, "open for reading"),
    ("O_WRONLY", 0x001, "open for writing"),
    ("O_RDWR",   0x002, "open for reading and writing"),
    ("O_CREAT",  0x040, "create the file if it does not exist"),
    ("O_TRUNC",  0x200, "truncate to zero length"),
    ("O_APPEND", 0x400, "writes go to the end of the file"),
]

# lseek() whence values.
SEEK_WHENCE = [
    ("SEEK_SET", 0, "from the start of the file"),
    ("SEEK_CUR", 1, "from the current offset"),
    ("SEEK_END", 2, "from the end of the file"),
]

# Exit statuses that wait() reports for a process that did not call exit().
EXIT_STATUSES = [
    ("STATUS_INTERRUPTED", 130, "killed by Ctrl-C on the console"),
    ("STATUS_KILLED",      137, "killed by kill()"),
    ("STATUS_FAULT",       139, "killed by the kernel for a fault (bad memory access, privileged or illegal instruction)"),
]

# fstat() types.
FILE_TYPES = [
    ("T_FILE", 1, "regular file"),
    ("T_DIR",  2, "directory"),
    ("T_DEV",  3, "device (the console)"),
    ("T_PIPE", 4, "pipe"),
]

# Process states as procs() reports them.
PROC_STATES = [
    ("PROC_UNUSED",   0, "free slot"),
    ("PROC_EMBRYO",   1, "being created"),
    ("PROC_SLEEPING", 2, "waiting for an event"),
    ("PROC_RUNNABLE", 3, "ready to run"),
    ("PROC_RUNNING",  4, "running"),
    ("PROC_ZOMBIE",   5, "ended, not yet waited for"),
]

# Records that system calls fill in user memory: (prefix, size, [(field, offset, meaning)]).
RECORDS = [
    ("STAT", 20, "fstat(fd, &stat)", [
        ("STAT_TYPE", 0, "T_FILE, T_DIR, T_DEV or T_PIPE"),
        ("STAT_FSIZE", 4, "size in bytes (files)"),
        ("STAT_INO", 8, "first cluster (files and directories; 0 = the root)"),
        ("STAT_ATTR", 12, "FAT attribute byte"),
        ("STAT_MTIME", 16, "last write time as FAT keeps it: date << 16 | time (date: (year-1980) << 9 | month << 5 | day; time: hour << 11 | minute << 5 | second/2); 0 for pipes and devices"),
    ]),
    ("DIRENT", 28, "getdents(fd, buf, n)", [
        ("DIRENT_FSIZE", 0, "size in bytes"),
        ("DIRENT_TYPE", 4, "T_FILE or T_DIR"),
        ("DIRENT_NAME", 8, "8.3 name as NAME.EXT, NUL-terminated (13 bytes), then padding"),
        ("DIRENT_MTIME", 24, "last write time, as STAT_MTIME"),
    ]),
    ("PROCINFO", 32, "procs(buf, n)", [
        ("PROCINFO_PID", 0, "process id"),
        ("PROCINFO_PPID", 4, "parent's process id (0 for init)"),
        ("PROCINFO_STATE", 8, "PROC_* state"),
        ("PROCINFO_MEM", 12, "bytes of user memory"),
        ("PROCINFO_NAME", 16, "program name, NUL-terminated (16 bytes)"),
    ]),
    ("MODSTAT", 64, "modlist(buf, n)", [
        ("MODSTAT_NAME", 0, "module name, NUL-terminated (16 bytes)"),
        ("MODSTAT_BYTES", 16, "bytes of memory it holds"),
        ("MODSTAT_REFS", 20, "references (lsmod's \"Used by\" count)"),
        ("MODSTAT_BASE", 24, "load address"),
        ("MODSTAT_USERS", 28, "names of the modules that depend on it, comma-separated, NUL-terminated (36 bytes, cut short if longer)"),
    ]),
    ("MEMINFO", 16, "meminfo(&meminfo)", [
        ("MEMINFO_PAGES", 0, "pages of RAM the kernel manages"),
        ("MEMINFO_FREE", 4, "of them free"),
        ("MEMINFO_MODPAGES", 8, "pages of the module area (0: the kernel loads no modules)"),
        ("MEMINFO_MODFREE", 12, "of them free"),
    ]),
]

# Limits the user ABI promises.
LIMITS = [
    ("NAME_MAX", 12, "longest file name: 8.3, as NAME.EXT"),
    ("PATH_MAX", 128, "longest path, NUL included"),
    ("ARG_MAX", 1024, "bytes of exec arguments: strings and pointers"),
    ("MAXARG", 32, "most exec arguments"),
    ("NOFILE", 16, "open files per process"),
    ("NPROC", 64, "processes"),
    ("HZ", 100, "timer ticks per second of machine time (a tick is 100,000 instructions)"),
]
