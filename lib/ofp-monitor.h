/* ofp-monitor.h -- OpenFlow flow monitors on the wire and as text.
 *
 * A flow monitor lets a controller watch a switch's flow tables: it asks
 * once, gets the flows that match (the initial dump), then an update each
 * time a matching flow is added, modified or deleted, by anyone.  Three
 * encodings exist, all handled here:
 *
 *   - OpenFlow 1.0-1.2: Open vSwitch's Nicira extension: the request and
 *     the updates are NXST_FLOW_MONITOR (vendor stats 2) with NXM
 *     matches; NXT_FLOW_MONITOR_CANCEL/PAUSED/RESUMED (21, 22, 23).
 *   - OpenFlow 1.3: the ONF extension: ONFST_FLOW_MONITOR (experimenter
 *     multipart 1870) with the Nicira bodies but an OXM match and
 *     instructions; ONFT_FLOW_MONITOR_CANCEL/PAUSED/RESUMED (1870-1872).
 *   - OpenFlow 1.4+: OFPMP_FLOW_MONITOR (multipart 16); cancelling is a
 *     request with command "delete", pausing and resuming are events.
 *
 * Callers see one representation: flags are the Nicira NXFMF_* bits
 * below whatever the version (OpenFlow 1.4's ONLY_OWN bit carries "own",
 * as Open vSwitch's tools send it; NO_ABBREV is refused as they refuse
 * it), events are enum ofp_monitor_event.  Updates the switch sends on
 * its own have xid 0.  The switch side is ofproto/ofproto-monitor.c.
 *
 * Conventions are those of ofp-msgs.h: decoders return 0 or an enum
 * ofperr, encoders a new message; ports are in the 16-bit OFPP_* space
 * (OFPP_NONE: any). */
#ifndef OFP_MONITOR_H
#define OFP_MONITOR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-msgs.h"

struct ds;
struct ofpbuf;

/* Monitor flags (NXFMF_*). */
#define OFP_MONITOR_INITIAL 0x01    /* Dump the matching flows first. */
#define OFP_MONITOR_ADD     0x02    /* Report additions. */
#define OFP_MONITOR_DELETE  0x04    /* Report deletions. */
#define OFP_MONITOR_MODIFY  0x08    /* Report modifications. */
#define OFP_MONITOR_ACTIONS 0x10    /* Include the actions. */
#define OFP_MONITOR_OWN     0x20    /* Report this connection's own
                                     * changes in full (else
                                     * abbreviated). */
#define OFP_MONITOR_ALL_FLAGS 0x3f

/* What a 1.4+ request does with its monitor; older versions always
 * add. */
enum ofp_monitor_command {
    OFP_MONITOR_CMD_ADD = 0,
    OFP_MONITOR_CMD_MODIFY = 1,
    OFP_MONITOR_CMD_DELETE = 2,
};

struct ofp_monitor_request {
    uint32_t id;
    uint16_t flags;             /* OFP_MONITOR_*. */
    uint16_t out_port;          /* OFPP_NONE: any. */
    uint32_t out_group;         /* 0xffffffff: any (1.4+ only). */
    uint8_t table_id;           /* 0xff: all. */
    enum ofp_monitor_command command;
    struct match match;
};

/* A request with the defaults of "ovs-ofctl monitor ... watch:". */
void ofp_monitor_request_init(struct ofp_monitor_request *);

/* A FLOW_MONITOR request message of 'version' holding 'rq'. */
struct ofpbuf *ofp_monitor_request_encode(const struct ofp_monitor_request *,
                                          int version);

/* Pulls the next request entry out of 'msg' (a whole request message the
 * first time, see ofpmsg_multipart_begin()).  Returns 0, EOF when none is
 * left, or an enum ofperr. */
int ofp_monitor_request_pull(struct ofpbuf *msg,
                             struct ofp_monitor_request *);

/* Parses the text after "watch:" (ovs-ofctl(8)): "!initial", "!add",
 * "!delete", "!modify", "!actions", "!own", "table=N", "out_port=PORT",
 * "out_group=N" and match fields, separated by commas.  Returns NULL or
 * a malloc'd error. */
char *ofp_monitor_request_parse(const char *s, struct ofp_monitor_request *)
    OVS_WARN_UNUSED_RESULT;

/* A cancel for monitor 'id': NXT/ONFT_FLOW_MONITOR_CANCEL, or for 1.4+ a
 * request with command delete. */
struct ofpbuf *ofp_monitor_cancel_encode(uint32_t id, int version);
enum ofperr ofp_monitor_cancel_decode(const struct ofp_header *,
                                      uint32_t *id);

enum ofp_monitor_event {
    OFP_MONITOR_EV_INITIAL,     /* 1.4+; ADDED before. */
    OFP_MONITOR_EV_ADDED,
    OFP_MONITOR_EV_DELETED,
    OFP_MONITOR_EV_MODIFIED,
    OFP_MONITOR_EV_ABBREV,      /* The requester's own change ('xid'). */
    OFP_MONITOR_EV_PAUSED,      /* 1.4+ events; messages before. */
    OFP_MONITOR_EV_RESUMED,
};

struct ofp_monitor_update {
    enum ofp_monitor_event event;
    uint32_t xid;               /* ABBREV: the change's request. */
    /* The rest for INITIAL, ADDED, DELETED, MODIFIED. */
    uint16_t reason;            /* DELETED: OFPRR_*. */
    uint8_t table_id;
    uint16_t idle_timeout, hard_timeout;
    uint16_t priority;
    ovs_be64 cookie;
    struct match match;
    const struct ofpact *ofpacts;   /* NULL: none sent. */
    size_t ofpacts_len;
};

/* Appends 'u' as one entry of a FLOW_MONITOR reply of 'version' to
 * 'out' (the body only, no header). */
void ofp_monitor_update_put(const struct ofp_monitor_update *, int version,
                            struct ofpbuf *out);
/* An empty FLOW_MONITOR reply of 'version' with xid 0: the message that
 * carries updates the switch sends on its own. */
struct ofpbuf *ofp_monitor_update_msg(int version);
/* Pulls the next update out of reply 'msg' (see
 * ofp_monitor_request_pull()); the actions go into 'ofpacts' (cleared
 * first).  Returns 0, EOF or an enum ofperr. */
int ofp_monitor_update_pull(struct ofpbuf *msg, struct ofp_monitor_update *,
                            struct ofpbuf *ofpacts);

/* "Paused" or "resumed": NXT/ONFT_FLOW_MONITOR_PAUSED/RESUMED, or for
 * 1.4+ a reply with that one event.  Xid 0. */
struct ofpbuf *ofp_monitor_paused_encode(int version, bool resumed);

/* For ofp-print: the message name as ovs-ofctl prints it, and the body
 * of each flow monitor message (ending with a new-line). */
const char *ofp_monitor_msg_name(const struct ofp_header *, enum ofptype);
void ofp_monitor_print(struct ds *, const struct ofp_header *,
                       enum ofptype);

#endif /* ofp-monitor.h */
