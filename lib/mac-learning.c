/* mac-learning.c -- the MAC learning table (see mac-learning.h).
 *
 * Representation: each entry sits in a hash map keyed by hash(MAC, VLAN)
 * and in an LRU list ordered by the time it was last learned, least
 * recently used at the front.  Learning an address that is already known
 * moves its entry to the back of the list, so the list is also sorted by
 * 'used' time: expiry pops from the front until it finds an entry that is
 * still fresh, eviction pops the front, and the next expiry time is the
 * front's.  Everything is O(1) but flushes and dumps.
 *
 * One mutex guards the whole table (see the header for why that is
 * enough).  The sequence number is atomic so that revalidators can read it
 * without the lock. */
#include <config.h>
#include "mac-learning.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "coverage.h"
#include "hash.h"
#include "hmap.h"
#include "list.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"

COVERAGE_DEFINE(mac_learning_learned);
COVERAGE_DEFINE(mac_learning_expired);
COVERAGE_DEFINE(mac_learning_evicted);
COVERAGE_DEFINE(mac_learning_moved);

struct mac_entry {
    struct hmap_node hmap_node; /* In mac_learning's 'table'. */
    struct ovs_list lru_node;   /* In mac_learning's 'lru'. */
    struct eth_addr mac;
    uint16_t vlan;
    void *port;
    long long int used;         /* time_msec() when last learned. */
};

struct mac_learning {
    pthread_mutex_t mutex;
    struct hmap table;          /* Contains "struct mac_entry"s. */
    struct ovs_list lru;        /* Least recently used first. */
    unsigned int idle_time;     /* Seconds. */
    size_t max_entries;
    atomic_uint_least64_t seq;

    /* Statistics. */
    uint64_t n_learned;
    uint64_t n_expired;
    uint64_t n_evicted;
    uint64_t n_moved;
};

static uint32_t
mac_hash(struct eth_addr mac, uint16_t vlan)
{
    uint64_t key = 0;

    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        key = (key << 8) | mac.ea[i];
    }
    return hash_uint64(key | ((uint64_t) vlan << 48), 0);
}

static void
bump_seq(struct mac_learning *ml)
{
    atomic_fetch_add_explicit(&ml->seq, 1, memory_order_release);
}

static long long int
idle_msec(const struct mac_learning *ml)
{
    return (long long int) ml->idle_time * 1000;
}

static void
remove_entry(struct mac_learning *ml, struct mac_entry *e)
{
    hmap_remove(&ml->table, &e->hmap_node);
    ovs_list_remove(&e->lru_node);
    free(e);
}

static struct mac_entry *
lookup__(const struct mac_learning *ml, struct eth_addr mac, uint16_t vlan)
{
    struct mac_entry *e;

    HMAP_FOR_EACH_WITH_HASH (e, hmap_node, mac_hash(mac, vlan), &ml->table) {
        if (e->vlan == vlan && eth_addr_equals(e->mac, mac)) {
            return e;
        }
    }
    return NULL;
}

/* Evicts LRU entries until at most 'max' remain.  Returns true if it
 * evicted any.  Caller holds the mutex. */
static bool
evict_to(struct mac_learning *ml, size_t max)
{
    bool changed = false;

    while (hmap_count(&ml->table) > max) {
        struct mac_entry *e = CONTAINER_OF(ovs_list_front(&ml->lru),
                                           struct mac_entry, lru_node);
        remove_entry(ml, e);
        ml->n_evicted++;
        COVERAGE_INC(mac_learning_evicted);
        changed = true;
    }
    if (changed) {
        bump_seq(ml);
    }
    return changed;
}

struct mac_learning *
mac_learning_create(unsigned int idle_time)
{
    struct mac_learning *ml = xzalloc(sizeof *ml);

    pthread_mutex_init(&ml->mutex, NULL);
    hmap_init(&ml->table);
    ovs_list_init(&ml->lru);
    ml->idle_time = MAX(idle_time, 1);
    ml->max_entries = MAC_DEFAULT_MAX;
    atomic_init(&ml->seq, 1);
    return ml;
}

void
mac_learning_destroy(struct mac_learning *ml)
{
    if (ml) {
        struct mac_entry *e;

        LIST_FOR_EACH_POP (e, lru_node, &ml->lru) {
            hmap_remove(&ml->table, &e->hmap_node);
            free(e);
        }
        hmap_destroy(&ml->table);
        pthread_mutex_destroy(&ml->mutex);
        free(ml);
    }
}

void
mac_learning_set_idle_time(struct mac_learning *ml, unsigned int idle_time)
{
    pthread_mutex_lock(&ml->mutex);
    ml->idle_time = MAX(idle_time, 1);
    pthread_mutex_unlock(&ml->mutex);
}

void
mac_learning_set_max_entries(struct mac_learning *ml, size_t max)
{
    pthread_mutex_lock(&ml->mutex);
    ml->max_entries = MAX(max, 1);
    evict_to(ml, ml->max_entries);
    pthread_mutex_unlock(&ml->mutex);
}

bool
mac_learning_learn(struct mac_learning *ml, struct eth_addr mac,
                   uint16_t vlan, void *port)
{
    bool changed = false;
    struct mac_entry *e;

    if (eth_addr_is_multicast(mac)) {
        return false;
    }

    pthread_mutex_lock(&ml->mutex);
    e = lookup__(ml, mac, vlan);
    if (!e) {
        /* Make room first, so that the new entry is never the victim. */
        evict_to(ml, ml->max_entries - 1);
        e = xmalloc(sizeof *e);
        e->mac = mac;
        e->vlan = vlan;
        e->port = port;
        hmap_insert(&ml->table, &e->hmap_node, mac_hash(mac, vlan));
        ovs_list_push_back(&ml->lru, &e->lru_node);
        ml->n_learned++;
        COVERAGE_INC(mac_learning_learned);
        changed = true;
    } else {
        ovs_list_remove(&e->lru_node);
        ovs_list_push_back(&ml->lru, &e->lru_node);
        if (e->port != port) {
            e->port = port;
            ml->n_moved++;
            COVERAGE_INC(mac_learning_moved);
            changed = true;
        }
    }
    e->used = time_msec();
    if (changed) {
        bump_seq(ml);
    }
    pthread_mutex_unlock(&ml->mutex);
    return changed;
}

void *
mac_learning_lookup(const struct mac_learning *ml_, struct eth_addr mac,
                    uint16_t vlan)
{
    struct mac_learning *ml = CONST_CAST(struct mac_learning *, ml_);
    struct mac_entry *e;
    void *port;

    if (eth_addr_is_multicast(mac)) {
        return NULL;
    }
    pthread_mutex_lock(&ml->mutex);
    e = lookup__(ml, mac, vlan);
    port = e ? e->port : NULL;
    pthread_mutex_unlock(&ml->mutex);
    return port;
}

bool
mac_learning_run(struct mac_learning *ml)
{
    long long int now = time_msec();
    bool changed = false;

    pthread_mutex_lock(&ml->mutex);
    while (!ovs_list_is_empty(&ml->lru)) {
        struct mac_entry *e = CONTAINER_OF(ovs_list_front(&ml->lru),
                                           struct mac_entry, lru_node);
        if (now - e->used < idle_msec(ml)) {
            break;
        }
        remove_entry(ml, e);
        ml->n_expired++;
        COVERAGE_INC(mac_learning_expired);
        changed = true;
    }
    if (changed) {
        bump_seq(ml);
    }
    pthread_mutex_unlock(&ml->mutex);
    return changed;
}

void
mac_learning_wait(struct mac_learning *ml)
{
    pthread_mutex_lock(&ml->mutex);
    if (!ovs_list_is_empty(&ml->lru)) {
        struct mac_entry *e = CONTAINER_OF(ovs_list_front(&ml->lru),
                                           struct mac_entry, lru_node);
        poll_timer_wait_until(e->used + idle_msec(ml));
    }
    pthread_mutex_unlock(&ml->mutex);
}

/* Removes every entry for which 'pred' returns true. */
static bool
flush__(struct mac_learning *ml,
        bool (*pred)(const struct mac_entry *, const void *aux),
        const void *aux)
{
    struct mac_entry *e, *next;
    bool changed = false;

    pthread_mutex_lock(&ml->mutex);
    LIST_FOR_EACH_SAFE (e, next, lru_node, &ml->lru) {
        if (!pred || pred(e, aux)) {
            remove_entry(ml, e);
            changed = true;
        }
    }
    if (changed) {
        bump_seq(ml);
    }
    pthread_mutex_unlock(&ml->mutex);
    return changed;
}

static bool
entry_has_port(const struct mac_entry *e, const void *port)
{
    return e->port == port;
}

static bool
entry_has_vlan(const struct mac_entry *e, const void *vlan)
{
    return e->vlan == *(const uint16_t *) vlan;
}

bool
mac_learning_flush(struct mac_learning *ml)
{
    return flush__(ml, NULL, NULL);
}

bool
mac_learning_flush_port(struct mac_learning *ml, const void *port)
{
    return flush__(ml, entry_has_port, port);
}

bool
mac_learning_flush_vlan(struct mac_learning *ml, uint16_t vlan)
{
    return flush__(ml, entry_has_vlan, &vlan);
}

uint64_t
mac_learning_seq(const struct mac_learning *ml_)
{
    struct mac_learning *ml = CONST_CAST(struct mac_learning *, ml_);

    return atomic_load_explicit(&ml->seq, memory_order_acquire);
}

void
mac_learning_get_stats(const struct mac_learning *ml_,
                       struct mac_learning_stats *stats)
{
    struct mac_learning *ml = CONST_CAST(struct mac_learning *, ml_);

    pthread_mutex_lock(&ml->mutex);
    stats->n_learned = ml->n_learned;
    stats->n_expired = ml->n_expired;
    stats->n_evicted = ml->n_evicted;
    stats->n_moved = ml->n_moved;
    stats->n_entries = hmap_count(&ml->table);
    stats->max_entries = ml->max_entries;
    stats->idle_time = ml->idle_time;
    pthread_mutex_unlock(&ml->mutex);
}

void
mac_learning_clear_stats(struct mac_learning *ml)
{
    pthread_mutex_lock(&ml->mutex);
    ml->n_learned = ml->n_expired = ml->n_evicted = ml->n_moved = 0;
    pthread_mutex_unlock(&ml->mutex);
}

size_t
mac_learning_dump(const struct mac_learning *ml_,
                  struct mac_learning_entry **entriesp)
{
    struct mac_learning *ml = CONST_CAST(struct mac_learning *, ml_);
    long long int now = time_msec();
    struct mac_learning_entry *entries;
    const struct mac_entry *e;
    size_t n = 0;

    pthread_mutex_lock(&ml->mutex);
    entries = xmalloc(MAX(hmap_count(&ml->table), 1) * sizeof *entries);
    LIST_FOR_EACH (e, lru_node, &ml->lru) {
        struct mac_learning_entry *out = &entries[n++];

        out->port = e->port;
        out->vlan = e->vlan;
        out->mac = e->mac;
        out->age = now > e->used ? (now - e->used) / 1000 : 0;
    }
    pthread_mutex_unlock(&ml->mutex);

    *entriesp = entries;
    return n;
}
