/* connmgr.h -- a switch's OpenFlow connections and what they may do.
 *
 * Each ofproto (one bridge) has one connmgr.  It owns:
 *
 *   - the management socket punix:RUNDIR/BRIDGE.mgmt, which is what
 *     "ovs-ofctl BRIDGE" connects to (every version allowed by the
 *     bridge; connections from it are "service" connections: they do not
 *     count as controllers for fail-mode);
 *   - the controllers of the Controller table: active targets (tcp:,
 *     unix:, ssl:) kept up by an rconn each, and passive ones (ptcp:,
 *     punix:, pssl:) whose accepted connections are controllers too;
 *   - per connection: its negotiated version, its flow format (OpenFlow
 *     1.0 + NXM, table ids), its role (equal/master/slave), its
 *     packet-in format, miss_send_len and controller id.
 *
 * connmgr_run() reads and answers every message (ofproto/connmgr.c has
 * the dispatch: features, config, flow_mod, stats, packet_out, roles,
 * the Nicira messages of ovs-ofctl).  Asynchronous messages (port
 * status, flow removed, packet in) go to every controller whose role and
 * settings want them.
 *
 * Main thread only, except connmgr_queue_packet_in(), which the upcall
 * handler threads call. */
#ifndef CONNMGR_H
#define CONNMGR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct connmgr;
struct ofproto;
struct smap;
struct flow;

/* One row of the Controller table, as far as connections go. */
struct connmgr_controller {
    const char *target;         /* "tcp:1.2.3.4:6653", "ptcp:6653"... */
    int max_backoff;            /* Seconds; 0: default (8). */
    int probe_interval;         /* Seconds; 0: default (5), -1: none. */
    uint8_t dscp;
};

struct connmgr *connmgr_create(struct ofproto *, const char *bridge_name);
void connmgr_destroy(struct connmgr *);         /* NULL is fine. */

void connmgr_run(struct connmgr *);
void connmgr_wait(struct connmgr *);

/* The management socket: normally "punix:RUNDIR/BRIDGE.mgmt" (the
 * bridge sets it), NULL for none. */
void connmgr_set_management(struct connmgr *, const char *target);

/* Versions the bridge allows (Bridge protocols); 0 means the default,
 * OpenFlow 1.0 to 1.5.  New connections use it at once; existing ones
 * that negotiated a version outside it are dropped. */
void connmgr_set_allowed_versions(struct connmgr *, uint32_t versions);
/* Makes the set of controllers exactly CONTROLLERS[0..N). */
void connmgr_set_controllers(struct connmgr *,
                             const struct connmgr_controller *, size_t n);
/* Drops and reconnects every controller connection. */
void connmgr_reconnect(struct connmgr *);
/* True if any controller (not the management socket) is connected. */
bool connmgr_has_connected_controller(const struct connmgr *);
/* True if controllers are configured. */
bool connmgr_has_controllers(const struct connmgr *);

/* Status of the controller with TARGET, for the Controller table:
 * *is_connected and *role ("master", "slave", "other"), and in STATUS
 * the keys "state", "sec_since_connect", "sec_since_disconnect",
 * "last_error".  Returns false if there is no such controller. */
bool connmgr_get_controller_status(const struct connmgr *,
                                   const char *target, bool *is_connected,
                                   const char **role, struct smap *status);

/* A number that changes whenever a controller connects, disconnects or
 * changes role: the bridge then rewrites the Controller table. */
unsigned int connmgr_get_status_seq(const struct connmgr *);

/* Port changes, for PORT_STATUS messages (reason: 0 add, 1 delete, 2
 * modify).  For a deletion, call before the port disappears. */
void connmgr_port_changed(struct connmgr *, uint16_t ofp_port, int reason);

/* Packet-ins from the handler threads (any thread): PACKET is the whole
 * frame, FLOW its metadata (in_port, registers...); REASON 0 = no match,
 * 1 = action; MAX_LEN bytes at most go to the controller (UINT16_MAX: as
 * its miss_send_len says for a miss, all for an action); CONTROLLER_ID
 * selects the controllers with that id (0: all).  USERDATA is
 * controller(userdata=...)'s, for NXT_PACKET_IN2; CONTINUATION, nonnull
 * for controller(pause), the frozen translation as xlate keeps it (see
 * struct xlate_controller_userdata). */
void connmgr_queue_packet_in(struct connmgr *, const void *packet,
                             size_t size, const struct flow *flow,
                             uint8_t reason, uint8_t table_id,
                             uint64_t cookie_be, uint16_t max_len,
                             uint16_t controller_id,
                             const void *userdata, size_t userdata_len,
                             const void *continuation,
                             size_t continuation_len);

/* Flow monitors (ofproto-monitor.h): true if a connection has one, so
 * that ofproto records its flow changes; the changes, from ofproto.c
 * without the tables' lock. */
struct ofproto_flow_change;
bool connmgr_has_flow_monitors(const struct connmgr *);
void connmgr_flows_changed(struct connmgr *,
                           const struct ofproto_flow_change *, size_t n);

#endif /* connmgr.h */
