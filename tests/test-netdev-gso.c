/* test-netdev-gso.c -- "ovstest test-netdev-gso": unit tests of the
 * segmentation offload support: GSO superframes cut in software
 * (dp_packet_gso_segment()), the virtio_net_hdr translation of the Linux
 * netdevs (netdev-linux-vnet.c), and lib/netdev.c cutting superframes for
 * a device that cannot take them.
 *
 *   ovstest test-netdev-gso segment   crafted TCP/IPv4 (with and without a
 *                                     VLAN tag), TCP/IPv6 and UDP/IPv4
 *                                     superframes, and bad ones
 *   ovstest test-netdev-gso vnet      virtio header <-> packet metadata
 *   ovstest test-netdev-gso send      netdev_send() to a device without
 *                                     TSO (and one without checksum
 *                                     offload either)
 *
 * Every check is against values computed here independently of the code
 * under test: the checksums are verified by summing the pseudo-header and
 * the whole segment, which must give zero. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/virtio_net.h>

#include "dp-packet.h"
#include "netdev-linux-vnet.h"
#include "netdev-provider.h"
#include "netdev.h"
#include "ovstest.h"
#include "util.h"

#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

/* Byte helpers. */

static void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static uint16_t
get16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static uint32_t
get32(const uint8_t *p)
{
    return (uint32_t) get16(p) << 16 | get16(p + 2);
}

static uint32_t
sum_bytes(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sum += i & 1 ? p[i] : p[i] << 8;
    }
    return sum;
}

static uint16_t
fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/* A crafted superframe. */
struct frame_spec {
    bool vlan;                  /* 802.1Q tag after the addresses. */
    bool ipv6;
    bool udp;
    size_t payload;             /* Bytes of payload. */
    uint16_t mss;               /* gso_size. */
    uint8_t tcp_flags;
};

/* Builds the frame described by 'spec' into a new packet with GSO and
 * partial checksum metadata as a Linux sender would give them.  Stores the
 * L3 and L4 offsets in '*l3p' and '*l4p'. */
static struct dp_packet *
build_superframe(const struct frame_spec *spec, size_t *l3p, size_t *l4p)
{
    size_t l3 = spec->vlan ? 18 : 14;
    size_t l3_len = spec->ipv6 ? 40 : 24;       /* IPv4 with 4 B options. */
    size_t l4 = l3 + l3_len;
    size_t l4_hlen = spec->udp ? 8 : 32;        /* TCP with 12 B options. */
    size_t size = l4 + l4_hlen + spec->payload;
    uint8_t *f = xzalloc(size);

    memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
    size_t ofs = 12;
    if (spec->vlan) {
        put16(f + 12, 0x8100);
        put16(f + 14, 0x6123);
        ofs = 16;
    }
    put16(f + ofs, spec->ipv6 ? 0x86dd : 0x0800);

    uint8_t proto = spec->udp ? 17 : 6;
    if (spec->ipv6) {
        f[l3] = 0x60;
        put16(f + l3 + 4, l4_hlen + spec->payload);
        f[l3 + 6] = proto;
        f[l3 + 7] = 64;
        for (int i = 0; i < 16; i++) {
            f[l3 + 8 + i] = 0x20 + i;
            f[l3 + 24 + i] = 0x40 + i;
        }
    } else {
        f[l3] = 0x46;
        put16(f + l3 + 2, l3_len + l4_hlen + spec->payload);
        put16(f + l3 + 4, 0xfffe);              /* The id wraps. */
        put16(f + l3 + 6, 0x4000);              /* DF. */
        f[l3 + 8] = 64;
        f[l3 + 9] = proto;
        memcpy(f + l3 + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
        memcpy(f + l3 + 20, "\x01\x01\x01\x00", 4);     /* NOP NOP NOP EOL */
    }

    put16(f + l4, 40000);
    put16(f + l4 + 2, 5201);
    if (spec->udp) {
        put16(f + l4 + 4, l4_hlen + spec->payload);
    } else {
        memcpy(f + l4 + 4, "\xff\xff\xf0\x00", 4);    /* seq wraps too */
        memcpy(f + l4 + 8, "\x00\x00\x00\x07", 4);
        f[l4 + 12] = (l4_hlen / 4) << 4;
        f[l4 + 13] = spec->tcp_flags;
        put16(f + l4 + 14, 512);
        memset(f + l4 + 20, 1, 12);
    }
    for (size_t i = 0; i < spec->payload; i++) {
        f[l4 + l4_hlen + i] = i * 7 + (i >> 8);
    }
    /* Whatever the sender left in the checksum field: the segmenter must
     * not depend on it. */
    put16(f + l4 + (spec->udp ? 6 : 16), 0xdead);

    struct dp_packet *p = dp_packet_clone_data_with_headroom(
        f, size, DP_PACKET_HEADROOM);
    free(f);
    p->offloads = DP_PACKET_CSUM_PARTIAL;
    p->csum_start = l4;
    p->csum_offset = spec->udp ? 6 : 16;
    p->gso_type = (spec->udp ? DP_PACKET_GSO_UDP_L4
                   : spec->ipv6 ? DP_PACKET_GSO_TCPV6 : DP_PACKET_GSO_TCPV4);
    p->gso_size = spec->mss;
    p->md.in_port = 7;
    *l3p = l3;
    *l4p = l4;
    return p;
}

/* Checks that the L4 checksum of 'p' (finished) is right: the sum over
 * the pseudo-header and the L4 header and payload is 0xffff. */
static void
check_l4_csum(const struct dp_packet *p, size_t l3, size_t l4, bool ipv6,
              uint8_t proto)
{
    const uint8_t *d = dp_packet_data(p);
    size_t l4_len = dp_packet_size(p) - l4;
    uint32_t sum = (ipv6 ? sum_bytes(0, d + l3 + 8, 32)
                    : sum_bytes(0, d + l3 + 12, 8));
    sum += proto + l4_len;
    sum = sum_bytes(sum, d + l4, l4_len);
    OVSTEST_CHECK_INT(fold(sum), 0xffff);
}

/* Segments the superframe of 'spec' and checks every segment, then that
 * their payloads put together are the original's. */
static void
check_segmentation(const struct frame_spec *spec)
{
    size_t l3, l4;
    struct dp_packet *p = build_superframe(spec, &l3, &l4);
    size_t l4_hlen = spec->udp ? 8 : 32;
    size_t hdr_len = l4 + l4_hlen;
    size_t expected = DIV_ROUND_UP(spec->payload, spec->mss);
    uint8_t *orig = xmemdup(dp_packet_data(p), dp_packet_size(p));

    struct dp_packet **segs;
    size_t n_segs;
    OVSTEST_CHECK_INT(dp_packet_gso_segment(p, &segs, &n_segs), 0);
    OVSTEST_CHECK_INT(n_segs, expected);

    /* The original is untouched. */
    OVSTEST_CHECK_INT(dp_packet_size(p), hdr_len + spec->payload);
    OVSTEST_CHECK(!memcmp(dp_packet_data(p), orig, dp_packet_size(p)));

    size_t ofs = 0;
    for (size_t i = 0; i < n_segs; i++) {
        struct dp_packet *s = segs[i];
        const uint8_t *d = dp_packet_data(s);
        size_t n = MIN(spec->mss, spec->payload - ofs);
        bool last = i == n_segs - 1;

        OVSTEST_CHECK_INT(dp_packet_size(s), hdr_len + n);
        OVSTEST_CHECK(!dp_packet_is_gso(s));
        OVSTEST_CHECK(s->offloads & DP_PACKET_CSUM_PARTIAL);
        OVSTEST_CHECK_INT(s->csum_start, l4);
        OVSTEST_CHECK_INT(s->md.in_port, 7);
        OVSTEST_CHECK(dp_packet_headroom(s) >= DP_PACKET_HEADROOM);

        /* Ethernet (and VLAN) header as it was. */
        OVSTEST_CHECK(!memcmp(d, orig, l3));
        if (spec->ipv6) {
            OVSTEST_CHECK_INT(get16(d + l3 + 4), l4_hlen + n);
            OVSTEST_CHECK(!memcmp(d + l3 + 6, orig + l3 + 6, 34));
        } else {
            OVSTEST_CHECK_INT(get16(d + l3 + 2), 24 + l4_hlen + n);
            OVSTEST_CHECK_INT(get16(d + l3 + 4), (0xfffe + i) & 0xffff);
            OVSTEST_CHECK_INT(get16(d + l3 + 6), 0x4000);
            OVSTEST_CHECK_INT(fold(sum_bytes(0, d + l3, 24)), 0xffff);
            OVSTEST_CHECK(!memcmp(d + l3 + 12, orig + l3 + 12, 12));
        }
        if (spec->udp) {
            OVSTEST_CHECK_INT(get16(d + l4 + 4), 8 + n);
        } else {
            uint8_t flags = spec->tcp_flags;
            if (!last) {
                flags &= ~0x09;
            }
            if (i) {
                flags &= ~0x80;
            }
            OVSTEST_CHECK_INT(get32(d + l4 + 4),
                              (uint32_t) (0xfffff000u + ofs));
            OVSTEST_CHECK_INT(d[l4 + 13], flags);
            OVSTEST_CHECK(!memcmp(d + l4 + 8, orig + l4 + 8, 4));
            OVSTEST_CHECK(!memcmp(d + l4 + 14, orig + l4 + 14, 2));
            OVSTEST_CHECK(!memcmp(d + l4 + 18, orig + l4 + 18, 14));
        }
        OVSTEST_CHECK(!memcmp(d + hdr_len, orig + hdr_len + ofs, n));

        OVSTEST_CHECK_INT(dp_packet_finish_csum(s), 0);
        check_l4_csum(s, l3, l4, spec->ipv6, spec->udp ? 17 : 6);
        ofs += n;
        dp_packet_delete(s);
    }
    OVSTEST_CHECK_INT(ofs, spec->payload);
    free(segs);
    free(orig);
    dp_packet_delete(p);
}

static void
check_refused(struct dp_packet *p)
{
    struct dp_packet **segs = (void *) p;   /* Must be reset to NULL. */
    size_t n_segs = 99;
    OVSTEST_CHECK_INT(dp_packet_gso_segment(p, &segs, &n_segs), EINVAL);
    OVSTEST_CHECK(segs == NULL);
    OVSTEST_CHECK_INT(n_segs, 0);
}

static void
test_segment(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* TCP/IPv4 with PSH, FIN and CWR; an uneven last segment. */
    check_segmentation(&(struct frame_spec) {
        .payload = 65000, .mss = 1448, .tcp_flags = 0x80 | 0x18 | 0x01 });
    /* The same behind a VLAN tag; payload a multiple of the MSS. */
    check_segmentation(&(struct frame_spec) {
        .vlan = true, .payload = 1448 * 10, .mss = 1448,
        .tcp_flags = 0x10 });
    /* TCP/IPv6, small MSS. */
    check_segmentation(&(struct frame_spec) {
        .ipv6 = true, .payload = 30001, .mss = 536, .tcp_flags = 0x18 });
    /* UDP/IPv4 (UDP_SEGMENT). */
    check_segmentation(&(struct frame_spec) {
        .udp = true, .payload = 9000, .mss = 1400 });
    /* A superframe that turns out to be a single segment. */
    check_segmentation(&(struct frame_spec) {
        .payload = 100, .mss = 1448, .tcp_flags = 0x19 });

    /* Refused: not GSO, no MSS, no partial checksum, checksum start not at
     * the L4 header, an IPv4 fragment, a header cut short, a type that
     * does not match the IP version. */
    size_t l3, l4;
    struct frame_spec spec = { .payload = 5000, .mss = 1000 };
    struct dp_packet *p = build_superframe(&spec, &l3, &l4);
    p->gso_type = DP_PACKET_GSO_NONE;
    check_refused(p);
    p->gso_type = DP_PACKET_GSO_TCPV4;
    p->gso_size = 0;
    check_refused(p);
    p->gso_size = 1000;
    p->offloads = 0;
    check_refused(p);
    p->offloads = DP_PACKET_CSUM_PARTIAL;
    p->csum_start = l4 + 4;
    check_refused(p);
    p->csum_start = l4;
    p->gso_type = DP_PACKET_GSO_TCPV6;
    check_refused(p);
    p->gso_type = DP_PACKET_GSO_TCPV4;
    uint8_t *d = dp_packet_data(p);
    d[l3 + 6] |= 0x20;                          /* More fragments. */
    check_refused(p);
    d[l3 + 6] &= ~0x20;
    dp_packet_set_size(p, l4 + 10);
    check_refused(p);
    dp_packet_set_size(p, l4 + 32);             /* Headers only: fine. */
    struct dp_packet **segs;
    size_t n_segs;
    OVSTEST_CHECK_INT(dp_packet_gso_segment(p, &segs, &n_segs), 0);
    OVSTEST_CHECK_INT(n_segs, 1);
    OVSTEST_CHECK_INT(dp_packet_size(segs[0]), l4 + 32);
    dp_packet_delete(segs[0]);
    free(segs);
    dp_packet_delete(p);

    /* A clone keeps the GSO metadata; pulling off the L4 header loses
     * both it and the partial checksum. */
    p = build_superframe(&spec, &l3, &l4);
    struct dp_packet *c = dp_packet_clone(p);
    OVSTEST_CHECK_INT(c->gso_type, DP_PACKET_GSO_TCPV4);
    OVSTEST_CHECK_INT(c->gso_size, 1000);
    dp_packet_pull(c, l4 + 1);
    OVSTEST_CHECK(!dp_packet_is_gso(c));
    OVSTEST_CHECK(!(c->offloads & DP_PACKET_CSUM_PARTIAL));
    dp_packet_delete(c);
    dp_packet_delete(p);
    printf("PASS\n");
}

/* "vnet". */

static void
test_vnet(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    size_t l3, l4;
    struct frame_spec spec = { .payload = 3000, .mss = 1448 };
    struct dp_packet *p = build_superframe(&spec, &l3, &l4);
    struct virtio_net_hdr vh;

    /* A TSO superframe with ECN, as a veth gives it. */
    memset(&vh, 0, sizeof vh);
    vh.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    vh.gso_type = VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN;
    vh.gso_size = 1448;
    vh.hdr_len = 66;
    vh.csum_start = l4;
    vh.csum_offset = 16;
    p->offloads = DP_PACKET_CSUM_GOOD;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), 0);
    OVSTEST_CHECK_INT(p->offloads,
                      DP_PACKET_CSUM_PARTIAL | DP_PACKET_GSO_ECN);
    OVSTEST_CHECK_INT(p->gso_type, DP_PACKET_GSO_TCPV4);
    OVSTEST_CHECK_INT(p->gso_size, 1448);
    OVSTEST_CHECK_INT(p->csum_start, l4);
    OVSTEST_CHECK_INT(p->csum_offset, 16);

    /* And back: the same, with hdr_len through the TCP header. */
    struct virtio_net_hdr out;
    netdev_linux_vnet_from_packet(p, &out);
    OVSTEST_CHECK_INT(out.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
    OVSTEST_CHECK_INT(out.gso_type,
                      VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN);
    OVSTEST_CHECK_INT(out.gso_size, 1448);
    OVSTEST_CHECK_INT(out.csum_start, l4);
    OVSTEST_CHECK_INT(out.csum_offset, 16);
    OVSTEST_CHECK_INT(out.hdr_len, l4 + 32);

    /* A VLAN tag put back in front moves the checksum start. */
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 4, p), 0);
    OVSTEST_CHECK_INT(p->csum_start, l4 + 4);

    /* Only a partial checksum, no GSO. */
    vh.gso_type = VIRTIO_NET_HDR_GSO_NONE;
    vh.gso_size = 0;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), 0);
    OVSTEST_CHECK_INT(p->offloads, DP_PACKET_CSUM_PARTIAL);
    OVSTEST_CHECK(!dp_packet_is_gso(p));
    netdev_linux_vnet_from_packet(p, &out);
    OVSTEST_CHECK_INT(out.gso_type, VIRTIO_NET_HDR_GSO_NONE);
    OVSTEST_CHECK_INT(out.hdr_len, 0);
    OVSTEST_CHECK_INT(out.csum_start, l4);

    /* Checksum verified by the kernel. */
    vh.flags = VIRTIO_NET_HDR_F_DATA_VALID;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), 0);
    OVSTEST_CHECK_INT(p->offloads, DP_PACKET_CSUM_GOOD);
    netdev_linux_vnet_from_packet(p, &out);
    OVSTEST_CHECK_INT(out.flags, 0);

    /* Nothing at all. */
    memset(&vh, 0, sizeof vh);
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), 0);
    OVSTEST_CHECK_INT(p->offloads, 0);

    /* UDP GSO (UDP_SEGMENT) over IPv6. */
    vh.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    vh.gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
    vh.gso_size = 1200;
    vh.csum_start = l4;
    vh.csum_offset = 6;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), 0);
    OVSTEST_CHECK_INT(p->gso_type, DP_PACKET_GSO_UDP_L4);
    netdev_linux_vnet_from_packet(p, &out);
    OVSTEST_CHECK_INT(out.gso_type, VIRTIO_NET_HDR_GSO_UDP_L4);
    OVSTEST_CHECK_INT(out.hdr_len, l4 + 8);

    /* Refused: the checksum field past the end, UFO, GSO without a
     * partial checksum, GSO without a size. */
    vh.gso_type = VIRTIO_NET_HDR_GSO_NONE;
    vh.csum_start = dp_packet_size(p) - 17;
    vh.csum_offset = 16;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), EINVAL);
    vh.csum_start = l4;
    vh.gso_type = VIRTIO_NET_HDR_GSO_UDP;
    vh.gso_size = 1000;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), EINVAL);
    vh.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
    vh.flags = 0;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), EINVAL);
    vh.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    vh.gso_size = 0;
    OVSTEST_CHECK_INT(netdev_linux_vnet_to_packet(&vh, 0, p), EINVAL);

    dp_packet_delete(p);
    printf("PASS\n");
}

/* "send": a device without TSO. */

static struct dp_packet_batch sent;
static int n_send_calls;

static struct netdev *
notso_alloc(void)
{
    return xzalloc(sizeof(struct netdev));
}

static int
notso_construct(struct netdev *netdev)
{
    netdev->tx_offloads = (!strcmp(netdev->name, "plain") ? 0
                           : NETDEV_TX_CSUM_PARTIAL);
    return 0;
}

static void
notso_destruct(struct netdev *netdev OVS_UNUSED)
{
}

static void
notso_dealloc(struct netdev *netdev)
{
    free(netdev);
}

static int
notso_send(struct netdev *netdev OVS_UNUSED, int qid OVS_UNUSED,
           struct dp_packet_batch *batch)
{
    struct dp_packet *p;
    n_send_calls++;
    OVSTEST_CHECK(batch->count <= NETDEV_MAX_BURST);
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        /* 'sent' holds up to NETDEV_MAX_BURST: keep the rest aside. */
        OVSTEST_CHECK(!dp_packet_is_gso(p));
        if (sent.count < NETDEV_MAX_BURST) {
            dp_packet_batch_add(&sent, p);
        } else {
            dp_packet_delete(p);
        }
    }
    return 0;
}

static const struct netdev_class notso_class = {
    .type = "test-notso",
    .alloc = notso_alloc,
    .construct = notso_construct,
    .destruct = notso_destruct,
    .dealloc = notso_dealloc,
    .send = notso_send,
};

static void
test_send(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    OVSTEST_CHECK_INT(netdev_register_provider(&notso_class), 0);

    for (int plain = 0; plain < 2; plain++) {
        struct netdev *netdev;
        OVSTEST_CHECK_INT(netdev_open(plain ? "plain" : "csum",
                                      "test-notso", &netdev), 0);

        /* One small ordinary packet and a superframe of 45 segments:
         * 46 packets, more than a batch, so two send calls. */
        size_t l3, l4;
        struct frame_spec spec = { .payload = 45 * 1000, .mss = 1000,
                                   .tcp_flags = 0x18 };
        struct dp_packet *small = build_superframe(&spec, &l3, &l4);
        dp_packet_set_size(small, l4 + 32 + 10);
        small->gso_type = DP_PACKET_GSO_NONE;
        small->gso_size = 0;
        small->offloads = 0;
        struct dp_packet *big = build_superframe(&spec, &l3, &l4);

        struct dp_packet_batch batch;
        dp_packet_batch_init(&batch);
        dp_packet_batch_add(&batch, small);
        dp_packet_batch_add(&batch, big);
        dp_packet_batch_init(&sent);
        n_send_calls = 0;
        OVSTEST_CHECK_INT(netdev_send(netdev, 0, &batch, false), 0);
        OVSTEST_CHECK_INT(n_send_calls, 2);
        OVSTEST_CHECK_INT(sent.count, NETDEV_MAX_BURST);

        /* The caller's packets are untouched. */
        OVSTEST_CHECK_INT(batch.count, 2);
        OVSTEST_CHECK(dp_packet_is_gso(big));

        /* The small one first, then the segments in order; without
         * checksum offload they arrive finished. */
        OVSTEST_CHECK_INT(dp_packet_size(sent.packets[0]), l4 + 42);
        for (size_t i = 1; i < sent.count; i++) {
            struct dp_packet *s = sent.packets[i];
            const uint8_t *d = dp_packet_data(s);
            OVSTEST_CHECK_INT(dp_packet_size(s), l4 + 32 + 1000);
            OVSTEST_CHECK_INT(get32(d + l4 + 4),
                              (uint32_t) (0xfffff000u + (i - 1) * 1000));
            OVSTEST_CHECK_INT(!(s->offloads & DP_PACKET_CSUM_PARTIAL),
                              plain);
            dp_packet_finish_csum(s);
            check_l4_csum(s, l3, l4, false, 6);
        }
        dp_packet_delete_batch(&sent);

        /* An unsegmentable superframe is dropped with EINVAL; the rest
         * goes. */
        big->csum_start = l4 + 2;
        OVSTEST_CHECK_INT(netdev_send(netdev, 0, &batch, true), EINVAL);
        OVSTEST_CHECK_INT(sent.count, 1);
        dp_packet_delete_batch(&sent);
        netdev_close(netdev);
    }
    OVSTEST_CHECK_INT(netdev_unregister_provider("test-notso"), 0);
    printf("PASS\n");
}

static void
test_netdev_gso_main(int argc, char *argv[])
{
    if (argc < 2) {
        ovs_fatal(0, "usage: %s segment|vnet|send", argv[0]);
    }
    if (!strcmp(argv[1], "segment")) {
        test_segment(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "vnet")) {
        test_vnet(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "send")) {
        test_send(argc - 1, argv + 1);
    } else {
        ovs_fatal(0, "unknown command \"%s\"", argv[1]);
    }
}

OVSTEST_REGISTER("test-netdev-gso", test_netdev_gso_main);
