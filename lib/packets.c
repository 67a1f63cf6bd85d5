/* packets.c -- address formatting and parsing, checksums and packet
 * composers for the protocol definitions in packets.h.
 *
 * Everything here is pure computation on caller memory, so it is safe to
 * call from any thread. */

#include <config.h>
#include "packets.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "dp-packet.h"
#include "dynamic-string.h"
#include "util.h"

/* Ethernet addresses. */

bool
eth_addr_from_string(const char *s, struct eth_addr *ea)
{
    const char *p = s;

    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        int v = 0, n = 0;

        while (n < 2 && isxdigit((unsigned char) *p)) {
            int c = tolower((unsigned char) *p++);
            v = v * 16 + (isdigit(c) ? c - '0' : c - 'a' + 10);
            n++;
        }
        if (!n) {
            goto error;
        }
        ea->ea[i] = v;
        if (i < ETH_ADDR_LEN - 1) {
            if (*p != ':' && *p != '-') {
                goto error;
            }
            p++;
        }
    }
    if (*p == '\0') {
        return true;
    }

error:
    *ea = eth_addr_zero;
    return false;
}

char *
eth_addr_parse_masked(const char *s, struct eth_addr *ea,
                      struct eth_addr *mask)
{
    const char *slash = strchr(s, '/');
    char *addr = slash ? xmemdup0(s, slash - s) : xstrdup(s);
    bool ok = eth_addr_from_string(addr, ea);

    free(addr);
    if (!ok) {
        return xasprintf("%s: invalid Ethernet address", s);
    }
    if (slash) {
        if (!eth_addr_from_string(slash + 1, mask)) {
            return xasprintf("%s: invalid Ethernet address mask", s);
        }
    } else {
        *mask = eth_addr_exact;
    }
    return NULL;
}

void
eth_format_addr(struct ds *s, struct eth_addr ea)
{
    ds_put_format(s, ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));
}

void
eth_format_masked(struct ds *s, struct eth_addr ea,
                  const struct eth_addr *mask)
{
    eth_format_addr(s, ea);
    if (mask && !eth_addr_equals(*mask, eth_addr_exact)) {
        ds_put_char(s, '/');
        eth_format_addr(s, *mask);
    }
}

/* IPv4 addresses. */

bool
ip_is_cidr(ovs_be32 netmask)
{
    uint32_t x = ~ntohl(netmask);
    return !(x & (x + 1));
}

int
ip_count_cidr_bits(ovs_be32 netmask)
{
    return count_1bits(ntohl(netmask));
}

ovs_be32
be32_prefix_mask(int plen)
{
    return plen <= 0 ? 0 : htonl(plen >= 32 ? UINT32_MAX
                                 : ~(UINT32_MAX >> plen));
}

bool
ip_parse(const char *s, ovs_be32 *ip)
{
    uint32_t v = 0;
    const char *p = s;

    for (int i = 0; i < 4; i++) {
        unsigned int octet = 0;
        int n = 0;

        while (isdigit((unsigned char) *p) && n < 4) {
            octet = octet * 10 + (*p++ - '0');
            n++;
        }
        if (!n || n > 3 || octet > 255) {
            return false;
        }
        v = (v << 8) | octet;
        if (i < 3 && *p++ != '.') {
            return false;
        }
    }
    if (*p) {
        return false;
    }
    *ip = htonl(v);
    return true;
}

/* Parses a decimal prefix length in [0, max] that makes up all of 's'. */
static bool
parse_plen(const char *s, int max, int *plen)
{
    int n = 0, v = 0;

    while (isdigit((unsigned char) s[n]) && n < 4) {
        v = v * 10 + (s[n] - '0');
        n++;
    }
    if (!n || s[n] || v > max) {
        return false;
    }
    *plen = v;
    return true;
}

char *
ip_parse_masked(const char *s, ovs_be32 *ip, ovs_be32 *mask)
{
    const char *slash = strchr(s, '/');
    char *addr = slash ? xmemdup0(s, slash - s) : xstrdup(s);
    bool ok = ip_parse(addr, ip);
    int plen;

    free(addr);
    if (!ok) {
        return xasprintf("%s: invalid IP address", s);
    }
    if (!slash) {
        *mask = UINT32_MAX;
    } else if (parse_plen(slash + 1, 32, &plen)) {
        *mask = be32_prefix_mask(plen);
    } else if (slash[1] && strspn(slash + 1, "0123456789")
               == strlen(slash + 1)) {
        return xasprintf("%s: IPv4 network prefix bits not between 0 and "
                         "32, inclusive", s);
    } else if (!ip_parse(slash + 1, mask)) {
        return xasprintf("%s: invalid IP address mask", s);
    }
    return NULL;
}

void
ip_format_masked(ovs_be32 ip, ovs_be32 mask, struct ds *s)
{
    ds_put_format(s, IP_FMT, IP_ARGS(ip));
    if (mask != UINT32_MAX) {
        if (ip_is_cidr(mask)) {
            ds_put_format(s, "/%d", ip_count_cidr_bits(mask));
        } else {
            ds_put_format(s, "/"IP_FMT, IP_ARGS(mask));
        }
    }
}

/* IPv6 addresses. */

struct in6_addr
ipv6_addr_bitand(const struct in6_addr *a, const struct in6_addr *b)
{
    struct in6_addr r;
    for (int i = 0; i < 16; i++) {
        r.s6_addr[i] = a->s6_addr[i] & b->s6_addr[i];
    }
    return r;
}

struct in6_addr
ipv6_create_mask(int plen)
{
    struct in6_addr m;

    memset(&m, 0, sizeof m);
    for (int i = 0; i < 16 && plen > 0; i++, plen -= 8) {
        m.s6_addr[i] = plen >= 8 ? 0xff : (0xff << (8 - plen)) & 0xff;
    }
    return m;
}

int
ipv6_count_cidr_bits(const struct in6_addr *mask)
{
    int n = 0;
    for (int i = 0; i < 16; i++) {
        n += count_1bits(mask->s6_addr[i]);
    }
    return n;
}

bool
ipv6_is_cidr(const struct in6_addr *mask)
{
    struct in6_addr m = ipv6_create_mask(ipv6_count_cidr_bits(mask));
    return ipv6_addr_equals(&m, mask);
}

bool
ipv6_parse(const char *s, struct in6_addr *ip)
{
    return inet_pton(AF_INET6, s, ip) == 1;
}

char *
ipv6_parse_masked(const char *s, struct in6_addr *ip, struct in6_addr *mask)
{
    const char *slash = strchr(s, '/');
    char *addr = slash ? xmemdup0(s, slash - s) : xstrdup(s);
    bool ok = ipv6_parse(addr, ip);
    int plen;

    free(addr);
    if (!ok) {
        return xasprintf("%s: invalid IPv6 address", s);
    }
    if (!slash) {
        *mask = in6addr_exact;
    } else if (parse_plen(slash + 1, 128, &plen)) {
        *mask = ipv6_create_mask(plen);
    } else if (!ipv6_parse(slash + 1, mask)) {
        return xasprintf("%s: invalid IPv6 address mask", s);
    }
    return NULL;
}

void
ipv6_format_addr(const struct in6_addr *ip, struct ds *s)
{
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, ip, buf, sizeof buf);
    ds_put_cstr(s, buf);
}

void
ipv6_format_masked(const struct in6_addr *ip, const struct in6_addr *mask,
                   struct ds *s)
{
    ipv6_format_addr(ip, s);
    if (mask && !ipv6_is_all_ones(mask)) {
        if (ipv6_is_cidr(mask)) {
            ds_put_format(s, "/%d", ipv6_count_cidr_bits(mask));
        } else {
            ds_put_char(s, '/');
            ipv6_format_addr(mask, s);
        }
    }
}

/* Checksums. */

uint32_t
csum_continue(uint32_t partial, const void *data_, size_t n)
{
    const uint8_t *data = data_;
    uint64_t sum = partial;
    size_t i;

    /* Sum 16-bit words as they lie in memory: one's complement addition is
     * byte-order independent, so the folded result is in network order. */
    for (i = 0; i + 1 < n; i += 2) {
        uint16_t w;
        memcpy(&w, data + i, 2);
        sum += w;
    }
    if (i < n) {
        uint8_t last[2] = { data[i], 0 };
        uint16_t w;
        memcpy(&w, last, 2);
        sum += w;
    }
    while (sum >> 32) {
        sum = (sum & 0xffffffff) + (sum >> 32);
    }
    return sum;
}

uint32_t
csum_add16(uint32_t partial, ovs_be16 v)
{
    uint64_t sum = (uint64_t) partial + v;
    return (sum & 0xffffffff) + (sum >> 32);
}

uint32_t
csum_add32(uint32_t partial, ovs_be32 v)
{
    return csum_add16(csum_add16(partial, v & 0xffff), v >> 16);
}

ovs_be16
csum_finish(uint32_t partial)
{
    while (partial >> 16) {
        partial = (partial & 0xffff) + (partial >> 16);
    }
    return ~partial & 0xffff;
}

ovs_be16
csum(const void *data, size_t n)
{
    return csum_finish(csum_continue(0, data, n));
}

ovs_be16
recalc_csum16(ovs_be16 old_csum, ovs_be16 old_u16, ovs_be16 new_u16)
{
    /* RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m'). */
    uint32_t sum = (uint16_t) ~old_csum;
    sum += (uint16_t) ~old_u16;
    sum += new_u16;
    return csum_finish(sum);
}

ovs_be16
recalc_csum32(ovs_be16 old_csum, ovs_be32 old_u32, ovs_be32 new_u32)
{
    return recalc_csum16(recalc_csum16(old_csum, old_u32, new_u32),
                         old_u32 >> 16, new_u32 >> 16);
}

ovs_be16
recalc_csum128(ovs_be16 old_csum, const struct in6_addr *old_a,
               const struct in6_addr *new_a)
{
    for (int i = 0; i < 16; i += 2) {
        ovs_be16 o, n;
        memcpy(&o, &old_a->s6_addr[i], 2);
        memcpy(&n, &new_a->s6_addr[i], 2);
        old_csum = recalc_csum16(old_csum, o, n);
    }
    return old_csum;
}

uint32_t
packet_csum_pseudoheader(const struct ip_header *ip)
{
    uint32_t sum = 0;
    uint16_t l4_len = ntohs(ip->ip_tot_len) - IP_IHL(ip->ip_ihl_ver) * 4;

    sum = csum_add32(sum, get_16aligned_be32(&ip->ip_src));
    sum = csum_add32(sum, get_16aligned_be32(&ip->ip_dst));
    sum = csum_add16(sum, htons(ip->ip_proto));
    sum = csum_add16(sum, htons(l4_len));
    return sum;
}

uint32_t
packet_csum_pseudoheader6(const struct ovs_16aligned_ip6_hdr *ip6,
                          uint32_t l4_len, uint8_t proto)
{
    uint32_t sum = 0;

    sum = csum_continue(sum, &ip6->ip6_src, 16);
    sum = csum_continue(sum, &ip6->ip6_dst, 16);
    sum = csum_add32(sum, htonl(l4_len));
    sum = csum_add16(sum, htons(proto));
    return sum;
}

/* CRC32c (Castagnoli), bitwise: SCTP packets are rare enough on this path
 * that a table is not worth its cache footprint. */
ovs_be32
crc32c(const void *data_, size_t n)
{
    const uint8_t *data = data_;
    uint32_t crc = 0xffffffff;

    for (size_t i = 0; i < n; i++) {
        crc ^= data[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1));
        }
    }
    crc = ~crc;
    /* The SCTP checksum field holds the CRC least significant byte
     * first (RFC 4960 appendix B); storing it in host little-endian order
     * achieves that, so convert to "network order" accordingly. */
    uint8_t b[4] = { crc, crc >> 8, crc >> 16, crc >> 24 };
    ovs_be32 v;
    memcpy(&v, b, 4);
    return v;
}

/* Packet composers. */

static void
put_eth_and_vlans(struct dp_packet *p, struct eth_addr src,
                  struct eth_addr dst, const ovs_be16 tci[2],
                  const ovs_be16 tpid[2], uint16_t dl_type)
{
    struct eth_header eh;

    eh.eth_dst = dst;
    eh.eth_src = src;
    dp_packet_put(p, &eh, ETH_ADDR_LEN * 2);
    for (int i = 0; i < 2; i++) {
        if (tci && tci[i] & htons(VLAN_CFI)) {
            ovs_be16 t = tpid && tpid[i] ? tpid[i] : htons(ETH_TYPE_VLAN);
            ovs_be16 c = tci[i] & ~htons(VLAN_CFI);
            dp_packet_put(p, &t, 2);
            dp_packet_put(p, &c, 2);
        }
    }
    ovs_be16 type = htons(dl_type);
    dp_packet_put(p, &type, 2);
}

/* Writes the L4 header and payload for 'spec' at the tail of 'p' and
 * returns its length.  The checksum is left for the caller. */
static size_t
put_l4(struct dp_packet *p, const struct packet_spec *spec)
{
    size_t start = dp_packet_size(p);

    switch (spec->nw_proto) {
    case IPPROTO_TCP: {
        struct tcp_header th;
        memset(&th, 0, sizeof th);
        th.tcp_src = htons(spec->tp_src);
        th.tcp_dst = htons(spec->tp_dst);
        put_16aligned_be32(&th.tcp_seq, htonl(1));
        th.tcp_ctl = TCP_CTL(spec->tcp_flags ? spec->tcp_flags : TCP_ACK,
                             5);
        th.tcp_winsz = htons(65535);
        dp_packet_put(p, &th, sizeof th);
        break;
    }
    case IPPROTO_UDP: {
        struct udp_header uh;
        uh.udp_src = htons(spec->tp_src);
        uh.udp_dst = htons(spec->tp_dst);
        uh.udp_len = htons(UDP_HEADER_LEN + spec->payload_len);
        uh.udp_csum = 0;
        dp_packet_put(p, &uh, sizeof uh);
        break;
    }
    case IPPROTO_SCTP: {
        struct sctp_header sh;
        memset(&sh, 0, sizeof sh);
        sh.sctp_src = htons(spec->tp_src);
        sh.sctp_dst = htons(spec->tp_dst);
        dp_packet_put(p, &sh, sizeof sh);
        break;
    }
    case IPPROTO_ICMP: {
        struct icmp_header ih;
        memset(&ih, 0, sizeof ih);
        ih.icmp_type = spec->tp_src;
        ih.icmp_code = spec->tp_dst;
        dp_packet_put(p, &ih, sizeof ih);
        break;
    }
    case IPPROTO_ICMPV6: {
        struct icmp6_header ih;
        uint32_t zero = 0;
        ih.icmp6_type = spec->tp_src;
        ih.icmp6_code = spec->tp_dst;
        ih.icmp6_cksum = 0;
        dp_packet_put(p, &ih, sizeof ih);
        dp_packet_put(p, &zero, 4);
        break;
    }
    default:
        break;
    }

    uint8_t *payload = dp_packet_put(p, NULL, spec->payload_len);
    for (size_t i = 0; i < spec->payload_len; i++) {
        payload[i] = i;
    }
    return dp_packet_size(p) - start;
}

/* Fills in the checksum of the L4 header at offset 'l4' of 'p', of length
 * 'l4_len', given the pseudo-header sum 'pseudo'. */
static void
set_l4_csum(struct dp_packet *p, size_t l4, size_t l4_len, uint8_t proto,
            uint32_t pseudo)
{
    uint8_t *h = (uint8_t *) dp_packet_data(p) + l4;
    size_t field;

    switch (proto) {
    case IPPROTO_TCP:
        field = offsetof(struct tcp_header, tcp_csum);
        break;
    case IPPROTO_UDP:
        field = offsetof(struct udp_header, udp_csum);
        break;
    case IPPROTO_ICMP:
        pseudo = 0;
        field = offsetof(struct icmp_header, icmp_csum);
        break;
    case IPPROTO_ICMPV6:
        field = offsetof(struct icmp6_header, icmp6_cksum);
        break;
    case IPPROTO_SCTP: {
        ovs_be32 crc = crc32c(h, l4_len);
        memcpy(h + offsetof(struct sctp_header, sctp_csum), &crc, 4);
        return;
    }
    default:
        return;
    }
    ovs_be16 c = csum_finish(csum_continue(pseudo, h, l4_len));
    if (proto == IPPROTO_UDP && !c) {
        c = 0xffff;             /* Zero means "no checksum" in UDP. */
    }
    memcpy(h + field, &c, 2);
}

void
packet_compose(struct dp_packet *p, const struct packet_spec *spec)
{
    uint8_t ttl = spec->nw_ttl ? spec->nw_ttl : 64;

    put_eth_and_vlans(p, spec->dl_src, spec->dl_dst, spec->vlan_tci,
                      spec->vlan_tpid, spec->dl_type);
    size_t l3 = dp_packet_size(p);

    if (spec->dl_type == ETH_TYPE_IP) {
        struct ip_header ih;

        memset(&ih, 0, sizeof ih);
        ih.ip_ihl_ver = IP_IHL_VER(5, IP_VERSION);
        ih.ip_tos = spec->nw_tos;
        ih.ip_id = htons(0x1234);
        ih.ip_frag_off = htons(spec->ip_frag_off);
        ih.ip_ttl = ttl;
        ih.ip_proto = spec->nw_proto;
        put_16aligned_be32(&ih.ip_src, spec->nw_src);
        put_16aligned_be32(&ih.ip_dst, spec->nw_dst);
        dp_packet_put(p, &ih, sizeof ih);

        /* Only a first (or unfragmented) fragment has an L4 header. */
        bool has_l4 = !(spec->ip_frag_off & IP_FRAG_OFF_MASK);
        size_t l4 = dp_packet_size(p);
        size_t l4_len;
        if (has_l4) {
            l4_len = put_l4(p, spec);
        } else {
            l4_len = spec->payload_len;
            dp_packet_put_zeros(p, l4_len);
        }

        struct ip_header *ip = (struct ip_header *)
            ((uint8_t *) dp_packet_data(p) + l3);
        ip->ip_tot_len = htons(IP_HEADER_LEN + l4_len);
        ip->ip_csum = csum(ip, IP_HEADER_LEN);
        uint32_t pseudo = packet_csum_pseudoheader(ip);
        if (has_l4) {
            set_l4_csum(p, l4, l4_len, spec->nw_proto, pseudo);
        }
        p->l3_ofs = l3;
        p->l4_ofs = has_l4 ? l4 : UINT16_MAX;
    } else if (spec->dl_type == ETH_TYPE_IPV6) {
        struct ovs_16aligned_ip6_hdr ih;

        memset(&ih, 0, sizeof ih);
        put_16aligned_be32(&ih.ip6_flow,
                           htonl((6u << 28) | ((uint32_t) spec->nw_tos << 20)
                                 | (spec->ipv6_label & IPV6_LABEL_MASK)));
        ih.ip6_nxt = spec->nw_proto;
        ih.ip6_hlim = ttl;
        in6_addr_put(&ih.ip6_src, &spec->ipv6_src);
        in6_addr_put(&ih.ip6_dst, &spec->ipv6_dst);
        dp_packet_put(p, &ih, sizeof ih);

        size_t l4 = dp_packet_size(p);
        size_t l4_len = put_l4(p, spec);
        struct ovs_16aligned_ip6_hdr *ip6 = (struct ovs_16aligned_ip6_hdr *)
            ((uint8_t *) dp_packet_data(p) + l3);
        ip6->ip6_plen = htons(l4_len);
        set_l4_csum(p, l4, l4_len, spec->nw_proto,
                    packet_csum_pseudoheader6(ip6, l4_len, spec->nw_proto));
        p->l3_ofs = l3;
        p->l4_ofs = l4;
    } else {
        uint8_t *payload = dp_packet_put(p, NULL, spec->payload_len);
        for (size_t i = 0; i < spec->payload_len; i++) {
            payload[i] = i;
        }
        p->l3_ofs = l3;
    }
}

void
packet_compose_arp(struct dp_packet *p, uint16_t op,
                   struct eth_addr eth_src, struct eth_addr eth_dst,
                   struct eth_addr arp_sha, ovs_be32 arp_spa,
                   struct eth_addr arp_tha, ovs_be32 arp_tpa)
{
    struct arp_eth_header ah;

    put_eth_and_vlans(p, eth_src, eth_dst, NULL, NULL, ETH_TYPE_ARP);
    p->l3_ofs = dp_packet_size(p);
    ah.ar_hrd = htons(ARP_HRD_ETHERNET);
    ah.ar_pro = htons(ARP_PRO_IP);
    ah.ar_hln = ETH_ADDR_LEN;
    ah.ar_pln = 4;
    ah.ar_op = htons(op);
    ah.ar_sha = arp_sha;
    put_16aligned_be32(&ah.ar_spa, arp_spa);
    ah.ar_tha = arp_tha;
    put_16aligned_be32(&ah.ar_tpa, arp_tpa);
    dp_packet_put(p, &ah, sizeof ah);
}

void
packet_compose_nd(struct dp_packet *p, uint8_t type,
                  struct eth_addr eth_src, struct eth_addr eth_dst,
                  const struct in6_addr *ipv6_src,
                  const struct in6_addr *ipv6_dst,
                  const struct in6_addr *target, struct eth_addr lla)
{
    struct ovs_16aligned_ip6_hdr ih;
    struct ovs_nd_msg nd;
    bool has_opt = !eth_addr_is_zero(lla);
    size_t l4_len = ND_MSG_LEN + (has_opt ? ND_LLA_OPT_LEN : 0);

    put_eth_and_vlans(p, eth_src, eth_dst, NULL, NULL, ETH_TYPE_IPV6);
    size_t l3 = dp_packet_size(p);

    memset(&ih, 0, sizeof ih);
    put_16aligned_be32(&ih.ip6_flow, htonl(6u << 28));
    ih.ip6_plen = htons(l4_len);
    ih.ip6_nxt = IPPROTO_ICMPV6;
    ih.ip6_hlim = 255;
    in6_addr_put(&ih.ip6_src, ipv6_src);
    in6_addr_put(&ih.ip6_dst, ipv6_dst);
    dp_packet_put(p, &ih, sizeof ih);

    size_t l4 = dp_packet_size(p);
    memset(&nd, 0, sizeof nd);
    nd.icmph.icmp6_type = type;
    if (type == ND_NEIGHBOR_ADVERT) {
        put_16aligned_be32(&nd.rso_flags,
                           htonl(ND_RSO_SOLICITED | ND_RSO_OVERRIDE));
    }
    in6_addr_put(&nd.target, target);
    dp_packet_put(p, &nd, sizeof nd);
    if (has_opt) {
        struct ovs_nd_lla_opt opt;
        opt.type = (type == ND_NEIGHBOR_ADVERT ? ND_OPT_TARGET_LINKADDR
                    : ND_OPT_SOURCE_LINKADDR);
        opt.len = 1;
        opt.mac = lla;
        dp_packet_put(p, &opt, sizeof opt);
    }

    struct ovs_16aligned_ip6_hdr *ip6 = (struct ovs_16aligned_ip6_hdr *)
        ((uint8_t *) dp_packet_data(p) + l3);
    set_l4_csum(p, l4, l4_len, IPPROTO_ICMPV6,
                packet_csum_pseudoheader6(ip6, l4_len, IPPROTO_ICMPV6));
    p->l3_ofs = l3;
    p->l4_ofs = l4;
}
