/* test-odp-key.c -- unit tests for lib/odp-key.c: struct match ->
 * OVS_KEY_ATTR_* key and mask -> struct match round trips for every key
 * type, the attribute layout the kernel expects, and malformed streams
 * refused with EINVAL.
 *
 * "ovstest test-odp-key round-trip" prints one line per case with the
 * key's attribute types (nested ENCAP in parentheses), so the .at file
 * checks the exact layout; "ovstest test-odp-key malformed" prints one
 * line per refused stream. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "dynamic-string.h"
#include "flow.h"
#include "match.h"
#include "nl-attr.h"
#include "odp-key.h"
#include "odp-util.h"
#include "ofpbuf.h"
#include "ovstest.h"
#include "packets.h"
#include "util.h"

static const char *
attr_name(int t)
{
    static const char *names[] = {
        [OVS_KEY_ATTR_ENCAP] = "encap", [OVS_KEY_ATTR_PRIORITY] = "priority",
        [OVS_KEY_ATTR_IN_PORT] = "in_port",
        [OVS_KEY_ATTR_ETHERNET] = "eth", [OVS_KEY_ATTR_VLAN] = "vlan",
        [OVS_KEY_ATTR_ETHERTYPE] = "eth_type", [OVS_KEY_ATTR_IPV4] = "ipv4",
        [OVS_KEY_ATTR_IPV6] = "ipv6", [OVS_KEY_ATTR_TCP] = "tcp",
        [OVS_KEY_ATTR_UDP] = "udp", [OVS_KEY_ATTR_ICMP] = "icmp",
        [OVS_KEY_ATTR_ICMPV6] = "icmpv6", [OVS_KEY_ATTR_ARP] = "arp",
        [OVS_KEY_ATTR_ND] = "nd", [OVS_KEY_ATTR_SKB_MARK] = "skb_mark",
        [OVS_KEY_ATTR_SCTP] = "sctp", [OVS_KEY_ATTR_TCP_FLAGS] = "tcp_flags",
        [OVS_KEY_ATTR_DP_HASH] = "dp_hash",
        [OVS_KEY_ATTR_RECIRC_ID] = "recirc_id",
        [OVS_KEY_ATTR_CT_STATE] = "ct_state",
    };
    return t < (int) ARRAY_SIZE(names) && names[t] ? names[t] : "?";
}

static void
format_layout(const struct nlattr *attrs, size_t len, struct ds *s)
{
    const struct nlattr *a;
    size_t left;

    NL_ATTR_FOR_EACH (a, left, attrs, len) {
        if (s->length && s->string[s->length - 1] != '(') {
            ds_put_char(s, ',');
        }
        ds_put_cstr(s, attr_name(nl_attr_type(a)));
        if (nl_attr_type(a) == OVS_KEY_ATTR_ENCAP) {
            ds_put_char(s, '(');
            format_layout(nl_attr_get(a), nl_attr_get_size(a), s);
            ds_put_char(s, ')');
        }
    }
}

static struct eth_addr
mac(uint8_t last)
{
    struct eth_addr e = {{ 0x50, 0x54, 0x00, 0x00, 0x00, last }};
    return e;
}

static struct eth_addr
mac_ones(void)
{
    struct eth_addr e = {{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }};
    return e;
}

static struct in6_addr
ip6(const char *s)
{
    struct in6_addr a;
    ovs_assert(inet_pton(AF_INET6, s, &a) == 1);
    return a;
}

static struct in6_addr
ip6_ones(void)
{
    struct in6_addr a;
    memset(&a, 0xff, sizeof a);
    return a;
}

static void
base(struct match *m, uint16_t dl_type)
{
    match_init_catchall(m);
    m->flow.recirc_id = 0;
    m->wc.masks.recirc_id = UINT32_MAX;
    m->flow.in_port = 1;
    m->wc.masks.in_port = UINT32_MAX;
    m->flow.dl_src = mac(1);
    m->flow.dl_dst = mac(2);
    m->wc.masks.dl_src = mac_ones();
    m->wc.masks.dl_dst = mac_ones();
    m->flow.dl_type = htons(dl_type);
    m->wc.masks.dl_type = htons(0xffff);
}

static void
ipv4(struct match *m, uint8_t proto)
{
    struct flow *v = &m->flow, *k = &m->wc.masks;
    v->nw_src = htonl(0x0a000001);
    v->nw_dst = htonl(0x0a000002);
    k->nw_src = k->nw_dst = htonl(0xffffffff);
    v->nw_proto = proto;
    k->nw_proto = 0xff;
    v->nw_ttl = 64;
    k->nw_ttl = 0xff;
    k->nw_frag = FLOW_NW_FRAG_MASK;
}

static void
ipv6(struct match *m, uint8_t proto)
{
    struct flow *v = &m->flow, *k = &m->wc.masks;
    v->ipv6_src = ip6("2001:db8::1");
    v->ipv6_dst = ip6("2001:db8::2");
    k->ipv6_src = k->ipv6_dst = ip6_ones();
    v->ipv6_label = htonl(0x12345);
    k->ipv6_label = htonl(0xfffff);
    v->nw_proto = proto;
    k->nw_proto = 0xff;
    v->nw_tos = 0x10;
    k->nw_tos = 0xff;
    v->nw_ttl = 255;
    k->nw_ttl = 0xff;
    k->nw_frag = FLOW_NW_FRAG_MASK;
}

static void
ports(struct match *m, uint16_t src, uint16_t dst)
{
    m->flow.tp_src = htons(src);
    m->flow.tp_dst = htons(dst);
    m->wc.masks.tp_src = m->wc.masks.tp_dst = htons(0xffff);
}

static void
vlan(struct match *m, int i, uint16_t tpid, uint16_t vid)
{
    m->flow.vlans[i].tpid = htons(tpid);
    m->wc.masks.vlans[i].tpid = htons(0xffff);
    m->flow.vlans[i].tci = htons(VLAN_CFI | vid);
    m->wc.masks.vlans[i].tci = htons(0xffff);
}

/* Builds case number 'n' into 'm'; returns its name, or NULL past the
 * last case. */
static const char *
make_case(int n, struct match *m)
{
    switch (n) {
    case 0:
        base(m, ETH_TYPE_IP);
        ipv4(m, IPPROTO_TCP);
        ports(m, 80, 1234);
        m->flow.tcp_flags = htons(0x012);
        m->wc.masks.tcp_flags = htons(0x0fff);
        return "ipv4-tcp";
    case 1:
        base(m, ETH_TYPE_IP);
        ipv4(m, IPPROTO_UDP);
        m->flow.nw_src = htonl(0x0a000000);
        m->wc.masks.nw_src = htonl(0xffffff00);
        m->wc.masks.nw_ttl = 0;
        m->flow.nw_ttl = 0;
        ports(m, 53, 0);
        m->wc.masks.tp_dst = 0;
        return "ipv4-udp-masked";
    case 2:
        base(m, ETH_TYPE_IP);
        ipv4(m, IPPROTO_ICMP);
        ports(m, 8, 0);
        return "ipv4-icmp";
    case 3:
        base(m, ETH_TYPE_IP);
        ipv4(m, IPPROTO_UDP);
        m->flow.nw_frag = FLOW_NW_FRAG_MASK;
        return "ipv4-later-fragment";
    case 4:
        base(m, ETH_TYPE_IP);
        ipv4(m, IPPROTO_SCTP);
        m->flow.nw_frag = FLOW_NW_FRAG_ANY;
        ports(m, 9, 10);
        return "ipv4-first-fragment-sctp";
    case 5:
        base(m, ETH_TYPE_IPV6);
        ipv6(m, IPPROTO_TCP);
        ports(m, 22, 40000);
        return "ipv6-tcp";
    case 6:
        base(m, ETH_TYPE_IPV6);
        ipv6(m, IPPROTO_ICMPV6);
        ports(m, 135, 0);
        m->flow.nd_target = ip6("2001:db8::99");
        m->wc.masks.nd_target = ip6_ones();
        m->flow.arp_sha = mac(7);
        m->wc.masks.arp_sha = mac_ones();
        m->wc.masks.arp_tha = mac_ones();
        return "ipv6-nd";
    case 7:
        base(m, ETH_TYPE_IPV6);
        ipv6(m, IPPROTO_ICMPV6);
        ports(m, 128, 0);
        return "ipv6-icmpv6-echo";
    case 8:
        base(m, ETH_TYPE_ARP);
        m->flow.nw_src = htonl(0x0a000001);
        m->flow.nw_dst = htonl(0x0a000002);
        m->wc.masks.nw_src = m->wc.masks.nw_dst = htonl(0xffffffff);
        m->flow.nw_proto = 1;
        m->wc.masks.nw_proto = 0xff;
        m->flow.arp_sha = mac(1);
        m->wc.masks.arp_sha = mac_ones();
        return "arp";
    case 9:
        base(m, ETH_TYPE_IP);
        vlan(m, 0, ETH_TYPE_VLAN, 10);
        ipv4(m, IPPROTO_UDP);
        ports(m, 67, 68);
        return "vlan-ipv4-udp";
    case 10:
        base(m, ETH_TYPE_IPV6);
        vlan(m, 0, ETH_TYPE_VLAN_8021AD, 100);
        vlan(m, 1, ETH_TYPE_VLAN, 200);
        m->wc.masks.vlans[1].tci = htons(VLAN_CFI | VLAN_VID_MASK);
        ipv6(m, IPPROTO_UDP);
        ports(m, 546, 547);
        return "qinq-ipv6-udp";
    case 11:
        base(m, FLOW_DL_TYPE_NONE);
        return "802.2";
    case 12:
        base(m, 0);
        m->wc.masks.dl_type = 0;
        m->wc.masks.dl_dst = (struct eth_addr) {{ 1, 0, 0, 0, 0, 0 }};
        m->flow.dl_dst = (struct eth_addr) {{ 0, 0, 0, 0, 0, 0 }};
        return "dl-type-wildcarded";
    case 13:
        base(m, ETH_TYPE_IP);
        m->flow.recirc_id = 5;
        m->flow.dp_hash = 0x12;
        m->wc.masks.dp_hash = 0xff;
        m->flow.skb_priority = 3;
        m->wc.masks.skb_priority = UINT32_MAX;
        m->flow.pkt_mark = 0x100;
        m->wc.masks.pkt_mark = 0xf00;
        m->flow.ct_state = CS_TRACKED | CS_ESTABLISHED;
        m->wc.masks.ct_state = CS_TRACKED | CS_ESTABLISHED | CS_NEW;
        return "metadata";
    case 14:
        base(m, ETH_TYPE_IPV6);
        ipv6(m, IPPROTO_SCTP);
        ports(m, 5000, 5001);
        m->wc.masks.in_port = 0;
        m->flow.in_port = 0;
        return "ipv6-sctp-any-port";
    default:
        return NULL;
    }
}

static void
print_match(const char *what, const struct match *m)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    odp_flow_format(m, &s);
    printf("  %s: %s\n", what, ds_cstr(&s));
    ds_destroy(&s);
}

static int
round_trip(void)
{
    int failures = 0;
    struct match m;
    const char *name;

    for (int n = 0; (name = make_case(n, &m)) != NULL; n++) {
        struct ofpbuf key, mask;
        struct match back;
        struct ds layout = DS_EMPTY_INITIALIZER;
        struct ds mlayout = DS_EMPTY_INITIALIZER;

        ofpbuf_init(&key, 0);
        ofpbuf_init(&mask, 0);
        odp_key_from_match(&m, &key, &mask);
        format_layout(key.data, key.size, &layout);
        format_layout(mask.data, mask.size, &mlayout);
        int error = odp_key_to_match(key.data, key.size, mask.data,
                                     mask.size, &back);
        if (error || !match_equal(&m, &back)) {
            printf("%s: FAILED (error %d)\n", name, error);
            print_match("in ", &m);
            print_match("out", &back);
            failures++;
        } else {
            /* The mask has the key's shape, except that an 802.2 key
             * has no ETHERTYPE while its mask does. */
            printf("%s: %s", name, ds_cstr(&layout));
            if (strcmp(ds_cstr(&layout), ds_cstr(&mlayout))) {
                printf(" mask %s", ds_cstr(&mlayout));
            }
            putchar('\n');
        }

        /* Without the mask, the key alone is an exact match of the
         * fields it carries. */
        error = odp_key_to_match(key.data, key.size, NULL, 0, &back);
        if (error) {
            printf("%s: exact parse failed (%d)\n", name, error);
            failures++;
        }
        ds_destroy(&layout);
        ds_destroy(&mlayout);
        ofpbuf_uninit(&key);
        ofpbuf_uninit(&mask);
    }

    /* A packet's exact key (as sent with OVS_PACKET_CMD_EXECUTE) parses
     * back to the same flow. */
    make_case(10, &m);
    struct flow f = m.flow, f2;
    f.skb_priority = 7;
    f.pkt_mark = 9;
    struct ofpbuf key;
    ofpbuf_init(&key, 0);
    odp_key_from_flow(&f, &key);
    int error = odp_key_to_flow(key.data, key.size, &f2);
    if (error || !flow_equal(&f, &f2)) {
        printf("packet key: FAILED (%d)\n", error);
        failures++;
    } else {
        printf("packet key: ok\n");
    }
    ofpbuf_uninit(&key);
    return failures;
}

/* Malformed streams.  Each case writes a key (and maybe a mask) and
 * expects EINVAL from odp_key_to_match(). */
static void
put_eth(struct ofpbuf *b)
{
    nl_msg_put_unspec_zero(b, OVS_KEY_ATTR_ETHERNET,
                           sizeof(struct ovs_key_ethernet));
}

static void
put_ipv4(struct ofpbuf *b, uint8_t proto)
{
    struct ovs_key_ipv4 k;
    memset(&k, 0, sizeof k);
    k.ipv4_proto = proto;
    nl_msg_put_unspec(b, OVS_KEY_ATTR_IPV4, &k, sizeof k);
}

static const char *
make_bad(int n, struct ofpbuf *key, struct ofpbuf *mask, bool *use_mask)
{
    *use_mask = false;
    switch (n) {
    case 0:
        put_eth(key);
        key->size -= 2;
        return "truncated stream";
    case 1:
        put_eth(key);
        nl_msg_put_unspec_zero(key, OVS_KEY_ATTR_IPV4, 8);
        return "short IPV4 attribute";
    case 2:
        put_eth(key);
        put_eth(key);
        return "duplicate ETHERNET";
    case 3:
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_TYPE_IPV6));
        put_ipv4(key, 6);
        return "IPV4 under Ethertype 0x86dd";
    case 4:
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_TYPE_IP));
        put_ipv4(key, IPPROTO_UDP);
        nl_msg_put_unspec_zero(key, OVS_KEY_ATTR_TCP,
                               sizeof(struct ovs_key_tcp));
        return "TCP with IP protocol 17";
    case 5: {
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_TYPE_IP));
        size_t ofs = nl_msg_start_nested(key, OVS_KEY_ATTR_ENCAP);
        nl_msg_end_nested(key, ofs);
        return "ENCAP without VLAN";
    }
    case 6:
        put_eth(key);
        put_eth(mask);
        nl_msg_put_u32(mask, OVS_KEY_ATTR_IN_PORT, UINT32_MAX);
        *use_mask = true;
        return "mask attribute absent from key";
    case 7:
        put_eth(key);
        nl_msg_put_u32(key, 200, 0);
        return "unknown attribute type";
    case 8: {
        put_eth(key);
        size_t ofs = nl_msg_start_nested(key, OVS_KEY_ATTR_TUNNEL);
        nl_msg_end_nested(key, ofs);
        return "TUNNEL (not modelled)";
    }
    case 9:
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(0x0100));
        return "Ethertype below 0x600";
    case 10: {
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_TYPE_VLAN));
        nl_msg_put_be16(key, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI | 5));
        size_t ofs = nl_msg_start_nested(key, OVS_KEY_ATTR_ENCAP);
        nl_msg_put_u32(key, OVS_KEY_ATTR_IN_PORT, 1);
        nl_msg_end_nested(key, ofs);
        return "metadata inside ENCAP";
    }
    case 11: {
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_TYPE_IPV6));
        struct ovs_key_ipv6 k6;
        memset(&k6, 0, sizeof k6);
        k6.ipv6_proto = IPPROTO_ICMPV6;
        nl_msg_put_unspec(key, OVS_KEY_ATTR_IPV6, &k6, sizeof k6);
        struct ovs_key_icmpv6 ic = { 1, 0 };
        nl_msg_put_unspec(key, OVS_KEY_ATTR_ICMPV6, &ic, sizeof ic);
        nl_msg_put_unspec_zero(key, OVS_KEY_ATTR_ND,
                               sizeof(struct ovs_key_nd));
        return "ND with ICMPv6 type 1";
    }
    case 12: {
        put_eth(key);
        size_t o[3];
        for (int i = 0; i < 3; i++) {
            nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE,
                            htons(ETH_TYPE_VLAN));
            nl_msg_put_be16(key, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI | 5));
            o[i] = nl_msg_start_nested(key, OVS_KEY_ATTR_ENCAP);
        }
        for (int i = 2; i >= 0; i--) {
            nl_msg_end_nested(key, o[i]);
        }
        return "three VLAN tags";
    }
    case 13:
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_TYPE_IP));
        put_ipv4(key, IPPROTO_TCP);
        nl_msg_put_be16(key, OVS_KEY_ATTR_TCP_FLAGS, htons(2));
        return "TCP_FLAGS without TCP";
    case 14:
        put_eth(key);
        nl_msg_put_be16(key, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_TYPE_IP));
        nl_msg_put_be16(key, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI | 5));
        return "VLAN under a non-VLAN Ethertype";
    default:
        return NULL;
    }
}

static int
malformed(void)
{
    int failures = 0;
    const char *name;
    struct ofpbuf key, mask;
    bool use_mask;

    ofpbuf_init(&key, 0);
    ofpbuf_init(&mask, 0);
    for (int n = 0; (name = make_bad(n, &key, &mask, &use_mask)); n++) {
        struct match m;
        int error = odp_key_to_match(key.data, key.size,
                                     use_mask ? mask.data : NULL,
                                     mask.size, &m);
        printf("%s: %s\n", name,
               (error == EINVAL ? "EINVAL"
                : error ? "other error" : "ACCEPTED"));
        failures += error != EINVAL;
        ofpbuf_clear(&key);
        ofpbuf_clear(&mask);
    }

    /* An upcall key may carry attributes userspace does not model: the
     * lenient parser skips them. */
    put_eth(&key);
    size_t ofs = nl_msg_start_nested(&key, OVS_KEY_ATTR_TUNNEL);
    nl_msg_end_nested(&key, ofs);
    nl_msg_put_u32(&key, OVS_KEY_ATTR_IN_PORT, 3);
    struct flow f;
    int error = odp_key_to_flow(key.data, key.size, &f);
    printf("upcall key with TUNNEL: %s, in_port %u\n",
           error ? "error" : "ok", f.in_port);
    failures += error != 0 || f.in_port != 3;
    ofpbuf_uninit(&key);
    ofpbuf_uninit(&mask);
    return failures;
}

static void
test_odp_key_main(int argc, char *argv[])
{
    if (argc != 2) {
        ovs_fatal(0, "usage: test-odp-key round-trip|malformed");
    }
    int failures = (!strcmp(argv[1], "round-trip") ? round_trip()
                    : !strcmp(argv[1], "malformed") ? malformed()
                    : -1);
    if (failures < 0) {
        ovs_fatal(0, "unknown command %s", argv[1]);
    }
    exit(failures ? 1 : 0);
}

OVSTEST_REGISTER("test-odp-key", test_odp_key_main);
