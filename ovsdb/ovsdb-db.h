/* ovsdb-db.h -- an in-memory OVSDB database: a schema and its tables.
 *
 * The database owns its schema and one struct ovsdb_table per table
 * schema, in the schema's table order.  All changes go through
 * transactions (ovsdb-txn.h); at most one transaction may be open (created
 * and not yet committed or destroyed) on a database at a time, which is
 * how an OVSDB server runs them anyway: one after another, each to
 * completion.
 *
 * The database also keeps a reverse index of weak references (which rows
 * weakly refer to a given UUID) so that deleting a row finds the
 * references to remove without scanning tables.  Only the transaction code
 * maintains it. */
#ifndef OVSDB_DB_H
#define OVSDB_DB_H 1

#include <stddef.h>
#include "hmap.h"
#include "uuid.h"

struct ovsdb_schema;
struct ovsdb_table;
struct ovsdb_txn;

struct ovsdb {
    struct ovsdb_schema *schema;
    struct ovsdb_table **tables;    /* Indexed like schema->tables_by_index */
    struct hmap weak_refs;          /* struct ovsdb_weak_ref by 'dst'. */
    struct ovsdb_txn *open_txn;     /* The open transaction, if any. */
};

/* Creates an empty database for SCHEMA, taking ownership of it. */
struct ovsdb *ovsdb_create(struct ovsdb_schema *);
/* Frees DB, its tables, rows and schema.  No transaction may be open. */
void ovsdb_destroy(struct ovsdb *);

const char *ovsdb_get_name(const struct ovsdb *);
struct ovsdb_table *ovsdb_get_table(const struct ovsdb *, const char *name);

/* Total number of rows in all tables. */
size_t ovsdb_n_rows(const struct ovsdb *);

/* Weak reference index (for ovsdb-txn.c).  One entry per (source row,
 * destination UUID) pair, counting the atoms in the source row that refer
 * to the destination. */
struct ovsdb_weak_ref {
    struct hmap_node hmap_node;     /* In db->weak_refs by hash of 'dst'. */
    struct uuid dst;
    const struct ovsdb_table *src_table;
    struct uuid src;
    unsigned int count;
};

/* Adds DELTA (positive or negative) to the count of SRC's references to
 * DST, creating or removing the entry as needed. */
void ovsdb_weak_ref_adjust(struct ovsdb *, const struct uuid *dst,
                           const struct ovsdb_table *src_table,
                           const struct uuid *src, int delta);

#endif /* ovsdb-db.h */
