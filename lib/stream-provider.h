/* stream-provider.h -- the interface between the generic stream layer
 * (stream.c) and the stream implementations (stream-fd.c for unix and tcp,
 * stream-ssl.c for ssl).
 *
 * A provider defines a struct stream_class and/or a struct pstream_class
 * and embeds struct stream / struct pstream at the start of its own state,
 * recovering its state from the base pointer with CONTAINER_OF.  stream.c
 * owns the base members: it parses the name, picks the class by the name's
 * prefix ("tcp" for "tcp:1.2.3.4:6640"), runs the connection state machine
 * and makes sure that a provider's recv/send/wait are only called on a
 * connected stream, so providers never see a stream in the wrong state.
 *
 * Nothing here may block except where a member's comment says so.  Errors
 * are positive errno values; recv/send return a byte count or a negative
 * errno value. */
#ifndef STREAM_PROVIDER_H
#define STREAM_PROVIDER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "stream.h"

/* Active streams. */

/* What a stream is waiting for, for stream_class's 'wait'. */
enum stream_wait_type {
    STREAM_CONNECT,             /* Connection to finish. */
    STREAM_RECV,                /* Data (or EOF, or an error) to read. */
    STREAM_SEND                 /* Room to write. */
};

/* The connection state, kept by stream.c. */
enum stream_state {
    SCS_CONNECTING,             /* 'class->connect' not yet returned 0. */
    SCS_CONNECTED,              /* Ready for recv and send. */
    SCS_DISCONNECTED            /* Connection failed: see 'error'. */
};

/* The base of every active stream.  Providers initialize it with
 * stream_init() and never touch it afterward. */
struct stream {
    const struct stream_class *class;
    enum stream_state state;
    int error;                  /* Positive errno once SCS_DISCONNECTED. */
    char *name;                 /* e.g. "tcp:127.0.0.1:6640". */
};

/* Initializes STREAM, of CLASS, named NAME (copied).  CONNECT_STATUS is
 * what the provider knows about the connection: 0 if it is already
 * connected, EAGAIN if it is in progress (stream.c will call 'connect'),
 * or a positive errno value if it already failed. */
void stream_init(struct stream *stream, const struct stream_class *class,
                 int connect_status, const char *name);

struct stream_class {
    /* The name prefix, without the colon: "unix", "tcp", "ssl". */
    const char *name;

    /* True if connections of this class should use inactivity probes
     * (network connections can silently vanish; unix ones cannot). */
    bool needs_probes;

    /* Checks the syntax of SUFFIX (NAME without "prefix:") without side
     * effects and without blocking (no name resolution).  Returns 0 if
     * valid, otherwise EINVAL after logging why.  May be NULL: every
     * suffix is then considered valid. */
    int (*verify)(const char *name, const char *suffix);

    /* Starts connecting to SUFFIX, the part of NAME after "prefix:".  On
     * success stores a new stream in *STREAMP (initialized with
     * stream_init()) and returns 0, even if the connection is still in
     * progress.  On failure returns a positive errno value, having logged
     * why if it is a configuration problem (bad name, missing key).  Must
     * not be NULL.  May block only to resolve a host name. */
    int (*open)(const char *name, char *suffix, struct stream **streamp,
                uint8_t dscp);

    /* Closes STREAM and frees it and everything it owns, including the
     * base's name (with stream_destroy_base()).  Must not be NULL.  Must
     * not block. */
    void (*close)(struct stream *stream);

    /* Tries to finish the connection.  Returns 0 if connected, EAGAIN if
     * still in progress, or a positive errno value if it failed (stream.c
     * then logs it).  Called only while the stream is SCS_CONNECTING.  May
     * be NULL if the class always passes 0 or an error to stream_init(). */
    int (*connect)(struct stream *stream);

    /* Reads up to N (> 0) bytes into BUFFER.  Returns the number read, 0
     * at end of stream, or a negative errno value (-EAGAIN if nothing is
     * available now).  Called only when connected.  Must not be NULL. */
    ssize_t (*recv)(struct stream *stream, void *buffer, size_t n);

    /* Writes up to N (> 0) bytes from BUFFER.  Returns the number accepted
     * (possibly fewer than N), or a negative errno value (-EAGAIN if none
     * can be accepted now).  Called only when connected.  Must not be
     * NULL. */
    ssize_t (*send)(struct stream *stream, const void *buffer, size_t n);

    /* Does background work, such as flushing buffered output.  May be
     * NULL if there is none. */
    void (*run)(struct stream *stream);

    /* Registers with the poll loop whatever 'run' is waiting for.  May be
     * NULL if 'run' is. */
    void (*run_wait)(struct stream *stream);

    /* Registers with the poll loop a wake-up for when WAIT can make
     * progress (including on error, so that the caller sees it).  Called
     * with STREAM_CONNECT only while connecting, with the others only when
     * connected.  Must not be NULL. */
    void (*wait)(struct stream *stream, enum stream_wait_type wait);

    /* Returns the process id of the peer, or -1 if unknown.  May be NULL
     * (always unknown). */
    pid_t (*get_peer_pid)(const struct stream *stream);
};

/* Frees what stream_init() allocated; for providers' 'close'. */
void stream_destroy_base(struct stream *stream);

/* Passive streams. */

struct pstream {
    const struct pstream_class *class;
    char *name;                 /* e.g. "ptcp:6640:127.0.0.1". */
    int bound_port;             /* TCP port, 0 for unix. */
};

/* Initializes PSTREAM, of CLASS, named NAME (copied). */
void pstream_init(struct pstream *pstream, const struct pstream_class *class,
                  const char *name);
/* Sets the port that PSTREAM is bound to and, for a name that asked for
 * an ephemeral port, rewrites the name to show the actual one. */
void pstream_set_bound_port(struct pstream *pstream, int port);
/* Frees what pstream_init() allocated; for providers' 'close'. */
void pstream_destroy_base(struct pstream *pstream);

struct pstream_class {
    /* The name prefix, without the colon: "punix", "ptcp", "pssl". */
    const char *name;

    /* As in stream_class. */
    bool needs_probes;

    /* As in stream_class: checks SUFFIX's syntax; may be NULL. */
    int (*verify)(const char *name, const char *suffix);

    /* Starts listening on SUFFIX, the part of NAME after "prefix:".  On
     * success stores a new pstream in *PSTREAMP and returns 0; otherwise
     * returns a positive errno value, having logged why.  Must not be
     * NULL.  May block only to resolve a host name. */
    int (*listen)(const char *name, char *suffix, struct pstream **pstreamp,
                  uint8_t dscp);

    /* Stops listening and frees PSTREAM (including, with
     * pstream_destroy_base(), the base).  Must not be NULL. */
    void (*close)(struct pstream *pstream);

    /* Accepts one waiting connection: returns 0 and stores a new stream
     * in *STREAMP (which may still be finishing a handshake), EAGAIN if
     * none is waiting, or another positive errno value.  Must not block.
     * Must not be NULL. */
    int (*accept)(struct pstream *pstream, struct stream **streamp);

    /* Registers a wake-up for when 'accept' can make progress.  Must not
     * be NULL. */
    void (*wait)(struct pstream *pstream);
};

/* The providers. */
extern const struct stream_class unix_stream_class;
extern const struct stream_class tcp_stream_class;
extern const struct stream_class ssl_stream_class;
extern const struct pstream_class punix_pstream_class;
extern const struct pstream_class ptcp_pstream_class;
extern const struct pstream_class pssl_pstream_class;

/* Helpers shared by the tcp and ssl providers (stream-fd.c). */

/* Checks an active "HOST:PORT" suffix (no resolution): for 'verify'. */
int stream_verify_inet_active(const char *name, const char *suffix);
/* Checks a passive "[PORT][:IP]" suffix (no resolution): for 'verify'. */
int pstream_verify_inet_passive(const char *name, const char *suffix);
/* Parses and resolves SUFFIX of NAME and starts a TCP connection, logging
 * parse errors with NAME.  Returns 0 or EAGAIN with *FDP set, or a
 * positive errno value with *FDP = -1.  May block in name resolution. */
int stream_inet_open(const char *name, const char *suffix, uint8_t dscp,
                     int *fdp);
/* Parses SUFFIX of NAME and opens a listening TCP socket.  Returns the fd
 * or a negative errno value; *PORT receives the bound port. */
int pstream_inet_listen(const char *name, const char *suffix, uint8_t dscp,
                        int *port);
/* Accepts a connection on listening socket FD.  Returns the new
 * nonblocking fd (TCP_NODELAY set for TCP) or a negative errno value, and
 * formats the peer as "ADDRESS:PORT" into *PEER (a new string) for TCP. */
int pstream_accept_fd(int fd, char **peer);

#endif /* stream-provider.h */
