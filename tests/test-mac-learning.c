/* test-mac-learning.c -- "ovstest test-mac-learning": unit tests of
 * lib/mac-learning.c.  Each subcommand prints PASS or aborts with the
 * failed check.  The clock is stopped and warped (timeval_warp()), so
 * aging is exact.
 *
 *   basic      learn, lookup, move, refresh, per-VLAN separation,
 *              multicast/broadcast never learned, sequence number
 *   flush      flush all, flush by port, flush by VLAN
 *   aging      entries expire after the idle time, refresh postpones it,
 *              changing the idle time, dump ages and order
 *   eviction   a full table evicts the least recently used entry
 *   wait       mac_learning_wait() wakes the poll loop at expiry
 *   threads    handler threads learn and look up while one thread expires
 *              and flushes */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "mac-learning.h"
#include "ovstest.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"

/* Ports are opaque pointers: use the addresses of these. */
static int ports[8];
#define P(N) ((void *) &ports[N])

static struct eth_addr
mac(unsigned int n)
{
    struct eth_addr e = { { 0x02, 0x00, 0, (n >> 16) & 0xff,
                            (n >> 8) & 0xff, n & 0xff } };
    return e;
}

static void
check_stats(const struct mac_learning *ml, uint64_t learned,
            uint64_t expired, uint64_t evicted, uint64_t moved,
            size_t n_entries)
{
    struct mac_learning_stats s;

    mac_learning_get_stats(ml, &s);
    OVSTEST_CHECK_INT(s.n_learned, learned);
    OVSTEST_CHECK_INT(s.n_expired, expired);
    OVSTEST_CHECK_INT(s.n_evicted, evicted);
    OVSTEST_CHECK_INT(s.n_moved, moved);
    OVSTEST_CHECK_INT(s.n_entries, n_entries);
}

static void
test_basic(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(300);
    uint64_t seq = mac_learning_seq(ml);

    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(1), 0));

    /* New entry: changed, seq moves. */
    OVSTEST_CHECK(mac_learning_learn(ml, mac(1), 0, P(1)));
    OVSTEST_CHECK(mac_learning_seq(ml) != seq);
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(1), 0) == P(1));

    /* Same port again: a refresh, not a change; seq stays. */
    seq = mac_learning_seq(ml);
    OVSTEST_CHECK(!mac_learning_learn(ml, mac(1), 0, P(1)));
    OVSTEST_CHECK_INT(mac_learning_seq(ml), seq);

    /* VLANs are separate tables. */
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(1), 10));
    OVSTEST_CHECK(mac_learning_learn(ml, mac(1), 10, P(2)));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(1), 10) == P(2));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(1), 0) == P(1));

    /* Move. */
    seq = mac_learning_seq(ml);
    OVSTEST_CHECK(mac_learning_learn(ml, mac(1), 0, P(3)));
    OVSTEST_CHECK(mac_learning_seq(ml) != seq);
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(1), 0) == P(3));

    /* Multicast and broadcast sources are never learned. */
    seq = mac_learning_seq(ml);
    OVSTEST_CHECK(!mac_learning_learn(ml, eth_addr_broadcast, 0, P(1)));
    struct eth_addr mcast = { { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 } };
    OVSTEST_CHECK(!mac_learning_learn(ml, mcast, 0, P(1)));
    OVSTEST_CHECK(!mac_learning_lookup(ml, eth_addr_broadcast, 0));
    OVSTEST_CHECK(!mac_learning_lookup(ml, mcast, 0));
    OVSTEST_CHECK_INT(mac_learning_seq(ml), seq);

    check_stats(ml, 2, 0, 0, 1, 2);
    mac_learning_clear_stats(ml);
    check_stats(ml, 0, 0, 0, 0, 2);

    mac_learning_destroy(ml);
    mac_learning_destroy(NULL);
    printf("PASS\n");
}

static void
test_flush(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(300);

    for (unsigned int i = 0; i < 30; i++) {
        OVSTEST_CHECK(mac_learning_learn(ml, mac(i), i % 3, P(i % 5)));
    }
    check_stats(ml, 30, 0, 0, 0, 30);

    /* Port 2 has i = 2, 7, 12, 17, 22, 27. */
    uint64_t seq = mac_learning_seq(ml);
    OVSTEST_CHECK(mac_learning_flush_port(ml, P(2)));
    OVSTEST_CHECK(mac_learning_seq(ml) != seq);
    check_stats(ml, 30, 0, 0, 0, 24);
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(7), 1));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(8), 2) == P(3));
    seq = mac_learning_seq(ml);
    OVSTEST_CHECK(!mac_learning_flush_port(ml, P(2)));
    OVSTEST_CHECK_INT(mac_learning_seq(ml), seq);

    /* VLAN 0 has i = 0, 3, ..., 27 (10 entries), minus 12 and 27. */
    OVSTEST_CHECK(mac_learning_flush_vlan(ml, 0));
    check_stats(ml, 30, 0, 0, 0, 16);
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(3), 0));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(4), 1) == P(4));
    OVSTEST_CHECK(!mac_learning_flush_vlan(ml, 0));

    OVSTEST_CHECK(mac_learning_flush(ml));
    check_stats(ml, 30, 0, 0, 0, 0);
    OVSTEST_CHECK(!mac_learning_flush(ml));
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(4), 1));

    mac_learning_destroy(ml);
    printf("PASS\n");
}

static void
test_aging(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(10);
    struct mac_learning_entry *entries;
    size_t n;

    timeval_stop();
    OVSTEST_CHECK(mac_learning_learn(ml, mac(1), 0, P(1)));
    timeval_warp(4000, 0);
    OVSTEST_CHECK(mac_learning_learn(ml, mac(2), 0, P(2)));
    timeval_warp(3500, 0);
    OVSTEST_CHECK(!mac_learning_run(ml));

    /* Dump: least recently used first, ages in whole seconds. */
    n = mac_learning_dump(ml, &entries);
    OVSTEST_CHECK_INT(n, 2);
    OVSTEST_CHECK(entries[0].port == P(1));
    OVSTEST_CHECK(eth_addr_equals(entries[0].mac, mac(1)));
    OVSTEST_CHECK_INT(entries[0].vlan, 0);
    OVSTEST_CHECK_INT(entries[0].age, 7);
    OVSTEST_CHECK(entries[1].port == P(2));
    OVSTEST_CHECK_INT(entries[1].age, 3);
    free(entries);

    /* mac(1) reaches 10 s idle: it goes, mac(2) stays. */
    timeval_warp(2499, 0);
    OVSTEST_CHECK(!mac_learning_run(ml));
    uint64_t seq = mac_learning_seq(ml);
    timeval_warp(1, 0);
    OVSTEST_CHECK(mac_learning_run(ml));
    OVSTEST_CHECK(mac_learning_seq(ml) != seq);
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(1), 0));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(2), 0) == P(2));
    check_stats(ml, 2, 1, 0, 0, 1);

    /* A refresh postpones expiry, and moves the entry to the back. */
    OVSTEST_CHECK(mac_learning_learn(ml, mac(3), 0, P(3)));
    timeval_warp(5000, 0);           /* mac(2) idle 9 s, mac(3) 5 s. */
    OVSTEST_CHECK(!mac_learning_learn(ml, mac(2), 0, P(2)));
    n = mac_learning_dump(ml, &entries);
    OVSTEST_CHECK_INT(n, 2);
    OVSTEST_CHECK(entries[0].port == P(3));
    OVSTEST_CHECK_INT(entries[0].age, 5);
    OVSTEST_CHECK(entries[1].port == P(2));
    OVSTEST_CHECK_INT(entries[1].age, 0);
    free(entries);
    timeval_warp(5000, 0);
    OVSTEST_CHECK(mac_learning_run(ml));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(2), 0) == P(2));
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(3), 0));
    check_stats(ml, 3, 2, 0, 0, 1);

    /* Shorter idle time applies to existing entries. */
    mac_learning_set_idle_time(ml, 3);
    OVSTEST_CHECK(mac_learning_run(ml));
    check_stats(ml, 3, 3, 0, 0, 0);

    struct mac_learning_stats s;
    mac_learning_get_stats(ml, &s);
    OVSTEST_CHECK_INT(s.idle_time, 3);
    OVSTEST_CHECK_INT(s.max_entries, MAC_DEFAULT_MAX);

    mac_learning_destroy(ml);
    printf("PASS\n");
}

static void
test_eviction(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(300);

    mac_learning_set_max_entries(ml, 4);
    for (unsigned int i = 0; i < 4; i++) {
        OVSTEST_CHECK(mac_learning_learn(ml, mac(i), 0, P(0)));
    }
    /* Refresh mac(0): mac(1) becomes the least recently used. */
    OVSTEST_CHECK(!mac_learning_learn(ml, mac(0), 0, P(0)));
    OVSTEST_CHECK(mac_learning_learn(ml, mac(4), 0, P(1)));
    check_stats(ml, 5, 0, 1, 0, 4);
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(1), 0));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(0), 0) == P(0));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(4), 0) == P(1));

    /* Moving an existing entry in a full table evicts nothing. */
    OVSTEST_CHECK(mac_learning_learn(ml, mac(2), 0, P(2)));
    check_stats(ml, 5, 0, 1, 1, 4);

    /* Shrinking evicts at once, oldest first: mac(3), mac(0). */
    mac_learning_set_max_entries(ml, 2);
    check_stats(ml, 5, 0, 3, 1, 2);
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(3), 0));
    OVSTEST_CHECK(!mac_learning_lookup(ml, mac(0), 0));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(4), 0) == P(1));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(2), 0) == P(2));

    /* Many more than max. */
    for (unsigned int i = 100; i < 1100; i++) {
        mac_learning_learn(ml, mac(i), 7, P(3));
    }
    check_stats(ml, 1005, 0, 1003, 1, 2);
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(1099), 7) == P(3));
    OVSTEST_CHECK(mac_learning_lookup(ml, mac(1098), 7) == P(3));

    mac_learning_destroy(ml);
    printf("PASS\n");
}

/* mac_learning_wait() wakes the loop when the oldest entry expires (real
 * clock, 1 s idle time; a 5 s fallback timer catches a missing wait). */
static void
test_wait(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(1);
    long long int start = time_msec();
    int n_iterations = 0;

    OVSTEST_CHECK(mac_learning_learn(ml, mac(1), 0, P(1)));
    while (!mac_learning_run(ml)) {
        mac_learning_wait(ml);
        poll_timer_wait(5000);
        poll_block();
        n_iterations++;
    }
    long long int elapsed = time_msec() - start;
    OVSTEST_CHECK(elapsed >= 1000);
    OVSTEST_CHECK(elapsed < 2500);
    OVSTEST_CHECK(n_iterations <= 3);
    check_stats(ml, 1, 1, 0, 0, 0);

    /* An empty table registers no timer: only the 50 ms one fires. */
    start = time_msec();
    mac_learning_wait(ml);
    poll_timer_wait(50);
    poll_block();
    OVSTEST_CHECK(time_msec() - start >= 50);

    mac_learning_destroy(ml);
    printf("PASS\n");
}

struct thread_aux {
    struct mac_learning *ml;
    unsigned int id;
};

static void *
learner(void *aux_)
{
    struct thread_aux *aux = aux_;

    for (unsigned int i = 0; i < 200000; i++) {
        unsigned int n = (i * 7919 + aux->id) % 5000;
        void *port = mac_learning_lookup(aux->ml, mac(n), n % 4);

        /* A port found must be one that some thread learned. */
        OVSTEST_CHECK(!port || (port >= P(0) && port <= P(7)));
        mac_learning_learn(aux->ml, mac(n), n % 4, P(aux->id));
    }
    return NULL;
}

static void
test_threads(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(1);
    struct thread_aux aux[4];
    pthread_t threads[4];

    mac_learning_set_max_entries(ml, 3000);
    for (int i = 0; i < 4; i++) {
        aux[i].ml = ml;
        aux[i].id = i;
        pthread_create(&threads[i], NULL, learner, &aux[i]);
    }
    for (int i = 0; i < 2000; i++) {
        struct mac_learning_entry *entries;
        size_t n;

        mac_learning_run(ml);
        n = mac_learning_dump(ml, &entries);
        OVSTEST_CHECK(n <= 3000);
        free(entries);
        if (i % 100 == 0) {
            mac_learning_flush_port(ml, P(i % 4));
        }
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
    }

    struct mac_learning_stats s;
    mac_learning_get_stats(ml, &s);
    OVSTEST_CHECK(s.n_entries <= 3000);
    OVSTEST_CHECK(s.n_learned >= 3000);
    mac_learning_destroy(ml);
    printf("PASS\n");
}

static void
test_mac_learning_main(int argc, char *argv[])
{
    static const struct {
        const char *name;
        void (*func)(int argc, char *argv[]);
    } commands[] = {
        { "basic", test_basic },
        { "flush", test_flush },
        { "aging", test_aging },
        { "eviction", test_eviction },
        { "wait", test_wait },
        { "threads", test_threads },
    };

    if (argc < 2) {
        ovs_fatal(0, "usage: ovstest test-mac-learning COMMAND (basic, "
                  "flush, aging, eviction, wait, threads)");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            commands[i].func(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "unknown command %s", argv[1]);
}

OVSTEST_REGISTER("test-mac-learning", test_mac_learning_main);
