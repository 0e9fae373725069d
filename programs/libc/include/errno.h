/* errno.h -- error codes (the K32 ABI's, k32/abi.h) and errno.
   A library call that fails returns -1 (or NULL) and sets errno to the
   positive code the system call returned negated. */
#ifndef _ERRNO_H
#define _ERRNO_H
#include <k32/abi.h>

/* Codes of the C library only (no system call returns them). */
#define EDOM   33     /* argument out of domain */
#define ERANGE 34     /* result out of range (strtol) */

extern int errno;
#endif
