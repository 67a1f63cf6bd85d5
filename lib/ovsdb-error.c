/* ovsdb-error.c -- OVSDB error objects (see ovsdb-error.h).
 *
 * An error is a tag, optional details and optional syntax text.  They are
 * cheap to create (one allocation per string) because a failing
 * transaction builds at most a few. */
#include <stdlib.h>
#include "ovsdb-error.h"
#include <stdint.h>
#include "dynamic-string.h"
#include "json.h"
#include "util.h"

struct ovsdb_error {
    char *tag;
    char *details;              /* May be NULL. */
    char *syntax;               /* Serialized JSON, may be NULL. */
};

static struct ovsdb_error *
error_create_valist(const char *tag, const char *details, va_list args)
    OVS_PRINTF_FORMAT(2, 0);

static struct ovsdb_error *
error_create_valist(const char *tag, const char *details, va_list args)
{
    struct ovsdb_error *error = xmalloc(sizeof *error);

    error->tag = xstrdup(tag);
    error->details = details ? xvasprintf(details, args) : NULL;
    error->syntax = NULL;
    return error;
}

struct ovsdb_error *
ovsdb_error_create(const char *tag, const char *details, ...)
{
    struct ovsdb_error *error;
    va_list args;

    va_start(args, details);
    error = error_create_valist(tag, details, args);
    va_end(args);
    return error;
}

struct ovsdb_error *
ovsdb_syntax_error(const struct json *json, const char *tag,
                   const char *details, ...)
{
    struct ovsdb_error *error;
    va_list args;

    va_start(args, details);
    error = error_create_valist(tag ? tag : "syntax error", details, args);
    va_end(args);
    if (json) {
        error->syntax = json_to_string(json, JSSF_SORT);
    }
    return error;
}

struct ovsdb_error *
ovsdb_error_prefix(struct ovsdb_error *error, const char *format, ...)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    va_list args;

    va_start(args, format);
    ds_put_format_valist(&s, format, args);
    va_end(args);
    if (error->details) {
        ds_put_format(&s, ": %s", error->details);
        free(error->details);
    }
    error->details = ds_steal_cstr(&s);
    return error;
}

struct ovsdb_error *
ovsdb_error_clone(const struct ovsdb_error *old)
{
    struct ovsdb_error *new = xmalloc(sizeof *new);

    new->tag = xstrdup(old->tag);
    new->details = nullable_xstrdup(old->details);
    new->syntax = nullable_xstrdup(old->syntax);
    return new;
}

void
ovsdb_error_destroy(struct ovsdb_error *error)
{
    if (error) {
        free(error->tag);
        free(error->details);
        free(error->syntax);
        free(error);
    }
}

const char *
ovsdb_error_get_tag(const struct ovsdb_error *error)
{
    return error->tag;
}

const char *
ovsdb_error_get_details(const struct ovsdb_error *error)
{
    return error->details;
}

struct json *
ovsdb_error_to_json(const struct ovsdb_error *error)
{
    struct json *json = json_object_create();

    json_object_put_string(json, "error", error->tag);
    if (error->details) {
        json_object_put_string(json, "details", error->details);
    }
    if (error->syntax) {
        json_object_put_string(json, "syntax", error->syntax);
    }
    return json;
}

char *
ovsdb_error_to_string(const struct ovsdb_error *error)
{
    return (error->details
            ? xasprintf("%s: %s", error->tag, error->details)
            : xstrdup(error->tag));
}
