/* classifier.h -- the OpenFlow flow table: rules with wildcards and
 * priorities, and a lookup that also reports which bits it examined.
 *
 * A classifier holds rules (struct cls_rule, embedded by the caller in its
 * own rule structure).  Each rule is a struct match (a flow and a mask)
 * plus an integer priority.  classifier_lookup() finds the highest-
 * priority rule that matches a flow, and ORs into a flow_wildcards every
 * bit it had to look at to decide.  ofproto builds a datapath megaflow
 * from those bits: every packet that agrees with the looked-up flow on
 * them gets the same lookup result, so the megaflow is correct; the fewer
 * bits, the wider (and fewer) the megaflows.
 *
 * How: tuple-space search.  Rules with the same mask share a "subtable", a
 * hash table keyed by the masked flow.  Subtables are kept sorted by the
 * highest priority of their rules, so a lookup stops as soon as no
 * remaining subtable can beat the best match found.  Each subtable looks
 * at the flow in stages (metadata, L2, L3, L4) and keeps a set of the
 * partial hashes of its rules after each stage: a flow whose partial hash
 * is absent after an early stage cannot match any rule of that subtable,
 * and the lookup only un-wildcards the mask bits of the stages it looked
 * at.  So, for example, a subtable of TCP-port rules that fails on dl_type
 * leaves tp_src/tp_dst wildcarded.
 *
 * Prefix tracking: for nw_src and nw_dst (IPv4, and ARP SPA/TPA), a binary
 * trie holds the prefixes of all rules that match the field on a CIDR
 * mask.  Before visiting a subtable that matches, say, nw_dst/24, the
 * lookup asks the trie whether any rule's /24 prefix contains the flow's
 * nw_dst; if none does, it skips the subtable, un-wildcarding only the
 * leading nw_dst bits that the trie walk looked at (often a few, not 24,
 * and nothing else of the subtable).  When the trie does not rule the
 * subtable out, the staged lookup un-wildcards its whole mask as above.
 *
 * Conjunctive matches (ovs-fields(7) "Conjunctive Match Fields"): a rule
 * may carry conjunctions (its owner's "conjunction(id, k/n)" actions, set
 * with cls_rule_set_conjunctions()).  Such a rule is never a lookup's
 * result by itself.  When a lookup finds conjunctive rules of higher
 * priority than the best ordinary match, it takes their priorities from
 * the highest down; at each, if for some (id, n) the matching rules cover
 * every clause 1...n, it looks the flow up again with conj_id set to id,
 * ignoring conjunctive rules, and a rule found so is the result.
 * Otherwise the best ordinary match is.  A classifier without conjunctive
 * rules takes none of these steps (one test per lookup).
 *
 * Ties: if several rules of equal priority match, the lookup returns one
 * of them; which one depends only on the set of rules in the classifier
 * (not on the flow beyond the examined bits).
 *
 * Concurrency: one writer, many readers.  classifier_lookup() may run on
 * any number of threads (datapath upcall handlers) at the same time as one
 * thread (ofproto's main thread) inserts, replaces and removes rules.  All
 * other functions, iteration included, are "writer" functions: the caller
 * runs them on one thread at a time (or serialises them).  Readers and the
 * writer share an internal pthread rwlock that prefers writers: a lookup
 * takes the read lock (two atomic operations per lookup, no contention
 * between readers beyond the lock word's cache line) and a modification
 * takes the write lock for O(1) work plus re-sorting the subtable list
 * when a subtable's maximum priority changes.  Writer-only reads
 * (iteration, find_rule_exactly, count) take no lock, since only the
 * writer changes the classifier.
 *
 * Lifetime: after classifier_remove() returns, no lookup that starts later
 * can return the rule, but a lookup that started earlier may already have
 * returned it to its caller.  The owner must keep a removed rule's memory
 * valid until every thread that might hold it is done (for example by
 * reference counting its rules, or by freeing them only after the handler
 * threads have gone back to their poll loops).
 *
 * Implemented in classifier.c. */
#ifndef CLASSIFIER_H
#define CLASSIFIER_H 1

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "flow.h"
#include "hmap.h"
#include "match.h"

struct ds;
struct cls_subtable;

/* One "conjunction(id, k/n)" of a conjunctive rule: clause k - 1 of the n
 * clauses of conjunction 'id'. */
struct cls_conjunction {
    uint32_t id;
    uint8_t clause;             /* 0...n_clauses - 1. */
    uint8_t n_clauses;          /* 2...64. */
};

/* A rule.  The caller embeds it in its own structure and initialises it
 * with cls_rule_init(); the members are read-only for the caller. */
struct cls_rule {
    /* The match, compact: only the 64-bit words of the flow where the mask
     * is nonzero are kept (a rule typically matches on a handful of the
     * flow's FLOW_U64S words, and a whole struct match was three quarters
     * of a rule's memory).  Bit W of 'map' is set if word W is kept;
     * 'words' holds the kept mask words, then as many value words (flow &
     * mask), both in increasing W order.  Read it with
     * cls_rule_get_match(). */
    uint64_t map;
    uint64_t *words;            /* Owned. */
    int priority;               /* Higher wins. */

    /* Internal to classifier.c. */
    struct hmap_node node;      /* In subtable's 'rules', if the head. */
    struct cls_rule *next_same; /* Same match, lower priority. */
    struct cls_subtable *subtable; /* NULL if not in a classifier. */
    uint32_t stage_hashes[4];   /* Partial hash after each stage. */
    struct cls_conj_set *conj;  /* Conjunctions, NULL if none (owned). */
};

/* Initialises 'rule' to match 'match' (copied and masked) at 'priority'. */
void cls_rule_init(struct cls_rule *rule, const struct match *match,
                   int priority);

/* Makes 'rule', which must not be in a classifier, conjunctive with the
 * 'n' conjunctions in 'conj' (copied); n == 0 makes it ordinary again. */
void cls_rule_set_conjunctions(struct cls_rule *rule,
                               const struct cls_conjunction *conj, size_t n);

/* True if 'rule' has conjunctions. */
static inline bool
cls_rule_is_conjunctive(const struct cls_rule *rule)
{
    return rule->conj != NULL;
}

/* Releases 'rule', which must not be in a classifier. */
void cls_rule_destroy(struct cls_rule *rule);

/* The whole match of 'rule' (its flow already masked). */
void cls_rule_get_match(const struct cls_rule *rule, struct match *match);

/* True if 'a' and 'b' have the same match and priority. */
bool cls_rule_equal(const struct cls_rule *a, const struct cls_rule *b);

/* True if 'rule' is in a classifier. */
static inline bool
cls_rule_is_inserted(const struct cls_rule *rule)
{
    return rule->subtable != NULL;
}

/* True if 'rule' matches 'flow'. */
bool cls_rule_matches_flow(const struct cls_rule *rule,
                           const struct flow *flow);

/* Appends the rule in ovs-ofctl syntax, as match_format() with the rule's
 * priority (not printed if OFP_DEFAULT_PRIORITY). */
void cls_rule_format(const struct cls_rule *rule, struct ds *s);

/* True if 'rule' is at least as specific as 'target': every bit 'target'
 * matches, 'rule' also matches, with the same value.  This is OpenFlow's
 * non-strict (loose) match used by flow_mod modify/delete and flow
 * statistics requests. */
bool cls_rule_is_loose_match(const struct cls_rule *rule,
                             const struct match *target);

/* The classifier. */
#define CLS_N_TRIES 2           /* nw_src, nw_dst. */
struct cls_trie_node;

struct classifier {
    struct hmap subtables;      /* Contains "struct cls_subtable"s by mask. */
    struct cls_subtable **sorted; /* Subtables by decreasing max priority. */
    size_t n_sorted;
    size_t n_rules;
    size_t n_conj_rules;        /* Rules with conjunctions. */
    struct cls_trie_node *tries[CLS_N_TRIES]; /* Prefix tracking. */
    pthread_rwlock_t rwlock;    /* See "Concurrency" above. */
};

void classifier_init(struct classifier *cls);

/* Destroys 'cls', which must be empty (the caller removes and frees its
 * rules first).  Accepts NULL. */
void classifier_destroy(struct classifier *cls);

bool classifier_is_empty(const struct classifier *cls);
size_t classifier_count(const struct classifier *cls);

/* Inserts 'rule', which must not be in any classifier and must not have
 * the same match and priority as a rule already in 'cls' (asserted). */
void classifier_insert(struct classifier *cls, struct cls_rule *rule);

/* Inserts 'rule'.  If a rule with the same match and priority was in
 * 'cls', removes it and returns it (the caller owns it again); otherwise
 * returns NULL. */
struct cls_rule *classifier_replace(struct classifier *cls,
                                    struct cls_rule *rule);

/* Removes 'rule' from 'cls' (where it must be).  See "Lifetime" above
 * before freeing it. */
void classifier_remove(struct classifier *cls, struct cls_rule *rule);

/* Returns the rule in 'cls' whose match equals 'match' and whose priority
 * is 'priority' (OpenFlow strict match), or NULL. */
struct cls_rule *classifier_find_rule_exactly(const struct classifier *cls,
                                              const struct match *match,
                                              int priority);

/* Returns the highest-priority rule in 'cls' that matches 'flow', or NULL,
 * resolving conjunctive matches as described at the top.  If 'wc' is
 * nonnull, ORs into it the bits of 'flow' that the decision depended on
 * (it must be initialised, typically to catchall, by the caller; after a
 * conjunctive match it may include conj_id, which callers building a
 * datapath mask drop).  Safe to call concurrently with one writer. */
const struct cls_rule *classifier_lookup(const struct classifier *cls,
                                         const struct flow *flow,
                                         struct flow_wildcards *wc);

/* True if some rule in 'cls' other than 'rule' has the same priority as
 * 'rule' and some packet could match both (OpenFlow's
 * OFPFF_CHECK_OVERLAP). */
bool classifier_rule_overlaps(const struct classifier *cls,
                              const struct cls_rule *rule);

/* Iteration.
 *
 * A cursor takes a snapshot of the rules to visit when it starts, in order
 * of decreasing priority (ties in an unspecified but stable order), so
 * the loop body may remove (and free) the rule it is visiting, and may
 * insert rules (which the loop does not visit).  It must not free other
 * rules not yet visited.  A cursor loop that stops early (break, return)
 * must call cls_cursor_destroy(); the CLS_FOR_EACH* macros hide their
 * cursor, so do not leave them early (it would leak the snapshot): use
 * the cursor functions for loops that may stop early.
 *
 * With a 'target', visits only the rules that match it: loosely
 * (cls_rule_is_loose_match()) or, if 'strict', those with exactly the
 * target's match and 'priority'. */
struct cls_cursor {
    struct cls_rule **rules;
    size_t n, ofs;
};

void cls_cursor_start(struct cls_cursor *cursor,
                      const struct classifier *cls,
                      const struct match *target, bool strict,
                      int priority);
struct cls_rule *cls_cursor_next(struct cls_cursor *cursor);
void cls_cursor_destroy(struct cls_cursor *cursor);

/* Loops over every rule of CLS.  RULE is a pointer to the caller's type
 * that embeds a struct cls_rule as MEMBER. */
#define CLS_FOR_EACH(RULE, MEMBER, CLS)                                 \
    CLS_FOR_EACH_TARGET(RULE, MEMBER, CLS, NULL, false, 0)

/* Loops over the rules of CLS that match TARGET (a const struct match *,
 * NULL for all) loosely, or strictly with PRIORITY if STRICT. */
#define CLS_FOR_EACH_TARGET(RULE, MEMBER, CLS, TARGET, STRICT, PRIORITY) \
    for (struct cls_cursor cursor__##MEMBER                             \
             = cls_cursor_init__(CLS, TARGET, STRICT, PRIORITY);         \
         (cls_cursor_next_rule__(&cursor__##MEMBER,                      \
                                 (void **) &(RULE),                      \
                                 offsetof(__typeof__(*(RULE)), MEMBER))); \
        )

/* Helpers for the macros above. */
static inline struct cls_cursor
cls_cursor_init__(const struct classifier *cls, const struct match *target,
                  bool strict, int priority)
{
    struct cls_cursor c;
    cls_cursor_start(&c, cls, target, strict, priority);
    return c;
}

static inline bool
cls_cursor_next_rule__(struct cls_cursor *c, void **rulep, size_t offset)
{
    struct cls_rule *r = cls_cursor_next(c);
    *rulep = r ? (char *) r - offset : NULL;
    return r != NULL;
}

#endif /* classifier.h */
