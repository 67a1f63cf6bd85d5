/* jsonrpc.h -- JSON-RPC 1.0 over a stream (RFC 7047 section 4 framing).
 *
 * Two levels:
 *
 * struct jsonrpc is one connection: messages are JSON objects sent back to
 * back on the stream, split by the incremental JSON parser.  A message
 * larger than the connection's limit, or bytes that are not JSON, or a
 * JSON value that is not a valid JSON-RPC message, is an error: the
 * connection reports it (EPROTO) and must be closed.  Sending queues
 * without blocking; jsonrpc_run() flushes.
 *
 * struct jsonrpc_session is a connection that comes back: for an active
 * name (tcp:, unix:, ssl:) it reconnects with exponential backoff after
 * failures; for a passive name (ptcp:, punix:, pssl:) it accepts one
 * connection at a time.  It answers "echo" requests itself and, after
 * 'probe_interval' ms of silence, sends an echo request and drops the
 * connection if nothing arrives in the next interval.  A session's
 * seqno changes each time it connects or disconnects, so that callers
 * notice they must resynchronise. */
#ifndef JSONRPC_H
#define JSONRPC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

struct json;
struct jsonrpc_reader;
struct stream;
struct pstream;

/* Default limit on one received message, in bytes. */
#define JSONRPC_DEFAULT_MAX_MSG_SIZE (64 * 1024 * 1024)

/* Messages. */
enum jsonrpc_msg_type {
    JSONRPC_REQUEST,            /* Has method, params, id. */
    JSONRPC_NOTIFY,             /* Has method, params; id is null. */
    JSONRPC_REPLY,              /* Has result, id. */
    JSONRPC_ERROR,              /* Has error, id. */
};
const char *jsonrpc_msg_type_to_string(enum jsonrpc_msg_type);

struct jsonrpc_msg {
    enum jsonrpc_msg_type type;
    char *method;
    struct json *params;
    struct json *result;
    struct json *error;
    struct json *id;
};

/* Each constructor takes ownership of the json it is given.  IDP, if
 * nonnull, receives a new reference to the request's id (a unique
 * integer), to match the reply with. */
struct jsonrpc_msg *jsonrpc_create_request(const char *method,
                                           struct json *params,
                                           struct json **idp);
struct jsonrpc_msg *jsonrpc_create_notify(const char *method,
                                          struct json *params);
struct jsonrpc_msg *jsonrpc_create_reply(struct json *result,
                                         const struct json *id);
struct jsonrpc_msg *jsonrpc_create_error(struct json *error,
                                         const struct json *id);
void jsonrpc_msg_destroy(struct jsonrpc_msg *);    /* NULL is fine. */
/* NULL if valid, else a description (caller frees). */
char *jsonrpc_msg_is_valid(const struct jsonrpc_msg *);
/* Takes ownership of JSON.  NULL and *MSGP on success, else an error
 * string (caller frees) and *MSGP = NULL. */
char *jsonrpc_msg_from_json(struct json *, struct jsonrpc_msg **msgp);
struct json *jsonrpc_msg_to_json(struct jsonrpc_msg *);    /* Consumes. */
char *jsonrpc_msg_to_string(const struct jsonrpc_msg *);   /* For logs. */

/* Connections. */
struct jsonrpc *jsonrpc_open(struct stream *);    /* Takes ownership. */
void jsonrpc_close(struct jsonrpc *);             /* NULL is fine. */
void jsonrpc_set_max_msg_size(struct jsonrpc *, size_t);
void jsonrpc_run(struct jsonrpc *);
void jsonrpc_wait(struct jsonrpc *);
int jsonrpc_get_status(const struct jsonrpc *);   /* 0 or errno/EOF. */
size_t jsonrpc_get_backlog(const struct jsonrpc *);   /* Bytes queued. */
unsigned int jsonrpc_get_received_bytes(const struct jsonrpc *);
const char *jsonrpc_get_name(const struct jsonrpc *);
int jsonrpc_send(struct jsonrpc *, struct jsonrpc_msg *);   /* Consumes. */
/* While corked, jsonrpc_send() only queues; uncorking writes the queue, so
 * that messages made in one go leave in one write().  jsonrpc_send_block()
 * uncorks. */
void jsonrpc_cork(struct jsonrpc *);
void jsonrpc_uncork(struct jsonrpc *);
int jsonrpc_recv(struct jsonrpc *, struct jsonrpc_msg **);  /* EAGAIN. */
void jsonrpc_recv_wait(struct jsonrpc *);
int jsonrpc_send_block(struct jsonrpc *, struct jsonrpc_msg *);
int jsonrpc_recv_block(struct jsonrpc *, struct jsonrpc_msg **);
/* Sends REQUEST and waits for the reply or error with the same id, skipping
 * (and discarding) other messages. */
int jsonrpc_transact_block(struct jsonrpc *, struct jsonrpc_msg *request,
                           struct jsonrpc_msg **replyp);

/* Framing without a stream: bytes in, messages out.  struct jsonrpc
 * receives through one of these, and tests and fuzz targets drive it
 * directly with buffers.  NAME is used in log messages.  Whitespace
 * before a message counts towards its size. */
struct jsonrpc_reader *jsonrpc_reader_create(const char *name,
                                             size_t max_msg_size);
void jsonrpc_reader_destroy(struct jsonrpc_reader *);  /* NULL is fine. */
void jsonrpc_reader_set_max_msg_size(struct jsonrpc_reader *, size_t);
/* Consumes bytes from the N at DATA, stopping at the end of the first
 * complete message, and stores the number consumed in *N_USEDP.  Returns
 * 0 and a message in *MSGP, EAGAIN if all N bytes were consumed without
 * completing one, or EPROTO (logged) if the input is too big, not JSON,
 * or not a JSON-RPC message; after EPROTO the reader consumes nothing and
 * keeps returning EPROTO. */
int jsonrpc_reader_feed(struct jsonrpc_reader *, const char *data, size_t n,
                        size_t *n_usedp, struct jsonrpc_msg **msgp);
/* True if part of a message (more than whitespace) has been consumed. */
bool jsonrpc_reader_in_message(const struct jsonrpc_reader *);

/* Sessions. */
struct jsonrpc_session *jsonrpc_session_open(const char *name, bool retry);
/* Wraps an accepted connection: no reconnection once it drops. */
struct jsonrpc_session *jsonrpc_session_open_unreliably(struct jsonrpc *,
                                                        uint8_t dscp);
void jsonrpc_session_close(struct jsonrpc_session *);   /* NULL is fine. */
void jsonrpc_session_run(struct jsonrpc_session *);
void jsonrpc_session_wait(struct jsonrpc_session *);
size_t jsonrpc_session_get_backlog(const struct jsonrpc_session *);
const char *jsonrpc_session_get_name(const struct jsonrpc_session *);
/* Consumes MSG; if not connected, drops it and returns ENOTCONN. */
int jsonrpc_session_send(struct jsonrpc_session *, struct jsonrpc_msg *);
/* jsonrpc_cork() and jsonrpc_uncork() on the current connection, if any. */
void jsonrpc_session_cork(struct jsonrpc_session *);
void jsonrpc_session_uncork(struct jsonrpc_session *);
struct jsonrpc_msg *jsonrpc_session_recv(struct jsonrpc_session *);
void jsonrpc_session_recv_wait(struct jsonrpc_session *);
bool jsonrpc_session_is_alive(const struct jsonrpc_session *);
bool jsonrpc_session_is_connected(const struct jsonrpc_session *);
unsigned int jsonrpc_session_get_seqno(const struct jsonrpc_session *);
int jsonrpc_session_get_status(const struct jsonrpc_session *);
int jsonrpc_session_get_last_error(const struct jsonrpc_session *);
void jsonrpc_session_force_reconnect(struct jsonrpc_session *);
void jsonrpc_session_set_max_backoff(struct jsonrpc_session *, int ms);
/* Sets both ends of the backoff range (see reconnect.h). */
void jsonrpc_session_set_backoff(struct jsonrpc_session *, int min_ms,
                                 int max_ms);
void jsonrpc_session_set_probe_interval(struct jsonrpc_session *, int ms);
void jsonrpc_session_set_max_msg_size(struct jsonrpc_session *, size_t);
/* Human-readable state for status columns and logs (e.g. "ACTIVE",
 * "BACKOFF", "CONNECTING"), and seconds connected/disconnected. */
const char *jsonrpc_session_get_state(const struct jsonrpc_session *);

#endif /* jsonrpc.h */
