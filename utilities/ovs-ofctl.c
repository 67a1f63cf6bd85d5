/* ovs-ofctl.c -- administer OpenFlow switches (ovs-ofctl(8)).
 *
 * A thin command-line layer: each command builds requests with the codec
 * (lib/ofp-msgs.h), exchanges them over one blocking OpenFlow connection
 * (lib/vconn.h), and prints the replies in the reference tool's format
 * (lib/ofp-print.h).  Flows are written in ovs-fields(7)/ovs-actions(7)
 * syntax (lib/ofp-actions.h).
 *
 * Protocols: the connection speaks the highest version allowed by -O
 * (default OpenFlow 1.0).  With 1.0, flows that the 1.0 match cannot
 * express switch the connection to Nicira NXM matches first
 * (NXT_SET_FLOW_FORMAT), and flow_mods for tables other than 0 enable
 * table ids (NXT_FLOW_MOD_TABLE_ID), as the reference tool does; flow
 * dumps on 1.0 always use NXM (NXST_FLOW), which carries idle ages.
 *
 * monitor and snoop keep their connection (to the management socket, or
 * to the switch's snoop socket) and print every message that arrives, on
 * stderr as the reference tool does. */
#include <config.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "daemon.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "ofp-actions.h"
#include "ofp-bundle.h"
#include "ofp-group.h"
#include "ofp-meter.h"
#include "ofp-monitor.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "ofp-print.h"
#include "ofpbuf.h"
#include "shash.h"
#include <sys/stat.h>
#include "timeval.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"

/* Command-line options. */
static uint32_t allowed_versions = OFP_VERSION_BIT(OFP10_VERSION);
static bool no_stats;
static char *sort_field;        /* --sort or --rsort field, or NULL. */
static bool sort_reverse;
static bool strict;
static bool may_create;          /* mod-group --may-create. */
static bool timestamp;           /* monitor, snoop --timestamp. */
static bool monitor_resume;      /* monitor ... resume. */
static bool bundle;              /* --bundle: flow and group mods as one
                                  * atomic bundle. */

static void
usage(void)
{
    printf("%s: OpenFlow switch management utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "\nFor OpenFlow switches:\n"
           "  show SWITCH                 show OpenFlow information\n"
           "  dump-desc SWITCH            print switch description\n"
           "  dump-tables SWITCH          print table stats\n"
           "  dump-ports SWITCH [PORT]    print port statistics\n"
           "  dump-ports-desc SWITCH      print port descriptions\n"
           "  dump-flows SWITCH           print all flow entries\n"
           "  dump-flows SWITCH FLOW      print matching FLOWs\n"
           "  dump-aggregate SWITCH       print aggregate flow statistics\n"
           "  dump-aggregate SWITCH FLOW  print aggregate stats for FLOWs\n"
           "  add-flow SWITCH FLOW        add flow described by FLOW\n"
           "  add-flows SWITCH FILE       add flows from FILE (- for stdin)\n"
           "  mod-flows SWITCH FLOW       modify actions of matching FLOWs\n"
           "  del-flows SWITCH [FLOW]     delete matching FLOWs\n"
           "  packet-out SWITCH IN_PORT ACTIONS PACKET...\n"
           "                              execute ACTIONS on PACKET\n"
           "  add-group SWITCH GROUP      add group described by GROUP\n"
           "  add-groups SWITCH FILE      add groups from FILE\n"
           "  mod-group SWITCH GROUP      modify specific group\n"
           "  del-groups SWITCH [GROUP]   delete matching GROUPs\n"
           "  insert-buckets SWITCH [GROUP] add buckets to GROUP\n"
           "  remove-buckets SWITCH [GROUP] remove buckets from GROUP\n"
           "  dump-group-features SWITCH  print group features\n"
           "  dump-groups SWITCH [GROUP]  print group description\n"
           "  dump-group-stats SWITCH [GROUP]  print group statistics\n"
           "  add-meter SWITCH METER      add meter described by METER\n"
           "  mod-meter SWITCH METER      modify specific METER\n"
           "  del-meter SWITCH METER      delete METER\n"
           "  del-meters SWITCH [METER]   delete METER (default: all)\n"
           "  dump-meter SWITCH METER     print METER configuration\n"
           "  dump-meters SWITCH [METER]  print meter configuration\n"
           "  meter-stats SWITCH [METER]  print meter statistics\n"
           "  meter-features SWITCH       print meter features\n"
           "  mod-port SWITCH IFACE ACT   modify port behavior\n"
           "  mod-table SWITCH MOD        modify flow table behavior\n"
           "  replace-flows SWITCH FILE   replace flows with those in FILE\n"
           "  diff-flows SOURCE1 SOURCE2  compare flows from two sources\n"
           "  monitor SWITCH [MISSLEN] [invalid_ttl] [watch:[...]] "
           "[resume]\n"
           "                              print packets received from SWITCH\n"
           "  snoop SWITCH                snoop on SWITCH and its controller\n"
           "  ofp-print HEX               decode an OpenFlow message\n"
           "\nSWITCH is a bridge name (connects to RUNDIR/BRIDGE.mgmt) or a\n"
           "connection method: unix:FILE, tcp:IP[:PORT].\n"
           "\nOptions:\n"
           "  -O, --protocols=LIST        allowed OpenFlow versions\n"
           "  --strict                    use strict match for flow commands\n"
           "  --sort[=FIELD]              sort dump-flows output\n"
           "  --rsort[=FIELD]             reverse-sort dump-flows output\n"
           "  --no-stats                  omit statistics in dump-flows\n"
           "  --may-create                mod-group creates a missing group\n"
           "  --bundle                    flow and group mods in one atomic "
           "bundle\n"
           "  --detach, --pidfile[=FILE]  monitor, snoop: run in background\n"
           "  --timestamp                 monitor, snoop: print timestamps\n"
           "  --names, --no-names         accepted for compatibility\n"
           "  -t, --timeout=SECS          give up after SECS seconds\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n",
           program_name, program_name);
    exit(EXIT_SUCCESS);
}

/* Connections. */

static struct vconn *
open_vconn(const char *target)
{
    struct vconn *vconn;
    char *name;
    int error;

    if (strchr(target, ':')) {
        name = xstrdup(target);
    } else {
        name = xasprintf("unix:%s/%s.mgmt", ovs_rundir(), target);
        if (access(name + 5, F_OK)) {
            ovs_fatal(0, "%s is not a bridge or a socket", target);
        }
    }
    error = vconn_open_block(name, allowed_versions, &vconn);
    if (error) {
        ovs_fatal(error, "%s: failed to connect to socket", target);
    }
    free(name);
    return vconn;
}

static int
vconn_version(struct vconn *vconn)
{
    return vconn_get_version(vconn);
}

/* Prints an OFPT_ERROR reply to stderr and exits. */
static void
die_on_error_reply(const struct ofpbuf *reply)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_print_msg(&s, reply->data, reply->size);
    fprintf(stderr, "%s", ds_cstr(&s));
    ds_destroy(&s);
    exit(EXIT_FAILURE);
}

static bool
is_error(const struct ofpbuf *msg)
{
    return ((const struct ofp_header *) msg->data)->type == 1;
}

/* Sends 'request' and prints the one reply. */
static void
transact_and_print(struct vconn *vconn, struct ofpbuf *request)
{
    struct ofpbuf *reply;
    int error = vconn_transact(vconn, request, &reply);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    if (is_error(reply)) {
        die_on_error_reply(reply);
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_print_msg(&s, reply->data, reply->size);
    fputs(ds_cstr(&s), stdout);
    ds_destroy(&s);
    ofpbuf_delete(reply);
}

/* Sends multipart 'request' and returns the replies, exiting on error. */
static void
transact_multipart(struct vconn *vconn, struct ofpbuf *request,
                   struct ofpbuf ***replies, size_t *n)
{
    int error = vconn_transact_multipart(vconn, request, replies, n);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    if (*n && is_error((*replies)[*n - 1])) {
        die_on_error_reply((*replies)[*n - 1]);
    }
}

static void
multipart_and_print(struct vconn *vconn, struct ofpbuf *request)
{
    struct ofpbuf **replies;
    size_t n;

    transact_multipart(vconn, request, &replies, &n);
    for (size_t i = 0; i < n; i++) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ofp_print_msg(&s, replies[i]->data, replies[i]->size);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
    }
    vconn_free_replies(replies, n);
}

/* Sends the requests (taking them) followed by a barrier; exits with the
 * error message if the switch rejected one. */
static void
transact_noreply(struct vconn *vconn, struct ofpbuf **requests, size_t n)
{
    struct ofpbuf *reply;
    int error = vconn_transact_multiple_noreply(vconn, requests, n, &reply);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    if (reply) {
        die_on_error_reply(reply);
    }
}

/* --bundle. */

/* The request among 'requests' with 'xid', or NULL. */
static const struct ofpbuf *
find_request(struct ofpbuf **requests, size_t n, ovs_be32 xid)
{
    for (size_t i = 0; i < n; i++) {
        if (vconn_msg_xid(requests[i]) == xid) {
            return requests[i];
        }
    }
    return NULL;
}

/* Prints error 'reply' as "Error NAME for: REQUEST" (REQUEST decoded). */
static void
print_bundle_error(const struct ofpbuf *reply, const struct ofpbuf *request)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    enum ofperr error = ofperr_decode_msg(reply->data, NULL);

    ds_put_format(&s, "Error %s for: ",
                  error ? ofperr_get_name(error) : "(unknown)");
    if (request) {
        ofp_print_msg(&s, request->data, request->size);
    } else {
        ds_put_cstr(&s, "(unknown request)\n");
    }
    fputs(ds_cstr(&s), stderr);
    ds_destroy(&s);
}

/* Receives until the reply to 'xid' arrives, printing the errors that
 * come on the way (for 'requests' or 'control', matched by xid).
 * Returns true if all went well: no error, and the reply is not one. */
static bool
bundle_wait(struct vconn *vconn, ovs_be32 xid, const struct ofpbuf *control,
            struct ofpbuf **requests, size_t n)
{
    bool ok = true;

    for (;;) {
        struct ofpbuf *reply;
        int error = vconn_recv_block(vconn, &reply);
        if (error) {
            ovs_fatal(error, "talking to %s", vconn_get_name(vconn));
        }
        ovs_be32 rxid = vconn_msg_xid(reply);
        if (is_error(reply)) {
            print_bundle_error(reply, rxid == xid ? control
                               : find_request(requests, n, rxid));
            ok = false;
        }
        ofpbuf_delete(reply);
        if (rxid == xid) {
            return ok;
        }
    }
}

/* Sends 'ctrl' (taking it) and waits for its reply. */
static bool
bundle_control(struct vconn *vconn, struct ofpbuf *ctrl,
               struct ofpbuf **requests, size_t n)
{
    ovs_be32 xid = vconn_msg_xid(ctrl);
    struct ofpbuf *copy = ofpbuf_clone(ctrl);
    int error = vconn_send_block(vconn, ctrl);
    if (error) {
        ovs_fatal(error, "talking to %s", vconn_get_name(vconn));
    }
    bool ok = bundle_wait(vconn, xid, copy, requests, n);
    ofpbuf_delete(copy);
    return ok;
}

/* Sends 'requests' (taking them) as one bundle: open, add each, a
 * barrier (so that errors in the adds arrive before the commit), commit.
 * On an error, prints each error with the request it answers and exits
 * as Open vSwitch's ovs-ofctl does. */
static void
bundle_transact(struct vconn *vconn, struct ofpbuf **requests, size_t n)
{
    int v = vconn_version(vconn);
    struct ofp_bundle_ctrl bc = {
        .bundle_id = 0,
        .type = OFPBCT_OPEN_REQUEST,
        .flags = OFPBF_ATOMIC | OFPBF_ORDERED,
    };
    bool ok;

    if (v < OFP13_VERSION) {
        ovs_fatal(0, "--bundle needs OpenFlow 1.3 or later (-O)");
    }
    ok = bundle_control(vconn, ofp_bundle_ctrl_encode(v, vconn_alloc_xid(),
                                                      &bc),
                        requests, n);
    if (ok) {
        for (size_t i = 0; i < n; i++) {
            struct ofpbuf *add = ofp_bundle_add_encode(bc.bundle_id,
                                                       bc.flags,
                                                       requests[i]->data);
            int error = vconn_send_block(vconn, add);
            if (error) {
                ovs_fatal(error, "talking to %s", vconn_get_name(vconn));
            }
        }
        struct ofpbuf *barrier = ofp_encode_barrier_request(v);
        ((struct ofp_header *) barrier->data)->xid = vconn_alloc_xid();
        ok = bundle_control(vconn, barrier, requests, n);
        bc.type = OFPBCT_COMMIT_REQUEST;
        ok = bundle_control(vconn,
                            ofp_bundle_ctrl_encode(v, vconn_alloc_xid(), &bc),
                            requests, n) && ok;
    }
    for (size_t i = 0; i < n; i++) {
        ofpbuf_delete(requests[i]);
    }
    if (!ok) {
        /* Worded as Open vSwitch's ovs-ofctl words it. */
        ovs_fatal(0, "talking to %s (%s)", vconn_get_name(vconn),
                  ovs_strerror(EPROTO));
    }
}

/* Sends flow or group mods 'requests' (taking them): in a bundle with
 * --bundle, otherwise followed by a barrier. */
static void
send_mods(struct vconn *vconn, struct ofpbuf **requests, size_t n)
{
    if (bundle) {
        bundle_transact(vconn, requests, n);
    } else {
        transact_noreply(vconn, requests, n);
    }
}

/* Switches a 1.0 connection to 'proto' (no-op for other versions). */
static void
set_protocol(struct vconn *vconn, enum ofp_protocol proto)
{
    struct ofpbuf *msgs[2];
    size_t n = 0;

    if (vconn_version(vconn) != OFP10_VERSION) {
        return;
    }
    ofp_encode_protocol_switch(proto, msgs, &n);
    if (n) {
        transact_noreply(vconn, msgs, n);
    }
}

/* The protocol to use on 'vconn' given whether NXM and table ids are
 * needed. */
static enum ofp_protocol
choose_protocol(struct vconn *vconn, bool need_nxm, bool need_tid)
{
    int version = vconn_version(vconn);
    if (version != OFP10_VERSION) {
        return ofp_protocol_from_version(version);
    }
    enum ofp_protocol p = need_nxm ? OFPP_OF10_NXM : OFPP_OF10_STD;
    return ofp_protocol_set_tid(p, need_tid);
}

/* Commands. */

static void
cmd_show(int argc OVS_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    int v = vconn_version(vconn);

    transact_and_print(vconn, ofpmsg_new(OFPTYPE_FEATURES_REQUEST, v,
                                         vconn_alloc_xid(), 0));
    if (v >= OFP13_VERSION) {
        multipart_and_print(vconn, ofpmsg_new(OFPTYPE_PORT_DESC_STATS_REQUEST,
                                              v, vconn_alloc_xid(), 0));
    }
    transact_and_print(vconn, ofpmsg_new(OFPTYPE_GET_CONFIG_REQUEST, v,
                                         vconn_alloc_xid(), 0));
    vconn_close(vconn);
}

static void
cmd_simple_multipart(const char *target, enum ofptype type)
{
    struct vconn *vconn = open_vconn(target);
    int v = vconn_version(vconn);
    if (!ofptype_in_version(type, v)) {
        ovs_fatal(0, "%s is not supported by OpenFlow %s",
                  ofptype_get_name(type), ofp_version_to_short_string(v));
    }
    multipart_and_print(vconn, ofpmsg_new(type, v, vconn_alloc_xid(), 0));
    vconn_close(vconn);
}

static void
cmd_dump_desc(int argc OVS_UNUSED, char *argv[])
{
    cmd_simple_multipart(argv[1], OFPTYPE_DESC_STATS_REQUEST);
}

static void
cmd_dump_tables(int argc OVS_UNUSED, char *argv[])
{
    cmd_simple_multipart(argv[1], OFPTYPE_TABLE_STATS_REQUEST);
}

static void
cmd_dump_ports_desc(int argc OVS_UNUSED, char *argv[])
{
    cmd_simple_multipart(argv[1], OFPTYPE_PORT_DESC_STATS_REQUEST);
}

static uint16_t
parse_port(const char *s)
{
    static const struct { const char *name; uint16_t port; } names[] = {
        { "LOCAL", OFPP_LOCAL }, { "ANY", OFPP_NONE }, { "NONE", OFPP_NONE },
        { "IN_PORT", OFPP_IN_PORT }, { "CONTROLLER", OFPP_CONTROLLER },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcasecmp(s, names[i].name)) {
            return names[i].port;
        }
    }
    char *end;
    unsigned long x = strtoul(s, &end, 0);
    if (*end || end == s || x >= OFPP_MAX) {
        ovs_fatal(0, "%s: invalid port", s);
    }
    return x;
}

static void
cmd_dump_ports(int argc, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    uint16_t port = argc > 2 ? parse_port(argv[2]) : OFPP_NONE;
    struct ofpbuf *req = ofp_encode_port_stats_request(vconn_version(vconn),
                                                       port);
    ((struct ofp_header *) req->data)->xid = vconn_alloc_xid();
    multipart_and_print(vconn, req);
    vconn_close(vconn);
}

/* Port config. */

/* Finds port 'name' (a name, or a number if all digits) of the switch on
 * 'vconn' as FEATURES_REPLY (1.0-1.2) or PORT_DESC (1.3+) shows it.
 * Returns false if there is none. */
static bool
fetch_port(struct vconn *vconn, const char *name, struct ofp_port_info *pi)
{
    int v = vconn_version(vconn);
    bool by_number = name[0] && strspn(name, "0123456789") == strlen(name);
    unsigned long number = by_number ? strtoul(name, NULL, 10) : 0;
    struct ofpbuf **replies;
    size_t n;
    bool found = false;

    if (v < OFP13_VERSION) {
        struct ofpbuf *reply;
        int error = vconn_transact(vconn, ofpmsg_new(OFPTYPE_FEATURES_REQUEST,
                                                     v, vconn_alloc_xid(), 0),
                                   &reply);
        if (error) {
            ovs_fatal(error, "transaction failed");
        }
        if (is_error(reply)) {
            die_on_error_reply(reply);
        }
        replies = xmalloc(sizeof *replies);
        replies[0] = reply;
        n = 1;
    } else {
        transact_multipart(vconn, ofpmsg_new(OFPTYPE_PORT_DESC_STATS_REQUEST,
                                             v, vconn_alloc_xid(), 0),
                           &replies, &n);
    }
    for (size_t i = 0; i < n && !found; i++) {
        struct ofpbuf msg = *replies[i];
        msg.header = NULL;      /* ofp_port_desc_pull() starts over. */
        if (v < OFP13_VERSION) {
            struct ofp_switch_features sf;
            if (ofp_decode_features_reply(msg.data, &sf, &msg)) {
                ovs_fatal(0, "bad features reply");
            }
        }
        for (;;) {
            int error = (v < OFP13_VERSION
                         ? ofp_port_info_pull(pi, v, &msg)
                         : ofp_port_desc_pull(pi, &msg));
            if (error) {
                break;
            }
            if (by_number ? pi->port_no == number
                : !strncmp(pi->name, name, sizeof pi->name)) {
                found = true;
                break;
            }
        }
    }
    vconn_free_replies(replies, n);
    return found;
}

/* mod-port SWITCH PORT ACTION: one config bit on or off, as ovs-ofctl(8)
 * names them. */
static void
cmd_mod_port(int argc OVS_UNUSED, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t bit;
        bool on;
    } acts[] = {
        { "up", OFPPC_PORT_DOWN, false },
        { "down", OFPPC_PORT_DOWN, true },
        { "stp", OFPPC_NO_STP, false },
        { "no-stp", OFPPC_NO_STP, true },
        { "receive", OFPPC_NO_RECV, false },
        { "no-receive", OFPPC_NO_RECV, true },
        { "receive-stp", OFPPC_NO_RECV_STP, false },
        { "no-receive-stp", OFPPC_NO_RECV_STP, true },
        { "forward", OFPPC_NO_FWD, false },
        { "no-forward", OFPPC_NO_FWD, true },
        { "flood", OFPPC_NO_FLOOD, false },
        { "no-flood", OFPPC_NO_FLOOD, true },
        { "packet-in", OFPPC_NO_PACKET_IN, false },
        { "no-packet-in", OFPPC_NO_PACKET_IN, true },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(acts); i++) {
        if (!strcasecmp(argv[3], acts[i].name)) {
            break;
        }
    }
    if (i == ARRAY_SIZE(acts)) {
        ovs_fatal(0, "unknown mod-port command '%s'", argv[3]);
    }

    struct vconn *vconn = open_vconn(argv[1]);
    struct ofp_port_info pi;
    if (!fetch_port(vconn, argv[2], &pi)) {
        ovs_fatal(0, "%s: couldn't find port `%s'", argv[1], argv[2]);
    }
    struct ofp_port_mod pm = {
        .port_no = pi.port_no,
        .hw_addr = pi.hw_addr,
        .config = acts[i].on ? acts[i].bit : 0,
        .mask = acts[i].bit,
    };
    struct ofpbuf *msg = ofp_encode_port_mod(&pm, vconn_version(vconn),
                                             vconn_alloc_xid());
    transact_noreply(vconn, &msg, 1);
    vconn_close(vconn);
}

/* mod-table SWITCH TABLE SETTING: TABLE is a number or "all"; SETTING is
 * a miss behaviour (drop, continue, controller: OpenFlow 1.1 and 1.2
 * only) or evict, noevict, vacancy:LOW,HIGH, novacancy (1.4+ only). */
static void
cmd_mod_table(int argc OVS_UNUSED, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t config;
        uint32_t versions;
    } settings[] = {
        { "controller", OFPTC11_TABLE_MISS_CONTROLLER, 0x0c },
        { "continue", OFPTC11_TABLE_MISS_CONTINUE, 0x0c },
        { "drop", OFPTC11_TABLE_MISS_DROP, 0x0c },
        { "evict", OFPTC14_EVICTION, 0x60 },
        { "noevict", 0, 0x60 },
        { "vacancy", OFPTC14_VACANCY_EVENTS, 0x60 },
        { "novacancy", 0, 0x60 },
    };
    const char *setting = argv[3];
    size_t n = strcspn(setting, ":");
    size_t i;

    for (i = 0; i < ARRAY_SIZE(settings); i++) {
        if (strlen(settings[i].name) == n
            && !strncmp(setting, settings[i].name, n)
            && (setting[n] == ':') == (settings[i].config
                                       == OFPTC14_VACANCY_EVENTS)) {
            break;
        }
    }
    if (i == ARRAY_SIZE(settings)) {
        ovs_fatal(0, "invalid table_mod setting %s", setting);
    }

    uint8_t table_id;
    if (!strcmp(argv[2], "all")) {
        table_id = 0xff;
    } else {
        char *end;
        unsigned long t = strtoul(argv[2], &end, 10);
        if (*end || end == argv[2] || t > 255) {
            ovs_fatal(0, "unknown table \"%s\"", argv[2]);
        }
        table_id = t;           /* 255 is OFPTT_ALL too. */
    }

    struct vconn *vconn = open_vconn(argv[1]);
    int v = vconn_version(vconn);
    if (!(settings[i].versions & OFP_VERSION_BIT(v))) {
        ovs_fatal(0, "table_mod '%s' requires one of the OpenFlow versions "
                  "%s", setting, (settings[i].versions == 0x0c
                                  ? "OpenFlow11, OpenFlow12"
                                  : "OpenFlow14, OpenFlow15"));
    }
    struct ofp_table_mod tm = {
        .table_id = table_id,
        .config = settings[i].config,
    };
    struct ofpbuf *msg = ofp_encode_table_mod(&tm, v, vconn_alloc_xid());
    transact_noreply(vconn, &msg, 1);
    vconn_close(vconn);
}

/* Flow mods. */

struct flow_mod_list {
    struct ofp_flow_mod *fms;
    struct ofpbuf *ofpacts;     /* One per flow_mod. */
    size_t n, allocated;
};

/* True if flow 's' has "cookie=X/MASK": ofp_flow_parse() gives that and
 * a plain "cookie=X" the same all-ones mask, but only the plain form is
 * a modify's new cookie (the masked one is a filter). */
static bool
has_cookie_mask(const char *s)
{
    for (const char *p = strstr(s, "cookie="); p;
         p = strstr(p + 1, "cookie=")) {
        if (p == s || strchr(", \t", p[-1])) {
            size_t n = strcspn(p, ", \t");
            return memchr(p, '/', n) != NULL;
        }
    }
    return false;
}

static void
add_flow_mod(struct flow_mod_list *l, const char *s, int command)
{
    if (l->n >= l->allocated) {
        size_t old = l->allocated;
        l->fms = x2nrealloc(l->fms, &l->allocated, sizeof *l->fms);
        l->ofpacts = xrealloc(l->ofpacts, l->allocated * sizeof *l->ofpacts);
        (void) old;
    }
    struct ofp_flow_mod *fm = &l->fms[l->n];
    struct ofpbuf *ofpacts = &l->ofpacts[l->n];
    memset(fm, 0, sizeof *fm);
    ofpbuf_init(ofpacts, 64);
    char *err = ofp_flow_parse(s, command, &fm->fs, ofpacts);
    if (err) {
        ovs_fatal(0, "%s", err);
    }
    fm->command = command;
    fm->buffer_id = UINT32_MAX;
    fm->new_cookie = OVS_BE64_MAX;
    if ((command == OFPFC_MODIFY || command == OFPFC_MODIFY_STRICT)
        && fm->fs.cookie_mask == OVS_BE64_MAX && !has_cookie_mask(s)) {
        /* "cookie=X" without a mask sets the new cookie. */
        fm->new_cookie = fm->fs.cookie;
        fm->fs.cookie = fm->fs.cookie_mask = 0;
    }
    l->n++;
}

static void
send_flow_mods(const char *target, struct flow_mod_list *l)
{
    struct vconn *vconn = open_vconn(target);
    bool need_nxm = false, need_tid = false;

    for (size_t i = 0; i < l->n; i++) {
        struct ofp_flow_mod *fm = &l->fms[i];
        /* mod_tp_* travel in 1.2+ as the match's protocol's set_field. */
        ofpacts_set_ip_proto(l->ofpacts[i].data, l->ofpacts[i].size,
                             &fm->fs.match);
        fm->ofpacts = l->ofpacts[i].data;
        fm->ofpacts_len = l->ofpacts[i].size;
        if (!(ofp_match_usable_protocols(&fm->fs.match) & OFPP_OF10_STD)
            || fm->fs.cookie_mask) {
            need_nxm = true;
        }
        if (fm->fs.table_id != 0xff
            && (fm->fs.table_id != 0 || fm->command != OFPFC_ADD)) {
            need_tid = true;
        }
    }
    enum ofp_protocol proto = choose_protocol(vconn, need_nxm, need_tid);
    for (size_t i = 0; i < l->n; i++) {
        const struct ofp_flow_mod *fm = &l->fms[i];
        if (!ofpacts_openflow_encodable(fm->ofpacts, fm->ofpacts_len,
                                        vconn_version(vconn))) {
            char *acts = ofpacts_to_string(fm->ofpacts, fm->ofpacts_len);
            ovs_fatal(0, "actions=%s: not expressible in %s (use -O with "
                      "a later version)", acts,
                      ofp_version_to_string(vconn_version(vconn)));
        }
        /* 1.1 has only its fixed match: refuse rather than drop fields. */
        if (vconn_version(vconn) == OFP11_VERSION
            && !(ofp_match_usable_protocols(&fm->fs.match)
                 & OFPP_OF11_STD)) {
            ovs_fatal(0, "match not expressible in OpenFlow11 (use -O "
                      "with a later version)");
        }
    }
    set_protocol(vconn, proto);

    struct ofpbuf **msgs = xmalloc(MAX(l->n, 1) * sizeof *msgs);
    for (size_t i = 0; i < l->n; i++) {
        msgs[i] = ofp_encode_flow_mod(&l->fms[i], proto);
        ((struct ofp_header *) msgs[i]->data)->xid = vconn_alloc_xid();
    }
    if (l->n) {
        send_mods(vconn, msgs, l->n);
    }
    free(msgs);
    vconn_close(vconn);
    for (size_t i = 0; i < l->n; i++) {
        ofpbuf_uninit(&l->ofpacts[i]);
    }
    free(l->fms);
    free(l->ofpacts);
}

static void
cmd_add_flow(int argc OVS_UNUSED, char *argv[])
{
    struct flow_mod_list l = { NULL, NULL, 0, 0 };
    add_flow_mod(&l, argv[2], OFPFC_ADD);
    send_flow_mods(argv[1], &l);
}

/* Reads the next line of F into LINE and points *SP at its text without
 * the comment ('#' to the end of the line) and the leading blanks (it may
 * then be empty).  False once F is exhausted.  The files of add-flows,
 * add-groups and diff-flows are read this way. */
static bool
read_file_line(FILE *f, struct ds *line, char **sp)
{
    int c;

    ds_clear(line);
    while ((c = getc(f)) != EOF && c != '\n') {
        ds_put_char(line, c);
    }
    if (c == EOF && !line->length) {
        return false;
    }
    char *s = ds_cstr(line);
    char *hash = strchr(s, '#');
    if (hash) {
        *hash = '\0';
    }
    *sp = s + strspn(s, " \t\r");
    return true;
}

static void
cmd_add_flows(int argc OVS_UNUSED, char *argv[])
{
    struct flow_mod_list l = { NULL, NULL, 0, 0 };
    FILE *f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
    struct ds line = DS_EMPTY_INITIALIZER;

    if (!f) {
        ovs_fatal(errno, "%s: open failed", argv[2]);
    }
    char *s;
    while (read_file_line(f, &line, &s)) {
        if (*s) {
            add_flow_mod(&l, s, OFPFC_ADD);
        }
    }
    if (f != stdin) {
        fclose(f);
    }
    ds_destroy(&line);
    send_flow_mods(argv[1], &l);
}

static void
cmd_mod_flows(int argc OVS_UNUSED, char *argv[])
{
    struct flow_mod_list l = { NULL, NULL, 0, 0 };
    add_flow_mod(&l, argv[2], strict ? OFPFC_MODIFY_STRICT : OFPFC_MODIFY);
    send_flow_mods(argv[1], &l);
}

static void
cmd_del_flows(int argc, char *argv[])
{
    struct flow_mod_list l = { NULL, NULL, 0, 0 };
    add_flow_mod(&l, argc > 2 ? argv[2] : "",
                 strict ? OFPFC_DELETE_STRICT : OFPFC_DELETE);
    send_flow_mods(argv[1], &l);
}

/* Flow dumps. */

static void
parse_flow_filter(int argc, char *argv[], bool aggregate,
                  struct ofp_flow_stats_request *r)
{
    struct ofp_flow_spec fs;
    struct ofpbuf ofpacts;

    ofpbuf_init(&ofpacts, 64);
    char *err = ofp_flow_parse(argc > 2 ? argv[2] : "", OFPFC_DELETE, &fs,
                               &ofpacts);
    if (err) {
        ovs_fatal(0, "%s", err);
    }
    memset(r, 0, sizeof *r);
    r->aggregate = aggregate;
    r->match = fs.match;
    r->table_id = fs.table_id;
    r->out_port = fs.out_port;
    r->out_group = fs.out_group;
    r->cookie = fs.cookie;
    r->cookie_mask = fs.cookie_mask;
    ofpbuf_uninit(&ofpacts);
}

static enum ofp_protocol
dump_protocol(struct vconn *vconn)
{
    /* Like the reference tool, dump through NXM on OpenFlow 1.0. */
    enum ofp_protocol p = choose_protocol(vconn, true, false);
    set_protocol(vconn, p);
    return p;
}

struct sort_entry {
    struct ofp_flow_stats fs;
    struct ofpbuf ofpacts;
};

static uint64_t
sort_key(const struct ofp_flow_stats *fs, const struct flow_field *f,
         bool *present)
{
    union flow_field_value v, m;
    if (!f) {
        *present = true;
        return fs->priority;
    }
    flow_field_get(f, &fs->match.wc.masks, &m);
    flow_field_get(f, &fs->match.flow, &v);
    if (f->type == FFT_UINT || f->type == FFT_BE) {
        *present = m.integer != 0;
        return v.integer;
    }
    *present = false;
    for (size_t i = 0; i < sizeof m.u128; i++) {
        if (m.u128[i]) {
            *present = true;
        }
    }
    uint64_t x = 0;
    memcpy(&x, &v, sizeof x);
    return ntohll(x);
}

static const struct flow_field *sort_by;

static int
compare_entries(const void *a_, const void *b_)
{
    const struct sort_entry *a = a_, *b = b_;
    bool pa, pb;
    uint64_t ka = sort_key(&a->fs, sort_by, &pa);
    uint64_t kb = sort_key(&b->fs, sort_by, &pb);
    int r;

    /* A flow without the field sorts as if its value were the lowest;
     * ties go by descending priority, as the reference tool does. */
    if (pa != pb) {
        r = pa ? 1 : -1;
    } else {
        r = ka < kb ? -1 : ka > kb;
    }
    if (sort_reverse) {
        r = -r;
    }
    if (!r && sort_by) {
        r = (a->fs.priority > b->fs.priority ? -1
             : a->fs.priority < b->fs.priority);
    }
    return r;
}

static void
cmd_dump_flows(int argc, char *argv[])
{
    struct ofp_flow_stats_request r;
    struct ofpbuf **replies;
    size_t n;

    parse_flow_filter(argc, argv, false, &r);
    struct vconn *vconn = open_vconn(argv[1]);
    enum ofp_protocol proto = dump_protocol(vconn);
    struct ofpbuf *req = ofp_encode_flow_stats_request(&r, proto);
    ((struct ofp_header *) req->data)->xid = vconn_alloc_xid();
    transact_multipart(vconn, req, &replies, &n);

    if (!sort_field && !no_stats) {
        for (size_t i = 0; i < n; i++) {
            struct ds s = DS_EMPTY_INITIALIZER;
            ofp_print_msg(&s, replies[i]->data, replies[i]->size);
            fputs(ds_cstr(&s), stdout);
            ds_destroy(&s);
        }
    } else {
        struct sort_entry *entries = NULL;
        size_t n_entries = 0, allocated = 0;
        for (size_t i = 0; i < n; i++) {
            struct ofpbuf msg;
            ofpbuf_use_const(&msg, replies[i]->data, replies[i]->size);
            for (;;) {
                if (n_entries >= allocated) {
                    entries = x2nrealloc(entries, &allocated,
                                         sizeof *entries);
                }
                struct sort_entry *e = &entries[n_entries];
                ofpbuf_init(&e->ofpacts, 64);
                int error = ofp_flow_stats_pull(&e->fs, &msg, &e->ofpacts);
                if (error) {
                    ofpbuf_uninit(&e->ofpacts);
                    if (error != EOF) {
                        ovs_fatal(0, "bad flow stats reply: %s",
                                  ofperr_get_name(error));
                    }
                    break;
                }
                n_entries++;
            }
        }
        if (sort_field) {
            sort_by = NULL;
            if (*sort_field && strcmp(sort_field, "priority")) {
                sort_by = flow_field_from_name(sort_field);
                if (!sort_by) {
                    ovs_fatal(0, "%s: unknown field for --sort", sort_field);
                }
            }
            /* Stable: ties keep the switch's order. */
            for (size_t i = 1; i < n_entries; i++) {
                for (size_t j = i; j > 0
                     && compare_entries(&entries[j - 1], &entries[j]) > 0;
                     j--) {
                    struct sort_entry tmp = entries[j];
                    entries[j] = entries[j - 1];
                    entries[j - 1] = tmp;
                }
            }
        }
        for (size_t i = 0; i < n_entries; i++) {
            struct ds s = DS_EMPTY_INITIALIZER;
            entries[i].fs.ofpacts = entries[i].ofpacts.data;
            if (sort_field) {
                /* Sorted dumps do not show ages (nor does the reference
                 * tool). */
                entries[i].fs.idle_age = entries[i].fs.hard_age = -1;
            }
            ofp_print_flow_stats(&s, &entries[i].fs, !no_stats);
            puts(ds_cstr(&s));
            ds_destroy(&s);
            ofpbuf_uninit(&entries[i].ofpacts);
        }
        free(entries);
    }
    vconn_free_replies(replies, n);
    vconn_close(vconn);
}

/* diff-flows and replace-flows.
 *
 * Both read two sets of flows (from a switch's dump or from a file in
 * add-flows syntax) into one map keyed by what identifies a flow in a
 * table (table, priority, match, as their text), with up to one version
 * from each side.  Two versions are equal if their cookies, timeouts,
 * importance and actions (as text, so that equivalent encodings compare
 * equal) are. */

struct flow_version {
    struct ofp_flow_spec fs;    /* Match, priority, table, cookie, ... */
    struct ofpbuf ofpacts;
    char *actions;              /* ofpacts as text. */
};

struct flow_entry {
    char *key;                  /* "table priority match". */
    struct flow_version *v[2];
};

static void
flow_table_add(struct shash *table, int side, const struct ofp_flow_spec *fs,
               const struct ofpbuf *ofpacts)
{
    struct flow_version *v = xzalloc(sizeof *v);
    struct ds key = DS_EMPTY_INITIALIZER;

    v->fs = *fs;
    if (v->fs.table_id == 0xff) {
        v->fs.table_id = 0;     /* Adds without "table=" go to table 0. */
    }
    ofpbuf_init(&v->ofpacts, ofpacts->size);
    ofpbuf_put(&v->ofpacts, ofpacts->data, ofpacts->size);
    v->actions = ofpacts_to_string(ofpacts->data, ofpacts->size);

    ds_put_format(&key, "%"PRIu8" %d ", v->fs.table_id, v->fs.priority);
    match_format(&v->fs.match, &key, OFP_DEFAULT_PRIORITY);
    struct flow_entry *e = shash_find_data(table, ds_cstr(&key));
    if (!e) {
        e = xzalloc(sizeof *e);
        e->key = ds_steal_cstr(&key);
        shash_add(table, e->key, e);
    } else {
        ds_destroy(&key);
    }
    if (e->v[side]) {
        /* A later duplicate replaces an earlier one, as add-flows would. */
        ofpbuf_uninit(&e->v[side]->ofpacts);
        free(e->v[side]->actions);
        free(e->v[side]);
    }
    e->v[side] = v;
}

static void
read_flows_from_file(const char *name, struct shash *table, int side)
{
    FILE *f = fopen(name, "r");
    struct ds line = DS_EMPTY_INITIALIZER;

    if (!f) {
        ovs_fatal(errno, "%s: open failed", name);
    }
    char *s;
    while (read_file_line(f, &line, &s)) {
        if (*s) {
            struct ofp_flow_spec fs;
            struct ofpbuf ofpacts;
            ofpbuf_init(&ofpacts, 64);
            char *err = ofp_flow_parse(s, OFPFC_ADD, &fs, &ofpacts);
            if (err) {
                ovs_fatal(0, "%s: %s", name, err);
            }
            flow_table_add(table, side, &fs, &ofpacts);
            ofpbuf_uninit(&ofpacts);
        }
    }
    fclose(f);
    ds_destroy(&line);
}

static void
read_flows_from_switch(const char *target, struct shash *table, int side)
{
    struct ofp_flow_stats_request r;
    struct ofpbuf **replies;
    size_t n;
    char *argv[] = { NULL, (char *) target, NULL };

    parse_flow_filter(2, argv, false, &r);
    struct vconn *vconn = open_vconn(target);
    enum ofp_protocol proto = dump_protocol(vconn);
    struct ofpbuf *req = ofp_encode_flow_stats_request(&r, proto);
    ((struct ofp_header *) req->data)->xid = vconn_alloc_xid();
    transact_multipart(vconn, req, &replies, &n);
    for (size_t i = 0; i < n; i++) {
        struct ofpbuf msg, ofpacts;
        ofpbuf_use_const(&msg, replies[i]->data, replies[i]->size);
        ofpbuf_init(&ofpacts, 64);
        for (;;) {
            struct ofp_flow_stats st;
            int error = ofp_flow_stats_pull(&st, &msg, &ofpacts);
            if (error) {
                if (error != EOF) {
                    ovs_fatal(0, "bad flow stats reply: %s",
                              ofperr_get_name(error));
                }
                break;
            }
            struct ofp_flow_spec fs;
            memset(&fs, 0, sizeof fs);
            fs.match = st.match;
            fs.priority = st.priority;
            fs.table_id = st.table_id;
            fs.cookie = st.cookie;
            fs.idle_timeout = st.idle_timeout;
            fs.hard_timeout = st.hard_timeout;
            fs.importance = st.importance;
            fs.flags = st.flags;
            flow_table_add(table, side, &fs, &ofpacts);
        }
        ofpbuf_uninit(&ofpacts);
    }
    vconn_free_replies(replies, n);
    vconn_close(vconn);
}

/* A source is a file if one of that name exists, else a switch. */
static void
read_flows(const char *source, struct shash *table, int side)
{
    struct stat st;
    if (!stat(source, &st) && S_ISREG(st.st_mode)) {
        read_flows_from_file(source, table, side);
    } else {
        read_flows_from_switch(source, table, side);
    }
}

static bool
flow_versions_equal(const struct flow_version *a,
                    const struct flow_version *b)
{
    return (a->fs.cookie == b->fs.cookie
            && a->fs.idle_timeout == b->fs.idle_timeout
            && a->fs.hard_timeout == b->fs.hard_timeout
            && a->fs.importance == b->fs.importance
            && !strcmp(a->actions, b->actions));
}

/* As the reference tool prints a flow in diff-flows: "table=N " unless
 * 0, the match with its priority, then cookie, timeouts, importance if
 * set, then the actions. */
static void
flow_version_format(const struct flow_version *v, struct ds *s)
{
    if (v->fs.table_id) {
        ds_put_format(s, "table=%"PRIu8" ", v->fs.table_id);
    }
    match_format(&v->fs.match, s, v->fs.priority);
    if (v->fs.cookie) {
        ds_put_format(s, " cookie=%#"PRIx64, ntohll(v->fs.cookie));
    }
    if (v->fs.idle_timeout) {
        ds_put_format(s, " idle_timeout=%"PRIu16, v->fs.idle_timeout);
    }
    if (v->fs.hard_timeout) {
        ds_put_format(s, " hard_timeout=%"PRIu16, v->fs.hard_timeout);
    }
    if (v->fs.importance) {
        ds_put_format(s, " importance=%"PRIu16, v->fs.importance);
    }
    ds_put_format(s, " actions=%s", v->actions);
}

static void
flow_table_destroy(struct shash *table)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, table) {
        struct flow_entry *e = node->data;
        for (int i = 0; i < 2; i++) {
            if (e->v[i]) {
                ofpbuf_uninit(&e->v[i]->ofpacts);
                free(e->v[i]->actions);
                free(e->v[i]);
            }
        }
        free(e->key);
        free(e);
    }
    shash_destroy(table);
}

/* diff-flows SOURCE1 SOURCE2: "-" lines for SOURCE1's versions and "+"
 * lines for SOURCE2's, for every flow that differs.  Exits 2 if some did
 * (0 if none). */
static void
cmd_diff_flows(int argc OVS_UNUSED, char *argv[])
{
    struct shash table = SHASH_INITIALIZER(&table);
    bool differ = false;

    read_flows(argv[1], &table, 0);
    read_flows(argv[2], &table, 1);

    const struct shash_node **nodes = shash_sort(&table);
    for (size_t i = 0; i < shash_count(&table); i++) {
        const struct flow_entry *e = nodes[i]->data;
        if (e->v[0] && e->v[1] && flow_versions_equal(e->v[0], e->v[1])) {
            continue;
        }
        differ = true;
        for (int side = 0; side < 2; side++) {
            if (e->v[side]) {
                struct ds s = DS_EMPTY_INITIALIZER;
                flow_version_format(e->v[side], &s);
                printf("%c%s\n", side ? '+' : '-', ds_cstr(&s));
                ds_destroy(&s);
            }
        }
    }
    free(nodes);
    flow_table_destroy(&table);
    exit(differ ? 2 : 0);
}

static void
add_flow_mod_from_version(struct flow_mod_list *l,
                          const struct flow_version *v, int command)
{
    if (l->n >= l->allocated) {
        l->fms = x2nrealloc(l->fms, &l->allocated, sizeof *l->fms);
        l->ofpacts = xrealloc(l->ofpacts, l->allocated * sizeof *l->ofpacts);
    }
    struct ofp_flow_mod *fm = &l->fms[l->n];
    struct ofpbuf *ofpacts = &l->ofpacts[l->n];
    memset(fm, 0, sizeof *fm);
    fm->fs = v->fs;
    fm->fs.cookie_mask = 0;
    fm->fs.out_port = OFPP_NONE;
    fm->fs.out_group = UINT32_MAX;
    if (command == OFPFC_ADD) {
        fm->fs.cookie_mask = v->fs.cookie ? OVS_BE64_MAX : 0;
    } else {
        fm->fs.cookie = 0;
    }
    fm->command = command;
    fm->buffer_id = UINT32_MAX;
    fm->new_cookie = OVS_BE64_MAX;
    ofpbuf_init(ofpacts, v->ofpacts.size);
    if (command == OFPFC_ADD) {
        ofpbuf_put(ofpacts, v->ofpacts.data, v->ofpacts.size);
    }
    l->n++;
}

/* replace-flows SWITCH FILE: deletes (strictly) the switch's flows that
 * FILE lacks, then adds FILE's flows that the switch lacks or has in
 * another version; flows that are the same are left alone (their
 * counters keep counting). */
static void
cmd_replace_flows(int argc OVS_UNUSED, char *argv[])
{
    struct shash table = SHASH_INITIALIZER(&table);
    struct flow_mod_list l = { NULL, NULL, 0, 0 };

    read_flows_from_file(argv[2], &table, 1);
    read_flows_from_switch(argv[1], &table, 0);

    const struct shash_node **nodes = shash_sort(&table);
    for (size_t i = 0; i < shash_count(&table); i++) {
        const struct flow_entry *e = nodes[i]->data;
        if (e->v[0] && !e->v[1]) {
            add_flow_mod_from_version(&l, e->v[0], OFPFC_DELETE_STRICT);
        }
    }
    for (size_t i = 0; i < shash_count(&table); i++) {
        const struct flow_entry *e = nodes[i]->data;
        if (e->v[1] && (!e->v[0] || !flow_versions_equal(e->v[0], e->v[1]))) {
            add_flow_mod_from_version(&l, e->v[1], OFPFC_ADD);
        }
    }
    free(nodes);
    if (l.n) {
        send_flow_mods(argv[1], &l);
    }
    flow_table_destroy(&table);
}

static void
cmd_dump_aggregate(int argc, char *argv[])
{
    struct ofp_flow_stats_request r;

    parse_flow_filter(argc, argv, true, &r);
    struct vconn *vconn = open_vconn(argv[1]);
    enum ofp_protocol proto = dump_protocol(vconn);
    struct ofpbuf *req = ofp_encode_flow_stats_request(&r, proto);
    ((struct ofp_header *) req->data)->xid = vconn_alloc_xid();
    multipart_and_print(vconn, req);
    vconn_close(vconn);
}

/* packet-out SWITCH IN_PORT ACTIONS PACKET... (each PACKET in hex). */
static void
cmd_packet_out(int argc, char *argv[])
{
    struct ofpbuf ofpacts;
    struct vconn *vconn;

    if (argc < 5) {
        ovs_fatal(0, "packet-out needs SWITCH IN_PORT ACTIONS PACKET...");
    }
    ofpbuf_init(&ofpacts, 64);
    char *err = ofpacts_parse(argv[3], &ofpacts);
    if (err) {
        ovs_fatal(0, "%s", err);
    }
    uint16_t in_port = (!strcasecmp(argv[2], "none") ? OFPP_NONE
                        : parse_port(argv[2]));
    vconn = open_vconn(argv[1]);
    int v = vconn_version(vconn);
    size_t n = argc - 4;
    struct ofpbuf **msgs = xmalloc(n * sizeof *msgs);
    for (size_t i = 0; i < n; i++) {
        struct ofpbuf packet;
        ofpbuf_init(&packet, 64);
        if (*ofpbuf_put_hex(&packet, argv[4 + i], NULL)) {
            ovs_fatal(0, "%s: trailing garbage in packet data", argv[4 + i]);
        }
        struct ofp_packet_out po = {
            .buffer_id = UINT32_MAX, .in_port = in_port,
            .ofpacts = ofpacts.data, .ofpacts_len = ofpacts.size,
            .packet = packet.data, .packet_len = packet.size,
        };
        msgs[i] = ofp_encode_packet_out(&po, v);
        ((struct ofp_header *) msgs[i]->data)->xid = vconn_alloc_xid();
        ofpbuf_uninit(&packet);
    }
    transact_noreply(vconn, msgs, n);
    free(msgs);
    ofpbuf_uninit(&ofpacts);
    vconn_close(vconn);
}

struct command {
    const char *name;
    int min_args, max_args;
    void (*handler)(int argc, char *argv[]);
};

/* Groups (OpenFlow 1.1+; bucket commands 1.5+). */

/* Opens 'target' and checks that its version has group messages. */
static struct vconn *
open_group_vconn(const char *target, const char *command, int min_version)
{
    struct vconn *vconn = open_vconn(target);
    int v = vconn_version(vconn);

    if (v < min_version) {
        ovs_fatal(0, "%s needs OpenFlow %s or later ('-O %s')", command,
                  ofp_version_to_short_string(min_version),
                  ofp_version_to_string(min_version));
    }
    return vconn;
}

static void
parse_group_or_die(struct ofp_group_mod *gm, uint16_t command,
                   const char *s)
{
    char *error = ofp_group_mod_parse(gm, command, s);
    if (error) {
        ovs_fatal(0, "%s", error);
    }
}

/* Sends the group_mods in 'gms' (taking their descriptions) with a
 * barrier; exits with the switch's error if one fails. */
static void
send_group_mods(const char *target, const char *command,
                struct ofp_group_mod *gms, size_t n)
{
    bool bucket_cmd = false;

    for (size_t i = 0; i < n; i++) {
        if (gms[i].command == OFPGC_INSERT_BUCKET
            || gms[i].command == OFPGC_REMOVE_BUCKET) {
            bucket_cmd = true;
        }
    }
    struct vconn *vconn = open_group_vconn(
        target, command, bucket_cmd ? OFP15_VERSION : OFP10_VERSION);
    int v = vconn_version(vconn);
    struct ofpbuf **msgs = xmalloc(MAX(n, 1) * sizeof *msgs);

    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < gms[i].gd.n_buckets; j++) {
            const struct ofp_bucket *bk = &gms[i].gd.buckets[j];
            if (!ofpacts_openflow_encodable(bk->ofpacts, bk->ofpacts_len,
                                            v)) {
                char *acts = ofpacts_to_string(bk->ofpacts,
                                               bk->ofpacts_len);
                ovs_fatal(0, "actions=%s: not expressible in %s", acts,
                          ofp_version_to_string(v));
            }
        }
        msgs[i] = ofp_group_mod_encode(&gms[i], v);
        ((struct ofp_header *) msgs[i]->data)->xid = vconn_alloc_xid();
        ofp_group_desc_uninit(&gms[i].gd);
    }
    if (n) {
        send_mods(vconn, msgs, n);
    }
    free(msgs);
    vconn_close(vconn);
}

static void
cmd_group_mod(char *argv[], const char *command, uint16_t gmc,
              const char *group)
{
    struct ofp_group_mod gm;

    parse_group_or_die(&gm, gmc, group);
    send_group_mods(argv[1], command, &gm, 1);
}

static void
cmd_add_group(int argc OVS_UNUSED, char *argv[])
{
    cmd_group_mod(argv, "add-group", OFPGC_ADD, argv[2]);
}

static void
cmd_mod_group(int argc OVS_UNUSED, char *argv[])
{
    cmd_group_mod(argv, "mod-group",
                  may_create ? OFPGC_ADD_OR_MOD : OFPGC_MODIFY, argv[2]);
}

static void
cmd_del_groups(int argc, char *argv[])
{
    cmd_group_mod(argv, "del-groups", OFPGC_DELETE, argc > 2 ? argv[2] : "");
}

static void
cmd_insert_buckets(int argc OVS_UNUSED, char *argv[])
{
    cmd_group_mod(argv, "insert-bucket", OFPGC_INSERT_BUCKET, argv[2]);
}

static void
cmd_remove_buckets(int argc OVS_UNUSED, char *argv[])
{
    cmd_group_mod(argv, "remove-bucket", OFPGC_REMOVE_BUCKET, argv[2]);
}

static void
cmd_add_groups(int argc OVS_UNUSED, char *argv[])
{
    FILE *f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
    struct ds line = DS_EMPTY_INITIALIZER;
    struct ofp_group_mod *gms = NULL;
    size_t n = 0, allocated = 0;

    if (!f) {
        ovs_fatal(errno, "%s: open failed", argv[2]);
    }
    char *s;
    while (read_file_line(f, &line, &s)) {
        if (*s) {
            if (n >= allocated) {
                gms = x2nrealloc(gms, &allocated, sizeof *gms);
            }
            parse_group_or_die(&gms[n++], OFPGC_ADD, s);
        }
    }
    if (f != stdin) {
        fclose(f);
    }
    ds_destroy(&line);
    send_group_mods(argv[1], "add-groups", gms, n);
    free(gms);
}

static void
cmd_dump_groups(int argc, char *argv[])
{
    struct vconn *vconn = open_group_vconn(argv[1], "dump-groups",
                                           OFP10_VERSION);
    uint32_t group_id = OFPG_ALL;

    if (argc > 2) {
        struct ofp_group_mod gm;
        char *s = xasprintf("group_id=%s", argv[2]);
        char *error = ofp_group_mod_parse(&gm, OFPGC_DELETE, s);

        /* As the reference tool: a bad id is a warning, and all groups
         * are dumped. */
        if (error) {
            fprintf(stderr, "%s: %s is not a valid group ID.  (Valid "
                    "group IDs are 32-bit nonnegative integers or the "
                    "keywords ANY or ALL.)\n", program_name, argv[2]);
            free(error);
        } else {
            group_id = gm.gd.group_id;
            ofp_group_desc_uninit(&gm.gd);
        }
        free(s);
    }
    struct ofpbuf *request = ofp_group_desc_request_encode(
        vconn_version(vconn), group_id);
    ((struct ofp_header *) request->data)->xid = vconn_alloc_xid();
    multipart_and_print(vconn, request);
    vconn_close(vconn);
}

static void
cmd_dump_group_stats(int argc, char *argv[])
{
    uint32_t group_id = OFPG_ALL;

    if (argc > 2) {
        struct ofp_group_mod gm;
        parse_group_or_die(&gm, OFPGC_DELETE, argv[2]);
        group_id = gm.gd.group_id;
        ofp_group_desc_uninit(&gm.gd);
    }
    struct vconn *vconn = open_group_vconn(argv[1], "dump-group-stats",
                                           OFP10_VERSION);
    struct ofpbuf *request = ofp_group_stats_request_encode(
        vconn_version(vconn), group_id);
    ((struct ofp_header *) request->data)->xid = vconn_alloc_xid();
    multipart_and_print(vconn, request);
    vconn_close(vconn);
}

static void
cmd_dump_group_features(int argc OVS_UNUSED, char *argv[])
{
    struct vconn *vconn = open_group_vconn(argv[1], "dump-group-features",
                                           OFP10_VERSION);
    multipart_and_print(vconn, ofpmsg_new(OFPTYPE_GROUP_FEATURES_STATS_REQUEST,
                                          vconn_version(vconn),
                                          vconn_alloc_xid(), 0));
    vconn_close(vconn);
}

/* Meters (OpenFlow 1.3+). */

/* Parses 'arg' (NULL: none) as a meter id argument or exits. */
static uint32_t
parse_meter_id_or_die(const char *arg)
{
    uint32_t meter_id = OFPM_ALL;
    char *error = ofp_meter_id_parse(arg, &meter_id);

    if (error) {
        ovs_fatal(0, "%s", error);
    }
    return meter_id;
}

static void
cmd_meter_mod(char *argv[], const char *command, uint16_t mmc,
              const char *meter)
{
    struct ofp_meter_mod mm;
    char *error = ofp_meter_mod_parse(&mm, mmc, meter);

    if (error) {
        ovs_fatal(0, "%s", error);
    }
    struct vconn *vconn = open_group_vconn(argv[1], command, OFP13_VERSION);
    struct ofpbuf *msg = ofp_meter_mod_encode(&mm, vconn_version(vconn));

    ((struct ofp_header *) msg->data)->xid = vconn_alloc_xid();
    ofp_meter_config_uninit(&mm.meter);
    transact_noreply(vconn, &msg, 1);
    vconn_close(vconn);
}

static void
cmd_add_meter(int argc OVS_UNUSED, char *argv[])
{
    cmd_meter_mod(argv, "add-meter", OFPMC_ADD, argv[2]);
}

static void
cmd_mod_meter(int argc OVS_UNUSED, char *argv[])
{
    cmd_meter_mod(argv, "mod-meter", OFPMC_MODIFY, argv[2]);
}

static void
cmd_del_meters(int argc, char *argv[])
{
    cmd_meter_mod(argv, argc > 2 ? "del-meter" : "del-meters", OFPMC_DELETE,
                  argc > 2 ? argv[2] : "");
}

/* dump-meters, dump-meter and meter-stats: a 'type' request for the
 * meter of the optional argument.  As with the reference tool, an error
 * reply (a meter that does not exist) is printed like any reply, on
 * stdout, and is not a failure. */
static void
meter_request(int argc, char *argv[], const char *command,
              enum ofptype type)
{
    uint32_t meter_id = parse_meter_id_or_die(argc > 2 ? argv[2] : NULL);
    struct vconn *vconn = open_group_vconn(argv[1], command, OFP13_VERSION);
    struct ofpbuf *request = ofp_meter_request_encode(
        type, vconn_version(vconn), meter_id);
    struct ofpbuf **replies;
    size_t n;

    ((struct ofp_header *) request->data)->xid = vconn_alloc_xid();
    int error = vconn_transact_multipart(vconn, request, &replies, &n);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    for (size_t i = 0; i < n; i++) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ofp_print_msg(&s, replies[i]->data, replies[i]->size);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
    }
    vconn_free_replies(replies, n);
    vconn_close(vconn);
}

static void
cmd_dump_meters(int argc, char *argv[])
{
    meter_request(argc, argv, "dump-meters",
                  OFPTYPE_METER_CONFIG_STATS_REQUEST);
}

static void
cmd_meter_stats(int argc, char *argv[])
{
    meter_request(argc, argv, "meter-stats", OFPTYPE_METER_STATS_REQUEST);
}

static void
cmd_meter_features(int argc OVS_UNUSED, char *argv[])
{
    struct vconn *vconn = open_group_vconn(argv[1], "meter-features",
                                           OFP13_VERSION);
    struct ofpbuf *request = ofp_meter_features_request_encode(
        vconn_version(vconn));

    ((struct ofp_header *) request->data)->xid = vconn_alloc_xid();
    multipart_and_print(vconn, request);
    vconn_close(vconn);
}

/* monitor and snoop. */

/* Prints 'msg' on stderr as the reference tool's monitor does (stderr is
 * unbuffered, so each message shows as soon as it comes). */
static void
print_received(const struct ofpbuf *msg)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    if (timestamp) {
        char *now = xastrftime_msec("%Y-%m-%d %H:%M:%S.###: ",
                                    time_wall_msec(), true);
        ds_put_cstr(&s, now);
        free(now);
    }
    ofp_print_msg(&s, msg->data, msg->size);
    fputs(ds_cstr(&s), stderr);
    ds_destroy(&s);
}

/* Detaches if --detach was given.  Our daemon library points the
 * standard streams at /dev/null, but what a monitor prints is its whole
 * point: stderr is kept. */
static void
monitor_daemonize(void)
{
    int saved = dup(STDERR_FILENO);
    daemonize();
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
}

/* Prints every message received on 'vconn' until the connection closes;
 * answers echo requests so that the switch keeps the connection. */
static void
monitor_vconn(struct vconn *vconn)
{
    for (;;) {
        struct ofpbuf *msg;
        int error = vconn_recv_block(vconn, &msg);
        if (error == EOF) {
            break;
        } else if (error) {
            ovs_fatal(error, "%s: receive failed", vconn_get_name(vconn));
        }
        print_received(msg);
        enum ofptype type;
        if (!ofptype_decode(&type, msg->data, msg->size)
            && type == OFPTYPE_ECHO_REQUEST) {
            error = vconn_send_block(vconn, ofp_encode_echo_reply(msg->data));
            if (error) {
                ovs_fatal(error, "%s: send failed", vconn_get_name(vconn));
            }
        } else if (monitor_resume && !ofptype_decode(&type, msg->data,
                                                     msg->size)
                   && type == OFPTYPE_NXT_PACKET_IN2) {
            /* "resume": a paused packet goes straight back, shown as the
             * reference tool shows it. */
            struct ofpbuf *resume = ofp_encode_resume(msg->data);
            if (resume) {
                struct ds s = DS_EMPTY_INITIALIZER;
                ds_put_cstr(&s, "send: ");
                ofp_print_msg(&s, resume->data, resume->size);
                fputs(ds_cstr(&s), stderr);
                ds_destroy(&s);
                error = vconn_send_block(vconn, resume);
                if (error) {
                    ovs_fatal(error, "%s: send failed",
                              vconn_get_name(vconn));
                }
            }
        }
        ofpbuf_delete(msg);
    }
    vconn_close(vconn);
}

/* Sends 'request' with a barrier; true if the switch accepted it. */
static bool
try_request(struct vconn *vconn, struct ofpbuf *request)
{
    struct ofpbuf *reply;
    ((struct ofp_header *) request->data)->xid = vconn_alloc_xid();
    int error = vconn_transact_noreply(vconn, request, &reply);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    bool accepted = !reply;
    ofpbuf_delete(reply);
    return accepted;
}

static struct ofp_switch_config
fetch_switch_config(struct vconn *vconn)
{
    struct ofp_switch_config sc;
    struct ofpbuf *reply;
    int error = vconn_transact(vconn,
                               ofpmsg_new(OFPTYPE_GET_CONFIG_REQUEST,
                                          vconn_version(vconn),
                                          vconn_alloc_xid(), 0), &reply);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    if (is_error(reply)) {
        die_on_error_reply(reply);
    }
    if (ofp_decode_switch_config(reply->data, &sc)) {
        ovs_fatal(0, "bad OFPT_GET_CONFIG_REPLY");
    }
    ofpbuf_delete(reply);
    return sc;
}

/* OFPC_INVALID_TTL_TO_CONTROLLER, in the SET_CONFIG flags of 1.0-1.2. */
#define INVALID_TTL_TO_CONTROLLER (1 << 2)

/* Sends flow monitor request 'rq' and prints the replies (the flows it
 * selects now) on stdout, as the reference tool does.  If the switch
 * refuses it, the error is printed like any other message received, and
 * monitoring goes on, as with the reference tool. */
static void
start_flow_monitor(struct vconn *vconn, const struct ofp_monitor_request *rq)
{
    struct ofpbuf *request = ofp_monitor_request_encode(rq,
                                                        vconn_version(vconn));
    struct ofpbuf **replies;
    size_t n;

    /* The reference tool spends xids 1 to 5 looking up table and port
     * names on other connections before its first request: the same
     * xids make the same output. */
    ovs_be32 xid;
    do {
        xid = vconn_alloc_xid();
    } while (ntohl(xid) < 6);
    ((struct ofp_header *) request->data)->xid = xid;
    int error = vconn_transact_multipart(vconn, request, &replies, &n);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    for (size_t i = 0; i < n; i++) {
        if (is_error(replies[i])) {
            print_received(replies[i]);
            continue;
        }
        struct ds s = DS_EMPTY_INITIALIZER;
        ofp_print_msg(&s, replies[i]->data, replies[i]->size);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
    }
    fflush(stdout);
    vconn_free_replies(replies, n);
}

static void
cmd_monitor(int argc, char *argv[])
{
    int miss_send_len = -1;
    bool invalid_ttl = false;
    struct ofp_monitor_request *watches = NULL;
    size_t n_watches = 0;

    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        unsigned int n;
        if (str_to_uint(arg, 10, &n) && n <= UINT16_MAX) {
            miss_send_len = n;
        } else if (!strcmp(arg, "invalid_ttl")) {
            invalid_ttl = true;
        } else if (!strcmp(arg, "resume")) {
            monitor_resume = true;
        } else if (!strncmp(arg, "watch:", 6)) {
            /* A flow monitor; ids count from 0, as the reference tool's
             * do. */
            watches = xrealloc(watches, (n_watches + 1) * sizeof *watches);
            char *error = ofp_monitor_request_parse(arg + 6,
                                                    &watches[n_watches]);
            if (error) {
                ovs_fatal(0, "%s", error);
            }
            watches[n_watches].id = n_watches;
            n_watches++;
        } else {
            ovs_fatal(0, "%s: unsupported \"monitor\" argument", arg);
        }
    }
    if (invalid_ttl
        && !(allowed_versions & (OFP_VERSION_BIT(OFP10_VERSION)
                                 | OFP_VERSION_BIT(OFP11_VERSION)
                                 | OFP_VERSION_BIT(OFP12_VERSION)))) {
        ovs_fatal(0, "invalid_ttl requires one of the OpenFlow versions "
                  "OpenFlow10, OpenFlow11, OpenFlow12 but none is enabled "
                  "(use -O)");
    }

    struct vconn *vconn = open_vconn(argv[1]);
    int version = vconn_version(vconn);
    if (miss_send_len >= 0 || invalid_ttl) {
        struct ofp_switch_config sc = fetch_switch_config(vconn);
        if (miss_send_len >= 0) {
            sc.miss_send_len = miss_send_len;
        }
        if (invalid_ttl) {
            sc.flags |= INVALID_TTL_TO_CONTROLLER;
        }
        struct ofpbuf *set = ofp_encode_switch_config(OFPTYPE_SET_CONFIG,
                                                      version,
                                                      vconn_alloc_xid(),
                                                      &sc);
        struct ofpbuf *reply;
        int error = vconn_transact_noreply(vconn, set, &reply);
        if (error) {
            ovs_fatal(error, "transaction failed");
        }
        if (reply) {
            die_on_error_reply(reply);
        }
        if (invalid_ttl
            && !(fetch_switch_config(vconn).flags
                 & INVALID_TTL_TO_CONTROLLER)) {
            ovs_fatal(0, "setting invalid_ttl_to_controller failed (this "
                      "switch probably doesn't support this flag)");
        }
    }

    for (size_t i = 0; i < n_watches; i++) {
        start_flow_monitor(vconn, &watches[i]);
    }
    free(watches);

    /* The richest packet-in format the switch accepts, as the reference
     * tool asks: NXT_PACKET_IN2, else on OpenFlow 1.0 NXT_PACKET_IN (it
     * carries the cookie, table and metadata that the 1.0 packet-in
     * lacks), else the standard one. */
    if (!try_request(vconn, ofp_encode_set_packet_in_format(
                         version, NXPIF_NXT_PACKET_IN2))
        && version == OFP10_VERSION) {
        try_request(vconn, ofp_encode_set_packet_in_format(
                        version, NXPIF_NXT_PACKET_IN));
    }

    monitor_daemonize();
    monitor_vconn(vconn);
}

static void
cmd_snoop(int argc OVS_UNUSED, char *argv[])
{
    const char *target = argv[1];
    struct vconn *vconn;
    char *name;

    if (strchr(target, ':')) {
        name = xstrdup(target);
    } else {
        name = xasprintf("unix:%s/%s.snoop", ovs_rundir(), target);
    }
    /* The switch copies messages of whatever version its controllers
     * speak: we receive (and print) them all. */
    int error = vconn_open_block(name, allowed_versions, &vconn);
    free(name);
    if (error) {
        ovs_fatal(error, "%s: failed to connect to socket", target);
    }
    monitor_daemonize();
    monitor_vconn(vconn);
}

/* ofp-print HEX [VERBOSITY]: decodes one message given in hex (spaces
 * allowed), as monitor and snoop print them.  The verbosity is accepted
 * and ignored: there is one level. */
static void
cmd_ofp_print(int argc, char *argv[])
{
    struct ofpbuf *msg = ofpbuf_new(strlen(argv[1]) / 2);
    unsigned int verbosity;

    if (argc > 2 && !str_to_uint(argv[2], 10, &verbosity)) {
        ovs_fatal(0, "%s: bad verbosity", argv[2]);
    }
    if (*ofpbuf_put_hex(msg, argv[1], NULL)) {
        ovs_fatal(0, "trailing garbage following hex bytes");
    }
    if (msg->size < 8) {
        ovs_fatal(0, "OpenFlow message too short (%zu bytes)", msg->size);
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_print_msg(&s, msg->data, msg->size);
    fputs(ds_cstr(&s), stdout);
    ds_destroy(&s);
    ofpbuf_delete(msg);
}

static const struct command commands[] = {
    { "show", 1, 1, cmd_show },
    { "dump-desc", 1, 1, cmd_dump_desc },
    { "dump-tables", 1, 1, cmd_dump_tables },
    { "dump-ports", 1, 2, cmd_dump_ports },
    { "dump-ports-desc", 1, 1, cmd_dump_ports_desc },
    { "dump-flows", 1, 2, cmd_dump_flows },
    { "dump-aggregate", 1, 2, cmd_dump_aggregate },
    { "add-flow", 2, 2, cmd_add_flow },
    { "add-flows", 2, 2, cmd_add_flows },
    { "mod-flows", 2, 2, cmd_mod_flows },
    { "del-flows", 1, 2, cmd_del_flows },
    { "packet-out", 4, INT_MAX, cmd_packet_out },
    { "add-group", 2, 2, cmd_add_group },
    { "add-groups", 2, 2, cmd_add_groups },
    { "mod-group", 2, 2, cmd_mod_group },
    { "del-groups", 1, 2, cmd_del_groups },
    { "insert-buckets", 2, 2, cmd_insert_buckets },
    { "remove-buckets", 2, 2, cmd_remove_buckets },
    { "dump-groups", 1, 2, cmd_dump_groups },
    { "dump-group-stats", 1, 2, cmd_dump_group_stats },
    { "dump-group-features", 1, 1, cmd_dump_group_features },
    { "add-meter", 2, 2, cmd_add_meter },
    { "mod-meter", 2, 2, cmd_mod_meter },
    { "del-meter", 2, 2, cmd_del_meters },
    { "del-meters", 1, 2, cmd_del_meters },
    { "dump-meter", 2, 2, cmd_dump_meters },
    { "dump-meters", 1, 2, cmd_dump_meters },
    { "meter-stats", 1, 2, cmd_meter_stats },
    { "meter-features", 1, 1, cmd_meter_features },
    { "mod-port", 3, 3, cmd_mod_port },
    { "mod-table", 3, 3, cmd_mod_table },
    { "diff-flows", 2, 2, cmd_diff_flows },
    { "replace-flows", 2, 2, cmd_replace_flows },
    { "monitor", 1, 4, cmd_monitor },
    { "snoop", 1, 1, cmd_snoop },
    { "ofp-print", 1, 2, cmd_ofp_print },
};

int
main(int argc, char *argv[])
{
    enum {
        OPT_STRICT = UCHAR_MAX + 1,
        OPT_SORT,
        OPT_RSORT,
        OPT_NO_STATS,
        OPT_NAMES,
        OPT_NO_NAMES,
        OPT_MAY_CREATE,
        OPT_TIMESTAMP,
        OPT_BUNDLE,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"protocols", required_argument, NULL, 'O'},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"sort", optional_argument, NULL, OPT_SORT},
        {"rsort", optional_argument, NULL, OPT_RSORT},
        {"no-stats", no_argument, NULL, OPT_NO_STATS},
        {"names", no_argument, NULL, OPT_NAMES},
        {"no-names", no_argument, NULL, OPT_NO_NAMES},
        {"may-create", no_argument, NULL, OPT_MAY_CREATE},
        {"timestamp", no_argument, NULL, OPT_TIMESTAMP},
        {"bundle", no_argument, NULL, OPT_BUNDLE},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };

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
        case 'O': {
            char *err = ofp_versions_from_string(optarg, &allowed_versions);
            if (err) {
                ovs_fatal(0, "%s", err);
            }
            if (!allowed_versions) {
                ovs_fatal(0, "-O needs at least one version");
            }
            break;
        }
        case OPT_STRICT:
            strict = true;
            break;
        case OPT_SORT:
        case OPT_RSORT:
            free(sort_field);
            sort_field = xstrdup(optarg ? optarg : "");
            sort_reverse = option == OPT_RSORT;
            break;
        case OPT_NO_STATS:
            no_stats = true;
            break;
        case OPT_NAMES:
        case OPT_NO_NAMES:
            break;
        case OPT_TIMESTAMP:
            timestamp = true;
            break;
        case OPT_BUNDLE:
            bundle = true;
            break;
        case OPT_MAY_CREATE:
            may_create = true;
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
            printf("OpenFlow versions %#x:%#x\n", OFP_MIN_VERSION,
                   OFP_MAX_VERSION);
            exit(EXIT_SUCCESS);

        VLOG_OPTION_HANDLERS
        DAEMON_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);
        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);
    if (bundle && !(allowed_versions & ~(OFP_VERSION_BIT(OFP13_VERSION)
                                         - 1))) {
        /* Bundles need 1.3 (ONF extension) or later; as Open vSwitch's
         * ovs-ofctl does, --bundle alone brings in OpenFlow 1.4. */
        allowed_versions |= OFP_VERSION_BIT(OFP14_VERSION);
    }

    if (optind >= argc) {
        ovs_fatal(0, "missing command name; use --help for help");
    }
    const char *name = argv[optind];
    int n_args = argc - optind - 1;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        const struct command *c = &commands[i];
        if (!strcmp(c->name, name)) {
            if (n_args < c->min_args) {
                ovs_fatal(0, "'%s' command requires at least %d arguments",
                          name, c->min_args);
            }
            if (n_args > c->max_args) {
                ovs_fatal(0, "'%s' command takes at most %d arguments",
                          name, c->max_args);
            }
            c->handler(n_args + 1, argv + optind);
            free(sort_field);
            return 0;
        }
    }
    ovs_fatal(0, "unknown command '%s'; use --help for help", name);
}
