/* vsctl-dbcmds.c -- ovs-vsctl's generic database commands: list, find,
 * get, set, add, remove, clear, create, destroy, wait-until, comment.
 *
 * Tables may be named by any unique case-insensitive prefix, columns by
 * any unique prefix.  A record is named by its UUID or, depending on the
 * table, by a name column, through a column of another table (e.g. a
 * bridge's NetFlow by the bridge's name) or as "." for the one row of
 * Open_vSwitch and SSL (the 'row_ids' table below).  "@name" refers to a
 * row created by an earlier "--id=@name create" in the same invocation.
 *
 * Deleting a row of a table that is not a garbage-collection root only
 * drops it from the snapshot: the server deletes such rows itself once
 * nothing refers to them (and keeps them while something does). */
#include <config.h>

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-schema.h"
#include "table.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"
#include "vsctl-cmd.h"
#include "vsctl-data.h"
#include "vsctl-db.h"

VLOG_DEFINE_THIS_MODULE(db_ctl_base);

/* How to find a row by something other than its UUID. */
struct row_id {
    const char *table;          /* The table of the row to find. */
    const char *name_table;     /* Table whose NAME_COLUMN matches. */
    const char *name_column;    /* NULL: the record is named ".". */
    const char *uuid_column;    /* Column of NAME_TABLE leading to the row,
                                 * NULL if the name table is TABLE. */
};

static const struct row_id row_ids[] = {
    {"AutoAttach", "Bridge", "name", "auto_attach"},
    {"Bridge", "Bridge", "name", NULL},
    {"Controller", "Bridge", "name", "controller"},
    {"Flow_Sample_Collector_Set", "Flow_Sample_Collector_Set", "id", NULL},
    {"Flow_Table", "Flow_Table", "name", NULL},
    {"IPFIX", "Bridge", "name", "ipfix"},
    {"Interface", "Interface", "name", NULL},
    {"Manager", "Manager", "target", NULL},
    {"Mirror", "Mirror", "name", NULL},
    {"NetFlow", "Bridge", "name", "netflow"},
    {"Open_vSwitch", "Open_vSwitch", NULL, NULL},
    {"Port", "Port", "name", NULL},
    {"QoS", "Port", "name", "qos"},
    {"SSL", "Open_vSwitch", NULL, "ssl"},
    {"sFlow", "Bridge", "name", "sflow"},
};

struct vsctl_table *
vsctl_get_table(struct vsctl_context *ctx, const char *name)
{
    const struct ovsdb_schema *schema = vsctl_db_get_schema(ctx->db);
    const struct ovsdb_table_schema *found = NULL;
    size_t len = strlen(name);
    bool multiple = false;

    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables_by_index[i];
        if (!strcasecmp(ts->name, name)) {
            return vsctl_db_get_table(ctx->db, ts->name);
        }
        if (!strncasecmp(ts->name, name, len)) {
            multiple = found != NULL;
            found = found ? found : ts;
        }
    }
    if (multiple && len) {
        /* Name every candidate, in schema (alphabetical) order. */
        struct ds s = DS_EMPTY_INITIALIZER;
        for (size_t i = 0; i < schema->n_tables; i++) {
            const struct ovsdb_table_schema *ts = schema->tables_by_index[i];
            if (!strncasecmp(ts->name, name, len)) {
                ds_put_format(&s, "%s%s", s.length ? ", " : "", ts->name);
            }
        }
        vsctl_fatal("\"%s\" matches multiple table names: %s", name,
                    ds_cstr(&s));
    } else if (!found || !len) {
        vsctl_fatal("unknown table \"%s\"", name);
    }
    return vsctl_db_get_table(ctx->db, found->name);
}

static const struct row_id *
get_row_id(const struct vsctl_table *t)
{
    for (size_t i = 0; i < ARRAY_SIZE(row_ids); i++) {
        if (!strcmp(row_ids[i].table, t->schema->name)) {
            return &row_ids[i];
        }
    }
    return NULL;
}

/* Declares everything needed to read TABLE's records and find them. */
static struct vsctl_table *
need_table_for_records(struct vsctl_context *ctx, const char *name)
{
    struct vsctl_table *t = vsctl_get_table(ctx, name);
    const struct row_id *id = get_row_id(t);

    vsctl_db_need_table(t);
    if (id) {
        struct vsctl_table *nt = vsctl_db_get_table(ctx->db,
                                                    id->name_table);
        if (nt) {
            if (id->name_column) {
                vsctl_db_need_column(nt, id->name_column);
            }
            if (id->uuid_column) {
                vsctl_db_need_column(nt, id->uuid_column);
            }
        }
    }
    return t;
}

void
vsctl_need_all(struct vsctl_context *ctx, const char *table)
{
    need_table_for_records(ctx, table);
}

/* Column lookup: exact, then unique prefix.  _uuid may be read but not
 * written; _version is hidden. */
static const struct ovsdb_column *
get_column(const struct vsctl_table *t, const char *name, bool writing)
{
    const struct ovsdb_table_schema *ts = t->schema;
    const struct ovsdb_column *found = NULL;
    size_t len = strlen(name);
    bool multiple = false;

    for (size_t i = writing ? OVSDB_N_STD_COLUMNS : 0; i < ts->n_columns;
         i++) {
        const struct ovsdb_column *c = ts->columns_by_index[i];
        if (c->index == OVSDB_COL_VERSION) {
            continue;
        }
        if (!strcmp(c->name, name)) {
            return c;
        }
        if (len && !strncmp(c->name, name, len)) {
            multiple = found != NULL;
            found = found ? found : c;
        }
    }
    if (multiple) {
        vsctl_fatal("%s contains more than one column whose name matches "
                    "\"%s\"", ts->name, name);
    } else if (!found) {
        vsctl_fatal("%s does not contain a column whose name matches "
                    "\"%s\"", ts->name, name);
    }
    return found;
}

static bool
record_matches_name(const struct vsctl_row *row, const char *column,
                    const char *record)
{
    const struct ovsdb_column *c
        = ovsdb_table_schema_get_column(row->table->schema, column);
    const struct ovsdb_datum *d = vsctl_row_get(row, c);

    if (d->n != 1) {
        return false;
    }
    if (c->type.key.type == OVSDB_TYPE_STRING) {
        return !strcmp(d->keys[0].string, record);
    } else if (c->type.key.type == OVSDB_TYPE_INTEGER) {
        long long int v;
        return str_to_llong(record, 10, &v) && v == d->keys[0].integer;
    }
    return false;
}

/* Finds the row of T named RECORD.  Returns NULL if there is none and
 * !MUST_EXIST. */
static struct vsctl_row *
find_row(struct vsctl_context *ctx, struct vsctl_table *t,
         const char *record, bool must_exist)
{
    struct vsctl_row *found = NULL;
    struct uuid uuid;

    if (uuid_from_string(&uuid, record)) {
        found = vsctl_table_find_row(t, &uuid);
    } else if (record[0] == '@') {
        struct ovsdb_symbol *symbol = ovsdb_symbol_table_get(ctx->symtab,
                                                             record);
        if (symbol) {
            found = vsctl_table_find_row(t, &symbol->uuid);
        }
    }

    const struct row_id *id = get_row_id(t);
    if (!found && id) {
        struct vsctl_table *nt = vsctl_db_get_table(ctx->db,
                                                    id->name_table);
        size_t n;
        struct vsctl_row **rows = nt ? vsctl_table_rows(nt, &n) : NULL;
        bool multiple = false;

        for (size_t i = 0; nt && i < n; i++) {
            struct vsctl_row *r = rows[i];
            if (id->name_column
                ? !record_matches_name(r, id->name_column, record)
                : strcmp(record, ".")) {
                continue;
            }
            struct vsctl_row *target = r;
            if (id->uuid_column) {
                const struct ovsdb_datum *d
                    = vsctl_row_get_by_name(r, id->uuid_column);
                target = (d->n == 1
                          ? vsctl_table_find_row(t, &d->keys[0].uuid)
                          : NULL);
            }
            if (target) {
                if (found && found != target) {
                    multiple = true;
                }
                found = target;
            }
        }
        free(rows);
        if (multiple) {
            vsctl_fatal("multiple rows in %s match \"%s\"", t->schema->name,
                        record);
        }
    }
    if (!found && must_exist) {
        vsctl_fatal("no row \"%s\" in table %s", record, t->schema->name);
    }
    return found;
}

/* Splits "COLUMN[:KEY]OP VALUE".  OPS lists the operators allowed (longest
 * first matters: they are tried in order).  On return *KEYP is NULL if
 * there was no key, *OPP the operator's index (or -1 if OPS is NULL and
 * none was wanted), *VALUEP the rest (or NULL). */
static void
parse_column_key_value(const char *arg, const struct vsctl_table *t,
                       const struct ovsdb_column **columnp, char **keyp,
                       const char *const *ops, size_t n_ops, int *opp,
                       char **valuep, bool writing, const char *ops_text)
{
    const char *p = arg;
    char *error;
    char *column_name = vsctl_token_parse(&p, ":=!<>{}", &error);

    if (!column_name) {
        vsctl_fatal("%s", error);
    }
    if (!*column_name) {
        vsctl_fatal("%s: missing column name", arg);
    }
    *columnp = get_column(t, column_name, writing);
    free(column_name);

    *keyp = NULL;
    if (*p == ':') {
        p++;
        *keyp = vsctl_token_parse(&p, "=!<>{}", &error);
        if (!*keyp) {
            vsctl_fatal("%s", error);
        }
    }

    *valuep = NULL;
    *opp = -1;
    if (ops) {
        for (size_t i = 0; i < n_ops; i++) {
            size_t len = strlen(ops[i]);
            if (!strncmp(p, ops[i], len)) {
                *opp = i;
                p += len;
                break;
            }
        }
        if (*opp < 0 || (!*p && n_ops == 1)) {
            free(*keyp);
            vsctl_fatal("%s: argument does not end in %s followed by a "
                        "value.", arg, ops_text);
        }
        *valuep = xstrdup(p);
    } else if (*p) {
        free(*keyp);
        vsctl_fatal("%s: trailing garbage \"%s\" in argument", arg, p);
    }
}

static void
die_if_error(char *error)
{
    if (error) {
        vsctl_fatal("%s", error);
    }
}

/* Column names are checked before any record is looked up, so that a bad
 * column is reported even when the record does not exist (as the tool we
 * are compatible with does).  Checks ARGV[FIRST..LAST]; a word whose
 * column name does not even parse is left for the run phase to report. */
static void
check_column_names(struct vsctl_context *ctx, const struct vsctl_table *t,
                   int first, int last, bool writing)
{
    for (int i = first; i <= last && i < ctx->argc; i++) {
        const char *p = ctx->argv[i];
        char *error = NULL;
        char *name = vsctl_token_parse(&p, ":=!<>{}", &error);
        if (name && *name) {
            get_column(t, name, writing);
        }
        free(name);
        free(error);
    }
}

static const struct ovsdb_column **parse_columns(struct vsctl_context *,
                                                 const struct vsctl_table *,
                                                 size_t *np);

/* list, find */

static void
pre_list_find(struct vsctl_context *ctx)
{
    struct vsctl_table *t = need_table_for_records(ctx, ctx->argv[1]);
    size_t n;
    free(parse_columns(ctx, t, &n));
}

static const struct ovsdb_column **
parse_columns(struct vsctl_context *ctx, const struct vsctl_table *t,
              size_t *np)
{
    const char *spec = shash_find_data(ctx->options, "--columns");
    const struct ovsdb_table_schema *ts = t->schema;
    const struct ovsdb_column **columns
        = xmalloc(ts->n_columns * sizeof *columns);
    size_t n = 0;

    if (!spec) {
        columns[n++] = ts->columns_by_index[OVSDB_COL_UUID];
        for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
            columns[n++] = ts->columns_by_index[i];
        }
    } else {
        char *copy = xstrdup(spec);
        char *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            if (n >= ts->n_columns) {
                columns = xrealloc(columns, (n + 1) * sizeof *columns);
            }
            columns[n++] = get_column(t, tok, false);
        }
        free(copy);
    }
    *np = n;
    return columns;
}

static void
add_table_row(struct table *table, const struct vsctl_row *row,
              const struct ovsdb_column **columns, size_t n)
{
    table_add_row(table);
    for (size_t i = 0; i < n; i++) {
        struct cell *cell = table_add_cell(table, i);
        cell->json = ovsdb_datum_to_json(vsctl_row_get(row, columns[i]),
                                         &columns[i]->type);
        cell->type = &columns[i]->type;
    }
}

static struct table *
new_table(const struct ovsdb_column **columns, size_t n)
{
    struct table *table = xmalloc(sizeof *table);
    table_init(table);
    for (size_t i = 0; i < n; i++) {
        table_add_column(table, columns[i]->name);
    }
    return table;
}

static void
cmd_list(struct vsctl_context *ctx)
{
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    bool if_exists = shash_find(ctx->options, "--if-exists");
    size_t n_columns;
    const struct ovsdb_column **columns = parse_columns(ctx, t, &n_columns);
    struct table *table = new_table(columns, n_columns);

    if (ctx->argc > 2) {
        for (int i = 2; i < ctx->argc; i++) {
            struct vsctl_row *row = find_row(ctx, t, ctx->argv[i],
                                             !if_exists);
            if (row) {
                add_table_row(table, row, columns, n_columns);
            }
        }
    } else {
        size_t n;
        struct vsctl_row **rows = vsctl_table_rows(t, &n);
        for (size_t i = 0; i < n; i++) {
            add_table_row(table, rows[i], columns, n_columns);
        }
        free(rows);
    }
    free(columns);
    ctx->table = table;
}

enum relop {
    RELOP_EQ, RELOP_NE, RELOP_LT, RELOP_GT, RELOP_LE, RELOP_GE,
    RELOP_SET_EQ, RELOP_SET_NE, RELOP_SET_LT, RELOP_SET_GT, RELOP_SET_LE,
    RELOP_SET_GE, RELOP_SET_IN, RELOP_SET_NOT_IN
};

/* Tried in this order, so that "<=" wins over "<" and "{<=}" over "{<}".
 * RELOP_INDEX maps back to enum relop. */
static const char *const relop_texts[] = {
    "{not-in}", "{in}", "{!=}", "{<=}", "{>=}", "{=}", "{<}", "{>}",
    "!=", "<=", ">=", "=", "<", ">"
};
static const enum relop relop_index[] = {
    RELOP_SET_NOT_IN, RELOP_SET_IN, RELOP_SET_NE, RELOP_SET_LE,
    RELOP_SET_GE, RELOP_SET_EQ, RELOP_SET_LT, RELOP_SET_GT,
    RELOP_NE, RELOP_LE, RELOP_GE, RELOP_EQ, RELOP_LT, RELOP_GT
};
static const char relops_text[] =
    "\"=\", \"!=\", \"<\", \">\", \"<=\", \">=\", \"{=}\", \"{!=}\", "
    "\"{<}\", \"{>}\", \"{<=}\", \"{>=}\", \"{in}\", or \"{not-in}\"";

/* Sets with more elements are larger; equal-sized ones compare element by
 * element (keys first, then values). */
static int
compare_datums(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
               const struct ovsdb_type *type)
{
    if (a->n != b->n) {
        return a->n < b->n ? -1 : 1;
    }
    for (unsigned int i = 0; i < a->n; i++) {
        int cmp = ovsdb_atom_compare_3way(&a->keys[i], &b->keys[i],
                                          type->key.type);
        if (cmp) {
            return cmp;
        }
    }
    if (ovsdb_type_is_map(type)) {
        for (unsigned int i = 0; i < a->n; i++) {
            int cmp = ovsdb_atom_compare_3way(&a->values[i], &b->values[i],
                                              type->value.type);
            if (cmp) {
                return cmp;
            }
        }
    }
    return 0;
}

static bool
evaluate_relop(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
               const struct ovsdb_type *type, enum relop op)
{
    switch (op) {
    case RELOP_EQ:
    case RELOP_SET_EQ:
        return compare_datums(a, b, type) == 0;
    case RELOP_NE:
    case RELOP_SET_NE:
        return compare_datums(a, b, type) != 0;
    case RELOP_LT:
        return compare_datums(a, b, type) < 0;
    case RELOP_GT:
        return compare_datums(a, b, type) > 0;
    case RELOP_LE:
        return compare_datums(a, b, type) <= 0;
    case RELOP_GE:
        return compare_datums(a, b, type) >= 0;
    case RELOP_SET_LT:
        return (a->n < b->n && ovsdb_datum_includes_all(a, b, type));
    case RELOP_SET_GT:
        return (a->n > b->n && ovsdb_datum_includes_all(b, a, type));
    case RELOP_SET_LE:
    case RELOP_SET_IN:
        return ovsdb_datum_includes_all(a, b, type);
    case RELOP_SET_GE:
        return ovsdb_datum_includes_all(b, a, type);
    case RELOP_SET_NOT_IN:
        return ovsdb_datum_excludes_all(a, b, type);
    }
    OVS_NOT_REACHED();
}

static bool
is_set_operator(enum relop op)
{
    return op >= RELOP_SET_EQ;
}

static bool
condition_holds(struct vsctl_context *ctx, const struct vsctl_table *t,
                const struct vsctl_row *row, const char *arg)
{
    const struct ovsdb_column *column;
    char *key, *value;
    int op_idx;

    parse_column_key_value(arg, t, &column, &key, relop_texts,
                           ARRAY_SIZE(relop_texts), &op_idx, &value, false,
                           relops_text);
    enum relop op = relop_index[op_idx];
    const struct ovsdb_datum *have = vsctl_row_get(row, column);
    bool result;

    if (key) {
        if (!ovsdb_type_is_map(&column->type)) {
            vsctl_fatal("cannot specify key to check for non-map column "
                        "%s", column->name);
        }
        union ovsdb_atom key_atom;
        die_if_error(vsctl_atom_from_string(&key_atom, &column->type.key,
                                            key, ctx->symtab, NULL));

        struct ovsdb_type type;
        ovsdb_type_init_scalar(&type, OVSDB_TYPE_VOID);
        ovsdb_base_type_clone(&type.key, &column->type.value);
        type.n_min = 0;
        type.n_max = 1;

        struct ovsdb_datum want;
        die_if_error(vsctl_datum_from_string(&want, &type, value,
                                             ctx->symtab));
        unsigned int idx = ovsdb_datum_find_key(have, &key_atom,
                                                column->type.key.type);
        if (idx == OVSDB_DATUM_NOT_FOUND && !is_set_operator(op)) {
            result = false;
        } else {
            struct ovsdb_datum a;
            if (idx == OVSDB_DATUM_NOT_FOUND) {
                ovsdb_datum_init_empty(&a);
            } else {
                ovsdb_datum_init_atom(&a, &have->values[idx],
                                      column->type.value.type);
            }
            result = evaluate_relop(&a, &want, &type, op);
            ovsdb_datum_destroy(&a, &type);
        }
        ovsdb_datum_destroy(&want, &type);
        ovsdb_atom_destroy(&key_atom, column->type.key.type);
        ovsdb_type_destroy(&type);
    } else {
        struct ovsdb_type type;
        struct ovsdb_datum want;

        ovsdb_type_clone(&type, &column->type);
        type.n_min = 0;
        die_if_error(vsctl_datum_from_string(&want, &type, value,
                                             ctx->symtab));
        result = evaluate_relop(have, &want, &type, op);
        ovsdb_datum_destroy(&want, &type);
        ovsdb_type_destroy(&type);
    }
    free(key);
    free(value);
    return result;
}

static void
cmd_find(struct vsctl_context *ctx)
{
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    size_t n_columns;
    const struct ovsdb_column **columns = parse_columns(ctx, t, &n_columns);
    struct table *table = new_table(columns, n_columns);
    size_t n;
    struct vsctl_row **rows = vsctl_table_rows(t, &n);

    for (size_t i = 0; i < n; i++) {
        bool match = true;
        for (int j = 2; j < ctx->argc && match; j++) {
            match = condition_holds(ctx, t, rows[i], ctx->argv[j]);
        }
        if (match) {
            add_table_row(table, rows[i], columns, n_columns);
        }
    }
    /* Conditions are checked even when the table is empty, so that a bad
     * condition is reported either way. */
    if (!n) {
        for (int j = 2; j < ctx->argc; j++) {
            const struct ovsdb_column *column;
            char *key, *value;
            int op;
            parse_column_key_value(ctx->argv[j], t, &column, &key,
                                   relop_texts, ARRAY_SIZE(relop_texts),
                                   &op, &value, false, relops_text);
            free(key);
            free(value);
        }
    }
    free(rows);
    free(columns);
    ctx->table = table;
}

/* get */

static void
pre_get(struct vsctl_context *ctx)
{
    struct vsctl_table *t = need_table_for_records(ctx, ctx->argv[1]);
    check_column_names(ctx, t, 3, INT_MAX, false);
}

/* Binds "--id=@name" to ROW. */
static void
bind_id(struct vsctl_context *ctx, const struct vsctl_row *row)
{
    const char *id = shash_find_data(ctx->options, "--id");
    if (!id) {
        return;
    }
    if (id[0] != '@') {
        vsctl_fatal("row id \"%s\" does not begin with \"@\"", id);
    }
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_get(ctx->symtab, id);
    if (symbol && symbol->created) {
        vsctl_fatal("row id \"%s\" may only be specified on one --id "
                    "option", id);
    }
    symbol = ovsdb_symbol_table_put(ctx->symtab, id, &row->uuid);
    symbol->created = true;
    symbol->strong_ref = true;
}

static void
cmd_get(struct vsctl_context *ctx)
{
    bool if_exists = shash_find(ctx->options, "--if-exists");
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    const char *record = ctx->argv[2];
    struct vsctl_row *row = find_row(ctx, t, record, !if_exists);

    if (!row) {
        return;
    }
    bind_id(ctx, row);
    for (int i = 3; i < ctx->argc; i++) {
        const struct ovsdb_column *column;
        char *key, *value;
        int op;

        parse_column_key_value(ctx->argv[i], t, &column, &key, NULL, 0,
                               &op, &value, false, NULL);
        const struct ovsdb_datum *d = vsctl_row_get(row, column);
        if (key) {
            if (!ovsdb_type_is_map(&column->type)) {
                free(key);
                vsctl_fatal("cannot specify key to get for non-map column "
                            "%s", column->name);
            }
            union ovsdb_atom key_atom;
            die_if_error(vsctl_atom_from_string(&key_atom,
                                                &column->type.key, key,
                                                ctx->symtab, NULL));
            unsigned int idx = ovsdb_datum_find_key(d, &key_atom,
                                                    column->type.key.type);
            ovsdb_atom_destroy(&key_atom, column->type.key.type);
            if (idx == OVSDB_DATUM_NOT_FOUND) {
                if (!if_exists) {
                    vsctl_fatal("no key \"%s\" in %s record \"%s\" column "
                                "%s", key, t->schema->name, record,
                                column->name);
                }
            } else {
                ovsdb_atom_to_text(&d->values[idx],
                                     column->type.value.type, ctx->output);
            }
            free(key);
        } else {
            ovsdb_datum_to_text(d, &column->type, ctx->output);
        }
        ds_put_char(ctx->output, '\n');
    }
}

/* set, add, remove, clear */

static void
check_mutable(const struct vsctl_table *t, const struct ovsdb_column *c,
              const char *verb)
{
    if (!c->is_mutable) {
        vsctl_fatal("cannot %s read-only column %s in table %s", verb,
                    c->name, t->schema->name);
    }
}

static void
check_datum_size(const struct ovsdb_datum *d, const struct ovsdb_column *c,
                 const struct vsctl_table *t, const char *op)
{
    if (d->n > c->type.n_max) {
        vsctl_fatal("\"%s\" operation would put %u %s in column %s of "
                    "table %s but the maximum number is %u", op, d->n,
                    ovsdb_type_is_map(&c->type) ? "pairs" : "values",
                    c->name, t->schema->name, c->type.n_max);
    } else if (d->n < c->type.n_min) {
        vsctl_fatal("\"%s\" operation would put %u %s in column %s of "
                    "table %s but the minimum number is %u", op, d->n,
                    ovsdb_type_is_map(&c->type) ? "pairs" : "values",
                    c->name, t->schema->name, c->type.n_min);
    }
}

/* Applies "COLUMN[:KEY]=VALUE" to ROW. */
static void
set_column(struct vsctl_context *ctx, struct vsctl_table *t,
           struct vsctl_row *row, const char *arg)
{
    static const char *const eq[] = { "=" };
    const struct ovsdb_column *column;
    char *key, *value;
    int op;

    parse_column_key_value(arg, t, &column, &key, eq, 1, &op, &value, true,
                           "\"=\"");
    check_mutable(t, column, "modify");
    if (key) {
        if (!ovsdb_type_is_map(&column->type)) {
            vsctl_fatal("cannot specify key to set for non-map column %s",
                        column->name);
        }
        union ovsdb_atom k, v;
        die_if_error(vsctl_atom_from_string(&k, &column->type.key, key,
                                            ctx->symtab, NULL));
        die_if_error(vsctl_atom_from_string(&v, &column->type.value, value,
                                            ctx->symtab, NULL));
        struct ovsdb_datum d;
        ovsdb_datum_clone(&d, vsctl_row_get(row, column), &column->type);
        unsigned int idx = ovsdb_datum_find_key(&d, &k,
                                                column->type.key.type);
        if (idx != OVSDB_DATUM_NOT_FOUND) {
            ovsdb_datum_remove(&d, idx, &column->type);
        }
        ovsdb_datum_add_unsafe(&d, &k, &v);
        struct ovsdb_error *e = ovsdb_datum_sort(&d, &column->type);
        ovs_assert(!e);
        check_datum_size(&d, column, t, "set");
        vsctl_row_set(row, column, &d);
    } else {
        struct ovsdb_datum d;
        die_if_error(vsctl_datum_from_string(&d, &column->type, value,
                                             ctx->symtab));
        vsctl_row_set(row, column, &d);
    }
    free(key);
    free(value);
}

void
vsctl_set_column(struct vsctl_context *ctx, struct vsctl_row *row,
                 const char *arg)
{
    set_column(ctx, row->table, row, arg);
}

static void
pre_set(struct vsctl_context *ctx)
{
    struct vsctl_table *t = need_table_for_records(ctx, ctx->argv[1]);
    check_column_names(ctx, t, 3, INT_MAX, true);
}

/* "add" and "remove" name one column; the words after it are values. */
static void
pre_edit(struct vsctl_context *ctx)
{
    struct vsctl_table *t = need_table_for_records(ctx, ctx->argv[1]);
    check_column_names(ctx, t, 3, 3, true);
}

static void
cmd_set(struct vsctl_context *ctx)
{
    bool if_exists = shash_find(ctx->options, "--if-exists");
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    struct vsctl_row *row = find_row(ctx, t, ctx->argv[2], !if_exists);

    if (!row) {
        return;
    }
    for (int i = 3; i < ctx->argc; i++) {
        set_column(ctx, t, row, ctx->argv[i]);
    }
}

/* The type of the values "add" and "remove" take: any number of
 * elements. */
static void
loose_type(struct ovsdb_type *type, const struct ovsdb_column *column)
{
    ovsdb_type_clone(type, &column->type);
    type->n_min = 0;
    type->n_max = OVSDB_N_UNLIMITED;
}

/* Sets KEY_TYPE to map type TYPE with its values dropped: the type of a
 * list of keys. */
static void
keys_type(struct ovsdb_type *key_type, const struct ovsdb_type *type)
{
    ovsdb_type_clone(key_type, type);
    ovsdb_base_type_destroy(&key_type->value);
    ovsdb_base_type_init(&key_type->value, OVSDB_TYPE_VOID);
}

/* "add": ARG's elements join D.  In a map, new values replace old ones for
 * the same keys. */
static void
add_elements(struct vsctl_context *ctx, struct ovsdb_datum *d,
             const struct ovsdb_type *type, const char *arg)
{
    struct ovsdb_datum add;

    die_if_error(vsctl_datum_from_string(&add, type, arg, ctx->symtab));
    if (ovsdb_type_is_map(type)) {
        struct ovsdb_type key_type;
        keys_type(&key_type, type);
        ovsdb_datum_subtract(d, type, &add, &key_type);
        ovsdb_type_destroy(&key_type);
    }
    ovsdb_datum_union(d, &add, type);
    ovsdb_datum_destroy(&add, type);
}

/* "remove": ARG's elements leave D.  A map also accepts a list of keys. */
static void
remove_elements(struct vsctl_context *ctx, struct ovsdb_datum *d,
                const struct ovsdb_type *type, const char *arg)
{
    struct ovsdb_datum rm;
    char *error = vsctl_datum_from_string(&rm, type, arg, ctx->symtab);

    if (error && ovsdb_type_is_map(type)) {
        struct ovsdb_type key_type;
        keys_type(&key_type, type);
        char *error2 = vsctl_datum_from_string(&rm, &key_type, arg,
                                               ctx->symtab);
        if (error2) {
            free(error2);
            ovsdb_type_destroy(&key_type);
            die_if_error(error);
        }
        free(error);
        ovsdb_datum_subtract(d, type, &rm, &key_type);
        ovsdb_datum_destroy(&rm, &key_type);
        ovsdb_type_destroy(&key_type);
        return;
    }
    die_if_error(error);
    ovsdb_datum_subtract(d, type, &rm, type);
    ovsdb_datum_destroy(&rm, type);
}

/* "add" and "remove": TABLE RECORD COLUMN VALUE..., each VALUE applied to
 * the column by EDIT, then the result checked against the column's size
 * limits. */
static void
edit_column(struct vsctl_context *ctx, const char *verb,
            void (*edit)(struct vsctl_context *, struct ovsdb_datum *,
                         const struct ovsdb_type *, const char *))
{
    bool if_exists = shash_find(ctx->options, "--if-exists");
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    struct vsctl_row *row = find_row(ctx, t, ctx->argv[2], !if_exists);
    const struct ovsdb_column *column = get_column(t, ctx->argv[3], true);

    if (!row) {
        return;
    }
    check_mutable(t, column, "modify");

    struct ovsdb_type type;
    struct ovsdb_datum d;
    loose_type(&type, column);
    ovsdb_datum_clone(&d, vsctl_row_get(row, column), &column->type);
    for (int i = 4; i < ctx->argc; i++) {
        edit(ctx, &d, &type, ctx->argv[i]);
    }
    check_datum_size(&d, column, t, verb);
    ovsdb_type_destroy(&type);
    vsctl_row_set(row, column, &d);
}

static void
cmd_add(struct vsctl_context *ctx)
{
    edit_column(ctx, "add", add_elements);
}

static void
cmd_remove(struct vsctl_context *ctx)
{
    edit_column(ctx, "remove", remove_elements);
}

static void
cmd_clear(struct vsctl_context *ctx)
{
    bool if_exists = shash_find(ctx->options, "--if-exists");
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    struct vsctl_row *row = find_row(ctx, t, ctx->argv[2], !if_exists);

    for (int i = 3; i < ctx->argc; i++) {
        const struct ovsdb_column *column = get_column(t, ctx->argv[i],
                                                       true);
        check_mutable(t, column, "modify");
        if (column->type.n_min > 0) {
            vsctl_fatal("\"clear\" operation cannot be applied to column "
                        "%s of table %s, which is not allowed to be empty",
                        column->name, t->schema->name);
        }
        if (row) {
            struct ovsdb_datum d;
            ovsdb_datum_init_empty(&d);
            vsctl_row_set(row, column, &d);
        }
    }
}

/* create, destroy */

static void
pre_create(struct vsctl_context *ctx)
{
    need_table_for_records(ctx, ctx->argv[1]);
}

static void
cmd_create(struct vsctl_context *ctx)
{
    const char *id = shash_find_data(ctx->options, "--id");
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    struct ovsdb_symbol *symbol = NULL;

    if (id) {
        if (id[0] != '@') {
            vsctl_fatal("row id \"%s\" does not begin with \"@\"", id);
        }
        symbol = ovsdb_symbol_table_insert(ctx->symtab, id);
        if (symbol->created) {
            vsctl_fatal("row id \"%s\" may only be specified on one --id "
                        "option", id);
        }
        symbol->created = true;
    } else if (!t->schema->is_gc_root) {
        VLOG_WARN("applying \"create\" command to table %s without --id "
                  "option will have no effect", t->schema->name);
    }

    struct vsctl_row *row = vsctl_row_insert(t, symbol ? &symbol->uuid
                                             : NULL);
    for (int i = 2; i < ctx->argc; i++) {
        set_column(ctx, t, row, ctx->argv[i]);
    }
    ctx->aux = row;
}

static void
post_create(struct vsctl_context *ctx)
{
    const struct vsctl_row *row = ctx->aux;
    char buf[UUID_LEN + 1];

    if (row) {
        uuid_to_string(&row->real_uuid, buf);
        ds_put_format(ctx->output, "%s\n", buf);
    }
}

static void
pre_destroy(struct vsctl_context *ctx)
{
    need_table_for_records(ctx, ctx->argv[1]);
}

static void
cmd_destroy(struct vsctl_context *ctx)
{
    bool if_exists = shash_find(ctx->options, "--if-exists");
    bool all = shash_find(ctx->options, "--all");
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);

    if (all && ctx->argc > 2) {
        vsctl_fatal("--all and records argument should not be specified "
                    "together");
    }
    if (!all && ctx->argc <= 2) {
        VLOG_WARN("either --all or records argument should be specified");
        return;
    }
    if (all) {
        size_t n;
        struct vsctl_row **rows = vsctl_table_rows(t, &n);
        for (size_t i = 0; i < n; i++) {
            if (t->schema->is_gc_root) {
                vsctl_row_delete(rows[i]);
            }
        }
        free(rows);
        return;
    }
    for (int i = 2; i < ctx->argc; i++) {
        struct vsctl_row *row = find_row(ctx, t, ctx->argv[i], !if_exists);
        if (row && t->schema->is_gc_root) {
            vsctl_row_delete(row);
        }
    }
}

/* wait-until */

static void
cmd_wait_until(struct vsctl_context *ctx)
{
    struct vsctl_table *t = vsctl_get_table(ctx, ctx->argv[1]);
    struct vsctl_row *row = find_row(ctx, t, ctx->argv[2], false);

    if (!row) {
        ctx->try_again = true;
        return;
    }
    for (int i = 3; i < ctx->argc; i++) {
        if (!condition_holds(ctx, t, row, ctx->argv[i])) {
            ctx->try_again = true;
            return;
        }
    }
}

static void
cmd_comment(struct vsctl_context *ctx OVS_UNUSED)
{
}

static const struct vsctl_command_syntax db_commands[] = {
    {"comment", 0, INT_MAX, NULL, cmd_comment, NULL, "--bare", true},
    {"get", 2, INT_MAX, pre_get, cmd_get, NULL, "--if-exists,--id=", true},
    {"list", 1, INT_MAX, pre_list_find, cmd_list, NULL,
     "--if-exists,--columns=", true},
    {"find", 1, INT_MAX, pre_list_find, cmd_find, NULL, "--columns=", true},
    {"set", 3, INT_MAX, pre_set, cmd_set, NULL, "--if-exists", false},
    {"add", 4, INT_MAX, pre_edit, cmd_add, NULL, "--if-exists", false},
    {"remove", 4, INT_MAX, pre_edit, cmd_remove, NULL, "--if-exists", false},
    {"clear", 3, INT_MAX, pre_set, cmd_clear, NULL, "--if-exists", false},
    {"create", 2, INT_MAX, pre_create, cmd_create, post_create, "--id=",
     false},
    {"destroy", 1, INT_MAX, pre_destroy, cmd_destroy, NULL,
     "--if-exists,--all", false},
    {"wait-until", 2, INT_MAX, pre_get, cmd_wait_until, NULL, "", true},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, false},
};

void
vsctl_dbcmds_register(void)
{
    vsctl_register_commands(db_commands);
}
