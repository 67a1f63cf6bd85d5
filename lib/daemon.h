/* daemon.h -- the options every daemon takes, and what they do.
 *
 *   --detach            run in the background once initialised
 *   --no-chdir          with --detach, keep the current directory
 *   --pidfile[=FILE]    write the pid (default <rundir>/<program>.pid),
 *                       locked while running, removed at exit
 *   --overwrite-pidfile replace a stale pidfile instead of failing
 *   --monitor           restart the daemon if it crashes (a parent process
 *                       waits for it; exits if it exits normally)
 *   --user USER[:GROUP] drop to USER after initialising, keeping only the
 *                       capabilities the daemon needs (libcap-ng)
 *
 * A daemon calls daemonize_start() once its options are parsed and
 * daemonize_complete() when it is ready to serve: only then does the
 * foreground parent of --detach exit (with success), so that a caller
 * that starts the daemon knows it is listening when the command returns. */
#ifndef DAEMON_H
#define DAEMON_H 1

#include <stdbool.h>
#include <sys/types.h>

enum {
    OPT_DETACH = 1100,
    OPT_NO_SELF_CONFINEMENT,
    OPT_NO_CHDIR,
    OPT_OVERWRITE_PIDFILE,
    OPT_PIDFILE,
    OPT_MONITOR,
    OPT_USER_GROUP,
};

#define DAEMON_LONG_OPTIONS                                             \
    {"detach", no_argument, NULL, OPT_DETACH},                          \
    {"no-self-confinement", no_argument, NULL, OPT_NO_SELF_CONFINEMENT}, \
    {"no-chdir", no_argument, NULL, OPT_NO_CHDIR},                      \
    {"pidfile", optional_argument, NULL, OPT_PIDFILE},                  \
    {"overwrite-pidfile", no_argument, NULL, OPT_OVERWRITE_PIDFILE},    \
    {"monitor", no_argument, NULL, OPT_MONITOR},                        \
    {"user", required_argument, NULL, OPT_USER_GROUP}

#define DAEMON_OPTION_HANDLERS                                  \
    case OPT_DETACH: set_detach(); break;                       \
    case OPT_NO_SELF_CONFINEMENT: break;                        \
    case OPT_NO_CHDIR: set_no_chdir(); break;                   \
    case OPT_PIDFILE: set_pidfile(optarg); break;               \
    case OPT_OVERWRITE_PIDFILE: ignore_existing_pidfile(); break; \
    case OPT_MONITOR: daemon_set_monitor(); break;              \
    case OPT_USER_GROUP: daemon_set_new_user(optarg); break;

void set_detach(void);
bool get_detach(void);
void set_no_chdir(void);
void set_pidfile(const char *name);     /* NULL: the default name. */
const char *get_pidfile(void);
void ignore_existing_pidfile(void);
void daemon_set_monitor(void);
void daemon_set_new_user(const char *user_spec);  /* Fatal if unknown. */
void daemon_usage(void);

/* Detaches/forks the monitor as configured, writes the pidfile.  If
 * ACCESS_DATAPATH, --user keeps CAP_NET_ADMIN and CAP_NET_RAW. */
void daemonize_start(bool access_datapath);
void daemonize_complete(void);
void daemonize(void);           /* Both, for simple programs. */

/* Reads the pid in FILE_NAME if a live process holds its lock; returns the
 * pid, or a negative errno (-ESRCH if the file is stale or missing). */
pid_t read_pidfile(const char *file_name);
/* "<rundir>/NAME" unless NAME is absolute; caller frees. */
char *make_pidfile_name(const char *name);

#endif /* daemon.h */
