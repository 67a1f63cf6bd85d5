/* system-id.c -- this host's identity (see system-id.h).
 *
 * The file holds one line, the id.  An id is any nonblank text without
 * control characters (ovs-ctl writes a UUID, but administrators are free to
 * choose a host name); anything else in the file is ignored with a warning
 * and replaced by a fresh UUID, because a switch without a system id is
 * invisible to OVN. */
#include <config.h>
#include "system-id.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dirs.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(system_id);

/* The file system_id_load() reads; the caller frees it. */
static char *
system_id_file_name(void)
{
    return xasprintf("%s/openvswitch/system-id.conf", ovs_sysconfdir());
}

/* Returns the first line of FILE_NAME if it is a usable id, else NULL.
 * Sets '*may_replace' to whether the file may be (over)written: it is
 * missing or holds no id.  A file we cannot read is left alone. */
static char *
read_id(const char *file_name, bool *may_replace)
{
    FILE *f = fopen(file_name, "r");
    *may_replace = !f && errno == ENOENT;
    if (!f) {
        if (errno != ENOENT) {
            VLOG_WARN("%s: %s", file_name, ovs_strerror(errno));
        }
        return NULL;
    }

    char line[256];
    char *id = NULL;
    if (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        bool ok = line[0] != '\0';
        for (const char *p = line; *p; p++) {
            if (iscntrl((unsigned char) *p) || isspace((unsigned char) *p)) {
                ok = false;
            }
        }
        if (ok) {
            id = xstrdup(line);
        } else {
            VLOG_WARN("%s: first line is not a system id, ignored",
                      file_name);
        }
    }
    *may_replace = !id;
    fclose(f);
    return id;
}

/* Writes ID to FILE_NAME through a temporary file, so that a crash never
 * leaves half an id behind.  Failure is only logged: the id still goes to
 * the database, it just will not survive a database rebuilt from
 * scratch. */
static void
write_id(const char *file_name, const char *id)
{
    char *tmp = xasprintf("%s.tmp", file_name);
    FILE *f = fopen(tmp, "w");
    bool ok = f && fprintf(f, "%s\n", id) > 0;
    if (f && fclose(f)) {
        ok = false;
    }
    if (ok && !rename(tmp, file_name)) {
        VLOG_INFO("%s: saved new system id %s", file_name, id);
    } else {
        VLOG_INFO("%s: not saved (%s); new system id %s is only in the "
                  "database", file_name, ovs_strerror(errno), id);
        remove(tmp);
    }
    free(tmp);
}

char *
system_id_load(void)
{
    char *file_name = system_id_file_name();
    bool may_replace;
    char *id = read_id(file_name, &may_replace);
    if (!id) {
        struct uuid uuid;
        uuid_generate(&uuid);
        id = xasprintf(UUID_FMT, UUID_ARGS(&uuid));
        if (may_replace) {
            write_id(file_name, id);
        } else {
            VLOG_INFO("new system id %s is only in the database", id);
        }
    }
    free(file_name);
    return id;
}
