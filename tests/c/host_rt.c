/* host_rt.c -- k32_putc for the native build of the C corpus. */
#include <stdio.h>

void k32_putc(int c)
{
    putchar(c);
}
