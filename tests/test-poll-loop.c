/* test-poll-loop.c -- unit tests of the event loop, the clock, latches and
 * fatal-signal cleanup.
 *
 *   ovstest test-poll-loop [SUBTEST...]     (no SUBTEST: all of them)
 *   ovstest test-fatal-signal FILE MARKER READY
 *       Registers FILE (created here) to be unlinked and two hooks that
 *       append "first" and "second" to MARKER, creates READY, then sleeps
 *       in poll_block() forever: the test suite sends it a signal.
 *   ovstest test-fatal-signal-exit FILE MARKER
 *       Registers FILE to be unlinked, a hook run at exit that appends
 *       "at-exit" to MARKER and one for signals only that appends
 *       "signal-only", then exits normally.
 *
 * Timing checks are one-sided where they can be ("not early") and generous
 * where they cannot ("promptly"), because the suite runs in parallel on
 * busy machines and under sanitizers. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fatal-signal.h"
#include "latch.h"
#include "ovstest.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

/* Real elapsed milliseconds, independent of the (possibly fake) clock. */
static long long
real_msec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_msec(long long msec)
{
    struct timespec ts = { msec / 1000, (msec % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) && errno == EINTR) {
        continue;
    }
}

static void
xpipe_nonblocking(int fds[2])
{
    OVSTEST_CHECK(!pipe2(fds, O_NONBLOCK | O_CLOEXEC));
}

/* Timers fire earliest first, and poll_block() never returns before the
 * earliest deadline. */
static void
test_timers(void)
{
    long long start = time_msec();
    long long deadlines[3] = { start + 60, start + 20, start + 40 };
    int expected_order[3] = { 1, 2, 0 };
    bool fired[3] = { false, false, false };
    int n_fired = 0;
    int iterations = 0;

    while (n_fired < 3) {
        long long earliest = LLONG_MAX;
        for (int i = 0; i < 3; i++) {
            if (!fired[i]) {
                poll_timer_wait_until(deadlines[i]);
                earliest = MIN(earliest, deadlines[i]);
            }
        }
        poll_block();
        OVSTEST_CHECK(time_msec() >= earliest);

        /* Only the earliest may be due now, unless the machine stalled. */
        for (int k = 0; k < 3; k++) {
            int i = expected_order[k];
            if (!fired[i] && time_msec() >= deadlines[i]) {
                OVSTEST_CHECK_INT(k, n_fired);
                fired[i] = true;
                n_fired++;
            }
        }
        OVSTEST_CHECK(++iterations < 100);
    }

    /* The relative form. */
    long long t0 = real_msec();
    poll_timer_wait(30);
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 >= 30);

    /* The earlier of two timers wins. */
    t0 = real_msec();
    poll_timer_wait(10000);
    poll_timer_wait(20);
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 >= 20);
    OVSTEST_CHECK(real_msec() - t0 < 5000);
}

/* Waiting on a pipe: no wakeup without data, a prompt one with it, and
 * registrations are forgotten after each poll_block(). */
static void
test_fd(void)
{
    int fds[2];
    xpipe_nonblocking(fds);

    long long t0 = real_msec();
    poll_fd_wait(fds[0], POLLIN);
    poll_timer_wait(30);
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 >= 30);
    OVSTEST_CHECK_INT(poll_fd_revents(fds[0]), 0);

    OVSTEST_CHECK_INT(write(fds[1], "x", 1), 1);
    t0 = real_msec();
    poll_fd_wait(fds[0], POLLIN);
    poll_timer_wait(10000);
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 < 5000);
    OVSTEST_CHECK(poll_fd_revents(fds[0]) & POLLIN);
    OVSTEST_CHECK_INT(poll_fd_revents(fds[1]), 0);

    /* Not registered this time: no result, even though still readable. */
    poll_immediate_wake();
    poll_block();
    OVSTEST_CHECK_INT(poll_fd_revents(fds[0]), 0);

    close(fds[0]);
    close(fds[1]);
}

/* Two waits on one fd merge into one pollfd with both events. */
static void
test_merge(void)
{
    int fds[2];
    OVSTEST_CHECK(!socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
    OVSTEST_CHECK_INT(write(fds[1], "x", 1), 1);

    poll_fd_wait(fds[0], POLLIN);
    poll_fd_wait(fds[0], POLLOUT);
    poll_timer_wait(10000);
    poll_block();
    short revents = poll_fd_revents(fds[0]);
    OVSTEST_CHECK(revents & POLLIN);
    OVSTEST_CHECK(revents & POLLOUT);

    close(fds[0]);
    close(fds[1]);
}

struct latch_setter {
    struct latch *latch;
    long long delay;
    long long set_at;           /* real_msec() when set. */
};

static void *
latch_setter_main(void *aux)
{
    struct latch_setter *setter = aux;

    sleep_msec(setter->delay);
    setter->set_at = real_msec();
    latch_set(setter->latch);
    return NULL;
}

/* A latch set in another thread wakes this thread's poll_block(). */
static void
test_latch(void)
{
    struct latch latch;

    latch_init(&latch);
    OVSTEST_CHECK(!latch_is_set(&latch));
    OVSTEST_CHECK(!latch_poll(&latch));
    latch_set(&latch);
    latch_set(&latch);
    OVSTEST_CHECK(latch_is_set(&latch));
    OVSTEST_CHECK(latch_poll(&latch));
    OVSTEST_CHECK(!latch_poll(&latch));     /* Sets collapse into one. */
    OVSTEST_CHECK(!latch_is_set(&latch));

    for (int i = 0; i < 3; i++) {
        struct latch_setter setter = { &latch, 50, 0 };
        pthread_t thread;

        OVSTEST_CHECK(!pthread_create(&thread, NULL, latch_setter_main,
                                      &setter));
        latch_wait(&latch);
        poll_timer_wait(10000);
        poll_block();
        long long woke_at = real_msec();
        OVSTEST_CHECK(!pthread_join(thread, NULL));

        OVSTEST_CHECK(latch_poll(&latch));
        OVSTEST_CHECK(woke_at >= setter.set_at);
        if (woke_at - setter.set_at >= 100) {
            ovstest_fail(__FILE__, __LINE__, "woke %lld ms after latch_set",
                         woke_at - setter.set_at);
        }
    }
    latch_destroy(&latch);
}

/* poll_immediate_wake() makes exactly the next poll_block() return. */
static void
test_immediate(void)
{
    long long t0 = real_msec();
    poll_timer_wait(10000);
    poll_immediate_wake();
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 < 5000);

    t0 = real_msec();
    poll_timer_wait(30);
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 >= 30);

    /* Each immediate wakeup counts once, also back to back. */
    t0 = real_msec();
    poll_immediate_wake();
    poll_block();
    poll_immediate_wake();
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 < 5000);
}

struct other_thread {
    int fd;                     /* The main thread's readable pipe. */
    bool ok;
};

static void *
other_thread_main(void *aux)
{
    struct other_thread *other = aux;

    /* Our immediate wakeup must not wake the main thread. */
    long long t0 = real_msec();
    poll_immediate_wake();
    poll_block();
    bool fast = real_msec() - t0 < 5000;

    /* Our own timer works, and the main thread's fd is not ours. */
    t0 = real_msec();
    poll_timer_wait(30);
    poll_block();
    bool waited = real_msec() - t0 >= 30;

    other->ok = fast && waited && !poll_fd_revents(other->fd);
    return NULL;
}

/* Each thread has its own loop: registrations, wakeups and results. */
static void
test_threads(void)
{
    int fds[2];
    xpipe_nonblocking(fds);
    OVSTEST_CHECK_INT(write(fds[1], "x", 1), 1);

    poll_fd_wait(fds[0], POLLIN);
    poll_block();
    OVSTEST_CHECK(poll_fd_revents(fds[0]) & POLLIN);

    /* The other thread's loop neither sees nor clobbers our results. */
    struct other_thread other = { fds[0], false };
    pthread_t thread;
    OVSTEST_CHECK(!pthread_create(&thread, NULL, other_thread_main, &other));
    OVSTEST_CHECK(!pthread_join(thread, NULL));
    OVSTEST_CHECK(other.ok);
    OVSTEST_CHECK(poll_fd_revents(fds[0]) & POLLIN);

    /* Its immediate wakeup does not cut our sleep short. */
    other.ok = false;
    OVSTEST_CHECK(!pthread_create(&thread, NULL, other_thread_main, &other));
    long long t0 = real_msec();
    poll_timer_wait(200);
    poll_block();
    OVSTEST_CHECK(real_msec() - t0 >= 200);
    OVSTEST_CHECK(!pthread_join(thread, NULL));
    OVSTEST_CHECK(other.ok);

    close(fds[0]);
    close(fds[1]);
}

/* The monotonic clock never goes back and agrees with its variants. */
static void
test_clock(void)
{
    long long prev = time_msec();
    for (int i = 0; i < 100000; i++) {
        long long now = time_msec();
        OVSTEST_CHECK(now >= prev);
        prev = now;
    }

    long long usec = time_usec();
    long long msec = time_msec();
    OVSTEST_CHECK(msec >= usec / 1000);
    OVSTEST_CHECK(msec - usec / 1000 < 1000);
    OVSTEST_CHECK(time_now() >= usec / 1000000);

    long long t0 = time_msec();
    sleep_msec(20);
    OVSTEST_CHECK(time_msec() - t0 >= 20);

    long long wall = time_wall_msec();
    time_t now = time(NULL);
    OVSTEST_CHECK(wall / 1000 >= now - 2 && wall / 1000 <= now + 2);
    OVSTEST_CHECK(time_wall() >= now - 2 && time_wall() <= now + 2);
    OVSTEST_CHECK(time_wall_usec() / 1000 >= wall);
}

/* A stopped clock moves only by warps, in steps between loop iterations,
 * and timers fire in order along the way.  Stops the clock for good, so
 * it runs last. */
static void
test_warp(void)
{
    timeval_stop();
    long long t0 = time_msec();
    sleep_msec(30);
    OVSTEST_CHECK_INT(time_msec(), t0);

    timeval_warp(1000, 0);
    OVSTEST_CHECK_INT(time_msec(), t0 + 1000);

    /* A timer in the future does not fire by itself. */
    poll_timer_wait_until(t0 + 1500);
    poll_block();
    OVSTEST_CHECK_INT(time_msec(), t0 + 1000);

    /* 500 ms in steps of 100: one step per poll_block(), no sleeping. */
    long long start = real_msec();
    timeval_warp(500, 100);
    for (int i = 1; i <= 5; i++) {
        poll_timer_wait(1000000);
        poll_block();
        OVSTEST_CHECK_INT(time_msec(), t0 + 1000 + 100 * i);
    }
    OVSTEST_CHECK(real_msec() - start < 5000);

    /* Now the earlier timer is due. */
    start = real_msec();
    poll_timer_wait_until(t0 + 1500);
    poll_block();
    OVSTEST_CHECK(real_msec() - start < 5000);
    OVSTEST_CHECK_INT(time_msec(), t0 + 1500);

    /* Two timers during a stepped warp fire in order, at the first step
     * that reaches them. */
    long long base = time_msec();
    long long deadlines[2] = { base + 250, base + 120 };
    bool fired[2] = { false, false };
    long long fired_at[2] = { 0, 0 };
    timeval_warp(300, 50);
    for (int i = 0; i < 6; i++) {
        for (int k = 0; k < 2; k++) {
            if (!fired[k]) {
                poll_timer_wait_until(deadlines[k]);
            }
        }
        poll_timer_wait(1000000);   /* Something to wait for at the end. */
        poll_block();
        for (int k = 0; k < 2; k++) {
            if (!fired[k] && time_msec() >= deadlines[k]) {
                fired[k] = true;
                fired_at[k] = time_msec();
            }
        }
    }
    OVSTEST_CHECK_INT(time_msec(), base + 300);
    OVSTEST_CHECK(fired[0] && fired[1]);
    OVSTEST_CHECK_INT(fired_at[1], base + 150);
    OVSTEST_CHECK_INT(fired_at[0], base + 250);
}

static void
test_xastrftime(void)
{
    char *s;

    s = xastrftime_msec("%Y-%m-%dT%H:%M:%S.###Z", 1234567890123LL, true);
    OVSTEST_CHECK_STR(s, "2009-02-13T23:31:30.123Z");
    free(s);

    s = xastrftime_msec("%Y-%m-%d %H:%M:%S.###", -1, true);
    OVSTEST_CHECK_STR(s, "1969-12-31 23:59:59.999");
    free(s);

    s = xastrftime_msec("###", 5, true);
    OVSTEST_CHECK_STR(s, "005");
    free(s);

    s = xastrftime_msec("", 0, true);
    OVSTEST_CHECK_STR(s, "");
    free(s);
}

static int cancelled;

static void
noop_hook(void *aux OVS_UNUSED)
{
}

static void
count_cancel(void *aux OVS_UNUSED)
{
    cancelled++;
}

/* A forked child that calls fatal_signal_fork() leaves the parent's files
 * alone and cancels the hooks; unlinking "now" works and forgets. */
static void
test_fork(void)
{
    char name[] = "fatal-fork-XXXXXX";
    int fd = mkstemp(name);
    OVSTEST_CHECK(fd >= 0);
    close(fd);

    fatal_signal_add_file_to_unlink(name);
    fatal_signal_add_hook(noop_hook, count_cancel, NULL, true);

    fflush(NULL);
    pid_t pid = fork();
    OVSTEST_CHECK(pid >= 0);
    if (!pid) {
        fatal_signal_fork();
        exit(cancelled == 1 ? 0 : 1);     /* Runs the atexit handler. */
    }

    int status;
    OVSTEST_CHECK_INT(waitpid(pid, &status, 0), pid);
    OVSTEST_CHECK(WIFEXITED(status));
    OVSTEST_CHECK_INT(WEXITSTATUS(status), 0);
    OVSTEST_CHECK_INT(cancelled, 0);
    OVSTEST_CHECK(!access(name, F_OK));

    OVSTEST_CHECK_INT(fatal_signal_unlink_file_now(name), 0);
    OVSTEST_CHECK(access(name, F_OK) && errno == ENOENT);

    /* Removing a registration keeps the file at exit. */
    fd = open(name, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    OVSTEST_CHECK(fd >= 0);
    close(fd);
    fatal_signal_add_file_to_unlink(name);
    fatal_signal_remove_file_to_unlink(name);
    OVSTEST_CHECK(!access(name, F_OK));
    OVSTEST_CHECK_INT(fatal_signal_unlink_file_now(name), 0);
}

/* Debug logging names what woke the loop and who asked for it. */
static void
test_wakeup_log(void)
{
    vlog_set_levels_from_string_assert("poll_loop:console:dbg");

    poll_immediate_wake();
    poll_block();

    int fds[2];
    xpipe_nonblocking(fds);
    OVSTEST_CHECK_INT(write(fds[1], "x", 1), 1);
    poll_fd_wait(fds[0], POLLIN);
    poll_block();
    fprintf(stderr, "pipe fd %d\n", fds[0]);
    close(fds[0]);
    close(fds[1]);
}

/* A loop iteration that takes over a second is reported. */
static void
test_long_interval(void)
{
    poll_immediate_wake();
    poll_block();
    sleep_msec(1100);
    poll_immediate_wake();
    poll_block();
}

struct subtest {
    const char *name;
    void (*function)(void);
    bool in_all;                /* Run when no subtest is named. */
};

static const struct subtest subtests[] = {
    { "timers", test_timers, true },
    { "fd", test_fd, true },
    { "merge", test_merge, true },
    { "latch", test_latch, true },
    { "immediate", test_immediate, true },
    { "threads", test_threads, true },
    { "clock", test_clock, true },
    { "xastrftime", test_xastrftime, true },
    { "fork", test_fork, true },
    { "warp", test_warp, true },            /* Stops the clock: last. */
    { "wakeup-log", test_wakeup_log, false },
    { "long-interval", test_long_interval, false },
};

static void
run_subtest(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(subtests); i++) {
        if (!strcmp(subtests[i].name, name)) {
            subtests[i].function();
            return;
        }
    }
    ovs_fatal(0, "unknown subtest \"%s\"", name);
}

static void
test_poll_loop_main(int argc, char *argv[])
{
    if (argc < 2) {
        for (size_t i = 0; i < ARRAY_SIZE(subtests); i++) {
            if (subtests[i].in_all) {
                subtests[i].function();
            }
        }
    } else {
        for (int i = 1; i < argc; i++) {
            run_subtest(argv[i]);
        }
    }
}

OVSTEST_REGISTER("test-poll-loop", test_poll_loop_main);

/* The fatal-signal commands. */

static const char *marker_file;

static void
append_marker(const char *text)
{
    FILE *stream = fopen(marker_file, "a");
    if (stream) {
        fprintf(stream, "%s\n", text);
        fclose(stream);
    }
}

static void
first_hook(void *aux OVS_UNUSED)
{
    append_marker("first");
}

static void
second_hook(void *aux OVS_UNUSED)
{
    append_marker("second");
}

static void
at_exit_hook(void *aux OVS_UNUSED)
{
    append_marker("at-exit");
}

static void
signal_only_hook(void *aux OVS_UNUSED)
{
    append_marker("signal-only");
}

static void
touch(const char *file_name)
{
    int fd = open(file_name, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) {
        ovs_fatal(errno, "%s: create failed", file_name);
    }
    close(fd);
}

static void
test_fatal_signal_main(int argc, char *argv[])
{
    if (argc != 4) {
        ovs_fatal(0, "usage: test-fatal-signal FILE MARKER READY");
    }
    marker_file = argv[2];

    touch(argv[1]);
    fatal_signal_add_file_to_unlink(argv[1]);
    fatal_signal_add_hook(first_hook, NULL, NULL, false);
    fatal_signal_add_hook(second_hook, NULL, NULL, false);
    touch(argv[3]);

    /* Only a fatal signal ends this. */
    for (int i = 0; i < 600; i++) {
        poll_timer_wait(1000);
        poll_block();
    }
    ovs_fatal(0, "no signal received in 10 minutes");
}

OVSTEST_REGISTER("test-fatal-signal", test_fatal_signal_main);

static void
test_fatal_signal_exit_main(int argc, char *argv[])
{
    if (argc != 3) {
        ovs_fatal(0, "usage: test-fatal-signal-exit FILE MARKER");
    }
    marker_file = argv[2];

    touch(argv[1]);
    fatal_signal_add_file_to_unlink(argv[1]);
    fatal_signal_add_hook(at_exit_hook, NULL, NULL, true);
    fatal_signal_add_hook(signal_only_hook, NULL, NULL, false);
    exit(0);
}

OVSTEST_REGISTER("test-fatal-signal-exit", test_fatal_signal_exit_main);
