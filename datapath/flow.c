// SPDX-License-Identifier: GPL-2.0
/*
 * flow.c - packet parsing into a struct dp_key, and the flow table.
 *
 * key_extract() reads a packet whose skb->data points at the Ethernet
 * header and fills every key field it can find, L2 to L4.  It also sets the
 * skb's network and transport header offsets, which the set actions use.
 *
 * The flow table is a list of masks plus two fixed-size hash tables of
 * flows: one keyed by (mask, masked key) and one by UFID.  A lookup masks
 * the packet's key with each mask in turn and probes the hash table; the
 * number of probes is what OVS_DP_ATTR_MEGAFLOW_STATS reports as mask hits.
 * Writers hold RTNL; readers use RCU.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/sctp.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ndisc.h>

#include "datapath.h"

static struct kmem_cache *flow_cache;

/* ---- packet parsing ---- */

static bool may_pull(struct sk_buff *skb, unsigned int len)
{
	return pskb_may_pull(skb, len);
}

static void parse_icmpv6_nd(struct sk_buff *skb, struct dp_key *key,
			    int off, int len)
{
	struct nd_msg *nd;
	int opt, end;

	if (len < (int)sizeof(*nd) || !may_pull(skb, off + len))
		return;
	nd = (struct nd_msg *)(skb->data + off);
	key->nd.target = nd->target;
	end = off + len;
	for (opt = off + sizeof(*nd); opt + 8 <= end;) {
		const u8 *o = skb->data + opt;
		int olen = o[1] * 8;

		if (!olen || opt + olen > end)
			break;
		if (olen == 8 && o[0] == ND_OPT_SOURCE_LL_ADDR &&
		    key->tp.src == htons(NDISC_NEIGHBOUR_SOLICITATION))
			ether_addr_copy(key->nd.sll, o + 2);
		else if (olen == 8 && o[0] == ND_OPT_TARGET_LL_ADDR &&
			 key->tp.src == htons(NDISC_NEIGHBOUR_ADVERTISEMENT))
			ether_addr_copy(key->nd.tll, o + 2);
		opt += olen;
	}
}

/* L4 at offset 'off' with protocol 'proto'.  Truncated headers leave the
 * L4 fields zero, as a packet without them would. */
static void parse_l4(struct sk_buff *skb, struct dp_key *key, int off,
		     bool is_v6)
{
	skb_set_transport_header(skb, off);
	switch (key->ip.proto) {
	case IPPROTO_TCP:
		if (may_pull(skb, off + sizeof(struct tcphdr))) {
			struct tcphdr *th = (struct tcphdr *)(skb->data + off);

			key->tp.src = th->source;
			key->tp.dst = th->dest;
			key->tp.flags = tcp_flag_word(th) & htons(0x0fff);
		}
		break;
	case IPPROTO_UDP:
		if (may_pull(skb, off + sizeof(struct udphdr))) {
			struct udphdr *uh = (struct udphdr *)(skb->data + off);

			key->tp.src = uh->source;
			key->tp.dst = uh->dest;
		}
		break;
	case IPPROTO_SCTP:
		if (may_pull(skb, off + sizeof(struct sctphdr))) {
			struct sctphdr *sh =
				(struct sctphdr *)(skb->data + off);

			key->tp.src = sh->source;
			key->tp.dst = sh->dest;
		}
		break;
	case IPPROTO_ICMP:
		if (!is_v6 && may_pull(skb, off + sizeof(struct icmphdr))) {
			struct icmphdr *ih =
				(struct icmphdr *)(skb->data + off);

			key->tp.src = htons(ih->type);
			key->tp.dst = htons(ih->code);
		}
		break;
	case IPPROTO_ICMPV6:
		if (is_v6 && may_pull(skb, off + sizeof(struct icmp6hdr))) {
			struct icmp6hdr *ih =
				(struct icmp6hdr *)(skb->data + off);
			u8 type = ih->icmp6_type;

			key->tp.src = htons(type);
			key->tp.dst = htons(ih->icmp6_code);
			if (!ih->icmp6_code &&
			    (type == NDISC_NEIGHBOUR_SOLICITATION ||
			     type == NDISC_NEIGHBOUR_ADVERTISEMENT))
				parse_icmpv6_nd(skb, key, off,
						skb->len - off);
		}
		break;
	}
}

static void parse_ipv4(struct sk_buff *skb, struct dp_key *key, int off)
{
	struct iphdr *iph;
	int ihl;

	if (!may_pull(skb, off + sizeof(*iph)))
		return;
	iph = (struct iphdr *)(skb->data + off);
	ihl = iph->ihl * 4;
	if (ihl < sizeof(*iph) || !may_pull(skb, off + ihl))
		return;
	iph = (struct iphdr *)(skb->data + off);
	key->nw.ipv4.src = iph->saddr;
	key->nw.ipv4.dst = iph->daddr;
	key->ip.proto = iph->protocol;
	key->ip.tos = iph->tos;
	key->ip.ttl = iph->ttl;
	if (iph->frag_off & htons(IP_OFFSET)) {
		key->ip.frag = OVS_FRAG_TYPE_LATER;
		return;
	}
	if (iph->frag_off & htons(IP_MF))
		key->ip.frag = OVS_FRAG_TYPE_FIRST;
	parse_l4(skb, key, off + ihl, false);
}

static void parse_ipv6(struct sk_buff *skb, struct dp_key *key, int off)
{
	struct ipv6hdr *ip6;
	__be16 frag_off = 0;
	u8 nexthdr;
	int l4;

	if (!may_pull(skb, off + sizeof(*ip6)))
		return;
	ip6 = (struct ipv6hdr *)(skb->data + off);
	key->nw.ipv6.src = ip6->saddr;
	key->nw.ipv6.dst = ip6->daddr;
	key->nw.ipv6.label = *(__be32 *)ip6 & htonl(0x000fffff);
	key->ip.tos = ipv6_get_dsfield(ip6);
	key->ip.ttl = ip6->hop_limit;
	nexthdr = ip6->nexthdr;
	l4 = ipv6_skip_exthdr(skb, off + sizeof(*ip6), &nexthdr, &frag_off);
	if (l4 < 0)
		return;
	key->ip.proto = nexthdr;
	if (frag_off) {
		if (frag_off & htons(~0x7)) {
			key->ip.frag = OVS_FRAG_TYPE_LATER;
			return;
		}
		key->ip.frag = OVS_FRAG_TYPE_FIRST;
	}
	parse_l4(skb, key, l4, true);
}

static void parse_arp(struct sk_buff *skb, struct dp_key *key, int off)
{
	struct arphdr *arp;
	const u8 *p;

	if (!may_pull(skb, off + sizeof(*arp) + 2 * (ETH_ALEN + 4)))
		return;
	arp = (struct arphdr *)(skb->data + off);
	if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		return;
	if (ntohs(arp->ar_op) <= 0xff)
		key->ip.proto = ntohs(arp->ar_op);
	p = (const u8 *)(arp + 1);
	ether_addr_copy(key->nw.arp.sha, p);
	memcpy(&key->nw.arp.sip, p + ETH_ALEN, 4);
	ether_addr_copy(key->nw.arp.tha, p + ETH_ALEN + 4);
	memcpy(&key->nw.arp.tip, p + 2 * ETH_ALEN + 4, 4);
}

/*
 * Fills the packet fields of 'key' (metadata fields are left alone) and
 * sets the skb's network/transport header offsets.  skb->data must point
 * at the Ethernet header.  Returns 0, or -EINVAL for a runt frame.
 */
int key_extract(struct sk_buff *skb, struct dp_key *key)
{
	struct ethhdr *eth;
	__be16 type;
	int off;

	memset((u8 *)key + offsetof(struct dp_key, eth), 0,
	       sizeof(*key) - offsetof(struct dp_key, eth));
	skb_reset_mac_header(skb);
	if (!may_pull(skb, ETH_HLEN))
		return -EINVAL;
	eth = eth_hdr(skb);
	ether_addr_copy(key->eth.src, eth->h_source);
	ether_addr_copy(key->eth.dst, eth->h_dest);
	off = ETH_HLEN;
	type = eth->h_proto;
	/* skb_vlan_push()/pop() read the type in the frame from here. */
	skb->protocol = ntohs(type) >= ETH_P_802_3_MIN ? type :
			htons(ETH_P_802_2);

	if (skb_vlan_tag_present(skb)) {
		key->eth.tci = htons(skb_vlan_tag_get(skb) | VLAN_CFI_MASK);
		key->eth.tpid = skb->vlan_proto;
	} else if (eth_type_vlan(type) && may_pull(skb, off + VLAN_HLEN)) {
		struct vlan_hdr *vh = (struct vlan_hdr *)(skb->data + off);

		key->eth.tci = vh->h_vlan_TCI | htons(VLAN_CFI_MASK);
		key->eth.tpid = type;
		type = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}

	if (ntohs(type) < ETH_P_802_3_MIN) {
		/* 802.2 LLC (SNAP is not decoded further). */
		type = htons(DP_ETH_P_802_2);
	}
	key->eth.type = type;
	skb_set_network_header(skb, off);
	skb->mac_len = off;

	switch (ntohs(type)) {
	case ETH_P_IP:
		parse_ipv4(skb, key, off);
		break;
	case ETH_P_IPV6:
		parse_ipv6(skb, key, off);
		break;
	case ETH_P_ARP:
	case ETH_P_RARP:
		parse_arp(skb, key, off);
		break;
	}
	return 0;
}

/* ---- the flow table ---- */

void key_mask(struct dp_key *dst, const struct dp_key *src,
	      const struct dp_key *mask)
{
	const unsigned long *s = (const unsigned long *)src;
	const unsigned long *m = (const unsigned long *)mask;
	unsigned long *d = (unsigned long *)dst;
	size_t i;

	for (i = 0; i < DP_KEY_WORDS; i++)
		d[i] = s[i] & m[i];
}

static u32 key_hash(const struct dp_key *key, const struct dp_mask *mask)
{
	return jhash2((const u32 *)key, sizeof(*key) / 4,
		      (u32)(unsigned long)mask);
}

static struct hlist_head *key_bucket(const struct dp_table *t, u32 hash)
{
	return &t->key_buckets[hash & (DP_FLOW_BUCKETS - 1)];
}

static struct hlist_head *ufid_bucket(const struct dp_table *t,
				      const u8 *ufid, u32 len)
{
	return &t->ufid_buckets[jhash(ufid, len, 0) & (DP_FLOW_BUCKETS - 1)];
}

int table_init(struct dp_table *t)
{
	INIT_LIST_HEAD(&t->masks);
	t->key_buckets = kvcalloc(DP_FLOW_BUCKETS, sizeof(struct hlist_head),
				  GFP_KERNEL);
	t->ufid_buckets = kvcalloc(DP_FLOW_BUCKETS,
				   sizeof(struct hlist_head), GFP_KERNEL);
	if (!t->key_buckets || !t->ufid_buckets) {
		kvfree(t->key_buckets);
		kvfree(t->ufid_buckets);
		return -ENOMEM;
	}
	t->n_flows = 0;
	t->n_masks = 0;
	return 0;
}

void table_flush(struct dp_table *t)
{
	struct dp_flow *flow;
	struct hlist_node *n;
	int i;

	for (i = 0; i < DP_FLOW_BUCKETS; i++)
		hlist_for_each_entry_safe(flow, n, &t->key_buckets[i],
					  key_node)
			table_remove(t, flow);
}

/* Called after the datapath is unreachable and a grace period passed. */
void table_destroy(struct dp_table *t)
{
	table_flush(t);
	kvfree(t->key_buckets);
	kvfree(t->ufid_buckets);
}

struct dp_flow *table_lookup(const struct dp_table *t,
			     const struct dp_key *key, u32 *n_mask_hit)
{
	struct dp_mask *mask;
	struct dp_key masked;

	*n_mask_hit = 0;
	list_for_each_entry_rcu(mask, &t->masks, node) {
		struct dp_flow *flow;
		u32 hash;

		(*n_mask_hit)++;
		key_mask(&masked, key, &mask->key);
		hash = key_hash(&masked, mask);
		hlist_for_each_entry_rcu(flow, key_bucket(t, hash), key_node)
			if (flow->mask == mask && flow->hash == hash &&
			    !memcmp(&flow->key, &masked, sizeof(masked)))
				return flow;
	}
	return NULL;
}

/* The flow installed with exactly this key and mask ('key' unmasked). */
struct dp_flow *table_find_exact(const struct dp_table *t,
				 const struct dp_key *key,
				 const struct dp_key *mask)
{
	struct dp_mask *m;

	list_for_each_entry_rcu(m, &t->masks, node) {
		struct dp_flow *flow;
		struct dp_key masked;
		u32 hash;

		if (memcmp(&m->key, mask, sizeof(*mask)))
			continue;
		key_mask(&masked, key, mask);
		hash = key_hash(&masked, m);
		hlist_for_each_entry_rcu(flow, key_bucket(t, hash), key_node)
			if (flow->mask == m &&
			    !memcmp(&flow->key, &masked, sizeof(masked)))
				return flow;
	}
	return NULL;
}

/* The flow whose key, as installed, was 'key' (whatever its mask). */
struct dp_flow *table_find_unmasked(const struct dp_table *t,
				    const struct dp_key *key)
{
	struct dp_mask *m;

	list_for_each_entry_rcu(m, &t->masks, node) {
		struct dp_flow *flow;
		struct dp_key masked;
		u32 hash;

		key_mask(&masked, key, &m->key);
		hash = key_hash(&masked, m);
		hlist_for_each_entry_rcu(flow, key_bucket(t, hash), key_node)
			if (flow->mask == m &&
			    !memcmp(&flow->unmasked, key, sizeof(*key)))
				return flow;
	}
	return NULL;
}

struct dp_flow *table_find_ufid(const struct dp_table *t, const u8 *ufid,
				u32 len)
{
	struct dp_flow *flow;

	hlist_for_each_entry_rcu(flow, ufid_bucket(t, ufid, len), ufid_node)
		if (flow->ufid_len == len && !memcmp(flow->ufid, ufid, len))
			return flow;
	return NULL;
}

static struct dp_mask *mask_get(struct dp_table *t, const struct dp_key *key)
{
	struct dp_mask *m;

	list_for_each_entry(m, &t->masks, node)
		if (!memcmp(&m->key, key, sizeof(*key))) {
			m->refcount++;
			return m;
		}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	m->key = *key;
	m->refcount = 1;
	list_add_tail_rcu(&m->node, &t->masks);
	t->n_masks++;
	return m;
}

static void mask_put(struct dp_table *t, struct dp_mask *m)
{
	if (--m->refcount)
		return;
	list_del_rcu(&m->node);
	t->n_masks--;
	kfree_rcu(m, rcu);
}

/* 'flow->key' holds the unmasked key; it is masked here. */
int table_insert(struct dp_table *t, struct dp_flow *flow,
		 const struct dp_key *mask)
{
	flow->mask = mask_get(t, mask);
	if (!flow->mask)
		return -ENOMEM;
	flow->unmasked = flow->key;
	key_mask(&flow->key, &flow->key, mask);
	flow->hash = key_hash(&flow->key, flow->mask);
	hlist_add_head_rcu(&flow->key_node, key_bucket(t, flow->hash));
	if (flow->ufid_len)
		hlist_add_head_rcu(&flow->ufid_node,
				   ufid_bucket(t, flow->ufid, flow->ufid_len));
	t->n_flows++;
	return 0;
}

void table_remove(struct dp_table *t, struct dp_flow *flow)
{
	hlist_del_rcu(&flow->key_node);
	if (flow->ufid_len)
		hlist_del_rcu(&flow->ufid_node);
	mask_put(t, flow->mask);
	t->n_flows--;
	flow_free(flow);
}

/* Iteration for dumps: the flow at (*bucket, *index), advancing both.  A
 * dump that races with changes may skip or repeat flows, as upstream's. */
struct dp_flow *table_dump_next(const struct dp_table *t, u32 *bucket,
				u32 *index)
{
	for (; *bucket < DP_FLOW_BUCKETS; (*bucket)++, *index = 0) {
		struct dp_flow *flow;
		u32 i = 0;

		hlist_for_each_entry_rcu(flow, &t->key_buckets[*bucket],
					 key_node)
			if (i++ == *index) {
				(*index)++;
				return flow;
			}
	}
	return NULL;
}

struct dp_flow *flow_alloc(void)
{
	struct dp_flow *flow = kmem_cache_zalloc(flow_cache, GFP_KERNEL);

	if (flow)
		spin_lock_init(&flow->lock);
	return flow;
}

static void flow_free_rcu(struct rcu_head *rcu)
{
	struct dp_flow *flow = container_of(rcu, struct dp_flow, rcu);

	kfree(rcu_dereference_raw(flow->acts));
	kmem_cache_free(flow_cache, flow);
}

void flow_free(struct dp_flow *flow)
{
	if (flow)
		call_rcu(&flow->rcu, flow_free_rcu);
}

void flow_used(struct dp_flow *flow, const struct sk_buff *skb,
	       const struct dp_key *key)
{
	spin_lock(&flow->lock);
	flow->packets++;
	flow->bytes += skb->len;
	flow->used = jiffies;
	if (key->ip.proto == IPPROTO_TCP &&
	    (key->eth.type == htons(ETH_P_IP) ||
	     key->eth.type == htons(ETH_P_IPV6)))
		flow->tcp_flags |= key->tp.flags;
	spin_unlock(&flow->lock);
}

int flow_cache_init(void)
{
	flow_cache = kmem_cache_create("ovsng_flow", sizeof(struct dp_flow),
				       0, 0, NULL);
	return flow_cache ? 0 : -ENOMEM;
}

void flow_cache_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(flow_cache);
}
