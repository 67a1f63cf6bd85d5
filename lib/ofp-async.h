/* ofp-async.h -- which asynchronous messages a connection wants: OpenFlow
 * 1.3's SET_ASYNC / GET_ASYNC_REPLY bitmaps, 1.4+'s properties, and
 * NXT_SET_ASYNC_CONFIG (the same bitmaps for OpenFlow 1.0).
 *
 * A configuration is, for each kind of message, one bitmap of reasons
 * for a master or equal controller and one for a slave: bit N set means
 * "send messages with reason N" (packet-in: 0 no_match/table_miss,
 * 1 action, 2 invalid_ttl, 3 action_set, 4 group, 5 packet_out; port
 * status: 0 add, 1 delete, 2 modify; flow removed: 0 idle, 1 hard,
 * 2 delete, 3 group_delete, 4 meter_delete, 5 eviction). */
#ifndef OFP_ASYNC_H
#define OFP_ASYNC_H 1

#include <stdint.h>
#include "ofp-msgs.h"

enum ofp_async_kind {
    OAK_PACKET_IN,
    OAK_PORT_STATUS,
    OAK_FLOW_REMOVED,
    OAK_ROLE_STATUS,            /* 1.4+. */
    OAK_TABLE_STATUS,           /* 1.4+. */
    OAK_REQUESTFORWARD,         /* 1.4+. */
    OAK_N_KINDS
};

struct ofp_async_config {
    uint32_t master[OAK_N_KINDS];   /* Master and equal controllers. */
    uint32_t slave[OAK_N_KINDS];
};

/* The configuration a new connection of 'version' starts with (as the
 * specification and Open vSwitch have it): masters get packet-ins for
 * misses and actions (1.4+ also action_set, group, packet_out), every
 * port status and every flow removed; slaves get only port status. */
void ofp_async_config_default(struct ofp_async_config *, int version);

/* GET_ASYNC_REPLY for 'request' (1.3: the six bitmaps; 1.4+: all twelve
 * properties). */
struct ofpbuf *ofp_encode_get_async_reply(const struct ofp_async_config *,
                                          const struct ofp_header *request);
/* SET_ASYNC (1.3+) or NXT_SET_ASYNC_CONFIG (1.0) with all of 'ac'. */
struct ofpbuf *ofp_encode_set_async(const struct ofp_async_config *,
                                    int version, ovs_be32 xid);
/* Decodes SET_ASYNC, NXT_SET_ASYNC_CONFIG or GET_ASYNC_REPLY 'oh' into
 * 'ac', which holds the current configuration: a 1.4+ message may carry
 * only some properties and changes only those.  Errors: OFPBRC_BAD_LEN,
 * OFPACFC_UNSUPPORTED for a property type that 1.4/1.5 do not define. */
enum ofperr ofp_decode_set_async(const struct ofp_header *,
                                 struct ofp_async_config *);

#endif /* ofp-async.h */
