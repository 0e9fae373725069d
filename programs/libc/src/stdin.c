/* stdin.c -- input from streams (stdio.h). */
#include "stdio_impl.h"
#include <string.h>
#include <unistd.h>

static int refill(FILE *f)
{
    if (f->flags & (F_EOF | F_ERR))
        return 0;
    fflush(stdout);             /* a prompt shows before the program waits */
    int n = read(f->fd, f->buf, BUFSIZ);
    if (n <= 0) {
        f->flags |= n ? F_ERR : F_EOF;
        return 0;
    }
    f->pos = 0;
    f->end = n;
    return n;
}

int fgetc(FILE *f)
{
    if (f->pos == f->end && !refill(f))
        return EOF;
    return f->buf[f->pos++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

char *fgets(char *restrict buf, int n, FILE *restrict f)
{
    int i = 0;
    while (i < n - 1) {
        int c = fgetc(f);
        if (c == EOF)
            break;
        buf[i++] = (char)c;
        if (c == '\n')
            break;
    }
    if (i == 0 || n <= 0)
        return NULL;
    buf[i] = 0;
    return buf;
}

size_t fread(void *restrict p, size_t size, size_t count, FILE *restrict f)
{
    unsigned char *d = p;
    size_t want = size * count, got = 0;
    while (got < want) {
        if (f->pos == f->end && !refill(f))
            break;
        size_t take = f->end - f->pos < (int)(want - got) ? (size_t)(f->end - f->pos) : want - got;
        memcpy(d + got, f->buf + f->pos, take);
        f->pos += take;
        got += take;
    }
    return size ? got / size : 0;
}
