/* shash.h -- a hash map from strings to pointers.
 *
 * Each node owns a copy of its name; the data pointer is the caller's.  The
 * map allows duplicate names only through shash_add(); shash_add_once() and
 * shash_replace() keep names unique, which is what most callers want. */
#ifndef SHASH_H
#define SHASH_H 1

#include <stdbool.h>
#include "hmap.h"

struct shash_node {
    struct hmap_node node;
    char *name;
    void *data;
};

struct shash {
    struct hmap map;
};

#define SHASH_INITIALIZER(SHASH) { HMAP_INITIALIZER(&(SHASH)->map) }

/* NODE is a struct shash_node *. */
#define SHASH_FOR_EACH(NODE, SHASH) \
    HMAP_FOR_EACH (NODE, node, &(SHASH)->map)
#define SHASH_FOR_EACH_SAFE(NODE, NEXT, SHASH) \
    HMAP_FOR_EACH_SAFE (NODE, NEXT, node, &(SHASH)->map)

void shash_init(struct shash *);
void shash_destroy(struct shash *);            /* Frees names, not data. */
void shash_destroy_free_data(struct shash *);  /* Also free()s data. */
void shash_clear(struct shash *);
void shash_clear_free_data(struct shash *);
void shash_swap(struct shash *, struct shash *);
void shash_moved(struct shash *);
bool shash_is_empty(const struct shash *);
size_t shash_count(const struct shash *);

struct shash_node *shash_add(struct shash *, const char *, const void *);
struct shash_node *shash_add_nocopy(struct shash *, char *, const void *);
bool shash_add_once(struct shash *, const char *, const void *);
void shash_add_assert(struct shash *, const char *, const void *);
/* Sets NAME's data to DATA, adding NAME if absent; returns the old data or
 * NULL. */
void *shash_replace(struct shash *, const char *, const void *data);
void *shash_replace_nocopy(struct shash *, char *name, const void *data);
void shash_delete(struct shash *, struct shash_node *);
char *shash_steal(struct shash *, struct shash_node *); /* Returns name. */
struct shash_node *shash_find(const struct shash *, const char *);
struct shash_node *shash_find_len(const struct shash *, const char *,
                                  size_t);
void *shash_find_data(const struct shash *, const char *);
void *shash_find_and_delete(struct shash *, const char *);
struct shash_node *shash_first(const struct shash *);
/* Returns the nodes sorted by name, in an array the caller frees. */
const struct shash_node **shash_sort(const struct shash *);
bool shash_equal_keys(const struct shash *, const struct shash *);

#endif /* shash.h */
