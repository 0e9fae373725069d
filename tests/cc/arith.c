/* arith.c -- TEST ONLY (tests/test_cc.py): 64-bit arithmetic through the
   libgcc helpers.  The test writes cases.h (CASES: pairs of numbers) and
   compares each line with the values computed on the host. */
#include <stdio.h>
#include "cases.h"

static const long long cases[][2] = { CASES };

int main(void)
{
    for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++) {
        long long a = cases[i][0], b = cases[i][1];
        unsigned long long ua = a, ub = b;
        int s = (int)(ub & 63);
        printf("%lld %lld %llu %llu %lld %lld %llu %lld %d %d %d %d %d\n",
               a / b, a % b, ua / ub, ua % ub, a * b, a << s, ua >> s, a >> s,
               __builtin_clzll(ua | 1), __builtin_popcountll(ua), __builtin_ctzll(ub),
               __builtin_clz((unsigned)ua | 1), __builtin_popcount((unsigned)ua));
    }
    return 0;
}
