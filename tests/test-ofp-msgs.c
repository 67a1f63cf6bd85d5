/* test-ofp-msgs.c -- tests for the OpenFlow wire codec (lib/ofp-msgs.h).
 *
 *   ovstest test-ofp-msgs unit
 *       Internal checks: versions, error tables, multipart splitting,
 *       hello bitmaps, simple messages' round trips.
 *   ovstest test-ofp-msgs flow-mod PROTOCOL COMMAND < FLOWS
 *       Encodes each flow (ovs-ofctl syntax) as a flow_mod for PROTOCOL
 *       ("OpenFlow10", "NXM", "OpenFlow13"...) and prints its hex, one
 *       message per line, after checking that decoding and re-encoding
 *       gives the same bytes.
 *   ovstest test-ofp-msgs flow-stats PROTOCOL < FLOWS
 *       Encodes the flows as one flow stats reply and prints the hex of
 *       each message of the reply.
 *   ovstest test-ofp-msgs encode KIND VERSION
 *       Prints the hex of a sample message of KIND (features-reply,
 *       port-desc, port-stats, table-stats, desc, aggregate, packet-in,
 *       packet-in-nx, packet-out, flow-removed, role-request, hello,
 *       echo-request, barrier-request, error, get-config-reply,
 *       port-status, flow-stats-request, aggregate-request).
 *   ovstest test-ofp-msgs decode < HEX
 *       Decodes each line of hex as a message and prints its type and,
 *       for flow_mod, the flow; or "error: NAME". */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "ovstest.h"
#include "util.h"

static enum ofp_protocol
protocol_from_string(const char *s)
{
    static const struct { const char *name; enum ofp_protocol p; } ps[] = {
        { "OpenFlow10", OFPP_OF10_STD },
        { "OpenFlow10+table_id", OFPP_OF10_STD_TID },
        { "NXM", OFPP_OF10_NXM }, { "NXM+table_id", OFPP_OF10_NXM_TID },
        { "OpenFlow11", OFPP_OF11_STD },
        { "OpenFlow12", OFPP_OF12_OXM }, { "OpenFlow13", OFPP_OF13_OXM },
        { "OpenFlow14", OFPP_OF14_OXM }, { "OpenFlow15", OFPP_OF15_OXM },
    };
    for (size_t i = 0; i < ARRAY_SIZE(ps); i++) {
        if (!strcmp(ps[i].name, s)) {
            return ps[i].p;
        }
    }
    ovs_fatal(0, "%s: unknown protocol", s);
}

static void
print_hex(const struct ofpbuf *b)
{
    const uint8_t *p = b->data;
    for (size_t i = 0; i < b->size; i++) {
        printf("%02x", p[i]);
    }
    putchar('\n');
}

static int
command_from_string(const char *s)
{
    static const char *const names[] = {
        "add", "modify", "modify_strict", "delete", "delete_strict",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcmp(s, names[i])) {
            return i;
        }
    }
    ovs_fatal(0, "%s: unknown command", s);
}

static bool
read_line(struct ds *s, FILE *f)
{
    int c;
    ds_clear(s);
    while ((c = getc(f)) != EOF && c != '\n') {
        ds_put_char(s, c);
    }
    return c != EOF || s->length;
}

static void
cmd_flow_mod(int argc OVS_UNUSED, char *argv[])
{
    enum ofp_protocol proto = protocol_from_string(argv[1]);
    int command = command_from_string(argv[2]);
    bool tid = proto == OFPP_OF10_STD_TID || proto == OFPP_OF10_NXM_TID;
    struct ds line = DS_EMPTY_INITIALIZER;

    while (read_line(&line, stdin)) {
        struct ofp_flow_mod fm;
        struct ofpbuf ofpacts, ofpacts2;
        char *err;

        if (!line.length || line.string[0] == '#') {
            continue;
        }
        memset(&fm, 0, sizeof fm);
        ofpbuf_init(&ofpacts, 64);
        ofpbuf_init(&ofpacts2, 64);
        err = ofp_flow_parse(ds_cstr(&line), command, &fm.fs, &ofpacts);
        if (err) {
            printf("parse error: %s\n", err);
            free(err);
            continue;
        }
        fm.command = command;
        fm.buffer_id = UINT32_MAX;
        fm.new_cookie = OVS_BE64_MAX;
        fm.ofpacts = ofpacts.data;
        fm.ofpacts_len = ofpacts.size;
        struct ofpbuf *msg = ofp_encode_flow_mod(&fm, proto);
        print_hex(msg);

        /* Round trip. */
        enum ofptype type;
        struct ofp_flow_mod fm2;
        enum ofperr error = ofptype_decode(&type, msg->data, msg->size);
        if (!error) {
            error = ofp_decode_flow_mod(&fm2, msg->data, tid, &ofpacts2);
        }
        if (error) {
            printf("decode error: %s\n", ofperr_get_name(error));
        } else {
            struct ofpbuf *msg2 = ofp_encode_flow_mod(&fm2, proto);
            /* The xids differ; compare the rest. */
            memcpy((uint8_t *) msg2->data + 4, (uint8_t *) msg->data + 4, 4);
            if (!ofpbuf_equal(msg, msg2)) {
                printf("round trip differs:\n");
                print_hex(msg2);
            }
            ofpbuf_delete(msg2);
        }
        ofpbuf_delete(msg);
        ofpbuf_uninit(&ofpacts);
        ofpbuf_uninit(&ofpacts2);
    }
    ds_destroy(&line);
}

static void
cmd_flow_stats(int argc OVS_UNUSED, char *argv[])
{
    enum ofp_protocol proto = protocol_from_string(argv[1]);
    struct ofp_flow_stats_request rq;
    struct ds line = DS_EMPTY_INITIALIZER;
    struct ofp_multipart mp;
    int n = 0;

    memset(&rq, 0, sizeof rq);
    match_init_catchall(&rq.match);
    rq.table_id = 0xff;
    rq.out_port = OFPP_NONE;
    rq.out_group = UINT32_MAX;
    struct ofpbuf *req = ofp_encode_flow_stats_request(&rq, proto);
    ofp_multipart_start(&mp, OFPTYPE_FLOW_STATS_REPLY, req->data);

    while (read_line(&line, stdin)) {
        struct ofp_flow_spec spec;
        struct ofpbuf ofpacts;
        if (!line.length) {
            continue;
        }
        ofpbuf_init(&ofpacts, 64);
        char *err = ofp_flow_parse(ds_cstr(&line), OFPFC_ADD, &spec,
                                   &ofpacts);
        if (err) {
            ovs_fatal(0, "%s", err);
        }
        struct ofp_flow_stats fs = {
            .match = spec.match, .priority = spec.priority,
            .table_id = spec.table_id == 0xff ? 0 : spec.table_id,
            .duration_sec = n, .duration_nsec = 500000000,
            .idle_timeout = spec.idle_timeout,
            .hard_timeout = spec.hard_timeout, .flags = spec.flags,
            .idle_age = n, .hard_age = n, .cookie = spec.cookie,
            .packet_count = n * 10, .byte_count = n * 1000,
            .ofpacts = ofpacts.data, .ofpacts_len = ofpacts.size,
        };
        ofp_flow_stats_put(&fs, &mp);
        ofpbuf_uninit(&ofpacts);
        n++;
    }
    for (size_t i = 0; i < mp.n; i++) {
        print_hex(mp.msgs[i]);
    }

    /* Round trip: pulling every entry and putting it back must give the
     * same messages. */
    struct ofp_multipart mp2;
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    ofp_multipart_start(&mp2, OFPTYPE_FLOW_STATS_REPLY, req->data);
    for (size_t i = 0; i < mp.n; i++) {
        struct ofpbuf msg;
        struct ofp_flow_stats fs;
        int error;
        ofpbuf_use_const(&msg, mp.msgs[i]->data, mp.msgs[i]->size);
        while (!(error = ofp_flow_stats_pull(&fs, &msg, &ofpacts))) {
            ofp_flow_stats_put(&fs, &mp2);
        }
        if (error != EOF) {
            printf("decode error: %s\n", ofperr_get_name(error));
        }
    }
    if (mp2.n != mp.n) {
        printf("round trip: %zu messages instead of %zu\n", mp2.n, mp.n);
    }
    for (size_t i = 0; i < mp.n && i < mp2.n; i++) {
        if (!ofpbuf_equal(mp.msgs[i], mp2.msgs[i])) {
            printf("round trip differs:\n");
            print_hex(mp2.msgs[i]);
        }
    }
    ofpbuf_uninit(&ofpacts);
    ofp_multipart_destroy(&mp2);
    ofp_multipart_destroy(&mp);
    ofpbuf_delete(req);
    ds_destroy(&line);
}

static struct ofp_port_info
sample_port(uint16_t port_no, const char *name)
{
    struct ofp_port_info pi;
    memset(&pi, 0, sizeof pi);
    pi.port_no = port_no;
    pi.hw_addr = (struct eth_addr) { { 0x50, 0x54, 0x00, 0x00, 0x00,
                                       port_no & 0xff } };
    snprintf(pi.name, sizeof pi.name, "%s", name);
    pi.config = port_no == OFPP_LOCAL ? 1 : 0;
    pi.state = port_no == OFPP_LOCAL ? 1 : 4;
    pi.curr = 0x20 | 0x800;         /* 1GB-FD, copper. */
    pi.advertised = pi.supported = 0;
    pi.curr_speed = 1000000;
    pi.max_speed = 0;
    return pi;
}

static const uint8_t sample_packet[] = {
    0x50, 0x54, 0x00, 0x00, 0x00, 0x02, 0x50, 0x54, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x50, 0x54,
    0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x0a, 0x00, 0x00, 0x02,
};

static struct ofpbuf *
encode_sample(const char *kind, int v)
{
    struct ofp_header req = { .version = v, .xid = htonl(0x1234) };
    struct ofpbuf *b = NULL;
    struct ofp_multipart mp;

    if (!strcmp(kind, "features-reply")) {
        struct ofp_switch_features sf = {
            .datapath_id = 0x0000505400000001ULL, .n_buffers = 0,
            .n_tables = 254, .capabilities = 0xc7, .actions = 0xfff,
        };
        struct ofp_port_info ports[2] = {
            sample_port(1, "p1"), sample_port(OFPP_LOCAL, "br0"),
        };
        req.type = 5;
        req.length = htons(8);
        b = ofp_encode_features_reply(&sf, ports, 2, &req);
    } else if (!strcmp(kind, "desc")) {
        struct ofp_desc d;
        memset(&d, 0, sizeof d);
        strcpy(d.mfr_desc, "ovsng project");
        strcpy(d.hw_desc, "ovsng");
        strcpy(d.sw_desc, "0.1");
        strcpy(d.serial_num, "None");
        strcpy(d.dp_desc, "br0");
        struct ofpbuf *r = ofpmsg_new(OFPTYPE_DESC_STATS_REQUEST, v,
                                      htonl(0x1234), 0);
        b = ofp_encode_desc_stats_reply(&d, r->data);
        ofpbuf_delete(r);
    } else if (!strcmp(kind, "port-desc") || !strcmp(kind, "port-stats")
               || !strcmp(kind, "table-stats")) {
        enum ofptype rq = (!strcmp(kind, "port-desc")
                           ? OFPTYPE_PORT_DESC_STATS_REQUEST
                           : !strcmp(kind, "port-stats")
                           ? OFPTYPE_PORT_STATS_REQUEST
                           : OFPTYPE_TABLE_STATS_REQUEST);
        struct ofpbuf *r = (rq == OFPTYPE_PORT_STATS_REQUEST
                            ? ofp_encode_port_stats_request(v, OFPP_NONE)
                            : ofpmsg_new(rq, v, htonl(0x1234), 0));
        ofp_multipart_start(&mp, rq + 1, r->data);
        if (rq == OFPTYPE_PORT_DESC_STATS_REQUEST) {
            struct ofp_port_info p1 = sample_port(1, "p1");
            ofp_port_desc_put(&p1, &mp);
        } else if (rq == OFPTYPE_PORT_STATS_REQUEST) {
            struct ofp_port_stats ps = {
                .port_no = 1, .rx_packets = 1, .tx_packets = 2,
                .rx_bytes = 3, .tx_bytes = 4, .rx_dropped = 5,
                .tx_dropped = 6, .rx_errors = 7, .tx_errors = 8,
                .rx_frame_err = 9, .rx_over_err = 10, .rx_crc_err = 11,
                .collisions = 12, .duration_sec = 13, .duration_nsec = 14,
            };
            ofp_port_stats_put(&ps, &mp);
        } else {
            struct ofp_table_stats ts = {
                .table_id = 0, .name = "classifier", .max_entries = 1000000,
                .active_count = 2, .lookup_count = 10, .matched_count = 8,
            };
            ofp_table_stats_put(&ts, &mp);
        }
        b = mp.msgs[0];
        mp.msgs[0] = NULL;
        mp.n = 0;
        ofp_multipart_destroy(&mp);
        ofpbuf_delete(r);
    } else if (!strcmp(kind, "aggregate")) {
        struct ofp_aggregate_stats as = { 100, 6400, 3 };
        struct ofp_flow_stats_request fr;
        memset(&fr, 0, sizeof fr);
        fr.aggregate = true;
        match_init_catchall(&fr.match);
        fr.table_id = 0xff;
        fr.out_port = OFPP_NONE;
        fr.out_group = UINT32_MAX;
        struct ofpbuf *r = ofp_encode_flow_stats_request(
            &fr, ofp_protocol_from_version(v));
        b = ofp_encode_aggregate_stats_reply(&as, r->data);
        ofpbuf_delete(r);
    } else if (!strcmp(kind, "packet-in") || !strcmp(kind, "packet-in-nx")) {
        struct ofp_packet_in pin;
        memset(&pin, 0, sizeof pin);
        pin.packet = sample_packet;
        pin.packet_len = sizeof sample_packet;
        pin.total_len = sizeof sample_packet;
        pin.buffer_id = UINT32_MAX;
        pin.reason = OFPR_ACTION;
        pin.table_id = 3;
        pin.cookie = htonll(0x42);
        match_init_catchall(&pin.metadata);
        match_set_in_port(&pin.metadata, 1);
        match_set_reg_masked(&pin.metadata, 1, 5, UINT32_MAX);
        b = ofp_encode_packet_in(&pin, v, kind[9] ? NXPIF_NXT_PACKET_IN
                                 : NXPIF_STANDARD);
    } else if (!strcmp(kind, "packet-out")) {
        struct ofpbuf ofpacts;
        ofpbuf_init(&ofpacts, 64);
        char *err = ofpacts_parse("output:2,NORMAL", &ofpacts);
        ovs_assert(!err);
        struct ofp_packet_out po = {
            .buffer_id = UINT32_MAX, .in_port = OFPP_CONTROLLER,
            .ofpacts = ofpacts.data, .ofpacts_len = ofpacts.size,
            .packet = sample_packet, .packet_len = sizeof sample_packet,
        };
        b = ofp_encode_packet_out(&po, v);
        ofpbuf_uninit(&ofpacts);
    } else if (!strcmp(kind, "flow-removed")
               || !strcmp(kind, "flow-removed-nx")) {
        struct ofp_flow_removed fr;
        memset(&fr, 0, sizeof fr);
        char *err = match_parse("tcp,in_port=1,tp_dst=80", &fr.match, NULL);
        ovs_assert(!err);
        fr.priority = 100;
        fr.cookie = htonll(7);
        fr.reason = OFPRR_IDLE_TIMEOUT;
        fr.table_id = v == OFP10_VERSION ? 0 : 2;
        fr.duration_sec = 10;
        fr.duration_nsec = 5;
        fr.idle_timeout = 5;
        fr.hard_timeout = v == OFP10_VERSION || kind[12] ? 0 : 30;
        fr.packet_count = 3;
        fr.byte_count = 180;
        b = ofp_encode_flow_removed(&fr, kind[12] ? OFPP_OF10_NXM
                                    : ofp_protocol_from_version(v));
    } else if (!strcmp(kind, "role-request")) {
        struct ofp_role_request rr = { OFPCR_ROLE_MASTER, true, 5 };
        b = ofp_encode_role_request(v, &rr);
    } else if (!strcmp(kind, "hello")) {
        b = ofp_encode_hello(OFP_VERSION_BIT(1) | OFP_VERSION_BIT(v));
    } else if (!strcmp(kind, "echo-request")) {
        b = ofp_encode_echo_request(v);
    } else if (!strcmp(kind, "barrier-request")) {
        b = ofp_encode_barrier_request(v);
    } else if (!strcmp(kind, "error") || !strcmp(kind, "error-prereq")) {
        struct ofpbuf *r = ofpmsg_new(OFPTYPE_FEATURES_REQUEST, v,
                                      htonl(0x1234), 0);
        b = ofperr_encode_reply(kind[5] ? OFPERR_OFPBMC_BAD_PREREQ
                                : OFPERR_OFPBRC_BAD_TYPE, r->data);
        /* Our decoder must read back what we sent. */
        ovs_assert(ofperr_decode_msg(b->data, NULL)
                   == (kind[5] ? OFPERR_OFPBMC_BAD_PREREQ
                       : OFPERR_OFPBRC_BAD_TYPE));
        ofpbuf_delete(r);
    } else if (!strcmp(kind, "get-config-reply")) {
        struct ofp_switch_config sc = { 0, 128 };
        b = ofp_encode_switch_config(OFPTYPE_GET_CONFIG_REPLY, v,
                                     htonl(0x1234), &sc);
    } else if (!strcmp(kind, "port-status")) {
        struct ofp_port_info p1 = sample_port(3, "p3");
        b = ofp_encode_port_status(v, OFPPR_ADD, &p1);
    } else if (!strcmp(kind, "flow-stats-request")
               || !strcmp(kind, "aggregate-request")) {
        struct ofp_flow_stats_request fr;
        memset(&fr, 0, sizeof fr);
        fr.aggregate = kind[0] == 'a';
        char *err = match_parse("ip,nw_src=10.0.0.0/8", &fr.match, NULL);
        ovs_assert(!err);
        fr.table_id = 0xff;
        fr.out_port = OFPP_NONE;
        fr.out_group = UINT32_MAX;
        b = ofp_encode_flow_stats_request(&fr, ofp_protocol_from_version(v));
    } else {
        ovs_fatal(0, "%s: unknown kind", kind);
    }
    return b;
}

static void
cmd_encode(int argc OVS_UNUSED, char *argv[])
{
    int v = ofp_version_from_string(argv[2]);
    if (!v) {
        ovs_fatal(0, "%s: unknown version", argv[2]);
    }
    struct ofpbuf *b = encode_sample(argv[1], v);
    print_hex(b);
    ofpbuf_delete(b);
}

static void
cmd_decode(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct ds line = DS_EMPTY_INITIALIZER;

    while (read_line(&line, stdin)) {
        struct ofpbuf b, ofpacts;
        enum ofptype type;
        enum ofperr error;

        if (!line.length) {
            continue;
        }
        ofpbuf_init(&b, 64);
        ofpbuf_init(&ofpacts, 64);
        if (*ofpbuf_put_hex(&b, ds_cstr(&line), NULL)) {
            ovs_fatal(0, "bad hex: %s", ds_cstr(&line));
        }
        error = ofptype_decode(&type, b.data, b.size);
        if (!error && type == OFPTYPE_FLOW_MOD) {
            struct ofp_flow_mod fm;
            error = ofp_decode_flow_mod(&fm, b.data, true, &ofpacts);
            if (!error) {
                struct ds s = DS_EMPTY_INITIALIZER;
                ofp_flow_format(&fm.fs, fm.ofpacts, fm.ofpacts_len, &s);
                printf("FLOW_MOD %d: %s\n", fm.command, ds_cstr(&s));
                ds_destroy(&s);
            }
        } else if (!error && type == OFPTYPE_PACKET_OUT) {
            struct ofp_packet_out po;
            error = ofp_decode_packet_out(&po, b.data, &ofpacts);
            if (!error) {
                char *s = ofpacts_to_string(po.ofpacts, po.ofpacts_len);
                printf("PACKET_OUT in_port=%d actions=%s len=%zu\n",
                       po.in_port, s, po.packet_len);
                free(s);
            }
        } else if (!error) {
            printf("%s\n", ofptype_get_name(type));
        }
        if (error) {
            printf("error: %s\n", ofperr_get_name(error));
        }
        ofpbuf_uninit(&b);
        ofpbuf_uninit(&ofpacts);
    }
    ds_destroy(&line);
}

#define CHECK(COND) \
    do { if (!(COND)) ovs_fatal(0, "%s:%d: check failed: %s", \
                                __FILE__, __LINE__, #COND); } while (0)

static void
cmd_unit(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* Versions. */
    CHECK(ofp_version_from_string("OpenFlow13") == OFP13_VERSION);
    CHECK(!strcmp(ofp_version_to_string(OFP10_VERSION), "OpenFlow10"));
    CHECK(ofp_version_from_string("OpenFlow16") == 0);
    uint32_t bm;
    char *err = ofp_versions_from_string("OpenFlow10,OpenFlow13", &bm);
    CHECK(!err && bm == 0x12);
    err = ofp_versions_from_string("OpenFlow10,foo", &bm);
    CHECK(err);
    free(err);

    /* Errors: every error has a name that maps back and a code in every
     * version that decodes to an error of the same type family. */
    for (int e = OFPERR_OFS + 1; e < OFPERR_N_ERRORS; e++) {
        CHECK(ofperr_from_name(ofperr_get_name(e)) == (enum ofperr) e);
        for (int v = OFP10_VERSION; v <= OFP15_VERSION; v++) {
            int type, code;
            ofperr_get_type_code(e, v, &type, &code);
            CHECK(type >= 0 && code >= 0);
            CHECK(ofperr_from_type_code(v, type, code));
        }
    }
    struct ofpbuf *req = ofpmsg_new(OFPTYPE_FEATURES_REQUEST, OFP13_VERSION,
                                    htonl(77), 0);
    struct ofpbuf *rep = ofperr_encode_reply(OFPERR_OFPBMC_BAD_PREREQ,
                                             req->data);
    struct ofpbuf payload;
    CHECK(ofperr_decode_msg(rep->data, &payload) == OFPERR_OFPBMC_BAD_PREREQ);
    CHECK(payload.size == 8);
    CHECK(((struct ofp_header *) rep->data)->xid == htonl(77));
    ofpbuf_delete(rep);
    ofpbuf_delete(req);

    /* Classification errors. */
    uint8_t bad_version[8] = { 7, 0, 0, 8, 0, 0, 0, 1 };
    uint8_t bad_type[8] = { 4, 99, 0, 8, 0, 0, 0, 1 };
    uint8_t bad_len[12] = { 1, 5, 0, 12, 0, 0, 0, 1 };   /* features req */
    uint8_t short_len[8] = { 4, 0, 0, 9, 0, 0, 0, 1 };
    enum ofptype type;
    CHECK(ofptype_decode(&type, (void *) bad_version, 8)
          == OFPERR_OFPBRC_BAD_VERSION);
    CHECK(ofptype_decode(&type, (void *) bad_type, 8)
          == OFPERR_OFPBRC_BAD_TYPE);
    CHECK(ofptype_decode(&type, (void *) bad_len, 12)
          == OFPERR_OFPBRC_BAD_LEN);
    CHECK(ofptype_decode(&type, (void *) short_len, 8)
          == OFPERR_OFPBRC_BAD_LEN);

    /* Hello bitmaps. */
    struct ofpbuf *h = ofp_encode_hello(0x12);
    CHECK(ofp_decode_hello(h->data) == 0x12);
    ofpbuf_delete(h);
    h = ofp_encode_hello(0x06);
    CHECK(ofp_decode_hello(h->data) == 0x06);
    ofpbuf_delete(h);

    /* Multipart splitting: 2000 port stats entries of 112 bytes must be
     * split into messages of at most 65535 bytes, all but the last with
     * MORE, and read back in order. */
    req = ofp_encode_port_stats_request(OFP13_VERSION, OFPP_NONE);
    struct ofp_multipart mp;
    ofp_multipart_start(&mp, OFPTYPE_PORT_STATS_REPLY, req->data);
    for (int i = 0; i < 2000; i++) {
        struct ofp_port_stats ps;
        memset(&ps, 0, sizeof ps);
        ps.port_no = i + 1;
        ps.rx_packets = i;
        ofp_port_stats_put(&ps, &mp);
    }
    CHECK(mp.n == 4);
    int next = 0;
    for (size_t i = 0; i < mp.n; i++) {
        const struct ofp_header *oh = mp.msgs[i]->data;
        CHECK(ntohs(oh->length) == mp.msgs[i]->size);
        CHECK(mp.msgs[i]->size <= 65535);
        CHECK(ofpmsg_is_more(oh) == (i + 1 < mp.n));
        CHECK(!ofptype_decode(&type, oh, mp.msgs[i]->size));
        CHECK(type == OFPTYPE_PORT_STATS_REPLY);
        struct ofpbuf copy;
        ofpbuf_use_const(&copy, oh, mp.msgs[i]->size);
        copy.header = NULL;
        struct ofp_port_stats ps;
        int retval;
        while (!(retval = ofp_port_stats_pull(&ps, &copy))) {
            CHECK(ps.port_no == next + 1 && ps.rx_packets == next);
            next++;
        }
        CHECK(retval == EOF);
    }
    CHECK(next == 2000);
    ofp_multipart_destroy(&mp);
    ofpbuf_delete(req);

    /* Bad actions and matches give the right errors. */
    struct ofpbuf acts;
    ofpbuf_init(&acts, 64);
    static const uint8_t unknown_action[8] = { 0, 99, 0, 8 };
    CHECK(ofpacts_pull_openflow_actions(unknown_action, 8, OFP10_VERSION,
                                        &acts) == OFPERR_OFPBAC_BAD_TYPE);
    static const uint8_t bad_action_len[8] = { 0, 0, 0, 12 };
    CHECK(ofpacts_pull_openflow_actions(bad_action_len, 8, OFP10_VERSION,
                                        &acts) == OFPERR_OFPBAC_BAD_LEN);
    static const uint8_t bad_vendor[16] = { 0xff, 0xff, 0, 16, 0, 0, 0x12 };
    CHECK(ofpacts_pull_openflow_actions(bad_vendor, 16, OFP10_VERSION,
                                        &acts) == OFPERR_OFPBAC_BAD_VENDOR);
    static const uint8_t bad_subtype[16] = { 0xff, 0xff, 0, 16, 0, 0, 0x23,
                                             0x20, 0, 200 };
    CHECK(ofpacts_pull_openflow_actions(bad_subtype, 16, OFP10_VERSION,
                                        &acts)
          == OFPERR_OFPBAC_BAD_VENDOR_TYPE);
    static const uint8_t out_port0[8] = { 0, 0, 0, 8, 0, 0, 0, 0 };
    CHECK(ofpacts_pull_openflow_actions(out_port0, 8, OFP10_VERSION, &acts)
          == OFPERR_OFPBAC_BAD_OUT_PORT);
    static const uint8_t bad_inst[8] = { 0, 9, 0, 8 };
    CHECK(ofpacts_pull_openflow_instructions(bad_inst, 8, OFP13_VERSION,
                                             &acts)
          == OFPERR_OFPBIC_UNKNOWN_INST);
    ofpbuf_uninit(&acts);

    struct match m;
    /* tcp_dst without ip_proto: bad prerequisite. */
    static const uint8_t tp_no_proto[] = { 0x80, 0x00, 0x1c, 0x02, 0, 80 };
    CHECK(nx_pull_match(tp_no_proto, sizeof tp_no_proto, &m, NULL, NULL)
          == OFPERR_OFPBMC_BAD_PREREQ);
    static const uint8_t dup[] = { 0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
                                   0x80, 0x00, 0x0a, 0x02, 0x08, 0x00 };
    CHECK(nx_pull_match(dup, sizeof dup, &m, NULL, NULL)
          == OFPERR_OFPBMC_DUP_FIELD);
    static const uint8_t unknown_field[] = { 0x80, 0x00, 0xfe, 0x02, 0, 0 };
    CHECK(nx_pull_match(unknown_field, sizeof unknown_field, &m, NULL, NULL)
          == OFPERR_OFPBMC_BAD_FIELD);
    static const uint8_t bad_len2[] = { 0x80, 0x00, 0x0a, 0x04, 0x08, 0x00 };
    CHECK(nx_pull_match(bad_len2, sizeof bad_len2, &m, NULL, NULL)
          == OFPERR_OFPBMC_BAD_LEN);
    static const uint8_t eth_type_masked[] = { 0x80, 0x00, 0x0b, 0x04,
                                               0x08, 0x00, 0xff, 0xff };
    CHECK(nx_pull_match(eth_type_masked, sizeof eth_type_masked, &m, NULL,
                        NULL) == OFPERR_OFPBMC_BAD_MASK);

    /* A reply carries its request's xid, even 0; a new request with xid
     * 0 gets a fresh one. */
    struct ofp_header req0 = { OFP13_VERSION, 20 /* BARRIER_REQUEST */,
                               htons(8), 0 };
    struct ofpbuf *reply = ofp_encode_barrier_reply(&req0);
    CHECK(((struct ofp_header *) reply->data)->xid == 0);
    ofpbuf_delete(reply);
    struct ofpbuf *breq = ofp_encode_barrier_request(OFP13_VERSION);
    CHECK(((struct ofp_header *) breq->data)->xid != 0);
    ofpbuf_delete(breq);

    printf("ok\n");
}

static const struct test_command {
    const char *name;
    int min_args, max_args;
    void (*handler)(int argc, char *argv[]);
} commands[] = {
    { "unit", 0, 0, cmd_unit },
    { "flow-mod", 2, 2, cmd_flow_mod },
    { "flow-stats", 1, 1, cmd_flow_stats },
    { "encode", 2, 2, cmd_encode },
    { "decode", 0, 0, cmd_decode },
};

static void
test_ofp_msgs_main(int argc, char *argv[])
{
    if (argc < 2) {
        ovs_fatal(0, "usage: test-ofp-msgs COMMAND [ARG...]");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(commands[i].name, argv[1])) {
            int n = argc - 2;
            if (n < commands[i].min_args || n > commands[i].max_args) {
                ovs_fatal(0, "%s: wrong number of arguments", argv[1]);
            }
            commands[i].handler(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "%s: unknown command", argv[1]);
}

OVSTEST_REGISTER("test-ofp-msgs", test_ofp_msgs_main);
