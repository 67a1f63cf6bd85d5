/* test-stream.c -- tests of streams (stream.h) and of the address helpers
 * under them (socket-util.h).
 *
 * "ovstest test-stream COMMAND ...", where COMMAND is:
 *
 *   parse          in-process checks of address and stream name parsing,
 *                  good and bad, IPv4 and IPv6, without network access
 *   loopback       in-process checks over real sockets: peer pid of unix
 *                  streams, ephemeral ports in pstream names, default
 *                  ports (uses the run directory and 127.0.0.1)
 *   echo-server [OPTIONS] PSTREAM
 *                  accepts connections and echoes what each sends; prints
 *                  "listening on NAME" and writes the bound port to
 *                  --port-file=FILE; after --count=N connections have
 *                  ended, prints "served N connections" and exits 0
 *                  (default: runs until killed)
 *   client [OPTIONS] STREAM MESSAGE
 *                  connects, sends MESSAGE, reads as many bytes back and
 *                  prints them with a newline; exits 1 with a message on
 *                  any failure
 *
 * OPTIONS: --timeout=SECS (default 30: every command gives up, exiting 1,
 * after that long, so a broken test cannot hang), the SSL options of every
 * program (-p, -c, -C, --bootstrap-ca-cert, --ssl-protocols,
 * --ssl-ciphers) and -v/--verbose for logging. */

#include <config.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "dirs.h"
#include "dynamic-string.h"
#include "ovstest.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(test_stream);

/* Parsing. */

/* Parses TARGET with PARSE and checks that the result formats as
 * EXPECTED ("ADDRESS:PORT"), or that it fails with EINVAL if EXPECTED is
 * NULL. */
static void
check_parse(int (*parse)(const char *, int, bool,
                         struct sockaddr_storage *, char **),
            const char *target, int default_port, const char *expected)
{
    struct sockaddr_storage ss;
    char *msg;
    int error = parse(target, default_port, false, &ss, &msg);

    if (!expected) {
        if (error != EINVAL) {
            ovstest_fail(__FILE__, __LINE__, "\"%s\" parsed but should "
                         "not have", target);
        }
        OVSTEST_CHECK(msg != NULL);
        free(msg);
        return;
    }

    if (error) {
        ovstest_fail(__FILE__, __LINE__, "\"%s\" failed to parse: %s",
                     target, msg);
    }
    OVSTEST_CHECK(msg == NULL);
    struct ds s = DS_EMPTY_INITIALIZER;
    ss_format_address_port(&ss, &s);
    OVSTEST_CHECK_STR(ds_cstr(&s), expected);
    ds_destroy(&s);
}

static void
test_parse_active(void)
{
    check_parse(inet_parse_active, "127.0.0.1:6640", 0, "127.0.0.1:6640");
    check_parse(inet_parse_active, "[::1]:6653", 0, "[::1]:6653");
    check_parse(inet_parse_active, "[fe80::1:2]:1", 0, "[fe80::1:2]:1");
    check_parse(inet_parse_active, "10.0.0.1", 6640, "10.0.0.1:6640");
    check_parse(inet_parse_active, "10.0.0.1:", 6640, "10.0.0.1:6640");
    check_parse(inet_parse_active, "[::1]", 6640, "[::1]:6640");
    check_parse(inet_parse_active, "1.2.3.4:65535", 0, "1.2.3.4:65535");
    /* Host names are syntax-checked only (no resolution). */
    check_parse(inet_parse_active, "host-1.example.com:80", 0,
                "0.0.0.0:80");

    check_parse(inet_parse_active, "10.0.0.1", 0, NULL);   /* No port. */
    check_parse(inet_parse_active, "10.0.0.1:", 0, NULL);
    check_parse(inet_parse_active, "::1:6640", 0, NULL);   /* Brackets. */
    check_parse(inet_parse_active, "[::1:6640", 0, NULL);
    check_parse(inet_parse_active, "[::1]6640", 0, NULL);
    check_parse(inet_parse_active, "[1.2.3.4]:80", 0, NULL);
    check_parse(inet_parse_active, "[nothost]:80", 0, NULL);
    check_parse(inet_parse_active, ":6640", 0, NULL);      /* No host. */
    check_parse(inet_parse_active, "1.2.3.4:0", 0, NULL);
    check_parse(inet_parse_active, "1.2.3.4:65536", 0, NULL);
    check_parse(inet_parse_active, "1.2.3.4:99999999999", 0, NULL);
    check_parse(inet_parse_active, "1.2.3.4:-1", 0, NULL);
    check_parse(inet_parse_active, "1.2.3.4:+1", 0, NULL);
    check_parse(inet_parse_active, "1.2.3.4: 80", 0, NULL);
    check_parse(inet_parse_active, "1.2.3.4:http", 0, NULL);
    check_parse(inet_parse_active, "bad host:80", 0, NULL);
    check_parse(inet_parse_active, "1.2.3.256:80", 0, NULL);
    check_parse(inet_parse_active, "", 6640, NULL);

    /* The message says what is wrong. */
    struct sockaddr_storage ss;
    char *msg;
    OVSTEST_CHECK_INT(inet_parse_active("1.2.3.4:70000", 0, false, &ss,
                                        &msg), EINVAL);
    OVSTEST_CHECK_STR(msg, "bad port number \"70000\"");
    free(msg);
    OVSTEST_CHECK_INT(inet_parse_active("::1:80", 0, false, &ss, &msg),
                      EINVAL);
    OVSTEST_CHECK(strstr(msg, "brackets") != NULL);
    free(msg);

    /* Numeric addresses resolve without a resolver. */
    OVSTEST_CHECK_INT(inet_parse_active("[::1]:5", 0, true, &ss, NULL), 0);
    OVSTEST_CHECK_INT(ss.ss_family, AF_INET6);
    OVSTEST_CHECK_INT(ss_get_port(&ss), 5);
    OVSTEST_CHECK_INT(ss_length(&ss), sizeof(struct sockaddr_in6));
}

static void
test_parse_passive(void)
{
    check_parse(inet_parse_passive, "", 0, "0.0.0.0:0");
    check_parse(inet_parse_passive, "6640", 0, "0.0.0.0:6640");
    check_parse(inet_parse_passive, "", 6640, "0.0.0.0:6640");
    check_parse(inet_parse_passive, ":127.0.0.1", 6653, "127.0.0.1:6653");
    check_parse(inet_parse_passive, "0:127.0.0.1", 6653, "127.0.0.1:0");
    check_parse(inet_parse_passive, "6640:[::1]", 0, "[::1]:6640");
    check_parse(inet_parse_passive, "6640:::1", 0, "[::1]:6640");
    check_parse(inet_parse_passive, "6640:[::]", 0, "[::]:6640");
    check_parse(inet_parse_passive, ":[::]", 0, "[::]:0");
    check_parse(inet_parse_passive, "65535:", 0, "0.0.0.0:65535");

    check_parse(inet_parse_passive, "abc", 0, NULL);
    check_parse(inet_parse_passive, "65536", 0, NULL);
    check_parse(inet_parse_passive, "-1", 0, NULL);
    check_parse(inet_parse_passive, "6640:1.2.3.4.5", 0, NULL);
    check_parse(inet_parse_passive, "6640:[::1", 0, NULL);
    check_parse(inet_parse_passive, "6640:[1.2.3.4]", 0, NULL);
    check_parse(inet_parse_passive, "6640:bad/host", 0, NULL);
}

static void
test_parse_names(void)
{
    /* Active names. */
    OVSTEST_CHECK_INT(stream_verify_name("unix:foo"), 0);
    OVSTEST_CHECK_INT(stream_verify_name("unix:/a/b"), 0);
    OVSTEST_CHECK_INT(stream_verify_name("tcp:1.2.3.4:5"), 0);
    OVSTEST_CHECK_INT(stream_verify_name("tcp:[::1]:6640"), 0);
    OVSTEST_CHECK_INT(stream_verify_name("ssl:[::1]:6640"), 0);
    OVSTEST_CHECK_INT(stream_verify_name("tcp:db.example.com:6640"), 0);
    OVSTEST_CHECK_INT(stream_verify_name("foo:bar"), EAFNOSUPPORT);
    OVSTEST_CHECK_INT(stream_verify_name("tcp"), EAFNOSUPPORT);
    OVSTEST_CHECK_INT(stream_verify_name(""), EAFNOSUPPORT);
    OVSTEST_CHECK_INT(stream_verify_name("tcpx:1.2.3.4:5"), EAFNOSUPPORT);
    OVSTEST_CHECK_INT(stream_verify_name("ptcp:6640"), EAFNOSUPPORT);
    OVSTEST_CHECK_INT(stream_verify_name("unix:"), EINVAL);
    OVSTEST_CHECK_INT(stream_verify_name("tcp:1.2.3.4"), EINVAL);
    OVSTEST_CHECK_INT(stream_verify_name("tcp:::1:80"), EINVAL);
    OVSTEST_CHECK_INT(stream_verify_name("ssl:1.2.3.4:0"), EINVAL);

    /* Passive names. */
    OVSTEST_CHECK_INT(pstream_verify_name("ptcp:"), 0);
    OVSTEST_CHECK_INT(pstream_verify_name("ptcp:6640"), 0);
    OVSTEST_CHECK_INT(pstream_verify_name("ptcp:6640:[::1]"), 0);
    OVSTEST_CHECK_INT(pstream_verify_name("pssl:0:127.0.0.1"), 0);
    OVSTEST_CHECK_INT(pstream_verify_name("punix:x.sock"), 0);
    OVSTEST_CHECK_INT(pstream_verify_name("tcp:1.2.3.4:5"), EAFNOSUPPORT);
    OVSTEST_CHECK_INT(pstream_verify_name("ptcp:x"), EINVAL);
    OVSTEST_CHECK_INT(pstream_verify_name("pssl:6640:[::1"), EINVAL);
    OVSTEST_CHECK_INT(pstream_verify_name("punix:"), EINVAL);

    /* Opening checks the same way, and leaves no stream behind. */
    struct stream *stream = (struct stream *) 1;
    OVSTEST_CHECK_INT(stream_open("tcp:1.2.3.4", &stream, 0), EINVAL);
    OVSTEST_CHECK(stream == NULL);
    stream = (struct stream *) 1;
    OVSTEST_CHECK_INT(stream_open("bogus:x", &stream, 0), EAFNOSUPPORT);
    OVSTEST_CHECK(stream == NULL);
    struct pstream *pstream = (struct pstream *) 1;
    OVSTEST_CHECK_INT(pstream_open("ptcp:99999", &pstream, 0), EINVAL);
    OVSTEST_CHECK(pstream == NULL);
    OVSTEST_CHECK_INT(stream_open("tcp:127.0.0.1:1", &stream, 64), EINVAL);

    /* Probes. */
    OVSTEST_CHECK(stream_or_pstream_needs_probes("tcp:1.2.3.4:5"));
    OVSTEST_CHECK(stream_or_pstream_needs_probes("ssl:1.2.3.4:5"));
    OVSTEST_CHECK(stream_or_pstream_needs_probes("ptcp:5"));
    OVSTEST_CHECK(stream_or_pstream_needs_probes("pssl:5"));
    OVSTEST_CHECK(!stream_or_pstream_needs_probes("unix:x"));
    OVSTEST_CHECK(!stream_or_pstream_needs_probes("punix:x"));
    OVSTEST_CHECK(!stream_or_pstream_needs_probes("bogus:x"));
}

static void
test_parse(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* The bad names above are expected to log; keep the output clean. */
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    test_parse_active();
    test_parse_passive();
    test_parse_names();
}

/* In-process tests over real sockets. */

/* Runs STREAM's connection to completion, failing the test on error. */
static void
connect_or_fail(struct stream *stream)
{
    long long deadline = time_msec() + 10000;
    int error;
    while ((error = stream_connect(stream)) == EAGAIN) {
        OVSTEST_CHECK(time_msec() < deadline);
        stream_connect_wait(stream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    OVSTEST_CHECK_INT(error, 0);
}

/* Accepts one connection on PSTREAM, failing the test on error. */
static struct stream *
accept_or_fail(struct pstream *pstream)
{
    long long deadline = time_msec() + 10000;
    struct stream *stream;
    int error;
    while ((error = pstream_accept(pstream, &stream)) == EAGAIN) {
        OVSTEST_CHECK(time_msec() < deadline);
        pstream_wait(pstream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    OVSTEST_CHECK_INT(error, 0);
    return stream;
}

static void
test_loopback_unix(void)
{
    struct pstream *pstream;
    OVSTEST_CHECK_INT(pstream_open("punix:loopback.sock", &pstream, 0), 0);
    OVSTEST_CHECK_INT(pstream_get_bound_port(pstream), 0);
    OVSTEST_CHECK_STR(pstream_get_name(pstream), "punix:loopback.sock");

    /* A relative name is in the run directory. */
    char *path = xasprintf("%s/loopback.sock", ovs_rundir());
    char *name = xasprintf("unix:%s", path);
    struct stream *client;
    OVSTEST_CHECK_INT(stream_open(name, &client, 0), 0);
    free(name);
    connect_or_fail(client);
    struct stream *server = accept_or_fail(pstream);
    OVSTEST_CHECK(!strncmp(stream_get_name(server), "unix#", 5));

    /* Both ends are this process. */
    OVSTEST_CHECK_INT(stream_get_peer_pid(server), getpid());
    OVSTEST_CHECK_INT(stream_get_peer_pid(client), getpid());

    /* Data, then EOF when the peer closes. */
    OVSTEST_CHECK_INT(stream_send(client, "ping", 4), 4);
    char buf[16];
    int retval;
    while ((retval = stream_recv(server, buf, sizeof buf)) == -EAGAIN) {
        stream_recv_wait(server);
        poll_block();
    }
    OVSTEST_CHECK_INT(retval, 4);
    OVSTEST_CHECK(!memcmp(buf, "ping", 4));
    stream_close(client);
    while ((retval = stream_recv(server, buf, sizeof buf)) == -EAGAIN) {
        stream_recv_wait(server);
        poll_block();
    }
    OVSTEST_CHECK_INT(retval, 0);
    stream_close(server);

    /* Closing the pstream removes the socket file. */
    OVSTEST_CHECK(!access(path, F_OK));
    pstream_close(pstream);
    OVSTEST_CHECK(access(path, F_OK) && errno == ENOENT);
    free(path);
}

static void
test_loopback_tcp(void)
{
    /* An ephemeral port shows up in the name. */
    struct pstream *pstream;
    OVSTEST_CHECK_INT(pstream_open("ptcp:0:127.0.0.1", &pstream, 0), 0);
    int port = pstream_get_bound_port(pstream);
    OVSTEST_CHECK(port > 0 && port < 65536);
    char *expected = xasprintf("ptcp:%d:127.0.0.1", port);
    OVSTEST_CHECK_STR(pstream_get_name(pstream), expected);
    free(expected);

    /* A name without a port gets the default one. */
    struct stream *client;
    OVSTEST_CHECK_INT(stream_open_with_default_port("tcp:127.0.0.1", port,
                                                    &client, 0), 0);
    expected = xasprintf("tcp:127.0.0.1:%d", port);
    OVSTEST_CHECK_STR(stream_get_name(client), expected);
    free(expected);
    connect_or_fail(client);
    struct stream *server = accept_or_fail(pstream);
    OVSTEST_CHECK(!strncmp(stream_get_name(server), "tcp:127.0.0.1:", 14));
    OVSTEST_CHECK_INT(stream_get_peer_pid(server), -1);
    stream_close(client);
    stream_close(server);
    pstream_close(pstream);

    /* The same for passive names (the port was just freed). */
    OVSTEST_CHECK_INT(pstream_open_with_default_port("ptcp::127.0.0.1",
                                                     port, &pstream, 0), 0);
    OVSTEST_CHECK_INT(pstream_get_bound_port(pstream), port);
    pstream_close(pstream);

    /* A DSCP is accepted on both sides. */
    OVSTEST_CHECK_INT(pstream_open("ptcp:0:127.0.0.1", &pstream, 46), 0);
    char *name = xasprintf("tcp:127.0.0.1:%d",
                           pstream_get_bound_port(pstream));
    OVSTEST_CHECK_INT(stream_open(name, &client, 46), 0);
    free(name);
    connect_or_fail(client);
    stream_close(client);
    pstream_close(pstream);
}

static void
test_loopback(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_loopback_unix();
    test_loopback_tcp();
}

/* Command-line tools. */

static long long int deadline;

static void
check_deadline(void)
{
    if (time_msec() >= deadline) {
        ovs_fatal(0, "timed out");
    }
}

/* Parses the options shared by the commands; returns the index of the
 * first non-option argument. */
static int
parse_options(int argc, char *argv[], int *count, char **port_file)
{
    enum {
        OPT_TIMEOUT = UCHAR_MAX + 1,
        OPT_COUNT,
        OPT_PORT_FILE,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"count", required_argument, NULL, OPT_COUNT},
        {"port-file", required_argument, NULL, OPT_PORT_FILE},
        STREAM_SSL_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_long_options_to_short_options(long_options);
    int timeout = 30;

    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_TIMEOUT:
            if (!str_to_int(optarg, 10, &timeout) || timeout <= 0) {
                ovs_fatal(0, "bad --timeout %s", optarg);
            }
            break;
        case OPT_COUNT:
            if (!count || !str_to_int(optarg, 10, count) || *count <= 0) {
                ovs_fatal(0, "bad or unexpected --count %s", optarg);
            }
            break;
        case OPT_PORT_FILE:
            if (!port_file) {
                ovs_fatal(0, "unexpected --port-file");
            }
            *port_file = optarg;
            break;
        STREAM_SSL_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        case '?':
            exit(2);
        default:
            abort();
        }
    }
    free(short_options);
    deadline = time_msec() + timeout * 1000LL;
    return optind;
}

struct echo_conn {
    struct stream *stream;
    char buf[4096];
    size_t ofs, len;            /* Received but not yet echoed. */
};

/* Does whatever CONN can do now.  Returns false when it has ended. */
static bool
echo_conn_run(struct echo_conn *conn)
{
    stream_run(conn->stream);
    for (;;) {
        if (conn->len) {
            int retval = stream_send(conn->stream, conn->buf + conn->ofs,
                                     conn->len);
            if (retval == -EAGAIN) {
                return true;
            } else if (retval < 0) {
                VLOG_WARN("%s: send failed (%s)",
                          stream_get_name(conn->stream),
                          ovs_strerror(-retval));
                return false;
            }
            conn->ofs += retval;
            conn->len -= retval;
        } else {
            int retval = stream_recv(conn->stream, conn->buf,
                                     sizeof conn->buf);
            if (retval == -EAGAIN) {
                return true;
            } else if (retval <= 0) {
                if (retval < 0) {
                    VLOG_WARN("%s: receive failed (%s)",
                              stream_get_name(conn->stream),
                              ovs_strerror(-retval));
                }
                return false;
            }
            conn->ofs = 0;
            conn->len = retval;
        }
    }
}

static void
echo_server(int argc, char *argv[])
{
    int count = 0;
    char *port_file = NULL;
    int i = parse_options(argc, argv, &count, &port_file);
    if (argc - i != 1) {
        ovs_fatal(0, "usage: echo-server [OPTIONS] PSTREAM");
    }

    struct pstream *pstream;
    int error = pstream_open(argv[i], &pstream, 0);
    if (error) {
        ovs_fatal(error, "%s: listen failed", argv[i]);
    }
    printf("listening on %s\n", pstream_get_name(pstream));
    fflush(stdout);
    if (port_file) {
        /* Written whole under another name, then renamed, so that a
         * reader never sees a partial file. */
        char *tmp = xasprintf("%s.tmp", port_file);
        FILE *file = fopen(tmp, "w");
        if (!file || fprintf(file, "%d\n", pstream_get_bound_port(pstream))
            < 0 || fclose(file) || rename(tmp, port_file)) {
            ovs_fatal(errno, "%s: could not write", port_file);
        }
        free(tmp);
    }

    struct echo_conn *conns = NULL;
    size_t n_conns = 0, allocated = 0;
    int n_done = 0;
    while (!count || n_done < count) {
        check_deadline();

        struct stream *stream;
        while (!pstream_accept(pstream, &stream)) {
            if (n_conns >= allocated) {
                conns = x2nrealloc(conns, &allocated, sizeof *conns);
            }
            conns[n_conns++] = (struct echo_conn) { .stream = stream };
        }

        for (size_t j = 0; j < n_conns; ) {
            if (echo_conn_run(&conns[j])) {
                j++;
            } else {
                stream_close(conns[j].stream);
                conns[j] = conns[--n_conns];
                n_done++;
            }
        }

        pstream_wait(pstream);
        for (size_t j = 0; j < n_conns; j++) {
            stream_run_wait(conns[j].stream);
            if (conns[j].len) {
                stream_send_wait(conns[j].stream);
            } else {
                stream_recv_wait(conns[j].stream);
            }
        }
        poll_timer_wait_until(deadline);
        if (!count || n_done < count) {
            poll_block();
        }
    }

    for (size_t j = 0; j < n_conns; j++) {
        stream_close(conns[j].stream);
    }
    free(conns);
    pstream_close(pstream);
    printf("served %d connections\n", n_done);
}

static void
client(int argc, char *argv[])
{
    int i = parse_options(argc, argv, NULL, NULL);
    if (argc - i != 2) {
        ovs_fatal(0, "usage: client [OPTIONS] STREAM MESSAGE");
    }
    const char *name = argv[i];
    const char *message = argv[i + 1];
    size_t len = strlen(message);

    struct stream *stream;
    int error = stream_open_block(stream_open(name, &stream, 0),
                                  deadline - time_msec(), &stream);
    if (error) {
        ovs_fatal(error, "%s: connect failed", name);
    }

    size_t sent = 0;
    struct ds received = DS_EMPTY_INITIALIZER;
    while (received.length < len) {
        check_deadline();
        stream_run(stream);
        if (sent < len) {
            int retval = stream_send(stream, message + sent, len - sent);
            if (retval < 0 && retval != -EAGAIN) {
                ovs_fatal(-retval, "%s: send failed", name);
            }
            sent += MAX(retval, 0);
        }

        char buf[4096];
        int retval = stream_recv(stream, buf, sizeof buf);
        if (retval > 0) {
            ds_put_buffer(&received, buf, retval);
            continue;
        } else if (retval == 0) {
            ovs_fatal(0, "%s: connection closed by peer after %zu "
                      "bytes", name, received.length);
        } else if (retval != -EAGAIN) {
            ovs_fatal(-retval, "%s: receive failed", name);
        }

        stream_run_wait(stream);
        stream_recv_wait(stream);
        if (sent < len) {
            stream_send_wait(stream);
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
    printf("%s\n", ds_cstr(&received));
    ds_destroy(&received);
    stream_close(stream);
}

static void
test_stream_main(int argc, char *argv[])
{
    static const struct {
        const char *name;
        void (*function)(int argc, char *argv[]);
    } commands[] = {
        {"parse", test_parse},
        {"loopback", test_loopback},
        {"echo-server", echo_server},
        {"client", client},
    };

    if (argc < 2) {
        ovs_fatal(0, "usage: test-stream parse|loopback|echo-server|client "
                  "...");
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            commands[i].function(argc - 1, argv + 1);
            return;
        }
    }
    ovs_fatal(0, "%s: unknown command", argv[1]);
}

OVSTEST_REGISTER("test-stream", test_stream_main);
