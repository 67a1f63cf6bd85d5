/* server-db.c -- one database as ovsdb-server serves it: its memory image,
 * its file, its transaction history and the commit path that keeps the
 * three in step (see server-db.h). */
#include "server-db.h"

#include <stdlib.h>

#include "coverage.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-file.h"
#include "ovsdb-monitor.h"
#include "ovsdb-schema.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(server_db);

COVERAGE_DEFINE(server_db_commit);
COVERAGE_DEFINE(server_db_commit_error);
COVERAGE_DEFINE(server_db_convert);

static struct server_db *
server_db_create__(struct ovsdb *db, const char *file_name,
                   struct ovsdb_file *file)
{
    struct server_db *sdb = xzalloc(sizeof *sdb);
    sdb->name = xstrdup(ovsdb_get_name(db));
    sdb->file_name = file_name ? xstrdup(file_name) : NULL;
    sdb->db = db;
    sdb->file = file;
    sdb->history = ovsdb_history_create(SERVER_DB_HISTORY_SIZE);
    return sdb;
}

struct ovsdb_error *
server_db_open(const char *file_name, struct server_db **sdbp)
{
    struct ovsdb *db;
    struct ovsdb_file *file;

    *sdbp = NULL;
    struct ovsdb_error *error = ovsdb_file_open(file_name, false, &db,
                                                &file);
    if (error) {
        return error;
    }
    *sdbp = server_db_create__(db, file_name, file);
    return NULL;
}

struct server_db *
server_db_create_in_memory(struct ovsdb *db)
{
    return server_db_create__(db, NULL, NULL);
}

void
server_db_close(struct server_db *sdb)
{
    if (sdb) {
        ovsdb_file_close(sdb->file);
        ovsdb_history_destroy(sdb->history);
        ovsdb_destroy(sdb->db);
        free(sdb->name);
        free(sdb->file_name);
        free(sdb);
    }
}

void
server_db_set_commit_hook(struct server_db *sdb, server_db_commit_hook *hook,
                          void *aux)
{
    sdb->commit_hook = hook;
    sdb->commit_hook_aux = aux;
}

struct ovsdb_error *
server_db_commit(struct server_db *sdb, const struct ovsdb_txn *txn,
                 const char *comment, bool durable)
{
    struct ovsdb_error *error = NULL;

    COVERAGE_INC(server_db_commit);
    if (sdb->file) {
        error = ovsdb_file_commit(sdb->file, txn, comment, durable);
        if (error) {
            char *s = ovsdb_error_to_string(error);
            VLOG_ERR("%s: writing transaction failed (%s)",
                     sdb->file_name, s);
            free(s);
            COVERAGE_INC(server_db_commit_error);
        }
    }

    struct uuid txn_id;
    uuid_generate(&txn_id);
    ovsdb_history_add(sdb->history, &txn_id, txn);
    sdb->change_seqno++;
    if (sdb->commit_hook) {
        sdb->commit_hook(sdb, txn, &txn_id, sdb->commit_hook_aux);
    }
    return error;
}

struct ovsdb_error *
server_db_convert(struct server_db *sdb, struct ovsdb *new_db,
                  const char *comment, struct ovsdb **old_dbp)
{
    *old_dbp = NULL;
    if (sdb->file) {
        struct ovsdb_error *error = ovsdb_file_replace(sdb->file, new_db,
                                                       comment);
        if (error) {
            char *s = ovsdb_error_to_string(error);
            VLOG_ERR("%s: writing converted database failed (%s)",
                     sdb->file_name, s);
            free(s);
            ovsdb_destroy(new_db);
            return error;
        }
    }

    COVERAGE_INC(server_db_convert);
    VLOG_INFO("%s: converted to schema version %s", sdb->name,
              new_db->schema->version ? new_db->schema->version : "(none)");
    ovsdb_history_clear(sdb->history);
    *old_dbp = sdb->db;
    sdb->db = new_db;
    sdb->change_seqno++;
    return NULL;
}

void
server_db_run(struct server_db *sdb)
{
    if (sdb->file) {
        ovsdb_file_run(sdb->file, sdb->db);
    }
}

void
server_db_wait(const struct server_db *sdb)
{
    if (sdb->file) {
        ovsdb_file_wait(sdb->file);
    }
}
