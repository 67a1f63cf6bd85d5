/* ofproto-private.h -- the switch's state, shared by ofproto.c (the main
 * thread's API), xlate.c (translation) and upcall.c (handler and
 * revalidator threads).
 *
 * Locking: 'ofproto->rwlock' protects the port maps, the bundles, the flow
 * tables' contents as seen by translation, and the fail mode.  The main
 * thread takes it for writing around every change; translation (handler
 * and revalidator threads, ofproto/trace) takes it for reading around a
 * whole translation, so a translation never sees half a change and a rule
 * it looked up stays valid until it releases the lock.  A rule that must
 * outlive the lock (the rules a megaflow came from, kept for statistics)
 * is held by reference (rule_ref()/rule_unref()).
 *
 * Every change that can alter the result of a translation bumps
 * 'ofproto->tables_version' and wakes the revalidator, which then
 * re-translates every installed megaflow. */
#ifndef OFPROTO_PRIVATE_H
#define OFPROTO_PRIVATE_H 1

#include <pthread.h>
#include <stdatomic.h>
#include "classifier.h"
#include "dpif.h"
#include "hmap.h"
#include "list.h"
#include "ofproto.h"

struct connmgr;
struct mac_learning;
struct ofproto_groups;
struct ofproto_meters;
struct udpif;
struct ofpact;

/* One OpenFlow port: a netdev that is also a datapath port. */
struct ofport {
    struct hmap_node ofp_node;  /* In ofproto->ports, by ofp_port. */
    struct hmap_node odp_node;  /* In ofproto->odp_ports, by odp_port. */
    struct netdev *netdev;
    char *name;
    ofp_port_t ofp_port;
    odp_port_t odp_port;
    struct ofbundle *bundle;    /* The bundle it is a member of, or NULL. */
    uint32_t config;            /* OFPPC_* bits (lib/ofp-port.h) that
                                 * PORT_MOD set; translation obeys them.
                                 * Written under the write lock. */
    bool carrier;               /* Link state last seen by ofproto_run(),
                                 * at netdev change_seq 'change_seq'
                                 * (main thread only). */
    uint64_t change_seq;
};

/* A bundle (the bridge's Port): what NORMAL learns on and outputs to. */
struct ofbundle {
    struct hmap_node node;      /* In ofproto->bundles, by aux pointer. */
    void *aux;
    char *name;
    ofp_port_t *members;
    size_t n_members;
    enum port_vlan_mode vlan_mode;
    int vlan;                   /* Access/native VLAN or -1. */
    unsigned long *trunks;      /* 4096-bit bitmap, or NULL for all. */
    bool use_priority_tags;
};

/* A rule in one of the flow tables.  Its actions are an ofpact list
 * (lib/ofp-actions.h); the default NORMAL flow is a rule too. */
struct rule {
    struct cls_rule cr;
    uint8_t table_id;
    struct ofpact *ofpacts;     /* Owned. */
    size_t ofpacts_len;
    atomic_int ref_cnt;

    /* OpenFlow attributes (flow_mod).  Main thread writes them under the
     * write lock; a modify replaces the actions by replacing the rule. */
    ovs_be64 cookie;
    uint16_t idle_timeout, hard_timeout;    /* Seconds, 0 = none. */
    uint16_t importance;
    uint16_t flags;                         /* OFPFF_*. */
    struct ovs_list expirable;  /* In ofproto's 'expirable' while in a
                                 * table with a timeout; else empty. */

    /* Statistics, pushed by the revalidator (and the handlers). */
    pthread_mutex_t stats_mutex;
    uint64_t n_packets;
    uint64_t n_bytes;
    long long int used;         /* msec, 0 if never. */
    long long int created;
    long long int modified;     /* Added, modified or re-learned: the hard
                                 * timeout and hard_age count from here,
                                 * as in Open vSwitch. */
};

void rule_ref(struct rule *);
void rule_unref(struct rule *);
void rule_credit_stats(struct rule *, uint64_t n_packets, uint64_t n_bytes,
                       long long int used);

struct ofproto {
    struct hmap_node node;      /* In the global map of switches, by name. */
    char *name;
    char *type;                 /* Datapath type: "netdev" or "system". */
    struct dpif *dpif;

    pthread_rwlock_t rwlock;    /* See above. */
    struct hmap ports;          /* "struct ofport"s by ofp_port. */
    struct hmap odp_ports;      /* The same, by odp_port. */
    struct hmap bundles;        /* "struct ofbundle"s by aux. */
    struct classifier tables[OFPROTO_N_TABLES];
    uint8_t table_miss[OFPROTO_N_TABLES];   /* enum ofproto_table_miss,
                                             * TABLE_MOD of 1.1/1.2;
                                             * under 'rwlock'. */
    /* The Flow_Table settings (ofproto_set_table_config()), under
     * 'rwlock'. */
    char *table_name[OFPROTO_N_TABLES];     /* NULL: the default. */
    unsigned int table_max_flows[OFPROTO_N_TABLES];
    bool table_evict[OFPROTO_N_TABLES];
    enum ofproto_fail_mode fail_mode;
    atomic_bool miss_to_controller; /* Table misses go to a controller
                                     * (one of version 1.0-1.2 is
                                     * connected); set by connmgr. */
    atomic_bool fail_open;      /* Standalone, and the controllers have
                                 * been unreachable for a while: act as a
                                 * learning switch (NORMAL), whatever the
                                 * flow tables say.  Set by connmgr. */
    uint64_t dpid;

    struct mac_learning *ml;    /* Thread-safe on its own. */

    atomic_ullong tables_version; /* Bumped on every change that matters
                                   * to translation. */
    struct udpif *udpif;        /* Handler and revalidator threads. */
    struct ofproto_groups *groups;  /* OpenFlow groups (ofproto-group.h):
                                     * changed under the write lock. */
    struct ofproto_meters *meters;  /* OpenFlow meters (ofproto-meter.h):
                                     * changed under the write lock. */

    /* Main thread only. */
    struct connmgr *connmgr;    /* OpenFlow connections (connmgr.h). */
    ofproto_flow_removed_cb *flow_removed_cb;
    void *flow_removed_aux;
    long long int next_expiry;  /* Next check of flow timeouts. */
    struct ovs_list expirable;  /* Rules with idle or hard timeouts, so
                                 * that the expiry check never walks the
                                 * (maybe 100,000) rules without. */
    long long int trim_at;      /* When to malloc_trim(), 0 = never. */
    struct ofproto_txn *txn;    /* Open transaction (ofproto_txn_begin()),
                                 * during which the main thread holds the
                                 * write lock throughout; or NULL. */
};

/* Port maps; the caller holds 'rwlock' (either way). */
struct ofport *ofproto_get_port(const struct ofproto *, ofp_port_t);
struct ofport *ofproto_get_odp_port(const struct ofproto *, odp_port_t);

/* In a transaction: records that 'new' replaced 'old' in the group
 * table (either may be NULL), for ofproto_txn_commit() to release 'old'
 * or ofproto_txn_abort() to swap them back. */
struct group;
void ofproto_txn_log_group(struct ofproto *, struct group *new,
                           struct group *old);

/* Bumps 'tables_version' and wakes the revalidator. */
void ofproto_changed(struct ofproto *);

/* Looks up a switch by name, or NULL.  Main thread. */
struct ofproto *ofproto_lookup(const char *name);

#endif /* ofproto-private.h */
