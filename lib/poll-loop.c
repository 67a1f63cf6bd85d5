/* poll-loop.c -- the per-thread event loop (see poll-loop.h for its use).
 *
 * Each thread has its own 'struct poll_loop', found through a thread-local
 * pointer (and freed at thread exit through a pthread key destructor).  It
 * collects, between two poll_block() calls:
 *
 *   - the file descriptors to wait on, in a hash map keyed by fd, so that
 *     several modules waiting on one fd share one pollfd whose events are
 *     OR'ed together;
 *   - the earliest timer deadline, in time_msec() terms, and who set it.
 *
 * poll_block() turns the map into a pollfd array, sleeps in time_poll(),
 * and then keeps the map, with each fd's revents filled in, as the answer
 * to poll_fd_revents() until the next poll_block(): the registrations
 * become the results and a fresh, empty map collects the next round.
 *
 * It also watches how the loop behaves: at debug level it logs what woke
 * it and which call site asked for that wakeup (the 'where' strings); and
 * it measures the thread's CPU use once a second of real time, so that a
 * loop that keeps waking up without ever sleeping (a busy loop: some
 * module's *_wait() asks for an immediate wakeup every time) is reported.
 * While CPU use is high, wakeups are logged at INFO (rate-limited), which
 * names the culprit. */
#include <config.h>
#include "poll-loop.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coverage.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "hash.h"
#include "hmap.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(poll_loop);

COVERAGE_DEFINE(poll_create_node);
COVERAGE_DEFINE(poll_zero_timeout);
COVERAGE_DEFINE(poll_busy_loop);

/* The busy loop detector: CPU use (percent of one core, over a window of
 * at least BUSY_WINDOW_MSEC of real time) at or above BUSY_CPU_PERCENT for
 * BUSY_REPORT_MSEC in a row is reported. */
#define BUSY_WINDOW_MSEC 1000
#define BUSY_CPU_PERCENT 95
#define BUSY_REPORT_MSEC 10000

/* CPU use at which wakeup reasons are logged at INFO instead of DBG. */
#define HIGH_CPU_PERCENT 50

/* One file descriptor to wait on. */
struct poll_node {
    struct hmap_node hmap_node; /* In 'waits' or 'results', by fd. */
    int fd;
    short events;               /* Requested (OR of every request). */
    short revents;              /* Result of the last poll. */
    const char *where;          /* First requester. */
    struct poll_node *next_spare;   /* In 'spares', when unused. */
};

struct poll_loop {
    struct hmap waits;          /* Registered since the last poll_block(). */
    struct hmap results;        /* Of the last poll_block(), with revents. */
    struct poll_node *spares;   /* Unused nodes: a loop with many fds would
                                 * otherwise malloc and free each of them
                                 * on every iteration. */

    long long timeout_when;     /* Earliest deadline, LLONG_MAX if none. */
    long long timeout_msec;     /* The delay the winning caller asked. */
    const char *timeout_where;  /* The winning caller. */

    /* Scratch arrays for poll_block(), kept to avoid reallocating. */
    struct pollfd *pollfds;
    struct poll_node **nodes;
    size_t allocated;

    /* Busy loop detector. */
    long long window_start;     /* Real monotonic ms; 0: not started. */
    long long window_cpu;       /* Thread CPU ms at 'window_start'. */
    int cpu_usage;              /* Percent over the last window, -1. */
    long long busy_msec;        /* How long CPU use has been ~100%. */
    unsigned long long n_wakeups;
    const char *last_wake_where;
};

static __thread struct poll_loop *thread_loop;
static pthread_key_t loop_key;
static pthread_once_t loop_key_once = PTHREAD_ONCE_INIT;

/* Moves the nodes of MAP to LOOP's spares. */
static void
recycle_nodes(struct poll_loop *loop, struct hmap *map)
{
    struct poll_node *node;

    HMAP_FOR_EACH_POP (node, hmap_node, map) {
        node->next_spare = loop->spares;
        loop->spares = node;
    }
}

static void
poll_loop_destroy(void *loop_)
{
    struct poll_loop *loop = loop_;

    recycle_nodes(loop, &loop->waits);
    hmap_destroy(&loop->waits);
    recycle_nodes(loop, &loop->results);
    hmap_destroy(&loop->results);
    while (loop->spares) {
        struct poll_node *node = loop->spares;
        loop->spares = node->next_spare;
        free(node);
    }
    free(loop->pollfds);
    free(loop->nodes);
    free(loop);
}

static void
create_loop_key(void)
{
    if (pthread_key_create(&loop_key, poll_loop_destroy)) {
        VLOG_FATAL("pthread_key_create failed");
    }
}

static struct poll_loop *
poll_loop(void)
{
    struct poll_loop *loop = thread_loop;

    if (OVS_LIKELY(loop)) {
        return loop;
    }

    pthread_once(&loop_key_once, create_loop_key);
    loop = xzalloc(sizeof *loop);
    hmap_init(&loop->waits);
    hmap_init(&loop->results);
    loop->timeout_when = LLONG_MAX;
    loop->cpu_usage = -1;
    pthread_setspecific(loop_key, loop);
    thread_loop = loop;
    return loop;
}

static struct poll_node *
find_node(const struct hmap *map, int fd)
{
    struct poll_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, hmap_node, hash_int(fd, 0), map) {
        if (node->fd == fd) {
            return node;
        }
    }
    return NULL;
}

void
poll_fd_wait_at(int fd, short events, const char *where)
{
    struct poll_loop *loop = poll_loop();

    ovs_assert(fd >= 0);
    struct poll_node *node = find_node(&loop->waits, fd);
    if (!node) {
        COVERAGE_INC(poll_create_node);
        node = loop->spares;
        if (node) {
            loop->spares = node->next_spare;
            memset(node, 0, sizeof *node);
        } else {
            node = xzalloc(sizeof *node);
        }
        node->fd = fd;
        node->where = where;
        hmap_insert(&loop->waits, &node->hmap_node, hash_int(fd, 0));
    }
    node->events |= events;
}

static void
set_timeout(struct poll_loop *loop, long long when, long long msec,
            const char *where)
{
    if (when < loop->timeout_when) {
        loop->timeout_when = when;
        loop->timeout_msec = msec;
        loop->timeout_where = where;
    }
}

void
poll_timer_wait_at(long long msec, const char *where)
{
    long long now = time_msec();
    long long when;

    if (msec <= 0) {
        when = LLONG_MIN;
        msec = 0;
    } else if (msec > LLONG_MAX - now) {
        when = LLONG_MAX;
    } else {
        when = now + msec;
    }
    set_timeout(poll_loop(), when, msec, where);
}

void
poll_timer_wait_until_at(long long when, const char *where)
{
    long long now = time_msec();
    long long msec = when <= now ? 0 : when - now;

    set_timeout(poll_loop(), when, msec, where);
}

void
poll_immediate_wake_at(const char *where)
{
    set_timeout(poll_loop(), LLONG_MIN, 0, where);
}

short
poll_fd_revents(int fd)
{
    struct poll_loop *loop = thread_loop;
    struct poll_node *node = loop ? find_node(&loop->results, fd) : NULL;

    return node ? node->revents : 0;
}

/* Appends the names of the POLL* bits in REVENTS to S. */
static void
format_revents(struct ds *s, short revents)
{
    static const struct {
        short bit;
        const char *name;
    } bits[] = {
        { POLLIN, "POLLIN" }, { POLLPRI, "POLLPRI" }, { POLLOUT, "POLLOUT" },
        { POLLERR, "POLLERR" }, { POLLHUP, "POLLHUP" },
        { POLLNVAL, "POLLNVAL" },
    };
    bool first = true;

    ds_put_char(s, '[');
    for (size_t i = 0; i < ARRAY_SIZE(bits); i++) {
        if (revents & bits[i].bit) {
            ds_put_format(s, "%s%s", first ? "" : "|", bits[i].name);
            first = false;
        }
    }
    ds_put_char(s, ']');
}

/* Logs one reason for a wakeup: NODE became ready, or (if NODE is NULL)
 * the timer expired. */
static void
log_wakeup(const struct poll_loop *loop, const struct poll_node *node)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 10);
    bool high_cpu = loop->cpu_usage >= HIGH_CPU_PERCENT;
    enum vlog_level level = high_cpu ? VLL_INFO : VLL_DBG;

    if (this_module->min_level < level
        || !vlog_is_enabled(this_module, level)) {
        return;
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    if (node) {
        ds_put_cstr(&s, "wakeup due to ");
        format_revents(&s, node->revents);
        ds_put_format(&s, " on fd %d at %s", node->fd,
                      node->where ? node->where : "(unknown)");
    } else {
        ds_put_format(&s, "wakeup due to %lld-ms timeout at %s",
                      loop->timeout_msec,
                      loop->timeout_where ? loop->timeout_where
                                          : "(unknown)");
    }
    if (loop->cpu_usage >= 0) {
        ds_put_format(&s, " (%d%% CPU usage)", loop->cpu_usage);
    }
    if (high_cpu) {
        vlog_rate_limit(this_module, level, &rl, "%s", ds_cstr(&s));
    } else {
        vlog(this_module, level, "%s", ds_cstr(&s));
    }
    ds_destroy(&s);
}

static long long
clock_msec(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts)) {
        return 0;
    }
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Measures CPU use once per window of real time (the fake clock would
 * fool it) and warns about a stretch of ~100% CPU. */
static void
update_busy_detector(struct poll_loop *loop)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
    long long now = clock_msec(CLOCK_MONOTONIC);

    if (!loop->window_start) {
        loop->window_start = now;
        loop->window_cpu = clock_msec(CLOCK_THREAD_CPUTIME_ID);
        return;
    }

    long long elapsed = now - loop->window_start;
    if (elapsed < BUSY_WINDOW_MSEC) {
        return;
    }

    long long cpu = clock_msec(CLOCK_THREAD_CPUTIME_ID);
    loop->cpu_usage = MIN(100, (cpu - loop->window_cpu) * 100 / elapsed);
    loop->window_start = now;
    loop->window_cpu = cpu;

    if (loop->cpu_usage < BUSY_CPU_PERCENT) {
        loop->busy_msec = 0;
        return;
    }
    loop->busy_msec += elapsed;
    if (loop->busy_msec >= BUSY_REPORT_MSEC) {
        COVERAGE_INC(poll_busy_loop);
        VLOG_WARN_RL(&rl, "poll loop has been using %d%% CPU for %lld "
                     "seconds (%llu wakeups so far, the last one due to "
                     "%s): a busy loop?", loop->cpu_usage,
                     loop->busy_msec / 1000, loop->n_wakeups,
                     loop->last_wake_where ? loop->last_wake_where
                                           : "(unknown)");
        loop->busy_msec = 0;
    }
}

void
poll_block(void)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 10);
    struct poll_loop *loop = poll_loop();

    /* A signal that came in while the loop was running is serviced before
     * sleeping; one that comes during the sleep wakes it. */
    fatal_signal_run();
    fatal_signal_wait();

    size_t n = hmap_count(&loop->waits);
    if (n > loop->allocated) {
        loop->allocated = MAX(n, 2 * loop->allocated);
        free(loop->pollfds);
        free(loop->nodes);
        loop->pollfds = xmalloc(loop->allocated * sizeof *loop->pollfds);
        loop->nodes = xmalloc(loop->allocated * sizeof *loop->nodes);
    }

    size_t i = 0;
    struct poll_node *node;
    HMAP_FOR_EACH (node, hmap_node, &loop->waits) {
        loop->pollfds[i] = (struct pollfd) {
            .fd = node->fd,
            .events = node->events,
        };
        loop->nodes[i] = node;
        i++;
    }

    if (loop->timeout_when <= time_msec()) {
        COVERAGE_INC(poll_zero_timeout);
    }

    int retval = time_poll(loop->pollfds, n, loop->timeout_when);
    loop->n_wakeups++;
    if (retval < 0) {
        VLOG_ERR_RL(&rl, "poll: %s", ovs_strerror(-retval));
        loop->last_wake_where = "a poll error";
    } else if (retval == 0) {
        loop->last_wake_where = loop->timeout_where;
        log_wakeup(loop, NULL);
    } else {
        for (i = 0; i < n; i++) {
            node = loop->nodes[i];
            node->revents = loop->pollfds[i].revents;
            if (node->revents) {
                loop->last_wake_where = node->where;
                log_wakeup(loop, node);
            }
            if (node->revents & POLLNVAL) {
                /* Not open: would wake every iteration, forever. */
                VLOG_WARN_RL(&rl, "fd %d registered at %s is not open",
                             node->fd, node->where);
            }
        }
    }

    /* This round's registrations become the results; start afresh. */
    recycle_nodes(loop, &loop->results);
    hmap_swap(&loop->waits, &loop->results);
    loop->timeout_when = LLONG_MAX;
    loop->timeout_msec = 0;
    loop->timeout_where = NULL;

    update_busy_detector(loop);

    /* A fatal signal that woke us is serviced at once. */
    fatal_signal_run();
}
