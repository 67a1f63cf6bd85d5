/* fuzz-transact.c -- fuzz target for the RFC 7047 "transact" engine
 * (ovsdb/ovsdb-execute.c and the transaction, condition, mutation and
 * data code under it), and for the monitors that report its changes.
 *
 * The input is JSON: either the "params" of one "transact" request
 * (["fuzz", op...]) or an array of such params, run in order (at most
 * MAX_TXNS).  Each input starts from a fresh database of a small built-in
 * schema that has every atomic type, optional values, sets, maps,
 * constraints (ranges, lengths, enums), strong and weak references (also
 * as map keys and values and in cycles), a non-root table for garbage
 * collection, unique indexes, maxRows, an immutable and an ephemeral
 * column.  A fixed first transaction puts a few rows in, so that inputs
 * can refer to them by their fixed UUIDs.
 *
 * It checks, aborting on any failure:
 *
 *   - a reply is an array with one element per operation, or one more for
 *     a commit error, and never more;
 *   - after every transaction the database is consistent: every strong
 *     and weak reference names an existing row of the referenced table,
 *     every value satisfies its column's constraints, no two rows share a
 *     unique index's values, maxRows holds, and each change reported
 *     matches the committed rows;
 *   - a V1 monitor's updates, applied to its initial contents, always give
 *     its current initial contents, and so does the one update merged from
 *     the transaction history (ovsdb_monitor_get_update_since()).
 *
 * Logging is turned off: errors are expected here. */

#include <config.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-execute.h"
#include "ovsdb-monitor.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

#define MAX_TXNS 16
#define MAX_INPUT_SIZE 65536

static const char schema_text[] =
    "{\"name\": \"fuzz\", \"version\": \"1.2.3\", \"tables\": {"
    " \"A\": {\"columns\": {"
    "   \"i\": {\"type\": {\"key\": {\"type\": \"integer\","
    "                               \"minInteger\": -10,"
    "                               \"maxInteger\": 1000}}},"
    "   \"r\": {\"type\": \"real\"},"
    "   \"b\": {\"type\": \"boolean\"},"
    "   \"s\": {\"type\": {\"key\": {\"type\": \"string\","
    "                               \"maxLength\": 10}}},"
    "   \"e\": {\"type\": {\"key\": {\"type\": \"string\","
    "                               \"enum\": [\"set\", [\"x\", \"y\"]]},"
    "                     \"min\": 0, \"max\": 1}},"
    "   \"u\": {\"type\": \"uuid\"},"
    "   \"oi\": {\"type\": {\"key\": \"integer\", \"min\": 0, \"max\": 1}},"
    "   \"si\": {\"type\": {\"key\": \"integer\", \"min\": 0, \"max\": 5}},"
    "   \"ms\": {\"type\": {\"key\": \"string\", \"value\": \"integer\","
    "                      \"min\": 0, \"max\": \"unlimited\"}},"
    "   \"sb\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                               \"refTable\": \"B\"},"
    "                      \"min\": 0, \"max\": \"unlimited\"}},"
    "   \"wa\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": \"A\","
    "                               \"refType\": \"weak\"},"
    "                      \"min\": 0, \"max\": \"unlimited\"}},"
    "   \"wb1\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                \"refTable\": \"B\","
    "                                \"refType\": \"weak\"},"
    "                       \"min\": 1, \"max\": 2}},"
    "   \"imm\": {\"type\": \"string\", \"mutable\": false},"
    "   \"eph\": {\"type\": \"integer\", \"ephemeral\": true}},"
    "  \"isRoot\": true, \"maxRows\": 12,"
    "  \"indexes\": [[\"s\"], [\"i\", \"b\"]]},"
    " \"B\": {\"columns\": {"
    "   \"name\": {\"type\": \"string\"},"
    "   \"n\": {\"type\": {\"key\": \"integer\", \"min\": 0,"
    "                     \"max\": \"unlimited\"}},"
    "   \"ba\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                               \"refTable\": \"A\"},"
    "                      \"min\": 0, \"max\": 1}},"
    "   \"m\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": \"B\","
    "                              \"refType\": \"weak\"},"
    "                     \"value\": {\"type\": \"uuid\","
    "                               \"refTable\": \"C\"},"
    "                     \"min\": 0, \"max\": \"unlimited\"}}},"
    "  \"indexes\": [[\"name\"]]},"
    " \"C\": {\"columns\": {\"k\": {\"type\": \"integer\"},"
    "                      \"v\": {\"type\": {\"key\": \"real\","
    "                                         \"value\": \"boolean\","
    "                                         \"min\": 0, \"max\": 3}}},"
    "  \"isRoot\": true}}}";

/* Rows every input starts with: A 000...a1 and a2, B 000...b1 (held by
 * a1), C 000...c1. */
static const char setup_text[] =
    "[\"fuzz\","
    " {\"op\": \"insert\", \"table\": \"C\","
    "  \"uuid\": \"00000000-0000-0000-0000-0000000000c1\","
    "  \"row\": {\"k\": 1}},"
    " {\"op\": \"insert\", \"table\": \"B\", \"uuid-name\": \"b1\","
    "  \"uuid\": \"00000000-0000-0000-0000-0000000000b1\","
    "  \"row\": {\"name\": \"b1\", \"n\": [\"set\", [1, 2]],"
    "           \"m\": [\"map\", [[[\"named-uuid\", \"b1\"],"
    "           [\"uuid\", \"00000000-0000-0000-0000-0000000000c1\"]]]]}},"
    " {\"op\": \"insert\", \"table\": \"A\", \"uuid-name\": \"a1\","
    "  \"uuid\": \"00000000-0000-0000-0000-0000000000a1\","
    "  \"row\": {\"i\": 1, \"s\": \"one\", \"sb\": [\"named-uuid\", \"b1\"],"
    "           \"wb1\": [\"named-uuid\", \"b1\"], \"imm\": \"fixed\","
    "           \"ms\": [\"map\", [[\"k\", 1]]]}},"
    " {\"op\": \"insert\", \"table\": \"A\","
    "  \"uuid\": \"00000000-0000-0000-0000-0000000000a2\","
    "  \"row\": {\"i\": 2, \"s\": \"two\", \"wa\": [\"named-uuid\", \"a1\"],"
    "           \"wb1\": [\"named-uuid\", \"b1\"], \"e\": \"x\"}}]";

static struct ovsdb_schema *schema;

/* FUZZ_TRANSACT_VERBOSE in the environment prints every reply to stderr,
 * to see what a seed does. */
static bool verbose;

static bool
is_lock_owner(const char *lock_name, void *aux OVS_UNUSED)
{
    return !strncmp(lock_name, "mine", 4);
}

static struct json *
parse(const char *text)
{
    char *error;
    struct json *json = json_parse_string(text, &error);
    if (!json) {
        fprintf(stderr, "%s\n", error);
        abort();
    }
    return json;
}

/* Every reference in ROW's column COLUMN (key and value) must name a row
 * of the referenced table. */
static void
check_refs(const struct ovsdb *db, const struct ovsdb_row *row,
           const struct ovsdb_column *column)
{
    const struct ovsdb_datum *datum = &row->fields[column->index];
    const struct ovsdb_base_type *bases[2] = { &column->type.key,
                                               &column->type.value };

    for (int k = 0; k < 2; k++) {
        const struct ovsdb_base_type *base = bases[k];
        if (!ovsdb_base_type_is_ref(base)) {
            continue;
        }
        const struct ovsdb_table *ref_table
            = ovsdb_get_table(db, base->uuid.ref_table_name);
        FUZZ_CHECK(ref_table);
        for (unsigned int i = 0; i < datum->n; i++) {
            const union ovsdb_atom *atom = k ? &datum->values[i]
                                             : &datum->keys[i];
            FUZZ_CHECK(ovsdb_table_get_row(ref_table, &atom->uuid));
        }
    }
}

/* The rows serialized as text (what a select sends) must read as the
 * same JSON as the rows built as trees. */
static void
check_rows_text(const struct ovsdb_table *table)
{
    size_t n = ovsdb_table_n_rows(table), i = 0;
    const struct ovsdb_row **rows = xmalloc((n ? n : 1) * sizeof *rows);
    struct json *trees = json_array_create_empty();
    const struct ovsdb_row *row;

    HMAP_FOR_EACH (row, hmap_node, &table->rows) {
        rows[i++] = row;
        json_array_add(trees, ovsdb_row_to_json(row, NULL));
    }
    struct json *text = ovsdb_rows_to_json(rows, n, NULL);
    char *a = json_to_string(text, JSSF_SORT);
    char *b = json_to_string(trees, JSSF_SORT);
    char *error = NULL;
    struct json *parsed = json_parse_string(a, &error);
    if (strcmp(a, b)) {
        fprintf(stderr, "text:  %s\ntrees: %s\n", a, b);
    }
    FUZZ_CHECK(!strcmp(a, b));
    /* (A real with an integer value reads back as an integer, so the
     * parsed text is checked by its serialization, above, and for being
     * valid JSON here.) */
    FUZZ_CHECK(parsed);
    json_destroy(parsed);
    free(error);
    free(a);
    free(b);
    json_destroy(text);
    json_destroy(trees);
    free(rows);
}

/* The whole database must be consistent. */
static void
check_db(const struct ovsdb *db)
{
    for (size_t t = 0; t < db->schema->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        const struct ovsdb_table_schema *ts = table->schema;
        const struct ovsdb_row *row;

        FUZZ_CHECK(ovsdb_table_n_rows(table) <= ts->max_rows);
        check_rows_text(table);
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            FUZZ_CHECK(row->table == table);
            FUZZ_CHECK(!row->txn_row);
            FUZZ_CHECK(ovsdb_table_get_row(table, ovsdb_row_get_uuid(row))
                       == row);
            for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
                const struct ovsdb_column *column = ts->columns_by_index[c];
                struct ovsdb_error *error = ovsdb_datum_check_constraints(
                    &row->fields[c], &column->type);
                if (error) {
                    char *s = ovsdb_error_to_string(error);
                    fprintf(stderr, "table %s column %s: %s\n", ts->name,
                            column->name, s);
                    free(s);
                    ovsdb_error_destroy(error);
                    FUZZ_CHECK(!"constraint violated in committed row");
                }
                check_refs(db, row, column);
            }

            /* Unique indexes: no other row has the same values. */
            for (size_t x = 0; x < ts->n_indexes; x++) {
                const struct ovsdb_row *other;
                HMAP_FOR_EACH (other, hmap_node, &table->rows) {
                    if (other != row) {
                        FUZZ_CHECK(!ovsdb_row_equal_columns(
                                       row, other, &ts->indexes[x]));
                    }
                }
            }
        }
    }
}

/* The changes of committed TXN must match the database. */
static void
check_changes(const struct ovsdb *db, const struct ovsdb_txn *txn)
{
    const struct ovsdb_txn_change *changes;
    size_t n = ovsdb_txn_get_changes(txn, &changes);

    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_txn_change *c = &changes[i];
        FUZZ_CHECK(c->old || c->new);
        FUZZ_CHECK(c->table == db->tables[c->table->schema->index]);
        if (c->old && c->new) {
            FUZZ_CHECK(uuid_equals(ovsdb_row_get_uuid(c->old),
                                   ovsdb_row_get_uuid(c->new)));
        }
        if (c->new) {
            FUZZ_CHECK(ovsdb_table_get_row(c->table,
                                           ovsdb_row_get_uuid(c->new))
                       == c->new);
        } else {
            FUZZ_CHECK(!ovsdb_table_get_row(c->table,
                                            ovsdb_row_get_uuid(c->old)));
        }
    }
}

/* Applies V1 <table-updates> UPDATE to SNAPSHOT, a V1 initial-contents
 * object {table: {uuid: {"new": row}}}. */
static void
apply_v1_update(struct json *snapshot, const struct json *update)
{
    struct shash_node *t;

    SHASH_FOR_EACH (t, json_object(update)) {
        struct json *table = shash_find_data(json_object(snapshot), t->name);
        if (!table) {
            table = json_object_create();
            json_object_put(snapshot, t->name, table);
        }

        struct shash_node *r;
        SHASH_FOR_EACH (r, json_object(t->data)) {
            const struct json *new = shash_find_data(json_object(r->data),
                                                     "new");
            struct shash *rows = json_object(table);
            if (new) {
                struct json *row = json_object_create();
                json_object_put(row, "new", json_clone(new));
                json_object_put(table, r->name, row);
            } else {
                FUZZ_CHECK(shash_find_data(json_object(r->data), "old"));
                struct json *old = shash_find_and_delete(rows, r->name);
                FUZZ_CHECK(old);
                json_destroy(old);
            }
        }
        if (shash_is_empty(json_object(table))) {
            json_destroy(shash_find_and_delete(json_object(snapshot),
                                               t->name));
        }
    }
}

static void
check_snapshot(const struct json *snapshot, const struct ovsdb_monitor *mon)
{
    struct json *now = ovsdb_monitor_get_initial(mon);
    if (!json_equal(snapshot, now)) {
        char *a = json_to_string(snapshot, JSSF_SORT);
        char *b = json_to_string(now, JSSF_SORT);
        fprintf(stderr, "monitor replay:\n%s\nmonitor now:\n%s\n", a, b);
        FUZZ_CHECK(!"monitor updates do not add up to the contents");
    }
    json_destroy(now);
}

/* Runs PARAMS (one "transact") on DB, feeding MON and HISTORY. */
static void
run_txn(struct ovsdb *db, const struct json *params,
        struct ovsdb_monitor *mon, struct ovsdb_history *history,
        struct json *snapshot, unsigned int *n_ids)
{
    struct ovsdb_execute_options options = {
        .is_lock_owner = is_lock_owner,
        .now = 1000,
        .started = 500,
    };
    struct ovsdb_execute_result result;
    struct ovsdb_error *error = ovsdb_execute(db, params, &options, &result);
    if (error) {
        FUZZ_CHECK(ovsdb_error_get_tag(error));
        if (verbose) {
            char *s = ovsdb_error_to_string(error);
            fprintf(stderr, "error: %s\n", s);
            free(s);
        }
        ovsdb_error_destroy(error);
        return;
    }
    FUZZ_CHECK(!db->open_txn);

    if (result.reply) {
        size_t n_ops = json_array(params)->n - 1;
        FUZZ_CHECK(result.reply->type == JSON_ARRAY);
        size_t n = json_array(result.reply)->n;
        FUZZ_CHECK(n == n_ops || n == n_ops + 1);
        char *s = json_to_string(result.reply, 0);
        if (verbose) {
            fprintf(stderr, "%s\n", s);
        }
        free(s);
    } else {
        FUZZ_CHECK(!result.txn);
        FUZZ_CHECK(result.retry_at > options.now);
    }

    if (result.txn) {
        check_changes(db, result.txn);

        struct json *update = ovsdb_monitor_get_update(mon, result.txn);
        if (update) {
            apply_v1_update(snapshot, update);
            json_destroy(update);
        }

        struct uuid id = { { ++*n_ids, 0, 0, 0x1234 } };
        ovsdb_history_add(history, &id, result.txn);
    }
    check_db(db);
    check_snapshot(snapshot, mon);
    ovsdb_execute_result_destroy(&result);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!schema) {
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
        verbose = getenv("FUZZ_TRANSACT_VERBOSE") != NULL;
        struct json *json = parse(schema_text);
        struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
        json_destroy(json);
        if (error) {
            char *s = ovsdb_error_to_string(error);
            fprintf(stderr, "built-in schema: %s\n", s);
            abort();
        }
    }
    if (size > MAX_INPUT_SIZE) {
        return 0;
    }

    struct json *input = json_parse_buffer((const char *) data, size, NULL);
    if (!input) {
        return 0;
    }

    struct ovsdb *db = ovsdb_create(ovsdb_schema_clone(schema));
    struct json *requests = parse("{\"A\": {}, \"B\": {}, \"C\": {}}");
    struct ovsdb_monitor *mon;
    struct ovsdb_error *error = ovsdb_monitor_create(db, OVSDB_MONITOR_V1,
                                                     requests, &mon);
    json_destroy(requests);
    FUZZ_CHECK(!error);
    struct ovsdb_history *history = ovsdb_history_create(MAX_TXNS + 1);
    struct json *snapshot = ovsdb_monitor_get_initial(mon);
    unsigned int n_ids = 0;

    /* The fixed rows must go in; their transaction (id 1) anchors the
     * history check below. */
    struct json *setup = parse(setup_text);
    run_txn(db, setup, mon, history, snapshot, &n_ids);
    json_destroy(setup);
    FUZZ_CHECK(n_ids == 1);
    const struct uuid anchor = { { 1, 0, 0, 0x1234 } };
    struct json *anchor_snapshot = json_deep_clone(snapshot);

    if (input->type == JSON_ARRAY && json_array(input)->n
        && json_array(input)->elems[0]->type == JSON_ARRAY) {
        const struct json_array *txns = json_array(input);
        for (size_t i = 0; i < txns->n && i < MAX_TXNS; i++) {
            run_txn(db, txns->elems[i], mon, history, snapshot, &n_ids);
        }
    } else {
        run_txn(db, input, mon, history, snapshot, &n_ids);
    }

    /* Everything since the anchor, merged, must also add up. */
    struct json *merged;
    if (ovsdb_monitor_get_update_since(mon, history, &anchor, &merged)) {
        if (merged) {
            apply_v1_update(anchor_snapshot, merged);
            json_destroy(merged);
        }
        check_snapshot(anchor_snapshot, mon);
    } else {
        /* Only if the history dropped transactions to bound its size. */
        FUZZ_CHECK(ovsdb_history_count(history, NULL) < n_ids);
    }

    json_destroy(anchor_snapshot);
    json_destroy(snapshot);
    ovsdb_history_destroy(history);
    ovsdb_monitor_destroy(mon);
    ovsdb_destroy(db);
    json_destroy(input);
    return 0;
}
