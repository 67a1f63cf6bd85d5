/* dpif-netdev-meter.c -- the userspace datapath's meters.  See
 * dpif-netdev-meter.h.
 *
 * Token units keep the arithmetic in integers: with OFPMF_PKTPS a bucket
 * counts thousandths of a packet (a packet costs 1000, a band of rate R
 * gains R per millisecond); otherwise it counts bits (a packet costs 8
 * per byte, a band of R kbit/s gains R bits per millisecond).  Buckets
 * are 64-bit, so neither the largest burst (2^32 - 1 thousand units) nor
 * a refill overflows. */
#include <config.h>
#include "dpif-netdev-meter.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dp-packet.h"
#include "hash.h"
#include "hmap.h"
#include "ofp-meter.h"
#include "util.h"

struct dp_meter_band {
    uint16_t type;              /* OFPMBT_DROP. */
    uint64_t rate;              /* Tokens per millisecond. */
    uint64_t max;               /* Bucket depth, tokens. */
    uint64_t bucket;            /* Tokens now. */
    uint64_t packet_count, byte_count;
};

struct dp_meter {
    struct hmap_node node;      /* In the table, by id. */
    uint32_t id;
    uint16_t flags;             /* OFPMF_*. */
    pthread_mutex_t mutex;      /* Guards the members below. */
    long long int used;         /* Last refill, msec. */
    uint64_t packet_count, byte_count;
    size_t n_bands;
    struct dp_meter_band bands[];
};

struct dp_meter_table {
    struct hmap meters;         /* struct dp_meter, by id. */
};

static uint32_t
meter_hash(uint32_t id)
{
    return hash_add(0, id);
}

struct dp_meter_table *
dp_meter_table_create(void)
{
    struct dp_meter_table *t = xmalloc(sizeof *t);

    hmap_init(&t->meters);
    return t;
}

static void
meter_free(struct dp_meter *m)
{
    if (m) {
        pthread_mutex_destroy(&m->mutex);
        free(m);
    }
}

void
dp_meter_table_destroy(struct dp_meter_table *t)
{
    if (t) {
        struct dp_meter *m, *next;

        HMAP_FOR_EACH_SAFE (m, next, node, &t->meters) {
            hmap_remove(&t->meters, &m->node);
            meter_free(m);
        }
        hmap_destroy(&t->meters);
        free(t);
    }
}

void
dp_meter_features(struct ofp_meter_features *mf)
{
    memset(mf, 0, sizeof *mf);
    mf->max_meters = DP_METER_MAX_METERS;
    mf->band_types = 1u << OFPMBT_DROP;
    mf->capabilities = OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS;
    mf->max_bands = DP_METER_MAX_BANDS;
    mf->max_color = 0;
}

static struct dp_meter *
lookup(const struct dp_meter_table *t, uint32_t id)
{
    struct dp_meter *m;

    HMAP_FOR_EACH_WITH_HASH (m, node, meter_hash(id), &t->meters) {
        if (m->id == id) {
            return m;
        }
    }
    return NULL;
}

int
dp_meter_table_set(struct dp_meter_table *t, uint32_t id,
                   const struct ofp_meter_config *mc)
{
    struct dp_meter *old = lookup(t, id);
    struct dp_meter *m;

    if (!mc->n_bands || mc->n_bands > DP_METER_MAX_BANDS
        || !(mc->flags & (OFPMF_KBPS | OFPMF_PKTPS))) {
        return EINVAL;
    }
    for (size_t i = 0; i < mc->n_bands; i++) {
        if (mc->bands[i].type != OFPMBT_DROP || !mc->bands[i].rate) {
            return EINVAL;
        }
    }
    if (!old && hmap_count(&t->meters) >= DP_METER_MAX_METERS) {
        return ENOSPC;
    }

    m = xzalloc(sizeof *m + mc->n_bands * sizeof m->bands[0]);
    m->id = id;
    m->flags = mc->flags;
    pthread_mutex_init(&m->mutex, NULL);
    m->n_bands = mc->n_bands;
    for (size_t i = 0; i < mc->n_bands; i++) {
        const struct ofp_meter_band *b = &mc->bands[i];
        struct dp_meter_band *band = &m->bands[i];
        uint64_t burst = ((mc->flags & OFPMF_BURST) && b->burst_size
                          ? b->burst_size : b->rate);

        band->type = b->type;
        band->rate = b->rate;
        /* Both units hold a thousand tokens per packet or kbit. */
        band->max = burst * 1000;
        band->bucket = band->max;
    }
    if (old) {
        hmap_remove(&t->meters, &old->node);
        meter_free(old);
    }
    hmap_insert(&t->meters, &m->node, meter_hash(id));
    return 0;
}

int
dp_meter_table_get(const struct dp_meter_table *t, uint32_t id,
                   struct ofp_meter_stats *ms)
{
    struct dp_meter *m = lookup(t, id);

    if (!m) {
        return ENOENT;
    }
    pthread_mutex_lock(&m->mutex);
    ms->packet_in_count = m->packet_count;
    ms->byte_in_count = m->byte_count;
    for (size_t i = 0; i < ms->n_bands; i++) {
        if (i < m->n_bands) {
            ms->bands[i].packet_count = m->bands[i].packet_count;
            ms->bands[i].byte_count = m->bands[i].byte_count;
        } else {
            ms->bands[i].packet_count = ms->bands[i].byte_count = 0;
        }
    }
    pthread_mutex_unlock(&m->mutex);
    return 0;
}

int
dp_meter_table_del(struct dp_meter_table *t, uint32_t id)
{
    struct dp_meter *m = lookup(t, id);

    if (!m) {
        return ENOENT;
    }
    hmap_remove(&t->meters, &m->node);
    meter_free(m);
    return 0;
}

/* Adds the tokens of the time since the last refill.  Mutex held. */
static void
refill(struct dp_meter *m, long long int now)
{
    long long int delta = now - m->used;

    if (delta <= 0) {
        return;
    }
    m->used = now;
    for (size_t i = 0; i < m->n_bands; i++) {
        struct dp_meter_band *band = &m->bands[i];
        uint64_t room = band->max - band->bucket;

        /* 'delta * rate' could overflow after a long idle time: compare
         * by division first. */
        if ((uint64_t) delta >= room / band->rate + 1) {
            band->bucket = band->max;
        } else {
            band->bucket += (uint64_t) delta * band->rate;
            if (band->bucket > band->max) {
                band->bucket = band->max;
            }
        }
    }
}

void
dp_meter_table_run(const struct dp_meter_table *t, uint32_t id,
                   struct dp_packet_batch *batch, long long int now)
{
    struct dp_meter *m = lookup(t, id);
    size_t n_kept = 0;

    if (!m) {
        return;
    }
    pthread_mutex_lock(&m->mutex);
    if (!m->used) {
        m->used = now;          /* The buckets started full. */
    }
    refill(m, now);
    for (size_t i = 0; i < batch->count; i++) {
        struct dp_packet *p = batch->packets[i];
        uint64_t size = dp_packet_size(p);
        uint64_t cost = m->flags & OFPMF_PKTPS ? 1000 : size * 8;
        struct dp_meter_band *exceeded = NULL;

        m->packet_count++;
        m->byte_count += size;
        for (size_t j = 0; j < m->n_bands; j++) {
            struct dp_meter_band *band = &m->bands[j];

            if (band->bucket >= cost) {
                band->bucket -= cost;
            } else if (!exceeded || band->rate > exceeded->rate) {
                exceeded = band;
            }
        }
        if (exceeded) {
            exceeded->packet_count++;
            exceeded->byte_count += size;
            /* Every band here is a drop band (dp_meter_table_set()). */
            dp_packet_delete(p);
        } else {
            batch->packets[n_kept++] = p;
        }
    }
    batch->count = n_kept;
    pthread_mutex_unlock(&m->mutex);
}
