/* k32io.h -- output for the C corpus, the same on K32 and on the host.
   k32_putc is rt.s on K32 and host_rt.c on the host; everything else is
   here, written with 32-bit division only (the 64-bit helpers __udivdi3
   and friends come with the C library, not with these tests). */
#ifndef K32IO_H
#define K32IO_H
#include <stdint.h>

void k32_putc(int c);

static void put_s(const char *s)
{
    while (*s)
        k32_putc(*s++);
}

static void put_u(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        k32_putc(buf[--n]);
}

static void put_i(int32_t v)
{
    if (v < 0) {
        k32_putc('-');
        put_u(0u - (uint32_t)v);
    } else {
        put_u((uint32_t)v);
    }
}

static void put_x(uint32_t v)
{
    for (int shift = 28; shift >= 0; shift -= 4)
        k32_putc("0123456789abcdef"[(v >> shift) & 15]);
}

static void put_x64(uint64_t v)
{
    put_x((uint32_t)(v >> 32));
    put_x((uint32_t)v);
}

/* "name=value\n" */
static void show(const char *name, int32_t v)
{
    put_s(name);
    k32_putc('=');
    put_i(v);
    k32_putc('\n');
}

static void show64(const char *name, uint64_t v)
{
    put_s(name);
    k32_putc('=');
    put_x64(v);
    k32_putc('\n');
}
#endif
