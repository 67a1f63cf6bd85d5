/* test-netdev.c -- "ovstest test-netdev": unit tests of the netdev layer
 * and a two-port forwarder for tests with real traffic.
 *
 *   ovstest test-netdev dummy       the generic layer, through dummies
 *   ovstest test-netdev patch       patch pairs
 *   ovstest test-netdev pcap        pcap files: write, read, bad input
 *   ovstest test-netdev csum        partial checksums finished for a
 *                                   device that cannot pass them on
 *   ovstest test-netdev pcap-dump FILE
 *                                   prints FILE's packets in hex
 *   ovstest test-netdev show NAME[:TYPE]
 *                                   opens a device and prints its
 *                                   attributes (for system/tap tests)
 *   ovstest test-netdev forward [OPTIONS] DEV1 DEV2
 *       A daemon: every packet received on DEV1 is sent on DEV2 and vice
 *       versa, until killed or told "exit".  DEV is NAME[:TYPE[:OPTIONS]]
 *       with TYPE "system" by default and OPTIONS key=value pairs
 *       separated by commas (e.g. p1:dummy:pcap=p1.pcap).  Takes the
 *       daemon and vlog options; registers the netdev-dummy commands and
 *       "forward/stats" (counts per direction).
 *
 * Traffic helpers for namespace tests (plain sockets, no tools needed):
 *   tcp-sink PORT, tcp-source HOST PORT NBYTES, ping HOST COUNT,
 *   udp-flood HOST PORT SECONDS, udp-count PORT SECONDS,
 *   send-raw IFACE HEXFRAME... */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "daemon.h"
#include "dp-packet.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "netdev-provider.h"
#include "netdev.h"
#include "ovstest.h"
#include "pcap-file.h"
#include "poll-loop.h"
#include "smap.h"
#include "sset.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(test_netdev);

/* Helpers. */

static const uint8_t test_frame[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,     /* dst */
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,     /* src */
    0x08, 0x06,                             /* ARP */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 10, 0, 0, 1,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 0, 2,
};

static struct dp_packet *
make_packet(const void *data, size_t size)
{
    return dp_packet_clone_data_with_headroom(data, size,
                                              DP_PACKET_HEADROOM);
}

static void
check_packet_equals(const struct dp_packet *p, const void *data, size_t size)
{
    OVSTEST_CHECK(p != NULL);
    OVSTEST_CHECK_INT(dp_packet_size(p), size);
    OVSTEST_CHECK(!memcmp(dp_packet_data(p), data, size));
}

static struct netdev *
open_or_die(const char *name, const char *type)
{
    struct netdev *netdev;
    int error = netdev_open(name, type, &netdev);
    if (error) {
        ovstest_fail(__FILE__, __LINE__, "opening %s (%s) failed: %s",
                     name, type, ovs_strerror(error));
    }
    return netdev;
}

/* "dummy": the generic layer through dummy netdevs. */

static void
test_dummy_open_close(void)
{
    struct netdev *a, *b;

    a = open_or_die("d0", "dummy");
    OVSTEST_CHECK_STR(netdev_get_name(a), "d0");
    OVSTEST_CHECK_STR(netdev_get_type(a), "dummy");

    /* One object per name, reference counted. */
    b = open_or_die("d0", "dummy");
    OVSTEST_CHECK(a == b);
    netdev_close(b);
    b = netdev_from_name("d0");
    OVSTEST_CHECK(a == b);
    netdev_close(b);

    /* Another type under the same name is refused. */
    OVSTEST_CHECK_INT(netdev_open("d0", "patch", &b), EEXIST);
    OVSTEST_CHECK(b == NULL);
    OVSTEST_CHECK_INT(netdev_open("x", "no-such-type", &b), EAFNOSUPPORT);

    struct sset names = SSET_INITIALIZER(&names);
    netdev_get_devices("dummy", &names);
    OVSTEST_CHECK(sset_contains(&names, "d0"));
    sset_destroy(&names);

    struct sset types = SSET_INITIALIZER(&types);
    netdev_enumerate_types(&types);
    OVSTEST_CHECK(sset_contains(&types, "dummy"));
    OVSTEST_CHECK(sset_contains(&types, "patch"));
    OVSTEST_CHECK(sset_contains(&types, "system"));
    OVSTEST_CHECK(sset_contains(&types, "internal"));
    OVSTEST_CHECK(sset_contains(&types, "tap"));
    sset_destroy(&types);

    /* The provider cannot go while a device of it is open. */
    OVSTEST_CHECK_INT(netdev_unregister_provider("dummy"), EBUSY);

    netdev_close(a);
    OVSTEST_CHECK(netdev_from_name("d0") == NULL);
    netdev_close(NULL);
}

static void
test_dummy_config(void)
{
    struct netdev *netdev = open_or_die("d1", "dummy");
    struct smap options = SMAP_INITIALIZER(&options);
    char *err;

    smap_add(&options, "no_such_option", "1");
    OVSTEST_CHECK_INT(netdev_set_config(netdev, &options, &err), EINVAL);
    OVSTEST_CHECK_STR(err, "d1: unknown option \"no_such_option\" for a "
                      "dummy interface");
    free(err);

    smap_clear(&options);
    smap_add(&options, "ifindex", "-3");
    OVSTEST_CHECK_INT(netdev_set_config(netdev, &options, &err), EINVAL);
    OVSTEST_CHECK_STR(err, "d1: bad ifindex \"-3\"");
    free(err);

    OVSTEST_CHECK_INT(netdev_get_ifindex(netdev), -EOPNOTSUPP);
    uint64_t seq = netdev_get_change_seq(netdev);
    smap_clear(&options);
    smap_add(&options, "ifindex", "42");
    OVSTEST_CHECK_INT(netdev_set_config(netdev, &options, &err), 0);
    OVSTEST_CHECK(err == NULL);
    OVSTEST_CHECK_INT(netdev_get_ifindex(netdev), 42);
    OVSTEST_CHECK(netdev_get_change_seq(netdev) != seq);

    struct smap got = SMAP_INITIALIZER(&got);
    netdev_get_config(netdev, &got);
    OVSTEST_CHECK_STR(smap_get(&got, "ifindex"), "42");
    smap_destroy(&got);

    /* An empty set returns every option to its default. */
    OVSTEST_CHECK_INT(netdev_set_config(netdev, NULL, NULL), 0);
    OVSTEST_CHECK_INT(netdev_get_ifindex(netdev), -EOPNOTSUPP);

    smap_destroy(&options);
    netdev_close(netdev);
}

static void
test_dummy_attributes(void)
{
    struct netdev *netdev = open_or_die("d2", "dummy");
    uint8_t mac[NETDEV_ETH_ADDR_LEN];
    static const uint8_t new_mac[NETDEV_ETH_ADDR_LEN]
        = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
    static const uint8_t mcast[NETDEV_ETH_ADDR_LEN]
        = { 0x01, 0x11, 0x22, 0x33, 0x44, 0x55 };
    int mtu;

    OVSTEST_CHECK_INT(netdev_get_etheraddr(netdev, mac), 0);
    OVSTEST_CHECK(!(mac[0] & 1));
    OVSTEST_CHECK_INT(netdev_set_etheraddr(netdev, new_mac), 0);
    OVSTEST_CHECK_INT(netdev_get_etheraddr(netdev, mac), 0);
    OVSTEST_CHECK(!memcmp(mac, new_mac, sizeof mac));
    OVSTEST_CHECK_INT(netdev_set_etheraddr(netdev, mcast), EINVAL);

    OVSTEST_CHECK_INT(netdev_get_mtu(netdev, &mtu), 0);
    OVSTEST_CHECK_INT(mtu, 1500);
    OVSTEST_CHECK_INT(netdev_set_mtu(netdev, 9000), 0);
    OVSTEST_CHECK_INT(netdev_get_mtu(netdev, &mtu), 0);
    OVSTEST_CHECK_INT(mtu, 9000);
    OVSTEST_CHECK_INT(netdev_set_mtu(netdev, 10), EINVAL);

    uint32_t cur, max;
    OVSTEST_CHECK_INT(netdev_get_speed(netdev, &cur, &max), 0);
    OVSTEST_CHECK_INT(cur, 10000);
    OVSTEST_CHECK(netdev_get_carrier(netdev));

    /* Flags: changed ones come back when the last reference goes. */
    enum netdev_flags flags;
    OVSTEST_CHECK_INT(netdev_get_flags(netdev, &flags), 0);
    OVSTEST_CHECK_INT(flags, NETDEV_UP);
    OVSTEST_CHECK_INT(netdev_turn_flags_on(netdev, NETDEV_PROMISC), 0);
    OVSTEST_CHECK_INT(netdev_turn_flags_off(netdev, NETDEV_UP), 0);
    OVSTEST_CHECK_INT(netdev_get_flags(netdev, &flags), 0);
    OVSTEST_CHECK_INT(flags, NETDEV_PROMISC);
    OVSTEST_CHECK(!netdev_get_carrier(netdev));    /* Down: no carrier. */
    struct netdev *ref = netdev_ref(netdev);
    netdev_close(ref);          /* Not the last: nothing restored. */
    OVSTEST_CHECK_INT(netdev_get_flags(netdev, &flags), 0);
    OVSTEST_CHECK_INT(flags, NETDEV_PROMISC);
    OVSTEST_CHECK_INT(netdev_turn_flags_on(netdev, NETDEV_LOOPBACK),
                      EINVAL);
    netdev_close(netdev);

    /* A dummy is reborn with defaults, which shows nothing leaked; the
     * restore itself is checked on a device that outlives the netdev in
     * the "show" tests of netdev.at. */
    netdev = open_or_die("d2", "dummy");
    OVSTEST_CHECK_INT(netdev_get_flags(netdev, &flags), 0);
    OVSTEST_CHECK_INT(flags, NETDEV_UP);
    netdev_close(netdev);
}

static void
test_dummy_packets(void)
{
    struct netdev *netdev = open_or_die("d3", "dummy");
    struct netdev_rxq *rxq, *rxq2;
    struct dp_packet_batch batch;

    OVSTEST_CHECK_INT(netdev_n_rxq(netdev), 1);
    OVSTEST_CHECK_INT(netdev_rxq_open(netdev, &rxq, 1), EINVAL);
    OVSTEST_CHECK_INT(netdev_rxq_open(netdev, &rxq, 0), 0);
    OVSTEST_CHECK(netdev_rxq_get_netdev(rxq) == netdev);
    OVSTEST_CHECK_INT(netdev_rxq_get_queue_id(rxq), 0);
    OVSTEST_CHECK_INT(netdev_rxq_open(netdev, &rxq2, 0), EBUSY);

    /* Nothing yet: EAGAIN, and a wait would not wake at once. */
    dp_packet_batch_init(&batch);
    OVSTEST_CHECK_INT(netdev_rxq_recv(rxq, &batch), EAGAIN);
    OVSTEST_CHECK_INT(batch.count, 0);

    /* More than a batch: the rest waits for the next receive. */
    for (int i = 0; i < NETDEV_MAX_BURST + 3; i++) {
        uint8_t frame[sizeof test_frame];
        memcpy(frame, test_frame, sizeof frame);
        frame[sizeof frame - 1] = i;
        OVSTEST_CHECK_INT(netdev_dummy_receive(netdev, frame, sizeof frame,
                                               0), 0);
    }
    OVSTEST_CHECK_INT(netdev_rxq_recv(rxq, &batch), 0);
    OVSTEST_CHECK_INT(batch.count, NETDEV_MAX_BURST);
    OVSTEST_CHECK_INT(((uint8_t *) dp_packet_data(batch.packets[5]))
                      [sizeof test_frame - 1], 5);
    OVSTEST_CHECK_INT(batch.packets[0]->l3_ofs, UINT16_MAX);
    dp_packet_delete_batch(&batch);
    OVSTEST_CHECK_INT(netdev_rxq_recv(rxq, &batch), 0);
    OVSTEST_CHECK_INT(batch.count, 3);
    dp_packet_delete_batch(&batch);

    /* Drain discards. */
    netdev_dummy_receive(netdev, test_frame, sizeof test_frame, 0);
    netdev_rxq_drain(rxq);
    OVSTEST_CHECK_INT(netdev_rxq_recv(rxq, &batch), EAGAIN);

    /* Sending: with may_steal false the caller's packets stay intact. */
    struct dp_packet *p = make_packet(test_frame, sizeof test_frame);
    dp_packet_batch_add(&batch, p);
    OVSTEST_CHECK_INT(netdev_send(netdev, 0, &batch, false), 0);
    OVSTEST_CHECK_INT(batch.count, 1);
    OVSTEST_CHECK(batch.packets[0] == p);
    check_packet_equals(p, test_frame, sizeof test_frame);
    OVSTEST_CHECK_INT(netdev_send(netdev, 0, &batch, true), 0);
    OVSTEST_CHECK_INT(batch.count, 0);

    for (int i = 0; i < 2; i++) {
        struct dp_packet *sent = netdev_dummy_pop_sent(netdev);
        check_packet_equals(sent, test_frame, sizeof test_frame);
        dp_packet_delete(sent);
    }
    OVSTEST_CHECK(netdev_dummy_pop_sent(netdev) == NULL);

    /* A device that is down drops both ways. */
    OVSTEST_CHECK_INT(netdev_turn_flags_off(netdev, NETDEV_UP), 0);
    dp_packet_batch_add(&batch, make_packet(test_frame, sizeof test_frame));
    OVSTEST_CHECK_INT(netdev_send(netdev, 0, &batch, true), ENETDOWN);
    netdev_dummy_receive(netdev, test_frame, sizeof test_frame, 0);
    OVSTEST_CHECK_INT(netdev_rxq_recv(rxq, &batch), EAGAIN);
    OVSTEST_CHECK_INT(netdev_turn_flags_on(netdev, NETDEV_UP), 0);

    struct netdev_stats stats;
    OVSTEST_CHECK_INT(netdev_get_stats(netdev, &stats), 0);
    OVSTEST_CHECK_INT(stats.rx_packets, NETDEV_MAX_BURST + 3 + 1);
    OVSTEST_CHECK_INT(stats.rx_bytes,
                      (NETDEV_MAX_BURST + 4) * sizeof test_frame);
    OVSTEST_CHECK_INT(stats.rx_dropped, 1);
    OVSTEST_CHECK_INT(stats.tx_packets, 2);
    OVSTEST_CHECK_INT(stats.tx_bytes, 2 * sizeof test_frame);
    OVSTEST_CHECK_INT(stats.tx_dropped, 1);

    /* Closing the netdev while the queue holds a reference keeps it. */
    netdev_close(netdev);
    OVSTEST_CHECK(netdev_from_name("d3") == netdev);
    netdev_close(netdev);
    netdev_rxq_close(rxq);
    OVSTEST_CHECK(netdev_from_name("d3") == NULL);
}

static void
test_dummy_pcap_option(void)
{
    struct netdev *netdev = open_or_die("d4", "dummy");
    struct smap options = SMAP_INITIALIZER(&options);
    struct dp_packet_batch batch;
    char *err;

    unlink("d4.pcap");
    smap_add(&options, "pcap", "d4.pcap");
    OVSTEST_CHECK_INT(netdev_set_config(netdev, &options, &err), 0);
    smap_add(&options, "tx_pcap", "d4-tx.pcap");
    OVSTEST_CHECK_INT(netdev_set_config(netdev, &options, &err), EINVAL);
    OVSTEST_CHECK_STR(err, "d4: options pcap and rxq_pcap/tx_pcap are "
                      "exclusive");
    free(err);

    netdev_dummy_receive(netdev, test_frame, sizeof test_frame, 0);
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_packet(test_frame, 20));
    netdev_send(netdev, 0, &batch, true);

    struct pcap_file *file;
    struct dp_packet *p;
    OVSTEST_CHECK_INT(pcap_file_open("d4.pcap", "r", &file), 0);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), 0);
    check_packet_equals(p, test_frame, sizeof test_frame);
    dp_packet_delete(p);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), 0);
    check_packet_equals(p, test_frame, 20);
    dp_packet_delete(p);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), EOF);
    pcap_file_close(file);

    smap_destroy(&options);
    netdev_close(netdev);
    unlink("d4.pcap");
}

static void
test_dummy(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_dummy_open_close();
    test_dummy_config();
    test_dummy_attributes();
    test_dummy_packets();
    test_dummy_pcap_option();
    printf("PASS\n");
}

/* "patch". */

static void
set_peer(struct netdev *netdev, const char *peer, int expected_error,
         const char *expected_msg)
{
    struct smap options = SMAP_INITIALIZER(&options);
    char *err;

    if (peer) {
        smap_add(&options, "peer", peer);
    }
    OVSTEST_CHECK_INT(netdev_set_config(netdev, &options, &err),
                      expected_error);
    if (expected_msg) {
        OVSTEST_CHECK_STR(err, expected_msg);
    } else {
        OVSTEST_CHECK(err == NULL);
    }
    free(err);
    smap_destroy(&options);
}

static void
test_patch(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *a = open_or_die("pa", "patch");
    struct netdev *b;
    struct netdev_rxq *rxq;
    struct dp_packet_batch batch;

    set_peer(a, NULL, EINVAL, "pa: patch type requires valid 'peer' "
             "argument");
    set_peer(a, "pa", EINVAL, "pa: patch peer must not be self");
    set_peer(a, "pb", 0, NULL);

    /* The peer does not exist yet: no carrier, sending fails. */
    OVSTEST_CHECK(!netdev_get_carrier(a));
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_packet(test_frame, sizeof test_frame));
    OVSTEST_CHECK_INT(netdev_send(a, 0, &batch, true), ENOTCONN);
    struct smap status = SMAP_INITIALIZER(&status);
    netdev_get_status(a, &status);
    OVSTEST_CHECK_STR(smap_get(&status, "peer"), "pb");
    OVSTEST_CHECK_STR(smap_get(&status, "peer_status"), "missing");
    smap_clear(&status);

    /* A peer that names someone else is not connected either. */
    b = open_or_die("pb", "patch");
    set_peer(b, "pc", 0, NULL);
    OVSTEST_CHECK(!netdev_get_carrier(a));
    uint64_t seq = netdev_get_change_seq(a);
    set_peer(b, "pa", 0, NULL);
    OVSTEST_CHECK(netdev_get_change_seq(a) != seq);
    OVSTEST_CHECK(netdev_get_carrier(a));
    OVSTEST_CHECK(netdev_get_carrier(b));
    netdev_get_status(a, &status);
    OVSTEST_CHECK(smap_get(&status, "peer_status") == NULL);
    smap_destroy(&status);

    /* What one sends, the other receives, offload state included. */
    OVSTEST_CHECK_INT(netdev_rxq_open(b, &rxq, 0), 0);
    struct dp_packet *p = make_packet(test_frame, sizeof test_frame);
    p->offloads = DP_PACKET_CSUM_PARTIAL;
    p->csum_start = 14;
    p->csum_offset = 6;
    dp_packet_batch_add(&batch, p);
    dp_packet_batch_add(&batch, make_packet(test_frame, 20));
    OVSTEST_CHECK_INT(netdev_send(a, 0, &batch, true), 0);
    OVSTEST_CHECK_INT(netdev_rxq_recv(rxq, &batch), 0);
    OVSTEST_CHECK_INT(batch.count, 2);
    check_packet_equals(batch.packets[0], test_frame, sizeof test_frame);
    OVSTEST_CHECK_INT(batch.packets[0]->offloads, DP_PACKET_CSUM_PARTIAL);
    OVSTEST_CHECK_INT(batch.packets[0]->csum_start, 14);
    check_packet_equals(batch.packets[1], test_frame, 20);
    dp_packet_delete_batch(&batch);
    OVSTEST_CHECK_INT(netdev_rxq_recv(rxq, &batch), EAGAIN);

    /* The other way, nobody is receiving on 'pa': counted as dropped. */
    dp_packet_batch_add(&batch, make_packet(test_frame, sizeof test_frame));
    OVSTEST_CHECK_INT(netdev_send(b, 0, &batch, true), 0);

    struct netdev_stats sa, sb;
    netdev_get_stats(a, &sa);
    netdev_get_stats(b, &sb);
    OVSTEST_CHECK_INT(sa.tx_packets, 2);
    OVSTEST_CHECK_INT(sa.tx_dropped, 1);       /* The one with no peer. */
    OVSTEST_CHECK_INT(sb.rx_packets, 2);
    OVSTEST_CHECK_INT(sb.rx_bytes, sizeof test_frame + 20);
    OVSTEST_CHECK_INT(sb.tx_packets, 1);
    OVSTEST_CHECK_INT(sa.rx_dropped, 1);
    OVSTEST_CHECK_INT(sa.multicast, UINT64_MAX);   /* Not kept. */

    /* Closing one side disconnects the other. */
    netdev_rxq_close(rxq);
    netdev_close(b);
    OVSTEST_CHECK(!netdev_get_carrier(a));
    netdev_close(a);
    printf("PASS\n");
}

/* "csum": a provider without NETDEV_TX_CSUM_PARTIAL gets finished
 * checksums, and the caller's packets are untouched without may_steal. */

static struct dp_packet_batch nocsum_sent;

static struct netdev *
nocsum_alloc(void)
{
    return xzalloc(sizeof(struct netdev));
}

static int
nocsum_construct(struct netdev *netdev OVS_UNUSED)
{
    return 0;
}

static void
nocsum_destruct(struct netdev *netdev OVS_UNUSED)
{
}

static void
nocsum_dealloc(struct netdev *netdev)
{
    free(netdev);
}

static int
nocsum_send(struct netdev *netdev OVS_UNUSED, int qid OVS_UNUSED,
            struct dp_packet_batch *batch)
{
    struct dp_packet *p;
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        dp_packet_batch_add(&nocsum_sent, p);
    }
    return 0;
}

static const struct netdev_class nocsum_class = {
    .type = "test-nocsum",
    .alloc = nocsum_alloc,
    .construct = nocsum_construct,
    .destruct = nocsum_destruct,
    .dealloc = nocsum_dealloc,
    .send = nocsum_send,
};

/* Ones' complement sum of 'n' bytes, folded and complemented. */
static uint16_t
full_csum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += i & 1 ? p[i] : p[i] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

static void
test_csum(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* Ethernet + IPv4 + UDP to 10.0.0.2:9 with 5 bytes of payload. */
    uint8_t frame[14 + 20 + 8 + 5] = {
        0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
        0x45, 0, 0, 33, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        0x30, 0x39, 0, 9, 0, 13, 0, 0, 'h', 'e', 'l', 'l', 'o',
    };
    /* Pseudo-header sum: addresses, protocol, UDP length. */
    uint32_t sum = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 17 + 13;
    frame[40] = sum >> 8;
    frame[41] = sum;

    OVSTEST_CHECK_INT(netdev_register_provider(&nocsum_class), 0);
    OVSTEST_CHECK_INT(netdev_register_provider(&nocsum_class), EEXIST);
    struct netdev *netdev = open_or_die("nc0", "test-nocsum");

    struct dp_packet *p = make_packet(frame, sizeof frame);
    p->offloads = DP_PACKET_CSUM_PARTIAL;
    p->csum_start = 34;
    p->csum_offset = 6;
    struct dp_packet_batch batch;
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, p);
    dp_packet_batch_init(&nocsum_sent);
    OVSTEST_CHECK_INT(netdev_send(netdev, 0, &batch, false), 0);

    /* The caller's packet is as it was. */
    OVSTEST_CHECK_INT(batch.count, 1);
    OVSTEST_CHECK(p->offloads & DP_PACKET_CSUM_PARTIAL);
    check_packet_equals(p, frame, sizeof frame);

    /* The provider got a copy with a finished, correct checksum: summing
     * the pseudo-header and the UDP datagram with it gives zero. */
    OVSTEST_CHECK_INT(nocsum_sent.count, 1);
    struct dp_packet *s = nocsum_sent.packets[0];
    OVSTEST_CHECK(!(s->offloads & DP_PACKET_CSUM_PARTIAL));
    const uint8_t *d = dp_packet_data(s);
    uint8_t check[12 + 13];
    memcpy(check, d + 26, 8);                   /* Addresses. */
    check[8] = 0;
    check[9] = 17;
    check[10] = 0;
    check[11] = 13;
    memcpy(check + 12, d + 34, 13);
    OVSTEST_CHECK_INT(full_csum(check, sizeof check), 0);
    OVSTEST_CHECK(d[40] || d[41]);
    dp_packet_delete_batch(&nocsum_sent);

    /* Bad offsets: dropped, not sent wrong. */
    p->csum_start = 200;
    OVSTEST_CHECK_INT(netdev_send(netdev, 0, &batch, true), EINVAL);
    OVSTEST_CHECK_INT(nocsum_sent.count, 0);

    /* No receive side: queues cannot be opened. */
    struct netdev_rxq *rxq;
    OVSTEST_CHECK_INT(netdev_rxq_open(netdev, &rxq, 0), EOPNOTSUPP);

    /* Without set_config, options are refused by name. */
    struct smap options = SMAP_INITIALIZER(&options);
    char *err;
    smap_add(&options, "foo", "bar");
    OVSTEST_CHECK_INT(netdev_set_config(netdev, &options, &err), EINVAL);
    OVSTEST_CHECK_STR(err, "nc0: test-nocsum interface does not support "
                      "option \"foo\"");
    free(err);
    smap_destroy(&options);

    netdev_close(netdev);
    OVSTEST_CHECK_INT(netdev_unregister_provider("test-nocsum"), 0);
    OVSTEST_CHECK_INT(netdev_unregister_provider("test-nocsum"),
                      EAFNOSUPPORT);
    printf("PASS\n");
}

/* "pcap". */

static void
write_file(const char *name, const void *data, size_t size)
{
    FILE *f = fopen(name, "wb");
    OVSTEST_CHECK(f != NULL);
    OVSTEST_CHECK_INT(fwrite(data, 1, size, f), size);
    fclose(f);
}

static void
test_pcap(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct pcap_file *file;
    struct dp_packet *p;
    long long when;

    /* Write two packets, append a third, read all back. */
    OVSTEST_CHECK_INT(pcap_file_open("t.pcap", "w", &file), 0);
    OVSTEST_CHECK_INT(pcap_file_write(file, test_frame, sizeof test_frame),
                      0);
    OVSTEST_CHECK_INT(pcap_file_write(file, test_frame, 14), 0);
    pcap_file_close(file);
    OVSTEST_CHECK_INT(pcap_file_open("t.pcap", "a", &file), 0);
    OVSTEST_CHECK_INT(pcap_file_write(file, test_frame, 1), 0);
    pcap_file_close(file);

    long long before = time_wall_usec();
    OVSTEST_CHECK_INT(pcap_file_open("t.pcap", "r", &file), 0);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, &when), 0);
    check_packet_equals(p, test_frame, sizeof test_frame);
    OVSTEST_CHECK(when <= before && when > before - 60 * 1000000LL);
    dp_packet_delete(p);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), 0);
    check_packet_equals(p, test_frame, 14);
    dp_packet_delete(p);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), 0);
    check_packet_equals(p, test_frame, 1);
    dp_packet_delete(p);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), EOF);
    OVSTEST_CHECK(p == NULL);
    pcap_file_close(file);

    /* A big-endian file with nanosecond timestamps, as another machine
     * might write it: one 2-byte packet at 1.5 s. */
    static const uint8_t be_nsec[] = {
        0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0xff, 0xff, 0, 0, 0, 1,
        0, 0, 0, 1, 0x1d, 0xcd, 0x65, 0x00, 0, 0, 0, 2, 0, 0, 0, 2,
        0xab, 0xcd,
    };
    write_file("be.pcap", be_nsec, sizeof be_nsec);
    OVSTEST_CHECK_INT(pcap_file_open("be.pcap", "r", &file), 0);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, &when), 0);
    check_packet_equals(p, "\xab\xcd", 2);
    OVSTEST_CHECK_INT(when, 1500000);
    dp_packet_delete(p);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), EOF);
    pcap_file_close(file);
    /* We cannot append to it in our byte order. */
    OVSTEST_CHECK_INT(pcap_file_open("be.pcap", "a", &file), EPROTO);

    /* Truncated record. */
    write_file("trunc.pcap", be_nsec, sizeof be_nsec - 1);
    OVSTEST_CHECK_INT(pcap_file_open("trunc.pcap", "r", &file), 0);
    OVSTEST_CHECK_INT(pcap_file_read(file, &p, NULL), EPROTO);
    OVSTEST_CHECK(p == NULL);
    pcap_file_close(file);

    /* Not a pcap file; no file. */
    write_file("bad.pcap", "hello, world, this is not pcap", 30);
    OVSTEST_CHECK_INT(pcap_file_open("bad.pcap", "r", &file), EPROTO);
    OVSTEST_CHECK(file == NULL);
    OVSTEST_CHECK_INT(pcap_file_open("nonexistent.pcap", "r", &file),
                      ENOENT);
    printf("PASS\n");
}

static void
test_pcap_dump(int argc OVS_UNUSED, char *argv[])
{
    struct pcap_file *file;
    struct dp_packet *p;
    int error;

    error = pcap_file_open(argv[1], "r", &file);
    if (error) {
        ovs_fatal(error, "%s: open failed", argv[1]);
    }
    while (!(error = pcap_file_read(file, &p, NULL))) {
        const uint8_t *d = dp_packet_data(p);
        for (size_t i = 0; i < dp_packet_size(p); i++) {
            printf("%02x", d[i]);
        }
        putchar('\n');
        dp_packet_delete(p);
    }
    pcap_file_close(file);
    if (error != EOF) {
        ovs_fatal(error, "%s: read failed", argv[1]);
    }
}

/* Parses DEV as NAME[:TYPE[:K=V,...]] and opens and configures it. */
static struct netdev *
open_spec(const char *spec)
{
    char *copy = xstrdup(spec);
    char *name = copy;
    char *type = strchr(copy, ':');
    char *opts = NULL;

    if (type) {
        *type++ = '\0';
        opts = strchr(type, ':');
        if (opts) {
            *opts++ = '\0';
        }
    }
    struct netdev *netdev;
    int error = netdev_open(name, type ? type : "system", &netdev);
    if (error) {
        ovs_fatal(0, "%s: open failed (%s)", name, ovs_strerror(error));
    }
    if (opts && *opts) {
        struct smap options = SMAP_INITIALIZER(&options);
        char *save = NULL;
        for (char *kv = strtok_r(opts, ",", &save); kv;
             kv = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(kv, '=');
            if (!eq) {
                ovs_fatal(0, "%s: option \"%s\" lacks '='", name, kv);
            }
            *eq = '\0';
            smap_replace(&options, kv, eq + 1);
        }
        char *err;
        if (netdev_set_config(netdev, &options, &err)) {
            ovs_fatal(0, "%s", err);
        }
        smap_destroy(&options);
    }
    free(copy);
    return netdev;
}

static void
print_counter(const char *name, uint64_t value)
{
    if (value != UINT64_MAX) {
        printf("%s=%llu\n", name, (unsigned long long) value);
    }
}

static void
test_show(int argc OVS_UNUSED, char *argv[])
{
    struct netdev *netdev = open_spec(argv[1]);
    uint8_t mac[NETDEV_ETH_ADDR_LEN];
    enum netdev_flags flags;
    uint32_t cur, max;
    int mtu;

    printf("name=%s type=%s\n", netdev_get_name(netdev),
           netdev_get_type(netdev));
    if (!netdev_get_etheraddr(netdev, mac)) {
        printf("mac=%02x:%02x:%02x:%02x:%02x:%02x\n",
               mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    }
    if (!netdev_get_mtu(netdev, &mtu)) {
        printf("mtu=%d\n", mtu);
    }
    printf("ifindex=%d\n", netdev_get_ifindex(netdev));
    netdev_get_flags(netdev, &flags);
    printf("up=%s promisc=%s carrier=%s\n",
           flags & NETDEV_UP ? "true" : "false",
           flags & NETDEV_PROMISC ? "true" : "false",
           netdev_get_carrier(netdev) ? "true" : "false");
    if (!netdev_get_speed(netdev, &cur, &max)) {
        printf("speed=%u max_speed=%u\n", cur, max);
    }
    struct netdev_stats stats;
    if (!netdev_get_stats(netdev, &stats)) {
        print_counter("rx_packets", stats.rx_packets);
        print_counter("tx_packets", stats.tx_packets);
    }
    struct smap status = SMAP_INITIALIZER(&status);
    netdev_get_status(netdev, &status);
    const struct smap_node **nodes = smap_sort(&status);
    for (size_t i = 0; i < smap_count(&status); i++) {
        printf("status:%s=%s\n", nodes[i]->key, nodes[i]->value);
    }
    free(nodes);
    smap_destroy(&status);

    /* With more arguments: "set-mtu N", "set-mac XX:..", "promisc" (turn
     * promiscuous mode on, print, and let close restore it),
     * "wait-change" (wait for a link change notification). */
    for (int i = 2; argv[i]; i++) {
        int error = 0;
        if (!strcmp(argv[i], "set-mtu") && argv[i + 1]) {
            error = netdev_set_mtu(netdev, atoi(argv[++i]));
            netdev_get_mtu(netdev, &mtu);
            printf("mtu=%d\n", mtu);
        } else if (!strcmp(argv[i], "set-mac") && argv[i + 1]) {
            unsigned int m[6];
            if (sscanf(argv[++i], "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2],
                       &m[3], &m[4], &m[5]) != 6) {
                ovs_fatal(0, "bad MAC %s", argv[i]);
            }
            for (int j = 0; j < 6; j++) {
                mac[j] = m[j];
            }
            error = netdev_set_etheraddr(netdev, mac);
            netdev_get_etheraddr(netdev, mac);
            printf("mac=%02x:%02x:%02x:%02x:%02x:%02x\n",
                   mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
        } else if (!strcmp(argv[i], "wait-change")) {
            /* Prints "waiting", then waits up to 10 s for the change
             * sequence number to move (run the main loop meanwhile, as a
             * daemon would). */
            uint64_t seq = netdev_get_change_seq(netdev);
            long long deadline = time_msec() + 10000;
            printf("waiting\n");
            fflush(stdout);
            while (netdev_get_change_seq(netdev) == seq
                   && time_msec() < deadline) {
                netdev_run();
                netdev_wait();
                poll_timer_wait_until(deadline);
                poll_block();
                netdev_run();
            }
            printf("%s\n", (netdev_get_change_seq(netdev) != seq
                             ? "changed" : "unchanged"));
            printf("carrier=%s\n",
                   netdev_get_carrier(netdev) ? "true" : "false");
        } else if (!strcmp(argv[i], "promisc")) {
            error = netdev_turn_flags_on(netdev, NETDEV_PROMISC);
            netdev_get_flags(netdev, &flags);
            printf("promisc=%s\n", flags & NETDEV_PROMISC ? "true" : "false");
        } else {
            ovs_fatal(0, "unknown show action %s", argv[i]);
        }
        if (error) {
            printf("error=%s\n", ovs_strerror(error));
        }
    }
    netdev_close(netdev);
}

/* Traffic helpers for tests in namespaces.  They use plain sockets, so the
 * tests need no tool that may be missing. */

/* The byte at 'ofs' of the stream tcp-source sends: a pattern that a
 * reordered, duplicated, dropped or corrupted segment cannot reproduce. */
static uint8_t
stream_byte(unsigned long long ofs)
{
    uint64_t x = (ofs / 8 + 1) * 0x9e3779b97f4a7c15ULL;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 32;
    return x >> (ofs % 8 * 8);
}

static void
parse_ipv4(const char *s, struct sockaddr_in *sin, int port)
{
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    if (inet_pton(AF_INET, s, &sin->sin_addr) != 1) {
        ovs_fatal(0, "%s: bad IPv4 address", s);
    }
}

static int
parse_int_arg(const char *s, int min, int max)
{
    int x;
    if (!str_to_int(s, 10, &x) || x < min || x > max) {
        ovs_fatal(0, "%s: bad number (%d to %d)", s, min, max);
    }
    return x;
}

/* tcp-sink PORT: accepts one connection, reads to EOF, and prints the
 * bytes received and how many differ from what tcp-source sends.  Prints
 * "listening" (and flushes) once it listens, so a test can wait for it.
 * Gives up after 60 s. */
static void
test_tcp_sink(int argc OVS_UNUSED, char *argv[])
{
    struct sockaddr_in sin;
    int one = 1;

    alarm(60);
    parse_ipv4("0.0.0.0", &sin, parse_int_arg(argv[1], 1, 65535));
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0
        || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)
        || bind(ls, (struct sockaddr *) &sin, sizeof sin)
        || listen(ls, 1)) {
        ovs_fatal(errno, "listen failed");
    }
    printf("listening\n");
    fflush(stdout);

    int fd = accept(ls, NULL, NULL);
    if (fd < 0) {
        ovs_fatal(errno, "accept failed");
    }
    unsigned long long n = 0, bad = 0;
    for (;;) {
        static uint8_t buf[65536];
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) {
            continue;
        } else if (r < 0) {
            ovs_fatal(errno, "read failed");
        } else if (!r) {
            break;
        }
        for (ssize_t i = 0; i < r; i++) {
            bad += buf[i] != stream_byte(n + i);
        }
        n += r;
    }
    printf("received %llu bytes, %llu wrong\n", n, bad);
    close(fd);
    close(ls);
}

/* tcp-source HOST PORT NBYTES: connects and sends NBYTES of the pattern,
 * then closes.  Gives up after 60 s. */
static void
test_tcp_source(int argc OVS_UNUSED, char *argv[])
{
    struct sockaddr_in sin;
    unsigned long long total;

    alarm(60);
    parse_ipv4(argv[1], &sin, parse_int_arg(argv[2], 1, 65535));
    if (!str_to_ullong(argv[3], 10, &total)) {
        ovs_fatal(0, "%s: bad byte count", argv[3]);
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &sin, sizeof sin)) {
        ovs_fatal(errno, "connect to %s failed", argv[1]);
    }
    unsigned long long n = 0;
    while (n < total) {
        static uint8_t buf[65536];
        size_t chunk = MIN(sizeof buf, total - n);
        for (size_t i = 0; i < chunk; i++) {
            buf[i] = stream_byte(n + i);
        }
        size_t done = 0;
        while (done < chunk) {
            ssize_t r = write(fd, buf + done, chunk - done);
            if (r < 0 && errno != EINTR) {
                ovs_fatal(errno, "write failed");
            }
            done += r > 0 ? r : 0;
        }
        n += chunk;
    }
    close(fd);
    printf("sent %llu bytes\n", n);
}

static uint16_t
icmp_csum(const uint8_t *p, size_t n)
{
    return full_csum(p, n);
}

/* ping HOST COUNT: sends COUNT ICMP echo requests, one a second at most,
 * each waiting up to 2 s for its reply; exits 0 if every one was
 * answered.  Needs a raw socket (root). */
static void
test_ping(int argc OVS_UNUSED, char *argv[])
{
    struct sockaddr_in dst;
    int count = parse_int_arg(argv[2], 1, 100);
    int ok = 0;

    parse_ipv4(argv[1], &dst, 0);
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (fd < 0) {
        ovs_fatal(errno, "raw socket");
    }
    uint16_t id = getpid() & 0xffff;
    for (int seq = 0; seq < count; seq++) {
        uint8_t req[64];
        memset(req, 0xa5, sizeof req);
        req[0] = 8;                     /* Echo request. */
        req[1] = 0;
        req[2] = req[3] = 0;
        req[4] = id >> 8;
        req[5] = id;
        req[6] = seq >> 8;
        req[7] = seq;
        uint16_t c = icmp_csum(req, sizeof req);
        req[2] = c >> 8;
        req[3] = c;
        long long start = time_msec();
        if (sendto(fd, req, sizeof req, 0, (struct sockaddr *) &dst,
                   sizeof dst) < 0) {
            ovs_fatal(errno, "sendto");
        }
        bool answered = false;
        while (!answered && time_msec() < start + 2000) {
            struct pollfd pfd = { .fd = fd, .events = POLLIN };
            if (poll(&pfd, 1, start + 2000 - time_msec()) <= 0) {
                continue;
            }
            uint8_t buf[2048];
            struct sockaddr_in from;
            socklen_t len = sizeof from;
            ssize_t n = recvfrom(fd, buf, sizeof buf, 0,
                                 (struct sockaddr *) &from, &len);
            if (n < 20) {
                continue;
            }
            size_t ihl = (buf[0] & 0x0f) * 4;
            if (n >= (ssize_t) ihl + 8 && buf[ihl] == 0
                && from.sin_addr.s_addr == dst.sin_addr.s_addr
                && (buf[ihl + 4] << 8 | buf[ihl + 5]) == id
                && (buf[ihl + 6] << 8 | buf[ihl + 7]) == seq) {
                printf("reply from %s: seq=%d time=%lld ms\n", argv[1], seq,
                       time_msec() - start);
                answered = true;
                ok++;
            }
        }
        if (!answered) {
            printf("no reply from %s: seq=%d\n", argv[1], seq);
        }
    }
    close(fd);
    exit(ok == count ? 0 : 1);
}

/* udp-flood HOST PORT SECONDS: sends 64-byte frames (18 bytes of UDP
 * payload) as fast as it can for SECONDS and prints the count. */
static void
test_udp_flood(int argc OVS_UNUSED, char *argv[])
{
    struct sockaddr_in dst;
    int seconds = parse_int_arg(argv[3], 1, 600);

    parse_ipv4(argv[1], &dst, parse_int_arg(argv[2], 1, 65535));
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &dst, sizeof dst)) {
        ovs_fatal(errno, "udp socket");
    }
    /* 14 Ethernet + 20 IP + 8 UDP + 18 payload + 4 FCS = 64 bytes. */
    uint8_t payload[18];
    memset(payload, 0, sizeof payload);

    struct mmsghdr msgs[64];
    struct iovec iov = { payload, sizeof payload };
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < 64; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    unsigned long long n = 0;
    long long end = time_msec() + seconds * 1000LL;
    while (time_msec() < end) {
        int r = sendmmsg(fd, msgs, 64, 0);
        if (r > 0) {
            n += r;
        }
    }
    printf("sent %llu packets in %d s: %.0f pps\n", n, seconds,
           (double) n / seconds);
}

/* udp-count PORT SECONDS: counts UDP datagrams arriving on PORT for
 * SECONDS (starting at the first one) and prints the rate. */
static void
test_udp_count(int argc OVS_UNUSED, char *argv[])
{
    struct sockaddr_in sin;
    int seconds = parse_int_arg(argv[2], 1, 600);
    int size = 1 << 24;

    parse_ipv4("0.0.0.0", &sin, parse_int_arg(argv[1], 1, 65535));
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    if (fd < 0 || bind(fd, (struct sockaddr *) &sin, sizeof sin)) {
        ovs_fatal(errno, "udp socket");
    }
    printf("listening\n");
    fflush(stdout);

    alarm(seconds + 60);
    unsigned long long n = 0;
    long long end = LLONG_MAX;
    while (time_msec() < end) {
        struct mmsghdr msgs[64];
        struct iovec iovs[64];
        static uint8_t bufs[64][64];
        for (int i = 0; i < 64; i++) {
            iovs[i] = (struct iovec) { bufs[i], sizeof bufs[i] };
            memset(&msgs[i], 0, sizeof msgs[i]);
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        struct timespec timeout = { 1, 0 };
        int r = recvmmsg(fd, msgs, 64, 0, &timeout);
        if (r > 0) {
            if (end == LLONG_MAX) {
                end = time_msec() + seconds * 1000LL;
            }
            n += r;
        }
    }
    printf("received %llu packets in %d s: %.0f pps\n", n, seconds,
           (double) n / seconds);
}

/* send-raw IFACE HEXFRAME...: sends each frame as it is on IFACE through
 * an AF_PACKET socket (root), to feed a device exact bytes. */
static void
test_send_raw(int argc, char *argv[])
{
    int fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        ovs_fatal(errno, "packet socket");
    }
    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_ifindex = if_nametoindex(argv[1]),
        .sll_halen = 6,
    };
    if (!sll.sll_ifindex) {
        ovs_fatal(errno, "%s: no such interface", argv[1]);
    }
    for (int i = 2; i < argc; i++) {
        uint8_t frame[2048];
        size_t len = strlen(argv[i]) / 2;
        if (len > sizeof frame || strlen(argv[i]) % 2) {
            ovs_fatal(0, "%s: bad frame", argv[i]);
        }
        for (size_t j = 0; j < len; j++) {
            unsigned int byte;
            if (sscanf(argv[i] + 2 * j, "%2x", &byte) != 1) {
                ovs_fatal(0, "%s: bad frame", argv[i]);
            }
            frame[j] = byte;
        }
        if (sendto(fd, frame, len, 0, (struct sockaddr *) &sll,
                   sizeof sll) != (ssize_t) len) {
            ovs_fatal(errno, "%s: send failed", argv[1]);
        }
    }
    close(fd);
}

/* "forward". */

struct fwd_port {
    struct netdev *netdev;
    struct netdev_rxq *rxq;
    unsigned long long n_packets;   /* Received here, sent on the other. */
    unsigned long long n_errors;    /* Sends that failed. */
};

static bool exiting;

static void
forward_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
             const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
forward_stats(struct unixctl_conn *conn, int argc OVS_UNUSED,
              const char *argv[] OVS_UNUSED, void *ports_)
{
    struct fwd_port *ports = ports_;
    struct ds ds = DS_EMPTY_INITIALIZER;
    for (int i = 0; i < 2; i++) {
        ds_put_format(&ds, "%s->%s: %llu packets, %llu send errors\n",
                      netdev_get_name(ports[i].netdev),
                      netdev_get_name(ports[!i].netdev),
                      ports[i].n_packets, ports[i].n_errors);
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
forward_usage(void)
{
    printf("%s: forwards packets between two netdevs\n"
           "usage: ovstest test-netdev forward [OPTIONS] DEV1 DEV2\n"
           "where DEV is NAME[:TYPE[:KEY=VALUE,...]] (TYPE default "
           "\"system\")\n", program_name);
    daemon_usage();
    vlog_usage();
    printf("  --unixctl=SOCKET        control socket\n");
    exit(EXIT_SUCCESS);
}

static void
test_forward(int argc, char *argv[])
{
    enum {
        OPT_UNIXCTL = UCHAR_MAX + 1,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"help", no_argument, NULL, 'h'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_long_options_to_short_options(long_options);
    const char *unixctl_path = NULL;

    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_UNIXCTL:
            unixctl_path = optarg;
            break;
        case 'h':
            forward_usage();
            break;
        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        case '?':
            exit(2);
        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);
    if (argc - optind != 2) {
        ovs_usage_error("forward needs exactly two devices");
    }

    fatal_ignore_sigpipe();
    vlog_init();
    coverage_init();
    daemonize_start(true);

    struct fwd_port ports[2];
    memset(ports, 0, sizeof ports);
    for (int i = 0; i < 2; i++) {
        ports[i].netdev = open_spec(argv[optind + i]);
        int error = netdev_rxq_open(ports[i].netdev, &ports[i].rxq, 0);
        if (error) {
            ovs_fatal(0, "%s: could not open receive queue (%s)",
                      netdev_get_name(ports[i].netdev),
                      ovs_strerror(error));
        }
    }

    struct unixctl_server *server;
    int error = unixctl_server_create(unixctl_path, &server);
    if (error) {
        ovs_fatal(0, "could not create control socket (%s)",
                  ovs_strerror(error));
    }
    unixctl_command_register("exit", "", 0, 0, forward_exit, NULL);
    unixctl_command_register("forward/stats", "", 0, 0, forward_stats,
                             ports);
    netdev_dummy_register();
    daemonize_complete();

    while (!exiting) {
        unixctl_server_run(server);
        coverage_run();
        netdev_run();
        for (int i = 0; i < 2; i++) {
            /* A bounded number of batches per port per iteration keeps
             * the control socket responsive under load. */
            for (int n = 0; n < 64; n++) {
                struct dp_packet_batch batch;
                dp_packet_batch_init(&batch);
                if (netdev_rxq_recv(ports[i].rxq, &batch)) {
                    break;
                }
                ports[i].n_packets += batch.count;
                if (netdev_send(ports[!i].netdev, 0, &batch, true)) {
                    ports[i].n_errors++;
                }
            }
        }
        if (exiting) {
            break;
        }
        unixctl_server_wait(server);
        netdev_wait();
        for (int i = 0; i < 2; i++) {
            netdev_rxq_wait(ports[i].rxq);
        }
        poll_block();
    }

    VLOG_INFO("%s->%s: %llu packets; %s->%s: %llu packets",
              netdev_get_name(ports[0].netdev),
              netdev_get_name(ports[1].netdev), ports[0].n_packets,
              netdev_get_name(ports[1].netdev),
              netdev_get_name(ports[0].netdev), ports[1].n_packets);
    for (int i = 0; i < 2; i++) {
        netdev_rxq_close(ports[i].rxq);
        netdev_close(ports[i].netdev);
    }
    unixctl_server_destroy(server);
}

static void
test_netdev_main(int argc, char *argv[])
{
    static const struct {
        const char *name;
        int min_args, max_args;
        void (*func)(int argc, char *argv[]);
    } commands[] = {
        { "dummy", 0, 0, test_dummy },
        { "patch", 0, 0, test_patch },
        { "csum", 0, 0, test_csum },
        { "pcap", 0, 0, test_pcap },
        { "pcap-dump", 1, 1, test_pcap_dump },
        { "show", 1, INT_MAX, test_show },
        { "forward", 2, INT_MAX, test_forward },
        { "tcp-sink", 1, 1, test_tcp_sink },
        { "tcp-source", 3, 3, test_tcp_source },
        { "ping", 2, 2, test_ping },
        { "udp-flood", 3, 3, test_udp_flood },
        { "udp-count", 2, 2, test_udp_count },
        { "send-raw", 2, INT_MAX, test_send_raw },
    };

    if (argc < 2) {
        ovs_fatal(0, "usage: ovstest test-netdev COMMAND [ARG...] "
                  "(dummy, patch, csum, pcap, pcap-dump, show, forward, "
                  "tcp-sink, tcp-source, ping, udp-flood, udp-count, "
                  "send-raw)");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            int n = argc - 2;
            if (n < commands[i].min_args || n > commands[i].max_args) {
                ovs_fatal(0, "%s: wrong number of arguments", argv[1]);
            }
            commands[i].func(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "unknown command %s", argv[1]);
}

OVSTEST_REGISTER("test-netdev", test_netdev_main);
