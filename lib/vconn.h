/* vconn.h -- OpenFlow connections: framing and version negotiation.
 *
 * A vconn carries whole OpenFlow messages over a byte stream (lib/stream.h),
 * so it accepts the same names:
 *
 *   active:  unix:FILE   tcp:HOST[:PORT]   ssl:HOST[:PORT]
 *   passive: punix:FILE  ptcp:[PORT][:IP]  pssl:[PORT][:IP]
 *
 * The default tcp/ssl port is 6653 (IANA's OpenFlow port).
 *
 * Every OpenFlow message starts with an 8-byte header: version (1 byte),
 * type (1), length (2, big endian, header included, at least 8) and
 * transaction id (4).  A vconn reads the header, then 'length - 8' more
 * bytes, and hands the whole message up as one struct ofpbuf (with
 * 'header' pointing at the OpenFlow header).
 *
 * Versions.  Versions are the wire numbers: 1 = OpenFlow 1.0, 2 = 1.1,
 * 3 = 1.2, 4 = 1.3, 5 = 1.4, 6 = 1.5.  A set of versions is a uint32_t
 * bitmap with bit N set for version N (VCONN_VERSION_BIT(N)).  Each side
 * first sends a HELLO; when the highest allowed version is 1.3 or later
 * the HELLO carries a version bitmap element (OpenFlow 1.3.1).  The
 * negotiated version is the highest version in both sides' sets; a peer
 * whose HELLO has no bitmap is taken to support every version up to its
 * HELLO's header version.  With nothing in common, the vconn sends an
 * OFPET_HELLO_FAILED/OFPHFC_INCOMPATIBLE error with an explanation and
 * fails with EPROTO.  vconn_connect() returns 0 only after the HELLO
 * exchange; vconn_recv() and vconn_send() finish it first if needed.
 *
 * After negotiation the vconn delivers every message as it arrived,
 * including ones with the wrong version; callers (the switch) answer those
 * with OFPBRC_BAD_VERSION.  A HELLO after negotiation is dropped.
 *
 * Everything is nonblocking, driven by the poll loop: call vconn_run()
 * each iteration and vconn_run_wait() plus vconn_wait() in the wait phase.
 * Errors are positive errno values; EOF means the peer closed the
 * connection cleanly.  The blocking helpers at the end are for command
 * line tools (ovs-ofctl) and tests.
 *
 * Implemented in vconn.c. */
#ifndef VCONN_H
#define VCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "packets.h"            /* ovs_be32 */

struct ofpbuf;
struct vconn;
struct pvconn;

#define VCONN_OFP_PORT 6653     /* Default TCP/SSL port. */

/* OpenFlow wire version numbers (the same values as OFPxx_VERSION in the
 * codec, lib/ofp-msgs.h) and version bitmaps. */
#define VCONN_MIN_VERSION 1     /* OpenFlow 1.0. */
#define VCONN_MAX_VERSION 6     /* OpenFlow 1.5. */
#define VCONN_VERSION_BIT(V) (1u << (V))
/* Every version this implementation speaks: 1.0 to 1.5. */
#define VCONN_ALL_VERSIONS 0x7eu

/* The highest version in BITMAP, or 0 if it is empty. */
int vconn_bitmap_max_version(uint32_t bitmap);
/* Writes BITMAP as "OpenFlow10, OpenFlow13" (at most SIZE bytes, null
 * terminated) into BUF and returns BUF. */
char *vconn_bitmap_to_string(uint32_t bitmap, char *buf, size_t size);
/* "OpenFlow13" for 4; "0x07" for versions this code does not know. */
const char *vconn_version_to_string(int version);

/* Transaction ids.  Each call returns a new xid (network byte order). */
ovs_be32 vconn_alloc_xid(void);

/* The OpenFlow header of MSG (a message as vconn_recv() returns it):
 * version, type, xid (network order).  MSG must hold >= 8 bytes. */
uint8_t vconn_msg_version(const struct ofpbuf *msg);
uint8_t vconn_msg_type(const struct ofpbuf *msg);
ovs_be32 vconn_msg_xid(const struct ofpbuf *msg);

/* Active connections. */

/* 0 if NAME is a valid active connection name, otherwise EAFNOSUPPORT or
 * EINVAL. */
int vconn_verify_name(const char *name);

/* Starts connecting to NAME, which will negotiate a version from
 * ALLOWED_VERSIONS (a bitmap, must not be empty).  On success *VCONNP is
 * the new connection (still connecting) and the return value is 0;
 * otherwise *VCONNP is NULL.  Never blocks. */
int vconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
               struct vconn **vconnp);
void vconn_close(struct vconn *);               /* NULL is fine. */

const char *vconn_get_name(const struct vconn *);
uint32_t vconn_get_allowed_versions(const struct vconn *);
/* Takes effect only if the HELLO has not been sent yet. */
void vconn_set_allowed_versions(struct vconn *, uint32_t allowed_versions);
/* The negotiated version, or -1 while the HELLO exchange is not over. */
int vconn_get_version(const struct vconn *);
/* Peer pid for unix connections, -1 otherwise (for logging). */
pid_t vconn_get_peer_pid(const struct vconn *);

/* Advances the connection and the HELLO exchange: 0 once connected and
 * negotiated, EAGAIN while in progress, otherwise a positive errno
 * (connection refused, EPROTO for a failed negotiation, EOF...).  After
 * an error the vconn is useless; close it. */
int vconn_connect(struct vconn *);

/* Receives one message.  Returns 0 and stores a new ofpbuf (owned by the
 * caller, 'header' and 'data' at the OpenFlow header) in *MSGP, EAGAIN if
 * none is complete yet, or another error (EOF when the peer closed;
 * EPROTO for a header length below 8).  On error *MSGP is NULL. */
int vconn_recv(struct vconn *, struct ofpbuf **msgp);

/* Queues MSG (a complete OpenFlow message; its header length is set here
 * from MSG's size) to be sent.  Returns 0 if the vconn took ownership of
 * MSG, EAGAIN if an earlier message is still being sent (MSG still
 * belongs to the caller: retry after vconn_wait(VCONN_WAIT_SEND)), or
 * another error (EMSGSIZE for more than 65535 bytes; MSG still belongs to
 * the caller).  A message accepted with 0 may still be partly in the
 * vconn's buffer: vconn_run() pushes it out. */
int vconn_send(struct vconn *, struct ofpbuf *msg);

/* Bytes accepted by vconn_send() but not yet written to the stream. */
size_t vconn_get_tx_backlog(const struct vconn *);

/* Poll-loop integration. */
void vconn_run(struct vconn *);
void vconn_run_wait(struct vconn *);
enum vconn_wait_type {
    VCONN_WAIT_CONNECT,
    VCONN_WAIT_RECV,
    VCONN_WAIT_SEND
};
void vconn_wait(struct vconn *, enum vconn_wait_type);
void vconn_connect_wait(struct vconn *);
void vconn_recv_wait(struct vconn *);
void vconn_send_wait(struct vconn *);

/* Passive connections (listeners). */

int pvconn_verify_name(const char *name);
/* Starts listening on NAME.  Connections accepted from it negotiate a
 * version from ALLOWED_VERSIONS. */
int pvconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
                struct pvconn **pvconnp);
void pvconn_close(struct pvconn *);             /* NULL is fine. */
const char *pvconn_get_name(const struct pvconn *);
/* The tcp/ssl port actually bound (host order), 0 for unix. */
int pvconn_get_bound_port(const struct pvconn *);
/* Returns 0 and a new vconn (its HELLO exchange not done yet: use
 * vconn_connect()/vconn_recv() as for an active one), EAGAIN if nobody is
 * waiting, or another errno. */
int pvconn_accept(struct pvconn *, struct vconn **vconnp);
void pvconn_wait(struct pvconn *);

/* Blocking helpers, for tools and tests.  Each runs its own poll loop and
 * blocks until done.  Echo requests that arrive while waiting are answered
 * with echo replies. */

/* Opens NAME and waits until the HELLO exchange is over.  Names without
 * a connection method ("br0") are not handled here: the caller maps a
 * bridge name to "unix:RUNDIR/br0.mgmt" first. */
int vconn_open_block(const char *name, uint32_t allowed_versions,
                     struct vconn **vconnp);
int vconn_connect_block(struct vconn *, long long timeout_ms);
/* Sends MSG (always taking ownership of it) and waits until it is fully
 * written. */
int vconn_send_block(struct vconn *, struct ofpbuf *msg);
/* Waits for the next message that is not an echo request. */
int vconn_recv_block(struct vconn *, struct ofpbuf **msgp);
/* Waits for a message with transaction id XID, dropping (and logging)
 * other ones. */
int vconn_recv_xid(struct vconn *, ovs_be32 xid, struct ofpbuf **replyp);

/* Sends REQUEST (taking ownership) and waits for the message with the
 * same xid, stored in *REPLYP: the reply or an OFPT_ERROR.  Returns 0 or
 * an errno (then *REPLYP is NULL). */
int vconn_transact(struct vconn *, struct ofpbuf *request,
                   struct ofpbuf **replyp);

/* Sends REQUEST (taking ownership) followed by a barrier request and waits
 * for the barrier reply.  If an OFPT_ERROR for REQUEST arrives first, it
 * is stored in *REPLYP; otherwise *REPLYP is NULL.  Returns 0 or an errno
 * (a transport error, not an OpenFlow one). */
int vconn_transact_noreply(struct vconn *, struct ofpbuf *request,
                           struct ofpbuf **replyp);
/* Same for N requests (all taken); *REPLYP receives the first error. */
int vconn_transact_multiple_noreply(struct vconn *, struct ofpbuf **requests,
                                    size_t n, struct ofpbuf **replyp);

/* Sends multipart (stats) REQUEST (taking ownership) and collects the
 * replies with its xid until one without the MORE flag arrives, or an
 * OFPT_ERROR (which is then the last element).  On success *REPLIESP is a
 * malloc'd array of *N_REPLIESP messages, free them with
 * vconn_free_replies(). */
int vconn_transact_multipart(struct vconn *, struct ofpbuf *request,
                             struct ofpbuf ***repliesp, size_t *n_repliesp);
void vconn_free_replies(struct ofpbuf **replies, size_t n);

/* Builds a message with the given VERSION, TYPE and XID and BODY_LEN
 * zeroed bytes after the 8-byte header (the header length is filled in).
 * 'header' points at the header, 'msg' at the body.  A small helper for
 * the messages vconn itself sends (hello, echo, barrier); the codec builds
 * everything else. */
struct ofpbuf *vconn_make_msg(uint8_t version, uint8_t type, ovs_be32 xid,
                              size_t body_len);
/* A barrier request for VERSION (type 18 in 1.0, 20 later); and whether
 * MSG is a barrier reply. */
struct ofpbuf *vconn_make_barrier_request(uint8_t version);
bool vconn_msg_is_barrier_reply(const struct ofpbuf *msg);
/* An echo request / the echo reply to REQUEST (same xid and payload). */
struct ofpbuf *vconn_make_echo_request(uint8_t version);
struct ofpbuf *vconn_make_echo_reply(const struct ofpbuf *request);

#endif /* vconn.h */
