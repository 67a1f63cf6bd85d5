/* upcall.h -- the threads between the datapath and the OpenFlow tables.
 *
 * A "udpif" serves one ofproto's datapath.  Its handler threads receive
 * misses (dpif_recv()), translate them (xlate.h), install the megaflow
 * (dpif_flow_put()) and execute the packet.  Its revalidator thread dumps
 * the datapath's flows periodically, pushes their statistics into the
 * OpenFlow rules that produced them, deletes the idle ones, and, after a
 * change to the tables, the bundles or the MAC learning table, re-translates
 * each flow and deletes those whose actions or mask are no longer right
 * (the next packet makes a fresh upcall).
 *
 * Every installed flow has a "ukey": its ufid, the rules it came from
 * (with references) and the statistics already pushed to them. */
#ifndef UPCALL_H
#define UPCALL_H 1

#include <stddef.h>
#include <stdint.h>

struct dpif;
struct ds;
struct ofproto;
struct udpif;

/* Creates the threads for 'ofproto' on 'dpif' and starts them. */
struct udpif *udpif_create(struct ofproto *, struct dpif *,
                           size_t n_handlers);
/* Stops the threads and frees the ukeys.  Accepts NULL. */
void udpif_destroy(struct udpif *);

/* Asks the revalidator to re-translate every flow soon. */
void udpif_revalidate(struct udpif *);
/* Deletes every datapath flow and ukey now (main thread), pushing their
 * final statistics. */
void udpif_flush(struct udpif *);

/* Idle time after which a datapath flow is deleted (msec). */
void udpif_set_max_idle(struct udpif *, unsigned int max_idle_ms);

/* Blocks until the revalidator has completed a full pass started after
 * this call (for tests and ofproto/trace-free synchronisation). */
void udpif_wait_for_revalidation(struct udpif *);

/* Number of misses handled completely (translated, installed, executed)
 * so far. */
uint64_t udpif_n_handled(const struct udpif *);

/* Appends "upcall/show" text for this udpif. */
void udpif_show(const struct udpif *, struct ds *);

#endif /* upcall.h */
