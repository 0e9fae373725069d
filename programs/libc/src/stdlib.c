/* stdlib.c -- numbers: strtol and friends, abs, rand, qsort. */
#include <stdlib.h>
#include <stdint.h>
#include <errno.h>

/* --- numbers ---------------------------------------------------------- */

static int digit(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* The magnitude of a number in s; *negative for a '-'; *over when it
   does not fit in 64 bits; *end past the last digit (s when there is none). */
static unsigned long long parse(const char *s, char **end, int base, int *negative, int *over)
{
    const char *p = s;
    unsigned long long v = 0;
    *negative = *over = 0;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    if (*p == '-' || *p == '+')
        *negative = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && digit(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0)
        base = p[0] == '0' ? 8 : 10;
    const char *first = p;
    for (int d; (d = digit(*p)) < base; p++) {
        unsigned long long next = v * base + d;
        if (v > (~0ULL - d) / base)
            *over = 1;
        v = next;
    }
    if (end)
        *end = (char *)(p == first ? s : p);
    return v;
}

static long long signed_range(const char *s, char **end, int base, long long min, long long max)
{
    int negative, over;
    unsigned long long v = parse(s, end, base, &negative, &over);
    if (!negative && (over || v > (unsigned long long)max)) {
        errno = ERANGE;
        return max;
    }
    if (negative && (over || v > (unsigned long long)max + 1)) {
        errno = ERANGE;
        return min;
    }
    return negative ? (long long)-v : (long long)v;
}

static unsigned long long unsigned_range(const char *s, char **end, int base, unsigned long long max)
{
    int negative, over;
    unsigned long long v = parse(s, end, base, &negative, &over);
    if (over || v > max) {
        errno = ERANGE;
        return max;
    }
    return negative ? -v & max : v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
    return (long)signed_range(s, end, base, INT32_MIN, INT32_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
    return signed_range(s, end, base, INT64_MIN, INT64_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
    return (unsigned long)unsigned_range(s, end, base, UINT32_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
    return unsigned_range(s, end, base, UINT64_MAX);
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

static unsigned long long seed = 1;
void srand(unsigned s) { seed = s; }
int rand(void)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)(seed >> 33);
}

/* Shell sort: no recursion, no extra memory. */
void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
    char *a = base;
    for (size_t gap = count / 2; gap; gap /= 2)
        for (size_t i = gap; i < count; i++)
            for (size_t j = i; j >= gap && cmp(a + (j - gap) * size, a + j * size) > 0; j -= gap)
                for (size_t k = 0; k < size; k++) {
                    char t = a[(j - gap) * size + k];
                    a[(j - gap) * size + k] = a[j * size + k];
                    a[j * size + k] = t;
                }
}
