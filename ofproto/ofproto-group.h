/* ofproto-group.h -- a switch's OpenFlow group table.
 *
 * Each switch (struct ofproto) has one group table: the groups that
 * GROUP_MOD creates, keyed by group id.  A group's description (type,
 * buckets, selection method) never changes once it is in the table: a
 * modify or a bucket insert/remove builds a new struct group and swaps it
 * in under the ofproto's write lock, so translation (ofproto/xlate.c),
 * which holds the read lock, always sees whole groups.  Megaflows keep a
 * reference to the groups they went through (for statistics), which
 * keeps a replaced group's memory alive until they let go.
 *
 * Rules for the table's contents, enforced by ofproto_group_mod():
 *   - a bucket may only chain to (group action) an existing group, and no
 *     chain of group actions may lead back to where it started;
 *   - deleting a group deletes the flows whose actions use it;
 *   - flows may only use existing groups (ofproto_group_check_ofpacts(),
 *     called by flow_mod). */
#ifndef OFPROTO_GROUP_H
#define OFPROTO_GROUP_H 1

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"
#include "ofp-group.h"

struct ofproto;
struct ofpact;

struct group {
    struct hmap_node node;      /* In the table, by group id. */
    atomic_int ref_cnt;
    struct ofp_group_desc gd;   /* Immutable while in the table. */
    long long int created;      /* time_msec(). */

    /* Statistics, credited as the datapath flows' statistics arrive. */
    pthread_mutex_t stats_mutex;
    uint64_t n_packets, n_bytes;
    struct ofp_bucket_counter *bucket_stats;    /* One per bucket. */
};

void group_ref(struct group *);
void group_unref(struct group *);
/* Credits packets to bucket 'bucket' (an index into gd.buckets;
 * SIZE_MAX for none, e.g. a group with no live bucket) and, if
 * 'count_group', to the group itself. */
void group_credit_stats(struct group *, size_t bucket, bool count_group,
                        uint64_t n_packets, uint64_t n_bytes);

/* Lifetime of a switch's table (called by ofproto.c). */
void ofproto_groups_init(struct ofproto *);
void ofproto_groups_destroy(struct ofproto *);

/* The group with 'group_id', or NULL.  The caller holds the ofproto's
 * rwlock (either way) or is the main thread. */
struct group *ofproto_group_lookup(const struct ofproto *,
                                   uint32_t group_id);

/* Puts 'new' in the table in place of 'old' (either may be NULL), taking
 * over the table's reference to 'old', which the caller now owns.  The
 * caller holds the write lock (undo of a transaction, ofproto.c). */
void ofproto_group_swap_locked(struct ofproto *, struct group *new,
                               struct group *old);

/* Carries out GROUP_MOD 'gm'.  Returns 0 or an OFPGMFC_* / OFPBAC_*
 * error.  Inside a transaction (ofproto.h) the change is logged for undo
 * and the lock is already held.  Main thread. */
enum ofperr ofproto_group_mod(struct ofproto *, const struct ofp_group_mod *);

/* True if the actions (including nested lists) use a group that does not
 * exist; stores its id in '*missing'.  Main thread. */
bool ofproto_group_check_ofpacts(const struct ofproto *,
                                 const struct ofpact *, size_t len,
                                 uint32_t *missing);
/* True if the actions (including nested lists) use group 'group_id'. */
bool ofproto_ofpacts_use_group(const struct ofpact *, size_t len,
                               uint32_t group_id);

/* Snapshot for the stats and desc replies: references to the group
 * 'group_id' (or every group for OFPG_ALL), in increasing id order.
 * Release with ofproto_groups_release().  Main thread. */
size_t ofproto_groups_collect(struct ofproto *, uint32_t group_id,
                              struct group ***groupsp);
void ofproto_groups_release(struct group **, size_t n);
/* Number of flows that use group 'group_id' (the ref_count of group
 * stats).  Main thread. */
uint32_t ofproto_group_n_flows(struct ofproto *, uint32_t group_id);

/* Answers 'request', a GROUP_STATS, GROUP_DESC or GROUP_FEATURES
 * request: on success 'mp' holds the reply (started here; the caller
 * sends and destroys it).  Main thread. */
enum ofperr ofproto_group_reply(struct ofproto *,
                                const struct ofp_header *request,
                                struct ofp_multipart *mp);

/* What this switch supports, for GROUP_FEATURES. */
void ofproto_group_features(struct ofp_group_features *, int version);

#endif /* ofproto-group.h */
