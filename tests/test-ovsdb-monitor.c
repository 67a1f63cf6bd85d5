/* test-ovsdb-monitor.c -- black-box driver for ovsdb/ovsdb-monitor.c, run
 * by tests/ovsdb-monitor.at.
 *
 *   ovstest test-ovsdb-monitor [--history=N] [--history-rows=MIN/DIVISOR]
 *                              SCHEMA-FILE VERSION REQUESTS STEP...
 *
 * Creates an empty database from SCHEMA-FILE and a monitor of VERSION (v1,
 * v2 or v3) from REQUESTS (the <monitor-requests> JSON), prints the
 * monitor's initial contents, then runs each STEP and prints what it gives:
 *
 *   [OP...]         a "transact": the operations are run (the database name
 *                   is added in front), the result printed as "txn: ...",
 *                   then the monitor's update as "update: ..." (or
 *                   "update: none").  A committed transaction is also
 *                   recorded in the history under a fresh id.
 *   cond:JSON       monitor_cond_change with JSON as the
 *                   <monitor-cond-update-requests>: "cond: ..." with the
 *                   update or the error.
 *   since:K         ovsdb_monitor_get_update_since() from the id of the
 *                   K-th committed transaction (1-based; 0 is the all-zeros
 *                   id): "since K: found ..." or "since K: not found".
 *   initial         the initial contents again (as a new monitor_cond
 *                   with the current conditions would get them).
 *   history         "history: N txns, M rows" from ovsdb_history_count().
 *   clear           ovsdb_history_clear().
 *
 * Errors from creating the monitor print "error: {...}" (the JSON-RPC
 * error object) and end the run.  Output is compact JSON with object
 * members sorted and every UUID replaced by <N>, numbered in order of
 * first appearance over the whole run; UUIDs are generated
 * deterministically (see uuid.h) so that the numbering repeats. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ovstest.h"
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-execute.h"
#include "ovsdb-monitor.h"
#include "ovsdb-schema.h"
#include "ovsdb-txn.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"

/* UUIDs seen so far, text to number. */
static struct shash uuid_names = SHASH_INITIALIZER(&uuid_names);

static bool
uuid_at(const char *s)
{
    for (int i = 0; i < UUID_LEN; i++) {
        bool is_dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (!s[i]
            || (is_dash ? s[i] != '-'
                : !strchr("0123456789abcdef", s[i]))) {
            return false;
        }
    }
    return true;
}

/* Prints PREFIX and JSON (which it frees) with UUIDs replaced by <N>. */
static void
print_json(const char *prefix, struct json *json)
{
    char *text = json_to_string(json, JSSF_SORT);
    struct ds out = DS_EMPTY_INITIALIZER;

    for (const char *s = text; *s;) {
        if (uuid_at(s)) {
            char buf[UUID_LEN + 1];
            memcpy(buf, s, UUID_LEN);
            buf[UUID_LEN] = '\0';

            struct shash_node *node = shash_find(&uuid_names, buf);
            if (!node) {
                node = shash_add(&uuid_names, buf,
                                 (void *) (uintptr_t)
                                 shash_count(&uuid_names));
            }
            ds_put_format(&out, "<%d>", (int) (uintptr_t) node->data);
            s += UUID_LEN;
        } else {
            ds_put_char(&out, *s++);
        }
    }
    printf("%s%s\n", prefix, ds_cstr(&out));
    ds_destroy(&out);
    free(text);
    json_destroy(json);
}

static void
print_error(const char *prefix, struct ovsdb_error *error)
{
    print_json(prefix, ovsdb_error_to_json(error));
    ovsdb_error_destroy(error);
}

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

/* Runs the operations in OPS_TEXT on DB. */
static void
run_transaction(struct ovsdb *db, struct ovsdb_monitor *mon,
                struct ovsdb_history *history, const char *ops_text,
                struct uuid **txn_ids, size_t *n_txn_ids)
{
    struct json *ops = parse_json(ops_text);
    if (ops->type != JSON_ARRAY) {
        ovs_fatal(0, "%s: transaction must be a JSON array", ops_text);
    }

    struct json *params = json_array_create_1(
        json_string_create(ovsdb_get_name(db)));
    for (size_t i = 0; i < json_array(ops)->n; i++) {
        json_array_add(params, json_clone(json_array(ops)->elems[i]));
    }
    json_destroy(ops);

    struct ovsdb_execute_options options = { .now = 0, .started = 0 };
    struct ovsdb_execute_result result;
    struct ovsdb_error *error = ovsdb_execute(db, params, &options, &result);
    json_destroy(params);
    if (error) {
        print_error("txn: ", error);
        return;
    }
    if (!result.reply) {
        puts("txn: (wait would block)");
    } else {
        print_json("txn: ", json_clone(result.reply));
    }

    if (result.txn) {
        struct json *update = ovsdb_monitor_get_update(mon, result.txn);
        if (update) {
            print_json("update: ", update);
        } else {
            puts("update: none");
        }

        struct uuid id;
        uuid_generate(&id);
        ovsdb_history_add(history, &id, result.txn);
        *txn_ids = xrealloc(*txn_ids, (*n_txn_ids + 1) * sizeof **txn_ids);
        (*txn_ids)[(*n_txn_ids)++] = id;

        ovsdb_txn_destroy(result.txn);
        result.txn = NULL;
    } else {
        puts("update: none");
    }
    ovsdb_execute_result_destroy(&result);
}

static void
test_ovsdb_monitor_main(int argc, char *argv[])
{
    unsigned int max_txns = 100;
    int i = 1;

    size_t min_rows = 0, divisor = 0;   /* 0: the server's defaults. */

    if (i < argc && !strncmp(argv[i], "--history=", 10)) {
        max_txns = atoi(argv[i] + 10);
        i++;
    }
    if (i < argc && !strncmp(argv[i], "--history-rows=", 15)) {
        if (sscanf(argv[i] + 15, "%zu/%zu", &min_rows, &divisor) != 2
            || !divisor) {
            ovs_fatal(0, "--history-rows=MIN/DIVISOR expected");
        }
        i++;
    }
    if (argc - i < 3) {
        ovs_fatal(0, "usage: %s [--history=N] [--history-rows=MIN/DIVISOR] "
                  "SCHEMA-FILE v1|v2|v3 REQUESTS STEP...", argv[0]);
    }
    setenv("OVS_UUID_DETERMINISTIC", "1", 1);
    uuid_is_deterministic();

    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_file(argv[i], &schema);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        ovs_fatal(0, "%s", s);
    }
    struct ovsdb *db = ovsdb_create(schema);

    enum ovsdb_monitor_version version;
    const char *vs = argv[i + 1];
    if (!strcmp(vs, "v1")) {
        version = OVSDB_MONITOR_V1;
    } else if (!strcmp(vs, "v2")) {
        version = OVSDB_MONITOR_V2;
    } else if (!strcmp(vs, "v3")) {
        version = OVSDB_MONITOR_V3;
    } else {
        ovs_fatal(0, "%s: unknown monitor version", vs);
    }

    struct json *requests = parse_json(argv[i + 2]);
    struct ovsdb_monitor *mon;
    error = ovsdb_monitor_create(db, version, requests, &mon);
    json_destroy(requests);
    if (error) {
        print_error("error: ", error);
        ovsdb_destroy(db);
        return;
    }
    print_json("initial: ", ovsdb_monitor_get_initial(mon));

    struct ovsdb_history *history = ovsdb_history_create(max_txns);
    if (divisor) {
        ovsdb_history_set_row_limits(history, min_rows, divisor);
    }
    struct uuid *txn_ids = NULL;
    size_t n_txn_ids = 0;
    for (i += 3; i < argc; i++) {
        const char *step = argv[i];

        if (!strncmp(step, "cond:", 5)) {
            struct json *req = parse_json(step + 5);
            struct json *update;
            error = ovsdb_monitor_cond_change(mon, req, &update);
            json_destroy(req);
            if (error) {
                print_error("cond: error: ", error);
            } else if (update) {
                print_json("cond: ", update);
            } else {
                puts("cond: none");
            }
        } else if (!strncmp(step, "since:", 6)) {
            int k = atoi(step + 6);
            struct uuid since;

            if (k <= 0) {
                uuid_zero(&since);
            } else if (k <= n_txn_ids) {
                since = txn_ids[k - 1];
            } else {
                ovs_fatal(0, "%s: no such transaction", step);
            }

            struct json *update;
            if (ovsdb_monitor_get_update_since(mon, history, &since,
                                               &update)) {
                char *prefix = xasprintf("since %d: found ", k);
                if (update) {
                    print_json(prefix, update);
                } else {
                    printf("%snone\n", prefix);
                }
                free(prefix);
            } else {
                ovs_assert(!update);
                printf("since %d: not found\n", k);
            }
        } else if (!strcmp(step, "initial")) {
            print_json("initial: ", ovsdb_monitor_get_initial(mon));
        } else if (!strcmp(step, "history")) {
            size_t n_rows;
            size_t n = ovsdb_history_count(history, &n_rows);
            printf("history: %zu txns, %zu rows\n", n, n_rows);
        } else if (!strcmp(step, "clear")) {
            ovsdb_history_clear(history);
            ovs_assert(uuid_is_zero(ovsdb_history_last_id(history)));
        } else {
            run_transaction(db, mon, history, step, &txn_ids, &n_txn_ids);
        }
        fflush(stdout);
    }

    free(txn_ids);
    ovsdb_history_destroy(history);
    ovsdb_monitor_destroy(mon);
    ovsdb_destroy(db);
    shash_destroy(&uuid_names);
}

OVSTEST_REGISTER("test-ovsdb-monitor", test_ovsdb_monitor_main);

/* ovstest test-ovsdb-monitor-bench N_ROWS N_MONITORS N_TXNS
 *
 * Timing, not a check: a table of N_ROWS rows watched by N_MONITORS
 * identical V2 monitors, then N_TXNS one-row updates, each turned into
 * every monitor's update.  Prints the monitors' time per transaction (all
 * of them together), which should not grow with N_ROWS. */
static void
test_ovsdb_monitor_bench(int argc, char *argv[])
{
    if (argc != 4) {
        ovs_fatal(0, "usage: %s N_ROWS N_MONITORS N_TXNS", argv[0]);
    }
    int n_rows = atoi(argv[1]);
    int n_monitors = atoi(argv[2]);
    int n_txns = atoi(argv[3]);

    struct json *schema_json = parse_json(
        "{\"name\": \"bench\", \"tables\": {\"T\": {\"columns\": {"
        "\"i\": {\"type\": \"integer\"},"
        "\"s\": {\"type\": {\"key\": \"string\", \"min\": 0, "
        "\"max\": \"unlimited\"}}}}}}");
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(schema_json, &schema);
    ovs_assert(!error);
    json_destroy(schema_json);
    struct ovsdb *db = ovsdb_create(schema);

    struct ovsdb_execute_options options = { .now = 0 };
    struct ovsdb_execute_result result;
    for (int i = 0; i < n_rows; i += 1000) {
        struct json *params = json_array_create_1(
            json_string_create("bench"));
        for (int j = i; j < n_rows && j < i + 1000; j++) {
            char *op = xasprintf("{\"op\": \"insert\", \"table\": \"T\", "
                                 "\"row\": {\"i\": %d, \"s\": \"x\"}}", j);
            json_array_add(params, parse_json(op));
            free(op);
        }
        error = ovsdb_execute(db, params, &options, &result);
        ovs_assert(!error && result.txn);
        ovsdb_execute_result_destroy(&result);
        json_destroy(params);
    }

    struct json *requests = parse_json("{\"T\": {\"where\": "
                                       "[[\"i\", \"<\", 1000000]]}}");
    struct ovsdb_monitor **mons = xmalloc(n_monitors * sizeof *mons);
    for (int i = 0; i < n_monitors; i++) {
        error = ovsdb_monitor_create(db, OVSDB_MONITOR_V2, requests,
                                     &mons[i]);
        ovs_assert(!error);
    }
    json_destroy(requests);

    double us = 0;
    for (int t = 0; t < n_txns; t++) {
        char *text = xasprintf("[\"bench\", {\"op\": \"mutate\", "
                               "\"table\": \"T\", \"where\": "
                               "[[\"i\", \"==\", %d]], \"mutations\": "
                               "[[\"s\", \"insert\", \"y%d\"]]}]",
                               n_rows ? t % n_rows : 0, t);
        struct json *params = parse_json(text);
        free(text);
        error = ovsdb_execute(db, params, &options, &result);
        ovs_assert(!error);
        json_destroy(params);
        if (result.txn) {
            /* Only the monitors' work is timed: finding the row to
             * mutate is the transaction engine's. */
            struct timespec start, end;
            clock_gettime(CLOCK_MONOTONIC, &start);
            for (int i = 0; i < n_monitors; i++) {
                json_destroy(ovsdb_monitor_get_update(mons[i], result.txn));
            }
            clock_gettime(CLOCK_MONOTONIC, &end);
            us += ((end.tv_sec - start.tv_sec) * 1e6
                   + (end.tv_nsec - start.tv_nsec) / 1e3);
        }
        ovsdb_execute_result_destroy(&result);
    }
    printf("%d rows, %d monitors: %.1f us per transaction for all "
           "monitors\n", n_rows, n_monitors, n_txns ? us / n_txns : 0.0);

    for (int i = 0; i < n_monitors; i++) {
        ovsdb_monitor_destroy(mons[i]);
    }
    free(mons);
    ovsdb_destroy(db);
}

OVSTEST_REGISTER("test-ovsdb-monitor-bench", test_ovsdb_monitor_bench);
