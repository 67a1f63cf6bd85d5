/* smap.h -- a map from strings to strings, with unique keys.
 *
 * Used for OVSDB string-to-string maps (other_config, external_ids,
 * options, status) and everywhere a small key=value bag is needed. */
#ifndef SMAP_H
#define SMAP_H 1

#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"

struct smap_node {
    struct hmap_node node;
    char *key;
    char *value;
};

struct smap {
    struct hmap map;
};

#define SMAP_INITIALIZER(SMAP) { HMAP_INITIALIZER(&(SMAP)->map) }

/* NODE is a struct smap_node *. */
#define SMAP_FOR_EACH(NODE, SMAP) HMAP_FOR_EACH (NODE, node, &(SMAP)->map)
#define SMAP_FOR_EACH_SAFE(NODE, NEXT, SMAP) \
    HMAP_FOR_EACH_SAFE (NODE, NEXT, node, &(SMAP)->map)

void smap_init(struct smap *);
void smap_destroy(struct smap *);
void smap_clear(struct smap *);
void smap_clone(struct smap *dst, const struct smap *src);
void smap_swap(struct smap *, struct smap *);
void smap_moved(struct smap *);

/* smap_add() assumes KEY is absent (the caller knows); smap_add_once()
 * checks and returns false if present; smap_replace() adds or overwrites. */
struct smap_node *smap_add(struct smap *, const char *key, const char *);
struct smap_node *smap_add_nocopy(struct smap *, char *key, char *value);
bool smap_add_once(struct smap *, const char *key, const char *value);
void smap_add_format(struct smap *, const char *key, const char *, ...)
    OVS_PRINTF_FORMAT(3, 4);
void smap_replace(struct smap *, const char *key, const char *value);
bool smap_remove(struct smap *, const char *key);
void smap_remove_node(struct smap *, struct smap_node *);

const char *smap_get(const struct smap *, const char *key);
const char *smap_get_def(const struct smap *, const char *key,
                         const char *def);
struct smap_node *smap_get_node(const struct smap *, const char *key);
/* "true"/"false" (else DEF); integers with overflow checks (else DEF). */
bool smap_get_bool(const struct smap *, const char *key, bool def);
int smap_get_int(const struct smap *, const char *key, int def);
unsigned long long smap_get_ullong(const struct smap *, const char *key,
                                   unsigned long long def);
bool smap_is_empty(const struct smap *);
size_t smap_count(const struct smap *);
bool smap_equal(const struct smap *, const struct smap *);
/* Nodes sorted by key, in an array the caller frees. */
const struct smap_node **smap_sort(const struct smap *);

#endif /* smap.h */
