/* reconnect.h -- when to connect, probe and give up on a connection.
 *
 * A struct reconnect is the policy half of a connection that should stay
 * up: it owns no socket and never reads the clock.  The caller (a JSON-RPC
 * session today, an OpenFlow controller connection later) tells it what
 * happened -- connecting(), connected(), connect_failed(), activity(),
 * disconnected() -- each with the current time in milliseconds, and asks
 * reconnect_run() what to do next:
 *
 *     RECONNECT_CONNECT     start a connection attempt (or, in passive
 *                           mode, start listening), then call
 *                           reconnect_connecting() or reconnect_listening()
 *     RECONNECT_DISCONNECT  close the connection (the attempt timed out,
 *                           the peer did not answer a probe, or a
 *                           reconnect was forced), then call
 *                           reconnect_disconnected() or
 *                           reconnect_connect_failed()
 *     RECONNECT_PROBE       send an inactivity probe (an echo request)
 *
 * Because time is passed in, the whole state machine can be tested with a
 * fake clock (tests/test-reconnect.c).
 *
 * States:
 *
 *     VOID        disabled, or out of tries: nothing happens
 *     BACKOFF     waiting 'backoff' ms before the next attempt
 *     CONNECTING  an attempt is in progress
 *     ACTIVE      connected, and something arrived recently
 *     IDLE        connected, probe sent, waiting for anything to arrive
 *     RECONNECT   connected, but the caller asked to reconnect
 *     LISTENING   passive mode: waiting for a peer to connect
 *
 * Backoff: the first attempt after enabling happens at once.  After a
 * failed attempt, or a connection that dropped before it lasted as long as
 * the backoff, the backoff is min_backoff, then doubles each time up to
 * max_backoff.  A connection that was still active (something arrived)
 * 'backoff' ms after it was made resets it to min_backoff (passive: 0,
 * listening again at once).  A disconnection the caller forced with
 * reconnect_force_reconnect() is followed by a new attempt at once.
 *
 * Probes: with a nonzero probe interval, an ACTIVE connection with no
 * activity for 'probe_interval' ms goes IDLE and asks for a probe; an IDLE
 * connection with no activity for another 'probe_interval' ms is
 * disconnected.
 *
 * Transitions are logged at INFO level ("NAME: connecting...", "NAME:
 * connected", ...) unless the FSM is quiet, which logs them at DBG. */
#ifndef RECONNECT_H
#define RECONNECT_H 1

#include <stdbool.h>

#define RECONNECT_DEFAULT_MIN_BACKOFF 1000      /* ms */
#define RECONNECT_DEFAULT_MAX_BACKOFF 8000      /* ms */
#define RECONNECT_DEFAULT_PROBE_INTERVAL 5000   /* ms */

enum reconnect_state {
    RECONNECT_S_VOID,
    RECONNECT_S_BACKOFF,
    RECONNECT_S_CONNECTING,
    RECONNECT_S_ACTIVE,
    RECONNECT_S_IDLE,
    RECONNECT_S_RECONNECT,
    RECONNECT_S_LISTENING,
};

enum reconnect_action {
    RECONNECT_CONNECT = 1,
    RECONNECT_DISCONNECT,
    RECONNECT_PROBE,
};

struct reconnect *reconnect_create(long long now);
void reconnect_destroy(struct reconnect *);     /* NULL is fine. */

/* Configuration. */
void reconnect_set_quiet(struct reconnect *, bool quiet);
const char *reconnect_get_name(const struct reconnect *);
void reconnect_set_name(struct reconnect *, const char *name);
int reconnect_get_min_backoff(const struct reconnect *);
int reconnect_get_max_backoff(const struct reconnect *);
/* MIN_BACKOFF < 1 becomes 1; MAX_BACKOFF below MIN_BACKOFF becomes
 * MIN_BACKOFF.  The current backoff is clamped to the new range. */
void reconnect_set_backoff(struct reconnect *, int min_backoff,
                           int max_backoff);
int reconnect_get_probe_interval(const struct reconnect *);
/* 0 disables probes; negative values are treated as 0. */
void reconnect_set_probe_interval(struct reconnect *, int probe_interval);
/* Limits the number of connection attempts: after TRIES attempts, a
 * disconnection leaves the FSM in VOID.  UINT_MAX (the default) means
 * forever; 0 means "none", so enabling does nothing. */
void reconnect_set_max_tries(struct reconnect *, unsigned int tries);
unsigned int reconnect_get_max_tries(const struct reconnect *);
bool reconnect_is_passive(const struct reconnect *);
void reconnect_set_passive(struct reconnect *, bool passive, long long now);

/* Turning the connection on and off. */
bool reconnect_is_enabled(const struct reconnect *);
void reconnect_enable(struct reconnect *, long long now);
/* Goes to VOID; the caller must close any connection itself. */
void reconnect_disable(struct reconnect *, long long now);
/* If connected or connecting, asks for a disconnection (and then a new
 * connection, without extra backoff). */
void reconnect_force_reconnect(struct reconnect *, long long now);

/* Events.  ERROR is 0, a positive errno value, or EOF. */
void reconnect_connecting(struct reconnect *, long long now);
void reconnect_listening(struct reconnect *, long long now);
void reconnect_listen_error(struct reconnect *, long long now, int error);
void reconnect_connected(struct reconnect *, long long now);
void reconnect_connect_failed(struct reconnect *, long long now, int error);
void reconnect_disconnected(struct reconnect *, long long now, int error);
/* Something arrived from (or, for some callers, was sent to) the peer. */
void reconnect_activity(struct reconnect *, long long now);
/* A whole message arrived: activity, also counted in the statistics. */
void reconnect_received(struct reconnect *, long long now);
/* The caller tried to receive.  Once a caller reports receive attempts,
 * a probe or probe timeout only fires if the caller has tried to receive
 * since it became due: a process that was busy elsewhere for a while must
 * not blame its peer for its own delay in reading. */
void reconnect_receive_attempted(struct reconnect *, long long now);

/* What to do, and when. */
enum reconnect_action reconnect_run(struct reconnect *, long long now);
void reconnect_wait(struct reconnect *, long long now);
/* Milliseconds until reconnect_run() has something to do (0 if it already
 * has), or -1 if nothing is pending. */
int reconnect_timeout(struct reconnect *, long long now);

/* Status. */
enum reconnect_state reconnect_get_state(const struct reconnect *);
const char *reconnect_state_to_string(enum reconnect_state);
bool reconnect_is_connected(const struct reconnect *);   /* ACTIVE, IDLE. */
/* Milliseconds since the last connection was made or dropped, or UINT_MAX
 * if it never was. */
unsigned int reconnect_get_last_connect_elapsed(const struct reconnect *,
                                                long long now);
unsigned int reconnect_get_last_disconnect_elapsed(const struct reconnect *,
                                                   long long now);

struct reconnect_stats {
    long long creation_time;    /* When reconnect_create() was called. */
    long long last_activity;    /* Last activity(), or LLONG_MIN. */
    long long last_connected;   /* Last connected(), or LLONG_MIN. */
    long long last_disconnected;    /* Last disconnection, or LLONG_MIN. */
    int backoff;                /* Current backoff, ms. */

    unsigned int n_attempted_connections;
    unsigned int n_successful_connections;
    unsigned long long n_received;  /* Calls to reconnect_received(). */
    /* Sum of the lengths of all connections, the current one included. */
    unsigned long long total_connected_duration;    /* ms */

    bool is_connected;
    unsigned int msec_since_connect;    /* UINT_MAX if never. */
    unsigned int msec_since_disconnect; /* UINT_MAX if never. */
    const char *state;                  /* "ACTIVE", "BACKOFF", ... */
    unsigned int state_elapsed;         /* ms in 'state'. */
};
void reconnect_get_stats(const struct reconnect *, long long now,
                         struct reconnect_stats *);

#endif /* reconnect.h */
