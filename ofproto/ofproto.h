/* ofproto.h -- the OpenFlow switch, as the bridge layer sees it.
 *
 * An ofproto is one OpenFlow switch (one bridge): OpenFlow ports, flow
 * tables, MAC learning for the NORMAL action, and (later) controller
 * connections.  It forwards through a datapath (lib/dpif.h) of type
 * "netdev" (userspace) or "system" (kernel module), which it opens itself
 * and shares between the bridges of one type: each bridge's ports are
 * ports of that datapath.  Misses come up from the datapath to ofproto's
 * handler threads, which translate them through the tables
 * (ofproto/xlate.h) and install megaflows; revalidator threads keep the
 * installed megaflows consistent with the tables and expire idle ones.
 *
 * vswitchd/bridge.c is the only caller of this interface: it turns the
 * database into calls here and reads status back.  ofproto knows nothing
 * of the database.
 *
 * Threads: every function here is for the main thread.  Every function
 * returns 0 or a positive errno unless said otherwise. */
#ifndef OFPROTO_H
#define OFPROTO_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "flow.h"
#include "netdev.h"
#include "packets.h"

struct ds;
struct smap;
struct sset;

/* OpenFlow port number (16-bit space, see flow.h for OFPP_*). */
typedef uint16_t ofp_port_t;

struct ofproto;

/* Global setup: registers the ovs-appctl commands (ofproto/list,
 * ofproto/trace, fdb/show, fdb/flush, fdb/stats-show, dpif/show,
 * dpif/dump-flows, upcall/show, dpctl/...).  Call once. */
void ofproto_init(void);

/* Fills 'types' with the datapath types a bridge may use ("netdev",
 * "system"). */
void ofproto_enumerate_types(struct sset *types);

/* Creates the switch 'name' on a datapath of 'datapath_type' ("" or NULL
 * means "system").  Its local port (OFPP_LOCAL) is an internal netdev
 * named 'name', created here. */
int ofproto_create(const char *name, const char *datapath_type,
                   struct ofproto **ofprotop);
/* Destroys the switch: removes its ports from the datapath and its flows.
 * Accepts NULL.  Must not stall other bridges' forwarding for long. */
void ofproto_destroy(struct ofproto *);

/* Main-loop work: connections, MAC aging, port status.  Returns 0, or an
 * error if the switch is broken beyond repair. */
int ofproto_run(struct ofproto *);
void ofproto_wait(struct ofproto *);

/* Runs the work common to all switches of a type (e.g. the shared
 * datapath's ports).  Call for each type in use, each loop. */
void ofproto_type_run(const char *datapath_type);
void ofproto_type_wait(const char *datapath_type);

const char *ofproto_get_name(const struct ofproto *);
const char *ofproto_get_datapath_type(const struct ofproto *);
/* The datapath's version string, for Bridge datapath_version
 * ("<built-in>" for the userspace datapath). */
const char *ofproto_get_datapath_version(const struct ofproto *);

/* The 64-bit OpenFlow datapath id (Bridge other_config:datapath-id);
 * 0 means "derive it from the local port's MAC", the default. */
void ofproto_set_datapath_id(struct ofproto *, uint64_t dpid);
uint64_t ofproto_get_datapath_id(const struct ofproto *);

/* Ports. */

/* Adds 'netdev' as a port.  '*ofp_portp' is the requested OpenFlow port
 * number (Interface ofport_request), or OFPP_NONE to pick the lowest free
 * one; on success it holds the number used.  EBUSY if the requested
 * number is taken, EEXIST if the device is already a port.  The ofproto
 * takes its own reference to 'netdev'. */
int ofproto_port_add(struct ofproto *, struct netdev *,
                     ofp_port_t *ofp_portp);
int ofproto_port_del(struct ofproto *, ofp_port_t);
/* The port number of device 'name', or OFPP_NONE. */
ofp_port_t ofproto_port_find_by_name(const struct ofproto *,
                                     const char *name);
/* The netdev of port 'ofp_port', or NULL. */
struct netdev *ofproto_port_get_netdev(const struct ofproto *,
                                       ofp_port_t ofp_port);

/* Bundles: a bridge "Port" (one or more interfaces, with VLAN settings),
 * the unit that NORMAL forwards to and learns on.  Registered under an
 * opaque 'aux' (the bridge's port struct); registering the same 'aux'
 * again changes its settings. */
enum port_vlan_mode {
    PORT_VLAN_ACCESS,           /* Untagged, in VLAN 'vlan'. */
    PORT_VLAN_TRUNK,            /* Tagged; VLANs in 'trunks' (all if
                                 * NULL). */
    PORT_VLAN_NATIVE_UNTAGGED,  /* Trunk; 'vlan' leaves untagged. */
    PORT_VLAN_NATIVE_TAGGED,    /* Trunk; 'vlan' leaves tagged, untagged
                                 * input belongs to 'vlan'. */
};

struct ofproto_bundle_settings {
    const char *name;           /* Port name, for logs and fdb/show. */
    const ofp_port_t *members;  /* OpenFlow ports of its interfaces. */
    size_t n_members;
    enum port_vlan_mode vlan_mode;
    int vlan;                   /* Access/native VLAN, or -1 for none. */
    const unsigned long *trunks;/* Bitmap of 4096 VLANs, or NULL (all). */
    bool use_priority_tags;
    /* Bonds (n_members > 1): balance-slb/active-backup come later; until
     * then a multi-member bundle sends on its first live member. */
};
int ofproto_bundle_register(struct ofproto *, void *aux,
                            const struct ofproto_bundle_settings *);
int ofproto_bundle_unregister(struct ofproto *, void *aux);

/* Behaviour. */

enum ofproto_fail_mode {
    OFPROTO_FAIL_STANDALONE,    /* Acts as a learning switch (NORMAL)
                                 * while no controller is connected. */
    OFPROTO_FAIL_SECURE,        /* Only the flows programmed into it. */
};
void ofproto_set_fail_mode(struct ofproto *, enum ofproto_fail_mode);

/* MAC learning: entries idle for 'idle_time' seconds expire (default
 * 300, other_config:mac-aging-time); at most 'max_entries' (default 8192,
 * other_config:mac-table-size). */
void ofproto_set_mac_table_config(struct ofproto *, unsigned int idle_time,
                                  size_t max_entries);

/* Flows: the default flow of a new switch is "priority=0,actions=NORMAL"
 * in table 0.  ofproto_add_flow_str() adds one flow given in ovs-ofctl
 * syntax ("priority=10,in_port=1,actions=output:2"), for tests and until
 * OpenFlow connections land; EINVAL with a message in '*errorp' (caller
 * frees) on a parse error.  ofproto_del_flows() deletes all flows (then
 * nothing is forwarded). */
int ofproto_add_flow_str(struct ofproto *, const char *flow, char **errorp);
int ofproto_del_flows(struct ofproto *);

/* Status. */

/* Fills 'stats' with the port's counters from its netdev. */
int ofproto_port_get_stats(const struct ofproto *, ofp_port_t,
                           struct netdev_stats *stats);

#endif /* ofproto.h */
