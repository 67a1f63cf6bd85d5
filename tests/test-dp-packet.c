/* test-dp-packet.c -- unit tests for lib/dp-packet.
 *
 * "ovstest test-dp-packet" checks the buffer contract of dp-packet.h:
 * headroom and tailroom accounting, put/push/pull, offsets following the
 * data, stub packets moving to malloc()'d memory, cloning, batches,
 * finishing a partial checksum and recycling big receive buffers. */

#include <config.h>
#include <errno.h>
#include <string.h>
#include "dp-packet.h"
#include "ovstest.h"
#include "packets.h"
#include "util.h"

static void
test_new_put_push_pull(void)
{
    struct dp_packet *p = dp_packet_new_with_headroom(100, 64);

    OVSTEST_CHECK_INT(dp_packet_size(p), 0);
    OVSTEST_CHECK_INT(dp_packet_headroom(p), 64);
    OVSTEST_CHECK_INT(dp_packet_tailroom(p), 100);
    OVSTEST_CHECK(p->l3_ofs == UINT16_MAX && p->l4_ofs == UINT16_MAX);

    dp_packet_put(p, "abcd", 4);
    OVSTEST_CHECK(!memcmp(dp_packet_data(p), "abcd", 4));
    dp_packet_put_zeros(p, 4);
    OVSTEST_CHECK_INT(dp_packet_size(p), 8);
    OVSTEST_CHECK(is_all_zeros((char *) dp_packet_data(p) + 4, 4));

    p->l3_ofs = 2;
    p->l4_ofs = 6;
    dp_packet_push(p, "xy", 2);
    OVSTEST_CHECK_INT(dp_packet_headroom(p), 62);
    OVSTEST_CHECK(!memcmp(dp_packet_data(p), "xyabcd", 6));
    OVSTEST_CHECK_INT(p->l3_ofs, 4);
    OVSTEST_CHECK_INT(p->l4_ofs, 8);
    OVSTEST_CHECK(!memcmp(dp_packet_l3(p), "cd", 2));

    /* Pulling past the L3 header makes it absent. */
    void *old = dp_packet_pull(p, 5);
    OVSTEST_CHECK(!memcmp(old, "xyabc", 5));
    OVSTEST_CHECK_INT(p->l3_ofs, UINT16_MAX);
    OVSTEST_CHECK_INT(p->l4_ofs, 3);
    OVSTEST_CHECK(dp_packet_l3(p) == NULL);

    /* Pushing more than the headroom reallocates and keeps the data. */
    char big[200];
    memset(big, 'z', sizeof big);
    dp_packet_push(p, big, sizeof big);
    OVSTEST_CHECK_INT(dp_packet_size(p), 205);
    OVSTEST_CHECK(!memcmp((char *) dp_packet_data(p) + 200, "d\0\0", 3));
    OVSTEST_CHECK_INT(p->l4_ofs, 203);

    dp_packet_set_size(p, 10);
    OVSTEST_CHECK_INT(dp_packet_size(p), 10);
    dp_packet_delete(p);
    dp_packet_delete(NULL);
}

static void
test_stub(void)
{
    uint64_t stub[8];           /* 64 bytes. */
    struct dp_packet p;

    dp_packet_use_stub(&p, stub, sizeof stub, 16);
    OVSTEST_CHECK(p.source == DPBUF_STUB);
    OVSTEST_CHECK_INT(dp_packet_tailroom(&p), 48);
    dp_packet_put(&p, "hello", 5);
    OVSTEST_CHECK(dp_packet_data(&p) == (char *) stub + 16);

    /* Outgrowing the stub moves the packet to the heap. */
    dp_packet_put_zeros(&p, 100);
    OVSTEST_CHECK(p.source == DPBUF_MALLOC);
    OVSTEST_CHECK(!memcmp(dp_packet_data(&p), "hello", 5));
    OVSTEST_CHECK_INT(dp_packet_size(&p), 105);
    free(p.base);               /* The struct itself is ours. */
}

static void
test_clone_and_reset(void)
{
    struct dp_packet *p = dp_packet_clone_data_with_headroom("0123456789",
                                                             10, 8);
    p->l3_ofs = 3;
    p->md.in_port = 7;
    p->md.pkt_mark = 9;
    p->rss_hash = 42;
    p->rss_hash_valid = true;

    struct dp_packet *q = dp_packet_clone(p);
    OVSTEST_CHECK_INT(dp_packet_size(q), 10);
    OVSTEST_CHECK_INT(dp_packet_headroom(q), 8);
    OVSTEST_CHECK(!memcmp(dp_packet_data(q), "0123456789", 10));
    OVSTEST_CHECK(dp_packet_data(q) != dp_packet_data(p));
    OVSTEST_CHECK_INT(q->l3_ofs, 3);
    OVSTEST_CHECK_INT(q->md.pkt_mark, 9);
    OVSTEST_CHECK(q->rss_hash_valid && q->rss_hash == 42);

    dp_packet_reset_offsets(q);
    OVSTEST_CHECK_INT(q->l3_ofs, UINT16_MAX);
    OVSTEST_CHECK_INT(q->md.in_port, 7);
    OVSTEST_CHECK_INT(q->md.pkt_mark, 0);
    OVSTEST_CHECK(!q->rss_hash_valid);

    struct dp_packet_batch b;
    struct dp_packet *x;
    int n = 0;
    dp_packet_batch_init(&b);
    dp_packet_batch_add(&b, p);
    dp_packet_batch_add(&b, q);
    DP_PACKET_BATCH_FOR_EACH (i, x, &b) {
        OVSTEST_CHECK(x == b.packets[i]);
        n++;
    }
    OVSTEST_CHECK_INT(n, 2);
    OVSTEST_CHECK(!dp_packet_batch_is_full(&b));
    dp_packet_delete_batch(&b);
    OVSTEST_CHECK_INT(b.count, 0);
}

static void
test_finish_csum(void)
{
    struct packet_spec spec;
    struct dp_packet *p = dp_packet_new_with_headroom(0, 0);

    memset(&spec, 0, sizeof spec);
    spec.dl_type = ETH_TYPE_IP;
    spec.nw_proto = IPPROTO_UDP;
    spec.nw_src = htonl(0x0a000001);
    spec.nw_dst = htonl(0x0a000002);
    spec.tp_src = 1234;
    spec.tp_dst = 53;
    spec.payload_len = 33;      /* Odd, to cover the last byte. */
    packet_compose(p, &spec);

    /* Replace the full checksum with the pseudo-header sum, as a sender
     * using offload would, and let dp_packet_finish_csum() complete it. */
    uint8_t *udp = dp_packet_l4(p);
    ovs_be16 good = packet_get_be16(udp + 6);
    const struct ip_header *ip = dp_packet_l3(p);
    packet_put_be16(udp + 6,
                    ~csum_finish(packet_csum_pseudoheader(ip)) & 0xffff);
    p->offloads = DP_PACKET_CSUM_PARTIAL;
    p->csum_start = p->l4_ofs;
    p->csum_offset = 6;
    OVSTEST_CHECK_INT(dp_packet_finish_csum(p), 0);
    OVSTEST_CHECK_INT(packet_get_be16(udp + 6), good);
    OVSTEST_CHECK(!(p->offloads & DP_PACKET_CSUM_PARTIAL));

    /* No flag: nothing to do. */
    OVSTEST_CHECK_INT(dp_packet_finish_csum(p), 0);

    /* Offsets outside the data are refused and change nothing. */
    p->offloads = DP_PACKET_CSUM_PARTIAL;
    p->csum_start = dp_packet_size(p) - 1;
    p->csum_offset = 0;
    OVSTEST_CHECK_INT(dp_packet_finish_csum(p), EINVAL);
    OVSTEST_CHECK(p->offloads & DP_PACKET_CSUM_PARTIAL);

    /* Pulling the checksummed region's start away drops the offload. */
    p->csum_start = 20;
    dp_packet_pull(p, 21);
    OVSTEST_CHECK(!(p->offloads & DP_PACKET_CSUM_PARTIAL));
    dp_packet_delete(p);
}

/* Big receive buffers: a deleted one comes back, as good as new, from the
 * thread's cache, which holds at most a batch's worth. */
static void
test_big(void)
{
    struct dp_packet *p = dp_packet_new_big();
    OVSTEST_CHECK_INT(dp_packet_headroom(p), DP_PACKET_HEADROOM);
    OVSTEST_CHECK_INT(dp_packet_tailroom(p), DP_PACKET_BIG_ROOM);
    OVSTEST_CHECK_INT(dp_packet_size(p), 0);
    dp_packet_put(p, "abc", 3);
    p->l3_ofs = 1;
    p->gso_type = DP_PACKET_GSO_TCPV4;
    p->md.in_port = 5;
    dp_packet_pull(p, 1);
    dp_packet_delete(p);

    struct dp_packet *q = dp_packet_new_big();
    OVSTEST_CHECK(q == p);
    OVSTEST_CHECK_INT(dp_packet_headroom(q), DP_PACKET_HEADROOM);
    OVSTEST_CHECK_INT(dp_packet_tailroom(q), DP_PACKET_BIG_ROOM);
    OVSTEST_CHECK_INT(dp_packet_size(q), 0);
    OVSTEST_CHECK_INT(q->l3_ofs, UINT16_MAX);
    OVSTEST_CHECK_INT(q->gso_type, DP_PACKET_GSO_NONE);
    OVSTEST_CHECK_INT(q->md.in_port, 0);

    /* More than the cache holds: all are freed (valgrind or ASan would
     * see a leak), and the cache still works. */
    struct dp_packet *many[NETDEV_MAX_BURST * 2];
    many[0] = q;
    for (size_t i = 1; i < ARRAY_SIZE(many); i++) {
        many[i] = dp_packet_new_big();
    }
    for (size_t i = 0; i < ARRAY_SIZE(many); i++) {
        dp_packet_delete(many[i]);
    }
    p = dp_packet_new_big();
    OVSTEST_CHECK(p == many[NETDEV_MAX_BURST - 1]);
    dp_packet_delete(p);
}

static void
test_dp_packet(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_new_put_push_pull();
    test_stub();
    test_clone_and_reset();
    test_finish_csum();
    test_big();
    printf("ok\n");
}

OVSTEST_REGISTER("test-dp-packet", test_dp_packet);
