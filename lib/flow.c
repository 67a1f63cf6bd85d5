/* flow.c -- extracting a flow key from a packet, and word-wise flow
 * operations (hashing, masking, comparison).
 *
 * flow_extract() parses untrusted bytes, so it works on a cursor
 * (struct parser) that knows how many bytes remain and never reads past
 * them: each header is length-checked before it is read, and values are
 * read with memcpy()-based helpers, so the packet may have any alignment.
 * When a header is truncated or malformed, parsing stops and the fields
 * from that header on stay zero.
 *
 * Matching, field access and text syntax live in match.c. */

#include <config.h>
#include "flow.h"
#include "match.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dynamic-string.h"
#include "hash.h"
#include "util.h"

COVERAGE_DEFINE(flow_extract);
COVERAGE_DEFINE(flow_extract_truncated);

/* A read cursor over the packet's bytes. */
struct parser {
    const uint8_t *data;        /* Start of packet. */
    size_t ofs;                 /* Bytes consumed. */
    size_t size;                /* Bytes available (may be trimmed to the
                                 * length an IP header claims). */
};

static inline bool
parser_has(const struct parser *p, size_t n)
{
    return p->size - p->ofs >= n;
}

static inline const uint8_t *
parser_cur(const struct parser *p)
{
    return p->data + p->ofs;
}

/* Marks a truncated or malformed header (for coverage/show). */
static void
parser_truncated(void)
{
    COVERAGE_INC(flow_extract_truncated);
}

/* Parses the VLAN tags and Ethertype at the cursor into 'flow'.  Returns
 * false if the frame ends before the Ethertype is complete. */
static bool
parse_ethertype(struct parser *p, struct flow *flow)
{
    for (int n = 0; n < FLOW_MAX_VLAN_HEADERS; n++) {
        if (!parser_has(p, 2)) {
            return false;
        }
        ovs_be16 tpid = packet_get_be16(parser_cur(p));
        if (!eth_type_vlan(tpid)) {
            break;
        }
        if (!parser_has(p, VLAN_HEADER_LEN + 2)) {
            /* A truncated tag: the TPID is all we know of what follows,
             * so it is the Ethertype (as Open vSwitch reports it). */
            flow->dl_type = tpid;
            return false;
        }
        flow->vlans[n].tpid = tpid;
        flow->vlans[n].tci = packet_get_be16(parser_cur(p) + 2)
                             | htons(VLAN_CFI);
        p->ofs += VLAN_HEADER_LEN;
    }

    if (!parser_has(p, 2)) {
        return false;
    }
    ovs_be16 type = packet_get_be16(parser_cur(p));
    p->ofs += 2;
    if (ntohs(type) >= ETH_TYPE_MIN) {
        flow->dl_type = type;
        return true;
    }

    /* 802.3 length: only LLC+SNAP with a zero OUI carries an Ethertype. */
    const uint8_t *h = parser_cur(p);
    if (parser_has(p, LLC_SNAP_HEADER_LEN)
        && h[0] == LLC_DSAP_SNAP && h[1] == LLC_SSAP_SNAP
        && h[2] == LLC_CNTL_SNAP && !h[3] && !h[4] && !h[5]
        && ntohs(packet_get_be16(h + 6)) >= ETH_TYPE_MIN) {
        flow->dl_type = packet_get_be16(h + 6);
        p->ofs += LLC_SNAP_HEADER_LEN;
    } else {
        flow->dl_type = htons(FLOW_DL_TYPE_NONE);
    }
    return true;
}

static void
parse_mpls(struct parser *p, struct flow *flow)
{
    for (int i = 0; i < FLOW_MAX_MPLS_LABELS && parser_has(p, MPLS_HLEN);
         i++) {
        ovs_be32 lse = packet_get_be32(parser_cur(p));
        flow->mpls_lse[i] = lse;
        p->ofs += MPLS_HLEN;
        if (lse & htonl(MPLS_BOS_MASK)) {
            break;
        }
    }
}

/* Parses an IPv4 header.  Returns true if the L4 header follows (not a
 * later fragment). */
static bool
parse_ipv4(struct parser *p, struct flow *flow)
{
    const uint8_t *h = parser_cur(p);

    if (!parser_has(p, IP_HEADER_LEN)) {
        parser_truncated();
        return false;
    }
    size_t ihl = IP_IHL(h[0]) * 4;
    size_t tot_len = ntohs(packet_get_be16(h + 2));
    /* The version nibble is not checked: the Ethertype already says
     * IPv4, and Open vSwitch parses such packets too. */
    if (ihl < IP_HEADER_LEN
        || !parser_has(p, ihl) || tot_len < ihl
        || !parser_has(p, tot_len)) {
        parser_truncated();
        return false;
    }

    /* Bytes past tot_len are link-layer padding. */
    p->size = p->ofs + tot_len;

    flow->nw_src = packet_get_be32(h + 12);
    flow->nw_dst = packet_get_be32(h + 16);
    flow->nw_tos = h[1];
    flow->nw_ttl = h[8];
    flow->nw_proto = h[9];

    uint16_t frag = ntohs(packet_get_be16(h + 6));
    if (frag & (IP_MORE_FRAGMENTS | IP_FRAG_OFF_MASK)) {
        flow->nw_frag = FLOW_NW_FRAG_ANY;
        if (frag & IP_FRAG_OFF_MASK) {
            flow->nw_frag |= FLOW_NW_FRAG_LATER;
        }
    }
    p->ofs += ihl;
    return !(flow->nw_frag & FLOW_NW_FRAG_LATER);
}

/* Parses an IPv6 header and its extension headers.  Returns true if the
 * upper-layer header follows. */
static bool
parse_ipv6(struct parser *p, struct flow *flow)
{
    const uint8_t *h = parser_cur(p);

    if (!parser_has(p, IPV6_HEADER_LEN)) {
        parser_truncated();
        return false;
    }
    size_t plen = ntohs(packet_get_be16(h + 4));
    if (!parser_has(p, IPV6_HEADER_LEN + plen)) {
        parser_truncated();
        return false;
    }
    p->size = p->ofs + IPV6_HEADER_LEN + plen;

    /* The addresses are reported even if an extension header turns out
     * to be truncated; the other IPv6 fields only once the chain parsed
     * (the behaviour of Open vSwitch, which flow.at compares against). */
    uint32_t vtcfl = ntohl(packet_get_be32(h));
    uint8_t hlim = h[7];
    memcpy(&flow->ipv6_src, h + 8, 16);
    memcpy(&flow->ipv6_dst, h + 24, 16);
    p->ofs += IPV6_HEADER_LEN;

    uint8_t nxt = h[6];
    for (;;) {
        const uint8_t *e = parser_cur(p);
        size_t len;

        if (nxt == IPPROTO_HOPOPTS || nxt == IPPROTO_ROUTING
            || nxt == IPPROTO_DSTOPTS || nxt == IPPROTO_AH) {
            if (!parser_has(p, 2)) {
                goto truncated;
            }
            len = (nxt == IPPROTO_AH ? (e[1] + 2) * 4 : (e[1] + 1) * 8);
            if (!parser_has(p, len)) {
                goto truncated;
            }
            nxt = e[0];
            p->ofs += len;
        } else if (nxt == IPPROTO_FRAGMENT) {
            if (!parser_has(p, IP6_FRAG_HEADER_LEN)) {
                goto truncated;
            }
            uint16_t offlg = ntohs(packet_get_be16(e + 2));
            nxt = e[0];
            p->ofs += IP6_FRAG_HEADER_LEN;
            /* An "atomic fragment" (offset 0, no more fragments) is a
             * whole packet (RFC 6946). */
            if (offlg & (IP6F_OFF_MASK | IP6F_MORE_FRAG)) {
                flow->nw_frag = FLOW_NW_FRAG_ANY;
            }
            if (offlg & IP6F_OFF_MASK) {
                /* What follows is the middle of some header, so the
                 * protocol reported is the fragment header's own. */
                flow->nw_frag |= FLOW_NW_FRAG_LATER;
                nxt = IPPROTO_FRAGMENT;
                break;
            }
        } else {
            break;
        }
    }
    flow->ipv6_label = htonl(vtcfl & IPV6_LABEL_MASK);
    flow->nw_tos = vtcfl >> 20;
    flow->nw_ttl = hlim;
    flow->nw_proto = nxt;
    return !(flow->nw_frag & FLOW_NW_FRAG_LATER);

truncated:
    parser_truncated();
    flow->nw_frag = 0;
    return false;
}

static void
parse_arp(struct parser *p, struct flow *flow)
{
    const uint8_t *h = parser_cur(p);

    if (!parser_has(p, ARP_ETH_HEADER_LEN)) {
        parser_truncated();
        return;
    }
    if (ntohs(packet_get_be16(h)) != ARP_HRD_ETHERNET
        || ntohs(packet_get_be16(h + 2)) != ARP_PRO_IP
        || h[4] != ETH_ADDR_LEN || h[5] != 4) {
        return;
    }
    uint16_t op = ntohs(packet_get_be16(h + 6));
    flow->nw_proto = op <= 0xff ? op : 0;
    memcpy(&flow->arp_sha, h + 8, ETH_ADDR_LEN);
    flow->nw_src = packet_get_be32(h + 14);
    memcpy(&flow->arp_tha, h + 18, ETH_ADDR_LEN);
    flow->nw_dst = packet_get_be32(h + 24);
}

/* Parses neighbour discovery options after the target address. */
static void
parse_nd(struct parser *p, struct flow *flow, uint8_t type)
{
    const uint8_t *h = parser_cur(p);

    if (!parser_has(p, ND_MSG_LEN)) {
        return;
    }
    memcpy(&flow->nd_target, h + 8, 16);
    p->ofs += ND_MSG_LEN;

    while (parser_has(p, 2)) {
        const uint8_t *o = parser_cur(p);
        size_t len = o[1] * 8;

        if (!len || !parser_has(p, len)) {
            goto invalid;
        }
        /* Either link-layer address option is accepted in either
         * message (as Open vSwitch does), but only once. */
        if (o[0] == ND_OPT_SOURCE_LINKADDR && len == ND_LLA_OPT_LEN) {
            if (!eth_addr_is_zero(flow->arp_sha)) {
                goto invalid;
            }
            memcpy(&flow->arp_sha, o + 2, ETH_ADDR_LEN);
        } else if (o[0] == ND_OPT_TARGET_LINKADDR
                   && len == ND_LLA_OPT_LEN) {
            if (!eth_addr_is_zero(flow->arp_tha)) {
                goto invalid;
            }
            memcpy(&flow->arp_tha, o + 2, ETH_ADDR_LEN);
        }
        p->ofs += len;
    }
    return;

invalid:
    /* Malformed options: the target stays, the addresses go. */
    parser_truncated();
    flow->arp_sha = eth_addr_zero;
    flow->arp_tha = eth_addr_zero;
}

static void
parse_l4(struct parser *p, struct flow *flow, struct dp_packet *packet)
{
    const uint8_t *h = parser_cur(p);

    packet->l4_ofs = p->ofs < UINT16_MAX ? p->ofs : UINT16_MAX;
    switch (flow->nw_proto) {
    case IPPROTO_TCP:
        if (parser_has(p, TCP_HEADER_LEN)) {
            ovs_be16 ctl = packet_get_be16(h + 12);
            size_t doff = TCP_OFFSET(ctl) * 4;
            if (doff >= TCP_HEADER_LEN && parser_has(p, doff)) {
                flow->tp_src = packet_get_be16(h);
                flow->tp_dst = packet_get_be16(h + 2);
                flow->tcp_flags = TCP_FLAGS_BE16(ctl);
                return;
            }
        }
        break;

    case IPPROTO_UDP:
        if (parser_has(p, UDP_HEADER_LEN)) {
            flow->tp_src = packet_get_be16(h);
            flow->tp_dst = packet_get_be16(h + 2);
            return;
        }
        break;

    case IPPROTO_SCTP:
        if (parser_has(p, SCTP_HEADER_LEN)) {
            flow->tp_src = packet_get_be16(h);
            flow->tp_dst = packet_get_be16(h + 2);
            return;
        }
        break;

    case IPPROTO_IGMP:
    case IPPROTO_ICMP:
        /* ICMP and IGMP are parsed whatever the IP version, as Open
         * vSwitch does; type and code go in tp_src and tp_dst. */
        if (parser_has(p, ICMP_HEADER_LEN)) {
            flow->tp_src = htons(h[0]);
            flow->tp_dst = htons(h[1]);
            return;
        }
        break;

    case IPPROTO_ICMPV6:
        if (parser_has(p, ICMP6_HEADER_LEN + 4)) {
            flow->tp_src = htons(h[0]);
            flow->tp_dst = htons(h[1]);
            if (flow->dl_type == htons(ETH_TYPE_IPV6)
                && (h[0] == ND_NEIGHBOR_SOLICIT
                    || h[0] == ND_NEIGHBOR_ADVERT) && !h[1]) {
                parse_nd(p, flow, h[0]);
            }
            return;
        }
        break;

    default:
        return;
    }
    parser_truncated();
}

void
flow_extract(struct dp_packet *packet, struct flow *flow)
{
    struct parser p = {
        .data = dp_packet_data(packet),
        .ofs = 0,
        .size = dp_packet_size(packet),
    };

    COVERAGE_INC(flow_extract);
    memset(flow, 0, sizeof *flow);
    flow->in_port = packet->md.in_port;
    flow->recirc_id = packet->md.recirc_id;
    flow->dp_hash = packet->md.dp_hash;
    flow->skb_priority = packet->md.skb_priority;
    flow->pkt_mark = packet->md.pkt_mark;
    packet->l2_5_ofs = packet->l3_ofs = packet->l4_ofs = UINT16_MAX;

    /* Layer 2.  A frame too short for a whole Ethernet header yields no
     * fields at all (not even addresses). */
    if (!parser_has(&p, ETH_HEADER_LEN)) {
        parser_truncated();
        return;
    }
    memcpy(&flow->dl_dst, p.data, ETH_ADDR_LEN);
    memcpy(&flow->dl_src, p.data + ETH_ADDR_LEN, ETH_ADDR_LEN);
    p.ofs = ETH_ADDR_LEN * 2;
    if (!parse_ethertype(&p, flow)) {
        parser_truncated();
        return;
    }
    if (p.ofs >= UINT16_MAX) {
        return;                 /* Offsets would not fit. */
    }

    if (eth_type_mpls(flow->dl_type)) {
        packet->l2_5_ofs = p.ofs;
        parse_mpls(&p, flow);
        /* What follows MPLS is not self-describing: stop here. */
        return;
    }

    /* Layer 3. */
    packet->l3_ofs = p.ofs;
    bool has_l4;
    if (flow->dl_type == htons(ETH_TYPE_IP)) {
        has_l4 = parse_ipv4(&p, flow);
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        has_l4 = parse_ipv6(&p, flow);
    } else if (flow->dl_type == htons(ETH_TYPE_ARP)
               || flow->dl_type == htons(ETH_TYPE_RARP)) {
        parse_arp(&p, flow);
        has_l4 = false;
    } else {
        has_l4 = false;
    }

    /* Layer 4. */
    if (has_l4) {
        parse_l4(&p, flow, packet);
    }
}

/* Hashing and masking, word by word. */

uint32_t
flow_hash(const struct flow *flow, uint32_t basis)
{
    const uint64_t *w = flow_u64(flow);
    uint32_t hash = basis;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        hash = hash_add64(hash, w[i]);
    }
    return hash_finish(hash, FLOW_U64S * 8);
}

uint32_t
flow_hash_masked(const struct flow *flow, const struct flow_wildcards *wc,
                 uint32_t basis)
{
    const uint64_t *w = flow_u64(flow);
    const uint64_t *m = flow_u64(&wc->masks);
    uint32_t hash = basis;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        hash = hash_add64(hash, w[i] & m[i]);
    }
    return hash_finish(hash, FLOW_U64S * 8);
}

bool
flow_equal_except(const struct flow *a, const struct flow *b,
                  const struct flow_wildcards *wc)
{
    const uint64_t *wa = flow_u64(a);
    const uint64_t *wb = flow_u64(b);
    const uint64_t *m = flow_u64(&wc->masks);

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((wa[i] ^ wb[i]) & m[i]) {
            return false;
        }
    }
    return true;
}

void
flow_zero_wildcards(struct flow *flow, const struct flow_wildcards *wc)
{
    uint64_t *w = (uint64_t *) flow;
    const uint64_t *m = flow_u64(&wc->masks);

    for (size_t i = 0; i < FLOW_U64S; i++) {
        w[i] &= m[i];
    }
}

int
flow_count_vlan_headers(const struct flow *flow)
{
    int n = 0;
    while (n < FLOW_MAX_VLAN_HEADERS
           && flow->vlans[n].tci & htons(VLAN_CFI)) {
        n++;
    }
    return n;
}

int
flow_count_mpls_labels(const struct flow *flow)
{
    if (!eth_type_mpls(flow->dl_type)) {
        return 0;
    }
    for (int i = 0; i < FLOW_MAX_MPLS_LABELS; i++) {
        if (flow->mpls_lse[i] & htonl(MPLS_BOS_MASK)) {
            return i + 1;
        }
    }
    return FLOW_MAX_MPLS_LABELS;
}

void
flow_wildcards_init_catchall(struct flow_wildcards *wc)
{
    memset(&wc->masks, 0, sizeof wc->masks);
}

void
flow_wildcards_init_exact(struct flow_wildcards *wc)
{
    struct flow *m = &wc->masks;

    memset(m, 0xff, sizeof *m);
    /* Padding is never significant. */
    m->pad1 = 0;
    m->conj_id = 0;             /* Not a packet field. */
    memset(m->pad3, 0, sizeof m->pad3);
    m->mpls_lse[FLOW_MAX_MPLS_LABELS] = 0;
    memset(m->pad4, 0, sizeof m->pad4);
    m->pad5 = 0;
}

bool
flow_wildcards_is_catchall(const struct flow_wildcards *wc)
{
    return is_all_zeros(&wc->masks, sizeof wc->masks);
}

void
flow_wildcards_and(struct flow_wildcards *dst,
                   const struct flow_wildcards *a,
                   const struct flow_wildcards *b)
{
    uint64_t *d = (uint64_t *) &dst->masks;
    const uint64_t *x = flow_u64(&a->masks), *y = flow_u64(&b->masks);

    for (size_t i = 0; i < FLOW_U64S; i++) {
        d[i] = x[i] & y[i];
    }
}

void
flow_wildcards_or(struct flow_wildcards *dst,
                  const struct flow_wildcards *a,
                  const struct flow_wildcards *b)
{
    uint64_t *d = (uint64_t *) &dst->masks;
    const uint64_t *x = flow_u64(&a->masks), *y = flow_u64(&b->masks);

    for (size_t i = 0; i < FLOW_U64S; i++) {
        d[i] = x[i] | y[i];
    }
}

void
flow_wildcards_init_for_packet(struct flow_wildcards *wc,
                               const struct flow *flow)
{
    struct flow *m = &wc->masks;

    memset(m, 0, sizeof *m);

    /* Metadata: only what is in use. */
    m->in_port = UINT32_MAX;
#define MASK_IF_SET(FIELD) \
    memset(&m->FIELD, flow->FIELD ? 0xff : 0, sizeof m->FIELD)
    MASK_IF_SET(skb_priority);
    MASK_IF_SET(pkt_mark);
    MASK_IF_SET(recirc_id);
    MASK_IF_SET(dp_hash);
    MASK_IF_SET(metadata);
    MASK_IF_SET(ct_state);
    MASK_IF_SET(ct_zone);
    MASK_IF_SET(ct_mark);
    MASK_IF_SET(tunnel.tun_id);
    MASK_IF_SET(tunnel.ip_src);
    MASK_IF_SET(tunnel.ip_dst);
    MASK_IF_SET(tunnel.flags);
    MASK_IF_SET(tunnel.ip_tos);
    MASK_IF_SET(tunnel.ip_ttl);
    MASK_IF_SET(tunnel.tp_src);
    MASK_IF_SET(tunnel.tp_dst);
    for (int i = 0; i < FLOW_N_REGS; i++) {
        MASK_IF_SET(regs[i]);
    }
#undef MASK_IF_SET
    if (!ipv6_is_zero(&flow->tunnel.ipv6_src)) {
        m->tunnel.ipv6_src = in6addr_exact;
    }
    if (!ipv6_is_zero(&flow->tunnel.ipv6_dst)) {
        m->tunnel.ipv6_dst = in6addr_exact;
    }
    if (flow->ct_label[0] || flow->ct_label[1]) {
        m->ct_label[0] = m->ct_label[1] = UINT64_MAX;
    }

    /* Layer 2. */
    m->dl_src = eth_addr_exact;
    m->dl_dst = eth_addr_exact;
    m->dl_type = UINT16_MAX;
    m->vlans[0].tci = UINT16_MAX;
    if (flow->vlans[0].tci & htons(VLAN_CFI)) {
        m->vlans[0].tpid = UINT16_MAX;
        m->vlans[1].tci = UINT16_MAX;
        if (flow->vlans[1].tci & htons(VLAN_CFI)) {
            m->vlans[1].tpid = UINT16_MAX;
        }
    }

    if (eth_type_mpls(flow->dl_type)) {
        int n = flow_count_mpls_labels(flow);
        for (int i = 0; i < n; i++) {
            m->mpls_lse[i] = UINT32_MAX;
        }
        return;
    }

    /* Layer 3. */
    if (flow->dl_type == htons(ETH_TYPE_IP)) {
        m->nw_src = m->nw_dst = UINT32_MAX;
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        m->ipv6_src = m->ipv6_dst = in6addr_exact;
        m->ipv6_label = htonl(IPV6_LABEL_MASK);
    } else if (flow->dl_type == htons(ETH_TYPE_ARP)
               || flow->dl_type == htons(ETH_TYPE_RARP)) {
        m->nw_src = m->nw_dst = UINT32_MAX;
        m->nw_proto = UINT8_MAX;
        m->arp_sha = m->arp_tha = eth_addr_exact;
        return;
    } else {
        return;
    }
    m->nw_proto = UINT8_MAX;
    m->nw_tos = UINT8_MAX;
    m->nw_ttl = UINT8_MAX;
    m->nw_frag = FLOW_NW_FRAG_MASK;

    /* Layer 4. */
    if (flow->nw_frag & FLOW_NW_FRAG_LATER) {
        return;
    }
    switch (flow->nw_proto) {
    case IPPROTO_TCP:
        m->tcp_flags = htons(TCP_FLAGS_MASK);
        /* fall through */
    case IPPROTO_UDP:
    case IPPROTO_SCTP:
        m->tp_src = m->tp_dst = UINT16_MAX;
        break;
    case IPPROTO_ICMP:
    case IPPROTO_IGMP:
        m->tp_src = m->tp_dst = UINT16_MAX;
        break;
    case IPPROTO_ICMPV6:
        m->tp_src = m->tp_dst = UINT16_MAX;
        if (flow->dl_type == htons(ETH_TYPE_IPV6) && flow->tp_dst == 0
            && (flow->tp_src == htons(ND_NEIGHBOR_SOLICIT)
                || flow->tp_src == htons(ND_NEIGHBOR_ADVERT))) {
            m->nd_target = in6addr_exact;
            m->arp_sha = m->arp_tha = eth_addr_exact;
        }
        break;
    default:
        break;
    }
}

void
flow_format(struct ds *s, const struct flow *flow)
{
    struct match m;

    match_init_for_packet(&m, flow);
    match_format(&m, s, OFP_DEFAULT_PRIORITY);
}

char *
flow_to_string(const struct flow *flow)
{
    struct ds s;

    ds_init(&s);
    flow_format(&s, flow);
    return ds_steal_cstr(&s);
}
