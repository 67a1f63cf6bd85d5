/* dpif-netdev-cls.c -- the megaflow table of the userspace datapath; see
 * dpif-netdev-cls.h. */
#include <config.h>
#include "dpif-netdev-cls.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "util.h"

struct dpcls_subtable {
    struct flow_wildcards mask;
    struct hmap rules;              /* dpcls_rule, by masked hash. */
    atomic_ullong hits;             /* Hits since the last sort. */
};

void
dpcls_init(struct dpcls *cls)
{
    cls->subtables = NULL;
    cls->n_subtables = cls->allocated = 0;
}

void
dpcls_destroy(struct dpcls *cls)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        hmap_destroy(&cls->subtables[i]->rules);
        free(cls->subtables[i]);
    }
    free(cls->subtables);
    dpcls_init(cls);
}

static struct dpcls_subtable *
find_subtable(const struct dpcls *cls, const struct flow_wildcards *mask)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        struct dpcls_subtable *st = cls->subtables[i];
        if (!memcmp(&st->mask, mask, sizeof *mask)) {
            return st;
        }
    }
    return NULL;
}

struct dpcls_rule *
dpcls_find_exact(const struct dpcls *cls, const struct match *m)
{
    struct dpcls_subtable *st = find_subtable(cls, &m->wc);
    if (!st) {
        return NULL;
    }
    struct flow masked = m->flow;
    flow_zero_wildcards(&masked, &m->wc);
    struct dpcls_rule *r;
    HMAP_FOR_EACH_WITH_HASH (r, node, flow_hash(&masked, 0), &st->rules) {
        if (flow_equal(&r->match.flow, &masked)) {
            return r;
        }
    }
    return NULL;
}

void
dpcls_insert(struct dpcls *cls, struct dpcls_rule *rule,
             const struct match *m)
{
    struct dpcls_subtable *st = find_subtable(cls, &m->wc);
    if (!st) {
        st = xzalloc(sizeof *st);
        st->mask = m->wc;
        hmap_init(&st->rules);
        atomic_init(&st->hits, 0);
        if (cls->n_subtables >= cls->allocated) {
            cls->subtables = x2nrealloc(cls->subtables, &cls->allocated,
                                        sizeof *cls->subtables);
        }
        cls->subtables[cls->n_subtables++] = st;
    }
    rule->match = *m;
    flow_zero_wildcards(&rule->match.flow, &rule->match.wc);
    rule->subtable = st;
    hmap_insert(&st->rules, &rule->node, flow_hash(&rule->match.flow, 0));
}

void
dpcls_remove(struct dpcls *cls, struct dpcls_rule *rule)
{
    struct dpcls_subtable *st = rule->subtable;
    hmap_remove(&st->rules, &rule->node);
    rule->subtable = NULL;
    if (hmap_is_empty(&st->rules)) {
        for (size_t i = 0; i < cls->n_subtables; i++) {
            if (cls->subtables[i] == st) {
                memmove(&cls->subtables[i], &cls->subtables[i + 1],
                        (cls->n_subtables - i - 1) * sizeof *cls->subtables);
                cls->n_subtables--;
                break;
            }
        }
        hmap_destroy(&st->rules);
        free(st);
    }
}

struct dpcls_rule *
dpcls_lookup(const struct dpcls *cls, const struct flow *flow,
             uint64_t *n_masks_looked)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        struct dpcls_subtable *st = cls->subtables[i];
        /* flow_hash_masked() of the packet equals flow_hash() of a rule's
         * (already masked) key when they match under this mask. */
        uint32_t hash = flow_hash_masked(flow, &st->mask, 0);
        struct dpcls_rule *r;
        HMAP_FOR_EACH_WITH_HASH (r, node, hash, &st->rules) {
            if (flow_equal_except(flow, &r->match.flow, &st->mask)) {
                *n_masks_looked += i + 1;
                atomic_fetch_add_explicit(&st->hits, 1,
                                          memory_order_relaxed);
                return r;
            }
        }
    }
    *n_masks_looked += cls->n_subtables;
    return NULL;
}

void
dpcls_sort(struct dpcls *cls)
{
    /* Insertion sort: there are few masks and the order changes little
     * from one sort to the next. */
    for (size_t i = 1; i < cls->n_subtables; i++) {
        struct dpcls_subtable *st = cls->subtables[i];
        unsigned long long hits = atomic_load(&st->hits);
        size_t j = i;
        while (j > 0 && atomic_load(&cls->subtables[j - 1]->hits) < hits) {
            cls->subtables[j] = cls->subtables[j - 1];
            j--;
        }
        cls->subtables[j] = st;
    }
    for (size_t i = 0; i < cls->n_subtables; i++) {
        atomic_store(&cls->subtables[i]->hits, 0);
    }
}
