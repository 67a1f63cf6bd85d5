/* ovsdb-file.h -- a standalone OVSDB database kept in an append-only log.
 *
 * The file format is Open vSwitch's, so that existing conf.db files open
 * and Open vSwitch's tools can read ours: a sequence of records, each
 *
 *     "OVSDB JSON " <length> " " <sha1-hex> "\n" <json-text> "\n"
 *
 * where <length> is the byte length of <json-text> and <sha1-hex> its
 * SHA-1 (ovsdb-log.h frames and checks the records; as in the files Open
 * vSwitch writes, both cover the JSON text together with its final
 * newline).  The first record is the schema; each later one is a
 * transaction: an object mapping table names to {row-uuid: row-or-null},
 * plus "_date" (ms since the epoch) and optionally "_comment".  A row in
 * a transaction record carries only the columns that changed; null
 * deletes the row.  After compaction the file holds the schema and one
 * record with every row.
 *
 * Crash safety: a torn last record (short, or a bad checksum, at the end
 * of the file) is dropped with a warning and the file truncated there
 * when opened for writing; a bad record followed by more data is
 * corruption, and opening fails with an error naming the offset.
 * Compaction writes a new file beside the old one and renames it over,
 * so a crash at any point leaves either the old or the new file whole. */
#ifndef OVSDB_FILE_H
#define OVSDB_FILE_H 1

#include <stdbool.h>
#include "compiler.h"

struct ovsdb;
struct ovsdb_error;
struct ovsdb_file;
struct ovsdb_log;
struct ovsdb_schema;
struct ovsdb_txn;

/* Creates FILE_NAME (which must not exist) holding SCHEMA and no rows. */
struct ovsdb_error *ovsdb_file_create(const char *file_name,
                                      const struct ovsdb_schema *)
    OVS_WARN_UNUSED_RESULT;

/* Opens FILE_NAME, replays it into a new in-memory database (*DBP) and,
 * unless READ_ONLY, keeps it open for appending (*FILEP; NULL may be
 * passed if READ_ONLY).  Takes the "<dir>/.<name>.~lock~" lock file when
 * writable, so two servers cannot write one file. */
struct ovsdb_error *ovsdb_file_open(const char *file_name, bool read_only,
                                    struct ovsdb **dbp,
                                    struct ovsdb_file **filep)
    OVS_WARN_UNUSED_RESULT;

/* Appends the changes of TXN (committed on the database this file was
 * opened into, see ovsdb_txn_get_changes()) as one record, with COMMENT if
 * nonnull.  Only persistent (non-ephemeral) columns are written.  The
 * record has been write()n when this returns, and fsync()ed if DURABLE.
 * Call it before replying to the client. */
struct ovsdb_error *ovsdb_file_commit(struct ovsdb_file *,
                                      const struct ovsdb_txn *,
                                      const char *comment, bool durable)
    OVS_WARN_UNUSED_RESULT;

/* Compacts the file to a snapshot of DB now.  The snapshot shows DB as it
 * is at the call; a forked child serializes it and a background thread
 * finishes the file (ovsdb-file.c tells how), during which
 * ovsdb_file_commit() keeps working and its records reach the new file
 * too.  Returns an error only if compaction could not start.
 * ovsdb_file_is_compacting() tells whether it is still running;
 * ovsdb_file_run() finishes it and logs the outcome. */
struct ovsdb_error *ovsdb_file_compact(struct ovsdb_file *,
                                       const struct ovsdb *db)
    OVS_WARN_UNUSED_RESULT;
bool ovsdb_file_is_compacting(const struct ovsdb_file *);

/* Like ovsdb_file_compact() but returns only when done, with its outcome
 * (for ovsdb-tool and for "ovsdb-server/compact", which replies when the
 * compaction is over). */
struct ovsdb_error *ovsdb_file_compact_sync(struct ovsdb_file *,
                                            const struct ovsdb *db)
    OVS_WARN_UNUSED_RESULT;

/* Main-loop hooks: finish a background compaction, and start one
 * automatically when the log has grown enough since the last one (the
 * policy is ovsdb-server(1)'s: at least 10 minutes since the last
 * compaction, 100 or more records and 10 MB or more, and four times the
 * size of the previous snapshot; tests can change it with
 * ovsdb_file_set_compaction_policy()). */
void ovsdb_file_run(struct ovsdb_file *, const struct ovsdb *db);
void ovsdb_file_wait(const struct ovsdb_file *);
void ovsdb_file_set_compaction_policy(struct ovsdb_file *,
                                      long long int min_interval_msec,
                                      unsigned int min_records,
                                      unsigned long long int min_bytes);

const char *ovsdb_file_get_name(const struct ovsdb_file *);

/* Additions for ovsdb-tool (not part of the original contract). */

/* Writes a compacted copy of DB (schema record plus one record holding
 * every row, with COMMENT if nonnull) to FILE_NAME, through a temporary
 * "<FILE_NAME>.tmp" renamed over it, so that an existing FILE_NAME is
 * replaced whole or not at all.  The caller holds any lock needed. */
struct ovsdb_error *ovsdb_file_save_copy(const char *file_name,
                                         const struct ovsdb *,
                                         const char *comment)
    OVS_WARN_UNUSED_RESULT;

/* The number of compactions of FILE that have ended, successfully or not,
 * since it was opened, and the failure of the last one to end (NULL if it
 * succeeded or none has ended yet).  A caller that started one with
 * ovsdb_file_compact() learns its outcome through these once
 * ovsdb_file_is_compacting() turns false: "ovsdb-server/compact" replies
 * then, without blocking the main loop meanwhile. */
unsigned long long int ovsdb_file_get_compactions_ended(
    const struct ovsdb_file *);
const char *ovsdb_file_get_compaction_error(const struct ovsdb_file *);

/* Replaces the contents of FILE by a snapshot of DB, which may have a
 * different schema than the database FILE was opened with (ovsdb-server's
 * "convert" RPC): the snapshot is written to "<name>.tmp", fsync()ed and
 * renamed over the file, and the directory fsync()ed, before this returns,
 * so a crash at any point leaves either the old file or the new one whole,
 * and the new one for sure once this has returned success.  Later commits
 * append to the new file.  A compaction in progress is first waited for
 * (its outcome no longer matters).  COMMENT, if nonnull, goes into the
 * snapshot record.  On error FILE is unchanged and still usable. */
struct ovsdb_error *ovsdb_file_replace(struct ovsdb_file *,
                                       const struct ovsdb *db,
                                       const char *comment)
    OVS_WARN_UNUSED_RESULT;

/* Reads the first record of LOG (ovsdb-log.h) as a schema. */
struct ovsdb_error *ovsdb_file_read_schema(struct ovsdb_log *,
                                           struct ovsdb_schema **)
    OVS_WARN_UNUSED_RESULT;

/* Closes FILE (waiting for a background compaction to finish).  NULL is
 * fine. */
void ovsdb_file_close(struct ovsdb_file *);

#endif /* ovsdb-file.h */
