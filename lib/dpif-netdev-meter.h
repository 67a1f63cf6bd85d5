/* dpif-netdev-meter.h -- the userspace datapath's meters.
 *
 * A meter table for lib/dpif-netdev.c: meters by id, each a set of token
 * buckets (one per band) that OVS_ACTION_ATTR_METER runs packets through.
 * A packet is measured against every band; the band with the highest
 * rate whose bucket lacks the packet's cost applies to it (a drop band
 * drops it) and counts it; the bands with enough tokens pay the cost.
 * A band's bucket fills at its rate (packets/s, or kbit/s) up to its
 * burst size (OFPMF_BURST) or else one second's worth, and starts full.
 *
 * Locking is the caller's for the table (lib/dpif-netdev.c holds its
 * datapath's rwlock: for writing around set and delete, for reading
 * around get and run); each meter has its own mutex for its buckets and
 * counters, so that forwarding threads may share it. */
#ifndef DPIF_NETDEV_METER_H
#define DPIF_NETDEV_METER_H 1

#include <stdint.h>

struct dp_packet_batch;
struct ofp_meter_config;
struct ofp_meter_features;
struct ofp_meter_stats;

/* What the table supports (the OpenFlow features reply's numbers). */
#define DP_METER_MAX_METERS 262144
#define DP_METER_MAX_BANDS 8

struct dp_meter_table *dp_meter_table_create(void);
void dp_meter_table_destroy(struct dp_meter_table *);

void dp_meter_features(struct ofp_meter_features *);

/* Creates or replaces meter 'id'.  A replaced meter starts over, as Open
 * vSwitch's does: counters at zero, buckets full.  0, EINVAL (a band
 * type or flags the table does not support, no bands, too many) or
 * ENOSPC (table full). */
int dp_meter_table_set(struct dp_meter_table *, uint32_t id,
                       const struct ofp_meter_config *);
/* 0 or ENOENT.  Fills the counters of 'stats' (see dpif_meter_get()). */
int dp_meter_table_get(const struct dp_meter_table *, uint32_t id,
                       struct ofp_meter_stats *);
/* 0 or ENOENT. */
int dp_meter_table_del(struct dp_meter_table *, uint32_t id);

/* Runs 'batch' through meter 'id' at time 'now' (msec): frees and removes
 * the packets that it drops.  A meter that does not exist (deleted while
 * a flow still used it) passes every packet. */
void dp_meter_table_run(const struct dp_meter_table *, uint32_t id,
                        struct dp_packet_batch *, long long int now);

#endif /* dpif-netdev-meter.h */
