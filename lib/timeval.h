/* timeval.h -- the clock.
 *
 * time_msec() is monotonic milliseconds; every timeout in the tree is
 * computed from it.  For tests the monotonic clock can be stopped and
 * warped through ovs-appctl (time/stop, time/warp MSECS), so that
 * timeouts are tested without sleeping: see timeval_dummy_register(). */
#ifndef TIMEVAL_H
#define TIMEVAL_H 1

#include <poll.h>
#include <stdbool.h>
#include <time.h>

long long time_msec(void);          /* Monotonic (warpable) milliseconds. */
long long time_usec(void);          /* Monotonic (warpable) microseconds. */
time_t time_now(void);              /* Monotonic seconds. */
long long time_wall_msec(void);     /* Wall clock, ms since the epoch. */
long long time_wall_usec(void);
time_t time_wall(void);

/* Like poll(), but until TIMEOUT_WHEN in time_msec() terms (LLONG_MAX:
 * forever; in the past: don't wait), restarting on EINTR and honouring the
 * stopped or warped clock.  Returns as poll() does, or -errno. */
int time_poll(struct pollfd *, int n_pollfds, long long timeout_when);

/* Registers time/stop and time/warp unixctl commands; called by daemons
 * when run with --enable-dummy (tests only). */
void timeval_dummy_register(void);

/* The same from C, for unit tests.  timeval_stop() freezes the monotonic
 * clock (only warps move it afterwards).  timeval_warp() moves it forward
 * by MSECS: at once if STEP_MSECS <= 0 or >= MSECS, otherwise STEP_MSECS at
 * a time, one step per time_poll() in the calling thread (so that its loop
 * runs between steps). */
void timeval_stop(void);
void timeval_warp(long long msecs, long long step_msecs);

/* Formats MSECS (wall clock ms) with strftime FORMAT in UTC; "###" in the
 * format is replaced by milliseconds.  Returns a newly allocated string. */
char *xastrftime_msec(const char *format, long long msecs, bool utc);

#endif /* timeval.h */
