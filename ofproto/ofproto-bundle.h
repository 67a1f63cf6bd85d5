/* ofproto-bundle.h -- OpenFlow bundles, the switch's side.
 *
 * A controller opens a bundle (BUNDLE_CONTROL OPEN_REQUEST) under a
 * 32-bit id of its choosing, adds modification messages to it
 * (BUNDLE_ADD_MESSAGE: flow_mod, group_mod, port_mod), may close it, and
 * finally commits or discards it.  Messages are checked when added and
 * carried out only at the commit, all of them or none: the flow and group
 * changes go through one ofproto transaction (ofproto.h,
 * ofproto_txn_begin()), so packets see the tables either before the
 * bundle or after it, and the first failure undoes what came before it.
 *
 * Bundles belong to one OpenFlow connection (connmgr.c keeps a struct
 * ofproto_bundles per connection) and die with it.  This module holds
 * the state machine of OpenFlow 1.4 section 7.3.9 and its errors; the
 * connection manager supplies, through struct ofproto_bundle_ops, how to
 * carry out one inner message and how to send on the connection, so that
 * a message in a bundle is handled exactly as the same message outside
 * one.
 *
 * Port mods are the exception to "one transaction": they change devices
 * as well as tables, so they are all checked before anything changes and
 * carried out after the flow and group changes are committed.
 *
 * Main thread only. */
#ifndef OFPROTO_BUNDLE_H
#define OFPROTO_BUNDLE_H 1

#include "ofp-msgs.h"

struct ofpbuf;
struct ofproto;

/* Idle bundles are discarded (with an OFPBFC_TIMEOUT error) after this
 * many milliseconds without a message, so that a controller that went
 * away cannot keep memory forever. */
#define OFPROTO_BUNDLE_IDLE_TIMEOUT 10000

/* Bundles a connection may have open at once (more: OUT_OF_BUNDLES) and
 * messages per bundle (more: MSG_TOO_MANY). */
#define OFPROTO_BUNDLE_MAX_BUNDLES 64
#define OFPROTO_BUNDLE_MAX_MSGS 1000000

struct ofproto_bundle_ops {
    /* Checks inner message 'msg' of 'type' before the commit changes
     * anything; only port mods are checked this way.  Returns 0 or the
     * error the message would get outside a bundle. */
    enum ofperr (*check)(void *aux, const struct ofp_header *msg,
                         enum ofptype type);
    /* Carries out 'msg' as if it had come outside a bundle.  Flow and
     * group mods run inside an open ofproto transaction; port mods after
     * it.  Returns 0 or the message's error. */
    enum ofperr (*apply)(void *aux, const struct ofp_header *msg,
                         enum ofptype type);
    /* Sends 'msg' (taking it) on the connection. */
    void (*send)(void *aux, struct ofpbuf *msg);
};

struct ofproto_bundles *ofproto_bundles_create(void);
/* Discards every bundle (the connection closed).  Accepts NULL. */
void ofproto_bundles_destroy(struct ofproto_bundles *);
/* Discards every bundle, keeping the set (a reconnection). */
void ofproto_bundles_clear(struct ofproto_bundles *);

/* Handles BUNDLE_CONTROL 'oh'.  Sends the reply itself and returns 0, or
 * returns the error to send in reply to 'oh'.  A failed commit has
 * already sent the failing message's error and returns
 * OFPBFC_MSG_FAILED. */
enum ofperr ofproto_bundle_control(struct ofproto_bundles *,
                                   struct ofproto *,
                                   const struct ofp_header *oh,
                                   const struct ofproto_bundle_ops *,
                                   void *aux);
/* Handles BUNDLE_ADD_MESSAGE 'oh': 0 (stored; no reply), or the error to
 * send in reply. */
enum ofperr ofproto_bundle_add(struct ofproto_bundles *,
                               const struct ofp_header *oh);

/* Discards bundles idle for OFPROTO_BUNDLE_IDLE_TIMEOUT, sending
 * OFPBFC_TIMEOUT through 'ops'. */
void ofproto_bundles_run(struct ofproto_bundles *,
                         const struct ofproto_bundle_ops *, void *aux);
void ofproto_bundles_wait(const struct ofproto_bundles *);

#endif /* ofproto-bundle.h */
