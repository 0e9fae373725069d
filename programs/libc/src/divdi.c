/* divdi.c -- the 64-bit division helpers GCC calls for RV32EM (libgcc's
   names).  Only constant shifts and 32-bit division: no helper calls
   another file's.  Division by zero gives what RISC-V's divu gives: all
   ones, the remainder n. */
#include <stdint.h>

typedef union {
    uint64_t all;
    struct { uint32_t lo, hi; } s;
} dw;

/* n / d and n % d by shift and subtract, one quotient bit a step from the
   highest bit where d fits (divu and remu when both fit in 32 bits). */
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
    dw nn = { .all = n }, dd = { .all = d };
    if (nn.s.hi == 0 && dd.s.hi == 0) {
        if (dd.s.lo == 0) {             /* RISC-V: all ones, remainder n */
            if (rem)
                *rem = n;
            return ~(uint64_t)0;
        }
        if (rem)
            *rem = nn.s.lo % dd.s.lo;
        return nn.s.lo / dd.s.lo;
    }
    if (d == 0) {
        if (rem)
            *rem = n;
        return ~(uint64_t)0;
    }
    uint64_t q = 0, bit = 1;
    while (d < n && !(d >> 63)) {       /* line d up under n's top bit */
        d <<= 1;
        bit <<= 1;
    }
    for (; bit; d >>= 1, bit >>= 1)
        if (n >= d) {
            n -= d;
            q |= bit;
        }
    if (rem)
        *rem = n;
    return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d) { return __udivmoddi4(n, d, 0); }

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
    uint64_t r;
    __udivmoddi4(n, d, &r);
    return r;
}

int64_t __divdi3(int64_t n, int64_t d)
{
    uint64_t un = n < 0 ? -(uint64_t)n : (uint64_t)n, ud = d < 0 ? -(uint64_t)d : (uint64_t)d;
    if (d == 0)
        return -1;
    uint64_t q = __udivmoddi4(un, ud, 0);
    return (int64_t)((n < 0) != (d < 0) ? -q : q);
}

int64_t __moddi3(int64_t n, int64_t d)
{
    uint64_t un = n < 0 ? -(uint64_t)n : (uint64_t)n, ud = d < 0 ? -(uint64_t)d : (uint64_t)d, r;
    __udivmoddi4(un, ud, &r);
    return (int64_t)(n < 0 ? -r : r);
}

int64_t __divmoddi4(int64_t n, int64_t d, int64_t *rem)
{
    int64_t q = __divdi3(n, d);
    if (rem)
        *rem = n - q * d;
    return q;
}
