/* malloc.c -- malloc, free, calloc, realloc (stdlib.h); strdup (string.h). */
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

char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    return copy ? memcpy(copy, s, n) : NULL;
}
