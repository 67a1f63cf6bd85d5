/* jsonrpc.c -- JSON-RPC 1.0 messages, connections and sessions
 * (jsonrpc.h).
 *
 * Three layers, bottom up:
 *
 *   - Messages: struct jsonrpc_msg and its conversion to and from JSON in
 *     the shapes of JSON-RPC 1.0 as RFC 7047 section 4 uses them.
 *
 *   - Framing (struct jsonrpc_reader): bytes in, messages out.  Messages
 *     are JSON objects back to back with no other framing, so the
 *     incremental JSON parser finds where each one ends.  A fresh parser
 *     starts for every message, and the reader never feeds one parser
 *     more than max_msg_size + 1 bytes, so memory stays bounded whatever
 *     the peer sends.
 *
 *   - struct jsonrpc, one connection over a stream: the reader on the
 *     input side, and on the output side a queue of buffers written out
 *     from an offset, so that a large message is never copied again while
 *     it drains.  A message is serialized straight onto the end of the
 *     last buffer while that one is small, so that messages sent back to
 *     back (a monitor update and the reply to the transaction that caused
 *     it) leave in one write() and wake the peer once.  For the same
 *     reason a connection can be corked: sends only queue until it is
 *     uncorked.  A read that returns less than was asked for left the
 *     socket empty, so the next receive returns EAGAIN without trying
 *     another read() that would fail (the caller then waits in poll(),
 *     which sees anything that arrived since).
 *     Any error (stream error, EOF, EPROTO) sticks: the connection is dead
 *     and queued output is dropped.
 *
 *   - struct jsonrpc_session, a connection that comes back, driven by the
 *     reconnect FSM (reconnect.h), which decides when to connect, probe
 *     and give up.  The session answers "echo" requests and swallows
 *     replies to its own probes. */

#include <config.h>
#include "jsonrpc.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "dynamic-string.h"
#include "json.h"
#include "list.h"
#include "poll-loop.h"
#include "reconnect.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(jsonrpc);

COVERAGE_DEFINE(jsonrpc_recv);
COVERAGE_DEFINE(jsonrpc_send);
COVERAGE_DEFINE(jsonrpc_protocol_error);
COVERAGE_DEFINE(jsonrpc_session_connect);
COVERAGE_DEFINE(jsonrpc_session_disconnect);

/* Protocol errors come from peers, so a bad peer must not flood the log. */
static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 30);

/* Messages. */

const char *
jsonrpc_msg_type_to_string(enum jsonrpc_msg_type type)
{
    switch (type) {
    case JSONRPC_REQUEST: return "request";
    case JSONRPC_NOTIFY: return "notification";
    case JSONRPC_REPLY: return "reply";
    case JSONRPC_ERROR: return "error";
    default: return "(bad message type)";
    }
}

static struct jsonrpc_msg *
msg_create(enum jsonrpc_msg_type type, const char *method,
           struct json *params, struct json *result, struct json *error,
           struct json *id)
{
    struct jsonrpc_msg *msg = xmalloc(sizeof *msg);

    msg->type = type;
    msg->method = nullable_xstrdup(method);
    msg->params = params;
    msg->result = result;
    msg->error = error;
    msg->id = id;
    return msg;
}

/* Request ids only need to be unique within the process. */
static struct json *
next_request_id(void)
{
    static unsigned int next_id;
    unsigned int id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
    return json_integer_create(id);
}

struct jsonrpc_msg *
jsonrpc_create_request(const char *method, struct json *params,
                       struct json **idp)
{
    struct json *id = next_request_id();

    if (idp) {
        *idp = json_clone(id);
    }
    return msg_create(JSONRPC_REQUEST, method,
                      params ? params : json_array_create_empty(),
                      NULL, NULL, id);
}

struct jsonrpc_msg *
jsonrpc_create_notify(const char *method, struct json *params)
{
    return msg_create(JSONRPC_NOTIFY, method,
                      params ? params : json_array_create_empty(),
                      NULL, NULL, NULL);
}

struct jsonrpc_msg *
jsonrpc_create_reply(struct json *result, const struct json *id)
{
    return msg_create(JSONRPC_REPLY, NULL, NULL,
                      result ? result : json_null_create(), NULL,
                      json_clone(id));
}

struct jsonrpc_msg *
jsonrpc_create_error(struct json *error, const struct json *id)
{
    return msg_create(JSONRPC_ERROR, NULL, NULL, NULL, error,
                      json_clone(id));
}

void
jsonrpc_msg_destroy(struct jsonrpc_msg *msg)
{
    if (msg) {
        free(msg->method);
        json_destroy(msg->params);
        json_destroy(msg->result);
        json_destroy(msg->error);
        json_destroy(msg->id);
        free(msg);
    }
}

/* Which members each type must (1) and must not (0) have. */
struct msg_shape {
    int method, params, result, error, id;
};

static const struct msg_shape shapes[] = {
    [JSONRPC_REQUEST] = { 1, 1, 0, 0, 1 },
    [JSONRPC_NOTIFY]  = { 1, 1, 0, 0, 0 },
    [JSONRPC_REPLY]   = { 0, 0, 1, 0, 1 },
    [JSONRPC_ERROR]   = { 0, 0, 0, 1, 1 },
};

static char *
check_member(const char *type, const char *name, bool present, int wanted)
{
    if (present != (wanted != 0)) {
        return xasprintf("%s must%s have \"%s\"", type,
                         wanted ? "" : " not", name);
    }
    return NULL;
}

char *
jsonrpc_msg_is_valid(const struct jsonrpc_msg *msg)
{
    if ((unsigned int) msg->type >= ARRAY_SIZE(shapes)) {
        return xasprintf("bad message type %d", (int) msg->type);
    }

    const struct msg_shape *shape = &shapes[msg->type];
    const char *type = jsonrpc_msg_type_to_string(msg->type);
    char *error;

    if ((error = check_member(type, "method", msg->method != NULL,
                              shape->method))
        || (error = check_member(type, "params", msg->params != NULL,
                                 shape->params))
        || (error = check_member(type, "result", msg->result != NULL,
                                 shape->result))
        || (error = check_member(type, "error", msg->error != NULL,
                                 shape->error))
        || (error = check_member(type, "id", msg->id != NULL,
                                 shape->id))) {
        return error;
    }
    if (msg->params && msg->params->type != JSON_ARRAY) {
        return xasprintf("\"params\" must be JSON array");
    }
    if (msg->id && msg->id->type == JSON_NULL) {
        return xasprintf("%s must have non-null \"id\"", type);
    }
    if (msg->error && msg->error->type == JSON_NULL) {
        return xasprintf("%s must have non-null \"error\"", type);
    }
    return NULL;
}

/* Removes member NAME from OBJECT and returns its value, or NULL. */
static struct json *
take_member(struct shash *object, const char *name)
{
    return shash_find_and_delete(object, name);
}

static bool
is_null(const struct json *json)
{
    return json && json->type == JSON_NULL;
}

char *
jsonrpc_msg_from_json(struct json *json, struct jsonrpc_msg **msgp)
{
    struct json *method = NULL, *params = NULL, *result = NULL;
    struct json *error = NULL, *id = NULL;
    char *problem = NULL;

    *msgp = NULL;
    if (json->type != JSON_OBJECT) {
        problem = xasprintf("message is not a JSON object");
        goto exit;
    }

    /* Take the members out of a private copy of the object, so that what
     * is left over is exactly the unexpected members. */
    struct shash *object = json_object(json);
    if (json->count > 1) {
        struct json *copy = json_deep_clone(json);
        json_destroy(json);
        json = copy;
        object = json_object(json);
    }
    method = take_member(object, "method");
    params = take_member(object, "params");
    result = take_member(object, "result");
    error = take_member(object, "error");
    id = take_member(object, "id");
    if (!shash_is_empty(object)) {
        problem = xasprintf("message has unexpected member \"%s\"",
                            shash_first(object)->name);
        goto exit;
    }
    if (method && method->type != JSON_STRING) {
        problem = xasprintf("method is not a JSON string");
        goto exit;
    }

    /* JSON-RPC 1.0 writes absent members as null: a reply has "error":
     * null, an error has "result": null, a notification has "id": null. */
    enum jsonrpc_msg_type type;
    if (error && !is_null(error)) {
        if (result && !is_null(result)) {
            problem = xasprintf("message has both \"result\" and "
                                "non-null \"error\"");
            goto exit;
        }
        type = JSONRPC_ERROR;
        json_destroy(result);
        result = NULL;
    } else if (result) {
        type = JSONRPC_REPLY;
        json_destroy(error);
        error = NULL;
    } else if (method) {
        json_destroy(error);
        error = NULL;
        if (id && !is_null(id)) {
            type = JSONRPC_REQUEST;
        } else {
            type = JSONRPC_NOTIFY;
            json_destroy(id);
            id = NULL;
        }
    } else {
        problem = xasprintf("message is not a JSON-RPC request, "
                            "notification, reply or error");
        goto exit;
    }

    struct jsonrpc_msg *msg = msg_create(type,
                                         method ? json_string(method) : NULL,
                                         params, result, error, id);
    params = result = error = id = NULL;
    problem = jsonrpc_msg_is_valid(msg);
    if (problem) {
        jsonrpc_msg_destroy(msg);
    } else {
        *msgp = msg;
    }

exit:
    json_destroy(method);
    json_destroy(params);
    json_destroy(result);
    json_destroy(error);
    json_destroy(id);
    json_destroy(json);
    return problem;
}

struct json *
jsonrpc_msg_to_json(struct jsonrpc_msg *msg)
{
    struct json *json = json_object_create();

    if (msg->method) {
        json_object_put_nocopy(json, xstrdup("method"),
                               json_string_create_nocopy(msg->method));
        msg->method = NULL;
    }
    if (msg->params) {
        json_object_put(json, "params", msg->params);
        msg->params = NULL;
    }

    switch (msg->type) {
    case JSONRPC_REQUEST:
    case JSONRPC_NOTIFY:
        break;
    case JSONRPC_REPLY:
        json_object_put(json, "result",
                        msg->result ? msg->result : json_null_create());
        json_object_put(json, "error", json_null_create());
        msg->result = NULL;
        break;
    case JSONRPC_ERROR:
        /* No "result" member: Open vSwitch's peers write none, and
         * byte-for-byte equal replies make differential tests simple. */
        json_object_put(json, "error",
                        msg->error ? msg->error : json_null_create());
        msg->error = NULL;
        break;
    default:
        OVS_NOT_REACHED();
    }

    json_object_put(json, "id", msg->id ? msg->id : json_null_create());
    msg->id = NULL;

    jsonrpc_msg_destroy(msg);
    return json;
}

static void
put_member(struct ds *ds, const char *name, const struct json *value)
{
    if (value) {
        ds_put_format(ds, ", %s=", name);
        json_to_ds(value, JSSF_SORT, ds);
    }
}

char *
jsonrpc_msg_to_string(const struct jsonrpc_msg *msg)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ds_put_cstr(&ds, jsonrpc_msg_type_to_string(msg->type));
    if (msg->method) {
        ds_put_cstr(&ds, ", method=");
        json_string_escape(msg->method, &ds);
    }
    put_member(&ds, "params", msg->params);
    put_member(&ds, "result", msg->result);
    put_member(&ds, "error", msg->error);
    put_member(&ds, "id", msg->id);
    return ds_steal_cstr(&ds);
}

static void
log_msg(const char *name, const char *verb, const struct jsonrpc_msg *msg)
{
    if (VLOG_IS_DBG_ENABLED()) {
        char *s = jsonrpc_msg_to_string(msg);
        VLOG_DBG("%s: %s %s", name, verb, s);
        free(s);
    }
}

/* Framing. */

struct jsonrpc_reader {
    char *name;                 /* For log messages. */
    size_t max_msg_size;
    struct json_parser *parser; /* NULL between messages. */
    bool in_message;            /* Fed 'parser' something but space. */
    bool failed;                /* Reported EPROTO; stays dead. */
};

struct jsonrpc_reader *
jsonrpc_reader_create(const char *name, size_t max_msg_size)
{
    struct jsonrpc_reader *r = xzalloc(sizeof *r);

    r->name = xstrdup(name);
    r->max_msg_size = max_msg_size;
    return r;
}

void
jsonrpc_reader_destroy(struct jsonrpc_reader *r)
{
    if (r) {
        json_parser_abort(r->parser);
        free(r->name);
        free(r);
    }
}

void
jsonrpc_reader_set_max_msg_size(struct jsonrpc_reader *r, size_t max)
{
    r->max_msg_size = max;
}

bool
jsonrpc_reader_in_message(const struct jsonrpc_reader *r)
{
    return r->in_message;
}

static int
reader_fail(struct jsonrpc_reader *r)
{
    json_parser_abort(r->parser);
    r->parser = NULL;
    r->failed = true;
    COVERAGE_INC(jsonrpc_protocol_error);
    return EPROTO;
}

int
jsonrpc_reader_feed(struct jsonrpc_reader *r, const char *data, size_t n,
                    size_t *n_usedp, struct jsonrpc_msg **msgp)
{
    *n_usedp = 0;
    *msgp = NULL;
    if (r->failed) {
        return EPROTO;
    }

    if (!r->parser) {
        r->parser = json_parser_create(0);
        r->in_message = false;
    }

    /* Feed at most one byte past the limit: enough to know the message is
     * too big, without ever buffering more than that. */
    size_t have = json_parser_bytes(r->parser);
    size_t room = r->max_msg_size > have ? r->max_msg_size - have : 0;
    size_t chunk = n > room ? room + 1 : n;
    size_t used = json_parser_feed(r->parser, data, chunk);
    *n_usedp = used;

    for (size_t i = 0; !r->in_message && i < used; i++) {
        char c = data[i];
        r->in_message = !(c == ' ' || c == '\t' || c == '\r' || c == '\n');
    }

    if (json_parser_bytes(r->parser) > r->max_msg_size) {
        VLOG_WARN_RL(&rl, "%s: received message longer than the limit of "
                     "%zu bytes, disconnecting", r->name, r->max_msg_size);
        return reader_fail(r);
    }
    if (!json_parser_is_done(r->parser)) {
        return EAGAIN;
    }

    char *error;
    struct json *json = json_parser_finish(r->parser, &error);
    r->parser = NULL;
    r->in_message = false;
    if (!json) {
        VLOG_WARN_RL(&rl, "%s: error parsing stream: %s", r->name, error);
        free(error);
        return reader_fail(r);
    }

    error = jsonrpc_msg_from_json(json, msgp);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: received bad JSON-RPC message: %s",
                     r->name, error);
        free(error);
        return reader_fail(r);
    }
    log_msg(r->name, "received", *msgp);
    return 0;
}

/* Connections. */

/* One queued message, serialized once. */
struct jsonrpc_output {
    struct ovs_list node;
    struct ds data;
    size_t ofs;                 /* Bytes of 'data' already sent. */
};

#define JSONRPC_INPUT_SIZE 4096

/* A message is appended to the last queued buffer while that holds less
 * than this; beyond it, a new buffer starts, so that a big backlog is not
 * one huge string that gets reallocated. */
#define JSONRPC_COALESCE_MAX 65536

struct jsonrpc {
    struct stream *stream;
    char *name;
    int status;                 /* 0, or the error that killed it. */

    /* Input. */
    struct jsonrpc_reader *reader;
    char *input;                /* JSONRPC_INPUT_SIZE bytes. */
    size_t input_ofs;           /* First byte not yet fed to 'reader'. */
    size_t input_len;
    bool input_drained;         /* The last read came back short. */
    unsigned int received_bytes;

    /* Output. */
    struct ovs_list output;     /* struct jsonrpc_output. */
    size_t backlog;             /* Bytes queued in 'output'. */
    bool corked;                /* Queue sends, do not write yet. */
    struct jsonrpc_output *spare;   /* A drained buffer, kept for reuse:
                                     * most connections send one small
                                     * batch at a time. */
};

struct jsonrpc *
jsonrpc_open(struct stream *stream)
{
    struct jsonrpc *rpc = xzalloc(sizeof *rpc);

    ovs_assert(stream);
    rpc->stream = stream;
    rpc->name = xstrdup(stream_get_name(stream));
    rpc->reader = jsonrpc_reader_create(rpc->name,
                                        JSONRPC_DEFAULT_MAX_MSG_SIZE);
    rpc->input = xmalloc(JSONRPC_INPUT_SIZE);
    ovs_list_init(&rpc->output);
    return rpc;
}

static void
output_destroy(struct jsonrpc_output *out)
{
    if (out) {
        ds_destroy(&out->data);
        free(out);
    }
}

static void
clear_output(struct jsonrpc *rpc)
{
    struct jsonrpc_output *out;

    LIST_FOR_EACH_POP (out, node, &rpc->output) {
        output_destroy(out);
    }
    rpc->backlog = 0;
    output_destroy(rpc->spare);
    rpc->spare = NULL;
}

void
jsonrpc_close(struct jsonrpc *rpc)
{
    if (rpc) {
        stream_close(rpc->stream);
        clear_output(rpc);
        jsonrpc_reader_destroy(rpc->reader);
        free(rpc->input);
        free(rpc->name);
        free(rpc);
    }
}

void
jsonrpc_set_max_msg_size(struct jsonrpc *rpc, size_t max)
{
    jsonrpc_reader_set_max_msg_size(rpc->reader, max);
}

/* Kills the connection: ERROR sticks and queued output is dropped. */
static void
jsonrpc_error(struct jsonrpc *rpc, int error)
{
    ovs_assert(error);
    if (!rpc->status) {
        rpc->status = error;
        clear_output(rpc);
    }
}

void
jsonrpc_run(struct jsonrpc *rpc)
{
    if (rpc->status) {
        return;
    }

    stream_run(rpc->stream);
    while (!rpc->corked && !ovs_list_is_empty(&rpc->output)) {
        struct jsonrpc_output *out = CONTAINER_OF(
            ovs_list_front(&rpc->output), struct jsonrpc_output, node);
        int retval = stream_send(rpc->stream, out->data.string + out->ofs,
                                 out->data.length - out->ofs);
        if (retval > 0) {
            out->ofs += retval;
            rpc->backlog -= retval;
            if (out->ofs >= out->data.length) {
                ovs_list_remove(&out->node);
                if (!rpc->spare
                    && out->data.allocated <= JSONRPC_COALESCE_MAX) {
                    ds_clear(&out->data);
                    out->ofs = 0;
                    rpc->spare = out;
                } else {
                    output_destroy(out);
                }
            }
        } else if (retval == -EAGAIN || retval == 0) {
            break;
        } else {
            VLOG_WARN_RL(&rl, "%s: send error: %s", rpc->name,
                         ovs_strerror(-retval));
            jsonrpc_error(rpc, -retval);
            break;
        }
    }
}

void
jsonrpc_wait(struct jsonrpc *rpc)
{
    if (!rpc->status) {
        stream_run_wait(rpc->stream);
        if (!ovs_list_is_empty(&rpc->output)) {
            stream_send_wait(rpc->stream);
        }
    }
}

int
jsonrpc_get_status(const struct jsonrpc *rpc)
{
    return rpc->status;
}

size_t
jsonrpc_get_backlog(const struct jsonrpc *rpc)
{
    return rpc->status ? 0 : rpc->backlog;
}

unsigned int
jsonrpc_get_received_bytes(const struct jsonrpc *rpc)
{
    return rpc->received_bytes;
}

const char *
jsonrpc_get_name(const struct jsonrpc *rpc)
{
    return rpc->name;
}

int
jsonrpc_send(struct jsonrpc *rpc, struct jsonrpc_msg *msg)
{
    if (rpc->status) {
        jsonrpc_msg_destroy(msg);
        return rpc->status;
    }

    log_msg(rpc->name, "send", msg);
    COVERAGE_INC(jsonrpc_send);

    struct json *json = jsonrpc_msg_to_json(msg);
    struct jsonrpc_output *out = NULL;
    if (!ovs_list_is_empty(&rpc->output)) {
        out = CONTAINER_OF(ovs_list_back(&rpc->output),
                           struct jsonrpc_output, node);
        if (out->data.length >= JSONRPC_COALESCE_MAX) {
            out = NULL;
        }
    }
    if (!out) {
        if (rpc->spare) {
            out = rpc->spare;
            rpc->spare = NULL;
        } else {
            out = xmalloc(sizeof *out);
            ds_init(&out->data);
            out->ofs = 0;
        }
        ovs_list_push_back(&rpc->output, &out->node);
    }
    size_t old_length = out->data.length;
    json_to_ds(json, 0, &out->data);
    json_destroy(json);
    rpc->backlog += out->data.length - old_length;

    if (!rpc->corked) {
        jsonrpc_run(rpc);
    }
    return rpc->status;
}

void
jsonrpc_cork(struct jsonrpc *rpc)
{
    rpc->corked = true;
}

void
jsonrpc_uncork(struct jsonrpc *rpc)
{
    if (rpc->corked) {
        rpc->corked = false;
        jsonrpc_run(rpc);
    }
}

int
jsonrpc_recv(struct jsonrpc *rpc, struct jsonrpc_msg **msgp)
{
    *msgp = NULL;
    if (rpc->status) {
        return rpc->status;
    }

    /* Bounded, so that a fast peer cannot starve the rest of the loop;
     * jsonrpc_recv_wait() wakes at once while input is buffered. */
    for (int i = 0; i < 50; i++) {
        if (rpc->input_ofs < rpc->input_len) {
            size_t used;
            int error = jsonrpc_reader_feed(
                rpc->reader, rpc->input + rpc->input_ofs,
                rpc->input_len - rpc->input_ofs, &used, msgp);
            rpc->input_ofs += used;
            if (!error) {
                COVERAGE_INC(jsonrpc_recv);
                return 0;
            } else if (error != EAGAIN) {
                jsonrpc_error(rpc, error);
                return error;
            }
        } else if (rpc->input_drained) {
            /* Once only: a caller that retries without polling reads. */
            rpc->input_drained = false;
            return EAGAIN;
        } else {
            int retval = stream_recv(rpc->stream, rpc->input,
                                     JSONRPC_INPUT_SIZE);
            if (retval > 0) {
                rpc->received_bytes += retval;
                rpc->input_ofs = 0;
                rpc->input_len = retval;
                rpc->input_drained = retval < JSONRPC_INPUT_SIZE;
            } else if (retval == -EAGAIN) {
                return EAGAIN;
            } else if (retval == 0) {
                if (jsonrpc_reader_in_message(rpc->reader)) {
                    VLOG_WARN_RL(&rl, "%s: connection closed in the middle "
                                 "of a message", rpc->name);
                }
                jsonrpc_error(rpc, EOF);
                return EOF;
            } else {
                VLOG_WARN_RL(&rl, "%s: receive error: %s", rpc->name,
                             ovs_strerror(-retval));
                jsonrpc_error(rpc, -retval);
                return -retval;
            }
        }
    }
    return EAGAIN;
}

void
jsonrpc_recv_wait(struct jsonrpc *rpc)
{
    if (rpc->status || rpc->input_ofs < rpc->input_len) {
        poll_immediate_wake();
    } else {
        stream_recv_wait(rpc->stream);
    }
}

int
jsonrpc_send_block(struct jsonrpc *rpc, struct jsonrpc_msg *msg)
{
    /* Waiting for the queue to drain on a corked connection would wait
     * forever. */
    jsonrpc_uncork(rpc);
    int error = jsonrpc_send(rpc, msg);
    while (!error && jsonrpc_get_backlog(rpc)) {
        jsonrpc_run(rpc);
        error = jsonrpc_get_status(rpc);
        if (error || !jsonrpc_get_backlog(rpc)) {
            break;
        }
        jsonrpc_wait(rpc);
        poll_block();
    }
    return error;
}

int
jsonrpc_recv_block(struct jsonrpc *rpc, struct jsonrpc_msg **msgp)
{
    for (;;) {
        int error = jsonrpc_recv(rpc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        jsonrpc_run(rpc);
        jsonrpc_wait(rpc);
        jsonrpc_recv_wait(rpc);
        poll_block();
    }
}

int
jsonrpc_transact_block(struct jsonrpc *rpc, struct jsonrpc_msg *request,
                       struct jsonrpc_msg **replyp)
{
    struct json *id = json_clone(request->id);
    int error = jsonrpc_send_block(rpc, request);

    *replyp = NULL;
    while (!error) {
        struct jsonrpc_msg *msg;
        error = jsonrpc_recv_block(rpc, &msg);
        if (error) {
            break;
        }
        if ((msg->type == JSONRPC_REPLY || msg->type == JSONRPC_ERROR)
            && id && json_equal(id, msg->id)) {
            *replyp = msg;
            break;
        }
        VLOG_DBG("%s: discarding %s while waiting for reply", rpc->name,
                 jsonrpc_msg_type_to_string(msg->type));
        jsonrpc_msg_destroy(msg);
    }
    json_destroy(id);
    return error;
}

/* Sessions. */

struct jsonrpc_session {
    struct reconnect *reconnect;
    struct jsonrpc *rpc;        /* The connection, if connected. */
    struct stream *stream;      /* A connection attempt in progress. */
    struct pstream *pstream;    /* Passive: the listener. */
    int last_error;
    unsigned int seqno;
    uint8_t dscp;
    size_t max_msg_size;
};

#define PROBE_ID "echo"

static struct jsonrpc_session *
session_create(const char *name)
{
    struct jsonrpc_session *s = xzalloc(sizeof *s);

    s->reconnect = reconnect_create(time_msec());
    reconnect_set_name(s->reconnect, name);
    if (!stream_or_pstream_needs_probes(name)) {
        reconnect_set_probe_interval(s->reconnect, 0);
    }
    s->max_msg_size = JSONRPC_DEFAULT_MAX_MSG_SIZE;
    return s;
}

struct jsonrpc_session *
jsonrpc_session_open(const char *name, bool retry)
{
    struct jsonrpc_session *s = session_create(name);
    long long now = time_msec();

    /* Only the prefix decides: pstream_verify_name() would log every
     * active name as an unknown passive stream type. */
    if (pstream_is_passive_name(name)) {
        reconnect_set_passive(s->reconnect, true, now);
    }
    if (!retry) {
        reconnect_set_max_tries(s->reconnect, 1);
    }
    reconnect_enable(s->reconnect, now);
    return s;
}

struct jsonrpc_session *
jsonrpc_session_open_unreliably(struct jsonrpc *rpc, uint8_t dscp)
{
    struct jsonrpc_session *s = session_create(jsonrpc_get_name(rpc));

    /* Someone else's listener accepted this connection: when it drops,
     * there is nothing to reconnect to. */
    reconnect_set_quiet(s->reconnect, true);
    reconnect_set_max_tries(s->reconnect, 0);
    reconnect_connected(s->reconnect, time_msec());
    s->rpc = rpc;
    s->dscp = dscp;
    s->seqno = 1;
    return s;
}

/* Closes the connection or attempt, if any, without telling the FSM. */
static void
session_disconnect(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_close(s->rpc);
        s->rpc = NULL;
        s->seqno++;
        COVERAGE_INC(jsonrpc_session_disconnect);
    }
    if (s->stream) {
        stream_close(s->stream);
        s->stream = NULL;
    }
}

void
jsonrpc_session_close(struct jsonrpc_session *s)
{
    if (s) {
        jsonrpc_close(s->rpc);
        stream_close(s->stream);
        pstream_close(s->pstream);
        reconnect_destroy(s->reconnect);
        free(s);
    }
}

static void
session_connected(struct jsonrpc_session *s, struct stream *stream,
                  long long now)
{
    session_disconnect(s);
    s->rpc = jsonrpc_open(stream);
    jsonrpc_set_max_msg_size(s->rpc, s->max_msg_size);
    s->seqno++;
    reconnect_connected(s->reconnect, now);
    COVERAGE_INC(jsonrpc_session_connect);
}

static void
session_connect(struct jsonrpc_session *s, long long now)
{
    const char *name = reconnect_get_name(s->reconnect);
    int error;

    session_disconnect(s);
    if (!reconnect_is_passive(s->reconnect)) {
        reconnect_connecting(s->reconnect, now);
        error = stream_open(name, &s->stream, s->dscp);
        if (error) {
            s->stream = NULL;
            s->last_error = error;
            reconnect_connect_failed(s->reconnect, now, error);
        }
    } else {
        error = s->pstream ? 0 : pstream_open(name, &s->pstream, s->dscp);
        if (error) {
            s->pstream = NULL;
            s->last_error = error;
            reconnect_listen_error(s->reconnect, now, error);
        } else {
            reconnect_listening(s->reconnect, now);
        }
    }
}

void
jsonrpc_session_run(struct jsonrpc_session *s)
{
    long long now = time_msec();

    if (s->pstream) {
        struct stream *stream;
        int error = pstream_accept(s->pstream, &stream);
        if (!error) {
            if (s->rpc || s->stream) {
                VLOG_INFO("%s: new connection replacing active connection",
                          reconnect_get_name(s->reconnect));
                reconnect_disconnected(s->reconnect, now, 0);
            }
            session_connected(s, stream, now);
        } else if (error != EAGAIN) {
            VLOG_WARN_RL(&rl, "%s: accept failed: %s",
                         pstream_get_name(s->pstream), ovs_strerror(error));
            pstream_close(s->pstream);
            s->pstream = NULL;
            s->last_error = error;
            reconnect_listen_error(s->reconnect, now, error);
        }
    }

    if (s->rpc) {
        size_t backlog = jsonrpc_get_backlog(s->rpc);
        jsonrpc_run(s->rpc);
        if (jsonrpc_get_backlog(s->rpc) < backlog) {
            /* The peer is taking data: it is alive. */
            reconnect_activity(s->reconnect, now);
        }
        int error = jsonrpc_get_status(s->rpc);
        if (error) {
            s->last_error = error;
            reconnect_disconnected(s->reconnect, now, error);
            session_disconnect(s);
        }
    } else if (s->stream) {
        stream_run(s->stream);
        int error = stream_connect(s->stream);
        if (!error) {
            struct stream *stream = s->stream;
            s->stream = NULL;
            session_connected(s, stream, now);
        } else if (error != EAGAIN) {
            s->last_error = error;
            reconnect_connect_failed(s->reconnect, now, error);
            session_disconnect(s);
        }
    }

    switch (reconnect_run(s->reconnect, now)) {
    case RECONNECT_CONNECT:
        session_connect(s, now);
        break;

    case RECONNECT_DISCONNECT: {
        enum reconnect_state state = reconnect_get_state(s->reconnect);
        int error = state == RECONNECT_S_RECONNECT ? 0 : ETIMEDOUT;
        if (error) {
            s->last_error = error;
        }
        if (state == RECONNECT_S_CONNECTING) {
            reconnect_connect_failed(s->reconnect, now, error);
        } else {
            reconnect_disconnected(s->reconnect, now, error);
        }
        session_disconnect(s);
        break;
    }

    case RECONNECT_PROBE:
        if (s->rpc) {
            struct jsonrpc_msg *probe = jsonrpc_create_request(
                "echo", json_array_create_empty(), NULL);
            json_destroy(probe->id);
            probe->id = json_string_create(PROBE_ID);
            jsonrpc_send(s->rpc, probe);
        }
        break;

    default:
        break;
    }
}

void
jsonrpc_session_wait(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_wait(s->rpc);
    } else if (s->stream) {
        stream_run_wait(s->stream);
        stream_connect_wait(s->stream);
    }
    if (s->pstream) {
        pstream_wait(s->pstream);
    }
    reconnect_wait(s->reconnect, time_msec());
}

size_t
jsonrpc_session_get_backlog(const struct jsonrpc_session *s)
{
    return s->rpc ? jsonrpc_get_backlog(s->rpc) : 0;
}

const char *
jsonrpc_session_get_name(const struct jsonrpc_session *s)
{
    return reconnect_get_name(s->reconnect);
}

int
jsonrpc_session_send(struct jsonrpc_session *s, struct jsonrpc_msg *msg)
{
    if (s->rpc) {
        return jsonrpc_send(s->rpc, msg);
    }
    jsonrpc_msg_destroy(msg);
    return ENOTCONN;
}

void
jsonrpc_session_cork(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_cork(s->rpc);
    }
}

void
jsonrpc_session_uncork(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_uncork(s->rpc);
    }
}

struct jsonrpc_msg *
jsonrpc_session_recv(struct jsonrpc_session *s)
{
    if (!s->rpc) {
        return NULL;
    }

    long long now = time_msec();
    unsigned int received_bytes = jsonrpc_get_received_bytes(s->rpc);
    struct jsonrpc_msg *msg;

    reconnect_receive_attempted(s->reconnect, now);
    jsonrpc_recv(s->rpc, &msg);
    if (received_bytes != jsonrpc_get_received_bytes(s->rpc)) {
        /* Any bytes at all, even part of a huge message, show that the
         * peer is alive. */
        reconnect_activity(s->reconnect, now);
    }
    if (!msg) {
        /* Errors are picked up by the next jsonrpc_session_run(). */
        return NULL;
    }

    reconnect_received(s->reconnect, now);
    if (msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "echo")) {
        jsonrpc_session_send(s, jsonrpc_create_reply(json_clone(msg->params),
                                                     msg->id));
    } else if (msg->type == JSONRPC_REPLY && msg->id
               && msg->id->type == JSON_STRING
               && !strcmp(json_string(msg->id), PROBE_ID)) {
        /* The answer to our inactivity probe: nothing more to do. */
    } else {
        return msg;
    }
    jsonrpc_msg_destroy(msg);
    return NULL;
}

void
jsonrpc_session_recv_wait(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_recv_wait(s->rpc);
    }
}

bool
jsonrpc_session_is_alive(const struct jsonrpc_session *s)
{
    return (s->rpc || s->stream || s->pstream
            || reconnect_is_enabled(s->reconnect));
}

bool
jsonrpc_session_is_connected(const struct jsonrpc_session *s)
{
    return s->rpc != NULL;
}

unsigned int
jsonrpc_session_get_seqno(const struct jsonrpc_session *s)
{
    return s->seqno;
}

int
jsonrpc_session_get_status(const struct jsonrpc_session *s)
{
    return s->rpc ? jsonrpc_get_status(s->rpc) : 0;
}

int
jsonrpc_session_get_last_error(const struct jsonrpc_session *s)
{
    return s->last_error;
}

void
jsonrpc_session_force_reconnect(struct jsonrpc_session *s)
{
    reconnect_force_reconnect(s->reconnect, time_msec());
}

void
jsonrpc_session_set_max_backoff(struct jsonrpc_session *s, int ms)
{
    reconnect_set_backoff(s->reconnect,
                          MIN(reconnect_get_min_backoff(s->reconnect), ms),
                          ms);
}

void
jsonrpc_session_set_backoff(struct jsonrpc_session *s, int min_ms,
                            int max_ms)
{
    reconnect_set_backoff(s->reconnect, min_ms, max_ms);
}

void
jsonrpc_session_set_probe_interval(struct jsonrpc_session *s, int ms)
{
    reconnect_set_probe_interval(s->reconnect, ms);
}

void
jsonrpc_session_set_max_msg_size(struct jsonrpc_session *s, size_t max)
{
    s->max_msg_size = max;
    if (s->rpc) {
        jsonrpc_set_max_msg_size(s->rpc, max);
    }
}

const char *
jsonrpc_session_get_state(const struct jsonrpc_session *s)
{
    return reconnect_state_to_string(reconnect_get_state(s->reconnect));
}
