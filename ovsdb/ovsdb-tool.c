/* ovsdb-tool.c -- offline management of standalone OVSDB database files.
 *
 *     ovsdb-tool [OPTIONS] COMMAND [ARG...]
 *
 * Each command is a thin layer over ovsdb-file.h (databases), ovsdb-log.h
 * (raw records, for show-log) and ovsdb-execute.h (query, transact).  The
 * commands, their defaults, output and exit statuses follow the ovsdb-tool
 * that scripts already use: results on stdout, errors on stderr as
 * "ovsdb-tool: <error>" with exit status 1, usage errors too.  Commands
 * that write take the database's lock file, so they fail cleanly while a
 * server has the database open. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dirs.h"
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-convert.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-execute.h"
#include "ovsdb-file.h"
#include "ovsdb-log.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "shash.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

/* -m, --more: verbosity of show-log. */
static int show_log_verbosity;

struct command {
    const char *name;
    int min_args, max_args;
    void (*handler)(int argc, char *argv[]);
};

static const struct command *get_all_commands(void);

static void
usage(void)
{
    /* The first two lines are checked by tests/ovsdb-tool.at. */
    printf("%s: Open vSwitch database management utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "\n"
           "Works on database files directly; no server is involved.  A"
           " command that\nchanges DB fails while another process holds"
           " DB's lock.\n"
           "\nCreating and rewriting database files:\n"
           "  create [DB [SCHEMA]]            make a new, empty DB from"
           " SCHEMA\n"
           "                                  (DB must not exist yet)\n"
           "  compact [DB [DST]]              rewrite DB as a single"
           " snapshot, in\n"
           "                                  place or into the new file"
           " DST\n"
           "  convert [DB [SCHEMA [DST]]]     move DB's data to SCHEMA, in"
           " place or\n"
           "                                  into DST\n"
           "  needs-conversion [DB [SCHEMA]]  print \"yes\" if DB's schema"
           " differs from\n"
           "                                  SCHEMA, \"no\" if not\n"
           "\nAsking about a database file:\n"
           "  db-name [DB], db-version [DB], db-cksum [DB]\n"
           "                                  print that field of the"
           " schema stored in DB\n"
           "  db-is-standalone DB             exit status 0: DB is a"
           " standalone file\n"
           "  db-is-clustered DB              exit status 0 if clustered,"
           " 2 if not\n"
           "                                  (this tool writes only"
           " standalone files)\n"
           "\nAsking about a schema file:\n"
           "  schema-name [SCHEMA], schema-version [SCHEMA],"
           " schema-cksum [SCHEMA]\n"
           "                                  print that field of SCHEMA\n"
           "\nReading and changing the data:\n"
           "  query [DB] TRANSACTION          run TRANSACTION (JSON, as for"
           " a \"transact\"\n"
           "                                  request) without saving any"
           " change\n"
           "  transact [DB] TRANSACTION       run TRANSACTION and append it"
           " to DB\n"
           "  show-log [DB]                   one line per record of DB;"
           " see -m\n"
           "  help                            print this text\n"
           "\nWithout DB: %s/conf.db\n"
           "Without SCHEMA: %s/vswitch.ovsschema\n",
           program_name, program_name, ovs_dbdir(), ovs_pkgdatadir());
    vlog_usage();
    printf("\nOther options:\n"
           "  -m, --more              more show-log detail: once, the"
           " rows each\n"
           "                          record changes; twice, their"
           " values too\n"
           "  -h, --help              print this text and exit\n"
           "  -V, --version           print the version and exit\n");
    exit(EXIT_SUCCESS);
}

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_START = UCHAR_MAX + 1,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"more", no_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
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
        case 'm':
            show_log_verbosity++;
            break;
        case 'h':
            usage();
            break;
        case 'V':
            ovs_print_version();
            exit(EXIT_SUCCESS);

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
}

/* What a command allocated and still uses is also recorded here, so that
 * when an error ends the process (ovs_fatal()) LeakSanitizer sees it as
 * reachable rather than leaked.  Nothing is freed through it. */
static void *live[32];
static size_t n_live;

static void *
keep(void *p)
{
    if (n_live < ARRAY_SIZE(live)) {
        live[n_live++] = p;
    }
    return p;
}

/* Prints ERROR and exits.  Takes ownership (the process ends anyway). */
static void OVS_NO_RETURN
check_error_fatal(struct ovsdb_error *error)
{
    char *s = ovsdb_error_to_string(error);
    ovsdb_error_destroy(error);
    ovs_fatal(0, "%s", s);
}

static void
check_error(struct ovsdb_error *error)
{
    if (error) {
        check_error_fatal(error);
    }
}

static char *
default_db(void)
{
    return xasprintf("%s/conf.db", ovs_dbdir());
}

static char *
default_schema(void)
{
    return xasprintf("%s/vswitch.ovsschema", ovs_pkgdatadir());
}

static char *
arg_or(int argc, char *argv[], int i, char *(*dflt)(void))
{
    return keep(argc > i ? xstrdup(argv[i]) : dflt());
}

static struct ovsdb_schema *
read_schema_file(const char *file_name)
{
    struct ovsdb_schema *schema;
    check_error(ovsdb_schema_from_file(file_name, &schema));
    return keep(schema);
}

static struct ovsdb_schema *
read_db_schema(const char *db_name)
{
    struct ovsdb_log *log;
    struct ovsdb_schema *schema;

    check_error(ovsdb_log_open(db_name, OVSDB_LOG_READ_ONLY, &log));
    struct ovsdb_error *error = ovsdb_file_read_schema(log, &schema);
    ovsdb_log_close(log);
    check_error(error);
    return keep(schema);
}

static char *
tool_comment(const char *verb)
{
    return keep(xasprintf("%s by %s (ovsng) %s", verb, program_name,
                          ovs_get_version()));
}

/* create [DB [SCHEMA]] */
static void
do_create(int argc, char *argv[])
{
    char *db_name = arg_or(argc, argv, 1, default_db);
    char *schema_name = arg_or(argc, argv, 2, default_schema);
    struct ovsdb_schema *schema = read_schema_file(schema_name);

    check_error(ovsdb_file_create(db_name, schema));
    ovsdb_schema_destroy(schema);
    free(schema_name);
    free(db_name);
}

/* compact [DB [DST]] */
static void
do_compact(int argc, char *argv[])
{
    char *db_name = arg_or(argc, argv, 1, default_db);
    char *comment = tool_comment("compacted");
    struct ovsdb_file *file = NULL;
    struct ovsdb *db;

    if (argc > 2) {
        check_error(ovsdb_file_open(db_name, true, &db, NULL));
        keep(db);
        check_error(ovsdb_file_save_copy(argv[2], db, comment));
    } else {
        /* Keep the lock while replacing the file, so that no server opens
         * it in between. */
        check_error(ovsdb_file_open(db_name, false, &db, &file));
        keep(db);
        keep(file);
        check_error(ovsdb_file_save_copy(db_name, db, comment));
        ovsdb_file_close(file);
    }
    ovsdb_destroy(db);
    free(comment);
    free(db_name);
}

/* convert [DB [SCHEMA [DST]]] */
static void
do_convert(int argc, char *argv[])
{
    char *db_name = arg_or(argc, argv, 1, default_db);
    char *schema_name = arg_or(argc, argv, 2, default_schema);
    const char *target = argc > 3 ? argv[3] : db_name;
    struct ovsdb_schema *new_schema = read_schema_file(schema_name);
    struct ovsdb_file *file = NULL;
    struct ovsdb *old_db;

    if (argc > 3) {
        check_error(ovsdb_file_open(db_name, true, &old_db, NULL));
    } else {
        check_error(ovsdb_file_open(db_name, false, &old_db, &file));
    }

    keep(old_db);
    keep(file);
    struct ovsdb *new_db;
    check_error(ovsdb_convert(old_db, new_schema, &new_db));
    keep(new_db);

    char *comment = tool_comment("converted");
    check_error(ovsdb_file_save_copy(target, new_db, comment));
    free(comment);

    ovsdb_file_close(file);
    ovsdb_destroy(new_db);
    ovsdb_destroy(old_db);
    ovsdb_schema_destroy(new_schema);
    free(schema_name);
    free(db_name);
}

static bool
schemas_equal(const struct ovsdb_schema *a, const struct ovsdb_schema *b)
{
    struct json *ja = ovsdb_schema_to_json(a);
    struct json *jb = ovsdb_schema_to_json(b);
    bool equal = json_equal(ja, jb);
    json_destroy(ja);
    json_destroy(jb);
    return equal;
}

/* needs-conversion [DB [SCHEMA]] */
static void
do_needs_conversion(int argc, char *argv[])
{
    char *db_name = arg_or(argc, argv, 1, default_db);
    char *schema_name = arg_or(argc, argv, 2, default_schema);
    struct ovsdb_schema *db_schema = read_db_schema(db_name);
    struct ovsdb_schema *schema = read_schema_file(schema_name);

    puts(schemas_equal(db_schema, schema) ? "no" : "yes");
    ovsdb_schema_destroy(db_schema);
    ovsdb_schema_destroy(schema);
    free(schema_name);
    free(db_name);
}

enum schema_field { F_NAME, F_VERSION, F_CKSUM };

static void
print_schema_field(const struct ovsdb_schema *schema, enum schema_field f)
{
    const char *s = (f == F_NAME ? schema->name
                     : f == F_VERSION ? schema->version
                     : schema->cksum);
    puts(s ? s : "");
}

static void
print_db_field(int argc, char *argv[], enum schema_field f)
{
    char *db_name = arg_or(argc, argv, 1, default_db);
    struct ovsdb_schema *schema = read_db_schema(db_name);
    print_schema_field(schema, f);
    ovsdb_schema_destroy(schema);
    free(db_name);
}

static void
print_schema_file_field(int argc, char *argv[], enum schema_field f)
{
    char *schema_name = arg_or(argc, argv, 1, default_schema);
    struct ovsdb_schema *schema = read_schema_file(schema_name);
    print_schema_field(schema, f);
    ovsdb_schema_destroy(schema);
    free(schema_name);
}

static void
do_db_name(int argc, char *argv[])
{
    print_db_field(argc, argv, F_NAME);
}

static void
do_db_version(int argc, char *argv[])
{
    print_db_field(argc, argv, F_VERSION);
}

static void
do_db_cksum(int argc, char *argv[])
{
    print_db_field(argc, argv, F_CKSUM);
}

static void
do_schema_name(int argc, char *argv[])
{
    print_schema_file_field(argc, argv, F_NAME);
}

static void
do_schema_version(int argc, char *argv[])
{
    print_schema_file_field(argc, argv, F_VERSION);
}

static void
do_schema_cksum(int argc, char *argv[])
{
    print_schema_file_field(argc, argv, F_CKSUM);
}

/* db-is-standalone DB, db-is-clustered DB: only standalone files exist
 * here, but scripts ask. */
static void
do_db_is_standalone(int argc OVS_UNUSED, char *argv[])
{
    struct ovsdb_schema *schema = read_db_schema(argv[1]);
    ovsdb_schema_destroy(schema);
}

static void
do_db_is_clustered(int argc OVS_UNUSED, char *argv[])
{
    struct ovsdb_schema *schema = read_db_schema(argv[1]);
    ovsdb_schema_destroy(schema);
    exit(2);
}

/* query [DB] TRNS and transact [DB] TRNS. */
static void
run_transaction(int argc, char *argv[], bool read_only)
{
    char *db_name = keep(argc > 2 ? xstrdup(argv[1]) : default_db());
    const char *text = argv[argc - 1];
    struct ovsdb_file *file = NULL;
    struct ovsdb *db;

    char *parse_error;
    struct json *request = keep(json_parse_string(text, &parse_error));
    if (!request) {
        ovs_fatal(0, "\"%s\": %s", text, parse_error);
    }

    check_error(ovsdb_file_open(db_name, read_only, &db,
                                read_only ? NULL : &file));
    keep(db);
    keep(file);

    struct ovsdb_execute_options options = {
        .now = time_msec(),
        .started = time_msec(),
    };
    struct ovsdb_execute_result result;
    memset(&result, 0, sizeof result);
    struct ovsdb_error *error = ovsdb_execute(db, request, &options,
                                              &result);
    struct json *reply;
    if (error) {
        reply = ovsdb_error_to_json(error);
        ovsdb_error_destroy(error);
    } else {
        if (result.txn && !read_only) {
            /* The "comment" operations become the record's comment. */
            struct ds comment = DS_EMPTY_INITIALIZER;
            for (size_t i = 0; i < result.n_comments; i++) {
                if (i) {
                    ds_put_char(&comment, '\n');
                }
                ds_put_cstr(&comment, result.comments[i]);
            }
            error = ovsdb_file_commit(file, result.txn,
                                      (result.n_comments
                                       ? ds_cstr(&comment) : NULL),
                                      true);
            ds_destroy(&comment);
            check_error(error);
        }
        reply = result.reply;
        result.reply = NULL;
        if (!reply) {
            /* A "wait" that would block: with no other client it never
             * will be satisfied, so report it as timed out. */
            error = ovsdb_error_create("timed out", "\"wait\" timed out");
            reply = json_array_create_1(ovsdb_error_to_json(error));
            ovsdb_error_destroy(error);
        }
    }

    char *s = json_to_string(reply, JSSF_SORT);
    puts(s);
    free(s);
    json_destroy(reply);
    ovsdb_execute_result_destroy(&result);
    json_destroy(request);
    ovsdb_file_close(file);
    ovsdb_destroy(db);
    free(db_name);
}

static void
do_query(int argc, char *argv[])
{
    run_transaction(argc, argv, true);
}

static void
do_transact(int argc, char *argv[])
{
    run_transaction(argc, argv, false);
}

/* show-log [DB] */

/* True if S may be printed without quotes: an identifier that does not
 * read as a boolean. */
static bool
is_bare_string(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
          || *s == '_')) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
              || (*p >= '0' && *p <= '9') || *p == '_')) {
            return false;
        }
    }
    return strcmp(s, "true") && strcmp(s, "false");
}

static void
put_atom(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
         struct ds *out)
{
    if (type == OVSDB_TYPE_STRING) {
        if (is_bare_string(atom->string)) {
            ds_put_cstr(out, atom->string);
        } else {
            json_string_escape(atom->string, out);
        }
    } else if (type == OVSDB_TYPE_UUID) {
        char buf[UUID_LEN + 1];
        uuid_to_string(&atom->uuid, buf);
        ds_put_cstr(out, buf);
    } else {
        ovsdb_atom_to_ds(atom, type, out);
    }
}

static void
put_datum(const struct ovsdb_datum *d, const struct ovsdb_type *type,
          struct ds *out)
{
    bool is_map = ovsdb_type_is_map(type);

    if (!is_map && type->n_max == 1 && d->n == 1) {
        put_atom(&d->keys[0], type->key.type, out);
        return;
    }
    ds_put_char(out, is_map ? '{' : '[');
    for (unsigned int i = 0; i < d->n; i++) {
        if (i) {
            ds_put_cstr(out, ", ");
        }
        put_atom(&d->keys[i], type->key.type, out);
        if (is_map) {
            ds_put_char(out, '=');
            put_atom(&d->values[i], type->value.type, out);
        }
    }
    ds_put_char(out, is_map ? '}' : ']');
}

/* The label of row UUID: its "name" if seen, else its short UUID. */
static char *
row_label(const struct shash *names, const char *uuid)
{
    const char *name = shash_find_data(names, uuid);
    return name ? xasprintf("\"%s\"", name) : xasprintf("%.8s", uuid);
}

static void
print_row_columns(const struct ovsdb_table_schema *ts, const struct json *row)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, json_object(row)) {
        const struct ovsdb_column *column
            = ts ? ovsdb_table_schema_get_column(ts, node->name) : NULL;
        struct ds s = DS_EMPTY_INITIALIZER;
        struct ovsdb_datum datum;
        struct ovsdb_error *error = NULL;

        if (column) {
            /* Parse loosely: a diff may break the column's own limits. */
            struct ovsdb_type type = column->type;  /* Shallow copy. */
            type.n_min = 0;
            type.n_max = OVSDB_N_UNLIMITED;
            error = ovsdb_datum_from_json(&datum, &type, node->data, NULL);
            if (!error) {
                put_datum(&datum, &column->type, &s);
                ovsdb_datum_destroy(&datum, &column->type);
            }
        }
        if (!column || error) {
            ovsdb_error_destroy(error);
            json_to_ds(node->data, 0, &s);
        }
        printf("    %s=%s\n", node->name, ds_cstr(&s));
        ds_destroy(&s);
    }
}

/* Prints the changes in transaction record JSON.  NAMES maps the UUIDs of
 * rows seen so far to their "name" column (or to NULL if they have none),
 * which is how rows are labeled, as in the other ovsdb-tool. */
static void
print_transaction(const struct ovsdb_schema *schema, const struct json *json,
                  struct shash *names)
{
    const struct json *is_diff = shash_find_data(json_object(json),
                                                 "_is_diff");
    const char *diff = is_diff && is_diff->type == JSON_TRUE ? " diff" : "";
    struct shash_node *tnode;

    SHASH_FOR_EACH (tnode, json_object(json)) {
        const struct json *table_json = tnode->data;
        if (tnode->name[0] == '_' || table_json->type != JSON_OBJECT) {
            continue;
        }
        const struct ovsdb_table_schema *ts
            = schema ? ovsdb_schema_get_table(schema, tnode->name) : NULL;
        struct shash_node *rnode;
        SHASH_FOR_EACH (rnode, json_object(table_json)) {
            const char *uuid = rnode->name;
            const struct json *row = rnode->data;
            bool is_insert = !shash_find(names, uuid);

            if (is_insert) {
                shash_add(names, uuid, NULL);
            }
            /* An existing row keeps the label it had before this record;
             * an inserted one is labeled by what it is inserted with. */
            char *label = is_insert ? NULL : row_label(names, uuid);
            if (row->type == JSON_OBJECT) {
                const struct json *name = shash_find_data(json_object(row),
                                                          "name");
                if (name && name->type == JSON_STRING) {
                    free(shash_replace(names, uuid,
                                       xstrdup(json_string(name))));
                }
            }

            if (row->type == JSON_NULL) {
                printf("  table %s row %s (%.8s)%s:\n", tnode->name, label,
                       uuid, diff);
                printf("    delete row\n");
                free(shash_find_and_delete(names, uuid));
            } else if (is_insert) {
                label = row_label(names, uuid);
                if (label[0] == '"') {
                    printf("  table %s insert row %s (%.8s):\n",
                           tnode->name, label, uuid);
                } else {
                    printf("  table %s insert row %s:\n", tnode->name,
                           label);
                }
            } else {
                printf("  table %s row %s (%.8s)%s:\n", tnode->name, label,
                       uuid, diff);
            }
            free(label);
            if (row->type == JSON_OBJECT && show_log_verbosity > 1) {
                print_row_columns(ts, row);
            }
        }
    }
}

static void
do_show_log(int argc, char *argv[])
{
    char *db_name = arg_or(argc, argv, 1, default_db);
    struct ovsdb_schema *schema = NULL;
    static struct shash names = SHASH_INITIALIZER(&names);
    struct ovsdb_log *log;

    check_error(ovsdb_log_open(db_name, OVSDB_LOG_READ_ONLY, &log));
    keep(log);
    for (unsigned int i = 0; ; i++) {
        struct json *json;
        check_error(ovsdb_log_read(log, &json));
        if (!json) {
            break;
        }

        printf("record %u:", i);
        if (i == 0) {
            keep(json);
            check_error(ovsdb_schema_from_json(json, &schema));
            keep(schema);
            printf(" \"%s\" schema, version=\"%s\", cksum=\"%s\"\n",
                   schema->name, schema->version ? schema->version : "",
                   schema->cksum ? schema->cksum : "");
        } else if (json->type == JSON_OBJECT) {
            const struct json *date = shash_find_data(json_object(json),
                                                      "_date");
            const struct json *comment
                = shash_find_data(json_object(json), "_comment");
            if (date && date->type == JSON_INTEGER) {
                char *s = xastrftime_msec(" %Y-%m-%d %H:%M:%S.###",
                                          json_integer(date), false);
                fputs(s, stdout);
                free(s);
            }
            if (comment && comment->type == JSON_STRING) {
                printf(" \"%s\"", json_string(comment));
            }
            putchar('\n');
            if (show_log_verbosity > 0) {
                print_transaction(schema, json, &names);
            }
        } else {
            putchar('\n');
        }
        if (i == 0 || show_log_verbosity > 0) {
            putchar('\n');
        }
        json_destroy(json);
    }

    ovsdb_log_close(log);
    ovsdb_schema_destroy(schema);
    shash_destroy_free_data(&names);
    free(db_name);
}

static void
do_help(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    usage();
}

static const struct command all_commands[] = {
    { "create", 0, 2, do_create },
    { "compact", 0, 2, do_compact },
    { "convert", 0, 3, do_convert },
    { "needs-conversion", 0, 2, do_needs_conversion },
    { "db-name", 0, 1, do_db_name },
    { "db-version", 0, 1, do_db_version },
    { "db-cksum", 0, 1, do_db_cksum },
    { "db-is-standalone", 1, 1, do_db_is_standalone },
    { "db-is-clustered", 1, 1, do_db_is_clustered },
    { "schema-name", 0, 1, do_schema_name },
    { "schema-version", 0, 1, do_schema_version },
    { "schema-cksum", 0, 1, do_schema_cksum },
    { "query", 1, 2, do_query },
    { "transact", 1, 2, do_transact },
    { "show-log", 0, 1, do_show_log },
    { "help", 0, INT_MAX, do_help },
    { NULL, 0, 0, NULL },
};

static const struct command *
get_all_commands(void)
{
    return all_commands;
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    parse_options(argc, argv);

    argc -= optind;
    argv += optind;
    if (argc < 1) {
        ovs_fatal(0, "missing command name; use --help for help");
    }

    for (const struct command *c = get_all_commands(); c->name; c++) {
        if (!strcmp(c->name, argv[0])) {
            int n_args = argc - 1;
            if (n_args < c->min_args) {
                ovs_fatal(0, "'%s' command requires at least %d arguments",
                          c->name, c->min_args);
            } else if (n_args > c->max_args) {
                ovs_fatal(0, "'%s' command takes at most %d arguments",
                          c->name, c->max_args);
            }
            c->handler(argc, argv);
            return 0;
        }
    }
    ovs_fatal(0, "unknown command '%s'; use --help for help", argv[0]);
}
