/* ovsdb-table.c -- committed rows of a table and their unique indexes (see
 * ovsdb-table.h). */
#include <stdlib.h>
#include "ovsdb-table.h"
#include "ovsdb-row.h"
#include "util.h"

struct ovsdb_table *
ovsdb_table_create(const struct ovsdb_table_schema *schema)
{
    struct ovsdb_table *table = xzalloc(sizeof *table);

    table->schema = schema;
    hmap_init(&table->rows);
    table->indexes = xcalloc(schema->n_indexes ? schema->n_indexes : 1,
                             sizeof *table->indexes);
    for (size_t i = 0; i < schema->n_indexes; i++) {
        hmap_init(&table->indexes[i]);
    }
    return table;
}

void
ovsdb_table_destroy(struct ovsdb_table *table)
{
    struct ovsdb_row *row;

    if (!table) {
        return;
    }
    HMAP_FOR_EACH_POP (row, hmap_node, &table->rows) {
        ovsdb_row_destroy(row);
    }
    hmap_destroy(&table->rows);
    for (size_t i = 0; i < table->schema->n_indexes; i++) {
        hmap_destroy(&table->indexes[i]);
    }
    free(table->indexes);
    free(table);
}

struct ovsdb_row *
ovsdb_table_get_row(const struct ovsdb_table *table, const struct uuid *uuid)
{
    struct ovsdb_row *row;

    HMAP_FOR_EACH_WITH_HASH (row, hmap_node, ovsdb_row_uuid_hash(uuid),
                             &table->rows) {
        if (uuid_equals(ovsdb_row_get_uuid(row), uuid)) {
            return row;
        }
    }
    return NULL;
}

uint32_t
ovsdb_table_index_hash(const struct ovsdb_row *row, size_t idx)
{
    return ovsdb_row_hash_columns(row, &row->table->schema->indexes[idx], 0);
}

void
ovsdb_table_put_row(struct ovsdb_table *table, struct ovsdb_row *row)
{
    hmap_insert(&table->rows, &row->hmap_node,
                ovsdb_row_uuid_hash(ovsdb_row_get_uuid(row)));
    for (size_t i = 0; i < table->schema->n_indexes; i++) {
        hmap_insert(&table->indexes[i], ovsdb_row_index_node(row, i),
                    ovsdb_table_index_hash(row, i));
    }
}

void
ovsdb_table_remove_row(struct ovsdb_table *table, struct ovsdb_row *row)
{
    hmap_remove(&table->rows, &row->hmap_node);
    for (size_t i = 0; i < table->schema->n_indexes; i++) {
        hmap_remove(&table->indexes[i], ovsdb_row_index_node(row, i));
    }
}

void
ovsdb_table_replace_row(struct ovsdb_table *table, struct ovsdb_row *old,
                        struct ovsdb_row *new)
{
    new->hmap_node.hash = old->hmap_node.hash;
    hmap_replace(&table->rows, &old->hmap_node, &new->hmap_node);
    for (size_t i = 0; i < table->schema->n_indexes; i++) {
        hmap_remove(&table->indexes[i], ovsdb_row_index_node(old, i));
        hmap_insert(&table->indexes[i], ovsdb_row_index_node(new, i),
                    ovsdb_table_index_hash(new, i));
    }
}
