/* unistd.h -- the system calls (--target os).  Each returns what the K32
   call returns, except that a failure is -1 with errno set. */
#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
#include <k32/abi.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
int dup2(int fd, int target);   /* in the library: see docs/c.md */
int pipe(int fds[2]);
pid_t fork(void);
int execv(const char *path, char *const argv[]);
pid_t getpid(void);
void *sbrk(int increment);      /* (void *)-1 and errno ENOMEM on failure */
int unlink(const char *path);
int rmdir(const char *path);
int mkdir(const char *path, ...);   /* a mode argument is ignored */
int chdir(const char *path);
void _exit(int status) __attribute__((noreturn));
#endif
