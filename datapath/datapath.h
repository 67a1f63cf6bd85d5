/* SPDX-License-Identifier: GPL-2.0 */
/*
 * datapath.h - shared definitions of the ovsng kernel datapath.
 *
 * The module is a megaflow cache driven over Generic Netlink with the ABI
 * of <linux/openvswitch.h>.  A packet arriving on a vport is parsed into a
 * struct dp_key, looked up in the datapath's flow table (one hash lookup per
 * distinct mask), and either runs the flow's actions or goes up to userspace
 * as an upcall.  All policy lives in userspace.
 *
 * Files, one concern each:
 *   datapath.c      module init, the Generic Netlink families, upcalls,
 *                   the receive path (dp_process_packet)
 *   vport.c         vports: "netdev" (an existing device, rx_handler) and
 *                   "internal" (a net_device we create)
 *   flow.c          packet -> struct dp_key, and the flow table
 *   flow_netlink.c  OVS_KEY_ATTR_* <-> struct dp_key, action validation
 *   actions.c       executing OVS_ACTION_ATTR_* on a packet
 *
 * Locking: every configuration change (datapaths, vports, flows) runs under
 * RTNL.  Vports need it anyway, device notifiers already hold it, and one
 * lock keeps the code obvious; the price is that flow setups serialize with
 * other network configuration.  The packet path and dumps read everything
 * under RCU; objects are freed after a grace period.
 */
#ifndef DP_DATAPATH_H
#define DP_DATAPATH_H 1

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <net/genetlink.h>

#define DP_MAX_PORTS		65535
#define DP_PORT_BUCKETS		256
#define DP_FLOW_BUCKETS		4096	/* fixed: the table never rehashes */
#define DP_MAX_UFID		16
#define DP_MAX_DEPTH		5	/* nested recirc/clone/sample levels */
#define DP_ETH_P_802_2		0x05ff	/* eth_type of frames without one */

/*
 * The flow key.  Every field a flow can match on, in a fixed layout so that
 * masking and comparing are word loops over the whole struct.  Fields of
 * layers a packet lacks stay zero.  VLAN: only the outer tag is modeled;
 * eth.tci carries VLAN_CFI_MASK as "tag present", eth.tpid its TPID and
 * eth.type the Ethertype after the tag.
 */
struct dp_key {
	u32 priority;
	u32 skb_mark;
	u32 in_port;
	u32 recirc_id;
	u32 dp_hash;
	struct {
		u8 src[ETH_ALEN];
		u8 dst[ETH_ALEN];
		__be16 tci;
		__be16 tpid;
		__be16 type;
		u16 pad;
	} eth;
	struct {
		u8 proto;	/* IP protocol, or low byte of the ARP op */
		u8 tos;
		u8 ttl;
		u8 frag;	/* OVS_FRAG_TYPE_* */
	} ip;
	union {
		struct {
			__be32 src;
			__be32 dst;
		} ipv4;
		struct {
			struct in6_addr src;
			struct in6_addr dst;
			__be32 label;
		} ipv6;
		struct {
			__be32 sip;
			__be32 tip;
			u8 sha[ETH_ALEN];
			u8 tha[ETH_ALEN];
		} arp;
	} nw;
	struct {
		__be16 src;	/* ICMP type for ICMP/ICMPv6 */
		__be16 dst;	/* ICMP code for ICMP/ICMPv6 */
		__be16 flags;	/* TCP flags */
		u16 pad;
	} tp;
	struct {
		struct in6_addr target;
		u8 sll[ETH_ALEN];
		u8 tll[ETH_ALEN];
	} nd;
} __aligned(BITS_PER_LONG / 8);

#define DP_KEY_WORDS (sizeof(struct dp_key) / sizeof(long))

/* A mask shared by all flows that use it; the table keeps a list of them. */
struct dp_mask {
	struct list_head node;
	struct dp_key key;
	int refcount;			/* flows using it; RTNL */
	struct rcu_head rcu;
};

/* A flow's actions: the validated OVS_FLOW_ATTR_ACTIONS payload. */
struct dp_actions {
	struct rcu_head rcu;
	u32 len;
	struct nlattr attrs[];
};

struct dp_flow {
	struct hlist_node key_node;	/* in table->key_buckets */
	struct hlist_node ufid_node;	/* in table->ufid_buckets, if ufid */
	struct dp_key key;		/* already masked */
	struct dp_key unmasked;		/* as installed: names flows without
					 * a UFID */
	struct dp_mask *mask;
	u32 hash;
	u8 ufid_len;			/* 0: none, identified by key+mask */
	u8 ufid[DP_MAX_UFID];
	struct dp_actions __rcu *acts;

	spinlock_t lock;		/* protects the statistics below */
	u64 packets;
	u64 bytes;
	unsigned long used;		/* jiffies; 0 = never */
	__be16 tcp_flags;
	struct rcu_head rcu;
};

struct dp_table {
	struct list_head masks;		/* of struct dp_mask */
	struct hlist_head *key_buckets;
	struct hlist_head *ufid_buckets;
	u32 n_flows;
	u32 n_masks;
};

struct dp_stats {
	u64 hit;
	u64 missed;
	u64 lost;
	u64 mask_hit;
	struct u64_stats_sync syncp;
};

struct dp_pids {
	struct rcu_head rcu;
	u32 n;
	u32 ids[];
};

struct datapath {
	struct list_head node;		/* in the global list; RTNL */
	struct net *net;
	struct hlist_head ports[DP_PORT_BUCKETS];
	struct dp_table table;
	u32 user_features;
	struct dp_pids __rcu *cpu_pids;	/* OVS_DP_ATTR_PER_CPU_PIDS */
	struct dp_stats __percpu *stats;
	struct rcu_head rcu;
};

struct dp_vport {
	struct hlist_node node;		/* in dp->ports */
	struct datapath *dp;
	u32 port_no;
	enum ovs_vport_type type;
	struct net_device *dev;
	struct dp_pids __rcu *pids;	/* OVS_VPORT_ATTR_UPCALL_PID */
	struct rcu_head rcu;
};

/* What an upcall carries besides the packet and its key. */
struct dp_upcall {
	u8 cmd;				/* OVS_PACKET_CMD_* */
	u32 portid;
	const struct nlattr *userdata;
	const struct nlattr *actions;	/* for OVS_USERSPACE_ATTR_ACTIONS */
	u32 actions_len;
	u32 cutlen;			/* send at most this much; 0: all */
};

/* datapath.c */
extern struct genl_family dp_vport_genl_family;
void dp_process_packet(struct dp_vport *, struct sk_buff *);
void dp_process_flow(struct datapath *, struct sk_buff *, struct dp_key *,
		     int depth);
int dp_upcall(struct datapath *, struct sk_buff *, const struct dp_key *,
	      const struct dp_upcall *);
u32 dp_vport_upcall_portid(const struct dp_vport *, struct sk_buff *);
struct dp_vport *dp_lookup_port(const struct datapath *, u32 port_no);
int dp_local_ifindex(const struct datapath *);
void dp_stats_lost(struct datapath *);
void dp_detach_vport_notify(struct dp_vport *);

/* vport.c */
struct dp_vport *vport_create(struct datapath *, struct net *,
			      enum ovs_vport_type, const char *name,
			      u32 port_no);
void vport_destroy(struct dp_vport *);
void vport_send(struct dp_vport *, struct sk_buff *);
struct dp_vport *vport_from_dev(const struct net_device *);
int vport_init(void);
void vport_exit(void);

/* flow.c */
int key_extract(struct sk_buff *, struct dp_key *);
int table_init(struct dp_table *);
void table_destroy(struct dp_table *);
void table_flush(struct dp_table *);
struct dp_flow *table_lookup(const struct dp_table *, const struct dp_key *,
			     u32 *n_mask_hit);
struct dp_flow *table_find_exact(const struct dp_table *,
				 const struct dp_key *key,
				 const struct dp_key *mask);
struct dp_flow *table_find_unmasked(const struct dp_table *,
				    const struct dp_key *key);
struct dp_flow *table_find_ufid(const struct dp_table *, const u8 *ufid,
				u32 len);
int table_insert(struct dp_table *, struct dp_flow *,
		 const struct dp_key *mask);
void table_remove(struct dp_table *, struct dp_flow *);
struct dp_flow *table_dump_next(const struct dp_table *, u32 *bucket,
				u32 *index);
struct dp_flow *flow_alloc(void);
void flow_free(struct dp_flow *);
void flow_used(struct dp_flow *, const struct sk_buff *,
	       const struct dp_key *);
void key_mask(struct dp_key *dst, const struct dp_key *src,
	      const struct dp_key *mask);
int flow_cache_init(void);
void flow_cache_exit(void);

/* flow_netlink.c */
int key_from_nlattrs(const struct nlattr *key_attr,
		     const struct nlattr *mask_attr, struct dp_key *key,
		     struct dp_key *mask, struct netlink_ext_ack *);
int key_metadata_from_nlattrs(const struct nlattr *key_attr,
			      struct dp_key *key, struct netlink_ext_ack *);
int key_to_nlattrs(struct sk_buff *, int attrtype, const struct dp_key *key,
		   const struct dp_key *output, bool is_mask);
size_t key_nlattrs_size(void);
int actions_validate(const struct nlattr *acts, struct netlink_ext_ack *);
int actions_check_key(const struct nlattr *acts, const struct dp_key *key,
		      struct netlink_ext_ack *);
struct dp_actions *actions_copy(const struct nlattr *acts);

/* actions.c */
int dp_execute_actions(struct datapath *, struct sk_buff *, struct dp_key *,
		       const struct nlattr *acts, int len, int depth);

#endif /* DP_DATAPATH_H */
