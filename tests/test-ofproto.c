/* test-ofproto.c -- a scriptable driver for ofproto on the userspace
 * datapath with dummy ports, for tests/ofproto.at.
 *
 * Usage: test-ofproto COMMAND...  Each argument is one command, run in
 * order; output goes to stdout so a test can compare it exactly:
 *
 *   br NAME                      create a switch (datapath type netdev)
 *   port BR NAME [MODE [VLAN] [TRUNKS]]
 *                                add dummy port NAME and a bundle of it;
 *                                MODE: access VLAN | trunk [TRUNKS] |
 *                                native-untagged VLAN [TRUNKS] |
 *                                native-tagged VLAN [TRUNKS]; TRUNKS is
 *                                a comma list of VLANs
 *   unbundle BR NAME             unregister NAME's bundle (port stays)
 *   pkt PORT SRC DST [VID]       receive an Ethernet frame on PORT and
 *                                print what every port sent, as
 *                                "PORT: untagged|vlan=V" lines (sorted);
 *                                "(nothing)" if none
 *   fdb BR                       print the MAC table (fdb/show format)
 *   flows BR                     print the datapath flows (sorted,
 *                                without statistics)
 *   sync BR                      wait for a full revalidation pass
 *   warp MSEC                    advance the clock, run the switches
 *   flow BR FLOW                 add an OpenFlow flow
 *   del-flows BR                 delete all flows
 *   secure BR / standalone BR    set the fail mode
 *   trace BR FLOW                print ofproto/trace output
 *   stats BR                     print the rules' packet counts
 *   mac-aging BR SECS            set the MAC idle time
 *   max-idle BR MSEC             set the datapath flow idle time
 *   echo TEXT                    print TEXT (to label output)
 *   many-ports BR N              add N dummy ports m0...mN-1
 *   destroy BR                   destroy a switch, print the seconds taken
 *   local-bundle BR              make the local port a bundle
 *   appctl CMD [ARG...] --       run an ovs-appctl command through a
 *                                unixctl server in this process
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dp-packet.h"
#include "dpctl.h"
#include "dpif.h"
#include "dynamic-string.h"
#include "match.h"
#include "netdev.h"
#include "odp-util.h"
#include "ofproto.h"
#include "ofproto-private.h"
#include "ofproto-test.h"
#include "packets.h"
#include "shash.h"
#include "sset.h"
#include "timeval.h"
#include "jsonrpc.h"
#include "latch.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "util.h"
#include <pthread.h>

static struct shash switches = SHASH_INITIALIZER(&switches);
static struct shash ports = SHASH_INITIALIZER(&ports);  /* -> netdev */

static void
fatal(const char *msg)
{
    fprintf(stderr, "test-ofproto: %s\n", msg);
    exit(1);
}

static struct ofproto *
get_br(const char *name)
{
    struct ofproto *ofproto = shash_find_data(&switches, name);
    if (!ofproto) {
        fatal("no such bridge");
    }
    return ofproto;
}

static void
run_all(void)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &switches) {
        ofproto_run(node->data);
    }
}

static void
parse_trunks(const char *s, unsigned long *bitmap)
{
    char *copy = xstrdup(s), *save = NULL;
    size_t bits = 8 * sizeof *bitmap;

    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        int v = atoi(tok);
        bitmap[v / bits] |= 1UL << (v % bits);
    }
    free(copy);
}

/* port BR NAME [MODE [VLAN] [TRUNKS]]; returns the number of arguments
 * consumed after "port". */
static int
cmd_port(int argc, char *argv[])
{
    struct ofproto *ofproto = get_br(argv[0]);
    const char *name = argv[1];
    struct ofproto_bundle_settings s;
    unsigned long trunks[4096 / (8 * sizeof(unsigned long))];
    struct netdev *netdev;
    ofp_port_t ofp_port = OFPP_NONE;
    int used = 2;
    int error;

    error = netdev_open(name, "dummy", &netdev);
    if (error) {
        fatal("netdev_open failed");
    }
    error = ofproto_port_add(ofproto, netdev, &ofp_port);
    if (error) {
        fprintf(stderr, "port_add: %s\n", strerror(error));
        exit(1);
    }
    shash_add(&ports, name, netdev);

    memset(&s, 0, sizeof s);
    memset(trunks, 0, sizeof trunks);
    s.name = name;
    s.members = &ofp_port;
    s.n_members = 1;
    s.vlan_mode = PORT_VLAN_ACCESS;
    s.vlan = 0;

    if (used < argc) {
        const char *mode = argv[used];
        if (!strcmp(mode, "access")) {
            s.vlan = atoi(argv[used + 1]);
            used += 2;
        } else if (!strcmp(mode, "trunk")) {
            s.vlan_mode = PORT_VLAN_TRUNK;
            s.vlan = -1;
            used++;
            if (used < argc && argv[used][0] >= '0' && argv[used][0] <= '9') {
                parse_trunks(argv[used++], trunks);
                s.trunks = trunks;
            }
        } else if (!strcmp(mode, "native-untagged")
                   || !strcmp(mode, "native-tagged")) {
            s.vlan_mode = (!strcmp(mode, "native-untagged")
                           ? PORT_VLAN_NATIVE_UNTAGGED
                           : PORT_VLAN_NATIVE_TAGGED);
            s.vlan = atoi(argv[used + 1]);
            used += 2;
            if (used < argc && argv[used][0] >= '0' && argv[used][0] <= '9') {
                parse_trunks(argv[used++], trunks);
                s.trunks = trunks;
            }
        }
    }
    error = ofproto_bundle_register(ofproto, netdev, &s);
    if (error) {
        fatal("bundle_register failed");
    }
    return used;
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
print_sorted(struct sset *lines)
{
    size_t n = sset_count(lines), i = 0;
    const char **array = xmalloc((n + 1) * sizeof *array);
    const char *s;

    SSET_FOR_EACH (s, lines) {
        array[i++] = s;
    }
    qsort(array, n, sizeof *array, compare_strings);
    for (i = 0; i < n; i++) {
        printf("%s\n", array[i]);
    }
    free(array);
}

/* Collects what the ports sent, as "PORT: ..." lines. */
static void
collect_sent(struct sset *out)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &ports) {
        struct dp_packet *p;

        while ((p = netdev_dummy_pop_sent(node->data))) {
            const uint8_t *d = dp_packet_data(p);
            char line[128];

            if (dp_packet_size(p) >= 18 && d[12] == 0x81 && d[13] == 0x00) {
                snprintf(line, sizeof line, "%s: vlan=%d pcp=%d",
                         node->name, ((d[14] << 8) | d[15]) & 0xfff,
                         d[14] >> 5);
            } else {
                snprintf(line, sizeof line, "%s: untagged", node->name);
            }
            /* Duplicates would hide in the set: number them. */
            char numbered[160];
            int k = 1;
            snprintf(numbered, sizeof numbered, "%s", line);
            while (sset_contains(out, numbered)) {
                snprintf(numbered, sizeof numbered, "%s (%d)", line, ++k);
            }
            sset_add(out, numbered);
            dp_packet_delete(p);
        }
    }
}

static void
cmd_pkt(const char *port, const char *src, const char *dst, int vid)
{
    struct netdev *netdev = shash_find_data(&ports, port);
    struct packet_spec spec;
    struct dp_packet *p;
    struct sset out = SSET_INITIALIZER(&out);

    if (!netdev) {
        fatal("no such port");
    }
    memset(&spec, 0, sizeof spec);
    if (!eth_addr_from_string(src, &spec.dl_src)
        || !eth_addr_from_string(dst, &spec.dl_dst)) {
        fatal("bad MAC");
    }
    if (vid >= 0) {
        spec.vlan_tci[0] = htons(VLAN_CFI | vid);
    }
    spec.dl_type = 0x88b5;      /* Local experimental ethertype. */
    spec.payload_len = 46;
    p = dp_packet_new_with_headroom(128, 0);
    packet_compose(p, &spec);

    /* Let earlier output drain. */
    collect_sent(&out);
    sset_clear(&out);

    /* Wait until the datapath has counted the packet and, if it missed,
     * until a handler has finished with it; then collect what came out.
     * The datapath counts a miss before it queues the upcall and a hit
     * after it ran the actions. */
    struct ofproto *ofproto = NULL;
    struct shash_node *node;
    SHASH_FOR_EACH (node, &switches) {
        struct ofproto *o = node->data;
        if (ofproto_port_find_by_name(o, port) != OFPP_NONE) {
            ofproto = o;
        }
    }
    if (!ofproto) {
        fatal("port is in no bridge");
    }
    struct dpif_dp_stats before, after;
    uint64_t handled = ofproto_n_upcalls_handled(ofproto);
    dpif_get_dp_stats(ofproto->dpif, &before);

    netdev_dummy_receive(netdev, dp_packet_data(p), dp_packet_size(p), 0);
    dp_packet_delete(p);

    long long deadline = time_msec() + 10000;
    for (;;) {
        dpif_get_dp_stats(ofproto->dpif, &after);
        if (after.n_hit > before.n_hit
            || (after.n_missed > before.n_missed
                && ofproto_n_upcalls_handled(ofproto) > handled)
            || after.n_lost > before.n_lost) {
            break;
        }
        if (time_msec() > deadline) {
            fatal("packet not processed within 10 s");
        }
        usleep(1000);
    }
    /* Sending to a dummy port is synchronous; a short grace covers any
     * reordering of the counters above. */
    usleep(5000);
    collect_sent(&out);
    run_all();
    if (sset_is_empty(&out)) {
        printf("(nothing)\n");
    } else {
        print_sorted(&out);
    }
    sset_destroy(&out);
}

static void
cmd_flows(struct ofproto *ofproto)
{
    struct dpif_flow_dump *dump;
    struct dpif_flow flows[50];
    struct sset lines = SSET_INITIALIZER(&lines);
    int n;

    dump = dpif_flow_dump_create(ofproto->dpif);
    while ((n = dpif_flow_dump_next(dump, flows, ARRAY_SIZE(flows))) > 0) {
        for (int i = 0; i < n; i++) {
            struct ds s = DS_EMPTY_INITIALIZER;

            odp_flow_format(&flows[i].match, &s);
            ds_put_cstr(&s, ", actions:");
            odp_actions_format(flows[i].actions, flows[i].actions_len, &s);
            sset_add(&lines, ds_cstr(&s));
            ds_destroy(&s);
        }
    }
    dpif_flow_dump_destroy(dump);
    if (sset_is_empty(&lines)) {
        printf("(no flows)\n");
    }
    print_sorted(&lines);
    sset_destroy(&lines);
}

/* "appctl CMD [ARG...]": the unixctl server runs on this thread, the
 * client on another, so the command goes through the real socket. */
struct appctl_call {
    const char *path;
    const char *command;
    int argc;
    char **argv;
    char *result, *error;
    int status;
    struct latch done;
};

static void *
appctl_thread(void *call_)
{
    struct appctl_call *call = call_;
    struct jsonrpc *client;

    call->status = unixctl_client_create(call->path, &client);
    if (!call->status) {
        call->status = unixctl_client_transact(client, call->command,
                                               call->argc, call->argv,
                                               &call->result, &call->error);
        jsonrpc_close(client);
    }
    latch_set(&call->done);
    return NULL;
}

static struct unixctl_server *unixctl;

static void
cmd_appctl(int argc, char *argv[])
{
    struct appctl_call call;
    pthread_t thread;

    if (!unixctl) {
        char *path = xasprintf("%s/test-ofproto.%ld.ctl",
                               getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
                               (long) getpid());
        ofproto_init();
        dpctl_unixctl_register();   /* dpctl/del-flows, for tests. */
        if (unixctl_server_create(path, &unixctl)) {
            fatal("cannot create unixctl server");
        }
        free(path);
    }
    memset(&call, 0, sizeof call);
    call.path = unixctl_server_get_path(unixctl);
    call.command = argv[0];
    call.argc = argc - 1;
    call.argv = argv + 1;
    latch_init(&call.done);
    pthread_create(&thread, NULL, appctl_thread, &call);
    while (!latch_is_set(&call.done)) {
        unixctl_server_run(unixctl);
        unixctl_server_wait(unixctl);
        latch_wait(&call.done);
        poll_block();
    }
    pthread_join(thread, NULL);
    latch_destroy(&call.done);
    if (call.status) {
        printf("appctl: %s\n", strerror(call.status));
    } else if (call.error) {
        printf("error: %s", call.error);
    } else {
        fputs(call.result, stdout);
    }
    free(call.result);
    free(call.error);
}

int
main(int argc, char *argv[])
{
    int status = 0;

    netdev_set_dummy_override(true);
    setvbuf(stdout, NULL, _IONBF, 0);

    for (int i = 1; i < argc; ) {
        char *cmd = argv[i];
        /* Each command takes a fixed number of arguments, except
         * "port" (up to the next command word) and "appctl" (up to
         * "--"). */
        if (!strcmp(cmd, "br")) {
            struct ofproto *ofproto;
            int error = ofproto_create(argv[i + 1], "netdev", &ofproto);
            if (error) {
                fprintf(stderr, "ofproto_create: %s\n", strerror(error));
                return 1;
            }
            shash_add(&switches, argv[i + 1], ofproto);
            i += 2;
        } else if (!strcmp(cmd, "port")) {
            /* Consume until the next argument that is a command. */
            int j = i + 1;
            static const char *cmds[] = {
                "br", "port", "unbundle", "pkt", "fdb", "flows", "sync",
                "warp", "flow", "del-flows", "secure", "standalone",
                "trace", "stats", "echo", "del-port", "mac-aging",
                "max-idle", "many-ports", "destroy", "local-bundle",
                "appctl",
            };
            while (j < argc) {
                bool is_cmd = false;
                for (size_t k = 0; k < ARRAY_SIZE(cmds); k++) {
                    if (!strcmp(argv[j], cmds[k])) {
                        is_cmd = true;
                    }
                }
                if (is_cmd) {
                    break;
                }
                j++;
            }
            cmd_port(j - i - 1, &argv[i + 1]);
            i = j;
        } else if (!strcmp(cmd, "unbundle")) {
            struct netdev *netdev = shash_find_data(&ports, argv[i + 2]);
            if (ofproto_bundle_unregister(get_br(argv[i + 1]), netdev)) {
                fatal("unbundle failed");
            }
            i += 3;
        } else if (!strcmp(cmd, "del-port")) {
            struct ofproto *ofproto = get_br(argv[i + 1]);
            struct netdev *netdev = shash_find_data(&ports, argv[i + 2]);
            ofproto_bundle_unregister(ofproto, netdev);
            ofproto_port_del(ofproto,
                             ofproto_port_find_by_name(ofproto, argv[i + 2]));
            i += 3;
        } else if (!strcmp(cmd, "pkt")) {
            int vid = -1;
            int n = 4;
            if (i + 4 < argc && argv[i + 4][0] >= '0'
                && argv[i + 4][0] <= '9') {
                vid = atoi(argv[i + 4]);
                n = 5;
            }
            cmd_pkt(argv[i + 1], argv[i + 2], argv[i + 3], vid);
            i += n;
        } else if (!strcmp(cmd, "fdb")) {
            struct ds s = DS_EMPTY_INITIALIZER;
            ofproto_fdb_format(get_br(argv[i + 1]), &s);
            fputs(ds_cstr(&s), stdout);
            ds_destroy(&s);
            i += 2;
        } else if (!strcmp(cmd, "flows")) {
            cmd_flows(get_br(argv[i + 1]));
            i += 2;
        } else if (!strcmp(cmd, "sync")) {
            run_all();
            ofproto_revalidate_sync(get_br(argv[i + 1]));
            i += 2;
        } else if (!strcmp(cmd, "warp")) {
            timeval_warp(atoll(argv[i + 1]), 0);
            run_all();
            i += 2;
        } else if (!strcmp(cmd, "flow")) {
            char *error = NULL;
            if (ofproto_add_flow_str(get_br(argv[i + 1]), argv[i + 2],
                                     &error)) {
                fprintf(stderr, "add_flow: %s\n", error ? error : "?");
                free(error);
                /* Clean up as usual: the switch's threads are running. */
                status = 1;
                break;
            }
            i += 3;
        } else if (!strcmp(cmd, "del-flows")) {
            ofproto_del_flows(get_br(argv[i + 1]));
            i += 2;
        } else if (!strcmp(cmd, "secure") || !strcmp(cmd, "standalone")) {
            ofproto_set_fail_mode(get_br(argv[i + 1]),
                                  !strcmp(cmd, "secure")
                                  ? OFPROTO_FAIL_SECURE
                                  : OFPROTO_FAIL_STANDALONE);
            i += 2;
        } else if (!strcmp(cmd, "trace")) {
            struct ds s = DS_EMPTY_INITIALIZER;
            struct match match;
            char *error = match_parse(argv[i + 2], &match, NULL);
            if (error) {
                fprintf(stderr, "%s\n", error);
                return 1;
            }
            ofproto_trace(get_br(argv[i + 1]), &match.flow, &s);
            fputs(ds_cstr(&s), stdout);
            ds_destroy(&s);
            i += 3;
        } else if (!strcmp(cmd, "stats")) {
            struct ds s = DS_EMPTY_INITIALIZER;
            ofproto_rules_format(get_br(argv[i + 1]), &s);
            fputs(ds_cstr(&s), stdout);
            ds_destroy(&s);
            i += 2;
        } else if (!strcmp(cmd, "mac-aging")) {
            ofproto_set_mac_table_config(get_br(argv[i + 1]),
                                         atoi(argv[i + 2]), 8192);
            i += 3;
        } else if (!strcmp(cmd, "max-idle")) {
            ofproto_set_max_idle(get_br(argv[i + 1]), atoi(argv[i + 2]));
            i += 3;
        } else if (!strcmp(cmd, "many-ports")) {
            /* Adds N dummy ports "mN" (no bundles). */
            struct ofproto *ofproto = get_br(argv[i + 1]);
            int n = atoi(argv[i + 2]);
            for (int k = 0; k < n; k++) {
                char name[32];
                struct netdev *netdev;
                ofp_port_t ofp_port = OFPP_NONE;

                snprintf(name, sizeof name, "m%d", k);
                if (netdev_open(name, "dummy", &netdev)
                    || ofproto_port_add(ofproto, netdev, &ofp_port)) {
                    fatal("many-ports failed");
                }
                shash_add(&ports, name, netdev);
            }
            i += 3;
        } else if (!strcmp(cmd, "destroy")) {
            /* Destroys a switch and prints how long it took, in whole
             * seconds (so a test can assert "0"). */
            struct ofproto *ofproto = get_br(argv[i + 1]);
            long long start = time_msec();
            ofproto_destroy(ofproto);
            shash_find_and_delete(&switches, argv[i + 1]);
            printf("destroyed in %llds\n", (time_msec() - start) / 1000);
            i += 2;
        } else if (!strcmp(cmd, "appctl")) {
            /* Takes the rest of the arguments up to "--". */
            int j = i + 1;
            while (j < argc && strcmp(argv[j], "--")) {
                j++;
            }
            cmd_appctl(j - i - 1, &argv[i + 1]);
            i = j + 1;
        } else if (!strcmp(cmd, "local-bundle")) {
            /* Registers the bridge's local port as a bundle of its own
             * (access VLAN 0), as the bridge does for its own Port, and
             * watches what it sends under the bridge's name. */
            struct ofproto *ofproto = get_br(argv[i + 1]);
            struct netdev *netdev = ofproto_port_get_netdev(ofproto,
                                                            OFPP_LOCAL);
            ofp_port_t local = OFPP_LOCAL;
            struct ofproto_bundle_settings bs = {
                .name = argv[i + 1], .members = &local, .n_members = 1,
                .vlan_mode = PORT_VLAN_ACCESS, .vlan = 0,
            };
            if (!netdev || ofproto_bundle_register(ofproto, netdev, &bs)) {
                fatal("local-bundle failed");
            }
            shash_add(&ports, argv[i + 1], netdev_ref(netdev));
            i += 2;
        } else if (!strcmp(cmd, "echo")) {
            printf("%s\n", argv[i + 1]);
            i += 2;
        } else {
            fprintf(stderr, "unknown command %s\n", cmd);
            return 1;
        }
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, &switches) {
        ofproto_destroy(node->data);
    }
    shash_destroy(&switches);
    SHASH_FOR_EACH (node, &ports) {
        netdev_close(node->data);
    }
    shash_destroy(&ports);
    unixctl_server_destroy(unixctl);
    return status;
}
