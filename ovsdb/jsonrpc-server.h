/* jsonrpc-server.h -- the OVSDB protocol (RFC 7047 and the extensions of
 * ovsdb-server(7)) over any number of JSON-RPC sessions.
 *
 * The server holds a set of remotes (passive ones listen and accept any
 * number of connections; active ones connect out and reconnect) and a set
 * of served databases (server-db.h).  Each connection is a session with
 * its own monitors, parked "transact"s (a "wait" that must be retried) and
 * lock requests.  Locks are per server, shared by all databases.
 *
 * The server installs itself as the commit hook of each database it is
 * given, so every committed transaction, whoever made it, reaches the
 * monitors of that database and wakes the parked transactions.
 *
 * Like everything else in ovsdb-server, this runs in the main loop:
 * ovsdb_jsonrpc_server_run() accepts connections, reads requests and
 * answers them; ovsdb_jsonrpc_server_wait() arranges to wake up. */
#ifndef OVSDB_JSONRPC_SERVER_H
#define OVSDB_JSONRPC_SERVER_H 1

#include <stdbool.h>
#include "remote-config.h"

struct ds;
struct server_db;
struct shash;
struct smap;
struct sset;

/* Options of one remote; see struct ovsdb_remote_config for the meaning
 * of -1 and NULL. */
struct ovsdb_jsonrpc_options {
    int max_backoff;            /* Milliseconds, or -1. */
    int probe_interval;         /* Milliseconds (0 = none), or -1. */
    int dscp;                   /* 0...63, or -1. */
    bool read_only;             /* Refuse changes to the databases. */
};

struct ovsdb_jsonrpc_server *ovsdb_jsonrpc_server_create(void);
void ovsdb_jsonrpc_server_destroy(struct ovsdb_jsonrpc_server *);

/* Databases.  The server refers to SDB (it does not own it) until it is
 * removed.  Adding fails (returns false) if a database with the same name
 * is already served.  IS_READ_ONLY databases (_Server) refuse changes
 * from clients.
 *
 * Removing a database cancels the monitors on it: sessions that asked for
 * "set_db_change_aware" get a "monitor_canceled" notification per
 * monitor, other sessions with monitors on it are disconnected, so that
 * their clients reconnect and see the new set of databases.  Parked
 * transactions on it fail. */
bool ovsdb_jsonrpc_server_add_db(struct ovsdb_jsonrpc_server *,
                                 struct server_db *, bool is_read_only);
void ovsdb_jsonrpc_server_remove_db(struct ovsdb_jsonrpc_server *,
                                    struct server_db *);

/* Called after the "convert" RPC has replaced SDB's database by one with a
 * new schema (and before the reply is sent), so that the owner of the
 * server can update what describes the database (its _Server row, remotes
 * taken from it).  By then the server has cancelled the monitors and
 * parked transactions on SDB and marked for disconnection every session
 * that did not ask for "set_db_change_aware" (ovsdb-server(7)). */
typedef void ovsdb_jsonrpc_convert_cb(struct server_db *sdb, void *aux);
void ovsdb_jsonrpc_server_set_convert_cb(struct ovsdb_jsonrpc_server *,
                                         ovsdb_jsonrpc_convert_cb *,
                                         void *aux);

/* Remotes.  REMOTES maps target names ("ptcp:6640:127.0.0.1",
 * "punix:/run/db.sock", "tcp:10.0.0.1:6640", ...) to struct
 * ovsdb_jsonrpc_options *.  Remotes not in REMOTES are closed with their
 * sessions; new ones are opened; existing ones take the new options. */
void ovsdb_jsonrpc_server_set_remotes(struct ovsdb_jsonrpc_server *,
                                      const struct shash *remotes);

/* Drops every session (clients reconnect). */
void ovsdb_jsonrpc_server_reconnect(struct ovsdb_jsonrpc_server *);

/* The status of the remote TARGET, for remote-config's write-back.
 * Returns false if TARGET is not a remote of the server.  The strings in
 * STATUS belong to BUF (initialized by the caller, who destroys it after
 * using STATUS). */
struct ovsdb_jsonrpc_status_buf {
    char *last_error;
    char *locks_held, *locks_waiting, *locks_lost;
};
bool ovsdb_jsonrpc_server_get_remote_status(
    const struct ovsdb_jsonrpc_server *, const char *target,
    struct ovsdb_remote_status *status,
    struct ovsdb_jsonrpc_status_buf *buf);
void ovsdb_jsonrpc_status_buf_destroy(struct ovsdb_jsonrpc_status_buf *);

/* The TCP/SSL port bound by passive remote TARGET, or -1. */
int ovsdb_jsonrpc_server_get_bound_port(const struct ovsdb_jsonrpc_server *,
                                        const char *target);

/* A number that changes whenever a connection comes or goes, a remote
 * starts or stops listening, or a lock changes hands: when the remote
 * status written back to the databases may have changed. */
unsigned int ovsdb_jsonrpc_server_get_seqno(
    const struct ovsdb_jsonrpc_server *);

/* Adds "sessions", "monitors", "triggers" and "locks" counts to USAGE. */
void ovsdb_jsonrpc_server_get_memory_usage(
    const struct ovsdb_jsonrpc_server *, struct smap *usage);

void ovsdb_jsonrpc_server_run(struct ovsdb_jsonrpc_server *);
void ovsdb_jsonrpc_server_wait(struct ovsdb_jsonrpc_server *);

#endif /* jsonrpc-server.h */
