/* vsctl-db.c -- ovs-vsctl's database snapshot and transaction (see
 * vsctl-db.h for the protocol it follows).
 *
 * The snapshot is one hash table of rows per table.  Each row keeps its
 * current datums in an array indexed like the table schema's columns and
 * a 'written' flag per column; the commit sends only written columns, so
 * columns that were never fetched are never overwritten.  Inserted rows
 * carry a temporary UUID, and when datums are turned into JSON for the
 * commit every UUID that names an inserted row becomes a named-uuid. */
#include <config.h>
#include "vsctl-db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "dynamic-string.h"
#include "json.h"
#include "jsonrpc.h"
#include "ovsdb-error.h"
#include "poll-loop.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vsctl_db);

COVERAGE_DEFINE(vsctl_db_fetch);
COVERAGE_DEFINE(vsctl_db_commit);
COVERAGE_DEFINE(vsctl_db_try_again);

struct vsctl_db {
    struct jsonrpc *rpc;
    char *remote;
    struct ovsdb_schema *schema;
    struct vsctl_table *tables;     /* Indexed like schema->tables_by_index */
    size_t n_tables;
    bool monitoring;                /* "wait-until" monitor set up. */
};

/* Bumped by every change to any snapshot (there is one per process). */
static unsigned int change_seqno;

static void delta_type(struct ovsdb_type *, const struct ovsdb_column *);

/* JSON values kept until exit (see vsctl_db_fetch()). */
static struct json **kept_json;
static size_t n_kept_json, allocated_kept_json;

static void
keep_json(struct json *json)
{
    if (n_kept_json >= allocated_kept_json) {
        kept_json = x2nrealloc(kept_json, &allocated_kept_json,
                               sizeof *kept_json);
    }
    kept_json[n_kept_json++] = json;
}

static void
die_connection(const struct vsctl_db *db, int error)
{
    ovs_fatal(0, "%s: database connection failed (%s)", db->remote,
              error == EOF ? "End of file" : ovs_strerror(error));
}

/* Sends REQUEST and returns the reply's result, dying on failure. */
static struct json *
transact_rpc(struct vsctl_db *db, const char *method, struct json *params)
{
    struct jsonrpc_msg *request = jsonrpc_create_request(method, params,
                                                         NULL);
    struct jsonrpc_msg *reply;
    int error = jsonrpc_transact_block(db->rpc, request, &reply);

    if (error) {
        die_connection(db, error);
    }
    if (reply->type == JSONRPC_ERROR) {
        char *s = json_to_string(reply->error, JSSF_SORT);
        jsonrpc_msg_destroy(reply);
        ovs_fatal(0, "%s: %s request failed: %s", db->remote, method, s);
    }
    struct json *result = json_clone(reply->result);
    jsonrpc_msg_destroy(reply);
    return result;
}

struct vsctl_db *
vsctl_db_open(const char *remote, bool retry)
{
    struct vsctl_db *db = xzalloc(sizeof *db);
    db->remote = xstrdup(remote);

    for (;;) {
        struct stream *stream;
        int error = stream_open_block(stream_open(remote, &stream, 0), -1,
                                      &stream);
        if (!error) {
            db->rpc = jsonrpc_open(stream);
            break;
        }
        if (!retry) {
            die_connection(db, error);
        }
        VLOG_DBG("%s: connection failed (%s), retrying", remote,
                 ovs_retval_to_string(error));
        usleep(250 * 1000);
    }

    struct json *schema_json = transact_rpc(
        db, "get_schema",
        json_array_create_1(json_string_create("Open_vSwitch")));
    struct ovsdb_error *oe = ovsdb_schema_from_json(schema_json,
                                                    &db->schema);
    keep_json(schema_json);
    if (oe) {
        char *s = ovsdb_error_to_string(oe);
        ovsdb_error_destroy(oe);
        ovs_fatal(0, "%s: bad schema: %s", remote, s);
    }

    db->n_tables = db->schema->n_tables;
    db->tables = xcalloc(db->n_tables, sizeof *db->tables);
    for (size_t i = 0; i < db->n_tables; i++) {
        struct vsctl_table *t = &db->tables[i];
        t->schema = db->schema->tables_by_index[i];
        hmap_init(&t->rows);
        t->need = xcalloc(t->schema->n_columns, sizeof *t->need);
    }
    return db;
}

static void
row_destroy(struct vsctl_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_destroy(&row->data[i], &ts->columns_by_index[i]->type);
    }
    if (row->old) {
        for (size_t i = 0; i < ts->n_columns; i++) {
            if (row->written[i]) {
                ovsdb_datum_destroy(&row->old[i],
                                    &ts->columns_by_index[i]->type);
            }
        }
        free(row->old);
    }
    if (row->delta) {
        for (size_t i = 0; i < ts->n_columns; i++) {
            if (row->delta[i]) {
                const struct ovsdb_type *type
                    = &ts->columns_by_index[i]->type;
                ovsdb_datum_destroy(&row->added[i], type);
                ovsdb_datum_destroy(&row->removed[i], type);
            }
        }
        free(row->delta);
        free(row->added);
        free(row->removed);
    }
    free(row->data);
    free(row->written);
    free(row);
}

static void
clear_snapshot(struct vsctl_db *db)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        struct vsctl_row *row;
        HMAP_FOR_EACH_POP (row, node, &db->tables[i].rows) {
            row_destroy(row);
        }
    }
    change_seqno++;
}

void
vsctl_db_close(struct vsctl_db *db)
{
    if (!db) {
        return;
    }
    clear_snapshot(db);
    for (size_t i = 0; i < db->n_tables; i++) {
        hmap_destroy(&db->tables[i].rows);
        free(db->tables[i].need);
    }
    free(db->tables);
    ovsdb_schema_destroy(db->schema);
    jsonrpc_close(db->rpc);
    free(db->remote);
    free(db);
}

const struct ovsdb_schema *
vsctl_db_get_schema(const struct vsctl_db *db)
{
    return db->schema;
}

const char *
vsctl_db_name(const struct vsctl_db *db)
{
    return db->remote;
}

struct vsctl_table *
vsctl_db_get_table(struct vsctl_db *db, const char *name)
{
    const struct ovsdb_table_schema *ts
        = ovsdb_schema_get_table(db->schema, name);
    return ts ? &db->tables[ts->index] : NULL;
}

void
vsctl_db_need_column(struct vsctl_table *t, const char *column)
{
    const struct ovsdb_column *c
        = ovsdb_table_schema_get_column(t->schema, column);
    t->needed = true;
    if (c) {
        t->need[c->index] = true;
    }
}

void
vsctl_db_need_table(struct vsctl_table *t)
{
    t->needed = true;
    for (size_t i = 0; i < t->schema->n_columns; i++) {
        t->need[i] = true;
    }
}

unsigned int
vsctl_db_change_seqno(const struct vsctl_db *db OVS_UNUSED)
{
    return change_seqno;
}

static struct vsctl_row *
row_create(struct vsctl_table *t, const struct uuid *uuid)
{
    const struct ovsdb_table_schema *ts = t->schema;
    struct vsctl_row *row = xzalloc(sizeof *row);

    row->table = t;
    row->uuid = *uuid;
    row->data = xmalloc(ts->n_columns * sizeof *row->data);
    row->written = xcalloc(ts->n_columns, sizeof *row->written);
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_type *type = &ts->columns_by_index[i]->type;
        /* A default reference would point at the all-zeros UUID: start
         * such columns empty instead. */
        if (ovsdb_type_has_refs(type)) {
            ovsdb_datum_init_empty(&row->data[i]);
        } else {
            ovsdb_datum_init_default(&row->data[i], type);
        }
    }
    union ovsdb_atom uuid_atom = { .uuid = *uuid };
    ovsdb_datum_destroy(&row->data[OVSDB_COL_UUID],
                        &ts->columns_by_index[OVSDB_COL_UUID]->type);
    ovsdb_datum_init_atom(&row->data[OVSDB_COL_UUID], &uuid_atom,
                          OVSDB_TYPE_UUID);
    hmap_insert(&t->rows, &row->node, uuid_hash(uuid));
    return row;
}

static void
parse_fetched_row(struct vsctl_db *db, struct vsctl_table *t,
                  const struct json *json)
{
    if (json->type != JSON_OBJECT) {
        ovs_fatal(0, "%s: bad row in reply", db->remote);
    }
    struct json *uuid_json = shash_find_data(json_object(json), "_uuid");
    struct ovsdb_type uuid_type;
    union ovsdb_atom atom;
    struct ovsdb_error *oe;

    ovsdb_type_init_scalar(&uuid_type, OVSDB_TYPE_UUID);
    if (!uuid_json
        || (oe = ovsdb_atom_from_json(&atom, &uuid_type.key, uuid_json,
                                      NULL))) {
        ovs_fatal(0, "%s: row without _uuid in reply", db->remote);
    }
    struct vsctl_row *row = row_create(t, &atom.uuid);

    struct shash_node *node;
    SHASH_FOR_EACH (node, json_object(json)) {
        const struct ovsdb_column *c
            = ovsdb_table_schema_get_column(t->schema, node->name);
        if (!c || c->index == OVSDB_COL_UUID) {
            continue;
        }
        struct ovsdb_datum d;
        oe = ovsdb_datum_from_json(&d, &c->type, node->data, NULL);
        if (oe) {
            char *s = ovsdb_error_to_string(oe);
            ovsdb_error_destroy(oe);
            ovs_fatal(0, "%s: bad value for %s column %s in reply: %s",
                      db->remote, t->schema->name, c->name, s);
        }
        ovsdb_datum_swap(&row->data[c->index], &d);
        ovsdb_datum_destroy(&d, &c->type);
    }
}

void
vsctl_db_fetch(struct vsctl_db *db)
{
    struct json *params = json_array_create_1(
        json_string_create("Open_vSwitch"));
    struct vsctl_table **fetched = xmalloc(db->n_tables * sizeof *fetched);
    size_t n_fetched = 0;

    COVERAGE_INC(vsctl_db_fetch);
    clear_snapshot(db);
    for (size_t i = 0; i < db->n_tables; i++) {
        db->tables[i].verify_empty = false;
    }
    for (size_t i = 0; i < db->n_tables; i++) {
        struct vsctl_table *t = &db->tables[i];
        if (!t->needed) {
            continue;
        }
        struct json *columns = json_array_create_empty();
        for (size_t j = 0; j < t->schema->n_columns; j++) {
            if (t->need[j] || j == OVSDB_COL_UUID) {
                json_array_add(columns, json_string_create(
                                   t->schema->columns_by_index[j]->name));
            }
        }
        struct json *op = json_object_create();
        json_object_put_string(op, "op", "select");
        json_object_put_string(op, "table", t->schema->name);
        json_object_put(op, "where", json_array_create_empty());
        json_object_put(op, "columns", columns);
        json_array_add(params, op);
        fetched[n_fetched++] = t;
    }

    struct json *result = transact_rpc(db, "transact", params);
    if (result->type != JSON_ARRAY || json_array(result)->n < n_fetched) {
        ovs_fatal(0, "%s: bad reply to select", db->remote);
    }
    for (size_t i = 0; i < n_fetched; i++) {
        const struct json *r = json_array(result)->elems[i];
        const struct json *rows = (r->type == JSON_OBJECT
                                   ? shash_find_data(json_object(r), "rows")
                                   : NULL);
        if (!rows || rows->type != JSON_ARRAY) {
            char *s = json_to_string(r, JSSF_SORT);
            ovs_fatal(0, "%s: select failed: %s", db->remote, s);
        }
        for (size_t j = 0; j < json_array(rows)->n; j++) {
            parse_fetched_row(db, fetched[i], json_array(rows)->elems[j]);
        }
    }
    /* The parsed reply is kept rather than freed: freeing tens of
     * thousands of small JSON nodes costs a good part of a run's time, and
     * the process exits soon.  It stays reachable, so it is no leak. */
    keep_json(result);
    free(fetched);
}

struct vsctl_row *
vsctl_table_find_row(const struct vsctl_table *t, const struct uuid *uuid)
{
    struct vsctl_row *row;
    HMAP_FOR_EACH_WITH_HASH (row, node, uuid_hash(uuid), &t->rows) {
        if (uuid_equals(&row->uuid, uuid)) {
            return row->deleted ? NULL : row;
        }
    }
    return NULL;
}

struct vsctl_row *
vsctl_db_find_row(const struct vsctl_db *db, const struct uuid *uuid)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        struct vsctl_row *row = vsctl_table_find_row(&db->tables[i], uuid);
        if (row) {
            return row;
        }
    }
    return NULL;
}

struct vsctl_row *
vsctl_table_first_row(const struct vsctl_table *t)
{
    struct vsctl_row *row;
    HMAP_FOR_EACH (row, node, &t->rows) {
        if (!row->deleted) {
            return row;
        }
    }
    return NULL;
}

static int
compare_rows(const void *a_, const void *b_)
{
    const struct vsctl_row *const *a = a_;
    const struct vsctl_row *const *b = b_;
    return uuid_compare_3way(&(*a)->uuid, &(*b)->uuid);
}

struct vsctl_row **
vsctl_table_rows(const struct vsctl_table *t, size_t *np)
{
    struct vsctl_row **rows = xmalloc((hmap_count(&t->rows) + 1)
                                      * sizeof *rows);
    struct vsctl_row *row;
    size_t n = 0;

    HMAP_FOR_EACH (row, node, &t->rows) {
        if (!row->deleted) {
            rows[n++] = row;
        }
    }
    qsort(rows, n, sizeof *rows, compare_rows);
    *np = n;
    return rows;
}

const struct ovsdb_datum *
vsctl_row_get(const struct vsctl_row *row, const struct ovsdb_column *c)
{
    return &row->data[c->index];
}

static const struct ovsdb_column *
get_column(const struct vsctl_row *row, const char *name)
{
    const struct ovsdb_column *c
        = ovsdb_table_schema_get_column(row->table->schema, name);
    if (!c) {
        ovs_abort(0, "table %s has no column %s", row->table->schema->name,
                  name);
    }
    return c;
}

const struct ovsdb_datum *
vsctl_row_get_by_name(const struct vsctl_row *row, const char *column)
{
    return vsctl_row_get(row, get_column(row, column));
}

const char *
vsctl_row_get_string(const struct vsctl_row *row, const char *column)
{
    const struct ovsdb_datum *d = vsctl_row_get_by_name(row, column);
    return d->n ? d->keys[0].string : NULL;
}

int64_t
vsctl_row_get_integer(const struct vsctl_row *row, const char *column,
                      bool *present)
{
    const struct ovsdb_datum *d = vsctl_row_get_by_name(row, column);
    if (present) {
        *present = d->n > 0;
    }
    return d->n ? d->keys[0].integer : 0;
}

bool
vsctl_row_get_bool(const struct vsctl_row *row, const char *column)
{
    const struct ovsdb_datum *d = vsctl_row_get_by_name(row, column);
    return d->n ? d->keys[0].boolean : false;
}

void
vsctl_row_set(struct vsctl_row *row, const struct ovsdb_column *c,
              struct ovsdb_datum *datum)
{
    if (!row->written[c->index] && !row->inserted) {
        /* Keep the value read, to guard the commit with. */
        if (!row->old) {
            row->old = xmalloc(row->table->schema->n_columns
                               * sizeof *row->old);
        }
        ovsdb_datum_clone(&row->old[c->index], &row->data[c->index],
                          &c->type);
        if (row->delta && row->delta[c->index]) {
            /* A full write supersedes the differences recorded so far;
             * the value read is the current one without them. */
            struct ovsdb_type type;
            delta_type(&type, c);
            ovsdb_datum_subtract(&row->old[c->index], &type,
                                 &row->added[c->index], &type);
            ovsdb_datum_union(&row->old[c->index], &row->removed[c->index],
                              &type);
            ovsdb_datum_destroy(&row->added[c->index], &type);
            ovsdb_datum_destroy(&row->removed[c->index], &type);
            row->delta[c->index] = false;
            ovsdb_type_destroy(&type);
        }
    }
    ovsdb_datum_swap(&row->data[c->index], datum);
    ovsdb_datum_destroy(datum, &c->type);
    row->written[c->index] = true;
    row->table->need[c->index] = true;
    /* A row's written columns are committed even if equal to the old
     * value: that is harmless and keeps the bookkeeping simple. */
    change_seqno++;
}

void
vsctl_row_set_by_name(struct vsctl_row *row, const char *column,
                      struct ovsdb_datum *datum)
{
    vsctl_row_set(row, get_column(row, column), datum);
}

void
vsctl_row_set_string(struct vsctl_row *row, const char *column,
                     const char *value)
{
    struct ovsdb_datum d;

    ovsdb_datum_init_empty(&d);
    if (value) {
        union ovsdb_atom atom;
        ovsdb_atom_init_string(&atom, value, strlen(value));
        ovsdb_datum_add_unsafe(&d, &atom, NULL);
    }
    vsctl_row_set_by_name(row, column, &d);
}

/* The type of the differences kept for a set column C. */
static void
delta_type(struct ovsdb_type *type, const struct ovsdb_column *c)
{
    ovsdb_type_clone(type, &c->type);
    type->n_min = 0;
    type->n_max = OVSDB_N_UNLIMITED;
}

/* Adds (IS_ADD) or removes UUID in set column COLUMN of ROW. */
static void
row_change_uuid(struct vsctl_row *row, const char *column,
                const struct uuid *uuid, bool is_add)
{
    const struct ovsdb_column *c = get_column(row, column);
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct ovsdb_datum d, one;
    struct ovsdb_type type;
    union ovsdb_atom atom;

    atom.uuid = *uuid;
    delta_type(&type, c);
    ovsdb_datum_init_atom(&one, &atom, OVSDB_TYPE_UUID);
    ovsdb_datum_clone(&d, &row->data[c->index], &c->type);
    if (is_add) {
        ovsdb_datum_union(&d, &one, &type);
    } else {
        ovsdb_datum_subtract(&d, &type, &one, &type);
    }

    if (row->inserted || row->written[c->index]) {
        vsctl_row_set(row, c, &d);
    } else {
        if (!row->delta) {
            row->delta = xcalloc(ts->n_columns, sizeof *row->delta);
            row->added = xmalloc(ts->n_columns * sizeof *row->added);
            row->removed = xmalloc(ts->n_columns * sizeof *row->removed);
        }
        if (!row->delta[c->index]) {
            row->delta[c->index] = true;
            ovsdb_datum_init_empty(&row->added[c->index]);
            ovsdb_datum_init_empty(&row->removed[c->index]);
        }
        struct ovsdb_datum *plus = &row->added[c->index];
        struct ovsdb_datum *minus = &row->removed[c->index];
        if (is_add) {
            ovsdb_datum_subtract(minus, &type, &one, &type);
            ovsdb_datum_union(plus, &one, &type);
        } else {
            ovsdb_datum_subtract(plus, &type, &one, &type);
            ovsdb_datum_union(minus, &one, &type);
        }
        ovsdb_datum_swap(&row->data[c->index], &d);
        ovsdb_datum_destroy(&d, &c->type);
        change_seqno++;
    }
    ovsdb_datum_destroy(&one, &type);
    ovsdb_type_destroy(&type);
}

void
vsctl_row_add_uuid(struct vsctl_row *row, const char *column,
                   const struct uuid *uuid)
{
    row_change_uuid(row, column, uuid, true);
}

void
vsctl_row_remove_uuid(struct vsctl_row *row, const char *column,
                      const struct uuid *uuid)
{
    row_change_uuid(row, column, uuid, false);
}

struct vsctl_row *
vsctl_row_insert(struct vsctl_table *t, const struct uuid *uuid)
{
    struct uuid u;

    if (uuid) {
        u = *uuid;
    } else {
        uuid_generate(&u);
    }
    struct vsctl_row *row = row_create(t, &u);
    row->inserted = true;
    change_seqno++;
    return row;
}

void
vsctl_row_delete(struct vsctl_row *row)
{
    row->deleted = true;
    change_seqno++;
}

void
vsctl_row_verify(struct vsctl_row *row)
{
    row->verify = true;
}

void
vsctl_table_verify_empty(struct vsctl_table *t)
{
    t->verify_empty = true;
}

/* Commit. */

/* Deleting a row of a table that is not a garbage collection root is left
 * to the server, which drops such rows once nothing refers to them (and
 * keeps them while something does), as the tool we are compatible with
 * does.  So such a deletion alone changes nothing. */
static bool
is_real_delete(const struct vsctl_row *row)
{
    return row->deleted && row->table->schema->is_gc_root;
}

static bool
row_is_changed(const struct vsctl_row *row)
{
    if (row->inserted || is_real_delete(row)) {
        return true;
    }
    if (row->deleted) {
        return false;
    }
    for (size_t i = 0; i < row->table->schema->n_columns; i++) {
        if (row->written[i] || (row->delta && row->delta[i])) {
            return true;
        }
    }
    return false;
}

static bool
row_has_writes(const struct vsctl_row *row)
{
    for (size_t i = 0; i < row->table->schema->n_columns; i++) {
        if (row->written[i]) {
            return true;
        }
    }
    return false;
}

static struct json *datum_to_commit_json(struct vsctl_db *,
                                         const struct ovsdb_datum *,
                                         const struct ovsdb_type *);
static struct json *where_uuid(const struct uuid *);
static struct json *make_op(const char *op, const char *table);

/* A "mutate" applying ROW's recorded set differences, or NULL. */
static struct json *
mutate_op(struct vsctl_db *db, const struct vsctl_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct json *mutations = json_array_create_empty();

    for (size_t i = 0; row->delta && i < ts->n_columns; i++) {
        if (!row->delta[i]) {
            continue;
        }
        const struct ovsdb_column *c = ts->columns_by_index[i];
        struct ovsdb_type type;
        delta_type(&type, c);
        if (row->removed[i].n) {
            json_array_add(mutations, json_array_create_3(
                               json_string_create(c->name),
                               json_string_create("delete"),
                               datum_to_commit_json(db, &row->removed[i],
                                                    &type)));
        }
        if (row->added[i].n) {
            json_array_add(mutations, json_array_create_3(
                               json_string_create(c->name),
                               json_string_create("insert"),
                               datum_to_commit_json(db, &row->added[i],
                                                    &type)));
        }
        ovsdb_type_destroy(&type);
    }
    if (!json_array(mutations)->n) {
        json_destroy(mutations);
        return NULL;
    }
    struct json *op = make_op("mutate", ts->name);
    json_object_put(op, "where", where_uuid(&row->uuid));
    json_object_put(op, "mutations", mutations);
    return op;
}

static char *
uuid_name(const struct uuid *uuid)
{
    char buf[UUID_LEN + 1];
    uuid_to_string(uuid, buf);
    for (char *p = buf; *p; p++) {
        if (*p == '-') {
            *p = '_';
        }
    }
    return xasprintf("row%s", buf);
}

/* The rows inserted by the transaction being built: few, so a linear
 * search beats a lookup through every table for each UUID written. */
static struct vsctl_row **commit_inserts;
static size_t n_commit_inserts;

static bool
is_inserted_uuid(const struct uuid *uuid)
{
    for (size_t i = 0; i < n_commit_inserts; i++) {
        if (uuid_equals(&commit_inserts[i]->uuid, uuid)) {
            return true;
        }
    }
    return false;
}

static struct json *
atom_to_commit_json(struct vsctl_db *db OVS_UNUSED,
                    const union ovsdb_atom *atom,
                    enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_UUID) {
        if (is_inserted_uuid(&atom->uuid)) {
            return json_array_create_2(json_string_create("named-uuid"),
                                       json_string_create_nocopy(
                                           uuid_name(&atom->uuid)));
        }
    }
    return ovsdb_atom_to_json(atom, type);
}

static struct json *
datum_to_commit_json(struct vsctl_db *db, const struct ovsdb_datum *d,
                     const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);

    if (!is_map && d->n == 1) {
        return atom_to_commit_json(db, &d->keys[0], type->key.type);
    }
    struct json *elems = json_array_create_empty();
    for (unsigned int i = 0; i < d->n; i++) {
        struct json *k = atom_to_commit_json(db, &d->keys[i],
                                             type->key.type);
        if (is_map) {
            struct json *v = atom_to_commit_json(db, &d->values[i],
                                                 type->value.type);
            json_array_add(elems, json_array_create_2(k, v));
        } else {
            json_array_add(elems, k);
        }
    }
    return json_array_create_2(json_string_create(is_map ? "map" : "set"),
                               elems);
}

static struct json *
where_uuid(const struct uuid *uuid)
{
    char buf[UUID_LEN + 1];
    uuid_to_string(uuid, buf);
    return json_array_create_1(json_array_create_3(
        json_string_create("_uuid"), json_string_create("=="),
        json_array_create_2(json_string_create("uuid"),
                            json_string_create(buf))));
}

static struct json *
make_op(const char *op, const char *table)
{
    struct json *json = json_object_create();
    json_object_put_string(json, "op", op);
    if (table) {
        json_object_put_string(json, "table", table);
    }
    return json;
}

static struct json *
wait_op(const struct vsctl_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct json *op = make_op("wait", ts->name);
    struct json *expected = json_object_create();
    struct json *columns = json_array_create_empty();

    for (size_t i = 0; !row->deleted && i < ts->n_columns; i++) {
        if (row->written[i]) {
            const struct ovsdb_column *c = ts->columns_by_index[i];
            json_array_add(columns, json_string_create(c->name));
            json_object_put(expected, c->name,
                            ovsdb_datum_to_json(&row->old[i], &c->type));
        }
    }
    if (!json_array(columns)->n) {
        /* Deleted or only verified: the row must still be there. */
        const struct ovsdb_column *c = ts->columns_by_index[OVSDB_COL_UUID];
        json_array_add(columns, json_string_create(c->name));
        json_object_put(expected, c->name,
                        ovsdb_datum_to_json(&row->data[OVSDB_COL_UUID],
                                            &c->type));
    }
    json_object_put(op, "timeout", json_integer_create(0));
    json_object_put(op, "where", where_uuid(&row->uuid));
    json_object_put(op, "columns", columns);
    json_object_put_string(op, "until", "==");
    json_object_put(op, "rows", json_array_create_1(expected));
    return op;
}

static struct json *
row_json(struct vsctl_db *db, const struct vsctl_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct json *json = json_object_create();

    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        if (row->written[i]) {
            const struct ovsdb_column *c = ts->columns_by_index[i];
            json_object_put(json, c->name,
                            datum_to_commit_json(db, &row->data[i],
                                                 &c->type));
        }
    }
    return json;
}

enum vsctl_commit_status
vsctl_db_commit(struct vsctl_db *db, const char *comment,
                bool increment_cfg, bool dry_run, int64_t *next_cfg,
                char **errorp)
{
    struct json *params = json_array_create_1(
        json_string_create("Open_vSwitch"));
    struct vsctl_row **inserts = NULL;
    size_t n_inserts = 0, allocated_inserts = 0;
    bool changed = false;

    *errorp = NULL;
    *next_cfg = 0;

    /* Guards first, so that nothing is evaluated against a database that
     * moved on; then inserts, updates and deletes. */
    for (size_t i = 0; i < db->n_tables; i++) {
        struct vsctl_row *row;
        if (db->tables[i].verify_empty) {
            struct json *op = make_op("wait", db->tables[i].schema->name);
            json_object_put(op, "timeout", json_integer_create(0));
            json_object_put(op, "where", json_array_create_empty());
            json_object_put(op, "columns", json_array_create_empty());
            json_object_put_string(op, "until", "==");
            json_object_put(op, "rows", json_array_create_empty());
            json_array_add(params, op);
        }
        HMAP_FOR_EACH (row, node, &db->tables[i].rows) {
            bool row_changed = row_is_changed(row);
            if (row_changed && !(row->inserted && row->deleted)) {
                changed = true;
            }
            if (!row->inserted && (row_changed || row->verify)) {
                json_array_add(params, wait_op(row));
            }
        }
    }
    if (!changed) {
        json_destroy(params);
        return VSCTL_COMMIT_UNCHANGED;
    }

    for (size_t i = 0; i < db->n_tables; i++) {
        struct vsctl_row *row;
        HMAP_FOR_EACH (row, node, &db->tables[i].rows) {
            if (row->inserted && !row->deleted) {
                if (n_inserts >= allocated_inserts) {
                    inserts = x2nrealloc(inserts, &allocated_inserts,
                                         sizeof *inserts);
                }
                inserts[n_inserts++] = row;
            }
        }
    }
    commit_inserts = inserts;
    n_commit_inserts = n_inserts;

    for (size_t i = 0; i < db->n_tables; i++) {
        struct vsctl_row *row;
        const char *name = db->tables[i].schema->name;
        HMAP_FOR_EACH (row, node, &db->tables[i].rows) {
            struct json *op;
            if (row->inserted) {
                if (row->deleted) {
                    continue;
                }
                op = make_op("insert", name);
                json_object_put(op, "row", row_json(db, row));
                json_object_put(op, "uuid-name",
                                json_string_create_nocopy(
                                    uuid_name(&row->uuid)));
                /* Remember which result holds its real uuid. */
                row->real_uuid.parts[0] = json_array(params)->n - 1;
            } else if (row->deleted) {
                if (!is_real_delete(row)) {
                    continue;
                }
                op = make_op("delete", name);
                json_object_put(op, "where", where_uuid(&row->uuid));
            } else if (row_is_changed(row)) {
                struct json *mutate = mutate_op(db, row);
                if (mutate) {
                    json_array_add(params, mutate);
                }
                if (!row_has_writes(row)) {
                    continue;
                }
                op = make_op("update", name);
                json_object_put(op, "where", where_uuid(&row->uuid));
                json_object_put(op, "row", row_json(db, row));
            } else {
                continue;
            }
            json_array_add(params, op);
        }
    }

    size_t cfg_select = 0;
    if (increment_cfg) {
        struct json *op = make_op("mutate", "Open_vSwitch");
        json_object_put(op, "where", json_array_create_empty());
        json_object_put(op, "mutations", json_array_create_1(
                            json_array_create_3(
                                json_string_create("next_cfg"),
                                json_string_create("+="),
                                json_integer_create(1))));
        json_array_add(params, op);

        op = make_op("select", "Open_vSwitch");
        json_object_put(op, "where", json_array_create_empty());
        json_object_put(op, "columns", json_array_create_1(
                            json_string_create("next_cfg")));
        cfg_select = json_array(params)->n - 1;
        json_array_add(params, op);
    }
    if (comment) {
        struct json *op = make_op("comment", NULL);
        json_object_put_string(op, "comment", comment);
        json_array_add(params, op);
    }

    if (dry_run) {
        json_destroy(params);
        free(inserts);
        commit_inserts = NULL;
        n_commit_inserts = 0;
        return VSCTL_COMMIT_SUCCESS;
    }

    COVERAGE_INC(vsctl_db_commit);
    struct json *result = transact_rpc(db, "transact", params);
    enum vsctl_commit_status status = VSCTL_COMMIT_SUCCESS;
    if (result->type != JSON_ARRAY) {
        ovs_fatal(0, "%s: bad reply to transaction", db->remote);
    }

    const struct json_array *results = json_array(result);
    for (size_t i = 0; i < results->n; i++) {
        const struct json *r = results->elems[i];
        const struct json *error = (r->type == JSON_OBJECT
                                    ? shash_find_data(json_object(r),
                                                      "error")
                                    : NULL);
        if (!error) {
            continue;
        }
        if (error->type == JSON_STRING
            && !strcmp(json_string(error), "timed out")) {
            COVERAGE_INC(vsctl_db_try_again);
            VLOG_DBG("a row changed since it was read: trying again");
            status = VSCTL_COMMIT_TRY_AGAIN;
        } else {
            *errorp = json_to_string(r, JSSF_SORT);
            VLOG_WARN("transaction error: %s", *errorp);
            status = VSCTL_COMMIT_ERROR;
        }
        break;
    }

    if (status == VSCTL_COMMIT_SUCCESS) {
        for (size_t i = 0; i < n_inserts; i++) {
            size_t idx = inserts[i]->real_uuid.parts[0];
            const struct json *r = (idx < results->n
                                    ? results->elems[idx] : NULL);
            const struct json *u = (r && r->type == JSON_OBJECT
                                    ? shash_find_data(json_object(r),
                                                      "uuid")
                                    : NULL);
            uuid_zero(&inserts[i]->real_uuid);
            if (u && u->type == JSON_ARRAY && json_array(u)->n == 2
                && json_array(u)->elems[1]->type == JSON_STRING) {
                uuid_from_string(&inserts[i]->real_uuid,
                                 json_string(json_array(u)->elems[1]));
            }
        }
        if (increment_cfg && cfg_select < results->n) {
            const struct json *r = results->elems[cfg_select];
            const struct json *rows = (r->type == JSON_OBJECT
                                       ? shash_find_data(json_object(r),
                                                         "rows")
                                       : NULL);
            if (rows && rows->type == JSON_ARRAY && json_array(rows)->n) {
                const struct json *row = json_array(rows)->elems[0];
                const struct json *v = (row->type == JSON_OBJECT
                                        ? shash_find_data(json_object(row),
                                                          "next_cfg")
                                        : NULL);
                if (v && v->type == JSON_INTEGER) {
                    *next_cfg = json_integer(v);
                }
            }
        }
    }
    json_destroy(result);
    free(inserts);
    commit_inserts = NULL;
    n_commit_inserts = 0;
    return status;
}

/* Returns the cur_cfg found in a monitor "update" or initial reply for
 * Open_vSwitch, or -1. */
static int64_t
cur_cfg_from_update(const struct json *updates)
{
    int64_t cur = -1;
    const struct json *t = (updates && updates->type == JSON_OBJECT
                            ? shash_find_data(json_object(updates),
                                              "Open_vSwitch")
                            : NULL);
    if (!t || t->type != JSON_OBJECT) {
        return -1;
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, json_object(t)) {
        const struct json *ru = node->data;
        const struct json *new = (ru->type == JSON_OBJECT
                                  ? shash_find_data(json_object(ru), "new")
                                  : NULL);
        const struct json *v = (new && new->type == JSON_OBJECT
                                ? shash_find_data(json_object(new),
                                                  "cur_cfg")
                                : NULL);
        if (v && v->type == JSON_INTEGER) {
            cur = json_integer(v);
        }
    }
    return cur;
}

void
vsctl_db_wait_for_cfg(struct vsctl_db *db, int64_t next_cfg)
{
    struct json *select = json_object_create();
    json_object_put(select, "initial", json_boolean_create(true));
    json_object_put(select, "insert", json_boolean_create(true));
    json_object_put(select, "modify", json_boolean_create(true));
    json_object_put(select, "delete", json_boolean_create(false));
    struct json *req = json_object_create();
    json_object_put(req, "columns",
                    json_array_create_1(json_string_create("cur_cfg")));
    json_object_put(req, "select", select);
    struct json *tables = json_object_create();
    json_object_put(tables, "Open_vSwitch", req);

    struct json *params = json_array_create_3(
        json_string_create("Open_vSwitch"), json_string_create("cfg"),
        tables);
    struct json *initial = transact_rpc(db, "monitor", params);
    int64_t cur = cur_cfg_from_update(initial);
    json_destroy(initial);

    while (cur < next_cfg) {
        struct jsonrpc_msg *msg;
        int error = jsonrpc_recv_block(db->rpc, &msg);
        if (error) {
            die_connection(db, error);
        }
        if (msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "echo")) {
            jsonrpc_send(db->rpc, jsonrpc_create_reply(
                             json_clone(msg->params), msg->id));
        } else if (msg->type == JSONRPC_NOTIFY
                   && !strcmp(msg->method, "update")
                   && msg->params->type == JSON_ARRAY
                   && json_array(msg->params)->n == 2) {
            int64_t c = cur_cfg_from_update(
                json_array(msg->params)->elems[1]);
            if (c >= 0) {
                cur = c;
            }
        }
        jsonrpc_msg_destroy(msg);
    }
}

/* "wait-until" support.  The first call sets up a monitor of every table
 * the commands read (all columns: a spurious wake-up only costs a fetch)
 * and returns at once, so that the caller reads the database again with
 * the monitor in place: a change made between the first read and the
 * monitor's creation cannot be missed.  Later calls block until the server
 * reports a change, answering its echo requests meanwhile. */
void
vsctl_db_wait_for_change(struct vsctl_db *db)
{
    if (!db->monitoring) {
        struct json *tables = json_object_create();
        for (size_t i = 0; i < db->n_tables; i++) {
            struct vsctl_table *t = &db->tables[i];
            if (!t->needed) {
                continue;
            }
            struct json *select = json_object_create();
            json_object_put(select, "initial", json_boolean_create(false));
            json_object_put(select, "insert", json_boolean_create(true));
            json_object_put(select, "modify", json_boolean_create(true));
            json_object_put(select, "delete", json_boolean_create(true));
            struct json *req = json_object_create();
            json_object_put(req, "select", select);
            json_object_put(tables, t->schema->name, req);
        }
        struct json *params = json_array_create_3(
            json_string_create(db->schema->name),
            json_string_create("wait-until"), tables);
        json_destroy(transact_rpc(db, "monitor", params));
        db->monitoring = true;
        return;
    }

    for (;;) {
        struct jsonrpc_msg *msg;
        int error = jsonrpc_recv_block(db->rpc, &msg);
        if (error) {
            die_connection(db, error);
        }
        bool changed = false;
        if (msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "echo")) {
            jsonrpc_send(db->rpc, jsonrpc_create_reply(
                             json_clone(msg->params), msg->id));
        } else if (msg->type == JSONRPC_NOTIFY
                   && !strcmp(msg->method, "update")) {
            changed = true;
        }
        jsonrpc_msg_destroy(msg);
        if (changed) {
            VLOG_DBG("%s: database changed, checking again", db->remote);
            return;
        }
    }
}
