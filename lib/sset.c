/* sset.c -- a set of strings (see sset.h).
 *
 * Each name is stored inline at the end of its node (one allocation per
 * member) and hashed with hash_string(name, 0).  The iteration helpers
 * take a name and find its node again with CONTAINER_OF, which is why the
 * name must be the one stored in the set, not a copy. */

#include <config.h>
#include "sset.h"

#include <stdlib.h>
#include <string.h>
#include "hash.h"

static struct sset_node *
node_from_name(const char *name)
{
    return CONTAINER_OF(name, struct sset_node, name);
}

static struct sset_node *
find(const struct sset *set, const char *name, size_t hash)
{
    struct sset_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, hmap_node, hash, &set->map) {
        if (!strcmp(node->name, name)) {
            return node;
        }
    }
    return NULL;
}

static struct sset_node *
add(struct sset *set, const char *name, size_t length, size_t hash)
{
    struct sset_node *node = xmalloc(sizeof *node + length + 1);
    memcpy(node->name, name, length + 1);
    hmap_insert(&set->map, &node->hmap_node, hash);
    return node;
}

void
sset_init(struct sset *set)
{
    hmap_init(&set->map);
}

void
sset_destroy(struct sset *set)
{
    if (set) {
        sset_clear(set);
        hmap_destroy(&set->map);
    }
}

void
sset_clone(struct sset *dst, const struct sset *src)
{
    const struct sset_node *node;

    sset_init(dst);
    hmap_reserve(&dst->map, sset_count(src));
    HMAP_FOR_EACH (node, hmap_node, &src->map) {
        add(dst, node->name, strlen(node->name), node->hmap_node.hash);
    }
}

void
sset_swap(struct sset *a, struct sset *b)
{
    hmap_swap(&a->map, &b->map);
}

void
sset_moved(struct sset *set)
{
    hmap_moved(&set->map);
}

void
sset_clear(struct sset *set)
{
    struct sset_node *node;

    HMAP_FOR_EACH_POP (node, hmap_node, &set->map) {
        free(node);
    }
}

bool
sset_is_empty(const struct sset *set)
{
    return hmap_is_empty(&set->map);
}

size_t
sset_count(const struct sset *set)
{
    return hmap_count(&set->map);
}

struct sset_node *
sset_add(struct sset *set, const char *name)
{
    size_t length = strlen(name);
    size_t hash = hash_bytes(name, length, 0);

    return find(set, name, hash) ? NULL : add(set, name, length, hash);
}

struct sset_node *
sset_add_and_free(struct sset *set, char *name)
{
    struct sset_node *node = sset_add(set, name);
    free(name);
    return node;
}

void
sset_add_assert(struct sset *set, const char *name)
{
    bool added = sset_add(set, name) != NULL;
    ovs_assert(added);
}

void
sset_add_array(struct sset *set, char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sset_add(set, names[i]);
    }
}

bool
sset_find_and_delete(struct sset *set, const char *name)
{
    struct sset_node *node = sset_find(set, name);
    if (node) {
        hmap_remove(&set->map, &node->hmap_node);
        free(node);
    }
    return node != NULL;
}

void
sset_find_and_delete_assert(struct sset *set, const char *name)
{
    bool deleted = sset_find_and_delete(set, name);
    ovs_assert(deleted);
}

struct sset_node *
sset_find(const struct sset *set, const char *name)
{
    return find(set, name, hash_string(name, 0));
}

bool
sset_contains(const struct sset *set, const char *name)
{
    return sset_find(set, name) != NULL;
}

bool
sset_equals(const struct sset *a, const struct sset *b)
{
    const struct sset_node *node;

    if (sset_count(a) != sset_count(b)) {
        return false;
    }
    HMAP_FOR_EACH (node, hmap_node, &a->map) {
        if (!find(b, node->name, node->hmap_node.hash)) {
            return false;
        }
    }
    return true;
}

static int
compare_names(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

const char **
sset_sort(const struct sset *set)
{
    size_t n = sset_count(set);
    const char **names = xmalloc(n * sizeof *names);
    const struct sset_node *node;
    size_t i = 0;

    HMAP_FOR_EACH (node, hmap_node, &set->map) {
        names[i++] = node->name;
    }
    ovs_assert(i == n);
    qsort(names, n, sizeof *names, compare_names);
    return names;
}

char *
sset_pop(struct sset *set)
{
    struct hmap_node *hmap_node = hmap_first(&set->map);
    struct sset_node *node;
    char *name;

    ovs_assert(hmap_node);
    node = CONTAINER_OF(hmap_node, struct sset_node, hmap_node);
    hmap_remove(&set->map, hmap_node);
    name = xstrdup(node->name);
    free(node);
    return name;
}

const char *
sset_first_name__(const struct sset *set)
{
    struct hmap_node *hmap_node = hmap_first(&set->map);
    return (hmap_node
            ? CONTAINER_OF(hmap_node, struct sset_node, hmap_node)->name
            : NULL);
}

const char *
sset_next_name__(const struct sset *set, const char *name)
{
    struct sset_node *node = node_from_name(name);
    struct hmap_node *next = hmap_next(&set->map, &node->hmap_node);
    return (next
            ? CONTAINER_OF(next, struct sset_node, hmap_node)->name
            : NULL);
}
