/* test-reconnect.c -- a scripted driver for the reconnect FSM.
 *
 * "ovstest test-reconnect" reads commands from stdin, one a line, and
 * applies them to one struct reconnect with a fake clock that starts at
 * t=1000 and moves only when the script says so.  It echoes each command
 * and then prints what changed, so that tests/reconnect.at can compare
 * exact transcripts:
 *
 *   enable | disable | force-reconnect | passive | active
 *   connecting | listening | connected | activity | received
 *   receive-attempted
 *   connect-failed [ERROR] | disconnected [ERROR] | listen-error [ERROR]
 *                             ERROR: 0 (default), EOF, or an errno name
 *   run                       prints the action, if any
 *   advance MSECS             moves the clock
 *   timeout                   moves the clock to the next deadline
 *   set-backoff MIN MAX | set-probe-interval MSECS | set-max-tries N
 *   stats                     prints every statistic
 *
 * After each command it prints the state line ("in STATE for N ms (B ms
 * backoff)") if the state, its age or the backoff changed, a line of
 * connection counts if they changed, and "connected"/"disconnected" when
 * that changed.  Lines starting with '#' and blank lines are copied. */

#include <config.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "ovstest.h"
#include "reconnect.h"
#include "util.h"

static long long now;

static const struct {
    const char *name;
    int value;
} error_names[] = {
    { "EOF", EOF },
    { "ECONNREFUSED", ECONNREFUSED },
    { "ECONNRESET", ECONNRESET },
    { "ETIMEDOUT", ETIMEDOUT },
    { "EADDRINUSE", EADDRINUSE },
    { "ENOENT", ENOENT },
    { "EPROTO", EPROTO },
};

static int
parse_error(const char *arg)
{
    if (!arg) {
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(error_names); i++) {
        if (!strcmp(arg, error_names[i].name)) {
            return error_names[i].value;
        }
    }
    int value;
    if (!str_to_int(arg, 10, &value)) {
        ovs_fatal(0, "unknown error \"%s\"", arg);
    }
    return value;
}

static int
parse_int(const char *arg, const char *command)
{
    int value;
    if (!arg || !str_to_int(arg, 10, &value)) {
        ovs_fatal(0, "%s: integer argument required", command);
    }
    return value;
}

static void
print_stats(const struct reconnect_stats *s)
{
    printf("  creation_time=%lld\n", s->creation_time);
    printf("  last_activity=%lld\n", s->last_activity);
    printf("  last_connected=%lld\n", s->last_connected);
    printf("  last_disconnected=%lld\n", s->last_disconnected);
    printf("  backoff=%d\n", s->backoff);
    printf("  n_attempted_connections=%u\n", s->n_attempted_connections);
    printf("  n_successful_connections=%u\n", s->n_successful_connections);
    printf("  n_received=%llu\n", s->n_received);
    printf("  total_connected_duration=%llu\n", s->total_connected_duration);
    printf("  is_connected=%s\n", s->is_connected ? "true" : "false");
    printf("  msec_since_connect=%u\n", s->msec_since_connect);
    printf("  msec_since_disconnect=%u\n", s->msec_since_disconnect);
    printf("  state=%s\n", s->state);
    printf("  state_elapsed=%u\n", s->state_elapsed);
}

/* Prints what changed between OLD and NEW. */
static void
print_changes(const struct reconnect_stats *old,
              const struct reconnect_stats *new)
{
    if (strcmp(old->state, new->state)
        || old->state_elapsed != new->state_elapsed
        || old->backoff != new->backoff) {
        printf("  in %s for %u ms (%d ms backoff)\n",
               new->state, new->state_elapsed, new->backoff);
    }
    if (old->n_attempted_connections != new->n_attempted_connections
        || old->n_successful_connections != new->n_successful_connections) {
        printf("  %u successful connections out of %u attempts\n",
               new->n_successful_connections, new->n_attempted_connections);
    }
    if (old->is_connected != new->is_connected) {
        if (new->is_connected) {
            printf("  connected\n");
        } else {
            printf("  disconnected, %llu ms connected in total\n",
                   new->total_connected_duration);
        }
    }
}

static void
do_command(struct reconnect *r, char *command, char *arg1, char *arg2)
{
    if (!strcmp(command, "enable")) {
        reconnect_enable(r, now);
    } else if (!strcmp(command, "disable")) {
        reconnect_disable(r, now);
    } else if (!strcmp(command, "force-reconnect")) {
        reconnect_force_reconnect(r, now);
    } else if (!strcmp(command, "passive")) {
        reconnect_set_passive(r, true, now);
    } else if (!strcmp(command, "active")) {
        reconnect_set_passive(r, false, now);
    } else if (!strcmp(command, "connecting")) {
        reconnect_connecting(r, now);
    } else if (!strcmp(command, "listening")) {
        reconnect_listening(r, now);
    } else if (!strcmp(command, "connected")) {
        reconnect_connected(r, now);
    } else if (!strcmp(command, "activity")) {
        reconnect_activity(r, now);
    } else if (!strcmp(command, "received")) {
        reconnect_received(r, now);
    } else if (!strcmp(command, "receive-attempted")) {
        reconnect_receive_attempted(r, now);
    } else if (!strcmp(command, "connect-failed")) {
        reconnect_connect_failed(r, now, parse_error(arg1));
    } else if (!strcmp(command, "disconnected")) {
        reconnect_disconnected(r, now, parse_error(arg1));
    } else if (!strcmp(command, "listen-error")) {
        reconnect_listen_error(r, now, parse_error(arg1));
    } else if (!strcmp(command, "run")) {
        switch (reconnect_run(r, now)) {
        case RECONNECT_CONNECT:
            printf("  should connect\n");
            break;
        case RECONNECT_DISCONNECT:
            printf("  should disconnect\n");
            break;
        case RECONNECT_PROBE:
            printf("  should send probe\n");
            break;
        default:
            break;
        }
    } else if (!strcmp(command, "advance")) {
        now += parse_int(arg1, command);
        printf("### t=%lld ###\n", now);
    } else if (!strcmp(command, "timeout")) {
        int timeout = reconnect_timeout(r, now);
        if (timeout < 0) {
            printf("  no timeout\n");
        } else {
            printf("  advance %d ms\n", timeout);
            now += timeout;
            printf("### t=%lld ###\n", now);
        }
    } else if (!strcmp(command, "set-backoff")) {
        reconnect_set_backoff(r, parse_int(arg1, command),
                              parse_int(arg2, command));
    } else if (!strcmp(command, "set-probe-interval")) {
        reconnect_set_probe_interval(r, parse_int(arg1, command));
    } else if (!strcmp(command, "set-max-tries")) {
        reconnect_set_max_tries(r, parse_int(arg1, command));
    } else if (!strcmp(command, "stats")) {
        struct reconnect_stats stats;
        reconnect_get_stats(r, now, &stats);
        print_stats(&stats);
    } else {
        ovs_fatal(0, "unknown command \"%s\"", command);
    }
}

static void
test_reconnect_main(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct ds line = DS_EMPTY_INITIALIZER;

    now = 1000;
    struct reconnect *r = reconnect_create(now);
    reconnect_set_name(r, "remote");

    struct reconnect_stats old;
    reconnect_get_stats(r, now, &old);
    printf("### t=%lld ###\n", now);
    printf("  in %s for %u ms (%d ms backoff)\n",
           old.state, old.state_elapsed, old.backoff);

    while (!ds_get_line(&line, stdin)) {
        char *s = ds_cstr(&line);
        char *save_ptr = NULL;

        if (s[strspn(s, " \t")] == '#') {
            printf("%s\n", s);
            continue;
        }
        char *command = strtok_r(s, " \t", &save_ptr);
        if (!command) {
            printf("\n");
            continue;
        }
        char *arg1 = strtok_r(NULL, " \t", &save_ptr);
        char *arg2 = strtok_r(NULL, " \t", &save_ptr);

        printf("%s%s%s%s%s\n", command, arg1 ? " " : "", arg1 ? arg1 : "",
               arg2 ? " " : "", arg2 ? arg2 : "");
        do_command(r, command, arg1, arg2);

        struct reconnect_stats new;
        reconnect_get_stats(r, now, &new);
        print_changes(&old, &new);
        old = new;
    }

    ds_destroy(&line);
    reconnect_destroy(r);
}

OVSTEST_REGISTER("test-reconnect", test_reconnect_main);
