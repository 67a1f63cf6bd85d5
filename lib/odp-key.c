/* odp-key.c -- struct match <-> OVS_KEY_ATTR_* key and mask streams; see
 * odp-key.h.
 *
 * One pair of functions knows each attribute's layout: key_build() fills
 * an attribute's payload from a struct flow (the values, or the masks,
 * which have the same shape), key_store() does the reverse.  Emitting
 * walks the headers outward-in and writes the key and the mask streams in
 * step; parsing first indexes each stream by attribute type (refusing
 * duplicates and bad lengths), then checks each attribute against the
 * prerequisites it needs.  An exact key (no mask stream) is parsed with
 * an all-ones payload as the mask of every attribute present. */
#include <config.h>
#include "odp-key.h"

#include <errno.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "flow.h"
#include "match.h"
#include "nl-attr.h"
#include "ofpbuf.h"
#include "packets.h"
#include "util.h"

/* Payload size of each modelled attribute; 0: not modelled (skipped when
 * lenient, refused when strict), -1: nested. */
static int
attr_len(int type)
{
    switch (type) {
    case OVS_KEY_ATTR_ENCAP: return -1;
    case OVS_KEY_ATTR_PRIORITY: return 4;
    case OVS_KEY_ATTR_IN_PORT: return 4;
    case OVS_KEY_ATTR_ETHERNET: return sizeof(struct ovs_key_ethernet);
    case OVS_KEY_ATTR_VLAN: return 2;
    case OVS_KEY_ATTR_ETHERTYPE: return 2;
    case OVS_KEY_ATTR_IPV4: return sizeof(struct ovs_key_ipv4);
    case OVS_KEY_ATTR_IPV6: return sizeof(struct ovs_key_ipv6);
    case OVS_KEY_ATTR_TCP: return sizeof(struct ovs_key_tcp);
    case OVS_KEY_ATTR_UDP: return sizeof(struct ovs_key_udp);
    case OVS_KEY_ATTR_ICMP: return sizeof(struct ovs_key_icmp);
    case OVS_KEY_ATTR_ICMPV6: return sizeof(struct ovs_key_icmpv6);
    case OVS_KEY_ATTR_ARP: return sizeof(struct ovs_key_arp);
    case OVS_KEY_ATTR_ND: return sizeof(struct ovs_key_nd);
    case OVS_KEY_ATTR_SKB_MARK: return 4;
    case OVS_KEY_ATTR_SCTP: return sizeof(struct ovs_key_sctp);
    case OVS_KEY_ATTR_TCP_FLAGS: return 2;
    case OVS_KEY_ATTR_DP_HASH: return 4;
    case OVS_KEY_ATTR_RECIRC_ID: return 4;
    case OVS_KEY_ATTR_CT_STATE: return 4;
    case OVS_KEY_ATTR_CT_ZONE: return 2;
    case OVS_KEY_ATTR_CT_MARK: return 4;
    case OVS_KEY_ATTR_CT_LABELS: return 16;
    default: return 0;
    }
}

/* ICMP type/code and the ARP opcode are 8 bits in the attribute but
 * 16 bits in struct flow: an exact 8-bit mask means an exact field. */
static ovs_be16
widen_mask8(uint8_t m)
{
    return m == 0xff ? htons(0xffff) : htons(m);
}

/* Fills the payload of 'type' from 'f' (values, or masks if 'is_mask')
 * into 'buf' (at least 64 bytes, zeroed). */
static void
key_build(int type, const struct flow *f, bool is_mask, void *buf)
{
    switch (type) {
    case OVS_KEY_ATTR_PRIORITY:
        memcpy(buf, &f->skb_priority, 4);
        break;
    case OVS_KEY_ATTR_SKB_MARK:
        memcpy(buf, &f->pkt_mark, 4);
        break;
    case OVS_KEY_ATTR_RECIRC_ID:
        memcpy(buf, &f->recirc_id, 4);
        break;
    case OVS_KEY_ATTR_DP_HASH:
        memcpy(buf, &f->dp_hash, 4);
        break;
    case OVS_KEY_ATTR_IN_PORT:
        memcpy(buf, &f->in_port, 4);
        break;
    case OVS_KEY_ATTR_CT_STATE: {
        uint32_t s = f->ct_state;
        memcpy(buf, &s, 4);
        break;
    }
    case OVS_KEY_ATTR_CT_ZONE:
        memcpy(buf, &f->ct_zone, 2);
        break;
    case OVS_KEY_ATTR_CT_MARK:
        memcpy(buf, &f->ct_mark, 4);
        break;
    case OVS_KEY_ATTR_CT_LABELS:
        memcpy(buf, f->ct_label, 16);
        break;
    case OVS_KEY_ATTR_ETHERNET: {
        struct ovs_key_ethernet *e = buf;
        memcpy(e->eth_src, &f->dl_src, 6);
        memcpy(e->eth_dst, &f->dl_dst, 6);
        break;
    }
    case OVS_KEY_ATTR_IPV4: {
        struct ovs_key_ipv4 *k = buf;
        k->ipv4_src = f->nw_src;
        k->ipv4_dst = f->nw_dst;
        k->ipv4_proto = f->nw_proto;
        k->ipv4_tos = f->nw_tos;
        k->ipv4_ttl = f->nw_ttl;
        k->ipv4_frag = (is_mask ? (f->nw_frag ? 0xff : 0)
                        : !(f->nw_frag & FLOW_NW_FRAG_ANY)
                        ? OVS_FRAG_TYPE_NONE
                        : f->nw_frag & FLOW_NW_FRAG_LATER
                        ? OVS_FRAG_TYPE_LATER : OVS_FRAG_TYPE_FIRST);
        break;
    }
    case OVS_KEY_ATTR_IPV6: {
        struct ovs_key_ipv6 *k = buf;
        memcpy(k->ipv6_src, &f->ipv6_src, 16);
        memcpy(k->ipv6_dst, &f->ipv6_dst, 16);
        k->ipv6_label = f->ipv6_label;
        k->ipv6_proto = f->nw_proto;
        k->ipv6_tclass = f->nw_tos;
        k->ipv6_hlimit = f->nw_ttl;
        k->ipv6_frag = (is_mask ? (f->nw_frag ? 0xff : 0)
                        : !(f->nw_frag & FLOW_NW_FRAG_ANY)
                        ? OVS_FRAG_TYPE_NONE
                        : f->nw_frag & FLOW_NW_FRAG_LATER
                        ? OVS_FRAG_TYPE_LATER : OVS_FRAG_TYPE_FIRST);
        break;
    }
    case OVS_KEY_ATTR_TCP:
    case OVS_KEY_ATTR_UDP:
    case OVS_KEY_ATTR_SCTP: {
        /* The three share one layout: source then destination port. */
        struct ovs_key_tcp *k = buf;
        k->tcp_src = f->tp_src;
        k->tcp_dst = f->tp_dst;
        break;
    }
    case OVS_KEY_ATTR_TCP_FLAGS:
        memcpy(buf, &f->tcp_flags, 2);
        break;
    case OVS_KEY_ATTR_ICMP:
    case OVS_KEY_ATTR_ICMPV6: {
        struct ovs_key_icmp *k = buf;
        k->icmp_type = ntohs(f->tp_src);
        k->icmp_code = ntohs(f->tp_dst);
        break;
    }
    case OVS_KEY_ATTR_ARP: {
        struct ovs_key_arp *k = buf;
        k->arp_sip = f->nw_src;
        k->arp_tip = f->nw_dst;
        k->arp_op = is_mask ? widen_mask8(f->nw_proto) : htons(f->nw_proto);
        memcpy(k->arp_sha, &f->arp_sha, 6);
        memcpy(k->arp_tha, &f->arp_tha, 6);
        break;
    }
    case OVS_KEY_ATTR_ND: {
        struct ovs_key_nd *k = buf;
        memcpy(k->nd_target, &f->nd_target, 16);
        memcpy(k->nd_sll, &f->arp_sha, 6);
        memcpy(k->nd_tll, &f->arp_tha, 6);
        break;
    }
    default:
        OVS_NOT_REACHED();
    }
}

static uint8_t
frag_from_key(uint8_t v, bool is_mask)
{
    if (is_mask) {
        return v ? FLOW_NW_FRAG_MASK : 0;
    }
    return (v == OVS_FRAG_TYPE_FIRST ? FLOW_NW_FRAG_ANY
            : v == OVS_FRAG_TYPE_LATER ? FLOW_NW_FRAG_MASK : 0);
}

/* The inverse of key_build(): stores payload 'p' of 'type' into 'f'. */
static void
key_store(int type, const void *p, bool is_mask, struct flow *f)
{
    switch (type) {
    case OVS_KEY_ATTR_PRIORITY:
        memcpy(&f->skb_priority, p, 4);
        break;
    case OVS_KEY_ATTR_SKB_MARK:
        memcpy(&f->pkt_mark, p, 4);
        break;
    case OVS_KEY_ATTR_RECIRC_ID:
        memcpy(&f->recirc_id, p, 4);
        break;
    case OVS_KEY_ATTR_DP_HASH:
        memcpy(&f->dp_hash, p, 4);
        break;
    case OVS_KEY_ATTR_IN_PORT:
        memcpy(&f->in_port, p, 4);
        break;
    case OVS_KEY_ATTR_CT_STATE: {
        uint32_t s;
        memcpy(&s, p, 4);
        f->ct_state = s;
        break;
    }
    case OVS_KEY_ATTR_CT_ZONE:
        memcpy(&f->ct_zone, p, 2);
        break;
    case OVS_KEY_ATTR_CT_MARK:
        memcpy(&f->ct_mark, p, 4);
        break;
    case OVS_KEY_ATTR_CT_LABELS:
        memcpy(f->ct_label, p, 16);
        break;
    case OVS_KEY_ATTR_ETHERNET: {
        const struct ovs_key_ethernet *e = p;
        memcpy(&f->dl_src, e->eth_src, 6);
        memcpy(&f->dl_dst, e->eth_dst, 6);
        break;
    }
    case OVS_KEY_ATTR_IPV4: {
        const struct ovs_key_ipv4 *k = p;
        f->nw_src = k->ipv4_src;
        f->nw_dst = k->ipv4_dst;
        f->nw_proto = k->ipv4_proto;
        f->nw_tos = k->ipv4_tos;
        f->nw_ttl = k->ipv4_ttl;
        f->nw_frag = frag_from_key(k->ipv4_frag, is_mask);
        break;
    }
    case OVS_KEY_ATTR_IPV6: {
        const struct ovs_key_ipv6 *k = p;
        memcpy(&f->ipv6_src, k->ipv6_src, 16);
        memcpy(&f->ipv6_dst, k->ipv6_dst, 16);
        f->ipv6_label = k->ipv6_label;
        f->nw_proto = k->ipv6_proto;
        f->nw_tos = k->ipv6_tclass;
        f->nw_ttl = k->ipv6_hlimit;
        f->nw_frag = frag_from_key(k->ipv6_frag, is_mask);
        break;
    }
    case OVS_KEY_ATTR_TCP:
    case OVS_KEY_ATTR_UDP:
    case OVS_KEY_ATTR_SCTP: {
        const struct ovs_key_tcp *k = p;
        f->tp_src = k->tcp_src;
        f->tp_dst = k->tcp_dst;
        break;
    }
    case OVS_KEY_ATTR_TCP_FLAGS:
        memcpy(&f->tcp_flags, p, 2);
        break;
    case OVS_KEY_ATTR_ICMP:
    case OVS_KEY_ATTR_ICMPV6: {
        const struct ovs_key_icmp *k = p;
        f->tp_src = is_mask ? widen_mask8(k->icmp_type) : htons(k->icmp_type);
        f->tp_dst = is_mask ? widen_mask8(k->icmp_code) : htons(k->icmp_code);
        break;
    }
    case OVS_KEY_ATTR_ARP: {
        const struct ovs_key_arp *k = p;
        f->nw_src = k->arp_sip;
        f->nw_dst = k->arp_tip;
        f->nw_proto = ntohs(k->arp_op);
        memcpy(&f->arp_sha, k->arp_sha, 6);
        memcpy(&f->arp_tha, k->arp_tha, 6);
        break;
    }
    case OVS_KEY_ATTR_ND: {
        const struct ovs_key_nd *k = p;
        memcpy(&f->nd_target, k->nd_target, 16);
        memcpy(&f->arp_sha, k->nd_sll, 6);
        memcpy(&f->arp_tha, k->nd_tll, 6);
        break;
    }
    default:
        OVS_NOT_REACHED();
    }
}

/* Emitting. */

struct emitter {
    const struct match *m;
    struct ofpbuf *key;
    struct ofpbuf *mask;        /* May be NULL. */
};

static void
put_raw(struct emitter *e, int type, const void *value, const void *mask,
        size_t len)
{
    nl_msg_put_unspec(e->key, type, value, len);
    if (e->mask) {
        nl_msg_put_unspec(e->mask, type, mask, len);
    }
}

/* Puts attribute 'type' in the key and, if 'with_mask', in the mask. */
static void
put_attr(struct emitter *e, int type, bool with_mask)
{
    uint8_t v[64], mk[64];
    memset(v, 0, sizeof v);
    memset(mk, 0, sizeof mk);
    key_build(type, &e->m->flow, false, v);
    key_build(type, &e->m->wc.masks, true, mk);
    nl_msg_put_unspec(e->key, type, v, attr_len(type));
    if (e->mask && with_mask) {
        nl_msg_put_unspec(e->mask, type, mk, attr_len(type));
    }
}

static bool
is_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i]) {
            return false;
        }
    }
    return true;
}

/* The kernel requires the key attribute of every header the key's
 * values imply (TCP_FLAGS with TCP, ND with an ND message) but accepts its
 * mask attribute only if the field selecting it is exact: 'with_mask'. */
static void
emit_l4(struct emitter *e, bool with_mask)
{
    const struct flow *v = &e->m->flow, *mk = &e->m->wc.masks;
    bool ip4 = v->dl_type == htons(ETH_TYPE_IP);

    if (v->nw_frag & FLOW_NW_FRAG_LATER) {
        return;
    }
    with_mask = with_mask && mk->nw_proto == 0xff;
    switch (v->nw_proto) {
    case IPPROTO_TCP:
        put_attr(e, OVS_KEY_ATTR_TCP, with_mask);
        put_attr(e, OVS_KEY_ATTR_TCP_FLAGS, with_mask);
        break;
    case IPPROTO_UDP:
        put_attr(e, OVS_KEY_ATTR_UDP, with_mask);
        break;
    case IPPROTO_SCTP:
        put_attr(e, OVS_KEY_ATTR_SCTP, with_mask);
        break;
    case IPPROTO_ICMP:
        if (ip4) {
            put_attr(e, OVS_KEY_ATTR_ICMP, with_mask);
        }
        break;
    case IPPROTO_ICMPV6:
        if (!ip4) {
            put_attr(e, OVS_KEY_ATTR_ICMPV6, with_mask);
            if (v->tp_src == htons(135) || v->tp_src == htons(136)) {
                put_attr(e, OVS_KEY_ATTR_ND,
                         with_mask && (mk->tp_src & htons(0xff))
                         == htons(0xff));
            }
        }
        break;
    }
}

/* Emits everything after ETHERNET for VLAN nesting 'level'. */
static void
emit_l2_5(struct emitter *e, int level)
{
    const struct flow *v = &e->m->flow, *mk = &e->m->wc.masks;

    if (level < FLOW_MAX_VLAN_HEADERS
        && v->vlans[level].tci & htons(VLAN_CFI)) {
        ovs_be16 tpid = v->vlans[level].tpid;
        ovs_be16 tpid_mask = mk->vlans[level].tpid;
        if (!tpid) {
            tpid = htons(ETH_TYPE_VLAN);
        }
        if (!tpid_mask) {
            /* The TCI says "tagged", so the TPID is implied. */
            tpid_mask = htons(0xffff);
        }
        put_raw(e, OVS_KEY_ATTR_ETHERTYPE, &tpid, &tpid_mask, 2);
        put_raw(e, OVS_KEY_ATTR_VLAN, &v->vlans[level].tci,
                &mk->vlans[level].tci, 2);
        size_t kofs = nl_msg_start_nested(e->key, OVS_KEY_ATTR_ENCAP);
        size_t mofs = (e->mask
                       ? nl_msg_start_nested(e->mask, OVS_KEY_ATTR_ENCAP)
                       : 0);
        emit_l2_5(e, level + 1);
        nl_msg_end_nested(e->key, kofs);
        if (e->mask) {
            nl_msg_end_nested(e->mask, mofs);
        }
        return;
    }

    if (!mk->dl_type) {
        return;
    }
    if (v->dl_type != htons(FLOW_DL_TYPE_NONE)) {
        nl_msg_put_be16(e->key, OVS_KEY_ATTR_ETHERTYPE, v->dl_type);
    }
    if (e->mask) {
        nl_msg_put_be16(e->mask, OVS_KEY_ATTR_ETHERTYPE, mk->dl_type);
    }
    bool with_mask = mk->dl_type == htons(0xffff);
    switch (ntohs(v->dl_type)) {
    case ETH_TYPE_IP:
        put_attr(e, OVS_KEY_ATTR_IPV4, with_mask);
        emit_l4(e, with_mask);
        break;
    case ETH_TYPE_IPV6:
        put_attr(e, OVS_KEY_ATTR_IPV6, with_mask);
        emit_l4(e, with_mask);
        break;
    case ETH_TYPE_ARP:
    case ETH_TYPE_RARP:
        put_attr(e, OVS_KEY_ATTR_ARP, with_mask);
        break;
    }
}

void
odp_key_from_match(const struct match *m, struct ofpbuf *key,
                   struct ofpbuf *mask)
{
    struct emitter e = { m, key, mask };
    const struct flow *mk = &m->wc.masks;

    /* Metadata, in the order the kernel dumps it. */
    if (mk->recirc_id) {
        put_attr(&e, OVS_KEY_ATTR_RECIRC_ID, true);
    }
    if (mk->dp_hash) {
        put_attr(&e, OVS_KEY_ATTR_DP_HASH, true);
    }
    if (mk->skb_priority) {
        put_attr(&e, OVS_KEY_ATTR_PRIORITY, true);
    }
    if (mk->in_port) {
        put_attr(&e, OVS_KEY_ATTR_IN_PORT, true);
    }
    if (mk->pkt_mark) {
        put_attr(&e, OVS_KEY_ATTR_SKB_MARK, true);
    }
    if (mk->ct_state) {
        put_attr(&e, OVS_KEY_ATTR_CT_STATE, true);
    }
    if (mk->ct_zone) {
        put_attr(&e, OVS_KEY_ATTR_CT_ZONE, true);
    }
    if (mk->ct_mark) {
        put_attr(&e, OVS_KEY_ATTR_CT_MARK, true);
    }
    if (!is_zero(mk->ct_label, sizeof mk->ct_label)) {
        put_attr(&e, OVS_KEY_ATTR_CT_LABELS, true);
    }
    put_attr(&e, OVS_KEY_ATTR_ETHERNET, true);
    emit_l2_5(&e, 0);
}

void
odp_key_from_flow(const struct flow *flow, struct ofpbuf *key)
{
    struct match m;

    match_init_for_packet(&m, flow);
    /* The metadata are always exact for a packet. */
    m.wc.masks.recirc_id = UINT32_MAX;
    m.wc.masks.skb_priority = UINT32_MAX;
    m.wc.masks.in_port = UINT32_MAX;
    m.wc.masks.pkt_mark = UINT32_MAX;
    m.flow.recirc_id = flow->recirc_id;
    m.flow.skb_priority = flow->skb_priority;
    m.flow.in_port = flow->in_port;
    m.flow.pkt_mark = flow->pkt_mark;
    odp_key_from_match(&m, key, NULL);
}

/* Parsing. */

typedef const struct nlattr *attr_index[OVS_KEY_ATTR_MAX + 1];

/* Indexes the stream of 'len' bytes at 'attrs' into 'idx'. */
static int
index_attrs(const struct nlattr *attrs, size_t len, bool strict,
            attr_index idx)
{
    const struct nlattr *a;
    size_t left;

    memset(idx, 0, sizeof(attr_index));
    NL_ATTR_FOR_EACH (a, left, attrs, len) {
        int type = nl_attr_type(a);
        int expected = type <= OVS_KEY_ATTR_MAX ? attr_len(type) : 0;

        if (!expected) {
            if (strict || type == OVS_KEY_ATTR_UNSPEC) {
                return EINVAL;
            }
            continue;
        }
        if ((expected > 0 && nl_attr_get_size(a) != (size_t) expected)
            || idx[type]) {
            return EINVAL;
        }
        idx[type] = a;
    }
    return left ? EINVAL : 0;
}

static const uint8_t all_ones[64] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

struct parser {
    struct match *m;
    bool strict;
    const struct nlattr **k;    /* Key index of this level. */
    const struct nlattr **mk;   /* Mask index, or NULL: exact. */
};

/* Stores attribute 'type' of the key and its mask, if present. */
static void
take(struct parser *p, int type)
{
    key_store(type, nl_attr_get(p->k[type]), false, &p->m->flow);
    key_store(type, p->mk ? nl_attr_get(p->mk[type]) : all_ones, true,
              &p->m->wc.masks);
}

static bool
present(const struct parser *p, int type)
{
    return p->k[type] && (!p->mk || p->mk[type]);
}

static int parse_level(struct parser *, int level);

static bool
is_meta(int t)
{
    return (t == OVS_KEY_ATTR_RECIRC_ID || t == OVS_KEY_ATTR_DP_HASH
            || t == OVS_KEY_ATTR_PRIORITY || t == OVS_KEY_ATTR_IN_PORT
            || t == OVS_KEY_ATTR_SKB_MARK || t == OVS_KEY_ATTR_CT_STATE
            || t == OVS_KEY_ATTR_CT_ZONE || t == OVS_KEY_ATTR_CT_MARK
            || t == OVS_KEY_ATTR_CT_LABELS);
}

static int
parse_l4(struct parser *p)
{
    struct flow *v = &p->m->flow;
    bool ip4 = v->dl_type == htons(ETH_TYPE_IP);
    bool ip6 = v->dl_type == htons(ETH_TYPE_IPV6);
    bool l4_ok = (ip4 || ip6) && !(v->nw_frag & FLOW_NW_FRAG_LATER);
    static const struct { int attr; uint8_t proto; int ipv; } l4[] = {
        { OVS_KEY_ATTR_TCP, IPPROTO_TCP, 0 },
        { OVS_KEY_ATTR_UDP, IPPROTO_UDP, 0 },
        { OVS_KEY_ATTR_SCTP, IPPROTO_SCTP, 0 },
        { OVS_KEY_ATTR_ICMP, IPPROTO_ICMP, 4 },
        { OVS_KEY_ATTR_ICMPV6, IPPROTO_ICMPV6, 6 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(l4); i++) {
        if (!p->k[l4[i].attr]) {
            continue;
        }
        if (!l4_ok || v->nw_proto != l4[i].proto
            || (l4[i].ipv == 4 && !ip4) || (l4[i].ipv == 6 && !ip6)) {
            return EINVAL;
        }
        if (present(p, l4[i].attr)) {
            take(p, l4[i].attr);
        }
    }
    if (p->k[OVS_KEY_ATTR_TCP_FLAGS]) {
        if (!p->k[OVS_KEY_ATTR_TCP]) {
            return EINVAL;
        }
        if (present(p, OVS_KEY_ATTR_TCP_FLAGS)) {
            take(p, OVS_KEY_ATTR_TCP_FLAGS);
        }
    }
    if (p->k[OVS_KEY_ATTR_ND]) {
        if (!p->k[OVS_KEY_ATTR_ICMPV6]
            || (v->tp_src != htons(135) && v->tp_src != htons(136))) {
            return EINVAL;
        }
        if (present(p, OVS_KEY_ATTR_ND)) {
            take(p, OVS_KEY_ATTR_ND);
        }
    }
    return 0;
}

static int
parse_l3(struct parser *p)
{
    struct flow *v = &p->m->flow;
    int want = (v->dl_type == htons(ETH_TYPE_IP) ? OVS_KEY_ATTR_IPV4
                : v->dl_type == htons(ETH_TYPE_IPV6) ? OVS_KEY_ATTR_IPV6
                : (v->dl_type == htons(ETH_TYPE_ARP)
                   || v->dl_type == htons(ETH_TYPE_RARP))
                ? OVS_KEY_ATTR_ARP : -1);
    static const int l3[] = {
        OVS_KEY_ATTR_IPV4, OVS_KEY_ATTR_IPV6, OVS_KEY_ATTR_ARP,
    };

    for (size_t i = 0; i < ARRAY_SIZE(l3); i++) {
        if (p->k[l3[i]]) {
            if (l3[i] != want) {
                return EINVAL;
            }
            if (present(p, l3[i])) {
                take(p, l3[i]);
            }
        }
    }
    if (p->k[OVS_KEY_ATTR_ARP]) {
        const struct ovs_key_arp *a = nl_attr_get(p->k[OVS_KEY_ATTR_ARP]);
        if (ntohs(a->arp_op) > 0xff) {
            return EINVAL;
        }
    }
    return parse_l4(p);
}

static int
parse_vlan(struct parser *p, int level)
{
    struct flow *v = &p->m->flow, *mk = &p->m->wc.masks;
    const struct nlattr *kenc = p->k[OVS_KEY_ATTR_ENCAP];
    const struct nlattr *menc = p->mk ? p->mk[OVS_KEY_ATTR_ENCAP] : NULL;
    ovs_be16 tpid = nl_attr_get_be16(p->k[OVS_KEY_ATTR_ETHERTYPE]);

    if (level >= FLOW_MAX_VLAN_HEADERS || !eth_type_vlan(tpid)) {
        return EINVAL;
    }
    v->vlans[level].tpid = tpid;
    mk->vlans[level].tpid = (p->mk && p->mk[OVS_KEY_ATTR_ETHERTYPE]
                             ? nl_attr_get_be16(p->mk[OVS_KEY_ATTR_ETHERTYPE])
                             : htons(0xffff));
    v->vlans[level].tci = nl_attr_get_be16(p->k[OVS_KEY_ATTR_VLAN]);
    mk->vlans[level].tci = (p->mk
                            ? (p->mk[OVS_KEY_ATTR_VLAN]
                               ? nl_attr_get_be16(p->mk[OVS_KEY_ATTR_VLAN])
                               : 0)
                            : htons(0xffff));
    for (int t = 0; t <= OVS_KEY_ATTR_MAX; t++) {
        if (p->k[t] && !is_meta(t) && t != OVS_KEY_ATTR_ETHERNET
            && t != OVS_KEY_ATTR_ETHERTYPE && t != OVS_KEY_ATTR_VLAN
            && t != OVS_KEY_ATTR_ENCAP) {
            /* Headers after a tag belong inside ENCAP. */
            return EINVAL;
        }
    }
    if (!kenc) {
        return 0;
    }

    attr_index kidx, midx;
    int error = index_attrs(nl_attr_get(kenc), nl_attr_get_size(kenc),
                            p->strict, kidx);
    if (!error && menc) {
        error = index_attrs(nl_attr_get(menc), nl_attr_get_size(menc),
                            p->strict, midx);
    } else if (!error && p->mk) {
        memset(midx, 0, sizeof midx);
    }
    if (error) {
        return error;
    }
    struct parser inner = { p->m, p->strict, kidx, p->mk ? midx : NULL };
    return parse_level(&inner, level + 1);
}

/* Parses the headers from ETHERTYPE inward at VLAN nesting 'level'. */
static int
parse_level(struct parser *p, int level)
{
    struct flow *v = &p->m->flow, *mk = &p->m->wc.masks;

    if (p->mk) {
        for (int t = 0; t <= OVS_KEY_ATTR_MAX; t++) {
            if (p->mk[t] && !p->k[t] && t != OVS_KEY_ATTR_ETHERTYPE) {
                return EINVAL;
            }
        }
    }
    if (level > 0) {
        for (int t = 0; t <= OVS_KEY_ATTR_MAX; t++) {
            if (p->k[t] && (is_meta(t) || t == OVS_KEY_ATTR_ETHERNET)) {
                return EINVAL;  /* Only headers go inside ENCAP. */
            }
        }
    }
    if (p->k[OVS_KEY_ATTR_VLAN]) {
        if (!p->k[OVS_KEY_ATTR_ETHERTYPE]) {
            return EINVAL;
        }
        return parse_vlan(p, level);
    }
    if (p->k[OVS_KEY_ATTR_ENCAP]) {
        return EINVAL;
    }

    const struct nlattr *mtype = (p->mk ? p->mk[OVS_KEY_ATTR_ETHERTYPE]
                                  : NULL);
    if (p->k[OVS_KEY_ATTR_ETHERTYPE]) {
        v->dl_type = nl_attr_get_be16(p->k[OVS_KEY_ATTR_ETHERTYPE]);
        if (ntohs(v->dl_type) < ETH_TYPE_MIN) {
            return EINVAL;
        }
        mk->dl_type = (!p->mk ? htons(0xffff)
                       : mtype ? nl_attr_get_be16(mtype) : 0);
    } else if (!p->mk || mtype) {
        /* No Ethertype: an 802.2 frame. */
        v->dl_type = htons(FLOW_DL_TYPE_NONE);
        mk->dl_type = mtype ? nl_attr_get_be16(mtype) : htons(0xffff);
    }
    v->dl_type &= mk->dl_type;
    return parse_l3(p);
}

static int
parse_key(const struct nlattr *key, size_t key_len,
          const struct nlattr *mask, size_t mask_len, bool strict,
          struct match *m)
{
    attr_index kidx, midx;
    int error;

    match_init_catchall(m);
    error = index_attrs(key, key_len, strict, kidx);
    if (!error && mask) {
        error = index_attrs(mask, mask_len, strict, midx);
    }
    if (error) {
        return error;
    }

    struct parser p = { m, strict, kidx, mask ? midx : NULL };
    static const int meta[] = {
        OVS_KEY_ATTR_RECIRC_ID, OVS_KEY_ATTR_DP_HASH,
        OVS_KEY_ATTR_PRIORITY, OVS_KEY_ATTR_IN_PORT,
        OVS_KEY_ATTR_SKB_MARK, OVS_KEY_ATTR_CT_STATE,
        OVS_KEY_ATTR_CT_ZONE, OVS_KEY_ATTR_CT_MARK,
        OVS_KEY_ATTR_CT_LABELS, OVS_KEY_ATTR_ETHERNET,
    };
    for (size_t i = 0; i < ARRAY_SIZE(meta); i++) {
        if (present(&p, meta[i])) {
            take(&p, meta[i]);
        }
    }
    error = parse_level(&p, 0);
    if (!error) {
        /* Keep the invariant flow == flow & mask. */
        uint64_t *f = (uint64_t *) &m->flow;
        const uint64_t *w = flow_u64(&m->wc.masks);
        for (size_t i = 0; i < FLOW_U64S; i++) {
            f[i] &= w[i];
        }
    }
    return error;
}

int
odp_key_to_match(const struct nlattr *key, size_t key_len,
                 const struct nlattr *mask, size_t mask_len,
                 struct match *m)
{
    return parse_key(key, key_len, mask, mask_len, true, m);
}

int
odp_key_to_match_lenient(const struct nlattr *key, size_t key_len,
                         const struct nlattr *mask, size_t mask_len,
                         struct match *m)
{
    return parse_key(key, key_len, mask, mask_len, false, m);
}

int
odp_key_to_flow(const struct nlattr *key, size_t key_len, struct flow *flow)
{
    struct match m;
    int error = parse_key(key, key_len, NULL, 0, false, &m);
    *flow = m.flow;
    return error;
}
