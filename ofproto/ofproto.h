/* ofproto.h -- the OpenFlow switch, as the bridge layer sees it.
 *
 * An ofproto is one OpenFlow switch (one bridge): OpenFlow ports, flow
 * tables, MAC learning for the NORMAL action, and its OpenFlow
 * connections (a struct connmgr, ofproto/connmgr.h: the management socket
 * and the controllers).  It forwards through a datapath (lib/dpif.h) of type
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
#include "match.h"
#include "netdev.h"
#include "ofp-actions.h"
#include "packets.h"

struct ds;
struct ofpact;
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
/* PORT_MOD: the OFPPC_* config bits (lib/ofp-port.h) of a port, and
 * setting those in 'mask' to 'config' (PORT_DOWN also turns the device
 * administratively down or up).  set returns 0, or ENOENT if there is no
 * such port; it bumps the tables' version so that cached megaflows see
 * the change.  Main thread. */
uint32_t ofproto_port_get_config(const struct ofproto *, ofp_port_t);
int ofproto_port_set_config(struct ofproto *, ofp_port_t, uint32_t config,
                            uint32_t mask);
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
 * syntax ("priority=10,in_port=1,actions=output:2"), for tests and
 * ovs-appctl; EINVAL with a message in '*errorp' (caller frees) on a
 * parse error, or the error of ofproto_flow_mod().  ofproto_del_flows()
 * deletes all flows (then nothing is forwarded). */
int ofproto_add_flow_str(struct ofproto *, const char *flow, char **errorp);
int ofproto_del_flows(struct ofproto *);

/* OpenFlow flow table programming: what FLOW_MOD does, independent of the
 * OpenFlow version.  The connection code (connmgr) decodes a flow_mod
 * into this and maps the result to the version's ERROR message. */
struct ofproto_flow_mod {
    int command;                /* OFPFC_* (lib/ofp-actions.h). */
    struct ofp_flow_spec fs;    /* Match, priority, table (0xff: all
                                 * tables for modifies and deletes, table
                                 * 0 for adds), cookie and cookie_mask
                                 * (filter for modifies and deletes; for
                                 * adds fs.cookie is the new cookie),
                                 * timeouts, importance, flags, out_port,
                                 * out_group (filters for deletes). */
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
    bool modify_may_add;        /* OpenFlow 1.0 and 1.1: a modify that
                                 * matches nothing adds the flow. */
    bool modify_sets_cookie;    /* OpenFlow 1.0 and NXT_FLOW_MOD without a
                                 * cookie filter: a modify also gives the
                                 * flows it changes 'new_cookie' (1.1+
                                 * keep their cookies). */
    ovs_be64 new_cookie;
};

/* Why ofproto_flow_mod() refused; 0 means success.  Each maps to one
 * OpenFlow error (in the comment). */
enum ofproto_fm_error {
    OFPROTO_FM_OK = 0,
    OFPROTO_FM_BAD_COMMAND,     /* OFPFMFC_BAD_COMMAND. */
    OFPROTO_FM_BAD_TABLE_ID,    /* OFPFMFC_BAD_TABLE_ID (or OFPBRC_). */
    OFPROTO_FM_OVERLAP,         /* OFPFMFC_OVERLAP. */
    OFPROTO_FM_TABLE_FULL,      /* OFPFMFC_TABLE_FULL. */
    OFPROTO_FM_BAD_ACTION,      /* The actions don't fit the match or table
                                 * (ofpacts_check()): OFPBAC_BAD_ARGUMENT,
                                 * or OFPBMC_BAD_PREREQ for a set_field
                                 * whose prerequisites the match lacks. */
    OFPROTO_FM_BAD_OUT_PORT,    /* OFPBAC_BAD_OUT_PORT. */
    OFPROTO_FM_UNSUPPORTED,     /* A known action this switch cannot carry
                                 * out yet (enqueue...):
                                 * OFPBAC_BAD_TYPE. */
    OFPROTO_FM_BAD_OUT_GROUP,   /* A group action names a group that does
                                 * not exist: OFPBAC_BAD_OUT_GROUP. */
    OFPROTO_FM_BAD_METER,       /* A meter instruction or action names a
                                 * meter that does not exist:
                                 * OFPMMFC_INVALID_METER. */
};
const char *ofproto_fm_error_to_string(enum ofproto_fm_error);

/* Carries out 'fm'.  Returns 0 or an enum ofproto_fm_error, with a
 * human-readable detail in '*errorp' if 'errorp' is nonnull (caller
 * frees).  Main thread. */
int ofproto_flow_mod(struct ofproto *, const struct ofproto_flow_mod *fm,
                     char **errorp);

/* Transactions, for OpenFlow bundles (ofproto/ofproto-bundle.c): between
 * ofproto_txn_begin() and ofproto_txn_commit() or ofproto_txn_abort(),
 * ofproto_flow_mod() and ofproto_group_mod() (ofproto-group.h) change
 * the tables under one hold of the write lock, so that translation sees
 * either none of the changes or all of them, and remember how to undo
 * each change.  Commit keeps them (sends the FLOW_REMOVED messages they
 * caused and revalidates once); abort undoes them in reverse order, as if
 * none had happened.  Nothing else may touch the switch, and the thread
 * may take no other ofproto lock, while a transaction is open.  Main
 * thread. */
void ofproto_txn_begin(struct ofproto *);
void ofproto_txn_commit(struct ofproto *);
void ofproto_txn_abort(struct ofproto *);

/* One flow and its statistics, a snapshot. */
struct ofproto_flow_stats {
    uint8_t table_id;
    struct match match;
    int priority;
    ovs_be64 cookie;
    uint16_t idle_timeout, hard_timeout, importance, flags;
    long long int created;      /* time_msec() when added. */
    long long int modified;     /* Last add, modify or re-learn. */
    long long int used;         /* Last packet, time_msec(); 0 = never. */
    uint64_t n_packets, n_bytes;
    struct ofpact *ofpacts;     /* Owned copy. */
    size_t ofpacts_len;
};

/* Stores in '*statsp' (caller frees with ofproto_flow_stats_destroy())
 * and '*n' the flows that match 'filter' as a flow stats request selects
 * them: fs.table_id (0xff all), fs.match loosely (or, if 'strict',
 * exactly with fs.priority), fs.cookie under fs.cookie_mask,
 * fs.out_port (OFPP_NONE: any) and fs.out_group (0xffffffff: any).  In
 * table order, then decreasing priority. */
void ofproto_collect_flows(struct ofproto *, const struct ofp_flow_spec *,
                           bool strict, struct ofproto_flow_stats **statsp,
                           size_t *n);
void ofproto_flow_stats_destroy(struct ofproto_flow_stats *, size_t n);

/* Number of flows in 'table_id'. */
size_t ofproto_table_n_flows(struct ofproto *, uint8_t table_id);

/* What a table miss does (OpenFlow 1.1 and 1.2's TABLE_MOD config).  The
 * default is the connected controllers' versions' default: to the
 * controller if one of 1.0-1.2 is connected, else drop. */
enum ofproto_table_miss {
    OFPROTO_MISS_DEFAULT = 0,
    OFPROTO_MISS_CONTROLLER,
    OFPROTO_MISS_CONTINUE,      /* On to the next table (drop after the
                                 * last). */
    OFPROTO_MISS_DROP,
};
/* Sets the miss behaviour of 'table_id' (0xff: every table).  Main
 * thread. */
void ofproto_table_set_miss(struct ofproto *, uint8_t table_id,
                            enum ofproto_table_miss);
enum ofproto_table_miss ofproto_table_get_miss(struct ofproto *,
                                               uint8_t table_id);

/* OpenFlow tables 0 to 254. */
#define OFPROTO_N_TABLES 255

/* A flow table's settings, from its Flow_Table row in the database: its
 * 'name' (NULL for the default), and at most 'max_flows' flows.  An add
 * beyond that is refused (OFPFMFC_TABLE_FULL) or, with 'evict', makes room
 * by deleting, among the table's flows with a timeout, the one of lowest
 * importance that would expire soonest (refused if there is none).  An
 * evicted flow is reported with reason OFPRR_EVICTION (1.4+), or as
 * deleted to older controllers. */
struct ofproto_table_config {
    const char *name;
    unsigned int max_flows;
    bool evict;
};
void ofproto_set_table_config(struct ofproto *, uint8_t table_id,
                              const struct ofproto_table_config *);

/* If the table has a configured name, copies it into NAME (of SIZE
 * bytes) and returns true; otherwise false (callers use their default). */
bool ofproto_get_table_name(struct ofproto *, uint8_t table_id,
                            char *name, size_t size);

/* Why a flow was removed (OFPRR_* of OpenFlow). */
enum ofproto_flow_removed_reason {
    OFPROTO_FR_IDLE_TIMEOUT = 0,
    OFPROTO_FR_HARD_TIMEOUT = 1,
    OFPROTO_FR_DELETE = 2,
    OFPROTO_FR_EVICTION = 5,    /* OpenFlow 1.4+; "delete" before. */
};

/* Called in the main thread, from ofproto_flow_mod() or ofproto_run(),
 * for each removed flow that has OFPFF_SEND_FLOW_REM: connmgr sends
 * FLOW_REMOVED.  One callback per switch; NULL to stop. */
typedef void ofproto_flow_removed_cb(void *aux,
                                     const struct ofproto_flow_stats *,
                                     enum ofproto_flow_removed_reason);
void ofproto_set_flow_removed_cb(struct ofproto *, ofproto_flow_removed_cb *,
                                 void *aux);

/* Flow changes, for flow monitors (ofproto/ofproto-monitor.h).  While
 * connmgr_has_flow_monitors() says so, every flow added (a replacement
 * included), modified or deleted (also by a timeout or eviction) is
 * reported, once the tables are unlocked, to connmgr_flows_changed(). */
enum ofproto_flow_event {
    OFPROTO_FLOW_ADDED,
    OFPROTO_FLOW_MODIFIED,
    OFPROTO_FLOW_DELETED,
};
struct ofproto_flow_change {
    enum ofproto_flow_event event;
    enum ofproto_flow_removed_reason reason;    /* OFPROTO_FLOW_DELETED. */
    struct ofproto_flow_stats flow;             /* The flow after (or, for
                                                 * a deletion, before). */
};

/* PACKET_OUT: runs 'ofpacts' on the 'size'-byte Ethernet frame
 * 'packet' as if it had arrived on OpenFlow port 'in_port' (or
 * OFPP_CONTROLLER / OFPP_NONE), and sends the result through the
 * datapath.  Returns 0 or an errno (EOPNOTSUPP for actions that cannot be
 * carried out). */
int ofproto_packet_out(struct ofproto *, const void *packet, size_t size,
                       ofp_port_t in_port, const struct ofpact *ofpacts,
                       size_t ofpacts_len);

/* NXT_RESUME: carries on the translation that controller(pause) froze
 * into 'cont', for 'packet' with the in_port, registers and metadata in
 * 'metadata' (as the packet-in reported them), and sends the result
 * through the datapath.  Returns 0 or an errno (EOPNOTSUPP as above). */
struct ofp_continuation;
struct match;
int ofproto_resume(struct ofproto *, const void *packet, size_t size,
                   const struct match *metadata,
                   const struct ofp_continuation *cont);

/* The learn action: queues copies of the 'n' flows in 'learned' (see
 * struct xlate_learned in xlate.h) for the main thread, which adds each
 * one (within its learn action's limit) or, if it is there already,
 * refreshes it: 'used' (time_msec() units) becomes its last use, which
 * restarts its idle timeout.  Flows whose learning rule has been removed
 * meanwhile are dropped.  Any thread. */
struct xlate_learned;
void ofproto_learn_submit(struct ofproto *, const struct xlate_learned *,
                          size_t n, long long int used);

/* OpenFlow connections of the switch (ofproto/connmgr.h). */
struct connmgr *ofproto_get_connmgr(const struct ofproto *);

/* Status. */

/* Fills 'stats' with the port's counters from its netdev. */
int ofproto_port_get_stats(const struct ofproto *, ofp_port_t,
                           struct netdev_stats *stats);

#endif /* ofproto.h */
