/* ofp-bytes.h -- big-endian integers at any alignment, for the OpenFlow
 * wire codecs (lib/ofp-*.c).  OpenFlow messages pack 64-bit fields at
 * 4-byte offsets and 16-bit ones anywhere, so the codecs read and write
 * through byte pointers rather than casting to structs. */
#ifndef OFP_BYTES_H
#define OFP_BYTES_H 1

#include <stdbool.h>
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

/* Port numbers: 16 bits inside (OFPP_* of flow.h), 32 on the OpenFlow
 * 1.1+ wire, where the reserved ports from OFPP_MAX (0xff00) up become
 * 0xffffff00 and up. */
static inline uint32_t
ofp_port_to_ofp11(uint16_t port)
{
    return port >= 0xff00 ? port + 0xffff0000u : port;
}

/* Sets '*out' to the 16-bit form of 1.1+ port 'port'; false if it has none
 * (the numbers between the ordinary and the reserved ranges). */
static inline bool
ofp_port_from_ofp11(uint32_t port, uint16_t *out)
{
    if (port < 0xff00) {
        *out = port;
    } else if (port >= 0xffffff00u) {
        *out = port - 0xffff0000u;
    } else {
        return false;
    }
    return true;
}

/* The same, or OFPP_NONE (0xffff) for a port with no 16-bit form. */
static inline uint16_t
ofp_port_from_ofp11_or_none(uint32_t port)
{
    uint16_t p;
    return ofp_port_from_ofp11(port, &p) ? p : 0xffff;
}

#endif /* ofp-bytes.h */
