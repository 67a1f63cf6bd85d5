/* hash.h -- fast non-cryptographic hashing for the hash tables in lib/.
 *
 * All functions take a BASIS so that callers can chain hashes of several
 * fields: hash = hash_string(name, hash_int(id, 0)).  The quality target is
 * good distribution in the low bits, which is what hmap uses. */
#ifndef HASH_H
#define HASH_H 1

#include <stddef.h>
#include <stdint.h>

uint32_t hash_bytes(const void *, size_t n_bytes, uint32_t basis);
uint32_t hash_string(const char *, uint32_t basis);

static inline uint32_t
hash_rot(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

/* Mixes DATA into HASH (one step of a Murmur3-style hash). */
static inline uint32_t
hash_add(uint32_t hash, uint32_t data)
{
    data *= 0xcc9e2d51;
    data = hash_rot(data, 15);
    data *= 0x1b873593;
    hash ^= data;
    hash = hash_rot(hash, 13);
    return hash * 5 + 0xe6546b64;
}

static inline uint32_t
hash_add64(uint32_t hash, uint64_t data)
{
    return hash_add(hash_add(hash, data), data >> 32);
}

/* Final avalanche, so that every input bit affects every output bit. */
static inline uint32_t
hash_finish(uint32_t hash, uint32_t final)
{
    hash ^= final;
    hash ^= hash >> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >> 16;
    return hash;
}

static inline uint32_t
hash_int(uint32_t x, uint32_t basis)
{
    return hash_finish(hash_add(basis, x), 4);
}

static inline uint32_t
hash_uint64(uint64_t x, uint32_t basis)
{
    return hash_finish(hash_add64(basis, x), 8);
}

static inline uint32_t
hash_pointer(const void *p, uint32_t basis)
{
    return hash_uint64((uintptr_t) p, basis);
}

#endif /* hash.h */
