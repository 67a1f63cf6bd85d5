/* ofp-async.c -- asynchronous message configuration on the wire (see
 * ofp-async.h).
 *
 * Layouts (bodies after the OpenFlow, or Nicira, header):
 *   1.3 and NXT_SET_ASYNC_CONFIG: packet_in[2] port_status[2]
 *       flow_removed[2], 32 bits each, [0] master/equal, [1] slave.
 *   1.4+: properties of 8 bytes, type:16 length:16 mask:32, type 2K for
 *       kind K's slave mask and 2K+1 for its master mask (K as in enum
 *       ofp_async_kind); 0xfffe and 0xffff are experimenter properties,
 *       which nothing here uses and which are skipped. */
#include <config.h>
#include "ofp-async.h"

#include <string.h>
#include "ofp-bytes.h"
#include "ofpbuf.h"
#include "util.h"

void
ofp_async_config_default(struct ofp_async_config *ac, int version)
{
    bool of14 = version >= OFP14_VERSION;

    memset(ac, 0, sizeof *ac);
    /* no_match, action; 1.4+ also action_set, group, packet_out. */
    ac->master[OAK_PACKET_IN] = of14 ? 0x3b : 0x03;
    ac->master[OAK_PORT_STATUS] = 0x07;
    ac->slave[OAK_PORT_STATUS] = 0x07;
    /* idle, hard, delete, group_delete; 1.4+ also meter_delete and
     * eviction. */
    ac->master[OAK_FLOW_REMOVED] = of14 ? 0x3f : 0x0f;
}

/* The body of a GET_ASYNC_REPLY or SET_ASYNC in VERSION's layout. */
static size_t
async_body_size(int version)
{
    return version < OFP14_VERSION ? 24 : 8 * 2 * OAK_N_KINDS;
}

static void
put_async_body(uint8_t *p, const struct ofp_async_config *ac, int version)
{
    if (version < OFP14_VERSION) {
        for (int k = 0; k < 3; k++) {
            put32(p + 8 * k, ac->master[k]);
            put32(p + 8 * k + 4, ac->slave[k]);
        }
    } else {
        for (int type = 0; type < 2 * OAK_N_KINDS; type++) {
            const uint32_t *masks = type % 2 ? ac->master : ac->slave;
            put16(p + 8 * type, type);
            put16(p + 8 * type + 2, 8);
            put32(p + 8 * type + 4, masks[type / 2]);
        }
    }
}

struct ofpbuf *
ofp_encode_get_async_reply(const struct ofp_async_config *ac,
                           const struct ofp_header *request)
{
    struct ofpbuf *b = ofpmsg_new_reply(OFPTYPE_GET_ASYNC_REPLY, request,
                                        async_body_size(request->version));
    put_async_body(b->msg, ac, request->version);
    ofpmsg_update_length(b);
    return b;
}

struct ofpbuf *
ofp_encode_set_async(const struct ofp_async_config *ac, int version,
                     ovs_be32 xid)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_SET_ASYNC_CONFIG, version, xid,
                                  async_body_size(version));
    put_async_body(b->msg, ac, version);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_set_async(const struct ofp_header *oh, struct ofp_async_config *ac)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    if (oh->version < OFP14_VERSION) {
        if (len != 24) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        for (int k = 0; k < 3; k++) {
            ac->master[k] = get32(p + 8 * k);
            ac->slave[k] = get32(p + 8 * k + 4);
        }
        return 0;
    }

    /* Decode into a copy, so that a bad property changes nothing. */
    struct ofp_async_config new = *ac;
    for (size_t ofs = 0; ofs < len; ) {
        if (len - ofs < 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        uint16_t type = get16(p + ofs);
        uint16_t plen = get16(p + ofs + 2);
        size_t padded = ROUND_UP(plen, 8);
        if (plen < 4 || padded > len - ofs) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type < 2 * OAK_N_KINDS) {
            if (plen != 8) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            uint32_t *masks = type % 2 ? new.master : new.slave;
            masks[type / 2] = get32(p + ofs + 4);
        } else if (type != 0xfffe && type != 0xffff) {
            return OFPERR_OFPACFC_UNSUPPORTED;
        }
        ofs += padded;
    }
    *ac = new;
    return 0;
}
