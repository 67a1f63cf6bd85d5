/* test-packets.c -- unit tests for lib/packets.
 *
 * "ovstest test-packets" checks the Internet checksum against known
 * values and against incremental updates, CRC32c, address parsing and
 * formatting (including masks and bad input), and that the packet
 * composers produce packets whose checksums verify. */

#include <config.h>
#include <string.h>
#include "dp-packet.h"
#include "dynamic-string.h"
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

static void
test_csum(void)
{
    /* RFC 1071 section 3's example: the sum of these words is 0xddf2. */
    static const uint8_t data[] = {
        0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7
    };
    OVSTEST_CHECK_INT(ntohs(csum(data, sizeof data)), 0xffff & ~0xddf2);

    /* An IPv4 header with its checksum verifies to zero. */
    static const uint8_t iph[] = {
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
        0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
    };
    OVSTEST_CHECK_INT(csum(iph, sizeof iph), 0);

    /* Chunked sums agree with one sum. */
    uint32_t partial = csum_continue(0, iph, 10);
    partial = csum_continue(partial, iph + 10, 10);
    OVSTEST_CHECK_INT(csum_finish(partial), 0);

    /* Incremental update equals recomputation, for many values. */
    uint8_t buf[20];
    memcpy(buf, iph, sizeof buf);
    for (uint32_t i = 0; i < 70000; i += 7) {
        ovs_be16 old_csum = packet_get_be16(buf + 10);
        ovs_be32 old_ip = packet_get_be32(buf + 12);
        ovs_be32 new_ip = htonl(i * 2654435761u);
        packet_put_be32(buf + 12, new_ip);
        ovs_be16 inc = recalc_csum32(old_csum, old_ip, new_ip);
        packet_put_be16(buf + 10, 0);
        ovs_be16 full = csum(buf, sizeof buf);
        /* 0x0000 and 0xffff are the same number in one's complement. */
        OVSTEST_CHECK(inc == full || (inc ^ full) == 0xffff);
        packet_put_be16(buf + 10, full);
    }

    /* CRC32c of "123456789" is 0xe3069283 (RFC 3720 B.4 check value);
     * SCTP stores it least significant byte first. */
    ovs_be32 crc = crc32c("123456789", 9);
    uint8_t b[4];
    memcpy(b, &crc, 4);
    OVSTEST_CHECK(b[0] == 0x83 && b[1] == 0x92 && b[2] == 0x06
                  && b[3] == 0xe3);
}

static void
check_eth(const char *s, bool ok, const char *formatted)
{
    struct eth_addr ea;
    struct ds d = DS_EMPTY_INITIALIZER;

    OVSTEST_CHECK_INT(eth_addr_from_string(s, &ea), ok);
    if (ok) {
        eth_format_addr(&d, ea);
        OVSTEST_CHECK_STR(ds_cstr(&d), formatted);
    } else {
        OVSTEST_CHECK(eth_addr_is_zero(ea));
    }
    ds_destroy(&d);
}

static void
check_ip_masked(const char *s, const char *formatted)
{
    ovs_be32 ip, mask;
    char *error = ip_parse_masked(s, &ip, &mask);

    if (!formatted) {
        OVSTEST_CHECK(error != NULL);
        free(error);
        return;
    }
    CHECK_NO_ERROR(error);
    struct ds d = DS_EMPTY_INITIALIZER;
    ip_format_masked(ip, mask, &d);
    OVSTEST_CHECK_STR(ds_cstr(&d), formatted);
    ds_destroy(&d);
}

static void
check_ipv6_masked(const char *s, const char *formatted)
{
    struct in6_addr ip, mask;
    char *error = ipv6_parse_masked(s, &ip, &mask);

    if (!formatted) {
        OVSTEST_CHECK(error != NULL);
        free(error);
        return;
    }
    CHECK_NO_ERROR(error);
    struct ds d = DS_EMPTY_INITIALIZER;
    ipv6_format_masked(&ip, &mask, &d);
    OVSTEST_CHECK_STR(ds_cstr(&d), formatted);
    ds_destroy(&d);
}

static void
test_addresses(void)
{
    check_eth("00:11:22:aa:BB:cc", true, "00:11:22:aa:bb:cc");
    check_eth("0:1:2:3:4:5", true, "00:01:02:03:04:05");
    check_eth("00-11-22-33-44-55", true, "00:11:22:33:44:55");
    check_eth("00:11:22:33:44", false, NULL);
    check_eth("00:11:22:33:44:55:66", false, NULL);
    check_eth("00:11:22:33:44:5g", false, NULL);
    check_eth("", false, NULL);

    struct eth_addr ea, mask;
    char *error = eth_addr_parse_masked("01:00:00:00:00:00/01:00:00:00:00:00",
                                        &ea, &mask);
    CHECK_NO_ERROR(error);
    OVSTEST_CHECK(eth_addr_is_multicast(ea) && mask.ea[0] == 1);
    OVSTEST_CHECK(eth_addr_from_uint64(eth_addr_to_uint64(ea)).ea[0] == 1);

    check_ip_masked("10.0.0.1", "10.0.0.1");
    check_ip_masked("10.0.0.0/8", "10.0.0.0/8");
    check_ip_masked("10.0.0.0/255.255.0.0", "10.0.0.0/16");
    check_ip_masked("1.2.3.4/255.0.255.0", "1.2.3.4/255.0.255.0");
    check_ip_masked("1.2.3.4/32", "1.2.3.4");
    check_ip_masked("0.0.0.0/0", "0.0.0.0/0");
    check_ip_masked("1.2.3", NULL);
    check_ip_masked("1.2.3.256", NULL);
    check_ip_masked("1.2.3.4/33", NULL);
    check_ip_masked("1.2.3.4/", NULL);
    check_ip_masked("1.2.3.4x", NULL);
    OVSTEST_CHECK(ip_is_cidr(htonl(0xffffff00)));
    OVSTEST_CHECK(!ip_is_cidr(htonl(0xff00ff00)));
    OVSTEST_CHECK_INT(ip_count_cidr_bits(be32_prefix_mask(17)), 17);

    check_ipv6_masked("::1", "::1");
    check_ipv6_masked("2001:db8::/32", "2001:db8::/32");
    check_ipv6_masked("fe80::1/ffff::1", "fe80::1/ffff::1");
    check_ipv6_masked("::/128", "::");
    check_ipv6_masked("1::2::3", NULL);
    check_ipv6_masked("::1/129", NULL);

    struct in6_addr m = ipv6_create_mask(65);
    OVSTEST_CHECK(ipv6_is_cidr(&m));
    OVSTEST_CHECK_INT(ipv6_count_cidr_bits(&m), 65);
}

/* Verifies the IPv4 header checksum and the L4 checksum of 'p'. */
static void
verify_ipv4(struct dp_packet *p, uint8_t proto)
{
    const struct ip_header *ip = dp_packet_l3(p);
    size_t l4_len = dp_packet_size(p) - p->l4_ofs;

    OVSTEST_CHECK_INT(csum(ip, IP_HEADER_LEN), 0);
    if (proto != IPPROTO_SCTP) {
        uint32_t pseudo = (proto == IPPROTO_ICMP ? 0
                           : packet_csum_pseudoheader(ip));
        OVSTEST_CHECK_INT(csum_finish(csum_continue(pseudo, dp_packet_l4(p),
                                                    l4_len)), 0);
    } else {
        uint8_t *sh = dp_packet_l4(p);
        ovs_be32 stored = packet_get_be32(sh + 8);
        packet_put_be32(sh + 8, 0);
        OVSTEST_CHECK_INT(crc32c(sh, l4_len), stored);
        packet_put_be32(sh + 8, stored);
    }
}

static void
test_compose(void)
{
    static const uint8_t protos[] = {
        IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_SCTP
    };

    for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
        struct packet_spec spec;
        struct dp_packet *p = dp_packet_new_with_headroom(0, 0);

        memset(&spec, 0, sizeof spec);
        spec.dl_type = ETH_TYPE_IP;
        spec.nw_proto = protos[i];
        spec.nw_src = htonl(0xc0a80001);
        spec.nw_dst = htonl(0xc0a80002);
        spec.tp_src = 8;
        spec.tp_dst = 80;
        spec.payload_len = 11;
        packet_compose(p, &spec);
        verify_ipv4(p, protos[i]);
        dp_packet_delete(p);
    }

    /* IPv6 + UDP, and a neighbour solicitation. */
    struct packet_spec spec;
    struct dp_packet *p = dp_packet_new_with_headroom(0, 0);
    memset(&spec, 0, sizeof spec);
    spec.dl_type = ETH_TYPE_IPV6;
    spec.nw_proto = IPPROTO_UDP;
    OVSTEST_CHECK(ipv6_parse("2001:db8::1", &spec.ipv6_src));
    OVSTEST_CHECK(ipv6_parse("2001:db8::2", &spec.ipv6_dst));
    spec.tp_src = 1;
    spec.tp_dst = 2;
    spec.payload_len = 7;
    packet_compose(p, &spec);
    const struct ovs_16aligned_ip6_hdr *ip6 = dp_packet_l3(p);
    size_t l4_len = dp_packet_size(p) - p->l4_ofs;
    OVSTEST_CHECK_INT(l4_len, 15);
    OVSTEST_CHECK_INT(csum_finish(csum_continue(
        packet_csum_pseudoheader6(ip6, l4_len, IPPROTO_UDP),
        dp_packet_l4(p), l4_len)), 0);
    dp_packet_delete(p);

    p = dp_packet_new_with_headroom(0, 0);
    struct eth_addr mac = ETH_ADDR_C(00, 11, 22, 33, 44, 55);
    packet_compose_nd(p, ND_NEIGHBOR_SOLICIT, mac, eth_addr_broadcast,
                      &spec.ipv6_src, &spec.ipv6_dst, &spec.ipv6_dst, mac);
    ip6 = dp_packet_l3(p);
    l4_len = dp_packet_size(p) - p->l4_ofs;
    OVSTEST_CHECK_INT(l4_len, ND_MSG_LEN + ND_LLA_OPT_LEN);
    OVSTEST_CHECK_INT(csum_finish(csum_continue(
        packet_csum_pseudoheader6(ip6, l4_len, IPPROTO_ICMPV6),
        dp_packet_l4(p), l4_len)), 0);
    dp_packet_delete(p);

    /* ARP is 14 + 28 bytes. */
    p = dp_packet_new_with_headroom(0, 0);
    packet_compose_arp(p, ARP_OP_REQUEST, mac, eth_addr_broadcast, mac,
                       htonl(0x01020304), eth_addr_zero, htonl(0x01020305));
    OVSTEST_CHECK_INT(dp_packet_size(p), 42);
    dp_packet_delete(p);

    /* Two VLAN tags. */
    p = dp_packet_new_with_headroom(0, 0);
    memset(&spec, 0, sizeof spec);
    spec.dl_type = 0x1234;
    spec.vlan_tci[0] = htons(VLAN_CFI | 100);
    spec.vlan_tpid[0] = htons(ETH_TYPE_VLAN_8021AD);
    spec.vlan_tci[1] = htons(VLAN_CFI | 200);
    packet_compose(p, &spec);
    const uint8_t *d = dp_packet_data(p);
    OVSTEST_CHECK_INT(dp_packet_size(p), 22);
    OVSTEST_CHECK_INT(ntohs(packet_get_be16(d + 12)), 0x88a8);
    OVSTEST_CHECK_INT(ntohs(packet_get_be16(d + 14)), 100);
    OVSTEST_CHECK_INT(ntohs(packet_get_be16(d + 16)), 0x8100);
    OVSTEST_CHECK_INT(ntohs(packet_get_be16(d + 18)), 200);
    OVSTEST_CHECK_INT(ntohs(packet_get_be16(d + 20)), 0x1234);
    dp_packet_delete(p);
}

static void
test_packets(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_csum();
    test_addresses();
    test_compose();
    printf("ok\n");
}

OVSTEST_REGISTER("test-packets", test_packets);
