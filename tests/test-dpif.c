/* test-dpif.c -- "ovstest test-dpif": unit tests of lib/dpif.c and the
 * userspace datapath (lib/dpif-netdev.c, lib/odp-execute.c) through dummy
 * netdevs.  Each subcommand prints PASS or aborts with the failed check.
 *
 *   ports        port numbering, add/del/query/dump, errors
 *   upcall       a miss becomes an upcall; after flow_put the packet is
 *                forwarded by the forwarding thread, with statistics
 *   megaflow     a wide mask matches other packets; subtables and masks
 *   flows        put/modify/del/get/flush errors, dump while modifying
 *   execute      every supported action, checksums verified
 *   recirc       recirculation through two flows
 *   overflow     a full upcall queue and disabled receiving count lost
 *   port-churn   ports added and deleted while packets flow
 *   bench N      ns/packet for N packets hitting one megaflow
 *   odp-flow FLOW...        parses and prints back each datapath flow
 *   odp-actions ACTIONS...  parses and prints back each action list
 *   dpctl CMDLINE...        runs each dpctl command line (words split at
 *                spaces) in one process with the clock stopped, printing
 *                its output or "error: MESSAGE"; pseudo-commands:
 *                "inject NETDEV N" makes a dummy netdev receive N UDP
 *                packets and waits until the datapath handled them,
 *                "warp MSEC" advances the clock
 *   serve SOCKET  runs until told "exit", answering "dpctl/..." and
 *                "netdev-dummy/..." on unixctl socket SOCKET (dummy
 *                override on), so that tests can use ovs-appctl */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/openvswitch.h>

#include "dp-packet.h"
#include "dpctl.h"
#include "dpif.h"
#include "dynamic-string.h"
#include "flow.h"
#include "match.h"
#include "netdev.h"
#include "nl-attr.h"
#include "odp-util.h"
#include "ofpbuf.h"
#include "ovstest.h"
#include "packets.h"
#include "poll-loop.h"
#include "sset.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

#define OVS_BE32_MAX ((ovs_be32) 0xffffffff)
#define CHECK_OK(EXPR) OVSTEST_CHECK_INT((EXPR), 0)

static struct eth_addr mac1 = {{ 0x50, 0x54, 0x00, 0x00, 0x00, 0x01 }};
static struct eth_addr mac2 = {{ 0x50, 0x54, 0x00, 0x00, 0x00, 0x02 }};

static struct dp_packet *
make_packet(uint8_t nw_proto, uint32_t src_ip, uint16_t tp_src)
{
    struct packet_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.dl_src = mac1;
    spec.dl_dst = mac2;
    spec.dl_type = ETH_TYPE_IP;
    spec.nw_src = htonl(src_ip);
    spec.nw_dst = htonl(0x0a000002);
    spec.nw_proto = nw_proto;
    spec.tp_src = tp_src;
    spec.tp_dst = 80;
    spec.tcp_flags = 0x002;     /* SYN */
    spec.payload_len = 20;
    struct dp_packet *p = dp_packet_new_with_headroom(128,
                                                      DP_PACKET_HEADROOM);
    packet_compose(p, &spec);
    return p;
}

static void
inject(struct netdev *nd, const struct dp_packet *p)
{
    CHECK_OK(netdev_dummy_receive(nd, dp_packet_data(p), dp_packet_size(p),
                                  0));
}

/* Waits up to 5 s for 'nd' to send a packet. */
static struct dp_packet *
wait_sent(struct netdev *nd)
{
    for (int i = 0; i < 5000; i++) {
        struct dp_packet *p = netdev_dummy_pop_sent(nd);
        if (p) {
            return p;
        }
        usleep(1000);
    }
    return NULL;
}

/* Waits up to 5 s for an upcall on queue 'id', through the poll loop. */
static int
wait_upcall(struct dpif *dpif, uint32_t id, struct dpif_upcall *u)
{
    long long int deadline = time_msec() + 5000;
    for (;;) {
        int error = dpif_recv(dpif, id, u);
        if (error != EAGAIN || time_msec() >= deadline) {
            return error;
        }
        dpif_recv_wait(dpif, id);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Waits until the datapath's n_hit + n_missed + n_lost reaches 'n'. */
static void
wait_processed(struct dpif *dpif, uint64_t n)
{
    for (int i = 0; i < 5000; i++) {
        struct dpif_dp_stats s;
        CHECK_OK(dpif_get_dp_stats(dpif, &s));
        if (s.n_hit + s.n_missed >= n) {
            return;
        }
        usleep(1000);
    }
    ovstest_fail(__FILE__, __LINE__, "packets not processed in time");
}

static bool
packets_equal(const struct dp_packet *a, const struct dp_packet *b)
{
    return dp_packet_size(a) == dp_packet_size(b)
           && !memcmp(dp_packet_data(a), dp_packet_data(b),
                      dp_packet_size(a));
}

static struct dpif *
open_dp(const char *name, struct netdev **p1, struct netdev **p2)
{
    netdev_set_dummy_override(true);
    struct dpif *dpif;
    CHECK_OK(dpif_open(name, "netdev", true, &dpif));
    char n1[64], n2[64];
    snprintf(n1, sizeof n1, "%s-p1", name);
    snprintf(n2, sizeof n2, "%s-p2", name);
    if (p1) {
        odp_port_t port = ODPP_NONE;
        CHECK_OK(netdev_open(n1, "dummy", p1));
        CHECK_OK(dpif_port_add(dpif, *p1, &port));
        OVSTEST_CHECK_INT(port, 1);
    }
    if (p2) {
        odp_port_t port = ODPP_NONE;
        CHECK_OK(netdev_open(n2, "dummy", p2));
        CHECK_OK(dpif_port_add(dpif, *p2, &port));
        OVSTEST_CHECK_INT(port, 2);
    }
    return dpif;
}

static void
close_dp(struct dpif *dpif, struct netdev *p1, struct netdev *p2)
{
    CHECK_OK(dpif_delete(dpif));
    dpif_close(dpif);
    netdev_close(p1);
    netdev_close(p2);
}

static void
put_output_flow(struct dpif *dpif, const struct match *m, odp_port_t out)
{
    struct ofpbuf acts;
    ofpbuf_init(&acts, 64);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, out);
    CHECK_OK(dpif_flow_put(dpif, DPIF_FP_CREATE, m, acts.data, acts.size,
                           NULL, NULL));
    ofpbuf_uninit(&acts);
}

/* ports */

static void
test_ports(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *p1, *p2, *p3;
    struct dpif *dpif = open_dp("tports", &p1, &p2);
    struct dpif *dpif2;
    struct dpif_port port;

    OVSTEST_CHECK_STR(dpif_name(dpif), "tports");
    OVSTEST_CHECK_STR(dpif_type(dpif), "netdev");
    OVSTEST_CHECK_STR(dpif_base_name(dpif), "netdev@tports");

    /* A second handle sees the same datapath. */
    CHECK_OK(dpif_open("tports", "netdev", false, &dpif2));
    CHECK_OK(dpif_port_query_by_name(dpif2, "tports-p2", &port));
    OVSTEST_CHECK_INT(port.port_no, 2);
    OVSTEST_CHECK_STR(port.type, "dummy");
    dpif_port_destroy(&port);
    CHECK_OK(dpif_port_query_by_number(dpif2, 0, &port));
    OVSTEST_CHECK_STR(port.name, "tports");
    OVSTEST_CHECK_STR(port.type, "dummy-internal");
    dpif_port_destroy(&port);
    OVSTEST_CHECK_INT(dpif_port_query_by_number(dpif2, 9, NULL), ENODEV);
    struct dpif *bad;
    OVSTEST_CHECK_INT(dpif_open("nosuchdp", "netdev", false, &bad), ENODEV);
    OVSTEST_CHECK_INT(dpif_open("x", "nosuchtype", true, &bad),
                      EAFNOSUPPORT);

    /* Errors. */
    odp_port_t no = ODPP_NONE;
    OVSTEST_CHECK_INT(dpif_port_add(dpif, p1, &no), EEXIST);
    CHECK_OK(netdev_open("tports-p3", "dummy", &p3));
    no = 2;
    OVSTEST_CHECK_INT(dpif_port_add(dpif, p3, &no), EBUSY);
    no = 7;
    CHECK_OK(dpif_port_add(dpif, p3, &no));
    OVSTEST_CHECK_INT(no, 7);
    OVSTEST_CHECK_INT(dpif_port_del(dpif, 0), EINVAL);
    OVSTEST_CHECK_INT(dpif_port_del(dpif, 5), ENODEV);

    /* Dump in number order; deleting frees the number. */
    struct dpif_port_dump dump;
    struct ds s = DS_EMPTY_INITIALIZER;
    DPIF_PORT_FOR_EACH (&port, &dump, dpif) {
        ds_put_format(&s, "%u:%s(%s) ", port.port_no, port.name, port.type);
    }
    OVSTEST_CHECK_STR(ds_cstr(&s), "0:tports(dummy-internal) "
                      "1:tports-p1(dummy) 2:tports-p2(dummy) "
                      "7:tports-p3(dummy) ");
    CHECK_OK(dpif_port_del(dpif, 1));
    OVSTEST_CHECK_INT(dpif_port_query_by_name(dpif, "tports-p1", NULL),
                      ENODEV);
    no = ODPP_NONE;
    CHECK_OK(dpif_port_add(dpif, p1, &no));
    OVSTEST_CHECK_INT(no, 1);

    /* dpif_run() reports port changes once. */
    OVSTEST_CHECK(dpif_run(dpif2));
    OVSTEST_CHECK(!dpif_run(dpif2));

    struct sset names = SSET_INITIALIZER(&names);
    CHECK_OK(dpif_enumerate_names("netdev", &names));
    OVSTEST_CHECK(sset_contains(&names, "tports"));
    sset_destroy(&names);

    dpif_close(dpif2);
    close_dp(dpif, p1, p2);
    netdev_close(p3);
    ds_destroy(&s);
    printf("PASS\n");
}

/* upcall */

static void
test_upcall(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *p1, *p2;
    struct dpif *dpif = open_dp("tupcall", &p1, &p2);
    struct dpif_upcall u;

    CHECK_OK(dpif_recv_set(dpif, true));
    CHECK_OK(dpif_handlers_set(dpif, 1));
    OVSTEST_CHECK_INT(dpif_recv(dpif, 0, &u), EAGAIN);

    struct dp_packet *pkt = make_packet(IPPROTO_TCP, 0x0a000001, 1234);
    inject(p1, pkt);
    CHECK_OK(wait_upcall(dpif, 0, &u));
    OVSTEST_CHECK_INT(u.type, DPIF_UC_MISS);
    OVSTEST_CHECK(packets_equal(u.packet, pkt));

    /* The upcall's flow is the packet's, with in_port = datapath port. */
    struct flow expect;
    struct dp_packet *copy = dp_packet_clone(pkt);
    copy->md.in_port = 1;
    flow_extract(copy, &expect);
    dp_packet_delete(copy);
    OVSTEST_CHECK(flow_equal(&u.flow, &expect));
    struct match exact;
    exact.flow = expect;
    flow_wildcards_init_exact(&exact.wc);
    OVSTEST_CHECK(ovs_u128_equals(u.ufid, dpif_flow_hash(&exact)));

    /* Install a flow: the same packet is forwarded without an upcall. */
    struct match m;
    match_init_for_packet(&m, &u.flow);
    dpif_upcall_destroy(&u);
    struct ds fs_text = DS_EMPTY_INITIALIZER;
    odp_flow_format(&m, &fs_text);
    OVSTEST_CHECK_STR(ds_cstr(&fs_text),
                      "in_port(1),eth(src=50:54:00:00:00:01,"
                      "dst=50:54:00:00:00:02),eth_type(0x0800),"
                      "ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0,ttl=64,"
                      "frag=no),tcp(src=1234,dst=80),tcp_flags(0x2)");
    ds_destroy(&fs_text);
    put_output_flow(dpif, &m, 2);
    inject(p1, pkt);
    struct dp_packet *sent = wait_sent(p2);
    OVSTEST_CHECK(sent != NULL);
    OVSTEST_CHECK(packets_equal(sent, pkt));
    dp_packet_delete(sent);
    OVSTEST_CHECK_INT(dpif_recv(dpif, 0, &u), EAGAIN);

    struct dpif_flow f;
    struct ofpbuf buf;
    ofpbuf_init(&buf, 0);
    CHECK_OK(dpif_flow_get(dpif, &m, NULL, &buf, &f));
    OVSTEST_CHECK_INT(f.stats.n_packets, 1);
    OVSTEST_CHECK_INT(f.stats.n_bytes, dp_packet_size(pkt));
    OVSTEST_CHECK(f.stats.used > 0);
    OVSTEST_CHECK_INT(f.stats.tcp_flags, 0x002);
    OVSTEST_CHECK_INT(f.actions_len, 8);
    OVSTEST_CHECK(match_equal(&f.match, &m));

    struct dpif_dp_stats s;
    CHECK_OK(dpif_get_dp_stats(dpif, &s));
    OVSTEST_CHECK_INT(s.n_hit, 1);
    OVSTEST_CHECK_INT(s.n_missed, 1);
    OVSTEST_CHECK_INT(s.n_lost, 0);
    OVSTEST_CHECK_INT(s.n_flows, 1);
    OVSTEST_CHECK_INT(s.n_masks, 1);

    /* A second identical packet hits the EMC; stats keep counting. */
    inject(p1, pkt);
    sent = wait_sent(p2);
    OVSTEST_CHECK(sent != NULL);
    dp_packet_delete(sent);
    CHECK_OK(dpif_flow_get(dpif, &m, NULL, &buf, &f));
    OVSTEST_CHECK_INT(f.stats.n_packets, 2);

    /* After a delete the packet misses again (the EMC must not keep the
     * freed flow). */
    struct dpif_flow_stats fs;
    CHECK_OK(dpif_flow_del(dpif, &m, NULL, &fs));
    OVSTEST_CHECK_INT(fs.n_packets, 2);
    inject(p1, pkt);
    CHECK_OK(wait_upcall(dpif, 0, &u));
    OVSTEST_CHECK_INT(u.type, DPIF_UC_MISS);
    dpif_upcall_destroy(&u);
    OVSTEST_CHECK(netdev_dummy_pop_sent(p2) == NULL);

    ofpbuf_uninit(&buf);
    dp_packet_delete(pkt);
    close_dp(dpif, p1, p2);
    printf("PASS\n");
}

/* megaflow */

static void
test_megaflow(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *p1, *p2;
    struct dpif *dpif = open_dp("tmega", &p1, &p2);
    CHECK_OK(dpif_recv_set(dpif, true));

    /* in_port=1, ip, nw_src=10.0.0.0/24 -> 2. */
    struct match m;
    match_init_catchall(&m);
    match_set_in_port(&m, 1);
    match_set_recirc_id(&m, 0);
    match_set_dl_type(&m, htons(ETH_TYPE_IP));
    match_set_nw_src_masked(&m, htonl(0x0a000000), htonl(0xffffff00));
    put_output_flow(dpif, &m, 2);

    /* Another mask: in_port=2 -> 1. */
    struct match m2;
    match_init_catchall(&m2);
    match_set_in_port(&m2, 2);
    put_output_flow(dpif, &m2, 1);

    for (int i = 0; i < 10; i++) {
        struct dp_packet *pkt = make_packet(i % 2 ? IPPROTO_UDP
                                            : IPPROTO_TCP,
                                            0x0a000001 + i, 1000 + i);
        inject(p1, pkt);
        struct dp_packet *sent = wait_sent(p2);
        OVSTEST_CHECK(sent && packets_equal(sent, pkt));
        dp_packet_delete(sent);
        dp_packet_delete(pkt);
    }
    /* Outside the prefix: a miss. */
    struct dp_packet *pkt = make_packet(IPPROTO_TCP, 0x0b000001, 1);
    inject(p1, pkt);
    struct dpif_upcall u;
    CHECK_OK(wait_upcall(dpif, 0, &u));
    OVSTEST_CHECK_INT(u.flow.nw_src, htonl(0x0b000001));
    dpif_upcall_destroy(&u);
    /* From port 2 anything goes to port 1. */
    inject(p2, pkt);
    struct dp_packet *sent = wait_sent(p1);
    OVSTEST_CHECK(sent && packets_equal(sent, pkt));
    dp_packet_delete(sent);
    dp_packet_delete(pkt);

    struct dpif_dp_stats s;
    CHECK_OK(dpif_get_dp_stats(dpif, &s));
    OVSTEST_CHECK_INT(s.n_hit, 11);
    OVSTEST_CHECK_INT(s.n_missed, 1);
    OVSTEST_CHECK_INT(s.n_flows, 2);
    OVSTEST_CHECK_INT(s.n_masks, 2);
    OVSTEST_CHECK(s.n_mask_hit >= 11);

    struct dpif_flow f;
    struct ofpbuf buf;
    ofpbuf_init(&buf, 0);
    CHECK_OK(dpif_flow_get(dpif, &m, NULL, &buf, &f));
    OVSTEST_CHECK_INT(f.stats.n_packets, 10);
    ofpbuf_uninit(&buf);
    close_dp(dpif, p1, p2);
    printf("PASS\n");
}

/* flows */

static void
make_flow(struct match *m, int i)
{
    match_init_catchall(m);
    match_set_in_port(m, 1);
    match_set_dl_type(m, htons(ETH_TYPE_IP));
    match_set_nw_dst_masked(m, htonl(0x0a000000 + i), OVS_BE32_MAX);
}

static void
test_flows(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct dpif *dpif = open_dp("tflows", NULL, NULL);
    struct ofpbuf acts;
    ofpbuf_init(&acts, 64);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 3);
    struct match m;
    enum { N = 200 };

    for (int i = 0; i < N; i++) {
        make_flow(&m, i);
        CHECK_OK(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, acts.data,
                               acts.size, NULL, NULL));
    }
    make_flow(&m, 0);
    OVSTEST_CHECK_INT(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, acts.data,
                                    acts.size, NULL, NULL), EEXIST);
    make_flow(&m, N);
    OVSTEST_CHECK_INT(dpif_flow_put(dpif, DPIF_FP_MODIFY, &m, acts.data,
                                    acts.size, NULL, NULL), ENOENT);
    OVSTEST_CHECK_INT(dpif_flow_del(dpif, &m, NULL, NULL), ENOENT);
    struct dpif_flow f;
    struct ofpbuf buf;
    ofpbuf_init(&buf, 0);
    OVSTEST_CHECK_INT(dpif_flow_get(dpif, &m, NULL, &buf, &f), ENOENT);

    /* Same key, explicit different ufid: EEXIST. */
    make_flow(&m, 1);
    ovs_u128 other = {{ 1, 2, 3, 4 }};
    OVSTEST_CHECK_INT(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, acts.data,
                                    acts.size, &other, NULL), EEXIST);

    /* Unsupported and malformed actions are refused. */
    struct ofpbuf bad;
    ofpbuf_init(&bad, 64);
    nl_msg_put_flag(&bad, OVS_ACTION_ATTR_CT_CLEAR);
    make_flow(&m, N + 1);
    OVSTEST_CHECK_INT(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, bad.data,
                                    bad.size, NULL, NULL), EOPNOTSUPP);
    ofpbuf_clear(&bad);
    nl_msg_put_u16(&bad, OVS_ACTION_ATTR_OUTPUT, 1);
    OVSTEST_CHECK_INT(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, bad.data,
                                    bad.size, NULL, NULL), EINVAL);
    ofpbuf_uninit(&bad);

    /* A flow with no actions (drop), given as NULL. */
    make_flow(&m, N + 2);
    CHECK_OK(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, NULL, 0, NULL, NULL));
    CHECK_OK(dpif_flow_get(dpif, &m, NULL, &buf, &f));
    OVSTEST_CHECK_INT(f.actions_len, 0);
    CHECK_OK(dpif_flow_del(dpif, &m, NULL, NULL));

    /* Modify: new actions; zero stats. */
    ofpbuf_clear(&acts);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 4);
    nl_msg_put_flag(&acts, OVS_ACTION_ATTR_POP_VLAN);
    make_flow(&m, 5);
    CHECK_OK(dpif_flow_put(dpif, DPIF_FP_MODIFY | DPIF_FP_ZERO_STATS, &m,
                           acts.data, acts.size, NULL, NULL));
    CHECK_OK(dpif_flow_get(dpif, &m, NULL, &buf, &f));
    OVSTEST_CHECK_INT(f.actions_len, acts.size);
    OVSTEST_CHECK(!memcmp(f.actions, acts.data, acts.size));

    /* Dump while deleting: flows present throughout come exactly once. */
    int *seen = xcalloc(N, sizeof *seen);
    struct dpif_flow_dump *dump = dpif_flow_dump_create(dpif);
    struct dpif_flow flows[16];
    int n, total = 0, batch = 0;
    while ((n = dpif_flow_dump_next(dump, flows, 16)) > 0) {
        for (int i = 0; i < n; i++) {
            uint32_t dst = ntohl(flows[i].match.flow.nw_dst) - 0x0a000000;
            OVSTEST_CHECK(dst < N);
            seen[dst]++;
            total++;
        }
        if (batch++ == 2) {
            /* Delete the odd flows (some already dumped, some not). */
            for (int i = 1; i < N; i += 2) {
                make_flow(&m, i);
                CHECK_OK(dpif_flow_del(dpif, &m, NULL, NULL));
            }
            /* New flows may or may not appear. */
            for (int i = N; i < N + 10; i++) {
                make_flow(&m, i);
                CHECK_OK(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, acts.data,
                                       acts.size, NULL, NULL));
            }
        }
    }
    CHECK_OK(dpif_flow_dump_destroy(dump));
    for (int i = 0; i < N; i += 2) {
        OVSTEST_CHECK_INT(seen[i], 1);
    }
    for (int i = 1; i < N; i += 2) {
        OVSTEST_CHECK(seen[i] <= 1);
    }
    free(seen);

    struct dpif_dp_stats s;
    CHECK_OK(dpif_get_dp_stats(dpif, &s));
    OVSTEST_CHECK_INT(s.n_flows, N / 2 + 10);
    CHECK_OK(dpif_flow_flush(dpif));
    CHECK_OK(dpif_get_dp_stats(dpif, &s));
    OVSTEST_CHECK_INT(s.n_flows, 0);
    OVSTEST_CHECK_INT(s.n_masks, 0);
    dump = dpif_flow_dump_create(dpif);
    OVSTEST_CHECK_INT(dpif_flow_dump_next(dump, flows, 16), 0);
    CHECK_OK(dpif_flow_dump_destroy(dump));

    ofpbuf_uninit(&buf);
    ofpbuf_uninit(&acts);
    close_dp(dpif, NULL, NULL);
    printf("PASS\n");
}

/* execute */

/* Checks the IPv4 header checksum and the TCP/UDP checksum of 'p'. */
static void
check_csums(const struct dp_packet *p_)
{
    struct dp_packet *p = dp_packet_clone(p_);
    struct flow flow;
    flow_extract(p, &flow);
    const struct ip_header *ip = dp_packet_l3(p);
    OVSTEST_CHECK(ip != NULL);
    size_t ihl = IP_IHL(ip->ip_ihl_ver) * 4;
    OVSTEST_CHECK_INT(csum(ip, ihl), 0);
    const uint8_t *l4 = dp_packet_l4(p);
    size_t l4_len = ntohs(ip->ip_tot_len) - ihl;
    uint32_t sum = packet_csum_pseudoheader(ip);
    sum = csum_continue(sum, l4, l4_len);
    OVSTEST_CHECK_INT(csum_finish(sum), 0);
    dp_packet_delete(p);
}

static struct dp_packet *
execute_1(struct dpif *dpif, const struct dp_packet *pkt,
          const struct ofpbuf *acts, struct netdev *out)
{
    struct dp_packet *p = dp_packet_clone(pkt);
    p->md.in_port = 1;
    struct dpif_execute e = {
        .packet = p, .actions = acts->data, .actions_len = acts->size,
    };
    CHECK_OK(dpif_execute(dpif, &e));
    /* The caller's packet is unchanged. */
    OVSTEST_CHECK(packets_equal(p, pkt));
    dp_packet_delete(p);
    return out ? netdev_dummy_pop_sent(out) : NULL;
}

static void
test_execute(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *p1, *p2;
    struct dpif *dpif = open_dp("texec", &p1, &p2);
    struct ofpbuf acts;
    ofpbuf_init(&acts, 64);
    struct dp_packet *tcp = make_packet(IPPROTO_TCP, 0x0a000001, 1234);
    struct dp_packet *udp = make_packet(IPPROTO_UDP, 0x0a000001, 1234);
    struct dp_packet *sent;
    struct flow flow;

    /* output twice: two copies. */
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 1);
    sent = execute_1(dpif, tcp, &acts, p2);
    OVSTEST_CHECK(sent && packets_equal(sent, tcp));
    dp_packet_delete(sent);
    sent = netdev_dummy_pop_sent(p1);
    OVSTEST_CHECK(sent && packets_equal(sent, tcp));
    dp_packet_delete(sent);

    /* push_vlan, output, pop_vlan, output. */
    ofpbuf_clear(&acts);
    struct ovs_action_push_vlan vlan = {
        .vlan_tpid = htons(ETH_TYPE_VLAN),
        .vlan_tci = htons(VLAN_CFI | 10 | (3 << VLAN_PCP_SHIFT)),
    };
    nl_msg_put_unspec(&acts, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof vlan);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    nl_msg_put_flag(&acts, OVS_ACTION_ATTR_POP_VLAN);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    sent = execute_1(dpif, tcp, &acts, p2);
    OVSTEST_CHECK(sent != NULL);
    OVSTEST_CHECK_INT(dp_packet_size(sent), dp_packet_size(tcp) + 4);
    flow_extract(sent, &flow);
    OVSTEST_CHECK_INT(flow.vlans[0].tci,
                      htons(VLAN_CFI | 10 | (3 << VLAN_PCP_SHIFT)));
    OVSTEST_CHECK_INT(flow.dl_type, htons(ETH_TYPE_IP));
    OVSTEST_CHECK_INT(flow.tp_src, htons(1234));
    dp_packet_delete(sent);
    sent = netdev_dummy_pop_sent(p2);
    OVSTEST_CHECK(sent && packets_equal(sent, tcp));
    dp_packet_delete(sent);

    /* set(eth). */
    ofpbuf_clear(&acts);
    struct ovs_key_ethernet eth;
    memcpy(eth.eth_src, mac2.ea, 6);
    memcpy(eth.eth_dst, mac1.ea, 6);
    size_t ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET);
    nl_msg_put_unspec(&acts, OVS_KEY_ATTR_ETHERNET, &eth, sizeof eth);
    nl_msg_end_nested(&acts, ofs);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    sent = execute_1(dpif, tcp, &acts, p2);
    flow_extract(sent, &flow);
    OVSTEST_CHECK(eth_addr_equals(flow.dl_src, mac2));
    OVSTEST_CHECK(eth_addr_equals(flow.dl_dst, mac1));
    dp_packet_delete(sent);

    /* set(ipv4) on TCP and UDP, then set_masked(ipv4), checksums. */
    for (int i = 0; i < 2; i++) {
        struct dp_packet *pkt = i ? udp : tcp;
        ofpbuf_clear(&acts);
        struct ovs_key_ipv4 ip = {
            .ipv4_src = htonl(0xc0a80001), .ipv4_dst = htonl(0xc0a80002),
            .ipv4_proto = i ? IPPROTO_UDP : IPPROTO_TCP,
            .ipv4_tos = 0x10, .ipv4_ttl = 9,
        };
        ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET);
        nl_msg_put_unspec(&acts, OVS_KEY_ATTR_IPV4, &ip, sizeof ip);
        nl_msg_end_nested(&acts, ofs);
        nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
        struct ovs_key_ipv4 ipm[2];
        memset(ipm, 0, sizeof ipm);
        ipm[0].ipv4_dst = htonl(0x0a0a0000);
        ipm[1].ipv4_dst = htonl(0xffff0000);
        ipm[0].ipv4_ttl = 7;
        ipm[1].ipv4_ttl = 0xff;
        ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET_MASKED);
        nl_msg_put_unspec(&acts, OVS_KEY_ATTR_IPV4, ipm, sizeof ipm);
        nl_msg_end_nested(&acts, ofs);
        struct ovs_key_tcp ports = { htons(5555), htons(6666) };
        ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET);
        nl_msg_put_unspec(&acts, i ? OVS_KEY_ATTR_UDP : OVS_KEY_ATTR_TCP,
                          &ports, sizeof ports);
        nl_msg_end_nested(&acts, ofs);
        nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);

        sent = execute_1(dpif, pkt, &acts, p2);
        flow_extract(sent, &flow);
        OVSTEST_CHECK_INT(flow.nw_src, htonl(0xc0a80001));
        OVSTEST_CHECK_INT(flow.nw_dst, htonl(0xc0a80002));
        OVSTEST_CHECK_INT(flow.nw_tos, 0x10);
        OVSTEST_CHECK_INT(flow.nw_ttl, 9);
        check_csums(sent);
        dp_packet_delete(sent);
        sent = netdev_dummy_pop_sent(p2);
        flow_extract(sent, &flow);
        OVSTEST_CHECK_INT(flow.nw_src, htonl(0xc0a80001));
        OVSTEST_CHECK_INT(flow.nw_dst, htonl(0x0a0a0002));
        OVSTEST_CHECK_INT(flow.nw_ttl, 7);
        OVSTEST_CHECK_INT(flow.tp_src, htons(5555));
        OVSTEST_CHECK_INT(flow.tp_dst, htons(6666));
        check_csums(sent);
        dp_packet_delete(sent);
    }

    /* The same rewrites on packets whose L4 checksum is still partial
     * (only the pseudo-header sum, as from a tap device): the result must
     * be right once the checksum is finished. */
    for (int i = 0; i < 2; i++) {
        struct dp_packet *pkt = dp_packet_clone(i ? udp : tcp);
        struct flow f0;
        flow_extract(pkt, &f0);
        struct ip_header *ip = dp_packet_l3(pkt);
        uint8_t *l4 = dp_packet_l4(pkt);
        size_t field = i ? 6 : 16;
        ovs_be16 partial = ~csum_finish(packet_csum_pseudoheader(ip));
        memcpy(l4 + field, &partial, 2);
        pkt->offloads |= DP_PACKET_CSUM_PARTIAL;
        pkt->csum_start = l4 - (uint8_t *) dp_packet_data(pkt);
        pkt->csum_offset = field;

        ofpbuf_clear(&acts);
        struct ovs_key_ipv4 ipm[2];
        memset(ipm, 0, sizeof ipm);
        ipm[0].ipv4_src = htonl(0xac100001);
        ipm[1].ipv4_src = OVS_BE32_MAX;
        ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET_MASKED);
        nl_msg_put_unspec(&acts, OVS_KEY_ATTR_IPV4, ipm, sizeof ipm);
        nl_msg_end_nested(&acts, ofs);
        struct ovs_key_tcp ports = { htons(7), htons(8) };
        ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET);
        nl_msg_put_unspec(&acts, i ? OVS_KEY_ATTR_UDP : OVS_KEY_ATTR_TCP,
                          &ports, sizeof ports);
        nl_msg_end_nested(&acts, ofs);
        nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
        struct dpif_execute ex = { .packet = pkt, .actions = acts.data,
                                   .actions_len = acts.size };
        CHECK_OK(dpif_execute(dpif, &ex));
        sent = netdev_dummy_pop_sent(p2);
        OVSTEST_CHECK(sent != NULL);
        CHECK_OK(dp_packet_finish_csum(sent));
        flow_extract(sent, &flow);
        OVSTEST_CHECK_INT(flow.nw_src, htonl(0xac100001));
        OVSTEST_CHECK_INT(flow.tp_src, htons(7));
        check_csums(sent);
        dp_packet_delete(sent);
        dp_packet_delete(pkt);
    }

    /* IPv6: set addresses, label, hop limit; UDP checksum kept right. */
    {
        struct packet_spec spec;
        memset(&spec, 0, sizeof spec);
        spec.dl_src = mac1;
        spec.dl_dst = mac2;
        spec.dl_type = ETH_TYPE_IPV6;
        ipv6_parse("2001:db8::1", &spec.ipv6_src);
        ipv6_parse("2001:db8::2", &spec.ipv6_dst);
        spec.nw_proto = IPPROTO_UDP;
        spec.tp_src = 1;
        spec.tp_dst = 2;
        spec.payload_len = 11;
        struct dp_packet *p6 = dp_packet_new_with_headroom(128, 128);
        packet_compose(p6, &spec);

        ofpbuf_clear(&acts);
        struct ovs_key_ipv6 k6;
        memset(&k6, 0, sizeof k6);
        struct in6_addr a;
        ipv6_parse("fe80::99", &a);
        memcpy(k6.ipv6_src, &a, 16);
        ipv6_parse("2001:db8::2", &a);
        memcpy(k6.ipv6_dst, &a, 16);
        k6.ipv6_label = htonl(0x12345);
        k6.ipv6_proto = IPPROTO_UDP;
        k6.ipv6_hlimit = 5;
        ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET);
        nl_msg_put_unspec(&acts, OVS_KEY_ATTR_IPV6, &k6, sizeof k6);
        nl_msg_end_nested(&acts, ofs);
        nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
        sent = execute_1(dpif, p6, &acts, p2);
        OVSTEST_CHECK(sent != NULL);
        flow_extract(sent, &flow);
        ipv6_parse("fe80::99", &a);
        OVSTEST_CHECK(ipv6_addr_equals(&flow.ipv6_src, &a));
        OVSTEST_CHECK_INT(flow.ipv6_label, htonl(0x12345));
        OVSTEST_CHECK_INT(flow.nw_ttl, 5);
        const struct ovs_16aligned_ip6_hdr *ip6 = dp_packet_l3(sent);
        const uint8_t *l4 = dp_packet_l4(sent);
        size_t l4_len = (const uint8_t *) dp_packet_data(sent)
                        + dp_packet_size(sent) - l4;
        uint32_t sum = packet_csum_pseudoheader6(ip6, l4_len, IPPROTO_UDP);
        OVSTEST_CHECK_INT(csum_finish(csum_continue(sum, l4, l4_len)), 0);
        dp_packet_delete(sent);
        dp_packet_delete(p6);
    }

    /* trunc(60) applies to the next output only. */
    ofpbuf_clear(&acts);
    struct ovs_action_trunc trunc = { 60 };
    nl_msg_put_unspec(&acts, OVS_ACTION_ATTR_TRUNC, &trunc, sizeof trunc);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    sent = execute_1(dpif, tcp, &acts, p2);
    OVSTEST_CHECK_INT(dp_packet_size(sent), 60);
    dp_packet_delete(sent);
    sent = netdev_dummy_pop_sent(p2);
    OVSTEST_CHECK_INT(dp_packet_size(sent), dp_packet_size(tcp));
    dp_packet_delete(sent);

    /* clone(push_vlan, output) leaves the original untouched. */
    ofpbuf_clear(&acts);
    ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_CLONE);
    nl_msg_put_unspec(&acts, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof vlan);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    nl_msg_end_nested(&acts, ofs);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 2);
    sent = execute_1(dpif, tcp, &acts, p2);
    OVSTEST_CHECK_INT(dp_packet_size(sent), dp_packet_size(tcp) + 4);
    dp_packet_delete(sent);
    sent = netdev_dummy_pop_sent(p2);
    OVSTEST_CHECK(sent && packets_equal(sent, tcp));
    dp_packet_delete(sent);

    /* sample: probability all and none. */
    for (int i = 0; i < 2; i++) {
        ofpbuf_clear(&acts);
        ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SAMPLE);
        nl_msg_put_u32(&acts, OVS_SAMPLE_ATTR_PROBABILITY,
                       i ? 0 : UINT32_MAX);
        size_t ofs2 = nl_msg_start_nested(&acts, OVS_SAMPLE_ATTR_ACTIONS);
        nl_msg_put_u32(&acts, OVS_ACTION_ATTR_OUTPUT, 1);
        nl_msg_end_nested(&acts, ofs2);
        nl_msg_end_nested(&acts, ofs);
        sent = execute_1(dpif, tcp, &acts, p1);
        OVSTEST_CHECK_INT(sent != NULL, !i);
        dp_packet_delete(sent);
    }

    /* userspace: an action upcall with the userdata; set(skb_mark) and
     * hash show up in its flow. */
    CHECK_OK(dpif_recv_set(dpif, true));
    ofpbuf_clear(&acts);
    ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_SET);
    nl_msg_put_u32(&acts, OVS_KEY_ATTR_SKB_MARK, 0x42);
    nl_msg_end_nested(&acts, ofs);
    ofs = nl_msg_start_nested(&acts, OVS_ACTION_ATTR_USERSPACE);
    nl_msg_put_u32(&acts, OVS_USERSPACE_ATTR_PID, 0);
    nl_msg_put_unspec(&acts, OVS_USERSPACE_ATTR_USERDATA, "cookie", 6);
    nl_msg_end_nested(&acts, ofs);
    execute_1(dpif, tcp, &acts, NULL);
    struct dpif_upcall u;
    CHECK_OK(dpif_recv(dpif, 0, &u));
    OVSTEST_CHECK_INT(u.type, DPIF_UC_ACTION);
    OVSTEST_CHECK(u.userdata != NULL);
    OVSTEST_CHECK_INT(nl_attr_get_size(u.userdata), 6);
    OVSTEST_CHECK(!memcmp(nl_attr_get(u.userdata), "cookie", 6));
    OVSTEST_CHECK_INT(u.flow.pkt_mark, 0x42);
    OVSTEST_CHECK_INT(u.flow.in_port, 1);
    OVSTEST_CHECK(packets_equal(u.packet, tcp));
    dpif_upcall_destroy(&u);

    /* Unsupported actions are refused, not ignored. */
    ofpbuf_clear(&acts);
    nl_msg_put_flag(&acts, OVS_ACTION_ATTR_CT_CLEAR);
    struct dpif_execute e = { .packet = tcp, .actions = acts.data,
                              .actions_len = acts.size };
    OVSTEST_CHECK_INT(dpif_execute(dpif, &e), EOPNOTSUPP);

    dp_packet_delete(tcp);
    dp_packet_delete(udp);
    ofpbuf_uninit(&acts);
    close_dp(dpif, p1, p2);
    printf("PASS\n");
}

/* recirc */

static void
test_recirc(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *p1, *p2;
    struct dpif *dpif = open_dp("trecirc", &p1, &p2);
    CHECK_OK(dpif_recv_set(dpif, true));
    struct ofpbuf acts;
    ofpbuf_init(&acts, 64);

    /* recirc_id=0,in_port=1: hash, recirc(7); recirc_id=7: output 2. */
    struct match m;
    match_init_catchall(&m);
    match_set_in_port(&m, 1);
    match_set_recirc_id(&m, 0);
    struct ovs_action_hash h = { OVS_HASH_ALG_L4, 0 };
    nl_msg_put_unspec(&acts, OVS_ACTION_ATTR_HASH, &h, sizeof h);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_RECIRC, 7);
    CHECK_OK(dpif_flow_put(dpif, DPIF_FP_CREATE, &m, acts.data, acts.size,
                           NULL, NULL));

    struct dp_packet *pkt = make_packet(IPPROTO_TCP, 0x0a000001, 1);
    inject(p1, pkt);
    /* No flow for recirc_id 7 yet: a miss with recirc_id and dp_hash. */
    struct dpif_upcall u;
    CHECK_OK(wait_upcall(dpif, 0, &u));
    OVSTEST_CHECK_INT(u.flow.recirc_id, 7);
    OVSTEST_CHECK(u.flow.dp_hash != 0);
    OVSTEST_CHECK_INT(u.flow.in_port, 1);
    dpif_upcall_destroy(&u);

    match_init_catchall(&m);
    match_set_recirc_id(&m, 7);
    put_output_flow(dpif, &m, 2);
    inject(p1, pkt);
    struct dp_packet *sent = wait_sent(p2);
    OVSTEST_CHECK(sent && packets_equal(sent, pkt));
    dp_packet_delete(sent);

    /* A loop is cut off, not followed forever. */
    ofpbuf_clear(&acts);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_RECIRC, 7);
    CHECK_OK(dpif_flow_put(dpif, DPIF_FP_MODIFY, &m, acts.data, acts.size,
                           NULL, NULL));
    inject(p1, pkt);
    /* 2 lookups for each earlier packet, 1 + 6 recirculations for this
     * one, then it is dropped. */
    wait_processed(dpif, 2 + 2 + 7);
    struct dpif_dp_stats s;
    CHECK_OK(dpif_get_dp_stats(dpif, &s));
    OVSTEST_CHECK_INT(s.n_hit + s.n_missed, 11);
    OVSTEST_CHECK(netdev_dummy_pop_sent(p2) == NULL);

    dp_packet_delete(pkt);
    ofpbuf_uninit(&acts);
    close_dp(dpif, p1, p2);
    printf("PASS\n");
}

/* overflow */

static void
test_overflow(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *p1;
    struct dpif *dpif = open_dp("toverflow", &p1, NULL);
    struct dpif_dp_stats s;
    struct dpif_upcall u;

    /* Receiving disabled: misses are lost. */
    struct dp_packet *pkt = make_packet(IPPROTO_UDP, 0x0a000001, 1);
    inject(p1, pkt);
    wait_processed(dpif, 1);
    CHECK_OK(dpif_get_dp_stats(dpif, &s));
    OVSTEST_CHECK_INT(s.n_missed, 1);
    OVSTEST_CHECK_INT(s.n_lost, 1);
    dp_packet_delete(pkt);

    /* 1100 misses into a 1024-entry queue: 76 lost. */
    CHECK_OK(dpif_recv_set(dpif, true));
    CHECK_OK(dpif_handlers_set(dpif, 1));
    for (int i = 0; i < 1100; i++) {
        pkt = make_packet(IPPROTO_UDP, 0x0a000001, i);
        inject(p1, pkt);
        dp_packet_delete(pkt);
        if (i % 500 == 499) {
            wait_processed(dpif, 1 + i + 1);
        }
    }
    wait_processed(dpif, 1101);
    CHECK_OK(dpif_get_dp_stats(dpif, &s));
    OVSTEST_CHECK_INT(s.n_missed, 1101);
    OVSTEST_CHECK_INT(s.n_lost, 1 + 76);
    int n = 0;
    while (!dpif_recv(dpif, 0, &u)) {
        OVSTEST_CHECK_INT(ntohs(u.flow.tp_src), n);
        dpif_upcall_destroy(&u);
        n++;
    }
    OVSTEST_CHECK_INT(n, 1024);

    /* Several handlers: one flow always goes to the same queue. */
    CHECK_OK(dpif_handlers_set(dpif, 4));
    pkt = make_packet(IPPROTO_UDP, 0x0a000001, 9);
    for (int i = 0; i < 3; i++) {
        inject(p1, pkt);
    }
    wait_processed(dpif, 1104);
    int per_queue[4] = { 0 };
    for (int q = 0; q < 4; q++) {
        while (!dpif_recv(dpif, q, &u)) {
            per_queue[q]++;
            dpif_upcall_destroy(&u);
        }
    }
    int maxq = 0;
    for (int q = 0; q < 4; q++) {
        maxq = per_queue[q] > maxq ? per_queue[q] : maxq;
    }
    OVSTEST_CHECK_INT(maxq, 3);
    dp_packet_delete(pkt);

    /* Purge. */
    inject(p1, pkt = make_packet(IPPROTO_UDP, 0x0a000001, 9));
    wait_processed(dpif, 1105);
    dpif_recv_purge(dpif);
    for (int q = 0; q < 4; q++) {
        OVSTEST_CHECK_INT(dpif_recv(dpif, q, &u), EAGAIN);
    }
    dp_packet_delete(pkt);
    close_dp(dpif, p1, NULL);
    printf("PASS\n");
}

/* port-churn */

struct churn_ctx {
    struct netdev *p1;
    atomic_bool stop;
    atomic_int sent;
};

static void *
churn_injector(void *ctx_)
{
    struct churn_ctx *ctx = ctx_;
    struct dp_packet *pkt = make_packet(IPPROTO_UDP, 0x0a000001, 1);
    while (!atomic_load(&ctx->stop)) {
        netdev_dummy_receive(ctx->p1, dp_packet_data(pkt),
                             dp_packet_size(pkt), 0);
        atomic_fetch_add(&ctx->sent, 1);
        usleep(50);
    }
    dp_packet_delete(pkt);
    return NULL;
}

static void
drain_sent(struct netdev *nd)
{
    struct dp_packet *p;
    while ((p = netdev_dummy_pop_sent(nd))) {
        dp_packet_delete(p);
    }
}

static void
test_port_churn(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct netdev *p1, *p2;
    struct dpif *dpif = open_dp("tchurn", &p1, &p2);
    struct match m;
    match_init_catchall(&m);
    put_output_flow(dpif, &m, 2);

    struct churn_ctx ctx = { .p1 = p1 };
    atomic_init(&ctx.stop, false);
    atomic_init(&ctx.sent, 0);
    pthread_t thread;
    pthread_create(&thread, NULL, churn_injector, &ctx);
    /* Churn only under traffic: on a loaded machine the injector may not
     * have run yet, and then the loop below would test nothing. */
    while (!atomic_load(&ctx.sent)) {
        usleep(100);
    }
    int sent_before = atomic_load(&ctx.sent);

    for (int i = 0; i < 50; i++) {
        char name[32];
        struct netdev *nd;
        odp_port_t no = ODPP_NONE;

        /* At least one packet between two rounds of churn. */
        int s0 = atomic_load(&ctx.sent);
        while (atomic_load(&ctx.sent) == s0) {
            usleep(50);
        }
        snprintf(name, sizeof name, "tchurn-x%d", i);
        CHECK_OK(netdev_open(name, "dummy", &nd));
        CHECK_OK(dpif_port_add(dpif, nd, &no));
        OVSTEST_CHECK_INT(no, 3);
        /* The output port disappears and comes back under traffic. */
        CHECK_OK(dpif_port_del(dpif, 2));
        no = 2;
        CHECK_OK(dpif_port_add(dpif, p2, &no));
        CHECK_OK(dpif_port_del(dpif, 3));
        netdev_close(nd);
        drain_sent(p2);
    }
    atomic_store(&ctx.stop, true);
    pthread_join(thread, NULL);

    /* Still forwarding afterwards. */
    drain_sent(p2);
    struct dp_packet *pkt = make_packet(IPPROTO_UDP, 0x0a000001, 1);
    inject(p1, pkt);
    struct dp_packet *sent = wait_sent(p2);
    OVSTEST_CHECK(sent != NULL);
    dp_packet_delete(sent);
    dp_packet_delete(pkt);
    OVSTEST_CHECK(atomic_load(&ctx.sent) >= sent_before + 50);
    close_dp(dpif, p1, p2);
    printf("PASS\n");
}

/* bench */

static void
test_bench(int argc, char *argv[])
{
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    struct netdev *p1, *p2;
    struct dpif *dpif = open_dp("tbench", &p1, &p2);
    struct match m;
    match_init_catchall(&m);
    match_set_in_port(&m, 1);
    match_set_dl_type(&m, htons(ETH_TYPE_IP));
    put_output_flow(dpif, &m, 2);

    struct dp_packet *pkt = make_packet(IPPROTO_UDP, 0x0a000001, 1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int received = 0;
    for (int i = 0; i < n; i++) {
        /* The dummy queues hold 1024: inject in bursts and drain. */
        netdev_dummy_receive(p1, dp_packet_data(pkt), dp_packet_size(pkt),
                             0);
        if (i % 256 == 255 || i == n - 1) {
            int want = i + 1;
            while (received < want) {
                struct dp_packet *s = netdev_dummy_pop_sent(p2);
                if (s) {
                    dp_packet_delete(s);
                    received++;
                } else {
                    sched_yield();
                }
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
    printf("%d packets, %.0f ns/packet (inject + forward + collect)\n",
           n, ns / n);

    /* The fast path alone, on this thread: dpif_execute() of
     * "recirc(1)" looks the packet up again in the megaflow table (a
     * second mask, recirc_id=1, hits) and outputs it; no device wakeups.
     * The figure includes the copy that dpif_execute() makes. */
    match_init_catchall(&m);
    match_set_recirc_id(&m, 1);
    match_set_in_port(&m, 1);
    put_output_flow(dpif, &m, 2);
    struct ofpbuf acts;
    ofpbuf_init(&acts, 16);
    nl_msg_put_u32(&acts, OVS_ACTION_ATTR_RECIRC, 1);
    pkt->md.in_port = 1;
    struct dpif_execute ex = { .packet = pkt, .actions = acts.data,
                               .actions_len = acts.size };
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) {
        CHECK_OK(dpif_execute(dpif, &ex));
        dp_packet_delete(netdev_dummy_pop_sent(p2));
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
    printf("%d packets, %.0f ns/packet (execute + megaflow hit + output, "
           "one thread)\n", n, ns / n);
    ofpbuf_uninit(&acts);

    /* For scale: what the dummy devices alone cost, injecting into a queue
     * that this thread reads itself, then freeing (no datapath). */
    struct netdev *p9;
    struct netdev_rxq *rxq;
    CHECK_OK(netdev_open("tbench-p9", "dummy", &p9));
    CHECK_OK(netdev_rxq_open(p9, &rxq, 0));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) {
        netdev_dummy_receive(p9, dp_packet_data(pkt), dp_packet_size(pkt),
                             0);
        if (i % 256 == 255 || i == n - 1) {
            struct dp_packet_batch batch;
            dp_packet_batch_init(&batch);
            while (!netdev_rxq_recv(rxq, &batch)) {
                dp_packet_delete_batch(&batch);
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
    printf("%d packets, %.0f ns/packet (dummy inject + receive only)\n",
           n, ns / n);
    netdev_rxq_close(rxq);
    netdev_close(p9);
    dp_packet_delete(pkt);
    close_dp(dpif, p1, p2);
}

/* odp-flow, odp-actions */

static void
test_odp_flow(int argc, char *argv[])
{
    for (int i = 1; i < argc; i++) {
        struct match m;
        char *error = odp_flow_from_string(argv[i], &m);
        if (error) {
            printf("error: %s\n", error);
            free(error);
            continue;
        }
        struct ds s = DS_EMPTY_INITIALIZER;
        odp_flow_format(&m, &s);
        /* Printing is the inverse of parsing. */
        printf("%s\n", ds_cstr(&s));
        fflush(stdout);
        struct match m2;
        error = odp_flow_from_string(ds_cstr(&s), &m2);
        OVSTEST_CHECK(!error && match_equal(&m, &m2));
        ds_destroy(&s);
    }
}

static void
test_odp_actions(int argc, char *argv[])
{
    for (int i = 1; i < argc; i++) {
        struct ofpbuf acts;
        ofpbuf_init(&acts, 64);
        char *error = odp_actions_from_string(argv[i], &acts);
        if (error) {
            printf("error: %s\n", error);
            free(error);
            ofpbuf_uninit(&acts);
            continue;
        }
        struct ds s = DS_EMPTY_INITIALIZER;
        odp_actions_format(acts.data, acts.size, &s);
        struct ofpbuf acts2;
        ofpbuf_init(&acts2, 64);
        error = odp_actions_from_string(ds_cstr(&s), &acts2);
        printf("%s\n", ds_cstr(&s));
        fflush(stdout);
        OVSTEST_CHECK(!error && ofpbuf_equal(&acts, &acts2));
        ds_destroy(&s);
        ofpbuf_uninit(&acts);
        ofpbuf_uninit(&acts2);
    }
}

/* dpctl */

static void
test_dpctl(int argc, char *argv[])
{
    netdev_set_dummy_override(true);
    timeval_stop();
    uint64_t handled = 0;

    for (int i = 1; i < argc; i++) {
        char *copy = xstrdup(argv[i]);
        const char *words[64];
        int n = 0;
        char *save = NULL;
        for (char *w = strtok_r(copy, " ", &save); w && n < 63;
             w = strtok_r(NULL, " ", &save)) {
            words[n++] = w;
        }
        words[n] = NULL;
        if (n == 3 && !strcmp(words[0], "inject")) {
            struct netdev *nd = netdev_from_name(words[1]);
            OVSTEST_CHECK(nd != NULL);
            struct dp_packet *pkt = make_packet(IPPROTO_UDP, 0x0a000001,
                                                1234);
            int count = atoi(words[2]);
            for (int j = 0; j < count; j++) {
                inject(nd, pkt);
            }
            dp_packet_delete(pkt);
            handled += count;
            /* The only datapath is the one the test made. */
            struct sset names = SSET_INITIALIZER(&names);
            dpif_enumerate_names("netdev", &names);
            struct dpif *dpif;
            CHECK_OK(dpif_open(sset_first_name__(&names), "netdev", false,
                               &dpif));
            wait_processed(dpif, handled);
            dpif_close(dpif);
            sset_destroy(&names);
            netdev_close(nd);
        } else if (n == 2 && !strcmp(words[0], "warp")) {
            timeval_warp(atoll(words[1]), atoll(words[1]));
        } else {
            struct ds out = DS_EMPTY_INITIALIZER;
            struct dpctl_params p = { .output = &out };
            if (dpctl_run_command(n, words, &p)) {
                printf("error: %s\n", ds_cstr(&out));
            } else {
                fputs(ds_cstr(&out), stdout);
            }
            ds_destroy(&out);
        }
        free(copy);
    }
}

/* serve */

static bool serve_exiting;

static void
serve_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
           const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    serve_exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
test_serve(int argc OVS_UNUSED, char *argv[])
{
    struct unixctl_server *server;
    netdev_set_dummy_override(true);
    CHECK_OK(unixctl_server_create(argv[1], &server));
    unixctl_command_register("exit", "", 0, 0, serve_exit, NULL);
    dpctl_unixctl_register();
    netdev_dummy_register();
    while (!serve_exiting) {
        unixctl_server_run(server);
        netdev_run();
        if (serve_exiting) {
            break;
        }
        unixctl_server_wait(server);
        netdev_wait();
        poll_block();
    }
    unixctl_server_destroy(server);
}

static void
test_dpif_main(int argc, char *argv[])
{
    static const struct {
        const char *name;
        void (*func)(int argc, char *argv[]);
    } commands[] = {
        { "ports", test_ports },
        { "upcall", test_upcall },
        { "megaflow", test_megaflow },
        { "flows", test_flows },
        { "execute", test_execute },
        { "recirc", test_recirc },
        { "overflow", test_overflow },
        { "port-churn", test_port_churn },
        { "bench", test_bench },
        { "odp-flow", test_odp_flow },
        { "odp-actions", test_odp_actions },
        { "dpctl", test_dpctl },
        { "serve", test_serve },
    };
    if (argc < 2) {
        ovs_fatal(0, "usage: ovstest test-dpif COMMAND (ports, upcall, "
                  "megaflow, flows, execute, recirc, overflow, port-churn, "
                  "bench N)");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            commands[i].func(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "unknown command %s", argv[1]);
}

OVSTEST_REGISTER("test-dpif", test_dpif_main);
