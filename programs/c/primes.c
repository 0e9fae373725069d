/* primes -- a C program for the bare machine: the primes below 1000 by
   the sieve of Eratosthenes, ten to a line, and their count and sum.

   k32 cc --target bare -O2 programs/c/primes.c -o primes.kx
   k32 run primes.kx */
#include <stdio.h>
#include <string.h>

#define LIMIT 1000

static char composite[LIMIT];

int main(void)
{
    int count = 0;
    long long sum = 0;
    memset(composite, 0, sizeof composite);
    for (int n = 2; n < LIMIT; n++) {
        if (composite[n])
            continue;
        for (int m = n * n; m < LIMIT; m += n)
            composite[m] = 1;
        printf("%4d%s", n, ++count % 10 ? "" : "\n");
        sum += n;
    }
    printf("\n%d primes below %d, sum %lld\n", count, LIMIT, sum);
    return 0;
}
