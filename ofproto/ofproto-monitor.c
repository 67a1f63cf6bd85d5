/* ofproto-monitor.c -- OpenFlow flow monitors, the switch's side (see
 * ofproto-monitor.h).
 *
 * A connection's monitors are a small hash map by id.  A flow change is
 * matched against each of them (table, out_port, out_group, loose
 * match); the union of the flags of those that select it decides whether
 * and how it is reported.  Updates go out one message per change batch,
 * split as multipart replies are. */
#include <config.h>
#include "ofproto-monitor.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "classifier.h"
#include "coverage.h"
#include "hash.h"
#include "hmap.h"
#include "ofp-actions.h"
#include "ofp-monitor.h"
#include "ofpbuf.h"
#include "ofproto.h"
#include "ofproto-group.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto_monitor);

COVERAGE_DEFINE(ofproto_monitor_update);
COVERAGE_DEFINE(ofproto_monitor_paused);

struct monitor {
    struct hmap_node node;      /* In ofproto_monitors->monitors, by id. */
    struct ofp_monitor_request rq;
};

struct ofproto_monitors {
    struct hmap monitors;
    bool paused;
};

/* Updates longer than this start a new message. */
#define UPDATE_MSG_MAX 65000

struct ofproto_monitors *
ofproto_monitors_create(void)
{
    struct ofproto_monitors *ms = xzalloc(sizeof *ms);
    hmap_init(&ms->monitors);
    return ms;
}

void
ofproto_monitors_clear(struct ofproto_monitors *ms)
{
    struct monitor *m, *next;
    HMAP_FOR_EACH_SAFE (m, next, node, &ms->monitors) {
        hmap_remove(&ms->monitors, &m->node);
        free(m);
    }
    ms->paused = false;
}

void
ofproto_monitors_destroy(struct ofproto_monitors *ms)
{
    if (ms) {
        ofproto_monitors_clear(ms);
        hmap_destroy(&ms->monitors);
        free(ms);
    }
}

bool
ofproto_monitors_is_empty(const struct ofproto_monitors *ms)
{
    return hmap_is_empty(&ms->monitors);
}

static struct monitor *
monitor_find(const struct ofproto_monitors *ms, uint32_t id)
{
    struct monitor *m;
    HMAP_FOR_EACH_WITH_HASH (m, node, hash_int(id, 0), &ms->monitors) {
        if (m->rq.id == id) {
            return m;
        }
    }
    return NULL;
}

/* True if monitor 'rq' selects 'flow'. */
static bool
monitor_selects(const struct ofp_monitor_request *rq,
                const struct ofproto_flow_stats *flow)
{
    if (rq->table_id != 0xff && rq->table_id != flow->table_id) {
        return false;
    }
    if (rq->out_port != OFPP_NONE
        && !ofpacts_output_to_port(flow->ofpacts, flow->ofpacts_len,
                                   rq->out_port)) {
        return false;
    }
    if (rq->out_group != UINT32_MAX
        && !ofproto_ofpacts_use_group(flow->ofpacts, flow->ofpacts_len,
                                      rq->out_group)) {
        return false;
    }
    struct cls_rule cr;
    cls_rule_init(&cr, &flow->match, flow->priority);
    bool selected = cls_rule_is_loose_match(&cr, &rq->match);
    cls_rule_destroy(&cr);
    return selected;
}

/* Batches update entries into messages of the connection's version. */
struct update_batch {
    int version;
    struct ofpbuf *msg;
    const struct ofproto_monitor_ops *ops;
    void *aux;
    const struct ofp_header *request;   /* Reply to this, or NULL. */
    struct ofp_multipart mp;
};

static void
batch_put(struct update_batch *b, const struct ofp_monitor_update *u)
{
    struct ofpbuf entry;
    ofpbuf_init(&entry, 128);
    ofp_monitor_update_put(u, b->version, &entry);
    if (b->request) {
        memcpy(ofp_multipart_put(&b->mp, entry.size), entry.data,
               entry.size);
    } else {
        if (b->msg && b->msg->size + entry.size > UPDATE_MSG_MAX) {
            ofpmsg_update_length(b->msg);
            b->ops->send(b->aux, b->msg);
            b->msg = NULL;
        }
        if (!b->msg) {
            b->msg = ofp_monitor_update_msg(b->version);
        }
        ofpbuf_put(b->msg, entry.data, entry.size);
    }
    ofpbuf_uninit(&entry);
    COVERAGE_INC(ofproto_monitor_update);
}

static void
batch_flush(struct update_batch *b)
{
    if (b->msg) {
        ofpmsg_update_length(b->msg);
        b->ops->send(b->aux, b->msg);
        b->msg = NULL;
    }
}

static void
put_flow(struct update_batch *b, enum ofp_monitor_event event,
         uint8_t reason, const struct ofproto_flow_stats *flow,
         bool with_actions)
{
    struct ofp_monitor_update u;
    memset(&u, 0, sizeof u);
    u.event = event;
    u.reason = reason;
    u.table_id = flow->table_id;
    u.idle_timeout = flow->idle_timeout;
    u.hard_timeout = flow->hard_timeout;
    u.priority = flow->priority;
    u.cookie = flow->cookie;
    u.match = flow->match;
    if (with_actions) {
        u.ofpacts = flow->ofpacts;
        u.ofpacts_len = flow->ofpacts_len;
    }
    batch_put(b, &u);
}

/* Appends to 'b' an update for every flow that one of 'rqs[0..n)' with
 * 'flag' selects: the initial dump, or the refresh of a resume. */
static void
put_selected_flows(struct update_batch *b, struct ofproto *ofproto,
                   const struct ofp_monitor_request *const *rqs, size_t n,
                   uint16_t flag, enum ofp_monitor_event event)
{
    struct ofp_flow_spec fs;
    memset(&fs, 0, sizeof fs);
    fs.table_id = 0xff;
    fs.out_port = OFPP_NONE;
    fs.out_group = UINT32_MAX;
    match_init_catchall(&fs.match);

    struct ofproto_flow_stats *flows;
    size_t n_flows;
    ofproto_collect_flows(ofproto, &fs, false, &flows, &n_flows);
    for (size_t i = 0; i < n_flows; i++) {
        bool selected = false, with_actions = false;
        for (size_t j = 0; j < n; j++) {
            if (rqs[j]->flags & flag && monitor_selects(rqs[j], &flows[i])) {
                selected = true;
                with_actions |= (rqs[j]->flags & OFP_MONITOR_ACTIONS) != 0;
            }
        }
        /* Table 254 holds the switch's hidden flows. */
        if (selected && flows[i].table_id < OFPROTO_N_TABLES - 1) {
            put_flow(b, event, 0, &flows[i], with_actions);
        }
    }
    ofproto_flow_stats_destroy(flows, n_flows);
}

enum ofperr
ofproto_monitors_request(struct ofproto_monitors *ms, struct ofproto *ofproto,
                         const struct ofp_header *oh,
                         const struct ofproto_monitor_ops *ops, void *aux)
{
    struct ofp_monitor_request *rqs = NULL;
    size_t n = 0, allocated = 0;
    struct ofpbuf msg;
    enum ofperr error = 0;

    ofpbuf_use_const(&msg, oh, ntohs(oh->length));
    msg.header = NULL;
    for (;;) {
        struct ofp_monitor_request rq;
        int retval = ofp_monitor_request_pull(&msg, &rq);
        if (retval == EOF) {
            break;
        } else if (retval) {
            error = retval;
            goto out;
        }
        if (rq.command != OFP_MONITOR_CMD_DELETE
            && rq.table_id != 0xff && rq.table_id >= OFPROTO_N_TABLES - 1) {
            error = (oh->version >= OFP14_VERSION
                     ? OFPERR_OFPMOFC_BAD_TABLE_ID
                     : OFPERR_OFPBRC_BAD_TABLE_ID);
            goto out;
        }
        /* An id is taken if a monitor has it, or an earlier entry of this
         * request adds it. */
        bool exists = monitor_find(ms, rq.id) != NULL;
        for (size_t i = 0; i < n; i++) {
            if (rqs[i].id == rq.id) {
                exists = rqs[i].command != OFP_MONITOR_CMD_DELETE;
            }
        }
        if (rq.command == OFP_MONITOR_CMD_ADD && exists) {
            error = OFPERR_OFPMOFC_MONITOR_EXISTS;
            goto out;
        } else if (rq.command != OFP_MONITOR_CMD_ADD && !exists) {
            error = OFPERR_OFPMOFC_UNKNOWN_MONITOR;
            goto out;
        }
        if (n >= allocated) {
            rqs = x2nrealloc(rqs, &allocated, sizeof *rqs);
        }
        rqs[n++] = rq;
    }

    /* Every entry is valid: carry them out. */
    const struct ofp_monitor_request **initial = xmalloc((n + 1)
                                                         * sizeof *initial);
    size_t n_initial = 0;
    for (size_t i = 0; i < n; i++) {
        struct monitor *m = monitor_find(ms, rqs[i].id);
        if (rqs[i].command == OFP_MONITOR_CMD_DELETE) {
            if (m) {
                for (size_t j = 0; j < n_initial; j++) {
                    if (initial[j] == &m->rq) {
                        initial[j--] = initial[--n_initial];
                    }
                }
                hmap_remove(&ms->monitors, &m->node);
                free(m);
            }
            continue;
        }
        if (!m) {
            m = xmalloc(sizeof *m);
            hmap_insert(&ms->monitors, &m->node, hash_int(rqs[i].id, 0));
        }
        m->rq = rqs[i];
        initial[n_initial++] = &m->rq;
    }

    struct update_batch b = {
        .version = oh->version, .ops = ops, .aux = aux, .request = oh,
    };
    ofp_multipart_start(&b.mp, OFPTYPE_FLOW_MONITOR_STATS_REPLY, oh);
    put_selected_flows(&b, ofproto, initial, n_initial, OFP_MONITOR_INITIAL,
                       (oh->version >= OFP14_VERSION
                        ? OFP_MONITOR_EV_INITIAL : OFP_MONITOR_EV_ADDED));
    struct ofpbuf **msgs;
    size_t n_msgs;
    ofp_multipart_steal(&b.mp, &msgs, &n_msgs);
    for (size_t i = 0; i < n_msgs; i++) {
        ops->send(aux, msgs[i]);
    }
    free(msgs);
    ofp_multipart_destroy(&b.mp);
    free(initial);

out:
    free(rqs);
    return error;
}

enum ofperr
ofproto_monitors_cancel(struct ofproto_monitors *ms,
                        const struct ofp_header *oh)
{
    uint32_t id;
    enum ofperr error = ofp_monitor_cancel_decode(oh, &id);
    if (error) {
        return error;
    }
    struct monitor *m = monitor_find(ms, id);
    if (!m) {
        return OFPERR_OFPMOFC_UNKNOWN_MONITOR;
    }
    hmap_remove(&ms->monitors, &m->node);
    free(m);
    return 0;
}

static uint16_t
event_flag(enum ofproto_flow_event event)
{
    switch (event) {
    case OFPROTO_FLOW_ADDED:
        return OFP_MONITOR_ADD;
    case OFPROTO_FLOW_MODIFIED:
        return OFP_MONITOR_MODIFY;
    case OFPROTO_FLOW_DELETED:
        return OFP_MONITOR_DELETE;
    }
    return 0;
}

static enum ofp_monitor_event
event_to_monitor(enum ofproto_flow_event event)
{
    switch (event) {
    case OFPROTO_FLOW_ADDED:
        return OFP_MONITOR_EV_ADDED;
    case OFPROTO_FLOW_MODIFIED:
        return OFP_MONITOR_EV_MODIFIED;
    case OFPROTO_FLOW_DELETED:
        return OFP_MONITOR_EV_DELETED;
    }
    return OFP_MONITOR_EV_ADDED;
}

void
ofproto_monitors_flows_changed(struct ofproto_monitors *ms,
                               const struct ofproto_flow_change *changes,
                               size_t n, bool is_own, ovs_be32 xid,
                               const struct ofproto_monitor_ops *ops,
                               void *aux)
{
    if (hmap_is_empty(&ms->monitors) || ms->paused) {
        return;
    }

    struct update_batch b = { .version = ops->version(aux), .ops = ops,
                              .aux = aux };
    bool abbreviated = false;
    for (size_t i = 0; i < n; i++) {
        const struct ofproto_flow_change *c = &changes[i];
        uint16_t flag = event_flag(c->event);
        bool selected = false, with_actions = false, own_ok = false;
        const struct monitor *m;

        if (c->flow.table_id >= OFPROTO_N_TABLES - 1) {
            continue;           /* Hidden flows. */
        }
        HMAP_FOR_EACH (m, node, &ms->monitors) {
            if (m->rq.flags & flag && monitor_selects(&m->rq, &c->flow)) {
                selected = true;
                with_actions |= (m->rq.flags & OFP_MONITOR_ACTIONS) != 0;
                own_ok |= (m->rq.flags & OFP_MONITOR_OWN) != 0;
            }
        }
        if (!selected) {
            continue;
        }
        if (is_own && !own_ok) {
            /* The controller knows what it asked for: without "own", one
             * abbreviated update per flow_mod, whatever it changed. */
            if (!abbreviated) {
                struct ofp_monitor_update u;
                memset(&u, 0, sizeof u);
                u.event = OFP_MONITOR_EV_ABBREV;
                u.xid = ntohl(xid);
                batch_put(&b, &u);
                abbreviated = true;
            }
            continue;
        }
        uint8_t reason = c->reason;
        if (reason == OFPROTO_FR_EVICTION && b.version < OFP14_VERSION) {
            reason = OFPROTO_FR_DELETE;     /* No such reason before. */
        }
        put_flow(&b, event_to_monitor(c->event), reason, &c->flow,
                 with_actions);
    }
    batch_flush(&b);

    if (ops->backlog(aux) >= OFPROTO_MONITOR_PAUSE_AT) {
        ms->paused = true;
        COVERAGE_INC(ofproto_monitor_paused);
        VLOG_INFO("flow monitor updates paused: the controller does not "
                  "keep up");
        ops->send(aux, ofp_monitor_paused_encode(b.version, false));
    }
}

void
ofproto_monitors_run(struct ofproto_monitors *ms, struct ofproto *ofproto,
                     const struct ofproto_monitor_ops *ops, void *aux)
{
    if (!ms->paused || ops->backlog(aux) > OFPROTO_MONITOR_RESUME_AT) {
        return;
    }
    ms->paused = false;

    /* What changed while paused is unknown to the controller: every
     * selected flow again, then "resumed". */
    const struct ofp_monitor_request **rqs
        = xmalloc((hmap_count(&ms->monitors) + 1) * sizeof *rqs);
    size_t n = 0;
    struct monitor *m;
    HMAP_FOR_EACH (m, node, &ms->monitors) {
        rqs[n++] = &m->rq;
    }
    struct update_batch b = { .version = ops->version(aux), .ops = ops,
                              .aux = aux };
    put_selected_flows(&b, ofproto, rqs, n, OFP_MONITOR_ADD,
                       OFP_MONITOR_EV_ADDED);
    batch_flush(&b);
    free(rqs);
    ops->send(aux, ofp_monitor_paused_encode(b.version, true));
}
