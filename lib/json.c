/* json.c -- JSON values (RFC 8259), a strict incremental parser, and a
 * serializer.
 *
 * Values: each struct json is reference counted (json_clone() shares,
 * json_destroy() drops a reference).  Objects are shash maps from member
 * name to value, so member order is not kept; JSSF_SORT gives a stable
 * order when one is needed.
 *
 * Parser: a byte-driven state machine, so that input may arrive in pieces
 * of any size (a stream read) and a token may be split anywhere, even
 * inside a UTF-8 sequence or a \u escape.  Two levels of state:
 *
 *   - the lexer ('lex' and 'str_state'/'num_state'): inside a string,
 *     number or literal, or between tokens;
 *   - the grammar ('state' plus a stack of open arrays and objects): what
 *     may come next.
 *
 * The hot paths (runs of plain string bytes, digits, whitespace) are tight
 * loops over the input; everything else goes one byte at a time.  String
 * bytes collect in one reusable ds buffer and are copied out once, when
 * the string ends.
 *
 * Strictness (all of these are errors): a UTF-8 byte order mark, invalid
 * UTF-8 (bad bytes, overlong forms, UTF-8 encoded surrogates, code points
 * above U+10FFFF, truncated sequences), unescaped control characters,
 * unknown escapes, lone surrogates in \u escapes, numbers outside the
 * RFC 8259 grammar (leading zeros, '+', ".5", "1.", "1e"), numbers that
 * overflow a double, literals other than true/false/null, trailing
 * commas, and nesting deeper than the limit.  We reject the byte order
 * mark rather than skip it: RFC 8259 says senders must not add one, and a
 * BOM usually means the text came from a tool that may also have changed
 * the encoding.
 *
 * "\u0000" is valid JSON but cannot live in a NUL-terminated C string.  We
 * store it as the two bytes C0 80 (the "modified UTF-8" convention), which
 * never occur in valid UTF-8, and the serializer writes C0 80 back out as
 * "\u0000", so such strings round-trip.
 *
 * Error messages name the position of the offending byte:
 * "line L, column C, byte B: syntax error: WHAT", where L and C count from
 * 1, C counts bytes (not characters) from the start of the line, and B is
 * the 1-based offset of the byte in the whole input.  At end of input the
 * position is one past the last byte.
 *
 * Serializer: compact by default; JSSF_PRETTY puts each member and element
 * on its own line, indented by 2 spaces per level, with the closing
 * bracket on a line of its own; JSSF_SORT orders members by name (strcmp).
 * Reals print in the shortest of %.15g, %.16g, %.17g that reads back as
 * the same double (like Open vSwitch, an integral real such as 1.0 prints
 * as "1" and so reads back as an integer).  Non-finite reals, which JSON
 * cannot express, print as null. */

#include <config.h>
#include "json.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"
#include "shash.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Values. */

const char *
json_type_to_string(enum json_type type)
{
    switch (type) {
    case JSON_NULL: return "null";
    case JSON_FALSE: return "false";
    case JSON_TRUE: return "true";
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "real";
    case JSON_STRING: return "string";
    case JSON_SERIALIZED: return "serialized";
    case JSON_N_TYPES:
    default: return "<invalid>";
    }
}

static struct json *
json_create(enum json_type type)
{
    struct json *json = xmalloc(sizeof *json);
    json->type = type;
    json->count = 1;
    return json;
}

struct json *
json_null_create(void)
{
    return json_create(JSON_NULL);
}

struct json *
json_boolean_create(bool b)
{
    return json_create(b ? JSON_TRUE : JSON_FALSE);
}

struct json *
json_string_create_nocopy(char *s)
{
    struct json *json = json_create(JSON_STRING);
    json->string = s;
    return json;
}

struct json *
json_serialized_create_nocopy(char *text)
{
    struct json *json = json_create(JSON_SERIALIZED);
    json->string = text;
    return json;
}

struct json *
json_string_create(const char *s)
{
    return json_string_create_nocopy(xstrdup(s));
}

struct json *
json_integer_create(long long int integer)
{
    struct json *json = json_create(JSON_INTEGER);
    json->integer = integer;
    return json;
}

struct json *
json_real_create(double real)
{
    struct json *json = json_create(JSON_REAL);
    json->real = real;
    return json;
}

struct json *
json_array_create_empty(void)
{
    struct json *json = json_create(JSON_ARRAY);
    json->array.n = 0;
    json->array.n_allocated = 0;
    json->array.elems = NULL;
    return json;
}

struct json *
json_array_create(struct json **elements, size_t n)
{
    struct json *json = json_create(JSON_ARRAY);
    json->array.n = n;
    json->array.n_allocated = n;
    json->array.elems = elements;
    return json;
}

struct json *
json_array_create_1(struct json *a)
{
    struct json **elems = xmalloc(sizeof *elems);
    elems[0] = a;
    return json_array_create(elems, 1);
}

struct json *
json_array_create_2(struct json *a, struct json *b)
{
    struct json **elems = xmalloc(2 * sizeof *elems);
    elems[0] = a;
    elems[1] = b;
    return json_array_create(elems, 2);
}

struct json *
json_array_create_3(struct json *a, struct json *b, struct json *c)
{
    struct json **elems = xmalloc(3 * sizeof *elems);
    elems[0] = a;
    elems[1] = b;
    elems[2] = c;
    return json_array_create(elems, 3);
}

void
json_array_add(struct json *json, struct json *element)
{
    struct json_array *array = json_array(json);
    if (array->n >= array->n_allocated) {
        array->elems = x2nrealloc(array->elems, &array->n_allocated,
                                  sizeof *array->elems);
    }
    array->elems[array->n++] = element;
}

void
json_array_trim(struct json *json)
{
    struct json_array *array = json_array(json);
    if (array->n < array->n_allocated) {
        array->n_allocated = array->n;
        if (array->n) {
            array->elems = xrealloc(array->elems,
                                    array->n * sizeof *array->elems);
        } else {
            free(array->elems);
            array->elems = NULL;
        }
    }
}

struct json *
json_object_create(void)
{
    struct json *json = json_create(JSON_OBJECT);
    json->object = xmalloc(sizeof *json->object);
    shash_init(json->object);
    return json;
}

void
json_object_put(struct json *json, const char *name, struct json *value)
{
    json_destroy(shash_replace(json_object(json), name, value));
}

/* Takes ownership of NAME (freed here if the member already exists). */
void
json_object_put_nocopy(struct json *json, char *name, struct json *value)
{
    struct shash *object = json_object(json);
    struct shash_node *node = shash_find(object, name);
    if (node) {
        json_destroy(node->data);
        node->data = value;
        free(name);
    } else {
        shash_add_nocopy(object, name, value);
    }
}

void
json_object_put_string(struct json *json, const char *name,
                       const char *value)
{
    json_object_put(json, name, json_string_create(value));
}

void
json_object_put_format(struct json *json, const char *name,
                       const char *format, ...)
{
    va_list args;

    va_start(args, format);
    char *s = xvasprintf(format, args);
    va_end(args);
    json_object_put(json, name, json_string_create_nocopy(s));
}

struct json *
json_clone(const struct json *json_)
{
    struct json *json = (struct json *) json_;
    json->count++;
    return json;
}

struct json *
json_deep_clone(const struct json *json)
{
    switch (json->type) {
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
        return json_create(json->type);

    case JSON_OBJECT: {
        struct json *copy = json_object_create();
        struct shash_node *node;

        SHASH_FOR_EACH (node, json->object) {
            shash_add_nocopy(copy->object, xstrdup(node->name),
                             json_deep_clone(node->data));
        }
        return copy;
    }

    case JSON_ARRAY: {
        const struct json_array *array = &json->array;
        if (!array->n) {
            return json_array_create_empty();
        }
        struct json **elems = xmalloc(array->n * sizeof *elems);
        for (size_t i = 0; i < array->n; i++) {
            elems[i] = json_deep_clone(array->elems[i]);
        }
        return json_array_create(elems, array->n);
    }

    case JSON_INTEGER:
        return json_integer_create(json->integer);
    case JSON_REAL:
        return json_real_create(json->real);
    case JSON_STRING:
        return json_string_create(json->string);
    case JSON_SERIALIZED:
        return json_serialized_create_nocopy(xstrdup(json->string));
    case JSON_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

static void
json_free(struct json *json)
{
    switch (json->type) {
    case JSON_OBJECT: {
        struct shash_node *node;

        SHASH_FOR_EACH (node, json->object) {
            json_destroy(node->data);
        }
        shash_destroy(json->object);
        free(json->object);
        break;
    }
    case JSON_ARRAY:
        for (size_t i = 0; i < json->array.n; i++) {
            json_destroy(json->array.elems[i]);
        }
        free(json->array.elems);
        break;
    case JSON_STRING:
    case JSON_SERIALIZED:
        free(json->string);
        break;
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
    case JSON_INTEGER:
    case JSON_REAL:
    case JSON_N_TYPES:
    default:
        break;
    }
    free(json);
}

void
json_destroy(struct json *json)
{
    if (json && !--json->count) {
        json_free(json);
    }
}

const char *
json_string(const struct json *json)
{
    ovs_assert(json->type == JSON_STRING);
    return json->string;
}

struct json_array *
json_array(const struct json *json)
{
    ovs_assert(json->type == JSON_ARRAY);
    return (struct json_array *) &json->array;
}

struct shash *
json_object(const struct json *json)
{
    ovs_assert(json->type == JSON_OBJECT);
    return json->object;
}

bool
json_boolean(const struct json *json)
{
    ovs_assert(json->type == JSON_TRUE || json->type == JSON_FALSE);
    return json->type == JSON_TRUE;
}

double
json_real(const struct json *json)
{
    ovs_assert(json->type == JSON_REAL || json->type == JSON_INTEGER);
    return json->type == JSON_REAL ? json->real : json->integer;
}

long long int
json_integer(const struct json *json)
{
    ovs_assert(json->type == JSON_INTEGER);
    return json->integer;
}

static bool
real_equal(double a, double b)
{
    /* -0.0 == 0.0, and NaN equals NaN so that every value equals itself
     * (json_hash() hashes them to match). */
    return a == b || (isnan(a) && isnan(b));
}

bool
json_equal(const struct json *a, const struct json *b)
{
    if (a == b) {
        return true;
    } else if (a->type != b->type) {
        return false;
    }

    switch (a->type) {
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
        return true;

    case JSON_OBJECT: {
        const struct shash_node *node;

        if (shash_count(a->object) != shash_count(b->object)) {
            return false;
        }
        SHASH_FOR_EACH (node, a->object) {
            const struct json *b_value = shash_find_data(b->object,
                                                         node->name);
            if (!b_value || !json_equal(node->data, b_value)) {
                return false;
            }
        }
        return true;
    }

    case JSON_ARRAY:
        if (a->array.n != b->array.n) {
            return false;
        }
        for (size_t i = 0; i < a->array.n; i++) {
            if (!json_equal(a->array.elems[i], b->array.elems[i])) {
                return false;
            }
        }
        return true;

    case JSON_INTEGER:
        return a->integer == b->integer;
    case JSON_REAL:
        return real_equal(a->real, b->real);
    case JSON_STRING:
    case JSON_SERIALIZED:
        return !strcmp(a->string, b->string);
    case JSON_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

size_t
json_hash(const struct json *json, size_t basis)
{
    switch (json->type) {
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
        return hash_int(json->type << 8, basis);

    case JSON_OBJECT: {
        /* Member order is arbitrary, so combine the members' hashes with
         * an order-independent operation (addition). */
        const struct shash_node *node;
        uint32_t sum = 0;

        SHASH_FOR_EACH (node, json->object) {
            sum += hash_string(node->name, json_hash(node->data, 0));
        }
        return hash_int(sum, hash_int(JSON_OBJECT << 8, basis));
    }

    case JSON_ARRAY: {
        size_t hash = hash_int(json->array.n, hash_int(JSON_ARRAY << 8,
                                                       basis));
        for (size_t i = 0; i < json->array.n; i++) {
            hash = json_hash(json->array.elems[i], hash);
        }
        return hash;
    }

    case JSON_INTEGER:
        return hash_uint64(json->integer, basis);

    case JSON_REAL: {
        double d = json->real;
        if (d == 0) {
            d = 0;              /* -0.0 and 0.0 are equal. */
        } else if (isnan(d)) {
            d = NAN;            /* All NaNs are equal. */
        }
        return hash_bytes(&d, sizeof d, hash_int(JSON_REAL << 8, basis));
    }

    case JSON_STRING:
        return hash_string(json->string, basis);

    case JSON_SERIALIZED:
        return hash_string(json->string, hash_int(JSON_SERIALIZED << 8,
                                                  basis));

    case JSON_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

/* ------------------------------------------------------------------ */
/* Parser. */

/* Where the grammar is: what the next token may be. */
enum parse_state {
    PS_VALUE,                   /* A value (top level, after ':' or ','). */
    PS_VALUE_OR_CLOSE,          /* After '[': a value or ']'. */
    PS_NAME_OR_CLOSE,           /* After '{': a member name or '}'. */
    PS_NAME,                    /* After ',' in an object: a name. */
    PS_COLON,                   /* After a member name: ':'. */
    PS_COMMA_OR_CLOSE,          /* After an element or member value. */
    PS_DONE,                    /* The top-level value is complete. */
    PS_ERROR                    /* 'error' says what went wrong. */
};

/* What token the lexer is in the middle of, if any. */
enum lex_state {
    LEX_NONE,
    LEX_STRING,
    LEX_NUMBER,
    LEX_LITERAL
};

/* Inside a string. */
enum str_state {
    STR_PLAIN,                  /* Ordinary characters. */
    STR_UTF8,                   /* Continuation bytes of a UTF-8 char. */
    STR_ESCAPE,                 /* After '\'. */
    STR_HEX,                    /* In the 4 hex digits of \uXXXX. */
    STR_LOW_BACKSLASH,          /* After a high surrogate: want '\'. */
    STR_LOW_U                   /* ...then 'u'. */
};

/* Inside a number, after what (RFC 8259 section 6 grammar). */
enum num_state {
    NUM_MINUS,                  /* '-': a digit must follow. */
    NUM_ZERO,                   /* Leading '0': no more integer digits. */
    NUM_INT,                    /* Integer digits. */
    NUM_DOT,                    /* '.': a digit must follow. */
    NUM_FRAC,                   /* Fraction digits. */
    NUM_E,                      /* 'e' or 'E': sign or digit must follow. */
    NUM_EXP_SIGN,               /* Exponent sign: a digit must follow. */
    NUM_EXP                     /* Exponent digits. */
};

/* Longest literal we bother to collect before calling it invalid. */
#define MAX_LITERAL 16

/* An open array or object. */
struct json_frame {
    struct json *json;
    char *name;                 /* Object member name awaiting its value. */
};

struct json_parser {
    int flags;
    unsigned int max_depth;

    /* Grammar. */
    enum parse_state state;
    struct json_frame *stack;
    size_t height, allocated;
    struct json *result;        /* The value, once 'state' is PS_DONE. */
    struct json *multiple;      /* JSPF_MULTIPLE: the values so far. */
    char *error;                /* The message, once 'state' is PS_ERROR. */

    /* Lexer. */
    enum lex_state lex;
    int sub;                    /* enum str_state or enum num_state. */
    bool is_name;               /* The string is an object member name. */
    bool is_integer;            /* The number has no fraction/exponent. */
    struct ds buffer;           /* The current token's text. */
    size_t token_start;         /* Offset of the token's first byte. */
    size_t esc_start;           /* Offset of the current '\'. */
    size_t high_start;          /* Offset of a pending high surrogate. */
    uint32_t high;              /* Pending high surrogate, or 0. */
    uint32_t ucs;               /* \u escape value so far. */
    int n_hex;                  /* Hex digits of \u escape so far. */
    int utf8_left;              /* UTF-8 continuation bytes to come. */
    unsigned char utf8_lo;      /* Allowed range of the next one. */
    unsigned char utf8_hi;
    unsigned char utf8_lead;    /* The sequence's first byte. */

    /* Position. */
    size_t offset;              /* Bytes consumed before this chunk. */
    const unsigned char *chunk; /* The chunk being fed. */
    size_t line;                /* Current line, from 1. */
    size_t line_start;          /* Offset where the current line starts. */
};

/* Byte classes for the scanning loops. */
enum {
    C_PLAIN = 1 << 0,           /* Copied as is inside a string. */
    C_SPACE = 1 << 1,           /* Whitespace between tokens. */
    C_DIGIT = 1 << 2,
    C_ALPHA = 1 << 3,
};

static uint8_t byte_class[256];

static void
init_byte_class(void)
{
    if (!byte_class['0']) {
        for (int c = 0x20; c < 0x80; c++) {
            byte_class[c] |= C_PLAIN;
        }
        byte_class['"'] &= ~C_PLAIN;
        byte_class['\\'] &= ~C_PLAIN;
        byte_class[' '] |= C_SPACE;
        byte_class['\t'] |= C_SPACE;
        byte_class['\n'] |= C_SPACE;
        byte_class['\r'] |= C_SPACE;
        for (int c = '0'; c <= '9'; c++) {
            byte_class[c] |= C_DIGIT;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            byte_class[c] |= C_ALPHA;
            byte_class[c - 'a' + 'A'] |= C_ALPHA;
        }
    }
}

OVS_CONSTRUCTOR(json_init_byte_class)
{
    init_byte_class();
}

struct json_parser *
json_parser_create(int flags)
{
    struct json_parser *p = xzalloc(sizeof *p);

    init_byte_class();
    p->flags = flags;
    p->max_depth = JSON_DEFAULT_MAX_DEPTH;
    p->state = PS_VALUE;
    p->lex = LEX_NONE;
    ds_init(&p->buffer);
    p->line = 1;
    if (flags & JSPF_MULTIPLE) {
        p->multiple = json_array_create_empty();
    }
    return p;
}

void
json_parser_set_max_depth(struct json_parser *p, unsigned int depth)
{
    p->max_depth = depth;
}

bool
json_parser_is_done(const struct json_parser *p)
{
    return p->state == PS_DONE || p->state == PS_ERROR;
}

size_t
json_parser_bytes(const struct json_parser *p)
{
    return p->offset;
}

/* Offset in the whole input of S, a pointer into the current chunk. */
static inline size_t
pos_of(const struct json_parser *p, const unsigned char *s)
{
    return p->offset + (s - p->chunk);
}

static void parser_error_at(struct json_parser *, size_t pos,
                            const char *format, ...)
    OVS_PRINTF_FORMAT(3, 4);

static void
parser_error_at(struct json_parser *p, size_t pos, const char *format, ...)
{
    va_list args;

    if (p->state == PS_ERROR) {
        return;                 /* Keep the first error. */
    }
    va_start(args, format);
    char *what = xvasprintf(format, args);
    va_end(args);

    p->error = xasprintf("line %zu, column %zu, byte %zu: syntax error: %s",
                         p->line, pos - p->line_start + 1, pos + 1, what);
    free(what);
    p->state = PS_ERROR;
    p->lex = LEX_NONE;
}

/* Describes what the grammar wanted, for "expected ..." errors. */
static const char *
expected_what(const struct json_parser *p)
{
    switch (p->state) {
    case PS_VALUE:
        return "expected value";
    case PS_VALUE_OR_CLOSE:
        return "expected value or ']'";
    case PS_NAME_OR_CLOSE:
        return "expected string or '}'";
    case PS_NAME:
        return "expected string";
    case PS_COLON:
        return "expected ':'";
    case PS_COMMA_OR_CLOSE:
        return (p->stack[p->height - 1].json->type == JSON_ARRAY
                ? "expected ',' or ']'" : "expected ',' or '}'");
    case PS_DONE:
    case PS_ERROR:
    default:
        return "unexpected data";
    }
}

static inline bool
expecting_value(const struct json_parser *p)
{
    return p->state == PS_VALUE || p->state == PS_VALUE_OR_CLOSE;
}

/* A complete value VALUE has been parsed: attach it to its container, or
 * make it the result. */
static void
parser_put_value(struct json_parser *p, struct json *value)
{
    if (p->height) {
        struct json_frame *top = &p->stack[p->height - 1];
        if (top->json->type == JSON_ARRAY) {
            json_array_add(top->json, value);
        } else {
            json_object_put_nocopy(top->json, top->name, value);
            top->name = NULL;
        }
        p->state = PS_COMMA_OR_CLOSE;
    } else if (p->multiple) {
        json_array_add(p->multiple, value);
        p->state = PS_VALUE;
    } else {
        p->result = value;
        p->state = PS_DONE;
    }
}

static void
parser_push(struct json_parser *p, struct json *container, size_t pos)
{
    if (p->height >= p->max_depth) {
        json_destroy(container);
        parser_error_at(p, pos, "nesting deeper than %u levels",
                        p->max_depth);
        return;
    }
    if (p->height >= p->allocated) {
        p->stack = x2nrealloc(p->stack, &p->allocated, sizeof *p->stack);
    }
    p->stack[p->height].json = container;
    p->stack[p->height].name = NULL;
    p->height++;
    p->state = (container->type == JSON_ARRAY
                ? PS_VALUE_OR_CLOSE : PS_NAME_OR_CLOSE);
}

static void
parser_pop(struct json_parser *p)
{
    struct json *container = p->stack[--p->height].json;
    if (container->type == JSON_ARRAY) {
        json_array_trim(container);
    }
    parser_put_value(p, container);
}

/* Appends code point CP (at most U+10FFFF, not a surrogate) to the string
 * buffer in UTF-8.  U+0000 becomes C0 80 (see the top of the file). */
static void
put_utf8(struct ds *ds, uint32_t cp)
{
    if (cp == 0) {
        ds_put_buffer(ds, "\xc0\x80", 2);
    } else if (cp < 0x80) {
        ds_put_char(ds, cp);
    } else if (cp < 0x800) {
        char *b = ds_put_uninit(ds, 2);
        b[0] = 0xc0 | (cp >> 6);
        b[1] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
        char *b = ds_put_uninit(ds, 3);
        b[0] = 0xe0 | (cp >> 12);
        b[1] = 0x80 | ((cp >> 6) & 0x3f);
        b[2] = 0x80 | (cp & 0x3f);
    } else {
        char *b = ds_put_uninit(ds, 4);
        b[0] = 0xf0 | (cp >> 18);
        b[1] = 0x80 | ((cp >> 12) & 0x3f);
        b[2] = 0x80 | ((cp >> 6) & 0x3f);
        b[3] = 0x80 | (cp & 0x3f);
    }
}

static void
string_done(struct json_parser *p)
{
    char *s = xmemdup0(p->buffer.string ? p->buffer.string : "",
                       p->buffer.length);

    p->lex = LEX_NONE;
    if (p->is_name) {
        p->stack[p->height - 1].name = s;
        p->state = PS_COLON;
    } else {
        parser_put_value(p, json_string_create_nocopy(s));
    }
}

/* A \u escape's value is in p->ucs. */
static void
string_code_unit(struct json_parser *p)
{
    uint32_t u = p->ucs;

    if (p->high) {
        if (u >= 0xdc00 && u <= 0xdfff) {
            put_utf8(&p->buffer,
                     0x10000 + ((p->high - 0xd800) << 10) + (u - 0xdc00));
            p->high = 0;
            p->sub = STR_PLAIN;
        } else {
            parser_error_at(p, p->high_start,
                            "\\u%04X is a high surrogate without a low "
                            "surrogate after it", (unsigned int) p->high);
        }
    } else if (u >= 0xd800 && u <= 0xdbff) {
        p->high = u;
        p->high_start = p->esc_start;
        p->sub = STR_LOW_BACKSLASH;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
        parser_error_at(p, p->esc_start, "\\u%04X is a low surrogate "
                        "without a high surrogate before it",
                        (unsigned int) u);
    } else {
        put_utf8(&p->buffer, u);
        p->sub = STR_PLAIN;
    }
}

static int
hex_value(int c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* The first byte of a UTF-8 sequence, C (0x80 or above), at S. */
static void
string_utf8_lead(struct json_parser *p, const unsigned char *s)
{
    int c = *s;

    p->utf8_lo = 0x80;
    p->utf8_hi = 0xbf;
    if (c < 0xc0) {
        parser_error_at(p, pos_of(p, s), "invalid UTF-8: unexpected "
                        "continuation byte 0x%02x", c);
        return;
    } else if (c < 0xc2) {
        parser_error_at(p, pos_of(p, s), "invalid UTF-8: overlong "
                        "encoding (byte 0x%02x)", c);
        return;
    } else if (c < 0xe0) {
        p->utf8_left = 1;
    } else if (c < 0xf0) {
        p->utf8_left = 2;
        if (c == 0xe0) {
            p->utf8_lo = 0xa0;      /* Below is overlong. */
        } else if (c == 0xed) {
            p->utf8_hi = 0x9f;      /* Above is a surrogate. */
        }
    } else if (c < 0xf5) {
        p->utf8_left = 3;
        if (c == 0xf0) {
            p->utf8_lo = 0x90;      /* Below is overlong. */
        } else if (c == 0xf4) {
            p->utf8_hi = 0x8f;      /* Above is beyond U+10FFFF. */
        }
    } else {
        parser_error_at(p, pos_of(p, s), "invalid UTF-8: byte 0x%02x "
                        "never occurs in UTF-8", c);
        return;
    }
    p->utf8_lead = c;
    p->token_start = pos_of(p, s);    /* Reused: the sequence's start. */
    ds_put_char(&p->buffer, c);
    p->sub = STR_UTF8;
}

static void
string_utf8_error(struct json_parser *p, int c)
{
    const char *what;

    if (c < 0x80 || c > 0xbf) {
        what = "truncated sequence";
    } else if (p->utf8_lead == 0xe0 || p->utf8_lead == 0xf0) {
        what = "overlong encoding";
    } else if (p->utf8_lead == 0xed) {
        what = "encoded surrogate";
    } else {
        what = "code point beyond U+10FFFF";
    }
    parser_error_at(p, p->token_start, "invalid UTF-8: %s", what);
}

/* Continues a string at S.  Returns where it stopped: at END, just past
 * the closing quote, or at an error. */
static const unsigned char *
lex_string(struct json_parser *p, const unsigned char *s,
           const unsigned char *end)
{
    while (s < end) {
        int c;

        switch ((enum str_state) p->sub) {
        case STR_PLAIN: {
            const unsigned char *run = s;
            while (s < end && (byte_class[*s] & C_PLAIN)) {
                s++;
            }
            if (s > run) {
                ds_put_buffer(&p->buffer, (const char *) run, s - run);
            }
            if (s >= end) {
                return s;
            }
            c = *s;
            if (c == '"') {
                string_done(p);
                return s + 1;
            } else if (c == '\\') {
                p->esc_start = pos_of(p, s);
                p->sub = STR_ESCAPE;
            } else if (c < 0x20) {
                parser_error_at(p, pos_of(p, s), "control character U+%04X "
                                "must be escaped in a string", c);
                return s;
            } else {
                string_utf8_lead(p, s);
                if (p->state == PS_ERROR) {
                    return s;
                }
            }
            s++;
            break;
        }

        case STR_UTF8:
            c = *s;
            if (c < p->utf8_lo || c > p->utf8_hi) {
                string_utf8_error(p, c);
                return s;
            }
            ds_put_char(&p->buffer, c);
            p->utf8_lo = 0x80;
            p->utf8_hi = 0xbf;
            if (!--p->utf8_left) {
                p->sub = STR_PLAIN;
            }
            s++;
            break;

        case STR_ESCAPE:
            c = *s;
            switch (c) {
            case '"': case '\\': case '/':
                ds_put_char(&p->buffer, c);
                break;
            case 'b': ds_put_char(&p->buffer, '\b'); break;
            case 'f': ds_put_char(&p->buffer, '\f'); break;
            case 'n': ds_put_char(&p->buffer, '\n'); break;
            case 'r': ds_put_char(&p->buffer, '\r'); break;
            case 't': ds_put_char(&p->buffer, '\t'); break;
            case 'u':
                p->sub = STR_HEX;
                p->n_hex = 0;
                p->ucs = 0;
                s++;
                continue;
            default:
                if (c >= 0x21 && c < 0x7f) {
                    parser_error_at(p, p->esc_start,
                                    "invalid escape '\\%c'", c);
                } else {
                    parser_error_at(p, p->esc_start, "invalid escape "
                                    "('\\' followed by byte 0x%02x)", c);
                }
                return s;
            }
            p->sub = STR_PLAIN;
            s++;
            break;

        case STR_HEX: {
            int h = hex_value(*s);
            if (h < 0) {
                parser_error_at(p, pos_of(p, s), "\\u must be followed by "
                                "4 hexadecimal digits");
                return s;
            }
            p->ucs = (p->ucs << 4) | h;
            s++;
            if (++p->n_hex == 4) {
                string_code_unit(p);
                if (p->state == PS_ERROR) {
                    return s;
                }
            }
            break;
        }

        case STR_LOW_BACKSLASH:
        case STR_LOW_U:
            c = *s;
            if (c != (p->sub == STR_LOW_BACKSLASH ? '\\' : 'u')) {
                parser_error_at(p, p->high_start,
                                "\\u%04X is a high surrogate without a low "
                                "surrogate after it", (unsigned int) p->high);
                return s;
            }
            if (p->sub == STR_LOW_BACKSLASH) {
                p->esc_start = pos_of(p, s);
                p->sub = STR_LOW_U;
            } else {
                p->sub = STR_HEX;
                p->n_hex = 0;
                p->ucs = 0;
            }
            s++;
            break;

        default:
            OVS_NOT_REACHED();
        }
    }
    return s;
}

/* Returns the error message for a number that ends in state STATE, or NULL
 * if STATE is a valid end. */
static const char *
number_end_error(enum num_state state)
{
    switch (state) {
    case NUM_MINUS:
        return "'-' must be followed by a digit";
    case NUM_DOT:
        return "'.' must be followed by a digit";
    case NUM_E:
    case NUM_EXP_SIGN:
        return "exponent must contain a digit";
    case NUM_ZERO:
    case NUM_INT:
    case NUM_FRAC:
    case NUM_EXP:
    default:
        return NULL;
    }
}

/* The number in p->buffer is complete and well-formed: convert it. */
static void
number_done(struct json_parser *p)
{
    const char *s = ds_cstr(&p->buffer);

    p->lex = LEX_NONE;
    if (p->is_integer) {
        bool negative = *s == '-';
        uint64_t limit = negative ? UINT64_C(1) << 63 : INT64_MAX;
        uint64_t u = 0;
        const char *q;

        for (q = s + negative; *q; q++) {
            unsigned int d = *q - '0';
            if (u > (limit - d) / 10) {
                break;          /* Too big for int64: becomes a real. */
            }
            u = u * 10 + d;
        }
        if (!*q) {
            long long int value = (negative
                                   ? (u == UINT64_C(1) << 63
                                      ? LLONG_MIN : -(long long int) u)
                                   : (long long int) u);
            parser_put_value(p, json_integer_create(value));
            return;
        }
    }

    double d = strtod(s, NULL);
    if (!isfinite(d)) {
        parser_error_at(p, p->token_start, "number out of range");
        return;
    }
    parser_put_value(p, json_real_create(d));
}

/* Continues a number at S.  Returns where it stopped: at END, at the first
 * byte after the number (not consumed), or at an error. */
static const unsigned char *
lex_number(struct json_parser *p, const unsigned char *s,
           const unsigned char *end)
{
    while (s < end) {
        int c = *s;

        if (byte_class[c] & C_DIGIT) {
            const unsigned char *run = s;
            switch ((enum num_state) p->sub) {
            case NUM_ZERO:
                parser_error_at(p, pos_of(p, s),
                                "leading zeros are not allowed");
                return s;
            case NUM_MINUS:
                p->sub = c == '0' ? NUM_ZERO : NUM_INT;
                s++;
                if (c == '0') {
                    ds_put_char(&p->buffer, c);
                    continue;
                }
                break;
            case NUM_DOT:
                p->sub = NUM_FRAC;
                break;
            case NUM_E:
            case NUM_EXP_SIGN:
                p->sub = NUM_EXP;
                break;
            case NUM_INT:
            case NUM_FRAC:
            case NUM_EXP:
            default:
                break;
            }
            while (s < end && (byte_class[*s] & C_DIGIT)) {
                s++;
            }
            ds_put_buffer(&p->buffer, (const char *) run, s - run);
            continue;
        }

        enum num_state state = p->sub;
        const char *error;
        if ((state == NUM_ZERO || state == NUM_INT) && c == '.') {
            p->sub = NUM_DOT;
            p->is_integer = false;
        } else if ((state == NUM_ZERO || state == NUM_INT
                    || state == NUM_FRAC) && (c == 'e' || c == 'E')) {
            p->sub = NUM_E;
            p->is_integer = false;
        } else if (state == NUM_E && (c == '+' || c == '-')) {
            p->sub = NUM_EXP_SIGN;
        } else if ((error = number_end_error(state)) != NULL) {
            parser_error_at(p, pos_of(p, s), "%s", error);
            return s;
        } else {
            number_done(p);     /* C is not part of the number. */
            return s;
        }
        ds_put_char(&p->buffer, c);
        s++;
    }
    return s;
}

static void
literal_done(struct json_parser *p)
{
    const char *s = ds_cstr(&p->buffer);

    p->lex = LEX_NONE;
    if (!strcmp(s, "true")) {
        parser_put_value(p, json_boolean_create(true));
    } else if (!strcmp(s, "false")) {
        parser_put_value(p, json_boolean_create(false));
    } else if (!strcmp(s, "null")) {
        parser_put_value(p, json_null_create());
    } else {
        parser_error_at(p, p->token_start, "invalid literal '%s%s'", s,
                        p->buffer.length >= MAX_LITERAL ? "..." : "");
    }
}

/* Continues a literal (a run of letters) at S. */
static const unsigned char *
lex_literal(struct json_parser *p, const unsigned char *s,
            const unsigned char *end)
{
    while (s < end && (byte_class[*s] & C_ALPHA)) {
        if (p->buffer.length >= MAX_LITERAL) {
            literal_done(p);    /* Too long to be valid: reports it. */
            return s;
        }
        ds_put_char(&p->buffer, *s++);
    }
    if (s < end) {
        literal_done(p);
    }
    return s;
}

/* Starts a token of kind LEX at S. */
static void
start_token(struct json_parser *p, enum lex_state lex,
            const unsigned char *s)
{
    p->lex = lex;
    p->token_start = pos_of(p, s);
    ds_clear(&p->buffer);
}

size_t
json_parser_feed(struct json_parser *p, const char *data, size_t n)
{
    const unsigned char *start = (const unsigned char *) data;
    const unsigned char *s = start;
    const unsigned char *end = start + n;

    p->chunk = start;
    while (s < end && p->state < PS_DONE) {
        int c;

        switch (p->lex) {
        case LEX_STRING:
            s = lex_string(p, s, end);
            continue;
        case LEX_NUMBER:
            s = lex_number(p, s, end);
            continue;
        case LEX_LITERAL:
            s = lex_literal(p, s, end);
            continue;
        case LEX_NONE:
        default:
            break;
        }

        c = *s;
        switch (c) {
        case ' ': case '\t': case '\r':
            s++;
            break;

        case '\n':
            s++;
            p->line++;
            p->line_start = pos_of(p, s);
            break;

        case '"':
            if (expecting_value(p)) {
                p->is_name = false;
            } else if (p->state == PS_NAME || p->state == PS_NAME_OR_CLOSE) {
                p->is_name = true;
            } else {
                goto unexpected;
            }
            start_token(p, LEX_STRING, s);
            p->sub = STR_PLAIN;
            p->high = 0;
            s++;
            break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            if (!expecting_value(p)) {
                goto unexpected;
            }
            start_token(p, LEX_NUMBER, s);
            p->sub = (c == '-' ? NUM_MINUS : c == '0' ? NUM_ZERO : NUM_INT);
            p->is_integer = true;
            ds_put_char(&p->buffer, c);
            s++;
            break;

        case '[':
        case '{':
            if (!expecting_value(p)) {
                goto unexpected;
            }
            parser_push(p, (c == '[' ? json_array_create_empty()
                            : json_object_create()), pos_of(p, s));
            s++;
            break;

        case ']':
        case '}':
            if (p->state == (c == ']' ? PS_VALUE_OR_CLOSE : PS_NAME_OR_CLOSE)
                || (p->state == PS_COMMA_OR_CLOSE
                    && (p->stack[p->height - 1].json->type
                        == (c == ']' ? JSON_ARRAY : JSON_OBJECT)))) {
                parser_pop(p);
                s++;
                break;
            }
            goto unexpected;

        case ',':
            if (p->state != PS_COMMA_OR_CLOSE) {
                goto unexpected;
            }
            p->state = (p->stack[p->height - 1].json->type == JSON_ARRAY
                        ? PS_VALUE : PS_NAME);
            s++;
            break;

        case ':':
            if (p->state != PS_COLON) {
                goto unexpected;
            }
            p->state = PS_VALUE;
            s++;
            break;

        default:
            if ((byte_class[c] & C_ALPHA) && expecting_value(p)) {
                start_token(p, LEX_LITERAL, s);
                break;
            }
        unexpected:
            if (c == 0xef && pos_of(p, s) == 0) {
                parser_error_at(p, 0, "input starts with a UTF-8 byte "
                                "order mark, which JSON does not allow");
            } else {
                parser_error_at(p, pos_of(p, s), "%s", expected_what(p));
            }
            s++;
            break;
        }
    }

    size_t used = s - start;
    p->offset += used;
    p->chunk = NULL;
    return used;
}

static void
parser_free(struct json_parser *p)
{
    for (size_t i = 0; i < p->height; i++) {
        json_destroy(p->stack[i].json);
        free(p->stack[i].name);
    }
    free(p->stack);
    json_destroy(p->result);
    json_destroy(p->multiple);
    free(p->error);
    ds_destroy(&p->buffer);
    free(p);
}

/* Ends the input: a number or literal ends here, anything else open is an
 * error. */
static void
parser_end_input(struct json_parser *p)
{
    if (p->state == PS_ERROR || p->state == PS_DONE) {
        return;
    }
    if (p->lex == LEX_NUMBER) {
        const char *error = number_end_error(p->sub);
        if (error) {
            parser_error_at(p, p->offset, "%s", error);
            return;
        }
        number_done(p);
    } else if (p->lex == LEX_LITERAL) {
        literal_done(p);
    }
    if (p->state == PS_ERROR || p->state == PS_DONE) {
        return;
    } else if (p->multiple && p->state == PS_VALUE && !p->height
               && p->lex == LEX_NONE) {
        p->result = p->multiple;
        p->multiple = NULL;
        p->state = PS_DONE;
    } else {
        parser_error_at(p, p->offset, "unexpected end of input");
    }
}

struct json *
json_parser_finish(struct json_parser *p, char **errorp)
{
    struct json *result = NULL;

    parser_end_input(p);
    if (p->state == PS_DONE) {
        result = p->result;
        p->result = NULL;
        if (errorp) {
            *errorp = NULL;
        }
    } else if (errorp) {
        *errorp = p->error;
        p->error = NULL;
    }
    parser_free(p);
    return result;
}

void
json_parser_abort(struct json_parser *p)
{
    if (p) {
        parser_free(p);
    }
}

struct json *
json_parse_buffer(const char *s_, size_t n, char **errorp)
{
    struct json_parser *p = json_parser_create(0);
    size_t used = json_parser_feed(p, s_, n);

    if (p->state == PS_DONE) {
        /* Only whitespace may follow the value. */
        const unsigned char *s = (const unsigned char *) s_;
        for (size_t i = used; i < n; i++) {
            if (s[i] == '\n') {
                p->line++;
                p->line_start = i + 1;
            } else if (!(byte_class[s[i]] & C_SPACE)) {
                parser_error_at(p, i, "trailing data after JSON value");
                break;
            }
        }
        p->offset = n;
    }
    return json_parser_finish(p, errorp);
}

struct json *
json_parse_string(const char *s, char **errorp)
{
    return json_parse_buffer(s, strlen(s), errorp);
}

struct json *
json_from_file(const char *file_name, char **errorp)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct json *json = NULL;
    char *error = NULL;
    FILE *stream;

    stream = fopen(file_name, "rb");
    if (!stream) {
        error = xasprintf("%s: open failed (%s)", file_name,
                          ovs_strerror(errno));
    } else {
        for (;;) {
            ds_reserve(&ds, ds.length + 65536);
            size_t room = ds.allocated - ds.length;
            size_t n = fread(ds.string + ds.length, 1, room, stream);
            ds.length += n;
            if (n < room) {
                break;
            }
        }
        if (ferror(stream)) {
            error = xasprintf("%s: read failed (%s)", file_name,
                              ovs_strerror(errno));
        } else {
            json = json_parse_buffer(ds.string, ds.length, &error);
        }
        fclose(stream);
        ds_destroy(&ds);
    }

    if (errorp) {
        *errorp = error;
    } else {
        free(error);
    }
    return json;
}

/* ------------------------------------------------------------------ */
/* Serializer. */

struct json_serializer {
    struct ds *ds;
    int flags;
    int depth;
};

static void json_serialize(const struct json *, struct json_serializer *);

static void
put_newline_indent(struct json_serializer *s)
{
    if (s->flags & JSSF_PRETTY) {
        ds_put_char(s->ds, '\n');
        ds_put_char_multiple(s->ds, ' ', 2 * s->depth);
    }
}

/* Which bytes need escaping in a string: 0 = none, otherwise the letter of
 * a short escape ("\n") or 'u' for \u00XX.  0xc0 is special (C0 80 is our
 * representation of U+0000). */
static uint8_t escape_class[256];

static void
init_escape_class(void)
{
    if (!escape_class['"']) {
        for (int c = 0; c < 0x20; c++) {
            escape_class[c] = 'u';
        }
        escape_class['\b'] = 'b';
        escape_class['\f'] = 'f';
        escape_class['\n'] = 'n';
        escape_class['\r'] = 'r';
        escape_class['\t'] = 't';
        escape_class['"'] = '"';
        escape_class['\\'] = '\\';
        escape_class[0xc0] = '0';
    }
}

OVS_CONSTRUCTOR(json_init_escape_class)
{
    init_escape_class();
}

void
json_string_escape(const char *string, struct ds *ds)
{
    const unsigned char *s = (const unsigned char *) string;

    init_escape_class();
    ds_put_char(ds, '"');
    for (;;) {
        const unsigned char *run = s;
        while (*s && !escape_class[*s]) {
            s++;
        }
        if (s > run) {
            ds_put_buffer(ds, (const char *) run, s - run);
        }
        if (!*s) {
            break;
        }

        int c = *s++;
        int e = escape_class[c];
        if (e == 'u') {
            static const char hex[] = "0123456789abcdef";
            char *b = ds_put_uninit(ds, 6);
            memcpy(b, "\\u00", 4);
            b[4] = hex[c >> 4];
            b[5] = hex[c & 15];
        } else if (e == '0') {
            if (*s == 0x80) {
                ds_put_cstr(ds, "\\u0000");
                s++;
            } else {
                ds_put_char(ds, c);  /* Not ours: pass it through. */
            }
        } else {
            char *b = ds_put_uninit(ds, 2);
            b[0] = '\\';
            b[1] = e;
        }
    }
    ds_put_char(ds, '"');
}

static void
put_integer(struct ds *ds, long long int value)
{
    char buf[24];
    char *p = buf + sizeof buf;
    unsigned long long int u = (value < 0
                                ? -(unsigned long long int) value
                                : (unsigned long long int) value);

    do {
        *--p = '0' + u % 10;
        u /= 10;
    } while (u);
    if (value < 0) {
        *--p = '-';
    }
    ds_put_buffer(ds, p, buf + sizeof buf - p);
}

static void
put_real(struct ds *ds, double d)
{
    char buf[32];

    if (!isfinite(d)) {
        ds_put_cstr(ds, "null");
        return;
    }
    for (int precision = 15; ; precision++) {
        snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (precision >= 17 || strtod(buf, NULL) == d) {
            break;
        }
    }
    ds_put_cstr(ds, buf);
}

void
json_integer_to_ds(long long int value, struct ds *ds)
{
    put_integer(ds, value);
}

void
json_real_to_ds(double d, struct ds *ds)
{
    put_real(ds, d);
}

static void
serialize_member(const char *name, const struct json *value, bool first,
                 struct json_serializer *s)
{
    if (!first) {
        ds_put_char(s->ds, ',');
    }
    put_newline_indent(s);
    json_string_escape(name, s->ds);
    ds_put_char(s->ds, ':');
    if (s->flags & JSSF_PRETTY) {
        ds_put_char(s->ds, ' ');
    }
    json_serialize(value, s);
}

static void
serialize_object(const struct shash *object, struct json_serializer *s)
{
    if (shash_is_empty(object)) {
        ds_put_cstr(s->ds, "{}");
        return;
    }

    ds_put_char(s->ds, '{');
    s->depth++;
    if (s->flags & JSSF_SORT) {
        const struct shash_node **nodes = shash_sort(object);
        size_t n = shash_count(object);

        for (size_t i = 0; i < n; i++) {
            serialize_member(nodes[i]->name, nodes[i]->data, !i, s);
        }
        free(nodes);
    } else {
        const struct shash_node *node;
        bool first = true;

        SHASH_FOR_EACH (node, object) {
            serialize_member(node->name, node->data, first, s);
            first = false;
        }
    }
    s->depth--;
    put_newline_indent(s);
    ds_put_char(s->ds, '}');
}

static void
serialize_array(const struct json_array *array, struct json_serializer *s)
{
    if (!array->n) {
        ds_put_cstr(s->ds, "[]");
        return;
    }

    ds_put_char(s->ds, '[');
    s->depth++;
    for (size_t i = 0; i < array->n; i++) {
        if (i) {
            ds_put_char(s->ds, ',');
        }
        put_newline_indent(s);
        json_serialize(array->elems[i], s);
    }
    s->depth--;
    put_newline_indent(s);
    ds_put_char(s->ds, ']');
}

static void
json_serialize(const struct json *json, struct json_serializer *s)
{
    switch (json->type) {
    case JSON_NULL:
        ds_put_cstr(s->ds, "null");
        break;
    case JSON_FALSE:
        ds_put_cstr(s->ds, "false");
        break;
    case JSON_TRUE:
        ds_put_cstr(s->ds, "true");
        break;
    case JSON_OBJECT:
        serialize_object(json->object, s);
        break;
    case JSON_ARRAY:
        serialize_array(&json->array, s);
        break;
    case JSON_INTEGER:
        put_integer(s->ds, json->integer);
        break;
    case JSON_REAL:
        put_real(s->ds, json->real);
        break;
    case JSON_STRING:
        json_string_escape(json->string, s->ds);
        break;
    case JSON_SERIALIZED:
        ds_put_cstr(s->ds, json->string);
        break;
    case JSON_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

void
json_to_ds(const struct json *json, int flags, struct ds *ds)
{
    struct json_serializer s = { .ds = ds, .flags = flags, .depth = 0 };
    json_serialize(json, &s);
}

char *
json_to_string(const struct json *json, int flags)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    json_to_ds(json, flags, &ds);
    return ds_steal_cstr(&ds);
}
