/* dpif-netdev-cls.h -- the megaflow table of the userspace datapath.
 *
 * A tuple-space search: one hash table ("subtable") per distinct mask,
 * each holding the rules with that mask keyed by their masked flow.  A
 * lookup tries the subtables in order until one hits; dpcls_sort() puts
 * the subtables with the most hits since the last sort first.
 *
 * Not thread-safe by itself: lib/dpif-netdev.c lets lookups run
 * concurrently under its read lock and changes under its write lock.  A
 * lookup only bumps per-subtable hit counters, which are atomic. */
#ifndef DPIF_NETDEV_CLS_H
#define DPIF_NETDEV_CLS_H 1

#include <stddef.h>
#include <stdint.h>
#include "hmap.h"
#include "match.h"

struct dpcls_subtable;

/* A rule; the user embeds it and finds its own struct with
 * CONTAINER_OF. */
struct dpcls_rule {
    struct hmap_node node;          /* In its subtable. */
    struct match match;             /* flow == flow & mask. */
    struct dpcls_subtable *subtable;
};

struct dpcls {
    struct dpcls_subtable **subtables;  /* In lookup order. */
    size_t n_subtables, allocated;
};

void dpcls_init(struct dpcls *);
/* Frees the subtables; the rules must have been removed. */
void dpcls_destroy(struct dpcls *);

/* Returns the rule with exactly 'm''s mask and masked key, or NULL. */
struct dpcls_rule *dpcls_find_exact(const struct dpcls *,
                                    const struct match *m);
/* Inserts 'rule' with match 'm' (masked first); 'rule' must not be in a
 * table and no rule with the same key and mask may be. */
void dpcls_insert(struct dpcls *, struct dpcls_rule *rule,
                  const struct match *m);
void dpcls_remove(struct dpcls *, struct dpcls_rule *rule);

/* Returns a rule that matches 'flow', or NULL.  Adds the number of
 * subtables tried to '*n_masks_looked'. */
struct dpcls_rule *dpcls_lookup(const struct dpcls *,
                                const struct flow *flow,
                                uint64_t *n_masks_looked);

/* Re-orders the subtables by hits since the last call. */
void dpcls_sort(struct dpcls *);

static inline size_t
dpcls_n_masks(const struct dpcls *cls)
{
    return cls->n_subtables;
}

#endif /* dpif-netdev-cls.h */
