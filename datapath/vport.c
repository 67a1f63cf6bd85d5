// SPDX-License-Identifier: GPL-2.0
/*
 * vport.c - the datapath's ports.
 *
 * A "netdev" vport attaches an existing Ethernet device: its rx_handler
 * hands every received frame to the datapath, and output is
 * dev_queue_xmit().  An "internal" vport is a net_device this module
 * creates: what the host transmits on it enters the datapath, and what the
 * datapath outputs to it is received by the host (netif_rx).  Port 0 of
 * every datapath is an internal vport named after the datapath; its
 * ifindex is the datapath's dp_ifindex in the Netlink ABI.
 *
 * Creation and destruction run under RTNL.  When a device with a netdev
 * vport goes away, the netdevice notifier detaches the vport.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/dst.h>

#include "datapath.h"

struct internal_priv {
	struct dp_vport __rcu *vport;
};

static const struct net_device_ops internal_ops;

/* ---- netdev vports ---- */

static rx_handler_result_t netdev_frame_hook(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct dp_vport *vport;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	vport = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return RX_HANDLER_CONSUMED;
	/* The stack pulled the Ethernet header; the datapath wants it. */
	skb_push_rcsum(skb, skb->data - skb_mac_header(skb));
	dp_process_packet(vport, skb);
	return RX_HANDLER_CONSUMED;
}

static int netdev_attach(struct dp_vport *vport, struct net *net,
			 const char *name)
{
	struct net_device *dev;
	int err;

	dev = __dev_get_by_name(net, name);
	if (!dev)
		return -ENODEV;
	if (dev->flags & IFF_LOOPBACK || dev->type != ARPHRD_ETHER ||
	    dev->netdev_ops == &internal_ops)
		return -EINVAL;
	dev_hold(dev);
	err = netdev_rx_handler_register(dev, netdev_frame_hook, vport);
	if (err) {
		dev_put(dev);
		return err;
	}
	/*
	 * No IFF_OVS_DATAPATH: that flag tells openvswitch.ko that the
	 * device's rx_handler_data is one of *its* vports, and its module
	 * init (which fails while we hold the Generic Netlink families)
	 * replays device events through its notifier and would treat ours
	 * as its own.
	 */
	dev_set_promiscuity(dev, 1);
	vport->dev = dev;
	return 0;
}

static void netdev_detach(struct dp_vport *vport)
{
	struct net_device *dev = vport->dev;

	netdev_rx_handler_unregister(dev);
	dev_set_promiscuity(dev, -1);
	dev_put(dev);
}

/* ---- internal vports ---- */

static netdev_tx_t internal_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct internal_priv *priv = netdev_priv(dev);
	struct dp_vport *vport;

	rcu_read_lock();
	vport = rcu_dereference(priv->vport);
	if (vport && skb->len >= ETH_HLEN) {
		dev_sw_netstats_tx_add(dev, 1, skb->len);
		dp_process_packet(vport, skb);
	} else {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
	}
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static int internal_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int internal_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static int internal_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
}

static void internal_destructor(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

static const struct net_device_ops internal_ops = {
	.ndo_init = internal_init,
	.ndo_open = internal_open,
	.ndo_stop = internal_stop,
	.ndo_start_xmit = internal_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_get_stats64 = dev_get_tstats64,
};

static void internal_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &internal_ops;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	dev->needs_free_netdev = true;
	dev->priv_destructor = internal_destructor;
	dev->max_mtu = ETH_MAX_MTU;
	dev->features = NETIF_F_LLTX | NETIF_F_SG | NETIF_F_HIGHDMA |
			NETIF_F_HW_CSUM;
	dev->hw_features = dev->features;
	dev->vlan_features = dev->hw_features;
	eth_hw_addr_random(dev);
}

static int internal_create(struct dp_vport *vport, struct net *net,
			   const char *name)
{
	struct internal_priv *priv;
	struct net_device *dev;
	int err;

	dev = alloc_netdev(sizeof(*priv), name, NET_NAME_USER, internal_setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, net);
	/* The local port's ifindex names the datapath in its namespace, so
	 * it stays there; other internal ports may be moved to another
	 * namespace (a common way to give one a separate IP stack). */
	if (vport->port_no == OVSP_LOCAL)
		dev->features |= NETIF_F_NETNS_LOCAL;
	priv = netdev_priv(dev);
	RCU_INIT_POINTER(priv->vport, vport);
	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	vport->dev = dev;
	return 0;
}

/* Packets from the datapath are received by the host on the device. */
static void internal_receive(struct net_device *dev, struct sk_buff *skb)
{
	if (unlikely(!(dev->flags & IFF_UP))) {
		kfree_skb(skb);
		return;
	}
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	dev_sw_netstats_rx_add(dev, skb->len);
	netif_rx(skb);
}

/* ---- common ---- */

struct dp_vport *vport_create(struct datapath *dp, struct net *net,
			      enum ovs_vport_type type, const char *name,
			      u32 port_no)
{
	struct dp_vport *vport;
	int err;

	ASSERT_RTNL();
	vport = kzalloc(sizeof(*vport), GFP_KERNEL);
	if (!vport)
		return ERR_PTR(-ENOMEM);
	vport->dp = dp;
	vport->port_no = port_no;
	vport->type = type;
	if (type == OVS_VPORT_TYPE_NETDEV)
		err = netdev_attach(vport, net, name);
	else if (type == OVS_VPORT_TYPE_INTERNAL)
		err = internal_create(vport, net, name);
	else
		err = -EAFNOSUPPORT;
	if (err) {
		kfree(vport);
		return ERR_PTR(err);
	}
	return vport;
}

static void vport_free_rcu(struct rcu_head *rcu)
{
	struct dp_vport *vport = container_of(rcu, struct dp_vport, rcu);

	kfree(rcu_dereference_raw(vport->pids));
	kfree(vport);
}

/* The vport must already be unreachable from its datapath. */
void vport_destroy(struct dp_vport *vport)
{
	ASSERT_RTNL();
	if (vport->type == OVS_VPORT_TYPE_NETDEV) {
		netdev_detach(vport);
	} else {
		struct internal_priv *priv = netdev_priv(vport->dev);

		RCU_INIT_POINTER(priv->vport, NULL);
		unregister_netdevice(vport->dev);
	}
	call_rcu(&vport->rcu, vport_free_rcu);
}

/* Sends 'skb' (data at the Ethernet header) out of 'vport'; consumes it. */
void vport_send(struct dp_vport *vport, struct sk_buff *skb)
{
	struct net_device *dev = vport->dev;
	unsigned int hlen = skb->mac_len > ETH_HLEN ? skb->mac_len : ETH_HLEN;

	if (unlikely(!skb_is_gso(skb) && skb->len > dev->mtu + hlen)) {
		net_warn_ratelimited("ovsng: %s: dropped %u-byte packet "
				     "over MTU %u\n", dev->name, skb->len,
				     dev->mtu);
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return;
	}
	if (vport->type == OVS_VPORT_TYPE_INTERNAL) {
		internal_receive(dev, skb);
		return;
	}
	skb->dev = dev;
	skb->protocol = eth_hdr(skb)->h_proto;
	dev_queue_xmit(skb);
}

/* The vport of a device we own or have attached, or NULL.  RCU or RTNL. */
struct dp_vport *vport_from_dev(const struct net_device *dev)
{
	if (dev->netdev_ops == &internal_ops) {
		struct internal_priv *priv = netdev_priv(dev);

		return rcu_dereference_rtnl(priv->vport);
	}
	if (rcu_access_pointer(dev->rx_handler) == netdev_frame_hook)
		return rcu_dereference_rtnl(dev->rx_handler_data);
	return NULL;
}

static int vport_netdev_event(struct notifier_block *nb,
			      unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct dp_vport *vport;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	vport = vport_from_dev(dev);
	if (!vport)
		return NOTIFY_DONE;
	if (vport->port_no == OVSP_LOCAL) {
		/* Only netns teardown can unregister our local port, and the
		 * pernet exit destroys datapaths before that. */
		WARN_ONCE(1, "ovsng: local port %s unregistered\n", dev->name);
		return NOTIFY_DONE;
	}
	/* Internal devices have no rtnl_link_ops, so only vport_destroy()
	 * (which unhooks the vport first) unregisters them for good; an
	 * UNREGISTER here is a move to another namespace, and the port
	 * stays attached. */
	if (vport->type == OVS_VPORT_TYPE_INTERNAL)
		return NOTIFY_DONE;
	dp_detach_vport_notify(vport);
	return NOTIFY_DONE;
}

static struct notifier_block vport_notifier = {
	.notifier_call = vport_netdev_event,
};

int vport_init(void)
{
	return register_netdevice_notifier(&vport_notifier);
}

void vport_exit(void)
{
	unregister_netdevice_notifier(&vport_notifier);
}
