/* stream-fd.c -- the unix and tcp stream providers (stream-provider.h):
 * streams that are just a nonblocking socket file descriptor.
 *
 * One implementation ("fd stream") serves both active classes; they
 * differ only in how the socket is opened.  Likewise one "fd pstream"
 * serves ptcp and punix, which differ in how they listen and in what an
 * accepted connection is called: "tcp:ADDRESS:PORT" of the peer for tcp,
 * "unix#N" (a sequence number; unix clients have no names) for unix.
 *
 * A punix socket file belongs to the pstream: it is registered with
 * fatal-signal.h when created, so a killed daemon does not leave it
 * behind, and it is unlinked when the pstream is closed.
 *
 * This file also holds the tcp helpers that stream-ssl.c shares, since
 * an ssl stream is a tcp socket underneath.
 *
 * Skipped system calls: a server with many idle connections would
 * otherwise try a read() on every one of them (and an accept() on every
 * listener) in each iteration of its main loop, only to get EAGAIN.  So a
 * stream that registered a wait for input remembers it, and its next
 * receive first asks the poll loop what poll() reported for the
 * descriptor (poll_fd_revents()): if nothing, it returns EAGAIN without a
 * system call.  This is safe because a caller that gets EAGAIN registers
 * the wait again, so input that arrived after the poll wakes the next
 * one; and because the memory is cleared by that receive, a caller that
 * retries without sleeping in between gets a real read(). */

#include <config.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "coverage.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "stream-provider.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(stream_fd);

COVERAGE_DEFINE(stream_fd_recv_error);
COVERAGE_DEFINE(stream_fd_send_error);
COVERAGE_DEFINE(stream_fd_recv_skipped);
COVERAGE_DEFINE(pstream_fd_accept_skipped);

/* Tells whether poll() may have found FD ready for input, for a stream that
 * registered a wait for it.  See the comment at the top of the file. */
static bool
input_may_be_ready(int fd)
{
    return (poll_fd_revents(fd) & (POLLIN | POLLERR | POLLHUP | POLLNVAL))
           != 0;
}

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Shared tcp helpers. */

int
stream_verify_inet_active(const char *name, const char *suffix)
{
    struct sockaddr_storage ss;
    char *msg;
    int error = inet_parse_active(suffix, 0, false, &ss, &msg);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: %s", name, msg);
        free(msg);
    }
    return error;
}

int
pstream_verify_inet_passive(const char *name, const char *suffix)
{
    struct sockaddr_storage ss;
    char *msg;
    int error = inet_parse_passive(suffix, 0, false, &ss, &msg);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: %s", name, msg);
        free(msg);
    }
    return error;
}

int
stream_inet_open(const char *name, const char *suffix, uint8_t dscp,
                 int *fdp)
{
    struct sockaddr_storage ss;
    char *msg;

    /* Resolving a host name here may block (see socket-util.h). */
    int error = inet_parse_active(suffix, 0, true, &ss, &msg);
    if (error) {
        *fdp = -1;
        VLOG_WARN_RL(&rl, "%s: %s", name, msg);
        free(msg);
        return error;
    }
    return inet_open_active(SOCK_STREAM, &ss, dscp, fdp);
}

int
pstream_inet_listen(const char *name, const char *suffix, uint8_t dscp,
                    int *port)
{
    struct sockaddr_storage ss, bound;
    char *msg;

    int error = inet_parse_passive(suffix, 0, true, &ss, &msg);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: %s", name, msg);
        free(msg);
        return -error;
    }
    int fd = inet_open_passive(SOCK_STREAM, &ss, dscp, &bound);
    if (fd >= 0) {
        *port = ss_get_port(&bound);
    }
    return fd;
}

int
pstream_accept_fd(int fd, char **peer)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int new_fd;

    *peer = NULL;
    memset(&ss, 0, sizeof ss);
    do {
        new_fd = accept4(fd, (struct sockaddr *) &ss, &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (new_fd < 0 && errno == EINTR);
    if (new_fd < 0) {
        /* A connection that was reset before we got to it is not our
         * listener's problem: try again later. */
        return (errno == EWOULDBLOCK || errno == ECONNABORTED
                ? -EAGAIN : -errno);
    }

    if (ss.ss_family == AF_INET || ss.ss_family == AF_INET6) {
        struct ds s = DS_EMPTY_INITIALIZER;
        set_tcp_nodelay(new_fd);
        ss_format_address_port(&ss, &s);
        *peer = ds_steal_cstr(&s);
    }
    return new_fd;
}

/* Active fd streams. */

struct fd_stream {
    struct stream up;
    int fd;
    bool recv_waited;           /* Wait for input registered, not used. */
};

static struct fd_stream *
fd_stream_cast(const struct stream *stream)
{
    return CONTAINER_OF(stream, struct fd_stream, up);
}

/* Wraps FD, which the new stream owns, as a stream named NAME of CLASS.
 * CONNECT_STATUS is as for stream_init(). */
static struct stream *
new_fd_stream(const struct stream_class *class, const char *name, int fd,
              int connect_status)
{
    struct fd_stream *s = xmalloc(sizeof *s);
    stream_init(&s->up, class, connect_status, name);
    s->fd = fd;
    s->recv_waited = false;
    return &s->up;
}

static void
fd_close(struct stream *stream)
{
    struct fd_stream *s = fd_stream_cast(stream);
    close(s->fd);
    stream_destroy_base(stream);
    free(s);
}

static int
fd_connect(struct stream *stream)
{
    return check_connection_completion(fd_stream_cast(stream)->fd);
}

static ssize_t
fd_recv(struct stream *stream, void *buffer, size_t n)
{
    struct fd_stream *s = fd_stream_cast(stream);
    ssize_t retval;

    if (s->recv_waited) {
        s->recv_waited = false;
        if (!input_may_be_ready(s->fd)) {
            COVERAGE_INC(stream_fd_recv_skipped);
            return -EAGAIN;
        }
    }
    do {
        retval = read(s->fd, buffer, n);
    } while (retval < 0 && errno == EINTR);
    if (retval >= 0) {
        return retval;
    }

    int error = errno == EWOULDBLOCK ? EAGAIN : errno;
    if (error != EAGAIN) {
        COVERAGE_INC(stream_fd_recv_error);
        VLOG_DBG_RL(&rl, "%s: recv failed (%s)", stream->name,
                    ovs_strerror(error));
    }
    return -error;
}

static ssize_t
fd_send(struct stream *stream, const void *buffer, size_t n)
{
    struct fd_stream *s = fd_stream_cast(stream);
    ssize_t retval;

    /* MSG_NOSIGNAL: a peer that went away must give us EPIPE, not kill
     * the process with SIGPIPE. */
    do {
        retval = send(s->fd, buffer, n, MSG_NOSIGNAL);
    } while (retval < 0 && errno == EINTR);
    if (retval >= 0) {
        return retval;
    }

    int error = errno == EWOULDBLOCK ? EAGAIN : errno;
    if (error != EAGAIN) {
        COVERAGE_INC(stream_fd_send_error);
        VLOG_DBG_RL(&rl, "%s: send failed (%s)", stream->name,
                    ovs_strerror(error));
    }
    return -error;
}

static void
fd_wait(struct stream *stream, enum stream_wait_type wait)
{
    struct fd_stream *s = fd_stream_cast(stream);
    if (wait == STREAM_RECV) {
        s->recv_waited = true;
        poll_fd_wait(s->fd, POLLIN);
    } else {
        poll_fd_wait(s->fd, POLLOUT);
    }
}

static pid_t
fd_get_peer_pid(const struct stream *stream)
{
    return get_unix_peer_pid(fd_stream_cast(stream)->fd);
}

/* unix: */

/* Returns FILE made absolute relative to the run directory. */
static char *
unix_abs_name(const char *file)
{
    return abs_file_name(ovs_rundir(), file);
}

static int
unix_verify(const char *name, const char *suffix)
{
    if (!suffix[0]) {
        VLOG_WARN_RL(&rl, "%s: file name required", name);
        return EINVAL;
    }
    return 0;
}

static int
unix_open(const char *name, char *suffix, struct stream **streamp,
          uint8_t dscp OVS_UNUSED)
{
    int error = unix_verify(name, suffix);
    if (error) {
        return error;
    }

    char *path = unix_abs_name(suffix);
    int fd = make_unix_socket(SOCK_STREAM, true, NULL, path);
    free(path);
    if (fd < 0) {
        return -fd;
    }
    *streamp = new_fd_stream(&unix_stream_class, name, fd, 0);
    return 0;
}

const struct stream_class unix_stream_class = {
    .name = "unix",
    .needs_probes = false,
    .verify = unix_verify,
    .open = unix_open,
    .close = fd_close,
    .connect = fd_connect,
    .recv = fd_recv,
    .send = fd_send,
    .wait = fd_wait,
    .get_peer_pid = fd_get_peer_pid,
};

/* tcp: */

static int
tcp_open(const char *name, char *suffix, struct stream **streamp,
         uint8_t dscp)
{
    int fd;
    int error = stream_inet_open(name, suffix, dscp, &fd);
    if (error && error != EAGAIN) {
        return error;
    }
    *streamp = new_fd_stream(&tcp_stream_class, name, fd, error);
    return 0;
}

const struct stream_class tcp_stream_class = {
    .name = "tcp",
    .needs_probes = true,
    .verify = stream_verify_inet_active,
    .open = tcp_open,
    .close = fd_close,
    .connect = fd_connect,
    .recv = fd_recv,
    .send = fd_send,
    .wait = fd_wait,
};

/* Passive fd streams. */

struct fd_pstream {
    struct pstream up;
    int fd;
    char *unlink_path;          /* punix socket file, or NULL. */
    bool accept_waited;         /* Wait registered, not used since. */
};

static struct fd_pstream *
fd_pstream_cast(const struct pstream *pstream)
{
    return CONTAINER_OF(pstream, struct fd_pstream, up);
}

static struct fd_pstream *
new_fd_pstream(const struct pstream_class *class, const char *name, int fd,
               char *unlink_path)
{
    struct fd_pstream *ps = xmalloc(sizeof *ps);
    pstream_init(&ps->up, class, name);
    ps->fd = fd;
    ps->unlink_path = unlink_path;
    ps->accept_waited = false;
    return ps;
}

static void
pfd_close(struct pstream *pstream)
{
    struct fd_pstream *ps = fd_pstream_cast(pstream);
    close(ps->fd);
    if (ps->unlink_path) {
        fatal_signal_unlink_file_now(ps->unlink_path);
        free(ps->unlink_path);
    }
    pstream_destroy_base(pstream);
    free(ps);
}

static void
pfd_wait(struct pstream *pstream)
{
    struct fd_pstream *ps = fd_pstream_cast(pstream);
    ps->accept_waited = true;
    poll_fd_wait(ps->fd, POLLIN);
}

/* Accepts a connection on PS's socket, like pstream_accept_fd(), unless
 * poll() has just said there is none (see the top of the file). */
static int
pfd_accept_fd(struct fd_pstream *ps, char **peer)
{
    if (ps->accept_waited) {
        ps->accept_waited = false;
        if (!input_may_be_ready(ps->fd)) {
            COVERAGE_INC(pstream_fd_accept_skipped);
            *peer = NULL;
            return -EAGAIN;
        }
    }
    return pstream_accept_fd(ps->fd, peer);
}

/* punix: */

static int
punix_listen(const char *name, char *suffix, struct pstream **pstreamp,
             uint8_t dscp OVS_UNUSED)
{
    int error = unix_verify(name, suffix);
    if (error) {
        return error;
    }

    char *path = unix_abs_name(suffix);
    int fd = make_unix_socket(SOCK_STREAM, true, path, NULL);
    if (fd < 0) {
        error = -fd;
        VLOG_ERR_RL(&rl, "%s: binding failed (%s)", name,
                    ovs_strerror(error));
        free(path);
        return error;
    }
    /* From here the file is ours, whatever happens. */
    fatal_signal_add_file_to_unlink(path);
    if (listen(fd, 64)) {
        error = errno;
        VLOG_ERR_RL(&rl, "%s: listen failed (%s)", name,
                    ovs_strerror(error));
        close(fd);
        fatal_signal_unlink_file_now(path);
        free(path);
        return error;
    }

    *pstreamp = &new_fd_pstream(&punix_pstream_class, name, fd, path)->up;
    return 0;
}

static int
punix_accept(struct pstream *pstream, struct stream **streamp)
{
    static unsigned int n_accepted;     /* Any thread may accept. */
    char *peer;

    int fd = pfd_accept_fd(fd_pstream_cast(pstream), &peer);
    if (fd < 0) {
        return -fd;
    }
    free(peer);

    char *name = xasprintf("unix#%u",
                           __atomic_add_fetch(&n_accepted, 1,
                                              __ATOMIC_RELAXED));
    *streamp = new_fd_stream(&unix_stream_class, name, fd, 0);
    free(name);
    return 0;
}

const struct pstream_class punix_pstream_class = {
    .name = "punix",
    .needs_probes = false,
    .verify = unix_verify,
    .listen = punix_listen,
    .close = pfd_close,
    .accept = punix_accept,
    .wait = pfd_wait,
};

/* ptcp: */

static int
ptcp_listen(const char *name, char *suffix, struct pstream **pstreamp,
            uint8_t dscp)
{
    int port;
    int fd = pstream_inet_listen(name, suffix, dscp, &port);
    if (fd < 0) {
        return -fd;
    }

    struct fd_pstream *ps = new_fd_pstream(&ptcp_pstream_class, name, fd,
                                           NULL);
    pstream_set_bound_port(&ps->up, port);
    *pstreamp = &ps->up;
    return 0;
}

static int
ptcp_accept(struct pstream *pstream, struct stream **streamp)
{
    char *peer;
    int fd = pfd_accept_fd(fd_pstream_cast(pstream), &peer);
    if (fd < 0) {
        return -fd;
    }

    char *name = xasprintf("tcp:%s", peer ? peer : "?");
    *streamp = new_fd_stream(&tcp_stream_class, name, fd, 0);
    free(name);
    free(peer);
    return 0;
}

const struct pstream_class ptcp_pstream_class = {
    .name = "ptcp",
    .needs_probes = true,
    .verify = pstream_verify_inet_passive,
    .listen = ptcp_listen,
    .close = pfd_close,
    .accept = ptcp_accept,
    .wait = pfd_wait,
};
