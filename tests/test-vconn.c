/* test-vconn.c -- unit tests for OpenFlow connections (lib/vconn.c) and
 * reliable connections (lib/rconn.c).
 *
 * "ovstest test-vconn COMMAND ...":
 *
 *   negotiate SERVER CLIENT
 *       Connects a client allowing versions CLIENT to a server allowing
 *       SERVER over a unix socket in one process and prints what each
 *       side ends up with ("server: OpenFlow13" or "server: error ...").
 *       Version sets are bitmaps in hex (0x12 = 1.0 + 1.3).
 *   raw-hello SERVER HEX
 *       Sends the bytes HEX over a raw stream to a vconn server allowing
 *       SERVER and prints, in hex, each OpenFlow message the server sends
 *       back until it closes or has negotiated, then its result.
 *   server PSTREAM VERSIONS [COUNT]
 *       An OpenFlow peer for black-box tests: accepts COUNT (default 1)
 *       connections one after another, prints each message it receives
 *       ("recv: version 0x04 type 2 length 8"), answers echo requests and
 *       barriers, answers multipart requests with three replies (MORE set
 *       on the first two) and everything else with OFPBRC_BAD_TYPE, and
 *       says "served" at the end.  Writes "ready" to stdout once listening.
 *   client VCONN VERSIONS
 *       vconn_open_block(), then an echo vconn_transact(), a barrier
 *       vconn_transact_noreply() and a multipart (desc) request through
 *       vconn_transact_multipart(); prints each outcome.
 *   send VCONN VERSIONS [HEX | wait=N]...
 *       vconn_open_block() (or, for a passive name, waits for one peer to
 *       connect: a controller), then for each HEX (a whole OpenFlow
 *       message; its length field is fixed up) sends it followed by a
 *       barrier and prints, in hex, every message that comes back before
 *       the barrier reply ("reply: ...") -- for "ovs-ofctl ofp-print".
 *       "wait=N" prints the next N messages that arrive ("async: ...").
 *   rconn-backoff
 *       An rconn to a unix socket that does not exist yet, with a stopped
 *       clock: prints the connection attempts' timing as the clock is
 *       warped (1, 2, 4, 4 s backoff with max_backoff=4), then creates
 *       the listener and checks that the next attempt connects.
 *   rconn-probe
 *       An rconn to a peer that negotiates and then never answers: checks
 *       that an echo request goes out after the probe interval and that
 *       the connection is dropped one interval later.
 */
#include <config.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "ofpbuf.h"
#include "ovstest.h"
#include "poll-loop.h"
#include "rconn.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"

/* ERROR (a positive errno, or EOF) as text. */
static const char *
error_to_string(int error)
{
    return error == EOF ? "End of file" : ovs_strerror(error);
}

static uint32_t
parse_versions(const char *s)
{
    unsigned int bitmap;
    if (!str_to_uint(s, 16, &bitmap)) {
        ovs_fatal(0, "%s: bad version bitmap", s);
    }
    return bitmap;
}

static void
print_result(const char *who, struct vconn *vconn, int error)
{
    if (error) {
        printf("%s: error %s\n", who, error_to_string(error));
    } else {
        printf("%s: %s\n", who,
               vconn_version_to_string(vconn_get_version(vconn)));
    }
}

/* A unix socket name unique to this process, in the current directory
 * (absolute: relative unix names are relative to the run directory). */
static char *
socket_name(const char *tag)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) {
        ovs_fatal(errno, "getcwd failed");
    }
    return xasprintf("%s/test-vconn-%s-%ld.sock", cwd, tag, (long) getpid());
}

static void
test_negotiate(int argc, char *argv[])
{
    if (argc != 3) {
        ovs_fatal(0, "usage: negotiate SERVER CLIENT");
    }
    uint32_t server_versions = parse_versions(argv[1]);
    uint32_t client_versions = parse_versions(argv[2]);
    char *sock = socket_name("neg");
    char *pname = xasprintf("punix:%s", sock);
    char *name = xasprintf("unix:%s", sock);
    struct pvconn *pvconn;
    struct vconn *client, *server = NULL;

    OVSTEST_CHECK_INT(pvconn_open(pname, server_versions, 0, &pvconn), 0);
    OVSTEST_CHECK_INT(vconn_open(name, client_versions, 0, &client), 0);
    OVSTEST_CHECK_INT(vconn_get_version(client), -1);

    int client_error = EAGAIN, server_error = EAGAIN;
    while (client_error == EAGAIN || server_error == EAGAIN) {
        if (!server) {
            int error = pvconn_accept(pvconn, &server);
            OVSTEST_CHECK(!error || error == EAGAIN);
        }
        if (client_error == EAGAIN) {
            vconn_run(client);
            client_error = vconn_connect(client);
        }
        if (server && server_error == EAGAIN) {
            vconn_run(server);
            server_error = vconn_connect(server);
        }

        if (!server) {
            pvconn_wait(pvconn);
        } else if (server_error == EAGAIN) {
            vconn_run_wait(server);
            vconn_connect_wait(server);
        }
        if (client_error == EAGAIN) {
            vconn_run_wait(client);
            vconn_connect_wait(client);
        }
        if (client_error != EAGAIN || server_error != EAGAIN) {
            /* The peer of a failed side sees EOF once it is closed. */
            poll_timer_wait(10);
        }
        poll_block();
    }
    print_result("server", server, server_error);
    print_result("client", client, client_error);

    vconn_close(client);
    vconn_close(server);
    pvconn_close(pvconn);
    free(name);
    free(pname);
    free(sock);
}

static void
print_hex(const char *prefix, const void *data, size_t n)
{
    const uint8_t *p = data;
    printf("%s", prefix);
    for (size_t i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
    putchar('\n');
}

static void
test_raw_hello(int argc, char *argv[])
{
    if (argc != 3) {
        ovs_fatal(0, "usage: raw-hello SERVER HEX");
    }
    uint32_t server_versions = parse_versions(argv[1]);
    struct ofpbuf raw;
    size_t n;
    ofpbuf_init(&raw, 64);
    if (*ofpbuf_put_hex(&raw, argv[2], &n)) {
        ovs_fatal(0, "%s: bad hex", argv[2]);
    }

    char *sock = socket_name("raw");
    char *pname = xasprintf("punix:%s", sock);
    char *name = xasprintf("unix:%s", sock);
    struct pvconn *pvconn;
    struct stream *stream;
    struct vconn *server = NULL;

    OVSTEST_CHECK_INT(pvconn_open(pname, server_versions, 0, &pvconn), 0);
    OVSTEST_CHECK_INT(stream_open_block(stream_open(name, &stream, 0), -1,
                                        &stream), 0);
    OVSTEST_CHECK_INT(stream_send(stream, raw.data, raw.size), raw.size);

    while (pvconn_accept(pvconn, &server) == EAGAIN) {
        pvconn_wait(pvconn);
        poll_block();
    }

    /* Run the server until it has an answer; it may also need the client
     * to read, so the client side drains into 'rx' as it goes. */
    struct ofpbuf rx;
    ofpbuf_init(&rx, 64);
    int error;
    for (;;) {
        vconn_run(server);
        error = vconn_connect(server);
        if (error != EAGAIN) {
            break;
        }
        vconn_run_wait(server);
        vconn_connect_wait(server);
        poll_block();
    }
    vconn_close(server);        /* Flushes nothing more: it is all sent. */

    for (;;) {
        uint8_t buf[256];
        int retval = stream_recv(stream, buf, sizeof buf);
        if (retval == -EAGAIN) {
            stream_recv_wait(stream);
            poll_block();
            continue;
        } else if (retval <= 0) {
            break;
        }
        ofpbuf_put(&rx, buf, retval);
    }

    /* Split what came back into messages, using their length fields. */
    while (rx.size >= 8) {
        const uint8_t *p = rx.data;
        size_t len = (p[2] << 8) | p[3];
        if (len < 8 || len > rx.size) {
            len = rx.size;
        }
        print_hex("sent: ", p, len);
        ofpbuf_pull(&rx, len);
    }
    if (rx.size) {
        print_hex("trailing: ", rx.data, rx.size);
    }
    if (error) {
        printf("server: error %s\n", error_to_string(error));
    } else {
        printf("server: ok\n");
    }

    stream_close(stream);
    pvconn_close(pvconn);
    ofpbuf_uninit(&raw);
    ofpbuf_uninit(&rx);
    free(name);
    free(pname);
    free(sock);
}

/* Builds an OFPT_ERROR OFPBRC_BAD_TYPE reply to REQUEST: type 1 (bad
 * request), code 1 (bad type) in every version. */
static struct ofpbuf *
make_bad_type_error(const struct ofpbuf *request)
{
    size_t data_len = MIN(request->size, 64);
    struct ofpbuf *msg = vconn_make_msg(vconn_msg_version(request), 1,
                                        vconn_msg_xid(request),
                                        4 + data_len);
    uint8_t *p = msg->msg;
    p[1] = 1;
    p[3] = 1;
    memcpy(p + 4, request->data, data_len);
    return msg;
}

static void
serve_one(struct vconn *vconn)
{
    for (;;) {
        struct ofpbuf *msg;
        int error;

        vconn_run(vconn);
        error = vconn_recv(vconn, &msg);
        if (error == EAGAIN) {
            vconn_run_wait(vconn);
            vconn_recv_wait(vconn);
            poll_block();
            continue;
        } else if (error) {
            printf("done: %s\n", error_to_string(error));
            return;
        }

        uint8_t version = vconn_msg_version(msg);
        uint8_t type = vconn_msg_type(msg);
        printf("recv: version 0x%02x type %u length %zu\n",
               version, type, msg->size);
        fflush(stdout);

        uint8_t mp_request = version == 1 ? 16 : 18;
        uint8_t barrier_request = version == 1 ? 18 : 20;
        if (type == 2) {
            error = vconn_send_block(vconn, vconn_make_echo_reply(msg));
        } else if (type == barrier_request) {
            error = vconn_send_block(vconn, vconn_make_msg(
                                         version, type + 1,
                                         vconn_msg_xid(msg), 0));
        } else if (type == mp_request && msg->size >= 12) {
            const uint8_t *body = msg->msg;
            for (int i = 0; i < 3 && !error; i++) {
                struct ofpbuf *reply = vconn_make_msg(
                    version, mp_request + 1, vconn_msg_xid(msg),
                    version == 1 ? 4 : 8);
                uint8_t *rb = reply->msg;
                rb[0] = body[0];
                rb[1] = body[1];
                rb[3] = i < 2;      /* MORE. */
                error = vconn_send_block(vconn, reply);
            }
        } else {
            error = vconn_send_block(vconn, make_bad_type_error(msg));
        }
        ofpbuf_delete(msg);
        if (error) {
            printf("done: send %s\n", error_to_string(error));
            return;
        }
    }
}

static void
test_server(int argc, char *argv[])
{
    if (argc < 3) {
        ovs_fatal(0, "usage: server PSTREAM VERSIONS [COUNT]");
    }
    uint32_t versions = parse_versions(argv[2]);
    int count = argc > 3 ? atoi(argv[3]) : 1;
    struct pvconn *pvconn;

    int error = pvconn_open(argv[1], versions, 0, &pvconn);
    if (error) {
        ovs_fatal(error, "%s: listen failed", argv[1]);
    }
    printf("ready\n");
    fflush(stdout);

    for (int i = 0; i < count; i++) {
        struct vconn *vconn;
        while ((error = pvconn_accept(pvconn, &vconn)) == EAGAIN) {
            pvconn_wait(pvconn);
            poll_block();
        }
        if (error) {
            ovs_fatal(error, "accept failed");
        }
        error = vconn_connect_block(vconn, 10000);
        print_result("hello", vconn, error);
        fflush(stdout);
        if (!error) {
            serve_one(vconn);
        }
        vconn_close(vconn);
    }
    pvconn_close(pvconn);
    printf("served\n");
}

static void
test_client(int argc, char *argv[])
{
    if (argc != 3) {
        ovs_fatal(0, "usage: client VCONN VERSIONS");
    }
    struct vconn *vconn;
    int error = vconn_open_block(argv[1], parse_versions(argv[2]), &vconn);
    if (error) {
        printf("open: error %s\n", error_to_string(error));
        return;
    }
    int version = vconn_get_version(vconn);
    printf("open: %s\n", vconn_version_to_string(version));

    /* Echo: the reply carries the same xid and payload. */
    struct ofpbuf *request = vconn_make_msg(version, 2, vconn_alloc_xid(),
                                            4);
    memcpy(request->msg, "ping", 4);
    ovs_be32 xid = vconn_msg_xid(request);
    struct ofpbuf *reply;
    error = vconn_transact(vconn, request, &reply);
    OVSTEST_CHECK_INT(error, 0);
    OVSTEST_CHECK_INT(vconn_msg_type(reply), 3);
    OVSTEST_CHECK(vconn_msg_xid(reply) == xid);
    OVSTEST_CHECK_INT(reply->size, 12);
    OVSTEST_CHECK(!memcmp((char *) reply->data + 8, "ping", 4));
    printf("echo: ok\n");
    ofpbuf_delete(reply);

    /* A message the peer rejects, then a barrier: the error comes back
     * as the reply.  Type 4 is OFPT_VENDOR/EXPERIMENTER: an empty one is
     * malformed for every peer. */
    request = vconn_make_msg(version, 4, vconn_alloc_xid(), 0);
    error = vconn_transact_noreply(vconn, request, &reply);
    OVSTEST_CHECK_INT(error, 0);
    if (reply) {
        const uint8_t *p = reply->msg;
        printf("noreply: error type %d code %d\n",
               (p[0] << 8) | p[1], (p[2] << 8) | p[3]);
        ofpbuf_delete(reply);
    } else {
        printf("noreply: no error\n");
    }

    /* Multipart: OFPST_DESC / OFPMP_DESC (type 0). */
    request = vconn_make_msg(version, version == 1 ? 16 : 18,
                             vconn_alloc_xid(), version == 1 ? 4 : 8);
    struct ofpbuf **replies;
    size_t n;
    error = vconn_transact_multipart(vconn, request, &replies, &n);
    OVSTEST_CHECK_INT(error, 0);
    printf("multipart: %zu replies\n", n);
    vconn_free_replies(replies, n);
    vconn_close(vconn);
}

static void
test_send(int argc, char *argv[])
{
    if (argc < 3) {
        ovs_fatal(0, "usage: send VCONN VERSIONS [HEX|wait=N]...");
    }
    struct vconn *vconn;
    uint32_t versions = parse_versions(argv[2]);
    int error;
    if (argv[1][0] == 'p') {
        /* Passive: act as a controller and wait for the switch. */
        struct pvconn *pvconn;
        error = pvconn_open(argv[1], versions, 0, &pvconn);
        if (error) {
            ovs_fatal(error, "%s: listen failed", argv[1]);
        }
        printf("ready\n");
        fflush(stdout);
        while ((error = pvconn_accept(pvconn, &vconn)) == EAGAIN) {
            pvconn_wait(pvconn);
            poll_block();
        }
        pvconn_close(pvconn);
        if (!error) {
            error = vconn_connect_block(vconn, 10000);
            if (error) {
                vconn_close(vconn);
            }
        }
    } else {
        error = vconn_open_block(argv[1], versions, &vconn);
    }
    if (error) {
        printf("open: error %s\n", error_to_string(error));
        return;
    }
    printf("open: %s\n", vconn_version_to_string(vconn_get_version(vconn)));
    fflush(stdout);

    for (int i = 3; i < argc; i++) {
        int n_wait;
        if (sscanf(argv[i], "wait=%d", &n_wait) == 1) {
            for (int j = 0; j < n_wait; j++) {
                struct ofpbuf *msg;
                error = vconn_recv_block(vconn, &msg);
                if (error) {
                    printf("recv: error %s\n", error_to_string(error));
                    vconn_close(vconn);
                    return;
                }
                print_hex("async: ", msg->data, msg->size);
                fflush(stdout);
                ofpbuf_delete(msg);
            }
            continue;
        }

        struct ofpbuf *msg = ofpbuf_new(64);
        size_t n;
        if (*ofpbuf_put_hex(msg, argv[i], &n) || msg->size < 8) {
            ovs_fatal(0, "%s: bad message", argv[i]);
        }
        OVSTEST_CHECK_INT(vconn_send_block(vconn, msg), 0);
        if (argv[1][0] == 'p') {
            printf("step %d\n", i - 2);
        }

        struct ofpbuf *barrier = vconn_make_barrier_request(
            vconn_get_version(vconn));
        ovs_be32 xid = vconn_msg_xid(barrier);
        OVSTEST_CHECK_INT(vconn_send_block(vconn, barrier), 0);
        for (;;) {
            struct ofpbuf *reply;
            error = vconn_recv_block(vconn, &reply);
            if (error) {
                printf("recv: error %s\n", error_to_string(error));
                vconn_close(vconn);
                return;
            }
            bool done = (vconn_msg_xid(reply) == xid
                         && vconn_msg_is_barrier_reply(reply));
            if (!done) {
                print_hex("reply: ", reply->data, reply->size);
            }
            ofpbuf_delete(reply);
            if (done) {
                break;
            }
        }
        fflush(stdout);
    }
    printf("barrier: ok\n");
    vconn_close(vconn);
}

/* Runs RC's loop once without blocking on anything but a 0-ms timer
 * (the clock is stopped, so only warps move time). */
static void
rconn_spin(struct rconn *rc, int iterations)
{
    for (int i = 0; i < iterations; i++) {
        rconn_run(rc);
        struct ofpbuf *msg;
        while ((msg = rconn_recv(rc)) != NULL) {
            ofpbuf_delete(msg);
        }
        rconn_run_wait(rc);
        rconn_recv_wait(rc);
        poll_timer_wait(0);
        poll_block();
    }
}

/* A send to a peer that has gone fails, and the message stays the
 * caller's: freeing it and then closing the vconn (and an rconn whose
 * queue held it) must not free it twice (ASan or glibc abort if so). */
static void
test_send_after_close(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    char *sock = socket_name("closed");
    char *name = xasprintf("unix:%s", sock);
    char *pname = xasprintf("punix:%s", sock);
    struct pvconn *pvconn;
    OVSTEST_CHECK_INT(pvconn_open(pname, VCONN_ALL_VERSIONS, 0, &pvconn), 0);

    for (int use_rconn = 0; use_rconn < 2; use_rconn++) {
        struct vconn *client = NULL;
        struct rconn *rc = NULL;
        if (use_rconn) {
            rc = rconn_create(0, 4, 0, VCONN_ALL_VERSIONS);
            rconn_connect(rc, name, "test");
        } else {
            OVSTEST_CHECK_INT(vconn_open(name, VCONN_ALL_VERSIONS, 0,
                                         &client), 0);
        }
        struct vconn *server = NULL;
        for (int i = 0; i < 200; i++) {
            if (!server) {
                pvconn_accept(pvconn, &server);
            }
            if (server) {
                vconn_connect(server);
            }
            if (rc) {
                rconn_run(rc);
                if (server && rconn_is_connected(rc)) {
                    break;
                }
            } else if (server && !vconn_connect(client)) {
                break;
            }
            usleep(1000);
        }
        OVSTEST_CHECK(server != NULL);
        vconn_close(server);

        /* The first sends may still go into the socket buffer; within a
         * few the peer's close shows as a broken pipe or reset. */
        int error = 0;
        for (int i = 0; i < 1000 && !error; i++) {
            struct ofpbuf *msg = ofpbuf_new(64);
            uint8_t *oh = ofpbuf_put_zeros(msg, 64);
            oh[0] = 4;                  /* OpenFlow 1.3 ECHO_REQUEST. */
            oh[1] = 2;
            if (rc) {
                rconn_send(rc, msg);
                rconn_run(rc);
                error = !rconn_is_connected(rc) ? EPIPE : 0;
            } else {
                error = vconn_send(client, msg);
                if (error) {
                    ofpbuf_delete(msg);
                }
            }
        }
        printf("%s: send after the peer closed: %s\n",
               rc ? "rconn" : "vconn",
               error == EPIPE || error == ECONNRESET ? "fails" : "succeeds");
        if (rc) {
            rconn_destroy(rc);
        } else {
            vconn_close(client);
        }
    }
    pvconn_close(pvconn);
    free(pname);
    free(name);
    free(sock);
}

static void
test_rconn_backoff(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    char *sock = socket_name("backoff");
    char *name = xasprintf("unix:%s", sock);
    char *pname = xasprintf("punix:%s", sock);

    timeval_stop();
    long long start = time_msec();
    struct rconn *rc = rconn_create(0, 4, 0, VCONN_ALL_VERSIONS);
    rconn_connect(rc, name, "test");
    OVSTEST_CHECK(rconn_is_alive(rc));
    OVSTEST_CHECK(!rconn_is_connected(rc));

    /* Every 100 ms for 12 s: print each connection attempt. */
    unsigned int n_attempts = 0;
    for (int t = 0; t <= 12000; t += 100) {
        rconn_spin(rc, 2);
        if (rconn_get_n_attempts(rc) != n_attempts) {
            n_attempts = rconn_get_n_attempts(rc);
            printf("t=%.1f attempt %u: %s, %s\n",
                   (time_msec() - start) / 1000.0, n_attempts,
                   error_to_string(rconn_get_last_error(rc)),
                   rconn_get_state(rc));
        }
        timeval_warp(100, 0);
    }

    /* Now someone listens: the next attempt connects. */
    struct pvconn *pvconn;
    OVSTEST_CHECK_INT(pvconn_open(pname, VCONN_ALL_VERSIONS, 0, &pvconn), 0);
    struct vconn *server = NULL;
    for (int i = 0; i < 100 && !rconn_is_connected(rc); i++) {
        if (!server) {
            pvconn_accept(pvconn, &server);
        }
        if (server) {
            vconn_run(server);
            vconn_connect(server);
        }
        rconn_spin(rc, 1);
        timeval_warp(100, 0);
    }
    OVSTEST_CHECK(rconn_is_connected(rc));
    OVSTEST_CHECK_INT(rconn_get_version(rc), 6);
    OVSTEST_CHECK_INT(rconn_get_connection_seqno(rc), 1);
    OVSTEST_CHECK_INT(rconn_failure_duration(rc), 0);
    printf("connected: %s\n", rconn_get_state(rc));

    rconn_destroy(rc);
    vconn_close(server);
    pvconn_close(pvconn);
    free(pname);
    free(name);
    free(sock);
}

static void
test_rconn_probe(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    char *sock = socket_name("probe");
    char *name = xasprintf("unix:%s", sock);
    char *pname = xasprintf("punix:%s", sock);
    struct pvconn *pvconn;
    struct vconn *server = NULL;

    timeval_stop();
    OVSTEST_CHECK_INT(pvconn_open(pname, VCONN_VERSION_BIT(4), 0, &pvconn),
                      0);
    struct rconn *rc = rconn_create(5, 8, 0, VCONN_ALL_VERSIONS);
    rconn_connect(rc, name, "test");
    for (int i = 0; i < 100; i++) {
        if (!server) {
            pvconn_accept(pvconn, &server);
        }
        if (server) {
            vconn_run(server);
            vconn_connect(server);
        }
        if (rconn_is_connected(rc) && server
            && vconn_get_version(server) > 0) {
            break;
        }
        rconn_spin(rc, 1);
    }
    OVSTEST_CHECK(rconn_is_connected(rc));
    OVSTEST_CHECK_INT(rconn_get_version(rc), 4);
    OVSTEST_CHECK_INT(vconn_get_version(server), 4);

    /* Sending works and reaches the peer. */
    OVSTEST_CHECK_INT(rconn_send(rc, vconn_make_msg(4, 20, htonl(7), 0)), 0);
    rconn_spin(rc, 2);
    struct ofpbuf *msg = NULL;
    for (int i = 0; i < 100 && !msg; i++) {
        vconn_run(server);
        if (vconn_recv(server, &msg) == EAGAIN) {
            vconn_recv_wait(server);
            poll_timer_wait(10);
            poll_block();
        }
    }
    OVSTEST_CHECK(msg != NULL);
    OVSTEST_CHECK_INT(vconn_msg_type(msg), 20);
    OVSTEST_CHECK_INT(ntohl(vconn_msg_xid(msg)), 7);
    ofpbuf_delete(msg);

    /* 4.9 s of silence: nothing yet.  At 5 s: an echo request. */
    timeval_warp(4900, 0);
    rconn_spin(rc, 2);
    OVSTEST_CHECK_STR(rconn_get_state(rc), "ACTIVE");
    timeval_warp(200, 0);
    rconn_spin(rc, 2);
    OVSTEST_CHECK_STR(rconn_get_state(rc), "IDLE");
    msg = NULL;
    for (int i = 0; i < 100 && !msg; i++) {
        vconn_run(server);
        if (vconn_recv(server, &msg) == EAGAIN) {
            vconn_recv_wait(server);
            poll_timer_wait(10);
            poll_block();
        }
    }
    OVSTEST_CHECK(msg != NULL);
    OVSTEST_CHECK_INT(vconn_msg_type(msg), 2);
    printf("probe: echo request sent after 5 s idle\n");

    /* An echo reply keeps the connection up... */
    OVSTEST_CHECK_INT(vconn_send(server, vconn_make_echo_reply(msg)), 0);
    ofpbuf_delete(msg);
    for (int i = 0; i < 20; i++) {
        vconn_run(server);
        rconn_spin(rc, 1);
    }
    OVSTEST_CHECK_STR(rconn_get_state(rc), "ACTIVE");

    /* ...silence after the next probe drops it. */
    timeval_warp(5100, 0);
    rconn_spin(rc, 2);
    OVSTEST_CHECK_STR(rconn_get_state(rc), "IDLE");
    timeval_warp(5100, 0);
    rconn_spin(rc, 2);
    OVSTEST_CHECK(!rconn_is_connected(rc));
    OVSTEST_CHECK(rconn_is_alive(rc));
    printf("probe: disconnected after no reply (%s), state %s\n",
           error_to_string(rconn_get_last_error(rc)),
           rconn_get_state(rc));
    OVSTEST_CHECK_INT(rconn_send(rc, vconn_make_msg(4, 20, htonl(8), 0)),
                      ENOTCONN);

    rconn_destroy(rc);
    vconn_close(server);
    pvconn_close(pvconn);
    free(pname);
    free(name);
    free(sock);
}

static void
test_vconn_main(int argc, char *argv[])
{
    static const struct {
        const char *name;
        void (*f)(int argc, char *argv[]);
    } commands[] = {
        {"negotiate", test_negotiate},
        {"raw-hello", test_raw_hello},
        {"server", test_server},
        {"client", test_client},
        {"send", test_send},
        {"send-after-close", test_send_after_close},
        {"rconn-backoff", test_rconn_backoff},
        {"rconn-probe", test_rconn_probe},
    };

    if (argc < 2) {
        ovs_fatal(0, "usage: test-vconn negotiate|raw-hello|server|client|"
                  "send|rconn-backoff|rconn-probe ...");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            commands[i].f(argc - 1, argv + 1);
            fflush(stdout);
            return;
        }
    }
    ovs_fatal(0, "unknown command %s", argv[1]);
}

OVSTEST_REGISTER("test-vconn", test_vconn_main);
