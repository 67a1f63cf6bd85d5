/* ofproto-meter.h -- a switch's OpenFlow meter table.
 *
 * Each switch (struct ofproto) has one meter table: the meters that
 * METER_MOD creates, by id (1 to OFPM_MAX).  The table holds each
 * meter's configuration and creation time; the metering itself, and so
 * the packet and band counters, belong to the datapath (dpif_meter_*()
 * in lib/dpif.h), which runs every packet of a flow through the meter
 * (OVS_ACTION_ATTR_METER, emitted by ofproto/xlate.c) -- not only the
 * first one that ofproto sees.  Datapath meter ids are the OpenFlow
 * ids, since each switch opens its own datapath.  A datapath without
 * meters (the kernel module today) reports 0 meters, and every add is
 * refused with OFPMMFC_OUT_OF_METERS.
 *
 * Rules for the table's contents, enforced here:
 *   - deleting a meter deletes the flows that use it (OpenFlow 1.3,
 *     "Meter Table");
 *   - flows may only use existing meters (ofproto_meter_check_ofpacts(),
 *     called by flow_mod; a missing one is OFPMMFC_INVALID_METER, as
 *     Open vSwitch answers).
 *
 * The table changes under the ofproto's write lock; translation reads
 * it under the read lock (ofproto_meter_exists()). */
#ifndef OFPROTO_METER_H
#define OFPROTO_METER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-meter.h"

struct ofproto;
struct ofpact;

/* Lifetime of a switch's table (called by ofproto.c). */
void ofproto_meters_init(struct ofproto *);
void ofproto_meters_destroy(struct ofproto *);

/* True if meter 'meter_id' exists.  The caller holds the ofproto's
 * rwlock (either way) or is the main thread. */
bool ofproto_meter_exists(const struct ofproto *, uint32_t meter_id);

/* Carries out METER_MOD 'mm'.  Returns 0 or an OFPMMFC_* error.  Main
 * thread. */
enum ofperr ofproto_meter_mod(struct ofproto *, const struct ofp_meter_mod *);

/* True if the actions (including nested lists) use a meter that does not
 * exist; stores its id in '*missing'.  Main thread. */
bool ofproto_meter_check_ofpacts(const struct ofproto *,
                                 const struct ofpact *, size_t len,
                                 uint32_t *missing);

/* Answers 'request', a METER_STATS, METER_CONFIG or METER_FEATURES
 * request: on success 'mp' holds the reply (started here; the caller
 * sends and destroys it).  A request for one meter that does not exist
 * is OFPMMFC_UNKNOWN_METER.  Main thread. */
enum ofperr ofproto_meter_reply(struct ofproto *,
                                const struct ofp_header *request,
                                struct ofp_multipart *mp);

#endif /* ofproto-meter.h */
