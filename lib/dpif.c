/* dpif.c -- the datapath interface over its providers; see dpif.h.
 *
 * This layer picks the provider by type, checks arguments, computes what
 * all providers share (ufids, formatting of statistics), counts calls with
 * coverage counters and logs failures (rate-limited, at debug level for
 * outcomes a caller expects such as ENOENT on a delete or EEXIST on a
 * create).  Everything about packets and flows lives in the providers. */
#include <config.h>
#include "dpif.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "dp-packet.h"
#include "dpif-provider.h"
#include "dynamic-string.h"
#include "hash.h"
#include "netdev.h"
#include "ofp-meter.h"
#include "ofpbuf.h"
#include "sset.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif);

COVERAGE_DEFINE(dpif_open);
COVERAGE_DEFINE(dpif_port_add);
COVERAGE_DEFINE(dpif_port_del);
COVERAGE_DEFINE(dpif_flow_put);
COVERAGE_DEFINE(dpif_flow_del);
COVERAGE_DEFINE(dpif_flow_flush);
COVERAGE_DEFINE(dpif_flow_get);
COVERAGE_DEFINE(dpif_execute);
COVERAGE_DEFINE(dpif_execute_error);
COVERAGE_DEFINE(dpif_flow_put_error);

static struct vlog_rate_limit error_rl = VLOG_RATE_LIMIT_INIT(60, 5);

/* The built-in providers.  The netlink helper adds &dpif_netlink_class
 * here (as "system") once lib/dpif-netlink.c exists. */
static const struct dpif_class *const dpif_classes[] = {
    &dpif_netdev_class,
    &dpif_netlink_class,
};

static const struct dpif_class *
lookup_class(const char *type)
{
    if (!type || !type[0]) {
        type = "system";
    }
    for (size_t i = 0; i < ARRAY_SIZE(dpif_classes); i++) {
        if (!strcmp(dpif_classes[i]->type, type)) {
            return dpif_classes[i];
        }
    }
    return NULL;
}

void
dpif_init(struct dpif *dpif, const struct dpif_class *class,
          const char *name)
{
    dpif->class = class;
    dpif->base_name = xstrdup(name);
    dpif->full_name = xasprintf("%s@%s", class->type, name);
}

void
dpif_uninit(struct dpif *dpif, bool close)
{
    char *base_name = dpif->base_name;
    char *full_name = dpif->full_name;
    if (close) {
        dpif->class->close(dpif);
    }
    free(base_name);
    free(full_name);
}

/* Logs 'error' from 'operation' on 'dpif': at debug level if the caller
 * may expect it ('expected' errno), else as a rate-limited warning. */
static void
log_result(const struct dpif *dpif, const char *operation, int error,
           int expected)
{
    if (!error) {
        VLOG_DBG_RL(&error_rl, "%s: %s success", dpif->full_name, operation);
    } else if (error == expected) {
        VLOG_DBG_RL(&error_rl, "%s: %s failed (%s)", dpif->full_name,
                    operation, ovs_strerror(error));
    } else {
        VLOG_WARN_RL(&error_rl, "%s: %s failed (%s)", dpif->full_name,
                     operation, ovs_strerror(error));
    }
}

void
dpif_enumerate_types(struct sset *types)
{
    for (size_t i = 0; i < ARRAY_SIZE(dpif_classes); i++) {
        sset_add(types, dpif_classes[i]->type);
    }
}

int
dpif_open(const char *name, const char *type, bool create,
          struct dpif **dpifp)
{
    *dpifp = NULL;
    const struct dpif_class *class = lookup_class(type);
    if (!class) {
        VLOG_WARN_RL(&error_rl, "%s: unknown datapath type %s", name,
                     type && type[0] ? type : "system");
        return EAFNOSUPPORT;
    }
    if (!name || !name[0]) {
        return EINVAL;
    }
    COVERAGE_INC(dpif_open);
    int error = class->open(class, name, create, dpifp);
    if (error) {
        *dpifp = NULL;
        if (error != ENODEV || create) {
            VLOG_WARN_RL(&error_rl, "%s@%s: open failed (%s)", class->type,
                         name, ovs_strerror(error));
        }
    }
    return error;
}

void
dpif_close(struct dpif *dpif)
{
    if (dpif) {
        dpif_uninit(dpif, true);
    }
}

int
dpif_delete(struct dpif *dpif)
{
    int error = dpif->class->destroy(dpif);
    log_result(dpif, "delete", error, 0);
    return error;
}

int
dpif_enumerate_names(const char *type, struct sset *names)
{
    const struct dpif_class *class = lookup_class(type);
    if (!class) {
        return EAFNOSUPPORT;
    }
    return class->enumerate ? class->enumerate(names) : 0;
}

const char *
dpif_name(const struct dpif *dpif)
{
    return dpif->base_name;
}

const char *
dpif_type(const struct dpif *dpif)
{
    return dpif->class->type;
}

const char *
dpif_base_name(const struct dpif *dpif)
{
    return dpif->full_name;
}

int
dpif_get_dp_stats(const struct dpif *dpif, struct dpif_dp_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    int error = dpif->class->get_stats(dpif, stats);
    if (error) {
        memset(stats, 0, sizeof *stats);
        log_result(dpif, "get_stats", error, 0);
    }
    return error;
}

bool
dpif_run(struct dpif *dpif)
{
    return dpif->class->run ? dpif->class->run(dpif) : false;
}

void
dpif_wait(struct dpif *dpif)
{
    if (dpif->class->wait) {
        dpif->class->wait(dpif);
    }
}

/* Ports. */

void
dpif_port_clone(struct dpif_port *dst, const struct dpif_port *src)
{
    dst->name = xstrdup(src->name);
    dst->type = xstrdup(src->type);
    dst->port_no = src->port_no;
}

void
dpif_port_destroy(struct dpif_port *port)
{
    if (port) {
        free(port->name);
        free(port->type);
        port->name = port->type = NULL;
    }
}

int
dpif_port_add(struct dpif *dpif, struct netdev *netdev, odp_port_t *port_nop)
{
    odp_port_t port_no = port_nop ? *port_nop : ODPP_NONE;
    COVERAGE_INC(dpif_port_add);
    int error = dpif->class->port_add(dpif, netdev, &port_no);
    if (!error) {
        VLOG_DBG("%s: added %s as port %"PRIu32, dpif->full_name,
                 netdev_get_name(netdev), port_no);
    } else {
        VLOG_WARN_RL(&error_rl, "%s: failed to add %s as port (%s)",
                     dpif->full_name, netdev_get_name(netdev),
                     ovs_strerror(error));
        port_no = ODPP_NONE;
    }
    if (port_nop) {
        *port_nop = port_no;
    }
    return error;
}

int
dpif_port_del(struct dpif *dpif, odp_port_t port_no)
{
    COVERAGE_INC(dpif_port_del);
    int error = dpif->class->port_del(dpif, port_no);
    log_result(dpif, "port_del", error, ENODEV);
    return error;
}

int
dpif_port_query_by_number(const struct dpif *dpif, odp_port_t port_no,
                          struct dpif_port *port)
{
    int error = dpif->class->port_query_by_number(dpif, port_no, port);
    if (error && port) {
        memset(port, 0, sizeof *port);
    }
    return error;
}

int
dpif_port_query_by_name(const struct dpif *dpif, const char *devname,
                        struct dpif_port *port)
{
    int error = dpif->class->port_query_by_name(dpif, devname, port);
    if (error && port) {
        memset(port, 0, sizeof *port);
    }
    return error;
}

void
dpif_port_dump_start(struct dpif_port_dump *dump, const struct dpif *dpif)
{
    dump->dpif = dpif;
    dump->state = NULL;
    dump->error = dpif->class->port_dump_start(dpif, &dump->state);
}

bool
dpif_port_dump_next(struct dpif_port_dump *dump, struct dpif_port *port)
{
    if (dump->error) {
        return false;
    }
    dump->error = dump->dpif->class->port_dump_next(dump->dpif, dump->state,
                                                    port);
    if (dump->error) {
        dump->dpif->class->port_dump_done(dump->dpif, dump->state);
        dump->state = NULL;
        return false;
    }
    return true;
}

int
dpif_port_dump_done(struct dpif_port_dump *dump)
{
    if (dump->state) {
        int error = dump->dpif->class->port_dump_done(dump->dpif,
                                                      dump->state);
        dump->state = NULL;
        if (!dump->error) {
            dump->error = error ? error : EOF;
        }
    }
    return dump->error == EOF ? 0 : dump->error;
}

/* Flows. */

ovs_u128
dpif_flow_hash(const struct match *m)
{
    /* Only masked bits count ('flow' is already masked by the invariant,
     * but do not trust callers to keep it). */
    struct flow masked = m->flow;
    flow_zero_wildcards(&masked, &m->wc);
    uint32_t mask_hash = hash_bytes(&m->wc, sizeof m->wc, 0x6f76736e);
    ovs_u128 ufid;
    for (int i = 0; i < 4; i++) {
        ufid.u32[i] = hash_bytes(&masked, sizeof masked,
                                 mask_hash + i * 0x9e3779b9u);
    }
    return ufid;
}

void
odp_format_ufid(const ovs_u128 *ufid, struct ds *s)
{
    ds_put_format(s, "ufid:%08"PRIx32"-%04"PRIx32"-%04"PRIx32"-%04"PRIx32
                  "-%04"PRIx32"%08"PRIx32,
                  ufid->u32[0], ufid->u32[1] >> 16, ufid->u32[1] & 0xffff,
                  ufid->u32[2] >> 16, ufid->u32[2] & 0xffff, ufid->u32[3]);
}

void
dpif_flow_stats_format(const struct dpif_flow_stats *stats, struct ds *s)
{
    ds_put_format(s, "packets:%"PRIu64", bytes:%"PRIu64", used:",
                  stats->n_packets, stats->n_bytes);
    if (stats->used) {
        long long int age = time_msec() - stats->used;
        ds_put_format(s, "%.3fs", (age > 0 ? age : 0) / 1000.0);
    } else {
        ds_put_cstr(s, "never");
    }
    if (stats->tcp_flags) {
        static const struct { uint16_t bit; char c; } flags[] = {
            { 0x002, 'S' }, { 0x001, 'F' }, { 0x004, 'R' }, { 0x008, 'P' },
            { 0x010, '.' }, { 0x020, 'U' }, { 0x040, 'E' }, { 0x080, 'C' },
        };
        ds_put_cstr(s, ", flags:");
        for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
            if (stats->tcp_flags & flags[i].bit) {
                ds_put_char(s, flags[i].c);
            }
        }
    }
}

int
dpif_flow_put(struct dpif *dpif, enum dpif_flow_put_flags flags,
              const struct match *match,
              const struct nlattr *actions, size_t actions_len,
              const ovs_u128 *ufid, struct dpif_flow_stats *stats)
{
    ovs_u128 hash;
    if (!ufid) {
        hash = dpif_flow_hash(match);
        ufid = &hash;
    }
    if (stats) {
        memset(stats, 0, sizeof *stats);
    }
    if (!(flags & (DPIF_FP_CREATE | DPIF_FP_MODIFY))) {
        return EINVAL;
    }
    COVERAGE_INC(dpif_flow_put);
    int error = dpif->class->flow_put(dpif, flags, match, actions,
                                      actions_len, ufid, stats);
    if (error) {
        COVERAGE_INC(dpif_flow_put_error);
        log_result(dpif, "flow_put", error,
                   flags & DPIF_FP_CREATE ? EEXIST : ENOENT);
    }
    return error;
}

int
dpif_flow_del(struct dpif *dpif, const struct match *match,
              const ovs_u128 *ufid, struct dpif_flow_stats *stats)
{
    ovs_u128 hash;
    if (!ufid) {
        if (!match) {
            return EINVAL;
        }
        hash = dpif_flow_hash(match);
        ufid = &hash;
    }
    if (stats) {
        memset(stats, 0, sizeof *stats);
    }
    COVERAGE_INC(dpif_flow_del);
    int error = dpif->class->flow_del(dpif, ufid, stats);
    log_result(dpif, "flow_del", error, ENOENT);
    return error;
}

int
dpif_flow_flush(struct dpif *dpif)
{
    COVERAGE_INC(dpif_flow_flush);
    int error = dpif->class->flow_flush(dpif);
    log_result(dpif, "flow_flush", error, 0);
    return error;
}

int
dpif_flow_get(struct dpif *dpif, const struct match *match,
              const ovs_u128 *ufid, struct ofpbuf *buf,
              struct dpif_flow *flow)
{
    ovs_u128 hash;
    if (!ufid) {
        if (!match) {
            return EINVAL;
        }
        hash = dpif_flow_hash(match);
        ufid = &hash;
    }
    COVERAGE_INC(dpif_flow_get);
    int error = dpif->class->flow_get(dpif, ufid, buf, flow);
    log_result(dpif, "flow_get", error, ENOENT);
    return error;
}

struct dpif_flow_dump *
dpif_flow_dump_create(struct dpif *dpif)
{
    struct dpif_flow_dump *dump = dpif->class->flow_dump_create(dpif);
    dump->dpif = dpif;
    return dump;
}

int
dpif_flow_dump_next(struct dpif_flow_dump *dump, struct dpif_flow *flows,
                    int max)
{
    return max > 0 ? dump->dpif->class->flow_dump_next(dump, flows, max) : 0;
}

int
dpif_flow_dump_destroy(struct dpif_flow_dump *dump)
{
    struct dpif *dpif = dump->dpif;
    int error = dpif->class->flow_dump_destroy(dump);
    log_result(dpif, "flow_dump", error, 0);
    return error;
}

int
dpif_execute(struct dpif *dpif, struct dpif_execute *execute)
{
    if (!execute->packet) {
        return EINVAL;
    }
    COVERAGE_INC(dpif_execute);
    int error = dpif->class->execute(dpif, execute);
    if (error) {
        COVERAGE_INC(dpif_execute_error);
        if (!execute->probe) {
            log_result(dpif, "execute", error, 0);
        }
    }
    return error;
}

/* Meters. */

void
dpif_meter_get_features(const struct dpif *dpif,
                        struct ofp_meter_features *features)
{
    memset(features, 0, sizeof *features);
    if (dpif->class->meter_get_features) {
        dpif->class->meter_get_features(dpif, features);
    }
}

int
dpif_meter_set(struct dpif *dpif, uint32_t meter_id,
               const struct ofp_meter_config *config)
{
    int error = (dpif->class->meter_set
                 ? dpif->class->meter_set(dpif, meter_id, config)
                 : EOPNOTSUPP);
    if (error) {
        log_result(dpif, "meter_set", error, ENOSPC);
    }
    return error;
}

int
dpif_meter_get(const struct dpif *dpif, uint32_t meter_id,
               struct ofp_meter_stats *stats)
{
    return (dpif->class->meter_get
            ? dpif->class->meter_get(dpif, meter_id, stats)
            : EOPNOTSUPP);
}

int
dpif_meter_del(struct dpif *dpif, uint32_t meter_id)
{
    return (dpif->class->meter_del
            ? dpif->class->meter_del(dpif, meter_id)
            : EOPNOTSUPP);
}

/* Upcalls. */

void
dpif_upcall_destroy(struct dpif_upcall *upcall)
{
    if (upcall) {
        dp_packet_delete(upcall->packet);
        free(upcall->userdata);
        upcall->packet = NULL;
        upcall->userdata = NULL;
        upcall->userdata_len = 0;
    }
}

int
dpif_recv_set(struct dpif *dpif, bool enable)
{
    int error = dpif->class->recv_set(dpif, enable);
    log_result(dpif, "recv_set", error, 0);
    return error;
}

int
dpif_handlers_set(struct dpif *dpif, uint32_t n_handlers)
{
    if (!n_handlers) {
        return EINVAL;
    }
    int error = dpif->class->handlers_set(dpif, n_handlers);
    log_result(dpif, "handlers_set", error, 0);
    return error;
}

int
dpif_recv(struct dpif *dpif, uint32_t handler_id, struct dpif_upcall *upcall)
{
    int error = dpif->class->recv(dpif, handler_id, upcall);
    if (error && error != EAGAIN) {
        log_result(dpif, "recv", error, 0);
    }
    return error;
}

void
dpif_recv_wait(struct dpif *dpif, uint32_t handler_id)
{
    dpif->class->recv_wait(dpif, handler_id);
}

void
dpif_recv_purge(struct dpif *dpif)
{
    dpif->class->recv_purge(dpif);
}

const char *
dpif_strerror(int error)
{
    return ovs_strerror(error);
}
