/* dp-packet.h -- a packet buffer as the userspace datapath carries it.
 *
 * A struct dp_packet owns one contiguous buffer.  The packet's bytes are
 * [data, data + size); in front of them is headroom, so that pushing a
 * header (a VLAN tag, a tunnel header) moves 'data' back instead of
 * copying the packet.  Receive paths reserve DP_PACKET_HEADROOM.
 *
 * Offsets of the layer 2, 3 and 4 headers are filled in by the flow
 * extractor (lib/flow.h) and are relative to 'data'; UINT16_MAX means
 * "not present".  Pushing or pulling bytes at the front keeps them right.
 *
 * Checksum offload: a packet from a veth or tap device often carries a
 * partial TCP/UDP checksum (the sender left the pseudo-header sum in the
 * checksum field and expects the device to finish it).  Such a packet has
 * DP_PACKET_CSUM_PARTIAL set with csum_start/csum_offset (relative to
 * 'data', as in virtio_net_hdr).  A netdev that cannot pass the metadata on
 * must finish the checksum before sending (dp_packet_finish_csum()).
 *
 * Segmentation offload (GSO): a veth or tap hands over TCP (or UDP) data
 * of up to 64 kB as one "superframe" whose headers describe the whole
 * thing, with 'gso_type' and 'gso_size' (the payload bytes per segment the
 * wire would carry) saying how to cut it.  Such a packet always has
 * DP_PACKET_CSUM_PARTIAL too.  Forwarding it whole costs one lookup and
 * one send instead of ~45; a netdev that can pass the metadata on (the
 * kernel cuts it, or the receiving stack takes it as it is) does so, and
 * for any other one lib/netdev.c cuts it first (dp_packet_gso_segment()).
 *
 * Packets travel in batches of up to NETDEV_MAX_BURST (struct
 * dp_packet_batch): every netdev receive and send, and every datapath
 * stage, works on a batch.
 *
 * Not thread-safe: a packet belongs to one thread at a time. */
#ifndef DP_PACKET_H
#define DP_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

/* Headroom reserved in front of received packets: room for the largest
 * encapsulation we push (outer Ethernet + IPv6 + UDP + Geneve with
 * options, and two VLAN tags), rounded up. */
#define DP_PACKET_HEADROOM 128

/* The largest batch a netdev receives or a datapath stage handles. */
#define NETDEV_MAX_BURST 32

/* Where a packet's memory came from, so dp_packet_delete() frees it right. */
enum dp_packet_source {
    DPBUF_MALLOC,               /* malloc()'d; freed with free(). */
    DPBUF_STUB,                 /* Caller's memory; never freed. */
};

/* Offload flags. */
enum {
    DP_PACKET_CSUM_PARTIAL = 1 << 0, /* L4 checksum to be finished. */
    DP_PACKET_CSUM_GOOD = 1 << 1,    /* Receiver verified L4 checksum. */
    DP_PACKET_GSO_ECN = 1 << 2,      /* GSO packet with TCP CWR set: the
                                      * sender does ECN (virtio's
                                      * VIRTIO_NET_HDR_GSO_ECN). */
};

/* Kinds of segmentation offload ('gso_type' of struct dp_packet). */
enum dp_packet_gso_type {
    DP_PACKET_GSO_NONE = 0,     /* An ordinary packet. */
    DP_PACKET_GSO_TCPV4,        /* TCP over IPv4, cut at 'gso_size'. */
    DP_PACKET_GSO_TCPV6,        /* TCP over IPv6. */
    DP_PACKET_GSO_UDP_L4,       /* UDP datagrams (UDP_SEGMENT), IPv4/6. */
};

/* Per-packet metadata that is not in the packet's bytes: the parts of the
 * flow key that the datapath knows from context. */
struct pkt_metadata {
    uint32_t recirc_id;         /* Recirculation id; 0 on first pass. */
    uint32_t dp_hash;           /* Datapath-computed hash, or 0. */
    uint32_t skb_priority;      /* QoS priority. */
    uint32_t pkt_mark;          /* Packet mark ("skb mark"). */
    uint32_t in_port;           /* Datapath port number received on. */
};

struct dp_packet {
    void *base;                 /* Start of allocated memory. */
    uint32_t allocated;         /* Bytes allocated at 'base'. */
    uint32_t data_ofs;          /* 'data' is base + data_ofs. */
    uint32_t size;              /* Bytes of packet data. */
    enum dp_packet_source source;

    /* Header offsets from 'data', UINT16_MAX if absent. */
    uint16_t l2_5_ofs;          /* MPLS label stack, if any. */
    uint16_t l3_ofs;            /* Network header. */
    uint16_t l4_ofs;            /* Transport header. */

    uint32_t offloads;          /* DP_PACKET_CSUM_* flags. */
    uint16_t csum_start;        /* With DP_PACKET_CSUM_PARTIAL. */
    uint16_t csum_offset;       /* Checksum field, from csum_start. */
    uint8_t gso_type;           /* enum dp_packet_gso_type. */
    uint16_t gso_size;          /* Payload bytes per segment, if GSO. */

    uint32_t rss_hash;          /* Receive hash, valid if rss_hash_valid. */
    bool rss_hash_valid;

    struct pkt_metadata md;
};

struct dp_packet_batch {
    size_t count;
    struct dp_packet *packets[NETDEV_MAX_BURST];
};

/* Creation and destruction. */

/* Returns a new packet with 'headroom' bytes of headroom and room for
 * 'size' bytes of data after it; the packet itself is empty.  Never
 * fails (aborts on out-of-memory). */
struct dp_packet *dp_packet_new_with_headroom(size_t size, size_t headroom);

/* Room for the largest packet a device hands over: a 64 kB GSO superframe
 * with its Ethernet header, and slack. */
#define DP_PACKET_BIG_ROOM (65536 + 256)

/* Returns a new empty packet with DP_PACKET_HEADROOM bytes of headroom and
 * DP_PACKET_BIG_ROOM bytes of room after it: a receive buffer.  Such
 * packets, once deleted, are kept for reuse by the thread that deleted
 * them (a few per thread); see dp-packet.c for why. */
struct dp_packet *dp_packet_new_big(void);

/* Returns a new packet holding a copy of the 'size' bytes at 'data',
 * with 'headroom' bytes of headroom in front. */
struct dp_packet *dp_packet_clone_data_with_headroom(const void *data,
                                                     size_t size,
                                                     size_t headroom);

/* Returns a copy of 'packet' (data, offsets, offload state, metadata). */
struct dp_packet *dp_packet_clone(const struct dp_packet *packet);

/* Initializes 'packet', whose struct lives in caller memory, to use the
 * 'allocated' bytes at 'base' (DPBUF_STUB), empty with 'headroom' bytes of
 * headroom.  Growing a stub packet moves it to malloc()'d memory. */
void dp_packet_use_stub(struct dp_packet *packet, void *base,
                        size_t allocated, size_t headroom);

/* Frees 'packet' and its memory.  NULL is fine. */
void dp_packet_delete(struct dp_packet *packet);

/* Frees the packets of 'batch' and empties it. */
void dp_packet_delete_batch(struct dp_packet_batch *batch);

/* Data access. */

static inline void *
dp_packet_data(const struct dp_packet *p)
{
    return (char *) p->base + p->data_ofs;
}

static inline uint32_t
dp_packet_size(const struct dp_packet *p)
{
    return p->size;
}

static inline size_t
dp_packet_headroom(const struct dp_packet *p)
{
    return p->data_ofs;
}

static inline size_t
dp_packet_tailroom(const struct dp_packet *p)
{
    return p->allocated - p->data_ofs - p->size;
}

/* Returns a pointer 'ofs' bytes into the data, or NULL if 'ofs' is
 * UINT16_MAX (absent header). */
static inline void *
dp_packet_at_ofs(const struct dp_packet *p, uint16_t ofs)
{
    return ofs == UINT16_MAX ? NULL : (char *) dp_packet_data(p) + ofs;
}

static inline void *dp_packet_l3(const struct dp_packet *p)
{
    return dp_packet_at_ofs(p, p->l3_ofs);
}

static inline void *dp_packet_l4(const struct dp_packet *p)
{
    return dp_packet_at_ofs(p, p->l4_ofs);
}

/* Resets the header offsets to "absent" and clears offload state and
 * metadata (except in_port, which the receiver sets). */
void dp_packet_reset_offsets(struct dp_packet *p);

/* Makes sure there are at least 'headroom' bytes before the data and
 * 'tailroom' after it, reallocating (DPBUF_STUB becomes DPBUF_MALLOC) if
 * needed.  Data pointers into the packet are invalid afterwards. */
void dp_packet_prealloc(struct dp_packet *p, size_t headroom,
                        size_t tailroom);

/* Appends 'size' bytes (copied from 'data' if nonnull, else left
 * uninitialised) at the tail; returns a pointer to them. */
void *dp_packet_put(struct dp_packet *p, const void *data, size_t size);

/* Like dp_packet_put() with zeroed bytes. */
void *dp_packet_put_zeros(struct dp_packet *p, size_t size);

/* Prepends 'size' bytes (copied from 'data' if nonnull) in front of the
 * data, using headroom if there is enough; header offsets grow by 'size'.
 * Returns the new start of data. */
void *dp_packet_push(struct dp_packet *p, const void *data, size_t size);

/* Removes 'size' bytes from the front ('size' <= dp_packet_size());
 * header offsets shrink by 'size' (an offset that would point before the
 * new start becomes absent).  Returns a pointer to the removed bytes,
 * which stay valid until the packet is next modified. */
void *dp_packet_pull(struct dp_packet *p, size_t size);

/* Sets the size of the data to 'size' (dropping bytes at the tail, or
 * exposing uninitialised tailroom, which must be there). */
void dp_packet_set_size(struct dp_packet *p, uint32_t size);

/* Checksums. */

/* If 'p' has DP_PACKET_CSUM_PARTIAL, computes the one's complement sum of
 * the data from csum_start to the end, folded into the 16-bit field at
 * csum_start + csum_offset (which holds the pseudo-header sum), and clears
 * the flag.  Returns 0, or EINVAL if the offsets lie outside the data
 * (the packet is then left unchanged). */
int dp_packet_finish_csum(struct dp_packet *p);

/* Segmentation. */

static inline bool
dp_packet_is_gso(const struct dp_packet *p)
{
    return p->gso_type != DP_PACKET_GSO_NONE;
}

/* Cuts the GSO packet 'p' into ordinary packets of at most 'gso_size'
 * payload bytes each, as the sender's NIC would have: every segment gets
 * 'p''s headers with the IPv4 total length, id (incremented per segment)
 * and header checksum, or the IPv6 payload length, set for it; TCP
 * segments get their sequence number, and FIN and PSH stay only on the
 * last one, CWR only on the first; UDP ones their length.  Each segment
 * leaves with a partial L4 checksum (DP_PACKET_CSUM_PARTIAL, the
 * pseudo-header sum in the checksum field), which costs nothing here and
 * is finished by whoever needs it; 'md' is copied.  On success stores a
 * malloc()'d array of the new packets in '*segsp', their number in
 * '*n_segsp', and returns 0; 'p' itself is unchanged either way.  Returns
 * EINVAL if 'p' is not a GSO packet whose headers we understand (Ethernet
 * with up to two VLAN tags, IPv4 without fragmentation or IPv6 without
 * extension headers, then TCP or UDP at csum_start), leaving '*segsp'
 * NULL. */
int dp_packet_gso_segment(const struct dp_packet *p,
                          struct dp_packet ***segsp, size_t *n_segsp);

/* Batches. */

static inline void
dp_packet_batch_init(struct dp_packet_batch *b)
{
    b->count = 0;
}

/* Adds 'p' to 'b', which must not be full. */
static inline void
dp_packet_batch_add(struct dp_packet_batch *b, struct dp_packet *p)
{
    b->packets[b->count++] = p;
}

static inline bool
dp_packet_batch_is_full(const struct dp_packet_batch *b)
{
    return b->count >= NETDEV_MAX_BURST;
}

#define DP_PACKET_BATCH_FOR_EACH(IDX, PACKET, BATCH)                    \
    for (size_t IDX = 0;                                                \
         IDX < (BATCH)->count && ((PACKET) = (BATCH)->packets[IDX], 1); \
         IDX++)

#endif /* dp-packet.h */
