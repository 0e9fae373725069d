/* wc [-lwc] [FILES...] -- count lines, words and bytes of each file ("-"
   or none: standard input), with a "total" line for several files.  The
   C twin of programs/bin/wc.s, with the same output (coreutils'): the
   counts right-aligned in a common width (the digits of the total size of
   the regular files, at least 7 when an input is not a regular file, 1
   for a single count of a single input), joined by spaces, then the name.

   k32 cc -O2 programs/c/wc.c -o wc.kx */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <k32.h>

enum { LINES = 1, WORDS = 2, BYTES = 4 };

static int which;               /* the counts to print */
static int width;

static int open_input(const char *name)
{
    return strcmp(name, "-") ? open(name, O_RDONLY) : 0;
}

static void report(const char *name, int code)
{
    fprintf(stderr, "wc: %s: %s\n", name, strerror(code));
}

static int digits(unsigned n)
{
    int d = 1;
    for (; n >= 10; n /= 10)
        d++;
    return d;
}

static int count_width(int n, char **names)
{
    if (n == 1 && !(which & (which - 1)))
        return 1;
    unsigned total = 0;
    int least = 1;
    for (int i = 0; i < n; i++) {
        int fd = open_input(names[i]);
        if (fd < 0) {
            if (i == 0)
                return 1;
            continue;
        }
        struct k32_stat st;
        if (fstat(fd, &st) == 0) {
            if (st.type == T_FILE)
                total += st.size;
            else
                least = 7;
        }
        if (fd)
            close(fd);
    }
    int d = digits(total);
    return d > least ? d : least;
}

static void print(const char *name, const unsigned counts[3])
{
    const char *sep = "";
    for (int i = 0; i < 3; i++)
        if (which & (1 << i)) {
            printf("%s%*u", sep, width, counts[i]);
            sep = " ";
        }
    if (name)
        printf(" %s", name);
    printf("\n");
}

/* Count fd into counts; 0, or -1 after a read error (errno). */
static int count(int fd, unsigned counts[3])
{
    static unsigned char buf[4096];
    unsigned lines = 0, words = 0, bytes = 0;
    int in_word = 0, n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        bytes += n;
        for (int i = 0; i < n; i++) {
            unsigned char c = buf[i];
            if (c == ' ' || (unsigned)(c - '\t') < 5) {
                in_word = 0;
                lines += c == '\n';
            } else if (!in_word) {
                in_word = 1;
                words++;
            }
        }
    }
    counts[0] = lines;
    counts[1] = words;
    counts[2] = bytes;
    return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
        for (const char *p = argv[i] + 1; *p; p++) {
            const char *at = strchr("lwc", *p);
            if (!at) {
                fprintf(stderr, "usage: wc [-lwc] [FILES...]\n");
                return 2;
            }
            which |= 1 << (at - "lwc");
        }
    if (!which)
        which = LINES | WORDS | BYTES;
    static char *stdin_only[] = { "-", 0 };
    char **names = i < argc ? argv + i : stdin_only;
    int n = i < argc ? argc - i : 1;
    width = count_width(n, names);
    unsigned total[3] = { 0, 0, 0 };
    for (int k = 0; k < n; k++) {
        int fd = open_input(names[k]);
        if (fd < 0) {
            report(names[k], errno);
            status = 1;
            continue;
        }
        unsigned counts[3];
        if (count(fd, counts) < 0) {
            report(names[k], errno);
            status = 1;
        }
        if (fd)
            close(fd);
        print(names == stdin_only ? 0 : names[k], counts);
        for (int j = 0; j < 3; j++)
            total[j] += counts[j];
    }
    if (n > 1)
        print("total", total);
    return status;
}
