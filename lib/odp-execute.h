/* odp-execute.h -- runs datapath actions (OVS_ACTION_ATTR_*) on packets.
 *
 * The userspace datapath (lib/dpif-netdev.c) runs a flow's actions on a
 * batch of packets here.  Actions that only change a packet (VLAN tags,
 * header rewrites with checksum fixes, metadata) are done here; actions
 * that leave the packet's hands (output, userspace, recirculation) are
 * callbacks to the datapath.
 *
 * The packets' header offsets (l3_ofs, l4_ofs) must be those of
 * flow_extract() when the actions start; VLAN push/pop keep them right.
 *
 * odp_execute_validate() checks an action list once, when a flow is
 * installed, so that execution can trust it: every action it accepts is
 * executed; anything else (conntrack, MPLS, tunnels...) is
 * refused with an error, never silently ignored. */
#ifndef ODP_EXECUTE_H
#define ODP_EXECUTE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dp_packet;
struct dp_packet_batch;
struct nlattr;

struct odp_execute_ops {
    /* Sends the packets of 'batch' to datapath port 'port'.  With
     * 'may_steal' the callee takes the packets (and must empty 'batch');
     * otherwise it must leave them unchanged. */
    void (*output)(void *aux, struct dp_packet_batch *batch, uint32_t port,
                   bool may_steal);
    /* Sends a copy of 'packet' to userspace for the OVS_ACTION_ATTR_USERSPACE
     * attribute 'attr' (nested OVS_USERSPACE_ATTR_*).  The packet stays the
     * caller's.  May be NULL (the action is then a no-op drop). */
    void (*userspace)(void *aux, const struct dp_packet *packet,
                      const struct nlattr *attr);
    /* Takes the packets of 'batch' (and empties it), whose md.recirc_id is
     * already 'recirc_id', to look them up again. */
    void (*recirc)(void *aux, struct dp_packet_batch *batch);
    /* Runs the packets of 'batch' through datapath meter 'meter_id': the
     * packets that a drop band refuses are freed and removed from
     * 'batch', the others stay in it in their order.  May be NULL (the
     * datapath has no meters: the action passes every packet). */
    void (*meter)(void *aux, struct dp_packet_batch *batch,
                  uint32_t meter_id);
};

/* Runs the 'size' bytes of actions at 'actions' on the packets of 'batch'.
 * With 'may_steal' the packets are consumed (sent, queued or freed) and the
 * batch is left empty; without it they are left unchanged (the actions run
 * on copies).  The actions must have passed odp_execute_validate(). */
void odp_execute_actions(void *aux, struct dp_packet_batch *batch,
                         bool may_steal, const struct nlattr *actions,
                         size_t size, const struct odp_execute_ops *ops);

/* Checks that the 'size' bytes at 'actions' are a well-formed action list
 * made only of actions that odp_execute_actions() implements.  Returns 0,
 * EINVAL (malformed) or EOPNOTSUPP (an action this datapath does not
 * implement); on error, if 'errp' is nonnull, stores a message in it
 * (caller frees). */
int odp_execute_validate(const struct nlattr *actions, size_t size,
                         char **errp);

#endif /* odp-execute.h */
