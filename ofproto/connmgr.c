/* connmgr.c -- a switch's OpenFlow connections and the dispatch of what
 * they send.
 *
 * See connmgr.h.  Structure:
 *
 *   struct connmgr      one per ofproto
 *     'services'        listeners (pvconn): the management socket and
 *                       passive controller targets
 *     'controllers'     active controller targets, one reliable rconn each
 *     'conns'           every live connection (struct ofconn), wrapping an
 *                       rconn: reliable for active controllers, unreliable
 *                       for accepted ones
 *     'snoop'           the snoop listener, punix:RUNDIR/BRIDGE.snoop next
 *                       to the management socket: each peer accepted there
 *                       is attached to one controller connection (the
 *                       best role: master, then equal, then slave) and
 *                       gets a copy of every message sent or received on
 *                       it ("ovs-ofctl snoop").  Copies are best effort:
 *                       one that the peer is not ready for is dropped, so
 *                       a slow snooper never holds up a controller.
 *
 * connmgr_run() runs each connection, reads up to a batch of messages
 * from each (so one busy peer cannot starve the others or the rest of the
 * main loop) and handles each message completely before the next, so a
 * barrier reply always follows the effects of every earlier message.
 * Messages are decoded and encoded by the codec (lib/ofp-msgs.h); flow
 * programming goes to ofproto_flow_mod() and ofproto_collect_flows().
 *
 * Errors: any message we cannot handle is answered with an OFPT_ERROR
 * (OFPBRC_BAD_TYPE, OFPBRC_BAD_STAT, OFPBRC_IS_SLAVE...) carrying the
 * start of the request, and the connection stays up. */
#include <config.h>
#include "connmgr.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "coverage.h"
#include "dp-packet.h"
#include "dpif.h"
#include "dynamic-string.h"
#include "flow.h"
#include "list.h"
#include "match.h"
#include "netdev.h"
#include "ofp-actions.h"
#include "ofp-async.h"
#include "ofp-bytes.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "ofpbuf.h"
#include "ofproto-private.h"
#include "ofproto-bundle.h"
#include "ofproto-group.h"
#include "ofproto-meter.h"
#include "ofproto-monitor.h"
#include "ofproto.h"
#include "poll-loop.h"
#include "rconn.h"
#include "shash.h"
#include "socket-util.h"
#include "smap.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"
#include "xlate.h"

VLOG_DEFINE_THIS_MODULE(connmgr);

COVERAGE_DEFINE(connmgr_msg);
COVERAGE_DEFINE(connmgr_error_reply);
COVERAGE_DEFINE(connmgr_packet_in);
COVERAGE_DEFINE(connmgr_packet_in_drop);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Messages handled per connection per connmgr_run(). */
#define MSGS_PER_RUN 50

/* Replies queued to a peer beyond which its requests are not read. */
#define OFCONN_REPLY_MAX 100

struct ofconn;
static bool ofconn_may_recv(const struct ofconn *);

/* Packet-ins waiting for the main thread, at most. */
#define MAX_QUEUED_PACKET_INS 256
/* Packet-ins queued per connection before dropping more. */
#define PACKET_IN_TXQ_LIMIT 100
/* Tables we report (0..253, as Open vSwitch does). */
#define CONNMGR_N_TABLES 254

enum ofconn_type {
    OFCONN_PRIMARY,             /* A controller. */
    OFCONN_SERVICE,             /* Management socket: ovs-ofctl etc. */
};

struct ofconn {
    struct ovs_list node;       /* In connmgr->conns. */
    struct connmgr *mgr;
    struct rconn *rconn;
    enum ofconn_type type;
    char *target;               /* Controller target, or NULL. */

    /* Per-connection OpenFlow state, reset on reconnection. */
    unsigned int seqno;         /* rconn seqno it belongs to. */
    enum ofp_controller_role role;
    bool nxm;                   /* NXT_SET_FLOW_FORMAT NXM (1.0). */
    bool tid;                   /* NXT_FLOW_MOD_TABLE_ID (1.0). */
    enum nx_packet_in_format pin_format;
    uint16_t miss_send_len;
    uint16_t controller_id;
    bool was_connected;         /* For 'status_seq'. */
    bool async_set;             /* SET_ASYNC came: 'async' holds it; else
                                 * the version's default applies. */
    struct ofp_async_config async;
    struct ofproto_bundles *bundles;    /* OpenFlow bundles being built
                                         * (ofproto-bundle.h). */
    struct ofproto_monitors *monitors;  /* Flow monitors
                                         * (ofproto-monitor.h). */

    /* Snoopers: peers of the snoop socket that see this connection's
     * messages.  They stay across reconnections of 'rconn'. */
    struct vconn **snoops;
    size_t n_snoops;
};

struct ofservice {
    struct shash_node *node;    /* In connmgr->services. */
    struct pvconn *pvconn;
    enum ofconn_type type;
    int probe_interval;
    int max_backoff;
    uint8_t dscp;
};

struct queued_pin {
    struct ovs_list node;
    struct ofp_packet_in pin;   /* 'packet' points into 'data'. */
    uint16_t max_len;
    uint16_t controller_id;
    uint8_t *data;
    uint8_t *userdata;          /* controller(userdata=...), or NULL. */
    size_t userdata_len;
    uint8_t *continuation;      /* controller(pause)'s frozen translation
                                 * (as xlate keeps it), or NULL. */
    size_t continuation_len;
};

struct connmgr {
    struct ofproto *ofproto;
    char *name;

    struct ovs_list conns;      /* struct ofconn. */
    struct shash services;      /* target -> struct ofservice. */
    struct shash controllers;   /* active target -> struct ofconn. */
    uint32_t allowed_versions;

    /* Role election (OpenFlow 1.2+ generation ids). */
    bool have_generation_id;
    uint64_t generation_id;

    /* Changes when a controller's connection or role changes. */
    unsigned int status_seq;

    bool fail_open;             /* Last fail-open state, for logging. */

    /* Switch configuration (SET_CONFIG). */
    uint16_t frag_flags;

    /* The snoop listener, or NULL. */
    struct pvconn *snoop;

    /* Packet-ins from the handler threads. */
    pthread_mutex_t pin_mutex;
    struct ovs_list pins;       /* struct queued_pin. */
    size_t n_pins;
    int pin_fd[2];              /* Wakes the main loop (pipe). */

    /* The connection whose flow_mod is being carried out, and its xid:
     * flow monitors report a connection's own changes differently. */
    struct ofconn *fm_origin;
    ovs_be32 fm_origin_xid;
};

static void ofconn_destroy(struct ofconn *);
static void queued_pin_destroy(struct queued_pin *);
static const struct ofproto_bundle_ops bundle_ops;
static const struct ofproto_monitor_ops monitor_ops;
static void ofconn_run(struct ofconn *);
static void accept_snoops(struct connmgr *);
static void run_snoops(struct ofconn *);
static void ofconn_snoop(struct ofconn *, const struct ofpbuf *);
static void handle_msg(struct ofconn *, struct ofpbuf *);
static void send_packet_ins(struct connmgr *);
static void update_datapath_policy(struct connmgr *);
static int ofconn_version(const struct ofconn *);
static bool ofconn_is_slave(const struct ofconn *);
static struct ofpbuf *async_xid(struct ofpbuf *);
static bool ofconn_receives_async(const struct ofconn *,
                                  enum ofp_async_kind, unsigned int reason);
static int probe_interval(const struct connmgr_controller *);
static ofproto_flow_removed_cb flow_removed_cb;

/* Creation and configuration. */

static void
connmgr_add_service(struct connmgr *mgr, const char *target,
                    enum ofconn_type type,
                    const struct connmgr_controller *c)
{
    struct pvconn *pvconn;
    int error = pvconn_open(target, mgr->allowed_versions,
                            c ? c->dscp : 0, &pvconn);
    if (error) {
        VLOG_ERR("%s: %s: listen failed (%s)", mgr->name, target,
                 ovs_strerror(error));
        return;
    }
    struct ofservice *s = xzalloc(sizeof *s);
    s->pvconn = pvconn;
    s->type = type;
    int probe = c ? probe_interval(c) : 0;
    s->probe_interval = probe ? probe : -1;
    s->max_backoff = c ? c->max_backoff : 0;
    s->dscp = c ? c->dscp : 0;
    s->node = shash_add(&mgr->services, target, s);
    VLOG_INFO("%s: listening on %s", mgr->name, target);
}

static void
ofservice_destroy(struct connmgr *mgr, struct ofservice *s)
{
    if (s) {
        shash_delete(&mgr->services, s->node);
        pvconn_close(s->pvconn);
        free(s);
    }
}

/* The snoop socket goes with the management socket: "punix:DIR/BR.mgmt"
 * gives "punix:DIR/BR.snoop" (where Open vSwitch's tools look for it). */
static void
connmgr_set_snoop(struct connmgr *mgr, const char *mgmt)
{
    static const char suffix[] = ".mgmt";
    size_t len = mgmt ? strlen(mgmt) : 0;

    if (mgr->snoop) {
        pvconn_close(mgr->snoop);
        mgr->snoop = NULL;
    }
    if (!mgmt || strncmp(mgmt, "punix:", 6) || len < sizeof suffix
        || strcmp(mgmt + len - (sizeof suffix - 1), suffix)) {
        return;
    }
    char *target = xasprintf("%.*s.snoop", (int) (len - (sizeof suffix - 1)),
                             mgmt);
    /* Every version: a snooper reads copies in whatever version the
     * controller speaks, whatever it negotiated for itself. */
    int error = pvconn_open(target, OFP_ALL_VERSIONS, 0, &mgr->snoop);
    if (error) {
        VLOG_ERR("%s: %s: listen failed (%s)", mgr->name, target,
                 ovs_strerror(error));
        mgr->snoop = NULL;
    }
    free(target);
}

void
connmgr_set_management(struct connmgr *mgr, const char *target)
{
    struct shash_node *node, *next;
    SHASH_FOR_EACH_SAFE (node, next, &mgr->services) {
        struct ofservice *s = node->data;
        if (s->type == OFCONN_SERVICE) {
            if (target && !strcmp(node->name, target)) {
                return;
            }
            ofservice_destroy(mgr, s);
        }
    }
    if (target) {
        connmgr_add_service(mgr, target, OFCONN_SERVICE, NULL);
    }
    connmgr_set_snoop(mgr, target);
}

struct connmgr *
connmgr_create(struct ofproto *ofproto, const char *bridge_name)
{
    struct connmgr *mgr = xzalloc(sizeof *mgr);

    mgr->ofproto = ofproto;
    mgr->name = xstrdup(bridge_name);
    ovs_list_init(&mgr->conns);
    shash_init(&mgr->services);
    shash_init(&mgr->controllers);
    mgr->allowed_versions = OFP_ALL_VERSIONS;
    pthread_mutex_init(&mgr->pin_mutex, NULL);
    ovs_list_init(&mgr->pins);
    if (pipe(mgr->pin_fd)) {
        VLOG_FATAL("pipe failed (%s)", ovs_strerror(errno));
    }
    for (int i = 0; i < 2; i++) {
        set_nonblocking(mgr->pin_fd[i]);
    }

    ofproto_set_flow_removed_cb(ofproto, flow_removed_cb, mgr);
    return mgr;
}

void
connmgr_destroy(struct connmgr *mgr)
{
    if (!mgr) {
        return;
    }
    ofproto_set_flow_removed_cb(mgr->ofproto, NULL, NULL);

    struct ofconn *ofconn, *next;
    LIST_FOR_EACH_SAFE (ofconn, next, node, &mgr->conns) {
        ofconn_destroy(ofconn);
    }
    struct shash_node *node, *next_node;
    SHASH_FOR_EACH_SAFE (node, next_node, &mgr->services) {
        ofservice_destroy(mgr, node->data);
    }
    shash_destroy(&mgr->services);
    shash_destroy(&mgr->controllers);
    pvconn_close(mgr->snoop);

    struct queued_pin *qp;
    LIST_FOR_EACH_POP (qp, node, &mgr->pins) {
        queued_pin_destroy(qp);
    }
    pthread_mutex_destroy(&mgr->pin_mutex);
    close(mgr->pin_fd[0]);
    close(mgr->pin_fd[1]);
    free(mgr->name);
    free(mgr);
}

static struct ofconn *
ofconn_create(struct connmgr *mgr, struct rconn *rconn,
              enum ofconn_type type, const char *target)
{
    struct ofconn *ofconn = xzalloc(sizeof *ofconn);
    ofconn->mgr = mgr;
    ofconn->rconn = rconn;
    ofconn->type = type;
    ofconn->target = target ? xstrdup(target) : NULL;
    ofconn->seqno = UINT_MAX;
    ofconn->bundles = ofproto_bundles_create();
    ofconn->monitors = ofproto_monitors_create();
    ovs_list_push_back(&mgr->conns, &ofconn->node);
    return ofconn;
}

static void
ofconn_destroy(struct ofconn *ofconn)
{
    if (ofconn) {
        struct connmgr *mgr = ofconn->mgr;
        if (ofconn->target) {
            shash_find_and_delete(&mgr->controllers, ofconn->target);
        }
        ovs_list_remove(&ofconn->node);
        mgr->status_seq++;
        for (size_t i = 0; i < ofconn->n_snoops; i++) {
            vconn_close(ofconn->snoops[i]);
        }
        free(ofconn->snoops);
        ofproto_bundles_destroy(ofconn->bundles);
        ofproto_monitors_destroy(ofconn->monitors);
        if (mgr->fm_origin == ofconn) {
            mgr->fm_origin = NULL;
        }
        rconn_destroy(ofconn->rconn);
        free(ofconn->target);
        free(ofconn);
    }
}

/* Resets the per-connection state for a new connection. */
static void
ofconn_reset(struct ofconn *ofconn)
{
    ofconn->seqno = rconn_get_connection_seqno(ofconn->rconn);
    ofconn->role = OFPCR_ROLE_EQUAL;
    ofconn->nxm = false;
    ofconn->tid = false;
    ofconn->pin_format = NXPIF_STANDARD;
    ofconn->miss_send_len = ofconn->type == OFCONN_PRIMARY ? 128 : 0;
    ofconn->controller_id = 0;
    ofconn->async_set = false;
    /* Bundles belong to one connection, not to its successor. */
    ofproto_bundles_clear(ofconn->bundles);
    ofproto_monitors_clear(ofconn->monitors);
}

void
connmgr_set_allowed_versions(struct connmgr *mgr, uint32_t versions)
{
    versions &= OFP_ALL_VERSIONS;
    if (!versions) {
        versions = OFP_ALL_VERSIONS;
    }
    if (versions == mgr->allowed_versions) {
        return;
    }
    mgr->allowed_versions = versions;

    /* Listeners pass the set on at accept time: close them all, then
     * reopen them (not in one pass: reopening adds to 'services'). */
    struct reopen {
        char *target;
        enum ofconn_type type;
        struct connmgr_controller c;
    };
    size_t n = 0;
    struct reopen *reopen = xcalloc(shash_count(&mgr->services) + 1,
                                    sizeof *reopen);
    struct shash_node *node, *next_node;
    SHASH_FOR_EACH_SAFE (node, next_node, &mgr->services) {
        struct ofservice *s = node->data;
        struct reopen *r = &reopen[n++];
        r->target = xstrdup(node->name);
        r->type = s->type;
        r->c.max_backoff = s->max_backoff;
        r->c.probe_interval = s->probe_interval;
        r->c.dscp = s->dscp;
        ofservice_destroy(mgr, s);
    }
    for (size_t i = 0; i < n; i++) {
        struct reopen *r = &reopen[i];
        r->c.target = r->target;
        connmgr_add_service(mgr, r->target, r->type,
                            r->type == OFCONN_PRIMARY ? &r->c : NULL);
        free(r->target);
    }
    free(reopen);

    struct ofconn *ofconn, *next;
    LIST_FOR_EACH_SAFE (ofconn, next, node, &mgr->conns) {
        rconn_set_allowed_versions(ofconn->rconn, versions);
        int version = rconn_get_version(ofconn->rconn);
        if (version > 0 && !(versions & OFP_VERSION_BIT(version))) {
            if (rconn_is_reliable(ofconn->rconn)) {
                rconn_reconnect(ofconn->rconn);
            } else {
                ofconn_destroy(ofconn);
            }
        }
    }
}

/* ptcp:, punix:, pssl: (checked by prefix: pstream_verify_name() would
 * complain about every active name). */
static bool
is_passive_target(const char *target)
{
    return target[0] == 'p' && !pstream_verify_name(target);
}

/* C's inactivity probe interval in seconds, 0 for none: the configured
 * one, or by default 5 s for tcp and ssl and none for unix sockets. */
static int
probe_interval(const struct connmgr_controller *c)
{
    return (c->probe_interval < 0 ? 0
            : c->probe_interval ? c->probe_interval
            : stream_or_pstream_needs_probes(c->target)
            ? RCONN_DEFAULT_PROBE_INTERVAL : 0);
}

void
connmgr_set_controllers(struct connmgr *mgr,
                        const struct connmgr_controller *cs, size_t n)
{
    struct shash wanted;

    shash_init(&wanted);
    for (size_t i = 0; i < n; i++) {
        shash_add_once(&wanted, cs[i].target, &cs[i]);
    }

    /* Drop active controllers no longer wanted; update the others. */
    struct shash_node *node, *next_node;
    SHASH_FOR_EACH_SAFE (node, next_node, &mgr->controllers) {
        struct ofconn *ofconn = node->data;
        const struct connmgr_controller *c = shash_find_data(&wanted,
                                                             node->name);
        if (!c) {
            VLOG_INFO("%s: removed controller %s", mgr->name, node->name);
            ofconn_destroy(ofconn);
        } else {
            rconn_set_max_backoff(ofconn->rconn, c->max_backoff);
            rconn_set_probe_interval(ofconn->rconn, probe_interval(c));
        }
    }
    /* Drop passive controller targets no longer wanted. */
    SHASH_FOR_EACH_SAFE (node, next_node, &mgr->services) {
        struct ofservice *s = node->data;
        if (s->type == OFCONN_PRIMARY && !shash_find(&wanted, node->name)) {
            ofservice_destroy(mgr, s);
        }
    }

    /* Add new ones. */
    for (size_t i = 0; i < n; i++) {
        const struct connmgr_controller *c = &cs[i];
        if (shash_find(&mgr->controllers, c->target)
            || shash_find(&mgr->services, c->target)) {
            continue;
        }
        if (is_passive_target(c->target)) {
            connmgr_add_service(mgr, c->target, OFCONN_PRIMARY, c);
        } else if (!vconn_verify_name(c->target)) {
            int probe = probe_interval(c);
            struct rconn *rc = rconn_create(probe ? probe : -1,
                                            c->max_backoff, c->dscp,
                                            mgr->allowed_versions);
            char *name = xasprintf("%s<->%s", mgr->name, c->target);
            rconn_connect(rc, c->target, name);
            free(name);
            struct ofconn *ofconn = ofconn_create(mgr, rc, OFCONN_PRIMARY,
                                                  c->target);
            shash_add(&mgr->controllers, c->target, ofconn);
            VLOG_INFO("%s: added controller %s", mgr->name, c->target);
        } else {
            VLOG_WARN_RL(&rl, "%s: %s: bad controller target", mgr->name,
                         c->target);
        }
    }
    shash_destroy(&wanted);
}

void
connmgr_reconnect(struct connmgr *mgr)
{
    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->type == OFCONN_PRIMARY) {
            rconn_reconnect(ofconn->rconn);
        }
    }
}

bool
connmgr_has_connected_controller(const struct connmgr *mgr)
{
    const struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->type == OFCONN_PRIMARY
            && rconn_is_connected(ofconn->rconn)) {
            return true;
        }
    }
    return false;
}

bool
connmgr_has_controllers(const struct connmgr *mgr)
{
    if (!shash_is_empty(&mgr->controllers)) {
        return true;
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, &mgr->services) {
        const struct ofservice *s = node->data;
        if (s->type == OFCONN_PRIMARY) {
            return true;
        }
    }
    return false;
}

static const char *
role_to_string(enum ofp_controller_role role)
{
    return (role == OFPCR_ROLE_MASTER ? "master"
            : role == OFPCR_ROLE_SLAVE ? "slave"
            : "other");
}

bool
connmgr_get_controller_status(const struct connmgr *mgr, const char *target,
                              bool *is_connected, const char **role,
                              struct smap *status)
{
    const struct ofconn *ofconn = shash_find_data(&mgr->controllers, target);
    if (!ofconn) {
        /* A passive target: connected if any connection it accepted is. */
        struct ofservice *s = shash_find_data(&mgr->services, target);
        if (!s) {
            return false;
        }
        *is_connected = false;
        *role = "other";
        const struct ofconn *c;
        LIST_FOR_EACH (c, node, &mgr->conns) {
            if (c->type == OFCONN_PRIMARY && !c->target
                && rconn_is_connected(c->rconn)) {
                *is_connected = true;
                *role = role_to_string(c->role);
            }
        }
        return true;
    }

    struct rconn *rc = ofconn->rconn;
    *is_connected = rconn_is_connected(rc);
    *role = role_to_string(ofconn->role);
    smap_add(status, "state", rconn_get_state(rc));
    int error = rconn_get_last_error(rc);
    if (error) {
        smap_add(status, "last_error",
                 error == EOF ? "End of file" : ovs_strerror(error));
    }
    unsigned int sec = rconn_get_sec_since_connect(rc);
    if (sec != UINT_MAX) {
        smap_add_format(status, "sec_since_connect", "%u", sec);
    }
    sec = rconn_get_sec_since_disconnect(rc);
    if (sec != UINT_MAX) {
        smap_add_format(status, "sec_since_disconnect", "%u", sec);
    }
    return true;
}

/* Running. */

void
connmgr_run(struct connmgr *mgr)
{
    /* Accept new connections. */
    struct shash_node *node;
    SHASH_FOR_EACH (node, &mgr->services) {
        struct ofservice *s = node->data;
        for (int i = 0; i < 10; i++) {
            struct vconn *vconn;
            if (pvconn_accept(s->pvconn, &vconn)) {
                break;
            }
            struct rconn *rc = rconn_create(s->probe_interval, 0, s->dscp,
                                            mgr->allowed_versions);
            char *name = xasprintf("%s<->%s", mgr->name,
                                   vconn_get_name(vconn));
            rconn_connect_unreliably(rc, vconn, name);
            free(name);
            ofconn_create(mgr, rc, s->type, NULL);
        }
    }

    accept_snoops(mgr);

    struct ofconn *ofconn, *next;
    LIST_FOR_EACH_SAFE (ofconn, next, node, &mgr->conns) {
        ofconn_run(ofconn);
        if (!rconn_is_alive(ofconn->rconn)) {
            ofconn_destroy(ofconn);
        }
    }

    send_packet_ins(mgr);
    update_datapath_policy(mgr);
}

/* Table misses go to controllers while one of version 1.0-1.2 (where a
 * miss is a packet-in) is connected; fail-open starts once every
 * controller of a standalone bridge has been unreachable for three probe
 * intervals.  Either change re-translates the installed flows. */
static void
update_datapath_policy(struct connmgr *mgr)
{
    struct ofproto *ofproto = mgr->ofproto;
    bool miss = false;
    bool any_connected = false;
    unsigned int failure = UINT_MAX;
    int probe = 0;

    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        int version = ofconn_version(ofconn);
        if (version > 0 && version <= OFP12_VERSION
            && ofconn->miss_send_len
            && ofconn_receives_async(ofconn, OAK_PACKET_IN, 0)) {
            miss = true;
        }
        if (ofconn->type != OFCONN_PRIMARY) {
            continue;
        }
        if (version > 0) {
            any_connected = true;
        }
        if (ofconn->target) {
            failure = MIN(failure, rconn_failure_duration(ofconn->rconn));
            probe = MAX(probe, rconn_get_probe_interval(ofconn->rconn));
        }
    }

    bool fail_open = (ofproto->fail_mode == OFPROTO_FAIL_STANDALONE
                      && !any_connected && failure != UINT_MAX
                      && failure >= MAX(3 * probe, 3));
    if (fail_open != mgr->fail_open) {
        VLOG_WARN("%s: %s fail-open mode", mgr->name,
                  fail_open ? "entering" : "leaving");
    }
    if (miss != atomic_load(&ofproto->miss_to_controller)
        || fail_open != atomic_load(&ofproto->fail_open)) {
        atomic_store(&ofproto->miss_to_controller, miss);
        atomic_store(&ofproto->fail_open, fail_open);
        ofproto_changed(ofproto);
    }
    mgr->fail_open = fail_open;
    if (!fail_open && !any_connected && failure != UINT_MAX
        && ofproto->fail_mode == OFPROTO_FAIL_STANDALONE) {
        poll_timer_wait(1000);
    }
}

void
connmgr_wait(struct connmgr *mgr)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &mgr->services) {
        struct ofservice *s = node->data;
        pvconn_wait(s->pvconn);
    }
    if (mgr->snoop) {
        pvconn_wait(mgr->snoop);
    }
    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        rconn_run_wait(ofconn->rconn);
        ofproto_bundles_wait(ofconn->bundles);
        if (ofconn_may_recv(ofconn)) {
            rconn_recv_wait(ofconn->rconn);
        }
        for (size_t i = 0; i < ofconn->n_snoops; i++) {
            vconn_run_wait(ofconn->snoops[i]);
            vconn_recv_wait(ofconn->snoops[i]);
        }
    }
    poll_fd_wait(mgr->pin_fd[0], POLLIN);
}

unsigned int
connmgr_get_status_seq(const struct connmgr *mgr)
{
    return mgr->status_seq;
}

static bool
ofconn_may_recv(const struct ofconn *ofconn)
{
    return rconn_count_txqlen(ofconn->rconn) < OFCONN_REPLY_MAX;
}

static void
ofconn_run(struct ofconn *ofconn)
{
    rconn_run(ofconn->rconn);
    run_snoops(ofconn);
    if (rconn_is_connected(ofconn->rconn) != ofconn->was_connected) {
        ofconn->was_connected = !ofconn->was_connected;
        ofconn->mgr->status_seq++;
        if (!ofconn->was_connected) {
            ofconn->role = OFPCR_ROLE_EQUAL;
            ofproto_bundles_clear(ofconn->bundles);
            ofproto_monitors_clear(ofconn->monitors);
        }
    }
    ofproto_bundles_run(ofconn->bundles, &bundle_ops, ofconn);
    ofproto_monitors_run(ofconn->monitors, ofconn->mgr->ofproto,
                         &monitor_ops, ofconn);
    if (rconn_is_connected(ofconn->rconn)
        && ofconn->seqno != rconn_get_connection_seqno(ofconn->rconn)) {
        ofconn_reset(ofconn);
    }
    for (int i = 0; i < MSGS_PER_RUN; i++) {
        if (!ofconn_may_recv(ofconn)) {
            /* Replies are never dropped: a peer that sends requests
             * faster than it reads the replies is made to wait instead.
             * rconn_run_wait() wakes us when the queue can move. */
            return;
        }
        struct ofpbuf *msg = rconn_recv(ofconn->rconn);
        if (!msg) {
            return;
        }
        if (ofconn->seqno != rconn_get_connection_seqno(ofconn->rconn)) {
            ofconn_reset(ofconn);
        }
        ofconn_snoop(ofconn, msg);
        handle_msg(ofconn, msg);
        ofpbuf_delete(msg);
    }
    poll_immediate_wake();      /* More may be waiting. */
}

/* Snooping. */

/* The connection a new snooper watches: a controller, the best role
 * first (master, equal, slave), as Open vSwitch chooses. */
static struct ofconn *
best_snoop_target(struct connmgr *mgr)
{
    static const int rank[] = {
        [OFPCR_ROLE_MASTER] = 3, [OFPCR_ROLE_EQUAL] = 2,
        [OFPCR_ROLE_SLAVE] = 1,
    };
    struct ofconn *best = NULL;
    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->type == OFCONN_PRIMARY
            && (!best || rank[ofconn->role] > rank[best->role])) {
            best = ofconn;
        }
    }
    return best;
}

static void
accept_snoops(struct connmgr *mgr)
{
    for (int i = 0; mgr->snoop && i < 10; i++) {
        struct vconn *vconn;
        if (pvconn_accept(mgr->snoop, &vconn)) {
            break;
        }
        struct ofconn *ofconn = best_snoop_target(mgr);
        if (!ofconn) {
            VLOG_INFO_RL(&rl, "%s: no controller connection to snoop",
                         mgr->name);
            vconn_close(vconn);
            continue;
        }
        VLOG_INFO("%s: snooper attached to %s", mgr->name,
                  rconn_get_name(ofconn->rconn));
        ofconn->snoops = xrealloc(ofconn->snoops, (ofconn->n_snoops + 1)
                                  * sizeof *ofconn->snoops);
        ofconn->snoops[ofconn->n_snoops++] = vconn;
    }
}

static void
remove_snoop(struct ofconn *ofconn, size_t i)
{
    vconn_close(ofconn->snoops[i]);
    ofconn->snoops[i] = ofconn->snoops[--ofconn->n_snoops];
}

/* Advances the snoopers' connections (hello, queued output) and drops
 * those that closed or failed.  Anything a snooper sends is ignored. */
static void
run_snoops(struct ofconn *ofconn)
{
    for (size_t i = 0; i < ofconn->n_snoops; ) {
        struct vconn *vconn = ofconn->snoops[i];
        struct ofpbuf *msg;
        int error;

        vconn_run(vconn);
        while (!(error = vconn_recv(vconn, &msg))) {
            ofpbuf_delete(msg);
        }
        if (error != EAGAIN) {
            VLOG_INFO("%s: snooper disconnected (%s)",
                      rconn_get_name(ofconn->rconn),
                      error == EOF ? "end of file" : ovs_strerror(error));
            remove_snoop(ofconn, i);
        } else {
            i++;
        }
    }
}

/* Gives each snooper of 'ofconn' a copy of 'msg'. */
static void
ofconn_snoop(struct ofconn *ofconn, const struct ofpbuf *msg)
{
    for (size_t i = 0; i < ofconn->n_snoops; i++) {
        struct ofpbuf *copy = ofpbuf_clone(msg);
        int error = vconn_send(ofconn->snoops[i], copy);
        if (error) {
            /* EAGAIN: not connected yet or still busy; the copy is
             * dropped rather than queued without bound. */
            ofpbuf_delete(copy);
        }
    }
}

/* Sending. */

static int
ofconn_version(const struct ofconn *ofconn)
{
    return rconn_get_version(ofconn->rconn);
}

static void
ofconn_send(struct ofconn *ofconn, struct ofpbuf *msg)
{
    if (rconn_is_connected(ofconn->rconn)) {
        ofconn_snoop(ofconn, msg);
    }
    rconn_send(ofconn->rconn, msg);
}

static void
ofconn_send_error(struct ofconn *ofconn, const struct ofp_header *request,
                  enum ofperr error)
{
    COVERAGE_INC(connmgr_error_reply);
    VLOG_DBG_RL(&rl, "%s: replying %s to a message of type %u",
                rconn_get_name(ofconn->rconn), ofperr_get_name(error),
                request->type);
    ofconn_send(ofconn, ofperr_encode_reply(error, request));
}

static void
ofconn_send_replies(struct ofconn *ofconn, struct ofp_multipart *mp)
{
    struct ofpbuf **msgs;
    size_t n;
    ofp_multipart_steal(mp, &msgs, &n);
    for (size_t i = 0; i < n; i++) {
        ofconn_send(ofconn, msgs[i]);
    }
    free(msgs);
}

/* Ports. */

static uint32_t
speed_to_features(uint32_t mbps)
{
    /* OFPPF_* of 1.1+: 10MB_FD 1<<1, 100MB_FD 1<<3, 1GB_FD 1<<5,
     * 10GB_FD 1<<6, 40GB_FD 1<<7, 100GB_FD 1<<8, 1TB_FD 1<<9,
     * OTHER 1<<10, COPPER 1<<11. */
    uint32_t f = mbps >= 1000000 ? 1 << 9
                 : mbps >= 100000 ? 1 << 8
                 : mbps >= 40000 ? 1 << 7
                 : mbps >= 10000 ? 1 << 6
                 : mbps >= 1000 ? 1 << 5
                 : mbps >= 100 ? 1 << 3
                 : mbps >= 10 ? 1 << 1
                 : mbps ? 1 << 10 : 0;
    return f ? f | (1 << 11) : 0;
}

static void
port_info_from_ofport(const struct ofport *port, struct ofp_port_info *pi)
{
    memset(pi, 0, sizeof *pi);
    pi->port_no = port->ofp_port;
    netdev_get_etheraddr(port->netdev, pi->hw_addr.ea);
    snprintf(pi->name, sizeof pi->name, "%s", port->name);

    enum netdev_flags flags = 0;
    netdev_get_flags(port->netdev, &flags);
    pi->config = port->config;  /* PORT_MOD's bits. */
    if (!(flags & NETDEV_UP)) {
        pi->config |= OFPPC_PORT_DOWN;
    }
    pi->state = netdev_get_carrier(port->netdev) ? 4 : 1;  /* LIVE/DOWN. */

    uint32_t cur = 0, max = 0;
    netdev_get_speed(port->netdev, &cur, &max);
    pi->curr = speed_to_features(cur);
    pi->supported = speed_to_features(max);
    pi->curr_speed = cur * 1000;
    pi->max_speed = max * 1000;
}

static int
compare_port_info(const void *a_, const void *b_)
{
    const struct ofp_port_info *a = a_, *b = b_;
    return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

/* All ports of the switch, sorted by number.  The caller frees. */
static struct ofp_port_info *
collect_ports(struct ofproto *ofproto, size_t *n)
{
    pthread_rwlock_rdlock(&ofproto->rwlock);
    size_t count = hmap_count(&ofproto->ports);
    struct ofp_port_info *ports = xcalloc(count ? count : 1, sizeof *ports);
    size_t i = 0;
    const struct ofport *port;
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        port_info_from_ofport(port, &ports[i++]);
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    qsort(ports, i, sizeof *ports, compare_port_info);
    *n = i;
    return ports;
}

void
connmgr_port_changed(struct connmgr *mgr, uint16_t ofp_port, int reason)
{
    struct ofproto *ofproto = mgr->ofproto;
    struct ofp_port_info pi;

    pthread_rwlock_rdlock(&ofproto->rwlock);
    const struct ofport *port = ofproto_get_port(ofproto, ofp_port);
    if (port) {
        port_info_from_ofport(port, &pi);
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    if (!port) {
        return;
    }

    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        int version = ofconn_version(ofconn);
        /* Slaves get port status too by default (their async config). */
        if (ofconn_receives_async(ofconn, OAK_PORT_STATUS, reason)) {
            ofconn_send(ofconn, async_xid(ofp_encode_port_status(version,
                                                                 reason,
                                                                 &pi)));
        }
    }
}

/* Asynchronous messages answer no request: their xid is 0, as Open
 * vSwitch sends them (ofpmsg_new() picks a fresh xid otherwise). */
static struct ofpbuf *
async_xid(struct ofpbuf *msg)
{
    ((struct ofp_header *) msg->data)->xid = 0;
    return msg;
}

/* OFCONN's async config: what SET_ASYNC set, else its version's
 * default. */
static void
ofconn_get_async(const struct ofconn *ofconn, struct ofp_async_config *ac)
{
    if (ofconn->async_set) {
        *ac = ofconn->async;
    } else {
        ofp_async_config_default(ac, ofconn_version(ofconn));
    }
}

/* Whether OFCONN gets the asynchronous message 'kind' with 'reason':
 * controllers, and management connections that asked for asynchronous
 * messages by setting a miss_send_len ("ovs-ofctl monitor"), as their
 * async config says for their role (slave or not). */
static bool
ofconn_receives_async(const struct ofconn *ofconn, enum ofp_async_kind kind,
                      unsigned int reason)
{
    if (ofconn_version(ofconn) <= 0
        || (ofconn->type == OFCONN_SERVICE && !ofconn->miss_send_len)
        || reason >= 32) {
        return false;
    }

    struct ofp_async_config ac;
    ofconn_get_async(ofconn, &ac);
    uint32_t mask = (ofconn->role == OFPCR_ROLE_SLAVE ? ac.slave[kind]
                     : ac.master[kind]);
    return (mask >> reason) & 1;
}

static enum ofperr
handle_set_async(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_async_config ac;
    ofconn_get_async(ofconn, &ac);
    enum ofperr error = ofp_decode_set_async(oh, &ac);
    if (!error) {
        ofconn->async = ac;
        ofconn->async_set = true;
        /* Table misses may stop (or start) going to controllers. */
        update_datapath_policy(ofconn->mgr);
    }
    return error;
}

static void
handle_get_async_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_async_config ac;
    ofconn_get_async(ofconn, &ac);
    ofconn_send(ofconn, ofp_encode_get_async_reply(&ac, oh));
}

/* Handlers. */

static bool
ofconn_is_slave(const struct ofconn *ofconn)
{
    return ofconn->role == OFPCR_ROLE_SLAVE;
}

/* TABLE_DESC (1.4+): each table's config, which is always 0 here (no
 * eviction, no vacancy events: see handle_table_mod()).  ovs-ofctl's
 * mod-table reads it before changing a setting. */
static void
handle_table_desc_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_multipart mp;

    ofp_multipart_start(&mp, OFPTYPE_TABLE_DESC_STATS_REPLY, oh);
    for (int i = 0; i < CONNMGR_N_TABLES; i++) {
        /* length:16 table_id:8 pad:8 config:32, no properties. */
        uint8_t *td = ofp_multipart_put(&mp, 8);
        memset(td, 0, 8);
        td[1] = 8;
        td[2] = i;
    }
    ofconn_send_replies(ofconn, &mp);
}

/* TABLE_MOD.  OpenFlow 1.1 and 1.2 set what a miss does; 1.3 defines no
 * config (accepted, nothing to do); 1.4+ turn eviction and vacancy
 * events on or off.  Tables here grow without limit and never evict, and
 * nothing sends TABLE_STATUS, so turning either on is refused with
 * OFPTMFC_BAD_CONFIG rather than pretended. */
static enum ofperr
handle_table_mod(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_table_mod tm;

    if (ofconn_is_slave(ofconn)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }
    enum ofperr error = ofp_decode_table_mod(oh, &tm);
    if (error) {
        return error;
    }
    if (tm.table_id != 0xff && tm.table_id >= CONNMGR_N_TABLES) {
        return OFPERR_OFPTMFC_BAD_TABLE;
    }

    if (oh->version <= OFP12_VERSION) {
        static const enum ofproto_table_miss misses[] = {
            [OFPTC11_TABLE_MISS_CONTROLLER] = OFPROTO_MISS_CONTROLLER,
            [OFPTC11_TABLE_MISS_CONTINUE] = OFPROTO_MISS_CONTINUE,
            [OFPTC11_TABLE_MISS_DROP] = OFPROTO_MISS_DROP,
        };
        uint32_t miss = tm.config & OFPTC11_TABLE_MISS_MASK;
        if (tm.config & ~OFPTC11_TABLE_MISS_MASK
            || miss == OFPTC11_TABLE_MISS_MASK) {
            return OFPERR_OFPTMFC_BAD_CONFIG;
        }
        ofproto_table_set_miss(ofconn->mgr->ofproto, tm.table_id,
                               misses[miss]);
    } else if (oh->version >= OFP14_VERSION
               && tm.config & (OFPTC14_EVICTION | OFPTC14_VACANCY_EVENTS)) {
        VLOG_INFO_RL(&rl, "%s: table_mod: %s not supported",
                     rconn_get_name(ofconn->rconn),
                     tm.config & OFPTC14_EVICTION ? "eviction"
                     : "vacancy events");
        return OFPERR_OFPTMFC_BAD_CONFIG;
    } else if (oh->version >= OFP14_VERSION && tm.config) {
        return OFPERR_OFPTMFC_BAD_CONFIG;
    }
    return 0;
}

/* PORT_MOD: the port must exist and 'hw_addr' must be its address (so a
 * controller cannot reconfigure a port whose number was reused); then
 * the config bits change and every connection that wants port status
 * hears about it. */
static enum ofperr
port_mod_check(struct ofconn *ofconn, const struct ofp_header *oh,
               struct ofp_port_mod *pmp)
{
    struct ofproto *ofproto = ofconn->mgr->ofproto;
    struct ofp_port_mod pm;

    if (ofconn_is_slave(ofconn)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }
    enum ofperr error = ofp_decode_port_mod(oh, &pm);
    if (error) {
        return error;
    }

    pthread_rwlock_rdlock(&ofproto->rwlock);
    const struct ofport *port = ofproto_get_port(ofproto, pm.port_no);
    struct eth_addr hw_addr;
    if (port) {
        netdev_get_etheraddr(port->netdev, hw_addr.ea);
    }
    pthread_rwlock_unlock(&ofproto->rwlock);
    if (!port) {
        return OFPERR_OFPPMFC_BAD_PORT;
    }
    if (memcmp(&hw_addr, &pm.hw_addr, sizeof hw_addr)) {
        return OFPERR_OFPPMFC_BAD_HW_ADDR;
    }
    *pmp = pm;
    return 0;
}

static enum ofperr
handle_port_mod(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofproto *ofproto = ofconn->mgr->ofproto;
    struct ofp_port_mod pm;
    enum ofperr error = port_mod_check(ofconn, oh, &pm);
    if (error) {
        return error;
    }

    uint32_t old = ofproto_port_get_config(ofproto, pm.port_no);
    ofproto_port_set_config(ofproto, pm.port_no, pm.config, pm.mask);
    if (ofproto_port_get_config(ofproto, pm.port_no) != old) {
        connmgr_port_changed(ofconn->mgr, pm.port_no, OFPPR_MODIFY);
    }
    /* 'advertise' would change what the device autonegotiates; dummy and
     * Linux devices here have nothing to renegotiate, so it is ignored,
     * as Open vSwitch does for devices without autonegotiation. */
    return 0;
}

static void
handle_features_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofproto *ofproto = ofconn->mgr->ofproto;
    struct ofp_switch_features f = {
        .datapath_id = ofproto_get_datapath_id(ofproto),
        .n_buffers = 0,
        .n_tables = CONNMGR_N_TABLES,
        .capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS
                         | OFPC_PORT_STATS | OFPC_ARP_MATCH_IP),
        /* 1.0: OUTPUT, SET_VLAN_VID/PCP, STRIP_VLAN, SET_DL_SRC/DST,
         * SET_NW_SRC/DST/TOS, SET_TP_SRC/DST, ENQUEUE: bits 0-11. */
        .actions = 0xfff,
    };
    size_t n;
    struct ofp_port_info *ports = collect_ports(ofproto, &n);
    ofconn_send(ofconn, ofp_encode_features_reply(&f, ports, n, oh));
    free(ports);
}

static void
handle_get_config_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_switch_config cfg = {
        .flags = ofconn->mgr->frag_flags,
        .miss_send_len = ofconn->miss_send_len,
    };
    struct ofp_async_config ac;
    ofconn_get_async(ofconn, &ac);
    if (oh->version <= OFP12_VERSION
        && ac.master[OAK_PACKET_IN] & (1u << OFPR_INVALID_TTL)) {
        cfg.flags |= OFPC_INVALID_TTL_TO_CONTROLLER;
    }
    ofconn_send(ofconn, ofp_encode_switch_config(OFPTYPE_GET_CONFIG_REPLY,
                                                 oh->version, oh->xid,
                                                 &cfg));
}

static enum ofperr
handle_set_config(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_switch_config cfg;
    enum ofperr error = ofp_decode_switch_config(oh, &cfg);
    if (error) {
        return error;
    }
    if (!ofconn_is_slave(ofconn)) {
        ofconn->mgr->frag_flags = cfg.flags & 3;
    }
    ofconn->miss_send_len = cfg.miss_send_len;

    /* OFPC_INVALID_TTL_TO_CONTROLLER (1.0-1.2) is this connection's wish
     * for invalid_ttl packet-ins, which 1.3+ express with SET_ASYNC: it
     * lives in the async config, for either role, as in Open vSwitch. */
    if (oh->version <= OFP12_VERSION) {
        struct ofp_async_config ac;
        uint32_t bit = 1u << OFPR_INVALID_TTL;
        ofconn_get_async(ofconn, &ac);
        if (cfg.flags & OFPC_INVALID_TTL_TO_CONTROLLER) {
            ac.master[OAK_PACKET_IN] |= bit;
            ac.slave[OAK_PACKET_IN] |= bit;
        } else {
            ac.master[OAK_PACKET_IN] &= ~bit;
            ac.slave[OAK_PACKET_IN] &= ~bit;
        }
        ofconn->async = ac;
        ofconn->async_set = true;
    }
    return 0;
}

static enum ofperr
fm_error_to_ofperr(int error)
{
    switch ((enum ofproto_fm_error) error) {
    case OFPROTO_FM_OK:
        return 0;
    case OFPROTO_FM_BAD_COMMAND:
        return OFPERR_OFPFMFC_BAD_COMMAND;
    case OFPROTO_FM_BAD_TABLE_ID:
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    case OFPROTO_FM_OVERLAP:
        return OFPERR_OFPFMFC_OVERLAP;
    case OFPROTO_FM_TABLE_FULL:
        return OFPERR_OFPFMFC_TABLE_FULL;
    case OFPROTO_FM_BAD_ACTION:
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    case OFPROTO_FM_BAD_OUT_PORT:
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    case OFPROTO_FM_BAD_OUT_GROUP:
        return OFPERR_OFPBAC_BAD_OUT_GROUP;
    case OFPROTO_FM_BAD_METER:
        return OFPERR_OFPMMFC_INVALID_METER;
    case OFPROTO_FM_UNSUPPORTED:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    return OFPERR_OFPFMFC_UNKNOWN;
}

static enum ofperr
handle_meter_mod(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_meter_mod mm;
    enum ofperr error;

    if (ofconn_is_slave(ofconn)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }
    error = ofp_meter_mod_decode(&mm, oh);
    if (!error) {
        error = ofproto_meter_mod(ofconn->mgr->ofproto, &mm);
        ofp_meter_config_uninit(&mm.meter);
    }
    if (error) {
        VLOG_INFO_RL(&rl, "%s: meter_mod failed: %s",
                     rconn_get_name(ofconn->rconn), ofperr_get_name(error));
    }
    return error;
}

static enum ofperr
handle_group_mod(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_group_mod gm;
    enum ofperr error;

    if (ofconn_is_slave(ofconn)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }
    error = ofp_group_mod_decode(&gm, oh);
    if (!error) {
        error = ofproto_group_mod(ofconn->mgr->ofproto, &gm);
        ofp_group_desc_uninit(&gm.gd);
    }
    if (error) {
        VLOG_INFO_RL(&rl, "%s: group_mod failed: %s",
                     rconn_get_name(ofconn->rconn), ofperr_get_name(error));
    }
    return error;
}

static enum ofperr
handle_flow_mod(struct ofconn *ofconn, const struct ofp_header *oh)
{
    if (ofconn_is_slave(ofconn)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }

    struct ofp_flow_mod fm;
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    enum ofperr error = ofp_decode_flow_mod(&fm, oh, ofconn->tid, &ofpacts);
    if (error) {
        ofpbuf_uninit(&ofpacts);
        return error;
    }

    if (fm.fs.table_id != 0xff && fm.fs.table_id >= CONNMGR_N_TABLES) {
        /* Table 254 exists inside ofproto but is not advertised. */
        ofpbuf_uninit(&ofpacts);
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }

    struct ofproto_flow_mod ofm = {
        .command = fm.command,
        .fs = fm.fs,
        .ofpacts = fm.ofpacts,
        .ofpacts_len = fm.ofpacts_len,
        .modify_may_add = oh->version <= OFP11_VERSION,
    };
    if ((fm.command == OFPFC_MODIFY || fm.command == OFPFC_MODIFY_STRICT)
        && !fm.fs.cookie_mask && fm.new_cookie != htonll(UINT64_MAX)) {
        /* No cookie filter: 'fs.cookie' is only used if the modify adds
         * a flow, and then it must be the new cookie.  The flows modified
         * take the new cookie too, as Open vSwitch does for OpenFlow 1.0
         * and NXT_FLOW_MOD (the 1.1+ decoder never sets 'new_cookie'). */
        ofm.fs.cookie = fm.new_cookie;
        ofm.modify_sets_cookie = true;
        ofm.new_cookie = fm.new_cookie;
    }

    char *detail = NULL;
    ofconn->mgr->fm_origin = ofconn;
    ofconn->mgr->fm_origin_xid = oh->xid;
    int fm_error = ofproto_flow_mod(ofconn->mgr->ofproto, &ofm, &detail);
    ofconn->mgr->fm_origin = NULL;
    if (fm_error) {
        VLOG_INFO_RL(&rl, "%s: flow_mod failed: %s%s%s",
                     rconn_get_name(ofconn->rconn),
                     ofproto_fm_error_to_string(fm_error),
                     detail ? ": " : "", detail ? detail : "");
        error = fm_error_to_ofperr(fm_error);
    } else if (fm.buffer_id != UINT32_MAX) {
        /* We never buffer packets, so no buffer id is valid. */
        error = OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    free(detail);
    ofpbuf_uninit(&ofpacts);
    return error;
}

static uint32_t
msec_to_sec(long long msec)
{
    return msec < 0 ? 0 : msec / 1000;
}

static enum ofperr
handle_flow_stats_request(struct ofconn *ofconn, const struct ofp_header *oh,
                          enum ofptype type)
{
    struct ofp_flow_stats_request req;
    enum ofperr error = ofp_decode_flow_stats_request(&req, oh);
    if (error) {
        return error;
    }

    struct ofp_flow_spec fs;
    memset(&fs, 0, sizeof fs);
    fs.match = req.match;
    fs.table_id = req.table_id;
    fs.cookie = req.cookie;
    fs.cookie_mask = req.cookie_mask;
    fs.out_port = req.out_port;
    fs.out_group = req.out_group;

    struct ofproto_flow_stats *flows;
    size_t n;
    ofproto_collect_flows(ofconn->mgr->ofproto, &fs, false, &flows, &n);

    if (type == OFPTYPE_AGGREGATE_STATS_REQUEST) {
        struct ofp_aggregate_stats agg = { .flow_count = n };
        for (size_t i = 0; i < n; i++) {
            agg.packet_count += flows[i].n_packets;
            agg.byte_count += flows[i].n_bytes;
        }
        ofconn_send(ofconn, ofp_encode_aggregate_stats_reply(&agg, oh));
    } else {
        long long now = time_msec();
        struct ofp_multipart mp;
        ofp_multipart_start(&mp, OFPTYPE_FLOW_STATS_REPLY, oh);
        for (size_t i = 0; i < n; i++) {
            const struct ofproto_flow_stats *f = &flows[i];
            long long age = now - f->created;
            struct ofp_flow_stats s = {
                .match = f->match,
                .priority = f->priority,
                .table_id = f->table_id,
                .duration_sec = msec_to_sec(age),
                .duration_nsec = age < 0 ? 0 : (age % 1000) * 1000000,
                .idle_timeout = f->idle_timeout,
                .hard_timeout = f->hard_timeout,
                .importance = f->importance,
                .flags = f->flags,
                .idle_age = msec_to_sec(now - (f->used ? f->used
                                               : f->created)),
                .hard_age = msec_to_sec(now - f->modified),
                .cookie = f->cookie,
                .packet_count = f->n_packets,
                .byte_count = f->n_bytes,
                .ofpacts = f->ofpacts,
                .ofpacts_len = f->ofpacts_len,
            };
            ofp_flow_stats_put(&s, &mp);
        }
        ofconn_send_replies(ofconn, &mp);
    }
    ofproto_flow_stats_destroy(flows, n);
    return 0;
}

static void
handle_desc_stats_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_desc desc;
    memset(&desc, 0, sizeof desc);
    snprintf(desc.mfr_desc, sizeof desc.mfr_desc, "ovsng");
    snprintf(desc.hw_desc, sizeof desc.hw_desc, "Open vSwitch");
    snprintf(desc.sw_desc, sizeof desc.sw_desc, "%s", ovs_get_version());
    snprintf(desc.serial_num, sizeof desc.serial_num, "None");
    snprintf(desc.dp_desc, sizeof desc.dp_desc, "None");
    ofconn_send(ofconn, ofp_encode_desc_stats_reply(&desc, oh));
}

static void
handle_table_stats_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofproto *ofproto = ofconn->mgr->ofproto;
    struct ofp_multipart mp;
    ofp_multipart_start(&mp, OFPTYPE_TABLE_STATS_REPLY, oh);
    for (int i = 0; i < CONNMGR_N_TABLES; i++) {
        enum ofproto_table_miss miss = ofproto_table_get_miss(ofproto, i);
        struct ofp_table_stats ts = {
            .table_id = i,
            .max_entries = 1000000,
            /* 1.1/1.2 report TABLE_MOD's miss setting; the default is
             * theirs, "controller". */
            .config = (miss == OFPROTO_MISS_CONTINUE
                       ? OFPTC11_TABLE_MISS_CONTINUE
                       : miss == OFPROTO_MISS_DROP ? OFPTC11_TABLE_MISS_DROP
                       : OFPTC11_TABLE_MISS_CONTROLLER),
            .active_count = ofproto_table_n_flows(ofproto, i),
        };
        if (!ofproto_get_table_name(ofproto, i, ts.name, sizeof ts.name)) {
            snprintf(ts.name, sizeof ts.name, i ? "table%d" : "classifier",
                     i);
        }
        ofp_table_stats_put(&ts, &mp);
    }
    ofconn_send_replies(ofconn, &mp);
}

/* TABLE_FEATURES (1.3+): Debian's ovs-ofctl asks for these before any
 * flow_mod.  The codec has no encoder for them, so they are built here:
 * one struct ofp_table_features (64 bytes) per table, followed by the
 * eight properties a reader requires (instructions, next tables, write
 * and apply actions, match, wildcards, write and apply set-field).  The
 * instruction list and next-table list are real; the action and field
 * lists are left empty, which readers take as "not advertised".  A
 * request that sets features (a nonempty body) is refused. */
static void
put_tf_prop(struct ofpbuf *b, uint16_t type, const void *data, size_t len)
{
    ovs_be16 hdr[2] = { htons(type), htons(4 + len) };
    ofpbuf_put(b, hdr, sizeof hdr);
    ofpbuf_put(b, data, len);
    ofpbuf_put_zeros(b, ROUND_UP(4 + len, 8) - (4 + len));
}

static enum ofperr
handle_table_features_request(struct ofconn *ofconn,
                              const struct ofp_header *oh)
{
    size_t body_len;
    ofpmsg_body(oh, &body_len);
    if (body_len) {
        return OFPERR_OFPBRC_EPERM;
    }

    /* OFPIT_GOTO_TABLE 1, WRITE_METADATA 2, WRITE_ACTIONS 3,
     * APPLY_ACTIONS 4, CLEAR_ACTIONS 5: each an ofp_instruction header. */
    ovs_be16 insts[10];
    for (int i = 0; i < 5; i++) {
        insts[2 * i] = htons(i + 1);
        insts[2 * i + 1] = htons(4);
    }

    struct ofp_multipart mp;
    struct ofpbuf props;
    ofpbuf_init(&props, 512);
    ofp_multipart_start(&mp, OFPTYPE_TABLE_FEATURES_STATS_REPLY, oh);
    for (int i = 0; i < CONNMGR_N_TABLES; i++) {
        ofpbuf_clear(&props);
        bool last = i == CONNMGR_N_TABLES - 1;
        put_tf_prop(&props, 0, insts, last ? 16 : 20);  /* No goto in the
                                                          * last table. */
        uint8_t next[CONNMGR_N_TABLES];
        size_t n_next = 0;
        for (int j = i + 1; j < CONNMGR_N_TABLES; j++) {
            next[n_next++] = j;
        }
        put_tf_prop(&props, 2, next, n_next);           /* NEXT_TABLES */
        for (int type = 4; type <= 14; type += 2) {     /* The others. */
            put_tf_prop(&props, type, NULL, 0);
        }

        size_t len = 64 + props.size;
        uint8_t *tf = ofp_multipart_put(&mp, len);
        ovs_be16 len_be = htons(len);
        ovs_be64 all = htonll(UINT64_MAX);
        ovs_be32 max_entries = htonl(1000000);

        memcpy(tf, &len_be, 2);                 /* length */
        tf[2] = i;                              /* table_id */
        if (!ofproto_get_table_name(ofconn->mgr->ofproto, i,
                                    (char *) tf + 8, 32)) {
            snprintf((char *) tf + 8, 32, "table%d", i);   /* name */
        }
        memcpy(tf + 40, &all, 8);               /* metadata_match */
        memcpy(tf + 48, &all, 8);               /* metadata_write */
        memcpy(tf + 60, &max_entries, 4);       /* after config (0) */
        memcpy(tf + 64, props.data, props.size);
    }
    ofpbuf_uninit(&props);
    ofconn_send_replies(ofconn, &mp);
    return 0;
}

static void
handle_port_desc_stats_request(struct ofconn *ofconn,
                               const struct ofp_header *oh)
{
    size_t n;
    struct ofp_port_info *ports = collect_ports(ofconn->mgr->ofproto, &n);
    struct ofp_multipart mp;
    ofp_multipart_start(&mp, OFPTYPE_PORT_DESC_STATS_REPLY, oh);
    for (size_t i = 0; i < n; i++) {
        ofp_port_desc_put(&ports[i], &mp);
    }
    ofconn_send_replies(ofconn, &mp);
    free(ports);
}

static uint64_t
stat_or_zero(uint64_t x)
{
    return x == UINT64_MAX ? 0 : x;
}

/* No port has queues (QoS is not implemented yet): "all queues" of
 * existing ports is an empty reply, a queue by number does not exist, as
 * Open vSwitch answers for ports without QoS. */
static enum ofperr
handle_queue_stats_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    if (len < 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint16_t port = (oh->version == OFP10_VERSION ? get16(p)
                     : ofp_port_from_ofp11_or_none(get32(p)));
    uint32_t queue = get32(p + 4);

    if (port != OFPP_ALL && port != OFPP_NONE) {
        size_t n;
        struct ofp_port_info *ports = collect_ports(ofconn->mgr->ofproto,
                                                    &n);
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            found = found || ports[i].port_no == port;
        }
        free(ports);
        if (!found) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
    }
    if (queue != UINT32_MAX) {
        return OFPERR_OFPQOFC_BAD_QUEUE;
    }
    struct ofp_multipart mp;
    ofp_multipart_start(&mp, OFPTYPE_QUEUE_STATS_REPLY, oh);
    ofconn_send_replies(ofconn, &mp);
    return 0;
}

static enum ofperr
handle_port_stats_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    uint16_t port_no;
    enum ofperr error = ofp_decode_port_stats_request(oh, &port_no);
    if (error) {
        return error;
    }

    size_t n;
    struct ofp_port_info *ports = collect_ports(ofconn->mgr->ofproto, &n);
    struct ofp_multipart mp;
    ofp_multipart_start(&mp, OFPTYPE_PORT_STATS_REPLY, oh);
    for (size_t i = 0; i < n; i++) {
        if (port_no != OFPP_NONE && port_no != ports[i].port_no) {
            continue;
        }
        struct netdev_stats st;
        memset(&st, 0xff, sizeof st);
        ofproto_port_get_stats(ofconn->mgr->ofproto, ports[i].port_no, &st);
        struct ofp_port_stats ps = {
            .port_no = ports[i].port_no,
            .rx_packets = stat_or_zero(st.rx_packets),
            .tx_packets = stat_or_zero(st.tx_packets),
            .rx_bytes = stat_or_zero(st.rx_bytes),
            .tx_bytes = stat_or_zero(st.tx_bytes),
            .rx_dropped = stat_or_zero(st.rx_dropped),
            .tx_dropped = stat_or_zero(st.tx_dropped),
            .rx_errors = stat_or_zero(st.rx_errors),
            .tx_errors = stat_or_zero(st.tx_errors),
            .duration_sec = UINT32_MAX,
            .duration_nsec = UINT32_MAX,
        };
        ofp_port_stats_put(&ps, &mp);
    }
    ofconn_send_replies(ofconn, &mp);
    free(ports);
    return 0;
}

static enum ofperr
handle_role_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct connmgr *mgr = ofconn->mgr;
    struct ofp_role_request rr;
    enum ofperr error = ofp_decode_role_message(oh, &rr);
    if (error) {
        return error;
    }

    if (rr.role != OFPCR_ROLE_NOCHANGE) {
        if (ofconn->type != OFCONN_PRIMARY) {
            /* Roles mean nothing on the management socket. */
            return OFPERR_OFPRRFC_UNSUP;
        }
        if (rr.role == OFPCR_ROLE_MASTER || rr.role == OFPCR_ROLE_SLAVE) {
            if (rr.have_generation_id) {
                if (mgr->have_generation_id
                    && (int64_t) (rr.generation_id - mgr->generation_id)
                       < 0) {
                    return OFPERR_OFPRRFC_STALE;
                }
                mgr->have_generation_id = true;
                mgr->generation_id = rr.generation_id;
            }
        }
        if (rr.role == OFPCR_ROLE_MASTER) {
            /* There is at most one master: the others become slaves. */
            struct ofconn *other;
            LIST_FOR_EACH (other, node, &mgr->conns) {
                if (other != ofconn && other->role == OFPCR_ROLE_MASTER) {
                    other->role = OFPCR_ROLE_SLAVE;
                }
            }
        }
        ofconn->role = rr.role;
        mgr->status_seq++;
    }

    struct ofp_role_request reply = {
        .role = ofconn->role,
        .have_generation_id = mgr->have_generation_id,
        .generation_id = mgr->generation_id,
    };
    ofconn_send(ofconn, ofp_encode_role_reply(oh, &reply));
    return 0;
}

/* PACKET_OUT: runs the actions on the packet, as translation would for a
 * packet that arrived on 'in_port', and executes the result. */
static enum ofperr
handle_packet_out(struct ofconn *ofconn, const struct ofp_header *oh)
{
    if (ofconn_is_slave(ofconn)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }

    struct ofpbuf ofpacts;
    struct ofp_packet_out po;
    ofpbuf_init(&ofpacts, 64);
    enum ofperr error = ofp_decode_packet_out(&po, oh, &ofpacts);
    if (error) {
        goto out;
    }
    if (po.buffer_id != UINT32_MAX) {
        error = OFPERR_OFPBRC_BUFFER_UNKNOWN;
        goto out;
    }
    if (po.in_port >= OFPP_MAX && po.in_port != OFPP_LOCAL
        && po.in_port != OFPP_NONE && po.in_port != OFPP_CONTROLLER) {
        error = OFPERR_OFPBRC_BAD_PORT;
        goto out;
    }
    uint32_t missing_group;
    if (ofproto_group_check_ofpacts(ofconn->mgr->ofproto, po.ofpacts,
                                    po.ofpacts_len, &missing_group)) {
        error = OFPERR_OFPBAC_BAD_OUT_GROUP;
        goto out;
    }
    uint32_t missing_meter;
    if (ofproto_meter_check_ofpacts(ofconn->mgr->ofproto, po.ofpacts,
                                    po.ofpacts_len, &missing_meter)) {
        error = OFPERR_OFPMMFC_INVALID_METER;
        goto out;
    }

    int retval = ofproto_packet_out(ofconn->mgr->ofproto, po.packet,
                                    po.packet_len, po.in_port,
                                    po.ofpacts, po.ofpacts_len);
    if (retval) {
        VLOG_INFO_RL(&rl, "%s: packet_out failed (%s)",
                     rconn_get_name(ofconn->rconn), ovs_strerror(retval));
        error = (retval == EOPNOTSUPP ? OFPERR_OFPBAC_BAD_TYPE
                 : OFPERR_OFPBRC_BAD_PACKET);
    }

out:
    ofpbuf_uninit(&ofpacts);
    return error;
}

/* NXT_RESUME: a controller hands back a packet-in of controller(pause)
 * with its continuation, and the translation carries on from there. */
static enum ofperr
handle_resume(struct ofconn *ofconn, const struct ofp_header *oh)
{
    if (ofconn_is_slave(ofconn)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }

    struct ofp_packet_in pin;
    struct ofp_continuation cont;
    struct ofpbuf ofpacts;
    bool has_cont;
    ofpbuf_init(&ofpacts, 64);
    enum ofperr error = ofp_decode_packet_in2(oh, &pin, &cont, &has_cont,
                                              &ofpacts);
    if (error) {
        goto out;
    }
    if (!has_cont || pin.buffer_id != UINT32_MAX) {
        /* Only a packet-in with a continuation can be resumed, and this
         * switch buffers no packets. */
        error = (has_cont ? OFPERR_OFPBRC_BUFFER_UNKNOWN
                 : OFPERR_NXR_STALE);
        goto out;
    }
    uint32_t missing_group;
    for (size_t i = 0; i < cont.n_frames && !error; i++) {
        if (ofproto_group_check_ofpacts(ofconn->mgr->ofproto,
                                        cont.frames[i].ofpacts,
                                        cont.frames[i].ofpacts_len,
                                        &missing_group)) {
            error = OFPERR_OFPBAC_BAD_OUT_GROUP;
        }
    }
    if (!error) {
        int retval = ofproto_resume(ofconn->mgr->ofproto, pin.packet,
                                    pin.packet_len, &pin.metadata, &cont);
        if (retval) {
            VLOG_INFO_RL(&rl, "%s: resume failed (%s)",
                         rconn_get_name(ofconn->rconn),
                         ovs_strerror(retval));
            error = (retval == EOPNOTSUPP ? OFPERR_OFPBAC_BAD_TYPE
                     : OFPERR_OFPBRC_BAD_PACKET);
        }
    }

out:
    if (has_cont) {
        free(cont.frames);
    }
    ofpbuf_uninit(&ofpacts);
    return error;
}

/* Bundles: how ofproto-bundle.c checks, carries out and answers the
 * messages of a bundle on this connection. */
static enum ofperr
bundle_check(void *ofconn_, const struct ofp_header *oh, enum ofptype type)
{
    struct ofp_port_mod pm;

    return type == OFPTYPE_PORT_MOD ? port_mod_check(ofconn_, oh, &pm) : 0;
}

static enum ofperr
bundle_apply(void *ofconn_, const struct ofp_header *oh, enum ofptype type)
{
    struct ofconn *ofconn = ofconn_;

    switch (type) {
    case OFPTYPE_FLOW_MOD:
        return handle_flow_mod(ofconn, oh);
    case OFPTYPE_GROUP_MOD:
        return handle_group_mod(ofconn, oh);
    case OFPTYPE_PORT_MOD:
        return handle_port_mod(ofconn, oh);
    default:
        /* ofp_bundle_add_decode() lets no other type in. */
        return OFPERR_OFPBFC_MSG_UNSUP;
    }
}

static void
bundle_send(void *ofconn_, struct ofpbuf *msg)
{
    ofconn_send(ofconn_, msg);
}

static const struct ofproto_bundle_ops bundle_ops = {
    .check = bundle_check,
    .apply = bundle_apply,
    .send = bundle_send,
};

/* Flow monitors. */

static void
monitor_send(void *ofconn_, struct ofpbuf *msg)
{
    ofconn_send(ofconn_, msg);
}

static size_t
monitor_backlog(void *ofconn_)
{
    struct ofconn *ofconn = ofconn_;
    return rconn_count_txqlen(ofconn->rconn);
}

static int
monitor_version(void *ofconn_)
{
    return ofconn_version(ofconn_);
}

static const struct ofproto_monitor_ops monitor_ops = {
    .send = monitor_send,
    .backlog = monitor_backlog,
    .version = monitor_version,
};

bool
connmgr_has_flow_monitors(const struct connmgr *mgr)
{
    const struct ofconn *ofconn;
    if (!mgr) {
        return false;
    }
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (!ofproto_monitors_is_empty(ofconn->monitors)) {
            return true;
        }
    }
    return false;
}

void
connmgr_flows_changed(struct connmgr *mgr,
                      const struct ofproto_flow_change *changes, size_t n)
{
    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (rconn_is_connected(ofconn->rconn)) {
            ofproto_monitors_flows_changed(ofconn->monitors, changes, n,
                                           ofconn == mgr->fm_origin,
                                           mgr->fm_origin_xid,
                                           &monitor_ops, ofconn);
        }
    }
}

static void
handle_msg(struct ofconn *ofconn, struct ofpbuf *msg)
{
    const struct ofp_header *oh = msg->data;
    enum ofptype type;
    enum ofperr error;

    COVERAGE_INC(connmgr_msg);
    if (msg->size < sizeof *oh) {
        return;
    }
    if (oh->version != ofconn_version(ofconn)) {
        /* Answer in the connection's version, which the peer reads. */
        struct ofpbuf *reply = ofperr_encode_reply(OFPERR_OFPBRC_BAD_VERSION,
                                                   oh);
        ((struct ofp_header *) reply->data)->version = ofconn_version(ofconn);
        COVERAGE_INC(connmgr_error_reply);
        ofconn_send(ofconn, reply);
        return;
    }
    error = ofptype_decode(&type, oh, msg->size);
    if (error) {
        ofconn_send_error(ofconn, oh, error);
        return;
    }

    switch (type) {
    case OFPTYPE_HELLO:
    case OFPTYPE_ECHO_REPLY:
        break;

    case OFPTYPE_ECHO_REQUEST:
        /* vconn's builder keeps the request's xid and payload. */
        ofconn_send(ofconn, vconn_make_echo_reply(msg));
        break;

    case OFPTYPE_FEATURES_REQUEST:
        handle_features_request(ofconn, oh);
        break;

    case OFPTYPE_GET_CONFIG_REQUEST:
        handle_get_config_request(ofconn, oh);
        break;

    case OFPTYPE_SET_CONFIG:
        error = handle_set_config(ofconn, oh);
        break;

    case OFPTYPE_BARRIER_REQUEST:
        /* Every earlier message is already fully processed. */
        ofconn_send(ofconn, ofp_encode_barrier_reply(oh));
        break;

    case OFPTYPE_ROLE_REQUEST:
        error = handle_role_request(ofconn, oh);
        break;

    case OFPTYPE_FLOW_MOD:
        error = handle_flow_mod(ofconn, oh);
        break;

    case OFPTYPE_PACKET_OUT:
        error = handle_packet_out(ofconn, oh);
        break;

    case OFPTYPE_NXT_RESUME:
        error = handle_resume(ofconn, oh);
        break;

    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        error = handle_flow_stats_request(ofconn, oh, type);
        break;

    case OFPTYPE_DESC_STATS_REQUEST:
        handle_desc_stats_request(ofconn, oh);
        break;

    case OFPTYPE_TABLE_STATS_REQUEST:
        handle_table_stats_request(ofconn, oh);
        break;

    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        handle_port_desc_stats_request(ofconn, oh);
        break;

    case OFPTYPE_PORT_STATS_REQUEST:
        error = handle_port_stats_request(ofconn, oh);
        break;

    case OFPTYPE_SET_FLOW_FORMAT: {
        enum nx_flow_format format;
        error = ofp_decode_set_flow_format(oh, &format);
        if (!error) {
            ofconn->nxm = format == NXFF_NXM;
        }
        break;
    }

    case OFPTYPE_FLOW_MOD_TABLE_ID: {
        bool enable;
        error = ofp_decode_flow_mod_table_id(oh, &enable);
        if (!error) {
            ofconn->tid = enable;
        }
        break;
    }

    case OFPTYPE_SET_PACKET_IN_FORMAT: {
        enum nx_packet_in_format format;
        error = ofp_decode_set_packet_in_format(oh, &format);
        if (!error) {
            ofconn->pin_format = format;
        }
        break;
    }

    case OFPTYPE_SET_CONTROLLER_ID: {
        uint16_t id;
        error = ofp_decode_set_controller_id(oh, &id);
        if (!error) {
            ofconn->controller_id = id;
        }
        break;
    }

    case OFPTYPE_PORT_MOD:
        error = handle_port_mod(ofconn, oh);
        break;

    case OFPTYPE_GROUP_MOD:
        error = handle_group_mod(ofconn, oh);
        break;

    case OFPTYPE_GROUP_STATS_REQUEST:
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST: {
        struct ofp_multipart mp;
        error = ofproto_group_reply(ofconn->mgr->ofproto, oh, &mp);
        if (!error) {
            ofconn_send_replies(ofconn, &mp);
            ofp_multipart_destroy(&mp);
        }
        break;
    }

    case OFPTYPE_TABLE_MOD:
        error = handle_table_mod(ofconn, oh);
        break;

    case OFPTYPE_METER_MOD:
        error = handle_meter_mod(ofconn, oh);
        break;

    case OFPTYPE_SET_ASYNC_CONFIG:
        error = handle_set_async(ofconn, oh);
        break;

    case OFPTYPE_GET_ASYNC_REQUEST:
        handle_get_async_request(ofconn, oh);
        break;

    case OFPTYPE_TABLE_DESC_STATS_REQUEST:
        handle_table_desc_request(ofconn, oh);
        break;

    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
        error = handle_table_features_request(ofconn, oh);
        break;

    case OFPTYPE_QUEUE_STATS_REQUEST:
        error = handle_queue_stats_request(ofconn, oh);
        break;

    case OFPTYPE_METER_STATS_REQUEST:
    case OFPTYPE_METER_CONFIG_STATS_REQUEST:
    case OFPTYPE_METER_FEATURES_STATS_REQUEST: {
        struct ofp_multipart mp;
        error = ofproto_meter_reply(ofconn->mgr->ofproto, oh, &mp);
        if (!error) {
            ofconn_send_replies(ofconn, &mp);
            ofp_multipart_destroy(&mp);
        }
        break;
    }

    case OFPTYPE_BUNDLE_CONTROL:
        error = ofproto_bundle_control(ofconn->bundles, ofconn->mgr->ofproto,
                                       oh, &bundle_ops, ofconn);
        break;

    case OFPTYPE_BUNDLE_ADD_MESSAGE:
        error = ofproto_bundle_add(ofconn->bundles, oh);
        break;

    case OFPTYPE_FLOW_MONITOR_STATS_REQUEST:
        error = ofproto_monitors_request(ofconn->monitors,
                                         ofconn->mgr->ofproto, oh,
                                         &monitor_ops, ofconn);
        break;

    case OFPTYPE_FLOW_MONITOR_CANCEL:
        error = ofproto_monitors_cancel(ofconn->monitors, oh);
        break;

    case OFPTYPE_ERROR:
        VLOG_INFO_RL(&rl, "%s: received error message",
                     rconn_get_name(ofconn->rconn));
        break;

    default:
        error = OFPERR_OFPBRC_BAD_TYPE;
        break;
    }

    if (error) {
        ofconn_send_error(ofconn, oh, error);
    }
}

/* Packet-ins. */

static void
wake_main_thread(struct connmgr *mgr)
{
    char c = 0;
    ignore(write(mgr->pin_fd[1], &c, 1) == 1);
}

static void
queued_pin_destroy(struct queued_pin *qp)
{
    free(qp->data);
    free(qp->userdata);
    free(qp->continuation);
    free(qp);
}

void
connmgr_queue_packet_in(struct connmgr *mgr, const void *packet, size_t size,
                        const struct flow *flow, uint8_t reason,
                        uint8_t table_id, uint64_t cookie_be,
                        uint16_t max_len, uint16_t controller_id,
                        const void *userdata, size_t userdata_len,
                        const void *continuation, size_t continuation_len)
{
    struct queued_pin *qp = xzalloc(sizeof *qp);
    qp->data = xmemdup(packet, size ? size : 1);
    qp->pin.packet = qp->data;
    qp->pin.packet_len = size;
    qp->pin.total_len = size;
    qp->pin.buffer_id = UINT32_MAX;
    qp->pin.reason = reason;
    qp->pin.table_id = table_id;
    qp->pin.cookie = cookie_be;
    /* The metadata as Open vSwitch reports it: in_port, and the
     * registers and metadata that are not zero. */
    match_init_catchall(&qp->pin.metadata);
    match_set_in_port(&qp->pin.metadata, flow->in_port);
    if (flow->metadata) {
        match_set_metadata_masked(&qp->pin.metadata, flow->metadata,
                                  OVS_BE64_MAX);
    }
    for (int i = 0; i < FLOW_N_REGS; i++) {
        if (flow->regs[i]) {
            match_set_reg_masked(&qp->pin.metadata, i, flow->regs[i],
                                 UINT32_MAX);
        }
    }
    qp->max_len = max_len;
    qp->controller_id = controller_id;
    if (userdata_len) {
        qp->userdata = xmemdup(userdata, userdata_len);
        qp->userdata_len = userdata_len;
    }
    if (continuation) {
        qp->continuation = xmemdup(continuation,
                                   continuation_len ? continuation_len : 1);
        qp->continuation_len = continuation_len;
    }

    bool queued = false;
    pthread_mutex_lock(&mgr->pin_mutex);
    if (mgr->n_pins < MAX_QUEUED_PACKET_INS) {
        ovs_list_push_back(&mgr->pins, &qp->node);
        mgr->n_pins++;
        queued = true;
    }
    pthread_mutex_unlock(&mgr->pin_mutex);

    if (queued) {
        wake_main_thread(mgr);
    } else {
        COVERAGE_INC(connmgr_packet_in_drop);
        queued_pin_destroy(qp);
    }
}

static void
send_packet_in(struct connmgr *mgr, struct queued_pin *qp)
{
    struct ofconn *ofconn;
    struct ofp_continuation cont;
    struct ofpbuf cont_ofpacts;
    bool has_cont = false;

    ofpbuf_init(&cont_ofpacts, 0);
    if (qp->continuation) {
        enum ofperr error = ofp_continuation_pull(qp->continuation,
                                                  qp->continuation_len,
                                                  OFP15_VERSION, &cont,
                                                  &cont_ofpacts);
        if (error) {
            VLOG_WARN_RL(&rl, "%s: cannot decode a paused translation "
                         "(%s)", mgr->name, ofperr_get_name(error));
        }
        has_cont = !error;
    }
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        int version = ofconn_version(ofconn);
        if (!ofconn_receives_async(ofconn, OAK_PACKET_IN, qp->pin.reason)
            || (qp->controller_id
                && qp->controller_id != ofconn->controller_id)) {
            continue;
        }

        struct ofp_packet_in pin = qp->pin;
        size_t max_len = qp->max_len;
        if (max_len == UINT16_MAX) {
            max_len = pin.reason == 0 ? ofconn->miss_send_len : SIZE_MAX;
        }
        if (pin.reason == 0 && version == OFP10_VERSION
            && !ofconn->miss_send_len) {
            continue;
        }
        /* Open vSwitch (3.1, checked) sends NXT_PACKET_IN2 with the whole
         * packet whatever the max_len: so do we. */
        if (ofconn->pin_format != NXPIF_NXT_PACKET_IN2) {
            pin.packet_len = MIN(pin.packet_len, max_len);
        }
        COVERAGE_INC(connmgr_packet_in);
        struct ofpbuf *msg;
        if (ofconn->pin_format == NXPIF_NXT_PACKET_IN2) {
            msg = ofp_encode_packet_in2(&pin, version, qp->userdata,
                                        qp->userdata_len,
                                        has_cont ? &cont : NULL);
        } else {
            /* Without NXT_PACKET_IN2 the userdata and the continuation
             * cannot go along: a paused packet goes no further. */
            msg = ofp_encode_packet_in(&pin, version, ofconn->pin_format);
        }
        async_xid(msg);
        ofconn_snoop(ofconn, msg);
        rconn_send_with_limit(ofconn->rconn, msg, PACKET_IN_TXQ_LIMIT);
    }
    if (has_cont) {
        free(cont.frames);
    }
    ofpbuf_uninit(&cont_ofpacts);
}

static void
send_packet_ins(struct connmgr *mgr)
{
    char buf[64];
    while (read(mgr->pin_fd[0], buf, sizeof buf) > 0) {
        continue;
    }

    struct ovs_list pins;
    pthread_mutex_lock(&mgr->pin_mutex);
    ovs_list_init(&pins);
    ovs_list_splice_back(&pins, &mgr->pins);
    mgr->n_pins = 0;
    pthread_mutex_unlock(&mgr->pin_mutex);

    struct queued_pin *qp;
    LIST_FOR_EACH_POP (qp, node, &pins) {
        send_packet_in(mgr, qp);
        queued_pin_destroy(qp);
    }
}

/* FLOW_REMOVED, to every controller that is not a slave. */
static void
flow_removed_cb(void *mgr_, const struct ofproto_flow_stats *f,
                enum ofproto_flow_removed_reason reason)
{
    struct connmgr *mgr = mgr_;
    long long age = time_msec() - f->created;
    struct ofp_flow_removed fr = {
        .match = f->match,
        .priority = f->priority,
        .cookie = f->cookie,
        .reason = reason,
        .table_id = f->table_id,
        .duration_sec = msec_to_sec(age),
        .duration_nsec = age < 0 ? 0 : (age % 1000) * 1000000,
        .idle_timeout = f->idle_timeout,
        .hard_timeout = f->hard_timeout,
        .packet_count = f->n_packets,
        .byte_count = f->n_bytes,
    };

    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        int version = ofconn_version(ofconn);
        /* Eviction is a reason of its own only from OpenFlow 1.4. */
        fr.reason = (reason == OFPROTO_FR_EVICTION && version < OFP14_VERSION
                     ? OFPROTO_FR_DELETE : reason);
        if (!ofconn_receives_async(ofconn, OAK_FLOW_REMOVED, fr.reason)) {
            continue;
        }
        enum ofp_protocol protocol
            = (version == OFP10_VERSION
               ? (ofconn->nxm ? OFPP_OF10_NXM : OFPP_OF10_STD)
               : ofp_protocol_from_version(version));
        ofconn_send(ofconn, async_xid(ofp_encode_flow_removed(&fr,
                                                              protocol)));
    }
}
