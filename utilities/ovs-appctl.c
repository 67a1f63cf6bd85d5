/* ovs-appctl.c -- sends one command to a running daemon's control socket
 * and prints the answer.
 *
 *     ovs-appctl [-t TARGET] [-T SECS] COMMAND [ARG...]
 *
 * TARGET is a socket file name if it starts with '/', otherwise the name of
 * a program whose pidfile <rundir>/TARGET.pid leads to the socket
 * <rundir>/TARGET.PID.ctl; the default is ovs-vswitchd.  The output matches
 * the tool we are compatible with, since scripts parse it:
 *   - the command's result goes to stdout as is, exit status 0;
 *   - an error reply goes to stderr, followed by
 *     "ovs-appctl: TARGET: server returned an error", exit status 2;
 *   - failing to reach the daemon is fatal (exit status 1);
 *   - a usage error exits with status 2.
 * -T arms alarm(): if it fires, the process dies of SIGALRM. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "dirs.h"
#include "jsonrpc.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

/* Kept in globals rather than locals so that the fatal exits (which leave
 * them allocated) do not count as leaks under LeakSanitizer. */
static char *short_options;
static char *pidfile_name;
static char *socket_name;
static struct jsonrpc *client;

static void
usage(void)
{
    printf("%s: sends one command to a running daemon's control socket"
           " and\nprints the reply\n"
           "usage: %s [TARGET] COMMAND [ARG...]\n"
           "\n"
           "TARGET, given with -t or --target=TARGET, picks the daemon:\n"
           "  /PATH      the control socket at PATH\n"
           "  NAME       the daemon that wrote the pidfile RUNDIR/NAME.pid;"
           " its\n"
           "             socket is RUNDIR/NAME.PID.ctl\n"
           "Without -t, the target is ovs-vswitchd.  RUNDIR is\n%s\n"
           "\n"
           "Commands every daemon understands (list-commands shows the"
           " rest):\n"
           "  list-commands           the target's commands and their"
           " arguments\n"
           "  version                 the target's version string\n"
           "  vlog/list               log level of each module at each"
           " destination\n"
           "  vlog/list-pattern       message format of each destination\n"
           "  vlog/set [SPEC...]      change log levels; SPEC joins (with"
           " ':', ','\n"
           "                          or spaces) up to one each of: a"
           " module name,\n"
           "                          a destination (console, syslog,"
           " file) and\n"
           "                          a level (off, emer, err, warn, info,"
           " dbg);\n"
           "                          left-out parts mean all modules, all"
           "\n"
           "                          destinations and dbg\n"
           "  vlog/set PATTERN:DEST:FORMAT\n"
           "                          change DEST's message format\n"
           "  vlog/reopen             reopen the log file (after log"
           " rotation)\n"
           "\n"
           "Options:\n"
           "  -t, --target=TARGET     the daemon to talk to (see above)\n"
           "  -T, --timeout=SECS      abort (SIGALRM) after SECS seconds;"
           " 0: no limit\n"
           "  -v[SPEC], --verbose[=SPEC]\n"
           "                          log levels of ovs-appctl itself"
           " (default:\n"
           "                          only warnings and errors, on the"
           " console)\n"
           "  -h, --help              print this text and exit\n"
           "  -V, --version           print the version and exit\n"
           "\n"
           "Exit status: 0 on success, 1 if the daemon cannot be reached,"
           " 2 if it\nanswers with an error or the command line is wrong.\n",
           program_name, program_name, ovs_rundir());
    exit(EXIT_SUCCESS);
}

static const char *
parse_command_line(int argc, char *argv[])
{
    enum {
        OPT_START = UCHAR_MAX + 1,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"target", required_argument, NULL, 't'},
        {"timeout", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options_ = ovs_long_options_to_short_options(long_options);
    /* '+': stop at the first non-option, so that a command's own
     * arguments (such as "-v") are passed through untouched. */
    short_options = xasprintf("+%s", short_options_);
    const char *target = NULL;

    free(short_options_);
    for (;;) {
        int option = getopt_long(argc, argv, short_options, long_options,
                                 NULL);
        if (option == -1) {
            break;
        }

        switch (option) {
        case 't':
            if (target) {
                ovs_usage_error("-t or --target may be specified only "
                                "once");
            }
            target = optarg;
            break;

        case 'T': {
            unsigned int secs;
            if (!str_to_uint(optarg, 10, &secs)) {
                ovs_usage_error("value %s on -T or --timeout is invalid",
                                optarg);
            }
            if (secs) {
                alarm(secs);
            }
            break;
        }

        case 'h':
            usage();
            break;

        case 'V':
            ovs_print_version();
            exit(EXIT_SUCCESS);

        VLOG_OPTION_HANDLERS

        case '?':
            /* getopt_long() has already said what was wrong. */
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    program_name);
            exit(2);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);
    short_options = NULL;

    if (optind >= argc) {
        ovs_usage_error("at least one non-option argument is required "
                        "(use --help for help)");
    }
    return target ? target : "ovs-vswitchd";
}

/* Finds and connects to TARGET's control socket, or dies trying. */
static void
connect_to_target(const char *target)
{
    if (target[0] != '/') {
        pidfile_name = xasprintf("%s/%s.pid", ovs_rundir(), target);
        pid_t pid = read_pidfile(pidfile_name);
        if (pid < 0) {
            ovs_fatal(0, "cannot read pidfile \"%s\" (%s)", pidfile_name,
                      ovs_strerror(-pid));
        }
        free(pidfile_name);
        pidfile_name = NULL;
        socket_name = xasprintf("%s/%s.%ld.ctl", ovs_rundir(), target,
                                (long int) pid);
    } else {
        socket_name = xstrdup(target);
    }

    int error = unixctl_client_create(socket_name, &client);
    if (error) {
        ovs_fatal(0, "cannot connect to \"%s\" (%s)", socket_name,
                  ovs_strerror(error));
    }
    free(socket_name);
    socket_name = NULL;
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);

    /* By default only errors reach the console: a tool's chatter would
     * mix with the command's output. */
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);

    const char *target = parse_command_line(argc, argv);
    const char *command = argv[optind];
    connect_to_target(target);

    char *cmd_result, *cmd_error;
    int error = unixctl_client_transact(client, command, argc - optind - 1,
                                        argv + optind + 1, &cmd_result,
                                        &cmd_error);
    if (error) {
        ovs_fatal(0, "%s: transaction error (%s)", target,
                  ovs_retval_to_string(error));
    }

    if (cmd_error) {
        jsonrpc_close(client);
        client = NULL;
        fflush(stdout);
        fputs(cmd_error, stderr);
        free(cmd_error);
        ovs_error(0, "%s: server returned an error", target);
        exit(2);
    }

    fputs(cmd_result, stdout);
    free(cmd_result);
    jsonrpc_close(client);
    client = NULL;
    return 0;
}
