/* fuzz.h -- what every fuzz target in tests/fuzz/ shares.
 *
 * A target defines LLVMFuzzerTestOneInput(), the libFuzzer entry point:
 * it gets one input, must never crash or leak on any input, and calls
 * abort() when it finds a broken invariant (so that the fuzzer reports
 * it).  Built with --enable-fuzzing, libFuzzer supplies main(); otherwise
 * tests/fuzz/fuzz-driver.c does (replay plus blind random mutations), so
 * the suite can smoke-run each target with any compiler.
 *
 * Targets that make choices (for example how to split an input into
 * chunks) must derive them from the input itself with fuzz_rng, never from
 * a global random source, so that every crash reproduces from its input
 * alone. */
#ifndef FUZZ_H
#define FUZZ_H 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small deterministic pseudo-random generator (splitmix64). */
struct fuzz_rng {
    uint64_t state;
};

/* Seeds RNG from the SIZE bytes at DATA (FNV-1a), so that the same input
 * always gives the same choices. */
static inline void
fuzz_rng_init(struct fuzz_rng *rng, const uint8_t *data, size_t size)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < size; i++) {
        h = (h ^ data[i]) * UINT64_C(0x100000001b3);
    }
    rng->state = h ^ size;
}

static inline uint64_t
fuzz_rng_next(struct fuzz_rng *rng)
{
    uint64_t z = (rng->state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Returns a number in [0, N); N must be positive. */
static inline uint32_t
fuzz_rng_range(struct fuzz_rng *rng, uint32_t n)
{
    return fuzz_rng_next(rng) % n;
}

/* Reports a broken invariant and aborts, so that the fuzzer keeps the
 * input. */
#define FUZZ_CHECK(COND)                                                \
    do {                                                                \
        if (!(COND)) {                                                  \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n",           \
                    __FILE__, __LINE__, #COND);                         \
            abort();                                                    \
        }                                                               \
    } while (0)

#endif /* fuzz.h */
