/* ovs-vswitchd.c -- the switch daemon: reads the Open_vSwitch database
 * and runs the OpenFlow switches it describes.
 *
 * This file is only the daemon around vswitchd/bridge.c: command line,
 * daemonizing, the control socket (ovs-appctl), and the event loop.  Each
 * iteration runs every module's work and then sleeps in poll_block()
 * until one of them has something to do.
 *
 * Leaving: "ovs-appctl exit" and SIGTERM/SIGINT/SIGHUP both destroy the
 * bridges, so that the datapath ports the switch created are removed and
 * the devices it opened are restored.  The signals are caught here rather
 * than by a lib/fatal-signal.h hook because such a hook may run on any
 * thread that sleeps in poll_block(), including a datapath thread that
 * destroying the bridges would have to join: the handler only wakes the
 * main loop, which leaves it normally, and then hands the signal back to
 * lib/fatal-signal (pidfile removal, death by the same signal). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bridge.h"
#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "dpctl.h"
#include "fatal-signal.h"
#include "memory.h"
#include "netdev.h"
#include "poll-loop.h"
#include "stream.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vswitchd);

static char *unixctl_path;
static bool exiting;

static void
usage(void)
{
    printf("%s: Open vSwitch daemon (ovsng)\n"
           "usage: %s [OPTIONS] [DATABASE]\n"
           "where DATABASE is a socket on which ovsdb-server is listening\n"
           "      (default: \"unix:%s/db.sock\").\n",
           program_name, program_name, ovs_rundir());
    stream_usage("DATABASE", true, false, true);
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        override default control socket name\n"
           "  --enable-dummy[=override]\n"
           "                          allow dummy network devices; with"
           " =override,\n"
           "                          every system, internal and tap"
           " device is a dummy\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
    exit(EXIT_SUCCESS);
}

static char *
parse_options(int argc, char *argv[])
{
    enum {
        OPT_UNIXCTL = UCHAR_MAX + 1,
        OPT_ENABLE_DUMMY,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"enable-dummy", optional_argument, NULL, OPT_ENABLE_DUMMY},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_long_options_to_short_options(long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case 'h':
            usage();
            break;

        case 'V':
            ovs_print_version();
            exit(EXIT_SUCCESS);

        case OPT_UNIXCTL:
            free(unixctl_path);
            unixctl_path = xstrdup(optarg);
            break;

        case OPT_ENABLE_DUMMY:
            if (optarg && strcmp(optarg, "override")) {
                ovs_fatal(0, "--enable-dummy: unknown argument \"%s\" "
                          "(only \"override\" is known)", optarg);
            }
            netdev_dummy_register();
            timeval_dummy_register();      /* time/stop, time/warp */
            if (optarg) {
                netdev_set_dummy_override(true);
            }
            break;

        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS

        case '?':
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    program_name);
            exit(EXIT_FAILURE);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    argc -= optind;
    argv += optind;
    if (argc == 0) {
        return xasprintf("unix:%s/db.sock", ovs_rundir());
    } else if (argc == 1) {
        return xstrdup(argv[0]);
    }
    ovs_fatal(0, "at most one non-option argument accepted; use --help "
              "for usage");
}

static void
vswitchd_exit(struct unixctl_conn *conn, int argc, const char *argv[],
              void *aux OVS_UNUSED)
{
    /* "--cleanup" asks Open vSwitch to remove its datapath ports; this
     * switch always does so on the way out. */
    if (argc > 1 && strcmp(argv[1], "--cleanup")) {
        unixctl_command_reply_error(conn, "unknown option");
        return;
    }
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

/* Termination signals: see the comment at the top. */
static const int term_signals[] = { SIGTERM, SIGINT, SIGHUP };
static struct sigaction saved_actions[ARRAY_SIZE(term_signals)];
static int term_fds[2] = { -1, -1 };
static volatile sig_atomic_t term_signal;

static void
term_handler(int sig_nr)
{
    int save_errno = errno;
    term_signal = sig_nr;
    ignore(write(term_fds[1], "", 1));
    errno = save_errno;
}

static void
term_signals_init(void)
{
    fatal_signal_init();        /* Its handlers first, then ours on top. */
    if (pipe2(term_fds, O_NONBLOCK | O_CLOEXEC)) {
        ovs_fatal(errno, "pipe failed");
    }
    for (size_t i = 0; i < ARRAY_SIZE(term_signals); i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = term_handler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        if (sigaction(term_signals[i], &sa, &saved_actions[i])) {
            ovs_fatal(errno, "sigaction failed");
        }
    }
}

/* After the cleanup: gives the signal back to lib/fatal-signal, which
 * removes the pidfile and kills the process with it. */
static void
term_signals_reraise(void)
{
    int sig_nr = term_signal;
    for (size_t i = 0; i < ARRAY_SIZE(term_signals); i++) {
        sigaction(term_signals[i], &saved_actions[i], NULL);
    }
    raise(sig_nr);
    fatal_signal_run();
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    char *remote = parse_options(argc, argv);
    fatal_ignore_sigpipe();
    vlog_init();
    coverage_init();
    memory_init();

    daemonize_start(true);
    VLOG_INFO("%s (ovsng) %s", program_name, ovs_get_version());

    struct unixctl_server *unixctl;
    if (unixctl_server_create(unixctl_path, &unixctl)) {
        exit(EXIT_FAILURE);
    }
    unixctl_command_register("exit", "[--cleanup]", 0, 1, vswitchd_exit,
                             NULL);
    bridge_init(remote);
    dpctl_unixctl_register();   /* dpctl/show, dpctl/dump-flows, ... */
    term_signals_init();
    daemonize_complete();

    while (!exiting) {
        memory_run();
        /* Before bridge_run(), which looks at what it found (link
         * changes). */
        netdev_run();
        bridge_run();
        unixctl_server_run(unixctl);
        coverage_run();
        if (term_signal) {
            VLOG_INFO("leaving on signal %d", (int) term_signal);
            exiting = true;
        }
        if (exiting) {
            break;
        }

        memory_wait();
        bridge_wait();
        unixctl_server_wait(unixctl);
        netdev_wait();
        poll_fd_wait(term_fds[0], POLLIN);
        poll_block();
    }

    bridge_exit();
    /* The "exit" reply is queued: destroying the control server flushes
     * what it can before closing. */
    unixctl_server_destroy(unixctl);
    free(unixctl_path);
    free(remote);
    if (term_signal) {
        term_signals_reraise();
    }
    VLOG_INFO("exiting");
    return 0;
}
