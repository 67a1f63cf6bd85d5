/* odp-key.h -- datapath flow keys and masks as OVS_KEY_ATTR_* Netlink
 * attribute streams (<linux/openvswitch.h>), to and from struct match.
 *
 * The kernel datapath describes a flow by two parallel attribute streams:
 * the key (values) and the mask (which bits count).  Both have the same
 * shape: metadata (PRIORITY, SKB_MARK, RECIRC_ID, DP_HASH, IN_PORT), then
 * ETHERNET, then either ETHERTYPE or, for a VLAN tag, ETHERTYPE(TPID),
 * VLAN(TCI) and ENCAP (a nested stream with the inner headers), then one
 * L3 attribute (IPV4, IPV6, ARP) and one L4 attribute (TCP, UDP, SCTP,
 * ICMP, ICMPV6, plus TCP_FLAGS and ND).  An L3 attribute appears only when
 * the Ethertype is matched exactly, an L4 one only when the IP protocol is
 * (and the packet is not a later fragment), as the kernel requires.
 *
 * A metadata field whose mask is zero is left out of both streams.  A key
 * without ETHERTYPE means an 802.2 frame (Ethertype 0x05ff), as in the
 * kernel.  The conversion back refuses (EINVAL) what the kernel would:
 * bad lengths, repeated attributes, an attribute the Ethertype or IP
 * protocol does not allow, ENCAP without VLAN, a mask attribute absent
 * from the key, trailing bytes. */
#ifndef ODP_KEY_H
#define ODP_KEY_H 1

#include <stdbool.h>
#include <stddef.h>

struct flow;
struct match;
struct nlattr;
struct ofpbuf;

/* Appends the key attributes of 'm' to 'key' and, if 'mask' is nonnull,
 * its mask attributes to 'mask'. */
void odp_key_from_match(const struct match *m, struct ofpbuf *key,
                        struct ofpbuf *mask);

/* Appends the exact key of a packet whose extracted flow is 'flow' (with
 * in_port and the other metadata) to 'key'. */
void odp_key_from_flow(const struct flow *flow, struct ofpbuf *key);

/* Parses the 'key_len' bytes of key attributes at 'key' and the
 * 'mask_len' bytes of mask attributes at 'mask' into 'm'.  'mask' NULL
 * means every field in the key is exact.  Returns 0 or EINVAL. */
int odp_key_to_match(const struct nlattr *key, size_t key_len,
                     const struct nlattr *mask, size_t mask_len,
                     struct match *m);

/* Like odp_key_to_match(), for a flow dumped by the kernel: attributes
 * this userspace does not model (a newer kernel's, e.g. IPV6_EXTHDRS)
 * are skipped, so the match may be wider than the kernel's. */
int odp_key_to_match_lenient(const struct nlattr *key, size_t key_len,
                             const struct nlattr *mask, size_t mask_len,
                             struct match *m);

/* Parses a packet's key as the kernel sends it with an upcall into
 * 'flow'.  Unlike odp_key_to_match(), attributes this userspace does not
 * model (tunnel, conntrack tuples...) are skipped.  Returns 0 or
 * EINVAL. */
int odp_key_to_flow(const struct nlattr *key, size_t key_len,
                    struct flow *flow);

#endif /* odp-key.h */
