/* ovsdb-db.c -- databases and the weak reference index (see ovsdb-db.h).
 */
#include <stdlib.h>
#include "ovsdb-db.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_db);

struct ovsdb *
ovsdb_create(struct ovsdb_schema *schema)
{
    struct ovsdb *db = xzalloc(sizeof *db);

    db->schema = schema;
    db->tables = xcalloc(schema->n_tables ? schema->n_tables : 1,
                         sizeof *db->tables);
    for (size_t i = 0; i < schema->n_tables; i++) {
        db->tables[i] = ovsdb_table_create(schema->tables_by_index[i]);
    }
    hmap_init(&db->weak_refs);
    db->open_txn = NULL;
    return db;
}

void
ovsdb_destroy(struct ovsdb *db)
{
    struct ovsdb_weak_ref *ref;

    if (!db) {
        return;
    }
    if (db->open_txn) {
        VLOG_ERR("destroying database %s with an open transaction",
                 db->schema->name);
    }
    HMAP_FOR_EACH_POP (ref, hmap_node, &db->weak_refs) {
        free(ref);
    }
    hmap_destroy(&db->weak_refs);
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        ovsdb_table_destroy(db->tables[i]);
    }
    free(db->tables);
    ovsdb_schema_destroy(db->schema);
    free(db);
}

const char *
ovsdb_get_name(const struct ovsdb *db)
{
    return db->schema->name;
}

struct ovsdb_table *
ovsdb_get_table(const struct ovsdb *db, const char *name)
{
    const struct ovsdb_table_schema *ts = ovsdb_schema_get_table(db->schema,
                                                                 name);
    return ts ? db->tables[ts->index] : NULL;
}

size_t
ovsdb_n_rows(const struct ovsdb *db)
{
    size_t n = 0;

    for (size_t i = 0; i < db->schema->n_tables; i++) {
        n += ovsdb_table_n_rows(db->tables[i]);
    }
    return n;
}

void
ovsdb_weak_ref_adjust(struct ovsdb *db, const struct uuid *dst,
                      const struct ovsdb_table *src_table,
                      const struct uuid *src, int delta)
{
    uint32_t hash = ovsdb_row_uuid_hash(dst);
    struct ovsdb_weak_ref *ref;

    HMAP_FOR_EACH_WITH_HASH (ref, hmap_node, hash, &db->weak_refs) {
        if (uuid_equals(&ref->dst, dst) && uuid_equals(&ref->src, src)
            && ref->src_table == src_table) {
            ovs_assert(delta >= 0 || ref->count >= (unsigned int) -delta);
            ref->count += delta;
            if (!ref->count) {
                hmap_remove(&db->weak_refs, &ref->hmap_node);
                free(ref);
            }
            return;
        }
    }
    ovs_assert(delta > 0);
    ref = xmalloc(sizeof *ref);
    ref->dst = *dst;
    ref->src_table = src_table;
    ref->src = *src;
    ref->count = delta;
    hmap_insert(&db->weak_refs, &ref->hmap_node, hash);
}
