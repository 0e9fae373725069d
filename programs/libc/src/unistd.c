/* unistd.c -- the POSIX calls that K32 does not have as they are. */
#include <unistd.h>
#include <sys/wait.h>
#include <errno.h>
#include <k32.h>

int k32_wait(pid_t pid, int *status);   /* sys_os.s: the system call */

pid_t wait(int *status) { return k32_wait(-1, status); }

pid_t waitpid(pid_t pid, int *status, int options)
{
    if (options) {
        errno = EINVAL;
        return -1;
    }
    return k32_wait(pid, status);
}

/* dup2: K32 has dup (lowest free descriptor) but no dup2.  Close target,
   then dup fd until the copy lands on target -- it must, since target is
   now the lowest free one or above every lower free one -- and close the
   copies that landed below it.  Not atomic: another thread could take
   target in between, but K32 processes have one thread. */
int dup2(int fd, int target)
{
    struct k32_stat st;
    if (fstat(fd, &st) < 0)
        return -1;
    if (target < 0 || target >= NOFILE) {
        errno = EBADF;
        return -1;
    }
    if (fd == target)
        return target;
    int saved = errno;
    close(target);              /* may not have been open */
    errno = saved;
    int extras[NOFILE], count = 0, got;
    while ((got = dup(fd)) >= 0 && got != target)
        extras[count++] = got;
    saved = errno;
    while (count)
        close(extras[--count]);
    errno = saved;
    return got < 0 ? -1 : target;
}
