/* Variable arguments (GCC's stdarg.h): a small printf, with int,
   unsigned, 64-bit, string and character arguments. */
#include <stdarg.h>
#include "k32io.h"

static int written;

static void out(int c)
{
    k32_putc(c);
    written++;
}

static void print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            out(*p);
            continue;
        }
        switch (*++p) {
        case 'd': put_i(va_arg(ap, int)); written += 1; break;
        case 'u': put_u(va_arg(ap, unsigned)); written += 2; break;
        case 'x': put_x(va_arg(ap, unsigned)); written += 8; break;
        case 'L': put_x64(va_arg(ap, unsigned long long)); written += 16; break;
        case 's': for (const char *s = va_arg(ap, const char *); *s; s++) out(*s); break;
        case 'c': out(va_arg(ap, int)); break;
        case '%': out('%'); break;
        default: out('?'); break;
        }
    }
    va_end(ap);
}

static int sum(int n, ...)
{
    va_list ap;
    int total = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        total += va_arg(ap, int);
    va_end(ap);
    return total;
}

static int64_t sum64(int n, ...)
{
    va_list ap, copy;
    int64_t total = 0;
    va_start(ap, n);
    va_copy(copy, ap);
    for (int i = 0; i < n; i++)
        total += va_arg(ap, int64_t);
    for (int i = 0; i < n; i++)
        total += va_arg(copy, int64_t) >> 1;
    va_end(copy);
    va_end(ap);
    return total;
}

int main(void)
{
    print("plain line\n");
    print("%d %d %u %x\n", 42, -42, 4000000000u, 0xdeadbeefu);
    print("%s=%c%c %% %q\n", "chars", 'o', 'k');
    print("%L %d %L\n", 0x0123456789abcdefULL, 7, (unsigned long long)-2);
    print("%d %d %d %d %d %d %d %d\n", 1, 2, 3, 4, 5, 6, 7, 8);
    show("sum", sum(5, 10, 20, 30, 40, 50));
    show("sum0", sum(0));
    show64("sum64", (uint64_t)sum64(3, 1LL << 40, -5LL, 0x100000000LL));
    show("written", written);
    return 0;
}
