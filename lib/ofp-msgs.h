/* ofp-msgs.h -- OpenFlow 1.0-1.5 messages on the wire: versions, errors,
 * message classification, and structured encode/decode.
 *
 * This is the codec between the bytes a vconn (lib/vconn.h) carries and
 * the structures the switch (ofproto/) and ovs-ofctl work with.  It knows
 * every version's layout; callers only say which version (or, for
 * flow_mod and flow stats, which "protocol", see enum ofp_protocol) they
 * want.  Matches go through lib/match.h (struct match), actions through
 * lib/ofp-actions.h (ofpacts).
 *
 * Conventions:
 *   - Decoders take a complete message (the OpenFlow header first, its
 *     length field already checked by ofptype_decode()) and return 0 or an
 *     enum ofperr; they never read past the message and never crash on bad
 *     input.
 *   - Encoders return a new struct ofpbuf holding one complete message
 *     with its header length filled in; 'header' points at the OpenFlow
 *     header.  The caller owns it.
 *   - Port numbers are in the 16-bit OpenFlow 1.0 space of flow.h
 *     (OFPP_*); the encoders map them to 32 bits for 1.1+ (0xff00 and up
 *     become 0xffffff00 and up) and the decoders back.
 *   - Multi-byte values in the structures below are in host byte order
 *     unless their type is ovs_be*.
 *
 * Implemented in ofp-msgs.c (framing, errors, simple messages),
 * ofp-match-wire.c (OF1.0 match, NXM, OXM) and ofp-actions-wire.c
 * (actions and instructions). */
#ifndef OFP_MSGS_H
#define OFP_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "match.h"
#include "ofp-actions.h"
#include "packets.h"

struct ds;
struct ofpbuf;

#ifndef OVS_BE64_MAX
#define OVS_BE64_MAX ((ovs_be64) UINT64_MAX)
#endif

/* Versions. */

enum ofp_version {
    OFP10_VERSION = 0x01,
    OFP11_VERSION = 0x02,
    OFP12_VERSION = 0x03,
    OFP13_VERSION = 0x04,
    OFP14_VERSION = 0x05,
    OFP15_VERSION = 0x06,
};
#define OFP_MIN_VERSION OFP10_VERSION
#define OFP_MAX_VERSION OFP15_VERSION

/* A set of versions: bit N set for version N (0x02 = OpenFlow 1.0). */
#define OFP_VERSION_BIT(V) (1u << (V))
#define OFP_ALL_VERSIONS 0x7eu

/* "OpenFlow13" -> 4 (the ovs-ofctl(8) names "OpenFlow10" ...
 * "OpenFlow15").  Returns 0 if unknown. */
int ofp_version_from_string(const char *s);
/* 4 -> "OpenFlow13"; "unknown" for others. */
const char *ofp_version_to_string(int version);
/* 4 -> "1.3" (as ofp-print writes "(OF1.3)"); "0x07" for others (in a
 * static buffer). */
const char *ofp_version_to_short_string(int version);
/* Parses a comma-separated list of version names into a bitmap; returns
 * NULL or a malloc'd error. */
char *ofp_versions_from_string(const char *s, uint32_t *bitmap)
    OVS_WARN_UNUSED_RESULT;
/* Highest version in 'bitmap', 0 if empty. */
int ofp_versions_max(uint32_t bitmap);

/* Every OpenFlow message starts with this header. */
struct ofp_header {
    uint8_t version;
    uint8_t type;
    ovs_be16 length;            /* Including this header. */
    ovs_be32 xid;
};
_Static_assert(sizeof(struct ofp_header) == 8, "ofp_header");

/* Errors.
 *
 * OFPERR_* names an error independently of version; each has a (type,
 * code) per version (OpenFlow 1.0 numbers differ from 1.1+).  Errors
 * that OpenFlow 1.0 or 1.1 has no code for travel there as Nicira vendor
 * errors (type 0xb0c2, code 0, vendor 0x00002320, then the vendor's type
 * and code), with the numbers Open vSwitch uses, so that its tools decode
 * them; others fall back to OFPBRC_EPERM.  Values are above 0x10000 so
 * that an enum ofperr is never mistaken for an errno. */
#define OFPERRS                                                           \
    OFPERR(OFPHFC_INCOMPATIBLE)  OFPERR(OFPHFC_EPERM)                     \
    OFPERR(OFPBRC_BAD_VERSION)   OFPERR(OFPBRC_BAD_TYPE)                  \
    OFPERR(OFPBRC_BAD_STAT)      OFPERR(OFPBRC_BAD_VENDOR)                \
    OFPERR(OFPBRC_BAD_SUBTYPE)   OFPERR(OFPBRC_EPERM)                     \
    OFPERR(OFPBRC_BAD_LEN)       OFPERR(OFPBRC_BUFFER_EMPTY)              \
    OFPERR(OFPBRC_BUFFER_UNKNOWN) OFPERR(OFPBRC_BAD_TABLE_ID)             \
    OFPERR(OFPBRC_IS_SLAVE)      OFPERR(OFPBRC_BAD_PORT)                  \
    OFPERR(OFPBRC_BAD_PACKET)    OFPERR(OFPBRC_MULTIPART_BUFFER_OVERFLOW) \
    OFPERR(OFPBAC_BAD_TYPE)      OFPERR(OFPBAC_BAD_LEN)                   \
    OFPERR(OFPBAC_BAD_VENDOR)    OFPERR(OFPBAC_BAD_VENDOR_TYPE)           \
    OFPERR(OFPBAC_BAD_OUT_PORT)  OFPERR(OFPBAC_BAD_ARGUMENT)              \
    OFPERR(OFPBAC_EPERM)         OFPERR(OFPBAC_TOO_MANY)                  \
    OFPERR(OFPBAC_BAD_QUEUE)     OFPERR(OFPBAC_BAD_OUT_GROUP)             \
    OFPERR(OFPBAC_MATCH_INCONSISTENT) OFPERR(OFPBAC_UNSUPPORTED_ORDER)    \
    OFPERR(OFPBAC_BAD_TAG)       OFPERR(OFPBAC_BAD_SET_TYPE)              \
    OFPERR(OFPBAC_BAD_SET_LEN)   OFPERR(OFPBAC_BAD_SET_ARGUMENT)          \
    OFPERR(NXBAC_BAD_CONJUNCTION)                                       \
    OFPERR(NXR_STALE)            OFPERR(OFPBPC_BAD_TYPE)                  \
    OFPERR(OFPBIC_UNKNOWN_INST)  OFPERR(OFPBIC_UNSUP_INST)                \
    OFPERR(OFPBIC_BAD_TABLE_ID)  OFPERR(OFPBIC_UNSUP_METADATA)            \
    OFPERR(OFPBIC_UNSUP_METADATA_MASK) OFPERR(OFPBIC_BAD_EXPERIMENTER)    \
    OFPERR(OFPBIC_BAD_EXP_TYPE)  OFPERR(OFPBIC_BAD_LEN)                   \
    OFPERR(OFPBIC_EPERM)         OFPERR(OFPBIC_DUP_INST)                  \
    OFPERR(OFPBMC_BAD_TYPE)      OFPERR(OFPBMC_BAD_LEN)                   \
    OFPERR(OFPBMC_BAD_TAG)       OFPERR(OFPBMC_BAD_DL_ADDR_MASK)          \
    OFPERR(OFPBMC_BAD_NW_ADDR_MASK) OFPERR(OFPBMC_BAD_WILDCARDS)          \
    OFPERR(OFPBMC_BAD_FIELD)     OFPERR(OFPBMC_BAD_VALUE)                 \
    OFPERR(OFPBMC_BAD_MASK)      OFPERR(OFPBMC_BAD_PREREQ)                \
    OFPERR(OFPBMC_DUP_FIELD)     OFPERR(OFPBMC_EPERM)                     \
    OFPERR(OFPFMFC_UNKNOWN)      OFPERR(OFPFMFC_TABLE_FULL)               \
    OFPERR(OFPFMFC_BAD_TABLE_ID) OFPERR(OFPFMFC_OVERLAP)                  \
    OFPERR(OFPFMFC_EPERM)        OFPERR(OFPFMFC_BAD_TIMEOUT)              \
    OFPERR(OFPFMFC_BAD_COMMAND)  OFPERR(OFPFMFC_BAD_FLAGS)                \
    OFPERR(OFPGMFC_GROUP_EXISTS) OFPERR(OFPGMFC_INVALID_GROUP)            \
    OFPERR(OFPGMFC_OUT_OF_GROUPS) OFPERR(OFPGMFC_OUT_OF_BUCKETS)          \
    OFPERR(OFPGMFC_CHAINING_UNSUPPORTED) OFPERR(OFPGMFC_LOOP)             \
    OFPERR(OFPGMFC_UNKNOWN_GROUP) OFPERR(OFPGMFC_BAD_TYPE)                \
    OFPERR(OFPGMFC_BAD_COMMAND)  OFPERR(OFPGMFC_BAD_BUCKET)               \
    OFPERR(OFPGMFC_BAD_WATCH)    OFPERR(OFPGMFC_UNKNOWN_BUCKET)           \
    OFPERR(OFPGMFC_BUCKET_EXISTS)                                         \
    OFPERR(OFPPMFC_BAD_PORT)     OFPERR(OFPPMFC_BAD_HW_ADDR)              \
    OFPERR(OFPPMFC_BAD_CONFIG)   OFPERR(OFPPMFC_BAD_ADVERTISE)            \
    OFPERR(OFPTMFC_BAD_TABLE)    OFPERR(OFPTMFC_BAD_CONFIG)               \
    OFPERR(OFPQOFC_BAD_PORT)     OFPERR(OFPQOFC_BAD_QUEUE)                \
    OFPERR(OFPSCFC_BAD_FLAGS)    OFPERR(OFPSCFC_BAD_LEN)                  \
    OFPERR(OFPRRFC_STALE)        OFPERR(OFPRRFC_UNSUP)                    \
    OFPERR(OFPRRFC_BAD_ROLE)                                              \
    OFPERR(OFPMMFC_UNKNOWN)      OFPERR(OFPMMFC_METER_EXISTS)             \
    OFPERR(OFPMMFC_INVALID_METER) OFPERR(OFPMMFC_UNKNOWN_METER)           \
    OFPERR(OFPMMFC_BAD_COMMAND)  OFPERR(OFPMMFC_BAD_FLAGS)                \
    OFPERR(OFPMMFC_BAD_RATE)     OFPERR(OFPMMFC_BAD_BAND)                 \
    OFPERR(OFPMMFC_BAD_BURST)    OFPERR(OFPMMFC_BAD_BAND_VALUE)           \
    OFPERR(OFPMMFC_OUT_OF_METERS) OFPERR(OFPMMFC_OUT_OF_BANDS)            \
    OFPERR(OFPMOFC_UNKNOWN)      OFPERR(OFPMOFC_MONITOR_EXISTS)           \
    OFPERR(OFPMOFC_INVALID_MONITOR) OFPERR(OFPMOFC_UNKNOWN_MONITOR)       \
    OFPERR(OFPMOFC_BAD_COMMAND)  OFPERR(OFPMOFC_BAD_FLAGS)                \
    OFPERR(OFPMOFC_BAD_TABLE_ID) OFPERR(OFPMOFC_BAD_OUT)                  \
    OFPERR(OFPACFC_INVALID)      OFPERR(OFPACFC_UNSUPPORTED) \
    OFPERR(OFPBFC_UNKNOWN)       OFPERR(OFPBFC_EPERM)                     \
    OFPERR(OFPBFC_BAD_ID)        OFPERR(OFPBFC_BUNDLE_EXIST)              \
    OFPERR(OFPBFC_BUNDLE_CLOSED) OFPERR(OFPBFC_OUT_OF_BUNDLES)            \
    OFPERR(OFPBFC_BAD_TYPE)      OFPERR(OFPBFC_BAD_FLAGS)                 \
    OFPERR(OFPBFC_MSG_BAD_LEN)   OFPERR(OFPBFC_MSG_BAD_XID)               \
    OFPERR(OFPBFC_MSG_UNSUP)     OFPERR(OFPBFC_MSG_CONFLICT)              \
    OFPERR(OFPBFC_MSG_TOO_MANY)  OFPERR(OFPBFC_MSG_FAILED)                \
    OFPERR(OFPBFC_TIMEOUT)       OFPERR(OFPBFC_BUNDLE_IN_PROGRESS)

enum ofperr {
    OFPERR_OFS = 1 << 16,
#define OFPERR(NAME) OFPERR_##NAME,
    OFPERRS
#undef OFPERR
    OFPERR_N_ERRORS,
};
/* Aliases used in the task descriptions and OpenFlow 1.3+ names. */
#define OFPERR_OFPBRC_BAD_MULTIPART OFPERR_OFPBRC_BAD_STAT
#define OFPERR_OFPBRC_BAD_EXPERIMENTER OFPERR_OFPBRC_BAD_VENDOR

/* True if 'error' is an enum ofperr (not 0, not an errno). */
bool ofperr_is_valid(int error);
/* "OFPBRC_BAD_TYPE". */
const char *ofperr_get_name(enum ofperr);
/* Inverse of ofperr_get_name(); 0 if unknown. */
enum ofperr ofperr_from_name(const char *);
/* A short description, e.g. "unknown type" (for ovs-ofctl messages). */
const char *ofperr_get_description(enum ofperr);
/* Type and code of 'error' in 'version' (OpenFlow numbers), or -1 for
 * both if the version has none (the Nicira extension form is used). */
void ofperr_get_type_code(enum ofperr, int version, int *type, int *code);
/* Inverse: 0 if unknown. */
enum ofperr ofperr_from_type_code(int version, int type, int code);

/* Builds an OFPT_ERROR for 'request' (its version and xid), carrying
 * 'request' whole (its header length; only its start if that would make
 * the error longer than 64 kB). */
struct ofpbuf *ofperr_encode_reply(enum ofperr, const struct ofp_header *);
/* Builds an OFPT_HELLO_FAILED-type error with text 's' ('version', xid
 * 'xid' network order). */
struct ofpbuf *ofperr_encode_hello(enum ofperr, int version, ovs_be32 xid,
                                   const char *s);
/* Decodes OFPT_ERROR 'oh': returns the error (0 if 'oh' is not a valid
 * error message or the error is unknown) and, if 'payload' is nonnull,
 * initialises it to point into 'oh' at the data that followed. */
enum ofperr ofperr_decode_msg(const struct ofp_header *oh,
                              struct ofpbuf *payload);
/* Reads the raw type and code out of OFPT_ERROR 'oh'. */
bool ofperr_decode_type_code(const struct ofp_header *oh, int *type,
                             int *code);

/* Message types.
 *
 * OFPTYPE(ENUM, "name"): one entry per kind of message, independent of
 * version.  The per-version wire identity (type, multipart type, Nicira
 * subtype) is a table in ofp-msgs.c. */
#define OFPTYPES                                                        \
    OFPTYPE(HELLO)  OFPTYPE(ERROR)                                      \
    OFPTYPE(ECHO_REQUEST)  OFPTYPE(ECHO_REPLY)                          \
    OFPTYPE(FEATURES_REQUEST)  OFPTYPE(FEATURES_REPLY)                  \
    OFPTYPE(GET_CONFIG_REQUEST)  OFPTYPE(GET_CONFIG_REPLY)              \
    OFPTYPE(SET_CONFIG)                                                 \
    OFPTYPE(PACKET_IN)  OFPTYPE(FLOW_REMOVED)  OFPTYPE(PORT_STATUS)     \
    OFPTYPE(PACKET_OUT)  OFPTYPE(FLOW_MOD)  OFPTYPE(GROUP_MOD)          \
    OFPTYPE(PORT_MOD)  OFPTYPE(TABLE_MOD)  OFPTYPE(METER_MOD)           \
    OFPTYPE(BARRIER_REQUEST)  OFPTYPE(BARRIER_REPLY)                    \
    OFPTYPE(QUEUE_GET_CONFIG_REQUEST)  OFPTYPE(QUEUE_GET_CONFIG_REPLY)  \
    OFPTYPE(ROLE_REQUEST)  OFPTYPE(ROLE_REPLY)  OFPTYPE(ROLE_STATUS)    \
    OFPTYPE(GET_ASYNC_REQUEST)  OFPTYPE(GET_ASYNC_REPLY)                \
    OFPTYPE(SET_ASYNC_CONFIG)                                           \
    OFPTYPE(DESC_STATS_REQUEST)  OFPTYPE(DESC_STATS_REPLY)              \
    OFPTYPE(FLOW_STATS_REQUEST)  OFPTYPE(FLOW_STATS_REPLY)              \
    OFPTYPE(AGGREGATE_STATS_REQUEST)  OFPTYPE(AGGREGATE_STATS_REPLY)    \
    OFPTYPE(TABLE_STATS_REQUEST)  OFPTYPE(TABLE_STATS_REPLY)            \
    OFPTYPE(PORT_STATS_REQUEST)  OFPTYPE(PORT_STATS_REPLY)              \
    OFPTYPE(QUEUE_STATS_REQUEST)  OFPTYPE(QUEUE_STATS_REPLY)            \
    OFPTYPE(GROUP_STATS_REQUEST)  OFPTYPE(GROUP_STATS_REPLY)            \
    OFPTYPE(GROUP_DESC_STATS_REQUEST)  OFPTYPE(GROUP_DESC_STATS_REPLY)  \
    OFPTYPE(GROUP_FEATURES_STATS_REQUEST)                               \
    OFPTYPE(GROUP_FEATURES_STATS_REPLY)                                 \
    OFPTYPE(METER_STATS_REQUEST)  OFPTYPE(METER_STATS_REPLY)            \
    OFPTYPE(METER_CONFIG_STATS_REQUEST)                                 \
    OFPTYPE(METER_CONFIG_STATS_REPLY)                                   \
    OFPTYPE(METER_FEATURES_STATS_REQUEST)                               \
    OFPTYPE(METER_FEATURES_STATS_REPLY)                                 \
    /* Flow monitors: OFPMP_FLOW_MONITOR (1.4+), ONFST_FLOW_MONITOR     \
     * (1.3), NXST_FLOW_MONITOR (1.0-1.2); CANCEL, PAUSED and RESUMED    \
     * are NXT_* (1.0-1.2) or ONFT_* (1.3) messages, events in 1.4+. */ \
    OFPTYPE(FLOW_MONITOR_STATS_REQUEST)                                 \
    OFPTYPE(FLOW_MONITOR_STATS_REPLY)                                   \
    OFPTYPE(FLOW_MONITOR_CANCEL)                                        \
    OFPTYPE(FLOW_MONITOR_PAUSED)  OFPTYPE(FLOW_MONITOR_RESUMED)         \
    OFPTYPE(TABLE_FEATURES_STATS_REQUEST)                               \
    OFPTYPE(TABLE_FEATURES_STATS_REPLY)                                 \
    OFPTYPE(PORT_DESC_STATS_REQUEST)  OFPTYPE(PORT_DESC_STATS_REPLY)    \
    OFPTYPE(TABLE_DESC_STATS_REQUEST)  OFPTYPE(TABLE_DESC_STATS_REPLY)  \
    OFPTYPE(BUNDLE_CONTROL)  OFPTYPE(BUNDLE_ADD_MESSAGE)                \
    /* Nicira extensions. */                                            \
    OFPTYPE(SET_FLOW_FORMAT)        /* NXT_SET_FLOW_FORMAT */           \
    OFPTYPE(FLOW_MOD_TABLE_ID)      /* NXT_FLOW_MOD_TABLE_ID */         \
    OFPTYPE(SET_PACKET_IN_FORMAT)   /* NXT_SET_PACKET_IN_FORMAT */      \
    OFPTYPE(SET_CONTROLLER_ID)      /* NXT_SET_CONTROLLER_ID */         \
    OFPTYPE(FLOW_AGE)               /* NXT_FLOW_AGE */                  \
    OFPTYPE(NXT_PACKET_IN2)         /* NXT_PACKET_IN2 */                \
    OFPTYPE(NXT_RESUME)             /* NXT_RESUME */

enum ofptype {
#define OFPTYPE(ENUM) OFPTYPE_##ENUM,
    OFPTYPES
#undef OFPTYPE
    OFPTYPE_N_TYPES
};

/* "FLOW_MOD", "FLOW_STATS_REQUEST"... */
const char *ofptype_get_name(enum ofptype);

/* Classifies the message 'oh' of 'len' bytes ('len' is the number of
 * bytes actually available; the header's length must equal it).  Checks
 * the version (1.0-1.5), that the message exists in that version, and
 * that it is long enough for its fixed part (and, for fixed-size
 * messages, exactly that long).  Nicira NXT_FLOW_MOD, NXT_PACKET_IN,
 * NXT_ROLE_REQUEST/REPLY and NXST_FLOW/AGGREGATE classify as FLOW_MOD,
 * PACKET_IN, ROLE_*, FLOW_STATS_* and AGGREGATE_STATS_*.  Returns 0 or
 * OFPBRC_BAD_VERSION, OFPBRC_BAD_TYPE, OFPBRC_BAD_STAT,
 * OFPBRC_BAD_VENDOR, OFPBRC_BAD_SUBTYPE, OFPBRC_BAD_LEN. */
enum ofperr ofptype_decode(enum ofptype *, const struct ofp_header *,
                           size_t len);

/* A Nicira-format message (NXT_* or NXST_*)?  Useful for printing. */
bool ofpmsg_is_nicira(const struct ofp_header *);

/* Building messages.
 *
 * ofpmsg_new() returns a message of 'type' for 'version' whose fixed
 * headers (OpenFlow header, multipart header, Nicira header) are filled
 * in, followed by 'body_len' zero bytes; b->header points at the
 * OpenFlow header, b->msg at the body.  The length field is updated by
 * ofpmsg_update_length() (the encoders here call it; vconn_send() also
 * sets it).  Aborts if 'type' does not exist in 'version'.
 * 'use_nicira' picks the Nicira form where a message has both (flow_mod,
 * packet_in, role, flow and aggregate stats). */
struct ofpbuf *ofpmsg_new(enum ofptype, int version, ovs_be32 xid,
                          size_t body_len);
struct ofpbuf *ofpmsg_new_nx(enum ofptype, int version, ovs_be32 xid,
                             size_t body_len);
/* The same, for a reply to 'request' (its version and xid). */
struct ofpbuf *ofpmsg_new_reply(enum ofptype, const struct ofp_header *request,
                                size_t body_len);
void ofpmsg_update_length(struct ofpbuf *);
/* True if 'type' exists in 'version'. */
bool ofptype_in_version(enum ofptype, int version);

/* Body of message 'oh': pointer just past the fixed headers (OpenFlow,
 * multipart, Nicira) and its length.  'oh' must have passed
 * ofptype_decode(). */
const void *ofpmsg_body(const struct ofp_header *oh, size_t *len);

/* For the readers of multipart entries (ofp_*_pull()): the first call
 * takes 'msg' holding a whole message, remembers its header in
 * msg->header and pulls the headers so that msg->data is the first entry;
 * later calls find it so.  Returns the message's header. */
const struct ofp_header *ofpmsg_multipart_begin(struct ofpbuf *msg);

/* Multipart replies.
 *
 * A multipart reply longer than 64 KiB is split over several messages,
 * all but the last with the MORE flag (0x0001) set.  To build one:
 *
 *     struct ofp_multipart mp;
 *     ofp_multipart_start(&mp, OFPTYPE_FLOW_STATS_REPLY, request);
 *     for each entry:  ofp_flow_stats_put(&fs, &mp);
 *     ... send mp.msgs[0..mp.n), then ofp_multipart_destroy(&mp) ...
 *
 * An entry is never split: ofp_multipart_put() starts a new message when
 * the current one would exceed 65535 bytes.  To read one: check
 * ofpmsg_is_more() on each message received and call the entry decoders
 * on each in turn. */
struct ofp_multipart {
    struct ofpbuf **msgs;       /* Complete messages, length fields set. */
    size_t n;
    size_t allocated;
    enum ofptype type;
    const struct ofp_header *request;   /* Used only during building. */
    bool use_nicira;
};
void ofp_multipart_start(struct ofp_multipart *, enum ofptype reply_type,
                         const struct ofp_header *request);
/* Appends 'len' zeroed bytes for one entry and returns them. */
void *ofp_multipart_put(struct ofp_multipart *, size_t len);
/* Moves the messages out: *msgsp gets the array (caller frees messages
 * and array); 'mp' is then empty. */
void ofp_multipart_steal(struct ofp_multipart *, struct ofpbuf ***msgsp,
                         size_t *np);
void ofp_multipart_destroy(struct ofp_multipart *);
/* True if multipart message 'oh' has the MORE flag. */
bool ofpmsg_is_more(const struct ofp_header *oh);

/* Protocols (ovs-ofctl(8) "-O"/"--protocols" and flow formats).
 *
 * What a connection uses to express flows: the version, and with 1.0
 * whether matches are the 1.0 struct or Nicira NXM, and whether
 * flow_mods carry a table id (NXT_FLOW_MOD_TABLE_ID).  A set of
 * protocols is a bitmap of these. */
enum ofp_protocol {
    OFPP_OF10_STD     = 1 << 0,  /* "OpenFlow10", "OpenFlow10-table_id"  */
    OFPP_OF10_STD_TID = 1 << 1,  /*    (with table ids in the command). */
    OFPP_OF10_NXM     = 1 << 2,  /* "NXM", "NXM-table_id". */
    OFPP_OF10_NXM_TID = 1 << 3,
    OFPP_OF11_STD     = 1 << 4,
    OFPP_OF12_OXM     = 1 << 5,
    OFPP_OF13_OXM     = 1 << 6,
    OFPP_OF14_OXM     = 1 << 7,
    OFPP_OF15_OXM     = 1 << 8,
};
#define OFPP_OF10_ANY (OFPP_OF10_STD | OFPP_OF10_STD_TID \
                       | OFPP_OF10_NXM | OFPP_OF10_NXM_TID)
#define OFPP_ANY_PROTOCOL 0x1ff

/* The version a protocol speaks. */
int ofp_protocol_to_version(enum ofp_protocol);
/* The default protocol of 'version' (for 1.0: OFPP_OF10_STD). */
enum ofp_protocol ofp_protocol_from_version(int version);
/* Protocols usable with the versions in 'bitmap'. */
uint32_t ofp_protocols_from_versions(uint32_t bitmap);
const char *ofp_protocol_to_string(enum ofp_protocol);
/* Returns the protocol with or without table ids ('enable'). */
enum ofp_protocol ofp_protocol_set_tid(enum ofp_protocol, bool enable);
/* The protocols among 'allowed' that can express 'match' (1.0 without
 * NXM cannot express, e.g., registers or masked Ethernet addresses). */
uint32_t ofp_match_usable_protocols(const struct match *);

/* NXT_SET_FLOW_FORMAT: 0 = OpenFlow 1.0 match, 2 = NXM. */
enum nx_flow_format { NXFF_OPENFLOW10 = 0, NXFF_NXM = 2 };
struct ofpbuf *ofp_encode_set_flow_format(enum nx_flow_format);
enum ofperr ofp_decode_set_flow_format(const struct ofp_header *,
                                       enum nx_flow_format *);
/* NXT_FLOW_MOD_TABLE_ID: enable/disable table ids in OF1.0 commands. */
struct ofpbuf *ofp_encode_flow_mod_table_id(bool enable);
enum ofperr ofp_decode_flow_mod_table_id(const struct ofp_header *,
                                         bool *enable);
/* NXT_SET_PACKET_IN_FORMAT: 0 = standard, 1 = NXT_PACKET_IN,
 * 2 = NXT_PACKET_IN2. */
enum nx_packet_in_format { NXPIF_STANDARD = 0, NXPIF_NXT_PACKET_IN = 1,
                           NXPIF_NXT_PACKET_IN2 = 2 };
struct ofpbuf *ofp_encode_set_packet_in_format(int version,
                                               enum nx_packet_in_format);
enum ofperr ofp_decode_set_packet_in_format(const struct ofp_header *,
                                            enum nx_packet_in_format *);
/* NXT_SET_CONTROLLER_ID. */
enum ofperr ofp_decode_set_controller_id(const struct ofp_header *,
                                         uint16_t *id);

/* The message sequence that switches a fresh connection of 'version'
 * from its default protocol to 'want' (NXT_SET_FLOW_FORMAT and/or
 * NXT_FLOW_MOD_TABLE_ID for 1.0, nothing otherwise).  Appends new
 * messages to msgs[*n] (array of at least 2). */
void ofp_encode_protocol_switch(enum ofp_protocol want, struct ofpbuf **msgs,
                                size_t *n);

/* Matches on the wire (ofp-match-wire.c). */

/* OpenFlow 1.0 struct ofp_match (40 bytes). */
#define OFP10_MATCH_LEN 40
void ofp10_match_encode(const struct match *, void *ofp10_match);
enum ofperr ofp10_match_decode(const void *ofp10_match, struct match *);
/* True if 'match' can be expressed in the OpenFlow 1.0 match. */
bool ofp10_match_can_express(const struct match *);

/* OpenFlow 1.1 struct ofp11_match (OFPMT_STANDARD, 88 bytes).  Decoding
 * checks type and length ('len' is the space available) and values, and
 * ignores fields whose prerequisites are not met. */
#define OFP11_MATCH_LEN 88
void ofp11_match_encode(const struct match *, void *ofp11_match);
enum ofperr ofp11_match_decode(const void *ofp11_match, size_t len,
                               struct match *);
bool ofp11_match_can_express(const struct match *);
/* The match of a 1.1+ message of 'version': the 1.1 fixed match for
 * OpenFlow 1.1, else the OXM match (oxm_put_match()/oxm_pull_match()). */
size_t ofp11_put_match(struct ofpbuf *, const struct match *, int version);
enum ofperr ofp11_pull_match(struct ofpbuf *, struct match *, int version);

/* NXM (Nicira) and OXM (OpenFlow 1.2+) TLV lists.  nx_put_match()
 * appends the TLVs of 'match' (with masks where not exact, in
 * prerequisite order) and returns their length; 'oxm' selects OXM
 * field headers where an OXM field exists, else NXM ones.  'cookie' and
 * 'cookie_mask' (network order) add NXM_NX_COOKIE when the mask is not
 * zero (NXM flow_mod and flow stats only). */
size_t nx_put_match(struct ofpbuf *, const struct match *, bool oxm,
                    ovs_be64 cookie, ovs_be64 cookie_mask);
/* Parses 'len' bytes of NXM/OXM TLVs at 'p' into 'match' (and cookie if
 * nonnull), checking lengths, masks, duplicates and prerequisites.
 * Returns 0 or OFPBMC_*. */
enum ofperr nx_pull_match(const void *p, size_t len, struct match *,
                          ovs_be64 *cookie, ovs_be64 *cookie_mask);
/* OpenFlow 1.2+ struct ofp_match (type 1 OXM), padded to 8 bytes:
 * append / pull from the start of 'b'. */
size_t oxm_put_match(struct ofpbuf *, const struct match *);
enum ofperr oxm_pull_match(struct ofpbuf *, struct match *);

/* NXM/OXM field headers for subfields (reg_move, reg_load, set_field):
 * 'oxm_header' is the 32-bit TLV header with hasmask 0. */
uint32_t nxm_header_for_field(const struct flow_field *, bool oxm);
const struct flow_field *nxm_field_from_header(uint32_t header);
/* tp_src and tp_dst have one name per protocol: these pick the TCP
 * (ip_proto 0 or IPPROTO_TCP), UDP or SCTP one (SCTP ports, which NXM
 * lacks, always take OXM's), and tell which protocol a header names (0
 * for other fields). */
uint32_t nxm_header_for_field_proto(const struct flow_field *, bool oxm,
                                    uint8_t ip_proto);
uint8_t nxm_header_ip_proto(uint32_t header);

/* One field value as an NXM/OXM entry (set_field, NXAST_REG_LOAD2):
 * nx_put_field_value() appends header, value and (if 'mask' is nonnull
 * and not all-ones) mask, under the OXM name if 'oxm' and one exists;
 * returns the bytes appended (0 if the field has no wire name).
 * nx_pull_field_value() reads one entry from 'p' ('len' bytes
 * available), stores the bytes used, and returns 0 or OFPBAC_BAD_SET_*
 * (dl_vlan and dl_vlan_pcp come back for OXM VLAN_VID and VLAN_PCP). */
size_t nx_put_field_value(struct ofpbuf *, const struct flow_field *,
                          const union flow_field_value *v,
                          const union flow_field_value *mask, bool oxm);
size_t nx_put_field_value_proto(struct ofpbuf *, const struct flow_field *,
                                const union flow_field_value *v,
                                const union flow_field_value *mask, bool oxm,
                                uint8_t ip_proto);
enum ofperr nx_pull_field_value(const void *p, size_t len,
                                const struct flow_field **,
                                union flow_field_value *v,
                                union flow_field_value *mask, size_t *used);

/* Actions and instructions on the wire (ofp-actions-wire.c). */

/* ofpacts_put_openflow_actions() appends 'ofpacts' as a plain 'version'
 * action list (packet_out, OpenFlow 1.0 flow_mod);
 * ofpacts_put_openflow_instructions() as 1.1+ instructions (meter, apply
 * actions, clear, write actions, write metadata, goto table).  Actions a
 * version cannot express use the Nicira vendor actions (resubmit,
 * reg_load, note, exit, clone, group in 1.0, ...); an ofpact that cannot
 * be encoded at all in 'version' is left out with a warning.  Both
 * return the number of bytes appended. */
size_t ofpacts_put_openflow_actions(const struct ofpact *, size_t len,
                                    struct ofpbuf *, int version);
size_t ofpacts_put_openflow_instructions(const struct ofpact *, size_t len,
                                         struct ofpbuf *, int version);
/* True if every ofpact in the list can be encoded for 'version'. */
bool ofpacts_openflow_encodable(const struct ofpact *, size_t len,
                                int version);
/* Parses 'len' bytes of actions (or, for 1.1+, instructions) at 'p' and
 * appends the ofpacts to 'ofpacts'.  Returns 0 or an OFPBAC_ or OFPBIC_
 * error. */
enum ofperr ofpacts_pull_openflow_actions(const void *p, size_t len,
                                          int version,
                                          struct ofpbuf *ofpacts);
enum ofperr ofpacts_pull_openflow_instructions(const void *p, size_t len,
                                               int version,
                                               struct ofpbuf *ofpacts);

/* Structured messages. */

/* HELLO with a version bitmap element (always included when 1.3+ is in
 * 'allowed'). */
struct ofpbuf *ofp_encode_hello(uint32_t allowed_versions);
/* The versions the peer's HELLO 'oh' offers (bitmap element, else every
 * version up to oh->version). */
uint32_t ofp_decode_hello(const struct ofp_header *oh);

/* ECHO_REQUEST/REPLY (payload copied) and BARRIER_REQUEST/REPLY. */
struct ofpbuf *ofp_encode_echo_request(int version);
struct ofpbuf *ofp_encode_echo_reply(const struct ofp_header *request);
struct ofpbuf *ofp_encode_barrier_request(int version);
struct ofpbuf *ofp_encode_barrier_reply(const struct ofp_header *request);

/* FEATURES_REPLY.  Capabilities and (1.0) actions are the raw bits of
 * the version; 'ports' are included for 1.0-1.2 only. */
struct ofp_port_info;
struct ofp_switch_features {
    uint64_t datapath_id;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;       /* 1.3+. */
    uint32_t capabilities;      /* OFPC_*. */
    uint32_t actions;           /* 1.0: bitmap of supported actions. */
};
#define OFPC_FLOW_STATS   (1 << 0)
#define OFPC_TABLE_STATS  (1 << 1)
#define OFPC_PORT_STATS   (1 << 2)
#define OFPC_GROUP_STATS  (1 << 3)      /* 1.1+ (1.0: STP). */
#define OFPC_IP_REASM     (1 << 5)
#define OFPC_QUEUE_STATS  (1 << 6)
#define OFPC_ARP_MATCH_IP (1 << 7)      /* 1.0. */
#define OFPC_PORT_BLOCKED (1 << 8)      /* 1.3+. */
struct ofpbuf *ofp_encode_features_reply(const struct ofp_switch_features *,
                                         const struct ofp_port_info *ports,
                                         size_t n_ports,
                                         const struct ofp_header *request);
/* Decodes the fixed part; 'ports' (if nonnull) is set to the port array
 * in the message, to be read with ofp_port_info_pull(). */
enum ofperr ofp_decode_features_reply(const struct ofp_header *,
                                      struct ofp_switch_features *,
                                      struct ofpbuf *ports);

/* Ports (features reply, port desc, port status). */
struct ofp_port_info {
    uint16_t port_no;           /* OFPP_* space of flow.h. */
    struct eth_addr hw_addr;
    char name[16];
    uint32_t config;            /* OFPPC_*: PORT_DOWN 1, NO_RECV 4,
                                 * NO_FWD 32, NO_PACKET_IN 64 (1.0 bits
                                 * as in 1.1+, 1.0-only bits kept). */
    uint32_t state;             /* OFPPS_*: LINK_DOWN 1, BLOCKED 2,
                                 * LIVE 4 (1.1+); 1.0 STP bits kept. */
    uint32_t curr, advertised, supported, peer;   /* OFPPF_* of 1.1+
                                 * (10MB_HD 1 ... 10GB_FD 64, 40GB 128,
                                 * 100GB 256, 1TB 512, OTHER 1024, COPPER
                                 * 2048 ...); converted from 1.0. */
    uint32_t curr_speed;        /* kbps (1.1+). */
    uint32_t max_speed;
};
/* Appends 'pi' in 'version' layout (64 bytes for 1.1-1.3, 48 for 1.0,
 * 72 with an Ethernet property for 1.4+). */
void ofp_port_info_put(const struct ofp_port_info *, int version,
                       struct ofpbuf *);
/* Pulls one port from the front of 'b' (0, EOF at the end, or
 * OFPBRC_BAD_LEN). */
int ofp_port_info_pull(struct ofp_port_info *, int version, struct ofpbuf *);

/* PORT_STATUS. */
enum ofp_port_reason { OFPPR_ADD = 0, OFPPR_DELETE = 1, OFPPR_MODIFY = 2 };
struct ofpbuf *ofp_encode_port_status(int version, enum ofp_port_reason,
                                      const struct ofp_port_info *);
enum ofperr ofp_decode_port_status(const struct ofp_header *,
                                   enum ofp_port_reason *,
                                   struct ofp_port_info *);

/* GET_CONFIG_REPLY and SET_CONFIG. */
struct ofp_switch_config {
    uint16_t flags;             /* OFPC_FRAG_*: NORMAL 0, DROP 1, REASM 2,
                                 * NX_MATCH 3; and in 1.0-1.2
                                 * OFPC_INVALID_TTL_TO_CONTROLLER. */
    uint16_t miss_send_len;
};
#define OFPC_INVALID_TTL_TO_CONTROLLER (1 << 2)
struct ofpbuf *ofp_encode_switch_config(enum ofptype, int version,
                                        ovs_be32 xid,
                                        const struct ofp_switch_config *);
enum ofperr ofp_decode_switch_config(const struct ofp_header *,
                                     struct ofp_switch_config *);

/* FLOW_MOD (OFPT_FLOW_MOD of every version and NXT_FLOW_MOD). */
struct ofp_flow_mod {
    struct ofp_flow_spec fs;    /* Match, priority, table, cookie and
                                 * cookie_mask (the filter for modify and
                                 * delete), timeouts, flags, out_port,
                                 * out_group. */
    enum ofp_flow_mod_command command;
    ovs_be64 new_cookie;        /* For modify: new cookie, or all-ones
                                 * for "unchanged".  For add: fs.cookie
                                 * is used. */
    uint32_t buffer_id;         /* UINT32_MAX if none. */
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
};
/* Encodes 'fm' for 'protocol'.  With OFPP_OF10_STD(_TID) the match must
 * be 1.0-expressible; table ids are put in the command's high byte only
 * with a _TID protocol (else the table must be 0 or 0xff). */
struct ofpbuf *ofp_encode_flow_mod(const struct ofp_flow_mod *,
                                   enum ofp_protocol);
/* Decodes flow_mod 'oh' into 'fm' and its actions into 'ofpacts' (to
 * which fm->ofpacts then points).  'tid_enabled' says whether the 1.0
 * connection enabled NXT_FLOW_MOD_TABLE_ID (then the command's high byte
 * is the table).  Checks the match prerequisites and the actions against
 * the match (ofpacts_check()). */
enum ofperr ofp_decode_flow_mod(struct ofp_flow_mod *,
                                const struct ofp_header *, bool tid_enabled,
                                struct ofpbuf *ofpacts);

/* FLOW_STATS_REQUEST and AGGREGATE_STATS_REQUEST (also NXST_*). */
struct ofp_flow_stats_request {
    bool aggregate;
    struct match match;
    uint8_t table_id;           /* 0xff: all. */
    uint16_t out_port;          /* OFPP_NONE: any. */
    uint32_t out_group;         /* 0xffffffff: any. */
    ovs_be64 cookie, cookie_mask;
};
struct ofpbuf *ofp_encode_flow_stats_request(
    const struct ofp_flow_stats_request *, enum ofp_protocol);
enum ofperr ofp_decode_flow_stats_request(struct ofp_flow_stats_request *,
                                          const struct ofp_header *);

/* One FLOW_STATS_REPLY entry. */
struct ofp_flow_stats {
    struct match match;
    int priority;
    uint8_t table_id;
    uint32_t duration_sec, duration_nsec;
    uint16_t idle_timeout, hard_timeout, importance;
    uint16_t flags;             /* OFPFF_* (1.3 values). */
    int idle_age, hard_age;     /* Seconds, -1 if unknown (NXST only). */
    ovs_be64 cookie;
    uint64_t packet_count, byte_count;  /* UINT64_MAX if unknown. */
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
};
/* Appends one entry to the reply being built in 'mp' (started for a
 * FLOW_STATS_REQUEST; its version and Nicira-ness decide the format). */
void ofp_flow_stats_put(const struct ofp_flow_stats *, struct ofp_multipart *);
/* Pulls the next entry from 'msg', a FLOW_STATS_REPLY: on first call
 * 'msg' is the whole message (msg->header is set here and the headers
 * are skipped).  Returns 0, EOF when no entries remain, or an ofperr.
 * The actions go into 'ofpacts' (cleared first). */
int ofp_flow_stats_pull(struct ofp_flow_stats *, struct ofpbuf *msg,
                        struct ofpbuf *ofpacts);

/* AGGREGATE_STATS_REPLY. */
struct ofp_aggregate_stats {
    uint64_t packet_count, byte_count;
    uint32_t flow_count;
};
struct ofpbuf *ofp_encode_aggregate_stats_reply(
    const struct ofp_aggregate_stats *, const struct ofp_header *request);
enum ofperr ofp_decode_aggregate_stats_reply(struct ofp_aggregate_stats *,
                                             const struct ofp_header *);

/* DESC_STATS_REPLY. */
struct ofp_desc {
    char mfr_desc[256];
    char hw_desc[256];
    char sw_desc[256];
    char serial_num[32];
    char dp_desc[256];
};
struct ofpbuf *ofp_encode_desc_stats_reply(const struct ofp_desc *,
                                           const struct ofp_header *req);
enum ofperr ofp_decode_desc_stats_reply(struct ofp_desc *,
                                        const struct ofp_header *);

/* PORT_DESC_STATS_REPLY: ofp_port_info_put(...) into
 * ofp_multipart_put(); reading: ofp_port_desc_pull(). */
void ofp_port_desc_put(const struct ofp_port_info *, struct ofp_multipart *);
int ofp_port_desc_pull(struct ofp_port_info *, struct ofpbuf *msg);

/* PORT_STATS_REQUEST (port OFPP_NONE = all) and its entries. */
struct ofpbuf *ofp_encode_port_stats_request(int version, uint16_t port);
enum ofperr ofp_decode_port_stats_request(const struct ofp_header *,
                                          uint16_t *port);
struct ofp_port_stats {
    uint16_t port_no;
    uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
    uint64_t rx_frame_err, rx_over_err, rx_crc_err, collisions;
    uint32_t duration_sec, duration_nsec;   /* 1.3+; UINT32_MAX unknown. */
};
void ofp_port_stats_put(const struct ofp_port_stats *,
                        struct ofp_multipart *);
int ofp_port_stats_pull(struct ofp_port_stats *, struct ofpbuf *msg);

/* TABLE_STATS_REPLY entries. */
struct ofp_table_stats {
    uint8_t table_id;
    char name[32];              /* 1.0-1.2. */
    uint32_t max_entries;       /* 1.0-1.2. */
    uint32_t config;            /* 1.1-1.2: table-miss config (OFPTC11_*,
                                 * lib/ofp-port.h). */
    uint32_t active_count;
    uint64_t lookup_count, matched_count;
};
void ofp_table_stats_put(const struct ofp_table_stats *,
                         struct ofp_multipart *);
int ofp_table_stats_pull(struct ofp_table_stats *, struct ofpbuf *msg);

/* PACKET_IN (OFPT_PACKET_IN of every version, NXT_PACKET_IN). */
struct ofp_packet_in {
    const void *packet;         /* Bytes included (maybe truncated). */
    size_t packet_len;
    uint32_t total_len;         /* Length of the whole frame. */
    uint32_t buffer_id;         /* UINT32_MAX: not buffered. */
    uint8_t reason;             /* enum ofp_packet_in_reason. */
    uint8_t table_id;
    ovs_be64 cookie;
    struct match metadata;      /* in_port, and nonzero metadata, regs,
                                 * tun_id... (exact matches). */
};
struct ofpbuf *ofp_encode_packet_in(const struct ofp_packet_in *,
                                    int version,
                                    enum nx_packet_in_format);
enum ofperr ofp_decode_packet_in(struct ofp_packet_in *,
                                 const struct ofp_header *);

/* NXT_PACKET_IN2 and NXT_RESUME.
 *
 * Both are a list of properties (type:16 length:16 value, padded to 8
 * bytes): NXPINT_PACKET (0), FULL_LEN (1, u32, only if the packet is
 * truncated), BUFFER_ID (2, u32), TABLE_ID (3, u8), COOKIE (4, 4 bytes of
 * padding then be64), REASON (5, u8), METADATA (6, OXM/NXM entries),
 * USERDATA (7, controller(userdata=...)), CONTINUATION (8).
 *
 * The continuation is the switch's own business: the controller sends it
 * back untouched in NXT_RESUME.  Ours is nested properties as Open
 * vSwitch's tools decode them: for each frame of the paused translation
 * (innermost rule first) NXCPT_TABLE_ID (0x8004, u8), NXCPT_COOKIE
 * (0x8005, padding and be64) and NXCPT_ACTIONS (0x8006: 4 bytes of
 * padding, then actions in the message's version); NXCPT_ACTION_SET
 * (0x8007, likewise) for the action set. */
struct ofp_continuation_frame {
    uint8_t table_id;           /* Of the rule these actions belong to. */
    ovs_be64 cookie;
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
};
struct ofp_continuation {
    struct ofp_continuation_frame *frames;
    size_t n_frames;
    const struct ofpact *action_set;
    size_t action_set_len;
};
/* 'cont' may be NULL (no pause). */
struct ofpbuf *ofp_encode_packet_in2(const struct ofp_packet_in *,
                                     int version, const void *userdata,
                                     size_t userdata_len,
                                     const struct ofp_continuation *cont);
/* Decodes an NXT_RESUME (or NXT_PACKET_IN2): the packet, metadata,
 * table, cookie, reason into 'pin' (pointing into 'oh'), the
 * continuation into 'cont' with its actions in 'ofpacts' ('cont->frames'
 * is malloc'd: free it); '*has_continuation' says whether there was
 * one.  Continuation properties of other switches (stack, bridge...)
 * are ignored. */
/* The continuation's nested properties alone, actions in 'version':
 * the switch keeps a paused translation in this form too (as 1.5). */
void ofp_continuation_put(struct ofpbuf *, const struct ofp_continuation *,
                          int version);
enum ofperr ofp_continuation_pull(const void *, size_t len, int version,
                                  struct ofp_continuation *,
                                  struct ofpbuf *ofpacts);
/* The NXT_RESUME that hands NXT_PACKET_IN2 'pin2' back to the switch
 * (its properties but the userdata), or NULL if it has no continuation
 * or is malformed. */
struct ofpbuf *ofp_encode_resume(const struct ofp_header *pin2);
enum ofperr ofp_decode_packet_in2(const struct ofp_header *,
                                  struct ofp_packet_in *,
                                  struct ofp_continuation *cont,
                                  bool *has_continuation,
                                  struct ofpbuf *ofpacts);

/* PACKET_OUT. */
struct ofp_packet_out {
    uint32_t buffer_id;         /* UINT32_MAX: packet included. */
    uint16_t in_port;           /* OFPP_* (OFPP_CONTROLLER/NONE...). */
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
    const void *packet;
    size_t packet_len;
};
struct ofpbuf *ofp_encode_packet_out(const struct ofp_packet_out *,
                                     int version);
enum ofperr ofp_decode_packet_out(struct ofp_packet_out *,
                                  const struct ofp_header *,
                                  struct ofpbuf *ofpacts);

/* FLOW_REMOVED (OFPT and NXT). */
enum ofp_flow_removed_reason { OFPRR_IDLE_TIMEOUT = 0,
                               OFPRR_HARD_TIMEOUT = 1, OFPRR_DELETE = 2,
                               OFPRR_GROUP_DELETE = 3,
                               OFPRR_METER_DELETE = 4 };
struct ofp_flow_removed {
    struct match match;
    int priority;
    ovs_be64 cookie;
    uint8_t reason;
    uint8_t table_id;
    uint32_t duration_sec, duration_nsec;
    uint16_t idle_timeout, hard_timeout;
    uint64_t packet_count, byte_count;
};
struct ofpbuf *ofp_encode_flow_removed(const struct ofp_flow_removed *,
                                       enum ofp_protocol);
enum ofperr ofp_decode_flow_removed(struct ofp_flow_removed *,
                                    const struct ofp_header *);

/* ROLE_REQUEST/REPLY (1.2+, and NXT_ROLE_* with 1.0). */
enum ofp_controller_role {
    OFPCR_ROLE_NOCHANGE = 0, OFPCR_ROLE_EQUAL = 1,
    OFPCR_ROLE_MASTER = 2, OFPCR_ROLE_SLAVE = 3,
};
struct ofp_role_request {
    enum ofp_controller_role role;
    bool have_generation_id;
    uint64_t generation_id;
};
struct ofpbuf *ofp_encode_role_request(int version,
                                       const struct ofp_role_request *);
struct ofpbuf *ofp_encode_role_reply(const struct ofp_header *request,
                                     const struct ofp_role_request *);
enum ofperr ofp_decode_role_message(const struct ofp_header *,
                                    struct ofp_role_request *);

/* Simple requests with an empty body (features, get_config, desc,
 * table, port desc) are ofpmsg_new(type, version, xid, 0). */

#endif /* ofp-msgs.h */
