/* ofproto.c -- the OpenFlow switch: ports, bundles, flow tables, and the
 * ovs-appctl commands that look inside (see ofproto.h).
 *
 * Each switch opens its own datapath (dpif_open(name, type, create)),
 * whose local port 0 is the bridge's internal device and OpenFlow port
 * OFPP_LOCAL.  Other ports get an OpenFlow number (requested or lowest
 * free) and whatever datapath number the datapath picks; two hash maps
 * translate between them.
 *
 * Packets never pass through this file: the datapath's misses go to the
 * handler threads of upcall.c, which translate them with xlate.c.  Those
 * threads read the state kept here under 'ofproto->rwlock' (see
 * ofproto-private.h); every change here takes it for writing and then
 * calls ofproto_changed() so that the revalidator re-checks the installed
 * megaflows.
 *
 * Each switch owns a connection manager (connmgr.c), run from
 * ofproto_run(): it decodes OpenFlow requests and calls back in here
 * (ofproto_flow_mod(), ofproto_collect_flows(), ofproto_packet_out());
 * ports coming and going are reported to it for PORT_STATUS. */
#include "ofproto.h"
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "connmgr.h"
#include "coverage.h"
#include "dp-packet.h"
#include "dpif.h"
#include "dynamic-string.h"
#include "hash.h"
#include "latch.h"
#include "mac-learning.h"
#include "match.h"
#include "odp-util.h"
#include "ofp-actions.h"
#include "ofp-port.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "ofproto-private.h"
#include "ofproto-group.h"
#include "ofproto-meter.h"
#include "ofproto-test.h"
#include "shash.h"
#include "sset.h"
#include "timeval.h"
#include "unixctl.h"
#include "upcall.h"
#include "util.h"
#include "vlog.h"
#include "xlate.h"

VLOG_DEFINE_THIS_MODULE(ofproto);

COVERAGE_DEFINE(ofproto_evict);
COVERAGE_DEFINE(ofproto_learn_add);
COVERAGE_DEFINE(ofproto_learn_limit);
COVERAGE_DEFINE(ofproto_learn_stale);

#define N_HANDLERS 2

/* Flow timeouts are checked this often (msec).  OpenFlow timeouts are in
 * seconds, so a flow lives at most this much longer than asked. */
#define OFPROTO_EXPIRY_INTERVAL 250

/* After deleting at least this many flows at once, the switch returns
 * free heap memory to the system (malloc_trim()): glibc keeps it
 * otherwise, and a switch that held 100,000 flows would stay that big. */
#define OFPROTO_TRIM_AFTER_DELETES 1000

/* A table refuses adds beyond this many flows (OFPFMFC_TABLE_FULL). */
#define OFPROTO_MAX_FLOWS_PER_TABLE 1000000

/* All switches, by name.  Main thread only. */
static struct hmap all_ofprotos = HMAP_INITIALIZER(&all_ofprotos);

static void ofproto_unixctl_init(void);
static void ofproto_expire(struct ofproto *);
static void learn_run(void);
static void learn_wait(void);
static void learn_purge(struct ofproto *);

struct removed_flows;
/* delete_learned bookkeeping (see learn_delete_pending()): the (table,
 * cookie) of learn actions in removed rules.  Main thread, write lock. */
struct learn_owner {
    struct ofproto *ofproto;
    uint8_t table_id;
    ovs_be64 cookie;
};
static struct learn_owner *learn_owners;
static size_t n_learn_owners, allocated_learn_owners;
static void learn_note_removed(struct ofproto *, const struct rule *);
static void learn_delete_pending(struct ofproto *, struct removed_flows *);

/* Rules. */

/* Gives 'cr' the conjunctions of 'ofpacts', if it has any.  (A list with
 * conjunctions has no other actions but notes: see
 * check_conjunctions().) */
static void
rule_set_conjunctions(struct cls_rule *cr, const struct ofpact *ofpacts,
                      size_t ofpacts_len)
{
    struct cls_conjunction *conj = NULL;
    const struct ofpact *a;
    size_t n = 0;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (a->type == OFPACT_CONJUNCTION) {
            const struct ofpact_conjunction *c = ofpact_get_CONJUNCTION(a);

            conj = xrealloc(conj, (n + 1) * sizeof *conj);
            conj[n].id = c->id;
            conj[n].clause = c->clause;
            conj[n].n_clauses = c->n_clauses;
            n++;
        }
    }
    if (n) {
        cls_rule_set_conjunctions(cr, conj, n);
        free(conj);
    }
}

static struct rule *
rule_create(uint8_t table_id, const struct match *match, int priority,
            const struct ofpact *ofpacts, size_t ofpacts_len)
{
    struct rule *rule = xzalloc(sizeof *rule);

    cls_rule_init(&rule->cr, match, priority);
    rule_set_conjunctions(&rule->cr, ofpacts, ofpacts_len);
    rule->table_id = table_id;
    rule->ofpacts = ofpacts_len ? xmemdup(ofpacts, ofpacts_len) : NULL;
    rule->ofpacts_len = ofpacts_len;
    atomic_init(&rule->ref_cnt, 1);
    ovs_list_init(&rule->expirable);
    pthread_mutex_init(&rule->stats_mutex, NULL);
    rule->created = rule->modified = time_msec();
    return rule;
}

void
rule_ref(struct rule *rule)
{
    if (rule) {
        atomic_fetch_add(&rule->ref_cnt, 1);
    }
}

void
rule_unref(struct rule *rule)
{
    if (rule && atomic_fetch_sub(&rule->ref_cnt, 1) == 1) {
        cls_rule_destroy(&rule->cr);
        pthread_mutex_destroy(&rule->stats_mutex);
        free(rule->ofpacts);
        free(rule);
    }
}

void
rule_credit_stats(struct rule *rule, uint64_t n_packets, uint64_t n_bytes,
                  long long int used)
{
    pthread_mutex_lock(&rule->stats_mutex);
    rule->n_packets += n_packets;
    rule->n_bytes += n_bytes;
    if (used > rule->used) {
        rule->used = used;
    }
    pthread_mutex_unlock(&rule->stats_mutex);
}

/* Inserts 'rule' into its table, replacing (and releasing) a rule with the
 * same match and priority.  Caller holds the write lock. */
/* Takes 'rule' off the expiry list, if it is on it.  Write lock. */
static void
rule_unlist(struct rule *rule)
{
    if (!ovs_list_is_empty(&rule->expirable)) {
        ovs_list_remove(&rule->expirable);
        ovs_list_init(&rule->expirable);
    }
}

static void txn_log_rule(struct ofproto *, struct rule *added,
                         struct rule *removed);

/* Puts 'rule' on the expiry list if it has a timeout.  Write lock. */
static void
rule_list(struct ofproto *ofproto, struct rule *rule)
{
    if (rule->idle_timeout || rule->hard_timeout) {
        ovs_list_push_back(&ofproto->expirable, &rule->expirable);
    }
}

static void
ofproto_insert_rule(struct ofproto *ofproto, struct rule *rule)
{
    struct cls_rule *old = classifier_replace(&ofproto->tables[rule->table_id],
                                              &rule->cr);
    struct rule *old_rule = old ? CONTAINER_OF(old, struct rule, cr) : NULL;

    if (old_rule) {
        rule_unlist(old_rule);
        learn_note_removed(ofproto, old_rule);
    }
    if (ofproto->txn) {
        /* The log keeps 'old_rule' for an undo. */
        txn_log_rule(ofproto, rule, old_rule);
    } else {
        rule_unref(old_rule);
    }
    rule_list(ofproto, rule);
}

static void
ofproto_add_default_flow(struct ofproto *ofproto)
{
    struct ofpbuf ofpacts;
    struct match match;

    ofpbuf_init(&ofpacts, 64);
    ofpact_put_OUTPUT(&ofpacts)->port = OFPP_NORMAL;
    match_init_catchall(&match);
    ofproto_insert_rule(ofproto, rule_create(0, &match, 0, ofpacts.data,
                                             ofpacts.size));
    ofpbuf_uninit(&ofpacts);
}

/* Removes every rule.  Caller holds the write lock. */
static void
ofproto_flush_rules(struct ofproto *ofproto)
{
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        struct rule *rule;

        CLS_FOR_EACH (rule, cr, &ofproto->tables[i]) {
            classifier_remove(&ofproto->tables[i], &rule->cr);
            rule_unlist(rule);
            rule_unref(rule);
        }
    }
}

/* Ports. */

struct ofport *
ofproto_get_port(const struct ofproto *ofproto, ofp_port_t ofp_port)
{
    struct ofport *port;

    HMAP_FOR_EACH_WITH_HASH (port, ofp_node, hash_int(ofp_port, 0),
                             &ofproto->ports) {
        if (port->ofp_port == ofp_port) {
            return port;
        }
    }
    return NULL;
}

struct ofport *
ofproto_get_odp_port(const struct ofproto *ofproto, odp_port_t odp_port)
{
    struct ofport *port;

    HMAP_FOR_EACH_WITH_HASH (port, odp_node, hash_int(odp_port, 0),
                             &ofproto->odp_ports) {
        if (port->odp_port == odp_port) {
            return port;
        }
    }
    return NULL;
}

static struct ofport *
ofproto_get_port_by_name(const struct ofproto *ofproto, const char *name)
{
    struct ofport *port;

    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        if (!strcmp(port->name, name)) {
            return port;
        }
    }
    return NULL;
}

/* Caller holds the write lock. */
static void
ofport_insert(struct ofproto *ofproto, struct netdev *netdev,
              ofp_port_t ofp_port, odp_port_t odp_port)
{
    struct ofport *port = xzalloc(sizeof *port);

    port->netdev = netdev;
    port->name = xstrdup(netdev_get_name(netdev));
    port->ofp_port = ofp_port;
    port->odp_port = odp_port;
    port->change_seq = netdev_get_change_seq(netdev);
    port->carrier = netdev_get_carrier(netdev);
    hmap_insert(&ofproto->ports, &port->ofp_node, hash_int(ofp_port, 0));
    hmap_insert(&ofproto->odp_ports, &port->odp_node, hash_int(odp_port, 0));

    /* A bundle registered before its member port existed. */
    struct ofbundle *b;
    HMAP_FOR_EACH (b, node, &ofproto->bundles) {
        for (size_t i = 0; i < b->n_members; i++) {
            if (b->members[i] == ofp_port) {
                port->bundle = b;
            }
        }
    }
}

/* Caller holds the write lock. */
static void
ofport_remove(struct ofproto *ofproto, struct ofport *port)
{
    hmap_remove(&ofproto->ports, &port->ofp_node);
    hmap_remove(&ofproto->odp_ports, &port->odp_node);
}

static void
ofport_free(struct ofport *port)
{
    netdev_close(port->netdev);
    free(port->name);
    free(port);
}

void
ofproto_changed(struct ofproto *ofproto)
{
    atomic_fetch_add(&ofproto->tables_version, 1);
    udpif_revalidate(ofproto->udpif);
}

/* Switches. */

void
ofproto_init(void)
{
    static bool inited;

    if (!inited) {
        inited = true;
        ofproto_unixctl_init();
    }
}

void
ofproto_enumerate_types(struct sset *types)
{
    dpif_enumerate_types(types);
}

struct ofproto *
ofproto_lookup(const char *name)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH_WITH_HASH (ofproto, node, hash_string(name, 0),
                             &all_ofprotos) {
        if (!strcmp(ofproto->name, name)) {
            return ofproto;
        }
    }
    return NULL;
}

int
ofproto_create(const char *name, const char *datapath_type,
               struct ofproto **ofprotop)
{
    const char *type = datapath_type && datapath_type[0]
                       ? datapath_type : "system";
    struct ofproto *ofproto;
    struct dpif_port dpif_port;
    struct dpif *dpif;
    int error;

    *ofprotop = NULL;
    if (ofproto_lookup(name)) {
        return EEXIST;
    }
    error = dpif_open(name, type, true, &dpif);
    if (error) {
        VLOG_ERR("%s: failed to open datapath of type %s (%s)",
                 name, type, dpif_strerror(error));
        return error;
    }

    ofproto = xzalloc(sizeof *ofproto);
    ofproto->name = xstrdup(name);
    ofproto->type = xstrdup(type);
    ofproto->dpif = dpif;
    /* Prefer the writer: under a flood of upcalls the handlers would
     * otherwise keep the main thread from ever changing anything.  No
     * thread takes the read lock recursively, so this cannot deadlock. */
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(
        &attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&ofproto->rwlock, &attr);
    pthread_rwlockattr_destroy(&attr);
    hmap_init(&ofproto->ports);
    hmap_init(&ofproto->odp_ports);
    hmap_init(&ofproto->bundles);
    ovs_list_init(&ofproto->expirable);
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        classifier_init(&ofproto->tables[i]);
        ofproto->table_max_flows[i] = OFPROTO_MAX_FLOWS_PER_TABLE;
    }
    ofproto->fail_mode = OFPROTO_FAIL_STANDALONE;
    ofproto->ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);
    atomic_init(&ofproto->tables_version, 1);
    ofproto_groups_init(ofproto);
    ofproto_meters_init(ofproto);

    /* The local port. */
    if (!dpif_port_query_by_number(dpif, ODPP_LOCAL, &dpif_port)) {
        struct netdev *netdev = netdev_from_name(dpif_port.name);

        if (netdev) {
            ofport_insert(ofproto, netdev, OFPP_LOCAL, ODPP_LOCAL);
        } else {
            VLOG_WARN("%s: local port %s has no netdev", name,
                      dpif_port.name);
        }
        dpif_port_destroy(&dpif_port);
    }

    ofproto_add_default_flow(ofproto);
    hmap_insert(&all_ofprotos, &ofproto->node, hash_string(name, 0));
    ofproto->udpif = udpif_create(ofproto, dpif, N_HANDLERS);
    ofproto->connmgr = connmgr_create(ofproto, name);
    *ofprotop = ofproto;
    return 0;
}

void
ofproto_destroy(struct ofproto *ofproto)
{
    struct ofbundle *b, *next_b;
    struct ofport *port, *next_port;

    if (!ofproto) {
        return;
    }
    hmap_remove(&all_ofprotos, &ofproto->node);

    /* Stop the threads first: nothing may translate with half a switch.
     * Then flush the datapath's flows once and delete the datapath as a
     * whole: it drops all its ports at once, where deleting a thousand
     * ports one by one would make its forwarding threads reload their
     * queue lists a thousand times. */
    udpif_destroy(ofproto->udpif);
    ofproto->udpif = NULL;
    learn_purge(ofproto);
    /* Only now: the handler threads queue packet-ins into it. */
    connmgr_destroy(ofproto->connmgr);
    ofproto->connmgr = NULL;
    dpif_flow_flush(ofproto->dpif);
    dpif_delete(ofproto->dpif);

    HMAP_FOR_EACH_SAFE (port, next_port, ofp_node, &ofproto->ports) {
        ofport_remove(ofproto, port);
        ofport_free(port);
    }
    HMAP_FOR_EACH_SAFE (b, next_b, node, &ofproto->bundles) {
        hmap_remove(&ofproto->bundles, &b->node);
        free(b->name);
        free(b->members);
        free(b->trunks);
        free(b);
    }
    ofproto_flush_rules(ofproto);
    ofproto_groups_destroy(ofproto);
    ofproto_meters_destroy(ofproto);
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        classifier_destroy(&ofproto->tables[i]);
        free(ofproto->table_name[i]);
    }
    mac_learning_destroy(ofproto->ml);
    dpif_close(ofproto->dpif);
    hmap_destroy(&ofproto->ports);
    hmap_destroy(&ofproto->odp_ports);
    hmap_destroy(&ofproto->bundles);
    pthread_rwlock_destroy(&ofproto->rwlock);
    free(ofproto->name);
    free(ofproto->type);
    free(ofproto);
}

/* A link going up or down changes forwarding without changing any flow's
 * key (NORMAL's flooding, bundle and multipath members, fast failover and
 * select groups): installed megaflows are revalidated, and controllers
 * get a PORT_STATUS (reason modify), as Open vSwitch sends. */
static void
ofproto_check_carriers(struct ofproto *ofproto)
{
    struct ofport *port;
    bool changed = false;

    /* Ports change only in this (the main) thread: no lock to read.  A
     * netdev bumps its change_seq on link and flag changes: reading the
     * carrier (a netlink query for a system device) only then keeps this
     * off the main loop's every pass. */
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        uint64_t seq = netdev_get_change_seq(port->netdev);
        if (seq == port->change_seq) {
            continue;
        }
        port->change_seq = seq;
        bool carrier = netdev_get_carrier(port->netdev);
        if (carrier != port->carrier) {
            port->carrier = carrier;
            changed = true;
            if (ofproto->connmgr) {
                connmgr_port_changed(ofproto->connmgr, port->ofp_port, 2);
            }
        }
    }
    if (changed) {
        ofproto_changed(ofproto);
    }
}

int
ofproto_run(struct ofproto *ofproto)
{
    learn_run();
    if (mac_learning_run(ofproto->ml)) {
        udpif_revalidate(ofproto->udpif);
    }
    if (ofproto->trim_at && time_msec() >= ofproto->trim_at) {
        ofproto->trim_at = 0;
        malloc_trim(0);
    }
    if (time_msec() >= ofproto->next_expiry) {
        ofproto_expire(ofproto);
        ofproto->next_expiry = time_msec() + OFPROTO_EXPIRY_INTERVAL;
    }
    dpif_run(ofproto->dpif);
    ofproto_check_carriers(ofproto);
    connmgr_run(ofproto->connmgr);
    return 0;
}

void
ofproto_wait(struct ofproto *ofproto)
{
    learn_wait();
    poll_timer_wait_until(ofproto->next_expiry);
    if (ofproto->trim_at) {
        poll_timer_wait_until(ofproto->trim_at);
    }
    mac_learning_wait(ofproto->ml);
    dpif_wait(ofproto->dpif);
    connmgr_wait(ofproto->connmgr);
}

void
ofproto_type_run(const char *datapath_type OVS_UNUSED)
{
}

void
ofproto_type_wait(const char *datapath_type OVS_UNUSED)
{
}

const char *
ofproto_get_name(const struct ofproto *ofproto)
{
    return ofproto->name;
}

const char *
ofproto_get_datapath_type(const struct ofproto *ofproto)
{
    return ofproto->type;
}

const char *
ofproto_get_datapath_version(const struct ofproto *ofproto)
{
    return !strcmp(ofproto->type, "netdev") ? "<built-in>" : "<unknown>";
}

void
ofproto_set_datapath_id(struct ofproto *ofproto, uint64_t dpid)
{
    ofproto->dpid = dpid;
}

uint64_t
ofproto_get_datapath_id(const struct ofproto *ofproto)
{
    if (ofproto->dpid) {
        return ofproto->dpid;
    }

    /* Derived from the local port's MAC, as OVS does. */
    struct ofport *local = ofproto_get_port(ofproto, OFPP_LOCAL);
    struct eth_addr mac;
    uint64_t dpid = 0;

    if (local && !netdev_get_etheraddr(local->netdev, mac.ea)) {
        for (int i = 0; i < ETH_ADDR_LEN; i++) {
            dpid = (dpid << 8) | mac.ea[i];
        }
    }
    return dpid;
}

/* Ports. */

int
ofproto_port_add(struct ofproto *ofproto, struct netdev *netdev,
                 ofp_port_t *ofp_portp)
{
    ofp_port_t ofp_port = *ofp_portp;
    odp_port_t odp_port = ODPP_NONE;
    int error;

    if (ofproto_get_port_by_name(ofproto, netdev_get_name(netdev))) {
        return EEXIST;
    }
    if (ofp_port != OFPP_NONE) {
        if (!ofp_port || ofp_port >= OFPP_MAX) {
            return EINVAL;
        }
        if (ofproto_get_port(ofproto, ofp_port)) {
            return EBUSY;
        }
    } else {
        for (ofp_port = 1; ofp_port < OFPP_MAX; ofp_port++) {
            if (!ofproto_get_port(ofproto, ofp_port)) {
                break;
            }
        }
        if (ofp_port >= OFPP_MAX) {
            return EFBIG;
        }
    }

    error = dpif_port_add(ofproto->dpif, netdev, &odp_port);
    if (error) {
        VLOG_WARN("%s: could not add %s as port (%s)", ofproto->name,
                  netdev_get_name(netdev), dpif_strerror(error));
        return error;
    }

    pthread_rwlock_wrlock(&ofproto->rwlock);
    ofport_insert(ofproto, netdev_ref(netdev), ofp_port, odp_port);
    pthread_rwlock_unlock(&ofproto->rwlock);
    ofproto_changed(ofproto);
    *ofp_portp = ofp_port;
    if (ofproto->connmgr) {
        connmgr_port_changed(ofproto->connmgr, ofp_port, 0);
    }
    return 0;
}

int
ofproto_port_del(struct ofproto *ofproto, ofp_port_t ofp_port)
{
    struct ofport *port = ofproto_get_port(ofproto, ofp_port);

    if (!port || ofp_port == OFPP_LOCAL) {
        return ENOENT;
    }
    if (ofproto->connmgr) {
        connmgr_port_changed(ofproto->connmgr, ofp_port, 1);
    }
    pthread_rwlock_wrlock(&ofproto->rwlock);
    ofport_remove(ofproto, port);
    pthread_rwlock_unlock(&ofproto->rwlock);
    ofproto_changed(ofproto);

    int error = dpif_port_del(ofproto->dpif, port->odp_port);
    ofport_free(port);
    return error;
}

uint32_t
ofproto_port_get_config(const struct ofproto *ofproto, ofp_port_t ofp_port)
{
    struct ofport *port = ofproto_get_port(ofproto, ofp_port);
    return port ? port->config : 0;
}

int
ofproto_port_set_config(struct ofproto *ofproto, ofp_port_t ofp_port,
                        uint32_t config, uint32_t mask)
{
    struct ofport *port = ofproto_get_port(ofproto, ofp_port);
    if (!port) {
        return ENOENT;
    }
    uint32_t new = (port->config & ~mask) | (config & mask);
    if (new == port->config) {
        return 0;
    }
    if ((new ^ port->config) & OFPPC_PORT_DOWN) {
        if (new & OFPPC_PORT_DOWN) {
            netdev_turn_flags_off(port->netdev, NETDEV_UP);
        } else {
            netdev_turn_flags_on(port->netdev, NETDEV_UP);
        }
    }
    pthread_rwlock_wrlock(&ofproto->rwlock);
    port->config = new;
    pthread_rwlock_unlock(&ofproto->rwlock);
    ofproto_changed(ofproto);
    return 0;
}

ofp_port_t
ofproto_port_find_by_name(const struct ofproto *ofproto, const char *name)
{
    struct ofport *port = ofproto_get_port_by_name(ofproto, name);
    return port ? port->ofp_port : OFPP_NONE;
}

struct netdev *
ofproto_port_get_netdev(const struct ofproto *ofproto, ofp_port_t ofp_port)
{
    struct ofport *port = ofproto_get_port(ofproto, ofp_port);
    return port ? port->netdev : NULL;
}

int
ofproto_port_get_stats(const struct ofproto *ofproto, ofp_port_t ofp_port,
                       struct netdev_stats *stats)
{
    struct ofport *port = ofproto_get_port(ofproto, ofp_port);
    return port ? netdev_get_stats(port->netdev, stats) : ENOENT;
}

/* Bundles. */

static struct ofbundle *
bundle_lookup(const struct ofproto *ofproto, const void *aux)
{
    struct ofbundle *b;

    HMAP_FOR_EACH_WITH_HASH (b, node, hash_pointer(aux, 0),
                             &ofproto->bundles) {
        if (b->aux == aux) {
            return b;
        }
    }
    return NULL;
}

/* Detaches 'b' from its member ports.  Caller holds the write lock. */
static void
bundle_detach_ports(struct ofproto *ofproto, struct ofbundle *b)
{
    struct ofport *port;

    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        if (port->bundle == b) {
            port->bundle = NULL;
        }
    }
}

int
ofproto_bundle_register(struct ofproto *ofproto, void *aux,
                        const struct ofproto_bundle_settings *s)
{
    struct ofbundle *b;
    bool is_new;

    if (s->vlan_mode == PORT_VLAN_ACCESS && s->vlan > 4095) {
        return EINVAL;
    }

    pthread_rwlock_wrlock(&ofproto->rwlock);
    b = bundle_lookup(ofproto, aux);
    is_new = !b;
    if (is_new) {
        b = xzalloc(sizeof *b);
        b->aux = aux;
        hmap_insert(&ofproto->bundles, &b->node, hash_pointer(aux, 0));
    } else {
        bundle_detach_ports(ofproto, b);
    }

    free(b->name);
    b->name = xstrdup(s->name ? s->name : "");
    free(b->members);
    b->members = xmemdup(s->members, s->n_members * sizeof *s->members);
    b->n_members = s->n_members;
    b->vlan_mode = s->vlan_mode;
    b->vlan = s->vlan;
    free(b->trunks);
    b->trunks = (s->trunks
                 ? xmemdup(s->trunks, 4096 / 8) : NULL);
    b->use_priority_tags = s->use_priority_tags;

    for (size_t i = 0; i < s->n_members; i++) {
        struct ofport *port = ofproto_get_port(ofproto, s->members[i]);
        if (port) {
            if (port->bundle && port->bundle != b) {
                VLOG_WARN("%s: port %s moves from bundle %s to %s",
                          ofproto->name, port->name, port->bundle->name,
                          b->name);
            }
            port->bundle = b;
        }
    }
    pthread_rwlock_unlock(&ofproto->rwlock);

    if (!is_new) {
        /* Its VLAN settings may have changed: what was learned on it may
         * be in the wrong VLAN now. */
        mac_learning_flush_port(ofproto->ml, aux);
    }
    ofproto_changed(ofproto);
    return 0;
}

int
ofproto_bundle_unregister(struct ofproto *ofproto, void *aux)
{
    struct ofbundle *b;

    pthread_rwlock_wrlock(&ofproto->rwlock);
    b = bundle_lookup(ofproto, aux);
    if (b) {
        bundle_detach_ports(ofproto, b);
        hmap_remove(&ofproto->bundles, &b->node);
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    if (!b) {
        return ENOENT;
    }

    mac_learning_flush_port(ofproto->ml, aux);
    ofproto_changed(ofproto);
    free(b->name);
    free(b->members);
    free(b->trunks);
    free(b);
    return 0;
}

/* Behaviour. */

void
ofproto_set_fail_mode(struct ofproto *ofproto, enum ofproto_fail_mode mode)
{
    if (mode == ofproto->fail_mode) {
        return;
    }
    pthread_rwlock_wrlock(&ofproto->rwlock);
    ofproto->fail_mode = mode;
    if (mode == OFPROTO_FAIL_SECURE) {
        /* Secure: only the flows someone programmed.  Remove the default
         * NORMAL flow if that is all there is. */
        struct classifier *t0 = &ofproto->tables[0];
        struct match catchall;
        struct cls_rule *cr;

        match_init_catchall(&catchall);
        cr = classifier_find_rule_exactly(t0, &catchall, 0);
        if (cr && classifier_count(t0) == 1) {
            struct rule *rule = CONTAINER_OF(cr, struct rule, cr);
            classifier_remove(t0, cr);
            rule_unlist(rule);
            rule_unref(rule);
        }
    } else if (classifier_is_empty(&ofproto->tables[0])) {
        ofproto_add_default_flow(ofproto);
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    ofproto_changed(ofproto);
}

void
ofproto_set_mac_table_config(struct ofproto *ofproto, unsigned int idle_time,
                             size_t max_entries)
{
    mac_learning_set_idle_time(ofproto->ml, idle_time);
    mac_learning_set_max_entries(ofproto->ml, max_entries);
}

/* Flows. */

int
ofproto_add_flow_str(struct ofproto *ofproto, const char *flow,
                     char **errorp)
{
    struct ofproto_flow_mod fm;
    struct ofpbuf ofpacts;
    char *error;
    int retval;

    memset(&fm, 0, sizeof fm);
    ofpbuf_init(&ofpacts, 64);
    error = ofp_flow_parse(flow, OFPFC_ADD, &fm.fs, &ofpacts);
    if (error) {
        retval = EINVAL;
        if (errorp) {
            *errorp = error;
        } else {
            free(error);
        }
    } else {
        fm.command = OFPFC_ADD;
        fm.ofpacts = ofpacts.data;
        fm.ofpacts_len = ofpacts.size;
        retval = ofproto_flow_mod(ofproto, &fm, errorp);
        if (retval) {
            retval = EINVAL;
        }
    }
    ofpbuf_uninit(&ofpacts);
    return retval;
}

/* Flow programming. */

const char *
ofproto_fm_error_to_string(enum ofproto_fm_error error)
{
    switch (error) {
    case OFPROTO_FM_OK: return "success";
    case OFPROTO_FM_BAD_COMMAND: return "unknown flow_mod command";
    case OFPROTO_FM_BAD_TABLE_ID: return "bad table id";
    case OFPROTO_FM_OVERLAP: return "flow overlaps an existing flow";
    case OFPROTO_FM_TABLE_FULL: return "flow table full";
    case OFPROTO_FM_BAD_ACTION: return "bad action";
    case OFPROTO_FM_BAD_OUT_PORT: return "bad output port";
    case OFPROTO_FM_UNSUPPORTED: return "unsupported action";
    case OFPROTO_FM_BAD_OUT_GROUP: return "no such group";
    case OFPROTO_FM_BAD_METER: return "no such meter";
    }
    return "unknown error";
}

static int
fm_error(enum ofproto_fm_error error, char **errorp, char *detail)
{
    if (errorp) {
        *errorp = detail ? detail
                  : xstrdup(ofproto_fm_error_to_string(error));
    } else {
        free(detail);
    }
    return error;
}

/* True if 'rule' passes the cookie, out_port and out_group filters of
 * 'fs' (the match and table were checked by the caller). */
static bool
rule_passes_filter(const struct rule *rule, const struct ofp_flow_spec *fs)
{
    if ((rule->cookie ^ fs->cookie) & fs->cookie_mask) {
        return false;
    }
    if (fs->out_port != OFPP_NONE
        && !ofpacts_output_to_port(rule->ofpacts, rule->ofpacts_len,
                                   fs->out_port)) {
        return false;
    }
    if (fs->out_group != UINT32_MAX
        && !ofproto_ofpacts_use_group(rule->ofpacts, rule->ofpacts_len,
                                      fs->out_group)) {
        return false;
    }
    return true;
}

static void
rule_get_stats(struct rule *rule, struct ofproto_flow_stats *fs)
{
    fs->table_id = rule->table_id;
    cls_rule_get_match(&rule->cr, &fs->match);
    fs->priority = rule->cr.priority;
    fs->cookie = rule->cookie;
    fs->idle_timeout = rule->idle_timeout;
    fs->hard_timeout = rule->hard_timeout;
    fs->importance = rule->importance;
    fs->flags = rule->flags;
    fs->created = rule->created;
    pthread_mutex_lock(&rule->stats_mutex);
    fs->modified = rule->modified;
    fs->used = rule->used;
    fs->n_packets = rule->n_packets;
    fs->n_bytes = rule->n_bytes;
    pthread_mutex_unlock(&rule->stats_mutex);
    fs->ofpacts = (rule->ofpacts_len
                   ? xmemdup(rule->ofpacts, rule->ofpacts_len) : NULL);
    fs->ofpacts_len = rule->ofpacts_len;
}

/* Flows removed under the write lock whose FLOW_REMOVED must be sent
 * once the lock is released (the callback may call back into us). */
struct removed_flows {
    struct ofproto_flow_stats *stats;
    enum ofproto_flow_removed_reason *reasons;
    size_t n, allocated;

    /* Every change, for the flow monitors (only while there are some). */
    struct ofproto_flow_change *changes;
    size_t n_changes, allocated_changes;
};

/* Records, for the flow monitors, that 'rule' was added, modified or
 * (with 'reason') deleted.  Write lock. */
static void
record_flow_change(struct ofproto *ofproto, struct removed_flows *removed,
                   struct rule *rule, enum ofproto_flow_event event,
                   enum ofproto_flow_removed_reason reason)
{
    if (!removed || !connmgr_has_flow_monitors(ofproto->connmgr)) {
        return;
    }
    if (removed->n_changes >= removed->allocated_changes) {
        removed->changes = x2nrealloc(removed->changes,
                                      &removed->allocated_changes,
                                      sizeof *removed->changes);
    }
    struct ofproto_flow_change *c = &removed->changes[removed->n_changes++];
    c->event = event;
    c->reason = reason;
    rule_get_stats(rule, &c->flow);
}

/* Forgets the recorded changes (after reporting them, or for an aborted
 * transaction). */
static void
flow_changes_discard(struct removed_flows *removed)
{
    for (size_t i = 0; i < removed->n_changes; i++) {
        free(removed->changes[i].flow.ofpacts);
    }
    free(removed->changes);
    removed->changes = NULL;
    removed->n_changes = removed->allocated_changes = 0;
}

/* Removes 'rule' from its table and releases it.  Caller holds the write
 * lock. */
static void
rule_remove(struct ofproto *ofproto, struct rule *rule,
            enum ofproto_flow_removed_reason reason,
            struct removed_flows *removed)
{
    if (removed && rule->flags & OFPFF_SEND_FLOW_REM
        && ofproto->flow_removed_cb) {
        if (removed->n >= removed->allocated) {
            removed->allocated = removed->allocated * 2 + 4;
            removed->stats = xrealloc(removed->stats, removed->allocated
                                      * sizeof *removed->stats);
            removed->reasons = xrealloc(removed->reasons, removed->allocated
                                        * sizeof *removed->reasons);
        }
        rule_get_stats(rule, &removed->stats[removed->n]);
        removed->reasons[removed->n++] = reason;
    }
    record_flow_change(ofproto, removed, rule, OFPROTO_FLOW_DELETED, reason);
    classifier_remove(&ofproto->tables[rule->table_id], &rule->cr);
    rule_unlist(rule);
    learn_note_removed(ofproto, rule);
    if (ofproto->txn) {
        txn_log_rule(ofproto, NULL, rule);
    } else {
        rule_unref(rule);
    }
}

/* Sends what rule_remove() collected.  Without the lock. */
static void
removed_flows_flush(struct ofproto *ofproto, struct removed_flows *removed)
{
    if (removed->n_changes && ofproto->connmgr) {
        connmgr_flows_changed(ofproto->connmgr, removed->changes,
                              removed->n_changes);
    }
    flow_changes_discard(removed);
    for (size_t i = 0; i < removed->n; i++) {
        if (ofproto->flow_removed_cb) {
            ofproto->flow_removed_cb(ofproto->flow_removed_aux,
                                     &removed->stats[i], removed->reasons[i]);
        }
    }
    ofproto_flow_stats_destroy(removed->stats, removed->n);
    free(removed->reasons);
    memset(removed, 0, sizeof *removed);
}

static bool
has_conjunction(const struct ofpact *ofpacts, size_t ofpacts_len)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (a->type == OFPACT_CONJUNCTION) {
            return true;
        }
    }
    return false;
}

/* Checks that xlate.c can carry out every action in the list, and that
 * output ports are valid port numbers. */
static int
check_ofpacts_supported(const struct ofpact *ofpacts, size_t ofpacts_len,
                        char **errorp)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        const char *why = xlate_ofpact_unsupported(a);

        if (why) {
            return fm_error(OFPROTO_FM_UNSUPPORTED, errorp,
                            xasprintf("%s: %s", ofpact_name(a->type), why));
        }
        if (a->type == OFPACT_OUTPUT) {
            uint16_t port = ofpact_get_OUTPUT(a)->port;

            if (port >= OFPP_MAX && port < OFPP_IN_PORT) {
                return fm_error(OFPROTO_FM_BAD_OUT_PORT, errorp,
                                xasprintf("output to reserved port %#"PRIx16
                                          " is not allowed", port));
            }
        } else if (a->type == OFPACT_CLONE
                   || a->type == OFPACT_WRITE_ACTIONS) {
            size_t len;
            const struct ofpact *nested
                = ofpact_nest_get_actions((const struct ofpact_nest *) a,
                                          &len);
            int error = check_ofpacts_supported(nested, len, errorp);

            if (error) {
                return error;
            }
            if (a->type == OFPACT_WRITE_ACTIONS
                && has_conjunction(nested, len)) {
                /* As Open vSwitch: no action set holds one. */
                return fm_error(OFPROTO_FM_UNSUPPORTED, errorp,
                                xstrdup("conjunction is not allowed in an "
                                        "action set"));
            }
        }
    }
    return 0;
}

static struct rule *
rule_create_from_fm(const struct ofproto_flow_mod *fm, uint8_t table_id)
{
    const struct ofp_flow_spec *fs = &fm->fs;
    struct rule *rule = rule_create(table_id, &fs->match, fs->priority,
                                    fm->ofpacts, fm->ofpacts_len);

    rule->cookie = fs->cookie;
    rule->idle_timeout = fs->idle_timeout;
    rule->hard_timeout = fs->hard_timeout;
    rule->importance = fs->importance;
    rule->flags = fs->flags;
    return rule;
}

/* The flow of table TABLE_ID to evict for a new one: among those with a
 * timeout, the lowest importance, then the soonest to expire; NULL if
 * none has a timeout. */
static struct rule *
choose_eviction(struct ofproto *ofproto, uint8_t table_id)
{
    struct rule *best = NULL, *rule;
    long long int best_expiry = 0;

    LIST_FOR_EACH (rule, expirable, &ofproto->expirable) {
        if (rule->table_id != table_id) {
            continue;
        }
        long long int expiry = LLONG_MAX;
        pthread_mutex_lock(&rule->stats_mutex);
        long long int used = MAX(rule->used, rule->created);
        long long int modified = rule->modified;
        pthread_mutex_unlock(&rule->stats_mutex);
        if (rule->hard_timeout) {
            expiry = modified + rule->hard_timeout * 1000LL;
        }
        if (rule->idle_timeout) {
            expiry = MIN(expiry, used + rule->idle_timeout * 1000LL);
        }
        if (!best || rule->importance < best->importance
            || (rule->importance == best->importance
                && expiry < best_expiry)) {
            best = rule;
            best_expiry = expiry;
        }
    }
    return best;
}

static int
flow_mod_add(struct ofproto *ofproto, const struct ofproto_flow_mod *fm,
             uint8_t table_id, struct removed_flows *removed, char **errorp)
{
    struct classifier *cls = &ofproto->tables[table_id];
    struct rule *rule = rule_create_from_fm(fm, table_id);
    struct cls_rule *old;

    if (fm->fs.flags & OFPFF_CHECK_OVERLAP
        && classifier_rule_overlaps(cls, &rule->cr)) {
        rule_unref(rule);
        return fm_error(OFPROTO_FM_OVERLAP, errorp, NULL);
    }
    struct match match;
    cls_rule_get_match(&rule->cr, &match);
    old = classifier_find_rule_exactly(cls, &match, rule->cr.priority);
    if (old) {
        struct rule *old_rule = CONTAINER_OF(old, struct rule, cr);

        /* Replacing an identical flow keeps its counters unless asked
         * not to (OpenFlow 1.3 OFPFF_RESET_COUNTS), as OVS does. */
        if (!(fm->fs.flags & OFPFF_RESET_COUNTS)) {
            pthread_mutex_lock(&old_rule->stats_mutex);
            rule->n_packets = old_rule->n_packets;
            rule->n_bytes = old_rule->n_bytes;
            rule->used = old_rule->used;
            pthread_mutex_unlock(&old_rule->stats_mutex);
        }
    } else if (classifier_count(cls) >= ofproto->table_max_flows[table_id]) {
        struct rule *victim = (ofproto->table_evict[table_id]
                               ? choose_eviction(ofproto, table_id) : NULL);
        if (!victim) {
            rule_unref(rule);
            return fm_error(OFPROTO_FM_TABLE_FULL, errorp, NULL);
        }
        COVERAGE_INC(ofproto_evict);
        rule_remove(ofproto, victim, OFPROTO_FR_EVICTION, removed);
    }
    ofproto_insert_rule(ofproto, rule);
    /* A replacement is reported as an addition, as Open vSwitch does. */
    record_flow_change(ofproto, removed, rule, OFPROTO_FLOW_ADDED, 0);
    return 0;
}

/* Modify: replaces the actions (and, with reset_counts, the counters) of
 * every selected rule; the match, priority and timeouts stay, and so does
 * the cookie unless 'fm->modify_sets_cookie'. */
static int
flow_mod_modify(struct ofproto *ofproto, const struct ofproto_flow_mod *fm,
                bool strict, struct removed_flows *removed, char **errorp)
{
    const struct ofp_flow_spec *fs = &fm->fs;
    size_t n_modified = 0;
    int first = fs->table_id == 0xff ? 0 : fs->table_id;
    int last = fs->table_id == 0xff ? OFPROTO_N_TABLES - 1 : fs->table_id;

    for (int t = first; t <= last; t++) {
        struct rule *rule;

        CLS_FOR_EACH_TARGET (rule, cr, &ofproto->tables[t], &fs->match,
                             strict, fs->priority) {
            struct ofp_flow_spec no_port = *fs;

            /* out_port and out_group are not filters for modifies. */
            no_port.out_port = OFPP_NONE;
            no_port.out_group = UINT32_MAX;
            if (!rule_passes_filter(rule, &no_port)) {
                continue;
            }

            struct match match;
            cls_rule_get_match(&rule->cr, &match);
            struct rule *new = rule_create(t, &match,
                                           rule->cr.priority, fm->ofpacts,
                                           fm->ofpacts_len);
            new->cookie = (fm->modify_sets_cookie ? fm->new_cookie
                           : rule->cookie);
            new->idle_timeout = rule->idle_timeout;
            new->hard_timeout = rule->hard_timeout;
            new->importance = rule->importance;
            new->flags = rule->flags;
            new->created = rule->created;
            if (!(fs->flags & OFPFF_RESET_COUNTS)) {
                pthread_mutex_lock(&rule->stats_mutex);
                new->n_packets = rule->n_packets;
                new->n_bytes = rule->n_bytes;
                new->used = rule->used;
                pthread_mutex_unlock(&rule->stats_mutex);
            }
            ofproto_insert_rule(ofproto, new);
            record_flow_change(ofproto, removed, new, OFPROTO_FLOW_MODIFIED,
                               0);
            n_modified++;
        }
    }
    if (!n_modified && fm->modify_may_add && fs->table_id != 0xff) {
        return flow_mod_add(ofproto, fm, fs->table_id, removed, errorp);
    } else if (!n_modified && fm->modify_may_add) {
        return flow_mod_add(ofproto, fm, 0, removed, errorp);
    }
    return 0;
}

static size_t
flow_mod_delete(struct ofproto *ofproto, const struct ofp_flow_spec *fs,
                bool strict, struct removed_flows *removed)
{
    size_t n = 0;

    int first = fs->table_id == 0xff ? 0 : fs->table_id;
    int last = fs->table_id == 0xff ? OFPROTO_N_TABLES - 1 : fs->table_id;

    for (int t = first; t <= last; t++) {
        struct rule *rule;

        CLS_FOR_EACH_TARGET (rule, cr, &ofproto->tables[t], &fs->match,
                             strict, fs->priority) {
            if (rule_passes_filter(rule, fs)) {
                rule_remove(ofproto, rule, OFPROTO_FR_DELETE, removed);
                n++;
            }
        }
    }
    return n;
}

static struct removed_flows *txn_removed(struct ofproto *);

int
ofproto_flow_mod(struct ofproto *ofproto, const struct ofproto_flow_mod *fm,
                 char **errorp)
{
    const struct ofp_flow_spec *fs = &fm->fs;
    struct removed_flows removed = { .stats = NULL };
    bool is_delete = (fm->command == OFPFC_DELETE
                      || fm->command == OFPFC_DELETE_STRICT);
    int error;

    if (errorp) {
        *errorp = NULL;
    }
    if (fm->command < OFPFC_ADD || fm->command > OFPFC_DELETE_STRICT) {
        return fm_error(OFPROTO_FM_BAD_COMMAND, errorp, NULL);
    }
    /* Tables 0...254 exist; 0xff is "all" (table 0 for an add). */
    _Static_assert(OFPROTO_N_TABLES == 0xff, "table 0xff means all");
    if (!is_delete) {
        uint8_t check_table = fs->table_id == 0xff ? 0 : fs->table_id;
        char *msg = ofpacts_check(fm->ofpacts, fm->ofpacts_len, &fs->match,
                                  check_table);

        if (msg) {
            return fm_error(OFPROTO_FM_BAD_ACTION, errorp, msg);
        }
        error = check_ofpacts_supported(fm->ofpacts, fm->ofpacts_len,
                                        errorp);
        if (error) {
            return error;
        }

        uint32_t missing;
        if (ofproto_group_check_ofpacts(ofproto, fm->ofpacts,
                                        fm->ofpacts_len, &missing)) {
            return fm_error(OFPROTO_FM_BAD_OUT_GROUP, errorp,
                            xasprintf("group %"PRIu32" does not exist",
                                      missing));
        }
        if (ofproto_meter_check_ofpacts(ofproto, fm->ofpacts,
                                        fm->ofpacts_len, &missing)) {
            return fm_error(OFPROTO_FM_BAD_METER, errorp,
                            xasprintf("meter %"PRIu32" does not exist",
                                      missing));
        }
    }

    /* In a transaction the lock is held already, and the FLOW_REMOVED
     * messages wait for the commit. */
    struct removed_flows *rf = ofproto->txn ? txn_removed(ofproto) : &removed;
    if (!ofproto->txn) {
        pthread_rwlock_wrlock(&ofproto->rwlock);
    }
    switch (fm->command) {
    case OFPFC_ADD:
        error = flow_mod_add(ofproto, fm,
                             fs->table_id == 0xff ? 0 : fs->table_id,
                             rf, errorp);
        break;
    case OFPFC_MODIFY:
    case OFPFC_MODIFY_STRICT:
        error = flow_mod_modify(ofproto, fm,
                                fm->command == OFPFC_MODIFY_STRICT,
                                rf, errorp);
        break;
    default:
        if (flow_mod_delete(ofproto, fs, fm->command == OFPFC_DELETE_STRICT,
                            rf) >= OFPROTO_TRIM_AFTER_DELETES) {
            /* Give the memory back once the megaflows that still hold
             * the rules have been revalidated. */
            ofproto->trim_at = time_msec() + 1000;
        }
        error = 0;
        break;
    }
    learn_delete_pending(ofproto, rf);
    if (ofproto->txn) {
        return error;
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    removed_flows_flush(ofproto, &removed);
    if (!error) {
        ofproto_changed(ofproto);
    }
    return error;
}

/* The learn action.
 *
 * Translation (handler threads, the revalidator) builds learned flows but
 * never touches the tables: only the main thread changes them.  A handler
 * queues what a packet learned (ofproto_learn_submit()) and wakes the main
 * thread, which adds the flow, or refreshes it if it is there: the
 * packet that learned was translated against the tables as they were, as
 * if the flow had been added just after it.  The revalidator queues the
 * flows of every megaflow that saw packets since its last pass, which
 * keeps them alive (and puts back one that expired) while the megaflow's
 * traffic goes on: those packets never reach userspace to run the learn
 * action themselves.
 *
 * A queued flow whose learning rule is no longer in its table is dropped:
 * the learn action that built it is gone (delete_learned may just have
 * removed what it learned). */
struct learn_request {
    struct ovs_list node;
    struct ofproto *ofproto;
    struct xlate_learned lf;    /* Holds the learner's reference and owns
                                 * the actions. */
    long long int used;
};

static pthread_mutex_t learn_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct ovs_list learn_queue = OVS_LIST_INITIALIZER(&learn_queue);
static struct latch learn_latch;
static pthread_once_t learn_once = PTHREAD_ONCE_INIT;

static void
learn_init(void)
{
    latch_init(&learn_latch);
}

void
ofproto_learn_submit(struct ofproto *ofproto,
                     const struct xlate_learned *learned, size_t n,
                     long long int used)
{
    struct ovs_list new = OVS_LIST_INITIALIZER(&new);

    if (!n) {
        return;
    }
    pthread_once(&learn_once, learn_init);
    for (size_t i = 0; i < n; i++) {
        struct learn_request *r = xmalloc(sizeof *r);

        r->ofproto = ofproto;
        r->lf = learned[i];
        rule_ref(r->lf.learner);
        r->lf.ofpacts = (learned[i].ofpacts_len
                         ? xmemdup(learned[i].ofpacts,
                                   learned[i].ofpacts_len) : NULL);
        r->used = used;
        ovs_list_push_back(&new, &r->node);
    }
    pthread_mutex_lock(&learn_mutex);
    ovs_list_splice_back(&learn_queue, &new);
    pthread_mutex_unlock(&learn_mutex);
    latch_set(&learn_latch);
}

static void
learn_request_destroy(struct learn_request *r)
{
    rule_unref(r->lf.learner);
    free(r->lf.ofpacts);
    free(r);
}

/* True if 'rule' is (still) in its table.  Write or read lock. */
static bool
rule_is_installed(struct ofproto *ofproto, const struct rule *rule)
{
    struct match match;

    cls_rule_get_match(&rule->cr, &match);
    return (classifier_find_rule_exactly(&ofproto->tables[rule->table_id],
                                         &match, rule->cr.priority)
            == &rule->cr);
}

static size_t
count_cookie(struct ofproto *ofproto, uint8_t table_id, ovs_be64 cookie)
{
    struct rule *rule;
    size_t n = 0;

    CLS_FOR_EACH (rule, cr, &ofproto->tables[table_id]) {
        n += rule->cookie == cookie;
    }
    return n;
}

/* Handles 'r' if that needs no change to the tables: a learner that is
 * gone (drop it), or a flow that is there already as 'r' would add it
 * (restart its idle clock).  Returns true if it did.  Read or write
 * lock: the usual case, refreshes, takes only the read lock, so that the
 * handlers go on translating meanwhile. */
static bool
learn_try_refresh(struct ofproto *ofproto, const struct learn_request *r)
{
    const struct xlate_learned *lf = &r->lf;
    const struct ofp_flow_spec *fs = &lf->fs;

    if (lf->learner && !rule_is_installed(ofproto, lf->learner)) {
        COVERAGE_INC(ofproto_learn_stale);
        return true;
    }
    const struct cls_rule *cr = classifier_find_rule_exactly(
        &ofproto->tables[fs->table_id], &fs->match, fs->priority);
    if (cr) {
        struct rule *old = CONTAINER_OF(cr, struct rule, cr);

        if (old->cookie == fs->cookie
            && old->idle_timeout == fs->idle_timeout
            && old->hard_timeout == fs->hard_timeout
            && old->flags == fs->flags
            && ofpacts_equal(old->ofpacts, old->ofpacts_len,
                             lf->ofpacts, lf->ofpacts_len)) {
            /* Re-learning restarts the hard timeout too (Open vSwitch
             * does the same): a learned flow with a hard timeout lives
             * while packets keep teaching it. */
            rule_credit_stats(old, 0, 0, r->used);
            pthread_mutex_lock(&old->stats_mutex);
            old->modified = MAX(old->modified, r->used);
            pthread_mutex_unlock(&old->stats_mutex);
            return true;
        }
    }
    return false;
}

/* Adds or refreshes one learned flow.  Write lock.  Returns true if the
 * tables changed. */
static bool
learn_apply(struct ofproto *ofproto, const struct learn_request *r,
            struct removed_flows *removed)
{
    const struct xlate_learned *lf = &r->lf;
    const struct ofp_flow_spec *fs = &lf->fs;
    struct classifier *cls = &ofproto->tables[fs->table_id];

    if (learn_try_refresh(ofproto, r)) {
        return false;
    }
    const struct cls_rule *cr = classifier_find_rule_exactly(cls, &fs->match,
                                                             fs->priority);
    if (cr) {
        struct rule *old = CONTAINER_OF(cr, struct rule, cr);

        /* A modify: the new actions and settings, the old counters and
         * age, as "mod-flows --strict" would leave them. */
        struct rule *new = rule_create(fs->table_id, &fs->match,
                                       fs->priority, lf->ofpacts,
                                       lf->ofpacts_len);
        new->cookie = fs->cookie;
        new->idle_timeout = fs->idle_timeout;
        new->hard_timeout = fs->hard_timeout;
        new->flags = fs->flags;
        new->created = old->created;
        pthread_mutex_lock(&old->stats_mutex);
        new->n_packets = old->n_packets;
        new->n_bytes = old->n_bytes;
        new->used = MAX(old->used, r->used);
        pthread_mutex_unlock(&old->stats_mutex);
        ofproto_insert_rule(ofproto, new);
        record_flow_change(ofproto, removed, new, OFPROTO_FLOW_MODIFIED, 0);
        return true;
    }

    if (lf->limit && count_cookie(ofproto, fs->table_id, fs->cookie)
                     >= lf->limit) {
        /* Another packet learned up to the limit meanwhile. */
        COVERAGE_INC(ofproto_learn_limit);
        return false;
    }
    struct ofproto_flow_mod fm;
    memset(&fm, 0, sizeof fm);
    fm.command = OFPFC_ADD;
    fm.fs = *fs;
    fm.ofpacts = lf->ofpacts;
    fm.ofpacts_len = lf->ofpacts_len;
    char *error = NULL;
    if (flow_mod_add(ofproto, &fm, fs->table_id, removed, &error)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "%s: learn could not add a flow to table %"PRIu8
                     " (%s)", ofproto->name, fs->table_id, error);
        free(error);
        return false;
    }
    COVERAGE_INC(ofproto_learn_add);
    return true;
}

/* Applies the queued learned flows of every switch.  Main thread. */
static void
learn_run(void)
{
    struct ovs_list queue = OVS_LIST_INITIALIZER(&queue);

    pthread_once(&learn_once, learn_init);
    if (!latch_poll(&learn_latch)) {
        return;
    }
    pthread_mutex_lock(&learn_mutex);
    ovs_list_splice_back(&queue, &learn_queue);
    pthread_mutex_unlock(&learn_mutex);

    while (!ovs_list_is_empty(&queue)) {
        struct learn_request *first = CONTAINER_OF(ovs_list_front(&queue),
                                                   struct learn_request,
                                                   node);
        struct ofproto *ofproto = first->ofproto;
        struct removed_flows removed = { .stats = NULL };
        struct learn_request *r, *next;
        bool changed = false, more = false;

        /* Refreshes first, under the read lock; then, if anything is
         * left, one write lock and one revalidation per switch. */
        pthread_rwlock_rdlock(&ofproto->rwlock);
        LIST_FOR_EACH_SAFE (r, next, node, &queue) {
            if (r->ofproto != ofproto) {
                continue;
            }
            if (learn_try_refresh(ofproto, r)) {
                ovs_list_remove(&r->node);
                learn_request_destroy(r);
            } else {
                more = true;
            }
        }
        pthread_rwlock_unlock(&ofproto->rwlock);
        if (!more) {
            continue;
        }

        pthread_rwlock_wrlock(&ofproto->rwlock);
        LIST_FOR_EACH_SAFE (r, next, node, &queue) {
            if (r->ofproto == ofproto) {
                changed |= learn_apply(ofproto, r, &removed);
                ovs_list_remove(&r->node);
                learn_request_destroy(r);
            }
        }
        learn_delete_pending(ofproto, &removed);
        pthread_rwlock_unlock(&ofproto->rwlock);
        removed_flows_flush(ofproto, &removed);
        if (changed) {
            ofproto_changed(ofproto);
        }
    }
}

static void
learn_wait(void)
{
    pthread_once(&learn_once, learn_init);
    latch_wait(&learn_latch);
}

/* Drops the queued flows of a switch that goes away.  Main thread, after
 * its handler and revalidator threads have stopped. */
static void
learn_purge(struct ofproto *ofproto)
{
    struct learn_request *r, *next;

    pthread_mutex_lock(&learn_mutex);
    LIST_FOR_EACH_SAFE (r, next, node, &learn_queue) {
        if (r->ofproto == ofproto) {
            ovs_list_remove(&r->node);
            learn_request_destroy(r);
        }
    }
    pthread_mutex_unlock(&learn_mutex);

    size_t j = 0;
    for (size_t i = 0; i < n_learn_owners; i++) {
        if (learn_owners[i].ofproto != ofproto) {
            learn_owners[j++] = learn_owners[i];
        }
    }
    n_learn_owners = j;
}

/* delete_learned.  rule_remove() notes here the (table, cookie) of each
 * learn action with delete_learned in a removed rule; once the caller is
 * done walking its table or list, learn_delete_pending() deletes the
 * flows of that table with that cookie unless another rule still has
 * such a learn action.  Main thread, under the write lock. */
static bool
learner_exists(struct ofproto *ofproto, const struct learn_owner *o)
{
    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        struct rule *rule;

        CLS_FOR_EACH (rule, cr, &ofproto->tables[t]) {
            const struct ofpact *a;

            OFPACT_FOR_EACH (a, rule->ofpacts, rule->ofpacts_len) {
                if (a->type == OFPACT_LEARN) {
                    const struct ofpact_learn *l = ofpact_get_LEARN(a);

                    if (l->flags & NX_LEARN_F_DELETE_LEARNED
                        && l->table_id == o->table_id
                        && l->cookie == o->cookie) {
                        return true;
                    }
                }
            }
        }
    }
    return false;
}

static void
learn_note_removed(struct ofproto *ofproto, const struct rule *rule)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, rule->ofpacts, rule->ofpacts_len) {
        if (a->type == OFPACT_LEARN
            && ofpact_get_LEARN(a)->flags & NX_LEARN_F_DELETE_LEARNED) {
            const struct ofpact_learn *l = ofpact_get_LEARN(a);

            if (n_learn_owners >= allocated_learn_owners) {
                learn_owners = x2nrealloc(learn_owners,
                                          &allocated_learn_owners,
                                          sizeof *learn_owners);
            }
            learn_owners[n_learn_owners++] = (struct learn_owner) {
                ofproto, l->table_id, l->cookie };
        }
    }
}

static void
learn_delete_pending(struct ofproto *ofproto, struct removed_flows *removed)
{
    size_t i = 0;

    while (i < n_learn_owners) {
        struct learn_owner o = learn_owners[i];

        if (o.ofproto != ofproto) {
            i++;
            continue;
        }
        learn_owners[i] = learn_owners[--n_learn_owners];
        if (learner_exists(ofproto, &o)) {
            continue;
        }

        /* Collected first: removing while walking the table is not safe.
         * Removing them may note more owners (rules that learn), which
         * this loop then handles too. */
        struct rule **victims = NULL, *rule;
        size_t n = 0, allocated = 0;
        CLS_FOR_EACH (rule, cr, &ofproto->tables[o.table_id]) {
            if (rule->cookie == o.cookie) {
                if (n >= allocated) {
                    victims = x2nrealloc(victims, &allocated,
                                         sizeof *victims);
                }
                victims[n++] = rule;
            }
        }
        for (size_t k = 0; k < n; k++) {
            rule_remove(ofproto, victims[k], OFPROTO_FR_DELETE, removed);
        }
        free(victims);
        i = 0;
    }
}

/* Transactions (see ofproto.h).
 *
 * The undo log lists, in order, every change made to the flow tables and
 * the group table: a rule or group that went in ('added') and the one it
 * pushed out ('removed'), either of which may be NULL.  The log holds the
 * table's former reference to each 'removed', so undoing is putting the
 * 'removed' back in reverse order; committing is dropping those
 * references. */
struct txn_entry {
    bool is_group;
    void *added, *removed;      /* struct rule or struct group. */
};

struct ofproto_txn {
    struct txn_entry *log;
    size_t n, allocated;
    struct removed_flows removed;   /* FLOW_REMOVED to send on commit. */
};

static struct removed_flows *
txn_removed(struct ofproto *ofproto)
{
    return &ofproto->txn->removed;
}

static void
txn_log(struct ofproto *ofproto, bool is_group, void *added, void *removed)
{
    struct ofproto_txn *txn = ofproto->txn;

    if (txn->n >= txn->allocated) {
        txn->log = x2nrealloc(txn->log, &txn->allocated, sizeof *txn->log);
    }
    txn->log[txn->n++] = (struct txn_entry) { is_group, added, removed };
}

static void
txn_log_rule(struct ofproto *ofproto, struct rule *added,
             struct rule *removed)
{
    txn_log(ofproto, false, added, removed);
}

void
ofproto_txn_log_group(struct ofproto *ofproto, struct group *added,
                      struct group *removed)
{
    txn_log(ofproto, true, added, removed);
}

void
ofproto_txn_begin(struct ofproto *ofproto)
{
    ovs_assert(!ofproto->txn);
    pthread_rwlock_wrlock(&ofproto->rwlock);
    ofproto->txn = xzalloc(sizeof *ofproto->txn);
}

static void
txn_destroy(struct ofproto *ofproto)
{
    free(ofproto->txn->log);
    free(ofproto->txn);
    ofproto->txn = NULL;
}

void
ofproto_txn_commit(struct ofproto *ofproto)
{
    struct ofproto_txn *txn = ofproto->txn;
    bool changed = txn->n > 0;

    for (size_t i = 0; i < txn->n; i++) {
        struct txn_entry *e = &txn->log[i];

        if (e->is_group) {
            group_unref(e->removed);
        } else {
            rule_unref(e->removed);
        }
    }
    struct removed_flows removed = txn->removed;
    txn_destroy(ofproto);
    pthread_rwlock_unlock(&ofproto->rwlock);
    removed_flows_flush(ofproto, &removed);
    if (changed) {
        ofproto_changed(ofproto);
    }
}

void
ofproto_txn_abort(struct ofproto *ofproto)
{
    struct ofproto_txn *txn = ofproto->txn;

    for (size_t i = txn->n; i-- > 0; ) {
        struct txn_entry *e = &txn->log[i];

        if (e->is_group) {
            ofproto_group_swap_locked(ofproto, e->removed, e->added);
            group_unref(e->added);
            continue;
        }
        struct rule *added = e->added, *removed = e->removed;
        if (added) {
            classifier_remove(&ofproto->tables[added->table_id],
                              &added->cr);
            rule_unlist(added);
            rule_unref(added);
        }
        if (removed) {
            struct cls_rule *displaced
                = classifier_replace(&ofproto->tables[removed->table_id],
                                     &removed->cr);

            /* Undoing in reverse order frees the slot first. */
            ovs_assert(!displaced);
            rule_list(ofproto, removed);
        }
    }
    ofproto_flow_stats_destroy(txn->removed.stats, txn->removed.n);
    free(txn->removed.reasons);
    flow_changes_discard(&txn->removed);
    txn_destroy(ofproto);
    pthread_rwlock_unlock(&ofproto->rwlock);
}

void
ofproto_collect_flows(struct ofproto *ofproto,
                      const struct ofp_flow_spec *fs, bool strict,
                      struct ofproto_flow_stats **statsp, size_t *n)
{
    struct ofproto_flow_stats *stats = NULL;
    size_t allocated = 0;
    int first = fs->table_id == 0xff ? 0 : fs->table_id;
    int last = fs->table_id == 0xff ? OFPROTO_N_TABLES - 1 : fs->table_id;

    *n = 0;
    pthread_rwlock_rdlock(&ofproto->rwlock);
    for (int t = first; t <= last && t < OFPROTO_N_TABLES; t++) {
        struct rule *rule;

        CLS_FOR_EACH_TARGET (rule, cr, &ofproto->tables[t], &fs->match,
                             strict, fs->priority) {
            if (!rule_passes_filter(rule, fs)) {
                continue;
            }
            if (*n >= allocated) {
                allocated = allocated * 2 + 8;
                stats = xrealloc(stats, allocated * sizeof *stats);
            }
            rule_get_stats(rule, &stats[(*n)++]);
        }
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    *statsp = stats;
}

void
ofproto_flow_stats_destroy(struct ofproto_flow_stats *stats, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(stats[i].ofpacts);
    }
    free(stats);
}

void
ofproto_table_set_miss(struct ofproto *ofproto, uint8_t table_id,
                       enum ofproto_table_miss miss)
{
    pthread_rwlock_wrlock(&ofproto->rwlock);
    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        if (table_id == 0xff || t == table_id) {
            ofproto->table_miss[t] = miss;
        }
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    ofproto_changed(ofproto);
}

void
ofproto_set_table_config(struct ofproto *ofproto, uint8_t table_id,
                         const struct ofproto_table_config *c)
{
    if (table_id >= OFPROTO_N_TABLES) {
        return;
    }
    /* Called for every table on each reconfiguration: take the write lock
     * (which stalls the handlers) only for a change.  The main thread is
     * the only writer, so reading without the lock is safe here. */
    const char *old = ofproto->table_name[table_id];
    unsigned int max_flows = MIN(c->max_flows, OFPROTO_MAX_FLOWS_PER_TABLE);
    if (ofproto->table_max_flows[table_id] == max_flows
        && ofproto->table_evict[table_id] == c->evict
        && (old && c->name ? !strcmp(old, c->name) : old == c->name)) {
        return;
    }
    pthread_rwlock_wrlock(&ofproto->rwlock);
    free(ofproto->table_name[table_id]);
    ofproto->table_name[table_id] = c->name ? xstrdup(c->name) : NULL;
    ofproto->table_max_flows[table_id] = max_flows;
    ofproto->table_evict[table_id] = c->evict;
    pthread_rwlock_unlock(&ofproto->rwlock);
}

bool
ofproto_get_table_name(struct ofproto *ofproto, uint8_t table_id,
                       char *name, size_t size)
{
    pthread_rwlock_rdlock(&ofproto->rwlock);
    const char *s = (table_id < OFPROTO_N_TABLES
                     ? ofproto->table_name[table_id] : NULL);
    if (s) {
        snprintf(name, size, "%s", s);
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    return s != NULL;
}

enum ofproto_table_miss
ofproto_table_get_miss(struct ofproto *ofproto, uint8_t table_id)
{
    return table_id < OFPROTO_N_TABLES ? ofproto->table_miss[table_id] : 0;
}

size_t
ofproto_table_n_flows(struct ofproto *ofproto, uint8_t table_id)
{
    size_t n;

    if (table_id >= OFPROTO_N_TABLES) {
        return 0;
    }
    pthread_rwlock_rdlock(&ofproto->rwlock);
    n = classifier_count(&ofproto->tables[table_id]);
    pthread_rwlock_unlock(&ofproto->rwlock);
    return n;
}

void
ofproto_set_flow_removed_cb(struct ofproto *ofproto,
                            ofproto_flow_removed_cb *cb, void *aux)
{
    ofproto->flow_removed_cb = cb;
    ofproto->flow_removed_aux = aux;
}

/* Removes the flows whose idle or hard timeout has passed.  The idle
 * clock is the rule's last use as the revalidator reports it, so a flow
 * in use stays as long as its megaflows see packets. */
static void
ofproto_expire(struct ofproto *ofproto)
{
    struct removed_flows removed = { .stats = NULL };
    long long int now = time_msec();
    bool changed = false;
    struct rule *rule, *next;

    /* The list changes only in this (the main) thread. */
    if (ovs_list_is_empty(&ofproto->expirable)) {
        return;
    }
    pthread_rwlock_wrlock(&ofproto->rwlock);
    LIST_FOR_EACH_SAFE (rule, next, expirable, &ofproto->expirable) {
        long long int used;

        pthread_mutex_lock(&rule->stats_mutex);
        used = MAX(rule->used, rule->created);
        long long int modified = rule->modified;
        pthread_mutex_unlock(&rule->stats_mutex);
        if (rule->hard_timeout
            && now >= modified + rule->hard_timeout * 1000LL) {
            rule_remove(ofproto, rule, OFPROTO_FR_HARD_TIMEOUT, &removed);
            changed = true;
        } else if (rule->idle_timeout
                   && now >= used + rule->idle_timeout * 1000LL) {
            rule_remove(ofproto, rule, OFPROTO_FR_IDLE_TIMEOUT, &removed);
            changed = true;
        }
    }
    learn_delete_pending(ofproto, &removed);
    pthread_rwlock_unlock(&ofproto->rwlock);
    removed_flows_flush(ofproto, &removed);
    if (changed) {
        ofproto_changed(ofproto);
    }
}

void
ofproto_rules_format(struct ofproto *ofproto, struct ds *s)
{
    pthread_rwlock_rdlock(&ofproto->rwlock);
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        struct rule *rule;

        CLS_FOR_EACH (rule, cr, &ofproto->tables[i]) {
            uint64_t n_packets, n_bytes;

            pthread_mutex_lock(&rule->stats_mutex);
            n_packets = rule->n_packets;
            n_bytes = rule->n_bytes;
            pthread_mutex_unlock(&rule->stats_mutex);
            /* The format of OVS's bridge/dump-flows. */
            if (i) {
                ds_put_format(s, "table_id=%d, ", i);
            }
            ds_put_format(s, "duration=%llds, n_packets=%"PRIu64", "
                          "n_bytes=%"PRIu64", ",
                          (time_msec() - rule->created) / 1000,
                          n_packets, n_bytes);
            size_t len = s->length;
            cls_rule_format(&rule->cr, s);
            if (s->length > len) {
                ds_put_char(s, ',');
            }
            ds_put_cstr(s, "actions=");
            ofpacts_format(rule->ofpacts, rule->ofpacts_len, s);
            ds_put_char(s, '\n');
        }
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
}

int
ofproto_del_flows(struct ofproto *ofproto)
{
    pthread_rwlock_wrlock(&ofproto->rwlock);
    ofproto_flush_rules(ofproto);
    pthread_rwlock_unlock(&ofproto->rwlock);
    ofproto_changed(ofproto);
    return 0;
}

/* Additions for tests and the bridge. */

/* Waits until the revalidator has finished a pass that started after the
 * call, so that the datapath's flows reflect every change made before. */
void
ofproto_revalidate_sync(struct ofproto *ofproto)
{
    udpif_wait_for_revalidation(ofproto->udpif);
}

uint64_t
ofproto_n_upcalls_handled(const struct ofproto *ofproto)
{
    return udpif_n_handled(ofproto->udpif);
}

void
ofproto_set_max_idle(struct ofproto *ofproto, unsigned int max_idle_ms)
{
    udpif_set_max_idle(ofproto->udpif, max_idle_ms);
}

/* ovs-appctl commands. */

static struct ofproto *
find_or_reply(struct unixctl_conn *conn, const char *name)
{
    struct ofproto *ofproto = ofproto_lookup(name);
    if (!ofproto) {
        unixctl_command_reply_error(conn, "no such bridge");
    }
    return ofproto;
}

static void
unixctl_ofproto_list(struct unixctl_conn *conn, int argc OVS_UNUSED,
                     const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct sset names = SSET_INITIALIZER(&names);
    struct ofproto *ofproto;
    const char *name;

    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        sset_add(&names, ofproto->name);
    }
    SSET_FOR_EACH (name, &names) {
        ds_put_format(&s, "%s\n", name);
    }
    sset_destroy(&names);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static const char *
bundle_name_for_aux(const struct ofproto *ofproto, const void *aux,
                    ofp_port_t *first)
{
    const struct ofbundle *b = bundle_lookup(ofproto, aux);
    *first = b && b->n_members ? b->members[0] : OFPP_NONE;
    return b ? b->name : "?";
}

static int
compare_fdb_entries(const void *a_, const void *b_)
{
    const struct mac_learning_entry *a = a_, *b = b_;

    if (a->vlan != b->vlan) {
        return a->vlan < b->vlan ? -1 : 1;
    }
    return memcmp(a->mac.ea, b->mac.ea, ETH_ADDR_LEN);
}

void
ofproto_fdb_format(struct ofproto *ofproto, struct ds *s)
{
    struct mac_learning_entry *entries;
    size_t n = mac_learning_dump(ofproto->ml, &entries);

    qsort(entries, n, sizeof *entries, compare_fdb_entries);
    ds_put_cstr(s, " port  VLAN  MAC                Age\n");
    pthread_rwlock_rdlock(&ofproto->rwlock);
    for (size_t i = 0; i < n; i++) {
        ofp_port_t port;
        const char *name = bundle_name_for_aux(ofproto, entries[i].port,
                                               &port);
        char pbuf[16];

        (void) name;
        if (port == OFPP_LOCAL) {
            snprintf(pbuf, sizeof pbuf, "LOCAL");
        } else {
            snprintf(pbuf, sizeof pbuf, "%"PRIu16, port);
        }
        ds_put_format(s, "%5s  %4"PRIu16"  "ETH_ADDR_FMT"  %3u\n",
                      pbuf, entries[i].vlan, ETH_ADDR_ARGS(entries[i].mac),
                      entries[i].age);
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    free(entries);
}

static void
unixctl_fdb_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                 const char *argv[], void *aux OVS_UNUSED)
{
    struct ofproto *ofproto = find_or_reply(conn, argv[1]);
    struct ds s = DS_EMPTY_INITIALIZER;

    if (ofproto) {
        ofproto_fdb_format(ofproto, &s);
        unixctl_command_reply(conn, ds_cstr(&s));
    }
    ds_destroy(&s);
}

static void
unixctl_fdb_flush(struct unixctl_conn *conn, int argc, const char *argv[],
                  void *aux OVS_UNUSED)
{
    struct ofproto *ofproto;

    if (argc > 1) {
        ofproto = find_or_reply(conn, argv[1]);
        if (!ofproto) {
            return;
        }
        mac_learning_flush(ofproto->ml);
        udpif_revalidate(ofproto->udpif);
    } else {
        HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
            mac_learning_flush(ofproto->ml);
            udpif_revalidate(ofproto->udpif);
        }
    }
    unixctl_command_reply(conn, "table successfully flushed");
}

static void
unixctl_fdb_stats_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                       const char *argv[], void *aux OVS_UNUSED)
{
    struct ofproto *ofproto = find_or_reply(conn, argv[1]);
    struct mac_learning_stats st;
    struct ds s = DS_EMPTY_INITIALIZER;

    if (!ofproto) {
        return;
    }
    mac_learning_get_stats(ofproto->ml, &st);
    ds_put_format(&s, "Statistics for bridge \"%s\":\n", ofproto->name);
    ds_put_format(&s, "  Current/maximum MAC entries in the table: "
                  "%zu/%zu\n", st.n_entries, st.max_entries);
    ds_put_format(&s, "  Total number of learned MAC entries     : "
                  "%"PRIu64"\n", st.n_learned);
    ds_put_format(&s, "  Total number of expired MAC entries     : "
                  "%"PRIu64"\n", st.n_expired);
    ds_put_format(&s, "  Total number of evicted MAC entries     : "
                  "%"PRIu64"\n", st.n_evicted);
    ds_put_format(&s, "  Total number of port moved MAC entries  : "
                  "%"PRIu64"\n", st.n_moved);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* dpif/show lists ports by name, as OVS does. */
static int
compare_ofports(const void *a_, const void *b_)
{
    const struct ofport *const *a = a_, *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

static void
unixctl_dpif_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                  const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct sset names = SSET_INITIALIZER(&names);
    const char *name;
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        sset_add(&names, ofproto->name);
    }
    SSET_FOR_EACH (name, &names) {
        struct dpif_dp_stats st;
        ofproto = ofproto_lookup(name);
        memset(&st, 0, sizeof st);
        dpif_get_dp_stats(ofproto->dpif, &st);
        ds_put_format(&s, "%s: hit:%"PRIu64" missed:%"PRIu64"\n",
                      dpif_base_name(ofproto->dpif), st.n_hit, st.n_missed);
        ds_put_format(&s, "  %s:\n", ofproto->name);

        size_t n = 0;
        struct ofport **ports = xmalloc((hmap_count(&ofproto->ports) + 1)
                                        * sizeof *ports);
        struct ofport *port;
        HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
            ports[n++] = port;
        }
        qsort(ports, n, sizeof *ports, compare_ofports);
        for (size_t i = 0; i < n; i++) {
            port = ports[i];
            ds_put_format(&s, "    %s %"PRIu16"/%"PRIu32": (%s)\n",
                          port->name, port->ofp_port, port->odp_port,
                          netdev_get_type(port->netdev));
        }
        free(ports);
    }
    sset_destroy(&names);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
unixctl_dpif_dump_flows(struct unixctl_conn *conn, int argc OVS_UNUSED,
                        const char *argv[], void *aux OVS_UNUSED)
{
    struct ofproto *ofproto = find_or_reply(conn, argv[argc - 1]);
    struct ds s = DS_EMPTY_INITIALIZER;
    struct dpif_flow_dump *dump;
    struct dpif_flow flows[50];
    int n;

    if (!ofproto) {
        return;
    }
    dump = dpif_flow_dump_create(ofproto->dpif);
    while ((n = dpif_flow_dump_next(dump, flows, ARRAY_SIZE(flows))) > 0) {
        for (int i = 0; i < n; i++) {
            odp_format_dpif_flow(&flows[i], false, &s);
            ds_put_char(&s, '\n');
        }
    }
    dpif_flow_dump_destroy(dump);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
unixctl_upcall_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                    const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        udpif_show(ofproto->udpif, &s);
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* Appends the ofproto/trace output for OpenFlow flow 'flow' (in_port an
 * OpenFlow port) to 's'. */
/* Appends 'flow' with the fields a packet like it has, as "Flow:" and
 * "Final flow:" lines show it. */
static void
trace_format_flow(const struct flow *flow, struct ds *s)
{
    struct match m;

    match_init_catchall(&m);
    flow_wildcards_init_for_packet(&m.wc, flow);
    match_init(&m, flow, &m.wc);
    match_format(&m, s, OFP_DEFAULT_PRIORITY);
}

void
ofproto_trace(struct ofproto *ofproto, const struct flow *flow,
              struct ds *s)
{
    struct xlate_in xin;
    struct xlate_out xout;
    struct match megaflow;

    ds_put_cstr(s, "Flow: ");
    trace_format_flow(flow, s);
    ds_put_cstr(s, "\n\n");

    memset(&xin, 0, sizeof xin);
    xin.ofproto = ofproto;
    xin.flow = *flow;
    xin.may_learn = false;
    xin.trace = s;
    xlate_out_init(&xout);
    xlate_actions(&xin, &xout);

    if (flow_equal(&xout.final_flow, flow)) {
        ds_put_cstr(s, "\nFinal flow: unchanged\n");
    } else {
        ds_put_cstr(s, "\nFinal flow: ");
        trace_format_flow(&xout.final_flow, s);
        ds_put_char(s, '\n');
    }
    match_init(&megaflow, flow, &xout.wc);
    ds_put_cstr(s, "Megaflow: ");
    match_format(&megaflow, s, OFP_DEFAULT_PRIORITY);
    ds_put_cstr(s, "\nDatapath actions: ");
    odp_actions_format(xout.odp_actions.data, xout.odp_actions.size, s);
    ds_put_char(s, '\n');
    xlate_out_uninit(&xout);
}

static void
unixctl_ofproto_trace(struct unixctl_conn *conn, int argc,
                      const char *argv[], void *aux OVS_UNUSED)
{
    const char *br = argv[1];
    const char *flow_s = argv[argc - 1];
    struct ofproto *ofproto;
    struct match match;
    struct ds s = DS_EMPTY_INITIALIZER;
    char *error;

    if (argc < 3) {
        unixctl_command_reply_error(conn, "usage: ofproto/trace BRIDGE "
                                    "FLOW");
        return;
    }
    ofproto = find_or_reply(conn, br);
    if (!ofproto) {
        return;
    }
    error = match_parse(flow_s, &match, NULL);
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    if (!match.wc.masks.in_port) {
        unixctl_command_reply_error(conn, "flow must specify in_port");
        return;
    }
    ofproto_trace(ofproto, &match.flow, &s);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
ofproto_unixctl_init(void)
{
    unixctl_command_register("ofproto/list", "", 0, 0,
                             unixctl_ofproto_list, NULL);
    unixctl_command_register("ofproto/trace", "BRIDGE FLOW", 2, 2,
                             unixctl_ofproto_trace, NULL);
    unixctl_command_register("fdb/show", "BRIDGE", 1, 1,
                             unixctl_fdb_show, NULL);
    unixctl_command_register("fdb/flush", "[BRIDGE]", 0, 1,
                             unixctl_fdb_flush, NULL);
    unixctl_command_register("fdb/stats-show", "BRIDGE", 1, 1,
                             unixctl_fdb_stats_show, NULL);
    unixctl_command_register("dpif/show", "", 0, 0,
                             unixctl_dpif_show, NULL);
    unixctl_command_register("dpif/dump-flows", "BRIDGE", 1, 1,
                             unixctl_dpif_dump_flows, NULL);
    unixctl_command_register("upcall/show", "", 0, 0,
                             unixctl_upcall_show, NULL);
}

/* PACKET_OUT and the connection manager. */

static int packet_execute(struct ofproto *, const void *packet, size_t size,
                          ofp_port_t in_port, const struct ofpact *ofpacts,
                          size_t ofpacts_len, const struct match *metadata,
                          const struct ofp_continuation *resume);

int
ofproto_packet_out(struct ofproto *ofproto, const void *packet, size_t size,
                   ofp_port_t in_port, const struct ofpact *ofpacts,
                   size_t ofpacts_len)
{
    return packet_execute(ofproto, packet, size, in_port, ofpacts,
                          ofpacts_len, NULL, NULL);
}

static bool
ofpacts_supported(const struct ofpact *ofpacts, size_t ofpacts_len)
{
    const struct ofpact *a;
    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (xlate_ofpact_unsupported(a)) {
            return false;
        }
    }
    return true;
}

int
ofproto_resume(struct ofproto *ofproto, const void *packet, size_t size,
               const struct match *metadata,
               const struct ofp_continuation *cont)
{
    for (size_t i = 0; i < cont->n_frames; i++) {
        if (!ofpacts_supported(cont->frames[i].ofpacts,
                               cont->frames[i].ofpacts_len)) {
            return EOPNOTSUPP;
        }
    }
    if (!ofpacts_supported(cont->action_set, cont->action_set_len)) {
        return EOPNOTSUPP;
    }
    uint32_t in_port = (metadata->wc.masks.in_port
                        ? metadata->flow.in_port : OFPP_NONE);
    return packet_execute(ofproto, packet, size, in_port, NULL, 0,
                          metadata, cont);
}

/* Runs 'ofpacts' (PACKET_OUT) or the continuation 'resume' (NXT_RESUME,
 * with the registers and metadata of 'metadata') on 'packet' and
 * executes the result in the datapath. */
static int
packet_execute(struct ofproto *ofproto, const void *packet, size_t size,
               ofp_port_t in_port, const struct ofpact *ofpacts,
               size_t ofpacts_len, const struct match *metadata,
               const struct ofp_continuation *resume)
{
    if (!ofpacts_supported(ofpacts, ofpacts_len)) {
        return EOPNOTSUPP;
    }

    struct dp_packet *p = dp_packet_clone_data_with_headroom(packet, size,
                                                             0);
    struct xlate_in xin;
    memset(&xin, 0, sizeof xin);
    xin.ofproto = ofproto;
    flow_extract(p, &xin.flow);
    xin.flow.in_port = in_port;
    xin.ofpacts = ofpacts;
    xin.ofpacts_len = ofpacts_len;
    xin.resume = resume;
    if (metadata) {
        xin.flow.metadata = metadata->flow.metadata;
        memcpy(xin.flow.regs, metadata->flow.regs, sizeof xin.flow.regs);
    }

    struct xlate_out xout;
    xlate_out_init(&xout);
    int error = xlate_actions(&xin, &xout);
    if (!error) {
        /* Applied on this thread's next ofproto_run(), as for a miss. */
        ofproto_learn_submit(ofproto, xout.learned, xout.n_learned,
                             time_msec());
    }
    if (!error && xout.odp_actions.size) {
        /* The datapath sees the packet as coming from the datapath port
         * of 'in_port', if it is one. */
        struct flow dp_flow = xin.flow;
        pthread_rwlock_rdlock(&ofproto->rwlock);
        struct ofport *port = ofproto_get_port(ofproto, in_port);
        dp_flow.in_port = port ? port->odp_port : ODPP_NONE;
        pthread_rwlock_unlock(&ofproto->rwlock);
        /* The userspace datapath takes the input port from the packet's
         * metadata: a packet-in from these actions then names it. */
        p->md.in_port = dp_flow.in_port;

        struct dpif_execute exe = {
            .packet = p,
            .flow = &dp_flow,
            .actions = xout.odp_actions.data,
            .actions_len = xout.odp_actions.size,
            .probe = false,
        };
        error = dpif_execute(ofproto->dpif, &exe);
    }
    xlate_out_uninit(&xout);
    dp_packet_delete(p);
    return error;
}

struct connmgr *
ofproto_get_connmgr(const struct ofproto *ofproto)
{
    return ofproto->connmgr;
}
