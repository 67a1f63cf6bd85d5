/* ovsdb-error.h -- errors as OVSDB reports them on the wire.
 *
 * RFC 7047 reports every failure as a JSON object {"error": TAG,
 * "details": TEXT}, where TAG is a short fixed string that clients test
 * ("constraint violation", "referential integrity violation", "syntax
 * error", ...) and TEXT is for humans.  Syntax errors also carry the
 * offending JSON text in a "syntax" member.  Every function in ovsdb/ that
 * can fail returns a struct ovsdb_error *, NULL meaning success; the caller
 * owns a returned error and must pass it to ovsdb_error_destroy() or hand it
 * on. */
#ifndef OVSDB_ERROR_H
#define OVSDB_ERROR_H 1

#include "compiler.h"

struct json;
struct ovsdb_error;

/* Creates an error with TAG and details formatted from DETAILS (which may be
 * NULL for no details). */
struct ovsdb_error *ovsdb_error_create(const char *tag, const char *details,
                                       ...)
    OVS_PRINTF_FORMAT(2, 3) OVS_WARN_UNUSED_RESULT;

/* Creates an error about JSON (which may be NULL), with TAG, or "syntax
 * error" if TAG is NULL.  The JSON text goes into the "syntax" member. */
struct ovsdb_error *ovsdb_syntax_error(const struct json *json,
                                       const char *tag,
                                       const char *details, ...)
    OVS_PRINTF_FORMAT(3, 4) OVS_WARN_UNUSED_RESULT;

/* Prefixes ERROR's details with formatted text and ": ", e.g. to say which
 * table and column an error was found in.  Returns ERROR. */
struct ovsdb_error *ovsdb_error_prefix(struct ovsdb_error *error,
                                       const char *format, ...)
    OVS_PRINTF_FORMAT(2, 3);

struct ovsdb_error *ovsdb_error_clone(const struct ovsdb_error *);
void ovsdb_error_destroy(struct ovsdb_error *);   /* NULL is fine. */

const char *ovsdb_error_get_tag(const struct ovsdb_error *);
const char *ovsdb_error_get_details(const struct ovsdb_error *); /* Or
                                                                  * NULL. */

/* {"error": TAG, "details": DETAILS, "syntax": TEXT}, members present only
 * when set. */
struct json *ovsdb_error_to_json(const struct ovsdb_error *);

/* "TAG: DETAILS" or "TAG", newly allocated. */
char *ovsdb_error_to_string(const struct ovsdb_error *);

#endif /* ovsdb-error.h */
