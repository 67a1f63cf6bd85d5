/* remote-config.h -- remotes and SSL settings that ovsdb-server reads from
 * its own databases ("db:DB,TABLE,COLUMN" in ovsdb-server(1)), and the
 * connection status it writes back for them.
 *
 * ovsdb-server --remote=db:Open_vSwitch,Open_vSwitch,manager_options
 * follows the column as it changes: on each main-loop iteration the server
 * asks this module for the remotes named by each db: spec, hands the union
 * to the JSON-RPC server, and writes the status of the connections back
 * into the referenced rows.
 *
 * What a spec's COLUMN may hold (in every row of TABLE):
 *   - strings (a string, or a set or map of strings): each is a remote
 *     target such as "ptcp:6640" or "tcp:10.0.0.1:6640", default options
 *     (for a map, the values are the targets; empty strings are skipped);
 *   - references (a set of UUIDs) to rows of a table with a "target" string
 *     column, the shape of the Manager table: the target plus the optional
 *     columns max_backoff, inactivity_probe, read_only, role and
 *     other_config:dscp set the connection's options.
 * Anything else is an error (reported to the caller, which logs it).
 *
 * Error messages do not repeat the spec: the caller prefixes it, as
 * "db:SPEC": MESSAGE, which gives the words Open vSwitch's ovsdb-server
 * prints, e.g.
 *     "db:Nope,Root,s": no database named Nope
 *     "db:T,Nope,s": no table named Nope
 *     "db:T,Root,nope": table "Root" has no column "nope"
 *     "db:foo": invalid syntax */
#ifndef OVSDB_REMOTE_CONFIG_H
#define OVSDB_REMOTE_CONFIG_H 1

#include <stdbool.h>
#include "compiler.h"

struct ovsdb;
struct ovsdb_txn;
struct shash;

/* Options of one remote.  -1 (or NULL) means "the default". */
struct ovsdb_remote_config {
    char *target;               /* "ptcp:6640", "unix:/run/x.sock", ... */
    int max_backoff;            /* Milliseconds, or -1. */
    int probe_interval;         /* Milliseconds (0 = none), or -1. */
    int dscp;                   /* 0...63, or -1. */
    bool read_only;
    char *role;                 /* NULL if none. */
};

/* Adds to REMOTES (target string -> struct ovsdb_remote_config *, owned by
 * the shash; free with ovsdb_remote_config_clear()) the remotes named by
 * SPEC, which is "DB,TABLE,COLUMN" (without the "db:" prefix), looked up in
 * DBS (database name -> struct ovsdb *).  A target already in REMOTES is
 * kept as is.  Returns NULL, or a malloc'd error message (unknown
 * database, table or column, wrong column type). */
char *ovsdb_remote_config_query(const struct shash *dbs, const char *spec,
                                struct shash *remotes)
    OVS_WARN_UNUSED_RESULT;

/* For --private-key, --certificate, --ca-cert given as "db:DB,TABLE,COLUMN":
 * stores in *VALUE (malloc'd) the column's string value if exactly one row
 * of TABLE has a nonempty one, else NULL.  Returns NULL or an error
 * message as above. */
char *ovsdb_remote_config_query_string(const struct shash *dbs,
                                       const char *spec, char **value)
    OVS_WARN_UNUSED_RESULT;

/* Frees the options in REMOTES and empties it. */
void ovsdb_remote_config_clear(struct shash *remotes);

/* Connection status of one remote, as the JSON-RPC server knows it. */
struct ovsdb_remote_status {
    bool is_connected;
    const char *state;              /* reconnect state name, or NULL */
    const char *last_error;         /* NULL if none */
    unsigned int sec_since_connect; /* UINT_MAX if never */
    unsigned int sec_since_disconnect; /* UINT_MAX if never */
    const char *locks_held;         /* space-separated, NULL if none */
    const char *locks_waiting;
    const char *locks_lost;
    int n_connections;              /* For passive remotes; 0 if none. */
    int bound_port;                 /* For passive TCP/SSL remotes, or -1. */
};

/* Writes STATUSES (target -> struct ovsdb_remote_status *) into the rows
 * that SPEC's column references (only the reference shape: a Manager-like
 * table), setting "is_connected" and the "status" map (keys state,
 * sec_since_connect, sec_since_disconnect, last_error, locks_held,
 * locks_waiting, locks_lost, n_connections, bound_port, as
 * ovs-vswitchd.conf.db(5) describes for Manager) of each row whose target
 * has a status, and only where a value differs.  Returns the committed
 * transaction (the caller persists it, notifies monitors and destroys it)
 * or NULL if nothing changed or the columns don't exist; on a commit
 * error, NULL with *ERRORP set (malloc'd message), else *ERRORP = NULL. */
struct ovsdb_txn *ovsdb_remote_config_update_status(
    struct ovsdb *db, const char *spec, const struct shash *statuses,
    char **errorp);

#endif /* remote-config.h */
