/* remote-config.c -- remotes and SSL settings read from ovsdb-server's own
 * databases ("db:DB,TABLE,COLUMN"), and connection status written back.
 *
 * This sits between the JSON-RPC server (which owns the connections) and
 * the in-memory databases (ovsdb-db.h, ovsdb-txn.h).  It holds no state of
 * its own: every call parses the spec, looks the database, table and
 * column up again and walks the committed rows, so a schema or data change
 * between two main-loop iterations needs no invalidation logic.  The
 * tables involved (Open_vSwitch, Manager, SSL) have a handful of rows, so
 * the walk costs nothing worth caching.
 *
 * Reading: a column of strings (a string, a set of strings, or a map whose
 * values are strings) names targets directly, with default options.  A
 * column of references names rows of a Manager-like table, whose "target"
 * column gives the target and whose optional columns give the options;
 * such an optional column is used only if it exists and has the expected
 * type, so schemas with fewer columns (or the hardware_vtep Manager
 * table) work too.
 *
 * Writing: status goes back only to the reference shape (a bare string
 * has nowhere to put it).  A transaction is opened only when some row's
 * "is_connected" or "status" would actually change, so that a server that
 * calls this every iteration does not churn the database, its monitors or
 * its log. */
#include "remote-config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "ovsdb-types.h"
#include "shash.h"
#include "smap.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(remote_config);

COVERAGE_DEFINE(remote_config_query);
COVERAGE_DEFINE(remote_config_error);
COVERAGE_DEFINE(remote_config_status_commit);
COVERAGE_DEFINE(remote_config_status_unchanged);

/* The three parts of "DB,TABLE,COLUMN".  The column is everything after
 * the second comma, so that a stray comma shows up as an unknown column
 * instead of being dropped silently. */
struct spec {
    char *db_name;
    char *table_name;
    char *column_name;
};

/* How a spec's column names remotes. */
enum column_shape {
    SHAPE_STRINGS,              /* Strings: the keys of a set or scalar. */
    SHAPE_MAP_VALUES,           /* Map to strings: the values. */
    SHAPE_REFS                  /* References to a Manager-like table. */
};

/* A spec resolved against the databases. */
struct resolved_spec {
    struct ovsdb *db;
    struct ovsdb_table *table;
    const struct ovsdb_column *column;
};

static void
spec_destroy(struct spec *spec)
{
    free(spec->db_name);
    free(spec->table_name);
    free(spec->column_name);
}

/* Error messages leave out the spec itself: the caller puts it in front,
 * as "db:SPEC": MESSAGE, the way ovsdb-server prints them. */
static char * OVS_PRINTF_FORMAT(1, 2)
spec_error(const char *format, ...)
{
    va_list args;
    char *msg;

    va_start(args, format);
    msg = xvasprintf(format, args);
    va_end(args);
    COVERAGE_INC(remote_config_error);
    return msg;
}

static char * OVS_WARN_UNUSED_RESULT
spec_parse(const char *s, struct spec *spec)
{
    const char *comma1 = strchr(s, ',');
    const char *comma2 = comma1 ? strchr(comma1 + 1, ',') : NULL;

    memset(spec, 0, sizeof *spec);
    if (!comma2 || comma1 == s || comma2 == comma1 + 1 || !comma2[1]) {
        return spec_error("invalid syntax");
    }
    spec->db_name = xmemdup0(s, comma1 - s);
    spec->table_name = xmemdup0(comma1 + 1, comma2 - comma1 - 1);
    spec->column_name = xstrdup(comma2 + 1);
    return NULL;
}

static bool
type_is_string_keyed(const struct ovsdb_type *type)
{
    return type->key.type == OVSDB_TYPE_STRING;
}

/* The shape of COLUMN as a source of remotes, or false if it has none. */
static bool
column_get_shape(const struct ovsdb_column *column, enum column_shape *shape)
{
    const struct ovsdb_type *type = &column->type;

    if (!ovsdb_type_is_map(type)) {
        if (type_is_string_keyed(type)) {
            *shape = SHAPE_STRINGS;
            return true;
        } else if (ovsdb_base_type_is_ref(&type->key)
                   && type->key.uuid.ref_table) {
            *shape = SHAPE_REFS;
            return true;
        }
    } else if (type->value.type == OVSDB_TYPE_STRING) {
        *shape = SHAPE_MAP_VALUES;
        return true;
    }
    return false;
}

/* Resolves SPEC_S against one database DB (whose name must match) or, if
 * DB is NULL, against DBS.  On success fills in *RS and returns NULL. */
static char * OVS_WARN_UNUSED_RESULT
spec_resolve(const struct shash *dbs, struct ovsdb *db, const char *spec_s,
             struct resolved_spec *rs)
{
    struct spec spec;
    char *error = spec_parse(spec_s, &spec);

    if (error) {
        return error;
    }

    if (!db) {
        db = dbs ? shash_find_data(dbs, spec.db_name) : NULL;
    } else if (strcmp(ovsdb_get_name(db), spec.db_name)) {
        db = NULL;
    }
    if (!db) {
        error = spec_error("no database named %s", spec.db_name);
        goto out;
    }

    struct ovsdb_table *table = ovsdb_get_table(db, spec.table_name);
    if (!table) {
        error = spec_error("no table named %s", spec.table_name);
        goto out;
    }

    const struct ovsdb_column *column
        = ovsdb_table_schema_get_column(table->schema, spec.column_name);
    if (!column) {
        error = spec_error("table \"%s\" has no column \"%s\"",
                           spec.table_name, spec.column_name);
        goto out;
    }

    rs->db = db;
    rs->table = table;
    rs->column = column;

out:
    spec_destroy(&spec);
    return error;
}

/* Column NAME of TABLE if it has ATOMIC type as its key, is not a map
 * unless IS_MAP (then with string values), else NULL.  For optional
 * columns of a Manager-like table: a column of another type is ignored,
 * as ovsdb-server(1) says, but with a debug message to explain why. */
static const struct ovsdb_column *
get_typed_column(const struct ovsdb_table *table, const char *name,
                 enum ovsdb_atomic_type atomic, bool is_map)
{
    const struct ovsdb_column *column
        = ovsdb_table_schema_get_column(table->schema, name);

    if (!column) {
        return NULL;
    }
    if (column->type.key.type != atomic
        || ovsdb_type_is_map(&column->type) != is_map
        || (is_map && column->type.value.type != OVSDB_TYPE_STRING)) {
        VLOG_DBG("table %s column %s has an unexpected type, ignored",
                 table->schema->name, name);
        return NULL;
    }
    return column;
}

/* The first key of ROW's COLUMN, or NULL if COLUMN is NULL or the value is
 * empty. */
static const union ovsdb_atom *
row_first_key(const struct ovsdb_row *row, const struct ovsdb_column *column)
{
    if (!column) {
        return NULL;
    }
    const struct ovsdb_datum *datum = &row->fields[column->index];
    return datum->n ? &datum->keys[0] : NULL;
}

/* An integer column in milliseconds, or -1 if absent or out of range. */
static int
row_get_msecs(const struct ovsdb_row *row, const struct ovsdb_column *column)
{
    const union ovsdb_atom *atom = row_first_key(row, column);

    if (!atom) {
        return -1;
    }
    if (atom->integer < 0 || atom->integer > INT_MAX) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "%s: %"PRId64" is out of range, using the default",
                     column->name, atom->integer);
        return -1;
    }
    return atom->integer;
}

/* other_config:dscp, 0...63, or -1. */
static int
row_get_dscp(const struct ovsdb_row *row, const struct ovsdb_column *column)
{
    union ovsdb_atom key;
    unsigned int idx;
    int dscp;

    if (!column) {
        return -1;
    }
    const struct ovsdb_datum *datum = &row->fields[column->index];
    ovsdb_atom_init_string(&key, "dscp", 4);
    idx = ovsdb_datum_find_key(datum, &key, OVSDB_TYPE_STRING);
    ovsdb_atom_destroy(&key, OVSDB_TYPE_STRING);
    if (idx == OVSDB_DATUM_NOT_FOUND) {
        return -1;
    }

    const char *s = datum->values[idx].string;
    if (!str_to_int(s, 10, &dscp) || dscp < 0 || dscp > 63) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "other_config:dscp=\"%s\" is not an integer "
                     "between 0 and 63, using the default", s);
        return -1;
    }
    return dscp;
}

static struct ovsdb_remote_config *
remote_config_create(const char *target)
{
    struct ovsdb_remote_config *rc = xzalloc(sizeof *rc);

    rc->target = xstrdup(target);
    rc->max_backoff = -1;
    rc->probe_interval = -1;
    rc->dscp = -1;
    rc->read_only = false;
    rc->role = NULL;
    return rc;
}

static void
remote_config_destroy(struct ovsdb_remote_config *rc)
{
    if (rc) {
        free(rc->target);
        free(rc->role);
        free(rc);
    }
}

/* Adds TARGET with default options unless it is empty or already there. */
static void
add_plain_target(struct shash *remotes, const char *target)
{
    if (target[0] && !shash_find(remotes, target)) {
        shash_add(remotes, target, remote_config_create(target));
    }
}

/* The columns of a Manager-like table that this module reads or writes;
 * NULL for any that the table lacks (or has with another type). */
struct manager_columns {
    const struct ovsdb_column *target;
    const struct ovsdb_column *max_backoff;
    const struct ovsdb_column *inactivity_probe;
    const struct ovsdb_column *read_only;
    const struct ovsdb_column *role;
    const struct ovsdb_column *other_config;
    const struct ovsdb_column *is_connected;
    const struct ovsdb_column *status;
};

static void
manager_columns_init(struct manager_columns *mc,
                     const struct ovsdb_table *table)
{
    mc->target = get_typed_column(table, "target", OVSDB_TYPE_STRING, false);
    mc->max_backoff = get_typed_column(table, "max_backoff",
                                       OVSDB_TYPE_INTEGER, false);
    mc->inactivity_probe = get_typed_column(table, "inactivity_probe",
                                            OVSDB_TYPE_INTEGER, false);
    mc->read_only = get_typed_column(table, "read_only",
                                     OVSDB_TYPE_BOOLEAN, false);
    mc->role = get_typed_column(table, "role", OVSDB_TYPE_STRING, false);
    mc->other_config = get_typed_column(table, "other_config",
                                        OVSDB_TYPE_STRING, true);
    mc->is_connected = get_typed_column(table, "is_connected",
                                        OVSDB_TYPE_BOOLEAN, false);
    mc->status = get_typed_column(table, "status", OVSDB_TYPE_STRING, true);
}

static void
add_manager_row(struct shash *remotes, const struct ovsdb_row *row,
                const struct manager_columns *mc)
{
    const union ovsdb_atom *target = row_first_key(row, mc->target);

    if (!target || !target->string[0]
        || shash_find(remotes, target->string)) {
        return;
    }

    struct ovsdb_remote_config *rc = remote_config_create(target->string);
    rc->max_backoff = row_get_msecs(row, mc->max_backoff);
    rc->probe_interval = row_get_msecs(row, mc->inactivity_probe);
    rc->dscp = row_get_dscp(row, mc->other_config);

    const union ovsdb_atom *read_only = row_first_key(row, mc->read_only);
    rc->read_only = read_only && read_only->boolean;

    const union ovsdb_atom *role = row_first_key(row, mc->role);
    rc->role = role && role->string[0] ? xstrdup(role->string) : NULL;

    shash_add(remotes, rc->target, rc);
}

/* The committed table that REF_COLUMN refers to. */
static struct ovsdb_table *
get_ref_table(const struct ovsdb *db, const struct ovsdb_column *ref_column)
{
    return db->tables[ref_column->type.key.uuid.ref_table->index];
}

char *
ovsdb_remote_config_query(const struct shash *dbs, const char *spec,
                          struct shash *remotes)
{
    struct resolved_spec rs;
    enum column_shape shape;
    char *error;

    COVERAGE_INC(remote_config_query);
    error = spec_resolve(dbs, NULL, spec, &rs);
    if (error) {
        return error;
    }
    if (!column_get_shape(rs.column, &shape)) {
        return spec_error("table \"%s\" column \"%s\" is not string, "
                          "set or map of strings, or set of references",
                          rs.table->schema->name, rs.column->name);
    }

    struct manager_columns mc;
    struct ovsdb_table *ref_table = NULL;
    if (shape == SHAPE_REFS) {
        ref_table = get_ref_table(rs.db, rs.column);
        manager_columns_init(&mc, ref_table);
        if (!mc.target) {
            return spec_error("table \"%s\" referenced by column "
                              "\"%s\" has no string column \"target\"",
                              ref_table->schema->name, rs.column->name);
        }
    }

    const struct ovsdb_row *row;
    HMAP_FOR_EACH (row, hmap_node, &rs.table->rows) {
        const struct ovsdb_datum *datum = &row->fields[rs.column->index];

        for (unsigned int i = 0; i < datum->n; i++) {
            const struct ovsdb_row *ref_row;

            switch (shape) {
            case SHAPE_STRINGS:
                add_plain_target(remotes, datum->keys[i].string);
                break;

            case SHAPE_MAP_VALUES:
                add_plain_target(remotes, datum->values[i].string);
                break;

            case SHAPE_REFS:
                ref_row = ovsdb_table_get_row(ref_table,
                                              &datum->keys[i].uuid);
                if (ref_row) {
                    add_manager_row(remotes, ref_row, &mc);
                }
                break;
            }
        }
    }
    return NULL;
}

char *
ovsdb_remote_config_query_string(const struct shash *dbs, const char *spec,
                                 char **value)
{
    struct resolved_spec rs;
    const char *found = NULL;
    size_t n_found = 0;
    char *error;

    *value = NULL;
    error = spec_resolve(dbs, NULL, spec, &rs);
    if (error) {
        return error;
    }
    if (ovsdb_type_is_map(&rs.column->type)
        || !type_is_string_keyed(&rs.column->type)) {
        return spec_error("table \"%s\" column \"%s\" is not string "
                          "or set of strings",
                          rs.table->schema->name, rs.column->name);
    }

    /* A key file name must be unambiguous: with two candidates, using
     * either could present the wrong identity, so use neither. */
    const struct ovsdb_row *row;
    HMAP_FOR_EACH (row, hmap_node, &rs.table->rows) {
        const struct ovsdb_datum *datum = &row->fields[rs.column->index];
        for (unsigned int i = 0; i < datum->n; i++) {
            if (datum->keys[i].string[0]) {
                found = datum->keys[i].string;
                n_found++;
            }
        }
    }
    if (n_found == 1) {
        *value = xstrdup(found);
    } else if (n_found > 1) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "\"db:%s\": %zu values, ignoring all of "
                     "them", spec, n_found);
    }
    return NULL;
}

void
ovsdb_remote_config_clear(struct shash *remotes)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, remotes) {
        remote_config_destroy(node->data);
    }
    shash_clear(remotes);
}

/* Status write-back. */

static void
status_put_uint(struct smap *smap, const char *key, unsigned int value)
{
    smap_add_format(smap, key, "%u", value);
}

static void
status_put_nonempty(struct smap *smap, const char *key, const char *value)
{
    if (value && value[0]) {
        smap_add(smap, key, value);
    }
}

/* The "status" map for STATUS, as ovs-vswitchd.conf.db(5) documents it for
 * the Manager table: keys with no meaningful value are left out. */
static void
status_to_smap(const struct ovsdb_remote_status *status, struct smap *smap)
{
    status_put_nonempty(smap, "state", status->state);
    if (status->sec_since_connect != UINT_MAX) {
        status_put_uint(smap, "sec_since_connect", status->sec_since_connect);
    }
    if (status->sec_since_disconnect != UINT_MAX) {
        status_put_uint(smap, "sec_since_disconnect",
                        status->sec_since_disconnect);
    }
    status_put_nonempty(smap, "last_error", status->last_error);
    status_put_nonempty(smap, "locks_held", status->locks_held);
    status_put_nonempty(smap, "locks_waiting", status->locks_waiting);
    status_put_nonempty(smap, "locks_lost", status->locks_lost);
    /* The schema documents n_connections as "at least 2": with one
     * connection the other keys already describe it. */
    if (status->n_connections >= 2) {
        smap_add_format(smap, "n_connections", "%d", status->n_connections);
    }
    if (status->bound_port >= 0) {
        smap_add_format(smap, "bound_port", "%d", status->bound_port);
    }
}

static void
smap_to_datum(const struct smap *smap, struct ovsdb_datum *datum,
              const struct ovsdb_type *type)
{
    const struct smap_node *node;

    ovsdb_datum_init_empty(datum);
    SMAP_FOR_EACH (node, smap) {
        union ovsdb_atom key, value;

        ovsdb_atom_init_string(&key, node->key, strlen(node->key));
        ovsdb_atom_init_string(&value, node->value, strlen(node->value));
        ovsdb_datum_add_unsafe(datum, &key, &value);
    }
    /* Keys of an smap are unique, so sorting cannot fail. */
    struct ovsdb_error *error = ovsdb_datum_sort(datum, type);
    ovs_assert(!error);
}

/* Replaces COLUMN of ROW (writable) by NEW, taking ownership of NEW. */
static void
row_set_datum(struct ovsdb_row *row, const struct ovsdb_column *column,
              struct ovsdb_datum *new)
{
    struct ovsdb_datum *dst = &row->fields[column->index];

    ovsdb_datum_destroy(dst, &column->type);
    *dst = *new;
    ovsdb_datum_init_empty(new);
}

/* Brings one Manager-like row up to date with STATUS, opening *TXNP on the
 * first actual change.  A row referenced twice is seen the second time
 * through the transaction, already updated, and left alone. */
static void
update_row_status(struct ovsdb *db, struct ovsdb_txn **txnp,
                  const struct ovsdb_table *table, const struct uuid *uuid,
                  const struct manager_columns *mc,
                  const struct shash *statuses)
{
    const struct ovsdb_row *row = (*txnp
                                   ? ovsdb_txn_get_row(*txnp, table, uuid)
                                   : ovsdb_table_get_row(table, uuid));
    if (!row) {
        return;
    }

    const union ovsdb_atom *target = row_first_key(row, mc->target);
    const struct ovsdb_remote_status *status
        = target ? shash_find_data(statuses, target->string) : NULL;
    if (!status) {
        return;
    }

    struct ovsdb_datum new_connected, new_status;
    bool connected_changed = false, status_changed = false;

    ovsdb_datum_init_empty(&new_connected);
    ovsdb_datum_init_empty(&new_status);

    if (mc->is_connected) {
        union ovsdb_atom atom = { .boolean = status->is_connected };
        ovsdb_datum_init_atom(&new_connected, &atom, OVSDB_TYPE_BOOLEAN);
        connected_changed = !ovsdb_datum_equals(
            &new_connected, &row->fields[mc->is_connected->index],
            &mc->is_connected->type);
    }

    if (mc->status) {
        struct smap smap;

        smap_init(&smap);
        status_to_smap(status, &smap);
        smap_to_datum(&smap, &new_status, &mc->status->type);
        smap_destroy(&smap);

        struct ovsdb_error *error
            = ovsdb_datum_check_constraints(&new_status, &mc->status->type);
        if (error) {
            /* A schema that limits the status map more tightly than ours
             * would fail the whole commit; skip just this column. */
            char *s = ovsdb_error_to_string(error);
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "%s: status for %s not written: %s",
                         table->schema->name, target->string, s);
            free(s);
            ovsdb_error_destroy(error);
        } else {
            status_changed = !ovsdb_datum_equals(
                &new_status, &row->fields[mc->status->index],
                &mc->status->type);
        }
    }

    if (connected_changed || status_changed) {
        if (!*txnp) {
            *txnp = ovsdb_txn_create(db);
        }
        struct ovsdb_row *w = ovsdb_txn_modify(*txnp, row);
        if (connected_changed) {
            row_set_datum(w, mc->is_connected, &new_connected);
        }
        if (status_changed) {
            row_set_datum(w, mc->status, &new_status);
        }
    }

    if (mc->is_connected) {
        ovsdb_datum_destroy(&new_connected, &mc->is_connected->type);
    }
    if (mc->status) {
        ovsdb_datum_destroy(&new_status, &mc->status->type);
    }
}

struct ovsdb_txn *
ovsdb_remote_config_update_status(struct ovsdb *db, const char *spec,
                                  const struct shash *statuses,
                                  char **errorp)
{
    struct resolved_spec rs;
    enum column_shape shape;
    char *error;

    *errorp = NULL;

    /* A spec that names another database, or a column without the
     * reference shape, simply has no status to write; the caller already
     * learned about real errors from ovsdb_remote_config_query(). */
    error = spec_resolve(NULL, db, spec, &rs);
    if (error) {
        free(error);
        return NULL;
    }
    if (!column_get_shape(rs.column, &shape) || shape != SHAPE_REFS) {
        return NULL;
    }

    struct ovsdb_table *ref_table = get_ref_table(db, rs.column);
    struct manager_columns mc;
    manager_columns_init(&mc, ref_table);
    if (!mc.target || (!mc.is_connected && !mc.status)) {
        return NULL;
    }

    if (db->open_txn) {
        /* Only one transaction may be open on a database.  The server
         * should never call us mid-transaction; say so if it does. */
        *errorp = xstrdup("cannot update status while another "
                          "transaction is open");
        COVERAGE_INC(remote_config_error);
        return NULL;
    }

    struct ovsdb_txn *txn = NULL;
    const struct ovsdb_row *row;
    HMAP_FOR_EACH (row, hmap_node, &rs.table->rows) {
        const struct ovsdb_datum *datum = &row->fields[rs.column->index];

        for (unsigned int i = 0; i < datum->n; i++) {
            update_row_status(db, &txn, ref_table, &datum->keys[i].uuid,
                              &mc, statuses);
        }
    }

    if (!txn) {
        COVERAGE_INC(remote_config_status_unchanged);
        return NULL;
    }

    struct ovsdb_error *commit_error = ovsdb_txn_commit(txn);
    if (commit_error) {
        char *s = ovsdb_error_to_string(commit_error);
        *errorp = xasprintf("writing status failed: %s", s);
        free(s);
        ovsdb_error_destroy(commit_error);
        ovsdb_txn_destroy(txn);
        COVERAGE_INC(remote_config_error);
        return NULL;
    }

    const struct ovsdb_txn_change *changes;
    if (!ovsdb_txn_get_changes(txn, &changes)) {
        ovsdb_txn_destroy(txn);
        COVERAGE_INC(remote_config_status_unchanged);
        return NULL;
    }
    COVERAGE_INC(remote_config_status_commit);
    return txn;
}
