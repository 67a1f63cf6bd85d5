/* ovsdb-execute.h -- running an RFC 7047 "transact" request against an
 * in-memory database.
 *
 * ovsdb_execute() takes the request's "params" array, [db-name, op...],
 * runs the operations in order in one transaction, and commits it if they
 * all succeed.  The reply ("result" array) follows RFC 7047 4.1.3 exactly:
 * one element per operation; if an operation fails, its element is the
 * error object {"error": TAG, "details": TEXT} and every later element is
 * null; if every operation succeeds but the commit fails (referential
 * integrity, constraints, indexes, maxRows, unknown named UUIDs), the
 * error is appended as one extra element.
 *
 * Operations: insert (with "uuid-name", and with "uuid" to choose the new
 * row's UUID as ovsdb-server(7) allows), select, update, mutate, delete,
 * wait, commit, abort, comment, assert.  Results are {"uuid": [...]} for
 * insert, {"rows": [...]} for select, {"count": N} for update, mutate and
 * delete, {} otherwise.
 *
 * "wait" never blocks: when its condition is not met and its timeout (from
 * the time the request first arrived, OPTIONS->started) has not expired,
 * the whole transaction is abandoned and the result says so ('reply' is
 * NULL): the caller runs the same request again when the database changes
 * or at 'retry_at', whichever comes first.  A timeout of 0, or an expired
 * one, fails with "timed out".
 *
 * The caller (the server) handles what needs more than the database:
 * "durable" commits (result 'durable'), comments (logged by the caller),
 * lock ownership ("assert", through a callback), and the committed
 * transaction's changes (result 'txn', for monitors and the disk log). */
#ifndef OVSDB_EXECUTE_H
#define OVSDB_EXECUTE_H 1

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct json;
struct ovsdb;
struct ovsdb_txn;

struct ovsdb_execute_options {
    /* Returns true if the client that sent the request owns LOCK_NAME.  If
     * NULL, the client owns no locks and every "assert" fails. */
    bool (*is_lock_owner)(const char *lock_name, void *aux);
    void *aux;

    /* Times in time_msec() terms: now, and when the request first arrived
     * (equal on a first run; earlier on a rerun after a "wait"). */
    long long int now;
    long long int started;
};

struct ovsdb_execute_result {
    /* The "result" array, or NULL if a "wait" must be retried. */
    struct json *reply;

    /* If 'reply' is NULL: when the waiting "wait" times out (LLONG_MAX if
     * it has no timeout); rerun then, or earlier when the database
     * changes. */
    long long int retry_at;

    /* True if a "commit" operation asked for "durable": true. */
    bool durable;

    /* The committed transaction, if it changed anything, for its changes
     * (ovsdb_txn_get_changes()); the caller must ovsdb_txn_destroy() it,
     * before another transaction commits on the database.  NULL otherwise.
     */
    struct ovsdb_txn *txn;

    /* The "comment" operations' strings, in order. */
    char **comments;
    size_t n_comments;
};

/* Executes PARAMS on DB.  Returns NULL and fills in RESULT (which the
 * caller frees with ovsdb_execute_result_destroy()), or, if PARAMS itself
 * is malformed (not an array starting with a database name: "syntax
 * error") or names another database ("unknown database"), returns that
 * error, for the caller to send as the JSON-RPC error, and leaves RESULT
 * empty. */
struct ovsdb_error *ovsdb_execute(struct ovsdb *db, const struct json *params,
                                  const struct ovsdb_execute_options *,
                                  struct ovsdb_execute_result *)
    OVS_WARN_UNUSED_RESULT;

/* Frees RESULT's reply, comments and transaction (if not taken: set 'txn'
 * to NULL to keep it). */
void ovsdb_execute_result_destroy(struct ovsdb_execute_result *);

#endif /* ovsdb-execute.h */
