/* ovsdb-condition.c -- where clauses: parsing and evaluation (see
 * ovsdb-condition.h).
 *
 * Each clause's argument is parsed once into a datum, so evaluation is a
 * datum comparison or a merge of two sorted arrays, with no JSON in the
 * loop. */
#include <stdlib.h>
#include <string.h>
#include "ovsdb-condition.h"
#include "json.h"
#include "ovsdb-error.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "util.h"

static const char *const function_names[] = {
    [OVSDB_F_FALSE] = "false",
    [OVSDB_F_TRUE] = "true",
    [OVSDB_F_LT] = "<",
    [OVSDB_F_LE] = "<=",
    [OVSDB_F_EQ] = "==",
    [OVSDB_F_NE] = "!=",
    [OVSDB_F_GE] = ">=",
    [OVSDB_F_GT] = ">",
    [OVSDB_F_INCLUDES] = "includes",
    [OVSDB_F_EXCLUDES] = "excludes",
};

const char *
ovsdb_function_to_string(enum ovsdb_function function)
{
    return function_names[function];
}

bool
ovsdb_function_from_string(const char *s, enum ovsdb_function *function)
{
    for (int i = OVSDB_F_LT; i <= OVSDB_F_EXCLUDES; i++) {
        if (!strcmp(s, function_names[i])) {
            *function = i;
            return true;
        }
    }
    return false;
}

void
ovsdb_condition_init(struct ovsdb_condition *cond)
{
    cond->clauses = NULL;
    cond->n = 0;
}

void
ovsdb_condition_destroy(struct ovsdb_condition *cond)
{
    for (size_t i = 0; i < cond->n; i++) {
        struct ovsdb_clause *clause = &cond->clauses[i];
        if (clause->column) {
            ovsdb_datum_destroy(&clause->arg, &clause->column->type);
        }
    }
    free(cond->clauses);
    ovsdb_condition_init(cond);
}

static bool
is_ordering(enum ovsdb_function function)
{
    return (function == OVSDB_F_LT || function == OVSDB_F_LE
            || function == OVSDB_F_GE || function == OVSDB_F_GT);
}

static struct ovsdb_error *
type_mismatch(const struct json *json, const char *op,
              const struct ovsdb_column *column,
              const struct ovsdb_table_schema *table)
{
    char *type = ovsdb_type_to_string(&column->type);
    struct ovsdb_error *error;

    error = ovsdb_syntax_error(json, NULL, "Type mismatch: \"%s\" operator "
                               "may not be applied to column %s of type "
                               "%s.", op, column->name, type);
    free(type);
    return error;
}

static struct ovsdb_error *
clause_from_json(const struct ovsdb_table_schema *table,
                 const struct json *json, struct ovsdb_symbol_table *symtab,
                 struct ovsdb_clause *clause)
{
    const struct json_array *a;
    const struct ovsdb_column *column;
    const char *op;
    struct ovsdb_type arg_type;
    struct ovsdb_error *error;

    clause->column = NULL;
    if (json->type == JSON_TRUE || json->type == JSON_FALSE) {
        clause->function = (json->type == JSON_TRUE
                            ? OVSDB_F_TRUE : OVSDB_F_FALSE);
        ovsdb_datum_init_empty(&clause->arg);
        return NULL;
    }
    if (json->type != JSON_ARRAY
        || (a = json_array(json))->n != 3
        || a->elems[0]->type != JSON_STRING
        || a->elems[1]->type != JSON_STRING) {
        return ovsdb_syntax_error(json, NULL, "Parse error in condition.");
    }

    column = ovsdb_table_schema_get_column(table, a->elems[0]->string);
    if (!column) {
        return ovsdb_unknown_column_error(json, table, a->elems[0]->string);
    }
    op = a->elems[1]->string;
    if (!ovsdb_function_from_string(op, &clause->function)) {
        return ovsdb_syntax_error(json, "unknown function",
                                  "No function named %s.", op);
    }

    /* The argument's type: see the rules in ovsdb-condition.h.  Only the
     * counts (and, for orderings, the range constraints) are relaxed; the
     * element types, enums and lengths are the column's. */
    arg_type = column->type;
    if (is_ordering(clause->function)) {
        if ((!ovsdb_type_is_scalar(&column->type)
             && !ovsdb_type_is_optional_scalar(&column->type))
            || (column->type.key.type != OVSDB_TYPE_INTEGER
                && column->type.key.type != OVSDB_TYPE_REAL)) {
            return type_mismatch(json, op, column, table);
        }
        ovsdb_base_type_init(&arg_type.key, column->type.key.type);
        arg_type.n_min = arg_type.n_max = 1;
    } else {
        arg_type.n_min = 0;
        if (clause->function == OVSDB_F_INCLUDES
            || clause->function == OVSDB_F_EXCLUDES) {
            arg_type.n_max = OVSDB_N_UNLIMITED;
        }
    }
    error = ovsdb_datum_from_json(&clause->arg, &arg_type, a->elems[2],
                                  symtab);
    if (error) {
        return error;
    }
    clause->column = column;
    return NULL;
}

struct ovsdb_error *
ovsdb_condition_from_json(const struct ovsdb_table_schema *table,
                          const struct json *json,
                          struct ovsdb_symbol_table *symtab,
                          struct ovsdb_condition *cond)
{
    const struct json_array *a;

    ovsdb_condition_init(cond);
    if (json->type != JSON_ARRAY) {
        return ovsdb_syntax_error(json, NULL, "Condition must be an "
                                  "array.");
    }
    a = json_array(json);
    if (!a->n) {
        return NULL;
    }
    cond->clauses = xmalloc(a->n * sizeof *cond->clauses);
    for (size_t i = 0; i < a->n; i++) {
        struct ovsdb_error *error = clause_from_json(table, a->elems[i],
                                                     symtab,
                                                     &cond->clauses[i]);
        if (error) {
            ovsdb_condition_destroy(cond);
            return error;
        }
        cond->n++;
    }
    return NULL;
}

struct json *
ovsdb_condition_to_json(const struct ovsdb_condition *cond)
{
    struct json *json = json_array_create_empty();

    for (size_t i = 0; i < cond->n; i++) {
        const struct ovsdb_clause *clause = &cond->clauses[i];

        if (!clause->column) {
            json_array_add(json, json_boolean_create(
                               clause->function == OVSDB_F_TRUE));
            continue;
        }

        struct ovsdb_type arg_type = clause->column->type;
        arg_type.n_min = 0;
        arg_type.n_max = OVSDB_N_UNLIMITED;
        json_array_add(json, json_array_create_3(
                           json_string_create(clause->column->name),
                           json_string_create(
                               ovsdb_function_to_string(clause->function)),
                           ovsdb_datum_to_json(&clause->arg, &arg_type)));
    }
    return json;
}

static bool
clause_evaluate(const struct ovsdb_clause *clause,
                const struct ovsdb_row *row)
{
    const struct ovsdb_datum *field;
    const struct ovsdb_type *type;
    int cmp;

    if (!clause->column) {
        return clause->function == OVSDB_F_TRUE;
    }
    field = &row->fields[clause->column->index];
    type = &clause->column->type;

    switch (clause->function) {
    case OVSDB_F_EQ:
        return ovsdb_datum_equals(field, &clause->arg, type);
    case OVSDB_F_NE:
        return !ovsdb_datum_equals(field, &clause->arg, type);
    case OVSDB_F_INCLUDES:
        return ovsdb_datum_includes_all(&clause->arg, field, type);
    case OVSDB_F_EXCLUDES:
        return ovsdb_datum_excludes_all(&clause->arg, field, type);
    case OVSDB_F_LT:
    case OVSDB_F_LE:
    case OVSDB_F_GE:
    case OVSDB_F_GT:
        if (field->n != 1) {
            return false;
        }
        cmp = ovsdb_atom_compare_3way(&field->keys[0], &clause->arg.keys[0],
                                      type->key.type);
        return (clause->function == OVSDB_F_LT ? cmp < 0
                : clause->function == OVSDB_F_LE ? cmp <= 0
                : clause->function == OVSDB_F_GE ? cmp >= 0
                : cmp > 0);
    case OVSDB_F_TRUE:
    case OVSDB_F_FALSE:
    default:
        OVS_NOT_REACHED();
    }
}

bool
ovsdb_condition_evaluate(const struct ovsdb_condition *cond,
                         const struct ovsdb_row *row)
{
    for (size_t i = 0; i < cond->n; i++) {
        if (!clause_evaluate(&cond->clauses[i], row)) {
            return false;
        }
    }
    return true;
}

bool
ovsdb_condition_is_false(const struct ovsdb_condition *cond)
{
    for (size_t i = 0; i < cond->n; i++) {
        if (cond->clauses[i].function == OVSDB_F_FALSE) {
            return true;
        }
    }
    return false;
}

const struct uuid *
ovsdb_condition_get_uuid(const struct ovsdb_condition *cond)
{
    for (size_t i = 0; i < cond->n; i++) {
        const struct ovsdb_clause *clause = &cond->clauses[i];
        if (clause->function == OVSDB_F_EQ
            && clause->column->index == OVSDB_COL_UUID
            && clause->arg.n == 1) {
            return &clause->arg.keys[0].uuid;
        }
    }
    return NULL;
}

/* (An F_EQ clause always has a column; only F_TRUE/F_FALSE lack one.) */
static const struct ovsdb_clause *
find_eq_clause(const struct ovsdb_condition *cond, unsigned int column_index)
{
    for (size_t i = 0; i < cond->n; i++) {
        const struct ovsdb_clause *clause = &cond->clauses[i];
        if (clause->function == OVSDB_F_EQ
            && clause->column->index == column_index) {
            return clause;
        }
    }
    return NULL;
}

int
ovsdb_condition_find_index(const struct ovsdb_condition *cond,
                           const struct ovsdb_table_schema *table,
                           uint32_t *hashp)
{
    for (size_t i = 0; i < table->n_indexes; i++) {
        const struct ovsdb_column_set *index = &table->indexes[i];
        uint32_t hash = 0;
        size_t j;

        for (j = 0; j < index->n; j++) {
            const struct ovsdb_column *column = index->columns[j];
            const struct ovsdb_clause *clause = find_eq_clause(cond,
                                                               column->index);
            if (!clause) {
                break;
            }
            /* Same chaining as ovsdb_row_hash_columns(). */
            hash = ovsdb_datum_hash(&clause->arg, &column->type, hash);
        }
        if (j >= index->n) {
            *hashp = hash;
            return i;
        }
    }
    return -1;
}
