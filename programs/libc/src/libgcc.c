/* libgcc.c -- the helpers GCC calls for RV32EM: 64-bit multiplication
   and shifts, bit counts, comparisons (division: divdi.c).  The C
   here uses only 32-bit operations and 64-bit ones GCC expands inline
   (add, subtract, compare, shift by a constant), so no helper calls
   itself. */
#include <stdint.h>

typedef union {
    uint64_t all;
    struct { uint32_t lo, hi; } s;
} dw;

int __clzsi2(uint32_t x)
{
    int n = 0;
    if (!x)
        return 32;
    if (!(x & 0xffff0000u)) { n += 16; x <<= 16; }
    if (!(x & 0xff000000u)) { n += 8; x <<= 8; }
    if (!(x & 0xf0000000u)) { n += 4; x <<= 4; }
    if (!(x & 0xc0000000u)) { n += 2; x <<= 2; }
    if (!(x & 0x80000000u)) { n += 1; }
    return n;
}

int __ctzsi2(uint32_t x)
{
    int n = 0;
    if (!x)
        return 32;
    while (!(x & 1)) { x >>= 1; n++; }
    return n;
}

int __popcountsi2(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (x * 0x01010101u) >> 24;
}

int __ffssi2(uint32_t x) { return x ? __ctzsi2(x) + 1 : 0; }
int __paritysi2(uint32_t x) { return __popcountsi2(x) & 1; }

int __clzdi2(uint64_t x)
{
    dw v = { .all = x };
    return v.s.hi ? __clzsi2(v.s.hi) : 32 + __clzsi2(v.s.lo);
}

int __ctzdi2(uint64_t x)
{
    dw v = { .all = x };
    return v.s.lo ? __ctzsi2(v.s.lo) : 32 + __ctzsi2(v.s.hi);
}

int __popcountdi2(uint64_t x)
{
    dw v = { .all = x };
    return __popcountsi2(v.s.lo) + __popcountsi2(v.s.hi);
}

int __ffsdi2(uint64_t x) { return x ? __ctzdi2(x) + 1 : 0; }

uint32_t __bswapsi2(uint32_t x)
{
    return (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
}

uint64_t __bswapdi2(uint64_t x)
{
    dw v = { .all = x }, r;
    r.s.lo = __bswapsi2(v.s.hi);
    r.s.hi = __bswapsi2(v.s.lo);
    return r.all;
}

int64_t __ashldi3(int64_t a, int n)
{
    dw v = { .all = (uint64_t)a }, r;
    n &= 63;
    if (n == 0)
        return a;
    if (n >= 32) {
        r.s.lo = 0;
        r.s.hi = v.s.lo << (n - 32);
    } else {
        r.s.lo = v.s.lo << n;
        r.s.hi = (v.s.hi << n) | (v.s.lo >> (32 - n));
    }
    return (int64_t)r.all;
}

uint64_t __lshrdi3(uint64_t a, int n)
{
    dw v = { .all = a }, r;
    n &= 63;
    if (n == 0)
        return a;
    if (n >= 32) {
        r.s.hi = 0;
        r.s.lo = v.s.hi >> (n - 32);
    } else {
        r.s.hi = v.s.hi >> n;
        r.s.lo = (v.s.lo >> n) | (v.s.hi << (32 - n));
    }
    return r.all;
}

int64_t __ashrdi3(int64_t a, int n)
{
    uint64_t shifted = __lshrdi3((uint64_t)a, n);
    if (a < 0 && (n & 63))                      /* fill with the sign */
        shifted |= ~__lshrdi3(~(uint64_t)0, n);
    return (int64_t)shifted;
}

int64_t __muldi3(int64_t a, int64_t b)
{
    dw x = { .all = (uint64_t)a }, y = { .all = (uint64_t)b }, r;
    r.s.lo = x.s.lo * y.s.lo;
    r.s.hi = (uint32_t)(((uint64_t)x.s.lo * y.s.lo) >> 32) + x.s.lo * y.s.hi + x.s.hi * y.s.lo;
    return (int64_t)r.all;
}

int64_t __negdi2(int64_t a) { return -(uint64_t)a; }

int __cmpdi2(int64_t a, int64_t b) { return a < b ? 0 : a > b ? 2 : 1; }
int __ucmpdi2(uint64_t a, uint64_t b) { return a < b ? 0 : a > b ? 2 : 1; }
