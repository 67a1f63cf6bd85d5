/* ofp-bytes.h -- big-endian integers at any alignment, for the OpenFlow
 * wire codecs (lib/ofp-*.c).  OpenFlow messages pack 64-bit fields at
 * 4-byte offsets and 16-bit ones anywhere, so the codecs read and write
 * through byte pointers rather than casting to structs. */
#ifndef OFP_BYTES_H
#define OFP_BYTES_H 1

#include <stdint.h>

static inline void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static inline void
put32(uint8_t *p, uint32_t x)
{
    put16(p, x >> 16);
    put16(p + 2, x);
}

static inline void
put64(uint8_t *p, uint64_t x)
{
    put32(p, x >> 32);
    put32(p + 4, x);
}

static inline uint16_t
get16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

static inline uint32_t
get32(const uint8_t *p)
{
    return ((uint32_t) get16(p) << 16) | get16(p + 2);
}

static inline uint64_t
get64(const uint8_t *p)
{
    return ((uint64_t) get32(p) << 32) | get32(p + 4);
}

#endif /* ofp-bytes.h */
