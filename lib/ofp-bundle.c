/* ofp-bundle.c -- BUNDLE_CONTROL and BUNDLE_ADD_MESSAGE on the wire (see
 * ofp-bundle.h).  The framing (OpenFlow 1.4+ types 33/34, the ONF
 * experimenter form of 1.3) comes from ofp-msgs.c's table; this file
 * reads and writes the bodies. */
#include <config.h>
#include "ofp-bundle.h"
#include <inttypes.h>
#include <string.h>
#include "dynamic-string.h"
#include "ofp-bytes.h"
#include "ofp-print.h"
#include "ofpbuf.h"
#include "util.h"

/* Fixed body sizes (after the OpenFlow or experimenter header). */
enum { BUNDLE_CTRL_LEN = 8, BUNDLE_ADD_LEN = 8 };

const char *
ofp_bundle_ctrl_type_to_string(uint16_t type)
{
    static const char *const names[] = {
        [OFPBCT_OPEN_REQUEST] = "OPEN_REQUEST",
        [OFPBCT_OPEN_REPLY] = "OPEN_REPLY",
        [OFPBCT_CLOSE_REQUEST] = "CLOSE_REQUEST",
        [OFPBCT_CLOSE_REPLY] = "CLOSE_REPLY",
        [OFPBCT_COMMIT_REQUEST] = "COMMIT_REQUEST",
        [OFPBCT_COMMIT_REPLY] = "COMMIT_REPLY",
        [OFPBCT_DISCARD_REQUEST] = "DISCARD_REQUEST",
        [OFPBCT_DISCARD_REPLY] = "DISCARD_REPLY",
    };
    return type < ARRAY_SIZE(names) ? names[type] : "";
}

struct ofpbuf *
ofp_bundle_ctrl_encode(int version, ovs_be32 xid,
                       const struct ofp_bundle_ctrl *bc)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_BUNDLE_CONTROL, version, xid,
                                  BUNDLE_CTRL_LEN);
    uint8_t *p = b->msg;

    put32(p, bc->bundle_id);
    put16(p + 4, bc->type);
    put16(p + 6, bc->flags);
    return b;
}

struct ofpbuf *
ofp_bundle_ctrl_encode_reply(const struct ofp_header *request,
                             uint32_t bundle_id, uint16_t type)
{
    struct ofpbuf *b = ofpmsg_new_reply(OFPTYPE_BUNDLE_CONTROL, request,
                                        BUNDLE_CTRL_LEN);
    uint8_t *p = b->msg;

    put32(p, bundle_id);
    put16(p + 4, type);
    return b;
}

/* Checks the framing of the properties in the 'len' bytes at 'p': each
 * at least 4 bytes long and, padded to 8, inside the message. */
static enum ofperr
check_properties(const uint8_t *p, size_t len)
{
    while (len > 0) {
        if (len < 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t prop_len = get16(p + 2);
        size_t padded = ROUND_UP(prop_len, 8);
        if (prop_len < 4 || padded > len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        p += padded;
        len -= padded;
    }
    return 0;
}

enum ofperr
ofp_bundle_ctrl_decode(const struct ofp_header *oh,
                       struct ofp_bundle_ctrl *bc)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(bc, 0, sizeof *bc);
    if (len < BUNDLE_CTRL_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    bc->bundle_id = get32(p);
    bc->type = get16(p + 4);
    bc->flags = get16(p + 6);
    return check_properties(p + BUNDLE_CTRL_LEN, len - BUNDLE_CTRL_LEN);
}

bool
ofp_bundle_type_is_bundlable(enum ofptype type)
{
    return (type == OFPTYPE_FLOW_MOD || type == OFPTYPE_GROUP_MOD
            || type == OFPTYPE_PORT_MOD);
}

struct ofpbuf *
ofp_bundle_add_encode(uint32_t bundle_id, uint16_t flags,
                      const struct ofp_header *inner)
{
    size_t inner_len = ntohs(inner->length);
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_BUNDLE_ADD_MESSAGE, inner->version,
                                  inner->xid, BUNDLE_ADD_LEN);
    uint8_t *p = b->msg;

    put32(p, bundle_id);
    put16(p + 6, flags);
    ofpbuf_put(b, inner, inner_len);
    /* No properties follow, so the inner message needs no padding. */
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_bundle_add_decode(const struct ofp_header *oh, struct ofp_bundle_add *add)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(add, 0, sizeof *add);
    if (len < BUNDLE_ADD_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    add->bundle_id = get32(p);
    add->flags = get16(p + 6);
    p += BUNDLE_ADD_LEN;
    len -= BUNDLE_ADD_LEN;

    const struct ofp_header *inner = (const struct ofp_header *) p;
    size_t inner_len = len >= sizeof *inner ? ntohs(inner->length) : 0;
    if (inner_len < sizeof *inner || inner_len > len) {
        return OFPERR_OFPBFC_MSG_BAD_LEN;
    }
    add->msg = inner;
    add->msg_len = inner_len;

    if (inner->version != oh->version) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (ofptype_decode(&add->msg_type, inner, inner_len)
        || !ofp_bundle_type_is_bundlable(add->msg_type)) {
        return OFPERR_OFPBFC_MSG_UNSUP;
    }
    if (inner->xid != oh->xid) {
        return OFPERR_OFPBFC_MSG_BAD_XID;
    }
    if (inner_len < len) {
        /* Properties follow the inner message, padded to 8 bytes. */
        size_t padded = ROUND_UP(inner_len, 8);
        if (padded > len) {
            return OFPERR_OFPBFC_MSG_BAD_LEN;
        }
        return check_properties(p + padded, len - padded);
    }
    return 0;
}

/* Printing. */

static void
put_bundle_flags(struct ds *s, uint16_t flags)
{
    ds_put_cstr(s, " flags=");
    if (!flags) {
        ds_put_char(s, '0');
        return;
    }
    bool any = false;
    if (flags & OFPBF_ATOMIC) {
        ds_put_cstr(s, "atomic");
        any = true;
    }
    if (flags & OFPBF_ORDERED) {
        ds_put_format(s, "%sordered", any ? " " : "");
        any = true;
    }
    uint16_t rest = flags & ~(OFPBF_ATOMIC | OFPBF_ORDERED);
    if (rest) {
        ds_put_format(s, "%s%#"PRIx16, any ? " " : "", rest);
    }
}

/* The reference tool follows a message it cannot decode with a hex dump
 * of the whole message: 16 bytes a line, a '-' after the 8th byte of a
 * line even when it is the last, the ASCII column padded to 16. */
static void
put_decode_error(struct ds *s, enum ofperr error, const void *msg,
                 size_t len)
{
    const uint8_t *p = msg;

    ds_put_format(s, " ***decode error: %s***\n", ofperr_get_name(error));
    for (size_t ofs = 0; ofs < len; ofs += 16) {
        size_t n = MIN(16, len - ofs);

        ds_put_format(s, "%08zx  ", ofs);
        for (size_t i = 0; i < 16; i++) {
            if (i < n) {
                ds_put_format(s, "%02x%c", p[ofs + i], i == 7 ? '-' : ' ');
            } else {
                ds_put_cstr(s, "   ");
            }
        }
        ds_put_char(s, '|');
        for (size_t i = 0; i < 16; i++) {
            int c = i < n ? p[ofs + i] : ' ';
            ds_put_char(s, c >= 0x20 && c < 0x7f ? c : '.');
        }
        ds_put_cstr(s, "|\n");
    }
}

bool
ofp_bundle_print_msg(struct ds *s, const struct ofp_header *oh, size_t len)
{
    enum ofptype type;
    enum ofperr error;

    if (ofptype_decode(&type, oh, len)) {
        return false;
    }
    if (type == OFPTYPE_BUNDLE_CONTROL) {
        struct ofp_bundle_ctrl bc;

        error = ofp_bundle_ctrl_decode(oh, &bc);
        if (error) {
            put_decode_error(s, error, oh, len);
            return true;
        }
        ds_put_format(s, "\n bundle_id=%#"PRIx32" type=%s", bc.bundle_id,
                      ofp_bundle_ctrl_type_to_string(bc.type));
        put_bundle_flags(s, bc.flags);
        ds_put_char(s, '\n');
        return true;
    } else if (type == OFPTYPE_BUNDLE_ADD_MESSAGE) {
        struct ofp_bundle_add add;

        error = ofp_bundle_add_decode(oh, &add);
        if (error) {
            put_decode_error(s, error, oh, len);
            return true;
        }
        ds_put_format(s, "\n bundle_id=%#"PRIx32, add.bundle_id);
        put_bundle_flags(s, add.flags);
        ds_put_char(s, '\n');
        ofp_print_msg(s, add.msg, add.msg_len);
        return true;
    }
    return false;
}
