/* stream.h -- byte streams over unix, tcp and ssl, active and passive.
 *
 * Names:
 *   active:  unix:FILE   tcp:HOST:PORT   ssl:HOST:PORT
 *   passive: punix:FILE  ptcp:[PORT][:IP]  pssl:[PORT][:IP]
 * IPv6 addresses go in brackets: tcp:[::1]:6640, ptcp:6640:[::1].
 * A passive tcp/ssl PORT of 0 or omitted binds an ephemeral port (see
 * pstream_get_bound_port()).  Relative unix file names are relative to the
 * run directory (dirs.h).
 *
 * Everything is nonblocking.  stream_open() starts a connection;
 * stream_connect() finishes it (EAGAIN while in progress).  Errors are
 * positive errno values; stream_recv() and stream_send() return a byte
 * count or a negative errno value (-EAGAIN when they would block).
 *
 * SSL: the key, certificate and CA certificate are process-wide settings
 * (stream_ssl_set_*()), because the daemons read them once from the command
 * line or the database.  With ca_cert bootstrapping, the first ssl:
 * connection accepts the peer's CA certificate and saves it to the CA file;
 * later connections verify against it. */
#ifndef STREAM_H
#define STREAM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stream;
struct pstream;

/* Active streams. */
int stream_verify_name(const char *name);
int stream_open(const char *name, struct stream **, uint8_t dscp);
/* Like stream_open(), but a tcp: or ssl: NAME without a port ("tcp:HOST",
 * "ssl:[IPV6]") gets DEFAULT_PORT (e.g. 6640 for OVSDB). */
int stream_open_with_default_port(const char *name, uint16_t default_port,
                                  struct stream **, uint8_t dscp);
/* Waits (blocking, running a private poll loop) until the stream started
 * by stream_open() (which returned ERROR) connects or fails, or TIMEOUT ms
 * pass (-1: forever).  On failure closes it and sets *STREAMP to NULL. */
int stream_open_block(int error, long long timeout, struct stream **streamp);
void stream_close(struct stream *);           /* NULL is fine. */
const char *stream_get_name(const struct stream *);
int stream_connect(struct stream *);
int stream_recv(struct stream *, void *buffer, size_t n);
int stream_send(struct stream *, const void *buffer, size_t n);
/* Some streams (ssl) do work in the background: call these each loop. */
void stream_run(struct stream *);
void stream_run_wait(struct stream *);
void stream_connect_wait(struct stream *);
void stream_recv_wait(struct stream *);
void stream_send_wait(struct stream *);
/* Peer credentials for unix streams, for logging: -1 if unknown. */
pid_t stream_get_peer_pid(const struct stream *);

/* True if a connection named NAME needs inactivity probes (tcp and ssl do;
 * unix does not, the kernel tells us when the peer dies). */
bool stream_or_pstream_needs_probes(const char *name);

/* Passive streams. */
int pstream_verify_name(const char *name);
/* True if 'name' has a passive prefix ("punix:", "ptcp:", "pssl:"),
 * without logging anything either way. */
bool pstream_is_passive_name(const char *name);
int pstream_open(const char *name, struct pstream **, uint8_t dscp);
/* Like pstream_open(), but a ptcp: or pssl: NAME that omits the port
 * ("ptcp:", "ptcp::IP") gets DEFAULT_PORT instead of an ephemeral one. */
int pstream_open_with_default_port(const char *name, uint16_t default_port,
                                   struct pstream **, uint8_t dscp);
void pstream_close(struct pstream *);         /* NULL is fine. */
const char *pstream_get_name(const struct pstream *);
/* Returns 0 and a new stream, EAGAIN if none waiting, or another errno. */
int pstream_accept(struct pstream *, struct stream **);
void pstream_wait(struct pstream *);
/* The tcp/ssl port actually bound (host byte order), 0 for unix. */
int pstream_get_bound_port(const struct pstream *);

/* Prints the help text for stream names to stdout. */
void stream_usage(const char *name, bool active, bool passive,
                  bool bootstrap);

/* SSL configuration (process-wide).  NULL leaves a setting unchanged. */
void stream_ssl_set_private_key_file(const char *file_name);
void stream_ssl_set_certificate_file(const char *file_name);
void stream_ssl_set_ca_cert_file(const char *file_name, bool bootstrap);
void stream_ssl_set_key_and_cert(const char *private_key,
                                 const char *certificate);
void stream_ssl_set_protocols(const char *protocols);  /* "TLSv1.2,..." */
void stream_ssl_set_ciphers(const char *ciphers);
bool stream_ssl_is_configured(void);

/* getopt_long() support for the SSL options of every program:
 *   -p/--private-key FILE, -c/--certificate FILE, -C/--ca-cert FILE,
 *   --bootstrap-ca-cert FILE, --ssl-protocols, --ssl-ciphers. */
enum {
    OPT_SSL_BOOTSTRAP_CA_CERT = 1000,
    OPT_SSL_PROTOCOLS,
    OPT_SSL_CIPHERS,
};
#define STREAM_SSL_LONG_OPTIONS                                         \
    {"private-key", required_argument, NULL, 'p'},                      \
    {"certificate", required_argument, NULL, 'c'},                      \
    {"ca-cert", required_argument, NULL, 'C'},                          \
    {"bootstrap-ca-cert", required_argument, NULL,                      \
     OPT_SSL_BOOTSTRAP_CA_CERT},                                        \
    {"ssl-protocols", required_argument, NULL, OPT_SSL_PROTOCOLS},      \
    {"ssl-ciphers", required_argument, NULL, OPT_SSL_CIPHERS}
#define STREAM_SSL_OPTION_HANDLERS                                      \
    case 'p': stream_ssl_set_private_key_file(optarg); break;           \
    case 'c': stream_ssl_set_certificate_file(optarg); break;           \
    case 'C': stream_ssl_set_ca_cert_file(optarg, false); break;        \
    case OPT_SSL_BOOTSTRAP_CA_CERT:                                     \
        stream_ssl_set_ca_cert_file(optarg, true); break;               \
    case OPT_SSL_PROTOCOLS: stream_ssl_set_protocols(optarg); break;    \
    case OPT_SSL_CIPHERS: stream_ssl_set_ciphers(optarg); break;

#endif /* stream.h */
