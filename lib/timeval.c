/* timeval.c -- the clock, and the one place where the process sleeps.
 *
 * The monotonic clock is CLOCK_MONOTONIC, read through the vDSO, so that
 * time_msec() is cheap enough to call anywhere.  For tests the clock can be
 * made "fake":
 *
 *   - "time/stop" freezes it: from then on it moves only when warped.
 *   - "time/warp MSECS [STEP]" moves it forward by MSECS, either at once or
 *     in STEP increments with one iteration of the caller's main loop
 *     between increments, so that every timer that falls due on the way
 *     fires in order, as it would have in real time.  The reply ("warped")
 *     comes after the last step.
 *
 * Once the clock has been stopped or warped, reads take a mutex (the fast
 * path checks one atomic flag first), so real daemons never pay for this.
 * The wall clock (CLOCK_REALTIME) is never warped: it is for timestamps.
 *
 * time_poll() is poll() with a deadline in time_msec() terms.  It restarts
 * after EINTR (servicing a fatal signal first), performs the pending warp
 * steps, and, because every loop iteration of every thread passes through
 * it, is where "Unreasonably long NNNNms poll interval" is detected: the
 * real time between returning from one time_poll() and entering the next
 * is the time the thread spent working without sleeping. */
#include <config.h>
#include "timeval.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>

#include "coverage.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(timeval);

COVERAGE_DEFINE(long_poll_interval);
COVERAGE_DEFINE(timewarp_step);

/* An iteration that runs this long without sleeping is worth a warning. */
#define LONG_INTERVAL_MSEC 1000

/* While the clock is fake, a thread waiting for a timer wakes at least this
 * often (real milliseconds) to notice warps made by other threads. */
#define FAKE_CLOCK_RECHECK_MSEC 100

/* The fake clock.  'is_fake' is set once and never cleared; everything else
 * is protected by 'clock_mutex'. */
static atomic_bool clock_is_fake;
static pthread_mutex_t clock_mutex = PTHREAD_MUTEX_INITIALIZER;
static bool clock_stopped;          /* time/stop was given. */
static long long stopped_usec;      /* Clock value while stopped. */
static long long warp_usec;         /* Added to the real clock if running. */

/* A warp in progress: 'remaining_usec' is still to go, 'step_usec' at a
 * time, advanced by time_poll() in thread 'owner' (the thread that asked:
 * its main loop must iterate between steps), which then replies to 'conn'
 * (NULL when the warp came from timeval_warp()). */
static struct {
    bool active;
    long long remaining_usec;
    long long step_usec;
    pthread_t owner;
    struct unixctl_conn *conn;
} large_warp;

/* Per-thread state for the long poll interval warning. */
static __thread long long last_wakeup_msec;   /* Real time; 0: none yet. */
static __thread struct rusage last_wakeup_rusage;

static long long
timespec_to_usec(const struct timespec *ts)
{
    return (long long) ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

static long long
read_clock_usec(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts)) {
        /* Only possible with a bad clock id: a bug, not a condition. */
        ovs_abort(errno, "clock_gettime failed");
    }
    return timespec_to_usec(&ts);
}

static long long
real_monotonic_usec(void)
{
    return read_clock_usec(CLOCK_MONOTONIC);
}

static long long
real_monotonic_msec(void)
{
    return real_monotonic_usec() / 1000;
}

long long
time_usec(void)
{
    if (!atomic_load_explicit(&clock_is_fake, memory_order_acquire)) {
        return real_monotonic_usec();
    }

    long long now;
    pthread_mutex_lock(&clock_mutex);
    now = clock_stopped ? stopped_usec : real_monotonic_usec() + warp_usec;
    pthread_mutex_unlock(&clock_mutex);
    return now;
}

long long
time_msec(void)
{
    return time_usec() / 1000;
}

time_t
time_now(void)
{
    return time_usec() / 1000000;
}

long long
time_wall_usec(void)
{
    return read_clock_usec(CLOCK_REALTIME);
}

long long
time_wall_msec(void)
{
    return time_wall_usec() / 1000;
}

time_t
time_wall(void)
{
    return time_wall_usec() / 1000000;
}

/* Stopping and warping. */

static void
make_clock_fake(void)
{
    atomic_store_explicit(&clock_is_fake, true, memory_order_release);
}

void
timeval_stop(void)
{
    pthread_mutex_lock(&clock_mutex);
    if (!clock_stopped) {
        stopped_usec = real_monotonic_usec() + warp_usec;
        clock_stopped = true;
    }
    make_clock_fake();
    pthread_mutex_unlock(&clock_mutex);
}

/* Moves the clock forward by USECS.  Caller holds 'clock_mutex'. */
static void
advance_clock_locked(long long usecs)
{
    if (clock_stopped) {
        stopped_usec += usecs;
    } else {
        warp_usec += usecs;
    }
    make_clock_fake();
}

/* Starts a warp of MSECS in steps of STEP_MSECS for the calling thread.
 * Returns false if another warp is still in progress. */
static bool
start_warp(long long msecs, long long step_msecs, struct unixctl_conn *conn)
{
    bool started = false;

    pthread_mutex_lock(&clock_mutex);
    if (!large_warp.active) {
        if (step_msecs <= 0 || step_msecs > msecs) {
            step_msecs = msecs;
        }
        large_warp.active = true;
        large_warp.remaining_usec = msecs * 1000;
        large_warp.step_usec = step_msecs * 1000;
        large_warp.owner = pthread_self();
        large_warp.conn = conn;
        make_clock_fake();
        started = true;
    }
    pthread_mutex_unlock(&clock_mutex);
    return started;
}

/* Performs one step of the warp in progress, if it belongs to the calling
 * thread.  Returns true if more steps remain (the caller must not sleep:
 * the main loop has to run between steps). */
static bool
run_warp_step(void)
{
    struct unixctl_conn *reply_to = NULL;
    bool finished = false;
    bool more = false;

    if (!atomic_load_explicit(&clock_is_fake, memory_order_acquire)) {
        return false;
    }

    pthread_mutex_lock(&clock_mutex);
    if (large_warp.active && pthread_equal(large_warp.owner, pthread_self())) {
        long long step = MIN(large_warp.step_usec, large_warp.remaining_usec);
        advance_clock_locked(step);
        large_warp.remaining_usec -= step;
        if (large_warp.remaining_usec <= 0) {
            reply_to = large_warp.conn;
            large_warp.active = false;
            large_warp.conn = NULL;
            finished = true;
        } else {
            more = true;
        }
        COVERAGE_INC(timewarp_step);
    }
    pthread_mutex_unlock(&clock_mutex);

    /* Replying may log: never with the clock's mutex held. */
    if (finished && reply_to) {
        unixctl_command_reply(reply_to, "warped");
    }
    return more;
}

void
timeval_warp(long long msecs, long long step_msecs)
{
    ovs_assert(msecs >= 0);
    if (step_msecs <= 0 || step_msecs >= msecs) {
        pthread_mutex_lock(&clock_mutex);
        advance_clock_locked(msecs * 1000);
        pthread_mutex_unlock(&clock_mutex);
    } else if (!start_warp(msecs, step_msecs, NULL)) {
        VLOG_WARN("time warp ignored: another warp is in progress");
    }
}

static void
timeval_stop_cb(struct unixctl_conn *conn, int argc OVS_UNUSED,
                const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    timeval_stop();
    unixctl_command_reply(conn, NULL);
}

/* "time/warp MSECS [STEP]". */
static void
timeval_warp_cb(struct unixctl_conn *conn, int argc, const char *argv[],
                void *aux OVS_UNUSED)
{
    long long msecs, step = 0;

    if (!str_to_llong(argv[1], 10, &msecs) || msecs < 0
        || msecs > LLONG_MAX / 1000000) {
        unixctl_command_reply_error(conn, "invalid MSECS");
        return;
    }
    if (argc > 2 && (!str_to_llong(argv[2], 10, &step) || step <= 0
                     || step > LLONG_MAX / 1000000)) {
        unixctl_command_reply_error(conn, "invalid STEP");
        return;
    }
    if (!start_warp(msecs, step, conn)) {
        unixctl_command_reply_error(conn,
                                    "a previous time/warp is in progress");
    }
    /* The reply comes from time_poll(), after the last step. */
}

void
timeval_dummy_register(void)
{
    unixctl_command_register("time/stop", "", 0, 0, timeval_stop_cb, NULL);
    unixctl_command_register("time/warp", "MSECS [STEP]", 1, 2,
                             timeval_warp_cb, NULL);
}

/* time_poll() and the long interval warning. */

static long long
timeval_to_msec(const struct timeval *tv)
{
    return (long long) tv->tv_sec * 1000 + tv->tv_usec / 1000;
}

static void
get_thread_rusage(struct rusage *ru)
{
    if (getrusage(RUSAGE_THREAD, ru)) {
        memset(ru, 0, sizeof *ru);
    }
}

/* Called on entry to time_poll(): warns if the thread ran for a long time
 * since it last woke up. */
static void
check_poll_interval(long long now)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(3, 3);

    if (!last_wakeup_msec) {
        return;
    }
    long long interval = now - last_wakeup_msec;
    if (interval < LONG_INTERVAL_MSEC) {
        return;
    }

    struct rusage ru;
    get_thread_rusage(&ru);
    COVERAGE_INC(long_poll_interval);
    VLOG_WARN_RL(&rl, "Unreasonably long %lldms poll interval "
                 "(%lldms user, %lldms system)", interval,
                 timeval_to_msec(&ru.ru_utime)
                 - timeval_to_msec(&last_wakeup_rusage.ru_utime),
                 timeval_to_msec(&ru.ru_stime)
                 - timeval_to_msec(&last_wakeup_rusage.ru_stime));
    VLOG_WARN_RL(&rl, "context switches: %ld voluntary, %ld involuntary",
                 ru.ru_nvcsw - last_wakeup_rusage.ru_nvcsw,
                 ru.ru_nivcsw - last_wakeup_rusage.ru_nivcsw);
}

/* Returns the poll() timeout for a deadline of TIMEOUT_WHEN. */
static int
compute_timeout(long long timeout_when)
{
    if (timeout_when == LLONG_MAX) {
        return -1;
    }

    long long now = time_msec();
    if (timeout_when <= now) {
        return 0;
    }

    long long left = timeout_when - now;
    if (atomic_load_explicit(&clock_is_fake, memory_order_acquire)) {
        /* A stopped clock never gets there by itself, and a warp by another
         * thread may bring it closer: look again soon. */
        left = MIN(left, FAKE_CLOCK_RECHECK_MSEC);
    }
    return MIN(left, INT_MAX);
}

int
time_poll(struct pollfd *pollfds, int n_pollfds, long long timeout_when)
{
    check_poll_interval(real_monotonic_msec());

    bool warping = run_warp_step();
    int retval;
    for (;;) {
        int timeout = warping ? 0 : compute_timeout(timeout_when);
        retval = poll(pollfds, n_pollfds, timeout);
        if (retval >= 0) {
            break;
        }
        retval = -errno;
        if (retval != -EINTR) {
            break;
        }
        /* A fatal signal interrupts the wait: service it now rather than
         * after the rest of the timeout. */
        fatal_signal_run();
    }

    last_wakeup_msec = real_monotonic_msec();
    get_thread_rusage(&last_wakeup_rusage);
    return retval;
}

/* Formatting. */

char *
xastrftime_msec(const char *format, long long msecs, bool utc)
{
    /* Split into whole seconds and a non-negative millisecond part, also
     * for times before the epoch. */
    long long secs = msecs / 1000;
    int millis = msecs % 1000;
    if (millis < 0) {
        millis += 1000;
        secs--;
    }

    time_t t = secs;
    struct tm tm;
    if (!(utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm))) {
        memset(&tm, 0, sizeof tm);
    }

    /* Substitute "###" before strftime(), which would leave it alone. */
    struct ds fmt = DS_EMPTY_INITIALIZER;
    for (const char *p = format; *p; ) {
        if (!strncmp(p, "###", 3)) {
            ds_put_format(&fmt, "%03d", millis);
            p += 3;
        } else {
            ds_put_char(&fmt, *p++);
        }
    }

    char *result = NULL;
    if (fmt.length) {
        /* strftime() returns 0 both for "too small" and for an empty
         * result; give up growing at a size no sane format needs. */
        for (size_t size = 64; size <= 65536; size *= 2) {
            result = xrealloc(result, size);
            if (strftime(result, size, ds_cstr(&fmt), &tm)) {
                break;
            }
            result[0] = '\0';
        }
    }
    ds_destroy(&fmt);
    return result ? result : xstrdup("");
}
