/* dpif-provider.h -- the interface a datapath type implements.
 *
 * A provider fills in a struct dpif_class; lib/dpif.c knows the built-in
 * ones ("netdev": lib/dpif-netdev.c; "system": lib/dpif-netlink.c).  A provider's handle struct embeds struct dpif and
 * gets back to itself with CONTAINER_OF().  lib/dpif.c checks arguments,
 * logs failures (rate-limited, at dbg for ENOENT/EEXIST-style outcomes the
 * caller expects), counts calls with coverage counters, and implements
 * the parts common to all providers (dpif_flow_hash, formatting).
 *
 * Unless said otherwise, each function must be provided (non-NULL),
 * returns 0 or a positive errno, may be called from any thread, and may
 * block only briefly (a Netlink round trip to the kernel is fine). */
#ifndef DPIF_PROVIDER_H
#define DPIF_PROVIDER_H 1

#include "dpif.h"

struct dpif_class;

/* The base of every datapath handle.  lib/dpif.c initialises it with
 * dpif_init() from the provider's open function. */
struct dpif {
    const struct dpif_class *class;
    char *base_name;            /* "br0". */
    char *full_name;            /* "netdev@br0". */
};

void dpif_init(struct dpif *, const struct dpif_class *, const char *name);
void dpif_uninit(struct dpif *, bool close);

struct dpif_flow_dump {
    struct dpif *dpif;          /* Set by lib/dpif.c. */
};

struct dpif_class {
    const char *type;           /* "netdev", "system". */

    /* Fills 'names' with the existing datapaths of this type.  May be
     * NULL (no datapaths to list). */
    int (*enumerate)(struct sset *names);

    /* Opens (with 'create', creating if needed) the datapath 'name' and
     * returns a new handle in '*dpifp'.  See dpif_open(). */
    int (*open)(const struct dpif_class *, const char *name, bool create,
                struct dpif **dpifp);
    /* Frees the handle (not the datapath).  Never fails. */
    void (*close)(struct dpif *);
    /* Destroys the datapath behind the handle. */
    int (*destroy)(struct dpif *);

    /* Periodic work from the main loop; returns true if the caller should
     * look at the ports again.  May be NULL. */
    bool (*run)(struct dpif *);
    void (*wait)(struct dpif *);        /* May be NULL. */

    int (*get_stats)(const struct dpif *, struct dpif_dp_stats *);

    /* Ports: see dpif_port_add() etc.  The query functions fill 'port'
     * with malloc'd strings if it is nonnull. */
    int (*port_add)(struct dpif *, struct netdev *, odp_port_t *port_nop);
    int (*port_del)(struct dpif *, odp_port_t);
    int (*port_query_by_number)(const struct dpif *, odp_port_t,
                                struct dpif_port *);
    int (*port_query_by_name)(const struct dpif *, const char *devname,
                              struct dpif_port *);
    /* Port dump: start stores provider state in '*statep'; next fills
     * 'port' (owned by the state, valid until the next call) and returns
     * 0, EOF at the end, or an error; done frees the state. */
    int (*port_dump_start)(const struct dpif *, void **statep);
    int (*port_dump_next)(const struct dpif *, void *state,
                          struct dpif_port *port);
    int (*port_dump_done)(const struct dpif *, void *state);

    /* Flows: see dpif_flow_put() etc.  'ufid' is never NULL here (lib/
     * dpif.c computes it). */
    int (*flow_put)(struct dpif *, enum dpif_flow_put_flags,
                    const struct match *, const struct nlattr *actions,
                    size_t actions_len, const ovs_u128 *ufid,
                    struct dpif_flow_stats *stats);
    int (*flow_del)(struct dpif *, const ovs_u128 *ufid,
                    struct dpif_flow_stats *stats);
    int (*flow_flush)(struct dpif *);
    int (*flow_get)(struct dpif *, const ovs_u128 *ufid, struct ofpbuf *buf,
                    struct dpif_flow *);
    /* Flow dump: create returns the provider's struct embedding struct
     * dpif_flow_dump; next returns the number of flows stored (0 at the
     * end); destroy returns 0 or the first error met. */
    struct dpif_flow_dump *(*flow_dump_create)(struct dpif *);
    int (*flow_dump_next)(struct dpif_flow_dump *, struct dpif_flow *,
                          int max);
    int (*flow_dump_destroy)(struct dpif_flow_dump *);

    int (*execute)(struct dpif *, struct dpif_execute *);

    /* Upcalls: see dpif_recv_set() etc.  recv never blocks. */
    int (*recv_set)(struct dpif *, bool enable);
    int (*handlers_set)(struct dpif *, uint32_t n_handlers);
    int (*recv)(struct dpif *, uint32_t handler_id, struct dpif_upcall *);
    void (*recv_wait)(struct dpif *, uint32_t handler_id);
    void (*recv_purge)(struct dpif *);

    /* Meters: see dpif_meter_get_features() etc. in dpif.h.  All four may
     * be NULL together: the datapath has no meters (lib/dpif.c then
     * reports 0 meters and answers EOPNOTSUPP).  They never block. */
    void (*meter_get_features)(const struct dpif *,
                               struct ofp_meter_features *);
    int (*meter_set)(struct dpif *, uint32_t meter_id,
                     const struct ofp_meter_config *);
    int (*meter_get)(const struct dpif *, uint32_t meter_id,
                     struct ofp_meter_stats *);
    int (*meter_del)(struct dpif *, uint32_t meter_id);
};

extern const struct dpif_class dpif_netdev_class;
extern const struct dpif_class dpif_netlink_class;

#endif /* dpif-provider.h */
