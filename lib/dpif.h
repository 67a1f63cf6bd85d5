/* dpif.h -- the datapath interface: what ofproto sees of a datapath.
 *
 * A datapath is a flow cache in front of the OpenFlow switch.  It has
 * numbered ports (netdevs), and a table of datapath flows ("megaflows"):
 * each a key and a mask over struct flow, with a list of datapath actions.
 * A packet received on a port is looked up in the table; on a hit its
 * actions run in the datapath; on a miss the packet goes up to userspace
 * as an upcall, where ofproto translates it through the OpenFlow tables,
 * installs a flow (dpif_flow_put) and executes the packet
 * (dpif_execute).
 *
 * Two providers implement this interface (lib/dpif-provider.h): "netdev",
 * the userspace datapath in this process (lib/dpif-netdev.c), and
 * "system", the kernel module reached over Generic Netlink
 * (lib/dpif-netlink.c).  Callers never include a provider's header.
 *
 * Keys and masks are "struct match" (flow + wildcards): in a datapath
 * flow, flow.in_port is a datapath port number (odp_port_t), and
 * recirc_id, dp_hash, skb_priority and pkt_mark are the packet metadata.
 * Actions are a stream of Netlink attributes OVS_ACTION_ATTR_* in the
 * format of <linux/openvswitch.h> (see lib/nl-attr.h and lib/odp-util.h),
 * the same for every provider.
 *
 * Threads: a dpif may be used from several threads at once (handlers,
 * revalidators, the main loop) except where a function says otherwise.
 * Every function returns 0 or a positive errno value unless said
 * otherwise. */
#ifndef DPIF_H
#define DPIF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/openvswitch.h>
#include "match.h"

struct dp_packet;
struct ds;
struct netdev;
struct nlattr;
struct ofpbuf;
struct sset;

/* Datapath port numbers.  Port 0 is the datapath's own "local" port, an
 * internal device named after the datapath. */
typedef uint32_t odp_port_t;
#define ODPP_LOCAL 0u
#define ODPP_NONE UINT32_MAX

/* A 128-bit unique flow id ("ufid"), chosen by userspace for each datapath
 * flow, usually a hash of its key and mask. */
typedef union {
    uint32_t u32[4];
    uint64_t u64[2];
} ovs_u128;

static inline bool
ovs_u128_equals(ovs_u128 a, ovs_u128 b)
{
    return a.u64[0] == b.u64[0] && a.u64[1] == b.u64[1];
}

/* Returns the ufid that userspace gives the flow with key and mask 'm'
 * (a hash of the masked key and the mask). */
ovs_u128 dpif_flow_hash(const struct match *m);

/* Formats 'ufid' as "ufid:" followed by the 8-4-4-4-12 hex form. */
void odp_format_ufid(const ovs_u128 *ufid, struct ds *);

struct dpif;

/* Opening and closing. */

/* Fills 'types' with the datapath types: "netdev" always, "system" if the
 * netlink provider is built. */
void dpif_enumerate_types(struct sset *types);

/* Opens the datapath 'name' of 'type' ("netdev" or "system"; NULL or ""
 * means "system").  With 'create', creates it if it does not exist (and
 * then its local port, an internal netdev named 'name', exists too);
 * without, ENODEV if it does not exist.  Opening the same name twice in
 * one process returns two handles to one datapath. */
int dpif_open(const char *name, const char *type, bool create,
              struct dpif **dpifp);
/* Closes the handle; the datapath itself lives on until dpif_delete(). */
void dpif_close(struct dpif *);
/* Destroys the datapath (its ports and flows); the handle must still be
 * closed. */
int dpif_delete(struct dpif *);

/* Fills 'names' with the names of the datapaths of 'type' that exist. */
int dpif_enumerate_names(const char *type, struct sset *names);

const char *dpif_name(const struct dpif *);
const char *dpif_type(const struct dpif *);
/* "netdev@br0", as ovs-dpctl and ofproto/dpif print it. */
const char *dpif_base_name(const struct dpif *);

/* Datapath-wide statistics. */
struct dpif_dp_stats {
    uint64_t n_hit;             /* Packets that matched a flow. */
    uint64_t n_missed;          /* Packets sent up as a miss. */
    uint64_t n_lost;            /* Misses dropped (queue full). */
    uint64_t n_flows;           /* Flows in the table now. */
    uint64_t n_mask_hit;        /* Masks looked at for hits. */
    uint32_t n_masks;           /* Distinct masks now. */
};
int dpif_get_dp_stats(const struct dpif *, struct dpif_dp_stats *);

/* Main-loop work: a provider's periodic duties (expiring nothing: flow
 * expiry is the revalidators' job).  dpif_run() returns true if the
 * datapath's ports changed in a way the caller should look at. */
bool dpif_run(struct dpif *);
void dpif_wait(struct dpif *);

/* Ports. */

struct dpif_port {
    char *name;                 /* Netdev name. */
    char *type;                 /* Netdev type. */
    odp_port_t port_no;
};
void dpif_port_clone(struct dpif_port *dst, const struct dpif_port *src);
void dpif_port_destroy(struct dpif_port *);

/* Adds 'netdev' as a port.  If '*port_nop' is not ODPP_NONE the port gets
 * that number (EBUSY if taken); otherwise the datapath picks one.  The
 * number is stored in '*port_nop'.  The datapath keeps its own reference
 * to 'netdev'. */
int dpif_port_add(struct dpif *, struct netdev *, odp_port_t *port_nop);
int dpif_port_del(struct dpif *, odp_port_t port_no);
/* Looks up a port; fills 'port' (the caller destroys it) or returns
 * ENODEV.  'port' may be NULL to test only. */
int dpif_port_query_by_number(const struct dpif *, odp_port_t,
                              struct dpif_port *port);
int dpif_port_query_by_name(const struct dpif *, const char *devname,
                            struct dpif_port *port);

/* Iterating over ports:
 *     struct dpif_port_dump dump;
 *     struct dpif_port port;
 *     DPIF_PORT_FOR_EACH (&port, &dump, dpif) { ... }
 * 'port' is valid only until the next iteration. */
struct dpif_port_dump {
    const struct dpif *dpif;
    int error;
    void *state;
};
void dpif_port_dump_start(struct dpif_port_dump *, const struct dpif *);
bool dpif_port_dump_next(struct dpif_port_dump *, struct dpif_port *);
int dpif_port_dump_done(struct dpif_port_dump *);
#define DPIF_PORT_FOR_EACH(PORT, DUMP, DPIF)                    \
    for (dpif_port_dump_start(DUMP, DPIF);                      \
         (dpif_port_dump_next(DUMP, PORT)                       \
          ? true : (dpif_port_dump_done(DUMP), false));         \
        )

/* Flows. */

struct dpif_flow_stats {
    uint64_t n_packets;
    uint64_t n_bytes;
    long long int used;         /* Last used, in msec (time_msec()), or 0. */
    uint16_t tcp_flags;         /* OR of TCP flags seen. */
};
void dpif_flow_stats_format(const struct dpif_flow_stats *, struct ds *);

enum dpif_flow_put_flags {
    DPIF_FP_CREATE = 1 << 0,    /* Allow creating a new flow. */
    DPIF_FP_MODIFY = 1 << 1,    /* Allow replacing an existing flow's
                                 * actions. */
    DPIF_FP_ZERO_STATS = 1 << 2 /* With MODIFY: zero its statistics. */
};

/* Installs a flow with key and mask 'match' and the 'actions_len' bytes
 * of 'actions', identified by 'ufid' (NULL: dpif_flow_hash(match)).
 * A flow with the same key and mask exists: EEXIST unless
 * DPIF_FP_MODIFY; none exists: ENOENT unless DPIF_FP_CREATE.  A flow
 * that overlaps an existing one with another mask is allowed (the
 * datapath then picks either; userspace avoids that).  If 'stats' is
 * nonnull, stores the replaced flow's statistics (zeros if new).
 * EINVAL for a key or actions the datapath cannot handle, E2BIG if its
 * table is full. */
int dpif_flow_put(struct dpif *, enum dpif_flow_put_flags,
                  const struct match *match,
                  const struct nlattr *actions, size_t actions_len,
                  const ovs_u128 *ufid, struct dpif_flow_stats *stats);
/* Deletes the flow 'ufid' (or, with 'ufid' NULL, the one with key and
 * mask 'match').  ENOENT if there is none.  'stats' gets its final
 * statistics if nonnull. */
int dpif_flow_del(struct dpif *, const struct match *match,
                  const ovs_u128 *ufid, struct dpif_flow_stats *stats);
/* Deletes every flow. */
int dpif_flow_flush(struct dpif *);

/* A flow as dumped or got. */
struct dpif_flow {
    struct match match;         /* Key and mask. */
    const struct nlattr *actions;   /* Owned by the dump or 'buf'. */
    size_t actions_len;
    ovs_u128 ufid;
    struct dpif_flow_stats stats;
};
/* Looks up flow 'ufid' (or by exact key and mask 'match' if 'ufid' is
 * NULL).  Its actions are copied into 'buf'.  ENOENT if absent. */
int dpif_flow_get(struct dpif *, const struct match *match,
                  const ovs_u128 *ufid, struct ofpbuf *buf,
                  struct dpif_flow *flow);

/* Dumping flows, possibly while other threads change them: each flow that
 * exists from start to end is dumped exactly once, others at most once.
 *     struct dpif_flow_dump *dump = dpif_flow_dump_create(dpif);
 *     struct dpif_flow flows[50];
 *     int n;
 *     while ((n = dpif_flow_dump_next(dump, flows, 50)) > 0) { ... }
 *     error = dpif_flow_dump_destroy(dump);
 * The flows returned by one call are valid until the next call. */
struct dpif_flow_dump *dpif_flow_dump_create(struct dpif *);
int dpif_flow_dump_next(struct dpif_flow_dump *, struct dpif_flow *,
                        int max);
int dpif_flow_dump_destroy(struct dpif_flow_dump *);

/* Executing a packet.  Runs 'actions' on 'packet' as if it had been
 * received with the metadata in 'packet->md' (in_port etc.); the packet
 * is not looked up in the flow table.  The caller keeps 'packet' (the
 * datapath works on a copy if the actions change it).  A "userspace"
 * action queues an upcall of type DPIF_UC_ACTION.  'flow' is the packet's
 * extracted flow if the caller has it, or NULL. */
struct dpif_execute {
    struct dp_packet *packet;
    const struct flow *flow;
    const struct nlattr *actions;
    size_t actions_len;
    bool probe;                 /* Don't log failure. */
};
int dpif_execute(struct dpif *, struct dpif_execute *);

/* Upcalls: packets sent up to userspace. */

enum dpif_upcall_type {
    DPIF_UC_MISS,               /* No flow matched. */
    DPIF_UC_ACTION,             /* A "userspace" action sent it. */
};

struct dpif_upcall {
    enum dpif_upcall_type type;
    struct dp_packet *packet;   /* The packet, owned by the upcall. */
    struct flow flow;           /* Its key: flow_extract() plus metadata,
                                 * flow.in_port a datapath port. */
    ovs_u128 ufid;              /* dpif_flow_hash() of the exact key. */
    struct nlattr *userdata;    /* DPIF_UC_ACTION: the action's
                                 * OVS_USERSPACE_ATTR_USERDATA, or NULL. */
    size_t userdata_len;
};
/* Frees an upcall's packet and userdata. */
void dpif_upcall_destroy(struct dpif_upcall *);

/* Enables or disables receiving upcalls, and sets the number of handler
 * threads (queues) that will call dpif_recv() with handler_id
 * 0..n_handlers-1.  Misses are spread across queues by a hash of the
 * flow so that one flow's packets stay in order.  While disabled, misses
 * are dropped (counted in n_lost). */
int dpif_recv_set(struct dpif *, bool enable);
int dpif_handlers_set(struct dpif *, uint32_t n_handlers);

/* Takes one upcall from queue 'handler_id' into 'upcall' (the caller
 * destroys it with dpif_upcall_destroy()).  EAGAIN if the queue is empty.
 * Never blocks; dpif_recv_wait() arranges for poll_block() to wake when
 * the queue has something. */
int dpif_recv(struct dpif *, uint32_t handler_id, struct dpif_upcall *);
void dpif_recv_wait(struct dpif *, uint32_t handler_id);
/* Discards every queued upcall. */
void dpif_recv_purge(struct dpif *);

/* Meters: token buckets that the datapath runs packets through
 * (OVS_ACTION_ATTR_METER with the meter's id), for OpenFlow meters
 * (ofproto/ofproto-meter.c, which keeps datapath meter id == OpenFlow
 * meter id since each switch has its own datapath).
 *
 * dpif_meter_get_features() says what the datapath supports; a datapath
 * without meters reports max_meters 0 and the others return EOPNOTSUPP.
 * dpif_meter_set() creates or replaces meter 'meter_id' ('config' has
 * been checked against the features; its meter_id is ignored): ENOSPC
 * if the datapath is full.  dpif_meter_get() fills in the counters of
 * 'stats' (packet_in_count, byte_in_count, and 'stats->n_bands' band
 * counters in 'stats->bands', which the caller allocates); ENOENT if
 * there is no such meter.  dpif_meter_del() deletes one (ENOENT if
 * none).  Rates: packets/s with OFPMF_PKTPS, else kbit/s; a band's
 * bucket holds burst_size (OFPMF_BURST) or else one second of its
 * rate. */
struct ofp_meter_config;
struct ofp_meter_features;
struct ofp_meter_stats;
void dpif_meter_get_features(const struct dpif *,
                             struct ofp_meter_features *);
int dpif_meter_set(struct dpif *, uint32_t meter_id,
                   const struct ofp_meter_config *config);
int dpif_meter_get(const struct dpif *, uint32_t meter_id,
                   struct ofp_meter_stats *stats);
int dpif_meter_del(struct dpif *, uint32_t meter_id);

/* Returns a string that names 'error' (0 or a positive errno). */
const char *dpif_strerror(int error);

#endif /* dpif.h */
