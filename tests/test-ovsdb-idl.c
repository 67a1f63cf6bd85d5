/* test-ovsdb-idl.c -- scenarios for the IDL against a live ovsdb-server.
 *
 *   ovstest test-ovsdb-idl REMOTE [--partial] STEP...
 *
 * connects an IDL for tests/idltest.ovsschema (through the accessors that
 * ovsdb-idlc generated) to REMOTE and runs each STEP in turn.  A step is
 * one argument, words separated by spaces: a command and its operands.
 * Output is deterministic: rows are printed one per line, sorted, with no
 * uuids; transaction steps print their status.  With --partial, only
 * simple.s, simple.i and the rows of link2 (no columns) are replicated.  Any unexpected condition,
 * or waiting longer than 20 seconds for something, fails the program.
 *
 * Steps (S names a "simple" row by its s column, N a "link1" row):
 *   wait                   run until the initial contents are in
 *   wait-until S I         run until simple row S has i=I
 *   print                  print every row
 *   method                 print the monitor method in use
 *   insert S I             insert a simple row (several columns set)
 *   set-i S I | set-r S R | set-wo S V
 *   delete S
 *   setkey S K V | delkey S K | addvalue S I | delvalue S I
 *   external CMD...        run the shell command, wait for the change
 *   verify-race S I CMD... verify i, set i; CMD changes it before the
 *                          first commit; retry until success
 *   set-race S I CMD...    set i; CMD runs before the commit
 *   increment S            increment i, print the new value
 *   link-pair N1 N2        insert two link1 rows referring to each other
 *                          and a link2 row referring to N1, in one txn
 *   delete-link N...       delete link1 rows in one txn
 *   cond TABLE JSON        set a condition, wait until the server has it
 *   track | print-tracked  enable tracking / print and clear the tracked
 *   restart CMD...         run CMD (restarting the server), wait for the
 *                          IDL to lose and regain the connection
 *   reconnect [CMD...]     force a reconnection, run CMD while
 *                          disconnected, wait for the resynchronisation
 *   incremental            print whether the last sync was incremental
 *   locks                  the lock scenario between two IDLs
 *   no-db                  run 1.5 s, print whether the IDL got in sync
 *   error-txn N            insert a link1 row named N (a duplicate)
 *   dry-run S I | unchanged | abort | not-connected
 *   omit-wo | omit-alert-r configure columns (before "wait")
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "ovstest.h"
#include "poll-loop.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"
#include "tests/idltest-idl.h"     /* Generated in the build tree. */

static const char *remote;

/* Runs IDLS until COND(AUX) holds; fails after 20 s. */
static void
run_until(struct ovsdb_idl **idls, size_t n,
          bool (*cond)(struct ovsdb_idl **, void *), void *aux,
          const char *what)
{
    long long deadline = time_msec() + 20000;
    for (;;) {
        for (size_t i = 0; i < n; i++) {
            ovsdb_idl_run(idls[i]);
        }
        if (cond(idls, aux)) {
            return;
        }
        if (time_msec() > deadline) {
            ovs_fatal(0, "timed out waiting for %s", what);
        }
        for (size_t i = 0; i < n; i++) {
            ovsdb_idl_wait(idls[i]);
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

static bool
is_synced(struct ovsdb_idl **idls, void *aux OVS_UNUSED)
{
    return ovsdb_idl_is_connected(idls[0]);
}

static bool
seqno_changed(struct ovsdb_idl **idls, void *aux)
{
    return ovsdb_idl_get_seqno(idls[0]) != *(unsigned int *) aux;
}

/* For "wait-until S I". */
struct simple_has {
    const char *s;
    int64_t i;
};

static bool
simple_has(struct ovsdb_idl **idls, void *aux)
{
    const struct simple_has *want = aux;
    const struct idltestrec_simple *row;
    idltestrec_simple_FOR_EACH (row, idls[0]) {
        if (!strcmp(row->s, want->s) && row->i == want->i) {
            return true;
        }
    }
    return false;
}

static bool
is_disconnected(struct ovsdb_idl **idls, void *aux OVS_UNUSED)
{
    return !ovsdb_idl_is_connected(idls[0]);
}

static bool
cond_reached(struct ovsdb_idl **idls, void *aux)
{
    return ovsdb_idl_get_condition_seqno(idls[0]) == *(unsigned int *) aux;
}

static bool
has_lock(struct ovsdb_idl **idls, void *aux)
{
    return ovsdb_idl_has_lock(idls[*(int *) aux]);
}

static bool
is_contended(struct ovsdb_idl **idls, void *aux)
{
    return ovsdb_idl_is_lock_contended(idls[*(int *) aux]);
}

/* Printing. */

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_, *const *b = b_;
    return strcmp(*a, *b);
}

/* Lines to print in sorted order (duplicates kept: two equal rows must
 * show as two lines). */
struct lines {
    char **lines;
    size_t n, allocated;
};

static void
lines_add(struct lines *l, const char *s)
{
    if (l->n >= l->allocated) {
        l->allocated = 2 * l->allocated + 8;
        l->lines = xrealloc(l->lines, l->allocated * sizeof *l->lines);
    }
    l->lines[l->n++] = xstrdup(s);
}

static void
lines_print(struct lines *l, const char *if_empty)
{
    if (!l->n) {
        puts(if_empty);
        return;
    }
    qsort(l->lines, l->n, sizeof *l->lines, compare_strings);
    for (size_t i = 0; i < l->n; i++) {
        puts(l->lines[i]);
        free(l->lines[i]);
    }
    free(l->lines);
    memset(l, 0, sizeof *l);
}

static void
put_int_set(struct ds *s, const char *name, const int64_t *v, size_t n)
{
    ds_put_format(s, " %s=[", name);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(s, "%s%"PRId64, i ? "," : "", v[i]);
    }
    ds_put_char(s, ']');
}

static void
format_simple(const struct idltestrec_simple *r, struct ds *s)
{
    ds_put_format(s, "simple: s=%s i=%"PRId64" r=%g b=%s", r->s, r->i, r->r,
                  r->b ? "true" : "false");
    put_int_set(s, "ia", r->ia, r->n_ia);
    ds_put_cstr(s, " ra=[");
    for (size_t i = 0; i < r->n_ra; i++) {
        ds_put_format(s, "%s%g", i ? "," : "", r->ra[i]);
    }
    ds_put_cstr(s, "] ba=[");
    for (size_t i = 0; i < r->n_ba; i++) {
        ds_put_format(s, "%s%s", i ? "," : "", r->ba[i] ? "true" : "false");
    }
    ds_put_cstr(s, "] sa=[");
    for (size_t i = 0; i < r->n_sa; i++) {
        ds_put_format(s, "%s%s", i ? "," : "", r->sa[i]);
    }
    ds_put_cstr(s, "] smap={");
    const struct smap_node **nodes = smap_sort(&r->smap);
    for (size_t i = 0; i < smap_count(&r->smap); i++) {
        ds_put_format(s, "%s%s=%s", i ? "," : "", nodes[i]->key,
                      nodes[i]->value);
    }
    free(nodes);
    ds_put_cstr(s, "} imap={");
    for (size_t i = 0; i < r->n_imap; i++) {
        ds_put_format(s, "%s%"PRId64"=%s", i ? "," : "", r->key_imap[i],
                      r->value_imap[i]);
    }
    ds_put_char(s, '}');
    put_int_set(s, "oi", r->oi, r->n_oi);
    ds_put_format(s, " color=%s", r->n_color ? r->color[0] : "-");
    ds_put_format(s, " u=%s ua=%zu", uuid_is_zero(&r->u) ? "zero" : "set",
                  r->n_ua);
    ds_put_format(s, " wo=%s", r->wo);
}

static void
put_link1_names(struct ds *s, const char *name,
                struct idltestrec_link1 **rows, size_t n)
{
    const char **names = xmalloc((n + 1) * sizeof *names);
    for (size_t i = 0; i < n; i++) {
        names[i] = rows[i]->name;
    }
    qsort(names, n, sizeof *names, compare_strings);
    ds_put_format(s, " %s=[", name);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(s, "%s%s", i ? "," : "", names[i]);
    }
    ds_put_char(s, ']');
    free(names);
}

static void
format_link1(const struct idltestrec_link1 *r, struct ds *s)
{
    ds_put_format(s, "link1: name=%s i=%"PRId64, r->name, r->i);
    put_link1_names(s, "k", r->k, r->n_k);
    put_link1_names(s, "ka", r->ka, r->n_ka);
    ds_put_cstr(s, " l2=[");
    for (size_t i = 0; i < r->n_l2; i++) {
        ds_put_format(s, "%s%"PRId64, i ? "," : "", r->l2[i]->i);
    }
    ds_put_char(s, ']');
}

static void
format_link2(const struct idltestrec_link2 *r, struct ds *s)
{
    ds_put_format(s, "link2: i=%"PRId64, r->i);
    put_link1_names(s, "l1", r->l1, r->n_l1);
}

static void
print_all(struct ovsdb_idl *idl)
{
    struct lines lines = { NULL, 0, 0 };
    struct ds s = DS_EMPTY_INITIALIZER;
    const struct idltestrec_simple *simple;
    idltestrec_simple_FOR_EACH (simple, idl) {
        ds_clear(&s);
        format_simple(simple, &s);
        lines_add(&lines, ds_cstr(&s));
    }
    const struct idltestrec_link1 *l1;
    idltestrec_link1_FOR_EACH (l1, idl) {
        ds_clear(&s);
        format_link1(l1, &s);
        lines_add(&lines, ds_cstr(&s));
    }
    const struct idltestrec_link2 *l2;
    idltestrec_link2_FOR_EACH (l2, idl) {
        ds_clear(&s);
        format_link2(l2, &s);
        lines_add(&lines, ds_cstr(&s));
    }
    lines_print(&lines, "(empty)");
    ds_destroy(&s);
}

static void
put_tracked(struct ds *s, const struct ovsdb_idl_row *row,
            const struct ovsdb_idl_column *columns, size_t n)
{
    if (ovsdb_idl_row_is_new(row)) {
        ds_put_cstr(s, " new");
    }
    if (ovsdb_idl_row_is_deleted(row)) {
        ds_put_cstr(s, " deleted");
    }
    if (ovsdb_idl_row_is_modified(row)) {
        ds_put_cstr(s, " modified:");
        for (size_t i = 0; i < n; i++) {
            if (ovsdb_idl_row_is_updated(row, &columns[i])) {
                ds_put_format(s, " %s", columns[i].name);
            }
        }
    }
}

static void
print_tracked(struct ovsdb_idl *idl)
{
    struct lines lines = { NULL, 0, 0 };
    struct ds s = DS_EMPTY_INITIALIZER;
    const struct idltestrec_simple *simple;
    idltestrec_simple_FOR_EACH_TRACKED (simple, idl) {
        ds_clear(&s);
        ds_put_format(&s, "tracked simple s=%s:", simple->s);
        put_tracked(&s, &simple->header_, idltestrec_simple_columns,
                    IDLTESTREC_SIMPLE_N_COLUMNS);
        lines_add(&lines, ds_cstr(&s));
    }
    const struct idltestrec_link1 *l1;
    idltestrec_link1_FOR_EACH_TRACKED (l1, idl) {
        ds_clear(&s);
        ds_put_format(&s, "tracked link1 name=%s:", l1->name);
        put_tracked(&s, &l1->header_, idltestrec_link1_columns,
                    IDLTESTREC_LINK1_N_COLUMNS);
        lines_add(&lines, ds_cstr(&s));
    }
    lines_print(&lines, "(nothing tracked)");
    ds_destroy(&s);
    ovsdb_idl_track_clear(idl);
}

/* Helpers for steps. */

static const struct idltestrec_simple *
find_simple(struct ovsdb_idl *idl, const char *s)
{
    const struct idltestrec_simple *row;
    idltestrec_simple_FOR_EACH (row, idl) {
        if (!strcmp(row->s, s)) {
            return row;
        }
    }
    ovs_fatal(0, "no simple row with s=%s", s);
}

static const struct idltestrec_link1 *
find_link1(struct ovsdb_idl *idl, const char *name)
{
    const struct idltestrec_link1 *row;
    idltestrec_link1_FOR_EACH (row, idl) {
        if (!strcmp(row->name, name)) {
            return row;
        }
    }
    ovs_fatal(0, "no link1 row with name=%s", name);
}

static void
print_status(const char *what, struct ovsdb_idl_txn *txn,
             enum ovsdb_idl_txn_status status)
{
    printf("%s: %s", what, ovsdb_idl_txn_status_to_string(status));
    if (status == TXN_ERROR) {
        /* The first word of the error (the RFC 7047 error tag). */
        const char *e = ovsdb_idl_txn_get_error(txn);
        printf(" (%.*s)", (int) strcspn(e, ":"), e);
    }
    putchar('\n');
}

/* Commits TXN, prints its status and destroys it. */
static enum ovsdb_idl_txn_status
commit(struct ovsdb_idl_txn *txn, const char *what)
{
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit_block(txn);
    print_status(what, txn, status);
    ovsdb_idl_txn_destroy(txn);
    return status;
}

static void
run_shell(const char *cmd)
{
    int status = system(cmd);
    if (status) {
        ovs_fatal(0, "\"%s\" failed (status %d)", cmd, status);
    }
}

/* The rest of a step after its first N words. */
static const char *
rest_of(char *const *words, size_t n, const char *step)
{
    const char *p = step;
    for (size_t i = 0; i < n; i++) {
        p = strstr(p, words[i]) + strlen(words[i]);
    }
    return p + strspn(p, " ");
}

static void do_locks(struct ovsdb_idl *);

static void
do_step(struct ovsdb_idl *idl, const char *step)
{
    char *copy = xstrdup(step);
    char *words[8];
    size_t n = 0;
    char *save;
    for (char *w = strtok_r(copy, " ", &save); w && n < ARRAY_SIZE(words);
         w = strtok_r(NULL, " ", &save)) {
        words[n++] = w;
    }
    if (!n) {
        ovs_fatal(0, "empty step");
    }
    const char *cmd = words[0];
    struct ovsdb_idl *idls[1] = { idl };
    unsigned int seqno = ovsdb_idl_get_seqno(idl);
    struct ovsdb_idl_txn *txn;

#define NEED(N) if (n != (N) + 1) ovs_fatal(0, "%s: wrong operands", step)
    if (!strcmp(cmd, "wait")) {
        run_until(idls, 1, is_synced, NULL, "initial contents");
    } else if (!strcmp(cmd, "wait-until")) {
        NEED(2);
        struct simple_has want = { words[1], atoll(words[2]) };
        run_until(idls, 1, simple_has, &want, step);
    } else if (!strcmp(cmd, "print")) {
        print_all(idl);
    } else if (!strcmp(cmd, "method")) {
        printf("method: %s\n", ovsdb_idl_get_monitor_method(idl));
    } else if (!strcmp(cmd, "omit-wo")) {
        ovsdb_idl_omit(idl, &idltestrec_simple_col_wo);
    } else if (!strcmp(cmd, "omit-alert-r")) {
        ovsdb_idl_omit_alert(idl, &idltestrec_simple_col_r);
    } else if (!strcmp(cmd, "insert")) {
        NEED(2);
        int64_t i = atoll(words[2]);
        txn = ovsdb_idl_txn_create(idl);
        struct idltestrec_simple *row = idltestrec_simple_insert(txn);
        struct uuid temp = row->header_.uuid;
        idltestrec_simple_set_s(row, words[1]);
        idltestrec_simple_set_i(row, i);
        idltestrec_simple_set_r(row, i + 0.5);
        idltestrec_simple_set_b(row, i % 2);
        int64_t ia[] = { i + 1, i, i };     /* Duplicates are dropped. */
        idltestrec_simple_set_ia(row, ia, ARRAY_SIZE(ia));
        const char *sa[] = { words[1], "x" };
        idltestrec_simple_set_sa(row, sa, 2);
        struct smap smap = SMAP_INITIALIZER(&smap);
        smap_add(&smap, "k", words[1]);
        idltestrec_simple_set_smap(row, &smap);
        smap_destroy(&smap);
        idltestrec_simple_update_imap_setkey(row, i, words[1]);
        idltestrec_simple_set_oi(row, &i, 1);
        const char *red = "red";
        idltestrec_simple_set_color(row, &red, 1);
        ovsdb_idl_txn_add_comment(txn, "test-ovsdb-idl: insert %s",
                                  words[1]);
        enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit_block(txn);
        print_status("insert", txn, status);
        const struct uuid *real = ovsdb_idl_txn_get_insert_uuid(txn, &temp);
        if (status == TXN_SUCCESS) {
            if (!real) {
                ovs_fatal(0, "no uuid for the inserted row");
            }
            /* Not there if a condition filters it out. */
            printf("insert: row %s by its new uuid\n",
                   idltestrec_simple_get_for_uuid(idl, real)
                   ? "found" : "not replicated");
        }
        ovsdb_idl_txn_destroy(txn);
    } else if (!strcmp(cmd, "set-i") || !strcmp(cmd, "set-r")
               || !strcmp(cmd, "set-wo")) {
        NEED(2);
        txn = ovsdb_idl_txn_create(idl);
        const struct idltestrec_simple *row = find_simple(idl, words[1]);
        if (cmd[4] == 'i') {
            idltestrec_simple_set_i(row, atoll(words[2]));
        } else if (cmd[4] == 'r') {
            idltestrec_simple_set_r(row, atof(words[2]));
        } else {
            idltestrec_simple_set_wo(row, words[2]);
        }
        commit(txn, cmd);
        printf("%s: seqno %s\n", cmd,
               ovsdb_idl_get_seqno(idl) != seqno ? "changed" : "unchanged");
    } else if (!strcmp(cmd, "delete")) {
        NEED(1);
        txn = ovsdb_idl_txn_create(idl);
        idltestrec_simple_delete(find_simple(idl, words[1]));
        commit(txn, cmd);
    } else if (!strcmp(cmd, "setkey") || !strcmp(cmd, "delkey")
               || !strcmp(cmd, "addvalue") || !strcmp(cmd, "delvalue")) {
        txn = ovsdb_idl_txn_create(idl);
        const struct idltestrec_simple *row = find_simple(idl, words[1]);
        if (!strcmp(cmd, "setkey")) {
            NEED(3);
            idltestrec_simple_update_smap_setkey(row, words[2], words[3]);
        } else if (!strcmp(cmd, "delkey")) {
            NEED(2);
            idltestrec_simple_update_smap_delkey(row, words[2]);
        } else if (!strcmp(cmd, "addvalue")) {
            NEED(2);
            idltestrec_simple_update_ia_addvalue(row, atoll(words[2]));
        } else {
            NEED(2);
            idltestrec_simple_update_ia_delvalue(row, atoll(words[2]));
        }
        commit(txn, cmd);
    } else if (!strcmp(cmd, "external")) {
        run_shell(rest_of(words, 1, step));
        run_until(idls, 1, seqno_changed, &seqno, "the external change");
    } else if (!strcmp(cmd, "verify-race")) {
        const char *shell = rest_of(words, 3, step);
        for (int attempt = 1; ; attempt++) {
            txn = ovsdb_idl_txn_create(idl);
            const struct idltestrec_simple *row = find_simple(idl, words[1]);
            printf("attempt %d: read i=%"PRId64"\n", attempt, row->i);
            idltestrec_simple_verify_i(row);
            idltestrec_simple_set_i(row, row->i + atoll(words[2]));
            if (attempt == 1) {
                run_shell(shell);
            }
            char what[32];
            snprintf(what, sizeof what, "attempt %d", attempt);
            if (commit(txn, what) != TXN_TRY_AGAIN) {
                break;
            }
            if (attempt >= 3) {
                ovs_fatal(0, "too many attempts");
            }
            /* The server sends the conflicting change before failing us;
             * wait for it if it is not in yet. */
            if (ovsdb_idl_get_seqno(idl) == seqno) {
                run_until(idls, 1, seqno_changed, &seqno, "the update");
            }
        }
    } else if (!strcmp(cmd, "set-race")) {
        /* CMD deletes the row between our write and the commit. */
        txn = ovsdb_idl_txn_create(idl);
        idltestrec_simple_set_i(find_simple(idl, words[1]), atoll(words[2]));
        run_shell(rest_of(words, 3, step));
        commit(txn, cmd);
    } else if (!strcmp(cmd, "increment")) {
        NEED(1);
        txn = ovsdb_idl_txn_create(idl);
        ovsdb_idl_txn_increment(txn, &find_simple(idl, words[1])->header_,
                                &idltestrec_simple_col_i);
        if (commit(txn, cmd) == TXN_SUCCESS) {
            /* Print from a second read of the row: the IDL has it too. */
            printf("increment: row now has i=%"PRId64"\n",
                   find_simple(idl, words[1])->i);
        }
    } else if (!strcmp(cmd, "increment-value")) {
        NEED(1);
        txn = ovsdb_idl_txn_create(idl);
        ovsdb_idl_txn_increment(txn, &find_simple(idl, words[1])->header_,
                                &idltestrec_simple_col_i);
        enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit_block(txn);
        print_status(cmd, txn, status);
        printf("increment: new value %"PRId64"\n",
               ovsdb_idl_txn_get_increment_new_value(txn));
        ovsdb_idl_txn_destroy(txn);
    } else if (!strcmp(cmd, "link-pair")) {
        NEED(2);
        txn = ovsdb_idl_txn_create(idl);
        struct idltestrec_link1 *a = idltestrec_link1_insert(txn);
        struct idltestrec_link1 *b = idltestrec_link1_insert(txn);
        struct idltestrec_link2 *c = idltestrec_link2_insert(txn);
        idltestrec_link1_set_name(a, words[1]);
        idltestrec_link1_set_name(b, words[2]);
        idltestrec_link1_set_i(a, 1);
        idltestrec_link1_set_i(b, 2);
        idltestrec_link1_set_k(a, &b, 1);
        idltestrec_link1_set_k(b, &a, 1);
        struct idltestrec_link1 *both[] = { a, b };
        idltestrec_link1_set_ka(a, both, 2);
        idltestrec_link1_update_ka_addvalue(b, b);
        idltestrec_link2_set_i(c, 7);
        idltestrec_link2_set_l1(c, &a, 1);
        idltestrec_link1_set_l2(a, &c, 1);
        commit(txn, cmd);
    } else if (!strcmp(cmd, "delete-link")) {
        txn = ovsdb_idl_txn_create(idl);
        for (size_t i = 1; i < n; i++) {
            idltestrec_link1_delete(find_link1(idl, words[i]));
        }
        commit(txn, cmd);
    } else if (!strcmp(cmd, "cond")) {
        NEED(2);
        const struct ovsdb_idl_table_class *tc = NULL;
        for (size_t i = 0; i < IDLTESTREC_N_TABLES; i++) {
            if (!strcmp(idltestrec_table_classes[i].name, words[1])) {
                tc = &idltestrec_table_classes[i];
            }
        }
        if (!tc) {
            ovs_fatal(0, "%s: no such table", words[1]);
        }
        char *error;
        struct json *json = json_parse_string(rest_of(words, 2, step),
                                              &error);
        if (!json) {
            ovs_fatal(0, "%s: %s", step, error);
        }
        struct ovsdb_idl_condition cond;
        ovsdb_idl_condition_init(&cond);
        for (size_t i = 0; i < json_array(json)->n; i++) {
            ovsdb_idl_condition_add_clause_json(&cond,
                                                json_array(json)->elems[i]);
        }
        unsigned int want = ovsdb_idl_set_condition(idl, tc, &cond);
        ovsdb_idl_condition_destroy(&cond);
        json_destroy(json);
        run_until(idls, 1, cond_reached, &want, "the condition");
        printf("cond: %s applied\n", words[1]);
    } else if (!strcmp(cmd, "cond-int")) {
        /* Through the typed clause builder: simple.i == I. */
        NEED(1);
        struct ovsdb_idl_condition cond;
        ovsdb_idl_condition_init(&cond);
        union ovsdb_atom atom = { .integer = atoll(words[1]) };
        struct ovsdb_datum value;
        ovsdb_datum_init_atom(&value, &atom, OVSDB_TYPE_INTEGER);
        ovsdb_idl_condition_add_clause(&cond, &idltestrec_simple_col_i, "==",
                                       &value);
        ovsdb_datum_destroy(&value, &idltestrec_simple_col_i.type);
        unsigned int want = ovsdb_idl_set_condition(
            idl, &idltestrec_table_simple, &cond);
        ovsdb_idl_condition_destroy(&cond);
        run_until(idls, 1, cond_reached, &want, "the condition");
        printf("cond: simple i==%s applied\n", words[1]);
    } else if (!strcmp(cmd, "track")) {
        ovsdb_idl_track_add_all(idl);
    } else if (!strcmp(cmd, "print-tracked")) {
        print_tracked(idl);
    } else if (!strcmp(cmd, "restart") || !strcmp(cmd, "reconnect")) {
        if (cmd[2] == 's') {
            run_shell(rest_of(words, 1, step));
        } else {
            /* Changes made by CMD while we are away must come back. */
            ovsdb_idl_force_reconnect(idl);
            ovsdb_idl_run(idl);         /* Drops the connection. */
            if (n > 1) {
                run_shell(rest_of(words, 1, step));
            }
        }
        run_until(idls, 1, is_disconnected, NULL, "the disconnection");
        run_until(idls, 1, is_synced, NULL, "the reconnection");
        printf("%s: resynchronised\n", cmd);
    } else if (!strcmp(cmd, "incremental")) {
        printf("last sync: %s\n", ovsdb_idl_last_sync_was_incremental(idl)
               ? "incremental" : "full");
    } else if (!strcmp(cmd, "no-db")) {
        /* The server lacks our database: the IDL must not get in sync. */
        long long deadline = time_msec() + 1500;
        while (time_msec() < deadline) {
            ovsdb_idl_run(idl);
            ovsdb_idl_wait(idl);
            poll_timer_wait_until(deadline);
            poll_block();
        }
        printf("no-db: %s\n", ovsdb_idl_has_ever_connected(idl)
               ? "connected" : "not connected");
    } else if (!strcmp(cmd, "locks")) {
        do_locks(idl);
    } else if (!strcmp(cmd, "error-txn")) {
        NEED(1);
        txn = ovsdb_idl_txn_create(idl);
        struct idltestrec_link1 *a = idltestrec_link1_insert(txn);
        idltestrec_link1_set_name(a, words[1]);
        commit(txn, cmd);
    } else if (!strcmp(cmd, "dry-run")) {
        NEED(2);
        txn = ovsdb_idl_txn_create(idl);
        idltestrec_simple_set_i(find_simple(idl, words[1]),
                                atoll(words[2]));
        ovsdb_idl_txn_set_dry_run(txn);
        commit(txn, cmd);
    } else if (!strcmp(cmd, "unchanged")) {
        /* Writing the current value changes nothing; nor does a verify. */
        txn = ovsdb_idl_txn_create(idl);
        const struct idltestrec_simple *row = idltestrec_simple_first(idl);
        if (row) {
            idltestrec_simple_set_i(row, row->i);
            idltestrec_simple_verify_s(row);
        }
        commit(txn, cmd);
    } else if (!strcmp(cmd, "abort")) {
        txn = ovsdb_idl_txn_create(idl);
        const struct idltestrec_simple *row = idltestrec_simple_first(idl);
        if (row) {
            idltestrec_simple_set_i(row, row->i + 100);
        }
        ovsdb_idl_txn_abort(txn);
        print_status(cmd, txn, ovsdb_idl_txn_commit(txn));
        ovsdb_idl_txn_destroy(txn);
    } else if (!strcmp(cmd, "incomplete")) {
        /* A non-blocking commit is incomplete until the reply. */
        NEED(2);
        txn = ovsdb_idl_txn_create(idl);
        idltestrec_simple_set_i(find_simple(idl, words[1]),
                                atoll(words[2]));
        print_status("first commit", txn, ovsdb_idl_txn_commit(txn));
        commit(txn, "finally");
    } else {
        ovs_fatal(0, "%s: unknown step", step);
    }
#undef NEED
    fflush(stdout);
    free(copy);
}

/* Two IDLs contend for lock "L" on the same server. */
static void
do_locks(struct ovsdb_idl *idl1)
{
    struct ovsdb_idl *idl2 = ovsdb_idl_create(remote, &idltestrec_idl_class,
                                              true, true);
    struct ovsdb_idl *idls[2] = { idl1, idl2 };
    int one = 0, two = 1;
    run_until(idls + 1, 1, is_synced, NULL, "second IDL");

    ovsdb_idl_set_lock(idl1, "L");
    run_until(idls, 2, has_lock, &one, "lock for idl1");
    printf("locks: idl1 has lock\n");
    ovsdb_idl_set_lock(idl2, "L");
    run_until(idls, 2, is_contended, &two, "contention for idl2");
    printf("locks: idl2 contended, has_lock=%d\n", ovsdb_idl_has_lock(idl2));

    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl2);
    const struct idltestrec_simple *row = idltestrec_simple_first(idl2);
    ovs_assert(row);
    idltestrec_simple_set_i(row, row->i + 1);
    commit(txn, "locks: idl2 txn");

    txn = ovsdb_idl_txn_create(idl1);
    row = idltestrec_simple_first(idl1);
    idltestrec_simple_set_i(row, row->i + 1);
    commit(txn, "locks: idl1 txn");

    /* idl2 steals the lock; idl1 hears that it was stolen. */
    ovsdb_idl_steal_lock(idl2, "L");
    run_until(idls, 2, has_lock, &two, "idl2 stealing the lock");
    run_until(idls, 2, is_contended, &one, "idl1 losing the lock");
    printf("locks: idl2 stole it, idl1 has_lock=%d\n",
           ovsdb_idl_has_lock(idl1));

    /* The server has not yet told idl1 of its own loss in a race-free
     * way for its transactions: the assert fails on the server. */
    txn = ovsdb_idl_txn_create(idl1);
    row = idltestrec_simple_first(idl1);
    idltestrec_simple_set_i(row, row->i + 1);
    commit(txn, "locks: idl1 txn");

    /* idl2 gives it up; idl1, still waiting, gets it. */
    ovsdb_idl_set_lock(idl2, NULL);
    run_until(idls, 2, has_lock, &one, "idl1 getting the lock back");
    printf("locks: idl2 released, idl1 has lock\n");
    txn = ovsdb_idl_txn_create(idl1);
    row = idltestrec_simple_first(idl1);
    idltestrec_simple_set_i(row, row->i + 1);
    commit(txn, "locks: idl1 txn");

    ovsdb_idl_destroy(idl2);
}

static void
test_ovsdb_idl_main(int argc, char *argv[])
{
    if (argc < 2) {
        ovs_fatal(0, "usage: test-ovsdb-idl REMOTE STEP...");
    }
    remote = argv[1];
    /* "--partial": replicate only simple.s, simple.i and link2's rows. */
    bool partial = argc > 2 && !strcmp(argv[2], "--partial");
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, &idltestrec_idl_class,
                                             !partial, true);
    if (partial) {
        ovsdb_idl_add_column(idl, &idltestrec_simple_col_s);
        ovsdb_idl_add_column(idl, &idltestrec_simple_col_i);
        ovsdb_idl_add_table(idl, &idltestrec_table_link2);
    }
    for (int i = 2 + partial; i < argc; i++) {
        do_step(idl, argv[i]);
    }
    ovsdb_idl_destroy(idl);
}

OVSTEST_REGISTER("test-ovsdb-idl", test_ovsdb_idl_main);
