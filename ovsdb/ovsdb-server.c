/* ovsdb-server.c -- the OVSDB server daemon: serves one or more database
 * files over JSON-RPC (RFC 7047), plus the in-memory _Server database.
 *
 * The daemon is one event loop.  Each iteration:
 *   - recomputes the remotes if the command-line set changed or a database
 *     changed (a "db:DB,TABLE,COLUMN" remote follows its column), and the
 *     SSL key, certificate and CA certificate given as "db:" specs;
 *   - runs the JSON-RPC server (jsonrpc-server.c: sessions, requests,
 *     monitors, locks), the control socket and each database's file
 *     (automatic compaction), and answers the "ovsdb-server/compact"
 *     requests whose compactions have ended: a compaction runs in the
 *     background (ovsdb-file.h), and the loop never waits for one;
 *   - every few seconds writes the connection status of the "db:" remotes
 *     back into the databases (remote-config.h).
 *
 * Every database change goes through server_db_commit() (server-db.h),
 * which persists it and tells the monitors, whether it came from a client
 * or from the server itself (status write-back, _Server rows). */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "json.h"
#include "jsonrpc-server.h"
#include "list.h"
#include "memory.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-execute.h"
#include "ovsdb-file.h"
#include "ovsdb-monitor.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "poll-loop.h"
#include "remote-config.h"
#include "server-db.h"
#include "shash.h"
#include "smap.h"
#include "sset.h"
#include "stream.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_server);

COVERAGE_DEFINE(ovsdb_server_reconfigure);

/* The _Server schema, embedded at build time from _server.ovsschema. */
static const char server_schema_text[] =
#include "ovsdb/_server.ovsschema.inc"
    ;

/* How often the status of "db:" remotes is written back, and how soon
 * after a connection comes or goes. */
#define STATUS_UPDATE_MSEC 5000
#define STATUS_CHANGE_MSEC 100

struct server {
    struct ovsdb_jsonrpc_server *jsonrpc;
    struct shash dbs;               /* Name -> struct server_db (files). */
    struct server_db *server_db;    /* _Server. */
    struct sset remotes;            /* As configured ("db:..." included). */
    bool remotes_changed;           /* 'remotes' edited since last use. */
    unsigned int dbs_seqno;         /* Sum of change seqnos last seen. */
    char *last_remote_errors;       /* To log each new error only once. */
    long long int next_status_update;
    unsigned int jsonrpc_seqno;     /* ovsdb_jsonrpc_server_get_seqno(). */
    bool exiting;

    /* SSL settings as given: a file name or a "db:" spec. */
    char *private_key, *certificate, *ca_cert;
    bool bootstrap_ca_cert;
    char *cur_private_key, *cur_certificate, *cur_ca_cert;

    pid_t run_pid;                  /* --run child, or 0. */

    /* "ovsdb-server/compact" requests waiting for their compactions
     * (struct compact_request). */
    struct ovs_list compact_requests;
};

/* Options. */
static char *unixctl_path;
static char *run_command;

/* Command line. */

static void
usage(void)
{
    printf("%s: serves OVSDB database files to clients over JSON-RPC"
           " (RFC 7047)\n"
           "usage: %s [OPTIONS] [DATABASE...]\n"
           "\n"
           "Each DATABASE is a standalone database file, as written by"
           " ovsdb-tool.\n"
           "With none, the server opens %s/conf.db\n"
           "The built-in _Server database describes the others.\n",
           program_name, program_name, ovs_dbdir());
    printf("\nWhere clients reach the server (repeat --remote for"
           " several):\n"
           "  --remote=REMOTE         a connection method (below), or"
           " db:DB,TABLE,COLUMN\n"
           "                          to take the methods from that column"
           " and follow\n"
           "                          its changes\n"
           "\n");
    stream_usage("JSON-RPC", true, true, true);
    printf("  (-p, -c and -C may also be db:DB,TABLE,COLUMN specs.)\n");
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        control socket for ovs-appctl"
           " (\"none\": no socket;\n"
           "                          default: RUNDIR/ovsdb-server.PID.ctl)\n"
           "  --run=COMMAND           start COMMAND with /bin/sh, exit when"
           " it does,\n"
           "                          with its exit status\n"
           "  --disable-file-column-diff\n"
           "                          accepted for compatibility; no"
           " effect\n"
           "  -h, --help              print this text and exit\n"
           "  -V, --version           print the version and exit\n");
    exit(EXIT_SUCCESS);
}

static void
parse_options(int argc, char *argv[], struct server *server,
              struct sset *db_files)
{
    enum {
        OPT_REMOTE = UCHAR_MAX + 1,
        OPT_UNIXCTL,
        OPT_RUN,
        OPT_BOOTSTRAP_CA_CERT,
        OPT_SSL_PROTOCOLS_,
        OPT_SSL_CIPHERS_,
        OPT_DISABLE_FILE_COLUMN_DIFF,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"remote", required_argument, NULL, OPT_REMOTE},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"run", required_argument, NULL, OPT_RUN},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"private-key", required_argument, NULL, 'p'},
        {"certificate", required_argument, NULL, 'c'},
        {"ca-cert", required_argument, NULL, 'C'},
        {"bootstrap-ca-cert", required_argument, NULL,
         OPT_BOOTSTRAP_CA_CERT},
        {"ssl-protocols", required_argument, NULL, OPT_SSL_PROTOCOLS_},
        {"ssl-ciphers", required_argument, NULL, OPT_SSL_CIPHERS_},
        {"disable-file-column-diff", no_argument, NULL,
         OPT_DISABLE_FILE_COLUMN_DIFF},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_long_options_to_short_options(long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_REMOTE:
            sset_add(&server->remotes, optarg);
            break;

        case OPT_UNIXCTL:
            free(unixctl_path);
            unixctl_path = xstrdup(optarg);
            break;

        case OPT_RUN:
            free(run_command);
            run_command = xstrdup(optarg);
            break;

        case 'h':
            usage();
            break;

        case 'V':
            ovs_print_version();
            exit(EXIT_SUCCESS);

        case 'p':
            free(server->private_key);
            server->private_key = xstrdup(optarg);
            break;

        case 'c':
            free(server->certificate);
            server->certificate = xstrdup(optarg);
            break;

        case 'C':
            free(server->ca_cert);
            server->ca_cert = xstrdup(optarg);
            server->bootstrap_ca_cert = false;
            break;

        case OPT_BOOTSTRAP_CA_CERT:
            free(server->ca_cert);
            server->ca_cert = xstrdup(optarg);
            server->bootstrap_ca_cert = true;
            break;

        case OPT_SSL_PROTOCOLS_:
            stream_ssl_set_protocols(optarg);
            break;

        case OPT_SSL_CIPHERS_:
            stream_ssl_set_ciphers(optarg);
            break;

        case OPT_DISABLE_FILE_COLUMN_DIFF:
            /* Our files always record only the changed columns. */
            break;

        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS

        case '?':
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    program_name);
            exit(EXIT_FAILURE);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    for (int i = optind; i < argc; i++) {
        sset_add(db_files, argv[i]);
    }
    if (sset_is_empty(db_files)) {
        char *def = xasprintf("%s/conf.db", ovs_dbdir());
        sset_add_and_free(db_files, def);
    }
}

/* _Server. */

/* Runs the transact PARAMS (JSON text) on _Server and commits it.  Only
 * the server itself writes to _Server. */
static void
server_db_transact(struct server *server, struct json *params)
{
    struct server_db *sdb = server->server_db;
    struct ovsdb_execute_options options = {
        .now = time_msec(),
        .started = time_msec(),
    };
    struct ovsdb_execute_result result;
    memset(&result, 0, sizeof result);
    struct ovsdb_error *error = ovsdb_execute(sdb->db, params, &options,
                                              &result);
    if (!error && result.txn) {
        error = server_db_commit(sdb, result.txn, NULL, false);
    }
    if (error) {
        char *s = ovsdb_error_to_string(error);
        VLOG_ERR("_Server: update failed (%s)", s);
        free(s);
        ovsdb_error_destroy(error);
    } else if (result.reply) {
        char *s = json_to_string(result.reply, 0);
        if (strstr(s, "\"error\"")) {
            VLOG_ERR("_Server: update failed (%s)", s);
        }
        free(s);
    }
    ovsdb_execute_result_destroy(&result);
    json_destroy(params);
}

static void
server_db_add_row(struct server *server, const struct server_db *sdb)
{
    struct json *schema = ovsdb_schema_to_json(sdb->db->schema);
    char *schema_text = json_to_string(schema, JSSF_SORT);
    json_destroy(schema);

    struct json *row = json_object_create();
    json_object_put_string(row, "name", sdb->name);
    json_object_put_string(row, "model", "standalone");
    json_object_put(row, "connected", json_boolean_create(true));
    json_object_put(row, "leader", json_boolean_create(true));
    json_object_put(row, "schema", json_string_create_nocopy(schema_text));

    struct json *op = json_object_create();
    json_object_put_string(op, "op", "insert");
    json_object_put_string(op, "table", "Database");
    json_object_put(op, "row", row);
    server_db_transact(server, json_array_create_2(
                           json_string_create("_Server"), op));
}

static void
server_db_delete_row(struct server *server, const char *name)
{
    struct json *op = json_object_create();
    json_object_put_string(op, "op", "delete");
    json_object_put_string(op, "table", "Database");
    json_object_put(op, "where", json_array_create_1(
                        json_array_create_3(json_string_create("name"),
                                            json_string_create("=="),
                                            json_string_create(name))));
    server_db_transact(server, json_array_create_2(
                           json_string_create("_Server"), op));
}

/* The "convert" RPC replaced SDB's database (jsonrpc-server.h): its
 * _Server row shows the new schema, so that clients that monitor _Server
 * (change-aware ones) learn of it, and remotes or SSL settings taken from
 * it are read again, since the columns they name may have changed. */
static void
server_db_converted(struct server_db *sdb, void *server_)
{
    struct server *server = server_;

    struct json *schema = ovsdb_schema_to_json(sdb->db->schema);
    char *schema_text = json_to_string(schema, JSSF_SORT);
    json_destroy(schema);

    struct json *row = json_object_create();
    json_object_put(row, "schema", json_string_create_nocopy(schema_text));

    struct json *op = json_object_create();
    json_object_put_string(op, "op", "update");
    json_object_put_string(op, "table", "Database");
    json_object_put(op, "where", json_array_create_1(
                        json_array_create_3(json_string_create("name"),
                                            json_string_create("=="),
                                            json_string_create(sdb->name))));
    json_object_put(op, "row", row);
    server_db_transact(server, json_array_create_2(
                           json_string_create("_Server"), op));
    server->remotes_changed = true;
}

static struct server_db *
create_server_db(void)
{
    char *error_string;
    struct json *json = json_parse_string(server_schema_text, &error_string);
    if (!json) {
        ovs_fatal(0, "_Server schema: %s", error_string);
    }
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    json_destroy(json);
    if (error) {
        ovs_fatal(0, "_Server schema: %s", ovsdb_error_to_string(error));
    }
    return server_db_create_in_memory(ovsdb_create(schema));
}

/* Databases. */

static struct server_db *
find_db_by_file(const struct server *server, const char *file_name)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->dbs) {
        struct server_db *sdb = node->data;
        if (!strcmp(sdb->file_name, file_name)) {
            return sdb;
        }
    }
    return NULL;
}

/* Opens FILE_NAME and serves it.  Returns NULL or an error message. */
static char *
open_db(struct server *server, const char *file_name)
{
    if (find_db_by_file(server, file_name)) {
        return xasprintf("ovsdb error: %s: already open", file_name);
    }

    struct server_db *sdb;
    struct ovsdb_error *error = server_db_open(file_name, &sdb);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        ovsdb_error_destroy(error);
        return s;
    }
    if (!strcmp(sdb->name, "_Server") || shash_find(&server->dbs, sdb->name)
        || !ovsdb_jsonrpc_server_add_db(server->jsonrpc, sdb, false)) {
        char *s = xasprintf("ovsdb error: %s: duplicate database name %s",
                            file_name, sdb->name);
        server_db_close(sdb);
        return s;
    }
    shash_add(&server->dbs, sdb->name, sdb);
    server_db_add_row(server, sdb);
    return NULL;
}

static void compact_requests_forget_db(struct server *,
                                       const struct server_db *);

static void
close_db(struct server *server, struct server_db *sdb)
{
    compact_requests_forget_db(server, sdb);
    ovsdb_jsonrpc_server_remove_db(server->jsonrpc, sdb);
    shash_find_and_delete(&server->dbs, sdb->name);
    server_db_delete_row(server, sdb->name);
    server_db_close(sdb);
    server->remotes_changed = true;
}

/* Database name -> struct ovsdb *, for remote-config. */
static void
get_ovsdbs(const struct server *server, struct shash *dbs)
{
    shash_init(dbs);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->dbs) {
        struct server_db *sdb = node->data;
        shash_add(dbs, node->name, sdb->db);
    }
    shash_add(dbs, "_Server", server->server_db->db);
}

static bool
is_db_spec(const char *s)
{
    return s && !strncmp(s, "db:", 3);
}

/* True if some setting is read from the databases, so that a change to
 * them may change the configuration. */
static bool
has_db_specs(const struct server *server)
{
    const char *remote;
    SSET_FOR_EACH (remote, &server->remotes) {
        if (is_db_spec(remote)) {
            return true;
        }
    }
    return (is_db_spec(server->private_key)
            || is_db_spec(server->certificate)
            || is_db_spec(server->ca_cert));
}

static unsigned int
dbs_seqno(const struct server *server)
{
    unsigned int seqno = 0;
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->dbs) {
        struct server_db *sdb = node->data;
        seqno += sdb->change_seqno;
    }
    return seqno;
}

/* Remotes and SSL. */

static void
set_ssl_setting(const struct shash *dbs, const char *config, char **cur,
                void (*set)(const char *), struct ds *errors)
{
    char *value = NULL;
    if (!config) {
        return;
    }
    if (!strncmp(config, "db:", 3)) {
        char *error = ovsdb_remote_config_query_string(dbs, config + 3,
                                                       &value);
        if (error) {
            ds_put_format(errors, "\"%s\": %s\n", config, error);
            free(error);
            return;
        }
        if (!value) {
            return;
        }
    } else {
        value = xstrdup(config);
    }
    if (!*cur || strcmp(*cur, value)) {
        free(*cur);
        *cur = value;
        set(value);
    } else {
        free(value);
    }
}

static void
set_ca_cert(const char *file_name)
{
    stream_ssl_set_ca_cert_file(file_name, false);
}

static void
set_ca_cert_bootstrap(const char *file_name)
{
    stream_ssl_set_ca_cert_file(file_name, true);
}

/* Applies the remotes and SSL settings.  Returns true if some "db:" spec
 * could not be applied (the errors are logged, once each). */
static bool
reconfigure(struct server *server)
{
    COVERAGE_INC(ovsdb_server_reconfigure);

    struct shash dbs;
    get_ovsdbs(server, &dbs);

    /* SSL first: a pssl: or ssl: remote needs it to open. */
    struct ds errors = DS_EMPTY_INITIALIZER;
    set_ssl_setting(&dbs, server->private_key, &server->cur_private_key,
                    stream_ssl_set_private_key_file, &errors);
    set_ssl_setting(&dbs, server->certificate, &server->cur_certificate,
                    stream_ssl_set_certificate_file, &errors);
    set_ssl_setting(&dbs, server->ca_cert, &server->cur_ca_cert,
                    server->bootstrap_ca_cert ? set_ca_cert_bootstrap
                                              : set_ca_cert,
                    &errors);

    struct shash configs = SHASH_INITIALIZER(&configs);
    const char *remote;
    SSET_FOR_EACH (remote, &server->remotes) {
        if (!strncmp(remote, "db:", 3)) {
            char *error = ovsdb_remote_config_query(&dbs, remote + 3,
                                                    &configs);
            if (error) {
                ds_put_format(&errors, "\"%s\": %s\n", remote, error);
                free(error);
            }
        } else if (!shash_find(&configs, remote)) {
            struct ovsdb_remote_config *c = xzalloc(sizeof *c);
            c->target = xstrdup(remote);
            c->max_backoff = c->probe_interval = c->dscp = -1;
            shash_add(&configs, remote, c);
        }
    }

    struct shash remotes = SHASH_INITIALIZER(&remotes);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &configs) {
        const struct ovsdb_remote_config *c = node->data;
        struct ovsdb_jsonrpc_options *o = xmalloc(sizeof *o);
        memset(o, 0, sizeof *o);
        o->max_backoff = c->max_backoff;
        o->probe_interval = c->probe_interval;
        o->dscp = c->dscp;
        o->read_only = c->read_only;
        shash_add(&remotes, node->name, o);
    }
    ovsdb_jsonrpc_server_set_remotes(server->jsonrpc, &remotes);
    shash_destroy_free_data(&remotes);
    ovsdb_remote_config_clear(&configs);
    shash_destroy(&configs);

    shash_destroy(&dbs);

    /* Log each distinct set of errors once, not on every iteration. */
    const char *text = ds_cstr(&errors);
    if (strcmp(text, server->last_remote_errors
                     ? server->last_remote_errors : "")) {
        if (errors.length) {
            VLOG_ERR("%s", text);
        }
        free(server->last_remote_errors);
        server->last_remote_errors = xstrdup(text);
    }
    bool failed = errors.length > 0;
    ds_destroy(&errors);
    return failed;
}

/* Writes the status of the remotes back into the databases that "db:"
 * remotes name. */
static void
update_remote_status(struct server *server)
{
    struct shash dbs;
    get_ovsdbs(server, &dbs);

    /* Collect the statuses of every remote that the "db:" specs name. */
    struct shash configs = SHASH_INITIALIZER(&configs);
    const char *remote;
    SSET_FOR_EACH (remote, &server->remotes) {
        if (!strncmp(remote, "db:", 3)) {
            free(ovsdb_remote_config_query(&dbs, remote + 3, &configs));
        }
    }
    struct shash statuses = SHASH_INITIALIZER(&statuses);
    struct ovsdb_jsonrpc_status_buf *bufs
        = xcalloc(shash_count(&configs) + 1, sizeof *bufs);
    struct ovsdb_remote_status *sts
        = xcalloc(shash_count(&configs) + 1, sizeof *sts);
    size_t n = 0;
    struct shash_node *node;
    SHASH_FOR_EACH (node, &configs) {
        if (ovsdb_jsonrpc_server_get_remote_status(server->jsonrpc,
                                                   node->name, &sts[n],
                                                   &bufs[n])) {
            shash_add(&statuses, node->name, &sts[n]);
            n++;
        } else {
            ovsdb_jsonrpc_status_buf_destroy(&bufs[n]);
        }
    }

    SSET_FOR_EACH (remote, &server->remotes) {
        if (strncmp(remote, "db:", 3)) {
            continue;
        }
        const char *spec = remote + 3;
        size_t len = strcspn(spec, ",");
        char *db_name = xmemdup0(spec, len);
        struct server_db *sdb = shash_find_data(&server->dbs, db_name);
        free(db_name);
        if (!sdb) {
            continue;
        }

        char *error;
        struct ovsdb_txn *txn = ovsdb_remote_config_update_status(
            sdb->db, spec, &statuses, &error);
        if (error) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "%s: updating remote status failed (%s)",
                         remote, error);
            free(error);
        }
        if (txn) {
            struct ovsdb_error *e = server_db_commit(sdb, txn, NULL, false);
            ovsdb_error_destroy(e);     /* Logged by server_db_commit(). */
            ovsdb_txn_destroy(txn);
        }
    }

    for (size_t i = 0; i < n; i++) {
        ovsdb_jsonrpc_status_buf_destroy(&bufs[i]);
    }
    free(bufs);
    free(sts);
    shash_destroy(&statuses);
    ovsdb_remote_config_clear(&configs);
    shash_destroy(&configs);
    shash_destroy(&dbs);
}

/* Memory. */

static void
count_db(const struct ovsdb *db, unsigned long long *cells,
         unsigned long long *atoms)
{
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        const struct ovsdb_table *table = db->tables[i];
        const struct ovsdb_table_schema *ts = table->schema;
        size_t n_rows = ovsdb_table_n_rows(table);
        *cells += n_rows * (ts->n_columns - OVSDB_N_STD_COLUMNS);

        const struct ovsdb_row *row;
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            for (size_t j = OVSDB_N_STD_COLUMNS; j < ts->n_columns; j++) {
                const struct ovsdb_datum *d = &row->fields[j];
                *atoms += d->n;
                if (d->values) {
                    *atoms += d->n;
                }
            }
        }
    }
}

static void
server_memory_usage(struct smap *usage, void *server_)
{
    struct server *server = server_;
    unsigned long long cells = 0, atoms = 0;
    size_t n_weak_refs = 0, n_txns = 0, n_txn_rows = 0;

    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->dbs) {
        struct server_db *sdb = node->data;
        size_t n_rows;
        count_db(sdb->db, &cells, &atoms);
        n_weak_refs += hmap_count(&sdb->db->weak_refs);
        n_txns += ovsdb_history_count(sdb->history, &n_rows);
        n_txn_rows += n_rows;
    }
    smap_add_format(usage, "txn-history", "%zu", n_txns);
    smap_add_format(usage, "txn-history-rows", "%zu", n_txn_rows);
    count_db(server->server_db->db, &cells, &atoms);
    smap_add_format(usage, "cells", "%llu", cells);
    smap_add_format(usage, "atoms", "%llu", atoms);
    smap_add_format(usage, "n-weak-refs", "%zu", n_weak_refs);
    ovsdb_jsonrpc_server_get_memory_usage(server->jsonrpc, usage);
}

/* Control commands. */

static void
unixctl_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
             const char *argv[] OVS_UNUSED, void *server_)
{
    struct server *server = server_;
    server->exiting = true;
    unixctl_command_reply(conn, NULL);
}

/* "ovsdb-server/compact" replies once the compactions it asked for have
 * ended, but the main loop keeps serving clients meanwhile: a request
 * waits here, and compact_requests_run() answers it. */
struct compact_wait {
    struct server_db *sdb;      /* NULL once the database was removed. */
    unsigned long long int target;  /* Ended compactions meaning done. */
};

struct compact_request {
    struct ovs_list node;       /* In struct server's 'compact_requests'. */
    struct unixctl_conn *conn;
    struct ds errors;           /* One line per failure so far. */
    struct compact_wait *waits;
    size_t n_waits;
};

static void
compact_request_finish(struct compact_request *req)
{
    ovs_list_remove(&req->node);
    if (req->errors.length) {
        ds_chomp(&req->errors, '\n');
        unixctl_command_reply_error(req->conn, ds_cstr(&req->errors));
    } else {
        unixctl_command_reply(req->conn, NULL);
    }
    ds_destroy(&req->errors);
    free(req->waits);
    free(req);
}

/* Replies to the requests whose compactions have all ended.  Call it after
 * server_db_run(), which ends them. */
static void
compact_requests_run(struct server *server)
{
    struct compact_request *req, *next;
    LIST_FOR_EACH_SAFE (req, next, node, &server->compact_requests) {
        bool done = true;
        for (size_t i = 0; i < req->n_waits && done; i++) {
            const struct compact_wait *w = &req->waits[i];
            done = (!w->sdb || ovsdb_file_get_compactions_ended(w->sdb->file)
                              >= w->target);
        }
        if (!done) {
            continue;
        }
        for (size_t i = 0; i < req->n_waits; i++) {
            const struct compact_wait *w = &req->waits[i];
            const char *error = (w->sdb
                                 ? ovsdb_file_get_compaction_error(
                                     w->sdb->file)
                                 : NULL);
            if (error) {
                ds_put_format(&req->errors, "%s\n", error);
            }
        }
        compact_request_finish(req);
    }
}

/* Forgets SDB, about to be closed, in the waiting requests. */
static void
compact_requests_forget_db(struct server *server,
                           const struct server_db *sdb)
{
    struct compact_request *req;
    LIST_FOR_EACH (req, node, &server->compact_requests) {
        for (size_t i = 0; i < req->n_waits; i++) {
            if (req->waits[i].sdb == sdb) {
                req->waits[i].sdb = NULL;
            }
        }
    }
}

/* Answers the requests still waiting when the server exits. */
static void
compact_requests_destroy(struct server *server)
{
    struct compact_request *req, *next;
    LIST_FOR_EACH_SAFE (req, next, node, &server->compact_requests) {
        ds_put_cstr(&req->errors, "ovsdb-server is exiting before the "
                    "compaction ended\n");
        compact_request_finish(req);
    }
}

static void
unixctl_compact(struct unixctl_conn *conn, int argc, const char *argv[],
                void *server_)
{
    struct server *server = server_;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "_Server")) {
            unixctl_command_reply_error(conn,
                                        "cannot compact built-in databases");
            return;
        } else if (!shash_find(&server->dbs, argv[i])) {
            unixctl_command_reply_error(conn, "no database by that name");
            return;
        }
    }

    const struct shash_node **nodes = shash_sort(&server->dbs);
    size_t n_dbs = shash_count(&server->dbs);
    struct compact_request *req = xzalloc(sizeof *req);
    req->conn = conn;
    ds_init(&req->errors);
    req->waits = xcalloc(MAX(n_dbs, 1), sizeof *req->waits);
    ovs_list_push_back(&server->compact_requests, &req->node);
    for (size_t i = 0; i < n_dbs; i++) {
        struct server_db *sdb = nodes[i]->data;
        bool wanted = argc < 2;
        for (int j = 1; j < argc; j++) {
            if (!strcmp(argv[j], sdb->name)) {
                wanted = true;
            }
        }
        if (!wanted) {
            continue;
        }
        VLOG_INFO("compacting %s database by user request", sdb->name);

        /* One already running (an automatic one) will do: it leaves the
         * file as compact as a new one would. */
        struct ovsdb_error *error = NULL;
        if (!ovsdb_file_is_compacting(sdb->file)) {
            error = ovsdb_file_compact(sdb->file, sdb->db);
        }
        if (error) {
            char *s = ovsdb_error_to_string(error);
            ds_put_format(&req->errors, "%s\n", s);
            free(s);
            ovsdb_error_destroy(error);
        } else {
            struct compact_wait *w = &req->waits[req->n_waits++];
            w->sdb = sdb;
            w->target = ovsdb_file_get_compactions_ended(sdb->file) + 1;
        }
    }
    free(nodes);

    /* Nothing started: answer now. */
    if (!req->n_waits) {
        compact_request_finish(req);
    }
}

static void
unixctl_reconnect(struct unixctl_conn *conn, int argc OVS_UNUSED,
                  const char *argv[] OVS_UNUSED, void *server_)
{
    struct server *server = server_;
    ovsdb_jsonrpc_server_reconnect(server->jsonrpc);
    unixctl_command_reply(conn, NULL);
}

static void
unixctl_add_remote(struct unixctl_conn *conn, int argc OVS_UNUSED,
                   const char *argv[], void *server_)
{
    struct server *server = server_;
    const char *remote = argv[1];

    if (!strncmp(remote, "db:", 3)) {
        /* Check that the spec names something usable now. */
        struct shash dbs, configs = SHASH_INITIALIZER(&configs);
        get_ovsdbs(server, &dbs);
        char *error = ovsdb_remote_config_query(&dbs, remote + 3, &configs);
        ovsdb_remote_config_clear(&configs);
        shash_destroy(&configs);
        shash_destroy(&dbs);
        if (error) {
            char *msg = xasprintf("\"%s\": %s", remote, error);
            unixctl_command_reply_error(conn, msg);
            free(msg);
            free(error);
            return;
        }
    }
    sset_add(&server->remotes, remote);
    server->remotes_changed = true;
    unixctl_command_reply(conn, NULL);
}

static void
unixctl_remove_remote(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[], void *server_)
{
    struct server *server = server_;
    if (!sset_find_and_delete(&server->remotes, argv[1])) {
        unixctl_command_reply_error(conn, "no such remote");
        return;
    }
    server->remotes_changed = true;
    unixctl_command_reply(conn, NULL);
}

static void
unixctl_list_remotes(struct unixctl_conn *conn, int argc OVS_UNUSED,
                     const char *argv[] OVS_UNUSED, void *server_)
{
    struct server *server = server_;
    struct ds s = DS_EMPTY_INITIALIZER;
    const char **names = sset_sort(&server->remotes);
    for (size_t i = 0; i < sset_count(&server->remotes); i++) {
        ds_put_format(&s, "%s\n", names[i]);
    }
    free(names);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
unixctl_add_db(struct unixctl_conn *conn, int argc OVS_UNUSED,
               const char *argv[], void *server_)
{
    struct server *server = server_;
    char *error = open_db(server, argv[1]);
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        server->remotes_changed = true;
        unixctl_command_reply(conn, NULL);
    }
}

static void
unixctl_remove_db(struct unixctl_conn *conn, int argc OVS_UNUSED,
                  const char *argv[], void *server_)
{
    struct server *server = server_;
    if (!strcmp(argv[1], "_Server")) {
        unixctl_command_reply_error(conn, "Cannot remove reserved database.");
        return;
    }
    struct server_db *sdb = shash_find_data(&server->dbs, argv[1]);
    if (!sdb) {
        unixctl_command_reply_error(conn, "Failed to find the database.");
        return;
    }
    close_db(server, sdb);
    unixctl_command_reply(conn, NULL);
}

static void
unixctl_list_dbs(struct unixctl_conn *conn, int argc OVS_UNUSED,
                 const char *argv[] OVS_UNUSED, void *server_)
{
    struct server *server = server_;
    struct sset names = SSET_INITIALIZER(&names);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->dbs) {
        sset_add(&names, node->name);
    }
    sset_add(&names, "_Server");

    struct ds s = DS_EMPTY_INITIALIZER;
    const char **sorted = sset_sort(&names);
    for (size_t i = 0; i < sset_count(&names); i++) {
        ds_put_format(&s, "%s\n", sorted[i]);
    }
    free(sorted);
    sset_destroy(&names);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* --run. */

static pid_t
start_run_command(const char *command)
{
    pid_t pid = fork();
    if (pid < 0) {
        ovs_fatal(errno, "%s: fork failed", command);
    } else if (!pid) {
        execl("/bin/sh", "/bin/sh", "-c", command, (char *) NULL);
        fprintf(stderr, "%s: exec failed (%s)\n", command, strerror(errno));
        _exit(127);
    }
    return pid;
}

/* Returns true if the --run child exited (storing its status). */
static bool
run_command_done(pid_t pid, int *statusp)
{
    pid_t ret;
    do {
        ret = waitpid(pid, statusp, WNOHANG);
    } while (ret < 0 && errno == EINTR);
    return ret == pid;
}

int
main(int argc, char *argv[])
{
    struct server server;
    struct sset db_files = SSET_INITIALIZER(&db_files);

    set_program_name(argv[0]);
    memset(&server, 0, sizeof server);
    sset_init(&server.remotes);
    shash_init(&server.dbs);
    ovs_list_init(&server.compact_requests);

    parse_options(argc, argv, &server, &db_files);
    fatal_ignore_sigpipe();
    vlog_init();
    coverage_init();
    memory_init();

    daemonize_start(false);
    VLOG_INFO("%s (ovsng) %s", program_name, ovs_get_version());

    server.jsonrpc = ovsdb_jsonrpc_server_create();
    server.server_db = create_server_db();
    ovsdb_jsonrpc_server_set_convert_cb(server.jsonrpc, server_db_converted,
                                        &server);
    ovsdb_jsonrpc_server_add_db(server.jsonrpc, server.server_db, true);
    server_db_add_row(&server, server.server_db);

    const char *file_name;
    SSET_FOR_EACH (file_name, &db_files) {
        char *error = open_db(&server, file_name);
        if (error) {
            ovs_fatal(0, "%s", error);
        }
    }
    sset_destroy(&db_files);

    struct unixctl_server *unixctl;
    int retval = unixctl_server_create(unixctl_path, &unixctl);
    if (retval) {
        exit(EXIT_FAILURE);
    }
    unixctl_command_register("exit", "", 0, 0, unixctl_exit, &server);
    unixctl_command_register("ovsdb-server/compact", "[DB]...", 0, INT_MAX,
                             unixctl_compact, &server);
    unixctl_command_register("ovsdb-server/reconnect", "", 0, 0,
                             unixctl_reconnect, &server);
    unixctl_command_register("ovsdb-server/add-remote", "REMOTE", 1, 1,
                             unixctl_add_remote, &server);
    unixctl_command_register("ovsdb-server/remove-remote", "REMOTE", 1, 1,
                             unixctl_remove_remote, &server);
    unixctl_command_register("ovsdb-server/list-remotes", "", 0, 0,
                             unixctl_list_remotes, &server);
    unixctl_command_register("ovsdb-server/add-db", "DB", 1, 1,
                             unixctl_add_db, &server);
    unixctl_command_register("ovsdb-server/remove-db", "DB", 1, 1,
                             unixctl_remove_db, &server);
    unixctl_command_register("ovsdb-server/list-dbs", "", 0, 0,
                             unixctl_list_dbs, &server);
    memory_add_usage_cb(server_memory_usage, &server);

    /* Listen before telling the --detach parent that we are up.  Like
     * Open vSwitch's server, refuse to start on a "db:" spec that names
     * nothing: a typo should not leave the switch silently unmanaged.
     * Later changes to the database only log. */
    if (reconfigure(&server)) {
        char *text = xstrdup(server.last_remote_errors);
        text[strcspn(text, "\n")] = '\0';
        ovs_fatal(0, "%s", text);
    }
    server.dbs_seqno = dbs_seqno(&server);
    ovsdb_jsonrpc_server_run(server.jsonrpc);

    if (run_command) {
        server.run_pid = start_run_command(run_command);
    }
    daemonize_complete();

    int run_status = 0;
    while (!server.exiting) {
        /* Only "db:" settings depend on the databases' contents; without
         * them a transaction costs no reconfiguration. */
        bool follow_dbs = has_db_specs(&server);
        unsigned int seqno = dbs_seqno(&server);
        if (server.remotes_changed
            || (follow_dbs && seqno != server.dbs_seqno)) {
            server.remotes_changed = false;
            server.dbs_seqno = seqno;
            reconfigure(&server);
        }

        memory_run();
        ovsdb_jsonrpc_server_run(server.jsonrpc);
        unixctl_server_run(unixctl);
        struct shash_node *node;
        SHASH_FOR_EACH (node, &server.dbs) {
            server_db_run(node->data);
        }
        compact_requests_run(&server);
        unsigned int jsonrpc_seqno
            = ovsdb_jsonrpc_server_get_seqno(server.jsonrpc);
        if (jsonrpc_seqno != server.jsonrpc_seqno) {
            server.jsonrpc_seqno = jsonrpc_seqno;
            server.next_status_update = MIN(server.next_status_update,
                                            time_msec() + STATUS_CHANGE_MSEC);
        }
        if (time_msec() >= server.next_status_update) {
            if (follow_dbs) {
                update_remote_status(&server);
            }
            server.next_status_update = time_msec() + STATUS_UPDATE_MSEC;
        }
        if (server.run_pid && run_command_done(server.run_pid,
                                               &run_status)) {
            server.run_pid = 0;
            server.exiting = true;
        }
        if (server.exiting) {
            break;
        }

        if (server.remotes_changed
            || (follow_dbs && dbs_seqno(&server) != seqno)) {
            poll_immediate_wake();
        }
        memory_wait();
        ovsdb_jsonrpc_server_wait(server.jsonrpc);
        unixctl_server_wait(unixctl);
        SHASH_FOR_EACH (node, &server.dbs) {
            server_db_wait(node->data);
        }
        poll_timer_wait_until(server.next_status_update);
        if (server.run_pid) {
            poll_timer_wait(50);
        }
        poll_block();
    }

    compact_requests_destroy(&server);
    ovsdb_jsonrpc_server_destroy(server.jsonrpc);
    /* The "exit" reply is queued: destroying the control server flushes
     * what it can before closing. */
    unixctl_server_destroy(unixctl);
    struct shash_node *node, *next;
    SHASH_FOR_EACH_SAFE (node, next, &server.dbs) {
        server_db_close(node->data);
    }
    shash_destroy(&server.dbs);
    server_db_close(server.server_db);
    sset_destroy(&server.remotes);
    free(server.last_remote_errors);
    free(server.private_key);
    free(server.certificate);
    free(server.ca_cert);
    free(server.cur_private_key);
    free(server.cur_certificate);
    free(server.cur_ca_cert);
    free(unixctl_path);
    free(run_command);

    if (WIFEXITED(run_status)) {
        return WEXITSTATUS(run_status);
    } else if (WIFSIGNALED(run_status)) {
        return 128 + WTERMSIG(run_status);
    }
    return 0;
}
