/* nl-attr.h -- Netlink attributes (struct nlattr) built in an ofpbuf.
 *
 * Datapath flow keys and action lists are Netlink attribute streams in the
 * format of <linux/openvswitch.h> (OVS_KEY_ATTR_*, OVS_ACTION_ATTR_*), in
 * every datapath: the kernel module reads them from Netlink messages, the
 * userspace datapath executes them directly.  This module builds such
 * streams in an ofpbuf and walks them; it does not send or receive Netlink
 * messages (the netlink datapath provider uses libnl-genl-3 for that).
 *
 * An attribute is a 4-byte header (nla_len = header + payload, nla_type)
 * followed by the payload, padded to a multiple of NLA_ALIGNTO (4) bytes.
 * Nested attributes are an attribute whose payload is an attribute
 * stream. */
#ifndef NL_ATTR_H
#define NL_ATTR_H 1

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packets.h"

struct ofpbuf;

/* Bytes an attribute with a 'payload'-byte payload takes, padding
 * included. */
static inline size_t
nl_attr_size(size_t payload)
{
    return NLA_HDRLEN + payload;
}

static inline size_t
nl_attr_total_size(size_t payload)
{
    return NLA_ALIGN(nl_attr_size(payload));
}

/* Building.  Each appends one attribute (padded) to 'b'. */
void *nl_msg_put_unspec_uninit(struct ofpbuf *b, uint16_t type, size_t size);
void *nl_msg_put_unspec_zero(struct ofpbuf *b, uint16_t type, size_t size);
void nl_msg_put_unspec(struct ofpbuf *b, uint16_t type,
                       const void *data, size_t size);
void nl_msg_put_flag(struct ofpbuf *b, uint16_t type);
void nl_msg_put_u8(struct ofpbuf *b, uint16_t type, uint8_t value);
void nl_msg_put_u16(struct ofpbuf *b, uint16_t type, uint16_t value);
void nl_msg_put_u32(struct ofpbuf *b, uint16_t type, uint32_t value);
void nl_msg_put_u64(struct ofpbuf *b, uint16_t type, uint64_t value);
void nl_msg_put_be16(struct ofpbuf *b, uint16_t type, ovs_be16 value);
void nl_msg_put_be32(struct ofpbuf *b, uint16_t type, ovs_be32 value);
void nl_msg_put_be64(struct ofpbuf *b, uint16_t type, ovs_be64 value);
void nl_msg_put_string(struct ofpbuf *b, uint16_t type, const char *s);

/* Nesting: nl_msg_start_nested() appends the header of a nested attribute
 * and returns its offset in 'b'; nl_msg_end_nested() sets its length to
 * cover everything appended since.  nl_msg_cancel_nested() removes it and
 * everything after it.  nl_msg_put_nested() appends a whole nested
 * attribute whose payload is 'data'. */
size_t nl_msg_start_nested(struct ofpbuf *b, uint16_t type);
void nl_msg_end_nested(struct ofpbuf *b, size_t offset);
void nl_msg_cancel_nested(struct ofpbuf *b, size_t offset);
bool nl_msg_end_non_empty_nested(struct ofpbuf *b, size_t offset);
void nl_msg_put_nested(struct ofpbuf *b, uint16_t type,
                       const void *data, size_t size);

/* Reading one attribute.  The caller has checked the payload size. */
static inline uint16_t
nl_attr_type(const struct nlattr *nla)
{
    return nla->nla_type & NLA_TYPE_MASK;
}

static inline const void *
nl_attr_get(const struct nlattr *nla)
{
    return (const char *) nla + NLA_HDRLEN;
}

static inline size_t
nl_attr_get_size(const struct nlattr *nla)
{
    return nla->nla_len - NLA_HDRLEN;
}

uint8_t nl_attr_get_u8(const struct nlattr *);
uint16_t nl_attr_get_u16(const struct nlattr *);
uint32_t nl_attr_get_u32(const struct nlattr *);
uint64_t nl_attr_get_u64(const struct nlattr *);
ovs_be16 nl_attr_get_be16(const struct nlattr *);
ovs_be32 nl_attr_get_be32(const struct nlattr *);
ovs_be64 nl_attr_get_be64(const struct nlattr *);
/* The payload as a string; NULL if it is not NUL-terminated. */
const char *nl_attr_get_string(const struct nlattr *);

/* Iterating over an attribute stream of 'SIZE' bytes at 'ATTRS' (const
 * struct nlattr *).  NL_ATTR_FOR_EACH stops at the first attribute that
 * does not fit; after the loop, LEFT is 0 if the stream was well formed.
 * NL_ATTR_FOR_EACH_UNSAFE is for streams already validated. */
#define NL_ATTR_FOR_EACH(ITER, LEFT, ATTRS, SIZE)                       \
    for ((ITER) = (ATTRS), (LEFT) = (SIZE);                             \
         nl_attr_is_valid(ITER, LEFT);                                  \
         (LEFT) -= nl_attr_len_pad(ITER, LEFT),                         \
         (ITER) = nl_attr_next(ITER))

#define NL_ATTR_FOR_EACH_UNSAFE(ITER, LEFT, ATTRS, SIZE)                \
    for ((ITER) = (ATTRS), (LEFT) = (SIZE);                             \
         (LEFT) > 0;                                                    \
         (LEFT) -= nl_attr_len_pad(ITER, LEFT),                         \
         (ITER) = nl_attr_next(ITER))

#define NL_NESTED_FOR_EACH(ITER, LEFT, NESTED)                          \
    NL_ATTR_FOR_EACH(ITER, LEFT, nl_attr_get(NESTED),                   \
                     nl_attr_get_size(NESTED))

static inline bool
nl_attr_is_valid(const struct nlattr *nla, size_t left)
{
    return (left >= NLA_HDRLEN
            && nla->nla_len >= NLA_HDRLEN
            && nla->nla_len <= left);
}

/* Bytes from 'nla' to the next attribute, but no more than 'left' (the
 * last attribute's padding may be missing). */
static inline size_t
nl_attr_len_pad(const struct nlattr *nla, size_t left)
{
    size_t len = NLA_ALIGN(nla->nla_len);
    return len <= left ? len : left;
}

static inline const struct nlattr *
nl_attr_next(const struct nlattr *nla)
{
    return (const struct nlattr *) ((const char *) nla
                                    + NLA_ALIGN(nla->nla_len));
}

/* Returns the first attribute of 'type' in the stream, or NULL. */
const struct nlattr *nl_attr_find(const struct nlattr *attrs, size_t size,
                                  uint16_t type);
const struct nlattr *nl_attr_find_nested(const struct nlattr *nested,
                                         uint16_t type);

#endif /* nl-attr.h */
