/* poll-loop.h -- the event loop: each thread runs a "run, wait, block" loop.
 *
 *     for (;;) {
 *         module_run();        -- do whatever work is ready, never block
 *         module_wait();       -- register what would make more work ready
 *         poll_block();        -- sleep until one of those happens
 *     }
 *
 * The *_wait() functions register file descriptors and timers with the
 * calling thread's poll loop; poll_block() waits for the first of them and
 * then forgets them all, so every iteration registers afresh.  State is
 * per thread: each thread has its own loop.  Another thread wakes a loop
 * through a latch (latch.h). */
#ifndef POLL_LOOP_H
#define POLL_LOOP_H 1

#include <poll.h>
#include <stdbool.h>

/* WHERE arguments name the caller in debug logs of what woke the loop. */
#define OVS_SOURCE_LOCATOR __FILE__ ":" OVS_STRINGIFY(__LINE__)

/* Wake when FD is ready for EVENTS (POLLIN, POLLOUT). */
void poll_fd_wait_at(int fd, short events, const char *where);
#define poll_fd_wait(FD, EVENTS) \
    poll_fd_wait_at(FD, EVENTS, OVS_SOURCE_LOCATOR)

/* Wake after MSEC milliseconds (<= 0: at once). */
void poll_timer_wait_at(long long msec, const char *where);
#define poll_timer_wait(MSEC) poll_timer_wait_at(MSEC, OVS_SOURCE_LOCATOR)

/* Wake when time_msec() reaches WHEN (LLONG_MAX: never). */
void poll_timer_wait_until_at(long long when, const char *where);
#define poll_timer_wait_until(WHEN) \
    poll_timer_wait_until_at(WHEN, OVS_SOURCE_LOCATOR)

/* Make the next poll_block() return at once. */
void poll_immediate_wake_at(const char *where);
#define poll_immediate_wake() poll_immediate_wake_at(OVS_SOURCE_LOCATOR)

/* Sleeps until something registered since the last poll_block() happens,
 * then clears the registrations.  Also services fatal signals (a pending
 * SIGTERM runs the fatal-signal hooks and exits). */
void poll_block(void);

/* Returns the events that were ready on FD at the last poll_block() in
 * this thread (0 if none or not registered). */
short poll_fd_revents(int fd);

#endif /* poll-loop.h */
