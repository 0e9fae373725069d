/* sys/types.h -- the integer types of the system interface (ilp32e). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <stddef.h>
typedef int ssize_t;
typedef int off_t;
typedef int pid_t;
typedef unsigned mode_t;
#endif
