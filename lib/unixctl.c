/* unixctl.c -- the control socket of a daemon, and the client side that
 * ovs-appctl uses (see unixctl.h for the protocol).
 *
 * Commands live in one process-wide table, so that modules can register
 * theirs (vlog/set, coverage/show...) before any server exists.  A server
 * is a listening punix: stream plus the connections accepted from it, each
 * a struct jsonrpc.
 *
 * One request at a time per connection: while a command has not replied,
 * its connection reads nothing more, so replies go out in request order
 * and a client cannot pile up work.  A handler may keep the connection
 * pointer and reply from a later iteration of the main loop; for that
 * reason a connection that fails while its request is outstanding is not
 * freed at once: it loses its jsonrpc and leaves the server's list, and the
 * late reply (which has nowhere to go) frees it.
 *
 * Anything that is not a well-formed request (a reply, a notification,
 * bytes that are not JSON-RPC) closes the connection: the peer is not
 * speaking this protocol, and guessing would only hide the fault. */
#include "unixctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "json.h"
#include "jsonrpc.h"
#include "list.h"
#include "poll-loop.h"
#include "shash.h"
#include "stream.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(unixctl);

COVERAGE_DEFINE(unixctl_received);
COVERAGE_DEFINE(unixctl_replied);

/* Limits, to keep one misbehaving client from hurting the daemon. */
#define MAX_CONNS 64                  /* Simultaneous connections. */
#define MAX_MSG_SIZE (4 * 1024 * 1024)  /* Bytes in one request. */
#define MAX_REQUESTS_PER_RUN 10       /* Per connection, per iteration. */

struct unixctl_command {
    const char *usage;          /* NULL: hidden from list-commands. */
    int min_args, max_args;
    unixctl_cb_func *cb;
    void *aux;
};

struct unixctl_conn {
    struct ovs_list node;       /* In server's 'conns', unless orphaned. */
    struct jsonrpc *rpc;        /* NULL once the connection failed. */
    struct json *request_id;    /* Outstanding request's id, or NULL. */
};

struct unixctl_server {
    struct pstream *listener;
    struct ovs_list conns;
    size_t n_conns;
    char *path;                 /* Absolute file name of the socket. */
};

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

static struct shash commands = SHASH_INITIALIZER(&commands);

static void
unixctl_list_commands(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    const struct shash_node **nodes = shash_sort(&commands);
    size_t n = shash_count(&commands);

    ds_put_cstr(&ds, "The available commands are:\n");
    for (size_t i = 0; i < n; i++) {
        const struct unixctl_command *command = nodes[i]->data;
        if (command->usage) {
            ds_put_format(&ds, "  %-23s %s\n", nodes[i]->name,
                          command->usage);
        }
    }
    free(nodes);

    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
unixctl_version(struct unixctl_conn *conn, int argc OVS_UNUSED,
                const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    char *version = xasprintf("%s (ovsng) %s\n", program_name,
                              ovs_get_version());
    unixctl_command_reply(conn, version);
    free(version);
}

static void
register_builtins(void)
{
    static bool done;
    if (!done) {
        done = true;
        unixctl_command_register("list-commands", "", 0, 0,
                                 unixctl_list_commands, NULL);
        /* An alias, not listed, as in the daemons we are compatible
         * with. */
        unixctl_command_register("help", NULL, 0, 0,
                                 unixctl_list_commands, NULL);
        unixctl_command_register("version", "", 0, 0, unixctl_version,
                                 NULL);
    }
}

void
unixctl_command_register(const char *name, const char *usage,
                         int min_args, int max_args,
                         unixctl_cb_func *cb, void *aux)
{
    ovs_assert(min_args >= 0 && max_args >= min_args);
    ovs_assert(cb);

    struct unixctl_command *command = shash_find_data(&commands, name);
    if (command) {
        /* Registering the same command twice is harmless (modules' init
         * functions may run more than once); two different handlers for
         * one name is a bug. */
        ovs_assert(command->cb == cb);
        return;
    }

    command = xmalloc(sizeof *command);
    command->usage = usage;
    command->min_args = min_args;
    command->max_args = max_args;
    command->cb = cb;
    command->aux = aux;
    shash_add(&commands, name, command);
}

/* Sends a reply (or an error reply, if IS_ERROR) with BODY to CONN's
 * outstanding request. */
static void
unixctl_command_reply__(struct unixctl_conn *conn, bool is_error,
                        const char *body)
{
    if (!conn->request_id) {
        /* A handler replied twice: a bug in the handler, not fatal for the
         * daemon. */
        VLOG_ERR("reply to %s connection with no outstanding request",
                 conn->rpc ? jsonrpc_get_name(conn->rpc) : "closed");
        return;
    }

    if (!conn->rpc) {
        /* The client went away while the command was running: the reply
         * has nowhere to go, and the connection was kept only for us. */
        VLOG_DBG("dropping reply to closed connection");
        json_destroy(conn->request_id);
        free(conn);
        return;
    }

    /* A nonempty body always ends in a new-line, so that ovs-appctl's
     * output (which prints it as is) ends in one too; the tools we are
     * compatible with do the same. */
    if (!body) {
        body = "";
    }
    size_t len = strlen(body);
    struct json *json = (len && body[len - 1] != '\n'
                         ? json_string_create_nocopy(xasprintf("%s\n",
                                                               body))
                         : json_string_create(body));
    struct jsonrpc_msg *reply
        = (is_error
           ? jsonrpc_create_error(json, conn->request_id)
           : jsonrpc_create_reply(json, conn->request_id));
    json_destroy(conn->request_id);
    conn->request_id = NULL;

    COVERAGE_INC(unixctl_replied);
    /* A send error shows in the connection's status; run_connection()
     * then closes it. */
    jsonrpc_send(conn->rpc, reply);
}

void
unixctl_command_reply(struct unixctl_conn *conn, const char *body)
{
    unixctl_command_reply__(conn, false, body);
}

void
unixctl_command_reply_error(struct unixctl_conn *conn, const char *error)
{
    unixctl_command_reply__(conn, true, error);
}

/* Runs the command REQUEST asks for, or answers with an error. */
static void
process_command(struct unixctl_conn *conn, struct jsonrpc_msg *request)
{
    struct unixctl_command *command;
    struct json_array *params;
    char *error = NULL;

    COVERAGE_INC(unixctl_received);
    conn->request_id = json_clone(request->id);

    if (VLOG_IS_DBG_ENABLED()) {
        char *s = request->params ? json_to_string(request->params, 0)
                                  : xstrdup("[]");
        VLOG_DBG("received request %s%s, id=%lld", request->method, s,
                 (long long int) (request->id->type == JSON_INTEGER
                                  ? json_integer(request->id) : -1));
        free(s);
    }

    if (!request->params || request->params->type != JSON_ARRAY) {
        unixctl_command_reply_error(conn,
                                    "params must be an array of strings");
        return;
    }
    params = json_array(request->params);

    command = shash_find_data(&commands, request->method);
    if (!command) {
        error = xasprintf("\"%s\" is not a valid command (use "
                          "\"list-commands\" to see a list of valid "
                          "commands)", request->method);
    } else if (params->n < command->min_args) {
        error = xasprintf("\"%s\" command takes at least %d arguments",
                          request->method, command->min_args);
    } else if (params->n > command->max_args) {
        error = xasprintf("\"%s\" command takes at most %d arguments",
                          request->method, command->max_args);
    } else {
        for (size_t i = 0; i < params->n; i++) {
            if (params->elems[i]->type != JSON_STRING) {
                char *s = json_to_string(params->elems[i], 0);
                error = xasprintf("command has non-string argument: %s", s);
                free(s);
                break;
            }
        }
    }

    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }

    const char **argv = xmalloc((params->n + 2) * sizeof *argv);
    argv[0] = request->method;
    for (size_t i = 0; i < params->n; i++) {
        argv[i + 1] = json_string(params->elems[i]);
    }
    argv[params->n + 1] = NULL;
    command->cb(conn, params->n + 1, argv, command->aux);
    free(argv);
}

/* Returns 0, or an errno if the connection must be closed. */
static int
run_connection(struct unixctl_conn *conn)
{
    jsonrpc_run(conn->rpc);
    int error = jsonrpc_get_status(conn->rpc);

    for (int i = 0; !error && !conn->request_id && i < MAX_REQUESTS_PER_RUN;
         i++) {
        struct jsonrpc_msg *msg;

        error = jsonrpc_recv(conn->rpc, &msg);
        if (error) {
            break;
        }
        if (msg->type == JSONRPC_REQUEST) {
            process_command(conn, msg);
        } else {
            VLOG_WARN_RL(&rl, "%s: received unexpected %s message",
                         jsonrpc_get_name(conn->rpc),
                         jsonrpc_msg_type_to_string(msg->type));
            error = EINVAL;
        }
        jsonrpc_msg_destroy(msg);
        if (!error) {
            /* A reply the command just sent: flush it now. */
            jsonrpc_run(conn->rpc);
            error = jsonrpc_get_status(conn->rpc);
        }
    }
    return error == EAGAIN ? 0 : error;
}

static void
kill_connection(struct unixctl_server *server, struct unixctl_conn *conn)
{
    ovs_list_remove(&conn->node);
    server->n_conns--;
    jsonrpc_close(conn->rpc);
    conn->rpc = NULL;
    if (!conn->request_id) {
        free(conn);
    }
    /* Otherwise the handler still holds CONN: its reply frees it. */
}

int
unixctl_server_create(const char *path, struct unixctl_server **serverp)
{
    *serverp = NULL;
    if (path && !strcmp(path, "none")) {
        return 0;
    }

    char *abs_path = (path
                      ? abs_file_name(ovs_rundir(), path)
                      : xasprintf("%s/%s.%ld.ctl", ovs_rundir(),
                                  program_name, (long int) getpid()));
    char *punix_name = xasprintf("punix:%s", abs_path);
    struct pstream *listener;
    int error = pstream_open(punix_name, &listener, 0);
    free(punix_name);
    if (error) {
        VLOG_ERR("could not initialize control socket %s (%s)",
                 abs_path, ovs_strerror(error));
        free(abs_path);
        return error;
    }

    register_builtins();

    struct unixctl_server *server = xmalloc(sizeof *server);
    server->listener = listener;
    ovs_list_init(&server->conns);
    server->n_conns = 0;
    server->path = abs_path;
    *serverp = server;
    return 0;
}

void
unixctl_server_run(struct unixctl_server *server)
{
    if (!server) {
        return;
    }

    for (int i = 0; i < MAX_CONNS; i++) {
        struct stream *stream;
        int error = pstream_accept(server->listener, &stream);
        if (error == EAGAIN) {
            break;
        } else if (error) {
            VLOG_WARN_RL(&rl, "%s: accept failed: %s",
                         pstream_get_name(server->listener),
                         ovs_strerror(error));
            break;
        }
        if (server->n_conns >= MAX_CONNS) {
            VLOG_WARN_RL(&rl, "%s: too many connections (%d), dropping new "
                         "one", server->path, MAX_CONNS);
            stream_close(stream);
            continue;
        }

        struct unixctl_conn *conn = xzalloc(sizeof *conn);
        conn->rpc = jsonrpc_open(stream);
        jsonrpc_set_max_msg_size(conn->rpc, MAX_MSG_SIZE);
        ovs_list_push_back(&server->conns, &conn->node);
        server->n_conns++;
    }

    struct unixctl_conn *conn, *next;
    LIST_FOR_EACH_SAFE (conn, next, node, &server->conns) {
        int error = run_connection(conn);
        if (error) {
            if (error != EOF) {
                VLOG_DBG_RL(&rl, "%s: closing connection (%s)",
                            jsonrpc_get_name(conn->rpc),
                            ovs_strerror(error));
            }
            kill_connection(server, conn);
        }
    }
}

void
unixctl_server_wait(struct unixctl_server *server)
{
    if (!server) {
        return;
    }

    pstream_wait(server->listener);
    struct unixctl_conn *conn;
    LIST_FOR_EACH (conn, node, &server->conns) {
        jsonrpc_wait(conn->rpc);
        if (!conn->request_id) {
            jsonrpc_recv_wait(conn->rpc);
        }
    }
}

void
unixctl_server_destroy(struct unixctl_server *server)
{
    if (!server) {
        return;
    }

    struct unixctl_conn *conn, *next;
    LIST_FOR_EACH_SAFE (conn, next, node, &server->conns) {
        kill_connection(server, conn);
    }
    pstream_close(server->listener);
    free(server->path);
    free(server);
}

const char *
unixctl_server_get_path(const struct unixctl_server *server)
{
    return server ? server->path : NULL;
}

int
unixctl_client_create(const char *path, struct jsonrpc **client)
{
    char *abs_path = abs_file_name(ovs_rundir(), path);
    char *unix_name = xasprintf("unix:%s", abs_path);
    struct stream *stream;

    *client = NULL;
    int error = stream_open_block(stream_open(unix_name, &stream, 0), -1,
                                  &stream);
    free(unix_name);
    if (error) {
        VLOG_DBG("could not connect to %s (%s)", abs_path,
                 ovs_strerror(error));
    } else {
        *client = jsonrpc_open(stream);
    }
    free(abs_path);
    return error;
}

int
unixctl_client_transact(struct jsonrpc *client, const char *command,
                        int argc, char *argv[], char **result,
                        char **error)
{
    *result = NULL;
    *error = NULL;

    struct json *params = json_array_create_empty();
    for (int i = 0; i < argc; i++) {
        json_array_add(params, json_string_create(argv[i]));
    }

    struct jsonrpc_msg *request = jsonrpc_create_request(command, params,
                                                         NULL);
    struct jsonrpc_msg *reply;
    int retval = jsonrpc_transact_block(client, request, &reply);
    if (retval) {
        VLOG_WARN("error communicating with %s: %s",
                  jsonrpc_get_name(client), ovs_retval_to_string(retval));
        return retval;
    }

    if (reply->type == JSONRPC_ERROR) {
        if (reply->error && reply->error->type == JSON_STRING) {
            *error = xstrdup(json_string(reply->error));
        } else {
            char *s = json_to_string(reply->error, 0);
            VLOG_WARN("%s: unexpected error type in JSON-RPC reply: %s",
                      jsonrpc_get_name(client), s);
            free(s);
            retval = EINVAL;
        }
    } else if (reply->type == JSONRPC_REPLY) {
        if (reply->result && reply->result->type == JSON_STRING) {
            *result = xstrdup(json_string(reply->result));
        } else {
            char *s = reply->result ? json_to_string(reply->result, 0)
                                    : xstrdup("(none)");
            VLOG_WARN("%s: unexpected result type in JSON-RPC reply: %s",
                      jsonrpc_get_name(client), s);
            free(s);
            retval = EINVAL;
        }
    } else {
        VLOG_WARN("%s: unexpected %s message in reply",
                  jsonrpc_get_name(client),
                  jsonrpc_msg_type_to_string(reply->type));
        retval = EINVAL;
    }
    jsonrpc_msg_destroy(reply);
    return retval;
}

void
unixctl_usage(void)
{
    printf("\nRemote control options:\n"
           "  --unixctl=SOCKET        override default control socket "
           "name\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
}
