/* ovsdb-schema.h -- database, table and column schemas (RFC 7047 3.2).
 *
 * A schema is parsed from a .ovsschema JSON document, validated in full
 * (names, types, references between tables, indexes), and serialized back
 * for "get_schema".  Every table gets two implicit columns, _uuid (index 0)
 * and _version (index 1), both read-only UUIDs; the schema's own columns
 * follow in name order, so a column's 'index' is a stable array subscript
 * into a row's fields.
 *
 * Garbage collection roots: a table with "isRoot": true keeps its rows
 * until they are deleted; rows of other tables live only while strongly
 * referenced.  A schema in which no table says isRoot predates the member,
 * and then every table is a root ('is_gc_root'), as RFC 7047 prescribes for
 * backward compatibility.
 *
 * Schemas are immutable once parsed; databases and transactions keep
 * pointers into them. */
#ifndef OVSDB_SCHEMA_H
#define OVSDB_SCHEMA_H 1

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"
#include "ovsdb-types.h"
#include "shash.h"

struct json;

/* Column indexes of the implicit columns. */
enum {
    OVSDB_COL_UUID = 0,
    OVSDB_COL_VERSION = 1,
    OVSDB_N_STD_COLUMNS = 2
};

struct ovsdb_column {
    unsigned int index;         /* In table->columns_by_index. */
    char *name;
    bool is_mutable;            /* "mutable" (default true). */
    bool is_persistent;         /* Not "ephemeral". */
    struct ovsdb_type type;
};

/* An ordered list of columns of one table. */
struct ovsdb_column_set {
    const struct ovsdb_column **columns;
    size_t n, allocated;
};

#define OVSDB_COLUMN_SET_INITIALIZER { NULL, 0, 0 }

void ovsdb_column_set_init(struct ovsdb_column_set *);
void ovsdb_column_set_destroy(struct ovsdb_column_set *);
void ovsdb_column_set_add(struct ovsdb_column_set *,
                          const struct ovsdb_column *);
bool ovsdb_column_set_contains(const struct ovsdb_column_set *,
                               unsigned int column_index);
/* Returns the column names, comma-separated, for messages. */
char *ovsdb_column_set_to_string(const struct ovsdb_column_set *);

struct ovsdb_table_schema {
    char *name;
    unsigned int index;         /* In schema->tables_by_index. */
    struct shash columns;       /* Name to struct ovsdb_column *. */
    struct ovsdb_column **columns_by_index;
    size_t n_columns;           /* Including _uuid and _version. */
    bool is_root;               /* "isRoot" as written. */
    bool is_gc_root;            /* Rows are never garbage collected. */
    unsigned int max_rows;      /* UINT_MAX if unlimited. */
    struct ovsdb_column_set *indexes;   /* Unique indexes. */
    size_t n_indexes;
};

const struct ovsdb_column *ovsdb_table_schema_get_column(
    const struct ovsdb_table_schema *, const char *name);

/* Parses a JSON array of column names of TABLE into SET (initialized
 * here).  Errors: "syntax error" for malformed JSON or a repeated column,
 * "unknown column". */
struct ovsdb_error *ovsdb_column_set_from_json(
    struct ovsdb_column_set *, const struct ovsdb_table_schema *,
    const struct json *) OVS_WARN_UNUSED_RESULT;

/* The "unknown column" error for NAME in TABLE. */
struct ovsdb_error *ovsdb_unknown_column_error(
    const struct json *, const struct ovsdb_table_schema *,
    const char *name) OVS_WARN_UNUSED_RESULT;

struct ovsdb_schema {
    char *name;
    char *version;              /* "x.y.z", or NULL if absent. */
    char *cksum;                /* Carried as written, or NULL. */
    struct shash tables;        /* Name to struct ovsdb_table_schema *. */
    struct ovsdb_table_schema **tables_by_index;  /* In name order. */
    size_t n_tables;
};

/* Parses and validates JSON.  On success stores a new schema in *SCHEMAP
 * and returns NULL; on failure stores NULL and returns the error. */
struct ovsdb_error *ovsdb_schema_from_json(const struct json *,
                                           struct ovsdb_schema **schemap)
    OVS_WARN_UNUSED_RESULT;
/* Same for a file; I/O and JSON parse errors are "io error" and "syntax
 * error". */
struct ovsdb_error *ovsdb_schema_from_file(const char *file_name,
                                           struct ovsdb_schema **schemap)
    OVS_WARN_UNUSED_RESULT;
/* The schema as JSON (without the implicit columns). */
struct json *ovsdb_schema_to_json(const struct ovsdb_schema *);
struct ovsdb_schema *ovsdb_schema_clone(const struct ovsdb_schema *);
void ovsdb_schema_destroy(struct ovsdb_schema *);

const struct ovsdb_table_schema *ovsdb_schema_get_table(
    const struct ovsdb_schema *, const char *name);

#endif /* ovsdb-schema.h */
