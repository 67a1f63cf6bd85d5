/* ovsdb-log.c -- record framing, checking and locking for OVSDB files.
 *
 * See ovsdb-log.h for the format and the rules.  How it works:
 *
 * Reading goes through a small read-ahead window over the file descriptor
 * ('buf' holds the bytes at [buf_ofs, buf_ofs + buf_len)), so that a log of
 * many small records costs few system calls.  Each record is checked in
 * full (header syntax, length, SHA-1, JSON) before it is returned.  When a
 * record is bad, read_bad_record() decides between a torn tail and
 * corruption by looking for a complete, valid record anywhere after the
 * bad one's start: a crash while appending can leave garbage at the end of
 * the file but cannot produce a good record behind it.
 *
 * Writing frames the record in memory and hands it to the kernel with one
 * pwrite() at the end of the log (looping only on a short write), so a
 * crash leaves at most one
 * torn record, at the end, which the next open drops.  A failed write is
 * undone with ftruncate() so that later records never follow a torn one.
 *
 * SHA-1 comes from OpenSSL.  With OpenSSL 3, naming the algorithm through
 * EVP_sha1() makes every digest look the implementation up again, which
 * costs more than hashing a small record; it is looked up once instead.
 */
#include <config.h>
#include "ovsdb-log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "coverage.h"
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-error.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_log);

COVERAGE_DEFINE(ovsdb_log_read);
COVERAGE_DEFINE(ovsdb_log_write);
COVERAGE_DEFINE(ovsdb_log_fsync);
COVERAGE_DEFINE(ovsdb_log_torn_tail);
COVERAGE_DEFINE(ovsdb_log_corrupt);

#define HEADER_MAGIC "OVSDB JSON "
#define SHA1_HEX_LEN 40
/* "OVSDB JSON " + up to 20 digits + " " + 40 hex digits + "\n". */
#define MAX_HEADER_LEN (sizeof HEADER_MAGIC - 1 + 20 + 1 + SHA1_HEX_LEN + 1)

#define READ_CHUNK (64 * 1024)

enum log_state {
    LOG_READING,                /* More records may follow. */
    LOG_AT_END,                 /* Read everything; writes allowed. */
    LOG_READ_ERROR,             /* Reading failed: 'read_error' repeats. */
    LOG_WRITE_ERROR             /* A write could not be undone. */
};

struct ovsdb_log {
    char *name;
    char *lock_name;
    int fd;
    int lock_fd;                /* -1 if not locked (read-only). */
    bool writable;
    enum log_state state;
    struct ovsdb_error *read_error;

    off_t offset;               /* End of the last good record. */
    unsigned long long int n_records;

    /* Read-ahead window. */
    char *buf;
    off_t buf_ofs;
    size_t buf_len, buf_allocated;
};

/* Lock files. */

char *
ovsdb_log_lock_name(const char *file_name)
{
    char *dir = dir_name(file_name);
    char *base = base_name(file_name);
    char *lock = (!strcmp(dir, ".")
                  ? xasprintf(".%s.~lock~", base)
                  : xasprintf("%s/.%s.~lock~", dir, base));
    free(dir);
    free(base);
    return lock;
}

/* Takes an exclusive lock on all of FD.  Prefers an open-file-description
 * lock (Linux 3.15+), which also excludes a second open in this process
 * and survives fork(); falls back to a classic POSIX lock.  Both kinds
 * conflict with each other, so Open vSwitch's lock excludes ours. */
static int
lock_fd(int fd, pid_t *holder)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int error;

    *holder = 0;
#ifdef F_OFD_SETLK
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0) {
        return 0;
    }
    error = errno;
    if (error == EINVAL) {
        fl.l_pid = 0;
        error = fcntl(fd, F_SETLK, &fl) == 0 ? 0 : errno;
    }
#else
    error = fcntl(fd, F_SETLK, &fl) == 0 ? 0 : errno;
#endif
    if (error == EAGAIN || error == EACCES) {
        struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        if (fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK) {
            *holder = probe.l_pid;
        }
    }
    return error;
}

static struct ovsdb_error *
take_lock(struct ovsdb_log *log)
{
    log->lock_name = ovsdb_log_lock_name(log->name);
    log->lock_fd = open(log->lock_name, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (log->lock_fd < 0) {
        int error = errno;
        VLOG_WARN("%s: failed to open lock file: %s", log->lock_name,
                  ovs_strerror(error));
        return ovsdb_error_create("I/O error", "%s: failed to lock lockfile "
                                  "(%s)", log->name, ovs_strerror(error));
    }

    /* A server killed in the middle of a compaction leaves its snapshot
     * writer holding the lock (it shares the lock's open file description)
     * until the kernel has delivered the writer's parent-death SIGKILL and
     * torn it down, a few milliseconds to a few hundred on a loaded
     * machine.  A restart right after the kill must not fail for that, so
     * a held lock is retried for a while before it counts as held. */
    pid_t holder;
    int error = lock_fd(log->lock_fd, &holder);
    for (int ms = 0; (error == EAGAIN || error == EACCES) && ms < 2000;
         ms += 10) {
        if (!ms) {
            VLOG_INFO("%s: waiting for the lock", log->lock_name);
        }
        usleep(10 * 1000);
        error = lock_fd(log->lock_fd, &holder);
    }
    if (error == EAGAIN || error == EACCES) {
        if (holder > 0) {
            VLOG_WARN("%s: cannot lock file because it is already locked "
                      "by pid %ld", log->lock_name, (long int) holder);
        } else {
            VLOG_WARN("%s: cannot lock file because it is already locked",
                      log->lock_name);
        }
        return ovsdb_error_create("I/O error", "%s: failed to lock lockfile: "
                                  "locked by another process", log->name);
    } else if (error) {
        VLOG_WARN("%s: failed to lock file: %s", log->lock_name,
                  ovs_strerror(error));
        return ovsdb_error_create("I/O error", "%s: failed to lock lockfile "
                                  "(%s)", log->name, ovs_strerror(error));
    }
    return NULL;
}

/* Opening and closing. */

int
ovsdb_log_fsync_dir(const char *file_name)
{
    char *dir = dir_name(file_name);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int error = 0;

    if (fd < 0) {
        error = errno;
    } else {
        if (fsync(fd) && errno != EINVAL) {
            error = errno;
        }
        close(fd);
    }
    if (error) {
        VLOG_WARN("%s: fsync of directory failed (%s)", dir,
                  ovs_strerror(error));
    }
    free(dir);
    return error;
}

struct ovsdb_error *
ovsdb_log_open(const char *name, enum ovsdb_log_open_mode mode,
               struct ovsdb_log **logp)
{
    struct ovsdb_log *log = xzalloc(sizeof *log);
    struct ovsdb_error *error = NULL;

    *logp = NULL;
    log->name = xstrdup(name);
    log->fd = -1;
    log->lock_fd = -1;
    log->writable = mode != OVSDB_LOG_READ_ONLY;
    log->state = LOG_READING;

    if (log->writable) {
        error = take_lock(log);
        if (error) {
            goto fail;
        }
    }

    int flags = O_CLOEXEC;
    switch (mode) {
    case OVSDB_LOG_READ_ONLY:
        flags |= O_RDONLY;
        break;
    case OVSDB_LOG_READ_WRITE:
        flags |= O_RDWR;
        break;
    case OVSDB_LOG_CREATE_EXCL:
        flags |= O_RDWR | O_CREAT | O_EXCL;
        break;
    case OVSDB_LOG_CREATE:
        flags |= O_RDWR | O_CREAT | O_TRUNC;
        break;
    default:
        OVS_NOT_REACHED();
    }
    log->fd = open(name, flags, 0640);
    if (log->fd < 0) {
        int err = errno;
        error = ovsdb_error_create("I/O error", "%s: %s failed (%s)", name,
                                   flags & O_CREAT ? "create" : "open",
                                   ovs_strerror(err));
        goto fail;
    }

    if (flags & O_CREAT) {
        /* A new file: nothing to read.  Make its directory entry durable,
         * so that a record fsync()ed later cannot be lost with it. */
        log->state = LOG_AT_END;
        ovsdb_log_fsync_dir(name);
    }
    *logp = log;
    return NULL;

fail:
    ovsdb_log_close(log);
    return error;
}

void
ovsdb_log_close(struct ovsdb_log *log)
{
    if (log) {
        if (log->fd >= 0) {
            close(log->fd);
        }
        if (log->lock_fd >= 0) {
            /* Closing the descriptor releases the lock.  The lock file
             * itself stays, as Open vSwitch leaves it. */
            close(log->lock_fd);
        }
        ovsdb_error_destroy(log->read_error);
        free(log->buf);
        free(log->lock_name);
        free(log->name);
        free(log);
    }
}

const char *
ovsdb_log_get_name(const struct ovsdb_log *log)
{
    return log->name;
}

off_t
ovsdb_log_get_offset(const struct ovsdb_log *log)
{
    return log->offset;
}

unsigned long long int
ovsdb_log_get_n_records(const struct ovsdb_log *log)
{
    return log->n_records;
}

/* Reading. */

/* Makes the window hold at least N bytes starting at OFS, or as many as the
 * file has.  Returns the number available at OFS (stored at *DATAP), or -1
 * with errno set on an I/O error. */
static ssize_t
fetch(struct ovsdb_log *log, off_t ofs, size_t n, const char **datap)
{
    if (ofs < log->buf_ofs || ofs > log->buf_ofs + (off_t) log->buf_len) {
        log->buf_ofs = ofs;
        log->buf_len = 0;
    } else if (ofs > log->buf_ofs) {
        size_t skip = ofs - log->buf_ofs;
        memmove(log->buf, log->buf + skip, log->buf_len - skip);
        log->buf_len -= skip;
        log->buf_ofs = ofs;
    }

    size_t want = MAX(n, READ_CHUNK);
    if (want > log->buf_allocated) {
        log->buf_allocated = want;
        log->buf = xrealloc(log->buf, want);
    }
    while (log->buf_len < n) {
        ssize_t retval = pread(log->fd, log->buf + log->buf_len,
                               log->buf_allocated - log->buf_len,
                               log->buf_ofs + log->buf_len);
        if (retval < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        } else if (retval == 0) {
            break;
        }
        log->buf_len += retval;
    }
    *datap = log->buf;
    return MIN(log->buf_len, n);
}

static const EVP_MD *sha1_md;

static void
sha1_md_init(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    sha1_md = EVP_MD_fetch(NULL, "SHA1", NULL);
#endif
    if (!sha1_md) {
        sha1_md = EVP_sha1();
    }
}

/* The SHA-1 implementation, looked up once (see the top of the file). */
static const EVP_MD *
sha1(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sha1_md_init);
    return sha1_md;
}

static void
sha1_hex(const void *data, size_t n, char hex[SHA1_HEX_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    if (!EVP_Digest(data, n, md, &md_len, sha1(), NULL)
        || md_len != SHA1_HEX_LEN / 2) {
        ovs_abort(0, "SHA-1 computation failed");
    }
    for (size_t i = 0; i < md_len; i++) {
        static const char digits[] = "0123456789abcdef";
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[SHA1_HEX_LEN] = '\0';
}

/* Parses a header line (LINE, LEN bytes including the newline).  Stores
 * the body length and expected hash. */
static bool
parse_header(const char *line, size_t len, unsigned long long int *lengthp,
             char hash[SHA1_HEX_LEN + 1])
{
    const size_t magic_len = sizeof HEADER_MAGIC - 1;
    if (len < magic_len + 1 + 1 + SHA1_HEX_LEN + 1
        || memcmp(line, HEADER_MAGIC, magic_len)
        || line[len - 1] != '\n') {
        return false;
    }

    const char *p = line + magic_len;
    const char *end = line + len - 1;
    unsigned long long int length = 0;
    if (!(*p >= '0' && *p <= '9')) {
        return false;
    }
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        if (length > (ULLONG_MAX - 9) / 10) {
            return false;
        }
        length = length * 10 + (*p - '0');
    }
    if (p >= end || *p != ' ' || end - (p + 1) != SHA1_HEX_LEN) {
        return false;
    }
    p++;
    for (int i = 0; i < SHA1_HEX_LEN; i++) {
        char c = p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
        hash[i] = c;
    }
    hash[SHA1_HEX_LEN] = '\0';
    *lengthp = length;
    return true;
}

/* What reading a record at an offset found. */
enum record_status {
    RECORD_OK,
    RECORD_EOF,                 /* Clean end of file at the offset. */
    RECORD_SHORT,               /* The file ends inside the record. */
    RECORD_BAD,                 /* Complete but wrong. */
    RECORD_IO_ERROR             /* errno-style error in 'io_error'. */
};

struct record {
    enum record_status status;
    off_t end;                  /* Offset just past the record (if OK). */
    struct json *json;          /* If OK and parsing was asked for. */
    char *problem;              /* Description if SHORT or BAD. */
    int io_error;
};

static void
record_destroy(struct record *r)
{
    json_destroy(r->json);
    free(r->problem);
}

/* Examines the record at OFS.  Parses its JSON only if PARSE. */
static void
examine_record(struct ovsdb_log *log, off_t ofs, bool parse, struct record *r)
{
    const char *data;
    ssize_t n;

    memset(r, 0, sizeof *r);
    n = fetch(log, ofs, MAX_HEADER_LEN, &data);
    if (n < 0) {
        r->status = RECORD_IO_ERROR;
        r->io_error = errno;
        return;
    } else if (n == 0) {
        r->status = RECORD_EOF;
        return;
    }

    const char *nl = memchr(data, '\n', n);
    if (!nl) {
        if ((size_t) n < MAX_HEADER_LEN) {
            r->status = RECORD_SHORT;
            r->problem = xasprintf("file ends inside the header line at "
                                   "offset %lld", (long long int) ofs);
        } else {
            r->status = RECORD_BAD;
            r->problem = xasprintf("header line at offset %lld is too long",
                                   (long long int) ofs);
        }
        return;
    }

    size_t header_len = nl - data + 1;
    unsigned long long int length;
    char expected[SHA1_HEX_LEN + 1];
    if (!parse_header(data, header_len, &length, expected)) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ds_put_printable(&s, data, header_len - 1);
        r->status = RECORD_BAD;
        r->problem = xasprintf("parse error at offset %lld in header line "
                               "\"%s\"", (long long int) ofs, ds_cstr(&s));
        ds_destroy(&s);
        return;
    }
    if (length > (unsigned long long int) (SIZE_MAX / 2)) {
        r->status = RECORD_BAD;
        r->problem = xasprintf("record at offset %lld claims an impossible "
                               "length %llu", (long long int) ofs, length);
        return;
    }

    off_t body_ofs = ofs + header_len;
    n = fetch(log, body_ofs, length, &data);
    if (n < 0) {
        r->status = RECORD_IO_ERROR;
        r->io_error = errno;
        return;
    } else if ((unsigned long long int) n < length) {
        r->status = RECORD_SHORT;
        r->problem = xasprintf("record at offset %lld is truncated: %zd of "
                               "%llu bytes present", (long long int) ofs, n,
                               length);
        return;
    }

    char actual[SHA1_HEX_LEN + 1];
    sha1_hex(data, length, actual);
    if (strcmp(actual, expected)) {
        r->status = RECORD_BAD;
        r->problem = xasprintf("%llu bytes starting at offset %lld have "
                               "SHA-1 hash %s but should have hash %s",
                               length, (long long int) body_ofs, actual,
                               expected);
        return;
    }

    if (parse) {
        char *err = NULL;
        r->json = json_parse_buffer(data, length, &err);
        if (!r->json) {
            r->status = RECORD_BAD;
            r->problem = xasprintf("%llu bytes starting at offset %lld are "
                                   "not valid JSON (%s)", length,
                                   (long long int) body_ofs, err);
            free(err);
            return;
        }
    }
    r->status = RECORD_OK;
    r->end = body_ofs + length;
}

/* Looks for a complete, valid record starting anywhere after BAD_OFS.
 * Returns its offset, or -1 if there is none (or on I/O error, after
 * which the caller's decision errs on the side of not truncating). */
static off_t
find_later_record(struct ovsdb_log *log, off_t bad_ofs, bool *io_errorp)
{
    const size_t magic_len = sizeof HEADER_MAGIC - 1;
    off_t ofs = bad_ofs + 1;

    *io_errorp = false;
    for (;;) {
        const char *data;
        ssize_t n = fetch(log, ofs, READ_CHUNK, &data);
        if (n < 0) {
            *io_errorp = true;
            return -1;
        } else if ((size_t) n < magic_len) {
            return -1;
        }

        /* Candidates start within [ofs, ofs + n - magic_len]. */
        size_t limit = n - magic_len + 1;
        size_t i = 0;
        while (i < limit) {
            const char *p = memchr(data + i, 'O', limit - i);
            if (!p) {
                break;
            }
            size_t pos = p - data;
            if (!memcmp(p, HEADER_MAGIC, magic_len)) {
                struct record r;
                off_t cand = ofs + pos;
                examine_record(log, cand, false, &r);
                record_destroy(&r);
                if (r.status == RECORD_OK) {
                    return cand;
                } else if (r.status == RECORD_IO_ERROR) {
                    *io_errorp = true;
                    return -1;
                }
                /* examine_record() moved the window: refetch. */
                n = fetch(log, ofs, READ_CHUNK, &data);
                if (n < 0) {
                    *io_errorp = true;
                    return -1;
                }
            }
            i = pos + 1;
        }
        ofs += limit;
    }
}

static struct ovsdb_error *
io_error(const struct ovsdb_log *log, const char *what, int error)
{
    return ovsdb_error_create("I/O error", "%s: %s (%s)", log->name, what,
                              ovs_strerror(error));
}

/* Handles a short or bad record R at OFS: a torn tail or corruption. */
static struct ovsdb_error *
read_bad_record(struct ovsdb_log *log, off_t ofs, const struct record *r)
{
    bool io_err;
    off_t later = find_later_record(log, ofs, &io_err);
    if (io_err) {
        return io_error(log, "read failed while checking a bad record", EIO);
    }
    if (later >= 0) {
        COVERAGE_INC(ovsdb_log_corrupt);
        struct ovsdb_error *error = ovsdb_error_create(
            "syntax error", "%s: %s, but a valid record follows at offset "
            "%lld: the file is corrupt, not just torn at its end; refusing "
            "to open it (a copy of the file would help a manual repair)",
            log->name, r->problem, (long long int) later);
        VLOG_ERR("%s", ovsdb_error_get_details(error));
        return error;
    }

    COVERAGE_INC(ovsdb_log_torn_tail);
    struct stat st;
    long long int size = fstat(log->fd, &st) ? -1 : (long long int) st.st_size;
    if (log->writable) {
        VLOG_WARN("%s: %s; dropping the torn last record by truncating the "
                  "file from %lld to %lld bytes (the last write before a "
                  "crash was incomplete)", log->name, r->problem, size,
                  (long long int) log->offset);
        if (ftruncate(log->fd, log->offset)) {
            return io_error(log, "cannot truncate torn last record", errno);
        }
        if (fsync(log->fd)) {
            VLOG_WARN("%s: fsync after truncation failed (%s)", log->name,
                      ovs_strerror(errno));
        }
    } else {
        VLOG_WARN("%s: %s; ignoring the torn last record (%lld bytes at "
                  "offset %lld; not truncated: opened read-only)",
                  log->name, r->problem, size - (long long int) log->offset,
                  (long long int) log->offset);
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_log_read(struct ovsdb_log *log, struct json **jsonp)
{
    *jsonp = NULL;
    switch (log->state) {
    case LOG_READING:
        break;
    case LOG_AT_END:
    case LOG_WRITE_ERROR:
        return NULL;
    case LOG_READ_ERROR:
        return ovsdb_error_clone(log->read_error);
    }

    struct record r;
    struct ovsdb_error *error = NULL;
    examine_record(log, log->offset, true, &r);
    switch (r.status) {
    case RECORD_OK:
        COVERAGE_INC(ovsdb_log_read);
        *jsonp = r.json;
        r.json = NULL;
        log->offset = r.end;
        log->n_records++;
        break;
    case RECORD_EOF:
        log->state = LOG_AT_END;
        break;
    case RECORD_SHORT:
    case RECORD_BAD:
        error = read_bad_record(log, log->offset, &r);
        if (!error) {
            log->state = LOG_AT_END;
        }
        break;
    case RECORD_IO_ERROR:
        error = io_error(log, "read failed", r.io_error);
        break;
    }
    record_destroy(&r);

    if (log->state == LOG_AT_END) {
        free(log->buf);
        log->buf = NULL;
        log->buf_len = log->buf_allocated = 0;
    }
    if (error) {
        log->state = LOG_READ_ERROR;
        log->read_error = ovsdb_error_clone(error);
    }
    return error;
}

/* Writing. */

/* The longest header: magic, length, space, hash, newline. */
#define FRAME_HEADER_MAX (sizeof HEADER_MAGIC + 24 + SHA1_HEX_LEN + 2)

/* Each thread that frames records keeps one digest context, reused: this
 * runs for every committed transaction, and creating and freeing a context
 * (and OpenSSL 3's provider state in it) costs more than hashing a small
 * record.  A compaction thread's context is freed when it exits. */
static pthread_key_t sha1_ctx_key;

static void
sha1_ctx_free(void *ctx)
{
    EVP_MD_CTX_free(ctx);
}

static void
sha1_ctx_key_init(void)
{
    int error = pthread_key_create(&sha1_ctx_key, sha1_ctx_free);
    if (error) {
        ovs_abort(error, "pthread_key_create failed");
    }
}

static EVP_MD_CTX *
sha1_ctx(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sha1_ctx_key_init);

    EVP_MD_CTX *ctx = pthread_getspecific(sha1_ctx_key);
    if (!ctx) {
        ctx = EVP_MD_CTX_new();
        if (ctx) {
            pthread_setspecific(sha1_ctx_key, ctx);
        }
    }
    return ctx;
}

/* Writes into HEADER the header line for the N bytes of TEXT (without the
 * newline that follows them in the file) and returns its length. */
static size_t
frame_header(const char *text, size_t n, char header[FRAME_HEADER_MAX])
{
    /* EVP_DigestInit_ex() starts each digest afresh. */
    EVP_MD_CTX *ctx = sha1_ctx();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    if (!ctx
        || !EVP_DigestInit_ex(ctx, sha1(), NULL)
        || !EVP_DigestUpdate(ctx, text, n)
        || !EVP_DigestUpdate(ctx, "\n", 1)
        || !EVP_DigestFinal_ex(ctx, md, &md_len)
        || md_len != SHA1_HEX_LEN / 2) {
        ovs_abort(0, "SHA-1 computation failed");
    }

    /* Formatted by hand, without printf: this runs for every commit. */
    size_t len = sizeof HEADER_MAGIC - 1;
    memcpy(header, HEADER_MAGIC, len);
    char digits_rev[24];
    int n_digits = 0;
    for (size_t v = n + 1; v || !n_digits; v /= 10) {
        digits_rev[n_digits++] = '0' + v % 10;
    }
    while (n_digits) {
        header[len++] = digits_rev[--n_digits];
    }
    header[len++] = ' ';
    for (size_t i = 0; i < md_len; i++) {
        static const char digits[] = "0123456789abcdef";
        header[len++] = digits[md[i] >> 4];
        header[len++] = digits[md[i] & 15];
    }
    header[len++] = '\n';
    return len;
}

void
ovsdb_log_frame_header(const char *text, size_t n, struct ds *out)
{
    char header[FRAME_HEADER_MAX];
    ds_put_buffer(out, header, frame_header(text, n, header));
}

void
ovsdb_log_frame(const struct json *json, struct ds *out)
{
    size_t start = out->length;
    json_to_ds(json, 0, out);
    ovsdb_log_frame_in_place(out, start);
}

void
ovsdb_log_frame_in_place(struct ds *out, size_t start)
{
    /* The body is moved up behind its header, which needs the body's
     * length and hash: serializing into a separate buffer instead would
     * allocate and free one for every record. */
    size_t n = out->length - start;
    ds_put_char(out, '\n');

    char header[FRAME_HEADER_MAX];
    size_t header_len = frame_header(out->string + start, n, header);
    ds_put_uninit(out, header_len);
    memmove(out->string + start + header_len, out->string + start, n + 1);
    memcpy(out->string + start, header, header_len);
}

int
ovsdb_log_write_fully(int fd, const void *data_, size_t n)
{
    const char *data = data_;
    while (n > 0) {
        ssize_t retval = write(fd, data, n);
        if (retval < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        } else if (retval == 0) {
            return ENOSPC;
        }
        data += retval;
        n -= retval;
    }
    return 0;
}

/* Like ovsdb_log_write_fully() but at offset OFS, whatever the file
 * offset: one system call per record instead of a seek and a write. */
static int
pwrite_fully(int fd, const void *data_, size_t n, off_t ofs)
{
    const char *data = data_;
    while (n > 0) {
        ssize_t retval = pwrite(fd, data, n, ofs);
        if (retval < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        } else if (retval == 0) {
            return ENOSPC;
        }
        data += retval;
        n -= retval;
        ofs += retval;
    }
    return 0;
}

struct ovsdb_error *
ovsdb_log_write(struct ovsdb_log *log, const struct json *json)
{
    struct ds rec = DS_EMPTY_INITIALIZER;
    ovsdb_log_frame(json, &rec);
    struct ovsdb_error *error = ovsdb_log_write_record(log, rec.string,
                                                       rec.length);
    ds_destroy(&rec);
    return error;
}

struct ovsdb_error *
ovsdb_log_write_record(struct ovsdb_log *log, const char *rec, size_t n)
{
    ovs_assert(log->writable);
    if (log->state == LOG_WRITE_ERROR) {
        return ovsdb_error_create("I/O error", "%s: an earlier write failed "
                                  "and could not be undone; refusing to "
                                  "write more", log->name);
    } else if (log->state != LOG_AT_END) {
        return ovsdb_error_create("I/O error", "%s: cannot write before "
                                  "reading the whole log", log->name);
    }

    int error = pwrite_fully(log->fd, rec, n, log->offset);
    if (error) {
        VLOG_ERR("%s: writing %zu-byte record at offset %lld failed (%s)",
                 log->name, n, (long long int) log->offset,
                 ovs_strerror(error));
        if (ftruncate(log->fd, log->offset)) {
            VLOG_ERR("%s: cannot undo the failed write (%s); refusing "
                     "further writes", log->name, ovs_strerror(errno));
            log->state = LOG_WRITE_ERROR;
        }
        return io_error(log, "write failed", error);
    }

    COVERAGE_INC(ovsdb_log_write);
    log->offset += n;
    log->n_records++;
    return NULL;
}

struct ovsdb_error *
ovsdb_log_commit(struct ovsdb_log *log)
{
    COVERAGE_INC(ovsdb_log_fsync);
    if (fsync(log->fd)) {
        int error = errno;
        VLOG_ERR("%s: fsync failed (%s)", log->name, ovs_strerror(error));
        return io_error(log, "fsync failed", error);
    }
    return NULL;
}

int
ovsdb_log_dup_fd(const struct ovsdb_log *log)
{
    return fcntl(log->fd, F_DUPFD_CLOEXEC, 0);
}

void
ovsdb_log_adopt_fd(struct ovsdb_log *log, int fd, off_t offset,
                   unsigned long long int n_records)
{
    ovs_assert(log->writable);
    close(log->fd);
    log->fd = fd;
    log->offset = offset;
    log->n_records = n_records;
    log->state = LOG_AT_END;
}
