/* bridge.h -- the Open_vSwitch database turned into OpenFlow switches.
 *
 * The bridge module is the top layer of ovs-vswitchd (see
 * ../shared/ARCHITECTURE.md): it replicates the Open_vSwitch, Bridge,
 * Port and Interface tables through the IDL, holds the "ovs_vswitchd"
 * lock, turns the configuration into calls on ofproto/ofproto.h
 * (switches, ports, bundles) and writes status back (Interface ofport,
 * error, link state, statistics; Bridge datapath_id; Open_vSwitch
 * cur_cfg).  It holds no packet logic.
 *
 * All functions are for the main thread. */
#ifndef VSWITCHD_BRIDGE_H
#define VSWITCHD_BRIDGE_H 1

#include <stdbool.h>

/* Connects to the database at 'remote' (a stream name such as
 * "unix:/var/run/openvswitch/db.sock") and registers the bridge/...
 * ovs-appctl commands.  Nothing is configured before the first
 * bridge_run() that sees the database. */
void bridge_init(const char *remote);

/* Destroys every switch (removing its ports from the datapath) and closes
 * the database connection.  Harmless if called again. */
void bridge_exit(void);

/* One iteration of the main loop's work: database changes, switch work
 * (ofproto_run and the datapath types' work), status writes. */
void bridge_run(void);
void bridge_wait(void);

#endif /* vswitchd/bridge.h */
