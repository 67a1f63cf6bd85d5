/* unixctl.h -- the control socket of every daemon, and its client.
 *
 * A daemon listens on <rundir>/<program>.<pid>.ctl (or --unixctl=PATH) and
 * answers JSON-RPC 1.0 requests whose method is a command name and whose
 * params are an array of strings.  The reply's result is the command's
 * output as a string; an error reply carries the error text as a string.
 * This is the protocol ovs-appctl speaks, so either side interoperates
 * with the tools we are compatible with.
 *
 * Built-in commands: "list-commands" (alias "help") and "version".
 * vlog, coverage and memory register their own. */
#ifndef UNIXCTL_H
#define UNIXCTL_H 1

#include "compiler.h"

struct unixctl_server;
struct unixctl_conn;
struct jsonrpc;

typedef void unixctl_cb_func(struct unixctl_conn *, int argc,
                             const char *argv[], void *aux);

/* Registers command NAME taking MIN_ARGS to MAX_ARGS arguments.  USAGE
 * describes the arguments for list-commands.  argv[0] is the command name;
 * the handler must eventually call unixctl_command_reply() or
 * unixctl_command_reply_error() exactly once (it may do so later, from
 * another iteration of the main loop, to answer asynchronously). */
void unixctl_command_register(const char *name, const char *usage,
                              int min_args, int max_args,
                              unixctl_cb_func *cb, void *aux);
void unixctl_command_reply(struct unixctl_conn *, const char *body);
void unixctl_command_reply_error(struct unixctl_conn *, const char *error);

/* PATH: NULL for the default name, "none" for no server (*SERVERP set to
 * NULL, returns 0), a relative name is relative to the run directory. */
int unixctl_server_create(const char *path, struct unixctl_server **);
void unixctl_server_run(struct unixctl_server *);
void unixctl_server_wait(struct unixctl_server *);
void unixctl_server_destroy(struct unixctl_server *);
const char *unixctl_server_get_path(const struct unixctl_server *);

/* Client side. */
int unixctl_client_create(const char *path, struct jsonrpc **client);
/* Sends COMMAND with ARGV and waits.  On success returns 0 and exactly one
 * of *RESULT and *ERROR is nonnull (caller frees); on a transport error
 * returns an errno. */
int unixctl_client_transact(struct jsonrpc *client, const char *command,
                            int argc, char *argv[], char **result,
                            char **error);

/* Usage text for the --unixctl option. */
void unixctl_usage(void);

#endif /* unixctl.h */
