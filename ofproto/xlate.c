/* xlate.c -- translation of a flow through the OpenFlow tables into
 * datapath actions and a megaflow mask (see xlate.h).
 *
 * How: a context keeps two copies of the flow.  'flow' is the packet as
 * the OpenFlow actions see it (set_field, VLAN changes apply to it at
 * once); 'base' is the packet as the datapath actions emitted so far leave
 * it.  Before each output the difference is "committed": datapath actions
 * (pop_vlan/push_vlan, set_masked) that make 'base' equal 'flow' are
 * appended.  Every decision that looked at a field ORs the field into the
 * wildcards.
 *
 * NORMAL, the learning switch, works on bundles: it finds the input
 * bundle and VLAN, learns the source MAC there, looks the destination up,
 * and outputs to one bundle or floods to all bundles in the VLAN, tagging
 * or untagging for each output bundle's VLAN mode. */
#include "xlate.h"
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"
#include "mac-learning.h"
#include "match.h"
#include "netdev.h"
#include "nl-attr.h"
#include "ofp-actions.h"
#include "ofp-port.h"
#include "ofproto-group.h"
#include "ofproto-meter.h"
#include "ofproto-private.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(xlate);

#define MAX_RESUBMIT_DEPTH 64

struct xlate_ctx {
    const struct xlate_in *xin;
    struct xlate_out *xout;
    struct ofproto *ofproto;
    struct flow flow;           /* As the OpenFlow actions see it. */
    struct flow base;           /* As the datapath actions leave it. */
    struct flow_wildcards *wc;
    struct ofpbuf *odp;
    struct ds *trace;
    int depth;                  /* Resubmit depth. */
    int indent;                 /* Trace indentation. */
    uint8_t table_id;           /* Table being executed. */
    ovs_be64 rule_cookie;       /* Cookie of the rule being executed. */
    struct rule *rule;          /* The rule being executed, or NULL. */
    bool exit;                  /* "exit" action: stop translating. */
    struct ofpbuf stack;        /* push/pop: uint64_t values, top last. */
    struct ofpbuf action_set;   /* write_actions, executed at the end of
                                 * the pipeline (OpenFlow 1.1+). */

    /* The action lists being executed, outermost first, each with where
     * it is and the rule it belongs to: what controller(pause) freezes
     * (see freeze()).  Lists nested deeper than the array are not
     * recorded: a pause there resumes without their rest. */
    struct xlate_frame_pos {
        const struct ofpact *next;  /* The action after the current one. */
        const struct ofpact *end;
        uint8_t table_id;
        ovs_be64 cookie;
    } frames[2 * MAX_RESUBMIT_DEPTH + 16];
    size_t n_frames;
    bool paused;                /* controller(pause): translation ended. */

    /* MPLS.  push_mpls and pop_mpls change the packet's shape, which a
     * commit cannot undo, so they are emitted at once.  A clone or group
     * bucket ('n_nested' deep) must leave the packet as it came: the
     * labels pushed there are popped at its end (mpls_undo_nested()),
     * and pop_mpls there is refused.  'hidden_l3': 'base' as it was
     * before a push hid its L3 and L4 headers, for that undo.
     * 'l3_unknown': a pop_mpls revealed a packet whose L3 and L4 headers
     * the flow does not know (Open vSwitch would recirculate to parse
     * them). */
    int n_nested;
    struct flow hidden_l3;
    bool l3_unknown;
    /* Where the last OVS_ACTION_ATTR_PUSH_MPLS starts and ends in 'odp':
     * while nothing follows it, a change to the new entry is folded into
     * it instead of a set(mpls(...)) after it (as Open vSwitch emits). */
    size_t mpls_push_ofs, mpls_push_end;
};

static void xlate_table(struct xlate_ctx *, uint8_t table_id,
                        bool honour_table_miss);

static void
trace_line(struct xlate_ctx *ctx, const char *format, ...)
    OVS_PRINTF_FORMAT(2, 3);

static void
trace_line(struct xlate_ctx *ctx, const char *format, ...)
{
    if (ctx->trace) {
        va_list args;

        ds_put_format(ctx->trace, "%*s", ctx->indent, "");
        va_start(args, format);
        ds_put_format_valist(ctx->trace, format, args);
        va_end(args);
        ds_put_char(ctx->trace, '\n');
    }
}

void
xlate_out_init(struct xlate_out *xout)
{
    flow_wildcards_init_catchall(&xout->wc);
    ofpbuf_init(&xout->odp_actions, 64);
    xout->rules = NULL;
    xout->n_rules = xout->allocated_rules = 0;
    xout->groups = NULL;
    xout->n_groups = xout->allocated_groups = 0;
    xout->mac_changed = false;
    xout->learned = NULL;
    xout->n_learned = xout->allocated_learned = 0;
}

void
xlate_learned_destroy(struct xlate_learned *learned, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rule_unref(learned[i].learner);
        free(learned[i].ofpacts);
    }
    free(learned);
}

static void
xlate_out_clear(struct xlate_out *xout)
{
    for (size_t i = 0; i < xout->n_rules; i++) {
        rule_unref(xout->rules[i]);
    }
    xout->n_rules = 0;
    for (size_t i = 0; i < xout->n_groups; i++) {
        group_unref(xout->groups[i].group);
    }
    xout->n_groups = 0;
    xlate_learned_destroy(xout->learned, xout->n_learned);
    xout->learned = NULL;
    xout->n_learned = xout->allocated_learned = 0;
    flow_wildcards_init_catchall(&xout->wc);
    ofpbuf_clear(&xout->odp_actions);
    xout->mac_changed = false;
}

void
xlate_out_uninit(struct xlate_out *xout)
{
    if (xout) {
        xlate_out_clear(xout);
        free(xout->rules);
        xout->rules = NULL;
        xout->allocated_rules = 0;
        free(xout->groups);
        xout->groups = NULL;
        xout->allocated_groups = 0;
        ofpbuf_uninit(&xout->odp_actions);
    }
}

static void
xout_add_rule(struct xlate_out *xout, struct rule *rule)
{
    if (xout->n_rules >= xout->allocated_rules) {
        xout->allocated_rules = xout->allocated_rules * 2 + 4;
        xout->rules = xrealloc(xout->rules,
                               xout->allocated_rules * sizeof *xout->rules);
    }
    rule_ref(rule);
    xout->rules[xout->n_rules++] = rule;
}

static void
xout_add_group(struct xlate_out *xout, struct group *group, size_t bucket,
               bool count_group)
{
    struct xlate_group_hit *hit;

    if (xout->n_groups >= xout->allocated_groups) {
        xout->allocated_groups = xout->allocated_groups * 2 + 4;
        xout->groups = xrealloc(xout->groups, (xout->allocated_groups
                                               * sizeof *xout->groups));
    }
    group_ref(group);
    hit = &xout->groups[xout->n_groups++];
    hit->group = group;
    hit->bucket = bucket;
    hit->count_group = count_group;
}

/* Committing the flow to the datapath. */

static void
commit_vlan(struct xlate_ctx *ctx)
{
    ovs_be16 want = ctx->flow.vlans[0].tci;
    ovs_be16 have = ctx->base.vlans[0].tci;

    /* Whether we pop depends on whether the packet had a tag. */
    ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
    if (want == have
        && (!(want & htons(VLAN_CFI))
            || ctx->flow.vlans[0].tpid == ctx->base.vlans[0].tpid)) {
        return;
    }
    if (have & htons(VLAN_CFI)) {
        nl_msg_put_flag(ctx->odp, OVS_ACTION_ATTR_POP_VLAN);
    }
    if (want & htons(VLAN_CFI)) {
        struct ovs_action_push_vlan push;

        push.vlan_tpid = ctx->flow.vlans[0].tpid
                         ? ctx->flow.vlans[0].tpid
                         : htons(ETH_TYPE_VLAN_8021Q);
        push.vlan_tci = want;
        nl_msg_put_unspec(ctx->odp, OVS_ACTION_ATTR_PUSH_VLAN,
                          &push, sizeof push);
    }
    ctx->base.vlans[0] = ctx->flow.vlans[0];
    if (!(want & htons(VLAN_CFI))) {
        ctx->base.vlans[0].tpid = 0;
    }
}

static void
put_set_masked(struct xlate_ctx *ctx, enum ovs_key_attr type,
               const void *key, const void *mask, size_t size)
{
    size_t ofs = nl_msg_start_nested(ctx->odp, OVS_ACTION_ATTR_SET_MASKED);
    char *p = nl_msg_put_unspec_uninit(ctx->odp, type, 2 * size);

    memcpy(p, key, size);
    memcpy(p + size, mask, size);
    nl_msg_end_nested(ctx->odp, ofs);
}

static void
commit_ethernet(struct xlate_ctx *ctx)
{
    struct ovs_key_ethernet key, mask;
    bool changed = false;

    memset(&mask, 0, sizeof mask);
    memcpy(key.eth_src, ctx->flow.dl_src.ea, ETH_ADDR_LEN);
    memcpy(key.eth_dst, ctx->flow.dl_dst.ea, ETH_ADDR_LEN);
    if (!eth_addr_equals(ctx->flow.dl_src, ctx->base.dl_src)) {
        memset(mask.eth_src, 0xff, ETH_ADDR_LEN);
        ctx->wc->masks.dl_src = eth_addr_exact;
        changed = true;
    }
    if (!eth_addr_equals(ctx->flow.dl_dst, ctx->base.dl_dst)) {
        memset(mask.eth_dst, 0xff, ETH_ADDR_LEN);
        ctx->wc->masks.dl_dst = eth_addr_exact;
        changed = true;
    }
    if (changed) {
        put_set_masked(ctx, OVS_KEY_ATTR_ETHERNET, &key, &mask, sizeof key);
        ctx->base.dl_src = ctx->flow.dl_src;
        ctx->base.dl_dst = ctx->flow.dl_dst;
    }
}

static void
commit_ipv4(struct xlate_ctx *ctx)
{
    struct ovs_key_ipv4 key, mask;
    const struct flow *f = &ctx->flow, *b = &ctx->base;

    if (f->dl_type != htons(ETH_TYPE_IP)) {
        return;
    }
    memset(&key, 0, sizeof key);
    memset(&mask, 0, sizeof mask);
    key.ipv4_src = f->nw_src;
    key.ipv4_dst = f->nw_dst;
    key.ipv4_tos = f->nw_tos;
    key.ipv4_ttl = f->nw_ttl;
    if (f->nw_src != b->nw_src) {
        mask.ipv4_src = htonl(UINT32_MAX);
    }
    if (f->nw_dst != b->nw_dst) {
        mask.ipv4_dst = htonl(UINT32_MAX);
    }
    if (f->nw_tos != b->nw_tos) {
        mask.ipv4_tos = 0xff;
    }
    if (f->nw_ttl != b->nw_ttl) {
        mask.ipv4_ttl = 0xff;
    }
    if (mask.ipv4_src || mask.ipv4_dst || mask.ipv4_tos || mask.ipv4_ttl) {
        ctx->wc->masks.nw_src |= mask.ipv4_src;
        ctx->wc->masks.nw_dst |= mask.ipv4_dst;
        ctx->wc->masks.nw_tos |= mask.ipv4_tos;
        ctx->wc->masks.nw_ttl |= mask.ipv4_ttl;
        ctx->wc->masks.dl_type = htons(UINT16_MAX);
        put_set_masked(ctx, OVS_KEY_ATTR_IPV4, &key, &mask, sizeof key);
        ctx->base.nw_src = f->nw_src;
        ctx->base.nw_dst = f->nw_dst;
        ctx->base.nw_tos = f->nw_tos;
        ctx->base.nw_ttl = f->nw_ttl;
    }
}

static void
commit_l4(struct xlate_ctx *ctx)
{
    const struct flow *f = &ctx->flow, *b = &ctx->base;
    enum ovs_key_attr type;

    if (!is_ip_any(f)) {
        return;
    }
    if (f->nw_proto == IPPROTO_TCP) {
        type = OVS_KEY_ATTR_TCP;
    } else if (f->nw_proto == IPPROTO_UDP) {
        type = OVS_KEY_ATTR_UDP;
    } else {
        return;
    }
    if (f->tp_src != b->tp_src || f->tp_dst != b->tp_dst) {
        struct ovs_key_tcp key = { f->tp_src, f->tp_dst };
        struct ovs_key_tcp mask = {
            f->tp_src != b->tp_src ? htons(UINT16_MAX) : 0,
            f->tp_dst != b->tp_dst ? htons(UINT16_MAX) : 0,
        };

        ctx->wc->masks.tp_src |= mask.tcp_src;
        ctx->wc->masks.tp_dst |= mask.tcp_dst;
        ctx->wc->masks.nw_proto = 0xff;
        ctx->wc->masks.dl_type = htons(UINT16_MAX);
        put_set_masked(ctx, type, &key, &mask, sizeof key);
        ctx->base.tp_src = f->tp_src;
        ctx->base.tp_dst = f->tp_dst;
    }
}

static void
commit_ipv6(struct xlate_ctx *ctx)
{
    struct ovs_key_ipv6 key, mask;
    const struct flow *f = &ctx->flow, *b = &ctx->base;

    if (f->dl_type != htons(ETH_TYPE_IPV6)) {
        return;
    }
    memset(&key, 0, sizeof key);
    memset(&mask, 0, sizeof mask);
    memcpy(key.ipv6_src, &f->ipv6_src, sizeof key.ipv6_src);
    memcpy(key.ipv6_dst, &f->ipv6_dst, sizeof key.ipv6_dst);
    key.ipv6_label = f->ipv6_label;
    key.ipv6_tclass = f->nw_tos;
    key.ipv6_hlimit = f->nw_ttl;
    if (memcmp(&f->ipv6_src, &b->ipv6_src, sizeof f->ipv6_src)) {
        memset(mask.ipv6_src, 0xff, sizeof mask.ipv6_src);
        memset(&ctx->wc->masks.ipv6_src, 0xff, sizeof f->ipv6_src);
    }
    if (memcmp(&f->ipv6_dst, &b->ipv6_dst, sizeof f->ipv6_dst)) {
        memset(mask.ipv6_dst, 0xff, sizeof mask.ipv6_dst);
        memset(&ctx->wc->masks.ipv6_dst, 0xff, sizeof f->ipv6_dst);
    }
    if (f->ipv6_label != b->ipv6_label) {
        mask.ipv6_label = htonl(0xfffff);
        ctx->wc->masks.ipv6_label |= htonl(0xfffff);
    }
    if (f->nw_tos != b->nw_tos) {
        mask.ipv6_tclass = 0xff;
        ctx->wc->masks.nw_tos = 0xff;
    }
    if (f->nw_ttl != b->nw_ttl) {
        mask.ipv6_hlimit = 0xff;
        ctx->wc->masks.nw_ttl = 0xff;
    }
    if (memcmp(&mask, &(struct ovs_key_ipv6) { .ipv6_label = 0 },
               sizeof mask)) {
        ctx->wc->masks.dl_type = htons(UINT16_MAX);
        put_set_masked(ctx, OVS_KEY_ATTR_IPV6, &key, &mask, sizeof key);
        ctx->base.ipv6_src = f->ipv6_src;
        ctx->base.ipv6_dst = f->ipv6_dst;
        ctx->base.ipv6_label = f->ipv6_label;
        ctx->base.nw_tos = f->nw_tos;
        ctx->base.nw_ttl = f->nw_ttl;
    }
}

/* The datapath priority for OpenFlow queue 'queue_id', mapped as Open
 * vSwitch maps it (so that QoS set up for it, and its users' tc rules,
 * keep working): the kernel datapath hands packets to Linux traffic
 * control, where queue N is class 1:(N + 1); the userspace datapath takes
 * the queue number itself.  False if the mapping cannot hold it. */
static bool
queue_to_priority(const struct xlate_ctx *ctx, uint32_t queue_id,
                  uint32_t *priority)
{
    if (!strcmp(ctx->ofproto->type, "system")) {
        if (queue_id >= 0xf000) {
            return false;
        }
        *priority = (1u << 16) | (queue_id + 1);    /* TC_H_MAKE(1:, N+1) */
    } else {
        *priority = queue_id;
    }
    return true;
}

/* skb_priority and pkt_mark are datapath metadata, set with plain
 * OVS_ACTION_ATTR_SET. */
static void
commit_metadata(struct xlate_ctx *ctx)
{
    if (ctx->flow.skb_priority != ctx->base.skb_priority) {
        size_t ofs = nl_msg_start_nested(ctx->odp, OVS_ACTION_ATTR_SET);
        nl_msg_put_u32(ctx->odp, OVS_KEY_ATTR_PRIORITY,
                       ctx->flow.skb_priority);
        nl_msg_end_nested(ctx->odp, ofs);
        ctx->base.skb_priority = ctx->flow.skb_priority;
    }
    if (ctx->flow.pkt_mark != ctx->base.pkt_mark) {
        size_t ofs = nl_msg_start_nested(ctx->odp, OVS_ACTION_ATTR_SET);
        nl_msg_put_u32(ctx->odp, OVS_KEY_ATTR_SKB_MARK, ctx->flow.pkt_mark);
        nl_msg_end_nested(ctx->odp, ofs);
        ctx->base.pkt_mark = ctx->flow.pkt_mark;
    }
}

/* The outermost MPLS label stack entry: a masked set of the fields
 * (label, TC, TTL, BOS) that changed. */
static void
commit_mpls(struct xlate_ctx *ctx)
{
    static const uint32_t fields[] = {
        MPLS_LABEL_MASK, MPLS_TC_MASK, MPLS_TTL_MASK, MPLS_BOS_MASK,
    };
    ovs_be32 want = ctx->flow.mpls_lse[0], have = ctx->base.mpls_lse[0];
    uint32_t m = 0;

    if (!eth_type_mpls(ctx->flow.dl_type) || want == have) {
        return;
    }
    if (ctx->mpls_push_end && ctx->mpls_push_end == ctx->odp->size) {
        struct nlattr *nla = ofpbuf_at(ctx->odp, ctx->mpls_push_ofs,
                                       NLA_HDRLEN);
        if (nl_attr_type(nla) == OVS_ACTION_ATTR_PUSH_MPLS) {
            struct ovs_action_push_mpls *push = (void *) (nla + 1);
            push->mpls_lse = want;
            ctx->base.mpls_lse[0] = want;
            return;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
        if (ntohl(want ^ have) & fields[i]) {
            m |= fields[i];
        }
    }
    struct ovs_key_mpls key = { want & htonl(m) }, mask = { htonl(m) };
    ctx->wc->masks.mpls_lse[0] |= mask.mpls_lse;
    put_set_masked(ctx, OVS_KEY_ATTR_MPLS, &key, &mask, sizeof key);
    ctx->base.mpls_lse[0] = want;
}

static void
commit_flow(struct xlate_ctx *ctx)
{
    commit_mpls(ctx);           /* First: it may fold into a push. */
    commit_metadata(ctx);
    commit_ethernet(ctx);
    commit_ipv4(ctx);
    commit_ipv6(ctx);
    commit_l4(ctx);
    commit_vlan(ctx);
}

/* MPLS push and pop. */

static void output_controller(struct xlate_ctx *, uint8_t reason,
                              uint16_t max_len, uint16_t controller_id);

/* Forgets the L3 and L4 fields of 'flow' (the flow of an MPLS packet has
 * none, as flow extraction stops at the label stack). */
static void
flow_clear_l3(struct flow *flow)
{
    size_t ofs = offsetof(struct flow, nw_src);
    memset((char *) flow + ofs, 0, sizeof *flow - ofs);
}

static bool
mpls_refuse_nested(struct xlate_ctx *ctx, const struct ofpact *a)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    if (!ctx->n_nested || a->type == OFPACT_PUSH_MPLS) {
        return false;
    }
    VLOG_WARN_RL(&rl, "%s inside a clone or group bucket is not "
                 "implemented yet: dropping the rest of it",
                 ofpact_name(a->type));
    trace_line(ctx, " -> %s inside a clone or group bucket is not "
               "implemented yet", ofpact_name(a->type));
    ctx->exit = true;
    return true;
}

static void
xlate_push_mpls(struct xlate_ctx *ctx, ovs_be16 eth_type)
{
    struct flow *flow = &ctx->flow;
    int n = flow_count_mpls_labels(flow);
    ovs_be32 lse;

    if (n >= FLOW_MAX_MPLS_LABELS) {
        trace_line(ctx, " -> more than %d MPLS labels are not supported",
                   FLOW_MAX_MPLS_LABELS);
        ctx->exit = true;
        return;
    }
    /* Changes made so far apply to the packet before the push. */
    commit_flow(ctx);
    if (n) {
        /* A copy of the outer entry, no longer the bottom of stack. */
        ctx->wc->masks.mpls_lse[0] = htonl(UINT32_MAX);
        lse = flow->mpls_lse[0] & ~htonl(MPLS_BOS_MASK);
    } else {
        /* A new stack: label 0 (IPv4 explicit null, 2 for IPv6), TC
         * from the DSCP and TTL from the IP header (else 64). */
        uint32_t label = flow->dl_type == htons(ETH_TYPE_IPV6) ? 2 : 0;
        uint8_t tc = 0, ttl = 64;
        if (is_ip_any(flow)) {
            ctx->wc->masks.nw_tos |= IP_DSCP_MASK;
            ctx->wc->masks.nw_ttl = 0xff;
            tc = (flow->nw_tos & IP_DSCP_MASK) >> 2;
            ttl = flow->nw_ttl ? flow->nw_ttl : 64;
        }
        lse = mpls_lse_build(label, tc, true, ttl);
        ctx->hidden_l3 = ctx->base;
        flow_clear_l3(flow);
        flow_clear_l3(&ctx->base);
    }
    memmove(&flow->mpls_lse[1], &flow->mpls_lse[0],
            (FLOW_MAX_MPLS_LABELS - 1) * sizeof flow->mpls_lse[0]);
    flow->mpls_lse[0] = lse;
    flow->dl_type = eth_type;

    struct ovs_action_push_mpls push = { lse, eth_type };
    ctx->mpls_push_ofs = ctx->odp->size;
    nl_msg_put_unspec(ctx->odp, OVS_ACTION_ATTR_PUSH_MPLS, &push,
                      sizeof push);
    ctx->mpls_push_end = ctx->odp->size;
    ctx->base.dl_type = flow->dl_type;
    memcpy(ctx->base.mpls_lse, flow->mpls_lse, sizeof flow->mpls_lse);
}

/* At the end of a clone or group bucket, which started with the flow
 * 'saved': pops the labels its actions pushed (the only MPLS change they
 * can make: pop_mpls is refused there), so that the packet is as it
 * was.  Field changes are left to the next commit, as for other fields. */
static void
mpls_undo_nested(struct xlate_ctx *ctx, const struct flow *saved)
{
    int n_saved = flow_count_mpls_labels(saved);
    int n_base = flow_count_mpls_labels(&ctx->base);

    if (ctx->base.dl_type == saved->dl_type && n_base == n_saved) {
        return;
    }
    for (int left = n_base - 1; left >= n_saved; left--) {
        nl_msg_put_be16(ctx->odp, OVS_ACTION_ATTR_POP_MPLS,
                        left > n_saved ? ctx->base.dl_type
                        : saved->dl_type);
    }
    int k = n_base - n_saved;
    memmove(&ctx->base.mpls_lse[0], &ctx->base.mpls_lse[k],
            (FLOW_MAX_MPLS_LABELS - k) * sizeof ctx->base.mpls_lse[0]);
    memset(&ctx->base.mpls_lse[FLOW_MAX_MPLS_LABELS - k], 0,
           k * sizeof ctx->base.mpls_lse[0]);
    ctx->base.dl_type = saved->dl_type;
    if (!n_saved) {
        size_t ofs = offsetof(struct flow, nw_src);
        memcpy((char *) &ctx->base + ofs, (char *) &ctx->hidden_l3 + ofs,
               sizeof ctx->base - ofs);
    }
}

static void
xlate_pop_mpls(struct xlate_ctx *ctx, ovs_be16 eth_type)
{
    struct flow *flow = &ctx->flow;
    int n = flow_count_mpls_labels(flow);

    if (!n) {
        return;                 /* Not MPLS: nothing to pop. */
    }
    /* Whether the stack ends here depends on the bottom of stack bit. */
    ctx->wc->masks.mpls_lse[0] |= htonl(MPLS_BOS_MASK);
    if (n > 1 && !eth_type_mpls(eth_type)) {
        trace_line(ctx, " -> pop_mpls to non-MPLS eth_type %#"PRIx16
                   " with labels left: dropping", ntohs(eth_type));
        ctx->exit = true;
        return;
    }
    commit_flow(ctx);
    memmove(&flow->mpls_lse[0], &flow->mpls_lse[1],
            (FLOW_MAX_MPLS_LABELS - 1) * sizeof flow->mpls_lse[0]);
    flow->mpls_lse[FLOW_MAX_MPLS_LABELS - 1] = 0;
    flow->dl_type = eth_type;
    if (n == 1) {
        ctx->l3_unknown = true;
    }
    nl_msg_put_be16(ctx->odp, OVS_ACTION_ATTR_POP_MPLS, eth_type);
    ctx->base.dl_type = flow->dl_type;
    memcpy(ctx->base.mpls_lse, flow->mpls_lse, sizeof flow->mpls_lse);
}

static void
xlate_dec_mpls_ttl(struct xlate_ctx *ctx)
{
    struct flow *flow = &ctx->flow;

    if (!eth_type_mpls(flow->dl_type)) {
        return;
    }
    ctx->wc->masks.mpls_lse[0] |= htonl(MPLS_TTL_MASK);
    uint8_t ttl = mpls_lse_to_ttl(flow->mpls_lse[0]);
    if (ttl > 1) {
        flow->mpls_lse[0] = ((flow->mpls_lse[0] & ~htonl(MPLS_TTL_MASK))
                             | htonl(ttl - 1));
    } else {
        trace_line(ctx, " -> MPLS TTL expired");
        output_controller(ctx, OFPR_INVALID_TTL, UINT16_MAX, 0);
        ctx->exit = true;
    }
}

/* Sets 'bits' (under 'mask', host order) of the outer label stack entry
 * of an MPLS packet. */
static void
set_mpls_bits(struct flow *flow, uint32_t bits, uint32_t mask)
{
    if (eth_type_mpls(flow->dl_type)) {
        flow->mpls_lse[0] = htonl((ntohl(flow->mpls_lse[0]) & ~mask)
                                  | (bits & mask));
    }
}

/* After a pop_mpls to a non-MPLS ethertype, whether action 'a' can still
 * be translated right: it must not read or write the L3 or L4 headers
 * (nor look the flow up again). */
static bool
ofpact_ok_without_l3(const struct ofpact *a)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT:
    case OFPACT_CONTROLLER:
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST:
    case OFPACT_SET_VLAN_VID:
    case OFPACT_SET_VLAN_PCP:
    case OFPACT_STRIP_VLAN:
    case OFPACT_PUSH_VLAN:
    case OFPACT_PUSH_MPLS:
    case OFPACT_POP_MPLS:
    case OFPACT_SET_MPLS_LABEL:
    case OFPACT_SET_MPLS_TC:
    case OFPACT_SET_MPLS_TTL:
    case OFPACT_DEC_MPLS_TTL:
    case OFPACT_NOTE:
    case OFPACT_EXIT:
    case OFPACT_METER:
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_ACTIONS:
    case OFPACT_WRITE_METADATA:
        return true;
    default:
        return false;
    }
}

/* Output. */

/* Freezes what is left of the translation after a controller(pause)
 * into 'out' (see struct xlate_controller_userdata): the rest of each
 * action list being executed, innermost first, and the action set.
 * Instructions cannot travel as actions: goto_table becomes a resubmit
 * (it was the list's last action anyway), and clear_actions,
 * write_actions and write_metadata are applied now, to the frozen action
 * set and '*metadata' (so the paused rule's remaining apply-actions see
 * the metadata it writes: a known difference).  The value stack of
 * push/pop is not frozen. */
static void
freeze(struct xlate_ctx *ctx, ovs_be64 *metadata, struct ofpbuf *out)
{
    struct ofpbuf ofpacts, set;
    size_t n = ctx->n_frames;
    size_t *ofs = xcalloc(n + 1, sizeof *ofs);
    struct ofp_continuation_frame *frames = xcalloc(n + 1, sizeof *frames);

    ofpbuf_init(&ofpacts, 64);
    ofpbuf_init(&set, 0);
    ofpbuf_put(&set, ctx->action_set.data, ctx->action_set.size);
    for (size_t i = 0; i < n; i++) {
        const struct xlate_frame_pos *fp = &ctx->frames[n - 1 - i];
        const struct ofpact *a;

        ofs[i] = ofpacts.size;
        for (a = fp->next; a < fp->end; a = ofpact_next(a)) {
            switch (a->type) {
            case OFPACT_GOTO_TABLE: {
                struct ofpact_resubmit *r = ofpact_put_RESUBMIT(&ofpacts);
                r->in_port = OFPP_IN_PORT;
                r->table_id = ofpact_get_GOTO_TABLE(a)->table_id;
                break;
            }
            case OFPACT_CLEAR_ACTIONS:
                ofpbuf_clear(&set);
                break;
            case OFPACT_WRITE_ACTIONS: {
                size_t len;
                const struct ofpact *nested
                    = ofpact_nest_get_actions(
                        (const struct ofpact_nest *) a, &len);
                ofpbuf_put(&set, nested, len);
                break;
            }
            case OFPACT_WRITE_METADATA: {
                const struct ofpact_metadata *md
                    = ofpact_get_WRITE_METADATA(a);
                *metadata = ((*metadata & ~md->mask)
                             | (md->metadata & md->mask));
                break;
            }
            case OFPACT_METER:
                break;
            default:
                ofpbuf_put(&ofpacts, a, OFPACT_ALIGN(a->len));
                break;
            }
        }
        frames[i].table_id = fp->table_id;
        frames[i].cookie = fp->cookie;
    }
    ofs[n] = ofpacts.size;
    for (size_t i = 0; i < n; i++) {
        frames[i].ofpacts = (const struct ofpact *)
                            ((const uint8_t *) ofpacts.data + ofs[i]);
        frames[i].ofpacts_len = ofs[i + 1] - ofs[i];
    }

    struct ofp_continuation cont = {
        .frames = frames,
        .n_frames = n,
        .action_set = set.data,
        .action_set_len = set.size,
    };
    ofp_continuation_put(out, &cont, OFP15_VERSION);
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&set);
    free(frames);
    free(ofs);
}

static void output_controller__(struct xlate_ctx *, uint8_t reason,
                                uint16_t max_len, uint16_t controller_id,
                                const struct ofpact_controller *);

/* Sends the packet, as the actions so far left it, to the controller:
 * a datapath "userspace" action whose userdata says how. */
static void
output_controller(struct xlate_ctx *ctx, uint8_t reason, uint16_t max_len,
                  uint16_t controller_id)
{
    output_controller__(ctx, reason, max_len, controller_id, NULL);
}

/* The same, for a controller() action 'c' (NULL for other packet-ins):
 * its userdata goes along, and a pause freezes the translation. */
static void
output_controller__(struct xlate_ctx *ctx, uint8_t reason, uint16_t max_len,
                    uint16_t controller_id,
                    const struct ofpact_controller *c)
{
    const struct ofport *in = ofproto_get_port(ctx->ofproto,
                                               ctx->flow.in_port);
    if (in && in->config & OFPPC_NO_PACKET_IN) {
        /* PORT_MOD's no_packet_in: nothing from this port goes up. */
        trace_line(ctx, " -> no packet-in: input port has no_packet_in");
        return;
    }

    struct xlate_controller_userdata ud = {
        .type = XLATE_USERDATA_CONTROLLER,
        .reason = reason,
        .table_id = ctx->table_id,
        .max_len = max_len,
        .controller_id = controller_id,
        .cookie = ctx->rule_cookie,
    };
    struct xlate_controller_metadata md = { .metadata = ctx->flow.metadata };
    memcpy(md.regs, ctx->flow.regs, sizeof md.regs);

    /* A pause freezes the rest first: a write_metadata in it changes the
     * metadata that the resumed translation starts from. */
    struct ofpbuf frozen;
    ofpbuf_init(&frozen, 0);
    if (c && c->pause) {
        freeze(ctx, &md.metadata, &frozen);
    }

    struct ofpbuf tail;
    ofpbuf_init(&tail, 0);
    ofpbuf_put_zeros(&tail, sizeof ud);     /* 'ud', once complete. */
    struct xlate_controller_metadata zero_md = { .metadata = 0 };
    if (memcmp(&md, &zero_md, sizeof md)) {
        ud.flags |= XLATE_UD_METADATA;
        ofpbuf_put(&tail, &md, sizeof md);
    }
    if (c && c->userdata_len) {
        uint64_t len = c->userdata_len;
        ud.flags |= XLATE_UD_USERDATA;
        ofpbuf_put(&tail, &len, sizeof len);
        ofpbuf_put(&tail, c->userdata, c->userdata_len);
        ofpbuf_pad_to(&tail, 8);
    }
    if (c && c->pause) {
        uint64_t len = frozen.size;
        ud.flags |= XLATE_UD_PAUSE;
        ofpbuf_put(&tail, &len, sizeof len);
        ofpbuf_put(&tail, frozen.data, frozen.size);
    }
    ofpbuf_uninit(&frozen);

    commit_flow(ctx);
    size_t offset = nl_msg_start_nested(ctx->odp, OVS_ACTION_ATTR_USERSPACE);
    nl_msg_put_u32(ctx->odp, OVS_USERSPACE_ATTR_PID, 0);
    memcpy(tail.data, &ud, sizeof ud);
    nl_msg_put_unspec(ctx->odp, OVS_USERSPACE_ATTR_USERDATA, tail.data,
                      tail.size);
    nl_msg_end_nested(ctx->odp, offset);
    ofpbuf_uninit(&tail);
    trace_line(ctx, " -> controller (reason %s, max_len %u)",
               (reason == OFPR_NO_MATCH ? "no_match"
                : reason == OFPR_INVALID_TTL ? "invalid_ttl" : "action"),
               max_len);
}

static void
output_odp(struct xlate_ctx *ctx, const struct ofport *port)
{
    commit_flow(ctx);
    nl_msg_put_u32(ctx->odp, OVS_ACTION_ATTR_OUTPUT, port->odp_port);
}

static void
output_ofp(struct xlate_ctx *ctx, ofp_port_t ofp_port, bool allow_in_port)
{
    const struct ofport *port = ofproto_get_port(ctx->ofproto, ofp_port);

    if (!port) {
        trace_line(ctx, " -> output to nonexistent port %"PRIu16, ofp_port);
        return;
    }
    if (port->config & (OFPPC_NO_FWD | OFPPC_PORT_DOWN)) {
        trace_line(ctx, " -> output to port %"PRIu16" is disabled by its "
                   "config (%s)", ofp_port,
                   port->config & OFPPC_PORT_DOWN ? "down" : "no_fwd");
        return;
    }
    /* OpenFlow drops output to the input port unless it is asked for by
     * OFPP_IN_PORT; the decision reads in_port, which is always exact. */
    if (ofp_port == ctx->flow.in_port && !allow_in_port) {
        trace_line(ctx, " -> skipping output to input port");
        return;
    }
    output_odp(ctx, port);
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct ofport *const *a = a_;
    const struct ofport *const *b = b_;

    return (*a)->ofp_port < (*b)->ofp_port ? -1
           : (*a)->ofp_port > (*b)->ofp_port;
}

/* Returns the switch's ports sorted by OpenFlow number, so that floods
 * come out in a stable order.  The caller frees the array. */
static const struct ofport **
sorted_ports(const struct ofproto *ofproto, size_t *n)
{
    const struct ofport **ports;
    const struct ofport *port;
    size_t i = 0;

    ports = xmalloc((hmap_count(&ofproto->ports) + 1) * sizeof *ports);
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        ports[i++] = port;
    }
    qsort(ports, i, sizeof *ports, compare_ports);
    *n = i;
    return ports;
}

/* FLOOD ('is_flood') leaves out the ports with no_flood; ALL does not.
 * Neither sends to ports that are down or have no_fwd. */
static void
output_flood(struct xlate_ctx *ctx, bool include_in_port, bool is_flood)
{
    size_t n;
    const struct ofport **ports = sorted_ports(ctx->ofproto, &n);
    uint32_t skip = (OFPPC_NO_FWD | OFPPC_PORT_DOWN
                     | (is_flood ? OFPPC_NO_FLOOD : 0));

    for (size_t i = 0; i < n; i++) {
        if ((ports[i]->ofp_port != ctx->flow.in_port || include_in_port)
            && !(ports[i]->config & skip)) {
            output_odp(ctx, ports[i]);
        }
    }
    free(ports);
}

/* NORMAL. */

static bool
bitmap_is_set(const unsigned long *map, size_t idx)
{
    size_t bits = 8 * sizeof *map;
    return (map[idx / bits] >> (idx % bits)) & 1;
}

/* True if 'bundle' carries 'vlan'. */
static bool
bundle_includes_vlan(const struct ofbundle *bundle, uint16_t vlan)
{
    switch (bundle->vlan_mode) {
    case PORT_VLAN_ACCESS:
        return vlan == (bundle->vlan < 0 ? 0 : bundle->vlan);
    case PORT_VLAN_TRUNK:
    case PORT_VLAN_NATIVE_UNTAGGED:
    case PORT_VLAN_NATIVE_TAGGED:
        if (bundle->vlan_mode != PORT_VLAN_TRUNK && bundle->vlan >= 0
            && vlan == bundle->vlan) {
            return true;
        }
        return !bundle->trunks || bitmap_is_set(bundle->trunks, vlan);
    }
    return false;
}

/* Works out the VLAN a packet received on 'in' belongs to, from its tag
 * and the bundle's mode.  Returns -1 if the bundle does not accept it. */
static int
input_vlan(struct xlate_ctx *ctx, const struct ofbundle *in)
{
    ovs_be16 tci = ctx->flow.vlans[0].tci;
    bool tagged = (tci & htons(VLAN_CFI)) != 0;
    uint16_t vid = tagged ? vlan_tci_to_vid(tci) : 0;
    int vlan;

    ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI | VLAN_VID_MASK);
    switch (in->vlan_mode) {
    case PORT_VLAN_ACCESS:
        if (vid) {
            trace_line(ctx, " -> dropping VLAN %"PRIu16" tagged packet "
                       "received on port %s configured as VLAN %d access "
                       "port", vid, in->name, in->vlan < 0 ? 0 : in->vlan);
            return -1;
        }
        vlan = in->vlan < 0 ? 0 : in->vlan;
        break;
    case PORT_VLAN_TRUNK:
        vlan = vid;
        break;
    case PORT_VLAN_NATIVE_UNTAGGED:
    case PORT_VLAN_NATIVE_TAGGED:
        vlan = vid ? vid : (in->vlan < 0 ? 0 : in->vlan);
        break;
    default:
        OVS_NOT_REACHED();
    }
    if (!bundle_includes_vlan(in, vlan)) {
        trace_line(ctx, " -> dropping VLAN %d packet received on port %s "
                   "not configured for trunking VLAN %d",
                   vlan, in->name, vlan);
        return -1;
    }
    return vlan;
}

/* Outputs the packet (in 'vlan') to one member of 'out', tagged as its
 * VLAN mode says. */
static void
output_normal(struct xlate_ctx *ctx, const struct ofbundle *out,
              uint16_t vlan)
{
    const struct ofport *port = NULL;
    bool tag;

    for (size_t i = 0; i < out->n_members && !port; i++) {
        port = ofproto_get_port(ctx->ofproto, out->members[i]);
    }
    if (!port || port->config & (OFPPC_NO_FWD | OFPPC_PORT_DOWN)) {
        return;
    }

    switch (out->vlan_mode) {
    case PORT_VLAN_ACCESS:
        tag = false;
        break;
    case PORT_VLAN_TRUNK:
    case PORT_VLAN_NATIVE_TAGGED:
        tag = vlan != 0;
        break;
    case PORT_VLAN_NATIVE_UNTAGGED:
        tag = vlan != 0 && vlan != out->vlan;
        break;
    default:
        OVS_NOT_REACHED();
    }

    struct flow_vlan_hdr saved = ctx->flow.vlans[0];
    if (tag) {
        /* Keep the priority of a tagged input packet. */
        uint16_t pcp = (ntohs(saved.tci) & VLAN_CFI)
                       ? ntohs(saved.tci) & VLAN_PCP_MASK : 0;
        if (ntohs(saved.tci) & VLAN_CFI) {
            ctx->wc->masks.vlans[0].tci |= htons(VLAN_PCP_MASK);
        }
        ctx->flow.vlans[0].tci = htons(pcp | VLAN_CFI | vlan);
        if (!ctx->flow.vlans[0].tpid) {
            ctx->flow.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
        }
    } else if (out->use_priority_tags
               && (ntohs(saved.tci) & VLAN_PCP_MASK)) {
        ctx->wc->masks.vlans[0].tci |= htons(VLAN_PCP_MASK);
        ctx->flow.vlans[0].tci = htons((ntohs(saved.tci) & VLAN_PCP_MASK)
                                       | VLAN_CFI);
    } else {
        ctx->flow.vlans[0].tci = 0;
        ctx->flow.vlans[0].tpid = 0;
    }
    output_odp(ctx, port);
    ctx->flow.vlans[0] = saved;
}

static int
compare_bundles(const void *a_, const void *b_)
{
    const struct ofbundle *const *a = a_;
    const struct ofbundle *const *b = b_;
    ofp_port_t pa = (*a)->n_members ? (*a)->members[0] : OFPP_NONE;
    ofp_port_t pb = (*b)->n_members ? (*b)->members[0] : OFPP_NONE;

    return pa < pb ? -1 : pa > pb;
}

static void
flood_normal(struct xlate_ctx *ctx, const struct ofbundle *in,
             uint16_t vlan)
{
    size_t n = hmap_count(&ctx->ofproto->bundles), i = 0;
    const struct ofbundle **bundles = xmalloc((n + 1) * sizeof *bundles);
    const struct ofbundle *b;

    HMAP_FOR_EACH (b, node, &ctx->ofproto->bundles) {
        bundles[i++] = b;
    }
    qsort(bundles, i, sizeof *bundles, compare_bundles);
    for (size_t j = 0; j < i; j++) {
        const struct ofport *port = (bundles[j]->n_members
                                     ? ofproto_get_port(ctx->ofproto,
                                                        bundles[j]->members[0])
                                     : NULL);
        /* PORT_MOD's no_flood keeps NORMAL's floods off the port too. */
        if (bundles[j] != in && bundle_includes_vlan(bundles[j], vlan)
            && !(port && port->config & OFPPC_NO_FLOOD)) {
            output_normal(ctx, bundles[j], vlan);
        }
    }
    free(bundles);
}

static void
xlate_normal(struct xlate_ctx *ctx)
{
    struct ofproto *ofproto = ctx->ofproto;
    const struct ofport *in_port;
    const struct ofbundle *in;
    struct flow_wildcards *wc = ctx->wc;
    int vlan;

    wc->masks.dl_src = eth_addr_exact;
    wc->masks.dl_dst = eth_addr_exact;
    wc->masks.in_port = UINT32_MAX;

    in_port = ofproto_get_port(ofproto, ctx->flow.in_port);
    in = in_port ? in_port->bundle : NULL;
    if (!in) {
        trace_line(ctx, " -> no input bundle, dropping");
        return;
    }
    vlan = input_vlan(ctx, in);
    if (vlan < 0) {
        return;
    }

    if (ctx->xin->may_learn
        && !eth_addr_is_multicast(ctx->flow.dl_src)
        && mac_learning_learn(ofproto->ml, ctx->flow.dl_src, vlan,
                              (void *) in->aux)) {
        ctx->xout->mac_changed = true;
        trace_line(ctx, " -> learned that "ETH_ADDR_FMT" is on port %s "
                   "in VLAN %d", ETH_ADDR_ARGS(ctx->flow.dl_src),
                   in->name, vlan);
    }

    if (eth_addr_is_multicast(ctx->flow.dl_dst)) {
        trace_line(ctx, " -> multicast/broadcast destination, flooding");
        flood_normal(ctx, in, vlan);
        return;
    }

    void *aux = mac_learning_lookup(ofproto->ml, ctx->flow.dl_dst, vlan);
    const struct ofbundle *out = NULL;
    if (aux) {
        HMAP_FOR_EACH_WITH_HASH (out, node, hash_pointer(aux, 0),
                                 &ofproto->bundles) {
            if (out->aux == aux) {
                break;
            }
        }
    }
    if (!out) {
        trace_line(ctx, " -> no learned MAC for destination, flooding");
        flood_normal(ctx, in, vlan);
    } else if (out == in) {
        trace_line(ctx, " -> learned port is input port, dropping");
    } else {
        trace_line(ctx, " -> forwarding to learned port %s", out->name);
        output_normal(ctx, out, vlan);
    }
}

/* Actions. */

static void
xlate_output(struct xlate_ctx *ctx, ofp_port_t port)
{
    switch (port) {
    case OFPP_IN_PORT:
        output_ofp(ctx, ctx->flow.in_port, true);
        break;
    case OFPP_TABLE:
        xlate_table(ctx, 0, true);
        break;
    case OFPP_NORMAL:
        xlate_normal(ctx);
        break;
    case OFPP_FLOOD:
        output_flood(ctx, false, true);
        break;
    case OFPP_ALL:
        output_flood(ctx, false, false);
        break;
    case OFPP_CONTROLLER:
        output_controller(ctx, 1, UINT16_MAX, 0);
        break;
    case OFPP_NONE:
        break;
    default:
        output_ofp(ctx, port, false);
        break;
    }
}

/* Fields whose changes commit_flow() can carry to the datapath, or that
 * exist only during translation (registers, metadata, in_port).  A
 * set_field, load or move to any other field is refused when the flow is
 * added (OFPBAC_BAD_SET_TYPE) rather than silently not done. */
static bool
field_is_writable(const struct flow_field *f)
{
    switch (f->id) {
    case FF_METADATA: case FF_IN_PORT: case FF_SKB_PRIORITY:
    case FF_PKT_MARK:
    case FF_VLAN_TCI: case FF_DL_VLAN: case FF_DL_VLAN_PCP:
    case FF_DL_SRC: case FF_DL_DST:
    case FF_NW_SRC: case FF_NW_DST:
    case FF_IPV6_SRC: case FF_IPV6_DST: case FF_IPV6_LABEL:
    case FF_NW_TOS: case FF_IP_DSCP: case FF_NW_ECN: case FF_NW_TTL:
    case FF_TP_SRC: case FF_TP_DST:
        return true;
    default:
        return f->id >= FF_REG0 && f->id <= FF_REG15;
    }
}

const char *
xlate_ofpact_unsupported(const struct ofpact *a)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_SET_FIELD:
        return (field_is_writable(ofpact_get_SET_FIELD(a)->field) ? NULL
                : "setting this field is not implemented yet");
    case OFPACT_REG_LOAD:
        return (field_is_writable(ofpact_get_REG_LOAD(a)->dst.field) ? NULL
                : "loading into this field is not implemented yet");
    case OFPACT_REG_MOVE:
        return (field_is_writable(ofpact_get_REG_MOVE(a)->dst.field) ? NULL
                : "moving into this field is not implemented yet");
    case OFPACT_STACK_POP:
        return (field_is_writable(ofpact_get_STACK_POP(a)->subfield.field)
                ? NULL : "popping into this field is not implemented yet");
    case OFPACT_MULTIPATH:
        return (field_is_writable(ofpact_get_MULTIPATH(a)->dst.field) ? NULL
                : "multipath into this field is not implemented yet");
    case OFPACT_BUNDLE:
        return (!ofpact_get_BUNDLE(a)->dst.field
                || field_is_writable(ofpact_get_BUNDLE(a)->dst.field) ? NULL
                : "bundle_load into this field is not implemented yet");
    case OFPACT_LEARN: {
        const struct ofpact_learn *l = ofpact_get_LEARN(a);

        if (l->fin_idle_timeout || l->fin_hard_timeout) {
            /* They would give the learned flow a fin_timeout action. */
            return "learn with fin timeouts is not implemented yet";
        }
        for (size_t i = 0; i < l->n_specs; i++) {
            if (l->specs[i].dst_type == NX_LEARN_DST_LOAD
                && !field_is_writable(l->specs[i].dst.field)) {
                return "learn: loading into this field is not "
                       "implemented yet";
            }
        }
        if (l->flags & NX_LEARN_F_WRITE_RESULT
            && !field_is_writable(l->result_dst.field)) {
            return "learn: result_dst into this field is not "
                   "implemented yet";
        }
        return NULL;
    }
    default:
        return NULL;
    }
}

/* Bits [ofs, ofs + n_bits) of a field as an integer.  Subfields are
 * limited to 64-bit fields (lib/ofp-actions.c refuses wider ones), which
 * are FFT_UINT, FFT_BE, FFT_IPV4 or FFT_ETH. */
static uint64_t
value_to_u64(const struct flow_field *f, const union flow_field_value *v)
{
    uint64_t x = 0;

    switch (f->type) {
    case FFT_IPV4:
        return ntohl(v->ipv4);
    case FFT_ETH:
        for (int i = 0; i < ETH_ADDR_LEN; i++) {
            x = (x << 8) | v->mac.ea[i];
        }
        return x;
    default:
        return v->integer;
    }
}

static void
u64_to_value(const struct flow_field *f, uint64_t x,
             union flow_field_value *v)
{
    switch (f->type) {
    case FFT_IPV4:
        v->ipv4 = htonl(x);
        break;
    case FFT_ETH:
        for (int i = ETH_ADDR_LEN - 1; i >= 0; i--) {
            v->mac.ea[i] = x;
            x >>= 8;
        }
        break;
    default:
        v->integer = x;
        break;
    }
}

static uint64_t
n_bits_mask(unsigned int n_bits)
{
    return n_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << n_bits) - 1;
}

static uint64_t
subfield_read(const struct ofp_subfield *sf, const struct flow *flow)
{
    union flow_field_value v;

    flow_field_get(sf->field, flow, &v);
    return (value_to_u64(sf->field, &v) >> sf->ofs) & n_bits_mask(sf->n_bits);
}

static void
subfield_write(const struct ofp_subfield *sf, uint64_t x, struct flow *flow)
{
    union flow_field_value v;
    uint64_t old, mask = n_bits_mask(sf->n_bits) << sf->ofs;

    flow_field_get(sf->field, flow, &v);
    old = value_to_u64(sf->field, &v);
    u64_to_value(sf->field, (old & ~mask) | ((x << sf->ofs) & mask), &v);
    flow_field_set_flow(sf->field, &v, flow);
}

/* Marks the subfield's bits as significant in the megaflow. */
static void
subfield_unwildcard(const struct ofp_subfield *sf, struct flow_wildcards *wc)
{
    subfield_write(sf, n_bits_mask(sf->n_bits), &wc->masks);
}

/* field := (field & ~mask) | (value & mask), bytewise: every member of
 * union flow_field_value keeps its bits in the same bytes for value and
 * mask, so this works for all field types. */
static void
field_set_masked(const struct flow_field *f,
                 const union flow_field_value *value,
                 const union flow_field_value *mask, struct flow *flow)
{
    union flow_field_value v;
    uint8_t *p = (uint8_t *) &v;
    const uint8_t *vp = (const uint8_t *) value;
    const uint8_t *mp = (const uint8_t *) mask;

    flow_field_get(f, flow, &v);
    for (size_t i = 0; i < sizeof v; i++) {
        p[i] = (p[i] & ~mp[i]) | (vp[i] & mp[i]);
    }
    flow_field_set_flow(f, &v, flow);
}

/* Sets the VID or PCP of the outermost VLAN tag, pushing a tag first if
 * the packet has none and 'push_if_needed' (OpenFlow 1.0 mod_vlan_*). */
static void
set_vlan(struct xlate_ctx *ctx, int vid, int pcp, bool push_if_needed)
{
    struct flow_vlan_hdr *v = &ctx->flow.vlans[0];

    ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
    if (!(v->tci & htons(VLAN_CFI))) {
        if (!push_if_needed) {
            return;
        }
        v->tpid = htons(ETH_TYPE_VLAN_8021Q);
        v->tci = htons(VLAN_CFI);
    }
    if (vid >= 0) {
        v->tci = (v->tci & ~htons(VLAN_VID_MASK)) | htons(vid);
    }
    if (pcp >= 0) {
        v->tci = ((v->tci & ~htons(VLAN_PCP_MASK))
                  | htons(pcp << VLAN_PCP_SHIFT));
    }
}

static bool
is_tcp_udp_sctp(struct xlate_ctx *ctx)
{
    if (!is_ip_any(&ctx->flow)) {
        return false;
    }
    ctx->wc->masks.nw_proto = 0xff;
    return (ctx->flow.nw_proto == IPPROTO_TCP
            || ctx->flow.nw_proto == IPPROTO_UDP
            || ctx->flow.nw_proto == IPPROTO_SCTP);
}

static void xlate_ofpacts(struct xlate_ctx *, const struct ofpact *,
                          size_t ofpacts_len);

/* Groups.
 *
 * Every bucket runs as a clone does: its changes to the packet do not
 * reach the actions after the group action (nor, for an "all" group, the
 * next bucket). */

#define MAX_LIVENESS_DEPTH 32

static bool group_is_live(const struct ofproto *, const struct group *,
                          int depth);

/* A bucket is live if the port it watches is up (carrier, and not
 * administratively down) and the group it watches is live (OpenFlow 1.3
 * section 6.5); one that watches neither is always live. */
static bool
bucket_is_live(const struct ofproto *ofproto, const struct ofp_bucket *bk,
               int depth)
{
    if (depth > MAX_LIVENESS_DEPTH) {
        return false;
    }
    if (bk->watch_port != OFPP_NONE) {
        const struct ofport *port = ofproto_get_port(ofproto,
                                                     bk->watch_port);
        if (!port || port->config & OFPPC_PORT_DOWN
            || !netdev_get_carrier(port->netdev)) {
            return false;
        }
    }
    if (bk->watch_group != OFPG_ANY) {
        const struct group *g = ofproto_group_lookup(ofproto,
                                                     bk->watch_group);
        if (!g || !group_is_live(ofproto, g, depth + 1)) {
            return false;
        }
    }
    return true;
}

static bool
group_is_live(const struct ofproto *ofproto, const struct group *g,
              int depth)
{
    for (size_t i = 0; i < g->gd.n_buckets; i++) {
        if (bucket_is_live(ofproto, &g->gd.buckets[i], depth)) {
            return true;
        }
    }
    return false;
}

/* Whether field 'f' means something for the flow being translated (its
 * prerequisites hold); reading the prerequisites makes them part of the
 * megaflow. */
static bool
hash_field_applies(struct xlate_ctx *ctx, const struct flow_field *f)
{
    const struct flow *flow = &ctx->flow;

    switch (f->prereq) {
    case FFP_NONE:
        return true;
    case FFP_IPV4:
        return flow->dl_type == htons(ETH_TYPE_IP);
    case FFP_IPV6:
        return flow->dl_type == htons(ETH_TYPE_IPV6);
    case FFP_IP_ANY:
        return is_ip_any(flow);
    case FFP_TCP_UDP_SCTP:
        return is_tcp_udp_sctp(ctx);
    default:
        return false;
    }
}

/* Hashes field 'f' of the flow into 'hash' and makes it part of the
 * megaflow. */
static uint32_t
hash_field(struct xlate_ctx *ctx, const struct flow_field *f, uint32_t hash)
{
    union flow_field_value v, ones;

    if (!hash_field_applies(ctx, f)) {
        return hash;
    }
    memset(&v, 0, sizeof v);
    flow_field_get(f, &ctx->flow, &v);
    memset(&ones, 0xff, sizeof ones);
    flow_field_set_flow(f, &ones, &ctx->wc->masks);
    return hash_bytes(&v, sizeof v, hash);
}

/* The hash a select group chooses its bucket by: the fields the group
 * names (selection_method=hash,fields(...)), or by default the Ethernet
 * addresses and type, VLAN, IP addresses and protocol and L4 ports. */
static uint32_t
select_hash(struct xlate_ctx *ctx, const struct group *g)
{
    static const enum flow_field_id defaults[] = {
        FF_DL_SRC, FF_DL_DST, FF_DL_TYPE, FF_VLAN_TCI, FF_NW_SRC, FF_NW_DST,
        FF_IPV6_SRC, FF_IPV6_DST, FF_NW_PROTO, FF_TP_SRC, FF_TP_DST,
    };
    uint32_t hash = g->gd.group_id;

    if (g->gd.fields) {
        for (int i = 0; i < 32; i++) {
            if (g->gd.fields & (1u << i)) {
                hash = hash_field(ctx, ofp_group_field(i), hash);
            }
        }
    } else {
        for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
            hash = hash_field(ctx, &flow_fields[defaults[i]], hash);
        }
    }
    return hash;
}

/* A live bucket of select group 'g' with a nonzero weight, chosen by the
 * flow's hash in proportion to the weights; SIZE_MAX if none. */
static size_t
select_bucket(struct xlate_ctx *ctx, const struct group *g)
{
    uint64_t total = 0;
    uint32_t point;

    for (size_t i = 0; i < g->gd.n_buckets; i++) {
        const struct ofp_bucket *bk = &g->gd.buckets[i];
        if (bk->weight && bucket_is_live(ctx->ofproto, bk, 0)) {
            total += bk->weight;
        }
    }
    if (!total) {
        return SIZE_MAX;
    }
    point = select_hash(ctx, g) % total;
    for (size_t i = 0; i < g->gd.n_buckets; i++) {
        const struct ofp_bucket *bk = &g->gd.buckets[i];
        if (bk->weight && bucket_is_live(ctx->ofproto, bk, 0)) {
            if (point < bk->weight) {
                return i;
            }
            point -= bk->weight;
        }
    }
    return SIZE_MAX;
}

static void
xlate_bucket(struct xlate_ctx *ctx, const struct group *g, size_t idx)
{
    const struct ofp_bucket *bk = &g->gd.buckets[idx];
    struct flow saved = ctx->flow;

    trace_line(ctx, "bucket %"PRIu32, bk->bucket_id);
    ctx->indent += 4;
    ctx->depth++;
    ctx->n_nested++;
    xlate_ofpacts(ctx, bk->ofpacts, bk->ofpacts_len);
    ctx->n_nested--;
    ctx->depth--;
    ctx->indent -= 4;
    mpls_undo_nested(ctx, &saved);
    ctx->flow = saved;
    ctx->exit = ctx->paused;
}

static void
xlate_group(struct xlate_ctx *ctx, uint32_t group_id)
{
    struct group *g = ofproto_group_lookup(ctx->ofproto, group_id);
    size_t idx = SIZE_MAX;

    if (!g) {
        /* Flows and buckets can only name existing groups, but a chained
         * group may have been deleted since: drop, as for an empty
         * group. */
        trace_line(ctx, " -> no group %"PRIu32", dropping", group_id);
        return;
    }
    if (ctx->depth >= MAX_RESUBMIT_DEPTH) {
        trace_line(ctx, " >>>> over max translation depth %d <<<<",
                   MAX_RESUBMIT_DEPTH);
        return;
    }

    switch (g->gd.type) {
    case OFPGT_ALL:
        xout_add_group(ctx->xout, g, SIZE_MAX, true);
        for (size_t i = 0; i < g->gd.n_buckets; i++) {
            xout_add_group(ctx->xout, g, i, false);
            xlate_bucket(ctx, g, i);
        }
        return;

    case OFPGT_INDIRECT:
        idx = g->gd.n_buckets ? 0 : SIZE_MAX;
        break;

    case OFPGT_FF:
        for (size_t i = 0; i < g->gd.n_buckets; i++) {
            if (bucket_is_live(ctx->ofproto, &g->gd.buckets[i], 0)) {
                idx = i;
                break;
            }
        }
        break;

    case OFPGT_SELECT:
        idx = select_bucket(ctx, g);
        break;
    }

    xout_add_group(ctx->xout, g, idx, true);
    if (idx == SIZE_MAX) {
        trace_line(ctx, " -> no live bucket, dropping");
    } else {
        xlate_bucket(ctx, g, idx);
    }
}

/* Executes the action set (write_actions) at the end of the pipeline, in
 * the order OpenFlow 1.3 section 5.10 gives: header changes in the order
 * written, then output (only the last output written counts). */
static void
xlate_action_set(struct xlate_ctx *ctx)
{
    const struct ofpact *a, *output = NULL;
    struct ofpbuf set = ctx->action_set;

    if (!set.size || ctx->paused) {
        /* A pause froze the action set with the rest. */
        return;
    }
    ofpbuf_init(&ctx->action_set, 0);
    trace_line(ctx, "action set:");
    OFPACT_FOR_EACH (a, set.data, set.size) {
        if (a->type == OFPACT_OUTPUT || a->type == OFPACT_GROUP) {
            output = a;
        } else {
            xlate_ofpacts(ctx, a, OFPACT_ALIGN(a->len));
        }
    }
    if (output) {
        xlate_ofpacts(ctx, output, OFPACT_ALIGN(output->len));
    }
    ofpbuf_uninit(&set);
}

/* Multipath and bundle: hashing a flow, choosing a link or member.
 *
 * The hash is ours (hash_bytes() over the chosen fields, seeded with the
 * action's basis), not Open vSwitch's bit for bit: a controller can rely
 * on a flow always getting the same choice and on the choices spreading,
 * not on the exact link a given flow gets.  The "symmetric" variants
 * XOR source and destination so both directions of a connection hash
 * alike.  Every field hashed is made exact in the megaflow. */

static uint32_t
hash_xor_bytes(const void *a_, const void *b_, size_t n, uint32_t hash)
{
    const uint8_t *a = a_, *b = b_;
    uint8_t x[16];

    ovs_assert(n <= sizeof x);
    for (size_t i = 0; i < n; i++) {
        x[i] = a[i] ^ b[i];
    }
    return hash_bytes(x, n, hash);
}

static uint32_t
hash_l3(struct xlate_ctx *ctx, bool src, bool dst, uint32_t hash)
{
    struct flow *flow = &ctx->flow;
    struct flow *m = &ctx->wc->masks;

    if (flow->dl_type == htons(ETH_TYPE_IP)) {
        m->nw_src = src ? htonl(UINT32_MAX) : m->nw_src;
        m->nw_dst = dst ? htonl(UINT32_MAX) : m->nw_dst;
        ovs_be32 zero = 0;
        return hash_xor_bytes(src ? &flow->nw_src : &zero,
                              dst ? &flow->nw_dst : &zero, 4, hash);
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        struct in6_addr zero = IN6ADDR_ANY_INIT;
        if (src) {
            m->ipv6_src = in6addr_exact;
        }
        if (dst) {
            m->ipv6_dst = in6addr_exact;
        }
        return hash_xor_bytes(src ? &flow->ipv6_src : &zero,
                              dst ? &flow->ipv6_dst : &zero, 16, hash);
    }
    return hash;
}

static uint32_t
hash_nx_fields(struct xlate_ctx *ctx, uint8_t fields, uint16_t basis)
{
    struct flow *flow = &ctx->flow;
    struct flow *m = &ctx->wc->masks;
    uint32_t hash = basis;
    bool ports = false;

    switch ((enum nx_hash_fields) fields) {
    case NX_HASH_FIELDS_ETH_SRC:
        m->dl_src = eth_addr_exact;
        return hash_bytes(&flow->dl_src, sizeof flow->dl_src, hash);
    case NX_HASH_FIELDS_SYMMETRIC_L4:
        m->dl_src = m->dl_dst = eth_addr_exact;
        m->vlans[0].tci |= htons(VLAN_VID_MASK | VLAN_CFI);
        hash = hash_xor_bytes(&flow->dl_src, &flow->dl_dst,
                              sizeof flow->dl_src, hash);
        hash = hash_int(ntohs(flow->dl_type), hash);
        hash = hash_int(ntohs(flow->vlans[0].tci
                              & htons(VLAN_VID_MASK | VLAN_CFI)), hash);
        ports = is_tcp_udp_sctp(ctx);
        break;
    case NX_HASH_FIELDS_SYMMETRIC_L3L4:
    case NX_HASH_FIELDS_SYMMETRIC_L3L4_UDP:
        if (is_ip_any(flow)) {
            m->nw_proto = 0xff;
            ports = (flow->nw_proto == IPPROTO_TCP
                     || flow->nw_proto == IPPROTO_SCTP
                     || (flow->nw_proto == IPPROTO_UDP
                         && fields == NX_HASH_FIELDS_SYMMETRIC_L3L4_UDP));
        }
        break;
    case NX_HASH_FIELDS_NW_SRC:
        return hash_l3(ctx, true, false, hash);
    case NX_HASH_FIELDS_NW_DST:
        return hash_l3(ctx, false, true, hash);
    case NX_HASH_FIELDS_SYMMETRIC_L3:
        return hash_l3(ctx, true, true, hash);
    default:
        return hash;
    }

    /* The symmetric L4 variants: addresses, protocol, ports. */
    hash = hash_l3(ctx, true, true, hash);
    if (is_ip_any(flow)) {
        m->nw_proto = 0xff;
        hash = hash_int(flow->nw_proto, hash);
    }
    if (ports) {
        m->tp_src = m->tp_dst = htons(UINT16_MAX);
        hash = hash_int(ntohs(flow->tp_src ^ flow->tp_dst), hash);
    }
    return hash;
}

/* Link 0...n_links-1 for 'hash' by multipath algorithm 'alg'.  iter_hash
 * rehashes (with 'arg' in the basis) until the hash, reduced to the
 * smallest power of 2 not below n_links, names a link; hrw takes the
 * link with the highest hash of (link, hash). */
static uint32_t
multipath_choose(uint8_t alg, uint32_t hash, uint32_t n_links, uint32_t arg)
{
    switch ((enum nx_mp_algorithm) alg) {
    case NX_MP_ALG_MODULO_N:
        return hash % n_links;
    case NX_MP_ALG_HASH_THRESHOLD:
        return ((uint64_t) hash * n_links) >> 32;
    case NX_MP_ALG_HRW: {
        uint32_t best = 0, best_weight = 0;
        for (uint32_t i = 0; i < n_links; i++) {
            uint32_t weight = hash_int(i, hash);
            if (!i || weight > best_weight) {
                best = i;
                best_weight = weight;
            }
        }
        return best;
    }
    case NX_MP_ALG_ITER_HASH: {
        uint32_t size = 1;
        while (size < n_links) {
            size <<= 1;
        }
        for (uint32_t i = 0; i < 64; i++) {
            uint32_t link = hash_int(hash, arg + i) & (size - 1);
            if (link < n_links) {
                return link;
            }
        }
        return hash % n_links;
    }
    default:
        return 0;
    }
}

/* A bundle member is live if the port exists, is not administratively
 * down and its link is up. */
static bool
bundle_member_is_live(const struct ofproto *ofproto, uint16_t ofp_port)
{
    const struct ofport *port = ofproto_get_port(ofproto, ofp_port);

    return (port && !(port->config & OFPPC_PORT_DOWN)
            && netdev_get_carrier(port->netdev));
}

/* The member that bundle 'bd' picks for the flow, OFPP_NONE if none is
 * live.  active_backup: the first live member in the list; hrw: the live
 * member with the highest hash of (port, flow hash), so that a member
 * going down moves only the flows that were on it. */
static uint16_t
bundle_choose(struct xlate_ctx *ctx, const struct ofpact_bundle *bd)
{
    uint16_t best = OFPP_NONE;
    uint32_t best_weight = 0;
    uint32_t hash = 0;

    if (bd->algorithm == NX_BD_ALG_HRW) {
        hash = hash_nx_fields(ctx, bd->fields, bd->basis);
    }
    for (size_t i = 0; i < bd->n_members; i++) {
        uint16_t port = bd->members[i];

        if (!bundle_member_is_live(ctx->ofproto, port)) {
            continue;
        }
        if (bd->algorithm == NX_BD_ALG_ACTIVE_BACKUP) {
            return port;
        }
        uint32_t weight = hash_int(port, hash);
        if (best == OFPP_NONE || weight > best_weight) {
            best = port;
            best_weight = weight;
        }
    }
    return best;
}

/* At most this many values on the push/pop stack, so that a loop of
 * resubmits cannot make translation use unbounded memory. */
#define MAX_STACK_DEPTH 1024

static void
xlate_stack_push(struct xlate_ctx *ctx, const struct ofp_subfield *sf)
{
    uint64_t value = subfield_read(sf, &ctx->flow);

    subfield_unwildcard(sf, ctx->wc);
    if (ctx->stack.size >= MAX_STACK_DEPTH * sizeof value) {
        trace_line(ctx, " -> stack overflow, push ignored");
        return;
    }
    ofpbuf_put(&ctx->stack, &value, sizeof value);
}

static void
xlate_stack_pop(struct xlate_ctx *ctx, const struct ofp_subfield *sf)
{
    uint64_t value;

    if (ctx->stack.size < sizeof value) {
        trace_line(ctx, " -> pop from an empty stack, field unchanged");
        return;
    }
    ctx->stack.size -= sizeof value;
    memcpy(&value, (uint8_t *) ctx->stack.data + ctx->stack.size,
           sizeof value);
    subfield_write(sf, value, &ctx->flow);
}

/* learn.  The flow is built here, from the packet as the actions so far
 * left it, and handed to ofproto in 'xout->learned': the upcall handler
 * submits it to the main thread, which adds or refreshes it
 * (ofproto_learn_submit()), and the megaflow's ukey keeps it so that the
 * revalidator can refresh it while the megaflow sees packets.  Every
 * packet field read is un-wildcarded, so that all packets of the megaflow
 * would learn the same flow. */

/* Reads the source of 'sp' (a field source) from the packet: the whole
 * field into '*v' if 'whole' (same type as the destination), else its
 * bits as an integer. */
static uint64_t
learn_read_src(struct xlate_ctx *ctx, const struct ofpact_learn_spec *sp,
               union flow_field_value *v, bool whole)
{
    if (whole) {
        union flow_field_value ones;

        flow_field_get(sp->src.field, &ctx->flow, v);
        memset(&ones, 0xff, sizeof ones);
        field_set_masked(sp->src.field, &ones, &ones, &ctx->wc->masks);
        return 0;
    }
    subfield_unwildcard(&sp->src, ctx->wc);
    return subfield_read(&sp->src, &ctx->flow);
}

/* True if the spec's source and destination are whole fields of one
 * type, to be copied as values (the only way for 128-bit fields). */
static bool
learn_spec_is_whole(const struct ofpact_learn_spec *sp)
{
    const struct ofp_subfield *d = &sp->dst;

    if (d->ofs || d->n_bits != flow_field_n_bits(d->field)) {
        return false;
    }
    if (sp->src_type == NX_LEARN_SRC_IMMEDIATE) {
        return true;
    }
    return (!sp->src.ofs && sp->src.n_bits == d->n_bits
            && sp->src.field->type == d->field->type);
}

/* Counts the flows of 'table_id' whose cookie is 'cookie' (learn's
 * limit), stopping at 'max'.  Caller holds the read lock. */
static uint32_t
learn_count_cookie(struct ofproto *ofproto, uint8_t table_id,
                   ovs_be64 cookie, uint32_t max)
{
    struct rule *rule;
    uint32_t n = 0;

    CLS_FOR_EACH (rule, cr, &ofproto->tables[table_id]) {
        if (rule->cookie == cookie && ++n >= max) {
            break;
        }
    }
    return n;
}

static void
xlate_learn(struct xlate_ctx *ctx, const struct ofpact_learn *l)
{
    struct xlate_learned lf;
    struct ofpbuf ofpacts;

    memset(&lf, 0, sizeof lf);
    match_init_catchall(&lf.fs.match);
    ofpbuf_init(&ofpacts, 64);
    for (size_t i = 0; i < l->n_specs; i++) {
        const struct ofpact_learn_spec *sp = &l->specs[i];
        bool imm = sp->src_type == NX_LEARN_SRC_IMMEDIATE;
        bool whole = (sp->dst_type != NX_LEARN_DST_OUTPUT
                      && learn_spec_is_whole(sp));
        union flow_field_value v;
        uint64_t x = 0;

        memset(&v, 0, sizeof v);
        if (imm && whole) {
            ofpact_learn_imm_to_value(sp->dst.field, sp, &v);
        } else if (imm) {
            x = ofpact_learn_imm_u64(sp);
        } else {
            x = learn_read_src(ctx, sp, &v, whole);
        }

        switch (sp->dst_type) {
        case NX_LEARN_DST_MATCH:
            if (whole) {
                match_set_field_masked(&lf.fs.match, sp->dst.field, &v,
                                       NULL);
            } else {
                subfield_write(&sp->dst, x, &lf.fs.match.flow);
                subfield_write(&sp->dst, n_bits_mask(sp->n_bits),
                               &lf.fs.match.wc.masks);
            }
            break;
        case NX_LEARN_DST_LOAD:
            if (sp->n_bits > 64) {
                struct ofpact_set_field *sf = ofpact_put_SET_FIELD(&ofpacts);
                sf->field = sp->dst.field;
                sf->value = v;
                memset(&sf->mask, 0xff, sizeof sf->mask);
            } else {
                if (whole) {
                    /* Back to an integer for the load. */
                    struct flow scratch;

                    memset(&scratch, 0, sizeof scratch);
                    flow_field_set_flow(sp->dst.field, &v, &scratch);
                    x = subfield_read(&sp->dst, &scratch);
                }
                struct ofpact_reg_load *load = ofpact_put_REG_LOAD(&ofpacts);
                load->dst = sp->dst;
                load->value = x;
            }
            break;
        case NX_LEARN_DST_OUTPUT:
            ofpact_put_OUTPUT(&ofpacts)->port = x;
            break;
        }
    }
    ofpbuf_pad_to(&ofpacts, OFPACT_ALIGNTO);

    lf.fs.priority = l->priority;
    lf.fs.table_id = l->table_id;
    lf.fs.cookie = l->cookie;
    lf.fs.cookie_mask = htonll(UINT64_MAX);
    lf.fs.idle_timeout = l->idle_timeout;
    lf.fs.hard_timeout = l->hard_timeout;
    lf.fs.flags = (l->flags & NX_LEARN_F_SEND_FLOW_REM
                   ? OFPFF_SEND_FLOW_REM : 0);
    lf.fs.out_port = OFPP_NONE;
    lf.fs.out_group = UINT32_MAX;
    lf.fs.has_actions = true;
    lf.limit = l->limit;

    /* The limit counts the flows with the learn's cookie in its table; a
     * flow that exists already is refreshed whatever the count. */
    bool ok = true;
    if (l->limit) {
        struct classifier *cls = &ctx->ofproto->tables[l->table_id];

        if (!classifier_find_rule_exactly(cls, &lf.fs.match,
                                          lf.fs.priority)
            && learn_count_cookie(ctx->ofproto, l->table_id, l->cookie,
                                  l->limit) >= l->limit) {
            ok = false;
        }
    }
    if (l->flags & NX_LEARN_F_WRITE_RESULT) {
        subfield_write(&l->result_dst, ok, &ctx->flow);
    }

    if (ctx->trace) {
        struct ds s = DS_EMPTY_INITIALIZER;

        /* The flow as "ovs-ofctl dump-flows" would show it. */
        if (l->cookie) {
            ds_put_format(&s, "cookie=%#"PRIx64", ", ntohll(l->cookie));
        }
        ds_put_format(&s, "table=%"PRIu8", ", l->table_id);
        if (l->idle_timeout) {
            ds_put_format(&s, "idle_timeout=%"PRIu16", ", l->idle_timeout);
        }
        if (l->hard_timeout) {
            ds_put_format(&s, "hard_timeout=%"PRIu16", ", l->hard_timeout);
        }
        match_format(&lf.fs.match, &s, lf.fs.priority);
        ds_put_cstr(&s, " actions=");
        ofpacts_format(ofpacts.data, ofpacts.size, &s);
        /* A trace has no side effects: nothing is learned for real. */
        trace_line(ctx, " -> %s %s", ok ? "would learn" : "limit reached, "
                   "would not learn", ds_cstr(&s));
        ds_destroy(&s);
    }
    if (!ok) {
        ofpbuf_uninit(&ofpacts);
        return;
    }

    struct xlate_out *xout = ctx->xout;
    if (xout->n_learned >= xout->allocated_learned) {
        xout->allocated_learned = xout->allocated_learned * 2 + 2;
        xout->learned = xrealloc(xout->learned, xout->allocated_learned
                                 * sizeof *xout->learned);
    }
    lf.learner = ctx->rule;
    rule_ref(lf.learner);
    lf.ofpacts_len = ofpacts.size;
    lf.ofpacts = ofpbuf_steal_data(&ofpacts);
    xout->learned[xout->n_learned++] = lf;
}

static void
xlate_ofpacts(struct xlate_ctx *ctx, const struct ofpact *ofpacts,
              size_t ofpacts_len)
{
    const struct ofpact *a;
    struct xlate_frame_pos *frame = NULL;

    if (ctx->n_frames < ARRAY_SIZE(ctx->frames)) {
        frame = &ctx->frames[ctx->n_frames++];
        frame->end = ofpact_end(ofpacts, ofpacts_len);
        frame->table_id = ctx->table_id;
        frame->cookie = ctx->rule_cookie;
    }
    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        struct flow *flow = &ctx->flow;

        if (ctx->exit) {
            break;
        }
        if (ctx->l3_unknown && !ofpact_ok_without_l3(a)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

            VLOG_WARN_RL(&rl, "%s after pop_mpls would need the packet "
                         "parsed again (recirculation), which is not "
                         "implemented yet: dropping the rest of the "
                         "actions", ofpact_name(a->type));
            trace_line(ctx, "%s -> after pop_mpls needs recirculation, "
                       "not implemented yet: stopping",
                       ofpact_name(a->type));
            ctx->exit = true;
            break;
        }
        if (frame) {
            frame->next = ofpact_next(a);
        }
        if (ctx->trace) {
            struct ds s = DS_EMPTY_INITIALIZER;

            if (a->type != OFPACT_CLONE) {
                ofpacts_format(a, OFPACT_ALIGN(a->len), &s);
                trace_line(ctx, "%s", ds_cstr(&s));
            }
            ds_destroy(&s);
        }

        switch ((enum ofpact_type) a->type) {
        case OFPACT_OUTPUT:
            if (ofpact_get_OUTPUT(a)->port == OFPP_CONTROLLER) {
                output_controller(ctx, 1, ofpact_get_OUTPUT(a)->max_len, 0);
            } else {
                xlate_output(ctx, ofpact_get_OUTPUT(a)->port);
            }
            break;

        case OFPACT_CONTROLLER: {
            const struct ofpact_controller *c = ofpact_get_CONTROLLER(a);
            output_controller__(ctx, c->reason, c->max_len,
                                c->controller_id, c);
            if (c->pause) {
                /* Nothing more now: NXT_RESUME carries on from here. */
                trace_line(ctx, " -> paused");
                ctx->paused = ctx->exit = true;
            }
            break;
        }

        case OFPACT_GROUP:
            xlate_group(ctx, ofpact_get_GROUP(a)->group_id);
            break;

        case OFPACT_ENQUEUE: {
            /* Output with the queue's priority, then the priority as it
             * was.  A queue the mapping cannot hold is a plain output, as
             * in Open vSwitch. */
            const struct ofpact_enqueue *e = ofpact_get_ENQUEUE(a);
            uint32_t saved = flow->skb_priority;
            uint32_t priority;
            if (queue_to_priority(ctx, e->queue, &priority)) {
                flow->skb_priority = priority;
            }
            xlate_output(ctx, e->port);
            flow->skb_priority = saved;
            break;
        }

        case OFPACT_METER: {
            /* The datapath meters every packet of the megaflow.  A flow
             * can only name an existing meter (ofproto_flow_mod()), and
             * deleting a meter deletes its flows, so a missing one is a
             * race with that deletion: the packet then goes unmetered
             * until the revalidator removes the megaflow. */
            uint32_t id = ofpact_get_METER(a)->meter_id;
            if (ofproto_meter_exists(ctx->ofproto, id)) {
                nl_msg_put_u32(ctx->odp, OVS_ACTION_ATTR_METER, id);
            } else {
                trace_line(ctx, " -> meter %"PRIu32" does not exist", id);
            }
            break;
        }

        case OFPACT_SET_VLAN_VID: {
            const struct ofpact_vlan_vid *vv = ofpact_get_SET_VLAN_VID(a);
            set_vlan(ctx, vv->vlan_vid, -1, vv->push_vlan_if_needed);
            break;
        }

        case OFPACT_SET_VLAN_PCP: {
            const struct ofpact_vlan_pcp *vp = ofpact_get_SET_VLAN_PCP(a);
            set_vlan(ctx, -1, vp->vlan_pcp, vp->push_vlan_if_needed);
            break;
        }

        case OFPACT_STRIP_VLAN:
            ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
            flow->vlans[0].tci = 0;
            flow->vlans[0].tpid = 0;
            break;

        case OFPACT_PUSH_VLAN:
            ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
            if (flow->vlans[0].tci & htons(VLAN_CFI)) {
                /* The datapath commit handles one tag. */
                trace_line(ctx, " -> packet already tagged: pushing a "
                           "second VLAN tag is not implemented yet");
            } else {
                flow->vlans[0].tpid = ofpact_get_PUSH_VLAN(a)->ethertype;
                flow->vlans[0].tci = htons(VLAN_CFI);
            }
            break;

        case OFPACT_PUSH_MPLS:
            if (!mpls_refuse_nested(ctx, a)) {
                xlate_push_mpls(ctx, ofpact_get_PUSH_MPLS(a)->ethertype);
            }
            break;

        case OFPACT_POP_MPLS:
            if (!mpls_refuse_nested(ctx, a)) {
                xlate_pop_mpls(ctx, ofpact_get_POP_MPLS(a)->ethertype);
            }
            break;

        case OFPACT_SET_MPLS_LABEL:
            set_mpls_bits(flow, (ofpact_get_SET_MPLS_LABEL(a)->label
                                 << MPLS_LABEL_SHIFT), MPLS_LABEL_MASK);
            break;

        case OFPACT_SET_MPLS_TC:
            set_mpls_bits(flow, ofpact_get_SET_MPLS_TC(a)->tc << MPLS_TC_SHIFT,
                          MPLS_TC_MASK);
            break;

        case OFPACT_SET_MPLS_TTL:
            set_mpls_bits(flow, ofpact_get_SET_MPLS_TTL(a)->ttl,
                          MPLS_TTL_MASK);
            break;

        case OFPACT_DEC_MPLS_TTL:
            xlate_dec_mpls_ttl(ctx);
            break;

        case OFPACT_SET_ETH_SRC:
            flow->dl_src = ofpact_get_SET_ETH_SRC(a)->mac;
            break;

        case OFPACT_SET_ETH_DST:
            flow->dl_dst = ofpact_get_SET_ETH_DST(a)->mac;
            break;

        case OFPACT_SET_IPV4_SRC:
            if (flow->dl_type == htons(ETH_TYPE_IP)) {
                flow->nw_src = ofpact_get_SET_IPV4_SRC(a)->ipv4;
            }
            break;

        case OFPACT_SET_IPV4_DST:
            if (flow->dl_type == htons(ETH_TYPE_IP)) {
                flow->nw_dst = ofpact_get_SET_IPV4_DST(a)->ipv4;
            }
            break;

        case OFPACT_SET_IP_DSCP:
            if (is_ip_any(flow)) {
                flow->nw_tos = ((flow->nw_tos & 0x03)
                                | ofpact_get_SET_IP_DSCP(a)->dscp);
            }
            break;

        case OFPACT_SET_L4_SRC_PORT:
            if (is_tcp_udp_sctp(ctx)) {
                flow->tp_src = htons(ofpact_get_SET_L4_SRC_PORT(a)->port);
            }
            break;

        case OFPACT_SET_L4_DST_PORT:
            if (is_tcp_udp_sctp(ctx)) {
                flow->tp_dst = htons(ofpact_get_SET_L4_DST_PORT(a)->port);
            }
            break;

        case OFPACT_SET_FIELD: {
            const struct ofpact_set_field *sf = ofpact_get_SET_FIELD(a);

            /* Setting the VLAN VID/PCP fields acts on an existing tag;
             * set_field:vlan_tci can also add or remove one. */
            if ((sf->field->id == FF_DL_VLAN
                 || sf->field->id == FF_DL_VLAN_PCP)
                && !(flow->vlans[0].tci & htons(VLAN_CFI))) {
                ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
                break;
            }
            /* The MPLS fields exist only in an MPLS packet. */
            if ((sf->field->id == FF_MPLS_LABEL || sf->field->id == FF_MPLS_TC
                 || sf->field->id == FF_MPLS_TTL
                 || sf->field->id == FF_MPLS_BOS)
                && !eth_type_mpls(flow->dl_type)) {
                break;
            }
            field_set_masked(sf->field, &sf->value, &sf->mask, flow);
            break;
        }

        case OFPACT_REG_MOVE: {
            const struct ofpact_reg_move *m = ofpact_get_REG_MOVE(a);

            subfield_write(&m->dst, subfield_read(&m->src, flow), flow);
            subfield_unwildcard(&m->src, ctx->wc);
            break;
        }

        case OFPACT_REG_LOAD: {
            const struct ofpact_reg_load *l = ofpact_get_REG_LOAD(a);

            subfield_write(&l->dst, l->value, flow);
            break;
        }

        case OFPACT_DEC_TTL:
            if (!is_ip_any(flow)) {
                break;
            }
            ctx->wc->masks.nw_ttl = 0xff;
            if (flow->nw_ttl > 1) {
                flow->nw_ttl--;
            } else {
                /* The packet goes no further; the controllers listed
                 * (plain dec_ttl: id 0) get an invalid_ttl packet-in if
                 * their async config asks for it. */
                const struct ofpact_cnt_ids *ids = ofpact_get_DEC_TTL(a);

                trace_line(ctx, " -> TTL expired");
                for (size_t i = 0; i < ids->n_ids || (!i && !ids->n_ids);
                     i++) {
                    output_controller(ctx, OFPR_INVALID_TTL, UINT16_MAX,
                                      ids->n_ids ? ids->ids[i] : 0);
                }
                ctx->exit = true;
            }
            break;

        case OFPACT_SET_IP_TTL:
            if (is_ip_any(flow)) {
                flow->nw_ttl = ofpact_get_SET_IP_TTL(a)->ttl;
            }
            break;

        case OFPACT_OUTPUT_REG: {
            const struct ofpact_output_reg *o = ofpact_get_OUTPUT_REG(a);
            uint64_t port = subfield_read(&o->src, flow);

            subfield_unwildcard(&o->src, ctx->wc);
            if (port > UINT16_MAX) {
                trace_line(ctx, " -> %"PRIu64" is not a port number",
                           port);
            } else if (port == OFPP_CONTROLLER) {
                output_controller(ctx, 1, o->max_len, 0);
            } else {
                xlate_output(ctx, port);
            }
            break;
        }

        case OFPACT_STACK_PUSH:
            xlate_stack_push(ctx, &ofpact_get_STACK_PUSH(a)->subfield);
            break;

        case OFPACT_STACK_POP:
            xlate_stack_pop(ctx, &ofpact_get_STACK_POP(a)->subfield);
            break;

        case OFPACT_MULTIPATH: {
            const struct ofpact_multipath *mp = ofpact_get_MULTIPATH(a);
            uint32_t hash = hash_nx_fields(ctx, mp->fields, mp->basis);
            uint32_t link = multipath_choose(mp->algorithm, hash,
                                             mp->max_link + 1u, mp->arg);

            trace_line(ctx, " -> link %"PRIu32, link);
            subfield_write(&mp->dst, link, flow);
            break;
        }

        case OFPACT_BUNDLE: {
            const struct ofpact_bundle *bd = ofpact_get_BUNDLE(a);
            uint16_t port = bundle_choose(ctx, bd);

            if (bd->dst.field) {
                subfield_write(&bd->dst, port, flow);
            } else if (port == OFPP_NONE) {
                trace_line(ctx, " -> no live bundle member, dropping");
            } else {
                xlate_output(ctx, port);
            }
            break;
        }

        case OFPACT_LEARN:
            xlate_learn(ctx, ofpact_get_LEARN(a));
            break;

        case OFPACT_CONJUNCTION:
            /* A rule with conjunctions is never a lookup's result (see
             * classifier.h); elsewhere (packet-out) it does nothing. */
            break;

        case OFPACT_SET_QUEUE: {
            /* The packet's priority selects the queue when it leaves
             * through a port with QoS (Linux traffic control); without
             * one it is only metadata.  Out of range: no effect, as in
             * Open vSwitch. */
            uint32_t priority;
            if (queue_to_priority(ctx, ofpact_get_SET_QUEUE(a)->queue_id,
                                  &priority)) {
                flow->skb_priority = priority;
            }
            break;
        }

        case OFPACT_RESUBMIT: {
            const struct ofpact_resubmit *r = ofpact_get_RESUBMIT(a);
            uint32_t old_in_port = flow->in_port;

            if (r->in_port != OFPP_IN_PORT) {
                flow->in_port = r->in_port;
            }
            xlate_table(ctx, r->table_id == 0xff ? ctx->table_id
                        : r->table_id, false);
            flow->in_port = old_in_port;
            break;
        }

        case OFPACT_NOTE:
            break;

        case OFPACT_EXIT:
            ctx->exit = true;
            break;

        case OFPACT_CLONE: {
            /* The clone's changes to the packet don't survive it; 'base'
             * does track them, so later outputs re-commit as needed. */
            struct flow saved = ctx->flow;
            size_t len;
            const struct ofpact *nested
                = ofpact_nest_get_actions((const struct ofpact_nest *) a,
                                          &len);

            trace_line(ctx, "clone");
            ctx->indent += 4;
            ctx->n_nested++;
            xlate_ofpacts(ctx, nested, len);
            ctx->n_nested--;
            ctx->indent -= 4;
            mpls_undo_nested(ctx, &saved);
            ctx->flow = saved;
            ctx->exit = ctx->paused;
            break;
        }

        case OFPACT_CLEAR_ACTIONS:
            ofpbuf_clear(&ctx->action_set);
            break;

        case OFPACT_WRITE_ACTIONS: {
            size_t len;
            const struct ofpact *nested
                = ofpact_nest_get_actions((const struct ofpact_nest *) a,
                                          &len);
            ofpbuf_put(&ctx->action_set, nested, len);
            break;
        }

        case OFPACT_WRITE_METADATA: {
            const struct ofpact_metadata *md = ofpact_get_WRITE_METADATA(a);

            flow->metadata = ((flow->metadata & ~md->mask)
                              | (md->metadata & md->mask));
            break;
        }

        case OFPACT_GOTO_TABLE:
            xlate_table(ctx, ofpact_get_GOTO_TABLE(a)->table_id, true);
            /* goto_table is the last instruction: nothing follows. */
            break;

        case OFPACT_N_TYPES:
        default:
            OVS_NOT_REACHED();
        }
    }
    if (frame) {
        ctx->n_frames--;
    }
}

/* Looks the flow up in 'table_id' and executes the rule found. */
static void
xlate_table(struct xlate_ctx *ctx, uint8_t table_id, bool honour_table_miss)
{
    struct ofproto *ofproto = ctx->ofproto;
    const struct cls_rule *cr;
    struct rule *rule;
    uint8_t old_table = ctx->table_id;

    if (ctx->depth >= MAX_RESUBMIT_DEPTH) {
        VLOG_WARN("over %d resubmit actions, dropping", MAX_RESUBMIT_DEPTH);
        trace_line(ctx, " >>>> over max translation depth %d <<<<",
                   MAX_RESUBMIT_DEPTH);
        return;
    }
    if (table_id >= OFPROTO_N_TABLES) {
        return;
    }

    cr = classifier_lookup(&ofproto->tables[table_id], &ctx->flow, ctx->wc);
    if (!cr) {
        enum ofproto_table_miss miss = ofproto->table_miss[table_id];

        trace_line(ctx, "%2d. No match.", table_id);
        if (honour_table_miss && miss == OFPROTO_MISS_CONTINUE) {
            /* TABLE_MOD's "continue": as if the table had a catch-all
             * goto_table to the next one. */
            trace_line(ctx, "    continue to table %d", table_id + 1);
            xlate_table(ctx, table_id + 1, true);
        } else if (honour_table_miss && miss == OFPROTO_MISS_DROP) {
            trace_line(ctx, "    drop (table config)");
        } else if (honour_table_miss
                   && (miss == OFPROTO_MISS_CONTROLLER
                       || atomic_load(&ofproto->miss_to_controller))) {
            /* OpenFlow 1.0-1.2: a miss goes to the controller. */
            uint8_t old = ctx->table_id;
            ctx->table_id = table_id;
            ctx->rule_cookie = 0;
            output_controller(ctx, 0, UINT16_MAX, 0);
            ctx->table_id = old;
        } else {
            trace_line(ctx, "    drop");
        }
        return;
    }
    rule = CONTAINER_OF(cr, struct rule, cr);
    xout_add_rule(ctx->xout, rule);
    if (ctx->trace) {
        struct ds s = DS_EMPTY_INITIALIZER;

        /* As OVS prints it: the match without its priority, then the
         * priority. */
        struct match match;
        cls_rule_get_match(&rule->cr, &match);
        match_format(&match, &s, OFP_DEFAULT_PRIORITY);
        trace_line(ctx, "%2d. %s%spriority %d", table_id,
                   ds_cstr(&s), s.length ? ", " : "", rule->cr.priority);
        ds_destroy(&s);
    }

    ctx->depth++;
    ctx->indent += 4;
    ovs_be64 old_cookie = ctx->rule_cookie;
    struct rule *old_rule = ctx->rule;
    ctx->table_id = table_id;
    ctx->rule_cookie = rule->cookie;
    ctx->rule = rule;
    xlate_ofpacts(ctx, rule->ofpacts, rule->ofpacts_len);
    ctx->table_id = old_table;
    ctx->rule_cookie = old_cookie;
    ctx->rule = old_rule;
    ctx->indent -= 4;
    ctx->depth--;
}

int
xlate_actions(const struct xlate_in *xin, struct xlate_out *xout)
{
    struct ofproto *ofproto = xin->ofproto;
    struct xlate_ctx ctx;
    int error = 0;

    xlate_out_clear(xout);
    memset(&ctx, 0, sizeof ctx);
    ctx.xin = xin;
    ctx.xout = xout;
    ctx.ofproto = ofproto;
    ctx.flow = xin->flow;
    ctx.base = xin->flow;
    ctx.wc = &xout->wc;
    ctx.odp = &xout->odp_actions;
    ctx.trace = xin->trace;
    ofpbuf_init(&ctx.action_set, 0);
    ofpbuf_init(&ctx.stack, 0);

    /* The megaflow always matches the metadata exactly. */
    ctx.wc->masks.in_port = UINT32_MAX;
    ctx.wc->masks.recirc_id = UINT32_MAX;
    /* As in OVS, the Ethertype and the fragment bits are always part of
     * the megaflow (a datapath cannot parse further without them). */
    ctx.wc->masks.dl_type = htons(UINT16_MAX);
    if (is_ip_any(&xin->flow)) {
        ctx.wc->masks.nw_frag |= FLOW_NW_FRAG_MASK;
    }

    pthread_rwlock_rdlock(&ofproto->rwlock);
    if (xin->resume) {
        /* NXT_RESUME: the frozen frames, innermost first; "exit" in one
         * ends them all, as it would have before the pause. */
        const struct ofp_continuation *cont = xin->resume;
        ofpbuf_put(&ctx.action_set, cont->action_set, cont->action_set_len);
        for (size_t i = 0; i < cont->n_frames && !ctx.exit; i++) {
            ctx.table_id = cont->frames[i].table_id;
            ctx.rule_cookie = cont->frames[i].cookie;
            xlate_ofpacts(&ctx, cont->frames[i].ofpacts,
                          cont->frames[i].ofpacts_len);
        }
        ctx.exit = ctx.paused;
        xlate_action_set(&ctx);
    } else if (xin->ofpacts) {
        xlate_ofpacts(&ctx, xin->ofpacts, xin->ofpacts_len);
        ctx.exit = false;
        xlate_action_set(&ctx);
    } else if (!ofproto_get_port(ofproto, xin->flow.in_port)) {
        error = ENODEV;
        trace_line(&ctx, "No such port %"PRIu32", dropping",
                   xin->flow.in_port);
    } else if (ofproto_get_port(ofproto, xin->flow.in_port)->config
               & (OFPPC_NO_RECV | OFPPC_PORT_DOWN)) {
        /* PORT_MOD's no_receive (or the port is down): every packet in
         * is dropped; in_port is exact in the megaflow already. */
        trace_line(&ctx, "Port %"PRIu32" does not receive (%s), dropping",
                   xin->flow.in_port,
                   (ofproto_get_port(ofproto, xin->flow.in_port)->config
                    & OFPPC_PORT_DOWN) ? "down" : "no_receive");
    } else {
        if (ctx.trace) {
            ds_put_format(ctx.trace, "bridge(\"%s\")\n", ofproto->name);
            ds_put_format(ctx.trace, "%.*s\n",
                          (int) strlen(ofproto->name) + 10,
                          "------------------------------------------"
                          "------------------------------------------");
        }
        if (atomic_load(&ofproto->fail_open)) {
            /* As a catch-all NORMAL flow above every other flow would. */
            trace_line(&ctx, "fail-open: controllers unreachable, NORMAL");
            xlate_normal(&ctx);
        } else {
            xlate_table(&ctx, 0, true);
        }
        ctx.exit = false;
        xlate_action_set(&ctx);
    }
    /* Conjunctive lookups looked at conj_id, which is 0 in every packet
     * and no datapath field. */
    ctx.wc->masks.conj_id = 0;
    xout->final_flow = ctx.flow;
    pthread_rwlock_unlock(&ofproto->rwlock);
    ofpbuf_uninit(&ctx.action_set);
    ofpbuf_uninit(&ctx.stack);
    return error;
}
