/* dp-packet.c -- packet buffers for the userspace datapath.
 *
 * Implements the contract in dp-packet.h.  The buffer is one block at
 * 'base' of 'allocated' bytes; the packet data start 'data_ofs' bytes into
 * it.  Growing reallocates into a fresh malloc()'d block, keeping the
 * headroom/data/tailroom split, so a stub packet (caller memory) turns into
 * a malloc()'d one the first time it needs more room than the stub has.
 *
 * Header offsets (l2_5_ofs, l3_ofs, l4_ofs, csum_start) are relative to
 * the start of data, so pushing or pulling bytes at the front shifts them;
 * an offset that would point in front of the data, or no longer fit in 16
 * bits, becomes UINT16_MAX ("absent").
 *
 * dp_packet_gso_segment() does in software what a NIC does with a TSO
 * superframe; see dp-packet.h for the rules it follows.
 *
 * Big receive buffers (dp_packet_new_big()) are recycled through a small
 * per-thread cache instead of malloc() and free().  A forwarding thread
 * receives a superframe into one and frees it a moment later, after
 * sending; in between it allocates and frees small packets (ACKs), and
 * glibc then consolidates its small free chunks on every large request:
 * malloc() and free() were a quarter of a forwarding thread's time in a
 * TCP profile.  The cache is per thread, so it needs no lock; a buffer
 * freed on another thread (an upcall's) goes to that thread's cache, and
 * each thread's cache is freed when the thread exits. */

#include <config.h>
#include "dp-packet.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* Big buffers each thread keeps at most: a batch's worth. */
#define BIG_CACHE_MAX NETDEV_MAX_BURST
#define BIG_ALLOCATED (DP_PACKET_BIG_ROOM + DP_PACKET_HEADROOM)

struct big_cache {
    size_t n;
    struct dp_packet *packets[BIG_CACHE_MAX];
};

static pthread_key_t big_cache_key;
static pthread_once_t big_cache_once = PTHREAD_ONCE_INIT;
static __thread struct big_cache *big_cache;

/* Runs in the exiting thread itself, so it can forget the cache: a later
 * destructor that deletes a big packet gets a fresh one (and pthreads
 * calls this again for it). */
static void
big_cache_destroy(void *cache_)
{
    struct big_cache *cache = cache_;
    big_cache = NULL;
    for (size_t i = 0; i < cache->n; i++) {
        free(cache->packets[i]->base);
        free(cache->packets[i]);
    }
    free(cache);
}

static void
big_cache_init(void)
{
    pthread_key_create(&big_cache_key, big_cache_destroy);
}

/* This thread's cache, created on first use; the key's destructor frees
 * it when the thread exits. */
static struct big_cache *
big_cache_get(void)
{
    if (!big_cache) {
        pthread_once(&big_cache_once, big_cache_init);
        big_cache = xzalloc(sizeof *big_cache);
        pthread_setspecific(big_cache_key, big_cache);
    }
    return big_cache;
}

static void
dp_packet_init__(struct dp_packet *p, void *base, size_t allocated,
                 enum dp_packet_source source)
{
    ovs_assert(allocated <= UINT32_MAX);
    p->base = base;
    p->allocated = allocated;
    p->data_ofs = 0;
    p->size = 0;
    p->source = source;
    p->l2_5_ofs = p->l3_ofs = p->l4_ofs = UINT16_MAX;
    p->offloads = 0;
    p->csum_start = p->csum_offset = 0;
    p->gso_type = DP_PACKET_GSO_NONE;
    p->gso_size = 0;
    p->rss_hash = 0;
    p->rss_hash_valid = false;
    memset(&p->md, 0, sizeof p->md);
}

struct dp_packet *
dp_packet_new_with_headroom(size_t size, size_t headroom)
{
    struct dp_packet *p = xmalloc(sizeof *p);
    size_t allocated = size + headroom;

    dp_packet_init__(p, xmalloc(allocated ? allocated : 1), allocated,
                     DPBUF_MALLOC);
    p->data_ofs = headroom;
    return p;
}

struct dp_packet *
dp_packet_new_big(void)
{
    struct big_cache *cache = big_cache_get();
    if (cache->n) {
        struct dp_packet *p = cache->packets[--cache->n];
        dp_packet_init__(p, p->base, BIG_ALLOCATED, DPBUF_MALLOC);
        p->data_ofs = DP_PACKET_HEADROOM;
        return p;
    }
    return dp_packet_new_with_headroom(DP_PACKET_BIG_ROOM,
                                       DP_PACKET_HEADROOM);
}

struct dp_packet *
dp_packet_clone_data_with_headroom(const void *data, size_t size,
                                   size_t headroom)
{
    struct dp_packet *p = dp_packet_new_with_headroom(size, headroom);
    if (size) {
        memcpy(dp_packet_data(p), data, size);
    }
    p->size = size;
    return p;
}

struct dp_packet *
dp_packet_clone(const struct dp_packet *src)
{
    struct dp_packet *p = dp_packet_clone_data_with_headroom(
        dp_packet_data(src), src->size, dp_packet_headroom(src));

    p->l2_5_ofs = src->l2_5_ofs;
    p->l3_ofs = src->l3_ofs;
    p->l4_ofs = src->l4_ofs;
    p->offloads = src->offloads;
    p->csum_start = src->csum_start;
    p->csum_offset = src->csum_offset;
    p->gso_type = src->gso_type;
    p->gso_size = src->gso_size;
    p->rss_hash = src->rss_hash;
    p->rss_hash_valid = src->rss_hash_valid;
    p->md = src->md;
    return p;
}

void
dp_packet_use_stub(struct dp_packet *p, void *base, size_t allocated,
                   size_t headroom)
{
    ovs_assert(headroom <= allocated);
    dp_packet_init__(p, base, allocated, DPBUF_STUB);
    p->data_ofs = headroom;
}

void
dp_packet_delete(struct dp_packet *p)
{
    if (p) {
        if (p->source == DPBUF_MALLOC) {
            if (p->allocated == BIG_ALLOCATED) {
                struct big_cache *cache = big_cache_get();
                if (cache->n < BIG_CACHE_MAX) {
                    cache->packets[cache->n++] = p;
                    return;
                }
            }
            free(p->base);
            free(p);
        }
        /* A stub packet's struct and memory both belong to the caller. */
    }
}

void
dp_packet_delete_batch(struct dp_packet_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        dp_packet_delete(b->packets[i]);
    }
    b->count = 0;
}

void
dp_packet_reset_offsets(struct dp_packet *p)
{
    uint32_t in_port = p->md.in_port;

    p->l2_5_ofs = p->l3_ofs = p->l4_ofs = UINT16_MAX;
    p->offloads = 0;
    p->csum_start = p->csum_offset = 0;
    p->gso_type = DP_PACKET_GSO_NONE;
    p->gso_size = 0;
    p->rss_hash = 0;
    p->rss_hash_valid = false;
    memset(&p->md, 0, sizeof p->md);
    p->md.in_port = in_port;
}

/* Moves the data into a new malloc()'d block with exactly 'headroom' bytes
 * in front and at least 'tailroom' behind. */
static void
dp_packet_resize(struct dp_packet *p, size_t headroom, size_t tailroom)
{
    size_t allocated = headroom + p->size + tailroom;
    char *base;

    ovs_assert(allocated <= UINT32_MAX);
    base = xmalloc(allocated ? allocated : 1);
    if (p->size) {
        memcpy(base + headroom, dp_packet_data(p), p->size);
    }
    if (p->source == DPBUF_MALLOC) {
        free(p->base);
    }
    p->base = base;
    p->allocated = allocated;
    p->data_ofs = headroom;
    p->source = DPBUF_MALLOC;
}

void
dp_packet_prealloc(struct dp_packet *p, size_t headroom, size_t tailroom)
{
    size_t cur_head = dp_packet_headroom(p);
    size_t cur_tail = dp_packet_tailroom(p);

    if (cur_head < headroom || cur_tail < tailroom) {
        /* Grow generously so that a series of small puts or pushes does
         * not reallocate each time. */
        size_t new_head = MAX(headroom, cur_head);
        size_t new_tail = MAX(tailroom, cur_tail);
        if (cur_tail < tailroom) {
            new_tail = MAX(new_tail, (p->size + tailroom) / 2 + 64);
        }
        if (cur_head < headroom) {
            new_head = MAX(new_head, headroom + 64);
        }
        dp_packet_resize(p, new_head, new_tail);
    }
}

void *
dp_packet_put(struct dp_packet *p, const void *data, size_t size)
{
    void *dst;

    dp_packet_prealloc(p, 0, size);
    dst = (char *) dp_packet_data(p) + p->size;
    if (data && size) {
        memcpy(dst, data, size);
    }
    p->size += size;
    return dst;
}

void *
dp_packet_put_zeros(struct dp_packet *p, size_t size)
{
    void *dst = dp_packet_put(p, NULL, size);
    memset(dst, 0, size);
    return dst;
}

/* Adds 'delta' to an offset, making it absent if the result does not fit
 * in [0, UINT16_MAX). */
static uint16_t
shift_ofs(uint16_t ofs, long delta)
{
    if (ofs == UINT16_MAX) {
        return ofs;
    }
    long v = (long) ofs + delta;
    return v < 0 || v >= UINT16_MAX ? UINT16_MAX : v;
}

static void
dp_packet_shift_offsets(struct dp_packet *p, long delta)
{
    p->l2_5_ofs = shift_ofs(p->l2_5_ofs, delta);
    p->l3_ofs = shift_ofs(p->l3_ofs, delta);
    p->l4_ofs = shift_ofs(p->l4_ofs, delta);
    if (p->offloads & DP_PACKET_CSUM_PARTIAL) {
        uint16_t start = shift_ofs(p->csum_start, delta);
        if (start == UINT16_MAX) {
            /* The checksummed region lost its start: the offload can no
             * longer be finished correctly, so drop it. */
            p->offloads &= ~(DP_PACKET_CSUM_PARTIAL | DP_PACKET_GSO_ECN);
            p->csum_start = p->csum_offset = 0;
            p->gso_type = DP_PACKET_GSO_NONE;
            p->gso_size = 0;
        } else {
            p->csum_start = start;
        }
    }
}

void *
dp_packet_push(struct dp_packet *p, const void *data, size_t size)
{
    dp_packet_prealloc(p, size, 0);
    p->data_ofs -= size;
    p->size += size;
    if (data && size) {
        memcpy(dp_packet_data(p), data, size);
    }
    dp_packet_shift_offsets(p, size);
    return dp_packet_data(p);
}

void *
dp_packet_pull(struct dp_packet *p, size_t size)
{
    void *old = dp_packet_data(p);

    ovs_assert(size <= p->size);
    p->data_ofs += size;
    p->size -= size;
    dp_packet_shift_offsets(p, -(long) size);
    return old;
}

void
dp_packet_set_size(struct dp_packet *p, uint32_t size)
{
    ovs_assert(size <= p->allocated - p->data_ofs);
    p->size = size;
}

int
dp_packet_finish_csum(struct dp_packet *p)
{
    if (!(p->offloads & DP_PACKET_CSUM_PARTIAL)) {
        return 0;
    }

    size_t start = p->csum_start;
    size_t field = start + p->csum_offset;
    if (start > p->size || field + 2 > p->size) {
        return EINVAL;
    }

    /* The field already holds the pseudo-header sum, so summing the whole
     * region including it gives the full checksum. */
    const uint8_t *d = (const uint8_t *) dp_packet_data(p) + start;
    size_t n = p->size - start;
    uint64_t sum = 0;
    size_t i;
    for (i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t) (d[i] << 8 | d[i + 1]);
    }
    if (i < n) {
        sum += (uint32_t) d[i] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    uint16_t csum = ~sum & 0xffff;

    uint8_t *f = (uint8_t *) dp_packet_data(p) + field;
    f[0] = csum >> 8;
    f[1] = csum;
    p->offloads &= ~DP_PACKET_CSUM_PARTIAL;
    return 0;
}

/* Segmentation. */

static uint32_t
sum_be16_words(uint32_t sum, const uint8_t *d, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t) (d[i] << 8 | d[i + 1]);
    }
    if (n & 1) {
        sum += (uint32_t) d[n - 1] << 8;
    }
    return sum;
}

static uint16_t
fold_sum(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

static uint16_t
rd16(const uint8_t *d)
{
    return d[0] << 8 | d[1];
}

static void
wr16(uint8_t *d, uint16_t x)
{
    d[0] = x >> 8;
    d[1] = x;
}

static uint32_t
rd32(const uint8_t *d)
{
    return (uint32_t) d[0] << 24 | d[1] << 16 | d[2] << 8 | d[3];
}

static void
wr32(uint8_t *d, uint32_t x)
{
    wr16(d, x >> 16);
    wr16(d + 2, x);
}

int
dp_packet_gso_segment(const struct dp_packet *p, struct dp_packet ***segsp,
                      size_t *n_segsp)
{
    const uint8_t *frame = dp_packet_data(p);
    size_t size = dp_packet_size(p);
    bool is_tcp = (p->gso_type == DP_PACKET_GSO_TCPV4
                   || p->gso_type == DP_PACKET_GSO_TCPV6);
    size_t mss = p->gso_size;

    *segsp = NULL;
    *n_segsp = 0;
    if (!dp_packet_is_gso(p) || !mss
        || !(p->offloads & DP_PACKET_CSUM_PARTIAL)) {
        return EINVAL;
    }

    /* Find the network header behind up to two VLAN tags. */
    size_t l3 = 12;
    uint16_t ethertype = 0;
    for (int tags = 0; ; tags++) {
        if (l3 + 2 > size) {
            return EINVAL;
        }
        ethertype = rd16(frame + l3);
        l3 += 2;
        if ((ethertype != 0x8100 && ethertype != 0x88a8) || tags >= 2) {
            break;
        }
        l3 += 2;
    }

    size_t l4 = p->csum_start;
    uint8_t proto = is_tcp ? 6 : 17;
    bool is_v4 = ethertype == 0x0800;
    if (is_v4) {
        if (l3 + 20 > size || (frame[l3] >> 4) != 4
            || l4 != l3 + (frame[l3] & 0x0f) * 4 || frame[l3 + 9] != proto
            || (rd16(frame + l3 + 6) & 0x3fff)) {
            return EINVAL;      /* Options fine; fragments not. */
        }
    } else if (ethertype == 0x86dd) {
        if (l3 + 40 > size || (frame[l3] >> 4) != 6 || l4 != l3 + 40
            || frame[l3 + 6] != proto) {
            return EINVAL;
        }
    } else {
        return EINVAL;
    }
    if (p->gso_type == DP_PACKET_GSO_TCPV4 && !is_v4) {
        return EINVAL;
    }
    if (p->gso_type == DP_PACKET_GSO_TCPV6 && is_v4) {
        return EINVAL;
    }

    size_t csum_field = is_tcp ? 16 : 6;
    if (l4 + (is_tcp ? 20 : 8) > size || p->csum_offset != csum_field) {
        return EINVAL;
    }
    size_t l4_hlen = is_tcp ? (size_t) (frame[l4 + 12] >> 4) * 4 : 8;
    size_t hdr_len = l4 + l4_hlen;
    if (l4_hlen < (is_tcp ? 20 : 8) || hdr_len > size) {
        return EINVAL;
    }

    size_t payload = size - hdr_len;
    size_t n_segs = payload ? DIV_ROUND_UP(payload, mss) : 1;
    uint32_t seq = is_tcp ? rd32(frame + l4 + 4) : 0;
    uint16_t ip_id = is_v4 ? rd16(frame + l3 + 4) : 0;
    uint8_t tcp_flags = is_tcp ? frame[l4 + 13] : 0;
    struct dp_packet **segs = xmalloc(n_segs * sizeof *segs);

    for (size_t i = 0; i < n_segs; i++) {
        size_t ofs = i * mss;
        size_t n = MIN(mss, payload - ofs);
        bool last = i == n_segs - 1;
        struct dp_packet *s = dp_packet_new_with_headroom(
            hdr_len + n, dp_packet_headroom(p));
        uint8_t *d = dp_packet_put(s, frame, hdr_len);
        dp_packet_put(s, frame + hdr_len + ofs, n);

        size_t l4_len = l4_hlen + n;
        if (is_v4) {
            wr16(d + l3 + 2, l4 - l3 + l4_len);
            wr16(d + l3 + 4, ip_id + i);
            wr16(d + l3 + 10, 0);
            wr16(d + l3 + 10,
                 ~fold_sum(sum_be16_words(0, d + l3, l4 - l3)) & 0xffff);
        } else {
            wr16(d + l3 + 4, l4_len);
        }
        if (is_tcp) {
            uint8_t flags = tcp_flags;
            wr32(d + l4 + 4, seq + ofs);
            if (!last) {
                flags &= ~0x09;         /* FIN and PSH: last only. */
            }
            if (i) {
                flags &= ~0x80;         /* CWR: first only. */
            }
            d[l4 + 13] = flags;
        } else {
            wr16(d + l4 + 4, l4_len);
        }

        /* The pseudo-header sum goes in the checksum field; the rest is
         * left to whoever finishes it. */
        uint32_t sum = (is_v4 ? sum_be16_words(0, d + l3 + 12, 8)
                        : sum_be16_words(0, d + l3 + 8, 32));
        sum += proto + l4_len;
        wr16(d + l4 + csum_field, fold_sum(sum));

        s->l2_5_ofs = p->l2_5_ofs;
        s->l3_ofs = p->l3_ofs;
        s->l4_ofs = p->l4_ofs;
        s->offloads = DP_PACKET_CSUM_PARTIAL;
        s->csum_start = l4;
        s->csum_offset = csum_field;
        s->md = p->md;
        segs[i] = s;
    }
    *segsp = segs;
    *n_segsp = n_segs;
    return 0;
}
