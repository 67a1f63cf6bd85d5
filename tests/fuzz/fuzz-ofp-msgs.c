/* fuzz-ofp-msgs.c -- fuzz target for the OpenFlow message decoders
 * (lib/ofp-msgs.h): what a switch does with every message a peer sends.
 *
 * The input is one message; its header length is overwritten with the
 * input's size so that the fuzzer explores bodies rather than framing
 * (framing is vconn's job).  The message is classified, then decoded by
 * the decoder for its type.  Whatever decodes must re-encode, and the
 * re-encoding must decode again without error (flow_mod, flow stats
 * request, packet_out, port status, role, group_mod).  Decoders may
 * reject input only with a valid enum ofperr. */
#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "ofp-bundle.h"
#include "ofp-group.h"
#include "ofp-meter.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "util.h"

static void
check_error(int error)
{
    if (error && error != EOF && !ofperr_is_valid(error)) {
        abort();
    }
}

static void
recheck(struct ofpbuf *msg, bool tid)
{
    enum ofptype type;
    struct ofpbuf ofpacts;

    ofpbuf_init(&ofpacts, 64);
    if (ofptype_decode(&type, msg->data, msg->size)) {
        abort();
    }
    if (type == OFPTYPE_FLOW_MOD) {
        struct ofp_flow_mod fm;
        if (ofp_decode_flow_mod(&fm, msg->data, tid, &ofpacts)) {
            abort();
        }
    }
    ofpbuf_uninit(&ofpacts);
    ofpbuf_delete(msg);
}

static enum ofp_protocol
protocol_of(const struct ofp_header *oh, bool tid)
{
    if (oh->version == OFP10_VERSION) {
        return (ofpmsg_is_nicira(oh)
                ? (tid ? OFPP_OF10_NXM_TID : OFPP_OF10_NXM)
                : (tid ? OFPP_OF10_STD_TID : OFPP_OF10_STD));
    }
    return ofp_protocol_from_version(oh->version);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < sizeof(struct ofp_header) || size > 65535) {
        return 0;
    }
    struct ofp_header *oh = xmemdup(data, size);
    oh->length = htons(size);
    bool tid = oh->xid & htonl(1);

    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, oh, size);
    check_error(error);
    if (error) {
        free(oh);
        return 0;
    }

    struct ofpbuf ofpacts, msg;
    ofpbuf_init(&ofpacts, 64);
    switch (type) {
    case OFPTYPE_FLOW_MOD: {
        struct ofp_flow_mod fm;
        error = ofp_decode_flow_mod(&fm, oh, tid, &ofpacts);
        check_error(error);
        if (!error && oh->version != OFP11_VERSION) {
            enum ofp_protocol p = protocol_of(oh, tid);
            if ((p == OFPP_OF10_STD || p == OFPP_OF10_STD_TID)
                && !ofp10_match_can_express(&fm.fs.match)) {
                break;
            }
            recheck(ofp_encode_flow_mod(&fm, p), tid);
        }
        break;
    }
    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST: {
        struct ofp_flow_stats_request r;
        error = ofp_decode_flow_stats_request(&r, oh);
        check_error(error);
        break;
    }
    case OFPTYPE_FLOW_STATS_REPLY: {
        struct ofp_flow_stats fs;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_flow_stats_pull(&fs, &msg, &ofpacts))) {
            continue;
        }
        check_error(error);
        break;
    }
    case OFPTYPE_PORT_DESC_STATS_REPLY: {
        struct ofp_port_info pi;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_port_desc_pull(&pi, &msg))) {
            continue;
        }
        check_error(error);
        break;
    }
    case OFPTYPE_PORT_STATS_REPLY: {
        struct ofp_port_stats ps;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_port_stats_pull(&ps, &msg))) {
            continue;
        }
        check_error(error);
        break;
    }
    case OFPTYPE_TABLE_STATS_REPLY: {
        struct ofp_table_stats ts;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_table_stats_pull(&ts, &msg))) {
            continue;
        }
        check_error(error);
        break;
    }
    case OFPTYPE_PACKET_OUT: {
        struct ofp_packet_out po;
        error = ofp_decode_packet_out(&po, oh, &ofpacts);
        check_error(error);
        if (!error && oh->version != OFP11_VERSION) {
            struct ofpbuf *b = ofp_encode_packet_out(&po, oh->version);
            struct ofp_packet_out po2;
            struct ofpbuf ofpacts2;
            ofpbuf_init(&ofpacts2, 64);
            if (ofptype_decode(&type, b->data, b->size)
                || ofp_decode_packet_out(&po2, b->data, &ofpacts2)) {
                abort();
            }
            ofpbuf_uninit(&ofpacts2);
            ofpbuf_delete(b);
        }
        break;
    }
    case OFPTYPE_PACKET_IN: {
        struct ofp_packet_in pin;
        check_error(ofp_decode_packet_in(&pin, oh));
        break;
    }
    case OFPTYPE_FLOW_REMOVED: {
        struct ofp_flow_removed fr;
        check_error(ofp_decode_flow_removed(&fr, oh));
        break;
    }
    case OFPTYPE_PORT_STATUS: {
        struct ofp_port_info pi;
        enum ofp_port_reason reason;
        check_error(ofp_decode_port_status(oh, &reason, &pi));
        break;
    }
    case OFPTYPE_FEATURES_REPLY: {
        struct ofp_switch_features sf;
        struct ofp_port_info pi;
        error = ofp_decode_features_reply(oh, &sf, &msg);
        check_error(error);
        if (!error) {
            while (!(error = ofp_port_info_pull(&pi, oh->version, &msg))) {
                continue;
            }
            check_error(error);
        }
        break;
    }
    case OFPTYPE_ROLE_REQUEST:
    case OFPTYPE_ROLE_REPLY: {
        struct ofp_role_request rr;
        check_error(ofp_decode_role_message(oh, &rr));
        break;
    }
    case OFPTYPE_GET_CONFIG_REPLY:
    case OFPTYPE_SET_CONFIG: {
        struct ofp_switch_config sc;
        check_error(ofp_decode_switch_config(oh, &sc));
        break;
    }
    case OFPTYPE_AGGREGATE_STATS_REPLY: {
        struct ofp_aggregate_stats as;
        check_error(ofp_decode_aggregate_stats_reply(&as, oh));
        break;
    }
    case OFPTYPE_DESC_STATS_REPLY: {
        struct ofp_desc d;
        check_error(ofp_decode_desc_stats_reply(&d, oh));
        break;
    }
    case OFPTYPE_GROUP_MOD: {
        struct ofp_group_mod gm;
        error = ofp_group_mod_decode(&gm, oh);
        check_error(error);
        if (!error && oh->version != OFP11_VERSION) {
            /* What decodes re-encodes into something that decodes. */
            struct ofpbuf *b = ofp_group_mod_encode(&gm, oh->version);
            struct ofp_group_mod gm2;
            /* (A delete's encoding leaves its buckets out.) */
            if (ofptype_decode(&type, b->data, b->size)
                || ofp_group_mod_decode(&gm2, b->data)
                || (gm.command != OFPGC_DELETE
                    && gm2.gd.n_buckets != gm.gd.n_buckets)) {
                abort();
            }
            ofp_group_desc_uninit(&gm2.gd);
            ofpbuf_delete(b);
        }
        if (!error) {
            ofp_group_desc_uninit(&gm.gd);
        }
        break;
    }
    case OFPTYPE_GROUP_DESC_STATS_REPLY: {
        struct ofp_group_desc gd;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_group_desc_pull(&gd, &msg))) {
            ofp_group_desc_uninit(&gd);
        }
        check_error(error);
        break;
    }
    case OFPTYPE_GROUP_STATS_REPLY: {
        struct ofp_group_stats gs;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_group_stats_pull(&gs, &msg))) {
            free(gs.buckets);
        }
        check_error(error);
        break;
    }
    case OFPTYPE_GROUP_FEATURES_STATS_REPLY: {
        struct ofp_group_features gf;
        check_error(ofp_group_features_reply_decode(&gf, oh));
        break;
    }
    case OFPTYPE_GROUP_STATS_REQUEST:
    case OFPTYPE_GROUP_DESC_STATS_REQUEST: {
        uint32_t group_id;
        check_error(ofp_group_request_decode(oh, &group_id));
        break;
    }
    case OFPTYPE_BUNDLE_CONTROL: {
        struct ofp_bundle_ctrl bc;
        error = ofp_bundle_ctrl_decode(oh, &bc);
        check_error(error);
        if (!error) {
            /* What decodes re-encodes into the same fixed part. */
            struct ofpbuf *b = ofp_bundle_ctrl_encode(oh->version, oh->xid,
                                                      &bc);
            struct ofp_bundle_ctrl bc2;
            if (ofptype_decode(&type, b->data, b->size)
                || ofp_bundle_ctrl_decode(b->data, &bc2)
                || memcmp(&bc, &bc2, sizeof bc)) {
                abort();
            }
            ofpbuf_delete(b);
        }
        break;
    }
    case OFPTYPE_BUNDLE_ADD_MESSAGE: {
        struct ofp_bundle_add add;
        error = ofp_bundle_add_decode(oh, &add);
        check_error(error);
        if (!error) {
            struct ofpbuf *b = ofp_bundle_add_encode(add.bundle_id,
                                                     add.flags, add.msg);
            struct ofp_bundle_add add2;
            if (ofptype_decode(&type, b->data, b->size)
                || ofp_bundle_add_decode(b->data, &add2)
                || add2.msg_type != add.msg_type
                || add2.msg_len != add.msg_len) {
                abort();
            }
            ofpbuf_delete(b);
        }
        break;
    }
    case OFPTYPE_METER_MOD: {
        struct ofp_meter_mod mm;
        error = ofp_meter_mod_decode(&mm, oh);
        check_error(error);
        if (!error) {
            /* What decodes re-encodes into the same meter. */
            struct ofpbuf *b = ofp_meter_mod_encode(&mm, oh->version);
            struct ofp_meter_mod mm2;
            if (ofptype_decode(&type, b->data, b->size)
                || ofp_meter_mod_decode(&mm2, b->data)
                || mm2.meter.meter_id != mm.meter.meter_id
                || mm2.meter.n_bands != mm.meter.n_bands) {
                abort();
            }
            ofp_meter_config_uninit(&mm2.meter);
            ofp_meter_config_uninit(&mm.meter);
            ofpbuf_delete(b);
        }
        break;
    }
    case OFPTYPE_METER_STATS_REQUEST:
    case OFPTYPE_METER_CONFIG_STATS_REQUEST: {
        uint32_t meter_id;
        check_error(ofp_meter_request_decode(oh, &meter_id));
        break;
    }
    case OFPTYPE_METER_CONFIG_STATS_REPLY: {
        struct ofp_meter_config mc;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_meter_config_pull(&mc, &msg))) {
            ofp_meter_config_uninit(&mc);
        }
        check_error(error);
        break;
    }
    case OFPTYPE_METER_STATS_REPLY: {
        struct ofp_meter_stats ms;
        ofpbuf_use_const(&msg, oh, size);
        while (!(error = ofp_meter_stats_pull(&ms, &msg))) {
            free(ms.bands);
        }
        check_error(error);
        break;
    }
    case OFPTYPE_METER_FEATURES_STATS_REPLY: {
        struct ofp_meter_features mf;
        check_error(ofp_meter_features_reply_decode(&mf, oh));
        break;
    }
    case OFPTYPE_HELLO:
        ofp_decode_hello(oh);
        break;
    case OFPTYPE_ERROR:
        ofperr_decode_msg(oh, NULL);
        break;
    case OFPTYPE_ECHO_REQUEST:
        ofpbuf_delete(ofp_encode_echo_reply(oh));
        break;
    default:
        break;
    }
    ofpbuf_uninit(&ofpacts);
    free(oh);
    return 0;
}
