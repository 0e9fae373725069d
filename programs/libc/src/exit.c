/* exit.c -- atexit, exit, abort (stdlib.h). */
#include <stdlib.h>
#include <unistd.h>

/* --- exit ------------------------------------------------------------- */

#define ATEXIT_MAX 8
static void (*at_exit[ATEXIT_MAX])(void);
static int at_exit_count;

int atexit(void (*function)(void))
{
    if (at_exit_count == ATEXIT_MAX)
        return -1;
    at_exit[at_exit_count++] = function;
    return 0;
}

extern void __stdio_exit(void) __attribute__((weak));

void exit(int status)
{
    while (at_exit_count)
        at_exit[--at_exit_count]();
    if (__stdio_exit)
        __stdio_exit();
    _exit(status);
}

void abort(void)
{
    _exit(134);
}
