/* netdev-linux.c -- Linux network devices for the userspace datapath.
 *
 * Three types:
 *
 *   "system"    an existing kernel interface (a NIC, a veth).  Received
 *               through an AF_PACKET socket with a memory-mapped TPACKET_V2
 *               ring: the kernel copies each frame into a slot in the
 *               context of whoever sent it, and we walk the slots without a
 *               system call per packet.  A frame too big for a slot (a
 *               superframe, a jumbo) is also queued whole on the socket
 *               (PACKET_COPY_THRESH) and read from there with recvmmsg().
 *               Unlike TPACKET_V3, whose blocks are handed over only when
 *               full or when a timer fires (a millisecond or more added to
 *               every lone packet), a V2 slot wakes a poll() at once.  If
 *               the kernel refuses the ring, everything goes through
 *               recvmmsg().  Sent through a memory-mapped TPACKET_V2
 *               transmit ring on a second socket: the frames of a batch
 *               are copied into its slots and one send() has the kernel
 *               take them all, which costs less per packet than
 *               sendmmsg()'s message headers and iovecs (superframes and
 *               frames too big for a slot go with sendmmsg() on a third
 *               socket, since every send on a ring's socket comes from
 *               its ring).  If the kernel refuses the ring, everything
 *               goes with sendmmsg().  The receive socket makes the device
 *               promiscuous for as long as it is open and ignores the
 *               packets the host itself sends out (PACKET_IGNORE_OUTGOING),
 *               which are not ours.
 *
 *   "tap"       a tap device we create through /dev/net/tun (IFF_TAP |
 *               IFF_NO_PI | IFF_VNET_HDR) so that the host's stack sees a
 *               port; it lives as long as the netdev.
 *
 *   "internal"  the same, for a bridge's or switch's own port, and brought
 *               up when created.  Added to the kernel datapath, the port
 *               is the datapath's own device (an OVS_VPORT_TYPE_INTERNAL
 *               vport): dpif-netlink first has netdev_linux_internal_
 *               release() delete our tap, which frees the name, and the
 *               netdev then works on the datapath's device by name.
 *
 * Offloads: both sockets and the tap use a virtio_net_hdr in front of
 * each packet (netdev-linux-vnet.c translates it).  On receive it says
 * whether the L4 checksum is only partial (a veth or the local stack
 * leaves it to the "hardware") and whether the packet is a GSO superframe:
 * a veth passes TCP data of up to 64 kB from its peer's stack (TSO) as one
 * packet, which we keep whole, with its segment size, through the switch.
 * On send we hand both back to the kernel the same way: a veth's peer
 * stack takes the superframe as it is (as if GRO had built it), and for a
 * NIC the kernel segments it in software or in hardware.  So all three
 * types advertise NETDEV_TX_CSUM_PARTIAL and NETDEV_TX_TSO.  recvmmsg()
 * buffers are 64 kB + headroom; a small frame is copied out of its buffer
 * into a packet of its own size, a superframe takes the buffer along.
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
#include <malloc.h>
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
#include "netdev-linux-vnet.h"
#include "netdev-provider.h"
#include "netdev.h"
#include "poll-loop.h"
#include "smap.h"
#include "socket-util.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_linux);

COVERAGE_DEFINE(netdev_linux_rx_truncated);
COVERAGE_DEFINE(netdev_linux_rx_bad_vnet);
COVERAGE_DEFINE(netdev_linux_rx_gso);
COVERAGE_DEFINE(netdev_linux_tx_dropped);
COVERAGE_DEFINE(netdev_linux_link_change);

/* Receive buffers hold the largest packet: a 64 kB GSO superframe plus its
 * Ethernet header (and slack), and come from dp_packet_new_big(), which
 * recycles them.  Frames up to RX_COPY_MAX bytes are copied out of them.
 * RX_SOCKBUF is the receive socket's buffer, which the kernel charges
 * with each queued packet's full memory footprint. */
#define RX_BUF_SIZE DP_PACKET_BIG_ROOM

/* The receive ring (TPACKET_V2): RX_FRAME_NR slots of RX_FRAME_SIZE bytes,
 * enough for a 1500-byte frame with the ring's headers and the virtio
 * header.  A larger frame (a superframe, a jumbo) is left in the ring
 * truncated with TP_STATUS_COPY and whole on the socket's queue, from
 * which we read it with recvmmsg() (PACKET_COPY_THRESH). */
#define RX_FRAME_SIZE 2048
#define RX_RING_BLOCK_SIZE (1 << 16)
#define RX_FRAME_NR 2048
#define RX_COPY_MAX 4096
#define RX_SOCKBUF (8 * 1024 * 1024)
#define TX_SOCKBUF (4 * 1024 * 1024)

/* The transmit ring (TPACKET_V2): TX_FRAME_NR slots of TX_FRAME_SIZE
 * bytes, each the ring's header, the virtio header and a frame of up to
 * TX_DATA_MAX bytes (a 1500-byte MTU's frame with a VLAN tag fits).
 * Larger frames and superframes go through sendmmsg(). */
#define TX_FRAME_SIZE 2048
#define TX_RING_BLOCK_SIZE (1 << 16)
#define TX_FRAME_NR 512
#define TX_DATA_OFFSET (TPACKET2_HDRLEN - sizeof(struct sockaddr_ll))
#define TX_DATA_MAX (TX_FRAME_SIZE - TX_DATA_OFFSET \
                     - sizeof(struct virtio_net_hdr))

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

    /* "system": the transmit ring on 'fd' (NULL if the kernel refused
     * one), guarded by the caller's one-sender-per-queue rule. */
    uint8_t *tx_ring;
    size_t tx_ring_size;
    unsigned int tx_frame;      /* Next ring frame to fill. */
    int tx_big_fd;              /* With a ring: socket for big frames. */

    pthread_mutex_t mutex;      /* Guards 'rxq' and 'tx_dropped'. */
    struct netdev_rxq_linux *rxq;   /* The open receive queue, if any. */
    uint64_t tx_dropped;            /* Drops we saw that the kernel did
                                     * not count. */
};

/* One receive slot of a "system" receive queue: where recvmmsg() puts a
 * frame, its virtio header and its ancillary data (the VLAN tag). */
struct linux_rx_slot {
    struct dp_packet *buf;      /* RX_BUF_SIZE bytes of room, or NULL. */
    struct virtio_net_hdr vh;
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } cmsg;
};

struct netdev_rxq_linux {
    struct netdev_rxq up;

    /* "system" only: the AF_PACKET socket, its ring (NULL if the kernel
     * refused one: then every frame comes through the slots) and
     * NETDEV_MAX_BURST slots for recvmmsg(). */
    int fd;
    uint8_t *ring;
    size_t ring_size;
    unsigned int frame;         /* Next ring frame to look at. */
    struct linux_rx_slot *slots;

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
    dev->tx_big_fd = -1;
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
    dev->up.tx_offloads = NETDEV_TX_CSUM_PARTIAL | NETDEV_TX_TSO;
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

/* Asks for a socket buffer of 'size' bytes in direction 'opt' (SO_RCVBUF
 * or SO_SNDBUF), beyond the sysctl limit if we may (the *FORCE variant
 * needs CAP_NET_ADMIN, which a switch normally has). */
static void
linux_set_sockbuf(int fd, int opt, int force_opt, int size)
{
    if (setsockopt(fd, SOL_SOCKET, force_opt, &size, sizeof size)) {
        setsockopt(fd, SOL_SOCKET, opt, &size, sizeof size);
    }
}

/* Sets up the transmit ring of 'dev''s socket and the second socket that
 * big frames need, or leaves 'dev->tx_ring' NULL (with a warning) if the
 * kernel says no: sending then works through sendmmsg() alone.
 * PACKET_LOSS has the kernel drop a frame it finds malformed and go on;
 * without it the ring would stop at that frame for good. */
static void
linux_open_tx_ring(struct netdev_linux *dev)
{
    int version = TPACKET_V2, one = 1;

    /* Once a socket has a transmit ring, every send on it comes from the
     * ring: frames too big for a slot need a socket of their own. */
    int error = linux_open_packet_socket(dev->ifindex, false,
                                         &dev->tx_big_fd);
    if (error) {
        errno = error;
        goto error;
    }
    linux_set_sockbuf(dev->tx_big_fd, SO_SNDBUF, SO_SNDBUFFORCE, TX_SOCKBUF);

    if (setsockopt(dev->fd, SOL_PACKET, PACKET_VERSION, &version,
                   sizeof version)
        || setsockopt(dev->fd, SOL_PACKET, PACKET_LOSS, &one, sizeof one)) {
        goto error_close;
    }
    struct tpacket_req req = {
        .tp_block_size = TX_RING_BLOCK_SIZE,
        .tp_block_nr = TX_FRAME_NR / (TX_RING_BLOCK_SIZE / TX_FRAME_SIZE),
        .tp_frame_size = TX_FRAME_SIZE,
        .tp_frame_nr = TX_FRAME_NR,
    };
    if (setsockopt(dev->fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof req)) {
        goto error_close;
    }
    dev->tx_ring_size = (size_t) TX_FRAME_SIZE * TX_FRAME_NR;
    void *ring = mmap(NULL, dev->tx_ring_size, PROT_READ | PROT_WRITE,
                      MAP_SHARED, dev->fd, 0);
    if (ring == MAP_FAILED) {
        /* The socket has a ring we cannot use, and sendmmsg() on it would
         * send from that ring: start over with a plain socket. */
        int e = errno;
        close(dev->fd);
        if (!linux_open_packet_socket(dev->ifindex, false, &dev->fd)) {
            linux_set_sockbuf(dev->fd, SO_SNDBUF, SO_SNDBUFFORCE,
                              TX_SOCKBUF);
        }
        errno = e;
        goto error_close;
    }
    dev->tx_ring = ring;
    dev->tx_frame = 0;
    return;

error_close:
    error = errno;
    close(dev->tx_big_fd);
    dev->tx_big_fd = -1;
    errno = error;
error:
    VLOG_WARN("%s: no transmit ring (%s): sending with sendmmsg()",
              dev->up.name, ovs_strerror(errno));
    dev->tx_ring = NULL;
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
    /* Superframes are big: leave room for a batch of them in flight. */
    linux_set_sockbuf(dev->fd, SO_SNDBUF, SO_SNDBUFFORCE, TX_SOCKBUF);
    linux_open_tx_ring(dev);
    netdev_linux_add(dev);
    return 0;
}

/* Creates the tap device of 'dev' ("tap" or "internal"), sets 'dev->fd'
 * and 'dev->ifindex'.  Called before netdev_linux_add() lists 'dev'. */
static int
linux_tap_create(struct netdev_linux *dev, enum linux_kind kind)
{
    struct netdev *netdev = &dev->up;

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
    /* Let the host stack hand us partial checksums and TCP superframes;
     * we pass both on as metadata. */
    if (ioctl(fd, TUNSETOFFLOAD, (unsigned long) (TUN_F_CSUM | TUN_F_TSO4
                                                  | TUN_F_TSO6
                                                  | TUN_F_TSO_ECN)) < 0
        && ioctl(fd, TUNSETOFFLOAD, (unsigned long) TUN_F_CSUM) < 0) {
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
    dev->fd = fd;
    return 0;

error:
    close(fd);
    return error;
}

static int
netdev_linux_tap_construct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    int error = linux_tap_create(dev, LINUX_TAP);
    if (!error) {
        dev->kind = LINUX_TAP;
        netdev_linux_add(dev);
    }
    return error;
}

static int
netdev_linux_internal_construct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    int error = linux_tap_create(dev, LINUX_INTERNAL);
    if (!error) {
        dev->kind = LINUX_INTERNAL;
        netdev_linux_add(dev);
    }
    return error;
}

/* For a kernel datapath about to create 'netdev''s device itself: deletes
 * the tap of an "internal" netdev (closing its only fd does that) so that
 * the name is free.  From then on the netdev reads and sets the device of
 * that name, whoever made it, and has no packet I/O of its own.  Does
 * nothing to other netdevs. */
void
netdev_linux_internal_release(struct netdev *netdev)
{
    if (netdev->class->construct != netdev_linux_internal_construct) {
        return;
    }
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    if (dev->fd >= 0) {
        close(dev->fd);
        dev->fd = -1;
        pthread_mutex_lock(&linux_mutex);
        dev->ifindex = 0;       /* linux_dev_ifindex() looks it up again. */
        pthread_mutex_unlock(&linux_mutex);
    }
}

/* The ifindex of 'dev', looked up once its device exists (an internal
 * port's appears after the netdev is opened). */
static int
linux_dev_ifindex(const struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    if (dev->ifindex <= 0) {
        int ifindex;
        if (!linux_get_ifindex(netdev->name, &ifindex)) {
            pthread_mutex_lock(&linux_mutex);
            dev->ifindex = ifindex;
            pthread_mutex_unlock(&linux_mutex);
        }
        return ifindex;
    }
    return dev->ifindex;
}

static void
netdev_linux_destruct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    pthread_mutex_lock(&linux_mutex);
    ovs_list_remove(&dev->list_node);
    pthread_mutex_unlock(&linux_mutex);
    if (dev->tx_ring) {
        munmap(dev->tx_ring, dev->tx_ring_size);
        close(dev->tx_big_fd);
    }
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

/* Receiving. */

/* Inserts an 802.1Q header with 'tpid' and 'tci' after the Ethernet
 * addresses of 'p' (the kernel strips the outer VLAN tag into metadata
 * before packet sockets see the frame; a switch must see it in the
 * packet).  Returns the bytes inserted: 4, or 0 for a runt. */
static size_t
linux_push_vlan(struct dp_packet *p, uint16_t tpid, uint16_t tci)
{
    if (dp_packet_size(p) < 12) {
        return 0;
    }
    uint8_t *data = dp_packet_push(p, NULL, 4);
    memmove(data, data + 4, 12);
    data[12] = tpid >> 8;
    data[13] = tpid;
    data[14] = tci >> 8;
    data[15] = tci;
    return 4;
}

/* Finishes a received packet 'p' whose virtio header is 'vh' and whose
 * stripped VLAN tag, if any, is in 'aux': puts the tag back and sets the
 * offload metadata.  Returns false if 'p' must be dropped (and counts
 * it). */
static bool
linux_rx_finish(struct netdev_rxq_linux *rxq, struct dp_packet *p,
                const struct virtio_net_hdr *vh,
                const struct tpacket_auxdata *aux)
{
    size_t vlan_shift = 0;
    if (aux && aux->tp_status & TP_STATUS_VLAN_VALID) {
        uint16_t tpid = (aux->tp_status & TP_STATUS_VLAN_TPID_VALID
                         ? aux->tp_vlan_tpid : ETH_P_8021Q);
        vlan_shift = linux_push_vlan(p, tpid, aux->tp_vlan_tci);
    }
    if (netdev_linux_vnet_to_packet(vh, vlan_shift, p)) {
        COVERAGE_INC(netdev_linux_rx_bad_vnet);
        VLOG_WARN_RL(&rl, "%s: dropping packet with an offload header we "
                     "cannot honour (flags %#x, gso type %u, csum_start %u,"
                     " csum_offset %u, %u bytes)", rxq->up.netdev->name,
                     vh->flags, vh->gso_type, vh->csum_start,
                     vh->csum_offset, dp_packet_size(p));
        return false;
    }
    if (dp_packet_is_gso(p)) {
        COVERAGE_INC(netdev_linux_rx_gso);
    }
    return true;
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

/* Sets up the receive ring of 'rxq''s socket, or leaves 'rxq->ring' NULL
 * (with a warning) if the kernel says no: receiving then works through
 * recvmmsg() alone. */
static void
linux_rxq_open_ring(struct netdev_rxq_linux *rxq)
{
    int version = TPACKET_V2, one = 1;
    int fd = rxq->fd;

    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version,
                   sizeof version)
        || setsockopt(fd, SOL_PACKET, PACKET_COPY_THRESH, &one, sizeof one)) {
        goto error;
    }
    struct tpacket_req req = {
        .tp_block_size = RX_RING_BLOCK_SIZE,
        .tp_block_nr = RX_FRAME_NR / (RX_RING_BLOCK_SIZE / RX_FRAME_SIZE),
        .tp_frame_size = RX_FRAME_SIZE,
        .tp_frame_nr = RX_FRAME_NR,
    };
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req)) {
        goto error;
    }
    rxq->ring_size = (size_t) RX_FRAME_SIZE * RX_FRAME_NR;
    void *ring = mmap(NULL, rxq->ring_size, PROT_READ | PROT_WRITE,
                      MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED) {
        goto error;
    }
    rxq->ring = ring;
    rxq->frame = 0;
    return;

error:
    VLOG_WARN("%s: no receive ring (%s): receiving with recvmmsg()",
              rxq->up.netdev->name, ovs_strerror(errno));
    rxq->ring = NULL;
}

/* Superframe buffers are 64 kB each and freed soon after on the same
 * thread.  By default malloc gives the free memory at the top of its heap
 * back to the kernel (and a heap of its own per thread does the same with
 * madvise()), so that every new buffer page-faults its 16 pages in again:
 * that cost more than the copy itself.  Keep up to 64 MB of freed memory
 * in the process instead, and keep these buffers out of mmap(). */
static void
linux_tune_malloc__(void)
{
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
}

static void
linux_tune_malloc(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, linux_tune_malloc__);
}

static int
linux_rxq_open_socket(struct netdev_rxq_linux *rxq, int ifindex)
{
    int one = 1;
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
    linux_tune_malloc();

    /* The stripped VLAN tag comes as ancillary data. */
    if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one)) {
        return errno;
    }
    linux_set_sockbuf(fd, SO_RCVBUF, SO_RCVBUFFORCE, RX_SOCKBUF);
    linux_rxq_open_ring(rxq);

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

    /* Frames that arrived between bind() and now may belong to another
     * configuration; that is harmless for a switch, so keep them. */
    rxq->slots = xcalloc(NETDEV_MAX_BURST, sizeof *rxq->slots);
    return 0;
}

static void
linux_rxq_close_socket(struct netdev_rxq_linux *rxq)
{
    if (rxq->ring) {
        munmap(rxq->ring, rxq->ring_size);
        rxq->ring = NULL;
    }
    if (rxq->slots) {
        for (size_t i = 0; i < NETDEV_MAX_BURST; i++) {
            dp_packet_delete(rxq->slots[i].buf);
        }
        free(rxq->slots);
        rxq->slots = NULL;
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

    if (dev->kind == LINUX_INTERNAL && dev->fd < 0) {
        /* Released to a kernel datapath, which does the port's I/O. */
        error = EOPNOTSUPP;
    } else if (dev->kind == LINUX_SYSTEM) {
        error = linux_rxq_open_socket(rxq, dev->ifindex);
        if (error) {
            VLOG_WARN("%s: could not open receive socket (%s)",
                      rxq_->netdev->name, ovs_strerror(error));
            linux_rxq_close_socket(rxq);
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

    linux_rxq_close_socket(rxq);
    free(rxq->tap_overflow);
    pthread_mutex_lock(&dev->mutex);
    dev->rxq = NULL;
    pthread_mutex_unlock(&dev->mutex);
}

/* Receives up to a batch's worth of frames with one recvmmsg() into the
 * slots' big buffers.  A frame of up to RX_COPY_MAX bytes is copied into a
 * packet of its own size and the buffer stays for the next frame; a
 * larger one (a GSO superframe) takes the buffer along, and the slot gets
 * a fresh one next time.  So small frames cost one small allocation, as
 * before, and superframes no copy beyond the kernel's. */
static void
linux_rxq_recv_socket(struct netdev_rxq_linux *rxq,
                      struct dp_packet_batch *batch, size_t n_want)
{
    struct mmsghdr msgs[NETDEV_MAX_BURST];
    struct iovec iovs[NETDEV_MAX_BURST][2];

    n_want = MIN(n_want, NETDEV_MAX_BURST - batch->count);

    for (size_t i = 0; i < n_want; i++) {
        struct linux_rx_slot *slot = &rxq->slots[i];
        if (!slot->buf) {
            slot->buf = dp_packet_new_big();
        }
        iovs[i][0] = (struct iovec) { &slot->vh, sizeof slot->vh };
        iovs[i][1] = (struct iovec) { dp_packet_data(slot->buf),
                                      RX_BUF_SIZE };
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 2;
        msgs[i].msg_hdr.msg_control = &slot->cmsg;
        msgs[i].msg_hdr.msg_controllen = sizeof slot->cmsg;
    }

    int n;
    do {
        n = recvmmsg(rxq->fd, msgs, n_want, MSG_DONTWAIT, NULL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno != EAGAIN && errno != ENETDOWN) {
            VLOG_WARN_RL(&rl, "%s: receive failed (%s)",
                         rxq->up.netdev->name, ovs_strerror(errno));
        }
        return;
    }

    for (int i = 0; i < n; i++) {
        struct linux_rx_slot *slot = &rxq->slots[i];
        struct msghdr *mh = &msgs[i].msg_hdr;
        size_t len = msgs[i].msg_len;

        if (len < sizeof slot->vh || mh->msg_flags & MSG_TRUNC) {
            COVERAGE_INC(netdev_linux_rx_truncated);
            VLOG_WARN_RL(&rl, "%s: dropping truncated or oversized packet "
                         "(%zu bytes)", rxq->up.netdev->name, len);
            continue;
        }
        len -= sizeof slot->vh;

        const struct tpacket_auxdata *aux = NULL;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c;
             c = CMSG_NXTHDR(mh, c)) {
            if (c->cmsg_level == SOL_PACKET
                && c->cmsg_type == PACKET_AUXDATA
                && c->cmsg_len >= CMSG_LEN(sizeof *aux)) {
                aux = (const void *) CMSG_DATA(c);
            }
        }

        struct dp_packet *p;
        if (len <= RX_COPY_MAX) {
            p = dp_packet_clone_data_with_headroom(
                dp_packet_data(slot->buf), len, DP_PACKET_HEADROOM);
        } else {
            p = slot->buf;
            slot->buf = NULL;
            dp_packet_set_size(p, len);
        }
        if (linux_rx_finish(rxq, p, &slot->vh, aux)) {
            dp_packet_batch_add(batch, p);
        } else {
            dp_packet_delete(p);
        }
    }
}

static struct tpacket2_hdr *
linux_rxq_frame_at(const struct netdev_rxq_linux *rxq, unsigned int frame)
{
    return (struct tpacket2_hdr *) (rxq->ring
                                    + (size_t) frame * RX_FRAME_SIZE);
}

static struct tpacket2_hdr *
linux_rxq_frame(const struct netdev_rxq_linux *rxq)
{
    return linux_rxq_frame_at(rxq, rxq->frame);
}

static bool
linux_frame_is_ours(const struct tpacket2_hdr *h)
{
    return __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER;
}

/* Reads frames from the ring without a system call while the kernel has
 * filled them.  A frame too big for its slot was queued whole on the
 * socket as well (TP_STATUS_COPY), in the same order: it is read from
 * there. */
static void
linux_rxq_recv_ring(struct netdev_rxq_linux *rxq,
                    struct dp_packet_batch *batch)
{
    while (!dp_packet_batch_is_full(batch)) {
        struct tpacket2_hdr *h = linux_rxq_frame(rxq);
        if (!linux_frame_is_ours(h)) {
            break;
        }
        uint32_t status = h->tp_status;
        if (status & TP_STATUS_COPY) {
            /* Superframes come in runs (a TCP sender's window): read the
             * run's copies with one recvmmsg(), then hand back its slots. */
            size_t room = NETDEV_MAX_BURST - batch->count;
            size_t n = 1;
            while (n < room) {
                const struct tpacket2_hdr *next = linux_rxq_frame_at(
                    rxq, (rxq->frame + n) % RX_FRAME_NR);
                if (!linux_frame_is_ours(next)
                    || !(next->tp_status & TP_STATUS_COPY)) {
                    break;
                }
                n++;
            }
            linux_rxq_recv_socket(rxq, batch, n);
            for (size_t i = 0; i < n - 1; i++) {
                __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL,
                                 __ATOMIC_RELEASE);
                rxq->frame = (rxq->frame + 1) % RX_FRAME_NR;
                h = linux_rxq_frame(rxq);
            }
        } else if (h->tp_snaplen < h->tp_len) {
            COVERAGE_INC(netdev_linux_rx_truncated);
            VLOG_WARN_RL(&rl, "%s: dropping truncated packet (%u of %u "
                         "bytes)", rxq->up.netdev->name, h->tp_snaplen,
                         h->tp_len);
        } else {
            const uint8_t *frame = (const uint8_t *) h + h->tp_mac;
            const struct virtio_net_hdr *vh = (const void *)
                (frame - sizeof(struct virtio_net_hdr));
            struct tpacket_auxdata aux = {
                .tp_status = status,
                .tp_vlan_tci = h->tp_vlan_tci,
                .tp_vlan_tpid = h->tp_vlan_tpid,
            };
            struct dp_packet *p = dp_packet_clone_data_with_headroom(
                frame, h->tp_snaplen, DP_PACKET_HEADROOM);
            if (linux_rx_finish(rxq, p, vh, &aux)) {
                dp_packet_batch_add(batch, p);
            } else {
                dp_packet_delete(p);
            }
        }
        __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        rxq->frame = (rxq->frame + 1) % RX_FRAME_NR;
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
    /* Most packets fit in a buffer sized for the MTU; a larger one (a GSO
     * superframe from the host's stack) spills into 'tap_overflow' and is
     * copied after. */
    size_t bufsize = rxq->tap_mtu + 18;

    while (!dp_packet_batch_is_full(batch)) {
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
        /* A tap gives the VLAN tag in the frame: nothing to put back. */
        if (linux_rx_finish(rxq, p, &vh, NULL)) {
            dp_packet_batch_add(batch, p);
        } else {
            dp_packet_delete(p);
        }
    }
}

static int
netdev_linux_rxq_recv(struct netdev_rxq *rxq_, struct dp_packet_batch *batch)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);

    if (rxq->ring) {
        linux_rxq_recv_ring(rxq, batch);
    } else if (rxq->slots) {
        linux_rxq_recv_socket(rxq, batch, NETDEV_MAX_BURST);
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

    /* A TPACKET_V2 ring, a packet socket and a tap all wake us as soon as
     * one packet is there, so a lone packet waits for nobody. */
    if (rxq->ring && linux_frame_is_ours(linux_rxq_frame(rxq))) {
        poll_immediate_wake();
    } else {
        poll_fd_wait(rxq->slots ? rxq->fd : dev->fd, POLLIN);
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
linux_count_tx_drop(struct netdev_linux *dev, int error)
{
    VLOG_WARN_RL(&rl, "%s: send failed (%s)", dev->up.name,
                 ovs_strerror(error));
    COVERAGE_INC(netdev_linux_tx_dropped);
    pthread_mutex_lock(&dev->mutex);
    dev->tx_dropped++;
    pthread_mutex_unlock(&dev->mutex);
}

static struct tpacket2_hdr *
linux_tx_frame(const struct netdev_linux *dev, unsigned int i)
{
    return (struct tpacket2_hdr *) (dev->tx_ring + (size_t) i * TX_FRAME_SIZE);
}

/* Has the kernel send what the ring holds.  The kernel takes the queued
 * frames in ring order and stops at the first it cannot take (socket
 * buffer full, device down), which it leaves queued: those, the tail of
 * what we queued, are dropped here and the ring is rewound to them, so
 * that a later packet is not held up behind them and the kernel's head
 * and ours agree.  Returns 0 or the error of the drop. */
static int
linux_tx_ring_flush(struct netdev_linux *dev)
{
    ssize_t r;
    do {
        r = send(dev->fd, NULL, 0, MSG_DONTWAIT);
    } while (r < 0 && errno == EINTR);
    int error = r < 0 ? errno : 0;

    for (;;) {
        unsigned int prev = (dev->tx_frame + TX_FRAME_NR - 1) % TX_FRAME_NR;
        struct tpacket2_hdr *h = linux_tx_frame(dev, prev);
        if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE)
            != TP_STATUS_SEND_REQUEST) {
            break;
        }
        __atomic_store_n(&h->tp_status, TP_STATUS_AVAILABLE,
                         __ATOMIC_RELEASE);
        dev->tx_frame = prev;
        error = error ? error : ENOBUFS;
        linux_count_tx_drop(dev, error);
    }
    return error;
}

/* Sends the 'n' packets in 'pkts' on 'fd' with as few sendmmsg() calls as
 * the kernel allows. */
static int
linux_sendmmsg(struct netdev_linux *dev, int fd, struct dp_packet **pkts,
               size_t n)
{
    struct virtio_net_hdr vhs[NETDEV_MAX_BURST];
    struct iovec iovs[NETDEV_MAX_BURST][2];
    struct mmsghdr msgs[NETDEV_MAX_BURST];
    int error = 0;

    for (size_t i = 0; i < n; i++) {
        struct dp_packet *p = pkts[i];
        netdev_linux_vnet_from_packet(p, &vhs[i]);
        iovs[i][0] = (struct iovec) { &vhs[i], sizeof vhs[i] };
        iovs[i][1] = (struct iovec) { dp_packet_data(p), dp_packet_size(p) };
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 2;
    }

    size_t sent = 0;
    while (sent < n) {
        int r = sendmmsg(fd, msgs + sent, n - sent, MSG_DONTWAIT);
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
        linux_count_tx_drop(dev, e);
        sent++;
    }
    return error;
}

static bool
linux_tx_is_big(const struct dp_packet *p)
{
    return dp_packet_size(p) > TX_DATA_MAX || dp_packet_is_gso(p);
}

/* Sends 'batch' through the transmit ring: each frame is copied into a
 * slot, and one send() has the kernel take them all.  Superframes and
 * frames too big for a slot go with sendmmsg() in their turn (after what
 * the ring holds, to keep the order).  A slot the kernel still holds (it
 * frees one when its packet has left) is a full ring: the packet is
 * dropped, as sendmmsg() drops with a full socket buffer. */
static int
linux_send_ring(struct netdev_linux *dev, struct dp_packet_batch *batch)
{
    int error = 0, e;
    size_t queued = 0;
    struct dp_packet *p;

    for (size_t i = 0; i < batch->count; i++) {
        p = batch->packets[i];
        size_t size = dp_packet_size(p);

        if (linux_tx_is_big(p)) {
            if (queued) {
                e = linux_tx_ring_flush(dev);
                error = error ? error : e;
                queued = 0;
            }
            size_t n = 1;
            while (i + n < batch->count
                   && linux_tx_is_big(batch->packets[i + n])) {
                n++;
            }
            e = linux_sendmmsg(dev, dev->tx_big_fd, &batch->packets[i], n);
            error = error ? error : e;
            i += n - 1;
            continue;
        }

        struct tpacket2_hdr *h = linux_tx_frame(dev, dev->tx_frame);
        if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE)
            != TP_STATUS_AVAILABLE) {
            error = error ? error : ENOBUFS;
            linux_count_tx_drop(dev, ENOBUFS);
            continue;
        }
        uint8_t *data = (uint8_t *) h + TX_DATA_OFFSET;
        struct virtio_net_hdr *vh = (struct virtio_net_hdr *) data;
        netdev_linux_vnet_from_packet(p, vh);
        /* The kernel copies the first hdr_len bytes of a frame into the
         * packet it builds and attaches the rest as pages of the ring,
         * which a veth then copies out again (skb_copy_ubufs(): a page
         * allocation per packet).  Have it copy the whole frame at once:
         * cheaper, and no packet refers to the ring once sent. */
        vh->hdr_len = size;
        memcpy(data + sizeof *vh, dp_packet_data(p), size);
        h->tp_len = sizeof *vh + size;
        __atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
                         __ATOMIC_RELEASE);
        dev->tx_frame = (dev->tx_frame + 1) % TX_FRAME_NR;
        queued++;
    }
    if (queued) {
        e = linux_tx_ring_flush(dev);
        error = error ? error : e;
    }
    return error;
}

static int
netdev_linux_send_system(struct netdev_linux *dev,
                         struct dp_packet_batch *batch)
{
    return (dev->tx_ring
            ? linux_send_ring(dev, batch)
            : linux_sendmmsg(dev, dev->fd, batch->packets, batch->count));
}

static int
netdev_linux_send_tap(struct netdev_linux *dev, struct dp_packet_batch *batch)
{
    int error = 0;

    struct dp_packet *p;
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        struct virtio_net_hdr vh;
        netdev_linux_vnet_from_packet(p, &vh);
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
    int fd = netdev_linux_cast(netdev)->fd;
    if (fd >= 0) {
        poll_fd_wait(fd, POLLOUT);
    }
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
    return linux_dev_ifindex(netdev);
}

static int
netdev_linux_get_carrier(const struct netdev *netdev, bool *carrier)
{
    int error = linux_get_link_info(linux_dev_ifindex(netdev), NULL,
                                    carrier);
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

    int error = linux_get_link_info(linux_dev_ifindex(netdev), &s, NULL);
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
