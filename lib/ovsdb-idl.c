/* ovsdb-idl.c -- the IDL: a client's in-memory replica of an OVSDB database.
 *
 * See ovsdb-idl.h for the interface.  How it works:
 *
 * Connection.  A jsonrpc_session carries everything.  Each time it
 * (re)connects, a small state machine runs: S_SERVER_CHECK asks the
 * server's _Server database whether our database exists (a server without
 * _Server answers with an error, and we go on), S_SCHEMA asks for the
 * schema (so that tables and columns the server lacks are left out of the
 * monitor request instead of failing it), S_MONITOR sends the monitor
 * request and S_MONITORING applies update notifications.  A server that
 * answers "unknown method" to monitor_cond_since gets monitor_cond, then
 * plain monitor.  Failures park the machine in S_FAILED, which reconnects
 * after a second (or gives up, for a non-retrying IDL).
 *
 * Rows.  Each table keeps its live rows in an hmap by uuid.  A row holds
 * one datum per class column (the server's value) and the typed fields of
 * the generated struct around it, kept in step by the columns' parse and
 * unparse functions.  Reference columns hold pointers to live rows only:
 * whenever rows appear in or vanish from a table during one message, every
 * reference column that can point into that table is parsed again, so a
 * reference to a row that arrives later fills in then, and no pointer
 * outlives its target.  Deleted rows are freed once the message is
 * applied, or, with change tracking, at ovsdb_idl_track_clear().
 *
 * Full reloads (the first monitor reply, or monitor_cond_since answering
 * found=false after a reconnection) mark every row stale, apply the
 * initial contents as inserts or modifications, and delete what stayed
 * stale, so that change tracking reports the real difference.
 *
 * Transactions.  Writes are collected per row (struct ovsdb_idl_txn_row)
 * and turned into RFC 7047 operations at commit: "insert" with a
 * uuid-name (references to the new row inside the transaction become
 * named-uuids), "update" of the columns whose value differs, "mutate" for
 * partial map/set updates, "delete", "wait" (timeout 0, until "==") for
 * verified columns so that a concurrent change makes the server fail the
 * transaction, "assert" of the lock, "mutate"+"select" for an increment,
 * "comment", and "abort" for a dry run.  The reply's per-operation errors
 * map to the transaction status. */
#include "ovsdb-idl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "dynamic-string.h"
#include "json.h"
#include "jsonrpc.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_idl);

COVERAGE_DEFINE(idl_reconnect);
COVERAGE_DEFINE(idl_update);
COVERAGE_DEFINE(idl_full_reload);
COVERAGE_DEFINE(idl_bad_update);
COVERAGE_DEFINE(idl_txn_commit);
COVERAGE_DEFINE(idl_txn_try_again);
COVERAGE_DEFINE(idl_txn_error);


static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

/* Column modes. */
enum {
    MODE_MONITOR = 1 << 0,      /* Replicated. */
    MODE_ALERT = 1 << 1,        /* A change changes the seqno. */
};

struct ovsdb_idl_table {
    const struct ovsdb_idl_table_class *class_;
    struct ovsdb_idl *idl;
    unsigned char *modes;       /* Per class column. */
    bool *server_has;           /* Per class column: in server's schema. */
    bool wanted;                /* Asked for by ovsdb_idl_add_table(). */
    bool in_server;             /* The server's schema has the table. */
    struct hmap rows;           /* Live rows, by uuid. */
    struct json *condition;     /* Wanted condition, NULL = every row. */
    bool cond_changed;          /* 'condition' not sent yet. */
    bool rows_changed;          /* Rows came or went in this message. */
    struct ovs_list track_list; /* Tracked rows (ovsdb_idl_row). */
};

enum idl_state {
    S_DISCONNECTED,
    S_SERVER_CHECK,             /* Asked _Server about the database. */
    S_SCHEMA,                   /* Sent get_schema. */
    S_MONITOR,                  /* Sent the monitor request. */
    S_MONITORING,
    S_FAILED,                   /* Waiting to reconnect. */
};

enum monitor_method {
    M_COND_SINCE,
    M_COND,
    M_PLAIN,
};

static const char *const monitor_method_names[] = {
    "monitor_cond_since", "monitor_cond", "monitor",
};

struct ovsdb_idl {
    const struct ovsdb_idl_class *class_;
    struct ovsdb_idl_table *tables;     /* One per class table. */
    struct jsonrpc_session *session;
    unsigned int session_seqno;
    bool retry;

    enum idl_state state;
    struct json *request_id;    /* Of the state machine's request. */
    long long int failed_at;    /* When S_FAILED was entered. */
    enum monitor_method method;
    bool have_method;           /* 'method' answered at least once. */
    bool has_ever_connected;
    bool last_incremental;
    struct uuid last_id;        /* Last transaction id (cond_since). */
    unsigned int monitor_serial;
    struct json *monitor_id;

    unsigned int change_seqno;
    bool changed;               /* Something alert-worthy in this run. */

    /* Conditions: see ovsdb_idl_set_condition(). */
    unsigned int cond_seqno;    /* Applied by the server. */
    unsigned int cond_promised; /* Latest seqno handed out. */
    unsigned int cond_sent;     /* Reached when 'cond_request_id' or the
                                 * monitor request is answered. */
    bool cond_in_flight;
    struct json *cond_request_id;

    /* Lock. */
    char *lock_name;
    bool lock_steal;
    bool has_lock;
    bool is_lock_contended;
    struct json *lock_request_id;

    /* Transactions. */
    struct ovsdb_idl_txn *txn;          /* The open one, if any. */
    struct ovs_list outstanding_txns;   /* Committed, awaiting reply. */

    bool tracking;
    struct ovs_list dead_rows;  /* Deleted, freed at the end of a message. */
};

/* One partial update (setkey/delkey/addvalue/delvalue) of one column. */
struct idl_partial {
    bool used;
    struct ovsdb_datum add;     /* Pairs to set / elements to add. */
    struct ovsdb_datum del;     /* Keys / elements to remove. */
};

struct ovsdb_idl_txn_row {
    struct ovs_list node;       /* In txn->rows, in order of first touch. */
    struct hmap_node insert_node;   /* In txn->inserted, if 'is_insert'. */
    struct ovsdb_idl_row *row;
    bool is_insert;
    bool is_delete;
    struct ovsdb_datum *new_data;   /* Per column, valid where written. */
    bool *written;
    bool *verified;
    struct idl_partial *partials;   /* Per column, or NULL. */
    struct uuid real_uuid;
    bool has_real_uuid;
    size_t op_index;
};

struct ovsdb_idl_txn {
    struct ovs_list node;       /* In idl->outstanding_txns. */
    struct ovsdb_idl *idl;
    struct ovs_list rows;       /* struct ovsdb_idl_txn_row. */
    struct hmap inserted;       /* Inserted txn rows by temporary uuid. */
    enum ovsdb_idl_txn_status status;
    char *error;
    struct ds comment;
    bool dry_run;
    struct json *request_id;

    /* Operation kinds, by index in the sent "params" minus the db name. */
    char *op_kinds;
    size_t n_ops;

    /* Increment. */
    struct ovsdb_idl_row *inc_row;
    const struct ovsdb_idl_column *inc_column;
    size_t inc_select_index;
    int64_t inc_new_value;
};

/* Kinds recorded in op_kinds, to interpret errors. */
enum {
    OP_OTHER = 'o',
    OP_WAIT = 'w',
    OP_ASSERT = 'a',
    OP_ABORT = 'x',
    OP_ONE_ROW = 'c',           /* Must touch exactly one row. */
};

static void idl_send_request(struct ovsdb_idl *, const char *method,
                             struct json *params, struct json **idp);
static void idl_restart(struct ovsdb_idl *);
static void idl_fail(struct ovsdb_idl *);
static void idl_handle_msg(struct ovsdb_idl *, struct jsonrpc_msg *);
static void idl_send_lock_request(struct ovsdb_idl *);
static void idl_send_cond_change(struct ovsdb_idl *);
static void idl_end_message(struct ovsdb_idl *);
static void row_free(struct ovsdb_idl_row *);
static void txn_fail_all(struct ovsdb_idl *, enum ovsdb_idl_txn_status,
                         const char *why);
static void txn_handle_reply(struct ovsdb_idl_txn *,
                             const struct jsonrpc_msg *);
static void txn_disassemble(struct ovsdb_idl_txn *);

static size_t
column_index(const struct ovsdb_idl_table_class *tc,
             const struct ovsdb_idl_column *column)
{
    size_t idx = column - tc->columns;
    ovs_assert(idx < tc->n_columns);
    return idx;
}

static struct ovsdb_idl_table *
idl_table(const struct ovsdb_idl *idl, const struct ovsdb_idl_table_class *tc)
{
    size_t idx = tc - idl->class_->tables;
    ovs_assert(idx < idl->class_->n_tables);
    return &idl->tables[idx];
}

/* The table (of IDL) that has COLUMN. */
static struct ovsdb_idl_table *
table_of_column(const struct ovsdb_idl *idl,
                const struct ovsdb_idl_column *column)
{
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        const struct ovsdb_idl_table_class *tc = &idl->class_->tables[i];
        if (column >= tc->columns && column < tc->columns + tc->n_columns) {
            return &idl->tables[i];
        }
    }
    OVS_NOT_REACHED();
}

/* Life cycle. */

struct ovsdb_idl *
ovsdb_idl_create(const char *remote, const struct ovsdb_idl_class *class,
                 bool monitor_everything, bool retry)
{
    struct ovsdb_idl *idl = xzalloc(sizeof *idl);
    idl->class_ = class;
    idl->retry = retry;
    idl->session = jsonrpc_session_open(remote, retry);
    idl->session_seqno = jsonrpc_session_get_seqno(idl->session);
    idl->state = S_DISCONNECTED;
    idl->method = M_COND_SINCE;
    idl->change_seqno = 1;
    ovs_list_init(&idl->outstanding_txns);
    ovs_list_init(&idl->dead_rows);

    idl->tables = xcalloc(class->n_tables, sizeof *idl->tables);
    for (size_t i = 0; i < class->n_tables; i++) {
        const struct ovsdb_idl_table_class *tc = &class->tables[i];
        struct ovsdb_idl_table *table = &idl->tables[i];
        table->class_ = tc;
        table->idl = idl;
        table->modes = xzalloc(tc->n_columns);
        table->server_has = xzalloc(tc->n_columns * sizeof (bool));
        memset(table->modes, monitor_everything ? MODE_MONITOR | MODE_ALERT
               : 0, tc->n_columns);
        table->wanted = monitor_everything;
        hmap_init(&table->rows);
        ovs_list_init(&table->track_list);
    }
    return idl;
}

static void
table_free_rows(struct ovsdb_idl_table *table)
{
    struct ovsdb_idl_row *row;
    HMAP_FOR_EACH_POP (row, hmap_node, &table->rows) {
        if (row->track_flags) {
            ovs_list_remove(&row->track_node);
            row->track_flags = 0;
        }
        row_free(row);
    }
    LIST_FOR_EACH_POP (row, track_node, &table->track_list) {
        /* Only deleted rows are left here. */
        row_free(row);
    }
}

void
ovsdb_idl_destroy(struct ovsdb_idl *idl)
{
    if (!idl) {
        return;
    }
    ovs_assert(!idl->txn);
    struct ovsdb_idl_txn *txn, *next;
    LIST_FOR_EACH_SAFE (txn, next, node, &idl->outstanding_txns) {
        /* The caller still owns these; make them safe to destroy. */
        ovs_list_remove(&txn->node);
        ovs_list_poison(&txn->node);
        txn->status = TXN_TRY_AGAIN;
        txn->idl = NULL;
        /* Inserted rows point into our tables: free them now. */
        struct ovsdb_idl_txn_row *tr;
        LIST_FOR_EACH_POP (tr, node, &txn->rows) {
            hmap_remove(&txn->inserted, &tr->insert_node);
            row_free(tr->row);
            free(tr);
        }
    }
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->tables[i];
        table_free_rows(table);
        hmap_destroy(&table->rows);
        json_destroy(table->condition);
        free(table->modes);
        free(table->server_has);
    }
    free(idl->tables);
    jsonrpc_session_close(idl->session);
    json_destroy(idl->request_id);
    json_destroy(idl->monitor_id);
    json_destroy(idl->cond_request_id);
    json_destroy(idl->lock_request_id);
    free(idl->lock_name);
    free(idl);
}

unsigned int
ovsdb_idl_get_seqno(const struct ovsdb_idl *idl)
{
    return idl->change_seqno;
}

bool
ovsdb_idl_has_ever_connected(const struct ovsdb_idl *idl)
{
    return idl->has_ever_connected;
}

bool
ovsdb_idl_is_connected(const struct ovsdb_idl *idl)
{
    return idl->state == S_MONITORING
           && jsonrpc_session_is_connected(idl->session);
}

bool
ovsdb_idl_is_alive(const struct ovsdb_idl *idl)
{
    return jsonrpc_session_is_alive(idl->session)
           && (idl->state != S_FAILED || idl->retry);
}

int
ovsdb_idl_get_last_error(const struct ovsdb_idl *idl)
{
    int error = jsonrpc_session_get_last_error(idl->session);
    if (!error && idl->state == S_FAILED) {
        error = ENOENT;
    }
    return error;
}

void
ovsdb_idl_force_reconnect(struct ovsdb_idl *idl)
{
    jsonrpc_session_force_reconnect(idl->session);
}

void
ovsdb_idl_set_probe_interval(struct ovsdb_idl *idl, int ms)
{
    jsonrpc_session_set_probe_interval(idl->session, ms);
}

const char *
ovsdb_idl_get_monitor_method(const struct ovsdb_idl *idl)
{
    return idl->have_method ? monitor_method_names[idl->method] : NULL;
}

bool
ovsdb_idl_last_sync_was_incremental(const struct ovsdb_idl *idl)
{
    return idl->last_incremental;
}

/* Choosing what to replicate. */

void
ovsdb_idl_add_table(struct ovsdb_idl *idl,
                    const struct ovsdb_idl_table_class *tc)
{
    /* A table is monitored as soon as one of its columns is; a table added
     * alone is monitored for row existence (its rows come with no
     * columns). */
    idl_table(idl, tc)->wanted = true;
}

void
ovsdb_idl_add_column(struct ovsdb_idl *idl,
                     const struct ovsdb_idl_column *column)
{
    struct ovsdb_idl_table *table = table_of_column(idl, column);
    table->modes[column_index(table->class_, column)]
        = MODE_MONITOR | MODE_ALERT;
    table->wanted = true;
}

void
ovsdb_idl_omit_alert(struct ovsdb_idl *idl,
                     const struct ovsdb_idl_column *column)
{
    struct ovsdb_idl_table *table = table_of_column(idl, column);
    table->modes[column_index(table->class_, column)] = MODE_MONITOR;
    table->wanted = true;
}

void
ovsdb_idl_omit(struct ovsdb_idl *idl, const struct ovsdb_idl_column *column)
{
    struct ovsdb_idl_table *table = table_of_column(idl, column);
    table->modes[column_index(table->class_, column)] = 0;
}

/* Whether TABLE takes part in the monitor request at all. */
static bool
table_is_wanted(const struct ovsdb_idl_table *table)
{
    for (size_t i = 0; i < table->class_->n_columns; i++) {
        if (table->modes[i] & MODE_MONITOR) {
            return true;
        }
    }
    return table->wanted;
}

/* Reading. */

static struct ovsdb_idl_row *
table_find_row(const struct ovsdb_idl_table *table, const struct uuid *uuid)
{
    struct ovsdb_idl_row *row;
    HMAP_FOR_EACH_WITH_HASH (row, hmap_node, uuid_hash(uuid), &table->rows) {
        if (uuid_equals(&row->uuid, uuid)) {
            return row;
        }
    }
    return NULL;
}

const struct ovsdb_idl_row *
ovsdb_idl_first_row(const struct ovsdb_idl *idl,
                    const struct ovsdb_idl_table_class *tc)
{
    struct hmap_node *node = hmap_first(&idl_table(idl, tc)->rows);
    return node ? CONTAINER_OF(node, struct ovsdb_idl_row, hmap_node) : NULL;
}

const struct ovsdb_idl_row *
ovsdb_idl_next_row(const struct ovsdb_idl_row *row)
{
    struct hmap_node *node = hmap_next(&row->table->rows, &row->hmap_node);
    return node ? CONTAINER_OF(node, struct ovsdb_idl_row, hmap_node) : NULL;
}

const struct ovsdb_idl_row *
ovsdb_idl_get_row_for_uuid(const struct ovsdb_idl *idl,
                           const struct ovsdb_idl_table_class *tc,
                           const struct uuid *uuid)
{
    return table_find_row(idl_table(idl, tc), uuid);
}

const struct ovsdb_datum *
ovsdb_idl_read(const struct ovsdb_idl_row *row,
               const struct ovsdb_idl_column *column)
{
    return &row->data[column_index(row->table->class_, column)];
}

const struct ovsdb_idl_table_class *
ovsdb_idl_row_get_class(const struct ovsdb_idl_row *row)
{
    return row->table->class_;
}

const struct ovsdb_idl_row *
ovsdb_idl_ref_target(const struct ovsdb_idl_row *src,
                     const struct ovsdb_idl_table_class *tc,
                     const struct uuid *uuid)
{
    return table_find_row(idl_table(src->table->idl, tc), uuid);
}

/* Rows. */

static struct ovsdb_idl_row *
row_create(struct ovsdb_idl_table *table, const struct uuid *uuid)
{
    const struct ovsdb_idl_table_class *tc = table->class_;
    struct ovsdb_idl_row *row = xzalloc(tc->allocation_size);
    row->uuid = *uuid;
    row->table = table;
    row->data = xmalloc(tc->n_columns * sizeof *row->data);
    row->updated = xzalloc(tc->n_columns * sizeof *row->updated);
    ovs_list_poison(&row->track_node);
    for (size_t i = 0; i < tc->n_columns; i++) {
        ovsdb_datum_init_default(&row->data[i], &tc->columns[i].type);
        tc->columns[i].parse(row, &row->data[i]);
    }
    return row;
}

static void
row_free(struct ovsdb_idl_row *row)
{
    if (!row) {
        return;
    }
    const struct ovsdb_idl_table_class *tc = row->table->class_;
    for (size_t i = 0; i < tc->n_columns; i++) {
        tc->columns[i].unparse(row);
        ovsdb_datum_destroy(&row->data[i], &tc->columns[i].type);
    }
    free(row->data);
    free(row->updated);
    free(row);
}

static void
row_track(struct ovsdb_idl_row *row, unsigned int flag, int column)
{
    if (!row->table->idl->tracking) {
        return;
    }
    if (!row->track_flags) {
        ovs_list_push_back(&row->table->track_list, &row->track_node);
    }
    row->track_flags |= flag;
    if (column >= 0) {
        row->updated[column] = true;
    }
}

/* Replaces column IDX of ROW by DATUM (moved from), re-parsing the typed
 * field, and records the change. */
static void
row_set_column(struct ovsdb_idl_row *row, size_t idx,
               struct ovsdb_datum *datum, bool is_new)
{
    struct ovsdb_idl_table *table = row->table;
    const struct ovsdb_idl_column *column = &table->class_->columns[idx];

    column->unparse(row);
    ovsdb_datum_destroy(&row->data[idx], &column->type);
    row->data[idx] = *datum;
    ovsdb_datum_init_empty(datum);
    column->parse(row, &row->data[idx]);
    if (!is_new) {
        if (table->modes[idx] & MODE_ALERT) {
            table->idl->changed = true;
        }
        row_track(row, OVSDB_IDL_ROW_TRACK_MODIFIED, idx);
    }
}

static void
row_insert(struct ovsdb_idl_table *table, struct ovsdb_idl_row *row)
{
    hmap_insert(&table->rows, &row->hmap_node, uuid_hash(&row->uuid));
    table->rows_changed = true;
    table->idl->changed = true;
    row_track(row, OVSDB_IDL_ROW_TRACK_NEW, -1);
}

static void
row_delete(struct ovsdb_idl_row *row)
{
    struct ovsdb_idl_table *table = row->table;
    hmap_remove(&table->rows, &row->hmap_node);
    table->rows_changed = true;
    table->idl->changed = true;
    if (table->idl->tracking) {
        row_track(row, OVSDB_IDL_ROW_TRACK_DELETED, -1);
    } else {
        ovs_list_push_back(&table->idl->dead_rows, &row->track_node);
    }
}

/* Finds the class column named NAME in TABLE that we replicate. */
static int
table_monitored_column(const struct ovsdb_idl_table *table, const char *name)
{
    const struct ovsdb_idl_table_class *tc = table->class_;
    for (size_t i = 0; i < tc->n_columns; i++) {
        if (!strcmp(tc->columns[i].name, name)) {
            return (table->modes[i] & MODE_MONITOR) && table->server_has[i]
                   ? (int) i : -1;
        }
    }
    return -1;
}

/* Parses JSON as a value of COLUMN into DATUM.  Logs and returns false on
 * error. */
static bool
parse_column_value(const struct ovsdb_idl_table *table,
                   const struct ovsdb_idl_column *column,
                   const struct json *json, bool is_diff,
                   struct ovsdb_datum *datum)
{
    struct ovsdb_type type = column->type;
    if (is_diff) {
        /* A diff may hold more (or fewer) elements than the column. */
        type.n_min = 0;
        type.n_max = OVSDB_N_UNLIMITED;
    }
    struct ovsdb_error *error = ovsdb_datum_from_json(datum, &type, json,
                                                      NULL);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        VLOG_WARN_RL(&rl, "%s.%s: bad value from server: %s",
                     table->class_->name, column->name, s);
        free(s);
        ovsdb_error_destroy(error);
        COVERAGE_INC(idl_bad_update);
        return false;
    }
    return true;
}

/* Applies DIFF (an update2 "modify" value) to DATUM of TYPE: for a column
 * of at most one element the diff is the new value; for a set, elements
 * in the diff are toggled; for a map, a pair with a new key is added, a
 * pair equal to an existing one is removed, and a pair with an existing
 * key and another value replaces it. */
static void
apply_diff(struct ovsdb_datum *datum, const struct ovsdb_type *type,
           struct ovsdb_datum *diff)
{
    if (type->n_max == 1) {
        ovsdb_datum_swap(datum, diff);
        return;
    }
    if (!ovsdb_type_is_map(type)) {
        struct ovsdb_datum add;
        ovsdb_datum_clone(&add, diff, type);
        ovsdb_datum_subtract(&add, type, datum, type);   /* Not in datum. */
        ovsdb_datum_subtract(datum, type, diff, type);   /* Drop common. */
        ovsdb_datum_union(datum, &add, type);
        ovsdb_datum_destroy(&add, type);
        return;
    }

    enum ovsdb_atomic_type kt = type->key.type, vt = type->value.type;
    bool *remove = xzalloc((datum->n + 1) * sizeof *remove);
    struct ovsdb_datum add;
    ovsdb_datum_init_empty(&add);
    for (unsigned int i = 0; i < diff->n; i++) {
        unsigned int idx = ovsdb_datum_find_key(datum, &diff->keys[i], kt);
        if (idx == OVSDB_DATUM_NOT_FOUND) {
            union ovsdb_atom k, v;
            ovsdb_atom_clone(&k, &diff->keys[i], kt);
            ovsdb_atom_clone(&v, &diff->values[i], vt);
            ovsdb_datum_add_unsafe(&add, &k, &v);
        } else if (ovsdb_atom_equals(&datum->values[idx], &diff->values[i],
                                     vt)) {
            remove[idx] = true;
        } else {
            ovsdb_atom_destroy(&datum->values[idx], vt);
            ovsdb_atom_clone(&datum->values[idx], &diff->values[i], vt);
        }
    }
    for (unsigned int i = datum->n; i-- > 0;) {
        if (remove[i]) {
            ovsdb_datum_remove(datum, i, type);
        }
    }
    free(remove);
    for (unsigned int i = 0; i < add.n; i++) {
        ovsdb_datum_add_unsafe(datum, &add.keys[i], &add.values[i]);
    }
    free(add.keys);
    free(add.values);
    struct ovsdb_error *error = ovsdb_datum_sort(datum, type);
    ovs_assert(!error);     /* Added keys were all new. */
}

/* "initial"/"insert" (or an update1 "new" for a new row, or any row of a
 * full reload): ROW_JSON lists the non-default columns; missing ones are
 * default.  A row we already have (full reload) is compared column by
 * column. */
static void
table_put_row(struct ovsdb_idl_table *table, const struct uuid *uuid,
              const struct json *row_json, bool missing_is_default)
{
    const struct ovsdb_idl_table_class *tc = table->class_;
    struct ovsdb_idl_row *row = table_find_row(table, uuid);
    bool is_new = !row;
    if (is_new) {
        row = row_create(table, uuid);
    }
    row->is_stale = false;

    for (size_t i = 0; i < tc->n_columns; i++) {
        const struct ovsdb_idl_column *column = &tc->columns[i];
        if (!(table->modes[i] & MODE_MONITOR) || !table->server_has[i]) {
            continue;
        }
        const struct json *value = shash_find_data(json_object(row_json),
                                                   column->name);
        struct ovsdb_datum datum;
        if (value) {
            if (!parse_column_value(table, column, value, false, &datum)) {
                continue;
            }
        } else if (missing_is_default) {
            ovsdb_datum_init_default(&datum, &column->type);
        } else {
            continue;
        }
        if (!ovsdb_datum_equals(&datum, &row->data[i], &column->type)) {
            row_set_column(row, i, &datum, is_new);
        }
        ovsdb_datum_destroy(&datum, &column->type);
    }
    if (is_new) {
        row_insert(table, row);
    }
}

static void
table_modify_row(struct ovsdb_idl_table *table, struct ovsdb_idl_row *row,
                 const struct json *diff_json)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, json_object(diff_json)) {
        int idx = table_monitored_column(table, node->name);
        if (idx < 0) {
            continue;
        }
        const struct ovsdb_idl_column *column = &table->class_->columns[idx];
        struct ovsdb_datum diff, datum;
        if (!parse_column_value(table, column, node->data, true, &diff)) {
            continue;
        }
        ovsdb_datum_clone(&datum, &row->data[idx], &column->type);
        apply_diff(&datum, &column->type, &diff);
        if (!ovsdb_datum_equals(&datum, &row->data[idx], &column->type)) {
            row_set_column(row, idx, &datum, false);
        }
        ovsdb_datum_destroy(&datum, &column->type);
        ovsdb_datum_destroy(&diff, &column->type);
    }
}

/* Applies a <table-updates> (VERSION 1) or <table-updates2> (VERSION 2)
 * object.  Returns false if it was malformed (logged). */
static bool
idl_apply_updates(struct ovsdb_idl *idl, const struct json *updates,
                  int version)
{
    if (updates->type != JSON_OBJECT) {
        goto bad;
    }
    struct shash_node *tnode;
    SHASH_FOR_EACH (tnode, json_object(updates)) {
        struct ovsdb_idl_table *table = NULL;
        for (size_t i = 0; i < idl->class_->n_tables; i++) {
            if (!strcmp(idl->class_->tables[i].name, tnode->name)) {
                table = &idl->tables[i];
            }
        }
        const struct json *rows = tnode->data;
        if (!table || rows->type != JSON_OBJECT) {
            VLOG_WARN_RL(&rl, "update for unknown table %s", tnode->name);
            continue;
        }
        struct shash_node *rnode;
        SHASH_FOR_EACH (rnode, json_object(rows)) {
            struct uuid uuid;
            const struct json *ru = rnode->data;
            if (!uuid_from_string(&uuid, rnode->name)
                || ru->type != JSON_OBJECT) {
                goto bad;
            }
            struct ovsdb_idl_row *row = table_find_row(table, &uuid);
            const struct json *j;
            COVERAGE_INC(idl_update);
            if (version == 1) {
                const struct json *new = shash_find_data(json_object(ru),
                                                         "new");
                if (!new) {
                    if (row) {
                        row_delete(row);
                    }
                } else if (new->type == JSON_OBJECT) {
                    table_put_row(table, &uuid, new, !row);
                } else {
                    goto bad;
                }
            } else if ((j = shash_find_data(json_object(ru), "initial"))
                       || (j = shash_find_data(json_object(ru), "insert"))) {
                if (j->type != JSON_OBJECT) {
                    goto bad;
                }
                table_put_row(table, &uuid, j, true);
            } else if ((j = shash_find_data(json_object(ru), "modify"))) {
                if (j->type != JSON_OBJECT) {
                    goto bad;
                }
                if (row) {
                    table_modify_row(table, row, j);
                } else {
                    VLOG_WARN_RL(&rl, "modify for missing row "UUID_FMT,
                                 UUID_ARGS(&uuid));
                }
            } else if (shash_find(json_object(ru), "delete")) {
                if (row) {
                    row_delete(row);
                } else {
                    VLOG_WARN_RL(&rl, "delete for missing row "UUID_FMT,
                                 UUID_ARGS(&uuid));
                }
            } else {
                goto bad;
            }
        }
    }
    return true;

bad:
    COVERAGE_INC(idl_bad_update);
    VLOG_WARN_RL(&rl, "malformed table updates from server");
    return false;
}

/* True if a column of SRC can refer to rows of DST. */
static bool
column_refers_to(const struct ovsdb_idl_column *column,
                 const struct ovsdb_idl_table_class *dst)
{
    const char *k = column->type.key.type == OVSDB_TYPE_UUID
                    ? column->type.key.uuid.ref_table_name : NULL;
    const char *v = column->type.value.type == OVSDB_TYPE_UUID
                    ? column->type.value.uuid.ref_table_name : NULL;
    return (k && !strcmp(k, dst->name)) || (v && !strcmp(v, dst->name));
}

/* Called after each message that may have changed rows: re-parses the
 * reference columns that point into tables whose rows came or went, and
 * frees deleted rows that nobody tracks. */
static void
idl_end_message(struct ovsdb_idl *idl)
{
    const struct ovsdb_idl_class *class = idl->class_;
    for (size_t d = 0; d < class->n_tables; d++) {
        struct ovsdb_idl_table *dst = &idl->tables[d];
        if (!dst->rows_changed) {
            continue;
        }
        dst->rows_changed = false;
        for (size_t s = 0; s < class->n_tables; s++) {
            struct ovsdb_idl_table *src = &idl->tables[s];
            const struct ovsdb_idl_table_class *tc = src->class_;
            for (size_t c = 0; c < tc->n_columns; c++) {
                const struct ovsdb_idl_column *column = &tc->columns[c];
                if (!column_refers_to(column, dst->class_)) {
                    continue;
                }
                struct ovsdb_idl_row *row;
                HMAP_FOR_EACH (row, hmap_node, &src->rows) {
                    column->unparse(row);
                    column->parse(row, &row->data[c]);
                }
            }
        }
    }

    struct ovsdb_idl_row *row;
    LIST_FOR_EACH_POP (row, track_node, &idl->dead_rows) {
        row_free(row);
    }
    if (idl->changed) {
        idl->changed = false;
        idl->change_seqno++;
    }
}

/* Marks every row stale before a full reload. */
static void
idl_mark_all_stale(struct ovsdb_idl *idl)
{
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        struct ovsdb_idl_row *row;
        HMAP_FOR_EACH (row, hmap_node, &idl->tables[i].rows) {
            row->is_stale = true;
        }
    }
}

static void
idl_delete_stale(struct ovsdb_idl *idl)
{
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        struct ovsdb_idl_row *row, *next;
        HMAP_FOR_EACH_SAFE (row, next, hmap_node, &idl->tables[i].rows) {
            if (row->is_stale) {
                row_delete(row);
            }
        }
    }
}

/* Change tracking. */

void
ovsdb_idl_track_add_all(struct ovsdb_idl *idl)
{
    idl->tracking = true;
}

void
ovsdb_idl_track_clear(struct ovsdb_idl *idl)
{
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->tables[i];
        struct ovsdb_idl_row *row;
        LIST_FOR_EACH_POP (row, track_node, &table->track_list) {
            if (row->track_flags & OVSDB_IDL_ROW_TRACK_DELETED) {
                row_free(row);
            } else {
                row->track_flags = 0;
                memset(row->updated, 0,
                       table->class_->n_columns * sizeof *row->updated);
                ovs_list_poison(&row->track_node);
            }
        }
    }
}

const struct ovsdb_idl_row *
ovsdb_idl_track_get_first(const struct ovsdb_idl *idl,
                          const struct ovsdb_idl_table_class *tc)
{
    const struct ovsdb_idl_table *table = idl_table(idl, tc);
    return (ovs_list_is_empty(&table->track_list) ? NULL
            : CONTAINER_OF(ovs_list_front(&table->track_list),
                           struct ovsdb_idl_row, track_node));
}

const struct ovsdb_idl_row *
ovsdb_idl_track_get_next(const struct ovsdb_idl_row *row)
{
    const struct ovs_list *next = row->track_node.next;
    return (next == &row->table->track_list ? NULL
            : CONTAINER_OF(next, struct ovsdb_idl_row, track_node));
}

bool
ovsdb_idl_row_is_new(const struct ovsdb_idl_row *row)
{
    return row->track_flags & OVSDB_IDL_ROW_TRACK_NEW;
}

bool
ovsdb_idl_row_is_deleted(const struct ovsdb_idl_row *row)
{
    return row->track_flags & OVSDB_IDL_ROW_TRACK_DELETED;
}

bool
ovsdb_idl_row_is_modified(const struct ovsdb_idl_row *row)
{
    return row->track_flags & OVSDB_IDL_ROW_TRACK_MODIFIED;
}

bool
ovsdb_idl_row_is_updated(const struct ovsdb_idl_row *row,
                         const struct ovsdb_idl_column *column)
{
    return row->updated[column_index(row->table->class_, column)];
}

/* Conditions. */

void
ovsdb_idl_condition_init(struct ovsdb_idl_condition *cond)
{
    cond->clauses = json_array_create_empty();
}

void
ovsdb_idl_condition_destroy(struct ovsdb_idl_condition *cond)
{
    if (cond) {
        json_destroy(cond->clauses);
        cond->clauses = NULL;
    }
}

void
ovsdb_idl_condition_add_clause_true(struct ovsdb_idl_condition *cond)
{
    json_array_add(cond->clauses, json_boolean_create(true));
}

void
ovsdb_idl_condition_add_clause(struct ovsdb_idl_condition *cond,
                               const struct ovsdb_idl_column *column,
                               const char *function,
                               const struct ovsdb_datum *value)
{
    json_array_add(cond->clauses,
                   json_array_create_3(
                       json_string_create(column->name),
                       json_string_create(function),
                       ovsdb_datum_to_json(value, &column->type)));
}

void
ovsdb_idl_condition_add_clause_json(struct ovsdb_idl_condition *cond,
                                    const struct json *clause)
{
    json_array_add(cond->clauses, json_clone(clause));
}

unsigned int
ovsdb_idl_set_condition(struct ovsdb_idl *idl,
                        const struct ovsdb_idl_table_class *tc,
                        const struct ovsdb_idl_condition *cond)
{
    struct ovsdb_idl_table *table = idl_table(idl, tc);
    if (table->condition && json_equal(table->condition, cond->clauses)) {
        return idl->cond_promised;
    }
    json_destroy(table->condition);
    table->condition = json_clone(cond->clauses);
    table->cond_changed = true;
    idl->cond_promised = (idl->cond_in_flight ? idl->cond_sent
                          : idl->cond_seqno) + 1;
    return idl->cond_promised;
}

unsigned int
ovsdb_idl_get_condition_seqno(const struct ovsdb_idl *idl)
{
    return idl->cond_seqno;
}

/* The "where" to send for TABLE: an empty condition selects nothing. */
static struct json *
table_condition_json(const struct ovsdb_idl_table *table)
{
    if (!json_array(table->condition)->n) {
        return json_array_create_1(json_boolean_create(false));
    }
    return json_clone(table->condition);
}

static void
idl_cond_acked(struct ovsdb_idl *idl)
{
    if (idl->cond_in_flight) {
        idl->cond_in_flight = false;
        if (idl->cond_seqno != idl->cond_sent) {
            idl->cond_seqno = idl->cond_sent;
            idl->changed = true;
        }
    }
}

static bool
idl_has_cond_changes(const struct ovsdb_idl *idl)
{
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        if (idl->tables[i].cond_changed) {
            return true;
        }
    }
    return false;
}

static struct json *
next_monitor_id(struct ovsdb_idl *idl)
{
    json_destroy(idl->monitor_id);
    idl->monitor_id = json_array_create_2(
        json_string_create(idl->class_->database),
        json_integer_create(++idl->monitor_serial));
    return json_clone(idl->monitor_id);
}

static void
idl_send_cond_change(struct ovsdb_idl *idl)
{
    struct json *requests = json_object_create();
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->tables[i];
        if (table->cond_changed) {
            table->cond_changed = false;
            if (!table->in_server || !table_is_wanted(table)) {
                continue;
            }
            struct json *req = json_object_create();
            json_object_put(req, "where", table_condition_json(table));
            json_object_put(requests, table->class_->name,
                            json_array_create_1(req));
        }
    }
    struct json *old_id = json_clone(idl->monitor_id);
    struct json *new_id = next_monitor_id(idl);
    idl->cond_sent = idl->cond_promised;
    idl->cond_in_flight = true;
    idl_send_request(idl, "monitor_cond_change",
                     json_array_create_3(old_id, new_id, requests),
                     &idl->cond_request_id);
}

/* Connection state machine. */

static void
idl_send_request(struct ovsdb_idl *idl, const char *method,
                 struct json *params, struct json **idp)
{
    json_destroy(*idp);
    *idp = NULL;
    struct jsonrpc_msg *msg = jsonrpc_create_request(method, params, idp);
    if (jsonrpc_session_send(idl->session, msg)) {
        /* Not connected: the reconnection will start over. */
        json_destroy(*idp);
        *idp = NULL;
    }
}

static void
idl_send_server_check(struct ovsdb_idl *idl)
{
    struct json *op = json_object_create();
    json_object_put_string(op, "op", "select");
    json_object_put_string(op, "table", "Database");
    json_object_put(op, "where", json_array_create_1(
                        json_array_create_3(
                            json_string_create("name"),
                            json_string_create("=="),
                            json_string_create(idl->class_->database))));
    json_object_put(op, "columns", json_array_create_2(
                        json_string_create("name"),
                        json_string_create("connected")));
    idl->state = S_SERVER_CHECK;
    idl_send_request(idl, "transact",
                     json_array_create_2(json_string_create("_Server"), op),
                     &idl->request_id);
}

static void
idl_send_get_schema(struct ovsdb_idl *idl)
{
    idl->state = S_SCHEMA;
    idl_send_request(idl, "get_schema", json_array_create_1(
                         json_string_create(idl->class_->database)),
                     &idl->request_id);
}

static void
idl_send_monitor(struct ovsdb_idl *idl)
{
    struct json *requests = json_object_create();
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->tables[i];
        const struct ovsdb_idl_table_class *tc = table->class_;
        table->cond_changed = false;
        if (!table->in_server || !table_is_wanted(table)) {
            continue;
        }
        struct json *columns = json_array_create_empty();
        for (size_t c = 0; c < tc->n_columns; c++) {
            if ((table->modes[c] & MODE_MONITOR) && table->server_has[c]) {
                json_array_add(columns,
                               json_string_create(tc->columns[c].name));
            }
        }
        if (!json_array(columns)->n) {
            /* Rows only: an empty list would get nothing at all. */
            json_array_add(columns, json_string_create("_uuid"));
        }
        struct json *req = json_object_create();
        json_object_put(req, "columns", columns);
        if (table->condition && idl->method != M_PLAIN) {
            json_object_put(req, "where", table_condition_json(table));
        }
        json_object_put(requests, tc->name, json_array_create_1(req));
    }

    struct json *params = json_array_create_3(
        json_string_create(idl->class_->database), next_monitor_id(idl),
        requests);
    if (idl->method == M_COND_SINCE) {
        char s[UUID_LEN + 1];
        uuid_to_string(&idl->last_id, s);
        json_array_add(params, json_string_create(s));
    }
    idl->cond_sent = idl->cond_promised;
    idl->cond_in_flight = true;
    idl->state = S_MONITOR;
    idl_send_request(idl, monitor_method_names[idl->method], params,
                     &idl->request_id);
}

/* Starts over on a new connection. */
static void
idl_restart(struct ovsdb_idl *idl)
{
    json_destroy(idl->request_id);
    idl->request_id = NULL;
    json_destroy(idl->cond_request_id);
    idl->cond_request_id = NULL;
    json_destroy(idl->lock_request_id);
    idl->lock_request_id = NULL;
    idl->cond_in_flight = false;
    if (idl->has_lock || idl->is_lock_contended) {
        idl->has_lock = idl->is_lock_contended = false;
        idl->changed = true;
    }
    txn_fail_all(idl, TXN_TRY_AGAIN, "connection to the server lost");

    if (jsonrpc_session_is_connected(idl->session)) {
        COVERAGE_INC(idl_reconnect);
        idl_send_server_check(idl);
        if (idl->lock_name) {
            idl_send_lock_request(idl);
        }
    } else {
        idl->state = S_DISCONNECTED;
    }
}

static void
idl_fail(struct ovsdb_idl *idl)
{
    idl->state = S_FAILED;
    idl->failed_at = time_msec();
}

static bool
error_is(const struct json *error, const char *what)
{
    if (error && error->type == JSON_STRING) {
        return !strcmp(json_string(error), what);
    }
    if (error && error->type == JSON_OBJECT) {
        const struct json *e = shash_find_data(json_object(error), "error");
        return e && e->type == JSON_STRING && !strcmp(json_string(e), what);
    }
    return false;
}

static void
log_error_reply(struct ovsdb_idl *idl, const char *what,
                const struct jsonrpc_msg *msg)
{
    char *s = json_to_string(msg->error ? msg->error : msg->result,
                             JSSF_SORT);
    VLOG_WARN("%s: %s failed: %s",
              jsonrpc_session_get_name(idl->session), what, s);
    free(s);
}

static void
idl_handle_server_check(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_ERROR) {
        /* A server without _Server (older, or minimal): go on. */
        VLOG_DBG("%s: no _Server database, skipping the check",
                 jsonrpc_session_get_name(idl->session));
        idl_send_get_schema(idl);
        return;
    }
    const struct json *result = msg->result;
    const struct json *rows = NULL;
    if (result->type == JSON_ARRAY && json_array(result)->n >= 1
        && json_array(result)->elems[0]->type == JSON_OBJECT) {
        rows = shash_find_data(json_object(json_array(result)->elems[0]),
                               "rows");
    }
    if (!rows || rows->type != JSON_ARRAY) {
        /* An error result (e.g. the server knows no such table). */
        idl_send_get_schema(idl);
        return;
    }
    if (!json_array(rows)->n) {
        VLOG_WARN("%s: server does not have database %s",
                  jsonrpc_session_get_name(idl->session),
                  idl->class_->database);
        idl_fail(idl);
        return;
    }
    const struct json *row = json_array(rows)->elems[0];
    const struct json *connected = row->type == JSON_OBJECT
        ? shash_find_data(json_object(row), "connected") : NULL;
    if (connected && connected->type == JSON_FALSE) {
        VLOG_INFO("%s: database %s is not connected yet",
                  jsonrpc_session_get_name(idl->session),
                  idl->class_->database);
        idl_fail(idl);
        return;
    }
    idl_send_get_schema(idl);
}

static void
idl_handle_schema(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_ERROR) {
        log_error_reply(idl, "get_schema", msg);
        idl_fail(idl);
        return;
    }
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(msg->result, &schema);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        VLOG_WARN("%s: bad schema from server: %s",
                  jsonrpc_session_get_name(idl->session), s);
        free(s);
        ovsdb_error_destroy(error);
        idl_fail(idl);
        return;
    }
    for (size_t i = 0; i < idl->class_->n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->tables[i];
        const struct ovsdb_idl_table_class *tc = table->class_;
        const struct ovsdb_table_schema *ts
            = ovsdb_schema_get_table(schema, tc->name);
        bool wanted = table_is_wanted(table);
        table->in_server = ts != NULL && wanted;
        if (!ts && wanted) {
            VLOG_WARN("%s: server has no table %s, not monitoring it",
                      jsonrpc_session_get_name(idl->session), tc->name);
        }
        for (size_t c = 0; c < tc->n_columns; c++) {
            table->server_has[c] = ts && ovsdb_table_schema_get_column(
                ts, tc->columns[c].name);
            if (ts && !table->server_has[c]
                && (table->modes[c] & MODE_MONITOR)) {
                VLOG_WARN("%s: server has no column %s.%s, not monitoring "
                          "it", jsonrpc_session_get_name(idl->session),
                          tc->name, tc->columns[c].name);
            }
        }
    }
    ovsdb_schema_destroy(schema);
    idl_send_monitor(idl);
}

static void
idl_handle_monitor_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_ERROR) {
        if (error_is(msg->error, "unknown method")
            && idl->method != M_PLAIN) {
            VLOG_INFO("%s: server does not know %s, falling back to %s",
                      jsonrpc_session_get_name(idl->session),
                      monitor_method_names[idl->method],
                      monitor_method_names[idl->method + 1]);
            idl->method++;
            idl_send_monitor(idl);
            return;
        }
        log_error_reply(idl, monitor_method_names[idl->method], msg);
        idl_fail(idl);
        return;
    }

    const struct json *updates = msg->result;
    bool incremental = false;
    if (idl->method == M_COND_SINCE) {
        const struct json *r = msg->result;
        struct uuid last_id;
        if (r->type != JSON_ARRAY || json_array(r)->n != 3
            || (json_array(r)->elems[0]->type != JSON_TRUE
                && json_array(r)->elems[0]->type != JSON_FALSE)
            || json_array(r)->elems[1]->type != JSON_STRING
            || !uuid_from_string(&last_id,
                                 json_string(json_array(r)->elems[1]))) {
            VLOG_WARN("%s: malformed monitor_cond_since reply",
                      jsonrpc_session_get_name(idl->session));
            idl_fail(idl);
            return;
        }
        incremental = json_boolean(json_array(r)->elems[0]);
        idl->last_id = last_id;
        updates = json_array(r)->elems[2];
    }

    if (!incremental) {
        COVERAGE_INC(idl_full_reload);
        idl_mark_all_stale(idl);
    }
    idl_apply_updates(idl, updates, idl->method == M_PLAIN ? 1 : 2);
    if (!incremental) {
        idl_delete_stale(idl);
    }
    idl->last_incremental = incremental;
    idl->have_method = true;
    idl->state = S_MONITORING;
    if (!idl->has_ever_connected) {
        idl->has_ever_connected = true;
        idl->changed = true;
    }
    if (idl->method == M_PLAIN && idl->cond_in_flight
        && idl->cond_sent != idl->cond_seqno) {
        VLOG_WARN_RL(&rl, "%s: server cannot filter rows (no "
                     "monitor_cond); conditions are ignored",
                     jsonrpc_session_get_name(idl->session));
    }
    idl_cond_acked(idl);
    idl_end_message(idl);
}

static void
idl_handle_notify(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    const struct json *params = msg->params;
    size_t n = params->type == JSON_ARRAY ? json_array(params)->n : 0;
    const char *m = msg->method;

    if (!strcmp(m, "locked") || !strcmp(m, "stolen")) {
        if (n == 1 && idl->lock_name
            && json_array(params)->elems[0]->type == JSON_STRING
            && !strcmp(json_string(json_array(params)->elems[0]),
                       idl->lock_name)) {
            bool locked = !strcmp(m, "locked");
            if (!locked) {
                VLOG_INFO("%s: lock %s was stolen",
                          jsonrpc_session_get_name(idl->session),
                          idl->lock_name);
            }
            idl->has_lock = locked;
            idl->is_lock_contended = !locked;
            idl->changed = true;
            idl_end_message(idl);
        }
        return;
    }

    if (idl->state != S_MONITORING) {
        return;
    }
    if (!strcmp(m, "update") && n == 2) {
        idl_apply_updates(idl, json_array(params)->elems[1], 1);
    } else if (!strcmp(m, "update2") && n == 2) {
        idl_apply_updates(idl, json_array(params)->elems[1], 2);
    } else if (!strcmp(m, "update3") && n == 3) {
        const struct json *id = json_array(params)->elems[1];
        struct uuid last_id;
        if (id->type == JSON_STRING
            && uuid_from_string(&last_id, json_string(id))) {
            idl->last_id = last_id;
        }
        idl_apply_updates(idl, json_array(params)->elems[2], 2);
    } else {
        VLOG_DBG("ignoring notification %s", m);
        return;
    }
    idl_end_message(idl);
}

static void
idl_handle_lock_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_ERROR || msg->result->type != JSON_OBJECT) {
        log_error_reply(idl, "lock", msg);
        return;
    }
    const struct json *locked = shash_find_data(json_object(msg->result),
                                                "locked");
    bool has = locked && locked->type == JSON_TRUE;
    idl->has_lock = has;
    idl->is_lock_contended = !has;
    idl->changed = true;
    idl_end_message(idl);
}

static void
idl_handle_msg(struct ovsdb_idl *idl, struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_NOTIFY
        || (msg->type == JSONRPC_REQUEST && msg->method)) {
        /* The session answers "echo" itself; everything else from the
         * server is a notification (with or without an id). */
        idl_handle_notify(idl, msg);
        return;
    }
    if (msg->type != JSONRPC_REPLY && msg->type != JSONRPC_ERROR) {
        return;
    }

    if (idl->request_id && json_equal(idl->request_id, msg->id)) {
        json_destroy(idl->request_id);
        idl->request_id = NULL;
        switch (idl->state) {
        case S_SERVER_CHECK:
            idl_handle_server_check(idl, msg);
            break;
        case S_SCHEMA:
            idl_handle_schema(idl, msg);
            break;
        case S_MONITOR:
            idl_handle_monitor_reply(idl, msg);
            break;
        case S_DISCONNECTED:
        case S_MONITORING:
        case S_FAILED:
            break;
        }
    } else if (idl->cond_request_id
               && json_equal(idl->cond_request_id, msg->id)) {
        json_destroy(idl->cond_request_id);
        idl->cond_request_id = NULL;
        if (msg->type == JSONRPC_ERROR) {
            log_error_reply(idl, "monitor_cond_change", msg);
        }
        idl_cond_acked(idl);
        idl_end_message(idl);
    } else if (idl->lock_request_id
               && json_equal(idl->lock_request_id, msg->id)) {
        json_destroy(idl->lock_request_id);
        idl->lock_request_id = NULL;
        idl_handle_lock_reply(idl, msg);
    } else {
        struct ovsdb_idl_txn *txn;
        LIST_FOR_EACH (txn, node, &idl->outstanding_txns) {
            if (json_equal(txn->request_id, msg->id)) {
                txn_handle_reply(txn, msg);
                return;
            }
        }
    }
}

void
ovsdb_idl_run(struct ovsdb_idl *idl)
{
    ovs_assert(!idl->txn);

    jsonrpc_session_run(idl->session);
    unsigned int seqno = jsonrpc_session_get_seqno(idl->session);
    if (seqno != idl->session_seqno) {
        idl->session_seqno = seqno;
        idl_restart(idl);
        idl_end_message(idl);
    }

    if (idl->state == S_FAILED && idl->retry
        && time_msec() >= idl->failed_at + 1000) {
        jsonrpc_session_force_reconnect(idl->session);
        idl->state = S_DISCONNECTED;
    }

    for (int i = 0; i < 50; i++) {
        struct jsonrpc_msg *msg = jsonrpc_session_recv(idl->session);
        if (!msg) {
            break;
        }
        idl_handle_msg(idl, msg);
        jsonrpc_msg_destroy(msg);
        if (seqno != jsonrpc_session_get_seqno(idl->session)) {
            break;      /* Reconnected meanwhile: next run starts over. */
        }
    }

    if (idl->state == S_MONITORING && !idl->cond_request_id
        && idl_has_cond_changes(idl)) {
        if (idl->method != M_PLAIN) {
            idl_send_cond_change(idl);
        } else {
            /* Plain "monitor" cannot filter: every row keeps coming.  Say
             * the condition is applied rather than leave callers waiting
             * forever. */
            VLOG_WARN_RL(&rl, "%s: server cannot filter rows (no "
                         "monitor_cond); conditions are ignored",
                         jsonrpc_session_get_name(idl->session));
            for (size_t i = 0; i < idl->class_->n_tables; i++) {
                idl->tables[i].cond_changed = false;
            }
            idl->cond_seqno = idl->cond_promised;
            idl->change_seqno++;
        }
    }
}

void
ovsdb_idl_wait(struct ovsdb_idl *idl)
{
    jsonrpc_session_wait(idl->session);
    jsonrpc_session_recv_wait(idl->session);
    if (idl->state == S_FAILED && idl->retry) {
        poll_timer_wait_until(idl->failed_at + 1000);
    }
    if (idl->state == S_MONITORING && !idl->cond_request_id
        && idl->method != M_PLAIN && idl_has_cond_changes(idl)) {
        poll_immediate_wake();
    }
}

/* Locks. */

static void
idl_send_lock_request(struct ovsdb_idl *idl)
{
    idl_send_request(idl, idl->lock_steal ? "steal" : "lock",
                     json_array_create_1(json_string_create(idl->lock_name)),
                     &idl->lock_request_id);
}

static void
idl_set_lock(struct ovsdb_idl *idl, const char *name, bool steal)
{
    if (idl->lock_name && (!name || strcmp(name, idl->lock_name))) {
        if (jsonrpc_session_is_connected(idl->session)) {
            struct json *id = NULL;
            idl_send_request(idl, "unlock", json_array_create_1(
                                 json_string_create(idl->lock_name)), &id);
            json_destroy(id);
        }
        free(idl->lock_name);
        idl->lock_name = NULL;
        json_destroy(idl->lock_request_id);
        idl->lock_request_id = NULL;
        if (idl->has_lock || idl->is_lock_contended) {
            idl->has_lock = idl->is_lock_contended = false;
            idl->change_seqno++;
        }
    }
    if (name && (!idl->lock_name || steal)) {
        if (!idl->lock_name) {
            idl->lock_name = xstrdup(name);
        } else if (jsonrpc_session_is_connected(idl->session)) {
            /* The server refuses a second request for a lock this session
             * already asked for: withdraw the first. */
            struct json *id = NULL;
            idl_send_request(idl, "unlock", json_array_create_1(
                                 json_string_create(name)), &id);
            json_destroy(id);
        }
        idl->lock_steal = steal;
        if (jsonrpc_session_is_connected(idl->session)) {
            idl_send_lock_request(idl);
        }
    }
}

void
ovsdb_idl_set_lock(struct ovsdb_idl *idl, const char *name)
{
    idl_set_lock(idl, name, false);
}

void
ovsdb_idl_steal_lock(struct ovsdb_idl *idl, const char *name)
{
    idl_set_lock(idl, name, true);
}

bool
ovsdb_idl_has_lock(const struct ovsdb_idl *idl)
{
    return idl->has_lock;
}

bool
ovsdb_idl_is_lock_contended(const struct ovsdb_idl *idl)
{
    return idl->is_lock_contended;
}

/* Transactions. */

const char *
ovsdb_idl_txn_status_to_string(enum ovsdb_idl_txn_status status)
{
    switch (status) {
    case TXN_UNCOMMITTED: return "uncommitted";
    case TXN_UNCHANGED: return "unchanged";
    case TXN_INCOMPLETE: return "incomplete";
    case TXN_ABORTED: return "aborted";
    case TXN_SUCCESS: return "success";
    case TXN_TRY_AGAIN: return "try again";
    case TXN_NOT_LOCKED: return "not locked";
    case TXN_ERROR: return "error";
    }
    return "<unknown>";
}

struct ovsdb_idl_txn *
ovsdb_idl_txn_create(struct ovsdb_idl *idl)
{
    ovs_assert(!idl->txn);
    struct ovsdb_idl_txn *txn = xzalloc(sizeof *txn);
    txn->idl = idl;
    ovs_list_init(&txn->rows);
    ovs_list_poison(&txn->node);
    hmap_init(&txn->inserted);
    txn->status = TXN_UNCOMMITTED;
    ds_init(&txn->comment);
    idl->txn = txn;
    return txn;
}

struct ovsdb_idl *
ovsdb_idl_txn_get_idl(const struct ovsdb_idl_txn *txn)
{
    return txn->idl;
}

void
ovsdb_idl_txn_add_comment(struct ovsdb_idl_txn *txn, const char *format, ...)
{
    va_list args;
    if (txn->comment.length) {
        ds_put_char(&txn->comment, '\n');
    }
    va_start(args, format);
    ds_put_format_valist(&txn->comment, format, args);
    va_end(args);
}

void
ovsdb_idl_txn_set_dry_run(struct ovsdb_idl_txn *txn)
{
    txn->dry_run = true;
}

void
ovsdb_idl_txn_increment(struct ovsdb_idl_txn *txn,
                        const struct ovsdb_idl_row *row,
                        const struct ovsdb_idl_column *column)
{
    ovs_assert(!txn->inc_row);
    ovs_assert(column->type.key.type == OVSDB_TYPE_INTEGER
               && ovsdb_type_is_scalar(&column->type));
    txn->inc_row = CONST_CAST(struct ovsdb_idl_row *, row);
    txn->inc_column = column;
}

int64_t
ovsdb_idl_txn_get_increment_new_value(const struct ovsdb_idl_txn *txn)
{
    return txn->inc_new_value;
}

static void
txn_row_free_data(struct ovsdb_idl_txn_row *tr)
{
    const struct ovsdb_idl_table_class *tc = tr->row->table->class_;
    for (size_t i = 0; i < tc->n_columns; i++) {
        const struct ovsdb_type *type = &tc->columns[i].type;
        if (tr->written[i]) {
            ovsdb_datum_destroy(&tr->new_data[i], type);
        }
        if (tr->partials && tr->partials[i].used) {
            ovsdb_datum_destroy(&tr->partials[i].add, type);
            ovsdb_datum_destroy(&tr->partials[i].del, type);
        }
    }
    free(tr->new_data);
    free(tr->written);
    free(tr->verified);
    free(tr->partials);
    tr->new_data = NULL;
    tr->written = tr->verified = NULL;
    tr->partials = NULL;
}

/* Detaches TXN from the rows it touched, once it is committed or aborted:
 * only the inserted rows (which the transaction owns) stay, for
 * ovsdb_idl_txn_get_insert_uuid(). */
static void
txn_disassemble(struct ovsdb_idl_txn *txn)
{
    struct ovsdb_idl_txn_row *tr, *next;
    LIST_FOR_EACH_SAFE (tr, next, node, &txn->rows) {
        if (tr->new_data) {
            txn_row_free_data(tr);
        }
        tr->row->txn_row = NULL;
        if (!tr->is_insert) {
            ovs_list_remove(&tr->node);
            free(tr);
        }
    }
    txn->inc_row = NULL;
    if (txn->idl && txn->idl->txn == txn) {
        txn->idl->txn = NULL;
    }
}

void
ovsdb_idl_txn_destroy(struct ovsdb_idl_txn *txn)
{
    if (!txn) {
        return;
    }
    if (txn->status == TXN_UNCOMMITTED) {
        ovsdb_idl_txn_abort(txn);
    }
    txn_disassemble(txn);
    if (ovs_list_is_linked(&txn->node)) {
        ovs_list_remove(&txn->node);
    }
    struct ovsdb_idl_txn_row *tr;
    LIST_FOR_EACH_POP (tr, node, &txn->rows) {
        row_free(tr->row);
        free(tr);
    }
    hmap_destroy(&txn->inserted);
    json_destroy(txn->request_id);
    ds_destroy(&txn->comment);
    free(txn->op_kinds);
    free(txn->error);
    free(txn);
}

void
ovsdb_idl_txn_abort(struct ovsdb_idl_txn *txn)
{
    if (txn->status == TXN_UNCOMMITTED) {
        txn->status = TXN_ABORTED;
        txn_disassemble(txn);
    }
}

enum ovsdb_idl_txn_status
ovsdb_idl_txn_get_status(const struct ovsdb_idl_txn *txn)
{
    return txn->status;
}

const char *
ovsdb_idl_txn_get_error(const struct ovsdb_idl_txn *txn)
{
    return txn->status == TXN_ERROR ? txn->error : NULL;
}

void
ovsdb_idl_txn_wait(const struct ovsdb_idl_txn *txn)
{
    if (txn->status != TXN_INCOMPLETE && txn->status != TXN_UNCOMMITTED) {
        poll_immediate_wake();
    }
}

const struct uuid *
ovsdb_idl_txn_get_insert_uuid(const struct ovsdb_idl_txn *txn,
                              const struct uuid *temp)
{
    struct ovsdb_idl_txn_row *tr;
    HMAP_FOR_EACH_WITH_HASH (tr, insert_node, uuid_hash(temp),
                             &txn->inserted) {
        if (uuid_equals(&tr->row->uuid, temp)) {
            return tr->has_real_uuid ? &tr->real_uuid : NULL;
        }
    }
    return NULL;
}

static struct ovsdb_idl_txn_row *
txn_row_get(const struct ovsdb_idl_row *row_)
{
    struct ovsdb_idl_row *row = CONST_CAST(struct ovsdb_idl_row *, row_);
    if (row->txn_row) {
        return row->txn_row;
    }
    struct ovsdb_idl_txn *txn = row->table->idl->txn;
    ovs_assert(txn);
    size_t n = row->table->class_->n_columns;
    struct ovsdb_idl_txn_row *tr = xzalloc(sizeof *tr);
    tr->row = row;
    tr->new_data = xmalloc(n * sizeof *tr->new_data);
    tr->written = xzalloc(n * sizeof *tr->written);
    tr->verified = xzalloc(n * sizeof *tr->verified);
    ovs_list_push_back(&txn->rows, &tr->node);
    row->txn_row = tr;
    return tr;
}

void
ovsdb_idl_txn_write(const struct ovsdb_idl_row *row,
                    const struct ovsdb_idl_column *column,
                    struct ovsdb_datum *datum)
{
    struct ovsdb_idl_txn_row *tr = txn_row_get(row);
    size_t idx = column_index(row->table->class_, column);
    if (tr->is_delete) {
        VLOG_WARN_RL(&rl, "write to %s.%s of a row deleted in the same "
                     "transaction is ignored", row->table->class_->name,
                     column->name);
        ovsdb_datum_destroy(datum, &column->type);
        return;
    }
    if (tr->written[idx]) {
        ovsdb_datum_destroy(&tr->new_data[idx], &column->type);
    }
    tr->new_data[idx] = *datum;
    ovsdb_datum_init_empty(datum);
    tr->written[idx] = true;
    if (tr->partials && tr->partials[idx].used) {
        /* A full write supersedes earlier partial updates. */
        ovsdb_datum_destroy(&tr->partials[idx].add, &column->type);
        ovsdb_datum_destroy(&tr->partials[idx].del, &column->type);
        tr->partials[idx].used = false;
    }
}

/* Sorts DATUM and drops repeated keys (keeping the first). */
static void
datum_sort_unique(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    struct ovsdb_error *error = ovsdb_datum_sort(datum, type);
    if (error) {
        ovsdb_error_destroy(error);
        for (unsigned int i = datum->n; i-- > 1;) {
            if (ovsdb_atom_equals(&datum->keys[i], &datum->keys[i - 1],
                                  type->key.type)) {
                ovsdb_datum_remove(datum, i, type);
            }
        }
    }
}

void
ovsdb_idl_txn_write_unsorted(const struct ovsdb_idl_row *row,
                             const struct ovsdb_idl_column *column,
                             struct ovsdb_datum *datum)
{
    datum_sort_unique(datum, &column->type);
    ovsdb_idl_txn_write(row, column, datum);
}

void
ovsdb_idl_txn_verify(const struct ovsdb_idl_row *row,
                     const struct ovsdb_idl_column *column)
{
    size_t idx = column_index(row->table->class_, column);
    ovs_assert(row->table->modes[idx] & MODE_MONITOR);
    struct ovsdb_idl_txn_row *tr = txn_row_get(row);
    if (!tr->is_insert) {
        tr->verified[idx] = true;
    }
}

void
ovsdb_idl_txn_delete(const struct ovsdb_idl_row *row)
{
    struct ovsdb_idl_txn_row *tr = txn_row_get(row);
    tr->is_delete = true;
}

const struct ovsdb_idl_row *
ovsdb_idl_txn_insert(struct ovsdb_idl_txn *txn,
                     const struct ovsdb_idl_table_class *tc,
                     const struct uuid *uuid)
{
    struct uuid temp;
    if (uuid) {
        temp = *uuid;
    } else {
        uuid_generate(&temp);
    }
    struct ovsdb_idl_row *row = row_create(idl_table(txn->idl, tc), &temp);
    struct ovsdb_idl_txn_row *tr = txn_row_get(row);
    tr->is_insert = true;
    hmap_insert(&txn->inserted, &tr->insert_node, uuid_hash(&temp));
    return row;
}

/* Partial updates: ADD or DEL (the other one is empty) for column IDX.
 * Later calls override earlier ones for the same key. */
static void
txn_partial(const struct ovsdb_idl_row *row,
            const struct ovsdb_idl_column *column, struct ovsdb_datum *datum,
            bool is_add)
{
    struct ovsdb_idl_txn_row *tr = txn_row_get(row);
    size_t idx = column_index(row->table->class_, column);
    const struct ovsdb_type *type = &column->type;
    bool is_map = ovsdb_type_is_map(type);
    struct ovsdb_type keys_type = *type;    /* Shallow: only for sets. */
    ovsdb_base_type_init(&keys_type.value, OVSDB_TYPE_VOID);
    keys_type.n_min = 0;
    keys_type.n_max = OVSDB_N_UNLIMITED;
    const struct ovsdb_type *dtype = is_add ? type : &keys_type;

    datum_sort_unique(datum, dtype);
    if (tr->is_delete) {
        ovsdb_datum_destroy(datum, dtype);
        return;
    }
    if (tr->written[idx]) {
        /* The whole value is being written: edit that instead. */
        struct ovsdb_datum *cur = &tr->new_data[idx];
        if (is_add) {
            if (is_map) {
                ovsdb_datum_subtract(cur, type, datum, &keys_type);
            }
            ovsdb_datum_union(cur, datum, type);
        } else {
            ovsdb_datum_subtract(cur, type, datum, &keys_type);
        }
        ovsdb_datum_destroy(datum, dtype);
        return;
    }

    if (!tr->partials) {
        tr->partials = xzalloc(row->table->class_->n_columns
                               * sizeof *tr->partials);
    }
    struct idl_partial *p = &tr->partials[idx];
    if (!p->used) {
        p->used = true;
        ovsdb_datum_init_empty(&p->add);
        ovsdb_datum_init_empty(&p->del);
    }
    if (is_add) {
        /* Drop pending changes to the same keys, then add. */
        ovsdb_datum_subtract(&p->del, &keys_type, datum, &keys_type);
        if (is_map) {
            ovsdb_datum_subtract(&p->add, type, datum, &keys_type);
        }
        ovsdb_datum_union(&p->add, datum, type);
    } else {
        ovsdb_datum_subtract(&p->add, type, datum, &keys_type);
        ovsdb_datum_union(&p->del, datum, &keys_type);
    }
    ovsdb_datum_destroy(datum, dtype);
}

void
ovsdb_idl_txn_write_partial_map(const struct ovsdb_idl_row *row,
                                const struct ovsdb_idl_column *column,
                                struct ovsdb_datum *datum)
{
    ovs_assert(ovsdb_type_is_map(&column->type));
    txn_partial(row, column, datum, true);
}

void
ovsdb_idl_txn_delete_partial_map(const struct ovsdb_idl_row *row,
                                 const struct ovsdb_idl_column *column,
                                 struct ovsdb_datum *datum)
{
    ovs_assert(ovsdb_type_is_map(&column->type));
    txn_partial(row, column, datum, false);
}

void
ovsdb_idl_txn_write_partial_set(const struct ovsdb_idl_row *row,
                                const struct ovsdb_idl_column *column,
                                struct ovsdb_datum *datum)
{
    ovs_assert(!ovsdb_type_is_map(&column->type));
    txn_partial(row, column, datum, true);
}

void
ovsdb_idl_txn_delete_partial_set(const struct ovsdb_idl_row *row,
                                 const struct ovsdb_idl_column *column,
                                 struct ovsdb_datum *datum)
{
    ovs_assert(!ovsdb_type_is_map(&column->type));
    txn_partial(row, column, datum, false);
}

/* Building the operations. */

static void
uuid_name(const struct uuid *uuid, char name[UUID_LEN + 4])
{
    char s[UUID_LEN + 1];
    uuid_to_string(uuid, s);
    for (char *p = s; *p; p++) {
        if (*p == '-') {
            *p = '_';
        }
    }
    snprintf(name, UUID_LEN + 4, "row%s", s);
}

/* Replaces, in JSON, every ["uuid", U] where U is a row inserted by TXN
 * by ["named-uuid", NAME]. */
static void
txn_substitute_uuids(const struct ovsdb_idl_txn *txn, struct json *json)
{
    if (json->type != JSON_ARRAY) {
        return;
    }
    struct json_array *a = json_array(json);
    struct uuid uuid;
    if (a->n == 2 && a->elems[0]->type == JSON_STRING
        && a->elems[1]->type == JSON_STRING
        && !strcmp(json_string(a->elems[0]), "uuid")
        && uuid_from_string(&uuid, json_string(a->elems[1]))) {
        struct ovsdb_idl_txn_row *tr;
        HMAP_FOR_EACH_WITH_HASH (tr, insert_node, uuid_hash(&uuid),
                                 &txn->inserted) {
            if (uuid_equals(&tr->row->uuid, &uuid)) {
                char name[UUID_LEN + 4];
                uuid_name(&uuid, name);
                json_destroy(a->elems[0]);
                json_destroy(a->elems[1]);
                a->elems[0] = json_string_create("named-uuid");
                a->elems[1] = json_string_create(name);
                return;
            }
        }
        return;
    }
    for (size_t i = 0; i < a->n; i++) {
        txn_substitute_uuids(txn, a->elems[i]);
    }
}

static struct json *
txn_datum_to_json(const struct ovsdb_idl_txn *txn,
                  const struct ovsdb_datum *datum,
                  const struct ovsdb_type *type)
{
    struct json *json = ovsdb_datum_to_json(datum, type);
    txn_substitute_uuids(txn, json);
    return json;
}

static struct json *
where_uuid(const struct ovsdb_idl_txn *txn, const struct uuid *uuid)
{
    char s[UUID_LEN + 1];
    uuid_to_string(uuid, s);
    struct json *value = json_array_create_2(json_string_create("uuid"),
                                             json_string_create(s));
    txn_substitute_uuids(txn, value);
    return json_array_create_1(json_array_create_3(
                                   json_string_create("_uuid"),
                                   json_string_create("=="), value));
}

static struct json *
new_op(const char *op, const char *table)
{
    struct json *json = json_object_create();
    json_object_put_string(json, "op", op);
    if (table) {
        json_object_put_string(json, "table", table);
    }
    return json;
}

struct op_list {
    struct json *params;        /* [db, op...] */
    struct ds kinds;
};

static void
op_add(struct op_list *ops, struct json *op, char kind)
{
    json_array_add(ops->params, op);
    ds_put_char(&ops->kinds, kind);
}

/* Adds the operations for TR; returns true if any changes something. */
static bool
txn_row_ops(struct ovsdb_idl_txn *txn, struct ovsdb_idl_txn_row *tr,
            struct op_list *ops)
{
    struct ovsdb_idl_row *row = tr->row;
    const struct ovsdb_idl_table_class *tc = row->table->class_;
    const unsigned char *modes = row->table->modes;

    if (tr->is_delete) {
        if (tr->is_insert) {
            return false;
        }
        struct json *op = new_op("delete", tc->name);
        json_object_put(op, "where", where_uuid(txn, &row->uuid));
        op_add(ops, op, OP_ONE_ROW);
        return true;
    }

    bool any = false;
    if (!tr->is_insert) {
        struct json *columns = json_array_create_empty();
        struct json *values = json_object_create();
        for (size_t i = 0; i < tc->n_columns; i++) {
            if (tr->verified[i]) {
                json_array_add(columns,
                               json_string_create(tc->columns[i].name));
                json_object_put(values, tc->columns[i].name,
                                txn_datum_to_json(txn, &row->data[i],
                                                  &tc->columns[i].type));
            }
        }
        if (json_array(columns)->n) {
            struct json *op = new_op("wait", tc->name);
            json_object_put(op, "timeout", json_integer_create(0));
            json_object_put(op, "where", where_uuid(txn, &row->uuid));
            json_object_put(op, "columns", columns);
            json_object_put_string(op, "until", "==");
            json_object_put(op, "rows", json_array_create_1(values));
            op_add(ops, op, OP_WAIT);
        } else {
            json_destroy(columns);
            json_destroy(values);
        }
    }

    /* Full writes (and, for an insert, partial updates folded in). */
    struct json *row_json = json_object_create();
    for (size_t i = 0; i < tc->n_columns; i++) {
        const struct ovsdb_idl_column *column = &tc->columns[i];
        struct idl_partial *p = tr->partials && tr->partials[i].used
                                ? &tr->partials[i] : NULL;
        if (tr->is_insert && (tr->written[i] || p)) {
            struct ovsdb_datum d;
            if (tr->written[i]) {
                ovsdb_datum_clone(&d, &tr->new_data[i], &column->type);
            } else {
                ovsdb_datum_init_default(&d, &column->type);
                ovsdb_datum_union(&d, &p->add, &column->type);
            }
            json_object_put(row_json, column->name,
                            txn_datum_to_json(txn, &d, &column->type));
            ovsdb_datum_destroy(&d, &column->type);
        } else if (tr->written[i]
                   && (!(modes[i] & MODE_MONITOR)
                       || !ovsdb_datum_equals(&tr->new_data[i],
                                              &row->data[i],
                                              &column->type))) {
            json_object_put(row_json, column->name,
                            txn_datum_to_json(txn, &tr->new_data[i],
                                              &column->type));
        }
    }
    if (tr->is_insert) {
        char name[UUID_LEN + 4];
        uuid_name(&row->uuid, name);
        struct json *op = new_op("insert", tc->name);
        json_object_put_string(op, "uuid-name", name);
        json_object_put(op, "row", row_json);
        tr->op_index = json_array(ops->params)->n - 1;
        op_add(ops, op, OP_OTHER);
        return true;
    }
    if (!shash_is_empty(json_object(row_json))) {
        struct json *op = new_op("update", tc->name);
        json_object_put(op, "where", where_uuid(txn, &row->uuid));
        json_object_put(op, "row", row_json);
        op_add(ops, op, OP_ONE_ROW);
        any = true;
    } else {
        json_destroy(row_json);
    }

    /* Partial updates as mutations. */
    struct json *mutations = json_array_create_empty();
    for (size_t i = 0; tr->partials && i < tc->n_columns; i++) {
        struct idl_partial *p = &tr->partials[i];
        const struct ovsdb_idl_column *column = &tc->columns[i];
        if (!p->used) {
            continue;
        }
        struct ovsdb_type keys_type = column->type;
        ovsdb_base_type_init(&keys_type.value, OVSDB_TYPE_VOID);
        keys_type.n_min = 0;
        keys_type.n_max = OVSDB_N_UNLIMITED;
        struct ovsdb_datum del;
        ovsdb_datum_clone(&del, &p->del, &keys_type);
        if (ovsdb_type_is_map(&column->type)) {
            /* "insert" keeps an existing key's value: delete it first. */
            struct ovsdb_datum keys;
            ovsdb_datum_init_empty(&keys);
            for (unsigned int k = 0; k < p->add.n; k++) {
                union ovsdb_atom atom;
                ovsdb_atom_clone(&atom, &p->add.keys[k],
                                 column->type.key.type);
                ovsdb_datum_add_unsafe(&keys, &atom, NULL);
            }
            ovsdb_datum_union(&del, &keys, &keys_type);
            ovsdb_datum_destroy(&keys, &keys_type);
        }
        struct ovsdb_type any_n = column->type;
        any_n.n_min = 0;
        any_n.n_max = OVSDB_N_UNLIMITED;
        if (del.n) {
            json_array_add(mutations, json_array_create_3(
                               json_string_create(column->name),
                               json_string_create("delete"),
                               txn_datum_to_json(txn, &del, &keys_type)));
        }
        if (p->add.n) {
            json_array_add(mutations, json_array_create_3(
                               json_string_create(column->name),
                               json_string_create("insert"),
                               txn_datum_to_json(txn, &p->add, &any_n)));
        }
        ovsdb_datum_destroy(&del, &keys_type);
    }
    if (json_array(mutations)->n) {
        struct json *op = new_op("mutate", tc->name);
        json_object_put(op, "where", where_uuid(txn, &row->uuid));
        json_object_put(op, "mutations", mutations);
        op_add(ops, op, OP_ONE_ROW);
        any = true;
    } else {
        json_destroy(mutations);
    }
    return any;
}

enum ovsdb_idl_txn_status
ovsdb_idl_txn_commit(struct ovsdb_idl_txn *txn)
{
    if (txn->status != TXN_UNCOMMITTED) {
        return txn->status;
    }
    struct ovsdb_idl *idl = txn->idl;
    COVERAGE_INC(idl_txn_commit);

    struct op_list ops;
    ops.params = json_array_create_1(
        json_string_create(idl->class_->database));
    ds_init(&ops.kinds);
    ds_put_char(&ops.kinds, OP_OTHER);      /* The database name. */

    if (idl->lock_name) {
        struct json *op = new_op("assert", NULL);
        json_object_put_string(op, "lock", idl->lock_name);
        op_add(&ops, op, OP_ASSERT);
    }
    bool any = false;
    struct ovsdb_idl_txn_row *tr;
    LIST_FOR_EACH (tr, node, &txn->rows) {
        any |= txn_row_ops(txn, tr, &ops);
    }
    if (txn->inc_row) {
        const char *table = txn->inc_row->table->class_->name;
        struct json *op = new_op("mutate", table);
        json_object_put(op, "where", where_uuid(txn, &txn->inc_row->uuid));
        json_object_put(op, "mutations", json_array_create_1(
                            json_array_create_3(
                                json_string_create(txn->inc_column->name),
                                json_string_create("+="),
                                json_integer_create(1))));
        op_add(&ops, op, OP_OTHER);
        op = new_op("select", table);
        json_object_put(op, "where", where_uuid(txn, &txn->inc_row->uuid));
        json_object_put(op, "columns", json_array_create_1(
                            json_string_create(txn->inc_column->name)));
        txn->inc_select_index = json_array(ops.params)->n - 1;
        op_add(&ops, op, OP_OTHER);
        any = true;
    }
    if (txn->comment.length) {
        struct json *op = new_op("comment", NULL);
        json_object_put_string(op, "comment", ds_cstr(&txn->comment));
        op_add(&ops, op, OP_OTHER);
    }
    if (txn->dry_run) {
        op_add(&ops, new_op("abort", NULL), OP_ABORT);
    }

    if (!any) {
        txn->status = TXN_UNCHANGED;
        json_destroy(ops.params);
        ds_destroy(&ops.kinds);
    } else if (idl->lock_name && !idl->has_lock) {
        txn->status = TXN_NOT_LOCKED;
        json_destroy(ops.params);
        ds_destroy(&ops.kinds);
    } else if (idl->state != S_MONITORING
               || !jsonrpc_session_is_connected(idl->session)) {
        txn->status = TXN_TRY_AGAIN;
        COVERAGE_INC(idl_txn_try_again);
        json_destroy(ops.params);
        ds_destroy(&ops.kinds);
    } else {
        txn->n_ops = ops.kinds.length;
        txn->op_kinds = ds_steal_cstr(&ops.kinds);
        struct jsonrpc_msg *msg = jsonrpc_create_request(
            "transact", ops.params, &txn->request_id);
        if (jsonrpc_session_send(idl->session, msg)) {
            txn->status = TXN_TRY_AGAIN;
        } else {
            txn->status = TXN_INCOMPLETE;
            ovs_list_push_back(&idl->outstanding_txns, &txn->node);
        }
    }
    txn_disassemble(txn);
    return txn->status;
}

enum ovsdb_idl_txn_status
ovsdb_idl_txn_commit_block(struct ovsdb_idl_txn *txn)
{
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(txn);
    while (status == TXN_INCOMPLETE) {
        /* Wait first: the reply to a request just sent cannot be in yet,
         * so running the IDL now would only try a read that fails.  The
         * wait wakes at once if earlier input is still buffered. */
        ovsdb_idl_wait(txn->idl);
        ovsdb_idl_txn_wait(txn);
        poll_block();
        ovsdb_idl_run(txn->idl);
        status = txn->status;
    }
    return status;
}

static void
txn_complete(struct ovsdb_idl_txn *txn, enum ovsdb_idl_txn_status status,
             char *error)
{
    ovs_list_remove(&txn->node);
    ovs_list_poison(&txn->node);
    txn->status = status;
    free(txn->error);
    txn->error = error;
    if (status == TXN_ERROR) {
        COVERAGE_INC(idl_txn_error);
        VLOG_WARN_RL(&rl, "transaction error: %s", error);
    } else if (status == TXN_TRY_AGAIN) {
        COVERAGE_INC(idl_txn_try_again);
    }
}

static void
txn_fail_all(struct ovsdb_idl *idl, enum ovsdb_idl_txn_status status,
             const char *why)
{
    struct ovsdb_idl_txn *txn, *next;
    LIST_FOR_EACH_SAFE (txn, next, node, &idl->outstanding_txns) {
        txn_complete(txn, status, xstrdup(why));
    }
}

static char *
op_error_string(const struct json *result)
{
    const struct json *e = shash_find_data(json_object(result), "error");
    const struct json *d = shash_find_data(json_object(result), "details");
    const char *es = e && e->type == JSON_STRING ? json_string(e) : "error";
    return (d && d->type == JSON_STRING
            ? xasprintf("%s: %s", es, json_string(d))
            : xstrdup(es));
}

static void
txn_handle_reply(struct ovsdb_idl_txn *txn, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_ERROR) {
        txn_complete(txn, TXN_ERROR, json_to_string(msg->error, JSSF_SORT));
        return;
    }
    const struct json *result = msg->result;
    if (result->type != JSON_ARRAY) {
        txn_complete(txn, TXN_ERROR, xstrdup("reply is not an array"));
        return;
    }

    /* Results are for params[1...]: index I of results is op I + 1. */
    const struct json_array *r = json_array(result);
    enum ovsdb_idl_txn_status status = TXN_SUCCESS;
    char *error = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const struct json *res = r->elems[i];
        char kind = i + 1 < txn->n_ops ? txn->op_kinds[i + 1] : OP_OTHER;
        if (kind == OP_ONE_ROW && res->type == JSON_OBJECT) {
            /* The row went away meanwhile: the IDL hears of it before
             * this reply, so the caller can look again and retry. */
            const struct json *count = shash_find_data(json_object(res),
                                                       "count");
            if (count && count->type == JSON_INTEGER
                && json_integer(count) != 1 && status == TXN_SUCCESS) {
                status = TXN_TRY_AGAIN;
                error = xstrdup("row to change no longer exists");
            }
        }
        if (res->type != JSON_OBJECT
            || !shash_find(json_object(res), "error")) {
            continue;
        }
        if (kind == OP_ABORT && error_is(res, "aborted")) {
            continue;       /* The dry run's own abort. */
        }
        enum ovsdb_idl_txn_status s
            = (kind == OP_WAIT && error_is(res, "timed out") ? TXN_TRY_AGAIN
               : kind == OP_ASSERT && error_is(res, "not owner")
               ? TXN_NOT_LOCKED
               : TXN_ERROR);
        if (status == TXN_SUCCESS || s == TXN_TRY_AGAIN) {
            status = s;
            free(error);
            error = op_error_string(res);
        }
    }
    if (status != TXN_SUCCESS) {
        txn_complete(txn, status, error);
        return;
    }

    if (!txn->dry_run) {
        struct ovsdb_idl_txn_row *tr;
        LIST_FOR_EACH (tr, node, &txn->rows) {
            size_t i = tr->op_index;
            if (!tr->is_insert || tr->is_delete || i >= r->n) {
                continue;
            }
            const struct json *res = r->elems[i];
            const struct json *u = res->type == JSON_OBJECT
                ? shash_find_data(json_object(res), "uuid") : NULL;
            if (u && u->type == JSON_ARRAY && json_array(u)->n == 2
                && json_array(u)->elems[1]->type == JSON_STRING
                && uuid_from_string(&tr->real_uuid,
                                    json_string(json_array(u)->elems[1]))) {
                tr->has_real_uuid = true;
            }
        }
    }
    if (txn->inc_column) {
        size_t i = txn->inc_select_index;
        const struct json *rows = i < r->n && r->elems[i]->type == JSON_OBJECT
            ? shash_find_data(json_object(r->elems[i]), "rows") : NULL;
        const struct json *row = rows && rows->type == JSON_ARRAY
            && json_array(rows)->n == 1 ? json_array(rows)->elems[0] : NULL;
        const struct json *v = row && row->type == JSON_OBJECT
            ? shash_find_data(json_object(row), txn->inc_column->name)
            : NULL;
        if (!v || v->type != JSON_INTEGER) {
            txn_complete(txn, TXN_ERROR,
                         xstrdup("incremented row vanished"));
            return;
        }
        txn->inc_new_value = json_integer(v);
    }
    txn_complete(txn, TXN_SUCCESS, NULL);
}
