/* Data: structures passed and returned by value, arrays, unions, bit
   fields, global, static and constant data, strings. */
#include "k32io.h"

struct point { int32_t x, y; };
struct rect { struct point lo, hi; char name[8]; };
struct bits { unsigned a : 3, b : 5; signed c : 4; unsigned d : 20; };
union word { uint32_t u; uint8_t b[4]; int16_t h[2]; };

struct rect shapes[3] = {
    {{0, 0}, {4, 3}, "small"},
    {{-5, -5}, {5, 5}, "square"},
    {{10, 20}, {110, 70}, "wide"},
};
static int calls;                       /* .bss (local) */
int zeros[64];                          /* .bss (common or global) */
const char greeting[] = "Hello from C";
const char *const words[] = {"alpha", "beta", "gamma", "delta", ""};
static const int16_t primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29};
char buffer[40];
__attribute__((weak)) int weak_value = 5;           /* .weak */
__attribute__((visibility("hidden"))) int hidden_value = 6;   /* .hidden */
__attribute__((weak)) int weak_function(int x) { return x + weak_value; }

static struct point add(struct point a, struct point b)
{
    calls++;
    struct point r = {a.x + b.x, a.y + b.y};
    return r;
}

static struct rect grow(struct rect r, int by)
{
    calls++;
    r.lo.x -= by; r.lo.y -= by;
    r.hi.x += by; r.hi.y += by;
    r.name[0] = 'G';
    return r;
}

static int32_t area(const struct rect *r)
{
    return (r->hi.x - r->lo.x) * (r->hi.y - r->lo.y);
}

static int my_strlen(const char *s)
{
    int n = 0;
    while (s[n])
        n++;
    return n;
}

static int my_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

static char *my_strcat(char *d, const char *s)
{
    char *p = d + my_strlen(d);
    while ((*p++ = *s++))
        ;
    return d;
}

static int counter(void)
{
    static int n = 100;                 /* .data (local) */
    return n++;
}

int main(void)
{
    struct point p = {1, 2}, q = {30, 40};
    struct point s = add(p, q);
    show("add.x", s.x);
    show("add.y", s.y);
    for (int i = 0; i < 3; i++) {
        struct rect g = grow(shapes[i], i + 1);
        put_s(g.name);
        k32_putc(' ');
        show("area", area(&g));
    }
    show("calls", calls);

    struct bits bf = {5, 17, -3, 0xabcde};
    show("bf.a", bf.a);
    show("bf.b", bf.b);
    show("bf.c", bf.c);
    show("bf.d", (int32_t)bf.d);
    bf.c = 7;
    bf.a += 4;
    show("bf.c'", bf.c);
    show("bf.a'", bf.a);

    union word w;
    w.u = 0x11223344u;
    show("w.b0", w.b[0]);
    show("w.h1", w.h[1]);
    w.b[3] = 0xff;
    show("w.h1'", w.h[1]);

    put_s(greeting);
    k32_putc('\n');
    show("len", my_strlen(greeting));
    for (int i = 0; words[i][0]; i++) {
        my_strcat(buffer, words[i]);
        my_strcat(buffer, i & 1 ? "," : ";");
    }
    put_s(buffer);
    k32_putc('\n');
    show("cmp", my_strcmp(words[0], words[1]) < 0);
    show("cmp", my_strcmp(words[2], "gamma"));
    int sum = 0;
    for (unsigned i = 0; i < sizeof primes / sizeof primes[0]; i++)
        sum += primes[i] * (int)i;
    show("primes", sum);
    for (int i = 0; i < 64; i++)
        zeros[i] += i;
    show("zeros", zeros[63] + zeros[1]);
    counter();
    counter();
    show("counter", counter());
    show("weak", weak_function(hidden_value));
    return my_strlen(buffer);
}
