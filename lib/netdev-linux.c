/* netdev-linux.c -- Linux network devices for the userspace datapath.
 *
 * Three types:
 *
 *   "system"    an existing kernel interface (a NIC, a veth).  Received
 *               through an AF_PACKET socket with a memory-mapped
 *               TPACKET_V3 ring (the kernel fills blocks of packets, we
 *               walk them without a system call per packet); sent with
 *               sendmmsg() on a second AF_PACKET socket, a batch per call.
 *               The receive socket makes the device promiscuous for as
 *               long as it is open and ignores the packets the host itself
 *               sends out (PACKET_IGNORE_OUTGOING), which are not ours.
 *
 *   "tap"       a tap device we create through /dev/net/tun (IFF_TAP |
 *               IFF_NO_PI | IFF_VNET_HDR) so that the host's stack sees a
 *               port; it lives as long as the netdev.
 *
 *   "internal"  the same, for a bridge's or switch's own port, and brought
 *               up when created.
 *
 * Checksum offload: both sockets and the tap use a virtio_net_hdr in front
 * of each packet.  On receive it says whether the L4 checksum is only
 * partial (a veth or the local stack leaves it to the "hardware"), which
 * becomes DP_PACKET_CSUM_PARTIAL with csum_start/csum_offset; on send we
 * hand partial checksums back to the kernel the same way, so all three
 * types advertise NETDEV_TX_CSUM_PARTIAL.
 *
 * Segmentation offload: a veth passes TCP segments of up to 64 kB from its
 * peer's stack (TSO) as one packet with the segment size in the virtio
 * header.  dp_packet has no room for that, and a device on the other side
 * would refuse a packet over its MTU, so such a packet is cut into
 * MTU-sized segments here on receive (each with a partial checksum, which
 * costs nothing to carry).  A batch holds NETDEV_MAX_BURST packets and one
 * 64 kB packet makes ~45 segments, so a receive queue keeps the surplus
 * for its next receive.
 *
 * Link attributes come from ioctl()s (flags, MTU, address, ethtool speed)
 * and rtnetlink (64-bit statistics).  The class's run function reads
 * rtnetlink link notifications and bumps the change sequence number of
 * the netdev they name, so that a caller polling it sees link changes.
 *
 * Names and ifindexes refer to the network namespace the process is in. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "coverage.h"
#include "dp-packet.h"
#include "list.h"
#include "netdev-provider.h"
#include "netdev.h"
#include "poll-loop.h"
#include "smap.h"
#include "socket-util.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_linux);

COVERAGE_DEFINE(netdev_linux_rx_truncated);
COVERAGE_DEFINE(netdev_linux_rx_bad_gso);
COVERAGE_DEFINE(netdev_linux_gso_segmented);
COVERAGE_DEFINE(netdev_linux_rx_pending_overflow);
COVERAGE_DEFINE(netdev_linux_tx_dropped);
COVERAGE_DEFINE(netdev_linux_link_change);

#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

/* The receive ring: RX_BLOCK_NR blocks of RX_BLOCK_SIZE bytes.  A block
 * must hold the largest packet (a 64 kB GSO packet plus headers), and is
 * handed to us when full or after RX_BLOCK_TIMEOUT_MS, which bounds the
 * latency a lone packet sees. */
#define RX_BLOCK_SIZE (1 << 17)
#define RX_BLOCK_NR 32
#define RX_FRAME_SIZE 2048
#define RX_BLOCK_TIMEOUT_MS 1

/* The largest packet we read from a tap at once (with TSO off the host
 * never gives us more than its MTU, but the MTU may be large). */
#define TAP_MAX_PACKET 65536

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

enum linux_kind {
    LINUX_SYSTEM,
    LINUX_TAP,
    LINUX_INTERNAL,
};

struct netdev_rxq_linux;

struct netdev_linux {
    struct netdev up;
    enum linux_kind kind;
    int ifindex;
    struct ovs_list list_node;  /* In 'linux_devices', by linux_mutex. */

    /* "system": the transmit socket.  "tap"/"internal": the tap fd, used
     * for both directions. */
    int fd;

    pthread_mutex_t mutex;      /* Guards 'rxq' and 'tx_dropped'. */
    struct netdev_rxq_linux *rxq;   /* The open receive queue, if any. */
    uint64_t tx_dropped;            /* Drops we saw that the kernel did
                                     * not count. */
};

/* Segments waiting for a later receive: a FIFO that holds the segments of
 * one 64 kB packet cut at the smallest MSS a peer reasonably uses (536),
 * since the ring is not read while segments are pending. */
#define LINUX_PENDING_MAX 256

struct netdev_rxq_linux {
    struct netdev_rxq up;

    /* "system" only: the AF_PACKET socket and its ring. */
    int fd;
    uint8_t *ring;
    size_t ring_size;
    unsigned int block;         /* Block we are reading. */
    unsigned int pkt_idx;       /* Packets of it already read. */
    struct tpacket3_hdr *next_pkt;  /* Next packet in it, if pkt_idx. */

    struct dp_packet *pending[LINUX_PENDING_MAX];
    size_t pending_head, n_pending;

    uint8_t *tap_overflow;      /* Tap: room for a packet past the MTU. */
    int tap_mtu;                /* Tap: MTU as of 'tap_mtu_seq'. */
    uint64_t tap_mtu_seq;       /* Change sequence number then, or 0. */
};

static pthread_mutex_t linux_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct ovs_list linux_devices = OVS_LIST_INITIALIZER(&linux_devices);
static int ioctl_fd = -1;       /* AF_INET socket for interface ioctls. */
static int notify_fd = -1;      /* rtnetlink socket for link changes. */

static struct netdev_linux *
netdev_linux_cast(const struct netdev *netdev)
{
    return CONTAINER_OF(netdev, struct netdev_linux, up);
}

static struct netdev_rxq_linux *
netdev_rxq_linux_cast(const struct netdev_rxq *rxq)
{
    return CONTAINER_OF(rxq, struct netdev_rxq_linux, up);
}

/* ioctl helpers. */

static int
linux_ioctl(const char *name, unsigned long cmd, struct ifreq *ifr)
{
    strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
    ifr->ifr_name[IFNAMSIZ - 1] = '\0';
    return ioctl(ioctl_fd, cmd, ifr) < 0 ? errno : 0;
}

static int
linux_get_ifindex(const char *name, int *ifindexp)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    int error = linux_ioctl(name, SIOCGIFINDEX, &ifr);
    *ifindexp = error ? 0 : ifr.ifr_ifindex;
    return error;
}

static int
linux_get_ifflags(const char *name, int *flagsp)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    int error = linux_ioctl(name, SIOCGIFFLAGS, &ifr);
    *flagsp = error ? 0 : (unsigned short) ifr.ifr_flags;
    return error;
}

static int
linux_set_ifflags(const char *name, int flags)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = flags;
    return linux_ioctl(name, SIOCSIFFLAGS, &ifr);
}

/* rtnetlink: one request-reply exchange for a link's attributes. */

/* Asks the kernel for link 'ifindex' and stores its 64-bit statistics in
 * '*stats64' and its carrier (IFLA_CARRIER, which unlike IFF_RUNNING
 * changes at once, not after the kernel's link watch delay) in
 * '*carrier'; either may be NULL. */
static int
linux_get_link_info(int ifindex, struct rtnl_link_stats64 *stats64,
                    bool *carrier)
{
    struct {
        struct nlmsghdr nlh;
        struct ifinfomsg ifi;
    } req;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        return errno;
    }

    memset(&req, 0, sizeof req);
    req.nlh.nlmsg_len = sizeof req;
    req.nlh.nlmsg_type = RTM_GETLINK;
    req.nlh.nlmsg_flags = NLM_F_REQUEST;
    req.nlh.nlmsg_seq = 1;
    req.ifi.ifi_family = AF_UNSPEC;
    req.ifi.ifi_index = ifindex;

    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    int error = 0;
    if (sendto(fd, &req, sizeof req, 0, (struct sockaddr *) &kernel,
               sizeof kernel) < 0) {
        error = errno;
        close(fd);
        return error;
    }

    /* A link message with all its attributes can exceed 16 kB (VF info),
     * so leave room. */
    size_t bufsize = 65536;
    char *buf = xmalloc(bufsize);
    ssize_t n;
    do {
        n = recv(fd, buf, bufsize, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        error = errno;
        goto out;
    }

    error = ENODATA;
    for (struct nlmsghdr *nlh = (struct nlmsghdr *) buf;
         NLMSG_OK(nlh, (size_t) n); nlh = NLMSG_NEXT(nlh, n)) {
        if (nlh->nlmsg_type == NLMSG_ERROR) {
            struct nlmsgerr *e = NLMSG_DATA(nlh);
            error = e->error ? -e->error : ENODATA;
            break;
        }
        if (nlh->nlmsg_type != RTM_NEWLINK) {
            continue;
        }
        struct ifinfomsg *ifi = NLMSG_DATA(nlh);
        int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof *ifi);
        error = 0;
        for (struct rtattr *rta = IFLA_RTA(ifi); RTA_OK(rta, len);
             rta = RTA_NEXT(rta, len)) {
            if (rta->rta_type == IFLA_STATS64 && stats64
                && RTA_PAYLOAD(rta) >= sizeof *stats64) {
                memcpy(stats64, RTA_DATA(rta), sizeof *stats64);
                stats64 = NULL;
            } else if (rta->rta_type == IFLA_CARRIER && carrier
                       && RTA_PAYLOAD(rta) >= 1) {
                *carrier = *(uint8_t *) RTA_DATA(rta) != 0;
                carrier = NULL;
            }
        }
        if (stats64 || carrier) {
            error = ENODATA;    /* An attribute we asked for is missing. */
        }
        break;
    }
out:
    free(buf);
    close(fd);
    return error;
}

/* Link notifications. */

static void
linux_open_notify_socket(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    NETLINK_ROUTE);
    if (fd < 0) {
        VLOG_WARN("rtnetlink socket failed (%s): link changes will go "
                  "unnoticed", ovs_strerror(errno));
        return;
    }
    struct sockaddr_nl local = {
        .nl_family = AF_NETLINK,
        .nl_groups = RTMGRP_LINK,
    };
    if (bind(fd, (struct sockaddr *) &local, sizeof local) < 0) {
        VLOG_WARN("rtnetlink bind failed (%s): link changes will go "
                  "unnoticed", ovs_strerror(errno));
        close(fd);
        return;
    }
    notify_fd = fd;
}

/* Bumps the change sequence number of the open netdev with 'ifindex' (or
 * of all, if 'ifindex' is 0, after a lost notification). */
static void
linux_link_changed(int ifindex)
{
    pthread_mutex_lock(&linux_mutex);
    struct netdev_linux *dev;
    LIST_FOR_EACH (dev, list_node, &linux_devices) {
        if (!ifindex || dev->ifindex == ifindex) {
            COVERAGE_INC(netdev_linux_link_change);
            netdev_change_seq_changed(&dev->up);
        }
    }
    pthread_mutex_unlock(&linux_mutex);
}

static void
netdev_linux_run(const struct netdev_class *class OVS_UNUSED)
{
    char buf[8192];

    if (notify_fd < 0) {
        return;
    }
    for (int i = 0; i < 50; i++) {
        ssize_t n = recv(notify_fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == ENOBUFS) {
                /* Lost some: everybody may have changed. */
                linux_link_changed(0);
                continue;
            }
            if (errno != EAGAIN && errno != EINTR) {
                VLOG_WARN_RL(&rl, "rtnetlink receive failed (%s)",
                             ovs_strerror(errno));
            }
            return;
        }
        for (struct nlmsghdr *nlh = (struct nlmsghdr *) buf;
             NLMSG_OK(nlh, (size_t) n); nlh = NLMSG_NEXT(nlh, n)) {
            if (nlh->nlmsg_type == RTM_NEWLINK
                || nlh->nlmsg_type == RTM_DELLINK) {
                struct ifinfomsg *ifi = NLMSG_DATA(nlh);
                linux_link_changed(ifi->ifi_index);
            }
        }
    }
}

static void
netdev_linux_wait(const struct netdev_class *class OVS_UNUSED)
{
    if (notify_fd >= 0) {
        poll_fd_wait(notify_fd, POLLIN);
    }
}

static int
netdev_linux_init(void)
{
    static int error = -1;

    /* Three classes share this state: set it up once. */
    if (error < 0) {
        ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        error = ioctl_fd < 0 ? errno : 0;
        if (error) {
            VLOG_ERR("failed to create ioctl socket (%s)",
                     ovs_strerror(error));
        } else {
            linux_open_notify_socket();
        }
    }
    return error;
}

/* Construction. */

static struct netdev *
netdev_linux_alloc(void)
{
    struct netdev_linux *dev = xzalloc(sizeof *dev);
    dev->fd = -1;
    return &dev->up;
}

static void
netdev_linux_dealloc(struct netdev *netdev)
{
    free(netdev_linux_cast(netdev));
}

static void
netdev_linux_add(struct netdev_linux *dev)
{
    pthread_mutex_init(&dev->mutex, NULL);
    dev->up.n_rxq = 1;
    dev->up.tx_offloads = NETDEV_TX_CSUM_PARTIAL;
    pthread_mutex_lock(&linux_mutex);
    ovs_list_push_back(&linux_devices, &dev->list_node);
    pthread_mutex_unlock(&linux_mutex);
}

/* Opens an AF_PACKET socket for 'ifindex' that speaks virtio_net_hdr.
 * With protocol 0 it receives nothing until bound with ETH_P_ALL, so no
 * other interface's packets slip in first. */
static int
linux_open_packet_socket(int ifindex, bool for_rx, int *fdp)
{
    int one = 1;
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *fdp = -1;
        return errno;
    }
    int error = 0;
    if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one)) {
        error = errno;
        goto error;
    }
    if (for_rx) {
        *fdp = fd;
        return 0;
    }
    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = 0,
        .sll_ifindex = ifindex,
    };
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll)) {
        error = errno;
        goto error;
    }
    *fdp = fd;
    return 0;

error:
    close(fd);
    *fdp = -1;
    return error;
}

static int
netdev_linux_system_construct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    int error = linux_get_ifindex(netdev->name, &dev->ifindex);
    if (error) {
        return error;           /* ENODEV: no such interface. */
    }
    dev->kind = LINUX_SYSTEM;
    error = linux_open_packet_socket(dev->ifindex, false, &dev->fd);
    if (error) {
        VLOG_WARN("%s: could not open packet socket (%s)", netdev->name,
                  ovs_strerror(error));
        return error;
    }
    netdev_linux_add(dev);
    return 0;
}

static int
netdev_linux_tap_construct__(struct netdev *netdev, enum linux_kind kind)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    if (strlen(netdev->name) >= IFNAMSIZ) {
        VLOG_WARN("%s: name too long for a tap device", netdev->name);
        return ENAMETOOLONG;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int error = errno;
        VLOG_WARN("opening /dev/net/tun failed (%s)", ovs_strerror(error));
        return error;
    }

    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    strncpy(ifr.ifr_name, netdev->name, IFNAMSIZ - 1);
    int error = 0;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        error = errno;
        VLOG_WARN("%s: creating tap device failed (%s)", netdev->name,
                  ovs_strerror(error));
        goto error;
    }
    int hdr_size = sizeof(struct virtio_net_hdr);
    if (ioctl(fd, TUNSETVNETHDRSZ, &hdr_size) < 0) {
        error = errno;
        goto error;
    }
    /* Let the host stack hand us partial checksums (we pass them on as
     * metadata), but not oversized segments. */
    if (ioctl(fd, TUNSETOFFLOAD, (unsigned long) TUN_F_CSUM) < 0) {
        VLOG_WARN("%s: TUNSETOFFLOAD failed (%s)", netdev->name,
                  ovs_strerror(errno));
    }
    error = linux_get_ifindex(netdev->name, &dev->ifindex);
    if (error) {
        goto error;
    }
    if (kind == LINUX_INTERNAL) {
        int flags;
        error = linux_get_ifflags(netdev->name, &flags);
        if (!error) {
            error = linux_set_ifflags(netdev->name, flags | IFF_UP);
        }
        if (error) {
            VLOG_WARN("%s: could not bring internal device up (%s)",
                      netdev->name, ovs_strerror(error));
            goto error;
        }
    }
    dev->kind = kind;
    dev->fd = fd;
    netdev_linux_add(dev);
    return 0;

error:
    close(fd);
    return error;
}

static int
netdev_linux_tap_construct(struct netdev *netdev)
{
    return netdev_linux_tap_construct__(netdev, LINUX_TAP);
}

static int
netdev_linux_internal_construct(struct netdev *netdev)
{
    return netdev_linux_tap_construct__(netdev, LINUX_INTERNAL);
}

static void
netdev_linux_destruct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    pthread_mutex_lock(&linux_mutex);
    ovs_list_remove(&dev->list_node);
    pthread_mutex_unlock(&linux_mutex);
    if (dev->fd >= 0) {
        close(dev->fd);         /* A tap device goes away with it. */
    }
    pthread_mutex_destroy(&dev->mutex);
}

static int
netdev_linux_get_status(const struct netdev *netdev, struct smap *status)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct ethtool_drvinfo info;
    struct ifreq ifr;

    memset(&info, 0, sizeof info);
    memset(&ifr, 0, sizeof ifr);
    info.cmd = ETHTOOL_GDRVINFO;
    ifr.ifr_data = (void *) &info;
    if (!linux_ioctl(netdev->name, SIOCETHTOOL, &ifr)) {
        smap_replace(status, "driver_name", info.driver);
        if (info.version[0]) {
            smap_replace(status, "driver_version", info.version);
        }
        if (info.fw_version[0]) {
            smap_replace(status, "firmware_version", info.fw_version);
        }
    } else {
        smap_replace(status, "driver_name",
                     dev->kind == LINUX_SYSTEM ? "unknown" : "tun");
    }
    return 0;
}

/* Receiving: packet metadata. */

/* Inserts an 802.1Q header with 'tpid' and 'tci' after the Ethernet
 * addresses of 'p' (the kernel strips the outer VLAN tag into the ring's
 * metadata; a switch must see it in the packet). */
static void
linux_push_vlan(struct dp_packet *p, uint16_t tpid, uint16_t tci)
{
    if (dp_packet_size(p) < 12) {
        return;
    }
    uint8_t *data = dp_packet_push(p, NULL, 4);
    memmove(data, data + 4, 12);
    data[12] = tpid >> 8;
    data[13] = tpid;
    data[14] = tci >> 8;
    data[15] = tci;
    if (p->offloads & DP_PACKET_CSUM_PARTIAL) {
        p->csum_start += 4;
    }
}

/* Returns the offset of the L3 header in the Ethernet frame at 'data',
 * skipping VLAN tags, and its Ethertype in '*ethertype'. */
static size_t
linux_l3_offset(const uint8_t *data, size_t size, uint16_t *ethertype)
{
    size_t ofs = 12;
    uint16_t type = 0;
    while (ofs + 2 <= size) {
        type = data[ofs] << 8 | data[ofs + 1];
        ofs += 2;
        if (type != 0x8100 && type != 0x88a8) {
            break;
        }
        ofs += 2;
    }
    *ethertype = type;
    return ofs;
}

static uint32_t
csum_add_bytes(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += p[i] << 8 | p[i + 1];
    }
    if (n & 1) {
        sum += p[n - 1] << 8;
    }
    return sum;
}

static uint16_t
csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

static void
put_be16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static uint16_t
get_be16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static uint32_t
get_be32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void
put_be32(uint8_t *p, uint32_t x)
{
    p[0] = x >> 24;
    p[1] = x >> 16;
    p[2] = x >> 8;
    p[3] = x;
}

/* Adds packet 'p' to 'batch' or, if it is full, to 'rxq''s pending queue
 * (dropping it if that is full too). */
static void
linux_rxq_deliver(struct netdev_rxq_linux *rxq, struct dp_packet_batch *batch,
                  struct dp_packet *p)
{
    if (!dp_packet_batch_is_full(batch)) {
        dp_packet_batch_add(batch, p);
    } else if (rxq->n_pending < LINUX_PENDING_MAX) {
        rxq->pending[(rxq->pending_head + rxq->n_pending++)
                     % LINUX_PENDING_MAX] = p;
    } else {
        COVERAGE_INC(netdev_linux_rx_pending_overflow);
        dp_packet_delete(p);
    }
}

/* Cuts the GSO packet 'frame' (of 'size' bytes, VLAN tag already in
 * place, 'vlan_shift' bytes added in front of what 'vh' describes) into
 * segments of at most vh->gso_size payload bytes, each a new packet with a
 * partial L4 checksum, delivered to 'batch' or the pending queue.
 * Returns false if the packet is not one we know how to cut. */
static bool
linux_segment(struct netdev_rxq_linux *rxq, struct dp_packet_batch *batch,
              const uint8_t *frame, size_t size,
              const struct virtio_net_hdr *vh, size_t vlan_shift)
{
    uint8_t gso_type = vh->gso_type & ~VIRTIO_NET_HDR_GSO_ECN;
    size_t mss = vh->gso_size;
    uint16_t ethertype;
    size_t l3 = linux_l3_offset(frame, size, &ethertype);
    size_t l4 = vh->csum_start + vlan_shift;
    bool is_tcp = gso_type == VIRTIO_NET_HDR_GSO_TCPV4
                  || gso_type == VIRTIO_NET_HDR_GSO_TCPV6;
    bool is_v4 = ethertype == 0x0800;

    if (!mss || !(vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
        || (!is_tcp && gso_type != VIRTIO_NET_HDR_GSO_UDP_L4)
        || (ethertype != 0x0800 && ethertype != 0x86dd)
        || l4 < l3 + (is_v4 ? 20 : 40) || l4 + 8 > size) {
        return false;
    }
    size_t l4_hlen = is_tcp ? (size_t) (frame[l4 + 12] >> 4) * 4 : 8;
    size_t hdr_len = l4 + l4_hlen;
    if ((is_tcp && l4_hlen < 20) || hdr_len > size) {
        return false;
    }

    size_t payload = size - hdr_len;
    uint32_t seq = is_tcp ? get_be32(frame + l4 + 4) : 0;
    uint16_t ip_id = is_v4 ? get_be16(frame + l3 + 4) : 0;
    uint8_t tcp_flags = is_tcp ? frame[l4 + 13] : 0;
    uint8_t proto = is_tcp ? 6 : 17;

    COVERAGE_INC(netdev_linux_gso_segmented);
    for (size_t ofs = 0, i = 0; ofs < payload; ofs += mss, i++) {
        size_t n = MIN(mss, payload - ofs);
        bool last = ofs + n >= payload;
        struct dp_packet *p = dp_packet_new_with_headroom(
            hdr_len + n, DP_PACKET_HEADROOM);
        uint8_t *d = dp_packet_put(p, frame, hdr_len);
        dp_packet_put(p, frame + hdr_len + ofs, n);

        size_t l4_len = l4_hlen + n;
        if (is_v4) {
            put_be16(d + l3 + 2, l4 - l3 + l4_len);
            put_be16(d + l3 + 4, ip_id + i);
            put_be16(d + l3 + 10, 0);
            size_t ihl = (d[l3] & 0x0f) * 4;
            put_be16(d + l3 + 10,
                     ~csum_fold(csum_add_bytes(0, d + l3, ihl)) & 0xffff);
        } else {
            put_be16(d + l3 + 4, l4 - l3 - 40 + l4_len);
        }

        if (is_tcp) {
            put_be32(d + l4 + 4, seq + ofs);
            uint8_t flags = tcp_flags;
            if (!last) {
                flags &= ~0x09;         /* FIN, PSH only on the last. */
            }
            if (i) {
                flags &= ~0x80;         /* CWR only on the first. */
            }
            d[l4 + 13] = flags;
        } else {
            put_be16(d + l4 + 4, l4_len);
        }

        /* Pseudo-header sum in the checksum field, the rest left to
         * whoever finishes it. */
        uint32_t sum = is_v4 ? csum_add_bytes(0, d + l3 + 12, 8)
                             : csum_add_bytes(0, d + l3 + 8, 32);
        sum += proto + l4_len;
        size_t csum_field = is_tcp ? 16 : 6;
        put_be16(d + l4 + csum_field, csum_fold(sum));
        p->offloads = DP_PACKET_CSUM_PARTIAL;
        p->csum_start = l4;
        p->csum_offset = csum_field;
        linux_rxq_deliver(rxq, batch, p);
    }
    return true;
}

/* Turns the 'size' bytes at 'frame', described by 'vh', into packets for
 * 'batch': one, or several if it is a GSO packet.  'vlan' and 'tpid' are
 * the stripped VLAN tag, if 'has_vlan'. */
static void
linux_rx_frame(struct netdev_rxq_linux *rxq, struct dp_packet_batch *batch,
               const uint8_t *frame, size_t size,
               const struct virtio_net_hdr *vh, bool has_vlan,
               uint16_t tpid, uint16_t tci)
{
    struct dp_packet *p = dp_packet_clone_data_with_headroom(
        frame, size, DP_PACKET_HEADROOM);
    if (vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        p->offloads |= DP_PACKET_CSUM_PARTIAL;
        p->csum_start = vh->csum_start;
        p->csum_offset = vh->csum_offset;
    } else if (vh->flags & VIRTIO_NET_HDR_F_DATA_VALID) {
        p->offloads |= DP_PACKET_CSUM_GOOD;
    }
    if (has_vlan) {
        linux_push_vlan(p, tpid, tci);
    }

    if (vh->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
        bool ok = linux_segment(rxq, batch, dp_packet_data(p),
                                dp_packet_size(p), vh, has_vlan ? 4 : 0);
        if (!ok) {
            COVERAGE_INC(netdev_linux_rx_bad_gso);
            VLOG_WARN_RL(&rl, "%s: dropping GSO packet of type %u that we "
                         "cannot segment", rxq->up.netdev->name,
                         vh->gso_type);
        }
        dp_packet_delete(p);
        return;
    }
    linux_rxq_deliver(rxq, batch, p);
}

/* Receive queues. */

static struct netdev_rxq *
netdev_linux_rxq_alloc(void)
{
    struct netdev_rxq_linux *rxq = xzalloc(sizeof *rxq);
    rxq->fd = -1;
    return &rxq->up;
}

static void
netdev_linux_rxq_dealloc(struct netdev_rxq *rxq)
{
    free(netdev_rxq_linux_cast(rxq));
}

static int
linux_rxq_open_ring(struct netdev_rxq_linux *rxq, int ifindex)
{
    int version = TPACKET_V3, one = 1;
    int error = linux_open_packet_socket(ifindex, true, &rxq->fd);
    if (error) {
        return error;
    }
    int fd = rxq->fd;

    if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
                   sizeof one)) {
        VLOG_WARN("PACKET_IGNORE_OUTGOING failed (%s): will see our own "
                  "packets", ovs_strerror(errno));
    }
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version,
                   sizeof version)) {
        return errno;
    }
    struct tpacket_req3 req = {
        .tp_block_size = RX_BLOCK_SIZE,
        .tp_block_nr = RX_BLOCK_NR,
        .tp_frame_size = RX_FRAME_SIZE,
        .tp_frame_nr = RX_BLOCK_SIZE / RX_FRAME_SIZE * RX_BLOCK_NR,
        .tp_retire_blk_tov = RX_BLOCK_TIMEOUT_MS,
    };
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req)) {
        return errno;
    }
    rxq->ring_size = (size_t) RX_BLOCK_SIZE * RX_BLOCK_NR;
    rxq->ring = mmap(NULL, rxq->ring_size, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_LOCKED, fd, 0);
    if (rxq->ring == MAP_FAILED) {
        /* MAP_LOCKED can fail under a low memlock limit. */
        rxq->ring = mmap(NULL, rxq->ring_size, PROT_READ | PROT_WRITE,
                         MAP_SHARED, fd, 0);
    }
    if (rxq->ring == MAP_FAILED) {
        rxq->ring = NULL;
        return errno;
    }

    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ETH_P_ALL),
        .sll_ifindex = ifindex,
    };
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll)) {
        return errno;
    }
    /* Promiscuous for as long as the socket is open: a switch port must
     * see frames for every address. */
    struct packet_mreq mreq = {
        .mr_ifindex = ifindex,
        .mr_type = PACKET_MR_PROMISC,
    };
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                   sizeof mreq)) {
        return errno;
    }
    return 0;
}

static void
linux_rxq_close_ring(struct netdev_rxq_linux *rxq)
{
    if (rxq->ring) {
        munmap(rxq->ring, rxq->ring_size);
        rxq->ring = NULL;
    }
    if (rxq->fd >= 0) {
        close(rxq->fd);
        rxq->fd = -1;
    }
}

static int
netdev_linux_rxq_construct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);
    struct netdev_linux *dev = netdev_linux_cast(rxq_->netdev);
    int error = 0;

    pthread_mutex_lock(&dev->mutex);
    if (dev->rxq) {
        pthread_mutex_unlock(&dev->mutex);
        return EBUSY;
    }
    dev->rxq = rxq;
    pthread_mutex_unlock(&dev->mutex);

    if (dev->kind == LINUX_SYSTEM) {
        error = linux_rxq_open_ring(rxq, dev->ifindex);
        if (error) {
            VLOG_WARN("%s: could not open receive ring (%s)",
                      rxq_->netdev->name, ovs_strerror(error));
            linux_rxq_close_ring(rxq);
        }
    } else {
        rxq->tap_overflow = xmalloc(TAP_MAX_PACKET);
    }
    if (error) {
        pthread_mutex_lock(&dev->mutex);
        dev->rxq = NULL;
        pthread_mutex_unlock(&dev->mutex);
    }
    return error;
}

static void
netdev_linux_rxq_destruct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);
    struct netdev_linux *dev = netdev_linux_cast(rxq_->netdev);

    linux_rxq_close_ring(rxq);
    while (rxq->n_pending) {
        dp_packet_delete(rxq->pending[rxq->pending_head]);
        rxq->pending_head = (rxq->pending_head + 1) % LINUX_PENDING_MAX;
        rxq->n_pending--;
    }
    free(rxq->tap_overflow);
    pthread_mutex_lock(&dev->mutex);
    dev->rxq = NULL;
    pthread_mutex_unlock(&dev->mutex);
}

static struct tpacket_block_desc *
linux_rxq_block(const struct netdev_rxq_linux *rxq, unsigned int i)
{
    return (struct tpacket_block_desc *) (rxq->ring
                                          + (size_t) i * RX_BLOCK_SIZE);
}

static bool
linux_block_is_ours(const struct tpacket_block_desc *b)
{
    return __atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE)
           & TP_STATUS_USER;
}

static void
linux_rxq_recv_ring(struct netdev_rxq_linux *rxq,
                    struct dp_packet_batch *batch)
{
    while (!dp_packet_batch_is_full(batch) && !rxq->n_pending) {
        struct tpacket_block_desc *b = linux_rxq_block(rxq, rxq->block);
        if (!linux_block_is_ours(b)) {
            break;
        }
        uint32_t num_pkts = b->hdr.bh1.num_pkts;
        if (!rxq->pkt_idx) {
            rxq->next_pkt = (struct tpacket3_hdr *)
                ((uint8_t *) b + b->hdr.bh1.offset_to_first_pkt);
        }
        while (rxq->pkt_idx < num_pkts && !dp_packet_batch_is_full(batch)
               && !rxq->n_pending) {
            struct tpacket3_hdr *h = rxq->next_pkt;
            uint8_t *frame = (uint8_t *) h + h->tp_mac;
            const struct virtio_net_hdr *vh = (const void *)
                (frame - sizeof(struct virtio_net_hdr));

            if (h->tp_snaplen < h->tp_len) {
                COVERAGE_INC(netdev_linux_rx_truncated);
                VLOG_WARN_RL(&rl, "%s: dropping truncated packet (%u of "
                             "%u bytes)", rxq->up.netdev->name,
                             h->tp_snaplen, h->tp_len);
            } else {
                bool has_vlan = (h->tp_status & TP_STATUS_VLAN_VALID) != 0;
                uint16_t tpid = ((h->tp_status & TP_STATUS_VLAN_TPID_VALID)
                                 ? h->hv1.tp_vlan_tpid : 0x8100);
                linux_rx_frame(rxq, batch, frame, h->tp_snaplen, vh,
                               has_vlan, tpid, h->hv1.tp_vlan_tci);
            }
            rxq->pkt_idx++;
            rxq->next_pkt = (struct tpacket3_hdr *)
                ((uint8_t *) h + h->tp_next_offset);
        }
        if (rxq->pkt_idx >= num_pkts) {
            /* Done with the block: give it back to the kernel. */
            __atomic_store_n(&b->hdr.bh1.block_status, TP_STATUS_KERNEL,
                             __ATOMIC_RELEASE);
            rxq->block = (rxq->block + 1) % RX_BLOCK_NR;
            rxq->pkt_idx = 0;
        }
    }
}

static void
linux_rxq_recv_tap(struct netdev_rxq_linux *rxq,
                   struct dp_packet_batch *batch)
{
    struct netdev_linux *dev = netdev_linux_cast(rxq->up.netdev);

    /* The MTU changes only with a link notification, which moves the
     * change sequence number: no ioctl per receive. */
    uint64_t seq = netdev_get_change_seq(&dev->up);
    if (seq != rxq->tap_mtu_seq) {
        struct ifreq ifr;
        memset(&ifr, 0, sizeof ifr);
        rxq->tap_mtu = (linux_ioctl(dev->up.name, SIOCGIFMTU, &ifr)
                        ? 1500 : ifr.ifr_mtu);
        rxq->tap_mtu_seq = seq;
    }
    /* Most packets fit in a buffer sized for the MTU; a larger one spills
     * into 'tap_overflow' and is copied after. */
    size_t bufsize = rxq->tap_mtu + 18;

    while (!dp_packet_batch_is_full(batch) && !rxq->n_pending) {
        struct virtio_net_hdr vh;
        struct dp_packet *p = dp_packet_new_with_headroom(
            bufsize, DP_PACKET_HEADROOM);
        struct iovec iov[3] = {
            { &vh, sizeof vh },
            { dp_packet_data(p), bufsize },
            { rxq->tap_overflow, TAP_MAX_PACKET },
        };
        ssize_t n = readv(dev->fd, iov, 3);
        if (n < (ssize_t) sizeof vh) {
            dp_packet_delete(p);
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                VLOG_WARN_RL(&rl, "%s: read failed (%s)", dev->up.name,
                             ovs_strerror(errno));
            }
            break;
        }
        size_t len = n - sizeof vh;
        if (len <= bufsize) {
            dp_packet_set_size(p, len);
        } else {
            dp_packet_set_size(p, bufsize);
            dp_packet_put(p, rxq->tap_overflow, len - bufsize);
        }

        /* Reuse the common path for offload metadata and segmentation;
         * it copies, so only for the rare packets that need it. */
        if (vh.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
            linux_rx_frame(rxq, batch, dp_packet_data(p), dp_packet_size(p),
                           &vh, false, 0, 0);
            dp_packet_delete(p);
            continue;
        }
        if (vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
            p->offloads |= DP_PACKET_CSUM_PARTIAL;
            p->csum_start = vh.csum_start;
            p->csum_offset = vh.csum_offset;
        } else if (vh.flags & VIRTIO_NET_HDR_F_DATA_VALID) {
            p->offloads |= DP_PACKET_CSUM_GOOD;
        }
        dp_packet_batch_add(batch, p);
    }
}

static int
netdev_linux_rxq_recv(struct netdev_rxq *rxq_, struct dp_packet_batch *batch)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);

    /* Segments left over from last time come first, in order. */
    while (rxq->n_pending && !dp_packet_batch_is_full(batch)) {
        dp_packet_batch_add(batch, rxq->pending[rxq->pending_head]);
        rxq->pending_head = (rxq->pending_head + 1) % LINUX_PENDING_MAX;
        rxq->n_pending--;
    }
    if (rxq->ring) {
        linux_rxq_recv_ring(rxq, batch);
    } else {
        linux_rxq_recv_tap(rxq, batch);
    }
    return batch->count ? 0 : EAGAIN;
}

static void
netdev_linux_rxq_wait(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);
    struct netdev_linux *dev = netdev_linux_cast(rxq_->netdev);

    if (rxq->n_pending
        || (rxq->ring
            && linux_block_is_ours(linux_rxq_block(rxq, rxq->block)))) {
        poll_immediate_wake();
    } else {
        poll_fd_wait(rxq->ring ? rxq->fd : dev->fd, POLLIN);
    }
}

static int
netdev_linux_rxq_drain(struct netdev_rxq *rxq_)
{
    struct dp_packet_batch batch;
    do {
        dp_packet_batch_init(&batch);
        netdev_linux_rxq_recv(rxq_, &batch);
        dp_packet_delete_batch(&batch);
    } while (batch.count);
    return 0;
}

/* Sending. */

static void
linux_fill_vnet_hdr(struct virtio_net_hdr *vh, const struct dp_packet *p)
{
    memset(vh, 0, sizeof *vh);
    vh->gso_type = VIRTIO_NET_HDR_GSO_NONE;
    if (p->offloads & DP_PACKET_CSUM_PARTIAL) {
        vh->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        vh->csum_start = p->csum_start;
        vh->csum_offset = p->csum_offset;
    }
}

static int
netdev_linux_send_system(struct netdev_linux *dev,
                         struct dp_packet_batch *batch)
{
    struct virtio_net_hdr vhs[NETDEV_MAX_BURST];
    struct iovec iovs[NETDEV_MAX_BURST][2];
    struct mmsghdr msgs[NETDEV_MAX_BURST];
    size_t n = batch->count;
    int error = 0;

    for (size_t i = 0; i < n; i++) {
        struct dp_packet *p = batch->packets[i];
        linux_fill_vnet_hdr(&vhs[i], p);
        iovs[i][0] = (struct iovec) { &vhs[i], sizeof vhs[i] };
        iovs[i][1] = (struct iovec) { dp_packet_data(p), dp_packet_size(p) };
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 2;
    }

    size_t sent = 0;
    while (sent < n) {
        int r = sendmmsg(dev->fd, msgs + sent, n - sent, MSG_DONTWAIT);
        if (r > 0) {
            sent += r;
            continue;
        }
        if (r < 0 && errno == EINTR) {
            continue;
        }
        /* The packet at 'sent' failed: count it and go on with the rest,
         * so that one bad packet does not hold up the batch. */
        int e = r < 0 ? errno : EAGAIN;
        if (!error) {
            error = e;
        }
        VLOG_WARN_RL(&rl, "%s: send failed (%s)", dev->up.name,
                     ovs_strerror(e));
        COVERAGE_INC(netdev_linux_tx_dropped);
        pthread_mutex_lock(&dev->mutex);
        dev->tx_dropped++;
        pthread_mutex_unlock(&dev->mutex);
        sent++;
    }
    return error;
}

static int
netdev_linux_send_tap(struct netdev_linux *dev, struct dp_packet_batch *batch)
{
    int error = 0;

    struct dp_packet *p;
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        struct virtio_net_hdr vh;
        linux_fill_vnet_hdr(&vh, p);
        struct iovec iov[2] = {
            { &vh, sizeof vh },
            { dp_packet_data(p), dp_packet_size(p) },
        };
        ssize_t r;
        do {
            r = writev(dev->fd, iov, 2);
        } while (r < 0 && errno == EINTR);
        if (r < 0) {
            /* EIO: the device is down, so nobody reads; not worth a
             * warning per packet. */
            if (errno != EIO && !error) {
                VLOG_WARN_RL(&rl, "%s: write failed (%s)", dev->up.name,
                             ovs_strerror(errno));
            }
            if (!error) {
                error = errno;
            }
            COVERAGE_INC(netdev_linux_tx_dropped);
            pthread_mutex_lock(&dev->mutex);
            dev->tx_dropped++;
            pthread_mutex_unlock(&dev->mutex);
        }
    }
    return error;
}

static int
netdev_linux_send(struct netdev *netdev, int qid OVS_UNUSED,
                  struct dp_packet_batch *batch)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    int error = (dev->kind == LINUX_SYSTEM
                 ? netdev_linux_send_system(dev, batch)
                 : netdev_linux_send_tap(dev, batch));
    dp_packet_delete_batch(batch);
    return error;
}

static void
netdev_linux_send_wait(struct netdev *netdev, int qid OVS_UNUSED)
{
    poll_fd_wait(netdev_linux_cast(netdev)->fd, POLLOUT);
}

/* Attributes. */

static int
netdev_linux_get_etheraddr(const struct netdev *netdev,
                           uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    int error = linux_ioctl(netdev->name, SIOCGIFHWADDR, &ifr);
    if (!error) {
        memcpy(mac, ifr.ifr_hwaddr.sa_data, NETDEV_ETH_ADDR_LEN);
    }
    return error;
}

static int
netdev_linux_set_etheraddr(struct netdev *netdev,
                           const uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, mac, NETDEV_ETH_ADDR_LEN);
    return linux_ioctl(netdev->name, SIOCSIFHWADDR, &ifr);
}

static int
netdev_linux_get_mtu(const struct netdev *netdev, int *mtup)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    int error = linux_ioctl(netdev->name, SIOCGIFMTU, &ifr);
    *mtup = error ? 0 : ifr.ifr_mtu;
    return error;
}

static int
netdev_linux_set_mtu(struct netdev *netdev, int mtu)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_mtu = mtu;
    return linux_ioctl(netdev->name, SIOCSIFMTU, &ifr);
}

static int
netdev_linux_get_ifindex(const struct netdev *netdev)
{
    return netdev_linux_cast(netdev)->ifindex;
}

static int
netdev_linux_get_carrier(const struct netdev *netdev, bool *carrier)
{
    int error = linux_get_link_info(netdev_linux_cast(netdev)->ifindex,
                                    NULL, carrier);
    if (error) {
        *carrier = false;
    }
    return error;
}

static int
netdev_linux_get_speed(const struct netdev *netdev, uint32_t *current_mbps,
                       uint32_t *max_mbps)
{
    struct ethtool_cmd ecmd;
    struct ifreq ifr;

    memset(&ecmd, 0, sizeof ecmd);
    memset(&ifr, 0, sizeof ifr);
    ecmd.cmd = ETHTOOL_GSET;
    ifr.ifr_data = (void *) &ecmd;
    int error = linux_ioctl(netdev->name, SIOCETHTOOL, &ifr);
    if (error) {
        return error;
    }
    uint32_t speed = ethtool_cmd_speed(&ecmd);
    *current_mbps = speed == (uint32_t) SPEED_UNKNOWN ? 0 : speed;

    static const struct {
        uint32_t bit, mbps;
    } modes[] = {
        { SUPPORTED_10baseT_Half, 10 }, { SUPPORTED_10baseT_Full, 10 },
        { SUPPORTED_100baseT_Half, 100 }, { SUPPORTED_100baseT_Full, 100 },
        { SUPPORTED_1000baseT_Half, 1000 },
        { SUPPORTED_1000baseT_Full, 1000 },
        { SUPPORTED_10000baseT_Full, 10000 },
        { SUPPORTED_40000baseKR4_Full, 40000 },
    };
    uint32_t max = 0;
    for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
        if (ecmd.supported & modes[i].bit) {
            max = MAX(max, modes[i].mbps);
        }
    }
    *max_mbps = MAX(max, *current_mbps);
    return 0;
}

static int
netdev_linux_get_flags(const struct netdev *netdev, enum netdev_flags *flagsp)
{
    int flags;
    int error = linux_get_ifflags(netdev->name, &flags);
    *flagsp = 0;
    if (!error) {
        *flagsp = ((flags & IFF_UP ? NETDEV_UP : 0)
                   | (flags & IFF_PROMISC ? NETDEV_PROMISC : 0)
                   | (flags & IFF_LOOPBACK ? NETDEV_LOOPBACK : 0));
    }
    return error;
}

static int
netdev_linux_update_flags(struct netdev *netdev, enum netdev_flags off,
                          enum netdev_flags on, enum netdev_flags *old)
{
    int flags;

    if ((off | on) & ~(NETDEV_UP | NETDEV_PROMISC)) {
        return EINVAL;
    }
    int error = linux_get_ifflags(netdev->name, &flags);
    if (error) {
        return error;
    }
    *old = ((flags & IFF_UP ? NETDEV_UP : 0)
            | (flags & IFF_PROMISC ? NETDEV_PROMISC : 0)
            | (flags & IFF_LOOPBACK ? NETDEV_LOOPBACK : 0));
    int new_flags = flags;
    if (off & NETDEV_UP) {
        new_flags &= ~IFF_UP;
    }
    if (off & NETDEV_PROMISC) {
        new_flags &= ~IFF_PROMISC;
    }
    if (on & NETDEV_UP) {
        new_flags |= IFF_UP;
    }
    if (on & NETDEV_PROMISC) {
        new_flags |= IFF_PROMISC;
    }
    return new_flags == flags ? 0 : linux_set_ifflags(netdev->name,
                                                      new_flags);
}

static int
netdev_linux_get_stats(const struct netdev *netdev,
                       struct netdev_stats *stats)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct rtnl_link_stats64 s;

    int error = linux_get_link_info(dev->ifindex, &s, NULL);
    if (error) {
        return error;
    }
    if (dev->kind == LINUX_SYSTEM) {
        stats->rx_packets = s.rx_packets;
        stats->tx_packets = s.tx_packets;
        stats->rx_bytes = s.rx_bytes;
        stats->tx_bytes = s.tx_bytes;
        stats->rx_errors = s.rx_errors;
        stats->tx_errors = s.tx_errors;
        stats->rx_dropped = s.rx_dropped;
        stats->tx_dropped = s.tx_dropped;
    } else {
        /* The kernel counts a tap from the host's side: what we send is
         * what it receives.  Turn that around to the switch's view. */
        stats->rx_packets = s.tx_packets;
        stats->tx_packets = s.rx_packets;
        stats->rx_bytes = s.tx_bytes;
        stats->tx_bytes = s.rx_bytes;
        stats->rx_errors = s.tx_errors;
        stats->tx_errors = s.rx_errors;
        stats->rx_dropped = s.tx_dropped;
        stats->tx_dropped = s.rx_dropped;
    }
    pthread_mutex_lock(&dev->mutex);
    stats->tx_dropped += dev->tx_dropped;
    pthread_mutex_unlock(&dev->mutex);
    stats->multicast = s.multicast;
    stats->collisions = s.collisions;
    stats->rx_length_errors = s.rx_length_errors;
    stats->rx_over_errors = s.rx_over_errors;
    stats->rx_crc_errors = s.rx_crc_errors;
    stats->rx_frame_errors = s.rx_frame_errors;
    stats->rx_fifo_errors = s.rx_fifo_errors;
    stats->rx_missed_errors = s.rx_missed_errors;
    stats->tx_aborted_errors = s.tx_aborted_errors;
    stats->tx_carrier_errors = s.tx_carrier_errors;
    stats->tx_fifo_errors = s.tx_fifo_errors;
    stats->tx_heartbeat_errors = s.tx_heartbeat_errors;
    stats->tx_window_errors = s.tx_window_errors;
    return 0;
}

/* The three classes share the link notification socket, so only one of
 * them ("system") reads it: RUN_AND_WAIT is true for that one. */
#define LINUX_CLASS(TYPE, CONSTRUCT, RUN_AND_WAIT)              \
    {                                                           \
        .type = TYPE,                                           \
        .init = netdev_linux_init,                              \
        .run = RUN_AND_WAIT ? netdev_linux_run : NULL,          \
        .wait = RUN_AND_WAIT ? netdev_linux_wait : NULL,        \
        .alloc = netdev_linux_alloc,                            \
        .construct = CONSTRUCT,                                 \
        .destruct = netdev_linux_destruct,                      \
        .dealloc = netdev_linux_dealloc,                        \
        .get_status = netdev_linux_get_status,                  \
        .rxq_alloc = netdev_linux_rxq_alloc,                    \
        .rxq_construct = netdev_linux_rxq_construct,            \
        .rxq_destruct = netdev_linux_rxq_destruct,              \
        .rxq_dealloc = netdev_linux_rxq_dealloc,                \
        .rxq_recv = netdev_linux_rxq_recv,                      \
        .rxq_wait = netdev_linux_rxq_wait,                      \
        .rxq_drain = netdev_linux_rxq_drain,                    \
        .send = netdev_linux_send,                              \
        .send_wait = netdev_linux_send_wait,                    \
        .get_etheraddr = netdev_linux_get_etheraddr,            \
        .set_etheraddr = netdev_linux_set_etheraddr,            \
        .get_mtu = netdev_linux_get_mtu,                        \
        .set_mtu = netdev_linux_set_mtu,                        \
        .get_ifindex = netdev_linux_get_ifindex,                \
        .get_carrier = netdev_linux_get_carrier,                \
        .get_speed = netdev_linux_get_speed,                    \
        .get_flags = netdev_linux_get_flags,                    \
        .update_flags = netdev_linux_update_flags,              \
        .get_stats = netdev_linux_get_stats,                    \
    }

static const struct netdev_class linux_system_class
    = LINUX_CLASS("system", netdev_linux_system_construct, true);
static const struct netdev_class linux_tap_class
    = LINUX_CLASS("tap", netdev_linux_tap_construct, false);
static const struct netdev_class linux_internal_class
    = LINUX_CLASS("internal", netdev_linux_internal_construct, false);

void
netdev_linux_register_classes(void)
{
    netdev_register_provider(&linux_system_class);
    netdev_register_provider(&linux_tap_class);
    netdev_register_provider(&linux_internal_class);
}
