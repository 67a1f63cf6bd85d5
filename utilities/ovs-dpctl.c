/* ovs-dpctl.c -- administers the kernel ("system") datapaths.
 *
 * A thin front end: it parses the global options, then hands the command
 * and its arguments to lib/dpctl.c, which implements every command over
 * lib/dpif.h (and serves "ovs-appctl dpctl/..." inside ovs-vswitchd the
 * same way).  The output goes to stdout; an error message to stderr,
 * prefixed with the program name, with exit status 1. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "dpctl.h"
#include "dynamic-string.h"
#include "util.h"
#include "vlog.h"

static void
usage(void)
{
    printf("%s: Open vSwitch datapath management utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "  add-dp DP [IFACE...]     add new datapath DP (with IFACEs)\n"
           "  del-dp DP                delete local datapath DP\n"
           "  add-if DP IFACE...       add each IFACE as a port on DP\n"
           "  del-if DP IFACE...       delete each IFACE from DP\n"
           "  dump-dps                 display names of all datapaths\n"
           "  show                     show basic info on all datapaths\n"
           "  show DP...               show basic info on each DP\n"
           "  dump-flows [DP]          display flows in DP\n"
           "  add-flow [DP] FLOW ACTIONS  add FLOW with ACTIONS to DP\n"
           "  mod-flow [DP] FLOW ACTIONS  change FLOW actions to ACTIONS"
           " in DP\n"
           "  get-flow [DP] ufid:UFID  fetch flow corresponding to UFID\n"
           "  del-flow [DP] FLOW       delete FLOW from DP\n"
           "  del-flows [DP]           delete all flows from DP\n"
           "Each IFACE on add-dp, add-if may be followed by comma-separated"
           " options.\n"
           "See ovs-dpctl(8) for options.\n"
           "\nOptions for show and mod-flow:\n"
           "  -s,  --statistics           print statistics for port or"
           " flow\n"
           "\nOptions for dump-flows:\n"
           "  -m, --more                  increase verbosity of output\n"
           "\nOptions for mod-flow:\n"
           "  --may-create                create flow if it doesn't"
           " exist\n"
           "  --clear                     reset existing stats to zero\n"
           "\nOther options:\n"
           "  -t, --timeout=SECS          give up after SECS seconds\n"
           "  -v[SPEC], --verbose[=SPEC]  set logging levels\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n",
           program_name, program_name);
    exit(EXIT_SUCCESS);
}

int
main(int argc, char *argv[])
{
    enum {
        OPT_CLEAR = UCHAR_MAX + 1,
        OPT_MAY_CREATE,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"statistics", no_argument, NULL, 's'},
        {"more", no_argument, NULL, 'm'},
        {"clear", no_argument, NULL, OPT_CLEAR},
        {"may-create", no_argument, NULL, OPT_MAY_CREATE},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    struct ds output = DS_EMPTY_INITIALIZER;
    struct dpctl_params params = { .output = &output };

    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);

    char *short_options = ovs_long_options_to_short_options(long_options);
    for (;;) {
        int option = getopt_long(argc, argv, short_options, long_options,
                                 NULL);
        if (option == -1) {
            break;
        }
        switch (option) {
        case 's':
            params.print_statistics = true;
            break;
        case 'm':
            params.verbose = true;
            break;
        case OPT_CLEAR:
            params.zero_stats = true;
            break;
        case OPT_MAY_CREATE:
            params.may_create = true;
            break;
        case 't': {
            unsigned int secs;
            if (!str_to_uint(optarg, 10, &secs) || !secs) {
                ovs_fatal(0, "value %s on -t or --timeout is invalid",
                          optarg);
            }
            alarm(secs);
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
            exit(EXIT_FAILURE);
        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    if (optind >= argc) {
        ovs_fatal(0, "missing command name; use --help for help");
    }
    int error = dpctl_run_command(argc - optind,
                                  (const char **) &argv[optind], &params);
    if (error) {
        fprintf(stderr, "%s: %s\n", program_name, ds_cstr(&output));
    } else {
        fputs(ds_cstr(&output), stdout);
    }
    ds_destroy(&output);
    return error ? EXIT_FAILURE : EXIT_SUCCESS;
}
