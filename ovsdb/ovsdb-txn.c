/* ovsdb-txn.c -- transactions: copy-on-write changes and commit-time
 * checks (see ovsdb-txn.h for the contract).
 *
 * Every row a transaction touches gets a struct ovsdb_txn_row, found by
 * UUID in a per-table hmap, and from a committed row through its
 * 'txn_row' pointer.  'old' is the committed row (NULL for an insert) and
 * 'new' the transaction's version (NULL for a delete).  new == old marks a
 * row the transaction only tracks: commit brings in rows whose strong
 * reference count changes without their data changing.
 *
 * Reference counting at commit: each row's strong reference count lives in
 * the committed row ('n_refs').  Commit never touches it until the apply
 * phase: it sums the changes per row in 'ref_delta' instead (subtracting
 * the old version's references and adding the new one's), so a failed
 * check leaves the database untouched without any undo.  Garbage
 * collection reads old->n_refs + ref_delta.
 *
 * Weak references are kept in the database's reverse index (ovsdb-db.h),
 * which commit updates for every row whose data changed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-txn.h"
#include "coverage.h"
#include "dynamic-string.h"
#include "hmap.h"
#include "json.h"
#include "ovsdb-condition.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_txn);

COVERAGE_DEFINE(ovsdb_txn_commit);
COVERAGE_DEFINE(ovsdb_txn_commit_error);
COVERAGE_DEFINE(ovsdb_txn_abort);
COVERAGE_DEFINE(ovsdb_txn_gc_row);

#define BITS_PER_LONG (8 * sizeof(unsigned long))

struct ovsdb_txn_row {
    struct hmap_node hmap_node;     /* In txn_table->rows_by_uuid. */
    struct ovsdb_table *table;
    struct uuid uuid;
    struct ovsdb_row *old;          /* Committed row, NULL if inserted. */
    struct ovsdb_row *new;          /* NULL if deleted; == old if tracked. */
    int ref_delta;                  /* Change in strong references. */
    bool refs_counted;              /* Own references already counted. */
    unsigned long *changed;         /* Bitmap, set at commit. */
};

struct ovsdb_txn_table {
    struct ovsdb_table *table;
    struct hmap rows_by_uuid;       /* struct ovsdb_txn_row. */
    struct ovsdb_txn_row **rows;    /* In order of first touch. */
    size_t n_rows, allocated_rows;
};

struct ovsdb_txn {
    struct ovsdb *db;
    struct ovsdb_txn_table **tables;    /* By table index, lazily. */
    struct ovsdb_txn_row **rows;        /* All rows, in order of touch. */
    size_t n_rows, allocated_rows;
    bool is_dirty;
    bool committed;
    struct ovsdb_txn_change *changes;
    size_t n_changes;
};

/* Row sets. */

void
ovsdb_row_set_init(struct ovsdb_row_set *set)
{
    set->rows = NULL;
    set->n = set->allocated = 0;
}

void
ovsdb_row_set_destroy(struct ovsdb_row_set *set)
{
    free(set->rows);
    ovsdb_row_set_init(set);
}

void
ovsdb_row_set_add(struct ovsdb_row_set *set, const struct ovsdb_row *row)
{
    if (set->n >= set->allocated) {
        set->rows = x2nrealloc(set->rows, &set->allocated,
                               sizeof *set->rows);
    }
    set->rows[set->n++] = row;
}

/* Creation and lookup. */

struct ovsdb_txn *
ovsdb_txn_create(struct ovsdb *db)
{
    struct ovsdb_txn *txn = xzalloc(sizeof *txn);

    ovs_assert(!db->open_txn);
    txn->db = db;
    txn->tables = xcalloc(db->schema->n_tables ? db->schema->n_tables : 1,
                          sizeof *txn->tables);
    db->open_txn = txn;
    return txn;
}

struct ovsdb *
ovsdb_txn_get_db(const struct ovsdb_txn *txn)
{
    return txn->db;
}

static struct ovsdb_txn_table *
get_txn_table(const struct ovsdb_txn *txn, const struct ovsdb_table *table)
{
    return txn->tables[table->schema->index];
}

static struct ovsdb_txn_row *
find_txn_row(const struct ovsdb_txn *txn, const struct ovsdb_table *table,
             const struct uuid *uuid)
{
    struct ovsdb_txn_table *tt = get_txn_table(txn, table);
    struct ovsdb_txn_row *tr;

    if (tt) {
        HMAP_FOR_EACH_WITH_HASH (tr, hmap_node, ovsdb_row_uuid_hash(uuid),
                                 &tt->rows_by_uuid) {
            if (uuid_equals(&tr->uuid, uuid)) {
                return tr;
            }
        }
    }
    return NULL;
}

const struct ovsdb_row *
ovsdb_txn_get_row(const struct ovsdb_txn *txn,
                  const struct ovsdb_table *table, const struct uuid *uuid)
{
    const struct ovsdb_row *row = ovsdb_table_get_row(table, uuid);

    if (row) {
        return row->txn_row ? row->txn_row->new : row;
    } else {
        struct ovsdb_txn_row *tr = find_txn_row(txn, table, uuid);
        return tr ? tr->new : NULL;
    }
}

bool
ovsdb_txn_uuid_is_used(const struct ovsdb_txn *txn,
                       const struct ovsdb_table *table,
                       const struct uuid *uuid)
{
    return (ovsdb_table_get_row(table, uuid)
            || find_txn_row(txn, table, uuid));
}

static struct ovsdb_txn_row *
add_txn_row(struct ovsdb_txn *txn, struct ovsdb_table *table,
            struct ovsdb_row *old, struct ovsdb_row *new)
{
    struct ovsdb_txn_table *tt = txn->tables[table->schema->index];
    struct ovsdb_txn_row *tr = xzalloc(sizeof *tr);

    if (!tt) {
        tt = xzalloc(sizeof *tt);
        tt->table = table;
        hmap_init(&tt->rows_by_uuid);
        txn->tables[table->schema->index] = tt;
    }

    tr->table = table;
    tr->uuid = *ovsdb_row_get_uuid(old ? old : new);
    tr->old = old;
    tr->new = new;
    hmap_insert(&tt->rows_by_uuid, &tr->hmap_node,
                ovsdb_row_uuid_hash(&tr->uuid));

    if (tt->n_rows >= tt->allocated_rows) {
        tt->rows = x2nrealloc(tt->rows, &tt->allocated_rows,
                              sizeof *tt->rows);
    }
    tt->rows[tt->n_rows++] = tr;
    if (txn->n_rows >= txn->allocated_rows) {
        txn->rows = x2nrealloc(txn->rows, &txn->allocated_rows,
                               sizeof *txn->rows);
    }
    txn->rows[txn->n_rows++] = tr;

    if (old) {
        old->txn_row = tr;
    }
    if (new) {
        new->txn_row = tr;
    }
    return tr;
}

/* Returns ROW's txn_row, tracking the committed ROW if it has none. */
static struct ovsdb_txn_row *
track_row(struct ovsdb_txn *txn, struct ovsdb_row *row)
{
    return row->txn_row ? row->txn_row : add_txn_row(txn, row->table, row,
                                                     row);
}

/* Queries. */

static const struct ovsdb_row *
row_from_index_node(const struct hmap_node *node, size_t idx,
                    const struct ovsdb_table_schema *schema)
{
    /* Inverse of ovsdb_row_index_node(). */
    return (const struct ovsdb_row *) (const void *)
        ((const char *) (node - idx)
         - schema->n_columns * sizeof(struct ovsdb_datum)
         - offsetof(struct ovsdb_row, fields));
}


static void
select_txn_rows(const struct ovsdb_txn *txn, const struct ovsdb_table *table,
                const struct ovsdb_condition *cond,
                struct ovsdb_row_set *rows)
{
    struct ovsdb_txn_table *tt = get_txn_table(txn, table);

    if (tt) {
        for (size_t i = 0; i < tt->n_rows; i++) {
            const struct ovsdb_row *row = tt->rows[i]->new;
            if (row && ovsdb_condition_evaluate(cond, row)) {
                ovsdb_row_set_add(rows, row);
            }
        }
    }
}

void
ovsdb_txn_select(const struct ovsdb_txn *txn,
                 const struct ovsdb_table *table,
                 const struct ovsdb_condition *cond,
                 struct ovsdb_row_set *rows)
{
    const struct uuid *uuid;
    const struct ovsdb_row *row;
    uint32_t hash;
    int idx;

    if (ovsdb_condition_is_false(cond)) {
        return;
    }

    uuid = ovsdb_condition_get_uuid(cond);
    if (uuid) {
        row = ovsdb_txn_get_row(txn, table, uuid);
        if (row && ovsdb_condition_evaluate(cond, row)) {
            ovsdb_row_set_add(rows, row);
        }
        return;
    }

    /* Committed rows that the transaction touched are visited through
     * select_txn_rows(), in their transaction version. */
    idx = ovsdb_condition_find_index(cond, table->schema, &hash);
    if (idx >= 0) {
        const struct hmap_node *node;

        for (node = hmap_first_with_hash(&table->indexes[idx], hash); node;
             node = hmap_next_with_hash(node)) {
            row = row_from_index_node(node, idx, table->schema);
            if (!row->txn_row && ovsdb_condition_evaluate(cond, row)) {
                ovsdb_row_set_add(rows, row);
            }
        }
    } else {
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            if (!row->txn_row && ovsdb_condition_evaluate(cond, row)) {
                ovsdb_row_set_add(rows, row);
            }
        }
    }
    select_txn_rows(txn, table, cond, rows);
}

/* Writing. */

void
ovsdb_txn_insert(struct ovsdb_txn *txn, struct ovsdb_row *row)
{
    ovs_assert(!txn->committed);
    add_txn_row(txn, row->table, NULL, row);
    txn->is_dirty = true;
}

struct ovsdb_row *
ovsdb_txn_modify(struct ovsdb_txn *txn, const struct ovsdb_row *row_)
{
    struct ovsdb_row *row = (struct ovsdb_row *) row_;
    struct ovsdb_txn_row *tr;

    ovs_assert(!txn->committed);
    txn->is_dirty = true;
    tr = row->txn_row;
    if (tr && tr->new != tr->old) {
        ovs_assert(tr->new == row);
        return row;             /* Already a private copy. */
    }

    struct ovsdb_row *copy = ovsdb_row_clone(row);
    if (tr) {
        tr->new = copy;
        copy->txn_row = tr;
    } else {
        add_txn_row(txn, row->table, row, copy);
    }
    return copy;
}

void
ovsdb_txn_delete(struct ovsdb_txn *txn, const struct ovsdb_row *row_)
{
    struct ovsdb_row *row = (struct ovsdb_row *) row_;
    struct ovsdb_txn_row *tr = track_row(txn, row);

    ovs_assert(!txn->committed && tr->new == row);
    txn->is_dirty = true;
    if (tr->new != tr->old) {
        ovsdb_row_destroy(tr->new);
    }
    tr->new = NULL;
}

bool
ovsdb_txn_is_dirty(const struct ovsdb_txn *txn)
{
    return txn->is_dirty;
}

/* Commit: strong references and garbage collection. */

static unsigned int
ref_count(const struct ovsdb_txn_row *tr)
{
    return (tr->old ? tr->old->n_refs : 0) + tr->ref_delta;
}

static struct ovsdb_error *
add_ref(struct ovsdb_txn *txn, const struct ovsdb_row *src,
        const struct ovsdb_column *column,
        const struct ovsdb_base_type *base, const struct uuid *dst,
        int delta)
{
    struct ovsdb_table *table = txn->db->tables[base->uuid.ref_table->index];
    struct ovsdb_row *row = ovsdb_table_get_row(table, dst);
    struct ovsdb_txn_row *tr;

    tr = row ? track_row(txn, row) : find_txn_row(txn, table, dst);
    if (!tr || (delta > 0 && !tr->new)) {
        if (delta < 0) {
            /* The committed state had a dangling reference.  Should not
             * happen; keep going rather than wedge the database. */
            VLOG_WARN("row "UUID_FMT" in table %s had a dangling reference "
                      "to "UUID_FMT" in table %s", UUID_ARGS(
                          ovsdb_row_get_uuid(src)), src->table->schema->name,
                      UUID_ARGS(dst), table->schema->name);
            return NULL;
        }
        return ovsdb_error_create("referential integrity violation",
                                  "Table %s column %s row "UUID_FMT" "
                                  "references nonexistent row "UUID_FMT" in "
                                  "table %s.", src->table->schema->name,
                                  column->name,
                                  UUID_ARGS(ovsdb_row_get_uuid(src)),
                                  UUID_ARGS(dst), table->schema->name);
    }
    tr->ref_delta += delta;
    return NULL;
}

/* Adds DELTA to the reference count of every row that ROW refers to
 * strongly. */
static struct ovsdb_error *
count_row_refs(struct ovsdb_txn *txn, const struct ovsdb_row *row, int delta)
{
    const struct ovsdb_table_schema *schema = row->table->schema;

    for (size_t i = OVSDB_N_STD_COLUMNS; i < schema->n_columns; i++) {
        const struct ovsdb_column *column = schema->columns_by_index[i];
        const struct ovsdb_datum *datum = &row->fields[i];
        const struct ovsdb_base_type *key = &column->type.key;
        const struct ovsdb_base_type *value = &column->type.value;
        struct ovsdb_error *error;

        if (ovsdb_base_type_is_strong_ref(key)) {
            for (unsigned int j = 0; j < datum->n; j++) {
                error = add_ref(txn, row, column, key,
                                &datum->keys[j].uuid, delta);
                if (error) {
                    return error;
                }
            }
        }
        if (ovsdb_base_type_is_strong_ref(value)) {
            for (unsigned int j = 0; j < datum->n; j++) {
                error = add_ref(txn, row, column, value,
                                &datum->values[j].uuid, delta);
                if (error) {
                    return error;
                }
            }
        }
    }
    return NULL;
}

/* Deletes TR's row because nothing refers to it any more. */
static void
collect_garbage_row(struct ovsdb_txn *txn, struct ovsdb_txn_row *tr)
{
    COVERAGE_INC(ovsdb_txn_gc_row);
    if (tr->refs_counted) {
        /* Withdraw the references that were counted for the row's
         * current version (for a tracked row, the old one; they were
         * never subtracted). */
        struct ovsdb_error *error = count_row_refs(txn, tr->new, -1);
        ovs_assert(!error);     /* Only subtracting. */
    }
    if (tr->new != tr->old) {
        ovsdb_row_destroy(tr->new);
    }
    tr->new = NULL;
}

static struct ovsdb_error *
update_refs_and_collect_garbage(struct ovsdb_txn *txn)
{
    size_t i = 0;

    for (;;) {
        /* Count references of rows not counted yet.  Counting may append
         * tracked rows, which need no counting of their own. */
        for (; i < txn->n_rows; i++) {
            struct ovsdb_txn_row *tr = txn->rows[i];
            struct ovsdb_error *error = NULL;

            if (tr->refs_counted) {
                continue;
            }
            tr->refs_counted = true;
            if (tr->new == tr->old) {
                continue;
            }
            if (tr->old) {
                error = count_row_refs(txn, tr->old, -1);
            }
            if (!error && tr->new) {
                error = count_row_refs(txn, tr->new, 1);
            }
            if (error) {
                return error;
            }
        }

        bool collected = false;
        for (size_t j = 0; j < txn->n_rows; j++) {
            struct ovsdb_txn_row *tr = txn->rows[j];
            if (tr->new && !tr->table->schema->is_gc_root
                && !ref_count(tr)) {
                collect_garbage_row(txn, tr);
                collected = true;
            }
        }
        if (!collected && i >= txn->n_rows) {
            return NULL;
        }
    }
}

static struct ovsdb_error *
check_deleted_rows(const struct ovsdb_txn *txn)
{
    for (size_t i = 0; i < txn->n_rows; i++) {
        const struct ovsdb_txn_row *tr = txn->rows[i];
        unsigned int n = ref_count(tr);

        if (!tr->new && n) {
            return ovsdb_error_create("referential integrity violation",
                                      "cannot delete %s row "UUID_FMT" "
                                      "because of %u remaining "
                                      "reference(s)",
                                      tr->table->schema->name,
                                      UUID_ARGS(&tr->uuid), n);
        }
    }
    return NULL;
}

/* Commit: weak references. */

/* Brings into the transaction (as modified rows) the rows that hold weak
 * references to rows that the transaction deletes. */
static void
modify_weak_referrers(struct ovsdb_txn *txn)
{
    size_t n = txn->n_rows;     /* Rows added here delete nothing. */

    for (size_t i = 0; i < n; i++) {
        struct ovsdb_txn_row *tr = txn->rows[i];
        struct ovsdb_weak_ref *ref;

        if (!tr->old || tr->new) {
            continue;
        }
        HMAP_FOR_EACH_WITH_HASH (ref, hmap_node,
                                 ovsdb_row_uuid_hash(&tr->uuid),
                                 &txn->db->weak_refs) {
            if (uuid_equals(&ref->dst, &tr->uuid)) {
                struct ovsdb_table *src_table
                    = txn->db->tables[ref->src_table->schema->index];
                const struct ovsdb_row *src
                    = ovsdb_txn_get_row(txn, src_table, &ref->src);
                if (src) {
                    ovsdb_txn_modify(txn, src);
                }
            }
        }
    }
}

static bool
row_exists(const struct ovsdb_txn *txn, const struct ovsdb_base_type *base,
           const union ovsdb_atom *atom)
{
    struct ovsdb_table *table = txn->db->tables[base->uuid.ref_table->index];
    return ovsdb_txn_get_row(txn, table, &atom->uuid) != NULL;
}

static struct ovsdb_error *
remove_dangling_weak_refs(const struct ovsdb_txn *txn,
                          struct ovsdb_row *row)
{
    const struct ovsdb_table_schema *schema = row->table->schema;

    for (size_t i = OVSDB_N_STD_COLUMNS; i < schema->n_columns; i++) {
        const struct ovsdb_column *column = schema->columns_by_index[i];
        const struct ovsdb_type *type = &column->type;
        struct ovsdb_datum *datum = &row->fields[i];
        bool weak_key = ovsdb_base_type_is_weak_ref(&type->key);
        bool weak_value = ovsdb_base_type_is_weak_ref(&type->value);
        unsigned int n_removed = 0;

        if (!weak_key && !weak_value) {
            continue;
        }
        for (unsigned int j = 0; j < datum->n; ) {
            if ((weak_key && !row_exists(txn, &type->key, &datum->keys[j]))
                || (weak_value && !row_exists(txn, &type->value,
                                              &datum->values[j]))) {
                ovsdb_datum_remove(datum, j, type);
                n_removed++;
            } else {
                j++;
            }
        }
        if (n_removed && datum->n < type->n_min) {
            return ovsdb_error_create(
                "constraint violation", "Deletion of %u weak reference(s) "
                "to deleted (or never-existing) rows from column \"%s\" in "
                "\"%s\" row "UUID_FMT" caused this column to become empty, "
                "but constraints on this column disallow an empty column.",
                n_removed, column->name, schema->name,
                UUID_ARGS(ovsdb_row_get_uuid(row)));
        }
    }
    return NULL;
}

static struct ovsdb_error *
update_weak_refs(struct ovsdb_txn *txn)
{
    modify_weak_referrers(txn);
    for (size_t i = 0; i < txn->n_rows; i++) {
        struct ovsdb_txn_row *tr = txn->rows[i];
        if (tr->new && tr->new != tr->old) {
            struct ovsdb_error *error = remove_dangling_weak_refs(txn,
                                                                  tr->new);
            if (error) {
                return error;
            }
        }
    }
    return NULL;
}

/* Commit: changed columns, maxRows, indexes. */

static size_t
bitmap_words(size_t n_bits)
{
    return DIV_ROUND_UP(n_bits, BITS_PER_LONG);
}

static void
bitmap_set(unsigned long *map, size_t idx)
{
    map[idx / BITS_PER_LONG] |= 1UL << (idx % BITS_PER_LONG);
}

static bool
bitmap_get(const unsigned long *map, size_t idx)
{
    return (map[idx / BITS_PER_LONG] >> (idx % BITS_PER_LONG)) & 1;
}

/* Computes TR's 'changed' bitmap.  Turns a modification that changed
 * nothing back into a tracked row. */
static void
compute_changes(struct ovsdb_txn_row *tr)
{
    const struct ovsdb_table_schema *schema = tr->table->schema;
    size_t n = schema->n_columns;

    free(tr->changed);
    tr->changed = xcalloc(bitmap_words(n), sizeof *tr->changed);
    if (tr->old && tr->new) {
        bool any = false;

        for (size_t i = OVSDB_N_STD_COLUMNS; i < n; i++) {
            if (!ovsdb_datum_equals(&tr->old->fields[i], &tr->new->fields[i],
                                    &schema->columns_by_index[i]->type)) {
                bitmap_set(tr->changed, i);
                any = true;
            }
        }
        if (any) {
            bitmap_set(tr->changed, OVSDB_COL_VERSION);
        } else {
            ovsdb_row_destroy(tr->new);
            tr->new = tr->old;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            bitmap_set(tr->changed, i);
        }
    }
}

static bool
is_real_change(const struct ovsdb_txn_row *tr)
{
    return tr->old != tr->new;  /* Neither tracked nor insert+delete. */
}

static struct ovsdb_error *
check_max_rows(const struct ovsdb_txn *txn)
{
    for (size_t t = 0; t < txn->db->schema->n_tables; t++) {
        const struct ovsdb_txn_table *tt = txn->tables[t];
        long long int n;

        if (!tt || tt->table->schema->max_rows == UINT_MAX) {
            continue;
        }
        n = ovsdb_table_n_rows(tt->table);
        for (size_t i = 0; i < tt->n_rows; i++) {
            const struct ovsdb_txn_row *tr = tt->rows[i];
            n += (tr->new != NULL) - (tr->old != NULL);
        }
        if (n > tt->table->schema->max_rows) {
            return ovsdb_error_create("constraint violation",
                                      "Transaction causes \"%s\" table to "
                                      "contain %lld rows, greater than the "
                                      "schema-defined limit of %u row(s).",
                                      tt->table->schema->name, n,
                                      tt->table->schema->max_rows);
        }
    }
    return NULL;
}

static const char *
describe_row(const struct ovsdb_txn_row *tr)
{
    return (!tr || !is_real_change(tr)
            ? "existed in the database before this transaction and was not "
              "modified by the transaction"
            : !tr->old
            ? "was inserted by this transaction"
            : "existed in the database before this transaction, which "
              "modified some of the row's columns");
}

static struct ovsdb_error *
index_error(const struct ovsdb_table *table, size_t idx,
            const struct ovsdb_row *a, const struct ovsdb_txn_row *a_tr,
            const struct ovsdb_row *b, const struct ovsdb_txn_row *b_tr)
{
    const struct ovsdb_column_set *index = &table->schema->indexes[idx];
    struct ds values = DS_EMPTY_INITIALIZER;
    struct ovsdb_error *error;
    char *columns;

    for (size_t i = 0; i < index->n; i++) {
        const struct ovsdb_column *column = index->columns[i];
        struct json *json = ovsdb_datum_to_json(&a->fields[column->index],
                                                &column->type);
        if (i) {
            ds_put_cstr(&values, ", ");
        }
        json_to_ds(json, JSSF_SORT, &values);
        json_destroy(json);
    }
    columns = ovsdb_column_set_to_string(index);
    error = ovsdb_error_create(
        "constraint violation", "Transaction causes multiple rows in \"%s\" "
        "table to have identical values (%s) for index on column%s %s.  "
        "First row, with UUID "UUID_FMT", %s.  Second row, with UUID "
        UUID_FMT", %s.", table->schema->name, ds_cstr(&values),
        index->n > 1 ? "s" : "", columns,
        UUID_ARGS(ovsdb_row_get_uuid(a)), describe_row(a_tr),
        UUID_ARGS(ovsdb_row_get_uuid(b)), describe_row(b_tr));
    free(columns);
    ds_destroy(&values);
    return error;
}

static bool
index_changed(const struct ovsdb_txn_row *tr,
              const struct ovsdb_column_set *index)
{
    if (!tr->old) {
        return true;
    }
    if (tr->new == tr->old) {
        return false;
    }
    for (size_t i = 0; i < index->n; i++) {
        if (bitmap_get(tr->changed, index->columns[i]->index)) {
            return true;
        }
    }
    return false;
}

struct index_entry {
    struct hmap_node hmap_node;
    struct ovsdb_txn_row *tr;
};

static struct ovsdb_error *
check_index(const struct ovsdb_txn_table *tt, size_t idx)
{
    const struct ovsdb_table *table = tt->table;
    const struct ovsdb_column_set *index = &table->schema->indexes[idx];
    struct index_entry *entries = xmalloc(tt->n_rows * sizeof *entries);
    struct ovsdb_error *error = NULL;
    struct hmap local = HMAP_INITIALIZER(&local);

    for (size_t i = 0; i < tt->n_rows && !error; i++) {
        struct ovsdb_txn_row *tr = tt->rows[i];
        const struct ovsdb_row *row = tr->new;
        struct index_entry *e;
        uint32_t hash;

        if (!row) {
            continue;
        }
        hash = ovsdb_table_index_hash(row, idx);
        HMAP_FOR_EACH_WITH_HASH (e, hmap_node, hash, &local) {
            if (ovsdb_row_equal_columns(e->tr->new, row, index)) {
                error = index_error(table, idx, e->tr->new, e->tr, row, tr);
                break;
            }
        }
        if (!error && index_changed(tr, index)) {
            const struct hmap_node *node;

            for (node = hmap_first_with_hash(&table->indexes[idx], hash);
                 node; node = hmap_next_with_hash(node)) {
                const struct ovsdb_row *r = row_from_index_node(
                    node, idx, table->schema);
                if (!r->txn_row && ovsdb_row_equal_columns(r, row, index)) {
                    error = index_error(table, idx, r, NULL, row, tr);
                    break;
                }
            }
        }
        entries[i].tr = tr;
        hmap_insert(&local, &entries[i].hmap_node, hash);
    }
    hmap_destroy(&local);
    free(entries);
    return error;
}

static struct ovsdb_error *
check_indexes(const struct ovsdb_txn *txn)
{
    for (size_t t = 0; t < txn->db->schema->n_tables; t++) {
        const struct ovsdb_txn_table *tt = txn->tables[t];

        if (tt) {
            for (size_t i = 0; i < tt->table->schema->n_indexes; i++) {
                struct ovsdb_error *error = check_index(tt, i);
                if (error) {
                    return error;
                }
            }
        }
    }
    return NULL;
}

/* Commit: applying. */

static void
adjust_weak_refs(struct ovsdb *db, const struct ovsdb_row *row, int delta)
{
    const struct ovsdb_table_schema *schema = row->table->schema;
    const struct uuid *src = ovsdb_row_get_uuid(row);

    for (size_t i = OVSDB_N_STD_COLUMNS; i < schema->n_columns; i++) {
        const struct ovsdb_type *type = &schema->columns_by_index[i]->type;
        const struct ovsdb_datum *datum = &row->fields[i];

        if (ovsdb_base_type_is_weak_ref(&type->key)) {
            for (unsigned int j = 0; j < datum->n; j++) {
                ovsdb_weak_ref_adjust(db, &datum->keys[j].uuid, row->table,
                                      src, delta);
            }
        }
        if (ovsdb_base_type_is_weak_ref(&type->value)) {
            for (unsigned int j = 0; j < datum->n; j++) {
                ovsdb_weak_ref_adjust(db, &datum->values[j].uuid,
                                      row->table, src, delta);
            }
        }
    }
}

static bool
has_weak_refs(const struct ovsdb_table_schema *schema)
{
    for (size_t i = OVSDB_N_STD_COLUMNS; i < schema->n_columns; i++) {
        const struct ovsdb_type *type = &schema->columns_by_index[i]->type;
        if (ovsdb_base_type_is_weak_ref(&type->key)
            || ovsdb_base_type_is_weak_ref(&type->value)) {
            return true;
        }
    }
    return false;
}

static void
apply_row(struct ovsdb_txn *txn, struct ovsdb_txn_row *tr)
{
    struct ovsdb_table *table = tr->table;

    if (tr->old == tr->new) {
        if (tr->old) {
            tr->old->n_refs += tr->ref_delta;
            tr->old->txn_row = NULL;
        }
        return;
    }

    if (has_weak_refs(table->schema)) {
        if (tr->old) {
            adjust_weak_refs(txn->db, tr->old, -1);
        }
        if (tr->new) {
            adjust_weak_refs(txn->db, tr->new, 1);
        }
    }
    if (tr->old && tr->new) {
        tr->new->n_refs = tr->old->n_refs + tr->ref_delta;
        ovsdb_table_replace_row(table, tr->old, tr->new);
    } else if (tr->new) {
        tr->new->n_refs = tr->ref_delta;
        ovsdb_table_put_row(table, tr->new);
    } else {
        ovsdb_table_remove_row(table, tr->old);
    }
    if (tr->old) {
        tr->old->txn_row = NULL;
    }
    if (tr->new) {
        tr->new->txn_row = NULL;
    }
}

static void
record_changes(struct ovsdb_txn *txn)
{
    size_t n = 0;

    for (size_t i = 0; i < txn->n_rows; i++) {
        n += is_real_change(txn->rows[i]);
    }
    txn->changes = xmalloc((n ? n : 1) * sizeof *txn->changes);
    for (size_t t = 0; t < txn->db->schema->n_tables; t++) {
        const struct ovsdb_txn_table *tt = txn->tables[t];

        for (size_t i = 0; tt && i < tt->n_rows; i++) {
            const struct ovsdb_txn_row *tr = tt->rows[i];
            if (is_real_change(tr)) {
                struct ovsdb_txn_change *c = &txn->changes[txn->n_changes++];
                c->table = tr->table;
                c->old = tr->old;
                c->new = tr->new;
                c->changed = tr->changed;
            }
        }
    }
}

struct ovsdb_error *
ovsdb_txn_commit(struct ovsdb_txn *txn)
{
    struct ovsdb_error *error;

    ovs_assert(!txn->committed);
    error = update_refs_and_collect_garbage(txn);
    if (!error) {
        error = check_deleted_rows(txn);
    }
    if (!error) {
        error = update_weak_refs(txn);
    }
    if (!error) {
        for (size_t i = 0; i < txn->n_rows; i++) {
            struct ovsdb_txn_row *tr = txn->rows[i];
            if (is_real_change(tr)) {
                compute_changes(tr);
            }
        }
        error = check_max_rows(txn);
    }
    if (!error) {
        error = check_indexes(txn);
    }
    if (error) {
        COVERAGE_INC(ovsdb_txn_commit_error);
        return error;
    }

    COVERAGE_INC(ovsdb_txn_commit);
    for (size_t i = 0; i < txn->n_rows; i++) {
        struct ovsdb_txn_row *tr = txn->rows[i];
        if (tr->new && tr->new != tr->old) {
            struct uuid version;
            uuid_generate(&version);
            ovsdb_row_set_version(tr->new, &version);
        }
    }
    for (size_t i = 0; i < txn->n_rows; i++) {
        apply_row(txn, txn->rows[i]);
    }
    record_changes(txn);
    txn->committed = true;
    txn->db->open_txn = NULL;
    return NULL;
}

void
ovsdb_txn_destroy(struct ovsdb_txn *txn)
{
    if (!txn) {
        return;
    }
    if (!txn->committed) {
        COVERAGE_INC(ovsdb_txn_abort);
        txn->db->open_txn = NULL;
    }
    for (size_t i = 0; i < txn->n_rows; i++) {
        struct ovsdb_txn_row *tr = txn->rows[i];

        if (txn->committed) {
            /* 'old' left its table (unless it was only tracked). */
            if (tr->old != tr->new) {
                ovsdb_row_destroy(tr->old);
            }
        } else {
            if (tr->new != tr->old) {
                ovsdb_row_destroy(tr->new);
            }
            if (tr->old) {
                tr->old->txn_row = NULL;
            }
        }
        free(tr->changed);
        free(tr);
    }
    for (size_t t = 0; t < txn->db->schema->n_tables; t++) {
        struct ovsdb_txn_table *tt = txn->tables[t];
        if (tt) {
            hmap_destroy(&tt->rows_by_uuid);
            free(tt->rows);
            free(tt);
        }
    }
    free(txn->tables);
    free(txn->rows);
    free(txn->changes);
    free(txn);
}

size_t
ovsdb_txn_get_changes(const struct ovsdb_txn *txn,
                      const struct ovsdb_txn_change **changes)
{
    *changes = txn->changes;
    return txn->n_changes;
}
