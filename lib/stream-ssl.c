/* stream-ssl.c -- the ssl and pssl stream providers (stream-provider.h):
 * TLS 1.2 and later over a tcp socket, with OpenSSL.
 *
 * Configuration.  The private key, certificate and CA certificate are
 * process-wide (stream.h says why).  The stream_ssl_set_*() functions only
 * record file names; the first ssl stream opened after a change builds a
 * fresh SSL_CTX from all of them (ssl_rebuild()).  Building it whole, in a
 * fixed order, avoids the traps of changing a live SSL_CTX piecemeal (a
 * new certificate silently drops a key that does not match it, a new CA
 * file cannot remove old trust).  Streams already open keep the SSL_CTX
 * they were made with: OpenSSL counts references.  All of this is for the
 * main thread only.
 *
 * Trust.  Both ends must present a certificate, and each verifies the
 * other's against the CA certificate file.  A server also sends the CA
 * certificate(s) from that file along with its own certificate, so that a
 * client can bootstrap: a client given --bootstrap-ca-cert=FILE when FILE
 * does not exist yet accepts the first server's chain without checking it
 * against anything, checks only that the chain ends in a self-signed
 * certificate that vouches for the rest, saves that certificate to FILE
 * and from then on verifies every peer against it ("trust on first use").
 * The server name is not checked against the certificate: trust comes
 * from the CA alone.
 *
 * I/O.  Everything is nonblocking; the handshake runs from stream_connect()
 * (stream.c's state machine) in two steps, tcp connect then TLS handshake.
 * OpenSSL requires a write that returned WANT_READ/WANT_WRITE to be
 * retried with the same data, which a caller of stream_send() need not do,
 * so such data is copied into 'txbuf' and reported as sent; ssl_run()
 * finishes it, and stream_send() returns -EAGAIN until it has.  Data that
 * OpenSSL has already decrypted but not handed over (SSL_pending()) makes
 * recv_wait wake at once: the socket will not become readable for it. */

#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "coverage.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "stream-provider.h"
#include "stream.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(stream_ssl);

COVERAGE_DEFINE(ssl_handshake_failed);
COVERAGE_DEFINE(ssl_ca_cert_bootstrapped);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* How much one stream_send() takes at most: a few TLS records. */
#define SSL_SEND_CHUNK (4 * 16384)

/* Configuration: what the stream_ssl_set_*() functions recorded. */
static char *private_key_file;
static char *certificate_file;
static char *ca_cert_file;
static bool bootstrap_ca_cert;   /* --bootstrap-ca-cert rather than -C. */
static char *ssl_protocols;
static char *ssl_ciphers;
static bool config_changed = true;

/* What ssl_rebuild() made of it. */
static SSL_CTX *ctx;
static bool key_ok, cert_ok, ca_ok;
static bool ca_bootstrapping;   /* CA file absent, bootstrap allowed. */

/* Replaces *VARP by a copy of VALUE, unless VALUE is NULL or unchanged. */
static void
set_config_string(char **varp, const char *value)
{
    if (value && (!*varp || strcmp(*varp, value))) {
        free(*varp);
        *varp = xstrdup(value);
        config_changed = true;
    }
}

void
stream_ssl_set_private_key_file(const char *file_name)
{
    set_config_string(&private_key_file, file_name);
}

void
stream_ssl_set_certificate_file(const char *file_name)
{
    set_config_string(&certificate_file, file_name);
}

void
stream_ssl_set_ca_cert_file(const char *file_name, bool bootstrap)
{
    set_config_string(&ca_cert_file, file_name);
    if (file_name && bootstrap != bootstrap_ca_cert) {
        bootstrap_ca_cert = bootstrap;
        config_changed = true;
    }
}

void
stream_ssl_set_key_and_cert(const char *private_key, const char *certificate)
{
    set_config_string(&private_key_file, private_key);
    set_config_string(&certificate_file, certificate);
}

void
stream_ssl_set_protocols(const char *protocols)
{
    set_config_string(&ssl_protocols, protocols);
}

void
stream_ssl_set_ciphers(const char *ciphers)
{
    set_config_string(&ssl_ciphers, ciphers);
}

bool
stream_ssl_is_configured(void)
{
    return private_key_file || certificate_file || ca_cert_file;
}

/* Appends the reasons of the errors queued in OpenSSL to S (emptying the
 * queue), separated by "; ". */
static void
put_openssl_errors(struct ds *s)
{
    unsigned long e;
    bool first = true;

    while ((e = ERR_get_error()) != 0) {
        const char *reason = ERR_reason_error_string(e);
        char buf[256];
        if (!reason) {
            ERR_error_string_n(e, buf, sizeof buf);
            reason = buf;
        }
        ds_put_format(s, "%s%s", first ? "" : "; ", reason);
        first = false;
    }
    if (first) {
        ds_put_cstr(s, "unknown error");
    }
}

/* Logs at ERR the failure of loading FILE_NAME (a WHAT), then the queued
 * OpenSSL errors if ERROR is 0, else ERROR's text. */
static void
log_load_error(const char *what, const char *file_name, int error)
{
    struct ds reason = DS_EMPTY_INITIALIZER;
    if (error) {
        ds_put_cstr(&reason, ovs_strerror(error));
    } else {
        put_openssl_errors(&reason);
    }
    VLOG_ERR("could not load %s from \"%s\" (%s)", what, file_name,
             ds_cstr(&reason));
    ds_destroy(&reason);
}

/* Reads every PEM certificate in FILE_NAME into a new stack.  Returns 0
 * or a positive errno value (EPROTO if there is no certificate), logging
 * the failure as one about a WHAT. */
static int
read_certs(const char *file_name, const char *what, STACK_OF(X509) **certsp)
{
    *certsp = NULL;
    FILE *file = fopen(file_name, "r");
    if (!file) {
        int error = errno;
        log_load_error(what, file_name, error);
        return error;
    }

    STACK_OF(X509) *certs = sk_X509_new_null();
    X509 *cert;
    ERR_clear_error();
    while ((cert = PEM_read_X509(file, NULL, NULL, NULL)) != NULL) {
        sk_X509_push(certs, cert);
    }
    fclose(file);

    /* Reading stops with a "no start line" error at the end of the file;
     * anything else is a real problem. */
    unsigned long e = ERR_peek_last_error();
    if (!sk_X509_num(certs)
        || (e && ERR_GET_REASON(e) != PEM_R_NO_START_LINE)) {
        if (!sk_X509_num(certs)) {
            VLOG_ERR("could not load %s from \"%s\" (no PEM certificate "
                     "found)", what, file_name);
            ERR_clear_error();
        } else {
            log_load_error(what, file_name, 0);
        }
        sk_X509_pop_free(certs, X509_free);
        return EPROTO;
    }
    ERR_clear_error();
    *certsp = certs;
    return 0;
}

static bool
load_private_key(SSL_CTX *new_ctx)
{
    FILE *file = fopen(private_key_file, "r");
    if (!file) {
        log_load_error("private key", private_key_file, errno);
        return false;
    }
    ERR_clear_error();
    EVP_PKEY *key = PEM_read_PrivateKey(file, NULL, NULL, NULL);
    fclose(file);
    if (!key || !SSL_CTX_use_PrivateKey(new_ctx, key)) {
        log_load_error("private key", private_key_file, 0);
        EVP_PKEY_free(key);
        return false;
    }
    EVP_PKEY_free(key);
    return true;
}

/* Loads the certificate file: our certificate first, then any chain. */
static bool
load_certificate(SSL_CTX *new_ctx)
{
    STACK_OF(X509) *certs;
    if (read_certs(certificate_file, "certificate", &certs)) {
        return false;
    }

    bool ok = SSL_CTX_use_certificate(new_ctx, sk_X509_value(certs, 0));
    for (int i = 1; ok && i < sk_X509_num(certs); i++) {
        ok = SSL_CTX_add1_chain_cert(new_ctx, sk_X509_value(certs, i));
    }
    if (!ok) {
        log_load_error("certificate", certificate_file, 0);
    }
    sk_X509_pop_free(certs, X509_free);
    return ok;
}

/* Returns true if CERT is our own certificate or already in its chain. */
static bool
is_in_own_chain(SSL_CTX *new_ctx, X509 *cert)
{
    X509 *own = SSL_CTX_get0_certificate(new_ctx);
    if (own && !X509_cmp(own, cert)) {
        return true;
    }

    STACK_OF(X509) *chain = NULL;
    SSL_CTX_get0_chain_certs(new_ctx, &chain);
    for (int i = 0; chain && i < sk_X509_num(chain); i++) {
        if (!X509_cmp(sk_X509_value(chain, i), cert)) {
            return true;
        }
    }
    return false;
}

/* Loads the CA certificate file as the only trust anchors, as the list of
 * CAs a server asks clients for, and, for bootstrapping clients, as part of
 * the chain we send. */
static bool
load_ca_cert(SSL_CTX *new_ctx)
{
    struct stat st;
    if (bootstrap_ca_cert && stat(ca_cert_file, &st) && errno == ENOENT) {
        VLOG_INFO("CA certificate file \"%s\" does not exist yet: the "
                  "first ssl: connection will bootstrap it", ca_cert_file);
        ca_bootstrapping = true;
        return false;
    }

    STACK_OF(X509) *certs;
    if (read_certs(ca_cert_file, "CA certificate", &certs)) {
        return false;
    }

    X509_STORE *store = SSL_CTX_get_cert_store(new_ctx);
    bool ok = true;
    for (int i = 0; ok && i < sk_X509_num(certs); i++) {
        X509 *cert = sk_X509_value(certs, i);
        ok = (X509_STORE_add_cert(store, cert)
              && SSL_CTX_add_client_CA(new_ctx, cert));
        if (ok && SSL_CTX_get0_certificate(new_ctx)
            && !is_in_own_chain(new_ctx, cert)) {
            ok = SSL_CTX_add1_chain_cert(new_ctx, cert);
        }
    }
    if (!ok) {
        log_load_error("CA certificate", ca_cert_file, 0);
    }
    sk_X509_pop_free(certs, X509_free);
    return ok;
}

/* Parses ssl_protocols ("TLSv1.2,TLSv1.3", commas or spaces) and sets the
 * range of versions in NEW_CTX.  Older protocols are refused. */
static void
set_protocols(SSL_CTX *new_ctx)
{
    int min = 0, max = 0;
    char *copy = xstrdup(ssl_protocols);
    char *save = NULL;

    for (char *word = strtok_r(copy, ", \t", &save); word;
         word = strtok_r(NULL, ", \t", &save)) {
        int version;
        if (!strcmp(word, "TLSv1.2")) {
            version = TLS1_2_VERSION;
        } else if (!strcmp(word, "TLSv1.3")) {
            version = TLS1_3_VERSION;
        } else {
            VLOG_ERR("%s: unknown or unsupported SSL protocol (only "
                     "TLSv1.2 and TLSv1.3 are supported)", word);
            continue;
        }
        min = !min || version < min ? version : min;
        max = version > max ? version : max;
    }
    free(copy);

    if (!min) {
        VLOG_ERR("no usable protocol in \"%s\", using the default",
                 ssl_protocols);
        return;
    }
    SSL_CTX_set_min_proto_version(new_ctx, min);
    SSL_CTX_set_max_proto_version(new_ctx, max);
}

/* Makes 'ctx' reflect the configuration, if it changed. */
static void
ssl_rebuild(void)
{
    static bool inited;
    if (!inited) {
        inited = true;
        OPENSSL_init_ssl(0, NULL);
        /* OpenSSL writes to the socket with write(), so a peer that has
         * gone away would raise SIGPIPE. */
        fatal_ignore_sigpipe();
    }

    if (!config_changed) {
        return;
    }
    config_changed = false;

    SSL_CTX *new_ctx = SSL_CTX_new(TLS_method());
    if (!new_ctx) {
        struct ds s = DS_EMPTY_INITIALIZER;
        put_openssl_errors(&s);
        VLOG_ERR("SSL_CTX_new failed (%s)", ds_cstr(&s));
        ds_destroy(&s);
        config_changed = true;      /* Try again next time. */
        return;
    }
    SSL_CTX_set_min_proto_version(new_ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(new_ctx, SSL_OP_NO_RENEGOTIATION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    /* A peer that closes without close_notify reads as end of stream,
     * as with tcp: our protocols frame their own messages. */
    SSL_CTX_set_options(new_ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
    SSL_CTX_set_mode(new_ctx, (SSL_MODE_ENABLE_PARTIAL_WRITE
                               | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER));
    SSL_CTX_set_session_cache_mode(new_ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(new_ctx, 0);
    SSL_CTX_set_verify(new_ctx,
                       SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       NULL);
    if (ssl_protocols) {
        set_protocols(new_ctx);
    }
    if (ssl_ciphers && !SSL_CTX_set_cipher_list(new_ctx, ssl_ciphers)) {
        struct ds s = DS_EMPTY_INITIALIZER;
        put_openssl_errors(&s);
        VLOG_ERR("%s: bad SSL cipher list (%s), using the default",
                 ssl_ciphers, ds_cstr(&s));
        ds_destroy(&s);
    }

    /* Order matters: the key and certificate before the CA, which may add
     * to the certificate's chain. */
    key_ok = private_key_file && load_private_key(new_ctx);
    cert_ok = certificate_file && load_certificate(new_ctx);
    if (key_ok && cert_ok && !SSL_CTX_check_private_key(new_ctx)) {
        VLOG_ERR("private key \"%s\" does not match certificate \"%s\"",
                 private_key_file, certificate_file);
        ERR_clear_error();
        key_ok = cert_ok = false;
    }
    ca_bootstrapping = false;
    ca_ok = ca_cert_file && load_ca_cert(new_ctx);

    SSL_CTX_free(ctx);
    ctx = new_ctx;
}

/* Checks that SSL is usable for NAME (IS_SERVER: for a pssl: listener or
 * its connections).  Returns 0 or ENOPROTOOPT, logging why. */
static int
ssl_check_configured(const char *name, bool is_server)
{
    /* Another process (or another run of ours) may have bootstrapped. */
    if (ca_bootstrapping && !access(ca_cert_file, F_OK)) {
        config_changed = true;
    }
    ssl_rebuild();

    const char *problem = NULL;
    if (!ctx) {
        problem = "SSL could not be initialized";
    } else if (!private_key_file) {
        problem = "private key must be configured to use SSL";
    } else if (!key_ok) {
        problem = "private key could not be loaded (see above)";
    } else if (!certificate_file) {
        problem = "certificate must be configured to use SSL";
    } else if (!cert_ok) {
        problem = "certificate could not be loaded (see above)";
    } else if (!ca_cert_file) {
        problem = "CA certificate must be configured to use SSL";
    } else if (ca_bootstrapping && is_server) {
        problem = "CA certificate file does not exist (bootstrapping "
                  "applies to ssl: clients only)";
    } else if (!ca_ok && !ca_bootstrapping) {
        problem = "CA certificate could not be loaded (see above)";
    }
    if (problem) {
        VLOG_WARN_RL(&rl, "%s: %s", name, problem);
        return ENOPROTOOPT;
    }
    return 0;
}

/* Active ssl streams. */

enum ssl_state {
    STATE_TCP_CONNECTING,
    STATE_SSL_CONNECTING
};

struct ssl_stream {
    struct stream up;
    enum ssl_state state;
    bool is_server;
    bool bootstrapping;         /* Must save the peer's CA when done. */
    int fd;
    SSL *ssl;

    /* What the last handshake step, SSL_read() and pending SSL_write()
     * wait for: SSL_ERROR_WANT_READ or SSL_ERROR_WANT_WRITE. */
    int handshake_want;
    int rx_want;
    int tx_want;

    /* Output accepted by ssl_send() that SSL_write() has yet to take. */
    uint8_t *txbuf;
    size_t tx_ofs, tx_len;
    int tx_error;               /* Positive errno once writing failed. */
};

static struct ssl_stream *
ssl_stream_cast(const struct stream *stream)
{
    return CONTAINER_OF(stream, struct ssl_stream, up);
}

/* Creates a stream named NAME over FD (which it owns from now on), in
 * STATE.  Returns 0 or a positive errno value. */
static int
new_ssl_stream(const char *name, int fd, bool is_server,
               enum ssl_state state, struct stream **streamp)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl || !SSL_set_fd(ssl, fd)) {
        struct ds s = DS_EMPTY_INITIALIZER;
        put_openssl_errors(&s);
        VLOG_ERR_RL(&rl, "%s: could not set up SSL (%s)", name,
                    ds_cstr(&s));
        ds_destroy(&s);
        SSL_free(ssl);
        close(fd);
        return ENOPROTOOPT;
    }

    struct ssl_stream *s = xzalloc(sizeof *s);
    stream_init(&s->up, &ssl_stream_class, EAGAIN, name);
    s->state = state;
    s->is_server = is_server;
    s->fd = fd;
    s->ssl = ssl;
    s->handshake_want = SSL_ERROR_WANT_WRITE;
    s->rx_want = s->tx_want = SSL_ERROR_WANT_READ;
    if (is_server) {
        SSL_set_accept_state(ssl);
    } else {
        SSL_set_connect_state(ssl);
        if (ca_bootstrapping) {
            /* The chain is checked by hand in do_ca_cert_bootstrap(). */
            s->bootstrapping = true;
            SSL_set_verify(ssl, SSL_VERIFY_NONE, NULL);
        }
    }
    *streamp = &s->up;
    return 0;
}

/* Turns the failure of an SSL call (its return value RET) on S, named in
 * logs as FUNCTION, into a positive errno value or EOF, logging it unless
 * it is an orderly end of stream.  Must be called right after the call,
 * with an error queue cleared before it. */
static int
interpret_ssl_error(struct ssl_stream *s, const char *function, int ret)
{
    int ssl_error = SSL_get_error(s->ssl, ret);
    int error;

    switch (ssl_error) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        return EAGAIN;

    case SSL_ERROR_ZERO_RETURN:
        return EOF;

    case SSL_ERROR_SYSCALL:
        if (!ERR_peek_error()) {
            error = errno;
            if (ret == 0 || !error) {
                /* The peer closed the connection without close_notify
                 * (OpenSSL 1.1 reports it this way). */
                return EOF;
            }
            VLOG_WARN_RL(&rl, "%s: %s failed (%s)", s->up.name, function,
                         ovs_strerror(error));
            return error;
        }
        /* Fall through. */
    default: {
        struct ds reason = DS_EMPTY_INITIALIZER;
        long verify = SSL_get_verify_result(s->ssl);

        put_openssl_errors(&reason);
        if (verify != X509_V_OK) {
            ds_put_format(&reason, " (peer certificate: %s)",
                          X509_verify_cert_error_string(verify));
        }
        VLOG_WARN_RL(&rl, "%s: %s failed: %s", s->up.name, function,
                     ds_cstr(&reason));
        ds_destroy(&reason);
        return EPROTO;
    }
    }
}

/* Formats CERT's subject and SHA-256 fingerprint into S. */
static void
put_cert_description(struct ds *s, X509 *cert)
{
    char subject[512];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    ds_put_format(s, "subject \"%s\", SHA-256 fingerprint ", subject);
    if (X509_digest(cert, EVP_sha256(), md, &md_len)) {
        for (unsigned int i = 0; i < md_len; i++) {
            ds_put_format(s, "%s%02X", i ? ":" : "", md[i]);
        }
    } else {
        ds_put_cstr(s, "unknown");
    }
}

/* Writes CERT to the CA certificate file, which must not exist.  Writes a
 * temporary file and links it into place, so that a reader never sees a
 * half-written file and two processes bootstrapping at once do not
 * clobber each other (the loser keeps the winner's file).  Returns 0 or a
 * positive errno value. */
static int
save_ca_cert(X509 *cert)
{
    char *tmp = xasprintf("%s.tmpXXXXXX", ca_cert_file);
    int error = 0;

    int fd = mkstemp(tmp);
    FILE *file = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!file) {
        error = errno;
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        VLOG_ERR("could not create \"%s\" (%s)", tmp, ovs_strerror(error));
        free(tmp);
        return error;
    }

    fchmod(fd, 0644);
    if (!PEM_write_X509(file, cert) || fflush(file) || fsync(fd)) {
        error = errno ? errno : EIO;
    }
    if (fclose(file) && !error) {
        error = errno;
    }
    if (!error && link(tmp, ca_cert_file)) {
        error = errno;
        if (error == EEXIST) {
            VLOG_INFO("\"%s\" appeared while bootstrapping: keeping it",
                      ca_cert_file);
            error = 0;
        }
    }
    if (error) {
        VLOG_ERR("could not save CA certificate to \"%s\" (%s)",
                 ca_cert_file, ovs_strerror(error));
    }
    unlink(tmp);
    free(tmp);
    return error;
}

/* Called when the handshake of a bootstrapping client completes: takes
 * the self-signed certificate at the top of the peer's chain as the CA,
 * checks that it really vouches for the peer, and saves it.  Returns 0 or
 * EPROTO. */
static int
do_ca_cert_bootstrap(struct ssl_stream *s)
{
    /* On the client side the chain includes the peer's own certificate
     * first. */
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(s->ssl);
    if (!chain || !sk_X509_num(chain)) {
        VLOG_ERR("%s: cannot bootstrap CA certificate: peer sent no "
                 "certificate", s->up.name);
        return EPROTO;
    }
    X509 *leaf = sk_X509_value(chain, 0);
    X509 *top = sk_X509_value(chain, sk_X509_num(chain) - 1);
    if (X509_check_issued(top, top) != X509_V_OK) {
        char issuer[512];
        X509_NAME_oneline(X509_get_issuer_name(top), issuer, sizeof issuer);
        VLOG_ERR("%s: cannot bootstrap CA certificate: the peer's chain "
                 "ends in a certificate issued by \"%s\", not in a "
                 "self-signed CA certificate (configure the peer with its "
                 "CA certificate so that it sends it)", s->up.name, issuer);
        return EPROTO;
    }

    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *vctx = X509_STORE_CTX_new();
    int ok = (store && vctx && X509_STORE_add_cert(store, top)
              && X509_STORE_CTX_init(vctx, store, leaf, chain)
              && X509_verify_cert(vctx) == 1);
    if (!ok) {
        int verror = vctx ? X509_STORE_CTX_get_error(vctx) : 0;
        VLOG_ERR("%s: cannot bootstrap CA certificate: peer's chain does "
                 "not verify (%s)", s->up.name,
                 X509_verify_cert_error_string(verror));
    }
    X509_STORE_CTX_free(vctx);
    X509_STORE_free(store);
    ERR_clear_error();
    if (!ok) {
        return EPROTO;
    }

    if (save_ca_cert(top)) {
        return EPROTO;
    }
    COVERAGE_INC(ssl_ca_cert_bootstrapped);

    struct ds desc = DS_EMPTY_INITIALIZER;
    put_cert_description(&desc, top);
    VLOG_INFO("%s: trusting CA certificate from peer (%s), saved to \"%s\"",
              s->up.name, ds_cstr(&desc), ca_cert_file);
    ds_destroy(&desc);

    /* The next connection loads the file and verifies against it. */
    s->bootstrapping = false;
    config_changed = true;
    return 0;
}

static int
ssl_connect(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    if (s->state == STATE_TCP_CONNECTING) {
        int error = check_connection_completion(s->fd);
        if (error) {
            return error;
        }
        s->state = STATE_SSL_CONNECTING;
    }

    ERR_clear_error();
    int ret = s->is_server ? SSL_accept(s->ssl) : SSL_connect(s->ssl);
    if (ret != 1) {
        int ssl_error = SSL_get_error(s->ssl, ret);
        if (ssl_error == SSL_ERROR_WANT_READ
            || ssl_error == SSL_ERROR_WANT_WRITE) {
            s->handshake_want = ssl_error;
            return EAGAIN;
        }
        COVERAGE_INC(ssl_handshake_failed);
        int error = interpret_ssl_error(s, s->is_server ? "SSL accept"
                                        : "SSL connect", ret);
        return error == EOF || error == EAGAIN ? EPROTO : error;
    }

    if (s->bootstrapping) {
        int error = do_ca_cert_bootstrap(s);
        if (error) {
            return error;
        }
    }
    VLOG_DBG("%s: SSL handshake done (%s, %s)", stream->name,
             SSL_get_version(s->ssl), SSL_get_cipher_name(s->ssl));
    return 0;
}

/* Tries to hand buffered output to SSL_write().  Sets 'tx_error' on
 * failure. */
static void
ssl_flush(struct ssl_stream *s)
{
    while (s->tx_len && !s->tx_error) {
        ERR_clear_error();
        int ret = SSL_write(s->ssl, s->txbuf + s->tx_ofs, s->tx_len);
        if (ret > 0) {
            s->tx_ofs += ret;
            s->tx_len -= ret;
            continue;
        }

        int ssl_error = SSL_get_error(s->ssl, ret);
        if (ssl_error == SSL_ERROR_WANT_READ
            || ssl_error == SSL_ERROR_WANT_WRITE) {
            /* OpenSSL requires the same buffer for the retry, which is
             * what we will pass. */
            s->tx_want = ssl_error;
            return;
        }
        int error = interpret_ssl_error(s, "SSL_write", ret);
        s->tx_error = error == EOF ? EPIPE : error;
    }
    if (!s->tx_len) {
        free(s->txbuf);
        s->txbuf = NULL;
        s->tx_ofs = 0;
    }
}

static ssize_t
ssl_send(struct stream *stream, const void *buffer, size_t n)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    if (s->tx_len) {
        ssl_flush(s);
        if (s->tx_len && !s->tx_error) {
            return -EAGAIN;
        }
    }
    if (s->tx_error) {
        return -s->tx_error;
    }

    n = MIN(n, SSL_SEND_CHUNK);
    s->txbuf = xmemdup(buffer, n);
    s->tx_ofs = 0;
    s->tx_len = n;
    ssl_flush(s);
    return s->tx_error ? -s->tx_error : (ssize_t) n;
}

static ssize_t
ssl_recv(struct stream *stream, void *buffer, size_t n)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    ERR_clear_error();
    int ret = SSL_read(s->ssl, buffer, MIN(n, INT_MAX));
    if (ret > 0) {
        return ret;
    }

    int ssl_error = SSL_get_error(s->ssl, ret);
    if (ssl_error == SSL_ERROR_WANT_READ
        || ssl_error == SSL_ERROR_WANT_WRITE) {
        s->rx_want = ssl_error;
        return -EAGAIN;
    }
    int error = interpret_ssl_error(s, "SSL_read", ret);
    return error == EOF ? 0 : -error;
}

static void
ssl_run(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    if (s->tx_len) {
        ssl_flush(s);
    }
}

/* Registers a wake-up for when an SSL call that wanted WANT can go on. */
static void
ssl_want_wait(const struct ssl_stream *s, int want)
{
    poll_fd_wait(s->fd, want == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN);
}

static void
ssl_run_wait(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    if (s->tx_len && !s->tx_error) {
        ssl_want_wait(s, s->tx_want);
    }
}

static void
ssl_wait(struct stream *stream, enum stream_wait_type wait)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    switch (wait) {
    case STREAM_CONNECT:
        if (s->state == STATE_TCP_CONNECTING) {
            poll_fd_wait(s->fd, POLLOUT);
        } else {
            ssl_want_wait(s, s->handshake_want);
        }
        break;

    case STREAM_RECV:
        if (SSL_pending(s->ssl) > 0) {
            poll_immediate_wake();
        } else {
            ssl_want_wait(s, s->rx_want);
        }
        break;

    case STREAM_SEND:
        if (!s->tx_len || s->tx_error) {
            poll_immediate_wake();
        } else {
            ssl_want_wait(s, s->tx_want);
        }
        break;
    }
}

static void
ssl_close(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    /* Best effort: finish what was sent and say goodbye, without
     * waiting for anything. */
    if (stream->state == SCS_CONNECTED && !s->tx_error) {
        ssl_flush(s);
        ERR_clear_error();
        SSL_shutdown(s->ssl);
    }
    ERR_clear_error();
    SSL_free(s->ssl);
    close(s->fd);
    free(s->txbuf);
    stream_destroy_base(stream);
    free(s);
}

static int
ssl_open(const char *name, char *suffix, struct stream **streamp,
         uint8_t dscp)
{
    int error = ssl_check_configured(name, false);
    if (error) {
        return error;
    }

    int fd;
    error = stream_inet_open(name, suffix, dscp, &fd);
    if (error && error != EAGAIN) {
        return error;
    }
    return new_ssl_stream(name, fd, false,
                          (error == EAGAIN ? STATE_TCP_CONNECTING
                           : STATE_SSL_CONNECTING),
                          streamp);
}

const struct stream_class ssl_stream_class = {
    .name = "ssl",
    .needs_probes = true,
    .verify = stream_verify_inet_active,
    .open = ssl_open,
    .close = ssl_close,
    .connect = ssl_connect,
    .recv = ssl_recv,
    .send = ssl_send,
    .run = ssl_run,
    .run_wait = ssl_run_wait,
    .wait = ssl_wait,
};

/* Passive ssl streams. */

struct pssl_pstream {
    struct pstream up;
    int fd;
};

static struct pssl_pstream *
pssl_pstream_cast(const struct pstream *pstream)
{
    return CONTAINER_OF(pstream, struct pssl_pstream, up);
}

static int
pssl_listen(const char *name, char *suffix, struct pstream **pstreamp,
            uint8_t dscp)
{
    int error = ssl_check_configured(name, true);
    if (error) {
        return error;
    }

    int port;
    int fd = pstream_inet_listen(name, suffix, dscp, &port);
    if (fd < 0) {
        return -fd;
    }

    struct pssl_pstream *ps = xmalloc(sizeof *ps);
    pstream_init(&ps->up, &pssl_pstream_class, name);
    pstream_set_bound_port(&ps->up, port);
    ps->fd = fd;
    *pstreamp = &ps->up;
    return 0;
}

static void
pssl_close(struct pstream *pstream)
{
    struct pssl_pstream *ps = pssl_pstream_cast(pstream);
    close(ps->fd);
    pstream_destroy_base(pstream);
    free(ps);
}

static int
pssl_accept(struct pstream *pstream, struct stream **streamp)
{
    char *peer;
    int fd = pstream_accept_fd(pssl_pstream_cast(pstream)->fd, &peer);
    if (fd < 0) {
        return -fd;
    }

    char *name = xasprintf("ssl:%s", peer ? peer : "?");
    free(peer);

    /* The configuration may have changed since we started listening. */
    int error = ssl_check_configured(name, true);
    if (error) {
        close(fd);
    } else {
        error = new_ssl_stream(name, fd, true, STATE_SSL_CONNECTING,
                               streamp);
    }
    free(name);
    return error;
}

static void
pssl_wait(struct pstream *pstream)
{
    poll_fd_wait(pssl_pstream_cast(pstream)->fd, POLLIN);
}

const struct pstream_class pssl_pstream_class = {
    .name = "pssl",
    .needs_probes = true,
    .verify = pstream_verify_inet_passive,
    .listen = pssl_listen,
    .close = pssl_close,
    .accept = pssl_accept,
    .wait = pssl_wait,
};
