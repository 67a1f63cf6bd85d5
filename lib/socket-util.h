/* socket-util.h -- small helpers around BSD sockets.
 *
 * This sits under the stream layer (stream-fd.c, stream-ssl.c) and is also
 * usable directly by anything that needs a socket: address parsing in the
 * forms the stream names use, opening active and passive TCP sockets,
 * unix domain sockets whose names are too long for sun_path, and a few
 * socket options.
 *
 * Address forms:
 *   active:   HOST:PORT     HOST is an IPv4 address, an IPv6 address in
 *                           brackets ("[::1]:6640") or a host name.
 *   passive:  [PORT][:IP]   IP may be IPv6, bracketed or not; it defaults
 *                           to 0.0.0.0 (any).  "[::]" is the IPv6 any.
 * A host name is resolved with getaddrinfo(), which BLOCKS (it may ask a
 * DNS server).  Numeric addresses never block.
 *
 * Functions that open sockets return a nonnegative file descriptor or a
 * negative errno value (except inet_open_active(), see there); the others
 * return 0 or a positive errno value. */
#ifndef SOCKET_UTIL_H
#define SOCKET_UTIL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

struct ds;

/* File descriptor flags and socket options. */
int set_nonblocking(int fd);
void xset_nonblocking(int fd);              /* Aborts on failure. */
int set_dscp(int fd, int family, uint8_t dscp);     /* DSCP < 64. */
int set_tcp_nodelay(int fd);
int get_socket_error(int fd);               /* SO_ERROR, 0 if none. */

/* Checks, without blocking, whether the nonblocking connect() in progress
 * on FD has finished.  Returns 0 if connected, EAGAIN if still in
 * progress, otherwise the positive errno value of the failure. */
int check_connection_completion(int fd);

/* Address parsing.  TARGET's syntax is described at the top of this file.
 * DEFAULT_PORT is used when TARGET has no port; for active targets a
 * DEFAULT_PORT of 0 means the port is required.  RESOLVE false checks the
 * syntax only and accepts any well-formed host name without looking it up
 * (*SS then holds only the port, in the AF_INET family).
 *
 * Returns 0, or EINVAL for a syntax error, or EADDRNOTAVAIL if a host name
 * cannot be resolved.  On error, if ERRORP is nonnull, stores a newly
 * allocated explanation there, e.g. "bad port number \"99999\"" (the caller
 * frees it and logs it after its own context, such as the stream name); if
 * ERRORP is null, logs "TARGET: EXPLANATION" at ERR.  On success *ERRORP is
 * set to NULL. */
int inet_parse_active(const char *target, int default_port, bool resolve,
                      struct sockaddr_storage *ss, char **errorp);
int inet_parse_passive(const char *target, int default_port, bool resolve,
                       struct sockaddr_storage *ss, char **errorp);
/* Parses a bare HOST (IPv4, IPv6 with or without brackets, or a host name
 * if RESOLVE) into SS with port 0.  Same errors as above. */
int inet_parse_address(const char *host, bool resolve,
                       struct sockaddr_storage *ss, char **errorp);

/* Opens a nonblocking socket of type STYLE (SOCK_STREAM) and starts
 * connecting it to SS.  DSCP, if nonzero, is set as IP_TOS/IPV6_TCLASS.
 * Sets *FDP to the socket and returns 0 (connected) or EAGAIN (connection
 * in progress); on any other error returns it and sets *FDP to -1. */
int inet_open_active(int style, const struct sockaddr_storage *ss,
                     uint8_t dscp, int *fdp);
/* Opens a nonblocking listening socket of type STYLE bound to SS, with
 * SO_REUSEADDR.  *BOUND, if nonnull, receives the address actually bound
 * (so that an ephemeral port can be learned).  Returns the fd or a negative
 * errno value, and logs the failure at ERR. */
int inet_open_passive(int style, const struct sockaddr_storage *ss,
                      uint8_t dscp, struct sockaddr_storage *bound);

/* Creates a unix domain socket of type STYLE, nonblocking if NONBLOCK.
 * If BIND_PATH is nonnull, binds it there (unlinking a stale socket file
 * first).  If CONNECT_PATH is nonnull, connects it there; a connect that
 * would block is not an error for a nonblocking socket (the caller checks
 * completion later).  Paths longer than sun_path allows are reached through
 * /proc/self/fd/N of their directory.  Returns the fd or a negative errno
 * value. */
int make_unix_socket(int style, bool nonblock, const char *bind_path,
                     const char *connect_path);

/* The process id of the peer of unix socket FD (SO_PEERCRED), or -1. */
pid_t get_unix_peer_pid(int fd);

/* sockaddr_storage accessors. */
uint16_t ss_get_port(const struct sockaddr_storage *);   /* Host order. */
socklen_t ss_length(const struct sockaddr_storage *);
/* Appends SS's address to S: "1.2.3.4" or "[::1]" (IPv6 in brackets). */
void ss_format_address(const struct sockaddr_storage *, struct ds *s);
/* Appends "ADDRESS:PORT" to S, IPv6 in brackets. */
void ss_format_address_port(const struct sockaddr_storage *, struct ds *s);

#endif /* socket-util.h */
