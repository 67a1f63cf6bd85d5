/* hmap.h -- an intrusive hash map.
 *
 * The caller embeds a struct hmap_node in its own structure and computes the
 * hash itself; the map never allocates per element, only its bucket array,
 * which doubles when the map holds more than two elements per bucket on
 * average and halves when it is mostly empty.  Elements with equal hashes
 * are all kept: looking up by key means walking HMAP_FOR_EACH_WITH_HASH and
 * comparing keys.
 *
 * The map is not thread-safe: callers that share one lock it. */
#ifndef HMAP_H
#define HMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

struct hmap_node {
    size_t hash;                /* As given to hmap_insert(). */
    struct hmap_node *next;     /* Next in this bucket. */
};

struct hmap {
    struct hmap_node **buckets; /* 'mask + 1' buckets. */
    struct hmap_node *one;      /* The bucket array while 'mask' is 0. */
    size_t mask;
    size_t n;                   /* Number of elements. */
};

#define HMAP_INITIALIZER(HMAP) \
    { (struct hmap_node **const) &(HMAP)->one, NULL, 0, 0 }

void hmap_init(struct hmap *);
void hmap_destroy(struct hmap *);     /* Frees the buckets, not elements. */
void hmap_clear(struct hmap *);       /* Forgets all elements. */
void hmap_swap(struct hmap *, struct hmap *);
void hmap_moved(struct hmap *);       /* Call after memcpy'ing an hmap. */

static inline size_t hmap_count(const struct hmap *hmap) { return hmap->n; }
static inline bool hmap_is_empty(const struct hmap *hmap)
{
    return hmap->n == 0;
}

void hmap_insert_fast(struct hmap *, struct hmap_node *, size_t hash);
void hmap_expand(struct hmap *);
void hmap_shrink(struct hmap *);
void hmap_reserve(struct hmap *, size_t capacity);

/* Inserts NODE with HASH, growing the map if needed. */
static inline void
hmap_insert(struct hmap *hmap, struct hmap_node *node, size_t hash)
{
    hmap_insert_fast(hmap, node, hash);
    if (hmap->n / 2 > hmap->mask) {
        hmap_expand(hmap);
    }
}

/* Removes NODE, which must be in HMAP.  Does not shrink the map. */
static inline void
hmap_remove(struct hmap *hmap, struct hmap_node *node)
{
    struct hmap_node **bucket = &hmap->buckets[node->hash & hmap->mask];
    while (*bucket != node) {
        bucket = &(*bucket)->next;
    }
    *bucket = node->next;
    hmap->n--;
}

/* Puts NEW_NODE where OLD_NODE was (same hash). */
void hmap_replace(struct hmap *, const struct hmap_node *old_node,
                  struct hmap_node *new_node);

static inline struct hmap_node *
hmap_first_with_hash(const struct hmap *hmap, size_t hash)
{
    struct hmap_node *node = hmap->buckets[hash & hmap->mask];
    while (node && node->hash != hash) {
        node = node->next;
    }
    return node;
}

static inline struct hmap_node *
hmap_next_with_hash(const struct hmap_node *node)
{
    size_t hash = node->hash;
    for (node = node->next; node && node->hash != hash; node = node->next) {
        continue;
    }
    return (struct hmap_node *) node;
}

struct hmap_node *hmap_first(const struct hmap *);
struct hmap_node *hmap_next(const struct hmap *, const struct hmap_node *);

/* Returns some node in the map, for cheap random picks (may be NULL). */
struct hmap_node *hmap_random_node(const struct hmap *);

/* Iterates NODE (a pointer to the containing struct) over the elements with
 * hash HASH.  MEMBER names the struct hmap_node member. */
#define HMAP_FOR_EACH_WITH_HASH(NODE, MEMBER, HASH, HMAP)               \
    for (ASSIGN_CONTAINER_OR_NULL(NODE, hmap_first_with_hash(HMAP, HASH), \
                                  MEMBER);                              \
         (NODE) != NULL;                                                \
         ASSIGN_CONTAINER_OR_NULL(NODE,                                 \
                                  hmap_next_with_hash(&(NODE)->MEMBER), \
                                  MEMBER))

/* Iterates NODE over every element.  NODE must not be removed. */
#define HMAP_FOR_EACH(NODE, MEMBER, HMAP)                               \
    for (ASSIGN_CONTAINER_OR_NULL(NODE, hmap_first(HMAP), MEMBER);      \
         (NODE) != NULL;                                                \
         ASSIGN_CONTAINER_OR_NULL(NODE, hmap_next(HMAP, &(NODE)->MEMBER), \
                                  MEMBER))

/* Like HMAP_FOR_EACH, but NODE may be removed (not other elements); NEXT is
 * a variable of the same type that the macro uses. */
#define HMAP_FOR_EACH_SAFE(NODE, NEXT, MEMBER, HMAP)                    \
    for (ASSIGN_CONTAINER_OR_NULL(NODE, hmap_first(HMAP), MEMBER);      \
         ((NODE) != NULL                                                \
          ? (ASSIGN_CONTAINER_OR_NULL(NEXT,                             \
                                      hmap_next(HMAP, &(NODE)->MEMBER), \
                                      MEMBER), 1)                       \
          : 0);                                                         \
         (NODE) = (NEXT))

/* Removes each element in turn and sets NODE to it. */
/* Removes each node of HMAP in turn.  The loop remembers the bucket it
 * reached (removal never shrinks the map), so emptying a map is O(n), not
 * O(n * buckets) as restarting from the first bucket each time would be.
 * The body may not insert into HMAP. */
#define HMAP_FOR_EACH_POP(NODE, MEMBER, HMAP)                           \
    for (size_t hmap_pop_bucket__ = 0;                                  \
         (ASSIGN_CONTAINER_OR_NULL(NODE, hmap_pop(HMAP, &hmap_pop_bucket__), \
                                   MEMBER), (NODE) != NULL); )

/* Removes and returns a node from HMAP, searching from bucket *BUCKET on
 * and leaving there where it found it, or returns NULL if HMAP is empty. */
struct hmap_node *hmap_pop(struct hmap *, size_t *bucket);

#endif /* hmap.h */
