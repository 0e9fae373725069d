/* printf.c -- TEST ONLY (tests/test_cc.py): the same formats through
   K32's libc (k32 cc --target bare) and the host's printf (gcc); the two
   outputs must be equal.  Only what both agree on: no %p, longs in 32 bits. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[64];
    int ints[] = { 0, 1, -1, 7, -7, 42, 123456, -123456, 2147483647, -2147483647 - 1 };
    const char *int_formats[] = { "[%d]", "[%i]", "[%5d]", "[%-5d]", "[%05d]", "[%+d]", "[% d]",
                                  "[%.3d]", "[%8.3d]", "[%-8.3d]", "[%.0d]", "[%x]", "[%X]",
                                  "[%#x]", "[%08X]", "[%o]", "[%#o]", "[%u]", "[%12u]", "[%-+6d]",
                                  "[%hd]", "[%hhd]", "[%hu]", "[%hhx]" };
    for (unsigned i = 0; i < sizeof int_formats / sizeof *int_formats; i++) {
        for (unsigned j = 0; j < sizeof ints / sizeof *ints; j++)
            printf(int_formats[i], ints[j]);
        printf("\n");
    }
    for (unsigned j = 0; j < sizeof ints / sizeof *ints; j++)      /* long: 32 bits here */
        printf("[%ld][%lu][%lx][%zu]", (long)ints[j], (long)(unsigned)ints[j],
               (long)(unsigned)ints[j], (size_t)(unsigned)ints[j]);
    printf("\n");
    long long longs[] = { 0, 1, -1, 4294967296LL, -4294967297LL, 9223372036854775807LL,
                          -9223372036854775807LL - 1, 1000000000000LL };
    const char *long_formats[] = { "[%lld]", "[%llu]", "[%llx]", "[%20lld]", "[%-20lld]",
                                   "[%020lld]", "[%llX]", "[%#llo]" };
    for (unsigned i = 0; i < sizeof long_formats / sizeof *long_formats; i++) {
        for (unsigned j = 0; j < sizeof longs / sizeof *longs; j++)
            printf(long_formats[i], longs[j]);
        printf("\n");
    }
    const char *strings[] = { "", "a", "abc", "hello world" };
    const char *string_formats[] = { "[%s]", "[%5s]", "[%-5s]", "[%.2s]", "[%8.3s]", "[%-8.3s]",
                                     "[%.0s]" };
    for (unsigned i = 0; i < sizeof string_formats / sizeof *string_formats; i++) {
        for (unsigned j = 0; j < sizeof strings / sizeof *strings; j++)
            printf(string_formats[i], strings[j]);
        printf("\n");
    }
    printf("[%c][%3c][%-3c][%%][%5%]\n", 'x', 'y', 'z');
    printf("[%*d][%-*d][%.*d][%*.*s]\n", 6, 42, 6, 42, 4, 7, 5, 2, "abcdef");
    int n = snprintf(buf, 8, "%s-%d", "abcdef", 12345);
    printf("snprintf %d [%s]\n", n, buf);
    n = snprintf(buf, 0, "%d", 123);
    printf("snprintf0 %d\n", n);
    n = sprintf(buf, "%05d|%x", -42, 255);
    printf("sprintf %d [%s] %d\n", n, buf, (int)strlen(buf));
    n = printf("%s", "count\n");
    printf("printf returned %d\n", n);
    fprintf(stdout, "fprintf %d %s\n", 1, "two");
    puts("puts");
    putchar('!');
    putchar('\n');
    fputs("fputs\n", stdout);
    return 0;
}
