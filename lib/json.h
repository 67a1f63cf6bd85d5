/* json.h -- JSON values (RFC 8259), a strict incremental parser, and a
 * serializer.
 *
 * Values are reference counted: json_clone() is O(1) and shares the value;
 * json_destroy() drops a reference.  A shared value must not be modified.
 *
 * Numbers: an integer literal that fits in int64 is JSON_INTEGER; any other
 * number (fraction, exponent, or an integer outside int64) is JSON_REAL if
 * it is finite as a double, otherwise a parse error ("number out of range").
 *
 * Strings are validated UTF-8 (after \u escapes are decoded, surrogate
 * pairs combined); invalid UTF-8, lone surrogates and control characters
 * are parse errors.  Object member names are unique: a repeated name keeps
 * the last value.
 *
 * The parser is incremental: feed it bytes as they arrive from a stream;
 * it stops at the end of the first complete top-level value, so that a
 * stream of concatenated objects (JSON-RPC framing) can be split without
 * any other framing. */
#ifndef JSON_H
#define JSON_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "shash.h"

struct ds;

enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_OBJECT,
    JSON_ARRAY,
    JSON_INTEGER,
    JSON_REAL,
    JSON_STRING,
    JSON_SERIALIZED,    /* Output only: 'string' holds compact JSON text. */
    JSON_N_TYPES
};

const char *json_type_to_string(enum json_type);  /* "null", "object"... */

struct json_array {
    size_t n, n_allocated;
    struct json **elems;
};

struct json {
    enum json_type type;
    size_t count;                   /* Reference count. */
    union {
        struct shash *object;       /* Member name to struct json *. */
        struct json_array array;
        long long int integer;
        double real;
        char *string;               /* JSON_STRING, JSON_SERIALIZED. */
    };
};

/* Constructors.  Each returns a new value with one reference. */
struct json *json_null_create(void);
struct json *json_boolean_create(bool);
struct json *json_string_create(const char *);
struct json *json_string_create_nocopy(char *);
struct json *json_integer_create(long long int);
struct json *json_real_create(double);

/* A value given as its compact JSON text, written out verbatim by the
 * serializer.  Servers build large replies this way (an OVSDB select of
 * thousands of rows) to skip a tree of small nodes that would be freed
 * right after serialization.  The parser never creates one; json_equal()
 * and json_hash() compare it by its text only. */
struct json *json_serialized_create_nocopy(char *text);

/* The compact JSON text of an integer or a real, as json_to_ds() writes
 * them (a non-finite real becomes null). */
void json_integer_to_ds(long long int, struct ds *);
void json_real_to_ds(double, struct ds *);
struct json *json_array_create_empty(void);
struct json *json_array_create(struct json **elements, size_t n); /* Owns. */
struct json *json_array_create_1(struct json *);
struct json *json_array_create_2(struct json *, struct json *);
struct json *json_array_create_3(struct json *, struct json *,
                                 struct json *);
void json_array_add(struct json *array, struct json *element);  /* Owns. */
void json_array_trim(struct json *array);
struct json *json_object_create(void);
/* Adds or replaces member NAME; takes ownership of VALUE. */
void json_object_put(struct json *, const char *name, struct json *value);
void json_object_put_nocopy(struct json *, char *name, struct json *value);
void json_object_put_string(struct json *, const char *name,
                            const char *value);
void json_object_put_format(struct json *, const char *name,
                            const char *format, ...) OVS_PRINTF_FORMAT(3, 4);

struct json *json_clone(const struct json *);       /* New reference. */
struct json *json_deep_clone(const struct json *);  /* Unshared copy. */
void json_destroy(struct json *);                   /* NULL is fine. */

/* Accessors: the value must have the right type (asserted). */
const char *json_string(const struct json *);
struct json_array *json_array(const struct json *);
struct shash *json_object(const struct json *);
bool json_boolean(const struct json *);
double json_real(const struct json *);          /* Integer or real. */
long long int json_integer(const struct json *);

bool json_equal(const struct json *, const struct json *);
size_t json_hash(const struct json *, size_t basis);

/* Parsing. */
#define JSON_DEFAULT_MAX_DEPTH 1000

enum {
    /* Accept several whitespace-separated top-level values in one call of
     * json_parse_string(), returning them as one JSON array. */
    JSPF_MULTIPLE = 1 << 0,
};

struct json_parser;
struct json_parser *json_parser_create(int flags);
void json_parser_set_max_depth(struct json_parser *, unsigned int depth);
/* Consumes up to N bytes of DATA; returns how many it consumed.  It stops
 * early when a top-level object or array is complete or an error occurs. */
size_t json_parser_feed(struct json_parser *, const char *data, size_t n);
/* True once a complete top-level value was parsed or an error occurred. */
bool json_parser_is_done(const struct json_parser *);
/* Ends input (as if at end of file) and returns what was parsed.  Returns
 * NULL and sets *ERRORP (caller frees) on error; the parser is freed either
 * way.  Error messages name the position: "line 3, column 14, byte 52:
 * syntax error: expected ',' or ']'". */
struct json *json_parser_finish(struct json_parser *, char **errorp);
void json_parser_abort(struct json_parser *);
/* Bytes consumed so far (for size limits in callers). */
size_t json_parser_bytes(const struct json_parser *);

/* Parses all of S (N bytes, need not be NUL-terminated): exactly one value
 * surrounded by optional whitespace.  Returns NULL and sets *ERRORP on
 * error. */
struct json *json_parse_buffer(const char *s, size_t n, char **errorp);
struct json *json_parse_string(const char *s, char **errorp);
struct json *json_from_file(const char *file_name, char **errorp);

/* Serialization. */
enum {
    JSSF_PRETTY = 1 << 0,   /* Multi-line, indented by 2 spaces. */
    JSSF_SORT = 1 << 1,     /* Object members in name order. */
};
char *json_to_string(const struct json *, int flags);  /* Caller frees. */
void json_to_ds(const struct json *, int flags, struct ds *);
/* Appends S as a JSON string literal, with quotes and escapes. */
void json_string_escape(const char *s, struct ds *);

#endif /* json.h */
