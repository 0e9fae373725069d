/* Small algorithms: sorting through a comparator, binary search, a sieve
   in .bss, CRC-32 with a table built at run time, a state machine that
   switches on characters, 64-bit Fibonacci, a linked list on the stack. */
#include "k32io.h"

struct item { char name[8]; int32_t key; };

static struct item items[] = {
    {"pear", 40}, {"fig", -3}, {"apple", 12}, {"kiwi", 40}, {"lime", 7},
    {"date", 0}, {"plum", -19}, {"yuzu", 1000}, {"sloe", 12},
};
#define COUNT ((int)(sizeof items / sizeof items[0]))

static uint8_t composite[1000];          /* .bss */
static uint32_t crc_table[256];

static int by_key(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    for (int i = 0; i < 8; i++)
        if (x->name[i] != y->name[i])
            return (unsigned char)x->name[i] - (unsigned char)y->name[i];
    return 0;
}

static void swap(void *a, void *b, unsigned size)
{
    unsigned char *p = a, *q = b;
    while (size--) {
        unsigned char t = *p;
        *p++ = *q;
        *q++ = t;
    }
}

/* Insertion sort with qsort's interface. */
static void sort(void *base, int n, unsigned size, int (*cmp)(const void *, const void *))
{
    unsigned char *b = base;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cmp(b + (j - 1) * size, b + j * size) > 0; j--)
            swap(b + (j - 1) * size, b + j * size, size);
}

static int find(int32_t key)
{
    int lo = 0, hi = COUNT - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (items[mid].key == key)
            return mid;
        if (items[mid].key < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static uint32_t crc32(const char *s)
{
    if (!crc_table[1])
        for (uint32_t n = 0; n < 256; n++) {
            uint32_t c = n;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            crc_table[n] = c;
        }
    uint32_t c = 0xffffffffu;
    while (*s)
        c = crc_table[(c ^ (unsigned char)*s++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

/* Counts words, numbers and punctuation. */
static void scan(const char *s, int counts[3])
{
    enum { SPACE, WORD, NUMBER } state = SPACE;
    for (;; s++) {
        switch (*s) {
        case 'a': case 'b': case 'c': case 'd': case 'e': case 'f': case 'g':
        case 'h': case 'i': case 'j': case 'k': case 'l': case 'm': case 'n':
        case 'o': case 'p': case 'q': case 'r': case 's': case 't': case 'u':
        case 'v': case 'w': case 'x': case 'y': case 'z':
            if (state != WORD)
                counts[0]++;
            state = WORD;
            break;
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            if (state == SPACE)
                counts[1]++, state = NUMBER;
            break;
        case '.': case ',': case '!': case '?':
            counts[2]++;
            /* fall through */
        case ' ':
            state = SPACE;
            break;
        case 0:
            return;
        default:
            state = SPACE;
        }
    }
}

struct node { int value; struct node *next; };

static int sum_list(const struct node *n)
{
    return n ? n->value + sum_list(n->next) : 0;
}

int main(void)
{
    sort(items, COUNT, sizeof items[0], by_key);
    for (int i = 0; i < COUNT; i++) {
        put_s(items[i].name);
        k32_putc(i + 1 < COUNT ? ' ' : '\n');
    }
    show("find 12", find(12));
    show("find 1000", find(1000));
    show("find 5", find(5));

    int primes = 0;
    for (int i = 2; i < 1000; i++) {
        if (composite[i])
            continue;
        primes++;
        for (int j = i * i; j < 1000; j += i)
            composite[j] = 1;
    }
    show("primes below 1000", primes);

    show("crc32", (int32_t)crc32("The quick brown fox jumps over the lazy dog"));
    int counts[3] = {0, 0, 0};
    scan("hello, world! 42 apples and 7 pears... done?", counts);
    show("words", counts[0]);
    show("numbers", counts[1]);
    show("punctuation", counts[2]);

    uint64_t a = 0, b = 1;
    for (int i = 0; i < 90; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    show64("fib(90)", a);

    struct node n3 = {30, 0}, n2 = {20, &n3}, n1 = {10, &n2};
    show("list", sum_list(&n1));
    return primes & 0xff;
}
