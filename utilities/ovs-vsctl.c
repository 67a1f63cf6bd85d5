/* ovs-vsctl.c -- the administrator's command line for the Open_vSwitch
 * database.
 *
 *     ovs-vsctl [OPTIONS] COMMAND [ARG...] [-- [OPTIONS] COMMAND [ARG...]]
 *
 * Commands separated by "--" form one atomic transaction.  The program
 * reads what the commands need in one round trip (vsctl-db.h), runs every
 * command against that snapshot, and commits the changes in one guarded
 * transaction; if another client changed a row that was used in between,
 * the commit fails and everything is run again on a fresh snapshot.  Then,
 * unless --no-wait, it waits for ovs-vswitchd to apply the change
 * (cur_cfg catching up with next_cfg); --timeout bounds that with alarm(),
 * so the process dies of SIGALRM as the tool we are compatible with does.
 *
 * Output of the commands is printed, in order, only once the transaction
 * succeeded.  Options, output, messages and exit statuses follow
 * ovs-vsctl(8) of Open vSwitch. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirs.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "ovsdb-data.h"
#include "shash.h"
#include "stream.h"
#include "table.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"
#include "vsctl-cmd.h"
#include "vsctl-db.h"

VLOG_DEFINE_THIS_MODULE(vsctl);

bool vsctl_dry_run;
bool vsctl_wait_for_reload = true;
int vsctl_timeout;

/* One parsed command. */
struct vsctl_command {
    const struct vsctl_command_syntax *syntax;
    int argc;
    char **argv;
    struct shash options;
    struct ds output;
    struct table *table;
    void *aux;
};

/* Globals rather than locals so that fatal exits, which leave them
 * allocated, are not reported as leaks. */
static struct shash all_commands = SHASH_INITIALIZER(&all_commands);
static struct vsctl_command *commands;
static size_t n_commands;
static struct vsctl_db *db;
static char *db_remote;
static bool retry;
static bool oneline;
static struct table_style table_style = { TF_LIST, CF_STRING, true, false };
static struct ovsdb_symbol_table *symtab;

void
vsctl_register_commands(const struct vsctl_command_syntax *syntaxes)
{
    for (const struct vsctl_command_syntax *s = syntaxes; s->name; s++) {
        shash_add_assert(&all_commands, s->name, s);
    }
}

void
vsctl_fatal(const char *format, ...)
{
    va_list args;
    char *message;

    va_start(args, format);
    message = xvasprintf(format, args);
    va_end(args);

    VLOG_DBG("fatal: %s", message);
    fprintf(stderr, "%s: %s\n", program_name, message);
    free(message);
    exit(EXIT_FAILURE);
}

static void
usage(void)
{
    printf("\
%s: change and query the switch configuration database\n\
usage: %s [OPTIONS] COMMAND [ARG...] [-- [OPTIONS] COMMAND [ARG...]]...\n\
\n\
Whole database:\n\
  init                        create the Open_vSwitch row if it is missing\n\
  show                        summarise bridges, ports and interfaces\n\
  emer-reset                  drop settings that can break connectivity\n\
\n\
Bridges:\n\
  add-br BRIDGE               new bridge BRIDGE\n\
  add-br BRIDGE PARENT VLAN   new fake bridge BRIDGE: VLAN of PARENT\n\
  del-br BRIDGE               remove BRIDGE with its ports\n\
  list-br                     bridge names, one a line (--real, --fake)\n\
  br-exists BRIDGE            exit status 2 when there is no BRIDGE\n\
  br-to-vlan BRIDGE           VLAN of BRIDGE (0 for a real bridge)\n\
  br-to-parent BRIDGE         real bridge that holds BRIDGE\n\
  br-set-external-id BRIDGE KEY [VALUE]  set KEY, or remove it without\n\
                              VALUE, in BRIDGE's external ids\n\
  br-get-external-id BRIDGE [KEY]  KEY's value, or every KEY=VALUE\n\
\n\
Ports (a bond counts as one port):\n\
  list-ports BRIDGE           port names of BRIDGE\n\
  add-port BRIDGE PORT [COL[:KEY]=VALUE]...  new port with one interface\n\
  add-bond BRIDGE PORT IFACE... [COL[:KEY]=VALUE]...  new bonded port\n\
  add-bond-iface BOND IFACE   one more interface in BOND\n\
  del-bond-iface [BOND] IFACE take IFACE out of its bond\n\
  del-port [BRIDGE] PORT      remove PORT (--with-iface: PORT may be an\n\
                              interface name)\n\
  port-to-br PORT             bridge that holds PORT\n\
\n\
Interfaces:\n\
  list-ifaces BRIDGE          interface names of BRIDGE\n\
  iface-to-br IFACE           bridge that holds IFACE\n\
\n\
Controllers and fail mode:\n\
  get-controller BRIDGE       BRIDGE's controller targets\n\
  del-controller BRIDGE       remove BRIDGE's controllers\n\
  set-controller BRIDGE TARGET...  replace BRIDGE's controllers\n\
                              (--inactivity-probe=MSECS)\n\
  get-fail-mode BRIDGE        standalone, secure, or nothing\n\
  del-fail-mode BRIDGE        back to the default fail mode\n\
  set-fail-mode BRIDGE MODE   MODE is standalone or secure\n\
\n\
Managers:\n\
  get-manager                 manager targets\n\
  del-manager                 remove all managers\n\
  set-manager TARGET...       replace the managers\n\
                              (--inactivity-probe=MSECS)\n\
\n\
SSL:\n\
  get-ssl                     key, certificate and CA certificate in use\n\
  del-ssl                     remove the SSL settings\n\
  set-ssl KEY CERT CA-CERT    replace the SSL settings (--bootstrap)\n\
\n\
Auto-attach:\n\
  add-aa-mapping BRIDGE ISID VLAN  map I-SID ISID to VLAN\n\
  del-aa-mapping BRIDGE ISID VLAN  remove that mapping\n\
  get-aa-mapping BRIDGE       the mappings, \"ISID VLAN\" a line\n\
\n\
Any table (TBL and COL may be abbreviated to a unique prefix; REC is a\n\
UUID, a name, or \".\" for a table with one row):\n\
  list TBL [REC...]           rows, all or the ones named\n\
  find TBL [COND...]          rows for which every COND holds, where COND\n\
                              is COL[:KEY] OP VALUE and OP one of\n\
                              = != < > <= >= {=} {!=} {<} {>} {<=} {>=}\n\
                              {in} {not-in}\n\
  get TBL REC COL[:KEY]...    values, one a line (--id=@NAME, --if-exists)\n\
  set TBL REC COL[:KEY]=VALUE...  replace values\n\
  add TBL REC COL [KEY=]VALUE...  add elements to a set or map\n\
  remove TBL REC COL [KEY=]VALUE|KEY...  remove elements\n\
  clear TBL REC COL...        empty set or map columns\n\
  create TBL COL[:KEY]=VALUE...  new row, its UUID printed (--id=@NAME)\n\
  destroy TBL REC...          remove rows (--all: every row, --if-exists)\n\
  wait-until TBL REC [COND...]  block until REC exists and COND hold\n\
  comment [ARG...]            no effect; ARGs go into the server's log\n\
\n\
Options for the whole run:\n\
  --db=DATABASE               server to use: unix:FILE, tcp:IP:PORT or\n\
                              ssl:IP:PORT (default: unix:%s/db.sock)\n\
  --no-wait                   return once committed, without waiting for\n\
                              ovs-vswitchd to apply the change\n\
  --retry                     wait for the server to come up\n\
  -t, --timeout=SECS          give up (SIGALRM) after SECS seconds\n\
  --dry-run                   run the commands, commit nothing\n\
  --oneline                   one output line per command\n\
\n\
Output of list, find and get:\n\
  -f, --format=FORMAT         list (default), table, html, csv or json\n\
  -d, --data=FORMAT           cells as string (default), bare or json\n\
  --no-headings               leave out the heading row\n\
  --pretty                    indent JSON output\n\
  --bare                      short for --format=list --data=bare\n\
                              --no-headings\n\
  --columns=COL,...           (before list or find) only these columns\n\
\n\
Logging:\n\
  -vSPEC, --verbose=SPEC      set log levels (module:destination:level)\n\
  -v, --verbose               log everything to the console\n\
  --log-file[=FILE]           also log to FILE\n\
\n\
Other:\n\
  -h, --help                  this text\n\
  -V, --version               program version\n",
           program_name, program_name, ovs_rundir());
    exit(EXIT_SUCCESS);
}

/* Global options.  Each entry: long name, short name (or 0), whether it
 * takes an argument (0 no, 1 required, 2 optional). */
struct global_option {
    const char *name;
    char short_name;
    int has_arg;
};

static const struct global_option global_options[] = {
    {"db", 0, 1},
    {"no-wait", 0, 0},
    {"retry", 0, 0},
    {"timeout", 't', 1},
    {"dry-run", 0, 0},
    {"oneline", 0, 0},
    {"format", 'f', 1},
    {"data", 'd', 1},
    {"no-headings", 0, 0},
    {"no-heading", 0, 0},
    {"pretty", 0, 0},
    {"bare", 0, 0},
    {"verbose", 'v', 2},
    {"log-file", 0, 2},
    {"syslog-method", 0, 1},
    {"syslog-target", 0, 1},
    {"no-syslog", 0, 0},
    {"help", 'h', 0},
    {"version", 'V', 0},
    {"private-key", 'p', 1},
    {"certificate", 'c', 1},
    {"ca-cert", 'C', 1},
    {"bootstrap-ca-cert", 0, 1},
    {"ssl-protocols", 0, 1},
    {"ssl-ciphers", 0, 1},
    {"peer-ca-cert", 0, 1},
    {"commands", 0, 0},
    {"options", 0, 0},
    {NULL, 0, 0},
};

static void
handle_global_option(const struct global_option *o, const char *arg)
{
    const char *name = o->name;

    if (!strcmp(name, "db")) {
        free(db_remote);
        db_remote = xstrdup(arg);
    } else if (!strcmp(name, "no-wait")) {
        vsctl_wait_for_reload = false;
    } else if (!strcmp(name, "retry")) {
        retry = true;
    } else if (!strcmp(name, "timeout")) {
        int secs;
        if (!str_to_int(arg, 10, &secs) || secs < 0) {
            vsctl_fatal("value %s on -t or --timeout is invalid", arg);
        }
        vsctl_timeout = secs;
    } else if (!strcmp(name, "dry-run")) {
        vsctl_dry_run = true;
    } else if (!strcmp(name, "oneline")) {
        oneline = true;
    } else if (!strcmp(name, "format")) {
        table_parse_format(&table_style, arg);
    } else if (!strcmp(name, "data")) {
        table_parse_cell_format(&table_style, arg);
    } else if (!strcmp(name, "no-headings") || !strcmp(name, "no-heading")) {
        table_style.headings = false;
    } else if (!strcmp(name, "pretty")) {
        table_style.pretty = true;
    } else if (!strcmp(name, "bare")) {
        table_style.format = TF_LIST;
        table_style.cell_format = CF_BARE;
        table_style.headings = false;
    } else if (!strcmp(name, "verbose")) {
        vlog_set_verbosity(arg);
    } else if (!strcmp(name, "log-file")) {
        vlog_set_log_file_option(arg);
    } else if (!strcmp(name, "syslog-method")) {
        vlog_set_syslog_method(arg);
    } else if (!strcmp(name, "syslog-target")) {
        vlog_set_syslog_target(arg);
    } else if (!strcmp(name, "no-syslog")) {
        char *error = vlog_set_levels_from_string("vsctl:syslog:warn");
        free(error);
    } else if (!strcmp(name, "help")) {
        usage();
    } else if (!strcmp(name, "version")) {
        ovs_print_version();
        printf("DB Schema 8.3.1\n");
        exit(EXIT_SUCCESS);
    } else if (!strcmp(name, "commands")) {
        const struct shash_node **nodes = shash_sort(&all_commands);
        for (size_t i = 0; i < shash_count(&all_commands); i++) {
            printf("%s\n", nodes[i]->name);
        }
        free(nodes);
        exit(EXIT_SUCCESS);
    } else if (!strcmp(name, "private-key")) {
        stream_ssl_set_private_key_file(arg);
    } else if (!strcmp(name, "certificate")) {
        stream_ssl_set_certificate_file(arg);
    } else if (!strcmp(name, "ca-cert") || !strcmp(name, "peer-ca-cert")) {
        stream_ssl_set_ca_cert_file(arg, false);
    } else if (!strcmp(name, "bootstrap-ca-cert")) {
        stream_ssl_set_ca_cert_file(arg, true);
    } else if (!strcmp(name, "ssl-protocols")) {
        stream_ssl_set_protocols(arg);
    } else if (!strcmp(name, "ssl-ciphers")) {
        stream_ssl_set_ciphers(arg);
    } else if (!strcmp(name, "options")) {
        for (const struct global_option *g = global_options; g->name;
             g++) {
            printf("--%s%s\n", g->name, g->has_arg == 1 ? "=ARG"
                   : g->has_arg == 2 ? "[=ARG]" : "");
        }
        exit(EXIT_SUCCESS);
    }
}

/* True if NAME (without "--") is an option of some command. */
static bool
is_command_option(const char *name)
{
    size_t len = strcspn(name, "=");
    struct shash_node *node;

    SHASH_FOR_EACH (node, &all_commands) {
        const struct vsctl_command_syntax *s = node->data;
        const char *p = s->options;
        while (p && *p) {
            const char *end = p + strcspn(p, ",");
            const char *opt = p + 2;        /* Skip "--". */
            size_t olen = end - opt;
            if (olen && opt[olen - 1] == '=') {
                olen--;
            }
            if (olen == len && !strncmp(opt, name, len)) {
                return true;
            }
            p = *end ? end + 1 : end;
        }
    }
    return false;
}

/* Reports a command-line syntax error as getopt_long() words it (with the
 * program's name as invoked) and exits 1. */
static void OVS_PRINTF_FORMAT(2, 3) OVS_NO_RETURN
getopt_error(const char *argv0, const char *format, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", argv0);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(EXIT_FAILURE);
}

/* Parses global options from ARGV.  Command options found among them are
 * collected in LOCAL_ARGS (for the first command).  Returns the index of
 * the first argument that is not a global option. */
static int
parse_global_options(int argc, char *argv[], char ***local_args,
                     size_t *n_local)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (!strcmp(arg, "--")) {
            break;
        } else if (arg[0] == '-' && arg[1] == '-') {
            const char *name = arg + 2;
            size_t len = strcspn(name, "=");
            const struct global_option *o;

            for (o = global_options; o->name; o++) {
                if (strlen(o->name) == len && !strncmp(o->name, name, len)) {
                    break;
                }
            }
            if (o->name) {
                const char *value = name[len] == '=' ? name + len + 1 : NULL;
                if (o->has_arg == 1 && !value) {
                    if (i + 1 >= argc) {
                        getopt_error(argv[0], "option '--%s' requires an "
                                     "argument", o->name);
                    }
                    value = argv[++i];
                } else if (o->has_arg == 0 && value) {
                    getopt_error(argv[0], "option '--%s' doesn't allow an "
                             "argument", o->name);
                }
                handle_global_option(o, value);
            } else if (is_command_option(name)) {
                *local_args = xrealloc(*local_args,
                                       (*n_local + 1) * sizeof **local_args);
                (*local_args)[(*n_local)++] = argv[i];
            } else {
                getopt_error(argv[0], "unrecognized option '%s'", arg);
            }
        } else if (arg[0] == '-' && arg[1]) {
            const struct global_option *o;
            for (o = global_options; o->name; o++) {
                if (o->short_name == arg[1]) {
                    break;
                }
            }
            if (!o->name) {
                getopt_error(argv[0], "invalid option -- '%c'", arg[1]);
            }
            const char *value = arg[2] ? arg + 2 : NULL;
            if (o->has_arg == 1 && !value) {
                if (i + 1 >= argc) {
                    getopt_error(argv[0], "option requires an argument "
                                 "-- '%c'", arg[1]);
                }
                value = argv[++i];
            } else if (o->has_arg == 0 && value) {
                getopt_error(argv[0], "invalid option -- '%c'", arg[2]);
            }
            handle_global_option(o, value);
        } else {
            break;
        }
    }
    return i;
}

/* Finds option NAME (with "--", without "=value") in SYNTAX's options.
 * Returns 0 if absent, 1 if it takes no value, 2 if it takes one. */
static int
syntax_option(const struct vsctl_command_syntax *syntax, const char *name,
              size_t len)
{
    const char *p = syntax->options;
    while (p && *p) {
        const char *end = p + strcspn(p, ",");
        size_t olen = end - p;
        bool has_value = olen && p[olen - 1] == '=';
        if (has_value) {
            olen--;
        }
        if (olen == len && !strncmp(p, name, len)) {
            return has_value ? 2 : 1;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

static void
parse_command(int argc, char *argv[], struct shash *local_options,
              struct vsctl_command *command)
{
    int i;

    shash_init(&command->options);
    shash_swap(local_options, &command->options);
    for (i = 0; i < argc; i++) {
        const char *option = argv[i];
        if (option[0] != '-') {
            break;
        }
        const char *equals = strchr(option, '=');
        char *key = (equals ? xmemdup0(option, equals - option)
                     : xstrdup(option));
        char *value = equals ? xstrdup(equals + 1) : NULL;
        if (shash_find(&command->options, key)) {
            vsctl_fatal("'%s' option specified multiple times", argv[i]);
        }
        shash_add_nocopy(&command->options, key, value);
    }
    if (i == argc) {
        vsctl_fatal("missing command name (use --help for help)");
    }

    const struct vsctl_command_syntax *syntax
        = shash_find_data(&all_commands, argv[i]);
    if (!syntax) {
        vsctl_fatal("unknown command '%s'; use --help for help", argv[i]);
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, &command->options) {
        int kind = syntax_option(syntax, node->name, strlen(node->name));
        if (!kind) {
            vsctl_fatal("'%s' command has no '%s' option",
                        argv[i], node->name);
        }
        if ((kind == 2) != (node->data != NULL)) {
            vsctl_fatal("missing argument to '%s' option on '%s' command",
                        node->name, argv[i]);
        }
    }

    int n_arg = argc - i - 1;
    if (n_arg < syntax->min_args) {
        vsctl_fatal("'%s' command requires at least %d arguments",
                    syntax->name, syntax->min_args);
    } else if (n_arg > syntax->max_args) {
        /* An option among the extra words was most likely misplaced. */
        bool has_option = false;
        for (int j = i + 1; j < argc; j++) {
            has_option |= argv[j][0] == '-';
        }
        vsctl_fatal("'%s' command takes at most %d arguments%s",
                    syntax->name, syntax->max_args,
                    has_option ? " (note that options must precede command "
                    "names and follow a \"--\" argument)" : "");
    }

    command->syntax = syntax;
    command->argc = n_arg + 1;
    command->argv = &argv[i];
    ds_init(&command->output);
    command->table = NULL;
}

static void
parse_commands(int argc, char *argv[], char **local_args, size_t n_local)
{
    struct shash local_options = SHASH_INITIALIZER(&local_options);
    int start = 0;

    /* Sized once: each command embeds an shash, which must not move. */
    size_t max_commands = 1;
    for (int i = 0; i < argc; i++) {
        max_commands += !strcmp(argv[i], "--");
    }
    commands = xcalloc(max_commands, sizeof *commands);

    for (size_t i = 0; i < n_local; i++) {
        const char *option = local_args[i];
        const char *equals = strchr(option, '=');
        char *key = (equals ? xmemdup0(option, equals - option)
                     : xstrdup(option));
        if (shash_find(&local_options, key)) {
            vsctl_fatal("'%s' option specified multiple times", option);
        }
        shash_add_nocopy(&local_options, key,
                         equals ? xstrdup(equals + 1) : NULL);
    }

    for (int i = 0; i <= argc; i++) {
        if (i == argc || !strcmp(argv[i], "--")) {
            if (i > start || !shash_is_empty(&local_options)) {
                parse_command(i - start, &argv[start], &local_options,
                              &commands[n_commands++]);
            }
            start = i + 1;
        }
    }
    shash_destroy(&local_options);
    if (!n_commands) {
        vsctl_fatal("missing command name (use --help for help)");
    }
}

static char *
make_comment(int argc, char *argv[])
{
    struct ds s = DS_EMPTY_INITIALIZER;
    char path[64];
    char comm[64] = "";
    FILE *f;

    snprintf(path, sizeof path, "/proc/%ld/comm", (long int) getppid());
    f = fopen(path, "r");
    if (f) {
        if (fgets(comm, sizeof comm, f)) {
            comm[strcspn(comm, "\n")] = '\0';
        }
        fclose(f);
    }
    ds_put_format(&s, "ovs-vsctl (invoked by %s): ovs-vsctl",
                  *comm ? comm : "unknown");
    for (int i = 1; i < argc; i++) {
        ds_put_format(&s, " %s", argv[i]);
    }
    return ds_steal_cstr(&s);
}

static void
init_context(struct vsctl_context *ctx, struct vsctl_command *c)
{
    ctx->db = db;
    ctx->argc = c->argc;
    ctx->argv = c->argv;
    ctx->options = &c->options;
    ctx->output = &c->output;
    ctx->table = c->table;
    ctx->symtab = symtab;
    ctx->style = &table_style;
    ctx->try_again = false;
    ctx->aux = c->aux;
}

static void
save_context(struct vsctl_context *ctx, struct vsctl_command *c)
{
    c->table = ctx->table;
    c->aux = ctx->aux;
}

/* Checks the symbols left by the commands; returns false (after warning)
 * never: unresolved references are fatal. */
static void
check_symbols(void)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &symtab->sh) {
        struct ovsdb_symbol *symbol = node->data;
        if (!symbol->created) {
            vsctl_fatal("row id \"%s\" is referenced but never created "
                        "(e.g. with \"-- --id=%s create ...\")",
                        node->name, node->name);
        }
        struct vsctl_row *row = vsctl_db_find_row(db, &symbol->uuid);
        if (row && row->inserted && !symbol->strong_ref
            && !row->table->schema->is_gc_root) {
            VLOG_WARN("row id \"%s\" was created but no reference to it "
                      "was inserted, so it will not actually appear in "
                      "the database", node->name);
        }
    }
}

static void
print_output(void)
{
    for (size_t i = 0; i < n_commands; i++) {
        struct vsctl_command *c = &commands[i];
        if (c->table) {
            /* Tables are printed as they are, even with --oneline. */
            table_format(c->table, &table_style, true, &c->output);
            fputs(ds_cstr_ro(&c->output), stdout);
        } else if (oneline) {
            struct ds line = DS_EMPTY_INITIALIZER;
            const char *s = ds_cstr_ro(&c->output);
            size_t len = strlen(s);
            for (size_t j = 0; j < len; j++) {
                if (s[j] == '\n') {
                    if (j + 1 < len) {
                        ds_put_cstr(&line, "\\n");
                    }
                } else if (s[j] == '\\') {
                    ds_put_cstr(&line, "\\\\");
                } else {
                    ds_put_char(&line, s[j]);
                }
            }
            puts(ds_cstr(&line));
            ds_destroy(&line);
        } else {
            fputs(ds_cstr_ro(&c->output), stdout);
        }
    }
    fflush(stdout);
}

static void
free_run_state(void)
{
    for (size_t i = 0; i < n_commands; i++) {
        ds_clear(&commands[i].output);
        table_destroy(commands[i].table);
        free(commands[i].table);
        commands[i].table = NULL;
    }
    ovsdb_symbol_table_destroy(symtab);
    symtab = NULL;
}

int
main(int argc, char *argv[])
{
    char **local_args = NULL;
    size_t n_local = 0;

    set_program_name(argv[0]);
    fatal_ignore_sigpipe();
    fatal_signal_init();
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    vlog_set_levels(NULL, VLF_SYSLOG, VLL_OFF);
    vsctl_dbcmds_register();
    vsctl_vscmds_register();

    int first = parse_global_options(argc, argv, &local_args, &n_local);
    parse_commands(argc - first, argv + first, local_args, n_local);
    free(local_args);

    if (vsctl_timeout) {
        alarm(vsctl_timeout);
    }

    if (!db_remote) {
        db_remote = xasprintf("unix:%s/db.sock", ovs_rundir());
    }
    db = vsctl_db_open(db_remote, retry);

    /* Every run makes sure the Open_vSwitch row exists, as the tool we are
     * compatible with does. */
    vsctl_db_need_table(vsctl_db_get_table(db, "Open_vSwitch"));

    for (size_t i = 0; i < n_commands; i++) {
        struct vsctl_context ctx;
        init_context(&ctx, &commands[i]);
        if (commands[i].syntax->prerequisites) {
            commands[i].syntax->prerequisites(&ctx);
        }
        save_context(&ctx, &commands[i]);
    }

    char *comment = make_comment(argc, argv);
    int64_t next_cfg = 0;
    enum vsctl_commit_status status;
    for (;;) {
        vsctl_db_fetch(db);
        symtab = ovsdb_symbol_table_create();

        struct vsctl_table *ovs_table = vsctl_db_get_table(db,
                                                           "Open_vSwitch");
        if (!vsctl_table_first_row(ovs_table)) {
            vsctl_table_verify_empty(ovs_table);
            vsctl_row_insert(ovs_table, NULL);
        }

        bool try_again = false;
        for (size_t i = 0; i < n_commands && !try_again; i++) {
            struct vsctl_context ctx;
            init_context(&ctx, &commands[i]);
            commands[i].syntax->run(&ctx);
            try_again = ctx.try_again;
            save_context(&ctx, &commands[i]);
        }
        if (try_again) {
            /* "wait-until": look again once the database has changed
             * (--timeout bounds the wait through SIGALRM). */
            free_run_state();
            vsctl_db_wait_for_change(db);
            continue;
        }

        check_symbols();
        char *error;
        status = vsctl_db_commit(db, comment,
                                 vsctl_wait_for_reload && !vsctl_dry_run,
                                 vsctl_dry_run, &next_cfg, &error);
        if (status == VSCTL_COMMIT_ERROR) {
            vsctl_fatal("transaction error: %s", error);
        } else if (status == VSCTL_COMMIT_TRY_AGAIN) {
            free_run_state();
            continue;
        }
        break;
    }
    free(comment);

    if (status == VSCTL_COMMIT_SUCCESS && !vsctl_dry_run) {
        for (size_t i = 0; i < n_commands; i++) {
            struct vsctl_context ctx;
            init_context(&ctx, &commands[i]);
            if (commands[i].syntax->postprocess) {
                commands[i].syntax->postprocess(&ctx);
            }
            save_context(&ctx, &commands[i]);
        }
    }

    if (status == VSCTL_COMMIT_SUCCESS && vsctl_wait_for_reload
        && !vsctl_dry_run && next_cfg) {
        vsctl_db_wait_for_cfg(db, next_cfg);
    }
    print_output();

    free_run_state();
    for (size_t i = 0; i < n_commands; i++) {
        shash_destroy_free_data(&commands[i].options);
        ds_destroy(&commands[i].output);
    }
    free(commands);
    /* The snapshot stays allocated (and reachable through 'db'): freeing
     * thousands of rows just before exiting would only cost time. */
    free(db_remote);
    shash_destroy(&all_commands);
    return 0;
}
