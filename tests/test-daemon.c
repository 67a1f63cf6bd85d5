/* test-daemon.c -- "ovstest test-daemon": the smallest real daemon, for
 * testing the daemon options, the control socket and ovs-appctl.
 *
 *     ovstest test-daemon [--detach] [--pidfile[=FILE]] [--monitor] ...
 *                         [--unixctl=PATH] [--enable-dummy]
 *                         [--access-datapath] [-v...] [--log-file...]
 *
 * It takes the DAEMON and VLOG options every daemon takes and runs the
 * usual run/wait/block loop around a control socket.  Its program name is
 * "ovstest" (set by the ovstest driver), so its default pidfile is
 * <rundir>/ovstest.pid and "ovs-appctl -t ovstest" reaches it.
 *
 * Control commands, beyond the built-in ones and vlog/coverage/memory:
 *   exit               replies, then exits 0 at the end of the iteration
 *   echo [ARG...]      replies with the arguments joined by spaces
 *   crash              aborts (to test --monitor)
 *   delayed-reply MS   replies "done" MS milliseconds later, from a later
 *                      iteration of the loop (to test deferred replies)
 *   delayed-pending    replies "yes" while a delayed reply is pending
 *   getpid             replies with the process id */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "daemon.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "memory.h"
#include "ovstest.h"
#include "poll-loop.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

static bool exiting;

/* The one pending delayed reply, if any. */
static struct unixctl_conn *delayed_conn;
static long long int delayed_when;

static void
test_daemon_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
                 const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
test_daemon_echo(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux OVS_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    for (int i = 1; i < argc; i++) {
        if (i > 1) {
            ds_put_char(&ds, ' ');
        }
        ds_put_cstr(&ds, argv[i]);
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
test_daemon_crash(struct unixctl_conn *conn OVS_UNUSED, int argc OVS_UNUSED,
                  const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    abort();
}

static void
test_daemon_delayed_reply(struct unixctl_conn *conn, int argc OVS_UNUSED,
                          const char *argv[], void *aux OVS_UNUSED)
{
    int msecs;

    if (!str_to_int(argv[1], 10, &msecs) || msecs < 0) {
        unixctl_command_reply_error(conn, "bad delay");
    } else if (delayed_conn) {
        unixctl_command_reply_error(conn, "a delayed reply is pending");
    } else {
        delayed_conn = conn;
        delayed_when = time_msec() + msecs;
    }
}

static void
test_daemon_delayed_pending(struct unixctl_conn *conn, int argc OVS_UNUSED,
                            const char *argv[] OVS_UNUSED,
                            void *aux OVS_UNUSED)
{
    unixctl_command_reply(conn, delayed_conn ? "yes" : "no");
}

static void
test_daemon_getpid(struct unixctl_conn *conn, int argc OVS_UNUSED,
                   const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    char *pid = xasprintf("%ld", (long int) getpid());
    unixctl_command_reply(conn, pid);
    free(pid);
}

static void
test_daemon_usage(void)
{
    printf("%s: a minimal daemon for tests\n"
           "usage: ovstest test-daemon [OPTIONS]\n", program_name);
    daemon_usage();
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        control socket (\"none\" for none)\n"
           "  --enable-dummy          register time/stop and time/warp\n"
           "  --access-datapath       with --user, keep network "
           "capabilities\n");
    exit(EXIT_SUCCESS);
}

static void
test_daemon_main(int argc, char *argv[])
{
    enum {
        OPT_UNIXCTL = UCHAR_MAX + 1,
        OPT_ENABLE_DUMMY,
        OPT_ACCESS_DATAPATH,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"enable-dummy", no_argument, NULL, OPT_ENABLE_DUMMY},
        {"access-datapath", no_argument, NULL, OPT_ACCESS_DATAPATH},
        {"help", no_argument, NULL, 'h'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_long_options_to_short_options(long_options);
    const char *unixctl_path = NULL;
    bool access_datapath = false;

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_UNIXCTL:
            unixctl_path = optarg;
            break;
        case OPT_ENABLE_DUMMY:
            timeval_dummy_register();
            break;
        case OPT_ACCESS_DATAPATH:
            access_datapath = true;
            break;
        case 'h':
            test_daemon_usage();
            break;
        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        case '?':
            exit(2);
        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);
    if (optind < argc) {
        ovs_usage_error("test-daemon takes no non-option arguments");
    }

    fatal_ignore_sigpipe();
    vlog_init();
    coverage_init();
    memory_init();

    daemonize_start(access_datapath);

    struct unixctl_server *server;
    int error = unixctl_server_create(unixctl_path, &server);
    if (error) {
        ovs_fatal(0, "could not create control socket (%s)",
                  ovs_strerror(error));
    }
    unixctl_command_register("exit", "", 0, 0, test_daemon_exit, NULL);
    unixctl_command_register("echo", "[ARG...]", 0, INT_MAX,
                             test_daemon_echo, NULL);
    unixctl_command_register("crash", "", 0, 0, test_daemon_crash, NULL);
    unixctl_command_register("delayed-reply", "MSECS", 1, 1,
                             test_daemon_delayed_reply, NULL);
    unixctl_command_register("delayed-pending", "", 0, 0,
                             test_daemon_delayed_pending, NULL);
    unixctl_command_register("getpid", "", 0, 0, test_daemon_getpid, NULL);

    daemonize_complete();

    while (!exiting) {
        memory_run();
        unixctl_server_run(server);
        coverage_run();
        if (delayed_conn && time_msec() >= delayed_when) {
            unixctl_command_reply(delayed_conn, "done");
            delayed_conn = NULL;
        }
        if (exiting) {
            break;
        }

        memory_wait();
        unixctl_server_wait(server);
        if (delayed_conn) {
            poll_timer_wait_until(delayed_when);
        }
        poll_block();
    }

    /* The "exit" reply is queued: destroying the server flushes what it
     * can before closing. */
    unixctl_server_destroy(server);
}

OVSTEST_REGISTER("test-daemon", test_daemon_main);
