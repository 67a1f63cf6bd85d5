/* dpif-netdev.c -- the userspace datapath: the "netdev" dpif provider.
 *
 * A datapath here is an object in this process, found by name in
 * 'dp_netdevs'; every dpif_open() of the name returns a new handle on the
 * same struct dp_netdev.  It owns numbered ports (netdevs; port 0 is the
 * local port, an "internal" netdev named after the datapath), a megaflow
 * table, and forwarding threads.
 *
 * Forwarding.  N_FWD_THREADS threads per datapath each run their own poll
 * loop over a share of the ports' receive queues (receive queue q of port
 * p belongs to thread (p + q) % N_FWD_THREADS, so each queue has exactly
 * one reader, as netdev.h requires).  A thread receives a batch, extracts
 * each packet's flow (flow_extract(), with in_port = the datapath port),
 * looks it up first in its exact-match cache (EMC: a direct-mapped cache
 * from whole flow to megaflow) and then in the megaflow table, groups the
 * packets by flow, updates statistics and runs each group's actions
 * (lib/odp-execute.c) on the whole group at once, so that an output sends
 * one batch per port and flow.  Packets that match nothing become upcalls.
 * Scaling: raising N_FWD_THREADS spreads the receive queues over more
 * threads; each thread has its own EMC and polls only its queues; they
 * share the megaflow table read-only.  Transmit takes a per-port mutex
 * once per output batch, since netdev.h allows one sender per transmit
 * queue id and gives no way to ask how many queues a device has.
 *
 * The megaflow table is a tuple-space search (lib/dpif-netdev-cls.c): one
 * hash table per distinct mask, tried in order of recent hits, which
 * dpif_run() re-sorts about once a second.
 *
 * Concurrency: ONE READ LOCK PER BATCH.  'dp->rwlock' (writer-preferring)
 * guards the ports map, the flow tables and each flow's actions.  A
 * forwarding thread takes it for reading once around a whole received
 * batch (lookup + execution + recirculation), dpif_execute() once around
 * its execution; flow put/modify/delete and port add/delete take it for
 * writing.  So a flow, its actions and a port can be freed as soon as the
 * writer has unlinked them: no reader can still hold them.  We chose this
 * over RCU (deferred frees after quiescent points) because it is simple to
 * prove right and costs one uncontended atomic pair per batch of up to 32
 * packets; the price is that a writer waits for in-flight batches (tens of
 * microseconds).  The EMC keeps megaflow pointers across batches: it is
 * validated by 'dp->emc_gen', which every flow deletion bumps under the
 * write lock, so a stale entry is never followed.  Per-flow statistics are
 * atomics updated under the read lock (several threads may hit one flow).
 *
 * A forwarding thread owns its list of receive queues.  Adding a port
 * publishes it and wakes the threads (a latch); deleting one unlinks it,
 * wakes the threads and waits until each has reloaded its queue list (a
 * condition variable) before closing the queues and the netdev.
 *
 * Upcalls go to 'n_handlers' bounded queues (UPCALL_QUEUE_MAX each), chosen
 * by a hash of the flow so that a flow's packets stay in order; a full
 * queue, or receiving disabled, drops the packet and counts it in n_lost.
 * Each queue has a latch for dpif_recv_wait(). */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "dp-packet.h"
#include "dpif-netdev-cls.h"
#include "dpif-netdev-meter.h"
#include "dpif-provider.h"
#include "dynamic-string.h"
#include "flow.h"
#include "hash.h"
#include "hmap.h"
#include "latch.h"
#include "match.h"
#include "netdev.h"
#include "nl-attr.h"
#include "odp-execute.h"
#include "ofp-meter.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "shash.h"
#include "sset.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_netdev);

COVERAGE_DEFINE(dpif_netdev_miss);
COVERAGE_DEFINE(dpif_netdev_lost);
COVERAGE_DEFINE(dpif_netdev_recirc_too_deep);
COVERAGE_DEFINE(dpif_netdev_output_no_port);

/* Forwarding threads per datapath (may be raised at build time with
 * -DN_FWD_THREADS=N; tests run with several too). */
#ifndef N_FWD_THREADS
#define N_FWD_THREADS 1
#endif

/* Upcalls each handler queue can hold. */
#define UPCALL_QUEUE_MAX 1024

/* Exact-match cache entries per forwarding thread (a power of 2). */
#define EMC_ENTRIES 4096

/* Flows a datapath holds at most (E2BIG beyond). */
#define MAX_FLOWS 200000

/* Highest port number plus one. */
#define MAX_PORTS 65536

/* Recirculations one packet may go through. */
#define MAX_RECIRC_DEPTH 6

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(60, 10);

struct dp_netdev_port {
    struct hmap_node node;          /* In dp->ports, by port_no. */
    odp_port_t port_no;
    struct netdev *netdev;
    char *type;
    int n_rxq;
    struct netdev_rxq **rxqs;       /* n_rxq, some maybe NULL. */
    pthread_mutex_t tx_mutex;       /* One sender at a time. */
};

struct dp_netdev_flow {
    struct dpcls_rule rule;         /* In dp->cls; key and mask. */
    struct hmap_node ufid_node;     /* In dp->flows, by ufid. */
    ovs_u128 ufid;
    struct nlattr *actions;
    size_t actions_len;

    atomic_ullong n_packets;
    atomic_ullong n_bytes;
    atomic_llong used;
    atomic_ushort tcp_flags;
};

struct upcall_queue {
    struct dpif_upcall *ring;       /* UPCALL_QUEUE_MAX entries. */
    size_t head, n;
    struct latch latch;             /* Set while nonempty. */
};

struct emc_entry {
    uint64_t gen;                   /* dp->emc_gen when filled. */
    uint32_t hash;
    struct dp_netdev_flow *flow;    /* NULL: empty. */
    struct flow key;
};

struct fwd_thread {
    struct dp_netdev *dp;
    int index;
    pthread_t thread;
    struct latch wake;              /* Port changes, exit. */
    atomic_bool exit;
    atomic_ullong port_seq_seen;    /* Last 'dp->port_seq' reloaded. */
    struct emc_entry *emc;
};

struct dp_netdev {
    char *name;
    int n_handles;                  /* Guarded by dp_netdev_mutex. */
    bool destroyed;                 /* dpif_delete() was called. */

    pthread_rwlock_t rwlock;        /* See the file comment. */
    struct hmap ports;              /* dp_netdev_port, by port_no. */
    struct hmap flows;              /* dp_netdev_flow, by ufid. */
    struct dpcls cls;               /* The megaflows. */
    struct dp_meter_table *meters;  /* Changed under the write lock. */
    atomic_ullong emc_gen;

    atomic_ullong n_hit, n_missed, n_lost, n_mask_hit;

    /* Ports changed: bumped under the write lock. */
    atomic_ullong port_seq;
    pthread_mutex_t reload_mutex;
    pthread_cond_t reload_cond;     /* A thread reloaded its ports. */

    pthread_mutex_t upcall_mutex;   /* Guards the members below. */
    bool recv_enabled;
    uint32_t n_handlers;
    struct upcall_queue *queues;

    long long int next_sort;        /* dpif_run() re-sorts subtables. */

    struct fwd_thread threads[N_FWD_THREADS];
};

struct dpif_netdev {
    struct dpif dpif;
    struct dp_netdev *dp;
    uint64_t port_seq_seen;
};

/* Serialises datapath creation and deletion, port add and delete. */
static pthread_mutex_t dp_netdev_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct shash dp_netdevs = SHASH_INITIALIZER(&dp_netdevs);

/* Per-packet-batch context for the odp-execute callbacks. */
struct exec_ctx {
    struct dp_netdev *dp;
    struct emc_entry *emc;          /* Forwarding thread's, or NULL. */
    int depth;                      /* Recirculations so far. */
};

static void *fwd_thread_main(void *);
static void process_batch(struct exec_ctx *, struct dp_packet_batch *);
static void upcall_queues_purge(struct dp_netdev *);

static struct dpif_netdev *
dpif_netdev_cast(const struct dpif *dpif)
{
    return CONTAINER_OF(dpif, struct dpif_netdev, dpif);
}

static struct dp_netdev *
get_dp(const struct dpif *dpif)
{
    return dpif_netdev_cast(dpif)->dp;
}

static uint32_t
hash_port_no(odp_port_t port_no)
{
    return hash_int(port_no, 0);
}

static uint32_t
hash_ufid(const ovs_u128 *ufid)
{
    return ufid->u32[0];
}

static void
rdlock(struct dp_netdev *dp)
{
    pthread_rwlock_rdlock(&dp->rwlock);
}

static void
wrlock(struct dp_netdev *dp)
{
    pthread_rwlock_wrlock(&dp->rwlock);
}

static void
unlock(struct dp_netdev *dp)
{
    pthread_rwlock_unlock(&dp->rwlock);
}

/* Ports. */

static struct dp_netdev_port *
port_lookup(const struct dp_netdev *dp, odp_port_t port_no)
{
    struct dp_netdev_port *port;
    HMAP_FOR_EACH_WITH_HASH (port, node, hash_port_no(port_no), &dp->ports) {
        if (port->port_no == port_no) {
            return port;
        }
    }
    return NULL;
}

static struct dp_netdev_port *
port_lookup_by_name(const struct dp_netdev *dp, const char *name)
{
    struct dp_netdev_port *port;
    HMAP_FOR_EACH (port, node, &dp->ports) {
        if (!strcmp(netdev_get_name(port->netdev), name)) {
            return port;
        }
    }
    return NULL;
}

static void
wake_threads(struct dp_netdev *dp)
{
    for (int i = 0; i < N_FWD_THREADS; i++) {
        latch_set(&dp->threads[i].wake);
    }
}

/* Waits until every forwarding thread has reloaded its receive queues
 * since 'seq' was published, so none still uses a removed port's. */
static void
wait_for_reload(struct dp_netdev *dp, uint64_t seq)
{
    wake_threads(dp);
    pthread_mutex_lock(&dp->reload_mutex);
    for (int i = 0; i < N_FWD_THREADS; i++) {
        while (atomic_load(&dp->threads[i].port_seq_seen) < seq) {
            pthread_cond_wait(&dp->reload_cond, &dp->reload_mutex);
        }
    }
    pthread_mutex_unlock(&dp->reload_mutex);
}

static int
port_create(struct netdev *netdev, odp_port_t port_no,
            struct dp_netdev_port **portp)
{
    struct dp_netdev_port *port = xzalloc(sizeof *port);
    port->port_no = port_no;
    port->netdev = netdev_ref(netdev);
    port->type = xstrdup(netdev_get_type(netdev));
    pthread_mutex_init(&port->tx_mutex, NULL);
    port->n_rxq = netdev_n_rxq(netdev);
    if (port->n_rxq < 0) {
        port->n_rxq = 0;
    }
    port->rxqs = xcalloc(port->n_rxq ? port->n_rxq : 1, sizeof *port->rxqs);
    for (int i = 0; i < port->n_rxq; i++) {
        int error = netdev_rxq_open(netdev, &port->rxqs[i], i);
        if (error) {
            port->rxqs[i] = NULL;
            if (error != EOPNOTSUPP) {
                VLOG_WARN("%s: cannot open receive queue %d (%s)",
                          netdev_get_name(netdev), i, ovs_strerror(error));
                for (int j = 0; j < i; j++) {
                    netdev_rxq_close(port->rxqs[j]);
                }
                free(port->rxqs);
                free(port->type);
                netdev_close(port->netdev);
                pthread_mutex_destroy(&port->tx_mutex);
                free(port);
                return error;
            }
        }
    }
    *portp = port;
    return 0;
}

static void
port_destroy(struct dp_netdev_port *port)
{
    for (int i = 0; i < port->n_rxq; i++) {
        netdev_rxq_close(port->rxqs[i]);
    }
    free(port->rxqs);
    free(port->type);
    netdev_close(port->netdev);
    pthread_mutex_destroy(&port->tx_mutex);
    free(port);
}

/* Called with dp_netdev_mutex held. */
static int
do_port_add(struct dp_netdev *dp, struct netdev *netdev,
            odp_port_t *port_nop)
{
    rdlock(dp);
    odp_port_t port_no = *port_nop;
    int error = 0;
    if (port_lookup_by_name(dp, netdev_get_name(netdev))) {
        error = EEXIST;
    } else if (port_no != ODPP_NONE) {
        if (port_no >= MAX_PORTS) {
            error = EINVAL;
        } else if (port_lookup(dp, port_no)) {
            error = EBUSY;
        }
    } else {
        for (port_no = 1; port_no < MAX_PORTS; port_no++) {
            if (!port_lookup(dp, port_no)) {
                break;
            }
        }
        if (port_no >= MAX_PORTS) {
            error = EFBIG;
        }
    }
    unlock(dp);
    if (error) {
        return error;
    }

    struct dp_netdev_port *port;
    error = port_create(netdev, port_no, &port);
    if (error) {
        return error;
    }
    wrlock(dp);
    hmap_insert(&dp->ports, &port->node, hash_port_no(port_no));
    atomic_fetch_add(&dp->port_seq, 1);
    unlock(dp);
    wake_threads(dp);
    *port_nop = port_no;
    return 0;
}

/* Called with dp_netdev_mutex held. */
static void
do_port_del(struct dp_netdev *dp, struct dp_netdev_port *port)
{
    wrlock(dp);
    hmap_remove(&dp->ports, &port->node);
    uint64_t seq = atomic_fetch_add(&dp->port_seq, 1) + 1;
    unlock(dp);
    wait_for_reload(dp, seq);
    port_destroy(port);
}

/* Flow table. */

static struct dp_netdev_flow *
flow_find_by_ufid(const struct dp_netdev *dp, const ovs_u128 *ufid)
{
    struct dp_netdev_flow *f;
    HMAP_FOR_EACH_WITH_HASH (f, ufid_node, hash_ufid(ufid), &dp->flows) {
        if (ovs_u128_equals(f->ufid, *ufid)) {
            return f;
        }
    }
    return NULL;
}

static void
flow_get_stats(const struct dp_netdev_flow *f, struct dpif_flow_stats *s)
{
    s->n_packets = atomic_load_explicit(&f->n_packets, memory_order_relaxed);
    s->n_bytes = atomic_load_explicit(&f->n_bytes, memory_order_relaxed);
    s->used = atomic_load_explicit(&f->used, memory_order_relaxed);
    s->tcp_flags = atomic_load_explicit(&f->tcp_flags, memory_order_relaxed);
}

static void
flow_zero_stats(struct dp_netdev_flow *f)
{
    atomic_store(&f->n_packets, 0);
    atomic_store(&f->n_bytes, 0);
    atomic_store(&f->used, 0);
    atomic_store(&f->tcp_flags, 0);
}

/* Returns a malloc()'d copy of 'size' bytes of actions ('actions' may be
 * NULL if 'size' is 0: "drop"). */
static struct nlattr *
copy_actions(const struct nlattr *actions, size_t size)
{
    return size ? xmemdup(actions, size) : xmalloc(1);
}

/* Unlinks and frees 'f'.  Write lock held. */
static void
flow_remove(struct dp_netdev *dp, struct dp_netdev_flow *f)
{
    dpcls_remove(&dp->cls, &f->rule);
    hmap_remove(&dp->flows, &f->ufid_node);
    atomic_fetch_add(&dp->emc_gen, 1);
    free(f->actions);
    free(f);
}

static void
flow_flush__(struct dp_netdev *dp)
{
    struct dp_netdev_flow *f, *next;
    HMAP_FOR_EACH_SAFE (f, next, ufid_node, &dp->flows) {
        flow_remove(dp, f);
    }
}

/* Looks 'key' up in the megaflow table.  Read lock held. */
static struct dp_netdev_flow *
classifier_lookup(struct dp_netdev *dp, const struct flow *key,
                  uint64_t *n_masks_looked)
{
    struct dpcls_rule *r = dpcls_lookup(&dp->cls, key, n_masks_looked);
    return r ? CONTAINER_OF(r, struct dp_netdev_flow, rule) : NULL;
}

static struct dp_netdev_flow *
emc_lookup(struct dp_netdev *dp, struct emc_entry *emc,
           const struct flow *key, uint32_t hash)
{
    struct emc_entry *e = &emc[hash & (EMC_ENTRIES - 1)];
    if (e->flow && e->hash == hash
        && e->gen == atomic_load_explicit(&dp->emc_gen,
                                          memory_order_relaxed)
        && flow_equal(&e->key, key)) {
        return e->flow;
    }
    return NULL;
}

static void
emc_insert(struct dp_netdev *dp, struct emc_entry *emc,
           const struct flow *key, uint32_t hash, struct dp_netdev_flow *f)
{
    struct emc_entry *e = &emc[hash & (EMC_ENTRIES - 1)];
    e->gen = atomic_load_explicit(&dp->emc_gen, memory_order_relaxed);
    e->hash = hash;
    e->flow = f;
    e->key = *key;
}

/* Upcalls. */

static void
upcall_queue_init(struct upcall_queue *q)
{
    q->ring = xcalloc(UPCALL_QUEUE_MAX, sizeof *q->ring);
    q->head = q->n = 0;
    latch_init(&q->latch);
}

static void
upcall_queue_purge(struct upcall_queue *q)
{
    while (q->n) {
        dpif_upcall_destroy(&q->ring[q->head]);
        q->head = (q->head + 1) % UPCALL_QUEUE_MAX;
        q->n--;
    }
    latch_poll(&q->latch);
}

static void
upcall_queue_destroy(struct upcall_queue *q)
{
    upcall_queue_purge(q);
    free(q->ring);
    latch_destroy(&q->latch);
}

static void
upcall_queues_purge(struct dp_netdev *dp)
{
    for (uint32_t i = 0; i < dp->n_handlers; i++) {
        upcall_queue_purge(&dp->queues[i]);
    }
}

/* Queues 'packet' (taken) as an upcall.  'userdata' is an
 * OVS_USERSPACE_ATTR_USERDATA attribute to copy, or NULL. */
static void
queue_upcall(struct dp_netdev *dp, enum dpif_upcall_type type,
             struct dp_packet *packet, const struct flow *flow,
             const struct nlattr *userdata)
{
    pthread_mutex_lock(&dp->upcall_mutex);
    if (!dp->recv_enabled || !dp->n_handlers) {
        pthread_mutex_unlock(&dp->upcall_mutex);
        goto lost;
    }
    struct upcall_queue *q = &dp->queues[flow_hash(flow, 0)
                                         % dp->n_handlers];
    if (q->n >= UPCALL_QUEUE_MAX) {
        pthread_mutex_unlock(&dp->upcall_mutex);
        goto lost;
    }
    struct dpif_upcall *u = &q->ring[(q->head + q->n) % UPCALL_QUEUE_MAX];
    u->type = type;
    u->packet = packet;
    u->flow = *flow;
    struct match m;
    m.flow = *flow;
    flow_wildcards_init_exact(&m.wc);
    u->ufid = dpif_flow_hash(&m);
    if (userdata) {
        u->userdata = xmemdup(userdata, userdata->nla_len);
        u->userdata_len = userdata->nla_len;
    } else {
        u->userdata = NULL;
        u->userdata_len = 0;
    }
    q->n++;
    latch_set(&q->latch);
    pthread_mutex_unlock(&dp->upcall_mutex);
    return;

lost:
    COVERAGE_INC(dpif_netdev_lost);
    atomic_fetch_add_explicit(&dp->n_lost, 1, memory_order_relaxed);
    dp_packet_delete(packet);
}

/* Action callbacks. */

static void
exec_output(void *aux, struct dp_packet_batch *batch, uint32_t port_no,
            bool may_steal)
{
    struct exec_ctx *ctx = aux;
    struct dp_netdev_port *port = port_lookup(ctx->dp, port_no);
    if (!port) {
        COVERAGE_INC(dpif_netdev_output_no_port);
        if (may_steal) {
            dp_packet_delete_batch(batch);
        }
        return;
    }
    pthread_mutex_lock(&port->tx_mutex);
    netdev_send(port->netdev, 0, batch, may_steal);
    pthread_mutex_unlock(&port->tx_mutex);
    if (may_steal) {
        batch->count = 0;
    }
}

static void
exec_userspace(void *aux, const struct dp_packet *packet,
               const struct nlattr *attr)
{
    struct exec_ctx *ctx = aux;
    struct dp_packet *copy = dp_packet_clone(packet);
    struct flow flow;
    flow_extract(copy, &flow);
    queue_upcall(ctx->dp, DPIF_UC_ACTION, copy, &flow,
                 nl_attr_find_nested(attr, OVS_USERSPACE_ATTR_USERDATA));
}

static void
exec_recirc(void *aux, struct dp_packet_batch *batch)
{
    struct exec_ctx *ctx = aux;
    if (ctx->depth >= MAX_RECIRC_DEPTH) {
        COVERAGE_INC(dpif_netdev_recirc_too_deep);
        VLOG_WARN_RL(&rl, "%s: packet recirculated too many times, "
                     "dropping", ctx->dp->name);
        dp_packet_delete_batch(batch);
        return;
    }
    struct exec_ctx inner = *ctx;
    inner.depth++;
    process_batch(&inner, batch);
}

static void
exec_meter(void *aux, struct dp_packet_batch *batch, uint32_t meter_id)
{
    struct exec_ctx *ctx = aux;
    dp_meter_table_run(ctx->dp->meters, meter_id, batch, time_msec());
}

static const struct odp_execute_ops exec_ops = {
    .output = exec_output,
    .userspace = exec_userspace,
    .recirc = exec_recirc,
    .meter = exec_meter,
};

/* The fast path.  Looks up each packet of 'batch' (taken), runs the
 * actions of the flows hit and sends misses up.  The packets' md is set
 * (in_port, recirc_id).  Read lock held. */
static void
process_batch(struct exec_ctx *ctx, struct dp_packet_batch *batch)
{
    struct dp_netdev *dp = ctx->dp;
    struct {
        struct dp_netdev_flow *flow;
        struct dp_packet_batch batch;
        uint32_t bytes;
        uint16_t tcp_flags;
    } groups[NETDEV_MAX_BURST];
    size_t n_groups = 0;
    uint64_t n_masks = 0, n_hit = 0, n_missed = 0;
    struct flow key;
    struct dp_packet *p;

    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        flow_extract(p, &key);

        struct dp_netdev_flow *f = NULL;
        uint32_t hash = 0;
        if (ctx->emc) {
            hash = flow_hash(&key, 0);
            f = emc_lookup(dp, ctx->emc, &key, hash);
        }
        if (!f) {
            f = classifier_lookup(dp, &key, &n_masks);
            if (f && ctx->emc) {
                emc_insert(dp, ctx->emc, &key, hash, f);
            }
        }
        if (!f) {
            n_missed++;
            COVERAGE_INC(dpif_netdev_miss);
            queue_upcall(dp, DPIF_UC_MISS, p, &key, NULL);
            continue;
        }
        n_hit++;

        size_t g;
        for (g = 0; g < n_groups; g++) {
            if (groups[g].flow == f) {
                break;
            }
        }
        if (g == n_groups) {
            groups[g].flow = f;
            dp_packet_batch_init(&groups[g].batch);
            groups[g].bytes = 0;
            groups[g].tcp_flags = 0;
            n_groups++;
        }
        dp_packet_batch_add(&groups[g].batch, p);
        groups[g].bytes += dp_packet_size(p);
        if (key.nw_proto == IPPROTO_TCP && is_ip_any(&key)) {
            groups[g].tcp_flags |= ntohs(key.tcp_flags);
        }
    }
    batch->count = 0;

    long long int now = n_groups ? time_msec() : 0;
    for (size_t g = 0; g < n_groups; g++) {
        struct dp_netdev_flow *f = groups[g].flow;
        atomic_fetch_add_explicit(&f->n_packets, groups[g].batch.count,
                                  memory_order_relaxed);
        atomic_fetch_add_explicit(&f->n_bytes, groups[g].bytes,
                                  memory_order_relaxed);
        atomic_store_explicit(&f->used, now, memory_order_relaxed);
        if (groups[g].tcp_flags) {
            atomic_fetch_or_explicit(&f->tcp_flags, groups[g].tcp_flags,
                                     memory_order_relaxed);
        }
        odp_execute_actions(ctx, &groups[g].batch, true, f->actions,
                            f->actions_len, &exec_ops);
    }

    /* Counted last, so that a packet counted has been fully handled
     * (tests wait on these counters). */
    if (n_hit) {
        atomic_fetch_add_explicit(&dp->n_hit, n_hit, memory_order_release);
    }
    if (n_missed) {
        atomic_fetch_add_explicit(&dp->n_missed, n_missed,
                                  memory_order_release);
    }
    if (n_masks) {
        atomic_fetch_add_explicit(&dp->n_mask_hit, n_masks,
                                  memory_order_relaxed);
    }
}

/* Forwarding threads. */

struct poll_entry {
    odp_port_t port_no;
    struct netdev_rxq *rxq;
};

static size_t
reload_poll_list(struct fwd_thread *t, struct poll_entry **list,
                 size_t *allocated)
{
    struct dp_netdev *dp = t->dp;
    size_t n = 0;

    rdlock(dp);
    uint64_t seq = atomic_load(&dp->port_seq);
    struct dp_netdev_port *port;
    HMAP_FOR_EACH (port, node, &dp->ports) {
        for (int q = 0; q < port->n_rxq; q++) {
            if (port->rxqs[q]
                && (port->port_no + q) % N_FWD_THREADS == t->index) {
                if (n >= *allocated) {
                    *list = x2nrealloc(*list, allocated, sizeof **list);
                }
                (*list)[n].port_no = port->port_no;
                (*list)[n].rxq = port->rxqs[q];
                n++;
            }
        }
    }
    unlock(dp);

    pthread_mutex_lock(&dp->reload_mutex);
    atomic_store(&t->port_seq_seen, seq);
    pthread_cond_broadcast(&dp->reload_cond);
    pthread_mutex_unlock(&dp->reload_mutex);
    return n;
}

/* A busy thread goes round its queues again at once instead of sleeping,
 * but then only reads the queues that filled a whole batch last time
 * (the others are most likely empty, and reading an empty tap costs a
 * system call); every FWD_FULL_ROUND_EVERY busy rounds it reads them all,
 * so that a flood on one queue cannot starve the rest.  When no queue
 * filled a batch it sleeps in poll(), which returns at once if any queue
 * has something: so a lone packet is handled as soon as it arrives and a
 * quiet thread costs nothing. */
#define FWD_FULL_ROUND_EVERY 16

static void *
fwd_thread_main(void *t_)
{
    struct fwd_thread *t = t_;
    struct dp_netdev *dp = t->dp;
    struct poll_entry *list = NULL;
    bool *was_full = NULL;
    size_t n = 0, allocated = 0;
    struct exec_ctx ctx = { .dp = dp, .emc = t->emc, .depth = 0 };
    unsigned int busy_rounds = 0;

    while (!atomic_load(&t->exit)) {
        if (atomic_load(&t->port_seq_seen) != atomic_load(&dp->port_seq)) {
            size_t old_allocated = allocated;
            n = reload_poll_list(t, &list, &allocated);
            if (allocated != old_allocated || !was_full) {
                free(was_full);
                was_full = xcalloc(MAX(allocated, 1), sizeof *was_full);
            }
            busy_rounds = 0;
        }

        bool full_round = busy_rounds % FWD_FULL_ROUND_EVERY == 0;
        bool any_full = false;
        for (size_t i = 0; i < n; i++) {
            if (!full_round && !was_full[i]) {
                continue;
            }
            struct dp_packet_batch batch;
            dp_packet_batch_init(&batch);
            was_full[i] = false;
            if (!netdev_rxq_recv(list[i].rxq, &batch)) {
                struct dp_packet *p;
                DP_PACKET_BATCH_FOR_EACH (j, p, &batch) {
                    p->md.in_port = list[i].port_no;
                    p->md.recirc_id = 0;
                }
                was_full[i] = dp_packet_batch_is_full(&batch);
                any_full |= was_full[i];
                rdlock(dp);
                process_batch(&ctx, &batch);
                unlock(dp);
            }
        }
        if (any_full) {
            busy_rounds++;
            continue;
        }
        busy_rounds = 0;

        for (size_t i = 0; i < n; i++) {
            netdev_rxq_wait(list[i].rxq);
        }
        latch_wait(&t->wake);
        poll_block();
        latch_poll(&t->wake);
    }
    free(was_full);
    free(list);
    return NULL;
}

/* Datapath lifecycle. */

static void
dp_netdev_start_threads(struct dp_netdev *dp)
{
    for (int i = 0; i < N_FWD_THREADS; i++) {
        struct fwd_thread *t = &dp->threads[i];
        t->dp = dp;
        t->index = i;
        latch_init(&t->wake);
        atomic_init(&t->exit, false);
        atomic_init(&t->port_seq_seen, 0);
        t->emc = xzalloc(EMC_ENTRIES * sizeof *t->emc);
        int error = pthread_create(&t->thread, NULL, fwd_thread_main, t);
        if (error) {
            ovs_abort(error, "pthread_create failed");
        }
        char name[16];
        snprintf(name, sizeof name, "dp_fwd%d", i);
        pthread_setname_np(t->thread, name);    /* For logs ("%t"). */
    }
}

static void
dp_netdev_stop_threads(struct dp_netdev *dp)
{
    for (int i = 0; i < N_FWD_THREADS; i++) {
        struct fwd_thread *t = &dp->threads[i];
        atomic_store(&t->exit, true);
        latch_set(&t->wake);
        pthread_join(t->thread, NULL);
        latch_destroy(&t->wake);
        free(t->emc);
    }
}

/* Called with dp_netdev_mutex held. */
static int
dp_netdev_create(const char *name, struct dp_netdev **dpp)
{
    struct netdev *netdev;
    int error = netdev_open(name, "internal", &netdev);
    if (error) {
        return error;
    }

    struct dp_netdev *dp = xzalloc(sizeof *dp);
    dp->name = xstrdup(name);
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    /* Writers must not starve behind a steady stream of batches. */
    pthread_rwlockattr_setkind_np(
        &attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&dp->rwlock, &attr);
    pthread_rwlockattr_destroy(&attr);
    hmap_init(&dp->ports);
    hmap_init(&dp->flows);
    dpcls_init(&dp->cls);
    dp->meters = dp_meter_table_create();
    atomic_init(&dp->emc_gen, 1);
    atomic_init(&dp->n_hit, 0);
    atomic_init(&dp->n_missed, 0);
    atomic_init(&dp->n_lost, 0);
    atomic_init(&dp->n_mask_hit, 0);
    atomic_init(&dp->port_seq, 1);
    pthread_mutex_init(&dp->reload_mutex, NULL);
    pthread_cond_init(&dp->reload_cond, NULL);
    pthread_mutex_init(&dp->upcall_mutex, NULL);
    dp->n_handlers = 1;
    dp->queues = xmalloc(sizeof *dp->queues);
    upcall_queue_init(&dp->queues[0]);

    dp_netdev_start_threads(dp);

    odp_port_t port_no = ODPP_LOCAL;
    error = do_port_add(dp, netdev, &port_no);
    netdev_close(netdev);
    if (error) {
        VLOG_WARN("%s: cannot add local port (%s)", name,
                  ovs_strerror(error));
    }
    shash_add(&dp_netdevs, name, dp);
    *dpp = dp;
    return 0;
}

/* Called with dp_netdev_mutex held, when the last handle of a destroyed
 * datapath closes. */
static void
dp_netdev_free(struct dp_netdev *dp)
{
    dp_netdev_stop_threads(dp);

    struct dp_netdev_port *port, *next;
    HMAP_FOR_EACH_SAFE (port, next, node, &dp->ports) {
        hmap_remove(&dp->ports, &port->node);
        port_destroy(port);
    }
    hmap_destroy(&dp->ports);
    flow_flush__(dp);
    hmap_destroy(&dp->flows);
    dpcls_destroy(&dp->cls);
    dp_meter_table_destroy(dp->meters);

    for (uint32_t i = 0; i < dp->n_handlers; i++) {
        upcall_queue_destroy(&dp->queues[i]);
    }
    free(dp->queues);
    pthread_mutex_destroy(&dp->upcall_mutex);
    pthread_mutex_destroy(&dp->reload_mutex);
    pthread_cond_destroy(&dp->reload_cond);
    pthread_rwlock_destroy(&dp->rwlock);
    free(dp->name);
    free(dp);
}

/* Provider functions. */

static int
dpif_netdev_enumerate(struct sset *names)
{
    pthread_mutex_lock(&dp_netdev_mutex);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &dp_netdevs) {
        sset_add(names, node->name);
    }
    pthread_mutex_unlock(&dp_netdev_mutex);
    return 0;
}

static int
dpif_netdev_open(const struct dpif_class *class, const char *name,
                 bool create, struct dpif **dpifp)
{
    pthread_mutex_lock(&dp_netdev_mutex);
    struct dp_netdev *dp = shash_find_data(&dp_netdevs, name);
    int error = 0;
    if (!dp) {
        error = create ? dp_netdev_create(name, &dp) : ENODEV;
    }
    if (!error) {
        struct dpif_netdev *h = xzalloc(sizeof *h);
        dpif_init(&h->dpif, class, name);
        h->dp = dp;
        h->port_seq_seen = atomic_load(&dp->port_seq);
        dp->n_handles++;
        *dpifp = &h->dpif;
    }
    pthread_mutex_unlock(&dp_netdev_mutex);
    return error;
}

static void
dpif_netdev_close(struct dpif *dpif)
{
    struct dpif_netdev *h = dpif_netdev_cast(dpif);
    struct dp_netdev *dp = h->dp;

    pthread_mutex_lock(&dp_netdev_mutex);
    if (!--dp->n_handles && dp->destroyed) {
        dp_netdev_free(dp);
    }
    pthread_mutex_unlock(&dp_netdev_mutex);
    free(h);
}

static int
dpif_netdev_destroy(struct dpif *dpif)
{
    struct dp_netdev *dp = get_dp(dpif);
    pthread_mutex_lock(&dp_netdev_mutex);
    if (!dp->destroyed) {
        dp->destroyed = true;
        shash_find_and_delete(&dp_netdevs, dp->name);
    }
    pthread_mutex_unlock(&dp_netdev_mutex);
    return 0;
}

static bool
dpif_netdev_run(struct dpif *dpif)
{
    struct dpif_netdev *h = dpif_netdev_cast(dpif);
    struct dp_netdev *dp = h->dp;

    /* Re-sort subtables by hits since the last sort, about once a
     * second: the busiest masks are then tried first. */
    long long int now = time_msec();
    if (now >= dp->next_sort) {
        dp->next_sort = now + 1000;
        wrlock(dp);
        dpcls_sort(&dp->cls);
        unlock(dp);
    }

    uint64_t seq = atomic_load(&dp->port_seq);
    if (seq != h->port_seq_seen) {
        h->port_seq_seen = seq;
        return true;
    }
    return false;
}

static void
dpif_netdev_wait(struct dpif *dpif)
{
    struct dp_netdev *dp = get_dp(dpif);
    poll_timer_wait_until(dp->next_sort);
}

static int
dpif_netdev_get_stats(const struct dpif *dpif, struct dpif_dp_stats *stats)
{
    struct dp_netdev *dp = get_dp(dpif);
    rdlock(dp);
    stats->n_flows = hmap_count(&dp->flows);
    stats->n_masks = dpcls_n_masks(&dp->cls);
    unlock(dp);
    stats->n_hit = atomic_load(&dp->n_hit);
    stats->n_missed = atomic_load(&dp->n_missed);
    stats->n_lost = atomic_load(&dp->n_lost);
    stats->n_mask_hit = atomic_load(&dp->n_mask_hit);
    return 0;
}

static int
dpif_netdev_port_add(struct dpif *dpif, struct netdev *netdev,
                     odp_port_t *port_nop)
{
    struct dp_netdev *dp = get_dp(dpif);
    pthread_mutex_lock(&dp_netdev_mutex);
    int error = do_port_add(dp, netdev, port_nop);
    pthread_mutex_unlock(&dp_netdev_mutex);
    return error;
}

static int
dpif_netdev_port_del(struct dpif *dpif, odp_port_t port_no)
{
    struct dp_netdev *dp = get_dp(dpif);
    if (port_no == ODPP_LOCAL) {
        return EINVAL;
    }
    pthread_mutex_lock(&dp_netdev_mutex);
    rdlock(dp);
    struct dp_netdev_port *port = port_lookup(dp, port_no);
    unlock(dp);
    int error = 0;
    if (port) {
        do_port_del(dp, port);
    } else {
        error = ENODEV;
    }
    pthread_mutex_unlock(&dp_netdev_mutex);
    return error;
}

static void
fill_dpif_port(const struct dp_netdev_port *port, struct dpif_port *out)
{
    if (out) {
        out->name = xstrdup(netdev_get_name(port->netdev));
        out->type = xstrdup(port->type);
        out->port_no = port->port_no;
    }
}

static int
dpif_netdev_port_query_by_number(const struct dpif *dpif, odp_port_t port_no,
                                 struct dpif_port *out)
{
    struct dp_netdev *dp = get_dp(dpif);
    rdlock(dp);
    struct dp_netdev_port *port = port_lookup(dp, port_no);
    if (port) {
        fill_dpif_port(port, out);
    }
    unlock(dp);
    return port ? 0 : ENODEV;
}

static int
dpif_netdev_port_query_by_name(const struct dpif *dpif, const char *devname,
                               struct dpif_port *out)
{
    struct dp_netdev *dp = get_dp(dpif);
    rdlock(dp);
    struct dp_netdev_port *port = port_lookup_by_name(dp, devname);
    if (port) {
        fill_dpif_port(port, out);
    }
    unlock(dp);
    return port ? 0 : ENODEV;
}

/* A port dump is a snapshot taken at the start, sorted by number. */
struct port_dump_state {
    struct dpif_port *ports;
    size_t n, pos;
    struct dpif_port cur;
};

static int
compare_port_no(const void *a_, const void *b_)
{
    const struct dpif_port *a = a_, *b = b_;
    return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

static int
dpif_netdev_port_dump_start(const struct dpif *dpif, void **statep)
{
    struct dp_netdev *dp = get_dp(dpif);
    struct port_dump_state *s = xzalloc(sizeof *s);
    rdlock(dp);
    s->ports = xcalloc(hmap_count(&dp->ports) + 1, sizeof *s->ports);
    struct dp_netdev_port *port;
    HMAP_FOR_EACH (port, node, &dp->ports) {
        fill_dpif_port(port, &s->ports[s->n++]);
    }
    unlock(dp);
    qsort(s->ports, s->n, sizeof *s->ports, compare_port_no);
    *statep = s;
    return 0;
}

static int
dpif_netdev_port_dump_next(const struct dpif *dpif, void *state_,
                           struct dpif_port *port)
{
    struct port_dump_state *s = state_;
    if (s->pos >= s->n) {
        return EOF;
    }
    *port = s->ports[s->pos++];
    return 0;
}

static int
dpif_netdev_port_dump_done(const struct dpif *dpif, void *state_)
{
    struct port_dump_state *s = state_;
    for (size_t i = 0; i < s->n; i++) {
        dpif_port_destroy(&s->ports[i]);
    }
    free(s->ports);
    free(s);
    return 0;
}

/* Flows. */

static int
dpif_netdev_flow_put(struct dpif *dpif, enum dpif_flow_put_flags flags,
                     const struct match *match_,
                     const struct nlattr *actions, size_t actions_len,
                     const ovs_u128 *ufid, struct dpif_flow_stats *stats)
{
    struct dp_netdev *dp = get_dp(dpif);
    char *err;
    int error = odp_execute_validate(actions, actions_len, &err);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: flow refused: %s", dpif->full_name, err);
        free(err);
        return error;
    }

    struct match match = *match_;
    flow_zero_wildcards(&match.flow, &match.wc);

    wrlock(dp);
    struct dp_netdev_flow *f = flow_find_by_ufid(dp, ufid);
    struct dpcls_rule *r = dpcls_find_exact(&dp->cls, &match);
    struct dp_netdev_flow *same_key = NULL;
    if (r) {
        same_key = CONTAINER_OF(r, struct dp_netdev_flow, rule);
    }
    if (f && f != same_key) {
        error = EINVAL;         /* That ufid names a flow with another key. */
    } else if (!f && same_key) {
        error = EEXIST;         /* Same key under another ufid. */
    } else if (f) {
        if (!(flags & DPIF_FP_MODIFY)) {
            error = EEXIST;
        } else {
            if (stats) {
                flow_get_stats(f, stats);
            }
            free(f->actions);
            f->actions = copy_actions(actions, actions_len);
            f->actions_len = actions_len;
            if (flags & DPIF_FP_ZERO_STATS) {
                flow_zero_stats(f);
            }
        }
    } else if (!(flags & DPIF_FP_CREATE)) {
        error = ENOENT;
    } else if (hmap_count(&dp->flows) >= MAX_FLOWS) {
        error = E2BIG;
    } else {
        f = xzalloc(sizeof *f);
        dpcls_insert(&dp->cls, &f->rule, &match);
        f->ufid = *ufid;
        f->actions = copy_actions(actions, actions_len);
        f->actions_len = actions_len;
        flow_zero_stats(f);
        hmap_insert(&dp->flows, &f->ufid_node, hash_ufid(ufid));
    }
    unlock(dp);
    return error;
}

static int
dpif_netdev_flow_del(struct dpif *dpif, const ovs_u128 *ufid,
                     struct dpif_flow_stats *stats)
{
    struct dp_netdev *dp = get_dp(dpif);
    wrlock(dp);
    struct dp_netdev_flow *f = flow_find_by_ufid(dp, ufid);
    if (f) {
        if (stats) {
            flow_get_stats(f, stats);
        }
        flow_remove(dp, f);
    }
    unlock(dp);
    return f ? 0 : ENOENT;
}

static int
dpif_netdev_flow_flush(struct dpif *dpif)
{
    struct dp_netdev *dp = get_dp(dpif);
    wrlock(dp);
    flow_flush__(dp);
    unlock(dp);
    return 0;
}

static void
fill_dpif_flow(const struct dp_netdev_flow *f, struct dpif_flow *out,
               const struct nlattr *actions)
{
    out->match = f->rule.match;
    out->actions = actions;
    out->actions_len = f->actions_len;
    out->ufid = f->ufid;
    flow_get_stats(f, &out->stats);
}

static int
dpif_netdev_flow_get(struct dpif *dpif, const ovs_u128 *ufid,
                     struct ofpbuf *buf, struct dpif_flow *out)
{
    struct dp_netdev *dp = get_dp(dpif);
    rdlock(dp);
    struct dp_netdev_flow *f = flow_find_by_ufid(dp, ufid);
    if (f) {
        fill_dpif_flow(f, out, ofpbuf_put(buf, f->actions, f->actions_len));
    }
    unlock(dp);
    return f ? 0 : ENOENT;
}

/* A flow dump walks a snapshot of the ufids taken at its start and looks
 * each one up again when it gets there: a flow present throughout is in
 * the snapshot and found, once; one deleted meanwhile is skipped; one
 * added meanwhile is not dumped (allowed: "at most once"). */
struct flow_dump {
    struct dpif_flow_dump up;
    struct dp_netdev *dp;
    ovs_u128 *ufids;
    size_t n, pos;
    void **held;                    /* Actions returned by the last call. */
    size_t n_held;
};

static struct dpif_flow_dump *
dpif_netdev_flow_dump_create(struct dpif *dpif)
{
    struct dp_netdev *dp = get_dp(dpif);
    struct flow_dump *d = xzalloc(sizeof *d);
    d->dp = dp;
    rdlock(dp);
    d->ufids = xmalloc((hmap_count(&dp->flows) + 1) * sizeof *d->ufids);
    struct dp_netdev_flow *f;
    HMAP_FOR_EACH (f, ufid_node, &dp->flows) {
        d->ufids[d->n++] = f->ufid;
    }
    unlock(dp);
    return &d->up;
}

static void
flow_dump_release(struct flow_dump *d)
{
    for (size_t i = 0; i < d->n_held; i++) {
        free(d->held[i]);
    }
    d->n_held = 0;
}

static int
dpif_netdev_flow_dump_next(struct dpif_flow_dump *dump_,
                           struct dpif_flow *flows, int max)
{
    struct flow_dump *d = CONTAINER_OF(dump_, struct flow_dump, up);
    flow_dump_release(d);
    free(d->held);
    d->held = xmalloc(max * sizeof *d->held);

    int n = 0;
    rdlock(d->dp);
    while (n < max && d->pos < d->n) {
        struct dp_netdev_flow *f = flow_find_by_ufid(d->dp,
                                                     &d->ufids[d->pos++]);
        if (f) {
            void *actions = copy_actions(f->actions, f->actions_len);
            d->held[d->n_held++] = actions;
            fill_dpif_flow(f, &flows[n++], actions);
        }
    }
    unlock(d->dp);
    return n;
}

static int
dpif_netdev_flow_dump_destroy(struct dpif_flow_dump *dump_)
{
    struct flow_dump *d = CONTAINER_OF(dump_, struct flow_dump, up);
    flow_dump_release(d);
    free(d->held);
    free(d->ufids);
    free(d);
    return 0;
}

static int
dpif_netdev_execute(struct dpif *dpif, struct dpif_execute *execute)
{
    struct dp_netdev *dp = get_dp(dpif);
    char *err;
    int error = odp_execute_validate(execute->actions, execute->actions_len,
                                     &err);
    if (error) {
        if (!execute->probe) {
            VLOG_WARN_RL(&rl, "%s: execute refused: %s", dpif->full_name,
                         err);
        }
        free(err);
        return error;
    }
    if (dp_packet_size(execute->packet) < ETH_HEADER_LEN) {
        return EINVAL;
    }

    /* The actions run on a copy, parsed so that they find the headers. */
    struct dp_packet *p = dp_packet_clone(execute->packet);
    struct flow flow;
    flow_extract(p, &flow);
    struct dp_packet_batch batch;
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, p);

    struct exec_ctx ctx = { .dp = dp, .emc = NULL, .depth = 0 };
    rdlock(dp);
    odp_execute_actions(&ctx, &batch, true, execute->actions,
                        execute->actions_len, &exec_ops);
    unlock(dp);
    return 0;
}

/* Meters (lib/dpif-netdev-meter.c). */

static void
dpif_netdev_meter_get_features(const struct dpif *dpif OVS_UNUSED,
                               struct ofp_meter_features *features)
{
    dp_meter_features(features);
}

static int
dpif_netdev_meter_set(struct dpif *dpif, uint32_t meter_id,
                      const struct ofp_meter_config *config)
{
    struct dp_netdev *dp = get_dp(dpif);
    wrlock(dp);
    int error = dp_meter_table_set(dp->meters, meter_id, config);
    unlock(dp);
    return error;
}

static int
dpif_netdev_meter_get(const struct dpif *dpif, uint32_t meter_id,
                      struct ofp_meter_stats *stats)
{
    struct dp_netdev *dp = get_dp(dpif);
    rdlock(dp);
    int error = dp_meter_table_get(dp->meters, meter_id, stats);
    unlock(dp);
    return error;
}

static int
dpif_netdev_meter_del(struct dpif *dpif, uint32_t meter_id)
{
    struct dp_netdev *dp = get_dp(dpif);
    wrlock(dp);
    int error = dp_meter_table_del(dp->meters, meter_id);
    unlock(dp);
    return error;
}

/* Upcall receiving. */

static int
dpif_netdev_recv_set(struct dpif *dpif, bool enable)
{
    struct dp_netdev *dp = get_dp(dpif);
    pthread_mutex_lock(&dp->upcall_mutex);
    dp->recv_enabled = enable;
    if (!enable) {
        upcall_queues_purge(dp);
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
    return 0;
}

static int
dpif_netdev_handlers_set(struct dpif *dpif, uint32_t n_handlers)
{
    struct dp_netdev *dp = get_dp(dpif);
    pthread_mutex_lock(&dp->upcall_mutex);
    if (n_handlers != dp->n_handlers) {
        /* Queued upcalls are dropped: their queue may no longer match the
         * hash of their flow, and reordering would be worse. */
        for (uint32_t i = 0; i < dp->n_handlers; i++) {
            upcall_queue_destroy(&dp->queues[i]);
        }
        free(dp->queues);
        dp->n_handlers = n_handlers;
        dp->queues = xcalloc(n_handlers, sizeof *dp->queues);
        for (uint32_t i = 0; i < n_handlers; i++) {
            upcall_queue_init(&dp->queues[i]);
        }
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
    return 0;
}

static int
dpif_netdev_recv(struct dpif *dpif, uint32_t handler_id,
                 struct dpif_upcall *upcall)
{
    struct dp_netdev *dp = get_dp(dpif);
    int error = EAGAIN;
    pthread_mutex_lock(&dp->upcall_mutex);
    if (handler_id < dp->n_handlers) {
        struct upcall_queue *q = &dp->queues[handler_id];
        if (q->n) {
            *upcall = q->ring[q->head];
            q->head = (q->head + 1) % UPCALL_QUEUE_MAX;
            q->n--;
            error = 0;
        }
        if (!q->n) {
            latch_poll(&q->latch);
        }
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
    return error;
}

static void
dpif_netdev_recv_wait(struct dpif *dpif, uint32_t handler_id)
{
    struct dp_netdev *dp = get_dp(dpif);
    pthread_mutex_lock(&dp->upcall_mutex);
    if (handler_id < dp->n_handlers) {
        struct upcall_queue *q = &dp->queues[handler_id];
        if (q->n) {
            poll_immediate_wake();
        } else {
            latch_wait(&q->latch);
        }
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
}

static void
dpif_netdev_recv_purge(struct dpif *dpif)
{
    struct dp_netdev *dp = get_dp(dpif);
    pthread_mutex_lock(&dp->upcall_mutex);
    upcall_queues_purge(dp);
    pthread_mutex_unlock(&dp->upcall_mutex);
}

const struct dpif_class dpif_netdev_class = {
    .type = "netdev",
    .enumerate = dpif_netdev_enumerate,
    .open = dpif_netdev_open,
    .close = dpif_netdev_close,
    .destroy = dpif_netdev_destroy,
    .run = dpif_netdev_run,
    .wait = dpif_netdev_wait,
    .get_stats = dpif_netdev_get_stats,
    .port_add = dpif_netdev_port_add,
    .port_del = dpif_netdev_port_del,
    .port_query_by_number = dpif_netdev_port_query_by_number,
    .port_query_by_name = dpif_netdev_port_query_by_name,
    .port_dump_start = dpif_netdev_port_dump_start,
    .port_dump_next = dpif_netdev_port_dump_next,
    .port_dump_done = dpif_netdev_port_dump_done,
    .flow_put = dpif_netdev_flow_put,
    .flow_del = dpif_netdev_flow_del,
    .flow_flush = dpif_netdev_flow_flush,
    .flow_get = dpif_netdev_flow_get,
    .flow_dump_create = dpif_netdev_flow_dump_create,
    .flow_dump_next = dpif_netdev_flow_dump_next,
    .flow_dump_destroy = dpif_netdev_flow_dump_destroy,
    .execute = dpif_netdev_execute,
    .recv_set = dpif_netdev_recv_set,
    .handlers_set = dpif_netdev_handlers_set,
    .recv = dpif_netdev_recv,
    .recv_wait = dpif_netdev_recv_wait,
    .recv_purge = dpif_netdev_recv_purge,
    .meter_get_features = dpif_netdev_meter_get_features,
    .meter_set = dpif_netdev_meter_set,
    .meter_get = dpif_netdev_meter_get,
    .meter_del = dpif_netdev_meter_del,
};
