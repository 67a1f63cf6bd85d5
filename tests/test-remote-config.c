/* test-remote-config.c -- drivers and unit checks for ovsdb/remote-config.c,
 * run by tests/ovsdb-interop.at.
 *
 *   ovstest test-remote-config query SCHEMA-FILE ARG...
 *       Each ARG that starts with "[" is a transaction (the "transact"
 *       params array) run on the database; any other ARG is a spec
 *       "DB,TABLE,COLUMN" queried with ovsdb_remote_config_query() into
 *       one set of remotes.  Errors print as "error: MESSAGE" when they
 *       happen; at the end the remotes print one per line, sorted.
 *   ovstest test-remote-config query-string SCHEMA-FILE ARG...
 *       Same, with ovsdb_remote_config_query_string(): each spec prints
 *       "SPEC: VALUE", "SPEC: (none)" or "error: MESSAGE".
 *   ovstest test-remote-config status SCHEMA-FILE ARG...
 *       Transactions and specs as above (the last spec given is the
 *       current one); an ARG that starts with "{" is a set of statuses,
 *       {TARGET: {"is_connected": BOOL, "state": S, ...}, ...}, written
 *       with ovsdb_remote_config_update_status() for the current spec.
 *       Prints "committed N" (rows changed), "unchanged" or "error: ...",
 *       then the referenced table's rows as "TARGET is_connected=...
 *       status=...", sorted by target.
 *   ovstest test-remote-config unit
 *       C-level checks that the drivers cannot express.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "ovstest.h"
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-execute.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "remote-config.h"
#include "shash.h"
#include "util.h"

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

static struct ovsdb *
open_db(const char *schema_file)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_file(schema_file, &schema);

    if (error) {
        ovs_fatal(0, "%s: %s", schema_file, ovsdb_error_to_string(error));
    }
    return ovsdb_create(schema);
}

/* Runs PARAMS_S on DB; any failed operation ends the test. */
static void
run_txn(struct ovsdb *db, const char *params_s)
{
    struct ovsdb_execute_options options = { NULL, NULL, 0, 0 };
    struct ovsdb_execute_result result;
    struct json *params = parse_json(params_s);
    struct ovsdb_error *error = ovsdb_execute(db, params, &options, &result);

    if (error) {
        ovs_fatal(0, "transaction failed: %s", ovsdb_error_to_string(error));
    }
    ovs_assert(result.reply);
    struct json_array *reply = json_array(result.reply);
    for (size_t i = 0; i < reply->n; i++) {
        const struct json *elem = reply->elems[i];
        if (!elem || elem->type != JSON_OBJECT
            || shash_find(json_object(elem), "error")) {
            ovs_fatal(0, "transaction failed: %s",
                      json_to_string(result.reply, JSSF_SORT));
        }
    }
    ovsdb_execute_result_destroy(&result);
    json_destroy(params);
}

static void
print_remotes(const struct shash *remotes)
{
    const struct shash_node **nodes = shash_sort(remotes);

    for (size_t i = 0; i < shash_count(remotes); i++) {
        const struct ovsdb_remote_config *rc = nodes[i]->data;

        OVSTEST_CHECK_STR(nodes[i]->name, rc->target);
        printf("%s max_backoff=%d probe=%d dscp=%d read_only=%s role=%s\n",
               rc->target, rc->max_backoff, rc->probe_interval, rc->dscp,
               rc->read_only ? "true" : "false",
               rc->role ? rc->role : "(none)");
    }
    free(nodes);
}

static void
do_query(int argc, char *argv[])
{
    struct shash remotes = SHASH_INITIALIZER(&remotes);
    struct shash dbs = SHASH_INITIALIZER(&dbs);
    struct ovsdb *db = open_db(argv[1]);

    shash_add(&dbs, ovsdb_get_name(db), db);
    for (int i = 2; i < argc; i++) {
        if (argv[i][0] == '[') {
            run_txn(db, argv[i]);
        } else {
            char *error = ovsdb_remote_config_query(&dbs, argv[i], &remotes);
            if (error) {
                printf("error: %s\n", error);
                free(error);
            }
        }
    }
    print_remotes(&remotes);
    ovsdb_remote_config_clear(&remotes);
    OVSTEST_CHECK(shash_is_empty(&remotes));
    shash_destroy(&remotes);
    shash_destroy(&dbs);
    ovsdb_destroy(db);
}

static void
do_query_string(int argc, char *argv[])
{
    struct shash dbs = SHASH_INITIALIZER(&dbs);
    struct ovsdb *db = open_db(argv[1]);

    shash_add(&dbs, ovsdb_get_name(db), db);
    for (int i = 2; i < argc; i++) {
        if (argv[i][0] == '[') {
            run_txn(db, argv[i]);
        } else {
            char *value = (char *) "garbage";
            char *error = ovsdb_remote_config_query_string(&dbs, argv[i],
                                                           &value);
            if (error) {
                OVSTEST_CHECK(!value);
                printf("error: %s\n", error);
                free(error);
            } else {
                printf("%s: %s\n", argv[i], value ? value : "(none)");
                free(value);
            }
        }
    }
    shash_destroy(&dbs);
    ovsdb_destroy(db);
}

/* Statuses parsed from JSON; the strings point into the JSON. */
struct status_set {
    struct shash statuses;      /* Target -> struct ovsdb_remote_status *. */
    struct json *json;
};

static const char *
member_string(const struct shash *obj, const char *name)
{
    const struct json *j = shash_find_data(obj, name);
    return j && j->type == JSON_STRING ? json_string(j) : NULL;
}

static long long int
member_integer(const struct shash *obj, const char *name, long long int def)
{
    const struct json *j = shash_find_data(obj, name);
    return j && j->type == JSON_INTEGER ? json_integer(j) : def;
}

static void
status_set_parse(struct status_set *set, const char *s)
{
    struct shash_node *node;

    shash_init(&set->statuses);
    set->json = parse_json(s);
    SHASH_FOR_EACH (node, json_object(set->json)) {
        const struct shash *obj = json_object(node->data);
        struct ovsdb_remote_status *st = xzalloc(sizeof *st);
        const struct json *conn = shash_find_data(obj, "is_connected");

        st->is_connected = conn && conn->type == JSON_TRUE;
        st->state = member_string(obj, "state");
        st->last_error = member_string(obj, "last_error");
        st->sec_since_connect = member_integer(obj, "sec_since_connect",
                                               UINT_MAX);
        st->sec_since_disconnect = member_integer(obj,
                                                  "sec_since_disconnect",
                                                  UINT_MAX);
        st->locks_held = member_string(obj, "locks_held");
        st->locks_waiting = member_string(obj, "locks_waiting");
        st->locks_lost = member_string(obj, "locks_lost");
        st->n_connections = member_integer(obj, "n_connections", 0);
        st->bound_port = member_integer(obj, "bound_port", -1);
        shash_add(&set->statuses, node->name, st);
    }
}

static void
status_set_destroy(struct status_set *set)
{
    shash_destroy_free_data(&set->statuses);
    json_destroy(set->json);
}

/* The table that SPEC's column references, or NULL. */
static const struct ovsdb_table *
spec_ref_table(const struct ovsdb *db, const char *spec)
{
    char *copy = xstrdup(spec);
    char *table_name = strchr(copy, ',');
    const struct ovsdb_table *ref = NULL;

    if (table_name) {
        char *column_name = strchr(++table_name, ',');
        if (column_name) {
            *column_name++ = '\0';
            const struct ovsdb_table *table = ovsdb_get_table(db, table_name);
            const struct ovsdb_column *column = table
                ? ovsdb_table_schema_get_column(table->schema, column_name)
                : NULL;
            if (column && column->type.key.uuid.ref_table
                && column->type.key.type == OVSDB_TYPE_UUID) {
                ref = ovsdb_get_table(db,
                                      column->type.key.uuid.ref_table->name);
            }
        }
    }
    free(copy);
    return ref;
}

/* Appends " NAME=VALUE" for ROW's column NAME, if it exists, in the style
 * of ovs-vsctl: a boolean as true/false, a map as {k=v, ...}. */
static void
put_column(struct ds *ds, const struct ovsdb_row *row, const char *name)
{
    const struct ovsdb_column *column
        = ovsdb_table_schema_get_column(row->table->schema, name);

    if (!column) {
        return;
    }
    const struct ovsdb_datum *d = &row->fields[column->index];
    ds_put_format(ds, " %s=", name);
    if (ovsdb_type_is_map(&column->type)) {
        ds_put_cstr(ds, "{");
        for (unsigned int i = 0; i < d->n; i++) {
            ds_put_format(ds, "%s%s=%s", i ? ", " : "", d->keys[i].string,
                          d->values[i].string);
        }
        ds_put_cstr(ds, "}");
    } else if (d->n) {
        ds_put_cstr(ds, d->keys[0].boolean ? "true" : "false");
    }
}

static int
compare_lines(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

static void
print_status_table(const struct ovsdb_table *table)
{
    const struct ovsdb_column *target
        = ovsdb_table_schema_get_column(table->schema, "target");
    size_t n = 0, n_rows = ovsdb_table_n_rows(table);
    char **lines = xmalloc((n_rows + 1) * sizeof *lines);
    const struct ovsdb_row *row;

    HMAP_FOR_EACH (row, hmap_node, &table->rows) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        const struct ovsdb_datum *t = &row->fields[target->index];

        ds_put_cstr(&ds, t->n ? t->keys[0].string : "");
        put_column(&ds, row, "is_connected");
        put_column(&ds, row, "status");
        lines[n++] = ds_steal_cstr(&ds);
    }
    qsort(lines, n, sizeof *lines, compare_lines);
    for (size_t i = 0; i < n; i++) {
        printf("  %s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
}

static void
do_status(int argc, char *argv[])
{
    struct ovsdb *db = open_db(argv[1]);
    const char *spec = NULL;

    for (int i = 2; i < argc; i++) {
        if (argv[i][0] == '[') {
            run_txn(db, argv[i]);
        } else if (argv[i][0] == '{') {
            struct status_set set;
            char *error = (char *) "garbage";

            if (!spec) {
                ovs_fatal(0, "status before any spec");
            }
            status_set_parse(&set, argv[i]);
            struct ovsdb_txn *txn = ovsdb_remote_config_update_status(
                db, spec, &set.statuses, &error);
            if (txn) {
                const struct ovsdb_txn_change *changes;
                OVSTEST_CHECK(!error);
                printf("committed %zu\n",
                       ovsdb_txn_get_changes(txn, &changes));
                ovsdb_txn_destroy(txn);
            } else if (error) {
                printf("error: %s\n", error);
                free(error);
            } else {
                printf("unchanged\n");
            }
            OVSTEST_CHECK(!db->open_txn);
            status_set_destroy(&set);

            const struct ovsdb_table *ref = spec_ref_table(db, spec);
            if (ref) {
                print_status_table(ref);
            }
        } else {
            spec = argv[i];
        }
    }
    ovsdb_destroy(db);
}

/* Unit checks. */

static const char unit_schema[] =
    "{\"name\": \"U\", \"tables\": {"
    "  \"Root\": {\"isRoot\": true, \"columns\": {"
    "    \"mgr\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                  \"refTable\": \"M\"},"
    "                       \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"s\": {\"type\": \"string\"}}},"
    "  \"M\": {\"columns\": {"
    "    \"target\": {\"type\": \"string\"},"
    "    \"is_connected\": {\"type\": \"boolean\"},"
    "    \"status\": {\"type\": {\"key\": \"string\", \"value\": \"string\","
    "                          \"min\": 0, \"max\": \"unlimited\"}}}}}}";

static void
test_unit(void)
{
    struct json *json = parse_json(unit_schema);
    struct ovsdb_schema *schema;
    struct ovsdb_error *oerror = ovsdb_schema_from_json(json, &schema);
    ovs_assert(!oerror);
    json_destroy(json);
    struct ovsdb *db = ovsdb_create(schema);

    /* Two Root rows refer to the same M row, and one to a second. */
    run_txn(db, "[\"U\","
            "{\"op\":\"insert\",\"table\":\"M\",\"uuid-name\":\"a\","
            " \"row\":{\"target\":\"ptcp:1\"}},"
            "{\"op\":\"insert\",\"table\":\"M\",\"uuid-name\":\"b\","
            " \"row\":{\"target\":\"tcp:127.0.0.1:2\"}},"
            "{\"op\":\"insert\",\"table\":\"Root\","
            " \"row\":{\"mgr\":[\"named-uuid\",\"a\"],\"s\":\"punix:x\"}},"
            "{\"op\":\"insert\",\"table\":\"Root\",\"row\":{\"mgr\":"
            " [\"set\",[[\"named-uuid\",\"a\"],[\"named-uuid\",\"b\"]]]}}]");

    struct shash statuses = SHASH_INITIALIZER(&statuses);
    struct ovsdb_remote_status sa = {
        .is_connected = true, .state = "ACTIVE",
        .sec_since_connect = 5, .sec_since_disconnect = UINT_MAX,
        .n_connections = 3, .bound_port = 6640,
    };
    shash_add(&statuses, "ptcp:1", &sa);

    /* The doubly referenced row changes once; the unmentioned row not. */
    char *error = (char *) "garbage";
    struct ovsdb_txn *txn = ovsdb_remote_config_update_status(
        db, "U,Root,mgr", &statuses, &error);
    OVSTEST_CHECK(txn);
    OVSTEST_CHECK(!error);
    const struct ovsdb_txn_change *changes;
    OVSTEST_CHECK_INT(ovsdb_txn_get_changes(txn, &changes), 1);
    OVSTEST_CHECK_STR(changes[0].table->schema->name, "M");
    OVSTEST_CHECK(changes[0].old && changes[0].new);
    const struct ovsdb_column *target = ovsdb_table_schema_get_column(
        changes[0].table->schema, "target");
    const struct ovsdb_column *status = ovsdb_table_schema_get_column(
        changes[0].table->schema, "status");
    const struct ovsdb_column *conn = ovsdb_table_schema_get_column(
        changes[0].table->schema, "is_connected");
    OVSTEST_CHECK(!ovsdb_txn_change_column_changed(&changes[0],
                                                   target->index));
    OVSTEST_CHECK(ovsdb_txn_change_column_changed(&changes[0],
                                                  status->index));
    OVSTEST_CHECK(ovsdb_txn_change_column_changed(&changes[0],
                                                  conn->index));
    OVSTEST_CHECK_INT(changes[0].new->fields[status->index].n, 4);
    ovsdb_txn_destroy(txn);

    /* Same statuses again: nothing to do, no transaction left open. */
    txn = ovsdb_remote_config_update_status(db, "U,Root,mgr", &statuses,
                                            &error);
    OVSTEST_CHECK(!txn);
    OVSTEST_CHECK(!error);
    OVSTEST_CHECK(!db->open_txn);

    /* Only is_connected changes: only that column (and _version). */
    sa.is_connected = false;
    txn = ovsdb_remote_config_update_status(db, "U,Root,mgr", &statuses,
                                            &error);
    OVSTEST_CHECK(txn);
    OVSTEST_CHECK_INT(ovsdb_txn_get_changes(txn, &changes), 1);
    OVSTEST_CHECK(!ovsdb_txn_change_column_changed(&changes[0],
                                                   status->index));
    OVSTEST_CHECK(ovsdb_txn_change_column_changed(&changes[0],
                                                  conn->index));
    ovsdb_txn_destroy(txn);

    /* Another database's spec, a string column, unknown names: nothing,
     * and no error (ovsdb_remote_config_query() reports those). */
    sa.is_connected = true;
    const char *no_status_specs[] = {
        "Other,Root,mgr", "U,Root,s", "U,Nope,mgr", "U,Root,nope", "bad",
    };
    for (size_t i = 0; i < ARRAY_SIZE(no_status_specs); i++) {
        error = (char *) "garbage";
        txn = ovsdb_remote_config_update_status(db, no_status_specs[i],
                                                &statuses, &error);
        OVSTEST_CHECK(!txn);
        OVSTEST_CHECK(!error);
    }

    /* A transaction already open: reported, not asserted. */
    struct ovsdb_txn *other = ovsdb_txn_create(db);
    txn = ovsdb_remote_config_update_status(db, "U,Root,mgr", &statuses,
                                            &error);
    OVSTEST_CHECK(!txn);
    OVSTEST_CHECK(error && strstr(error, "another transaction is open"));
    free(error);
    ovsdb_txn_destroy(other);

    /* The status change still applies afterward. */
    txn = ovsdb_remote_config_update_status(db, "U,Root,mgr", &statuses,
                                            &error);
    OVSTEST_CHECK(txn);
    ovsdb_txn_destroy(txn);

    /* Query with a NULL database set is "no database". */
    struct shash remotes = SHASH_INITIALIZER(&remotes);
    struct shash dbs = SHASH_INITIALIZER(&dbs);
    error = ovsdb_remote_config_query(&dbs, "U,Root,mgr", &remotes);
    OVSTEST_CHECK_STR(error, "no database named U");
    free(error);

    /* A target already present keeps its options. */
    shash_add(&dbs, "U", db);
    struct ovsdb_remote_config *pre = xzalloc(sizeof *pre);
    pre->target = xstrdup("ptcp:1");
    pre->max_backoff = 1234;
    pre->probe_interval = pre->dscp = -1;
    shash_add(&remotes, "ptcp:1", pre);
    error = ovsdb_remote_config_query(&dbs, "U,Root,mgr", &remotes);
    OVSTEST_CHECK(!error);
    OVSTEST_CHECK_INT(shash_count(&remotes), 2);
    OVSTEST_CHECK(shash_find_data(&remotes, "ptcp:1") == pre);
    OVSTEST_CHECK_INT(pre->max_backoff, 1234);
    ovsdb_remote_config_clear(&remotes);
    OVSTEST_CHECK(shash_is_empty(&remotes));
    ovsdb_remote_config_clear(&remotes);        /* Empty is fine. */
    shash_destroy(&remotes);
    shash_destroy(&dbs);

    shash_destroy(&statuses);
    ovsdb_destroy(db);
    printf("ok\n");
}

static void
test_remote_config_main(int argc, char *argv[])
{
    if (argc == 2 && !strcmp(argv[1], "unit")) {
        test_unit();
    } else if (argc >= 3 && !strcmp(argv[1], "query")) {
        do_query(argc - 1, argv + 1);
    } else if (argc >= 3 && !strcmp(argv[1], "query-string")) {
        do_query_string(argc - 1, argv + 1);
    } else if (argc >= 3 && !strcmp(argv[1], "status")) {
        do_status(argc - 1, argv + 1);
    } else {
        ovs_fatal(0, "usage: test-remote-config "
                  "unit|query|query-string|status SCHEMA-FILE ARG...");
    }
}

OVSTEST_REGISTER("test-remote-config", test_remote_config_main);
