/* ovsdb-file.c -- a standalone OVSDB database kept in an append-only log
 * (see ovsdb-file.h for the contract and the format).
 *
 * Opening replays the log: the first record is the schema, and each later
 * record becomes one in-memory transaction (ovsdb-txn.h), so that the
 * loaded database has passed the same referential and constraint checks
 * as a live one.  Two row encodings are read: the plain one, where a row
 * carries the new values of the columns it changes, and Open vSwitch's
 * "_is_diff" one, where a set or map column that already holds a
 * non-default value carries the difference (elements to toggle, or for a
 * map key-value pairs to add, remove or replace).  Only the plain one is
 * written, which every Open vSwitch version reads.
 *
 * Online compaction (ovsdb_file_compact()) runs in three parts:
 *
 *   - The caller's (main) thread creates "<name>.tmp" and fork()s.  The
 *     child sees the database frozen as it was at the fork, between two
 *     transactions, serializes it straight into the JSON text of a
 *     snapshot (schema record plus one record inserting every row,
 *     without building JSON trees), frames it into the file, fsyncs it
 *     and exits.  The main thread pays only for the fork, a few
 *     milliseconds even for a large database, where serializing in place
 *     would stall every client for as long as the snapshot takes (the way
 *     Redis takes its background snapshots).  If fork() fails, the main
 *     thread serializes the snapshot itself and the thread below writes
 *     it.
 *
 *   - A background thread waits for the child, then drains the queue of
 *     records committed since the fork.  ovsdb_file_commit() keeps
 *     appending to the old file (so durability does not depend on the
 *     compaction) and also queues a copy of each record under 'mutex'.
 *     When the thread finds the queue empty with the mutex held,
 *     everything queued is written and fsynced; still under the mutex it
 *     renames the new file over the old one and fsyncs the directory.  So
 *     no record can be committed between the last drain and the rename,
 *     and once the state is C_RENAMED the main thread switches its log to
 *     the new descriptor before the next commit.  The mutex is only held
 *     by the thread for the final drain, the rename and the directory
 *     fsync; the bulk write and its fsync run without it.
 *
 *   - "ovsdb-server/compact" replies when the compaction has ended
 *     (ovsdb_file_get_compactions_ended()), from a later iteration of the
 *     main loop, so the main loop never waits for any of this.
 *
 * A crash at any point leaves a whole file: before the rename the old one
 * (with every record committed), after it the new one (snapshot plus every
 * record committed since the snapshot). */
#include <config.h>
#include "ovsdb-file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coverage.h"
#include "dynamic-string.h"
#include "json.h"
#include "latch.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-log.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_file);

COVERAGE_DEFINE(ovsdb_file_commit);
COVERAGE_DEFINE(ovsdb_file_compact);
COVERAGE_DEFINE(ovsdb_file_compact_queued);
COVERAGE_DEFINE(ovsdb_file_compact_failed);
COVERAGE_DEFINE(ovsdb_file_compact_nofork);

/* Compaction state, shared with the background thread under 'mutex'. */
enum compact_state {
    C_IDLE,                     /* No compaction. */
    C_RUNNING,                  /* Thread writing the new file. */
    C_RENAMED,                  /* New file in place: switch to it. */
    C_FAILED                    /* Thread gave up; old file unchanged. */
};

struct compaction {
    pthread_t thread;
    char *tmp_name;             /* "<name>.tmp". */
    char *name;                 /* The database file's name. */
    pid_t child;                /* Snapshot writer, or 0 if none. */
    int old_fd;                 /* The old file, to empty once replaced. */
    struct ds schema_text;      /* Without a child, the snapshot records' */
    struct ds data_text;        /* JSON text, owned by the thread. */
    long long int started;      /* time_msec() at the start. */
    off_t snapshot_size;        /* Bytes of the two snapshot records. */

    /* Protected by 'mutex'. */
    enum compact_state state;
    struct ds queue;            /* Framed records committed meanwhile. */
    unsigned long long int n_queued;
    int fd;                     /* New file (the thread's until done). */
    off_t size;                 /* New file's size, once C_RENAMED. */
    unsigned long long int n_records;
    char *error;                /* Why, once C_FAILED. */
};

struct ovsdb_file {
    struct ovsdb_log *log;

    /* Compaction. */
    pthread_mutex_t mutex;
    struct latch done;          /* Set by the thread when it finishes. */
    struct compaction *compaction;      /* NULL if none running. */
    unsigned long long int n_compactions_ended;
    char *compaction_error;     /* Last one's failure, or NULL. */

    /* Automatic compaction policy and bookkeeping. */
    long long int min_interval;
    unsigned int min_records;
    unsigned long long int min_bytes;
    long long int last_compact;         /* time_msec(). */
    off_t snapshot_size;                /* File size after last snapshot. */
    unsigned long long int snapshot_records;

    /* Where each commit's record is framed, kept between commits (unless
     * a big one made it big) so that a small transaction costs no
     * allocation here. */
    struct ds frame;
};

static struct ovsdb_error *finish_compaction(struct ovsdb_file *,
                                             bool log_outcome);

/* Reading. */

static struct ovsdb_error *
apply_diff(struct ovsdb_datum *datum, const struct ovsdb_type *type,
           const struct ovsdb_datum *diff)
{
    bool is_map = ovsdb_type_is_map(type);
    enum ovsdb_atomic_type kt = type->key.type;
    enum ovsdb_atomic_type vt = type->value.type;

    for (unsigned int i = 0; i < diff->n; i++) {
        unsigned int idx = ovsdb_datum_find_key(datum, &diff->keys[i], kt);
        if (idx == OVSDB_DATUM_NOT_FOUND) {
            union ovsdb_atom k, v;
            ovsdb_atom_clone(&k, &diff->keys[i], kt);
            if (is_map) {
                ovsdb_atom_clone(&v, &diff->values[i], vt);
            }
            ovsdb_datum_add_unsafe(datum, &k, is_map ? &v : NULL);
            struct ovsdb_error *error = ovsdb_datum_sort(datum, type);
            ovs_assert(!error);
        } else if (!is_map
                   || ovsdb_atom_equals(&datum->values[idx],
                                        &diff->values[i], vt)) {
            ovsdb_datum_remove(datum, idx, type);
        } else {
            ovsdb_atom_destroy(&datum->values[idx], vt);
            ovsdb_atom_clone(&datum->values[idx], &diff->values[i], vt);
        }
    }
    return ovsdb_datum_check_constraints(datum, type);
}

/* Sets the columns in JSON (an object) in ROW.  With IS_DIFF, set and map
 * columns that hold a non-default value take JSON as a difference. */
static struct ovsdb_error *
row_update_from_json(struct ovsdb_row *row, const struct json *json,
                     bool is_diff)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct shash_node *node;

    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "row must be JSON object");
    }
    SHASH_FOR_EACH (node, json_object(json)) {
        const struct ovsdb_column *column
            = ovsdb_table_schema_get_column(ts, node->name);
        if (!column) {
            return ovsdb_syntax_error(json, "unknown column",
                                      "No column %s in table %s.",
                                      node->name, ts->name);
        }
        if (column->index < OVSDB_N_STD_COLUMNS) {
            /* _uuid comes from the key, _version is regenerated. */
            continue;
        }

        const struct ovsdb_type *type = &column->type;
        struct ovsdb_datum *field = &row->fields[column->index];
        struct ovsdb_error *error;
        struct ovsdb_datum datum;
        if (is_diff && (ovsdb_type_is_map(type) || type->n_max > 1)
            && !ovsdb_datum_is_default(field, type)) {
            struct ovsdb_type diff_type = *type;    /* Shallow: not freed. */
            diff_type.n_min = 0;
            diff_type.n_max = OVSDB_N_UNLIMITED;
            error = ovsdb_datum_from_json(&datum, &diff_type, node->data,
                                          NULL);
            if (!error) {
                error = apply_diff(field, type, &datum);
                ovsdb_datum_destroy(&datum, type);
            }
        } else {
            error = ovsdb_datum_from_json(&datum, type, node->data, NULL);
            if (!error) {
                ovsdb_datum_swap(field, &datum);
                ovsdb_datum_destroy(&datum, type);
            }
        }
        if (error) {
            return ovsdb_error_prefix(error, "column %s of table %s",
                                      column->name, ts->name);
        }
    }
    return NULL;
}

static struct ovsdb_error *
replay_table(struct ovsdb_txn *txn, struct ovsdb_table *table,
             const struct json *json, bool is_diff)
{
    struct shash_node *node;

    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "object expected for table %s",
                                  table->schema->name);
    }
    SHASH_FOR_EACH (node, json_object(json)) {
        struct uuid uuid;
        if (!uuid_from_string(&uuid, node->name)) {
            return ovsdb_syntax_error(json, NULL, "\"%s\" is not a valid "
                                      "UUID", node->name);
        }

        const struct ovsdb_row *old = ovsdb_txn_get_row(txn, table, &uuid);
        const struct json *row_json = node->data;
        struct ovsdb_error *error = NULL;
        if (row_json->type == JSON_NULL) {
            if (!old) {
                return ovsdb_syntax_error(json, NULL, "transaction deletes "
                                          "row "UUID_FMT" that does not "
                                          "exist", UUID_ARGS(&uuid));
            }
            ovsdb_txn_delete(txn, old);
        } else if (old) {
            struct ovsdb_row *row = ovsdb_txn_modify(txn, old);
            error = row_update_from_json(row, row_json, is_diff);
        } else {
            struct ovsdb_row *row = ovsdb_row_create(table);
            ovsdb_row_set_uuid(row, &uuid);
            error = row_update_from_json(row, row_json, false);
            if (error) {
                ovsdb_row_destroy(row);
            } else {
                ovsdb_txn_insert(txn, row);
            }
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Applies transaction record JSON to DB. */
static struct ovsdb_error *
replay_record(struct ovsdb *db, const struct json *json)
{
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "transaction record is not "
                                  "a JSON object");
    }

    const struct json *is_diff_json = shash_find_data(json_object(json),
                                                      "_is_diff");
    bool is_diff = is_diff_json && is_diff_json->type == JSON_TRUE;

    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct shash_node *node;
    struct ovsdb_error *error = NULL;
    SHASH_FOR_EACH (node, json_object(json)) {
        if (node->name[0] == '_') {
            continue;           /* _date, _comment, _is_diff. */
        }
        struct ovsdb_table *table = ovsdb_get_table(db, node->name);
        if (!table) {
            error = ovsdb_syntax_error(json, "unknown table",
                                       "No table named %s.", node->name);
            break;
        }
        error = replay_table(txn, table, node->data, is_diff);
        if (error) {
            break;
        }
    }
    if (!error) {
        error = ovsdb_txn_commit(txn);
    }
    ovsdb_txn_destroy(txn);
    return error;
}

struct ovsdb_error *
ovsdb_file_read_schema(struct ovsdb_log *log, struct ovsdb_schema **schemap)
{
    struct json *json;
    struct ovsdb_error *error = ovsdb_log_read(log, &json);

    *schemap = NULL;
    if (error) {
        return error;
    } else if (!json) {
        return ovsdb_error_create("I/O error", "%s: database file contains "
                                  "no schema", ovsdb_log_get_name(log));
    }
    error = ovsdb_schema_from_json(json, schemap);
    json_destroy(json);
    if (error) {
        return ovsdb_error_prefix(error, "failed to parse \"%s\" as ovsdb "
                                  "schema", ovsdb_log_get_name(log));
    }
    return NULL;
}

static struct ovsdb_file *
file_create__(struct ovsdb_log *log)
{
    struct ovsdb_file *file = xzalloc(sizeof *file);
    file->log = log;
    pthread_mutex_init(&file->mutex, NULL);
    latch_init(&file->done);
    file->min_interval = 10 * 60 * 1000;
    file->min_records = 100;
    file->min_bytes = 10 * 1024 * 1024;
    file->last_compact = time_msec();
    return file;
}

struct ovsdb_error *
ovsdb_file_open(const char *file_name, bool read_only, struct ovsdb **dbp,
                struct ovsdb_file **filep)
{
    struct ovsdb_log *log;
    struct ovsdb_schema *schema;
    struct ovsdb *db = NULL;
    struct ovsdb_error *error;

    *dbp = NULL;
    if (filep) {
        *filep = NULL;
    }
    ovs_assert(read_only || filep);

    error = ovsdb_log_open(file_name, (read_only ? OVSDB_LOG_READ_ONLY
                                       : OVSDB_LOG_READ_WRITE), &log);
    if (error) {
        return error;
    }
    error = ovsdb_file_read_schema(log, &schema);
    if (error) {
        goto fail;
    }

    db = ovsdb_create(schema);
    off_t first_snapshot_end = ovsdb_log_get_offset(log);
    for (;;) {
        off_t ofs = ovsdb_log_get_offset(log);
        struct json *json;
        error = ovsdb_log_read(log, &json);
        if (error) {
            goto fail;
        } else if (!json) {
            break;
        }
        error = replay_record(db, json);
        json_destroy(json);
        if (error) {
            error = ovsdb_error_prefix(error, "%s: transaction record at "
                                       "offset %lld cannot be applied",
                                       file_name, (long long int) ofs);
            goto fail;
        }
        if (ovsdb_log_get_n_records(log) == 2) {
            first_snapshot_end = ovsdb_log_get_offset(log);
        }
    }

    *dbp = db;
    if (read_only) {
        ovsdb_log_close(log);
    } else {
        struct ovsdb_file *file = file_create__(log);
        /* Whatever the history, treat the schema and first record as the
         * last snapshot: a log that was never compacted then qualifies as
         * soon as it is big enough. */
        file->snapshot_size = first_snapshot_end;
        file->snapshot_records = MIN(ovsdb_log_get_n_records(log), 2);
        *filep = file;
    }
    return NULL;

fail:
    if (db) {
        ovsdb_destroy(db);
    }
    ovsdb_log_close(log);
    return error;
}

/* Writing. */

/* Appends the JSON text of ATOM to OUT, exactly as json_to_ds() would
 * print ovsdb_atom_to_json()'s result, but without building it. */
static void
atom_to_text(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
             struct ds *out)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        ds_put_format(out, "%"PRId64, atom->integer);
        break;
    case OVSDB_TYPE_BOOLEAN:
        ds_put_cstr(out, atom->boolean ? "true" : "false");
        break;
    case OVSDB_TYPE_STRING:
        json_string_escape(atom->string, out);
        break;
    case OVSDB_TYPE_UUID:
        ds_put_format(out, "[\"uuid\",\""UUID_FMT"\"]",
                      UUID_ARGS(&atom->uuid));
        break;
    case OVSDB_TYPE_REAL:
    default: {
        /* Reals are rare; let the JSON library format them. */
        struct json *json = ovsdb_atom_to_json(atom, type);
        json_to_ds(json, 0, out);
        json_destroy(json);
        break;
    }
    }
}

/* Same for a datum, following ovsdb_datum_to_json(): a map is always
 * ["map", [...]], a set of one element is the bare atom, any other set
 * ["set", [...]]. */
static void
datum_to_text(const struct ovsdb_datum *datum, const struct ovsdb_type *type,
              struct ds *out)
{
    bool is_map = ovsdb_type_is_map(type);

    if (!is_map && datum->n == 1) {
        atom_to_text(&datum->keys[0], type->key.type, out);
        return;
    }
    ds_put_cstr(out, is_map ? "[\"map\",[" : "[\"set\",[");
    for (unsigned int i = 0; i < datum->n; i++) {
        if (i) {
            ds_put_char(out, ',');
        }
        if (is_map) {
            ds_put_char(out, '[');
            atom_to_text(&datum->keys[i], type->key.type, out);
            ds_put_char(out, ',');
            atom_to_text(&datum->values[i], type->value.type, out);
            ds_put_char(out, ']');
        } else {
            atom_to_text(&datum->keys[i], type->key.type, out);
        }
    }
    ds_put_cstr(out, "]]");
}

/* Appends "NAME":VALUE for COLUMN and DATUM to OUT, after a comma unless
 * '*first' (which it clears). */
static void
put_column_text(const struct ovsdb_column *column,
                const struct ovsdb_datum *datum, bool *first, struct ds *out)
{
    if (!*first) {
        ds_put_char(out, ',');
    }
    *first = false;
    json_string_escape(column->name, out);
    ds_put_char(out, ':');
    datum_to_text(datum, &column->type, out);
}

/* Appends to OUT the JSON text of TXN's record: an object with a member
 * per table changed, in schema order, that maps each changed row's uuid to
 * null (deleted), its non-default persistent columns (inserted) or its
 * changed persistent columns (modified); then "_date" and "_comment".
 * The text is written directly, not built as a JSON tree first: this runs
 * for every commit.  Returns false, with OUT as it was, if none of TXN's
 * changes is persistent. */
static bool
txn_to_text(const struct ovsdb_txn *txn, const char *comment,
            struct ds *out)
{
    const struct ovsdb_txn_change *changes;
    size_t n = ovsdb_txn_get_changes(txn, &changes);
    const struct ovsdb *db = ovsdb_txn_get_db(txn);
    size_t start = out->length;
    bool any = false;

    ds_put_char(out, '{');
    for (size_t t = 0; t < db->schema->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        const struct ovsdb_table_schema *ts = table->schema;
        bool table_open = false;

        for (size_t i = 0; i < n; i++) {
            const struct ovsdb_txn_change *c = &changes[i];
            if (c->table != table) {
                continue;
            }

            /* A modification only of columns that are not persistent
             * leaves nothing to write. */
            bool is_modify = c->old && c->new;
            if (is_modify) {
                bool changed = false;
                for (size_t j = OVSDB_N_STD_COLUMNS;
                     !changed && j < ts->n_columns; j++) {
                    changed = (ts->columns_by_index[j]->is_persistent
                               && ovsdb_txn_change_column_changed(c, j));
                }
                if (!changed) {
                    continue;
                }
            }

            if (!table_open) {
                if (any) {
                    ds_put_char(out, ',');
                }
                json_string_escape(ts->name, out);
                ds_put_cstr(out, ":{");
                table_open = any = true;
            } else {
                ds_put_char(out, ',');
            }
            const struct ovsdb_row *row = c->new ? c->new : c->old;
            ds_put_format(out, "\""UUID_FMT"\":",
                          UUID_ARGS(ovsdb_row_get_uuid(row)));
            if (!c->new) {
                ds_put_cstr(out, "null");
                continue;
            }

            bool first_column = true;
            ds_put_char(out, '{');
            for (size_t j = OVSDB_N_STD_COLUMNS; j < ts->n_columns; j++) {
                const struct ovsdb_column *column = ts->columns_by_index[j];
                if (!column->is_persistent
                    || (is_modify
                        ? !ovsdb_txn_change_column_changed(c, j)
                        : ovsdb_datum_is_default(&c->new->fields[j],
                                                 &column->type))) {
                    continue;
                }
                put_column_text(column, &c->new->fields[j], &first_column,
                                out);
            }
            ds_put_char(out, '}');
        }
        if (table_open) {
            ds_put_char(out, '}');
        }
    }
    if (!any) {
        ds_truncate(out, start);
        return false;
    }
    ds_put_format(out, ",\"_date\":%lld", time_wall_msec());
    if (comment) {
        ds_put_cstr(out, ",\"_comment\":");
        json_string_escape(comment, out);
    }
    ds_put_char(out, '}');
    return true;
}

/* Appends to OUT the JSON text of the record that inserts every row of DB.
 * This runs in the main thread during online compaction, so it writes text
 * directly instead of building a JSON tree: no allocation per value. */
static void
snapshot_to_text(const struct ovsdb *db, const char *comment,
                 struct ds *out)
{
    ds_put_char(out, '{');
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        const struct ovsdb_table *table = db->tables[i];
        const struct ovsdb_table_schema *ts = table->schema;
        const struct ovsdb_row *row;
        bool first_row = true;

        if (!ovsdb_table_n_rows(table)) {
            continue;
        }
        json_string_escape(ts->name, out);
        ds_put_cstr(out, ":{");
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            if (!first_row) {
                ds_put_char(out, ',');
            }
            first_row = false;
            ds_put_format(out, "\""UUID_FMT"\":{",
                          UUID_ARGS(ovsdb_row_get_uuid(row)));

            bool first_column = true;
            for (size_t j = OVSDB_N_STD_COLUMNS; j < ts->n_columns; j++) {
                const struct ovsdb_column *column = ts->columns_by_index[j];
                if (!column->is_persistent
                    || ovsdb_datum_is_default(&row->fields[j],
                                              &column->type)) {
                    continue;
                }
                put_column_text(column, &row->fields[j], &first_column, out);
            }
            ds_put_char(out, '}');
        }
        ds_put_cstr(out, "},");
    }
    ds_put_format(out, "\"_date\":%lld", time_wall_msec());
    if (comment) {
        ds_put_cstr(out, ",\"_comment\":");
        json_string_escape(comment, out);
    }
    ds_put_char(out, '}');
}

/* Appends to OUT the JSON text of DB's schema and of its snapshot, each
 * terminated by a new-line. */
static void
db_to_text(const struct ovsdb *db, const char *comment,
           struct ds *schema_text, struct ds *data_text)
{
    struct json *schema_json = ovsdb_schema_to_json(db->schema);
    json_to_ds(schema_json, 0, schema_text);
    json_destroy(schema_json);
    snapshot_to_text(db, comment, data_text);
}

/* Writes the records with JSON texts SCHEMA_TEXT and DATA_TEXT to FD.
 * Returns 0 or errno; the number of bytes in *SIZEP. */
static int
write_snapshot(int fd, const struct ds *schema_text,
               const struct ds *data_text, off_t *sizep)
{
    const struct ds *texts[2] = { schema_text, data_text };
    off_t size = 0;

    for (int i = 0; i < 2; i++) {
        struct ds header = DS_EMPTY_INITIALIZER;
        ovsdb_log_frame_header(texts[i]->string, texts[i]->length, &header);
        int error = ovsdb_log_write_fully(fd, header.string, header.length);
        if (!error) {
            error = ovsdb_log_write_fully(fd, texts[i]->string,
                                          texts[i]->length);
        }
        if (!error) {
            error = ovsdb_log_write_fully(fd, "\n", 1);
        }
        size += header.length + texts[i]->length + 1;
        ds_destroy(&header);
        if (error) {
            return error;
        }
    }
    *sizep = size;
    return 0;
}

struct ovsdb_error *
ovsdb_file_create(const char *file_name, const struct ovsdb_schema *schema)
{
    struct ovsdb_log *log;
    struct ovsdb_error *error = ovsdb_log_open(file_name,
                                               OVSDB_LOG_CREATE_EXCL, &log);
    if (error) {
        return error;
    }

    struct json *json = ovsdb_schema_to_json(schema);
    error = ovsdb_log_write(log, json);
    json_destroy(json);
    if (!error) {
        error = ovsdb_log_commit(log);
    }
    ovsdb_log_close(log);
    if (error) {
        unlink(file_name);
    }
    return error;
}

/* Writes the two snapshot records to a new file TMP_NAME, fsyncs it, and
 * returns its descriptor in *FDP and its size in *SIZEP.  Returns 0 or
 * errno. */
static int
write_new_file(const char *tmp_name, const struct ds *schema_text,
               const struct ds *data_text, int *fdp, off_t *sizep)
{
    int fd = open(tmp_name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) {
        return errno;
    }
    int error = write_snapshot(fd, schema_text, data_text, sizep);
    if (!error && fsync(fd)) {
        error = errno;
    }
    if (error) {
        close(fd);
        unlink(tmp_name);
        return error;
    }
    *fdp = fd;
    return 0;
}

struct ovsdb_error *
ovsdb_file_save_copy(const char *file_name, const struct ovsdb *db,
                     const char *comment)
{
    struct ds schema_text = DS_EMPTY_INITIALIZER;
    struct ds data_text = DS_EMPTY_INITIALIZER;
    db_to_text(db, comment, &schema_text, &data_text);

    /* Write beside the target and rename, so that replacing an existing
     * file never leaves it half written. */
    char *tmp_name = xasprintf("%s.tmp", file_name);
    int fd = -1;
    off_t size;
    int err = write_new_file(tmp_name, &schema_text, &data_text, &fd, &size);
    ds_destroy(&schema_text);
    ds_destroy(&data_text);
    struct ovsdb_error *error = NULL;
    if (err) {
        error = ovsdb_error_create("I/O error", "%s: write failed (%s)",
                                   tmp_name, ovs_strerror(err));
    } else {
        close(fd);
        if (rename(tmp_name, file_name)) {
            err = errno;
            unlink(tmp_name);
            error = ovsdb_error_create("I/O error", "%s: rename to %s "
                                       "failed (%s)", tmp_name, file_name,
                                       ovs_strerror(err));
        } else {
            ovsdb_log_fsync_dir(file_name);
        }
    }
    free(tmp_name);
    return error;
}

struct ovsdb_error *
ovsdb_file_commit(struct ovsdb_file *file, const struct ovsdb_txn *txn,
                  const char *comment, bool durable)
{
    struct ds framed = file->frame;
    ds_init(&file->frame);
    ds_clear(&framed);
    if (!txn_to_text(txn, comment, &framed)) {
        file->frame = framed;
        return NULL;
    }
    ovsdb_log_frame_in_place(&framed, 0);

    /* If a compaction has put its file in place, append there from now on;
     * if it is still writing, append to the old file and queue a copy for
     * the new one.  The check, the write and the queueing happen under the
     * mutex, so a record can never miss the file that survives (see the
     * comment at the top), and a record that failed to write is never
     * queued. */
    struct ovsdb_error *error = NULL;
    bool written = false;
    if (file->compaction) {
        struct compaction *c = file->compaction;
        pthread_mutex_lock(&file->mutex);
        bool running = c->state == C_RUNNING;
        if (running) {
            error = ovsdb_log_write_record(file->log, framed.string,
                                           framed.length);
            if (!error) {
                COVERAGE_INC(ovsdb_file_compact_queued);
                ds_put_buffer(&c->queue, framed.string, framed.length);
                c->n_queued++;
            }
            written = true;
        }
        pthread_mutex_unlock(&file->mutex);
        if (!running) {
            /* A failed compaction leaves the old file, still right. */
            ovsdb_error_destroy(finish_compaction(file, true));
        }
    }
    if (!written) {
        error = ovsdb_log_write_record(file->log, framed.string,
                                       framed.length);
    }
    if (framed.allocated <= 65536) {
        file->frame = framed;
    } else {
        ds_destroy(&framed);
    }
    if (!error && durable) {
        error = ovsdb_log_commit(file->log);
    }
    if (!error) {
        COVERAGE_INC(ovsdb_file_commit);
    }
    return error;
}

/* Compaction. */

/* In the child of fork(), closes every descriptor above stderr but KEEP.
 * Sockets and the lock file's descriptor would otherwise stay open here
 * as long as the snapshot takes: a client the server drops would not see
 * the end of its connection, and a restarted server could find the lock
 * still held. */
static void
close_fds_except(int keep)
{
#ifdef SYS_close_range
    if (keep >= 3
        && (keep == 3 || !syscall(SYS_close_range, 3, keep - 1, 0))
        && !syscall(SYS_close_range, keep + 1, ~0U, 0)) {
        return;
    }
#endif
    struct rlimit rl;
    int max = 65536;
    if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY
        && rl.rlim_cur < (rlim_t) max) {
        max = rl.rlim_cur;
    }
    for (int i = 3; i < max; i++) {
        if (i != keep) {
            close(i);
        }
    }
}

/* The body of the snapshot writer, in the child of fork(): writes the two
 * snapshot records of DB to FD, fsyncs it and exits with 0 or an errno
 * value.  Only the forking (main) thread exists here, and the memory is
 * the parent's as it was at the fork, so DB reads exactly as it was then,
 * between two transactions, while the parent goes on changing its own
 * copy.  Nothing here may touch the parent's resources: no logging (the
 * log file and its lock belong to the parent), no atexit handlers. */
static void OVS_NO_RETURN
snapshot_child(int fd, const struct ovsdb *db, pid_t parent)
{
#ifdef __linux__
    /* A snapshot that no server will rename is useless: die with the
     * server.  The check after it covers a parent that died before. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (getppid() != parent) {
        _exit(ECHILD);
    }

    /* The parent's handlers only note a signal for its main loop, which
     * does not run here. */
    static const int signals[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM };
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < ARRAY_SIZE(signals); i++) {
        signal(signals[i], SIG_DFL);
        sigaddset(&set, signals[i]);
    }
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    close_fds_except(fd);

    /* On a busy machine, the server's clients come first: the snapshot
     * only has to be done eventually.  (Failure just leaves the
     * priority as it was.) */
    errno = 0;
    if (nice(10) == -1 && errno) {
        /* Nothing to do: we may not log here. */
    }

    struct ds schema_text = DS_EMPTY_INITIALIZER;
    struct ds data_text = DS_EMPTY_INITIALIZER;
    db_to_text(db, "compacting database online", &schema_text, &data_text);
    off_t size;
    int error = write_snapshot(fd, &schema_text, &data_text, &size);
    if (!error && fsync(fd)) {
        error = errno;
    }
    _exit(!error ? 0 : error < 256 ? error : EIO);
}

/* Waits for the snapshot writer PID.  Returns NULL if it succeeded, else
 * a malloc()ed description of the failure. */
static char *
wait_for_snapshot_child(pid_t pid)
{
    int status;
    pid_t ret;
    do {
        ret = waitpid(pid, &status, 0);
    } while (ret < 0 && errno == EINTR);

    if (ret < 0) {
        return xasprintf("waiting for the snapshot writer failed (%s)",
                         ovs_strerror(errno));
    } else if (WIFEXITED(status) && !WEXITSTATUS(status)) {
        return NULL;
    } else if (WIFEXITED(status)) {
        return xasprintf("snapshot writer failed (%s)",
                         ovs_strerror(WEXITSTATUS(status)));
    } else if (WIFSIGNALED(status)) {
        return xasprintf("snapshot writer killed by signal %d",
                         WTERMSIG(status));
    }
    return xasprintf("snapshot writer ended with status %d", status);
}

static void *
compaction_main(void *file_)
{
    struct ovsdb_file *file = file_;
    struct compaction *c = file->compaction;
    int fd = c->fd;
    char *why = NULL;
    int error = 0;

    if (c->child) {
        why = wait_for_snapshot_child(c->child);
    } else {
        off_t size;
        error = write_snapshot(fd, &c->schema_text, &c->data_text, &size);
        if (!error && fsync(fd)) {
            error = errno;
        }
        ds_destroy(&c->schema_text);
        ds_destroy(&c->data_text);
    }
    off_t size = 0;
    if (!error && !why) {
        /* The child's writes moved the offset this descriptor shares. */
        size = lseek(fd, 0, SEEK_END);
        if (size < 0) {
            error = errno;
        }
    }
    c->snapshot_size = size;
    unsigned long long int n_records = 2;

    /* Drain what was committed meanwhile, without the mutex, until the
     * queue is found empty with the mutex held. */
    pthread_mutex_lock(&file->mutex);
    while (!error && !why && c->queue.length) {
        struct ds batch = c->queue;
        unsigned long long int n_batch = c->n_queued;
        ds_init(&c->queue);
        c->n_queued = 0;
        pthread_mutex_unlock(&file->mutex);

        error = ovsdb_log_write_fully(fd, batch.string, batch.length);
        if (!error && fsync(fd)) {
            error = errno;
        }
        size += batch.length;
        n_records += n_batch;
        ds_destroy(&batch);

        pthread_mutex_lock(&file->mutex);
    }
    if (!error && !why && rename(c->tmp_name, c->name)) {
        error = errno;
    }
    bool renamed = !error && !why;
    bool rename_is_durable = false;
    if (renamed) {
        rename_is_durable = !ovsdb_log_fsync_dir(c->name);
        c->size = size;
        c->n_records = n_records;
        c->state = C_RENAMED;
    } else {
        close(fd);
        c->fd = -1;
        unlink(c->tmp_name);
        c->error = (why ? xasprintf("%s: %s", c->tmp_name, why)
                    : xasprintf("%s: %s", c->tmp_name,
                                ovs_strerror(error)));
        c->state = C_FAILED;
    }
    pthread_mutex_unlock(&file->mutex);

    /* The old file is unlinked now, and nothing writes to it after
     * C_RENAMED, but its blocks are freed only when its last descriptor is
     * closed, which for 100 MB takes the kernel about 10 ms: empty it here
     * so that the main thread's close is cheap.  Not before the rename is
     * on disk, though: until then a power failure would bring the old
     * file back. */
    if (c->old_fd >= 0) {
        if (rename_is_durable && ftruncate(c->old_fd, 0)) {
            VLOG_WARN("%s: cannot empty the replaced file (%s)", c->name,
                      ovs_strerror(errno));
        }
        close(c->old_fd);
        c->old_fd = -1;
    }
    free(why);
    latch_set(&file->done);
    return NULL;
}

/* Waits for the compaction thread (which must have finished or be about
 * to), adopts its file if it succeeded, and frees the compaction. */
static struct ovsdb_error *
finish_compaction(struct ovsdb_file *file, bool log_outcome)
{
    struct compaction *c = file->compaction;
    struct ovsdb_error *error = NULL;

    pthread_join(c->thread, NULL);
    latch_poll(&file->done);
    file->compaction = NULL;
    file->n_compactions_ended++;
    free(file->compaction_error);
    file->compaction_error = NULL;

    if (c->state == C_RENAMED) {
        ovsdb_log_adopt_fd(file->log, c->fd, c->size, c->n_records);
        file->snapshot_size = c->snapshot_size;
        file->snapshot_records = c->n_records;
        file->last_compact = time_msec();
        if (log_outcome) {
            VLOG_INFO("%s: compacted to %lld bytes in %lld ms (%llu "
                      "records)", c->name, (long long int) c->size,
                      time_msec() - c->started, c->n_records);
        }
    } else {
        ovs_assert(c->state == C_FAILED);
        COVERAGE_INC(ovsdb_file_compact_failed);
        error = ovsdb_error_create("I/O error", "compaction failed: %s",
                                   c->error);
        file->compaction_error = ovsdb_error_to_string(error);
        if (log_outcome) {
            VLOG_ERR("%s: compaction failed (%s); keeping the old file",
                     c->name, c->error);
        }
        /* Retry no sooner than the policy's interval. */
        file->last_compact = time_msec();
    }
    free(c->tmp_name);
    free(c->name);
    free(c->error);
    ds_destroy(&c->queue);
    free(c);
    return error;
}

/* Starts a compaction of FILE to a snapshot of DB.  With MAY_FORK, the
 * snapshot is serialized by a child process (see snapshot_child()), so
 * that the caller's thread pays only for the fork() however big DB is;
 * without it, or if fork() fails, the caller's thread serializes it.
 * Either way a thread of ours then waits for the snapshot, appends what
 * was committed meanwhile and renames the file into place. */
static struct ovsdb_error *
start_compaction(struct ovsdb_file *file, const struct ovsdb *db,
                 bool may_fork)
{
    if (file->compaction) {
        return ovsdb_error_create("not allowed", "compaction already in "
                                  "progress");
    }

    COVERAGE_INC(ovsdb_file_compact);
    struct compaction *c = xzalloc(sizeof *c);
    c->name = xstrdup(ovsdb_log_get_name(file->log));
    c->tmp_name = xasprintf("%s.tmp", c->name);
    c->started = time_msec();
    ds_init(&c->schema_text);
    ds_init(&c->data_text);
    ds_init(&c->queue);
    c->state = C_RUNNING;

    /* Always a new inode: a snapshot writer of a server killed a moment
     * ago may still be writing into the old one. */
    if (unlink(c->tmp_name) && errno != ENOENT) {
        VLOG_WARN("%s: cannot remove (%s)", c->tmp_name,
                  ovs_strerror(errno));
    }
    c->old_fd = ovsdb_log_dup_fd(file->log);
    c->fd = open(c->tmp_name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (c->fd < 0) {
        struct ovsdb_error *error = ovsdb_error_create(
            "I/O error", "%s: cannot create (%s)", c->tmp_name,
            ovs_strerror(errno));
        if (c->old_fd >= 0) {
            close(c->old_fd);
        }
        free(c->name);
        free(c->tmp_name);
        free(c);
        return error;
    }

    if (may_fork) {
        pid_t parent = getpid();
        pid_t pid = fork();
        if (!pid) {
            snapshot_child(c->fd, db, parent);
        } else if (pid > 0) {
            c->child = pid;
        } else {
            COVERAGE_INC(ovsdb_file_compact_nofork);
            VLOG_WARN("%s: fork failed (%s); taking the snapshot in the "
                      "main thread", c->name, ovs_strerror(errno));
        }
    }
    if (!c->child) {
        db_to_text(db, "compacting database online", &c->schema_text,
                   &c->data_text);
    }
    long long int snapshot_msec = time_msec() - c->started;
    file->compaction = c;

    int error = pthread_create(&c->thread, NULL, compaction_main, file);
    if (error) {
        file->compaction = NULL;
        if (c->child) {
            kill(c->child, SIGKILL);
            free(wait_for_snapshot_child(c->child));
        }
        close(c->fd);
        if (c->old_fd >= 0) {
            close(c->old_fd);
        }
        unlink(c->tmp_name);
        ds_destroy(&c->schema_text);
        ds_destroy(&c->data_text);
        ds_destroy(&c->queue);
        free(c->name);
        free(c->tmp_name);
        free(c);
        return ovsdb_error_create("I/O error", "cannot start compaction "
                                  "thread (%s)", ovs_strerror(error));
    }
    if (c->child) {
        VLOG_INFO("%s: compacting in the background (%zu rows, snapshot "
                  "writer %ld forked in %lld ms)", c->name,
                  ovsdb_n_rows(db), (long int) c->child, snapshot_msec);
    } else {
        VLOG_INFO("%s: compacting (%zu rows, snapshot taken in %lld ms)",
                  c->name, ovsdb_n_rows(db), snapshot_msec);
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_file_compact(struct ovsdb_file *file, const struct ovsdb *db)
{
    return start_compaction(file, db, true);
}

bool
ovsdb_file_is_compacting(const struct ovsdb_file *file)
{
    return file->compaction != NULL;
}

unsigned long long int
ovsdb_file_get_compactions_ended(const struct ovsdb_file *file)
{
    return file->n_compactions_ended;
}

const char *
ovsdb_file_get_compaction_error(const struct ovsdb_file *file)
{
    return file->compaction_error;
}

struct ovsdb_error *
ovsdb_file_compact_sync(struct ovsdb_file *file, const struct ovsdb *db)
{
    /* The caller waits anyway: a child would only add the fork. */
    struct ovsdb_error *error = start_compaction(file, db, false);
    if (!error) {
        error = finish_compaction(file, true);
    }
    return error;
}

/* True if everything but the time condition of the policy holds. */
static bool
compaction_is_wanted(const struct ovsdb_file *file)
{
    off_t size = ovsdb_log_get_offset(file->log);
    unsigned long long int n = ovsdb_log_get_n_records(file->log);

    return (n - MIN(n, file->snapshot_records) >= file->min_records
            && (unsigned long long int) size >= file->min_bytes
            && size / 4 >= file->snapshot_size);
}

static bool
compaction_is_due(const struct ovsdb_file *file)
{
    return (time_msec() - file->last_compact >= file->min_interval
            && compaction_is_wanted(file));
}

void
ovsdb_file_run(struct ovsdb_file *file, const struct ovsdb *db)
{
    if (file->compaction) {
        if (latch_is_set(&file->done)) {
            ovsdb_error_destroy(finish_compaction(file, true));
        }
    } else if (compaction_is_due(file)) {
        struct ovsdb_error *error = ovsdb_file_compact(file, db);
        if (error) {
            char *s = ovsdb_error_to_string(error);
            VLOG_WARN("%s: automatic compaction: %s",
                      ovsdb_log_get_name(file->log), s);
            free(s);
            ovsdb_error_destroy(error);
            file->last_compact = time_msec();
        }
    }
}

void
ovsdb_file_wait(const struct ovsdb_file *file)
{
    if (file->compaction) {
        latch_wait(&file->done);
    } else if (file->min_interval < LLONG_MAX / 2
               && compaction_is_wanted(file)) {
        /* The other conditions can only become true through a commit,
         * which wakes the main loop anyway; only the time one needs a
         * timer.  (If the time has come too, ovsdb_file_run() has just
         * started a compaction, so this never spins.) */
        poll_timer_wait_until(file->last_compact + file->min_interval);
    }
}

void
ovsdb_file_set_compaction_policy(struct ovsdb_file *file,
                                 long long int min_interval_msec,
                                 unsigned int min_records,
                                 unsigned long long int min_bytes)
{
    file->min_interval = min_interval_msec;
    file->min_records = min_records;
    file->min_bytes = min_bytes;
}

/* Replacing the whole file (online conversion). */

struct ovsdb_error *
ovsdb_file_replace(struct ovsdb_file *file, const struct ovsdb *db,
                   const char *comment)
{
    if (file->compaction) {
        /* It snapshots the database being replaced, and uses the same
         * temporary name: let it end first.  Its result, success or not,
         * is about to be superseded. */
        ovsdb_error_destroy(finish_compaction(file, true));
    }

    const char *name = ovsdb_log_get_name(file->log);
    char *tmp_name = xasprintf("%s.tmp", name);
    struct ds schema_text = DS_EMPTY_INITIALIZER;
    struct ds data_text = DS_EMPTY_INITIALIZER;
    db_to_text(db, comment, &schema_text, &data_text);

    /* A new inode, as for compaction: the snapshot writer of a server
     * killed a moment ago may still be writing into an old "<name>.tmp". */
    if (unlink(tmp_name) && errno != ENOENT) {
        VLOG_WARN("%s: cannot remove (%s)", tmp_name, ovs_strerror(errno));
    }
    int fd = -1;
    off_t size = 0;
    int err = write_new_file(tmp_name, &schema_text, &data_text, &fd,
                             &size);
    ds_destroy(&schema_text);
    ds_destroy(&data_text);

    struct ovsdb_error *error = NULL;
    if (err) {
        error = ovsdb_error_create("I/O error", "%s: write failed (%s)",
                                   tmp_name, ovs_strerror(err));
    } else if (rename(tmp_name, name)) {
        err = errno;
        close(fd);
        unlink(tmp_name);
        error = ovsdb_error_create("I/O error", "%s: rename to %s failed "
                                   "(%s)", tmp_name, name,
                                   ovs_strerror(err));
    } else {
        /* Without the directory fsync the rename itself could be lost in
         * a power failure, and with it a conversion already
         * acknowledged. */
        ovsdb_log_fsync_dir(name);      /* Logs its own failure. */
        ovsdb_log_adopt_fd(file->log, fd, size, 2);
        file->snapshot_size = size;
        file->snapshot_records = 2;
        file->last_compact = time_msec();
    }
    free(tmp_name);
    return error;
}

const char *
ovsdb_file_get_name(const struct ovsdb_file *file)
{
    return ovsdb_log_get_name(file->log);
}

void
ovsdb_file_close(struct ovsdb_file *file)
{
    if (file) {
        if (file->compaction) {
            ovsdb_error_destroy(finish_compaction(file, true));
        }
        ovsdb_log_close(file->log);
        ds_destroy(&file->frame);
        free(file->compaction_error);
        latch_destroy(&file->done);
        pthread_mutex_destroy(&file->mutex);
        free(file);
    }
}
