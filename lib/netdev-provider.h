/* netdev-provider.h -- the interface a netdev type implements.
 *
 * A provider fills in a struct netdev_class and registers it with
 * netdev_register_provider().  Its device struct embeds struct netdev,
 * its receive queue struct embeds struct netdev_rxq, and it gets back from
 * the base to its own struct with CONTAINER_OF().  Memory is split so:
 * the provider allocates (alloc, rxq_alloc), lib/netdev.c initialises
 * the base members, the provider's construct function then sets up the
 * rest; destruct undoes construct and dealloc frees.
 *
 * lib/netdev.c does the bookkeeping common to all types: the name table
 * and reference counts, restoring flags at close, finishing partial
 * checksums for devices that cannot pass them on, and the change
 * sequence number.  A provider only calls netdev_change_seq_changed()
 * when something visible changed.
 *
 * Every function returns 0 or a positive errno unless said otherwise.
 * "May be NULL" means lib/netdev.c then behaves as documented there
 * (usually EOPNOTSUPP).  No function may block for long: a system call on
 * a local device is fine, waiting for the network is not. */
#ifndef NETDEV_PROVIDER_H
#define NETDEV_PROVIDER_H 1

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "netdev.h"
#include "shash.h"

struct dp_packet;
struct dp_packet_batch;
struct netdev_class;
struct smap;

/* What a netdev can do with packets it sends (struct netdev's
 * 'tx_offloads'). */
enum netdev_tx_offloads {
    /* Can send packets with DP_PACKET_CSUM_PARTIAL as they are: the device
     * (or the kernel) finishes the checksum.  Without this bit lib/
     * netdev.c finishes checksums in software before calling send. */
    NETDEV_TX_CSUM_PARTIAL = 1 << 0,

    /* Can send GSO packets (dp_packet_is_gso()) whole, passing on their
     * segmentation metadata.  Without this bit lib/netdev.c cuts them into
     * segments (dp_packet_gso_segment()) before calling send. */
    NETDEV_TX_TSO = 1 << 1,
};

/* The base of every netdev.  Members marked "netdev.c" are owned by
 * lib/netdev.c; the provider may read them. */
struct netdev {
    char *name;                         /* netdev.c: device name. */
    const struct netdev_class *class;   /* netdev.c. */
    int ref_cnt;                        /* netdev.c, under its mutex. */
    struct shash_node *node;            /* netdev.c: in the name table. */
    atomic_uint_fast64_t change_seq;    /* netdev.c, bumped by provider. */
    int n_rxq;                          /* Provider: receive queues (>= 1),
                                         * set in construct. */
    uint32_t tx_offloads;               /* Provider: NETDEV_TX_* bits. */

    /* netdev.c: flags changed with netdev_turn_flags_on/off() and their
     * original values, restored when the netdev is destroyed. */
    enum netdev_flags changed_flags;
    enum netdev_flags saved_flags;
};

/* The base of every receive queue. */
struct netdev_rxq {
    struct netdev *netdev;              /* netdev.c: owns a reference. */
    int queue_id;                       /* netdev.c. */
};

/* Tells lib/netdev.c (and through it, whoever polls
 * netdev_get_change_seq()) that something about 'netdev' changed.  Safe
 * from any thread. */
void netdev_change_seq_changed(const struct netdev *netdev);

struct netdev_class {
    /* Type name, e.g. "system".  Unique among registered classes. */
    const char *type;

    /* Optional (may be NULL): one-time setup, called when the class is
     * registered.  A nonzero return refuses the registration. */
    int (*init)(void);

    /* Optional: periodic work on the main thread (e.g. reading kernel link
     * notifications) and registering its wakeups.  Called by netdev_run()
     * and netdev_wait() once per class, whether or not devices are open.
     * Must not block. */
    void (*run)(const struct netdev_class *);
    void (*wait)(const struct netdev_class *);

    /* Life cycle.  alloc returns zeroed memory for the provider's device
     * struct (NULL only for out of memory).  construct sets up the
     * provider's part; the base members 'name' and 'class' are already set.
     * It returns 0 or an errno (ENODEV: no such device), in which case
     * dealloc follows at once.  destruct undoes construct; dealloc frees.
     * None may be NULL.  construct may do system calls (create a tap
     * device, open sockets). */
    struct netdev *(*alloc)(void);
    int (*construct)(struct netdev *);
    void (*destruct)(struct netdev *);
    void (*dealloc)(struct netdev *);

    /* Optional: adds the options in force to 'options'. */
    int (*get_config)(const struct netdev *, struct smap *options);

    /* Optional (NULL: any nonempty set of options is refused with EINVAL
     * and a message naming the first).  Applies the whole set 'options',
     * replacing the previous one.  On error returns an errno and stores a
     * malloc()'d message in '*errp' (which is never NULL here).  An option
     * the provider does not know is an error, so that typos show. */
    int (*set_config)(struct netdev *, const struct smap *options,
                      char **errp);

    /* Optional: adds status key-value pairs to 'status'. */
    int (*get_status)(const struct netdev *, struct smap *status);

    /* Receive queues.  rxq_alloc returns zeroed memory for the provider's
     * queue struct; rxq_construct sets it up (the base 'netdev' and
     * 'queue_id' are set); rxq_destruct undoes it, rxq_dealloc frees.
     * All four may be NULL only together, for a type that never receives
     * (netdev_rxq_open() then fails with EOPNOTSUPP). */
    struct netdev_rxq *(*rxq_alloc)(void);
    int (*rxq_construct)(struct netdev_rxq *);
    void (*rxq_destruct)(struct netdev_rxq *);
    void (*rxq_dealloc)(struct netdev_rxq *);

    /* Receives up to NETDEV_MAX_BURST packets into the empty 'batch'.
     * Returns 0 if it received at least one, EAGAIN if none was ready, or
     * another errno.  Must not block.  Packets are new (malloc'd)
     * dp_packets with DP_PACKET_HEADROOM of headroom and reset offsets;
     * partial checksums are reported with DP_PACKET_CSUM_PARTIAL, never
     * left silently wrong.  May be NULL only with the rxq_* above. */
    int (*rxq_recv)(struct netdev_rxq *, struct dp_packet_batch *batch);

    /* Makes poll_block() wake when rxq_recv may return packets.  May be
     * NULL only with rxq_recv. */
    void (*rxq_wait)(struct netdev_rxq *);

    /* Optional: discards queued packets. */
    int (*rxq_drain)(struct netdev_rxq *);

    /* Sends the packets of 'batch' on queue 'qid'.  Always takes the
     * packets: it frees every one of them before returning, sent or not
     * (lib/netdev.c makes copies when its caller keeps them).  Packets
     * with DP_PACKET_CSUM_PARTIAL reach it only if 'tx_offloads' has
     * NETDEV_TX_CSUM_PARTIAL.  Returns 0 or the errno of the first failure
     * (and counts failures in its statistics).  Must not block: a full
     * device drops (EAGAIN).  May be NULL (EOPNOTSUPP, packets freed).
     * Callers send on one 'qid' from one thread at a time (dpif-netdev
     * holds a per-port mutex): a provider may keep per-queue state, such
     * as the system device's transmit ring, without a lock. */
    int (*send)(struct netdev *, int qid, struct dp_packet_batch *batch);

    /* Optional: makes poll_block() wake when send may succeed on
     * 'qid'. */
    void (*send_wait)(struct netdev *, int qid);

    /* Optional: Ethernet address get/set. */
    int (*get_etheraddr)(const struct netdev *,
                         uint8_t mac[NETDEV_ETH_ADDR_LEN]);
    int (*set_etheraddr)(struct netdev *,
                         const uint8_t mac[NETDEV_ETH_ADDR_LEN]);

    /* Optional: MTU (without the Ethernet header) get/set. */
    int (*get_mtu)(const struct netdev *, int *mtup);
    int (*set_mtu)(struct netdev *, int mtu);

    /* Optional: returns the positive ifindex or a negative errno. */
    int (*get_ifindex)(const struct netdev *);

    /* Optional: stores the carrier (link up) in '*carrier'.  NULL: the
     * link is taken as up whenever the device is. */
    int (*get_carrier)(const struct netdev *, bool *carrier);

    /* Optional: link speed in Mbit/s, 0 if unknown. */
    int (*get_speed)(const struct netdev *, uint32_t *current_mbps,
                     uint32_t *max_mbps);

    /* Optional: stores the flags in '*flagsp'.  NULL: NETDEV_UP always. */
    int (*get_flags)(const struct netdev *, enum netdev_flags *flagsp);

    /* Optional: turns 'off' off and 'on' on (never both for one bit) and
     * stores the previous flags in '*old_flags'. */
    int (*update_flags)(struct netdev *, enum netdev_flags off,
                        enum netdev_flags on, enum netdev_flags *old_flags);

    /* Optional: fills in 'stats' (already set to "unknown" by the
     * caller: only the counters the device keeps need writing). */
    int (*get_stats)(const struct netdev *, struct netdev_stats *stats);
};

/* Registers 'class'; EEXIST if its type is taken, else init's result.
 * The class must outlive its registration. */
int netdev_register_provider(const struct netdev_class *class);
/* Unregisters type 'type': EBUSY while devices of it are open, EAFNOSUPPORT
 * if unknown. */
int netdev_unregister_provider(const char *type);

/* The built-in providers, registered by netdev_initialize(). */
void netdev_dummy_register_classes(void);
void netdev_patch_register_classes(void);
void netdev_linux_register_classes(void);

#endif /* netdev-provider.h */
