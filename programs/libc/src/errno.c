/* errno.c -- errno: set by a library call that fails. */
#include <errno.h>

int errno;
