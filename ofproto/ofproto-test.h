/* ofproto-test.h -- ofproto functions beyond ofproto.h, for tests and
 * for the appctl commands: synchronising with the revalidator, and the
 * text of fdb/show, ofproto/trace and the rules' statistics.  Main thread
 * only. */
#ifndef OFPROTO_TEST_H
#define OFPROTO_TEST_H 1

#include "flow.h"

struct ds;
struct ofproto;

/* Waits until the revalidator has finished a pass that started after the
 * call, so that the datapath's flows reflect every earlier change. */
void ofproto_revalidate_sync(struct ofproto *);

/* Datapath flows idle for 'max_idle_ms' are deleted (default 10000). */
void ofproto_set_max_idle(struct ofproto *, unsigned int max_idle_ms);

/* Number of datapath misses that have been completely handled (for tests
 * that must wait for a packet's upcall). */
uint64_t ofproto_n_upcalls_handled(const struct ofproto *);

/* Appends the MAC table as "ovs-appctl fdb/show" prints it. */
void ofproto_fdb_format(struct ofproto *, struct ds *);

/* Appends "ovs-appctl ofproto/trace" output for OpenFlow flow 'flow'. */
void ofproto_trace(struct ofproto *, const struct flow *, struct ds *);

/* Appends one line per rule, as OVS's "bridge/dump-flows" prints it:
 * "[table_id=T, ]duration=Ds, n_packets=N, n_bytes=B, MATCH,actions=A". */
void ofproto_rules_format(struct ofproto *, struct ds *);

#endif /* ofproto-test.h */
