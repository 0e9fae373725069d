/* generated — do not edit: written from isa/ by `python -m isa.gen` */
/* k32/abi.h: the user ABI: system calls, error codes, flags, records, limits */
#ifndef K32_ABI_H
#define K32_ABI_H

/* System-call convention: */
/* A system call puts its number in a5 and up to five arguments in a0..a4, */
/* then executes `syscall`. The result comes back in a0: a non-negative value */
/* on success, or a negated error code (-ENOENT, ...) on failure. Only a0 */
/* changes. */
/* number: a5   arguments: a0, a1, a2, a3, a4   result: a0 */

/* System-call numbers */
#define SYS_exit 1              /* exit(status): end the calling process */
#define SYS_fork 2              /* fork() -> child pid in the parent, 0 in the child */
#define SYS_exec 3              /* exec(path, argv) -> only returns on error */
#define SYS_wait 4              /* wait(pid or -1, &status) -> pid of the child that ended */
#define SYS_kill 5              /* kill(pid) -> 0 */
#define SYS_getpid 6            /* getpid() -> pid */
#define SYS_sbrk 7              /* sbrk(increment) -> previous end of the heap */
#define SYS_sleep 8             /* sleep(ticks) -> 0 */
#define SYS_uptime 9            /* uptime() -> timer ticks since boot */
#define SYS_open 10             /* open(path, flags) -> fd */
#define SYS_close 11            /* close(fd) -> 0 */
#define SYS_read 12             /* read(fd, buf, n) -> bytes read, 0 at end of file */
#define SYS_write 13            /* write(fd, buf, n) -> bytes written */
#define SYS_lseek 14            /* lseek(fd, offset, whence) -> new offset */
#define SYS_fstat 15            /* fstat(fd, &stat) -> 0 */
#define SYS_unlink 16           /* unlink(path) -> 0 */
#define SYS_mkdir 17            /* mkdir(path) -> 0 */
#define SYS_rmdir 18            /* rmdir(path) -> 0 */
#define SYS_chdir 19            /* chdir(path) -> 0 */
#define SYS_dup 20              /* dup(fd) -> new fd */
#define SYS_pipe 21             /* pipe(fds[2]) -> 0 */
#define SYS_getdents 22         /* getdents(fd, buf, n) -> bytes of DIRENT records (0 at the end) */
#define SYS_sync 23             /* sync() -> 0: write every changed disk block back */
#define SYS_poweroff 24         /* poweroff(status): sync, then end the run with that status */
#define SYS_procs 25            /* procs(buf, n) -> number of PROCINFO records written (at most n) */
#define SYS_setintr 26          /* setintr(ignore): 1 = Ctrl-C does not kill the caller; exec resets it to 0 */
#define SYS_service 27          /* service(op, label, buf, n): the microkernel's services (list, kill, restart); -ENOSYS on the monolithic kernel */
#define SYS_modload 28          /* modload(image, size, params, why) -> 0: load the module object at image (params: "name=value ..." or 0); on failure why (MODERR_SIZE bytes, or 0) gets the reason; -ENOSYS unless the kernel loads modules */
#define SYS_modunload 29        /* modunload(name, why) -> 0: run the module's exit and free it; -ENOENT not loaded, -EBUSY in use (why: "in use by NAME"); -ENOSYS unless the kernel loads modules */
#define SYS_modlist 30          /* modlist(buf, n) -> number of MODSTAT records written (at most n), in load order; -ENOSYS unless the kernel loads modules */
#define SYS_meminfo 31          /* meminfo(&meminfo) -> 0: the kernel's page counts (MEMINFO record); -ENOSYS on the microkernel */
#define SYS_time 32             /* time() -> seconds since 1970-01-01 00:00:00 UTC, from the clock driver; -ENODEV when the kernel has no clock driver or no clock is plugged in, -EIO when the clock went away during the call */

/* Error codes (a failing call returns the negated value) */
#define EPERM 1                 /* operation not permitted */
#define ENOENT 2                /* no such file or directory */
#define ESRCH 3                 /* no such process */
#define EINTR 4                 /* interrupted call */
#define EIO 5                   /* input/output error */
#define E2BIG 7                 /* argument list too long */
#define ENOEXEC 8               /* not an executable */
#define EBADF 9                 /* bad file descriptor */
#define ECHILD 10               /* no child processes */
#define EAGAIN 11               /* resource temporarily unavailable */
#define ENOMEM 12               /* out of memory */
#define EFAULT 14               /* bad address */
#define EBUSY 16                /* device or resource busy */
#define EEXIST 17               /* file exists */
#define ENODEV 19               /* no such device */
#define ENOTDIR 20              /* not a directory */
#define EISDIR 21               /* is a directory */
#define EINVAL 22               /* invalid argument */
#define ENFILE 23               /* too many open files in the system */
#define EMFILE 24               /* too many open files */
#define EFBIG 27                /* file too large */
#define ENOSPC 28               /* no space left on device */
#define ESPIPE 29               /* illegal seek */
#define EPIPE 32                /* broken pipe */
#define ENAMETOOLONG 36         /* file name too long */
#define ENOSYS 38               /* function not implemented */
#define ENOTEMPTY 39            /* directory not empty */

/* Flags for open() */
#define O_RDONLY 0x0            /* open for reading */
#define O_WRONLY 0x1            /* open for writing */
#define O_RDWR 0x2              /* open for reading and writing */
#define O_CREAT 0x40            /* create the file if it does not exist */
#define O_TRUNC 0x200           /* truncate to zero length */
#define O_APPEND 0x400          /* writes go to the end of the file */

/* lseek() whence values */
#define SEEK_SET 0              /* from the start of the file */
#define SEEK_CUR 1              /* from the current offset */
#define SEEK_END 2              /* from the end of the file */

/* Exit statuses of processes that did not call exit() */
#define STATUS_INTERRUPTED 130  /* killed by Ctrl-C on the console */
#define STATUS_KILLED 137       /* killed by kill() */
#define STATUS_FAULT 139        /* killed by the kernel for a fault (bad memory access, privileged or illegal instruction) */

/* fstat() types */
#define T_FILE 1                /* regular file */
#define T_DIR 2                 /* directory */
#define T_DEV 3                 /* device (the console) */
#define T_PIPE 4                /* pipe */

/* Process states (procs()) */
#define PROC_UNUSED 0           /* free slot */
#define PROC_EMBRYO 1           /* being created */
#define PROC_SLEEPING 2         /* waiting for an event */
#define PROC_RUNNABLE 3         /* ready to run */
#define PROC_RUNNING 4          /* running */
#define PROC_ZOMBIE 5           /* ended, not yet waited for */

/* STAT records (fstat(fd, &stat)): field offsets and size */
#define STAT_TYPE 0             /* T_FILE, T_DIR, T_DEV or T_PIPE */
#define STAT_FSIZE 4            /* size in bytes (files) */
#define STAT_INO 8              /* first cluster (files and directories; 0 = the root) */
#define STAT_ATTR 12            /* FAT attribute byte */
#define STAT_MTIME 16           /* last write time as FAT keeps it: date << 16 | time (date: (year-1980) << 9 | month << 5 | day; time: hour << 11 | minute << 5 | second/2); 0 for pipes and devices */
#define STAT_SIZE 20            /* bytes in one record */

/* DIRENT records (getdents(fd, buf, n)): field offsets and size */
#define DIRENT_FSIZE 0          /* size in bytes */
#define DIRENT_TYPE 4           /* T_FILE or T_DIR */
#define DIRENT_NAME 8           /* 8.3 name as NAME.EXT, NUL-terminated (13 bytes), then padding */
#define DIRENT_MTIME 24         /* last write time, as STAT_MTIME */
#define DIRENT_SIZE 28          /* bytes in one record */

/* PROCINFO records (procs(buf, n)): field offsets and size */
#define PROCINFO_PID 0          /* process id */
#define PROCINFO_PPID 4         /* parent's process id (0 for init) */
#define PROCINFO_STATE 8        /* PROC_* state */
#define PROCINFO_MEM 12         /* bytes of user memory */
#define PROCINFO_NAME 16        /* program name, NUL-terminated (16 bytes) */
#define PROCINFO_SIZE 32        /* bytes in one record */

/* MODSTAT records (modlist(buf, n)): field offsets and size */
#define MODSTAT_NAME 0          /* module name, NUL-terminated (16 bytes) */
#define MODSTAT_BYTES 16        /* bytes of memory it holds */
#define MODSTAT_REFS 20         /* references (lsmod's "Used by" count) */
#define MODSTAT_BASE 24         /* load address */
#define MODSTAT_USERS 28        /* names of the modules that depend on it, comma-separated, NUL-terminated (36 bytes, cut short if longer) */
#define MODSTAT_SIZE 64         /* bytes in one record */

/* MEMINFO records (meminfo(&meminfo)): field offsets and size */
#define MEMINFO_PAGES 0         /* pages of RAM the kernel manages */
#define MEMINFO_FREE 4          /* of them free */
#define MEMINFO_MODPAGES 8      /* pages of the module area (0: the kernel loads no modules) */
#define MEMINFO_MODFREE 12      /* of them free */
#define MEMINFO_SIZE 16         /* bytes in one record */

/* Limits */
#define NAME_MAX 12             /* longest file name: 8.3, as NAME.EXT */
#define PATH_MAX 128            /* longest path, NUL included */
#define ARG_MAX 1024            /* bytes of exec arguments: strings and pointers */
#define MAXARG 32               /* most exec arguments */
#define NOFILE 16               /* open files per process */
#define NPROC 64                /* processes */
#define HZ 100                  /* timer ticks per second of machine time (a tick is 100,000 instructions) */

/* strerror's messages: X(NAME, "message") for each error code */
#define K32_ERRNO_MESSAGES(X) \
    X(EPERM, "operation not permitted") \
    X(ENOENT, "no such file or directory") \
    X(ESRCH, "no such process") \
    X(EINTR, "interrupted call") \
    X(EIO, "input/output error") \
    X(E2BIG, "argument list too long") \
    X(ENOEXEC, "not an executable") \
    X(EBADF, "bad file descriptor") \
    X(ECHILD, "no child processes") \
    X(EAGAIN, "resource temporarily unavailable") \
    X(ENOMEM, "out of memory") \
    X(EFAULT, "bad address") \
    X(EBUSY, "device or resource busy") \
    X(EEXIST, "file exists") \
    X(ENODEV, "no such device") \
    X(ENOTDIR, "not a directory") \
    X(EISDIR, "is a directory") \
    X(EINVAL, "invalid argument") \
    X(ENFILE, "too many open files in the system") \
    X(EMFILE, "too many open files") \
    X(EFBIG, "file too large") \
    X(ENOSPC, "no space left on device") \
    X(ESPIPE, "illegal seek") \
    X(EPIPE, "broken pipe") \
    X(ENAMETOOLONG, "file name too long") \
    X(ENOSYS, "function not implemented") \
    X(ENOTEMPTY, "directory not empty") \


#endif
