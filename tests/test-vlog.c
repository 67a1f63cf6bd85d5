/* test-vlog.c -- unit tests for logging (vlog), coverage counters and
 * memory reporting.
 *
 *   ovstest test-vlog-spec           level spec parsing, good and bad
 *   ovstest test-vlog-patterns       pattern escapes against a fixed clock
 *   ovstest test-vlog-pattern PATTERN MESSAGE
 *                                    prints one line formatted as module
 *                                    "test_vlog" at INFO, sequence number
 *                                    42, at 2009-02-13T23:31:30.123Z
 *   ovstest test-vlog-rate-limit     token bucket math on a stopped clock
 *   ovstest test-vlog-file           file output: format, levels, threads,
 *                                    close and reopen
 *   ovstest test-vlog-syslog-target  syslog datagrams to a loopback socket
 *   ovstest test-vlog-options [OPTIONS] [LEVEL MESSAGE]...
 *                                    parses the logging options (-v,
 *                                    --log-file...), logs each MESSAGE at
 *                                    LEVEL from module "test_vlog", then
 *                                    prints the vlog/list line of that
 *                                    module
 *   ovstest test-coverage            counting from many threads, folding
 *   ovstest test-memory              memory usage callbacks
 *
 * Each exits 0 on success and aborts with the failed check otherwise. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "coverage.h"
#include "dynamic-string.h"
#include "memory.h"
#include "ovstest.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(test_vlog);
VLOG_DEFINE_MODULE__(test_vlog_other);

COVERAGE_DEFINE(test_vlog_counter);
COVERAGE_DEFINE(test_vlog_never);

/* 2009-02-13T23:31:30.123Z. */
#define FIXED_WALL_MSEC 1234567890123LL

/* Helpers. */

/* Checks that STRING matches the extended regular expression REGEX
 * (anchored by the caller with ^ and $ as needed). */
static void
check_regex(const char *string, const char *regex, const char *file,
            int line)
{
    regex_t re;
    int error = regcomp(&re, regex, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
    if (error) {
        ovstest_fail(file, line, "bad regex \"%s\"", regex);
    }
    if (regexec(&re, string, 0, NULL, 0)) {
        ovstest_fail(file, line, "\"%s\" does not match /%s/", string,
                     regex);
    }
    regfree(&re);
}
#define CHECK_REGEX(STRING, REGEX) \
    check_regex(STRING, REGEX, __FILE__, __LINE__)

/* Returns the contents of FILE_NAME (empty if it does not exist). */
static char *
read_file(const char *file_name)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    FILE *stream = fopen(file_name, "r");
    if (stream) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stream)) > 0) {
            ds_put_buffer(&s, buf, n);
        }
        fclose(stream);
    }
    return ds_steal_cstr(&s);
}

/* Returns the vlog/list line for MODULE_NAME, without its newline. */
static char *
get_levels_line(const char *module_name)
{
    char *levels = vlog_get_levels();
    char *result = NULL;

    for (char *line = levels; *line; ) {
        size_t len = strcspn(line, "\n");
        size_t name_len = strlen(module_name);
        if (!strncmp(line, module_name, name_len) && line[name_len] == ' ') {
            result = xmemdup0(line, len);
            break;
        }
        line += len + (line[len] == '\n');
    }
    free(levels);
    return result ? result : xstrdup("");
}

static void
check_levels(const struct vlog_module *module, int console, int syslog_,
             int file)
{
    OVSTEST_CHECK_INT(module->levels[VLF_CONSOLE], console);
    OVSTEST_CHECK_INT(module->levels[VLF_SYSLOG], syslog_);
    OVSTEST_CHECK_INT(module->levels[VLF_FILE], file);
}

static void
check_spec_error(const char *spec, const char *expected)
{
    char *error = vlog_set_levels_from_string(spec);
    OVSTEST_CHECK_STR(error, expected);
    free(error);
}

static void
check_spec_ok(const char *spec)
{
    char *error = vlog_set_levels_from_string(spec);
    if (error) {
        ovstest_fail(__FILE__, __LINE__, "spec \"%s\": %s", spec, error);
    }
}

/* test-vlog-spec. */

static void
test_vlog_spec(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct vlog_module *m = vlog_module_from_name("test_vlog");
    struct vlog_module *other = vlog_module_from_name("TEST_VLOG_OTHER");

    OVSTEST_CHECK(m == this_module);
    OVSTEST_CHECK(other == &VLM_test_vlog_other);
    OVSTEST_CHECK(vlog_module_from_name("no_such_module") == NULL);

    /* Level names both ways. */
    OVSTEST_CHECK_STR(vlog_get_level_name(VLL_OFF), "off");
    OVSTEST_CHECK_STR(vlog_get_level_name(VLL_EMER), "emer");
    OVSTEST_CHECK_STR(vlog_get_level_name(VLL_ERR), "err");
    OVSTEST_CHECK_STR(vlog_get_level_name(VLL_WARN), "warn");
    OVSTEST_CHECK_STR(vlog_get_level_name(VLL_INFO), "info");
    OVSTEST_CHECK_STR(vlog_get_level_name(VLL_DBG), "dbg");
    OVSTEST_CHECK_INT(vlog_get_level_val("WARN"), VLL_WARN);
    OVSTEST_CHECK_INT(vlog_get_level_val("dbg"), VLL_DBG);
    OVSTEST_CHECK_INT(vlog_get_level_val("debug"), VLL_N_LEVELS);

    /* Defaults: info everywhere; the file does not count while closed. */
    check_levels(m, VLL_INFO, VLL_INFO, VLL_INFO);
    OVSTEST_CHECK_INT(m->min_level, VLL_INFO);

    /* Module, destination and level, in any order, any case, with any of
     * the three separators. */
    check_spec_ok("test_vlog:console:warn");
    check_levels(m, VLL_WARN, VLL_INFO, VLL_INFO);
    check_spec_ok("ERR SYSLOG test_vlog");
    check_levels(m, VLL_WARN, VLL_ERR, VLL_INFO);
    check_spec_ok("file,dbg,test_vlog");
    check_levels(m, VLL_WARN, VLL_ERR, VLL_DBG);
    /* The file is closed, so its dbg does not raise min_level. */
    OVSTEST_CHECK_INT(m->min_level, VLL_WARN);
    OVSTEST_CHECK(!vlog_is_enabled(m, VLL_INFO));
    OVSTEST_CHECK(vlog_is_enabled(m, VLL_WARN));
    check_levels(other, VLL_INFO, VLL_INFO, VLL_INFO);

    /* No module: all modules.  No destination: all.  No level: dbg. */
    check_spec_ok("console:emer");
    check_levels(m, VLL_EMER, VLL_ERR, VLL_DBG);
    check_levels(other, VLL_EMER, VLL_INFO, VLL_INFO);
    check_spec_ok("test_vlog_other");
    check_levels(other, VLL_DBG, VLL_DBG, VLL_DBG);
    OVSTEST_CHECK_INT(other->min_level, VLL_DBG);
    check_spec_ok("ANY:any:off");
    check_levels(m, VLL_OFF, VLL_OFF, VLL_OFF);
    check_levels(other, VLL_OFF, VLL_OFF, VLL_OFF);
    OVSTEST_CHECK_INT(m->min_level, VLL_OFF);
    check_spec_ok("");
    check_levels(m, VLL_DBG, VLL_DBG, VLL_DBG);
    check_spec_ok("  info  ");
    check_levels(m, VLL_INFO, VLL_INFO, VLL_INFO);

    /* Errors, worded as the tools we are compatible with word them, and
     * leaving the levels alone. */
    check_spec_error("foo", "no destination, level, or module \"foo\"");
    check_spec_error("console:foo",
                     "no destination, level, or module \"foo\"");
    check_spec_error("dbg:info", "cannot specify multiple levels");
    check_spec_error("console:syslog",
                     "cannot specify multiple destinations");
    check_spec_error("console:off,file:dbg",
                     "cannot specify multiple destinations");
    check_spec_error("test_vlog:test_vlog_other",
                     "cannot specify multiple modules");
    check_spec_error("PATTERN", "missing destination");
    check_spec_error("pattern:bogus:%m", "unknown destination \"bogus\"");
    check_spec_error("FACILITY", "invalid facility");
    check_spec_error("facility:bogus", "invalid facility");
    check_levels(m, VLL_INFO, VLL_INFO, VLL_INFO);

    /* Patterns and facilities are accepted. */
    check_spec_ok("PATTERN:file:%c: %m, with colons");
    check_spec_ok("facility:local3");
    check_spec_ok("FACILITY:daemon");

    /* vlog_set_levels() directly. */
    vlog_set_levels(m, VLF_SYSLOG, VLL_WARN);
    check_levels(m, VLL_INFO, VLL_WARN, VLL_INFO);
    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_ERR);
    check_levels(m, VLL_ERR, VLL_ERR, VLL_ERR);
    check_levels(other, VLL_ERR, VLL_ERR, VLL_ERR);
    OVSTEST_CHECK_INT(m->min_level, VLL_ERR);
    vlog_set_levels_from_string_assert("info");

    /* The vlog/list table: header, then "%-16s  %4s       %4s       %4s"
     * per module (console, syslog, file), sorted by name. */
    vlog_set_levels(m, VLF_CONSOLE, VLL_OFF);
    vlog_set_levels(m, VLF_FILE, VLL_DBG);
    char *levels = vlog_get_levels();
    OVSTEST_CHECK(str_starts_with(levels,
                  "                 console    syslog    file\n"
                  "                 -------    ------    ------\n"));
    free(levels);
    char *line = get_levels_line("test_vlog");
    OVSTEST_CHECK_STR(line,
                      "test_vlog          OFF       INFO        DBG");
    free(line);
    m->honor_rate_limits = false;
    line = get_levels_line("test_vlog");
    OVSTEST_CHECK_STR(line, "test_vlog          OFF       INFO        DBG"
                      "    (rate limiting disabled)");
    free(line);
    m->honor_rate_limits = true;

    /* Sorted. */
    levels = vlog_get_levels();
    char *prev = xstrdup("");
    int n_lines = 0;
    for (char *p = strchr(strchr(levels, '\n') + 1, '\n') + 1; *p; ) {
        size_t len = strcspn(p, " ");
        char *name = xmemdup0(p, len);
        OVSTEST_CHECK(strcmp(prev, name) < 0);
        free(prev);
        prev = name;
        p = strchr(p, '\n') + 1;
        n_lines++;
    }
    OVSTEST_CHECK(n_lines >= 3);     /* vlog, test_vlog, test_vlog_other */
    free(prev);
    free(levels);
}

OVSTEST_REGISTER("test-vlog-spec", test_vlog_spec);

/* test-vlog-patterns, test-vlog-pattern. */

static char *
format_fixed(const char *pattern, const char *message)
{
    return vlog_format_pattern(pattern, this_module, VLL_INFO, 42,
                               FIXED_WALL_MSEC, message);
}

static void
check_pattern(const char *pattern, const char *expected)
{
    char *s = format_fixed(pattern, "hello");
    if (strcmp(s, expected)) {
        ovstest_fail(__FILE__, __LINE__, "pattern \"%s\" gave \"%s\", "
                     "expected \"%s\"", pattern, s, expected);
    }
    free(s);
}

static void
test_vlog_patterns(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* The defaults of the tools we are compatible with. */
    check_pattern("%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m",
                  "2009-02-13T23:31:30Z|00042|test_vlog|INFO|hello");
    check_pattern("%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m",
                  "2009-02-13T23:31:30.123Z|00042|test_vlog|INFO|hello");
    check_pattern("%05N|%c%T|%p|%m", "00042|test_vlog|INFO|hello");

    /* Each escape. */
    check_pattern("%D", "2009-02-13 23:31:30.123");
    check_pattern("%D{###}", "123");
    check_pattern("%m%n%m", "hello\nhello");
    check_pattern("%N %p %c", "42 INFO test_vlog");
    check_pattern("100%%", "100%");
    check_pattern("%t%T", "main");
    /* syslog PRI: facility local0 (16 << 3) | LOG_NOTICE (5). */
    check_pattern("%B", "133");
    char *pid = xasprintf("%ld", (long int) getpid());
    check_pattern("%P", pid);
    free(pid);
    char *a = format_fixed("%A", "");
    OVSTEST_CHECK_STR(a, program_name);
    free(a);
    char *e = format_fixed("%E", "");
    OVSTEST_CHECK(e[0] != '\0');
    free(e);
    char *r = format_fixed("%r", "");
    CHECK_REGEX(r, "^[0-9]+$");
    free(r);

    /* Widths, justification and zero padding. */
    check_pattern("[%10c]", "[ test_vlog]");
    check_pattern("[%-10c]", "[test_vlog ]");
    check_pattern("[%3c]", "[test_vlog]");      /* never truncated */
    check_pattern("[%8N]", "[      42]");
    check_pattern("[%-5N]", "[42   ]");
    check_pattern("[%010N]", "[0000000042]");
    check_pattern("[%5p|%-5p]", "[ INFO|INFO ]");

    /* Unknown escapes stand for themselves; a lone '%' at the end is
     * dropped; an unterminated %D{ takes the rest as the format. */
    check_pattern("%q|%m", "q|hello");
    check_pattern("%m%", "hello");
    check_pattern("%D{%Y", "2009");
    check_pattern("", "");

    /* Levels in %p and the syslog severities in %B. */
    static const struct {
        enum vlog_level level;
        const char *expected;
    } levels[] = {
        { VLL_EMER, "EMER 129" },
        { VLL_ERR, "ERR 131" },
        { VLL_WARN, "WARN 132" },
        { VLL_INFO, "INFO 133" },
        { VLL_DBG, "DBG 135" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
        char *s = vlog_format_pattern("%p %B", this_module, levels[i].level,
                                      1, FIXED_WALL_MSEC, "");
        OVSTEST_CHECK_STR(s, levels[i].expected);
        free(s);
    }

    /* Other threads' names (%t, %T) are checked by test-vlog-file. */
}

OVSTEST_REGISTER("test-vlog-patterns", test_vlog_patterns);

static void
test_vlog_pattern(int argc, char *argv[])
{
    if (argc != 3) {
        ovs_usage_error("usage: test-vlog-pattern PATTERN MESSAGE");
    }
    char *s = format_fixed(argv[1], argv[2]);
    puts(s);
    free(s);
}

OVSTEST_REGISTER("test-vlog-pattern", test_vlog_pattern);

/* test-vlog-rate-limit. */

static void
test_vlog_rate_limit(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    const char *log_name = "rate-limit.log";

    unlink(log_name);
    timeval_stop();
    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    vlog_set_levels(this_module, VLF_FILE, VLL_DBG);
    vlog_set_pattern(VLF_FILE, "%p|%m");
    OVSTEST_CHECK_INT(vlog_set_log_file(log_name), 0);

    /* 60 a minute (one a second), bursts of 3. */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(60, 3);
    for (int i = 0; i < 10; i++) {
        VLOG_WARN_RL(&rl, "burst %d", i);
    }
    OVSTEST_CHECK_INT(rl.n_dropped, 7);

    /* 999 ms earn 999 thousandths of a token: still not enough. */
    timeval_warp(999, 0);
    OVSTEST_CHECK(vlog_should_drop(this_module, VLL_WARN, &rl));
    OVSTEST_CHECK_INT(rl.n_dropped, 8);

    /* One more millisecond makes a whole token: the next message goes out,
     * after the report of the 8 dropped since the first drop, 1 s ago. */
    timeval_warp(1, 0);
    VLOG_WARN_RL(&rl, "after 1 second");
    OVSTEST_CHECK_INT(rl.n_dropped, 0);
    VLOG_WARN_RL(&rl, "dropped again");
    OVSTEST_CHECK_INT(rl.n_dropped, 1);

    /* A long pause refills the bucket only up to the burst size. */
    timeval_warp(3600 * 1000, 0);
    for (int i = 0; i < 5; i++) {
        VLOG_WARN_RL(&rl, "refilled %d", i);
    }
    OVSTEST_CHECK_INT(rl.n_dropped, 2);

    /* Rate 0: only the initial burst, ever. */
    static struct vlog_rate_limit rl0 = VLOG_RATE_LIMIT_INIT(0, 1);
    OVSTEST_CHECK(!vlog_should_drop(this_module, VLL_WARN, &rl0));
    timeval_warp(10 * 60 * 1000, 0);
    OVSTEST_CHECK(vlog_should_drop(this_module, VLL_WARN, &rl0));

    /* Disabled levels are dropped without counting; modules that ignore
     * rate limits never drop. */
    static struct vlog_rate_limit rl1 = VLOG_RATE_LIMIT_INIT(1, 1);
    vlog_set_levels(this_module, VLF_FILE, VLL_WARN);
    OVSTEST_CHECK(vlog_should_drop(this_module, VLL_DBG, &rl1));
    OVSTEST_CHECK_INT(rl1.n_dropped, 0);
    VLM_test_vlog.honor_rate_limits = false;
    for (int i = 0; i < 5; i++) {
        OVSTEST_CHECK(!vlog_should_drop(this_module, VLL_WARN, &rl1));
    }
    VLM_test_vlog.honor_rate_limits = true;

    char *contents = read_file(log_name);
    OVSTEST_CHECK_STR(contents,
        "WARN|burst 0\n"
        "WARN|burst 1\n"
        "WARN|burst 2\n"
        "WARN|Dropped 8 log messages in last 1 seconds (most recently, "
        "0 seconds ago) due to excessive rate\n"
        "WARN|after 1 second\n"
        "WARN|Dropped 1 log messages in last 3600 seconds (most recently, "
        "3600 seconds ago) due to excessive rate\n"
        "WARN|refilled 0\n"
        "WARN|refilled 1\n"
        "WARN|refilled 2\n");
    free(contents);
    vlog_close_log_file();
}

OVSTEST_REGISTER("test-vlog-rate-limit", test_vlog_rate_limit);

/* test-vlog-file. */

static void *
named_thread(void *name)
{
    if (name) {
        pthread_setname_np(pthread_self(), name);
    }
    VLOG_WARN("from a thread");
    return NULL;
}

static void
test_vlog_file(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    const char *log_name = "file.log";

    unlink(log_name);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    vlog_set_levels(NULL, VLF_SYSLOG, VLL_OFF);
    vlog_set_levels(NULL, VLF_FILE, VLL_INFO);
    vlog_set_levels(this_module, VLF_FILE, VLL_DBG);

    /* Nothing is enabled until the file is open. */
    OVSTEST_CHECK_INT(this_module->min_level, VLL_OFF);
    VLOG_ERR("lost: no destination");
    OVSTEST_CHECK_INT(vlog_set_log_file(log_name), 0);
    OVSTEST_CHECK_INT(this_module->min_level, VLL_DBG);

    VLOG_DBG("debug %d", 1);
    VLOG_INFO("info");
    VLOG_WARN("warn");
    VLOG_ERR("err");
    VLOG_EMER("emer");
    vlog_set_levels(this_module, VLF_FILE, VLL_WARN);
    VLOG_INFO("lost: below the file's level");
    VLOG_WARN("multi\nline");

    pthread_t thread;
    pthread_create(&thread, NULL, named_thread, "worker7");
    pthread_join(thread, NULL);
    pthread_create(&thread, NULL, named_thread, NULL);
    pthread_join(thread, NULL);

    /* Closing disables the file; reopening appends to the same file. */
    vlog_close_log_file();
    OVSTEST_CHECK_INT(this_module->min_level, VLL_OFF);
    VLOG_ERR("lost: file closed");
    OVSTEST_CHECK_INT(vlog_reopen_log_file(), 0);
    VLOG_ERR("after reopen");
    vlog_close_log_file();

    /* A file that cannot be opened is reported, not fatal. */
    OVSTEST_CHECK_INT(vlog_set_log_file("no-such-dir/x.log"), ENOENT);

    char *contents = read_file(log_name);
    struct ds expected = DS_EMPTY_INITIALIZER;
    const char *ts = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
                     "[0-9]{2}\\.[0-9]{3}Z";
    /* The first message that went anywhere was "opened log file": the
     * "lost" ones took no sequence number. */
    ds_put_format(&expected, "^%s\\|00001\\|vlog\\|INFO\\|opened log file "
                  "/.*/file\\.log\n", ts);
    ds_put_format(&expected, "%s\\|00002\\|test_vlog\\|DBG\\|debug 1\n", ts);
    ds_put_format(&expected, "%s\\|00003\\|test_vlog\\|INFO\\|info\n", ts);
    ds_put_format(&expected, "%s\\|00004\\|test_vlog\\|WARN\\|warn\n", ts);
    ds_put_format(&expected, "%s\\|00005\\|test_vlog\\|ERR\\|err\n", ts);
    ds_put_format(&expected, "%s\\|00006\\|test_vlog\\|EMER\\|emer\n", ts);
    ds_put_format(&expected, "%s\\|00007\\|test_vlog\\|WARN\\|multi\n"
                  "line\n", ts);
    ds_put_format(&expected, "%s\\|00008\\|test_vlog\\(worker7\\)\\|WARN\\|"
                  "from a thread\n", ts);
    ds_put_format(&expected, "%s\\|00009\\|test_vlog\\(unknown\\)\\|WARN\\|"
                  "from a thread\n", ts);
    ds_put_format(&expected, "%s\\|00010\\|vlog\\|INFO\\|opened log file "
                  "/.*/file\\.log\n", ts);
    ds_put_format(&expected, "%s\\|00011\\|test_vlog\\|ERR\\|after reopen\n$",
                  ts);
    regex_t re;
    OVSTEST_CHECK_INT(regcomp(&re, ds_cstr(&expected), REG_EXTENDED), 0);
    if (regexec(&re, contents, 0, NULL, 0)) {
        ovstest_fail(__FILE__, __LINE__, "log file:\n%s\ndoes not match:\n"
                     "%s", contents, ds_cstr(&expected));
    }
    regfree(&re);
    ds_destroy(&expected);
    free(contents);
}

OVSTEST_REGISTER("test-vlog-file", test_vlog_file);

/* test-vlog-syslog-target. */

static void
test_vlog_syslog_target(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    OVSTEST_CHECK(fd >= 0);

    struct sockaddr_in sin = { .sin_family = AF_INET };
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    OVSTEST_CHECK_INT(bind(fd, (struct sockaddr *) &sin, sizeof sin), 0);
    socklen_t len = sizeof sin;
    OVSTEST_CHECK_INT(getsockname(fd, (struct sockaddr *) &sin, &len), 0);

    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    vlog_set_levels(this_module, VLF_SYSLOG, VLL_WARN);
    char *target = xasprintf("udp:127.0.0.1:%d", ntohs(sin.sin_port));
    vlog_set_syslog_target(target);
    free(target);

    /* syslog(3) gets a copy too; there may be no syslog daemon, which is
     * fine.  Use a facility of our own so that a real daemon files it
     * away harmlessly. */
    vlog_set_levels_from_string_assert("FACILITY:local7");
    VLOG_INFO("not sent: below the level");
    VLOG_WARN("hello, syslog");

    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    OVSTEST_CHECK_INT(poll(&pfd, 1, 10000), 1);
    char buf[1024];
    ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    OVSTEST_CHECK(n > 0);
    buf[n] = '\0';
    /* <local7 | LOG_WARNING> Mmm dd hh:mm:ss HOST PROGRAM: MESSAGE */
    CHECK_REGEX(buf, "^<188> [A-Z][a-z]{2} [ 123][0-9] "
                "[0-9]{2}:[0-9]{2}:[0-9]{2} [^ ]+ [^ ]+: "
                "[0-9]{5}\\|test_vlog\\|WARN\\|hello, syslog$");
    close(fd);

    /* Bad targets are reported and ignored. */
    vlog_set_syslog_target("udp:127.0.0.1");
    vlog_set_syslog_target("udp:not-an-ip:514");
}

OVSTEST_REGISTER("test-vlog-syslog-target", test_vlog_syslog_target);

/* test-vlog-options. */

static void
test_vlog_options(int argc, char *argv[])
{
    enum {
        OPT_UNUSED__ = UCHAR_MAX,
        VLOG_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        VLOG_LONG_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_long_options_to_short_options(long_options);

    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        VLOG_OPTION_HANDLERS
        case 'h':
            vlog_usage();
            exit(EXIT_SUCCESS);
        case '?':
            exit(2);
        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    for (int i = optind; i + 1 < argc; i += 2) {
        enum vlog_level level = vlog_get_level_val(argv[i]);
        if (level == VLL_N_LEVELS || level == VLL_OFF) {
            ovs_usage_error("bad level \"%s\"", argv[i]);
        }
        vlog(this_module, level, "%s", argv[i + 1]);
    }

    char *line = get_levels_line("test_vlog");
    puts(line);
    free(line);
}

OVSTEST_REGISTER("test-vlog-options", test_vlog_options);

/* test-coverage. */

#define N_COUNTING_THREADS 8
#define N_INCREMENTS 100000

static void *
count_thread(void *n_)
{
    int n = (intptr_t) n_;
    for (int i = 0; i < n; i++) {
        COVERAGE_INC(test_vlog_counter);
    }
    return NULL;
}

static void
test_coverage(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct coverage_counter *c = &counter_test_vlog_counter;
    unsigned long long int expected = 0;

    OVSTEST_CHECK_INT(coverage_get_total("test_vlog_counter"), 0);
    OVSTEST_CHECK_INT(coverage_get_total("no_such_counter"), 0);

    /* Concurrent threads each get a slot of their own, so no count is
     * lost. */
    pthread_t threads[N_COUNTING_THREADS];
    for (int i = 0; i < N_COUNTING_THREADS; i++) {
        pthread_create(&threads[i], NULL, count_thread,
                       (void *) (intptr_t) N_INCREMENTS);
    }
    for (int i = 0; i < N_COUNTING_THREADS; i++) {
        pthread_join(threads[i], NULL);
    }
    expected += N_COUNTING_THREADS * N_INCREMENTS;
    OVSTEST_CHECK_INT(coverage_get_total("test_vlog_counter"), expected);

    /* More threads over the program's life than there are slots: the
     * extra ones share the last slot (one at a time here, so exactly). */
    for (int i = 0; i < COVERAGE_MAX_THREADS + 6; i++) {
        pthread_t thread;
        pthread_create(&thread, NULL, count_thread, (void *) (intptr_t) 3);
        pthread_join(thread, NULL);
    }
    expected += (COVERAGE_MAX_THREADS + 6) * 3;
    OVSTEST_CHECK_INT(coverage_get_total("test_vlog_counter"), expected);
    OVSTEST_CHECK(coverage_thread_slot() < COVERAGE_MAX_THREADS);

    /* Folding every 5 s of the (stopped, warped) clock. */
    timeval_stop();
    coverage_run();             /* Starts the first interval. */
    OVSTEST_CHECK_INT(c->total, 0);
    timeval_warp(5000, 0);
    coverage_run();
    OVSTEST_CHECK_INT(c->total, expected);
    unsigned long long int sum = 0;
    for (int i = 0; i < 12; i++) {
        sum += c->min[i];
    }
    OVSTEST_CHECK_INT(sum, expected);

    COVERAGE_ADD(test_vlog_counter, 10);
    expected += 10;
    timeval_warp(4999, 0);
    coverage_run();             /* Not yet. */
    OVSTEST_CHECK_INT(c->total, expected - 10);
    timeval_warp(1, 0);
    coverage_run();
    OVSTEST_CHECK_INT(c->total, expected);

    /* After a minute's worth of folds the minute lands in 'hr'; an hour
     * later it has aged out of both rings. */
    timeval_warp(50 * 1000, 0);
    coverage_run();
    sum = 0;
    for (int i = 0; i < 60; i++) {
        sum += c->hr[i];
    }
    OVSTEST_CHECK_INT(sum, expected);
    timeval_warp(3600 * 1000, 0);
    coverage_run();
    sum = 0;
    for (int i = 0; i < 60; i++) {
        sum += c->hr[i];
    }
    for (int i = 0; i < 12; i++) {
        sum += c->min[i];
    }
    OVSTEST_CHECK_INT(sum, 0);
    OVSTEST_CHECK_INT(coverage_get_total("test_vlog_counter"), expected);
    OVSTEST_CHECK_INT(coverage_get_total("test_vlog_never"), 0);

    /* coverage_log() reports at INFO through the "coverage" module. */
    const char *log_name = "coverage.log";
    unlink(log_name);
    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    vlog_set_levels(vlog_module_from_name("coverage"), VLF_FILE, VLL_INFO);
    vlog_set_pattern(VLF_FILE, "%m");
    OVSTEST_CHECK_INT(vlog_set_log_file(log_name), 0);
    coverage_log();
    vlog_close_log_file();
    char *contents = read_file(log_name);
    CHECK_REGEX(contents, "^Event coverage, avg rate over last: 5 seconds, "
                "last minute, last hour,  hash=[0-9a-f]{8}:$");
    char *line = xasprintf("^test_vlog_counter +0\\.0/sec +0\\.000/sec "
                           "+0\\.0000/sec   total: %llu$", expected);
    CHECK_REGEX(contents, line);
    free(line);
    CHECK_REGEX(contents, "^[0-9]+ events never hit$");
    OVSTEST_CHECK(!strstr(contents, "test_vlog_never"));
    free(contents);
}

OVSTEST_REGISTER("test-coverage", test_coverage);

/* test-memory. */

static void
memory_cb_a(struct smap *usage, void *aux)
{
    smap_add_format(usage, "cells", "%d", *(int *) aux);
}

static void
memory_cb_b(struct smap *usage, void *aux OVS_UNUSED)
{
    smap_add(usage, "monitors", "2");
    smap_add(usage, "atoms", "7");
}

static void
test_memory(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    static int cells = 1234;
    struct smap usage = SMAP_INITIALIZER(&usage);

    /* With no callbacks there is still the process's RSS. */
    memory_get_usage(&usage);
    OVSTEST_CHECK_INT(smap_count(&usage), 1);
    OVSTEST_CHECK(smap_get_ullong(&usage, "rss-kB", 0) > 0);
    smap_clear(&usage);

    memory_add_usage_cb(memory_cb_a, &cells);
    memory_add_usage_cb(memory_cb_b, NULL);
    memory_get_usage(&usage);
    OVSTEST_CHECK_INT(smap_count(&usage), 4);
    OVSTEST_CHECK_STR(smap_get(&usage, "cells"), "1234");
    OVSTEST_CHECK_STR(smap_get(&usage, "monitors"), "2");
    OVSTEST_CHECK(smap_get_ullong(&usage, "rss-kB", 0) > 0);

    smap_remove(&usage, "rss-kB");
    char *s = memory_usage_to_string(&usage);
    OVSTEST_CHECK_STR(s, "atoms:7 cells:1234 monitors:2");
    free(s);
    smap_clear(&usage);
    s = memory_usage_to_string(&usage);
    OVSTEST_CHECK_STR(s, "");
    free(s);
    smap_destroy(&usage);

    /* The first report comes 10 s (of the test clock) after start. */
    const char *log_name = "memory.log";
    unlink(log_name);
    timeval_stop();
    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    vlog_set_levels(vlog_module_from_name("memory"), VLF_FILE, VLL_INFO);
    vlog_set_pattern(VLF_FILE, "%m");
    OVSTEST_CHECK_INT(vlog_set_log_file(log_name), 0);
    memory_run();
    timeval_warp(9999, 0);
    memory_run();
    char *contents = read_file(log_name);
    OVSTEST_CHECK_STR(contents, "");
    free(contents);
    timeval_warp(1, 0);
    memory_run();
    memory_run();
    contents = read_file(log_name);
    CHECK_REGEX(contents, "^[0-9]+ kB peak resident set size after "
                "10\\.0 seconds\natoms:7 cells:1234 monitors:2\n$");
    free(contents);
    vlog_close_log_file();
}

OVSTEST_REGISTER("test-memory", test_memory);
