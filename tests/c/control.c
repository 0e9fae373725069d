/* Control flow: switch statements (dense ones become jump tables in
   .rodata), function pointers, recursion, loops, goto, computed goto. */
#include "k32io.h"

static int dense(int x)
{
    switch (x) {
    case 0: return 11;
    case 1: return 22;
    case 2: return 35;
    case 3: return 47;
    case 4: return 51;
    case 5: return 68;
    case 6: return 70;
    case 7: return 89;
    case 9: return 93;
    default: return -1;
    }
}

static const char *sparse(unsigned x)
{
    switch (x) {
    case 1: return "one";
    case 100: return "hundred";
    case 1000: return "thousand";
    case 65536: return "big";
    case 0xffffffffu: return "all ones";
    default: return "other";
    }
}

static int fall(int x)
{
    int r = 0;
    switch (x & 7) {
    case 0: r += 1;      /* fall through */
    case 1: r += 10;     /* fall through */
    case 2: r += 100; break;
    case 3: r -= 5;      /* fall through */
    case 4: r *= 3; break;
    case 5:
    case 6: r = x; break;
    default: r = -x;
    }
    return r;
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int ack(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int negate(int x) { return -x; }
int (*const ops[])(int) = {twice, square, negate, fib};
int (*chosen)(int) = square;

static int apply(int (*f)(int), int x) { return f(f(x)); }

static int search(const int *a, int n, int key)
{
    int i;
    for (i = 0; i < n; i++)
        if (a[i] == key)
            goto found;
    return -1;
found:
    return i;
}

/* GCC's computed goto: label addresses in data, an indirect jump. */
static int interpret(const unsigned char *code)
{
    static const void *const ops[] = {&&halt, &&inc, &&dbl, &&neg};
    int acc = 1;
    goto *ops[*code++];
inc:
    acc++;
    goto *ops[*code++];
dbl:
    acc *= 2;
    goto *ops[*code++];
neg:
    acc = -acc;
    goto *ops[*code++];
halt:
    return acc;
}

int main(void)
{
    for (int i = -1; i < 11; i++)
        show("dense", dense(i));
    unsigned keys[] = {0, 1, 100, 1000, 65536, 0xffffffffu, 7};
    for (int i = 0; i < 7; i++) {
        put_s(sparse(keys[i]));
        k32_putc('\n');
    }
    for (int i = 0; i < 9; i++)
        show("fall", fall(i));
    show("fib(15)", fib(15));
    show("ack(2,3)", ack(2, 3));
    show("is_even(77)", is_even(77));
    for (int i = 0; i < 4; i++)
        show("op", ops[i](7));
    show("apply", apply(chosen, 3));
    chosen = negate;
    show("apply", apply(chosen, 3));
    int table[] = {4, 8, 15, 16, 23, 42};
    show("search", search(table, 6, 23));
    show("search", search(table, 6, 5));
    int n = 0;
    do { n += 3; } while (n < 100);
    while (n > 10) n /= 2;
    show("loops", n);
    static const unsigned char program[] = {1, 2, 2, 1, 3, 2, 0};
    show("interpret", interpret(program));
    return fib(10);
}
