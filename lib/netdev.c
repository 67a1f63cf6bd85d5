/* netdev.c -- the generic half of the netdev layer (see netdev.h).
 *
 * Two tables, both guarded by 'netdev_mutex': the registered provider
 * classes by type name, and the open netdevs by device name (one object
 * per name, reference counted).  Calls on an open netdev go straight to
 * its class without the lock: a netdev's class cannot change while it is
 * open, and a class cannot be unregistered while a netdev uses it.
 *
 * This file also holds the work every provider would otherwise repeat:
 * restoring flags when a netdev is destroyed, copying packets that the
 * caller keeps before handing them to a provider's send (which always
 * takes them), and finishing partial checksums for providers that cannot
 * pass them on. */
#include <config.h>
#include "netdev.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "dp-packet.h"
#include "netdev-provider.h"
#include "shash.h"
#include "smap.h"
#include "sset.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev);

COVERAGE_DEFINE(netdev_received);
COVERAGE_DEFINE(netdev_sent);
COVERAGE_DEFINE(netdev_send_error);
COVERAGE_DEFINE(netdev_sw_csum);
COVERAGE_DEFINE(netdev_sw_gso);

static pthread_mutex_t netdev_mutex = PTHREAD_MUTEX_INITIALIZER;

/* A registered class and the number of netdevs of it now open. */
struct netdev_registered_class {
    const struct netdev_class *class;
    int n_open;
};

/* Type name -> struct netdev_registered_class. */
static struct shash netdev_classes = SHASH_INITIALIZER(&netdev_classes);
/* Device name -> struct netdev. */
static struct shash netdev_shash = SHASH_INITIALIZER(&netdev_shash);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

static void
netdev_initialize_once(void)
{
    netdev_dummy_register_classes();
    netdev_patch_register_classes();
    netdev_linux_register_classes();
}

void
netdev_initialize(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, netdev_initialize_once);
}

int
netdev_register_provider(const struct netdev_class *class)
{
    int error = 0;

    pthread_mutex_lock(&netdev_mutex);
    if (shash_find(&netdev_classes, class->type)) {
        VLOG_WARN("attempted to register duplicate netdev type %s",
                  class->type);
        error = EEXIST;
    } else {
        error = class->init ? class->init() : 0;
        if (!error) {
            struct netdev_registered_class *rc = xzalloc(sizeof *rc);
            rc->class = class;
            shash_add(&netdev_classes, class->type, rc);
        } else {
            VLOG_ERR("failed to initialize %s netdev type (%s)",
                     class->type, ovs_strerror(error));
        }
    }
    pthread_mutex_unlock(&netdev_mutex);
    return error;
}

int
netdev_unregister_provider(const char *type)
{
    int error;

    pthread_mutex_lock(&netdev_mutex);
    struct shash_node *node = shash_find(&netdev_classes, type);
    if (!node) {
        error = EAFNOSUPPORT;
    } else {
        struct netdev_registered_class *rc = node->data;
        if (rc->n_open) {
            error = EBUSY;
        } else {
            shash_delete(&netdev_classes, node);
            free(rc);
            error = 0;
        }
    }
    pthread_mutex_unlock(&netdev_mutex);
    return error;
}

void
netdev_enumerate_types(struct sset *types)
{
    netdev_initialize();
    pthread_mutex_lock(&netdev_mutex);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &netdev_classes) {
        sset_add(types, node->name);
    }
    pthread_mutex_unlock(&netdev_mutex);
}

bool
netdev_is_type_registered(const char *type)
{
    netdev_initialize();
    pthread_mutex_lock(&netdev_mutex);
    bool found = shash_find(&netdev_classes, type) != NULL;
    pthread_mutex_unlock(&netdev_mutex);
    return found;
}

void
netdev_stats_init_unknown(struct netdev_stats *stats)
{
    memset(stats, 0xff, sizeof *stats);
}

/* With the dummy override on (ovs-vswitchd --enable-dummy=override),
 * every device that would be real is a dummy one instead, so that a whole
 * switch runs in a test without creating or touching kernel devices. */
static atomic_bool dummy_override;

void
netdev_set_dummy_override(bool enable)
{
    atomic_store(&dummy_override, enable);
}

bool
netdev_get_dummy_override(void)
{
    return atomic_load(&dummy_override);
}

static const char *
dummy_type_for(const char *type)
{
    return (!strcmp(type, "system") ? "dummy"
            : !strcmp(type, "internal") ? "dummy-internal"
            : !strcmp(type, "tap") ? "dummy-tap"
            : type);
}

int
netdev_open(const char *name, const char *type, struct netdev **netdevp)
{
    struct netdev *netdev;
    int error = 0;

    netdev_initialize();
    *netdevp = NULL;
    if (!type || !*type) {
        type = "system";
    }
    if (atomic_load_explicit(&dummy_override, memory_order_relaxed)) {
        type = dummy_type_for(type);
    }

    pthread_mutex_lock(&netdev_mutex);
    netdev = shash_find_data(&netdev_shash, name);
    if (netdev) {
        if (strcmp(netdev->class->type, type)) {
            VLOG_WARN("%s: cannot open as type %s, already open as %s",
                      name, type, netdev->class->type);
            error = EEXIST;
        } else {
            netdev->ref_cnt++;
            *netdevp = netdev;
        }
        pthread_mutex_unlock(&netdev_mutex);
        return error;
    }

    struct netdev_registered_class *rc = shash_find_data(&netdev_classes,
                                                         type);
    if (!rc) {
        pthread_mutex_unlock(&netdev_mutex);
        VLOG_WARN("could not create netdev %s of unknown type %s",
                  name, type);
        return EAFNOSUPPORT;
    }
    rc->n_open++;
    pthread_mutex_unlock(&netdev_mutex);

    /* Construct without the lock: it may do system calls, and a provider
     * may look up other netdevs (a patch port its peer). */
    netdev = rc->class->alloc();
    netdev->name = xstrdup(name);
    netdev->class = rc->class;
    netdev->ref_cnt = 1;
    netdev->n_rxq = 1;
    atomic_init(&netdev->change_seq, 1);
    error = rc->class->construct(netdev);
    if (error) {
        VLOG_WARN("could not open network device %s (%s)",
                  name, ovs_strerror(error));
        free(netdev->name);
        rc->class->dealloc(netdev);
        pthread_mutex_lock(&netdev_mutex);
        rc->n_open--;
        pthread_mutex_unlock(&netdev_mutex);
        return error;
    }

    pthread_mutex_lock(&netdev_mutex);
    if (shash_find(&netdev_shash, name)) {
        /* Lost a race with another opener: keep theirs. */
        pthread_mutex_unlock(&netdev_mutex);
        rc->class->destruct(netdev);
        free(netdev->name);
        rc->class->dealloc(netdev);
        pthread_mutex_lock(&netdev_mutex);
        rc->n_open--;
        pthread_mutex_unlock(&netdev_mutex);
        return netdev_open(name, type, netdevp);
    }
    netdev->node = shash_add(&netdev_shash, name, netdev);
    pthread_mutex_unlock(&netdev_mutex);

    *netdevp = netdev;
    return 0;
}

struct netdev *
netdev_from_name(const char *name)
{
    pthread_mutex_lock(&netdev_mutex);
    struct netdev *netdev = shash_find_data(&netdev_shash, name);
    if (netdev) {
        netdev->ref_cnt++;
    }
    pthread_mutex_unlock(&netdev_mutex);
    return netdev;
}

struct netdev *
netdev_ref(const struct netdev *netdev_)
{
    struct netdev *netdev = (struct netdev *) netdev_;
    if (netdev) {
        pthread_mutex_lock(&netdev_mutex);
        ovs_assert(netdev->ref_cnt > 0);
        netdev->ref_cnt++;
        pthread_mutex_unlock(&netdev_mutex);
    }
    return netdev;
}

static void
netdev_restore_flags(struct netdev *netdev)
{
    enum netdev_flags changed = netdev->changed_flags;
    if (changed && netdev->class->update_flags) {
        enum netdev_flags old;
        int error = netdev->class->update_flags(
            netdev, changed & ~netdev->saved_flags,
            changed & netdev->saved_flags, &old);
        if (error) {
            VLOG_WARN("%s: could not restore flags (%s)",
                      netdev->name, ovs_strerror(error));
        }
    }
}

void
netdev_close(struct netdev *netdev)
{
    if (!netdev) {
        return;
    }

    pthread_mutex_lock(&netdev_mutex);
    ovs_assert(netdev->ref_cnt > 0);
    if (--netdev->ref_cnt > 0) {
        pthread_mutex_unlock(&netdev_mutex);
        return;
    }
    shash_delete(&netdev_shash, netdev->node);
    struct netdev_registered_class *rc
        = shash_find_data(&netdev_classes, netdev->class->type);
    pthread_mutex_unlock(&netdev_mutex);

    const struct netdev_class *class = netdev->class;
    netdev_restore_flags(netdev);
    class->destruct(netdev);
    free(netdev->name);
    class->dealloc(netdev);

    pthread_mutex_lock(&netdev_mutex);
    if (rc) {
        rc->n_open--;
    }
    pthread_mutex_unlock(&netdev_mutex);
}

void
netdev_get_devices(const char *type, struct sset *names)
{
    pthread_mutex_lock(&netdev_mutex);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &netdev_shash) {
        struct netdev *netdev = node->data;
        if (!type || !strcmp(type, netdev->class->type)) {
            sset_add(names, node->name);
        }
    }
    pthread_mutex_unlock(&netdev_mutex);
}

const char *
netdev_get_name(const struct netdev *netdev)
{
    return netdev->name;
}

const char *
netdev_get_type(const struct netdev *netdev)
{
    return netdev->class->type;
}

void
netdev_change_seq_changed(const struct netdev *netdev_)
{
    struct netdev *netdev = (struct netdev *) netdev_;
    atomic_fetch_add(&netdev->change_seq, 1);
}

uint64_t
netdev_get_change_seq(const struct netdev *netdev)
{
    return atomic_load(&((struct netdev *) netdev)->change_seq);
}

/* Configuration. */

int
netdev_set_config(struct netdev *netdev, const struct smap *options,
                  char **errp)
{
    char *err = NULL;
    int error;

    if (netdev->class->set_config) {
        struct smap no_options = SMAP_INITIALIZER(&no_options);
        error = netdev->class->set_config(netdev,
                                          options ? options : &no_options,
                                          &err);
        if (error && !err) {
            err = xasprintf("%s: could not set configuration (%s)",
                            netdev->name, ovs_strerror(error));
        }
    } else if (options && !smap_is_empty(options)) {
        const struct smap_node **nodes = smap_sort(options);
        err = xasprintf("%s: %s interface does not support option \"%s\"",
                        netdev->name, netdev->class->type, nodes[0]->key);
        free(nodes);
        error = EINVAL;
    } else {
        error = 0;
    }

    if (error) {
        VLOG_WARN_RL(&rl, "%s", err);
    } else {
        netdev_change_seq_changed(netdev);
    }
    if (errp) {
        *errp = err;
    } else {
        free(err);
    }
    return error;
}

int
netdev_get_config(const struct netdev *netdev, struct smap *options)
{
    return (netdev->class->get_config
            ? netdev->class->get_config(netdev, options) : 0);
}

int
netdev_get_status(const struct netdev *netdev, struct smap *status)
{
    return (netdev->class->get_status
            ? netdev->class->get_status(netdev, status) : EOPNOTSUPP);
}

/* Receive queues. */

int
netdev_n_rxq(const struct netdev *netdev)
{
    return netdev->n_rxq;
}

int
netdev_rxq_open(struct netdev *netdev, struct netdev_rxq **rxqp, int id)
{
    const struct netdev_class *class = netdev->class;

    *rxqp = NULL;
    if (!class->rxq_alloc) {
        return EOPNOTSUPP;
    }
    if (id < 0 || id >= netdev->n_rxq) {
        return EINVAL;
    }
    struct netdev_rxq *rxq = class->rxq_alloc();
    rxq->netdev = netdev_ref(netdev);
    rxq->queue_id = id;
    int error = class->rxq_construct(rxq);
    if (error) {
        VLOG_WARN("%s: could not open receive queue %d (%s)",
                  netdev->name, id, ovs_strerror(error));
        class->rxq_dealloc(rxq);
        netdev_close(netdev);
        return error;
    }
    *rxqp = rxq;
    return 0;
}

void
netdev_rxq_close(struct netdev_rxq *rxq)
{
    if (rxq) {
        struct netdev *netdev = rxq->netdev;
        netdev->class->rxq_destruct(rxq);
        netdev->class->rxq_dealloc(rxq);
        netdev_close(netdev);
    }
}

struct netdev *
netdev_rxq_get_netdev(const struct netdev_rxq *rxq)
{
    return rxq->netdev;
}

int
netdev_rxq_get_queue_id(const struct netdev_rxq *rxq)
{
    return rxq->queue_id;
}

int
netdev_rxq_recv(struct netdev_rxq *rxq, struct dp_packet_batch *batch)
{
    ovs_assert(batch->count == 0);
    int error = rxq->netdev->class->rxq_recv(rxq, batch);
    if (!error) {
        COVERAGE_ADD(netdev_received, batch->count);
    } else {
        ovs_assert(batch->count == 0);
    }
    return error;
}

void
netdev_rxq_wait(struct netdev_rxq *rxq)
{
    rxq->netdev->class->rxq_wait(rxq);
}

int
netdev_rxq_drain(struct netdev_rxq *rxq)
{
    const struct netdev_class *class = rxq->netdev->class;
    return class->rxq_drain ? class->rxq_drain(rxq) : 0;
}

/* Sending. */

/* Finishes the partial checksums in 'batch' for a device that cannot;
 * a packet whose offsets are bad is dropped rather than sent with a wrong
 * checksum.  Returns the number dropped. */
static size_t
netdev_finish_checksums(const struct netdev *netdev,
                        struct dp_packet_batch *batch)
{
    size_t n = 0, dropped = 0;

    for (size_t i = 0; i < batch->count; i++) {
        struct dp_packet *p = batch->packets[i];
        if (p->offloads & DP_PACKET_CSUM_PARTIAL) {
            COVERAGE_INC(netdev_sw_csum);
            if (dp_packet_finish_csum(p)) {
                VLOG_WARN_RL(&rl, "%s: dropping packet with bad checksum "
                             "offsets (start %u, offset %u, size %u)",
                             netdev->name, p->csum_start, p->csum_offset,
                             dp_packet_size(p));
                dp_packet_delete(p);
                dropped++;
                continue;
            }
        }
        batch->packets[n++] = p;
    }
    batch->count = n;
    return dropped;
}

/* Sends 'batch' (taken) to 'netdev', which cannot take GSO packets, with
 * each GSO packet cut into its segments first; the segments go out in
 * batches of their own.  Returns 0 or the first error. */
static int
netdev_send_segmented(struct netdev *netdev, int qid,
                      struct dp_packet_batch *batch)
{
    struct dp_packet_batch out;
    int error = 0;

    dp_packet_batch_init(&out);
    for (size_t i = 0; i < batch->count; i++) {
        struct dp_packet *p = batch->packets[i];
        struct dp_packet **segs = &p;
        size_t n_segs = 1;
        if (dp_packet_is_gso(p)) {
            COVERAGE_INC(netdev_sw_gso);
            if (dp_packet_gso_segment(p, &segs, &n_segs)) {
                VLOG_WARN_RL(&rl, "%s: dropping GSO packet that cannot be "
                             "segmented", netdev->name);
                error = error ? error : EINVAL;
                n_segs = 0;
            }
            dp_packet_delete(p);
        }
        for (size_t j = 0; j < n_segs; j++) {
            dp_packet_batch_add(&out, segs[j]);
            if (dp_packet_batch_is_full(&out)) {
                int e = netdev_send(netdev, qid, &out, true);
                error = error ? error : e;
            }
        }
        if (segs != &p) {
            free(segs);
        }
    }
    batch->count = 0;
    int e = netdev_send(netdev, qid, &out, true);
    return error ? error : e;
}

static bool
batch_has_gso(const struct dp_packet_batch *batch)
{
    for (size_t i = 0; i < batch->count; i++) {
        if (dp_packet_is_gso(batch->packets[i])) {
            return true;
        }
    }
    return false;
}

int
netdev_send(struct netdev *netdev, int qid, struct dp_packet_batch *batch,
            bool may_steal)
{
    const struct netdev_class *class = netdev->class;
    struct dp_packet_batch copy;
    struct dp_packet_batch *b = batch;

    if (!batch->count) {
        return 0;
    }
    if (!may_steal) {
        dp_packet_batch_init(&copy);
        struct dp_packet *p;
        DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
            dp_packet_batch_add(&copy, dp_packet_clone(p));
        }
        b = &copy;
    }

    if (!class->send) {
        dp_packet_delete_batch(b);
        return EOPNOTSUPP;
    }

    if (!(netdev->tx_offloads & NETDEV_TX_TSO) && batch_has_gso(b)) {
        return netdev_send_segmented(netdev, qid, b);
    }
    size_t dropped = 0;
    if (!(netdev->tx_offloads & NETDEV_TX_CSUM_PARTIAL)) {
        dropped = netdev_finish_checksums(netdev, b);
    }
    size_t n = b->count;
    int error = b->count ? class->send(netdev, qid, b) : 0;
    b->count = 0;
    if (error) {
        COVERAGE_INC(netdev_send_error);
        VLOG_DBG_RL(&rl, "%s: send failed (%s)", netdev->name,
                    ovs_strerror(error));
    } else {
        COVERAGE_ADD(netdev_sent, n);
    }
    return error ? error : dropped ? EINVAL : 0;
}

void
netdev_send_wait(struct netdev *netdev, int qid)
{
    if (netdev->class->send_wait) {
        netdev->class->send_wait(netdev, qid);
    }
}

/* Attributes. */

int
netdev_get_etheraddr(const struct netdev *netdev,
                     uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    if (!netdev->class->get_etheraddr) {
        memset(mac, 0, NETDEV_ETH_ADDR_LEN);
        return EOPNOTSUPP;
    }
    return netdev->class->get_etheraddr(netdev, mac);
}

int
netdev_set_etheraddr(struct netdev *netdev,
                     const uint8_t mac[NETDEV_ETH_ADDR_LEN])
{
    if (!netdev->class->set_etheraddr) {
        return EOPNOTSUPP;
    }
    int error = netdev->class->set_etheraddr(netdev, mac);
    if (!error) {
        netdev_change_seq_changed(netdev);
    }
    return error;
}

int
netdev_get_mtu(const struct netdev *netdev, int *mtup)
{
    if (!netdev->class->get_mtu) {
        *mtup = 0;
        return EOPNOTSUPP;
    }
    int error = netdev->class->get_mtu(netdev, mtup);
    if (error) {
        *mtup = 0;
    }
    return error;
}

int
netdev_set_mtu(struct netdev *netdev, int mtu)
{
    if (!netdev->class->set_mtu) {
        return EOPNOTSUPP;
    }
    int error = netdev->class->set_mtu(netdev, mtu);
    if (!error) {
        netdev_change_seq_changed(netdev);
    } else if (error != EOPNOTSUPP) {
        VLOG_WARN_RL(&rl, "%s: failed to set MTU to %d (%s)",
                     netdev->name, mtu, ovs_strerror(error));
    }
    return error;
}

int
netdev_get_ifindex(const struct netdev *netdev)
{
    return (netdev->class->get_ifindex
            ? netdev->class->get_ifindex(netdev) : -EOPNOTSUPP);
}

int
netdev_get_flags(const struct netdev *netdev, enum netdev_flags *flagsp)
{
    if (!netdev->class->get_flags) {
        *flagsp = NETDEV_UP;
        return 0;
    }
    int error = netdev->class->get_flags(netdev, flagsp);
    if (error) {
        *flagsp = 0;
    }
    return error;
}

bool
netdev_get_carrier(const struct netdev *netdev)
{
    enum netdev_flags flags;
    if (netdev_get_flags(netdev, &flags) || !(flags & NETDEV_UP)) {
        return false;
    }
    if (!netdev->class->get_carrier) {
        return true;
    }
    bool carrier;
    int error = netdev->class->get_carrier(netdev, &carrier);
    if (error) {
        VLOG_DBG("%s: failed to get carrier (%s)", netdev->name,
                 ovs_strerror(error));
        return false;
    }
    return carrier;
}

int
netdev_get_speed(const struct netdev *netdev, uint32_t *current_mbps,
                 uint32_t *max_mbps)
{
    uint32_t cur = 0, max = 0;
    int error = (netdev->class->get_speed
                 ? netdev->class->get_speed(netdev, &cur, &max)
                 : EOPNOTSUPP);
    if (error) {
        cur = max = 0;
    }
    *current_mbps = cur;
    if (max_mbps) {
        *max_mbps = max;
    }
    return error;
}

static int
netdev_update_flags(struct netdev *netdev, enum netdev_flags off,
                    enum netdev_flags on)
{
    if (!netdev->class->update_flags) {
        return EOPNOTSUPP;
    }
    enum netdev_flags old;
    int error = netdev->class->update_flags(netdev, off, on, &old);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: failed to %s flags %#x (%s)", netdev->name,
                     on ? "set" : "clear", (unsigned) (on | off),
                     ovs_strerror(error));
        return error;
    }

    /* Remember the original value of each flag changed the first time. */
    enum netdev_flags new_changes = (on | off) & ~netdev->changed_flags;
    netdev->saved_flags |= old & new_changes;
    netdev->changed_flags |= new_changes;
    if ((old & (on | off)) != on) {
        netdev_change_seq_changed(netdev);
    }
    return 0;
}

int
netdev_turn_flags_on(struct netdev *netdev, enum netdev_flags flags)
{
    return netdev_update_flags(netdev, 0, flags);
}

int
netdev_turn_flags_off(struct netdev *netdev, enum netdev_flags flags)
{
    return netdev_update_flags(netdev, flags, 0);
}

int
netdev_get_stats(const struct netdev *netdev, struct netdev_stats *stats)
{
    netdev_stats_init_unknown(stats);
    return (netdev->class->get_stats
            ? netdev->class->get_stats(netdev, stats) : EOPNOTSUPP);
}

/* Main loop. */

/* Calls 'cb' for each registered class.  The class table only grows
 * during normal operation, and classes outlive their registration, so a
 * snapshot taken under the lock is safe to walk without it. */
static void
netdev_for_each_class(void (*cb)(const struct netdev_class *, bool run),
                      bool run)
{
    const struct netdev_class *classes[64];
    size_t n = 0;

    netdev_initialize();
    pthread_mutex_lock(&netdev_mutex);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &netdev_classes) {
        struct netdev_registered_class *rc = node->data;
        if (n < ARRAY_SIZE(classes)) {
            classes[n++] = rc->class;
        }
    }
    pthread_mutex_unlock(&netdev_mutex);

    for (size_t i = 0; i < n; i++) {
        cb(classes[i], run);
    }
}

static void
netdev_run_or_wait_class(const struct netdev_class *class, bool run)
{
    if (run && class->run) {
        class->run(class);
    } else if (!run && class->wait) {
        class->wait(class);
    }
}

void
netdev_run(void)
{
    netdev_for_each_class(netdev_run_or_wait_class, true);
}

void
netdev_wait(void)
{
    netdev_for_each_class(netdev_run_or_wait_class, false);
}
