/* socket-util.c -- small helpers around BSD sockets (socket-util.h).
 *
 * Address parsing is split in two steps so that each can be tested alone:
 * the target string is first cut into a host part and a port part by pure
 * string handling (split_active(), split_passive()), then the host is
 * turned into an address (inet_parse_address()): numeric forms with
 * inet_pton(), names with getaddrinfo(), which may block on DNS.  The
 * stream layer resolves names at open time; a nonblocking resolver is not
 * worth its complexity for the few names a daemon connects to.
 *
 * Unix socket names longer than sockaddr_un's sun_path (108 bytes with the
 * terminator) are a common problem in deep test and build directories.
 * Linux lets us name a directory through /proc/self/fd/N, so we open the
 * directory and bind or connect to "/proc/self/fd/N/BASENAME" instead. */

#include <config.h>
#include "socket-util.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "coverage.h"
#include "dynamic-string.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(socket_util);

COVERAGE_DEFINE(socket_name_lookup);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

int
set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) {
        int error = errno;
        VLOG_ERR_RL(&rl, "fcntl(O_NONBLOCK) failed (%s)",
                    ovs_strerror(error));
        return error;
    }
    return 0;
}

void
xset_nonblocking(int fd)
{
    int error = set_nonblocking(fd);
    if (error) {
        ovs_abort(error, "set_nonblocking failed");
    }
}

int
set_dscp(int fd, int family, uint8_t dscp)
{
    if (dscp > 63) {
        return EINVAL;
    }

    /* DSCP is the upper six bits of the TOS/traffic class byte; the lower
     * two are ECN, which the kernel manages. */
    int val = dscp << 2;
    int level, opt;
    if (family == AF_INET) {
        level = IPPROTO_IP;
        opt = IP_TOS;
    } else if (family == AF_INET6) {
        level = IPPROTO_IPV6;
        opt = IPV6_TCLASS;
    } else {
        return EAFNOSUPPORT;
    }
    if (setsockopt(fd, level, opt, &val, sizeof val)) {
        int error = errno;
        VLOG_WARN_RL(&rl, "could not set DSCP %d (%s)", dscp,
                     ovs_strerror(error));
        return error;
    }
    return 0;
}

int
set_tcp_nodelay(int fd)
{
    int on = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on)) {
        int error = errno;
        VLOG_WARN_RL(&rl, "setsockopt(TCP_NODELAY) failed (%s)",
                     ovs_strerror(error));
        return error;
    }
    return 0;
}

int
get_socket_error(int fd)
{
    int error;
    socklen_t len = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len)) {
        error = errno;
        VLOG_ERR_RL(&rl, "getsockopt(SO_ERROR) failed (%s)",
                    ovs_strerror(error));
    }
    return error;
}

int
check_connection_completion(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };
    int retval;

    do {
        retval = poll(&pfd, 1, 0);
    } while (retval < 0 && errno == EINTR);

    if (retval < 0) {
        return errno;
    } else if (retval == 0) {
        return EAGAIN;
    } else if (pfd.revents & (POLLERR | POLLHUP)) {
        /* A failed connect sets both, and SO_ERROR says why.  POLLHUP
         * without an error means the peer already went away. */
        int error = get_socket_error(fd);
        return error ? error : ECONNRESET;
    } else {
        return 0;
    }
}

/* Address parsing. */

/* Reports an error in TARGET: stores the explanation formatted from
 * FORMAT into *ERRORP, or logs it with TARGET if ERRORP is null.  Returns
 * ERROR, for tail calls. */
static int OVS_PRINTF_FORMAT(4, 5)
parse_error(char **errorp, int error, const char *target,
            const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *msg = xvasprintf(format, args);
    va_end(args);

    if (errorp) {
        *errorp = msg;
    } else {
        VLOG_ERR_RL(&rl, "%s: %s", target, msg);
        free(msg);
    }
    return error;
}

/* Parses PORT_S ("" or NULL means absent) into *PORT.  MIN_PORT is 1 for
 * active targets (port 0 cannot be connected to) and 0 for passive ones
 * (ephemeral). */
static int
parse_port(const char *target, const char *port_s, int default_port,
           int min_port, uint16_t *port, char **errorp)
{
    if (!port_s || !*port_s) {
        if (default_port <= 0 && min_port > 0) {
            return parse_error(errorp, EINVAL, target,
                               "port number required");
        }
        *port = default_port > 0 ? default_port : 0;
        return 0;
    }

    unsigned int value;
    if (port_s[strspn(port_s, "0123456789")] != '\0'
        || strlen(port_s) > 5 || !str_to_uint(port_s, 10, &value)
        || value > 65535 || value < min_port) {
        return parse_error(errorp, EINVAL, target,
                           "bad port number \"%s\"", port_s);
    }
    *port = value;
    return 0;
}

/* Host names: letters, digits, '-', '.', '_'.  Rejecting anything else
 * catches typos (and stray brackets or colons) before getaddrinfo(). */
static bool
is_host_name(const char *s)
{
    /* All digits and dots is a mistyped IPv4 address, not a name (a top
     * level domain is never numeric). */
    return *s && strlen(s) < 254
        && s[strspn(s, "0123456789.")] != '\0'
        && s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")] == '\0';
}

int
inet_parse_address(const char *host_, bool resolve,
                   struct sockaddr_storage *ss, char **errorp)
{
    char *host = xstrdup(host_);
    size_t len = strlen(host);
    bool bracketed = len >= 2 && host[0] == '[' && host[len - 1] == ']';
    int error = 0;

    if (errorp) {
        *errorp = NULL;
    }
    memset(ss, 0, sizeof *ss);
    if (bracketed) {
        host[len - 1] = '\0';
        memmove(host, host + 1, len - 1);
    }

    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
    if (!bracketed && inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
    } else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
    } else if (bracketed || !is_host_name(host)) {
        error = parse_error(errorp, EINVAL, host_, "bad %s address \"%s\"",
                            bracketed ? "IPv6" : "IP", host_);
    } else if (!resolve) {
        sin->sin_family = AF_INET;
    } else {
        /* This may block, perhaps for seconds, while DNS answers. */
        struct addrinfo hints = {
            .ai_family = AF_UNSPEC,
            .ai_socktype = SOCK_STREAM,
            .ai_flags = AI_ADDRCONFIG,
        };
        struct addrinfo *result;
        COVERAGE_INC(socket_name_lookup);
        int gai = getaddrinfo(host, NULL, &hints, &result);
        if (gai) {
            error = parse_error(errorp, EADDRNOTAVAIL, host_,
                                "could not resolve host name \"%s\" (%s)",
                                host, gai_strerror(gai));
        } else {
            memcpy(ss, result->ai_addr,
                   MIN(result->ai_addrlen, sizeof *ss));
            freeaddrinfo(result);
        }
    }
    free(host);
    return error;
}

/* Sets the port of SS, which must already have its family set. */
static void
ss_set_port(struct sockaddr_storage *ss, uint16_t port)
{
    if (ss->ss_family == AF_INET6) {
        ((struct sockaddr_in6 *) ss)->sin6_port = htons(port);
    } else {
        ((struct sockaddr_in *) ss)->sin_port = htons(port);
    }
}

/* The last step of inet_parse_active() and inet_parse_passive(): parses
 * HOST into SS and sets PORT, reporting a bad address against TARGET. */
static int
set_address_and_port(const char *target, const char *host, uint16_t port,
                     bool resolve, struct sockaddr_storage *ss,
                     char **errorp)
{
    char *msg;
    int error = inet_parse_address(host, resolve, ss, &msg);
    if (error) {
        parse_error(errorp, error, target, "%s", msg);
        free(msg);
    } else {
        ss_set_port(ss, port);
    }
    return error;
}

int
inet_parse_active(const char *target, int default_port, bool resolve,
                  struct sockaddr_storage *ss, char **errorp)
{
    char *host, *port_s;
    int error;

    if (errorp) {
        *errorp = NULL;
    }
    memset(ss, 0, sizeof *ss);

    /* Split "HOST[:PORT]" or "[IPV6][:PORT]". */
    if (target[0] == '[') {
        const char *close = strchr(target, ']');
        if (!close) {
            return parse_error(errorp, EINVAL, target,
                               "missing \"]\" after IPv6 address");
        }
        if (close[1] != '\0' && close[1] != ':') {
            return parse_error(errorp, EINVAL, target,
                               "expected \":PORT\" after \"]\"");
        }
        host = xmemdup0(target, close - target + 1);
        port_s = xstrdup(close[1] ? close + 2 : "");
    } else {
        const char *colon = strchr(target, ':');
        if (colon && strchr(colon + 1, ':')) {
            return parse_error(errorp, EINVAL, target,
                               "an IPv6 address must be in brackets, "
                               "e.g. [::1]:6640");
        }
        host = colon ? xmemdup0(target, colon - target) : xstrdup(target);
        port_s = xstrdup(colon ? colon + 1 : "");
    }

    uint16_t port = 0;
    if (!host[0]) {
        error = parse_error(errorp, EINVAL, target,
                            "host name or address required");
    } else {
        error = parse_port(target, port_s, default_port, 1, &port, errorp);
    }
    if (!error) {
        error = set_address_and_port(target, host, port, resolve, ss, errorp);
    }
    free(host);
    free(port_s);
    return error;
}

int
inet_parse_passive(const char *target, int default_port, bool resolve,
                   struct sockaddr_storage *ss, char **errorp)
{
    /* "[PORT][:IP]": the port is everything before the first colon, so an
     * IPv6 address after it needs no brackets (but may have them). */
    const char *colon = strchr(target, ':');
    char *port_s = (colon ? xmemdup0(target, colon - target)
                    : xstrdup(target));
    const char *host = colon && colon[1] ? colon + 1 : "0.0.0.0";
    uint16_t port;
    int error;

    if (errorp) {
        *errorp = NULL;
    }
    memset(ss, 0, sizeof *ss);

    error = parse_port(target, port_s, default_port, 0, &port, errorp);
    if (!error) {
        error = set_address_and_port(target, host, port, resolve, ss, errorp);
    }
    free(port_s);
    return error;
}

/* Opening sockets. */

int
inet_open_active(int style, const struct sockaddr_storage *ss,
                 uint8_t dscp, int *fdp)
{
    int error;

    *fdp = -1;
    int fd = socket(ss->ss_family, style | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        return errno;
    }
    if (dscp) {
        error = set_dscp(fd, ss->ss_family, dscp);
        if (error) {
            goto error;
        }
    }
    if (style == SOCK_STREAM) {
        set_tcp_nodelay(fd);    /* Logged if it fails; not fatal. */
    }

    if (connect(fd, (const struct sockaddr *) ss, ss_length(ss))) {
        error = errno;
        if (error == EINPROGRESS) {
            error = EAGAIN;
        } else if (error != EAGAIN) {
            goto error;
        }
    } else {
        error = 0;
    }
    *fdp = fd;
    return error;

error:
    close(fd);
    return error;
}

int
inet_open_passive(int style, const struct sockaddr_storage *ss,
                  uint8_t dscp, struct sockaddr_storage *bound)
{
    struct ds addr = DS_EMPTY_INITIALIZER;
    const char *what;
    int error;

    ss_format_address_port(ss, &addr);
    int fd = socket(ss->ss_family, style | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        what = "socket";
        error = errno;
        goto error;
    }

    /* Lets a restarted daemon bind again while old connections linger in
     * TIME_WAIT. */
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on)) {
        what = "setsockopt(SO_REUSEADDR)";
        error = errno;
        goto error;
    }
    if (dscp) {
        /* Accepted sockets inherit the listener's TOS. */
        what = "set DSCP";
        error = set_dscp(fd, ss->ss_family, dscp);
        if (error) {
            goto error;
        }
    }
    if (bind(fd, (const struct sockaddr *) ss, ss_length(ss))) {
        what = "bind";
        error = errno;
        goto error;
    }
    if (style == SOCK_STREAM && listen(fd, 64)) {
        what = "listen";
        error = errno;
        goto error;
    }
    if (bound) {
        socklen_t len = sizeof *bound;
        memset(bound, 0, sizeof *bound);
        if (getsockname(fd, (struct sockaddr *) bound, &len)) {
            what = "getsockname";
            error = errno;
            goto error;
        }
    }
    ds_destroy(&addr);
    return fd;

error:
    VLOG_ERR_RL(&rl, "%s: %s failed (%s)", ds_cstr(&addr), what,
                ovs_strerror(error));
    ds_destroy(&addr);
    if (fd >= 0) {
        close(fd);
    }
    return -error;
}

/* Unix domain sockets. */

/* Fills *UN and *LEN for NAME.  If NAME is too long for sun_path, opens
 * its directory and stores the descriptor in *DIRFDP (the caller closes it
 * after bind() or connect(), the kernel resolves the name only then);
 * otherwise *DIRFDP is -1. */
static int
make_sockaddr_un(const char *name, struct sockaddr_un *un, socklen_t *len,
                 int *dirfdp)
{
    *dirfdp = -1;
    memset(un, 0, sizeof *un);
    un->sun_family = AF_UNIX;

    char *short_name = NULL;
    if (strlen(name) >= sizeof un->sun_path) {
        char *dir = dir_name(name);
        char *base = base_name(name);
        int dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        int error = dirfd < 0 ? errno : 0;
        free(dir);
        if (error) {
            free(base);
            return error;
        }
        short_name = xasprintf("/proc/self/fd/%d/%s", dirfd, base);
        free(base);
        if (strlen(short_name) >= sizeof un->sun_path) {
            free(short_name);
            close(dirfd);
            return ENAMETOOLONG;
        }
        *dirfdp = dirfd;
        name = short_name;
    }

    strcpy(un->sun_path, name);
    *len = offsetof(struct sockaddr_un, sun_path) + strlen(name) + 1;
    free(short_name);
    return 0;
}

static void
close_dirfd(int *dirfdp)
{
    if (*dirfdp >= 0) {
        close(*dirfdp);
        *dirfdp = -1;
    }
}

int
make_unix_socket(int style, bool nonblock, const char *bind_path,
                 const char *connect_path)
{
    struct sockaddr_un un;
    socklen_t len;
    int dirfd = -1;
    int error;

    int fd = socket(AF_UNIX, style | SOCK_CLOEXEC
                    | (nonblock ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0) {
        return -errno;
    }

    if (bind_path) {
        /* A socket file left by a process that died (or that we replace,
         * as a restarted daemon does) would make bind() fail.  Anything
         * that is not a socket is left alone. */
        struct stat st;
        if (!lstat(bind_path, &st) && S_ISSOCK(st.st_mode)) {
            unlink(bind_path);
        }
        error = make_sockaddr_un(bind_path, &un, &len, &dirfd);
        if (!error && bind(fd, (struct sockaddr *) &un, len)) {
            error = errno;
        }
        close_dirfd(&dirfd);
        if (error) {
            goto error;
        }
    }

    if (connect_path) {
        error = make_sockaddr_un(connect_path, &un, &len, &dirfd);
        if (!error && connect(fd, (struct sockaddr *) &un, len)
            && errno != EINPROGRESS) {
            error = errno;
        }
        close_dirfd(&dirfd);
        if (error) {
            goto error;
        }
    }
    return fd;

error:
    close(fd);
    return -error;
}

pid_t
get_unix_peer_pid(int fd)
{
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)
        || len != sizeof cred || cred.pid <= 0) {
        return -1;
    }
    return cred.pid;
}

/* sockaddr_storage accessors. */

uint16_t
ss_get_port(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        return ntohs(((const struct sockaddr_in *) ss)->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        return ntohs(((const struct sockaddr_in6 *) ss)->sin6_port);
    } else {
        return 0;
    }
}

socklen_t
ss_length(const struct sockaddr_storage *ss)
{
    switch (ss->ss_family) {
    case AF_INET:
        return sizeof(struct sockaddr_in);
    case AF_INET6:
        return sizeof(struct sockaddr_in6);
    default:
        return sizeof *ss;
    }
}

void
ss_format_address(const struct sockaddr_storage *ss, struct ds *s)
{
    char buf[INET6_ADDRSTRLEN];

    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) ss;
        ds_put_cstr(s, inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf));
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) ss;
        ds_put_format(s, "[%s]", inet_ntop(AF_INET6, &sin6->sin6_addr,
                                           buf, sizeof buf));
    } else {
        ds_put_format(s, "(address family %d)", ss->ss_family);
    }
}

void
ss_format_address_port(const struct sockaddr_storage *ss, struct ds *s)
{
    ss_format_address(ss, s);
    ds_put_format(s, ":%"PRIu16, ss_get_port(ss));
}
