/* rconn.c -- a reliable OpenFlow connection: reconnects, probes, queues.
 *
 * See rconn.h.  The rconn owns at most one vconn at a time and a
 * struct reconnect that decides when to connect, probe and give up.  The
 * reconnect FSM's CONNECTING state covers both the stream connection and
 * the HELLO exchange: reconnect_connected() is reported only once the
 * vconn has negotiated a version, so a peer that accepts TCP but never
 * says HELLO counts as a failed attempt. */
#include <config.h>
#include "rconn.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "list.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "reconnect.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(rconn);

COVERAGE_DEFINE(rconn_queued);
COVERAGE_DEFINE(rconn_overflow);
COVERAGE_DEFINE(rconn_sent);
COVERAGE_DEFINE(rconn_probe);

#define OFPT_ECHO_REQUEST 2
#define OFPT_ECHO_REPLY 3

struct rconn_msg {
    struct ovs_list node;
    struct ofpbuf *msg;
};

struct rconn {
    char *name;                 /* For logging. */
    char *target;               /* vconn name to connect to, or "". */
    bool reliable;              /* Reconnect after a failure? */
    uint8_t dscp;
    uint32_t allowed_versions;

    struct reconnect *fsm;
    struct vconn *vconn;        /* Current connection, or NULL. */
    bool vconn_ready;           /* 'vconn' finished its HELLO exchange. */

    struct ovs_list txq;        /* struct rconn_msg, oldest first. */
    size_t txq_len;
    unsigned long long n_dropped;

    int last_error;
    unsigned int seqno;         /* Bumped on each new connection. */
    long long created;
};

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

static void drop_connection(struct rconn *, int error);

/* ERROR (a positive errno, or EOF) as text. */
static const char *
error_to_string(int error)
{
    return error == EOF ? "End of file" : ovs_strerror(error);
}

struct rconn *
rconn_create(int probe_interval, int max_backoff, uint8_t dscp,
             uint32_t allowed_versions)
{
    struct rconn *rc = xzalloc(sizeof *rc);
    long long now = time_msec();

    rc->name = xstrdup("void");
    rc->target = xstrdup("");
    rc->reliable = true;
    rc->dscp = dscp;
    rc->allowed_versions = (allowed_versions & VCONN_ALL_VERSIONS
                            ? allowed_versions & VCONN_ALL_VERSIONS
                            : VCONN_ALL_VERSIONS);
    rc->fsm = reconnect_create(now);
    reconnect_set_name(rc->fsm, rc->name);
    ovs_list_init(&rc->txq);
    rc->created = now;
    rconn_set_max_backoff(rc, max_backoff);
    rconn_set_probe_interval(rc, (probe_interval < 0 ? 0
                                  : probe_interval ? probe_interval
                                  : RCONN_DEFAULT_PROBE_INTERVAL));
    return rc;
}

static void
flush_queue(struct rconn *rc)
{
    struct rconn_msg *m;
    LIST_FOR_EACH_POP (m, node, &rc->txq) {
        ofpbuf_delete(m->msg);
        free(m);
    }
    rc->txq_len = 0;
}

void
rconn_destroy(struct rconn *rc)
{
    if (rc) {
        vconn_close(rc->vconn);
        flush_queue(rc);
        reconnect_destroy(rc->fsm);
        free(rc->name);
        free(rc->target);
        free(rc);
    }
}

void
rconn_set_max_backoff(struct rconn *rc, int max_backoff)
{
    if (max_backoff <= 0) {
        max_backoff = RCONN_DEFAULT_MAX_BACKOFF;
    }
    reconnect_set_backoff(rc->fsm, 1000, MAX(1, max_backoff) * 1000);
}

int
rconn_get_max_backoff(const struct rconn *rc)
{
    return reconnect_get_max_backoff(rc->fsm) / 1000;
}

void
rconn_set_probe_interval(struct rconn *rc, int probe_interval)
{
    reconnect_set_probe_interval(rc->fsm, MAX(0, probe_interval) * 1000);
}

int
rconn_get_probe_interval(const struct rconn *rc)
{
    return reconnect_get_probe_interval(rc->fsm) / 1000;
}

void
rconn_set_dscp(struct rconn *rc, uint8_t dscp)
{
    rc->dscp = dscp;
}

void
rconn_set_allowed_versions(struct rconn *rc, uint32_t allowed_versions)
{
    allowed_versions &= VCONN_ALL_VERSIONS;
    if (allowed_versions) {
        rc->allowed_versions = allowed_versions;
    }
}

uint32_t
rconn_get_allowed_versions(const struct rconn *rc)
{
    return rc->allowed_versions;
}

static void
set_names(struct rconn *rc, const char *target, const char *name)
{
    free(rc->target);
    free(rc->name);
    rc->target = xstrdup(target);
    rc->name = xstrdup(name ? name : target);
    reconnect_set_name(rc->fsm, rc->name);
}

void
rconn_connect(struct rconn *rc, const char *target, const char *name)
{
    long long now = time_msec();

    rconn_disconnect(rc);
    set_names(rc, target, name);
    rc->reliable = true;
    reconnect_set_max_tries(rc->fsm, UINT_MAX);
    reconnect_set_quiet(rc->fsm, false);
    reconnect_enable(rc->fsm, now);
}

void
rconn_connect_unreliably(struct rconn *rc, struct vconn *vconn,
                         const char *name)
{
    long long now = time_msec();

    rconn_disconnect(rc);
    set_names(rc, vconn_get_name(vconn), name);
    rc->reliable = false;
    /* One try, which this connection uses up: when it ends, the FSM goes
     * to VOID instead of backing off. */
    reconnect_set_max_tries(rc->fsm, 1);
    /* Tools come and go on listeners all the time: log that at DBG. */
    reconnect_set_quiet(rc->fsm, true);
    reconnect_enable(rc->fsm, now);
    reconnect_connecting(rc->fsm, now);
    rc->vconn = vconn;
    rc->vconn_ready = false;
}

void
rconn_reconnect(struct rconn *rc)
{
    if (rc->vconn) {
        VLOG_INFO("%s: disconnecting", rc->name);
        reconnect_force_reconnect(rc->fsm, time_msec());
    }
}

void
rconn_disconnect(struct rconn *rc)
{
    if (rc->vconn) {
        vconn_close(rc->vconn);
        rc->vconn = NULL;
        rc->vconn_ready = false;
    }
    flush_queue(rc);
    reconnect_disable(rc->fsm, time_msec());
}

/* Closes the current connection after ERROR and tells the FSM. */
static void
drop_connection(struct rconn *rc, int error)
{
    long long now = time_msec();

    if (error) {
        rc->last_error = error;
    }
    if (rc->vconn) {
        if (!rc->vconn_ready) {
            /* A failed attempt: the reconnect FSM logs it. */
        } else if (error == EOF) {
            VLOG__(rc->reliable ? VLL_INFO : VLL_DBG,
                 "%s: connection closed by peer", rc->name);
        } else if (error) {
            VLOG_WARN_RL(&rl, "%s: connection dropped (%s)", rc->name,
                         error_to_string(error));
        }
        vconn_close(rc->vconn);
        rc->vconn = NULL;
    }
    flush_queue(rc);
    if (rc->vconn_ready) {
        reconnect_disconnected(rc->fsm, now, error);
    } else {
        reconnect_connect_failed(rc->fsm, now, error);
    }
    rc->vconn_ready = false;
}

static void
start_connecting(struct rconn *rc)
{
    long long now = time_msec();

    if (!rc->reliable) {
        /* The accepted connection is gone; nothing to reconnect to. */
        reconnect_disable(rc->fsm, now);
        return;
    }
    int error = vconn_open(rc->target, rc->allowed_versions, rc->dscp,
                           &rc->vconn);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: connection failed (%s)", rc->name,
                     ovs_strerror(error));
        rc->last_error = error;
        reconnect_connect_failed(rc->fsm, now, error);
    } else {
        rc->vconn_ready = false;
        reconnect_connecting(rc->fsm, now);
    }
}

/* Writes queued messages until the stream pushes back. */
static void
send_queue(struct rconn *rc)
{
    while (rc->vconn && !ovs_list_is_empty(&rc->txq)) {
        struct rconn_msg *m = CONTAINER_OF(ovs_list_front(&rc->txq),
                                           struct rconn_msg, node);
        int error = vconn_send(rc->vconn, m->msg);
        if (error == EAGAIN) {
            return;
        }
        ovs_list_remove(&m->node);
        rc->txq_len--;
        if (error) {
            ofpbuf_delete(m->msg);
            free(m);
            drop_connection(rc, error);
            return;
        }
        COVERAGE_INC(rconn_sent);
        free(m);
    }
}

void
rconn_run(struct rconn *rc)
{
    if (rc->vconn) {
        vconn_run(rc->vconn);
        if (!rc->vconn_ready) {
            int error = vconn_connect(rc->vconn);
            if (!error) {
                rc->vconn_ready = true;
                rc->seqno++;
                reconnect_connected(rc->fsm, time_msec());
                VLOG__(rc->reliable ? VLL_INFO : VLL_DBG,
                     "%s: connected (%s)", rc->name,
                     vconn_version_to_string(vconn_get_version(rc->vconn)));
            } else if (error != EAGAIN) {
                drop_connection(rc, error);
            }
        }
    }

    for (;;) {
        enum reconnect_action action = reconnect_run(rc->fsm, time_msec());
        if (!action) {
            break;
        } else if (action == RECONNECT_CONNECT) {
            if (rc->vconn) {
                break;          /* Unreliable: already connecting. */
            }
            start_connecting(rc);
        } else if (action == RECONNECT_DISCONNECT) {
            if (!rc->vconn) {
                reconnect_disconnected(rc->fsm, time_msec(), 0);
                continue;
            }
            drop_connection(rc, ETIMEDOUT);
        } else if (action == RECONNECT_PROBE) {
            if (rc->vconn && rc->vconn_ready) {
                COVERAGE_INC(rconn_probe);
                struct ofpbuf *probe = vconn_make_echo_request(
                    vconn_get_version(rc->vconn));
                VLOG_DBG("%s: sending inactivity probe", rc->name);
                rconn_send(rc, probe);
            }
        }
        if (!reconnect_is_enabled(rc->fsm)) {
            break;
        }
    }

    if (rc->vconn && rc->vconn_ready) {
        send_queue(rc);
    }
}

void
rconn_run_wait(struct rconn *rc)
{
    if (rc->vconn) {
        vconn_run_wait(rc->vconn);
        if (!rc->vconn_ready) {
            vconn_connect_wait(rc->vconn);
        } else if (!ovs_list_is_empty(&rc->txq)) {
            vconn_send_wait(rc->vconn);
        }
    }
    reconnect_wait(rc->fsm, time_msec());
}

struct ofpbuf *
rconn_recv(struct rconn *rc)
{
    if (!rc->vconn || !rc->vconn_ready) {
        return NULL;
    }

    long long now = time_msec();
    reconnect_receive_attempted(rc->fsm, now);
    for (;;) {
        struct ofpbuf *msg;
        int error = vconn_recv(rc->vconn, &msg);
        if (error) {
            if (error != EAGAIN) {
                drop_connection(rc, error);
            }
            return NULL;
        }
        reconnect_received(rc->fsm, now);
        if (vconn_msg_type(msg) == OFPT_ECHO_REPLY) {
            /* Probably the answer to our probe; it did its job. */
            ofpbuf_delete(msg);
            continue;
        }
        return msg;
    }
}

void
rconn_recv_wait(struct rconn *rc)
{
    if (rc->vconn && rc->vconn_ready) {
        vconn_recv_wait(rc->vconn);
    }
}

int
rconn_send_with_limit(struct rconn *rc, struct ofpbuf *msg, size_t limit)
{
    if (!rc->vconn || !rc->vconn_ready) {
        ofpbuf_delete(msg);
        return ENOTCONN;
    }
    if (rc->txq_len >= limit) {
        COVERAGE_INC(rconn_overflow);
        rc->n_dropped++;
        ofpbuf_delete(msg);
        return EAGAIN;
    }

    struct rconn_msg *m = xmalloc(sizeof *m);
    m->msg = msg;
    ovs_list_push_back(&rc->txq, &m->node);
    rc->txq_len++;
    COVERAGE_INC(rconn_queued);
    send_queue(rc);
    return 0;
}

int
rconn_send(struct rconn *rc, struct ofpbuf *msg)
{
    return rconn_send_with_limit(rc, msg, SIZE_MAX);
}

size_t
rconn_count_txqlen(const struct rconn *rc)
{
    return rc->txq_len;
}

unsigned long long
rconn_get_n_dropped(const struct rconn *rc)
{
    return rc->n_dropped;
}

const char *
rconn_get_name(const struct rconn *rc)
{
    return rc->name;
}

const char *
rconn_get_target(const struct rconn *rc)
{
    return rc->target;
}

bool
rconn_is_alive(const struct rconn *rc)
{
    return reconnect_is_enabled(rc->fsm) || rc->vconn;
}

bool
rconn_is_connected(const struct rconn *rc)
{
    return rc->vconn && rc->vconn_ready;
}

bool
rconn_is_reliable(const struct rconn *rc)
{
    return rc->reliable;
}

int
rconn_get_version(const struct rconn *rc)
{
    return rconn_is_connected(rc) ? vconn_get_version(rc->vconn) : -1;
}

const char *
rconn_get_state(const struct rconn *rc)
{
    return reconnect_state_to_string(reconnect_get_state(rc->fsm));
}

int
rconn_get_last_error(const struct rconn *rc)
{
    return rc->last_error;
}

static unsigned int
ms_to_sec(unsigned int ms)
{
    return ms == UINT_MAX ? UINT_MAX : ms / 1000;
}

unsigned int
rconn_get_sec_since_connect(const struct rconn *rc)
{
    return ms_to_sec(reconnect_get_last_connect_elapsed(rc->fsm,
                                                        time_msec()));
}

unsigned int
rconn_get_sec_since_disconnect(const struct rconn *rc)
{
    return ms_to_sec(reconnect_get_last_disconnect_elapsed(rc->fsm,
                                                           time_msec()));
}

unsigned int
rconn_failure_duration(const struct rconn *rc)
{
    if (rconn_is_connected(rc)) {
        return 0;
    }
    unsigned int since = rconn_get_sec_since_disconnect(rc);
    if (since == UINT_MAX) {
        return (time_msec() - rc->created) / 1000;
    }
    return since;
}

unsigned int
rconn_get_connection_seqno(const struct rconn *rc)
{
    return rc->seqno;
}

unsigned int
rconn_get_n_attempts(const struct rconn *rc)
{
    struct reconnect_stats stats;
    reconnect_get_stats(rc->fsm, time_msec(), &stats);
    return stats.n_attempted_connections;
}
