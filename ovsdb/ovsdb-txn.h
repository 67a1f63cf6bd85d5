/* ovsdb-txn.h -- in-memory transactions on an OVSDB database.
 *
 * Life cycle:
 *
 *     txn = ovsdb_txn_create(db);          -- at most one open per db
 *     ...read with ovsdb_txn_get_row() / ovsdb_txn_select(),
 *        write with ovsdb_txn_insert() / _modify() / _delete()...
 *     error = ovsdb_txn_commit(txn);       -- checks, then applies
 *     if (!error) {
 *         ...walk ovsdb_txn_get_changes(txn)...
 *     }
 *     ovsdb_txn_destroy(txn);              -- aborts if not committed
 *
 * Copy-on-write: the committed rows of the database are never modified in
 * place.  The first ovsdb_txn_modify() of a row clones it and later reads
 * through the transaction see the clone; ovsdb_txn_insert() adds a row
 * that only the transaction sees.  So a transaction costs memory and time
 * in proportion to the rows it touches, not to the size of the tables, and
 * aborting just frees the copies.
 *
 * Commit runs these checks, in order, and fails with the first error,
 * leaving the database exactly as it was:
 *
 *   - Strong references: every strong reference added must name an
 *     existing row of the referenced table ("referential integrity
 *     violation", naming the referring row and column).
 *   - Garbage collection: a row of a non-root table that no row references
 *     strongly any more (including one inserted unreferenced) is deleted;
 *     this may cascade.
 *   - A deleted row must have no strong references left ("referential
 *     integrity violation").
 *   - Weak references to rows that do not exist after the transaction
 *     (deleted ones, never-existing ones) are removed from the rows that
 *     hold them; if that leaves a column with fewer elements than its
 *     type's minimum, "constraint violation".
 *   - "maxRows" of every table ("constraint violation").
 *   - Unique indexes ("constraint violation" naming the index, the values
 *     and both rows).
 *
 * Then every inserted or modified row gets a fresh _version, the rows are
 * swapped into their tables, and the transaction records its changes.  A
 * modification that left a row's data unchanged is dropped (no new
 * _version, no change reported).
 *
 * Changes: after a successful commit, ovsdb_txn_get_changes() returns the
 * changed rows, grouped by table (in schema order) and in order of first
 * touch within a table.  Each change has the row before ('old', NULL for
 * an insert) and after ('new', NULL for a delete) and a bitmap of changed
 * column indexes: for a modification the columns whose values differ
 * (including _version), for an insert or delete every column.  This is
 * what monitors ("update" notifications) and the on-disk log need.  'old'
 * rows stay valid until ovsdb_txn_destroy(); 'new' rows belong to the
 * database and stay valid only until the next transaction commits, so
 * consume the changes before committing another transaction.
 *
 * Not thread-safe: a database and its transactions belong to one thread.
 */
#ifndef OVSDB_TXN_H
#define OVSDB_TXN_H 1

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct ovsdb;
struct ovsdb_condition;
struct ovsdb_row;
struct ovsdb_table;
struct uuid;

struct ovsdb_txn *ovsdb_txn_create(struct ovsdb *);
struct ovsdb *ovsdb_txn_get_db(const struct ovsdb_txn *);

/* Reading: the transaction's view (committed state plus its own changes).
 *
 * Returns the row of TABLE with UUID as the transaction sees it, or NULL
 * if there is none (never was, or deleted by the transaction). */
const struct ovsdb_row *ovsdb_txn_get_row(const struct ovsdb_txn *,
                                          const struct ovsdb_table *,
                                          const struct uuid *);

/* True if UUID names a row of TABLE in the committed state or in the
 * transaction, including one the transaction deleted: such a UUID may not
 * be given to a new row. */
bool ovsdb_txn_uuid_is_used(const struct ovsdb_txn *,
                            const struct ovsdb_table *, const struct uuid *);

/* A growable array of rows. */
struct ovsdb_row_set {
    const struct ovsdb_row **rows;
    size_t n, allocated;
};

#define OVSDB_ROW_SET_INITIALIZER { NULL, 0, 0 }
void ovsdb_row_set_init(struct ovsdb_row_set *);
void ovsdb_row_set_destroy(struct ovsdb_row_set *);
void ovsdb_row_set_add(struct ovsdb_row_set *, const struct ovsdb_row *);

/* Appends to ROWS the rows of TABLE in the transaction's view that satisfy
 * COND, in no particular order.  Uses a UUID lookup when COND pins _uuid,
 * an index lookup when it pins every column of a unique index, and a scan
 * otherwise. */
void ovsdb_txn_select(const struct ovsdb_txn *, const struct ovsdb_table *,
                      const struct ovsdb_condition *,
                      struct ovsdb_row_set *rows);

/* Writing.
 *
 * Adds ROW (from ovsdb_row_create() on a table of this database, with its
 * UUID set and not in use: see ovsdb_txn_uuid_is_used()) to its table.
 * The transaction takes ownership. */
void ovsdb_txn_insert(struct ovsdb_txn *, struct ovsdb_row *);

/* Returns a writable version of ROW (a row from this transaction's view),
 * cloning it on first modification.  The clone replaces ROW in the view:
 * do not use ROW afterward.  _uuid, _version and the reference counts are
 * the transaction's business: change only ordinary columns. */
struct ovsdb_row *ovsdb_txn_modify(struct ovsdb_txn *,
                                   const struct ovsdb_row *);

/* Deletes ROW (a row from this transaction's view). */
void ovsdb_txn_delete(struct ovsdb_txn *, const struct ovsdb_row *);

/* True if the transaction has inserted, modified or deleted any row (a
 * modification may still turn out to be a no-op at commit). */
bool ovsdb_txn_is_dirty(const struct ovsdb_txn *);

/* Checks and applies the transaction (see above).  Returns NULL on
 * success; then the changes may be read until ovsdb_txn_destroy().  On
 * error the database is unchanged and the caller should destroy the
 * transaction. */
struct ovsdb_error *ovsdb_txn_commit(struct ovsdb_txn *)
    OVS_WARN_UNUSED_RESULT;

/* Aborts an uncommitted transaction or releases a committed one.  NULL is
 * fine. */
void ovsdb_txn_destroy(struct ovsdb_txn *);

/* Changes of a committed transaction. */
struct ovsdb_txn_change {
    const struct ovsdb_table *table;
    const struct ovsdb_row *old;        /* NULL for an insert. */
    const struct ovsdb_row *new;        /* NULL for a delete. */
    const unsigned long *changed;       /* Bit per column index. */
};

/* Returns the number of changes and stores the array in *CHANGES. */
size_t ovsdb_txn_get_changes(const struct ovsdb_txn *,
                             const struct ovsdb_txn_change **changes);

static inline bool
ovsdb_txn_change_column_changed(const struct ovsdb_txn_change *change,
                                unsigned int column_index)
{
    const unsigned int bits = 8 * sizeof *change->changed;
    return (change->changed[column_index / bits]
            >> (column_index % bits)) & 1;
}

#endif /* ovsdb-txn.h */
