/* ovsdb-mutation.h -- mutations for the "mutate" operation (RFC 7047 5.1
 * <mutation>).
 *
 * A mutation is [column, mutator, value].  The arithmetic mutators +=, -=,
 * *=, /= apply to integer or real columns, %= to integer columns, and to
 * every element of a set of them (not to maps); the value is an
 * unconstrained scalar of the column's element type.  "insert" and
 * "delete" apply to sets and maps (not scalars): insert adds the elements
 * of a set or map value (for maps, a key already present keeps its value);
 * delete removes the elements of a set value, or for a map column either
 * the pairs of a map value that match exactly or the keys of a set value.
 *
 * Errors when parsing: "syntax error" (malformed, unknown mutator, type
 * mismatch), "unknown column", "constraint violation" (immutable or
 * read-only column).  Errors when executing: "domain error" (division by
 * zero), "range error" (integer overflow, real result out of range),
 * "constraint violation" (result breaks the column's constraints, e.g. too
 * many or too few elements, duplicate elements after arithmetic, values
 * out of range). */
#ifndef OVSDB_MUTATION_H
#define OVSDB_MUTATION_H 1

#include <stddef.h>
#include "compiler.h"
#include "ovsdb-data.h"

struct json;
struct ovsdb_column;
struct ovsdb_row;
struct ovsdb_table_schema;

enum ovsdb_mutator {
    OVSDB_M_ADD,
    OVSDB_M_SUB,
    OVSDB_M_MUL,
    OVSDB_M_DIV,
    OVSDB_M_MOD,
    OVSDB_M_INSERT,
    OVSDB_M_DELETE,
};

const char *ovsdb_mutator_to_string(enum ovsdb_mutator);

struct ovsdb_mutation {
    enum ovsdb_mutator mutator;
    const struct ovsdb_column *column;
    struct ovsdb_datum arg;
    struct ovsdb_type type;         /* Of 'arg'. */
};

struct ovsdb_mutation_set {
    struct ovsdb_mutation *mutations;
    size_t n;
};

struct ovsdb_error *ovsdb_mutation_set_from_json(
    const struct ovsdb_table_schema *, const struct json *,
    struct ovsdb_symbol_table *, struct ovsdb_mutation_set *)
    OVS_WARN_UNUSED_RESULT;
struct json *ovsdb_mutation_set_to_json(const struct ovsdb_mutation_set *);
void ovsdb_mutation_set_destroy(struct ovsdb_mutation_set *);

/* Applies the mutations to ROW (a writable copy) in order.  On error ROW
 * may be partly mutated: the caller discards it (its transaction aborts).
 */
struct ovsdb_error *ovsdb_mutation_set_execute(
    struct ovsdb_row *, const struct ovsdb_mutation_set *)
    OVS_WARN_UNUSED_RESULT;

#endif /* ovsdb-mutation.h */
