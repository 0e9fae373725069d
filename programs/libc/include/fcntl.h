/* fcntl.h -- open() and its flags (O_RDONLY ... from k32/abi.h). */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include <k32/abi.h>
/* open(path, flags[, mode]): the mode is accepted and ignored (FAT16 has
   no permissions).  -> fd, or -1 and errno. */
int open(const char *path, int flags, ...);
#endif
