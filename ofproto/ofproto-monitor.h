/* ofproto-monitor.h -- OpenFlow flow monitors, the switch's side.
 *
 * A controller connection may hold flow monitors (NXST_FLOW_MONITOR,
 * ONFST_FLOW_MONITOR, OFPMP_FLOW_MONITOR; lib/ofp-monitor.h has the
 * wire forms).  Each has an id chosen by the controller, flags (which
 * events, with or without actions, own changes or not), a table, an
 * out_port and out_group filter and a match that selects flows loosely,
 * as a flow stats request does.  Creating one with the "initial" flag
 * replies with the flows it selects; afterwards every change to a
 * selected flow (added, modified, deleted by any connection, by a
 * timeout or by eviction) is sent as an update, once per connection
 * however many of its monitors select it.  The connection's own flow_mods
 * are reported in full to monitors with the "own" flag, and abbreviated to
 * the xid of the flow_mod (the ABBREV event) to the others, as
 * ovs-ofctl(8) documents "!own".
 *
 * Flow control: updates are not replies, and a controller that does not
 * read would otherwise make them pile up without bound.  When a
 * connection's send queue holds OFPROTO_MONITOR_PAUSE_AT messages, the
 * connection gets "paused" (NXT/ONFT_FLOW_MONITOR_PAUSED, or a PAUSED
 * event in 1.4+) and no more updates; once the queue is down to
 * OFPROTO_MONITOR_RESUME_AT, it gets a full ADDED update of every flow
 * its monitors select (what changed while paused, deletions aside, is
 * then known again) and "resumed".
 *
 * connmgr.c keeps one struct ofproto_monitors per connection and hands
 * it every flow change that ofproto.c reports.  Main thread only. */
#ifndef OFPROTO_MONITOR_H
#define OFPROTO_MONITOR_H 1

#include <stdbool.h>
#include <stddef.h>
#include "ofp-msgs.h"

struct ofpbuf;
struct ofproto;
struct ofproto_flow_change;

#define OFPROTO_MONITOR_PAUSE_AT 256
#define OFPROTO_MONITOR_RESUME_AT 16

/* How to reach the connection. */
struct ofproto_monitor_ops {
    /* Sends 'msg' (taking it) on the connection. */
    void (*send)(void *aux, struct ofpbuf *msg);
    /* Messages queued on the connection, not yet sent. */
    size_t (*backlog)(void *aux);
    /* The connection's OpenFlow version. */
    int (*version)(void *aux);
};

struct ofproto_monitors *ofproto_monitors_create(void);
void ofproto_monitors_destroy(struct ofproto_monitors *);  /* NULL is ok. */
/* Forgets every monitor (a new connection). */
void ofproto_monitors_clear(struct ofproto_monitors *);
bool ofproto_monitors_is_empty(const struct ofproto_monitors *);

/* Handles FLOW_MONITOR request 'oh': adds its monitors (1.4+: adds,
 * modifies or deletes), all or none, and sends the reply with the initial
 * flows.  Returns 0 or the error to send in reply. */
enum ofperr ofproto_monitors_request(struct ofproto_monitors *,
                                     struct ofproto *,
                                     const struct ofp_header *oh,
                                     const struct ofproto_monitor_ops *,
                                     void *aux);
/* Handles NXT/ONFT_FLOW_MONITOR_CANCEL 'oh'. */
enum ofperr ofproto_monitors_cancel(struct ofproto_monitors *,
                                    const struct ofp_header *oh);

/* Sends the updates 'changes[0..n)' are worth to this connection.
 * 'is_own': they come from a flow_mod of this connection with xid
 * 'xid'. */
void ofproto_monitors_flows_changed(struct ofproto_monitors *,
                                    const struct ofproto_flow_change *,
                                    size_t n, bool is_own, ovs_be32 xid,
                                    const struct ofproto_monitor_ops *,
                                    void *aux);

/* Resumes a paused connection whose queue has drained. */
void ofproto_monitors_run(struct ofproto_monitors *, struct ofproto *,
                          const struct ofproto_monitor_ops *, void *aux);

#endif /* ofproto-monitor.h */
