/* k32.h -- K32's own system calls, with the records they fill in (layouts
   from k32/abi.h).  Failures: -1 and errno, as in unistd.h. */
#ifndef _K32_H
#define _K32_H
#include <k32/abi.h>
#include <sys/types.h>

struct k32_stat {               /* fstat: STAT_* */
    int type;                   /* T_FILE T_DIR T_DEV T_PIPE */
    unsigned size;              /* bytes (files) */
    unsigned ino;               /* first cluster */
    unsigned attr;              /* FAT attribute byte */
    unsigned mtime;             /* last write, as FAT keeps it: date << 16 | time */
};
struct k32_dirent {             /* getdents: DIRENT_* */
    unsigned size;
    int type;                   /* T_FILE or T_DIR */
    char name[DIRENT_MTIME - DIRENT_NAME];  /* NAME.EXT, NUL-terminated */
    unsigned mtime;             /* last write, as STAT_MTIME */
};
struct k32_procinfo {           /* procs: PROCINFO_* */
    int pid, ppid, state;
    unsigned mem;
    char name[PROCINFO_SIZE - PROCINFO_NAME];
};
_Static_assert(sizeof(struct k32_stat) == STAT_SIZE && __builtin_offsetof(struct k32_stat, size) == STAT_FSIZE
               && __builtin_offsetof(struct k32_stat, ino) == STAT_INO
               && __builtin_offsetof(struct k32_stat, attr) == STAT_ATTR
               && __builtin_offsetof(struct k32_stat, mtime) == STAT_MTIME, "STAT layout");
_Static_assert(sizeof(struct k32_dirent) == DIRENT_SIZE && __builtin_offsetof(struct k32_dirent, type) == DIRENT_TYPE
               && __builtin_offsetof(struct k32_dirent, name) == DIRENT_NAME
               && __builtin_offsetof(struct k32_dirent, mtime) == DIRENT_MTIME, "DIRENT layout");
_Static_assert(sizeof(struct k32_procinfo) == PROCINFO_SIZE && __builtin_offsetof(struct k32_procinfo, mem) == PROCINFO_MEM
               && __builtin_offsetof(struct k32_procinfo, name) == PROCINFO_NAME, "PROCINFO layout");

int fstat(int fd, struct k32_stat *st);
int getdents(int fd, struct k32_dirent *buf, size_t bytes);  /* -> bytes of records, 0 at the end */
int kill(pid_t pid);
int sleep(unsigned ticks);      /* timer ticks (HZ a second), not seconds */
int uptime(void);               /* ticks since boot */
int sync(void);
int poweroff(int status);
int procs(struct k32_procinfo *buf, int n);
int setintr(int ignore);
int k32_exec(const char *path, char *const argv[]);          /* = execv */
#endif
