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
 * dumps on 1.0 always use NXM (NXST_FLOW), which carries idle ages. */
#include <config.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dirs.h"
#include "dynamic-string.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofp-print.h"
#include "ofpbuf.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"

/* Command-line options. */
static uint32_t allowed_versions = OFP_VERSION_BIT(OFP10_VERSION);
static bool no_stats;
static char *sort_field;        /* --sort or --rsort field, or NULL. */
static bool sort_reverse;
static bool strict;

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
           "\nSWITCH is a bridge name (connects to RUNDIR/BRIDGE.mgmt) or a\n"
           "connection method: unix:FILE, tcp:IP[:PORT].\n"
           "\nOptions:\n"
           "  -O, --protocols=LIST        allowed OpenFlow versions\n"
           "  --strict                    use strict match for flow commands\n"
           "  --sort[=FIELD]              sort dump-flows output\n"
           "  --rsort[=FIELD]             reverse-sort dump-flows output\n"
           "  --no-stats                  omit statistics in dump-flows\n"
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

/* Flow mods. */

struct flow_mod_list {
    struct ofp_flow_mod *fms;
    struct ofpbuf *ofpacts;     /* One per flow_mod. */
    size_t n, allocated;
};

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
        && fm->fs.cookie_mask == OVS_BE64_MAX) {
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
    }
    set_protocol(vconn, proto);

    struct ofpbuf **msgs = xmalloc(MAX(l->n, 1) * sizeof *msgs);
    for (size_t i = 0; i < l->n; i++) {
        msgs[i] = ofp_encode_flow_mod(&l->fms[i], proto);
        ((struct ofp_header *) msgs[i]->data)->xid = vconn_alloc_xid();
    }
    if (l->n) {
        transact_noreply(vconn, msgs, l->n);
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

static void
cmd_add_flows(int argc OVS_UNUSED, char *argv[])
{
    struct flow_mod_list l = { NULL, NULL, 0, 0 };
    FILE *f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
    struct ds line = DS_EMPTY_INITIALIZER;
    int c;

    if (!f) {
        ovs_fatal(errno, "%s: open failed", argv[2]);
    }
    for (;;) {
        ds_clear(&line);
        while ((c = getc(f)) != EOF && c != '\n') {
            ds_put_char(&line, c);
        }
        char *s = ds_cstr(&line);
        char *hash = strchr(s, '#');
        if (hash) {
            *hash = '\0';
        }
        s += strspn(s, " \t\r");
        if (*s) {
            add_flow_mod(&l, s, OFPFC_ADD);
        }
        if (c == EOF) {
            break;
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
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
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
