/* reconnect.c -- the connection-management state machine (reconnect.h).
 *
 * Everything here is arithmetic on times the caller passes in: there is no
 * socket and no clock.  Each state has at most one deadline (see
 * deadline()); reconnect_run() acts when it has passed and
 * reconnect_wait() arms a poll-loop timer for it.  transition() is the one
 * place where the state changes, so that the statistics (attempts,
 * successes, time spent connected) stay consistent with the states. */

#include <config.h>
#include "reconnect.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include "coverage.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(reconnect);

COVERAGE_DEFINE(reconnect_connect);
COVERAGE_DEFINE(reconnect_probe);
COVERAGE_DEFINE(reconnect_probe_timeout);

struct reconnect {
    /* Configuration. */
    char *name;
    int min_backoff;
    int max_backoff;
    int probe_interval;
    bool passive;
    bool quiet;                 /* Log transitions at DBG, not INFO. */
    unsigned int max_tries;     /* Attempts left; UINT_MAX: unlimited. */

    /* State. */
    enum reconnect_state state;
    long long state_entered;
    bool has_connection;        /* ACTIVE, IDLE, or RECONNECT from those. */
    int backoff;
    bool backoff_at_max_logged; /* Said that we stop logging retries. */
    long long last_activity;
    long long last_connected;
    long long last_disconnected;
    long long last_receive_attempt; /* LLONG_MAX: caller doesn't report. */

    /* Statistics. */
    long long creation_time;
    unsigned int n_attempted_connections;
    unsigned int n_successful_connections;
    unsigned long long n_received;
    unsigned long long total_connected_duration;
};

/* Logs a transition at LEVEL, or at DBG if the FSM is quiet. */
#define FSM_LOG(FSM, LEVEL, ...)                                        \
    VLOG__((FSM)->quiet ? VLL_DBG : (LEVEL), __VA_ARGS__)


struct reconnect *
reconnect_create(long long now)
{
    struct reconnect *fsm = xzalloc(sizeof *fsm);

    fsm->name = xstrdup("void");
    fsm->min_backoff = RECONNECT_DEFAULT_MIN_BACKOFF;
    fsm->max_backoff = RECONNECT_DEFAULT_MAX_BACKOFF;
    fsm->probe_interval = RECONNECT_DEFAULT_PROBE_INTERVAL;
    fsm->max_tries = UINT_MAX;
    fsm->state = RECONNECT_S_VOID;
    fsm->state_entered = now;
    fsm->last_activity = LLONG_MIN;
    fsm->last_connected = LLONG_MIN;
    fsm->last_disconnected = LLONG_MIN;
    fsm->last_receive_attempt = LLONG_MAX;
    fsm->creation_time = now;
    return fsm;
}

void
reconnect_destroy(struct reconnect *fsm)
{
    if (fsm) {
        free(fsm->name);
        free(fsm);
    }
}

void
reconnect_set_quiet(struct reconnect *fsm, bool quiet)
{
    fsm->quiet = quiet;
}

const char *
reconnect_get_name(const struct reconnect *fsm)
{
    return fsm->name;
}

void
reconnect_set_name(struct reconnect *fsm, const char *name)
{
    free(fsm->name);
    fsm->name = xstrdup(name ? name : "void");
}

int
reconnect_get_min_backoff(const struct reconnect *fsm)
{
    return fsm->min_backoff;
}

int
reconnect_get_max_backoff(const struct reconnect *fsm)
{
    return fsm->max_backoff;
}

void
reconnect_set_backoff(struct reconnect *fsm, int min_backoff,
                      int max_backoff)
{
    fsm->min_backoff = MAX(min_backoff, 1);
    fsm->max_backoff = MAX(max_backoff, fsm->min_backoff);
    if (fsm->backoff > fsm->max_backoff) {
        fsm->backoff = fsm->max_backoff;
    }
    fsm->backoff_at_max_logged = false;
}

int
reconnect_get_probe_interval(const struct reconnect *fsm)
{
    return fsm->probe_interval;
}

void
reconnect_set_probe_interval(struct reconnect *fsm, int probe_interval)
{
    fsm->probe_interval = MAX(probe_interval, 0);
}

void
reconnect_set_max_tries(struct reconnect *fsm, unsigned int tries)
{
    fsm->max_tries = tries;
}

unsigned int
reconnect_get_max_tries(const struct reconnect *fsm)
{
    return fsm->max_tries;
}

bool
reconnect_is_passive(const struct reconnect *fsm)
{
    return fsm->passive;
}

/* Uses up one attempt, if any are left. */
static bool
may_retry(struct reconnect *fsm)
{
    if (fsm->max_tries == UINT_MAX) {
        return true;
    } else if (fsm->max_tries > 0) {
        fsm->max_tries--;
        return true;
    }
    return false;
}

static void
transition(struct reconnect *fsm, long long now, enum reconnect_state state)
{
    bool had_connection = fsm->has_connection;
    bool has_connection = (state == RECONNECT_S_ACTIVE
                           || state == RECONNECT_S_IDLE
                           || (state == RECONNECT_S_RECONNECT
                               && had_connection));

    if (state == RECONNECT_S_CONNECTING
        && fsm->state != RECONNECT_S_CONNECTING) {
        fsm->n_attempted_connections++;
        COVERAGE_INC(reconnect_connect);
    }
    if (had_connection && !has_connection) {
        if (now > fsm->last_connected) {
            fsm->total_connected_duration += now - fsm->last_connected;
        }
        fsm->last_disconnected = now;
    } else if (!had_connection && has_connection) {
        fsm->n_successful_connections++;
        fsm->last_connected = now;
        fsm->last_activity = now;
    }
    fsm->state = state;
    fsm->state_entered = now;
    fsm->has_connection = has_connection;
}

void
reconnect_set_passive(struct reconnect *fsm, bool passive, long long now)
{
    if (fsm->passive != passive) {
        fsm->passive = passive;
        /* An attempt of the old kind is meaningless now: start over. */
        if (fsm->state == RECONNECT_S_CONNECTING
            || fsm->state == RECONNECT_S_LISTENING
            || fsm->state == RECONNECT_S_BACKOFF) {
            fsm->backoff = 0;
            transition(fsm, now, RECONNECT_S_BACKOFF);
        }
    }
}

bool
reconnect_is_enabled(const struct reconnect *fsm)
{
    return fsm->state != RECONNECT_S_VOID;
}

void
reconnect_enable(struct reconnect *fsm, long long now)
{
    if (fsm->state == RECONNECT_S_VOID && may_retry(fsm)) {
        fsm->backoff = 0;       /* The first attempt happens at once. */
        transition(fsm, now, RECONNECT_S_BACKOFF);
    }
}

void
reconnect_disable(struct reconnect *fsm, long long now)
{
    if (fsm->state != RECONNECT_S_VOID) {
        transition(fsm, now, RECONNECT_S_VOID);
    }
}

void
reconnect_force_reconnect(struct reconnect *fsm, long long now)
{
    if (fsm->state == RECONNECT_S_CONNECTING
        || fsm->state == RECONNECT_S_ACTIVE
        || fsm->state == RECONNECT_S_IDLE) {
        transition(fsm, now, RECONNECT_S_RECONNECT);
    }
}

void
reconnect_connecting(struct reconnect *fsm, long long now)
{
    if (fsm->state != RECONNECT_S_CONNECTING) {
        FSM_LOG(fsm, fsm->backoff_at_max_logged ? VLL_DBG : VLL_INFO,
                "%s: connecting...", fsm->name);
        transition(fsm, now, RECONNECT_S_CONNECTING);
    }
}

void
reconnect_listening(struct reconnect *fsm, long long now)
{
    if (fsm->state != RECONNECT_S_LISTENING) {
        FSM_LOG(fsm, VLL_INFO, "%s: listening...", fsm->name);
        transition(fsm, now, RECONNECT_S_LISTENING);
    }
}

void
reconnect_listen_error(struct reconnect *fsm, long long now, int error)
{
    if (fsm->state != RECONNECT_S_LISTENING) {
        transition(fsm, now, RECONNECT_S_LISTENING);
    }
    reconnect_disconnected(fsm, now, error);
}

void
reconnect_connected(struct reconnect *fsm, long long now)
{
    if (!reconnect_is_connected(fsm)) {
        FSM_LOG(fsm, VLL_INFO, "%s: connected", fsm->name);
        transition(fsm, now, RECONNECT_S_ACTIVE);
        fsm->backoff_at_max_logged = false;
    }
}

void
reconnect_connect_failed(struct reconnect *fsm, long long now, int error)
{
    if (fsm->state != RECONNECT_S_CONNECTING
        && !(fsm->state == RECONNECT_S_RECONNECT && !fsm->has_connection)) {
        transition(fsm, now, RECONNECT_S_CONNECTING);
    }
    reconnect_disconnected(fsm, now, error);
}

/* Logs the end of a connection, an attempt or listening, before the state
 * changes. */
static void
log_disconnection(const struct reconnect *fsm, int error)
{
    /* Once retries are at the maximum backoff, repeating the same failure
     * every few seconds only buries the rest of the log. */
    enum vlog_level level = fsm->backoff_at_max_logged ? VLL_DBG : VLL_INFO;

    enum reconnect_state state = fsm->state;
    if (state == RECONNECT_S_RECONNECT && !fsm->has_connection) {
        state = RECONNECT_S_CONNECTING;     /* Forced during an attempt. */
    }

    switch (state) {
    case RECONNECT_S_CONNECTING:
        if (error) {
            FSM_LOG(fsm, level, "%s: connection attempt failed (%s)",
                    fsm->name, ovs_strerror(error));
        } else {
            FSM_LOG(fsm, level, "%s: connection attempt abandoned",
                    fsm->name);
        }
        break;

    case RECONNECT_S_ACTIVE:
    case RECONNECT_S_IDLE:
    case RECONNECT_S_RECONNECT:
        if (error == EOF) {
            FSM_LOG(fsm, VLL_INFO, "%s: connection closed by peer",
                    fsm->name);
        } else if (error) {
            FSM_LOG(fsm, VLL_WARN, "%s: connection dropped (%s)",
                    fsm->name, ovs_strerror(error));
        } else {
            FSM_LOG(fsm, VLL_INFO, "%s: connection closed", fsm->name);
        }
        break;

    case RECONNECT_S_LISTENING:
        if (error) {
            FSM_LOG(fsm, VLL_WARN, "%s: error listening for connections "
                    "(%s)", fsm->name, ovs_strerror(error));
        } else {
            FSM_LOG(fsm, VLL_INFO, "%s: stopped listening", fsm->name);
        }
        break;

    case RECONNECT_S_VOID:
    case RECONNECT_S_BACKOFF:
    default:
        break;
    }
}

/* Chooses the next backoff after leaving the current state and logs it. */
static void
update_backoff(struct reconnect *fsm)
{
    const char *what = fsm->passive ? "listening again" : "reconnect";

    if (fsm->state == RECONNECT_S_RECONNECT) {
        /* The caller asked for a new connection: give it one now. */
        fsm->backoff = 0;
    } else if (fsm->has_connection
               && (fsm->passive
                   || fsm->last_activity - fsm->last_connected
                      >= fsm->backoff)) {
        /* The connection worked for a while: this is a new problem, not
         * the same one again, so start backing off from scratch.  A
         * listener has no reason to wait at all. */
        fsm->backoff = fsm->passive ? 0 : fsm->min_backoff;
    } else if (fsm->backoff < fsm->min_backoff) {
        fsm->backoff = fsm->min_backoff;
    } else if (fsm->backoff < fsm->max_backoff) {
        fsm->backoff = (fsm->backoff > fsm->max_backoff / 2
                        ? fsm->max_backoff : fsm->backoff * 2);
    } else {
        fsm->backoff = fsm->max_backoff;
    }

    if (!fsm->backoff) {
        return;
    } else if (fsm->backoff < fsm->max_backoff) {
        FSM_LOG(fsm, VLL_INFO, "%s: waiting %g second%s before %s",
                fsm->name, fsm->backoff / 1000.0,
                fsm->backoff == 1000 ? "" : "s", what);
    } else if (!fsm->backoff_at_max_logged) {
        FSM_LOG(fsm, VLL_INFO, "%s: waiting %g second%s before %s; "
                "continuing to retry in the background but suppressing "
                "further logging", fsm->name, fsm->backoff / 1000.0,
                fsm->backoff == 1000 ? "" : "s", what);
        fsm->backoff_at_max_logged = true;
    }
}

void
reconnect_disconnected(struct reconnect *fsm, long long now, int error)
{
    if (fsm->state == RECONNECT_S_VOID || fsm->state == RECONNECT_S_BACKOFF) {
        return;                 /* Nothing to disconnect. */
    }

    log_disconnection(fsm, error);
    update_backoff(fsm);
    if (may_retry(fsm)) {
        transition(fsm, now, RECONNECT_S_BACKOFF);
    } else {
        FSM_LOG(fsm, VLL_INFO, "%s: no more connection attempts",
                fsm->name);
        transition(fsm, now, RECONNECT_S_VOID);
    }
}

void
reconnect_activity(struct reconnect *fsm, long long now)
{
    if (fsm->state == RECONNECT_S_IDLE) {
        transition(fsm, now, RECONNECT_S_ACTIVE);
    }
    fsm->last_activity = now;
}

void
reconnect_received(struct reconnect *fsm, long long now)
{
    fsm->n_received++;
    reconnect_activity(fsm, now);
}

void
reconnect_receive_attempted(struct reconnect *fsm, long long now)
{
    fsm->last_receive_attempt = now;
}

/* When the current state times out, or LLONG_MAX if it never does. */
static long long
deadline(const struct reconnect *fsm)
{
    switch (fsm->state) {
    case RECONNECT_S_BACKOFF:
        return fsm->state_entered + fsm->backoff;

    case RECONNECT_S_CONNECTING:
        return fsm->state_entered + MAX(1000, fsm->backoff);

    case RECONNECT_S_ACTIVE:
        if (fsm->probe_interval) {
            return (MAX(fsm->last_activity, fsm->state_entered)
                    + fsm->probe_interval);
        }
        return LLONG_MAX;

    case RECONNECT_S_IDLE:
        if (fsm->probe_interval) {
            return fsm->state_entered + fsm->probe_interval;
        }
        return LLONG_MAX;

    case RECONNECT_S_RECONNECT:
        return fsm->state_entered;

    case RECONNECT_S_VOID:
    case RECONNECT_S_LISTENING:
    default:
        return LLONG_MAX;
    }
}

/* True if a probe-related deadline has passed but the caller has not tried
 * to receive since: whatever the peer sent may be sitting unread. */
static bool
probe_gated(const struct reconnect *fsm, long long when)
{
    return ((fsm->state == RECONNECT_S_ACTIVE
             || fsm->state == RECONNECT_S_IDLE)
            && fsm->last_receive_attempt < when);
}

enum reconnect_action
reconnect_run(struct reconnect *fsm, long long now)
{
    long long when = deadline(fsm);

    if (now < when || probe_gated(fsm, when)) {
        return 0;
    }

    switch (fsm->state) {
    case RECONNECT_S_BACKOFF:
        return RECONNECT_CONNECT;

    case RECONNECT_S_CONNECTING:
        return RECONNECT_DISCONNECT;

    case RECONNECT_S_ACTIVE:
        VLOG_DBG("%s: idle %lld ms, sending inactivity probe", fsm->name,
                 now - MAX(fsm->last_activity, fsm->state_entered));
        COVERAGE_INC(reconnect_probe);
        transition(fsm, now, RECONNECT_S_IDLE);
        return RECONNECT_PROBE;

    case RECONNECT_S_IDLE:
        FSM_LOG(fsm, VLL_INFO, "%s: no response to inactivity probe after "
                "%g seconds, disconnecting", fsm->name,
                fsm->probe_interval / 1000.0);
        COVERAGE_INC(reconnect_probe_timeout);
        return RECONNECT_DISCONNECT;

    case RECONNECT_S_RECONNECT:
        return RECONNECT_DISCONNECT;

    case RECONNECT_S_VOID:
    case RECONNECT_S_LISTENING:
    default:
        return 0;
    }
}

void
reconnect_wait(struct reconnect *fsm, long long now)
{
    long long when = deadline(fsm);

    /* A gated deadline waits for the caller's own receive wakeup rather
     * than spinning on a timer that already expired. */
    if (when != LLONG_MAX && !(when <= now && probe_gated(fsm, when))) {
        poll_timer_wait_until(when);
    }
}

int
reconnect_timeout(struct reconnect *fsm, long long now)
{
    long long when = deadline(fsm);

    if (when == LLONG_MAX) {
        return -1;
    } else if (when <= now) {
        return 0;
    } else {
        return when - now > INT_MAX ? INT_MAX : (int) (when - now);
    }
}

enum reconnect_state
reconnect_get_state(const struct reconnect *fsm)
{
    return fsm->state;
}

const char *
reconnect_state_to_string(enum reconnect_state state)
{
    switch (state) {
    case RECONNECT_S_VOID: return "VOID";
    case RECONNECT_S_BACKOFF: return "BACKOFF";
    case RECONNECT_S_CONNECTING: return "CONNECTING";
    case RECONNECT_S_ACTIVE: return "ACTIVE";
    case RECONNECT_S_IDLE: return "IDLE";
    case RECONNECT_S_RECONNECT: return "RECONNECT";
    case RECONNECT_S_LISTENING: return "LISTENING";
    default: return "***ERROR***";
    }
}

bool
reconnect_is_connected(const struct reconnect *fsm)
{
    return (fsm->state == RECONNECT_S_ACTIVE
            || fsm->state == RECONNECT_S_IDLE);
}

static unsigned int
elapsed_since(long long then, long long now)
{
    if (then == LLONG_MIN) {
        return UINT_MAX;
    } else if (now <= then) {
        return 0;
    } else {
        return now - then >= UINT_MAX ? UINT_MAX - 1 : now - then;
    }
}

unsigned int
reconnect_get_last_connect_elapsed(const struct reconnect *fsm,
                                   long long now)
{
    return elapsed_since(fsm->last_connected, now);
}

unsigned int
reconnect_get_last_disconnect_elapsed(const struct reconnect *fsm,
                                      long long now)
{
    return elapsed_since(fsm->last_disconnected, now);
}

void
reconnect_get_stats(const struct reconnect *fsm, long long now,
                    struct reconnect_stats *stats)
{
    stats->creation_time = fsm->creation_time;
    stats->last_activity = fsm->last_activity;
    stats->last_connected = fsm->last_connected;
    stats->last_disconnected = fsm->last_disconnected;
    stats->backoff = fsm->backoff;
    stats->n_attempted_connections = fsm->n_attempted_connections;
    stats->n_successful_connections = fsm->n_successful_connections;
    stats->n_received = fsm->n_received;
    stats->total_connected_duration = fsm->total_connected_duration;
    if (fsm->has_connection && now > fsm->last_connected) {
        stats->total_connected_duration += now - fsm->last_connected;
    }
    stats->is_connected = reconnect_is_connected(fsm);
    stats->msec_since_connect = elapsed_since(fsm->last_connected, now);
    stats->msec_since_disconnect = elapsed_since(fsm->last_disconnected,
                                                 now);
    stats->state = reconnect_state_to_string(fsm->state);
    stats->state_elapsed = elapsed_since(fsm->state_entered, now);
}
