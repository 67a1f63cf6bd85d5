/* ovsdb-row.c -- rows (see ovsdb-row.h).
 *
 * The implicit columns' datums point into the row's own 'std_atoms', so
 * row creation and cloning must re-aim them and destruction must not free
 * them; everything else treats them as ordinary scalar datums. */
#include <stdlib.h>
#include <string.h>
#include "ovsdb-row.h"
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-error.h"
#include "util.h"

static struct ovsdb_row *
row_alloc(struct ovsdb_table *table)
{
    const struct ovsdb_table_schema *schema = table->schema;
    size_t size = (sizeof(struct ovsdb_row)
                   + schema->n_columns * sizeof(struct ovsdb_datum)
                   + schema->n_indexes * sizeof(struct hmap_node));
    struct ovsdb_row *row = xmalloc(size);

    row->table = table;
    row->txn_row = NULL;
    row->n_refs = 0;
    for (int i = 0; i < OVSDB_N_STD_COLUMNS; i++) {
        row->fields[i].n = 1;
        row->fields[i].keys = &row->std_atoms[i];
        row->fields[i].values = NULL;
    }
    return row;
}

struct ovsdb_row *
ovsdb_row_create(struct ovsdb_table *table)
{
    const struct ovsdb_table_schema *schema = table->schema;
    struct ovsdb_row *row = row_alloc(table);

    uuid_zero(&row->std_atoms[OVSDB_COL_UUID].uuid);
    uuid_zero(&row->std_atoms[OVSDB_COL_VERSION].uuid);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < schema->n_columns; i++) {
        ovsdb_datum_init_default(&row->fields[i],
                                 &schema->columns_by_index[i]->type);
    }
    return row;
}

struct ovsdb_row *
ovsdb_row_clone(const struct ovsdb_row *old)
{
    const struct ovsdb_table_schema *schema = old->table->schema;
    struct ovsdb_row *new = row_alloc(old->table);

    memcpy(new->std_atoms, old->std_atoms, sizeof new->std_atoms);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < schema->n_columns; i++) {
        ovsdb_datum_clone(&new->fields[i], &old->fields[i],
                          &schema->columns_by_index[i]->type);
    }
    return new;
}

void
ovsdb_row_destroy(struct ovsdb_row *row)
{
    if (row) {
        const struct ovsdb_table_schema *schema = row->table->schema;

        for (size_t i = OVSDB_N_STD_COLUMNS; i < schema->n_columns; i++) {
            ovsdb_datum_destroy(&row->fields[i],
                                &schema->columns_by_index[i]->type);
        }
        free(row);
    }
}

uint32_t
ovsdb_row_hash_columns(const struct ovsdb_row *row,
                       const struct ovsdb_column_set *columns,
                       uint32_t basis)
{
    for (size_t i = 0; i < columns->n; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        basis = ovsdb_datum_hash(&row->fields[column->index], &column->type,
                                 basis);
    }
    return basis;
}

bool
ovsdb_row_equal_columns(const struct ovsdb_row *a, const struct ovsdb_row *b,
                        const struct ovsdb_column_set *columns)
{
    for (size_t i = 0; i < columns->n; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        if (!ovsdb_datum_equals(&a->fields[column->index],
                                &b->fields[column->index], &column->type)) {
            return false;
        }
    }
    return true;
}

static void
set_field(struct ovsdb_row *row, const struct ovsdb_column *column,
          struct ovsdb_datum *datum)
{
    if (column->index < OVSDB_N_STD_COLUMNS) {
        row->std_atoms[column->index] = datum->keys[0];
        ovsdb_datum_destroy(datum, &column->type);
    } else {
        ovsdb_datum_destroy(&row->fields[column->index], &column->type);
        row->fields[column->index] = *datum;
    }
}

void
ovsdb_row_update_columns(struct ovsdb_row *dst, const struct ovsdb_row *src,
                         const struct ovsdb_column_set *columns)
{
    for (size_t i = 0; i < columns->n; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        struct ovsdb_datum copy;

        ovsdb_datum_clone(&copy, &src->fields[column->index],
                          &column->type);
        set_field(dst, column, &copy);
    }
}

struct ovsdb_error *
ovsdb_row_from_json(struct ovsdb_row *row, const struct json *json,
                    struct ovsdb_symbol_table *symtab,
                    struct ovsdb_column_set *columns)
{
    const struct ovsdb_table_schema *schema = row->table->schema;
    struct shash_node *node;

    if (columns) {
        ovsdb_column_set_init(columns);
    }
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "row must be JSON object");
    }
    SHASH_FOR_EACH (node, json_object(json)) {
        const struct ovsdb_column *column;
        struct ovsdb_error *error;
        struct ovsdb_datum datum;

        column = ovsdb_table_schema_get_column(schema, node->name);
        if (!column) {
            error = ovsdb_unknown_column_error(json, schema, node->name);
        } else {
            error = ovsdb_datum_from_json(&datum, &column->type, node->data,
                                          symtab);
        }
        if (error) {
            if (columns) {
                ovsdb_column_set_destroy(columns);
            }
            return error;
        }
        set_field(row, column, &datum);
        if (columns) {
            ovsdb_column_set_add(columns, column);
        }
    }
    return NULL;
}

struct json *
ovsdb_row_to_json(const struct ovsdb_row *row,
                  const struct ovsdb_column_set *columns)
{
    const struct ovsdb_table_schema *schema = row->table->schema;
    struct json *json = json_object_create();
    size_t n = columns ? columns->n : schema->n_columns;

    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_column *column
            = columns ? columns->columns[i] : schema->columns_by_index[i];
        json_object_put(json, column->name,
                        ovsdb_datum_to_json(&row->fields[column->index],
                                            &column->type));
    }
    return json;
}

static int
compare_columns_by_name(const void *a_, const void *b_)
{
    const struct ovsdb_column *const *a = a_;
    const struct ovsdb_column *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

struct json *
ovsdb_rows_to_json(const struct ovsdb_row *const *rows, size_t n_rows,
                   const struct ovsdb_column_set *columns)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_char(&s, '[');
    if (n_rows) {
        const struct ovsdb_table_schema *schema = rows[0]->table->schema;
        size_t n = columns ? columns->n : schema->n_columns;
        const struct ovsdb_column **sorted = xmalloc((n ? n : 1)
                                                     * sizeof *sorted);
        for (size_t i = 0; i < n; i++) {
            sorted[i] = (columns ? columns->columns[i]
                         : schema->columns_by_index[i]);
        }
        qsort(sorted, n, sizeof *sorted, compare_columns_by_name);

        /* A column named twice appears once, as in a JSON object. */
        size_t n_unique = 0;
        for (size_t i = 0; i < n; i++) {
            if (!n_unique || sorted[n_unique - 1] != sorted[i]) {
                sorted[n_unique++] = sorted[i];
            }
        }

        for (size_t r = 0; r < n_rows; r++) {
            ds_put_cstr(&s, r ? ",{" : "{");
            for (size_t i = 0; i < n_unique; i++) {
                const struct ovsdb_column *c = sorted[i];
                if (i) {
                    ds_put_char(&s, ',');
                }
                json_string_escape(c->name, &s);
                ds_put_char(&s, ':');
                ovsdb_datum_to_json_ds(&rows[r]->fields[c->index],
                                       &c->type, &s);
            }
            ds_put_char(&s, '}');
        }
        free(sorted);
    }
    ds_put_char(&s, ']');
    return json_serialized_create_nocopy(ds_steal_cstr(&s));
}
