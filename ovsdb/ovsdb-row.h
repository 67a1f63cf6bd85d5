/* ovsdb-row.h -- one row of an OVSDB table.
 *
 * A row is one allocation: a small header, then one struct ovsdb_datum per
 * column (indexed by column index, so _uuid is fields[0] and _version is
 * fields[1]), then one hash node per unique index of the table.  The
 * _uuid and _version values live inside the header, so a row costs no
 * allocations beyond itself for them.
 *
 * Committed rows are immutable.  A transaction that changes a row works on
 * a clone (copy-on-write) and swaps it in at commit; readers holding the
 * old row (e.g. a committed transaction's change list) keep a consistent
 * view of it until they free it. */
#ifndef OVSDB_ROW_H
#define OVSDB_ROW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "hmap.h"
#include "ovsdb-data.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"

struct json;
struct ovsdb_txn_row;

struct ovsdb_row {
    struct hmap_node hmap_node;     /* In table->rows (committed rows). */
    struct ovsdb_table *table;
    struct ovsdb_txn_row *txn_row;  /* Non-null while in an open txn. */
    unsigned int n_refs;            /* Strong references to this row from
                                     * committed rows; maintained by the
                                     * transaction code. */
    union ovsdb_atom std_atoms[OVSDB_N_STD_COLUMNS]; /* _uuid, _version. */
    struct ovsdb_datum fields[];    /* One per column; then index nodes. */
};

/* A new row of TABLE with every column at its default and a zero UUID. */
struct ovsdb_row *ovsdb_row_create(struct ovsdb_table *);
/* A copy of ROW's data (not of its table membership or refcount). */
struct ovsdb_row *ovsdb_row_clone(const struct ovsdb_row *);
void ovsdb_row_destroy(struct ovsdb_row *);     /* NULL is fine. */

static inline const struct uuid *
ovsdb_row_get_uuid(const struct ovsdb_row *row)
{
    return &row->std_atoms[OVSDB_COL_UUID].uuid;
}

static inline const struct uuid *
ovsdb_row_get_version(const struct ovsdb_row *row)
{
    return &row->std_atoms[OVSDB_COL_VERSION].uuid;
}

static inline void
ovsdb_row_set_uuid(struct ovsdb_row *row, const struct uuid *uuid)
{
    row->std_atoms[OVSDB_COL_UUID].uuid = *uuid;
}

static inline void
ovsdb_row_set_version(struct ovsdb_row *row, const struct uuid *version)
{
    row->std_atoms[OVSDB_COL_VERSION].uuid = *version;
}

/* The hash by which rows are found by UUID.  Mixes all of the UUID, so
 * that deterministic (counter) UUIDs used in tests spread well too. */
static inline uint32_t
ovsdb_row_uuid_hash(const struct uuid *uuid)
{
    return (uuid->parts[0] ^ uuid->parts[1] ^ uuid->parts[2]
            ^ uuid->parts[3]);
}

/* Hash node for the table's index IDX. */
static inline struct hmap_node *
ovsdb_row_index_node(const struct ovsdb_row *row, size_t idx)
{
    return (struct hmap_node *) (void *)
        &row->fields[row->table->schema->n_columns] + idx;
}

static inline const struct ovsdb_column *
ovsdb_row_column(const struct ovsdb_row *row, unsigned int idx)
{
    return row->table->schema->columns_by_index[idx];
}

/* Hash and comparison of the values of COLUMNS. */
uint32_t ovsdb_row_hash_columns(const struct ovsdb_row *,
                                const struct ovsdb_column_set *,
                                uint32_t basis);
bool ovsdb_row_equal_columns(const struct ovsdb_row *,
                             const struct ovsdb_row *,
                             const struct ovsdb_column_set *);

/* Replaces the columns of DST listed in COLUMNS by copies of SRC's. */
void ovsdb_row_update_columns(struct ovsdb_row *dst,
                              const struct ovsdb_row *src,
                              const struct ovsdb_column_set *columns);

/* Sets the columns named in JSON (an object of column name to datum) in
 * ROW.  If COLUMNS is nonnull, it is initialized and receives the columns
 * set, in JSON order.  SYMTAB resolves named UUIDs.  Any column may be
 * named, including _uuid and _version: the caller decides which columns it
 * allows.  Errors: "syntax error", "unknown column", "constraint
 * violation". */
struct ovsdb_error *ovsdb_row_from_json(struct ovsdb_row *,
                                        const struct json *,
                                        struct ovsdb_symbol_table *,
                                        struct ovsdb_column_set *columns)
    OVS_WARN_UNUSED_RESULT;

/* The columns of ROW listed in COLUMNS (all columns if NULL) as an object
 * of column name to datum. */
struct json *ovsdb_row_to_json(const struct ovsdb_row *,
                               const struct ovsdb_column_set *columns);

/* ROWS (all of the same table) as a JSON array of what ovsdb_row_to_json()
 * gives for each, members in column name order.  Built as text
 * (json_serialized_create_nocopy()): a select reply of thousands of rows
 * costs a fraction of the tree of nodes, which is freed as soon as it is
 * sent. */
struct json *ovsdb_rows_to_json(const struct ovsdb_row *const *rows,
                                size_t n_rows,
                                const struct ovsdb_column_set *columns);

#endif /* ovsdb-row.h */
