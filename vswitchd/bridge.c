/* bridge.c -- the Open_vSwitch database turned into OpenFlow switches.
 *
 * How it works.  The IDL replicates the columns of Open_vSwitch, Bridge,
 * Port and Interface that configure the switch, with alerts: a change to
 * any of them changes the IDL's seqno.  The columns this module writes
 * (status: ofport, error, statistics, cur_cfg, ...) are replicated without
 * alerts, so that our own writes never trigger a reconfiguration.
 *
 * On a new seqno, while holding the "ovs_vswitchd" lock, reconfigure()
 * walks the whole configuration and compares it with what is running:
 *
 *   struct bridge  one per Bridge row: an ofproto, its ports, its ifaces.
 *   struct port    one per Port row: a bundle registered with ofproto
 *                  (its members are the ifaces' OpenFlow ports and its
 *                  VLAN settings come from tag/trunks/vlan_mode).
 *   struct iface   one per Interface row: an open netdev added to the
 *                  ofproto as an OpenFlow port, or a failure (error text)
 *                  that is retried while it may heal (a missing device).
 *
 * Only what differs is touched: a new Interface opens one netdev, a
 * changed tag re-registers one bundle, and the other ports never notice.
 * The running objects keep no pointers into the IDL's rows (rows die in
 * ovsdb_idl_run()); they are matched by name, and status writes match
 * Interface rows by uuid (remembered at reconfiguration).
 *
 * Status goes back in one transaction per batch (write_status()): after a
 * reconfiguration (with cur_cfg = next_cfg, which "ovs-vsctl" without
 * --no-wait waits for), when a device's change sequence moves (link,
 * flags, MTU), and every STATS_INTERVAL ms for statistics.  Only one
 * status transaction is in flight at a time; a failed one is redone.
 *
 * OpenFlow: each bridge's connection manager (ofproto/connmgr.h) gets the
 * management socket RUNDIR/BRIDGE.mgmt, the Bridge's protocols and
 * Controller rows (inactivity_probe and max_backoff are milliseconds in
 * the database, seconds in connmgr); Controller is_connected, role and
 * status are written back whenever a controller connects, disconnects or
 * changes role (connmgr_get_status_seq()).
 *
 * A bad configuration never stops the daemon: the Interface gets an error
 * and the log says why. */
#include <config.h>
#include "bridge.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "connmgr.h"
#include "coverage.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "flow.h"
#include "list.h"
#include "memory.h"
#include "netdev.h"
#include "ofp-msgs.h"
#include "ofproto.h"
#include "ofproto-test.h"
#include "ovsdb-idl.h"
#include "poll-loop.h"
#include "shash.h"
#include "smap.h"
#include "sset.h"
#include "system-id.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"
#include "vswitch-idl.h"
#include "vswitch-version.h"

VLOG_DEFINE_THIS_MODULE(bridge);

COVERAGE_DEFINE(bridge_reconfigure);
COVERAGE_DEFINE(bridge_iface_error);
COVERAGE_DEFINE(bridge_status_txn);

/* Statistics are refreshed in the database this often (ms). */
#define STATS_INTERVAL 5000
/* Interfaces that failed in a way that may heal (e.g. the device does not
 * exist yet) are retried this often (ms). */
#define RETRY_INTERVAL 1000

struct bridge;
struct port;

struct iface {
    struct ovs_list port_node;  /* In port->ifaces. */
    struct port *port;
    char *name;
    char *type;                 /* As configured; "" means "system". */
    struct uuid row_uuid;       /* Interface row, for status writes. */

    struct netdev *netdev;      /* NULL while failed. */
    ofp_port_t ofp_port;        /* OFPP_NONE while failed. */
    int64_t ofport_request;     /* 0 if none. */
    int64_t mtu_request;        /* 0 if none. */
    struct smap options;        /* Last options applied. */
    char *error;                /* Interface error column, or NULL. */
    bool may_heal;              /* Failure worth retrying (ENODEV...). */
    uint64_t change_seq;        /* netdev change seq at last status. */
};

struct port {
    struct bridge *bridge;
    char *name;
    struct ovs_list ifaces;     /* Contains struct iface. */
    char *bundle_sig;           /* Settings registered, or NULL if none. */
};

struct bridge {
    char *name;
    char *type;                 /* datapath_type, normalized. */
    struct ofproto *ofproto;
    struct shash ports;         /* Port name -> struct port. */
    struct shash ifaces;        /* Interface name -> struct iface. */

    /* Settings in force, to call ofproto only on change. */
    uint64_t dpid;
    enum ofproto_fail_mode fail_mode;
    unsigned int mac_aging;
    size_t mac_table_size;
    uint32_t allowed_versions;  /* Bridge protocols, as a bitmap. */
    unsigned int conn_status_seq;   /* connmgr_get_status_seq() written. */
};

static struct shash all_bridges = SHASH_INITIALIZER(&all_bridges);
static struct shash all_ifaces = SHASH_INITIALIZER(&all_ifaces);

static struct ovsdb_idl *idl;
static unsigned int idl_seqno;      /* Seqno at the last reconfiguration. */
static bool had_lock;               /* For logging lock changes. */
static bool reconfigured_once;

static int64_t applied_cfg;         /* next_cfg at the last reconfigure. */
static bool status_dirty;           /* Status needs writing. */
static struct ovsdb_idl_txn *status_txn;
static long long next_stats_msec;
static long long next_retry_msec = LLONG_MAX;

static void reconfigure(const struct vswitchrec_open_vswitch *);
static void bridge_destroy(struct bridge *);
static void iface_destroy(struct iface *);
static void write_status(bool with_stats);
static void bridge_unixctl_reconnect(struct unixctl_conn *, int argc,
                                     const char *argv[], void *aux);
static void bridge_unixctl_dump_flows(struct unixctl_conn *, int argc,
                                      const char *argv[], void *aux);
static void bridge_memory_usage(struct smap *, void *aux);

/* The columns we read (alerting) and write (non-alerting). */
static void
register_columns(void)
{
    static const struct ovsdb_idl_column *const alert[] = {
        &vswitchrec_open_vswitch_col_bridges,
        &vswitchrec_open_vswitch_col_next_cfg,
        &vswitchrec_open_vswitch_col_external_ids,
        &vswitchrec_open_vswitch_col_other_config,
        &vswitchrec_bridge_col_name,
        &vswitchrec_bridge_col_datapath_type,
        &vswitchrec_bridge_col_ports,
        &vswitchrec_bridge_col_fail_mode,
        &vswitchrec_bridge_col_other_config,
        &vswitchrec_bridge_col_controller,
        &vswitchrec_bridge_col_protocols,
        &vswitchrec_bridge_col_flow_tables,
        &vswitchrec_flow_table_col_name,
        &vswitchrec_flow_table_col_flow_limit,
        &vswitchrec_flow_table_col_overflow_policy,
        &vswitchrec_flow_table_col_groups,
        &vswitchrec_flow_table_col_prefixes,
        &vswitchrec_controller_col_target,
        &vswitchrec_controller_col_inactivity_probe,
        &vswitchrec_controller_col_max_backoff,
        &vswitchrec_port_col_name,
        &vswitchrec_port_col_interfaces,
        &vswitchrec_port_col_tag,
        &vswitchrec_port_col_trunks,
        &vswitchrec_port_col_vlan_mode,
        &vswitchrec_port_col_fake_bridge,
        &vswitchrec_interface_col_name,
        &vswitchrec_interface_col_type,
        &vswitchrec_interface_col_options,
        &vswitchrec_interface_col_ofport_request,
        &vswitchrec_interface_col_mtu_request,
    };
    static const struct ovsdb_idl_column *const status[] = {
        &vswitchrec_open_vswitch_col_cur_cfg,
        &vswitchrec_open_vswitch_col_ovs_version,
        &vswitchrec_open_vswitch_col_db_version,
        &vswitchrec_open_vswitch_col_datapath_types,
        &vswitchrec_open_vswitch_col_iface_types,
        &vswitchrec_bridge_col_datapath_id,
        &vswitchrec_bridge_col_datapath_version,
        &vswitchrec_interface_col_ofport,
        &vswitchrec_interface_col_error,
        &vswitchrec_interface_col_ifindex,
        &vswitchrec_interface_col_mac_in_use,
        &vswitchrec_interface_col_admin_state,
        &vswitchrec_interface_col_link_state,
        &vswitchrec_interface_col_link_speed,
        &vswitchrec_interface_col_mtu,
        &vswitchrec_interface_col_status,
        &vswitchrec_interface_col_statistics,
        &vswitchrec_controller_col_is_connected,
        &vswitchrec_controller_col_role,
        &vswitchrec_controller_col_status,
    };

    for (size_t i = 0; i < ARRAY_SIZE(alert); i++) {
        ovsdb_idl_add_column(idl, alert[i]);
    }
    for (size_t i = 0; i < ARRAY_SIZE(status); i++) {
        ovsdb_idl_omit_alert(idl, status[i]);
    }
}

void
bridge_init(const char *remote)
{
    idl = ovsdb_idl_create(remote, &vswitchrec_idl_class, false, true);
    register_columns();
    ovsdb_idl_set_lock(idl, "ovs_vswitchd");
    idl_seqno = ovsdb_idl_get_seqno(idl);

    ofproto_init();
    unixctl_command_register("bridge/reconnect", "[bridge]", 0, 1,
                             bridge_unixctl_reconnect, NULL);
    unixctl_command_register("bridge/dump-flows", "bridge", 1, 1,
                             bridge_unixctl_dump_flows, NULL);
    memory_add_usage_cb(bridge_memory_usage, NULL);
}

void
bridge_exit(void)
{
    struct shash_node *node, *next;

    SHASH_FOR_EACH_SAFE (node, next, &all_bridges) {
        bridge_destroy(node->data);
    }
    ovsdb_idl_txn_destroy(status_txn);
    status_txn = NULL;
    ovsdb_idl_destroy(idl);
    idl = NULL;
}

/* Small helpers. */

static const char *
normalize_type(const char *type)
{
    return type && type[0] ? type : "system";
}

static void
iface_set_error(struct iface *iface, char *error, bool may_heal)
{
    if (!iface->error || strcmp(iface->error, error)) {
        VLOG_WARN("%s", error);
        COVERAGE_INC(bridge_iface_error);
    }
    free(iface->error);
    iface->error = error;
    iface->may_heal = may_heal;
}

static void
iface_clear_error(struct iface *iface)
{
    free(iface->error);
    iface->error = NULL;
    iface->may_heal = false;
}

static bool
iface_is_local(const struct iface *iface)
{
    return !strcmp(iface->name, iface->port->bridge->name);
}

/* True if 'iface' is a system device that the kernel no longer knows by
 * its name (deleted, or renamed away). */
static bool
iface_vanished(const struct iface *iface)
{
    if (!iface->netdev || iface_is_local(iface)
        || strcmp(normalize_type(iface->type), "system")
        || strcmp(netdev_get_type(iface->netdev), "system")) {
        return false;
    }
    int ifindex = netdev_get_ifindex(iface->netdev);
    return ifindex > 0 && if_nametoindex(iface->name) != (unsigned) ifindex;
}

/* False if 'iface' is a system device that the kernel does not know
 * (yet): a cheap check, so that waiting for a device to appear neither
 * costs nor logs a failed open every time. */
static bool
iface_may_exist(const struct iface *iface)
{
    return (strcmp(normalize_type(iface->type), "system")
            || netdev_get_dummy_override()
            || if_nametoindex(iface->name) != 0);
}

/* Bridges. */

static struct bridge *
bridge_create(const char *name, const char *type)
{
    struct ofproto *ofproto;
    int error = ofproto_create(name, type, &ofproto);
    if (error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_ERR_RL(&rl, "failed to create bridge %s (datapath type %s): "
                    "%s", name, type, ovs_strerror(error));
        return NULL;
    }

    struct bridge *br = xzalloc(sizeof *br);
    br->name = xstrdup(name);
    br->type = xstrdup(type);
    br->ofproto = ofproto;
    shash_init(&br->ports);
    shash_init(&br->ifaces);
    br->fail_mode = OFPROTO_FAIL_STANDALONE;
    br->mac_aging = 300;
    br->mac_table_size = 8192;
    br->allowed_versions = OFP_ALL_VERSIONS;

    /* "ovs-ofctl BRIDGE" connects here. */
    char *mgmt = xasprintf("punix:%s/%s.mgmt", ovs_rundir(), name);
    connmgr_set_management(ofproto_get_connmgr(ofproto), mgmt);
    free(mgmt);

    shash_add(&all_bridges, name, br);
    VLOG_INFO("created bridge %s (datapath type %s)", name, type);
    return br;
}

static void
port_destroy(struct port *port)
{
    struct iface *iface, *next;

    LIST_FOR_EACH_SAFE (iface, next, port_node, &port->ifaces) {
        iface_destroy(iface);
    }
    if (port->bundle_sig && port->bridge->ofproto) {
        ofproto_bundle_unregister(port->bridge->ofproto, port);
    }
    shash_find_and_delete(&port->bridge->ports, port->name);
    free(port->bundle_sig);
    free(port->name);
    free(port);
}

static void
bridge_destroy(struct bridge *br)
{
    struct shash_node *node, *next;

    /* The switch goes first, with all its ports at once: removing them
     * one by one would cost a datapath round trip each (think of a bridge
     * with 1000 ports).  Then ours only free memory. */
    ofproto_destroy(br->ofproto);
    br->ofproto = NULL;
    SHASH_FOR_EACH_SAFE (node, next, &br->ports) {
        port_destroy(node->data);
    }
    shash_find_and_delete(&all_bridges, br->name);
    shash_destroy(&br->ports);
    shash_destroy(&br->ifaces);
    VLOG_INFO("destroyed bridge %s", br->name);
    free(br->name);
    free(br->type);
    free(br);
}

/* Interfaces. */

/* Removes 'iface' from the switch (if it was a port), closes its netdev,
 * keeps the struct. */
static void
iface_detach(struct iface *iface)
{
    struct bridge *br = iface->port->bridge;

    if (iface->ofp_port != OFPP_NONE && iface->ofp_port != OFPP_LOCAL
        && br->ofproto) {
        int error = ofproto_port_del(br->ofproto, iface->ofp_port);
        if (error) {
            VLOG_WARN("%s: could not remove port %s (%s)", br->name,
                      iface->name, ovs_strerror(error));
        }
    }
    iface->ofp_port = OFPP_NONE;
    netdev_close(iface->netdev);
    iface->netdev = NULL;
    smap_clear(&iface->options);
}

static void
iface_destroy(struct iface *iface)
{
    if (!iface) {
        return;
    }
    iface_detach(iface);
    ovs_list_remove(&iface->port_node);
    shash_find_and_delete(&iface->port->bridge->ifaces, iface->name);
    shash_find_and_delete(&all_ifaces, iface->name);
    smap_destroy(&iface->options);
    free(iface->error);
    free(iface->name);
    free(iface->type);
    free(iface);
}

static bool
errno_may_heal(int error)
{
    /* The device may appear later; the other failures need a change to
     * the database. */
    return error == ENODEV || error == ENXIO || error == ENOENT;
}

/* Opens the device of 'iface' per 'cfg' and adds it to the switch.  On
 * failure leaves 'iface' detached with an error. */
static void
iface_attach(struct iface *iface, const struct vswitchrec_interface *cfg)
{
    struct bridge *br = iface->port->bridge;
    int error;

    if (iface_is_local(iface)) {
        /* ofproto created the bridge's own internal device. */
        struct netdev *netdev = ofproto_port_get_netdev(br->ofproto,
                                                        OFPP_LOCAL);
        if (!netdev) {
            iface_set_error(iface, xasprintf("%s: bridge has no local port",
                                             br->name), false);
            return;
        }
        iface->netdev = netdev_ref(netdev);
        iface->ofp_port = OFPP_LOCAL;
        iface_clear_error(iface);
        return;
    }

    /* Remembered even if what follows fails, so that only a change
     * retries a failure that cannot heal by itself. */
    smap_destroy(&iface->options);
    smap_clone(&iface->options, &cfg->options);

    struct netdev *netdev;
    error = netdev_open(iface->name, normalize_type(iface->type), &netdev);
    if (error) {
        iface_set_error(iface, xasprintf(
                            "could not open network device %s (%s)",
                            iface->name, ovs_strerror(error)),
                        errno_may_heal(error));
        return;
    }

    char *msg = NULL;
    error = netdev_set_config(netdev, &cfg->options, &msg);
    if (error) {
        iface_set_error(iface, msg ? msg : xasprintf(
                            "%s: could not configure network device (%s)",
                            iface->name, ovs_strerror(error)), false);
        netdev_close(netdev);
        return;
    }
    free(msg);

    if (iface->mtu_request > 0) {
        error = netdev_set_mtu(netdev, iface->mtu_request);
        if (error) {
            VLOG_WARN("%s: could not set MTU %"PRId64" (%s)", iface->name,
                      iface->mtu_request, ovs_strerror(error));
        }
    }

    ofp_port_t ofp_port = OFPP_NONE;
    if (iface->ofport_request > 0 && iface->ofport_request < OFPP_MAX) {
        ofp_port = iface->ofport_request;
    }
    error = ofproto_port_add(br->ofproto, netdev, &ofp_port);
    if (error == EBUSY && ofp_port != OFPP_NONE) {
        /* ovs-vswitchd.conf.db(5): a taken number means "pick one". */
        VLOG_WARN("%s: requested OpenFlow port %"PRId64" is in use; "
                  "choosing another", iface->name, iface->ofport_request);
        ofp_port = OFPP_NONE;
        error = ofproto_port_add(br->ofproto, netdev, &ofp_port);
    }
    if (error) {
        iface_set_error(iface, xasprintf(
                            "could not add network device %s to ofproto "
                            "(%s)", iface->name, ovs_strerror(error)),
                        false);
        netdev_close(netdev);
        return;
    }

    iface->netdev = netdev;
    iface->ofp_port = ofp_port;
    iface_clear_error(iface);
    VLOG_INFO("bridge %s: added interface %s on port %d", br->name,
              iface->name, ofp_port);
}

static struct iface *
iface_create(struct port *port, const struct vswitchrec_interface *cfg)
{
    struct iface *iface = xzalloc(sizeof *iface);
    iface->port = port;
    iface->name = xstrdup(cfg->name);
    iface->type = xstrdup(cfg->type);
    iface->ofp_port = OFPP_NONE;
    iface->ofport_request = cfg->n_ofport_request ? cfg->ofport_request[0]
                                                  : 0;
    iface->mtu_request = cfg->n_mtu_request ? cfg->mtu_request[0] : 0;
    smap_init(&iface->options);
    ovs_list_push_back(&port->ifaces, &iface->port_node);
    shash_add(&port->bridge->ifaces, iface->name, iface);
    shash_add(&all_ifaces, iface->name, iface);
    iface_attach(iface, cfg);
    return iface;
}

/* Brings an existing 'iface' in line with 'cfg' without re-adding it when
 * possible. */
static void
iface_reconfigure(struct iface *iface, const struct vswitchrec_interface *cfg)
{
    int64_t mtu_request = cfg->n_mtu_request ? cfg->mtu_request[0] : 0;

    iface->row_uuid = cfg->header_.uuid;
    iface->ofport_request = (cfg->n_ofport_request ? cfg->ofport_request[0]
                             : 0);
    if (!iface->netdev) {
        /* Retry a failure that may heal by itself (the device appears)
         * or that a new configuration may fix; not the others, which
         * would only log the same error again. */
        bool changed = (mtu_request != iface->mtu_request
                        || !smap_equal(&iface->options, &cfg->options));
        if (changed || (iface->may_heal && iface_may_exist(iface))) {
            iface->mtu_request = mtu_request;
            iface_attach(iface, cfg);
        }
        return;
    }
    if (iface_is_local(iface)) {
        return;
    }
    if (!smap_equal(&iface->options, &cfg->options)) {
        char *msg = NULL;
        int error = netdev_set_config(iface->netdev, &cfg->options, &msg);
        if (error) {
            iface_set_error(iface, msg ? msg : xasprintf(
                                "%s: could not configure network device "
                                "(%s)", iface->name, ovs_strerror(error)),
                            false);
        } else {
            free(msg);
            iface_clear_error(iface);
        }
        smap_destroy(&iface->options);
        smap_clone(&iface->options, &cfg->options);
    }
    if (mtu_request != iface->mtu_request) {
        iface->mtu_request = mtu_request;
        if (mtu_request > 0) {
            int error = netdev_set_mtu(iface->netdev, mtu_request);
            if (error) {
                VLOG_WARN("%s: could not set MTU %"PRId64" (%s)",
                          iface->name, mtu_request, ovs_strerror(error));
            }
        }
    }
}

/* True if 'iface' must be removed and created again to match 'cfg' in
 * port 'port_name'. */
static bool
iface_needs_recreate(const struct iface *iface,
                     const struct vswitchrec_interface *cfg,
                     const char *port_name)
{
    int64_t request = cfg->n_ofport_request ? cfg->ofport_request[0] : 0;

    if (strcmp(iface->port->name, port_name)
        || strcmp(normalize_type(iface->type), normalize_type(cfg->type))) {
        return true;
    }
    if (request != iface->ofport_request) {
        /* A new request for a number other than the one in use. */
        return request > 0 && request != iface->ofp_port;
    }
    return false;
}

/* Ports (bundles). */

static struct port *
port_create(struct bridge *br, const char *name)
{
    struct port *port = xzalloc(sizeof *port);
    port->bridge = br;
    port->name = xstrdup(name);
    ovs_list_init(&port->ifaces);
    shash_add(&br->ports, name, port);
    return port;
}

static enum port_vlan_mode
port_vlan_mode(const struct vswitchrec_port *cfg, int vlan)
{
    const char *mode = cfg->n_vlan_mode ? cfg->vlan_mode[0] : NULL;

    if (!mode) {
        return vlan >= 0 ? PORT_VLAN_ACCESS : PORT_VLAN_TRUNK;
    } else if (!strcmp(mode, "access")) {
        return PORT_VLAN_ACCESS;
    } else if (!strcmp(mode, "trunk")) {
        return PORT_VLAN_TRUNK;
    } else if (!strcmp(mode, "native-untagged")) {
        return PORT_VLAN_NATIVE_UNTAGGED;
    } else if (!strcmp(mode, "native-tagged")) {
        return PORT_VLAN_NATIVE_TAGGED;
    }
    /* Logged by the caller, only when the bundle is (re)registered. */
    return PORT_VLAN_TRUNK;
}

#define N_VLANS 4096
#define ULONG_BITS (sizeof(unsigned long) * CHAR_BIT)

/* Registers (or re-registers, if the settings changed) the bundle of
 * 'port' with the switch. */
static void
port_configure(struct port *port, const struct vswitchrec_port *cfg)
{
    struct ofproto *ofproto = port->bridge->ofproto;
    struct ofproto_bundle_settings s;
    struct ds sig = DS_EMPTY_INITIALIZER;
    size_t n = ovs_list_size(&port->ifaces);
    ofp_port_t *members = xmalloc((n ? n : 1) * sizeof *members);
    unsigned long trunks[N_VLANS / ULONG_BITS];
    struct iface *iface;

    memset(&s, 0, sizeof s);
    s.name = port->name;
    s.members = members;
    LIST_FOR_EACH (iface, port_node, &port->ifaces) {
        if (iface->ofp_port != OFPP_NONE) {
            members[s.n_members++] = iface->ofp_port;
            ds_put_format(&sig, "%d,", iface->ofp_port);
        }
    }

    s.vlan = -1;
    if (cfg->n_tag && cfg->tag[0] >= 0 && cfg->tag[0] < N_VLANS) {
        s.vlan = cfg->tag[0];
    }
    s.vlan_mode = port_vlan_mode(cfg, s.vlan);
    if (s.vlan_mode != PORT_VLAN_TRUNK && s.vlan < 0) {
        s.vlan = 0;
    }
    if (s.vlan_mode != PORT_VLAN_ACCESS && cfg->n_trunks) {
        memset(trunks, 0, sizeof trunks);
        for (size_t i = 0; i < cfg->n_trunks; i++) {
            int64_t v = cfg->trunks[i];
            if (v >= 0 && v < N_VLANS) {
                trunks[v / ULONG_BITS] |= 1UL << (v % ULONG_BITS);
                ds_put_format(&sig, "t%"PRId64",", v);
            }
        }
        s.trunks = trunks;
    }
    ds_put_format(&sig, "m%d,v%d", (int) s.vlan_mode, s.vlan);

    if (!s.n_members) {
        /* Nothing to forward to; the bundle returns with its first live
         * interface. */
        if (port->bundle_sig) {
            ofproto_bundle_unregister(ofproto, port);
            free(port->bundle_sig);
            port->bundle_sig = NULL;
        }
    } else if (!port->bundle_sig || strcmp(port->bundle_sig,
                                           ds_cstr(&sig))) {
        const char *mode = cfg->n_vlan_mode ? cfg->vlan_mode[0] : NULL;
        if (mode && s.vlan_mode == PORT_VLAN_TRUNK && strcmp(mode, "trunk")) {
            VLOG_WARN("port %s: unknown vlan_mode %s, using trunk",
                      port->name, mode);
        } else if (mode && s.vlan_mode != PORT_VLAN_TRUNK
                   && !(cfg->n_tag && cfg->tag[0] >= 0
                        && cfg->tag[0] < N_VLANS)) {
            VLOG_WARN("port %s: vlan_mode %s needs a tag; VLAN 0 used",
                      port->name, mode);
        }
        int error = ofproto_bundle_register(ofproto, port, &s);
        free(port->bundle_sig);
        port->bundle_sig = NULL;
        if (error) {
            VLOG_WARN("bridge %s: could not configure port %s (%s)",
                      port->bridge->name, port->name, ovs_strerror(error));
        } else {
            port->bundle_sig = ds_steal_cstr(&sig);
        }
    }
    ds_destroy(&sig);
    free(members);
}

/* Bridge-wide settings. */

static uint64_t
parse_dpid(const struct bridge *br, const char *s)
{
    uint64_t dpid = 0;

    if (!s) {
        return 0;
    }
    if (strlen(s) == 16 && strspn(s, "0123456789abcdefABCDEF") == 16) {
        dpid = strtoull(s, NULL, 16);
    }
    if (!dpid) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "bridge %s: other_config:datapath-id \"%s\" is "
                     "not 16 hex digits (or is zero); using the default",
                     br->name, s);
    }
    return dpid;
}

/* Bridge protocols and the Controller table. */
static void
bridge_configure_controllers(struct bridge *br,
                             const struct vswitchrec_bridge *cfg)
{
    struct connmgr *mgr = ofproto_get_connmgr(br->ofproto);

    uint32_t versions = 0;
    for (size_t i = 0; i < cfg->n_protocols; i++) {
        int v = ofp_version_from_string(cfg->protocols[i]);
        if (v) {
            versions |= OFP_VERSION_BIT(v);
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "bridge %s: unknown protocol %s", br->name,
                         cfg->protocols[i]);
        }
    }
    if (!versions) {
        versions = OFP_ALL_VERSIONS;
    }
    if (versions != br->allowed_versions) {
        br->allowed_versions = versions;
        connmgr_set_allowed_versions(mgr, versions);
    }

    struct connmgr_controller *cs = xcalloc(cfg->n_controller + 1,
                                            sizeof *cs);
    for (size_t i = 0; i < cfg->n_controller; i++) {
        const struct vswitchrec_controller *c = cfg->controller[i];
        struct connmgr_controller *cc = &cs[i];
        cc->target = c->target;
        /* The database has milliseconds; 0 means "no probes". */
        if (c->n_inactivity_probe) {
            int64_t ms = *c->inactivity_probe;
            cc->probe_interval = ms ? MAX(1, (ms + 999) / 1000) : -1;
        }
        if (c->n_max_backoff) {
            cc->max_backoff = MAX(1, (*c->max_backoff + 999) / 1000);
        }
    }
    connmgr_set_controllers(mgr, cs, cfg->n_controller);
    free(cs);
}

/* Bridge flow_tables: each table's Flow_Table row, or the defaults. */
static void
bridge_configure_tables(struct bridge *br,
                        const struct vswitchrec_bridge *cfg)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        const struct vswitchrec_flow_table *ft = NULL;
        for (size_t i = 0; i < cfg->n_flow_tables; i++) {
            if (cfg->key_flow_tables[i] == t) {
                ft = cfg->value_flow_tables[i];
                break;
            }
        }
        struct ofproto_table_config c = { .max_flows = UINT_MAX };
        if (ft) {
            c.name = ft->n_name ? ft->name[0] : NULL;
            if (ft->n_flow_limit) {
                c.max_flows = MAX(0, MIN(ft->flow_limit[0], UINT_MAX));
            }
            c.evict = (ft->n_overflow_policy
                       && !strcmp(ft->overflow_policy[0], "evict"));
            if (ft->n_groups || ft->n_prefixes) {
                /* Eviction groups and prefix fields are settings we do
                 * not have: say so rather than pretend. */
                VLOG_WARN_RL(&rl, "bridge %s table %d: Flow_Table %s are "
                             "not implemented yet; ignored", br->name, t,
                             ft->n_groups ? "groups" : "prefixes");
            }
        }
        ofproto_set_table_config(br->ofproto, t, &c);
    }
}

static void
bridge_configure_settings(struct bridge *br,
                          const struct vswitchrec_bridge *cfg)
{
    const struct smap *oc = &cfg->other_config;

    uint64_t dpid = parse_dpid(br, smap_get(oc, "datapath-id"));
    if (dpid != br->dpid) {
        br->dpid = dpid;
        ofproto_set_datapath_id(br->ofproto, dpid);
    }

    enum ofproto_fail_mode fail_mode
        = (cfg->n_fail_mode && !strcmp(cfg->fail_mode[0], "secure")
           ? OFPROTO_FAIL_SECURE : OFPROTO_FAIL_STANDALONE);
    if (fail_mode != br->fail_mode) {
        br->fail_mode = fail_mode;
        ofproto_set_fail_mode(br->ofproto, fail_mode);
    }

    bridge_configure_controllers(br, cfg);
    bridge_configure_tables(br, cfg);

    int aging = smap_get_int(oc, "mac-aging-time", 300);
    int size = smap_get_int(oc, "mac-table-size", 8192);
    if (aging <= 0) {
        aging = 300;
    }
    if (size <= 0) {
        size = 8192;
    }
    if (aging != br->mac_aging || size != br->mac_table_size) {
        br->mac_aging = aging;
        br->mac_table_size = size;
        ofproto_set_mac_table_config(br->ofproto, aging, size);
    }
}

/* Reconfiguration. */

struct wanted_iface {
    const struct vswitchrec_interface *cfg;
    const struct vswitchrec_port *port_cfg;
};

static void
bridge_reconfigure(struct bridge *br, const struct vswitchrec_bridge *cfg,
                   struct sset *taken_ifaces)
{
    struct shash want_ports = SHASH_INITIALIZER(&want_ports);
    struct shash want_ifaces = SHASH_INITIALIZER(&want_ifaces);
    struct shash_node *node, *next;

    /* What the database asks for.  A name used twice (in this bridge or
     * another one) is configured once: the first one seen wins. */
    for (size_t i = 0; i < cfg->n_ports; i++) {
        const struct vswitchrec_port *pc = cfg->ports[i];
        if (!shash_add_once(&want_ports, pc->name, pc)) {
            VLOG_WARN("bridge %s: port %s specified twice", br->name,
                      pc->name);
            continue;
        }
        for (size_t j = 0; j < pc->n_interfaces; j++) {
            const struct vswitchrec_interface *ic = pc->interfaces[j];
            if (!sset_add(taken_ifaces, ic->name)) {
                VLOG_WARN("bridge %s: interface %s is configured more "
                          "than once; ignoring this one", br->name,
                          ic->name);
                continue;
            }
            struct wanted_iface *w = xmalloc(sizeof *w);
            w->cfg = ic;
            w->port_cfg = pc;
            shash_add(&want_ifaces, ic->name, w);
        }
    }

    /* Remove what went away or changed beyond repair. */
    SHASH_FOR_EACH_SAFE (node, next, &br->ifaces) {
        struct iface *iface = node->data;
        struct wanted_iface *w = shash_find_data(&want_ifaces, iface->name);
        if (!w || iface_needs_recreate(iface, w->cfg, w->port_cfg->name)) {
            VLOG_INFO("bridge %s: removing interface %s", br->name,
                      iface->name);
            iface_destroy(iface);
        }
    }
    SHASH_FOR_EACH_SAFE (node, next, &br->ports) {
        struct port *port = node->data;
        if (!shash_find(&want_ports, port->name)) {
            port_destroy(port);
        }
    }

    /* Add what is new, retry what failed, update the rest. */
    SHASH_FOR_EACH (node, &want_ports) {
        const struct vswitchrec_port *pc = node->data;
        struct port *port = shash_find_data(&br->ports, pc->name);
        if (!port) {
            port = port_create(br, pc->name);
        }
        for (size_t j = 0; j < pc->n_interfaces; j++) {
            const struct vswitchrec_interface *ic = pc->interfaces[j];
            struct wanted_iface *w = shash_find_data(&want_ifaces, ic->name);
            if (!w || w->cfg != ic) {
                continue;
            }
            struct iface *iface = shash_find_data(&br->ifaces, ic->name);
            if (!iface) {
                if (shash_find(&all_ifaces, ic->name)) {
                    /* Still on another bridge, which moves it off when
                     * reconfigured; try again next time. */
                    next_retry_msec = MIN(next_retry_msec, time_msec());
                    continue;
                }
                iface = iface_create(port, ic);
                iface->row_uuid = ic->header_.uuid;
            } else {
                iface_reconfigure(iface, ic);
            }
        }
        port_configure(port, pc);
    }

    bridge_configure_settings(br, cfg);
    shash_destroy(&want_ports);
    shash_destroy_free_data(&want_ifaces);
}

static void
reconfigure(const struct vswitchrec_open_vswitch *ovs)
{
    struct shash want = SHASH_INITIALIZER(&want);
    struct shash_node *node, *next;

    COVERAGE_INC(bridge_reconfigure);
    for (size_t i = 0; ovs && i < ovs->n_bridges; i++) {
        const struct vswitchrec_bridge *bc = ovs->bridges[i];
        if (!shash_add_once(&want, bc->name, bc)) {
            VLOG_WARN("bridge %s specified twice", bc->name);
        }
    }

    /* Bridges that went away, or changed datapath type, go first, so that
     * their interfaces are free for the others. */
    SHASH_FOR_EACH_SAFE (node, next, &all_bridges) {
        struct bridge *br = node->data;
        const struct vswitchrec_bridge *bc = shash_find_data(&want,
                                                             br->name);
        if (!bc || strcmp(br->type, normalize_type(bc->datapath_type))) {
            bridge_destroy(br);
        }
    }

    /* Interfaces that moved to another bridge leave the old one first. */
    struct sset taken = SSET_INITIALIZER(&taken);
    SHASH_FOR_EACH (node, &want) {
        const struct vswitchrec_bridge *bc = node->data;
        struct bridge *br = shash_find_data(&all_bridges, bc->name);
        if (!br) {
            continue;
        }
        for (size_t i = 0; i < bc->n_ports; i++) {
            const struct vswitchrec_port *pc = bc->ports[i];
            for (size_t j = 0; j < pc->n_interfaces; j++) {
                sset_add(&taken, pc->interfaces[j]->name);
            }
        }
        struct shash_node *in, *in_next;
        SHASH_FOR_EACH_SAFE (in, in_next, &br->ifaces) {
            if (!sset_contains(&taken, in->name)) {
                VLOG_INFO("bridge %s: removing interface %s", br->name,
                          in->name);
                iface_destroy(in->data);
            }
        }
        sset_clear(&taken);
    }

    next_retry_msec = LLONG_MAX;
    SHASH_FOR_EACH (node, &want) {
        const struct vswitchrec_bridge *bc = node->data;
        struct bridge *br = shash_find_data(&all_bridges, bc->name);
        if (!br) {
            br = bridge_create(bc->name, normalize_type(bc->datapath_type));
            if (!br) {
                next_retry_msec = MIN(next_retry_msec,
                                      time_msec() + RETRY_INTERVAL);
                continue;
            }
        }
        bridge_reconfigure(br, bc, &taken);
    }
    sset_destroy(&taken);
    shash_destroy(&want);

    SHASH_FOR_EACH (node, &all_ifaces) {
        struct iface *iface = node->data;
        if (!iface->netdev && iface->may_heal) {
            next_retry_msec = MIN(next_retry_msec,
                                  time_msec() + RETRY_INTERVAL);
        }
    }
}

/* Status. */

static bool
strings_equal(char **a, size_t n_a, const char **b, size_t n_b)
{
    if (n_a != n_b) {
        return false;
    }
    for (size_t i = 0; i < n_a; i++) {
        if (strcmp(a[i], b[i])) {
            return false;
        }
    }
    return true;
}

static bool
int_equal(const int64_t *a, size_t n_a, int64_t b)
{
    return n_a == 1 && a[0] == b;
}

static bool
string_equal(char **a, size_t n_a, const char *b)
{
    return b ? n_a == 1 && !strcmp(a[0], b) : n_a == 0;
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

/* Writes the sorted members of 'set' through 'setter' on 'row' unless
 * the row already has them. */
static void
write_sset(const struct vswitchrec_open_vswitch *row, char **cur,
           size_t n_cur, const struct sset *set,
           void (*setter)(const struct vswitchrec_open_vswitch *,
                          const char **, size_t))
{
    size_t n = sset_count(set);
    const char **names = xmalloc((n ? n : 1) * sizeof *names);
    const char *name;
    size_t i = 0;

    SSET_FOR_EACH (name, set) {
        names[i++] = name;
    }
    qsort(names, n, sizeof *names, compare_strings);
    char **sorted_cur = xmalloc((n_cur ? n_cur : 1) * sizeof *cur);
    if (n_cur) {
        memcpy(sorted_cur, cur, n_cur * sizeof *cur);
    }
    qsort(sorted_cur, n_cur, sizeof *sorted_cur, compare_strings);
    if (!strings_equal(sorted_cur, n_cur, names, n)) {
        setter(row, names, n);
    }
    free(sorted_cur);
    free(names);
}

static void
write_ovs_status(const struct vswitchrec_open_vswitch *ovs)
{
    const char *version = ovs_get_version();
    const char *db_version = VSWITCH_SCHEMA_VERSION;

    if (ovs->cur_cfg != applied_cfg) {
        vswitchrec_open_vswitch_set_cur_cfg(ovs, applied_cfg);
    }
    if (!string_equal(ovs->ovs_version, ovs->n_ovs_version, version)) {
        vswitchrec_open_vswitch_set_ovs_version(ovs, &version, 1);
    }
    if (!string_equal(ovs->db_version, ovs->n_db_version, db_version)) {
        vswitchrec_open_vswitch_set_db_version(ovs, &db_version, 1);
    }

    /* external_ids:system-id is filled in once, if the database has none
     * (see system-id.h).  Once the replica shows one, it is the
     * administrator's: we never write it again, even if it is removed. */
    static bool system_id_settled;
    static char *system_id;     /* Loaded once, until settled. */
    if (!system_id_settled) {
        if (smap_get(&ovs->external_ids, "system-id")) {
            system_id_settled = true;
            free(system_id);
            system_id = NULL;
        } else {
            if (!system_id) {
                system_id = system_id_load();
            }
            vswitchrec_open_vswitch_update_external_ids_setkey(
                ovs, "system-id", system_id);
        }
    }

    struct sset types = SSET_INITIALIZER(&types);
    ofproto_enumerate_types(&types);
    write_sset(ovs, ovs->datapath_types, ovs->n_datapath_types, &types,
               vswitchrec_open_vswitch_set_datapath_types);
    sset_clear(&types);
    netdev_enumerate_types(&types);
    write_sset(ovs, ovs->iface_types, ovs->n_iface_types, &types,
               vswitchrec_open_vswitch_set_iface_types);
    sset_destroy(&types);
}

static void
write_bridge_status(const struct vswitchrec_bridge *row)
{
    struct bridge *br = shash_find_data(&all_bridges, row->name);
    if (!br) {
        return;
    }

    char dpid[17];
    const char *dpidp = dpid;
    snprintf(dpid, sizeof dpid, "%016"PRIx64,
             ofproto_get_datapath_id(br->ofproto));
    if (!string_equal(row->datapath_id, row->n_datapath_id, dpid)) {
        vswitchrec_bridge_set_datapath_id(row, &dpidp, 1);
    }
    const char *version = ofproto_get_datapath_version(br->ofproto);
    if (version && strcmp(row->datapath_version, version)) {
        vswitchrec_bridge_set_datapath_version(row, version);
    }
}

static void
write_optional_string(const struct vswitchrec_interface *row, char **cur,
                      size_t n_cur, const char *value,
                      void (*setter)(const struct vswitchrec_interface *,
                                     const char **, size_t))
{
    if (!string_equal(cur, n_cur, value)) {
        setter(row, value ? &value : NULL, value ? 1 : 0);
    }
}

static void
write_optional_int(const struct vswitchrec_interface *row, int64_t *cur,
                   size_t n_cur, const int64_t *value,
                   void (*setter)(const struct vswitchrec_interface *,
                                  const int64_t *, size_t))
{
    bool same = value ? int_equal(cur, n_cur, *value) : n_cur == 0;
    if (!same) {
        setter(row, value, value ? 1 : 0);
    }
}

static void
write_iface_stats(const struct vswitchrec_interface *row,
                  const struct iface *iface)
{
    struct netdev_stats st;
    const char *keys[16];
    int64_t values[16];
    size_t n = 0;

    if (iface->netdev && !netdev_get_stats(iface->netdev, &st)) {
#define STAT(NAME, MEMBER)                              \
        if (st.MEMBER != UINT64_MAX) {                  \
            keys[n] = NAME;                             \
            values[n++] = st.MEMBER;                    \
        }
        STAT("collisions", collisions);
        STAT("rx_bytes", rx_bytes);
        STAT("rx_crc_err", rx_crc_errors);
        STAT("rx_dropped", rx_dropped);
        STAT("rx_errors", rx_errors);
        STAT("rx_frame_err", rx_frame_errors);
        STAT("rx_missed_errors", rx_missed_errors);
        STAT("rx_over_err", rx_over_errors);
        STAT("rx_packets", rx_packets);
        STAT("tx_bytes", tx_bytes);
        STAT("tx_dropped", tx_dropped);
        STAT("tx_errors", tx_errors);
        STAT("tx_packets", tx_packets);
#undef STAT
    }

    bool same = n == row->n_statistics;
    for (size_t i = 0; same && i < n; i++) {
        same = (!strcmp(keys[i], row->key_statistics[i])
                && values[i] == row->value_statistics[i]);
    }
    if (!same) {
        vswitchrec_interface_set_statistics(row, keys, values, n);
    }
}

static void
write_iface_status(const struct vswitchrec_interface *row,
                   struct iface *iface, bool with_stats)
{
    struct netdev *netdev = iface->netdev;

    int64_t ofport = iface->ofp_port == OFPP_NONE ? -1 : iface->ofp_port;
    write_optional_int(row, row->ofport, row->n_ofport, &ofport,
                       vswitchrec_interface_set_ofport);
    write_optional_string(row, row->error, row->n_error, iface->error,
                          vswitchrec_interface_set_error);

    const char *admin = NULL, *link = NULL;
    const char *mac = NULL;
    char mac_buf[18];
    int64_t ifindex = 0, speed = 0, mtu = 0;
    bool has_ifindex = false, has_speed = false, has_mtu = false;
    struct smap status = SMAP_INITIALIZER(&status);

    if (netdev) {
        enum netdev_flags flags;
        uint8_t ea[NETDEV_ETH_ADDR_LEN];
        uint32_t cur_mbps, max_mbps;
        int mtu_val;

        if (!netdev_get_flags(netdev, &flags)) {
            admin = flags & NETDEV_UP ? "up" : "down";
        }
        link = netdev_get_carrier(netdev) ? "up" : "down";
        if (!netdev_get_etheraddr(netdev, ea)) {
            snprintf(mac_buf, sizeof mac_buf,
                     "%02x:%02x:%02x:%02x:%02x:%02x",
                     ea[0], ea[1], ea[2], ea[3], ea[4], ea[5]);
            mac = mac_buf;
        }
        int idx = netdev_get_ifindex(netdev);
        ifindex = idx > 0 ? idx : 0;
        has_ifindex = true;
        if (!netdev_get_speed(netdev, &cur_mbps, &max_mbps) && cur_mbps) {
            speed = (int64_t) cur_mbps * 1000000;
            has_speed = true;
        }
        if (!netdev_get_mtu(netdev, &mtu_val)) {
            mtu = mtu_val;
            has_mtu = true;
        }
        netdev_get_status(netdev, &status);
    }
    write_optional_string(row, row->admin_state, row->n_admin_state, admin,
                          vswitchrec_interface_set_admin_state);
    write_optional_string(row, row->link_state, row->n_link_state, link,
                          vswitchrec_interface_set_link_state);
    write_optional_string(row, row->mac_in_use, row->n_mac_in_use, mac,
                          vswitchrec_interface_set_mac_in_use);
    write_optional_int(row, row->ifindex, row->n_ifindex,
                       has_ifindex ? &ifindex : NULL,
                       vswitchrec_interface_set_ifindex);
    write_optional_int(row, row->link_speed, row->n_link_speed,
                       has_speed ? &speed : NULL,
                       vswitchrec_interface_set_link_speed);
    write_optional_int(row, row->mtu, row->n_mtu, has_mtu ? &mtu : NULL,
                       vswitchrec_interface_set_mtu);
    if (!smap_equal(&status, &row->status)) {
        vswitchrec_interface_set_status(row, &status);
    }
    smap_destroy(&status);

    if (with_stats) {
        write_iface_stats(row, iface);
    }
}

/* Controller is_connected, role and status. */
static void
write_controller_status(const struct vswitchrec_bridge *row)
{
    struct bridge *br = shash_find_data(&all_bridges, row->name);
    if (!br) {
        return;
    }
    struct connmgr *mgr = ofproto_get_connmgr(br->ofproto);
    br->conn_status_seq = connmgr_get_status_seq(mgr);
    for (size_t i = 0; i < row->n_controller; i++) {
        const struct vswitchrec_controller *c = row->controller[i];
        struct smap status = SMAP_INITIALIZER(&status);
        bool is_connected;
        const char *role;

        if (!connmgr_get_controller_status(mgr, c->target, &is_connected,
                                           &role, &status)) {
            smap_destroy(&status);
            continue;
        }
        if (c->is_connected != is_connected) {
            vswitchrec_controller_set_is_connected(c, is_connected);
        }
        if (c->n_role != 1 || strcmp(c->role[0], role)) {
            vswitchrec_controller_set_role(c, &role, 1);
        }
        if (!smap_equal(&c->status, &status)) {
            vswitchrec_controller_set_status(c, &status);
        }
        smap_destroy(&status);
    }
}

static void
write_status(bool with_stats)
{
    const struct vswitchrec_open_vswitch *ovs = vswitchrec_open_vswitch_first(
        idl);
    const struct vswitchrec_bridge *br_row;
    const struct vswitchrec_interface *if_row;

    COVERAGE_INC(bridge_status_txn);
    status_txn = ovsdb_idl_txn_create(idl);
    ovsdb_idl_txn_add_comment(status_txn, "ovs-vswitchd: status");
    if (ovs) {
        write_ovs_status(ovs);
    }
    vswitchrec_bridge_FOR_EACH (br_row, idl) {
        write_bridge_status(br_row);
    }
    vswitchrec_bridge_FOR_EACH (br_row, idl) {
        write_controller_status(br_row);
    }
    vswitchrec_interface_FOR_EACH (if_row, idl) {
        struct iface *iface = shash_find_data(&all_ifaces, if_row->name);
        if (iface && uuid_equals(&iface->row_uuid, &if_row->header_.uuid)) {
            write_iface_status(if_row, iface, with_stats);
        }
    }

    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(status_txn);
    if (status != TXN_INCOMPLETE) {
        if (status != TXN_SUCCESS && status != TXN_UNCHANGED) {
            status_dirty = true;
        }
        ovsdb_idl_txn_destroy(status_txn);
        status_txn = NULL;
    }
}

/* Checks on the status transaction in flight. */
static void
status_txn_run(void)
{
    if (!status_txn) {
        return;
    }
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(status_txn);
    if (status == TXN_INCOMPLETE) {
        return;
    }
    if (status != TXN_SUCCESS && status != TXN_UNCHANGED) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "status update failed (%s)%s%s",
                     ovsdb_idl_txn_status_to_string(status),
                     ovsdb_idl_txn_get_error(status_txn) ? ": " : "",
                     ovsdb_idl_txn_get_error(status_txn)
                     ? ovsdb_idl_txn_get_error(status_txn) : "");
        status_dirty = true;
    }
    ovsdb_idl_txn_destroy(status_txn);
    status_txn = NULL;
}

/* The main loop's work. */

static void
run_lock_changes(void)
{
    bool has_lock = ovsdb_idl_has_lock(idl);

    if (has_lock != had_lock) {
        if (has_lock) {
            VLOG_INFO("acquired the database lock \"ovs_vswitchd\"");
            status_dirty = true;
        } else {
            VLOG_ERR("lost the database lock \"ovs_vswitchd\": another "
                     "ovs-vswitchd is running; configuration disabled until "
                     "it goes away");
        }
        had_lock = has_lock;
    } else if (!has_lock && ovsdb_idl_is_lock_contended(idl)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "another ovs-vswitchd holds the database lock; "
                     "waiting for it to go away");
    }
}

void
bridge_run(void)
{
    struct shash_node *node;

    ovsdb_idl_run(idl);
    run_lock_changes();
    status_txn_run();

    unsigned int seqno = ovsdb_idl_get_seqno(idl);
    bool has_lock = ovsdb_idl_has_lock(idl);
    if (has_lock && ovsdb_idl_is_connected(idl)
        && (seqno != idl_seqno || !reconfigured_once
            || time_msec() >= next_retry_msec)) {
        const struct vswitchrec_open_vswitch *ovs
            = vswitchrec_open_vswitch_first(idl);
        reconfigure(ovs);
        if (ovs) {
            applied_cfg = ovs->next_cfg;
        }
        idl_seqno = seqno;
        reconfigured_once = true;
        status_dirty = true;
    }

    /* Switch work. */
    struct sset types = SSET_INITIALIZER(&types);
    SHASH_FOR_EACH (node, &all_bridges) {
        struct bridge *br = node->data;
        sset_add(&types, br->type);
    }
    const char *type;
    SSET_FOR_EACH (type, &types) {
        ofproto_type_run(type);
    }
    sset_destroy(&types);
    SHASH_FOR_EACH (node, &all_bridges) {
        struct bridge *br = node->data;
        int error = ofproto_run(br->ofproto);
        if (error) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_ERR_RL(&rl, "bridge %s: %s", br->name, ovs_strerror(error));
        }
        if (connmgr_get_status_seq(ofproto_get_connmgr(br->ofproto))
            != br->conn_status_seq) {
            status_dirty = true;
        }
    }

    /* Device changes (link, flags, MTU) show up in the database; a system
     * device that vanished leaves the switch until it comes back. */
    SHASH_FOR_EACH (node, &all_ifaces) {
        struct iface *iface = node->data;
        if (iface->netdev
            && netdev_get_change_seq(iface->netdev) != iface->change_seq) {
            iface->change_seq = netdev_get_change_seq(iface->netdev);
            status_dirty = true;
            if (iface_vanished(iface)) {
                iface_detach(iface);
                iface_set_error(iface, xasprintf(
                                    "network device %s vanished",
                                    iface->name), true);
                /* Retrying re-registers the bundle without it and opens
                 * the device again as soon as it exists. */
                next_retry_msec = time_msec();
            }
        }
    }

    bool with_stats = time_msec() >= next_stats_msec;
    if ((status_dirty || with_stats) && !status_txn && has_lock
        && reconfigured_once && ovsdb_idl_is_connected(idl)) {
        status_dirty = false;
        if (with_stats) {
            next_stats_msec = time_msec() + STATS_INTERVAL;
        }
        write_status(with_stats);
    }
}

void
bridge_wait(void)
{
    struct shash_node *node;

    ovsdb_idl_wait(idl);
    if (status_txn) {
        ovsdb_idl_txn_wait(status_txn);
    }
    /* Without the lock or the connection there is nothing to do but
     * wait for them (the IDL wakes us). */
    if (ovsdb_idl_has_lock(idl) && ovsdb_idl_is_connected(idl)) {
        if (ovsdb_idl_get_seqno(idl) != idl_seqno) {
            poll_immediate_wake();
        }
        if (next_retry_msec != LLONG_MAX) {
            poll_timer_wait_until(next_retry_msec);
        }
        if (reconfigured_once && !status_txn) {
            if (status_dirty) {
                poll_immediate_wake();
            }
            poll_timer_wait_until(next_stats_msec);
        }
    }

    struct sset types = SSET_INITIALIZER(&types);
    SHASH_FOR_EACH (node, &all_bridges) {
        struct bridge *br = node->data;
        sset_add(&types, br->type);
        ofproto_wait(br->ofproto);
    }
    const char *type;
    SSET_FOR_EACH (type, &types) {
        ofproto_type_wait(type);
    }
    sset_destroy(&types);
}

/* ovs-appctl commands. */

static void
bridge_unixctl_reconnect(struct unixctl_conn *conn, int argc,
                         const char *argv[], void *aux OVS_UNUSED)
{
    if (argc > 1 && !shash_find(&all_bridges, argv[1])) {
        unixctl_command_reply_error(conn, "no such bridge");
        return;
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, &all_bridges) {
        struct bridge *br = node->data;
        if (argc < 2 || !strcmp(argv[1], br->name)) {
            connmgr_reconnect(ofproto_get_connmgr(br->ofproto));
        }
    }
    unixctl_command_reply(conn, NULL);
}

static void
bridge_unixctl_dump_flows(struct unixctl_conn *conn, int argc OVS_UNUSED,
                          const char *argv[], void *aux OVS_UNUSED)
{
    if (!shash_find(&all_bridges, argv[1])) {
        unixctl_command_reply_error(conn, "no such bridge");
        return;
    }
    struct bridge *br = shash_find_data(&all_bridges, argv[1]);
    struct ds ds = DS_EMPTY_INITIALIZER;
    ofproto_rules_format(br->ofproto, &ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
bridge_memory_usage(struct smap *usage, void *aux OVS_UNUSED)
{
    size_t n_ports = 0;
    struct shash_node *node;

    SHASH_FOR_EACH (node, &all_bridges) {
        struct bridge *br = node->data;
        n_ports += shash_count(&br->ports);
    }
    smap_add_format(usage, "bridges", "%zu", shash_count(&all_bridges));
    smap_add_format(usage, "ports", "%zu", n_ports);
    smap_add_format(usage, "interfaces", "%zu", shash_count(&all_ifaces));
}
