/* vsctl-db.h -- ovs-vsctl's view of the database: a snapshot read in one
 * round trip, changed in memory, written back in one guarded transaction.
 *
 * A run of ovs-vsctl goes:
 *   1. vsctl_db_open(): connect and fetch the schema.
 *   2. The commands declare what they will read (vsctl_db_need_*()).
 *   3. vsctl_db_fetch(): one "transact" of "select"s reads those columns
 *      (plus _uuid) of those tables into struct vsctl_row.
 *   4. The commands read and change rows in memory (vsctl_row_*()).
 *   5. vsctl_db_commit(): one "transact" with the changes.  Every row that
 *      was changed is guarded by a "wait" that the columns it writes still
 *      hold the values read (a deleted or verified row: that it still
 *      exists), so a concurrent change makes the whole transaction fail;
 *      the caller then starts again from step 3 (optimistic concurrency).
 *      Guarding on the values rather than on _version spares reading
 *      _version for every row of every table.
 *   6. Unless told not to, the transaction also increments next_cfg in
 *      Open_vSwitch, and vsctl_db_wait_for_cfg() then monitors cur_cfg
 *      until ovs-vswitchd has caught up.
 *
 * Columns that were not fetched read as their default values: commands
 * must declare every column they look at.  Rows created in memory are
 * sent as "insert"s with a uuid-name; references to them anywhere in the
 * transaction become named-uuids. */
#ifndef VSCTL_DB_H
#define VSCTL_DB_H 1

#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"
#include "ovsdb-data.h"
#include "ovsdb-schema.h"
#include "uuid.h"

struct ds;
struct json;

struct vsctl_table {
    const struct ovsdb_table_schema *schema;
    struct hmap rows;           /* struct vsctl_row, by uuid_hash(). */
    bool *need;                 /* Per column index: fetch it. */
    bool needed;                /* Fetch this table at all. */
    bool verify_empty;          /* Guard: the table had no rows. */
};

struct vsctl_row {
    struct hmap_node node;      /* In table->rows. */
    struct vsctl_table *table;
    struct uuid uuid;           /* Temporary for inserted rows. */
    struct ovsdb_datum *old;    /* Values as read of written columns
                                 * (NULL until the first write). */
    struct ovsdb_datum *data;   /* Current values, by column index. */
    bool *written;              /* Per column index. */
    /* Set columns changed only by adding or removing UUIDs are sent as
     * "mutate" insert/delete of the difference, which commutes with other
     * clients' changes and so needs no guard on the column's value (only
     * on the row's existence).  NULL until first used. */
    bool *delta;
    struct ovsdb_datum *added, *removed;
    bool inserted;              /* Created in this run. */
    bool deleted;
    bool verify;                /* Guard with a "wait" even if unchanged. */
    struct uuid real_uuid;      /* After commit, for inserted rows. */
};

struct vsctl_db *vsctl_db_open(const char *remote, bool retry);
void vsctl_db_close(struct vsctl_db *);
const struct ovsdb_schema *vsctl_db_get_schema(const struct vsctl_db *);
const char *vsctl_db_name(const struct vsctl_db *);

/* Table by exact name, or NULL. */
struct vsctl_table *vsctl_db_get_table(struct vsctl_db *, const char *name);

/* Declaring what to read. */
void vsctl_db_need_column(struct vsctl_table *, const char *column);
void vsctl_db_need_table(struct vsctl_table *);   /* All columns. */

/* Reads the snapshot, replacing any previous one. */
void vsctl_db_fetch(struct vsctl_db *);

/* Counts changes made in memory, so that caches built on the snapshot know
 * when to rebuild. */
unsigned int vsctl_db_change_seqno(const struct vsctl_db *);

/* Rows. */
struct vsctl_row *vsctl_table_find_row(const struct vsctl_table *,
                                       const struct uuid *);
/* Finds a live (not deleted) row by UUID in any table. */
struct vsctl_row *vsctl_db_find_row(const struct vsctl_db *,
                                    const struct uuid *);
/* The first live row of TABLE in no particular order, or NULL. */
struct vsctl_row *vsctl_table_first_row(const struct vsctl_table *);
/* Live rows sorted by uuid (for stable output); caller frees the array. */
struct vsctl_row **vsctl_table_rows(const struct vsctl_table *, size_t *n);

const struct ovsdb_datum *vsctl_row_get(const struct vsctl_row *,
                                        const struct ovsdb_column *);
const struct ovsdb_datum *vsctl_row_get_by_name(const struct vsctl_row *,
                                                const char *column);
/* Convenience readers for scalar-ish columns: NULL/default if empty. */
const char *vsctl_row_get_string(const struct vsctl_row *, const char *col);
int64_t vsctl_row_get_integer(const struct vsctl_row *, const char *col,
                              bool *present);
bool vsctl_row_get_bool(const struct vsctl_row *, const char *col);

/* Replaces a column's value, taking ownership of DATUM. */
void vsctl_row_set(struct vsctl_row *, const struct ovsdb_column *,
                   struct ovsdb_datum *);
void vsctl_row_set_by_name(struct vsctl_row *, const char *column,
                           struct ovsdb_datum *);
void vsctl_row_set_string(struct vsctl_row *, const char *column,
                          const char *value);   /* NULL: empty. */
/* Adds or removes UUID in a set-of-uuid column. */
void vsctl_row_add_uuid(struct vsctl_row *, const char *column,
                        const struct uuid *);
void vsctl_row_remove_uuid(struct vsctl_row *, const char *column,
                           const struct uuid *);

/* A new row with default values; UUID, if nonnull, is its temporary uuid
 * (e.g. from an "@name" symbol). */
struct vsctl_row *vsctl_row_insert(struct vsctl_table *,
                                   const struct uuid *);
void vsctl_row_delete(struct vsctl_row *);
void vsctl_row_verify(struct vsctl_row *);
/* Guards the commit with the table still being empty (as it was read). */
void vsctl_table_verify_empty(struct vsctl_table *);

enum vsctl_commit_status {
    VSCTL_COMMIT_UNCHANGED,     /* Nothing to write. */
    VSCTL_COMMIT_SUCCESS,
    VSCTL_COMMIT_TRY_AGAIN,     /* A guard failed: fetch and rerun. */
    VSCTL_COMMIT_ERROR          /* The server refused: see *ERRORP. */
};

/* Commits the changes.  COMMENT (may be NULL) goes into a "comment" op.  If
 * INCREMENT_CFG, also increments Open_vSwitch next_cfg and stores the new
 * value in *NEXT_CFG.  DRY_RUN sends nothing and reports success. */
enum vsctl_commit_status vsctl_db_commit(struct vsctl_db *,
                                         const char *comment,
                                         bool increment_cfg, bool dry_run,
                                         int64_t *next_cfg, char **errorp);

/* Waits (forever, or until a SIGALRM set by the caller kills the process)
 * until Open_vSwitch cur_cfg >= NEXT_CFG. */
void vsctl_db_wait_for_cfg(struct vsctl_db *, int64_t next_cfg);

/* For "wait-until": returns at once the first time (after setting up a
 * monitor of the tables that were read), then blocks until any of those
 * tables changes.  The caller fetches again after each return. */
void vsctl_db_wait_for_change(struct vsctl_db *);

#endif /* vsctl-db.h */
