/* server-db.h -- one database as ovsdb-server serves it.
 *
 * A served database is the in-memory struct ovsdb, the file it is kept in
 * (none for the in-memory _Server database), and the history of its last
 * transactions (for "monitor_cond_since").  Every transaction that changes
 * it, whether a client's "transact" or the server's own writes (remote
 * status, _Server rows), goes through server_db_commit(), which:
 *
 *   1. appends the changes to the file (fsync()ed if durable), so that a
 *      reply sent afterward describes a change that is on disk;
 *   2. gives the transaction a fresh id and records it in the history;
 *   3. calls the commit hook, through which the JSON-RPC server sends
 *      update notifications to monitors and wakes parked "wait"s;
 *   4. bumps the change sequence number.
 *
 * The transaction's changes must be consumed before another transaction
 * commits on the database (see ovsdb-txn.h), which is why all of this
 * happens in one call. */
#ifndef OVSDB_SERVER_DB_H
#define OVSDB_SERVER_DB_H 1

#include <stdbool.h>
#include "compiler.h"
#include "uuid.h"

struct ovsdb;
struct ovsdb_file;
struct ovsdb_history;
struct ovsdb_txn;
struct server_db;

/* Called after each commit with the transaction and its id. */
typedef void server_db_commit_hook(struct server_db *,
                                   const struct ovsdb_txn *,
                                   const struct uuid *txn_id, void *aux);

struct server_db {
    char *name;                 /* The schema's name. */
    char *file_name;            /* NULL if in memory only. */
    struct ovsdb *db;
    struct ovsdb_file *file;    /* NULL if in memory only. */
    struct ovsdb_history *history;
    unsigned int change_seqno;  /* Incremented on each commit. */

    server_db_commit_hook *commit_hook;
    void *commit_hook_aux;
};

/* Number of transactions each database's history keeps. */
#define SERVER_DB_HISTORY_SIZE 100

/* Opens FILE_NAME for reading and writing and stores the new served
 * database in *SDBP. */
struct ovsdb_error *server_db_open(const char *file_name,
                                   struct server_db **sdbp)
    OVS_WARN_UNUSED_RESULT;

/* Serves DB (taking ownership) from memory only. */
struct server_db *server_db_create_in_memory(struct ovsdb *db);

/* Closes SDB's file and frees it all.  NULL is fine. */
void server_db_close(struct server_db *);

void server_db_set_commit_hook(struct server_db *, server_db_commit_hook *,
                               void *aux);

/* Persists and publishes TXN, a committed transaction on SDB's database
 * (see above).  Does not destroy TXN.  Returns an error if the file could
 * not be written; the in-memory database has changed anyway, so monitors
 * are still told. */
struct ovsdb_error *server_db_commit(struct server_db *,
                                     const struct ovsdb_txn *txn,
                                     const char *comment, bool durable)
    OVS_WARN_UNUSED_RESULT;

/* Replaces SDB's database by NEW_DB (taking ownership), the result of
 * converting it to a new schema (ovsdb-convert.h), for the "convert" RPC.
 * NEW_DB is first written to the file as a snapshot that replaces it whole
 * (ovsdb_file_replace()), so once this returns success the conversion
 * survives a crash or restart.  The history is cleared (its transactions
 * are in terms of the old schema, so "monitor_cond_since" from before the
 * conversion starts over) and the change sequence number bumped.
 *
 * On success stores the old database in *OLD_DBP: the caller must drop
 * everything that points into it (monitors) and then destroy it.  On error
 * NEW_DB is destroyed, SDB is unchanged and *OLD_DBP is NULL. */
struct ovsdb_error *server_db_convert(struct server_db *,
                                      struct ovsdb *new_db,
                                      const char *comment,
                                      struct ovsdb **old_dbp)
    OVS_WARN_UNUSED_RESULT;

/* Main-loop hooks for the file (background and automatic compaction). */
void server_db_run(struct server_db *);
void server_db_wait(const struct server_db *);

#endif /* server-db.h */
