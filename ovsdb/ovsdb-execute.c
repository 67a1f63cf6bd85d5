/* ovsdb-execute.c -- the "transact" operations (see ovsdb-execute.h).
 *
 * Each operation is parsed and executed at once, in request order, inside
 * one transaction, so an operation sees the effects of the earlier ones.
 * Named UUIDs share one symbol table across the request, which lets an
 * operation refer to a row that a later "insert" names (ovs-vsctl does
 * this); at the end every name used must have been inserted. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-execute.h"
#include "coverage.h"
#include "json.h"
#include "ovsdb-condition.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-mutation.h"
#include "ovsdb-parser.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "util.h"

COVERAGE_DEFINE(ovsdb_execute);
COVERAGE_DEFINE(ovsdb_execute_op_error);
COVERAGE_DEFINE(ovsdb_execute_wait_retry);

struct exec_ctx {
    struct ovsdb *db;
    struct ovsdb_txn *txn;
    struct ovsdb_symbol_table *symtab;
    const struct ovsdb_execute_options *options;
    struct ovsdb_execute_result *result;
    bool must_retry;            /* A "wait" asked to retry. */
};

typedef struct ovsdb_error *op_func(struct exec_ctx *, struct ovsdb_parser *,
                                    struct json *result);

/* Helpers. */

static struct ovsdb_table *
parse_table(struct exec_ctx *x, struct ovsdb_parser *parser)
{
    const struct json *json = ovsdb_parser_member(parser, "table", OP_ID);
    struct ovsdb_table *table;

    if (!json) {
        return NULL;
    }
    table = ovsdb_get_table(x->db, json->string);
    if (!table) {
        ovsdb_parser_put_error(parser, ovsdb_syntax_error(
                                   json, NULL,
                                   "No table named %s.", json->string));
    }
    return table;
}

static struct ovsdb_error *
parse_where(struct exec_ctx *x, struct ovsdb_parser *parser,
            const struct ovsdb_table *table, struct ovsdb_condition *cond)
{
    const struct json *where = ovsdb_parser_member(parser, "where",
                                                   OP_ARRAY);
    ovsdb_condition_init(cond);
    return (where
            ? ovsdb_condition_from_json(table->schema, where, x->symtab,
                                        cond)
            : NULL);
}

/* Parses ROW_JSON into a new row of TABLE, setting COLUMNS to the columns
 * it names.  Read-only columns are refused. */
static struct ovsdb_error *
parse_row(struct exec_ctx *x, const struct json *row_json,
          struct ovsdb_table *table, struct ovsdb_row **rowp,
          struct ovsdb_column_set *columns, const char *verb)
{
    struct ovsdb_row *row = ovsdb_row_create(table);
    struct ovsdb_error *error;

    *rowp = NULL;
    error = ovsdb_row_from_json(row, row_json, x->symtab, columns);
    for (size_t i = 0; !error && i < columns->n; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        if (column->index < OVSDB_N_STD_COLUMNS) {
            error = ovsdb_syntax_error(row_json, "constraint violation",
                                       "Cannot %s read-only column %s in "
                                       "table %s.", verb, column->name,
                                       table->schema->name);
        }
    }
    if (error) {
        ovsdb_column_set_destroy(columns);
        ovsdb_row_destroy(row);
        return error;
    }
    *rowp = row;
    return NULL;
}

static struct json *
uuid_json(const struct uuid *uuid)
{
    char buf[UUID_LEN + 1];

    uuid_to_string(uuid, buf);
    return json_array_create_2(json_string_create("uuid"),
                               json_string_create(buf));
}

/* Operations. */

static struct ovsdb_error *
execute_insert(struct exec_ctx *x, struct ovsdb_parser *parser,
               struct json *result)
{
    struct ovsdb_table *table = parse_table(x, parser);
    const struct json *row_json = ovsdb_parser_member(
        parser, "row", OP_OBJECT | OP_OPTIONAL);
    const struct json *uuid_name = ovsdb_parser_member(
        parser, "uuid-name", OP_ID | OP_OPTIONAL);
    const struct json *uuid_json_ = ovsdb_parser_member(
        parser, "uuid", OP_STRING | OP_OPTIONAL);
    struct ovsdb_column_set columns;
    struct ovsdb_error *error;
    struct ovsdb_row *row;
    struct uuid uuid;

    error = ovsdb_parser_finish(parser);
    if (error) {
        return error;
    }

    if (uuid_json_) {
        if (!uuid_from_string(&uuid, uuid_json_->string)) {
            return ovsdb_syntax_error(uuid_json_, NULL, "\"%s\" is not a "
                                      "valid UUID", uuid_json_->string);
        }
    } else {
        uuid_generate(&uuid);
    }

    if (uuid_name) {
        struct ovsdb_symbol *symbol;

        symbol = ovsdb_symbol_table_get(x->symtab, uuid_name->string);
        if (symbol && symbol->created) {
            return ovsdb_syntax_error(uuid_name, "duplicate uuid-name",
                                      "This \"uuid-name\" appeared on an "
                                      "earlier \"insert\" operation.");
        } else if (symbol && uuid_json_
                   && !uuid_equals(&symbol->uuid, &uuid)) {
            return ovsdb_syntax_error(uuid_name, NULL, "\"uuid-name\" %s "
                                      "was used before this \"insert\", so "
                                      "\"uuid\" may not be given with it.",
                                      uuid_name->string);
        }
        symbol = ovsdb_symbol_table_put(x->symtab, uuid_name->string,
                                        &uuid);
        symbol->created = true;
        uuid = symbol->uuid;
    }

    if (ovsdb_txn_uuid_is_used(x->txn, table, &uuid)) {
        return ovsdb_error_create("duplicate uuid", "This UUID would "
                                  "duplicate a UUID already present within "
                                  "the table or deleted within the same "
                                  "transaction.");
    }

    if (row_json) {
        error = parse_row(x, row_json, table, &row, &columns, "set");
        if (error) {
            return error;
        }
        ovsdb_column_set_destroy(&columns);
    } else {
        row = ovsdb_row_create(table);
    }
    ovsdb_row_set_uuid(row, &uuid);
    ovsdb_txn_insert(x->txn, row);
    json_object_put(result, "uuid", uuid_json(&uuid));
    return NULL;
}

static struct ovsdb_error *
execute_select(struct exec_ctx *x, struct ovsdb_parser *parser,
               struct json *result)
{
    struct ovsdb_table *table = parse_table(x, parser);
    struct ovsdb_condition cond = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_column_set columns = OVSDB_COLUMN_SET_INITIALIZER;
    const struct json *columns_json;
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    struct ovsdb_error *error;
    struct json *rows_json;

    error = table ? parse_where(x, parser, table, &cond) : NULL;
    columns_json = ovsdb_parser_member(parser, "columns",
                                       OP_ARRAY | OP_OPTIONAL);
    if (!error) {
        error = ovsdb_parser_finish(parser);
    }
    if (!error && columns_json) {
        error = ovsdb_column_set_from_json(&columns, table->schema,
                                           columns_json);
    }
    if (error) {
        ovsdb_condition_destroy(&cond);
        return error;
    }

    ovsdb_txn_select(x->txn, table, &cond, &rows);
    rows_json = ovsdb_rows_to_json(rows.rows, rows.n,
                                   columns_json ? &columns : NULL);
    json_object_put(result, "rows", rows_json);

    ovsdb_row_set_destroy(&rows);
    ovsdb_column_set_destroy(&columns);
    ovsdb_condition_destroy(&cond);
    return NULL;
}

static struct ovsdb_error *
execute_update(struct exec_ctx *x, struct ovsdb_parser *parser,
               struct json *result)
{
    struct ovsdb_table *table = parse_table(x, parser);
    struct ovsdb_condition cond = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_column_set columns = OVSDB_COLUMN_SET_INITIALIZER;
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    const struct json *row_json;
    struct ovsdb_row *update = NULL;
    struct ovsdb_error *error;

    error = table ? parse_where(x, parser, table, &cond) : NULL;
    row_json = ovsdb_parser_member(parser, "row", OP_OBJECT);
    if (!error) {
        error = ovsdb_parser_finish(parser);
    }
    if (!error) {
        error = parse_row(x, row_json, table, &update, &columns, "update");
    }
    for (size_t i = 0; !error && i < columns.n; i++) {
        const struct ovsdb_column *column = columns.columns[i];
        if (!column->is_mutable) {
            error = ovsdb_syntax_error(row_json, "constraint violation",
                                       "Cannot update immutable column %s "
                                       "in table %s.", column->name,
                                       table->schema->name);
        }
    }

    if (!error) {
        ovsdb_txn_select(x->txn, table, &cond, &rows);
        for (size_t i = 0; i < rows.n; i++) {
            struct ovsdb_row *row = ovsdb_txn_modify(x->txn, rows.rows[i]);
            ovsdb_row_update_columns(row, update, &columns);
        }
        json_object_put(result, "count", json_integer_create(rows.n));
    }

    ovsdb_row_set_destroy(&rows);
    ovsdb_row_destroy(update);
    ovsdb_column_set_destroy(&columns);
    ovsdb_condition_destroy(&cond);
    return error;
}

static struct ovsdb_error *
execute_mutate(struct exec_ctx *x, struct ovsdb_parser *parser,
               struct json *result)
{
    struct ovsdb_table *table = parse_table(x, parser);
    struct ovsdb_condition cond = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_mutation_set mutations = { NULL, 0 };
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    const struct json *mutations_json;
    struct ovsdb_error *error;

    error = table ? parse_where(x, parser, table, &cond) : NULL;
    mutations_json = ovsdb_parser_member(parser, "mutations", OP_ARRAY);
    if (!error) {
        error = ovsdb_parser_finish(parser);
    }
    if (!error) {
        error = ovsdb_mutation_set_from_json(table->schema, mutations_json,
                                             x->symtab, &mutations);
    }
    if (!error) {
        ovsdb_txn_select(x->txn, table, &cond, &rows);
        for (size_t i = 0; !error && i < rows.n; i++) {
            struct ovsdb_row *row = ovsdb_txn_modify(x->txn, rows.rows[i]);
            error = ovsdb_mutation_set_execute(row, &mutations);
        }
        if (!error) {
            json_object_put(result, "count", json_integer_create(rows.n));
        }
    }

    ovsdb_row_set_destroy(&rows);
    ovsdb_mutation_set_destroy(&mutations);
    ovsdb_condition_destroy(&cond);
    return error;
}

static struct ovsdb_error *
execute_delete(struct exec_ctx *x, struct ovsdb_parser *parser,
               struct json *result)
{
    struct ovsdb_table *table = parse_table(x, parser);
    struct ovsdb_condition cond = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    struct ovsdb_error *error;

    error = table ? parse_where(x, parser, table, &cond) : NULL;
    if (!error) {
        error = ovsdb_parser_finish(parser);
    }
    if (!error) {
        ovsdb_txn_select(x->txn, table, &cond, &rows);
        for (size_t i = 0; i < rows.n; i++) {
            ovsdb_txn_delete(x->txn, rows.rows[i]);
        }
        json_object_put(result, "count", json_integer_create(rows.n));
    }
    ovsdb_row_set_destroy(&rows);
    ovsdb_condition_destroy(&cond);
    return error;
}

/* True if the projections of ACTUAL and EXPECTED onto COLUMNS are equal
 * as multisets. */
static bool
rows_match(const struct ovsdb_row_set *actual, struct ovsdb_row **expected,
           size_t n_expected, const struct ovsdb_column_set *columns)
{
    bool *used;
    bool match = true;

    if (actual->n != n_expected) {
        return false;
    }
    used = xcalloc(n_expected ? n_expected : 1, sizeof *used);
    for (size_t i = 0; match && i < actual->n; i++) {
        size_t j;

        for (j = 0; j < n_expected; j++) {
            if (!used[j] && ovsdb_row_equal_columns(actual->rows[i],
                                                    expected[j], columns)) {
                used[j] = true;
                break;
            }
        }
        match = j < n_expected;
    }
    free(used);
    return match;
}

static struct ovsdb_error *
execute_wait(struct exec_ctx *x, struct ovsdb_parser *parser,
             struct json *result OVS_UNUSED)
{
    struct ovsdb_table *table = parse_table(x, parser);
    struct ovsdb_condition cond = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_column_set columns = OVSDB_COLUMN_SET_INITIALIZER;
    struct ovsdb_row_set actual = OVSDB_ROW_SET_INITIALIZER;
    const struct json *columns_json, *until, *rows_json, *timeout;
    struct ovsdb_row **expected = NULL;
    size_t n_expected = 0;
    struct ovsdb_error *error;
    bool equal;

    error = table ? parse_where(x, parser, table, &cond) : NULL;
    /* RFC 7047 lists "columns" as required, but Open vSwitch's clients
     * omit it (meaning every column), so we accept that too. */
    columns_json = ovsdb_parser_member(parser, "columns",
                                       OP_ARRAY | OP_OPTIONAL);
    until = ovsdb_parser_member(parser, "until", OP_STRING);
    rows_json = ovsdb_parser_member(parser, "rows", OP_ARRAY);
    timeout = ovsdb_parser_member(parser, "timeout",
                                  OP_INTEGER | OP_OPTIONAL);
    if (!error) {
        error = ovsdb_parser_finish(parser);
    }
    if (!error && strcmp(until->string, "==")
        && strcmp(until->string, "!=")) {
        error = ovsdb_syntax_error(until, NULL, "\"until\" must be \"==\" "
                                   "or \"!=\".");
    }
    if (!error && timeout && timeout->integer < 0) {
        error = ovsdb_syntax_error(timeout, NULL, "\"timeout\" must not be "
                                   "negative.");
    }
    if (!error && columns_json) {
        error = ovsdb_column_set_from_json(&columns, table->schema,
                                           columns_json);
    } else if (!error) {
        for (size_t i = 0; i < table->schema->n_columns; i++) {
            ovsdb_column_set_add(&columns,
                                 table->schema->columns_by_index[i]);
        }
    }
    if (!error) {
        const struct json_array *a = json_array(rows_json);

        expected = xcalloc(a->n ? a->n : 1, sizeof *expected);
        for (size_t i = 0; !error && i < a->n; i++) {
            struct ovsdb_column_set given;

            expected[i] = ovsdb_row_create(table);
            n_expected++;
            error = ovsdb_row_from_json(expected[i], a->elems[i], x->symtab,
                                        &given);
            for (size_t j = 0; !error && j < given.n; j++) {
                if (!ovsdb_column_set_contains(&columns,
                                               given.columns[j]->index)) {
                    error = ovsdb_syntax_error(
                        a->elems[i], NULL, "Column %s in \"rows\" is not "
                        "listed in \"columns\".", given.columns[j]->name);
                }
            }
            ovsdb_column_set_destroy(&given);
        }
    }

    if (!error) {
        ovsdb_txn_select(x->txn, table, &cond, &actual);
        equal = rows_match(&actual, expected, n_expected, &columns);
        if (equal != !strcmp(until->string, "==")) {
            long long int deadline = (!timeout ? LLONG_MAX
                                      : x->options->started
                                        + timeout->integer);
            if (timeout && (!timeout->integer
                            || x->options->now >= deadline)) {
                /* The details are Open vSwitch's, word for word. */
                error = (timeout->integer
                         ? ovsdb_error_create("timed out", "\"wait\" timed "
                                              "out after %lld ms",
                                              timeout->integer)
                         : ovsdb_error_create("timed out", "\"where\" "
                                              "clause test failed"));
            } else {
                x->must_retry = true;
                x->result->retry_at = deadline;
            }
        }
    }

    for (size_t i = 0; i < n_expected; i++) {
        ovsdb_row_destroy(expected[i]);
    }
    free(expected);
    ovsdb_row_set_destroy(&actual);
    ovsdb_column_set_destroy(&columns);
    ovsdb_condition_destroy(&cond);
    return error;
}

static struct ovsdb_error *
execute_commit(struct exec_ctx *x, struct ovsdb_parser *parser,
               struct json *result OVS_UNUSED)
{
    const struct json *durable = ovsdb_parser_member(parser, "durable",
                                                     OP_BOOLEAN);
    struct ovsdb_error *error = ovsdb_parser_finish(parser);

    if (!error && json_boolean(durable)) {
        x->result->durable = true;
    }
    return error;
}

static struct ovsdb_error *
execute_abort(struct exec_ctx *x OVS_UNUSED, struct ovsdb_parser *parser,
              struct json *result OVS_UNUSED)
{
    struct ovsdb_error *error = ovsdb_parser_finish(parser);
    return error ? error : ovsdb_error_create("aborted", "aborted by "
                                              "request");
}

static struct ovsdb_error *
execute_comment(struct exec_ctx *x, struct ovsdb_parser *parser,
                struct json *result OVS_UNUSED)
{
    const struct json *comment = ovsdb_parser_member(parser, "comment",
                                                     OP_STRING);
    struct ovsdb_error *error = ovsdb_parser_finish(parser);
    struct ovsdb_execute_result *r = x->result;

    if (!error) {
        r->comments = xrealloc(r->comments,
                               (r->n_comments + 1) * sizeof *r->comments);
        r->comments[r->n_comments++] = xstrdup(comment->string);
    }
    return error;
}

static struct ovsdb_error *
execute_assert(struct exec_ctx *x, struct ovsdb_parser *parser,
               struct json *result OVS_UNUSED)
{
    const struct json *lock = ovsdb_parser_member(parser, "lock", OP_STRING);
    struct ovsdb_error *error = ovsdb_parser_finish(parser);
    const struct ovsdb_execute_options *o = x->options;

    if (!error && !(o->is_lock_owner
                    && o->is_lock_owner(lock->string, o->aux))) {
        error = ovsdb_error_create("not owner", "Asserted lock %s not "
                                   "held.", lock->string);
    }
    return error;
}

static op_func *
lookup_op(const char *name)
{
    static const struct {
        const char *name;
        op_func *func;
    } ops[] = {
        { "insert", execute_insert },
        { "select", execute_select },
        { "update", execute_update },
        { "mutate", execute_mutate },
        { "delete", execute_delete },
        { "wait", execute_wait },
        { "commit", execute_commit },
        { "abort", execute_abort },
        { "comment", execute_comment },
        { "assert", execute_assert },
    };

    for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
        if (!strcmp(ops[i].name, name)) {
            return ops[i].func;
        }
    }
    return NULL;
}

static struct ovsdb_error *
execute_op(struct exec_ctx *x, const struct json *op_json,
           struct json *result)
{
    struct ovsdb_parser parser;
    const struct json *op;
    op_func *func;

    ovsdb_parser_init(&parser, op_json, "ovsdb operation");
    op = ovsdb_parser_member(&parser, "op", OP_STRING);
    if (!op) {
        return ovsdb_parser_finish(&parser);
    }
    func = lookup_op(op->string);
    if (!func) {
        ovsdb_parser_destroy(&parser);
        return ovsdb_syntax_error(op_json, NULL,
                                  "No operation \"%s\"", op->string);
    }
    /* Each operation finishes (or destroys) the parser itself. */
    struct ovsdb_error *error = func(x, &parser, result);
    ovsdb_parser_destroy(&parser);
    return error;
}

struct ovsdb_error *
ovsdb_execute(struct ovsdb *db, const struct json *params,
              const struct ovsdb_execute_options *options,
              struct ovsdb_execute_result *result)
{
    const struct json_array *a;
    struct ovsdb_error *error = NULL;
    struct exec_ctx x;
    struct json *reply;
    size_t n_ops, i;

    memset(result, 0, sizeof *result);
    if (params->type != JSON_ARRAY || !json_array(params)->n
        || json_array(params)->elems[0]->type != JSON_STRING) {
        return ovsdb_syntax_error(params, NULL, "array expected with "
                                  "database name as its first element");
    }
    a = json_array(params);
    if (strcmp(a->elems[0]->string, ovsdb_get_name(db))) {
        return ovsdb_error_create("unknown database", "%s",
                                  a->elems[0]->string);
    }
    COVERAGE_INC(ovsdb_execute);

    x.db = db;
    x.txn = ovsdb_txn_create(db);
    x.symtab = ovsdb_symbol_table_create();
    x.options = options;
    x.result = result;
    x.must_retry = false;

    n_ops = a->n - 1;
    reply = json_array_create_empty();
    for (i = 0; i < n_ops; i++) {
        struct json *op_result = json_object_create();

        error = execute_op(&x, a->elems[i + 1], op_result);
        if (error || x.must_retry) {
            json_destroy(op_result);
            break;
        }
        json_array_add(reply, op_result);
    }

    if (!error && !x.must_retry) {
        const char *name = ovsdb_symbol_table_find_uncreated(x.symtab);
        if (name) {
            error = ovsdb_syntax_error(NULL, "referential integrity "
                                       "violation", "named-uuid \"%s\" is "
                                       "used but no \"insert\" operation "
                                       "has that \"uuid-name\".", name);
        } else if (ovsdb_txn_is_dirty(x.txn)) {
            error = ovsdb_txn_commit(x.txn);
        }
        if (error) {
            /* A commit-time failure: the extra element. */
            json_array_add(reply, ovsdb_error_to_json(error));
        } else {
            const struct ovsdb_txn_change *changes;
            if (ovsdb_txn_is_dirty(x.txn)
                && ovsdb_txn_get_changes(x.txn, &changes)) {
                result->txn = x.txn;
                x.txn = NULL;
            }
        }
    } else if (error) {
        COVERAGE_INC(ovsdb_execute_op_error);
        json_array_add(reply, ovsdb_error_to_json(error));
        while (json_array(reply)->n < n_ops) {
            json_array_add(reply, json_null_create());
        }
    }
    ovsdb_error_destroy(error);
    ovsdb_txn_destroy(x.txn);
    ovsdb_symbol_table_destroy(x.symtab);

    if (x.must_retry) {
        COVERAGE_INC(ovsdb_execute_wait_retry);
        json_destroy(reply);
        result->reply = NULL;
        result->durable = false;
    } else {
        result->reply = reply;
    }
    return NULL;
}

void
ovsdb_execute_result_destroy(struct ovsdb_execute_result *result)
{
    json_destroy(result->reply);
    result->reply = NULL;
    ovsdb_txn_destroy(result->txn);
    result->txn = NULL;
    for (size_t i = 0; i < result->n_comments; i++) {
        free(result->comments[i]);
    }
    free(result->comments);
    result->comments = NULL;
    result->n_comments = 0;
}
