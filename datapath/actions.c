// SPDX-License-Identifier: GPL-2.0
/*
 * actions.c - running a validated OVS_ACTION_ATTR_* list on a packet.
 *
 * dp_execute_actions() walks the list once and always consumes the skb.
 * An action that sends the packet somewhere (output, recirc, clone, ...)
 * works on a clone unless it is the last action, when it takes the packet
 * itself.  Header rewrites are done in place (after making the header
 * writable) with incremental checksum updates; afterwards the key is
 * re-extracted from the packet, so later actions (recirc, userspace) see
 * the packet as it now is.  Lists were validated by flow_netlink.c; the
 * checks here only guard against a packet that lacks the header an action
 * wants to rewrite (then the action does nothing).
 */
#include <linux/crc32.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/sctp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/mpls.h>

#include "datapath.h"

#define MASKED(old, val, mask) (((val) & (mask)) | ((old) & ~(mask)))

static void do_output(struct datapath *dp, struct sk_buff *skb, u32 port,
		      u32 cutlen)
{
	struct dp_vport *vport = dp_lookup_port(dp, port);

	if (!vport) {
		kfree_skb(skb);
		return;
	}
	if (cutlen && skb->len > cutlen)
		pskb_trim(skb, cutlen);
	vport_send(vport, skb);
}

static int do_userspace(struct datapath *dp, struct sk_buff *skb,
			const struct dp_key *key, const struct nlattr *attr,
			const struct nlattr *acts, int len, u32 cutlen)
{
	struct dp_upcall up = { .cmd = OVS_PACKET_CMD_ACTION };
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_USERSPACE_ATTR_PID:
			up.portid = nla_get_u32(a);
			break;
		case OVS_USERSPACE_ATTR_USERDATA:
			up.userdata = a;
			break;
		case OVS_USERSPACE_ATTR_ACTIONS:
			up.actions = acts;
			up.actions_len = len;
			break;
		}
	}
	up.cutlen = cutlen;
	return dp_upcall(dp, skb, key, &up);
}

/* Rewrites of Ethernet addresses keep a CHECKSUM_COMPLETE sum valid. */
static int set_eth(struct sk_buff *skb, const struct ovs_key_ethernet *v,
		   const struct ovs_key_ethernet *m)
{
	struct ethhdr *eth;
	int err, i;

	err = skb_ensure_writable(skb, ETH_HLEN);
	if (err)
		return err;
	eth = eth_hdr(skb);
	skb_postpull_rcsum(skb, eth, 2 * ETH_ALEN);
	for (i = 0; i < ETH_ALEN; i++) {
		eth->h_source[i] = MASKED(eth->h_source[i], v->eth_src[i],
					  m->eth_src[i]);
		eth->h_dest[i] = MASKED(eth->h_dest[i], v->eth_dst[i],
					m->eth_dst[i]);
	}
	skb_postpush_rcsum(skb, eth, 2 * ETH_ALEN);
	return 0;
}

/* Fixes the L4 checksum for a changed pseudo-header address. */
static void l4_addr_changed(struct sk_buff *skb, const struct dp_key *key,
			    __be32 *from, const __be32 *to, bool v6)
{
	int off = skb_transport_offset(skb);

	if (key->ip.frag == OVS_FRAG_TYPE_LATER)
		return;
	if (key->ip.proto == IPPROTO_TCP &&
	    !skb_ensure_writable(skb, off + sizeof(struct tcphdr))) {
		struct tcphdr *th = tcp_hdr(skb);

		if (v6)
			inet_proto_csum_replace16(&th->check, skb, from, to,
						  true);
		else
			inet_proto_csum_replace4(&th->check, skb, *from, *to,
						 true);
	} else if (key->ip.proto == IPPROTO_UDP &&
		   !skb_ensure_writable(skb, off + sizeof(struct udphdr))) {
		struct udphdr *uh = udp_hdr(skb);

		if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL) {
			if (v6)
				inet_proto_csum_replace16(&uh->check, skb,
							  from, to, true);
			else
				inet_proto_csum_replace4(&uh->check, skb,
							 *from, *to, true);
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
		}
	}
}

static int set_ipv4(struct sk_buff *skb, const struct dp_key *key,
		    const struct ovs_key_ipv4 *v, const struct ovs_key_ipv4 *m)
{
	int off = skb_network_offset(skb), err;
	struct iphdr *iph;
	__be32 addr;
	u8 ttl;

	if (key->eth.type != htons(ETH_P_IP) || skb->len < off + sizeof(*iph))
		return 0;
	err = skb_ensure_writable(skb, off + sizeof(*iph));
	if (err)
		return err;
	iph = ip_hdr(skb);

	addr = MASKED(iph->saddr, v->ipv4_src, m->ipv4_src);
	if (addr != iph->saddr) {
		l4_addr_changed(skb, key, &iph->saddr, &addr, false);
		iph = ip_hdr(skb);
		csum_replace4(&iph->check, iph->saddr, addr);
		iph->saddr = addr;
		skb_clear_hash(skb);
	}
	addr = MASKED(iph->daddr, v->ipv4_dst, m->ipv4_dst);
	if (addr != iph->daddr) {
		l4_addr_changed(skb, key, &iph->daddr, &addr, false);
		iph = ip_hdr(skb);
		csum_replace4(&iph->check, iph->daddr, addr);
		iph->daddr = addr;
		skb_clear_hash(skb);
	}
	if (m->ipv4_tos)
		ipv4_change_dsfield(iph, ~m->ipv4_tos,
				    v->ipv4_tos & m->ipv4_tos);
	ttl = MASKED(iph->ttl, v->ipv4_ttl, m->ipv4_ttl);
	if (ttl != iph->ttl) {
		csum_replace2(&iph->check, htons(iph->ttl << 8),
			      htons(ttl << 8));
		iph->ttl = ttl;
	}
	return 0;
}

static int set_ipv6(struct sk_buff *skb, const struct dp_key *key,
		    const struct ovs_key_ipv6 *v, const struct ovs_key_ipv6 *m)
{
	int off = skb_network_offset(skb), err, i;
	struct ipv6hdr *ip6;
	__be32 addr[4], *hdr[2];
	const __be32 *val[2] = { v->ipv6_src, v->ipv6_dst };
	const __be32 *msk[2] = { m->ipv6_src, m->ipv6_dst };
	__be32 label;
	int s;

	if (key->eth.type != htons(ETH_P_IPV6) || skb->len < off + sizeof(*ip6))
		return 0;
	err = skb_ensure_writable(skb, off + sizeof(*ip6));
	if (err)
		return err;
	for (s = 0; s < 2; s++) {
		ip6 = ipv6_hdr(skb);
		hdr[0] = ip6->saddr.s6_addr32;
		hdr[1] = ip6->daddr.s6_addr32;
		for (i = 0; i < 4; i++)
			addr[i] = MASKED(hdr[s][i], val[s][i], msk[s][i]);
		if (!memcmp(addr, hdr[s], sizeof(addr)))
			continue;
		l4_addr_changed(skb, key, hdr[s], addr, true);
		ip6 = ipv6_hdr(skb);
		memcpy(s ? ip6->daddr.s6_addr32 : ip6->saddr.s6_addr32, addr,
		       sizeof(addr));
		skb_clear_hash(skb);
	}
	ip6 = ipv6_hdr(skb);
	if (m->ipv6_tclass)
		ipv6_change_dsfield(ip6, ~m->ipv6_tclass,
				    v->ipv6_tclass & m->ipv6_tclass);
	label = MASKED(*(__be32 *)ip6 & htonl(0x000fffff), v->ipv6_label,
		       m->ipv6_label);
	*(__be32 *)ip6 = (*(__be32 *)ip6 & htonl(0xfff00000)) | label;
	ip6->hop_limit = MASKED(ip6->hop_limit, v->ipv6_hlimit,
				m->ipv6_hlimit);
	return 0;
}

static int set_arp(struct sk_buff *skb, const struct dp_key *key,
		   const struct ovs_key_arp *v, const struct ovs_key_arp *m)
{
	int off = skb_network_offset(skb), len, err, i;
	struct arphdr *arp;
	u8 *p;

	len = sizeof(*arp) + 2 * (ETH_ALEN + 4);
	if ((key->eth.type != htons(ETH_P_ARP) &&
	     key->eth.type != htons(ETH_P_RARP)) || skb->len < off + len)
		return 0;
	err = skb_ensure_writable(skb, off + len);
	if (err)
		return err;
	arp = (struct arphdr *)skb_network_header(skb);
	if (arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		return 0;
	skb_postpull_rcsum(skb, arp, len);
	arp->ar_op = MASKED(arp->ar_op, v->arp_op, m->arp_op);
	p = (u8 *)(arp + 1);
	for (i = 0; i < ETH_ALEN; i++) {
		p[i] = MASKED(p[i], v->arp_sha[i], m->arp_sha[i]);
		p[i + 10] = MASKED(p[i + 10], v->arp_tha[i], m->arp_tha[i]);
	}
	for (i = 0; i < 4; i++) {
		const u8 *vs = (const u8 *)&v->arp_sip;
		const u8 *ms = (const u8 *)&m->arp_sip;
		const u8 *vt = (const u8 *)&v->arp_tip;
		const u8 *mt = (const u8 *)&m->arp_tip;

		p[i + 6] = MASKED(p[i + 6], vs[i], ms[i]);
		p[i + 16] = MASKED(p[i + 16], vt[i], mt[i]);
	}
	skb_postpush_rcsum(skb, arp, len);
	return 0;
}

static int set_ports(struct sk_buff *skb, const struct dp_key *key,
		     const __be16 *v, const __be16 *m)
{
	int off = skb_transport_offset(skb), err, i;
	bool tcp = key->ip.proto == IPPROTO_TCP;
	__sum16 *check;
	__be16 *port;

	err = skb_ensure_writable(skb, off + (tcp ? sizeof(struct tcphdr) :
					      sizeof(struct udphdr)));
	if (err)
		return err;
	if (tcp) {
		port = &tcp_hdr(skb)->source;
		check = &tcp_hdr(skb)->check;
	} else {
		port = &udp_hdr(skb)->source;
		check = &udp_hdr(skb)->check;
	}
	for (i = 0; i < 2; i++) {
		__be16 new = MASKED(port[i], v[i], m[i]);

		if (new == port[i])
			continue;
		if (tcp || *check || skb->ip_summed == CHECKSUM_PARTIAL) {
			inet_proto_csum_replace2(check, skb, port[i], new,
						 false);
			if (!tcp && !*check)
				*check = CSUM_MANGLED_0;
		}
		port[i] = new;
		skb_clear_hash(skb);
	}
	return 0;
}

/* The CRC32c of the SCTP packet at 'off' (linear), as its header holds it
 * (computed with the checksum field zero). */
static __le32 sctp_crc(struct sk_buff *skb, int off)
{
	struct sctphdr *sh = (struct sctphdr *)(skb->data + off);
	__le32 saved = sh->checksum;
	u32 crc;

	sh->checksum = 0;
	crc = __crc32c_le(~0, skb->data + off, skb->len - off);
	sh->checksum = saved;
	return cpu_to_le32(~crc);
}

/*
 * SCTP ports.  The CRC32c covers the whole packet and cannot be updated
 * incrementally like an Internet checksum: compute it before and after,
 * and carry any error the packet arrived with into the new value.  (A
 * checksum left to the device, CHECKSUM_PARTIAL, is filled in later.)
 */
static int set_sctp(struct sk_buff *skb, const struct ovs_key_sctp *v,
		    const struct ovs_key_sctp *m)
{
	int off = skb_transport_offset(skb), err;
	__le32 before = 0, after;
	struct sctphdr *sh;
	bool partial = skb->ip_summed == CHECKSUM_PARTIAL;

	err = skb_ensure_writable(skb, partial ? off + sizeof(*sh) :
				  skb->len);
	if (err)
		return err;
	if (!partial)
		before = sctp_crc(skb, off);
	sh = (struct sctphdr *)(skb->data + off);
	sh->source = MASKED(sh->source, v->sctp_src, m->sctp_src);
	sh->dest = MASKED(sh->dest, v->sctp_dst, m->sctp_dst);
	if (!partial) {
		after = sctp_crc(skb, off);
		sh->checksum ^= before ^ after;
		skb_clear_hash(skb);
	}
	return 0;
}

/*
 * ICMP and ICMPv6 type and code: the first 16-bit word of the header, so
 * one incremental checksum update covers both.  ICMPv6's pseudo-header
 * holds neither field, so the same data-only update is right for it (and
 * leaves a CHECKSUM_PARTIAL sum, which covers the pseudo-header only, as
 * it is).
 */
static int set_icmp(struct sk_buff *skb, const struct ovs_key_icmp *v,
		    const struct ovs_key_icmp *m)
{
	int off = skb_transport_offset(skb), err;
	__be16 old;
	u8 *h;

	if (skb->len < off + 4)
		return 0;
	err = skb_ensure_writable(skb, off + 4);
	if (err)
		return err;
	h = skb_transport_header(skb);
	old = *(__be16 *)h;
	h[0] = MASKED(h[0], v->icmp_type, m->icmp_type);
	h[1] = MASKED(h[1], v->icmp_code, m->icmp_code);
	if (*(__be16 *)h != old) {
		inet_proto_csum_replace2((__sum16 *)(h + 2), skb, old,
					 *(__be16 *)h, false);
		skb_clear_hash(skb);
	}
	return 0;
}

/* The top MPLS label stack entry (the packet must be MPLS). */
static int set_mpls(struct sk_buff *skb, const struct dp_key *key,
		    const __be32 *v, const __be32 *m)
{
	int err;

	if (!eth_p_mpls(key->eth.type))
		return 0;
	err = skb_ensure_writable(skb, skb->mac_len + MPLS_HLEN);
	if (err)
		return err;
	return skb_mpls_update_lse(skb, MASKED(mpls_hdr(skb)->label_stack_entry,
					       *v, *m));
}

static bool is_ip(const struct dp_key *key)
{
	return key->eth.type == htons(ETH_P_IP) ||
	       key->eth.type == htons(ETH_P_IPV6);
}

/* OVS_ACTION_ATTR_SET (mask NULL: every field) or _SET_MASKED. */
static int do_set(struct sk_buff *skb, struct dp_key *key,
		  const struct nlattr *a, bool masked)
{
	const struct nlattr *inner = nla_data(a);
	const void *v = nla_data(inner);
	int len = masked ? nla_len(inner) / 2 : nla_len(inner);
	u8 ones[sizeof(struct ovs_key_ipv6)];
	const void *m = v + len;

	if (!masked) {
		memset(ones, 0xff, sizeof(ones));
		m = ones;
	}
	switch (nla_type(inner)) {
	case OVS_KEY_ATTR_PRIORITY:
		skb->priority = MASKED(skb->priority, *(u32 *)v, *(u32 *)m);
		key->priority = skb->priority;
		return 0;
	case OVS_KEY_ATTR_SKB_MARK:
		skb->mark = MASKED(skb->mark, *(u32 *)v, *(u32 *)m);
		key->skb_mark = skb->mark;
		return 0;
	case OVS_KEY_ATTR_ETHERNET:
		return set_eth(skb, v, m);
	case OVS_KEY_ATTR_IPV4:
		return set_ipv4(skb, key, v, m);
	case OVS_KEY_ATTR_IPV6:
		return set_ipv6(skb, key, v, m);
	case OVS_KEY_ATTR_ARP:
		return set_arp(skb, key, v, m);
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
		if (!is_ip(key) || key->ip.frag == OVS_FRAG_TYPE_LATER ||
		    key->ip.proto != (nla_type(inner) == OVS_KEY_ATTR_TCP ?
				      IPPROTO_TCP : IPPROTO_UDP))
			return 0;
		return set_ports(skb, key, v, m);
	case OVS_KEY_ATTR_SCTP:
		if (!is_ip(key) || key->ip.frag == OVS_FRAG_TYPE_LATER ||
		    key->ip.proto != IPPROTO_SCTP)
			return 0;
		return set_sctp(skb, v, m);
	case OVS_KEY_ATTR_ICMP:
	case OVS_KEY_ATTR_ICMPV6:
		if (key->ip.frag == OVS_FRAG_TYPE_LATER ||
		    (nla_type(inner) == OVS_KEY_ATTR_ICMP ?
		     key->eth.type != htons(ETH_P_IP) ||
		     key->ip.proto != IPPROTO_ICMP :
		     key->eth.type != htons(ETH_P_IPV6) ||
		     key->ip.proto != IPPROTO_ICMPV6))
			return 0;
		/* (struct ovs_key_icmpv6 has the same layout.) */
		return set_icmp(skb, v, m);
	case OVS_KEY_ATTR_MPLS:
		return set_mpls(skb, key, v, m);
	}
	return 0;
}

static void do_hash(struct sk_buff *skb, struct dp_key *key,
		    const struct ovs_action_hash *h)
{
	u32 hash = jhash_1word(skb_get_hash(skb), h->hash_basis);

	key->dp_hash = hash ? hash : 1;
}

/* Runs 'acts' on the packet itself when 'last', else on a copy. */
static void run_nested(struct datapath *dp, struct sk_buff *skb,
		       struct dp_key *key, const struct nlattr *acts,
		       bool last, int depth)
{
	struct dp_key copy;

	if (!last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return;
		copy = *key;
		key = &copy;
	}
	dp_execute_actions(dp, skb, key, nla_data(acts), nla_len(acts),
			   depth + 1);
}

static void do_recirc(struct datapath *dp, struct sk_buff *skb,
		      struct dp_key *key, u32 id, bool last, int depth)
{
	struct dp_key copy;

	if (!last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return;
		copy = *key;
		key = &copy;
	}
	key->recirc_id = id;
	dp_process_flow(dp, skb, key, depth + 1);
}

static void do_sample(struct datapath *dp, struct sk_buff *skb,
		      struct dp_key *key, const struct nlattr *attr,
		      bool last, int depth)
{
	const struct nlattr *a, *acts = NULL;
	u32 prob = 0;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		if (nla_type(a) == OVS_SAMPLE_ATTR_PROBABILITY)
			prob = nla_get_u32(a);
		else if (nla_type(a) == OVS_SAMPLE_ATTR_ACTIONS)
			acts = a;
	}
	if (!prob || (prob != U32_MAX && get_random_u32() > prob)) {
		if (last)
			consume_skb(skb);
		return;
	}
	run_nested(dp, skb, key, acts, last, depth);
}

static void do_check_pkt_len(struct datapath *dp, struct sk_buff *skb,
			     struct dp_key *key, const struct nlattr *attr,
			     bool last, int depth)
{
	const struct nlattr *a, *greater = NULL, *le = NULL;
	unsigned int len = skb->len;
	u16 limit = 0;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_CHECK_PKT_LEN_ATTR_PKT_LEN:
			limit = nla_get_u16(a);
			break;
		case OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER:
			greater = a;
			break;
		case OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL:
			le = a;
			break;
		}
	}
	if (skb_vlan_tag_present(skb))
		len += VLAN_HLEN;
	run_nested(dp, skb, key, len > limit ? greater : le, last, depth);
}

/*
 * Executes 'len' bytes of actions at 'acts' on 'skb' (data at the
 * Ethernet header; 'key' its parsed key).  Always consumes 'skb'.
 */
int dp_execute_actions(struct datapath *dp, struct sk_buff *skb,
		       struct dp_key *key, const struct nlattr *acts, int len,
		       int depth)
{
	const struct nlattr *a;
	u32 cutlen = 0;
	int rem, err = 0;

	if (depth > DP_MAX_DEPTH) {
		net_warn_ratelimited("ovsng: actions nested too deep\n");
		dp_stats_lost(dp);
		kfree_skb(skb);
		return -ELOOP;
	}
	for (a = acts, rem = len; rem > 0; a = nla_next(a, &rem)) {
		bool last = rem <= NLA_ALIGN(a->nla_len);
		struct sk_buff *c;

		switch (nla_type(a)) {
		case OVS_ACTION_ATTR_OUTPUT:
			if (last) {
				do_output(dp, skb, nla_get_u32(a), cutlen);
				return 0;
			}
			c = skb_clone(skb, GFP_ATOMIC);
			if (c)
				do_output(dp, c, nla_get_u32(a), cutlen);
			cutlen = 0;
			break;
		case OVS_ACTION_ATTR_TRUNC:
			cutlen = ((const struct ovs_action_trunc *)
				  nla_data(a))->max_len;
			break;
		case OVS_ACTION_ATTR_USERSPACE:
			do_userspace(dp, skb, key, a, acts, len, cutlen);
			cutlen = 0;
			break;
		case OVS_ACTION_ATTR_SET:
		case OVS_ACTION_ATTR_SET_MASKED:
			err = do_set(skb, key, a, nla_type(a) ==
				     OVS_ACTION_ATTR_SET_MASKED);
			if (!err)
				err = key_extract(skb, key);
			break;
		case OVS_ACTION_ATTR_PUSH_VLAN: {
			const struct ovs_action_push_vlan *v = nla_data(a);

			u16 tci = ntohs(v->vlan_tci) & ~VLAN_CFI_MASK;

			err = skb_vlan_push(skb, v->vlan_tpid, tci);
			if (!err)
				err = key_extract(skb, key);
			break;
		}
		case OVS_ACTION_ATTR_POP_VLAN:
			err = skb_vlan_pop(skb);
			if (!err)
				err = key_extract(skb, key);
			break;
		case OVS_ACTION_ATTR_PUSH_MPLS: {
			const struct ovs_action_push_mpls *p = nla_data(a);

			/* After the Ethernet header and an in-frame VLAN
			 * tag (mac_len, from key_extract()). */
			err = skb_mpls_push(skb, p->mpls_lse, p->mpls_ethertype,
					    skb->mac_len, true);
			if (!err)
				err = key_extract(skb, key);
			break;
		}
		case OVS_ACTION_ATTR_POP_MPLS:
			/* (Does nothing to a packet that is not MPLS.) */
			err = skb_mpls_pop(skb, nla_get_be16(a), skb->mac_len,
					   true);
			if (!err)
				err = key_extract(skb, key);
			break;
		case OVS_ACTION_ATTR_RECIRC:
			do_recirc(dp, skb, key, nla_get_u32(a), last, depth);
			if (last)
				return 0;
			break;
		case OVS_ACTION_ATTR_HASH:
			do_hash(skb, key, nla_data(a));
			break;
		case OVS_ACTION_ATTR_CLONE:
			run_nested(dp, skb, key, a, last, depth);
			if (last)
				return 0;
			break;
		case OVS_ACTION_ATTR_SAMPLE:
			do_sample(dp, skb, key, a, last, depth);
			if (last)
				return 0;
			break;
		case OVS_ACTION_ATTR_CHECK_PKT_LEN:
			do_check_pkt_len(dp, skb, key, a, last, depth);
			if (last)
				return 0;
			break;
		}
		if (err) {
			net_warn_ratelimited("ovsng: action %d failed (%d)\n",
					     nla_type(a), err);
			kfree_skb(skb);
			return err;
		}
	}
	consume_skb(skb);
	return 0;
}
