/* jsonrpc-server.c -- the OVSDB protocol over JSON-RPC sessions (see
 * jsonrpc-server.h).
 *
 * Objects and who owns whom:
 *
 *   server --> remotes (by target) --> sessions --> monitors
 *          |                                    \-> triggers (parked
 *          |                                        "transact"s)
 *          |                                    \-> lock waiters
 *          \-> databases (struct js_db, one per served database)
 *          \-> locks (by name) --> waiters, in queue order
 *
 * Each monitor is also on its database's list, so that a commit visits the
 * monitors of that database only, not every session.  Each waiter is on
 * its lock's queue (the first one owns the lock) and in its session's
 * table.
 *
 * A passive remote has its own listener and any number of sessions, each
 * wrapping one accepted connection (jsonrpc_session_open_unreliably()), so
 * the session layer still answers echo requests and sends inactivity
 * probes.  An active remote has exactly one session that reconnects by
 * itself; when its sequence number changes the session's state (monitors,
 * locks, triggers) is dropped, since the peer is a new connection.
 *
 * Every session is corked while ovsdb_jsonrpc_server_run() runs: what it
 * sends (replies, and the monitor updates that commits cause in any
 * session) is queued and written once, at the end, so that a client whose
 * transaction also updates its own monitor gets the update and the reply
 * in one write and wakes once.  Commits reach the log before their reply
 * is even made, so this delays nothing that must wait for the disk.  What
 * the socket does not take then is flushed by jsonrpc_session_run().
 */
#include "jsonrpc-server.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "dynamic-string.h"
#include "hash.h"
#include "json.h"
#include "jsonrpc.h"
#include "ovsdb-convert.h"
#include "list.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-execute.h"
#include "ovsdb-monitor.h"
#include "ovsdb-schema.h"
#include "ovsdb-txn.h"
#include "poll-loop.h"
#include "server-db.h"
#include "shash.h"
#include "smap.h"
#include "sset.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_jsonrpc_server);

COVERAGE_DEFINE(jsonrpc_server_request);
COVERAGE_DEFINE(jsonrpc_server_accept);
COVERAGE_DEFINE(jsonrpc_server_update);
COVERAGE_DEFINE(jsonrpc_server_trigger);
COVERAGE_DEFINE(jsonrpc_server_convert);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

/* Requests handled per session per main-loop iteration, so that one busy
 * client cannot starve the others. */
#define MAX_REQUESTS_PER_RUN 50

/* A passive remote that cannot listen tries again this often. */
#define LISTEN_RETRY_MSEC 5000

struct ovsdb_jsonrpc_server {
    struct shash dbs;           /* Name -> struct js_db. */
    struct shash remotes;       /* Target -> struct js_remote. */
    struct shash locks;         /* Name -> struct js_lock. */
    size_t n_sessions;
    size_t n_monitors;
    size_t n_triggers;
    unsigned int seqno;         /* See ovsdb_jsonrpc_server_get_seqno(). */
    ovsdb_jsonrpc_convert_cb *convert_cb;
    void *convert_aux;
};

struct js_db {
    struct ovsdb_jsonrpc_server *server;
    struct server_db *sdb;
    bool is_read_only;
    struct ovs_list monitors;   /* struct js_monitor's db_node. */
    struct json *schema_json;   /* For get_schema, built on first use: a
                                 * served database's schema never changes,
                                 * and every short-lived client asks. */
};

struct js_remote {
    struct ovsdb_jsonrpc_server *server;
    char *target;
    struct ovsdb_jsonrpc_options options;
    bool is_passive;
    struct pstream *listener;   /* Passive, when listening. */
    long long int listen_retry_at;
    int listen_error;
    struct ovs_list sessions;   /* struct js_session's node. */
    long long int last_disconnect;  /* LLONG_MIN if never. */
};

struct js_session {
    struct ovs_list node;       /* In remote->sessions. */
    struct js_remote *remote;
    struct jsonrpc_session *js;
    unsigned int seqno;
    long long int connected_at; /* LLONG_MIN if never connected. */
    struct hmap monitors;       /* struct js_monitor by hash of id. */
    struct ovs_list triggers;   /* struct js_trigger, in arrival order. */
    struct shash waiters;       /* Lock name -> struct js_waiter. */
    struct sset locks_lost;     /* Locks stolen from this session. */
    bool db_change_aware;
    bool must_disconnect;       /* Dropped at the next run. */
};

struct js_monitor {
    struct hmap_node node;      /* In session->monitors. */
    struct ovs_list db_node;    /* In db->monitors. */
    struct js_session *session;
    struct js_db *db;
    struct json *id;
    enum ovsdb_monitor_version version;
    struct ovsdb_monitor *mon;
};

struct js_trigger {
    struct ovs_list node;       /* In session->triggers. */
    struct js_db *db;
    struct jsonrpc_msg *request;
    long long int started;
    long long int retry_at;
    unsigned int change_seqno;  /* Database's seqno at the last try. */
};

struct js_lock {
    char *name;
    struct ovs_list waiters;    /* struct js_waiter; the first owns it. */
};

struct js_waiter {
    struct ovs_list lock_node;  /* In lock->waiters. */
    struct js_lock *lock;
    struct js_session *session;
};

static void js_session_destroy(struct js_session *);
static void js_session_reset(struct js_session *);
static void js_monitor_destroy(struct js_monitor *);
static void js_trigger_destroy(struct js_session *, struct js_trigger *);
static bool js_trigger_try(struct js_session *, struct js_trigger *);
static void js_db_commit_hook(struct server_db *, const struct ovsdb_txn *,
                              const struct uuid *txn_id, void *aux);

/* Server. */

struct ovsdb_jsonrpc_server *
ovsdb_jsonrpc_server_create(void)
{
    struct ovsdb_jsonrpc_server *server = xzalloc(sizeof *server);
    shash_init(&server->dbs);
    shash_init(&server->remotes);
    shash_init(&server->locks);
    return server;
}

static void js_remote_destroy(struct js_remote *);

void
ovsdb_jsonrpc_server_destroy(struct ovsdb_jsonrpc_server *server)
{
    if (!server) {
        return;
    }
    struct shash_node *node, *next;
    SHASH_FOR_EACH_SAFE (node, next, &server->remotes) {
        js_remote_destroy(node->data);
    }
    /* No sessions are left to tell about the databases going away. */
    SHASH_FOR_EACH_SAFE (node, next, &server->dbs) {
        struct js_db *db = node->data;
        ovsdb_jsonrpc_server_remove_db(server, db->sdb);
    }
    shash_destroy(&server->remotes);
    shash_destroy(&server->dbs);
    ovs_assert(shash_is_empty(&server->locks));
    shash_destroy(&server->locks);
    free(server);
}

bool
ovsdb_jsonrpc_server_add_db(struct ovsdb_jsonrpc_server *server,
                            struct server_db *sdb, bool is_read_only)
{
    if (shash_find(&server->dbs, sdb->name)) {
        return false;
    }
    struct js_db *db = xzalloc(sizeof *db);
    db->server = server;
    db->sdb = sdb;
    db->is_read_only = is_read_only;
    ovs_list_init(&db->monitors);
    shash_add(&server->dbs, sdb->name, db);
    server_db_set_commit_hook(sdb, js_db_commit_hook, db);
    return true;
}

static struct js_db *
js_db_find(const struct ovsdb_jsonrpc_server *server, const char *name)
{
    return shash_find_data(&server->dbs, name);
}

/* Fails the parked transactions on DB in every session. */
static void
js_db_fail_triggers(struct ovsdb_jsonrpc_server *server, struct js_db *db)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->remotes) {
        struct js_remote *remote = node->data;
        struct js_session *s;
        LIST_FOR_EACH (s, node, &remote->sessions) {
            struct js_trigger *t, *next;
            LIST_FOR_EACH_SAFE (t, next, node, &s->triggers) {
                if (t->db == db) {
                    jsonrpc_session_send(s->js, jsonrpc_create_error(
                                             json_string_create("canceled"),
                                             t->request->id));
                    js_trigger_destroy(s, t);
                }
            }
        }
    }
}

void
ovsdb_jsonrpc_server_remove_db(struct ovsdb_jsonrpc_server *server,
                               struct server_db *sdb)
{
    struct js_db *db = js_db_find(server, sdb->name);
    if (!db || db->sdb != sdb) {
        return;
    }

    struct js_monitor *m, *next;
    LIST_FOR_EACH_SAFE (m, next, db_node, &db->monitors) {
        struct js_session *s = m->session;
        if (s->db_change_aware) {
            jsonrpc_session_send(s->js, jsonrpc_create_notify(
                                     "monitor_canceled",
                                     json_array_create_1(
                                         json_clone(m->id))));
        } else {
            s->must_disconnect = true;
        }
        js_monitor_destroy(m);
    }
    js_db_fail_triggers(server, db);
    server_db_set_commit_hook(sdb, NULL, NULL);
    shash_find_and_delete(&server->dbs, sdb->name);
    json_destroy(db->schema_json);
    free(db);
}

void
ovsdb_jsonrpc_server_set_convert_cb(struct ovsdb_jsonrpc_server *server,
                                    ovsdb_jsonrpc_convert_cb *cb, void *aux)
{
    server->convert_cb = cb;
    server->convert_aux = aux;
}

/* Remotes. */

static void
js_remote_apply_options(struct js_remote *remote, struct js_session *s)
{
    const struct ovsdb_jsonrpc_options *o = &remote->options;
    if (o->probe_interval >= 0) {
        jsonrpc_session_set_probe_interval(s->js, o->probe_interval);
    }
    if (o->max_backoff >= 0) {
        jsonrpc_session_set_max_backoff(s->js, o->max_backoff);
    }
}

static struct js_session *
js_session_create(struct js_remote *remote, struct jsonrpc_session *js)
{
    struct js_session *s = xzalloc(sizeof *s);
    s->remote = remote;
    s->js = js;
    s->seqno = jsonrpc_session_get_seqno(js);
    s->connected_at = (jsonrpc_session_is_connected(js)
                       ? time_msec() : LLONG_MIN);
    hmap_init(&s->monitors);
    ovs_list_init(&s->triggers);
    shash_init(&s->waiters);
    sset_init(&s->locks_lost);
    ovs_list_push_back(&remote->sessions, &s->node);
    remote->server->n_sessions++;
    remote->server->seqno++;
    js_remote_apply_options(remote, s);
    return s;
}

static void
js_remote_listen(struct js_remote *remote)
{
    uint8_t dscp = remote->options.dscp >= 0 ? remote->options.dscp : 0;
    int error = pstream_open_with_default_port(remote->target, 6640,
                                               &remote->listener, dscp);
    if (error) {
        remote->listener = NULL;
        if (error != remote->listen_error) {
            VLOG_ERR("%s: listen failed: %s", remote->target,
                     ovs_strerror(error));
        }
        remote->listen_error = error;
        remote->server->seqno++;
        remote->listen_retry_at = time_msec() + LISTEN_RETRY_MSEC;
        return;
    }
    remote->listen_error = 0;
    remote->server->seqno++;
    int port = pstream_get_bound_port(remote->listener);
    if (port > 0) {
        VLOG_INFO("%s: listening on port %d", remote->target, port);
    }
}

static struct js_remote *
js_remote_create(struct ovsdb_jsonrpc_server *server, const char *target,
                 const struct ovsdb_jsonrpc_options *options)
{
    struct js_remote *remote = xzalloc(sizeof *remote);
    remote->server = server;
    remote->target = xstrdup(target);
    remote->options = *options;
    /* Passive names are the active ones with a "p" in front ("ptcp:",
     * "punix:", "pssl:"); asking the stream layer would log a warning for
     * every name of the other kind. */
    remote->is_passive = (!strncmp(target, "ptcp:", 5)
                          || !strncmp(target, "punix:", 6)
                          || !strncmp(target, "pssl:", 5));
    remote->last_disconnect = LLONG_MIN;
    ovs_list_init(&remote->sessions);
    shash_add(&server->remotes, target, remote);

    if (remote->is_passive) {
        js_remote_listen(remote);
    } else {
        struct jsonrpc_session *js = jsonrpc_session_open(target, true);
        js_session_create(remote, js);
    }
    return remote;
}

static void
js_remote_destroy(struct js_remote *remote)
{
    struct js_session *s, *next;
    LIST_FOR_EACH_SAFE (s, next, node, &remote->sessions) {
        js_session_destroy(s);
    }
    pstream_close(remote->listener);
    shash_find_and_delete(&remote->server->remotes, remote->target);
    free(remote->target);
    free(remote);
}

void
ovsdb_jsonrpc_server_set_remotes(struct ovsdb_jsonrpc_server *server,
                                 const struct shash *remotes)
{
    struct shash_node *node, *next;
    SHASH_FOR_EACH_SAFE (node, next, &server->remotes) {
        struct js_remote *remote = node->data;
        const struct ovsdb_jsonrpc_options *options
            = shash_find_data(remotes, node->name);
        if (!options || (options->dscp != remote->options.dscp
                         && remote->is_passive)) {
            /* A new DSCP for a listener needs a new socket. */
            js_remote_destroy(remote);
        } else if (memcmp(options, &remote->options, sizeof *options)) {
            remote->options = *options;
            struct js_session *s;
            LIST_FOR_EACH (s, node, &remote->sessions) {
                js_remote_apply_options(remote, s);
            }
        }
    }
    SHASH_FOR_EACH (node, remotes) {
        if (!shash_find(&server->remotes, node->name)) {
            js_remote_create(server, node->name, node->data);
        }
    }
}

void
ovsdb_jsonrpc_server_reconnect(struct ovsdb_jsonrpc_server *server)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->remotes) {
        struct js_remote *remote = node->data;
        struct js_session *s, *next;
        LIST_FOR_EACH_SAFE (s, next, node, &remote->sessions) {
            if (remote->is_passive) {
                js_session_destroy(s);
            } else {
                jsonrpc_session_force_reconnect(s->js);
                js_session_reset(s);
            }
        }
    }
}

int
ovsdb_jsonrpc_server_get_bound_port(const struct ovsdb_jsonrpc_server *server,
                                    const char *target)
{
    const struct js_remote *remote = shash_find_data(&server->remotes,
                                                     target);
    if (remote && remote->listener) {
        int port = pstream_get_bound_port(remote->listener);
        return port > 0 ? port : -1;
    }
    return -1;
}

/* Appends the names of S's locks that satisfy the filter to a
 * space-separated string, or returns NULL if there are none. */
static char *
js_session_locks(const struct js_session *s, bool owned)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    const struct shash_node **nodes = shash_sort(&s->waiters);
    for (size_t i = 0; i < shash_count(&s->waiters); i++) {
        const struct js_waiter *w = nodes[i]->data;
        bool is_owner = ovs_list_front(&w->lock->waiters) == &w->lock_node;
        if (is_owner == owned) {
            if (ds.length) {
                ds_put_char(&ds, ' ');
            }
            ds_put_cstr(&ds, nodes[i]->name);
        }
    }
    free(nodes);
    if (!ds.length) {
        ds_destroy(&ds);
        return NULL;
    }
    return ds_steal_cstr(&ds);
}

static unsigned int
secs_since(long long int when, long long int now)
{
    return (when == LLONG_MIN ? UINT_MAX
            : (unsigned int) MIN((now - when) / 1000, UINT_MAX - 1));
}

bool
ovsdb_jsonrpc_server_get_remote_status(
    const struct ovsdb_jsonrpc_server *server, const char *target,
    struct ovsdb_remote_status *status,
    struct ovsdb_jsonrpc_status_buf *buf)
{
    memset(status, 0, sizeof *status);
    memset(buf, 0, sizeof *buf);
    const struct js_remote *remote = shash_find_data(&server->remotes,
                                                     target);
    if (!remote) {
        return false;
    }

    long long int now = time_msec();
    status->sec_since_connect = UINT_MAX;
    status->sec_since_disconnect = secs_since(remote->last_disconnect, now);
    status->bound_port = ovsdb_jsonrpc_server_get_bound_port(server, target);
    status->n_connections = remote->is_passive
                            ? ovs_list_size(&remote->sessions) : 0;
    if (remote->listen_error) {
        buf->last_error = xstrdup(ovs_strerror(remote->listen_error));
        status->last_error = buf->last_error;
    }

    if (!ovs_list_is_empty(&remote->sessions)) {
        const struct js_session *s
            = CONTAINER_OF(ovs_list_front(&remote->sessions),
                           struct js_session, node);
        status->is_connected = jsonrpc_session_is_connected(s->js);
        status->state = jsonrpc_session_get_state(s->js);
        status->sec_since_connect = secs_since(s->connected_at, now);
        int error = jsonrpc_session_get_last_error(s->js);
        if (error && !buf->last_error) {
            buf->last_error = xstrdup(ovs_retval_to_string(error));
            status->last_error = buf->last_error;
        }
        buf->locks_held = js_session_locks(s, true);
        buf->locks_waiting = js_session_locks(s, false);
        if (!sset_is_empty(&s->locks_lost)) {
            struct ds ds = DS_EMPTY_INITIALIZER;
            const char **names = sset_sort(&s->locks_lost);
            for (size_t i = 0; i < sset_count(&s->locks_lost); i++) {
                ds_put_format(&ds, "%s%s", i ? " " : "", names[i]);
            }
            free(names);
            buf->locks_lost = ds_steal_cstr(&ds);
        }
        status->locks_held = buf->locks_held;
        status->locks_waiting = buf->locks_waiting;
        status->locks_lost = buf->locks_lost;
    }
    return true;
}

void
ovsdb_jsonrpc_status_buf_destroy(struct ovsdb_jsonrpc_status_buf *buf)
{
    free(buf->last_error);
    free(buf->locks_held);
    free(buf->locks_waiting);
    free(buf->locks_lost);
}

unsigned int
ovsdb_jsonrpc_server_get_seqno(const struct ovsdb_jsonrpc_server *server)
{
    return server->seqno;
}

void
ovsdb_jsonrpc_server_get_memory_usage(
    const struct ovsdb_jsonrpc_server *server, struct smap *usage)
{
    smap_add_format(usage, "sessions", "%zu", server->n_sessions);
    smap_add_format(usage, "monitors", "%zu", server->n_monitors);
    smap_add_format(usage, "triggers", "%zu", server->n_triggers);
    smap_add_format(usage, "locks", "%zu", shash_count(&server->locks));
}

/* Locks. */

static bool
js_waiter_is_owner(const struct js_waiter *w)
{
    return ovs_list_front(&w->lock->waiters) == &w->lock_node;
}

static void
js_send_lock_notify(struct js_session *s, const char *method,
                    const char *lock_name)
{
    jsonrpc_session_send(s->js, jsonrpc_create_notify(
                             method, json_array_create_1(
                                 json_string_create(lock_name))));
}

/* Removes waiter W; if it owned its lock, the next waiter becomes the owner
 * and is told so. */
static void
js_waiter_destroy(struct js_waiter *w)
{
    struct js_lock *lock = w->lock;
    struct js_session *s = w->session;
    bool was_owner = js_waiter_is_owner(w);

    ovs_list_remove(&w->lock_node);
    shash_find_and_delete(&s->waiters, lock->name);
    s->remote->server->seqno++;
    free(w);

    if (ovs_list_is_empty(&lock->waiters)) {
        shash_find_and_delete(&s->remote->server->locks, lock->name);
        free(lock->name);
        free(lock);
    } else if (was_owner) {
        struct js_waiter *owner = CONTAINER_OF(
            ovs_list_front(&lock->waiters), struct js_waiter, lock_node);
        js_send_lock_notify(owner->session, "locked", lock->name);
    }
}

static bool
js_session_is_lock_owner(const char *lock_name, void *s_)
{
    struct js_session *s = s_;
    const struct js_waiter *w = shash_find_data(&s->waiters, lock_name);
    return w && js_waiter_is_owner(w);
}

static struct jsonrpc_msg *
syntax_error_reply(const struct jsonrpc_msg *request, const struct json *json,
                   const char *details)
{
    struct ovsdb_error *error = ovsdb_syntax_error(json, NULL, "%s", details);
    struct jsonrpc_msg *reply = jsonrpc_create_error(
        ovsdb_error_to_json(error), request->id);
    ovsdb_error_destroy(error);
    return reply;
}

static struct jsonrpc_msg *
ovsdb_error_reply(const struct jsonrpc_msg *request,
                  struct ovsdb_error *error)
{
    struct jsonrpc_msg *reply = jsonrpc_create_error(
        ovsdb_error_to_json(error), request->id);
    ovsdb_error_destroy(error);
    return reply;
}

static const char *
lock_name_param(const struct jsonrpc_msg *request)
{
    const struct json *params = request->params;
    if (params->type == JSON_ARRAY && json_array(params)->n == 1
        && json_array(params)->elems[0]->type == JSON_STRING) {
        return json_string(json_array(params)->elems[0]);
    }
    return NULL;
}

static struct jsonrpc_msg *
js_handle_lock(struct js_session *s, const struct jsonrpc_msg *request,
               bool steal)
{
    const char *method = request->method;
    const char *name = lock_name_param(request);
    if (!name) {
        char *details = xasprintf("%s request params must be <id>", method);
        struct jsonrpc_msg *reply = syntax_error_reply(request,
                                                       request->params,
                                                       details);
        free(details);
        return reply;
    }
    if (shash_find(&s->waiters, name)) {
        char *details = xasprintf("must issue \"unlock\" before new \"%s\"",
                                  method);
        struct jsonrpc_msg *reply = syntax_error_reply(request,
                                                       request->params,
                                                       details);
        free(details);
        return reply;
    }

    struct ovsdb_jsonrpc_server *server = s->remote->server;
    struct js_lock *lock = shash_find_data(&server->locks, name);
    if (!lock) {
        lock = xzalloc(sizeof *lock);
        lock->name = xstrdup(name);
        ovs_list_init(&lock->waiters);
        shash_add(&server->locks, name, lock);
    }

    server->seqno++;
    struct js_waiter *w = xzalloc(sizeof *w);
    w->lock = lock;
    w->session = s;
    shash_add(&s->waiters, name, w);
    sset_find_and_delete(&s->locks_lost, name);
    if (steal && !ovs_list_is_empty(&lock->waiters)) {
        struct js_waiter *victim = CONTAINER_OF(
            ovs_list_front(&lock->waiters), struct js_waiter, lock_node);
        ovs_list_push_front(&lock->waiters, &w->lock_node);
        sset_add(&victim->session->locks_lost, name);
        js_send_lock_notify(victim->session, "stolen", name);
    } else {
        ovs_list_push_back(&lock->waiters, &w->lock_node);
    }

    struct json *result = json_object_create();
    json_object_put(result, "locked",
                    json_boolean_create(js_waiter_is_owner(w)));
    return jsonrpc_create_reply(result, request->id);
}

static struct jsonrpc_msg *
js_handle_unlock(struct js_session *s, const struct jsonrpc_msg *request)
{
    const char *name = lock_name_param(request);
    if (!name) {
        return syntax_error_reply(request, request->params,
                                  "unlock request params must be <id>");
    }
    struct js_waiter *w = shash_find_data(&s->waiters, name);
    if (!w) {
        return syntax_error_reply(
            request, request->params,
            "unlock: \"unlock\" without \"lock\" or \"steal\"");
    }
    js_waiter_destroy(w);
    sset_find_and_delete(&s->locks_lost, name);
    return jsonrpc_create_reply(json_object_create(), request->id);
}

/* Monitors. */

static struct js_monitor *
js_monitor_find(const struct js_session *s, const struct json *id)
{
    struct js_monitor *m;
    HMAP_FOR_EACH_WITH_HASH (m, node, json_hash(id, 0), &s->monitors) {
        if (json_equal(m->id, id)) {
            return m;
        }
    }
    return NULL;
}

static void
js_monitor_destroy(struct js_monitor *m)
{
    hmap_remove(&m->session->monitors, &m->node);
    ovs_list_remove(&m->db_node);
    m->session->remote->server->n_monitors--;
    ovsdb_monitor_destroy(m->mon);
    json_destroy(m->id);
    free(m);
}

static void
js_monitor_send_update(struct js_monitor *m, struct json *update,
                       const struct uuid *txn_id)
{
    struct json *params;

    COVERAGE_INC(jsonrpc_server_update);
    switch (m->version) {
    case OVSDB_MONITOR_V1:
        params = json_array_create_2(json_clone(m->id), update);
        break;
    case OVSDB_MONITOR_V2:
        params = json_array_create_2(json_clone(m->id), update);
        break;
    case OVSDB_MONITOR_V3:
    default: {
        char id[UUID_LEN + 1];
        uuid_to_string(txn_id, id);
        params = json_array_create_3(json_clone(m->id),
                                     json_string_create(id), update);
        break;
    }
    }
    static const char *const methods[] = { "update", "update2", "update3" };
    jsonrpc_session_send(m->session->js,
                         jsonrpc_create_notify(methods[m->version], params));
}

static void
js_db_commit_hook(struct server_db *sdb OVS_UNUSED,
                  const struct ovsdb_txn *txn, const struct uuid *txn_id,
                  void *db_)
{
    struct js_db *db = db_;
    struct js_monitor *m;

    LIST_FOR_EACH (m, db_node, &db->monitors) {
        struct json *update = ovsdb_monitor_get_update(m->mon, txn);
        if (update) {
            js_monitor_send_update(m, update, txn_id);
        }
    }
    if (db->server->n_triggers) {
        /* Parked "wait"s may now succeed; they are retried in run. */
        poll_immediate_wake();
    }
}

static struct jsonrpc_msg *
js_handle_monitor(struct js_session *s, const struct jsonrpc_msg *request,
                  enum ovsdb_monitor_version version)
{
    const struct json *params = request->params;
    size_t n_params = version == OVSDB_MONITOR_V3 ? 4 : 3;
    struct json_array *a = json_array(params);

    if (a->n != n_params) {
        return syntax_error_reply(request, params, "invalid parameters");
    }
    if (a->elems[0]->type != JSON_STRING) {
        char *details = xasprintf("%s request params must begin with "
                                  "<db-name>", request->method);
        struct jsonrpc_msg *reply = syntax_error_reply(request, params,
                                                       details);
        free(details);
        return reply;
    }
    const char *db_name = json_string(a->elems[0]);
    struct js_db *db = js_db_find(s->remote->server, db_name);
    if (!db) {
        return ovsdb_error_reply(request, ovsdb_syntax_error(
                                     params, "unknown database",
                                     "%s request specifies unknown "
                                     "database %s", request->method,
                                     db_name));
    }

    const struct json *id = a->elems[1];
    if (js_monitor_find(s, id)) {
        return syntax_error_reply(request, id, "duplicate monitor ID");
    }

    struct uuid since;
    if (version == OVSDB_MONITOR_V3) {
        const struct json *last = a->elems[3];
        if (last->type != JSON_STRING
            || !uuid_from_string(&since, json_string(last))) {
            return syntax_error_reply(request, last,
                                      "last-txn-id must be UUID format.");
        }
    }

    struct ovsdb_monitor *mon;
    struct ovsdb_error *error = ovsdb_monitor_create(db->sdb->db, version,
                                                     a->elems[2], &mon);
    if (error) {
        return ovsdb_error_reply(request, error);
    }

    struct js_monitor *m = xzalloc(sizeof *m);
    m->session = s;
    m->db = db;
    m->id = json_clone(id);
    m->version = version;
    m->mon = mon;
    hmap_insert(&s->monitors, &m->node, json_hash(id, 0));
    ovs_list_push_back(&db->monitors, &m->db_node);
    s->remote->server->n_monitors++;

    struct json *result;
    if (version != OVSDB_MONITOR_V3) {
        result = ovsdb_monitor_get_initial(mon);
    } else {
        struct json *update = NULL;
        const struct ovsdb_history *h = db->sdb->history;
        bool found = (!uuid_is_zero(&since)
                      && ovsdb_monitor_get_update_since(mon, h, &since,
                                                        &update));
        if (!found) {
            update = ovsdb_monitor_get_initial(mon);
        } else if (!update) {
            update = json_object_create();
        }
        char last[UUID_LEN + 1];
        uuid_to_string(ovsdb_history_last_id(h), last);
        result = json_array_create_3(json_boolean_create(found),
                                     json_string_create(last), update);
    }
    return jsonrpc_create_reply(result, request->id);
}

static void
js_handle_monitor_cond_change(struct js_session *s,
                              const struct jsonrpc_msg *request)
{
    const struct json *params = request->params;
    struct json_array *a = json_array(params);
    struct jsonrpc_msg *reply;

    if (a->n != 3) {
        reply = syntax_error_reply(request, params, "invalid parameters");
        goto out;
    }
    struct js_monitor *m = js_monitor_find(s, a->elems[0]);
    if (!m) {
        reply = syntax_error_reply(request, a->elems[0],
                                   "unknown monitor session");
        goto out;
    }
    if (m->version == OVSDB_MONITOR_V1) {
        reply = syntax_error_reply(request, a->elems[0],
                                   "monitor_cond_change not supported "
                                   "for this monitor");
        goto out;
    }
    const struct json *new_id = a->elems[1];
    if (!json_equal(new_id, m->id) && js_monitor_find(s, new_id)) {
        reply = syntax_error_reply(request, new_id, "duplicate monitor ID");
        goto out;
    }

    struct json *update;
    struct ovsdb_error *error = ovsdb_monitor_cond_change(m->mon,
                                                          a->elems[2],
                                                          &update);
    if (error) {
        reply = ovsdb_error_reply(request, error);
        goto out;
    }
    if (!json_equal(new_id, m->id)) {
        hmap_remove(&s->monitors, &m->node);
        json_destroy(m->id);
        m->id = json_clone(new_id);
        hmap_insert(&s->monitors, &m->node, json_hash(new_id, 0));
    }
    /* The rows the new condition adds or removes go out before the reply,
     * as ovsdb-server does: an IDL that sees the reply may take its
     * replica as matching the new condition. */
    if (update) {
        js_monitor_send_update(m, update,
                               ovsdb_history_last_id(m->db->sdb->history));
    }
    jsonrpc_session_send(s->js, jsonrpc_create_reply(json_object_create(),
                                                     request->id));
    return;

out:
    jsonrpc_session_send(s->js, reply);
}

static struct jsonrpc_msg *
js_handle_monitor_cancel(struct js_session *s,
                         const struct jsonrpc_msg *request)
{
    struct json_array *a = json_array(request->params);
    if (a->n != 1) {
        return jsonrpc_create_error(json_string_create("invalid parameters"),
                                    request->id);
    }
    struct js_monitor *m = js_monitor_find(s, a->elems[0]);
    if (!m) {
        return jsonrpc_create_error(json_string_create("unknown monitor"),
                                    request->id);
    }
    js_monitor_destroy(m);
    return jsonrpc_create_reply(json_object_create(), request->id);
}

/* Transactions. */

static bool
op_is_write(const struct json *op)
{
    if (op->type != JSON_OBJECT) {
        return false;
    }
    const struct json *name = shash_find_data(json_object(op), "op");
    if (!name || name->type != JSON_STRING) {
        return false;
    }
    const char *s = json_string(name);
    return (!strcmp(s, "insert") || !strcmp(s, "update")
            || !strcmp(s, "mutate") || !strcmp(s, "delete"));
}

/* Runs a transact REQUEST on DB for session S.  Returns the reply, or NULL
 * if a "wait" must be retried, in which case *RETRY_AT says when at the
 * latest. */
static struct jsonrpc_msg *
js_execute(struct js_session *s, struct js_db *db,
           const struct jsonrpc_msg *request, long long int started,
           long long int *retry_at)
{
    const struct json *params = request->params;
    const struct json_array *a = json_array(params);
    struct ovsdb_execute_options options = {
        .is_lock_owner = js_session_is_lock_owner,
        .aux = s,
        .now = time_msec(),
        .started = started,
    };

    /* A read-only remote or database runs only the operations before the
     * first write; that one fails and the rest are skipped.  Those before
     * it cannot change the database, so nothing is committed. */
    size_t n_ops = a->n;
    const char *write_op = NULL;
    if (s->remote->options.read_only || db->is_read_only) {
        for (size_t i = 1; i < a->n; i++) {
            if (op_is_write(a->elems[i])) {
                n_ops = i;
                write_op = json_string(shash_find_data(
                                           json_object(a->elems[i]), "op"));
                break;
            }
        }
    }

    struct json *exec_params = (struct json *) params;
    if (n_ops < a->n) {
        exec_params = json_array_create_empty();
        for (size_t i = 0; i < n_ops; i++) {
            json_array_add(exec_params, json_clone(a->elems[i]));
        }
    }

    struct ovsdb_execute_result result;
    memset(&result, 0, sizeof result);
    struct ovsdb_error *error = ovsdb_execute(db->sdb->db, exec_params,
                                              &options, &result);
    if (exec_params != params) {
        json_destroy(exec_params);
    }
    if (error) {
        return ovsdb_error_reply(request, error);
    }
    if (!result.reply) {
        *retry_at = result.retry_at;
        ovsdb_execute_result_destroy(&result);
        return NULL;
    }

    struct json *reply = result.reply;
    result.reply = NULL;
    if (write_op) {
        /* Fill in the refused operation and the nulls after it, unless an
         * earlier operation already failed. */
        struct json_array *r = json_array(reply);
        bool failed = (r->n && r->elems[r->n - 1]->type == JSON_OBJECT
                       && shash_find(json_object(r->elems[r->n - 1]),
                                     "error"));
        if (!failed) {
            struct ovsdb_error *e = ovsdb_error_create(
                "not allowed", "%s operation not allowed when database "
                "server is in read only mode", write_op);
            json_array_add(reply, ovsdb_error_to_json(e));
            ovsdb_error_destroy(e);
        }
        while (r->n < a->n - 1) {
            json_array_add(reply, json_null_create());
        }
    }

    if (result.txn) {
        struct ds comment = DS_EMPTY_INITIALIZER;
        for (size_t i = 0; i < result.n_comments; i++) {
            if (i) {
                ds_put_char(&comment, '\n');
            }
            ds_put_cstr(&comment, result.comments[i]);
        }
        error = server_db_commit(db->sdb, result.txn,
                                 result.n_comments ? ds_cstr(&comment)
                                                   : NULL,
                                 result.durable);
        ds_destroy(&comment);
        if (error) {
            json_array_add(reply, ovsdb_error_to_json(error));
            ovsdb_error_destroy(error);
        }
    }
    ovsdb_execute_result_destroy(&result);
    return jsonrpc_create_reply(reply, request->id);
}

static void
js_trigger_destroy(struct js_session *s, struct js_trigger *t)
{
    ovs_list_remove(&t->node);
    jsonrpc_msg_destroy(t->request);
    s->remote->server->n_triggers--;
    free(t);
}

/* Runs trigger T again.  Returns true if it completed (and is freed). */
static bool
js_trigger_try(struct js_session *s, struct js_trigger *t)
{
    COVERAGE_INC(jsonrpc_server_trigger);
    t->change_seqno = t->db->sdb->change_seqno;
    struct jsonrpc_msg *reply = js_execute(s, t->db, t->request, t->started,
                                           &t->retry_at);
    if (reply) {
        jsonrpc_session_send(s->js, reply);
        js_trigger_destroy(s, t);
        return true;
    }
    return false;
}

static void
js_handle_transact(struct js_session *s, struct jsonrpc_msg *request)
{
    const struct json *params = request->params;
    const struct json_array *a = json_array(params);
    struct jsonrpc_msg *reply;

    if (!a->n || a->elems[0]->type != JSON_STRING) {
        reply = syntax_error_reply(request, params,
                                   "transact request params must begin "
                                   "with <db-name>");
    } else {
        const char *db_name = json_string(a->elems[0]);
        struct js_db *db = js_db_find(s->remote->server, db_name);
        if (!db) {
            reply = ovsdb_error_reply(request, ovsdb_syntax_error(
                                          params, "unknown database",
                                          "transact request specifies "
                                          "unknown database %s", db_name));
        } else {
            long long int now = time_msec();
            long long int retry_at;
            reply = js_execute(s, db, request, now, &retry_at);
            if (!reply) {
                struct js_trigger *t = xzalloc(sizeof *t);
                t->db = db;
                t->request = request;
                t->started = now;
                t->retry_at = retry_at;
                t->change_seqno = db->sdb->change_seqno;
                ovs_list_push_back(&s->triggers, &t->node);
                s->remote->server->n_triggers++;
                return;
            }
        }
    }
    jsonrpc_session_send(s->js, reply);
    jsonrpc_msg_destroy(request);
}

static void
js_handle_cancel(struct js_session *s, const struct jsonrpc_msg *msg)
{
    const struct json_array *a = json_array(msg->params);
    if (a->n != 1) {
        return;
    }
    struct js_trigger *t;
    LIST_FOR_EACH (t, node, &s->triggers) {
        if (json_equal(t->request->id, a->elems[0])) {
            jsonrpc_session_send(s->js, jsonrpc_create_error(
                                     json_string_create("canceled"),
                                     t->request->id));
            js_trigger_destroy(s, t);
            return;
        }
    }
}

/* Schema conversion ("convert"). */

/* Tells every session that DB, just converted, is not what it was: a
 * session that asked for "set_db_change_aware" gets "monitor_canceled" for
 * each of its monitors on DB and keeps its connection, locks and other
 * monitors; every other session is disconnected once it has been sent
 * what is already queued for it (the converting one its reply), so that
 * its client reconnects and reads the new schema, as ovsdb-server(7) says.
 * Parked transactions on DB fail ("canceled") either way.  All monitors on
 * DB are gone when this returns: they point into the old database. */
static void
js_db_converted(struct ovsdb_jsonrpc_server *server, struct js_db *db)
{
    struct js_monitor *m, *next_m;
    LIST_FOR_EACH_SAFE (m, next_m, db_node, &db->monitors) {
        struct js_session *s = m->session;
        if (s->db_change_aware) {
            jsonrpc_session_send(s->js, jsonrpc_create_notify(
                                     "monitor_canceled",
                                     json_array_create_1(
                                         json_clone(m->id))));
        }
        js_monitor_destroy(m);
    }
    js_db_fail_triggers(server, db);

    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->remotes) {
        struct js_remote *remote = node->data;
        struct js_session *s;
        LIST_FOR_EACH (s, node, &remote->sessions) {
            if (!s->db_change_aware && !s->must_disconnect) {
                VLOG_INFO("%s: disconnecting (committed %s database schema "
                          "conversion)", jsonrpc_session_get_name(s->js),
                          db->sdb->name);
                s->must_disconnect = true;
            }
        }
    }

    json_destroy(db->schema_json);
    db->schema_json = NULL;
}

static struct jsonrpc_msg *
js_handle_convert(struct js_session *s, const struct jsonrpc_msg *request)
{
    struct ovsdb_jsonrpc_server *server = s->remote->server;
    const struct json *params = request->params;
    const struct json_array *a = json_array(params);

    if (!a->n || a->elems[0]->type != JSON_STRING) {
        return syntax_error_reply(request, params,
                                  "convert request params must begin "
                                  "with <db-name>");
    }
    if (a->n != 2) {
        return syntax_error_reply(request, params, "array expected");
    }
    const char *db_name = json_string(a->elems[0]);
    struct js_db *db = js_db_find(server, db_name);
    if (!db) {
        return ovsdb_error_reply(request, ovsdb_syntax_error(
                                     params, "unknown database",
                                     "convert request specifies unknown "
                                     "database %s", db_name));
    }

    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(a->elems[1], &schema);
    if (error) {
        /* Say what failed to parse, as the schema parser does for most of
         * its errors but not all. */
        static const char prefix[] = "Parsing database schema failed";
        const char *details = ovsdb_error_get_details(error);
        if (!details || strncmp(details, prefix, strlen(prefix))) {
            error = ovsdb_error_prefix(error, "%s", prefix);
        }
        return ovsdb_error_reply(request, error);
    }
    if (strcmp(schema->name, db_name)) {
        error = ovsdb_error_create("invalid parameters", "new schema name "
                                   "(%s) does not match database name (%s)",
                                   schema->name, db_name);
    } else if (db->is_read_only) {
        /* _Server describes the server itself: its schema is the
         * server's, not a client's to change. */
        error = ovsdb_error_create("not allowed", "%s database cannot be "
                                   "converted", db_name);
    } else if (s->remote->options.read_only) {
        error = ovsdb_error_create("not allowed", "convert operation not "
                                   "allowed when database server is in "
                                   "read only mode");
    }

    struct ovsdb *new_db = NULL;
    if (!error) {
        error = ovsdb_convert(db->sdb->db, schema, &new_db);
    }
    ovsdb_schema_destroy(schema);
    struct ovsdb *old_db = NULL;
    if (!error) {
        char *comment = xasprintf("converted by %s",
                                  jsonrpc_session_get_name(s->js));
        error = server_db_convert(db->sdb, new_db, comment, &old_db);
        free(comment);
    }
    if (error) {
        VLOG_INFO_RL(&rl, "%s: convert of %s refused or failed",
                     jsonrpc_session_get_name(s->js), db_name);
        return ovsdb_error_reply(request, error);
    }

    COVERAGE_INC(jsonrpc_server_convert);
    js_db_converted(server, db);
    ovsdb_destroy(old_db);
    if (server->convert_cb) {
        server->convert_cb(db->sdb, server->convert_aux);
    }
    server->seqno++;
    return jsonrpc_create_reply(json_object_create(), request->id);
}

/* Other requests. */

static struct jsonrpc_msg *
js_handle_get_schema(struct js_session *s, const struct jsonrpc_msg *request)
{
    const struct json *params = request->params;
    const struct json_array *a = json_array(params);
    if (!a->n || a->elems[0]->type != JSON_STRING) {
        return syntax_error_reply(request, params,
                                  "get_schema request params must begin "
                                  "with <db-name>");
    }
    const char *db_name = json_string(a->elems[0]);
    struct js_db *db = js_db_find(s->remote->server, db_name);
    if (!db) {
        return ovsdb_error_reply(request, ovsdb_syntax_error(
                                     params, "unknown database",
                                     "get_schema request specifies unknown "
                                     "database %s", db_name));
    }
    if (!db->schema_json) {
        db->schema_json = ovsdb_schema_to_json(db->sdb->db->schema);
    }
    return jsonrpc_create_reply(json_clone(db->schema_json), request->id);
}

static struct jsonrpc_msg *
js_handle_list_dbs(struct js_session *s, const struct jsonrpc_msg *request)
{
    const struct shash *dbs = &s->remote->server->dbs;
    const struct shash_node **nodes = shash_sort(dbs);
    struct json *names = json_array_create_empty();
    for (size_t i = 0; i < shash_count(dbs); i++) {
        json_array_add(names, json_string_create(nodes[i]->name));
    }
    free(nodes);
    return jsonrpc_create_reply(names, request->id);
}

static struct jsonrpc_msg *
js_handle_set_db_change_aware(struct js_session *s,
                              const struct jsonrpc_msg *request)
{
    const struct json_array *a = json_array(request->params);
    if (a->n != 1 || (a->elems[0]->type != JSON_TRUE
                      && a->elems[0]->type != JSON_FALSE)) {
        return syntax_error_reply(request, request->params,
                                  "set_db_change_aware: true or false "
                                  "parameter expected");
    }
    s->db_change_aware = json_boolean(a->elems[0]);
    return jsonrpc_create_reply(json_object_create(), request->id);
}

static struct jsonrpc_msg *
js_handle_get_server_id(const struct jsonrpc_msg *request)
{
    static struct uuid server_id;
    if (uuid_is_zero(&server_id)) {
        uuid_generate(&server_id);
    }
    char id[UUID_LEN + 1];
    uuid_to_string(&server_id, id);
    return jsonrpc_create_reply(json_string_create(id), request->id);
}

/* Handles MSG, taking ownership. */
static void
js_session_handle(struct js_session *s, struct jsonrpc_msg *msg)
{
    struct jsonrpc_msg *reply = NULL;

    COVERAGE_INC(jsonrpc_server_request);
    if (msg->type == JSONRPC_NOTIFY) {
        if (!strcmp(msg->method, "cancel")) {
            js_handle_cancel(s, msg);
        }
        jsonrpc_msg_destroy(msg);
        return;
    } else if (msg->type != JSONRPC_REQUEST) {
        /* A reply or error from the client: we asked for nothing but echo
         * probes, which the session layer consumed, so the client is
         * confused.  Like the server we are compatible with, drop it. */
        VLOG_WARN_RL(&rl, "%s: received unexpected %s message",
                     jsonrpc_session_get_name(s->js),
                     jsonrpc_msg_type_to_string(msg->type));
        s->must_disconnect = true;
        jsonrpc_msg_destroy(msg);
        return;
    }

    const char *method = msg->method;
    if (!strcmp(method, "transact")) {
        js_handle_transact(s, msg);
        return;
    } else if (!strcmp(method, "monitor")) {
        reply = js_handle_monitor(s, msg, OVSDB_MONITOR_V1);
    } else if (!strcmp(method, "monitor_cond")) {
        reply = js_handle_monitor(s, msg, OVSDB_MONITOR_V2);
    } else if (!strcmp(method, "monitor_cond_since")) {
        reply = js_handle_monitor(s, msg, OVSDB_MONITOR_V3);
    } else if (!strcmp(method, "monitor_cond_change")) {
        js_handle_monitor_cond_change(s, msg);
    } else if (!strcmp(method, "monitor_cancel")) {
        reply = js_handle_monitor_cancel(s, msg);
    } else if (!strcmp(method, "convert")) {
        reply = js_handle_convert(s, msg);
    } else if (!strcmp(method, "get_schema")) {
        reply = js_handle_get_schema(s, msg);
    } else if (!strcmp(method, "list_dbs")) {
        reply = js_handle_list_dbs(s, msg);
    } else if (!strcmp(method, "lock")) {
        reply = js_handle_lock(s, msg, false);
    } else if (!strcmp(method, "steal")) {
        reply = js_handle_lock(s, msg, true);
    } else if (!strcmp(method, "unlock")) {
        reply = js_handle_unlock(s, msg);
    } else if (!strcmp(method, "echo")) {
        reply = jsonrpc_create_reply(json_clone(msg->params), msg->id);
    } else if (!strcmp(method, "set_db_change_aware")) {
        reply = js_handle_set_db_change_aware(s, msg);
    } else if (!strcmp(method, "get_server_id")) {
        reply = js_handle_get_server_id(msg);
    } else {
        reply = jsonrpc_create_error(json_string_create("unknown method"),
                                     msg->id);
    }
    if (reply) {
        jsonrpc_session_send(s->js, reply);
    }
    jsonrpc_msg_destroy(msg);
}

/* Sessions. */

/* Drops S's monitors, triggers and locks: the peer is gone or new. */
static void
js_session_reset(struct js_session *s)
{
    struct js_monitor *m, *next_m;
    HMAP_FOR_EACH_SAFE (m, next_m, node, &s->monitors) {
        js_monitor_destroy(m);
    }
    struct js_trigger *t, *next_t;
    LIST_FOR_EACH_SAFE (t, next_t, node, &s->triggers) {
        js_trigger_destroy(s, t);
    }
    struct shash_node *node, *next;
    SHASH_FOR_EACH_SAFE (node, next, &s->waiters) {
        js_waiter_destroy(node->data);
    }
    sset_clear(&s->locks_lost);
    s->db_change_aware = false;
    s->remote->server->seqno++;
}

static void
js_session_destroy(struct js_session *s)
{
    js_session_reset(s);
    hmap_destroy(&s->monitors);
    shash_destroy(&s->waiters);
    sset_destroy(&s->locks_lost);
    ovs_list_remove(&s->node);
    s->remote->server->n_sessions--;
    s->remote->server->seqno++;
    s->remote->last_disconnect = time_msec();
    jsonrpc_session_close(s->js);
    free(s);
}

/* Runs S; returns false if S was destroyed. */
static bool
js_session_run(struct js_session *s)
{
    jsonrpc_session_run(s->js);
    unsigned int seqno = jsonrpc_session_get_seqno(s->js);
    if (seqno != s->seqno) {
        /* An active remote reconnected (or lost its connection). */
        s->seqno = seqno;
        js_session_reset(s);
        if (jsonrpc_session_is_connected(s->js)) {
            s->connected_at = time_msec();
        } else {
            s->remote->last_disconnect = time_msec();
        }
    }
    if (s->must_disconnect && !s->remote->is_passive) {
        /* An active remote keeps its session: it reconnects. */
        s->must_disconnect = false;
        jsonrpc_session_force_reconnect(s->js);
        js_session_reset(s);
    } else if (!jsonrpc_session_is_alive(s->js) || s->must_disconnect) {
        js_session_destroy(s);
        return false;
    }

    /* Parked transactions first, in arrival order. */
    long long int now = time_msec();
    struct js_trigger *t, *next;
    LIST_FOR_EACH_SAFE (t, next, node, &s->triggers) {
        if (t->change_seqno != t->db->sdb->change_seqno
            || now >= t->retry_at) {
            js_trigger_try(s, t);
        }
    }

    for (int i = 0; i < MAX_REQUESTS_PER_RUN; i++) {
        /* Don't read more while the client is not reading its replies:
         * the backlog would grow without bound. */
        if (jsonrpc_session_get_backlog(s->js) > 4 * 1024 * 1024) {
            break;
        }
        struct jsonrpc_msg *msg = jsonrpc_session_recv(s->js);
        if (!msg) {
            return true;
        }
        js_session_handle(s, msg);
        if (s->must_disconnect) {
            return true;
        }
    }
    if (jsonrpc_session_get_backlog(s->js) <= 4 * 1024 * 1024) {
        poll_immediate_wake();
    }
    return true;
}

static void
js_session_wait(struct js_session *s)
{
    jsonrpc_session_wait(s->js);
    if (jsonrpc_session_get_backlog(s->js) <= 4 * 1024 * 1024) {
        jsonrpc_session_recv_wait(s->js);
    }
    if (s->must_disconnect) {
        poll_immediate_wake();
    }
    struct js_trigger *t;
    LIST_FOR_EACH (t, node, &s->triggers) {
        if (t->retry_at != LLONG_MAX) {
            poll_timer_wait_until(t->retry_at);
        }
    }
}

static void
js_remote_run(struct js_remote *remote)
{
    if (remote->is_passive && !remote->listener
        && time_msec() >= remote->listen_retry_at) {
        js_remote_listen(remote);
    }
    if (remote->listener) {
        for (int i = 0; i < 50; i++) {
            struct stream *stream;
            int error = pstream_accept(remote->listener, &stream);
            if (error == EAGAIN) {
                break;
            } else if (error) {
                VLOG_WARN_RL(&rl, "%s: accept failed: %s",
                             pstream_get_name(remote->listener),
                             ovs_strerror(error));
                break;
            }
            COVERAGE_INC(jsonrpc_server_accept);
            uint8_t dscp = (remote->options.dscp >= 0
                            ? remote->options.dscp : 0);
            struct jsonrpc_session *js = jsonrpc_session_open_unreliably(
                jsonrpc_open(stream), dscp);
            js_session_create(remote, js);
        }
    }

    struct js_session *s, *next;
    LIST_FOR_EACH_SAFE (s, next, node, &remote->sessions) {
        js_session_run(s);
    }
}

/* Corks (if CORK) or uncorks, and so flushes, every session. */
static void
js_server_cork(struct ovsdb_jsonrpc_server *server, bool cork)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->remotes) {
        struct js_remote *remote = node->data;
        struct js_session *s;
        LIST_FOR_EACH (s, node, &remote->sessions) {
            if (cork) {
                jsonrpc_session_cork(s->js);
            } else {
                jsonrpc_session_uncork(s->js);
            }
        }
    }
}

void
ovsdb_jsonrpc_server_run(struct ovsdb_jsonrpc_server *server)
{
    struct shash_node *node, *next;
    js_server_cork(server, true);
    SHASH_FOR_EACH_SAFE (node, next, &server->remotes) {
        js_remote_run(node->data);
    }
    js_server_cork(server, false);
}

void
ovsdb_jsonrpc_server_wait(struct ovsdb_jsonrpc_server *server)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &server->remotes) {
        struct js_remote *remote = node->data;
        if (remote->listener) {
            pstream_wait(remote->listener);
        } else if (remote->is_passive) {
            poll_timer_wait_until(remote->listen_retry_at);
        }
        struct js_session *s;
        LIST_FOR_EACH (s, node, &remote->sessions) {
            js_session_wait(s);
        }
    }
}
