/* match.c -- matches (a flow plus a mask), the field table, and the
 * ovs-ofctl text syntax for matches.
 *
 * The field table flow_fields[] is the one description of every matchable
 * field: where its bits live in struct flow, how its value is written, and
 * its prerequisites.  Generic code reads and writes fields through it, so
 * parsing, formatting and normalising need no per-field code except for
 * the few fields with their own syntax (ports, VLANs, flags, fragments).
 * The table's order is the order in which match_format() prints, which is
 * the order ovs-ofctl uses. */

#include <config.h>
#include "match.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"
#include "util.h"

#define FIELD(ID, NAME, ALIAS, TYPE, MEMBER, SHIFT, NBITS, MASKABLE, PREREQ) \
    [ID] = { ID, NAME, ALIAS, TYPE, offsetof(struct flow, MEMBER),        \
             sizeof(((struct flow *) 0)->MEMBER), SHIFT,                 \
             (NBITS) ? (NBITS) : 8 * sizeof(((struct flow *) 0)->MEMBER), \
             MASKABLE, PREREQ }
#define REG(N) \
    FIELD(FF_REG0 + N, "reg" #N, NULL, FFT_UINT, regs[N], 0, 0, true, \
          FFP_NONE)

/* icmp_type and icmp_code accept masks although ovs-fields(7) says they
 * do not: they share tp_src/tp_dst with the maskable TCP/UDP ports, so a
 * partial mask set through one name must be expressible through the
 * other for match_format() output to parse back. */
const struct flow_field flow_fields[FF_N_FIELDS] = {
    FIELD(FF_SKB_PRIORITY, "skb_priority", NULL, FFT_UINT, skb_priority,
          0, 0, false, FFP_NONE),
    FIELD(FF_PKT_MARK, "pkt_mark", NULL, FFT_UINT, pkt_mark, 0, 0, true,
          FFP_NONE),
    FIELD(FF_RECIRC_ID, "recirc_id", NULL, FFT_UINT, recirc_id, 0, 0,
          false, FFP_NONE),
    FIELD(FF_DP_HASH, "dp_hash", NULL, FFT_UINT, dp_hash, 0, 0, true,
          FFP_NONE),
    FIELD(FF_CONJ_ID, "conj_id", NULL, FFT_UINT, conj_id, 0, 0, false,
          FFP_NONE),
    FIELD(FF_CT_STATE, "ct_state", NULL, FFT_UINT, ct_state, 0, 0, true,
          FFP_NONE),
    FIELD(FF_CT_ZONE, "ct_zone", NULL, FFT_UINT, ct_zone, 0, 0, false,
          FFP_NONE),
    FIELD(FF_CT_MARK, "ct_mark", NULL, FFT_UINT, ct_mark, 0, 0, true,
          FFP_NONE),
    FIELD(FF_CT_LABEL, "ct_label", NULL, FFT_U128, ct_label, 0, 0, true,
          FFP_NONE),
    REG(0), REG(1), REG(2), REG(3), REG(4), REG(5), REG(6), REG(7),
    REG(8), REG(9), REG(10), REG(11), REG(12), REG(13), REG(14), REG(15),
    FIELD(FF_TUN_ID, "tun_id", "tunnel_id", FFT_BE, tunnel.tun_id, 0, 0,
          true, FFP_NONE),
    FIELD(FF_TUN_SRC, "tun_src", NULL, FFT_IPV4, tunnel.ip_src, 0, 0, true,
          FFP_NONE),
    FIELD(FF_TUN_DST, "tun_dst", NULL, FFT_IPV4, tunnel.ip_dst, 0, 0, true,
          FFP_NONE),
    FIELD(FF_TUN_IPV6_SRC, "tun_ipv6_src", NULL, FFT_IPV6,
          tunnel.ipv6_src, 0, 0, true, FFP_NONE),
    FIELD(FF_TUN_IPV6_DST, "tun_ipv6_dst", NULL, FFT_IPV6,
          tunnel.ipv6_dst, 0, 0, true, FFP_NONE),
    FIELD(FF_TUN_FLAGS, "tun_flags", NULL, FFT_UINT, tunnel.flags, 0, 0,
          true, FFP_NONE),
    FIELD(FF_TUN_TOS, "tun_tos", NULL, FFT_UINT, tunnel.ip_tos, 0, 0, false,
          FFP_NONE),
    FIELD(FF_TUN_TTL, "tun_ttl", NULL, FFT_UINT, tunnel.ip_ttl, 0, 0, false,
          FFP_NONE),
    FIELD(FF_METADATA, "metadata", NULL, FFT_BE, metadata, 0, 0, true,
          FFP_NONE),
    FIELD(FF_IN_PORT, "in_port", NULL, FFT_UINT, in_port, 0, 0, false,
          FFP_NONE),
    FIELD(FF_VLAN_TCI, "vlan_tci", NULL, FFT_BE, vlans[0].tci, 0, 0, true,
          FFP_NONE),
    FIELD(FF_DL_VLAN, "dl_vlan", NULL, FFT_BE, vlans[0].tci, 0, 12, false,
          FFP_NONE),
    FIELD(FF_DL_VLAN_PCP, "dl_vlan_pcp", NULL, FFT_BE, vlans[0].tci, 13, 3,
          false, FFP_NONE),
    FIELD(FF_VLAN_TCI1, "vlan_tci1", NULL, FFT_BE, vlans[1].tci, 0, 0, true,
          FFP_NONE),
    FIELD(FF_DL_VLAN1, "dl_vlan1", NULL, FFT_BE, vlans[1].tci, 0, 12, false,
          FFP_NONE),
    FIELD(FF_DL_VLAN_PCP1, "dl_vlan_pcp1", NULL, FFT_BE, vlans[1].tci, 13,
          3, false, FFP_NONE),
    FIELD(FF_DL_SRC, "dl_src", "eth_src", FFT_ETH, dl_src, 0, 0, true,
          FFP_NONE),
    FIELD(FF_DL_DST, "dl_dst", "eth_dst", FFT_ETH, dl_dst, 0, 0, true,
          FFP_NONE),
    FIELD(FF_DL_TYPE, "dl_type", "eth_type", FFT_BE, dl_type, 0, 0, false,
          FFP_NONE),
    FIELD(FF_IPV6_SRC, "ipv6_src", NULL, FFT_IPV6, ipv6_src, 0, 0, true,
          FFP_IPV6),
    FIELD(FF_IPV6_DST, "ipv6_dst", NULL, FFT_IPV6, ipv6_dst, 0, 0, true,
          FFP_IPV6),
    FIELD(FF_IPV6_LABEL, "ipv6_label", NULL, FFT_BE, ipv6_label, 0, 20,
          true, FFP_IPV6),
    FIELD(FF_NW_SRC, "nw_src", "ip_src", FFT_IPV4, nw_src, 0, 0, true,
          FFP_IPV4),
    FIELD(FF_ARP_SPA, "arp_spa", NULL, FFT_IPV4, nw_src, 0, 0, true,
          FFP_ARP),
    FIELD(FF_NW_DST, "nw_dst", "ip_dst", FFT_IPV4, nw_dst, 0, 0, true,
          FFP_IPV4),
    FIELD(FF_ARP_TPA, "arp_tpa", NULL, FFT_IPV4, nw_dst, 0, 0, true,
          FFP_ARP),
    FIELD(FF_NW_PROTO, "nw_proto", "ip_proto", FFT_UINT, nw_proto, 0, 0,
          false, FFP_IP_ANY),
    FIELD(FF_ARP_OP, "arp_op", NULL, FFT_UINT, nw_proto, 0, 0, false,
          FFP_ARP),
    FIELD(FF_ARP_SHA, "arp_sha", NULL, FFT_ETH, arp_sha, 0, 0, true,
          FFP_ARP),
    FIELD(FF_ARP_THA, "arp_tha", NULL, FFT_ETH, arp_tha, 0, 0, true,
          FFP_ARP),
    FIELD(FF_NW_TOS, "nw_tos", NULL, FFT_UINT, nw_tos, 2, 6, false,
          FFP_IP_ANY),
    FIELD(FF_IP_DSCP, "ip_dscp", NULL, FFT_UINT, nw_tos, 2, 6, false,
          FFP_IP_ANY),
    FIELD(FF_NW_ECN, "nw_ecn", "ip_ecn", FFT_UINT, nw_tos, 0, 2, false,
          FFP_IP_ANY),
    FIELD(FF_NW_TTL, "nw_ttl", NULL, FFT_UINT, nw_ttl, 0, 0, false,
          FFP_IP_ANY),
    FIELD(FF_MPLS_LABEL, "mpls_label", NULL, FFT_BE, mpls_lse[0], 12, 20,
          false, FFP_MPLS),
    FIELD(FF_MPLS_TC, "mpls_tc", NULL, FFT_BE, mpls_lse[0], 9, 3, false,
          FFP_MPLS),
    FIELD(FF_MPLS_TTL, "mpls_ttl", NULL, FFT_BE, mpls_lse[0], 0, 8, false,
          FFP_MPLS),
    FIELD(FF_MPLS_BOS, "mpls_bos", NULL, FFT_BE, mpls_lse[0], 8, 1, false,
          FFP_MPLS),
    FIELD(FF_MPLS_LSE1, "mpls_lse1", NULL, FFT_BE, mpls_lse[1], 0, 0,
          true, FFP_MPLS),
    FIELD(FF_MPLS_LSE2, "mpls_lse2", NULL, FFT_BE, mpls_lse[2], 0, 0,
          true, FFP_MPLS),
    FIELD(FF_NW_FRAG, "nw_frag", "ip_frag", FFT_UINT, nw_frag, 0, 2, true,
          FFP_IP_ANY),
    FIELD(FF_TP_SRC, "tp_src", NULL, FFT_BE, tp_src, 0, 0, true,
          FFP_TCP_UDP_SCTP),
    FIELD(FF_TP_DST, "tp_dst", NULL, FFT_BE, tp_dst, 0, 0, true,
          FFP_TCP_UDP_SCTP),
    FIELD(FF_TCP_FLAGS, "tcp_flags", NULL, FFT_BE, tcp_flags, 0, 12, true,
          FFP_TCP),
    FIELD(FF_ICMP_TYPE, "icmp_type", "icmpv4_type", FFT_BE, tp_src, 0, 8,
          true, FFP_ICMP_ANY),
    FIELD(FF_ICMP_CODE, "icmp_code", "icmpv4_code", FFT_BE, tp_dst, 0, 8,
          true, FFP_ICMP_ANY),
    FIELD(FF_ICMPV6_TYPE, "icmpv6_type", NULL, FFT_BE, tp_src, 0, 8, true,
          FFP_ICMPV6),
    FIELD(FF_ICMPV6_CODE, "icmpv6_code", NULL, FFT_BE, tp_dst, 0, 8, true,
          FFP_ICMPV6),
    FIELD(FF_ND_TARGET, "nd_target", NULL, FFT_IPV6, nd_target, 0, 0, true,
          FFP_ND),
    FIELD(FF_ND_SLL, "nd_sll", NULL, FFT_ETH, arp_sha, 0, 0, true,
          FFP_ND_SOLICIT),
    FIELD(FF_ND_TLL, "nd_tll", NULL, FFT_ETH, arp_tha, 0, 0, true,
          FFP_ND_ADVERT),
};

/* More names that ovs-fields(7) gives the same fields. */
static const struct {
    const char *name;
    enum flow_field_id id;
} extra_names[] = {
    { "tcp_src", FF_TP_SRC }, { "udp_src", FF_TP_SRC },
    { "sctp_src", FF_TP_SRC }, { "tcp_dst", FF_TP_DST },
    { "udp_dst", FF_TP_DST }, { "sctp_dst", FF_TP_DST },
    { "icmpv6_type", FF_ICMPV6_TYPE }, { "icmpv6_code", FF_ICMPV6_CODE },
};

const struct flow_field *
flow_field_from_name(const char *name)
{
    for (int i = 0; i < FF_N_FIELDS; i++) {
        const struct flow_field *f = &flow_fields[i];
        if (!strcmp(f->name, name) || (f->alias && !strcmp(f->alias, name))) {
            return f;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(extra_names); i++) {
        if (!strcmp(extra_names[i].name, name)) {
            return &flow_fields[extra_names[i].id];
        }
    }
    return NULL;
}

/* Reads the whole stored integer that holds field 'f'. */
static uint64_t
read_int(const struct flow_field *f, const struct flow *flow)
{
    const uint8_t *p = (const uint8_t *) flow + f->offset;
    uint64_t x = 0;

    if (f->type == FFT_BE) {
        for (int i = 0; i < f->n_bytes; i++) {
            x = (x << 8) | p[i];
        }
    } else {
        switch (f->n_bytes) {
        case 1: { uint8_t v; memcpy(&v, p, 1); x = v; break; }
        case 2: { uint16_t v; memcpy(&v, p, 2); x = v; break; }
        case 4: { uint32_t v; memcpy(&v, p, 4); x = v; break; }
        case 8: { uint64_t v; memcpy(&v, p, 8); x = v; break; }
        default: OVS_NOT_REACHED();
        }
    }
    return x;
}

static void
write_int(const struct flow_field *f, uint64_t x, struct flow *flow)
{
    uint8_t *p = (uint8_t *) flow + f->offset;

    if (f->type == FFT_BE) {
        for (int i = f->n_bytes - 1; i >= 0; i--) {
            p[i] = x;
            x >>= 8;
        }
    } else {
        switch (f->n_bytes) {
        case 1: { uint8_t v = x; memcpy(p, &v, 1); break; }
        case 2: { uint16_t v = x; memcpy(p, &v, 2); break; }
        case 4: { uint32_t v = x; memcpy(p, &v, 4); break; }
        case 8: { uint64_t v = x; memcpy(p, &v, 8); break; }
        default: OVS_NOT_REACHED();
        }
    }
}

static uint64_t
field_max(const struct flow_field *f)
{
    return f->n_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << f->n_bits) - 1;
}

static bool
is_int_field(const struct flow_field *f)
{
    return f->type == FFT_UINT || f->type == FFT_BE;
}

void
flow_field_get(const struct flow_field *f, const struct flow *flow,
               union flow_field_value *v)
{
    memset(v, 0, sizeof *v);
    if (is_int_field(f)) {
        v->integer = (read_int(f, flow) >> f->shift) & field_max(f);
    } else {
        memcpy(v, (const uint8_t *) flow + f->offset, f->n_bytes);
    }
}

void
flow_field_set_flow(const struct flow_field *f,
                    const union flow_field_value *v, struct flow *flow)
{
    if (is_int_field(f)) {
        uint64_t fm = field_max(f) << f->shift;
        uint64_t x = read_int(f, flow) & ~fm;
        x |= (v->integer << f->shift) & fm;
        write_int(f, x, flow);
    } else {
        memcpy((uint8_t *) flow + f->offset, v, f->n_bytes);
    }
}

/* True if every bit of 'v' that field 'f' uses is zero. */
static bool
field_value_is_zero(const struct flow_field *f,
                    const union flow_field_value *v)
{
    return is_int_field(f) ? !v->integer : is_all_zeros(v, f->n_bytes);
}

static bool
field_value_is_exact(const struct flow_field *f,
                     const union flow_field_value *v)
{
    if (is_int_field(f)) {
        return v->integer == field_max(f);
    }
    for (int i = 0; i < f->n_bytes; i++) {
        if (((const uint8_t *) v)[i] != 0xff) {
            return false;
        }
    }
    return true;
}

static void
field_value_exact(const struct flow_field *f, union flow_field_value *v)
{
    memset(v, 0, sizeof *v);
    if (is_int_field(f)) {
        v->integer = field_max(f);
    } else {
        memset(v, 0xff, f->n_bytes);
    }
}

void
match_set_field_masked(struct match *m, const struct flow_field *f,
                       const union flow_field_value *v,
                       const union flow_field_value *mask)
{
    union flow_field_value exact, masked;

    if (!mask) {
        field_value_exact(f, &exact);
        mask = &exact;
    }
    if (is_int_field(f)) {
        masked.integer = v->integer & mask->integer;
    } else {
        for (size_t i = 0; i < sizeof masked.u128; i++) {
            masked.u128[i] = v->u128[i] & mask->u128[i];
        }
    }
    flow_field_set_flow(f, &masked, &m->flow);
    flow_field_set_flow(f, mask, &m->wc.masks);
}

/* Matches. */

void
match_init_catchall(struct match *m)
{
    memset(&m->flow, 0, sizeof m->flow);
    flow_wildcards_init_catchall(&m->wc);
}

void
match_init(struct match *m, const struct flow *flow,
           const struct flow_wildcards *wc)
{
    m->flow = *flow;
    m->wc = *wc;
    flow_zero_wildcards(&m->flow, &m->wc);
}

void
match_init_for_packet(struct match *m, const struct flow *flow)
{
    struct flow_wildcards wc;

    flow_wildcards_init_for_packet(&wc, flow);
    match_init(m, flow, &wc);
}

bool
match_equal(const struct match *a, const struct match *b)
{
    return flow_equal(&a->flow, &b->flow)
        && flow_equal(&a->wc.masks, &b->wc.masks);
}

uint32_t
match_hash(const struct match *m, uint32_t basis)
{
    return flow_hash(&m->flow, flow_hash(&m->wc.masks, basis));
}

bool
match_matches_flow(const struct match *m, const struct flow *flow)
{
    return flow_equal_except(&m->flow, flow, &m->wc);
}

/* Prerequisites. */

static bool
dl_type_is(const struct match *m, uint16_t type)
{
    return m->wc.masks.dl_type == UINT16_MAX
        && m->flow.dl_type == htons(type);
}

static bool
nw_proto_is(const struct match *m, uint8_t proto)
{
    return m->wc.masks.nw_proto == UINT8_MAX && m->flow.nw_proto == proto;
}

static bool
icmp_type_is(const struct match *m, uint8_t type)
{
    return (m->wc.masks.tp_src & htons(0xff)) == htons(0xff)
        && m->flow.tp_src == htons(type);
}

static bool
prereq_ok(const struct match *m, enum flow_prereq p)
{
    bool ip4 = dl_type_is(m, ETH_TYPE_IP);
    bool ip6 = dl_type_is(m, ETH_TYPE_IPV6);

    switch (p) {
    case FFP_NONE:
        return true;
    case FFP_IPV4:
        return ip4;
    case FFP_IPV6:
        return ip6;
    case FFP_IP_ANY:
        return ip4 || ip6;
    case FFP_ARP:
        return dl_type_is(m, ETH_TYPE_ARP) || dl_type_is(m, ETH_TYPE_RARP);
    case FFP_MPLS:
        return dl_type_is(m, ETH_TYPE_MPLS)
            || dl_type_is(m, ETH_TYPE_MPLS_MCAST);
    case FFP_TCP_UDP_SCTP:
        return (ip4 || ip6) && (nw_proto_is(m, IPPROTO_TCP)
                                || nw_proto_is(m, IPPROTO_UDP)
                                || nw_proto_is(m, IPPROTO_SCTP));
    case FFP_TCP:
        return (ip4 || ip6) && nw_proto_is(m, IPPROTO_TCP);
    case FFP_ICMPV4:
        return ip4 && nw_proto_is(m, IPPROTO_ICMP);
    case FFP_ICMPV6:
        return ip6 && nw_proto_is(m, IPPROTO_ICMPV6);
    case FFP_ICMP_ANY:
        return prereq_ok(m, FFP_ICMPV4) || prereq_ok(m, FFP_ICMPV6);
    case FFP_ND:
        return prereq_ok(m, FFP_ICMPV6)
            && (icmp_type_is(m, ND_NEIGHBOR_SOLICIT)
                || icmp_type_is(m, ND_NEIGHBOR_ADVERT));
    case FFP_ND_SOLICIT:
        return prereq_ok(m, FFP_ICMPV6)
            && icmp_type_is(m, ND_NEIGHBOR_SOLICIT);
    case FFP_ND_ADVERT:
        return prereq_ok(m, FFP_ICMPV6)
            && icmp_type_is(m, ND_NEIGHBOR_ADVERT);
    }
    return false;
}

bool
match_prereqs_ok(const struct match *m, const struct flow_field *f)
{
    return prereq_ok(m, f->prereq);
}

bool
match_normalize(struct match *m)
{
    struct flow clear, keep;
    union flow_field_value ones;

    /* Bits of fields whose prerequisites fail are cleared, unless another
     * field stored in the same bits (nw_src/arp_spa...) is valid. */
    memset(&clear, 0, sizeof clear);
    memset(&keep, 0, sizeof keep);
    for (int i = 0; i < FF_N_FIELDS; i++) {
        const struct flow_field *f = &flow_fields[i];
        field_value_exact(f, &ones);
        flow_field_set_flow(f, &ones, prereq_ok(m, f->prereq) ? &keep
                            : &clear);
    }

    bool changed = false;
    uint64_t *w = (uint64_t *) &m->wc.masks;
    uint64_t *v = (uint64_t *) &m->flow;
    const uint64_t *c = flow_u64(&clear), *k = flow_u64(&keep);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        uint64_t drop = c[i] & ~k[i];
        if (w[i] & drop) {
            changed = true;
        }
        w[i] &= ~drop;
        v[i] &= w[i];
    }
    return changed;
}

/* Setters. */

static void
set_int(struct match *m, enum flow_field_id id, uint64_t value,
        uint64_t mask)
{
    union flow_field_value v, mk;

    memset(&v, 0, sizeof v);
    memset(&mk, 0, sizeof mk);
    v.integer = value;
    mk.integer = mask;
    match_set_field_masked(m, &flow_fields[id], &v, &mk);
}

static void
set_bytes(struct match *m, enum flow_field_id id, const void *value,
          const void *mask, size_t n)
{
    union flow_field_value v, mk;

    memset(&v, 0, sizeof v);
    memset(&mk, 0, sizeof mk);
    memcpy(&v, value, n);
    memcpy(&mk, mask, n);
    match_set_field_masked(m, &flow_fields[id], &v, &mk);
}

void
match_set_in_port(struct match *m, uint32_t port)
{
    set_int(m, FF_IN_PORT, port, UINT32_MAX);
}

void
match_set_recirc_id(struct match *m, uint32_t x)
{
    set_int(m, FF_RECIRC_ID, x, UINT32_MAX);
}

void
match_set_conj_id(struct match *m, uint32_t x)
{
    set_int(m, FF_CONJ_ID, x, UINT32_MAX);
}

void
match_set_dp_hash_masked(struct match *m, uint32_t x, uint32_t mask)
{
    set_int(m, FF_DP_HASH, x, mask);
}

void
match_set_skb_priority(struct match *m, uint32_t x)
{
    set_int(m, FF_SKB_PRIORITY, x, UINT32_MAX);
}

void
match_set_pkt_mark_masked(struct match *m, uint32_t x, uint32_t mask)
{
    set_int(m, FF_PKT_MARK, x, mask);
}

void
match_set_reg_masked(struct match *m, int idx, uint32_t x, uint32_t mask)
{
    ovs_assert(idx >= 0 && idx < FLOW_N_REGS);
    set_int(m, FF_REG0 + idx, x, mask);
}

void
match_set_metadata_masked(struct match *m, ovs_be64 x, ovs_be64 mask)
{
    set_int(m, FF_METADATA, ntohll(x), ntohll(mask));
}

void
match_set_ct_state_masked(struct match *m, uint8_t x, uint8_t mask)
{
    set_int(m, FF_CT_STATE, x, mask);
}

void
match_set_ct_zone(struct match *m, uint16_t x)
{
    set_int(m, FF_CT_ZONE, x, UINT16_MAX);
}

void
match_set_ct_mark_masked(struct match *m, uint32_t x, uint32_t mask)
{
    set_int(m, FF_CT_MARK, x, mask);
}

void
match_set_ct_label_masked(struct match *m, const ovs_be64 value[2],
                          const ovs_be64 mask[2])
{
    set_bytes(m, FF_CT_LABEL, value, mask, 16);
}

void
match_set_tun_id_masked(struct match *m, ovs_be64 x, ovs_be64 mask)
{
    set_int(m, FF_TUN_ID, ntohll(x), ntohll(mask));
}

void
match_set_tun_src_masked(struct match *m, ovs_be32 x, ovs_be32 mask)
{
    set_bytes(m, FF_TUN_SRC, &x, &mask, 4);
}

void
match_set_tun_dst_masked(struct match *m, ovs_be32 x, ovs_be32 mask)
{
    set_bytes(m, FF_TUN_DST, &x, &mask, 4);
}

void
match_set_tun_ipv6_src_masked(struct match *m, const struct in6_addr *x,
                              const struct in6_addr *mask)
{
    set_bytes(m, FF_TUN_IPV6_SRC, x, mask, 16);
}

void
match_set_tun_ipv6_dst_masked(struct match *m, const struct in6_addr *x,
                              const struct in6_addr *mask)
{
    set_bytes(m, FF_TUN_IPV6_DST, x, mask, 16);
}

void
match_set_tun_flags_masked(struct match *m, uint16_t x, uint16_t mask)
{
    set_int(m, FF_TUN_FLAGS, x, mask);
}

void
match_set_tun_tos_masked(struct match *m, uint8_t x, uint8_t mask)
{
    set_int(m, FF_TUN_TOS, x, mask);
}

void
match_set_tun_ttl_masked(struct match *m, uint8_t x, uint8_t mask)
{
    set_int(m, FF_TUN_TTL, x, mask);
}

void
match_set_dl_src_masked(struct match *m, struct eth_addr x,
                        struct eth_addr mask)
{
    set_bytes(m, FF_DL_SRC, &x, &mask, ETH_ADDR_LEN);
}

void
match_set_dl_dst_masked(struct match *m, struct eth_addr x,
                        struct eth_addr mask)
{
    set_bytes(m, FF_DL_DST, &x, &mask, ETH_ADDR_LEN);
}

void
match_set_dl_type(struct match *m, ovs_be16 x)
{
    set_int(m, FF_DL_TYPE, ntohs(x), UINT16_MAX);
}

void
match_set_vlan_tci_masked(struct match *m, ovs_be16 x, ovs_be16 mask)
{
    set_int(m, FF_VLAN_TCI, ntohs(x), ntohs(mask));
}

static void
set_vlan_vid(struct match *m, int idx, uint16_t vid)
{
    enum flow_field_id id = idx ? FF_VLAN_TCI1 : FF_VLAN_TCI;

    if (vid == OFP_VLAN_NONE) {
        /* No tag at all: every TCI bit is zero. */
        set_int(m, id, 0, UINT16_MAX);
    } else {
        uint16_t tci = ntohs(m->flow.vlans[idx].tci);
        uint16_t mask = ntohs(m->wc.masks.vlans[idx].tci);
        tci = (tci & ~VLAN_VID_MASK) | VLAN_CFI | (vid & VLAN_VID_MASK);
        mask |= VLAN_CFI | VLAN_VID_MASK;
        set_int(m, id, tci, mask);
    }
}

static void
set_vlan_pcp(struct match *m, int idx, uint8_t pcp)
{
    enum flow_field_id id = idx ? FF_VLAN_TCI1 : FF_VLAN_TCI;
    uint16_t tci = ntohs(m->flow.vlans[idx].tci);
    uint16_t mask = ntohs(m->wc.masks.vlans[idx].tci);

    tci = (tci & ~VLAN_PCP_MASK) | VLAN_CFI
          | ((pcp << VLAN_PCP_SHIFT) & VLAN_PCP_MASK);
    mask |= VLAN_CFI | VLAN_PCP_MASK;
    set_int(m, id, tci, mask);
}

void
match_set_dl_vlan(struct match *m, uint16_t vid)
{
    set_vlan_vid(m, 0, vid);
}

void
match_set_dl_vlan_pcp(struct match *m, uint8_t pcp)
{
    set_vlan_pcp(m, 0, pcp);
}

void
match_set_mpls_lse_masked(struct match *m, int idx, ovs_be32 x,
                          ovs_be32 mask)
{
    ovs_assert(idx >= 0 && idx < FLOW_MAX_MPLS_LABELS);
    m->flow.mpls_lse[idx] = x & mask;
    m->wc.masks.mpls_lse[idx] = mask;
}

void
match_set_nw_src_masked(struct match *m, ovs_be32 x, ovs_be32 mask)
{
    set_bytes(m, FF_NW_SRC, &x, &mask, 4);
}

void
match_set_nw_dst_masked(struct match *m, ovs_be32 x, ovs_be32 mask)
{
    set_bytes(m, FF_NW_DST, &x, &mask, 4);
}

void
match_set_ipv6_src_masked(struct match *m, const struct in6_addr *x,
                          const struct in6_addr *mask)
{
    set_bytes(m, FF_IPV6_SRC, x, mask, 16);
}

void
match_set_ipv6_dst_masked(struct match *m, const struct in6_addr *x,
                          const struct in6_addr *mask)
{
    set_bytes(m, FF_IPV6_DST, x, mask, 16);
}

void
match_set_ipv6_label_masked(struct match *m, ovs_be32 x, ovs_be32 mask)
{
    set_int(m, FF_IPV6_LABEL, ntohl(x), ntohl(mask));
}

void
match_set_nw_proto(struct match *m, uint8_t x)
{
    set_int(m, FF_NW_PROTO, x, UINT8_MAX);
}

void
match_set_nw_dscp(struct match *m, uint8_t tos)
{
    set_int(m, FF_NW_TOS, tos >> 2, 0x3f);
}

void
match_set_nw_ecn(struct match *m, uint8_t ecn)
{
    set_int(m, FF_NW_ECN, ecn, 0x3);
}

void
match_set_nw_ttl(struct match *m, uint8_t x)
{
    set_int(m, FF_NW_TTL, x, UINT8_MAX);
}

void
match_set_nw_frag_masked(struct match *m, uint8_t x, uint8_t mask)
{
    set_int(m, FF_NW_FRAG, x, mask & FLOW_NW_FRAG_MASK);
}

void
match_set_arp_opcode(struct match *m, uint8_t x)
{
    set_int(m, FF_ARP_OP, x, UINT8_MAX);
}

void
match_set_arp_sha_masked(struct match *m, struct eth_addr x,
                         struct eth_addr mask)
{
    set_bytes(m, FF_ARP_SHA, &x, &mask, ETH_ADDR_LEN);
}

void
match_set_arp_tha_masked(struct match *m, struct eth_addr x,
                         struct eth_addr mask)
{
    set_bytes(m, FF_ARP_THA, &x, &mask, ETH_ADDR_LEN);
}

void
match_set_tp_src_masked(struct match *m, ovs_be16 x, ovs_be16 mask)
{
    set_int(m, FF_TP_SRC, ntohs(x), ntohs(mask));
}

void
match_set_tp_dst_masked(struct match *m, ovs_be16 x, ovs_be16 mask)
{
    set_int(m, FF_TP_DST, ntohs(x), ntohs(mask));
}

void
match_set_tcp_flags_masked(struct match *m, ovs_be16 x, ovs_be16 mask)
{
    set_int(m, FF_TCP_FLAGS, ntohs(x), ntohs(mask));
}

void
match_set_icmp_type(struct match *m, uint8_t x)
{
    set_int(m, FF_ICMP_TYPE, x, UINT8_MAX);
}

void
match_set_icmp_code(struct match *m, uint8_t x)
{
    set_int(m, FF_ICMP_CODE, x, UINT8_MAX);
}

void
match_set_nd_target_masked(struct match *m, const struct in6_addr *x,
                           const struct in6_addr *mask)
{
    set_bytes(m, FF_ND_TARGET, x, mask, 16);
}

/* Text syntax: names used by several fields. */

static const struct {
    uint32_t port;
    const char *name;
} port_names[] = {
    { OFPP_IN_PORT, "IN_PORT" }, { OFPP_TABLE, "TABLE" },
    { OFPP_NORMAL, "NORMAL" }, { OFPP_FLOOD, "FLOOD" },
    { OFPP_ALL, "ALL" }, { OFPP_CONTROLLER, "CONTROLLER" },
    { OFPP_LOCAL, "LOCAL" }, { OFPP_NONE, "ANY" },
};

/* Flag names, indexed by bit number. */
static const char *const ct_state_names[] = {
    "new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat",
};
static const char *const tcp_flag_names[] = {
    "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
};
static const char *const tun_flag_names[] = { "oam" };

struct flag_names {
    const char *const *names;
    int n;
};

static bool
flag_names_for(enum flow_field_id id, struct flag_names *fn)
{
    switch (id) {
    case FF_CT_STATE:
        fn->names = ct_state_names;
        fn->n = ARRAY_SIZE(ct_state_names);
        return true;
    case FF_TCP_FLAGS:
        fn->names = tcp_flag_names;
        fn->n = ARRAY_SIZE(tcp_flag_names);
        return true;
    case FF_TUN_FLAGS:
        fn->names = tun_flag_names;
        fn->n = ARRAY_SIZE(tun_flag_names);
        return true;
    default:
        return false;
    }
}

/* Formatting. */

static bool
field_prints_hex(enum flow_field_id id)
{
    switch (id) {
    case FF_SKB_PRIORITY: case FF_PKT_MARK: case FF_RECIRC_ID:
    case FF_DP_HASH: case FF_CT_MARK: case FF_TUN_ID: case FF_METADATA:
    case FF_DL_TYPE: case FF_IPV6_LABEL: case FF_VLAN_TCI1:
    case FF_VLAN_TCI:
        return true;
    default:
        return id >= FF_REG0 && id <= FF_REG15;
    }
}

bool
flow_field_prints_hex(const struct flow_field *f)
{
    return (f->type != FFT_UINT && f->type != FFT_BE)
           || field_prints_hex(f->id);
}

/* Minimum hex digits for a field's value ("dl_type=0x0800"). */
static int
field_hex_width(enum flow_field_id id)
{
    switch (id) {
    case FF_DL_TYPE: case FF_VLAN_TCI: case FF_VLAN_TCI1:
        return 4;
    case FF_IPV6_LABEL:
        return 5;
    default:
        return 1;
    }
}

static void
format_u128(struct ds *s, const uint8_t *v)
{
    int i = 0;
    while (i < 15 && !v[i]) {
        i++;
    }
    ds_put_format(s, "0x%"PRIx8, v[i]);
    for (i++; i < 16; i++) {
        ds_put_format(s, "%02"PRIx8, v[i]);
    }
}

static void
format_flags(struct ds *s, const struct flag_names *fn, uint64_t v,
             uint64_t mask, uint64_t max)
{
    uint64_t known = ((UINT64_C(1) << fn->n) - 1) & max;
    bool all = mask == max;

    if (all && fn->names != tun_flag_names) {
        /* Every defined flag is matched: list the ones that are set. */
        if (!v) {
            ds_put_char(s, '0');
        }
        for (int i = 0; i < 64; i++) {
            uint64_t bit = UINT64_C(1) << i;
            if (v & bit) {
                const char *sep = v & (bit - 1) ? "|" : "";
                if (i < fn->n) {
                    ds_put_format(s, "%s%s", sep, fn->names[i]);
                } else {
                    /* A bit without a name, in hex ("[200]"). */
                    ds_put_format(s, "%s[%"PRIx64"]", sep, bit);
                }
            }
        }
    } else if (mask & ~known) {
        ds_put_format(s, "0x%"PRIx64"/0x%"PRIx64, v, mask);
    } else {
        for (int i = 0; i < fn->n; i++) {
            if (mask & (UINT64_C(1) << i)) {
                ds_put_format(s, "%c%s", v & (UINT64_C(1) << i) ? '+' : '-',
                              fn->names[i]);
            }
        }
    }
}

static void
format_frag(struct ds *s, uint8_t v, uint8_t mask)
{
    const char *name = NULL;

    switch (mask) {
    case FLOW_NW_FRAG_MASK:
        name = (!v ? "no" : v == FLOW_NW_FRAG_ANY ? "first"
                : v == FLOW_NW_FRAG_MASK ? "later" : NULL);
        break;
    case FLOW_NW_FRAG_ANY:
        name = v ? "yes" : "no";
        break;
    case FLOW_NW_FRAG_LATER:
        name = v ? "later" : "not_later";
        break;
    }
    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "0x%x/0x%x", v, mask);
    }
}

static void
format_port(struct ds *s, uint32_t port)
{
    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (port_names[i].port == port) {
            ds_put_cstr(s, port_names[i].name);
            return;
        }
    }
    ds_put_format(s, "%"PRIu32, port);
}

/* Prints a VLAN TCI match: as dl_vlan/dl_vlan_pcp when the match can be
 * said that way, otherwise as vlan_tci.  'suffix' is "" for the outer
 * tag and "1" for the inner one. */
static void
format_vlan(struct ds *s, ovs_be16 tci_, ovs_be16 mask_, const char *suffix)
{
    uint16_t tci = ntohs(tci_), mask = ntohs(mask_);
    uint16_t vid_mask = mask & VLAN_VID_MASK;
    uint16_t pcp_mask = mask & VLAN_PCP_MASK;

    if (!mask) {
        return;
    }
    if ((mask & VLAN_CFI) && (tci & VLAN_CFI)
        && (vid_mask == 0 || vid_mask == VLAN_VID_MASK)
        && (pcp_mask == 0 || pcp_mask == VLAN_PCP_MASK)
        && (vid_mask || pcp_mask)) {
        if (vid_mask) {
            ds_put_format(s, "dl_vlan%s=%d,", suffix, tci & VLAN_VID_MASK);
        }
        if (pcp_mask) {
            ds_put_format(s, "dl_vlan_pcp%s=%d,", suffix,
                          tci >> VLAN_PCP_SHIFT);
        }
    } else if (mask == UINT16_MAX) {
        ds_put_format(s, "vlan_tci%s=0x%04"PRIx16",", suffix, tci);
    } else {
        ds_put_format(s, "vlan_tci%s=0x%04"PRIx16"/0x%04"PRIx16",",
                      suffix, tci, mask);
    }
}

/* Returns the shorthand keyword for 'm''s dl_type and nw_proto, or NULL,
 * and sets '*covers_proto' if it implies nw_proto. */
static const char *
shorthand(const struct match *m, bool *covers_proto)
{
    static const struct {
        uint16_t dl_type;
        int nw_proto;           /* -1: any. */
        const char *name;
    } names[] = {
        { ETH_TYPE_IP, IPPROTO_ICMP, "icmp" },
        { ETH_TYPE_IP, IPPROTO_TCP, "tcp" },
        { ETH_TYPE_IP, IPPROTO_UDP, "udp" },
        { ETH_TYPE_IP, IPPROTO_SCTP, "sctp" },
        { ETH_TYPE_IP, -1, "ip" },
        { ETH_TYPE_IPV6, IPPROTO_ICMPV6, "icmp6" },
        { ETH_TYPE_IPV6, IPPROTO_TCP, "tcp6" },
        { ETH_TYPE_IPV6, IPPROTO_UDP, "udp6" },
        { ETH_TYPE_IPV6, IPPROTO_SCTP, "sctp6" },
        { ETH_TYPE_IPV6, -1, "ipv6" },
        { ETH_TYPE_ARP, -1, "arp" },
        { ETH_TYPE_RARP, -1, "rarp" },
        { ETH_TYPE_MPLS, -1, "mpls" },
        { ETH_TYPE_MPLS_MCAST, -1, "mplsm" },
    };

    *covers_proto = false;
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (dl_type_is(m, names[i].dl_type)) {
            if (names[i].nw_proto < 0) {
                return names[i].name;
            } else if (nw_proto_is(m, names[i].nw_proto)) {
                *covers_proto = true;
                return names[i].name;
            }
        }
    }
    return NULL;
}

static void
format_field(struct ds *s, const struct flow_field *f,
             const union flow_field_value *v,
             const union flow_field_value *mask)
{
    bool exact = field_value_is_exact(f, mask);
    struct flag_names fn;

    ds_put_format(s, "%s=", f->name);
    switch (f->type) {
    case FFT_IPV4:
        ip_format_masked(v->ipv4, mask->ipv4, s);
        break;
    case FFT_IPV6:
        ipv6_format_masked(&v->ipv6, &mask->ipv6, s);
        break;
    case FFT_ETH:
        eth_format_masked(s, v->mac, &mask->mac);
        break;
    case FFT_U128:
        format_u128(s, v->u128);
        if (!exact) {
            ds_put_char(s, '/');
            format_u128(s, mask->u128);
        }
        break;
    case FFT_UINT:
    case FFT_BE:
        if (f->id == FF_IN_PORT) {
            format_port(s, v->integer);
        } else if (f->id == FF_NW_FRAG) {
            format_frag(s, v->integer, mask->integer);
        } else if (flag_names_for(f->id, &fn)) {
            format_flags(s, &fn, v->integer, mask->integer, field_max(f));
        } else if (f->id == FF_NW_TOS && exact) {
            ds_put_format(s, "%"PRIu64, v->integer << 2);
        } else if (!exact) {
            int w = field_hex_width(f->id);
            ds_put_format(s, "0x%0*"PRIx64"/0x%0*"PRIx64,
                          w, v->integer, w, mask->integer);
        } else if (field_prints_hex(f->id)) {
            ds_put_format(s, "0x%0*"PRIx64, field_hex_width(f->id),
                          v->integer);
        } else {
            ds_put_format(s, "%"PRIu64, v->integer);
        }
        break;
    }
    ds_put_char(s, ',');
}

/* The prerequisite under which match_format() prints a field.  This is
 * looser than the one for setting it in a few cases, because an exact
 * match made from a packet may carry such fields: tp_src/tp_dst for any
 * IP protocol (e.g. ICMP inside IPv6), and both ND link-layer addresses
 * for either ND message. */
static enum flow_prereq
format_prereq(const struct flow_field *f)
{
    switch (f->id) {
    case FF_TP_SRC:
    case FF_TP_DST:
        return FFP_IP_ANY;
    case FF_ND_SLL:
    case FF_ND_TLL:
        return FFP_ND;
    default:
        return f->prereq;
    }
}

void
match_format(const struct match *m, struct ds *s, int priority)
{
    size_t start = s->length;
    bool covers_proto;
    const char *sh = shorthand(m, &covers_proto);

    if (priority != OFP_DEFAULT_PRIORITY) {
        ds_put_format(s, "priority=%d,", priority);
    }
    for (int i = 0; i < FF_N_FIELDS; i++) {
        const struct flow_field *f = &flow_fields[i];
        union flow_field_value v, mask;

        if (i == FF_REG0 && sh) {
            ds_put_format(s, "%s,", sh);
        }
        switch (f->id) {
        case FF_DL_VLAN: case FF_DL_VLAN_PCP: case FF_IP_DSCP:
        case FF_DL_VLAN1: case FF_DL_VLAN_PCP1:
        case FF_ICMPV6_TYPE: case FF_ICMPV6_CODE:
            continue;           /* Printed through another name. */
        case FF_VLAN_TCI:
            format_vlan(s, m->flow.vlans[0].tci, m->wc.masks.vlans[0].tci,
                        "");
            continue;
        case FF_VLAN_TCI1:
            format_vlan(s, m->flow.vlans[1].tci, m->wc.masks.vlans[1].tci,
                        "1");
            continue;
        case FF_DL_TYPE:
            if (sh) {
                continue;
            }
            break;
        case FF_NW_PROTO:
            if (covers_proto) {
                continue;
            }
            break;
        default:
            break;
        }
        if (!prereq_ok(m, format_prereq(f))
            || ((f->id == FF_TP_SRC || f->id == FF_TP_DST)
                && prereq_ok(m, FFP_ICMP_ANY))) {
            continue;           /* ICMP prints these as icmp_type/code. */
        }
        flow_field_get(f, &m->wc.masks, &mask);
        if (field_value_is_zero(f, &mask)) {
            continue;
        }
        flow_field_get(f, &m->flow, &v);
        format_field(s, f, &v, &mask);
    }
    if (s->length > start) {
        ds_truncate(s, s->length - 1);  /* Trailing comma. */
    }
}

char *
match_to_string(const struct match *m, int priority)
{
    struct ds s;

    ds_init(&s);
    match_format(m, &s, priority);
    return ds_steal_cstr(&s);
}

/* Parsing. */

static char * OVS_WARN_UNUSED_RESULT
parse_uint(const char *s, const struct flow_field *f, uint64_t max,
           uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!*s || *s == '-' || isspace((unsigned char) *s)) {
        return xasprintf("%s: invalid value for field %s", s, f->name);
    }
    errno = 0;
    v = strtoull(s, &end, 0);
    if (*end || errno == EINVAL) {
        return xasprintf("%s: invalid value for field %s", s, f->name);
    }
    if (errno == ERANGE || v > max) {
        return xasprintf("%s: value too large for %d-byte field %s",
                         s, DIV_ROUND_UP(f->n_bits, 8), f->name);
    }
    *out = v;
    return NULL;
}

static char * OVS_WARN_UNUSED_RESULT
parse_u128(const char *s, const struct flow_field *f, uint8_t *out)
{
    memset(out, 0, 16);
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        size_t n = strlen(s + 2);
        if (!n || n > 32) {
            return xasprintf("%s: invalid value for field %s", s, f->name);
        }
        for (size_t i = 0; i < n; i++) {
            int c = tolower((unsigned char) s[2 + n - 1 - i]);
            if (!isxdigit(c)) {
                return xasprintf("%s: invalid value for field %s",
                                 s, f->name);
            }
            int d = isdigit(c) ? c - '0' : c - 'a' + 10;
            out[15 - i / 2] |= i % 2 ? d << 4 : d;
        }
        return NULL;
    }
    uint64_t v;
    char *error = parse_uint(s, f, UINT64_MAX, &v);
    if (!error) {
        for (int i = 15; i >= 8; i--) {
            out[i] = v;
            v >>= 8;
        }
    }
    return error;
}

static char * OVS_WARN_UNUSED_RESULT
parse_flags(const char *s, const struct flow_field *f,
            const struct flag_names *fn, uint64_t *v, uint64_t *mask)
{
    *v = *mask = 0;
    if (isdigit((unsigned char) *s)) {
        return NULL;            /* Numeric: the caller parses it. */
    }

    /* "+a-b..." or "a|b|..." (the latter matches every flag). */
    if (!*s) {
        return xasprintf("field %s missing value", f->name);
    }
    bool bar = !strchr("+-", *s);
    const char *p = s;
    while (*p) {
        int sign = '+';
        if (*p == '+' || *p == '-') {
            sign = *p++;
        } else if (*p == '|' && bar && p != s) {
            p++;
        } else if (p != s) {
            return xasprintf("%s: invalid flags for field %s", s, f->name);
        }
        size_t len = strcspn(p, "+-|");
        int i;
        for (i = 0; i < fn->n; i++) {
            if (strlen(fn->names[i]) == len
                && !strncmp(fn->names[i], p, len)) {
                break;
            }
        }
        uint64_t bit = UINT64_C(1) << i;
        if (i == fn->n) {
            /* "[200]": a bit without a name, in hex. */
            char *end;
            unsigned long long x = len > 2 && p[0] == '[' && p[len - 1] == ']'
                                   ? strtoull(p + 1, &end, 16) : 0;
            if (!x || end != p + len - 1 || !is_pow2(x)
                || x > field_max(f)) {
                return xasprintf("%s: unknown flag in field %s",
                                 s, f->name);
            }
            bit = x;
        }
        if (*mask & bit) {
            return xasprintf("%.*s: Each %sflag can be specified only once",
                             (int) len, p,
                             f->id == FF_TCP_FLAGS ? "TCP " : "");
        }
        *mask |= bit;
        if (sign == '+') {
            *v |= bit;
        }
        p += len;
    }
    if (bar && fn->names != tun_flag_names) {
        *mask = field_max(f);
    }
    return NULL;
}

static char * OVS_WARN_UNUSED_RESULT
parse_frag(const char *s, uint64_t *v, uint64_t *mask)
{
    static const struct {
        const char *name;
        uint8_t v, mask;
    } frags[] = {
        { "no", 0, FLOW_NW_FRAG_ANY },
        { "yes", FLOW_NW_FRAG_ANY, FLOW_NW_FRAG_ANY },
        { "first", FLOW_NW_FRAG_ANY, FLOW_NW_FRAG_MASK },
        { "later", FLOW_NW_FRAG_MASK, FLOW_NW_FRAG_MASK },
        { "not_later", 0, FLOW_NW_FRAG_LATER },
    };
    for (size_t i = 0; i < ARRAY_SIZE(frags); i++) {
        if (!strcmp(s, frags[i].name)) {
            *v = frags[i].v;
            *mask = frags[i].mask;
            return NULL;
        }
    }
    return xasprintf("%s: unknown fragment type (valid types are \"no\", "
                     "\"yes\", \"first\", \"later\", \"not_later\")", s);
}

static char * OVS_WARN_UNUSED_RESULT
parse_port(const char *s, uint64_t *port)
{
    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (!strcmp(s, port_names[i].name)) {
            *port = port_names[i].port;
            return NULL;
        }
    }
    if (!strcmp(s, "NONE")) {
        *port = OFPP_NONE;
        return NULL;
    }
    unsigned long long v;
    char *end;
    if (isdigit((unsigned char) *s)) {
        errno = 0;
        v = strtoull(s, &end, 10);
        if (!*end && !errno && v <= UINT16_MAX) {
            *port = v;
            return NULL;
        }
    }
    return xasprintf("%s: invalid or unknown port for in_port", s);
}

/* Parses "VALUE[/MASK]" for field 'f' into 'm'. */
static char * OVS_WARN_UNUSED_RESULT
parse_field(struct match *m, const struct flow_field *f, const char *value)
{
    union flow_field_value v, mask;
    char *error = NULL;
    struct flag_names fn;

    memset(&v, 0, sizeof v);
    field_value_exact(f, &mask);

    switch (f->type) {
    case FFT_IPV4:
        error = ip_parse_masked(value, &v.ipv4, &mask.ipv4);
        break;
    case FFT_IPV6:
        error = ipv6_parse_masked(value, &v.ipv6, &mask.ipv6);
        break;
    case FFT_ETH:
        error = eth_addr_parse_masked(value, &v.mac, &mask.mac);
        break;
    case FFT_U128: {
        char *copy = xstrdup(value);
        char *slash = strchr(copy, '/');
        if (slash) {
            *slash = '\0';
        }
        error = parse_u128(copy, f, v.u128);
        if (!error && slash) {
            error = parse_u128(slash + 1, f, mask.u128);
        }
        free(copy);
        break;
    }
    case FFT_UINT:
    case FFT_BE: {
        const char *slash = strchr(value, '/');
        char *vstr = slash ? xmemdup0(value, slash - value)
                           : xstrdup(value);
        uint64_t max = field_max(f);

        if (f->id == FF_IN_PORT) {
            error = slash ? xasprintf("%s: in_port does not support masks",
                                      value)
                          : parse_port(vstr, &v.integer);
        } else if (f->id == FF_NW_FRAG) {
            error = parse_frag(value, &v.integer, &mask.integer);
        } else if (f->id == FF_DL_VLAN || f->id == FF_DL_VLAN1) {
            error = (slash ? xasprintf("%s: %s does not support masks",
                                       value, f->name)
                     : parse_uint(vstr, f, UINT16_MAX, &v.integer));
            if (!error) {
                /* Out-of-range VIDs keep their low 12 bits, as ovs-ofctl
                 * does; 0xffff means "no tag". */
                set_vlan_vid(m, f->id == FF_DL_VLAN1, v.integer);
            }
            free(vstr);
            return error;
        } else if (f->id == FF_DL_VLAN_PCP || f->id == FF_DL_VLAN_PCP1) {
            error = (slash ? xasprintf("%s: %s does not support masks",
                                       value, f->name)
                     : parse_uint(vstr, f, UINT8_MAX, &v.integer));
            if (!error) {
                set_vlan_pcp(m, f->id == FF_DL_VLAN_PCP1, v.integer);
            }
            free(vstr);
            return error;
        } else if (flag_names_for(f->id, &fn) && !isdigit((unsigned char)
                                                          *value)) {
            error = parse_flags(value, f, &fn, &v.integer, &mask.integer);
        } else if (f->id == FF_NW_TOS) {
            error = parse_uint(vstr, f, UINT8_MAX, &v.integer);
            v.integer >>= 2;
        } else {
            error = parse_uint(vstr, f, max, &v.integer);
            if (!error && slash) {
                if (!f->maskable) {
                    error = xasprintf("%s: invalid mask for field %s",
                                      value, f->name);
                } else {
                    error = parse_uint(slash + 1, f, max, &mask.integer);
                }
            }
        }
        free(vstr);
        break;
    }
    }

    if (!error && !f->maskable && !field_value_is_exact(f, &mask)) {
        error = xasprintf("%s: invalid mask for field %s", value, f->name);
    }
    if (!error) {
        match_set_field_masked(m, f, &v, &mask);
    }
    return error;
}

static bool
parse_shorthand(struct match *m, const char *name)
{
    static const struct {
        const char *name;
        uint16_t dl_type;
        int nw_proto;
    } names[] = {
        { "ip", ETH_TYPE_IP, -1 }, { "ipv4", ETH_TYPE_IP, -1 },
        { "icmp", ETH_TYPE_IP, IPPROTO_ICMP },
        { "tcp", ETH_TYPE_IP, IPPROTO_TCP },
        { "udp", ETH_TYPE_IP, IPPROTO_UDP },
        { "sctp", ETH_TYPE_IP, IPPROTO_SCTP },
        { "ipv6", ETH_TYPE_IPV6, -1 },
        { "icmp6", ETH_TYPE_IPV6, IPPROTO_ICMPV6 },
        { "tcp6", ETH_TYPE_IPV6, IPPROTO_TCP },
        { "udp6", ETH_TYPE_IPV6, IPPROTO_UDP },
        { "sctp6", ETH_TYPE_IPV6, IPPROTO_SCTP },
        { "arp", ETH_TYPE_ARP, -1 }, { "rarp", ETH_TYPE_RARP, -1 },
        { "mpls", ETH_TYPE_MPLS, -1 }, { "mplsm", ETH_TYPE_MPLS_MCAST, -1 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcmp(name, names[i].name)) {
            match_set_dl_type(m, htons(names[i].dl_type));
            if (names[i].nw_proto >= 0) {
                match_set_nw_proto(m, names[i].nw_proto);
            }
            return true;
        }
    }
    return false;
}

char *
match_parse(const char *s, struct match *m, int *priority)
{
    char *copy = xstrdup(s);
    char *save = NULL;
    char *error = NULL;

    match_init_catchall(m);
    if (priority) {
        *priority = OFP_DEFAULT_PRIORITY;
    }
    for (char *tok = strtok_r(copy, ", \t\r\n", &save); tok;
         tok = strtok_r(NULL, ", \t\r\n", &save)) {
        char *eq = strchr(tok, '=');
        char *value = NULL;

        if (eq) {
            *eq = '\0';
            value = eq + 1;
        }
        if (!value && parse_shorthand(m, tok)) {
            continue;
        }
        if (!strcmp(tok, "priority") && priority && value) {
            uint64_t p;
            static const struct flow_field prio = { .name = "priority" };
            error = parse_uint(value, &prio, UINT16_MAX, &p);
            if (error) {
                break;
            }
            *priority = p;
            continue;
        }

        const struct flow_field *f = flow_field_from_name(tok);
        if (!f) {
            error = xasprintf("unknown keyword %s", tok);
            break;
        }
        if (!value) {
            error = xasprintf("field %s missing value", tok);
            break;
        }
        error = parse_field(m, f, value);
        if (error) {
            break;
        }
    }
    free(copy);
    if (!error) {
        match_normalize(m);
    }
    return error;
}
