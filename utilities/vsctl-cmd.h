/* vsctl-cmd.h -- how ovs-vsctl's commands are described and run.
 *
 * Every command is a struct vsctl_command_syntax in a table that a module
 * registers (the database commands in vsctl-dbcmds.c, the switch commands
 * in vsctl-vscmds.c).  A command runs in up to three phases, each given a
 * struct vsctl_context:
 *   - prerequisites: declare the tables and columns it will read
 *     (vsctl_db_need_*()), before the one read of the database;
 *   - run: look at and change the in-memory snapshot, append output;
 *   - postprocess: after a successful commit (e.g. to print the real UUID
 *     of a row that "create" inserted).
 * Errors stop the whole invocation before anything is committed:
 * vsctl_fatal() prints "ovs-vsctl: MESSAGE" and exits with status 1. */
#ifndef VSCTL_CMD_H
#define VSCTL_CMD_H 1

#include <stdbool.h>
#include "compiler.h"
#include "dynamic-string.h"
#include "shash.h"

struct ovsdb_symbol_table;
struct table;
struct table_style;
struct vsctl_db;

struct vsctl_context {
    struct vsctl_db *db;
    int argc;
    char **argv;                /* argv[0] is the command name. */
    struct shash *options;      /* "--name" -> value string or NULL. */
    struct ds *output;
    struct table *table;        /* Tabular output, or NULL. */
    struct ovsdb_symbol_table *symtab;
    const struct table_style *style;
    bool try_again;             /* "wait-until" condition not yet true. */
    void *aux;                  /* Per-command state kept for postprocess.*/
};

struct vsctl_command_syntax {
    const char *name;
    int min_args, max_args;     /* max_args INT_MAX for unlimited. */
    void (*prerequisites)(struct vsctl_context *);
    void (*run)(struct vsctl_context *);
    void (*postprocess)(struct vsctl_context *);
    const char *options;        /* "--a,--b=" (value-taking end in '='). */
    bool read_only;
};

void vsctl_register_commands(const struct vsctl_command_syntax *);

/* Prints "ovs-vsctl: MESSAGE" and exits 1. */
void vsctl_fatal(const char *format, ...) OVS_PRINTF_FORMAT(1, 2)
    OVS_NO_RETURN;

/* Global switches the commands look at. */
extern bool vsctl_dry_run;
extern bool vsctl_wait_for_reload;
extern int vsctl_timeout;

/* Module registration (each module's table). */
void vsctl_dbcmds_register(void);
void vsctl_vscmds_register(void);

/* From vsctl-dbcmds.c, for the switch commands. */
struct vsctl_table;
struct vsctl_row;
struct vsctl_table *vsctl_get_table(struct vsctl_context *,
                                    const char *name);
void vsctl_need_all(struct vsctl_context *, const char *table);
/* Applies "COLUMN[:KEY]=VALUE" to ROW, as the "set" command does. */
void vsctl_set_column(struct vsctl_context *, struct vsctl_row *,
                      const char *arg);

#endif /* vsctl-cmd.h */
