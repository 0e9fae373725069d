/* sys/wait.h -- wait and waitpid.  K32 reports a child's exit status as it
   is (0-255; 130 Ctrl-C, 137 killed, 139 fault: STATUS_* in k32/abi.h), so
   WEXITSTATUS(s) is s itself and WIFEXITED is always true. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <sys/types.h>
#define WEXITSTATUS(s) ((s) & 0xff)
#define WIFEXITED(s)   1
pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);   /* options: must be 0 */
#endif
