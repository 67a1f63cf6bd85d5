/* ofp-group.c -- OpenFlow groups on the wire and as text.  See
 * ofp-group.h.
 *
 * Layouts (big-endian, offsets from the start of each structure):
 *
 *   GROUP_MOD body, 1.1-1.4: command(2) type(1) pad(1) group_id(4),
 *     then buckets of: len(2) weight(2) watch_port(4) watch_group(4)
 *     pad(4) actions.
 *   GROUP_MOD body, 1.5: command(2) type(1) pad(1) group_id(4)
 *     bucket_array_len(2) pad(2) command_bucket_id(4), then buckets of:
 *     len(2) action_array_len(2) bucket_id(4) actions properties (weight
 *     type 0, watch_port type 1, watch_group type 2, each 8 bytes), then
 *     group properties (the selection method, an experimenter property).
 *   GROUP_DESC entry: length(2) type(1) pad(1) group_id(4), then 1.1's
 *     buckets, or for 1.5 bucket_list_len(2) pad(6), buckets, properties.
 *   GROUP_STATS entry: length(2) pad(2) group_id(4) ref_count(4) pad(4)
 *     packet_count(8) byte_count(8) [1.3+: duration_sec(4)
 *     duration_nsec(4)], then per bucket packet_count(8) byte_count(8).
 *   GROUP_FEATURES reply: types(4) capabilities(4) max_groups(4x4)
 *     actions(4x4).
 *
 * Every reader checks each length against what remains before touching
 * the bytes it covers. */
#include <config.h>
#include "ofp-group.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dynamic-string.h"
#include "match.h"
#include "ofp-actions.h"
#include "ofp-bytes.h"
#include "ofp-print.h"
#include "ofpbuf.h"
#include "util.h"

/* The selection method property: an experimenter group property of
 * Netronome's id, as Open vSwitch defines it. */
#define NTR_VENDOR_ID 0x0000154du
#define NTRT_SELECTION_METHOD 1
#define SELECTION_PROP_LEN 40   /* Without the fields. */

enum { BUCKET11_LEN = 16, BUCKET15_LEN = 8 };
enum { GBPT_WEIGHT = 0, GBPT_WATCH_PORT = 1, GBPT_WATCH_GROUP = 2 };

/* Hashable fields, in the order they print.  On the wire a field is an
 * OXM (class 0x8000) header, or with OpenFlow 1.0 and 1.1 the NXM header
 * (class 0x0000 or 0x0001) where the field has one ('nxm_len' nonzero),
 * as Open vSwitch writes them. */
static const struct {
    const char *name;
    const char *alias;
    enum flow_field_id id;
    uint8_t oxm_field, len;
    uint8_t nxm_class, nxm_field, nxm_len;
} group_fields[] = {
    { "in_port", NULL, FF_IN_PORT, 0, 4, 0, 0, 2 },
    { "eth_src", "dl_src", FF_DL_SRC, 4, 6, 0, 2, 6 },
    { "eth_dst", "dl_dst", FF_DL_DST, 3, 6, 0, 1, 6 },
    { "eth_type", "dl_type", FF_DL_TYPE, 5, 2, 0, 3, 2 },
    { "vlan_vid", "dl_vlan", FF_DL_VLAN, 6, 2, 0, 0, 0 },
    { "ip_src", "nw_src", FF_NW_SRC, 11, 4, 0, 7, 4 },
    { "ip_dst", "nw_dst", FF_NW_DST, 12, 4, 0, 8, 4 },
    { "ipv6_src", NULL, FF_IPV6_SRC, 26, 16, 1, 19, 16 },
    { "ipv6_dst", NULL, FF_IPV6_DST, 27, 16, 1, 20, 16 },
    { "nw_proto", "ip_proto", FF_NW_PROTO, 10, 1, 0, 6, 1 },
    { "tcp_src", "tp_src", FF_TP_SRC, 13, 2, 0, 9, 2 },
    { "tcp_dst", "tp_dst", FF_TP_DST, 14, 2, 0, 10, 2 },
    { "udp_src", NULL, FF_TP_SRC, 15, 2, 0, 11, 2 },
    { "udp_dst", NULL, FF_TP_DST, 16, 2, 0, 12, 2 },
    { "sctp_src", NULL, FF_TP_SRC, 17, 2, 0, 0, 0 },
    { "sctp_dst", NULL, FF_TP_DST, 18, 2, 0, 0, 0 },
};
#define N_GROUP_FIELDS ARRAY_SIZE(group_fields)

const char *
ofp_group_field_name(int idx)
{
    return idx >= 0 && idx < (int) N_GROUP_FIELDS ? group_fields[idx].name
           : NULL;
}

const struct flow_field *
ofp_group_field(int idx)
{
    return (idx >= 0 && idx < (int) N_GROUP_FIELDS
            ? &flow_fields[group_fields[idx].id] : NULL);
}

/* Descriptions. */

void
ofp_group_desc_init(struct ofp_group_desc *gd)
{
    memset(gd, 0, sizeof *gd);
}

void
ofp_group_desc_uninit(struct ofp_group_desc *gd)
{
    if (gd) {
        for (size_t i = 0; i < gd->n_buckets; i++) {
            free(gd->buckets[i].ofpacts);
        }
        free(gd->buckets);
        gd->buckets = NULL;
        gd->n_buckets = 0;
    }
}

void
ofp_group_desc_add_bucket(struct ofp_group_desc *gd,
                          const struct ofp_bucket *b)
{
    struct ofp_bucket *nb;

    gd->buckets = xrealloc(gd->buckets,
                           (gd->n_buckets + 1) * sizeof *gd->buckets);
    nb = &gd->buckets[gd->n_buckets++];
    *nb = *b;
    nb->ofpacts = (b->ofpacts_len ? xmemdup(b->ofpacts, b->ofpacts_len)
                   : NULL);
}

void
ofp_group_desc_clone(struct ofp_group_desc *dst,
                     const struct ofp_group_desc *src)
{
    *dst = *src;
    dst->buckets = NULL;
    dst->n_buckets = 0;
    for (size_t i = 0; i < src->n_buckets; i++) {
        ofp_group_desc_add_bucket(dst, &src->buckets[i]);
    }
}

struct ofp_bucket *
ofp_group_desc_find_bucket(const struct ofp_group_desc *gd,
                           uint32_t bucket_id)
{
    for (size_t i = 0; i < gd->n_buckets; i++) {
        if (gd->buckets[i].bucket_id == bucket_id) {
            return &gd->buckets[i];
        }
    }
    return NULL;
}

/* Whether 'version' uses the OpenFlow 1.5 layouts: 1.5, and 1.0, whose
 * group messages are Open vSwitch's Nicira extensions carrying the 1.5
 * layouts (with 1.0 actions). */
static bool
layout15(int version)
{
    return version >= OFP15_VERSION || version == OFP10_VERSION;
}

/* Whether group stats entries carry a duration (1.3+, and the Nicira
 * form of 1.0). */
static bool
stats_have_duration(int version)
{
    return version >= OFP13_VERSION || version == OFP10_VERSION;
}


/* Encoding. */

static void
put_prop8(struct ofpbuf *b, uint16_t type, uint32_t value, bool is16)
{
    uint8_t *p = ofpbuf_put_zeros(b, 8);

    put16(p, type);
    put16(p + 2, 8);
    if (is16) {
        put16(p + 4, value);
    } else {
        put32(p + 4, value);
    }
}

static void
put_bucket(struct ofpbuf *b, const struct ofp_bucket *bk, uint8_t type,
           int version)
{
    size_t start = b->size;
    uint8_t *p;

    if (!layout15(version)) {
        ofpbuf_put_zeros(b, BUCKET11_LEN);
        ofpacts_put_openflow_actions(bk->ofpacts, bk->ofpacts_len, b,
                                     version);
        p = (uint8_t *) b->data + start;
        put16(p, b->size - start);
        put16(p + 2, bk->weight);
        put32(p + 4, ofp_port_to_ofp11(bk->watch_port));
        put32(p + 8, bk->watch_group);
        return;
    }

    ofpbuf_put_zeros(b, BUCKET15_LEN);
    size_t alen = ofpacts_put_openflow_actions(bk->ofpacts, bk->ofpacts_len,
                                               b, version);
    if (type == OFPGT_SELECT) {
        put_prop8(b, GBPT_WEIGHT, bk->weight, true);
    }
    if (bk->watch_port != OFPP_NONE) {
        put_prop8(b, GBPT_WATCH_PORT, ofp_port_to_ofp11(bk->watch_port),
                  false);
    }
    if (bk->watch_group != OFPG_ANY) {
        put_prop8(b, GBPT_WATCH_GROUP, bk->watch_group, false);
    }
    p = (uint8_t *) b->data + start;
    put16(p, b->size - start);
    put16(p + 2, alen);
    put32(p + 4, bk->bucket_id);
}

static void
put_selection_prop(struct ofpbuf *b, const struct ofp_group_desc *gd,
                   int version)
{
    size_t start = b->size;
    uint8_t *p;

    if (!gd->selection_method[0]) {
        return;
    }
    p = ofpbuf_put_zeros(b, SELECTION_PROP_LEN);
    put16(p, 0xffff);
    put32(p + 4, NTR_VENDOR_ID);
    put32(p + 8, NTRT_SELECTION_METHOD);
    memcpy(p + 16, gd->selection_method, strnlen(gd->selection_method, 16));
    put64(p + 32, gd->selection_method_param);
    for (size_t i = 0; i < N_GROUP_FIELDS; i++) {
        if (gd->fields & (1u << i)) {
            /* Each field as an OXM entry whose value is the all-ones
             * mask of the bits hashed. */
            bool nxm = version < OFP12_VERSION && group_fields[i].nxm_len;
            size_t flen = nxm ? group_fields[i].nxm_len : group_fields[i].len;
            uint8_t *f = ofpbuf_put_zeros(b, 4 + flen);

            put16(f, nxm ? group_fields[i].nxm_class : 0x8000);
            f[2] = (nxm ? group_fields[i].nxm_field
                    : group_fields[i].oxm_field) << 1;
            f[3] = flen;
            memset(f + 4, 0xff, flen);
        }
    }
    p = (uint8_t *) b->data + start;
    put16(p + 2, b->size - start);
    ofpbuf_put_zeros(b, ROUND_UP(b->size - start, 8) - (b->size - start));
}

/* Appends the buckets of 'gd' and returns their length. */
static size_t
put_buckets(struct ofpbuf *b, const struct ofp_group_desc *gd, int version)
{
    size_t start = b->size;

    for (size_t i = 0; i < gd->n_buckets; i++) {
        put_bucket(b, &gd->buckets[i], gd->type, version);
    }
    return b->size - start;
}

struct ofpbuf *
ofp_group_mod_encode(const struct ofp_group_mod *gm, int version)
{
    bool v15 = layout15(version);
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_GROUP_MOD, version, 0,
                                  v15 ? 16 : 8);
    uint8_t *p = b->msg;
    size_t ofs = (uint8_t *) b->msg - (uint8_t *) b->data;
    size_t blen;

    put16(p, gm->command);
    p[2] = gm->gd.type;
    put32(p + 4, gm->gd.group_id);
    if (gm->command != OFPGC_DELETE) {
        blen = put_buckets(b, &gm->gd, version);
        if (v15) {
            p = (uint8_t *) b->data + ofs;
            put16(p + 8, blen);
            put_selection_prop(b, &gm->gd, version);
        }
    }
    if (v15) {
        p = (uint8_t *) b->data + ofs;
        put32(p + 12, gm->command_bucket_id);
    }
    ofpmsg_update_length(b);
    return b;
}

/* Decoding. */

static enum ofperr
pull_bucket_props(struct ofp_bucket *bk, const uint8_t *p, size_t len)
{
    while (len) {
        uint16_t type, plen;

        if (len < 4) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        type = get16(p);
        plen = get16(p + 2);
        if (plen < 4 || plen > len) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        switch (type) {
        case GBPT_WEIGHT:
            if (plen != 8) {
                return OFPERR_OFPGMFC_BAD_BUCKET;
            }
            bk->weight = get16(p + 4);
            break;
        case GBPT_WATCH_PORT:
            if (plen != 8
                || !ofp_port_from_ofp11(get32(p + 4), &bk->watch_port)) {
                return OFPERR_OFPGMFC_BAD_WATCH;
            }
            break;
        case GBPT_WATCH_GROUP:
            if (plen != 8) {
                return OFPERR_OFPGMFC_BAD_WATCH;
            }
            bk->watch_group = get32(p + 4);
            break;
        default:
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        plen = ROUND_UP(plen, 8) <= len ? ROUND_UP(plen, 8) : plen;
        p += plen;
        len -= plen;
    }
    return 0;
}

/* A bucket's weight when none is given: select groups weigh their
 * buckets equally, the other types do not use weights. */
static uint16_t
default_weight(uint8_t type)
{
    return type == OFPGT_SELECT ? 1 : 0;
}

/* Reads 'len' bytes of buckets at 'p' into 'gd'. */
static enum ofperr
pull_buckets(struct ofp_group_desc *gd, const uint8_t *p, size_t len,
             int version)
{
    struct ofpbuf ofpacts;
    enum ofperr error = 0;

    ofpbuf_init(&ofpacts, 64);
    while (len && !error) {
        struct ofp_bucket bk;
        size_t blen, hlen, alen;

        memset(&bk, 0, sizeof bk);
        /* As Open vSwitch does, a bucket insert's buckets without a
         * weight property weigh what the message's group type says,
         * even when inserted into a select group. */
        bk.weight = default_weight(gd->type);
        bk.watch_port = OFPP_NONE;
        bk.watch_group = OFPG_ANY;
        hlen = layout15(version) ? BUCKET15_LEN : BUCKET11_LEN;
        if (len < hlen) {
            error = OFPERR_OFPGMFC_BAD_BUCKET;
            break;
        }
        blen = get16(p);
        if (blen < hlen || blen > len || blen % 8) {
            error = OFPERR_OFPGMFC_BAD_BUCKET;
            break;
        }
        if (!layout15(version)) {
            bk.bucket_id = gd->n_buckets;
            bk.weight = get16(p + 2);
            if (!ofp_port_from_ofp11(get32(p + 4), &bk.watch_port)) {
                error = OFPERR_OFPGMFC_BAD_WATCH;
                break;
            }
            bk.watch_group = get32(p + 8);
            alen = blen - hlen;
        } else {
            alen = get16(p + 2);
            bk.bucket_id = get32(p + 4);
            if (alen > blen - hlen || alen % 8
                || bk.bucket_id > OFPG_BUCKET_MAX
                || ofp_group_desc_find_bucket(gd, bk.bucket_id)) {
                error = OFPERR_OFPGMFC_BAD_BUCKET;
                break;
            }
            error = pull_bucket_props(&bk, p + hlen + alen,
                                      blen - hlen - alen);
            if (error) {
                break;
            }
        }
        ofpbuf_clear(&ofpacts);
        error = ofpacts_pull_openflow_actions(p + hlen, alen, version,
                                              &ofpacts);
        if (error) {
            break;
        }
        bk.ofpacts = ofpacts.data;
        bk.ofpacts_len = ofpacts.size;
        ofp_group_desc_add_bucket(gd, &bk);
        p += blen;
        len -= blen;
    }
    ofpbuf_uninit(&ofpacts);
    return error;
}

static enum ofperr
pull_group_props(struct ofp_group_desc *gd, const uint8_t *p, size_t len)
{
    while (len) {
        uint16_t type, plen;

        if (len < 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        type = get16(p);
        plen = get16(p + 2);
        if (plen < 4 || plen > len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type != 0xffff || plen < SELECTION_PROP_LEN
            || get32(p + 4) != NTR_VENDOR_ID
            || get32(p + 8) != NTRT_SELECTION_METHOD) {
            return OFPERR_OFPBRC_BAD_TYPE;
        }
        memcpy(gd->selection_method, p + 16, 16);
        if (gd->selection_method[15]
            || (strcmp(gd->selection_method, "hash")
                && strcmp(gd->selection_method, "dp_hash"))) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        gd->selection_method_param = get64(p + 32);
        for (size_t i = SELECTION_PROP_LEN; i < plen; ) {
            size_t flen;
            bool found = false;

            if (plen - i < 4) {
                return OFPERR_OFPBMC_BAD_LEN;
            }
            flen = p[i + 3];
            if (plen - i < 4 + flen) {
                return OFPERR_OFPBMC_BAD_LEN;
            }
            if (get32(p + i)) {
                uint16_t class = get16(p + i);
                unsigned int field = p[i + 2] >> 1;
                size_t n = (p[i + 2] & 1) ? flen / 2 : flen;

                for (size_t j = 0; j < N_GROUP_FIELDS; j++) {
                    if (class == 0x8000
                        ? (field == group_fields[j].oxm_field
                           && n == group_fields[j].len)
                        : (group_fields[j].nxm_len
                           && class == group_fields[j].nxm_class
                           && field == group_fields[j].nxm_field
                           && n == group_fields[j].nxm_len)) {
                        gd->fields |= 1u << j;
                        found = true;
                    }
                }
            } else {
                break;          /* Padding. */
            }
            if (!found) {
                return OFPERR_OFPBMC_BAD_FIELD;
            }
            i += 4 + flen;
        }
        if (gd->fields && strcmp(gd->selection_method, "hash")) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        plen = ROUND_UP(plen, 8) <= len ? ROUND_UP(plen, 8) : plen;
        p += plen;
        len -= plen;
    }
    return 0;
}

/* What every group must satisfy, whatever the version. */
static enum ofperr
check_group(const struct ofp_group_desc *gd, uint16_t command)
{
    if (command == OFPGC_DELETE || command == OFPGC_REMOVE_BUCKET) {
        return 0;
    }
    if (gd->type > OFPGT_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    if (gd->type == OFPGT_INDIRECT && gd->n_buckets > 1
        && command != OFPGC_INSERT_BUCKET) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    for (size_t i = 0; i < gd->n_buckets; i++) {
        const struct ofp_bucket *bk = &gd->buckets[i];

        if (gd->type == OFPGT_FF && bk->watch_port == OFPP_NONE
            && bk->watch_group == OFPG_ANY) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
    }
    return 0;
}

enum ofperr
ofp_group_mod_decode(struct ofp_group_mod *gm, const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    int v = oh->version;
    enum ofperr error;

    memset(gm, 0, sizeof *gm);
    ofp_group_desc_init(&gm->gd);
    gm->command_bucket_id = OFPG_BUCKET_ALL;
    if (len < 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gm->command = get16(p);
    gm->gd.type = p[2];
    gm->gd.group_id = get32(p + 4);
    switch (gm->command) {
    case OFPGC_ADD: case OFPGC_MODIFY: case OFPGC_DELETE:
    case OFPGC_ADD_OR_MOD:
        break;
    case OFPGC_INSERT_BUCKET: case OFPGC_REMOVE_BUCKET:
        if (layout15(v)) {
            break;
        }
        /* Fall through. */
    default:
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }

    if (!layout15(v)) {
        error = pull_buckets(&gm->gd, p + 8, len - 8, v);
    } else {
        size_t blen;

        if (len < 16) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        blen = get16(p + 8);
        gm->command_bucket_id = get32(p + 12);
        if (blen > len - 16) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        if (gm->command_bucket_id > OFPG_BUCKET_MAX
            && gm->command_bucket_id < OFPG_BUCKET_FIRST) {
            return OFPERR_OFPGMFC_UNKNOWN_BUCKET;
        }
        error = pull_buckets(&gm->gd, p + 16, blen, v);
        if (!error) {
            error = pull_group_props(&gm->gd, p + 16 + blen,
                                     len - 16 - blen);
        }
    }
    if (!error) {
        error = check_group(&gm->gd, gm->command);
    }
    if (error) {
        ofp_group_desc_uninit(&gm->gd);
    }
    return error;
}

/* Requests. */

struct ofpbuf *
ofp_group_stats_request_encode(int version, uint32_t group_id)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_GROUP_STATS_REQUEST, version, 0,
                                  8);
    put32(b->msg, group_id);
    return b;
}

struct ofpbuf *
ofp_group_desc_request_encode(int version, uint32_t group_id)
{
    struct ofpbuf *b;

    if (!layout15(version)) {
        return ofpmsg_new(OFPTYPE_GROUP_DESC_STATS_REQUEST, version, 0, 0);
    }
    b = ofpmsg_new(OFPTYPE_GROUP_DESC_STATS_REQUEST, version, 0, 8);
    put32(b->msg, group_id);
    return b;
}

enum ofperr
ofp_group_request_decode(const struct ofp_header *oh, uint32_t *group_id)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    *group_id = OFPG_ALL;
    if (len >= 4) {
        *group_id = get32(p);
    } else if (len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

/* Group desc replies. */

void
ofp_group_desc_put(const struct ofp_group_desc *gd, struct ofp_multipart *mp)
{
    int v = mp->request->version;
    bool v15 = layout15(v);
    size_t hlen = v15 ? 16 : 8;
    struct ofpbuf b;
    uint8_t *p;

    ofpbuf_init(&b, 128);
    ofpbuf_put_zeros(&b, hlen);
    size_t blen = put_buckets(&b, gd, v);
    if (v15) {
        put_selection_prop(&b, gd, v);
    }
    p = b.data;
    put16(p, b.size);
    p[2] = gd->type;
    put32(p + 4, gd->group_id);
    if (v15) {
        put16(p + 8, blen);
    }
    memcpy(ofp_multipart_put(mp, b.size), b.data, b.size);
    ofpbuf_uninit(&b);
}

int
ofp_group_desc_pull(struct ofp_group_desc *gd, struct ofpbuf *msg)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    int v = oh->version;
    bool v15 = layout15(v);
    size_t hlen = v15 ? 16 : 8;
    const uint8_t *p = msg->data;
    size_t len;
    enum ofperr error;

    ofp_group_desc_init(gd);
    if (!msg->size) {
        return EOF;
    }
    if (msg->size < hlen) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    len = get16(p);
    if (len < hlen || len > msg->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gd->type = p[2];
    gd->group_id = get32(p + 4);
    if (!v15) {
        error = pull_buckets(gd, p + hlen, len - hlen, v);
    } else {
        size_t blen = get16(p + 8);
        if (blen > len - hlen) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = pull_buckets(gd, p + hlen, blen, v);
        if (!error) {
            error = pull_group_props(gd, p + hlen + blen, len - hlen - blen);
        }
    }
    if (error) {
        ofp_group_desc_uninit(gd);
        return error;
    }
    ofpbuf_pull(msg, len);
    return 0;
}

/* Group stats replies. */

static size_t
group_stats_len(int version)
{
    return stats_have_duration(version) ? 40 : 32;
}

void
ofp_group_stats_put(const struct ofp_group_stats *gs,
                    struct ofp_multipart *mp)
{
    int v = mp->request->version;
    size_t hlen = group_stats_len(v);
    size_t len = hlen + 16 * gs->n_buckets;
    uint8_t *p = ofp_multipart_put(mp, len);

    put16(p, len);
    put32(p + 4, gs->group_id);
    put32(p + 8, gs->ref_count);
    put64(p + 16, gs->packet_count);
    put64(p + 24, gs->byte_count);
    if (stats_have_duration(v)) {
        put32(p + 32, gs->duration_sec);
        put32(p + 36, gs->duration_nsec);
    }
    for (size_t i = 0; i < gs->n_buckets; i++) {
        put64(p + hlen + 16 * i, gs->buckets[i].packet_count);
        put64(p + hlen + 16 * i + 8, gs->buckets[i].byte_count);
    }
}

int
ofp_group_stats_pull(struct ofp_group_stats *gs, struct ofpbuf *msg)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    int v = oh->version;
    size_t hlen = group_stats_len(v);
    const uint8_t *p = msg->data;
    size_t len;

    memset(gs, 0, sizeof *gs);
    if (!msg->size) {
        return EOF;
    }
    if (msg->size < hlen) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    len = get16(p);
    if (len < hlen || len > msg->size || (len - hlen) % 16) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gs->group_id = get32(p + 4);
    gs->ref_count = get32(p + 8);
    gs->packet_count = get64(p + 16);
    gs->byte_count = get64(p + 24);
    gs->duration_sec = gs->duration_nsec = UINT32_MAX;
    if (stats_have_duration(v)) {
        gs->duration_sec = get32(p + 32);
        gs->duration_nsec = get32(p + 36);
    }
    gs->n_buckets = (len - hlen) / 16;
    gs->buckets = xcalloc(gs->n_buckets + 1, sizeof *gs->buckets);
    for (size_t i = 0; i < gs->n_buckets; i++) {
        gs->buckets[i].packet_count = get64(p + hlen + 16 * i);
        gs->buckets[i].byte_count = get64(p + hlen + 16 * i + 8);
    }
    ofpbuf_pull(msg, len);
    return 0;
}

/* Group features. */

struct ofpbuf *
ofp_group_features_reply_encode(const struct ofp_group_features *gf,
                                const struct ofp_header *request)
{
    struct ofpbuf *b = ofpmsg_new_reply(OFPTYPE_GROUP_FEATURES_STATS_REPLY,
                                        request, 40);
    uint8_t *p = b->msg;

    put32(p, gf->types);
    put32(p + 4, gf->capabilities);
    for (int i = 0; i < 4; i++) {
        put32(p + 8 + 4 * i, gf->max_groups[i]);
        put32(p + 24 + 4 * i, gf->actions[i]);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_group_features_reply_decode(struct ofp_group_features *gf,
                                const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    if (len < 40) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gf->types = get32(p);
    gf->capabilities = get32(p + 4);
    for (int i = 0; i < 4; i++) {
        gf->max_groups[i] = get32(p + 8 + 4 * i);
        gf->actions[i] = get32(p + 24 + 4 * i);
    }
    return 0;
}

/* Text: parsing. */

/* Splits 's' at the next comma outside parentheses; returns the item
 * (NUL-terminated in place) or NULL at the end. */
static char *
next_token(char **sp)
{
    char *s = *sp, *start;
    int depth = 0;

    while (*s == ',' || *s == ' ' || *s == '\t') {
        s++;
    }
    if (!*s) {
        *sp = s;
        return NULL;
    }
    start = s;
    for (; *s; s++) {
        if (*s == '(') {
            depth++;
        } else if (*s == ')') {
            depth--;
        } else if (*s == ',' && depth <= 0) {
            *s++ = '\0';
            break;
        }
    }
    *sp = s;
    return start;
}

/* Splits "key=value" or "key:value" (the first of '=' ':' '('). */
static void
split_kv(char *tok, char **key, char **value)
{
    size_t n = strcspn(tok, "=:(");

    *key = tok;
    if (tok[n] == '(') {
        /* "fields(a,b)": the value is inside the parentheses. */
        char *end = strrchr(tok, ')');
        tok[n] = '\0';
        *value = tok + n + 1;
        if (end) {
            *end = '\0';
        }
    } else if (tok[n]) {
        tok[n] = '\0';
        *value = tok + n + 1;
    } else {
        *value = NULL;
    }
}

static char *
parse_u32(const char *s, const char *what, uint32_t *out)
{
    char *end;
    unsigned long long x;

    if (!s || !*s) {
        return xasprintf("%s: missing value", what);
    }
    errno = 0;
    x = strtoull(s, &end, 0);
    if (errno || *end || x > UINT32_MAX) {
        return xasprintf("%s: invalid value \"%s\"", what, s);
    }
    *out = x;
    return NULL;
}

static char *
parse_group_id(const char *s, uint32_t *id)
{
    if (s && !strcasecmp(s, "all")) {
        *id = OFPG_ALL;
        return NULL;
    } else if (s && !strcasecmp(s, "any")) {
        *id = OFPG_ANY;
        return NULL;
    }
    return parse_u32(s, "group_id", id);
}

static char *
parse_watch_port(const char *s, uint16_t *port)
{
    static const struct { const char *name; uint16_t port; } names[] = {
        { "LOCAL", OFPP_LOCAL }, { "ANY", OFPP_NONE }, { "NONE", OFPP_NONE },
        { "IN_PORT", OFPP_IN_PORT }, { "CONTROLLER", OFPP_CONTROLLER },
    };
    uint32_t x;
    char *error;

    for (size_t i = 0; s && i < ARRAY_SIZE(names); i++) {
        if (!strcasecmp(s, names[i].name)) {
            *port = names[i].port;
            return NULL;
        }
    }
    error = parse_u32(s, "watch_port", &x);
    if (!error && !ofp_port_from_ofp11(x, port)) {
        error = xasprintf("watch_port: invalid port \"%s\"", s);
    }
    return error;
}

static char *
parse_fields(char *value, uint32_t *fields)
{
    char *tok;

    while ((tok = next_token(&value)) != NULL) {
        size_t i;

        for (i = 0; i < N_GROUP_FIELDS; i++) {
            if (!strcmp(tok, group_fields[i].name)
                || (group_fields[i].alias
                    && !strcmp(tok, group_fields[i].alias))) {
                break;
            }
        }
        if (i == N_GROUP_FIELDS) {
            return xasprintf("%s: unknown field or not hashable", tok);
        }
        *fields |= 1u << i;
    }
    return NULL;
}

/* Parses one bucket from the tokens after "bucket=" ('first' is the text
 * after "bucket=").  Stops at the next "bucket=" token, which it leaves
 * in '*next' (or NULL). */
static char *
parse_bucket(char *first, char **sp, struct ofp_bucket *bk,
             struct ofpbuf *ofpacts, char **next, bool *has_weight)
{
    struct ds actions = DS_EMPTY_INITIALIZER;
    bool in_actions = false;
    char *tok = first, *error = NULL;

    *next = NULL;
    for (; tok; tok = next_token(sp)) {
        if (!strncmp(tok, "bucket=", 7)) {
            *next = tok + 7;
            break;
        }
        if (in_actions) {
            ds_put_format(&actions, ",%s", tok);
            continue;
        }
        if (!strncmp(tok, "actions=", 8)) {
            in_actions = true;
            ds_put_cstr(&actions, tok + 8);
            continue;
        }

        char *copy = xstrdup(tok), *key, *value;
        uint32_t x;
        split_kv(copy, &key, &value);
        if (!strcmp(key, "bucket_id") && value) {
            error = parse_u32(value, "bucket_id", &bk->bucket_id);
            if (!error && bk->bucket_id > OFPG_BUCKET_MAX) {
                error = xasprintf("bucket_id: invalid value \"%s\"",
                                  value);
            }
        } else if (!strcmp(key, "weight") && value) {
            error = parse_u32(value, "weight", &x);
            if (!error && x > UINT16_MAX) {
                error = xasprintf("weight: invalid value \"%s\"", value);
            }
            bk->weight = x;
            *has_weight = true;
        } else if (!strcmp(key, "watch_port") && value) {
            error = parse_watch_port(value, &bk->watch_port);
        } else if (!strcmp(key, "watch_group") && value) {
            error = parse_group_id(value, &bk->watch_group);
        } else {
            in_actions = true;
            ds_put_cstr(&actions, tok);
        }
        free(copy);
        if (error) {
            break;
        }
    }
    if (!error) {
        error = ofpacts_parse(ds_cstr(&actions), ofpacts);
    }
    ds_destroy(&actions);
    return error;
}

static char *
parse_group(struct ofp_group_mod *gm, uint16_t command, char *s)
{
    struct ofp_group_desc *gd = &gm->gd;
    bool have_id = false, have_type = false, have_weight = false;
    struct ofpbuf ofpacts;
    char *tok, *error = NULL;

    ofpbuf_init(&ofpacts, 64);
    while ((tok = next_token(&s)) != NULL) {
        if (!strncmp(tok, "bucket=", 7)) {
            char *next = tok + 7;

            while (next && !error) {
                struct ofp_bucket bk;

                memset(&bk, 0, sizeof bk);
                bk.bucket_id = gd->n_buckets;
                bk.weight = 1;
                bk.watch_port = OFPP_NONE;
                bk.watch_group = OFPG_ANY;
                ofpbuf_clear(&ofpacts);
                error = parse_bucket(next, &s, &bk, &ofpacts, &next,
                                     &have_weight);
                if (!error) {
                    bk.ofpacts = ofpacts.data;
                    bk.ofpacts_len = ofpacts.size;
                    ofp_group_desc_add_bucket(gd, &bk);
                }
            }
            break;
        }

        char *key, *value;
        split_kv(tok, &key, &value);
        if (!strcmp(key, "group_id")) {
            error = parse_group_id(value, &gd->group_id);
            have_id = true;
        } else if (!strcmp(key, "type") && value) {
            have_type = true;
            if (!strcmp(value, "all")) {
                gd->type = OFPGT_ALL;
            } else if (!strcmp(value, "select")) {
                gd->type = OFPGT_SELECT;
            } else if (!strcmp(value, "indirect")) {
                gd->type = OFPGT_INDIRECT;
            } else if (!strcmp(value, "ff")
                       || !strcmp(value, "fast_failover")) {
                gd->type = OFPGT_FF;
            } else {
                error = xasprintf("invalid group type %s", value);
            }
        } else if (!strcmp(key, "command_bucket_id") && value) {
            if (!strcmp(value, "first")) {
                gm->command_bucket_id = OFPG_BUCKET_FIRST;
            } else if (!strcmp(value, "last")) {
                gm->command_bucket_id = OFPG_BUCKET_LAST;
            } else if (!strcmp(value, "all")) {
                gm->command_bucket_id = OFPG_BUCKET_ALL;
            } else {
                error = parse_u32(value, "command_bucket_id",
                                  &gm->command_bucket_id);
            }
        } else if (!strcmp(key, "selection_method") && value) {
            if (strcmp(value, "hash") && strcmp(value, "dp_hash")) {
                error = xasprintf("selection_method: unknown method "
                                  "\"%s\"", value);
            } else {
                snprintf(gd->selection_method, sizeof gd->selection_method,
                         "%s", value);
            }
        } else if (!strcmp(key, "selection_method_param") && value) {
            char *end;
            errno = 0;
            gd->selection_method_param = strtoull(value, &end, 0);
            if (errno || *end) {
                error = xasprintf("selection_method_param: invalid value "
                                  "\"%s\"", value);
            }
        } else if (!strcmp(key, "fields") && value) {
            error = parse_fields(value, &gd->fields);
        } else {
            error = xasprintf("unknown keyword %s", key);
        }
        if (error) {
            break;
        }
    }
    ofpbuf_uninit(&ofpacts);
    if (error) {
        return error;
    }

    if (!have_id) {
        if (command == OFPGC_DELETE) {
            gd->group_id = OFPG_ALL;
        } else {
            return xstrdup("must specify a group_id");
        }
    }
    if (!have_type && (command == OFPGC_ADD || command == OFPGC_MODIFY
                       || command == OFPGC_ADD_OR_MOD)) {
        return xstrdup("must specify a type");
    }
    if (gd->fields && strcmp(gd->selection_method, "hash")) {
        return xstrdup("fields may only be specified with "
                       "\"selection_method=hash\"");
    }
    if (gd->selection_method_param && !gd->selection_method[0]) {
        return xstrdup("selection_method_param is only allowed with "
                       "\"selection_method\"");
    }
    if (have_weight && have_type && gd->type != OFPGT_SELECT) {
        return xstrdup("Only select groups can have bucket weights.");
    }
    if (!have_weight && have_type) {
        for (size_t i = 0; i < gd->n_buckets; i++) {
            gd->buckets[i].weight = default_weight(gd->type);
        }
    }
    if (have_type && gd->type == OFPGT_INDIRECT && gd->n_buckets > 1) {
        return xstrdup("Indirect groups can have at most one bucket.");
    }
    for (size_t i = 0; have_type && i < gd->n_buckets; i++) {
        if (gd->type == OFPGT_FF
            && gd->buckets[i].watch_port == OFPP_NONE
            && gd->buckets[i].watch_group == OFPG_ANY) {
            return xstrdup("fast failover bucket requires watch_port or "
                           "watch_group");
        }
    }
    return NULL;
}

char *
ofp_group_mod_parse(struct ofp_group_mod *gm, uint16_t command,
                    const char *s_)
{
    char *s = xstrdup(s_);
    char *error;

    memset(gm, 0, sizeof *gm);
    ofp_group_desc_init(&gm->gd);
    gm->command = command;
    gm->command_bucket_id = (command == OFPGC_INSERT_BUCKET
                             ? OFPG_BUCKET_LAST : OFPG_BUCKET_ALL);
    error = parse_group(gm, command, s);
    free(s);
    if (error) {
        ofp_group_desc_uninit(&gm->gd);
    }
    return error;
}

/* Text: printing. */

static const char *
group_type_name(uint8_t type)
{
    switch (type) {
    case OFPGT_ALL: return "all";
    case OFPGT_SELECT: return "select";
    case OFPGT_INDIRECT: return "indirect";
    case OFPGT_FF: return "ff";
    default: return NULL;
    }
}

static void
format_bucket_id(struct ds *s, uint32_t id)
{
    switch (id) {
    case OFPG_BUCKET_FIRST: ds_put_cstr(s, "first"); break;
    case OFPG_BUCKET_LAST: ds_put_cstr(s, "last"); break;
    case OFPG_BUCKET_ALL: ds_put_cstr(s, "all"); break;
    default: ds_put_format(s, "%"PRIu32, id); break;
    }
}

void
ofp_group_desc_format(struct ds *s, const struct ofp_group_desc *gd,
                      int version)
{
    const char *type = group_type_name(gd->type);

    ds_put_format(s, "group_id=%"PRIu32",type=", gd->group_id);
    if (type) {
        ds_put_cstr(s, type);
    } else {
        ds_put_format(s, "%"PRIu8, gd->type);
    }
    if (gd->selection_method[0]) {
        ds_put_format(s, ",selection_method=%s", gd->selection_method);
        if (gd->selection_method_param) {
            ds_put_format(s, ",selection_method_param=%"PRIu64,
                          gd->selection_method_param);
        }
        if (gd->fields) {
            const char *sep = "";
            ds_put_cstr(s, ",fields(");
            for (size_t i = 0; i < N_GROUP_FIELDS; i++) {
                if (gd->fields & (1u << i)) {
                    ds_put_format(s, "%s%s", sep, group_fields[i].name);
                    sep = ",";
                }
            }
            ds_put_char(s, ')');
        }
    }
    for (size_t i = 0; i < gd->n_buckets; i++) {
        const struct ofp_bucket *bk = &gd->buckets[i];

        ds_put_cstr(s, ",bucket=");
        if (layout15(version)) {
            ds_put_format(s, "bucket_id:%"PRIu32",", bk->bucket_id);
        }
        if (bk->weight != default_weight(gd->type)) {
            ds_put_format(s, "weight:%"PRIu16",", bk->weight);
        }
        if (bk->watch_port != OFPP_NONE) {
            ds_put_cstr(s, "watch_port:");
            ofp_format_port(s, bk->watch_port);
            ds_put_char(s, ',');
        }
        if (bk->watch_group != OFPG_ANY) {
            ds_put_format(s, "watch_group:%"PRIu32",", bk->watch_group);
        }
        ds_put_cstr(s, "actions=");
        ofpacts_format(bk->ofpacts, bk->ofpacts_len, s);
    }
}

/* "duration=3s," or with the nanoseconds, trailing zeros dropped past
 * the milliseconds: "duration=3.200s,", "duration=3.000001s,". */
static void
format_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    ds_put_format(s, "duration=%"PRIu32, sec);
    if (nsec) {
        char frac[16];
        int n = snprintf(frac, sizeof frac, "%09"PRIu32, nsec % 1000000000);
        while (n > 3 && frac[n - 1] == '0') {
            n--;
        }
        ds_put_format(s, ".%.*s", n, frac);
    }
    ds_put_cstr(s, "s,");
}

static void
print_group_mod(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_group_mod gm;
    enum ofperr error = ofp_group_mod_decode(&gm, oh);

    if (error) {
        ds_put_format(s, " ***decode error: %s***\n",
                      ofperr_get_name(error));
        return;
    }
    ds_put_cstr(s, "\n ");
    switch (gm.command) {
    case OFPGC_ADD: ds_put_cstr(s, "ADD"); break;
    case OFPGC_MODIFY: ds_put_cstr(s, "MOD"); break;
    case OFPGC_DELETE: ds_put_cstr(s, "DEL"); break;
    case OFPGC_INSERT_BUCKET: ds_put_cstr(s, "INSERT_BUCKET"); break;
    case OFPGC_REMOVE_BUCKET: ds_put_cstr(s, "REMOVE_BUCKET"); break;
    case OFPGC_ADD_OR_MOD: ds_put_cstr(s, "ADD_OR_MOD"); break;
    }
    ds_put_char(s, ' ');
    if (gm.command == OFPGC_INSERT_BUCKET
        || gm.command == OFPGC_REMOVE_BUCKET) {
        ds_put_cstr(s, "command_bucket_id:");
        format_bucket_id(s, gm.command_bucket_id);
        ds_put_char(s, ',');
    }
    ofp_group_desc_format(s, &gm.gd, oh->version);
    ds_put_char(s, '\n');
    ofp_group_desc_uninit(&gm.gd);
}

static void
print_group_desc_reply(struct ds *s, const struct ofp_header *oh,
                       size_t len)
{
    struct ofp_group_desc gd;
    struct ofpbuf msg;
    int error;

    ds_put_char(s, '\n');
    ofpbuf_use_const(&msg, oh, len);
    while (!(error = ofp_group_desc_pull(&gd, &msg))) {
        ds_put_char(s, ' ');
        ofp_group_desc_format(s, &gd, oh->version);
        ds_put_char(s, '\n');
        ofp_group_desc_uninit(&gd);
    }
    if (error != EOF) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
    }
}

static void
print_group_stats_reply(struct ds *s, const struct ofp_header *oh,
                        size_t len)
{
    struct ofp_group_stats gs;
    struct ofpbuf msg;
    int error;

    ds_put_char(s, '\n');
    ofpbuf_use_const(&msg, oh, len);
    while (!(error = ofp_group_stats_pull(&gs, &msg))) {
        ds_put_format(s, " group_id=%"PRIu32",", gs.group_id);
        if (gs.duration_sec != UINT32_MAX) {
            format_duration(s, gs.duration_sec, gs.duration_nsec);
        }
        ds_put_format(s, "ref_count=%"PRIu32",packet_count=%"PRIu64
                      ",byte_count=%"PRIu64, gs.ref_count, gs.packet_count,
                      gs.byte_count);
        for (size_t i = 0; i < gs.n_buckets; i++) {
            ds_put_format(s, ",bucket%zu:packet_count=%"PRIu64
                          ",byte_count=%"PRIu64, i,
                          gs.buckets[i].packet_count,
                          gs.buckets[i].byte_count);
        }
        ds_put_char(s, '\n');
        free(gs.buckets);
    }
    if (error != EOF) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
    }
}

static void
print_group_features(struct ds *s, const struct ofp_header *oh)
{
    /* In the order ovs-ofctl lists them; bit numbers are the action
     * types of OpenFlow 1.0, of 1.1, and of 1.2+. */
    struct act_name { int bit; const char *name; };
    static const struct act_name acts10[] = {
        { 0, "output" }, { 11, "enqueue" }, { 1, "set_vlan_vid" },
        { 2, "set_vlan_pcp" }, { 3, "strip_vlan" }, { 4, "mod_dl_src" },
        { 5, "mod_dl_dst" }, { 6, "mod_nw_src" }, { 7, "mod_nw_dst" },
        { 8, "mod_nw_tos" }, { 9, "mod_tp_src" }, { 10, "mod_tp_dst" },
        { -1, NULL },
    };
    static const struct act_name acts11[] = {
        { 0, "output" }, { 22, "group" }, { 1, "set_vlan_vid" },
        { 2, "set_vlan_pcp" }, { 18, "strip_vlan" }, { 17, "push_vlan" },
        { 3, "mod_dl_src" }, { 4, "mod_dl_dst" }, { 5, "mod_nw_src" },
        { 6, "mod_nw_dst" }, { 7, "mod_nw_tos" }, { 8, "mod_nw_ecn" },
        { 23, "mod_nw_ttl" }, { 9, "mod_tp_src" }, { 10, "mod_tp_dst" },
        { 24, "dec_ttl" }, { 13, "set_mpls_label" }, { 14, "set_mpls_tc" },
        { 15, "set_mpls_ttl" }, { 16, "dec_mpls_ttl" }, { 19, "push_mpls" },
        { 20, "pop_mpls" }, { 21, "set_queue" }, { 11, "copy_ttl_out" },
        { 12, "copy_ttl_in" }, { -1, NULL },
    };
    static const struct act_name acts12[] = {
        { 0, "output" }, { 22, "group" }, { 25, "set_field" },
        { 18, "strip_vlan" }, { 17, "push_vlan" }, { 23, "mod_nw_ttl" },
        { 24, "dec_ttl" }, { 15, "set_mpls_ttl" }, { 16, "dec_mpls_ttl" },
        { 19, "push_mpls" }, { 20, "pop_mpls" }, { 21, "set_queue" },
        { 11, "copy_ttl_out" }, { 12, "copy_ttl_in" }, { 26, "push_pbb" },
        { 27, "pop_pbb" }, { -1, NULL },
    };
    const struct act_name *acts = (oh->version == OFP10_VERSION ? acts10
                                   : oh->version == OFP11_VERSION ? acts11
                                   : acts12);
    static const char *const types[] = {
        "all", "select", "indirect", "fast failover",
    };
    struct ofp_group_features gf;
    enum ofperr error = ofp_group_features_reply_decode(&gf, oh);

    if (error) {
        ds_put_format(s, " ***decode error: %s***\n",
                      ofperr_get_name(error));
        return;
    }
    ds_put_format(s, "\n Group table:\n    Types:  %#"PRIx32"\n"
                  "    Capabilities:  %#"PRIx32"\n", gf.types,
                  gf.capabilities);
    for (int i = 0; i < 4; i++) {
        if (!(gf.types & (1u << i))) {
            continue;
        }
        ds_put_format(s, "    %s group:\n       max_groups=%#"PRIx32"\n"
                      "       actions:", types[i], gf.max_groups[i]);
        for (size_t j = 0; acts[j].name; j++) {
            if (gf.actions[i] & (1u << acts[j].bit)) {
                ds_put_format(s, " %s", acts[j].name);
            }
        }
        ds_put_char(s, '\n');
    }
}

bool
ofp_group_print_msg(struct ds *s, const struct ofp_header *oh, size_t len)
{
    enum ofptype type;

    if (ofptype_decode(&type, oh, len)) {
        return false;
    }
    switch (type) {
    case OFPTYPE_GROUP_MOD:
        print_group_mod(s, oh);
        return true;
    case OFPTYPE_GROUP_DESC_STATS_REPLY:
        print_group_desc_reply(s, oh, len);
        return true;
    case OFPTYPE_GROUP_STATS_REPLY:
        print_group_stats_reply(s, oh, len);
        return true;
    case OFPTYPE_GROUP_FEATURES_STATS_REPLY:
        print_group_features(s, oh);
        return true;
    default:
        return false;
    }
}
