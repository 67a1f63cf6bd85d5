/* packets.h -- protocol header layouts, constants and helpers.
 *
 * The wire formats that the flow extractor (flow.h), the datapaths and the
 * OpenFlow actions read and write: Ethernet, 802.1Q/802.1ad VLAN tags,
 * MPLS, ARP, IPv4, IPv6 (with extension headers), ICMP, ICMPv6 neighbour
 * discovery, TCP, UDP and SCTP; the Internet checksum; formatting and
 * parsing of Ethernet, IPv4 and IPv6 addresses; and small packet composers
 * used by tests.
 *
 * Byte order: ovs_be16/ovs_be32/ovs_be64 are plain integer typedefs that
 * hold values in network byte order.  They exist for the reader: a field
 * of one of these types must be converted with htons()/ntohs(),
 * htonl()/ntohl() or htonll()/ntohll() before arithmetic.
 *
 * Alignment: packet data can start at any address (an Ethernet header is
 * 14 bytes, which leaves the IP header 2 bytes off a 4-byte boundary), so
 * the header structs below never contain a member with alignment above 2:
 * 32-bit fields are ovs_16aligned_be32 and IPv6 addresses are
 * union ovs_16aligned_in6_addr, read and written with the get_/put_
 * helpers.  Code that parses untrusted packets should not even assume
 * 2-byte alignment and reads through packet_get_be16() and friends, which
 * use memcpy(). */
#ifndef PACKETS_H
#define PACKETS_H 1

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "compiler.h"

struct dp_packet;
struct ds;

/* Byte order. */

typedef uint16_t ovs_be16;
typedef uint32_t ovs_be32;
typedef uint64_t ovs_be64;

static inline ovs_be64
htonll(uint64_t x)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return x;
#else
    return __builtin_bswap64(x);
#endif
}

static inline uint64_t
ntohll(ovs_be64 x)
{
    return htonll(x);
}

/* Constants in network byte order, usable in static initializers and
 * switch labels. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define CONSTANT_HTONS(X) ((ovs_be16) (X))
#define CONSTANT_HTONL(X) ((ovs_be32) (X))
#else
#define CONSTANT_HTONS(X) \
    ((ovs_be16) ((((uint16_t) (X) & 0xff) << 8) | ((uint16_t) (X) >> 8)))
#define CONSTANT_HTONL(X)                           \
    ((ovs_be32) ((((uint32_t) (X) & 0x000000ffU) << 24) |  \
                 (((uint32_t) (X) & 0x0000ff00U) << 8) |   \
                 (((uint32_t) (X) & 0x00ff0000U) >> 8) |   \
                 (((uint32_t) (X) & 0xff000000U) >> 24)))
#endif

/* A 32-bit big-endian value stored as two 16-bit halves, so that a struct
 * containing it needs only 2-byte alignment. */
typedef struct {
    ovs_be16 be16[2];           /* Bytes in network order; use the get_
                                 * and put_ helpers below. */
} ovs_16aligned_be32;

static inline ovs_be32
get_16aligned_be32(const ovs_16aligned_be32 *x)
{
    ovs_be32 v;
    memcpy(&v, x, sizeof v);
    return v;
}

static inline void
put_16aligned_be32(ovs_16aligned_be32 *x, ovs_be32 v)
{
    memcpy(x, &v, sizeof v);
}

/* Unaligned reads and writes of network-order values at any address. */
static inline ovs_be16
packet_get_be16(const void *p)
{
    ovs_be16 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline ovs_be32
packet_get_be32(const void *p)
{
    ovs_be32 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void
packet_put_be16(void *p, ovs_be16 v)
{
    memcpy(p, &v, sizeof v);
}

static inline void
packet_put_be32(void *p, ovs_be32 v)
{
    memcpy(p, &v, sizeof v);
}

/* Ethernet addresses. */

#define ETH_ADDR_LEN 6

struct eth_addr {
    uint8_t ea[ETH_ADDR_LEN];
};

#define ETH_ADDR_C(A, B, C, D, E, F) \
    { { 0x##A, 0x##B, 0x##C, 0x##D, 0x##E, 0x##F } }

static const struct eth_addr eth_addr_zero = { { 0, 0, 0, 0, 0, 0 } };
static const struct eth_addr eth_addr_broadcast =
    { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
static const struct eth_addr eth_addr_exact =
    { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

static inline bool
eth_addr_equals(struct eth_addr a, struct eth_addr b)
{
    return !memcmp(a.ea, b.ea, ETH_ADDR_LEN);
}

static inline bool
eth_addr_is_zero(struct eth_addr a)
{
    return eth_addr_equals(a, eth_addr_zero);
}

static inline bool
eth_addr_is_broadcast(struct eth_addr a)
{
    return eth_addr_equals(a, eth_addr_broadcast);
}

/* True for multicast and broadcast (the group bit). */
static inline bool
eth_addr_is_multicast(struct eth_addr a)
{
    return a.ea[0] & 1;
}

static inline bool
eth_addr_is_local(struct eth_addr a)
{
    return (a.ea[0] & 2) && !eth_addr_is_multicast(a);
}

static inline struct eth_addr
eth_addr_bitand(struct eth_addr a, struct eth_addr b)
{
    struct eth_addr r;
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        r.ea[i] = a.ea[i] & b.ea[i];
    }
    return r;
}

static inline uint64_t
eth_addr_to_uint64(struct eth_addr a)
{
    uint64_t v = 0;
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        v = (v << 8) | a.ea[i];
    }
    return v;
}

static inline struct eth_addr
eth_addr_from_uint64(uint64_t v)
{
    struct eth_addr a;
    for (int i = ETH_ADDR_LEN - 1; i >= 0; i--) {
        a.ea[i] = v;
        v >>= 8;
    }
    return a;
}

/* printf() support: printf("%"ETH_ADDR_FMT, ETH_ADDR_ARGS(mac)) prints
 * "xx:xx:xx:xx:xx:xx" in lowercase. */
#define ETH_ADDR_FMT                                                    \
    "%02"PRIx8":%02"PRIx8":%02"PRIx8":%02"PRIx8":%02"PRIx8":%02"PRIx8
#define ETH_ADDR_ARGS(EA)                                               \
    (EA).ea[0], (EA).ea[1], (EA).ea[2], (EA).ea[3], (EA).ea[4], (EA).ea[5]
/* Length of the formatted string, without the null terminator. */
#define ETH_ADDR_STRLEN 17

/* Parses "xx:xx:xx:xx:xx:xx" (1 or 2 hex digits per byte, '-' also
 * accepted as separator) from the whole of 's' into '*ea'.  Returns false
 * (and zeroes '*ea') if 's' is not such an address. */
bool eth_addr_from_string(const char *s, struct eth_addr *ea);

/* Like eth_addr_from_string(), but also accepts "ADDR/MASK" with MASK in
 * the same syntax; without a mask '*mask' is all-ones.  Returns NULL, or
 * an error message that the caller must free(). */
char *eth_addr_parse_masked(const char *s, struct eth_addr *ea,
                            struct eth_addr *mask)
    OVS_WARN_UNUSED_RESULT;

/* Appends "xx:xx:xx:xx:xx:xx" to 's'. */
void eth_format_addr(struct ds *s, struct eth_addr ea);

/* Appends ADDR, or ADDR/MASK unless 'mask' is all-ones, to 's'. */
void eth_format_masked(struct ds *s, struct eth_addr ea,
                       const struct eth_addr *mask);

/* Ethernet. */

#define ETH_HEADER_LEN 14
#define ETH_PAYLOAD_MIN 46
#define ETH_PAYLOAD_MAX 1500
#define ETH_TOTAL_MIN (ETH_HEADER_LEN + ETH_PAYLOAD_MIN)
#define ETH_TOTAL_MAX (ETH_HEADER_LEN + ETH_PAYLOAD_MAX)
#define ETH_VLAN_TOTAL_MAX (ETH_HEADER_LEN + VLAN_HEADER_LEN + ETH_PAYLOAD_MAX)

/* Ethertypes (host byte order). */
#define ETH_TYPE_IP            0x0800
#define ETH_TYPE_ARP           0x0806
#define ETH_TYPE_TEB           0x6558   /* Transparent Ethernet bridging. */
#define ETH_TYPE_VLAN_8021Q    0x8100
#define ETH_TYPE_VLAN          ETH_TYPE_VLAN_8021Q
#define ETH_TYPE_VLAN_8021AD   0x88a8
#define ETH_TYPE_IPV6          0x86dd
#define ETH_TYPE_LACP          0x8809
#define ETH_TYPE_RARP          0x8035
#define ETH_TYPE_MPLS          0x8847
#define ETH_TYPE_MPLS_MCAST    0x8848
#define ETH_TYPE_NSH           0x894f

/* A value of the type/length field below this is an 802.3 length. */
#define ETH_TYPE_MIN           0x0600

/* The dl_type that a flow gets for an 802.3 frame without a SNAP header
 * (OpenFlow's OFP_DL_TYPE_NOT_ETH_TYPE). */
#define FLOW_DL_TYPE_NONE      0x05ff

static inline bool
eth_type_mpls(ovs_be16 eth_type)
{
    return eth_type == htons(ETH_TYPE_MPLS)
        || eth_type == htons(ETH_TYPE_MPLS_MCAST);
}

static inline bool
eth_type_vlan(ovs_be16 eth_type)
{
    return eth_type == htons(ETH_TYPE_VLAN_8021Q)
        || eth_type == htons(ETH_TYPE_VLAN_8021AD);
}

struct eth_header {
    struct eth_addr eth_dst;
    struct eth_addr eth_src;
    ovs_be16 eth_type;
};
_Static_assert(sizeof(struct eth_header) == ETH_HEADER_LEN, "eth_header");

/* IEEE 802.2 LLC and SNAP, as found after an 802.3 length field. */
#define LLC_DSAP_SNAP 0xaa
#define LLC_SSAP_SNAP 0xaa
#define LLC_CNTL_SNAP 3
#define LLC_HEADER_LEN 3
#define SNAP_HEADER_LEN 5
#define LLC_SNAP_HEADER_LEN (LLC_HEADER_LEN + SNAP_HEADER_LEN)

struct llc_snap_header {
    uint8_t llc_dsap;
    uint8_t llc_ssap;
    uint8_t llc_cntl;
    uint8_t snap_org[3];
    ovs_be16 snap_type;
};
_Static_assert(sizeof(struct llc_snap_header) == LLC_SNAP_HEADER_LEN,
               "llc_snap_header");

/* VLAN tags (802.1Q, and 802.1ad service tags with the same layout). */

#define VLAN_HEADER_LEN 4

#define VLAN_VID_MASK  0x0fff
#define VLAN_VID_SHIFT 0
#define VLAN_PCP_MASK  0xe000
#define VLAN_PCP_SHIFT 13
/* The CFI/DEI bit.  In a flow's vlan TCI it means "a tag is present"
 * (OpenFlow's convention), since a CFI of 1 is never seen on Ethernet. */
#define VLAN_CFI       0x1000
#define VLAN_CFI_SHIFT 12

/* The tag after the Ethernet addresses: TPID then TCI, then the next
 * type. */
struct vlan_header {
    ovs_be16 vlan_tci;
    ovs_be16 vlan_next_type;
};
_Static_assert(sizeof(struct vlan_header) == VLAN_HEADER_LEN, "vlan");

struct vlan_eth_header {
    struct eth_addr veth_dst;
    struct eth_addr veth_src;
    ovs_be16 veth_type;         /* TPID. */
    ovs_be16 veth_tci;
    ovs_be16 veth_next_type;
};
_Static_assert(sizeof(struct vlan_eth_header) == 18, "vlan_eth_header");

static inline uint16_t
vlan_tci_to_vid(ovs_be16 tci)
{
    return ntohs(tci) & VLAN_VID_MASK;
}

static inline int
vlan_tci_to_pcp(ovs_be16 tci)
{
    return (ntohs(tci) & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT;
}

/* MPLS. */

#define MPLS_HLEN 4

#define MPLS_LABEL_MASK  0xfffff000
#define MPLS_LABEL_SHIFT 12
#define MPLS_TC_MASK     0x00000e00
#define MPLS_TC_SHIFT    9
#define MPLS_BOS_MASK    0x00000100
#define MPLS_BOS_SHIFT   8
#define MPLS_TTL_MASK    0x000000ff
#define MPLS_TTL_SHIFT   0

struct mpls_hdr {
    ovs_16aligned_be32 mpls_lse;
};

static inline uint32_t
mpls_lse_to_label(ovs_be32 lse)
{
    return (ntohl(lse) & MPLS_LABEL_MASK) >> MPLS_LABEL_SHIFT;
}

static inline uint8_t
mpls_lse_to_tc(ovs_be32 lse)
{
    return (ntohl(lse) & MPLS_TC_MASK) >> MPLS_TC_SHIFT;
}

static inline uint8_t
mpls_lse_to_bos(ovs_be32 lse)
{
    return (ntohl(lse) & MPLS_BOS_MASK) != 0;
}

static inline uint8_t
mpls_lse_to_ttl(ovs_be32 lse)
{
    return ntohl(lse) & MPLS_TTL_MASK;
}

static inline ovs_be32
mpls_lse_build(uint32_t label, uint8_t tc, bool bos, uint8_t ttl)
{
    return htonl((label << MPLS_LABEL_SHIFT) & MPLS_LABEL_MASK)
        | htonl((tc << MPLS_TC_SHIFT) & MPLS_TC_MASK)
        | htonl(bos ? MPLS_BOS_MASK : 0)
        | htonl(ttl);
}

/* ARP (for Ethernet and IPv4 only, the only kind a flow parses). */

#define ARP_HRD_ETHERNET 1
#define ARP_PRO_IP       0x0800
#define ARP_OP_REQUEST   1
#define ARP_OP_REPLY     2
#define ARP_OP_RARP      3
#define ARP_ETH_HEADER_LEN 28

struct arp_eth_header {
    ovs_be16 ar_hrd;            /* ARP_HRD_ETHERNET. */
    ovs_be16 ar_pro;            /* ARP_PRO_IP. */
    uint8_t ar_hln;             /* 6. */
    uint8_t ar_pln;             /* 4. */
    ovs_be16 ar_op;             /* ARP_OP_*. */
    struct eth_addr ar_sha;
    ovs_16aligned_be32 ar_spa;
    struct eth_addr ar_tha;
    ovs_16aligned_be32 ar_tpa;
};
_Static_assert(sizeof(struct arp_eth_header) == ARP_ETH_HEADER_LEN, "arp");

/* IPv4. */

#define IP_HEADER_LEN 20
#define IP_VERSION 4

#define IP_VER(IHL_VER) ((IHL_VER) >> 4)
#define IP_IHL(IHL_VER) ((IHL_VER) & 0x0f)
#define IP_IHL_VER(IHL, VER) (((VER) << 4) | (IHL))

#define IP_DSCP_MASK 0xfc
#define IP_ECN_MASK 0x03
#define IP_ECN_NOT_ECT 0x0
#define IP_ECN_ECT_1 0x01
#define IP_ECN_ECT_0 0x02
#define IP_ECN_CE 0x03

/* ip_frag_off bits (host order). */
#define IP_DONT_FRAGMENT  0x4000
#define IP_MORE_FRAGMENTS 0x2000
#define IP_FRAG_OFF_MASK  0x1fff

#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif
#ifndef IPPROTO_IGMP
#define IPPROTO_IGMP 2
#endif

struct ip_header {
    uint8_t ip_ihl_ver;
    uint8_t ip_tos;
    ovs_be16 ip_tot_len;
    ovs_be16 ip_id;
    ovs_be16 ip_frag_off;
    uint8_t ip_ttl;
    uint8_t ip_proto;
    ovs_be16 ip_csum;
    ovs_16aligned_be32 ip_src;
    ovs_16aligned_be32 ip_dst;
};
_Static_assert(sizeof(struct ip_header) == IP_HEADER_LEN, "ip_header");

static inline bool
ip_is_multicast(ovs_be32 ip)
{
    return (ip & htonl(0xf0000000)) == htonl(0xe0000000);
}

/* printf() support: printf("%"IP_FMT, IP_ARGS(ip)) with 'ip' an
 * ovs_be32. */
#define IP_FMT "%"PRIu32".%"PRIu32".%"PRIu32".%"PRIu32
#define IP_ARGS(IP)                             \
    (ntohl(IP) >> 24),                          \
    ((ntohl(IP) >> 16) & 0xff),                 \
    ((ntohl(IP) >> 8) & 0xff),                  \
    (ntohl(IP) & 0xff)

/* True if 'netmask' is a CIDR mask (ones then zeros). */
bool ip_is_cidr(ovs_be32 netmask);

/* Number of leading one bits of a CIDR mask. */
int ip_count_cidr_bits(ovs_be32 netmask);

/* Returns the CIDR mask with 'plen' (0...32) leading ones. */
ovs_be32 be32_prefix_mask(int plen);

/* Parses a dotted-quad IPv4 address (the whole string).  Returns false if
 * it is not one. */
bool ip_parse(const char *s, ovs_be32 *ip);

/* Parses "IP", "IP/MASK" (dotted quad) or "IP/PLEN" (0...32).  Without a
 * mask '*mask' is all-ones.  Returns NULL, or an error message that the
 * caller must free(). */
char *ip_parse_masked(const char *s, ovs_be32 *ip, ovs_be32 *mask)
    OVS_WARN_UNUSED_RESULT;

/* Appends IP, IP/PLEN for a CIDR mask or IP/MASK otherwise; just IP if the
 * mask is all-ones. */
void ip_format_masked(ovs_be32 ip, ovs_be32 mask, struct ds *s);

/* IPv6. */

#define IPV6_HEADER_LEN 40
#define IPV6_LABEL_MASK 0x000fffff
#define IPV6_SCAN_LEN 46        /* INET6_ADDRSTRLEN */

/* Next-header values for extension headers. */
#ifndef IPPROTO_HOPOPTS
#define IPPROTO_HOPOPTS 0
#endif
#ifndef IPPROTO_ROUTING
#define IPPROTO_ROUTING 43
#endif
#ifndef IPPROTO_FRAGMENT
#define IPPROTO_FRAGMENT 44
#endif
#ifndef IPPROTO_AH
#define IPPROTO_AH 51
#endif
#ifndef IPPROTO_ESP
#define IPPROTO_ESP 50
#endif
#ifndef IPPROTO_NONE
#define IPPROTO_NONE 59
#endif
#ifndef IPPROTO_DSTOPTS
#define IPPROTO_DSTOPTS 60
#endif

union ovs_16aligned_in6_addr {
    ovs_be16 be16[8];
    ovs_16aligned_be32 be32[4];
};

struct ovs_16aligned_ip6_hdr {
    ovs_16aligned_be32 ip6_flow;  /* Version 4 bits, tclass 8, label 20. */
    ovs_be16 ip6_plen;
    uint8_t ip6_nxt;
    uint8_t ip6_hlim;
    union ovs_16aligned_in6_addr ip6_src;
    union ovs_16aligned_in6_addr ip6_dst;
};
_Static_assert(sizeof(struct ovs_16aligned_ip6_hdr) == IPV6_HEADER_LEN,
               "ip6_hdr");

/* Generic extension header (hop-by-hop, routing, destination options):
 * length in 8-octet units, not counting the first 8.  AH counts 4-octet
 * units not counting the first 2 (RFC 4302). */
struct ip6_ext_header {
    uint8_t ip6e_nxt;
    uint8_t ip6e_len;
};

/* Fragment header. */
#define IP6_FRAG_HEADER_LEN 8
#define IP6F_OFF_MASK   0xfff8  /* ip6f_offlg, host order. */
#define IP6F_MORE_FRAG  0x0001

struct ovs_16aligned_ip6_frag {
    uint8_t ip6f_nxt;
    uint8_t ip6f_reserved;
    ovs_be16 ip6f_offlg;
    ovs_16aligned_be32 ip6f_ident;
};
_Static_assert(sizeof(struct ovs_16aligned_ip6_frag) == IP6_FRAG_HEADER_LEN,
               "ip6_frag");

static inline struct in6_addr
in6_addr_get(const union ovs_16aligned_in6_addr *a)
{
    struct in6_addr r;
    memcpy(&r, a, sizeof r);
    return r;
}

static inline void
in6_addr_put(union ovs_16aligned_in6_addr *dst, const struct in6_addr *a)
{
    memcpy(dst, a, sizeof *dst);
}

static const struct in6_addr in6addr_exact = {
    { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } } };

static inline bool
ipv6_addr_equals(const struct in6_addr *a, const struct in6_addr *b)
{
    return !memcmp(a, b, sizeof *a);
}

static inline bool
ipv6_is_zero(const struct in6_addr *a)
{
    return ipv6_addr_equals(a, &in6addr_any);
}

static inline bool
ipv6_is_all_ones(const struct in6_addr *a)
{
    return ipv6_addr_equals(a, &in6addr_exact);
}

struct in6_addr ipv6_addr_bitand(const struct in6_addr *a,
                                 const struct in6_addr *b);

/* The CIDR mask with 'plen' (0...128) leading ones. */
struct in6_addr ipv6_create_mask(int plen);

/* True if 'mask' is ones then zeros; ipv6_count_cidr_bits() counts the
 * ones. */
bool ipv6_is_cidr(const struct in6_addr *mask);
int ipv6_count_cidr_bits(const struct in6_addr *mask);

/* Parses an IPv6 address in any RFC 4291 text form (the whole string).
 * Returns false if it is not one. */
bool ipv6_parse(const char *s, struct in6_addr *ip);

/* Parses "IP6", "IP6/MASK6" or "IP6/PLEN" (0...128).  Without a mask
 * '*mask' is all-ones.  Returns NULL or an error message the caller must
 * free(). */
char *ipv6_parse_masked(const char *s, struct in6_addr *ip,
                        struct in6_addr *mask)
    OVS_WARN_UNUSED_RESULT;

/* Appends the RFC 5952 text form of 'ip' (as inet_ntop() writes it). */
void ipv6_format_addr(const struct in6_addr *ip, struct ds *s);

/* Appends IP6, IP6/PLEN for a CIDR mask or IP6/MASK6 otherwise; just IP6
 * if the mask is all-ones. */
void ipv6_format_masked(const struct in6_addr *ip,
                        const struct in6_addr *mask, struct ds *s);

/* ICMP (IPv4). */

#define ICMP_HEADER_LEN 8

#define ICMP4_ECHO_REPLY      0
#define ICMP4_DST_UNREACH     3
#define ICMP4_REDIRECT        5
#define ICMP4_ECHO_REQUEST    8
#define ICMP4_TIME_EXCEEDED  11

struct icmp_header {
    uint8_t icmp_type;
    uint8_t icmp_code;
    ovs_be16 icmp_csum;
    ovs_be16 icmp_id;           /* For echo; otherwise unused/other data. */
    ovs_be16 icmp_seq;
};
_Static_assert(sizeof(struct icmp_header) == ICMP_HEADER_LEN, "icmp");

/* ICMPv6 and neighbour discovery (RFC 4443, RFC 4861). */

#define ICMP6_HEADER_LEN 4

#define ICMP6_DST_UNREACH        1
#define ICMP6_PACKET_TOO_BIG     2
#define ICMP6_TIME_EXCEEDED      3
#define ICMP6_ECHO_REQUEST     128
#define ICMP6_ECHO_REPLY       129
#define ND_ROUTER_SOLICIT      133
#define ND_ROUTER_ADVERT       134
#define ND_NEIGHBOR_SOLICIT    135
#define ND_NEIGHBOR_ADVERT     136

/* ND options. */
#define ND_OPT_SOURCE_LINKADDR 1
#define ND_OPT_TARGET_LINKADDR 2

struct icmp6_header {
    uint8_t icmp6_type;
    uint8_t icmp6_code;
    ovs_be16 icmp6_cksum;
};
_Static_assert(sizeof(struct icmp6_header) == ICMP6_HEADER_LEN, "icmp6");

/* Neighbour solicitation/advertisement: ICMPv6 header, 4 bytes of flags
 * (reserved in a solicitation), target address, then options. */
#define ND_MSG_LEN 24
struct ovs_nd_msg {
    struct icmp6_header icmph;
    ovs_16aligned_be32 rso_flags;
    union ovs_16aligned_in6_addr target;
};
_Static_assert(sizeof(struct ovs_nd_msg) == ND_MSG_LEN, "nd_msg");

#define ND_RSO_ROUTER    0x80000000
#define ND_RSO_SOLICITED 0x40000000
#define ND_RSO_OVERRIDE  0x20000000

/* An option header; 'len' counts 8-octet units and includes the header.
 * A link-layer address option for Ethernet is 8 bytes long. */
#define ND_LLA_OPT_LEN 8
struct ovs_nd_lla_opt {
    uint8_t type;
    uint8_t len;
    struct eth_addr mac;
};
_Static_assert(sizeof(struct ovs_nd_lla_opt) == ND_LLA_OPT_LEN, "nd_opt");

/* TCP. */

#define TCP_HEADER_LEN 20

/* TCP flag bits, as in the low 12 bits of tcp_ctl (host order). */
#define TCP_FIN 0x001
#define TCP_SYN 0x002
#define TCP_RST 0x004
#define TCP_PSH 0x008
#define TCP_ACK 0x010
#define TCP_URG 0x020
#define TCP_ECE 0x040
#define TCP_CWR 0x080
#define TCP_NS  0x100
#define TCP_FLAGS_MASK 0x0fff

#define TCP_CTL(FLAGS, OFFSET) htons(((OFFSET) << 12) | (FLAGS))
#define TCP_FLAGS(TCP_CTL) (ntohs(TCP_CTL) & TCP_FLAGS_MASK)
#define TCP_FLAGS_BE16(TCP_CTL) ((TCP_CTL) & htons(TCP_FLAGS_MASK))
#define TCP_OFFSET(TCP_CTL) (ntohs(TCP_CTL) >> 12)

struct tcp_header {
    ovs_be16 tcp_src;
    ovs_be16 tcp_dst;
    ovs_16aligned_be32 tcp_seq;
    ovs_16aligned_be32 tcp_ack;
    ovs_be16 tcp_ctl;           /* Data offset (4 bits) and flags. */
    ovs_be16 tcp_winsz;
    ovs_be16 tcp_csum;
    ovs_be16 tcp_urg;
};
_Static_assert(sizeof(struct tcp_header) == TCP_HEADER_LEN, "tcp");

/* UDP. */

#define UDP_HEADER_LEN 8

struct udp_header {
    ovs_be16 udp_src;
    ovs_be16 udp_dst;
    ovs_be16 udp_len;
    ovs_be16 udp_csum;
};
_Static_assert(sizeof(struct udp_header) == UDP_HEADER_LEN, "udp");

/* SCTP (RFC 4960); the checksum is CRC32c, not the Internet checksum. */

#define SCTP_HEADER_LEN 12

struct sctp_header {
    ovs_be16 sctp_src;
    ovs_be16 sctp_dst;
    ovs_16aligned_be32 sctp_vtag;
    ovs_16aligned_be32 sctp_csum;
};
_Static_assert(sizeof(struct sctp_header) == SCTP_HEADER_LEN, "sctp");

/* CRC32c over 'n' bytes, as an SCTP checksum field holds it. */
ovs_be32 crc32c(const void *data, size_t n);

/* The Internet checksum (RFC 1071).
 *
 * A "partial" checksum is a 32-bit running sum of 16-bit words in network
 * order, not yet folded or complemented; csum_finish() turns it into the
 * value for a checksum field.  The sums are done on the bytes as they lie
 * in memory, so the results are already in network byte order. */

/* Returns the checksum of the 'n' bytes at 'data'. */
ovs_be16 csum(const void *data, size_t n);

/* Adds the 'n' bytes at 'data' to 'partial' and returns the new partial
 * sum.  Only the last chunk may have an odd length. */
uint32_t csum_continue(uint32_t partial, const void *data, size_t n);

/* Adds a 16-bit or 32-bit network-order value to 'partial'. */
uint32_t csum_add16(uint32_t partial, ovs_be16 v);
uint32_t csum_add32(uint32_t partial, ovs_be32 v);

/* Folds and complements 'partial' into a checksum field value. */
ovs_be16 csum_finish(uint32_t partial);

/* Incremental update (RFC 1624): given checksum field 'old_csum' over data
 * in which the 16-bit (32-bit) word 'old' changes to 'new', returns the
 * new checksum field value. */
ovs_be16 recalc_csum16(ovs_be16 old_csum, ovs_be16 old_u16, ovs_be16 new_u16);
ovs_be16 recalc_csum32(ovs_be16 old_csum, ovs_be32 old_u32, ovs_be32 new_u32);
ovs_be16 recalc_csum128(ovs_be16 old_csum, const struct in6_addr *old_a,
                        const struct in6_addr *new_a);

/* The partial sum of the TCP/UDP pseudo-header for IPv4 header 'ip'
 * (source, destination, protocol and the L4 length derived from
 * ip_tot_len and the header length). */
uint32_t packet_csum_pseudoheader(const struct ip_header *ip);

/* The same for IPv6 header 'ip6', with upper-layer length 'l4_len' and
 * next header 'proto' (which may differ from ip6_nxt when extension
 * headers come first). */
uint32_t packet_csum_pseudoheader6(const struct ovs_16aligned_ip6_hdr *ip6,
                                   uint32_t l4_len, uint8_t proto);

/* Packet composers, for tests and for generated packets (ARP replies,
 * ND advertisements, probes).
 *
 * Fill in a struct packet_spec (zero-initialised, then set what matters)
 * and call packet_compose().  The result is an Ethernet frame, optionally
 * with one or two VLAN tags, carrying IPv4 or IPv6 with TCP, UDP, SCTP,
 * ICMP/ICMPv6 or a bare payload, with correct lengths and checksums.  The
 * payload is 'payload_len' bytes of a counting pattern. */
struct packet_spec {
    struct eth_addr dl_src, dl_dst;

    /* VLAN tags, outermost first.  A tag is added when its TCI has
     * VLAN_CFI set (which is then cleared in the packet); its TPID is
     * 'vlan_tpid' (0 means 0x8100). */
    ovs_be16 vlan_tci[2];
    ovs_be16 vlan_tpid[2];

    /* Network layer: ETH_TYPE_IP or ETH_TYPE_IPV6 (host order), or any
     * other ethertype for an Ethernet header followed by the payload. */
    uint16_t dl_type;
    ovs_be32 nw_src, nw_dst;                /* IPv4. */
    struct in6_addr ipv6_src, ipv6_dst;     /* IPv6. */
    uint32_t ipv6_label;                    /* Host order, 20 bits. */
    uint8_t nw_proto;           /* IPPROTO_TCP/UDP/SCTP/ICMP/ICMPV6. */
    uint8_t nw_tos;             /* DSCP and ECN. */
    uint8_t nw_ttl;             /* 0 means 64. */
    uint16_t ip_frag_off;       /* IPv4 frag field, host order (DF/MF). */

    /* Transport layer (host order). */
    uint16_t tp_src, tp_dst;    /* TCP/UDP/SCTP ports; ICMP type/code. */
    uint16_t tcp_flags;         /* 0 means TCP_ACK. */

    size_t payload_len;
};

/* Appends the packet described by 'spec' to 'p' (normally empty), and sets
 * its l3/l4 offsets. */
void packet_compose(struct dp_packet *p, const struct packet_spec *spec);

/* Appends an Ethernet ARP packet with operation 'op' (ARP_OP_*). */
void packet_compose_arp(struct dp_packet *p, uint16_t op,
                        struct eth_addr eth_src, struct eth_addr eth_dst,
                        struct eth_addr arp_sha, ovs_be32 arp_spa,
                        struct eth_addr arp_tha, ovs_be32 arp_tpa);

/* Appends an ICMPv6 neighbour solicitation (type ND_NEIGHBOR_SOLICIT,
 * with a source link-layer option if 'lla' is nonzero) or advertisement
 * (ND_NEIGHBOR_ADVERT, with a target link-layer option) for 'target'. */
void packet_compose_nd(struct dp_packet *p, uint8_t type,
                       struct eth_addr eth_src, struct eth_addr eth_dst,
                       const struct in6_addr *ipv6_src,
                       const struct in6_addr *ipv6_dst,
                       const struct in6_addr *target, struct eth_addr lla);

#endif /* packets.h */
