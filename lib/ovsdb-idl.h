/* ovsdb-idl.h -- the IDL: a client's in-memory replica of an OVSDB database.
 *
 * An IDL connects to an ovsdb-server (through a jsonrpc_session, so it
 * reconnects with backoff), checks that the database exists (through the
 * server's _Server database, when the server has one), fetches the schema
 * and monitors the tables and columns the application registered.  It then
 * keeps one row object per row on the server, with every monitored column
 * parsed into a typed C field (see ovsdb-idlc and the generated
 * NAME-idl.h).  Monitoring prefers "monitor_cond_since" (so that after a
 * reconnection only the missed changes are sent, when the server still
 * knows the last transaction id), then "monitor_cond", then plain
 * "monitor", falling back when the server answers "unknown method".
 *
 * The IDL is driven by the caller's event loop: ovsdb_idl_run() processes
 * what arrived, ovsdb_idl_wait() arranges to wake up.  The replica never
 * changes outside ovsdb_idl_run(); ovsdb_idl_get_seqno() changes whenever
 * it did change, so a caller compares seqnos to know when to look again.
 *
 * Writes go through transactions (struct ovsdb_idl_txn, below).  A write
 * is not visible in the replica until the server's update for it arrives:
 * the replica is always a copy of what the server has.
 *
 * Only one transaction may be open (created and not yet committed or
 * aborted) at a time, and ovsdb_idl_run() may not be called while one is
 * open: rows that the transaction touches must stay put. */
#ifndef OVSDB_IDL_H
#define OVSDB_IDL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "ovsdb-idl-provider.h"

struct json;
struct ovsdb_datum;
struct ovsdb_idl;
struct uuid;

/* Life cycle.
 *
 * REMOTE is a stream name (unix:FILE, tcp:IP:PORT, ssl:IP:PORT).  If
 * MONITOR_EVERYTHING, every table and column of CLASS is replicated (with
 * alerts); otherwise nothing is until the caller adds tables and columns
 * (before the first ovsdb_idl_run()).  If RETRY, connection failures are
 * retried with backoff; otherwise the IDL gives up after one attempt. */
struct ovsdb_idl *ovsdb_idl_create(const char *remote,
                                   const struct ovsdb_idl_class *,
                                   bool monitor_everything, bool retry);
void ovsdb_idl_destroy(struct ovsdb_idl *);        /* NULL is fine. */

void ovsdb_idl_run(struct ovsdb_idl *);
void ovsdb_idl_wait(struct ovsdb_idl *);

/* Changes whenever the replica changes (rows, alerting columns), the lock
 * status changes, or the server acknowledges a condition change. */
unsigned int ovsdb_idl_get_seqno(const struct ovsdb_idl *);
/* True once the initial contents have been received at least once. */
bool ovsdb_idl_has_ever_connected(const struct ovsdb_idl *);
/* True while the replica is in sync with the server (monitoring). */
bool ovsdb_idl_is_connected(const struct ovsdb_idl *);
/* False once a non-retrying IDL has given up. */
bool ovsdb_idl_is_alive(const struct ovsdb_idl *);
/* 0, or a positive errno for the last connection failure. */
int ovsdb_idl_get_last_error(const struct ovsdb_idl *);
void ovsdb_idl_force_reconnect(struct ovsdb_idl *);
void ovsdb_idl_set_probe_interval(struct ovsdb_idl *, int ms);
/* The monitor method in use: "monitor_cond_since", "monitor_cond",
 * "monitor", or NULL before the first monitor reply. */
const char *ovsdb_idl_get_monitor_method(const struct ovsdb_idl *);
/* True if the last monitor reply was an incremental resynchronisation
 * (monitor_cond_since with found = true). */
bool ovsdb_idl_last_sync_was_incremental(const struct ovsdb_idl *);

/* Choosing what to replicate (before the first ovsdb_idl_run()).
 *
 * add_column replicates COLUMN (and its table) with alerts: a change to
 * it changes the seqno.  omit_alert keeps replicating it but a change to
 * it alone does not change the seqno.  omit stops replicating it: it
 * becomes write-only (transactions may still write it). */
void ovsdb_idl_add_table(struct ovsdb_idl *,
                         const struct ovsdb_idl_table_class *);
void ovsdb_idl_add_column(struct ovsdb_idl *, const struct ovsdb_idl_column *);
void ovsdb_idl_omit_alert(struct ovsdb_idl *, const struct ovsdb_idl_column *);
void ovsdb_idl_omit(struct ovsdb_idl *, const struct ovsdb_idl_column *);

/* Reading. */
const struct ovsdb_idl_row *ovsdb_idl_first_row(
    const struct ovsdb_idl *, const struct ovsdb_idl_table_class *);
const struct ovsdb_idl_row *ovsdb_idl_next_row(const struct ovsdb_idl_row *);
const struct ovsdb_idl_row *ovsdb_idl_get_row_for_uuid(
    const struct ovsdb_idl *, const struct ovsdb_idl_table_class *,
    const struct uuid *);
/* The server's value of COLUMN in ROW (the default for a column that is
 * not replicated). */
const struct ovsdb_datum *ovsdb_idl_read(const struct ovsdb_idl_row *,
                                         const struct ovsdb_idl_column *);
/* The class of COLUMN's table that ROW belongs to. */
const struct ovsdb_idl_table_class *ovsdb_idl_row_get_class(
    const struct ovsdb_idl_row *);

/* Conditional monitoring.
 *
 * A condition is a list of clauses [column, function, value] as in RFC
 * 7047 "where" clauses, or the literals true and false; a row is
 * replicated if the server's evaluation of the list accepts it.  With no
 * condition set, a table replicates every row; an empty condition
 * replicates none.  ovsdb_idl_set_condition() returns the condition seqno
 * at which the server will have applied it: compare with
 * ovsdb_idl_get_condition_seqno(). */
struct ovsdb_idl_condition {
    struct json *clauses;       /* JSON array. */
};

void ovsdb_idl_condition_init(struct ovsdb_idl_condition *);
void ovsdb_idl_condition_destroy(struct ovsdb_idl_condition *);
void ovsdb_idl_condition_add_clause_true(struct ovsdb_idl_condition *);
/* FUNCTION is "==", "!=", "<", "<=", ">", ">=", "includes" or
 * "excludes"; VALUE has COLUMN's type. */
void ovsdb_idl_condition_add_clause(struct ovsdb_idl_condition *,
                                    const struct ovsdb_idl_column *,
                                    const char *function,
                                    const struct ovsdb_datum *value);
/* Takes a clause already in JSON form (not consumed). */
void ovsdb_idl_condition_add_clause_json(struct ovsdb_idl_condition *,
                                         const struct json *clause);
unsigned int ovsdb_idl_set_condition(struct ovsdb_idl *,
                                     const struct ovsdb_idl_table_class *,
                                     const struct ovsdb_idl_condition *);
unsigned int ovsdb_idl_get_condition_seqno(const struct ovsdb_idl *);

/* Change tracking.
 *
 * Once enabled, each row that is inserted, modified or deleted is kept on
 * its table's tracked list, with which columns changed, until
 * ovsdb_idl_track_clear().  Deleted rows stay readable (with their last
 * values) until then. */
void ovsdb_idl_track_add_all(struct ovsdb_idl *);
void ovsdb_idl_track_clear(struct ovsdb_idl *);
const struct ovsdb_idl_row *ovsdb_idl_track_get_first(
    const struct ovsdb_idl *, const struct ovsdb_idl_table_class *);
const struct ovsdb_idl_row *ovsdb_idl_track_get_next(
    const struct ovsdb_idl_row *);
bool ovsdb_idl_row_is_new(const struct ovsdb_idl_row *);
bool ovsdb_idl_row_is_deleted(const struct ovsdb_idl_row *);
bool ovsdb_idl_row_is_modified(const struct ovsdb_idl_row *);
bool ovsdb_idl_row_is_updated(const struct ovsdb_idl_row *,
                              const struct ovsdb_idl_column *);

/* Locks (RFC 7047 4.1.8-4.1.10).  set_lock(NAME) asks for the lock and
 * keeps asking after reconnections; set_lock(NULL) gives it up.
 * steal_lock takes it from its current owner.  While a lock is set, every
 * transaction asserts it, and commits fail with TXN_NOT_LOCKED without
 * the lock. */
void ovsdb_idl_set_lock(struct ovsdb_idl *, const char *lock_name);
void ovsdb_idl_steal_lock(struct ovsdb_idl *, const char *lock_name);
bool ovsdb_idl_has_lock(const struct ovsdb_idl *);
bool ovsdb_idl_is_lock_contended(const struct ovsdb_idl *);

/* Transactions. */
enum ovsdb_idl_txn_status {
    TXN_UNCOMMITTED,            /* Not yet committed or aborted. */
    TXN_UNCHANGED,              /* Nothing to do: nothing was sent. */
    TXN_INCOMPLETE,             /* Sent, waiting for the reply. */
    TXN_ABORTED,                /* ovsdb_idl_txn_abort() was called. */
    TXN_SUCCESS,                /* Committed (or, dry run, would be). */
    TXN_TRY_AGAIN,              /* A verified column changed, or the
                                 * connection dropped: refresh, retry. */
    TXN_NOT_LOCKED,             /* The IDL's lock is not held. */
    TXN_ERROR                   /* The server refused it: see
                                 * ovsdb_idl_txn_get_error(). */
};
const char *ovsdb_idl_txn_status_to_string(enum ovsdb_idl_txn_status);

struct ovsdb_idl_txn *ovsdb_idl_txn_create(struct ovsdb_idl *);
/* Aborts the transaction if still open; NULL is fine. */
void ovsdb_idl_txn_destroy(struct ovsdb_idl_txn *);
struct ovsdb_idl *ovsdb_idl_txn_get_idl(const struct ovsdb_idl_txn *);
void ovsdb_idl_txn_add_comment(struct ovsdb_idl_txn *, const char *, ...)
    OVS_PRINTF_FORMAT(2, 3);
/* Makes the server check the transaction and then throw it away. */
void ovsdb_idl_txn_set_dry_run(struct ovsdb_idl_txn *);
/* Adds 1 to integer COLUMN of ROW on the server; after TXN_SUCCESS,
 * ovsdb_idl_txn_get_increment_new_value() returns the result.  One
 * increment per transaction. */
void ovsdb_idl_txn_increment(struct ovsdb_idl_txn *,
                             const struct ovsdb_idl_row *,
                             const struct ovsdb_idl_column *);
int64_t ovsdb_idl_txn_get_increment_new_value(const struct ovsdb_idl_txn *);

/* Sends the transaction (first call) and returns its status; later calls
 * return the current status without blocking.  Closes the transaction:
 * another may be created at once, and ovsdb_idl_run() may be called. */
enum ovsdb_idl_txn_status ovsdb_idl_txn_commit(struct ovsdb_idl_txn *);
/* Commits and runs the IDL until the status is final. */
enum ovsdb_idl_txn_status ovsdb_idl_txn_commit_block(struct ovsdb_idl_txn *);
void ovsdb_idl_txn_abort(struct ovsdb_idl_txn *);
enum ovsdb_idl_txn_status ovsdb_idl_txn_get_status(
    const struct ovsdb_idl_txn *);
/* For TXN_ERROR: a description of what failed; else NULL. */
const char *ovsdb_idl_txn_get_error(const struct ovsdb_idl_txn *);
/* Wakes the loop when the status of a committed transaction changes. */
void ovsdb_idl_txn_wait(const struct ovsdb_idl_txn *);
/* After TXN_SUCCESS: the uuid the server gave the row inserted with
 * temporary uuid TEMP (the row's uuid before commit), or NULL. */
const struct uuid *ovsdb_idl_txn_get_insert_uuid(const struct ovsdb_idl_txn *,
                                                 const struct uuid *temp);

/* Row operations inside the open transaction of ROW's IDL (used by the
 * generated setters).  ovsdb_idl_txn_write() takes ownership of DATUM,
 * which must have COLUMN's type (sorted, no duplicates). */
void ovsdb_idl_txn_write(const struct ovsdb_idl_row *,
                         const struct ovsdb_idl_column *,
                         struct ovsdb_datum *);
/* Like ovsdb_idl_txn_write() but sorts DATUM and drops duplicate keys. */
void ovsdb_idl_txn_write_unsorted(const struct ovsdb_idl_row *,
                                  const struct ovsdb_idl_column *,
                                  struct ovsdb_datum *);
/* Makes the transaction fail with TXN_TRY_AGAIN if COLUMN of ROW on the
 * server differs, at commit, from the value replicated now. */
void ovsdb_idl_txn_verify(const struct ovsdb_idl_row *,
                          const struct ovsdb_idl_column *);
void ovsdb_idl_txn_delete(const struct ovsdb_idl_row *);
/* Inserts a row of TABLE_CLASS with a temporary uuid (UUID, if nonnull,
 * else a fresh one); the row is not part of the replica.  It lives until
 * the transaction is destroyed. */
const struct ovsdb_idl_row *ovsdb_idl_txn_insert(
    struct ovsdb_idl_txn *, const struct ovsdb_idl_table_class *,
    const struct uuid *);
/* Partial updates of a map or set column, sent as "mutate" operations so
 * that concurrent changes to other keys survive.  Each takes ownership of
 * DATUM: for write_partial_map, pairs to set; for delete_partial_map,
 * keys to remove (a set of the key type); for the set versions, elements
 * to add or remove. */
void ovsdb_idl_txn_write_partial_map(const struct ovsdb_idl_row *,
                                     const struct ovsdb_idl_column *,
                                     struct ovsdb_datum *);
void ovsdb_idl_txn_delete_partial_map(const struct ovsdb_idl_row *,
                                      const struct ovsdb_idl_column *,
                                      struct ovsdb_datum *);
void ovsdb_idl_txn_write_partial_set(const struct ovsdb_idl_row *,
                                     const struct ovsdb_idl_column *,
                                     struct ovsdb_datum *);
void ovsdb_idl_txn_delete_partial_set(const struct ovsdb_idl_row *,
                                      const struct ovsdb_idl_column *,
                                      struct ovsdb_datum *);

#endif /* ovsdb-idl.h */
