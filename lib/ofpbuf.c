/* ofpbuf.c -- growable byte buffers with headroom (see ofpbuf.h).
 *
 * Growth doubles the allocation so that appending N bytes one at a time
 * costs O(N).  A stub buffer starts in caller memory (often on the stack)
 * and moves to the heap only when it outgrows it. */
#include "ofpbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "util.h"

void
ofpbuf_init(struct ofpbuf *b, size_t allocated)
{
    void *base = allocated ? xmalloc(allocated) : NULL;

    *b = (struct ofpbuf) { .base = base, .allocated = allocated,
                           .data = base };
}

void
ofpbuf_use_stub(struct ofpbuf *b, void *stub, size_t stub_size)
{
    *b = (struct ofpbuf) { .base = stub, .allocated = stub_size,
                           .data = stub, .is_stub = true };
}

/* The buffer reads 'data' in place; it must not be written or grown
 * (growing would copy it to the heap first, which is safe but pointless). */
void
ofpbuf_use_const(struct ofpbuf *b, const void *data, size_t size)
{
    *b = (struct ofpbuf) { .base = CONST_CAST(void *, data),
                           .allocated = size,
                           .data = CONST_CAST(void *, data), .size = size,
                           .is_stub = true };
}

void
ofpbuf_uninit(struct ofpbuf *b)
{
    if (b && !b->is_stub) {
        free(b->base);
    }
}

void
ofpbuf_clear(struct ofpbuf *b)
{
    b->data = b->base;
    b->size = 0;
    b->header = b->msg = NULL;
}

struct ofpbuf *
ofpbuf_new(size_t allocated)
{
    struct ofpbuf *b = xmalloc(sizeof *b);

    ofpbuf_init(b, allocated);
    return b;
}

struct ofpbuf *
ofpbuf_new_with_headroom(size_t size, size_t headroom)
{
    struct ofpbuf *b = ofpbuf_new(size + headroom);

    ofpbuf_reserve(b, headroom);
    return b;
}

struct ofpbuf *
ofpbuf_clone_data(const void *data, size_t size)
{
    struct ofpbuf *b = ofpbuf_new(size);

    ofpbuf_put(b, data, size);
    return b;
}

struct ofpbuf *
ofpbuf_clone(const struct ofpbuf *src)
{
    struct ofpbuf *b = ofpbuf_clone_data(src->data, src->size);

    if (src->header) {
        b->header = (char *) b->data
                    + ((char *) src->header - (char *) src->data);
    }
    if (src->msg) {
        b->msg = (char *) b->data + ((char *) src->msg - (char *) src->data);
    }
    return b;
}

void
ofpbuf_delete(struct ofpbuf *b)
{
    if (b) {
        ofpbuf_uninit(b);
        free(b);
    }
}

void *
ofpbuf_at(const struct ofpbuf *b, size_t offset, size_t size)
{
    return offset <= b->size && size <= b->size - offset
           ? (char *) b->data + offset : NULL;
}

void *
ofpbuf_at_assert(const struct ofpbuf *b, size_t offset, size_t size)
{
    void *p = ofpbuf_at(b, offset, size);

    ovs_assert(p != NULL);
    return p;
}

/* Moves the data to a new allocation with 'headroom' bytes in front of it
 * and at least 'tailroom' after it, keeping the cursors. */
static void
resize(struct ofpbuf *b, size_t headroom, size_t tailroom)
{
    size_t allocated = headroom + b->size + tailroom;
    char *base = xmalloc(allocated ? allocated : 1);
    char *data = base + headroom;

    if (b->size) {
        memcpy(data, b->data, b->size);
    }
    if (b->header) {
        b->header = data + ((char *) b->header - (char *) b->data);
    }
    if (b->msg) {
        b->msg = data + ((char *) b->msg - (char *) b->data);
    }
    if (!b->is_stub) {
        free(b->base);
    }
    b->base = base;
    b->allocated = allocated;
    b->data = data;
    b->is_stub = false;
}

void
ofpbuf_prealloc_tailroom(struct ofpbuf *b, size_t size)
{
    if (size > ofpbuf_tailroom(b)) {
        size_t want = MAX(size, 64);
        resize(b, ofpbuf_headroom(b), MAX(want, b->allocated));
    }
}

void
ofpbuf_prealloc_headroom(struct ofpbuf *b, size_t size)
{
    if (size > ofpbuf_headroom(b)) {
        resize(b, MAX(size, b->allocated), ofpbuf_tailroom(b));
    }
}

void
ofpbuf_reserve(struct ofpbuf *b, size_t size)
{
    ovs_assert(!b->size);
    ofpbuf_prealloc_tailroom(b, size);
    b->data = (char *) b->data + size;
}

void *
ofpbuf_put_uninit(struct ofpbuf *b, size_t size)
{
    void *p;

    ofpbuf_prealloc_tailroom(b, size);
    p = ofpbuf_tail(b);
    b->size += size;
    return p;
}

void *
ofpbuf_put_zeros(struct ofpbuf *b, size_t size)
{
    void *p = ofpbuf_put_uninit(b, size);

    if (size) {
        memset(p, 0, size);
    }
    return p;
}

void *
ofpbuf_put(struct ofpbuf *b, const void *data, size_t size)
{
    void *p = ofpbuf_put_uninit(b, size);

    if (size) {
        memcpy(p, data, size);
    }
    return p;
}

static int
hexit_value(int c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

const char *
ofpbuf_put_hex(struct ofpbuf *b, const char *s, size_t *n)
{
    size_t initial = b->size;

    for (;;) {
        int hi, lo;

        while (isspace((unsigned char) *s)) {
            s++;
        }
        hi = hexit_value((unsigned char) s[0]);
        lo = hi < 0 ? -1 : hexit_value((unsigned char) s[1]);
        if (lo < 0) {
            break;
        }
        *(uint8_t *) ofpbuf_put_uninit(b, 1) = hi * 16 + lo;
        s += 2;
    }
    if (n) {
        *n = b->size - initial;
    }
    return s;
}

void
ofpbuf_pad_to(struct ofpbuf *b, size_t alignment)
{
    size_t rem = b->size % alignment;

    if (rem) {
        ofpbuf_put_zeros(b, alignment - rem);
    }
}

void *
ofpbuf_push_uninit(struct ofpbuf *b, size_t size)
{
    ofpbuf_prealloc_headroom(b, size);
    b->data = (char *) b->data - size;
    b->size += size;
    return b->data;
}

void *
ofpbuf_push_zeros(struct ofpbuf *b, size_t size)
{
    void *p = ofpbuf_push_uninit(b, size);

    if (size) {
        memset(p, 0, size);
    }
    return p;
}

void *
ofpbuf_push(struct ofpbuf *b, const void *data, size_t size)
{
    void *p = ofpbuf_push_uninit(b, size);

    if (size) {
        memcpy(p, data, size);
    }
    return p;
}

void *
ofpbuf_try_pull(struct ofpbuf *b, size_t size)
{
    void *p;

    if (size > b->size) {
        return NULL;
    }
    p = b->data;
    b->data = (char *) b->data + size;
    b->size -= size;
    return p;
}

void *
ofpbuf_pull(struct ofpbuf *b, size_t size)
{
    void *p = ofpbuf_try_pull(b, size);

    ovs_assert(p != NULL);
    return p;
}

void *
ofpbuf_steal_data(struct ofpbuf *b)
{
    void *p;

    if (!b->is_stub && b->data == b->base) {
        p = b->data;
    } else {
        p = xmalloc(b->size ? b->size : 1);
        if (b->size) {
            memcpy(p, b->data, b->size);
        }
        if (!b->is_stub) {
            free(b->base);
        }
    }
    *b = (struct ofpbuf) { .base = NULL };
    return p;
}

void
ofpbuf_format_hex(const struct ofpbuf *b, struct ds *s)
{
    ds_put_hex_dump(s, b->data, b->size, 0, false);
}
