/* odp-execute.c -- runs datapath actions on packets; see odp-execute.h.
 *
 * Execution works action by action on a whole batch.  The batch is owned
 * (stolen) throughout: a caller that keeps its packets gets its batch
 * cloned first.  An output, recirculation or userspace action that is not
 * the last one works on copies (or leaves the packets alone); the last
 * output or recirculation hands the packets over without copying, which
 * is the common case ("actions=2").
 *
 * Header rewrites keep checksums right incrementally (RFC 1624).  A packet
 * whose L4 checksum is still partial (DP_PACKET_CSUM_PARTIAL: the field
 * holds the uncomplemented pseudo-header sum) gets only its pseudo-header
 * part adjusted when an address changes, and nothing when a port changes,
 * since the device will sum the ports itself. */
#include <config.h>
#include "odp-execute.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dp-packet.h"
#include "flow.h"
#include "hash.h"
#include "nl-attr.h"
#include "packets.h"
#include "util.h"

#define OVS_BE16_MAX ((ovs_be16) 0xffff)
#define OVS_BE32_MAX ((ovs_be32) 0xffffffff)

/* Nested sample/clone lists may nest this deep. */
#define MAX_NESTING 8

static void execute__(void *aux, struct dp_packet_batch *,
                      const struct nlattr *actions, size_t size,
                      const struct odp_execute_ops *);

static void
clone_batch(struct dp_packet_batch *dst, const struct dp_packet_batch *src)
{
    dp_packet_batch_init(dst);
    for (size_t i = 0; i < src->count; i++) {
        dp_packet_batch_add(dst, dp_packet_clone(src->packets[i]));
    }
}

/* VLAN. */

static void
push_vlan(struct dp_packet *p, const struct ovs_action_push_vlan *vlan)
{
    if (dp_packet_size(p) < ETH_HEADER_LEN) {
        return;
    }
    /* The new tag goes between the addresses and the old type field:
     * push four bytes, then slide the addresses back to the front. */
    char *data = dp_packet_push(p, NULL, VLAN_HEADER_LEN);
    memmove(data, data + VLAN_HEADER_LEN, 2 * ETH_ADDR_LEN);
    packet_put_be16(data + 12, vlan->vlan_tpid);
    packet_put_be16(data + 14, vlan->vlan_tci & ~htons(VLAN_CFI));
}

static void
pop_vlan(struct dp_packet *p)
{
    char *data = dp_packet_data(p);
    if (dp_packet_size(p) < ETH_HEADER_LEN + VLAN_HEADER_LEN
        || !eth_type_vlan(packet_get_be16(data + 12))) {
        return;
    }
    memmove(data + VLAN_HEADER_LEN, data, 2 * ETH_ADDR_LEN);
    dp_packet_pull(p, VLAN_HEADER_LEN);
}

/* MPLS.  The label stack sits after the Ethernet header and any VLAN
 * tags; the ethertype just before it says MPLS (0x8847 or 0x8848). */

/* Returns the offset of the ethertype field that follows 'p''s Ethernet
 * addresses and VLAN tags, or 0 if the packet is too short for one. */
static size_t
mpls_type_ofs(const struct dp_packet *p)
{
    const char *data = dp_packet_data(p);
    size_t ofs = 2 * ETH_ADDR_LEN;
    while (ofs + 2 <= dp_packet_size(p)) {
        if (!eth_type_vlan(packet_get_be16(data + ofs))) {
            return ofs;
        }
        ofs += VLAN_HEADER_LEN;
    }
    return 0;
}

static void
push_mpls(struct dp_packet *p, const struct ovs_action_push_mpls *mpls)
{
    size_t ofs = mpls_type_ofs(p);
    if (!ofs) {
        return;
    }
    /* Grow at the front and slide the L2 header (through the type field)
     * back, which opens a gap for the new entry after it.  The offsets of
     * later headers stay right: they are relative to the data start. */
    char *data = dp_packet_push(p, NULL, MPLS_HLEN);
    memmove(data, data + MPLS_HLEN, ofs + 2);
    packet_put_be16(data + ofs, mpls->mpls_ethertype);
    packet_put_be32(data + ofs + 2, mpls->mpls_lse);
    p->l2_5_ofs = ofs + 2;
}

static void
pop_mpls(struct dp_packet *p, ovs_be16 ethertype)
{
    size_t ofs = mpls_type_ofs(p);
    char *data = dp_packet_data(p);
    if (!ofs || ofs + 2 + MPLS_HLEN > dp_packet_size(p)
        || !eth_type_mpls(packet_get_be16(data + ofs))) {
        return;
    }
    memmove(data + MPLS_HLEN, data, ofs);
    packet_put_be16(data + MPLS_HLEN + ofs, ethertype);
    dp_packet_pull(p, MPLS_HLEN);
    p->l2_5_ofs = eth_type_mpls(ethertype) ? ofs + 2 : UINT16_MAX;
}

/* Sets the outermost label stack entry, under 'mask' (NULL: all bits). */
static void
set_mpls(struct dp_packet *p, const struct ovs_key_mpls *key,
         const struct ovs_key_mpls *mask)
{
    size_t ofs = mpls_type_ofs(p);
    char *data = dp_packet_data(p);
    if (!ofs || ofs + 2 + MPLS_HLEN > dp_packet_size(p)
        || !eth_type_mpls(packet_get_be16(data + ofs))) {
        return;
    }
    ovs_be32 m = mask ? mask->mpls_lse : OVS_BE32_MAX;
    ovs_be32 old = packet_get_be32(data + ofs + 2);
    packet_put_be32(data + ofs + 2, (old & ~m) | (key->mpls_lse & m));
}

/* Checksum helpers. */

/* Adjusts L4 checksum field 'field' of 'p' for a pseudo-header word that
 * changes from 'old' to 'new'.  'is_udp': a zero UDP checksum means "none"
 * and stays zero. */
static void
l4_csum_update32(struct dp_packet *p, ovs_be16 *field, bool is_udp,
                 ovs_be32 old, ovs_be32 new)
{
    if (p->offloads & DP_PACKET_CSUM_PARTIAL) {
        *field = ~recalc_csum32(~*field, old, new);
    } else if (!is_udp || *field) {
        *field = recalc_csum32(*field, old, new);
        if (is_udp && !*field) {
            *field = htons(0xffff);
        }
    }
}

static void
l4_csum_update128(struct dp_packet *p, ovs_be16 *field, bool is_udp,
                  const struct in6_addr *old, const struct in6_addr *new)
{
    if (p->offloads & DP_PACKET_CSUM_PARTIAL) {
        *field = ~recalc_csum128(~*field, old, new);
    } else if (!is_udp || *field) {
        *field = recalc_csum128(*field, old, new);
        if (is_udp && !*field) {
            *field = htons(0xffff);
        }
    }
}

/* Returns the L4 checksum field of 'p' if it is TCP or UDP with the header
 * present, with '*is_udp' set; NULL otherwise. */
static ovs_be16 *
l4_csum_field(struct dp_packet *p, uint8_t proto, bool *is_udp)
{
    char *l4 = dp_packet_l4(p);
    if (!l4) {
        return NULL;
    }
    size_t avail = (char *) dp_packet_data(p) + dp_packet_size(p) - l4;
    if (proto == IPPROTO_TCP && avail >= TCP_HEADER_LEN) {
        *is_udp = false;
        return &((struct tcp_header *) l4)->tcp_csum;
    } else if (proto == IPPROTO_UDP && avail >= UDP_HEADER_LEN) {
        *is_udp = true;
        return &((struct udp_header *) l4)->udp_csum;
    }
    return NULL;
}

static struct ip_header *
get_ipv4(struct dp_packet *p)
{
    struct ip_header *ip = dp_packet_l3(p);
    if (ip && (char *) ip + IP_HEADER_LEN
              <= (char *) dp_packet_data(p) + dp_packet_size(p)
        && IP_VER(ip->ip_ihl_ver) == 4) {
        return ip;
    }
    return NULL;
}

static struct ovs_16aligned_ip6_hdr *
get_ipv6(struct dp_packet *p)
{
    struct ovs_16aligned_ip6_hdr *ip6 = dp_packet_l3(p);
    if (ip6 && (char *) ip6 + IPV6_HEADER_LEN
               <= (char *) dp_packet_data(p) + dp_packet_size(p)
        && (((const uint8_t *) ip6)[0] >> 4) == 6) {
        return ip6;
    }
    return NULL;
}

/* Header rewrites.  'mask' is NULL for OVS_ACTION_ATTR_SET (all bits). */

#define MASKED(OLD, VAL, MASK) (((OLD) & ~(MASK)) | ((VAL) & (MASK)))

static void
set_ethernet(struct dp_packet *p, const struct ovs_key_ethernet *key,
             const struct ovs_key_ethernet *mask)
{
    if (dp_packet_size(p) < ETH_HEADER_LEN) {
        return;
    }
    struct eth_header *eh = dp_packet_data(p);
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        uint8_t ms = mask ? mask->eth_src[i] : 0xff;
        uint8_t md = mask ? mask->eth_dst[i] : 0xff;
        eh->eth_src.ea[i] = MASKED(eh->eth_src.ea[i], key->eth_src[i], ms);
        eh->eth_dst.ea[i] = MASKED(eh->eth_dst.ea[i], key->eth_dst[i], md);
    }
}

static void
set_ipv4_addr(struct dp_packet *p, struct ip_header *ip,
              ovs_16aligned_be32 *addr, ovs_be32 new)
{
    ovs_be32 old = get_16aligned_be32(addr);
    if (old == new) {
        return;
    }
    bool is_udp;
    ovs_be16 *l4 = l4_csum_field(p, ip->ip_proto, &is_udp);
    bool later_frag = (ntohs(ip->ip_frag_off) & IP_FRAG_OFF_MASK) != 0;
    if (l4 && !later_frag) {
        l4_csum_update32(p, l4, is_udp, old, new);
    }
    ip->ip_csum = recalc_csum32(ip->ip_csum, old, new);
    put_16aligned_be32(addr, new);
}

/* Rewrites the byte at 'field' in IPv4 header 'ip' (TOS or TTL). */
static void
set_ipv4_u8(struct ip_header *ip, uint8_t *field, uint8_t new)
{
    /* The checksum covers 16-bit words: find the word holding 'field'. */
    size_t ofs = field - (uint8_t *) ip;
    ovs_be16 *word = (ovs_be16 *) ((uint8_t *) ip + (ofs & ~1));
    ovs_be16 old_word = *word;
    *field = new;
    ip->ip_csum = recalc_csum16(ip->ip_csum, old_word, *word);
}

static void
set_ipv4(struct dp_packet *p, const struct ovs_key_ipv4 *key,
         const struct ovs_key_ipv4 *mask)
{
    struct ip_header *ip = get_ipv4(p);
    if (!ip) {
        return;
    }
    ovs_be32 msrc = mask ? mask->ipv4_src : OVS_BE32_MAX;
    ovs_be32 mdst = mask ? mask->ipv4_dst : OVS_BE32_MAX;
    uint8_t mtos = mask ? mask->ipv4_tos : 0xff;
    uint8_t mttl = mask ? mask->ipv4_ttl : 0xff;

    if (msrc) {
        set_ipv4_addr(p, ip, &ip->ip_src,
                      MASKED(get_16aligned_be32(&ip->ip_src),
                             key->ipv4_src, msrc));
    }
    if (mdst) {
        set_ipv4_addr(p, ip, &ip->ip_dst,
                      MASKED(get_16aligned_be32(&ip->ip_dst),
                             key->ipv4_dst, mdst));
    }
    if (mtos) {
        set_ipv4_u8(ip, &ip->ip_tos, MASKED(ip->ip_tos, key->ipv4_tos, mtos));
    }
    if (mttl) {
        set_ipv4_u8(ip, &ip->ip_ttl, MASKED(ip->ip_ttl, key->ipv4_ttl, mttl));
    }
}

static void
set_ipv6_addr(struct dp_packet *p, struct ovs_16aligned_ip6_hdr *ip6,
              union ovs_16aligned_in6_addr *addr, const ovs_be32 key[4],
              const ovs_be32 *mask)
{
    struct in6_addr old = in6_addr_get(addr);
    struct in6_addr new = old;
    ovs_be32 *w = (ovs_be32 *) &new;
    bool changed = false;
    for (int i = 0; i < 4; i++) {
        ovs_be32 m = mask ? mask[i] : OVS_BE32_MAX;
        ovs_be32 v = MASKED(w[i], key[i], m);
        changed |= v != w[i];
        w[i] = v;
    }
    if (!changed) {
        return;
    }
    bool is_udp;
    /* Extension headers may sit in between; the L4 protocol is what
     * flow_extract() found, which we do not have here, so trust ip6_nxt
     * only when it is directly TCP or UDP. */
    ovs_be16 *l4 = l4_csum_field(p, ip6->ip6_nxt, &is_udp);
    if (l4) {
        l4_csum_update128(p, l4, is_udp, &old, &new);
    }
    in6_addr_put(addr, &new);
}

static void
set_ipv6(struct dp_packet *p, const struct ovs_key_ipv6 *key,
         const struct ovs_key_ipv6 *mask)
{
    struct ovs_16aligned_ip6_hdr *ip6 = get_ipv6(p);
    if (!ip6) {
        return;
    }
    set_ipv6_addr(p, ip6, &ip6->ip6_src, key->ipv6_src,
                  mask ? mask->ipv6_src : NULL);
    set_ipv6_addr(p, ip6, &ip6->ip6_dst, key->ipv6_dst,
                  mask ? mask->ipv6_dst : NULL);

    /* Version (4 bits), traffic class (8), label (20): no checksum. */
    uint32_t vfl = ntohl(get_16aligned_be32(&ip6->ip6_flow));
    uint32_t mlabel = mask ? ntohl(mask->ipv6_label) & 0xfffff : 0xfffff;
    uint32_t mtc = mask ? mask->ipv6_tclass : 0xff;
    vfl = MASKED(vfl, ntohl(key->ipv6_label) & 0xfffff, mlabel);
    vfl = MASKED(vfl, (uint32_t) key->ipv6_tclass << 20, mtc << 20);
    put_16aligned_be32(&ip6->ip6_flow, htonl(vfl));
    uint8_t mhl = mask ? mask->ipv6_hlimit : 0xff;
    ip6->ip6_hlim = MASKED(ip6->ip6_hlim, key->ipv6_hlimit, mhl);
}

/* Sets the L4 ports of 'p' (TCP if 'is_tcp', else UDP). */
static void
set_ports(struct dp_packet *p, bool is_tcp, ovs_be16 src, ovs_be16 dst,
          ovs_be16 msrc, ovs_be16 mdst)
{
    char *l4 = dp_packet_l4(p);
    size_t need = is_tcp ? TCP_HEADER_LEN : UDP_HEADER_LEN;
    if (!l4 || l4 + need > (char *) dp_packet_data(p) + dp_packet_size(p)) {
        return;
    }
    /* Both headers start with the two ports. */
    ovs_be16 *ports = (ovs_be16 *) l4;
    ovs_be16 *csum = (is_tcp ? &((struct tcp_header *) l4)->tcp_csum
                      : &((struct udp_header *) l4)->udp_csum);
    ovs_be16 new[2] = { MASKED(ports[0], src, msrc),
                        MASKED(ports[1], dst, mdst) };
    for (int i = 0; i < 2; i++) {
        if (new[i] == ports[i]) {
            continue;
        }
        /* A partial checksum leaves the ports to the device; a UDP
         * checksum of zero means none. */
        if (!(p->offloads & DP_PACKET_CSUM_PARTIAL) && (is_tcp || *csum)) {
            *csum = recalc_csum16(*csum, ports[i], new[i]);
            if (!is_tcp && !*csum) {
                *csum = htons(0xffff);
            }
        }
        ports[i] = new[i];
    }
}

static void
execute_set(struct dp_packet_batch *batch, const struct nlattr *a,
            bool masked)
{
    const struct nlattr *key = nl_attr_get(a);
    size_t size = nl_attr_get_size(key);
    if (masked) {
        size /= 2;
    }
    const char *value = nl_attr_get(key);
    const char *mask = masked ? value + size : NULL;
    struct dp_packet *p;

    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        switch ((enum ovs_key_attr) nl_attr_type(key)) {
        case OVS_KEY_ATTR_ETHERNET:
            set_ethernet(p, (const void *) value, (const void *) mask);
            break;
        case OVS_KEY_ATTR_IPV4:
            set_ipv4(p, (const void *) value, (const void *) mask);
            break;
        case OVS_KEY_ATTR_IPV6:
            set_ipv6(p, (const void *) value, (const void *) mask);
            break;
        case OVS_KEY_ATTR_TCP:
        case OVS_KEY_ATTR_UDP: {
            const struct ovs_key_tcp *k = (const void *) value;
            const struct ovs_key_tcp *m = (const void *) mask;
            set_ports(p, nl_attr_type(key) == OVS_KEY_ATTR_TCP,
                      k->tcp_src, k->tcp_dst,
                      m ? m->tcp_src : OVS_BE16_MAX,
                      m ? m->tcp_dst : OVS_BE16_MAX);
            break;
        }
        case OVS_KEY_ATTR_MPLS:
            set_mpls(p, (const void *) value, (const void *) mask);
            break;
        case OVS_KEY_ATTR_PRIORITY: {
            uint32_t v, m = UINT32_MAX;
            memcpy(&v, value, 4);
            if (mask) {
                memcpy(&m, mask, 4);
            }
            p->md.skb_priority = MASKED(p->md.skb_priority, v, m);
            break;
        }
        case OVS_KEY_ATTR_SKB_MARK: {
            uint32_t v, m = UINT32_MAX;
            memcpy(&v, value, 4);
            if (mask) {
                memcpy(&m, mask, 4);
            }
            p->md.pkt_mark = MASKED(p->md.pkt_mark, v, m);
            break;
        }
        default:
            /* odp_execute_validate() refused it. */
            OVS_NOT_REACHED();
        }
    }
}

/* The L4 hash of OVS_HASH_ALG_L4: addresses, protocol and ports. */
static uint32_t
hash_l4(struct dp_packet *p, uint32_t basis)
{
    struct flow flow;
    flow_extract(p, &flow);
    uint32_t h = basis;
    h = hash_add(h, flow.nw_src);
    h = hash_add(h, flow.nw_dst);
    h = hash_add(h, hash_bytes(&flow.ipv6_src, 32, 0));
    h = hash_add(h, flow.nw_proto);
    h = hash_add(h, flow.dl_type);
    h = hash_add(h, ((uint32_t) flow.tp_src << 16) | flow.tp_dst);
    h = hash_finish(h, 16);
    return h ? h : 1;   /* 0 means "no hash computed". */
}

static void
execute_sample(void *aux, struct dp_packet_batch *batch,
               const struct nlattr *a, const struct odp_execute_ops *ops)
{
    const struct nlattr *prob, *acts;
    prob = nl_attr_find_nested(a, OVS_SAMPLE_ATTR_PROBABILITY);
    acts = nl_attr_find_nested(a, OVS_SAMPLE_ATTR_ACTIONS);
    uint32_t probability = prob ? nl_attr_get_u32(prob) : 0;
    struct dp_packet_batch sampled;
    dp_packet_batch_init(&sampled);
    struct dp_packet *p;
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        uint32_t r = (uint32_t) random() ^ ((uint32_t) random() << 16);
        if (probability == UINT32_MAX || (probability && r < probability)) {
            dp_packet_batch_add(&sampled, dp_packet_clone(p));
        }
    }
    if (sampled.count && acts) {
        execute__(aux, &sampled, nl_attr_get(acts), nl_attr_get_size(acts),
                  ops);
    }
    dp_packet_delete_batch(&sampled);
}

static void
execute__(void *aux, struct dp_packet_batch *batch,
          const struct nlattr *actions, size_t size,
          const struct odp_execute_ops *ops)
{
    const struct nlattr *a;
    size_t left;
    uint32_t trunc = 0;         /* Pending truncation for the next output. */

    NL_ATTR_FOR_EACH_UNSAFE (a, left, actions, size) {
        bool last = left <= NLA_ALIGN(a->nla_len);
        struct dp_packet *p;

        if (!batch->count) {
            return;
        }
        switch ((enum ovs_action_attr) nl_attr_type(a)) {
        case OVS_ACTION_ATTR_OUTPUT:
            if (trunc) {
                struct dp_packet_batch cut;
                clone_batch(&cut, batch);
                DP_PACKET_BATCH_FOR_EACH (i, p, &cut) {
                    if (dp_packet_size(p) > trunc) {
                        dp_packet_set_size(p, trunc);
                    }
                }
                ops->output(aux, &cut, nl_attr_get_u32(a), true);
                dp_packet_delete_batch(&cut);
                trunc = 0;
            } else {
                ops->output(aux, batch, nl_attr_get_u32(a), last);
            }
            break;
        case OVS_ACTION_ATTR_TRUNC:
            trunc = ((const struct ovs_action_trunc *)
                     nl_attr_get(a))->max_len;
            break;
        case OVS_ACTION_ATTR_USERSPACE:
            if (ops->userspace) {
                DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
                    ops->userspace(aux, p, a);
                }
            }
            break;
        case OVS_ACTION_ATTR_PUSH_VLAN:
            DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
                push_vlan(p, nl_attr_get(a));
            }
            break;
        case OVS_ACTION_ATTR_POP_VLAN:
            DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
                pop_vlan(p);
            }
            break;
        case OVS_ACTION_ATTR_PUSH_MPLS:
            DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
                push_mpls(p, nl_attr_get(a));
            }
            break;
        case OVS_ACTION_ATTR_POP_MPLS:
            DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
                pop_mpls(p, nl_attr_get_be16(a));
            }
            break;
        case OVS_ACTION_ATTR_SET:
            execute_set(batch, a, false);
            break;
        case OVS_ACTION_ATTR_SET_MASKED:
            execute_set(batch, a, true);
            break;
        case OVS_ACTION_ATTR_HASH: {
            const struct ovs_action_hash *h = nl_attr_get(a);
            DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
                p->md.dp_hash = hash_l4(p, h->hash_basis);
            }
            break;
        }
        case OVS_ACTION_ATTR_RECIRC: {
            uint32_t id = nl_attr_get_u32(a);
            struct dp_packet_batch copy;
            struct dp_packet_batch *b = batch;
            if (!last) {
                clone_batch(&copy, batch);
                b = &copy;
            }
            DP_PACKET_BATCH_FOR_EACH (i, p, b) {
                p->md.recirc_id = id;
            }
            ops->recirc(aux, b);
            dp_packet_delete_batch(b);      /* In case it left any. */
            break;
        }
        case OVS_ACTION_ATTR_SAMPLE:
            execute_sample(aux, batch, a, ops);
            break;
        case OVS_ACTION_ATTR_METER:
            if (ops->meter) {
                ops->meter(aux, batch, nl_attr_get_u32(a));
            }
            break;
        case OVS_ACTION_ATTR_CLONE: {
            struct dp_packet_batch copy;
            clone_batch(&copy, batch);
            execute__(aux, &copy, nl_attr_get(a), nl_attr_get_size(a), ops);
            dp_packet_delete_batch(&copy);
            break;
        }
        default:
            OVS_NOT_REACHED();
        }
    }
    dp_packet_delete_batch(batch);
}

void
odp_execute_actions(void *aux, struct dp_packet_batch *batch,
                    bool may_steal, const struct nlattr *actions,
                    size_t size, const struct odp_execute_ops *ops)
{
    if (may_steal) {
        execute__(aux, batch, actions, size, ops);
    } else {
        struct dp_packet_batch copy;
        clone_batch(&copy, batch);
        execute__(aux, &copy, actions, size, ops);
    }
}

/* Validation. */

static int OVS_PRINTF_FORMAT(3, 4)
invalid(char **errp, int error, const char *format, ...)
{
    if (errp) {
        va_list args;
        va_start(args, format);
        char *s;
        if (vasprintf(&s, format, args) < 0) {
            s = xstrdup("invalid actions");
        }
        va_end(args);
        *errp = s;
    }
    return error;
}

static int
validate_set(const struct nlattr *a, bool masked, char **errp)
{
    const struct nlattr *key = nl_attr_get(a);
    size_t size = nl_attr_get_size(a);
    if (size < NLA_HDRLEN || !nl_attr_is_valid(key, size)
        || NLA_ALIGN(key->nla_len) != NLA_ALIGN(size)) {
        return invalid(errp, EINVAL, "set action must hold one attribute");
    }
    size_t len = nl_attr_get_size(key);
    size_t want;
    switch ((enum ovs_key_attr) nl_attr_type(key)) {
    case OVS_KEY_ATTR_ETHERNET: want = sizeof(struct ovs_key_ethernet); break;
    case OVS_KEY_ATTR_IPV4: want = sizeof(struct ovs_key_ipv4); break;
    case OVS_KEY_ATTR_IPV6: want = sizeof(struct ovs_key_ipv6); break;
    case OVS_KEY_ATTR_TCP: want = sizeof(struct ovs_key_tcp); break;
    case OVS_KEY_ATTR_UDP: want = sizeof(struct ovs_key_udp); break;
    case OVS_KEY_ATTR_PRIORITY: want = 4; break;
    case OVS_KEY_ATTR_SKB_MARK: want = 4; break;
    case OVS_KEY_ATTR_MPLS: want = sizeof(struct ovs_key_mpls); break;
    default:
        return invalid(errp, EOPNOTSUPP, "set of key attribute %d is not "
                       "supported by the userspace datapath",
                       nl_attr_type(key));
    }
    if (len != want * (masked ? 2 : 1)) {
        return invalid(errp, EINVAL, "set of key attribute %d has length "
                       "%zu, expected %zu", nl_attr_type(key), len,
                       want * (masked ? 2 : 1));
    }
    return 0;
}

static int
validate__(const struct nlattr *actions, size_t size, int depth, char **errp)
{
    const struct nlattr *a;
    size_t left;

    if (depth > MAX_NESTING) {
        return invalid(errp, EINVAL, "actions nested too deeply");
    }
    NL_ATTR_FOR_EACH (a, left, actions, size) {
        int type = nl_attr_type(a);
        size_t len = nl_attr_get_size(a);
        size_t want = SIZE_MAX;     /* SIZE_MAX: variable. */
        int error = 0;

        switch ((enum ovs_action_attr) type) {
        case OVS_ACTION_ATTR_OUTPUT:
        case OVS_ACTION_ATTR_RECIRC:
        case OVS_ACTION_ATTR_METER:
            want = 4;
            break;
        case OVS_ACTION_ATTR_TRUNC:
            want = sizeof(struct ovs_action_trunc);
            if (len == want && nl_attr_get_u32(a) < ETH_HEADER_LEN) {
                return invalid(errp, EINVAL, "trunc length below %d",
                               ETH_HEADER_LEN);
            }
            break;
        case OVS_ACTION_ATTR_PUSH_VLAN:
            want = sizeof(struct ovs_action_push_vlan);
            if (len == want) {
                const struct ovs_action_push_vlan *v = nl_attr_get(a);
                if (!eth_type_vlan(v->vlan_tpid)
                    || !(v->vlan_tci & htons(VLAN_CFI))) {
                    return invalid(errp, EINVAL, "push_vlan needs an "
                                   "802.1Q/802.1ad TPID and the CFI bit");
                }
            }
            break;
        case OVS_ACTION_ATTR_POP_VLAN:
            want = 0;
            break;
        case OVS_ACTION_ATTR_PUSH_MPLS:
            want = sizeof(struct ovs_action_push_mpls);
            if (len == want && !eth_type_mpls(((const struct
                                                ovs_action_push_mpls *)
                                               nl_attr_get(a))
                                              ->mpls_ethertype)) {
                return invalid(errp, EINVAL, "push_mpls needs an MPLS "
                               "ethertype");
            }
            break;
        case OVS_ACTION_ATTR_POP_MPLS:
            want = 2;
            break;
        case OVS_ACTION_ATTR_HASH:
            want = sizeof(struct ovs_action_hash);
            if (len == want && ((const struct ovs_action_hash *)
                                nl_attr_get(a))->hash_alg
                               != OVS_HASH_ALG_L4) {
                return invalid(errp, EOPNOTSUPP, "unknown hash algorithm");
            }
            break;
        case OVS_ACTION_ATTR_USERSPACE: {
            const struct nlattr *u;
            size_t uleft;
            bool has_pid = false;
            NL_NESTED_FOR_EACH (u, uleft, a) {
                if (nl_attr_type(u) == OVS_USERSPACE_ATTR_PID) {
                    has_pid = nl_attr_get_size(u) == 4;
                }
            }
            if (uleft || !has_pid) {
                return invalid(errp, EINVAL,
                               "userspace action needs a 32-bit pid");
            }
            break;
        }
        case OVS_ACTION_ATTR_SET:
        case OVS_ACTION_ATTR_SET_MASKED:
            error = validate_set(a, type == OVS_ACTION_ATTR_SET_MASKED,
                                 errp);
            break;
        case OVS_ACTION_ATTR_SAMPLE: {
            const struct nlattr *s;
            size_t sleft;
            bool has_prob = false;
            NL_NESTED_FOR_EACH (s, sleft, a) {
                if (nl_attr_type(s) == OVS_SAMPLE_ATTR_PROBABILITY) {
                    has_prob = nl_attr_get_size(s) == 4;
                } else if (nl_attr_type(s) == OVS_SAMPLE_ATTR_ACTIONS) {
                    error = validate__(nl_attr_get(s), nl_attr_get_size(s),
                                       depth + 1, errp);
                    if (error) {
                        return error;
                    }
                }
            }
            if (sleft || !has_prob) {
                return invalid(errp, EINVAL,
                               "sample action needs a probability");
            }
            break;
        }
        case OVS_ACTION_ATTR_CLONE:
            error = validate__(nl_attr_get(a), len, depth + 1, errp);
            break;
        default:
            return invalid(errp, EOPNOTSUPP, "datapath action type %d is "
                           "not supported by the userspace datapath", type);
        }
        if (error) {
            return error;
        }
        if (want != SIZE_MAX && len != want) {
            return invalid(errp, EINVAL, "datapath action type %d has length "
                           "%zu, expected %zu", type, len, want);
        }
    }
    if (left) {
        return invalid(errp, EINVAL, "malformed action list (%zu bytes "
                       "left over)", left);
    }
    return 0;
}

int
odp_execute_validate(const struct nlattr *actions, size_t size, char **errp)
{
    if (errp) {
        *errp = NULL;
    }
    return validate__(actions, size, 0, errp);
}
