/* stream.c -- the generic stream layer (stream.h): names, dispatch to the
 * providers (stream-provider.h), and the connection state machine.
 *
 * A name is "PREFIX:SUFFIX".  The prefix picks a class from the tables
 * below; the suffix is handed to the class.  Every stream goes through
 * three states (enum stream_state):
 *
 *     SCS_CONNECTING --connect() == 0--> SCS_CONNECTED
 *           |
 *           +--------connect() fails---> SCS_DISCONNECTED (error sticks)
 *
 * stream_recv() and stream_send() drive the connection first, so a caller
 * may start reading or writing at once and just see -EAGAIN until the
 * connection (and, for ssl, the handshake) is done.  Providers are only
 * asked to recv, send and wait for those while connected.
 *
 * Logging: a failed connection is logged here, once per stream, at WARN
 * for network streams and at DBG for unix streams (whose callers, like
 * ovs-appctl, report the failure in their own words).  Problems with the
 * name or the configuration are logged by whoever finds them. */

#include <config.h>
#include "stream.h"
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "dynamic-string.h"
#include "poll-loop.h"
#include "stream-provider.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(stream);

COVERAGE_DEFINE(stream_open);
COVERAGE_DEFINE(pstream_open);
COVERAGE_DEFINE(pstream_accept);
COVERAGE_DEFINE(stream_connect_failed);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

static const struct stream_class *const stream_classes[] = {
    &tcp_stream_class,
    &unix_stream_class,
    &ssl_stream_class,
};

static const struct pstream_class *const pstream_classes[] = {
    &ptcp_pstream_class,
    &punix_pstream_class,
    &pssl_pstream_class,
};

/* Returns the length of NAME's prefix (up to the first ':'), or 0 if NAME
 * has no colon. */
static size_t
prefix_len(const char *name)
{
    const char *colon = strchr(name, ':');
    return colon ? colon - name : 0;
}

static const struct stream_class *
stream_lookup_class(const char *name)
{
    size_t len = prefix_len(name);
    for (size_t i = 0; len && i < ARRAY_SIZE(stream_classes); i++) {
        const struct stream_class *class = stream_classes[i];
        if (strlen(class->name) == len && !strncmp(class->name, name, len)) {
            return class;
        }
    }
    return NULL;
}

static const struct pstream_class *
pstream_lookup_class(const char *name)
{
    size_t len = prefix_len(name);
    for (size_t i = 0; len && i < ARRAY_SIZE(pstream_classes); i++) {
        const struct pstream_class *class = pstream_classes[i];
        if (strlen(class->name) == len && !strncmp(class->name, name, len)) {
            return class;
        }
    }
    return NULL;
}

/* Logs that NAME has an unknown prefix.  ACTIVE says which kind of name
 * was expected, so that "ptcp:" given as an active name gets a hint. */
static void
log_unknown_class(const char *name, bool active)
{
    bool other = active ? pstream_lookup_class(name) != NULL
                        : stream_lookup_class(name) != NULL;
    VLOG_WARN_RL(&rl, "%s: unknown %s stream type%s", name,
                 active ? "active" : "passive",
                 !other ? ""
                 : active ? " (this is a passive name)"
                 : " (this is an active name)");
}

/* Base structs, for providers. */

void
stream_init(struct stream *stream, const struct stream_class *class,
            int connect_status, const char *name)
{
    memset(stream, 0, sizeof *stream);
    stream->class = class;
    stream->state = (connect_status == EAGAIN ? SCS_CONNECTING
                     : !connect_status ? SCS_CONNECTED
                     : SCS_DISCONNECTED);
    stream->error = connect_status == EAGAIN ? 0 : connect_status;
    stream->name = xstrdup(name);
}

void
stream_destroy_base(struct stream *stream)
{
    free(stream->name);
    stream->name = NULL;
}

void
pstream_init(struct pstream *pstream, const struct pstream_class *class,
             const char *name)
{
    memset(pstream, 0, sizeof *pstream);
    pstream->class = class;
    pstream->name = xstrdup(name);
}

void
pstream_set_bound_port(struct pstream *pstream, int port)
{
    pstream->bound_port = port;

    /* "ptcp:0:IP" and "ptcp::IP" become "ptcp:PORT:IP", so that the name
     * logged and reported says where we really listen. */
    char *suffix = strchr(pstream->name, ':');
    if (!suffix) {
        return;
    }
    suffix++;
    size_t port_len = strcspn(suffix, ":");
    if (port_len == 0 || (port_len == 1 && suffix[0] == '0')) {
        char *name = xasprintf("%.*s%d%s", (int) (suffix - pstream->name),
                               pstream->name, port, suffix + port_len);
        free(pstream->name);
        pstream->name = name;
    }
}

void
pstream_destroy_base(struct pstream *pstream)
{
    free(pstream->name);
    pstream->name = NULL;
}

/* Active streams. */

int
stream_verify_name(const char *name)
{
    const struct stream_class *class = stream_lookup_class(name);
    if (!class) {
        log_unknown_class(name, true);
        return EAFNOSUPPORT;
    }
    return class->verify ? class->verify(name, name + prefix_len(name) + 1)
                         : 0;
}

/* Logs that STREAM (or, if null, NAME of CLASS) failed to connect. */
static void
log_connect_failure(const struct stream_class *class, const char *name,
                    int error)
{
    COVERAGE_INC(stream_connect_failed);
    if (class->needs_probes) {
        VLOG_WARN_RL(&rl, "%s: connection failed (%s)", name,
                     ovs_strerror(error));
    } else {
        VLOG_DBG_RL(&rl, "%s: connection failed (%s)", name,
                    ovs_strerror(error));
    }
}

int
stream_open(const char *name, struct stream **streamp, uint8_t dscp)
{
    const struct stream_class *class = stream_lookup_class(name);

    COVERAGE_INC(stream_open);
    *streamp = NULL;
    if (!class) {
        log_unknown_class(name, true);
        return EAFNOSUPPORT;
    }
    if (dscp > 63) {
        VLOG_WARN_RL(&rl, "%s: DSCP %d out of range 0 to 63", name, dscp);
        return EINVAL;
    }

    char *suffix = xstrdup(name + prefix_len(name) + 1);
    struct stream *stream;
    int error = class->open(name, suffix, &stream, dscp);
    free(suffix);
    if (error) {
        /* EINVAL (bad name), EADDRNOTAVAIL (unknown host) and ENOPROTOOPT
         * (ssl not configured) were logged with their reasons by the
         * provider; anything else is a failure of the connection. */
        if (error != EINVAL && error != EADDRNOTAVAIL
            && error != ENOPROTOOPT) {
            log_connect_failure(class, name, error);
        }
        return error;
    }
    if (stream->state == SCS_DISCONNECTED) {
        log_connect_failure(class, name, stream->error);
    }
    *streamp = stream;
    return 0;
}

int
stream_open_with_default_port(const char *name, uint16_t default_port,
                              struct stream **streamp, uint8_t dscp)
{
    /* Only tcp and ssl names have ports.  "HOST" and "[IPV6]" lack one;
     * a name with a colon after the host part already has one. */
    size_t len = prefix_len(name);
    if (default_port && len == 3
        && (!strncmp(name, "tcp", 3) || !strncmp(name, "ssl", 3))) {
        const char *host = name + 4;
        const char *end = host[0] == '[' ? strchr(host, ']') : host;
        if (end && !strchr(end, ':')) {
            char *full = xasprintf("%s:%"PRIu16, name, default_port);
            int error = stream_open(full, streamp, dscp);
            free(full);
            return error;
        }
    }
    return stream_open(name, streamp, dscp);
}

int
stream_open_block(int error, long long timeout, struct stream **streamp)
{
    struct stream *stream = *streamp;

    if (error) {
        *streamp = NULL;
        return error;
    }

    long long deadline = timeout >= 0 ? time_msec() + timeout : LLONG_MAX;
    for (;;) {
        stream_run(stream);
        error = stream_connect(stream);
        if (error != EAGAIN) {
            break;
        }
        if (time_msec() >= deadline) {
            error = ETIMEDOUT;
            VLOG_WARN_RL(&rl, "%s: connection timed out",
                         stream_get_name(stream));
            break;
        }
        stream_run_wait(stream);
        stream_connect_wait(stream);
        if (deadline != LLONG_MAX) {
            poll_timer_wait_until(deadline);
        }
        poll_block();
    }

    if (error) {
        stream_close(stream);
        *streamp = NULL;
    }
    return error;
}

void
stream_close(struct stream *stream)
{
    if (stream) {
        stream->class->close(stream);
    }
}

const char *
stream_get_name(const struct stream *stream)
{
    return stream ? stream->name : "(null)";
}

int
stream_connect(struct stream *stream)
{
    if (stream->state == SCS_CONNECTING) {
        int error = stream->class->connect ? stream->class->connect(stream)
                                           : 0;
        if (!error) {
            stream->state = SCS_CONNECTED;
            VLOG_DBG("%s: connected", stream->name);
        } else if (error != EAGAIN) {
            stream->state = SCS_DISCONNECTED;
            stream->error = error;
            log_connect_failure(stream->class, stream->name, error);
        }
    }

    switch (stream->state) {
    case SCS_CONNECTING:
        return EAGAIN;
    case SCS_CONNECTED:
        return 0;
    case SCS_DISCONNECTED:
    default:
        return stream->error;
    }
}

int
stream_recv(struct stream *stream, void *buffer, size_t n)
{
    int error = stream_connect(stream);
    if (error) {
        return -error;
    }
    if (!n) {
        return 0;
    }
    return stream->class->recv(stream, buffer, MIN(n, INT_MAX));
}

int
stream_send(struct stream *stream, const void *buffer, size_t n)
{
    int error = stream_connect(stream);
    if (error) {
        return -error;
    }
    if (!n) {
        return 0;
    }
    return stream->class->send(stream, buffer, MIN(n, INT_MAX));
}

void
stream_run(struct stream *stream)
{
    if (stream->state == SCS_CONNECTED && stream->class->run) {
        stream->class->run(stream);
    }
}

void
stream_run_wait(struct stream *stream)
{
    if (stream->state == SCS_CONNECTED && stream->class->run_wait) {
        stream->class->run_wait(stream);
    }
}

static void
stream_wait(struct stream *stream, enum stream_wait_type wait)
{
    switch (stream->state) {
    case SCS_CONNECTING:
        /* Whatever the caller wants, the connection must finish first. */
        stream->class->wait(stream, STREAM_CONNECT);
        break;

    case SCS_CONNECTED:
        if (wait == STREAM_CONNECT) {
            poll_immediate_wake();
        } else {
            stream->class->wait(stream, wait);
        }
        break;

    case SCS_DISCONNECTED:
    default:
        /* The caller will see the error at once. */
        poll_immediate_wake();
        break;
    }
}

void
stream_connect_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_CONNECT);
}

void
stream_recv_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_RECV);
}

void
stream_send_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_SEND);
}

pid_t
stream_get_peer_pid(const struct stream *stream)
{
    return (stream->state == SCS_CONNECTED && stream->class->get_peer_pid
            ? stream->class->get_peer_pid(stream)
            : -1);
}

bool
stream_or_pstream_needs_probes(const char *name)
{
    const struct stream_class *class = stream_lookup_class(name);
    if (class) {
        return class->needs_probes;
    }
    const struct pstream_class *pclass = pstream_lookup_class(name);
    return pclass ? pclass->needs_probes : false;
}

/* Passive streams. */

bool
pstream_is_passive_name(const char *name)
{
    return pstream_lookup_class(name) != NULL;
}

int
pstream_verify_name(const char *name)
{
    const struct pstream_class *class = pstream_lookup_class(name);
    if (!class) {
        log_unknown_class(name, false);
        return EAFNOSUPPORT;
    }
    return class->verify ? class->verify(name, name + prefix_len(name) + 1)
                         : 0;
}

int
pstream_open(const char *name, struct pstream **pstreamp, uint8_t dscp)
{
    const struct pstream_class *class = pstream_lookup_class(name);

    COVERAGE_INC(pstream_open);
    *pstreamp = NULL;
    if (!class) {
        log_unknown_class(name, false);
        return EAFNOSUPPORT;
    }
    if (dscp > 63) {
        VLOG_WARN_RL(&rl, "%s: DSCP %d out of range 0 to 63", name, dscp);
        return EINVAL;
    }

    char *suffix = xstrdup(name + prefix_len(name) + 1);
    int error = class->listen(name, suffix, pstreamp, dscp);
    free(suffix);
    if (!error) {
        VLOG_DBG("%s: listening", (*pstreamp)->name);
    }
    return error;
}

int
pstream_open_with_default_port(const char *name, uint16_t default_port,
                               struct pstream **pstreamp, uint8_t dscp)
{
    /* "ptcp:" and "ptcp::IP" (no port) get DEFAULT_PORT. */
    size_t len = prefix_len(name);
    if (default_port && len == 4
        && (!strncmp(name, "ptcp", 4) || !strncmp(name, "pssl", 4))
        && (name[5] == '\0' || name[5] == ':')) {
        char *full = xasprintf("%.5s%"PRIu16"%s", name, default_port,
                               name + 5);
        int error = pstream_open(full, pstreamp, dscp);
        free(full);
        return error;
    }
    return pstream_open(name, pstreamp, dscp);
}

void
pstream_close(struct pstream *pstream)
{
    if (pstream) {
        pstream->class->close(pstream);
    }
}

const char *
pstream_get_name(const struct pstream *pstream)
{
    return pstream ? pstream->name : "(null)";
}

int
pstream_accept(struct pstream *pstream, struct stream **streamp)
{
    int error = pstream->class->accept(pstream, streamp);
    if (error) {
        *streamp = NULL;
        if (error != EAGAIN) {
            VLOG_WARN_RL(&rl, "%s: accept failed (%s)", pstream->name,
                         ovs_strerror(error));
        }
        return error;
    }
    COVERAGE_INC(pstream_accept);
    VLOG_DBG("%s: accepted connection from %s", pstream->name,
             (*streamp)->name);
    return 0;
}

void
pstream_wait(struct pstream *pstream)
{
    pstream->class->wait(pstream);
}

int
pstream_get_bound_port(const struct pstream *pstream)
{
    return pstream->bound_port;
}

void
stream_usage(const char *name, bool active, bool passive, bool bootstrap)
{
    if (active) {
        printf("Where to connect (active %s remotes):\n"
               "  unix:FILE               the Unix socket FILE\n"
               "  tcp:HOST:PORT           TCP PORT on HOST "
               "(an IPv6 HOST goes in [brackets])\n"
               "  ssl:HOST:PORT           the same over SSL/TLS\n", name);
    }
    if (passive) {
        printf("Where to listen (passive %s remotes):\n"
               "  punix:FILE              create the Unix socket FILE\n"
               "  ptcp:[PORT][:IP]        TCP PORT on address IP "
               "(default: a free port, all addresses)\n"
               "  pssl:[PORT][:IP]        the same over SSL/TLS\n", name);
    }
    printf("SSL/TLS keys (needed by ssl: and pssl:):\n"
           "  -p, --private-key=FILE  our private key (PEM)\n"
           "  -c, --certificate=FILE  our certificate, matching the key\n"
           "  -C, --ca-cert=FILE      CA certificate that peers must be "
           "signed by\n");
    if (bootstrap) {
        printf("  --bootstrap-ca-cert=FILE  as -C, but learn FILE from the "
               "first peer if it is missing\n");
    }
    printf("  --ssl-protocols=PROTOS  protocols to allow, e.g. "
           "TLSv1.2,TLSv1.3\n"
           "  --ssl-ciphers=CIPHERS   OpenSSL cipher list to allow\n");
}
