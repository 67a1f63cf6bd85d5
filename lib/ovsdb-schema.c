/* ovsdb-schema.c -- parsing, validating and serializing schemas (see
 * ovsdb-schema.h).
 *
 * Parsing happens in two passes: the first builds every table and column
 * from the JSON, the second resolves "refTable" names to table pointers,
 * which needs all tables, and decides the garbage collection roots. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-schema.h"
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "util.h"

/* Column sets. */

void
ovsdb_column_set_init(struct ovsdb_column_set *set)
{
    set->columns = NULL;
    set->n = set->allocated = 0;
}

void
ovsdb_column_set_destroy(struct ovsdb_column_set *set)
{
    free(set->columns);
    ovsdb_column_set_init(set);
}

void
ovsdb_column_set_add(struct ovsdb_column_set *set,
                     const struct ovsdb_column *column)
{
    if (set->n >= set->allocated) {
        set->columns = x2nrealloc(set->columns, &set->allocated,
                                  sizeof *set->columns);
    }
    set->columns[set->n++] = column;
}

bool
ovsdb_column_set_contains(const struct ovsdb_column_set *set,
                          unsigned int column_index)
{
    for (size_t i = 0; i < set->n; i++) {
        if (set->columns[i]->index == column_index) {
            return true;
        }
    }
    return false;
}

char *
ovsdb_column_set_to_string(const struct ovsdb_column_set *set)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < set->n; i++) {
        ds_put_format(&s, "%s%s", i ? ", " : "", set->columns[i]->name);
    }
    return ds_steal_cstr(&s);
}

struct ovsdb_error *
ovsdb_unknown_column_error(const struct json *json,
                           const struct ovsdb_table_schema *table,
                           const char *name)
{
    return ovsdb_syntax_error(json, "unknown column",
                              "No column %s in table %s.", name,
                              table->name);
}

struct ovsdb_error *
ovsdb_column_set_from_json(struct ovsdb_column_set *set,
                           const struct ovsdb_table_schema *table,
                           const struct json *json)
{
    const struct json_array *a;

    ovsdb_column_set_init(set);
    if (json->type != JSON_ARRAY) {
        return ovsdb_syntax_error(json, NULL, "array of column names "
                                  "expected");
    }
    a = json_array(json);
    for (size_t i = 0; i < a->n; i++) {
        const struct ovsdb_column *column;
        struct ovsdb_error *error = NULL;

        if (a->elems[i]->type != JSON_STRING) {
            error = ovsdb_syntax_error(json, NULL, "array of column names "
                                       "expected");
        } else if (!(column = ovsdb_table_schema_get_column(
                         table, a->elems[i]->string))) {
            error = ovsdb_unknown_column_error(json, table,
                                               a->elems[i]->string);
        } else if (ovsdb_column_set_contains(set, column->index)) {
            error = ovsdb_syntax_error(json, NULL, "Column %s appears more "
                                       "than once.", column->name);
        } else {
            ovsdb_column_set_add(set, column);
        }
        if (error) {
            ovsdb_column_set_destroy(set);
            return error;
        }
    }
    return NULL;
}

/* Columns. */

static struct ovsdb_column *
column_create(const char *name, bool is_mutable, bool is_persistent,
              const struct ovsdb_type *type)
{
    struct ovsdb_column *column = xzalloc(sizeof *column);

    column->name = xstrdup(name);
    column->is_mutable = is_mutable;
    column->is_persistent = is_persistent;
    column->type = *type;       /* Takes ownership. */
    return column;
}

static void
column_destroy(struct ovsdb_column *column)
{
    if (column) {
        ovsdb_type_destroy(&column->type);
        free(column->name);
        free(column);
    }
}

static struct ovsdb_error *
column_from_json(const char *name, const struct json *json,
                 struct ovsdb_column **columnp)
{
    const struct json *type_json, *ephemeral, *mutable_json;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;
    struct ovsdb_type type;

    *columnp = NULL;
    ovsdb_parser_init(&parser, json, "schema for column");
    type_json = ovsdb_parser_member(&parser, "type",
                                    OP_STRING | OP_OBJECT);
    ephemeral = ovsdb_parser_member(&parser, "ephemeral",
                                    OP_BOOLEAN | OP_OPTIONAL);
    mutable_json = ovsdb_parser_member(&parser, "mutable",
                                       OP_BOOLEAN | OP_OPTIONAL);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }
    error = ovsdb_type_from_json(&type, type_json);
    if (error) {
        return error;
    }
    *columnp = column_create(name,
                             !mutable_json || json_boolean(mutable_json),
                             !ephemeral || !json_boolean(ephemeral),
                             &type);
    return NULL;
}

static struct json *
column_to_json(const struct ovsdb_column *column)
{
    struct json *json = json_object_create();

    json_object_put(json, "type", ovsdb_type_to_json(&column->type));
    if (!column->is_persistent) {
        json_object_put(json, "ephemeral", json_boolean_create(true));
    }
    if (!column->is_mutable) {
        json_object_put(json, "mutable", json_boolean_create(false));
    }
    return json;
}

/* Tables. */

const struct ovsdb_column *
ovsdb_table_schema_get_column(const struct ovsdb_table_schema *table,
                              const char *name)
{
    return shash_find_data(&table->columns, name);
}

static void
table_schema_destroy(struct ovsdb_table_schema *table)
{
    if (!table) {
        return;
    }
    for (size_t i = 0; i < table->n_columns; i++) {
        column_destroy(table->columns_by_index[i]);
    }
    free(table->columns_by_index);
    shash_destroy(&table->columns);
    for (size_t i = 0; i < table->n_indexes; i++) {
        ovsdb_column_set_destroy(&table->indexes[i]);
    }
    free(table->indexes);
    free(table->name);
    free(table);
}

static void
table_add_column(struct ovsdb_table_schema *table,
                 struct ovsdb_column *column)
{
    column->index = table->n_columns;
    table->columns_by_index = xrealloc(table->columns_by_index,
                                       (table->n_columns + 1)
                                       * sizeof *table->columns_by_index);
    table->columns_by_index[table->n_columns++] = column;
    shash_add(&table->columns, column->name, column);
}

static struct ovsdb_table_schema *
table_schema_create(const char *name)
{
    struct ovsdb_table_schema *table = xzalloc(sizeof *table);
    struct ovsdb_type uuid_type;

    table->name = xstrdup(name);
    shash_init(&table->columns);
    table->max_rows = UINT_MAX;

    ovsdb_type_init_scalar(&uuid_type, OVSDB_TYPE_UUID);
    table_add_column(table, column_create("_uuid", false, true,
                                          &uuid_type));
    ovsdb_type_init_scalar(&uuid_type, OVSDB_TYPE_UUID);
    table_add_column(table, column_create("_version", false, false,
                                          &uuid_type));
    return table;
}

static struct ovsdb_error *
parse_index(struct ovsdb_table_schema *table, const struct json *json,
            struct ovsdb_column_set *index)
{
    struct ovsdb_error *error;

    error = ovsdb_column_set_from_json(index, table, json);
    if (error) {
        return ovsdb_error_prefix(error, "table %s index", table->name);
    }
    if (!index->n) {
        ovsdb_column_set_destroy(index);
        return ovsdb_syntax_error(json, NULL, "table %s: index must have "
                                  "at least one column", table->name);
    }
    for (size_t i = 0; i < index->n; i++) {
        if (!index->columns[i]->is_persistent) {
            error = ovsdb_syntax_error(json, NULL, "table %s: ephemeral "
                                       "columns (such as %s) may not be "
                                       "indexed", table->name,
                                       index->columns[i]->name);
            ovsdb_column_set_destroy(index);
            return error;
        }
    }
    return NULL;
}

static struct ovsdb_error *
table_schema_from_json(const char *name, const struct json *json,
                       struct ovsdb_table_schema **tablep)
{
    const struct json *columns, *max_rows, *is_root, *indexes;
    struct ovsdb_table_schema *table;
    const struct shash_node **nodes;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;
    size_t n;

    *tablep = NULL;
    ovsdb_parser_init(&parser, json, "table schema");
    columns = ovsdb_parser_member(&parser, "columns", OP_OBJECT);
    max_rows = ovsdb_parser_member(&parser, "maxRows",
                                   OP_INTEGER | OP_OPTIONAL);
    is_root = ovsdb_parser_member(&parser, "isRoot",
                                  OP_BOOLEAN | OP_OPTIONAL);
    indexes = ovsdb_parser_member(&parser, "indexes",
                                  OP_ARRAY | OP_OPTIONAL);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return ovsdb_error_prefix(error, "table %s", name);
    }
    if (max_rows && (max_rows->integer < 1
                     || max_rows->integer >= UINT_MAX)) {
        return ovsdb_syntax_error(json, NULL, "table %s: maxRows must be "
                                  "at least 1", name);
    }
    if (!shash_count(json_object(columns))) {
        return ovsdb_syntax_error(json, NULL, "table %s: table must have "
                                  "at least one column", name);
    }

    table = table_schema_create(name);
    table->max_rows = max_rows ? max_rows->integer : UINT_MAX;
    table->is_root = is_root && json_boolean(is_root);

    /* Columns in name order, so that indexes are deterministic. */
    n = shash_count(json_object(columns));
    nodes = shash_sort(json_object(columns));
    for (size_t i = 0; i < n; i++) {
        const char *column_name = nodes[i]->name;
        struct ovsdb_column *column;

        if (!ovsdb_parser_is_id(column_name)) {
            error = ovsdb_syntax_error(json, NULL, "table %s: \"%s\" is not "
                                       "a valid column name", name,
                                       column_name);
        } else if (column_name[0] == '_') {
            error = ovsdb_syntax_error(json, NULL, "table %s: names "
                                       "beginning with \"_\" are reserved "
                                       "(column \"%s\")", name,
                                       column_name);
        } else {
            error = column_from_json(column_name, nodes[i]->data, &column);
            if (error) {
                ovsdb_error_prefix(error, "table %s column %s", name,
                                   column_name);
            } else {
                table_add_column(table, column);
            }
        }
        if (error) {
            free(nodes);
            table_schema_destroy(table);
            return error;
        }
    }
    free(nodes);

    if (indexes) {
        const struct json_array *a = json_array(indexes);

        table->indexes = xcalloc(a->n ? a->n : 1, sizeof *table->indexes);
        for (size_t i = 0; i < a->n; i++) {
            error = parse_index(table, a->elems[i],
                                &table->indexes[table->n_indexes]);
            if (error) {
                table_schema_destroy(table);
                return error;
            }
            table->n_indexes++;
        }
    }

    *tablep = table;
    return NULL;
}

static struct json *
table_schema_to_json(const struct ovsdb_table_schema *table)
{
    struct json *json = json_object_create();
    struct json *columns = json_object_create();

    for (size_t i = OVSDB_N_STD_COLUMNS; i < table->n_columns; i++) {
        const struct ovsdb_column *column = table->columns_by_index[i];
        json_object_put(columns, column->name, column_to_json(column));
    }
    json_object_put(json, "columns", columns);
    if (table->max_rows != UINT_MAX) {
        json_object_put(json, "maxRows",
                        json_integer_create(table->max_rows));
    }
    if (table->is_root) {
        json_object_put(json, "isRoot", json_boolean_create(true));
    }
    if (table->n_indexes) {
        struct json *indexes = json_array_create_empty();

        for (size_t i = 0; i < table->n_indexes; i++) {
            const struct ovsdb_column_set *index = &table->indexes[i];
            struct json *names = json_array_create_empty();

            for (size_t j = 0; j < index->n; j++) {
                json_array_add(names,
                               json_string_create(index->columns[j]->name));
            }
            json_array_add(indexes, names);
        }
        json_object_put(json, "indexes", indexes);
    }
    return json;
}

/* Databases. */

static bool
is_valid_version(const char *s)
{
    int n = 0;

    for (int part = 0; part < 3; part++) {
        if (!isdigit((unsigned char) *s)) {
            return false;
        }
        while (isdigit((unsigned char) *s)) {
            s++;
        }
        n++;
        if (part < 2 && *s++ != '.') {
            return false;
        }
    }
    return !*s && n == 3;
}

static struct ovsdb_error *
resolve_ref(const struct ovsdb_schema *schema,
            const struct ovsdb_table_schema *table,
            const struct ovsdb_column *column, struct ovsdb_base_type *base)
{
    if (ovsdb_base_type_is_ref(base)) {
        base->uuid.ref_table = ovsdb_schema_get_table(
            schema, base->uuid.ref_table_name);
        if (!base->uuid.ref_table) {
            return ovsdb_syntax_error(NULL, NULL, "table %s column %s "
                                      "refers to undefined table %s",
                                      table->name, column->name,
                                      base->uuid.ref_table_name);
        }
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_schema_from_json(const struct json *json,
                       struct ovsdb_schema **schemap)
{
    const struct json *name, *version, *cksum, *tables;
    struct ovsdb_schema *schema;
    const struct shash_node **nodes;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;
    bool any_root = false;
    size_t n;

    *schemap = NULL;
    ovsdb_parser_init(&parser, json, "database schema");
    name = ovsdb_parser_member(&parser, "name", OP_ID);
    version = ovsdb_parser_member(&parser, "version",
                                  OP_STRING | OP_OPTIONAL);
    cksum = ovsdb_parser_member(&parser, "cksum", OP_STRING | OP_OPTIONAL);
    tables = ovsdb_parser_member(&parser, "tables", OP_OBJECT);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }
    if (version && !is_valid_version(version->string)) {
        return ovsdb_syntax_error(json, NULL, "schema version \"%s\" not "
                                  "in format x.y.z", version->string);
    }

    schema = xzalloc(sizeof *schema);
    schema->name = xstrdup(name->string);
    schema->version = version ? xstrdup(version->string) : NULL;
    schema->cksum = cksum ? xstrdup(cksum->string) : NULL;
    shash_init(&schema->tables);

    n = shash_count(json_object(tables));
    nodes = shash_sort(json_object(tables));
    schema->tables_by_index = xcalloc(n ? n : 1,
                                      sizeof *schema->tables_by_index);
    for (size_t i = 0; i < n; i++) {
        const char *table_name = nodes[i]->name;
        struct ovsdb_table_schema *table = NULL;

        if (!ovsdb_parser_is_id(table_name)) {
            error = ovsdb_syntax_error(json, NULL, "\"%s\" is not a valid "
                                       "table name", table_name);
        } else if (table_name[0] == '_') {
            error = ovsdb_syntax_error(json, NULL, "names beginning with "
                                       "\"_\" are reserved (table \"%s\")",
                                       table_name);
        } else {
            error = table_schema_from_json(table_name, nodes[i]->data,
                                           &table);
        }
        if (error) {
            free(nodes);
            ovsdb_schema_destroy(schema);
            return error;
        }
        table->index = schema->n_tables;
        schema->tables_by_index[schema->n_tables++] = table;
        shash_add(&schema->tables, table_name, table);
        any_root |= table->is_root;
    }
    free(nodes);

    for (size_t i = 0; i < schema->n_tables; i++) {
        struct ovsdb_table_schema *table = schema->tables_by_index[i];

        table->is_gc_root = table->is_root || !any_root;
        for (size_t j = 0; j < table->n_columns; j++) {
            struct ovsdb_column *column = table->columns_by_index[j];

            error = resolve_ref(schema, table, column, &column->type.key);
            if (!error) {
                error = resolve_ref(schema, table, column,
                                    &column->type.value);
            }
            if (error) {
                ovsdb_schema_destroy(schema);
                return error;
            }
        }
    }

    *schemap = schema;
    return NULL;
}

struct ovsdb_error *
ovsdb_schema_from_file(const char *file_name, struct ovsdb_schema **schemap)
{
    struct ovsdb_error *error;
    struct json *json;
    char *msg = NULL;

    *schemap = NULL;
    json = json_from_file(file_name, &msg);
    if (!json) {
        error = ovsdb_error_create("syntax error", "%s: %s", file_name,
                                   msg ? msg : "parse failed");
        free(msg);
        return error;
    }
    error = ovsdb_schema_from_json(json, schemap);
    json_destroy(json);
    if (error) {
        ovsdb_error_prefix(error, "%s", file_name);
    }
    return error;
}

struct json *
ovsdb_schema_to_json(const struct ovsdb_schema *schema)
{
    struct json *json = json_object_create();
    struct json *tables = json_object_create();

    json_object_put_string(json, "name", schema->name);
    if (schema->version) {
        json_object_put_string(json, "version", schema->version);
    }
    if (schema->cksum) {
        json_object_put_string(json, "cksum", schema->cksum);
    }
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *table = schema->tables_by_index[i];
        json_object_put(tables, table->name, table_schema_to_json(table));
    }
    json_object_put(json, "tables", tables);
    return json;
}

struct ovsdb_schema *
ovsdb_schema_clone(const struct ovsdb_schema *old)
{
    struct json *json = ovsdb_schema_to_json(old);
    struct ovsdb_schema *new;
    struct ovsdb_error *error;

    error = ovsdb_schema_from_json(json, &new);
    json_destroy(json);
    ovs_assert(!error);         /* Our own output always parses. */
    return new;
}

void
ovsdb_schema_destroy(struct ovsdb_schema *schema)
{
    if (schema) {
        for (size_t i = 0; i < schema->n_tables; i++) {
            table_schema_destroy(schema->tables_by_index[i]);
        }
        free(schema->tables_by_index);
        shash_destroy(&schema->tables);
        free(schema->name);
        free(schema->version);
        free(schema->cksum);
        free(schema);
    }
}

const struct ovsdb_table_schema *
ovsdb_schema_get_table(const struct ovsdb_schema *schema, const char *name)
{
    return shash_find_data(&schema->tables, name);
}
