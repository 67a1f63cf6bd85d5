/* ovsdb-condition.h -- "where" clauses (RFC 7047 5.1 <condition>).
 *
 * A condition is a conjunction of clauses [column, function, value], where
 * function is one of <, <=, ==, !=, >=, >, includes, excludes.  As in
 * ovsdb-server(7), a clause may also be the JSON boolean true (always
 * matches) or false (never matches), and an empty condition matches every
 * row.
 *
 * Type rules: <, <=, >, >= apply only to integer or real columns that are
 * scalars or optional scalars (an empty optional never matches), and take
 * an unconstrained scalar argument.  ==, != apply to every column and take
 * a value of the column's type (possibly empty); includes and excludes take
 * a set or map of the column's element type of any size.  For maps,
 * includes/excludes compare key-value pairs.  A mismatch is a "syntax
 * error".
 *
 * Lookups: a query engine asks ovsdb_condition_get_uuid() whether the
 * condition pins _uuid (then one hash lookup answers it) or
 * ovsdb_condition_find_index() whether it pins every column of a unique
 * index (then one index lookup does). */
#ifndef OVSDB_CONDITION_H
#define OVSDB_CONDITION_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "ovsdb-data.h"

struct json;
struct ovsdb_column;
struct ovsdb_row;
struct ovsdb_table_schema;
struct uuid;

enum ovsdb_function {
    OVSDB_F_FALSE,
    OVSDB_F_TRUE,
    OVSDB_F_LT,
    OVSDB_F_LE,
    OVSDB_F_EQ,
    OVSDB_F_NE,
    OVSDB_F_GE,
    OVSDB_F_GT,
    OVSDB_F_INCLUDES,
    OVSDB_F_EXCLUDES,
};

const char *ovsdb_function_to_string(enum ovsdb_function);
bool ovsdb_function_from_string(const char *, enum ovsdb_function *);

struct ovsdb_clause {
    enum ovsdb_function function;
    const struct ovsdb_column *column;  /* NULL for F_TRUE and F_FALSE. */
    struct ovsdb_datum arg;             /* Of the column's element type. */
};

struct ovsdb_condition {
    struct ovsdb_clause *clauses;
    size_t n;
};

#define OVSDB_CONDITION_INITIALIZER { NULL, 0 }

void ovsdb_condition_init(struct ovsdb_condition *);  /* Matches all. */
void ovsdb_condition_destroy(struct ovsdb_condition *);

/* Parses JSON, an array of clauses on TABLE's columns.  SYMTAB (may be
 * NULL) resolves named UUIDs.  Errors: "syntax error", "unknown column",
 * "constraint violation" (an argument outside its column's constraints).
 * On error COND is left empty. */
struct ovsdb_error *ovsdb_condition_from_json(
    const struct ovsdb_table_schema *, const struct json *,
    struct ovsdb_symbol_table *, struct ovsdb_condition *)
    OVS_WARN_UNUSED_RESULT;
struct json *ovsdb_condition_to_json(const struct ovsdb_condition *);

/* True if ROW satisfies every clause. */
bool ovsdb_condition_evaluate(const struct ovsdb_condition *,
                              const struct ovsdb_row *);

/* True if some clause is F_FALSE (so that no row can match). */
bool ovsdb_condition_is_false(const struct ovsdb_condition *);

/* If a clause is [_uuid, ==, uuid], returns that UUID, else NULL. */
const struct uuid *ovsdb_condition_get_uuid(const struct ovsdb_condition *);

/* If every column of one of TABLE's unique indexes has an == clause,
 * returns that index's number and stores in *HASH the hash that a row
 * matching those clauses has in the index (see ovsdb_table_index_hash());
 * otherwise returns -1. */
int ovsdb_condition_find_index(const struct ovsdb_condition *,
                               const struct ovsdb_table_schema *,
                               uint32_t *hash);

#endif /* ovsdb-condition.h */
