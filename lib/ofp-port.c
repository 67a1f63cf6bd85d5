/* ofp-port.c -- PORT_MOD and TABLE_MOD on the wire (see ofp-port.h).
 *
 * Layouts (bodies, after the 8-byte OpenFlow header):
 *   PORT_MOD 1.0:      port_no:16 hw_addr:48 config:32 mask:32
 *                      advertise:32 pad:32                    (24 bytes)
 *   PORT_MOD 1.1-1.3:  port_no:32 pad:32 hw_addr:48 pad:16 config:32
 *                      mask:32 advertise:32 pad:32            (32 bytes)
 *   PORT_MOD 1.4-1.5:  as 1.1 up to mask, then properties: type:16
 *                      length:16 ...; ETHERNET (0) carries advertise:32.
 *   TABLE_MOD 1.1+:    table_id:8 pad:24 config:32, then (1.4+)
 *                      properties (EVICTION 2, VACANCY 3). */
#include <config.h>
#include "ofp-port.h"

#include <string.h>
#include "dynamic-string.h"
#include "ofp-bytes.h"
#include "ofpbuf.h"
#include "util.h"

enum { OFPPMPT_ETHERNET = 0 };

uint32_t
ofp_port_config_bits(int version)
{
    return version == OFP10_VERSION ? OFPPC10_ALL : OFPPC11_ALL;
}

struct ofpbuf *
ofp_encode_port_mod(const struct ofp_port_mod *pm, int version,
                    ovs_be32 xid)
{
    uint32_t bits = ofp_port_config_bits(version);
    struct ofpbuf *b;
    uint8_t *p;

    if (version == OFP10_VERSION) {
        b = ofpmsg_new(OFPTYPE_PORT_MOD, version, xid, 24);
        p = b->msg;
        put16(p, pm->port_no);
        memcpy(p + 2, &pm->hw_addr, 6);
        put32(p + 8, pm->config & bits);
        put32(p + 12, pm->mask & bits);
        put32(p + 16, pm->advertise);
    } else {
        bool prop = version >= OFP14_VERSION && pm->advertise;
        b = ofpmsg_new(OFPTYPE_PORT_MOD, version, xid, 32);
        p = b->msg;
        put32(p, ofp_port_to_ofp11(pm->port_no));
        memcpy(p + 8, &pm->hw_addr, 6);
        put32(p + 16, pm->config & bits);
        put32(p + 20, pm->mask & bits);
        if (version <= OFP13_VERSION) {
            put32(p + 24, pm->advertise);
        } else if (prop) {
            put16(p + 24, OFPPMPT_ETHERNET);
            put16(p + 26, 8);
            put32(p + 28, pm->advertise);
        } else {
            /* No properties: the body ends after 'mask'. */
            b->size -= 8;
        }
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_port_mod(const struct ofp_header *oh, struct ofp_port_mod *pm)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    uint32_t bits = ofp_port_config_bits(oh->version);

    memset(pm, 0, sizeof *pm);
    if (oh->version == OFP10_VERSION) {
        if (len != 24) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pm->port_no = get16(p);
        memcpy(&pm->hw_addr, p + 2, 6);
        pm->config = get32(p + 8) & bits;
        pm->mask = get32(p + 12) & bits;
        pm->advertise = get32(p + 16);
        return 0;
    }

    if (len < 24 || (oh->version <= OFP13_VERSION && len != 32)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pm->port_no = ofp_port_from_ofp11_or_none(get32(p));
    memcpy(&pm->hw_addr, p + 8, 6);
    pm->config = get32(p + 16) & bits;
    pm->mask = get32(p + 20) & bits;
    if (oh->version <= OFP13_VERSION) {
        pm->advertise = get32(p + 24);
        return 0;
    }

    /* 1.4+ properties, each padded to 8 bytes. */
    for (size_t ofs = 24; ofs < len; ) {
        if (len - ofs < 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        uint16_t type = get16(p + ofs);
        uint16_t plen = get16(p + ofs + 2);
        size_t padded = ROUND_UP(plen, 8);
        if (plen < 4 || padded > len - ofs) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type == OFPPMPT_ETHERNET) {
            if (plen != 8) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            pm->advertise = get32(p + ofs + 4);
        } else {
            /* Optical and experimenter properties: nothing here can
             * carry them out. */
            return OFPERR_OFPPMFC_BAD_CONFIG;
        }
        ofs += padded;
    }
    return 0;
}

void
ofp_port_config_format(struct ds *s, uint32_t config)
{
    static const char *const names[] = {
        "PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD",
        "NO_FWD", "NO_PACKET_IN",
    };
    bool any = false;

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (config & (1u << i)) {
            ds_put_format(s, "%s%s", any ? " " : "", names[i]);
            any = true;
        }
    }
    if (!any) {
        ds_put_char(s, '0');
    }
}

/* TABLE_MOD. */

enum { OFPTMPT_EVICTION = 2, OFPTMPT_VACANCY = 3 };

struct ofpbuf *
ofp_encode_table_mod(const struct ofp_table_mod *tm, int version,
                     ovs_be32 xid)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_TABLE_MOD, version, xid, 8);
    uint8_t *p = b->msg;
    p[0] = tm->table_id;
    put32(p + 4, tm->config);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_table_mod(const struct ofp_header *oh, struct ofp_table_mod *tm)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(tm, 0, sizeof *tm);
    if (len < 8 || (oh->version <= OFP13_VERSION && len != 8)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    tm->table_id = p[0];
    tm->config = get32(p + 4);
    for (size_t ofs = 8; ofs < len; ) {
        if (len - ofs < 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        uint16_t type = get16(p + ofs);
        uint16_t plen = get16(p + ofs + 2);
        size_t padded = ROUND_UP(plen, 8);
        if (plen < 4 || padded > len - ofs) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type != OFPTMPT_EVICTION && type != OFPTMPT_VACANCY) {
            return OFPERR_OFPBRC_BAD_TYPE;   /* As Open vSwitch answers. */
        }
        tm->has_properties = true;
        ofs += padded;
    }
    return 0;
}
