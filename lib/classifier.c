/* classifier.c -- the OpenFlow flow table (see classifier.h).
 *
 * Data structures:
 *
 *   classifier
 *     'subtables': one cls_subtable per distinct mask, found by the hash of
 *         the mask;
 *     'sorted': the same subtables by decreasing 'max_priority', the order
 *         in which a lookup visits them.
 *
 *   cls_subtable
 *     'mask' and, precomputed from it, the list of the mask's nonzero
 *         64-bit words ('words'), split into four stages (metadata, L2,
 *         L3, L4: the groups of struct flow, see flow.h);
 *     'rules': the rules, keyed by the hash of their (masked) flow over
 *         'words'.  Rules with equal flows but different priorities form a
 *         list by decreasing priority ('next_same'), whose head alone is
 *         in 'rules': a lookup compares each distinct flow once;
 *     'stage_index[i]' for each stage but the last that has mask words:
 *         a counted set of the partial hashes of the rules' flows over the
 *         words of stages 0...i.
 *
 * Lookup: for each subtable in 'sorted' order, stop if the subtable's
 * maximum priority cannot beat the best rule found so far.  Otherwise hash
 * the flow's masked words stage by stage; after each indexed stage, if the
 * partial hash is absent from the stage index, no rule of the subtable can
 * match (a matching rule would have the same partial hash), and the result
 * depended only on the mask words of the stages hashed so far, which are
 * the only ones added to the wildcards.  Otherwise look up the full hash
 * in 'rules', compare the masked words, and add the whole subtable mask.
 *
 * Prefix tries: cls->tries[t] is a binary trie, one node per bit, of the
 * values of field t (nw_src, nw_dst) of every rule whose subtable matches
 * the field on a CIDR prefix; a node at depth L counts the rules with a /L
 * prefix ending there.  Walking the trie along a flow's address yields the
 * set of prefix lengths L for which some rule's /L prefix contains the
 * address ('plens'), having looked at the address's first 'nbits' bits.
 * A subtable whose prefix length is not in 'plens' cannot match and is
 * skipped; any flow with the same first 'nbits' bits walks the same path
 * and skips it too, so adding those bits to 'wc' is enough.  (When the
 * subtable is not skipped, the staged lookup runs as if there were no trie:
 * a flow whose trie walk would skip the subtable cannot match it either.)
 *
 * Why the wildcards are sound: a second flow that agrees with the first
 * on every bit added to 'wc' visits the same subtables in the same order
 * (the order is fixed; the stopping test depends on the best rule so far,
 * which is, inductively, the same), fails each subtable at the same stage
 * (the partial hashes are computed from the same bits), and finds the same
 * rules where the first one reached the 'rules' table.
 *
 * Concurrency: see classifier.h.  Lookups take the read side of 'rwlock';
 * every modification takes the write side; the writer's own reads take
 * nothing.  The lock is created to prefer writers, so that a stream of
 * lookups cannot starve flow table changes. */
#include <config.h>
#include "classifier.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"
#include "util.h"

/* The stages: word index in struct flow where each one ends. */
#define CLS_N_STAGES 4
_Static_assert(offsetof(struct flow, dl_dst) % 8 == 0, "stage boundary");
_Static_assert(offsetof(struct flow, nw_src) % 8 == 0, "stage boundary");
_Static_assert(offsetof(struct flow, tp_src) % 8 == 0, "stage boundary");
static const uint8_t stage_end_word[CLS_N_STAGES] = {
    offsetof(struct flow, dl_dst) / 8,  /* Metadata. */
    offsetof(struct flow, nw_src) / 8,  /* L2 (with VLAN and MPLS). */
    offsetof(struct flow, tp_src) / 8,  /* L3 (and ARP/ND). */
    FLOW_U64S,                          /* L4. */
};

/* A partial hash in a stage index, with the number of rules that have
 * it. */
struct stage_hash {
    struct hmap_node node;
    unsigned int n;
};

/* Prefix-tracked fields. */
static const size_t trie_field_ofs[CLS_N_TRIES] = {
    offsetof(struct flow, nw_src),
    offsetof(struct flow, nw_dst),
};

struct cls_trie_node {
    struct cls_trie_node *child[2];
    unsigned int n_rules;       /* Rules whose prefix ends here. */
};

struct cls_subtable {
    struct hmap_node node;      /* In classifier's 'subtables'. */
    struct flow_wildcards mask;
    struct hmap rules;          /* Contains "struct cls_rule"s. */
    size_t n_rules;
    int max_priority;           /* Highest priority of 'rules'. */
    struct hmap priorities;     /* "struct cls_prio"s: how many rules have
                                 * each priority, so that removing the
                                 * highest-priority rule finds the new
                                 * maximum without visiting every rule. */

    /* Nonzero words of 'mask', in increasing order; words[0...n_words).
     * Stage i covers words[stage_ofs[i]...stage_ofs[i + 1]). */
    uint8_t words[FLOW_U64S];
    uint8_t n_words;
    uint8_t stage_ofs[CLS_N_STAGES + 1];

    /* The stages after which the lookup checks 'stage_index' (nonempty and
     * not the last nonempty stage). */
    uint8_t indexed_stages[CLS_N_STAGES];
    uint8_t n_indexed;
    struct hmap stage_index[CLS_N_STAGES];

    /* For each trie, the subtable's CIDR prefix length on its field (1 to
     * 32), or 0 if the field is unmatched or not on a CIDR mask. */
    uint8_t trie_plen[CLS_N_TRIES];
};

/* A count of a subtable's rules with one priority. */
struct cls_prio {
    struct hmap_node node;      /* In cls_subtable's 'priorities'. */
    int priority;
    size_t n;
};

static struct cls_prio *
prio_find(const struct cls_subtable *st, int priority)
{
    struct cls_prio *p;

    HMAP_FOR_EACH_WITH_HASH (p, node, hash_int(priority, 0),
                             &st->priorities) {
        if (p->priority == priority) {
            return p;
        }
    }
    return NULL;
}

static void
prio_add(struct cls_subtable *st, int priority)
{
    struct cls_prio *p = prio_find(st, priority);

    if (!p) {
        p = xmalloc(sizeof *p);
        p->priority = priority;
        p->n = 0;
        hmap_insert(&st->priorities, &p->node, hash_int(priority, 0));
    }
    p->n++;
}

/* Returns true if no rule of 'priority' is left. */
static bool
prio_remove(struct cls_subtable *st, int priority)
{
    struct cls_prio *p = prio_find(st, priority);

    ovs_assert(p);
    if (--p->n) {
        return false;
    }
    hmap_remove(&st->priorities, &p->node);
    free(p);
    return true;
}

static pthread_rwlockattr_t rwlock_attr__;

static void
rwlock_attr_init(void)
{
    pthread_rwlockattr_init(&rwlock_attr__);
#ifdef PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP
    pthread_rwlockattr_setkind_np(
        &rwlock_attr__, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
}

static pthread_rwlockattr_t *
rwlock_attr(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, rwlock_attr_init);
    return &rwlock_attr__;
}

/* Rules. */

_Static_assert(FLOW_U64S <= 64, "a rule's word map is 64 bits");

/* How many words 'rule' keeps: its mask words are words[0...n), its value
 * words words[n...2n). */
static size_t
rule_n_words(const struct cls_rule *rule)
{
    return count_1bits(rule->map);
}

/* Word W of the rule's mask and of its (masked) flow; 0 if not kept. */
static void
rule_word(const struct cls_rule *rule, size_t w,
          uint64_t *mask, uint64_t *value)
{
    uint64_t bit = UINT64_C(1) << w;

    if (rule->map & bit) {
        size_t rank = count_1bits(rule->map & (bit - 1));
        *mask = rule->words[rank];
        *value = rule->words[rule_n_words(rule) + rank];
    } else {
        *mask = *value = 0;
    }
}

void
cls_rule_init(struct cls_rule *rule, const struct match *match, int priority)
{
    const uint64_t *f = flow_u64(&match->flow);
    const uint64_t *m = flow_u64(&match->wc.masks);
    size_t n = 0;

    memset(rule, 0, sizeof *rule);
    for (size_t w = 0; w < FLOW_U64S; w++) {
        if (m[w]) {
            rule->map |= UINT64_C(1) << w;
            n++;
        }
    }
    /* Never NULL, even for a catch-all: memcmp() and pointer arithmetic
     * on it must stay defined. */
    rule->words = xmalloc(MAX(2 * n, 1) * sizeof *rule->words);
    if (n) {
        size_t i = 0;
        for (size_t w = 0; w < FLOW_U64S; w++) {
            if (m[w]) {
                rule->words[i] = m[w];
                rule->words[n + i] = f[w] & m[w];
                i++;
            }
        }
    }
    rule->priority = priority;
    rule->subtable = NULL;
}

/* A conjunctive rule's conjunctions. */
struct cls_conj_set {
    size_t n;
    struct cls_conjunction c[];
};

void
cls_rule_set_conjunctions(struct cls_rule *rule,
                          const struct cls_conjunction *conj, size_t n)
{
    ovs_assert(!rule->subtable);
    free(rule->conj);
    rule->conj = NULL;
    if (n) {
        rule->conj = xmalloc(sizeof *rule->conj + n * sizeof *conj);
        rule->conj->n = n;
        memcpy(rule->conj->c, conj, n * sizeof *conj);
    }
}

void
cls_rule_destroy(struct cls_rule *rule)
{
    if (rule) {
        ovs_assert(!rule->subtable);
        free(rule->words);
        rule->words = NULL;
        rule->map = 0;
        free(rule->conj);
        rule->conj = NULL;
    }
}

void
cls_rule_get_match(const struct cls_rule *rule, struct match *match)
{
    uint64_t *f = (uint64_t *) &match->flow;
    uint64_t *m = (uint64_t *) &match->wc.masks;
    size_t n = rule_n_words(rule), i = 0;

    memset(match, 0, sizeof *match);
    for (size_t w = 0; w < FLOW_U64S; w++) {
        if (rule->map & (UINT64_C(1) << w)) {
            m[w] = rule->words[i];
            f[w] = rule->words[n + i];
            i++;
        }
    }
}

/* The rule's mask alone (for finding its subtable). */
static void
rule_get_wildcards(const struct cls_rule *rule, struct flow_wildcards *wc)
{
    uint64_t *m = (uint64_t *) &wc->masks;
    size_t i = 0;

    memset(wc, 0, sizeof *wc);
    for (size_t w = 0; w < FLOW_U64S; w++) {
        if (rule->map & (UINT64_C(1) << w)) {
            m[w] = rule->words[i++];
        }
    }
}

bool
cls_rule_equal(const struct cls_rule *a, const struct cls_rule *b)
{
    return (a->priority == b->priority && a->map == b->map
            && !memcmp(a->words, b->words,
                       2 * rule_n_words(a) * sizeof *a->words));
}

bool
cls_rule_matches_flow(const struct cls_rule *rule, const struct flow *flow)
{
    const uint64_t *f = flow_u64(flow);
    size_t n = rule_n_words(rule), i = 0;

    for (size_t w = 0; w < FLOW_U64S; w++) {
        if (rule->map & (UINT64_C(1) << w)) {
            if ((f[w] & rule->words[i]) != rule->words[n + i]) {
                return false;
            }
            i++;
        }
    }
    return true;
}

void
cls_rule_format(const struct cls_rule *rule, struct ds *s)
{
    struct match match;

    cls_rule_get_match(rule, &match);
    match_format(&match, s, rule->priority);
}

bool
cls_rule_is_loose_match(const struct cls_rule *rule,
                        const struct match *target)
{
    const uint64_t *tf = flow_u64(&target->flow);
    const uint64_t *tm = flow_u64(&target->wc.masks);

    for (size_t w = 0; w < FLOW_U64S; w++) {
        uint64_t rm, rf;
        if (!tm[w]) {
            continue;
        }
        rule_word(rule, w, &rm, &rf);
        if (tm[w] & ~rm || (rf ^ tf[w]) & tm[w]) {
            return false;
        }
    }
    return true;
}

/* Hashing over a subtable's words. */

static uint32_t
mask_hash(const struct flow_wildcards *mask)
{
    return flow_hash(&mask->masks, 0);
}

/* Computes the rule's hash after each stage (the last is the full
 * hash). */
static void
rule_stage_hashes(const struct cls_subtable *st, struct cls_rule *rule)
{
    /* The rule's mask is the subtable's, so its value words are exactly
     * the values of st->words[], in the same order, already masked: the
     * same words partial_hash() takes from a flow. */
    const uint64_t *values = rule->words + st->n_words;
    uint32_t h = 0;
    size_t i = 0;

    for (size_t s = 0; s < CLS_N_STAGES; s++) {
        size_t end = st->stage_ofs[s + 1];
        for (; i < end; i++) {
            h = hash_add64(h, values[i]);
        }
        rule->stage_hashes[s] = hash_finish(h, end);
    }
}

static uint32_t
rule_hash(const struct cls_rule *rule)
{
    return rule->stage_hashes[CLS_N_STAGES - 1];
}

/* True if 'flow' & st->mask equals 'rule''s flow. */
static bool
subtable_rule_matches(const struct cls_subtable *st,
                      const struct cls_rule *rule, const struct flow *flow)
{
    const uint64_t *f = flow_u64(flow);
    const uint64_t *m = flow_u64(&st->mask.masks);
    const uint64_t *r = rule->words + st->n_words;

    for (size_t i = 0; i < st->n_words; i++) {
        size_t w = st->words[i];
        if ((f[w] & m[w]) != r[i]) {
            return false;
        }
    }
    return true;
}

/* Prefix tries. */

static uint32_t
get_be32(const struct flow *flow, size_t ofs)
{
    ovs_be32 v;

    memcpy(&v, (const char *) flow + ofs, sizeof v);
    return ntohl(v);
}

/* Returns the prefix length of the big-endian 32-bit 'mask' if it is a
 * nonzero CIDR mask, otherwise 0. */
static int
cidr_plen(uint32_t mask)
{
    int plen = count_1bits(mask);

    return plen && mask == ~0u << (32 - plen) ? plen : 0;
}

static void
trie_insert(struct cls_trie_node **nodep, uint32_t value, int plen)
{
    for (int d = 0; ; d++) {
        if (!*nodep) {
            *nodep = xzalloc(sizeof **nodep);
        }
        if (d == plen) {
            (*nodep)->n_rules++;
            return;
        }
        nodep = &(*nodep)->child[(value >> (31 - d)) & 1];
    }
}

/* Removes one /'plen' prefix 'value', pruning nodes left useless. */
static void
trie_remove(struct cls_trie_node **nodep, uint32_t value, int plen, int d)
{
    struct cls_trie_node *node = *nodep;

    ovs_assert(node);
    if (d == plen) {
        ovs_assert(node->n_rules > 0);
        node->n_rules--;
    } else {
        trie_remove(&node->child[(value >> (31 - d)) & 1], value, plen,
                    d + 1);
    }
    if (!node->n_rules && !node->child[0] && !node->child[1]) {
        free(node);
        *nodep = NULL;
    }
}

static void
trie_destroy(struct cls_trie_node *node)
{
    if (node) {
        trie_destroy(node->child[0]);
        trie_destroy(node->child[1]);
        free(node);
    }
}

/* The result of walking a trie along one address. */
struct trie_ctx {
    bool valid;
    uint64_t plens;             /* Bit L set: some /L prefix contains it. */
    int nbits;                  /* Leading address bits looked at. */
};

static void
trie_lookup(const struct cls_trie_node *node, uint32_t value,
            struct trie_ctx *ctx)
{
    int d = 0;

    ctx->valid = true;
    ctx->plens = 0;
    ctx->nbits = 0;
    for (; node; d++) {
        if (node->n_rules) {
            ctx->plens |= UINT64_C(1) << d;
        }
        if (d == 32) {
            break;
        }
        int bit = (value >> (31 - d)) & 1;
        if (!node->child[bit]) {
            /* Bit 'd' decided only if the other branch exists. */
            ctx->nbits = d + (node->child[!bit] != NULL);
            return;
        }
        node = node->child[bit];
    }
    ctx->nbits = d;
}

static void
subtable_tries_update(struct classifier *cls, const struct cls_subtable *st,
                      const struct cls_rule *rule, bool insert)
{
    struct match match;
    bool expanded = false;

    for (size_t t = 0; t < CLS_N_TRIES; t++) {
        int plen = st->trie_plen[t];
        if (plen) {
            if (!expanded) {
                cls_rule_get_match(rule, &match);
                expanded = true;
            }
            uint32_t value = get_be32(&match.flow, trie_field_ofs[t]);
            if (insert) {
                trie_insert(&cls->tries[t], value, plen);
            } else {
                trie_remove(&cls->tries[t], value, plen, 0);
            }
        }
    }
}

/* Visits every rule of subtable ST: each head in 'rules', then the rest
 * of its list. */
#define SUBTABLE_FOR_EACH_RULE(RULE, HEAD, ST)                          \
    HMAP_FOR_EACH (HEAD, node, &(ST)->rules)                            \
        for ((RULE) = (HEAD); (RULE); (RULE) = (RULE)->next_same)

/* Subtables. */

static struct cls_subtable *
find_subtable(const struct classifier *cls, const struct flow_wildcards *mask)
{
    struct cls_subtable *st;

    HMAP_FOR_EACH_WITH_HASH (st, node, mask_hash(mask), &cls->subtables) {
        if (flow_equal(&st->mask.masks, &mask->masks)) {
            return st;
        }
    }
    return NULL;
}

static struct cls_subtable *
create_subtable(struct classifier *cls, const struct flow_wildcards *mask)
{
    struct cls_subtable *st = xzalloc(sizeof *st);
    const uint64_t *m = flow_u64(&mask->masks);
    size_t w = 0;

    st->mask = *mask;
    hmap_init(&st->rules);
    hmap_init(&st->priorities);
    for (size_t s = 0; s < CLS_N_STAGES; s++) {
        st->stage_ofs[s] = st->n_words;
        for (; w < stage_end_word[s]; w++) {
            if (m[w]) {
                st->words[st->n_words++] = w;
            }
        }
        hmap_init(&st->stage_index[s]);
    }
    st->stage_ofs[CLS_N_STAGES] = st->n_words;
    for (size_t t = 0; t < CLS_N_TRIES; t++) {
        st->trie_plen[t] = cidr_plen(get_be32(&mask->masks,
                                              trie_field_ofs[t]));
    }

    /* Index every nonempty stage except the last nonempty one, which the
     * 'rules' table itself checks. */
    for (size_t s = 0; s < CLS_N_STAGES; s++) {
        bool nonempty = st->stage_ofs[s + 1] > st->stage_ofs[s];
        bool last = st->stage_ofs[s + 1] == st->n_words;
        if (nonempty && !last) {
            st->indexed_stages[st->n_indexed++] = s;
        }
    }
    hmap_insert(&cls->subtables, &st->node, mask_hash(mask));
    return st;
}

static void
destroy_subtable(struct classifier *cls, struct cls_subtable *st)
{
    hmap_remove(&cls->subtables, &st->node);
    for (size_t s = 0; s < CLS_N_STAGES; s++) {
        struct stage_hash *sh;
        HMAP_FOR_EACH_POP (sh, node, &st->stage_index[s]) {
            free(sh);
        }
        hmap_destroy(&st->stage_index[s]);
    }
    hmap_destroy(&st->rules);
    struct cls_prio *p;
    HMAP_FOR_EACH_POP (p, node, &st->priorities) {
        free(p);
    }
    hmap_destroy(&st->priorities);
    free(st);
}

static void
stage_index_add(struct hmap *index, uint32_t hash)
{
    struct stage_hash *sh;

    HMAP_FOR_EACH_WITH_HASH (sh, node, hash, index) {
        sh->n++;
        return;
    }
    sh = xmalloc(sizeof *sh);
    sh->n = 1;
    hmap_insert(index, &sh->node, hash);
}

static void
stage_index_remove(struct hmap *index, uint32_t hash)
{
    struct stage_hash *sh;

    HMAP_FOR_EACH_WITH_HASH (sh, node, hash, index) {
        if (!--sh->n) {
            hmap_remove(index, &sh->node);
            free(sh);
        }
        return;
    }
    OVS_NOT_REACHED();
}

static bool
stage_index_contains(const struct hmap *index, uint32_t hash)
{
    return hmap_first_with_hash(index, hash) != NULL;
}

/* Sorting subtables by decreasing max priority.  Ties are broken by the
 * mask so that the order, and with it the choice among equal-priority
 * matches, is reproducible. */
static int
compare_subtables(const void *a_, const void *b_)
{
    const struct cls_subtable *a = *(struct cls_subtable *const *) a_;
    const struct cls_subtable *b = *(struct cls_subtable *const *) b_;

    if (a->max_priority != b->max_priority) {
        return a->max_priority > b->max_priority ? -1 : 1;
    }
    return memcmp(&a->mask, &b->mask, sizeof a->mask);
}

/* Rebuilds 'cls->sorted'.  Caller holds the write lock. */
static void
resort_subtables(struct classifier *cls)
{
    struct cls_subtable *st;
    size_t n = 0;

    cls->sorted = xrealloc(cls->sorted,
                           MAX(hmap_count(&cls->subtables), 1)
                           * sizeof *cls->sorted);
    HMAP_FOR_EACH (st, node, &cls->subtables) {
        cls->sorted[n++] = st;
    }
    qsort(cls->sorted, n, sizeof *cls->sorted, compare_subtables);
    cls->n_sorted = n;
}

/* The classifier. */

void
classifier_init(struct classifier *cls)
{
    hmap_init(&cls->subtables);
    cls->sorted = NULL;
    cls->n_sorted = 0;
    cls->n_rules = 0;
    cls->n_conj_rules = 0;
    memset(cls->tries, 0, sizeof cls->tries);
    pthread_rwlock_init(&cls->rwlock, rwlock_attr());
}

void
classifier_destroy(struct classifier *cls)
{
    if (cls) {
        struct cls_subtable *st, *next;

        HMAP_FOR_EACH_SAFE (st, next, node, &cls->subtables) {
            struct cls_rule *rule, *head;
            SUBTABLE_FOR_EACH_RULE (rule, head, st) {
                rule->subtable = NULL;
            }
            destroy_subtable(cls, st);
        }
        hmap_destroy(&cls->subtables);
        free(cls->sorted);
        for (size_t t = 0; t < CLS_N_TRIES; t++) {
            trie_destroy(cls->tries[t]);
        }
        pthread_rwlock_destroy(&cls->rwlock);
    }
}

bool
classifier_is_empty(const struct classifier *cls)
{
    return cls->n_rules == 0;
}

size_t
classifier_count(const struct classifier *cls)
{
    return cls->n_rules;
}

/* Finds the head of the list of rules in 'st' with the same flow as 'rule'
 * (whose stage hashes must be computed for 'st'). */
static struct cls_rule *
find_head(const struct cls_subtable *st, const struct cls_rule *rule)
{
    struct cls_rule *r;

    /* Both masks are the subtable's: the value words say it all. */
    HMAP_FOR_EACH_WITH_HASH (r, node, rule_hash(rule), &st->rules) {
        if (!memcmp(r->words + st->n_words, rule->words + st->n_words,
                    st->n_words * sizeof *r->words)) {
            return r;
        }
    }
    return NULL;
}

/* Finds the rule in 'st' with the same flow and priority as 'rule'. */
static struct cls_rule *
find_equal(const struct cls_subtable *st, const struct cls_rule *rule)
{
    struct cls_rule *r;

    for (r = find_head(st, rule); r; r = r->next_same) {
        if (r->priority == rule->priority) {
            return r;
        }
    }
    return NULL;
}

static void
remove__(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_subtable *st = rule->subtable;
    struct cls_rule *head = find_head(st, rule);

    if (head == rule) {
        if (rule->next_same) {
            hmap_replace(&st->rules, &rule->node, &rule->next_same->node);
        } else {
            hmap_remove(&st->rules, &rule->node);
        }
    } else {
        struct cls_rule *prev = head;
        while (prev->next_same != rule) {
            prev = prev->next_same;
        }
        prev->next_same = rule->next_same;
    }
    rule->next_same = NULL;
    for (size_t i = 0; i < st->n_indexed; i++) {
        size_t s = st->indexed_stages[i];
        stage_index_remove(&st->stage_index[s], rule->stage_hashes[s]);
    }
    subtable_tries_update(cls, st, rule, false);
    rule->subtable = NULL;
    cls->n_rules--;
    cls->n_conj_rules -= rule->conj != NULL;

    bool last_of_priority = prio_remove(st, rule->priority);
    if (!--st->n_rules) {
        destroy_subtable(cls, st);
        resort_subtables(cls);
    } else if (rule->priority == st->max_priority && last_of_priority) {
        const struct cls_prio *p;
        int max = INT_MIN;

        HMAP_FOR_EACH (p, node, &st->priorities) {
            max = MAX(max, p->priority);
        }
        st->max_priority = max;
        resort_subtables(cls);
    }
}

struct cls_rule *
classifier_replace(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_subtable *st;
    struct cls_rule *old;

    ovs_assert(!rule->subtable);
    struct flow_wildcards wc;
    rule_get_wildcards(rule, &wc);
    pthread_rwlock_wrlock(&cls->rwlock);

    st = find_subtable(cls, &wc);
    if (!st) {
        st = create_subtable(cls, &wc);
    }
    rule_stage_hashes(st, rule);

    /* Find where 'rule' goes in the list of rules with its flow: before
     * 'next', after 'prev'. */
    struct cls_rule *head = find_head(st, rule);
    struct cls_rule *prev = NULL, *next = head;
    while (next && next->priority > rule->priority) {
        prev = next;
        next = next->next_same;
    }
    old = next && next->priority == rule->priority ? next : NULL;
    if (old) {
        next = old->next_same;
        old->next_same = NULL;
        old->subtable = NULL;
        cls->n_conj_rules -= old->conj != NULL;
    }
    cls->n_conj_rules += rule->conj != NULL;
    rule->next_same = next;
    rule->subtable = st;
    if (prev) {
        prev->next_same = rule;
    } else if (head) {
        /* Same hash, same place: readers see either rule, never none. */
        hmap_replace(&st->rules, &head->node, &rule->node);
    } else {
        hmap_insert(&st->rules, &rule->node, rule_hash(rule));
    }

    if (!old) {
        for (size_t i = 0; i < st->n_indexed; i++) {
            size_t s = st->indexed_stages[i];
            stage_index_add(&st->stage_index[s], rule->stage_hashes[s]);
        }
        subtable_tries_update(cls, st, rule, true);
        cls->n_rules++;
        prio_add(st, rule->priority);
        if (!st->n_rules++ || rule->priority > st->max_priority) {
            st->max_priority = rule->priority;
            resort_subtables(cls);
        }
    }

    pthread_rwlock_unlock(&cls->rwlock);
    return old;
}

void
classifier_insert(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_rule *old = classifier_replace(cls, rule);
    ovs_assert(!old);
}

void
classifier_remove(struct classifier *cls, struct cls_rule *rule)
{
    ovs_assert(rule->subtable);
    pthread_rwlock_wrlock(&cls->rwlock);
    remove__(cls, rule);
    pthread_rwlock_unlock(&cls->rwlock);
}

struct cls_rule *
classifier_find_rule_exactly(const struct classifier *cls,
                             const struct match *match, int priority)
{
    struct cls_rule target;
    struct cls_subtable *st;
    struct cls_rule *found = NULL;

    cls_rule_init(&target, match, priority);
    st = find_subtable(cls, &match->wc);
    if (st) {
        rule_stage_hashes(st, &target);
        found = find_equal(st, &target);
    }
    cls_rule_destroy(&target);
    return found;
}

/* ORs into 'wc' the mask words of 'st' in words[0...end). */
static void
add_wildcards(struct flow_wildcards *wc, const struct cls_subtable *st,
              size_t end)
{
    uint64_t *w = (uint64_t *) &wc->masks;
    const uint64_t *m = flow_u64(&st->mask.masks);

    for (size_t i = 0; i < end; i++) {
        w[st->words[i]] |= m[st->words[i]];
    }
}

/* Looks for the highest-priority rule of 'st' that matches 'flow', adding
 * to 'wc' the mask words it examined.  (Forced inline, as the trie check
 * below: both are on the lookup's fast path, and with two callers the
 * compiler stops inlining them, which costs lookup_plain() a few percent.) */
static inline __attribute__((always_inline)) const struct cls_rule *
subtable_lookup(const struct cls_subtable *st, const struct flow *flow,
                struct flow_wildcards *wc)
{
    const uint64_t *f = flow_u64(flow);
    const uint64_t *m = flow_u64(&st->mask.masks);
    const struct cls_rule *r;
    uint32_t h = 0;
    size_t i = 0;

    /* Staged partial hashes.  Computed incrementally: the hash after stage
     * s is hash_finish() of the running hash over words[0...ofs[s+1]), as
     * in partial_hash(). */
    for (size_t k = 0; k < st->n_indexed; k++) {
        size_t s = st->indexed_stages[k];
        size_t end = st->stage_ofs[s + 1];

        for (; i < end; i++) {
            h = hash_add64(h, f[st->words[i]] & m[st->words[i]]);
        }
        if (!stage_index_contains(&st->stage_index[s], hash_finish(h, end))) {
            if (wc) {
                add_wildcards(wc, st, end);
            }
            return NULL;
        }
    }
    for (; i < st->n_words; i++) {
        h = hash_add64(h, f[st->words[i]] & m[st->words[i]]);
    }
    h = hash_finish(h, st->n_words);

    if (wc) {
        add_wildcards(wc, st, st->n_words);
    }
    /* Heads have distinct flows, so at most one matches, and it has the
     * highest priority of its list. */
    HMAP_FOR_EACH_WITH_HASH (r, node, h, &st->rules) {
        if (subtable_rule_matches(st, r, flow)) {
            return r;
        }
    }
    return NULL;
}

/* Returns true if a prefix trie shows that no rule of 'st' can match
 * 'flow', having added to 'wc' the address bits the trie looked at. */
static inline __attribute__((always_inline)) bool
trie_skips_subtable(const struct classifier *cls,
                    const struct cls_subtable *st, const struct flow *flow,
                    struct trie_ctx tries[CLS_N_TRIES],
                    struct flow_wildcards *wc)
{
    for (size_t t = 0; t < CLS_N_TRIES; t++) {
        int plen = st->trie_plen[t];
        struct trie_ctx *ctx = &tries[t];

        if (!plen) {
            continue;
        }
        if (!ctx->valid) {
            trie_lookup(cls->tries[t], get_be32(flow, trie_field_ofs[t]),
                        ctx);
        }
        if (!(ctx->plens & (UINT64_C(1) << plen))) {
            if (wc && ctx->nbits) {
                ovs_be32 *m = (ovs_be32 *) ((char *) &wc->masks
                                            + trie_field_ofs[t]);
                *m |= htonl(~0u << (32 - ctx->nbits));
            }
            return true;
        }
    }
    return false;
}

/* The lookup of a classifier without conjunctive rules.  Caller holds the
 * read lock. */
static const struct cls_rule *
lookup_plain(const struct classifier *cls, const struct flow *flow,
             struct flow_wildcards *wc)
{
    struct trie_ctx tries[CLS_N_TRIES];
    const struct cls_rule *best = NULL;

    for (size_t t = 0; t < CLS_N_TRIES; t++) {
        tries[t].valid = false;
    }

    for (size_t i = 0; i < cls->n_sorted; i++) {
        const struct cls_subtable *st = cls->sorted[i];
        const struct cls_rule *r;

        if (best && st->max_priority <= best->priority) {
            break;
        }
        if (trie_skips_subtable(cls, st, flow, tries, wc)) {
            continue;
        }
        r = subtable_lookup(st, flow, wc);
        if (r && (!best || r->priority > best->priority)) {
            best = r;
        }
    }
    return best;
}

/* Conjunctive matches.
 *
 * A lookup in a classifier with conjunctive rules visits the subtables as
 * lookup_plain() does, stopping at the same point (no subtable left can
 * beat the best ordinary rule, 'hard'), but walks each matching list of
 * equal-flow rules further: its conjunctive rules above 'hard' are
 * "soft" matches, and its first ordinary rule a candidate for 'hard'.
 * The soft matches are then grouped by priority, and within a priority by
 * (id, n_clauses), ORing together the clause bits of each group.
 *
 * The wildcards stay sound: a flow that agrees on the bits added visits
 * the same subtables, finds the same lists, so the same soft matches and
 * 'hard', completes the same conjunctions and repeats the same conj_id
 * lookups (the looked-up flow differs only in conj_id). */

/* A growable array of rules, with room for a few on the stack. */
struct rule_vec {
    const struct cls_rule **rules;
    size_t n, allocated;
    const struct cls_rule *stub[16];
};

static void
rule_vec_init(struct rule_vec *v)
{
    v->rules = v->stub;
    v->n = 0;
    v->allocated = ARRAY_SIZE(v->stub);
}

static void
rule_vec_push(struct rule_vec *v, const struct cls_rule *r)
{
    if (v->n >= v->allocated) {
        v->allocated *= 2;
        if (v->rules == v->stub) {
            v->rules = xmalloc(v->allocated * sizeof *v->rules);
            memcpy(v->rules, v->stub, sizeof v->stub);
        } else {
            v->rules = xrealloc(v->rules, v->allocated * sizeof *v->rules);
        }
    }
    v->rules[v->n++] = r;
}

static void
rule_vec_destroy(struct rule_vec *v)
{
    if (v->rules != v->stub) {
        free(v->rules);
    }
}

/* Returns the highest-priority ordinary (not conjunctive) rule of 'cls'
 * matching 'flow'.  If 'soft' is nonnull, appends to it the conjunctive
 * rules met on the way whose priority is higher than the returned rule's
 * at the time they were met (the caller drops those that end up not
 * higher).  Caller holds the read lock. */
static const struct cls_rule *
lookup_conj_aware(const struct classifier *cls, const struct flow *flow,
                  struct flow_wildcards *wc, struct rule_vec *soft)
{
    struct trie_ctx tries[CLS_N_TRIES];
    const struct cls_rule *hard = NULL;

    for (size_t t = 0; t < CLS_N_TRIES; t++) {
        tries[t].valid = false;
    }

    for (size_t i = 0; i < cls->n_sorted; i++) {
        const struct cls_subtable *st = cls->sorted[i];

        if (hard && st->max_priority <= hard->priority) {
            break;
        }
        if (trie_skips_subtable(cls, st, flow, tries, wc)) {
            continue;
        }
        for (const struct cls_rule *r = subtable_lookup(st, flow, wc);
             r && (!hard || r->priority > hard->priority);
             r = r->next_same) {
            if (!r->conj) {
                hard = r;
                break;
            } else if (soft) {
                rule_vec_push(soft, r);
            }
        }
    }
    return hard;
}

static int
compare_rules_by_priority(const void *a_, const void *b_)
{
    const struct cls_rule *a = *(const struct cls_rule *const *) a_;
    const struct cls_rule *b = *(const struct cls_rule *const *) b_;

    return a->priority > b->priority ? -1 : a->priority < b->priority;
}

/* One clause of a conjunction, as matched by some soft rule. */
struct conj_hit {
    uint32_t id;
    uint8_t clause, n_clauses;
};

static int
compare_conj_hits(const void *a_, const void *b_)
{
    const struct conj_hit *a = a_, *b = b_;

    if (a->id != b->id) {
        return a->id < b->id ? -1 : 1;
    }
    return a->n_clauses < b->n_clauses ? -1 : a->n_clauses > b->n_clauses;
}

/* Considers the conjunctions of soft[0...n), all of one priority.  For
 * each complete conjunction, in increasing order of id, looks up 'flow'
 * with that conj_id; returns the first rule found, or NULL. */
static const struct cls_rule *
try_conjunctions(const struct classifier *cls, const struct flow *flow,
                 struct flow_wildcards *wc,
                 const struct cls_rule *const *soft, size_t n)
{
    struct conj_hit stub[64], *hits = stub;
    const struct cls_rule *found = NULL;
    size_t n_hits = 0, allocated = ARRAY_SIZE(stub);

    for (size_t i = 0; i < n; i++) {
        const struct cls_conj_set *set = soft[i]->conj;

        for (size_t j = 0; j < set->n; j++) {
            if (n_hits >= allocated) {
                allocated *= 2;
                if (hits == stub) {
                    hits = xmalloc(allocated * sizeof *hits);
                    memcpy(hits, stub, sizeof stub);
                } else {
                    hits = xrealloc(hits, allocated * sizeof *hits);
                }
            }
            hits[n_hits].id = set->c[j].id;
            hits[n_hits].clause = set->c[j].clause;
            hits[n_hits].n_clauses = set->c[j].n_clauses;
            n_hits++;
        }
    }
    qsort(hits, n_hits, sizeof *hits, compare_conj_hits);

    for (size_t i = 0; i < n_hits && !found; ) {
        uint8_t n_clauses = hits[i].n_clauses;
        uint64_t all = (n_clauses >= 64 ? UINT64_MAX
                        : (UINT64_C(1) << n_clauses) - 1);
        uint64_t seen = 0;
        size_t j;

        for (j = i; j < n_hits && !compare_conj_hits(&hits[i], &hits[j]);
             j++) {
            if (hits[j].clause < 64) {
                seen |= UINT64_C(1) << hits[j].clause;
            }
        }
        if ((seen & all) == all) {
            struct flow conj_flow = *flow;

            conj_flow.conj_id = hits[i].id;
            found = lookup_conj_aware(cls, &conj_flow, wc, NULL);
        }
        i = j;
    }
    if (hits != stub) {
        free(hits);
    }
    return found;
}

/* The lookup of a classifier with conjunctive rules.  Caller holds the
 * read lock. */
static const struct cls_rule *
lookup_conj(const struct classifier *cls, const struct flow *flow,
            struct flow_wildcards *wc)
{
    const struct cls_rule *hard, *found = NULL;
    struct rule_vec soft;
    size_t n = 0;

    rule_vec_init(&soft);
    hard = lookup_conj_aware(cls, flow, wc, &soft);

    /* Only the soft matches above 'hard' count. */
    for (size_t i = 0; i < soft.n; i++) {
        if (!hard || soft.rules[i]->priority > hard->priority) {
            soft.rules[n++] = soft.rules[i];
        }
    }
    soft.n = n;
    qsort(soft.rules, soft.n, sizeof *soft.rules,
          compare_rules_by_priority);

    for (size_t i = 0; i < soft.n && !found; ) {
        size_t j = i + 1;

        while (j < soft.n
               && soft.rules[j]->priority == soft.rules[i]->priority) {
            j++;
        }
        found = try_conjunctions(cls, flow, wc, &soft.rules[i], j - i);
        i = j;
    }
    rule_vec_destroy(&soft);
    return found ? found : hard;
}

const struct cls_rule *
classifier_lookup(const struct classifier *cls_, const struct flow *flow,
                  struct flow_wildcards *wc)
{
    struct classifier *cls = CONST_CAST(struct classifier *, cls_);
    const struct cls_rule *best;

    pthread_rwlock_rdlock(&cls->rwlock);
    best = (cls->n_conj_rules
            ? lookup_conj(cls, flow, wc)
            : lookup_plain(cls, flow, wc));
    pthread_rwlock_unlock(&cls->rwlock);
    return best;
}

bool
classifier_rule_overlaps(const struct classifier *cls,
                         const struct cls_rule *rule)
{
    struct match match;
    cls_rule_get_match(rule, &match);
    const uint64_t *f = flow_u64(&match.flow);
    const uint64_t *m = flow_u64(&match.wc.masks);
    struct cls_subtable *st;

    HMAP_FOR_EACH (st, node, &cls->subtables) {
        const uint64_t *sm = flow_u64(&st->mask.masks);
        struct cls_rule *r, *head;

        if (st->max_priority < rule->priority) {
            continue;
        }
        SUBTABLE_FOR_EACH_RULE (r, head, st) {
            /* Only the subtable's words can tell them apart. */
            const uint64_t *rf = r->words + st->n_words;
            bool overlap = r != rule && r->priority == rule->priority;

            for (size_t i = 0; overlap && i < st->n_words; i++) {
                size_t w = st->words[i];
                if ((f[w] ^ rf[i]) & m[w] & sm[w]) {
                    overlap = false;
                }
            }
            if (overlap) {
                return true;
            }
        }
    }
    return false;
}

/* Iteration. */

static int
compare_rules(const void *a_, const void *b_)
{
    const struct cls_rule *a = *(struct cls_rule *const *) a_;
    const struct cls_rule *b = *(struct cls_rule *const *) b_;

    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    /* The order of memcmp() over the whole struct match (flow, then
     * mask), word by word, without expanding either rule. */
    for (int part = 1; part >= 0; part--) {
        for (size_t w = 0; w < FLOW_U64S; w++) {
            uint64_t am, av, bm, bv;
            rule_word(a, w, &am, &av);
            rule_word(b, w, &bm, &bv);
            uint64_t x = part ? av : am, y = part ? bv : bm;
            if (x != y) {
                return memcmp(&x, &y, sizeof x);
            }
        }
    }
    return 0;
}

void
cls_cursor_start(struct cls_cursor *cursor, const struct classifier *cls,
                 const struct match *target, bool strict, int priority)
{
    cursor->n = cursor->ofs = 0;
    cursor->rules = NULL;

    if (target && strict) {
        struct cls_rule *r = classifier_find_rule_exactly(cls, target,
                                                          priority);
        if (r) {
            cursor->rules = xmalloc(sizeof *cursor->rules);
            cursor->rules[cursor->n++] = r;
        }
        return;
    }

    struct cls_subtable *st;
    cursor->rules = xmalloc(MAX(cls->n_rules, 1) * sizeof *cursor->rules);
    HMAP_FOR_EACH (st, node, &cls->subtables) {
        struct cls_rule *r, *head;

        /* A subtable whose mask lacks some bit of the target's cannot hold
         * loose matches. */
        if (target) {
            const uint64_t *sm = flow_u64(&st->mask.masks);
            const uint64_t *tm = flow_u64(&target->wc.masks);
            bool possible = true;
            for (size_t i = 0; i < FLOW_U64S; i++) {
                if (tm[i] & ~sm[i]) {
                    possible = false;
                    break;
                }
            }
            if (!possible) {
                continue;
            }
        }
        SUBTABLE_FOR_EACH_RULE (r, head, st) {
            if (!target || cls_rule_is_loose_match(r, target)) {
                cursor->rules[cursor->n++] = r;
            }
        }
    }
    qsort(cursor->rules, cursor->n, sizeof *cursor->rules, compare_rules);
}

struct cls_rule *
cls_cursor_next(struct cls_cursor *cursor)
{
    if (cursor->ofs < cursor->n) {
        return cursor->rules[cursor->ofs++];
    }
    cls_cursor_destroy(cursor);
    return NULL;
}

void
cls_cursor_destroy(struct cls_cursor *cursor)
{
    free(cursor->rules);
    cursor->rules = NULL;
    cursor->n = cursor->ofs = 0;
}
