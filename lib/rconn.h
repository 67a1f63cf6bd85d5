/* rconn.h -- a reliable OpenFlow connection: reconnects, probes, queues.
 *
 * An rconn keeps one OpenFlow connection (a vconn, lib/vconn.h) to a
 * target such as a controller's "tcp:192.0.2.1:6653" up as well as it
 * can:
 *
 *   - Reconnect: after a failed attempt or a dropped connection it waits
 *     and tries again, 1 s at first, doubling up to 'max_backoff' seconds
 *     (default 8).  An attempt, HELLO exchange included, that takes
 *     longer than the backoff (at least 1 s) is abandoned.
 *   - Inactivity probe: after 'probe_interval' seconds without receiving
 *     anything it sends an ECHO_REQUEST; if nothing arrives in another
 *     'probe_interval' seconds it drops the connection and reconnects.
 *     0 disables probing (unix: connections need none).
 *   - Transmit queue: messages sent while connected are queued and
 *     written as the stream accepts them.  rconn_send() never drops: it is
 *     for replies, which a peer waits for, and the owner bounds the queue
 *     by not reading more requests while rconn_count_txqlen() is high.
 *     rconn_send_with_limit() is for unsolicited traffic (packet-ins,
 *     port status...): beyond its limit (RCONN_MAX_QUEUE, say) new
 *     messages are dropped and counted.  Messages queued when the
 *     connection drops are lost.
 *
 * The timing decisions come from lib/reconnect.c (fed with time_msec(),
 * so "ovs-appctl time/warp" drives them in tests).
 *
 * An rconn may also wrap a connection accepted by a listener (pvconn):
 * rconn_connect_unreliably().  It then never reconnects; once that
 * connection is gone, rconn_is_alive() turns false and the owner
 * destroys it.
 *
 * Echo requests from the peer are not answered here: they are ordinary
 * messages for the owner (connmgr answers them).  Echo replies to our own
 * probes are consumed here.
 *
 * Implemented in rconn.c. */
#ifndef RCONN_H
#define RCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofpbuf;
struct rconn;
struct vconn;

#define RCONN_MAX_QUEUE 1000             /* Messages. */
#define RCONN_DEFAULT_MAX_BACKOFF 8      /* Seconds. */
#define RCONN_DEFAULT_PROBE_INTERVAL 5   /* Seconds. */

/* A new rconn that is not connected to anything.  PROBE_INTERVAL and
 * MAX_BACKOFF are in seconds (0 for the defaults above; a negative
 * PROBE_INTERVAL disables probing); ALLOWED_VERSIONS is a version bitmap
 * as in vconn.h. */
struct rconn *rconn_create(int probe_interval, int max_backoff, uint8_t dscp,
                           uint32_t allowed_versions);
void rconn_destroy(struct rconn *);            /* NULL is fine. */

void rconn_set_max_backoff(struct rconn *, int max_backoff);
int rconn_get_max_backoff(const struct rconn *);
/* 0 disables probes. */
void rconn_set_probe_interval(struct rconn *, int probe_interval);
int rconn_get_probe_interval(const struct rconn *);
void rconn_set_dscp(struct rconn *, uint8_t dscp);
/* Takes effect at the next connection. */
void rconn_set_allowed_versions(struct rconn *, uint32_t allowed_versions);
uint32_t rconn_get_allowed_versions(const struct rconn *);

/* Starts keeping a connection to TARGET (a vconn name) up; NAME (NULL:
 * TARGET) is used in log messages.  Drops any current connection. */
void rconn_connect(struct rconn *, const char *target, const char *name);
/* Takes over VCONN, an accepted connection; no reconnection later. */
void rconn_connect_unreliably(struct rconn *, struct vconn *,
                              const char *name);
/* Drops the current connection, if any, and reconnects (if reliable). */
void rconn_reconnect(struct rconn *);
/* Drops the connection and stops trying. */
void rconn_disconnect(struct rconn *);

void rconn_run(struct rconn *);
void rconn_run_wait(struct rconn *);

/* The next received message, or NULL.  The caller owns it. */
struct ofpbuf *rconn_recv(struct rconn *);
void rconn_recv_wait(struct rconn *);

/* Queues MSG for sending, always taking ownership.  Returns 0, ENOTCONN
 * if not connected (MSG dropped) or EAGAIN if the queue is full (MSG
 * dropped).  rconn_send_with_limit() treats LIMIT queued messages as full
 * (for traffic that may be dropped, like packet-ins). */
int rconn_send(struct rconn *, struct ofpbuf *msg);
int rconn_send_with_limit(struct rconn *, struct ofpbuf *msg, size_t limit);
size_t rconn_count_txqlen(const struct rconn *);
/* Messages dropped by rconn_send*() because the queue was full. */
unsigned long long rconn_get_n_dropped(const struct rconn *);

/* Status. */
const char *rconn_get_name(const struct rconn *);
const char *rconn_get_target(const struct rconn *);   /* "" if none. */
/* Connected or trying to be. */
bool rconn_is_alive(const struct rconn *);
/* Connected, HELLO exchange done. */
bool rconn_is_connected(const struct rconn *);
bool rconn_is_reliable(const struct rconn *);
/* The negotiated version, or -1 if not connected. */
int rconn_get_version(const struct rconn *);
/* "VOID", "BACKOFF", "CONNECTING", "ACTIVE", "IDLE"... */
const char *rconn_get_state(const struct rconn *);
/* The last connection error (0 if none, EOF for a clean close by the
 * peer). */
int rconn_get_last_error(const struct rconn *);
/* Seconds since the last connection was made / dropped, or UINT_MAX if
 * never. */
unsigned int rconn_get_sec_since_connect(const struct rconn *);
unsigned int rconn_get_sec_since_disconnect(const struct rconn *);
/* Seconds since the rconn was last connected (or since it was created, if
 * never), 0 while connected.  For fail-mode decisions. */
unsigned int rconn_failure_duration(const struct rconn *);
/* Connection attempts made so far (for tests and status). */
unsigned int rconn_get_n_attempts(const struct rconn *);
/* Changes each time a new connection is made: the owner resets the
 * per-connection state it keeps (role, async config) when it changes. */
unsigned int rconn_get_connection_seqno(const struct rconn *);

#endif /* rconn.h */
