/* stdio.h -- streams on file descriptors, formatted output.
   stdout is line-buffered (flushed at '\n', when full, before stdin is
   read and at exit); stderr is written at the end of every call. */
#ifndef _STDIO_H
#define _STDIO_H
#include <stddef.h>
#include <stdarg.h>

#define EOF (-1)
#define BUFSIZ 512

typedef struct FILE FILE;
extern FILE *const stdin, *const stdout, *const stderr;

int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int dprintf(int fd, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char *restrict buf, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *restrict buf, size_t n, const char *restrict fmt, ...) __attribute__((format(printf, 3, 4)));
int vprintf(const char *restrict fmt, va_list ap);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap);
int vdprintf(int fd, const char *restrict fmt, va_list ap);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int vsnprintf(char *restrict buf, size_t n, const char *restrict fmt, va_list ap);
int putchar(int c);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int puts(const char *s);
int fputs(const char *restrict s, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *restrict f);
int getchar(void);
int fgetc(FILE *f);
int getc(FILE *f);
char *fgets(char *restrict buf, int n, FILE *restrict f);
size_t fread(void *restrict p, size_t size, size_t count, FILE *restrict f);
int fflush(FILE *f);            /* f = NULL: every stream */
int feof(FILE *f);
int ferror(FILE *f);
int fileno(FILE *f);
void perror(const char *prefix);   /* "prefix: message of errno" on stderr */
#endif
