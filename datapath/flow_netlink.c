// SPDX-License-Identifier: GPL-2.0
/*
 * flow_netlink.c - OVS_KEY_ATTR_* attributes <-> struct dp_key, and the
 * validation of OVS_ACTION_ATTR_* lists.
 *
 * Parsing collects the attributes of one nesting level into an array
 * (rejecting unknown, duplicate and wrongly sized ones) and then copies
 * them into the key.  A mask uses the same attributes; when userspace
 * sends no mask, every field named in the key is matched exactly.  The
 * key decides the layout (VLAN, L3, L4) for both key and mask, so that a
 * mask can never describe headers the key does not have.
 *
 * Everything userspace sends is checked here once, at flow setup or
 * execute time; actions.c then trusts the lists it runs.
 */
#include <linux/if_vlan.h>
#include <linux/slab.h>
#include <net/mpls.h>
#include <net/ndisc.h>

#include "datapath.h"

/* Payload size of each supported key attribute; -1: nested; 0: not
 * supported by this datapath (refused). */
static const int key_lens[OVS_KEY_ATTR_MAX + 1] = {
	[OVS_KEY_ATTR_ENCAP] = -1,
	[OVS_KEY_ATTR_PRIORITY] = sizeof(u32),
	[OVS_KEY_ATTR_IN_PORT] = sizeof(u32),
	[OVS_KEY_ATTR_ETHERNET] = sizeof(struct ovs_key_ethernet),
	[OVS_KEY_ATTR_VLAN] = sizeof(__be16),
	[OVS_KEY_ATTR_ETHERTYPE] = sizeof(__be16),
	[OVS_KEY_ATTR_IPV4] = sizeof(struct ovs_key_ipv4),
	[OVS_KEY_ATTR_IPV6] = sizeof(struct ovs_key_ipv6),
	[OVS_KEY_ATTR_TCP] = sizeof(struct ovs_key_tcp),
	[OVS_KEY_ATTR_UDP] = sizeof(struct ovs_key_udp),
	[OVS_KEY_ATTR_ICMP] = sizeof(struct ovs_key_icmp),
	[OVS_KEY_ATTR_ICMPV6] = sizeof(struct ovs_key_icmpv6),
	[OVS_KEY_ATTR_ARP] = sizeof(struct ovs_key_arp),
	[OVS_KEY_ATTR_ND] = sizeof(struct ovs_key_nd),
	[OVS_KEY_ATTR_SKB_MARK] = sizeof(u32),
	[OVS_KEY_ATTR_SCTP] = sizeof(struct ovs_key_sctp),
	[OVS_KEY_ATTR_TCP_FLAGS] = sizeof(__be16),
	[OVS_KEY_ATTR_DP_HASH] = sizeof(u32),
	[OVS_KEY_ATTR_RECIRC_ID] = sizeof(u32),
	/* Features this datapath lacks; see absent_ok(). */
	[OVS_KEY_ATTR_TUNNEL] = -1,
	[OVS_KEY_ATTR_CT_STATE] = sizeof(u32),
	[OVS_KEY_ATTR_CT_ZONE] = sizeof(u16),
	[OVS_KEY_ATTR_CT_MARK] = sizeof(u32),
	[OVS_KEY_ATTR_CT_LABELS] = sizeof(struct ovs_key_ct_labels),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4] =
		sizeof(struct ovs_key_ct_tuple_ipv4),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6] =
		sizeof(struct ovs_key_ct_tuple_ipv6),
	[OVS_KEY_ATTR_PACKET_TYPE] = sizeof(__be32),
};

struct key_attrs {
	const struct nlattr *a[OVS_KEY_ATTR_MAX + 1];
};

/*
 * Refuses a request with -EINVAL, saying why in the extended ack (for
 * userspace) and, rate limited, at debug level in the kernel log (for
 * whoever debugs a userspace that does not read extended acks).
 */
#define REFUSE(extack, attr, msg) ({					\
	const struct nlattr *__attr = (attr);				\
									\
	NL_SET_ERR_MSG_ATTR(extack, __attr, msg);			\
	net_dbg_ratelimited("ovsng_dp: %s (attribute type %d)\n", msg,	\
			    __attr ? nla_type(__attr) : -1);		\
	-EINVAL;							\
})

static bool all_zero(const struct nlattr *nla)
{
	return !memchr_inv(nla_data(nla), 0, nla_len(nla));
}

/*
 * Conntrack, tunnels and non-Ethernet packets: this datapath has none, so
 * every packet it sees has the "none" value of these fields (no ct state,
 * zone 0, no tunnel, packet type Ethernet).  A key that says so, or a
 * mask over such a key, describes every packet and is accepted (Open
 * vSwitch puts these attributes in masks whatever the packet); a key
 * with any other value asks for a feature we lack and is refused, which
 * is also what makes userspace's feature probes come out right.
 */
static int absent_ok(const struct key_attrs *ka, bool is_mask,
		     struct netlink_ext_ack *extack)
{
	static const int ct[] = {
		OVS_KEY_ATTR_CT_STATE, OVS_KEY_ATTR_CT_ZONE,
		OVS_KEY_ATTR_CT_MARK, OVS_KEY_ATTR_CT_LABELS,
		OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4,
		OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6,
	};
	const struct nlattr *tun = ka->a[OVS_KEY_ATTR_TUNNEL];
	const struct nlattr *nla;
	int i, rem;

	if (tun) {
		nla_for_each_nested(nla, tun, rem) {
			/* A flag attribute set in a key means "flag set". */
			if (!is_mask && (!nla_len(nla) || !all_zero(nla)))
				return REFUSE(extack, nla,
					      "tunnels are not supported");
		}
		if (rem)
			return REFUSE(extack, tun, "malformed tunnel key");
	}
	if (is_mask)
		return 0;
	for (i = 0; i < ARRAY_SIZE(ct); i++) {
		nla = ka->a[ct[i]];
		if (nla && !all_zero(nla))
			return REFUSE(extack, nla,
				      "conntrack is not supported");
	}
	/* PT_ETH, Ethernet, is (namespace 0, type 0). */
	nla = ka->a[OVS_KEY_ATTR_PACKET_TYPE];
	if (nla && !all_zero(nla))
		return REFUSE(extack, nla,
			      "only Ethernet packets are supported");
	return 0;
}

static int collect(const struct nlattr *nest, struct key_attrs *ka,
		   struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	int rem;

	memset(ka, 0, sizeof(*ka));
	nla_for_each_nested(nla, nest, rem) {
		int type = nla_type(nla);

		if (type > OVS_KEY_ATTR_MAX || !key_lens[type])
			return REFUSE(extack, nla,
				      "key attribute not supported");
		if (ka->a[type])
			return REFUSE(extack, nla, "duplicate key attribute");
		if (key_lens[type] > 0 && nla_len(nla) != key_lens[type])
			return REFUSE(extack, nla,
				      "key attribute has the wrong size");
		ka->a[type] = nla;
	}
	return rem ? REFUSE(extack, nest, "malformed key") : 0;
}

/* Copies an attribute's value, or all-ones when building an exact mask. */
static void get(void *dst, const void *src, size_t len, bool exact)
{
	if (exact)
		memset(dst, 0xff, len);
	else
		memcpy(dst, src, len);
}

#define GET(field, src, exact) get(&(field), &(src), sizeof(field), exact)

static int count(const struct key_attrs *ka, const int *types, int n)
{
	int i, c = 0;

	for (i = 0; i < n; i++)
		c += !!ka->a[types[i]];
	return c;
}

static const int l3_types[] = {
	OVS_KEY_ATTR_IPV4, OVS_KEY_ATTR_IPV6, OVS_KEY_ATTR_ARP,
};
static const int l4_types[] = {
	OVS_KEY_ATTR_TCP, OVS_KEY_ATTR_UDP, OVS_KEY_ATTR_SCTP,
	OVS_KEY_ATTR_ICMP, OVS_KEY_ATTR_ICMPV6,
};

/* The L3 and L4 attributes of one level (top, or inside ENCAP). */
static int fill_l3(struct dp_key *k, const struct key_attrs *ka, bool exact,
		   bool is_mask, struct netlink_ext_ack *extack)
{
	const struct nlattr *const *a = ka->a;

	if (count(ka, l3_types, ARRAY_SIZE(l3_types)) > 1 ||
	    count(ka, l4_types, ARRAY_SIZE(l4_types)) > 1)
		return REFUSE(extack, NULL, "more than one L3 or L4 header");
	if (a[OVS_KEY_ATTR_IPV4]) {
		const struct ovs_key_ipv4 *v = nla_data(a[OVS_KEY_ATTR_IPV4]);

		if (!is_mask && v->ipv4_frag > OVS_FRAG_TYPE_MAX)
			return REFUSE(extack, a[OVS_KEY_ATTR_IPV4],
				      "bad IPv4 fragment type");
		GET(k->nw.ipv4.src, v->ipv4_src, exact);
		GET(k->nw.ipv4.dst, v->ipv4_dst, exact);
		GET(k->ip.proto, v->ipv4_proto, exact);
		GET(k->ip.tos, v->ipv4_tos, exact);
		GET(k->ip.ttl, v->ipv4_ttl, exact);
		GET(k->ip.frag, v->ipv4_frag, exact);
	}
	if (a[OVS_KEY_ATTR_IPV6]) {
		const struct ovs_key_ipv6 *v = nla_data(a[OVS_KEY_ATTR_IPV6]);

		if (!is_mask && (v->ipv6_frag > OVS_FRAG_TYPE_MAX ||
				 v->ipv6_label & htonl(0xfff00000)))
			return REFUSE(extack, a[OVS_KEY_ATTR_IPV6],
				      "bad IPv6 fragment type or label");
		GET(k->nw.ipv6.src, v->ipv6_src, exact);
		GET(k->nw.ipv6.dst, v->ipv6_dst, exact);
		GET(k->nw.ipv6.label, v->ipv6_label, exact);
		if (exact)
			k->nw.ipv6.label = htonl(0x000fffff);
		GET(k->ip.proto, v->ipv6_proto, exact);
		GET(k->ip.tos, v->ipv6_tclass, exact);
		GET(k->ip.ttl, v->ipv6_hlimit, exact);
		GET(k->ip.frag, v->ipv6_frag, exact);
	}
	if (a[OVS_KEY_ATTR_ARP]) {
		const struct ovs_key_arp *v = nla_data(a[OVS_KEY_ATTR_ARP]);

		if (!is_mask && ntohs(v->arp_op) > 0xff)
			return REFUSE(extack, a[OVS_KEY_ATTR_ARP],
				      "ARP opcode above 255");
		GET(k->nw.arp.sip, v->arp_sip, exact);
		GET(k->nw.arp.tip, v->arp_tip, exact);
		GET(k->nw.arp.sha, v->arp_sha, exact);
		GET(k->nw.arp.tha, v->arp_tha, exact);
		k->ip.proto = exact ? 0xff : ntohs(v->arp_op);
	}
	if (a[OVS_KEY_ATTR_TCP]) {
		const struct ovs_key_tcp *v = nla_data(a[OVS_KEY_ATTR_TCP]);

		GET(k->tp.src, v->tcp_src, exact);
		GET(k->tp.dst, v->tcp_dst, exact);
	}
	if (a[OVS_KEY_ATTR_UDP]) {
		const struct ovs_key_udp *v = nla_data(a[OVS_KEY_ATTR_UDP]);

		GET(k->tp.src, v->udp_src, exact);
		GET(k->tp.dst, v->udp_dst, exact);
	}
	if (a[OVS_KEY_ATTR_SCTP]) {
		const struct ovs_key_sctp *v = nla_data(a[OVS_KEY_ATTR_SCTP]);

		GET(k->tp.src, v->sctp_src, exact);
		GET(k->tp.dst, v->sctp_dst, exact);
	}
	if (a[OVS_KEY_ATTR_ICMP] || a[OVS_KEY_ATTR_ICMPV6]) {
		const u8 *v = nla_data(a[OVS_KEY_ATTR_ICMP] ?
				       a[OVS_KEY_ATTR_ICMP] :
				       a[OVS_KEY_ATTR_ICMPV6]);

		k->tp.src = htons(exact ? 0xff : v[0]);
		k->tp.dst = htons(exact ? 0xff : v[1]);
	}
	if (a[OVS_KEY_ATTR_TCP_FLAGS]) {
		__be16 f = nla_get_be16(a[OVS_KEY_ATTR_TCP_FLAGS]);

		k->tp.flags = exact ? htons(0x0fff) : f & htons(0x0fff);
	}
	if (a[OVS_KEY_ATTR_ND]) {
		const struct ovs_key_nd *v = nla_data(a[OVS_KEY_ATTR_ND]);

		GET(k->nd.target, v->nd_target, exact);
		GET(k->nd.sll, v->nd_sll, exact);
		GET(k->nd.tll, v->nd_tll, exact);
	}
	return 0;
}

static const int outer_only[] = {
	OVS_KEY_ATTR_PRIORITY, OVS_KEY_ATTR_IN_PORT, OVS_KEY_ATTR_SKB_MARK,
	OVS_KEY_ATTR_DP_HASH, OVS_KEY_ATTR_RECIRC_ID, OVS_KEY_ATTR_ETHERNET,
	OVS_KEY_ATTR_VLAN, OVS_KEY_ATTR_ENCAP, OVS_KEY_ATTR_TUNNEL,
	OVS_KEY_ATTR_CT_STATE, OVS_KEY_ATTR_CT_ZONE, OVS_KEY_ATTR_CT_MARK,
	OVS_KEY_ATTR_CT_LABELS, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4,
	OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6, OVS_KEY_ATTR_PACKET_TYPE,
};

/*
 * Fills 'k' from the attributes in 'nest'.  'exact': make an exact-match
 * mask of the attributes present.  'is_mask': the values are a mask and
 * '*vlan' (from the key) says whether ETHERTYPE is the VLAN TPID; for a
 * key, '*vlan' is set from the attributes.
 */
static int fill(struct dp_key *k, const struct nlattr *nest, bool exact,
		bool is_mask, bool *vlan, struct netlink_ext_ack *extack)
{
	const struct nlattr **a;
	struct key_attrs *ka, *inner = NULL;
	int err;

	ka = kmalloc(2 * sizeof(*ka), GFP_KERNEL);
	if (!ka)
		return -ENOMEM;
	err = collect(nest, ka, extack);
	if (!err)
		err = absent_ok(ka, is_mask || exact, extack);
	if (err)
		goto out;
	a = ka->a;

	if (a[OVS_KEY_ATTR_PRIORITY])
		GET(k->priority, *(u32 *)nla_data(a[OVS_KEY_ATTR_PRIORITY]),
		    exact);
	if (a[OVS_KEY_ATTR_SKB_MARK])
		GET(k->skb_mark, *(u32 *)nla_data(a[OVS_KEY_ATTR_SKB_MARK]),
		    exact);
	if (a[OVS_KEY_ATTR_IN_PORT])
		GET(k->in_port, *(u32 *)nla_data(a[OVS_KEY_ATTR_IN_PORT]),
		    exact);
	if (a[OVS_KEY_ATTR_RECIRC_ID])
		GET(k->recirc_id, *(u32 *)nla_data(a[OVS_KEY_ATTR_RECIRC_ID]),
		    exact);
	if (a[OVS_KEY_ATTR_DP_HASH])
		GET(k->dp_hash, *(u32 *)nla_data(a[OVS_KEY_ATTR_DP_HASH]),
		    exact);
	if (a[OVS_KEY_ATTR_ETHERNET]) {
		const struct ovs_key_ethernet *e =
			nla_data(a[OVS_KEY_ATTR_ETHERNET]);

		GET(k->eth.src, e->eth_src, exact);
		GET(k->eth.dst, e->eth_dst, exact);
	}

	if (!is_mask)
		*vlan = a[OVS_KEY_ATTR_VLAN] != NULL;
	if (!*vlan) {
		if (a[OVS_KEY_ATTR_ENCAP]) {
			err = REFUSE(extack, a[OVS_KEY_ATTR_ENCAP],
				     "ENCAP without a VLAN tag");
			goto out;
		}
		if (a[OVS_KEY_ATTR_ETHERTYPE]) {
			GET(k->eth.type,
			    *(__be16 *)nla_data(a[OVS_KEY_ATTR_ETHERTYPE]),
			    exact);
			if (!is_mask &&
			    ntohs(k->eth.type) < ETH_P_802_3_MIN) {
				err = REFUSE(extack, a[OVS_KEY_ATTR_ETHERTYPE],
					     "Ethertype below 0x600");
				goto out;
			}
		} else if (a[OVS_KEY_ATTR_ETHERNET] && !is_mask) {
			k->eth.type = htons(DP_ETH_P_802_2);
		}
		err = fill_l3(k, ka, exact, is_mask, extack);
		goto out;
	}

	/* VLAN: ETHERTYPE is the TPID, the rest is inside ENCAP. */
	if (a[OVS_KEY_ATTR_VLAN])
		GET(k->eth.tci, *(__be16 *)nla_data(a[OVS_KEY_ATTR_VLAN]),
		    exact);
	if (a[OVS_KEY_ATTR_ETHERTYPE])
		GET(k->eth.tpid,
		    *(__be16 *)nla_data(a[OVS_KEY_ATTR_ETHERTYPE]), exact);
	if (!is_mask && (!eth_type_vlan(k->eth.tpid) ||
			 count(ka, l3_types, ARRAY_SIZE(l3_types)) ||
			 count(ka, l4_types, ARRAY_SIZE(l4_types)))) {
		err = REFUSE(extack, a[OVS_KEY_ATTR_VLAN],
			     "VLAN key without a VLAN TPID, or L3 outside ENCAP");
		goto out;
	}
	if (!a[OVS_KEY_ATTR_ENCAP])
		goto out;
	inner = ka + 1;
	err = collect(a[OVS_KEY_ATTR_ENCAP], inner, extack);
	if (err)
		goto out;
	if (count(inner, outer_only, ARRAY_SIZE(outer_only))) {
		err = REFUSE(extack, a[OVS_KEY_ATTR_ENCAP],
			     "metadata or Ethernet attribute inside ENCAP");
		goto out;
	}
	if (inner->a[OVS_KEY_ATTR_ETHERTYPE])
		GET(k->eth.type,
		    *(__be16 *)nla_data(inner->a[OVS_KEY_ATTR_ETHERTYPE]),
		    exact);
	err = fill_l3(k, inner, exact, is_mask, extack);
out:
	kfree(ka);
	return err;
}

/*
 * Parses a flow's key and mask ('mask_attr' may be NULL: exact match on
 * the key's attributes).  The layering fields a present header depends on
 * are forced to exact match, so that a flow's masked key always says which
 * headers it describes.
 */
int key_from_nlattrs(const struct nlattr *key_attr,
		     const struct nlattr *mask_attr, struct dp_key *key,
		     struct dp_key *mask, struct netlink_ext_ack *extack)
{
	bool vlan = false;
	int err;

	memset(key, 0, sizeof(*key));
	memset(mask, 0, sizeof(*mask));
	err = fill(key, key_attr, false, false, &vlan, extack);
	if (!err)
		err = fill(mask, mask_attr ? mask_attr : key_attr, !mask_attr,
			   true, &vlan, extack);
	if (err)
		return err;

	if (vlan) {
		mask->eth.tpid = htons(0xffff);
		mask->eth.tci |= htons(VLAN_CFI_MASK);
	}
	if (key->eth.type == htons(DP_ETH_P_802_2) || mask->ip.proto ||
	    memchr_inv(&mask->nw, 0, sizeof(mask->nw)))
		mask->eth.type = htons(0xffff);
	if (mask->tp.src || mask->tp.dst || mask->tp.flags ||
	    memchr_inv(&mask->nd, 0, sizeof(mask->nd)))
		mask->ip.proto = 0xff;
	if (mask->ip.proto)
		mask->eth.type = htons(0xffff);
	return 0;
}

/* For OVS_PACKET_CMD_EXECUTE: only the metadata fields of the key. */
int key_metadata_from_nlattrs(const struct nlattr *key_attr,
			      struct dp_key *key,
			      struct netlink_ext_ack *extack)
{
	struct dp_key k = {};
	bool vlan = false;
	int err;

	err = fill(&k, key_attr, false, false, &vlan, extack);
	if (err)
		return err;
	key->priority = k.priority;
	key->skb_mark = k.skb_mark;
	key->in_port = k.in_port;
	key->recirc_id = k.recirc_id;
	key->dp_hash = k.dp_hash;
	return 0;
}

size_t key_nlattrs_size(void)
{
	/* Every attribute once, plus ENCAP and slack for padding. */
	return 512;
}

static int put_l3(struct sk_buff *skb, const struct dp_key *key,
		  const struct dp_key *out, bool is_mask)
{
	switch (ntohs(key->eth.type)) {
	case ETH_P_IP: {
		struct ovs_key_ipv4 v = {
			.ipv4_src = out->nw.ipv4.src,
			.ipv4_dst = out->nw.ipv4.dst,
			.ipv4_proto = out->ip.proto,
			.ipv4_tos = out->ip.tos,
			.ipv4_ttl = out->ip.ttl,
			.ipv4_frag = out->ip.frag,
		};

		if (nla_put(skb, OVS_KEY_ATTR_IPV4, sizeof(v), &v))
			return -EMSGSIZE;
		break;
	}
	case ETH_P_IPV6: {
		struct ovs_key_ipv6 v = {
			.ipv6_label = out->nw.ipv6.label,
			.ipv6_proto = out->ip.proto,
			.ipv6_tclass = out->ip.tos,
			.ipv6_hlimit = out->ip.ttl,
			.ipv6_frag = out->ip.frag,
		};

		memcpy(v.ipv6_src, &out->nw.ipv6.src, 16);
		memcpy(v.ipv6_dst, &out->nw.ipv6.dst, 16);
		if (nla_put(skb, OVS_KEY_ATTR_IPV6, sizeof(v), &v))
			return -EMSGSIZE;
		break;
	}
	case ETH_P_ARP:
	case ETH_P_RARP: {
		struct ovs_key_arp v = {
			.arp_sip = out->nw.arp.sip,
			.arp_tip = out->nw.arp.tip,
			/* The key keeps the op in 8 bits. */
			.arp_op = htons(is_mask && out->ip.proto == 0xff ?
					0xffff : out->ip.proto),
		};

		ether_addr_copy(v.arp_sha, out->nw.arp.sha);
		ether_addr_copy(v.arp_tha, out->nw.arp.tha);
		return nla_put(skb, OVS_KEY_ATTR_ARP, sizeof(v), &v) ?
			-EMSGSIZE : 0;
	}
	default:
		return 0;
	}

	if (key->ip.frag == OVS_FRAG_TYPE_LATER)
		return 0;
	switch (key->ip.proto) {
	case IPPROTO_TCP: {
		struct ovs_key_tcp v = { out->tp.src, out->tp.dst };

		if (nla_put(skb, OVS_KEY_ATTR_TCP, sizeof(v), &v) ||
		    nla_put_be16(skb, OVS_KEY_ATTR_TCP_FLAGS, out->tp.flags))
			return -EMSGSIZE;
		break;
	}
	case IPPROTO_UDP: {
		struct ovs_key_udp v = { out->tp.src, out->tp.dst };

		return nla_put(skb, OVS_KEY_ATTR_UDP, sizeof(v), &v) ?
			-EMSGSIZE : 0;
	}
	case IPPROTO_SCTP: {
		struct ovs_key_sctp v = { out->tp.src, out->tp.dst };

		return nla_put(skb, OVS_KEY_ATTR_SCTP, sizeof(v), &v) ?
			-EMSGSIZE : 0;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		struct ovs_key_icmp v = {
			ntohs(out->tp.src), ntohs(out->tp.dst)
		};
		bool v6 = key->eth.type == htons(ETH_P_IPV6);

		if (v6 != (key->ip.proto == IPPROTO_ICMPV6))
			return 0;
		if (nla_put(skb, v6 ? OVS_KEY_ATTR_ICMPV6 : OVS_KEY_ATTR_ICMP,
			    sizeof(v), &v))
			return -EMSGSIZE;
		if (v6 && !key->tp.dst &&
		    (key->tp.src == htons(NDISC_NEIGHBOUR_SOLICITATION) ||
		     key->tp.src == htons(NDISC_NEIGHBOUR_ADVERTISEMENT))) {
			struct ovs_key_nd nd;

			memcpy(nd.nd_target, &out->nd.target, 16);
			ether_addr_copy(nd.nd_sll, out->nd.sll);
			ether_addr_copy(nd.nd_tll, out->nd.tll);
			if (nla_put(skb, OVS_KEY_ATTR_ND, sizeof(nd), &nd))
				return -EMSGSIZE;
		}
		break;
	}
	}
	return 0;
}

/*
 * Appends attribute 'attrtype' holding the OVS_KEY_ATTR_* form of 'output'
 * (a key, or a mask if 'is_mask'), laid out as 'key' (the flow's masked
 * key, or the packet's key) says.
 */
int key_to_nlattrs(struct sk_buff *skb, int attrtype, const struct dp_key *key,
		   const struct dp_key *out, bool is_mask)
{
	struct ovs_key_ethernet eth;
	struct nlattr *nest, *encap = NULL;
	bool vlan = key->eth.tci || key->eth.tpid;

	nest = nla_nest_start_noflag(skb, attrtype);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, OVS_KEY_ATTR_PRIORITY, out->priority) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_IN_PORT, out->in_port) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_SKB_MARK, out->skb_mark) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_RECIRC_ID, out->recirc_id) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_DP_HASH, out->dp_hash))
		goto nomem;
	ether_addr_copy(eth.eth_src, out->eth.src);
	ether_addr_copy(eth.eth_dst, out->eth.dst);
	if (nla_put(skb, OVS_KEY_ATTR_ETHERNET, sizeof(eth), &eth))
		goto nomem;
	if (vlan) {
		if (nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, out->eth.tpid) ||
		    nla_put_be16(skb, OVS_KEY_ATTR_VLAN, out->eth.tci))
			goto nomem;
		encap = nla_nest_start_noflag(skb, OVS_KEY_ATTR_ENCAP);
		if (!encap)
			goto nomem;
		if (!key->eth.type)
			goto done;
	}
	if (key->eth.type != htons(DP_ETH_P_802_2) || is_mask) {
		if (nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, out->eth.type))
			goto nomem;
	}
	if (put_l3(skb, key, out, is_mask))
		goto nomem;
done:
	if (encap)
		nla_nest_end(skb, encap);
	nla_nest_end(skb, nest);
	return 0;
nomem:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* ---- actions ---- */

/* Payload size of each settable key attribute (doubled for set_masked). */
static int set_len(int type)
{
	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
		return sizeof(u32);
	case OVS_KEY_ATTR_ETHERNET:
		return sizeof(struct ovs_key_ethernet);
	case OVS_KEY_ATTR_IPV4:
		return sizeof(struct ovs_key_ipv4);
	case OVS_KEY_ATTR_IPV6:
		return sizeof(struct ovs_key_ipv6);
	case OVS_KEY_ATTR_TCP:
		return sizeof(struct ovs_key_tcp);
	case OVS_KEY_ATTR_UDP:
		return sizeof(struct ovs_key_udp);
	case OVS_KEY_ATTR_ARP:
		return sizeof(struct ovs_key_arp);
	case OVS_KEY_ATTR_SCTP:
		return sizeof(struct ovs_key_sctp);
	case OVS_KEY_ATTR_ICMP:
		return sizeof(struct ovs_key_icmp);
	case OVS_KEY_ATTR_ICMPV6:
		return sizeof(struct ovs_key_icmpv6);
	case OVS_KEY_ATTR_MPLS:
		return sizeof(struct ovs_key_mpls);	/* the top entry */
	default:
		return 0;
	}
}

static int validate_set(const struct nlattr *a, bool masked)
{
	const struct nlattr *inner = nla_data(a);
	int rem = nla_len(a), len;

	if (!nla_ok(inner, rem) || NLA_ALIGN(inner->nla_len) != rem)
		return -EINVAL;
	len = set_len(nla_type(inner));
	if (!len || nla_len(inner) != (masked ? 2 * len : len))
		return -EINVAL;
	if (masked && nla_type(inner) == OVS_KEY_ATTR_IPV4) {
		const struct ovs_key_ipv4 *m =
			(const struct ovs_key_ipv4 *)nla_data(inner) + 1;

		if (m->ipv4_proto || m->ipv4_frag)
			return -EINVAL;
	}
	if (masked && nla_type(inner) == OVS_KEY_ATTR_IPV6) {
		const struct ovs_key_ipv6 *m =
			(const struct ovs_key_ipv6 *)nla_data(inner) + 1;

		if (m->ipv6_proto || m->ipv6_frag ||
		    m->ipv6_label & htonl(0xfff00000))
			return -EINVAL;
	}
	return 0;
}

static const struct nla_policy userspace_policy[OVS_USERSPACE_ATTR_MAX + 1] = {
	[OVS_USERSPACE_ATTR_PID] = { .type = NLA_U32 },
	[OVS_USERSPACE_ATTR_USERDATA] = { .type = NLA_BINARY },
	[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT] = { .type = NLA_U32 },
	[OVS_USERSPACE_ATTR_ACTIONS] = { .type = NLA_FLAG },
};

/* Userspace does not set NLA_F_NESTED on nested actions, hence the
 * "deprecated" (liberal) parsers below. */
static int validate_userspace(const struct nlattr *a)
{
	struct nlattr *ua[OVS_USERSPACE_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested_deprecated(ua, OVS_USERSPACE_ATTR_MAX, a,
					  userspace_policy, NULL);
	if (err)
		return err;
	return ua[OVS_USERSPACE_ATTR_PID] ? 0 : -EINVAL;
}

static int validate_list(const struct nlattr *acts, int depth,
			 struct netlink_ext_ack *extack);

static const struct nla_policy sample_policy[OVS_SAMPLE_ATTR_MAX + 1] = {
	[OVS_SAMPLE_ATTR_PROBABILITY] = { .type = NLA_U32 },
	[OVS_SAMPLE_ATTR_ACTIONS] = { .type = NLA_NESTED },
};

static int validate_sample(const struct nlattr *a, int depth)
{
	struct nlattr *sa[OVS_SAMPLE_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested_deprecated(sa, OVS_SAMPLE_ATTR_MAX, a,
					  sample_policy, NULL);
	if (err)
		return err;
	if (!sa[OVS_SAMPLE_ATTR_PROBABILITY] || !sa[OVS_SAMPLE_ATTR_ACTIONS])
		return -EINVAL;
	return validate_list(sa[OVS_SAMPLE_ATTR_ACTIONS], depth + 1, NULL);
}

static const struct nla_policy cpl_policy[OVS_CHECK_PKT_LEN_ATTR_MAX + 1] = {
	[OVS_CHECK_PKT_LEN_ATTR_PKT_LEN] = { .type = NLA_U16 },
	[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER] = { .type = NLA_NESTED },
	[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL] = { .type = NLA_NESTED },
};

static int validate_check_pkt_len(const struct nlattr *a, int depth)
{
	struct nlattr *ca[OVS_CHECK_PKT_LEN_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested_deprecated(ca, OVS_CHECK_PKT_LEN_ATTR_MAX, a,
					  cpl_policy, NULL);
	if (err)
		return err;
	if (!ca[OVS_CHECK_PKT_LEN_ATTR_PKT_LEN] ||
	    !ca[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER] ||
	    !ca[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL])
		return -EINVAL;
	err = validate_list(ca[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER],
			    depth + 1, NULL);
	if (!err)
		err = validate_list(
			ca[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL],
			depth + 1, NULL);
	return err;
}

/* Checks one action (not its nested lists' depth); 0 or -errno. */
static int validate_action(const struct nlattr *a, int depth)
{
	int len = nla_len(a);

	switch (nla_type(a)) {
	case OVS_ACTION_ATTR_OUTPUT:
		return len != sizeof(u32) || nla_get_u32(a) >= DP_MAX_PORTS ?
			-EINVAL : 0;
	case OVS_ACTION_ATTR_RECIRC:
		return len != sizeof(u32) ? -EINVAL : 0;
	case OVS_ACTION_ATTR_USERSPACE:
		return validate_userspace(a);
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
		return validate_set(a, nla_type(a) ==
				    OVS_ACTION_ATTR_SET_MASKED);
	case OVS_ACTION_ATTR_PUSH_VLAN: {
		const struct ovs_action_push_vlan *v = nla_data(a);

		if (len != sizeof(*v) || !eth_type_vlan(v->vlan_tpid) ||
		    !(v->vlan_tci & htons(VLAN_CFI_MASK)))
			return -EINVAL;
		return 0;
	}
	case OVS_ACTION_ATTR_POP_VLAN:
		return len ? -EINVAL : 0;
	case OVS_ACTION_ATTR_PUSH_MPLS: {
		const struct ovs_action_push_mpls *p = nla_data(a);

		if (len != sizeof(*p) || !eth_p_mpls(p->mpls_ethertype))
			return -EINVAL;
		return 0;
	}
	case OVS_ACTION_ATTR_POP_MPLS:
		if (len != sizeof(__be16) ||
		    ntohs(nla_get_be16(a)) < ETH_P_802_3_MIN)
			return -EINVAL;
		return 0;
	case OVS_ACTION_ATTR_HASH: {
		const struct ovs_action_hash *h = nla_data(a);

		if (len != sizeof(*h) || h->hash_alg != OVS_HASH_ALG_L4)
			return -EINVAL;
		return 0;
	}
	case OVS_ACTION_ATTR_TRUNC: {
		const struct ovs_action_trunc *t = nla_data(a);

		if (len != sizeof(*t) || t->max_len < ETH_HLEN)
			return -EINVAL;
		return 0;
	}
	case OVS_ACTION_ATTR_CLONE:
		return validate_list(a, depth + 1, NULL);
	case OVS_ACTION_ATTR_SAMPLE:
		return validate_sample(a, depth);
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
		return validate_check_pkt_len(a, depth);
	default:
		return -EINVAL;
	}
}

/* Checks a nested list of actions: types known, sizes right, arguments
 * sane.  Returns 0 or -EINVAL (-EMLINK when nested too deep). */
static int validate_list(const struct nlattr *acts, int depth,
			 struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int rem, err;

	if (depth > DP_MAX_DEPTH) {
		NL_SET_ERR_MSG_ATTR(extack, acts, "actions nested too deep");
		return -EMLINK;
	}
	nla_for_each_nested(a, acts, rem) {
		err = validate_action(a, depth);
		if (err) {
			/* Names the outermost action; the debug line
			 * names the type of each level's. */
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "action not supported or malformed");
			net_dbg_ratelimited("ovsng_dp: action type %d refused (%d)\n",
					    nla_type(a), err);
			return err;
		}
	}
	return rem ? REFUSE(extack, acts, "malformed action list") : 0;
}

int actions_validate(const struct nlattr *acts, struct netlink_ext_ack *extack)
{
	return validate_list(acts, 0, extack);
}

/*
 * An ICMP or ICMPv6 set needs a flow whose (masked) key says the packets
 * are ICMP of that IP version: on any other packet the rewrite could never
 * happen, and userspace that asks for it has made a mistake it should
 * hear about.  (Other set actions are not checked against the key; on a
 * packet without their header they do nothing.)
 */
static bool set_fits_key(const struct nlattr *a, const struct dp_key *key)
{
	const struct nlattr *inner = nla_data(a);

	switch (nla_type(inner)) {
	case OVS_KEY_ATTR_ICMP:
		return key->eth.type == htons(ETH_P_IP) &&
		       key->ip.proto == IPPROTO_ICMP;
	case OVS_KEY_ATTR_ICMPV6:
		return key->eth.type == htons(ETH_P_IPV6) &&
		       key->ip.proto == IPPROTO_ICMPV6;
	default:
		return true;
	}
}

/* Whether 'n', inside action 'a', is one of its nested action lists. */
static bool is_nested_list(const struct nlattr *a, const struct nlattr *n)
{
	switch (nla_type(a)) {
	case OVS_ACTION_ATTR_SAMPLE:
		return nla_type(n) == OVS_SAMPLE_ATTR_ACTIONS;
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
		return nla_type(n) ==
			OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER ||
		       nla_type(n) ==
			OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL;
	default:
		return false;
	}
}

/*
 * Checks the set actions of a validated list 'acts' against 'key' (a
 * flow's masked key, or an executed packet's key), nested lists included.
 * 0 or -EINVAL.
 */
int actions_check_key(const struct nlattr *acts, const struct dp_key *key,
		      struct netlink_ext_ack *extack)
{
	const struct nlattr *a, *n;
	int rem, nrem, err;

	nla_for_each_nested(a, acts, rem) {
		switch (nla_type(a)) {
		case OVS_ACTION_ATTR_SET:
		case OVS_ACTION_ATTR_SET_MASKED:
			if (!set_fits_key(a, key))
				return REFUSE(extack, a,
					      "set of a header the flow lacks");
			break;
		case OVS_ACTION_ATTR_CLONE:
			err = actions_check_key(a, key, extack);
			if (err)
				return err;
			break;
		case OVS_ACTION_ATTR_SAMPLE:
		case OVS_ACTION_ATTR_CHECK_PKT_LEN:
			nla_for_each_nested(n, a, nrem) {
				if (!is_nested_list(a, n))
					continue;
				err = actions_check_key(n, key, extack);
				if (err)
					return err;
			}
			break;
		}
	}
	return 0;
}

struct dp_actions *actions_copy(const struct nlattr *acts)
{
	struct dp_actions *sa;
	u32 len = nla_len(acts);

	sa = kmalloc(sizeof(*sa) + len, GFP_KERNEL);
	if (!sa)
		return NULL;
	sa->len = len;
	memcpy(sa->attrs, nla_data(acts), len);
	return sa;
}
