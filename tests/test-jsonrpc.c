/* test-jsonrpc.c -- tests of JSON-RPC messages, connections and sessions.
 *
 * "ovstest test-jsonrpc COMMAND ...", where COMMAND is:
 *
 *   unit                 in-process checks of message shapes, JSON
 *                        conversion and framing (struct jsonrpc_reader)
 *   listen [--max-size=N] [--port-file=FILE] PSTREAM
 *                        a server: replies to "echo" with its params, to
 *                        other requests with the error "unknown method";
 *                        exits on a "shutdown" notification; writes the
 *                        bound tcp port to FILE
 *   request STREAM METHOD PARAMS
 *                        sends a request, prints the reply or error
 *   notify STREAM METHOD PARAMS
 *                        sends a notification
 *   send-raw [--no-wait] STREAM FILE
 *                        sends FILE's bytes as they are, then (unless
 *                        --no-wait) waits until the peer closes
 *   session-reconnect    a session reconnects, with backoff, to a server
 *                        (in the same process) that goes away and back
 *   session-probe        a session detects a peer that stopped reading,
 *                        and stays up with a peer that answers probes
 *
 * The session tests run client and server in one process, in one poll
 * loop, on a unix socket in the current directory, and print a transcript
 * of what happened that does not depend on timing. */

#include <config.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "json.h"
#include "jsonrpc.h"
#include "list.h"
#include "ovstest.h"
#include "poll-loop.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

/* Unit tests. */

static char *
msg_to_json_string(struct jsonrpc_msg *msg)
{
    struct json *json = jsonrpc_msg_to_json(msg);
    char *s = json_to_string(json, JSSF_SORT);
    json_destroy(json);
    return s;
}

static void
check_msg_json(struct jsonrpc_msg *msg, const char *expected)
{
    char *error = jsonrpc_msg_is_valid(msg);
    OVSTEST_CHECK_STR(error ? error : "valid", "valid");
    char *s = msg_to_json_string(msg);
    OVSTEST_CHECK_STR(s, expected);
    free(s);
}

static void
test_constructors(void)
{
    struct json *id;
    struct jsonrpc_msg *msg = jsonrpc_create_request(
        "echo", json_array_create_1(json_integer_create(1)), &id);
    OVSTEST_CHECK(id && id->type == JSON_INTEGER);
    long long first = json_integer(id);
    char *expected = xasprintf("{\"id\":%lld,\"method\":\"echo\","
                               "\"params\":[1]}", first);
    check_msg_json(msg, expected);
    free(expected);
    json_destroy(id);

    /* Ids come from a counter. */
    msg = jsonrpc_create_request("x", json_array_create_empty(), &id);
    OVSTEST_CHECK_INT(json_integer(id), first + 1);
    json_destroy(id);
    jsonrpc_msg_destroy(msg);

    check_msg_json(jsonrpc_create_notify("update", NULL),
                   "{\"id\":null,\"method\":\"update\",\"params\":[]}");

    struct json *seven = json_integer_create(7);
    check_msg_json(jsonrpc_create_reply(json_string_create("x"), seven),
                   "{\"error\":null,\"id\":7,\"result\":\"x\"}");
    check_msg_json(jsonrpc_create_error(json_string_create("e"), seven),
                   "{\"error\":\"e\",\"id\":7}");

    msg = jsonrpc_create_reply(json_array_create_empty(), seven);
    char *s = jsonrpc_msg_to_string(msg);
    OVSTEST_CHECK_STR(s, "reply, result=[], id=7");
    free(s);
    jsonrpc_msg_destroy(msg);
    json_destroy(seven);

    msg = jsonrpc_create_notify("a\"b", NULL);
    s = jsonrpc_msg_to_string(msg);
    OVSTEST_CHECK_STR(s, "notification, method=\"a\\\"b\", params=[]");
    free(s);
    jsonrpc_msg_destroy(msg);

    jsonrpc_msg_destroy(NULL);
}

/* Parses TEXT as a message: returns its compact sorted JSON after a round
 * trip, or "error: MESSAGE". */
static char *
parse_msg(const char *text)
{
    char *error;
    struct json *json = json_parse_string(text, &error);
    OVSTEST_CHECK(json);

    struct jsonrpc_msg *msg;
    error = jsonrpc_msg_from_json(json, &msg);
    if (error) {
        OVSTEST_CHECK(!msg);
        char *s = xasprintf("error: %s", error);
        free(error);
        return s;
    }
    char *type = xstrdup(jsonrpc_msg_type_to_string(msg->type));
    char *s = msg_to_json_string(msg);
    char *result = xasprintf("%s %s", type, s);
    free(type);
    free(s);
    return result;
}

static void
check_parse(const char *text, const char *expected)
{
    char *s = parse_msg(text);
    OVSTEST_CHECK_STR(s, expected);
    free(s);
}

static void
test_from_json(void)
{
    /* Valid shapes, and normalization of the null members. */
    check_parse("{\"method\":\"m\",\"params\":[1],\"id\":\"x\"}",
                "request {\"id\":\"x\",\"method\":\"m\",\"params\":[1]}");
    check_parse("{\"method\":\"m\",\"params\":[],\"id\":null}",
                "notification {\"id\":null,\"method\":\"m\",\"params\":[]}");
    check_parse("{\"method\":\"m\",\"params\":[]}",
                "notification {\"id\":null,\"method\":\"m\",\"params\":[]}");
    check_parse("{\"result\":{\"a\":1},\"error\":null,\"id\":[1]}",
                "reply {\"error\":null,\"id\":[1],\"result\":{\"a\":1}}");
    check_parse("{\"result\":null,\"error\":null,\"id\":3}",
                "reply {\"error\":null,\"id\":3,\"result\":null}");
    check_parse("{\"result\":1,\"id\":3}",
                "reply {\"error\":null,\"id\":3,\"result\":1}");
    check_parse("{\"result\":null,\"error\":\"bad\",\"id\":3}",
                "error {\"error\":\"bad\",\"id\":3}");
    check_parse("{\"error\":{\"e\":1},\"id\":3}",
                "error {\"error\":{\"e\":1},\"id\":3}");

    /* Invalid. */
    check_parse("[1]", "error: message is not a JSON object");
    check_parse("\"s\"", "error: message is not a JSON object");
    check_parse("{}", "error: message is not a JSON-RPC request, "
                "notification, reply or error");
    check_parse("{\"id\":1}", "error: message is not a JSON-RPC request, "
                "notification, reply or error");
    check_parse("{\"method\":\"m\",\"params\":[],\"id\":1,\"x\":2}",
                "error: message has unexpected member \"x\"");
    check_parse("{\"method\":1,\"params\":[],\"id\":1}",
                "error: method is not a JSON string");
    check_parse("{\"method\":\"m\",\"params\":{},\"id\":1}",
                "error: \"params\" must be JSON array");
    check_parse("{\"method\":\"m\",\"id\":1}",
                "error: request must have \"params\"");
    check_parse("{\"method\":\"m\",\"params\":[],\"result\":1,\"id\":1}",
                "error: reply must not have \"method\"");
    check_parse("{\"result\":1}", "error: reply must have \"id\"");
    check_parse("{\"result\":1,\"error\":2,\"id\":1}",
                "error: message has both \"result\" and non-null "
                "\"error\"");
    check_parse("{\"error\":\"e\",\"id\":null}",
                "error: error must have non-null \"id\"");
    check_parse("{\"error\":\"e\",\"params\":[],\"id\":1}",
                "error: error must not have \"params\"");

    /* A shared value is not modified by the conversion. */
    struct json *json = json_parse_string(
        "{\"method\":\"m\",\"params\":[],\"id\":1}", NULL);
    struct json *copy = json_clone(json);
    struct jsonrpc_msg *msg;
    char *error = jsonrpc_msg_from_json(json, &msg);
    OVSTEST_CHECK(!error && msg);
    OVSTEST_CHECK_INT(shash_count(json_object(copy)), 3);
    json_destroy(copy);
    jsonrpc_msg_destroy(msg);

    /* Hand-built invalid messages. */
    msg = jsonrpc_create_request("m", json_object_create(), NULL);
    error = jsonrpc_msg_is_valid(msg);
    OVSTEST_CHECK_STR(error, "\"params\" must be JSON array");
    free(error);
    jsonrpc_msg_destroy(msg);
}

/* Feeds TEXT to a reader in pieces of CHUNK bytes; returns the messages,
 * one a line, then "EAGAIN" or "EPROTO". */
static char *
frame(const char *text, size_t chunk, size_t max_size)
{
    struct jsonrpc_reader *r = jsonrpc_reader_create("test", max_size);
    struct ds out = DS_EMPTY_INITIALIZER;
    size_t len = strlen(text), ofs = 0;
    int error = EAGAIN;

    while (ofs < len || error == 0) {
        size_t n = MIN(chunk, len - ofs), used;
        struct jsonrpc_msg *msg;

        error = jsonrpc_reader_feed(r, text + ofs, n, &used, &msg);
        OVSTEST_CHECK(used <= n);
        ofs += used;
        if (!error) {
            char *s = msg_to_json_string(msg);
            ds_put_format(&out, "%s\n", s);
            free(s);
        } else if (error == EPROTO) {
            /* Stays dead. */
            OVSTEST_CHECK_INT(jsonrpc_reader_feed(r, "{}", 2, &used, &msg),
                              EPROTO);
            OVSTEST_CHECK(!used && !msg);
            break;
        } else {
            OVSTEST_CHECK_INT(error, EAGAIN);
            OVSTEST_CHECK_INT(used, n);
            if (ofs >= len) {
                break;
            }
        }
    }
    ds_put_cstr(&out, error == EPROTO ? "EPROTO" : "EAGAIN");
    if (error != EPROTO && jsonrpc_reader_in_message(r)) {
        ds_put_cstr(&out, " (partial)");
    }
    jsonrpc_reader_destroy(r);
    return ds_steal_cstr(&out);
}

static void
check_frame(const char *text, size_t max_size, const char *expected)
{
    /* The result must not depend on how the input is split. */
    static const size_t chunks[] = { 1, 2, 3, 7, 4096 };
    for (size_t i = 0; i < ARRAY_SIZE(chunks); i++) {
        char *s = frame(text, chunks[i], max_size);
        if (strcmp(s, expected)) {
            ovstest_fail(__FILE__, __LINE__, "framing \"%s\" in pieces of "
                         "%zu: \"%s\" != \"%s\"", text, chunks[i], s,
                         expected);
        }
        free(s);
    }
}

static void
test_framing(void)
{
    const size_t big = JSONRPC_DEFAULT_MAX_MSG_SIZE;

    check_frame("", big, "EAGAIN");
    check_frame("  \n ", big, "EAGAIN");
    check_frame("{\"method\":\"m\",\"params\":[],\"id\":1}"
                "{\"method\":\"n\",\"params\":[]}  \n"
                "{\"result\":2,\"error\":null,\"id\":1}",
                big,
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\n"
                "{\"id\":null,\"method\":\"n\",\"params\":[]}\n"
                "{\"error\":null,\"id\":1,\"result\":2}\n"
                "EAGAIN");
    check_frame("{\"method\":\"m\",\"params\":[],\"id\":1}{\"meth", big,
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\n"
                "EAGAIN (partial)");

    /* Exactly at the limit is fine; one byte more is not. */
    const char *msg = "{\"method\":\"m\",\"params\":[],\"id\":1}";
    check_frame(msg, strlen(msg),
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\nEAGAIN");
    check_frame(msg, strlen(msg) - 1, "EPROTO");
    /* Leading whitespace counts towards the message. */
    char *spaced = xasprintf(" %s", msg);
    check_frame(spaced, strlen(msg), "EPROTO");
    free(spaced);
    /* The first message fits, the second does not. */
    char *two = xasprintf("%s{\"method\":\"m\",\"params\":[1,2,3,4],"
                          "\"id\":1}", msg);
    check_frame(two, strlen(msg),
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\nEPROTO");
    free(two);

    /* Not JSON, not JSON-RPC, not an object. */
    check_frame("{\"method\":\"m\",,", big, "EPROTO");
    check_frame("hello ", big, "EPROTO");
    check_frame("hello", big, "EAGAIN (partial)");  /* "hello..." maybe */
    check_frame("{\"method\":\"m\",\"params\":[],\"id\":1}[1,2]", big,
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\nEPROTO");
    check_frame("{\"foo\":1}", big, "EPROTO");
}

static void
test_unit(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* The framing tests log their protocol errors on purpose. */
    vlog_set_levels(vlog_module_from_name("jsonrpc"), VLF_ANY_DESTINATION,
                    VLL_OFF);
    test_constructors();
    test_from_json();
    test_framing();
    printf("jsonrpc unit tests passed\n");
}

/* Black-box tools. */

static struct json *
parse_params(const char *s)
{
    char *error;
    struct json *json = json_parse_string(s, &error);
    if (!json) {
        ovs_fatal(0, "PARAMS: %s", error);
    }
    if (json->type != JSON_ARRAY) {
        ovs_fatal(0, "PARAMS must be a JSON array");
    }
    return json;
}

static struct jsonrpc *
open_rpc(const char *name)
{
    struct stream *stream;
    int error = stream_open_block(stream_open(name, &stream, 0), 10000,
                                  &stream);
    if (error) {
        ovs_fatal(error, "could not open \"%s\"", name);
    }
    return jsonrpc_open(stream);
}

/* Prints MSG as JSON and frees it. */
static void
print_and_destroy(struct jsonrpc_msg *msg)
{
    char *s = msg_to_json_string(msg);
    printf("%s\n", s);
    free(s);
}

static void
do_request(int argc, char *argv[])
{
    if (argc != 4) {
        ovs_fatal(0, "usage: request STREAM METHOD PARAMS");
    }
    struct jsonrpc *rpc = open_rpc(argv[1]);
    struct jsonrpc_msg *request = jsonrpc_create_request(
        argv[2], parse_params(argv[3]), NULL);
    struct jsonrpc_msg *reply;
    int error = jsonrpc_transact_block(rpc, request, &reply);
    if (error) {
        ovs_fatal(error, "transaction failed");
    }
    print_and_destroy(reply);
    jsonrpc_close(rpc);
}

static void
do_notify(int argc, char *argv[])
{
    if (argc != 4) {
        ovs_fatal(0, "usage: notify STREAM METHOD PARAMS");
    }
    struct jsonrpc *rpc = open_rpc(argv[1]);
    int error = jsonrpc_send_block(
        rpc, jsonrpc_create_notify(argv[2], parse_params(argv[3])));
    if (error) {
        ovs_fatal(error, "could not send notification");
    }
    jsonrpc_close(rpc);
}

static void
do_send_raw(int argc, char *argv[])
{
    bool wait = true;
    if (argc > 1 && !strcmp(argv[1], "--no-wait")) {
        wait = false;
        argc--;
        argv++;
    }
    if (argc != 3) {
        ovs_fatal(0, "usage: send-raw [--no-wait] STREAM FILE");
    }
    FILE *file = fopen(argv[2], "rb");
    if (!file) {
        ovs_fatal(errno, "%s: open failed", argv[2]);
    }
    struct ds data = DS_EMPTY_INITIALIZER;
    int c;
    while ((c = getc(file)) != EOF) {
        ds_put_char(&data, c);
    }
    fclose(file);

    struct stream *stream;
    int error = stream_open_block(stream_open(argv[1], &stream, 0), 10000,
                                  &stream);
    if (error) {
        ovs_fatal(error, "could not open \"%s\"", argv[1]);
    }

    /* Send everything, unless the peer hangs up first. */
    size_t ofs = 0;
    while (ofs < data.length) {
        int retval = stream_send(stream, data.string + ofs,
                                 data.length - ofs);
        if (retval > 0) {
            ofs += retval;
        } else if (retval == -EAGAIN) {
            stream_run_wait(stream);
            stream_send_wait(stream);
            poll_block();
        } else {
            break;
        }
        stream_run(stream);
    }

    /* Wait for the peer to close: EOF or an error both count. */
    while (wait) {
        char buf[4096];
        int retval = stream_recv(stream, buf, sizeof buf);
        if (retval == -EAGAIN) {
            stream_run(stream);
            stream_run_wait(stream);
            stream_recv_wait(stream);
            poll_block();
        } else if (retval <= 0) {
            break;
        }
    }
    printf(wait ? "connection closed\n" : "sent\n");
    stream_close(stream);
    ds_destroy(&data);
}

/* The "listen" server. */
struct server_conn {
    struct ovs_list node;
    struct jsonrpc *rpc;
};

/* Handles one message; returns false on "shutdown". */
static bool
server_handle(struct jsonrpc *rpc, struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_REQUEST) {
        struct jsonrpc_msg *reply;
        if (!strcmp(msg->method, "echo")) {
            reply = jsonrpc_create_reply(json_clone(msg->params), msg->id);
        } else {
            reply = jsonrpc_create_error(
                json_string_create("unknown method"), msg->id);
        }
        jsonrpc_send(rpc, reply);
    } else if (msg->type == JSONRPC_NOTIFY
               && !strcmp(msg->method, "shutdown")) {
        return false;
    }
    return true;
}

static void
do_listen(int argc, char *argv[])
{
    size_t max_size = JSONRPC_DEFAULT_MAX_MSG_SIZE;
    const char *port_file = NULL;
    int i = 1;

    for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
        if (!strncmp(argv[i], "--max-size=", 11)) {
            max_size = strtoull(argv[i] + 11, NULL, 10);
        } else if (!strncmp(argv[i], "--port-file=", 12)) {
            port_file = argv[i] + 12;
        } else {
            ovs_fatal(0, "unknown option %s", argv[i]);
        }
    }
    if (i + 1 != argc) {
        ovs_fatal(0, "usage: listen [--max-size=N] [--port-file=FILE] "
                  "PSTREAM");
    }

    struct pstream *pstream;
    int error = pstream_open(argv[i], &pstream, 0);
    if (error) {
        ovs_fatal(error, "could not listen on \"%s\"", argv[i]);
    }
    if (port_file) {
        /* Written whole under a temporary name, so that a test waiting for
         * the file never reads half of it. */
        char *tmp = xasprintf("%s.tmp", port_file);
        FILE *file = fopen(tmp, "w");
        if (!file) {
            ovs_fatal(errno, "%s: create failed", tmp);
        }
        fprintf(file, "%d\n", pstream_get_bound_port(pstream));
        fclose(file);
        if (rename(tmp, port_file)) {
            ovs_fatal(errno, "%s: rename failed", port_file);
        }
        free(tmp);
    }

    struct ovs_list conns = OVS_LIST_INITIALIZER(&conns);
    bool done = false;
    while (!done) {
        struct stream *stream;
        error = pstream_accept(pstream, &stream);
        if (!error) {
            struct server_conn *conn = xmalloc(sizeof *conn);
            conn->rpc = jsonrpc_open(stream);
            jsonrpc_set_max_msg_size(conn->rpc, max_size);
            ovs_list_push_back(&conns, &conn->node);
        } else if (error != EAGAIN) {
            ovs_fatal(error, "accept failed");
        }

        struct server_conn *conn, *next;
        LIST_FOR_EACH_SAFE (conn, next, node, &conns) {
            jsonrpc_run(conn->rpc);
            for (int j = 0; j < 50 && !done; j++) {
                struct jsonrpc_msg *msg;
                error = jsonrpc_recv(conn->rpc, &msg);
                if (error) {
                    break;
                }
                done = !server_handle(conn->rpc, msg);
                jsonrpc_msg_destroy(msg);
            }
            error = jsonrpc_get_status(conn->rpc);
            if (error) {
                ovs_list_remove(&conn->node);
                jsonrpc_close(conn->rpc);
                free(conn);
            }
        }

        if (!done) {
            pstream_wait(pstream);
            LIST_FOR_EACH (conn, node, &conns) {
                jsonrpc_wait(conn->rpc);
                jsonrpc_recv_wait(conn->rpc);
            }
            poll_block();
        }
    }

    struct server_conn *conn;
    LIST_FOR_EACH_POP (conn, node, &conns) {
        jsonrpc_close(conn->rpc);
        free(conn);
    }
    pstream_close(pstream);
}

/* Session tests. */

#define SOCKET_NAME "test-jsonrpc.sock"

/* A server inside the test process that answers echo requests, through
 * sessions wrapping the accepted connections (so it also answers the
 * client's probes), or that accepts and then ignores its peer. */
struct mini_server {
    struct pstream *pstream;
    bool deaf;                  /* Accept, but never read or write. */
    struct jsonrpc_session *sessions[8];
    struct stream *deaf_streams[8];
    size_t n_sessions, n_deaf;
};

static void
mini_server_start(struct mini_server *server, bool deaf)
{
    memset(server, 0, sizeof *server);
    server->deaf = deaf;
    int error = pstream_open("punix:" SOCKET_NAME, &server->pstream, 0);
    if (error) {
        ovs_fatal(error, "punix:" SOCKET_NAME ": listen failed");
    }
}

static void
mini_server_stop(struct mini_server *server)
{
    for (size_t i = 0; i < server->n_sessions; i++) {
        jsonrpc_session_close(server->sessions[i]);
    }
    for (size_t i = 0; i < server->n_deaf; i++) {
        stream_close(server->deaf_streams[i]);
    }
    pstream_close(server->pstream);
    unlink(SOCKET_NAME);
    memset(server, 0, sizeof *server);
}

static void
mini_server_run(struct mini_server *server)
{
    if (!server->pstream) {
        return;
    }

    struct stream *stream;
    if (!pstream_accept(server->pstream, &stream)) {
        if (server->deaf
            && server->n_deaf < ARRAY_SIZE(server->deaf_streams)) {
            server->deaf_streams[server->n_deaf++] = stream;
        } else if (!server->deaf
                   && server->n_sessions < ARRAY_SIZE(server->sessions)) {
            server->sessions[server->n_sessions++]
                = jsonrpc_session_open_unreliably(jsonrpc_open(stream), 0);
        } else {
            stream_close(stream);
        }
    }

    for (size_t i = 0; i < server->n_sessions; i++) {
        struct jsonrpc_session *s = server->sessions[i];
        jsonrpc_session_run(s);
        struct jsonrpc_msg *msg = jsonrpc_session_recv(s);
        if (msg) {
            /* Echo requests are answered inside the session. */
            jsonrpc_msg_destroy(msg);
        }
    }
}

static void
mini_server_wait(struct mini_server *server)
{
    if (server->pstream) {
        pstream_wait(server->pstream);
        for (size_t i = 0; i < server->n_sessions; i++) {
            jsonrpc_session_wait(server->sessions[i]);
            jsonrpc_session_recv_wait(server->sessions[i]);
        }
    }
}

/* Runs client session S and SERVER until COND(S) holds, or fails the test
 * after TIMEOUT ms.  If MSGP is nonnull, stops at the first message the
 * session passes up (probes and echo requests it handles itself) and
 * returns it in *MSGP.  With neither COND nor MSGP, just runs for TIMEOUT
 * ms. */
static void
run_until(struct jsonrpc_session *s, struct mini_server *server,
          bool (*cond)(struct jsonrpc_session *), long long timeout,
          const char *what, struct jsonrpc_msg **msgp)
{
    long long deadline = time_msec() + timeout;

    if (msgp) {
        *msgp = NULL;
    }
    for (;;) {
        jsonrpc_session_run(s);
        struct jsonrpc_msg *msg = jsonrpc_session_recv(s);
        if (msg) {
            if (msgp) {
                *msgp = msg;
                return;
            }
            jsonrpc_msg_destroy(msg);
        }
        mini_server_run(server);
        if (cond && cond(s)) {
            return;
        }
        if (time_msec() >= deadline) {
            if (!cond && !msgp) {
                return;
            }
            ovs_fatal(0, "timed out waiting for %s (state %s)", what,
                      jsonrpc_session_get_state(s));
        }
        jsonrpc_session_wait(s);
        jsonrpc_session_recv_wait(s);
        mini_server_wait(server);
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

static bool
is_connected(struct jsonrpc_session *s)
{
    return jsonrpc_session_is_connected(s);
}

static bool
is_disconnected(struct jsonrpc_session *s)
{
    return !jsonrpc_session_is_connected(s);
}

/* Sends an echo request and checks the reply. */
static void
check_echo(struct jsonrpc_session *s, struct mini_server *server, int n)
{
    struct json *id;
    struct jsonrpc_msg *request = jsonrpc_create_request(
        "echo", json_array_create_1(json_integer_create(n)), &id);
    OVSTEST_CHECK_INT(jsonrpc_session_send(s, request), 0);

    struct jsonrpc_msg *reply;
    run_until(s, server, NULL, 10000, "echo reply", &reply);
    OVSTEST_CHECK(reply->type == JSONRPC_REPLY);
    OVSTEST_CHECK(json_equal(reply->id, id));
    OVSTEST_CHECK_INT(json_integer(json_array(reply->result)->elems[0]), n);
    printf("echo %d: ok\n", n);
    jsonrpc_msg_destroy(reply);
    json_destroy(id);
}

static void
do_session_reconnect(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mini_server server;
    memset(&server, 0, sizeof server);
    unlink(SOCKET_NAME);

    struct jsonrpc_session *s = jsonrpc_session_open("unix:" SOCKET_NAME,
                                                     true);
    jsonrpc_session_set_backoff(s, 50, 400);
    OVSTEST_CHECK(jsonrpc_session_is_alive(s));
    OVSTEST_CHECK_INT(jsonrpc_session_send(s, jsonrpc_create_notify(
                                               "x", NULL)), ENOTCONN);

    /* No server yet: attempts fail and back off (50, 100, 200 ms...). */
    run_until(s, &server, NULL, 300, "failures", NULL);
    OVSTEST_CHECK(!jsonrpc_session_is_connected(s));
    OVSTEST_CHECK(jsonrpc_session_get_last_error(s) != 0);
    printf("no server: not connected\n");
    unsigned int seqno = jsonrpc_session_get_seqno(s);

    mini_server_start(&server, false);
    long long start = time_msec();
    run_until(s, &server, is_connected, 10000, "connection", NULL);
    /* The backoff never exceeds 400 ms (plus a connection timeout). */
    OVSTEST_CHECK(time_msec() - start < 5000);
    printf("server started: %s, seqno +%u\n", jsonrpc_session_get_state(s),
           jsonrpc_session_get_seqno(s) - seqno);
    seqno = jsonrpc_session_get_seqno(s);
    check_echo(s, &server, 1);

    /* The server goes away: the session notices and backs off. */
    mini_server_stop(&server);
    run_until(s, &server, is_disconnected, 10000, "disconnection", NULL);
    printf("server stopped: %s, seqno +%u, last error %s\n",
           jsonrpc_session_get_state(s),
           jsonrpc_session_get_seqno(s) - seqno,
           ovs_strerror(jsonrpc_session_get_last_error(s)));
    seqno = jsonrpc_session_get_seqno(s);
    OVSTEST_CHECK(jsonrpc_session_is_alive(s));

    /* And comes back. */
    mini_server_start(&server, false);
    run_until(s, &server, is_connected, 10000, "reconnection", NULL);
    printf("server restarted: %s, seqno +%u\n", jsonrpc_session_get_state(s),
           jsonrpc_session_get_seqno(s) - seqno);
    check_echo(s, &server, 2);

    /* force_reconnect drops the connection and makes a new one. */
    seqno = jsonrpc_session_get_seqno(s);
    jsonrpc_session_force_reconnect(s);
    run_until(s, &server, is_disconnected, 10000, "forced disconnect",
              NULL);
    run_until(s, &server, is_connected, 10000, "reconnection", NULL);
    printf("forced reconnect: %s, seqno +%u\n", jsonrpc_session_get_state(s),
           jsonrpc_session_get_seqno(s) - seqno);
    check_echo(s, &server, 3);

    jsonrpc_session_close(s);
    mini_server_stop(&server);
}

static void
do_session_probe(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct mini_server server;
    unlink(SOCKET_NAME);

    /* A peer that answers: probes keep the connection up. */
    mini_server_start(&server, false);
    struct jsonrpc_session *s = jsonrpc_session_open("unix:" SOCKET_NAME,
                                                     true);
    jsonrpc_session_set_probe_interval(s, 100);
    run_until(s, &server, is_connected, 10000, "connection", NULL);
    unsigned int seqno = jsonrpc_session_get_seqno(s);
    long long start = time_msec();
    while (time_msec() < start + 1000) {
        run_until(s, &server, NULL, 50, "nothing", NULL);
    }
    OVSTEST_CHECK(jsonrpc_session_is_connected(s));
    OVSTEST_CHECK_INT(jsonrpc_session_get_seqno(s), seqno);
    printf("answering peer: still connected after 1 s of 100 ms probes\n");
    jsonrpc_session_close(s);
    mini_server_stop(&server);

    /* A peer that stopped reading: dropped after two intervals. */
    mini_server_start(&server, true);
    s = jsonrpc_session_open("unix:" SOCKET_NAME, true);
    jsonrpc_session_set_probe_interval(s, 200);
    run_until(s, &server, is_connected, 10000, "connection", NULL);
    start = time_msec();
    run_until(s, &server, is_disconnected, 10000, "probe timeout", NULL);
    long long elapsed = time_msec() - start;
    OVSTEST_CHECK(elapsed >= 350);
    printf("deaf peer: %s, last error %s\n", jsonrpc_session_get_state(s),
           ovs_strerror(jsonrpc_session_get_last_error(s)));
    jsonrpc_session_close(s);
    mini_server_stop(&server);
}

static void
test_jsonrpc_main(int argc, char *argv[])
{
    static const struct {
        const char *name;
        void (*func)(int argc, char *argv[]);
    } commands[] = {
        { "unit", test_unit },
        { "listen", do_listen },
        { "request", do_request },
        { "notify", do_notify },
        { "send-raw", do_send_raw },
        { "session-reconnect", do_session_reconnect },
        { "session-probe", do_session_probe },
    };

    if (argc < 2) {
        ovs_fatal(0, "usage: test-jsonrpc COMMAND [ARG...]");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            commands[i].func(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "unknown command \"%s\"", argv[1]);
}

OVSTEST_REGISTER("test-jsonrpc", test_jsonrpc_main);
