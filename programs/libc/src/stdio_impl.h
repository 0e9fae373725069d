/* stdio_impl.h -- what the parts of stdio share (not a public header). */
#ifndef _STDIO_IMPL_H
#define _STDIO_IMPL_H
#include <stdio.h>

#define F_LINE 1                /* flush at '\n' (stdout) */
#define F_EACH 2                /* flush at the end of every call (stderr) */
#define F_EOF 4
#define F_ERR 8

struct FILE {
    int fd;
    int flags;
    int len;                    /* output bytes waiting in buf */
    int pos, end;               /* input: buf[pos..end) not yet taken */
    unsigned char buf[BUFSIZ];
};

void __stdio_put(FILE *f, const char *s, size_t n);  /* into the buffer, flushing as the stream says */
void __stdio_done(FILE *f);                          /* the end of a call: stderr is written */
#endif
