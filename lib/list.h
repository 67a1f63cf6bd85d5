/* list.h -- an intrusive doubly linked list with a sentinel head.
 *
 * An empty list is a head whose prev and next point to itself.  Elements
 * embed a struct ovs_list.  All operations are O(1) except ovs_list_size(). */
#ifndef LIST_H
#define LIST_H 1

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

struct ovs_list {
    struct ovs_list *prev;
    struct ovs_list *next;
};

#define OVS_LIST_INITIALIZER(LIST) { LIST, LIST }

static inline void
ovs_list_init(struct ovs_list *list)
{
    list->next = list->prev = list;
}

/* Marks ELEM as not in any list, so that ovs_list_is_linked() is false.
 * Removing it again is then harmless. */
static inline void
ovs_list_poison(struct ovs_list *elem)
{
    elem->next = elem->prev = elem;
}

/* Inserts ELEM just before BEFORE. */
static inline void
ovs_list_insert(struct ovs_list *before, struct ovs_list *elem)
{
    elem->prev = before->prev;
    elem->next = before;
    before->prev->next = elem;
    before->prev = elem;
}

static inline void
ovs_list_push_front(struct ovs_list *list, struct ovs_list *elem)
{
    ovs_list_insert(list->next, elem);
}

static inline void
ovs_list_push_back(struct ovs_list *list, struct ovs_list *elem)
{
    ovs_list_insert(list, elem);
}

/* Removes ELEM from its list; returns the element that followed it. */
static inline struct ovs_list *
ovs_list_remove(struct ovs_list *elem)
{
    struct ovs_list *next = elem->next;
    elem->prev->next = elem->next;
    elem->next->prev = elem->prev;
    ovs_list_poison(elem);
    return next;
}

static inline bool
ovs_list_is_empty(const struct ovs_list *list)
{
    return list->next == list;
}

/* True if ELEM is in a list (not poisoned, not a lone empty head). */
static inline bool
ovs_list_is_linked(const struct ovs_list *elem)
{
    return elem->next != elem;
}

static inline bool
ovs_list_is_singleton(const struct ovs_list *list)
{
    return !ovs_list_is_empty(list) && list->next == list->prev;
}

static inline struct ovs_list *
ovs_list_front(const struct ovs_list *list)
{
    return list->next;
}

static inline struct ovs_list *
ovs_list_back(const struct ovs_list *list)
{
    return list->prev;
}

static inline struct ovs_list *
ovs_list_pop_front(struct ovs_list *list)
{
    struct ovs_list *front = list->next;
    ovs_list_remove(front);
    return front;
}

static inline struct ovs_list *
ovs_list_pop_back(struct ovs_list *list)
{
    struct ovs_list *back = list->prev;
    ovs_list_remove(back);
    return back;
}

static inline size_t
ovs_list_size(const struct ovs_list *list)
{
    size_t n = 0;
    for (const struct ovs_list *e = list->next; e != list; e = e->next) {
        n++;
    }
    return n;
}

/* Moves all of SRC's elements to the end of DST; SRC becomes empty. */
static inline void
ovs_list_splice_back(struct ovs_list *dst, struct ovs_list *src)
{
    if (!ovs_list_is_empty(src)) {
        src->next->prev = dst->prev;
        dst->prev->next = src->next;
        src->prev->next = dst;
        dst->prev = src->prev;
        ovs_list_init(src);
    }
}

/* Fixes up the neighbours after a list head was moved with memcpy. */
static inline void
ovs_list_moved(struct ovs_list *list, const struct ovs_list *old_location)
{
    if (list->next == old_location) {
        ovs_list_init(list);
    } else {
        list->prev->next = list->next->prev = list;
    }
}

#define LIST_FOR_EACH(ITER, MEMBER, LIST)                               \
    for (ASSIGN_CONTAINER(ITER, (LIST)->next, MEMBER);                  \
         &(ITER)->MEMBER != (LIST);                                     \
         ASSIGN_CONTAINER(ITER, (ITER)->MEMBER.next, MEMBER))

#define LIST_FOR_EACH_REVERSE(ITER, MEMBER, LIST)                       \
    for (ASSIGN_CONTAINER(ITER, (LIST)->prev, MEMBER);                  \
         &(ITER)->MEMBER != (LIST);                                     \
         ASSIGN_CONTAINER(ITER, (ITER)->MEMBER.prev, MEMBER))

/* ITER may be removed from the list inside the loop; NEXT is scratch. */
#define LIST_FOR_EACH_SAFE(ITER, NEXT, MEMBER, LIST)                    \
    for (ASSIGN_CONTAINER(ITER, (LIST)->next, MEMBER);                  \
         (&(ITER)->MEMBER != (LIST)                                     \
          ? (ASSIGN_CONTAINER(NEXT, (ITER)->MEMBER.next, MEMBER), 1)    \
          : 0);                                                         \
         (ITER) = (NEXT))

/* Removes each element from the front in turn and sets ITER to it. */
#define LIST_FOR_EACH_POP(ITER, MEMBER, LIST)                           \
    while (!ovs_list_is_empty(LIST)                                     \
           && (ASSIGN_CONTAINER(ITER, ovs_list_pop_front(LIST), MEMBER), 1))

#endif /* list.h */
