/* ofpbuf.h -- a growable byte buffer with headroom.
 *
 * Used to build and parse wire messages: OpenFlow messages, Netlink
 * messages and attribute lists (datapath keys and actions, see nl-attr.h).
 * The buffer owns 'base' (allocated[0..allocated)); the bytes in use are
 * data[0..size), with headroom between base and data so that a header can
 * be pushed in front without moving the payload.
 *
 * 'header' and 'msg' are optional cursors a parser or builder may set
 * (e.g. the start of an OpenFlow header and of its body); the buffer keeps
 * them pointing at the same bytes when it reallocates. */
#ifndef OFPBUF_H
#define OFPBUF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;

struct ofpbuf {
    void *base;                 /* Start of the allocation, or a stub. */
    size_t allocated;           /* Bytes at 'base'. */
    void *data;                 /* First byte in use. */
    size_t size;                /* Bytes in use. */
    void *header;               /* Optional cursor, or NULL. */
    void *msg;                  /* Optional cursor, or NULL. */
    bool is_stub;               /* 'base' is caller memory, not malloc'd. */
};

#define OFPBUF_STUB_INITIALIZER(STUB) { \
        .base = (STUB), .allocated = sizeof (STUB), .data = (STUB), \
        .size = 0, .header = NULL, .msg = NULL, .is_stub = true }

void ofpbuf_init(struct ofpbuf *, size_t allocated);
void ofpbuf_use_stub(struct ofpbuf *, void *stub, size_t stub_size);
void ofpbuf_use_const(struct ofpbuf *, const void *data, size_t size);
void ofpbuf_uninit(struct ofpbuf *);
void ofpbuf_clear(struct ofpbuf *);

struct ofpbuf *ofpbuf_new(size_t allocated);
struct ofpbuf *ofpbuf_new_with_headroom(size_t size, size_t headroom);
struct ofpbuf *ofpbuf_clone(const struct ofpbuf *);
struct ofpbuf *ofpbuf_clone_data(const void *data, size_t size);
void ofpbuf_delete(struct ofpbuf *);

static inline void *
ofpbuf_tail(const struct ofpbuf *b)
{
    return (char *) b->data + b->size;
}

static inline void *
ofpbuf_end(const struct ofpbuf *b)
{
    return (char *) b->base + b->allocated;
}

static inline size_t
ofpbuf_headroom(const struct ofpbuf *b)
{
    return (char *) b->data - (char *) b->base;
}

static inline size_t
ofpbuf_tailroom(const struct ofpbuf *b)
{
    return (char *) ofpbuf_end(b) - (char *) ofpbuf_tail(b);
}

/* Returns a pointer to 'size' bytes at 'offset' within the data, or NULL
 * if they are not all there. */
void *ofpbuf_at(const struct ofpbuf *, size_t offset, size_t size);
/* As ofpbuf_at(), but the bytes must be there (asserts). */
void *ofpbuf_at_assert(const struct ofpbuf *, size_t offset, size_t size);

void ofpbuf_prealloc_tailroom(struct ofpbuf *, size_t);
void ofpbuf_prealloc_headroom(struct ofpbuf *, size_t);
void ofpbuf_reserve(struct ofpbuf *, size_t);   /* Only while empty. */

/* Appending at the tail.  Each returns a pointer to the new bytes. */
void *ofpbuf_put_uninit(struct ofpbuf *, size_t);
void *ofpbuf_put_zeros(struct ofpbuf *, size_t);
void *ofpbuf_put(struct ofpbuf *, const void *, size_t);
/* Appends the bytes written as hex digit pairs in 's' (white space allowed
 * between pairs).  Returns the first character not consumed (the end of
 * 's' if all was hex); stores the number of bytes added in '*n' if 'n' is
 * nonnull. */
const char *ofpbuf_put_hex(struct ofpbuf *, const char *s, size_t *n);
/* Adds zero bytes so that 'size' becomes a multiple of 'alignment'. */
void ofpbuf_pad_to(struct ofpbuf *, size_t alignment);

/* Prepending at the head. */
void *ofpbuf_push_uninit(struct ofpbuf *, size_t);
void *ofpbuf_push_zeros(struct ofpbuf *, size_t);
void *ofpbuf_push(struct ofpbuf *, const void *, size_t);

/* Removing from the head: returns the removed bytes (still valid until
 * the buffer is next changed).  ofpbuf_try_pull() returns NULL if fewer
 * than 'size' bytes remain; ofpbuf_pull() asserts. */
void *ofpbuf_pull(struct ofpbuf *, size_t);
void *ofpbuf_try_pull(struct ofpbuf *, size_t);

/* Takes 'b''s data, leaving 'b' empty; the caller frees the result. */
void *ofpbuf_steal_data(struct ofpbuf *);

/* Appends a hex dump of the data to 's'. */
void ofpbuf_format_hex(const struct ofpbuf *, struct ds *s);

static inline bool
ofpbuf_equal(const struct ofpbuf *a, const struct ofpbuf *b)
{
    return a->size == b->size
           && (a->size == 0 || !__builtin_memcmp(a->data, b->data, a->size));
}

#endif /* ofpbuf.h */
