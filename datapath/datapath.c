// SPDX-License-Identifier: GPL-2.0
/*
 * datapath.c - the module: Generic Netlink families, the packet path and
 * upcalls.
 *
 * Four families speak the ABI of <linux/openvswitch.h>: ovs_datapath
 * (create/delete/get/set/dump datapaths), ovs_vport (ports), ovs_flow (the
 * flow table) and ovs_packet (execute a packet; upcalls are sent in this
 * family).  Each has one multicast group; every change is announced there
 * and echoed to the requester when it asked (NLM_F_ECHO).
 *
 * Requests are validated up front: the families' policies check attribute
 * types, check_attrs() the exact sizes of fixed-size attributes, and
 * flow_netlink.c everything nested.  All changes hold RTNL (datapath.h).
 *
 * A packet's way: vport.c hands it to dp_process_packet(), which extracts
 * the key and calls dp_process_flow(): a flow table hit runs the flow's
 * actions (actions.c), a miss becomes an OVS_PACKET_CMD_MISS upcall to the
 * Netlink port id of the input vport (or of the current CPU, with
 * OVS_DP_F_DISPATCH_UPCALL_PER_CPU).
 */
#include <linux/if_vlan.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "datapath.h"

static LIST_HEAD(dps);		/* all datapaths, every netns; RTNL + RCU */

static struct genl_family dp_datapath_genl_family;
struct genl_family dp_vport_genl_family;
static struct genl_family dp_flow_genl_family;
static struct genl_family dp_packet_genl_family;

#define DP_FEATURES (OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS | \
		     OVS_DP_F_TC_RECIRC_SHARING | \
		     OVS_DP_F_DISPATCH_UPCALL_PER_CPU)

/* ---- helpers ---- */

/* Exact payload sizes of fixed-size attributes, index by attribute type;
 * 0: variable or not fixed.  The policies only check minimum sizes. */
static int check_attrs(struct nlattr **attrs, const u8 *sizes, int max)
{
	int i;

	for (i = 1; i <= max; i++)
		if (attrs[i] && sizes[i] && nla_len(attrs[i]) != sizes[i])
			return -EINVAL;
	return 0;
}

static struct ovs_header *ovs_hdr(struct genl_info *info)
{
	return info->userhdr;
}

static struct dp_pids *pids_from_attr(const struct nlattr *a)
{
	struct dp_pids *p;
	int n = nla_len(a) / sizeof(u32);

	if (!n || nla_len(a) % sizeof(u32))
		return ERR_PTR(-EINVAL);
	p = kmalloc(struct_size(p, ids, n), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->n = n;
	memcpy(p->ids, nla_data(a), n * sizeof(u32));
	return p;
}

struct dp_vport *dp_lookup_port(const struct datapath *dp, u32 port_no)
{
	struct dp_vport *vport;

	hlist_for_each_entry_rcu(vport, &dp->ports[port_no % DP_PORT_BUCKETS],
				 node, lockdep_rtnl_is_held())
		if (vport->port_no == port_no)
			return vport;
	return NULL;
}

static struct net_device *dp_local_dev(const struct datapath *dp)
{
	struct dp_vport *local = dp_lookup_port(dp, OVSP_LOCAL);

	return local ? local->dev : NULL;
}

int dp_local_ifindex(const struct datapath *dp)
{
	struct net_device *dev = dp_local_dev(dp);

	return dev ? dev->ifindex : 0;
}

/* The datapath whose local port has 'ifindex', or (ifindex 0) whose name
 * is in 'name_attr'.  Caller holds RTNL or rcu_read_lock(). */
static struct datapath *get_dp(struct net *net, int ifindex,
			       const struct nlattr *name_attr)
{
	struct net_device *dev = NULL;
	struct dp_vport *vport;

	if (ifindex)
		dev = dev_get_by_index_rcu(net, ifindex);
	else if (name_attr)
		dev = dev_get_by_name_rcu(net, nla_data(name_attr));
	if (!dev)
		return NULL;
	vport = vport_from_dev(dev);
	return vport && vport->port_no == OVSP_LOCAL ? vport->dp : NULL;
}

static struct datapath *get_dp_info(struct genl_info *info,
				    const struct nlattr *name_attr)
{
	struct datapath *dp;

	rcu_read_lock();
	dp = get_dp(genl_info_net(info), ovs_hdr(info)->dp_ifindex,
		    name_attr);
	rcu_read_unlock();
	return dp;	/* stays valid: the caller holds RTNL */
}

void dp_stats_lost(struct datapath *dp)
{
	struct dp_stats *s = this_cpu_ptr(dp->stats);

	u64_stats_update_begin(&s->syncp);
	s->lost++;
	u64_stats_update_end(&s->syncp);
}

/* ---- the packet path ---- */

u32 dp_vport_upcall_portid(const struct dp_vport *vport, struct sk_buff *skb)
{
	struct dp_pids *p = rcu_dereference(vport->pids);

	if (!p)
		return 0;
	if (p->n == 1)
		return p->ids[0];
	return p->ids[reciprocal_scale(skb_get_hash(skb), p->n)];
}

static u32 miss_portid(struct datapath *dp, const struct dp_key *key,
		       struct sk_buff *skb)
{
	struct dp_vport *vport;

	if (dp->user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) {
		struct dp_pids *p = rcu_dereference(dp->cpu_pids);

		return p ? p->ids[smp_processor_id() % p->n] : 0;
	}
	vport = dp_lookup_port(dp, key->in_port);
	return vport ? dp_vport_upcall_portid(vport, skb) : 0;
}

/* Looks 'key' up and runs the flow, or sends a miss upcall.  Consumes
 * 'skb'.  Called with BHs disabled, under RCU. */
void dp_process_flow(struct datapath *dp, struct sk_buff *skb,
		     struct dp_key *key, int depth)
{
	struct dp_stats *stats = this_cpu_ptr(dp->stats);
	struct dp_actions *acts;
	struct dp_flow *flow;
	u32 n_mask_hit;

	flow = table_lookup(&dp->table, key, &n_mask_hit);
	u64_stats_update_begin(&stats->syncp);
	if (flow)
		stats->hit++;
	else
		stats->missed++;
	stats->mask_hit += n_mask_hit;
	u64_stats_update_end(&stats->syncp);

	if (!flow) {
		struct dp_upcall up = {
			.cmd = OVS_PACKET_CMD_MISS,
			.portid = miss_portid(dp, key, skb),
		};

		if (dp_upcall(dp, skb, key, &up))
			kfree_skb(skb);
		else
			consume_skb(skb);
		return;
	}
	flow_used(flow, skb, key);
	acts = rcu_dereference(flow->acts);
	dp_execute_actions(dp, skb, key, acts->attrs, acts->len, depth);
}

/* A packet received on 'vport', data at its Ethernet header. */
void dp_process_packet(struct dp_vport *vport, struct sk_buff *skb)
{
	struct dp_key key;

	key.priority = skb->priority;
	key.skb_mark = skb->mark;
	key.in_port = vport->port_no;
	key.recirc_id = 0;
	key.dp_hash = 0;
	if (key_extract(skb, &key)) {
		/* A runt: shorter than an Ethernet header. */
		dev_core_stats_rx_dropped_inc(vport->dev);
		kfree_skb(skb);
		return;
	}
	dp_process_flow(vport->dp, skb, &key, 0);
}

static int upcall_one(struct datapath *dp, struct sk_buff *skb,
		      const struct dp_key *key, const struct dp_upcall *up)
{
	bool tagged = skb_vlan_tag_present(skb);
	unsigned int len = skb->len + (tagged ? VLAN_HLEN : 0);
	unsigned int plen = up->cutlen && up->cutlen < len ? up->cutlen : len;
	struct ovs_header *hdr;
	struct sk_buff *msg;
	struct nlattr *nla;
	size_t size;
	u8 *data;
	int err;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		err = skb_checksum_help(skb);
		if (err)
			return err;
	}
	size = NLMSG_ALIGN(sizeof(*hdr)) + nla_total_size(key_nlattrs_size()) +
	       nla_total_size(sizeof(u32)) + nla_total_size(plen) +
	       nla_total_size(up->actions_len) +
	       (up->userdata ? nla_total_size(nla_len(up->userdata)) : 0);
	msg = genlmsg_new(size, GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &dp_packet_genl_family, 0, up->cmd);
	if (!hdr)
		goto toobig;
	hdr->dp_ifindex = dp_local_ifindex(dp);
	if (key_to_nlattrs(msg, OVS_PACKET_ATTR_KEY, key, key, false))
		goto toobig;
	if (up->userdata &&
	    nla_put(msg, OVS_PACKET_ATTR_USERDATA, nla_len(up->userdata),
		    nla_data(up->userdata)))
		goto toobig;
	if (up->actions &&
	    nla_put(msg, OVS_PACKET_ATTR_ACTIONS, up->actions_len,
		    up->actions))
		goto toobig;
	if (plen < len && nla_put_u32(msg, OVS_PACKET_ATTR_LEN, len))
		goto toobig;
	nla = nla_reserve(msg, OVS_PACKET_ATTR_PACKET, plen);
	if (!nla)
		goto toobig;
	data = nla_data(nla);
	if (tagged && plen >= 2 * ETH_ALEN + VLAN_HLEN) {
		/* Userspace sees the tag in the frame, where it was. */
		__be16 tag[2] = { skb->vlan_proto,
				  htons(skb_vlan_tag_get(skb)) };

		skb_copy_bits(skb, 0, data, 2 * ETH_ALEN);
		memcpy(data + 2 * ETH_ALEN, tag, VLAN_HLEN);
		skb_copy_bits(skb, 2 * ETH_ALEN, data + 2 * ETH_ALEN +
			      VLAN_HLEN, plen - 2 * ETH_ALEN - VLAN_HLEN);
	} else {
		skb_copy_bits(skb, 0, data, min(plen, skb->len));
	}
	genlmsg_end(msg, hdr);
	return genlmsg_unicast(dp->net, msg, up->portid);

toobig:
	kfree_skb(msg);
	return -EMSGSIZE;
}

/* Sends 'skb' (not consumed) to userspace; GSO packets go as segments.
 * Failures count as lost packets. */
int dp_upcall(struct datapath *dp, struct sk_buff *skb,
	      const struct dp_key *key, const struct dp_upcall *up)
{
	int err;

	if (!up->portid) {
		err = -ENOTCONN;
	} else if (skb_is_gso(skb)) {
		struct sk_buff *segs, *seg, *next;

		segs = __skb_gso_segment(skb, NETIF_F_SG, false);
		if (IS_ERR(segs)) {
			err = PTR_ERR(segs);
		} else {
			err = 0;
			skb_list_walk_safe(segs, seg, next) {
				if (!err)
					err = upcall_one(dp, seg, key, up);
				kfree_skb(seg);
			}
		}
	} else {
		err = upcall_one(dp, skb, key, up);
	}
	if (err) {
		dp_stats_lost(dp);
		net_dbg_ratelimited("ovsng_dp: upcall to port id %u lost (%d)\n",
				    up->portid, err);
	}
	return err;
}

/* ---- ovs_datapath ---- */

static const struct nla_policy dp_policy[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_DP_ATTR_UPCALL_PID] = { .type = NLA_U32 },
	[OVS_DP_ATTR_USER_FEATURES] = { .type = NLA_U32 },
	[OVS_DP_ATTR_MASKS_CACHE_SIZE] = { .type = NLA_U32 },
	[OVS_DP_ATTR_PER_CPU_PIDS] = { .type = NLA_BINARY },
};

static const u8 dp_sizes[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_UPCALL_PID] = 4,
	[OVS_DP_ATTR_USER_FEATURES] = 4,
	[OVS_DP_ATTR_MASKS_CACHE_SIZE] = 4,
};

static const struct genl_multicast_group dp_datapath_mcgrp = {
	.name = OVS_DATAPATH_MCGROUP,
};

static int dp_fill(struct datapath *dp, struct sk_buff *skb, u32 portid,
		   u32 seq, u32 flags, u8 cmd)
{
	struct ovs_dp_megaflow_stats mstats = {};
	struct ovs_dp_stats stats = {};
	struct ovs_header *hdr;
	struct net_device *local = dp_local_dev(dp);
	int cpu;

	hdr = genlmsg_put(skb, portid, seq, &dp_datapath_genl_family, flags,
			  cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = local ? local->ifindex : 0;

	for_each_possible_cpu(cpu) {
		const struct dp_stats *s = per_cpu_ptr(dp->stats, cpu);
		u64 hit, missed, lost, mask_hit;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			hit = s->hit;
			missed = s->missed;
			lost = s->lost;
			mask_hit = s->mask_hit;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		stats.n_hit += hit;
		stats.n_missed += missed;
		stats.n_lost += lost;
		mstats.n_mask_hit += mask_hit;
	}
	stats.n_flows = dp->table.n_flows;
	mstats.n_masks = dp->table.n_masks;

	if (nla_put_string(skb, OVS_DP_ATTR_NAME, local ? local->name : "") ||
	    nla_put_64bit(skb, OVS_DP_ATTR_STATS, sizeof(stats), &stats,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_MEGAFLOW_STATS, sizeof(mstats),
			  &mstats, OVS_DP_ATTR_PAD) ||
	    nla_put_u32(skb, OVS_DP_ATTR_USER_FEATURES, dp->user_features)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static struct sk_buff *dp_reply(struct datapath *dp, struct genl_info *info,
				u8 cmd)
{
	struct sk_buff *skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	if (!skb)
		return ERR_PTR(-ENOMEM);
	if (dp_fill(dp, skb, info->snd_portid, info->snd_seq, 0, cmd)) {
		kfree_skb(skb);
		return ERR_PTR(-EMSGSIZE);
	}
	return skb;
}

/* Applies USER_FEATURES and PER_CPU_PIDS from a NEW or SET request. */
static int dp_change(struct datapath *dp, struct nlattr **a)
{
	u32 features = dp->user_features;

	if (a[OVS_DP_ATTR_USER_FEATURES]) {
		features = nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]);
		if (features & ~DP_FEATURES) {
			pr_debug("ovsng_dp: user features %#x refused\n",
				 features);
			return -EOPNOTSUPP;
		}
	}
	if (a[OVS_DP_ATTR_MASKS_CACHE_SIZE]) {
		pr_debug("ovsng_dp: mask cache size %u refused\n",
			 nla_get_u32(a[OVS_DP_ATTR_MASKS_CACHE_SIZE]));
		return -EOPNOTSUPP;	/* there is no mask cache */
	}
	if (a[OVS_DP_ATTR_PER_CPU_PIDS]) {
		struct dp_pids *p, *old;

		p = pids_from_attr(a[OVS_DP_ATTR_PER_CPU_PIDS]);
		if (IS_ERR(p)) {
			pr_debug("ovsng_dp: per-CPU upcall pids refused (%d bytes)\n",
				 nla_len(a[OVS_DP_ATTR_PER_CPU_PIDS]));
			return PTR_ERR(p);
		}
		old = rtnl_dereference(dp->cpu_pids);
		rcu_assign_pointer(dp->cpu_pids, p);
		kfree_rcu(old, rcu);
	}
	dp->user_features = features;
	pr_debug("ovsng_dp: user features %#x, %u per-CPU upcall pid(s)\n",
		 features, a[OVS_DP_ATTR_PER_CPU_PIDS] ?
		 nla_len(a[OVS_DP_ATTR_PER_CPU_PIDS]) / 4 : 0);
	return 0;
}

static void dp_free_rcu(struct rcu_head *rcu)
{
	struct datapath *dp = container_of(rcu, struct datapath, rcu);

	table_destroy(&dp->table);
	free_percpu(dp->stats);
	kfree(rcu_dereference_raw(dp->cpu_pids));
	kfree(dp);
}

static void dp_unlink_vport(struct dp_vport *vport)
{
	hlist_del_rcu(&vport->node);
	vport_destroy(vport);
}

static void dp_destroy(struct datapath *dp)
{
	struct dp_vport *vport;
	struct hlist_node *n;
	int i;

	ASSERT_RTNL();
	list_del_rcu(&dp->node);
	table_flush(&dp->table);
	for (i = 0; i < DP_PORT_BUCKETS; i++)
		hlist_for_each_entry_safe(vport, n, &dp->ports[i], node)
			if (vport->port_no != OVSP_LOCAL)
				dp_unlink_vport(vport);
	/* The local port last: its ifindex names the datapath. */
	vport = dp_lookup_port(dp, OVSP_LOCAL);
	if (vport)
		dp_unlink_vport(vport);
	call_rcu(&dp->rcu, dp_free_rcu);
}

static int dp_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct dp_vport *local;
	struct datapath *dp;
	struct sk_buff *reply;
	struct dp_pids *pids;
	int err, i;

	err = check_attrs(a, dp_sizes, OVS_DP_ATTR_MAX);
	if (err)
		return err;
	if (!a[OVS_DP_ATTR_NAME] || !a[OVS_DP_ATTR_UPCALL_PID])
		return -EINVAL;
	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (!dp)
		return -ENOMEM;
	dp->net = genl_info_net(info);
	for (i = 0; i < DP_PORT_BUCKETS; i++)
		INIT_HLIST_HEAD(&dp->ports[i]);
	dp->stats = netdev_alloc_pcpu_stats(struct dp_stats);
	err = -ENOMEM;
	if (!dp->stats)
		goto err_free;
	err = table_init(&dp->table);
	if (err)
		goto err_free;
	pids = pids_from_attr(a[OVS_DP_ATTR_UPCALL_PID]);
	if (IS_ERR(pids)) {
		err = PTR_ERR(pids);
		goto err_table;
	}

	rtnl_lock();
	err = dp_change(dp, a);
	if (err)
		goto err_unlock;
	local = vport_create(dp, dp->net, OVS_VPORT_TYPE_INTERNAL,
			     nla_data(a[OVS_DP_ATTR_NAME]), OVSP_LOCAL);
	if (IS_ERR(local)) {
		err = PTR_ERR(local);
		goto err_unlock;
	}
	rcu_assign_pointer(local->pids, pids);
	hlist_add_head_rcu(&local->node, &dp->ports[0]);
	list_add_tail_rcu(&dp->node, &dps);
	reply = dp_reply(dp, info, OVS_DP_CMD_NEW);
	rtnl_unlock();
	if (!IS_ERR(reply))
		genl_notify(&dp_datapath_genl_family, reply, info, 0,
			    GFP_KERNEL);
	return 0;

err_unlock:
	rtnl_unlock();
	kfree(pids);
	kfree(rcu_dereference_raw(dp->cpu_pids));
err_table:
	table_destroy(&dp->table);
err_free:
	free_percpu(dp->stats);
	kfree(dp);
	return err;
}

static int dp_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	struct datapath *dp;
	int err;

	err = check_attrs(info->attrs, dp_sizes, OVS_DP_ATTR_MAX);
	if (err)
		return err;
	rtnl_lock();
	dp = get_dp_info(info, info->attrs[OVS_DP_ATTR_NAME]);
	if (!dp) {
		rtnl_unlock();
		return -ENODEV;
	}
	reply = dp_reply(dp, info, OVS_DP_CMD_DEL);
	dp_destroy(dp);
	rtnl_unlock();
	if (!IS_ERR(reply))
		genl_notify(&dp_datapath_genl_family, reply, info, 0,
			    GFP_KERNEL);
	return 0;
}

static int dp_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	struct datapath *dp;
	int err;

	err = check_attrs(info->attrs, dp_sizes, OVS_DP_ATTR_MAX);
	if (err)
		return err;
	rtnl_lock();
	dp = get_dp_info(info, info->attrs[OVS_DP_ATTR_NAME]);
	err = dp ? dp_change(dp, info->attrs) : -ENODEV;
	reply = err ? NULL : dp_reply(dp, info, OVS_DP_CMD_SET);
	rtnl_unlock();
	if (!IS_ERR_OR_NULL(reply))
		genl_notify(&dp_datapath_genl_family, reply, info, 0,
			    GFP_KERNEL);
	return err;
}

static int dp_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	struct datapath *dp;
	int err;

	err = check_attrs(info->attrs, dp_sizes, OVS_DP_ATTR_MAX);
	if (err)
		return err;
	rtnl_lock();
	dp = get_dp_info(info, info->attrs[OVS_DP_ATTR_NAME]);
	reply = dp ? dp_reply(dp, info, OVS_DP_CMD_GET) : ERR_PTR(-ENODEV);
	rtnl_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

static int dp_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct datapath *dp;
	int i = 0, skip = cb->args[0];

	rcu_read_lock();
	list_for_each_entry_rcu(dp, &dps, node) {
		if (!net_eq(dp->net, net))
			continue;
		if (i >= skip &&
		    dp_fill(dp, skb, NETLINK_CB(cb->skb).portid,
			    cb->nlh->nlmsg_seq, NLM_F_MULTI, OVS_DP_CMD_GET))
			break;
		i++;
	}
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}

static const struct genl_small_ops dp_datapath_ops[] = {
	{ .cmd = OVS_DP_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = dp_cmd_new },
	{ .cmd = OVS_DP_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = dp_cmd_del },
	{ .cmd = OVS_DP_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = dp_cmd_get, .dumpit = dp_cmd_dump },
	{ .cmd = OVS_DP_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = dp_cmd_set },
};

static struct genl_family dp_datapath_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_DATAPATH_FAMILY,
	.version = OVS_DATAPATH_VERSION,
	.maxattr = OVS_DP_ATTR_MAX,
	.policy = dp_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_datapath_ops,
	.n_small_ops = ARRAY_SIZE(dp_datapath_ops),
	.resv_start_op = OVS_DP_CMD_SET + 1,
	.mcgrps = &dp_datapath_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

/* ---- ovs_vport ---- */

static const struct nla_policy vport_policy[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_VPORT_ATTR_PORT_NO] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_TYPE] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_UPCALL_PID] = { .type = NLA_BINARY },
	[OVS_VPORT_ATTR_OPTIONS] = { .type = NLA_NESTED },
	[OVS_VPORT_ATTR_IFINDEX] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_NETNSID] = { .type = NLA_S32 },
};

static const u8 vport_sizes[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_PORT_NO] = 4,
	[OVS_VPORT_ATTR_TYPE] = 4,
	[OVS_VPORT_ATTR_IFINDEX] = 4,
	[OVS_VPORT_ATTR_NETNSID] = 4,
};

static const struct genl_multicast_group dp_vport_mcgrp = {
	.name = OVS_VPORT_MCGROUP,
};

static int vport_fill(struct dp_vport *vport, struct sk_buff *skb,
		      u32 portid, u32 seq, u32 flags, u8 cmd)
{
	struct ovs_vport_stats vs;
	struct rtnl_link_stats64 ls;
	struct ovs_header *hdr;
	struct dp_pids *pids;

	hdr = genlmsg_put(skb, portid, seq, &dp_vport_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = dp_local_ifindex(vport->dp);
	dev_get_stats(vport->dev, &ls);
	vs = (struct ovs_vport_stats) {
		.rx_packets = ls.rx_packets, .tx_packets = ls.tx_packets,
		.rx_bytes = ls.rx_bytes, .tx_bytes = ls.tx_bytes,
		.rx_errors = ls.rx_errors, .tx_errors = ls.tx_errors,
		.rx_dropped = ls.rx_dropped, .tx_dropped = ls.tx_dropped,
	};
	pids = rcu_dereference_rtnl(vport->pids);
	if (nla_put_u32(skb, OVS_VPORT_ATTR_PORT_NO, vport->port_no) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_TYPE, vport->type) ||
	    nla_put_string(skb, OVS_VPORT_ATTR_NAME, vport->dev->name) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_IFINDEX, vport->dev->ifindex) ||
	    nla_put_64bit(skb, OVS_VPORT_ATTR_STATS, sizeof(vs), &vs,
			  OVS_VPORT_ATTR_PAD) ||
	    (pids && nla_put(skb, OVS_VPORT_ATTR_UPCALL_PID,
			     pids->n * sizeof(u32), pids->ids))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static struct sk_buff *vport_reply(struct dp_vport *vport,
				   struct genl_info *info, u8 cmd)
{
	struct sk_buff *skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	if (!skb)
		return ERR_PTR(-ENOMEM);
	if (vport_fill(vport, skb, info->snd_portid, info->snd_seq, 0, cmd)) {
		kfree_skb(skb);
		return ERR_PTR(-EMSGSIZE);
	}
	return skb;
}

/* The vport named in the request, or the one with PORT_NO in the request's
 * datapath.  RTNL held. */
static struct dp_vport *get_vport(struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct dp_vport *vport = NULL;
	struct datapath *dp;

	if (a[OVS_VPORT_ATTR_NAME]) {
		struct net_device *dev;

		dev = __dev_get_by_name(genl_info_net(info),
					nla_data(a[OVS_VPORT_ATTR_NAME]));
		vport = dev ? vport_from_dev(dev) : NULL;
		if (!vport)
			return ERR_PTR(-ENODEV);
		if (ovs_hdr(info)->dp_ifindex &&
		    ovs_hdr(info)->dp_ifindex != dp_local_ifindex(vport->dp))
			return ERR_PTR(-ENODEV);
		return vport;
	}
	if (!a[OVS_VPORT_ATTR_PORT_NO])
		return ERR_PTR(-EINVAL);
	dp = get_dp_info(info, NULL);
	if (!dp)
		return ERR_PTR(-ENODEV);
	vport = dp_lookup_port(dp, nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]));
	return vport ? vport : ERR_PTR(-ENODEV);
}

static int vport_notify(struct dp_vport *vport, struct genl_info *info,
			u8 cmd)
{
	struct sk_buff *reply = vport_reply(vport, info, cmd);

	if (IS_ERR(reply))
		return PTR_ERR(reply);
	genl_notify(&dp_vport_genl_family, reply, info, 0, GFP_KERNEL);
	return 0;
}

static int vport_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct dp_vport *vport;
	struct dp_pids *pids;
	struct datapath *dp;
	u32 port_no = 0;
	int err;

	err = check_attrs(a, vport_sizes, OVS_VPORT_ATTR_MAX);
	if (err)
		return err;
	if (!a[OVS_VPORT_ATTR_NAME] || !a[OVS_VPORT_ATTR_TYPE] ||
	    !a[OVS_VPORT_ATTR_UPCALL_PID])
		return -EINVAL;
	if (a[OVS_VPORT_ATTR_OPTIONS] || a[OVS_VPORT_ATTR_IFINDEX])
		return -EOPNOTSUPP;
	pids = pids_from_attr(a[OVS_VPORT_ATTR_UPCALL_PID]);
	if (IS_ERR(pids))
		return PTR_ERR(pids);

	rtnl_lock();
	dp = get_dp_info(info, NULL);
	err = -ENODEV;
	if (!dp)
		goto out;
	if (a[OVS_VPORT_ATTR_PORT_NO]) {
		port_no = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
		err = -EFBIG;
		if (port_no >= DP_MAX_PORTS)
			goto out;
		err = -EBUSY;
		if (dp_lookup_port(dp, port_no))
			goto out;
	} else {
		for (port_no = 1; port_no < DP_MAX_PORTS; port_no++)
			if (!dp_lookup_port(dp, port_no))
				break;
		err = -EFBIG;
		if (port_no >= DP_MAX_PORTS)
			goto out;
	}
	vport = vport_create(dp, genl_info_net(info),
			     nla_get_u32(a[OVS_VPORT_ATTR_TYPE]),
			     nla_data(a[OVS_VPORT_ATTR_NAME]), port_no);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto out;
	}
	rcu_assign_pointer(vport->pids, pids);
	pids = NULL;
	hlist_add_head_rcu(&vport->node,
			   &dp->ports[port_no % DP_PORT_BUCKETS]);
	vport_notify(vport, info, OVS_VPORT_CMD_NEW);
	err = 0;
out:
	rtnl_unlock();
	kfree(pids);
	return err;
}

static int vport_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct dp_vport *vport;
	int err;

	err = check_attrs(info->attrs, vport_sizes, OVS_VPORT_ATTR_MAX);
	if (err)
		return err;
	rtnl_lock();
	vport = get_vport(info);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
	} else if (vport->port_no == OVSP_LOCAL) {
		err = -EINVAL;
	} else {
		vport_notify(vport, info, OVS_VPORT_CMD_DEL);
		dp_unlink_vport(vport);
	}
	rtnl_unlock();
	return err;
}

/* From the device notifier: a netdev vport's device is going away. */
void dp_detach_vport_notify(struct dp_vport *vport)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	if (msg && !vport_fill(vport, msg, 0, 0, 0, OVS_VPORT_CMD_DEL))
		genlmsg_multicast_netns(&dp_vport_genl_family, vport->dp->net,
					msg, 0, 0, GFP_KERNEL);
	else
		kfree_skb(msg);
	dp_unlink_vport(vport);
}

static int vport_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct dp_vport *vport;
	int err;

	err = check_attrs(a, vport_sizes, OVS_VPORT_ATTR_MAX);
	if (err)
		return err;
	rtnl_lock();
	vport = get_vport(info);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto out;
	}
	if (a[OVS_VPORT_ATTR_TYPE] &&
	    nla_get_u32(a[OVS_VPORT_ATTR_TYPE]) != vport->type) {
		err = -EINVAL;
		goto out;
	}
	if (a[OVS_VPORT_ATTR_OPTIONS]) {
		err = -EOPNOTSUPP;
		goto out;
	}
	if (a[OVS_VPORT_ATTR_UPCALL_PID]) {
		struct dp_pids *p, *old;

		p = pids_from_attr(a[OVS_VPORT_ATTR_UPCALL_PID]);
		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			goto out;
		}
		old = rtnl_dereference(vport->pids);
		rcu_assign_pointer(vport->pids, p);
		kfree_rcu(old, rcu);
	}
	vport_notify(vport, info, OVS_VPORT_CMD_SET);
out:
	rtnl_unlock();
	return err;
}

static int vport_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	struct dp_vport *vport;
	int err;

	err = check_attrs(info->attrs, vport_sizes, OVS_VPORT_ATTR_MAX);
	if (err)
		return err;
	rtnl_lock();
	vport = get_vport(info);
	reply = IS_ERR(vport) ? ERR_CAST(vport) :
		vport_reply(vport, info, OVS_VPORT_CMD_GET);
	rtnl_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

static int vport_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *oh = genlmsg_data(nlmsg_data(cb->nlh));
	long bucket = cb->args[0], skip = cb->args[1], i = 0;
	struct datapath *dp;

	if (nlmsg_len(cb->nlh) < GENL_HDRLEN + sizeof(*oh))
		return -EINVAL;
	rcu_read_lock();
	dp = get_dp(sock_net(skb->sk), oh->dp_ifindex, NULL);
	if (!dp) {
		rcu_read_unlock();
		return -ENODEV;
	}
	for (; bucket < DP_PORT_BUCKETS; bucket++, skip = 0) {
		struct dp_vport *vport;

		i = 0;
		hlist_for_each_entry_rcu(vport, &dp->ports[bucket], node) {
			if (i >= skip &&
			    vport_fill(vport, skb, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       OVS_VPORT_CMD_GET))
				goto out;
			i++;
		}
	}
out:
	rcu_read_unlock();
	/* Resume at the vport that did not fit. */
	cb->args[0] = bucket;
	cb->args[1] = bucket < DP_PORT_BUCKETS ? i : 0;
	return skb->len;
}

static const struct genl_small_ops dp_vport_ops[] = {
	{ .cmd = OVS_VPORT_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = vport_cmd_new },
	{ .cmd = OVS_VPORT_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = vport_cmd_del },
	{ .cmd = OVS_VPORT_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = vport_cmd_get, .dumpit = vport_cmd_dump },
	{ .cmd = OVS_VPORT_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = vport_cmd_set },
};

struct genl_family dp_vport_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_VPORT_FAMILY,
	.version = OVS_VPORT_VERSION,
	.maxattr = OVS_VPORT_ATTR_MAX,
	.policy = vport_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_vport_ops,
	.n_small_ops = ARRAY_SIZE(dp_vport_ops),
	.resv_start_op = OVS_VPORT_CMD_SET + 1,
	.mcgrps = &dp_vport_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

/* ---- ovs_flow ---- */

static const struct nla_policy flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
	[OVS_FLOW_ATTR_KEY] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_MASK] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_ACTIONS] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_CLEAR] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_UFID] = { .type = NLA_BINARY, .len = DP_MAX_UFID },
	[OVS_FLOW_ATTR_UFID_FLAGS] = { .type = NLA_U32 },
};

static const u8 flow_sizes[OVS_FLOW_ATTR_MAX + 1] = {
	[OVS_FLOW_ATTR_UFID_FLAGS] = 4,
};

static const struct genl_multicast_group dp_flow_mcgrp = {
	.name = OVS_FLOW_MCGROUP,
};

static int flow_fill(struct dp_flow *flow, struct sk_buff *skb, int ifindex,
		     u32 portid, u32 seq, u32 flags, u8 cmd, u32 ufid_flags)
{
	struct ovs_flow_stats stats;
	struct dp_actions *acts;
	struct ovs_header *hdr;
	unsigned long used;
	__be16 tcp_flags;

	hdr = genlmsg_put(skb, portid, seq, &dp_flow_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = ifindex;
	if (flow->ufid_len &&
	    nla_put(skb, OVS_FLOW_ATTR_UFID, flow->ufid_len, flow->ufid))
		goto toobig;
	if ((!flow->ufid_len || !(ufid_flags & OVS_UFID_F_OMIT_KEY)) &&
	    key_to_nlattrs(skb, OVS_FLOW_ATTR_KEY, &flow->key, &flow->key,
			   false))
		goto toobig;
	if (!(ufid_flags & OVS_UFID_F_OMIT_MASK) &&
	    key_to_nlattrs(skb, OVS_FLOW_ATTR_MASK, &flow->key,
			   &flow->mask->key, true))
		goto toobig;

	spin_lock_bh(&flow->lock);
	stats.n_packets = flow->packets;
	stats.n_bytes = flow->bytes;
	used = flow->used;
	tcp_flags = flow->tcp_flags;
	spin_unlock_bh(&flow->lock);
	if (stats.n_packets &&
	    nla_put_64bit(skb, OVS_FLOW_ATTR_STATS, sizeof(stats), &stats,
			  OVS_FLOW_ATTR_PAD))
		goto toobig;
	if (used) {
		/* Milliseconds of the monotonic clock, like userspace's. */
		u64 now = ktime_get_ns() / NSEC_PER_MSEC;
		u64 ago = jiffies_to_msecs(jiffies - used);

		if (nla_put_u64_64bit(skb, OVS_FLOW_ATTR_USED, now - ago,
				      OVS_FLOW_ATTR_PAD))
			goto toobig;
	}
	if (tcp_flags &&
	    nla_put_u8(skb, OVS_FLOW_ATTR_TCP_FLAGS, ntohs(tcp_flags) & 0xff))
		goto toobig;
	if (!(ufid_flags & OVS_UFID_F_OMIT_ACTIONS)) {
		acts = rcu_dereference_rtnl(flow->acts);
		if (nla_put(skb, OVS_FLOW_ATTR_ACTIONS, acts->len, acts->attrs))
			goto toobig;
	}
	genlmsg_end(skb, hdr);
	return 0;
toobig:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static struct sk_buff *flow_reply(struct datapath *dp, struct dp_flow *flow,
				  struct genl_info *info, u8 cmd,
				  u32 ufid_flags)
{
	struct dp_actions *acts = rtnl_dereference(flow->acts);
	size_t size = NLMSG_DEFAULT_SIZE + 2 * key_nlattrs_size() + acts->len;
	struct sk_buff *skb = genlmsg_new(size, GFP_KERNEL);

	if (!skb)
		return ERR_PTR(-ENOMEM);
	if (flow_fill(flow, skb, dp_local_ifindex(dp), info->snd_portid,
		      info->snd_seq, 0, cmd, ufid_flags)) {
		kfree_skb(skb);
		return ERR_PTR(-EMSGSIZE);
	}
	return skb;
}

static void flow_notify(struct datapath *dp, struct dp_flow *flow,
			struct genl_info *info, u8 cmd, u32 ufid_flags)
{
	struct sk_buff *reply = flow_reply(dp, flow, info, cmd, ufid_flags);

	if (!IS_ERR(reply))
		genl_notify(&dp_flow_genl_family, reply, info, 0, GFP_KERNEL);
}

/* The flow a request names: by UFID if given, else by key and mask, or
 * by the key it was installed with. */
static struct dp_flow *find_flow(struct datapath *dp, struct genl_info *info,
				 int *errp)
{
	struct nlattr **a = info->attrs;
	struct dp_key *key, *mask;
	struct dp_flow *flow;
	int err;

	if (a[OVS_FLOW_ATTR_UFID])
		return table_find_ufid(&dp->table,
				       nla_data(a[OVS_FLOW_ATTR_UFID]),
				       nla_len(a[OVS_FLOW_ATTR_UFID]));
	key = kmalloc(2 * sizeof(*key), GFP_KERNEL);
	if (!key) {
		*errp = -ENOMEM;
		return NULL;
	}
	mask = key + 1;
	err = key_from_nlattrs(a[OVS_FLOW_ATTR_KEY], a[OVS_FLOW_ATTR_MASK],
			       key, mask, info->extack);
	if (err)
		flow = NULL;
	else if (a[OVS_FLOW_ATTR_MASK])
		flow = table_find_exact(&dp->table, key, mask);
	else
		flow = table_find_unmasked(&dp->table, key);
	kfree(key);
	*errp = err;
	return flow;
}

static int flow_check(struct nlattr **a)
{
	int err = check_attrs(a, flow_sizes, OVS_FLOW_ATTR_MAX);

	if (!err && a[OVS_FLOW_ATTR_UFID] && !nla_len(a[OVS_FLOW_ATTR_UFID]))
		err = -EINVAL;
	return err;
}

static void flow_clear_stats(struct dp_flow *flow)
{
	spin_lock_bh(&flow->lock);
	flow->packets = 0;
	flow->bytes = 0;
	flow->used = 0;
	flow->tcp_flags = 0;
	spin_unlock_bh(&flow->lock);
}

static u32 ufid_flags(struct nlattr **a)
{
	return a[OVS_FLOW_ATTR_UFID_FLAGS] ?
		nla_get_u32(a[OVS_FLOW_ATTR_UFID_FLAGS]) : 0;
}

static int flow_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	u16 nlflags = info->nlhdr->nlmsg_flags;
	struct dp_actions *acts, *old;
	struct dp_flow *new, *flow;
	struct dp_key *mask = NULL;
	struct datapath *dp;
	int err;

	err = flow_check(a);
	if (err)
		return err;
	if (!a[OVS_FLOW_ATTR_KEY] || !a[OVS_FLOW_ATTR_ACTIONS])
		return -EINVAL;
	err = actions_validate(a[OVS_FLOW_ATTR_ACTIONS], info->extack);
	if (err)
		return err;
	new = flow_alloc();
	mask = kmalloc(sizeof(*mask), GFP_KERNEL);
	acts = actions_copy(a[OVS_FLOW_ATTR_ACTIONS]);
	err = -ENOMEM;
	if (!new || !mask || !acts)
		goto out_free;
	err = key_from_nlattrs(a[OVS_FLOW_ATTR_KEY], a[OVS_FLOW_ATTR_MASK],
			       &new->key, mask, info->extack);
	if (err)
		goto out_free;
	{
		struct dp_key masked;

		key_mask(&masked, &new->key, mask);
		err = actions_check_key(a[OVS_FLOW_ATTR_ACTIONS], &masked,
					info->extack);
		if (err)
			goto out_free;
	}
	if (a[OVS_FLOW_ATTR_UFID]) {
		new->ufid_len = nla_len(a[OVS_FLOW_ATTR_UFID]);
		memcpy(new->ufid, nla_data(a[OVS_FLOW_ATTR_UFID]),
		       new->ufid_len);
	}

	rtnl_lock();
	dp = get_dp_info(info, NULL);
	if (!dp) {
		err = -ENODEV;
		goto out_unlock;
	}
	flow = new->ufid_len ?
		table_find_ufid(&dp->table, new->ufid, new->ufid_len) :
		table_find_exact(&dp->table, &new->key, mask);
	if (!flow) {
		RCU_INIT_POINTER(new->acts, acts);
		acts = NULL;
		err = table_insert(&dp->table, new, mask);
		if (err)
			goto out_unlock;
		flow_notify(dp, new, info, OVS_FLOW_CMD_NEW, ufid_flags(a));
		new = NULL;
	} else if ((nlflags & (NLM_F_CREATE | NLM_F_EXCL)) ==
		   (NLM_F_CREATE | NLM_F_EXCL)) {
		err = -EEXIST;
		goto out_unlock;
	} else {
		struct dp_key masked;

		key_mask(&masked, &new->key, mask);
		if (memcmp(&flow->mask->key, mask, sizeof(*mask)) ||
		    memcmp(&flow->key, &masked, sizeof(masked))) {
			err = -EINVAL;	/* UFID reused for another match */
			goto out_unlock;
		}
		old = rtnl_dereference(flow->acts);
		rcu_assign_pointer(flow->acts, acts);
		acts = NULL;
		kfree_rcu(old, rcu);
		if (a[OVS_FLOW_ATTR_CLEAR])
			flow_clear_stats(flow);
		flow_notify(dp, flow, info, OVS_FLOW_CMD_NEW, ufid_flags(a));
	}
out_unlock:
	rtnl_unlock();
out_free:
	if (new)
		flow_free(new);
	kfree(mask);
	kfree(acts);
	return err;
}

static int flow_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct dp_actions *acts = NULL, *old;
	struct dp_flow *flow;
	struct datapath *dp;
	int err;

	err = flow_check(a);
	if (err)
		return err;
	if (!a[OVS_FLOW_ATTR_KEY] && !a[OVS_FLOW_ATTR_UFID])
		return -EINVAL;
	if (a[OVS_FLOW_ATTR_ACTIONS]) {
		err = actions_validate(a[OVS_FLOW_ATTR_ACTIONS], info->extack);
		if (err)
			return err;
		acts = actions_copy(a[OVS_FLOW_ATTR_ACTIONS]);
		if (!acts)
			return -ENOMEM;
	}
	rtnl_lock();
	dp = get_dp_info(info, NULL);
	flow = dp ? find_flow(dp, info, &err) : NULL;
	if (!dp) {
		err = -ENODEV;
	} else if (!flow) {
		err = err ? err : -ENOENT;
	} else {
		err = acts ? actions_check_key(a[OVS_FLOW_ATTR_ACTIONS],
					       &flow->key, info->extack) : 0;
		if (err)
			goto out_unlock;
		if (acts) {
			old = rtnl_dereference(flow->acts);
			rcu_assign_pointer(flow->acts, acts);
			acts = NULL;
			kfree_rcu(old, rcu);
		}
		if (a[OVS_FLOW_ATTR_CLEAR])
			flow_clear_stats(flow);
		flow_notify(dp, flow, info, OVS_FLOW_CMD_SET, ufid_flags(a));
	}
out_unlock:
	rtnl_unlock();
	kfree(acts);
	return err;
}

static int flow_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct sk_buff *reply;
	struct dp_flow *flow;
	struct datapath *dp;
	int err;

	err = flow_check(a);
	if (err)
		return err;
	if (!a[OVS_FLOW_ATTR_KEY] && !a[OVS_FLOW_ATTR_UFID])
		return -EINVAL;
	rtnl_lock();
	dp = get_dp_info(info, NULL);
	flow = dp ? find_flow(dp, info, &err) : NULL;
	if (!dp)
		reply = ERR_PTR(-ENODEV);
	else if (!flow)
		reply = ERR_PTR(err ? err : -ENOENT);
	else
		reply = flow_reply(dp, flow, info, OVS_FLOW_CMD_GET,
				   ufid_flags(a));
	rtnl_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

static int flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct sk_buff *reply = NULL;
	struct dp_flow *flow;
	struct datapath *dp;
	int err;

	err = flow_check(a);
	if (err)
		return err;
	rtnl_lock();
	dp = get_dp_info(info, NULL);
	if (!dp) {
		err = -ENODEV;
		goto out;
	}
	if (!a[OVS_FLOW_ATTR_KEY] && !a[OVS_FLOW_ATTR_UFID]) {
		table_flush(&dp->table);
		goto out;
	}
	flow = find_flow(dp, info, &err);
	if (!flow) {
		err = err ? err : -ENOENT;
		goto out;
	}
	reply = flow_reply(dp, flow, info, OVS_FLOW_CMD_DEL, ufid_flags(a));
	table_remove(&dp->table, flow);
out:
	rtnl_unlock();
	if (!IS_ERR_OR_NULL(reply))
		genl_notify(&dp_flow_genl_family, reply, info, 0, GFP_KERNEL);
	return err;
}

static int flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	struct ovs_header *oh;
	u32 bucket = cb->args[0], index = cb->args[1], flags;
	struct datapath *dp;
	int err;

	err = nlmsg_parse_deprecated(cb->nlh, GENL_HDRLEN + sizeof(*oh), a,
				     OVS_FLOW_ATTR_MAX, flow_policy, NULL);
	if (err)
		return err;
	err = flow_check(a);
	if (err)
		return err;
	flags = ufid_flags(a);
	oh = genlmsg_data(nlmsg_data(cb->nlh));
	rcu_read_lock();
	dp = get_dp(sock_net(skb->sk), oh->dp_ifindex, NULL);
	if (!dp) {
		rcu_read_unlock();
		return -ENODEV;
	}
	for (;;) {
		u32 b = bucket, i = index;
		struct dp_flow *flow = table_dump_next(&dp->table, &b, &i);

		if (!flow)
			break;
		if (flow_fill(flow, skb, oh->dp_ifindex,
			      NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			      NLM_F_MULTI, OVS_FLOW_CMD_GET, flags))
			break;
		bucket = b;
		index = i;
	}
	rcu_read_unlock();
	cb->args[0] = bucket;
	cb->args[1] = index;
	return skb->len;
}

static const struct genl_small_ops dp_flow_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = flow_cmd_new },
	{ .cmd = OVS_FLOW_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = flow_cmd_del },
	{ .cmd = OVS_FLOW_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = flow_cmd_get, .dumpit = flow_cmd_dump },
	{ .cmd = OVS_FLOW_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = flow_cmd_set },
};

static struct genl_family dp_flow_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FLOW_FAMILY,
	.version = OVS_FLOW_VERSION,
	.maxattr = OVS_FLOW_ATTR_MAX,
	.policy = flow_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_flow_ops,
	.n_small_ops = ARRAY_SIZE(dp_flow_ops),
	.resv_start_op = OVS_FLOW_CMD_SET + 1,
	.mcgrps = &dp_flow_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

/* ---- ovs_packet ---- */

static const struct nla_policy packet_policy[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_PACKET] = { .type = NLA_UNSPEC, .len = ETH_HLEN },
	[OVS_PACKET_ATTR_KEY] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_ACTIONS] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_PACKET_ATTR_MRU] = { .type = NLA_U16 },
	[OVS_PACKET_ATTR_HASH] = { .type = NLA_U64 },
};

static const u8 packet_sizes[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_MRU] = 2,
	[OVS_PACKET_ATTR_HASH] = 8,
};

static const struct genl_multicast_group dp_packet_mcgrp = {
	.name = "ovs_packet",
};

static int packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct sk_buff *packet;
	struct datapath *dp;
	struct dp_vport *in;
	struct dp_key key;
	int len, err;

	err = check_attrs(a, packet_sizes, OVS_PACKET_ATTR_MAX);
	if (err)
		return err;
	if (!a[OVS_PACKET_ATTR_PACKET] || !a[OVS_PACKET_ATTR_KEY] ||
	    !a[OVS_PACKET_ATTR_ACTIONS])
		return -EINVAL;
	err = actions_validate(a[OVS_PACKET_ATTR_ACTIONS], info->extack);
	if (err)
		return err;

	len = nla_len(a[OVS_PACKET_ATTR_PACKET]);
	packet = __dev_alloc_skb(NET_IP_ALIGN + len, GFP_KERNEL);
	if (!packet)
		return -ENOMEM;
	skb_reserve(packet, NET_IP_ALIGN);
	skb_put_data(packet, nla_data(a[OVS_PACKET_ATTR_PACKET]), len);
	err = key_extract(packet, &key);
	if (!err)
		err = key_metadata_from_nlattrs(a[OVS_PACKET_ATTR_KEY], &key,
						info->extack);
	if (!err)
		err = actions_check_key(a[OVS_PACKET_ATTR_ACTIONS], &key,
					info->extack);
	if (err) {
		kfree_skb(packet);
		return err;
	}
	packet->priority = key.priority;
	packet->mark = key.skb_mark;
	if (a[OVS_PACKET_ATTR_HASH])
		__skb_set_hash(packet,
			       (u32)nla_get_u64(a[OVS_PACKET_ATTR_HASH]),
			       false, false);

	rcu_read_lock();
	dp = get_dp(genl_info_net(info), ovs_hdr(info)->dp_ifindex, NULL);
	if (!dp) {
		rcu_read_unlock();
		kfree_skb(packet);
		return -ENODEV;
	}
	in = dp_lookup_port(dp, key.in_port);
	packet->dev = in ? in->dev : dp_local_dev(dp);
	if (!packet->dev) {
		rcu_read_unlock();
		kfree_skb(packet);
		return -ENODEV;
	}
	local_bh_disable();
	err = dp_execute_actions(dp, packet, &key,
				 nla_data(a[OVS_PACKET_ATTR_ACTIONS]),
				 nla_len(a[OVS_PACKET_ATTR_ACTIONS]), 0);
	local_bh_enable();
	rcu_read_unlock();
	return err;
}

static const struct genl_small_ops dp_packet_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .doit = packet_cmd_execute },
};

static struct genl_family dp_packet_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.version = OVS_PACKET_VERSION,
	.maxattr = OVS_PACKET_ATTR_MAX,
	.policy = packet_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_packet_ops,
	.n_small_ops = ARRAY_SIZE(dp_packet_ops),
	.resv_start_op = OVS_PACKET_CMD_EXECUTE + 1,
	.mcgrps = &dp_packet_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

/* ---- module ---- */

static void __net_exit dp_net_exit(struct net *net)
{
	struct datapath *dp, *n;

	rtnl_lock();
	list_for_each_entry_safe(dp, n, &dps, node)
		if (net_eq(dp->net, net))
			dp_destroy(dp);
	rtnl_unlock();
}

static struct pernet_operations dp_net_ops = {
	.exit = dp_net_exit,
};

static struct genl_family *const families[] = {
	&dp_datapath_genl_family, &dp_vport_genl_family,
	&dp_flow_genl_family, &dp_packet_genl_family,
};

static void unregister_families(int n)
{
	while (n-- > 0)
		genl_unregister_family(families[n]);
}

static int __init dp_init(void)
{
	int err, i;

	err = flow_cache_init();
	if (err)
		return err;
	err = register_pernet_device(&dp_net_ops);
	if (err)
		goto err_cache;
	err = vport_init();
	if (err)
		goto err_pernet;
	for (i = 0; i < ARRAY_SIZE(families); i++) {
		err = genl_register_family(families[i]);
		if (err) {
			unregister_families(i);
			goto err_vport;
		}
	}
	pr_info("ovsng: datapath loaded\n");
	return 0;

err_vport:
	vport_exit();
err_pernet:
	unregister_pernet_device(&dp_net_ops);
err_cache:
	flow_cache_exit();
	return err;
}

static void __exit dp_exit(void)
{
	unregister_families(ARRAY_SIZE(families));
	unregister_pernet_device(&dp_net_ops);
	vport_exit();
	flow_cache_exit();
}

module_init(dp_init);
module_exit(dp_exit);

MODULE_DESCRIPTION("ovsng kernel datapath (Open vSwitch Netlink ABI)");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(OVS_DATAPATH_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_VPORT_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_FLOW_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_PACKET_FAMILY);
