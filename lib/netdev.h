/* netdev.h -- network devices, as the userspace datapath and the bridge
 * see them.
 *
 * A netdev is a named device of some type ("system", "internal", "tap",
 * "patch", "dummy", ...).  Each type is implemented by a provider
 * (lib/netdev-provider.h); this interface hides which.  There is at most
 * one open netdev object per name: opening a name that is already open
 * returns the same object with one more reference (the type must match).
 *
 * Packets move in batches of struct dp_packet (lib/dp-packet.h):
 *
 *   - netdev_rxq_open() opens a receive queue; netdev_rxq_recv() fills a
 *     batch without blocking (EAGAIN when there is nothing), and
 *     netdev_rxq_wait() makes the next poll_block() wake when there may be
 *     packets to receive.
 *
 *   - netdev_send() sends a batch.  With 'may_steal' the netdev takes the
 *     packets (and frees them, sent or not); otherwise they stay the
 *     caller's and are untouched.
 *
 * Checksum offload: a received packet may carry DP_PACKET_CSUM_PARTIAL
 * (its L4 checksum is only the pseudo-header sum, to be finished; see
 * dp-packet.h).  netdev_send() honours that flag for every device: if the
 * device can pass partial checksums on (a tap or AF_PACKET socket with a
 * virtio-net header), it does; otherwise the checksum is finished in
 * software before the packet leaves.  So a caller never has to care.
 *
 * Configuration comes as a string map, the Interface table's 'options'
 * column as it is in the database; a bad option is reported as text.
 *
 * Errors are 0 or a positive errno value.  Unless said otherwise the
 * functions do not block for long (a system call on a local device).
 * Thread safety: open/close and configuration are for the main thread;
 * the packet functions (rxq_recv, send) may be called from datapath
 * threads, one thread per receive queue and per transmit queue id. */
#ifndef NETDEV_H
#define NETDEV_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

struct dp_packet;
struct dp_packet_batch;
struct netdev;
struct netdev_rxq;
struct smap;
struct sset;

#define NETDEV_ETH_ADDR_LEN 6

/* Device flags. */
enum netdev_flags {
    NETDEV_UP = 1 << 0,         /* Administratively up. */
    NETDEV_PROMISC = 1 << 1,    /* Receives frames for any address. */
    NETDEV_LOOPBACK = 1 << 2,   /* A loopback device (read-only). */
};

/* Counters, as in the Interface table's 'statistics' column.  A counter a
 * device does not keep is UINT64_MAX. */
struct netdev_stats {
    uint64_t rx_packets;
    uint64_t tx_packets;
    uint64_t rx_bytes;
    uint64_t tx_bytes;
    uint64_t rx_errors;
    uint64_t tx_errors;
    uint64_t rx_dropped;
    uint64_t tx_dropped;
    uint64_t multicast;
    uint64_t collisions;
    uint64_t rx_length_errors;
    uint64_t rx_over_errors;
    uint64_t rx_crc_errors;
    uint64_t rx_frame_errors;
    uint64_t rx_fifo_errors;
    uint64_t rx_missed_errors;
    uint64_t tx_aborted_errors;
    uint64_t tx_carrier_errors;
    uint64_t tx_fifo_errors;
    uint64_t tx_heartbeat_errors;
    uint64_t tx_window_errors;
};

/* Sets every counter of 'stats' to UINT64_MAX ("not kept"). */
void netdev_stats_init_unknown(struct netdev_stats *stats);

/* Provider registry.  netdev_initialize() registers the built-in types
 * ("system", "internal", "tap", "patch", "dummy", and the "dummy-internal"
 * and "dummy-tap" variants that tests use instead of real devices); it is
 * idempotent and called by netdev_open() as needed. */
void netdev_initialize(void);
/* Adds the names of all registered types to 'types'. */
void netdev_enumerate_types(struct sset *types);
/* True if a provider for 'type' is registered. */
bool netdev_is_type_registered(const char *type);

/* Registers the "netdev-dummy/..." unixctl commands (receive, sent,
 * set-admin-state, ...).  A daemon calls it when tests ask for dummy
 * devices (--enable-dummy); calling it twice is harmless. */
void netdev_dummy_register(void);

/* The dummy override: while on, netdev_open() of type "system" (or none),
 * "internal" or "tap" opens "dummy", "dummy-internal" or "dummy-tap"
 * instead, so a daemon under test never creates real devices
 * (ovs-vswitchd --enable-dummy=override). */
void netdev_set_dummy_override(bool enable);
bool netdev_get_dummy_override(void);

/* For tests, on "dummy" netdevs (EOPNOTSUPP / NULL on others):
 * netdev_dummy_receive() makes 'netdev' receive a copy of the 'size'
 * bytes at 'data' on queue 'qid', as "netdev-dummy/receive" does;
 * netdev_dummy_pop_sent() returns the oldest packet the netdev sent and
 * not yet read back (the caller frees it), or NULL. */
int netdev_dummy_receive(struct netdev *, const void *data, size_t size,
                         int qid);
struct dp_packet *netdev_dummy_pop_sent(struct netdev *);

/* Opening and closing.
 *
 * netdev_open() opens the device 'name' of 'type' ("system" if NULL or
 * empty) and stores it in '*netdevp' (NULL on error).  If 'name' is open
 * already with the same type, it returns it with one more reference; with
 * another type it fails with EEXIST.  EAFNOSUPPORT: no such type.  ENODEV:
 * the provider found no such device (e.g. a "system" name the kernel does
 * not know).  The netdev starts with no options set. */
int netdev_open(const char *name, const char *type, struct netdev **netdevp);
/* Returns the netdev open under 'name' with a new reference, or NULL. */
struct netdev *netdev_from_name(const char *name);
struct netdev *netdev_ref(const struct netdev *);
/* Drops a reference; the last one destroys the netdev (restoring flags
 * that netdev_turn_flags_on/off() changed).  NULL is fine. */
void netdev_close(struct netdev *);
/* Adds the names of all open netdevs of 'type' (all if NULL) to 'names'. */
void netdev_get_devices(const char *type, struct sset *names);

const char *netdev_get_name(const struct netdev *);
const char *netdev_get_type(const struct netdev *);

/* Configuration.  netdev_set_config() applies 'options' (the whole set:
 * an option absent from it returns to its default).  On error it returns
 * a positive errno and, if 'errp' is nonnull, stores a message for the
 * user in '*errp' (caller frees; NULL on success).  netdev_get_config()
 * adds the options in force to 'options' (for "show" commands). */
int netdev_set_config(struct netdev *, const struct smap *options,
                      char **errp);
int netdev_get_config(const struct netdev *, struct smap *options);
/* Adds provider-specific status (driver name, peer, ...) to 'status', as
 * the Interface table's 'status' column shows it. */
int netdev_get_status(const struct netdev *, struct smap *status);

/* Receive queues.  A netdev has netdev_n_rxq() queues, numbered from 0;
 * each may be opened once at a time. */
int netdev_n_rxq(const struct netdev *);
int netdev_rxq_open(struct netdev *, struct netdev_rxq **rxqp, int id);
void netdev_rxq_close(struct netdev_rxq *);
struct netdev *netdev_rxq_get_netdev(const struct netdev_rxq *);
int netdev_rxq_get_queue_id(const struct netdev_rxq *);
/* Appends up to NETDEV_MAX_BURST received packets to 'batch', which must
 * be empty.  Returns 0 (at least one packet), EAGAIN (none ready), or
 * another errno.  Never blocks.  Received packets have their header
 * offsets reset and md.in_port 0 (the caller sets it). */
int netdev_rxq_recv(struct netdev_rxq *, struct dp_packet_batch *batch);
/* Arranges for poll_block() to wake when packets may be ready. */
void netdev_rxq_wait(struct netdev_rxq *);
/* Discards the packets waiting in the queue. */
int netdev_rxq_drain(struct netdev_rxq *);

/* Sends the packets of 'batch' on transmit queue 'qid' (0 for devices
 * with one queue).  One thread at a time may send on a given queue.  Returns 0 if all were handed to the device, else the
 * errno of the first failure (failed packets are counted as tx_dropped or
 * tx_errors, and the rest still tried).  EAGAIN means the device was
 * full.  With 'may_steal' the packets are freed before return and the
 * batch is emptied; without it the batch and its packets are unchanged
 * (checksums still partial are finished on copies).  Never blocks. */
int netdev_send(struct netdev *, int qid, struct dp_packet_batch *batch,
                bool may_steal);
/* Arranges for poll_block() to wake when netdev_send() may succeed. */
void netdev_send_wait(struct netdev *, int qid);

/* Ethernet address, MTU, ifindex. */
int netdev_get_etheraddr(const struct netdev *,
                         uint8_t mac[NETDEV_ETH_ADDR_LEN]);
int netdev_set_etheraddr(struct netdev *,
                         const uint8_t mac[NETDEV_ETH_ADDR_LEN]);
/* MTU excludes the Ethernet header (1500 for standard Ethernet). */
int netdev_get_mtu(const struct netdev *, int *mtup);
int netdev_set_mtu(struct netdev *, int mtu);
/* Returns the positive kernel ifindex, or a negative errno (e.g.
 * -EOPNOTSUPP for devices the kernel does not know). */
int netdev_get_ifindex(const struct netdev *);

/* Link state. */
bool netdev_get_carrier(const struct netdev *);
/* Current and maximum link speed in Mbit/s (0 if unknown). */
int netdev_get_speed(const struct netdev *, uint32_t *current_mbps,
                     uint32_t *max_mbps);
int netdev_get_flags(const struct netdev *, enum netdev_flags *flagsp);
/* Turn 'flags' on or off.  The previous state is restored when the last
 * reference is closed, so a switch that makes a port promiscuous leaves it
 * as it found it. */
int netdev_turn_flags_on(struct netdev *, enum netdev_flags flags);
int netdev_turn_flags_off(struct netdev *, enum netdev_flags flags);

/* Statistics: counters the netdev does not keep are UINT64_MAX. */
int netdev_get_stats(const struct netdev *, struct netdev_stats *);

/* A number that changes whenever something visible through this
 * interface may have changed (carrier, flags, MTU, address,
 * configuration): remember it and compare later. */
uint64_t netdev_get_change_seq(const struct netdev *);

/* The main loop's share of the providers' work (e.g. reading link change
 * notifications from the kernel).  Never block. */
void netdev_run(void);
void netdev_wait(void);

#endif /* netdev.h */
