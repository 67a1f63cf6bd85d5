/* ovsdb-monitor.h -- what one "monitor" request of a client sees.
 *
 * A monitor is created from the params of a "monitor" (RFC 7047 4.1.5),
 * "monitor_cond" or "monitor_cond_since" request (ovsdb-server(7)) and
 * turns the database's contents and each committed transaction into the
 * JSON the client expects:
 *
 *   OVSDB_MONITOR_V1  "monitor": <table-updates> (RFC 7047 4.1.6):
 *                     {table: {uuid: {"old": row, "new": row}}}, where
 *                     "old" holds only the changed columns.
 *   OVSDB_MONITOR_V2  "monitor_cond": <table-updates2>:
 *                     {table: {uuid: {"initial" | "insert" | "delete" |
 *                     "modify": row}}}, "modify" holding the difference
 *                     (for a set, the elements added or removed; for a
 *                     map, the pairs added, removed or changed).
 *   OVSDB_MONITOR_V3  "monitor_cond_since": the same <table-updates2>,
 *                     sent in "update3" notifications with a transaction
 *                     id.
 *
 * Monitor requests name, per table, the columns (all but _uuid if
 * absent, so _version too, as RFC 7047 says and ovsdb-server does) and
 * which kinds of change to report ("select": initial, insert, delete,
 * modify; all true by default); V2 and V3 add a "where" condition per
 * table (RFC 7047 clauses, plus true and false; a row is visible while it
 * satisfies ANY clause, and an empty or absent "where" shows every row),
 * which ovsdb_monitor_cond_change() may replace later.  A row that starts
 * or stops satisfying the condition is reported as an insert or a
 * delete.
 *
 * The transaction history (struct ovsdb_history) remembers the last
 * transactions on a database, by transaction id, so that a client that
 * reconnects with "monitor_cond_since" and its last id gets just the
 * changes it missed.  The history keeps its own copies of rows. */
#ifndef OVSDB_MONITOR_H
#define OVSDB_MONITOR_H 1

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct json;
struct ovsdb;
struct ovsdb_error;
struct ovsdb_history;
struct ovsdb_monitor;
struct ovsdb_txn;
struct uuid;

enum ovsdb_monitor_version {
    OVSDB_MONITOR_V1,           /* monitor / update */
    OVSDB_MONITOR_V2,           /* monitor_cond / update2 */
    OVSDB_MONITOR_V3,           /* monitor_cond_since / update3 */
};

/* Parses REQUESTS (the <monitor-requests> object: the third element of the
 * request's params) for DB, which must outlive the monitor.  Errors are
 * the ones ovsdb-server gives: "unknown table", "unknown column", "syntax
 * error" and so on, to be sent as the JSON-RPC error. */
struct ovsdb_error *ovsdb_monitor_create(const struct ovsdb *db,
                                         enum ovsdb_monitor_version,
                                         const struct json *requests,
                                         struct ovsdb_monitor **monp)
    OVS_WARN_UNUSED_RESULT;
void ovsdb_monitor_destroy(struct ovsdb_monitor *);   /* NULL is fine. */

/* The initial contents: every visible row of the tables whose requests
 * select "initial", as <table-updates> (V1: {"new": row}) or
 * <table-updates2> (V2/V3: {"initial": row}).  Always an object, possibly
 * empty. */
struct json *ovsdb_monitor_get_initial(const struct ovsdb_monitor *);

/* The update for the committed transaction TXN on the monitor's database
 * (call before another transaction commits), or NULL if the monitor sees
 * nothing of it. */
struct json *ovsdb_monitor_get_update(const struct ovsdb_monitor *,
                                      const struct ovsdb_txn *);

/* monitor_cond_change: replaces the conditions of the tables named in
 * COND_REQUESTS ({table: [{"where": [...], "columns": [...]}]}, columns
 * must not change) and stores in *UPDATE the rows that became visible
 * (as "insert") or invisible (as "delete"), or NULL if none.  As in
 * ovsdb-server, any "columns" member is an error ("changing columns is
 * unsupported"), the last request of a table gives its condition, and a
 * request without "where" shows every row.  On error nothing changes.  A
 * V1 monitor has no conditions: like ovsdb-server, this checks the request
 * (all but the clauses of "where") and then ignores it. */
struct ovsdb_error *ovsdb_monitor_cond_change(struct ovsdb_monitor *,
                                              const struct json *cond_req,
                                              struct json **update)
    OVS_WARN_UNUSED_RESULT;

/* Transaction history. */
struct ovsdb_history *ovsdb_history_create(unsigned int max_txns);

/* The history holds at most max(MIN_ROWS, database rows / DIVISOR) row
 * copies (by default 1000 and 4); tests set other limits. */
void ovsdb_history_set_row_limits(struct ovsdb_history *, size_t min_rows,
                                  size_t divisor);
void ovsdb_history_destroy(struct ovsdb_history *);   /* NULL is fine. */

/* Records committed TXN (before another one commits) as TXN_ID. */
void ovsdb_history_add(struct ovsdb_history *, const struct uuid *txn_id,
                       const struct ovsdb_txn *txn);

/* Forgets every transaction (after the database was replaced); the last
 * id becomes all-zeros. */
void ovsdb_history_clear(struct ovsdb_history *);

/* The id of the last transaction recorded, or the all-zeros UUID. */
const struct uuid *ovsdb_history_last_id(const struct ovsdb_history *);

/* The number of transactions held; if N_ROWS is nonnull, stores there the
 * number of row copies they hold.  The history holds at most 'max_txns'
 * transactions and, beyond a small floor, no more row copies than the
 * database has rows: the oldest transactions go first. */
size_t ovsdb_history_count(const struct ovsdb_history *, size_t *n_rows);

/* For monitor_cond_since: if SINCE is the last recorded transaction, one
 * in the history or the one just before the oldest held, returns true and
 * stores in *UPDATE what MON sees of the transactions after it (NULL if
 * nothing); otherwise returns false (the client must take the initial
 * contents instead).  The all-zeros UUID is never found.  Several
 * transactions are merged into one change per row (insert then modify is
 * an insert of the final row, insert then delete nothing, and so on). */
bool ovsdb_monitor_get_update_since(const struct ovsdb_monitor *,
                                    const struct ovsdb_history *,
                                    const struct uuid *since,
                                    struct json **update);

#endif /* ovsdb-monitor.h */
