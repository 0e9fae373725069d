/* sys.c -- TEST ONLY (tests/test_cc.py): the system calls of unistd.h on
   a real kernel (k32 boot, both kernels): files, errno, pipe, fork, wait,
   execv, dup and the library's dup2. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <k32.h>

int main(int argc, char **argv)
{
    if (argc > 1) {             /* exec'ed by the test below */
        printf("child argv %s %s\n", argv[1], argc > 2 ? argv[2] : "-");
        return 7;
    }
    int fd = open("/NOFILE", O_RDONLY);
    printf("open missing %d errno %d %s\n", fd, errno, strerror(errno));
    printf("close bad %d errno %d\n", close(9), errno == EBADF);
    fd = open("/CT.TXT", O_CREAT | O_WRONLY | O_TRUNC);
    printf("write %d\n", (int)write(fd, "0123456789", 10));
    close(fd);
    fd = open("/CT.TXT", O_RDONLY);
    char buf[32] = { 0 };
    printf("lseek %d ", (int)lseek(fd, 4, SEEK_SET));
    printf("read %d [%s]\n", (int)read(fd, buf, sizeof buf - 1), buf);
    struct k32_stat st;
    printf("fstat %d type %d size %u\n", fstat(fd, &st), st.type, st.size);
    /* dup2 onto a free descriptor and onto an open one */
    int saved = dup(1);
    printf("dup2 %d\n", dup2(fd, 5) == 5);
    lseek(5, 0, SEEK_SET);
    memset(buf, 0, sizeof buf);
    read(5, buf, 3);
    printf("through 5 [%s]\n", buf);
    fflush(stdout);
    int p[2];
    pipe(p);
    printf("dup2 over stdout %d\n", dup2(p[1], 1) == 1);
    fflush(stdout);             /* goes into the pipe */
    dup2(saved, 1);
    close(p[1]);
    memset(buf, 0, sizeof buf);
    read(p[0], buf, sizeof buf - 1);
    printf("from the pipe [%s]", buf);
    printf("dup2 bad %d errno %d\n", dup2(12, 3), errno == EBADF);
    close(p[0]);
    close(5);
    close(fd);
    printf("unlink %d again %d errno %d\n", unlink("/CT.TXT"), unlink("/CT.TXT"), errno);
    printf("mkdir %d chdir %d ", mkdir("/CTD"), chdir("/CTD"));
    printf("rmdir busy-or-ok %d\n", chdir("/") == 0 && rmdir("/CTD") == 0);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        char *args[] = { "csys", "one", "two", NULL };
        execv("/BIN/CSYS", args);
        printf("execv failed %d\n", errno);
        exit(1);
    }
    int status = -1;
    pid_t got = wait(&status);
    printf("wait %d status %d\n", got == child, WEXITSTATUS(status));
    printf("getpid %d\n", getpid() > 0);
    printf("execv missing %d errno %d\n", execv("/NOPE", argv), errno);
    return 0;
}
