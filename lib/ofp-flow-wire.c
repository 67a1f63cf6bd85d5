/* ofp-flow-wire.c -- the flow messages on the OpenFlow wire: flow_mod,
 * flow and aggregate stats requests, flow stats replies, flow_removed,
 * packet_in and packet_out.
 *
 * Each exists in up to three shapes: OpenFlow 1.0 with its fixed 40-byte
 * match, the Nicira form (NXT_FLOW_MOD, NXST_FLOW, NXT_PACKET_IN...) with
 * an NXM match, and OpenFlow 1.1+ with an OXM match and instructions.
 * 'enum ofp_protocol' picks the shape when encoding; when decoding, the
 * message itself says which it is.  Matches and actions are converted by
 * ofp-match-wire.c and ofp-actions-wire.c. */
#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ofp-bytes.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "util.h"


/* A 1.1+ port number as ours, or OFPBRC_BAD_PORT. */
static enum ofperr
port16(uint32_t port, uint16_t *out)
{
    return ofp_port_from_ofp11(port, out) ? 0 : OFPERR_OFPBRC_BAD_PORT;
}

/* OpenFlow 1.5 statistics (struct ofp_stats): a 4-byte header (reserved,
 * length) and OXS fields of class 0x8002 -- duration (field 0: seconds
 * and nanoseconds), idle time (1), packet count (4), byte count (5) --
 * padded to 8 bytes.  Flow descriptions and flow_removed carry them after
 * their match.  IDLE_AGE < 0 leaves the idle time out. */
static void
put_ofp15_stats(struct ofpbuf *b, uint32_t sec, uint32_t nsec,
                int idle_age, uint64_t packets, uint64_t bytes)
{
    size_t st = b->size;
    uint8_t *q = ofpbuf_put_zeros(b, 4 + 12 + 12 + 12
                                  + (idle_age >= 0 ? 12 : 0));
    uint8_t *o = q + 4;

    put32(o, (0x8002u << 16) | (0 << 9) | 8);
    put32(o + 4, sec);
    put32(o + 8, nsec);
    o += 12;
    if (idle_age >= 0) {
        put32(o, (0x8002u << 16) | (1 << 9) | 8);
        put32(o + 4, idle_age);
        o += 12;
    }
    put32(o, (0x8002u << 16) | (4 << 9) | 8);
    put64(o + 4, packets);
    put32(o + 12, (0x8002u << 16) | (5 << 9) | 8);
    put64(o + 16, bytes);
    put16(q + 2, b->size - st);
    ofpbuf_pad_to(b, 8);
}

/* Pulls the statistics put_ofp15_stats() describes from the start of
 * 'mb'; fields that are absent are left as they are. */
static enum ofperr
pull_ofp15_stats(struct ofpbuf *mb, uint32_t *sec, uint32_t *nsec,
                 int *idle_age, uint64_t *packets, uint64_t *bytes)
{
    const uint8_t *q = mb->data;
    size_t slen = mb->size >= 4 ? get16(q + 2) : 0;

    if (slen < 4 || ROUND_UP(slen, 8) > mb->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    for (size_t o = 4; o + 4 <= slen; ) {
        uint32_t h = get32(q + o);
        size_t n = h & 0xff;
        if (o + 4 + n > slen) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if ((h >> 16) == 0x8002 && n == 8) {
            switch ((h >> 9) & 0x7f) {
            case 0:
                *sec = get32(q + o + 4);
                *nsec = get32(q + o + 8);
                break;
            case 1:
                if (idle_age) {
                    *idle_age = get32(q + o + 4);
                }
                break;
            case 4:
                *packets = get64(q + o + 4);
                break;
            case 5:
                *bytes = get64(q + o + 4);
                break;
            }
        }
        o += 4 + n;
    }
    ofpbuf_pull(mb, ROUND_UP(slen, 8));
    return 0;
}

/* Offset of byte pointer 'p' within 'b'. */
static size_t
ofs_in(const struct ofpbuf *b, const void *p)
{
    return (const uint8_t *) p - (const uint8_t *) b->data;
}

static void *
at(struct ofpbuf *b, size_t ofs)
{
    return (uint8_t *) b->data + ofs;
}

static bool
is_nxm(enum ofp_protocol p)
{
    return p == OFPP_OF10_NXM || p == OFPP_OF10_NXM_TID;
}

static bool
has_tid(enum ofp_protocol p)
{
    return p == OFPP_OF10_STD_TID || p == OFPP_OF10_NXM_TID;
}

/* Appends an NXM match padded to 8 bytes; returns the unpadded length. */
static size_t
put_nxm_padded(struct ofpbuf *b, const struct match *m, ovs_be64 cookie,
               ovs_be64 cookie_mask)
{
    size_t n = nx_put_match(b, m, false, cookie, cookie_mask);
    ofpbuf_pad_to(b, 8);
    return n;
}

/* Checks 'ofpacts' against the match for flow_mod, mapping the text
 * error of ofpacts_check() to an OpenFlow error. */
static enum ofperr
check_ofpacts(const struct ofpbuf *ofpacts, const struct match *m,
              uint8_t table_id)
{
    ofpacts_set_ip_proto(ofpacts->data, ofpacts->size, m);
    char *err = ofpacts_check(ofpacts->data, ofpacts->size, m,
                              table_id == 0xff ? 0 : table_id);
    if (!err) {
        return 0;
    }
    enum ofperr e = (strstr(err, "\"conjunction\"")
                     ? OFPERR_NXBAC_BAD_CONJUNCTION
                     : strstr(err, "goto_table") ? OFPERR_OFPBIC_BAD_TABLE_ID
                     : strstr(err, "order") ? OFPERR_OFPBAC_UNSUPPORTED_ORDER
                     : OFPERR_OFPBAC_MATCH_INCONSISTENT);
    free(err);
    return e;
}

/* Flow mod. */

struct ofpbuf *
ofp_encode_flow_mod(const struct ofp_flow_mod *fm, enum ofp_protocol proto)
{
    const struct ofp_flow_spec *fs = &fm->fs;
    int version = ofp_protocol_to_version(proto);
    bool add = fm->command == OFPFC_ADD;
    ovs_be64 cookie = (add ? fs->cookie
                       : fm->new_cookie != OVS_BE64_MAX ? fm->new_cookie : 0);
    uint16_t command = fm->command;
    struct ofpbuf *b;

    if (version == OFP10_VERSION) {
        if (has_tid(proto)) {
            command |= (fs->table_id & 0xff) << 8;
        }
        uint16_t flags = fs->flags & (OFPFF_SEND_FLOW_REM
                                      | OFPFF_CHECK_OVERLAP);
        if (is_nxm(proto)) {
            b = ofpmsg_new_nx(OFPTYPE_FLOW_MOD, version, 0, 32);
            uint8_t *p = b->msg;
            size_t body = ofs_in(b, p);
            memcpy(p, &cookie, 8);
            put16(p + 8, command);
            put16(p + 10, fs->idle_timeout);
            put16(p + 12, fs->hard_timeout);
            put16(p + 14, fs->priority);
            put32(p + 16, fm->buffer_id);
            put16(p + 20, fs->out_port);
            put16(p + 22, flags);
            size_t n = put_nxm_padded(b, &fs->match,
                                      add ? 0 : fs->cookie,
                                      add ? 0 : fs->cookie_mask);
            put16(at(b, body + 24), n);
        } else {
            b = ofpmsg_new(OFPTYPE_FLOW_MOD, version, 0, 64);
            uint8_t *p = b->msg;
            ofp10_match_encode(&fs->match, p);
            memcpy(p + 40, &cookie, 8);
            put16(p + 48, command);
            put16(p + 50, fs->idle_timeout);
            put16(p + 52, fs->hard_timeout);
            put16(p + 54, fs->priority);
            put32(p + 56, fm->buffer_id);
            put16(p + 60, fs->out_port);
            put16(p + 62, flags);
        }
        if (fm->command != OFPFC_DELETE
            && fm->command != OFPFC_DELETE_STRICT) {
            ofpacts_put_openflow_actions(fm->ofpacts, fm->ofpacts_len, b,
                                         version);
        }
    } else {
        b = ofpmsg_new(OFPTYPE_FLOW_MOD, version, 0, 40);
        uint8_t *p = b->msg;
        memcpy(p, &fs->cookie, 8);
        if (!add) {
            memcpy(p + 8, &fs->cookie_mask, 8);
        }
        /* "All tables" (0xff) is only for deletes; Open vSwitch rejects
         * it in adds and modifies, which then mean table 0. */
        p[16] = (fs->table_id == 0xff
                 && fm->command != OFPFC_DELETE
                 && fm->command != OFPFC_DELETE_STRICT) ? 0 : fs->table_id;
        p[17] = fm->command;
        put16(p + 18, fs->idle_timeout);
        put16(p + 20, fs->hard_timeout);
        put16(p + 22, fs->priority);
        put32(p + 24, fm->buffer_id);
        put32(p + 28, ofp_port_to_ofp11(fs->out_port));
        put32(p + 32, fs->out_group);
        put16(p + 36, fs->flags);
        if (version >= OFP14_VERSION) {
            put16(p + 38, fs->importance);
        }
        ofp11_put_match(b, &fs->match, version);
        if (fm->command != OFPFC_DELETE
            && fm->command != OFPFC_DELETE_STRICT) {
            ofpacts_put_openflow_instructions(fm->ofpacts, fm->ofpacts_len,
                                              b, version);
        }
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_flow_mod(struct ofp_flow_mod *fm, const struct ofp_header *oh,
                    bool tid_enabled, struct ofpbuf *ofpacts)
{
    struct ofp_flow_spec *fs = &fm->fs;
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    const uint8_t *acts;
    size_t acts_len;
    enum ofperr error;
    uint16_t command;
    ovs_be64 cookie;

    memset(fm, 0, sizeof *fm);
    fs->out_group = UINT32_MAX;
    fm->new_cookie = OVS_BE64_MAX;
    ofpbuf_clear(ofpacts);

    if (oh->version == OFP10_VERSION || ofpmsg_is_nicira(oh)) {
        bool nx = ofpmsg_is_nicira(oh);
        uint16_t flags;
        if (nx) {
            if (len < 32) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            size_t match_len = get16(p + 24);
            size_t padded = ROUND_UP(match_len, 8);
            if (32 + padded > len) {
                return OFPERR_OFPBMC_BAD_LEN;
            }
            error = nx_pull_match(p + 32, match_len, &fs->match,
                                  &fs->cookie, &fs->cookie_mask);
            if (error) {
                return error;
            }
            memcpy(&cookie, p, 8);
            command = get16(p + 8);
            fs->idle_timeout = get16(p + 10);
            fs->hard_timeout = get16(p + 12);
            fs->priority = get16(p + 14);
            fm->buffer_id = get32(p + 16);
            fs->out_port = get16(p + 20);
            flags = get16(p + 22);
            acts = p + 32 + padded;
            acts_len = len - 32 - padded;
        } else {
            error = ofp10_match_decode(p, &fs->match);
            if (error) {
                return error;
            }
            memcpy(&cookie, p + 40, 8);
            command = get16(p + 48);
            fs->idle_timeout = get16(p + 50);
            fs->hard_timeout = get16(p + 52);
            fs->priority = get16(p + 54);
            fm->buffer_id = get32(p + 56);
            fs->out_port = get16(p + 60);
            flags = get16(p + 62);
            acts = p + 64;
            acts_len = len - 64;
        }
        if (tid_enabled) {
            fs->table_id = command >> 8;
        } else {
            fs->table_id = 0xff;
            if (command >> 8) {
                return OFPERR_OFPFMFC_BAD_COMMAND;
            }
        }
        command &= 0xff;
        fs->flags = flags & (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP);
        if (command == OFPFC_ADD) {
            fs->cookie = cookie;
            fs->cookie_mask = cookie ? OVS_BE64_MAX : 0;
        } else if (command == OFPFC_MODIFY
                   || command == OFPFC_MODIFY_STRICT) {
            fm->new_cookie = cookie;
        }
        error = ofpacts_pull_openflow_actions(acts, acts_len, oh->version,
                                              ofpacts);
    } else {
        if (len < 48) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        struct ofpbuf mb;
        ofpbuf_use_const(&mb, p + 40, len - 40);
        error = ofp11_pull_match(&mb, &fs->match, oh->version);
        if (error) {
            return error;
        }
        memcpy(&cookie, p, 8);
        ovs_be64 cookie_mask;
        memcpy(&cookie_mask, p + 8, 8);
        fs->table_id = p[16];
        command = p[17];
        fs->idle_timeout = get16(p + 18);
        fs->hard_timeout = get16(p + 20);
        fs->priority = get16(p + 22);
        fm->buffer_id = get32(p + 24);
        error = port16(get32(p + 28), &fs->out_port);
        if (error) {
            return error;
        }
        fs->out_group = get32(p + 32);
        fs->flags = get16(p + 36);
        uint16_t allowed = (oh->version == OFP11_VERSION ? 0x3
                            : oh->version == OFP12_VERSION ? 0x7 : 0x1f);
        if (fs->flags & ~allowed) {
            return OFPERR_OFPFMFC_BAD_FLAGS;
        }
        if (oh->version >= OFP14_VERSION) {
            fs->importance = get16(p + 38);
        }
        if (command == OFPFC_ADD) {
            fs->cookie = cookie;
            fs->cookie_mask = cookie ? OVS_BE64_MAX : 0;
            if (fs->table_id == 0xff) {
                return OFPERR_OFPFMFC_BAD_TABLE_ID;
            }
        } else {
            fs->cookie = cookie & cookie_mask;
            fs->cookie_mask = cookie_mask;
        }
        error = ofpacts_pull_openflow_instructions(mb.data, mb.size,
                                                   oh->version, ofpacts);
    }
    if (error) {
        return error;
    }
    if (command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
    fm->command = command;
    fs->has_actions = command != OFPFC_DELETE
                      && command != OFPFC_DELETE_STRICT;
    if (fs->has_actions) {
        error = check_ofpacts(ofpacts, &fs->match, fs->table_id);
        if (error) {
            return error;
        }
    } else {
        ofpbuf_clear(ofpacts);
    }
    fm->ofpacts = ofpacts->data;
    fm->ofpacts_len = ofpacts->size;
    return 0;
}

/* Flow and aggregate stats requests. */

struct ofpbuf *
ofp_encode_flow_stats_request(const struct ofp_flow_stats_request *r,
                              enum ofp_protocol proto)
{
    enum ofptype type = (r->aggregate ? OFPTYPE_AGGREGATE_STATS_REQUEST
                         : OFPTYPE_FLOW_STATS_REQUEST);
    int version = ofp_protocol_to_version(proto);
    struct ofpbuf *b;

    if (is_nxm(proto)) {
        b = ofpmsg_new_nx(type, version, 0, 8);
        size_t body = ofs_in(b, b->msg);
        uint8_t *p = b->msg;
        put16(p, r->out_port);
        p[4] = r->table_id;
        size_t n = put_nxm_padded(b, &r->match, r->cookie, r->cookie_mask);
        put16(at(b, body + 2), n);
    } else if (version == OFP10_VERSION) {
        b = ofpmsg_new(type, version, 0, 44);
        uint8_t *p = b->msg;
        ofp10_match_encode(&r->match, p);
        p[40] = r->table_id;
        put16(p + 42, r->out_port);
    } else {
        b = ofpmsg_new(type, version, 0, 32);
        uint8_t *p = b->msg;
        p[0] = r->table_id;
        put32(p + 4, ofp_port_to_ofp11(r->out_port));
        put32(p + 8, r->out_group);
        memcpy(p + 16, &r->cookie, 8);
        memcpy(p + 24, &r->cookie_mask, 8);
        ofp11_put_match(b, &r->match, version);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_flow_stats_request(struct ofp_flow_stats_request *r,
                              const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, oh, ntohs(oh->length));

    if (error) {
        return error;
    }
    memset(r, 0, sizeof *r);
    r->aggregate = type == OFPTYPE_AGGREGATE_STATS_REQUEST;
    r->out_group = UINT32_MAX;
    if (ofpmsg_is_nicira(oh)) {
        size_t match_len = get16(p + 2);
        if (8 + ROUND_UP(match_len, 8) > len) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        r->out_port = get16(p);
        r->table_id = p[4];
        return nx_pull_match(p + 8, match_len, &r->match, &r->cookie,
                             &r->cookie_mask);
    } else if (oh->version == OFP10_VERSION) {
        r->table_id = p[40];
        r->out_port = get16(p + 42);
        return ofp10_match_decode(p, &r->match);
    } else {
        struct ofpbuf mb;
        r->table_id = p[0];
        error = port16(get32(p + 4), &r->out_port);
        if (error) {
            return error;
        }
        r->out_group = get32(p + 8);
        memcpy(&r->cookie, p + 16, 8);
        memcpy(&r->cookie_mask, p + 24, 8);
        r->cookie &= r->cookie_mask;
        ofpbuf_use_const(&mb, p + 32, len - 32);
        return ofp11_pull_match(&mb, &r->match, oh->version);
    }
}

/* Flow stats entries. */

void
ofp_flow_stats_put(const struct ofp_flow_stats *fs, struct ofp_multipart *mp)
{
    int version = mp->request->version;
    struct ofpbuf *b;
    size_t start;
    uint8_t *p;

    /* Build the entry in a scratch buffer, then copy it in whole so that
     * it is never split across messages. */
    struct ofpbuf tmp;
    ofpbuf_init(&tmp, 256);
    b = &tmp;
    start = 0;
    if (mp->use_nicira) {
        p = ofpbuf_put_zeros(b, 48);
        p[2] = fs->table_id;
        put32(p + 4, fs->duration_sec);
        put32(p + 8, fs->duration_nsec);
        put16(p + 12, fs->priority);
        put16(p + 14, fs->idle_timeout);
        put16(p + 16, fs->hard_timeout);
        put16(p + 20, fs->idle_age >= 0 ? MIN(fs->idle_age + 1, 0xffff) : 0);
        put16(p + 22, fs->hard_age >= 0 ? MIN(fs->hard_age + 1, 0xffff) : 0);
        memcpy(p + 24, &fs->cookie, 8);
        put64(p + 32, fs->packet_count);
        put64(p + 40, fs->byte_count);
        size_t n = put_nxm_padded(b, &fs->match, 0, 0);
        put16(at(b, start + 18), n);
        ofpacts_put_openflow_actions(fs->ofpacts, fs->ofpacts_len, b,
                                     version);
    } else if (version == OFP10_VERSION) {
        p = ofpbuf_put_zeros(b, 88);
        p[2] = fs->table_id;
        ofp10_match_encode(&fs->match, p + 4);
        put32(p + 44, fs->duration_sec);
        put32(p + 48, fs->duration_nsec);
        put16(p + 52, fs->priority);
        put16(p + 54, fs->idle_timeout);
        put16(p + 56, fs->hard_timeout);
        memcpy(p + 64, &fs->cookie, 8);
        put64(p + 72, fs->packet_count);
        put64(p + 80, fs->byte_count);
        ofpacts_put_openflow_actions(fs->ofpacts, fs->ofpacts_len, b,
                                     version);
    } else if (version >= OFP15_VERSION) {
        /* OpenFlow 1.5 flow description: the counters travel as OXS
         * statistics after the match. */
        p = ofpbuf_put_zeros(b, 24);
        p[4] = fs->table_id;
        put16(p + 6, fs->priority);
        put16(p + 8, fs->idle_timeout);
        put16(p + 10, fs->hard_timeout);
        put16(p + 12, fs->flags);
        put16(p + 14, fs->importance);
        memcpy(p + 16, &fs->cookie, 8);
        oxm_put_match(b, &fs->match);
        put_ofp15_stats(b, fs->duration_sec, fs->duration_nsec,
                        fs->idle_age, fs->packet_count, fs->byte_count);
        ofpacts_put_openflow_instructions(fs->ofpacts, fs->ofpacts_len, b,
                                          version);
    } else {
        p = ofpbuf_put_zeros(b, 48);
        p[2] = fs->table_id;
        put32(p + 4, fs->duration_sec);
        put32(p + 8, fs->duration_nsec);
        put16(p + 12, fs->priority);
        put16(p + 14, fs->idle_timeout);
        put16(p + 16, fs->hard_timeout);
        if (version >= OFP13_VERSION) {
            put16(p + 18, fs->flags);
        }
        if (version >= OFP14_VERSION) {
            put16(p + 20, fs->importance);
        }
        memcpy(p + 24, &fs->cookie, 8);
        put64(p + 32, fs->packet_count);
        put64(p + 40, fs->byte_count);
        ofp11_put_match(b, &fs->match, version);
        ofpacts_put_openflow_instructions(fs->ofpacts, fs->ofpacts_len, b,
                                          version);
    }
    put16(b->data, b->size);
    memcpy(ofp_multipart_put(mp, b->size), b->data, b->size);
    ofpbuf_uninit(&tmp);
}

int
ofp_flow_stats_pull(struct ofp_flow_stats *fs, struct ofpbuf *msg,
                    struct ofpbuf *ofpacts)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    int version = oh->version;
    const uint8_t *p = msg->data;
    enum ofperr error;
    size_t len;

    if (!msg->size) {
        return EOF;
    }
    if (msg->size < 2) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    len = get16(p);
    if (len > msg->size || len < 32 || len % 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memset(fs, 0, sizeof *fs);
    fs->idle_age = fs->hard_age = -1;
    ofpbuf_clear(ofpacts);
    fs->table_id = p[2];

    if (ofpmsg_is_nicira(oh)) {
        size_t match_len = get16(p + 18);
        size_t padded = ROUND_UP(match_len, 8);
        if (48 + padded > len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fs->duration_sec = get32(p + 4);
        fs->duration_nsec = get32(p + 8);
        fs->priority = get16(p + 12);
        fs->idle_timeout = get16(p + 14);
        fs->hard_timeout = get16(p + 16);
        fs->idle_age = (int) get16(p + 20) - 1;
        fs->hard_age = (int) get16(p + 22) - 1;
        memcpy(&fs->cookie, p + 24, 8);
        fs->packet_count = get64(p + 32);
        fs->byte_count = get64(p + 40);
        error = nx_pull_match(p + 48, match_len, &fs->match, NULL, NULL);
        if (!error) {
            error = ofpacts_pull_openflow_actions(p + 48 + padded,
                                                  len - 48 - padded,
                                                  version, ofpacts);
        }
    } else if (version == OFP10_VERSION) {
        if (len < 88) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = ofp10_match_decode(p + 4, &fs->match);
        fs->duration_sec = get32(p + 44);
        fs->duration_nsec = get32(p + 48);
        fs->priority = get16(p + 52);
        fs->idle_timeout = get16(p + 54);
        fs->hard_timeout = get16(p + 56);
        memcpy(&fs->cookie, p + 64, 8);
        fs->packet_count = get64(p + 72);
        fs->byte_count = get64(p + 80);
        if (!error) {
            error = ofpacts_pull_openflow_actions(p + 88, len - 88, version,
                                                  ofpacts);
        }
    } else if (version >= OFP15_VERSION) {
        struct ofpbuf mb;
        fs->priority = get16(p + 6);
        fs->idle_timeout = get16(p + 8);
        fs->hard_timeout = get16(p + 10);
        fs->flags = get16(p + 12);
        fs->importance = get16(p + 14);
        memcpy(&fs->cookie, p + 16, 8);
        fs->table_id = p[4];
        fs->packet_count = fs->byte_count = UINT64_MAX;
        ofpbuf_use_const(&mb, p + 24, len - 24);
        error = oxm_pull_match(&mb, &fs->match);
        if (!error) {
            error = pull_ofp15_stats(&mb, &fs->duration_sec,
                                     &fs->duration_nsec, &fs->idle_age,
                                     &fs->packet_count, &fs->byte_count);
        }
        if (!error) {
            error = ofpacts_pull_openflow_instructions(mb.data, mb.size,
                                                       version, ofpacts);
        }
    } else {
        struct ofpbuf mb;
        if (len < 56) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fs->duration_sec = get32(p + 4);
        fs->duration_nsec = get32(p + 8);
        fs->priority = get16(p + 12);
        fs->idle_timeout = get16(p + 14);
        fs->hard_timeout = get16(p + 16);
        fs->flags = version >= OFP13_VERSION ? get16(p + 18) : 0;
        fs->importance = version >= OFP14_VERSION ? get16(p + 20) : 0;
        memcpy(&fs->cookie, p + 24, 8);
        fs->packet_count = get64(p + 32);
        fs->byte_count = get64(p + 40);
        ofpbuf_use_const(&mb, p + 48, len - 48);
        error = ofp11_pull_match(&mb, &fs->match, version);
        if (!error) {
            error = ofpacts_pull_openflow_instructions(mb.data, mb.size,
                                                       version, ofpacts);
        }
    }
    if (error) {
        return error;
    }
    fs->ofpacts = ofpacts->data;
    fs->ofpacts_len = ofpacts->size;
    ofpbuf_pull(msg, len);
    return 0;
}

/* Flow removed. */

struct ofpbuf *
ofp_encode_flow_removed(const struct ofp_flow_removed *fr,
                        enum ofp_protocol proto)
{
    int version = ofp_protocol_to_version(proto);
    struct ofpbuf *b;
    uint8_t *p;

    if (is_nxm(proto)) {
        b = ofpmsg_new_nx(OFPTYPE_FLOW_REMOVED, version, 0, 40);
        size_t body = ofs_in(b, b->msg);
        p = b->msg;
        memcpy(p, &fr->cookie, 8);
        put16(p + 8, fr->priority);
        p[10] = fr->reason;
        p[11] = fr->table_id + 1;       /* 0 means "unknown" here. */
        put32(p + 12, fr->duration_sec);
        put32(p + 16, fr->duration_nsec);
        put16(p + 20, fr->idle_timeout);
        put64(p + 24, fr->packet_count);
        put64(p + 32, fr->byte_count);
        size_t n = put_nxm_padded(b, &fr->match, 0, 0);
        put16(at(b, body + 22), n);
    } else if (version == OFP10_VERSION) {
        b = ofpmsg_new(OFPTYPE_FLOW_REMOVED, version, 0, 80);
        p = b->msg;
        ofp10_match_encode(&fr->match, p);
        memcpy(p + 40, &fr->cookie, 8);
        put16(p + 48, fr->priority);
        p[50] = fr->reason;
        put32(p + 52, fr->duration_sec);
        put32(p + 56, fr->duration_nsec);
        put16(p + 60, fr->idle_timeout);
        put64(p + 64, fr->packet_count);
        put64(p + 72, fr->byte_count);
    } else if (version >= OFP15_VERSION) {
        /* table_id, reason, priority, idle and hard timeouts, cookie; then
         * the match and the counters as OXS statistics. */
        b = ofpmsg_new(OFPTYPE_FLOW_REMOVED, version, 0, 16);
        p = b->msg;
        p[0] = fr->table_id;
        p[1] = fr->reason;
        put16(p + 2, fr->priority);
        put16(p + 4, fr->idle_timeout);
        put16(p + 6, fr->hard_timeout);
        memcpy(p + 8, &fr->cookie, 8);
        oxm_put_match(b, &fr->match);
        put_ofp15_stats(b, fr->duration_sec, fr->duration_nsec, -1,
                        fr->packet_count, fr->byte_count);
    } else {
        b = ofpmsg_new(OFPTYPE_FLOW_REMOVED, version, 0, 40);
        p = b->msg;
        memcpy(p, &fr->cookie, 8);
        put16(p + 8, fr->priority);
        p[10] = fr->reason;
        p[11] = fr->table_id;
        put32(p + 12, fr->duration_sec);
        put32(p + 16, fr->duration_nsec);
        put16(p + 20, fr->idle_timeout);
        if (version >= OFP12_VERSION) {
            /* 1.1 has padding here: hard_timeout came in 1.2. */
            put16(p + 22, fr->hard_timeout);
        }
        put64(p + 24, fr->packet_count);
        put64(p + 32, fr->byte_count);
        ofp11_put_match(b, &fr->match, version);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_flow_removed(struct ofp_flow_removed *fr,
                        const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(fr, 0, sizeof *fr);
    if (ofpmsg_is_nicira(oh)) {
        size_t match_len = get16(p + 22);
        if (40 + ROUND_UP(match_len, 8) > len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        memcpy(&fr->cookie, p, 8);
        fr->priority = get16(p + 8);
        fr->reason = p[10];
        fr->table_id = p[11] ? p[11] - 1 : 0;
        fr->duration_sec = get32(p + 12);
        fr->duration_nsec = get32(p + 16);
        fr->idle_timeout = get16(p + 20);
        fr->packet_count = get64(p + 24);
        fr->byte_count = get64(p + 32);
        return nx_pull_match(p + 40, match_len, &fr->match, NULL, NULL);
    } else if (oh->version == OFP10_VERSION) {
        memcpy(&fr->cookie, p + 40, 8);
        fr->priority = get16(p + 48);
        fr->reason = p[50];
        fr->duration_sec = get32(p + 52);
        fr->duration_nsec = get32(p + 56);
        fr->idle_timeout = get16(p + 60);
        fr->packet_count = get64(p + 64);
        fr->byte_count = get64(p + 72);
        return ofp10_match_decode(p, &fr->match);
    } else if (oh->version >= OFP15_VERSION) {
        struct ofpbuf mb;
        if (len < 16) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fr->table_id = p[0];
        fr->reason = p[1];
        fr->priority = get16(p + 2);
        fr->idle_timeout = get16(p + 4);
        fr->hard_timeout = get16(p + 6);
        memcpy(&fr->cookie, p + 8, 8);
        ofpbuf_use_const(&mb, p + 16, len - 16);
        enum ofperr error = oxm_pull_match(&mb, &fr->match);
        return error ? error : pull_ofp15_stats(&mb, &fr->duration_sec,
                                                &fr->duration_nsec, NULL,
                                                &fr->packet_count,
                                                &fr->byte_count);
    } else {
        struct ofpbuf mb;
        memcpy(&fr->cookie, p, 8);
        fr->priority = get16(p + 8);
        fr->reason = p[10];
        fr->table_id = p[11];
        fr->duration_sec = get32(p + 12);
        fr->duration_nsec = get32(p + 16);
        fr->idle_timeout = get16(p + 20);
        fr->hard_timeout = oh->version >= OFP12_VERSION ? get16(p + 22) : 0;
        fr->packet_count = get64(p + 24);
        fr->byte_count = get64(p + 32);
        ofpbuf_use_const(&mb, p + 40, len - 40);
        return ofp11_pull_match(&mb, &fr->match, oh->version);
    }
}

/* Packet in. */

static uint8_t
reason_for_version(uint8_t reason, int version)
{
    return (version < OFP14_VERSION && reason > OFPR_INVALID_TTL
            ? OFPR_ACTION : reason);
}

struct ofpbuf *
ofp_encode_packet_in(const struct ofp_packet_in *pin, int version,
                     enum nx_packet_in_format format)
{
    struct ofpbuf *b;
    uint8_t *p;
    uint8_t reason = reason_for_version(pin->reason, version);

    if (format == NXPIF_NXT_PACKET_IN) {
        b = ofpmsg_new_nx(OFPTYPE_PACKET_IN, version, 0, 24);
        size_t body = ofs_in(b, b->msg);
        p = b->msg;
        put32(p, pin->buffer_id);
        put16(p + 4, pin->total_len);
        p[6] = pin->reason;
        p[7] = pin->table_id;
        memcpy(p + 8, &pin->cookie, 8);
        size_t n = put_nxm_padded(b, &pin->metadata, 0, 0);
        put16(at(b, body + 16), n);
        ofpbuf_put_zeros(b, 2);
    } else if (version == OFP10_VERSION) {
        b = ofpmsg_new(OFPTYPE_PACKET_IN, version, 0, 10);
        p = b->msg;
        put32(p, pin->buffer_id);
        put16(p + 4, pin->total_len);
        put16(p + 6, pin->metadata.flow.in_port);
        p[8] = reason;
    } else if (version == OFP11_VERSION) {
        b = ofpmsg_new(OFPTYPE_PACKET_IN, version, 0, 16);
        p = b->msg;
        put32(p, pin->buffer_id);
        put32(p + 4, ofp_port_to_ofp11(pin->metadata.flow.in_port));
        put32(p + 8, ofp_port_to_ofp11(pin->metadata.flow.in_port));
        put16(p + 12, pin->total_len);
        p[14] = reason;
        p[15] = pin->table_id;
    } else {
        size_t fixed = version == OFP12_VERSION ? 8 : 16;
        b = ofpmsg_new(OFPTYPE_PACKET_IN, version, 0, fixed);
        p = b->msg;
        put32(p, pin->buffer_id);
        put16(p + 4, pin->total_len);
        p[6] = reason;
        p[7] = pin->table_id;
        if (version >= OFP13_VERSION) {
            memcpy(p + 8, &pin->cookie, 8);
        }
        oxm_put_match(b, &pin->metadata);
        ofpbuf_put_zeros(b, 2);
    }
    ofpbuf_put(b, pin->packet, pin->packet_len);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_packet_in(struct ofp_packet_in *pin, const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    enum ofperr error;

    memset(pin, 0, sizeof *pin);
    match_init_catchall(&pin->metadata);
    if (ofpmsg_is_nicira(oh)) {
        size_t match_len = get16(p + 16);
        size_t padded = ROUND_UP(match_len, 8);
        if (24 + padded + 2 > len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pin->buffer_id = get32(p);
        pin->total_len = get16(p + 4);
        pin->reason = p[6];
        pin->table_id = p[7];
        memcpy(&pin->cookie, p + 8, 8);
        error = nx_pull_match(p + 24, match_len, &pin->metadata, NULL, NULL);
        pin->packet = p + 24 + padded + 2;
        pin->packet_len = len - 24 - padded - 2;
        return error;
    } else if (oh->version == OFP10_VERSION) {
        pin->buffer_id = get32(p);
        pin->total_len = get16(p + 4);
        match_set_in_port(&pin->metadata, get16(p + 6));
        pin->reason = p[8];
        pin->packet = p + 10;
        pin->packet_len = len - 10;
        return 0;
    } else if (oh->version == OFP11_VERSION) {
        uint16_t port;
        pin->buffer_id = get32(p);
        error = port16(get32(p + 4), &port);
        if (error) {
            return error;
        }
        match_set_in_port(&pin->metadata, port);
        pin->total_len = get16(p + 12);
        pin->reason = p[14];
        pin->table_id = p[15];
        pin->packet = p + 16;
        pin->packet_len = len - 16;
        return 0;
    } else {
        size_t fixed = oh->version == OFP12_VERSION ? 8 : 16;
        struct ofpbuf mb;
        pin->buffer_id = get32(p);
        pin->total_len = get16(p + 4);
        pin->reason = p[6];
        pin->table_id = p[7];
        if (oh->version >= OFP13_VERSION) {
            memcpy(&pin->cookie, p + 8, 8);
        }
        ofpbuf_use_const(&mb, p + fixed, len - fixed);
        error = oxm_pull_match(&mb, &pin->metadata);
        if (error) {
            return error;
        }
        if (mb.size < 2) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pin->packet = (const uint8_t *) mb.data + 2;
        pin->packet_len = mb.size - 2;
        return 0;
    }
}

/* Packet out. */

struct ofpbuf *
ofp_encode_packet_out(const struct ofp_packet_out *po, int version)
{
    struct ofpbuf *b;
    size_t body, acts_ofs, n;

    if (version == OFP10_VERSION) {
        b = ofpmsg_new(OFPTYPE_PACKET_OUT, version, 0, 8);
        body = ofs_in(b, b->msg);
        put32(b->msg, po->buffer_id);
        put16((uint8_t *) b->msg + 4, po->in_port);
        acts_ofs = body + 6;
    } else if (version <= OFP14_VERSION) {
        b = ofpmsg_new(OFPTYPE_PACKET_OUT, version, 0, 16);
        body = ofs_in(b, b->msg);
        put32(b->msg, po->buffer_id);
        put32((uint8_t *) b->msg + 4, ofp_port_to_ofp11(po->in_port));
        acts_ofs = body + 8;
    } else {
        struct match m;
        b = ofpmsg_new(OFPTYPE_PACKET_OUT, version, 0, 8);
        body = ofs_in(b, b->msg);
        put32(b->msg, po->buffer_id);
        acts_ofs = body + 4;
        match_init_catchall(&m);
        match_set_in_port(&m, po->in_port);
        oxm_put_match(b, &m);
    }
    n = ofpacts_put_openflow_actions(po->ofpacts, po->ofpacts_len, b,
                                     version);
    put16(at(b, acts_ofs), n);
    if (po->buffer_id == UINT32_MAX) {
        ofpbuf_put(b, po->packet, po->packet_len);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_packet_out(struct ofp_packet_out *po, const struct ofp_header *oh,
                      struct ofpbuf *ofpacts)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    const uint8_t *acts;
    size_t acts_len, fixed;
    enum ofperr error;

    memset(po, 0, sizeof *po);
    ofpbuf_clear(ofpacts);
    po->buffer_id = get32(p);
    if (oh->version == OFP10_VERSION) {
        po->in_port = get16(p + 4);
        acts_len = get16(p + 6);
        fixed = 8;
    } else if (oh->version <= OFP14_VERSION) {
        error = port16(get32(p + 4), &po->in_port);
        if (error) {
            return error;
        }
        acts_len = get16(p + 8);
        fixed = 16;
    } else {
        struct ofpbuf mb;
        struct match m;
        acts_len = get16(p + 4);
        ofpbuf_use_const(&mb, p + 8, len - 8);
        error = oxm_pull_match(&mb, &m);
        if (error) {
            return error;
        }
        po->in_port = (m.wc.masks.in_port ? m.flow.in_port : OFPP_NONE);
        fixed = len - mb.size;
    }
    if (fixed + acts_len > len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (po->in_port >= OFPP_MAX && po->in_port != OFPP_LOCAL
        && po->in_port != OFPP_NONE && po->in_port != OFPP_CONTROLLER) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    acts = p + fixed;
    error = ofpacts_pull_openflow_actions(acts, acts_len, oh->version,
                                          ofpacts);
    if (error) {
        return error;
    }
    po->ofpacts = ofpacts->data;
    po->ofpacts_len = ofpacts->size;
    po->packet = acts + acts_len;
    po->packet_len = len - fixed - acts_len;
    return 0;
}
