/* test-ovsdb.c -- unit tests and black-box drivers for the OVSDB library
 * (ovsdb/libovsdb.a), run by tests/ovsdb-data.at.
 *
 *   ovstest test-ovsdb unit
 *       C-level checks of datums, copy-on-write, abort and the change API.
 *   ovstest test-ovsdb parse-atomic-type|parse-base-type|parse-type JSON
 *   ovstest test-ovsdb parse-atoms TYPE ATOM...
 *   ovstest test-ovsdb parse-data TYPE DATUM...
 *       Parse, then print the serialization (or "TAG: DETAILS") per line.
 *   ovstest test-ovsdb parse-schema FILE
 *       Print the schema as parsed, then reserialized.
 *   ovstest test-ovsdb evaluate-conditions TABLE-SCHEMA CONDS ROWS
 *       Print "condition N: " and T or F per row, for each condition.
 *   ovstest test-ovsdb execute [--now=MS] [--locks=A,B] [--changes]
 *                              SCHEMA-FILE TXN...
 *       Run each transaction against one database; print each result as
 *       compact JSON with members sorted, "rows" sorted by _uuid, and
 *       UUIDs replaced by <0>, <1>... in order of first appearance across
 *       the whole run.  With --changes, also print each committed change.
 *
 * UUID generation is made deterministic (see uuid.h) so that runs repeat.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ovstest.h"
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-condition.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-execute.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "ovsdb-types.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"

/* Helpers. */

static struct json *
parse_json(const char *s)
{
    char *error;
    struct json *json = json_parse_string(s, &error);

    if (!json) {
        ovs_fatal(0, "\"%s\": %s", s, error);
    }
    return json;
}

static void
print_json(struct json *json)
{
    char *s = json_to_string(json, JSSF_SORT);
    puts(s);
    free(s);
    json_destroy(json);
}

/* Prints ERROR as "TAG: DETAILS" and frees it. */
static void
print_error(struct ovsdb_error *error)
{
    char *s = ovsdb_error_to_string(error);
    puts(s);
    free(s);
    ovsdb_error_destroy(error);
}

static void
check_ovsdb_error(struct ovsdb_error *error)
{
    if (error) {
        char *s = ovsdb_error_to_string(error);
        ovs_fatal(0, "%s", s);
    }
}

/* True if S starts with a UUID in its canonical text form. */
static bool
is_uuid_at(const char *s)
{
    for (int i = 0; i < UUID_LEN; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i])
            || !s[i]) {
            return false;
        }
    }
    return true;
}

/* Replaces every UUID in S by "<N>", numbering UUIDs in order of first
 * appearance and remembering them in UUIDS across calls. */
static char *
normalize_uuids(const char *s, struct shash *uuids)
{
    struct ds out = DS_EMPTY_INITIALIZER;

    while (*s) {
        if (is_uuid_at(s)) {
            char buf[UUID_LEN + 1];
            struct shash_node *node;

            memcpy(buf, s, UUID_LEN);
            buf[UUID_LEN] = '\0';
            node = shash_find(uuids, buf);
            if (!node) {
                node = shash_add(uuids, buf,
                                 (void *) (uintptr_t) shash_count(uuids));
            }
            ds_put_format(&out, "<%d>", (int) (uintptr_t) node->data);
            s += UUID_LEN;
        } else {
            ds_put_char(&out, *s++);
        }
    }
    return ds_steal_cstr(&out);
}

/* parse-* commands. */

static void
do_parse_atomic_type(int argc OVS_UNUSED, char *argv[])
{
    struct json *json = parse_json(argv[1]);
    enum ovsdb_atomic_type type;

    if (json->type != JSON_STRING
        || !ovsdb_atomic_type_from_string(json->string, &type)) {
        puts("syntax error: unknown atomic type");
    } else {
        print_json(json_string_create(ovsdb_atomic_type_to_string(type)));
    }
    json_destroy(json);
}

static void
do_parse_base_type(int argc OVS_UNUSED, char *argv[])
{
    struct json *json = parse_json(argv[1]);
    struct ovsdb_base_type base;
    struct ovsdb_error *error = ovsdb_base_type_from_json(&base, json);

    if (error) {
        print_error(error);
    } else {
        print_json(ovsdb_base_type_to_json(&base));
        ovsdb_base_type_destroy(&base);
    }
    json_destroy(json);
}

static void
do_parse_type(int argc OVS_UNUSED, char *argv[])
{
    struct json *json = parse_json(argv[1]);
    struct ovsdb_type type;
    struct ovsdb_error *error = ovsdb_type_from_json(&type, json);

    if (error) {
        print_error(error);
    } else {
        print_json(ovsdb_type_to_json(&type));
        ovsdb_type_destroy(&type);
    }
    json_destroy(json);
}

static void
parse_type_arg(const char *s, struct ovsdb_type *type)
{
    struct json *json = parse_json(s);
    check_ovsdb_error(ovsdb_type_from_json(type, json));
    json_destroy(json);
}

static void
do_parse_atoms(int argc, char *argv[])
{
    struct ovsdb_type type;

    parse_type_arg(argv[1], &type);
    for (int i = 2; i < argc; i++) {
        struct json *json = parse_json(argv[i]);
        union ovsdb_atom atom;
        struct ovsdb_error *error;

        error = ovsdb_atom_from_json(&atom, &type.key, json, NULL);
        if (error) {
            print_error(error);
        } else {
            print_json(ovsdb_atom_to_json(&atom, type.key.type));
            ovsdb_atom_destroy(&atom, type.key.type);
        }
        json_destroy(json);
    }
    ovsdb_type_destroy(&type);
}

static void
do_parse_data(int argc, char *argv[])
{
    struct ovsdb_type type;

    parse_type_arg(argv[1], &type);
    for (int i = 2; i < argc; i++) {
        struct json *json = parse_json(argv[i]);
        struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
        struct ovsdb_datum datum;
        struct ovsdb_error *error;

        error = ovsdb_datum_from_json(&datum, &type, json, symtab);
        if (error) {
            print_error(error);
        } else {
            print_json(ovsdb_datum_to_json(&datum, &type));
            ovsdb_datum_destroy(&datum, &type);
        }
        ovsdb_symbol_table_destroy(symtab);
        json_destroy(json);
    }
    ovsdb_type_destroy(&type);
}

static void
do_parse_schema(int argc OVS_UNUSED, char *argv[])
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_file(argv[1], &schema);

    if (error) {
        print_error(error);
        exit(1);
    }
    print_json(ovsdb_schema_to_json(schema));
    ovsdb_schema_destroy(schema);
}

/* evaluate-conditions. */

static struct ovsdb *
db_from_table_schema(const char *table_json)
{
    char *s = xasprintf("{\"name\": \"test\", \"tables\": {\"t\": %s}}",
                        table_json);
    struct json *json = parse_json(s);
    struct ovsdb_schema *schema;

    check_ovsdb_error(ovsdb_schema_from_json(json, &schema));
    json_destroy(json);
    free(s);
    return ovsdb_create(schema);
}

static void
do_evaluate_conditions(int argc OVS_UNUSED, char *argv[])
{
    struct ovsdb *db = db_from_table_schema(argv[1]);
    struct ovsdb_table *table = ovsdb_get_table(db, "t");
    struct json *conds = parse_json(argv[2]);
    struct json *rows_json = parse_json(argv[3]);
    struct ovsdb_row **rows;
    size_t n_rows;

    if (conds->type != JSON_ARRAY || rows_json->type != JSON_ARRAY) {
        ovs_fatal(0, "CONDS and ROWS must be arrays");
    }
    n_rows = json_array(rows_json)->n;
    rows = xmalloc((n_rows ? n_rows : 1) * sizeof *rows);
    for (size_t i = 0; i < n_rows; i++) {
        rows[i] = ovsdb_row_create(table);
        check_ovsdb_error(ovsdb_row_from_json(
                              rows[i], json_array(rows_json)->elems[i],
                              NULL, NULL));
    }
    for (size_t i = 0; i < json_array(conds)->n; i++) {
        struct ovsdb_condition cond;
        struct ovsdb_error *error;

        error = ovsdb_condition_from_json(table->schema,
                                          json_array(conds)->elems[i],
                                          NULL, &cond);
        printf("condition %zu: ", i);
        if (error) {
            print_error(error);
            continue;
        }
        for (size_t j = 0; j < n_rows; j++) {
            putchar(ovsdb_condition_evaluate(&cond, rows[j]) ? 'T' : '-');
        }
        putchar('\n');
        ovsdb_condition_destroy(&cond);
    }
    for (size_t i = 0; i < n_rows; i++) {
        ovsdb_row_destroy(rows[i]);
    }
    free(rows);
    json_destroy(conds);
    json_destroy(rows_json);
    ovsdb_destroy(db);
}

/* execute. */

static char *lock_list;

static bool
test_is_lock_owner(const char *name, void *aux OVS_UNUSED)
{
    if (!lock_list) {
        return false;
    }
    char *copy = xstrdup(lock_list), *save = NULL;
    bool found = false;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        found |= !strcmp(tok, name);
    }
    free(copy);
    return found;
}

static int
compare_row_json(const void *a_, const void *b_)
{
    const struct json *a = *(struct json *const *) a_;
    const struct json *b = *(struct json *const *) b_;
    const struct json *ua = shash_find_data(json_object(a), "_uuid");
    const struct json *ub = shash_find_data(json_object(b), "_uuid");
    char *sa, *sb;
    int cmp;

    if (ua && ub) {
        struct uuid x, y;
        if (uuid_from_string(&x, json_string(json_array(ua)->elems[1]))
            && uuid_from_string(&y, json_string(json_array(ub)->elems[1]))) {
            return uuid_compare_3way(&x, &y);
        }
    }
    sa = json_to_string(a, JSSF_SORT);
    sb = json_to_string(b, JSSF_SORT);
    cmp = strcmp(sa, sb);
    free(sa);
    free(sb);
    return cmp;
}

/* Sorts the "rows" of select results, so that output does not depend on
 * hash order. */
static void
sort_select_rows(struct json *reply)
{
    for (size_t i = 0; i < json_array(reply)->n; i++) {
        struct json *r = json_array(reply)->elems[i];
        struct json *rows;

        if (r->type == JSON_OBJECT
            && (rows = shash_find_data(json_object(r), "rows"))) {
            struct json_array *a = json_array(rows);
            if (a->n < 2) {
                continue;
            }
            qsort(a->elems, a->n, sizeof *a->elems, compare_row_json);
        }
    }
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_, *const *b = b_;
    return strcmp(*a, *b);
}

static void
print_changes(const struct ovsdb_txn *txn, struct shash *uuids)
{
    const struct ovsdb_txn_change *changes;
    size_t n = ovsdb_txn_get_changes(txn, &changes);
    char **lines = xcalloc(n ? n : 1, sizeof *lines);

    /* The order of changes within a transaction is unspecified (hash
     * order), so print them sorted to keep expected output exact. */
    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_txn_change *c = &changes[i];
        const struct ovsdb_table_schema *ts = c->table->schema;
        const struct ovsdb_row *row = c->new ? c->new : c->old;
        struct ds s = DS_EMPTY_INITIALIZER;
        char buf[UUID_LEN + 1];
        char *norm;

        uuid_to_string(ovsdb_row_get_uuid(row), buf);
        ds_put_format(&s, "  %s %s %s", ts->name,
                      !c->old ? "insert" : !c->new ? "delete" : "modify",
                      buf);
        if (c->old && c->new) {
            ds_put_cstr(&s, ":");
            for (size_t j = OVSDB_N_STD_COLUMNS; j < ts->n_columns; j++) {
                if (ovsdb_txn_change_column_changed(c, j)) {
                    ds_put_format(&s, " %s", ts->columns_by_index[j]->name);
                }
            }
        }
        norm = normalize_uuids(ds_cstr(&s), uuids);
        lines[i] = norm;
        ds_destroy(&s);
    }
    qsort(lines, n, sizeof *lines, compare_strings);
    for (size_t i = 0; i < n; i++) {
        puts(lines[i]);
        free(lines[i]);
    }
    free(lines);
}

static void
do_execute(int argc, char *argv[])
{
    struct ovsdb_execute_options options = { test_is_lock_owner, NULL, 0,
                                             0 };
    struct shash uuids = SHASH_INITIALIZER(&uuids);
    struct ovsdb_schema *schema;
    bool show_changes = false;
    struct ovsdb *db;
    int i;

    for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
        if (!strncmp(argv[i], "--now=", 6)) {
            options.now = atoll(argv[i] + 6);
        } else if (!strncmp(argv[i], "--locks=", 8)) {
            lock_list = argv[i] + 8;
        } else if (!strcmp(argv[i], "--changes")) {
            show_changes = true;
        } else {
            ovs_fatal(0, "unknown option %s", argv[i]);
        }
    }
    if (i >= argc) {
        ovs_fatal(0, "usage: execute [OPTIONS] SCHEMA-FILE TXN...");
    }
    check_ovsdb_error(ovsdb_schema_from_file(argv[i++], &schema));
    db = ovsdb_create(schema);

    for (; i < argc; i++) {
        struct json *params = parse_json(argv[i]);
        struct ovsdb_execute_result result;
        struct ovsdb_error *error;
        char *s, *norm;

        error = ovsdb_execute(db, params, &options, &result);
        if (error) {
            print_error(error);
            json_destroy(params);
            continue;
        }
        if (!result.reply) {
            printf("retry at %lld\n", result.retry_at);
        } else {
            /* Selected rows come as serialized text: parse the reply
             * back into a tree to sort them. */
            s = json_to_string(result.reply, 0);
            struct json *reply = parse_json(s);
            free(s);
            sort_select_rows(reply);
            s = json_to_string(reply, JSSF_SORT);
            json_destroy(reply);
            norm = normalize_uuids(s, &uuids);
            puts(norm);
            free(norm);
            free(s);
        }
        if (result.durable) {
            puts("durable");
        }
        for (size_t j = 0; j < result.n_comments; j++) {
            printf("comment: %s\n", result.comments[j]);
        }
        if (show_changes && result.txn) {
            print_changes(result.txn, &uuids);
        }
        ovsdb_execute_result_destroy(&result);
        json_destroy(params);
    }
    shash_destroy(&uuids);
    ovsdb_destroy(db);
}

/* Unit tests. */

static const char unit_schema[] =
    "{\"name\": \"unit\", \"tables\": {"
    "  \"parent\": {\"isRoot\": true, \"columns\": {"
    "     \"name\": {\"type\": \"string\"},"
    "     \"kids\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                   \"refTable\": \"kid\"},"
    "                         \"min\": 0, \"max\": \"unlimited\"}}},"
    "   \"indexes\": [[\"name\"]]},"
    "  \"kid\": {\"columns\": {\"n\": {\"type\": \"integer\"}}}}}";

static void
test_datum_ops(void)
{
    struct ovsdb_type set_type, map_type;
    struct ovsdb_datum a, b;
    struct json *j;

    parse_type_arg("{\"key\": \"integer\", \"min\": 0, "
                   "\"max\": \"unlimited\"}", &set_type);
    parse_type_arg("{\"key\": \"string\", \"value\": \"integer\", "
                   "\"min\": 0, \"max\": \"unlimited\"}", &map_type);

    j = parse_json("[\"set\", [5, 1, 3]]");
    check_ovsdb_error(ovsdb_datum_from_json(&a, &set_type, j, NULL));
    json_destroy(j);
    OVSTEST_CHECK_INT(a.n, 3);
    OVSTEST_CHECK_INT(a.keys[0].integer, 1);
    OVSTEST_CHECK_INT(a.keys[2].integer, 5);

    j = parse_json("[\"set\", [3, 4]]");
    check_ovsdb_error(ovsdb_datum_from_json(&b, &set_type, j, NULL));
    json_destroy(j);
    OVSTEST_CHECK(!ovsdb_datum_includes_all(&b, &a, &set_type));
    OVSTEST_CHECK(!ovsdb_datum_excludes_all(&b, &a, &set_type));
    ovsdb_datum_union(&a, &b, &set_type);
    OVSTEST_CHECK_INT(a.n, 4);
    OVSTEST_CHECK(ovsdb_datum_includes_all(&b, &a, &set_type));
    ovsdb_datum_subtract(&a, &set_type, &b, &set_type);
    OVSTEST_CHECK_INT(a.n, 2);
    OVSTEST_CHECK(ovsdb_datum_excludes_all(&b, &a, &set_type));
    union ovsdb_atom five = { .integer = 5 };
    OVSTEST_CHECK_INT(ovsdb_datum_find_key(&a, &five, OVSDB_TYPE_INTEGER),
                      1);
    ovsdb_datum_destroy(&a, &set_type);
    ovsdb_datum_destroy(&b, &set_type);

    /* Maps: union keeps existing values, subtract by pairs or keys. */
    j = parse_json("[\"map\", [[\"a\", 1], [\"b\", 2]]]");
    check_ovsdb_error(ovsdb_datum_from_json(&a, &map_type, j, NULL));
    json_destroy(j);
    j = parse_json("[\"map\", [[\"b\", 9], [\"c\", 3]]]");
    check_ovsdb_error(ovsdb_datum_from_json(&b, &map_type, j, NULL));
    json_destroy(j);
    ovsdb_datum_union(&a, &b, &map_type);
    OVSTEST_CHECK_INT(a.n, 3);
    OVSTEST_CHECK_INT(a.values[1].integer, 2);
    ovsdb_datum_subtract(&a, &map_type, &b, &map_type);
    OVSTEST_CHECK_INT(a.n, 2);          /* Only ["c", 3] matched. */

    /* Clones share strings; destroying one leaves the other intact. */
    struct ovsdb_datum c;
    ovsdb_datum_clone(&c, &a, &map_type);
    OVSTEST_CHECK(c.keys[0].string == a.keys[0].string);
    ovsdb_datum_destroy(&a, &map_type);
    OVSTEST_CHECK_STR(c.keys[0].string, "a");
    OVSTEST_CHECK_INT(ovsdb_atom_string_length(&c.keys[1]), 1);
    ovsdb_datum_destroy(&c, &map_type);
    ovsdb_datum_destroy(&b, &map_type);

    ovsdb_type_destroy(&set_type);
    ovsdb_type_destroy(&map_type);
}

static struct ovsdb *
unit_db(void)
{
    struct json *json = parse_json(unit_schema);
    struct ovsdb_schema *schema;

    check_ovsdb_error(ovsdb_schema_from_json(json, &schema));
    json_destroy(json);
    return ovsdb_create(schema);
}

static void
test_txn_cow_and_abort(void)
{
    struct ovsdb *db = unit_db();
    struct ovsdb_table *parent = ovsdb_get_table(db, "parent");
    const struct ovsdb_column *name = ovsdb_table_schema_get_column(
        parent->schema, "name");
    struct ovsdb_txn *txn;
    struct ovsdb_row *row;
    const struct ovsdb_row *committed;
    struct uuid uuid;
    const struct ovsdb_txn_change *changes;

    /* Insert and commit one row. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_row_create(parent);
    uuid_generate(&uuid);
    ovsdb_row_set_uuid(row, &uuid);
    ovsdb_atom_destroy(&row->fields[name->index].keys[0],
                       OVSDB_TYPE_STRING);
    ovsdb_atom_init_string(&row->fields[name->index].keys[0], "p", 1);
    ovsdb_txn_insert(txn, row);
    OVSTEST_CHECK(ovsdb_txn_get_row(txn, parent, &uuid) == row);
    OVSTEST_CHECK(!ovsdb_table_get_row(parent, &uuid));
    check_ovsdb_error(ovsdb_txn_commit(txn));
    OVSTEST_CHECK_INT(ovsdb_txn_get_changes(txn, &changes), 1);
    OVSTEST_CHECK(!changes[0].old && changes[0].new == row);
    OVSTEST_CHECK(!uuid_is_zero(ovsdb_row_get_version(row)));
    ovsdb_txn_destroy(txn);
    committed = ovsdb_table_get_row(parent, &uuid);
    OVSTEST_CHECK(committed == row);

    /* Modify in a transaction: the committed row is untouched; abort
     * drops the copy. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_modify(txn, committed);
    OVSTEST_CHECK(row != committed);
    OVSTEST_CHECK(ovsdb_txn_modify(txn, row) == row);
    ovsdb_atom_destroy(&row->fields[name->index].keys[0],
                       OVSDB_TYPE_STRING);
    ovsdb_atom_init_string(&row->fields[name->index].keys[0], "q", 1);
    OVSTEST_CHECK(ovsdb_txn_get_row(txn, parent, &uuid) == row);
    OVSTEST_CHECK_STR(committed->fields[name->index].keys[0].string, "p");
    ovsdb_txn_destroy(txn);
    OVSTEST_CHECK(ovsdb_table_get_row(parent, &uuid) == committed);
    OVSTEST_CHECK(!committed->txn_row);

    /* A modification that changes nothing is not a change. */
    struct uuid version = *ovsdb_row_get_version(committed);
    txn = ovsdb_txn_create(db);
    ovsdb_txn_modify(txn, committed);
    check_ovsdb_error(ovsdb_txn_commit(txn));
    OVSTEST_CHECK_INT(ovsdb_txn_get_changes(txn, &changes), 0);
    ovsdb_txn_destroy(txn);
    OVSTEST_CHECK(ovsdb_table_get_row(parent, &uuid) == committed);
    OVSTEST_CHECK(uuid_equals(&version, ovsdb_row_get_version(committed)));

    /* A real modification: old row kept until the txn is destroyed, only
     * the changed columns flagged. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_modify(txn, committed);
    ovsdb_atom_destroy(&row->fields[name->index].keys[0],
                       OVSDB_TYPE_STRING);
    ovsdb_atom_init_string(&row->fields[name->index].keys[0], "r", 1);
    check_ovsdb_error(ovsdb_txn_commit(txn));
    OVSTEST_CHECK_INT(ovsdb_txn_get_changes(txn, &changes), 1);
    OVSTEST_CHECK(changes[0].old == committed && changes[0].new == row);
    OVSTEST_CHECK(ovsdb_txn_change_column_changed(&changes[0],
                                                  name->index));
    OVSTEST_CHECK(ovsdb_txn_change_column_changed(&changes[0],
                                                  OVSDB_COL_VERSION));
    OVSTEST_CHECK(!ovsdb_txn_change_column_changed(
                      &changes[0], ovsdb_table_schema_get_column(
                          parent->schema, "kids")->index));
    OVSTEST_CHECK_STR(changes[0].old->fields[name->index].keys[0].string,
                      "p");
    ovsdb_txn_destroy(txn);
    OVSTEST_CHECK(ovsdb_table_get_row(parent, &uuid) == row);
    OVSTEST_CHECK(!uuid_equals(&version, ovsdb_row_get_version(row)));

    /* Delete and abort: row still there. */
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, row);
    OVSTEST_CHECK(!ovsdb_txn_get_row(txn, parent, &uuid));
    OVSTEST_CHECK(ovsdb_txn_uuid_is_used(txn, parent, &uuid));
    ovsdb_txn_destroy(txn);
    OVSTEST_CHECK(ovsdb_table_get_row(parent, &uuid) == row);
    OVSTEST_CHECK_INT(ovsdb_n_rows(db), 1);

    ovsdb_destroy(db);
}

static void
test_txn_gc(void)
{
    struct ovsdb *db = unit_db();
    struct ovsdb_table *parent = ovsdb_get_table(db, "parent");
    struct ovsdb_table *kid = ovsdb_get_table(db, "kid");
    const struct ovsdb_column *kids = ovsdb_table_schema_get_column(
        parent->schema, "kids");
    struct ovsdb_txn *txn;
    struct ovsdb_row *p, *k1, *k2;
    struct uuid up, u1, u2;

    txn = ovsdb_txn_create(db);
    p = ovsdb_row_create(parent);
    k1 = ovsdb_row_create(kid);
    k2 = ovsdb_row_create(kid);
    uuid_generate(&up);
    uuid_generate(&u1);
    uuid_generate(&u2);
    ovsdb_row_set_uuid(p, &up);
    ovsdb_row_set_uuid(k1, &u1);
    ovsdb_row_set_uuid(k2, &u2);
    union ovsdb_atom a = { .uuid = u1 };
    ovsdb_datum_add_unsafe(&p->fields[kids->index], &a, NULL);
    ovsdb_txn_insert(txn, p);
    ovsdb_txn_insert(txn, k1);
    ovsdb_txn_insert(txn, k2);         /* Unreferenced: collected. */
    check_ovsdb_error(ovsdb_txn_commit(txn));
    ovsdb_txn_destroy(txn);
    OVSTEST_CHECK_INT(ovsdb_table_n_rows(kid), 1);
    OVSTEST_CHECK(ovsdb_table_get_row(kid, &u1)->n_refs == 1);

    /* Dropping the reference collects the kid. */
    txn = ovsdb_txn_create(db);
    p = ovsdb_txn_modify(txn, ovsdb_table_get_row(parent, &up));
    ovsdb_datum_destroy(&p->fields[kids->index], &kids->type);
    check_ovsdb_error(ovsdb_txn_commit(txn));
    ovsdb_txn_destroy(txn);
    OVSTEST_CHECK_INT(ovsdb_table_n_rows(kid), 0);
    ovsdb_destroy(db);
}

static void
do_unit(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_datum_ops();
    test_txn_cow_and_abort();
    test_txn_gc();
    puts("ovsdb unit tests passed");
}

struct command {
    const char *name;
    int min_args;
    void (*func)(int argc, char *argv[]);
};

static const struct command commands[] = {
    { "unit", 0, do_unit },
    { "parse-atomic-type", 1, do_parse_atomic_type },
    { "parse-base-type", 1, do_parse_base_type },
    { "parse-type", 1, do_parse_type },
    { "parse-atoms", 1, do_parse_atoms },
    { "parse-data", 1, do_parse_data },
    { "parse-schema", 1, do_parse_schema },
    { "evaluate-conditions", 3, do_evaluate_conditions },
    { "execute", 1, do_execute },
};

static void
test_ovsdb_main(int argc, char *argv[])
{
    setenv("OVS_UUID_DETERMINISTIC", "1", 1);
    uuid_is_deterministic();
    if (argc < 2) {
        ovs_fatal(0, "usage: test-ovsdb COMMAND [ARG...]");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(commands[i].name, argv[1])) {
            if (argc - 2 < commands[i].min_args) {
                ovs_fatal(0, "%s needs at least %d argument(s)",
                          argv[1], commands[i].min_args);
            }
            commands[i].func(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "unknown command \"%s\"", argv[1]);
}

OVSTEST_REGISTER("test-ovsdb", test_ovsdb_main);
