/* hmap.c -- the out-of-line parts of the intrusive hash map (see hmap.h).
 *
 * Representation: 'mask + 1' buckets, a power of two, each a singly linked
 * chain of nodes; a node lives in bucket 'hash & mask'.  An empty map needs
 * no allocation: with mask 0 the bucket array is the map's own 'one'
 * member, which is why a map that is copied with memcpy() must be fixed up
 * with hmap_moved().
 *
 * Sizing: hmap_insert() calls hmap_expand() once the map holds more than
 * two nodes per bucket; hmap_shrink() (never called implicitly, since a
 * caller removing many nodes usually wants to decide when to pay for it)
 * rehashes into fewer buckets once the map is under a quarter full.  Both
 * pick the bucket count from the node count, so growth is geometric. */

#include <config.h>
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

void
hmap_init(struct hmap *hmap)
{
    hmap->buckets = &hmap->one;
    hmap->one = NULL;
    hmap->mask = 0;
    hmap->n = 0;
}

void
hmap_destroy(struct hmap *hmap)
{
    if (hmap && hmap->buckets != &hmap->one) {
        free(hmap->buckets);
        hmap->buckets = NULL;
    }
}

void
hmap_clear(struct hmap *hmap)
{
    if (hmap->n > 0) {
        hmap->n = 0;
        memset(hmap->buckets, 0, (hmap->mask + 1) * sizeof *hmap->buckets);
    }
}

void
hmap_swap(struct hmap *a, struct hmap *b)
{
    struct hmap tmp = *a;
    *a = *b;
    *b = tmp;
    hmap_moved(a);
    hmap_moved(b);
}

void
hmap_moved(struct hmap *hmap)
{
    if (!hmap->mask) {
        hmap->buckets = &hmap->one;
    }
}

void
hmap_insert_fast(struct hmap *hmap, struct hmap_node *node, size_t hash)
{
    struct hmap_node **bucket = &hmap->buckets[hash & hmap->mask];
    node->hash = hash;
    node->next = *bucket;
    *bucket = node;
    hmap->n++;
}

/* Moves every node into a new bucket array of NEW_MASK + 1 buckets. */
static void
resize(struct hmap *hmap, size_t new_mask)
{
    struct hmap tmp;

    tmp.mask = new_mask;
    tmp.n = 0;
    if (new_mask) {
        tmp.buckets = xcalloc(new_mask + 1, sizeof *tmp.buckets);
    } else {
        tmp.buckets = &tmp.one;
        tmp.one = NULL;
    }

    for (size_t i = 0; i <= hmap->mask; i++) {
        struct hmap_node *node, *next;
        for (node = hmap->buckets[i]; node; node = next) {
            next = node->next;
            hmap_insert_fast(&tmp, node, node->hash);
        }
    }

    hmap_swap(hmap, &tmp);
    hmap_destroy(&tmp);
}

/* The mask for a map of CAPACITY nodes: the smallest power of two of
 * buckets that keeps the load at or under two nodes per bucket. */
static size_t
calc_mask(size_t capacity)
{
    size_t mask = capacity / 2;

    /* Round up to one less than a power of two. */
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
#if SIZE_MAX > UINT32_MAX
    mask |= mask >> 32;
#endif

    /* Below 8 buckets, rehashing costs more than the longer chains. */
    return mask > 0 && mask < 7 ? 7 : mask;
}

void
hmap_expand(struct hmap *hmap)
{
    size_t new_mask = calc_mask(hmap->n);
    if (new_mask > hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_shrink(struct hmap *hmap)
{
    size_t new_mask = calc_mask(hmap->n);
    if (new_mask < hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_reserve(struct hmap *hmap, size_t capacity)
{
    size_t new_mask = calc_mask(capacity);
    if (new_mask > hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_replace(struct hmap *hmap, const struct hmap_node *old_node,
             struct hmap_node *new_node)
{
    struct hmap_node **bucket = &hmap->buckets[old_node->hash & hmap->mask];
    while (*bucket != old_node) {
        bucket = &(*bucket)->next;
    }
    *bucket = new_node;
    new_node->hash = old_node->hash;
    new_node->next = old_node->next;
}

/* Returns the first node in bucket START or a later one, or NULL. */
static struct hmap_node *
first_from_bucket(const struct hmap *hmap, size_t start)
{
    for (size_t i = start; i <= hmap->mask; i++) {
        if (hmap->buckets[i]) {
            return hmap->buckets[i];
        }
    }
    return NULL;
}

struct hmap_node *
hmap_first(const struct hmap *hmap)
{
    return first_from_bucket(hmap, 0);
}

struct hmap_node *
hmap_pop(struct hmap *hmap, size_t *bucket)
{
    for (; *bucket <= hmap->mask; (*bucket)++) {
        struct hmap_node *node = hmap->buckets[*bucket];
        if (node) {
            hmap_remove(hmap, node);
            return node;
        }
    }
    return NULL;
}

struct hmap_node *
hmap_next(const struct hmap *hmap, const struct hmap_node *node)
{
    return (node->next
            ? node->next
            : first_from_bucket(hmap, (node->hash & hmap->mask) + 1));
}

struct hmap_node *
hmap_random_node(const struct hmap *hmap)
{
    struct hmap_node *node;
    size_t n;

    if (hmap_is_empty(hmap)) {
        return NULL;
    }

    /* Pick a nonempty bucket at random, then a node within it.  Not
     * uniform across nodes when chains differ in length, which is fine for
     * the callers (eviction, sampling). */
    do {
        node = hmap->buckets[random() & hmap->mask];
    } while (!node);

    n = 0;
    for (struct hmap_node *e = node; e; e = e->next) {
        n++;
    }
    for (size_t i = random() % n; i > 0; i--) {
        node = node->next;
    }
    return node;
}
