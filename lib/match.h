/* match.h -- a flow plus a mask, the field table, and the ovs-ofctl text
 * syntax for matches.
 *
 * A "struct match" is what an OpenFlow rule or a datapath megaflow matches
 * on: the values in 'flow' are significant where 'wc' has 1-bits.  Every
 * matchable field is described once, in flow_fields[] (struct
 * flow_field): where its bits live in struct flow, how its value is
 * written, and its prerequisites (ovs-fields(7)).  Parsing, formatting and
 * normalising are driven by that table, and its order is the order in
 * which match_format() prints, the same as ovs-ofctl's.
 *
 * Implemented in match.c. */
#ifndef MATCH_H
#define MATCH_H 1

#include <stdbool.h>
#include <stdint.h>
#include "flow.h"

struct ds;

/* Matches. */

struct match {
    struct flow flow;               /* Invariant: flow == flow & wc. */
    struct flow_wildcards wc;
};

/* Initialises 'm' to match every packet. */
void match_init_catchall(struct match *m);

/* Initialises 'm' to match exactly the packet fields of 'flow' (those of
 * flow_wildcards_init_for_packet()). */
void match_init_for_packet(struct match *m, const struct flow *flow);

/* Initialises 'm' from 'flow' and 'wc' (masking the flow). */
void match_init(struct match *m, const struct flow *flow,
                const struct flow_wildcards *wc);

bool match_equal(const struct match *a, const struct match *b);
uint32_t match_hash(const struct match *m, uint32_t basis);

/* True if 'm' matches 'flow'. */
bool match_matches_flow(const struct match *m, const struct flow *flow);

/* Clears the fields of 'm' whose prerequisites (ovs-fields(7)) 'm' does
 * not meet, for example tp_src without an exact TCP/UDP/SCTP match.
 * Returns true if it changed anything. */
bool match_normalize(struct match *m);

/* Field setters.  Each sets the field's value and mask (a "_masked"
 * variant takes the mask; the others match exactly) and keeps the match
 * invariant (value bits outside the mask are cleared).  Multi-byte values
 * are in network order where the flow field is. */
void match_set_in_port(struct match *, uint32_t port);
void match_set_recirc_id(struct match *, uint32_t);
void match_set_conj_id(struct match *, uint32_t);
void match_set_dp_hash_masked(struct match *, uint32_t, uint32_t mask);
void match_set_skb_priority(struct match *, uint32_t);
void match_set_pkt_mark_masked(struct match *, uint32_t, uint32_t mask);
void match_set_reg_masked(struct match *, int idx, uint32_t,
                          uint32_t mask);
void match_set_metadata_masked(struct match *, ovs_be64, ovs_be64 mask);
void match_set_ct_state_masked(struct match *, uint8_t, uint8_t mask);
void match_set_ct_zone(struct match *, uint16_t);
void match_set_ct_mark_masked(struct match *, uint32_t, uint32_t mask);
void match_set_ct_label_masked(struct match *, const ovs_be64 value[2],
                               const ovs_be64 mask[2]);
void match_set_tun_id_masked(struct match *, ovs_be64, ovs_be64 mask);
void match_set_tun_src_masked(struct match *, ovs_be32, ovs_be32 mask);
void match_set_tun_dst_masked(struct match *, ovs_be32, ovs_be32 mask);
void match_set_tun_ipv6_src_masked(struct match *, const struct in6_addr *,
                                   const struct in6_addr *mask);
void match_set_tun_ipv6_dst_masked(struct match *, const struct in6_addr *,
                                   const struct in6_addr *mask);
void match_set_tun_flags_masked(struct match *, uint16_t, uint16_t mask);
void match_set_tun_tos_masked(struct match *, uint8_t, uint8_t mask);
void match_set_tun_ttl_masked(struct match *, uint8_t, uint8_t mask);
void match_set_dl_src_masked(struct match *, struct eth_addr,
                             struct eth_addr mask);
void match_set_dl_dst_masked(struct match *, struct eth_addr,
                             struct eth_addr mask);
void match_set_dl_type(struct match *, ovs_be16);
/* The outermost tag's TCI (with VLAN_CFI meaning "present"). */
void match_set_vlan_tci_masked(struct match *, ovs_be16, ovs_be16 mask);
/* dl_vlan: a VID (0...4095) matches packets with that tag; OFP_VLAN_NONE
 * (0xffff) matches packets without a tag. */
#define OFP_VLAN_NONE 0xffff
void match_set_dl_vlan(struct match *, uint16_t vid);
void match_set_dl_vlan_pcp(struct match *, uint8_t pcp);
void match_set_mpls_lse_masked(struct match *, int idx, ovs_be32,
                               ovs_be32 mask);
void match_set_nw_src_masked(struct match *, ovs_be32, ovs_be32 mask);
void match_set_nw_dst_masked(struct match *, ovs_be32, ovs_be32 mask);
void match_set_ipv6_src_masked(struct match *, const struct in6_addr *,
                               const struct in6_addr *mask);
void match_set_ipv6_dst_masked(struct match *, const struct in6_addr *,
                               const struct in6_addr *mask);
void match_set_ipv6_label_masked(struct match *, ovs_be32, ovs_be32 mask);
void match_set_nw_proto(struct match *, uint8_t);
void match_set_nw_dscp(struct match *, uint8_t tos); /* Upper 6 bits. */
void match_set_nw_ecn(struct match *, uint8_t ecn);  /* Lower 2 bits. */
void match_set_nw_ttl(struct match *, uint8_t);
void match_set_nw_frag_masked(struct match *, uint8_t, uint8_t mask);
void match_set_arp_opcode(struct match *, uint8_t);
void match_set_arp_sha_masked(struct match *, struct eth_addr,
                              struct eth_addr mask);
void match_set_arp_tha_masked(struct match *, struct eth_addr,
                              struct eth_addr mask);
void match_set_tp_src_masked(struct match *, ovs_be16, ovs_be16 mask);
void match_set_tp_dst_masked(struct match *, ovs_be16, ovs_be16 mask);
void match_set_tcp_flags_masked(struct match *, ovs_be16, ovs_be16 mask);
void match_set_icmp_type(struct match *, uint8_t);
void match_set_icmp_code(struct match *, uint8_t);
void match_set_nd_target_masked(struct match *, const struct in6_addr *,
                                const struct in6_addr *mask);

/* Formats 'm' in the syntax of ovs-ofctl and ovs-fields(7), e.g.
 * "priority=10,tcp,in_port=1,dl_vlan=10,nw_src=10.0.0.0/8,tp_dst=80".
 * 'priority' is printed unless it is OFP_DEFAULT_PRIORITY.  A catch-all
 * match prints nothing (callers print e.g. "actions=" next). */
void match_format(const struct match *m, struct ds *s, int priority);
char *match_to_string(const struct match *m, int priority);

/* Parses 's', a comma- or space-separated list of "field=value[/mask]"
 * and shorthand keywords (ip, ipv6, icmp, icmp6, tcp, tcp6, udp, udp6,
 * sctp, sctp6, arp, rarp, mpls, mplsm), into 'm'.  If 'priority' is
 * nonnull, "priority=N" is accepted and stored there (else
 * OFP_DEFAULT_PRIORITY).  Fields whose prerequisites the match does not
 * meet are dropped (match_normalize()), as ovs-ofctl does.
 *
 * Returns NULL on success, otherwise an error message that the caller
 * must free() ('m' is then unspecified). */
char *match_parse(const char *s, struct match *m, int *priority)
    OVS_WARN_UNUSED_RESULT;

/* Field table.
 *
 * Every matchable field, in match_format() order.  Several names may
 * address the same bits (nw_src and arp_spa, tp_src and icmp_type); which
 * one applies depends on the prerequisites. */
enum flow_field_id {
    FF_SKB_PRIORITY, FF_PKT_MARK, FF_RECIRC_ID, FF_DP_HASH, FF_CONJ_ID,
    FF_CT_STATE, FF_CT_ZONE, FF_CT_MARK, FF_CT_LABEL,
    FF_REG0, FF_REG15 = FF_REG0 + FLOW_N_REGS - 1,
    FF_TUN_ID, FF_TUN_SRC, FF_TUN_DST, FF_TUN_IPV6_SRC, FF_TUN_IPV6_DST,
    FF_TUN_FLAGS, FF_TUN_TOS, FF_TUN_TTL,
    FF_METADATA, FF_IN_PORT,
    FF_VLAN_TCI, FF_DL_VLAN, FF_DL_VLAN_PCP,
    FF_VLAN_TCI1, FF_DL_VLAN1, FF_DL_VLAN_PCP1,     /* Inner tag. */
    FF_DL_SRC, FF_DL_DST, FF_DL_TYPE,
    FF_IPV6_SRC, FF_IPV6_DST, FF_IPV6_LABEL,
    FF_NW_SRC, FF_ARP_SPA, FF_NW_DST, FF_ARP_TPA, FF_NW_PROTO, FF_ARP_OP,
    FF_ARP_SHA, FF_ARP_THA,
    FF_NW_TOS, FF_IP_DSCP, FF_NW_ECN, FF_NW_TTL,
    FF_MPLS_LABEL, FF_MPLS_TC, FF_MPLS_TTL, FF_MPLS_BOS,
    FF_MPLS_LSE1, FF_MPLS_LSE2,     /* Whole second and third LSEs. */
    FF_NW_FRAG,
    FF_TP_SRC, FF_TP_DST, FF_TCP_FLAGS,
    FF_ICMP_TYPE, FF_ICMP_CODE, FF_ICMPV6_TYPE, FF_ICMPV6_CODE,
    FF_ND_TARGET, FF_ND_SLL, FF_ND_TLL,
    FF_N_FIELDS
};

/* How a field's value is stored and printed. */
enum flow_field_type {
    FFT_UINT,       /* Integer in host order in the flow. */
    FFT_BE,         /* Integer in network order in the flow. */
    FFT_IPV4,       /* ovs_be32 address. */
    FFT_IPV6,       /* struct in6_addr. */
    FFT_ETH,        /* struct eth_addr. */
    FFT_U128,       /* 16 bytes, big-endian (ct_label). */
};

/* What a match must already match for a field to be meaningful. */
enum flow_prereq {
    FFP_NONE,
    FFP_IPV4,       /* dl_type=0x0800. */
    FFP_IPV6,       /* dl_type=0x86dd. */
    FFP_IP_ANY,     /* IPv4 or IPv6. */
    FFP_ARP,        /* ARP or RARP. */
    FFP_MPLS,       /* MPLS unicast or multicast. */
    FFP_TCP_UDP_SCTP,
    FFP_TCP,
    FFP_ICMPV4,
    FFP_ICMPV6,
    FFP_ICMP_ANY,   /* ICMPv4 or ICMPv6. */
    FFP_ND,         /* ICMPv6 type 135 or 136, code 0. */
    FFP_ND_SOLICIT, /* ICMPv6 type 135. */
    FFP_ND_ADVERT,  /* ICMPv6 type 136. */
};

/* A field value, in host order for integers. */
union flow_field_value {
    uint64_t integer;           /* FFT_UINT, FFT_BE (converted). */
    ovs_be32 ipv4;
    struct in6_addr ipv6;
    struct eth_addr mac;
    uint8_t u128[16];
};

struct flow_field {
    enum flow_field_id id;
    const char *name;           /* ovs-fields(7) name. */
    const char *alias;          /* Another accepted name, or NULL.
                                 * (flow_field_from_name() also knows the
                                 * OXM-style names: tcp_src, eth_dst...) */
    enum flow_field_type type;
    uint16_t offset;            /* Byte offset in struct flow. */
    uint8_t n_bytes;            /* Width of the stored field. */
    uint8_t shift, n_bits;      /* For FFT_UINT/FFT_BE: the field is bits
                                 * [shift, shift + n_bits) of it. */
    bool maskable;              /* Accepts "/mask". */
    enum flow_prereq prereq;
};

extern const struct flow_field flow_fields[FF_N_FIELDS];

/* Returns the field named 'name' (or by its alias), or NULL. */
const struct flow_field *flow_field_from_name(const char *name);

/* Reads field 'f' of 'flow' into '*v'. */
void flow_field_get(const struct flow_field *f, const struct flow *flow,
                    union flow_field_value *v);

/* Writes '*v' into field 'f' of 'flow' (other bits unchanged). */
void flow_field_set_flow(const struct flow_field *f,
                         const union flow_field_value *v, struct flow *flow);

/* Sets field 'f' of 'm' to 'v' under mask '*mask' (exact if NULL). */
void match_set_field_masked(struct match *m, const struct flow_field *f,
                            const union flow_field_value *v,
                            const union flow_field_value *mask);

/* True if match_format() prints an exact value of integer field 'f' in
 * hexadecimal (registers, metadata, dl_type...), false if in decimal
 * (tp_dst, ip_dscp, nw_ttl...).  Actions print values the same way. */
bool flow_field_prints_hex(const struct flow_field *f);

/* True if 'm' meets 'f''s prerequisites. */
bool match_prereqs_ok(const struct match *m, const struct flow_field *f);

#endif /* match.h */
