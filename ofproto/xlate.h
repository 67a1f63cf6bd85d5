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
};

struct xlate_out {
    struct flow_wildcards wc;   /* Bits the result depends on. */
    struct ofpbuf odp_actions;  /* OVS_ACTION_ATTR_* attributes. */
    struct rule **rules;        /* Rules hit, each with a reference. */
    size_t n_rules, allocated_rules;
    struct xlate_group_hit *groups; /* Groups hit, each with a reference. */
    size_t n_groups, allocated_groups;
    bool mac_changed;           /* Learning changed a MAC mapping. */
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
    uint8_t pad;
    uint16_t max_len;           /* UINT16_MAX: as the controller says. */
    uint16_t controller_id;
    ovs_be64 cookie;            /* Of the rule that sent it. */
};
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
