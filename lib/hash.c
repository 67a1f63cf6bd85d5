/* hash.c -- hashing of byte strings and C strings.
 *
 * The input is consumed 32 bits at a time with hash_add() (a Murmur3-style
 * mixing step, see hash.h), the 1 to 3 bytes left over are packed into one
 * final word, and hash_finish() folds in the length and avalanches the
 * result.  Reads go through memcpy() so that unaligned input is fine on
 * every architecture; the compiler turns them into plain loads. */

#include <config.h>
#include "hash.h"

#include <string.h>

uint32_t
hash_bytes(const void *p_, size_t n, uint32_t basis)
{
    const unsigned char *p = p_;
    uint32_t hash = basis;
    size_t i;

    for (i = 0; i + 4 <= n; i += 4) {
        uint32_t word;
        memcpy(&word, p + i, 4);
        hash = hash_add(hash, word);
    }
    if (i < n) {
        uint32_t tail = 0;
        memcpy(&tail, p + i, n - i);
        hash = hash_add(hash, tail);
    }
    return hash_finish(hash, n);
}

uint32_t
hash_string(const char *s, uint32_t basis)
{
    return hash_bytes(s, strlen(s), basis);
}
