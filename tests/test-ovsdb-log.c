/* test-ovsdb-log.c -- unit tests for the OVSDB log framing (ovsdb-log.h)
 * and database files (ovsdb-file.h), driven by tests/ovsdb-log.at.
 *
 *   ovstest test-ovsdb-log write FILE N    N records {"n": I, ...}
 *   ovstest test-ovsdb-log read FILE ro|rw prints records, then a summary
 *   ovstest test-ovsdb-log torn-all FILE   every truncation of the last
 *                                          record: dropped and truncated
 *   ovstest test-ovsdb-log corrupt-all FILE every one-byte change before
 *                                          the last record: refused
 *   ovstest test-ovsdb-log lock FILE       a second writer is refused
 *   ovstest test-ovsdb-file race FILE      commits racing compactions
 *   ovstest test-ovsdb-file auto FILE      automatic compaction policy
 *   ovstest test-ovsdb-file compact-latency FILE MB [ROWS [MAX_MS]]
 *                                          main-thread cost of compacting
 *                                          a log of MB megabytes holding
 *                                          ROWS rows (default 100) must
 *                                          stay under MAX_MS (default 100)
 *
 * The "all" commands do what a shell loop would do thousands of times,
 * in one process, so they stay fast. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynamic-string.h"
#include "json.h"
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
#include "ovstest.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

static char *
error_string(struct ovsdb_error *error)
{
    char *s = ovsdb_error_to_string(error);
    ovsdb_error_destroy(error);
    return s;
}

static void
check_ok(struct ovsdb_error *error)
{
    if (error) {
        ovs_fatal(0, "unexpected error: %s", error_string(error));
    }
}

static char *
read_file(const char *name, size_t *np)
{
    FILE *f = fopen(name, "rb");
    if (!f) {
        ovs_fatal(errno, "%s: open failed", name);
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        ds_put_buffer(&s, buf, n);
    }
    fclose(f);
    *np = s.length;
    return s.string ? s.string : xzalloc(1);
}

static void
write_file(const char *name, const char *data, size_t n)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd < 0 || ovsdb_log_write_fully(fd, data, n) || close(fd)) {
        ovs_fatal(errno, "%s: write failed", name);
    }
}

static off_t
file_size(const char *name)
{
    struct stat st;
    if (stat(name, &st)) {
        ovs_fatal(errno, "%s: stat failed", name);
    }
    return st.st_size;
}

/* Reads all of NAME; returns the number of records, or -1 on error (with
 * the message in *ERRORP). */
static int
count_records(const char *name, enum ovsdb_log_open_mode mode, char **errorp)
{
    struct ovsdb_log *log;
    struct ovsdb_error *error = ovsdb_log_open(name, mode, &log);
    int n = 0;

    *errorp = NULL;
    if (error) {
        *errorp = error_string(error);
        return -1;
    }
    for (;;) {
        struct json *json;
        error = ovsdb_log_read(log, &json);
        if (error) {
            *errorp = error_string(error);
            n = -1;
            break;
        } else if (!json) {
            break;
        }
        json_destroy(json);
        n++;
    }
    ovsdb_log_close(log);
    return n;
}

static void
do_write(const char *name, int n)
{
    struct ovsdb_log *log;
    check_ok(ovsdb_log_open(name, OVSDB_LOG_CREATE, &log));
    for (int i = 0; i < n; i++) {
        struct json *json = json_object_create();
        json_object_put(json, "n", json_integer_create(i));
        json_object_put_string(json, "s", "record with \"quotes\" and é");
        check_ok(ovsdb_log_write(log, json));
        json_destroy(json);
        printf("record %d ends at %lld\n", i,
               (long long int) ovsdb_log_get_offset(log));
    }
    check_ok(ovsdb_log_commit(log));
    ovsdb_log_close(log);
}

static void
do_read(const char *name, const char *mode)
{
    struct ovsdb_log *log;
    struct ovsdb_error *error;

    error = ovsdb_log_open(name, (!strcmp(mode, "rw") ? OVSDB_LOG_READ_WRITE
                                  : OVSDB_LOG_READ_ONLY), &log);
    if (error) {
        char *s = error_string(error);
        printf("open error: %s\n", s);
        free(s);
        return;
    }
    for (;;) {
        struct json *json;
        error = ovsdb_log_read(log, &json);
        if (error) {
            char *s = error_string(error);
            printf("read error: %s\n", s);
            free(s);
            break;
        } else if (!json) {
            printf("%llu records, %lld bytes\n",
                   ovsdb_log_get_n_records(log),
                   (long long int) ovsdb_log_get_offset(log));
            break;
        }
        char *s = json_to_string(json, JSSF_SORT);
        puts(s);
        free(s);
        json_destroy(json);
    }
    ovsdb_log_close(log);
}

/* Offsets of the ends of all records of a good file NAME. */
static size_t
record_ends(const char *name, off_t **endsp)
{
    struct ovsdb_log *log;
    size_t n = 0, allocated = 0;
    off_t *ends = NULL;

    check_ok(ovsdb_log_open(name, OVSDB_LOG_READ_ONLY, &log));
    for (;;) {
        struct json *json;
        check_ok(ovsdb_log_read(log, &json));
        if (!json) {
            break;
        }
        json_destroy(json);
        if (n >= allocated) {
            ends = x2nrealloc(ends, &allocated, sizeof *ends);
        }
        ends[n++] = ovsdb_log_get_offset(log);
    }
    ovsdb_log_close(log);
    *endsp = ends;
    return n;
}

static void
do_torn_all(const char *name)
{
    off_t *ends;
    size_t n = record_ends(name, &ends);
    size_t size;
    char *data = read_file(name, &size);
    char *copy = xasprintf("%s.torn", name);
    int checked = 0;

    OVSTEST_CHECK(n >= 2);
    OVSTEST_CHECK_INT(ends[n - 1], size);
    for (off_t k = ends[n - 2] + 1; k < ends[n - 1]; k++) {
        char *error;

        /* Read-only: the torn record is ignored, the file left alone. */
        write_file(copy, data, k);
        OVSTEST_CHECK_INT(count_records(copy, OVSDB_LOG_READ_ONLY, &error),
                          n - 1);
        OVSTEST_CHECK_INT(file_size(copy), k);

        /* Writable: also truncated, and a new record appends cleanly. */
        struct ovsdb_log *log;
        check_ok(ovsdb_log_open(copy, OVSDB_LOG_READ_WRITE, &log));
        struct json *json;
        size_t n_read = 0;
        for (;;) {
            check_ok(ovsdb_log_read(log, &json));
            if (!json) {
                break;
            }
            json_destroy(json);
            n_read++;
        }
        OVSTEST_CHECK_INT(n_read, n - 1);
        OVSTEST_CHECK_INT(file_size(copy), ends[n - 2]);
        json = json_string_create("appended");
        check_ok(ovsdb_log_write(log, json));
        json_destroy(json);
        ovsdb_log_close(log);
        OVSTEST_CHECK_INT(count_records(copy, OVSDB_LOG_READ_ONLY, &error),
                          n);
        checked++;
    }
    printf("%d truncations checked\n", checked);
    unlink(copy);
    free(copy);
    free(data);
    free(ends);
}

static void
do_corrupt_all(const char *name)
{
    off_t *ends;
    size_t n = record_ends(name, &ends);
    size_t size;
    char *data = read_file(name, &size);
    char *copy = xasprintf("%s.bad", name);
    int checked = 0;

    OVSTEST_CHECK(n >= 2);
    for (off_t k = 0; k < ends[n - 2]; k++) {
        char *error;
        data[k] ^= 0x01;
        write_file(copy, data, size);
        data[k] ^= 0x01;

        int count = count_records(copy, OVSDB_LOG_READ_WRITE, &error);
        if (count != -1 || !strstr(error, "syntax error")
            || !strstr(error, "offset") || !strstr(error, copy)) {
            ovs_fatal(0, "byte %lld changed: expected a refusal naming the "
                      "file and offset, got %d records (%s)",
                      (long long int) k, count, error ? error : "no error");
        }
        free(error);
        /* Nothing was truncated. */
        OVSTEST_CHECK_INT(file_size(copy), size);
        checked++;
    }
    printf("%d corruptions checked\n", checked);
    unlink(copy);
    free(copy);
    free(data);
    free(ends);
}

static void
do_lock(const char *name)
{
    struct ovsdb_log *a, *b;
    struct ovsdb_error *error;

    check_ok(ovsdb_log_open(name, OVSDB_LOG_READ_WRITE, &a));
    error = ovsdb_log_open(name, OVSDB_LOG_READ_WRITE, &b);
    OVSTEST_CHECK(error != NULL);
    char *s = error_string(error);
    printf("%s\n", s);
    free(s);
    /* Readers need no lock. */
    check_ok(ovsdb_log_open(name, OVSDB_LOG_READ_ONLY, &b));
    ovsdb_log_close(b);
    ovsdb_log_close(a);
    /* Released on close. */
    check_ok(ovsdb_log_open(name, OVSDB_LOG_READ_WRITE, &b));
    ovsdb_log_close(b);
}

static void
test_ovsdb_log_main(int argc, char *argv[])
{
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    if (argc == 4 && !strcmp(argv[1], "write")) {
        do_write(argv[2], atoi(argv[3]));
    } else if (argc == 4 && !strcmp(argv[1], "read")) {
        vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
        do_read(argv[2], argv[3]);
    } else if (argc == 3 && !strcmp(argv[1], "torn-all")) {
        do_torn_all(argv[2]);
    } else if (argc == 3 && !strcmp(argv[1], "corrupt-all")) {
        do_corrupt_all(argv[2]);
    } else if (argc == 3 && !strcmp(argv[1], "lock")) {
        do_lock(argv[2]);
    } else {
        ovs_fatal(0, "usage: see tests/test-ovsdb-log.c");
    }
}

OVSTEST_REGISTER("test-ovsdb-log", test_ovsdb_log_main);

/* Database files. */

static const char schema_text[] =
    "{\"name\": \"race\", \"tables\": {"
    "  \"T\": {\"columns\": {"
    "     \"n\": {\"type\": \"integer\"},"
    "     \"s\": {\"type\": \"string\"},"
    "     \"peer\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                   \"refTable\": \"T\","
    "                                   \"refType\": \"weak\"},"
    "                          \"min\": 0, \"max\": 1}}},"
    "    \"indexes\": [[\"n\"]], \"isRoot\": true}}}";

static struct ovsdb_schema *
race_schema(void)
{
    struct json *json = json_parse_string(schema_text, NULL);
    struct ovsdb_schema *schema;
    check_ok(ovsdb_schema_from_json(json, &schema));
    json_destroy(json);
    return schema;
}

/* Runs the transaction in TEXT (printf-style) on DB and commits it to
 * FILE. */
static void OVS_PRINTF_FORMAT(3, 4)
transact(struct ovsdb *db, struct ovsdb_file *file, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = xvasprintf(format, args);
    va_end(args);

    char *err;
    struct json *params = json_parse_string(text, &err);
    if (!params) {
        ovs_fatal(0, "%s: %s", text, err);
    }
    struct ovsdb_execute_options options = {
        .now = time_msec(), .started = time_msec()
    };
    struct ovsdb_execute_result result;
    memset(&result, 0, sizeof result);
    check_ok(ovsdb_execute(db, params, &options, &result));
    for (size_t i = 0; i < result.reply->array.n; i++) {
        const struct json *r = result.reply->array.elems[i];
        if (r->type == JSON_OBJECT && shash_find(json_object(r), "error")) {
            ovs_fatal(0, "%s failed: %s", text, json_to_string(r, 0));
        }
    }
    if (result.txn) {
        check_ok(ovsdb_file_commit(file, result.txn, NULL, false));
    }
    ovsdb_execute_result_destroy(&result);
    json_destroy(params);
    free(text);
}

/* A canonical text of DB's rows (without _version). */
static char *
dump_db(const struct ovsdb *db)
{
    struct ds out = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        const struct ovsdb_table *table = db->tables[i];
        struct json *rows = json_object_create();
        const struct ovsdb_row *row;
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            struct json *json = ovsdb_row_to_json(row, NULL);
            json_object_put(json, "_version", json_null_create());
            char buf[UUID_LEN + 1];
            uuid_to_string(ovsdb_row_get_uuid(row), buf);
            json_object_put(rows, buf, json);
        }
        ds_put_format(&out, "%s: ", table->schema->name);
        json_to_ds(rows, JSSF_SORT, &out);
        ds_put_char(&out, '\n');
        json_destroy(rows);
    }
    return ds_steal_cstr(&out);
}

static void
do_race(const char *name)
{
    struct ovsdb_schema *schema = race_schema();
    struct ovsdb_file *file;
    struct ovsdb *db;
    int n_during = 0, n_compactions = 0;
    char pad[1001];

    memset(pad, 'x', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    unlink(name);
    check_ok(ovsdb_file_create(name, schema));
    ovsdb_schema_destroy(schema);
    check_ok(ovsdb_file_open(name, false, &db, &file));

    for (int i = 0; i < 3000; i++) {
        if (i % 400 == 100 && !ovsdb_file_is_compacting(file)) {
            check_ok(ovsdb_file_compact(file, db));
            n_compactions++;
        }
        bool compacting = ovsdb_file_is_compacting(file);

        /* Inserts, with a weak reference to an earlier row; updates of an
         * earlier row; deletes of some rows (which also clears the weak
         * references to them). */
        transact(db, file, "[\"race\", {\"op\": \"insert\", \"table\": \"T\","
                 " \"row\": {\"n\": %d, \"s\": \"%s\"}, \"uuid-name\": \"r\"},"
                 " {\"op\": \"update\", \"table\": \"T\","
                 "  \"where\": [[\"n\", \"==\", %d]],"
                 "  \"row\": {\"peer\": [\"named-uuid\", \"r\"]}}]",
                 i, pad, i / 2);
        if (i % 3 == 0) {
            transact(db, file, "[\"race\", {\"op\": \"update\", "
                     "\"table\": \"T\", \"where\": [[\"n\", \"==\", %d]],"
                     " \"row\": {\"s\": \"updated %d\"}}]", i / 3, i);
        }
        if (i % 7 == 0) {
            transact(db, file, "[\"race\", {\"op\": \"delete\", "
                     "\"table\": \"T\", \"where\": [[\"n\", \"==\", %d]]}]",
                     i / 5);
        }
        if (compacting) {
            n_during++;
        }
        ovsdb_file_run(file, db);
    }
    /* A last compaction, with commits queued right behind it. */
    while (ovsdb_file_is_compacting(file)) {
        ovsdb_file_run(file, db);
        usleep(1000);
    }
    check_ok(ovsdb_file_compact(file, db));
    for (int i = 0; i < 20; i++) {
        transact(db, file, "[\"race\", {\"op\": \"update\", \"table\": \"T\","
                 " \"where\": [[\"n\", \"==\", %d]],"
                 " \"row\": {\"s\": \"last %d\"}}]", 2999 - i, i);
    }

    char *before = dump_db(db);
    ovsdb_file_close(file);
    ovsdb_destroy(db);

    check_ok(ovsdb_file_open(name, true, &db, NULL));
    char *after = dump_db(db);
    ovsdb_destroy(db);

    OVSTEST_CHECK(n_during > 0);
    if (strcmp(before, after)) {
        ovs_fatal(0, "database differs after reopening");
    }
    printf("%d compactions, %d transactions during compaction, "
           "reopened database matches\n", n_compactions + 1, n_during);
    free(before);
    free(after);
}

static void
do_compact_latency(const char *name, int mb, int n_rows, int max_ms)
{
    struct ovsdb_schema *schema = race_schema();
    struct ovsdb_file *file;
    struct ovsdb *db;
    size_t pad_len = 8192;
    char *pad = xmalloc(pad_len + 1);

    memset(pad, 'y', pad_len);
    pad[pad_len] = '\0';
    unlink(name);
    check_ok(ovsdb_file_create(name, schema));
    ovsdb_schema_destroy(schema);
    check_ok(ovsdb_file_open(name, false, &db, &file));

    for (int i = 0; i < n_rows; i += 100) {
        struct ds ops = DS_EMPTY_INITIALIZER;
        for (int j = i; j < i + 100 && j < n_rows; j++) {
            ds_put_format(&ops, ", {\"op\": \"insert\", \"table\": \"T\","
                          " \"row\": {\"n\": %d, \"s\": \"row %d\"}}", j, j);
        }
        transact(db, file, "[\"race\"%s]", ds_cstr(&ops));
        ds_destroy(&ops);
    }
    for (int i = 0; file_size(name) < (off_t) mb * 1024 * 1024; i++) {
        pad[0] = 'a' + i % 26;
        transact(db, file, "[\"race\", {\"op\": \"update\", \"table\": \"T\","
                 " \"where\": [[\"n\", \"==\", %d]],"
                 " \"row\": {\"s\": \"%s\"}}]", i % MIN(n_rows, 100), pad);
    }
    off_t big = file_size(name);

    long long int start = time_msec();
    check_ok(ovsdb_file_compact(file, db));
    long long int elapsed = time_msec() - start;
    long long int worst = 0;
    while (ovsdb_file_is_compacting(file)) {
        long long int t0 = time_msec();
        transact(db, file, "[\"race\", {\"op\": \"update\", \"table\": \"T\","
                 " \"where\": [[\"n\", \"==\", 0]],"
                 " \"row\": {\"s\": \"during %lld\"}}]", t0);
        worst = MAX(worst, time_msec() - t0);
        ovsdb_file_run(file, db);
        usleep(1000);
    }
    char *before = dump_db(db);
    ovsdb_file_close(file);
    ovsdb_destroy(db);

    check_ok(ovsdb_file_open(name, true, &db, NULL));
    char *after = dump_db(db);
    ovsdb_destroy(db);
    OVSTEST_CHECK(!strcmp(before, after));
    OVSTEST_CHECK(file_size(name) < big / 4);
    if (elapsed >= max_ms || worst >= max_ms) {
        ovs_fatal(0, "main thread blocked too long: %lld ms to start "
                  "compacting a %lld-byte log, %lld ms worst commit",
                  elapsed, (long long int) big, worst);
    }
    if (getenv("TEST_OVSDB_FILE_VERBOSE")) {
        fprintf(stderr, "%lld ms to start, %lld ms worst commit\n",
                elapsed, worst);
    }
    printf("compacted %d MB log: main thread ok\n", mb);
    free(before);
    free(after);
    free(pad);
}

/* The automatic compaction policy: with the thresholds lowered, commits
 * plus ovsdb_file_run() start compactions by themselves. */
static void
do_auto(const char *name)
{
    struct ovsdb_schema *schema = race_schema();
    struct ovsdb_file *file;
    struct ovsdb *db;
    int n_started = 0;

    unlink(name);
    check_ok(ovsdb_file_create(name, schema));
    ovsdb_schema_destroy(schema);
    check_ok(ovsdb_file_open(name, false, &db, &file));

    /* The default policy does not compact a small log. */
    for (int i = 0; i < 300; i++) {
        transact(db, file, "[\"race\", {\"op\": \"insert\", "
                 "\"table\": \"T\", \"row\": {\"n\": %d}}]", i);
        ovsdb_file_run(file, db);
        OVSTEST_CHECK(!ovsdb_file_is_compacting(file));
    }

    ovsdb_file_set_compaction_policy(file, 0, 50, 0);
    for (int i = 0; i < 300; i++) {
        transact(db, file, "[\"race\", {\"op\": \"update\", "
                 "\"table\": \"T\", \"where\": [[\"n\", \"==\", %d]], "
                 "\"row\": {\"s\": \"x\"}}]", i);
        bool was = ovsdb_file_is_compacting(file);
        ovsdb_file_run(file, db);
        if (!was && ovsdb_file_is_compacting(file)) {
            n_started++;
        }
        ovsdb_file_wait(file);
        poll_immediate_wake();
        poll_block();
    }
    while (ovsdb_file_is_compacting(file)) {
        ovsdb_file_run(file, db);
        usleep(1000);
    }
    char *before = dump_db(db);
    ovsdb_file_close(file);
    ovsdb_destroy(db);
    check_ok(ovsdb_file_open(name, true, &db, NULL));
    char *after = dump_db(db);
    ovsdb_destroy(db);
    OVSTEST_CHECK(!strcmp(before, after));
    OVSTEST_CHECK(n_started >= 1);
    printf("automatic compactions started\n");
    free(before);
    free(after);
}

static void
test_ovsdb_file_main(int argc, char *argv[])
{
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    if (getenv("TEST_OVSDB_FILE_VERBOSE")) {
        vlog_set_levels(NULL, VLF_CONSOLE, VLL_DBG);
    }
    if (argc == 3 && !strcmp(argv[1], "race")) {
        do_race(argv[2]);
    } else if (argc == 3 && !strcmp(argv[1], "auto")) {
        do_auto(argv[2]);
    } else if (argc >= 4 && argc <= 6
               && !strcmp(argv[1], "compact-latency")) {
        do_compact_latency(argv[2], atoi(argv[3]),
                           argc >= 5 ? atoi(argv[4]) : 100,
                           argc >= 6 ? atoi(argv[5]) : 100);
    } else {
        ovs_fatal(0, "usage: see tests/test-ovsdb-log.c");
    }
}

OVSTEST_REGISTER("test-ovsdb-file", test_ovsdb_file_main);
