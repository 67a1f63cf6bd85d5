/* vlog.h -- logging by module and level to console, syslog and a file.
 *
 * Each source file that logs says VLOG_DEFINE_THIS_MODULE(name); its log
 * calls then carry that module's name and obey that module's levels, which
 * can be changed per destination at run time with "ovs-appctl vlog/set".
 *
 * Level spec syntax (the -v option and vlog/set):
 *   [MODULE|ANY][:DESTINATION|ANY][:LEVEL]  in any order, separated by ':'
 *   e.g. "dbg", "console:off", "jsonrpc:file:dbg", "ANY:syslog:warn"
 *   and "PATTERN:DESTINATION:PATTERN" to set a format,
 *   "FACILITY:name" to set the syslog facility.
 * Destinations: console (stderr), syslog, file.  Levels: off, emer, err,
 * warn, info, dbg.  Defaults: console and syslog at info, file at info
 * once --log-file is given.
 *
 * Default patterns (ovs-vswitchd compatible):
 *   console: "%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m"
 *   file:    "%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m"
 *   syslog:  "%05N|%c%T|%p|%m"
 *
 * Rate limiting: a struct vlog_rate_limit (token bucket) per call site
 * keeps a busy error from flooding the log; suppressed messages are counted
 * and reported when logging resumes.
 *
 * Logging is thread-safe. */
#ifndef VLOG_H
#define VLOG_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <limits.h>
#include <time.h>
#include "compiler.h"
#include "list.h"

enum vlog_level {
    VLL_OFF,
    VLL_EMER,
    VLL_ERR,
    VLL_WARN,
    VLL_INFO,
    VLL_DBG,
    VLL_N_LEVELS
};
const char *vlog_get_level_name(enum vlog_level);
enum vlog_level vlog_get_level_val(const char *name);  /* VLL_N_LEVELS if
                                                         * unknown. */

enum vlog_destination {
    VLF_SYSLOG,
    VLF_CONSOLE,
    VLF_FILE,
    VLF_N_DESTINATIONS,
    VLF_ANY_DESTINATION = -1
};

struct vlog_module {
    struct ovs_list list;
    const char *name;
    int levels[VLF_N_DESTINATIONS];   /* Minimum enabled level per dest. */
    int min_level;                    /* Max of 'levels' (most verbose). */
    bool honor_rate_limits;
};

void vlog_insert_module(struct vlog_module *);
struct vlog_module *vlog_module_from_name(const char *name);

#define VLOG_DEFINE_MODULE__(MODULE)                                    \
    struct vlog_module VLM_##MODULE = {                                 \
        OVS_LIST_INITIALIZER(&VLM_##MODULE.list), #MODULE,              \
        { VLL_INFO, VLL_INFO, VLL_INFO }, VLL_INFO, true };             \
    OVS_CONSTRUCTOR(init_##MODULE) { vlog_insert_module(&VLM_##MODULE); }

#define VLOG_DEFINE_THIS_MODULE(MODULE)                                 \
    VLOG_DEFINE_MODULE__(MODULE)                                        \
    static struct vlog_module *const this_module = &VLM_##MODULE

/* A token bucket: RATE messages a minute, bursts of up to BURST. */
struct vlog_rate_limit {
    unsigned int rate;          /* Tokens per minute. */
    unsigned int burst;         /* Maximum tokens (x1000 internally). */
    unsigned long long tokens;  /* Current tokens x1000. */
    long long last_fill;        /* time_msec() of last refill. */
    long long first_dropped;    /* Time of first drop since last message. */
    long long last_dropped;
    unsigned int n_dropped;
    int lock;                   /* Spin lock: 0 free, 1 held. */
};
#define VLOG_RATE_LIMIT_INIT(RATE, BURST) \
    { RATE, BURST, 0, LLONG_MIN, LLONG_MIN, LLONG_MIN, 0, 0 }

bool vlog_is_enabled(const struct vlog_module *, enum vlog_level);
bool vlog_should_drop(const struct vlog_module *, enum vlog_level,
                      struct vlog_rate_limit *);
void vlog(const struct vlog_module *, enum vlog_level, const char *format,
          ...) OVS_PRINTF_FORMAT(3, 4);
void vlog_valist(const struct vlog_module *, enum vlog_level, const char *,
                 va_list) OVS_PRINTF_FORMAT(3, 0);
void vlog_rate_limit(const struct vlog_module *, enum vlog_level,
                     struct vlog_rate_limit *, const char *, ...)
    OVS_PRINTF_FORMAT(4, 5);
/* Logs at EMER, then exits with status 1 / aborts. */
void vlog_fatal(const struct vlog_module *, const char *, ...)
    OVS_PRINTF_FORMAT(2, 3) OVS_NO_RETURN;
void vlog_abort(const struct vlog_module *, const char *, ...)
    OVS_PRINTF_FORMAT(2, 3) OVS_NO_RETURN;

#define VLOG_FATAL(...) vlog_fatal(this_module, __VA_ARGS__)
#define VLOG_ABORT(...) vlog_abort(this_module, __VA_ARGS__)
#define VLOG_EMER(...) VLOG__(VLL_EMER, __VA_ARGS__)
#define VLOG_ERR(...) VLOG__(VLL_ERR, __VA_ARGS__)
#define VLOG_WARN(...) VLOG__(VLL_WARN, __VA_ARGS__)
#define VLOG_INFO(...) VLOG__(VLL_INFO, __VA_ARGS__)
#define VLOG_DBG(...) VLOG__(VLL_DBG, __VA_ARGS__)
#define VLOG_ERR_RL(RL, ...) VLOG_RL__(RL, VLL_ERR, __VA_ARGS__)
#define VLOG_WARN_RL(RL, ...) VLOG_RL__(RL, VLL_WARN, __VA_ARGS__)
#define VLOG_INFO_RL(RL, ...) VLOG_RL__(RL, VLL_INFO, __VA_ARGS__)
#define VLOG_DBG_RL(RL, ...) VLOG_RL__(RL, VLL_DBG, __VA_ARGS__)
#define VLOG_IS_ERR_ENABLED() vlog_is_enabled(this_module, VLL_ERR)
#define VLOG_IS_WARN_ENABLED() vlog_is_enabled(this_module, VLL_WARN)
#define VLOG_IS_INFO_ENABLED() vlog_is_enabled(this_module, VLL_INFO)
#define VLOG_IS_DBG_ENABLED() vlog_is_enabled(this_module, VLL_DBG)

#define VLOG__(LEVEL, ...)                                      \
    do {                                                        \
        enum vlog_level level__ = LEVEL;                        \
        if (this_module->min_level >= level__) {                \
            vlog(this_module, level__, __VA_ARGS__);            \
        }                                                       \
    } while (0)
#define VLOG_RL__(RL, LEVEL, ...)                               \
    do {                                                        \
        enum vlog_level level__ = LEVEL;                        \
        if (this_module->min_level >= level__) {                \
            vlog_rate_limit(this_module, level__, RL, __VA_ARGS__); \
        }                                                       \
    } while (0)

/* Configuration. */
void vlog_set_levels(struct vlog_module *, enum vlog_destination,
                     enum vlog_level);     /* NULL module: all modules. */
char *vlog_set_levels_from_string(const char *) OVS_WARN_UNUSED_RESULT;
void vlog_set_levels_from_string_assert(const char *);
char *vlog_get_levels(void);               /* The vlog/list table. */
void vlog_set_pattern(enum vlog_destination, const char *pattern);
/* Opens FILE_NAME for the file destination (NULL: the default,
 * <logdir>/<program>.log).  Returns 0 or errno. */
int vlog_set_log_file(const char *file_name);
int vlog_reopen_log_file(void);
void vlog_close_log_file(void);
void vlog_set_syslog_target(const char *target);  /* "udp:IP:PORT". */
/* Registers the "vlog/..." unixctl commands.  Safe to call more than
 * once. */
void vlog_init(void);

/* Command-line options -v[SPEC], --verbose[=SPEC], --log-file[=FILE],
 * --syslog-target=HOST:PORT, --syslog-method=METHOD. */
#define VLOG_OPTION_ENUMS OPT_LOG_FILE, OPT_SYSLOG_TARGET, OPT_SYSLOG_METHOD
#define VLOG_LONG_OPTIONS                                               \
    {"verbose", optional_argument, NULL, 'v'},                          \
    {"log-file", optional_argument, NULL, OPT_LOG_FILE},                \
    {"syslog-method", required_argument, NULL, OPT_SYSLOG_METHOD},      \
    {"syslog-target", required_argument, NULL, OPT_SYSLOG_TARGET}
#define VLOG_OPTION_HANDLERS                                            \
    case 'v': vlog_set_verbosity(optarg); break;                        \
    case OPT_LOG_FILE: vlog_set_log_file_option(optarg); break;         \
    case OPT_SYSLOG_TARGET: vlog_set_syslog_target(optarg); break;      \
    case OPT_SYSLOG_METHOD: vlog_set_syslog_method(optarg); break;
void vlog_set_verbosity(const char *arg);  /* Fatal usage error if bad. */
void vlog_set_log_file_option(const char *arg);
void vlog_set_syslog_method(const char *method);
void vlog_usage(void);

/* Returns MESSAGE formatted per PATTERN (see "Default patterns" above) as
 * if logged by MODULE at LEVEL with sequence number SEQ at WALL_MSEC
 * (milliseconds since the epoch), without a trailing newline.  For tests
 * and tools; the caller frees the result. */
char *vlog_format_pattern(const char *pattern, const struct vlog_module *,
                          enum vlog_level, unsigned int seq,
                          long long wall_msec, const char *message);

#endif /* vlog.h */
