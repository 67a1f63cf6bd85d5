/* ovsdb-client.c -- the command-line client of an OVSDB server.
 *
 *     ovsdb-client [OPTIONS] COMMAND [SERVER] [DATABASE] [ARG...]
 *
 * Each command connects to SERVER (default unix:<rundir>/db.sock; a
 * passive name such as ptcp: or punix: waits for the server to connect to
 * us), speaks RFC 7047 JSON-RPC over lib/jsonrpc, and prints the answer.
 * The syntax, output and exit statuses are those of the tool we are
 * compatible with, since scripts depend on them: errors go to stderr as
 * "ovsdb-client: ..." with exit status 1.
 *
 * Argument parsing: a first argument that looks like a connection method
 * ("word:...") is the server.  For commands that take a database, the next
 * argument is the database if the server has a database of that name;
 * otherwise the default is used (the only database other than _Server, or
 * else Open_vSwitch if the server has it).  The remaining arguments are
 * checked against the command's minimum and maximum.
 *
 * Commands that keep running (monitor, monitor-cond, lock, steal, unlock)
 * support --detach: the foreground process exits once the first answer has
 * been printed, so a test knows the monitor is in place; standard output
 * stays connected to wherever it was, since that is where the output of
 * the monitor goes.
 *
 * backup writes a standalone database file (ovsdb-log.h framing: a schema
 * record, then one record with every row); restore replaces a database's
 * contents with such a file's in one transaction, the rows getting new
 * UUIDs (references between them are kept through "uuid-name"s). */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "json.h"
#include "jsonrpc.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-log.h"
#include "ovsdb-schema.h"
#include "ovsdb-types.h"
#include "poll-loop.h"
#include "shash.h"
#include "sset.h"
#include "stream.h"
#include "table.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_client);

COVERAGE_DEFINE(ovsdb_client_update);

/* Options. */
static struct table_style style = TABLE_STYLE_DEFAULT;
static bool timestamp;
static bool force;

/* Kept in globals so that fatal exits, which leave them allocated, do not
 * count as leaks under LeakSanitizer. */
static char *default_server;
static struct jsonrpc *rpc;
static struct ovsdb_schema *schema;
static char *server_name;
static char *fatal_text;        /* The details of a fatal error. */

/* What a command needs before it runs. */
enum command_needs {
    NEED_NONE,                  /* Nothing (help). */
    NEED_RPC,                   /* A connection. */
    NEED_DATABASE               /* A connection and a database name. */
};

struct command {
    const char *name;
    enum command_needs needs;
    int min_args, max_args;
    void (*handler)(const char *database, int argc, char *argv[]);
};

static const struct command *find_command(const char *name);

/* Exits with an error message made of PREFIX (may be NULL) and ERROR. */
static void OVS_NO_RETURN
fatal_ovsdb_error(const char *prefix, struct ovsdb_error *error)
{
    fatal_text = ovsdb_error_to_string(error);
    ovsdb_error_destroy(error);
    ovs_fatal(0, "%s%s", prefix ? prefix : "", fatal_text);
}
static void usage(void) OVS_NO_RETURN;

/* ------------------------------------------------------------------ */
/* Connecting and talking. */

/* The text for ERROR, a positive errno value or EOF. */
static const char *
error_text(int error)
{
    return error == EOF ? "End of file" : ovs_strerror(error);
}

static bool
has_prefix_in(const char *name, const char *const *prefixes)
{
    for (; *prefixes; prefixes++) {
        if (str_starts_with(name, *prefixes)) {
            return true;
        }
    }
    return false;
}

static struct jsonrpc *
open_rpc(const char *server)
{
    struct stream *stream;
    int error;

    static const char *const active[] = { "unix:", "tcp:", "ssl:", NULL };
    static const char *const passive[] = {
        "punix:", "ptcp:", "pssl:", NULL
    };

    if (has_prefix_in(server, active)) {
        error = stream_open_block(
            stream_open_with_default_port(server, 6640, &stream, 0), -1,
            &stream);
        if (error) {
            ovs_fatal(0, "failed to connect to \"%s\" (%s)", server,
                      error_text(error));
        }
        return jsonrpc_open(stream);
    }

    struct pstream *pstream;
    error = (has_prefix_in(server, passive)
             ? pstream_open_with_default_port(server, 6640, &pstream, 0)
             : EAFNOSUPPORT);
    if (error) {
        ovs_fatal(0, "failed to connect or listen to \"%s\" (%s)", server,
                  error_text(error));
    }
    VLOG_INFO("%s: waiting for a connection", server);
    for (;;) {
        error = pstream_accept(pstream, &stream);
        if (!error) {
            break;
        } else if (error != EAGAIN) {
            ovs_fatal(0, "failed to accept connection on \"%s\" (%s)",
                      server, ovs_strerror(error));
        }
        pstream_wait(pstream);
        poll_block();
    }
    pstream_close(pstream);
    return jsonrpc_open(stream);
}

/* Sends REQUEST and returns the result of its reply; an error reply or a
 * failure to communicate is fatal.  The caller frees the result. */
static struct json *
transact(struct jsonrpc_msg *request)
{
    static struct jsonrpc_msg *reply;   /* Static: see fatal_text. */
    int error = jsonrpc_transact_block(rpc, request, &reply);
    if (error) {
        ovs_fatal(0, "transaction failed (%s)", error_text(error));
    }
    if (reply->type == JSONRPC_ERROR) {
        fatal_text = json_to_string(reply->error, JSSF_SORT);
        ovs_fatal(0, "transaction returned error: %s", fatal_text);
    }
    struct json *result = json_clone(reply->result);
    jsonrpc_msg_destroy(reply);
    reply = NULL;
    return result;
}

static struct json *
transact_method(const char *method, struct json *params)
{
    return transact(jsonrpc_create_request(method, params, NULL));
}

/* The server's database names, sorted. */
static void
fetch_dbs(struct sset *dbs)
{
    struct json *result = transact_method("list_dbs",
                                          json_array_create_empty());
    if (result->type != JSON_ARRAY) {
        ovs_fatal(0, "list_dbs response is not array");
    }
    sset_init(dbs);
    const struct json_array *array = json_array(result);
    for (size_t i = 0; i < array->n; i++) {
        if (array->elems[i]->type != JSON_STRING) {
            ovs_fatal(0, "list_dbs response %zu is not string", i);
        }
        sset_add(dbs, json_string(array->elems[i]));
    }
    json_destroy(result);
}

static struct json *
fetch_schema_json(const char *database)
{
    return transact_method("get_schema", json_array_create_1(
                               json_string_create(database)));
}

static struct ovsdb_schema *
fetch_schema(const char *database)
{
    struct json *json = fetch_schema_json(database);
    struct ovsdb_schema *s;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &s);
    json_destroy(json);
    if (error) {
        fatal_ovsdb_error(NULL, error);
    }
    return s;
}

/* Answers an "echo" request from the server; true if MSG was one. */
static bool
handle_echo(struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "echo")) {
        jsonrpc_send(rpc, jsonrpc_create_reply(json_clone(msg->params),
                                               msg->id));
        return true;
    }
    return false;
}

/* Receives the next message other than an echo request; the connection
 * closing is fatal (with status 0 if the server closed it cleanly, as the
 * tool we are compatible with does). */
static struct jsonrpc_msg *
recv_msg(void)
{
    for (;;) {
        struct jsonrpc_msg *msg;
        int error = jsonrpc_recv_block(rpc, &msg);
        if (error == EOF) {
            exit(0);
        } else if (error) {
            ovs_fatal(0, "%s: receive failed (%s)", server_name,
                      error_text(error));
        }
        if (!handle_echo(msg)) {
            return msg;
        }
        jsonrpc_msg_destroy(msg);
    }
}

/* With --detach: the foreground process exits now; our stdout and stderr
 * stay where they were (the daemon library would point them at
 * /dev/null). */
static void
daemonize_keeping_output(void)
{
    if (!get_detach()) {
        daemonize_complete();
        return;
    }
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(STDOUT_FILENO);
    int saved_err = dup(STDERR_FILENO);
    daemonize_complete();
    if (saved_out >= 0) {
        dup2(saved_out, STDOUT_FILENO);
        close(saved_out);
    }
    if (saved_err >= 0) {
        dup2(saved_err, STDERR_FILENO);
        close(saved_err);
    }
}

static void
print_json(const struct json *json)
{
    char *s = table_json_to_string(json, style.pretty);
    puts(s);
    fflush(stdout);
    free(s);
}

/* ------------------------------------------------------------------ */
/* Schema commands. */

static void
do_list_dbs(const char *database OVS_UNUSED, int argc OVS_UNUSED,
            char *argv[] OVS_UNUSED)
{
    struct sset dbs;
    fetch_dbs(&dbs);
    const char **names = sset_sort(&dbs);
    for (size_t i = 0; i < sset_count(&dbs); i++) {
        puts(names[i]);
    }
    free(names);
    sset_destroy(&dbs);
}

static void
do_get_schema(const char *database, int argc OVS_UNUSED,
              char *argv[] OVS_UNUSED)
{
    struct json *json = fetch_schema_json(database);
    struct ovsdb_schema *s;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &s);
    if (error) {
        fatal_ovsdb_error(NULL, error);
    }
    ovsdb_schema_destroy(s);
    print_json(json);
    json_destroy(json);
}

static void
do_get_schema_version(const char *database, int argc OVS_UNUSED,
                      char *argv[] OVS_UNUSED)
{
    schema = fetch_schema(database);
    puts(schema->version ? schema->version : "");
}

static void
do_get_schema_cksum(const char *database, int argc OVS_UNUSED,
                    char *argv[] OVS_UNUSED)
{
    schema = fetch_schema(database);
    puts(schema->cksum ? schema->cksum : "");
}

static void
add_string_cell(struct table *t, size_t column, const char *s)
{
    struct cell *cell = table_add_cell(t, column);
    cell->json = json_string_create(s);
    cell->raw = true;
}

static void
do_list_tables(const char *database, int argc OVS_UNUSED,
               char *argv[] OVS_UNUSED)
{
    schema = fetch_schema(database);

    struct table t;
    table_init(&t);
    table_add_column(&t, "Table");
    for (size_t i = 0; i < schema->n_tables; i++) {
        table_add_row(&t);
        add_string_cell(&t, 0, schema->tables_by_index[i]->name);
    }
    table_print(&t, &style);
    table_destroy(&t);
}

static void
list_table_columns(struct table *t, const struct ovsdb_table_schema *ts,
                   bool with_table)
{
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns_by_index[i];
        size_t c = 0;
        table_add_row(t);
        if (with_table) {
            add_string_cell(t, c++, ts->name);
        }
        add_string_cell(t, c++, column->name);
        table_add_cell(t, c)->json = ovsdb_type_to_json(&column->type);
    }
}

static void
do_list_columns(const char *database, int argc, char *argv[])
{
    schema = fetch_schema(database);
    const char *table_name = argc ? argv[0] : NULL;

    struct table t;
    table_init(&t);
    if (!table_name) {
        table_add_column(&t, "Table");
    }
    table_add_column(&t, "Column");
    table_add_column(&t, "Type");
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables_by_index[i];
        if (!table_name || !strcmp(table_name, ts->name)) {
            list_table_columns(&t, ts, !table_name);
        }
    }
    table_print(&t, &style);
    table_destroy(&t);
}

/* ------------------------------------------------------------------ */
/* transact, query. */

static struct json *
parse_json_arg(const char *s)
{
    struct json *json = json_parse_string(s, &fatal_text);
    if (!json) {
        ovs_fatal(0, "\"%s\": %s", s, fatal_text);
    }
    return json;
}

static struct json *
parse_transaction(const char *s)
{
    struct json *json = parse_json_arg(s);
    if (json->type != JSON_ARRAY || !json_array(json)->n
        || json_array(json)->elems[0]->type != JSON_STRING) {
        ovs_fatal(0, "not a valid OVSDB query");
    }
    return json;
}

static void
do_transact(const char *database OVS_UNUSED, int argc OVS_UNUSED,
            char *argv[])
{
    struct json *txn = parse_transaction(argv[0]);
    struct json *result = transact_method("transact", txn);
    print_json(result);
    json_destroy(result);
}

/* Like transact, but an "abort" operation at the end makes sure that
 * nothing changes; its own result (an error) is not shown. */
static void
do_query(const char *database OVS_UNUSED, int argc OVS_UNUSED, char *argv[])
{
    struct json *txn = parse_transaction(argv[0]);
    size_t n_ops = json_array(txn)->n - 1;
    struct json *abort_op = json_object_create();
    json_object_put_string(abort_op, "op", "abort");
    json_array_add(txn, abort_op);

    struct json *result = transact_method("transact", txn);
    if (result->type == JSON_ARRAY && json_array(result)->n == n_ops + 1) {
        struct json_array *a = json_array(result);
        json_destroy(a->elems[--a->n]);
    }
    print_json(result);
    json_destroy(result);
}

/* ------------------------------------------------------------------ */
/* dump, backup. */

static const struct ovsdb_table_schema *
find_table(const char *name)
{
    const struct ovsdb_table_schema *ts = ovsdb_schema_get_table(schema,
                                                                 name);
    if (!ts) {
        ovs_fatal(0, "No table \"%s\" found.", name);
    }
    return ts;
}

/* The columns a dump shows by default: _uuid, then the schema's columns
 * in name order. */
static void
default_dump_columns(const struct ovsdb_table_schema *ts,
                     struct ovsdb_column_set *columns)
{
    ovsdb_column_set_add(columns, ts->columns_by_index[OVSDB_COL_UUID]);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        ovsdb_column_set_add(columns, ts->columns_by_index[i]);
    }
}

static struct json *
select_op(const struct ovsdb_table_schema *ts,
          const struct ovsdb_column_set *columns)
{
    struct json *op = json_object_create();
    json_object_put_string(op, "op", "select");
    json_object_put_string(op, "table", ts->name);
    json_object_put(op, "where", json_array_create_empty());
    struct json *names = json_array_create_empty();
    for (size_t i = 0; i < columns->n; i++) {
        json_array_add(names, json_string_create(columns->columns[i]->name));
    }
    json_object_put(op, "columns", names);
    return op;
}

/* One row of a dump, parsed, for sorting. */
struct dump_row {
    struct ovsdb_datum *data;       /* One per column. */
};

static const struct ovsdb_column_set *sort_columns;

static int
compare_dump_rows(const void *a_, const void *b_)
{
    const struct dump_row *a = a_, *b = b_;
    const struct ovsdb_column_set *cs = sort_columns;

    /* The row's UUID decides only between rows that are otherwise equal,
     * as in the output we are compatible with. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < cs->n; i++) {
            const struct ovsdb_column *c = cs->columns[i];
            if ((c->index == OVSDB_COL_UUID) != (pass == 1)) {
                continue;
            }
            int cmp = ovsdb_datum_compare_3way(&a->data[i], &b->data[i],
                                               &c->type);
            if (cmp) {
                return cmp;
            }
        }
    }
    return 0;
}

static void
dump_table(const struct ovsdb_table_schema *ts,
           const struct ovsdb_column_set *columns, const struct json *rows)
{
    if (rows->type != JSON_ARRAY) {
        ovs_fatal(0, "%s table reply is not an array", ts->name);
    }
    const struct json_array *array = json_array(rows);
    struct dump_row *parsed = xcalloc(array->n + 1, sizeof *parsed);

    for (size_t r = 0; r < array->n; r++) {
        const struct json *row = array->elems[r];
        if (row->type != JSON_OBJECT) {
            ovs_fatal(0, "%s table reply row is not an object", ts->name);
        }
        parsed[r].data = xcalloc(columns->n, sizeof *parsed[r].data);
        for (size_t i = 0; i < columns->n; i++) {
            const struct ovsdb_column *c = columns->columns[i];
            const struct json *value = shash_find_data(json_object(row),
                                                       c->name);
            if (!value) {
                ovs_fatal(0, "%s table reply row lacks %s column",
                          ts->name, c->name);
            }
            struct ovsdb_error *error = ovsdb_datum_from_json(
                &parsed[r].data[i], &c->type, value, NULL);
            if (error) {
                fatal_ovsdb_error(NULL, error);
            }
        }
    }
    sort_columns = columns;
    qsort(parsed, array->n, sizeof *parsed, compare_dump_rows);

    struct table t;
    table_init(&t);
    table_set_caption(&t, xasprintf("%s table", ts->name));
    for (size_t i = 0; i < columns->n; i++) {
        table_add_column(&t, columns->columns[i]->name);
    }
    for (size_t r = 0; r < array->n; r++) {
        table_add_row(&t);
        for (size_t i = 0; i < columns->n; i++) {
            const struct ovsdb_type *type = &columns->columns[i]->type;
            struct cell *cell = table_add_cell(&t, i);
            cell->json = ovsdb_datum_to_json(&parsed[r].data[i], type);
            cell->type = type;
            ovsdb_datum_destroy(&parsed[r].data[i], type);
        }
        free(parsed[r].data);
    }
    free(parsed);
    table_print(&t, &style);
    table_destroy(&t);
}

static void
do_dump(const char *database, int argc, char *argv[])
{
    schema = fetch_schema(database);

    /* The tables, and for each the columns, to dump. */
    size_t n_tables = argc ? 1 : schema->n_tables;
    const struct ovsdb_table_schema **tables = xmalloc(
        (n_tables + 1) * sizeof *tables);
    struct ovsdb_column_set *columns = xmalloc(
        (n_tables + 1) * sizeof *columns);
    if (argc) {
        tables[0] = find_table(argv[0]);
        ovsdb_column_set_init(&columns[0]);
        for (int i = 1; i < argc; i++) {
            const struct ovsdb_column *c = ovsdb_table_schema_get_column(
                tables[0], argv[i]);
            if (!c) {
                ovs_fatal(0, "Table \"%s\" has no column %s.",
                          tables[0]->name, argv[i]);
            }
            ovsdb_column_set_add(&columns[0], c);
        }
        if (argc == 1) {
            default_dump_columns(tables[0], &columns[0]);
        }
    } else {
        for (size_t i = 0; i < n_tables; i++) {
            tables[i] = schema->tables_by_index[i];
            ovsdb_column_set_init(&columns[i]);
            default_dump_columns(tables[i], &columns[i]);
        }
    }

    struct json *txn = json_array_create_1(json_string_create(database));
    for (size_t i = 0; i < n_tables; i++) {
        json_array_add(txn, select_op(tables[i], &columns[i]));
    }
    struct json *result = transact_method("transact", txn);
    if (result->type != JSON_ARRAY || json_array(result)->n != n_tables) {
        fatal_text = json_to_string(result, JSSF_SORT);
        ovs_fatal(0, "dump response is not an array of %zu results: %s",
                  n_tables, fatal_text);
    }
    for (size_t i = 0; i < n_tables; i++) {
        const struct json *op_result = json_array(result)->elems[i];
        const struct json *rows = (op_result->type == JSON_OBJECT
                                   ? shash_find_data(json_object(op_result),
                                                     "rows")
                                   : NULL);
        if (!rows) {
            fatal_text = json_to_string(op_result, JSSF_SORT);
            ovs_fatal(0, "%s table reply is not a \"rows\" result: %s",
                      tables[i]->name, fatal_text);
        }
        dump_table(tables[i], &columns[i], rows);
        ovsdb_column_set_destroy(&columns[i]);
    }
    json_destroy(result);
    free(columns);
    free(tables);
}

static void
do_backup(const char *database, int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    if (isatty(STDOUT_FILENO)) {
        ovs_fatal(0, "not writing backup to a terminal; "
                  "please redirect stdout to a file");
    }

    struct json *schema_json = fetch_schema_json(database);
    struct ovsdb_error *error = ovsdb_schema_from_json(schema_json, &schema);
    if (error) {
        fatal_ovsdb_error(NULL, error);
    }

    /* Every column of every table, with _uuid to key the rows by. */
    struct json *txn = json_array_create_1(json_string_create(database));
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables_by_index[i];
        struct ovsdb_column_set cs = OVSDB_COLUMN_SET_INITIALIZER;
        default_dump_columns(ts, &cs);
        json_array_add(txn, select_op(ts, &cs));
        ovsdb_column_set_destroy(&cs);
    }
    struct json *result = transact_method("transact", txn);
    if (result->type != JSON_ARRAY
        || json_array(result)->n != schema->n_tables) {
        ovs_fatal(0, "backup response is not an array of %zu results",
                  schema->n_tables);
    }

    struct json *data = json_object_create();
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables_by_index[i];
        const struct json *op_result = json_array(result)->elems[i];
        const struct json *rows = (op_result->type == JSON_OBJECT
                                   ? shash_find_data(json_object(op_result),
                                                     "rows")
                                   : NULL);
        if (!rows || rows->type != JSON_ARRAY) {
            ovs_fatal(0, "%s table reply is not a \"rows\" result",
                      ts->name);
        }
        if (!json_array(rows)->n) {
            continue;
        }
        struct json *table_json = json_object_create();
        for (size_t r = 0; r < json_array(rows)->n; r++) {
            const struct json *row = json_array(rows)->elems[r];
            const struct json *uuid = (row->type == JSON_OBJECT
                                       ? shash_find_data(json_object(row),
                                                         "_uuid")
                                       : NULL);
            if (!uuid || uuid->type != JSON_ARRAY
                || json_array(uuid)->n != 2
                || json_array(uuid)->elems[1]->type != JSON_STRING) {
                ovs_fatal(0, "%s table reply row lacks _uuid", ts->name);
            }
            struct json *row_json = json_object_create();
            struct shash_node *node;
            SHASH_FOR_EACH (node, json_object(row)) {
                if (node->name[0] != '_') {
                    json_object_put(row_json, node->name,
                                    json_clone(node->data));
                }
            }
            json_object_put(table_json,
                            json_string(json_array(uuid)->elems[1]),
                            row_json);
        }
        json_object_put(data, ts->name, table_json);
    }
    json_object_put(data, "_date", json_integer_create(time_wall_msec()));
    json_object_put(data, "_is_diff", json_boolean_create(true));
    json_object_put_string(data, "_comment",
                           "produced by \"ovsdb-client backup\"");

    struct ds out = DS_EMPTY_INITIALIZER;
    ovsdb_log_frame(schema_json, &out);
    ovsdb_log_frame(data, &out);
    if (fwrite(out.string, 1, out.length, stdout) != out.length
        || fflush(stdout)) {
        ovs_fatal(0, "writing backup failed (%s)", ovs_strerror(errno));
    }
    ds_destroy(&out);
    json_destroy(data);
    json_destroy(result);
    json_destroy(schema_json);
}

/* True if schemas A and B describe the same database.  "isRoot" is
 * compared by its effect (whether a table's rows are garbage collected),
 * because a server may leave it out when every table is a root. */
static bool
schemas_equal(const struct ovsdb_schema *a, const struct ovsdb_schema *b)
{
    if (a->n_tables != b->n_tables) {
        return false;
    }
    for (size_t i = 0; i < a->n_tables; i++) {
        const struct ovsdb_table_schema *ta = a->tables_by_index[i];
        const struct ovsdb_table_schema *tb = ovsdb_schema_get_table(
            b, ta->name);
        if (!tb || ta->is_gc_root != tb->is_gc_root) {
            return false;
        }
    }

    struct json *ja = ovsdb_schema_to_json(a);
    struct json *jb = ovsdb_schema_to_json(b);
    struct json *both[2] = { ja, jb };
    for (int i = 0; i < 2; i++) {
        const struct json *tables = shash_find_data(json_object(both[i]),
                                                    "tables");
        struct shash_node *node;
        SHASH_FOR_EACH (node, json_object(tables)) {
            json_destroy(shash_find_and_delete(json_object(node->data),
                                               "isRoot"));
        }
    }
    bool equal = json_equal(ja, jb);
    json_destroy(ja);
    json_destroy(jb);
    return equal;
}

/* ------------------------------------------------------------------ */
/* restore. */

/* The rows of a database file, as table name -> (uuid string -> row
 * object), built by replaying its records. */
static void
restore_apply_record(struct shash *tables, const struct json *record,
                     const struct ovsdb_schema *file_schema)
{
    if (record->type != JSON_OBJECT) {
        ovs_fatal(0, "database file record is not an object");
    }
    const struct json *is_diff_json = shash_find_data(json_object(record),
                                                      "_is_diff");
    bool is_diff = is_diff_json && is_diff_json->type == JSON_TRUE;

    struct shash_node *tnode;
    SHASH_FOR_EACH (tnode, json_object(record)) {
        const struct ovsdb_table_schema *ts;
        ts = ovsdb_schema_get_table(file_schema, tnode->name);
        if (!ts || ((const struct json *) tnode->data)->type != JSON_OBJECT) {
            continue;           /* "_date", "_comment" and the like. */
        }
        struct shash *rows = shash_find_data(tables, tnode->name);
        if (!rows) {
            rows = xmalloc(sizeof *rows);
            shash_init(rows);
            shash_add(tables, tnode->name, rows);
        }
        struct shash_node *rnode;
        SHASH_FOR_EACH (rnode, json_object(tnode->data)) {
            const struct json *change = rnode->data;
            struct json *old = shash_find_and_delete(rows, rnode->name);
            if (change->type != JSON_OBJECT) {
                json_destroy(old);        /* null: the row was deleted. */
                continue;
            }
            struct json *row = old ? old : json_object_create();
            struct shash_node *cnode;
            SHASH_FOR_EACH (cnode, json_object(change)) {
                const struct ovsdb_column *c;
                c = ovsdb_table_schema_get_column(ts, cnode->name);
                const struct json *prev = shash_find_data(json_object(row),
                                                          cnode->name);
                if (c && is_diff && prev && !ovsdb_type_is_scalar(&c->type)
                    && !ovsdb_type_is_optional_scalar(&c->type)) {
                    /* A diff of a set or map: elements it names are
                     * toggled, map values it names replace ours. */
                    struct ovsdb_datum a, d;
                    struct ovsdb_error *e1, *e2;
                    struct ovsdb_type unbounded;
                    ovsdb_type_clone(&unbounded, &c->type);
                    unbounded.n_min = 0;
                    unbounded.n_max = OVSDB_N_UNLIMITED;
                    e1 = ovsdb_datum_from_json(&a, &unbounded, prev, NULL);
                    e2 = ovsdb_datum_from_json(&d, &unbounded, cnode->data,
                                               NULL);
                    if (e1 || e2) {
                        ovs_fatal(0, "bad diff in database file");
                    }
                    for (size_t i = 0; i < d.n; i++) {
                        unsigned int idx = ovsdb_datum_find_key(
                            &a, &d.keys[i], unbounded.key.type);
                        bool same = (idx != OVSDB_DATUM_NOT_FOUND
                                     && (!d.values
                                         || ovsdb_atom_equals(
                                             &a.values[idx], &d.values[i],
                                             unbounded.value.type)));
                        if (idx != OVSDB_DATUM_NOT_FOUND) {
                            ovsdb_datum_remove(&a, idx, &unbounded);
                        }
                        if (!same) {
                            union ovsdb_atom k, v;
                            ovsdb_atom_clone(&k, &d.keys[i],
                                             unbounded.key.type);
                            if (d.values) {
                                ovsdb_atom_clone(&v, &d.values[i],
                                                 unbounded.value.type);
                            }
                            ovsdb_datum_add_unsafe(&a, &k,
                                                   d.values ? &v : NULL);
                            ovsdb_error_destroy(ovsdb_datum_sort(
                                                    &a, &unbounded));
                        }
                    }
                    json_object_put(row, cnode->name,
                                    ovsdb_datum_to_json(&a, &unbounded));
                    ovsdb_datum_destroy(&a, &unbounded);
                    ovsdb_datum_destroy(&d, &unbounded);
                    ovsdb_type_destroy(&unbounded);
                } else {
                    json_object_put(row, cnode->name,
                                    json_clone(cnode->data));
                }
            }
            shash_add(rows, rnode->name, row);
        }
    }
}

/* Copies VALUE, turning references to rows of the file into references
 * to their "uuid-name"s. */
static struct json *
rename_refs(const struct json *value, const struct sset *uuids)
{
    if (value->type != JSON_ARRAY) {
        return json_clone(value);
    }
    const struct json_array *a = json_array(value);
    if (a->n == 2 && a->elems[0]->type == JSON_STRING
        && !strcmp(json_string(a->elems[0]), "uuid")
        && a->elems[1]->type == JSON_STRING) {
        const char *uuid = json_string(a->elems[1]);
        if (sset_contains(uuids, uuid)) {
            char *name = xasprintf("row%s", uuid);
            for (char *p = name; *p; p++) {
                if (*p == '-') {
                    *p = '_';
                }
            }
            return json_array_create_2(json_string_create("named-uuid"),
                                       json_string_create_nocopy(name));
        }
        return json_clone(value);
    }
    struct json *copy = json_array_create_empty();
    for (size_t i = 0; i < a->n; i++) {
        json_array_add(copy, rename_refs(a->elems[i], uuids));
    }
    return copy;
}

static void
check_restore_schema(const struct ovsdb_schema *file_schema,
                     const struct ovsdb_schema *db_schema)
{
    const char *fv = file_schema->version ? file_schema->version : "";
    const char *dv = db_schema->version ? db_schema->version : "";
    char *msg = NULL;

    if (strcmp(fv, dv)) {
        msg = xasprintf("backup schema has version \"%s\" but database "
                        "schema has version \"%s\"", fv, dv);
    } else if (!schemas_equal(file_schema, db_schema)) {
        msg = xasprintf("backup schema and database schema are both "
                        "version %s but still differ", fv);
    }
    if (msg) {
        if (!force) {
            ovs_fatal(0, "%s (use --force to override differences, or "
                      "\"ovsdb-client convert\" to change the schema)", msg);
        }
        VLOG_INFO("%s", msg);
        free(msg);
    }
}

static void
do_restore(const char *database, int argc OVS_UNUSED,
           char *argv[] OVS_UNUSED)
{
    struct ovsdb_log *log;
    struct ovsdb_error *error = ovsdb_log_open("/dev/stdin",
                                               OVSDB_LOG_READ_ONLY, &log);
    if (error) {
        fatal_ovsdb_error(NULL, error);
    }

    struct json *json;
    error = ovsdb_log_read(log, &json);
    if (error) {
        fatal_ovsdb_error(NULL, error);
    } else if (!json) {
        ovs_fatal(0, "/dev/stdin: database file contains no schema");
    }
    struct ovsdb_schema *file_schema;
    error = ovsdb_schema_from_json(json, &file_schema);
    json_destroy(json);
    if (error) {
        fatal_ovsdb_error(NULL, error);
    }

    struct shash tables = SHASH_INITIALIZER(&tables);
    for (;;) {
        error = ovsdb_log_read(log, &json);
        if (error) {
            fatal_ovsdb_error(NULL, error);
        } else if (!json) {
            break;
        }
        restore_apply_record(&tables, json, file_schema);
        json_destroy(json);
    }
    ovsdb_log_close(log);

    schema = fetch_schema(database);
    check_restore_schema(file_schema, schema);

    /* The UUIDs of all the rows, to recognise references among them. */
    struct sset uuids = SSET_INITIALIZER(&uuids);
    struct shash_node *tnode, *rnode;
    SHASH_FOR_EACH (tnode, &tables) {
        SHASH_FOR_EACH (rnode, (struct shash *) tnode->data) {
            sset_add(&uuids, rnode->name);
        }
    }

    struct json *txn = json_array_create_1(json_string_create(database));
    for (size_t i = 0; i < schema->n_tables; i++) {
        struct json *op = json_object_create();
        json_object_put_string(op, "op", "delete");
        json_object_put_string(op, "table", schema->tables_by_index[i]->name);
        json_object_put(op, "where", json_array_create_empty());
        json_array_add(txn, op);
    }
    SHASH_FOR_EACH (tnode, &tables) {
        const struct ovsdb_table_schema *ts;
        ts = ovsdb_schema_get_table(schema, tnode->name);
        if (!ts) {
            continue;           /* Only with --force. */
        }
        SHASH_FOR_EACH (rnode, (struct shash *) tnode->data) {
            struct json *row = json_object_create();
            struct shash_node *cnode;
            SHASH_FOR_EACH (cnode, json_object(rnode->data)) {
                if (ovsdb_table_schema_get_column(ts, cnode->name)
                    && cnode->name[0] != '_') {
                    json_object_put(row, cnode->name,
                                    rename_refs(cnode->data, &uuids));
                }
            }
            struct json *uuid = json_array_create_2(
                json_string_create("uuid"),
                json_string_create(rnode->name));
            struct json *name = rename_refs(uuid, &uuids);
            struct json *op = json_object_create();
            json_object_put_string(op, "op", "insert");
            json_object_put_string(op, "table", ts->name);
            json_object_put(op, "uuid-name",
                            json_clone(json_array(name)->elems[1]));
            json_object_put(op, "row", row);
            json_array_add(txn, op);
            json_destroy(name);
            json_destroy(uuid);
        }
    }

    struct json *result = transact_method("transact", txn);
    if (result->type != JSON_ARRAY) {
        ovs_fatal(0, "restore transaction reply is not an array");
    }
    for (size_t i = 0; i < json_array(result)->n; i++) {
        const struct json *r = json_array(result)->elems[i];
        if (r->type == JSON_OBJECT
            && shash_find_data(json_object(r), "error")) {
            fatal_text = json_to_string(r, JSSF_SORT);
            ovs_fatal(0, "transaction returned error: %s", fatal_text);
        }
    }
    json_destroy(result);

    SHASH_FOR_EACH (tnode, &tables) {
        struct shash *rows = tnode->data;
        SHASH_FOR_EACH (rnode, rows) {
            json_destroy(rnode->data);
        }
        shash_destroy(rows);
        free(rows);
    }
    shash_destroy(&tables);
    sset_destroy(&uuids);
    ovsdb_schema_destroy(file_schema);
}

/* ------------------------------------------------------------------ */
/* monitor, monitor-cond. */

/* One monitored table. */
struct monitored_table {
    const struct ovsdb_table_schema *ts;
    struct ovsdb_column_set columns;    /* Union of the requests', shown. */
    struct json *requests;              /* Array of monitor requests. */
};

static struct monitored_table *mts;
static size_t n_mts;

/* Parses one COLUMN[,COLUMN]... argument of TABLE into a monitor request
 * and adds its columns to MT's. */
static void
add_monitor_request(struct monitored_table *mt, const char *arg,
                    struct json *condition)
{
    bool initial = true, insert = true, delete = true, modify = true;
    struct ovsdb_column_set cs = OVSDB_COLUMN_SET_INITIALIZER;
    char *copy = xstrdup(arg ? arg : "");
    char *save = NULL;

    for (char *token = strtok_r(copy, ",", &save); token;
         token = strtok_r(NULL, ",", &save)) {
        bool value = token[0] != '!';
        const char *name = token + !value;
        if (!strcmp(name, "initial")) {
            initial = value;
        } else if (!strcmp(name, "insert")) {
            insert = value;
        } else if (!strcmp(name, "delete")) {
            delete = value;
        } else if (!strcmp(name, "modify")) {
            modify = value;
        } else {
            const struct ovsdb_column *c;
            c = ovsdb_table_schema_get_column(mt->ts, name);
            if (!c) {
                ovs_fatal(0, "%s: table \"%s\" in %s does not have a "
                          "column named \"%s\"", server_name, mt->ts->name,
                          schema->name, name);
            }
            ovsdb_column_set_add(&cs, c);
        }
    }
    free(copy);

    if (!cs.n) {
        /* All the columns: the schema's in name order, then _version. */
        for (size_t i = OVSDB_N_STD_COLUMNS; i < mt->ts->n_columns; i++) {
            ovsdb_column_set_add(&cs, mt->ts->columns_by_index[i]);
        }
        ovsdb_column_set_add(&cs,
                             mt->ts->columns_by_index[OVSDB_COL_VERSION]);
    }

    struct json *names = json_array_create_empty();
    for (size_t i = 0; i < cs.n; i++) {
        const struct ovsdb_column *c = cs.columns[i];
        if (ovsdb_column_set_contains(&mt->columns, c->index)) {
            ovs_fatal(0, "%s: column \"%s\" mentioned multiple times",
                      server_name, c->name);
        }
        ovsdb_column_set_add(&mt->columns, c);
        json_array_add(names, json_string_create(c->name));
    }
    ovsdb_column_set_destroy(&cs);

    struct json *select = json_object_create();
    json_object_put(select, "initial", json_boolean_create(initial));
    json_object_put(select, "insert", json_boolean_create(insert));
    json_object_put(select, "delete", json_boolean_create(delete));
    json_object_put(select, "modify", json_boolean_create(modify));

    struct json *request = json_object_create();
    json_object_put(request, "columns", names);
    json_object_put(request, "select", select);
    if (condition) {
        json_object_put(request, "where", json_clone(condition));
    }
    json_array_add(mt->requests, request);
}

static struct monitored_table *
add_monitored_table(const struct ovsdb_table_schema *ts)
{
    mts = xrealloc(mts, (n_mts + 1) * sizeof *mts);
    struct monitored_table *mt = &mts[n_mts++];
    mt->ts = ts;
    ovsdb_column_set_init(&mt->columns);
    mt->requests = json_array_create_empty();
    return mt;
}

/* Adds a row of TABLE_ to T for the row named UUID (NULL leaves the row
 * cell empty, for the second line of a change) with ACTION and the values
 * in ROW (a JSON object, or NULL). */
static void
add_update_row(struct table *t, const struct monitored_table *mt,
               const char *uuid, const char *action, const struct json *row)
{
    table_add_row(t);
    if (uuid) {
        add_string_cell(t, 0, uuid);
    }
    add_string_cell(t, 1, action);
    if (!row || row->type != JSON_OBJECT) {
        return;
    }
    for (size_t i = 0; i < mt->columns.n; i++) {
        const struct ovsdb_column *c = mt->columns.columns[i];
        const struct json *value = shash_find_data(json_object(row),
                                                   c->name);
        if (value) {
            struct cell *cell = table_add_cell(t, i + 2);
            cell->json = json_clone(value);
            cell->type = &c->type;
        }
    }
}

/* Prints the changes to one table.  VERSION is 1 for "monitor" updates
 * ({"old":..., "new":...} per row), 2 for "monitor_cond" ones ({"initial"
 * | "insert" | "delete" | "modify": ...}). */
static void
print_table_update(const struct monitored_table *mt,
                   const struct json *rows, int version, bool initial)
{
    if (rows->type != JSON_OBJECT || shash_is_empty(json_object(rows))) {
        return;
    }

    struct table t;
    table_init(&t);
    table_set_timestamp(&t, timestamp);
    if (n_mts > 1) {
        table_set_caption(&t, xstrdup(mt->ts->name));
    }
    table_add_column(&t, "row");
    table_add_column(&t, "action");
    for (size_t i = 0; i < mt->columns.n; i++) {
        table_add_column(&t, mt->columns.columns[i]->name);
    }

    const struct shash_node **nodes = shash_sort(json_object(rows));
    size_t n = shash_count(json_object(rows));
    for (size_t i = 0; i < n; i++) {
        const char *uuid = nodes[i]->name;
        const struct json *change = nodes[i]->data;
        if (change->type != JSON_OBJECT) {
            continue;
        }
        const struct shash *members = json_object(change);
        if (version == 1) {
            const struct json *old = shash_find_data(members, "old");
            const struct json *new = shash_find_data(members, "new");
            if (!old) {
                add_update_row(&t, mt, uuid, initial ? "initial" : "insert",
                               new);
            } else if (!new) {
                add_update_row(&t, mt, uuid, "delete", old);
            } else {
                add_update_row(&t, mt, uuid, "old", old);
                add_update_row(&t, mt, NULL, "new", new);
            }
        } else {
            static const char *const actions[] = {
                "initial", "insert", "delete", "modify"
            };
            for (size_t j = 0; j < ARRAY_SIZE(actions); j++) {
                const struct json *row = shash_find_data(members,
                                                         actions[j]);
                if (row) {
                    add_update_row(&t, mt, uuid, actions[j], row);
                }
            }
        }
    }
    free(nodes);

    COVERAGE_INC(ovsdb_client_update);
    table_print(&t, &style);
    table_destroy(&t);
}

static void
print_update(const struct json *updates, int version, bool initial)
{
    if (!updates || updates->type != JSON_OBJECT) {
        ovs_fatal(0, "table-updates is not an object");
    }
    for (size_t i = 0; i < n_mts; i++) {
        const struct json *rows = shash_find_data(json_object(updates),
                                                  mts[i].ts->name);
        if (rows) {
            print_table_update(&mts[i], rows, version, initial);
        }
    }
}

/* VERSION is 1 for "monitor", 2 for "monitor_cond", 3 for
 * "monitor_cond_since" (then LAST_ID is the transaction to start after). */
static void
monitor_common(const char *database, int argc, char *argv[],
               struct json *condition, int version, const char *last_id)
{
    schema = fetch_schema(database);

    if (argc == 1 && !strcmp(argv[0], "ALL")) {
        for (size_t i = 0; i < schema->n_tables; i++) {
            struct monitored_table *mt;
            mt = add_monitored_table(schema->tables_by_index[i]);
            add_monitor_request(mt, NULL, condition);
        }
    } else {
        struct monitored_table *mt = add_monitored_table(find_table(argv[0]));
        if (argc == 1) {
            add_monitor_request(mt, NULL, condition);
        }
        for (int i = 1; i < argc; i++) {
            add_monitor_request(mt, argv[i], condition);
        }
    }

    struct json *requests = json_object_create();
    for (size_t i = 0; i < n_mts; i++) {
        json_object_put(requests, mts[i].ts->name,
                        json_clone(mts[i].requests));
    }
    static const char *const methods[] = {
        NULL, "monitor", "monitor_cond", "monitor_cond_since"
    };
    static const char *const update_methods[] = {
        NULL, "update", "update2", "update3"
    };

    daemonize_start(false);
    struct json *params = json_array_create_3(json_string_create(database),
                                              json_null_create(), requests);
    if (version == 3) {
        json_array_add(params, json_string_create(last_id));
    }
    struct json *result = transact_method(methods[version], params);
    if (version == 3) {
        /* [found, last-id, updates] */
        if (result->type != JSON_ARRAY || json_array(result)->n != 3
            || json_array(result)->elems[1]->type != JSON_STRING) {
            ovs_fatal(0, "%s: bad monitor_cond_since reply", server_name);
        }
        const struct json_array *a = json_array(result);
        printf("found: %s, last_id: %s\n",
               a->elems[0]->type == JSON_TRUE ? "true" : "false",
               json_string(a->elems[1]));
        fflush(stdout);
        print_update(a->elems[2], 2, true);
    } else {
        print_update(result, version, true);
    }
    json_destroy(result);
    daemonize_keeping_output();

    for (;;) {
        struct jsonrpc_msg *msg = recv_msg();
        size_t n_params = (msg->params && msg->params->type == JSON_ARRAY
                           ? json_array(msg->params)->n : 0);
        if (msg->type == JSONRPC_NOTIFY
            && !strcmp(msg->method, update_methods[version])
            && n_params == (version == 3 ? 3 : 2)) {
            const struct json_array *a = json_array(msg->params);
            if (version == 3) {
                if (a->elems[1]->type == JSON_STRING) {
                    printf("last_id: %s\n", json_string(a->elems[1]));
                    fflush(stdout);
                }
                print_update(a->elems[2], 2, false);
            } else {
                print_update(a->elems[1], version, false);
            }
        } else if (msg->type == JSONRPC_NOTIFY
                   && !strcmp(msg->method, "monitor_canceled")) {
            ovs_fatal(0, "%s: monitor canceled by server", server_name);
        } else {
            char *str = jsonrpc_msg_to_string(msg);
            VLOG_DBG("%s: ignoring %s", server_name, str);
            free(str);
        }
        jsonrpc_msg_destroy(msg);
    }
}

static void
do_monitor(const char *database, int argc, char *argv[])
{
    monitor_common(database, argc, argv, NULL, 1, NULL);
}

static struct json *
parse_condition(const char *arg)
{
    struct json *condition = parse_json_arg(arg);
    if (condition->type != JSON_ARRAY) {
        ovs_fatal(0, "CONDITION must be an array of conditions");
    }
    return condition;
}

static void
do_monitor_cond(const char *database, int argc, char *argv[])
{
    struct json *condition = parse_condition(argv[0]);
    monitor_common(database, argc - 1, argv + 1, condition, 2, NULL);
    json_destroy(condition);
}

/* monitor-cond-since [LASTID] CONDITION TABLE...: LASTID, if given, is a
 * UUID; the default (all zeros) asks for everything. */
static void
do_monitor_cond_since(const char *database, int argc, char *argv[])
{
    const char *last_id = "00000000-0000-0000-0000-000000000000";
    struct uuid uuid;

    if (argc > 2 && uuid_from_string(&uuid, argv[0])) {
        last_id = argv[0];
        argc--;
        argv++;
    }
    struct json *condition = parse_condition(argv[0]);
    monitor_common(database, argc - 1, argv + 1, condition, 3, last_id);
    json_destroy(condition);
}

/* ------------------------------------------------------------------ */
/* convert, needs-conversion. */

static struct ovsdb_schema *
read_schema_file(const char *file_name)
{
    struct ovsdb_schema *s;
    struct ovsdb_error *error = ovsdb_schema_from_file(file_name, &s);
    if (error) {
        fatal_ovsdb_error("failed to read schema: ", error);
    }
    return s;
}

static void
do_needs_conversion(const char *database OVS_UNUSED, int argc OVS_UNUSED,
                    char *argv[])
{
    struct ovsdb_schema *file_schema = read_schema_file(argv[0]);
    schema = fetch_schema(file_schema->name);

    puts(schemas_equal(file_schema, schema) ? "no" : "yes");
    ovsdb_schema_destroy(file_schema);
}

static void
do_convert(const char *database OVS_UNUSED, int argc OVS_UNUSED,
           char *argv[])
{
    struct ovsdb_schema *file_schema = read_schema_file(argv[0]);
    struct json *result = transact_method("convert", json_array_create_2(
        json_string_create(file_schema->name),
        ovsdb_schema_to_json(file_schema)));
    json_destroy(result);
    ovsdb_schema_destroy(file_schema);
}

/* ------------------------------------------------------------------ */
/* lock, steal, unlock. */

static void
lock_common(const char *method, const char *lock)
{
    daemonize_start(false);
    struct json *id;
    int error = jsonrpc_send_block(rpc, jsonrpc_create_request(
                                       method, json_array_create_1(
                                           json_string_create(lock)), &id));
    if (error) {
        ovs_fatal(0, "%s: send failed (%s)", server_name, error_text(error));
    }

    /* Like the tool we are compatible with, this keeps waiting after an
     * error reply (e.g. "unlock" of a lock we do not hold): it is only
     * logged. */
    for (;;) {
        struct jsonrpc_msg *msg = recv_msg();
        if (msg->type == JSONRPC_REPLY && json_equal(msg->id, id)) {
            print_json(msg->result);
            daemonize_keeping_output();
        } else if (msg->type == JSONRPC_ERROR && json_equal(msg->id, id)) {
            char *s = json_to_string(msg->error, JSSF_SORT);
            VLOG_DBG("%s: %s failed: %s", server_name, method, s);
            free(s);
            daemonize_keeping_output();
        } else if (msg->type == JSONRPC_NOTIFY
                   && (!strcmp(msg->method, "locked")
                       || !strcmp(msg->method, "stolen"))) {
            puts(msg->method);
            print_json(msg->params);
        }
        jsonrpc_msg_destroy(msg);
    }
}

static void
do_lock(const char *database OVS_UNUSED, int argc OVS_UNUSED, char *argv[])
{
    lock_common("lock", argv[0]);
}

static void
do_steal(const char *database OVS_UNUSED, int argc OVS_UNUSED, char *argv[])
{
    lock_common("steal", argv[0]);
}

static void
do_unlock(const char *database OVS_UNUSED, int argc OVS_UNUSED,
          char *argv[])
{
    lock_common("unlock", argv[0]);
}

/* ------------------------------------------------------------------ */
/* wait. */

enum wait_state { WAIT_ADDED, WAIT_CONNECTED, WAIT_REMOVED };

/* Applies a _Server Database table update to ROWS (uuid -> row object). */
static void
wait_apply_update(struct shash *rows, const struct json *updates)
{
    const struct json *table = (updates && updates->type == JSON_OBJECT
                                ? shash_find_data(json_object(updates),
                                                  "Database")
                                : NULL);
    if (!table || table->type != JSON_OBJECT) {
        return;
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, json_object(table)) {
        const struct json *change = node->data;
        const struct json *new = (change->type == JSON_OBJECT
                                  ? shash_find_data(json_object(change),
                                                    "new")
                                  : NULL);
        json_destroy(shash_find_and_delete(rows, node->name));
        if (new) {
            shash_add(rows, node->name, json_clone(new));
        }
    }
}

static bool
wait_is_done(const struct shash *rows, const char *database,
             enum wait_state state)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, rows) {
        const struct json *row = node->data;
        const struct json *name = shash_find_data(json_object(row), "name");
        if (!name || name->type != JSON_STRING
            || strcmp(json_string(name), database)) {
            continue;
        }
        if (state == WAIT_CONNECTED) {
            const struct json *connected;
            connected = shash_find_data(json_object(row), "connected");
            return connected && connected->type == JSON_TRUE;
        }
        return state == WAIT_ADDED;
    }
    return state == WAIT_REMOVED;
}

static void
clear_rows(struct shash *rows)
{
    struct shash_node *node, *next;
    SHASH_FOR_EACH_SAFE (node, next, rows) {
        json_destroy(node->data);
        shash_delete(rows, node);
    }
}

/* Waits, reconnecting as needed, until the server's _Server database
 * says that DATABASE is in STATE. */
static void
do_wait(const char *database OVS_UNUSED, int argc OVS_UNUSED, char *argv[])
{
    const char *db = argv[0];
    const char *state_name = argv[1];
    enum wait_state state;

    if (!strcmp(state_name, "added")) {
        state = WAIT_ADDED;
    } else if (!strcmp(state_name, "connected")) {
        state = WAIT_CONNECTED;
    } else if (!strcmp(state_name, "removed")) {
        state = WAIT_REMOVED;
    } else {
        ovs_fatal(0, "%s: unknown state", state_name);
    }

    struct jsonrpc_session *session = jsonrpc_session_open(server_name,
                                                           true);
    struct shash rows = SHASH_INITIALIZER(&rows);
    unsigned int seqno = 0;
    struct json *request_id = NULL;

    for (;;) {
        jsonrpc_session_run(session);
        if (!jsonrpc_session_is_alive(session)) {
            ovs_fatal(0, "%s: connection failed", server_name);
        }
        if (seqno != jsonrpc_session_get_seqno(session)
            && jsonrpc_session_is_connected(session)) {
            seqno = jsonrpc_session_get_seqno(session);
            clear_rows(&rows);

            struct json *columns = json_array_create_2(
                json_string_create("name"), json_string_create("connected"));
            struct json *request = json_object_create();
            json_object_put(request, "columns", columns);
            struct json *requests = json_object_create();
            json_object_put(requests, "Database", request);
            json_destroy(request_id);
            jsonrpc_session_send(session, jsonrpc_create_request(
                "monitor", json_array_create_3(
                    json_string_create("_Server"),
                    json_string_create("wait"), requests), &request_id));
        }

        struct jsonrpc_msg *msg = jsonrpc_session_recv(session);
        if (msg) {
            bool done = false;
            if ((msg->type == JSONRPC_REPLY || msg->type == JSONRPC_ERROR)
                && request_id && json_equal(msg->id, request_id)) {
                if (msg->type == JSONRPC_ERROR) {
                    fatal_text = json_to_string(msg->error, JSSF_SORT);
                    ovs_fatal(0, "%s: monitoring _Server failed: %s",
                              server_name, fatal_text);
                }
                wait_apply_update(&rows, msg->result);
                done = wait_is_done(&rows, db, state);
            } else if (msg->type == JSONRPC_NOTIFY
                       && !strcmp(msg->method, "update")
                       && msg->params->type == JSON_ARRAY
                       && json_array(msg->params)->n == 2) {
                wait_apply_update(&rows, json_array(msg->params)->elems[1]);
                done = wait_is_done(&rows, db, state);
            }
            jsonrpc_msg_destroy(msg);
            if (done) {
                break;
            }
            continue;
        }

        jsonrpc_session_wait(session);
        jsonrpc_session_recv_wait(session);
        poll_block();
    }
    clear_rows(&rows);
    shash_destroy(&rows);
    json_destroy(request_id);
    jsonrpc_session_close(session);
}

/* ------------------------------------------------------------------ */
/* Command line. */

static void
do_help(const char *database OVS_UNUSED, int argc OVS_UNUSED,
        char *argv[] OVS_UNUSED)
{
    usage();
}

static const struct command commands[] = {
    { "list-dbs", NEED_RPC, 0, 0, do_list_dbs },
    { "get-schema", NEED_DATABASE, 0, 0, do_get_schema },
    { "get-schema-version", NEED_DATABASE, 0, 0, do_get_schema_version },
    { "get-schema-cksum", NEED_DATABASE, 0, 0, do_get_schema_cksum },
    { "list-tables", NEED_DATABASE, 0, 0, do_list_tables },
    { "list-columns", NEED_DATABASE, 0, 1, do_list_columns },
    { "transact", NEED_RPC, 1, 1, do_transact },
    { "query", NEED_RPC, 1, 1, do_query },
    { "monitor", NEED_DATABASE, 1, INT_MAX, do_monitor },
    { "monitor-cond", NEED_DATABASE, 2, INT_MAX, do_monitor_cond },
    { "monitor-cond-since", NEED_DATABASE, 2, INT_MAX,
      do_monitor_cond_since },
    { "convert", NEED_RPC, 1, 1, do_convert },
    { "needs-conversion", NEED_RPC, 1, 1, do_needs_conversion },
    { "wait", NEED_NONE, 2, 2, do_wait },
    { "dump", NEED_DATABASE, 0, INT_MAX, do_dump },
    { "backup", NEED_DATABASE, 0, 0, do_backup },
    { "restore", NEED_DATABASE, 0, 0, do_restore },
    { "lock", NEED_RPC, 1, 1, do_lock },
    { "steal", NEED_RPC, 1, 1, do_steal },
    { "unlock", NEED_RPC, 1, 1, do_unlock },
    { "help", NEED_NONE, 0, INT_MAX, do_help },
};

static const struct command *
find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(commands[i].name, name)) {
            return &commands[i];
        }
    }
    return NULL;
}

static void
usage(void)
{
    printf("%s: command-line client for OVSDB servers (RFC 7047 JSON-RPC)\n"
           "usage: %s [OPTIONS] COMMAND [SERVER] [DATABASE] [ARG...]\n"
           "\n"
           "SERVER is one of the active remotes listed further down;"
           " the\ndefault is unix:%s/db.sock\n"
           "DATABASE may be left out if the server holds exactly one"
           " database\nbesides _Server, or one named Open_vSwitch.\n",
           program_name, program_name, ovs_rundir());
    printf("\nLooking at schemas:\n"
           "  list-dbs [SERVER]\n"
           "      print the names of the server's databases, one a line\n"
           "  get-schema [SERVER] [DATABASE]\n"
           "      print the database's schema (JSON)\n"
           "  get-schema-version [SERVER] [DATABASE]\n"
           "  get-schema-cksum [SERVER] [DATABASE]\n"
           "      print just the schema's \"version\" or \"cksum\" field\n"
           "  list-tables [SERVER] [DATABASE]\n"
           "      print a one-column table of the database's table names\n"
           "  list-columns [SERVER] [DATABASE] [TABLE]\n"
           "      print the name and type of each column of TABLE, or of"
           " all tables\n");
    printf("\nRunning transactions:\n"
           "  transact [SERVER] TRANSACTION\n"
           "      send TRANSACTION, a JSON array [\"DB\", OPERATION...]"
           " (the params\n"
           "      of a \"transact\" request), and print the reply's"
           " result as JSON\n"
           "  query [SERVER] TRANSACTION\n"
           "      same, but an \"abort\" is added at the end so that"
           " nothing changes\n");
    printf("\nWatching for changes (runs until killed):\n"
           "  monitor [SERVER] [DATABASE] TABLE [COLUMN[,COLUMN]...]...\n"
           "      print TABLE's rows, then each change to them; each"
           " argument after\n"
           "      TABLE is one request, a comma-separated column list"
           " (no list: all\n"
           "      columns) that may include !initial, !insert, !delete"
           " or !modify\n"
           "      to drop that kind of update\n"
           "  monitor [SERVER] [DATABASE] ALL\n"
           "      the same for every column of every table\n"
           "  monitor-cond [SERVER] [DATABASE] CONDITION TABLE"
           " [COLUMN[,COLUMN]...]...\n"
           "      like monitor, restricted to the rows that match"
           " CONDITION, a JSON\n"
           "      array of clauses, e.g. '[[\"name\",\"==\",\"br0\"]]'\n"
           "  monitor-cond-since [SERVER] [DATABASE] [LASTID] CONDITION"
           " TABLE ...\n"
           "      like monitor-cond; LASTID is the UUID of the last"
           " transaction\n"
           "      already seen (default all zeros, meaning none), and"
           " the output\n"
           "      starts with \"found: BOOL, last_id: UUID\"\n");
    printf("\nManaging databases:\n"
           "  convert [SERVER] SCHEMA\n"
           "      convert the live database that the schema file SCHEMA"
           " names\n"
           "      to that schema\n"
           "  needs-conversion [SERVER] SCHEMA\n"
           "      print \"yes\" if that database's schema differs from"
           " SCHEMA, else \"no\"\n"
           "  wait [SERVER] DATABASE STATE\n"
           "      block until the server reports DATABASE as \"added\","
           " \"connected\"\n"
           "      or \"removed\" (SERVER need not be up yet)\n"
           "  dump [SERVER] [DATABASE] [TABLE [COLUMN]...]\n"
           "      print every table's rows, or only TABLE's (and only"
           " COLUMNs)\n"
           "  backup [SERVER] [DATABASE] > FILE\n"
           "      write the database to standard output as a standalone"
           " database\n"
           "      file (standard output must not be a terminal)\n"
           "  restore [SERVER] [DATABASE] < FILE\n"
           "      replace the database's rows with those of the database"
           " file read\n"
           "      from standard input (rows get new UUIDs); see --force\n");
    printf("\nLocks (run until killed):\n"
           "  lock [SERVER] LOCK      ask for LOCK; print the reply, then"
           " each\n"
           "                          \"locked\" or \"stolen\" notice\n"
           "  steal [SERVER] LOCK     take LOCK, even from its current"
           " owner\n"
           "  unlock [SERVER] LOCK    give LOCK up\n"
           "\n"
           "  help                    print this text\n\n");
    stream_usage("SERVER", true, true, true);
    printf("\nOutput options:\n"
           "  -f, --format=FORMAT     table (default), list, html, csv"
           " or json\n"
           "  -d, --data=FORMAT       cell contents as string (default),"
           " bare or json\n"
           "  --no-headings           leave out the column headings\n"
           "  --pretty                indent JSON output\n"
           "  --bare                  short for --format=list --data=bare"
           " --no-headings\n"
           "  --timestamp             show the time of each monitor"
           " update\n"
           "\nCommand options:\n"
           "  --force                 let restore proceed although the"
           " schemas differ\n"
           "  -t, --timeout=SECS      abort (SIGALRM) after SECS seconds;"
           " 0: no limit\n"
           "  --db-change-aware, --no-db-change-aware, --no-leader-only\n"
           "                          accepted for compatibility; no"
           " effect\n"
           "\nWith --detach, monitor and lock commands go to the background"
           " once\ntheir first reply has been printed.\n");
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  -h, --help              print this text and exit\n"
           "  -V, --version           print the version and exit\n");
    exit(EXIT_SUCCESS);
}

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_START = UCHAR_MAX + 1,
        OPT_TIMESTAMP,
        OPT_FORCE,
        OPT_DB_CHANGE_AWARE,
        OPT_NO_DB_CHANGE_AWARE,
        OPT_NO_LEADER_ONLY,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"timestamp", no_argument, NULL, OPT_TIMESTAMP},
        {"force", no_argument, NULL, OPT_FORCE},
        {"timeout", required_argument, NULL, 't'},
        {"db-change-aware", no_argument, NULL, OPT_DB_CHANGE_AWARE},
        {"no-db-change-aware", no_argument, NULL, OPT_NO_DB_CHANGE_AWARE},
        {"no-leader-only", no_argument, NULL, OPT_NO_LEADER_ONLY},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        TABLE_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_long_options_to_short_options(long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        TABLE_OPTION_HANDLERS(&style)
        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        STREAM_SSL_OPTION_HANDLERS

        case OPT_TIMESTAMP:
            timestamp = true;
            break;

        case OPT_FORCE:
            force = true;
            break;

        case 't': {
            unsigned int secs;
            if (!str_to_uint(optarg, 10, &secs)) {
                ovs_fatal(0, "value %s on -t or --timeout is invalid",
                          optarg);
            }
            if (secs) {
                alarm(secs);
            }
            break;
        }

        case OPT_DB_CHANGE_AWARE:
        case OPT_NO_DB_CHANGE_AWARE:
        case OPT_NO_LEADER_ONLY:
            /* Accepted for compatibility; nothing to do here. */
            break;

        case 'h':
            usage();

        case 'V':
            ovs_print_version();
            exit(EXIT_SUCCESS);

        case '?':
            exit(EXIT_FAILURE);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);
}

/* True if ARG names a connection method ("unix:...", "ptcp:...") rather
 * than a database or table. */
static bool
is_server_name(const char *arg)
{
    size_t n = strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789");
    return n > 0 && arg[n] == ':';
}

/* Picks the database for a command that did not name one. */
static const char *
default_database(const struct sset *dbs)
{
    const char *only = NULL;
    size_t n = 0;
    const char *name;
    SSET_FOR_EACH (name, dbs) {
        if (strcmp(name, "_Server")) {
            only = name;
            n++;
        }
    }
    if (n == 1) {
        return only;
    } else if (sset_contains(dbs, "Open_vSwitch")) {
        return "Open_vSwitch";
    }
    ovs_fatal(0, "could not find a default database, please specify a "
              "database name");
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    fatal_ignore_sigpipe();

    /* A failed connection is reported once, in our own words, as the tool
     * we are compatible with does; the stream layer's warning about it
     * would say the same thing twice.  -v can still turn it on. */
    struct vlog_module *stream_module = vlog_module_from_name("stream");
    if (stream_module) {
        vlog_set_levels(stream_module, VLF_CONSOLE, VLL_ERR);
    }
    parse_options(argc, argv);

    argc -= optind;
    argv += optind;
    if (argc < 1) {
        ovs_fatal(0, "missing command name; use --help for help");
    }
    const struct command *command = find_command(argv[0]);
    if (!command) {
        ovs_fatal(0, "unknown command '%s'; use --help for help", argv[0]);
    }
    argc--;
    argv++;

    if (command->needs == NEED_NONE && command->handler != do_wait) {
        command->handler(NULL, argc, argv);
        return 0;
    }

    default_server = xasprintf("unix:%s/db.sock", ovs_rundir());
    server_name = default_server;
    if (argc && is_server_name(argv[0])) {
        server_name = argv[0];
        argc--;
        argv++;
    }

    if (command->handler == do_wait) {
        if (argc < command->min_args || argc > command->max_args) {
            ovs_fatal(0, "invalid syntax for '%s' (use --help for help)",
                      command->name);
        }
        command->handler(NULL, argc, argv);
        free(default_server);
        return 0;
    }

    rpc = open_rpc(server_name);

    const char *database = NULL;
    struct sset dbs = SSET_INITIALIZER(&dbs);
    if (command->needs == NEED_DATABASE) {
        fetch_dbs(&dbs);
        if (argc && sset_contains(&dbs, argv[0])) {
            database = argv[0];
            argc--;
            argv++;
        } else {
            database = default_database(&dbs);
        }
    }
    if (argc < command->min_args || argc > command->max_args) {
        ovs_fatal(0, "invalid syntax for '%s' (use --help for help)",
                  command->name);
    }

    char *db_copy = nullable_xstrdup(database);
    sset_destroy(&dbs);
    command->handler(db_copy, argc, argv);

    free(db_copy);
    ovsdb_schema_destroy(schema);
    jsonrpc_close(rpc);
    free(default_server);
    return 0;
}
