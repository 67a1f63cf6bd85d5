/* ovsdb-log.h -- the record framing of an OVSDB standalone database file.
 *
 * A log file is a sequence of records, each
 *
 *     "OVSDB JSON " <length> " " <sha1-hex> "\n" <json-text> "\n"
 *
 * where <length> is the number of bytes after the header line (the JSON
 * text and its closing newline) and <sha1-hex> is the SHA-1 of those same
 * bytes, in lowercase hex.  That is Open vSwitch's standalone format, so
 * files move between the two implementations.  This layer knows nothing
 * of what the JSON means (ovsdb-file.h does).
 *
 * Reading checks every record.  The last record of a file may be torn by a
 * crash in the middle of a write(); such a record (short, or with a bad
 * header or checksum, with nothing that looks like another record after
 * it) is dropped with a warning and, when the log is writable, the file is
 * truncated at the end of the last good record so that appends follow good
 * data.  A bad record followed by what looks like more records is not a
 * torn write but corruption: reading fails with an error naming the file
 * and the byte offset, and nothing is truncated.
 *
 * Writers hold an fcntl() lock on "<dir>/.<basename>.~lock~" (the name
 * Open vSwitch uses, so that its tools and ours exclude each other).  The
 * lock is an open-file-description lock where the kernel has them, so it
 * is also exclusive between two opens in one process and is kept by a
 * child after fork() (daemonizing).
 *
 * Not thread-safe: one thread uses a log at a time. */
#ifndef OVSDB_LOG_H
#define OVSDB_LOG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "compiler.h"

struct ds;
struct json;
struct ovsdb_error;
struct ovsdb_log;

enum ovsdb_log_open_mode {
    OVSDB_LOG_READ_ONLY,        /* Open existing file, no lock. */
    OVSDB_LOG_READ_WRITE,       /* Open existing file, locked, appendable. */
    OVSDB_LOG_CREATE_EXCL,      /* Create a new file (must not exist). */
    OVSDB_LOG_CREATE            /* Create, or truncate an existing file. */
};

/* Opens NAME in MODE.  Writable modes take the lock file first; if another
 * process (or another open in this process) holds it, fails with an
 * "I/O error" saying the file is locked by another process.  Creating
 * fsyncs the new file's directory. */
struct ovsdb_error *ovsdb_log_open(const char *name,
                                   enum ovsdb_log_open_mode,
                                   struct ovsdb_log **logp)
    OVS_WARN_UNUSED_RESULT;

/* Closes LOG (releasing its lock).  NULL is fine. */
void ovsdb_log_close(struct ovsdb_log *);

const char *ovsdb_log_get_name(const struct ovsdb_log *);

/* Reads the next record.  Returns NULL and stores the JSON in *JSONP (the
 * caller frees it), or stores NULL at the end of the log.  On a torn last
 * record, logs a warning, truncates if writable, and reports the end of
 * the log.  On corruption returns a "syntax error" naming the offset; on
 * I/O failure an "I/O error".  After the end or an error, further reads
 * return the same. */
struct ovsdb_error *ovsdb_log_read(struct ovsdb_log *, struct json **jsonp)
    OVS_WARN_UNUSED_RESULT;

/* Appends JSON as one record with a single write() (retried on a short
 * write).  Reading must have reached the end of the log first (opening a
 * new file needs no reading).  If the write fails, the file is truncated
 * back to its previous length so that no torn record is left in front of
 * later ones; if even that fails, the log refuses further writes. */
struct ovsdb_error *ovsdb_log_write(struct ovsdb_log *, const struct json *)
    OVS_WARN_UNUSED_RESULT;

/* Like ovsdb_log_write() for a record already framed by ovsdb_log_frame()
 * (N bytes at RECORD), so that one framing can go to two files. */
struct ovsdb_error *ovsdb_log_write_record(struct ovsdb_log *,
                                           const char *record, size_t n)
    OVS_WARN_UNUSED_RESULT;

/* fsync()s the file. */
struct ovsdb_error *ovsdb_log_commit(struct ovsdb_log *)
    OVS_WARN_UNUSED_RESULT;

/* Byte offset of the end of the last record read or written (the file's
 * size as far as this log is concerned). */
off_t ovsdb_log_get_offset(const struct ovsdb_log *);

/* Number of records read or written so far. */
unsigned long long int ovsdb_log_get_n_records(const struct ovsdb_log *);

/* Makes LOG continue in FD, a file of OFFSET bytes holding N_RECORDS
 * records that has just been renamed over LOG's file by compaction: closes
 * the old descriptor and appends to FD from now on.  The lock (named after
 * the file name, not the inode) stays held. */
void ovsdb_log_adopt_fd(struct ovsdb_log *, int fd, off_t offset,
                        unsigned long long int n_records);

/* Returns a new descriptor for LOG's file (a dup()), which the caller must
 * close, or -1 with errno set.  Compaction uses it to free the old file's
 * blocks off the main thread once the new file has replaced it. */
int ovsdb_log_dup_fd(const struct ovsdb_log *);

/* Frames JSON as a record into OUT (header line, text and newline). */
void ovsdb_log_frame(const struct json *, struct ds *out);
/* Makes a record of the JSON text that OUT holds from byte START to its
 * end: inserts the header line before it and appends the newline. */
void ovsdb_log_frame_in_place(struct ds *out, size_t start);

/* Appends to OUT the header line of a record whose JSON text is the N
 * bytes at TEXT (the record is then the header, TEXT and a newline), for
 * writers that hold the text already. */
void ovsdb_log_frame_header(const char *text, size_t n, struct ds *out);

/* Lower-level helpers, shared with ovsdb-file.c's compaction thread. */

/* Writes all N bytes of DATA to FD, retrying on short writes and EINTR.
 * Returns 0 or an errno value. */
int ovsdb_log_write_fully(int fd, const void *data, size_t n);

/* fsync()s the directory that holds FILE_NAME.  Returns 0 or errno. */
int ovsdb_log_fsync_dir(const char *file_name);

/* The lock file name for FILE_NAME ("<dir>/.<base>.~lock~").  The caller
 * frees it. */
char *ovsdb_log_lock_name(const char *file_name);

#endif /* ovsdb-log.h */
