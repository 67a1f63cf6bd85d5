/* latch.c -- a cross-thread wakeup flag, built on an eventfd.
 *
 * The eventfd's counter is the flag: latch_set() adds 1 (so it is nonzero,
 * and the fd polls readable), latch_poll() reads it back to 0.  Several
 * latch_set() calls before one latch_poll() collapse into one wakeup, which
 * is what a "something changed, look again" signal wants.  The fd is
 * non-blocking, so neither side can ever hang on it, and close-on-exec, so
 * it does not leak into child programs. */
#include <config.h>
#include "latch.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "coverage.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(latch);

COVERAGE_DEFINE(latch_error);

void
latch_init(struct latch *latch)
{
    latch->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (latch->fd < 0) {
        /* Without it the thread could never be woken: nothing sane to do
         * but stop (this means the process ran out of descriptors). */
        VLOG_FATAL("eventfd failed (%s)", ovs_strerror(errno));
    }
}

void
latch_destroy(struct latch *latch)
{
    if (latch && latch->fd >= 0) {
        close(latch->fd);
        latch->fd = -1;
    }
}

bool
latch_poll(struct latch *latch)
{
    uint64_t value;
    ssize_t n = read(latch->fd, &value, sizeof value);

    if (n == sizeof value) {
        return true;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(latch_error);
        VLOG_ERR_RL(&rl, "latch read failed (%s)", ovs_strerror(errno));
    }
    return false;
}

void
latch_set(struct latch *latch)
{
    uint64_t one = 1;
    ssize_t n;

    do {
        n = write(latch->fd, &one, sizeof one);
    } while (n < 0 && errno == EINTR);

    /* EAGAIN means the counter is at its maximum: already set. */
    if (n < 0 && errno != EAGAIN) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(latch_error);
        VLOG_ERR_RL(&rl, "latch write failed (%s)", ovs_strerror(errno));
    }
}

bool
latch_is_set(const struct latch *latch)
{
    struct pollfd pfd = { .fd = latch->fd, .events = POLLIN };
    int retval;

    do {
        retval = poll(&pfd, 1, 0);
    } while (retval < 0 && errno == EINTR);
    return retval > 0 && (pfd.revents & POLLIN);
}

void
latch_wait_at(const struct latch *latch, const char *where)
{
    poll_fd_wait_at(latch->fd, POLLIN, where);
}
