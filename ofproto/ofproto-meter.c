/* ofproto-meter.c -- a switch's OpenFlow meter table.  See
 * ofproto-meter.h.
 *
 * The table is an hmap of struct meter by id in 'ofproto->meters'.  Only
 * the main thread changes it, under the ofproto's write lock; a meter's
 * configuration is replaced whole by a modify.  The order of a change
 * matters to the packets in flight: an add programs the datapath before
 * the meter becomes visible to translation (so no flow can name a meter
 * the datapath lacks), a delete removes the flows first, then the meter
 * from the table, then from the datapath. */
#include <config.h>
#include "ofproto-meter.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "coverage.h"
#include "dpif.h"
#include "hash.h"
#include "hmap.h"
#include "ofp-actions.h"
#include "ofpbuf.h"
#include "ofproto-private.h"
#include "ofproto.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto_meter);

COVERAGE_DEFINE(meter_mod);

struct meter {
    struct hmap_node node;      /* In the table, by id. */
    struct ofp_meter_config mc; /* Replaced whole by a modify. */
    long long int created;      /* time_msec() of the add. */
};

struct ofproto_meters {
    struct hmap meters;         /* struct meter, by id. */
};

static uint32_t
meter_hash(uint32_t meter_id)
{
    return hash_add(0, meter_id);
}

void
ofproto_meters_init(struct ofproto *ofproto)
{
    ofproto->meters = xzalloc(sizeof *ofproto->meters);
    hmap_init(&ofproto->meters->meters);
}

static void
meter_free(struct meter *m)
{
    if (m) {
        ofp_meter_config_uninit(&m->mc);
        free(m);
    }
}

void
ofproto_meters_destroy(struct ofproto *ofproto)
{
    struct meter *m, *next;

    if (!ofproto->meters) {
        return;
    }
    HMAP_FOR_EACH_SAFE (m, next, node, &ofproto->meters->meters) {
        hmap_remove(&ofproto->meters->meters, &m->node);
        meter_free(m);
    }
    hmap_destroy(&ofproto->meters->meters);
    free(ofproto->meters);
    ofproto->meters = NULL;
}

static struct meter *
meter_lookup(const struct ofproto *ofproto, uint32_t meter_id)
{
    struct meter *m;

    HMAP_FOR_EACH_WITH_HASH (m, node, meter_hash(meter_id),
                             &ofproto->meters->meters) {
        if (m->mc.meter_id == meter_id) {
            return m;
        }
    }
    return NULL;
}

bool
ofproto_meter_exists(const struct ofproto *ofproto, uint32_t meter_id)
{
    return meter_lookup(ofproto, meter_id) != NULL;
}

/* Meter references in action lists. */

/* The first meter that the actions (nested lists included) use and that
 * 'pred' accepts, or false. */
static bool
find_meter_ref(const struct ofpact *ofpacts, size_t len,
               bool (*pred)(uint32_t meter_id, const void *aux),
               const void *aux, uint32_t *found)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_METER) {
            uint32_t id = ofpact_get_METER(a)->meter_id;
            if (pred(id, aux)) {
                *found = id;
                return true;
            }
        } else if (a->type == OFPACT_CLONE
                   || a->type == OFPACT_WRITE_ACTIONS) {
            size_t n;
            const struct ofpact *nested
                = ofpact_nest_get_actions((const struct ofpact_nest *) a,
                                          &n);
            if (find_meter_ref(nested, n, pred, aux, found)) {
                return true;
            }
        }
    }
    return false;
}

static bool
is_missing(uint32_t meter_id, const void *ofproto)
{
    return !ofproto_meter_exists(ofproto, meter_id);
}

bool
ofproto_meter_check_ofpacts(const struct ofproto *ofproto,
                            const struct ofpact *ofpacts, size_t len,
                            uint32_t *missing)
{
    return find_meter_ref(ofpacts, len, is_missing, ofproto, missing);
}

/* 'wanted' points to a meter id, or OFPM_ALL for any meter. */
static bool
is_meter(uint32_t meter_id, const void *wanted_)
{
    uint32_t wanted = *(const uint32_t *) wanted_;
    return wanted == OFPM_ALL || meter_id == wanted;
}

static bool
ofpacts_use_meter(const struct ofpact *ofpacts, size_t len,
                  uint32_t meter_id)
{
    uint32_t found;
    return find_meter_ref(ofpacts, len, is_meter, &meter_id, &found);
}

/* All the flows, for counting and deleting those that use a meter. */
static void
collect_all_flows(struct ofproto *ofproto, struct ofproto_flow_stats **fsp,
                  size_t *n)
{
    struct ofp_flow_spec fs;

    memset(&fs, 0, sizeof fs);
    match_init_catchall(&fs.match);
    fs.table_id = 0xff;
    fs.out_port = OFPP_NONE;
    fs.out_group = UINT32_MAX;
    ofproto_collect_flows(ofproto, &fs, false, fsp, n);
}

/* Deletes the flows that use meter 'meter_id' (OFPM_ALL: any meter), one
 * strict delete each (there is no flow filter by meter). */
static void
delete_flows_using(struct ofproto *ofproto, uint32_t meter_id)
{
    struct ofproto_flow_stats *flows;
    size_t n;

    collect_all_flows(ofproto, &flows, &n);
    for (size_t i = 0; i < n; i++) {
        const struct ofproto_flow_stats *f = &flows[i];
        struct ofproto_flow_mod fm;

        if (!ofpacts_use_meter(f->ofpacts, f->ofpacts_len, meter_id)) {
            continue;
        }
        memset(&fm, 0, sizeof fm);
        fm.command = OFPFC_DELETE_STRICT;
        fm.fs.match = f->match;
        fm.fs.priority = f->priority;
        fm.fs.table_id = f->table_id;
        fm.fs.out_port = OFPP_NONE;
        fm.fs.out_group = UINT32_MAX;
        ofproto_flow_mod(ofproto, &fm, NULL);
    }
    ofproto_flow_stats_destroy(flows, n);
}

/* METER_MOD. */

/* Checks 'mc' for an add or modify against what the datapath supports. */
static enum ofperr
check_config(const struct ofp_meter_config *mc,
             const struct ofp_meter_features *mf)
{
    if (!(mc->flags & (OFPMF_KBPS | OFPMF_PKTPS))
        || (mc->flags & ~mf->capabilities)) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    if (!mc->n_bands) {
        return OFPERR_OFPMMFC_BAD_BAND;
    }
    if (mc->n_bands > mf->max_bands) {
        return OFPERR_OFPMMFC_OUT_OF_BANDS;
    }
    for (size_t i = 0; i < mc->n_bands; i++) {
        const struct ofp_meter_band *band = &mc->bands[i];

        if (band->type == OFPMBT_DSCP_REMARK && !band->prec_level) {
            return OFPERR_OFPMMFC_BAD_BAND_VALUE;
        }
        if (band->type >= 32 || !(mf->band_types & (1u << band->type))) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        if (!band->rate) {
            return OFPERR_OFPMMFC_BAD_RATE;
        }
        /* A bucket that holds nothing would refuse every packet. */
        if ((mc->flags & OFPMF_BURST) && !band->burst_size) {
            return OFPERR_OFPMMFC_BAD_BURST;
        }
    }
    return 0;
}

static enum ofperr
meter_add_or_modify(struct ofproto *ofproto, const struct ofp_meter_mod *mm,
                    struct meter *old)
{
    const struct ofp_meter_config *mc = &mm->meter;
    struct ofp_meter_features mf;
    enum ofperr error;
    int dp_error;

    dpif_meter_get_features(ofproto->dpif, &mf);
    if (!mf.max_meters) {
        return OFPERR_OFPMMFC_OUT_OF_METERS;
    }
    error = check_config(mc, &mf);
    if (error) {
        return error;
    }
    dp_error = dpif_meter_set(ofproto->dpif, mc->meter_id, mc);
    if (dp_error) {
        VLOG_INFO("%s: datapath refused meter %"PRIu32" (%s)",
                  ofproto->name, mc->meter_id, ovs_strerror(dp_error));
        return (dp_error == ENOSPC || dp_error == EOPNOTSUPP
                ? OFPERR_OFPMMFC_OUT_OF_METERS : OFPERR_OFPMMFC_UNKNOWN);
    }

    struct meter *new = xzalloc(sizeof *new);
    ofp_meter_config_clone(&new->mc, mc);
    new->created = old ? old->created : time_msec();
    pthread_rwlock_wrlock(&ofproto->rwlock);
    if (old) {
        hmap_remove(&ofproto->meters->meters, &old->node);
    }
    hmap_insert(&ofproto->meters->meters, &new->node,
                meter_hash(mc->meter_id));
    pthread_rwlock_unlock(&ofproto->rwlock);
    meter_free(old);
    if (!old) {
        ofproto_changed(ofproto);
    }
    return 0;
}

/* Deletes 'm', whose flows are gone already. */
static void
meter_delete(struct ofproto *ofproto, struct meter *m)
{
    uint32_t id = m->mc.meter_id;

    pthread_rwlock_wrlock(&ofproto->rwlock);
    hmap_remove(&ofproto->meters->meters, &m->node);
    pthread_rwlock_unlock(&ofproto->rwlock);
    meter_free(m);
    dpif_meter_del(ofproto->dpif, id);
    ofproto_changed(ofproto);
}

static int
compare_meters(const void *a_, const void *b_)
{
    const struct meter *const *a = a_, *const *b = b_;
    uint32_t x = (*a)->mc.meter_id, y = (*b)->mc.meter_id;

    return x < y ? -1 : x > y;
}

/* The meter 'meter_id' (or every meter for OFPM_ALL), in increasing id
 * order, in a malloc'd array.  Main thread; valid until the next
 * change. */
static size_t
collect_meters(struct ofproto *ofproto, uint32_t meter_id,
               struct meter ***metersp)
{
    struct hmap *map = &ofproto->meters->meters;
    struct meter **meters = xmalloc((hmap_count(map) + 1) * sizeof *meters);
    struct meter *m;
    size_t n = 0;

    HMAP_FOR_EACH (m, node, map) {
        if (meter_id == OFPM_ALL || m->mc.meter_id == meter_id) {
            meters[n++] = m;
        }
    }
    qsort(meters, n, sizeof *meters, compare_meters);
    *metersp = meters;
    return n;
}

enum ofperr
ofproto_meter_mod(struct ofproto *ofproto, const struct ofp_meter_mod *mm)
{
    uint32_t id = mm->meter.meter_id;
    struct meter *old;

    COVERAGE_INC(meter_mod);
    /* METER_MOD cannot be bundled (ofp_bundle_type_is_bundlable()), so no
     * transaction holds the write lock that the changes below take. */
    ovs_assert(!ofproto->txn);
    if (mm->command == OFPMC_DELETE) {
        struct meter **meters;
        size_t n = collect_meters(ofproto, id, &meters);

        /* Deleting a meter that does not exist is not an error.  The
         * flows go first, in one pass over the tables, so that no flow
         * ever names a meter that is gone. */
        if (n) {
            delete_flows_using(ofproto, id);
        }
        for (size_t i = 0; i < n; i++) {
            meter_delete(ofproto, meters[i]);
        }
        free(meters);
        return 0;
    }

    if (!id || id > OFPM_MAX) {
        /* Includes the reserved meters (slow path, controller), which
         * this switch does not implement. */
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    old = meter_lookup(ofproto, id);
    switch (mm->command) {
    case OFPMC_ADD:
        if (old) {
            return OFPERR_OFPMMFC_METER_EXISTS;
        }
        return meter_add_or_modify(ofproto, mm, NULL);

    case OFPMC_MODIFY:
        if (!old) {
            return OFPERR_OFPMMFC_UNKNOWN_METER;
        }
        return meter_add_or_modify(ofproto, mm, old);

    default:
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
}

/* Multipart requests. */

static void
put_meter_stats(struct ofproto *ofproto, const struct meter *m,
                const struct ofproto_flow_stats *flows, size_t n_flows,
                long long int now, struct ofp_multipart *mp)
{
    struct ofp_meter_stats ms;
    long long int age = now - m->created;

    memset(&ms, 0, sizeof ms);
    ms.meter_id = m->mc.meter_id;
    for (size_t i = 0; i < n_flows; i++) {
        if (ofpacts_use_meter(flows[i].ofpacts, flows[i].ofpacts_len,
                              ms.meter_id)) {
            ms.flow_count++;
        }
    }
    ms.duration_sec = age / 1000;
    ms.duration_nsec = (age % 1000) * 1000000;
    ms.n_bands = m->mc.n_bands;
    ms.bands = xcalloc(ms.n_bands + 1, sizeof *ms.bands);
    /* A meter without OFPMF_STATS still counts in our datapath; report
     * what it counted, as Open vSwitch does. */
    if (dpif_meter_get(ofproto->dpif, ms.meter_id, &ms)) {
        ms.packet_in_count = ms.byte_in_count = 0;
    }
    ofp_meter_stats_put(&ms, mp);
    free(ms.bands);
}

enum ofperr
ofproto_meter_reply(struct ofproto *ofproto, const struct ofp_header *oh,
                    struct ofp_multipart *mp)
{
    struct meter **meters;
    enum ofptype type;
    uint32_t meter_id;
    enum ofperr error;
    size_t n;

    error = ofptype_decode(&type, oh, ntohs(oh->length));
    if (error) {
        return error;
    }
    if (type == OFPTYPE_METER_FEATURES_STATS_REQUEST) {
        struct ofp_meter_features mf;
        struct ofpbuf *b;
        size_t len;

        dpif_meter_get_features(ofproto->dpif, &mf);
        b = ofp_meter_features_reply_encode(&mf, oh);
        ofp_multipart_start(mp, OFPTYPE_METER_FEATURES_STATS_REPLY, oh);
        const void *body = ofpmsg_body(b->data, &len);
        memcpy(ofp_multipart_put(mp, len), body, len);
        ofpbuf_delete(b);
        return 0;
    }
    if (type != OFPTYPE_METER_STATS_REQUEST
        && type != OFPTYPE_METER_CONFIG_STATS_REQUEST) {
        return OFPERR_OFPBRC_BAD_STAT;
    }
    error = ofp_meter_request_decode(oh, &meter_id);
    if (error) {
        return error;
    }

    n = collect_meters(ofproto, meter_id, &meters);
    if (!n && meter_id != OFPM_ALL) {
        free(meters);
        return OFPERR_OFPMMFC_UNKNOWN_METER;
    }
    if (type == OFPTYPE_METER_CONFIG_STATS_REQUEST) {
        ofp_multipart_start(mp, OFPTYPE_METER_CONFIG_STATS_REPLY, oh);
        for (size_t i = 0; i < n; i++) {
            ofp_meter_config_put(&meters[i]->mc, mp);
        }
    } else {
        struct ofproto_flow_stats *flows = NULL;
        size_t n_flows = 0;
        long long int now = time_msec();

        if (n) {
            collect_all_flows(ofproto, &flows, &n_flows);
        }
        ofp_multipart_start(mp, OFPTYPE_METER_STATS_REPLY, oh);
        for (size_t i = 0; i < n; i++) {
            put_meter_stats(ofproto, meters[i], flows, n_flows, now, mp);
        }
        ofproto_flow_stats_destroy(flows, n_flows);
    }
    free(meters);
    return 0;
}
