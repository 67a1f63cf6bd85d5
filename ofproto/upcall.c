/* upcall.c -- handler and revalidator threads (see upcall.h).
 *
 * Handlers: each owns one upcall queue of the datapath (dpif_recv() with
 * its id) and loops: receive a batch of misses, translate each, install
 * the megaflow (key = the packet's flow masked by the translation's
 * wildcards, with in_port and recirc_id exact), execute the packet.
 *
 * Revalidator: one thread.  Every pass dumps the datapath's flows; for
 * each, pushes the statistics gained since the last pass into the rules
 * that the flow's ukey holds, deletes it if idle too long, and, if the
 * switch changed since the flow was translated (tables version or MAC
 * learning sequence number differ from those the ukey recorded),
 * re-translates its key and deletes it if the result differs.  Deleting
 * rather than modifying keeps the logic simple: the next packet makes a
 * new upcall and gets a correct flow.  A pass runs every 500 ms, and at
 * once when woken by udpif_revalidate().
 *
 * The recorded versions close a race: a handler that translated before a
 * change and installs after the revalidator's pass would otherwise leave a
 * stale flow; with the versions in its ukey, the next pass catches it.
 *
 * Locking: 'mutex' protects the ukeys map and the pass counter. */
#include "upcall.h"
#include "connmgr.h"
#include "nl-attr.h"
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "dp-packet.h"
#include "dpif.h"
#include "dynamic-string.h"
#include "hash.h"
#include "latch.h"
#include "mac-learning.h"
#include "ofpbuf.h"
#include "ofproto-group.h"
#include "ofproto-private.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"
#include "xlate.h"

VLOG_DEFINE_THIS_MODULE(upcall);

#define UPCALL_BATCH 64
#define REVALIDATE_INTERVAL 500     /* msec. */
#define DEFAULT_MAX_IDLE 10000      /* msec. */

struct ukey {
    struct hmap_node node;          /* In udpif->ukeys, by ufid. */
    ovs_u128 ufid;
    struct rule **rules;            /* Each with a reference. */
    size_t n_rules;
    struct xlate_group_hit *groups; /* Each with a reference. */
    size_t n_groups;
    struct xlate_learned *learned;  /* What its learn actions learned,
                                     * refreshed while it sees packets. */
    size_t n_learned;
    uint64_t pushed_packets;        /* Stats already credited to rules. */
    uint64_t pushed_bytes;
    long long int created;
    uint64_t tables_version;        /* When translated. */
    uint64_t mac_seq;
    uint64_t pass;                  /* Last revalidator pass that saw it. */
};

struct handler {
    struct udpif *udpif;
    uint32_t id;
    pthread_t thread;
};

struct udpif {
    struct ofproto *ofproto;
    struct dpif *dpif;
    struct handler *handlers;
    size_t n_handlers;
    pthread_t revalidator;
    struct latch exit_latch;
    struct latch reval_latch;
    atomic_bool reval_pending;  /* 'reval_latch' set and not yet polled:
                                 * a burst of 100,000 flow_mods then wakes
                                 * the revalidator once, not 100,000
                                 * times (one pipe write each). */

    pthread_mutex_t mutex;
    pthread_cond_t pass_cond;
    struct hmap ukeys;
    uint64_t n_passes;

    atomic_uint max_idle;
    atomic_ullong n_upcalls;
    atomic_ullong n_installed;
    atomic_ullong n_deleted;
    atomic_ullong n_failed;
    atomic_ullong n_handled;        /* Upcalls completely processed. */
};

static void *handler_main(void *);
static void *revalidator_main(void *);

static uint32_t
ufid_hash(const ovs_u128 *ufid)
{
    return ufid->u32[0];
}

static struct ukey *
ukey_find(struct udpif *udpif, const ovs_u128 *ufid)
{
    struct ukey *ukey;

    HMAP_FOR_EACH_WITH_HASH (ukey, node, ufid_hash(ufid), &udpif->ukeys) {
        if (ovs_u128_equals(ukey->ufid, *ufid)) {
            return ukey;
        }
    }
    return NULL;
}

static void
ukey_set_rules(struct ukey *ukey, struct xlate_out *xout)
{
    for (size_t i = 0; i < ukey->n_rules; i++) {
        rule_unref(ukey->rules[i]);
    }
    free(ukey->rules);
    /* Takes over the references. */
    ukey->rules = xout->rules;
    ukey->n_rules = xout->n_rules;
    xout->rules = NULL;
    xout->n_rules = xout->allocated_rules = 0;

    for (size_t i = 0; i < ukey->n_groups; i++) {
        group_unref(ukey->groups[i].group);
    }
    free(ukey->groups);
    ukey->groups = xout->groups;
    ukey->n_groups = xout->n_groups;
    xout->groups = NULL;
    xout->n_groups = xout->allocated_groups = 0;

    xlate_learned_destroy(ukey->learned, ukey->n_learned);
    ukey->learned = xout->learned;
    ukey->n_learned = xout->n_learned;
    xout->learned = NULL;
    xout->n_learned = xout->allocated_learned = 0;
}

/* Credits the groups (and buckets) a megaflow went through. */
static void
credit_groups(const struct xlate_group_hit *hits, size_t n,
              uint64_t n_packets, uint64_t n_bytes)
{
    for (size_t i = 0; i < n; i++) {
        group_credit_stats(hits[i].group, hits[i].bucket,
                           hits[i].count_group, n_packets, n_bytes);
    }
}

/* Credits the packets that the datapath flow of 'ukey' counted since the
 * last push to its rules and groups; and, as those packets would have
 * run the learn actions of its rules, refreshes what they learned. */
static void
ukey_push_stats(struct ofproto *ofproto, struct ukey *ukey,
                const struct dpif_flow_stats *stats)
{
    if (stats->n_packets > ukey->pushed_packets) {
        uint64_t dp = stats->n_packets - ukey->pushed_packets;
        uint64_t db = stats->n_bytes > ukey->pushed_bytes
                      ? stats->n_bytes - ukey->pushed_bytes : 0;

        for (size_t i = 0; i < ukey->n_rules; i++) {
            rule_credit_stats(ukey->rules[i], dp, db, stats->used);
        }
        credit_groups(ukey->groups, ukey->n_groups, dp, db);
        ofproto_learn_submit(ofproto, ukey->learned, ukey->n_learned,
                             stats->used ? stats->used : time_msec());
        ukey->pushed_packets = stats->n_packets;
        ukey->pushed_bytes = stats->n_bytes;
    }
}

static void
ukey_destroy(struct ukey *ukey)
{
    for (size_t i = 0; i < ukey->n_rules; i++) {
        rule_unref(ukey->rules[i]);
    }
    free(ukey->rules);
    for (size_t i = 0; i < ukey->n_groups; i++) {
        group_unref(ukey->groups[i].group);
    }
    free(ukey->groups);
    xlate_learned_destroy(ukey->learned, ukey->n_learned);
    free(ukey);
}

struct udpif *
udpif_create(struct ofproto *ofproto, struct dpif *dpif, size_t n_handlers)
{
    struct udpif *udpif = xzalloc(sizeof *udpif);

    udpif->ofproto = ofproto;
    udpif->dpif = dpif;
    latch_init(&udpif->exit_latch);
    latch_init(&udpif->reval_latch);
    atomic_init(&udpif->reval_pending, false);
    pthread_mutex_init(&udpif->mutex, NULL);
    pthread_cond_init(&udpif->pass_cond, NULL);
    hmap_init(&udpif->ukeys);
    atomic_init(&udpif->max_idle, DEFAULT_MAX_IDLE);

    n_handlers = MAX(n_handlers, 1);
    dpif_handlers_set(dpif, n_handlers);
    dpif_recv_set(dpif, true);
    udpif->n_handlers = n_handlers;
    udpif->handlers = xcalloc(n_handlers, sizeof *udpif->handlers);
    for (size_t i = 0; i < n_handlers; i++) {
        struct handler *h = &udpif->handlers[i];

        h->udpif = udpif;
        h->id = i;
        pthread_create(&h->thread, NULL, handler_main, h);
    }
    pthread_create(&udpif->revalidator, NULL, revalidator_main, udpif);
    return udpif;
}

void
udpif_destroy(struct udpif *udpif)
{
    struct ukey *ukey, *next;

    if (!udpif) {
        return;
    }
    latch_set(&udpif->exit_latch);
    for (size_t i = 0; i < udpif->n_handlers; i++) {
        pthread_join(udpif->handlers[i].thread, NULL);
    }
    pthread_join(udpif->revalidator, NULL);
    dpif_recv_set(udpif->dpif, false);
    dpif_recv_purge(udpif->dpif);

    HMAP_FOR_EACH_SAFE (ukey, next, node, &udpif->ukeys) {
        hmap_remove(&udpif->ukeys, &ukey->node);
        ukey_destroy(ukey);
    }
    hmap_destroy(&udpif->ukeys);
    free(udpif->handlers);
    latch_destroy(&udpif->exit_latch);
    latch_destroy(&udpif->reval_latch);
    pthread_mutex_destroy(&udpif->mutex);
    pthread_cond_destroy(&udpif->pass_cond);
    free(udpif);
}

void
udpif_revalidate(struct udpif *udpif)
{
    if (udpif && !atomic_exchange(&udpif->reval_pending, true)) {
        latch_set(&udpif->reval_latch);
    }
}

void
udpif_flush(struct udpif *udpif)
{
    struct ukey *ukey, *next;

    dpif_flow_flush(udpif->dpif);
    pthread_mutex_lock(&udpif->mutex);
    HMAP_FOR_EACH_SAFE (ukey, next, node, &udpif->ukeys) {
        hmap_remove(&udpif->ukeys, &ukey->node);
        ukey_destroy(ukey);
    }
    pthread_mutex_unlock(&udpif->mutex);
}

void
udpif_set_max_idle(struct udpif *udpif, unsigned int max_idle_ms)
{
    atomic_store(&udpif->max_idle, max_idle_ms ? max_idle_ms : 1);
    udpif_revalidate(udpif);
}

void
udpif_wait_for_revalidation(struct udpif *udpif)
{
    pthread_mutex_lock(&udpif->mutex);
    /* The pass running now may have started before the call: wait for the
     * one after it to finish. */
    uint64_t target = udpif->n_passes + 2;
    latch_set(&udpif->reval_latch);
    while (udpif->n_passes < target) {
        pthread_cond_wait(&udpif->pass_cond, &udpif->mutex);
    }
    pthread_mutex_unlock(&udpif->mutex);
}

uint64_t
udpif_n_handled(const struct udpif *udpif)
{
    return atomic_load(&CONST_CAST(struct udpif *, udpif)->n_handled);
}

void
udpif_show(const struct udpif *udpif_, struct ds *s)
{
    struct udpif *udpif = CONST_CAST(struct udpif *, udpif_);
    struct dpif_dp_stats stats;
    size_t n_ukeys;

    memset(&stats, 0, sizeof stats);
    dpif_get_dp_stats(udpif->dpif, &stats);
    pthread_mutex_lock(&udpif->mutex);
    n_ukeys = hmap_count(&udpif->ukeys);
    pthread_mutex_unlock(&udpif->mutex);

    ds_put_format(s, "%s:\n", dpif_base_name(udpif->dpif));
    ds_put_format(s, "  flows         : (current %"PRIu64")\n",
                  stats.n_flows);
    ds_put_format(s, "  dump duration : %dms\n", 0);
    ds_put_format(s, "  ufid enabled : true\n");
    ds_put_format(s, "\n");
    ds_put_format(s, "  handlers: %zu\n", udpif->n_handlers);
    ds_put_format(s, "  revalidators: 1\n");
    ds_put_format(s, "  keys: %zu\n", n_ukeys);
    ds_put_format(s, "  upcalls: %llu\n",
                  (unsigned long long) atomic_load(&udpif->n_upcalls));
    ds_put_format(s, "  flows installed: %llu\n",
                  (unsigned long long) atomic_load(&udpif->n_installed));
    ds_put_format(s, "  flows deleted: %llu\n",
                  (unsigned long long) atomic_load(&udpif->n_deleted));
    ds_put_format(s, "  max idle: %ums\n", atomic_load(&udpif->max_idle));
}

/* Builds the datapath megaflow for datapath flow 'dp_flow' (in_port a
 * datapath port) translated with wildcards 'wc'. */
static void
megaflow_build(struct match *m, const struct flow *dp_flow,
               const struct flow_wildcards *wc)
{
    struct flow_wildcards w = *wc;

    w.masks.in_port = UINT32_MAX;
    w.masks.recirc_id = UINT32_MAX;
    match_init(m, dp_flow, &w);
}

/* Translates datapath flow 'dp_flow' into 'xout'.  Returns 0 or ENODEV if
 * its in_port is not a port of the switch. */
static int
translate_dp_flow(struct udpif *udpif, const struct flow *dp_flow,
                  bool may_learn, struct xlate_out *xout)
{
    struct ofproto *ofproto = udpif->ofproto;
    struct xlate_in xin;
    struct ofport *port;

    memset(&xin, 0, sizeof xin);
    xin.ofproto = ofproto;
    xin.flow = *dp_flow;
    xin.may_learn = may_learn;

    pthread_rwlock_rdlock(&ofproto->rwlock);
    port = ofproto_get_odp_port(ofproto, dp_flow->in_port);
    xin.flow.in_port = port ? port->ofp_port : OFPP_NONE;
    pthread_rwlock_unlock(&ofproto->rwlock);
    if (!port) {
        return ENODEV;
    }
    return xlate_actions(&xin, xout);
}

/* Credits the packet of a miss to the rules and groups it went through
 * (later packets are credited from the datapath flow's statistics). */
static void
credit_miss(const struct xlate_out *xout, const struct dp_packet *packet)
{
    for (size_t i = 0; i < xout->n_rules; i++) {
        rule_credit_stats(xout->rules[i], 1, dp_packet_size(packet),
                          time_msec());
    }
    credit_groups(xout->groups, xout->n_groups, 1, dp_packet_size(packet));
}

static void
handle_miss(struct udpif *udpif, struct dpif_upcall *upcall)
{
    struct ofproto *ofproto = udpif->ofproto;
    uint64_t version = atomic_load(&ofproto->tables_version);
    uint64_t mac_seq = mac_learning_seq(ofproto->ml);
    struct xlate_out xout;
    struct match m;
    int error;

    atomic_fetch_add(&udpif->n_upcalls, 1);
    xlate_out_init(&xout);
    error = translate_dp_flow(udpif, &upcall->flow, true, &xout);
    if (!error) {
        ofproto_learn_submit(ofproto, xout.learned, xout.n_learned,
                             time_msec());
    }
    if (xout.mac_changed) {
        udpif_revalidate(udpif);
    }

    megaflow_build(&m, &upcall->flow, &xout.wc);
    if (!error) {
        ovs_u128 ufid = dpif_flow_hash(&m);
        struct ukey *ukey = xzalloc(sizeof *ukey);
        int put_error;

        ukey->ufid = ufid;
        ukey->created = time_msec();
        ukey->tables_version = version;
        ukey->mac_seq = mac_seq;

        /* Insert the ukey before the flow so the revalidator never sees a
         * flow without one. */
        bool reinstall = false;
        pthread_mutex_lock(&udpif->mutex);
        if (ukey_find(udpif, &ufid)) {
            /* Either another handler is installing this very flow, or the
             * flow left the datapath behind the revalidator's back
             * (dpctl/del-flows) and its ukey waits for the sweep: try to
             * put it back rather than send every packet up until then. */
            free(ukey);
            ukey = NULL;
            reinstall = true;
        } else {
            credit_miss(&xout, upcall->packet);
            ukey_set_rules(ukey, &xout);
            hmap_insert(&udpif->ukeys, &ukey->node, ufid_hash(&ufid));
        }
        pthread_mutex_unlock(&udpif->mutex);

        if (ukey) {
            put_error = dpif_flow_put(udpif->dpif, DPIF_FP_CREATE, &m,
                                      xout.odp_actions.data,
                                      xout.odp_actions.size, &ufid, NULL);
            if (put_error && put_error != EEXIST) {
                static int n_logged;
                if (n_logged++ < 10) {
                    VLOG_WARN("%s: failed to install flow (%s)",
                              ofproto->name, dpif_strerror(put_error));
                }
                atomic_fetch_add(&udpif->n_failed, 1);
                pthread_mutex_lock(&udpif->mutex);
                hmap_remove(&udpif->ukeys, &ukey->node);
                pthread_mutex_unlock(&udpif->mutex);
                ukey_destroy(ukey);
            } else if (!put_error) {
                atomic_fetch_add(&udpif->n_installed, 1);
            }
        } else if (reinstall
                   && !dpif_flow_put(udpif->dpif, DPIF_FP_CREATE, &m,
                                     xout.odp_actions.data,
                                     xout.odp_actions.size, &ufid, NULL)) {
            /* It was gone: the ukey now stands for the new flow, whose
             * statistics start from zero. */
            pthread_mutex_lock(&udpif->mutex);
            struct ukey *old = ukey_find(udpif, &ufid);
            if (old) {
                old->created = time_msec();
                old->tables_version = version;
                old->mac_seq = mac_seq;
                old->pushed_packets = old->pushed_bytes = 0;
                credit_miss(&xout, upcall->packet);
                ukey_set_rules(old, &xout);
            }
            pthread_mutex_unlock(&udpif->mutex);
            atomic_fetch_add(&udpif->n_installed, 1);
        }
    }

    if (xout.odp_actions.size) {
        struct dpif_execute exe = {
            .packet = upcall->packet,
            .flow = &upcall->flow,
            .actions = xout.odp_actions.data,
            .actions_len = xout.odp_actions.size,
            .probe = false,
        };
        dpif_execute(udpif->dpif, &exe);
    }
    xlate_out_uninit(&xout);
    atomic_fetch_add(&udpif->n_handled, 1);
}

/* A "userspace" action's upcall: for now only packet-ins (see
 * struct xlate_controller_userdata). */
static void
handle_action_upcall(struct udpif *udpif, struct dpif_upcall *upcall)
{
    struct ofproto *ofproto = udpif->ofproto;
    struct xlate_controller_userdata ud;

    if (!upcall->userdata
        || nl_attr_get_size(upcall->userdata) < sizeof ud) {
        return;
    }
    const uint8_t *p = nl_attr_get(upcall->userdata);
    size_t left = nl_attr_get_size(upcall->userdata) - sizeof ud;
    memcpy(&ud, p, sizeof ud);
    p += sizeof ud;
    if (ud.type != XLATE_USERDATA_CONTROLLER || !ofproto->connmgr) {
        return;
    }

    /* The metadata the datapath does not know, as translation left it,
     * then the userdata and the frozen translation (xlate.h). */
    struct flow flow = upcall->flow;
    if (ud.flags & XLATE_UD_METADATA) {
        struct xlate_controller_metadata md;
        if (left < sizeof md) {
            return;
        }
        memcpy(&md, p, sizeof md);
        p += sizeof md;
        left -= sizeof md;
        flow.metadata = md.metadata;
        memcpy(flow.regs, md.regs, sizeof flow.regs);
    }
    const uint8_t *parts[2] = { NULL, NULL };
    size_t part_lens[2] = { 0, 0 };
    for (int i = 0; i < 2; i++) {
        uint64_t len;
        if (!(ud.flags & (i ? XLATE_UD_PAUSE : XLATE_UD_USERDATA))) {
            continue;
        }
        if (left < sizeof len) {
            return;
        }
        memcpy(&len, p, sizeof len);
        if (len > left - sizeof len) {
            return;
        }
        parts[i] = p + sizeof len;
        part_lens[i] = len;
        size_t used = MIN(sizeof len + ROUND_UP(len, 8), left);
        p += used;
        left -= used;
    }

    pthread_rwlock_rdlock(&ofproto->rwlock);
    struct ofport *port = ofproto_get_odp_port(ofproto, flow.in_port);
    flow.in_port = port ? port->ofp_port : OFPP_NONE;
    pthread_rwlock_unlock(&ofproto->rwlock);

    connmgr_queue_packet_in(ofproto->connmgr,
                            dp_packet_data(upcall->packet),
                            dp_packet_size(upcall->packet), &flow,
                            ud.reason, ud.table_id, ud.cookie, ud.max_len,
                            ud.controller_id, parts[0], part_lens[0],
                            parts[1], part_lens[1]);
}

static void *
handler_main(void *h_)
{
    struct handler *h = h_;
    struct udpif *udpif = h->udpif;

    while (!latch_is_set(&udpif->exit_latch)) {
        int n;

        for (n = 0; n < UPCALL_BATCH; n++) {
            struct dpif_upcall upcall;

            if (dpif_recv(udpif->dpif, h->id, &upcall)) {
                break;
            }
            if (upcall.type == DPIF_UC_MISS) {
                handle_miss(udpif, &upcall);
            } else if (upcall.type == DPIF_UC_ACTION) {
                handle_action_upcall(udpif, &upcall);
            }
            dpif_upcall_destroy(&upcall);
        }
        if (n == UPCALL_BATCH) {
            poll_immediate_wake();
        } else {
            dpif_recv_wait(udpif->dpif, h->id);
        }
        latch_wait(&udpif->exit_latch);
        poll_block();
    }
    return NULL;
}

/* Decides whether dumped flow 'f' (with ukey 'ukey', which may be NULL) is
 * still right; if it is and 'ukey' exists, refreshes its rules.  Returns
 * true if the flow must go. */
static bool
revalidate_flow(struct udpif *udpif, const struct dpif_flow *f,
                struct ukey *ukey, uint64_t version, uint64_t mac_seq)
{
    struct xlate_out xout;
    struct match m;
    bool stale;

    xlate_out_init(&xout);
    if (translate_dp_flow(udpif, &f->match.flow, false, &xout)) {
        xlate_out_uninit(&xout);
        return true;
    }
    megaflow_build(&m, &f->match.flow, &xout.wc);
    stale = (!match_equal(&m, &f->match)
             || xout.odp_actions.size != f->actions_len
             || memcmp(xout.odp_actions.data, f->actions, f->actions_len));
    if (!stale && ukey) {
        ukey_set_rules(ukey, &xout);
        ukey->tables_version = version;
        ukey->mac_seq = mac_seq;
    }
    xlate_out_uninit(&xout);
    return stale;
}

static void
revalidate_pass(struct udpif *udpif, uint64_t pass)
{
    struct ofproto *ofproto = udpif->ofproto;
    uint64_t version = atomic_load(&ofproto->tables_version);
    uint64_t mac_seq = mac_learning_seq(ofproto->ml);
    long long int max_idle = atomic_load(&udpif->max_idle);
    struct dpif_flow_dump *dump = dpif_flow_dump_create(udpif->dpif);
    struct dpif_flow flows[50];
    struct ukey *ukey, *next;
    int n;

    while ((n = dpif_flow_dump_next(dump, flows, ARRAY_SIZE(flows))) > 0) {
        long long int now = time_msec();

        for (int i = 0; i < n; i++) {
            const struct dpif_flow *f = &flows[i];
            bool delete = false;

            pthread_mutex_lock(&udpif->mutex);
            ukey = ukey_find(udpif, &f->ufid);
            if (ukey) {
                ukey->pass = pass;
                ukey_push_stats(udpif->ofproto, ukey, &f->stats);
            }
            long long int used = f->stats.used ? f->stats.used
                                 : ukey ? ukey->created : now;
            if (now - used > max_idle) {
                delete = true;
            } else if (!ukey || ukey->tables_version != version
                       || ukey->mac_seq != mac_seq) {
                delete = revalidate_flow(udpif, f, ukey, version, mac_seq);
            }
            pthread_mutex_unlock(&udpif->mutex);

            if (delete) {
                struct dpif_flow_stats stats;

                if (!dpif_flow_del(udpif->dpif, NULL, &f->ufid, &stats)) {
                    atomic_fetch_add(&udpif->n_deleted, 1);
                }
                pthread_mutex_lock(&udpif->mutex);
                ukey = ukey_find(udpif, &f->ufid);
                if (ukey) {
                    ukey_push_stats(udpif->ofproto, ukey, &stats);
                    hmap_remove(&udpif->ukeys, &ukey->node);
                    ukey_destroy(ukey);
                }
                pthread_mutex_unlock(&udpif->mutex);
            }
        }
    }
    dpif_flow_dump_destroy(dump);

    /* Forget ukeys whose flows vanished (dpctl/del-flows and the like),
     * but not those a handler installed during this pass. */
    pthread_mutex_lock(&udpif->mutex);
    HMAP_FOR_EACH_SAFE (ukey, next, node, &udpif->ukeys) {
        if (ukey->pass != pass && ukey->pass + 1 < pass
            && time_msec() - ukey->created > REVALIDATE_INTERVAL) {
            hmap_remove(&udpif->ukeys, &ukey->node);
            ukey_destroy(ukey);
        }
    }
    pthread_mutex_unlock(&udpif->mutex);
}

static void *
revalidator_main(void *udpif_)
{
    struct udpif *udpif = udpif_;
    uint64_t pass = 0;

    while (!latch_is_set(&udpif->exit_latch)) {
        /* Drain, then clear: a request between the two is covered by
         * the pass below, which starts after both. */
        latch_poll(&udpif->reval_latch);
        atomic_store(&udpif->reval_pending, false);
        pass++;
        revalidate_pass(udpif, pass);

        pthread_mutex_lock(&udpif->mutex);
        udpif->n_passes++;
        pthread_cond_broadcast(&udpif->pass_cond);
        pthread_mutex_unlock(&udpif->mutex);

        poll_timer_wait(REVALIDATE_INTERVAL);
        latch_wait(&udpif->reval_latch);
        latch_wait(&udpif->exit_latch);
        poll_block();
    }
    /* Release anyone waiting for a pass. */
    pthread_mutex_lock(&udpif->mutex);
    udpif->n_passes += 2;
    pthread_cond_broadcast(&udpif->pass_cond);
    pthread_mutex_unlock(&udpif->mutex);
    return NULL;
}
