/* flow.h -- the flow key: what a datapath and OpenFlow match packets on.
 *
 * A "struct flow" holds every header and metadata field that a packet can
 * be matched on (the fields of ovs-fields(7) that this switch supports).
 * flow_extract() fills one in from a packet; the userspace datapath uses
 * it as the key of its flow cache, and the OpenFlow layer matches it
 * against rules.
 *
 * Layout: the struct is a whole number of 64-bit words (FLOW_U64S) with no
 * implicit padding, and every byte of it, padding included, is defined
 * (flow_extract() zeroes the whole struct first).  Hashing, comparing and
 * masking therefore work word by word on the struct as an array of
 * uint64_t (flow_u64()), without knowing the fields.  Fields are grouped
 * so that the ones used together share words:
 *
 *   words  0-6   tunnel metadata (struct flow_tnl)
 *   word   7     metadata (OpenFlow "metadata" register)
 *   words  8-15  regs[0..15] (OpenFlow/Nicira registers)
 *   words 16-19  skb_priority, pkt_mark, recirc_id, dp_hash, in_port,
 *                ct_zone, ct_state, ct_mark, conj_id
 *   words 20-21  ct_label
 *   words 22-23  dl_dst, dl_src, dl_type
 *   word  24     vlans[0..1] (TPID + TCI each)
 *   words 25-26  mpls_lse[0..2] (+ pad)
 *   word  27     nw_src, nw_dst (IPv4, or ARP SPA/TPA)
 *   words 28-31  ipv6_src, ipv6_dst
 *   word  32     ipv6_label, nw_frag, nw_tos, nw_ttl, nw_proto
 *   words 33-34  nd_target
 *   words 35-36  arp_sha, arp_tha, tcp_flags
 *   word  37     tp_src, tp_dst
 *
 * Byte order: fields declared ovs_be* hold network byte order, the others
 * host byte order.
 *
 * Overlapping uses, as in OpenFlow: for ARP, nw_src/nw_dst hold the
 * sender/target protocol addresses and nw_proto the low 8 bits of the
 * opcode; for ICMP and ICMPv6, tp_src/tp_dst hold the type and code; for
 * IPv6 neighbour discovery, arp_sha/arp_tha hold the source and target
 * link-layer addresses (nd_sll, nd_tll).
 *
 * VLANs: vlans[0] is the outermost tag.  A present tag has VLAN_CFI set in
 * its TCI (a CFI of 1 never occurs on Ethernet, so OpenFlow uses it to mean
 * "present"); an absent tag is all-zero.  'dl_type' is the Ethertype after
 * the tags.
 *
 * A "struct flow_wildcards" is a mask with the same layout (1-bits are
 * matched).  A "struct match" (a flow plus such a mask), field access by
 * name, and the ovs-ofctl text syntax are in match.h. */
#ifndef FLOW_H
#define FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "packets.h"

struct dp_packet;
struct ds;

/* OpenFlow port numbers, in the 16-bit space of OpenFlow 1.0 (OpenFlow
 * 1.1+ numbers map to it by subtracting 0xffff0000 from the reserved
 * ones).  Used for flow->in_port in OpenFlow flows; in datapath flows
 * in_port is a datapath port number instead. */
#ifndef OFPP_MAX
#define OFPP_MAX        0xff00  /* Highest ordinary port, plus one. */
#define OFPP_UNSET      0xfff7  /* Internal: "not set". */
#define OFPP_IN_PORT    0xfff8
#define OFPP_TABLE      0xfff9
#define OFPP_NORMAL     0xfffa
#define OFPP_FLOOD      0xfffb
#define OFPP_ALL        0xfffc
#define OFPP_CONTROLLER 0xfffd
#define OFPP_LOCAL      0xfffe
#define OFPP_NONE       0xffff  /* Also printed "ANY". */
#endif

/* Default OpenFlow flow priority; match_format() does not print it. */
#define OFP_DEFAULT_PRIORITY 0x8000

#define FLOW_N_REGS 16
#define FLOW_MAX_VLAN_HEADERS 2
#define FLOW_MAX_MPLS_LABELS 3

/* flow->nw_frag bits. */
#define FLOW_NW_FRAG_ANY   (1 << 0)  /* A fragment (first or later). */
#define FLOW_NW_FRAG_LATER (1 << 1)  /* Not the first fragment. */
#define FLOW_NW_FRAG_MASK  (FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER)

/* flow->ct_state bits (ovs-fields(7) "ct_state"). */
#define CS_NEW         0x01
#define CS_ESTABLISHED 0x02
#define CS_RELATED     0x04
#define CS_REPLY_DIR   0x08
#define CS_INVALID     0x10
#define CS_TRACKED     0x20
#define CS_SRC_NAT     0x40
#define CS_DST_NAT     0x80
#define CS_SUPPORTED_MASK 0xff

/* flow_tnl.flags bits.  Only FLOW_TNL_F_OAM is visible to OpenFlow (as
 * "tun_flags"); the others are internal to tunnel encapsulation. */
#define FLOW_TNL_F_OAM           (1 << 0)
#define FLOW_TNL_F_DONT_FRAGMENT (1 << 1)
#define FLOW_TNL_F_CSUM          (1 << 2)
#define FLOW_TNL_F_KEY           (1 << 3)
#define FLOW_TNL_PUB_F_MASK      FLOW_TNL_F_OAM

/* Tunnel metadata: the outer header of a packet received on a tunnel
 * port, or the one to push on output (set_field to tun_*). */
struct flow_tnl {
    ovs_be64 tun_id;                /* VXLAN VNI, GRE key, Geneve VNI. */
    ovs_be32 ip_src;                /* Outer IPv4, or 0. */
    ovs_be32 ip_dst;
    struct in6_addr ipv6_src;       /* Outer IPv6, or all zeros. */
    struct in6_addr ipv6_dst;
    uint16_t flags;                 /* FLOW_TNL_F_*. */
    uint8_t ip_tos;
    uint8_t ip_ttl;
    ovs_be16 tp_src;                /* Outer UDP ports, if any. */
    ovs_be16 tp_dst;
};
_Static_assert(sizeof(struct flow_tnl) == 56, "flow_tnl layout");

/* One VLAN tag as a flow holds it. */
struct flow_vlan_hdr {
    ovs_be16 tpid;                  /* ETH_TYPE_VLAN_8021Q or _8021AD. */
    ovs_be16 tci;                   /* VLAN_CFI set if present. */
};

struct flow {
    /* Metadata. */
    struct flow_tnl tunnel;         /* Tunnel metadata. */
    ovs_be64 metadata;              /* OpenFlow metadata. */
    uint32_t regs[FLOW_N_REGS];     /* Registers. */
    uint32_t skb_priority;          /* QoS priority. */
    uint32_t pkt_mark;              /* Packet mark. */
    uint32_t recirc_id;             /* Recirculation id. */
    uint32_t dp_hash;               /* Datapath-computed hash. */
    uint32_t in_port;               /* OpenFlow or datapath port. */
    uint16_t ct_zone;               /* Connection tracking zone. */
    uint8_t ct_state;               /* CS_*. */
    uint8_t pad1;
    uint32_t ct_mark;               /* Connection mark. */
    uint32_t conj_id;               /* Conjunction id (OpenFlow lookup
                                     * only; 0 in every packet). */
    ovs_be64 ct_label[2];           /* 128-bit label, big-endian. */

    /* Layer 2. */
    struct eth_addr dl_dst;
    struct eth_addr dl_src;
    ovs_be16 dl_type;               /* Ethertype (after VLAN tags). */
    uint8_t pad3[2];
    struct flow_vlan_hdr vlans[FLOW_MAX_VLAN_HEADERS];
    ovs_be32 mpls_lse[FLOW_MAX_MPLS_LABELS + 1]; /* Outermost first; the
                                                  * last is padding. */

    /* Layer 3. */
    ovs_be32 nw_src;                /* IPv4 source, or ARP SPA. */
    ovs_be32 nw_dst;                /* IPv4 destination, or ARP TPA. */
    struct in6_addr ipv6_src;
    struct in6_addr ipv6_dst;
    ovs_be32 ipv6_label;            /* 20-bit flow label. */
    uint8_t nw_frag;                /* FLOW_NW_FRAG_*. */
    uint8_t nw_tos;                 /* IPv4 TOS / IPv6 traffic class. */
    uint8_t nw_ttl;                 /* TTL / hop limit. */
    uint8_t nw_proto;               /* IP protocol, or ARP opcode. */
    struct in6_addr nd_target;      /* IPv6 ND target. */
    struct eth_addr arp_sha;        /* ARP SHA, or ND source LLA. */
    struct eth_addr arp_tha;        /* ARP THA, or ND target LLA. */
    ovs_be16 tcp_flags;             /* TCP flags (low 12 bits). */
    uint8_t pad4[2];

    /* Layer 4. */
    ovs_be16 tp_src;                /* TCP/UDP/SCTP port, ICMP type. */
    ovs_be16 tp_dst;                /* TCP/UDP/SCTP port, ICMP code. */
    uint32_t pad5;
};
_Static_assert(sizeof(struct flow) % sizeof(uint64_t) == 0,
               "struct flow must be a whole number of 64-bit words");
_Static_assert(sizeof(struct flow) == 38 * 8, "struct flow layout");

#define FLOW_U64S (sizeof(struct flow) / sizeof(uint64_t))

/* The flow as an array of FLOW_U64S words. */
static inline const uint64_t *
flow_u64(const struct flow *flow)
{
    return (const uint64_t *) flow;
}

/* Packet parsing. */

/* Parses the Ethernet frame in 'packet' into 'flow', which is entirely
 * overwritten: header fields from the packet's bytes, metadata from
 * packet->md (in_port, recirc_id, dp_hash, skb_priority, pkt_mark); the
 * tunnel, registers, metadata and conntrack fields are zero.
 *
 * Safe on any input: every header is length-checked before it is read.  A
 * header that is truncated ends parsing there, leaving its fields and
 * everything after it zero.  The results are those of Open vSwitch's
 * extractor, checked by tests/flow.at against "ovs-ofctl parse-pcap" on
 * thousands of mutated packets; notably:
 *
 *   - a frame shorter than 14 bytes gives an all-zero flow (but for
 *     metadata); a VLAN tag cut short makes its TPID the dl_type;
 *   - an 802.3 frame has dl_type 0x05ff unless LLC/SNAP with a zero OUI;
 *   - MPLS: up to three label stack entries, nothing after them;
 *   - IPv4: the version nibble is not checked; a bad header length or
 *     total length stops before L3; bytes past the total length are
 *     ignored;
 *   - IPv6: a truncated extension header leaves only the addresses; a
 *     later fragment reports nw_proto 44 (the fragment header);
 *   - an L4 header cut short keeps nw_proto but leaves the ports zero;
 *     ICMP and IGMP type/code go in tp_src/tp_dst for either IP version;
 *   - ND: either link-layer address option in either message; a bad or
 *     repeated option clears both addresses but keeps the target.
 *
 * Also sets the packet's l2_5_ofs (MPLS), l3_ofs and l4_ofs (UINT16_MAX
 * for absent layers). */
void flow_extract(struct dp_packet *packet, struct flow *flow);

/* Hashing and comparison. */

/* Hash of all FLOW_U64S words of 'flow'. */
uint32_t flow_hash(const struct flow *flow, uint32_t basis);

static inline bool
flow_equal(const struct flow *a, const struct flow *b)
{
    return !memcmp(a, b, sizeof *a);
}

/* Number of VLAN tags present in 'flow' (0, 1 or 2). */
int flow_count_vlan_headers(const struct flow *flow);

/* Number of MPLS labels in 'flow' (0...FLOW_MAX_MPLS_LABELS). */
int flow_count_mpls_labels(const struct flow *flow);

/* True if 'flow' is an IPv4 or IPv6 flow. */
static inline bool
is_ip_any(const struct flow *flow)
{
    return flow->dl_type == htons(ETH_TYPE_IP)
        || flow->dl_type == htons(ETH_TYPE_IPV6);
}

/* Wildcards: a mask over a flow.  1-bits are significant. */

struct flow_wildcards {
    struct flow masks;
};

/* Matches everything (all-zero mask). */
void flow_wildcards_init_catchall(struct flow_wildcards *wc);

/* Matches exactly every bit (all-ones mask, padding excluded). */
void flow_wildcards_init_exact(struct flow_wildcards *wc);

bool flow_wildcards_is_catchall(const struct flow_wildcards *wc);

/* '*dst' = 'a' & 'b' (the intersection of two flows' significant bits is
 * the union of their wildcards). */
void flow_wildcards_and(struct flow_wildcards *dst,
                        const struct flow_wildcards *a,
                        const struct flow_wildcards *b);

/* '*dst' = 'a' | 'b'. */
void flow_wildcards_or(struct flow_wildcards *dst,
                       const struct flow_wildcards *a,
                       const struct flow_wildcards *b);

/* Sets 'wc' to the fields of 'flow' that a packet with these headers
 * carries: the mask a datapath needs to match this packet exactly,
 * taking protocol into account (for example no tp_src for ARP).
 * Metadata fields are included only when nonzero in 'flow', except
 * in_port, which always is. */
void flow_wildcards_init_for_packet(struct flow_wildcards *wc,
                                    const struct flow *flow);

/* '*flow' &= 'wc' (zeroes the wildcarded bits). */
void flow_zero_wildcards(struct flow *flow, const struct flow_wildcards *wc);

/* Hash of 'flow' & 'wc'; equal to flow_hash() of the masked flow. */
uint32_t flow_hash_masked(const struct flow *flow,
                          const struct flow_wildcards *wc, uint32_t basis);

/* True if 'a' and 'b' agree on every bit that 'wc' marks significant. */
bool flow_equal_except(const struct flow *a, const struct flow *b,
                       const struct flow_wildcards *wc);

/* Formats 'flow' as a fully specified match for a packet, in the syntax
 * of ovs-ofctl (the same text as "ovs-ofctl parse-pcap" prints): the
 * fields of flow_wildcards_init_for_packet(). */
void flow_format(struct ds *s, const struct flow *flow);

/* Returns flow_format() output in a malloc()'d string. */
char *flow_to_string(const struct flow *flow);

#endif /* flow.h */
