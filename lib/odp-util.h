/* odp-util.h -- the text form of datapath flows and actions.
 *
 * Datapath flows (a struct match whose flow.in_port is a datapath port and
 * whose recirc_id, dp_hash, skb_priority and pkt_mark are packet metadata)
 * and datapath action lists (OVS_ACTION_ATTR_* Netlink attributes) are
 * printed the way ovs-dpctl(8) "dump-flows" prints them, and parsed back
 * for "add-flow", "mod-flow" and "del-flow":
 *
 *   recirc_id(0),in_port(1),eth(src=50:54:00:00:00:01,dst=...),
 *   eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.0/255.255.255.0,
 *   proto=1,tos=0,ttl=64,frag=no)
 *
 *   2,push_vlan(vid=10,pcp=0),set(eth(src=...)),userspace(pid=0),
 *   recirc(0x1),hash(l4(0)),trunc(100),sample(sample=50.0%,actions(2)),
 *   clone(pop_vlan,3)
 *
 * In a flow, a field whose mask is all-ones prints as its value, a partly
 * masked one as value/mask, a fully wildcarded one not at all (and a
 * group with no field left, e.g. "eth(...)", not at all).  A VLAN tag
 * prints as eth_type(TPID),vlan(vid=V,pcp=P),encap(...inner...).  An
 * empty action list prints as "drop".
 *
 * The conversion to and from OVS_KEY_ATTR_* Netlink keys is not here (see
 * lib/odp-key.h). */
#ifndef ODP_UTIL_H
#define ODP_UTIL_H 1

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct ds;
struct match;
struct nlattr;
struct ofpbuf;
struct dpif_flow;

/* Appends the text of datapath flow 'm' to 's'. */
void odp_flow_format(const struct match *m, struct ds *s);

/* Appends the text of the 'size' bytes of actions at 'actions' to 's'. */
void odp_actions_format(const struct nlattr *actions, size_t size,
                        struct ds *s);

/* Appends a dumped flow as ovs-dpctl dump-flows prints it:
 * "[ufid:..., ]FLOW, packets:N, bytes:N, used:T[, flags:F], actions:A". */
void odp_format_dpif_flow(const struct dpif_flow *f, bool show_ufid,
                          struct ds *s);

/* Parses datapath flow text 's' into 'm' (fields not mentioned are
 * wildcarded).  Returns NULL, or an error message the caller frees. */
char *odp_flow_from_string(const char *s, struct match *m)
    OVS_WARN_UNUSED_RESULT;

/* Parses action text 's' (a comma-separated list, or "drop") and appends
 * the Netlink attributes to 'actions'.  Returns NULL, or an error message
 * the caller frees ('actions' is then unspecified). */
char *odp_actions_from_string(const char *s, struct ofpbuf *actions)
    OVS_WARN_UNUSED_RESULT;

#endif /* odp-util.h */
