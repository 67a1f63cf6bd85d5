/* test-dpif-meter.c -- "ovstest test-dpif-meter": unit tests of the
 * userspace datapath's meters (lib/dpif-netdev-meter.c), with the time
 * given explicitly so that every token is accounted for, and round trips
 * through the meter codec (lib/ofp-meter.c).  Prints PASS or aborts.
 *
 *   bucket   pktps and kbps buckets: burst, refill, cap, the band of
 *            highest exceeded rate, a replace starting over, refusals
 *   codec    METER_MOD, config and stats entries, features, in 1.3-1.5
 *   netlink  the kernel datapath's provider has no meters: lib/dpif.c
 *            reports 0 of them and refuses the rest (ofproto then
 *            answers METER_MOD with OFPMMFC_OUT_OF_METERS) */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp-packet.h"
#include "dpif-provider.h"
#include "dpif-netdev-meter.h"
#include "ofp-meter.h"
#include "ofpbuf.h"
#include "ovstest.h"
#include "util.h"

/* Runs 'n' packets of 'size' bytes through meter 'id' at 'now'; returns
 * how many passed. */
static size_t
run(struct dp_meter_table *t, uint32_t id, size_t n, size_t size,
    long long int now)
{
    struct dp_packet_batch batch;

    dp_packet_batch_init(&batch);
    for (size_t i = 0; i < n; i++) {
        struct dp_packet *p = dp_packet_new_with_headroom(size, 0);
        dp_packet_put_zeros(p, size);
        dp_packet_batch_add(&batch, p);
    }
    dp_meter_table_run(t, id, &batch, now);
    size_t passed = batch.count;
    dp_packet_delete_batch(&batch);
    return passed;
}

static void
get_stats(struct dp_meter_table *t, uint32_t id,
          struct ofp_meter_stats *ms, struct ofp_meter_band_stats *bands,
          size_t n_bands)
{
    memset(ms, 0, sizeof *ms);
    ms->bands = bands;
    ms->n_bands = n_bands;
    OVSTEST_CHECK_INT(dp_meter_table_get(t, id, ms), 0);
}

static void
test_bucket(void)
{
    struct dp_meter_table *t = dp_meter_table_create();
    struct ofp_meter_band bands[2];
    struct ofp_meter_config mc;
    struct ofp_meter_stats ms;
    struct ofp_meter_band_stats bs[2];
    long long int now = 1000000;

    /* pktps, 10 packets/s, burst 3: three pass at once, then one per
     * 100 ms, never more than three saved up. */
    memset(bands, 0, sizeof bands);
    bands[0].type = OFPMBT_DROP;
    bands[0].rate = 10;
    bands[0].burst_size = 3;
    mc = (struct ofp_meter_config) {
        .meter_id = 1, .flags = OFPMF_PKTPS | OFPMF_BURST,
        .bands = bands, .n_bands = 1,
    };
    OVSTEST_CHECK_INT(dp_meter_table_set(t, 1, &mc), 0);
    OVSTEST_CHECK_INT(run(t, 1, 5, 60, now), 3);
    OVSTEST_CHECK_INT(run(t, 1, 5, 60, now + 99), 0);
    OVSTEST_CHECK_INT(run(t, 1, 5, 60, now + 100), 1);
    OVSTEST_CHECK_INT(run(t, 1, 5, 60, now + 100000), 3);
    get_stats(t, 1, &ms, bs, 1);
    OVSTEST_CHECK_INT(ms.packet_in_count, 20);
    OVSTEST_CHECK_INT(ms.byte_in_count, 1200);
    OVSTEST_CHECK_INT(bs[0].packet_count, 13);
    OVSTEST_CHECK_INT(bs[0].byte_count, 780);

    /* A replace starts over: counters at zero, buckets full. */
    bands[0].burst_size = 1;
    OVSTEST_CHECK_INT(dp_meter_table_set(t, 1, &mc), 0);
    OVSTEST_CHECK_INT(run(t, 1, 5, 60, now + 100000), 1);
    get_stats(t, 1, &ms, bs, 1);
    OVSTEST_CHECK_INT(ms.packet_in_count, 5);
    OVSTEST_CHECK_INT(bs[0].packet_count, 4);

    /* kbps without OFPMF_BURST: the bucket holds one second, 8 kbit =
     * ten 100-byte packets; the 2 kbit/s band applies to what exceeds
     * both (it has the higher rate), the 1 kbit/s band to what exceeds
     * it alone. */
    bands[0] = (struct ofp_meter_band) { .type = OFPMBT_DROP, .rate = 8 };
    bands[1] = (struct ofp_meter_band) { .type = OFPMBT_DROP, .rate = 16 };
    mc = (struct ofp_meter_config) {
        .meter_id = 2, .flags = OFPMF_KBPS, .bands = bands, .n_bands = 2,
    };
    OVSTEST_CHECK_INT(dp_meter_table_set(t, 2, &mc), 0);
    OVSTEST_CHECK_INT(run(t, 2, 25, 100, now), 10);
    get_stats(t, 2, &ms, bs, 2);
    OVSTEST_CHECK_INT(ms.packet_in_count, 25);
    OVSTEST_CHECK_INT(bs[0].packet_count, 10);     /* Packets 11-20. */
    OVSTEST_CHECK_INT(bs[1].packet_count, 5);      /* Packets 21-25. */
    /* 100 ms later: 800 bits, one packet. */
    OVSTEST_CHECK_INT(run(t, 2, 2, 100, now + 100), 1);

    /* Refusals, and a meter that is gone passes everything. */
    bands[0].type = OFPMBT_DSCP_REMARK;
    OVSTEST_CHECK_INT(dp_meter_table_set(t, 3, &mc), EINVAL);
    bands[0].type = OFPMBT_DROP;
    mc.flags = OFPMF_STATS;
    OVSTEST_CHECK_INT(dp_meter_table_set(t, 3, &mc), EINVAL);
    mc.n_bands = 0;
    mc.flags = OFPMF_KBPS;
    OVSTEST_CHECK_INT(dp_meter_table_set(t, 3, &mc), EINVAL);
    OVSTEST_CHECK_INT(dp_meter_table_del(t, 2), 0);
    OVSTEST_CHECK_INT(dp_meter_table_del(t, 2), ENOENT);
    OVSTEST_CHECK_INT(dp_meter_table_get(t, 2, &ms), ENOENT);
    OVSTEST_CHECK_INT(run(t, 2, 7, 100, now), 7);

    /* A long idle time does not overflow the refill. */
    bands[0] = (struct ofp_meter_band) {
        .type = OFPMBT_DROP, .rate = UINT32_MAX,
        .burst_size = UINT32_MAX,
    };
    mc = (struct ofp_meter_config) {
        .meter_id = 4, .flags = OFPMF_PKTPS | OFPMF_BURST,
        .bands = bands, .n_bands = 1,
    };
    OVSTEST_CHECK_INT(dp_meter_table_set(t, 4, &mc), 0);
    OVSTEST_CHECK_INT(run(t, 4, 32, 60, now), 32);
    OVSTEST_CHECK_INT(run(t, 4, 32, 60, now + (1LL << 40)), 32);

    dp_meter_table_destroy(t);
}

static bool
bands_equal(const struct ofp_meter_band *a, const struct ofp_meter_band *b,
            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i].type != b[i].type || a[i].prec_level != b[i].prec_level
            || a[i].rate != b[i].rate
            || a[i].burst_size != b[i].burst_size) {
            return false;
        }
    }
    return true;
}

static void
test_codec(void)
{
    struct ofp_meter_band bands[2] = {
        { .type = OFPMBT_DROP, .rate = 1000, .burst_size = 100 },
        { .type = OFPMBT_DSCP_REMARK, .prec_level = 2, .rate = 2000,
          .burst_size = 200 },
    };
    struct ofp_meter_mod mm = {
        .command = OFPMC_MODIFY,
        .meter = { .meter_id = 77, .flags = OFPMF_KBPS | OFPMF_BURST,
                   .bands = bands, .n_bands = 2 },
    };

    for (int v = OFP13_VERSION; v <= OFP15_VERSION; v++) {
        struct ofpbuf *b = ofp_meter_mod_encode(&mm, v);
        struct ofp_meter_mod back;

        OVSTEST_CHECK_INT(ofp_meter_mod_decode(&back, b->data), 0);
        OVSTEST_CHECK_INT(back.command, OFPMC_MODIFY);
        OVSTEST_CHECK_INT(back.meter.meter_id, 77);
        OVSTEST_CHECK_INT(back.meter.flags, OFPMF_KBPS | OFPMF_BURST);
        OVSTEST_CHECK_INT(back.meter.n_bands, 2);
        OVSTEST_CHECK(bands_equal(back.meter.bands, bands, 2));
        ofp_meter_config_uninit(&back.meter);
        ofpbuf_delete(b);

        /* A request for one meter. */
        uint32_t id;
        b = ofp_meter_request_encode(OFPTYPE_METER_CONFIG_STATS_REQUEST, v,
                                     9);
        OVSTEST_CHECK_INT(ofp_meter_request_decode(b->data, &id), 0);
        OVSTEST_CHECK_INT(id, 9);

        /* Config and stats entries, pulled back one by one. */
        struct ofp_multipart mp;
        ofp_multipart_start(&mp, OFPTYPE_METER_CONFIG_STATS_REPLY, b->data);
        ofp_meter_config_put(&mm.meter, &mp);
        ofp_meter_config_put(&mm.meter, &mp);
        struct ofpbuf msg;
        struct ofp_meter_config mc;
        ofpbuf_use_const(&msg, mp.msgs[0]->data, mp.msgs[0]->size);
        for (int i = 0; i < 2; i++) {
            OVSTEST_CHECK_INT(ofp_meter_config_pull(&mc, &msg), 0);
            OVSTEST_CHECK_INT(mc.meter_id, 77);
            OVSTEST_CHECK(bands_equal(mc.bands, bands, 2));
            ofp_meter_config_uninit(&mc);
        }
        OVSTEST_CHECK_INT(ofp_meter_config_pull(&mc, &msg), EOF);
        ofp_multipart_destroy(&mp);

        struct ofp_meter_band_stats bs[2] = { { 1, 2 }, { 3, 4 } };
        struct ofp_meter_stats ms = {
            .meter_id = 5, .flow_count = 6, .packet_in_count = 7,
            .byte_in_count = 8, .duration_sec = 9, .duration_nsec = 10,
            .bands = bs, .n_bands = 2,
        }, ms2;
        ofp_multipart_start(&mp, OFPTYPE_METER_STATS_REPLY, b->data);
        ofp_meter_stats_put(&ms, &mp);
        ofpbuf_use_const(&msg, mp.msgs[0]->data, mp.msgs[0]->size);
        OVSTEST_CHECK_INT(ofp_meter_stats_pull(&ms2, &msg), 0);
        OVSTEST_CHECK_INT(ms2.flow_count, 6);
        OVSTEST_CHECK_INT(ms2.byte_in_count, 8);
        OVSTEST_CHECK_INT(ms2.duration_nsec, 10);
        OVSTEST_CHECK_INT(ms2.n_bands, 2);
        OVSTEST_CHECK_INT(ms2.bands[1].byte_count, 4);
        free(ms2.bands);
        OVSTEST_CHECK_INT(ofp_meter_stats_pull(&ms2, &msg), EOF);
        ofp_multipart_destroy(&mp);

        struct ofp_meter_features mf, mf2;
        dp_meter_features(&mf);
        struct ofpbuf *r = ofp_meter_features_reply_encode(&mf, b->data);
        OVSTEST_CHECK_INT(ofp_meter_features_reply_decode(&mf2, r->data), 0);
        OVSTEST_CHECK_INT(mf2.max_meters, mf.max_meters);
        OVSTEST_CHECK_INT(mf2.band_types, mf.band_types);
        OVSTEST_CHECK_INT(mf2.capabilities, mf.capabilities);
        OVSTEST_CHECK_INT(mf2.max_bands, mf.max_bands);
        ofpbuf_delete(r);
        ofpbuf_delete(b);
    }

    /* Text: the parser reads what the printer writes. */
    char *error;
    struct ofp_meter_mod parsed;
    error = ofp_meter_mod_parse(&parsed, OFPMC_ADD, "meter=3,kbps burst "
                                "stats bands=type=drop rate=5 burst_size=6 "
                                "type=dscp_remark rate=7 burst_size=8 "
                                "prec_level=1");
    OVSTEST_CHECK(!error);
    OVSTEST_CHECK_INT(parsed.meter.n_bands, 2);
    OVSTEST_CHECK_INT(parsed.meter.bands[1].prec_level, 1);
    OVSTEST_CHECK_INT(parsed.meter.flags, OFPMF_ALL & ~OFPMF_PKTPS);
    ofp_meter_config_uninit(&parsed.meter);
    error = ofp_meter_mod_parse(&parsed, OFPMC_DELETE, "");
    OVSTEST_CHECK(!error);
    OVSTEST_CHECK_INT(parsed.meter.meter_id, OFPM_ALL);
}

static void
test_netlink(void)
{
    /* The calls only look at the class: no kernel module needed. */
    struct dpif dpif = {
        .class = &dpif_netlink_class,
        .base_name = "x", .full_name = "system@x",
    };
    struct ofp_meter_features mf;
    struct ofp_meter_band band = { .type = OFPMBT_DROP, .rate = 1 };
    struct ofp_meter_config mc = {
        .meter_id = 1, .flags = OFPMF_PKTPS, .bands = &band, .n_bands = 1,
    };
    struct ofp_meter_stats ms = { .meter_id = 1 };

    memset(&mf, 0xff, sizeof mf);
    dpif_meter_get_features(&dpif, &mf);
    OVSTEST_CHECK_INT(mf.max_meters, 0);
    OVSTEST_CHECK_INT(mf.band_types, 0);
    OVSTEST_CHECK_INT(mf.max_bands, 0);
    OVSTEST_CHECK_INT(dpif_meter_set(&dpif, 1, &mc), EOPNOTSUPP);
    OVSTEST_CHECK_INT(dpif_meter_get(&dpif, 1, &ms), EOPNOTSUPP);
    OVSTEST_CHECK_INT(dpif_meter_del(&dpif, 1), EOPNOTSUPP);
}

static void
test_dpif_meter_main(int argc, char *argv[])
{
    if (argc == 2 && !strcmp(argv[1], "bucket")) {
        test_bucket();
    } else if (argc == 2 && !strcmp(argv[1], "codec")) {
        test_codec();
    } else if (argc == 2 && !strcmp(argv[1], "netlink")) {
        test_netlink();
    } else {
        ovs_fatal(0, "usage: ovstest test-dpif-meter bucket|codec|netlink");
    }
    printf("PASS\n");
}

OVSTEST_REGISTER("test-dpif-meter", test_dpif_meter_main);
