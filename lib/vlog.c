/* vlog.c -- logging by module and level to console, syslog and a file.
 *
 * How it works:
 *
 *   - Every VLOG_DEFINE_THIS_MODULE() registers a struct vlog_module from a
 *     constructor, before main() runs, onto 'vlog_modules'.  A module holds
 *     one level per destination and 'min_level', the most verbose of those
 *     levels over the destinations that can take output right now (the
 *     file destination only while a log file is open).  The VLOG_*()
 *     macros compare against 'min_level' inline, so a disabled message
 *     costs one comparison and no function call.
 *
 *   - A message that passes gets a sequence number (atomic, shared by all
 *     destinations, so %N matches across console, syslog and file) and is
 *     then formatted once per destination with that destination's pattern
 *     and written while holding 'log_mutex'.  Each line goes out in a single
 *     write() so that lines from several processes appending to one file
 *     (a daemon and its monitor) never interleave.
 *
 *   - Patterns use the escapes documented for "vlog/set PATTERN:..." in
 *     ovs-appctl(8): %A %B %c %d %D %E %m %N %n %p %P %r %t %T %%, each
 *     with optional '-' (left justify), '0' (zero pad) and a field width.
 *
 *   - Rate limiting is a token bucket per call site (struct
 *     vlog_rate_limit), guarded by a tiny spin lock in the struct itself
 *     because call sites are static and may be hit from any thread.
 *
 * Configuration (levels, patterns, log file, syslog) is changed under
 * 'log_mutex'.  Readers of module levels on the fast path read plain ints
 * without the lock: a reader that sees a stale level logs one message more
 * or less, which is harmless. */
#include <config.h>
#include "vlog.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "coverage.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(vlog);

COVERAGE_DEFINE(vlog_write_failed);
COVERAGE_DEFINE(vlog_syslog_send_failed);

/* Names of levels: lowercase for specs and vlog_get_level_name(),
 * uppercase for %p and the vlog/list table, as the tools we mimic print
 * them. */
static const char *const level_names[VLL_N_LEVELS] = {
    "off", "emer", "err", "warn", "info", "dbg",
};
static const char *const level_names_upper[VLL_N_LEVELS] = {
    "OFF", "EMER", "ERR", "WARN", "INFO", "DBG",
};

/* syslog(3) severities.  EMER maps to LOG_ALERT rather than LOG_EMERG so
 * that one daemon's trouble is not broadcast to every terminal, and INFO
 * maps to LOG_NOTICE so that default syslog configurations keep it (both
 * as the tools we are compatible with do). */
static const int syslog_severities[VLL_N_LEVELS] = {
    LOG_DEBUG, LOG_ALERT, LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_DEBUG,
};

static const char *const destination_names[VLF_N_DESTINATIONS] = {
    [VLF_SYSLOG] = "syslog",
    [VLF_CONSOLE] = "console",
    [VLF_FILE] = "file",
};

static const char *const default_patterns[VLF_N_DESTINATIONS] = {
    [VLF_SYSLOG] = "%05N|%c%T|%p|%m",
    [VLF_CONSOLE] = "%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m",
    [VLF_FILE] = "%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m",
};

/* Prepended to syslog messages sent over a socket (--syslog-target, or
 * --syslog-method=unix:/udp:), where no libc adds the header for us. */
static const char syslog_socket_prefix[] = "<%B> %D{%h %e %T} %E %A: ";

/* Every registered module.  Statically initialized because modules are
 * inserted from constructors, whose order across files is unspecified. */
static struct ovs_list vlog_modules = OVS_LIST_INITIALIZER(&vlog_modules);

/* Protects everything below and the levels of every module (for writers).
 * Recursive, so that a function called while logging may itself log
 * (e.g. an allocation failure report) without deadlocking. */
static pthread_mutex_t log_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static char *patterns[VLF_N_DESTINATIONS];  /* NULL: default_patterns. */

static char *log_file_name;     /* Configured file; stays after close. */
static int log_fd = -1;         /* Open log file, or -1. */

/* Where syslog output goes. */
enum syslog_method {
    SYSLOG_LIBC,                /* syslog(3). */
    SYSLOG_SOCKET,              /* Datagrams on 'syslog_fd'. */
};
static enum syslog_method syslog_method = SYSLOG_LIBC;
static int syslog_fd = -1;      /* For SYSLOG_SOCKET. */
static int syslog_target_fd = -1;   /* --syslog-target copy, or -1. */
static bool syslog_opened;      /* openlog() called. */
static int syslog_facility = -1;    /* -1: not set by FACILITY:. */

static atomic_uint msg_num;     /* Last sequence number handed out. */

/* Set once, by the constructor below, in the main thread. */
static pthread_t main_thread;
static char initial_thread_name[16];
static long long boot_msec;     /* CLOCK_MONOTONIC at startup, for %r. */

static pthread_once_t hostname_once = PTHREAD_ONCE_INIT;
static char hostname[256];

static long long
monotonic_msec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

OVS_CONSTRUCTOR(vlog_early_init)
{
    main_thread = pthread_self();
    prctl(PR_GET_NAME, initial_thread_name, 0, 0, 0);
    initial_thread_name[sizeof initial_thread_name - 1] = '\0';
    boot_msec = monotonic_msec();
}

static void
init_hostname(void)
{
    if (gethostname(hostname, sizeof hostname)) {
        strcpy(hostname, "localhost");
    }
    hostname[sizeof hostname - 1] = '\0';
}

/* Levels and destinations. */

const char *
vlog_get_level_name(enum vlog_level level)
{
    return level >= 0 && level < VLL_N_LEVELS ? level_names[level] : NULL;
}

enum vlog_level
vlog_get_level_val(const char *name)
{
    for (int i = 0; i < VLL_N_LEVELS; i++) {
        if (!strcasecmp(name, level_names[i])) {
            return i;
        }
    }
    return VLL_N_LEVELS;
}

/* Returns the destination named NAME, VLF_ANY_DESTINATION for "any", or
 * VLF_N_DESTINATIONS if unknown. */
static enum vlog_destination
destination_from_name(const char *name)
{
    for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
        if (!strcasecmp(name, destination_names[i])) {
            return i;
        }
    }
    return !strcasecmp(name, "any") ? VLF_ANY_DESTINATION
                                    : VLF_N_DESTINATIONS;
}

/* Modules. */

/* Whether DEST can take output now.  Console and syslog always can (a
 * detached daemon's stderr is /dev/null, which is its own business). */
static bool
destination_is_active(enum vlog_destination dest)
{
    return dest != VLF_FILE || log_fd >= 0;
}

static void
update_min_level(struct vlog_module *module)
{
    int min_level = VLL_OFF;
    for (int dest = 0; dest < VLF_N_DESTINATIONS; dest++) {
        if (destination_is_active(dest)) {
            min_level = MAX(min_level, module->levels[dest]);
        }
    }
    module->min_level = min_level;
}

static void
update_all_min_levels(void)
{
    struct vlog_module *module;
    LIST_FOR_EACH (module, list, &vlog_modules) {
        update_min_level(module);
    }
}

void
vlog_insert_module(struct vlog_module *module)
{
    pthread_mutex_lock(&log_mutex);
    if (!ovs_list_is_linked(&module->list)) {
        ovs_list_push_back(&vlog_modules, &module->list);
    }
    update_min_level(module);
    pthread_mutex_unlock(&log_mutex);
}

struct vlog_module *
vlog_module_from_name(const char *name)
{
    struct vlog_module *module, *found = NULL;

    pthread_mutex_lock(&log_mutex);
    LIST_FOR_EACH (module, list, &vlog_modules) {
        if (!strcasecmp(name, module->name)) {
            found = module;
            break;
        }
    }
    pthread_mutex_unlock(&log_mutex);
    return found;
}

static void
set_module_levels(struct vlog_module *module, enum vlog_destination dest,
                  enum vlog_level level)
{
    if (dest == VLF_ANY_DESTINATION) {
        for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
            module->levels[i] = level;
        }
    } else {
        module->levels[dest] = level;
    }
    update_min_level(module);
}

void
vlog_set_levels(struct vlog_module *module, enum vlog_destination dest,
                enum vlog_level level)
{
    ovs_assert(dest == VLF_ANY_DESTINATION
               || (dest >= 0 && dest < VLF_N_DESTINATIONS));
    ovs_assert(level >= 0 && level < VLL_N_LEVELS);

    pthread_mutex_lock(&log_mutex);
    if (module) {
        set_module_levels(module, dest, level);
    } else {
        LIST_FOR_EACH (module, list, &vlog_modules) {
            set_module_levels(module, dest, level);
        }
    }
    pthread_mutex_unlock(&log_mutex);
}

bool
vlog_is_enabled(const struct vlog_module *module, enum vlog_level level)
{
    return module->min_level >= level;
}

/* Patterns. */

void
vlog_set_pattern(enum vlog_destination dest, const char *pattern)
{
    ovs_assert(dest == VLF_ANY_DESTINATION
               || (dest >= 0 && dest < VLF_N_DESTINATIONS));

    pthread_mutex_lock(&log_mutex);
    for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
        if (dest == VLF_ANY_DESTINATION || dest == i) {
            free(patterns[i]);
            patterns[i] = xstrdup(pattern);
        }
    }
    pthread_mutex_unlock(&log_mutex);
}

static const char *
get_pattern(enum vlog_destination dest)
{
    return patterns[dest] ? patterns[dest] : default_patterns[dest];
}

/* Syslog facilities by name, as accepted by "FACILITY:name". */
static const struct {
    const char *name;
    int value;
} facilities[] = {
    {"kern", LOG_KERN}, {"user", LOG_USER}, {"mail", LOG_MAIL},
    {"daemon", LOG_DAEMON}, {"auth", LOG_AUTH}, {"syslog", LOG_SYSLOG},
    {"lpr", LOG_LPR}, {"news", LOG_NEWS}, {"uucp", LOG_UUCP},
    {"clock", 9 << 3}, {"ftp", LOG_FTP}, {"ntp", 12 << 3},
    {"audit", 13 << 3}, {"alert", 14 << 3}, {"clock2", 15 << 3},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};

static bool
facility_from_name(const char *name, int *facility)
{
    for (size_t i = 0; i < ARRAY_SIZE(facilities); i++) {
        if (!strcasecmp(name, facilities[i].name)) {
            *facility = facilities[i].value;
            return true;
        }
    }
    return false;
}

/* The facility in %B.  Unset, it is local0, as the tools we mimic report
 * it; syslog(3) output then uses the openlog() default of LOG_DAEMON. */
static int
pri_facility(void)
{
    return syslog_facility >= 0 ? syslog_facility : LOG_LOCAL0;
}

/* Spec parsing. */

static bool
is_spec_delimiter(char c)
{
    return c == ' ' || c == ',' || c == ':' || c == '\t';
}

/* Returns the next word of *P (NUL-terminated in place) and advances *P
 * past it and the one delimiter that ended it, or returns NULL at the end
 * of the string. */
static char *
next_spec_word(char **p)
{
    char *s = *p;
    while (*s && is_spec_delimiter(*s)) {
        s++;
    }
    if (!*s) {
        *p = s;
        return NULL;
    }

    char *word = s;
    while (*s && !is_spec_delimiter(*s)) {
        s++;
    }
    if (*s) {
        *s++ = '\0';
    }
    *p = s;
    return word;
}

/* "PATTERN:DEST:PATTERN": REST is what follows the word "pattern". */
static char *
parse_pattern_spec(char *rest)
{
    char *dest_name = next_spec_word(&rest);
    if (!dest_name) {
        return xstrdup("missing destination");
    }

    enum vlog_destination dest = destination_from_name(dest_name);
    if (dest == VLF_N_DESTINATIONS) {
        return xasprintf("unknown destination \"%s\"", dest_name);
    }
    /* Everything after the destination's delimiter is the pattern, which
     * may itself contain spaces, commas and colons. */
    vlog_set_pattern(dest, rest);
    return NULL;
}

/* "FACILITY:NAME": REST is what follows the word "facility". */
static char *
parse_facility_spec(char *rest)
{
    char *name = next_spec_word(&rest);
    int facility;

    if (!name || !facility_from_name(name, &facility)) {
        return xstrdup("invalid facility");
    }
    pthread_mutex_lock(&log_mutex);
    syslog_facility = facility;
    if (syslog_opened) {
        closelog();
        syslog_opened = false;
    }
    pthread_mutex_unlock(&log_mutex);
    return NULL;
}

char *
vlog_set_levels_from_string(const char *spec)
{
    char *copy = xstrdup(spec);
    char *p = copy;
    char *error = NULL;

    char *word = next_spec_word(&p);
    if (word && !strcasecmp(word, "pattern")) {
        error = parse_pattern_spec(p);
        goto exit;
    } else if (word && !strcasecmp(word, "facility")) {
        error = parse_facility_spec(p);
        goto exit;
    }

    struct vlog_module *module = NULL;
    enum vlog_destination dest = VLF_ANY_DESTINATION;
    enum vlog_level level = VLL_N_LEVELS;
    bool have_dest = false;

    for (; word; word = next_spec_word(&p)) {
        enum vlog_destination d;
        enum vlog_level l;
        struct vlog_module *m;

        if (!strcasecmp(word, "any")) {
            /* Accepted for compatibility; means what omitting it means. */
        } else if ((d = destination_from_name(word))
                   != VLF_N_DESTINATIONS) {
            if (have_dest) {
                error = xstrdup("cannot specify multiple destinations");
                goto exit;
            }
            have_dest = true;
            dest = d;
        } else if ((l = vlog_get_level_val(word)) != VLL_N_LEVELS) {
            if (level != VLL_N_LEVELS) {
                error = xstrdup("cannot specify multiple levels");
                goto exit;
            }
            level = l;
        } else if ((m = vlog_module_from_name(word)) != NULL) {
            if (module) {
                error = xstrdup("cannot specify multiple modules");
                goto exit;
            }
            module = m;
        } else {
            error = xasprintf("no destination, level, or module \"%s\"",
                              word);
            goto exit;
        }
    }

    vlog_set_levels(module, dest, level == VLL_N_LEVELS ? VLL_DBG : level);

exit:
    free(copy);
    return error;
}

void
vlog_set_levels_from_string_assert(const char *spec)
{
    char *error = vlog_set_levels_from_string(spec);
    if (error) {
        ovs_abort(0, "bad log spec \"%s\": %s", spec, error);
    }
}

void
vlog_set_verbosity(const char *arg)
{
    if (!arg) {
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_DBG);
        return;
    }

    char *error = vlog_set_levels_from_string(arg);
    if (error) {
        /* As Open vSwitch does: status 1, no "--help" hint. */
        ovs_fatal(0, "processing \"%s\": %s", arg, error);
    }
}

/* The vlog/list table. */

static int
compare_modules_by_name(const void *a_, const void *b_)
{
    const struct vlog_module *const *a = a_;
    const struct vlog_module *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

char *
vlog_get_levels(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct vlog_module **modules = NULL;
    size_t n = 0, allocated = 0;
    struct vlog_module *module;

    pthread_mutex_lock(&log_mutex);
    LIST_FOR_EACH (module, list, &vlog_modules) {
        if (n >= allocated) {
            modules = x2nrealloc(modules, &allocated, sizeof *modules);
        }
        modules[n++] = module;
    }
    if (n) {
        qsort(modules, n, sizeof *modules, compare_modules_by_name);
    }

    ds_put_cstr(&s, "                 console    syslog    file\n");
    ds_put_cstr(&s, "                 -------    ------    ------\n");
    for (size_t i = 0; i < n; i++) {
        module = modules[i];
        ds_put_format(&s, "%-16s  %4s       %4s       %4s",
                      module->name,
                      level_names_upper[module->levels[VLF_CONSOLE]],
                      level_names_upper[module->levels[VLF_SYSLOG]],
                      level_names_upper[module->levels[VLF_FILE]]);
        if (!module->honor_rate_limits) {
            ds_put_cstr(&s, "    (rate limiting disabled)");
        }
        ds_put_char(&s, '\n');
    }
    pthread_mutex_unlock(&log_mutex);

    free(modules);
    return ds_steal_cstr(&s);
}

static char *
get_patterns(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    pthread_mutex_lock(&log_mutex);
    ds_put_format(&s, "%-9s%-34s%s\n", "", "prefix", "format");
    ds_put_format(&s, "%-9s%-34s%s\n", "", "------", "------");
    static const char *const upper[VLF_N_DESTINATIONS] = {
        [VLF_SYSLOG] = "SYSLOG",
        [VLF_CONSOLE] = "CONSOLE",
        [VLF_FILE] = "FILE",
    };
    for (int dest = 0; dest < VLF_N_DESTINATIONS; dest++) {
        /* The syslog prefix is shown without the space that separates it
         * from the message. */
        int prefix_len = dest == VLF_SYSLOG
                         ? (int) strlen(syslog_socket_prefix) - 1 : 4;
        const char *prefix = dest == VLF_SYSLOG ? syslog_socket_prefix
                                                : "none";
        ds_put_format(&s, "%-9s%-34.*s%s\n", upper[dest], prefix_len,
                      prefix, get_pattern(dest));
    }
    pthread_mutex_unlock(&log_mutex);
    return ds_steal_cstr(&s);
}

/* Formatting. */

/* The name of the calling thread for %t: "main" for the thread that ran
 * the constructors, otherwise the name given with pthread_setname_np(),
 * or "unknown" if it still has the name it inherited at creation. */
static void
get_thread_name(char *buf, size_t size, bool *is_main)
{
    char name[16] = "";

    prctl(PR_GET_NAME, name, 0, 0, 0);
    name[sizeof name - 1] = '\0';
    *is_main = false;
    if (name[0] && strcmp(name, initial_thread_name)) {
        snprintf(buf, size, "%s", name);
    } else if (pthread_equal(pthread_self(), main_thread)) {
        *is_main = true;
        snprintf(buf, size, "main");
    } else {
        snprintf(buf, size, "unknown");
    }
}

/* Appends STRFTIME_FORMAT applied to WALL_MSEC to S. */
static void
put_time(struct ds *s, const char *format, long long wall_msec, bool utc)
{
    char *t = xastrftime_msec(format, wall_msec, utc);
    ds_put_cstr(s, t ? t : "");
    free(t);
}

/* Appends MESSAGE formatted per PATTERN to S. */
static void
format_log_message(struct ds *s, const char *pattern,
                   const struct vlog_module *module, enum vlog_level level,
                   unsigned int seq, long long wall_msec,
                   const char *message)
{
    for (const char *p = pattern; *p; ) {
        if (*p != '%') {
            ds_put_char(s, *p++);
            continue;
        }
        p++;

        bool left_justify = false;
        char pad = ' ';
        if (*p == '-') {
            left_justify = true;
            p++;
        }
        if (*p == '0') {
            pad = '0';
            p++;
        }
        size_t width = 0;
        while (*p >= '0' && *p <= '9' && width < 1000) {
            width = width * 10 + (*p++ - '0');
        }
        if (!*p) {
            break;              /* A lone '%' at the end: nothing. */
        }

        size_t start = s->length;
        char spec = *p++;
        switch (spec) {
        case 'A':
            ds_put_cstr(s, program_name ? program_name : "");
            break;
        case 'B':
            ds_put_format(s, "%d",
                          pri_facility() | syslog_severities[level]);
            break;
        case 'c':
            ds_put_cstr(s, module->name);
            break;
        case 'd':
        case 'D': {
            const char *format = "%Y-%m-%d %H:%M:%S.###";
            char *custom = NULL;
            if (*p == '{') {
                size_t len = strcspn(p + 1, "}");
                custom = xmemdup0(p + 1, len);
                format = custom;
                p += 1 + len + (p[1 + len] == '}');
            }
            put_time(s, format, wall_msec, spec == 'D');
            free(custom);
            break;
        }
        case 'E':
            pthread_once(&hostname_once, init_hostname);
            ds_put_cstr(s, hostname);
            break;
        case 'm':
            ds_put_cstr(s, message);
            break;
        case 'N':
            ds_put_format(s, "%u", seq);
            break;
        case 'n':
            ds_put_char(s, '\n');
            break;
        case 'p':
            ds_put_cstr(s, level_names_upper[level]);
            break;
        case 'P':
            ds_put_format(s, "%ld", (long int) getpid());
            break;
        case 'r':
            ds_put_format(s, "%lld", monotonic_msec() - boot_msec);
            break;
        case 't':
        case 'T': {
            char name[32];
            bool is_main;
            get_thread_name(name, sizeof name, &is_main);
            if (spec == 't') {
                ds_put_cstr(s, name);
            } else if (!is_main) {
                ds_put_format(s, "(%s)", name);
            }
            break;
        }
        default:
            /* '%%' and unknown escapes: the character itself. */
            ds_put_char(s, spec);
            break;
        }

        size_t len = s->length - start;
        if (len < width) {
            size_t n_pad = width - len;
            if (left_justify) {
                ds_put_char_multiple(s, ' ', n_pad);
            } else {
                ds_put_char_multiple(s, pad, n_pad);
                char *field = s->string + start;
                memmove(field + n_pad, field, len);
                memset(field, pad, n_pad);
            }
        }
    }
}

char *
vlog_format_pattern(const char *pattern, const struct vlog_module *module,
                    enum vlog_level level, unsigned int seq,
                    long long wall_msec, const char *message)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    format_log_message(&s, pattern, module, level, seq, wall_msec, message);
    return ds_steal_cstr(&s);
}

/* Output. */

/* Writes all of BUF to FD, with as few write() calls as the kernel allows
 * (one, for a regular file or a pipe under PIPE_BUF).  Returns 0 or an
 * errno value. */
static int
write_fully(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t retval = write(fd, buf, n);
        if (retval < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        buf += retval;
        n -= retval;
    }
    return 0;
}

static void
send_syslog_datagram(int fd, const char *msg, size_t len)
{
    ssize_t retval;
    do {
        retval = send(fd, msg, len, MSG_DONTWAIT);
    } while (retval < 0 && errno == EINTR);
    if (retval < 0) {
        /* Logging about failing to log would recurse; count it instead. */
        COVERAGE_INC(vlog_syslog_send_failed);
    }
}

/* Emits LINE (formatted with the syslog pattern) to syslog.  Called with
 * 'log_mutex' held. */
static void
write_to_syslog(const struct vlog_module *module, enum vlog_level level,
                unsigned int seq, long long wall_msec, const char *line)
{
    if (syslog_method == SYSLOG_LIBC) {
        if (!syslog_opened) {
            openlog(program_name, LOG_NDELAY,
                    syslog_facility >= 0 ? syslog_facility : LOG_DAEMON);
            syslog_opened = true;
        }
        syslog(syslog_severities[level], "%s", line);
    }

    if (syslog_fd >= 0 || syslog_target_fd >= 0) {
        struct ds msg = DS_EMPTY_INITIALIZER;
        format_log_message(&msg, syslog_socket_prefix, module, level, seq,
                           wall_msec, "");
        ds_put_cstr(&msg, line);
        if (syslog_fd >= 0) {
            send_syslog_datagram(syslog_fd, msg.string, msg.length);
        }
        if (syslog_target_fd >= 0) {
            send_syslog_datagram(syslog_target_fd, msg.string, msg.length);
        }
        ds_destroy(&msg);
    }
}

static void
log_message(const struct vlog_module *module, enum vlog_level level,
            const char *message)
{
    unsigned int seq = atomic_fetch_add(&msg_num, 1) + 1;
    long long wall_msec = time_wall_msec();
    struct ds line = DS_EMPTY_INITIALIZER;

    pthread_mutex_lock(&log_mutex);
    static const enum vlog_destination order[] = {
        VLF_CONSOLE, VLF_SYSLOG, VLF_FILE,
    };
    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        enum vlog_destination dest = order[i];
        if (level > module->levels[dest] || !destination_is_active(dest)) {
            continue;
        }

        ds_clear(&line);
        format_log_message(&line, get_pattern(dest), module, level, seq,
                           wall_msec, message);
        if (dest == VLF_SYSLOG) {
            write_to_syslog(module, level, seq, wall_msec, ds_cstr(&line));
        } else {
            ds_put_char(&line, '\n');
            int fd = dest == VLF_CONSOLE ? STDERR_FILENO : log_fd;
            if (write_fully(fd, line.string, line.length)) {
                COVERAGE_INC(vlog_write_failed);
            }
        }
    }
    pthread_mutex_unlock(&log_mutex);
    ds_destroy(&line);
}

void
vlog_valist(const struct vlog_module *module, enum vlog_level level,
            const char *format, va_list args)
{
    if (level <= VLL_OFF || level >= VLL_N_LEVELS
        || !vlog_is_enabled(module, level)) {
        return;
    }

    char *message = xvasprintf(format, args);
    log_message(module, level, message);
    free(message);
}

void
vlog(const struct vlog_module *module, enum vlog_level level,
     const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_valist(module, level, format, args);
    va_end(args);
}

/* Logs at EMER; if that does not reach the console, also prints the
 * message to stderr, so that a dying program always says why. */
static void
vlog_emer_valist(const struct vlog_module *module, const char *format,
                 va_list args)
{
    char *message = xvasprintf(format, args);
    if (vlog_is_enabled(module, VLL_EMER)) {
        log_message(module, VLL_EMER, message);
    }
    if (module->levels[VLF_CONSOLE] < VLL_EMER) {
        fprintf(stderr, "%s: %s\n", program_name ? program_name : "",
                message);
        fflush(stderr);
    }
    free(message);
}

void
vlog_fatal(const struct vlog_module *module, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_emer_valist(module, format, args);
    va_end(args);
    exit(EXIT_FAILURE);
}

void
vlog_abort(const struct vlog_module *module, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_emer_valist(module, format, args);
    va_end(args);
    abort();
}

/* Rate limiting. */

static void
rate_limit_lock(struct vlog_rate_limit *rl)
{
    while (__atomic_exchange_n(&rl->lock, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&rl->lock, __ATOMIC_RELAXED)) {
            continue;           /* Held for a few instructions only. */
        }
    }
}

static void
rate_limit_unlock(struct vlog_rate_limit *rl)
{
    __atomic_store_n(&rl->lock, 0, __ATOMIC_RELEASE);
}

/* Adds the tokens earned since 'last_fill' (RATE per minute, in
 * thousandths), up to BURST.  'last_fill' only moves when at least one
 * thousandth was earned, so frequent calls do not round the refill away. */
static void
rate_limit_refill(struct vlog_rate_limit *rl, long long now)
{
    unsigned long long max_tokens = rl->burst * 1000ULL;

    if (rl->last_fill == LLONG_MIN) {
        rl->tokens = max_tokens;
        rl->last_fill = now;
        return;
    }
    if (now <= rl->last_fill) {
        return;
    }

    unsigned long long elapsed = now - rl->last_fill;
    /* Past a full bucket's worth of time the arithmetic could only
     * overflow; one hour fills any bucket of up to 60 * rate tokens. */
    if (elapsed > 3600ULL * 1000 || rl->tokens >= max_tokens) {
        rl->tokens = max_tokens;
        rl->last_fill = now;
        return;
    }

    unsigned long long earned = elapsed * rl->rate / 60;
    if (earned) {
        rl->tokens = MIN(rl->tokens + earned, max_tokens);
        rl->last_fill = now;
    }
}

bool
vlog_should_drop(const struct vlog_module *module, enum vlog_level level,
                 struct vlog_rate_limit *rl)
{
    if (!vlog_is_enabled(module, level)) {
        return true;
    }
    if (!module->honor_rate_limits) {
        return false;
    }

    long long now = time_msec();
    unsigned int n_dropped = 0;
    long long first_dropped = 0, last_dropped = 0;

    rate_limit_lock(rl);
    rate_limit_refill(rl, now);
    if (rl->tokens < 1000) {
        if (!rl->n_dropped) {
            rl->first_dropped = now;
        }
        rl->last_dropped = now;
        rl->n_dropped++;
        rate_limit_unlock(rl);
        return true;
    }
    rl->tokens -= 1000;
    if (rl->n_dropped) {
        n_dropped = rl->n_dropped;
        first_dropped = rl->first_dropped;
        last_dropped = rl->last_dropped;
        rl->n_dropped = 0;
    }
    rate_limit_unlock(rl);

    if (n_dropped) {
        vlog(module, level, "Dropped %u log messages in last %lld seconds "
             "(most recently, %lld seconds ago) due to excessive rate",
             n_dropped, (now - first_dropped) / 1000,
             (now - last_dropped) / 1000);
    }
    return false;
}

void
vlog_rate_limit(const struct vlog_module *module, enum vlog_level level,
                struct vlog_rate_limit *rl, const char *format, ...)
{
    if (!vlog_should_drop(module, level, rl)) {
        va_list args;
        va_start(args, format);
        vlog_valist(module, level, format, args);
        va_end(args);
    }
}

/* Log file. */

static int
open_log_file(const char *name, int *fdp)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0660);
    if (fd < 0) {
        *fdp = -1;
        return errno;
    }
    *fdp = fd;
    return 0;
}

int
vlog_set_log_file(const char *file_name)
{
    char *name = (file_name
                  ? abs_file_name(NULL, file_name)
                  : xasprintf("%s/%s.log", ovs_logdir(), program_name));
    int fd;
    int error = open_log_file(name, &fd);
    if (error) {
        VLOG_WARN("failed to open %s for logging: %s", name,
                  ovs_strerror(error));
        free(name);
        return error;
    }

    pthread_mutex_lock(&log_mutex);
    if (log_fd >= 0) {
        close(log_fd);
    }
    log_fd = fd;
    free(log_file_name);
    log_file_name = name;
    update_all_min_levels();
    pthread_mutex_unlock(&log_mutex);

    VLOG_INFO("opened log file %s", name);
    return 0;
}

int
vlog_reopen_log_file(void)
{
    pthread_mutex_lock(&log_mutex);
    char *name = nullable_xstrdup(log_file_name);
    pthread_mutex_unlock(&log_mutex);

    if (!name) {
        return ENOENT;
    }
    int error = vlog_set_log_file(name);
    free(name);
    return error;
}

void
vlog_close_log_file(void)
{
    pthread_mutex_lock(&log_mutex);
    if (log_fd >= 0) {
        close(log_fd);
        log_fd = -1;
        update_all_min_levels();
    }
    pthread_mutex_unlock(&log_mutex);
}

void
vlog_set_log_file_option(const char *arg)
{
    /* A log file that cannot be opened is not fatal: the failure is
     * logged and the program goes on logging elsewhere. */
    ignore(vlog_set_log_file(arg) == 0);
}

/* Syslog over sockets. */

/* Parses "IP:PORT" or "[IPv6]:PORT" into *SS.  Returns NULL or an error
 * message for the caller to free. */
static char *
parse_inet_address(const char *s, struct sockaddr_storage *ss,
                   socklen_t *lenp)
{
    char *copy = xstrdup(s);
    char *host = copy, *port_s;
    char *error = NULL;

    if (*host == '[') {
        char *end = strchr(host, ']');
        if (!end) {
            error = xasprintf("%s: missing ']'", s);
            goto exit;
        }
        *end = '\0';
        host++;
        port_s = end[1] == ':' ? end + 2 : NULL;
    } else {
        port_s = strrchr(host, ':');
        if (port_s) {
            *port_s++ = '\0';
        }
    }

    int port;
    if (!port_s || !*port_s) {
        error = xasprintf("%s: port must be specified", s);
        goto exit;
    }
    if (!str_to_int(port_s, 10, &port) || port <= 0 || port > 65535) {
        error = xasprintf("%s: bad port number \"%s\"", s, port_s);
        goto exit;
    }

    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
    if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        *lenp = sizeof *sin;
    } else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        *lenp = sizeof *sin6;
    } else {
        error = xasprintf("%s: bad IP address \"%s\"", s, host);
    }

exit:
    free(copy);
    return error;
}

/* Opens a datagram socket connected to TARGET ("udp:IP:PORT", "IP:PORT"
 * or "unix:PATH").  Returns the fd, or -1 with *ERRORP set. */
static int
open_syslog_socket(const char *target, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len = 0;

    *errorp = NULL;
    if (str_starts_with(target, "unix:")) {
        struct sockaddr_un *sun = (struct sockaddr_un *) &ss;
        const char *path = target + 5;
        if (strlen(path) >= sizeof sun->sun_path) {
            *errorp = xasprintf("%s: socket name too long", target);
            return -1;
        }
        memset(sun, 0, sizeof *sun);
        sun->sun_family = AF_UNIX;
        strcpy(sun->sun_path, path);
        len = sizeof *sun;
    } else {
        const char *addr = (str_starts_with(target, "udp:")
                            ? target + 4 : target);
        *errorp = parse_inet_address(addr, &ss, &len);
        if (*errorp) {
            return -1;
        }
    }

    int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *errorp = xasprintf("%s: socket failed (%s)", target,
                            ovs_strerror(errno));
        return -1;
    }
    if (connect(fd, (struct sockaddr *) &ss, len) < 0) {
        *errorp = xasprintf("%s: connect failed (%s)", target,
                            ovs_strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

void
vlog_set_syslog_target(const char *target)
{
    char *error;
    int fd = open_syslog_socket(target, &error);
    if (fd < 0) {
        VLOG_ERR("%s", error);
        free(error);
        return;
    }

    pthread_mutex_lock(&log_mutex);
    if (syslog_target_fd >= 0) {
        close(syslog_target_fd);
    }
    syslog_target_fd = fd;
    pthread_mutex_unlock(&log_mutex);
}

void
vlog_set_syslog_method(const char *method)
{
    if (!strcmp(method, "libc")) {
        pthread_mutex_lock(&log_mutex);
        syslog_method = SYSLOG_LIBC;
        if (syslog_fd >= 0) {
            close(syslog_fd);
            syslog_fd = -1;
        }
        pthread_mutex_unlock(&log_mutex);
        return;
    }
    if (!str_starts_with(method, "unix:")
        && !str_starts_with(method, "udp:")) {
        ovs_fatal(0, "unsupported syslog method '%s'", method);
    }

    char *error;
    int fd = open_syslog_socket(method, &error);
    if (fd < 0) {
        /* Keep going with libc: losing syslog is no reason to die. */
        VLOG_ERR("%s", error);
        free(error);
        return;
    }
    pthread_mutex_lock(&log_mutex);
    if (syslog_fd >= 0) {
        close(syslog_fd);
    }
    syslog_fd = fd;
    syslog_method = SYSLOG_SOCKET;
    pthread_mutex_unlock(&log_mutex);
}

/* unixctl commands. */

static void
vlog_unixctl_set(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux OVS_UNUSED)
{
    if (argc == 1) {
        /* As documented in ovs-appctl(8): no spec means dbg everywhere. */
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_DBG);
    }
    for (int i = 1; i < argc; i++) {
        char *error = vlog_set_levels_from_string(argv[i]);
        if (error) {
            unixctl_command_reply_error(conn, error);
            free(error);
            return;
        }
    }
    unixctl_command_reply(conn, NULL);
}

static void
vlog_unixctl_list(struct unixctl_conn *conn, int argc OVS_UNUSED,
                  const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    char *levels = vlog_get_levels();
    unixctl_command_reply(conn, levels);
    free(levels);
}

static void
vlog_unixctl_list_pattern(struct unixctl_conn *conn, int argc OVS_UNUSED,
                          const char *argv[] OVS_UNUSED,
                          void *aux OVS_UNUSED)
{
    char *s = get_patterns();
    unixctl_command_reply(conn, s);
    free(s);
}

static void
vlog_unixctl_reopen(struct unixctl_conn *conn, int argc OVS_UNUSED,
                    const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    pthread_mutex_lock(&log_mutex);
    bool configured = log_file_name != NULL;
    pthread_mutex_unlock(&log_mutex);

    if (!configured) {
        unixctl_command_reply_error(conn, "Logging to file not configured");
        return;
    }
    int error = vlog_reopen_log_file();
    if (error) {
        char *msg = xasprintf("could not reopen log file (%s)",
                              ovs_strerror(error));
        unixctl_command_reply_error(conn, msg);
        free(msg);
    } else {
        unixctl_command_reply(conn, NULL);
    }
}

static void
vlog_unixctl_close(struct unixctl_conn *conn, int argc OVS_UNUSED,
                   const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    vlog_close_log_file();
    unixctl_command_reply(conn, NULL);
}

static void
set_rate_limits(struct unixctl_conn *conn, int argc, const char *argv[],
                bool enable)
{
    if (argc == 1) {
        struct vlog_module *module;
        pthread_mutex_lock(&log_mutex);
        LIST_FOR_EACH (module, list, &vlog_modules) {
            module->honor_rate_limits = enable;
        }
        pthread_mutex_unlock(&log_mutex);
    } else {
        /* Check every name before changing anything. */
        for (int i = 1; i < argc; i++) {
            if (!vlog_module_from_name(argv[i])) {
                unixctl_command_reply_error(conn, "unknown module");
                return;
            }
        }
        for (int i = 1; i < argc; i++) {
            vlog_module_from_name(argv[i])->honor_rate_limits = enable;
        }
    }
    unixctl_command_reply(conn, NULL);
}

static void
vlog_unixctl_disable_rate_limit(struct unixctl_conn *conn, int argc,
                                const char *argv[], void *aux OVS_UNUSED)
{
    set_rate_limits(conn, argc, argv, false);
}

static void
vlog_unixctl_enable_rate_limit(struct unixctl_conn *conn, int argc,
                               const char *argv[], void *aux OVS_UNUSED)
{
    set_rate_limits(conn, argc, argv, true);
}

void
vlog_init(void)
{
    static bool registered;

    pthread_mutex_lock(&log_mutex);
    bool first = !registered;
    registered = true;
    pthread_mutex_unlock(&log_mutex);
    if (!first) {
        return;
    }

    unixctl_command_register("vlog/set",
                             "{spec | PATTERN:destination:pattern}",
                             0, INT_MAX, vlog_unixctl_set, NULL);
    unixctl_command_register("vlog/list", "", 0, 0, vlog_unixctl_list,
                             NULL);
    unixctl_command_register("vlog/list-pattern", "", 0, 0,
                             vlog_unixctl_list_pattern, NULL);
    unixctl_command_register("vlog/reopen", "", 0, 0, vlog_unixctl_reopen,
                             NULL);
    unixctl_command_register("vlog/close", "", 0, 0, vlog_unixctl_close,
                             NULL);
    unixctl_command_register("vlog/disable-rate-limit", "[module]...",
                             0, INT_MAX, vlog_unixctl_disable_rate_limit,
                             NULL);
    unixctl_command_register("vlog/enable-rate-limit", "[module]...",
                             0, INT_MAX, vlog_unixctl_enable_rate_limit,
                             NULL);
}

void
vlog_usage(void)
{
    printf("\nLogging options:\n"
           "  -vSPEC, --verbose=SPEC   set log levels, e.g. "
           "-vconsole:info or -vjsonrpc:file:dbg\n"
           "  -v, --verbose            log everything (level dbg) to "
           "every destination\n"
           "  --log-file[=FILE]        also log to FILE\n"
           "                           (default: %s/%s.log)\n"
           "  --syslog-method=(libc|unix:file|udp:ip:port)\n"
           "                           where syslog messages go "
           "(default: libc)\n"
           "  --syslog-target=HOST:PORT  copy syslog messages to "
           "HOST:PORT over UDP\n",
           ovs_logdir(), program_name);
}
