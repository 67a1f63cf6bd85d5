/* netdev-dummy.c -- netdevs with no device behind them, for tests.
 *
 * A dummy netdev receives what a test injects, either from C
 * (netdev_dummy_receive()) or through the control socket:
 *
 *     ovs-appctl netdev-dummy/receive NAME [--qid N] HEXPACKET...
 *
 * and keeps what it is asked to send in a queue that the test reads back
 * (netdev_dummy_pop_sent(), "netdev-dummy/sent NAME").  With
 * options:pcap=FILE it also writes every packet sent and received to FILE;
 * rxq_pcap=FILE and tx_pcap=FILE split the two directions.
 * "netdev-dummy/set-admin-state [NAME] up|down" takes a device (or all of
 * them) up or down, which tests use to fake link changes.
 *
 * Types: "dummy", and "dummy-internal" and "dummy-tap", which a switch
 * under test uses instead of "internal" and "tap" so that it never creates
 * real devices.
 *
 * Concurrency: the main thread configures and injects, datapath threads
 * receive and send.  Each device has a mutex over its mutable state; a
 * receive queue's latch wakes the thread polling it when a packet is
 * injected from another thread. */
#include <config.h>

#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "dp-packet.h"
#include "dynamic-string.h"
#include "latch.h"
#include "list.h"
#include "netdev-provider.h"
#include "netdev.h"
#include "pcap-file.h"
#include "poll-loop.h"
#include "smap.h"
#include "sset.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_dummy);

COVERAGE_DEFINE(netdev_dummy_rx_dropped);
COVERAGE_DEFINE(netdev_dummy_sent_overflow);

/* Packets waiting in a receive queue, and packets sent and not yet read
 * back, are bounded so that a test that forgets to read cannot eat all
 * memory. */
#define DUMMY_MAX_QUEUE 1024

/* A bounded FIFO of packets. */
struct dummy_pktq {
    struct dp_packet *packets[DUMMY_MAX_QUEUE];
    size_t head;                /* Index of the oldest packet. */
    size_t n;
};

static bool
dummy_pktq_push(struct dummy_pktq *q, struct dp_packet *p)
{
    if (q->n >= DUMMY_MAX_QUEUE) {
        return false;
    }
    q->packets[(q->head + q->n++) % DUMMY_MAX_QUEUE] = p;
    return true;
}

static struct dp_packet *
dummy_pktq_pop(struct dummy_pktq *q)
{
    if (!q->n) {
        return NULL;
    }
    struct dp_packet *p = q->packets[q->head];
    q->head = (q->head + 1) % DUMMY_MAX_QUEUE;
    q->n--;
    return p;
}

static void
dummy_pktq_clear(struct dummy_pktq *q)
{
    struct dp_packet *p;
    while ((p = dummy_pktq_pop(q))) {
        dp_packet_delete(p);
    }
}

struct netdev_rxq_dummy;

struct netdev_dummy {
    struct netdev up;

    pthread_mutex_t mutex;      /* Guards everything below. */
    uint8_t mac[NETDEV_ETH_ADDR_LEN];
    int mtu;
    int ifindex;                /* From options:ifindex, or -EOPNOTSUPP. */
    enum netdev_flags flags;
    bool link_up;               /* netdev-dummy/set-admin-state. */
    struct netdev_stats stats;
    struct smap options;        /* Options in force. */

    struct pcap_file *rx_pcap;  /* Received packets, or NULL. */
    struct pcap_file *tx_pcap;  /* Sent packets, or NULL; may equal
                                 * rx_pcap (options:pcap). */

    struct dummy_pktq sent;     /* Sent packets, for reading back. */
    struct netdev_rxq_dummy **rxqs;  /* Open queues by id, n_rxq slots. */
    int n_rxq_slots;
};

struct netdev_rxq_dummy {
    struct netdev_rxq up;
    struct dummy_pktq queue;    /* Guarded by the netdev's mutex. */
    struct latch latch;         /* Set when 'queue' becomes nonempty. */
};

static const struct netdev_class dummy_class;
static const struct netdev_class dummy_internal_class;
static const struct netdev_class dummy_tap_class;

static bool
is_dummy_class(const struct netdev_class *class)
{
    return class->construct == dummy_class.construct;
}

static struct netdev_dummy *
netdev_dummy_cast(const struct netdev *netdev)
{
    ovs_assert(is_dummy_class(netdev->class));
    return CONTAINER_OF(netdev, struct netdev_dummy, up);
}

static struct netdev_rxq_dummy *
netdev_rxq_dummy_cast(const struct netdev_rxq *rxq)
{
    return CONTAINER_OF(rxq, struct netdev_rxq_dummy, up);
}

static struct netdev *
netdev_dummy_alloc(void)
{
    struct netdev_dummy *dev = xzalloc(sizeof *dev);
    return &dev->up;
}

static void
netdev_dummy_dealloc(struct netdev *netdev)
{
    free(netdev_dummy_cast(netdev));
}

static int
netdev_dummy_construct(struct netdev *netdev)
{
    static unsigned int next_n = 0;
    static pthread_mutex_t n_mutex = PTHREAD_MUTEX_INITIALIZER;
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&n_mutex);
    unsigned int n = next_n++;
    pthread_mutex_unlock(&n_mutex);

    pthread_mutex_init(&dev->mutex, NULL);
    /* A locally administered unicast address unique to this process. */
    uint8_t mac[NETDEV_ETH_ADDR_LEN] = { 0xaa, 0x55, 0xaa, 0x55,
                                         (n >> 8) & 0xff, n & 0xff };
    memcpy(dev->mac, mac, sizeof mac);
    dev->mtu = 1500;
    dev->ifindex = -EOPNOTSUPP;
    dev->flags = NETDEV_UP;
    dev->link_up = true;
    memset(&dev->stats, 0, sizeof dev->stats);
    smap_init(&dev->options);
    dev->n_rxq_slots = 1;
    dev->rxqs = xcalloc(1, sizeof *dev->rxqs);
    netdev->n_rxq = 1;
    /* In memory, a packet keeps its offload metadata as it is. */
    netdev->tx_offloads = NETDEV_TX_CSUM_PARTIAL;
    return 0;
}

static void
netdev_dummy_close_pcaps(struct netdev_dummy *dev)
{
    if (dev->tx_pcap != dev->rx_pcap) {
        pcap_file_close(dev->tx_pcap);
    }
    pcap_file_close(dev->rx_pcap);
    dev->tx_pcap = dev->rx_pcap = NULL;
}

static void
netdev_dummy_destruct(struct netdev *netdev)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    /* Open queues hold references, so none can be open now. */
    free(dev->rxqs);
    dummy_pktq_clear(&dev->sent);
    netdev_dummy_close_pcaps(dev);
    smap_destroy(&dev->options);
    pthread_mutex_destroy(&dev->mutex);
}

static int
netdev_dummy_get_config(const struct netdev *netdev, struct smap *options)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    struct smap_node *node;
    SMAP_FOR_EACH (node, &dev->options) {
        smap_replace(options, node->key, node->value);
    }
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_set_config(struct netdev *netdev, const struct smap *options,
                        char **errp)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    const char *pcap = NULL, *rx_pcap = NULL, *tx_pcap = NULL;
    int ifindex = -EOPNOTSUPP;
    int n_rxq = 1;
    struct smap_node *node;

    SMAP_FOR_EACH (node, options) {
        const char *key = node->key, *value = node->value;
        if (!strcmp(key, "pcap")) {
            pcap = value;
        } else if (!strcmp(key, "rxq_pcap")) {
            rx_pcap = value;
        } else if (!strcmp(key, "tx_pcap")) {
            tx_pcap = value;
        } else if (!strcmp(key, "ifindex")) {
            if (!str_to_int(value, 10, &ifindex) || ifindex <= 0) {
                *errp = xasprintf("%s: bad ifindex \"%s\"",
                                  netdev->name, value);
                return EINVAL;
            }
        } else if (!strcmp(key, "n_rxq")) {
            if (!str_to_int(value, 10, &n_rxq) || n_rxq < 1
                || n_rxq > 64) {
                *errp = xasprintf("%s: bad n_rxq \"%s\" (1 to 64)",
                                  netdev->name, value);
                return EINVAL;
            }
        } else {
            *errp = xasprintf("%s: unknown option \"%s\" for a %s "
                              "interface", netdev->name, key,
                              netdev->class->type);
            return EINVAL;
        }
    }
    if (pcap && (rx_pcap || tx_pcap)) {
        *errp = xasprintf("%s: options pcap and rxq_pcap/tx_pcap are "
                          "exclusive", netdev->name);
        return EINVAL;
    }

    /* Open the new files before touching the device, so that a failure
     * leaves the old configuration in force. */
    struct pcap_file *new_rx = NULL, *new_tx = NULL;
    int error = 0;
    if (pcap) {
        error = pcap_file_open(pcap, "a", &new_rx);
        new_tx = new_rx;
    } else {
        if (rx_pcap) {
            error = pcap_file_open(rx_pcap, "a", &new_rx);
        }
        if (!error && tx_pcap) {
            error = pcap_file_open(tx_pcap, "a", &new_tx);
        }
    }
    if (error) {
        *errp = xasprintf("%s: could not open pcap file (%s)",
                          netdev->name, ovs_strerror(error));
        pcap_file_close(new_rx);
        if (new_tx != new_rx) {
            pcap_file_close(new_tx);
        }
        return error;
    }

    pthread_mutex_lock(&dev->mutex);
    if (n_rxq != netdev->n_rxq) {
        for (int i = 0; i < dev->n_rxq_slots; i++) {
            if (dev->rxqs[i]) {
                pthread_mutex_unlock(&dev->mutex);
                pcap_file_close(new_rx);
                if (new_tx != new_rx) {
                    pcap_file_close(new_tx);
                }
                *errp = xasprintf("%s: cannot change n_rxq while receive "
                                  "queues are open", netdev->name);
                return EBUSY;
            }
        }
        free(dev->rxqs);
        dev->rxqs = xcalloc(n_rxq, sizeof *dev->rxqs);
        dev->n_rxq_slots = n_rxq;
        netdev->n_rxq = n_rxq;
    }
    netdev_dummy_close_pcaps(dev);
    dev->rx_pcap = new_rx;
    dev->tx_pcap = new_tx;
    dev->ifindex = ifindex;
    smap_destroy(&dev->options);
    smap_clone(&dev->options, options);
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_status(const struct netdev *netdev, struct smap *status)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    smap_replace(status, "driver_name", "dummy");
    smap_add_format(status, "sent_queued", "%zu", dev->sent.n);
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

/* Receive queues. */

static struct netdev_rxq *
netdev_dummy_rxq_alloc(void)
{
    struct netdev_rxq_dummy *rxq = xzalloc(sizeof *rxq);
    return &rxq->up;
}

static int
netdev_dummy_rxq_construct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_dummy *rxq = netdev_rxq_dummy_cast(rxq_);
    struct netdev_dummy *dev = netdev_dummy_cast(rxq_->netdev);
    int error = 0;

    pthread_mutex_lock(&dev->mutex);
    if (dev->rxqs[rxq_->queue_id]) {
        error = EBUSY;
    } else {
        latch_init(&rxq->latch);
        dev->rxqs[rxq_->queue_id] = rxq;
    }
    pthread_mutex_unlock(&dev->mutex);
    return error;
}

static void
netdev_dummy_rxq_destruct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_dummy *rxq = netdev_rxq_dummy_cast(rxq_);
    struct netdev_dummy *dev = netdev_dummy_cast(rxq_->netdev);

    pthread_mutex_lock(&dev->mutex);
    dev->rxqs[rxq_->queue_id] = NULL;
    dummy_pktq_clear(&rxq->queue);
    pthread_mutex_unlock(&dev->mutex);
    latch_destroy(&rxq->latch);
}

static void
netdev_dummy_rxq_dealloc(struct netdev_rxq *rxq)
{
    free(netdev_rxq_dummy_cast(rxq));
}

static int
netdev_dummy_rxq_recv(struct netdev_rxq *rxq_, struct dp_packet_batch *batch)
{
    struct netdev_rxq_dummy *rxq = netdev_rxq_dummy_cast(rxq_);
    struct netdev_dummy *dev = netdev_dummy_cast(rxq_->netdev);

    latch_poll(&rxq->latch);
    pthread_mutex_lock(&dev->mutex);
    while (!dp_packet_batch_is_full(batch) && rxq->queue.n) {
        dp_packet_batch_add(batch, dummy_pktq_pop(&rxq->queue));
    }
    if (rxq->queue.n) {
        /* More left: make sure the next wait does not sleep. */
        latch_set(&rxq->latch);
    }
    pthread_mutex_unlock(&dev->mutex);
    return batch->count ? 0 : EAGAIN;
}

static void
netdev_dummy_rxq_wait(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_dummy *rxq = netdev_rxq_dummy_cast(rxq_);
    latch_wait(&rxq->latch);
}

static int
netdev_dummy_rxq_drain(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_dummy *rxq = netdev_rxq_dummy_cast(rxq_);
    struct netdev_dummy *dev = netdev_dummy_cast(rxq_->netdev);

    pthread_mutex_lock(&dev->mutex);
    dummy_pktq_clear(&rxq->queue);
    pthread_mutex_unlock(&dev->mutex);
    latch_poll(&rxq->latch);
    return 0;
}

/* Queues a copy of 'data' for reception on queue 'qid' of 'dev'.  Called
 * with the mutex held. */
static int
netdev_dummy_queue_packet(struct netdev_dummy *dev, const void *data,
                          size_t size, int qid)
{
    if (qid < 0 || qid >= dev->n_rxq_slots) {
        return EINVAL;
    }
    if (!(dev->flags & NETDEV_UP) || !dev->link_up) {
        /* A device that is down receives nothing. */
        dev->stats.rx_dropped++;
        COVERAGE_INC(netdev_dummy_rx_dropped);
        return 0;
    }

    dev->stats.rx_packets++;
    dev->stats.rx_bytes += size;
    if (dev->rx_pcap) {
        pcap_file_write(dev->rx_pcap, data, size);
    }

    struct netdev_rxq_dummy *rxq = dev->rxqs[qid];
    struct dp_packet *p = dp_packet_clone_data_with_headroom(
        data, size, DP_PACKET_HEADROOM);
    if (!rxq || !dummy_pktq_push(&rxq->queue, p)) {
        /* Nobody listening, or a full queue: as a real NIC would, drop. */
        dp_packet_delete(p);
        dev->stats.rx_dropped++;
        COVERAGE_INC(netdev_dummy_rx_dropped);
        return 0;
    }
    latch_set(&rxq->latch);
    return 0;
}

int
netdev_dummy_receive(struct netdev *netdev, const void *data, size_t size,
                     int qid)
{
    if (!is_dummy_class(netdev->class)) {
        return EOPNOTSUPP;
    }
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    int error = netdev_dummy_queue_packet(dev, data, size, qid);
    pthread_mutex_unlock(&dev->mutex);
    return error;
}

/* Sending. */

static int
netdev_dummy_send(struct netdev *netdev, int qid OVS_UNUSED,
                  struct dp_packet_batch *batch)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    int error = 0;

    pthread_mutex_lock(&dev->mutex);
    struct dp_packet *p;
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        size_t size = dp_packet_size(p);
        if (!(dev->flags & NETDEV_UP)) {
            dev->stats.tx_dropped++;
            dp_packet_delete(p);
            error = error ? error : ENETDOWN;
            continue;
        }
        if (size > (size_t) dev->mtu + 18 && size > 14) {
            /* Longer than the MTU allows, with Ethernet and VLAN header:
             * a real device would refuse it too. */
            dev->stats.tx_errors++;
            dp_packet_delete(p);
            error = error ? error : EMSGSIZE;
            continue;
        }
        dev->stats.tx_packets++;
        dev->stats.tx_bytes += size;
        if (dev->tx_pcap) {
            pcap_file_write_packet(dev->tx_pcap, p);
        }
        if (dev->sent.n >= DUMMY_MAX_QUEUE) {
            /* Keep the newest: drop the oldest. */
            dp_packet_delete(dummy_pktq_pop(&dev->sent));
            COVERAGE_INC(netdev_dummy_sent_overflow);
        }
        dummy_pktq_push(&dev->sent, p);
    }
    pthread_mutex_unlock(&dev->mutex);
    return error;
}

struct dp_packet *
netdev_dummy_pop_sent(struct netdev *netdev)
{
    if (!is_dummy_class(netdev->class)) {
        return NULL;
    }
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    struct dp_packet *p = dummy_pktq_pop(&dev->sent);
    pthread_mutex_unlock(&dev->mutex);
    return p;
}

/* Attributes. */

static int
netdev_dummy_get_etheraddr(const struct netdev *netdev,
                           uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    memcpy(mac, dev->mac, NETDEV_ETH_ADDR_LEN);
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_set_etheraddr(struct netdev *netdev,
                           const uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    if (mac[0] & 1) {
        return EINVAL;          /* Multicast addresses cannot be ours. */
    }
    pthread_mutex_lock(&dev->mutex);
    memcpy(dev->mac, mac, NETDEV_ETH_ADDR_LEN);
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_mtu(const struct netdev *netdev, int *mtup)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    *mtup = dev->mtu;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_set_mtu(struct netdev *netdev, int mtu)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    if (mtu < 68 || mtu > 65535) {
        return EINVAL;
    }
    pthread_mutex_lock(&dev->mutex);
    dev->mtu = mtu;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_ifindex(const struct netdev *netdev)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    int ifindex = dev->ifindex;
    pthread_mutex_unlock(&dev->mutex);
    return ifindex;
}

static int
netdev_dummy_get_carrier(const struct netdev *netdev, bool *carrier)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    *carrier = dev->link_up;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_speed(const struct netdev *netdev OVS_UNUSED,
                       uint32_t *current_mbps, uint32_t *max_mbps)
{
    /* Claim 10 Gbit/s, so that tests of speed-dependent code (e.g. QoS
     * defaults) have a number to see. */
    *current_mbps = *max_mbps = 10000;
    return 0;
}

static int
netdev_dummy_get_flags(const struct netdev *netdev, enum netdev_flags *flagsp)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    *flagsp = dev->flags;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_update_flags(struct netdev *netdev, enum netdev_flags off,
                          enum netdev_flags on, enum netdev_flags *old)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    if ((off | on) & ~(NETDEV_UP | NETDEV_PROMISC)) {
        return EINVAL;
    }
    pthread_mutex_lock(&dev->mutex);
    *old = dev->flags;
    dev->flags = (dev->flags & ~off) | on;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_stats(const struct netdev *netdev,
                       struct netdev_stats *stats)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    *stats = dev->stats;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

#define DUMMY_CLASS(TYPE)                                       \
    {                                                           \
        .type = TYPE,                                           \
        .alloc = netdev_dummy_alloc,                            \
        .construct = netdev_dummy_construct,                    \
        .destruct = netdev_dummy_destruct,                      \
        .dealloc = netdev_dummy_dealloc,                        \
        .get_config = netdev_dummy_get_config,                  \
        .set_config = netdev_dummy_set_config,                  \
        .get_status = netdev_dummy_get_status,                  \
        .rxq_alloc = netdev_dummy_rxq_alloc,                    \
        .rxq_construct = netdev_dummy_rxq_construct,            \
        .rxq_destruct = netdev_dummy_rxq_destruct,              \
        .rxq_dealloc = netdev_dummy_rxq_dealloc,                \
        .rxq_recv = netdev_dummy_rxq_recv,                      \
        .rxq_wait = netdev_dummy_rxq_wait,                      \
        .rxq_drain = netdev_dummy_rxq_drain,                    \
        .send = netdev_dummy_send,                              \
        .get_etheraddr = netdev_dummy_get_etheraddr,            \
        .set_etheraddr = netdev_dummy_set_etheraddr,            \
        .get_mtu = netdev_dummy_get_mtu,                        \
        .set_mtu = netdev_dummy_set_mtu,                        \
        .get_ifindex = netdev_dummy_get_ifindex,                \
        .get_carrier = netdev_dummy_get_carrier,                \
        .get_speed = netdev_dummy_get_speed,                    \
        .get_flags = netdev_dummy_get_flags,                    \
        .update_flags = netdev_dummy_update_flags,              \
        .get_stats = netdev_dummy_get_stats,                    \
    }

static const struct netdev_class dummy_class = DUMMY_CLASS("dummy");
static const struct netdev_class dummy_internal_class
    = DUMMY_CLASS("dummy-internal");
static const struct netdev_class dummy_tap_class = DUMMY_CLASS("dummy-tap");

void
netdev_dummy_register_classes(void)
{
    netdev_register_provider(&dummy_class);
    netdev_register_provider(&dummy_internal_class);
    netdev_register_provider(&dummy_tap_class);
}

/* Control commands. */

/* Parses hex digits in 's' (spaces, colons and dots between bytes are
 * allowed, as in dumps) into 'out'.  Returns false on bad syntax. */
static bool
parse_hex_packet(const char *s, struct ds *out)
{
    int hi = -1;
    for (; *s; s++) {
        if (*s == ' ' || *s == ':' || *s == '.') {
            if (hi >= 0) {
                return false;   /* Odd digit count within a byte. */
            }
            continue;
        }
        if (!isxdigit((unsigned char) *s)) {
            return false;
        }
        int v = (isdigit((unsigned char) *s) ? *s - '0'
                 : tolower((unsigned char) *s) - 'a' + 10);
        if (hi < 0) {
            hi = v;
        } else {
            ds_put_char(out, (char) (hi << 4 | v));
            hi = -1;
        }
    }
    return hi < 0 && out->length > 0;
}

/* Returns the dummy netdev 'name' with a new reference, or NULL after
 * replying with an error on 'conn'. */
static struct netdev *
dummy_lookup(struct unixctl_conn *conn, const char *name)
{
    struct netdev *netdev = netdev_from_name(name);
    if (!netdev || !is_dummy_class(netdev->class)) {
        netdev_close(netdev);
        unixctl_command_reply_error(conn, "no such dummy netdev");
        return NULL;
    }
    return netdev;
}

static void
dummy_receive_cmd(struct unixctl_conn *conn, int argc, const char *argv[],
                  void *aux OVS_UNUSED)
{
    struct netdev *netdev = dummy_lookup(conn, argv[1]);
    if (!netdev) {
        return;
    }
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    int i = 2, qid = 0;
    if (i + 1 < argc && !strcmp(argv[i], "--qid")) {
        if (!str_to_int(argv[i + 1], 10, &qid) || qid < 0
            || qid >= netdev->n_rxq) {
            unixctl_command_reply_error(conn, "bad queue id");
            netdev_close(netdev);
            return;
        }
        i += 2;
    }
    if (i >= argc) {
        unixctl_command_reply_error(conn, "no packets given");
        netdev_close(netdev);
        return;
    }

    /* Parse them all before injecting any, so that a typo injects
     * nothing. */
    struct ds *packets = xcalloc(argc, sizeof *packets);
    for (int j = i; j < argc; j++) {
        ds_init(&packets[j]);
        if (!parse_hex_packet(argv[j], &packets[j])) {
            char *msg = xasprintf("bad packet syntax: %s", argv[j]);
            unixctl_command_reply_error(conn, msg);
            free(msg);
            for (int k = i; k <= j; k++) {
                ds_destroy(&packets[k]);
            }
            free(packets);
            netdev_close(netdev);
            return;
        }
    }
    pthread_mutex_lock(&dev->mutex);
    for (int j = i; j < argc; j++) {
        netdev_dummy_queue_packet(dev, packets[j].string,
                                  packets[j].length, qid);
        ds_destroy(&packets[j]);
    }
    pthread_mutex_unlock(&dev->mutex);
    free(packets);
    netdev_close(netdev);
    unixctl_command_reply(conn, NULL);
}

static void
dummy_sent_cmd(struct unixctl_conn *conn, int argc OVS_UNUSED,
               const char *argv[], void *aux OVS_UNUSED)
{
    struct netdev *netdev = dummy_lookup(conn, argv[1]);
    if (!netdev) {
        return;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    struct dp_packet *p;
    while ((p = netdev_dummy_pop_sent(netdev))) {
        const uint8_t *data = dp_packet_data(p);
        for (size_t i = 0; i < dp_packet_size(p); i++) {
            ds_put_format(&ds, "%02x", data[i]);
        }
        ds_put_char(&ds, '\n');
        dp_packet_delete(p);
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
    netdev_close(netdev);
}

static void
dummy_set_link(struct netdev_dummy *dev, bool up)
{
    pthread_mutex_lock(&dev->mutex);
    bool changed = dev->link_up != up;
    dev->link_up = up;
    pthread_mutex_unlock(&dev->mutex);
    if (changed) {
        VLOG_DBG("%s: link %s", dev->up.name, up ? "up" : "down");
        netdev_change_seq_changed(&dev->up);
    }
}

static void
dummy_set_admin_state_cmd(struct unixctl_conn *conn, int argc,
                          const char *argv[], void *aux OVS_UNUSED)
{
    const char *state = argv[argc - 1];
    bool up;

    if (!strcasecmp(state, "up")) {
        up = true;
    } else if (!strcasecmp(state, "down")) {
        up = false;
    } else {
        unixctl_command_reply_error(conn, "Invalid Admin State");
        return;
    }

    if (argc > 2) {
        struct netdev *netdev = dummy_lookup(conn, argv[1]);
        if (!netdev) {
            return;
        }
        dummy_set_link(netdev_dummy_cast(netdev), up);
        netdev_close(netdev);
    } else {
        struct sset names = SSET_INITIALIZER(&names);
        netdev_get_devices(NULL, &names);
        const char *name;
        SSET_FOR_EACH (name, &names) {
            struct netdev *netdev = netdev_from_name(name);
            if (netdev && is_dummy_class(netdev->class)) {
                dummy_set_link(netdev_dummy_cast(netdev), up);
            }
            netdev_close(netdev);
        }
        sset_destroy(&names);
    }
    unixctl_command_reply(conn, "OK");
}

void
netdev_dummy_register(void)
{
    static bool registered;

    if (registered) {
        return;
    }
    registered = true;
    netdev_initialize();
    unixctl_command_register("netdev-dummy/receive",
                             "name [--qid queue_id] packet...",
                             2, INT_MAX, dummy_receive_cmd, NULL);
    unixctl_command_register("netdev-dummy/sent", "name",
                             1, 1, dummy_sent_cmd, NULL);
    unixctl_command_register("netdev-dummy/set-admin-state",
                             "[netdev] up|down", 1, 2,
                             dummy_set_admin_state_cmd, NULL);
}
