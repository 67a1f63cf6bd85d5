/* coverage.c -- event counters for debugging ("coverage/show").
 *
 * How it works:
 *
 *   - COVERAGE_DEFINE() registers a struct coverage_counter from a
 *     constructor; the counters live in a growing array here.
 *
 *   - COVERAGE_INC() adds to counts[slot], where 'slot' is a small number
 *     given to each thread the first time it counts anything (a
 *     thread-local cache of an atomic counter).  Only the owning thread
 *     writes a slot, so increments need no atomics or locks.  Slots are
 *     never given back: a program that creates more than
 *     COVERAGE_MAX_THREADS counting threads over its life puts every
 *     thread past the limit into the last slot, where concurrent
 *     increments may occasionally be lost.  That costs accuracy of a
 *     debugging aid, never correctness.
 *
 *   - The live total of a counter is the sum of its slots.  coverage_run(),
 *     from the main loop, folds every 5 seconds of time_msec(): it
 *     computes the increase since the last fold ('total' holds the sum at
 *     the last fold), stores it in the 12-entry 'min' ring (the last
 *     minute), and every 12 folds stores the minute's sum in the 60-entry
 *     'hr' ring (the last hour).  Averages per second are derived from
 *     those rings.
 *
 * Reading another thread's slot while it increments is a benign race: a
 * read sees either the old or the new value of an aligned 64-bit word. */
#include <config.h>
#include "coverage.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "dynamic-string.h"
#include "hash.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(coverage);

/* How often coverage_run() folds counts, in milliseconds. */
#define COVERAGE_RUN_INTERVAL 5000
#define MIN_SLOTS 12            /* ARRAY_SIZE of coverage_counter.min. */
#define HR_SLOTS 60             /* ARRAY_SIZE of coverage_counter.hr. */

/* Registered counters.  Appended to by constructors (single threaded),
 * afterwards only read; 'coverage_mutex' serializes coverage_run() and the
 * readers of the rings. */
static struct coverage_counter **counters;
static size_t n_counters, allocated_counters;
static pthread_mutex_t coverage_mutex = PTHREAD_MUTEX_INITIALIZER;

static unsigned int min_idx;    /* Next 'min' entry to write. */
static unsigned int hr_idx;     /* Next 'hr' entry to write. */
static long long next_fold = LLONG_MIN;     /* time_msec() of next fold. */

/* Thread slots. */
static atomic_uint n_slots_assigned;
static __thread int thread_slot = -1;

void
coverage_counter_register(struct coverage_counter *counter)
{
    if (n_counters >= allocated_counters) {
        counters = x2nrealloc(counters, &allocated_counters,
                              sizeof *counters);
    }
    counters[n_counters++] = counter;
}

unsigned int
coverage_thread_slot(void)
{
    int slot = thread_slot;
    if (OVS_UNLIKELY(slot < 0)) {
        unsigned int n = atomic_fetch_add(&n_slots_assigned, 1);
        /* See the comment at the top of the file about the last slot. */
        slot = n < COVERAGE_MAX_THREADS ? n : COVERAGE_MAX_THREADS - 1;
        thread_slot = slot;
    }
    return slot;
}

static unsigned long long int
live_total(const struct coverage_counter *c)
{
    unsigned long long int sum = 0;
    for (int i = 0; i < COVERAGE_MAX_THREADS; i++) {
        sum += __atomic_load_n(&c->counts[i], __ATOMIC_RELAXED);
    }
    return sum;
}

unsigned long long int
coverage_get_total(const char *name)
{
    for (size_t i = 0; i < n_counters; i++) {
        if (!strcmp(counters[i]->name, name)) {
            return live_total(counters[i]);
        }
    }
    return 0;
}

/* Folding. */

/* Closes one 5-second interval: what was counted since the last fold goes
 * into the 'min' ring, and a completed minute into the 'hr' ring.  Called
 * with 'coverage_mutex' held. */
static void
fold_interval(void)
{
    for (size_t i = 0; i < n_counters; i++) {
        struct coverage_counter *c = counters[i];
        unsigned long long int now_total = live_total(c);
        c->min[min_idx] = now_total - c->total;
        c->total = now_total;
    }
    min_idx = (min_idx + 1) % MIN_SLOTS;

    if (min_idx == 0) {
        for (size_t i = 0; i < n_counters; i++) {
            struct coverage_counter *c = counters[i];
            unsigned long long int minute = 0;
            for (int j = 0; j < MIN_SLOTS; j++) {
                minute += c->min[j];
            }
            c->hr[hr_idx] = minute;
        }
        hr_idx = (hr_idx + 1) % HR_SLOTS;
    }
}

void
coverage_run(void)
{
    long long now = time_msec();

    pthread_mutex_lock(&coverage_mutex);
    if (next_fold == LLONG_MIN) {
        next_fold = now + COVERAGE_RUN_INTERVAL;
    }
    /* After a long stall (or a warp of the test clock) fold once for each
     * interval that passed, so that the rings stay aligned with time; past
     * an hour's worth there is nothing more to age out. */
    int n_folds = 0;
    while (now >= next_fold && n_folds < MIN_SLOTS * HR_SLOTS) {
        fold_interval();
        next_fold += COVERAGE_RUN_INTERVAL;
        n_folds++;
    }
    if (now >= next_fold) {
        next_fold = now + COVERAGE_RUN_INTERVAL;
    }
    pthread_mutex_unlock(&coverage_mutex);
}

/* Reporting. */

static int
compare_counters_by_name(const void *a_, const void *b_)
{
    const struct coverage_counter *const *a = a_;
    const struct coverage_counter *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Returns the coverage/show report as an array of *N_LINESP lines (without
 * newlines; the caller frees each and the array): the header, one line per
 * counter ever hit, and the "never hit" summary. */
static char **
coverage_format(size_t *n_linesp)
{
    struct coverage_counter **sorted;
    char **lines;
    size_t n_lines = 0;
    uint32_t hash = 0;

    pthread_mutex_lock(&coverage_mutex);
    sorted = xmalloc((n_counters + 1) * sizeof *sorted);
    if (n_counters) {
        memcpy(sorted, counters, n_counters * sizeof *sorted);
        qsort(sorted, n_counters, sizeof *sorted, compare_counters_by_name);
    }
    lines = xmalloc((n_counters + 2) * sizeof *lines);
    lines[n_lines++] = NULL;    /* The header, once the hash is known. */

    size_t n_never_hit = 0;
    for (size_t i = 0; i < n_counters; i++) {
        const struct coverage_counter *c = sorted[i];
        unsigned long long int total = live_total(c);
        if (!total) {
            n_never_hit++;
            continue;
        }
        /* The hash identifies the set of events hit, so that two reports
         * can be compared at a glance. */
        hash = hash_string(c->name, hash);

        /* The 5-second rate is the last completed interval; the hour
         * includes the minutes folded so far plus the current minute. */
        unsigned long long int last = c->min[(min_idx + MIN_SLOTS - 1)
                                             % MIN_SLOTS];
        unsigned long long int minute = 0, hour = 0;
        for (int j = 0; j < MIN_SLOTS; j++) {
            minute += c->min[j];
        }
        for (int j = 0; j < HR_SLOTS; j++) {
            hour += c->hr[j];
        }
        for (unsigned int j = 0; j < min_idx; j++) {
            hour += c->min[j];
        }
        lines[n_lines++] = xasprintf(
            "%-24s %5.1f/sec %9.3f/sec %13.4f/sec   total: %llu",
            c->name, last / 5.0, minute / 60.0, hour / 3600.0, total);
    }
    pthread_mutex_unlock(&coverage_mutex);

    lines[0] = xasprintf("Event coverage, avg rate over last: 5 seconds, "
                         "last minute, last hour,  hash=%08"PRIx32":", hash);
    lines[n_lines++] = xasprintf("%zu events never hit", n_never_hit);
    free(sorted);

    *n_linesp = n_lines;
    return lines;
}

static void
free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(lines[i]);
    }
    free(lines);
}

void
coverage_log(void)
{
    size_t n;
    char **lines = coverage_format(&n);
    for (size_t i = 0; i < n; i++) {
        VLOG_INFO("%s", lines[i]);
    }
    free_lines(lines, n);
}

static void
coverage_unixctl_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct ds reply = DS_EMPTY_INITIALIZER;
    size_t n;
    char **lines = coverage_format(&n);

    for (size_t i = 0; i < n; i++) {
        ds_put_format(&reply, "%s\n", lines[i]);
    }
    free_lines(lines, n);
    unixctl_command_reply(conn, ds_cstr(&reply));
    ds_destroy(&reply);
}

static void
coverage_unixctl_read_counter(struct unixctl_conn *conn, int argc OVS_UNUSED,
                              const char *argv[], void *aux OVS_UNUSED)
{
    for (size_t i = 0; i < n_counters; i++) {
        if (!strcmp(counters[i]->name, argv[1])) {
            char *reply = xasprintf("%llu", live_total(counters[i]));
            unixctl_command_reply(conn, reply);
            free(reply);
            return;
        }
    }
    unixctl_command_reply_error(conn, "No such counter");
}

void
coverage_init(void)
{
    static bool registered;

    pthread_mutex_lock(&coverage_mutex);
    bool first = !registered;
    registered = true;
    pthread_mutex_unlock(&coverage_mutex);

    if (first) {
        unixctl_command_register("coverage/show", "", 0, 0,
                                 coverage_unixctl_show, NULL);
        unixctl_command_register("coverage/read-counter", "COUNTER", 1, 1,
                                 coverage_unixctl_read_counter, NULL);
    }
}
