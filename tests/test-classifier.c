/* test-classifier.c -- "ovstest test-classifier": unit tests of
 * lib/classifier.c.  Each subcommand prints PASS or aborts with the failed
 * check.  Random tests use a fixed seed, so failures reproduce.
 *
 *   basic      insert, replace, remove, find_rule_exactly, count, format
 *   iterate    CLS_FOR_EACH, loose and strict targets, removal while
 *              iterating, overlap check
 *   random     lookups on random rules and flows against a brute-force
 *              reference, and wildcard soundness: flows that agree with
 *              the looked-up flow on every un-wildcarded bit get the same
 *              rule; repeated while rules are removed and replaced
 *   staged     an L2 or L3 mismatch leaves later stages wildcarded;
 *              prefix tries un-wildcard only the address bits they need
 *   threads    lookups on several threads while the main thread inserts
 *              and removes rules; removed rules are freed after a grace
 *              period (run under ASan to catch use after free)
 *   conjunction
 *              conjunctive matches: ovs-fields(7)'s example, priorities
 *              against ordinary rules, conj_id lookups, fallbacks
 *   conj-random
 *              random conjunctive rules against a brute-force reading of
 *              ovs-fields(7), with the wildcard soundness check
 *   bench [N_RULES N_MASKS N_LOOKUPS]
 *              prints lookups per second (default 1000 rules, 10 masks) */
#include <config.h>

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "classifier.h"
#include "dynamic-string.h"
#include "ovstest.h"
#include "util.h"

/* Deterministic random numbers (xorshift64*). */
static uint64_t rng_state = 0x123456789abcdefULL;

static uint32_t
rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * 0x2545f4914f6cdd1dULL) >> 32;
}

/* The fields that random rules match on, each with a small pool of values
 * so that rules and flows often agree.  Values are written big-endian
 * into 'len' bytes at 'ofs' (host-order fields just get some value: the
 * classifier only sees bits). */
struct test_field {
    const char *name;
    size_t ofs, len;
    int n_values;
    uint64_t values[4];
    bool prefix;                /* Rules may match a /8, /16, /24 prefix. */
};

#define F(MEMBER) offsetof(struct flow, MEMBER), \
    sizeof ((struct flow *) 0)->MEMBER
static const struct test_field fields[] = {
    { "in_port", F(in_port), 3, { 1, 2, 3 }, false },
    { "reg0", F(regs[0]), 2, { 0, 5 }, false },
    { "metadata", F(metadata), 2, { 0, 1 }, false },
    { "dl_src", F(dl_src), 2, { 0x020000000001, 0x020000000002 }, false },
    { "dl_dst", F(dl_dst), 2, { 0x020000000001, 0x020000000003 }, false },
    { "dl_type", F(dl_type), 3, { 0x0800, 0x0806, 0x86dd }, false },
    { "vlan_tci", F(vlans[0].tci), 2, { 0, 0x100a }, false },
    { "nw_src", F(nw_src), 3, { 0x0a000001, 0x0a000002, 0x0a010001 },
      true },
    { "nw_dst", F(nw_dst), 3, { 0x0a000001, 0x0a000102, 0x0b000001 },
      true },
    { "nw_proto", F(nw_proto), 3, { 1, 6, 17 }, false },
    { "tp_src", F(tp_src), 2, { 80, 443 }, false },
    { "tp_dst", F(tp_dst), 3, { 80, 443, 53 }, false },
};
#undef F
#define N_FIELDS ARRAY_SIZE(fields)

static void
put_be(void *dst_, uint64_t value, size_t len)
{
    uint8_t *dst = dst_;

    for (size_t i = 0; i < len; i++) {
        dst[len - 1 - i] = value >> (8 * i);
    }
}

/* A random flow: each field from its pool (or, rarely, a random value). */
static void
random_flow(struct flow *flow)
{
    memset(flow, 0, sizeof *flow);
    for (size_t i = 0; i < N_FIELDS; i++) {
        const struct test_field *f = &fields[i];
        uint64_t v = (rnd() % 8 ? f->values[rnd() % f->n_values]
                      : ((uint64_t) rnd() << 32) | rnd());
        put_be((char *) flow + f->ofs, v, f->len);
    }
}

/* A random mask: a set of fields, and a prefix length for each prefix
 * field. */
struct test_mask {
    uint32_t fields;            /* 1 << field index. */
    int plen[N_FIELDS];
};

static void
random_mask(struct test_mask *tm)
{
    tm->fields = rnd() & ((1u << N_FIELDS) - 1);
    /* Fewer fields on average: clear about half again. */
    tm->fields &= rnd();
    for (size_t i = 0; i < N_FIELDS; i++) {
        tm->plen[i] = fields[i].prefix ? 8 * (1 + rnd() % 4) : 0;
    }
}

static void
make_match(struct match *m, const struct test_mask *tm)
{
    struct flow flow;

    random_flow(&flow);
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < N_FIELDS; i++) {
        const struct test_field *f = &fields[i];
        if (tm->fields & (1u << i)) {
            uint64_t mask = f->prefix
                ? ~0ULL << (f->len * 8 - tm->plen[i])
                : ~0ULL;
            put_be((char *) &m->wc.masks + f->ofs, mask, f->len);
            memcpy((char *) &m->flow + f->ofs, (char *) &flow + f->ofs,
                   f->len);
        }
    }
    flow_zero_wildcards(&m->flow, &m->wc);
}

struct test_rule {
    struct cls_rule cls_rule;
    int id;
};

static struct test_rule *
test_rule_create(const struct match *m, int priority, int id)
{
    struct test_rule *r = xmalloc(sizeof *r);

    cls_rule_init(&r->cls_rule, m, priority);
    r->id = id;
    return r;
}

static void
test_rule_free(struct test_rule *r)
{
    if (r) {
        cls_rule_destroy(&r->cls_rule);
        free(r);
    }
}

/* The reference: the highest priority of the rules in 'rules' that match
 * 'flow', or INT_MIN if none. */
static int
brute_force_priority(struct test_rule **rules, size_t n,
                     const struct flow *flow)
{
    int best = INT_MIN;

    for (size_t i = 0; i < n; i++) {
        if (rules[i] && cls_rule_is_inserted(&rules[i]->cls_rule)
            && cls_rule_matches_flow(&rules[i]->cls_rule, flow)) {
            best = MAX(best, rules[i]->cls_rule.priority);
        }
    }
    return best;
}

static void
check_lookup(const struct classifier *cls, struct test_rule **rules,
             size_t n, const struct flow *flow,
             const struct cls_rule **resultp, struct flow_wildcards *wc)
{
    const struct cls_rule *r;
    int best = brute_force_priority(rules, n, flow);

    flow_wildcards_init_catchall(wc);
    r = classifier_lookup(cls, flow, wc);
    if (best == INT_MIN) {
        OVSTEST_CHECK(r == NULL);
    } else {
        OVSTEST_CHECK(r != NULL);
        OVSTEST_CHECK_INT(r->priority, best);
        OVSTEST_CHECK(cls_rule_matches_flow(r, flow));
    }
    /* The lookup without wildcards gives the same answer. */
    OVSTEST_CHECK(classifier_lookup(cls, flow, NULL) == r);
    *resultp = r;
}

/* Checks 'n_flows' random flows, and for each 'n_variants' flows that
 * agree with it on the wildcards the lookup returned.  Returns the
 * average number of un-wildcarded bits, for the curious. */
static double
check_random_lookups(const struct classifier *cls, struct test_rule **rules,
                     size_t n, int n_flows, int n_variants)
{
    long long int total_bits = 0;

    for (int i = 0; i < n_flows; i++) {
        struct flow_wildcards wc, wc2;
        const struct cls_rule *r, *r2;
        struct flow flow;

        random_flow(&flow);
        check_lookup(cls, rules, n, &flow, &r, &wc);
        for (size_t w = 0; w < FLOW_U64S; w++) {
            total_bits += __builtin_popcountll(flow_u64(&wc.masks)[w]);
        }

        for (int j = 0; j < n_variants; j++) {
            struct flow other, variant;
            uint64_t *v = (uint64_t *) &variant;

            random_flow(&other);
            for (size_t w = 0; w < FLOW_U64S; w++) {
                uint64_t m = flow_u64(&wc.masks)[w];
                v[w] = (flow_u64(&flow)[w] & m) | (flow_u64(&other)[w] & ~m);
            }
            check_lookup(cls, rules, n, &variant, &r2, &wc2);
            if (r2 != r) {
                struct ds s = DS_EMPTY_INITIALIZER;
                ds_put_cstr(&s, "flow: ");
                flow_format(&s, &flow);
                ds_put_cstr(&s, "\nvariant: ");
                flow_format(&s, &variant);
                ds_put_format(&s, "\nrule %p, variant's rule %p",
                              (void *) r, (void *) r2);
                ovstest_fail(__FILE__, __LINE__, "wildcards unsound: %s",
                             ds_cstr(&s));
            }
        }
    }
    return (double) total_bits / n_flows;
}

/* Checks that iteration visits exactly the inserted rules of 'rules'. */
static void
check_contents(const struct classifier *cls, struct test_rule **rules,
               size_t n)
{
    size_t n_inserted = 0, n_visited = 0;
    struct test_rule *r;

    for (size_t i = 0; i < n; i++) {
        n_inserted += rules[i] && cls_rule_is_inserted(&rules[i]->cls_rule);
    }
    CLS_FOR_EACH (r, cls_rule, cls) {
        OVSTEST_CHECK(rules[r->id] == r);
        n_visited++;
    }
    OVSTEST_CHECK_INT(n_visited, n_inserted);
    OVSTEST_CHECK_INT(classifier_count(cls), n_inserted);
}

static void
test_random(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    enum { N_MASKS = 16, N_RULES = 300 };
    struct test_mask masks[N_MASKS];
    struct test_rule *rules[N_RULES];
    struct classifier cls;

    classifier_init(&cls);
    for (int i = 0; i < N_MASKS; i++) {
        random_mask(&masks[i]);
    }
    masks[0].fields = 0;        /* A catch-all subtable too. */

    /* Empty classifier. */
    check_random_lookups(&cls, rules, 0, 100, 2);

    for (int i = 0; i < N_RULES; i++) {
        struct match m;

        int mi = rnd() % N_MASKS;

        /* Catch-all rules only at low priorities, or they would hide
         * everything else. */
        make_match(&m, &masks[mi]);
        if (i > 0 && mi && rnd() % 3 == 0 && rules[rnd() % i]) {
            /* The match of an earlier rule, so that rules with the same
             * match and different priorities are common. */
            struct test_rule *earlier = rules[rnd() % i];
            if (earlier && earlier->cls_rule.priority >= 4) {
                cls_rule_get_match(&earlier->cls_rule, &m);
            }
        }
        rules[i] = test_rule_create(&m, mi ? rnd() % 64 : rnd() % 4, i);
        struct cls_rule *old = classifier_replace(&cls, &rules[i]->cls_rule);
        if (old) {
            /* Same match and priority as an earlier rule. */
            struct test_rule *tr = CONTAINER_OF(old, struct test_rule,
                                                cls_rule);
            OVSTEST_CHECK(rules[tr->id] == tr);
            rules[tr->id] = NULL;
            test_rule_free(tr);
        }
        if (i % 30 == 29) {
            check_contents(&cls, rules, i + 1);
            check_random_lookups(&cls, rules, i + 1, 200, 5);
        }
    }
    double bits = check_random_lookups(&cls, rules, N_RULES, 10000, 5);

    /* Remove rules in random order, checking along the way. */
    for (int k = 0; k < N_RULES; k++) {
        int i = rnd() % N_RULES;
        if (rules[i]) {
            classifier_remove(&cls, &rules[i]->cls_rule);
            test_rule_free(rules[i]);
            rules[i] = NULL;
        }
        if (k % 50 == 49) {
            check_contents(&cls, rules, N_RULES);
            check_random_lookups(&cls, rules, N_RULES, 200, 5);
        }
    }
    for (int i = 0; i < N_RULES; i++) {
        if (rules[i]) {
            classifier_remove(&cls, &rules[i]->cls_rule);
            test_rule_free(rules[i]);
        }
    }
    OVSTEST_CHECK(classifier_is_empty(&cls));
    check_random_lookups(&cls, rules, 0, 100, 2);
    classifier_destroy(&cls);
    printf("PASS\n");
    fprintf(stderr, "average un-wildcarded bits per lookup: %.1f\n", bits);
}

static void
test_basic(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct classifier cls;
    struct match m1, m2;
    struct test_rule *a, *b, *c, *d;
    struct flow flow;
    struct ds s = DS_EMPTY_INITIALIZER;

    classifier_init(&cls);
    OVSTEST_CHECK(classifier_is_empty(&cls));

    match_init_catchall(&m1);
    match_set_dl_type(&m1, htons(0x0800));
    match_set_nw_dst_masked(&m1, htonl(0x0a000000), htonl(0xff000000));
    match_init_catchall(&m2);
    match_set_in_port(&m2, 7);

    a = test_rule_create(&m1, 100, 0);
    b = test_rule_create(&m1, 200, 1);     /* Same match, other priority. */
    c = test_rule_create(&m2, 150, 2);
    classifier_insert(&cls, &a->cls_rule);
    classifier_insert(&cls, &b->cls_rule);
    classifier_insert(&cls, &c->cls_rule);
    OVSTEST_CHECK_INT(classifier_count(&cls), 3);
    OVSTEST_CHECK(!classifier_is_empty(&cls));
    OVSTEST_CHECK(cls_rule_is_inserted(&a->cls_rule));

    OVSTEST_CHECK(classifier_find_rule_exactly(&cls, &m1, 100)
                  == &a->cls_rule);
    OVSTEST_CHECK(classifier_find_rule_exactly(&cls, &m1, 200)
                  == &b->cls_rule);
    OVSTEST_CHECK(!classifier_find_rule_exactly(&cls, &m1, 150));
    OVSTEST_CHECK(classifier_find_rule_exactly(&cls, &m2, 150)
                  == &c->cls_rule);

    /* Lookups. */
    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(0x0800);
    flow.nw_dst = htonl(0x0a010203);
    flow.in_port = 7;
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, NULL) == &b->cls_rule);
    flow.nw_dst = htonl(0x0b010203);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, NULL) == &c->cls_rule);
    flow.in_port = 8;
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, NULL) == NULL);

    /* Replace: same match and priority displaces the old rule. */
    d = test_rule_create(&m1, 200, 3);
    OVSTEST_CHECK(classifier_replace(&cls, &d->cls_rule) == &b->cls_rule);
    OVSTEST_CHECK(!cls_rule_is_inserted(&b->cls_rule));
    OVSTEST_CHECK_INT(classifier_count(&cls), 3);
    flow.nw_dst = htonl(0x0a000001);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, NULL) == &d->cls_rule);
    test_rule_free(b);

    /* Remove the highest: the lower one shows through. */
    classifier_remove(&cls, &d->cls_rule);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, NULL) == &a->cls_rule);
    OVSTEST_CHECK(!classifier_find_rule_exactly(&cls, &m1, 200));
    OVSTEST_CHECK_INT(classifier_count(&cls), 2);

    /* Format. */
    cls_rule_format(&a->cls_rule, &s);
    OVSTEST_CHECK_STR(ds_cstr(&s), "priority=100,ip,nw_dst=10.0.0.0/8");
    OVSTEST_CHECK(cls_rule_equal(&a->cls_rule, &a->cls_rule));
    OVSTEST_CHECK(!cls_rule_equal(&a->cls_rule, &c->cls_rule));

    classifier_remove(&cls, &a->cls_rule);
    classifier_remove(&cls, &c->cls_rule);
    OVSTEST_CHECK(classifier_is_empty(&cls));
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, NULL) == NULL);
    test_rule_free(a);
    test_rule_free(c);
    test_rule_free(d);
    classifier_destroy(&cls);
    classifier_destroy(NULL);
    ds_destroy(&s);
    printf("PASS\n");
}

static void
test_iterate(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    enum { N = 200 };
    struct test_rule *rules[N];
    struct test_mask masks[8];
    struct classifier cls;
    struct test_rule *r;
    int n;

    classifier_init(&cls);
    for (int i = 0; i < 8; i++) {
        random_mask(&masks[i]);
    }
    for (int i = 0; i < N; i++) {
        struct match m;
        make_match(&m, &masks[rnd() % 8]);
        rules[i] = test_rule_create(&m, i, i);  /* Unique priorities. */
        classifier_insert(&cls, &rules[i]->cls_rule);
    }

    /* All rules, by decreasing priority. */
    n = 0;
    CLS_FOR_EACH (r, cls_rule, &cls) {
        OVSTEST_CHECK_INT(r->id, N - 1 - n);
        n++;
    }
    OVSTEST_CHECK_INT(n, N);

    /* Loose targets: compare with a brute-force count. */
    for (int k = 0; k < 50; k++) {
        struct match target;
        int expected = 0, prev = INT_MAX;

        make_match(&target, &masks[k % 8]);
        if (k % 8 == 0) {
            /* A target with fewer bits. */
            struct test_mask tm = masks[k % 8];
            tm.fields &= rnd();
            make_match(&target, &tm);
        }
        for (int i = 0; i < N; i++) {
            expected += cls_rule_is_loose_match(&rules[i]->cls_rule, &target);
        }
        n = 0;
        CLS_FOR_EACH_TARGET (r, cls_rule, &cls, &target, false, 0) {
            OVSTEST_CHECK(cls_rule_is_loose_match(&r->cls_rule, &target));
            OVSTEST_CHECK(r->cls_rule.priority < prev);
            prev = r->cls_rule.priority;
            n++;
        }
        OVSTEST_CHECK_INT(n, expected);
    }

    /* Strict target. */
    struct match m5, m17, m18;
    cls_rule_get_match(&rules[5]->cls_rule, &m5);
    cls_rule_get_match(&rules[17]->cls_rule, &m17);
    cls_rule_get_match(&rules[18]->cls_rule, &m18);
    n = 0;
    CLS_FOR_EACH_TARGET (r, cls_rule, &cls, &m17, true, 17) {
        OVSTEST_CHECK(r == rules[17]);
        n++;
    }
    OVSTEST_CHECK_INT(n, 1);
    n = 0;
    CLS_FOR_EACH_TARGET (r, cls_rule, &cls, &m17, true, 18) {
        n++;
    }
    OVSTEST_CHECK_INT(n, match_equal(&m18, &m17));

    /* Overlap: a rule at the same priority as rules[5] with the same
     * match overlaps it; at another priority it does not. */
    struct test_rule *o = test_rule_create(&m5, 5, -1);
    OVSTEST_CHECK(classifier_rule_overlaps(&cls, &o->cls_rule));
    test_rule_free(o);
    o = test_rule_create(&m5, N + 1, -1);
    OVSTEST_CHECK(!classifier_rule_overlaps(&cls, &o->cls_rule));
    test_rule_free(o);
    OVSTEST_CHECK(!classifier_rule_overlaps(&cls, &rules[5]->cls_rule));

    /* Early exit with an explicit cursor. */
    struct cls_cursor cursor;
    cls_cursor_start(&cursor, &cls, NULL, false, 0);
    OVSTEST_CHECK(cls_cursor_next(&cursor) == &rules[N - 1]->cls_rule);
    cls_cursor_destroy(&cursor);

    /* Remove and free every rule while iterating. */
    n = 0;
    CLS_FOR_EACH (r, cls_rule, &cls) {
        classifier_remove(&cls, &r->cls_rule);
        test_rule_free(r);
        n++;
    }
    OVSTEST_CHECK_INT(n, N);
    OVSTEST_CHECK(classifier_is_empty(&cls));
    CLS_FOR_EACH (r, cls_rule, &cls) {
        OVSTEST_CHECK(false);
    }
    classifier_destroy(&cls);
    printf("PASS\n");
}

static void
test_staged(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct flow_wildcards wc;
    struct classifier cls;
    struct test_rule *r;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    match_init_catchall(&m);
    match_set_dl_type(&m, htons(0x0800));
    match_set_nw_proto(&m, 6);
    match_set_nw_src_masked(&m, htonl(0x0a000000), htonl(0xffffff00));
    match_set_tp_dst_masked(&m, htons(80), htons(0xffff));
    r = test_rule_create(&m, 100, 0);
    classifier_insert(&cls, &r->cls_rule);

    /* ARP: decided in L2, so L3 and L4 stay wildcarded. */
    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(0x0806);
    flow.nw_proto = 1;
    flow.nw_src = htonl(0x0a000001);
    flow.tp_dst = htons(80);
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == NULL);
    OVSTEST_CHECK_INT(ntohs(wc.masks.dl_type), 0xffff);
    OVSTEST_CHECK_INT(wc.masks.nw_proto, 0);
    OVSTEST_CHECK_INT(wc.masks.nw_src, 0);
    OVSTEST_CHECK_INT(wc.masks.tp_dst, 0);
    OVSTEST_CHECK_INT(wc.masks.in_port, 0);

    /* UDP: decided in L3, L4 stays wildcarded. */
    flow.dl_type = htons(0x0800);
    flow.nw_proto = 17;
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == NULL);
    OVSTEST_CHECK_INT(ntohs(wc.masks.dl_type), 0xffff);
    OVSTEST_CHECK_INT(wc.masks.nw_proto, 0xff);
    OVSTEST_CHECK_INT(ntohl(wc.masks.nw_src), 0xffffff00);
    OVSTEST_CHECK_INT(wc.masks.nw_dst, 0);
    OVSTEST_CHECK_INT(wc.masks.tp_dst, 0);

    /* TCP to port 80: a match, the whole mask. */
    flow.nw_proto = 6;
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == &r->cls_rule);
    OVSTEST_CHECK(flow_equal(&wc.masks, &m.wc.masks));

    /* A higher-priority catch-all hides the subtable entirely. */
    struct match all;
    match_init_catchall(&all);
    struct test_rule *r2 = test_rule_create(&all, 200, 1);
    classifier_insert(&cls, &r2->cls_rule);
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == &r2->cls_rule);
    OVSTEST_CHECK(flow_wildcards_is_catchall(&wc));

    classifier_remove(&cls, &r->cls_rule);
    classifier_remove(&cls, &r2->cls_rule);
    test_rule_free(r);
    test_rule_free(r2);

    /* Prefix tracking: rules on nw_dst=10.1.2.0/24 and 10.1.2.7/32. */
    match_init_catchall(&m);
    match_set_dl_type(&m, htons(0x0800));
    match_set_nw_dst_masked(&m, htonl(0x0a010200), htonl(0xffffff00));
    r = test_rule_create(&m, 100, 0);
    classifier_insert(&cls, &r->cls_rule);
    match_set_nw_dst_masked(&m, htonl(0x0a010207), htonl(0xffffffff));
    r2 = test_rule_create(&m, 300, 1);
    classifier_insert(&cls, &r2->cls_rule);

    /* 192.168.0.1 differs in the first bit: only that bit matters, and
     * neither dl_type nor the rest of nw_dst. */
    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(0x0800);
    flow.nw_dst = htonl(0xc0a80001);
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == NULL);
    OVSTEST_CHECK_INT(ntohl(wc.masks.nw_dst), 0x80000000);
    OVSTEST_CHECK_INT(wc.masks.dl_type, 0);

    /* 10.1.3.1 differs in bit 23. */
    flow.nw_dst = htonl(0x0a010301);
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == NULL);
    OVSTEST_CHECK_INT(ntohl(wc.masks.nw_dst), 0xffffff00);
    OVSTEST_CHECK_INT(wc.masks.dl_type, 0);

    /* 10.1.2.9 matches the /24 but not the /32: the /32 subtable is
     * skipped after the trie looked at 29 bits (.9 = ...1001 and
     * .7 = ...0111 differ in bit 28); the /24 one matches. */
    flow.nw_dst = htonl(0x0a010209);
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == &r->cls_rule);
    OVSTEST_CHECK_INT(ntohl(wc.masks.nw_dst), 0xfffffff8);
    OVSTEST_CHECK_INT(ntohs(wc.masks.dl_type), 0xffff);

    /* Removing the /32 prunes the trie: now 24 bits suffice. */
    classifier_remove(&cls, &r2->cls_rule);
    flow_wildcards_init_catchall(&wc);
    OVSTEST_CHECK(classifier_lookup(&cls, &flow, &wc) == &r->cls_rule);
    OVSTEST_CHECK_INT(ntohl(wc.masks.nw_dst), 0xffffff00);

    classifier_remove(&cls, &r->cls_rule);
    test_rule_free(r);
    test_rule_free(r2);
    classifier_destroy(&cls);
    printf("PASS\n");
}

/* Benchmark. */

static double
now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Concurrency. */

#define N_READERS 2
struct reader {
    pthread_t thread;
    const struct classifier *cls;
    atomic_ullong n_done;       /* Lookups completed (rule no longer used). */
    atomic_bool *stop;
    unsigned long long n_hits;
};

static void *
reader_main(void *r_)
{
    struct reader *r = r_;
    uint64_t state = (uintptr_t) r;

    while (!atomic_load(r->stop)) {
        const struct cls_rule *rule;
        struct flow_wildcards wc;
        struct flow flow;

        /* A thread-local variant of random_flow(). */
        memset(&flow, 0, sizeof flow);
        for (size_t i = 0; i < N_FIELDS; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const struct test_field *f = &fields[i];
            put_be((char *) &flow + f->ofs,
                   f->values[(state >> 33) % f->n_values], f->len);
        }
        flow_wildcards_init_catchall(&wc);
        rule = classifier_lookup(r->cls, &flow, &wc);
        if (rule) {
            /* Reads the rule: a freed rule would be caught by ASan. */
            OVSTEST_CHECK(cls_rule_matches_flow(rule, &flow));
            /* The rule's whole mask is in the wildcards. */
            struct match rm;
            cls_rule_get_match(rule, &rm);
            for (size_t w = 0; w < FLOW_U64S; w++) {
                OVSTEST_CHECK(!(flow_u64(&rm.wc.masks)[w]
                                & ~flow_u64(&wc.masks)[w]));
            }
            r->n_hits++;
        }
        atomic_fetch_add(&r->n_done, 1);
    }
    return NULL;
}

/* A removed rule waiting until no reader can still hold it. */
struct limbo {
    struct test_rule *rule;
    unsigned long long done[N_READERS];
};

static void
test_threads(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    enum { N_RULES = 200, N_ROUNDS = 5000 };
    struct test_rule *rules[N_RULES] = { NULL };
    struct test_mask masks[8];
    struct reader readers[N_READERS];
    struct limbo *limbo = NULL;
    size_t n_limbo = 0, allocated = 0;
    atomic_bool stop = false;
    struct classifier cls;

    double start = now_sec();
    classifier_init(&cls);
    for (int i = 0; i < 8; i++) {
        random_mask(&masks[i]);
    }
    for (int i = 0; i < N_READERS; i++) {
        readers[i].cls = &cls;
        atomic_init(&readers[i].n_done, 0);
        readers[i].stop = &stop;
        readers[i].n_hits = 0;
        pthread_create(&readers[i].thread, NULL, reader_main, &readers[i]);
    }

    for (int round = 0; round < N_ROUNDS; round++) {
        int i = rnd() % N_RULES;

        if (rules[i]) {
            classifier_remove(&cls, &rules[i]->cls_rule);
            if (n_limbo >= allocated) {
                limbo = x2nrealloc(limbo, &allocated, sizeof *limbo);
            }
            limbo[n_limbo].rule = rules[i];
            for (int j = 0; j < N_READERS; j++) {
                limbo[n_limbo].done[j] = atomic_load(&readers[j].n_done);
            }
            n_limbo++;
            rules[i] = NULL;
        } else {
            struct match m;
            make_match(&m, &masks[rnd() % 8]);
            rules[i] = test_rule_create(&m, rnd() % 1000, i);
            struct cls_rule *old = classifier_replace(&cls,
                                                      &rules[i]->cls_rule);
            if (old) {
                /* Put it back in its old slot's limbo. */
                struct test_rule *tr = CONTAINER_OF(old, struct test_rule,
                                                    cls_rule);
                rules[tr->id] = NULL;
                if (n_limbo >= allocated) {
                    limbo = x2nrealloc(limbo, &allocated, sizeof *limbo);
                }
                limbo[n_limbo].rule = tr;
                for (int j = 0; j < N_READERS; j++) {
                    limbo[n_limbo].done[j] = atomic_load(&readers[j].n_done);
                }
                n_limbo++;
            }
        }

        /* Free what every reader has moved past. */
        size_t kept = 0;
        for (size_t k = 0; k < n_limbo; k++) {
            bool safe = true;
            for (int j = 0; j < N_READERS; j++) {
                if (atomic_load(&readers[j].n_done) <= limbo[k].done[j]) {
                    safe = false;
                }
            }
            if (safe) {
                test_rule_free(limbo[k].rule);
            } else {
                limbo[kept++] = limbo[k];
            }
        }
        n_limbo = kept;
    }

    atomic_store(&stop, true);
    unsigned long long n_lookups = 0, n_hits = 0;
    for (int i = 0; i < N_READERS; i++) {
        pthread_join(readers[i].thread, NULL);
        n_lookups += atomic_load(&readers[i].n_done);
        n_hits += readers[i].n_hits;
    }
    for (size_t k = 0; k < n_limbo; k++) {
        test_rule_free(limbo[k].rule);
    }
    free(limbo);
    for (int i = 0; i < N_RULES; i++) {
        if (rules[i]) {
            classifier_remove(&cls, &rules[i]->cls_rule);
            test_rule_free(rules[i]);
        }
    }
    OVSTEST_CHECK(classifier_is_empty(&cls));
    OVSTEST_CHECK(n_lookups > 0);
    classifier_destroy(&cls);
    printf("PASS\n");
    fprintf(stderr, "%llu concurrent lookups, %llu hits, %d changes "
            "in %.2f s\n", n_lookups, n_hits, N_ROUNDS, now_sec() - start);
}

static void
test_bench(int argc, char *argv[])
{
    int n_rules = argc > 1 ? atoi(argv[1]) : 1000;
    int n_masks = argc > 2 ? atoi(argv[2]) : 10;
    int n_lookups = argc > 3 ? atoi(argv[3]) : 1000000;
    struct test_rule **rules = xmalloc(n_rules * sizeof *rules);
    struct test_mask *masks = xmalloc(n_masks * sizeof *masks);
    enum { N_FLOWS = 1024 };
    struct flow *flows = xmalloc(N_FLOWS * sizeof *flows);
    struct classifier cls;
    int n_inserted = 0;

    classifier_init(&cls);
    for (int i = 0; i < n_masks; i++) {
        random_mask(&masks[i]);
    }
    for (int i = 0; i < n_rules; i++) {
        struct match m;
        make_match(&m, &masks[i % n_masks]);
        rules[i] = test_rule_create(&m, rnd() % 1000, i);
        if (classifier_find_rule_exactly(&cls, &m,
                                         rules[i]->cls_rule.priority)) {
            /* A duplicate: skip it. */
            test_rule_free(rules[i]);
            rules[i] = NULL;
            continue;
        }
        classifier_insert(&cls, &rules[i]->cls_rule);
        n_inserted++;
    }
    for (int i = 0; i < N_FLOWS; i++) {
        random_flow(&flows[i]);
    }

    for (int pass = 0; pass < 2; pass++) {
        bool with_wc = pass == 1;
        int hits = 0;
        double start = now_sec();

        for (int i = 0; i < n_lookups; i++) {
            struct flow_wildcards wc;
            if (with_wc) {
                flow_wildcards_init_catchall(&wc);
            }
            hits += classifier_lookup(&cls, &flows[i % N_FLOWS],
                                      with_wc ? &wc : NULL) != NULL;
        }
        double elapsed = now_sec() - start;
        printf("%d rules in %d masks (%d subtables), %s wildcards: "
               "%.0f lookups/s (%d%% hits)\n",
               n_inserted, n_masks, (int) hmap_count(&cls.subtables),
               with_wc ? "with" : "without",
               n_lookups / MAX(elapsed, 1e-9), hits * 100 / n_lookups);
    }

    /* The baseline: a linear scan of every rule for the highest-priority
     * match, checked against the classifier's answer.  It is slow, so it
     * does a hundredth of the lookups. */
    int n_linear = MAX(n_lookups / 100, 1);
    int hits = 0;
    double start = now_sec();
    for (int i = 0; i < n_linear; i++) {
        const struct flow *flow = &flows[i % N_FLOWS];
        const struct test_rule *best = NULL;

        for (int j = 0; j < n_rules; j++) {
            const struct test_rule *r = rules[j];
            if (r && (!best || r->cls_rule.priority > best->cls_rule.priority)
                && cls_rule_matches_flow(&r->cls_rule, flow)) {
                best = r;
            }
        }
        hits += best != NULL;
        const struct cls_rule *cr = classifier_lookup(&cls, flow, NULL);
        OVSTEST_CHECK((cr == NULL) == (best == NULL));
        OVSTEST_CHECK(!cr || cr->priority == best->cls_rule.priority);
    }
    double elapsed = now_sec() - start;
    printf("%d rules, linear scan: %.0f lookups/s (%d%% hits)\n",
           n_inserted, n_linear / MAX(elapsed, 1e-9), hits * 100 / n_linear);

    for (int i = 0; i < n_rules; i++) {
        if (rules[i]) {
            classifier_remove(&cls, &rules[i]->cls_rule);
            test_rule_free(rules[i]);
        }
    }
    classifier_destroy(&cls);
    free(rules);
    free(masks);
    free(flows);
}

/* Conjunctive matches. */

/* A rule for the conjunction tests: 'n_conj' conjunctions (id, k/n with k
 * counted from 1, as in "conjunction(id, k/n)"). */
static struct test_rule *
conj_rule_create(const struct match *m, int priority, int id, size_t n_conj,
                 const uint32_t (*conj)[3])
{
    struct test_rule *r = test_rule_create(m, priority, id);
    struct cls_conjunction c[8];

    ovs_assert(n_conj <= ARRAY_SIZE(c));
    for (size_t i = 0; i < n_conj; i++) {
        c[i].id = conj[i][0];
        c[i].clause = conj[i][1] - 1;
        c[i].n_clauses = conj[i][2];
    }
    cls_rule_set_conjunctions(&r->cls_rule, c, n_conj);
    return r;
}

/* 'ip,ip_src=SRC' or 'ip,ip_dst=DST' (whichever is nonzero). */
static void
ip_match(struct match *m, uint32_t src, uint32_t dst)
{
    match_init_catchall(m);
    match_set_dl_type(m, htons(0x0800));
    if (src) {
        match_set_nw_src_masked(m, htonl(src), htonl(UINT32_MAX));
    }
    if (dst) {
        match_set_nw_dst_masked(m, htonl(dst), htonl(UINT32_MAX));
    }
}

static const struct cls_rule *
lookup_ip(const struct classifier *cls, uint32_t src, uint32_t dst)
{
    struct flow flow;
    struct flow_wildcards wc;
    const struct cls_rule *r;

    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(0x0800);
    flow.nw_src = htonl(src);
    flow.nw_dst = htonl(dst);
    flow_wildcards_init_catchall(&wc);
    r = classifier_lookup(cls, &flow, &wc);
    /* Without wildcards, the same answer. */
    OVSTEST_CHECK(classifier_lookup(cls, &flow, NULL) == r);
    return r;
}

#define A(N) (0x0a000000 | (N))         /* 10.0.0.N */

static void
test_conjunction(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* ovs-fields(7)'s example: ip_src in {1, 4, 6, 7} and ip_dst in
     * {2, 5, 7, 8} (of 10.0.0.0/24) is conjunction 1234, whose flow
     * matches conj_id=1234. */
    static const uint32_t srcs[] = { 1, 4, 6, 7 }, dsts[] = { 2, 5, 7, 8 };
    struct test_rule *rules[32], *conj_flow, *low, *same, *high;
    struct classifier cls;
    struct match m;
    size_t n = 0;

    classifier_init(&cls);
    for (size_t i = 0; i < 4; i++) {
        static const uint32_t c1[][3] = { { 1234, 1, 2 } };
        static const uint32_t c2[][3] = { { 1234, 2, 2 } };

        ip_match(&m, A(srcs[i]), 0);
        rules[n] = conj_rule_create(&m, 100, n, 1, c1);
        classifier_insert(&cls, &rules[n++]->cls_rule);
        ip_match(&m, 0, A(dsts[i]));
        rules[n] = conj_rule_create(&m, 100, n, 1, c2);
        classifier_insert(&cls, &rules[n++]->cls_rule);
    }
    OVSTEST_CHECK(cls_rule_is_conjunctive(&rules[0]->cls_rule));
    OVSTEST_CHECK_INT(cls.n_conj_rules, 8);

    /* Clauses alone never match, and without the conj_id flow a complete
     * conjunction matches nothing either. */
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == NULL);
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(3)) == NULL);

    match_init_catchall(&m);
    match_set_conj_id(&m, 1234);
    conj_flow = test_rule_create(&m, 150, n);
    rules[n++] = conj_flow;
    classifier_insert(&cls, &conj_flow->cls_rule);
    for (size_t i = 0; i < 4; i++) {
        for (size_t j = 0; j < 4; j++) {
            OVSTEST_CHECK(lookup_ip(&cls, A(srcs[i]), A(dsts[j]))
                          == &conj_flow->cls_rule);
        }
    }
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(3)) == NULL);   /* 1 of 2. */
    OVSTEST_CHECK(lookup_ip(&cls, A(2), A(2)) == NULL);   /* 2 of 2. */
    OVSTEST_CHECK(lookup_ip(&cls, A(2), A(1)) == NULL);   /* None. */
    OVSTEST_CHECK(lookup_ip(&cls, A(7), A(1)) == NULL);   /* 7 is a src. */

    /* An ordinary flow below: what the packets that do not complete the
     * conjunction match. */
    match_init_catchall(&m);
    low = test_rule_create(&m, 10, n);
    rules[n++] = low;
    classifier_insert(&cls, &low->cls_rule);
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == &conj_flow->cls_rule);
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(3)) == &low->cls_rule);

    /* An ordinary flow of the same priority as the clauses wins over the
     * conjunction; one of higher priority too.  (An ordinary rule at 120
     * among the ip_dst clauses makes the lookup meet both clauses before
     * 'same': the tie must not depend on the order of the subtables.) */
    ip_match(&m, 0, A(99));
    rules[n] = test_rule_create(&m, 120, n);
    classifier_insert(&cls, &rules[n++]->cls_rule);
    ip_match(&m, 0, A(5));
    match_set_nw_proto(&m, 0);  /* Not the clause's match. */
    same = test_rule_create(&m, 100, n);
    rules[n++] = same;
    classifier_insert(&cls, &same->cls_rule);
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(5)) == &same->cls_rule);
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == &conj_flow->cls_rule);
    ip_match(&m, A(4), 0);
    high = test_rule_create(&m, 200, n);
    rules[n++] = high;
    classifier_insert(&cls, &high->cls_rule);
    /* Now the ip_src clauses' subtable comes first too. */
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(5)) == &same->cls_rule);
    OVSTEST_CHECK(lookup_ip(&cls, A(4), A(2)) == &high->cls_rule);
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == &conj_flow->cls_rule);

    /* A second conjunction at priority 50, of 3 clauses: ip_src in
     * {1, 3}, ip_dst=2, ip; its conj_id flow at priority 15. */
    {
        static const uint32_t c1[][3] = { { 7, 1, 3 } };
        static const uint32_t c2[][3] = { { 7, 2, 3 } };
        static const uint32_t c3[][3] = { { 7, 3, 3 } };
        struct test_rule *c7, *dst2;

        ip_match(&m, A(1), 0);
        rules[n] = conj_rule_create(&m, 50, n, 1, c1);
        classifier_insert(&cls, &rules[n++]->cls_rule);
        ip_match(&m, A(3), 0);
        rules[n] = conj_rule_create(&m, 50, n, 1, c1);
        classifier_insert(&cls, &rules[n++]->cls_rule);
        ip_match(&m, 0, A(2));
        dst2 = conj_rule_create(&m, 50, n, 1, c2);
        rules[n++] = dst2;
        classifier_insert(&cls, &dst2->cls_rule);
        match_init_catchall(&m);
        match_set_dl_type(&m, htons(0x0800));
        rules[n] = conj_rule_create(&m, 50, n, 1, c3);
        classifier_insert(&cls, &rules[n++]->cls_rule);
        match_init_catchall(&m);
        match_set_conj_id(&m, 7);
        c7 = test_rule_create(&m, 15, n);
        rules[n++] = c7;
        classifier_insert(&cls, &c7->cls_rule);
        OVSTEST_CHECK_INT(cls.n_conj_rules, 12);

        /* Both complete: the higher priority's conjunction. */
        OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == &conj_flow->cls_rule);
        /* The higher one incomplete (3 is no ip_src of 1234), the lower
         * one complete. */
        OVSTEST_CHECK(lookup_ip(&cls, A(3), A(2)) == &c7->cls_rule);
        /* Neither complete. */
        OVSTEST_CHECK(lookup_ip(&cls, A(3), A(9)) == &low->cls_rule);
        OVSTEST_CHECK(lookup_ip(&cls, A(1), A(9)) == &low->cls_rule);

        /* The conj_id lookup is an ordinary lookup: without the conj_id
         * flow of 1234 it finds 'low'... */
        classifier_remove(&cls, &conj_flow->cls_rule);
        OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == &low->cls_rule);
        /* ...and without 'low' it fails, and the lookup goes on to the
         * lower priority, where conjunction 7 is complete. */
        classifier_remove(&cls, &low->cls_rule);
        OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == &c7->cls_rule);
        classifier_remove(&cls, &c7->cls_rule);
        OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == NULL);
        classifier_insert(&cls, &c7->cls_rule);
        classifier_insert(&cls, &low->cls_rule);
        classifier_insert(&cls, &conj_flow->cls_rule);

        /* An ordinary rule replacing a clause (same match and priority)
         * is an ordinary match again, and beats the other clauses of its
         * priority. */
        ip_match(&m, 0, A(2));
        {
            struct test_rule *plain = test_rule_create(&m, 50, n);

            OVSTEST_CHECK(classifier_replace(&cls, &plain->cls_rule)
                          == &dst2->cls_rule);
            OVSTEST_CHECK_INT(cls.n_conj_rules, 11);
            OVSTEST_CHECK(lookup_ip(&cls, A(3), A(2)) == &plain->cls_rule);
            OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2))
                          == &conj_flow->cls_rule);
            /* And back. */
            OVSTEST_CHECK(classifier_replace(&cls, &dst2->cls_rule)
                          == &plain->cls_rule);
            OVSTEST_CHECK_INT(cls.n_conj_rules, 12);
            OVSTEST_CHECK(lookup_ip(&cls, A(3), A(2)) == &c7->cls_rule);
            test_rule_free(plain);
        }
    }

    /* Rules with the same match at two priorities, both conjunctive:
     * the lookup sees the lower one too. */
    {
        static const uint32_t c1[][3] = { { 99, 1, 2 } };
        static const uint32_t c2[][3] = { { 99, 2, 2 } };
        struct test_rule *c99;

        ip_match(&m, A(4), 0);
        rules[n] = conj_rule_create(&m, 30, n, 1, c1);
        classifier_insert(&cls, &rules[n++]->cls_rule);
        ip_match(&m, 0, A(30));
        rules[n] = conj_rule_create(&m, 30, n, 1, c2);
        classifier_insert(&cls, &rules[n++]->cls_rule);
        match_init_catchall(&m);
        match_set_conj_id(&m, 99);
        c99 = test_rule_create(&m, 30, n);
        rules[n++] = c99;
        classifier_insert(&cls, &c99->cls_rule);
        /* ip_src=10.0.0.4 is also clause 1 of 1234 at priority 100 and
         * 'high' at 200: remove 'high' first. */
        classifier_remove(&cls, &high->cls_rule);
        OVSTEST_CHECK(lookup_ip(&cls, A(4), A(30)) == &c99->cls_rule);
        OVSTEST_CHECK(lookup_ip(&cls, A(4), A(2)) == &conj_flow->cls_rule);
        classifier_insert(&cls, &high->cls_rule);
        OVSTEST_CHECK(lookup_ip(&cls, A(4), A(30)) == &high->cls_rule);
    }

    /* Without conjunctive rules, plain lookups again. */
    for (size_t i = 0; i < n; i++) {
        if (cls_rule_is_conjunctive(&rules[i]->cls_rule)) {
            classifier_remove(&cls, &rules[i]->cls_rule);
        }
    }
    OVSTEST_CHECK_INT(cls.n_conj_rules, 0);
    OVSTEST_CHECK(lookup_ip(&cls, A(1), A(2)) == &low->cls_rule);
    OVSTEST_CHECK(lookup_ip(&cls, A(4), A(2)) == &high->cls_rule);
    for (size_t i = 0; i < n; i++) {
        if (cls_rule_is_inserted(&rules[i]->cls_rule)) {
            classifier_remove(&cls, &rules[i]->cls_rule);
        }
        test_rule_free(rules[i]);
    }
    OVSTEST_CHECK(classifier_is_empty(&cls));
    classifier_destroy(&cls);
    printf("PASS\n");
}

/* The reference for conjunctive lookups: ovs-fields(7) read literally.
 * Returns the priority of the rule a lookup must return, INT_MIN if
 * none. */
struct conj_test_rule {
    struct test_rule *r;
    size_t n_conj;
    uint32_t conj[2][3];
};

static int
brute_force_ordinary(struct conj_test_rule *rules, size_t n,
                     const struct flow *flow)
{
    int best = INT_MIN;

    for (size_t i = 0; i < n; i++) {
        if (rules[i].r && !rules[i].n_conj
            && cls_rule_matches_flow(&rules[i].r->cls_rule, flow)) {
            best = MAX(best, rules[i].r->cls_rule.priority);
        }
    }
    return best;
}

static int
brute_force_conj(struct conj_test_rule *rules, size_t n,
                 const struct flow *flow)
{
    int hard = brute_force_ordinary(rules, n, flow);
    int pri = INT_MAX;

    for (;;) {
        /* The next lower priority of a matching conjunctive rule. */
        int next = INT_MIN;
        for (size_t i = 0; i < n; i++) {
            int p = rules[i].r ? rules[i].r->cls_rule.priority : INT_MIN;
            if (rules[i].r && rules[i].n_conj && p < pri && p > next
                && cls_rule_matches_flow(&rules[i].r->cls_rule, flow)) {
                next = p;
            }
        }
        if (next == INT_MIN || next <= hard) {
            return hard;
        }
        pri = next;

        /* Conjunctions (ids 1...3, 2 or 3 clauses) complete at 'pri', by
         * increasing id then clause count. */
        for (uint32_t id = 1; id <= 3; id++) {
            for (uint32_t nc = 2; nc <= 3; nc++) {
                unsigned int seen = 0;
                for (size_t i = 0; i < n; i++) {
                    if (!rules[i].r || rules[i].r->cls_rule.priority != pri
                        || !cls_rule_matches_flow(&rules[i].r->cls_rule,
                                                  flow)) {
                        continue;
                    }
                    for (size_t j = 0; j < rules[i].n_conj; j++) {
                        if (rules[i].conj[j][0] == id
                            && rules[i].conj[j][2] == nc) {
                            seen |= 1u << (rules[i].conj[j][1] - 1);
                        }
                    }
                }
                if (seen == (1u << nc) - 1) {
                    struct flow f2 = *flow;
                    f2.conj_id = id;
                    int r = brute_force_ordinary(rules, n, &f2);
                    if (r != INT_MIN) {
                        return r;
                    }
                }
            }
        }
    }
}

/* Random rules, some conjunctive (ids 1...3 at priorities 40 and 60),
 * some matching conj_id, against the reference, with the wildcard
 * soundness check of test_random(). */
static void
test_conj_random(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    enum { N_MASKS = 8, N_RULES = 200, N_FLOWS = 20000 };
    struct conj_test_rule rules[N_RULES];
    struct test_mask masks[N_MASKS];
    struct classifier cls;
    int n_conj_hits = 0;

    classifier_init(&cls);
    for (int i = 0; i < N_MASKS; i++) {
        random_mask(&masks[i]);
        /* Few fields, so that clauses often match. */
        masks[i].fields &= rnd();
    }
    for (int i = 0; i < N_RULES; i++) {
        struct conj_test_rule *cr = &rules[i];
        struct match m;
        int kind = rnd() % 4;

        make_match(&m, &masks[rnd() % N_MASKS]);
        cr->n_conj = 0;
        if (kind <= 1) {
            /* One field, so that clauses often match. */
            struct test_mask one;

            random_mask(&one);
            one.fields = 1u << (rnd() % N_FIELDS);
            make_match(&m, &one);
            /* Conjunctive, 1 or 2 conjunctions. */
            cr->n_conj = 1 + rnd() % 2;
            for (size_t j = 0; j < cr->n_conj; j++) {
                cr->conj[j][0] = 1 + rnd() % 3;
                cr->conj[j][2] = 2 + rnd() % 2;
                cr->conj[j][1] = 1 + rnd() % cr->conj[j][2];
            }
            cr->r = conj_rule_create(&m, 40 + 20 * (rnd() % 2), i,
                                     cr->n_conj, cr->conj);
        } else if (kind == 2) {
            /* A conj_id flow, maybe with more to match. */
            if (rnd() % 2) {
                match_init_catchall(&m);
            }
            match_set_conj_id(&m, 1 + rnd() % 3);
            cr->r = test_rule_create(&m, rnd() % 64, i);
        } else if (kind == 3 && rnd() % 4 == 0) {
            /* At a priority of the conjunctive rules, where it wins over
             * them; narrow (3 fields), or it would always win. */
            struct test_mask three;

            random_mask(&three);
            three.fields = 0;
            while (__builtin_popcount(three.fields) < 3) {
                three.fields |= 1u << (rnd() % N_FIELDS);
            }
            make_match(&m, &three);
            cr->r = test_rule_create(&m, 40 + 20 * (rnd() % 2), i);
        } else {
            cr->r = test_rule_create(&m, rnd() % 64, i);
        }
        struct cls_rule *old = classifier_replace(&cls, &cr->r->cls_rule);
        if (old) {
            struct test_rule *tr = CONTAINER_OF(old, struct test_rule,
                                                cls_rule);
            OVSTEST_CHECK(rules[tr->id].r == tr);
            rules[tr->id].r = NULL;
            test_rule_free(tr);
        }
    }

    for (int k = 0; k < N_FLOWS; k++) {
        struct flow_wildcards wc, wc2;
        const struct cls_rule *r, *r2;
        struct flow flow, other, variant;
        uint64_t *v = (uint64_t *) &variant;
        int want;

        random_flow(&flow);
        want = brute_force_conj(rules, N_RULES, &flow);
        flow_wildcards_init_catchall(&wc);
        r = classifier_lookup(&cls, &flow, &wc);
        if (want == INT_MIN) {
            OVSTEST_CHECK(r == NULL);
        } else {
            OVSTEST_CHECK(r != NULL);
            OVSTEST_CHECK_INT(r->priority, want);
            OVSTEST_CHECK(!cls_rule_is_conjunctive(r));
            if (!cls_rule_matches_flow(r, &flow)) {
                n_conj_hits++;  /* Found through a conj_id. */
            }
        }
        for (int j = 0; j < 5; j++) {
            random_flow(&other);
            for (size_t w = 0; w < FLOW_U64S; w++) {
                uint64_t m = flow_u64(&wc.masks)[w];
                v[w] = (flow_u64(&flow)[w] & m)
                       | (flow_u64(&other)[w] & ~m);
            }
            flow_wildcards_init_catchall(&wc2);
            r2 = classifier_lookup(&cls, &variant, &wc2);
            OVSTEST_CHECK(r2 == r);
        }

        /* Now and then, remove a rule. */
        if (k % 20 == 19) {
            int i = rnd() % N_RULES;
            if (rules[i].r) {
                classifier_remove(&cls, &rules[i].r->cls_rule);
                test_rule_free(rules[i].r);
                rules[i].r = NULL;
            }
        }
    }
    /* The test means something only if conjunctions did match. */
    OVSTEST_CHECK(n_conj_hits > 10);

    for (int i = 0; i < N_RULES; i++) {
        if (rules[i].r) {
            classifier_remove(&cls, &rules[i].r->cls_rule);
            test_rule_free(rules[i].r);
        }
    }
    OVSTEST_CHECK_INT(cls.n_conj_rules, 0);
    classifier_destroy(&cls);
    printf("PASS\n");
    fprintf(stderr, "lookups through a conjunction: %d of %d\n",
            n_conj_hits, N_FLOWS);
}

static void
test_classifier_main(int argc, char *argv[])
{
    static const struct {
        const char *name;
        void (*func)(int argc, char *argv[]);
    } commands[] = {
        { "basic", test_basic },
        { "iterate", test_iterate },
        { "random", test_random },
        { "staged", test_staged },
        { "threads", test_threads },
        { "bench", test_bench },
        { "conjunction", test_conjunction },
        { "conj-random", test_conj_random },
    };

    if (argc < 2) {
        ovs_fatal(0, "usage: ovstest test-classifier COMMAND (basic, "
                  "iterate, random, staged, threads, bench, conjunction, "
                  "conj-random)");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            commands[i].func(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "unknown command %s", argv[1]);
}

OVSTEST_REGISTER("test-classifier", test_classifier_main);
