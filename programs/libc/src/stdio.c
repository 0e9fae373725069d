/* stdio.c -- the three streams, their buffers, and output (stdio.h).
   stdout is line-buffered; stderr is written at the end of every call. */
#include "stdio_impl.h"
#include <string.h>
#include <unistd.h>

static FILE files[3] = { { .fd = 0 }, { .fd = 1, .flags = F_LINE }, { .fd = 2, .flags = F_EACH } };
FILE *const stdin = &files[0], *const stdout = &files[1], *const stderr = &files[2];

static int flush(FILE *f)
{
    int done = 0;
    while (done < f->len) {
        int n = write(f->fd, f->buf + done, f->len - done);
        if (n <= 0) {
            f->flags |= F_ERR;
            f->len = 0;
            return EOF;
        }
        done += n;
    }
    f->len = 0;
    return 0;
}

int fflush(FILE *f)
{
    if (f)
        return f->len ? flush(f) : 0;
    int result = 0;
    for (int i = 0; i < 3; i++)
        if (files[i].len && flush(&files[i]))
            result = EOF;
    return result;
}

/* Called by exit() (a weak reference there: only programs that use stdio
   link this file). */
void __stdio_exit(void)
{
    fflush(NULL);
}

void __stdio_put(FILE *f, const char *s, size_t n)
{
    while (n) {
        if (f->len == BUFSIZ)
            flush(f);
        size_t room = BUFSIZ - f->len, take = n < room ? n : room;
        memcpy(f->buf + f->len, s, take);
        f->len += take;
        if ((f->flags & F_LINE) && memchr(s, '\n', take))
            flush(f);
        s += take;
        n -= take;
    }
}

void __stdio_done(FILE *f)
{
    if ((f->flags & F_EACH) && f->len)
        flush(f);
}

/* --- output (the printf family: printf.c) ----------------------------------------------------------- */

size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *restrict f)
{
    __stdio_put(f, p, size * count);
    __stdio_done(f);
    return f->flags & F_ERR ? 0 : count;
}

int fputc(int c, FILE *f)
{
    char byte = (char)c;
    __stdio_put(f, &byte, 1);
    __stdio_done(f);
    return f->flags & F_ERR ? EOF : (unsigned char)c;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *restrict str, FILE *restrict f)
{
    __stdio_put(f, str, strlen(str));
    __stdio_done(f);
    return f->flags & F_ERR ? EOF : 0;
}

int puts(const char *str)
{
    __stdio_put(stdout, str, strlen(str));
    __stdio_put(stdout, "\n", 1);
    return stdout->flags & F_ERR ? EOF : 0;
}

int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
int fileno(FILE *f) { return f->fd; }
