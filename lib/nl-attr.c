/* nl-attr.c -- Netlink attributes built in an ofpbuf (see nl-attr.h).
 *
 * Values are stored in host byte order for the u* helpers and as given for
 * the be* ones, as the Netlink convention and <linux/openvswitch.h> want;
 * unaligned payloads are read with memcpy (attributes are only 4-byte
 * aligned, and a u64 may not be 8-byte aligned). */
#include "nl-attr.h"

#include <string.h>
#include "ofpbuf.h"
#include "util.h"

void *
nl_msg_put_unspec_uninit(struct ofpbuf *b, uint16_t type, size_t size)
{
    size_t total = nl_attr_total_size(size);
    struct nlattr *nla;

    ovs_assert(nl_attr_size(size) <= UINT16_MAX);
    nla = ofpbuf_put_uninit(b, total);
    nla->nla_len = nl_attr_size(size);
    nla->nla_type = type;
    /* Zero the padding so that equal attribute streams compare equal. */
    memset((char *) nla + nla->nla_len, 0, total - nla->nla_len);
    return (char *) nla + NLA_HDRLEN;
}

void *
nl_msg_put_unspec_zero(struct ofpbuf *b, uint16_t type, size_t size)
{
    void *p = nl_msg_put_unspec_uninit(b, type, size);

    if (size) {
        memset(p, 0, size);
    }
    return p;
}

void
nl_msg_put_unspec(struct ofpbuf *b, uint16_t type, const void *data,
                  size_t size)
{
    void *p = nl_msg_put_unspec_uninit(b, type, size);

    if (size) {
        memcpy(p, data, size);
    }
}

void
nl_msg_put_flag(struct ofpbuf *b, uint16_t type)
{
    nl_msg_put_unspec(b, type, NULL, 0);
}

void
nl_msg_put_u8(struct ofpbuf *b, uint16_t type, uint8_t value)
{
    nl_msg_put_unspec(b, type, &value, sizeof value);
}

void
nl_msg_put_u16(struct ofpbuf *b, uint16_t type, uint16_t value)
{
    nl_msg_put_unspec(b, type, &value, sizeof value);
}

void
nl_msg_put_u32(struct ofpbuf *b, uint16_t type, uint32_t value)
{
    nl_msg_put_unspec(b, type, &value, sizeof value);
}

void
nl_msg_put_u64(struct ofpbuf *b, uint16_t type, uint64_t value)
{
    nl_msg_put_unspec(b, type, &value, sizeof value);
}

void
nl_msg_put_be16(struct ofpbuf *b, uint16_t type, ovs_be16 value)
{
    nl_msg_put_unspec(b, type, &value, sizeof value);
}

void
nl_msg_put_be32(struct ofpbuf *b, uint16_t type, ovs_be32 value)
{
    nl_msg_put_unspec(b, type, &value, sizeof value);
}

void
nl_msg_put_be64(struct ofpbuf *b, uint16_t type, ovs_be64 value)
{
    nl_msg_put_unspec(b, type, &value, sizeof value);
}

void
nl_msg_put_string(struct ofpbuf *b, uint16_t type, const char *s)
{
    nl_msg_put_unspec(b, type, s, strlen(s) + 1);
}

size_t
nl_msg_start_nested(struct ofpbuf *b, uint16_t type)
{
    size_t offset = b->size;

    nl_msg_put_unspec(b, type, NULL, 0);
    return offset;
}

void
nl_msg_end_nested(struct ofpbuf *b, size_t offset)
{
    struct nlattr *nla = ofpbuf_at_assert(b, offset, sizeof *nla);
    size_t len = b->size - offset;

    ovs_assert(len <= UINT16_MAX);
    nla->nla_len = len;
}

void
nl_msg_cancel_nested(struct ofpbuf *b, size_t offset)
{
    ovs_assert(offset <= b->size);
    b->size = offset;
}

/* Ends the nested attribute at 'offset' if it has any content, otherwise
 * removes it.  Returns true if it was removed. */
bool
nl_msg_end_non_empty_nested(struct ofpbuf *b, size_t offset)
{
    if (b->size - offset <= NLA_HDRLEN) {
        nl_msg_cancel_nested(b, offset);
        return true;
    }
    nl_msg_end_nested(b, offset);
    return false;
}

void
nl_msg_put_nested(struct ofpbuf *b, uint16_t type, const void *data,
                  size_t size)
{
    nl_msg_put_unspec(b, type, data, size);
}

#define NL_GETTER(NAME, TYPE)                                   \
    TYPE                                                        \
    NAME(const struct nlattr *nla)                              \
    {                                                           \
        TYPE value;                                             \
        ovs_assert(nl_attr_get_size(nla) >= sizeof value);      \
        memcpy(&value, nl_attr_get(nla), sizeof value);         \
        return value;                                           \
    }
NL_GETTER(nl_attr_get_u8, uint8_t)
NL_GETTER(nl_attr_get_u16, uint16_t)
NL_GETTER(nl_attr_get_u32, uint32_t)
NL_GETTER(nl_attr_get_u64, uint64_t)
NL_GETTER(nl_attr_get_be16, ovs_be16)
NL_GETTER(nl_attr_get_be32, ovs_be32)
NL_GETTER(nl_attr_get_be64, ovs_be64)

const char *
nl_attr_get_string(const struct nlattr *nla)
{
    size_t size = nl_attr_get_size(nla);
    const char *s = nl_attr_get(nla);

    return size && memchr(s, '\0', size) == s + size - 1 ? s : NULL;
}

const struct nlattr *
nl_attr_find(const struct nlattr *attrs, size_t size, uint16_t type)
{
    const struct nlattr *nla;
    size_t left;

    NL_ATTR_FOR_EACH (nla, left, attrs, size) {
        if (nl_attr_type(nla) == type) {
            return nla;
        }
    }
    return NULL;
}

const struct nlattr *
nl_attr_find_nested(const struct nlattr *nested, uint16_t type)
{
    return nl_attr_find(nl_attr_get(nested), nl_attr_get_size(nested), type);
}
