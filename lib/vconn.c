/* vconn.c -- OpenFlow connections: framing and version negotiation.
 *
 * See vconn.h for the interface.  A vconn wraps one struct stream and
 * walks through these states:
 *
 *     CONNECTING  the stream is not connected yet (active opens only)
 *     SEND_HELLO  connected: our HELLO must be queued
 *     RECV_HELLO  our HELLO is queued; waiting for the peer's
 *     SEND_ERROR  no common version: flushing our HELLO_FAILED error
 *     CONNECTED   negotiated: 'version' is valid, messages flow
 *     DISCONNECTED  failed with 'error'; nothing more happens
 *
 * Receiving: 'rxbuf' holds the bytes read and not yet returned, read in
 * chunks of up to 64 kB; each message is copied out of it whole.  Sending: a message
 * the stream did not take whole stays in 'txbuf' until vconn_run() (or
 * the next send) writes the rest; only one message is buffered, so a
 * caller that wants a queue keeps it itself (rconn does).
 *
 * The few messages vconn builds itself (hello, echo, barrier, the
 * hello-failed error) are encoded here with their fixed layouts, so that
 * connections work without the full codec (lib/ofp-msgs.c). */
#include <config.h>
#include "vconn.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "coverage.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vconn);

COVERAGE_DEFINE(vconn_received);
COVERAGE_DEFINE(vconn_sent);
COVERAGE_DEFINE(vconn_hello_failed);
COVERAGE_DEFINE(vconn_bad_length);

/* OpenFlow constants that are the same in every version. */
#define OFP_HEADER_LEN 8
#define OFPT_HELLO 0
#define OFPT_ERROR 1
#define OFPT_ECHO_REQUEST 2
#define OFPT_ECHO_REPLY 3
#define OFPET_HELLO_FAILED 0
#define OFPHFC_INCOMPATIBLE 0
#define OFPHET_VERSIONBITMAP 1
/* OFPMPF_REPLY_MORE / OFPSF_REPLY_MORE. */
#define OFP_MULTIPART_MORE 0x0001

/* The OpenFlow header, as on the wire. */
struct vconn_ofp_header {
    uint8_t version;
    uint8_t type;
    ovs_be16 length;
    ovs_be32 xid;
};

enum vconn_state {
    VCS_CONNECTING,
    VCS_SEND_HELLO,
    VCS_RECV_HELLO,
    VCS_SEND_ERROR,
    VCS_CONNECTED,
    VCS_DISCONNECTED
};

struct vconn {
    char *name;
    struct stream *stream;
    enum vconn_state state;
    int error;                  /* In VCS_DISCONNECTED: why. */
    uint32_t allowed_versions;
    int version;                /* Negotiated, or -1. */
    struct ofpbuf *rxbuf;       /* Bytes read, not yet returned, or NULL. */
    struct ofpbuf *txbuf;       /* Unsent rest of a message, or NULL. */
};

struct pvconn {
    char *name;
    struct pstream *pstream;
    uint32_t allowed_versions;
};

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

static int do_flush(struct vconn *);
static int do_recv(struct vconn *, struct ofpbuf **);
static void vconn_fail(struct vconn *, int error);

/* Versions and bitmaps. */

int
vconn_bitmap_max_version(uint32_t bitmap)
{
    return bitmap ? 31 - __builtin_clz(bitmap) : 0;
}

const char *
vconn_version_to_string(int version)
{
    static const char *const names[] = {
        [1] = "OpenFlow10", [2] = "OpenFlow11", [3] = "OpenFlow12",
        [4] = "OpenFlow13", [5] = "OpenFlow14", [6] = "OpenFlow15",
    };
    return (version >= VCONN_MIN_VERSION && version <= VCONN_MAX_VERSION
            ? names[version] : "unknown");
}

char *
vconn_bitmap_to_string(uint32_t bitmap, char *buf, size_t size)
{
    size_t used = 0;

    if (size) {
        buf[0] = '\0';
    }
    for (int v = 0; v < 32; v++) {
        if (!(bitmap & (1u << v))) {
            continue;
        }
        char item[16];
        const char *name = vconn_version_to_string(v);
        if (!strcmp(name, "unknown")) {
            snprintf(item, sizeof item, "0x%02x", v);
            name = item;
        }
        int n = snprintf(buf + used, size > used ? size - used : 0,
                         "%s%s", used ? ", " : "", name);
        if (n < 0 || used + n >= size) {
            break;
        }
        used += n;
    }
    return buf;
}

ovs_be32
vconn_alloc_xid(void)
{
    static uint32_t next_xid = 1;
    return htonl(__atomic_fetch_add(&next_xid, 1, __ATOMIC_RELAXED));
}

static const struct vconn_ofp_header *
msg_header(const struct ofpbuf *msg)
{
    ovs_assert(msg->size >= OFP_HEADER_LEN);
    return msg->data;
}

uint8_t
vconn_msg_version(const struct ofpbuf *msg)
{
    return msg_header(msg)->version;
}

uint8_t
vconn_msg_type(const struct ofpbuf *msg)
{
    return msg_header(msg)->type;
}

ovs_be32
vconn_msg_xid(const struct ofpbuf *msg)
{
    return msg_header(msg)->xid;
}

/* Message builders. */

struct ofpbuf *
vconn_make_msg(uint8_t version, uint8_t type, ovs_be32 xid, size_t body_len)
{
    struct ofpbuf *msg = ofpbuf_new(OFP_HEADER_LEN + body_len);
    struct vconn_ofp_header *oh = ofpbuf_put_zeros(msg, OFP_HEADER_LEN);
    oh->version = version;
    oh->type = type;
    oh->length = htons(OFP_HEADER_LEN + body_len);
    oh->xid = xid;
    ofpbuf_put_zeros(msg, body_len);
    msg->header = msg->data;
    msg->msg = (char *) msg->data + OFP_HEADER_LEN;
    return msg;
}

static uint8_t
barrier_request_type(uint8_t version)
{
    return version == 1 ? 18 : 20;
}

static uint8_t
barrier_reply_type(uint8_t version)
{
    return version == 1 ? 19 : 21;
}

static uint8_t
multipart_reply_type(uint8_t version)
{
    return version == 1 ? 17 : 19;
}

struct ofpbuf *
vconn_make_barrier_request(uint8_t version)
{
    return vconn_make_msg(version, barrier_request_type(version),
                          vconn_alloc_xid(), 0);
}

bool
vconn_msg_is_barrier_reply(const struct ofpbuf *msg)
{
    const struct vconn_ofp_header *oh = msg_header(msg);
    return oh->type == barrier_reply_type(oh->version);
}

struct ofpbuf *
vconn_make_echo_request(uint8_t version)
{
    return vconn_make_msg(version, OFPT_ECHO_REQUEST, vconn_alloc_xid(), 0);
}

struct ofpbuf *
vconn_make_echo_reply(const struct ofpbuf *request)
{
    const struct vconn_ofp_header *oh = msg_header(request);
    size_t body_len = request->size - OFP_HEADER_LEN;
    struct ofpbuf *reply = vconn_make_msg(oh->version, OFPT_ECHO_REPLY,
                                          oh->xid, body_len);
    memcpy(reply->msg, (const char *) request->data + OFP_HEADER_LEN,
           body_len);
    return reply;
}

/* A HELLO for ALLOWED.  Its header carries the highest allowed version;
 * from 1.3 on it also lists the whole set in a version bitmap element,
 * so that a peer can pick a lower version we allow. */
static struct ofpbuf *
make_hello(uint32_t allowed)
{
    int max = vconn_bitmap_max_version(allowed);
    bool with_bitmap = max >= 4;
    struct ofpbuf *msg = vconn_make_msg(max, OFPT_HELLO, vconn_alloc_xid(),
                                        with_bitmap ? 8 : 0);
    if (with_bitmap) {
        uint8_t *p = msg->msg;
        ovs_be16 type = htons(OFPHET_VERSIONBITMAP);
        ovs_be16 len = htons(8);            /* 4 header + 1 bitmap word. */
        ovs_be32 bitmap = htonl(allowed);
        memcpy(p, &type, 2);
        memcpy(p + 2, &len, 2);
        memcpy(p + 4, &bitmap, 4);
    }
    return msg;
}

/* The versions the peer's HELLO offers.  Without a bitmap element, every
 * version from 1.0 up to the header's version. */
static uint32_t
parse_hello(const struct ofpbuf *hello)
{
    const struct vconn_ofp_header *oh = msg_header(hello);
    const uint8_t *p = (const uint8_t *) hello->data + OFP_HEADER_LEN;
    size_t left = hello->size - OFP_HEADER_LEN;

    while (left >= 4) {
        ovs_be16 type_be, len_be;
        memcpy(&type_be, p, 2);
        memcpy(&len_be, p + 2, 2);
        size_t len = ntohs(len_be);
        if (len < 4 || len > left) {
            VLOG_WARN_RL(&rl, "hello element with bad length %zu", len);
            break;
        }
        if (ntohs(type_be) == OFPHET_VERSIONBITMAP && len >= 8) {
            ovs_be32 bitmap;
            memcpy(&bitmap, p + 4, 4);
            return ntohl(bitmap);
        }
        size_t padded = ROUND_UP(len, 8);
        if (padded > left) {
            break;
        }
        p += padded;
        left -= padded;
    }

    return oh->version >= 31 ? UINT32_MAX - 1
                             : (2u << oh->version) - 2;   /* Bits 1..V. */
}

static struct ofpbuf *
make_hello_failed(uint8_t version, const char *reason)
{
    size_t len = strlen(reason);
    struct ofpbuf *msg = vconn_make_msg(version, OFPT_ERROR,
                                        vconn_alloc_xid(), 4 + len);
    uint8_t *p = msg->msg;
    ovs_be16 type = htons(OFPET_HELLO_FAILED);
    ovs_be16 code = htons(OFPHFC_INCOMPATIBLE);
    memcpy(p, &type, 2);
    memcpy(p + 2, &code, 2);
    memcpy(p + 4, reason, len);
    return msg;
}

/* Active connections. */

int
vconn_verify_name(const char *name)
{
    return stream_verify_name(name);
}

static struct vconn *
vconn_create(const char *name, struct stream *stream, enum vconn_state state,
             uint32_t allowed_versions)
{
    struct vconn *vconn = xzalloc(sizeof *vconn);
    vconn->name = xstrdup(name);
    vconn->stream = stream;
    vconn->state = state;
    vconn->allowed_versions = allowed_versions;
    vconn->version = -1;
    return vconn;
}

int
vconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
           struct vconn **vconnp)
{
    struct stream *stream;

    *vconnp = NULL;
    allowed_versions &= VCONN_ALL_VERSIONS;
    if (!allowed_versions) {
        return EINVAL;
    }
    int error = stream_open_with_default_port(name, VCONN_OFP_PORT, &stream,
                                              dscp);
    if (error) {
        return error;
    }
    *vconnp = vconn_create(name, stream, VCS_CONNECTING, allowed_versions);
    return 0;
}

void
vconn_close(struct vconn *vconn)
{
    if (vconn) {
        stream_close(vconn->stream);
        ofpbuf_delete(vconn->rxbuf);
        ofpbuf_delete(vconn->txbuf);
        free(vconn->name);
        free(vconn);
    }
}

const char *
vconn_get_name(const struct vconn *vconn)
{
    return vconn->name;
}

uint32_t
vconn_get_allowed_versions(const struct vconn *vconn)
{
    return vconn->allowed_versions;
}

void
vconn_set_allowed_versions(struct vconn *vconn, uint32_t allowed_versions)
{
    allowed_versions &= VCONN_ALL_VERSIONS;
    if (allowed_versions && vconn->state <= VCS_SEND_HELLO) {
        vconn->allowed_versions = allowed_versions;
    }
}

int
vconn_get_version(const struct vconn *vconn)
{
    return vconn->state == VCS_CONNECTED ? vconn->version : -1;
}

pid_t
vconn_get_peer_pid(const struct vconn *vconn)
{
    return stream_get_peer_pid(vconn->stream);
}

static void
vconn_fail(struct vconn *vconn, int error)
{
    if (vconn->state != VCS_DISCONNECTED) {
        vconn->state = VCS_DISCONNECTED;
        vconn->error = error ? error : EPROTO;
    }
}

static void
log_msg(const struct vconn *vconn, const char *what,
        const struct ofpbuf *msg)
{
    if (VLOG_IS_DBG_ENABLED()) {
        const struct vconn_ofp_header *oh = msg->data;
        VLOG_DBG("%s: %s: version 0x%02x type %u length %zu xid 0x%08x",
                 vconn->name, what, oh->version, oh->type, msg->size,
                 ntohl(oh->xid));
    }
}

/* Queues MSG as the only pending output and writes as much as the stream
 * takes.  Requires an empty 'txbuf'. */
static int
do_send(struct vconn *vconn, struct ofpbuf *msg)
{
    ovs_assert(!vconn->txbuf);
    log_msg(vconn, "sent", msg);
    COVERAGE_INC(vconn_sent);
    vconn->txbuf = msg;
    int error = do_flush(vconn);
    return error == EAGAIN ? 0 : error;
}

/* Writes out 'txbuf'.  0 when it is all gone, EAGAIN if some is left. */
static int
do_flush(struct vconn *vconn)
{
    while (vconn->txbuf) {
        struct ofpbuf *tx = vconn->txbuf;
        int retval = stream_send(vconn->stream, tx->data, tx->size);
        if (retval < 0) {
            if (retval == -EAGAIN) {
                return EAGAIN;
            }
            VLOG_WARN_RL(&rl, "%s: send failed (%s)", vconn->name,
                         ovs_strerror(-retval));
            /* A peer that found no common version may close before our
             * HELLO_FAILED reaches it; the failure to report is still the
             * negotiation's, not the broken pipe's. */
            vconn_fail(vconn, vconn->state == VCS_SEND_ERROR
                              ? EPROTO : -retval);
            return -retval;
        }
        ofpbuf_pull(tx, retval);
        if (!tx->size) {
            ofpbuf_delete(tx);
            vconn->txbuf = NULL;
        }
    }
    return 0;
}

/* The length field of the message at the start of 'rx'.  Read byte by
 * byte: after a message whose length is not a multiple of 4, the next
 * one starts unaligned in the buffer. */
static size_t
rx_msg_length(const struct ofpbuf *rx)
{
    const uint8_t *p = rx->data;
    return (p[2] << 8) | p[3];
}

/* True if 'rxbuf' already holds a whole message (or a header with a bad
 * length, which do_recv() reports), so that waiting for the stream to
 * become readable would stall. */
static bool
rx_has_message(const struct vconn *vconn)
{
    const struct ofpbuf *rx = vconn->rxbuf;

    if (!rx || rx->size < OFP_HEADER_LEN) {
        return false;
    }
    size_t len = rx_msg_length(rx);
    return len < OFP_HEADER_LEN || rx->size >= len;
}

/* Reads one whole message from the stream into *MSGP.
 *
 * 'rxbuf' holds bytes read but not yet returned.  Each read asks for as
 * much as fits in RX_CHUNK (at least the rest of the current message), so
 * a burst of small messages, such as the flow_mods of "ovs-ofctl
 * add-flows", costs one read() per chunk rather than two per message. */
#define RX_CHUNK 65536
static int
do_recv(struct vconn *vconn, struct ofpbuf **msgp)
{
    *msgp = NULL;
    if (!vconn->rxbuf) {
        vconn->rxbuf = ofpbuf_new(RX_CHUNK);
    }

    struct ofpbuf *rx = vconn->rxbuf;
    size_t want;
    for (;;) {
        if (rx->size < OFP_HEADER_LEN) {
            want = OFP_HEADER_LEN;
        } else {
            want = rx_msg_length(rx);
            if (want < OFP_HEADER_LEN) {
                COVERAGE_INC(vconn_bad_length);
                VLOG_WARN_RL(&rl, "%s: received message with length %zu "
                             "(below the %d-byte header)", vconn->name,
                             want, OFP_HEADER_LEN);
                vconn_fail(vconn, EPROTO);
                return EPROTO;
            }
        }
        if (rx->size >= want) {
            break;
        }

        /* Move what is left of the buffer to its start, then read. */
        if (rx->data != rx->base) {
            memmove(rx->base, rx->data, rx->size);
            rx->data = rx->base;
        }
        ofpbuf_prealloc_tailroom(rx, MAX(want - rx->size, RX_CHUNK / 2));
        int retval = stream_recv(vconn->stream, ofpbuf_tail(rx),
                                 ofpbuf_tailroom(rx));
        if (retval > 0) {
            rx->size += retval;
        } else if (retval == 0) {
            if (rx->size) {
                VLOG_WARN_RL(&rl, "%s: connection dropped mid-message",
                             vconn->name);
                vconn_fail(vconn, EPROTO);
                return EPROTO;
            }
            vconn_fail(vconn, EOF);
            return EOF;
        } else {
            if (retval != -EAGAIN) {
                vconn_fail(vconn, -retval);
            }
            return -retval;
        }
    }

    struct ofpbuf *msg = ofpbuf_clone_data(rx->data, want);
    ofpbuf_pull(rx, want);
    if (!rx->size) {
        ofpbuf_clear(rx);
    }
    msg->header = msg->data;
    msg->msg = (char *) msg->data + OFP_HEADER_LEN;
    COVERAGE_INC(vconn_received);
    log_msg(vconn, "received", msg);
    *msgp = msg;
    return 0;
}

/* Handles the peer's first message, HELLO. */
static void
process_hello(struct vconn *vconn, struct ofpbuf *msg)
{
    const struct vconn_ofp_header *oh = msg->data;

    if (oh->type != OFPT_HELLO) {
        if (oh->type == OFPT_ERROR && msg->size >= OFP_HEADER_LEN + 4) {
            const uint8_t *p = msg->msg;
            VLOG_WARN_RL(&rl, "%s: received error type %u code %u instead "
                         "of hello%s%.*s", vconn->name,
                         (p[0] << 8) | p[1], (p[2] << 8) | p[3],
                         msg->size > OFP_HEADER_LEN + 4 ? ": " : "",
                         (int) (msg->size - OFP_HEADER_LEN - 4),
                         (const char *) p + 4);
        } else {
            VLOG_WARN_RL(&rl, "%s: received message type %u before hello",
                         vconn->name, oh->type);
        }
        COVERAGE_INC(vconn_hello_failed);
        vconn_fail(vconn, EPROTO);
        return;
    }

    uint32_t peer = parse_hello(msg);
    uint32_t common = peer & vconn->allowed_versions;
    if (common) {
        vconn->version = vconn_bitmap_max_version(common);
        vconn->state = VCS_CONNECTED;
        VLOG_DBG("%s: negotiated %s", vconn->name,
                 vconn_version_to_string(vconn->version));
        return;
    }

    char ours[128], theirs[128];
    vconn_bitmap_to_string(vconn->allowed_versions, ours, sizeof ours);
    vconn_bitmap_to_string(peer, theirs, sizeof theirs);
    char *reason = xasprintf("We support %s, you support %s, no common "
                             "versions.", ours, theirs);
    VLOG_WARN_RL(&rl, "%s: version negotiation failed (we support %s, "
                 "peer supports %s)", vconn->name, ours, theirs);
    COVERAGE_INC(vconn_hello_failed);

    /* Answer in the peer's version if we know it, so it can parse it. */
    uint8_t version = MIN(oh->version, VCONN_MAX_VERSION);
    if (!version) {
        version = VCONN_MIN_VERSION;
    }
    vconn->state = VCS_SEND_ERROR;
    if (vconn->txbuf) {
        /* Our HELLO is still partly unsent: it must go out first. */
        ofpbuf_delete(make_hello_failed(version, reason));
        vconn_fail(vconn, EPROTO);
    } else if (do_send(vconn, make_hello_failed(version, reason))) {
        vconn_fail(vconn, EPROTO);
    }
    free(reason);
}

int
vconn_connect(struct vconn *vconn)
{
    for (;;) {
        enum vconn_state state = vconn->state;
        int error;

        switch (state) {
        case VCS_CONNECTING:
            error = stream_connect(vconn->stream);
            if (error == EAGAIN) {
                return EAGAIN;
            } else if (error) {
                vconn_fail(vconn, error);
            } else {
                vconn->state = VCS_SEND_HELLO;
            }
            break;

        case VCS_SEND_HELLO:
            error = do_send(vconn, make_hello(vconn->allowed_versions));
            if (!error) {
                vconn->state = VCS_RECV_HELLO;
            }
            break;

        case VCS_RECV_HELLO: {
            struct ofpbuf *msg;
            error = do_flush(vconn);
            if (error && error != EAGAIN) {
                break;
            }
            error = do_recv(vconn, &msg);
            if (error == EAGAIN) {
                return EAGAIN;
            } else if (!error) {
                process_hello(vconn, msg);
                ofpbuf_delete(msg);
            }
            break;
        }

        case VCS_SEND_ERROR:
            error = do_flush(vconn);
            if (error == EAGAIN) {
                return EAGAIN;
            }
            vconn_fail(vconn, EPROTO);
            break;

        case VCS_CONNECTED:
            return 0;

        case VCS_DISCONNECTED:
            return vconn->error;
        }
    }
}

int
vconn_recv(struct vconn *vconn, struct ofpbuf **msgp)
{
    *msgp = NULL;
    int error = vconn_connect(vconn);
    if (error) {
        return error;
    }
    for (;;) {
        error = do_recv(vconn, msgp);
        if (error || vconn_msg_type(*msgp) != OFPT_HELLO) {
            return error;
        }
        /* A second HELLO carries nothing we need. */
        VLOG_DBG_RL(&rl, "%s: dropping hello after negotiation",
                    vconn->name);
        ofpbuf_delete(*msgp);
        *msgp = NULL;
    }
}

int
vconn_send(struct vconn *vconn, struct ofpbuf *msg)
{
    int error = vconn_connect(vconn);
    if (error) {
        return error;
    }
    if (msg->size < OFP_HEADER_LEN) {
        return EINVAL;
    }
    if (msg->size > UINT16_MAX) {
        VLOG_WARN_RL(&rl, "%s: not sending %zu-byte message (too long)",
                     vconn->name, msg->size);
        return EMSGSIZE;
    }
    error = do_flush(vconn);
    if (error) {
        return error;
    }

    struct vconn_ofp_header *oh = msg->data;
    oh->length = htons(msg->size);
    error = do_send(vconn, msg);
    if (error) {
        /* On failure MSG is the caller's again (who frees it): it must not
         * stay in 'txbuf' too, or vconn_close() would free it twice. */
        vconn->txbuf = NULL;
    }
    return error;
}

size_t
vconn_get_tx_backlog(const struct vconn *vconn)
{
    return vconn->txbuf ? vconn->txbuf->size : 0;
}

void
vconn_run(struct vconn *vconn)
{
    stream_run(vconn->stream);
    if (vconn->state < VCS_CONNECTED) {
        vconn_connect(vconn);
    }
    if (vconn->txbuf) {
        do_flush(vconn);
    }
}

void
vconn_run_wait(struct vconn *vconn)
{
    stream_run_wait(vconn->stream);
    if (vconn->txbuf && vconn->state != VCS_DISCONNECTED) {
        stream_send_wait(vconn->stream);
    }
}

void
vconn_wait(struct vconn *vconn, enum vconn_wait_type type)
{
    switch (vconn->state) {
    case VCS_CONNECTING:
        stream_connect_wait(vconn->stream);
        return;

    case VCS_SEND_HELLO:
    case VCS_DISCONNECTED:
        poll_immediate_wake();
        return;

    case VCS_RECV_HELLO:
        if (rx_has_message(vconn)) {
            poll_immediate_wake();
        } else {
            stream_recv_wait(vconn->stream);
        }
        if (vconn->txbuf) {
            stream_send_wait(vconn->stream);
        }
        return;

    case VCS_SEND_ERROR:
        stream_send_wait(vconn->stream);
        return;

    case VCS_CONNECTED:
        break;
    }

    switch (type) {
    case VCONN_WAIT_CONNECT:
        poll_immediate_wake();
        break;
    case VCONN_WAIT_RECV:
        if (rx_has_message(vconn)) {
            poll_immediate_wake();
        } else {
            stream_recv_wait(vconn->stream);
        }
        break;
    case VCONN_WAIT_SEND:
        if (vconn->txbuf) {
            stream_send_wait(vconn->stream);
        } else {
            poll_immediate_wake();
        }
        break;
    }
}

void
vconn_connect_wait(struct vconn *vconn)
{
    vconn_wait(vconn, VCONN_WAIT_CONNECT);
}

void
vconn_recv_wait(struct vconn *vconn)
{
    vconn_wait(vconn, VCONN_WAIT_RECV);
}

void
vconn_send_wait(struct vconn *vconn)
{
    vconn_wait(vconn, VCONN_WAIT_SEND);
}

/* Passive connections. */

int
pvconn_verify_name(const char *name)
{
    return pstream_verify_name(name);
}

int
pvconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
            struct pvconn **pvconnp)
{
    struct pstream *pstream;

    *pvconnp = NULL;
    allowed_versions &= VCONN_ALL_VERSIONS;
    if (!allowed_versions) {
        return EINVAL;
    }
    int error = pstream_open_with_default_port(name, VCONN_OFP_PORT,
                                               &pstream, dscp);
    if (error) {
        return error;
    }
    struct pvconn *pvconn = xzalloc(sizeof *pvconn);
    pvconn->name = xstrdup(name);
    pvconn->pstream = pstream;
    pvconn->allowed_versions = allowed_versions;
    *pvconnp = pvconn;
    return 0;
}

void
pvconn_close(struct pvconn *pvconn)
{
    if (pvconn) {
        pstream_close(pvconn->pstream);
        free(pvconn->name);
        free(pvconn);
    }
}

const char *
pvconn_get_name(const struct pvconn *pvconn)
{
    return pvconn->name;
}

int
pvconn_get_bound_port(const struct pvconn *pvconn)
{
    return pstream_get_bound_port(pvconn->pstream);
}

int
pvconn_accept(struct pvconn *pvconn, struct vconn **vconnp)
{
    struct stream *stream;

    *vconnp = NULL;
    int error = pstream_accept(pvconn->pstream, &stream);
    if (error) {
        if (error != EAGAIN) {
            VLOG_WARN_RL(&rl, "%s: accept failed (%s)", pvconn->name,
                         ovs_strerror(error));
        }
        return error;
    }
    *vconnp = vconn_create(stream_get_name(stream), stream, VCS_SEND_HELLO,
                           pvconn->allowed_versions);
    return 0;
}

void
pvconn_wait(struct pvconn *pvconn)
{
    pstream_wait(pvconn->pstream);
}

/* Blocking helpers. */

int
vconn_connect_block(struct vconn *vconn, long long timeout_ms)
{
    long long deadline = timeout_ms < 0 ? LLONG_MAX
                                        : time_msec() + timeout_ms;
    for (;;) {
        int error = vconn_connect(vconn);
        if (error != EAGAIN) {
            return error;
        }
        if (time_msec() >= deadline) {
            return ETIMEDOUT;
        }
        vconn_run(vconn);
        vconn_run_wait(vconn);
        vconn_connect_wait(vconn);
        if (deadline != LLONG_MAX) {
            poll_timer_wait_until(deadline);
        }
        poll_block();
    }
}

int
vconn_open_block(const char *name, uint32_t allowed_versions,
                 struct vconn **vconnp)
{
    struct vconn *vconn;
    int error = vconn_open(name, allowed_versions, 0, &vconn);
    if (!error) {
        error = vconn_connect_block(vconn, -1);
        if (error) {
            vconn_close(vconn);
            vconn = NULL;
        }
    }
    *vconnp = vconn;
    return error;
}

int
vconn_send_block(struct vconn *vconn, struct ofpbuf *msg)
{
    int error;

    for (;;) {
        vconn_run(vconn);
        error = vconn_send(vconn, msg);
        if (error != EAGAIN) {
            break;
        }
        vconn_run_wait(vconn);
        vconn_send_wait(vconn);
        poll_block();
    }
    if (error) {
        ofpbuf_delete(msg);
        return error;
    }

    while (vconn->txbuf && vconn->state == VCS_CONNECTED) {
        vconn_run(vconn);
        if (vconn->txbuf && vconn->state == VCS_CONNECTED) {
            vconn_run_wait(vconn);
            poll_block();
        }
    }
    return vconn->state == VCS_DISCONNECTED ? vconn->error : 0;
}

int
vconn_recv_block(struct vconn *vconn, struct ofpbuf **msgp)
{
    for (;;) {
        vconn_run(vconn);
        int error = vconn_recv(vconn, msgp);
        if (!error) {
            if (vconn_msg_type(*msgp) != OFPT_ECHO_REQUEST) {
                return 0;
            }
            struct ofpbuf *reply = vconn_make_echo_reply(*msgp);
            ofpbuf_delete(*msgp);
            *msgp = NULL;
            error = vconn_send_block(vconn, reply);
            if (error) {
                return error;
            }
            continue;
        } else if (error != EAGAIN) {
            return error;
        }
        vconn_run_wait(vconn);
        vconn_recv_wait(vconn);
        poll_block();
    }
}

int
vconn_recv_xid(struct vconn *vconn, ovs_be32 xid, struct ofpbuf **replyp)
{
    for (;;) {
        int error = vconn_recv_block(vconn, replyp);
        if (error) {
            return error;
        }
        if (vconn_msg_xid(*replyp) == xid) {
            return 0;
        }
        VLOG_DBG_RL(&rl, "%s: received reply with xid 0x%08x != expected "
                    "0x%08x", vconn->name, ntohl(vconn_msg_xid(*replyp)),
                    ntohl(xid));
        ofpbuf_delete(*replyp);
        *replyp = NULL;
    }
}

int
vconn_transact(struct vconn *vconn, struct ofpbuf *request,
               struct ofpbuf **replyp)
{
    *replyp = NULL;
    if (request->size < OFP_HEADER_LEN) {
        ofpbuf_delete(request);
        return EINVAL;
    }
    ovs_be32 xid = vconn_msg_xid(request);
    int error = vconn_send_block(vconn, request);
    return error ? error : vconn_recv_xid(vconn, xid, replyp);
}

int
vconn_transact_multiple_noreply(struct vconn *vconn, struct ofpbuf **requests,
                                size_t n, struct ofpbuf **replyp)
{
    ovs_be32 *xids = xmalloc((n ? n : 1) * sizeof *xids);
    int error = 0;
    size_t i;

    *replyp = NULL;
    for (i = 0; i < n; i++) {
        if (requests[i]->size < OFP_HEADER_LEN) {
            error = EINVAL;
            break;
        }
        xids[i] = vconn_msg_xid(requests[i]);
        error = vconn_send_block(vconn, requests[i]);
        if (error) {
            i++;
            break;
        }
    }
    for (; i < n; i++) {
        ofpbuf_delete(requests[i]);
    }
    if (error) {
        free(xids);
        return error;
    }

    int version = vconn_get_version(vconn);
    struct ofpbuf *barrier = vconn_make_barrier_request(version);
    ovs_be32 barrier_xid = vconn_msg_xid(barrier);
    error = vconn_send_block(vconn, barrier);

    while (!error) {
        struct ofpbuf *msg;
        error = vconn_recv_block(vconn, &msg);
        if (error) {
            break;
        }
        ovs_be32 xid = vconn_msg_xid(msg);
        if (xid == barrier_xid && vconn_msg_is_barrier_reply(msg)) {
            ofpbuf_delete(msg);
            break;
        }

        bool is_ours = false;
        for (size_t j = 0; j < n; j++) {
            if (xids[j] == xid) {
                is_ours = true;
                break;
            }
        }
        if (is_ours && vconn_msg_type(msg) == OFPT_ERROR && !*replyp) {
            *replyp = msg;
        } else {
            VLOG_DBG_RL(&rl, "%s: dropping unexpected message type %u "
                        "xid 0x%08x", vconn->name, vconn_msg_type(msg),
                        ntohl(xid));
            ofpbuf_delete(msg);
        }
    }
    free(xids);
    if (error) {
        ofpbuf_delete(*replyp);
        *replyp = NULL;
    }
    return error;
}

int
vconn_transact_noreply(struct vconn *vconn, struct ofpbuf *request,
                       struct ofpbuf **replyp)
{
    return vconn_transact_multiple_noreply(vconn, &request, 1, replyp);
}

void
vconn_free_replies(struct ofpbuf **replies, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ofpbuf_delete(replies[i]);
    }
    free(replies);
}

int
vconn_transact_multipart(struct vconn *vconn, struct ofpbuf *request,
                         struct ofpbuf ***repliesp, size_t *n_repliesp)
{
    struct ofpbuf **replies = NULL;
    size_t n = 0, allocated = 0;

    *repliesp = NULL;
    *n_repliesp = 0;
    if (request->size < OFP_HEADER_LEN) {
        ofpbuf_delete(request);
        return EINVAL;
    }
    ovs_be32 xid = vconn_msg_xid(request);
    int error = vconn_send_block(vconn, request);

    while (!error) {
        struct ofpbuf *reply;
        error = vconn_recv_xid(vconn, xid, &reply);
        if (error) {
            break;
        }
        if (n >= allocated) {
            replies = x2nrealloc(replies, &allocated, sizeof *replies);
        }
        replies[n++] = reply;

        const struct vconn_ofp_header *oh = reply->data;
        if (oh->type != multipart_reply_type(oh->version)
            || reply->size < OFP_HEADER_LEN + 4) {
            break;              /* An error, or not a multipart reply. */
        }
        const uint8_t *body = reply->msg;
        uint16_t flags = (body[2] << 8) | body[3];
        if (!(flags & OFP_MULTIPART_MORE)) {
            break;
        }
    }

    if (error) {
        vconn_free_replies(replies, n);
        return error;
    }
    *repliesp = replies;
    *n_repliesp = n;
    return 0;
}
