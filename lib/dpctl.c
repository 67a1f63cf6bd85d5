/* dpctl.c -- datapath commands over lib/dpif.h; see dpctl.h.
 *
 * Each command opens the datapaths it needs, does its work through dpif.h
 * only, and writes text in the format of ovs-dpctl(8) into a struct ds, so
 * that the ovs-dpctl program and ovs-vswitchd's "dpctl/..." unixctl
 * commands print the same thing. */
#include <config.h>
#include "dpctl.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpif.h"
#include "dynamic-string.h"
#include "match.h"
#include "netdev.h"
#include "odp-util.h"
#include "ofpbuf.h"
#include "sset.h"
#include "unixctl.h"
#include "util.h"

struct dpctl_command {
    const char *name;
    const char *usage;
    int min_args, max_args;
    int (*handler)(int argc, const char *argv[], struct dpctl_params *);
};

static int OVS_PRINTF_FORMAT(3, 4)
dpctl_error(struct dpctl_params *p, int error, const char *format, ...)
{
    va_list args;
    ds_clear(p->output);
    va_start(args, format);
    ds_put_format_valist(p->output, format, args);
    va_end(args);
    if (error) {
        ds_put_format(p->output, " (%s)", ovs_strerror(error));
    }
    return error ? error : EINVAL;
}

/* Splits "[type@]name" into '*type' (NULL if absent; caller frees) and
 * '*name' (caller frees). */
static void
split_dp_name(const char *s, char **name, char **type)
{
    const char *at = strchr(s, '@');
    if (at) {
        *type = xmemdup0(s, at - s);
        *name = xstrdup(at + 1);
    } else {
        *type = NULL;
        *name = xstrdup(s);
    }
}

/* Finds the type of the existing datapath 'name', trying every type.
 * Returns NULL if none. */
static char *
find_dp_type(const char *name)
{
    struct sset types = SSET_INITIALIZER(&types);
    char *found = NULL;
    const char *type;
    dpif_enumerate_types(&types);
    SSET_FOR_EACH (type, &types) {
        struct sset names = SSET_INITIALIZER(&names);
        if (!dpif_enumerate_names(type, &names)
            && sset_contains(&names, name) && !found) {
            found = xstrdup(type);
        }
        sset_destroy(&names);
    }
    sset_destroy(&types);
    return found;
}

static int
open_dp(const char *spec, bool create, struct dpif **dpifp,
        struct dpctl_params *p)
{
    char *name, *type;
    split_dp_name(spec, &name, &type);
    if (!type && !create) {
        type = find_dp_type(name);
        if (!type) {
            *dpifp = NULL;
            free(name);
            return dpctl_error(p, ENODEV, "%s: no such datapath", spec);
        }
    }
    int error = dpif_open(name, type ? type : "system", create, dpifp);
    if (error) {
        dpctl_error(p, error, "opening datapath %s failed", spec);
    }
    free(name);
    free(type);
    return error;
}

/* Fills 'all' with the "type@name" of every datapath. */
static void
enumerate_all(struct sset *all)
{
    struct sset types = SSET_INITIALIZER(&types);
    const char *type;
    dpif_enumerate_types(&types);
    SSET_FOR_EACH (type, &types) {
        struct sset names = SSET_INITIALIZER(&names);
        const char *name;
        dpif_enumerate_names(type, &names);
        SSET_FOR_EACH (name, &names) {
            sset_add_and_free(all, xasprintf("%s@%s", type, name));
        }
        sset_destroy(&names);
    }
    sset_destroy(&types);
}

/* Opens the datapath named by argv[1] if the command got 'n_with' args
 * including it, else the only datapath there is. */
static int
open_optional_dp(int argc, const char *argv[], int n_with,
                 struct dpif **dpifp, struct dpctl_params *p)
{
    if (argc >= n_with) {
        return open_dp(argv[1], false, dpifp, p);
    }
    struct sset all = SSET_INITIALIZER(&all);
    enumerate_all(&all);
    int error;
    if (sset_count(&all) == 1) {
        error = open_dp(sset_first_name__(&all), false, dpifp, p);
    } else {
        error = dpctl_error(p, 0, "%s datapaths exist: name one",
                            sset_is_empty(&all) ? "no" : "several");
    }
    sset_destroy(&all);
    return error;
}

/* add-dp, del-dp, add-if, del-if. */

static int
add_if(struct dpif *dpif, const char *spec, struct dpctl_params *p)
{
    char *copy = xstrdup(spec);
    char *save = NULL;
    char *name = strtok_r(copy, ",", &save);
    const char *type = "system";
    odp_port_t port_no = ODPP_NONE;
    char *opt;
    int error = 0;

    while ((opt = strtok_r(NULL, ",", &save))) {
        if (!strncmp(opt, "type=", 5)) {
            type = opt + 5;
        } else if (!strncmp(opt, "port_no=", 8)) {
            port_no = strtoul(opt + 8, NULL, 10);
        } else {
            error = dpctl_error(p, 0, "%s: unknown option %s", name, opt);
            goto out;
        }
    }
    struct netdev *netdev;
    error = netdev_open(name, type, &netdev);
    if (error) {
        dpctl_error(p, error, "%s: cannot open device", name);
        goto out;
    }
    error = dpif_port_add(dpif, netdev, &port_no);
    netdev_close(netdev);
    if (error) {
        dpctl_error(p, error, "adding %s to %s failed", name,
                    dpif_base_name(dpif));
    }
out:
    free(copy);
    return error;
}

static int
cmd_add_dp(int argc, const char *argv[], struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_dp(argv[1], true, &dpif, p);
    for (int i = 2; !error && i < argc; i++) {
        error = add_if(dpif, argv[i], p);
    }
    dpif_close(dpif);
    return error;
}

static int
cmd_del_dp(int argc OVS_UNUSED, const char *argv[], struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_dp(argv[1], false, &dpif, p);
    if (!error) {
        error = dpif_delete(dpif);
        if (error) {
            dpctl_error(p, error, "deleting %s failed", argv[1]);
        }
        dpif_close(dpif);
    }
    return error;
}

static int
cmd_add_if(int argc, const char *argv[], struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_dp(argv[1], false, &dpif, p);
    for (int i = 2; !error && i < argc; i++) {
        error = add_if(dpif, argv[i], p);
    }
    if (dpif) {
        dpif_close(dpif);
    }
    return error;
}

static int
cmd_del_if(int argc, const char *argv[], struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_dp(argv[1], false, &dpif, p);
    for (int i = 2; !error && i < argc; i++) {
        struct dpif_port port;
        error = dpif_port_query_by_name(dpif, argv[i], &port);
        if (error) {
            dpctl_error(p, error, "%s: no port %s", dpif_base_name(dpif),
                        argv[i]);
            break;
        }
        error = dpif_port_del(dpif, port.port_no);
        if (error) {
            dpctl_error(p, error, "deleting %s failed", argv[i]);
        }
        dpif_port_destroy(&port);
    }
    if (dpif) {
        dpif_close(dpif);
    }
    return error;
}

/* dump-dps, show. */

static int
cmd_dump_dps(int argc OVS_UNUSED, const char *argv[] OVS_UNUSED,
             struct dpctl_params *p)
{
    struct sset all = SSET_INITIALIZER(&all);
    enumerate_all(&all);
    const char **names = sset_sort(&all);
    for (size_t i = 0; i < sset_count(&all); i++) {
        ds_put_format(p->output, "%s\n", names[i]);
    }
    free(names);
    sset_destroy(&all);
    return 0;
}

static void
put_counter(struct ds *s, const char *name, uint64_t value)
{
    if (value == UINT64_MAX) {
        ds_put_format(s, "%s:?", name);
    } else {
        ds_put_format(s, "%s:%"PRIu64, name, value);
    }
}

static void
show_port_stats(struct ds *s, const struct dpif_port *port)
{
    struct netdev *netdev = netdev_from_name(port->name);
    if (!netdev && netdev_open(port->name, port->type, &netdev)) {
        ds_put_cstr(s, "    (cannot open device)\n");
        return;
    }
    struct netdev_stats st;
    int error = netdev_get_stats(netdev, &st);
    netdev_close(netdev);
    if (error) {
        ds_put_format(s, "    (statistics unavailable: %s)\n",
                      ovs_strerror(error));
        return;
    }
    ds_put_cstr(s, "    RX ");
    put_counter(s, "packets", st.rx_packets);
    ds_put_char(s, ' ');
    put_counter(s, "errors", st.rx_errors);
    ds_put_char(s, ' ');
    put_counter(s, "dropped", st.rx_dropped);
    ds_put_char(s, ' ');
    put_counter(s, "overruns", st.rx_over_errors);
    ds_put_char(s, ' ');
    put_counter(s, "frame", st.rx_frame_errors);
    ds_put_cstr(s, "\n    TX ");
    put_counter(s, "packets", st.tx_packets);
    ds_put_char(s, ' ');
    put_counter(s, "errors", st.tx_errors);
    ds_put_char(s, ' ');
    put_counter(s, "dropped", st.tx_dropped);
    ds_put_char(s, ' ');
    put_counter(s, "aborted", st.tx_aborted_errors);
    ds_put_char(s, ' ');
    put_counter(s, "carrier", st.tx_carrier_errors);
    ds_put_cstr(s, "\n    ");
    put_counter(s, "collisions", st.collisions);
    ds_put_cstr(s, "\n    RX ");
    put_counter(s, "bytes", st.rx_bytes);
    ds_put_cstr(s, "  TX ");
    put_counter(s, "bytes", st.tx_bytes);
    ds_put_char(s, '\n');
}

static void
show_dpif(struct dpif *dpif, struct dpctl_params *p)
{
    struct ds *s = p->output;
    struct dpif_dp_stats st;
    ds_put_format(s, "%s:\n", dpif_base_name(dpif));
    if (!dpif_get_dp_stats(dpif, &st)) {
        ds_put_format(s, "  lookups: hit:%"PRIu64" missed:%"PRIu64
                      " lost:%"PRIu64"\n", st.n_hit, st.n_missed, st.n_lost);
        ds_put_format(s, "  flows: %"PRIu64"\n", st.n_flows);
        uint64_t pkts = st.n_hit + st.n_missed;
        ds_put_format(s, "  masks: hit:%"PRIu64" total:%"PRIu32
                      " hit/pkt:%.2f\n", st.n_mask_hit, st.n_masks,
                      pkts ? (double) st.n_mask_hit / pkts : 0.0);
    }
    struct dpif_port_dump dump;
    struct dpif_port port;
    DPIF_PORT_FOR_EACH (&port, &dump, dpif) {
        ds_put_format(s, "  port %"PRIu32": %s", port.port_no, port.name);
        if (strcmp(port.type, "system")) {
            ds_put_format(s, " (%s)", port.type);
        }
        ds_put_char(s, '\n');
        if (p->print_statistics) {
            show_port_stats(s, &port);
        }
    }
}

static int
cmd_show(int argc, const char *argv[], struct dpctl_params *p)
{
    struct sset all = SSET_INITIALIZER(&all);
    int error = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            sset_add(&all, argv[i]);
        }
    } else {
        enumerate_all(&all);
    }
    const char **names = sset_sort(&all);
    struct ds out = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < sset_count(&all) && !error; i++) {
        struct dpif *dpif;
        error = open_dp(names[i], false, &dpif, p);
        if (!error) {
            show_dpif(dpif, p);
            dpif_close(dpif);
        }
    }
    ds_destroy(&out);
    free(names);
    sset_destroy(&all);
    return error;
}

/* Flows. */

static int
cmd_dump_flows(int argc, const char *argv[], struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_optional_dp(argc, argv, 2, &dpif, p);
    if (error) {
        return error;
    }
    struct dpif_flow_dump *dump = dpif_flow_dump_create(dpif);
    struct dpif_flow flows[50];
    int n;
    while ((n = dpif_flow_dump_next(dump, flows, ARRAY_SIZE(flows))) > 0) {
        for (int i = 0; i < n; i++) {
            odp_format_dpif_flow(&flows[i], p->verbose, p->output);
            ds_put_char(p->output, '\n');
        }
    }
    error = dpif_flow_dump_destroy(dump);
    if (error) {
        dpctl_error(p, error, "dumping flows failed");
    }
    dpif_close(dpif);
    return error;
}

static int
put_flow(int argc, const char *argv[], enum dpif_flow_put_flags flags,
         struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_optional_dp(argc, argv, 4, &dpif, p);
    if (error) {
        return error;
    }
    const char *flow_s = argv[argc - 2], *actions_s = argv[argc - 1];
    struct match m;
    struct ofpbuf actions;
    ofpbuf_init(&actions, 64);
    char *err = odp_flow_from_string(flow_s, &m);
    if (err) {
        error = dpctl_error(p, 0, "%s: bad flow: %s", argv[0], err);
        free(err);
        goto out;
    }
    err = odp_actions_from_string(actions_s, &actions);
    if (err) {
        error = dpctl_error(p, 0, "%s: bad actions: %s", argv[0], err);
        free(err);
        goto out;
    }
    error = dpif_flow_put(dpif, flags, &m, actions.data, actions.size, NULL,
                          NULL);
    if (error) {
        dpctl_error(p, error, "%s: updating flow table failed", argv[0]);
    }
out:
    ofpbuf_uninit(&actions);
    dpif_close(dpif);
    return error;
}

static int
cmd_add_flow(int argc, const char *argv[], struct dpctl_params *p)
{
    return put_flow(argc, argv, DPIF_FP_CREATE, p);
}

static int
cmd_mod_flow(int argc, const char *argv[], struct dpctl_params *p)
{
    enum dpif_flow_put_flags flags = DPIF_FP_MODIFY;
    if (p->may_create) {
        flags |= DPIF_FP_CREATE;
    }
    if (p->zero_stats) {
        flags |= DPIF_FP_ZERO_STATS;
    }
    return put_flow(argc, argv, flags, p);
}

static int
cmd_del_flow(int argc, const char *argv[], struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_optional_dp(argc, argv, 3, &dpif, p);
    if (error) {
        return error;
    }
    struct match m;
    char *err = odp_flow_from_string(argv[argc - 1], &m);
    if (err) {
        error = dpctl_error(p, 0, "del-flow: bad flow: %s", err);
        free(err);
    } else {
        error = dpif_flow_del(dpif, &m, NULL, NULL);
        if (error) {
            dpctl_error(p, error, "del-flow: deleting flow failed");
        }
    }
    dpif_close(dpif);
    return error;
}

static int
cmd_del_flows(int argc, const char *argv[], struct dpctl_params *p)
{
    struct dpif *dpif;
    int error = open_optional_dp(argc, argv, 2, &dpif, p);
    if (!error) {
        error = dpif_flow_flush(dpif);
        if (error) {
            dpctl_error(p, error, "del-flows: flushing failed");
        }
        dpif_close(dpif);
    }
    return error;
}

static bool
parse_ufid(const char *s, ovs_u128 *ufid)
{
    unsigned int a, b, c, d, e, f;
    int n = 0;
    if (strncmp(s, "ufid:", 5)
        || sscanf(s + 5, "%8x-%4x-%4x-%4x-%4x%8x%n", &a, &b, &c, &d, &e, &f,
                  &n) != 6
        || s[5 + n]) {
        return false;
    }
    ufid->u32[0] = a;
    ufid->u32[1] = (b << 16) | c;
    ufid->u32[2] = (d << 16) | e;
    ufid->u32[3] = f;
    return true;
}

static int
cmd_get_flow(int argc, const char *argv[], struct dpctl_params *p)
{
    ovs_u128 ufid;
    if (!parse_ufid(argv[argc - 1], &ufid)) {
        return dpctl_error(p, 0, "get-flow: bad ufid \"%s\"",
                           argv[argc - 1]);
    }
    struct dpif *dpif;
    int error = open_optional_dp(argc, argv, 3, &dpif, p);
    if (error) {
        return error;
    }
    struct ofpbuf buf;
    struct dpif_flow f;
    ofpbuf_init(&buf, 64);
    error = dpif_flow_get(dpif, NULL, &ufid, &buf, &f);
    if (error) {
        dpctl_error(p, error, "get-flow: getting flow failed");
    } else {
        odp_format_dpif_flow(&f, true, p->output);
        ds_put_char(p->output, '\n');
    }
    ofpbuf_uninit(&buf);
    dpif_close(dpif);
    return error;
}

static const struct dpctl_command commands[] = {
    { "add-dp", "DP [IFACE...]", 1, INT_MAX, cmd_add_dp },
    { "del-dp", "DP", 1, 1, cmd_del_dp },
    { "add-if", "DP IFACE...", 2, INT_MAX, cmd_add_if },
    { "del-if", "DP IFACE...", 2, INT_MAX, cmd_del_if },
    { "dump-dps", "", 0, 0, cmd_dump_dps },
    { "show", "[-s] [DP...]", 0, INT_MAX, cmd_show },
    { "dump-flows", "[-m] [DP]", 0, 1, cmd_dump_flows },
    { "add-flow", "[DP] FLOW ACTIONS", 2, 3, cmd_add_flow },
    { "mod-flow", "[--clear] [--may-create] [DP] FLOW ACTIONS", 2, 3,
      cmd_mod_flow },
    { "del-flow", "[DP] FLOW", 1, 2, cmd_del_flow },
    { "del-flows", "[DP]", 0, 1, cmd_del_flows },
    { "get-flow", "[DP] ufid:UFID", 1, 2, cmd_get_flow },
};

int
dpctl_run_command(int argc, const char *argv[], struct dpctl_params *p)
{
    if (argc < 1) {
        return dpctl_error(p, 0, "missing command name");
    }
    /* Take the options out. */
    const char **args = xmalloc((argc + 1) * sizeof *args);
    int n = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (i && (!strcmp(a, "-m") || !strcmp(a, "--more"))) {
            p->verbose = true;
        } else if (i && (!strcmp(a, "-s") || !strcmp(a, "--statistics"))) {
            p->print_statistics = true;
        } else if (i && !strcmp(a, "--clear")) {
            p->zero_stats = true;
        } else if (i && !strcmp(a, "--may-create")) {
            p->may_create = true;
        } else if (i && a[0] == '-' && a[1] == '-') {
            free(args);
            return dpctl_error(p, 0, "%s: unknown option %s", argv[0], a);
        } else {
            args[n++] = a;
        }
    }
    args[n] = NULL;

    int error;
    const struct dpctl_command *c = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(commands[i].name, args[0])) {
            c = &commands[i];
        }
    }
    if (!c) {
        error = dpctl_error(p, 0, "unknown command '%s'", args[0]);
    } else if (n - 1 < c->min_args || n - 1 > c->max_args) {
        error = dpctl_error(p, 0, "'%s' command takes %s", c->name,
                            c->usage[0] ? c->usage : "no arguments");
    } else {
        error = c->handler(n, args, p);
    }
    free(args);
    return error;
}

static void
dpctl_unixctl_handler(struct unixctl_conn *conn, int argc,
                      const char *argv[], void *aux OVS_UNUSED)
{
    struct ds output = DS_EMPTY_INITIALIZER;
    struct dpctl_params p = { .output = &output };
    const char **args = xmemdup(argv, argc * sizeof *argv);
    const char *slash = strchr(args[0], '/');
    if (slash) {
        args[0] = slash + 1;
    }
    if (dpctl_run_command(argc, args, &p)) {
        unixctl_command_reply_error(conn, ds_cstr(&output));
    } else {
        unixctl_command_reply(conn, ds_cstr(&output));
    }
    free(args);
    ds_destroy(&output);
}

void
dpctl_unixctl_register(void)
{
    static bool registered;
    if (registered) {
        return;
    }
    registered = true;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        char *name = xasprintf("dpctl/%s", commands[i].name);
        /* Options count as arguments. */
        unixctl_command_register(name, commands[i].usage,
                                 commands[i].min_args, INT_MAX,
                                 dpctl_unixctl_handler, NULL);
        free(name);
    }
}
