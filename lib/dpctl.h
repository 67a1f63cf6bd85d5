/* dpctl.h -- the datapath commands shared by ovs-dpctl and
 * "ovs-appctl dpctl/...".
 *
 * Every command works only through lib/dpif.h, so it runs the same in the
 * ovs-dpctl program (which sees the kernel datapaths, and userspace ones
 * only if it creates them itself) and inside ovs-vswitchd (which also sees
 * its userspace "netdev" datapaths) through dpctl_unixctl_register().
 *
 * Commands (argv[0]), as in ovs-dpctl(8):
 *   add-dp DP [IFACE...]        del-dp DP
 *   add-if DP IFACE[,type=T][,port_no=N]...   del-if DP IFACE...
 *   dump-dps                    show [DP...]
 *   dump-flows [DP]             del-flows [DP]
 *   add-flow [DP] FLOW ACTIONS  mod-flow [DP] FLOW ACTIONS
 *   del-flow [DP] FLOW          get-flow [DP] ufid:UFID
 * DP is [TYPE@]NAME; without TYPE the datapath of that name of any type is
 * used; a command whose DP is optional uses the only datapath there is.
 * Options, anywhere among the arguments: -m/--more (show ufids),
 * -s/--statistics (show: port counters),
 * --clear (mod-flow: zero the statistics), --may-create (mod-flow: create
 * if missing). */
#ifndef DPCTL_H
#define DPCTL_H 1

#include <stdbool.h>

struct ds;

struct dpctl_params {
    bool verbose;               /* -m: show ufids in flow dumps. */
    bool print_statistics;      /* -s: port counters in "show". */
    bool zero_stats;            /* --clear. */
    bool may_create;            /* --may-create. */
    struct ds *output;          /* Output, or on error the message. */
};

/* Runs the command in argv[0] with the 'argc' - 1 arguments after it.
 * Returns 0 (output appended to params->output) or a positive errno
 * (params->output then holds only an error message). */
int dpctl_run_command(int argc, const char *argv[],
                      struct dpctl_params *params);

/* Registers "dpctl/COMMAND" for each command above. */
void dpctl_unixctl_register(void);

#endif /* dpctl.h */
