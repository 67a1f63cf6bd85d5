/* netdev-linux-vnet.c -- virtio_net_hdr <-> dp_packet offload metadata.
 *
 * See netdev-linux-vnet.h.  The header's fields are in host byte order
 * here: packet sockets use the host's order, and our tap devices are not
 * switched to a fixed one (TUNSETVNETLE), so they do too. */
#include <config.h>
#include "netdev-linux-vnet.h"

#include <errno.h>
#include <string.h>
#include "dp-packet.h"
#include "util.h"

#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

int
netdev_linux_vnet_to_packet(const struct virtio_net_hdr *vh,
                            size_t vlan_shift, struct dp_packet *p)
{
    p->offloads &= ~(DP_PACKET_CSUM_PARTIAL | DP_PACKET_CSUM_GOOD
                     | DP_PACKET_GSO_ECN);
    p->gso_type = DP_PACKET_GSO_NONE;
    p->gso_size = 0;

    if (vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        size_t start = vh->csum_start + vlan_shift;
        if (start + vh->csum_offset + 2 > dp_packet_size(p)
            || start > UINT16_MAX - 1) {
            return EINVAL;
        }
        p->offloads |= DP_PACKET_CSUM_PARTIAL;
        p->csum_start = start;
        p->csum_offset = vh->csum_offset;
    } else if (vh->flags & VIRTIO_NET_HDR_F_DATA_VALID) {
        p->offloads |= DP_PACKET_CSUM_GOOD;
    }

    uint8_t type = vh->gso_type & ~VIRTIO_NET_HDR_GSO_ECN;
    if (type == VIRTIO_NET_HDR_GSO_NONE) {
        return 0;
    }
    if (!vh->gso_size || !(p->offloads & DP_PACKET_CSUM_PARTIAL)) {
        return EINVAL;
    }
    switch (type) {
    case VIRTIO_NET_HDR_GSO_TCPV4:
        p->gso_type = DP_PACKET_GSO_TCPV4;
        break;
    case VIRTIO_NET_HDR_GSO_TCPV6:
        p->gso_type = DP_PACKET_GSO_TCPV6;
        break;
    case VIRTIO_NET_HDR_GSO_UDP_L4:
        p->gso_type = DP_PACKET_GSO_UDP_L4;
        break;
    default:
        return EINVAL;          /* UFO (IP fragmentation) or unknown. */
    }
    p->gso_size = vh->gso_size;
    if (vh->gso_type & VIRTIO_NET_HDR_GSO_ECN) {
        p->offloads |= DP_PACKET_GSO_ECN;
    }
    return 0;
}

void
netdev_linux_vnet_from_packet(const struct dp_packet *p,
                              struct virtio_net_hdr *vh)
{
    memset(vh, 0, sizeof *vh);
    vh->gso_type = VIRTIO_NET_HDR_GSO_NONE;
    if (!(p->offloads & DP_PACKET_CSUM_PARTIAL)) {
        return;
    }
    vh->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    vh->csum_start = p->csum_start;
    vh->csum_offset = p->csum_offset;
    if (!dp_packet_is_gso(p)) {
        return;
    }

    /* hdr_len is where the payload starts; the kernel uses it to size the
     * linear part of the buffer, so it must cover the L4 header. */
    const uint8_t *d = dp_packet_data(p);
    size_t hdr_len = p->csum_start;
    switch (p->gso_type) {
    case DP_PACKET_GSO_TCPV4:
    case DP_PACKET_GSO_TCPV6:
        vh->gso_type = (p->gso_type == DP_PACKET_GSO_TCPV4
                        ? VIRTIO_NET_HDR_GSO_TCPV4
                        : VIRTIO_NET_HDR_GSO_TCPV6);
        if (hdr_len + 13 <= dp_packet_size(p)) {
            hdr_len += (d[hdr_len + 12] >> 4) * 4;
        }
        break;
    case DP_PACKET_GSO_UDP_L4:
    default:
        vh->gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
        hdr_len += 8;
        break;
    }
    if (p->offloads & DP_PACKET_GSO_ECN) {
        vh->gso_type |= VIRTIO_NET_HDR_GSO_ECN;
    }
    vh->gso_size = p->gso_size;
    vh->hdr_len = MIN(hdr_len, dp_packet_size(p));
}
