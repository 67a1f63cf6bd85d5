/* ofp-bundle.h -- OpenFlow bundles on the wire: BUNDLE_CONTROL and
 * BUNDLE_ADD_MESSAGE (OpenFlow 1.4+ types 33 and 34, and the ONF
 * extension that carries the same bodies in OpenFlow 1.3, experimenter
 * 0x4f4e4600 subtypes 2300 and 2301).
 *
 * A bundle is a list of modification messages that a controller collects
 * on the switch under a 32-bit id and then commits as one change.  This
 * module only encodes, decodes and prints the two messages; the switch's
 * side (the state machine and the commit) is ofproto/ofproto-bundle.c and
 * ovs-ofctl's "--bundle" is in utilities/ovs-ofctl.c.
 *
 * Layouts after the OpenFlow header (or the 16-byte experimenter header
 * in 1.3):
 *   BUNDLE_CONTROL:      bundle_id (4), type (2), flags (2), properties.
 *   BUNDLE_ADD_MESSAGE:  bundle_id (4), pad (2), flags (2), the inner
 *                        message (its own OpenFlow header first), padding
 *                        to 8 bytes, properties.
 * Properties are (type 2, length 2, body) padded to 8 bytes; none is
 * defined that this switch acts on, so they are checked for framing and
 * otherwise ignored, as the reference implementation does. */
#ifndef OFP_BUNDLE_H
#define OFP_BUNDLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-msgs.h"

struct ds;
struct ofpbuf;

enum ofp_bundle_ctrl_type {
    OFPBCT_OPEN_REQUEST = 0,
    OFPBCT_OPEN_REPLY = 1,
    OFPBCT_CLOSE_REQUEST = 2,
    OFPBCT_CLOSE_REPLY = 3,
    OFPBCT_COMMIT_REQUEST = 4,
    OFPBCT_COMMIT_REPLY = 5,
    OFPBCT_DISCARD_REQUEST = 6,
    OFPBCT_DISCARD_REPLY = 7,
};

/* Bundle flags. */
#define OFPBF_ATOMIC  (1 << 0)  /* Apply all or nothing. */
#define OFPBF_ORDERED (1 << 1)  /* Apply in the order added. */
#define OFPBF_TIME    (1 << 2)  /* 1.5: scheduled commit (unsupported). */

struct ofp_bundle_ctrl {
    uint32_t bundle_id;
    uint16_t type;              /* enum ofp_bundle_ctrl_type. */
    uint16_t flags;             /* OFPBF_*. */
};

/* Returns "OPEN_REQUEST"..."DISCARD_REPLY", or "" for another value. */
const char *ofp_bundle_ctrl_type_to_string(uint16_t type);

/* A BUNDLE_CONTROL of 'version' (1.3 gives the ONF form) with 'xid'. */
struct ofpbuf *ofp_bundle_ctrl_encode(int version, ovs_be32 xid,
                                      const struct ofp_bundle_ctrl *);
/* The reply to 'request' (its version and xid), with 'type' and the
 * request's bundle id; flags 0. */
struct ofpbuf *ofp_bundle_ctrl_encode_reply(const struct ofp_header *request,
                                            uint32_t bundle_id,
                                            uint16_t type);
/* Decodes BUNDLE_CONTROL 'oh' (already classified by ofptype_decode()).
 * Returns 0 or OFPBRC_BAD_LEN for malformed properties. */
enum ofperr ofp_bundle_ctrl_decode(const struct ofp_header *oh,
                                   struct ofp_bundle_ctrl *);

struct ofp_bundle_add {
    uint32_t bundle_id;
    uint16_t flags;
    const struct ofp_header *msg;   /* The inner message, inside 'oh'. */
    size_t msg_len;
    enum ofptype msg_type;
};

/* True if a message of 'type' may be put in a bundle: the modifications
 * flow_mod, group_mod and port_mod. */
bool ofp_bundle_type_is_bundlable(enum ofptype type);

/* A BUNDLE_ADD_MESSAGE of 'inner's version and xid carrying 'inner'. */
struct ofpbuf *ofp_bundle_add_encode(uint32_t bundle_id, uint16_t flags,
                                     const struct ofp_header *inner);
/* Decodes BUNDLE_ADD_MESSAGE 'oh' (already classified).  Checks the
 * inner message: its length (OFPBFC_MSG_BAD_LEN), version
 * (OFPBRC_BAD_VERSION), that it parses (OFPBFC_MSG_UNSUP otherwise), that
 * its type may be bundled (OFPBFC_MSG_UNSUP) and that its xid is the
 * outer one (OFPBFC_MSG_BAD_XID).  'add' is filled in even on error, as
 * far as the message allowed. */
enum ofperr ofp_bundle_add_decode(const struct ofp_header *oh,
                                  struct ofp_bundle_add *add);

/* Prints the body of BUNDLE_CONTROL or BUNDLE_ADD_MESSAGE 'oh' (after
 * the header line ofp-print wrote) as "ovs-ofctl ofp-print" does.
 * Returns false, printing nothing, for other messages. */
bool ofp_bundle_print_msg(struct ds *, const struct ofp_header *oh,
                          size_t len);

#endif /* ofp-bundle.h */
