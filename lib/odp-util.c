/* odp-util.c -- the text form of datapath flows and actions; see
 * odp-util.h.
 *
 * One table, 'groups', describes every "name(...)" group of the flow
 * syntax: its fields, where each lives in struct flow, how it is written,
 * and what the flow must match for the group to make sense (ipv4 needs
 * eth_type 0x0800...).  Formatting walks the table; parsing looks names up
 * in it; the "set(...)" actions reuse the same groups for their key, so
 * flows and actions print fields the same way. */
#include <config.h>
#include "odp-util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dpif.h"
#include "dynamic-string.h"
#include "flow.h"
#include "match.h"
#include "nl-attr.h"
#include "ofpbuf.h"
#include "packets.h"
#include "util.h"

#define OVS_BE16_MAX_ODP ((ovs_be16) 0xffff)

enum field_type {
    FT_DEC,             /* Integer, printed in decimal. */
    FT_HEX,             /* Integer, printed as 0x... (0 as "0"). */
    FT_HEX4,            /* Integer, printed as 0x%04x (Ethertypes). */
    FT_ETH,
    FT_IPV4,
    FT_IPV6,
    FT_FRAG,            /* nw_frag: no, first, later. */
};

struct field {
    const char *name;   /* NULL for a group's single unnamed value. */
    uint16_t ofs;       /* In struct flow. */
    uint8_t size;       /* Bytes: 1, 2, 4 for integers. */
    bool be;            /* Integer in network byte order. */
    enum field_type type;
};

enum prereq {
    PR_NONE, PR_IPV4, PR_IPV6, PR_ARP, PR_TCP, PR_UDP, PR_SCTP,
    PR_ICMP, PR_ICMPV6, PR_ND,
};

struct group {
    const char *name;
    enum prereq prereq;
    int set_attr;               /* OVS_KEY_ATTR_* for set(), or -1. */
    size_t n_fields;
    struct field fields[6];
};

#define F(MEMBER) offsetof(struct flow, MEMBER), \
                  sizeof(((struct flow *) NULL)->MEMBER)
#define SINGLE(NAME, MEMBER, BE, TYPE, ATTR)                              \
    { NAME, PR_NONE, ATTR, 1, {{ NULL, F(MEMBER), BE, TYPE }} }

/* In printing order (that of the kernel's flow keys). */
static const struct group groups[] = {
    SINGLE("skb_priority", skb_priority, false, FT_HEX,
           OVS_KEY_ATTR_PRIORITY),
    SINGLE("skb_mark", pkt_mark, false, FT_HEX, OVS_KEY_ATTR_SKB_MARK),
    SINGLE("recirc_id", recirc_id, false, FT_HEX, -1),
    SINGLE("dp_hash", dp_hash, false, FT_HEX, -1),
    SINGLE("in_port", in_port, false, FT_DEC, -1),
    { "eth", PR_NONE, OVS_KEY_ATTR_ETHERNET, 2, {
            { "src", F(dl_src), false, FT_ETH },
            { "dst", F(dl_dst), false, FT_ETH } } },
    /* VLANs are printed between "eth" and "eth_type"; see format_l2. */
    SINGLE("eth_type", dl_type, true, FT_HEX4, -1),
    { "ipv4", PR_IPV4, OVS_KEY_ATTR_IPV4, 6, {
            { "src", F(nw_src), true, FT_IPV4 },
            { "dst", F(nw_dst), true, FT_IPV4 },
            { "proto", F(nw_proto), false, FT_DEC },
            { "tos", F(nw_tos), false, FT_HEX },
            { "ttl", F(nw_ttl), false, FT_DEC },
            { "frag", F(nw_frag), false, FT_FRAG } } },
    { "ipv6", PR_IPV6, OVS_KEY_ATTR_IPV6, 6, {
            { "src", F(ipv6_src), false, FT_IPV6 },
            { "dst", F(ipv6_dst), false, FT_IPV6 },
            { "label", F(ipv6_label), true, FT_HEX },
            { "proto", F(nw_proto), false, FT_DEC },
            { "tclass", F(nw_tos), false, FT_HEX },
            { "hlimit", F(nw_ttl), false, FT_DEC } } },
    { "arp", PR_ARP, -1, 5, {
            { "sip", F(nw_src), true, FT_IPV4 },
            { "tip", F(nw_dst), true, FT_IPV4 },
            { "op", F(nw_proto), false, FT_DEC },
            { "sha", F(arp_sha), false, FT_ETH },
            { "tha", F(arp_tha), false, FT_ETH } } },
    { "tcp", PR_TCP, OVS_KEY_ATTR_TCP, 2, {
            { "src", F(tp_src), true, FT_DEC },
            { "dst", F(tp_dst), true, FT_DEC } } },
    { "udp", PR_UDP, OVS_KEY_ATTR_UDP, 2, {
            { "src", F(tp_src), true, FT_DEC },
            { "dst", F(tp_dst), true, FT_DEC } } },
    { "sctp", PR_SCTP, -1, 2, {
            { "src", F(tp_src), true, FT_DEC },
            { "dst", F(tp_dst), true, FT_DEC } } },
    { "icmp", PR_ICMP, -1, 2, {
            { "type", F(tp_src), true, FT_DEC },
            { "code", F(tp_dst), true, FT_DEC } } },
    { "icmpv6", PR_ICMPV6, -1, 2, {
            { "type", F(tp_src), true, FT_DEC },
            { "code", F(tp_dst), true, FT_DEC } } },
    { "tcp_flags", PR_TCP, -1, 1, {{ NULL, F(tcp_flags), true, FT_HEX }} },
    { "nd", PR_ND, -1, 3, {
            { "target", F(nd_target), false, FT_IPV6 },
            { "sll", F(arp_sha), false, FT_ETH },
            { "tll", F(arp_tha), false, FT_ETH } } },
};

/* The first group that comes after the L2 header (and inside encap()). */
#define FIRST_L3_GROUP 6        /* "eth_type". */

static const struct group *
group_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
        if (strlen(groups[i].name) == len
            && !memcmp(groups[i].name, name, len)) {
            return &groups[i];
        }
    }
    return NULL;
}

static const struct group *
group_by_set_attr(int attr)
{
    for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
        if (groups[i].set_attr == attr) {
            return &groups[i];
        }
    }
    return NULL;
}

/* Field access. */

static const uint8_t *
field_ptr(const struct flow *flow, const struct field *f)
{
    return (const uint8_t *) flow + f->ofs;
}

static uint64_t
field_get_int(const struct flow *flow, const struct field *f)
{
    const uint8_t *p = field_ptr(flow, f);
    switch (f->size) {
    case 1:
        return *p;
    case 2: {
        uint16_t v;
        memcpy(&v, p, 2);
        return f->be ? ntohs(v) : v;
    }
    case 4: {
        uint32_t v;
        memcpy(&v, p, 4);
        return f->be ? ntohl(v) : v;
    }
    }
    OVS_NOT_REACHED();
}

static void
field_put_int(struct flow *flow, const struct field *f, uint64_t value)
{
    uint8_t *p = (uint8_t *) flow + f->ofs;
    switch (f->size) {
    case 1:
        *p = value;
        return;
    case 2: {
        uint16_t v = f->be ? htons(value) : value;
        memcpy(p, &v, 2);
        return;
    }
    case 4: {
        uint32_t v = f->be ? htonl(value) : value;
        memcpy(p, &v, 4);
        return;
    }
    }
    OVS_NOT_REACHED();
}

static bool
field_is_zero(const struct flow *flow, const struct field *f)
{
    const uint8_t *p = field_ptr(flow, f);
    for (size_t i = 0; i < f->size; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

static bool
field_is_ones(const struct flow *flow, const struct field *f)
{
    if (f->type == FT_FRAG) {
        return field_get_int(flow, f) == FLOW_NW_FRAG_MASK;
    }
    if (f->type == FT_HEX && f->ofs == offsetof(struct flow, ipv6_label)) {
        return field_get_int(flow, f) == 0xfffff;
    }
    if (f->ofs == offsetof(struct flow, tcp_flags)) {
        return field_get_int(flow, f) == 0xfff;
    }
    const uint8_t *p = field_ptr(flow, f);
    for (size_t i = 0; i < f->size; i++) {
        if (p[i] != 0xff) {
            return false;
        }
    }
    return true;
}

static void
format_int(struct ds *s, enum field_type type, uint64_t v)
{
    if (type == FT_DEC) {
        ds_put_format(s, "%"PRIu64, v);
    } else if (type == FT_HEX4) {
        ds_put_format(s, "0x%04"PRIx64, v);
    } else {
        ds_put_format(s, "%#"PRIx64, v);
    }
}

static const char *
frag_name(uint64_t v)
{
    return (v == 0 ? "no"
            : v == FLOW_NW_FRAG_ANY ? "first"
            : v == (FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER) ? "later"
            : NULL);
}

static void
format_field(struct ds *s, const struct field *f, const struct match *m)
{
    const struct flow *v = &m->flow, *mask = &m->wc.masks;
    bool exact = field_is_ones(mask, f);

    switch (f->type) {
    case FT_ETH: {
        struct eth_addr a, b;
        memcpy(&a, field_ptr(v, f), 6);
        memcpy(&b, field_ptr(mask, f), 6);
        eth_format_addr(s, a);
        if (!exact) {
            ds_put_char(s, '/');
            eth_format_addr(s, b);
        }
        break;
    }
    case FT_IPV4: {
        ovs_be32 a, b;
        memcpy(&a, field_ptr(v, f), 4);
        memcpy(&b, field_ptr(mask, f), 4);
        ds_put_format(s, IP_FMT, IP_ARGS(a));
        if (!exact) {
            ds_put_format(s, "/"IP_FMT, IP_ARGS(b));
        }
        break;
    }
    case FT_IPV6: {
        struct in6_addr a, b;
        memcpy(&a, field_ptr(v, f), 16);
        memcpy(&b, field_ptr(mask, f), 16);
        ipv6_format_addr(&a, s);
        if (!exact) {
            ds_put_char(s, '/');
            ipv6_format_addr(&b, s);
        }
        break;
    }
    case FT_FRAG: {
        const char *name = frag_name(field_get_int(v, f));
        if (exact && name) {
            ds_put_cstr(s, name);
        } else {
            ds_put_format(s, "%#"PRIx64"/%#"PRIx64, field_get_int(v, f),
                          field_get_int(mask, f));
        }
        break;
    }
    case FT_DEC:
    case FT_HEX:
    case FT_HEX4:
        format_int(s, f->type, field_get_int(v, f));
        if (!exact) {
            ds_put_format(s, "/%#"PRIx64, field_get_int(mask, f));
        }
        break;
    }
}

/* Appends group 'g' of 'm' (with a leading comma if 's' is not at
 * 'start'), or nothing if all its fields are wildcarded. */
static void
format_group(struct ds *s, size_t start, const struct group *g,
             const struct match *m)
{
    bool any = false;
    for (size_t i = 0; i < g->n_fields; i++) {
        const struct field *f = &g->fields[i];
        if (field_is_zero(&m->wc.masks, f)) {
            continue;
        }
        if (!any) {
            if (s->length > start) {
                ds_put_char(s, ',');
            }
            ds_put_format(s, "%s(", g->name);
            any = true;
        } else {
            ds_put_char(s, ',');
        }
        if (f->name) {
            ds_put_format(s, "%s=", f->name);
        }
        format_field(s, f, m);
    }
    if (any) {
        ds_put_char(s, ')');
    }
}

static bool
prereq_ok(enum prereq p, const struct flow *flow)
{
    bool ip4 = flow->dl_type == htons(ETH_TYPE_IP);
    bool ip6 = flow->dl_type == htons(ETH_TYPE_IPV6);
    bool ip = ip4 || ip6;
    switch (p) {
    case PR_NONE: return true;
    case PR_IPV4: return ip4;
    case PR_IPV6: return ip6;
    case PR_ARP: return (flow->dl_type == htons(ETH_TYPE_ARP)
                         || flow->dl_type == htons(ETH_TYPE_RARP));
    case PR_TCP: return ip && flow->nw_proto == IPPROTO_TCP;
    case PR_UDP: return ip && flow->nw_proto == IPPROTO_UDP;
    case PR_SCTP: return ip && flow->nw_proto == IPPROTO_SCTP;
    case PR_ICMP: return ip4 && flow->nw_proto == IPPROTO_ICMP;
    case PR_ICMPV6: return ip6 && flow->nw_proto == IPPROTO_ICMPV6;
    case PR_ND: return (ip6 && flow->nw_proto == IPPROTO_ICMPV6
                        && (flow->tp_src == htons(135)
                            || flow->tp_src == htons(136))
                        && !flow->tp_dst);
    }
    return false;
}

/* Formats VLAN tag 'level' and everything inside it. */
static void
format_l2_5(struct ds *s, size_t start, const struct match *m, int level)
{
    /* A match on "no tag here" (CFI matched as 0) prints as nothing, as
     * a datapath key without a VLAN shows it. */
    if (level < FLOW_MAX_VLAN_HEADERS && m->wc.masks.vlans[level].tci
        && !((m->wc.masks.vlans[level].tci & htons(VLAN_CFI))
             && !(m->flow.vlans[level].tci & htons(VLAN_CFI)))) {
        ovs_be16 tpid = m->flow.vlans[level].tpid;
        ovs_be16 tci = m->flow.vlans[level].tci;
        ovs_be16 tmask = m->wc.masks.vlans[level].tci;
        if (s->length > start) {
            ds_put_char(s, ',');
        }
        ds_put_format(s, "eth_type(0x%04"PRIx16")",
                      ntohs(tpid ? tpid : htons(ETH_TYPE_VLAN)));
        ds_put_cstr(s, ",vlan(");
        bool any = false;
        uint16_t vid_mask = ntohs(tmask) & VLAN_VID_MASK;
        uint16_t pcp_mask = (ntohs(tmask) & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT;
        if (vid_mask) {
            ds_put_format(s, "vid=%u", vlan_tci_to_vid(tci));
            if (vid_mask != VLAN_VID_MASK) {
                ds_put_format(s, "/%#x", vid_mask);
            }
            any = true;
        }
        if (pcp_mask) {
            ds_put_format(s, "%spcp=%u", any ? "," : "",
                          vlan_tci_to_pcp(tci));
            if (pcp_mask != 7) {
                ds_put_format(s, "/%#x", pcp_mask);
            }
            any = true;
        }
        ds_put_cstr(s, "),encap(");
        size_t inner = s->length;
        format_l2_5(s, inner, m, level + 1);
        ds_put_char(s, ')');
        return;
    }
    for (size_t i = FIRST_L3_GROUP; i < ARRAY_SIZE(groups); i++) {
        if (prereq_ok(groups[i].prereq, &m->flow)) {
            format_group(s, start, &groups[i], m);
        }
    }
}

void
odp_flow_format(const struct match *m, struct ds *s)
{
    size_t start = s->length;
    for (size_t i = 0; i < FIRST_L3_GROUP; i++) {
        format_group(s, start, &groups[i], m);
    }
    format_l2_5(s, start, m, 0);
}

/* Flow parsing. */

struct parser {
    const char *p;
    struct match *m;
    uint32_t parsed;            /* 1 << index in 'groups' of each group. */
};

static char * OVS_PRINTF_FORMAT(2, 3) OVS_WARN_UNUSED_RESULT
parse_error(const struct parser *ps, const char *format, ...)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    va_list args;
    va_start(args, format);
    ds_put_format_valist(&s, format, args);
    va_end(args);
    if (*ps->p) {
        ds_put_format(&s, " (at \"%.20s\")", ps->p);
    }
    return ds_steal_cstr(&s);
}

static void
skip_space(struct parser *ps)
{
    while (isspace((unsigned char) *ps->p)) {
        ps->p++;
    }
}

/* Reads a name [a-z0-9_] into 'name' (length in '*len'). */
static bool
read_name(struct parser *ps, const char **name, size_t *len)
{
    skip_space(ps);
    *name = ps->p;
    while (isalnum((unsigned char) *ps->p) || *ps->p == '_') {
        ps->p++;
    }
    *len = ps->p - *name;
    return *len > 0;
}

/* Reads a value token up to ',' or ')' at depth 0. */
static char *
read_token(struct parser *ps)
{
    skip_space(ps);
    const char *start = ps->p;
    while (*ps->p && *ps->p != ',' && *ps->p != ')') {
        ps->p++;
    }
    const char *end = ps->p;
    while (end > start && isspace((unsigned char) end[-1])) {
        end--;
    }
    return xmemdup0(start, end - start);
}

static bool
parse_uint(const char *s, uint64_t max, uint64_t *v)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char) *s)) {
        return false;
    }
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end || x > max) {
        return false;
    }
    *v = x;
    return true;
}

/* Parses 'token' as field 'f' into 'ps->m'. */
static char *
parse_field(struct parser *ps, const struct field *f, const char *gname,
            const char *token)
{
    struct flow *v = &ps->m->flow, *mask = &ps->m->wc.masks;
    char *error = NULL;

    switch (f->type) {
    case FT_ETH: {
        struct eth_addr a, b;
        error = eth_addr_parse_masked(token, &a, &b);
        if (!error) {
            memcpy((uint8_t *) v + f->ofs, &a, 6);
            memcpy((uint8_t *) mask + f->ofs, &b, 6);
        }
        break;
    }
    case FT_IPV4: {
        ovs_be32 a, b;
        error = ip_parse_masked(token, &a, &b);
        if (!error) {
            memcpy((uint8_t *) v + f->ofs, &a, 4);
            memcpy((uint8_t *) mask + f->ofs, &b, 4);
        }
        break;
    }
    case FT_IPV6: {
        struct in6_addr a, b;
        error = ipv6_parse_masked(token, &a, &b);
        if (!error) {
            memcpy((uint8_t *) v + f->ofs, &a, 16);
            memcpy((uint8_t *) mask + f->ofs, &b, 16);
        }
        break;
    }
    case FT_FRAG:
        if (!strcmp(token, "no") || !strcmp(token, "first")
            || !strcmp(token, "later")) {
            field_put_int(v, f, (token[0] == 'n' ? 0
                                 : token[0] == 'f' ? FLOW_NW_FRAG_ANY
                                 : FLOW_NW_FRAG_MASK));
            field_put_int(mask, f, FLOW_NW_FRAG_MASK);
            break;
        }
        /* Otherwise a numeric value/mask. */
        /* fall through */
    case FT_DEC:
    case FT_HEX:
    case FT_HEX4: {
        uint64_t max = f->size == 8 ? UINT64_MAX
                       : (UINT64_C(1) << (f->size * 8)) - 1;
        uint64_t full = max;
        if (f->ofs == offsetof(struct flow, ipv6_label)) {
            full = max = 0xfffff;
        } else if (f->ofs == offsetof(struct flow, tcp_flags)) {
            full = max = 0xfff;
        } else if (f->type == FT_FRAG) {
            full = max = FLOW_NW_FRAG_MASK;
        }
        char *copy = xstrdup(token);
        char *slash = strchr(copy, '/');
        uint64_t x, y = full;
        if (slash) {
            *slash = '\0';
        }
        if (!parse_uint(copy, max, &x)
            || (slash && !parse_uint(slash + 1, max, &y))) {
            error = xasprintf("%s(%s%s%s): not a number or out of range",
                              gname, f->name ? f->name : "",
                              f->name ? "=" : "", token);
        } else {
            field_put_int(v, f, x & y);
            field_put_int(mask, f, y);
        }
        free(copy);
        break;
    }
    }
    if (error && f->type != FT_DEC && f->type != FT_HEX
        && f->type != FT_HEX4 && f->type != FT_FRAG) {
        char *e = xasprintf("%s(%s%s%s): %s", gname,
                            f->name ? f->name : "", f->name ? "=" : "",
                            token, error);
        free(error);
        error = e;
    }
    return error;
}

/* Parses the body of group 'g' (after "NAME(") up to and including the
 * closing ')'. */
static char *
parse_group_body(struct parser *ps, const struct group *g)
{
    if (!g->fields[0].name) {
        char *token = read_token(ps);
        char *error = parse_field(ps, &g->fields[0], g->name, token);
        free(token);
        if (error) {
            return error;
        }
    } else {
        skip_space(ps);
        while (*ps->p != ')') {
            const char *name;
            size_t len;
            if (!read_name(ps, &name, &len) || *ps->p != '=') {
                return parse_error(ps, "%s: expected FIELD=VALUE", g->name);
            }
            const struct field *f = NULL;
            for (size_t i = 0; i < g->n_fields; i++) {
                if (strlen(g->fields[i].name) == len
                    && !memcmp(g->fields[i].name, name, len)) {
                    f = &g->fields[i];
                }
            }
            if (!f) {
                return parse_error(ps, "%s: unknown field \"%.*s\"",
                                   g->name, (int) len, name);
            }
            ps->p++;
            char *token = read_token(ps);
            char *error = parse_field(ps, f, g->name, token);
            free(token);
            if (error) {
                return error;
            }
            if (*ps->p == ',') {
                ps->p++;
                skip_space(ps);
            } else if (*ps->p != ')') {
                return parse_error(ps, "%s: missing ')'", g->name);
            }
        }
    }
    if (*ps->p != ')') {
        return parse_error(ps, "%s: missing ')'", g->name);
    }
    ps->p++;
    return NULL;
}

static char *parse_groups(struct parser *, int level, bool nested);

static char *
parse_vlan(struct parser *ps, int level)
{
    if (level >= FLOW_MAX_VLAN_HEADERS) {
        return parse_error(ps, "too many VLAN headers");
    }
    struct flow *v = &ps->m->flow, *mask = &ps->m->wc.masks;
    /* The eth_type before "vlan(" was the TPID. */
    v->vlans[level].tpid = v->dl_type ? v->dl_type : htons(ETH_TYPE_VLAN);
    mask->vlans[level].tpid = OVS_BE16_MAX_ODP;
    v->dl_type = mask->dl_type = 0;

    uint16_t tci = VLAN_CFI, tmask = VLAN_CFI;
    skip_space(ps);
    while (*ps->p != ')') {
        const char *name;
        size_t len;
        if (!read_name(ps, &name, &len) || *ps->p != '=') {
            return parse_error(ps, "vlan: expected FIELD=VALUE");
        }
        ps->p++;
        char *token = read_token(ps);
        char *slash = strchr(token, '/');
        uint64_t x = 0, y = 0;
        bool ok;
        if (slash) {
            *slash = '\0';
        }
        if (len == 3 && !memcmp(name, "vid", 3)) {
            ok = parse_uint(token, 4095, &x)
                 && (!slash || parse_uint(slash + 1, 4095, &y));
            if (!slash) {
                y = VLAN_VID_MASK;
            }
            tci |= x & y;
            tmask |= y;
        } else if (len == 3 && !memcmp(name, "pcp", 3)) {
            ok = parse_uint(token, 7, &x)
                 && (!slash || parse_uint(slash + 1, 7, &y));
            if (!slash) {
                y = 7;
            }
            tci |= (x & y) << VLAN_PCP_SHIFT;
            tmask |= y << VLAN_PCP_SHIFT;
        } else {
            ok = false;
        }
        free(token);
        if (!ok) {
            return parse_error(ps, "vlan: bad field or value");
        }
        if (*ps->p == ',') {
            ps->p++;
            skip_space(ps);
        } else if (*ps->p != ')') {
            return parse_error(ps, "vlan: missing ')'");
        }
    }
    ps->p++;
    v->vlans[level].tci = htons(tci);
    mask->vlans[level].tci = htons(tmask);

    skip_space(ps);
    if (*ps->p == ',') {
        ps->p++;
        skip_space(ps);
    }
    if (strncmp(ps->p, "encap(", 6)) {
        return NULL;            /* A tag with nothing known inside. */
    }
    ps->p += 6;
    char *error = parse_groups(ps, level + 1, true);
    if (!error && *ps->p++ != ')') {
        error = parse_error(ps, "encap: missing ')'");
    }
    return error;
}

/* Parses comma-separated groups until the end of the string or, if
 * 'nested', a ')' (not consumed). */
static char *
parse_groups(struct parser *ps, int level, bool nested)
{
    for (;;) {
        skip_space(ps);
        if (!*ps->p || (nested && *ps->p == ')')) {
            return NULL;
        }
        const char *name;
        size_t len;
        if (!read_name(ps, &name, &len) || *ps->p != '(') {
            return parse_error(ps, "expected NAME(...)");
        }
        ps->p++;
        char *error;
        if (len == 4 && !memcmp(name, "vlan", 4)) {
            error = parse_vlan(ps, level);
        } else {
            const struct group *g = group_by_name(name, len);
            if (!g) {
                return parse_error(ps, "unknown flow key \"%.*s\"",
                                   (int) len, name);
            }
            error = parse_group_body(ps, g);
            ps->parsed |= 1u << (g - groups);
        }
        if (error) {
            return error;
        }
        skip_space(ps);
        if (*ps->p == ',') {
            ps->p++;
        } else if (*ps->p && !(nested && *ps->p == ')')) {
            return parse_error(ps, "expected ',' between keys");
        }
    }
}

char *
odp_flow_from_string(const char *s, struct match *m)
{
    match_init_catchall(m);
    struct parser ps = { .p = s, .m = m };
    char *error = parse_groups(&ps, 0, false);
    if (error) {
        return error;
    }
    flow_zero_wildcards(&m->flow, &m->wc);

    /* A group that does not fit the rest (tcp() without proto=6...) would
     * silently not match what the user meant. */
    for (size_t i = FIRST_L3_GROUP; i < ARRAY_SIZE(groups); i++) {
        const struct group *g = &groups[i];
        if (!(ps.parsed & (1u << i)) || g->prereq == PR_NONE) {
            continue;
        }
        bool exact = m->wc.masks.dl_type == htons(0xffff)
                     && (g->prereq <= PR_ARP
                         || m->wc.masks.nw_proto == 0xff);
        if (!exact || !prereq_ok(g->prereq, &m->flow)) {
            return xasprintf("%s(...) needs an exact eth_type%s that "
                             "matches it", g->name,
                             g->prereq > PR_ARP ? " and IP proto" : "");
        }
    }
    return NULL;
}

/* Actions: set(KEY) keys <-> a match holding one group. */

static void
set_key_to_match(int attr, const void *key, const void *mask_,
                 struct match *m)
{
    struct flow *v = &m->flow, *mask = &m->wc.masks;
    match_init_catchall(m);

    for (int pass = 0; pass < 2; pass++) {
        struct flow *dst = pass ? mask : v;
        const void *src = pass ? mask_ : key;
        if (!src) {
            /* Unmasked set: every field of the group is exact. */
            const struct group *g = group_by_set_attr(attr);
            for (size_t i = 0; i < g->n_fields; i++) {
                const struct field *f = &g->fields[i];
                uint8_t *p = (uint8_t *) mask + f->ofs;
                memset(p, 0xff, f->size);
                if (f->type == FT_FRAG) {
                    *p = FLOW_NW_FRAG_MASK;
                } else if (f->ofs == offsetof(struct flow, ipv6_label)) {
                    dst->ipv6_label = htonl(0xfffff);
                }
            }
            continue;
        }
        switch (attr) {
        case OVS_KEY_ATTR_ETHERNET: {
            const struct ovs_key_ethernet *e = src;
            memcpy(&dst->dl_src, e->eth_src, 6);
            memcpy(&dst->dl_dst, e->eth_dst, 6);
            break;
        }
        case OVS_KEY_ATTR_IPV4: {
            const struct ovs_key_ipv4 *k = src;
            dst->nw_src = k->ipv4_src;
            dst->nw_dst = k->ipv4_dst;
            dst->nw_proto = k->ipv4_proto;
            dst->nw_tos = k->ipv4_tos;
            dst->nw_ttl = k->ipv4_ttl;
            dst->nw_frag = (pass ? (k->ipv4_frag ? FLOW_NW_FRAG_MASK : 0)
                            : k->ipv4_frag == OVS_FRAG_TYPE_FIRST
                            ? FLOW_NW_FRAG_ANY
                            : k->ipv4_frag == OVS_FRAG_TYPE_LATER
                            ? FLOW_NW_FRAG_MASK : 0);
            break;
        }
        case OVS_KEY_ATTR_IPV6: {
            const struct ovs_key_ipv6 *k = src;
            memcpy(&dst->ipv6_src, k->ipv6_src, 16);
            memcpy(&dst->ipv6_dst, k->ipv6_dst, 16);
            dst->ipv6_label = k->ipv6_label;
            dst->nw_proto = k->ipv6_proto;
            dst->nw_tos = k->ipv6_tclass;
            dst->nw_ttl = k->ipv6_hlimit;
            break;
        }
        case OVS_KEY_ATTR_TCP:
        case OVS_KEY_ATTR_UDP: {
            const struct ovs_key_tcp *k = src;
            dst->tp_src = k->tcp_src;
            dst->tp_dst = k->tcp_dst;
            break;
        }
        case OVS_KEY_ATTR_PRIORITY:
            memcpy(&dst->skb_priority, src, 4);
            break;
        case OVS_KEY_ATTR_SKB_MARK:
            memcpy(&dst->pkt_mark, src, 4);
            break;
        }
    }
}

/* Builds the key struct for 'attr' from 'flow' into 'buf' and returns its
 * size.  'is_mask': 'flow' holds a mask. */
static size_t
match_to_set_key(int attr, const struct flow *flow, bool is_mask,
                 void *buf)
{
    switch (attr) {
    case OVS_KEY_ATTR_ETHERNET: {
        struct ovs_key_ethernet *e = buf;
        memcpy(e->eth_src, &flow->dl_src, 6);
        memcpy(e->eth_dst, &flow->dl_dst, 6);
        return sizeof *e;
    }
    case OVS_KEY_ATTR_IPV4: {
        struct ovs_key_ipv4 *k = buf;
        k->ipv4_src = flow->nw_src;
        k->ipv4_dst = flow->nw_dst;
        k->ipv4_proto = flow->nw_proto;
        k->ipv4_tos = flow->nw_tos;
        k->ipv4_ttl = flow->nw_ttl;
        k->ipv4_frag = (is_mask ? (flow->nw_frag ? 0xff : 0)
                        : flow->nw_frag == FLOW_NW_FRAG_ANY
                        ? OVS_FRAG_TYPE_FIRST
                        : flow->nw_frag ? OVS_FRAG_TYPE_LATER
                        : OVS_FRAG_TYPE_NONE);
        return sizeof *k;
    }
    case OVS_KEY_ATTR_IPV6: {
        struct ovs_key_ipv6 *k = buf;
        memset(k, 0, sizeof *k);
        memcpy(k->ipv6_src, &flow->ipv6_src, 16);
        memcpy(k->ipv6_dst, &flow->ipv6_dst, 16);
        k->ipv6_label = flow->ipv6_label;
        k->ipv6_proto = flow->nw_proto;
        k->ipv6_tclass = flow->nw_tos;
        k->ipv6_hlimit = flow->nw_ttl;
        return sizeof *k;
    }
    case OVS_KEY_ATTR_TCP:
    case OVS_KEY_ATTR_UDP: {
        struct ovs_key_tcp *k = buf;
        k->tcp_src = flow->tp_src;
        k->tcp_dst = flow->tp_dst;
        return sizeof *k;
    }
    case OVS_KEY_ATTR_PRIORITY:
        memcpy(buf, &flow->skb_priority, 4);
        return 4;
    case OVS_KEY_ATTR_SKB_MARK:
        memcpy(buf, &flow->pkt_mark, 4);
        return 4;
    }
    OVS_NOT_REACHED();
}

/* Actions: formatting. */

static void format_actions(const struct nlattr *, size_t, struct ds *);

/* An MPLS label stack entry, "label=L,tc=T,ttl=TTL,bos=B", each field
 * followed by "/MASK" if 'mask' is nonnull.  (MPLS is not a group: its
 * fields are bit fields of one 32-bit word.) */
static void
format_mpls_lse(struct ds *s, ovs_be32 lse, const ovs_be32 *mask)
{
    ds_put_format(s, "label=%"PRIu32, mpls_lse_to_label(lse));
    if (mask) {
        ds_put_format(s, "/%#"PRIx32, mpls_lse_to_label(*mask));
    }
    ds_put_format(s, ",tc=%d", mpls_lse_to_tc(lse));
    if (mask) {
        ds_put_format(s, "/%#x", mpls_lse_to_tc(*mask));
    }
    ds_put_format(s, ",ttl=%d", mpls_lse_to_ttl(lse));
    if (mask) {
        ds_put_format(s, "/%#x", mpls_lse_to_ttl(*mask));
    }
    ds_put_format(s, ",bos=%d", mpls_lse_to_bos(lse));
    if (mask) {
        ds_put_format(s, "/%#x", mpls_lse_to_bos(*mask));
    }
}

static void
format_set(const struct nlattr *a, bool masked, struct ds *s)
{
    const struct nlattr *key = nl_attr_get(a);
    int attr = nl_attr_type(key);
    const struct group *g = group_by_set_attr(attr);
    size_t size = nl_attr_get_size(key);
    if (masked) {
        size /= 2;
    }
    if (attr == OVS_KEY_ATTR_MPLS && size == sizeof(ovs_be32)
        && nl_attr_get_size(a) >= NLA_HDRLEN) {
        const ovs_be32 *lse = nl_attr_get(key);
        ds_put_cstr(s, "set(mpls(");
        format_mpls_lse(s, lse[0], masked ? &lse[1] : NULL);
        ds_put_cstr(s, "))");
        return;
    }
    struct match m;
    if (!g || nl_attr_get_size(a) < NLA_HDRLEN) {
        ds_put_format(s, "set(key%d(", attr);
        ds_put_hex_dump(s, nl_attr_get(key), nl_attr_get_size(key), 0,
                        false);
        ds_chomp(s, '\n');
        ds_put_cstr(s, "))");
        return;
    }
    set_key_to_match(attr, nl_attr_get(key),
                     masked ? (const char *) nl_attr_get(key) + size : NULL,
                     &m);
    ds_put_cstr(s, "set(");
    size_t start = s->length;
    format_group(s, start, g, &m);
    if (s->length == start) {
        ds_put_format(s, "%s()", g->name);
    }
    ds_put_char(s, ')');
}

static void
format_userspace(const struct nlattr *a, struct ds *s)
{
    const struct nlattr *u;
    size_t left;
    ds_put_cstr(s, "userspace(");
    const struct nlattr *pid = nl_attr_find_nested(a,
                                                   OVS_USERSPACE_ATTR_PID);
    ds_put_format(s, "pid=%"PRIu32, pid ? nl_attr_get_u32(pid) : 0);
    NL_NESTED_FOR_EACH (u, left, a) {
        switch (nl_attr_type(u)) {
        case OVS_USERSPACE_ATTR_USERDATA: {
            const uint8_t *d = nl_attr_get(u);
            ds_put_cstr(s, ",userdata(");
            for (size_t i = 0; i < nl_attr_get_size(u); i++) {
                ds_put_format(s, "%02x", d[i]);
            }
            ds_put_char(s, ')');
            break;
        }
        case OVS_USERSPACE_ATTR_EGRESS_TUN_PORT:
            ds_put_format(s, ",tunnel_out_port=%"PRIu32,
                          nl_attr_get_u32(u));
            break;
        case OVS_USERSPACE_ATTR_ACTIONS:
            ds_put_cstr(s, ",actions");
            break;
        }
    }
    ds_put_char(s, ')');
}

static void
format_action(const struct nlattr *a, struct ds *s)
{
    switch (nl_attr_type(a)) {
    case OVS_ACTION_ATTR_OUTPUT:
        ds_put_format(s, "%"PRIu32, nl_attr_get_u32(a));
        break;
    case OVS_ACTION_ATTR_USERSPACE:
        format_userspace(a, s);
        break;
    case OVS_ACTION_ATTR_PUSH_VLAN: {
        const struct ovs_action_push_vlan *v = nl_attr_get(a);
        ds_put_cstr(s, "push_vlan(");
        if (v->vlan_tpid != htons(ETH_TYPE_VLAN)) {
            ds_put_format(s, "tpid=0x%04"PRIx16",", ntohs(v->vlan_tpid));
        }
        ds_put_format(s, "vid=%u,pcp=%u", vlan_tci_to_vid(v->vlan_tci),
                      vlan_tci_to_pcp(v->vlan_tci));
        if (!(v->vlan_tci & htons(VLAN_CFI))) {
            ds_put_cstr(s, ",cfi=0");
        }
        ds_put_char(s, ')');
        break;
    }
    case OVS_ACTION_ATTR_POP_VLAN:
        ds_put_cstr(s, "pop_vlan");
        break;
    case OVS_ACTION_ATTR_PUSH_MPLS: {
        const struct ovs_action_push_mpls *m = nl_attr_get(a);
        ds_put_cstr(s, "push_mpls(");
        format_mpls_lse(s, m->mpls_lse, NULL);
        ds_put_format(s, ",eth_type=%#"PRIx16")", ntohs(m->mpls_ethertype));
        break;
    }
    case OVS_ACTION_ATTR_POP_MPLS:
        ds_put_format(s, "pop_mpls(eth_type=%#"PRIx16")",
                      ntohs(nl_attr_get_be16(a)));
        break;
    case OVS_ACTION_ATTR_SET:
        format_set(a, false, s);
        break;
    case OVS_ACTION_ATTR_SET_MASKED:
        format_set(a, true, s);
        break;
    case OVS_ACTION_ATTR_RECIRC:
        ds_put_format(s, "recirc(%#"PRIx32")", nl_attr_get_u32(a));
        break;
    case OVS_ACTION_ATTR_HASH: {
        const struct ovs_action_hash *h = nl_attr_get(a);
        if (h->hash_alg == OVS_HASH_ALG_L4) {
            ds_put_format(s, "hash(l4(%"PRIu32"))", h->hash_basis);
        } else {
            ds_put_format(s, "hash(alg%"PRIu32"(%"PRIu32"))", h->hash_alg,
                          h->hash_basis);
        }
        break;
    }
    case OVS_ACTION_ATTR_TRUNC:
        ds_put_format(s, "trunc(%"PRIu32")", nl_attr_get_u32(a));
        break;
    case OVS_ACTION_ATTR_METER:
        ds_put_format(s, "meter(%"PRIu32")", nl_attr_get_u32(a));
        break;
    case OVS_ACTION_ATTR_SAMPLE: {
        const struct nlattr *p = nl_attr_find_nested(
            a, OVS_SAMPLE_ATTR_PROBABILITY);
        const struct nlattr *acts = nl_attr_find_nested(
            a, OVS_SAMPLE_ATTR_ACTIONS);
        double pct = p ? nl_attr_get_u32(p) * 100.0 / UINT32_MAX : 0;
        ds_put_format(s, "sample(sample=%.1f%%,actions(", pct);
        if (acts) {
            format_actions(nl_attr_get(acts), nl_attr_get_size(acts), s);
        }
        ds_put_cstr(s, "))");
        break;
    }
    case OVS_ACTION_ATTR_CLONE:
        ds_put_cstr(s, "clone(");
        format_actions(nl_attr_get(a), nl_attr_get_size(a), s);
        ds_put_char(s, ')');
        break;
    default:
        ds_put_format(s, "action%d", nl_attr_type(a));
        break;
    }
}

static void
format_actions(const struct nlattr *actions, size_t size, struct ds *s)
{
    const struct nlattr *a;
    size_t left;
    bool first = true;
    if (!size) {
        ds_put_cstr(s, "drop");
        return;
    }
    NL_ATTR_FOR_EACH (a, left, actions, size) {
        if (!first) {
            ds_put_char(s, ',');
        }
        first = false;
        format_action(a, s);
    }
    if (left) {
        ds_put_format(s, "%s<%zu invalid bytes>", first ? "" : ",", left);
    }
}

void
odp_actions_format(const struct nlattr *actions, size_t size, struct ds *s)
{
    format_actions(actions, size, s);
}

void
odp_format_dpif_flow(const struct dpif_flow *f, bool show_ufid,
                     struct ds *s)
{
    if (show_ufid) {
        odp_format_ufid(&f->ufid, s);
        ds_put_cstr(s, ", ");
    }
    odp_flow_format(&f->match, s);
    ds_put_cstr(s, ", ");
    dpif_flow_stats_format(&f->stats, s);
    ds_put_cstr(s, ", actions:");
    odp_actions_format(f->actions, f->actions_len, s);
}

/* Actions: parsing. */

static char *parse_action_list(struct parser *, struct ofpbuf *,
                               bool nested);

static bool
match_prefix(struct parser *ps, const char *prefix)
{
    size_t n = strlen(prefix);
    if (!strncmp(ps->p, prefix, n)) {
        ps->p += n;
        return true;
    }
    return false;
}

static char *
expect_char(struct parser *ps, char c, const char *what)
{
    skip_space(ps);
    if (*ps->p != c) {
        return parse_error(ps, "%s: expected '%c'", what, c);
    }
    ps->p++;
    return NULL;
}

/* Parses an unsigned number ending at ')' or ','. */
static char *
parse_number(struct parser *ps, uint64_t max, uint64_t *v, const char *what)
{
    char *token = read_token(ps);
    bool ok = parse_uint(token, max, v);
    free(token);
    return ok ? NULL : parse_error(ps, "%s: bad number", what);
}

/* Parses the fields of an MPLS label stack entry up to and including the
 * closing ')': "label=L,tc=T,ttl=TTL,bos=B" in any order, each with an
 * optional "/MASK" (then '*has_mask' is set).  A field left out is zero
 * and, for a mask, wildcarded.  With 'eth_type' nonnull, "eth_type=T" is
 * accepted as well (push_mpls). */
static char *
parse_mpls_lse(struct parser *ps, ovs_be32 *lse, ovs_be32 *mask,
               bool *has_mask, ovs_be16 *eth_type)
{
    static const struct {
        const char *name;
        uint32_t max;
        int shift;
    } fields[] = {
        { "label", 0xfffff, MPLS_LABEL_SHIFT }, { "tc", 7, MPLS_TC_SHIFT },
        { "ttl", 255, MPLS_TTL_SHIFT }, { "bos", 1, MPLS_BOS_SHIFT },
    };
    uint32_t v = 0, m = 0;

    *has_mask = false;
    while (*ps->p != ')') {
        const char *name;
        size_t len;
        uint64_t x, xm = 0;
        if (!read_name(ps, &name, &len) || *ps->p != '=') {
            return parse_error(ps, "mpls: expected FIELD=VALUE");
        }
        ps->p++;
        if (eth_type && len == 8 && !memcmp(name, "eth_type", 8)) {
            char *error = parse_number(ps, 0xffff, &x, "eth_type");
            if (error) {
                return error;
            }
            *eth_type = htons(x);
        } else {
            size_t i;
            for (i = 0; i < ARRAY_SIZE(fields); i++) {
                if (strlen(fields[i].name) == len
                    && !memcmp(name, fields[i].name, len)) {
                    break;
                }
            }
            if (i == ARRAY_SIZE(fields)) {
                return parse_error(ps, "mpls: unknown field \"%.*s\"",
                                   (int) len, name);
            }
            char *token = read_token(ps);
            char *slash = strchr(token, '/');
            if (slash) {
                *slash = '\0';
                *has_mask = true;
            }
            bool ok = (parse_uint(token, fields[i].max, &x)
                       && (!slash || parse_uint(slash + 1, fields[i].max,
                                                &xm)));
            free(token);
            if (!ok) {
                return parse_error(ps, "mpls %s: bad number",
                                   fields[i].name);
            }
            v |= x << fields[i].shift;
            m |= (slash ? xm : fields[i].max) << fields[i].shift;
        }
        if (*ps->p == ',') {
            ps->p++;
        } else if (*ps->p != ')') {
            return parse_error(ps, "mpls: expected ',' or ')'");
        }
    }
    ps->p++;
    *lse = htonl(v & m);
    *mask = htonl(m);
    return NULL;
}

static char *
parse_set(struct parser *ps, struct ofpbuf *b)
{
    const char *name;
    size_t len;
    if (!read_name(ps, &name, &len) || *ps->p != '(') {
        return parse_error(ps, "set: expected KEY(...)");
    }
    ps->p++;
    if (len == 4 && !memcmp(name, "mpls", 4)) {
        ovs_be32 lse[2];
        bool has_mask;
        char *error = parse_mpls_lse(ps, &lse[0], &lse[1], &has_mask,
                                     NULL);
        if (error) {
            return error;
        }
        size_t ofs = nl_msg_start_nested(b, has_mask
                                         ? OVS_ACTION_ATTR_SET_MASKED
                                         : OVS_ACTION_ATTR_SET);
        nl_msg_put_unspec(b, OVS_KEY_ATTR_MPLS, lse,
                          has_mask ? sizeof lse : sizeof lse[0]);
        nl_msg_end_nested(b, ofs);
        return expect_char(ps, ')', "set");
    }
    const struct group *g = group_by_name(name, len);
    if (!g || g->set_attr < 0) {
        return parse_error(ps, "set: cannot set \"%.*s\"", (int) len, name);
    }
    struct match m;
    match_init_catchall(&m);
    struct parser sub = { .p = ps->p, .m = &m };
    char *error = parse_group_body(&sub, g);
    if (error) {
        return error;
    }
    ps->p = sub.p;

    union {
        struct ovs_key_ipv6 ipv6;   /* The largest. */
        uint8_t bytes[64];
    } key, mask;
    memset(&key, 0, sizeof key);
    memset(&mask, 0, sizeof mask);
    size_t size = match_to_set_key(g->set_attr, &m.flow, false, &key);
    match_to_set_key(g->set_attr, &m.wc.masks, true, &mask);

    /* A set that covers every field of the group is a plain set;
     * otherwise a masked one. */
    bool full = true;
    for (size_t i = 0; i < g->n_fields; i++) {
        full = full && field_is_ones(&m.wc.masks, &g->fields[i]);
    }
    if (g->set_attr == OVS_KEY_ATTR_IPV6) {
        /* The label is 20 bits of a 32-bit key field. */
        if (full) {
            mask.ipv6.ipv6_label = htonl(0xffffffff);
        }
    }
    size_t ofs;
    if (full) {
        ofs = nl_msg_start_nested(b, OVS_ACTION_ATTR_SET);
        nl_msg_put_unspec(b, g->set_attr, &key, size);
    } else {
        ofs = nl_msg_start_nested(b, OVS_ACTION_ATTR_SET_MASKED);
        uint8_t *p = nl_msg_put_unspec_uninit(b, g->set_attr, 2 * size);
        for (size_t i = 0; i < size; i++) {
            key.bytes[i] &= mask.bytes[i];
        }
        memcpy(p, &key, size);
        memcpy(p + size, &mask, size);
    }
    nl_msg_end_nested(b, ofs);
    return expect_char(ps, ')', "set");
}

static char *
parse_push_vlan(struct parser *ps, struct ofpbuf *b)
{
    uint16_t tpid = ETH_TYPE_VLAN, vid = 0, pcp = 0;
    bool cfi = true;
    for (;;) {
        const char *name;
        size_t len;
        uint64_t v;
        if (!read_name(ps, &name, &len) || *ps->p != '=') {
            return parse_error(ps, "push_vlan: expected FIELD=VALUE");
        }
        ps->p++;
        char *error;
        if (len == 4 && !memcmp(name, "tpid", 4)) {
            error = parse_number(ps, 0xffff, &v, "push_vlan tpid");
            tpid = v;
        } else if (len == 3 && !memcmp(name, "vid", 3)) {
            error = parse_number(ps, 4095, &v, "push_vlan vid");
            vid = v;
        } else if (len == 3 && !memcmp(name, "pcp", 3)) {
            error = parse_number(ps, 7, &v, "push_vlan pcp");
            pcp = v;
        } else if (len == 3 && !memcmp(name, "cfi", 3)) {
            error = parse_number(ps, 1, &v, "push_vlan cfi");
            cfi = v;
        } else {
            return parse_error(ps, "push_vlan: unknown field \"%.*s\"",
                               (int) len, name);
        }
        if (error) {
            return error;
        }
        if (*ps->p == ')') {
            ps->p++;
            break;
        }
        if (*ps->p++ != ',') {
            return parse_error(ps, "push_vlan: expected ',' or ')'");
        }
    }
    struct ovs_action_push_vlan pv = {
        .vlan_tpid = htons(tpid),
        .vlan_tci = htons(vid | (pcp << VLAN_PCP_SHIFT)
                          | (cfi ? VLAN_CFI : 0)),
    };
    nl_msg_put_unspec(b, OVS_ACTION_ATTR_PUSH_VLAN, &pv, sizeof pv);
    return NULL;
}

static char *
parse_userspace(struct parser *ps, struct ofpbuf *b)
{
    size_t ofs = nl_msg_start_nested(b, OVS_ACTION_ATTR_USERSPACE);
    uint64_t pid;
    if (!match_prefix(ps, "pid=")) {
        return parse_error(ps, "userspace: expected pid=");
    }
    char *error = parse_number(ps, UINT32_MAX, &pid, "userspace pid");
    if (error) {
        return error;
    }
    nl_msg_put_u32(b, OVS_USERSPACE_ATTR_PID, pid);
    while (*ps->p == ',') {
        ps->p++;
        skip_space(ps);
        if (match_prefix(ps, "userdata(")) {
            struct ofpbuf data;
            ofpbuf_init(&data, 16);
            const char *end = ofpbuf_put_hex(&data, ps->p, NULL);
            ps->p = end;
            nl_msg_put_unspec(b, OVS_USERSPACE_ATTR_USERDATA, data.data,
                              data.size);
            ofpbuf_uninit(&data);
            error = expect_char(ps, ')', "userdata");
        } else if (match_prefix(ps, "tunnel_out_port=")) {
            uint64_t port;
            error = parse_number(ps, UINT32_MAX, &port, "tunnel_out_port");
            if (!error) {
                nl_msg_put_u32(b, OVS_USERSPACE_ATTR_EGRESS_TUN_PORT, port);
            }
        } else if (match_prefix(ps, "actions")) {
            nl_msg_put_flag(b, OVS_USERSPACE_ATTR_ACTIONS);
            error = NULL;
        } else {
            error = parse_error(ps, "userspace: unknown argument");
        }
        if (error) {
            return error;
        }
    }
    nl_msg_end_nested(b, ofs);
    return expect_char(ps, ')', "userspace");
}

static char *
parse_sample(struct parser *ps, struct ofpbuf *b)
{
    if (!match_prefix(ps, "sample=")) {
        return parse_error(ps, "sample: expected sample=PERCENT%%");
    }
    char *end;
    double pct = strtod(ps->p, &end);
    if (end == ps->p || *end != '%' || pct < 0 || pct > 100) {
        return parse_error(ps, "sample: bad percentage");
    }
    ps->p = end + 1;
    if (!match_prefix(ps, ",actions(")) {
        return parse_error(ps, "sample: expected ,actions(...)");
    }
    size_t ofs = nl_msg_start_nested(b, OVS_ACTION_ATTR_SAMPLE);
    nl_msg_put_u32(b, OVS_SAMPLE_ATTR_PROBABILITY,
                   pct >= 100 ? UINT32_MAX
                   : (uint32_t) (pct / 100.0 * UINT32_MAX + 0.5));
    size_t ofs2 = nl_msg_start_nested(b, OVS_SAMPLE_ATTR_ACTIONS);
    char *error = parse_action_list(ps, b, true);
    if (error) {
        return error;
    }
    nl_msg_end_nested(b, ofs2);
    nl_msg_end_nested(b, ofs);
    error = expect_char(ps, ')', "sample actions");
    return error ? error : expect_char(ps, ')', "sample");
}

static char *
parse_action(struct parser *ps, struct ofpbuf *b)
{
    uint64_t v;
    char *error;

    skip_space(ps);
    if (isdigit((unsigned char) *ps->p)) {
        error = parse_number(ps, UINT32_MAX, &v, "output");
        if (!error) {
            nl_msg_put_u32(b, OVS_ACTION_ATTR_OUTPUT, v);
        }
        return error;
    } else if (match_prefix(ps, "drop")) {
        return NULL;
    } else if (match_prefix(ps, "pop_vlan")) {
        nl_msg_put_flag(b, OVS_ACTION_ATTR_POP_VLAN);
        return NULL;
    } else if (match_prefix(ps, "push_vlan(")) {
        return parse_push_vlan(ps, b);
    } else if (match_prefix(ps, "push_mpls(")) {
        struct ovs_action_push_mpls pm = { .mpls_ethertype = 0 };
        ovs_be32 mask;
        bool has_mask;
        error = parse_mpls_lse(ps, &pm.mpls_lse, &mask, &has_mask,
                               &pm.mpls_ethertype);
        if (!error && (has_mask || !eth_type_mpls(pm.mpls_ethertype))) {
            error = parse_error(ps, "push_mpls: needs an MPLS eth_type "
                                "and no masks");
        }
        if (!error) {
            nl_msg_put_unspec(b, OVS_ACTION_ATTR_PUSH_MPLS, &pm, sizeof pm);
        }
        return error;
    } else if (match_prefix(ps, "pop_mpls(eth_type=")) {
        error = parse_number(ps, 0xffff, &v, "pop_mpls");
        if (!error) {
            nl_msg_put_be16(b, OVS_ACTION_ATTR_POP_MPLS, htons(v));
            error = expect_char(ps, ')', "pop_mpls");
        }
        return error;
    } else if (match_prefix(ps, "set(")) {
        return parse_set(ps, b);
    } else if (match_prefix(ps, "userspace(")) {
        return parse_userspace(ps, b);
    } else if (match_prefix(ps, "recirc(")) {
        error = parse_number(ps, UINT32_MAX, &v, "recirc");
        if (!error) {
            nl_msg_put_u32(b, OVS_ACTION_ATTR_RECIRC, v);
            error = expect_char(ps, ')', "recirc");
        }
        return error;
    } else if (match_prefix(ps, "meter(")) {
        error = parse_number(ps, UINT32_MAX, &v, "meter");
        if (!error) {
            nl_msg_put_u32(b, OVS_ACTION_ATTR_METER, v);
            error = expect_char(ps, ')', "meter");
        }
        return error;
    } else if (match_prefix(ps, "trunc(")) {
        error = parse_number(ps, UINT32_MAX, &v, "trunc");
        if (!error) {
            struct ovs_action_trunc t = { v };
            nl_msg_put_unspec(b, OVS_ACTION_ATTR_TRUNC, &t, sizeof t);
            error = expect_char(ps, ')', "trunc");
        }
        return error;
    } else if (match_prefix(ps, "hash(l4(")) {
        error = parse_number(ps, UINT32_MAX, &v, "hash");
        if (!error) {
            struct ovs_action_hash h = { OVS_HASH_ALG_L4, v };
            nl_msg_put_unspec(b, OVS_ACTION_ATTR_HASH, &h, sizeof h);
            error = expect_char(ps, ')', "hash");
        }
        return error ? error : expect_char(ps, ')', "hash");
    } else if (match_prefix(ps, "sample(")) {
        return parse_sample(ps, b);
    } else if (match_prefix(ps, "clone(")) {
        size_t ofs = nl_msg_start_nested(b, OVS_ACTION_ATTR_CLONE);
        error = parse_action_list(ps, b, true);
        if (!error) {
            nl_msg_end_nested(b, ofs);
            error = expect_char(ps, ')', "clone");
        }
        return error;
    }
    return parse_error(ps, "unknown action");
}

static char *
parse_action_list(struct parser *ps, struct ofpbuf *b, bool nested)
{
    for (;;) {
        skip_space(ps);
        if (!*ps->p || (nested && *ps->p == ')')) {
            return NULL;
        }
        char *error = parse_action(ps, b);
        if (error) {
            return error;
        }
        skip_space(ps);
        if (*ps->p == ',') {
            ps->p++;
            skip_space(ps);
            if (!*ps->p || *ps->p == ')') {
                return parse_error(ps, "missing action after ','");
            }
        } else if (*ps->p && !(nested && *ps->p == ')')) {
            return parse_error(ps, "expected ',' between actions");
        }
    }
}

char *
odp_actions_from_string(const char *s, struct ofpbuf *actions)
{
    struct parser ps = { .p = s, .m = NULL };
    skip_space(&ps);
    if (!*ps.p) {
        return xstrdup("empty action list (use \"drop\")");
    }
    return parse_action_list(&ps, actions, false);
}
