/* xlate.h -- translation: a flow through the OpenFlow tables into
 * datapath actions and the megaflow mask.
 *
 * xlate_actions() looks the flow up in table 0, runs the actions of the
 * rule it finds (following resubmit/goto_table into other tables), and
 * turns them into OVS_ACTION_ATTR_* datapath actions.  Alongside, it
 * accumulates in 'xout->wc' every bit of the flow its result depended on:
 * the classifier's lookups and the fields the actions read (NORMAL reads
 * in_port, the VLAN TCI, dl_src and dl_dst).  A datapath flow with that
 * mask is then correct for every packet it matches.
 *
 * Translation of one flow is deterministic given the tables, the bundles
 * and the MAC learning table, so the revalidator can re-run it on an
 * installed megaflow's key and compare.
 *
 * Thread safety: any thread; takes the ofproto's rwlock for reading. */
#ifndef XLATE_H
#define XLATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include "flow.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"

struct ds;
struct group;
struct ofproto;
struct rule;

/* A group that translation went through and the bucket it chose (an
 * index; SIZE_MAX if none), for the group's statistics.  One entry per
 * bucket for "all" groups. */
struct xlate_group_hit {
    struct group *group;        /* Holds a reference. */
    size_t bucket;
    bool count_group;           /* Count the packet for the group itself
                                 * (once per group visit, not per
                                 * bucket). */
};

struct xlate_in {
    struct ofproto *ofproto;
    struct flow flow;           /* flow.in_port is an OpenFlow port. */
    bool may_learn;             /* Update MAC learning (upcalls only). */
    struct ds *trace;           /* Nonnull: append a human trace. */

    /* Nonnull: run these actions instead of looking the flow up in table
     * 0 (PACKET_OUT); flow.in_port may then also be OFPP_CONTROLLER,
     * OFPP_NONE or OFPP_LOCAL. */
    const struct ofpact *ofpacts;
    size_t ofpacts_len;

    /* Nonnull: NXT_RESUME of a translation that controller(pause)
     * stopped: run the frames' actions, each in its rule's table and
     * cookie, then the action set, instead of looking the flow up ('flow'
     * holds the metadata and registers the packet-in carried). */
    const struct ofp_continuation *resume;
};

/* A flow that a learn action built from the packet, for ofproto to add
 * or refresh (ofproto_learn_submit()).  'fs' holds the match, priority,
 * table, cookie, timeouts and flags (OFPFF_SEND_FLOW_REM). */
struct xlate_learned {
    struct rule *learner;       /* The rule with the learn action; holds a
                                 * reference. */
    struct ofp_flow_spec fs;
    struct ofpact *ofpacts;     /* Owned. */
    size_t ofpacts_len;
    uint32_t limit;             /* The learn action's limit, 0 if none. */
};

/* Frees the 'n' flows in 'learned' and the array. */
void xlate_learned_destroy(struct xlate_learned *learned, size_t n);

struct xlate_out {
    struct flow_wildcards wc;   /* Bits the result depends on. */
    struct ofpbuf odp_actions;  /* OVS_ACTION_ATTR_* attributes. */
    struct rule **rules;        /* Rules hit, each with a reference. */
    size_t n_rules, allocated_rules;
    struct xlate_group_hit *groups; /* Groups hit, each with a reference. */
    size_t n_groups, allocated_groups;
    bool mac_changed;           /* Learning changed a MAC mapping. */
    struct xlate_learned *learned;  /* What learn actions built: the
                                     * handler submits them, the ukey
                                     * keeps them to refresh them. */
    size_t n_learned, allocated_learned;
    struct flow final_flow;     /* The flow as the actions left it. */
};

/* The OVS_USERSPACE_ATTR_USERDATA of the datapath "userspace" action that
 * translation emits for a packet-in (output:CONTROLLER, controller(), a
 * table miss sent to the controller).  The upcall handler reads it back
 * and hands the packet to the connection manager. */
struct xlate_controller_userdata {
    uint8_t type;               /* XLATE_USERDATA_CONTROLLER. */
    uint8_t reason;             /* 0: no match, 1: action. */
    uint8_t table_id;
    uint8_t flags;              /* XLATE_UD_*: what follows. */
    uint16_t max_len;           /* UINT16_MAX: as the controller says. */
    uint16_t controller_id;
    ovs_be64 cookie;            /* Of the rule that sent it. */
    /* Followed by, in this order, each only if its flag is set (so that
     * the common packet-in stays 16 bytes):
     *   XLATE_UD_METADATA: struct xlate_controller_metadata;
     *   XLATE_UD_USERDATA: a 64-bit length, then controller(userdata=)'s
     *       bytes padded to 8;
     *   XLATE_UD_PAUSE: a 64-bit length, then the frozen translation as
     *       ofp_continuation_put() writes it for OpenFlow 1.5 (a form
     *       without pointers, safe to pass through a datapath). */
};
/* The flow's metadata and registers at the action (the datapath knows
 * neither), when not all zero. */
struct xlate_controller_metadata {
    ovs_be64 metadata;
    uint32_t regs[FLOW_N_REGS];
};
#define XLATE_UD_PAUSE    (1 << 0)
#define XLATE_UD_METADATA (1 << 1)
#define XLATE_UD_USERDATA (1 << 2)
#define XLATE_USERDATA_CONTROLLER 1

void xlate_out_init(struct xlate_out *);
void xlate_out_uninit(struct xlate_out *);

/* Translates 'xin' into 'xout' (initialised by xlate_out_init(), its
 * previous contents discarded).  Returns 0, or an errno if the flow's
 * in_port is not a port of the switch (then the actions are empty: drop).
 */
int xlate_actions(const struct xlate_in *xin, struct xlate_out *xout);

/* Returns NULL if translation can carry out action 'a' (not looking into
 * nested lists), otherwise why not (a static string).  ofproto refuses
 * flows with such actions rather than install flows that would silently
 * not do what they say. */
struct ofpact;
const char *xlate_ofpact_unsupported(const struct ofpact *a);

#endif /* xlate.h */
