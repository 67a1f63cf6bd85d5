/* smap.c -- a map from strings to strings with unique keys (see smap.h).
 *
 * Nodes own copies of both key and value and hash the key with
 * hash_string(key, 0).  smap_add() trusts the caller that the key is new
 * (the common case when building a map from scratch) and so skips the
 * lookup; everything else keeps keys unique.
 *
 * The typed getters are for configuration read from the database, which is
 * untrusted text: anything that does not parse completely and in range
 * yields the caller's default rather than a surprising partial value. */

#include <config.h>
#include "smap.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"

static struct smap_node *
find(const struct smap *smap, const char *key, size_t hash)
{
    struct smap_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, node, hash, &smap->map) {
        if (!strcmp(node->key, key)) {
            return node;
        }
    }
    return NULL;
}

static struct smap_node *
add(struct smap *smap, char *key, char *value, size_t hash)
{
    struct smap_node *node = xmalloc(sizeof *node);
    node->key = key;
    node->value = value;
    hmap_insert(&smap->map, &node->node, hash);
    return node;
}

void
smap_init(struct smap *smap)
{
    hmap_init(&smap->map);
}

void
smap_destroy(struct smap *smap)
{
    if (smap) {
        smap_clear(smap);
        hmap_destroy(&smap->map);
    }
}

void
smap_clear(struct smap *smap)
{
    struct smap_node *node;

    HMAP_FOR_EACH_POP (node, node, &smap->map) {
        free(node->key);
        free(node->value);
        free(node);
    }
}

void
smap_clone(struct smap *dst, const struct smap *src)
{
    const struct smap_node *node;

    smap_init(dst);
    hmap_reserve(&dst->map, smap_count(src));
    SMAP_FOR_EACH (node, src) {
        add(dst, xstrdup(node->key), xstrdup(node->value), node->node.hash);
    }
}

void
smap_swap(struct smap *a, struct smap *b)
{
    hmap_swap(&a->map, &b->map);
}

void
smap_moved(struct smap *smap)
{
    hmap_moved(&smap->map);
}

struct smap_node *
smap_add_nocopy(struct smap *smap, char *key, char *value)
{
    return add(smap, key, value, hash_string(key, 0));
}

struct smap_node *
smap_add(struct smap *smap, const char *key, const char *value)
{
    return smap_add_nocopy(smap, xstrdup(key), xstrdup(value));
}

bool
smap_add_once(struct smap *smap, const char *key, const char *value)
{
    size_t hash = hash_string(key, 0);

    if (find(smap, key, hash)) {
        return false;
    }
    add(smap, xstrdup(key), xstrdup(value), hash);
    return true;
}

void
smap_add_format(struct smap *smap, const char *key, const char *format, ...)
{
    va_list args;
    char *value;

    va_start(args, format);
    value = xvasprintf(format, args);
    va_end(args);
    smap_add_nocopy(smap, xstrdup(key), value);
}

void
smap_replace(struct smap *smap, const char *key, const char *value)
{
    size_t hash = hash_string(key, 0);
    struct smap_node *node = find(smap, key, hash);

    if (node) {
        /* Copy first: VALUE might point into the old value. */
        char *new_value = xstrdup(value);
        free(node->value);
        node->value = new_value;
    } else {
        add(smap, xstrdup(key), xstrdup(value), hash);
    }
}

bool
smap_remove(struct smap *smap, const char *key)
{
    struct smap_node *node = smap_get_node(smap, key);
    if (node) {
        smap_remove_node(smap, node);
    }
    return node != NULL;
}

void
smap_remove_node(struct smap *smap, struct smap_node *node)
{
    hmap_remove(&smap->map, &node->node);
    free(node->key);
    free(node->value);
    free(node);
}

struct smap_node *
smap_get_node(const struct smap *smap, const char *key)
{
    return find(smap, key, hash_string(key, 0));
}

const char *
smap_get(const struct smap *smap, const char *key)
{
    return smap_get_def(smap, key, NULL);
}

const char *
smap_get_def(const struct smap *smap, const char *key, const char *def)
{
    struct smap_node *node = smap_get_node(smap, key);
    return node ? node->value : def;
}

bool
smap_get_bool(const struct smap *smap, const char *key, bool def)
{
    const char *value = smap_get(smap, key);

    if (value && !strcasecmp(value, "true")) {
        return true;
    } else if (value && !strcasecmp(value, "false")) {
        return false;
    }
    return def;
}

int
smap_get_int(const struct smap *smap, const char *key, int def)
{
    const char *value = smap_get(smap, key);
    int x;

    return value && str_to_int(value, 10, &x) ? x : def;
}

unsigned long long
smap_get_ullong(const struct smap *smap, const char *key,
                unsigned long long def)
{
    const char *value = smap_get(smap, key);
    unsigned long long x;

    return value && str_to_ullong(value, 10, &x) ? x : def;
}

bool
smap_is_empty(const struct smap *smap)
{
    return hmap_is_empty(&smap->map);
}

size_t
smap_count(const struct smap *smap)
{
    return hmap_count(&smap->map);
}

bool
smap_equal(const struct smap *a, const struct smap *b)
{
    const struct smap_node *node;

    if (smap_count(a) != smap_count(b)) {
        return false;
    }
    SMAP_FOR_EACH (node, a) {
        const struct smap_node *other = find(b, node->key, node->node.hash);
        if (!other || strcmp(node->value, other->value)) {
            return false;
        }
    }
    return true;
}

static int
compare_nodes_by_key(const void *a_, const void *b_)
{
    const struct smap_node *const *a = a_;
    const struct smap_node *const *b = b_;
    return strcmp((*a)->key, (*b)->key);
}

const struct smap_node **
smap_sort(const struct smap *smap)
{
    size_t n = smap_count(smap);
    const struct smap_node **nodes = xmalloc(n * sizeof *nodes);
    const struct smap_node *node;
    size_t i = 0;

    SMAP_FOR_EACH (node, smap) {
        nodes[i++] = node;
    }
    ovs_assert(i == n);
    qsort(nodes, n, sizeof *nodes, compare_nodes_by_key);
    return nodes;
}
