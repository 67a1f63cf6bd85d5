/* ofproto-group.c -- a switch's OpenFlow group table.  See
 * ofproto-group.h.
 *
 * The table is an hmap of struct group by id in 'ofproto->groups'.  The
 * main thread changes it only under the ofproto's write lock and never
 * changes a group in place: GROUP_MOD's modify and bucket commands build
 * the new description, check it, and replace the whole group.  Handler
 * and revalidator threads read it under the read lock (translation) and
 * credit statistics through references (group_ref()), which they may
 * hold after the group has left the table.
 *
 * Port liveness (fast failover, select) is not part of any flow's key:
 * ofproto_run() watches the ports' carrier and asks for a revalidation
 * when it changes. */
#include <config.h>
#include "ofproto-group.h"

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "coverage.h"
#include "hash.h"
#include "netdev.h"
#include "ofp-actions.h"
#include "ofproto-private.h"
#include "ofproto.h"
#include "timeval.h"
#include "util.h"
#include "xlate.h"

COVERAGE_DEFINE(group_mod);

struct ofproto_groups {
    struct hmap groups;         /* struct group, by group id. */
};

/* Chains longer than this are refused as loops would be: translation
 * must terminate. */
#define MAX_GROUP_CHAIN 32

static uint32_t
group_hash(uint32_t group_id)
{
    return hash_add(0, group_id);
}

void
group_ref(struct group *g)
{
    if (g) {
        atomic_fetch_add(&g->ref_cnt, 1);
    }
}

void
group_unref(struct group *g)
{
    if (g && atomic_fetch_sub(&g->ref_cnt, 1) == 1) {
        ofp_group_desc_uninit(&g->gd);
        pthread_mutex_destroy(&g->stats_mutex);
        free(g->bucket_stats);
        free(g);
    }
}

void
group_credit_stats(struct group *g, size_t bucket, bool count_group,
                   uint64_t n_packets, uint64_t n_bytes)
{
    pthread_mutex_lock(&g->stats_mutex);
    if (count_group) {
        g->n_packets += n_packets;
        g->n_bytes += n_bytes;
    }
    if (bucket < g->gd.n_buckets) {
        g->bucket_stats[bucket].packet_count += n_packets;
        g->bucket_stats[bucket].byte_count += n_bytes;
    }
    pthread_mutex_unlock(&g->stats_mutex);
}

/* A new group owning 'gd' (whose contents it takes). */
static struct group *
group_create(struct ofp_group_desc *gd)
{
    struct group *g = xzalloc(sizeof *g);

    atomic_init(&g->ref_cnt, 1);
    g->gd = *gd;
    ofp_group_desc_init(gd);
    g->created = time_msec();
    pthread_mutex_init(&g->stats_mutex, NULL);
    g->bucket_stats = xcalloc(g->gd.n_buckets + 1, sizeof *g->bucket_stats);
    return g;
}

/* Keeps the statistics of 'old' in 'new' where the buckets survive (same
 * bucket id), as a modify that only adds a bucket should not reset the
 * counters of the others. */
static void
group_inherit_stats(struct group *new, struct group *old)
{
    pthread_mutex_lock(&old->stats_mutex);
    new->created = old->created;
    new->n_packets = old->n_packets;
    new->n_bytes = old->n_bytes;
    for (size_t i = 0; i < new->gd.n_buckets; i++) {
        for (size_t j = 0; j < old->gd.n_buckets; j++) {
            if (new->gd.buckets[i].bucket_id
                == old->gd.buckets[j].bucket_id) {
                new->bucket_stats[i] = old->bucket_stats[j];
            }
        }
    }
    pthread_mutex_unlock(&old->stats_mutex);
}

void
ofproto_groups_init(struct ofproto *ofproto)
{
    ofproto->groups = xzalloc(sizeof *ofproto->groups);
    hmap_init(&ofproto->groups->groups);
}

void
ofproto_groups_destroy(struct ofproto *ofproto)
{
    struct group *g, *next;

    if (!ofproto->groups) {
        return;
    }
    HMAP_FOR_EACH_SAFE (g, next, node, &ofproto->groups->groups) {
        hmap_remove(&ofproto->groups->groups, &g->node);
        group_unref(g);
    }
    hmap_destroy(&ofproto->groups->groups);
    free(ofproto->groups);
    ofproto->groups = NULL;
}

struct group *
ofproto_group_lookup(const struct ofproto *ofproto, uint32_t group_id)
{
    struct group *g;

    HMAP_FOR_EACH_WITH_HASH (g, node, group_hash(group_id),
                             &ofproto->groups->groups) {
        if (g->gd.group_id == group_id) {
            return g;
        }
    }
    return NULL;
}

/* Group references in action lists. */

/* Calls 'cb' for each group action in the list, nested lists included,
 * until it returns true; returns true if it did. */
static bool
for_each_group_ref(const struct ofpact *ofpacts, size_t len,
                   bool (*cb)(uint32_t group_id, void *aux), void *aux)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_GROUP) {
            if (cb(ofpact_get_GROUP(a)->group_id, aux)) {
                return true;
            }
        } else if (a->type == OFPACT_CLONE
                   || a->type == OFPACT_WRITE_ACTIONS) {
            size_t n;
            const struct ofpact *nested
                = ofpact_nest_get_actions((const struct ofpact_nest *) a,
                                          &n);
            if (for_each_group_ref(nested, n, cb, aux)) {
                return true;
            }
        }
    }
    return false;
}

struct missing_aux {
    const struct ofproto *ofproto;
    uint32_t *missing;
};

static bool
is_missing_cb(uint32_t group_id, void *aux_)
{
    struct missing_aux *aux = aux_;

    if (!ofproto_group_lookup(aux->ofproto, group_id)) {
        *aux->missing = group_id;
        return true;
    }
    return false;
}

bool
ofproto_group_check_ofpacts(const struct ofproto *ofproto,
                            const struct ofpact *ofpacts, size_t len,
                            uint32_t *missing)
{
    struct missing_aux aux = { ofproto, missing };

    return for_each_group_ref(ofpacts, len, is_missing_cb, &aux);
}

static bool
is_group_cb(uint32_t group_id, void *aux)
{
    return group_id == *(uint32_t *) aux;
}

bool
ofproto_ofpacts_use_group(const struct ofpact *ofpacts, size_t len,
                          uint32_t group_id)
{
    return for_each_group_ref(ofpacts, len, is_group_cb, &group_id);
}

/* Checking a new description. */

struct chain_aux {
    const struct ofproto *ofproto;
    const struct ofp_group_desc *new;   /* Stands for its id's group. */
    int depth;
    enum ofperr error;
};

static bool chain_cb(uint32_t group_id, void *aux_);

/* Follows the chains from the buckets of 'gd'; true (with aux->error) if
 * one reaches aux->new's group again or a missing group. */
static bool
check_chains(const struct ofp_group_desc *gd, struct chain_aux *aux)
{
    if (++aux->depth > MAX_GROUP_CHAIN) {
        aux->error = OFPERR_OFPGMFC_LOOP;
        return true;
    }
    for (size_t i = 0; i < gd->n_buckets; i++) {
        const struct ofp_bucket *bk = &gd->buckets[i];

        if (for_each_group_ref(bk->ofpacts, bk->ofpacts_len, chain_cb,
                               aux)) {
            return true;
        }
    }
    aux->depth--;
    return false;
}

static bool
chain_cb(uint32_t group_id, void *aux_)
{
    struct chain_aux *aux = aux_;
    const struct group *g;

    if (group_id == aux->new->group_id) {
        aux->error = OFPERR_OFPGMFC_LOOP;
        return true;
    }
    g = ofproto_group_lookup(aux->ofproto, group_id);
    if (!g) {
        aux->error = OFPERR_OFPBAC_BAD_OUT_GROUP;
        return true;
    }
    return check_chains(&g->gd, aux);
}

static enum ofperr
check_bucket_actions(const struct ofpact *ofpacts, size_t len)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (xlate_ofpact_unsupported(a)) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        switch (a->type) {
        case OFPACT_GOTO_TABLE: case OFPACT_WRITE_ACTIONS:
        case OFPACT_CLEAR_ACTIONS: case OFPACT_WRITE_METADATA:
        case OFPACT_METER:
            /* Instructions have no place in a bucket. */
            return OFPERR_OFPBAC_BAD_TYPE;
        case OFPACT_CLONE: {
            size_t n;
            const struct ofpact *nested
                = ofpact_nest_get_actions((const struct ofpact_nest *) a,
                                          &n);
            enum ofperr error = check_bucket_actions(nested, n);
            if (error) {
                return error;
            }
            break;
        }
        default:
            break;
        }
    }
    return 0;
}

/* Checks 'gd', about to become the group of its id. */
static enum ofperr
check_desc(const struct ofproto *ofproto, const struct ofp_group_desc *gd)
{
    struct chain_aux aux = { ofproto, gd, 0, 0 };

    if (gd->type > OFPGT_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    if (gd->type == OFPGT_INDIRECT && gd->n_buckets > 1) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    for (size_t i = 0; i < gd->n_buckets; i++) {
        const struct ofp_bucket *bk = &gd->buckets[i];
        enum ofperr error = check_bucket_actions(bk->ofpacts,
                                                 bk->ofpacts_len);
        if (error) {
            return error;
        }
        for (size_t j = 0; j < i; j++) {
            if (gd->buckets[j].bucket_id == bk->bucket_id) {
                return OFPERR_OFPGMFC_BUCKET_EXISTS;
            }
        }
    }
    if (check_chains(gd, &aux)) {
        return aux.error;
    }
    return 0;
}

/* GROUP_MOD. */

void
ofproto_group_swap_locked(struct ofproto *ofproto, struct group *new,
                          struct group *old)
{
    if (old) {
        hmap_remove(&ofproto->groups->groups, &old->node);
    }
    if (new) {
        hmap_insert(&ofproto->groups->groups, &new->node,
                    group_hash(new->gd.group_id));
    }
}

/* Puts 'new' in the table in place of 'old' (NULL to add). */
static void
group_install(struct ofproto *ofproto, struct group *new, struct group *old)
{
    if (ofproto->txn) {
        /* A bundle commit holds the lock; 'old' must survive an undo. */
        ofproto_group_swap_locked(ofproto, new, old);
        ofproto_txn_log_group(ofproto, new, old);
        return;
    }
    pthread_rwlock_wrlock(&ofproto->rwlock);
    ofproto_group_swap_locked(ofproto, new, old);
    pthread_rwlock_unlock(&ofproto->rwlock);
    group_unref(old);
    ofproto_changed(ofproto);
}

/* Deletes the flows that use group 'group_id' (OpenFlow: a group's
 * deletion removes the flows that forward to it). */
static void
delete_flows_using(struct ofproto *ofproto, uint32_t group_id)
{
    struct ofproto_flow_mod fm;

    memset(&fm, 0, sizeof fm);
    fm.command = OFPFC_DELETE;
    match_init_catchall(&fm.fs.match);
    fm.fs.priority = OFP_DEFAULT_PRIORITY;
    fm.fs.table_id = 0xff;
    fm.fs.out_port = OFPP_NONE;
    fm.fs.out_group = group_id;
    ofproto_flow_mod(ofproto, &fm, NULL);
}

static void
group_delete(struct ofproto *ofproto, struct group *g)
{
    delete_flows_using(ofproto, g->gd.group_id);
    group_install(ofproto, NULL, g);
}

static enum ofperr
group_add_or_modify(struct ofproto *ofproto, const struct ofp_group_mod *gm,
                    struct group *old)
{
    struct ofp_group_desc gd;
    enum ofperr error;

    ofp_group_desc_clone(&gd, &gm->gd);
    if (gd.type != OFPGT_SELECT) {
        /* Only select groups weigh their buckets. */
        for (size_t i = 0; i < gd.n_buckets; i++) {
            gd.buckets[i].weight = 0;
        }
    }
    error = check_desc(ofproto, &gd);
    if (error) {
        ofp_group_desc_uninit(&gd);
        return error;
    }
    struct group *new = group_create(&gd);
    if (old) {
        group_inherit_stats(new, old);
    }
    group_install(ofproto, new, old);
    return 0;
}

/* OpenFlow 1.5 INSERT_BUCKET and REMOVE_BUCKET: the new description. */
static enum ofperr
edit_buckets(const struct ofp_group_mod *gm, const struct group *old,
             struct ofp_group_desc *gd)
{
    const struct ofp_group_desc *ogd = &old->gd;
    uint32_t cid = gm->command_bucket_id;
    size_t pos;

    *gd = *ogd;
    gd->buckets = NULL;
    gd->n_buckets = 0;

    if (gm->command == OFPGC_INSERT_BUCKET) {
        if (cid == OFPG_BUCKET_FIRST) {
            pos = 0;
        } else if (cid == OFPG_BUCKET_LAST || cid == OFPG_BUCKET_ALL) {
            pos = ogd->n_buckets;
        } else {
            const struct ofp_bucket *at = ofp_group_desc_find_bucket(ogd,
                                                                     cid);
            if (!at) {
                return OFPERR_OFPGMFC_UNKNOWN_BUCKET;
            }
            /* The new buckets go just after the one named. */
            pos = at - ogd->buckets + 1;
        }
        for (size_t i = 0; i < gm->gd.n_buckets; i++) {
            if (ofp_group_desc_find_bucket(ogd,
                                           gm->gd.buckets[i].bucket_id)) {
                return OFPERR_OFPGMFC_BUCKET_EXISTS;
            }
        }
        for (size_t i = 0; i < pos; i++) {
            ofp_group_desc_add_bucket(gd, &ogd->buckets[i]);
        }
        for (size_t i = 0; i < gm->gd.n_buckets; i++) {
            ofp_group_desc_add_bucket(gd, &gm->gd.buckets[i]);
        }
        for (size_t i = pos; i < ogd->n_buckets; i++) {
            ofp_group_desc_add_bucket(gd, &ogd->buckets[i]);
        }
        return 0;
    }

    /* REMOVE_BUCKET. */
    if (cid != OFPG_BUCKET_ALL && cid != OFPG_BUCKET_FIRST
        && cid != OFPG_BUCKET_LAST && !ofp_group_desc_find_bucket(ogd, cid)) {
        return OFPERR_OFPGMFC_UNKNOWN_BUCKET;
    }
    for (size_t i = 0; i < ogd->n_buckets; i++) {
        const struct ofp_bucket *bk = &ogd->buckets[i];
        bool remove = (cid == OFPG_BUCKET_ALL
                       || (cid == OFPG_BUCKET_FIRST && i == 0)
                       || (cid == OFPG_BUCKET_LAST
                           && i == ogd->n_buckets - 1)
                       || cid == bk->bucket_id);
        if (!remove) {
            ofp_group_desc_add_bucket(gd, bk);
        }
    }
    return 0;
}

enum ofperr
ofproto_group_mod(struct ofproto *ofproto, const struct ofp_group_mod *gm)
{
    uint32_t id = gm->gd.group_id;
    struct group *old;

    COVERAGE_INC(group_mod);
    if (gm->command == OFPGC_DELETE) {
        if (id == OFPG_ALL) {
            struct group **groups;
            size_t n = ofproto_groups_collect(ofproto, OFPG_ALL, &groups);

            for (size_t i = 0; i < n; i++) {
                if (ofproto_group_lookup(ofproto, groups[i]->gd.group_id)
                    == groups[i]) {
                    group_delete(ofproto, groups[i]);
                }
            }
            ofproto_groups_release(groups, n);
        } else {
            old = ofproto_group_lookup(ofproto, id);
            if (old) {
                group_delete(ofproto, old);
            }
        }
        return 0;
    }

    if (id > OFPG_MAX) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    old = ofproto_group_lookup(ofproto, id);
    switch (gm->command) {
    case OFPGC_ADD:
        if (old) {
            return OFPERR_OFPGMFC_GROUP_EXISTS;
        }
        return group_add_or_modify(ofproto, gm, NULL);

    case OFPGC_MODIFY:
        if (!old) {
            return OFPERR_OFPGMFC_UNKNOWN_GROUP;
        }
        return group_add_or_modify(ofproto, gm, old);

    case OFPGC_ADD_OR_MOD:
        return group_add_or_modify(ofproto, gm, old);

    case OFPGC_INSERT_BUCKET:
    case OFPGC_REMOVE_BUCKET: {
        struct ofp_group_mod edited;
        enum ofperr error;

        if (!old) {
            return OFPERR_OFPGMFC_UNKNOWN_GROUP;
        }
        memset(&edited, 0, sizeof edited);
        edited.command = OFPGC_MODIFY;
        error = edit_buckets(gm, old, &edited.gd);
        if (!error) {
            error = group_add_or_modify(ofproto, &edited, old);
        }
        ofp_group_desc_uninit(&edited.gd);
        return error;
    }

    default:
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }
}

/* Snapshots. */

static int
compare_groups(const void *a_, const void *b_)
{
    const struct group *const *a = a_, *const *b = b_;
    uint32_t x = (*a)->gd.group_id, y = (*b)->gd.group_id;

    return x < y ? -1 : x > y;
}

size_t
ofproto_groups_collect(struct ofproto *ofproto, uint32_t group_id,
                       struct group ***groupsp)
{
    struct hmap *map = &ofproto->groups->groups;
    struct group **groups = xmalloc((hmap_count(map) + 1) * sizeof *groups);
    struct group *g;
    size_t n = 0;

    HMAP_FOR_EACH (g, node, map) {
        if (group_id == OFPG_ALL || g->gd.group_id == group_id) {
            group_ref(g);
            groups[n++] = g;
        }
    }
    qsort(groups, n, sizeof *groups, compare_groups);
    *groupsp = groups;
    return n;
}

void
ofproto_groups_release(struct group **groups, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        group_unref(groups[i]);
    }
    free(groups);
}

uint32_t
ofproto_group_n_flows(struct ofproto *ofproto, uint32_t group_id)
{
    struct ofproto_flow_stats *stats;
    struct ofp_flow_spec fs;
    size_t n;

    memset(&fs, 0, sizeof fs);
    match_init_catchall(&fs.match);
    fs.table_id = 0xff;
    fs.out_port = OFPP_NONE;
    fs.out_group = group_id;
    ofproto_collect_flows(ofproto, &fs, false, &stats, &n);
    ofproto_flow_stats_destroy(stats, n);
    return n;
}

void
ofproto_group_features(struct ofp_group_features *gf, int version)
{
    /* The action types (numbers of 'version') that a bucket may use
     * here: output, the VLAN actions, setting addresses, TOS and ports,
     * dec_ttl, set_queue, group; not enqueue, MPLS or TTL copies. */
    uint32_t actions;

    if (version == OFP10_VERSION) {
        actions = 0x7ff;                    /* OUTPUT ... SET_TP_DST. */
    } else if (version == OFP11_VERSION) {
        actions = (0x6ff                    /* All 0-10 but SET_NW_ECN. */
                   | (1u << 17) | (1u << 18) | (1u << 21) | (1u << 22)
                   | (1u << 24));
    } else {
        /* OUTPUT, PUSH_VLAN, POP_VLAN, SET_QUEUE, GROUP, DEC_NW_TTL,
         * SET_FIELD. */
        actions = ((1u << 0) | (1u << 17) | (1u << 18) | (1u << 21)
                   | (1u << 22) | (1u << 24) | (1u << 25));
    }

    memset(gf, 0, sizeof *gf);
    gf->types = 0xf;
    gf->capabilities = (OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS
                        | OFPGFC_CHAINING | OFPGFC_CHAINING_CHECKS);
    for (int i = 0; i < 4; i++) {
        gf->max_groups[i] = OFPG_MAX;
        gf->actions[i] = actions;
    }
}

/* Multipart requests. */

enum ofperr
ofproto_group_reply(struct ofproto *ofproto, const struct ofp_header *oh,
                    struct ofp_multipart *mp)
{
    struct group **groups;
    enum ofptype type;
    uint32_t group_id;
    enum ofperr error;
    size_t n;

    error = ofptype_decode(&type, oh, ntohs(oh->length));
    if (error) {
        return error;
    }
    if (type == OFPTYPE_GROUP_FEATURES_STATS_REQUEST) {
        struct ofp_group_features gf;
        struct ofpbuf *b;

        ofproto_group_features(&gf, oh->version);
        b = ofp_group_features_reply_encode(&gf, oh);
        ofp_multipart_start(mp, OFPTYPE_GROUP_FEATURES_STATS_REPLY, oh);
        size_t len;
        const void *body = ofpmsg_body(b->data, &len);
        memcpy(ofp_multipart_put(mp, len), body, len);
        ofpbuf_delete(b);
        return 0;
    }
    if (type != OFPTYPE_GROUP_STATS_REQUEST
        && type != OFPTYPE_GROUP_DESC_STATS_REQUEST) {
        return OFPERR_OFPBRC_BAD_STAT;
    }
    error = ofp_group_request_decode(oh, &group_id);
    if (error) {
        return error;
    }

    n = ofproto_groups_collect(ofproto, group_id, &groups);
    if (type == OFPTYPE_GROUP_DESC_STATS_REQUEST) {
        ofp_multipart_start(mp, OFPTYPE_GROUP_DESC_STATS_REPLY, oh);
        for (size_t i = 0; i < n; i++) {
            ofp_group_desc_put(&groups[i]->gd, mp);
        }
    } else {
        long long int now = time_msec();

        ofp_multipart_start(mp, OFPTYPE_GROUP_STATS_REPLY, oh);
        for (size_t i = 0; i < n; i++) {
            struct group *g = groups[i];
            struct ofp_group_stats gs;
            long long int age = now - g->created;

            memset(&gs, 0, sizeof gs);
            gs.group_id = g->gd.group_id;
            gs.ref_count = ofproto_group_n_flows(ofproto, gs.group_id);
            gs.duration_sec = age / 1000;
            gs.duration_nsec = (age % 1000) * 1000000;
            gs.n_buckets = g->gd.n_buckets;
            gs.buckets = xcalloc(gs.n_buckets + 1, sizeof *gs.buckets);
            pthread_mutex_lock(&g->stats_mutex);
            gs.packet_count = g->n_packets;
            gs.byte_count = g->n_bytes;
            memcpy(gs.buckets, g->bucket_stats,
                   gs.n_buckets * sizeof *gs.buckets);
            pthread_mutex_unlock(&g->stats_mutex);
            ofp_group_stats_put(&gs, mp);
            free(gs.buckets);
        }
    }
    ofproto_groups_release(groups, n);
    return 0;
}
