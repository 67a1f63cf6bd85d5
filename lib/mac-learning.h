/* mac-learning.h -- the MAC learning table of the NORMAL action.
 *
 * A table of (Ethernet address, VLAN) -> port, where a port is an opaque
 * pointer chosen by the caller (ofproto's bundle).  The NORMAL action
 * learns the source address of every packet it forwards and looks up the
 * destination; ovs-appctl fdb/show, fdb/flush and fdb/stats-show read and
 * clear it.
 *
 * Entries age out: an entry that has not been refreshed by
 * mac_learning_learn() for 'idle_time' seconds is removed by
 * mac_learning_run().  Time comes from time_msec(), so "ovs-appctl
 * time/warp" moves it in tests.  When the table holds 'max_entries'
 * entries, learning a new address evicts the least recently used entry.
 *
 * Thread safety: every function may be called from any thread.  Handler
 * threads learn and look up while the main thread expires, flushes and
 * dumps, so the table has an internal mutex, held for O(1) work in learn
 * and lookup (the table is a hash map keyed by (MAC, VLAN) plus an LRU
 * list) and for O(n) work in flush and dump.
 *
 * Implemented in mac-learning.c. */
#ifndef MAC_LEARNING_H
#define MAC_LEARNING_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packets.h"

/* Defaults, as in ovs-vswitchd(8) (other_config:mac-aging-time and
 * other_config:mac-table-size). */
#define MAC_DEFAULT_IDLE_TIME 300       /* Seconds. */
#define MAC_DEFAULT_MAX 8192            /* Entries. */

struct mac_learning;

/* Creates an empty table whose entries expire after 'idle_time' seconds
 * without refresh (0 is treated as 1). */
struct mac_learning *mac_learning_create(unsigned int idle_time);

/* Frees 'ml' and its entries (not the ports).  Accepts NULL. */
void mac_learning_destroy(struct mac_learning *ml);

/* Changes the idle time of 'ml' (seconds, 0 is treated as 1).  Existing
 * entries keep the time they were last refreshed at and expire by the new
 * idle time. */
void mac_learning_set_idle_time(struct mac_learning *ml,
                                unsigned int idle_time);

/* Changes the maximum number of entries (at least 1).  If the table holds
 * more, the least recently used entries are evicted at once (counted in
 * 'evicted'). */
void mac_learning_set_max_entries(struct mac_learning *ml, size_t max);

/* Records that 'mac' on 'vlan' (0...4095) was seen on 'port'.  Returns
 * true if this changed the mapping (a new entry, or the address moved to
 * another port), false if it only refreshed the entry's age.  A multicast
 * or broadcast 'mac' is never learned: returns false.  A new entry in a
 * full table evicts the least recently used one. */
bool mac_learning_learn(struct mac_learning *ml, struct eth_addr mac,
                        uint16_t vlan, void *port);

/* Returns the port on which 'mac' on 'vlan' was learned, or NULL.  Does
 * not refresh the entry. */
void *mac_learning_lookup(const struct mac_learning *ml, struct eth_addr mac,
                          uint16_t vlan);

/* Removes the entries that have been idle for longer than the idle time.
 * Returns true if it removed any. */
bool mac_learning_run(struct mac_learning *ml);

/* Arranges for poll_block() to wake when the next entry expires. */
void mac_learning_wait(struct mac_learning *ml);

/* Flushing.  Each returns true if it removed any entry.  Flushed entries
 * are not counted as expired. */
bool mac_learning_flush(struct mac_learning *ml);
bool mac_learning_flush_port(struct mac_learning *ml, const void *port);
bool mac_learning_flush_vlan(struct mac_learning *ml, uint16_t vlan);

/* A number that changes whenever a mapping is added, moves to another
 * port, or disappears (expiry, eviction, flush).  A revalidator that saw
 * the same number before and after its work knows no MAC-based decision it
 * cached has gone stale. */
uint64_t mac_learning_seq(const struct mac_learning *ml);

/* Counters for "ovs-appctl fdb/stats-show". */
struct mac_learning_stats {
    uint64_t n_learned;         /* New entries added. */
    uint64_t n_expired;         /* Entries removed by idle timeout. */
    uint64_t n_evicted;         /* Entries removed because table full. */
    uint64_t n_moved;           /* Entries that moved to another port. */
    size_t n_entries;           /* Current number of entries. */
    size_t max_entries;         /* Current maximum. */
    unsigned int idle_time;     /* Current idle time, in seconds. */
};
void mac_learning_get_stats(const struct mac_learning *ml,
                            struct mac_learning_stats *stats);

/* Clears the four counters (not the table). */
void mac_learning_clear_stats(struct mac_learning *ml);

/* One entry, as "ovs-appctl fdb/show" prints it. */
struct mac_learning_entry {
    void *port;
    uint16_t vlan;
    struct eth_addr mac;
    unsigned int age;           /* Seconds since last learned. */
};

/* Stores in '*entries' a malloc()'d array of a snapshot of all entries,
 * least recently used first, and returns their number.  The caller frees
 * the array with free(). */
size_t mac_learning_dump(const struct mac_learning *ml,
                         struct mac_learning_entry **entries);

#endif /* mac-learning.h */
