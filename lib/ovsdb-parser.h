/* ovsdb-parser.h -- checked access to the members of a JSON object.
 *
 * Schemas and transaction operations are JSON objects with a fixed set of
 * members, some required, each of a given JSON type.  A parser wraps one
 * object: ovsdb_parser_member() fetches a member and checks its type, and
 * ovsdb_parser_finish() reports the first problem seen, including members
 * that were present but never asked for (so that a misspelt or misplaced
 * member is an error, not silently ignored).  After the first error every
 * further call is a no-op returning NULL, so callers check once, at the
 * end. */
#ifndef OVSDB_PARSER_H
#define OVSDB_PARSER_H 1

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct json;

enum ovsdb_parser_type {
    OP_NULL = 1 << 0,
    OP_FALSE = 1 << 1,
    OP_TRUE = 1 << 2,
    OP_BOOLEAN = OP_FALSE | OP_TRUE,
    OP_INTEGER = 1 << 3,
    OP_NONINTEGER = 1 << 4,
    OP_NUMBER = OP_INTEGER | OP_NONINTEGER,
    OP_STRING = 1 << 5,
    OP_ID = 1 << 6,             /* A string that is a valid <id>. */
    OP_ARRAY = 1 << 7,
    OP_OBJECT = 1 << 8,
    OP_OPTIONAL = 1 << 9,       /* Absence is not an error. */
};

/* Any JSON value, but optional. */
#define OP_ANY_VALUE (OP_NULL | OP_BOOLEAN | OP_NUMBER | OP_STRING \
                      | OP_ARRAY | OP_OBJECT | OP_OPTIONAL)

#define OVSDB_PARSER_MAX_MEMBERS 16

struct ovsdb_parser {
    const char *name;               /* What is parsed, for messages. */
    const struct json *json;        /* The object. */
    const char *used[OVSDB_PARSER_MAX_MEMBERS];
    size_t n_used;                  /* Members asked for. */
    size_t n_present;               /* Of those, how many were present. */
    struct ovsdb_error *error;
};

/* Starts parsing JSON, which is described as NAME in error messages (NAME
 * must outlive the parser).  If JSON is not an object, the parser starts in
 * the error state. */
void ovsdb_parser_init(struct ovsdb_parser *, const struct json *json,
                       const char *name);

/* Returns member NAME if it is present and has one of TYPES, otherwise NULL
 * (setting an error unless it is absent and TYPES includes OP_OPTIONAL). */
const struct json *ovsdb_parser_member(struct ovsdb_parser *,
                                       const char *name, int types);

bool ovsdb_parser_has_error(const struct ovsdb_parser *);

/* Records a syntax error (if none yet) with formatted details. */
void ovsdb_parser_raise_error(struct ovsdb_parser *, const char *format, ...)
    OVS_PRINTF_FORMAT(2, 3);

/* Adopts ERROR (if none yet; otherwise destroys it). */
void ovsdb_parser_put_error(struct ovsdb_parser *, struct ovsdb_error *);

/* Checks for members that were never fetched and returns the first error
 * seen, or NULL.  The caller owns the returned error. */
struct ovsdb_error *ovsdb_parser_finish(struct ovsdb_parser *)
    OVS_WARN_UNUSED_RESULT;

/* Like ovsdb_parser_finish(), but forgets the error. */
void ovsdb_parser_destroy(struct ovsdb_parser *);

/* True if S is an <id>: [a-zA-Z_][a-zA-Z0-9_]*. */
bool ovsdb_parser_is_id(const char *s);

#endif /* ovsdb-parser.h */
