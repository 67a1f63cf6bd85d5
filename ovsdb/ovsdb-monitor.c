/* ovsdb-monitor.c -- monitors and the transaction history (see
 * ovsdb-monitor.h).
 *
 * A monitor is a small compiled form of the client's requests: for each
 * monitored table (found by the table's schema index, so a transaction's
 * change is matched to its monitor table in O(1)), the list of monitored
 * columns with the "select" bits of the request that named each, the
 * union of those bits, and the table's condition.  Everything the
 * monitor sends is computed from that and from the rows involved:
 *
 *   - An update for a committed transaction walks only the transaction's
 *     change list, so its cost is proportional to the rows changed, never
 *     to the size of the tables.  Only the initial contents and a
 *     condition change scan a table.
 *
 *   - For every changed row, "visible before" and "visible after" come
 *     from the condition evaluated on the old and new row (a row that
 *     does not exist is invisible).  Invisible to visible is an insert,
 *     visible to invisible a delete, visible to visible a modify.  With V1
 *     there is no condition and every existing row is visible.
 *
 *   - Which columns appear depends on the kind of change: a column is
 *     shown for a kind if the request that named the column selects that
 *     kind.  A modify is reported if any monitored column changed, even
 *     if none of the changed columns is selected for "modify" (then V1's
 *     "old" and V2's "modify" are empty objects).
 *
 * Behaviour that differs from a plain reading of RFC 7047 and
 * ovsdb-server(7), matching what ovsdb-server really does:
 *
 *   - "where" is a disjunction: a row is visible if it satisfies any of
 *     the clauses (true and false are clauses too); an empty or absent
 *     "where" shows every row.  When a table has several requests, the
 *     first request's "where" is the table's condition (the others are
 *     still checked for errors); in monitor_cond_change the last one of
 *     the table wins.
 *   - In <table-updates2>, "initial" and "insert" rows omit the columns
 *     that hold their type's default value; "delete" is null; "modify"
 *     holds, for a column that can hold at most one value (scalars,
 *     optional scalars, maps of at most one pair), the new value, and for
 *     other sets and maps the elements in only one of old and new (for a
 *     map key in both with different values, the new pair).
 *   - Absent "columns" means every column but _uuid (so _version too).
 *
 * The history is a ring of the last transactions, each a list of (table,
 * old copy, new copy) with copies made by ovsdb_row_clone() (strings are
 * shared, not copied).  ovsdb_monitor_get_update_since() merges the
 * transactions after the client's last one into one (first old, last new)
 * pair per row and then treats each pair like one change, so insert then
 * modify is an insert with the final values, insert then delete nothing,
 * modify then delete a delete.  Its memory is bounded twice: at most
 * 'max_txns' transactions, and (beyond a floor of HISTORY_MIN_ROWS) no
 * more row copies than a quarter of the database's rows; the oldest
 * transactions go first.  (A row changed in consecutive transactions is
 * copied twice, as the new row of one and the old row of the next;
 * sharing those copies would halve the cost of hot rows.) */
#include <stdlib.h>
#include <string.h>
#include "ovsdb-monitor.h"
#include "coverage.h"
#include "hmap.h"
#include "json.h"
#include "ovsdb-condition.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_monitor);

COVERAGE_DEFINE(monitor_row_update);
COVERAGE_DEFINE(monitor_cond_change);
COVERAGE_DEFINE(history_trim);
COVERAGE_DEFINE(history_since_miss);

/* "select" bits. */
enum {
    MS_INITIAL = 1 << 0,
    MS_INSERT = 1 << 1,
    MS_DELETE = 1 << 2,
    MS_MODIFY = 1 << 3,
    MS_ALL = MS_INITIAL | MS_INSERT | MS_DELETE | MS_MODIFY,
    MS_MONITORED = 1 << 4       /* In 'col_select': the column is named. */
};

struct monitor_table {
    const struct ovsdb_table *table;
    unsigned int select;            /* Union of the requests' MS_* bits. */

    /* Per column index: MS_MONITORED plus the select bits of the request
     * that named the column, or 0 if the column is not monitored. */
    unsigned int *col_select;

    /* Indexes of the monitored columns, in the order they were named. */
    unsigned int *cols;
    size_t n_cols;

    /* A disjunction of clauses; no clauses means every row. */
    struct ovsdb_condition cond;
};

struct ovsdb_monitor {
    const struct ovsdb *db;
    enum ovsdb_monitor_version version;
    struct monitor_table **tables;  /* By table schema index, or NULL. */
    size_t n_tables;
};

/* Conditions. */

/* Monitor conditions are a disjunction, unlike "where" in transactions. */
static bool
condition_matches(const struct ovsdb_condition *cond,
                  const struct ovsdb_row *row)
{
    if (!cond->n) {
        return true;
    }
    for (size_t i = 0; i < cond->n; i++) {
        struct ovsdb_clause *clause = &cond->clauses[i];

        if (clause->function == OVSDB_F_TRUE) {
            return true;
        } else if (clause->function != OVSDB_F_FALSE) {
            struct ovsdb_condition one = { clause, 1 };
            if (ovsdb_condition_evaluate(&one, row)) {
                return true;
            }
        }
    }
    return false;
}

static bool
row_is_visible(const struct monitor_table *mt, const struct ovsdb_row *row)
{
    return row && condition_matches(&mt->cond, row);
}

/* Parsing. */

static void
monitor_table_destroy(struct monitor_table *mt)
{
    if (mt) {
        ovsdb_condition_destroy(&mt->cond);
        free(mt->col_select);
        free(mt->cols);
        free(mt);
    }
}

static struct monitor_table *
monitor_table_create(const struct ovsdb_table *table)
{
    struct monitor_table *mt = xzalloc(sizeof *mt);
    size_t n = table->schema->n_columns;

    mt->table = table;
    mt->col_select = xcalloc(n, sizeof *mt->col_select);
    mt->cols = xmalloc(n * sizeof *mt->cols);
    ovsdb_condition_init(&mt->cond);
    return mt;
}

/* Adds COLUMN, selected for SELECT, to MT.  COLUMNS_JSON is the "columns"
 * member that named it, or NULL if the request had none. */
static struct ovsdb_error *
monitor_table_add_column(struct monitor_table *mt,
                         const struct ovsdb_column *column,
                         unsigned int select,
                         const struct json *columns_json)
{
    if (mt->col_select[column->index]) {
        return ovsdb_syntax_error(columns_json, NULL,
                                  "column %s mentioned more than once",
                                  column->name);
    }
    mt->col_select[column->index] = MS_MONITORED | select;
    mt->cols[mt->n_cols++] = column->index;
    return NULL;
}

static struct ovsdb_error *
parse_select(const struct monitor_table *mt, const struct json *json,
             unsigned int *selectp)
{
    static const struct {
        const char *name;
        unsigned int bit;
    } kinds[] = {
        { "initial", MS_INITIAL },
        { "insert", MS_INSERT },
        { "delete", MS_DELETE },
        { "modify", MS_MODIFY },
    };

    *selectp = MS_ALL;
    if (!json) {
        return NULL;
    }

    char *name = xasprintf("table %s select", mt->table->schema->name);
    struct ovsdb_parser parser;
    ovsdb_parser_init(&parser, json, name);
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        const struct json *value = ovsdb_parser_member(
            &parser, kinds[i].name, OP_BOOLEAN | OP_OPTIONAL);
        if (value && !json_boolean(value)) {
            *selectp &= ~kinds[i].bit;
        }
    }
    struct ovsdb_error *error = ovsdb_parser_finish(&parser);
    free(name);
    return error;
}

static struct ovsdb_error *
parse_columns(struct monitor_table *mt, const struct json *json,
              unsigned int select)
{
    const struct ovsdb_table_schema *ts = mt->table->schema;

    if (!json) {
        /* Every column but _uuid. */
        for (size_t i = OVSDB_COL_UUID + 1; i < ts->n_columns; i++) {
            struct ovsdb_error *error = monitor_table_add_column(
                mt, ts->columns_by_index[i], select, NULL);
            if (error) {
                return error;
            }
        }
        return NULL;
    }

    const struct json_array *a = json_array(json);
    for (size_t i = 0; i < a->n; i++) {
        const struct ovsdb_column *column;

        if (a->elems[i]->type != JSON_STRING) {
            return ovsdb_syntax_error(json, NULL,
                                      "array of column names expected");
        }
        column = ovsdb_table_schema_get_column(ts, json_string(a->elems[i]));
        if (!column) {
            return ovsdb_syntax_error(json, NULL,
                                      "%s is not a valid column name",
                                      json_string(a->elems[i]));
        }
        struct ovsdb_error *error = monitor_table_add_column(mt, column,
                                                             select, json);
        if (error) {
            return error;
        }
    }
    return NULL;
}

static struct ovsdb_error *
object_expected(const struct monitor_table *mt)
{
    return ovsdb_error_create("syntax error",
                              "Parsing table %s failed: Object expected.",
                              mt->table->schema->name);
}

/* Parses one <monitor-request> (or <monitor-cond-request>) for MT.  Only
 * the first request of a table sets its condition. */
static struct ovsdb_error *
parse_request(const struct ovsdb_monitor *mon, struct monitor_table *mt,
              const struct json *json, bool is_first)
{
    const struct json *columns, *select, *where = NULL;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;

    if (json->type != JSON_OBJECT) {
        return object_expected(mt);
    }

    char *name = xasprintf("table %s", mt->table->schema->name);
    ovsdb_parser_init(&parser, json, name);
    columns = ovsdb_parser_member(&parser, "columns", OP_ARRAY | OP_OPTIONAL);
    select = ovsdb_parser_member(&parser, "select", OP_OBJECT | OP_OPTIONAL);
    if (mon->version != OVSDB_MONITOR_V1) {
        where = ovsdb_parser_member(&parser, "where",
                                    OP_ARRAY | OP_OPTIONAL);
    }
    error = ovsdb_parser_finish(&parser);
    free(name);
    if (error) {
        return error;
    }

    unsigned int bits;
    error = parse_select(mt, select, &bits);
    if (error) {
        return error;
    }
    error = parse_columns(mt, columns, bits);
    if (error) {
        return error;
    }
    mt->select |= bits;

    if (where) {
        struct ovsdb_condition cond;

        error = ovsdb_condition_from_json(mt->table->schema, where, NULL,
                                          &cond);
        if (error) {
            return error;
        }
        if (is_first) {
            ovsdb_condition_destroy(&mt->cond);
            mt->cond = cond;
        } else {
            ovsdb_condition_destroy(&cond);
        }
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_monitor_create(const struct ovsdb *db,
                     enum ovsdb_monitor_version version,
                     const struct json *requests,
                     struct ovsdb_monitor **monp)
{
    struct ovsdb_error *error = NULL;
    struct shash_node *node;

    *monp = NULL;
    if (requests->type != JSON_OBJECT) {
        return ovsdb_syntax_error(requests, NULL,
                                  "monitor-requests must be object");
    }

    struct ovsdb_monitor *mon = xzalloc(sizeof *mon);
    mon->db = db;
    mon->version = version;
    mon->n_tables = db->schema->n_tables;
    mon->tables = xcalloc(mon->n_tables, sizeof *mon->tables);

    SHASH_FOR_EACH (node, json_object(requests)) {
        const struct ovsdb_table *table = ovsdb_get_table(db, node->name);
        const struct json *value = node->data;

        if (!table) {
            error = ovsdb_error_create("syntax error", "no table named %s",
                                       node->name);
            break;
        }
        if (value->type == JSON_ARRAY && !json_array(value)->n) {
            /* No requests: the table is not monitored. */
            continue;
        }

        struct monitor_table *mt = monitor_table_create(table);
        mon->tables[table->schema->index] = mt;
        if (value->type == JSON_ARRAY) {
            const struct json_array *a = json_array(value);
            for (size_t i = 0; !error && i < a->n; i++) {
                error = parse_request(mon, mt, a->elems[i], i == 0);
            }
        } else {
            error = parse_request(mon, mt, value, true);
        }
        if (error) {
            break;
        }
    }

    if (error) {
        ovsdb_monitor_destroy(mon);
        return error;
    }
    *monp = mon;
    return NULL;
}

void
ovsdb_monitor_destroy(struct ovsdb_monitor *mon)
{
    if (mon) {
        for (size_t i = 0; i < mon->n_tables; i++) {
            monitor_table_destroy(mon->tables[i]);
        }
        free(mon->tables);
        free(mon);
    }
}

/* JSON generation. */

/* The columns of ROW that MT selects for KIND, as a <row>.  With
 * SKIP_DEFAULTS, columns holding their type's default are left out (the
 * <table-updates2> form of "initial" and "insert"). */
static struct json *
row_to_json(const struct monitor_table *mt, const struct ovsdb_row *row,
            unsigned int kind, bool skip_defaults)
{
    const struct ovsdb_table_schema *ts = mt->table->schema;
    struct json *json = json_object_create();

    for (size_t i = 0; i < mt->n_cols; i++) {
        unsigned int idx = mt->cols[i];
        const struct ovsdb_column *column = ts->columns_by_index[idx];
        const struct ovsdb_datum *datum = &row->fields[idx];

        if (!(mt->col_select[idx] & kind)
            || (skip_defaults
                && ovsdb_datum_is_default(datum, &column->type))) {
            continue;
        }
        json_object_put(json, column->name,
                        ovsdb_datum_to_json(datum, &column->type));
    }
    return json;
}

/* The <table-updates2> "modify" value of a column whose value went from
 * OLD to NEW (which differ). */
static struct json *
datum_diff_to_json(const struct ovsdb_datum *old,
                   const struct ovsdb_datum *new,
                   const struct ovsdb_type *type)
{
    if (type->n_max == 1) {
        return ovsdb_datum_to_json(new, type);
    }

    /* Both are sorted by key: merge them.  The diff's atoms are shallow
     * copies, only read by ovsdb_datum_to_json(). */
    bool is_map = ovsdb_type_is_map(type);
    enum ovsdb_atomic_type kt = type->key.type;
    enum ovsdb_atomic_type vt = type->value.type;
    size_t max = (size_t) old->n + new->n;
    struct ovsdb_datum diff;
    diff.n = 0;
    diff.keys = xmalloc(MAX(max, 1) * sizeof *diff.keys);
    diff.values = is_map ? xmalloc(MAX(max, 1) * sizeof *diff.values) : NULL;

    unsigned int i = 0, j = 0;
    while (i < old->n || j < new->n) {
        int cmp = (i >= old->n ? 1
                   : j >= new->n ? -1
                   : ovsdb_atom_compare_3way(&old->keys[i], &new->keys[j],
                                             kt));
        if (cmp < 0) {
            diff.keys[diff.n] = old->keys[i];
            if (is_map) {
                diff.values[diff.n] = old->values[i];
            }
            diff.n++;
            i++;
        } else if (cmp > 0) {
            diff.keys[diff.n] = new->keys[j];
            if (is_map) {
                diff.values[diff.n] = new->values[j];
            }
            diff.n++;
            j++;
        } else {
            if (is_map && !ovsdb_atom_equals(&old->values[i],
                                             &new->values[j], vt)) {
                diff.keys[diff.n] = new->keys[j];
                diff.values[diff.n] = new->values[j];
                diff.n++;
            }
            i++;
            j++;
        }
    }

    struct json *json = ovsdb_datum_to_json(&diff, type);
    free(diff.keys);
    free(diff.values);
    return json;
}

/* Whether column IDX differs between OLD and NEW: from CHANGE's bitmap if
 * there is one, otherwise by comparing the values. */
static bool
column_changed(const struct monitor_table *mt, unsigned int idx,
               const struct ovsdb_row *old, const struct ovsdb_row *new,
               const struct ovsdb_txn_change *change)
{
    if (change) {
        return ovsdb_txn_change_column_changed(change, idx);
    }
    return !ovsdb_datum_equals(&old->fields[idx], &new->fields[idx],
                               &mt->table->schema->columns_by_index[idx]
                               ->type);
}

/* Adds ROW_UPDATE for row UUID of MT's table to *UPDATEP (creating the
 * <table-updates> object and the table's member as needed). */
static void
put_row_update(const struct monitor_table *mt, const struct uuid *uuid,
               struct json *row_update, struct json **updatep)
{
    const char *table_name = mt->table->schema->name;
    char uuid_s[UUID_LEN + 1];

    if (!*updatep) {
        *updatep = json_object_create();
    }
    struct json *table_update = shash_find_data(json_object(*updatep),
                                                table_name);
    if (!table_update) {
        table_update = json_object_create();
        json_object_put(*updatep, table_name, table_update);
    }
    uuid_to_string(uuid, uuid_s);
    json_object_put(table_update, uuid_s, row_update);
    COVERAGE_INC(monitor_row_update);
}

/* Adds to *UPDATEP what MON reports about row UUID of MT's table going
 * from OLD to NEW (either may be NULL).  CHANGE, if nonnull, is the
 * transaction change that says which columns changed. */
static void
add_row_change(const struct ovsdb_monitor *mon,
               const struct monitor_table *mt, const struct uuid *uuid,
               const struct ovsdb_row *old, const struct ovsdb_row *new,
               const struct ovsdb_txn_change *change, struct json **updatep)
{
    bool was_visible = row_is_visible(mt, old);
    bool is_visible = row_is_visible(mt, new);
    bool v1 = mon->version == OVSDB_MONITOR_V1;
    struct json *row_update;

    if (!was_visible && !is_visible) {
        return;
    } else if (!was_visible) {
        if (!(mt->select & MS_INSERT)) {
            return;
        }
        row_update = json_object_create();
        json_object_put(row_update, v1 ? "new" : "insert",
                        row_to_json(mt, new, MS_INSERT, !v1));
    } else if (!is_visible) {
        if (!(mt->select & MS_DELETE)) {
            return;
        }
        row_update = json_object_create();
        json_object_put(row_update, v1 ? "old" : "delete",
                        v1 ? row_to_json(mt, old, MS_DELETE, false)
                        : json_null_create());
    } else {
        const struct ovsdb_table_schema *ts = mt->table->schema;
        struct json *diff = json_object_create();
        bool any_changed = false;

        if (!(mt->select & MS_MODIFY)) {
            json_destroy(diff);
            return;
        }
        for (size_t i = 0; i < mt->n_cols; i++) {
            unsigned int idx = mt->cols[i];
            const struct ovsdb_column *column = ts->columns_by_index[idx];

            if (!column_changed(mt, idx, old, new, change)) {
                continue;
            }
            any_changed = true;
            if (!(mt->col_select[idx] & MS_MODIFY)) {
                continue;
            }
            json_object_put(diff, column->name,
                            v1 ? ovsdb_datum_to_json(&old->fields[idx],
                                                     &column->type)
                            : datum_diff_to_json(&old->fields[idx],
                                                 &new->fields[idx],
                                                 &column->type));
        }
        if (!any_changed) {
            json_destroy(diff);
            return;
        }
        row_update = json_object_create();
        if (v1) {
            json_object_put(row_update, "old", diff);
            json_object_put(row_update, "new",
                            row_to_json(mt, new, MS_MODIFY, false));
        } else {
            json_object_put(row_update, "modify", diff);
        }
    }
    put_row_update(mt, uuid, row_update, updatep);
}

struct json *
ovsdb_monitor_get_initial(const struct ovsdb_monitor *mon)
{
    bool v1 = mon->version == OVSDB_MONITOR_V1;
    struct json *update = NULL;

    for (size_t i = 0; i < mon->n_tables; i++) {
        const struct monitor_table *mt = mon->tables[i];
        const struct ovsdb_row *row;

        if (!mt || !(mt->select & MS_INITIAL)) {
            continue;
        }
        HMAP_FOR_EACH (row, hmap_node, &mt->table->rows) {
            if (condition_matches(&mt->cond, row)) {
                struct json *row_update = json_object_create();
                json_object_put(row_update, v1 ? "new" : "initial",
                                row_to_json(mt, row, MS_INITIAL, !v1));
                put_row_update(mt, ovsdb_row_get_uuid(row), row_update,
                               &update);
            }
        }
    }
    return update ? update : json_object_create();
}

/* Sharing: every monitor computes its own JSON here.  Monitors of the same
 * version with identical tables, columns, selects and conditions (the
 * common case of many IDL clients of one schema) produce identical
 * updates, so a server with many clients could group monitors by a hash
 * of that compiled form, call this once per group and json_clone() (O(1))
 * the result to each member.  The per-change work is already proportional
 * to the changed rows only. */
struct json *
ovsdb_monitor_get_update(const struct ovsdb_monitor *mon,
                         const struct ovsdb_txn *txn)
{
    const struct ovsdb_txn_change *changes;
    size_t n = ovsdb_txn_get_changes(txn, &changes);
    struct json *update = NULL;

    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_txn_change *c = &changes[i];
        const struct monitor_table *mt
            = mon->tables[c->table->schema->index];

        if (mt) {
            const struct ovsdb_row *row = c->new ? c->new : c->old;
            add_row_change(mon, mt, ovsdb_row_get_uuid(row), c->old, c->new,
                           c, &update);
        }
    }
    return update;
}

/* Condition changes. */

/* Parses the <monitor-cond-update-request> array JSON for MT into COND
 * (the last request's "where" wins; an empty array leaves *HAS_COND
 * false).  Without PARSE_WHERE, checks everything but the "where" clauses
 * and leaves *HAS_COND false. */
static struct ovsdb_error *
parse_cond_change(const struct monitor_table *mt, const struct json *json,
                  bool parse_where, struct ovsdb_condition *cond,
                  bool *has_cond)
{
    const char *table_name = mt->table->schema->name;

    *has_cond = false;
    if (json->type != JSON_ARRAY) {
        return ovsdb_error_create("syntax error",
                                  "table %s no monitor-cond-change JSON "
                                  "array", table_name);
    }

    const struct json_array *a = json_array(json);
    for (size_t i = 0; i < a->n; i++) {
        const struct json *req = a->elems[i];
        const struct json *columns, *where;
        struct ovsdb_parser parser;
        struct ovsdb_error *error;

        if (req->type != JSON_OBJECT) {
            error = object_expected(mt);
            goto error;
        }

        char *name = xasprintf("table %s", table_name);
        ovsdb_parser_init(&parser, req, name);
        columns = ovsdb_parser_member(&parser, "columns",
                                      OP_ARRAY | OP_OPTIONAL);
        where = ovsdb_parser_member(&parser, "where",
                                    OP_ARRAY | OP_OPTIONAL);
        error = ovsdb_parser_finish(&parser);
        free(name);
        if (!error && columns) {
            error = ovsdb_syntax_error(req, NULL,
                                       "changing columns is unsupported");
        }
        if (error) {
            goto error;
        }

        if (!parse_where) {
            continue;
        }
        if (*has_cond) {
            ovsdb_condition_destroy(cond);
            *has_cond = false;
        }
        if (where) {
            error = ovsdb_condition_from_json(mt->table->schema, where,
                                              NULL, cond);
            if (error) {
                goto error;
            }
        } else {
            /* No "where": every row, as in a monitor request. */
            ovsdb_condition_init(cond);
        }
        *has_cond = true;
        continue;

    error:
        if (*has_cond) {
            ovsdb_condition_destroy(cond);
            *has_cond = false;
        }
        return error;
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_monitor_cond_change(struct ovsdb_monitor *mon,
                          const struct json *cond_req, struct json **update)
{
    struct ovsdb_error *error = NULL;
    struct shash_node *node;

    *update = NULL;
    if (cond_req->type != JSON_OBJECT) {
        return ovsdb_error_create("syntax error",
                                  "monitor-cond-change-requests must be "
                                  "object");
    }

    /* Parse everything first, so that an error changes nothing. */
    struct ovsdb_condition *conds = xcalloc(mon->n_tables, sizeof *conds);
    bool *has_cond = xcalloc(mon->n_tables, sizeof *has_cond);
    SHASH_FOR_EACH (node, json_object(cond_req)) {
        const struct ovsdb_table *table = ovsdb_get_table(mon->db,
                                                          node->name);
        if (!table) {
            error = ovsdb_error_create("syntax error", "no table named %s",
                                       node->name);
            break;
        }

        size_t idx = table->schema->index;
        const struct monitor_table *mt = mon->tables[idx];
        if (!mt) {
            error = ovsdb_error_create("syntax error", "no table named %s "
                                       "in monitor session", node->name);
            break;
        }
        /* ovsdb-server accepts monitor_cond_change for a V1 monitor,
         * checking all but the clauses, and then ignores it. */
        error = parse_cond_change(mt, node->data,
                                  mon->version != OVSDB_MONITOR_V1,
                                  &conds[idx], &has_cond[idx]);
        if (error) {
            break;
        }
    }

    for (size_t i = 0; i < mon->n_tables; i++) {
        struct monitor_table *mt = mon->tables[i];
        const struct ovsdb_row *row;

        if (!has_cond[i]) {
            continue;
        }
        if (error) {
            ovsdb_condition_destroy(&conds[i]);
            continue;
        }

        COVERAGE_INC(monitor_cond_change);
        HMAP_FOR_EACH (row, hmap_node, &mt->table->rows) {
            bool was_visible = condition_matches(&mt->cond, row);
            bool is_visible = condition_matches(&conds[i], row);
            struct json *row_update;

            if (was_visible == is_visible) {
                continue;
            } else if (is_visible) {
                if (!(mt->select & MS_INSERT)) {
                    continue;
                }
                row_update = json_object_create();
                json_object_put(row_update, "insert",
                                row_to_json(mt, row, MS_INSERT, true));
            } else {
                if (!(mt->select & MS_DELETE)) {
                    continue;
                }
                row_update = json_object_create();
                json_object_put(row_update, "delete", json_null_create());
            }
            put_row_update(mt, ovsdb_row_get_uuid(row), row_update, update);
        }
        ovsdb_condition_destroy(&mt->cond);
        mt->cond = conds[i];
    }
    free(conds);
    free(has_cond);
    return error;
}

/* Transaction history. */

struct history_change {
    const struct ovsdb_table *table;
    struct ovsdb_row *old;          /* Copy, or NULL for an insert. */
    struct ovsdb_row *new;          /* Copy, or NULL for a delete. */
};

struct history_txn {
    struct uuid id;
    struct history_change *changes;
    size_t n_changes;
};

/* Row copies the history may always hold, whatever the database's size;
 * beyond that it holds at most one copy for every HISTORY_ROWS_DIVISOR rows
 * of the database, so that it costs a fraction of the data's memory.
 * (A bound of one copy per row made a database that was just filled
 * cost nearly twice its size: every row was in the history as well.)  The
 * floor covers a whole Open_vSwitch database of a busy hypervisor; in a
 * large database a client that was away for longer than the history
 * reaches gets the whole contents again, which is correct, only slower. */
#define HISTORY_MIN_ROWS 1000
#define HISTORY_ROWS_DIVISOR 4

struct ovsdb_history {
    struct history_txn *ring;       /* 'max_txns' slots. */
    unsigned int max_txns;
    unsigned int start;             /* Oldest transaction's slot. */
    unsigned int n;                 /* Transactions held. */
    size_t n_rows;                  /* Row copies held. */
    struct uuid last_id;            /* Last recorded, even if trimmed. */
    struct uuid base_id;            /* The one before the oldest held (the
                                     * last trimmed), or all-zeros. */
    size_t min_rows;                /* HISTORY_MIN_ROWS unless a test... */
    size_t rows_divisor;            /* ...sets other row limits. */
};

struct ovsdb_history *
ovsdb_history_create(unsigned int max_txns)
{
    struct ovsdb_history *h = xzalloc(sizeof *h);
    h->max_txns = max_txns;
    h->ring = xcalloc(MAX(max_txns, 1), sizeof *h->ring);
    h->min_rows = HISTORY_MIN_ROWS;
    h->rows_divisor = HISTORY_ROWS_DIVISOR;
    return h;
}

void
ovsdb_history_set_row_limits(struct ovsdb_history *h, size_t min_rows,
                             size_t divisor)
{
    h->min_rows = min_rows;
    h->rows_divisor = MAX(divisor, 1);
}

static struct history_txn *
history_at(const struct ovsdb_history *h, unsigned int i)
{
    return &h->ring[(h->start + i) % h->max_txns];
}

static void
history_pop_oldest(struct ovsdb_history *h)
{
    struct history_txn *ht = history_at(h, 0);

    for (size_t i = 0; i < ht->n_changes; i++) {
        h->n_rows -= !!ht->changes[i].old + !!ht->changes[i].new;
        ovsdb_row_destroy(ht->changes[i].old);
        ovsdb_row_destroy(ht->changes[i].new);
    }
    free(ht->changes);
    h->base_id = ht->id;
    memset(ht, 0, sizeof *ht);
    h->start = (h->start + 1) % h->max_txns;
    h->n--;
}

void
ovsdb_history_clear(struct ovsdb_history *h)
{
    while (h->n) {
        history_pop_oldest(h);
    }
    h->start = 0;
    uuid_zero(&h->last_id);
    uuid_zero(&h->base_id);
}

void
ovsdb_history_destroy(struct ovsdb_history *h)
{
    if (h) {
        ovsdb_history_clear(h);
        free(h->ring);
        free(h);
    }
}

void
ovsdb_history_add(struct ovsdb_history *h, const struct uuid *txn_id,
                  const struct ovsdb_txn *txn)
{
    const struct ovsdb_txn_change *changes;
    size_t n = ovsdb_txn_get_changes(txn, &changes);

    h->last_id = *txn_id;
    if (!h->max_txns) {
        h->base_id = *txn_id;
        return;
    }
    if (h->n == h->max_txns) {
        history_pop_oldest(h);
    }

    struct history_txn *ht = history_at(h, h->n++);
    ht->id = *txn_id;
    ht->n_changes = n;
    ht->changes = xmalloc(MAX(n, 1) * sizeof *ht->changes);
    for (size_t i = 0; i < n; i++) {
        struct history_change *hc = &ht->changes[i];
        hc->table = changes[i].table;
        hc->old = changes[i].old ? ovsdb_row_clone(changes[i].old) : NULL;
        hc->new = changes[i].new ? ovsdb_row_clone(changes[i].new) : NULL;
        h->n_rows += !!hc->old + !!hc->new;
    }

    /* Trim from the oldest end, so that what is left is always a run of
     * consecutive transactions ending with the last one, and 'base_id'
     * names the one just before that run: the history can answer a client
     * whose last transaction is 'base_id' or any of the run. */
    size_t max_rows = MAX(ovsdb_n_rows(ovsdb_txn_get_db(txn))
                          / h->rows_divisor, h->min_rows);
    while (h->n && h->n_rows > max_rows) {
        COVERAGE_INC(history_trim);
        VLOG_DBG("history holds %zu row copies, more than %zu: dropping "
                 "transaction "UUID_FMT, h->n_rows, max_rows,
                 UUID_ARGS(&history_at(h, 0)->id));
        history_pop_oldest(h);
    }
}

const struct uuid *
ovsdb_history_last_id(const struct ovsdb_history *h)
{
    return &h->last_id;
}

size_t
ovsdb_history_count(const struct ovsdb_history *h, size_t *n_rows)
{
    if (n_rows) {
        *n_rows = h->n_rows;
    }
    return h->n;
}

/* One row's net change over several transactions. */
struct merged_row {
    struct hmap_node hmap_node;     /* By uuid hash. */
    const struct monitor_table *mt;
    const struct uuid *uuid;
    const struct ovsdb_row *old;    /* Before the first transaction. */
    const struct ovsdb_row *new;    /* After the last one. */
};

bool
ovsdb_monitor_get_update_since(const struct ovsdb_monitor *mon,
                               const struct ovsdb_history *h,
                               const struct uuid *since,
                               struct json **update)
{
    *update = NULL;
    if (uuid_is_zero(since)) {
        /* Nothing was ever recorded under the zero id. */
        COVERAGE_INC(history_since_miss);
        return false;
    }
    if (uuid_equals(since, &h->last_id)) {
        return true;
    }

    /* The transactions to merge start at FIRST. */
    unsigned int first;
    if (uuid_equals(since, &h->base_id)) {
        first = 0;
    } else {
        for (first = 0; first < h->n; first++) {
            if (uuid_equals(&history_at(h, first)->id, since)) {
                break;
            }
        }
        if (first >= h->n) {
            COVERAGE_INC(history_since_miss);
            return false;
        }
        first++;
    }

    struct hmap merged = HMAP_INITIALIZER(&merged);
    for (unsigned int i = first; i < h->n; i++) {
        const struct history_txn *ht = history_at(h, i);

        for (size_t j = 0; j < ht->n_changes; j++) {
            const struct history_change *hc = &ht->changes[j];
            const struct monitor_table *mt
                = mon->tables[hc->table->schema->index];
            if (!mt) {
                continue;
            }

            const struct uuid *uuid
                = ovsdb_row_get_uuid(hc->new ? hc->new : hc->old);
            uint32_t hash = ovsdb_row_uuid_hash(uuid);
            struct merged_row *m;
            bool found = false;
            HMAP_FOR_EACH_WITH_HASH (m, hmap_node, hash, &merged) {
                if (m->mt == mt && uuid_equals(m->uuid, uuid)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                m = xmalloc(sizeof *m);
                m->mt = mt;
                m->old = hc->old;
                hmap_insert(&merged, &m->hmap_node, hash);
            }
            m->uuid = uuid;
            m->new = hc->new;
        }
    }

    struct merged_row *m;
    HMAP_FOR_EACH_POP (m, hmap_node, &merged) {
        add_row_change(mon, m->mt, m->uuid, m->old, m->new, NULL, update);
        free(m);
    }
    hmap_destroy(&merged);
    return true;
}
