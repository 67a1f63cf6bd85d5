/* sset.h -- a set of strings. */
#ifndef SSET_H
#define SSET_H 1

#include <stdbool.h>
#include "hmap.h"

struct sset_node {
    struct hmap_node hmap_node;
    char name[];
};

struct sset {
    struct hmap map;
};

#define SSET_INITIALIZER(SSET) { HMAP_INITIALIZER(&(SSET)->map) }

void sset_init(struct sset *);
void sset_destroy(struct sset *);
void sset_clone(struct sset *dst, const struct sset *src);
void sset_swap(struct sset *, struct sset *);
void sset_moved(struct sset *);
void sset_clear(struct sset *);
bool sset_is_empty(const struct sset *);
size_t sset_count(const struct sset *);

/* Returns the new node, or NULL if NAME was already present. */
struct sset_node *sset_add(struct sset *, const char *name);
struct sset_node *sset_add_and_free(struct sset *, char *name);
void sset_add_assert(struct sset *, const char *name);
void sset_add_array(struct sset *, char **names, size_t n);
bool sset_find_and_delete(struct sset *, const char *name);
void sset_find_and_delete_assert(struct sset *, const char *name);
struct sset_node *sset_find(const struct sset *, const char *name);
bool sset_contains(const struct sset *, const char *name);
bool sset_equals(const struct sset *, const struct sset *);
/* Sorted array of the names, which stay owned by the set; caller frees the
 * array. */
const char **sset_sort(const struct sset *);
/* Removes and returns an arbitrary name; caller frees.  Set nonempty. */
char *sset_pop(struct sset *);

const char *sset_first_name__(const struct sset *);
const char *sset_next_name__(const struct sset *, const char *name);

/* NAME is a const char * variable. */
#define SSET_FOR_EACH(NAME, SSET)                       \
    for ((NAME) = sset_first_name__(SSET); (NAME) != NULL; \
         (NAME) = sset_next_name__(SSET, NAME))
/* NAME may be deleted in the loop; NEXT is another const char *. */
#define SSET_FOR_EACH_SAFE(NAME, NEXT, SSET)                            \
    for ((NAME) = sset_first_name__(SSET);                              \
         ((NAME) != NULL ? ((NEXT) = sset_next_name__(SSET, NAME), 1) : 0); \
         (NAME) = (NEXT))

#endif /* sset.h */
