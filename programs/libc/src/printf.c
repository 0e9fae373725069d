/* printf.c -- the printf family.
   Conversions: %d %i %u %x %X %o %s %c %p %%, flags - 0 + space #, a
   width and a precision (numbers or *), lengths hh h l ll z j t.  No
   floating point. */
#include "stdio_impl.h"
#include <stdint.h>
#include <string.h>
#include <errno.h>

/* --- formatting ------------------------------------------------------- */

struct sink {
    FILE *file;                 /* a stream, or */
    char *buf;                  /* a buffer of cap bytes (snprintf) */
    size_t cap;
    size_t count;               /* bytes produced (returned) */
};

static void emit(struct sink *s, const char *p, size_t n)
{
    if (s->file)
        __stdio_put(s->file, p, n);
    else if (s->count < s->cap) {
        size_t room = s->cap - s->count;
        memcpy(s->buf + s->count, p, n < room ? n : room);
    }
    s->count += n;
}

static void pad(struct sink *s, char c, int n)
{
    char chunk[16];
    memset(chunk, c, sizeof chunk);
    for (; n > 0; n -= sizeof chunk)
        emit(s, chunk, n < (int)sizeof chunk ? (size_t)n : sizeof chunk);
}

/* Digits of v in base (16: lower or upper case), written backwards from end. */
static char *digits(char *end, unsigned long long v, unsigned base, int upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    if ((v >> 32) == 0) {       /* 32-bit division when it fits */
        uint32_t w = (uint32_t)v;
        do
            *--end = set[w % base];
        while (w /= base);
        return end;
    }
    do
        *--end = set[v % base];
    while (v /= base);
    return end;
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
    while (*fmt) {
        if (*fmt != '%') {
            const char *start = fmt;
            while (*fmt && *fmt != '%')
                fmt++;
            emit(s, start, fmt - start);
            continue;
        }
        const char *spec = fmt++;
        int left = 0, zero = 0, plus = 0, space = 0, alt = 0;
        for (;; fmt++) {
            if (*fmt == '-') left = 1;
            else if (*fmt == '0') zero = 1;
            else if (*fmt == '+') plus = 1;
            else if (*fmt == ' ') space = 1;
            else if (*fmt == '#') alt = 1;
            else break;
        }
        int width = 0, prec = -1;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = 1;
                width = -width;
            }
            fmt++;
        } else
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
        }
        int size = 0;           /* -2 hh, -1 h, 0 int, 1 long, 2 long long */
        for (;; fmt++) {
            if (*fmt == 'h') size--;
            else if (*fmt == 'l') size++;
            else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') size = *fmt == 'j' ? 2 : 1;
            else break;
        }
        char conv = *fmt;
        if (conv)
            fmt++;
        char buf[32], *end = buf + sizeof buf, *p;
        const char *prefix = "";
        unsigned long long v;
        int negative = 0;
        switch (conv) {
        case '%':
            emit(s, "%", 1);
            continue;
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            if (!left) pad(s, ' ', width - 1);
            emit(s, buf, 1);
            if (left) pad(s, ' ', width - 1);
            continue;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = prec < 0 || prec >= 6 ? "(null)" : "";
            size_t n = prec < 0 ? strlen(str) : strnlen(str, prec);
            if (!left) pad(s, ' ', width - (int)n);
            emit(s, str, n);
            if (left) pad(s, ' ', width - (int)n);
            continue;
        }
        case 'd': case 'i': {
            long long x = size >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
            if (size == -1) x = (short)x;
            if (size <= -2) x = (signed char)x;
            negative = x < 0;
            v = negative ? -(unsigned long long)x : (unsigned long long)x;
            prefix = negative ? "-" : plus ? "+" : space ? " " : "";
            p = digits(end, v, 10, 0);
            break;
        }
        case 'u': case 'x': case 'X': case 'o': case 'p':
            if (conv == 'p') {
                v = (uintptr_t)va_arg(ap, void *);
                if (!v) {
                    p = "(nil)";
                    end = p + 5;
                    prec = -1;
                    zero = 0;
                    break;
                }
                alt = 1;
            } else
                v = size >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            if (size == -1) v = (unsigned short)v;
            if (size <= -2) v = (unsigned char)v;
            p = digits(end, v, conv == 'u' ? 10 : conv == 'o' ? 8 : 16, conv == 'X');
            if (alt && v && (conv == 'x' || conv == 'p')) prefix = "0x";
            if (alt && v && conv == 'X') prefix = "0X";
            if (alt && conv == 'o' && *p != '0' && prec <= end - p) prefix = "0";
            break;
        default:                /* unknown: print it as it was written */
            emit(s, spec, fmt - spec);
            continue;
        }
        int ndigits = end - p;
        if (prec == 0 && v == 0 && conv != 'p') /* "%.0d" of 0: no digits */
            ndigits = 0;
        int zeros = prec > ndigits ? prec - ndigits : 0;
        int plen = strlen(prefix), total = plen + zeros + ndigits;
        if (zero && !left && prec < 0 && width > total) {
            zeros += width - total;
            total = width;
        }
        if (!left) pad(s, ' ', width - total);
        emit(s, prefix, plen);
        pad(s, '0', zeros);
        emit(s, p, ndigits);
        if (left) pad(s, ' ', width - total);
    }
    return (int)s->count;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    struct sink s = { .file = f };
    int n = format(&s, fmt, ap);
    __stdio_done(f);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int vsnprintf(char *restrict buf, size_t n, const char *restrict fmt, va_list ap)
{
    struct sink s = { .buf = buf, .cap = n ? n - 1 : 0 };
    int count = format(&s, fmt, ap);
    if (n)
        buf[count < (int)(n - 1) ? count : (int)(n - 1)] = 0;
    return count;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
    return vsnprintf(buf, (size_t)INT32_MAX, fmt, ap);
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
    FILE f = { .fd = fd, .flags = F_EACH };
    return vfprintf(&f, fmt, ap);
}

#define VARIADIC(call) { va_list ap; va_start(ap, fmt); int n = call; va_end(ap); return n; }
int printf(const char *restrict fmt, ...) VARIADIC(vfprintf(stdout, fmt, ap))
int fprintf(FILE *restrict f, const char *restrict fmt, ...) VARIADIC(vfprintf(f, fmt, ap))
int dprintf(int fd, const char *restrict fmt, ...) VARIADIC(vdprintf(fd, fmt, ap))
int sprintf(char *restrict buf, const char *restrict fmt, ...) VARIADIC(vsprintf(buf, fmt, ap))
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    VARIADIC(vsnprintf(buf, size, fmt, ap))

void perror(const char *prefix)
{
    if (prefix && *prefix)
        fprintf(stderr, "%s: %s\n", prefix, strerror(errno));
    else
        fprintf(stderr, "%s\n", strerror(errno));
}
