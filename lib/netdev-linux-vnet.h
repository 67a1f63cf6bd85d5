/* netdev-linux-vnet.h -- virtio_net_hdr <-> dp_packet offload metadata.
 *
 * Linux packet sockets (PACKET_VNET_HDR) and tap devices (IFF_VNET_HDR)
 * put a struct virtio_net_hdr in front of each packet: whether the L4
 * checksum is still to be finished (and where), whether the kernel
 * already verified it, and for a GSO superframe how it is to be cut.
 * These two functions translate between that header and the offload
 * fields of struct dp_packet (lib/dp-packet.h), so that lib/netdev-linux.c
 * keeps superframes whole from receive to send.  They are separate from
 * it so that the unit tests can feed them crafted headers. */
#ifndef NETDEV_LINUX_VNET_H
#define NETDEV_LINUX_VNET_H 1

#include <stddef.h>
#include <linux/virtio_net.h>

struct dp_packet;

/* Sets the offload fields of 'p' (whose data is the received frame) from
 * 'vh'.  'vlan_shift' is how many bytes were inserted in front of what
 * 'vh' describes (a VLAN tag the kernel had stripped and the caller put
 * back), so csum_start moves by that much.  Returns 0, or EINVAL if 'vh'
 * is inconsistent with 'p' (checksum field outside the packet, a GSO
 * type we do not handle such as UFO, GSO without a partial checksum); 'p'
 * should then be dropped: the kernel only gives such headers for packets
 * nobody could forward correctly. */
int netdev_linux_vnet_to_packet(const struct virtio_net_hdr *vh,
                                size_t vlan_shift, struct dp_packet *p);

/* Fills in '*vh' for sending 'p': its partial checksum and, for a GSO
 * packet, its segmentation (with hdr_len covering all headers). */
void netdev_linux_vnet_from_packet(const struct dp_packet *p,
                                   struct virtio_net_hdr *vh);

/* Not virtio: netdev-linux's one call for another module, kept in its
 * only header.  For dpif-netlink, before it asks the kernel datapath to
 * create an internal port's device: deletes the tap that an "internal"
 * netdev made for itself, so that the name is free (see netdev-linux.c). */
struct netdev;
void netdev_linux_internal_release(struct netdev *);

#endif /* netdev-linux-vnet.h */
