/* netdev-patch.c -- "patch" netdevs: two netdevs joined back to back.
 *
 * Each patch netdev names its partner in options:peer.  A packet sent on
 * one is received on the other, without copying: the packet moves from
 * the sender's batch to the peer's receive queue.  The pair is connected
 * only when both exist and name each other; otherwise sending drops the
 * packets (counted as tx_dropped) and fails with ENOTCONN, and the
 * carrier is down.
 *
 * All patch devices share one mutex and one name table, so that a send
 * can find its peer and queue to it without holding references that
 * would keep a closed peer alive.  A packet keeps its offload metadata
 * across the patch (a partial checksum stays partial): nothing leaves
 * the process here. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "dp-packet.h"
#include "latch.h"
#include "netdev-provider.h"
#include "netdev.h"
#include "poll-loop.h"
#include "shash.h"
#include "smap.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_patch);

COVERAGE_DEFINE(netdev_patch_no_peer);
COVERAGE_DEFINE(netdev_patch_overflow);

/* Packets waiting at a patch port whose receive queue is slow. */
#define PATCH_MAX_QUEUE 1024

struct netdev_rxq_patch;

struct netdev_patch {
    struct netdev up;
    /* All below guarded by 'patch_mutex'. */
    char *peer;                 /* options:peer, or NULL. */
    struct netdev_stats stats;
    enum netdev_flags flags;
    uint8_t mac[NETDEV_ETH_ADDR_LEN];
    struct netdev_rxq_patch *rxq;   /* The open receive queue, if any. */
};

struct netdev_rxq_patch {
    struct netdev_rxq up;
    struct dp_packet *queue[PATCH_MAX_QUEUE];   /* A ring. */
    size_t head, n;
    struct latch latch;         /* Set when the queue becomes nonempty. */
};

static pthread_mutex_t patch_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct shash patch_devices = SHASH_INITIALIZER(&patch_devices);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

static struct netdev_patch *
netdev_patch_cast(const struct netdev *netdev)
{
    return CONTAINER_OF(netdev, struct netdev_patch, up);
}

static struct netdev_rxq_patch *
netdev_rxq_patch_cast(const struct netdev_rxq *rxq)
{
    return CONTAINER_OF(rxq, struct netdev_rxq_patch, up);
}

/* Returns 'dev''s peer if the two name each other; patch_mutex held. */
static struct netdev_patch *
patch_connected_peer(const struct netdev_patch *dev)
{
    if (!dev->peer) {
        return NULL;
    }
    struct netdev_patch *peer = shash_find_data(&patch_devices, dev->peer);
    return (peer && peer->peer && !strcmp(peer->peer, dev->up.name)
            ? peer : NULL);
}

static struct netdev *
netdev_patch_alloc(void)
{
    struct netdev_patch *dev = xzalloc(sizeof *dev);
    return &dev->up;
}

static void
netdev_patch_dealloc(struct netdev *netdev)
{
    free(netdev_patch_cast(netdev));
}

static int
netdev_patch_construct(struct netdev *netdev)
{
    static unsigned int next_n;
    struct netdev_patch *dev = netdev_patch_cast(netdev);

    pthread_mutex_lock(&patch_mutex);
    unsigned int n = next_n++;
    dev->flags = NETDEV_UP;
    uint8_t mac[NETDEV_ETH_ADDR_LEN] = { 0xaa, 0x55, 0xaa, 0x56,
                                         (n >> 8) & 0xff, n & 0xff };
    memcpy(dev->mac, mac, sizeof mac);
    shash_add(&patch_devices, netdev->name, dev);
    pthread_mutex_unlock(&patch_mutex);

    netdev->n_rxq = 1;
    netdev->tx_offloads = NETDEV_TX_CSUM_PARTIAL;
    return 0;
}

/* Tells the peer of 'dev', if any, that its link changed; mutex held. */
static void
patch_notify_peer(const struct netdev_patch *dev)
{
    if (dev->peer) {
        struct netdev_patch *peer = shash_find_data(&patch_devices,
                                                    dev->peer);
        if (peer) {
            netdev_change_seq_changed(&peer->up);
        }
    }
}

static void
netdev_patch_destruct(struct netdev *netdev)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);

    pthread_mutex_lock(&patch_mutex);
    shash_find_and_delete(&patch_devices, netdev->name);
    patch_notify_peer(dev);
    free(dev->peer);
    pthread_mutex_unlock(&patch_mutex);
}

static int
netdev_patch_get_config(const struct netdev *netdev, struct smap *options)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);

    pthread_mutex_lock(&patch_mutex);
    if (dev->peer) {
        smap_replace(options, "peer", dev->peer);
    }
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static int
netdev_patch_set_config(struct netdev *netdev, const struct smap *options,
                        char **errp)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    const char *peer = NULL;
    struct smap_node *node;

    SMAP_FOR_EACH (node, options) {
        if (!strcmp(node->key, "peer")) {
            peer = node->value;
        } else {
            *errp = xasprintf("%s: unknown option \"%s\" for a patch "
                              "interface", netdev->name, node->key);
            return EINVAL;
        }
    }
    if (!peer || !*peer) {
        *errp = xasprintf("%s: patch type requires valid 'peer' argument",
                          netdev->name);
        return EINVAL;
    }
    if (!strcmp(peer, netdev->name)) {
        *errp = xasprintf("%s: patch peer must not be self", netdev->name);
        return EINVAL;
    }

    pthread_mutex_lock(&patch_mutex);
    if (!dev->peer || strcmp(dev->peer, peer)) {
        patch_notify_peer(dev);
        free(dev->peer);
        dev->peer = xstrdup(peer);
        patch_notify_peer(dev);
    }
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static int
netdev_patch_get_status(const struct netdev *netdev, struct smap *status)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);

    pthread_mutex_lock(&patch_mutex);
    smap_replace(status, "driver_name", "patch");
    if (dev->peer) {
        smap_replace(status, "peer", dev->peer);
        if (!patch_connected_peer(dev)) {
            smap_replace(status, "peer_status", "missing");
        }
    }
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static struct netdev_rxq *
netdev_patch_rxq_alloc(void)
{
    struct netdev_rxq_patch *rxq = xzalloc(sizeof *rxq);
    return &rxq->up;
}

static int
netdev_patch_rxq_construct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_patch *rxq = netdev_rxq_patch_cast(rxq_);
    struct netdev_patch *dev = netdev_patch_cast(rxq_->netdev);
    int error = 0;

    pthread_mutex_lock(&patch_mutex);
    if (dev->rxq) {
        error = EBUSY;
    } else {
        latch_init(&rxq->latch);
        dev->rxq = rxq;
    }
    pthread_mutex_unlock(&patch_mutex);
    return error;
}

static void
patch_rxq_clear(struct netdev_rxq_patch *rxq)
{
    while (rxq->n) {
        dp_packet_delete(rxq->queue[rxq->head]);
        rxq->head = (rxq->head + 1) % PATCH_MAX_QUEUE;
        rxq->n--;
    }
}

static void
netdev_patch_rxq_destruct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_patch *rxq = netdev_rxq_patch_cast(rxq_);
    struct netdev_patch *dev = netdev_patch_cast(rxq_->netdev);

    pthread_mutex_lock(&patch_mutex);
    dev->rxq = NULL;
    patch_rxq_clear(rxq);
    pthread_mutex_unlock(&patch_mutex);
    latch_destroy(&rxq->latch);
}

static void
netdev_patch_rxq_dealloc(struct netdev_rxq *rxq)
{
    free(netdev_rxq_patch_cast(rxq));
}

static int
netdev_patch_rxq_recv(struct netdev_rxq *rxq_, struct dp_packet_batch *batch)
{
    struct netdev_rxq_patch *rxq = netdev_rxq_patch_cast(rxq_);

    latch_poll(&rxq->latch);
    pthread_mutex_lock(&patch_mutex);
    while (rxq->n && !dp_packet_batch_is_full(batch)) {
        dp_packet_batch_add(batch, rxq->queue[rxq->head]);
        rxq->head = (rxq->head + 1) % PATCH_MAX_QUEUE;
        rxq->n--;
    }
    if (rxq->n) {
        latch_set(&rxq->latch);
    }
    pthread_mutex_unlock(&patch_mutex);
    return batch->count ? 0 : EAGAIN;
}

static void
netdev_patch_rxq_wait(struct netdev_rxq *rxq_)
{
    latch_wait(&netdev_rxq_patch_cast(rxq_)->latch);
}

static int
netdev_patch_rxq_drain(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_patch *rxq = netdev_rxq_patch_cast(rxq_);

    pthread_mutex_lock(&patch_mutex);
    patch_rxq_clear(rxq);
    pthread_mutex_unlock(&patch_mutex);
    latch_poll(&rxq->latch);
    return 0;
}

static int
netdev_patch_send(struct netdev *netdev, int qid OVS_UNUSED,
                  struct dp_packet_batch *batch)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    int error = 0;

    pthread_mutex_lock(&patch_mutex);
    struct netdev_patch *peer = patch_connected_peer(dev);
    struct netdev_rxq_patch *rxq = peer ? peer->rxq : NULL;
    bool up = (dev->flags & NETDEV_UP) && peer && (peer->flags & NETDEV_UP);
    if (!peer) {
        COVERAGE_INC(netdev_patch_no_peer);
        VLOG_WARN_RL(&rl, "%s: dropping %zu packets: peer %s is missing",
                     netdev->name, batch->count,
                     dev->peer ? dev->peer : "(none)");
        error = ENOTCONN;
    }

    struct dp_packet *p;
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        size_t size = dp_packet_size(p);
        if (!up) {
            dev->stats.tx_dropped++;
            dp_packet_delete(p);
            continue;
        }
        dev->stats.tx_packets++;
        dev->stats.tx_bytes += size;
        if (!rxq || rxq->n >= PATCH_MAX_QUEUE) {
            /* Nobody receiving, or not fast enough: the peer drops. */
            COVERAGE_INC(netdev_patch_overflow);
            peer->stats.rx_dropped++;
            dp_packet_delete(p);
            continue;
        }
        /* The packet arrives as new to the peer, keeping its checksum
         * offload state: it never left memory. */
        uint32_t offloads = p->offloads;
        uint16_t csum_start = p->csum_start, csum_offset = p->csum_offset;
        p->md.in_port = 0;
        dp_packet_reset_offsets(p);
        p->offloads = offloads;
        p->csum_start = csum_start;
        p->csum_offset = csum_offset;

        rxq->queue[(rxq->head + rxq->n++) % PATCH_MAX_QUEUE] = p;
        peer->stats.rx_packets++;
        peer->stats.rx_bytes += size;
    }
    if (rxq && rxq->n) {
        latch_set(&rxq->latch);
    }
    if (!error && !up) {
        error = ENETDOWN;
    }
    pthread_mutex_unlock(&patch_mutex);
    return error;
}

static int
netdev_patch_get_etheraddr(const struct netdev *netdev,
                           uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    pthread_mutex_lock(&patch_mutex);
    memcpy(mac, dev->mac, NETDEV_ETH_ADDR_LEN);
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static int
netdev_patch_set_etheraddr(struct netdev *netdev,
                           const uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    pthread_mutex_lock(&patch_mutex);
    memcpy(dev->mac, mac, NETDEV_ETH_ADDR_LEN);
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static int
netdev_patch_get_carrier(const struct netdev *netdev, bool *carrier)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    pthread_mutex_lock(&patch_mutex);
    struct netdev_patch *peer = patch_connected_peer(dev);
    *carrier = peer && (peer->flags & NETDEV_UP);
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static int
netdev_patch_get_flags(const struct netdev *netdev, enum netdev_flags *flagsp)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    pthread_mutex_lock(&patch_mutex);
    *flagsp = dev->flags;
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static int
netdev_patch_update_flags(struct netdev *netdev, enum netdev_flags off,
                          enum netdev_flags on, enum netdev_flags *old)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    if ((off | on) & ~(NETDEV_UP | NETDEV_PROMISC)) {
        return EINVAL;
    }
    pthread_mutex_lock(&patch_mutex);
    *old = dev->flags;
    dev->flags = (dev->flags & ~off) | on;
    if ((*old ^ dev->flags) & NETDEV_UP) {
        patch_notify_peer(dev);
    }
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static int
netdev_patch_get_stats(const struct netdev *netdev,
                       struct netdev_stats *stats)
{
    struct netdev_patch *dev = netdev_patch_cast(netdev);
    pthread_mutex_lock(&patch_mutex);
    stats->rx_packets = dev->stats.rx_packets;
    stats->rx_bytes = dev->stats.rx_bytes;
    stats->rx_dropped = dev->stats.rx_dropped;
    stats->tx_packets = dev->stats.tx_packets;
    stats->tx_bytes = dev->stats.tx_bytes;
    stats->tx_dropped = dev->stats.tx_dropped;
    pthread_mutex_unlock(&patch_mutex);
    return 0;
}

static const struct netdev_class patch_class = {
    .type = "patch",
    .alloc = netdev_patch_alloc,
    .construct = netdev_patch_construct,
    .destruct = netdev_patch_destruct,
    .dealloc = netdev_patch_dealloc,
    .get_config = netdev_patch_get_config,
    .set_config = netdev_patch_set_config,
    .get_status = netdev_patch_get_status,
    .rxq_alloc = netdev_patch_rxq_alloc,
    .rxq_construct = netdev_patch_rxq_construct,
    .rxq_destruct = netdev_patch_rxq_destruct,
    .rxq_dealloc = netdev_patch_rxq_dealloc,
    .rxq_recv = netdev_patch_rxq_recv,
    .rxq_wait = netdev_patch_rxq_wait,
    .rxq_drain = netdev_patch_rxq_drain,
    .send = netdev_patch_send,
    .get_etheraddr = netdev_patch_get_etheraddr,
    .set_etheraddr = netdev_patch_set_etheraddr,
    .get_carrier = netdev_patch_get_carrier,
    .get_flags = netdev_patch_get_flags,
    .update_flags = netdev_patch_update_flags,
    .get_stats = netdev_patch_get_stats,
};

void
netdev_patch_register_classes(void)
{
    netdev_register_provider(&patch_class);
}
