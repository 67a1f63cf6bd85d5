/* ovstest.c -- the driver for the C unit tests (see ovstest.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ovstest.h"
#include "util.h"

struct ovstest_command {
    const char *name;
    ovstest_func *func;
};

static struct ovstest_command *commands;
static size_t n_commands, allocated_commands;

void
ovstest_register(const char *name, ovstest_func *func)
{
    if (n_commands >= allocated_commands) {
        commands = x2nrealloc(commands, &allocated_commands,
                              sizeof *commands);
    }
    commands[n_commands].name = name;
    commands[n_commands].func = func;
    n_commands++;
}

void
ovstest_fail(const char *file, int line, const char *format, ...)
{
    va_list args;

    fprintf(stderr, "%s:%d: check failed: ", file, line);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    putc('\n', stderr);
    fflush(stderr);
    abort();
}

static int
compare_commands(const void *a_, const void *b_)
{
    const struct ovstest_command *a = a_, *b = b_;
    return strcmp(a->name, b->name);
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    qsort(commands, n_commands, sizeof *commands, compare_commands);

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("usage: %s TEST [ARGS...]\navailable tests:\n", program_name);
        for (size_t i = 0; i < n_commands; i++) {
            printf("  %s\n", commands[i].name);
        }
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        ovs_print_version();
        return 0;
    }
    for (size_t i = 0; i < n_commands; i++) {
        if (!strcmp(commands[i].name, argv[1])) {
            commands[i].func(argc - 1, argv + 1);
            return 0;
        }
    }
    ovs_usage_error("unknown test \"%s\" (run with --help for a list)",
                    argv[1]);
}
