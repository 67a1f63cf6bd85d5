/* dpif-netlink.c -- the "system" datapath provider: the kernel module
 * (ours, datapath/, or Linux's openvswitch.ko) driven over Generic Netlink
 * through the uapi of <linux/openvswitch.h>.
 *
 * libnl-genl-3 resolves the four families (ovs_datapath, ovs_vport,
 * ovs_flow, ovs_packet) and owns the sockets; the messages themselves are
 * built in an ofpbuf with lib/nl-attr.h (header, genlmsghdr, ovs_header,
 * attributes) and parsed by hand, because the flow key and mask streams
 * (lib/odp-key.c) and actions are already Netlink attribute streams in
 * that form.
 *
 * Requests go over one process-wide socket under a mutex: a request is
 * sent with NLM_F_ACK and NLM_F_ECHO (the kernel answers NEW, DEL and SET
 * only to an echo request), then messages are read until the ack or the
 * error for its sequence number.  Dumps are read whole into memory at
 * their start, which keeps the socket free between dump_next() calls.
 *
 * Upcalls: each handler has its own Netlink socket.  While receiving is
 * on, the datapath dispatches misses per CPU (OVS_DP_ATTR_PER_CPU_PIDS:
 * CPU i's misses go to handler i % n), as Open vSwitch does on kernels
 * that have it; Linux's openvswitch.ko takes only one pid per vport, and
 * Open vSwitch's tools switch a datapath they open to per-CPU dispatch.
 * On a kernel without it, the ports' upcall pid lists
 * (OVS_VPORT_ATTR_UPCALL_PID) name every handler's socket and the kernel
 * spreads misses across them by the packet's hash.  dpif_recv() reads one
 * message without blocking.
 *
 * The local port's device (port 0, which the kernel creates with the
 * datapath) is held open as a "system" netdev for the handle's life, so
 * that ofproto finds it by name like the netdev datapath's. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "coverage.h"
#include "dp-packet.h"
#include "dpif-provider.h"
#include "flow.h"
#include "netdev.h"
#include "netdev-linux-vnet.h"
#include "nl-attr.h"
#include "odp-key.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "sset.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_netlink);
COVERAGE_DEFINE(dpif_netlink_transact);
COVERAGE_DEFINE(dpif_netlink_upcall);

enum { FAM_DP, FAM_VPORT, FAM_FLOW, FAM_PACKET, N_FAMS };
static const char *const family_names[N_FAMS] = {
    OVS_DATAPATH_FAMILY, OVS_VPORT_FAMILY, OVS_FLOW_FAMILY,
    OVS_PACKET_FAMILY,
};
static const uint8_t family_versions[N_FAMS] = {
    OVS_DATAPATH_VERSION, OVS_VPORT_VERSION, OVS_FLOW_VERSION,
    OVS_PACKET_VERSION,
};

static pthread_mutex_t nl_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct nl_sock *nl_sock;        /* Requests; under nl_mutex. */
static int family_ids[N_FAMS];
static int init_error = -1;            /* -1: not tried yet. */
static uint32_t nl_seq;

struct dpif_netlink {
    struct dpif dpif;
    int dp_ifindex;

    pthread_mutex_t upcall_mutex;
    struct nl_sock **handlers;  /* One upcall socket per handler. */
    uint32_t n_handlers;
    uint32_t n_handlers_wanted; /* As last set by handlers_set(), >= 1. */
    bool recv_enabled;
    bool per_cpu_dispatch;      /* Kernel dispatches misses by CPU. */

    /* The local port's device, which the kernel created with the
     * datapath: held open so that ofproto finds it by name
     * (netdev_from_name()), as it finds the netdev datapath's. */
    struct netdev *local_netdev;
};

static struct dpif_netlink *
dpif_netlink_cast(const struct dpif *dpif)
{
    return CONTAINER_OF(dpif, struct dpif_netlink, dpif);
}

/* Resolves the families once.  Caller holds nl_mutex. */
static int
nl_init_locked(void)
{
    if (init_error >= 0) {
        return init_error;
    }
    nl_sock = nl_socket_alloc();
    if (!nl_sock || genl_connect(nl_sock)) {
        VLOG_WARN("cannot open a Generic Netlink socket");
        init_error = EAFNOSUPPORT;
        return init_error;
    }
    nl_socket_disable_seq_check(nl_sock);
    nl_socket_disable_auto_ack(nl_sock);
    nl_socket_enable_msg_peek(nl_sock);
    nl_socket_set_buffer_size(nl_sock, 1024 * 1024, 1024 * 1024);
    for (int i = 0; i < N_FAMS; i++) {
        int id = genl_ctrl_resolve(nl_sock, family_names[i]);
        if (id < 0) {
            VLOG_INFO("Generic Netlink family %s not found (is the "
                      "openvswitch module loaded?)", family_names[i]);
            init_error = ENODEV;
            return init_error;
        }
        family_ids[i] = id;
    }
    init_error = 0;
    return 0;
}

static int
nl_init(void)
{
    pthread_mutex_lock(&nl_mutex);
    int error = nl_init_locked();
    pthread_mutex_unlock(&nl_mutex);
    return error;
}

/* Starts a request of 'cmd' in family 'fam' for datapath 'dp_ifindex'. */
static void
request_init(struct ofpbuf *b, int fam, uint8_t cmd, uint16_t flags,
             int dp_ifindex)
{
    ofpbuf_init(b, 512);
    struct nlmsghdr *nlh = ofpbuf_put_zeros(b, sizeof *nlh);
    nlh->nlmsg_type = family_ids[fam];
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    struct genlmsghdr *g = ofpbuf_put_zeros(b, sizeof *g);
    g->cmd = cmd;
    g->version = family_versions[fam];
    struct ovs_header *oh = ofpbuf_put_zeros(b, sizeof *oh);
    oh->dp_ifindex = dp_ifindex;
}

#define NL_HDRS (NLMSG_HDRLEN + GENL_HDRLEN + sizeof(struct ovs_header))

/* A reply message: its ovs_header and its attributes. */
struct reply {
    int dp_ifindex;
    uint8_t cmd;
    const struct nlattr *attrs;
    size_t attrs_len;
};

static bool
reply_parse(const struct nlmsghdr *nlh, struct reply *r)
{
    if (nlh->nlmsg_len < NL_HDRS) {
        return false;
    }
    const struct genlmsghdr *g = (const void *) ((const char *) nlh
                                                 + NLMSG_HDRLEN);
    const struct ovs_header *oh = (const void *) ((const char *) g
                                                  + GENL_HDRLEN);
    r->cmd = g->cmd;
    r->dp_ifindex = oh->dp_ifindex;
    r->attrs = (const void *) ((const char *) nlh + NL_HDRS);
    r->attrs_len = nlh->nlmsg_len - NL_HDRS;
    return true;
}

static const struct nlattr *
reply_attr(const struct reply *r, uint16_t type)
{
    return nl_attr_find(r->attrs, r->attrs_len, type);
}

/* Sends 'request' and collects the reply messages (each a copy of one
 * whole Netlink message) into 'replies' (may be NULL to discard them)
 * until the ack, the error or, for a dump, NLMSG_DONE.  Returns 0 or a
 * positive errno from the kernel.  Caller holds nl_mutex. */
static int
transact_locked(struct ofpbuf *request, struct ofpbuf **replies,
                size_t *n_replies)
{
    struct nlmsghdr *nlh = request->data;
    bool dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
    int error = nl_init_locked();

    if (n_replies) {
        *n_replies = 0;
    }
    if (error) {
        return error;
    }
    COVERAGE_INC(dpif_netlink_transact);
    nlh->nlmsg_len = request->size;
    nlh->nlmsg_seq = ++nl_seq;
    if (!dump) {
        /* NEW, DEL and SET answer with the object only to NLM_F_ECHO (they
         * are multicast notifications); GET answers anyway. */
        nlh->nlmsg_flags |= NLM_F_ACK | NLM_F_ECHO;
    }
    if (nl_sendto(nl_sock, request->data, request->size) < 0) {
        return EIO;
    }

    size_t allocated = 0;
    for (;;) {
        struct sockaddr_nl peer;
        unsigned char *buf = NULL;
        int n = nl_recv(nl_sock, &peer, &buf, NULL);
        if (n <= 0) {
            free(buf);
            return EIO;
        }
        int len = n;
        bool done = false;
        for (struct nlmsghdr *h = (void *) buf; nlmsg_ok(h, len);
             h = nlmsg_next(h, &len)) {
            if (h->nlmsg_seq != nl_seq) {
                continue;       /* Stale reply of an earlier request. */
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = nlmsg_data(h);
                error = -e->error;
                done = true;
                break;
            } else if (h->nlmsg_type == NLMSG_DONE) {
                done = true;
                break;
            } else if (replies) {
                if (*n_replies >= allocated) {
                    allocated = allocated ? 2 * allocated : 4;
                    *replies = xrealloc(*replies,
                                        allocated * sizeof **replies);
                }
                struct ofpbuf *copy = &(*replies)[(*n_replies)++];
                ofpbuf_init(copy, h->nlmsg_len);
                ofpbuf_put(copy, h, h->nlmsg_len);
            }
        }
        free(buf);
        if (done) {
            return error;
        }
    }
}

static void
replies_free(struct ofpbuf *replies, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ofpbuf_uninit(&replies[i]);
    }
    free(replies);
}

/* Sends 'request' (which it frees) and, if 'reply' is nonnull, returns
 * the first reply message in it (the caller uninits it) or ENOENT-like
 * EPROTO if there was none. */
static int
transact(struct ofpbuf *request, struct ofpbuf *reply)
{
    struct ofpbuf *replies = NULL;
    size_t n = 0;

    pthread_mutex_lock(&nl_mutex);
    int error = transact_locked(request, &replies, &n);
    pthread_mutex_unlock(&nl_mutex);
    ofpbuf_uninit(request);

    if (!error && reply) {
        if (n) {
            *reply = replies[0];
            ofpbuf_init(&replies[0], 0);
        } else {
            error = EPROTO;
        }
    }
    replies_free(replies, n);
    return error;
}

static int
dump(struct ofpbuf *request, struct ofpbuf **replies, size_t *n)
{
    struct nlmsghdr *nlh = request->data;
    nlh->nlmsg_flags |= NLM_F_DUMP;
    *replies = NULL;
    pthread_mutex_lock(&nl_mutex);
    int error = transact_locked(request, replies, n);
    pthread_mutex_unlock(&nl_mutex);
    ofpbuf_uninit(request);
    return error;
}

/* Datapaths. */

static int
dpif_netlink_enumerate(struct sset *names)
{
    struct ofpbuf req, *replies;
    size_t n;
    int error = nl_init();
    if (error) {
        return error == ENODEV ? 0 : error;
    }
    request_init(&req, FAM_DP, OVS_DP_CMD_GET, 0, 0);
    error = dump(&req, &replies, &n);
    for (size_t i = 0; i < n; i++) {
        struct reply r;
        const struct nlattr *a;
        if (reply_parse(replies[i].data, &r)
            && (a = reply_attr(&r, OVS_DP_ATTR_NAME))) {
            sset_add(names, nl_attr_get_string(a));
        }
    }
    replies_free(replies, n);
    return error;
}

/* Looks up datapath 'name' and stores its ifindex. */
static int
dp_get(const char *name, int dp_ifindex, struct ofpbuf *reply)
{
    struct ofpbuf req;
    request_init(&req, FAM_DP, OVS_DP_CMD_GET, 0, dp_ifindex);
    if (name) {
        nl_msg_put_string(&req, OVS_DP_ATTR_NAME, name);
    }
    return transact(&req, reply);
}

static int vport_from_reply(const struct ofpbuf *, struct dpif_port *);

/* Opens the device of port 0 (ODPP_LOCAL) as a "system" netdev: the
 * kernel made it, so there is nothing to create, only something to read
 * (MAC, MTU, statistics) and to find by name.  Failure only logs: the
 * datapath works without it. */
static void
open_local_netdev(struct dpif_netlink *dp)
{
    struct ofpbuf req, reply;
    request_init(&req, FAM_VPORT, OVS_VPORT_CMD_GET, 0, dp->dp_ifindex);
    nl_msg_put_u32(&req, OVS_VPORT_ATTR_PORT_NO, 0);
    int error = transact(&req, &reply);
    if (!error) {
        struct dpif_port port;
        error = vport_from_reply(&reply, &port);
        if (!error) {
            error = netdev_open(port.name, "system", &dp->local_netdev);
            dpif_port_destroy(&port);
        }
        ofpbuf_uninit(&reply);
    }
    if (error) {
        VLOG_WARN("%s: cannot open the local port's device (%s)",
                  dpif_base_name(&dp->dpif), ovs_strerror(error));
    }
}

static int
dpif_netlink_open(const struct dpif_class *class, const char *name,
                  bool create, struct dpif **dpifp)
{
    struct ofpbuf reply;
    struct reply r;
    int error = nl_init();
    if (error) {
        return error;
    }

    error = dp_get(name, 0, &reply);
    if (error == ENODEV && create) {
        struct ofpbuf req;
        request_init(&req, FAM_DP, OVS_DP_CMD_NEW, 0, 0);
        nl_msg_put_string(&req, OVS_DP_ATTR_NAME, name);
        nl_msg_put_u32(&req, OVS_DP_ATTR_UPCALL_PID, 0);
        nl_msg_put_u32(&req, OVS_DP_ATTR_USER_FEATURES,
                       OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS);
        error = transact(&req, &reply);
        if (error == EEXIST) {
            error = dp_get(name, 0, &reply);
        }
    }
    if (error) {
        return error;
    }
    if (!reply_parse(reply.data, &r)) {
        ofpbuf_uninit(&reply);
        return EPROTO;
    }

    struct dpif_netlink *dp = xzalloc(sizeof *dp);
    dpif_init(&dp->dpif, class, name);
    dp->dp_ifindex = r.dp_ifindex;
    dp->n_handlers_wanted = 1;
    pthread_mutex_init(&dp->upcall_mutex, NULL);
    ofpbuf_uninit(&reply);
    open_local_netdev(dp);
    *dpifp = &dp->dpif;
    return 0;
}

static void
handlers_destroy(struct dpif_netlink *dp)
{
    for (uint32_t i = 0; i < dp->n_handlers; i++) {
        nl_socket_free(dp->handlers[i]);
    }
    free(dp->handlers);
    dp->handlers = NULL;
    dp->n_handlers = 0;
}

static void
dpif_netlink_close(struct dpif *dpif)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    handlers_destroy(dp);
    netdev_close(dp->local_netdev);
    pthread_mutex_destroy(&dp->upcall_mutex);
    /* dpif_uninit(), our caller, frees the names. */
    free(dp);
}

static int
dpif_netlink_destroy(struct dpif *dpif)
{
    struct ofpbuf req;
    request_init(&req, FAM_DP, OVS_DP_CMD_DEL, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    return transact(&req, NULL);
}

static int
dpif_netlink_get_stats(const struct dpif *dpif, struct dpif_dp_stats *s)
{
    struct ofpbuf reply;
    struct reply r;
    int error = dp_get(NULL, dpif_netlink_cast(dpif)->dp_ifindex, &reply);
    if (error) {
        return error;
    }
    memset(s, 0, sizeof *s);
    if (reply_parse(reply.data, &r)) {
        const struct nlattr *a = reply_attr(&r, OVS_DP_ATTR_STATS);
        if (a && nl_attr_get_size(a) >= sizeof(struct ovs_dp_stats)) {
            struct ovs_dp_stats st;
            memcpy(&st, nl_attr_get(a), sizeof st);
            s->n_hit = st.n_hit;
            s->n_missed = st.n_missed;
            s->n_lost = st.n_lost;
            s->n_flows = st.n_flows;
        }
        a = reply_attr(&r, OVS_DP_ATTR_MEGAFLOW_STATS);
        if (a && nl_attr_get_size(a) >= sizeof(struct ovs_dp_megaflow_stats)) {
            struct ovs_dp_megaflow_stats ms;
            memcpy(&ms, nl_attr_get(a), sizeof ms);
            s->n_mask_hit = ms.n_mask_hit;
            s->n_masks = ms.n_masks;
        }
    }
    ofpbuf_uninit(&reply);
    return 0;
}

/* Ports. */

static const char *
vport_type_name(uint32_t type)
{
    switch (type) {
    case OVS_VPORT_TYPE_NETDEV: return "system";
    case OVS_VPORT_TYPE_INTERNAL: return "internal";
    case OVS_VPORT_TYPE_GRE: return "gre";
    case OVS_VPORT_TYPE_VXLAN: return "vxlan";
    case OVS_VPORT_TYPE_GENEVE: return "geneve";
    default: return "unknown";
    }
}

/* Appends a vport's upcall pid list: with per-CPU dispatch (the kernel
 * then ignores it) or a single handler, handler 0's socket; else every
 * handler's socket; 0 (none) while receiving is off. */
static void
put_upcall_pids(struct dpif_netlink *dp, struct ofpbuf *b)
{
    pthread_mutex_lock(&dp->upcall_mutex);
    if (dp->recv_enabled && dp->n_handlers && !dp->per_cpu_dispatch
        && dp->n_handlers > 1) {
        uint32_t *pids = nl_msg_put_unspec_uninit(
            b, OVS_VPORT_ATTR_UPCALL_PID, dp->n_handlers * sizeof *pids);
        for (uint32_t i = 0; i < dp->n_handlers; i++) {
            pids[i] = nl_socket_get_local_port(dp->handlers[i]);
            VLOG_DBG("%s: upcall pid %"PRIu32" for handler %"PRIu32,
                     dpif_base_name(&dp->dpif), pids[i], i);
        }
    } else if (dp->recv_enabled && dp->n_handlers) {
        nl_msg_put_u32(b, OVS_VPORT_ATTR_UPCALL_PID,
                       nl_socket_get_local_port(dp->handlers[0]));
    } else {
        nl_msg_put_u32(b, OVS_VPORT_ATTR_UPCALL_PID, 0);
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
}

/* Turns per-CPU upcall dispatch on (with CPU i's misses going to handler
 * i % n_handlers) while receiving is on, off otherwise.  Linux's
 * openvswitch.ko of this era takes only one pid per vport, so per-CPU
 * dispatch is the way to spread misses over several handlers there; and
 * Open vSwitch's own tools turn it on when they open a datapath, which
 * loses every miss unless the per-CPU pids are already set.  Returns 0
 * or the kernel's errno (an old kernel without per-CPU dispatch). */
static int
set_dispatch(struct dpif_netlink *dp)
{
    struct ofpbuf req;
    uint32_t features = OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS;

    request_init(&req, FAM_DP, OVS_DP_CMD_SET, 0, dp->dp_ifindex);
    pthread_mutex_lock(&dp->upcall_mutex);
    if (dp->recv_enabled && dp->n_handlers) {
        long n_cpus = sysconf(_SC_NPROCESSORS_CONF);
        n_cpus = MAX(n_cpus, 1);
        uint32_t *pids = nl_msg_put_unspec_uninit(
            &req, OVS_DP_ATTR_PER_CPU_PIDS, n_cpus * sizeof *pids);
        for (long i = 0; i < n_cpus; i++) {
            pids[i] = nl_socket_get_local_port(
                dp->handlers[i % dp->n_handlers]);
        }
        features |= OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
    nl_msg_put_u32(&req, OVS_DP_ATTR_USER_FEATURES, features);
    int error = transact(&req, NULL);

    pthread_mutex_lock(&dp->upcall_mutex);
    dp->per_cpu_dispatch = !error && (features
                                      & OVS_DP_F_DISPATCH_UPCALL_PER_CPU);
    pthread_mutex_unlock(&dp->upcall_mutex);
    if (error) {
        VLOG_INFO("%s: no per-CPU upcall dispatch (%s), per-port instead",
                  dpif_base_name(&dp->dpif), ovs_strerror(error));
    }
    return error;
}

static int
vport_from_reply(const struct ofpbuf *msg, struct dpif_port *port)
{
    struct reply r;
    const struct nlattr *no, *type, *name;
    if (!reply_parse(msg->data, &r)
        || !(no = reply_attr(&r, OVS_VPORT_ATTR_PORT_NO))
        || !(type = reply_attr(&r, OVS_VPORT_ATTR_TYPE))
        || !(name = reply_attr(&r, OVS_VPORT_ATTR_NAME))) {
        return EPROTO;
    }
    if (port) {
        port->port_no = nl_attr_get_u32(no);
        port->name = xstrdup(nl_attr_get_string(name));
        port->type = xstrdup(vport_type_name(nl_attr_get_u32(type)));
    }
    return 0;
}

static int
dpif_netlink_port_add(struct dpif *dpif, struct netdev *netdev,
                      odp_port_t *port_nop)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    const char *type = netdev_get_type(netdev);
    uint32_t vtype;

    if (!strcmp(type, "internal")) {
        /* The datapath makes the device; the netdev's own tap would
         * hold the name. */
        vtype = OVS_VPORT_TYPE_INTERNAL;
        netdev_linux_internal_release(netdev);
    } else if (!strcmp(type, "system") || !strcmp(type, "")
               || !strcmp(type, "tap")) {
        vtype = OVS_VPORT_TYPE_NETDEV;
    } else {
        return EOPNOTSUPP;
    }

    struct ofpbuf req, reply;
    request_init(&req, FAM_VPORT, OVS_VPORT_CMD_NEW, 0, dp->dp_ifindex);
    nl_msg_put_string(&req, OVS_VPORT_ATTR_NAME, netdev_get_name(netdev));
    nl_msg_put_u32(&req, OVS_VPORT_ATTR_TYPE, vtype);
    if (*port_nop != ODPP_NONE) {
        nl_msg_put_u32(&req, OVS_VPORT_ATTR_PORT_NO, *port_nop);
    }
    put_upcall_pids(dp, &req);
    int error = transact(&req, &reply);
    if (!error) {
        struct dpif_port port;
        error = vport_from_reply(&reply, &port);
        if (!error) {
            *port_nop = port.port_no;
            dpif_port_destroy(&port);
        }
        ofpbuf_uninit(&reply);
    }
    return error;
}

static int
dpif_netlink_port_del(struct dpif *dpif, odp_port_t port_no)
{
    struct ofpbuf req;
    request_init(&req, FAM_VPORT, OVS_VPORT_CMD_DEL, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    nl_msg_put_u32(&req, OVS_VPORT_ATTR_PORT_NO, port_no);
    return transact(&req, NULL);
}

static int
port_query(const struct dpif *dpif, odp_port_t port_no, const char *name,
           struct dpif_port *port)
{
    struct ofpbuf req, reply;
    request_init(&req, FAM_VPORT, OVS_VPORT_CMD_GET, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    if (name) {
        nl_msg_put_string(&req, OVS_VPORT_ATTR_NAME, name);
    } else {
        nl_msg_put_u32(&req, OVS_VPORT_ATTR_PORT_NO, port_no);
    }
    int error = transact(&req, &reply);
    if (!error) {
        struct reply r;
        /* A lookup by name finds the device in any datapath. */
        if (reply_parse(reply.data, &r)
            && r.dp_ifindex != dpif_netlink_cast(dpif)->dp_ifindex) {
            error = ENODEV;
        } else {
            error = vport_from_reply(&reply, port);
        }
        ofpbuf_uninit(&reply);
    }
    return error == ENOENT ? ENODEV : error;
}

static int
dpif_netlink_port_query_by_number(const struct dpif *dpif,
                                  odp_port_t port_no, struct dpif_port *port)
{
    return port_query(dpif, port_no, NULL, port);
}

static int
dpif_netlink_port_query_by_name(const struct dpif *dpif, const char *name,
                                struct dpif_port *port)
{
    return port_query(dpif, 0, name, port);
}

struct port_dump_state {
    struct ofpbuf *replies;
    size_t n, next;
    struct dpif_port port;
};

static int
dpif_netlink_port_dump_start(const struct dpif *dpif, void **statep)
{
    struct port_dump_state *s = xzalloc(sizeof *s);
    struct ofpbuf req;
    request_init(&req, FAM_VPORT, OVS_VPORT_CMD_GET, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    int error = dump(&req, &s->replies, &s->n);
    *statep = s;
    return error;
}

static int
dpif_netlink_port_dump_next(const struct dpif *dpif OVS_UNUSED, void *state,
                            struct dpif_port *port)
{
    struct port_dump_state *s = state;
    dpif_port_destroy(&s->port);
    memset(&s->port, 0, sizeof s->port);
    while (s->next < s->n) {
        if (!vport_from_reply(&s->replies[s->next++], &s->port)) {
            *port = s->port;
            return 0;
        }
    }
    return EOF;
}

static int
dpif_netlink_port_dump_done(const struct dpif *dpif OVS_UNUSED, void *state)
{
    struct port_dump_state *s = state;
    dpif_port_destroy(&s->port);
    replies_free(s->replies, s->n);
    free(s);
    return 0;
}

/* Flows. */

static void
put_ufid(struct ofpbuf *b, const ovs_u128 *ufid)
{
    nl_msg_put_unspec(b, OVS_FLOW_ATTR_UFID, ufid, sizeof *ufid);
}

static void
stats_from_reply(const struct reply *r, struct dpif_flow_stats *stats)
{
    const struct nlattr *a;
    memset(stats, 0, sizeof *stats);
    a = reply_attr(r, OVS_FLOW_ATTR_STATS);
    if (a && nl_attr_get_size(a) >= sizeof(struct ovs_flow_stats)) {
        struct ovs_flow_stats st;
        memcpy(&st, nl_attr_get(a), sizeof st);
        stats->n_packets = st.n_packets;
        stats->n_bytes = st.n_bytes;
    }
    a = reply_attr(r, OVS_FLOW_ATTR_USED);
    if (a && nl_attr_get_size(a) == 8) {
        stats->used = nl_attr_get_u64(a);
    }
    a = reply_attr(r, OVS_FLOW_ATTR_TCP_FLAGS);
    if (a && nl_attr_get_size(a) == 1) {
        stats->tcp_flags = nl_attr_get_u8(a);
    }
}

/* Fills 'f' from flow message 'msg'; its actions point into 'msg'. */
static int
flow_from_reply(const struct ofpbuf *msg, struct dpif_flow *f)
{
    struct reply r;
    const struct nlattr *key, *mask, *actions, *ufid;
    if (!reply_parse(msg->data, &r)
        || !(key = reply_attr(&r, OVS_FLOW_ATTR_KEY))) {
        return EPROTO;
    }
    mask = reply_attr(&r, OVS_FLOW_ATTR_MASK);
    actions = reply_attr(&r, OVS_FLOW_ATTR_ACTIONS);
    ufid = reply_attr(&r, OVS_FLOW_ATTR_UFID);

    int error = odp_key_to_match_lenient(nl_attr_get(key),
                                         nl_attr_get_size(key),
                                         mask ? nl_attr_get(mask) : NULL,
                                         mask ? nl_attr_get_size(mask) : 0,
                                         &f->match);
    if (error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        VLOG_WARN_RL(&rl, "kernel sent a flow key we cannot parse");
        return error;
    }
    f->actions = actions ? nl_attr_get(actions) : NULL;
    f->actions_len = actions ? nl_attr_get_size(actions) : 0;
    if (ufid && nl_attr_get_size(ufid) == sizeof f->ufid) {
        memcpy(&f->ufid, nl_attr_get(ufid), sizeof f->ufid);
    } else {
        f->ufid = dpif_flow_hash(&f->match);
    }
    stats_from_reply(&r, &f->stats);
    return 0;
}

static int
dpif_netlink_flow_put(struct dpif *dpif, enum dpif_flow_put_flags flags,
                      const struct match *match,
                      const struct nlattr *actions, size_t actions_len,
                      const ovs_u128 *ufid, struct dpif_flow_stats *stats)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    struct ofpbuf req, reply;
    uint8_t cmd = OVS_FLOW_CMD_NEW;
    uint16_t nlflags = NLM_F_ECHO;

    /* NEW creates or (without NLM_F_CREATE/EXCL) replaces; SET only
     * replaces an existing flow. */
    if (!(flags & DPIF_FP_MODIFY)) {
        nlflags |= NLM_F_CREATE | NLM_F_EXCL;
    } else if (!(flags & DPIF_FP_CREATE)) {
        cmd = OVS_FLOW_CMD_SET;
    }
    if (!(flags & (DPIF_FP_CREATE | DPIF_FP_MODIFY))) {
        return EINVAL;
    }

    /* The stats of the flow being replaced, if asked for. */
    struct dpif_flow_stats old;
    memset(&old, 0, sizeof old);
    if (stats && (flags & DPIF_FP_MODIFY)) {
        struct dpif_flow f;
        struct ofpbuf greq, grep;
        request_init(&greq, FAM_FLOW, OVS_FLOW_CMD_GET, 0, dp->dp_ifindex);
        put_ufid(&greq, ufid);
        if (!transact(&greq, &grep)) {
            if (!flow_from_reply(&grep, &f)) {
                old = f.stats;
            }
            ofpbuf_uninit(&grep);
        }
    }

    request_init(&req, FAM_FLOW, cmd, nlflags, dp->dp_ifindex);
    size_t ofs = nl_msg_start_nested(&req, OVS_FLOW_ATTR_KEY);
    size_t mofs;
    struct ofpbuf mask;
    ofpbuf_init(&mask, 0);
    {
        struct ofpbuf key;
        ofpbuf_init(&key, 0);
        odp_key_from_match(match, &key, &mask);
        ofpbuf_put(&req, key.data, key.size);
        ofpbuf_uninit(&key);
    }
    nl_msg_end_nested(&req, ofs);
    mofs = nl_msg_start_nested(&req, OVS_FLOW_ATTR_MASK);
    ofpbuf_put(&req, mask.data, mask.size);
    nl_msg_end_nested(&req, mofs);
    ofpbuf_uninit(&mask);
    nl_msg_put_unspec(&req, OVS_FLOW_ATTR_ACTIONS, actions, actions_len);
    put_ufid(&req, ufid);
    if (flags & DPIF_FP_ZERO_STATS) {
        nl_msg_put_flag(&req, OVS_FLOW_ATTR_CLEAR);
    }

    int error = transact(&req, &reply);
    if (!error) {
        ofpbuf_uninit(&reply);
    } else if (error == EPROTO) {
        error = 0;              /* No echo: nobody listens.  Fine. */
    }
    if (!error && stats) {
        *stats = old;
    }
    return error;
}

static int
dpif_netlink_flow_del(struct dpif *dpif, const ovs_u128 *ufid,
                      struct dpif_flow_stats *stats)
{
    struct ofpbuf req, reply;
    request_init(&req, FAM_FLOW, OVS_FLOW_CMD_DEL, NLM_F_ECHO,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    put_ufid(&req, ufid);
    int error = transact(&req, &reply);
    if (error == EPROTO) {
        if (stats) {
            memset(stats, 0, sizeof *stats);
        }
        return 0;
    }
    if (!error) {
        if (stats) {
            struct reply r;
            memset(stats, 0, sizeof *stats);
            if (reply_parse(reply.data, &r)) {
                stats_from_reply(&r, stats);
            }
        }
        ofpbuf_uninit(&reply);
    }
    return error;
}

static int
dpif_netlink_flow_flush(struct dpif *dpif)
{
    struct ofpbuf req;
    request_init(&req, FAM_FLOW, OVS_FLOW_CMD_DEL, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    return transact(&req, NULL);
}

static int
dpif_netlink_flow_get(struct dpif *dpif, const ovs_u128 *ufid,
                      struct ofpbuf *buf, struct dpif_flow *f)
{
    struct ofpbuf req, reply;
    request_init(&req, FAM_FLOW, OVS_FLOW_CMD_GET, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    put_ufid(&req, ufid);
    int error = transact(&req, &reply);
    if (!error) {
        error = flow_from_reply(&reply, f);
        if (!error) {
            /* Move the actions into the caller's buffer. */
            size_t ofs = buf->size;
            ofpbuf_put(buf, f->actions, f->actions_len);
            f->actions = (const struct nlattr *) ((char *) buf->data + ofs);
        }
        ofpbuf_uninit(&reply);
    }
    return error;
}

struct dpif_netlink_flow_dump {
    struct dpif_flow_dump up;
    struct ofpbuf *replies;
    size_t n, next;
    int error;
};

static struct dpif_flow_dump *
dpif_netlink_flow_dump_create(struct dpif *dpif)
{
    struct dpif_netlink_flow_dump *d = xzalloc(sizeof *d);
    struct ofpbuf req;
    request_init(&req, FAM_FLOW, OVS_FLOW_CMD_GET, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    d->error = dump(&req, &d->replies, &d->n);
    return &d->up;
}

static int
dpif_netlink_flow_dump_next(struct dpif_flow_dump *dump_, struct dpif_flow *f,
                            int max)
{
    struct dpif_netlink_flow_dump *d
        = CONTAINER_OF(dump_, struct dpif_netlink_flow_dump, up);
    int n = 0;
    while (n < max && d->next < d->n) {
        int error = flow_from_reply(&d->replies[d->next++], &f[n]);
        if (!error) {
            n++;
        } else if (!d->error) {
            d->error = error;
        }
    }
    return n;
}

static int
dpif_netlink_flow_dump_destroy(struct dpif_flow_dump *dump_)
{
    struct dpif_netlink_flow_dump *d
        = CONTAINER_OF(dump_, struct dpif_netlink_flow_dump, up);
    int error = d->error;
    replies_free(d->replies, d->n);
    free(d);
    return error;
}

/* Packets. */

static int
dpif_netlink_execute(struct dpif *dpif, struct dpif_execute *ex)
{
    struct dp_packet *p = ex->packet;
    struct flow flow;

    if (ex->flow) {
        flow = *ex->flow;
    } else {
        struct dp_packet *copy = dp_packet_clone(p);
        flow_extract(copy, &flow);
        dp_packet_delete(copy);
    }
    flow.in_port = p->md.in_port;
    flow.recirc_id = p->md.recirc_id;
    flow.dp_hash = p->md.dp_hash;
    flow.skb_priority = p->md.skb_priority;
    flow.pkt_mark = p->md.pkt_mark;

    struct ofpbuf req;
    request_init(&req, FAM_PACKET, OVS_PACKET_CMD_EXECUTE, 0,
                 dpif_netlink_cast(dpif)->dp_ifindex);
    nl_msg_put_unspec(&req, OVS_PACKET_ATTR_PACKET, dp_packet_data(p),
                      dp_packet_size(p));
    size_t ofs = nl_msg_start_nested(&req, OVS_PACKET_ATTR_KEY);
    odp_key_from_flow(&flow, &req);
    nl_msg_end_nested(&req, ofs);
    nl_msg_put_unspec(&req, OVS_PACKET_ATTR_ACTIONS, ex->actions,
                      ex->actions_len);
    if (ex->probe) {
        nl_msg_put_flag(&req, OVS_PACKET_ATTR_PROBE);
    }
    return transact(&req, NULL);
}

/* Upcalls. */

/* Points every port's upcall pids at the current handlers. */
static int
refresh_upcall_pids(struct dpif_netlink *dp)
{
    void *state;
    struct dpif_port port;
    int error = dpif_netlink_port_dump_start(&dp->dpif, &state);
    while (!error && !dpif_netlink_port_dump_next(&dp->dpif, state, &port)) {
        struct ofpbuf req;
        request_init(&req, FAM_VPORT, OVS_VPORT_CMD_SET, 0, dp->dp_ifindex);
        nl_msg_put_u32(&req, OVS_VPORT_ATTR_PORT_NO, port.port_no);
        put_upcall_pids(dp, &req);
        error = transact(&req, NULL);
    }
    dpif_netlink_port_dump_done(&dp->dpif, state);
    return error;
}

static int
handlers_create(struct dpif_netlink *dp, uint32_t n)
{
    dp->handlers = xcalloc(n ? n : 1, sizeof *dp->handlers);
    for (uint32_t i = 0; i < n; i++) {
        struct nl_sock *s = nl_socket_alloc();
        if (!s || nl_connect(s, NETLINK_GENERIC)) {
            nl_socket_free(s);
            handlers_destroy(dp);
            return EAFNOSUPPORT;
        }
        nl_socket_set_nonblocking(s);
        nl_socket_disable_seq_check(s);
        nl_socket_enable_msg_peek(s);
        nl_socket_set_buffer_size(s, 4 * 1024 * 1024, 0);
        dp->handlers[dp->n_handlers++] = s;
    }
    return 0;
}

static int
dpif_netlink_recv_set(struct dpif *dpif, bool enable)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    int error = 0;

    pthread_mutex_lock(&dp->upcall_mutex);
    if (enable == dp->recv_enabled) {
        pthread_mutex_unlock(&dp->upcall_mutex);
        return 0;
    }
    dp->recv_enabled = enable;
    if (enable && !dp->n_handlers) {
        error = handlers_create(dp, dp->n_handlers_wanted);
    } else if (!enable) {
        handlers_destroy(dp);
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
    if (!error) {
        set_dispatch(dp);       /* On failure, per-port pids do. */
    }
    return error ? error : refresh_upcall_pids(dp);
}

static int
dpif_netlink_handlers_set(struct dpif *dpif, uint32_t n_handlers)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    int error = 0;

    pthread_mutex_lock(&dp->upcall_mutex);
    dp->n_handlers_wanted = MAX(n_handlers, 1);
    if (dp->recv_enabled && n_handlers != dp->n_handlers) {
        handlers_destroy(dp);
        error = handlers_create(dp, n_handlers);
    }
    bool enabled = dp->recv_enabled;
    pthread_mutex_unlock(&dp->upcall_mutex);
    if (!error && enabled) {
        set_dispatch(dp);
    }
    return error ? error : refresh_upcall_pids(dp);
}

static int
upcall_parse(const struct nlmsghdr *nlh, struct dpif_upcall *u)
{
    struct reply r;
    const struct nlattr *pkt, *key, *ud;

    if (!reply_parse(nlh, &r)
        || (r.cmd != OVS_PACKET_CMD_MISS && r.cmd != OVS_PACKET_CMD_ACTION)
        || !(pkt = reply_attr(&r, OVS_PACKET_ATTR_PACKET))
        || !(key = reply_attr(&r, OVS_PACKET_ATTR_KEY))) {
        return EPROTO;
    }
    struct flow kflow;
    int error = odp_key_to_flow(nl_attr_get(key), nl_attr_get_size(key),
                                &kflow);
    if (error) {
        return error;
    }
    memset(u, 0, sizeof *u);
    u->type = r.cmd == OVS_PACKET_CMD_MISS ? DPIF_UC_MISS : DPIF_UC_ACTION;
    u->packet = dp_packet_clone_data_with_headroom(nl_attr_get(pkt),
                                                   nl_attr_get_size(pkt),
                                                   64);
    u->packet->md.in_port = kflow.in_port;
    u->packet->md.recirc_id = kflow.recirc_id;
    u->packet->md.dp_hash = kflow.dp_hash;
    u->packet->md.skb_priority = kflow.skb_priority;
    u->packet->md.pkt_mark = kflow.pkt_mark;
    flow_extract(u->packet, &u->flow);
    struct match m;
    match_init_for_packet(&m, &u->flow);
    u->ufid = dpif_flow_hash(&m);

    ud = reply_attr(&r, OVS_PACKET_ATTR_USERDATA);
    if (ud) {
        u->userdata = xmemdup(ud, ud->nla_len);
        u->userdata_len = ud->nla_len;
    }
    return 0;
}

static int
dpif_netlink_recv(struct dpif *dpif, uint32_t handler_id,
                  struct dpif_upcall *upcall)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    int error = EAGAIN;

    pthread_mutex_lock(&dp->upcall_mutex);
    if (handler_id < dp->n_handlers) {
        struct nl_sock *s = dp->handlers[handler_id];
        for (int tries = 0; tries < 50; tries++) {
            struct sockaddr_nl peer;
            unsigned char *buf = NULL;
            int n = nl_recv(s, &peer, &buf, NULL);
            if (n <= 0) {
                free(buf);
                error = n == -NLE_AGAIN || n == 0 ? EAGAIN : ENOBUFS;
                break;
            }
            const struct nlmsghdr *h = (const void *) buf;
            error = (nlmsg_ok(h, n) && h->nlmsg_type == family_ids[FAM_PACKET]
                     ? upcall_parse(h, upcall) : EPROTO);
            free(buf);
            if (!error) {
                COVERAGE_INC(dpif_netlink_upcall);
                break;
            }
        }
        if (error && error != EAGAIN && error != ENOBUFS) {
            error = EAGAIN;
        }
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
    return error == ENOBUFS ? EAGAIN : error;
}

static void
dpif_netlink_recv_wait(struct dpif *dpif, uint32_t handler_id)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    pthread_mutex_lock(&dp->upcall_mutex);
    if (handler_id < dp->n_handlers) {
        poll_fd_wait(nl_socket_get_fd(dp->handlers[handler_id]), POLLIN);
    }
    pthread_mutex_unlock(&dp->upcall_mutex);
}

static void
dpif_netlink_recv_purge(struct dpif *dpif)
{
    struct dpif_netlink *dp = dpif_netlink_cast(dpif);
    for (uint32_t i = 0; ; i++) {
        struct dpif_upcall u;
        uint32_t n;
        pthread_mutex_lock(&dp->upcall_mutex);
        n = dp->n_handlers;
        pthread_mutex_unlock(&dp->upcall_mutex);
        if (i >= n) {
            break;
        }
        while (!dpif_netlink_recv(dpif, i, &u)) {
            dpif_upcall_destroy(&u);
        }
    }
}

const struct dpif_class dpif_netlink_class = {
    .type = "system",
    .enumerate = dpif_netlink_enumerate,
    .open = dpif_netlink_open,
    .close = dpif_netlink_close,
    .destroy = dpif_netlink_destroy,
    .run = NULL,
    .wait = NULL,
    .get_stats = dpif_netlink_get_stats,
    .port_add = dpif_netlink_port_add,
    .port_del = dpif_netlink_port_del,
    .port_query_by_number = dpif_netlink_port_query_by_number,
    .port_query_by_name = dpif_netlink_port_query_by_name,
    .port_dump_start = dpif_netlink_port_dump_start,
    .port_dump_next = dpif_netlink_port_dump_next,
    .port_dump_done = dpif_netlink_port_dump_done,
    .flow_put = dpif_netlink_flow_put,
    .flow_del = dpif_netlink_flow_del,
    .flow_flush = dpif_netlink_flow_flush,
    .flow_get = dpif_netlink_flow_get,
    .flow_dump_create = dpif_netlink_flow_dump_create,
    .flow_dump_next = dpif_netlink_flow_dump_next,
    .flow_dump_destroy = dpif_netlink_flow_dump_destroy,
    .execute = dpif_netlink_execute,
    .recv_set = dpif_netlink_recv_set,
    .handlers_set = dpif_netlink_handlers_set,
    .recv = dpif_netlink_recv,
    .recv_wait = dpif_netlink_recv_wait,
    .recv_purge = dpif_netlink_recv_purge,
};
