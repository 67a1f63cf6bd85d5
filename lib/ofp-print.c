/* ofp-print.c -- OpenFlow messages as text (see ofp-print.h).
 *
 * The formats are those of "ovs-ofctl ofp-print" and ovs-ofctl's
 * commands, so that our ovs-ofctl's output can be compared line by line
 * with the reference tool's (tests/ovs-ofctl.at).  Each message is first
 * decoded with lib/ofp-msgs.h; a message that fails to decode is printed
 * as "***decode error: NAME***". */
#include <config.h>
#include "ofp-print.h"
#include "ofp-bundle.h"
#include "ofp-group.h"
#include "ofp-meter.h"
#include "ofp-monitor.h"
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dp-packet.h"
#include "dynamic-string.h"
#include "flow.h"
#include "match.h"
#include <netinet/in.h>
#include "ofp-actions.h"
#include "ofp-bytes.h"
#include "ofpbuf.h"
#include "util.h"

void
ofp_format_port(struct ds *s, uint16_t port)
{
    static const struct { uint16_t port; const char *name; } names[] = {
        { OFPP_IN_PORT, "IN_PORT" }, { OFPP_TABLE, "TABLE" },
        { OFPP_NORMAL, "NORMAL" }, { OFPP_FLOOD, "FLOOD" },
        { OFPP_ALL, "ALL" }, { OFPP_CONTROLLER, "CONTROLLER" },
        { OFPP_LOCAL, "LOCAL" }, { OFPP_NONE, "ANY" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (names[i].port == port) {
            ds_put_cstr(s, names[i].name);
            return;
        }
    }
    ds_put_format(s, "%"PRIu16, port);
}

/* The reference tool's name for a message not named above, from its
 * type's name: "OFPT_FEATURES_REQUEST", "OFPST_QUEUE request",
 * "NXT_SET_FLOW_FORMAT"... */
static const char *
default_msg_name(enum ofptype type, bool nx)
{
    static _Thread_local char buf[64];
    const char *name = ofptype_get_name(type);
    size_t len = strlen(name);
    static const char req[] = "_STATS_REQUEST", rep[] = "_STATS_REPLY";

    if (!strncmp(name, "NXT_", 4)) {
        return name;
    } else if (len > sizeof req - 1
               && !strcmp(name + len - (sizeof req - 1), req)) {
        snprintf(buf, sizeof buf, "%s_%.*s request", nx ? "NXST" : "OFPST",
                 (int) (len - (sizeof req - 1)), name);
    } else if (len > sizeof rep - 1
               && !strcmp(name + len - (sizeof rep - 1), rep)) {
        snprintf(buf, sizeof buf, "%s_%.*s reply", nx ? "NXST" : "OFPST",
                 (int) (len - (sizeof rep - 1)), name);
    } else if (type >= OFPTYPE_SET_FLOW_FORMAT) {
        snprintf(buf, sizeof buf, "NXT_%s", name);
    } else if (type == OFPTYPE_SET_ASYNC_CONFIG) {
        return "OFPT_SET_ASYNC";
    } else {
        snprintf(buf, sizeof buf, "%s_%s", nx ? "NXT" : "OFPT", name);
    }
    return buf;
}

const char *
ofp_msg_name(const struct ofp_header *oh)
{
    enum ofptype type;
    bool nx = ofpmsg_is_nicira(oh);

    if (ofptype_decode(&type, oh, ntohs(oh->length))) {
        return "OFPT_UNKNOWN";
    }
    switch (type) {
    case OFPTYPE_FEATURES_REPLY: return "OFPT_FEATURES_REPLY";
    case OFPTYPE_GET_CONFIG_REPLY: return "OFPT_GET_CONFIG_REPLY";
    case OFPTYPE_ERROR: return "OFPT_ERROR";
    case OFPTYPE_ECHO_REPLY: return "OFPT_ECHO_REPLY";
    case OFPTYPE_BARRIER_REPLY: return "OFPT_BARRIER_REPLY";
    case OFPTYPE_PACKET_IN: return nx ? "NXT_PACKET_IN" : "OFPT_PACKET_IN";
    case OFPTYPE_FLOW_REMOVED:
        return nx ? "NXT_FLOW_REMOVED" : "OFPT_FLOW_REMOVED";
    case OFPTYPE_PORT_STATUS: return "OFPT_PORT_STATUS";
    case OFPTYPE_FLOW_MOD: return nx ? "NXT_FLOW_MOD" : "OFPT_FLOW_MOD";
    case OFPTYPE_DESC_STATS_REPLY: return "OFPST_DESC reply";
    case OFPTYPE_FLOW_STATS_REPLY:
        return nx ? "NXST_FLOW reply" : "OFPST_FLOW reply";
    case OFPTYPE_AGGREGATE_STATS_REPLY:
        return nx ? "NXST_AGGREGATE reply" : "OFPST_AGGREGATE reply";
    case OFPTYPE_TABLE_STATS_REPLY: return "OFPST_TABLE reply";
    case OFPTYPE_PORT_STATS_REPLY: return "OFPST_PORT reply";
    case OFPTYPE_PORT_DESC_STATS_REPLY: return "OFPST_PORT_DESC reply";
    case OFPTYPE_ROLE_REPLY: return nx ? "NXT_ROLE_REPLY" : "OFPT_ROLE_REPLY";
    case OFPTYPE_GROUP_MOD: return nx ? "NXT_GROUP_MOD" : "OFPT_GROUP_MOD";
    case OFPTYPE_GROUP_STATS_REQUEST:
        return nx ? "NXST_GROUP request" : "OFPST_GROUP request";
    case OFPTYPE_GROUP_STATS_REPLY:
        return nx ? "NXST_GROUP reply" : "OFPST_GROUP reply";
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
        return nx ? "NXST_GROUP_DESC request" : "OFPST_GROUP_DESC request";
    case OFPTYPE_GROUP_DESC_STATS_REPLY:
        return nx ? "NXST_GROUP_DESC reply" : "OFPST_GROUP_DESC reply";
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST:
        return (nx ? "NXST_GROUP_FEATURES request"
                : "OFPST_GROUP_FEATURES request");
    case OFPTYPE_GROUP_FEATURES_STATS_REPLY:
        return (nx ? "NXST_GROUP_FEATURES reply"
                : "OFPST_GROUP_FEATURES reply");
    case OFPTYPE_BUNDLE_CONTROL:
        return (oh->version == OFP13_VERSION ? "ONFT_BUNDLE_CONTROL"
                : "OFPT_BUNDLE_CONTROL");
    case OFPTYPE_BUNDLE_ADD_MESSAGE:
        return (oh->version == OFP13_VERSION ? "ONFT_BUNDLE_ADD_MESSAGE"
                : "OFPT_BUNDLE_ADD_MESSAGE");
    case OFPTYPE_FLOW_MONITOR_STATS_REQUEST:
    case OFPTYPE_FLOW_MONITOR_STATS_REPLY:
    case OFPTYPE_FLOW_MONITOR_CANCEL:
    case OFPTYPE_FLOW_MONITOR_PAUSED:
    case OFPTYPE_FLOW_MONITOR_RESUMED:
        return ofp_monitor_msg_name(oh, type);
    default: return default_msg_name(type, nx);
    }
}

static void
print_header(struct ds *s, const struct ofp_header *oh)
{
    ds_put_cstr(s, ofp_msg_name(oh));
    if (oh->version != OFP10_VERSION) {
        ds_put_format(s, " (OF%s)", ofp_version_to_short_string(oh->version));
    }
    ds_put_format(s, " (xid=0x%"PRIx32"):", ntohl(oh->xid));
}

static void
put_bit_names(struct ds *s, uint32_t bits, const char *const names[],
              size_t n)
{
    bool any = false;
    for (size_t i = 0; i < n && i < 32; i++) {
        if ((bits & (1u << i)) && names[i]) {
            ds_put_format(s, "%s%s", any ? " " : "", names[i]);
            any = true;
        }
    }
    if (!any) {
        ds_put_char(s, '0');
    }
}

static const char *const feature_names[] = {
    "10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
    "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER", "FIBER",
    "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM",
};

/* Highest speed in 'features', in Mbps. */
static uint32_t
features_mbps(uint32_t f)
{
    static const uint32_t mbps[] = { 10, 10, 100, 100, 1000, 1000, 10000,
                                     40000, 100000, 1000000 };
    uint32_t best = 0;
    for (size_t i = 0; i < ARRAY_SIZE(mbps); i++) {
        if ((f & (1u << i)) && mbps[i] > best) {
            best = mbps[i];
        }
    }
    return best;
}

void
ofp_print_port(struct ds *s, const struct ofp_port_info *pi, int version)
{
    static const char *const config10[] = {
        "PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD",
        "NO_FWD", "NO_PACKET_IN",
    };
    static const char *const config11[] = {
        "PORT_DOWN", NULL, "NO_RECV", NULL, NULL, "NO_FWD", "NO_PACKET_IN",
    };
    static const char *const state11[] = { "LINK_DOWN", "BLOCKED", "LIVE" };

    ds_put_char(s, ' ');
    ofp_format_port(s, pi->port_no);
    ds_put_format(s, "(%s): addr:"ETH_ADDR_FMT"\n", pi->name,
                  ETH_ADDR_ARGS(pi->hw_addr));
    ds_put_cstr(s, "     config:     ");
    if (version == OFP10_VERSION) {
        put_bit_names(s, pi->config, config10, ARRAY_SIZE(config10));
    } else {
        put_bit_names(s, pi->config, config11, ARRAY_SIZE(config11));
    }
    ds_put_cstr(s, "\n     state:      ");
    if (version == OFP10_VERSION) {
        static const char *const stp[] = {
            "STP_LISTEN", "STP_LEARN", "STP_FORWARD", "STP_BLOCK",
        };
        bool down = pi->state & 1;
        if (down) {
            ds_put_cstr(s, "LINK_DOWN");
        }
        uint32_t st = (pi->state >> 8) & 3;
        if (st) {
            ds_put_format(s, "%s%s", down ? " " : "", stp[st]);
        } else if (!down) {
            /* STP_LISTEN is zero: printed only when STP is on, which
             * this switch never reports. */
            ds_put_char(s, '0');
        }
    } else {
        put_bit_names(s, pi->state, state11, ARRAY_SIZE(state11));
    }
    ds_put_char(s, '\n');

    const struct { const char *name; uint32_t f; } feats[] = {
        { "current:    ", pi->curr }, { "advertised: ", pi->advertised },
        { "supported:  ", pi->supported }, { "peer:       ", pi->peer },
    };
    for (size_t i = 0; i < ARRAY_SIZE(feats); i++) {
        if (feats[i].f) {
            ds_put_format(s, "     %s", feats[i].name);
            put_bit_names(s, feats[i].f, feature_names,
                          ARRAY_SIZE(feature_names));
            ds_put_char(s, '\n');
        }
    }
    uint32_t now = pi->curr_speed / 1000, max = pi->max_speed / 1000;
    if (version == OFP10_VERSION) {
        now = features_mbps(pi->curr);
        max = features_mbps(pi->supported);
    }
    /* Printed even when unknown (0), as the reference tool does. */
    ds_put_format(s, "     speed: %"PRIu32" Mbps now, %"PRIu32
                  " Mbps max\n", now, max);
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct ofp_port_info *a = a_, *b = b_;
    return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

/* Prints the ports in 'b' (a run of ofp_port_info in 'version' layout)
 * sorted by number, as Open vSwitch does. */
static void
print_port_array(struct ds *s, struct ofpbuf *b, int version,
                 int (*pull)(struct ofp_port_info *, struct ofpbuf *,
                             int version))
{
    struct ofp_port_info *ports = NULL;
    size_t n = 0, allocated = 0;
    int error;

    for (;;) {
        if (n >= allocated) {
            ports = x2nrealloc(ports, &allocated, sizeof *ports);
        }
        error = pull(&ports[n], b, version);
        if (error) {
            break;
        }
        n++;
    }
    qsort(ports, n, sizeof *ports, compare_ports);
    for (size_t i = 0; i < n; i++) {
        ofp_print_port(s, &ports[i], version);
    }
    if (error != EOF) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
    }
    free(ports);
}

static int
pull_port_info(struct ofp_port_info *pi, struct ofpbuf *b, int version)
{
    return ofp_port_info_pull(pi, version, b);
}

static int
pull_port_desc(struct ofp_port_info *pi, struct ofpbuf *b,
               int version OVS_UNUSED)
{
    return ofp_port_desc_pull(pi, b);
}

static void
print_features(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_switch_features sf;
    struct ofpbuf ports;
    enum ofperr error = ofp_decode_features_reply(oh, &sf, &ports);

    if (error) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
        return;
    }
    ds_put_format(s, " dpid:%016"PRIx64"\n", sf.datapath_id);
    ds_put_format(s, "n_tables:%d, n_buffers:%"PRIu32, sf.n_tables,
                  sf.n_buffers);
    if (oh->version >= OFP13_VERSION) {
        ds_put_format(s, "\ncapabilities: ");
    } else {
        ds_put_format(s, "\ncapabilities: ");
    }
    static const char *const caps10[] = {
        "FLOW_STATS", "TABLE_STATS", "PORT_STATS", "STP", NULL, "IP_REASM",
        "QUEUE_STATS", "ARP_MATCH_IP",
    };
    static const char *const caps11[] = {
        "FLOW_STATS", "TABLE_STATS", "PORT_STATS", "GROUP_STATS", NULL,
        "IP_REASM", "QUEUE_STATS", NULL, "PORT_BLOCKED", "BUNDLES",
    };
    if (oh->version == OFP10_VERSION) {
        put_bit_names(s, sf.capabilities, caps10, ARRAY_SIZE(caps10));
    } else {
        put_bit_names(s, sf.capabilities, caps11, ARRAY_SIZE(caps11));
    }
    ds_put_char(s, '\n');
    if (oh->version == OFP10_VERSION) {
        static const struct { int bit; const char *name; } acts[] = {
            { 0, "output" }, { 11, "enqueue" }, { 1, "set_vlan_vid" },
            { 2, "set_vlan_pcp" }, { 3, "strip_vlan" }, { 4, "mod_dl_src" },
            { 5, "mod_dl_dst" }, { 6, "mod_nw_src" }, { 7, "mod_nw_dst" },
            { 8, "mod_nw_tos" }, { 9, "mod_tp_src" }, { 10, "mod_tp_dst" },
        };
        ds_put_cstr(s, "actions:");
        for (size_t i = 0; i < ARRAY_SIZE(acts); i++) {
            if (sf.actions & (1u << acts[i].bit)) {
                ds_put_format(s, " %s", acts[i].name);
            }
        }
        ds_put_char(s, '\n');
    }
    if (oh->version <= OFP12_VERSION) {
        print_port_array(s, &ports, oh->version, pull_port_info);
    }
}

static void
put_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    ds_put_format(s, "%"PRIu32".%03"PRIu32"s", sec, nsec / 1000000);
}

void
ofp_print_flow_stats(struct ds *s, const struct ofp_flow_stats *fs,
                     bool show_stats)
{
    static const struct { uint16_t flag; const char *name; } flags[] = {
        { OFPFF_SEND_FLOW_REM, "send_flow_rem" },
        { OFPFF_CHECK_OVERLAP, "check_overlap" },
        { OFPFF_RESET_COUNTS, "reset_counts" },
        { OFPFF_NO_PKT_COUNTS, "no_packet_counts" },
        { OFPFF_NO_BYT_COUNTS, "no_byte_counts" },
    };

    ds_put_char(s, ' ');
    if (show_stats || fs->cookie) {
        ds_put_format(s, "cookie=0x%"PRIx64", ", ntohll(fs->cookie));
    }
    if (show_stats) {
        ds_put_cstr(s, "duration=");
        put_duration(s, fs->duration_sec, fs->duration_nsec);
        ds_put_cstr(s, ", ");
    }
    if (show_stats || fs->table_id) {
        ds_put_format(s, "table=%"PRIu8", ", fs->table_id);
    }
    if (show_stats) {
        ds_put_format(s, "n_packets=%"PRIu64", n_bytes=%"PRIu64", ",
                      fs->packet_count, fs->byte_count);
    }
    if (fs->idle_timeout) {
        ds_put_format(s, "idle_timeout=%"PRIu16", ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ds_put_format(s, "hard_timeout=%"PRIu16", ", fs->hard_timeout);
    }
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        if (fs->flags & flags[i].flag) {
            ds_put_format(s, "%s ", flags[i].name);
        }
    }
    if (fs->importance) {
        ds_put_format(s, "importance=%"PRIu16", ", fs->importance);
    }
    if (show_stats && fs->idle_age >= 0) {
        ds_put_format(s, "idle_age=%d, ", fs->idle_age);
    }
    if (show_stats && fs->hard_age >= 0
        && (uint32_t) fs->hard_age != fs->duration_sec) {
        ds_put_format(s, "hard_age=%d, ", fs->hard_age);
    }
    size_t before = s->length;
    match_format(&fs->match, s, fs->priority);
    if (s->length > before) {
        ds_put_char(s, ' ');
    }
    ds_put_cstr(s, "actions=");
    ofpacts_format(fs->ofpacts, fs->ofpacts_len, s);
}

static void
print_flow_stats_reply(struct ds *s, const struct ofp_header *oh, size_t len)
{
    struct ofpbuf msg, ofpacts;
    struct ofp_flow_stats fs;
    int error;

    ofpbuf_use_const(&msg, oh, len);
    ofpbuf_init(&ofpacts, 64);
    while (!(error = ofp_flow_stats_pull(&fs, &msg, &ofpacts))) {
        ofp_print_flow_stats(s, &fs, true);
        ds_put_char(s, '\n');
    }
    if (error != EOF) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
    }
    ofpbuf_uninit(&ofpacts);
}

static void
put_counter(struct ds *s, const char *name, uint64_t x)
{
    if (x == UINT64_MAX) {
        ds_put_format(s, "%s=?", name);
    } else {
        ds_put_format(s, "%s=%"PRIu64, name, x);
    }
}

static void
print_port_stats(struct ds *s, const struct ofp_header *oh, size_t len)
{
    struct ofpbuf msg;
    struct ofp_port_stats *all = NULL;
    size_t n = 0, allocated = 0;
    int error;

    ofpbuf_use_const(&msg, oh, len);
    for (;;) {
        if (n >= allocated) {
            all = x2nrealloc(all, &allocated, sizeof *all);
        }
        error = ofp_port_stats_pull(&all[n], &msg);
        if (error) {
            break;
        }
        n++;
    }
    ds_put_format(s, " %zu ports\n", n);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_port_stats *ps = &all[i];
        struct ds port = DS_EMPTY_INITIALIZER;
        ofp_format_port(&port, ps->port_no);
        ds_put_format(s, "  port %2s: ", ds_cstr(&port));
        ds_destroy(&port);
        put_counter(s, "rx pkts", ps->rx_packets);
        put_counter(s, ", bytes", ps->rx_bytes);
        put_counter(s, ", drop", ps->rx_dropped);
        put_counter(s, ", errs", ps->rx_errors);
        put_counter(s, ", frame", ps->rx_frame_err);
        put_counter(s, ", over", ps->rx_over_err);
        put_counter(s, ", crc", ps->rx_crc_err);
        ds_put_cstr(s, "\n           ");
        put_counter(s, "tx pkts", ps->tx_packets);
        put_counter(s, ", bytes", ps->tx_bytes);
        put_counter(s, ", drop", ps->tx_dropped);
        put_counter(s, ", errs", ps->tx_errors);
        put_counter(s, ", coll", ps->collisions);
        ds_put_char(s, '\n');
        if (ps->duration_sec != UINT32_MAX) {
            ds_put_cstr(s, "           duration=");
            put_duration(s, ps->duration_sec, ps->duration_nsec);
            ds_put_char(s, '\n');
        }
    }
    if (error != EOF) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
    }
    free(all);
}

static bool
table_stats_equal(const struct ofp_table_stats *a,
                  const struct ofp_table_stats *b)
{
    return (a->active_count == b->active_count
            && a->lookup_count == b->lookup_count
            && a->matched_count == b->matched_count
            && a->max_entries == b->max_entries
            && !strcmp(a->name, b->name));
}

/* A table name worth printing: not empty and not the default "tableN". */
static bool
table_name_is_default(const struct ofp_table_stats *ts)
{
    char def[16];
    snprintf(def, sizeof def, "table%"PRIu8, ts->table_id);
    return !ts->name[0] || !strcmp(ts->name, def);
}

/* Tables whose statistics repeat the previous table's are folded into
 * "ditto" lines, as the reference tool does. */
static void
print_table_stats(struct ds *s, const struct ofp_header *oh, size_t len)
{
    struct ofpbuf msg;
    struct ofp_table_stats *ts = NULL;
    size_t n = 0, allocated = 0;
    int error;

    ofpbuf_use_const(&msg, oh, len);
    for (;;) {
        if (n >= allocated) {
            ts = x2nrealloc(ts, &allocated, sizeof *ts);
        }
        error = ofp_table_stats_pull(&ts[n], &msg);
        if (error) {
            break;
        }
        n++;
    }
    ds_put_char(s, '\n');
    for (size_t i = 0; i < n; ) {
        if (i) {
            ds_put_char(s, '\n');
        }
        if (i && table_stats_equal(&ts[i], &ts[i - 1])) {
            size_t j = i;
            while (j + 1 < n && table_stats_equal(&ts[j + 1], &ts[i])) {
                j++;
            }
            if (j == i) {
                ds_put_format(s, "  table %"PRIu8": ditto\n",
                              ts[i].table_id);
            } else {
                ds_put_format(s, "  tables %"PRIu8"...%"PRIu8": ditto\n",
                              ts[i].table_id, ts[j].table_id);
            }
            i = j + 1;
            continue;
        }
        ds_put_format(s, "  table %"PRIu8, ts[i].table_id);
        if (!table_name_is_default(&ts[i])) {
            ds_put_format(s, " (\"%s\")", ts[i].name);
        }
        ds_put_format(s, ":\n    active=%"PRIu32", lookup=%"PRIu64
                      ", matched=%"PRIu64"\n", ts[i].active_count,
                      ts[i].lookup_count, ts[i].matched_count);
        if (oh->version == OFP10_VERSION) {
            if (i && ts[i].max_entries == ts[0].max_entries) {
                ds_put_cstr(s, "    (same features)\n");
            } else {
                ds_put_format(s, "    max_entries=%"PRIu32"\n"
                              "    matching:\n"
                              "      exact match or wildcard: in_port "
                              "eth_{src,dst,type} vlan_{vid,pcp} "
                              "ip_{src,dst} nw_{proto,tos} tcp_{src,dst}\n",
                              ts[i].max_entries);
            }
        }
        i++;
    }
    if (error != EOF) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
    }
    free(ts);
}

/* A packet as the reference tool shows it after a packet-in: its flow,
 * with the transport checksum for TCP and UDP, so that a monitor's output
 * shows the packet itself and not only its metadata. */
static void
print_packet(struct ds *s, const void *data, size_t len)
{
    struct dp_packet *packet = dp_packet_clone_data_with_headroom(data, len,
                                                                  0);
    struct flow flow;

    flow_extract(packet, &flow);
    /* A packet-in's packet has no input port of its own (it is in the
     * metadata, printed before): port 0, which is never valid, is left
     * out. */
    struct match m;
    match_init_for_packet(&m, &flow);
    if (!flow.in_port) {
        m.wc.masks.in_port = 0;
    }
    match_format(&m, s, OFP_DEFAULT_PRIORITY);
    const uint8_t *l4 = dp_packet_l4(packet);
    size_t l4_len = l4 ? (const uint8_t *) dp_packet_data(packet)
                         + dp_packet_size(packet) - l4 : 0;
    if (flow.nw_proto == IPPROTO_TCP && l4_len >= 20) {
        ds_put_format(s, " tcp_csum:%"PRIx16, (uint16_t) (l4[16] << 8
                                                            | l4[17]));
    } else if (flow.nw_proto == IPPROTO_UDP && l4_len >= 8) {
        ds_put_format(s, " udp_csum:%"PRIx16, (uint16_t) (l4[6] << 8
                                                            | l4[7]));
    }
    ds_put_char(s, '\n');
    dp_packet_delete(packet);
}

/* The line shared by every packet-in format: 'has_cookie' says whether
 * the message carried one (OpenFlow 1.0-1.2 packet-ins do not). */
static void
print_packet_in_line(struct ds *s, const struct ofp_packet_in *pin,
                     bool has_cookie)
{
    static const char *const reasons[] = {
        "no_match", "action", "invalid_ttl", "action_set", "group",
        "packet_out",
    };

    if (pin->table_id) {
        ds_put_format(s, " table_id=%"PRIu8, pin->table_id);
    }
    if (has_cookie) {
        ds_put_format(s, " cookie=0x%"PRIx64, ntohll(pin->cookie));
    }
    ds_put_format(s, " total_len=%"PRIu32" ", pin->total_len);
    match_format(&pin->metadata, s, OFP_DEFAULT_PRIORITY);
    if (pin->reason < ARRAY_SIZE(reasons)) {
        ds_put_format(s, " (via %s)", reasons[pin->reason]);
    } else {
        ds_put_format(s, " (via %"PRIu8")", pin->reason);
    }
    ds_put_format(s, " data_len=%zu", pin->packet_len);
    if (pin->buffer_id == UINT32_MAX) {
        ds_put_cstr(s, " (unbuffered)");
        if (pin->total_len != pin->packet_len) {
            ds_put_cstr(s, " (***total_len != data_len***)");
        }
    } else {
        ds_put_format(s, " buffer=0x%08"PRIx32, pin->buffer_id);
    }
    ds_put_char(s, '\n');
}

static void
print_packet_in(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_packet_in pin;
    enum ofperr error = ofp_decode_packet_in(&pin, oh);

    if (error) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
        return;
    }
    print_packet_in_line(s, &pin, (ofpmsg_is_nicira(oh)
                                   || oh->version >= OFP13_VERSION));
    print_packet(s, pin.packet, pin.packet_len);
}

/* NXT_PACKET_IN2: a list of properties (type, length, value padded to 8
 * bytes): packet (0), full_len (1), buffer_id (2), table_id (3), cookie
 * (4, after 4 bytes of padding), reason (5), metadata (6, NXM/OXM
 * entries), userdata (7), continuation (8, see print_continuation()).
 * NXT_RESUME has the same layout. */
/* A continuation's nested properties, one " continuation.KEY=" line each
 * as the reference tool prints them: a switch's bridge UUID (0x8000),
 * mirrors (0x8002), conntracked (0x8003), the actions of each frame
 * (0x8006, after its table 0x8004 and cookie 0x8005, which open the
 * frame as an "unroll_xlate"), the action set (0x8007) and the datapath
 * input port (0x8008).  The value stack (0x8001) is not shown. */
static void
print_continuation(struct ds *s, const uint8_t *p, size_t len, int version)
{
    struct ds actions = DS_EMPTY_INITIALIZER;
    struct ds action_set = DS_EMPTY_INITIALIZER;
    struct ds bridge = DS_EMPTY_INITIALIZER;
    uint32_t mirrors = 0, odp_port = 0;
    bool conntracked = false;
    uint8_t table_id = 0;
    uint64_t cookie = 0;

    while (len >= 4) {
        uint16_t type = get16(p), plen = get16(p + 2);
        if (plen < 4 || plen > len) {
            break;
        }
        const uint8_t *v = p + 4;
        size_t vlen = plen - 4;
        if (type == 0x8000 && vlen == 16) {
            /* Open vSwitch sends its struct uuid as is: four 32-bit words
             * in the sender's byte order (little-endian on the usual
             * hosts, which is what this assumes). */
            uint32_t w[4];
            for (int i = 0; i < 4; i++) {
                w[i] = (v[4 * i] | (uint32_t) v[4 * i + 1] << 8
                        | (uint32_t) v[4 * i + 2] << 16
                        | (uint32_t) v[4 * i + 3] << 24);
            }
            ds_put_format(&bridge, "%08"PRIx32"-%04"PRIx32"-%04"PRIx32
                          "-%04"PRIx32"-%04"PRIx32"%08"PRIx32, w[0],
                          w[1] >> 16, w[1] & 0xffff, w[2] >> 16,
                          w[2] & 0xffff, w[3]);
        } else if (type == 0x8002 && vlen == 4) {
            mirrors = get32(v);
        } else if (type == 0x8003) {
            conntracked = true;
        } else if (type == 0x8004 && vlen == 1) {
            table_id = v[0];
        } else if (type == 0x8005 && vlen == 12) {
            cookie = get64(v + 4);
        } else if ((type == 0x8006 || type == 0x8007) && vlen >= 4) {
            struct ofpbuf ofpacts;
            ofpbuf_init(&ofpacts, 64);
            if (!ofpacts_pull_openflow_actions(v + 4, vlen - 4, version,
                                               &ofpacts)) {
                struct ds *d = type == 0x8006 ? &actions : &action_set;
                if (d->length) {
                    ds_put_char(d, ',');
                }
                if (type == 0x8006) {
                    ds_put_format(d, "unroll_xlate(table=%"PRIu8
                                  ", cookie=%"PRIu64")", table_id, cookie);
                    if (ofpacts.size) {
                        ds_put_char(d, ',');
                    }
                }
                if (ofpacts.size) {
                    ofpacts_format(ofpacts.data, ofpacts.size, d);
                }
            }
            ofpbuf_uninit(&ofpacts);
        } else if (type == 0x8008 && vlen == 4) {
            odp_port = get32(v);
        }
        size_t padded = MIN(ROUND_UP(plen, 8), len);
        p += padded;
        len -= padded;
    }
    if (bridge.length) {
        ds_put_format(s, " continuation.bridge=%s\n", ds_cstr(&bridge));
    }
    if (mirrors) {
        ds_put_format(s, " continuation.mirrors=0x%"PRIx32"\n", mirrors);
    }
    if (conntracked) {
        ds_put_cstr(s, " continuation.conntracked=true\n");
    }
    if (actions.length) {
        ds_put_format(s, " continuation.actions=%s\n", ds_cstr(&actions));
    }
    if (action_set.length) {
        ds_put_format(s, " continuation.action_set=%s\n",
                      ds_cstr(&action_set));
    }
    if (odp_port) {
        ds_put_format(s, " continuation.odp_port=%"PRIu32"\n", odp_port);
    }
    ds_destroy(&actions);
    ds_destroy(&action_set);
    ds_destroy(&bridge);
}

static void
print_packet_in2(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_packet_in pin;
    bool has_cookie = false, has_full_len = false;
    const uint8_t *userdata = NULL;
    size_t userdata_len = 0;
    const uint8_t *continuation = NULL;
    size_t continuation_len = 0;
    enum ofperr error = 0;
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(&pin, 0, sizeof pin);
    match_init_catchall(&pin.metadata);
    pin.buffer_id = UINT32_MAX;
    while (len && !error) {
        uint16_t type = len >= 4 ? p[0] << 8 | p[1] : 0;
        uint16_t plen = len >= 4 ? p[2] << 8 | p[3] : 0;
        size_t padded = ROUND_UP(plen, 8);
        if (len < 4 || plen < 4 || plen > len) {
            error = OFPERR_OFPBRC_BAD_LEN;
            break;
        }
        const uint8_t *v = p + 4;
        size_t vlen = plen - 4;
        switch (type) {
        case 0:
            pin.packet = v;
            pin.packet_len = vlen;
            break;
        case 1:
        case 2: {
            if (vlen != 4) {
                error = OFPERR_OFPBRC_BAD_LEN;
                break;
            }
            uint32_t x = (uint32_t) v[0] << 24 | v[1] << 16 | v[2] << 8
                         | v[3];
            if (type == 1) {
                pin.total_len = x;
                has_full_len = true;
            } else {
                pin.buffer_id = x;
            }
            break;
        }
        case 3:
        case 5:
            if (vlen != 1) {
                error = OFPERR_OFPBRC_BAD_LEN;
            } else if (type == 3) {
                pin.table_id = v[0];
            } else {
                pin.reason = v[0];
            }
            break;
        case 4:
            if (vlen != 12) {
                error = OFPERR_OFPBRC_BAD_LEN;
                break;
            }
            memcpy(&pin.cookie, v + 4, 8);
            has_cookie = true;
            break;
        case 6:
            error = nx_pull_match(v, vlen, &pin.metadata, NULL, NULL);
            break;
        case 7:
            userdata = v;
            userdata_len = vlen;
            break;
        case 8:
            if (vlen < 4) {
                error = OFPERR_OFPBRC_BAD_LEN;
            }
            continuation = v + 4;
            continuation_len = vlen - 4;
            break;
        default:
            break;
        }
        if (padded > len) {
            padded = len;
        }
        p += padded;
        len -= padded;
    }
    if (error) {
        ds_put_format(s, " ***decode error: %s***\n",
                      ofperr_get_name(error));
        return;
    }
    if (!has_full_len) {
        pin.total_len = pin.packet_len;
    }
    print_packet_in_line(s, &pin, has_cookie);
    if (userdata) {
        ds_put_cstr(s, " userdata=");
        for (size_t i = 0; i < userdata_len; i++) {
            ds_put_format(s, "%s%02"PRIx8, i ? "." : "", userdata[i]);
        }
        ds_put_char(s, '\n');
    }
    if (continuation) {
        print_continuation(s, continuation, continuation_len, oh->version);
    }
    print_packet(s, pin.packet, pin.packet_len);
}

/* "5s", "0.008s": nanoseconds without their trailing zeros. */
static void
print_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    ds_put_format(s, "%"PRIu32, sec);
    if (nsec) {
        char frac[16];
        snprintf(frac, sizeof frac, "%09"PRIu32, nsec % 1000000000);
        for (size_t n = strlen(frac); n > 0 && frac[n - 1] == '0'; n--) {
            frac[n - 1] = '\0';
        }
        ds_put_format(s, ".%s", frac);
    }
    ds_put_char(s, 's');
}

static void
print_flow_removed(struct ds *s, const struct ofp_header *oh)
{
    static const char *const reasons[] = {
        "idle", "hard", "delete", "group_delete", "meter_delete",
        "eviction",
    };
    struct ofp_flow_removed fr;
    enum ofperr error = ofp_decode_flow_removed(&fr, oh);

    if (error) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
        return;
    }
    ds_put_char(s, ' ');
    match_format(&fr.match, s, fr.priority);
    if (s->length && s->string[s->length - 1] != ' ') {
        ds_put_char(s, ' ');
    }
    if (fr.reason < ARRAY_SIZE(reasons)) {
        ds_put_format(s, "reason=%s", reasons[fr.reason]);
    } else {
        ds_put_format(s, "reason=%"PRIu8, fr.reason);
    }
    /* OpenFlow 1.0 has no table id; NXT_FLOW_REMOVED has one plus 1, 0
     * meaning none. */
    size_t body_len;
    const uint8_t *body = ofpmsg_body(oh, &body_len);
    if (ofpmsg_is_nicira(oh) ? body_len > 11 && body[11]
        : oh->version != OFP10_VERSION) {
        ds_put_format(s, " table_id=%"PRIu8, fr.table_id);
    }
    if (fr.cookie) {
        ds_put_format(s, " cookie:0x%"PRIx64, ntohll(fr.cookie));
    }
    ds_put_cstr(s, " duration");
    print_duration(s, fr.duration_sec, fr.duration_nsec);
    ds_put_format(s, " idle%"PRIu16, fr.idle_timeout);
    if (fr.hard_timeout) {
        ds_put_format(s, " hard%"PRIu16, fr.hard_timeout);
    }
    ds_put_format(s, " pkts%"PRIu64" bytes%"PRIu64"\n", fr.packet_count,
                  fr.byte_count);
}

/* A hex dump whose last line's ASCII column is padded to 16 characters,
 * as the reference tool prints payloads. */
static void
put_padded_hex_dump(struct ds *s, const uint8_t *p, size_t len)
{
    for (size_t ofs = 0; ofs < len; ofs += 16) {
        size_t n = MIN(16, len - ofs);
        ds_put_hex_dump(s, p + ofs, n, ofs, true);
        if (n < 16 && s->length >= 2) {
            ds_truncate(s, s->length - 2);      /* "|\n" */
            ds_put_char_multiple(s, ' ', 16 - n);
            ds_put_cstr(s, "|\n");
        }
    }
}

static void
print_flow_mod(struct ds *s, const struct ofp_header *oh)
{
    static const char *const commands[] = {
        "ADD", "MOD", "MOD_STRICT", "DEL", "DEL_STRICT",
    };
    struct ofpbuf ofpacts;
    struct ofp_flow_mod fm;

    ofpbuf_init(&ofpacts, 64);
    /* A 1.0 flow_mod's command has the table in its high byte only if
     * the connection enabled table ids; it is 0 otherwise, which then
     * reads as table 0: the same. */
    enum ofperr error = ofp_decode_flow_mod(&fm, oh, true, &ofpacts);
    if (error) {
        ds_put_format(s, " ***decode error: %s***\n", ofperr_get_name(error));
        ofpbuf_uninit(&ofpacts);
        return;
    }
    const struct ofp_flow_spec *fs = &fm.fs;
    ds_put_char(s, ' ');
    if ((unsigned int) fm.command < ARRAY_SIZE(commands)) {
        ds_put_cstr(s, commands[fm.command]);
    } else {
        ds_put_format(s, "cmd:%d", (int) fm.command);
    }
    if (fs->table_id) {
        ds_put_format(s, " table:%"PRIu8, fs->table_id);
    }
    ds_put_char(s, ' ');
    match_format(&fs->match, s, fs->priority);
    if (s->string[s->length - 1] != ' ') {
        ds_put_char(s, ' ');
    }
    ovs_be64 new_cookie = fm.command == OFPFC_ADD ? fs->cookie
                                                  : fm.new_cookie;
    if (new_cookie && new_cookie != htonll(UINT64_MAX)) {
        ds_put_format(s, "cookie:0x%"PRIx64" ", ntohll(new_cookie));
    }
    if (fm.command != OFPFC_ADD && fs->cookie_mask) {
        ds_put_format(s, "cookie:0x%"PRIx64"/0x%"PRIx64" ",
                      ntohll(fs->cookie), ntohll(fs->cookie_mask));
    }
    if (fs->idle_timeout) {
        ds_put_format(s, "idle:%"PRIu16" ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ds_put_format(s, "hard:%"PRIu16" ", fs->hard_timeout);
    }
    if (fs->importance) {
        ds_put_format(s, "importance:%"PRIu16" ", fs->importance);
    }
    if (fm.buffer_id != UINT32_MAX) {
        ds_put_format(s, "buffer:0x%08"PRIx32" ", fm.buffer_id);
    }
    if (fs->out_port != OFPP_NONE) {
        ds_put_cstr(s, "out_port:");
        ofp_format_port(s, fs->out_port);
        ds_put_char(s, ' ');
    }
    static const struct { uint16_t flag; const char *name; } flags[] = {
        { OFPFF_SEND_FLOW_REM, "send_flow_rem" },
        { OFPFF_CHECK_OVERLAP, "check_overlap" },
        { OFPFF_RESET_COUNTS, "reset_counts" },
        { OFPFF_NO_PKT_COUNTS, "no_packet_counts" },
        { OFPFF_NO_BYT_COUNTS, "no_byte_counts" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        if (fs->flags & flags[i].flag) {
            ds_put_format(s, "%s ", flags[i].name);
        }
    }
    ds_put_cstr(s, "actions=");
    ofpacts_format(fm.ofpacts, fm.ofpacts_len, s);
    ds_put_char(s, '\n');
    ofpbuf_uninit(&ofpacts);
}

static void
print_port_status(struct ds *s, const struct ofp_header *oh)
{
    static const char *const reasons[] = { "ADD", "DEL", "MOD" };
    enum ofp_port_reason reason;
    struct ofp_port_info pi;
    enum ofperr error = ofp_decode_port_status(oh, &reason, &pi);

    if (error) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
        return;
    }
    if ((unsigned int) reason < ARRAY_SIZE(reasons)) {
        ds_put_format(s, " %s:", reasons[reason]);
    } else {
        ds_put_format(s, " ***reason %d***:", (int) reason);
    }
    ofp_print_port(s, &pi, oh->version);
}

/* What an error message carries after its type and code, as the
 * reference tool prints it: a HELLO_FAILED's text; otherwise the request
 * that failed, decoded if it came whole, else its header line, how much
 * of it came and a hex dump (switches may send only its first 64
 * bytes). */
static void
print_error_payload(struct ds *s, enum ofperr e, const uint8_t *p,
                    size_t len)
{
    if (e == OFPERR_OFPHFC_INCOMPATIBLE || e == OFPERR_OFPHFC_EPERM) {
        /* Text from the peer: anything unusual as an octal escape. */
        for (size_t i = 0; i < len; i++) {
            if (p[i] < 0x20 || p[i] > 0x7e || p[i] == '\\' || p[i] == '"') {
                ds_put_format(s, "\\%03o", p[i]);
            } else {
                ds_put_char(s, p[i]);
            }
        }
        ds_put_char(s, '\n');
        return;
    }
    if (!len) {
        ds_put_cstr(s, "OpenFlow message is empty\n");
        return;
    }
    if (len < sizeof(struct ofp_header)) {
        ds_put_format(s, "OpenFlow packet too short (only %zu bytes):\n",
                      len);
        put_padded_hex_dump(s, p, len);
        return;
    }

    /* A copy: the request sits unaligned in the error message, and a
     * truncated one is zero-filled to its length so that its header can
     * be decoded without reading past the end. */
    size_t msg_len = ((size_t) p[2] << 8) | p[3];
    uint8_t *copy = xzalloc(MAX(msg_len, len));
    memcpy(copy, p, len);
    const struct ofp_header *request = (const struct ofp_header *) copy;
    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, request, MAX(msg_len, len));
    if (msg_len == len && error) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
        put_padded_hex_dump(s, p, len);
    } else if (msg_len == len) {
        ofp_print_msg(s, request, len);
    } else {
        if (msg_len > len) {
            if (!error) {
                print_header(s, request);
                ds_put_char(s, '\n');
            }
            ds_put_format(s, "(***truncated to %zu bytes from %zu***)\n",
                          len, msg_len);
        } else {
            ds_put_format(s, "(***only uses %zu bytes out of %zu***)\n",
                          msg_len, len);
        }
        put_padded_hex_dump(s, p, len);
    }
    free(copy);
}

void
ofp_print_msg(struct ds *s, const struct ofp_header *oh, size_t len)
{
    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, oh, len);

    if (error) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
        return;
    }
    print_header(s, oh);
    switch (type) {
    case OFPTYPE_FEATURES_REPLY:
        print_features(s, oh);
        break;
    case OFPTYPE_GET_CONFIG_REPLY:
    case OFPTYPE_SET_CONFIG: {
        struct ofp_switch_config sc;
        static const char *const frags[] = {
            "normal", "drop", "reassemble", "nx-match",
        };
        if (!ofp_decode_switch_config(oh, &sc)) {
            /* OFPC_INVALID_TTL_TO_CONTROLLER (1.0-1.2). */
            ds_put_format(s, " frags=%s%s miss_send_len=%"PRIu16"\n",
                          frags[sc.flags & 3],
                          sc.flags & 4 ? " invalid_ttl_to_controller" : "",
                          sc.miss_send_len);
        }
        break;
    }
    case OFPTYPE_ECHO_REQUEST:
    case OFPTYPE_ECHO_REPLY:
        ds_put_format(s, " %zu bytes of payload\n", len - 8);
        put_padded_hex_dump(s, (const uint8_t *) oh + 8, len - 8);
        break;
    case OFPTYPE_DESC_STATS_REPLY: {
        struct ofp_desc d;
        if (!ofp_decode_desc_stats_reply(&d, oh)) {
            ds_put_format(s, "\nManufacturer: %s\nHardware: %s\n"
                          "Software: %s\nSerial Num: %s\n"
                          "DP Description: %s\n", d.mfr_desc, d.hw_desc,
                          d.sw_desc, d.serial_num, d.dp_desc);
        }
        break;
    }
    case OFPTYPE_AGGREGATE_STATS_REPLY: {
        struct ofp_aggregate_stats as;
        if (!ofp_decode_aggregate_stats_reply(&as, oh)) {
            ds_put_format(s, " packet_count=%"PRIu64" byte_count=%"PRIu64
                          " flow_count=%"PRIu32"\n", as.packet_count,
                          as.byte_count, as.flow_count);
        }
        break;
    }
    case OFPTYPE_FLOW_STATS_REPLY:
        ds_put_char(s, '\n');
        print_flow_stats_reply(s, oh, len);
        break;
    case OFPTYPE_PORT_DESC_STATS_REPLY: {
        struct ofpbuf msg;
        ds_put_char(s, '\n');
        ofpbuf_use_const(&msg, oh, len);
        print_port_array(s, &msg, oh->version, pull_port_desc);
        break;
    }
    case OFPTYPE_PORT_STATS_REPLY:
        print_port_stats(s, oh, len);
        break;
    case OFPTYPE_TABLE_STATS_REPLY:
        print_table_stats(s, oh, len);
        break;
    case OFPTYPE_PACKET_IN:
        print_packet_in(s, oh);
        break;
    case OFPTYPE_NXT_PACKET_IN2:
    case OFPTYPE_NXT_RESUME:
        print_packet_in2(s, oh);
        break;
    case OFPTYPE_FLOW_REMOVED:
        print_flow_removed(s, oh);
        break;
    case OFPTYPE_FLOW_MONITOR_STATS_REQUEST:
    case OFPTYPE_FLOW_MONITOR_STATS_REPLY:
    case OFPTYPE_FLOW_MONITOR_CANCEL:
    case OFPTYPE_FLOW_MONITOR_PAUSED:
    case OFPTYPE_FLOW_MONITOR_RESUMED:
        ofp_monitor_print(s, oh, type);
        break;
    case OFPTYPE_PORT_STATUS:
        print_port_status(s, oh);
        break;
    case OFPTYPE_FLOW_MOD:
        print_flow_mod(s, oh);
        break;
    case OFPTYPE_SET_FLOW_FORMAT: {
        enum nx_flow_format ff;
        if (!ofp_decode_set_flow_format(oh, &ff)) {
            ds_put_format(s, " format=%s\n",
                          ff == NXFF_NXM ? "nxm" : "openflow10");
        } else {
            ds_put_char(s, '\n');
        }
        break;
    }
    case OFPTYPE_FLOW_MOD_TABLE_ID: {
        bool enable;
        if (!ofp_decode_flow_mod_table_id(oh, &enable)) {
            ds_put_format(s, " %s\n", enable ? "enable" : "disable");
        } else {
            ds_put_char(s, '\n');
        }
        break;
    }
    case OFPTYPE_SET_PACKET_IN_FORMAT: {
        static const char *const formats[] = {
            "standard", "nxt_packet_in", "nxt_packet_in2",
        };
        enum nx_packet_in_format pf;
        if (!ofp_decode_set_packet_in_format(oh, &pf)
            && (unsigned int) pf < ARRAY_SIZE(formats)) {
            ds_put_format(s, " format=%s\n", formats[pf]);
        } else {
            ds_put_char(s, '\n');
        }
        break;
    }
    case OFPTYPE_ERROR: {
        struct ofpbuf payload;
        enum ofperr e = ofperr_decode_msg(oh, &payload);
        int t, c;
        if (e) {
            ds_put_format(s, " %s\n", ofperr_get_name(e));
            print_error_payload(s, e, payload.data, payload.size);
        } else if (ofperr_decode_type_code(oh, &t, &c)) {
            ds_put_format(s, " ***unknown error type %d code %d***\n", t, c);
        }
        break;
    }
    default:
        if (!ofp_group_print_msg(s, oh, len)
            && !ofp_bundle_print_msg(s, oh, len)
            && !ofp_meter_print_msg(s, oh, len)) {
            ds_put_char(s, '\n');
        }
        break;
    }
}
