/* memory.c -- "memory/show": what a daemon holds, in its own units.
 *
 * Modules register callbacks that add counts to an smap.  memory/show
 * replies with the callbacks' counts as "key:value" pairs sorted by key,
 * the same shape as the daemons we are compatible with print (which leave
 * the process's RSS out of it; memory_get_usage() adds it as "rss-kB" for
 * callers in C).
 *
 * memory_run() watches the process's peak resident set size (getrusage())
 * and logs it, followed by the callbacks' report, once the process has
 * run for MEMORY_SETTLE_MSEC (by then start-up allocations are done), and
 * again each time the peak grows by half since the last report.  Until the
 * first report memory_wait() wakes the loop for it; afterwards the checks
 * ride on the loop's own activity, since memory only grows when the
 * daemon does something. */
#include <config.h>
#include "memory.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dynamic-string.h"
#include "poll-loop.h"
#include "smap.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(memory);

/* Time from the first memory_run() (or memory_init()) to the first
 * report, and between checks for growth. */
#define MEMORY_SETTLE_MSEC 10000
#define MEMORY_CHECK_MSEC 10000

struct memory_cb {
    memory_usage_cb *cb;
    void *aux;
};
static struct memory_cb *callbacks;
static size_t n_callbacks, allocated_callbacks;

static long long start_msec = LLONG_MIN;
static long long next_check = LLONG_MIN;
static unsigned long long last_reported_kb;     /* 0: no report yet. */
static long long last_report_msec;

void
memory_add_usage_cb(memory_usage_cb *cb, void *aux)
{
    if (n_callbacks >= allocated_callbacks) {
        callbacks = x2nrealloc(callbacks, &allocated_callbacks,
                               sizeof *callbacks);
    }
    callbacks[n_callbacks].cb = cb;
    callbacks[n_callbacks].aux = aux;
    n_callbacks++;
}

static void
get_callback_usage(struct smap *usage)
{
    for (size_t i = 0; i < n_callbacks; i++) {
        callbacks[i].cb(usage, callbacks[i].aux);
    }
}

/* Current resident set size in kB, or 0 if unknown. */
static unsigned long long
get_rss_kb(void)
{
    FILE *stream = fopen("/proc/self/statm", "r");
    if (stream) {
        unsigned long long size, resident;
        int n = fscanf(stream, "%llu %llu", &size, &resident);
        fclose(stream);
        if (n == 2) {
            return resident * (sysconf(_SC_PAGESIZE) / 1024);
        }
    }

    struct rusage usage;
    return getrusage(RUSAGE_SELF, &usage) ? 0 : usage.ru_maxrss;
}

/* Peak resident set size in kB, or 0 if unknown. */
static unsigned long long
get_peak_rss_kb(void)
{
    struct rusage usage;
    return getrusage(RUSAGE_SELF, &usage) ? 0 : usage.ru_maxrss;
}

void
memory_get_usage(struct smap *usage)
{
    get_callback_usage(usage);

    char *rss = xasprintf("%llu", get_rss_kb());
    smap_replace(usage, "rss-kB", rss);
    free(rss);
}

char *
memory_usage_to_string(const struct smap *usage)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    const struct smap_node **nodes = smap_sort(usage);
    size_t n = smap_count(usage);

    for (size_t i = 0; i < n; i++) {
        if (i) {
            ds_put_char(&s, ' ');
        }
        ds_put_format(&s, "%s:%s", nodes[i]->key, nodes[i]->value);
    }
    free(nodes);
    return ds_steal_cstr(&s);
}

/* Logs the callbacks' report, if they have anything to say. */
static void
log_usage_report(void)
{
    struct smap usage = SMAP_INITIALIZER(&usage);
    get_callback_usage(&usage);
    if (!smap_is_empty(&usage)) {
        char *s = memory_usage_to_string(&usage);
        VLOG_INFO("%s", s);
        free(s);
    }
    smap_destroy(&usage);
}

void
memory_run(void)
{
    long long now = time_msec();

    if (start_msec == LLONG_MIN) {
        start_msec = now;
    }
    if (next_check == LLONG_MIN) {
        next_check = start_msec + MEMORY_SETTLE_MSEC;
    }
    if (now < next_check) {
        return;
    }
    next_check = now + MEMORY_CHECK_MSEC;

    unsigned long long peak_kb = get_peak_rss_kb();
    if (!peak_kb) {
        return;
    }
    if (!last_reported_kb) {
        VLOG_INFO("%llu kB peak resident set size after %.1f seconds",
                  peak_kb, (now - start_msec) / 1000.0);
    } else if (peak_kb >= last_reported_kb + last_reported_kb / 2) {
        VLOG_INFO("peak resident set size grew %.0f%% in last %.1f seconds, "
                  "from %llu kB to %llu kB",
                  (peak_kb - last_reported_kb) * 100.0 / last_reported_kb,
                  (now - last_report_msec) / 1000.0,
                  last_reported_kb, peak_kb);
    } else {
        return;
    }
    last_reported_kb = peak_kb;
    last_report_msec = now;
    log_usage_report();
}

void
memory_wait(void)
{
    if (!last_reported_kb && next_check != LLONG_MIN) {
        poll_timer_wait_until(next_check);
    }
}

static void
memory_unixctl_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                    const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct smap usage = SMAP_INITIALIZER(&usage);
    get_callback_usage(&usage);
    char *s = memory_usage_to_string(&usage);
    unixctl_command_reply(conn, s);
    free(s);
    smap_destroy(&usage);
}

void
memory_init(void)
{
    static bool registered;

    if (!registered) {
        registered = true;
        if (start_msec == LLONG_MIN) {
            start_msec = time_msec();
        }
        unixctl_command_register("memory/show", "", 0, 0,
                                 memory_unixctl_show, NULL);
    }
}
