/* ovsdb-mutation.c -- parsing and applying mutations (see
 * ovsdb-mutation.h).
 *
 * Arithmetic is checked: integer overflow is detected with the compiler's
 * overflow builtins, real results must stay finite.  A mutation of a set
 * may map two elements to the same value (e.g. "*= 0"), which is reported
 * rather than silently merging them, because the client asked for a
 * change to each element. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-mutation.h"
#include "json.h"
#include "ovsdb-error.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "util.h"

static const char *const mutator_names[] = {
    [OVSDB_M_ADD] = "+=",
    [OVSDB_M_SUB] = "-=",
    [OVSDB_M_MUL] = "*=",
    [OVSDB_M_DIV] = "/=",
    [OVSDB_M_MOD] = "%=",
    [OVSDB_M_INSERT] = "insert",
    [OVSDB_M_DELETE] = "delete",
};

const char *
ovsdb_mutator_to_string(enum ovsdb_mutator mutator)
{
    return mutator_names[mutator];
}

static bool
mutator_from_string(const char *s, enum ovsdb_mutator *mutator)
{
    for (size_t i = 0; i < ARRAY_SIZE(mutator_names); i++) {
        if (!strcmp(s, mutator_names[i])) {
            *mutator = i;
            return true;
        }
    }
    return false;
}

static struct ovsdb_error *
type_mismatch(const struct json *json, const char *mutator,
              const struct ovsdb_column *column)
{
    char *type = ovsdb_type_to_string(&column->type);
    struct ovsdb_error *error;

    error = ovsdb_syntax_error(json, NULL, "Type mismatch: \"%s\" mutator "
                               "may not be applied to column %s of type "
                               "%s.", mutator, column->name, type);
    free(type);
    return error;
}

static bool
is_map_json(const struct json *json)
{
    return (json->type == JSON_ARRAY && json_array(json)->n == 2
            && json_array(json)->elems[0]->type == JSON_STRING
            && !strcmp(json_array(json)->elems[0]->string, "map"));
}

static struct ovsdb_error *
mutation_from_json(const struct ovsdb_table_schema *table,
                   const struct json *json,
                   struct ovsdb_symbol_table *symtab,
                   struct ovsdb_mutation *m)
{
    const struct ovsdb_column *column;
    const struct json_array *a;
    const char *name;
    struct ovsdb_error *error;

    if (json->type != JSON_ARRAY
        || (a = json_array(json))->n != 3
        || a->elems[0]->type != JSON_STRING
        || a->elems[1]->type != JSON_STRING) {
        return ovsdb_syntax_error(json, NULL, "Parse error in mutation.");
    }
    column = ovsdb_table_schema_get_column(table, a->elems[0]->string);
    if (!column) {
        return ovsdb_unknown_column_error(json, table, a->elems[0]->string);
    }
    if (!column->is_mutable) {
        return ovsdb_syntax_error(json, "constraint violation", "Cannot "
                                  "mutate immutable column %s in table %s.",
                                  column->name, table->name);
    }
    name = a->elems[1]->string;
    if (!mutator_from_string(name, &m->mutator)) {
        return ovsdb_syntax_error(json, NULL, "Unknown mutator \"%s\".",
                                  name);
    }

    switch (m->mutator) {
    case OVSDB_M_ADD:
    case OVSDB_M_SUB:
    case OVSDB_M_MUL:
    case OVSDB_M_DIV:
    case OVSDB_M_MOD:
        if (ovsdb_type_is_map(&column->type)
            || (column->type.key.type != OVSDB_TYPE_INTEGER
                && (column->type.key.type != OVSDB_TYPE_REAL
                    || m->mutator == OVSDB_M_MOD))) {
            return type_mismatch(json, name, column);
        }
        ovsdb_type_init_scalar(&m->type, column->type.key.type);
        break;

    case OVSDB_M_INSERT:
    case OVSDB_M_DELETE:
        if (!ovsdb_type_is_set(&column->type)
            && !ovsdb_type_is_map(&column->type)) {
            return type_mismatch(json, name, column);
        }
        ovsdb_type_clone(&m->type, &column->type);
        m->type.n_min = 0;
        m->type.n_max = OVSDB_N_UNLIMITED;
        if (m->mutator == OVSDB_M_DELETE) {
            /* Deleting values that could never be present is harmless, so
             * the argument needs no constraints; and a map's pairs may be
             * named by their keys alone. */
            ovsdb_base_type_clear_constraints(&m->type.key);
            ovsdb_base_type_clear_constraints(&m->type.value);
            if (ovsdb_type_is_map(&column->type)
                && !is_map_json(a->elems[2])) {
                ovsdb_base_type_destroy(&m->type.value);
                ovsdb_base_type_init(&m->type.value, OVSDB_TYPE_VOID);
            }
        }
        break;

    default:
        OVS_NOT_REACHED();
    }

    error = ovsdb_datum_from_json(&m->arg, &m->type, a->elems[2], symtab);
    if (error) {
        ovsdb_type_destroy(&m->type);
        return error;
    }
    m->column = column;
    return NULL;
}

void
ovsdb_mutation_set_destroy(struct ovsdb_mutation_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        struct ovsdb_mutation *m = &set->mutations[i];
        ovsdb_datum_destroy(&m->arg, &m->type);
        ovsdb_type_destroy(&m->type);
    }
    free(set->mutations);
    set->mutations = NULL;
    set->n = 0;
}

struct ovsdb_error *
ovsdb_mutation_set_from_json(const struct ovsdb_table_schema *table,
                             const struct json *json,
                             struct ovsdb_symbol_table *symtab,
                             struct ovsdb_mutation_set *set)
{
    const struct json_array *a;

    set->mutations = NULL;
    set->n = 0;
    if (json->type != JSON_ARRAY) {
        return ovsdb_syntax_error(json, NULL, "Mutations must be an "
                                  "array.");
    }
    a = json_array(json);
    if (a->n) {
        set->mutations = xmalloc(a->n * sizeof *set->mutations);
    }
    for (size_t i = 0; i < a->n; i++) {
        struct ovsdb_error *error;

        error = mutation_from_json(table, a->elems[i], symtab,
                                   &set->mutations[i]);
        if (error) {
            ovsdb_mutation_set_destroy(set);
            return error;
        }
        set->n++;
    }
    return NULL;
}

struct json *
ovsdb_mutation_set_to_json(const struct ovsdb_mutation_set *set)
{
    struct json *json = json_array_create_empty();

    for (size_t i = 0; i < set->n; i++) {
        const struct ovsdb_mutation *m = &set->mutations[i];
        json_array_add(json, json_array_create_3(
                           json_string_create(m->column->name),
                           json_string_create(
                               ovsdb_mutator_to_string(m->mutator)),
                           ovsdb_datum_to_json(&m->arg, &m->type)));
    }
    return json;
}

static struct ovsdb_error *
range_error(enum ovsdb_mutator mutator)
{
    return ovsdb_error_create("range error", "Result of \"%s\" operation "
                              "is out of range.",
                              ovsdb_mutator_to_string(mutator));
}

static struct ovsdb_error *
mutate_integer(int64_t *x, int64_t y, enum ovsdb_mutator mutator)
{
    int64_t r;

    switch (mutator) {
    case OVSDB_M_ADD:
        if (__builtin_add_overflow(*x, y, &r)) {
            return range_error(mutator);
        }
        break;
    case OVSDB_M_SUB:
        if (__builtin_sub_overflow(*x, y, &r)) {
            return range_error(mutator);
        }
        break;
    case OVSDB_M_MUL:
        if (__builtin_mul_overflow(*x, y, &r)) {
            return range_error(mutator);
        }
        break;
    case OVSDB_M_DIV:
    case OVSDB_M_MOD:
        if (!y) {
            return ovsdb_error_create("domain error", "Division by zero.");
        }
        if (*x == INT64_MIN && y == -1) {
            if (mutator == OVSDB_M_DIV) {
                return range_error(mutator);
            }
            r = 0;
        } else {
            r = mutator == OVSDB_M_DIV ? *x / y : *x % y;
        }
        break;
    case OVSDB_M_INSERT:
    case OVSDB_M_DELETE:
    default:
        OVS_NOT_REACHED();
    }
    *x = r;
    return NULL;
}

static struct ovsdb_error *
mutate_real(double *x, double y, enum ovsdb_mutator mutator)
{
    double r;

    switch (mutator) {
    case OVSDB_M_ADD:
        r = *x + y;
        break;
    case OVSDB_M_SUB:
        r = *x - y;
        break;
    case OVSDB_M_MUL:
        r = *x * y;
        break;
    case OVSDB_M_DIV:
        if (y == 0.0) {
            return ovsdb_error_create("domain error", "Division by zero.");
        }
        r = *x / y;
        break;
    case OVSDB_M_MOD:
    case OVSDB_M_INSERT:
    case OVSDB_M_DELETE:
    default:
        OVS_NOT_REACHED();
    }
    if (!isfinite(r)) {
        return range_error(mutator);
    }
    *x = r;
    return NULL;
}

static struct ovsdb_error *
mutate_arithmetic(struct ovsdb_datum *datum, const struct ovsdb_column *col,
                  const struct ovsdb_mutation *m)
{
    const struct ovsdb_type *type = &col->type;
    struct ovsdb_error *error;

    for (unsigned int i = 0; i < datum->n; i++) {
        if (type->key.type == OVSDB_TYPE_INTEGER) {
            error = mutate_integer(&datum->keys[i].integer,
                                   m->arg.keys[0].integer, m->mutator);
        } else {
            error = mutate_real(&datum->keys[i].real, m->arg.keys[0].real,
                                m->mutator);
        }
        if (!error) {
            error = ovsdb_atom_check_constraints(&datum->keys[i],
                                                 &type->key);
        }
        if (error) {
            return error;
        }
    }
    error = ovsdb_datum_sort(datum, type);
    if (error) {
        ovsdb_error_destroy(error);
        return ovsdb_error_create("constraint violation", "Result of \"%s\" "
                                  "operation contains duplicate values.",
                                  ovsdb_mutator_to_string(m->mutator));
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_mutation_set_execute(struct ovsdb_row *row,
                           const struct ovsdb_mutation_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct ovsdb_mutation *m = &set->mutations[i];
        const struct ovsdb_column *column = m->column;
        struct ovsdb_datum *datum = &row->fields[column->index];
        struct ovsdb_error *error;

        switch (m->mutator) {
        case OVSDB_M_ADD:
        case OVSDB_M_SUB:
        case OVSDB_M_MUL:
        case OVSDB_M_DIV:
        case OVSDB_M_MOD:
            error = mutate_arithmetic(datum, column, m);
            break;
        case OVSDB_M_INSERT:
            ovsdb_datum_union(datum, &m->arg, &column->type);
            error = ovsdb_datum_check_constraints(datum, &column->type);
            break;
        case OVSDB_M_DELETE:
            ovsdb_datum_subtract(datum, &column->type, &m->arg, &m->type);
            error = ovsdb_datum_check_constraints(datum, &column->type);
            break;
        default:
            OVS_NOT_REACHED();
        }
        if (error) {
            return ovsdb_error_prefix(error, "Mutation \"%s\" of column %s "
                                      "in table %s", ovsdb_mutator_to_string(
                                          m->mutator), column->name,
                                      row->table->schema->name);
        }
    }
    return NULL;
}
