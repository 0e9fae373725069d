/* heap.c -- TEST ONLY (tests/test_cc.py): malloc, free, calloc, realloc
   and the string functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>

int main(void)
{
    char *a = malloc(100), *b = malloc(100);
    printf("distinct %d aligned %d\n", a != b && a && b, !(((uintptr_t)a | (uintptr_t)b) & 7));
    memset(a, 0x55, 100);
    memset(b, 0xAA, 100);
    printf("intact %x %x\n", (unsigned char)a[99], (unsigned char)b[0]);
    free(a);
    char *c = malloc(100);
    printf("reuse %d\n", c == a);
    free(b);
    free(c);
    free(NULL);
    char *big = malloc(16000);
    printf("coalesced %d\n", big == a);
    free(big);
    void *blocks[64];
    for (int i = 0; i < 64; i++)
        blocks[i] = malloc(24 + i);
    for (int i = 0; i < 64; i += 2)
        free(blocks[i]);
    for (int i = 1; i < 64; i += 2)
        free(blocks[i]);
    big = malloc(16000);
    printf("fragments merged %d\n", big == a);
    free(big);
    int *z = calloc(1000, sizeof(int));
    int zeros = 1;
    for (int i = 0; i < 1000; i++)
        zeros &= z[i] == 0;
    printf("calloc zeroed %d\n", zeros);
    for (int i = 0; i < 1000; i++)
        z[i] = i;
    z = realloc(z, 100000 * sizeof(int));
    int kept = 1;
    for (int i = 0; i < 1000; i++)
        kept &= z[i] == i;
    printf("realloc kept %d\n", kept);
    free(z);
    errno = 0;
    void *huge = malloc(0x7fffff00);
    printf("huge %d errno %d\n", huge == NULL, errno == ENOMEM);
    printf("overflow %d\n", calloc(0x10000, 0x10000) == NULL);
    char s[32];
    strcpy(s, "hello");
    strcat(s, ", world");
    printf("%s %d %d %d\n", s, (int)strlen(s), strcmp(s, "hello") > 0, strncmp(s, "help", 3));
    printf("%s|%s|%s\n", strchr(s, 'o'), strrchr(s, 'o'), strstr(s, "wor"));
    memmove(s + 2, s, 5);
    printf("%s\n", s);
    char *d = strdup("dup");
    printf("%s %d\n", d, memcmp(d, "dux", 2));
    char text[] = "a,b,,c";
    for (char *t = strtok(text, ","); t; t = strtok(NULL, ","))
        printf("<%s>", t);
    printf("\n");
    char *end;
    printf("%ld %ld %ld %lu %d\n", strtol("  -42x", &end, 10), strtol("0x1f", NULL, 0),
           strtol("017", NULL, 0), strtoul("ffffffff", NULL, 16), atoi("123"));
    errno = 0;
    long r = strtol("99999999999", NULL, 10);
    printf("range %ld %d rest [%s]\n", r, errno == ERANGE, end);
    return 0;
}
