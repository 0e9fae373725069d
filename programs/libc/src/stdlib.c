/* stdlib.c -- malloc and friends, numbers, exit. */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

/* --- malloc: a first-fit free list, sorted by address, on sbrk --------
   Every block starts with a header giving its size (header included, a
   multiple of 8); a free block also links to the next free one.  free()
   puts a block back in address order and merges it with free neighbours;
   the heap grows by at least HEAP_CHUNK bytes at a time. */

#define HEAP_CHUNK 16384
#define ALIGN 8

struct block {
    size_t size;
    struct block *next;         /* free blocks only */
};
#define HEADER ALIGN            /* the size word, padded to the alignment */

static struct block *free_list;

static void insert_free(struct block *b)
{
    struct block **link = &free_list, *prev = NULL;
    while (*link && *link < b) {
        prev = *link;
        link = &(*link)->next;
    }
    b->next = *link;
    *link = b;
    if (b->next && (char *)b + b->size == (char *)b->next) {
        b->size += b->next->size;
        b->next = b->next->next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    }
}

static int grow(size_t need)
{
    size_t n = need < HEAP_CHUNK ? HEAP_CHUNK : need;
    char *top = sbrk(0);
    if (top == (char *)-1)
        return 0;
    size_t skew = (-(uintptr_t)top) & (ALIGN - 1);     /* keep blocks aligned */
    if (n > INT32_MAX - skew)
        return 0;
    char *p = sbrk((int)(n + skew));
    if (p == (char *)-1)
        return 0;
    struct block *b = (struct block *)(p + skew);
    b->size = n;
    insert_free(b);
    return 1;
}

void *malloc(size_t n)
{
    if (n > INT32_MAX - 2 * ALIGN) {
        errno = ENOMEM;
        return NULL;
    }
    size_t need = (n + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (need < sizeof(struct block))
        need = sizeof(struct block);
    for (int tries = 0; tries < 2; tries++) {
        for (struct block **link = &free_list; *link; link = &(*link)->next) {
            struct block *b = *link;
            if (b->size < need)
                continue;
            if (b->size - need >= 2 * ALIGN) {          /* split: keep the tail free */
                struct block *rest = (struct block *)((char *)b + need);
                rest->size = b->size - need;
                rest->next = b->next;
                *link = rest;
                b->size = need;
            } else
                *link = b->next;
            return (char *)b + HEADER;
        }
        if (!grow(need)) {
            errno = ENOMEM;
            return NULL;
        }
    }
    errno = ENOMEM;
    return NULL;
}

void free(void *p)
{
    if (p)
        insert_free((struct block *)((char *)p - HEADER));
}

void *calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(count * size);
    return p ? memset(p, 0, count * size) : NULL;
}

void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (!n) {
        free(p);
        return NULL;
    }
    size_t have = ((struct block *)((char *)p - HEADER))->size - HEADER;
    if (n <= have)
        return p;
    void *q = malloc(n);
    if (q) {
        memcpy(q, p, have);
        free(p);
    }
    return q;
}

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
