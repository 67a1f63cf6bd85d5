/* ofp-print.h -- OpenFlow messages as text, the way ovs-ofctl prints them.
 *
 * ofp_print_msg() writes a decoded message in the format of
 * "ovs-ofctl ofp-print" and of the replies ovs-ofctl shows (show,
 * dump-flows, dump-ports...): a header line "NAME (OF1.x) (xid=0x..):"
 * followed by the body.  Message types it does not know in detail are
 * printed as their header line only.  Used by ovs-ofctl and for logging.
 *
 * Implemented in ofp-print.c on top of lib/ofp-msgs.h. */
#ifndef OFP_PRINT_H
#define OFP_PRINT_H 1

#include <stdbool.h>
#include <stddef.h>
#include "ofp-msgs.h"

struct ds;

/* Appends message 'oh' ('len' bytes) to 's', ending with a new-line. */
void ofp_print_msg(struct ds *s, const struct ofp_header *oh, size_t len);

/* The header line's message name: "OFPT_FEATURES_REPLY", "NXST_FLOW
 * reply"... */
const char *ofp_msg_name(const struct ofp_header *oh);

/* One flow stats entry, as a line of "ovs-ofctl dump-flows" (with a
 * leading space, without the new-line).  Without 'show_stats' it is the
 * --no-stats form. */
void ofp_print_flow_stats(struct ds *s, const struct ofp_flow_stats *fs,
                          bool show_stats);

/* A port, as "show" and "dump-ports-desc" print it (several lines). */
void ofp_print_port(struct ds *s, const struct ofp_port_info *pi,
                    int version);

/* "LOCAL", "CONTROLLER"... or the number. */
void ofp_format_port(struct ds *s, uint16_t port);

#endif /* ofp-print.h */
