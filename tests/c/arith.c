/* Integer arithmetic of every width: 8, 16, 32 and 64 bits, signed and
   unsigned; wrap-around, sign and zero extension, division rounding. */
#include "k32io.h"

/* volatile: the compiler may not fold the arithmetic away. */
volatile int32_t vi[] = {7, -7, 3, -3, 100000, -2147483647 - 1, 2147483647, 0, 1, -1};
volatile uint32_t vu[] = {7, 3, 0xffffffffu, 0x80000000u, 12345678u, 0, 1, 65535};
volatile int64_t vl[] = {123456789012345LL, -98765432109876LL, 1, -1, 0x7fffffffffffffffLL};

static int8_t add8(int8_t a, int8_t b) { return (int8_t)(a + b); }
static uint8_t mul8(uint8_t a, uint8_t b) { return (uint8_t)(a * b); }
static int16_t sub16(int16_t a, int16_t b) { return (int16_t)(a - b); }
static uint16_t shl16(uint16_t a, int n) { return (uint16_t)(a << n); }

static uint64_t mix64(uint64_t a, uint64_t b)
{
    uint64_t x = a * b + (a ^ b);
    x ^= x >> 17;
    x += x << 5;
    x = (x << 13) | (x >> 51);
    return x - b;
}

int main(void)
{
    uint32_t h = 0;
    for (int i = 0; i < 10; i++) {
        for (int j = 0; j < 10; j++) {
            int32_t a = vi[i], b = vi[j];
            h = h * 31 + (uint32_t)a + (uint32_t)b;
            h ^= (uint32_t)a * (uint32_t)b;
            if (b != 0 && !(a == -2147483647 - 1 && b == -1)) {
                h += (uint32_t)(a / b);
                h ^= (uint32_t)(a % b);
            }
            h += (a < b) + 2 * (a <= b) + 4 * (a == b);
            h ^= (uint32_t)(a >> (j & 31)) + ((uint32_t)a << (i & 31));
        }
    }
    show("int32 mix", (int32_t)h);

    uint32_t u = 0;
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j++) {
            uint32_t a = vu[i], b = vu[j];
            u = u * 33 + a - b;
            if (b)
                u ^= a / b + a % b;
            u += (a < b) + (a >> (j * 3 & 31));
        }
    }
    show("uint32 mix", (int32_t)u);

    show("div -7/2", vi[1] / 2);
    show("mod -7%2", vi[1] % 2);
    show("div 7/-3", vi[0] / vi[3]);
    show("mod 7%-3", vi[0] % vi[3]);
    show("int_min", vi[5]);
    show("int_max+1 wraps", (int32_t)((uint32_t)vi[6] + 1u));

    show("add8", add8(100, 100));
    show("mul8", mul8(200, 3));
    show("sub16", sub16(-30000, 10000));
    show("shl16", shl16(0x1234, 8));
    show("sext8", (int8_t)(uint8_t)vu[2]);
    show("zext8", (uint8_t)vu[2]);
    show("sext16", (int16_t)(uint16_t)vu[7]);
    show("zext16", (uint16_t)vi[5]);

    uint64_t acc = 0;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            acc = mix64(acc + (uint64_t)vl[i], (uint64_t)vl[j]);
            acc += vl[i] < vl[j];
            acc += (uint64_t)vl[i] > (uint64_t)vl[j];
        }
    show64("int64 mix", acc);
    show64("mul64", (uint64_t)vl[0] * (uint64_t)vl[1]);
    show64("neg64", (uint64_t)-vl[0]);
    show64("sar64", (uint64_t)(vl[1] >> 20));
    show64("widen", (uint64_t)(int64_t)vi[1] + (uint64_t)vu[2]);
    show("narrow", (int32_t)vl[1]);
    return (int)(h & 0x7f);
}
