/* test-flow.c -- unit tests for lib/flow and lib/match.
 *
 *   ovstest test-flow unit
 *       flow_extract() on composed packets (fields, offsets, truncation),
 *       hashing and masked comparison, match setters, formatting, and
 *       parse/format round trips.
 *   ovstest test-flow pcap FILE [N-RANDOM [SEED]]
 *       writes a pcap file of composed packets, plus N-RANDOM mutated and
 *       truncated variants (fixed seed), and prints flow_format() of each,
 *       one per line: the same text as "ovs-ofctl parse-pcap FILE" gives,
 *       which flow.at compares.
 *   ovstest test-flow parse MATCH...
 *       parses each MATCH and prints match_format() of it (or the error),
 *       checking that the output parses back to the same match.
 *   ovstest test-flow extract-hex HEX
 *       extracts the flow of one Ethernet frame given in hex.
 *   ovstest test-flow bench [N]
 *       times flow_extract() + flow_hash() (not run by the suite). */

#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dp-packet.h"
#include "dynamic-string.h"
#include "flow.h"
#include "match.h"
#include "ovstest.h"
#include "packets.h"
#include "util.h"

#define CHECK_NO_ERROR(ERROR)                                           \
    do {                                                                \
        if (ERROR) {                                                    \
            ovstest_fail(__FILE__, __LINE__, "unexpected error: %s",    \
                         ERROR);                                        \
        }                                                               \
    } while (0)

static const struct eth_addr mac1 = ETH_ADDR_C(0a, 00, 00, 00, 00, 01);
static const struct eth_addr mac2 = ETH_ADDR_C(0a, 00, 00, 00, 00, 02);

static void
spec_init(struct packet_spec *spec, uint16_t dl_type, uint8_t proto)
{
    memset(spec, 0, sizeof *spec);
    spec->dl_src = mac1;
    spec->dl_dst = mac2;
    spec->dl_type = dl_type;
    spec->nw_proto = proto;
    spec->nw_src = htonl(0x0a000001);
    spec->nw_dst = htonl(0x0a000002);
    ipv6_parse("2001:db8::1", &spec->ipv6_src);
    ipv6_parse("2001:db8::2", &spec->ipv6_dst);
    spec->tp_src = 1234;
    spec->tp_dst = 80;
}

static struct dp_packet *
compose(const struct packet_spec *spec)
{
    struct dp_packet *p = dp_packet_new_with_headroom(0, DP_PACKET_HEADROOM);
    packet_compose(p, spec);
    p->md.in_port = OFPP_NONE;
    return p;
}

static char *
extract_to_string(struct dp_packet *p)
{
    struct flow flow;
    flow_extract(p, &flow);
    return flow_to_string(&flow);
}

static void
check_extract(const struct packet_spec *spec, const char *expected)
{
    struct dp_packet *p = compose(spec);
    char *s = extract_to_string(p);
    OVSTEST_CHECK_STR(s, expected);
    free(s);
    dp_packet_delete(p);
}

static void
test_extract(void)
{
    struct packet_spec spec;
    struct flow flow;

    spec_init(&spec, ETH_TYPE_IP, IPPROTO_TCP);
    spec.tcp_flags = TCP_SYN | TCP_ACK;
    spec.nw_tos = 0x2a;
    check_extract(&spec, "tcp,in_port=ANY,vlan_tci=0x0000,"
                  "dl_src=0a:00:00:00:00:01,dl_dst=0a:00:00:00:00:02,"
                  "nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=40,nw_ecn=2,"
                  "nw_ttl=64,nw_frag=no,tp_src=1234,tp_dst=80,"
                  "tcp_flags=syn|ack");

    /* Offsets and metadata. */
    struct dp_packet *p = compose(&spec);
    p->md.in_port = 3;
    p->md.pkt_mark = 0x55;
    flow_extract(p, &flow);
    OVSTEST_CHECK_INT(p->l3_ofs, ETH_HEADER_LEN);
    OVSTEST_CHECK_INT(p->l4_ofs, ETH_HEADER_LEN + IP_HEADER_LEN);
    OVSTEST_CHECK_INT(flow.in_port, 3);
    OVSTEST_CHECK_INT(flow.pkt_mark, 0x55);
    OVSTEST_CHECK_INT(ntohs(flow.tcp_flags), TCP_SYN | TCP_ACK);

    /* Every truncation of it is parsed without reading past the end
     * (ASan checks that), and a short TCP header leaves the ports 0. */
    for (uint32_t n = 0; n <= dp_packet_size(p); n++) {
        struct dp_packet *q = dp_packet_clone_data_with_headroom(
            dp_packet_data(p), n, 0);
        flow_extract(q, &flow);
        if (n < ETH_HEADER_LEN + IP_HEADER_LEN) {
            OVSTEST_CHECK_INT(flow.nw_proto, 0);
        }
        if (n < dp_packet_size(p)) {
            OVSTEST_CHECK_INT(flow.tp_src, 0);
        }
        dp_packet_delete(q);
    }
    dp_packet_delete(p);

    /* VLANs: one 802.1Q tag; 802.1ad outside 802.1Q. */
    spec_init(&spec, ETH_TYPE_IP, IPPROTO_UDP);
    spec.vlan_tci[0] = htons(VLAN_CFI | (5 << VLAN_PCP_SHIFT) | 10);
    check_extract(&spec, "udp,in_port=ANY,dl_vlan=10,dl_vlan_pcp=5,"
                  "vlan_tci1=0x0000,"
                  "dl_src=0a:00:00:00:00:01,dl_dst=0a:00:00:00:00:02,"
                  "nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0,nw_ecn=0,"
                  "nw_ttl=64,nw_frag=no,tp_src=1234,tp_dst=80");
    spec.vlan_tpid[0] = htons(ETH_TYPE_VLAN_8021AD);
    spec.vlan_tci[1] = htons(VLAN_CFI | 20);
    p = compose(&spec);
    flow_extract(p, &flow);
    OVSTEST_CHECK_INT(flow_count_vlan_headers(&flow), 2);
    OVSTEST_CHECK_INT(ntohs(flow.vlans[0].tpid), ETH_TYPE_VLAN_8021AD);
    OVSTEST_CHECK_INT(ntohs(flow.vlans[1].tci), VLAN_CFI | 20);
    OVSTEST_CHECK_INT(p->l3_ofs, ETH_HEADER_LEN + 2 * VLAN_HEADER_LEN);
    dp_packet_delete(p);

    /* Fragments: a later fragment has no L4 fields. */
    spec_init(&spec, ETH_TYPE_IP, IPPROTO_UDP);
    spec.ip_frag_off = 100;
    p = compose(&spec);
    flow_extract(p, &flow);
    OVSTEST_CHECK_INT(flow.nw_frag, FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    OVSTEST_CHECK_INT(flow.tp_src, 0);
    OVSTEST_CHECK_INT(p->l4_ofs, UINT16_MAX);
    dp_packet_delete(p);

    /* IPv6 with ICMPv6 ND. */
    p = dp_packet_new_with_headroom(0, 0);
    struct in6_addr target;
    ipv6_parse("fe80::5", &target);
    packet_compose_nd(p, ND_NEIGHBOR_SOLICIT, mac1, mac2, &spec.ipv6_src,
                      &spec.ipv6_dst, &target, mac1);
    p->md.in_port = 1;
    char *s = extract_to_string(p);
    OVSTEST_CHECK_STR(s, "icmp6,in_port=1,vlan_tci=0x0000,"
                      "dl_src=0a:00:00:00:00:01,dl_dst=0a:00:00:00:00:02,"
                      "ipv6_src=2001:db8::1,ipv6_dst=2001:db8::2,"
                      "ipv6_label=0x00000,nw_tos=0,nw_ecn=0,nw_ttl=255,"
                      "nw_frag=no,icmp_type=135,icmp_code=0,"
                      "nd_target=fe80::5,nd_sll=0a:00:00:00:00:01,"
                      "nd_tll=00:00:00:00:00:00");
    free(s);
    dp_packet_delete(p);

    /* ARP. */
    p = dp_packet_new_with_headroom(0, 0);
    packet_compose_arp(p, ARP_OP_REPLY, mac1, mac2, mac1, htonl(0x01020304),
                       mac2, htonl(0x05060708));
    p->md.in_port = OFPP_LOCAL;
    s = extract_to_string(p);
    OVSTEST_CHECK_STR(s, "arp,in_port=LOCAL,vlan_tci=0x0000,"
                      "dl_src=0a:00:00:00:00:01,dl_dst=0a:00:00:00:00:02,"
                      "arp_spa=1.2.3.4,arp_tpa=5.6.7.8,arp_op=2,"
                      "arp_sha=0a:00:00:00:00:01,arp_tha=0a:00:00:00:00:02");
    free(s);
    dp_packet_delete(p);

    /* A runt frame: only in_port survives. */
    p = dp_packet_clone_data_with_headroom("abc", 3, 0);
    flow_extract(p, &flow);
    OVSTEST_CHECK(flow.dl_type == 0 && p->l3_ofs == UINT16_MAX);
    dp_packet_delete(p);
}

static void
test_hash_and_masks(void)
{
    struct packet_spec spec;
    struct flow a, b;
    struct dp_packet *p;

    spec_init(&spec, ETH_TYPE_IP, IPPROTO_TCP);
    p = compose(&spec);
    flow_extract(p, &a);
    dp_packet_delete(p);
    spec.tp_src = 999;
    p = compose(&spec);
    flow_extract(p, &b);
    dp_packet_delete(p);

    OVSTEST_CHECK(!flow_equal(&a, &b));
    OVSTEST_CHECK(flow_hash(&a, 0) != flow_hash(&b, 0));

    struct match m;
    match_init_catchall(&m);
    OVSTEST_CHECK(match_matches_flow(&m, &a));
    match_set_dl_type(&m, htons(ETH_TYPE_IP));
    match_set_nw_proto(&m, IPPROTO_TCP);
    match_set_tp_dst_masked(&m, htons(80), htons(0xffff));
    OVSTEST_CHECK(match_matches_flow(&m, &a));
    OVSTEST_CHECK(match_matches_flow(&m, &b));
    OVSTEST_CHECK(flow_equal_except(&a, &b, &m.wc));
    OVSTEST_CHECK_INT(flow_hash_masked(&a, &m.wc, 7),
                      flow_hash_masked(&b, &m.wc, 7));

    /* The masked hash is the hash of the masked flow. */
    struct flow c = a;
    flow_zero_wildcards(&c, &m.wc);
    OVSTEST_CHECK_INT(flow_hash_masked(&a, &m.wc, 7), flow_hash(&c, 7));

    match_set_tp_src_masked(&m, htons(1234), htons(0xfff0));
    OVSTEST_CHECK(match_matches_flow(&m, &a));
    OVSTEST_CHECK(!match_matches_flow(&m, &b));

    struct flow_wildcards exact, any, both;
    flow_wildcards_init_exact(&exact);
    flow_wildcards_init_catchall(&any);
    OVSTEST_CHECK(flow_wildcards_is_catchall(&any));
    flow_wildcards_and(&both, &exact, &m.wc);
    OVSTEST_CHECK(flow_equal(&both.masks, &m.wc.masks));
    flow_wildcards_or(&both, &any, &m.wc);
    OVSTEST_CHECK(flow_equal(&both.masks, &m.wc.masks));
}

static void
check_parse(const char *in, const char *out)
{
    struct match m, m2;
    int prio, prio2;
    char *error = match_parse(in, &m, &prio);

    if (error) {
        OVSTEST_CHECK_STR(error, out);
        free(error);
        return;
    }
    char *s = match_to_string(&m, prio);
    OVSTEST_CHECK_STR(s, out);
    error = match_parse(s, &m2, &prio2);
    CHECK_NO_ERROR(error);
    OVSTEST_CHECK(match_equal(&m, &m2) && prio == prio2);
    free(s);
}

static void
test_parse_format(void)
{
    check_parse("in_port=1,dl_vlan=10,tcp,nw_src=10.0.0.1,tp_dst=80",
                "tcp,in_port=1,dl_vlan=10,nw_src=10.0.0.1,tp_dst=80");
    check_parse("", "");
    check_parse("priority=7 ip  nw_dst=10.0.0.0/8",
                "priority=7,ip,nw_dst=10.0.0.0/8");
    check_parse("tp_src=80", "");      /* Prerequisite missing: dropped. */
    check_parse("ip,tp_src=80", "ip");
    check_parse("in_port=LOCAL", "in_port=LOCAL");
    check_parse("in_port=65534", "in_port=LOCAL");
    check_parse("in_port=0x10", "0x10: invalid or unknown port for in_port");
    check_parse("foo=1", "unknown keyword foo");
    check_parse("tcp,tp_src=99999",
                "99999: value too large for 2-byte field tp_src");
    check_parse("ct_state=+trk-new", "ct_state=-new+trk");
    check_parse("ct_state=0x20", "ct_state=trk");
    check_parse("tcp,tcp_flags=+syn-ack", "tcp,tcp_flags=+syn-ack");
    check_parse("tcp,tcp_flags=0x12", "tcp,tcp_flags=syn|ack");
    check_parse("tcp6,tcp_flags=0", "tcp6,tcp_flags=0");
    check_parse("tcp,tp_src=80/0xfff0", "tcp,tp_src=0x50/0xfff0");
    check_parse("ip,nw_frag=later", "ip,nw_frag=later");
    check_parse("ipv6,nw_frag=not_later", "ipv6,nw_frag=not_later");
    check_parse("ip,nw_frag=maybe",
                "maybe: unknown fragment type (valid types are \"no\", "
                "\"yes\", \"first\", \"later\", \"not_later\")");
    check_parse("vlan_tci=0x1005/0x1fff", "dl_vlan=5");
    check_parse("vlan_tci=0x1005/0xffff", "dl_vlan=5,dl_vlan_pcp=0");
    check_parse("dl_vlan=0xffff", "vlan_tci=0x0000");
    check_parse("dl_vlan_pcp=3", "dl_vlan_pcp=3");
    check_parse("vlan_tci=0xa000/0xf000", "vlan_tci=0xa000/0xf000");
    check_parse("arp,arp_op=2,arp_spa=1.2.3.4,arp_tpa=1.2.3.5,"
                "arp_sha=1:2:3:4:5:6,arp_tha=0:0:0:0:0:1",
                "arp,arp_spa=1.2.3.4,arp_tpa=1.2.3.5,arp_op=2,"
                "arp_sha=01:02:03:04:05:06,arp_tha=00:00:00:00:00:01");
    check_parse("icmp6,icmp_type=136,nd_tll=1:2:3:4:5:6,nd_target=::1",
                "icmp6,icmp_type=136,nd_target=::1,"
                "nd_tll=01:02:03:04:05:06");
    check_parse("icmp6,icmp_type=135,nd_tll=1:2:3:4:5:6",
                "icmp6,icmp_type=135");
    check_parse("mpls,mpls_label=5,mpls_tc=3,mpls_bos=1,mpls_ttl=4",
                "mpls,mpls_label=5,mpls_tc=3,mpls_ttl=4,mpls_bos=1");
    check_parse("pkt_mark=0x7/0xf,dp_hash=0x5/0xff,ip,recirc_id=1",
                "pkt_mark=0x7/0xf,recirc_id=0x1,dp_hash=0x5/0xff,ip");
    check_parse("ct_state=+trk,ct_zone=1,ct_mark=1,ct_label=0x5,ip,reg0=1,"
                "reg15=2",
                "ct_state=+trk,ct_zone=1,ct_mark=0x1,ct_label=0x5,ip,"
                "reg0=0x1,reg15=0x2");
    check_parse("tun_id=1,tun_src=1.1.1.1,tun_dst=2.2.2.0/24,"
                "tun_ipv6_src=::1,tun_flags=+oam,metadata=3",
                "tun_id=0x1,tun_src=1.1.1.1,tun_dst=2.2.2.0/24,"
                "tun_ipv6_src=::1,tun_flags=+oam,metadata=0x3");
    check_parse("ipv6,ipv6_label=0x12345,ipv6_src=1::/ffff::1,nw_ecn=3",
                "ipv6,ipv6_src=1::/ffff::1,ipv6_label=0x12345,nw_ecn=3");
    check_parse("ip,nw_src=1.2.3.4/255.255.0.255,nw_tos=4,nw_ttl=5",
                "ip,nw_src=1.2.0.4/255.255.0.255,nw_tos=4,nw_ttl=5");
    check_parse("dl_type=0x1234,dl_src=01:00:00:00:00:00/"
                "01:00:00:00:00:00",
                "dl_src=01:00:00:00:00:00/01:00:00:00:00:00,dl_type=0x1234");
    check_parse("tcp,nw_src=1.2.3.4/0", "tcp");
    check_parse("ct_label=0x1/0xffffffffffffffffffffffffffffffff",
                "ct_label=0x1");
    check_parse("udp6,udp_dst=53,eth_type=0x86dd", "udp6,tp_dst=53");
    check_parse("dl_type", "field dl_type missing value");
    check_parse("ip,nw_ttl=3/1", "3/1: invalid mask for field nw_ttl");
    check_parse("tcp,tcp_flags=+syn+syn",
                "syn: Each TCP flag can be specified only once");
    check_parse("ip,nw_src=1.2.3.4/33", "1.2.3.4/33: IPv4 network prefix "
                "bits not between 0 and 32, inclusive");
    check_parse("dl_vlan=4097,dl_vlan_pcp=9", "dl_vlan=1,dl_vlan_pcp=1");
    check_parse("ip,nw_tos=5,ip_dscp=1", "ip,nw_tos=4");
    check_parse("dl_vlan1=5,dl_vlan_pcp1=2", "dl_vlan1=5,dl_vlan_pcp1=2");
}

static void
test_flow_unit(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_extract();
    test_hash_and_masks();
    test_parse_format();
    printf("ok\n");
}

/* pcap output. */

static void
pcap_write_header(FILE *f)
{
    uint32_t h32[] = { 0xa1b2c3d4, 0, 0, 65535, 1 };
    uint16_t ver[] = { 2, 4 };

    fwrite(&h32[0], 4, 1, f);
    fwrite(ver, 2, 2, f);
    fwrite(&h32[1], 4, 4, f);
}

static void
pcap_write_packet(FILE *f, const struct dp_packet *p)
{
    uint32_t rec[] = { 0, 0, dp_packet_size(p), dp_packet_size(p) };
    fwrite(rec, 4, 4, f);
    fwrite(dp_packet_data(p), 1, dp_packet_size(p), f);
}

/* A small deterministic generator (xorshift), so runs repeat. */
static uint32_t
rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

#define END 255

/* Composes the IPv6 packet of 'spec' with the extension headers listed
 * in 'chain' (END-terminated) between the IPv6 and the upper-layer
 * header.  A fragment header gets a nonzero offset if 'later'. */
static struct dp_packet *
compose_ipv6_ext(const struct packet_spec *spec, const uint8_t chain[4],
                 bool later)
{
    struct dp_packet *inner = compose(spec);
    struct dp_packet *p = dp_packet_new_with_headroom(0, 0);
    const uint8_t *d = dp_packet_data(inner);
    size_t l4 = inner->l4_ofs;
    size_t ext_len = 0;

    dp_packet_put(p, d, l4);
    for (int i = 0; i < 4 && chain[i] != END; i++) {
        uint8_t nxt = (i < 3 && chain[i + 1] != END ? chain[i + 1]
                       : spec->nw_proto);
        uint8_t h[16];
        size_t len;

        memset(h, 0, sizeof h);
        h[0] = nxt;
        if (chain[i] == IPPROTO_FRAGMENT) {
            len = 8;
            packet_put_be16(h + 2, htons(later ? 0x100 : IP6F_MORE_FRAG));
        } else if (chain[i] == IPPROTO_AH) {
            len = 16;
            h[1] = 2;           /* (2 + 2) * 4 = 16 bytes. */
        } else {
            len = 16;
            h[1] = 1;           /* (1 + 1) * 8 = 16 bytes. */
        }
        dp_packet_put(p, h, len);
        ext_len += len;
    }
    dp_packet_put(p, d + l4, dp_packet_size(inner) - l4);

    uint8_t *ip6 = (uint8_t *) dp_packet_data(p) + inner->l3_ofs;
    ip6[6] = chain[0];
    packet_put_be16(ip6 + 4, htons(ntohs(packet_get_be16(ip6 + 4))
                                   + ext_len));
    p->md.in_port = OFPP_NONE;
    dp_packet_delete(inner);
    return p;
}

/* Appends to 'pkts' the packets that the pcap test covers. */
static size_t
make_packets(struct dp_packet **pkts, size_t max)
{
    static const uint8_t protos[] = {
        IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP,
        IPPROTO_ICMPV6, 47,
    };
    struct packet_spec spec;
    size_t n = 0;

    for (int v6 = 0; v6 < 2; v6++) {
        for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
            for (int vlan = 0; vlan < 3; vlan++) {
                spec_init(&spec, v6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP,
                          protos[i]);
                spec.payload_len = 5 + i;
                spec.nw_tos = i * 17;
                spec.ipv6_label = 0x12345 * v6;
                if (vlan) {
                    spec.vlan_tci[0] = htons(VLAN_CFI | 0x6007);
                }
                if (vlan == 2) {
                    spec.vlan_tpid[0] = htons(ETH_TYPE_VLAN_8021AD);
                    spec.vlan_tci[1] = htons(VLAN_CFI | 0x0123);
                }
                if (n < max) {
                    pkts[n++] = compose(&spec);
                }
            }
        }
    }
    spec_init(&spec, ETH_TYPE_IP, IPPROTO_UDP);
    spec.ip_frag_off = IP_MORE_FRAGMENTS;
    pkts[n++] = compose(&spec);
    spec.ip_frag_off = 185;
    pkts[n++] = compose(&spec);
    spec_init(&spec, 0x88cc, 0);
    spec.payload_len = 30;
    pkts[n++] = compose(&spec);

    struct in6_addr target;
    ipv6_parse("fe80::7", &target);
    for (int t = 0; t < 2; t++) {
        struct dp_packet *p = dp_packet_new_with_headroom(0, 0);
        packet_compose_nd(p, t ? ND_NEIGHBOR_ADVERT : ND_NEIGHBOR_SOLICIT,
                          mac1, mac2, &spec.ipv6_src, &spec.ipv6_dst,
                          &target, t ? mac2 : mac1);
        p->md.in_port = OFPP_NONE;
        pkts[n++] = p;
    }
    /* MPLS: the counting payload makes three labels without BOS. */
    spec_init(&spec, ETH_TYPE_MPLS, 0);
    spec.payload_len = 16;
    pkts[n++] = compose(&spec);
    spec.payload_len = 6;
    pkts[n++] = compose(&spec);

    /* IPv6 extension header chains. */
    static const uint8_t chains[][4] = {
        { IPPROTO_HOPOPTS, END, END, END },
        { IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_DSTOPTS, END },
        { IPPROTO_FRAGMENT, END, END, END },
        { IPPROTO_DSTOPTS, IPPROTO_AH, IPPROTO_FRAGMENT, END },
    };
    for (size_t i = 0; i < ARRAY_SIZE(chains); i++) {
        for (int later = 0; later < 2; later++) {
            spec_init(&spec, ETH_TYPE_IPV6, IPPROTO_UDP);
            spec.payload_len = 4;
            pkts[n++] = compose_ipv6_ext(&spec, chains[i], later);
        }
    }

    struct dp_packet *p = dp_packet_new_with_headroom(0, 0);
    packet_compose_arp(p, ARP_OP_REQUEST, mac1, eth_addr_broadcast, mac1,
                       htonl(0x0a000001), eth_addr_zero, htonl(0x0a000002));
    p->md.in_port = OFPP_NONE;
    pkts[n++] = p;
    return n;
}

static void
test_flow_pcap(int argc, char *argv[])
{
    struct dp_packet *pkts[5000];
    size_t n = make_packets(pkts, 100);
    size_t n_random = argc > 2 ? atoi(argv[2]) : 0;
    uint32_t seed = argc > 3 ? atoi(argv[3]) : 12345;

    /* Mutations: a random truncation and a few random bytes in the
     * headers (where the parser's decisions are made). */
    size_t n_base = n;
    for (size_t i = 0; i < n_random && n < ARRAY_SIZE(pkts); i++) {
        struct dp_packet *base = pkts[rng_next(&seed) % n_base];
        struct dp_packet *q = dp_packet_clone(base);
        uint8_t *d = dp_packet_data(q);
        uint32_t size = dp_packet_size(q);
        int n_flips = rng_next(&seed) % 4;
        for (int k = 0; k < n_flips; k++) {
            uint32_t ofs = 12 + rng_next(&seed) % MIN(size - 12, 100);
            d[ofs] = rng_next(&seed);
        }
        if (rng_next(&seed) % 2) {
            dp_packet_set_size(q, 14 + rng_next(&seed) % (size - 13));
        }
        pkts[n++] = q;
    }

    FILE *f = fopen(argv[1], "wb");
    if (!f) {
        ovs_fatal(errno, "%s: open failed", argv[1]);
    }
    pcap_write_header(f);
    for (size_t i = 0; i < n; i++) {
        pcap_write_packet(f, pkts[i]);
        char *s = extract_to_string(pkts[i]);
        puts(s);
        free(s);
        dp_packet_delete(pkts[i]);
    }
    fclose(f);
}

static void
test_flow_parse(int argc, char *argv[])
{
    for (int i = 1; i < argc; i++) {
        struct match m, m2;
        int prio, prio2;
        char *error = match_parse(argv[i], &m, &prio);
        if (error) {
            printf("%s\n", error);
            free(error);
            continue;
        }
        char *s = match_to_string(&m, prio);
        puts(s);
        error = match_parse(s, &m2, &prio2);
        CHECK_NO_ERROR(error);
        OVSTEST_CHECK(match_equal(&m, &m2) && prio == prio2);
        free(s);
    }
}

static void
test_flow_extract_hex(int argc, char *argv[])
{
    const char *hex = argc > 1 ? argv[1] : "";
    struct dp_packet *p = dp_packet_new_with_headroom(0, 0);

    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) {
        unsigned int byte;
        if (sscanf(hex + i, "%2x", &byte) != 1) {
            ovs_fatal(0, "bad hex at offset %zu", i);
        }
        uint8_t b = byte;
        dp_packet_put(p, &b, 1);
    }
    p->md.in_port = OFPP_NONE;
    char *s = extract_to_string(p);
    puts(s);
    free(s);
    dp_packet_delete(p);
}

/* Times flow_extract() and flow_hash() on a TCP packet. */
static void
test_flow_bench(int argc, char *argv[])
{
    long long n = argc > 1 ? atoll(argv[1]) : 1000000;
    struct packet_spec spec;
    struct flow flow;
    struct timespec t0, t1;
    uint32_t hash = 0;

    spec_init(&spec, ETH_TYPE_IP, IPPROTO_TCP);
    struct dp_packet *p = compose(&spec);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long long i = 0; i < n; i++) {
        flow_extract(p, &flow);
        hash += flow_hash(&flow, 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9
                 + (t1.tv_nsec - t0.tv_nsec)) / n;
    printf("%lld packets: %.1f ns per flow_extract+flow_hash (%"PRIu32")\n",
           n, ns, hash & 1);
    dp_packet_delete(p);
}

static void
test_flow_main(int argc, char *argv[])
{
    if (argc < 2) {
        ovs_fatal(0, "usage: test-flow unit|pcap FILE [N]|parse MATCH...|"
                  "extract-hex HEX");
    }
    if (!strcmp(argv[1], "unit")) {
        test_flow_unit(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "pcap") && argc >= 3) {
        test_flow_pcap(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "parse")) {
        test_flow_parse(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "bench")) {
        test_flow_bench(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "extract-hex")) {
        test_flow_extract_hex(argc - 1, argv + 1);
    } else {
        ovs_fatal(0, "unknown test-flow command %s", argv[1]);
    }
}

OVSTEST_REGISTER("test-flow", test_flow_main);
