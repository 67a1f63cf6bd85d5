/* ovsdb-table.h -- the committed rows of one OVSDB table.
 *
 * A table maps UUIDs to rows (an hmap on ovsdb_row_uuid_hash()) and keeps
 * one hmap per unique index of its schema, keyed by the hash of the
 * indexed columns' values.  It holds committed rows only: a transaction's
 * pending rows live in the transaction (ovsdb-txn.h) until commit, which
 * is the only writer of a table once the database is open. */
#ifndef OVSDB_TABLE_H
#define OVSDB_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include "hmap.h"
#include "ovsdb-schema.h"

struct ovsdb_row;
struct uuid;

struct ovsdb_table {
    const struct ovsdb_table_schema *schema;
    struct hmap rows;           /* struct ovsdb_row by uuid. */
    struct hmap *indexes;       /* One per schema->indexes[]. */
};

struct ovsdb_table *ovsdb_table_create(const struct ovsdb_table_schema *);
void ovsdb_table_destroy(struct ovsdb_table *);   /* Frees its rows. */

static inline size_t
ovsdb_table_n_rows(const struct ovsdb_table *table)
{
    return hmap_count(&table->rows);
}

/* The committed row with UUID, or NULL. */
struct ovsdb_row *ovsdb_table_get_row(const struct ovsdb_table *,
                                      const struct uuid *);

/* Committed-state maintenance, for the commit code (and loaders that
 * bypass transactions).  ROW's table must be TABLE. */
void ovsdb_table_put_row(struct ovsdb_table *, struct ovsdb_row *);
void ovsdb_table_remove_row(struct ovsdb_table *, struct ovsdb_row *);
void ovsdb_table_replace_row(struct ovsdb_table *, struct ovsdb_row *old,
                             struct ovsdb_row *new);

/* Hash of ROW's values for the table's index IDX. */
uint32_t ovsdb_table_index_hash(const struct ovsdb_row *, size_t idx);

#endif /* ovsdb-table.h */
