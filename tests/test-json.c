/* test-json.c -- tests for lib/json.c.
 *
 * Three ovstest commands:
 *
 *   test-json [--multiple] [--pretty] [FILE...]
 *       Parses each FILE ("-" or none: standard input) and prints its
 *       compact serialization with members sorted, or "error: MESSAGE".
 *       With --multiple, each file is a stream of values split by the
 *       parser's own framing (as JSON-RPC does): one output line per
 *       value, a new parser for each, so error positions count from the
 *       start of the failing value.  --pretty adds JSSF_PRETTY.  Exits 1
 *       if any input failed.  json.at drives this.
 *
 *   test-json-conformance DIR
 *       Runs the JSONTestSuite files (y_*, n_*, i_*) in DIR and prints
 *       one line of counts; see json-conformance.at.
 *
 *   test-json-unit
 *       White-box unit tests: exact results and error messages, every
 *       input also fed byte by byte and split at every point, stream
 *       framing, depth and int64 limits, serializer output. */

#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "json.h"
#include "ovstest.h"
#include "shash.h"
#include "util.h"

/* Parses the N bytes at S the way json_parse_buffer() does, but feeding
 * the parser CHUNK bytes at a time (FIRST bytes in the first call, if
 * nonzero).  Returns the value, or NULL with *ERRORP set. */
static struct json *
parse_in_chunks(const char *s, size_t n, size_t first, size_t chunk,
                char **errorp)
{
    struct json_parser *p = json_parser_create(0);
    size_t ofs = 0;

    while (ofs < n && !json_parser_is_done(p)) {
        size_t want = MIN(ofs ? chunk : (first ? first : chunk), n - ofs);
        size_t used = json_parser_feed(p, s + ofs, want);
        OVSTEST_CHECK(used <= want);
        ofs += used;
        if (used < want) {
            OVSTEST_CHECK(json_parser_is_done(p));
        }
    }
    OVSTEST_CHECK_INT(json_parser_bytes(p), ofs);

    if (json_parser_is_done(p) && ofs < n) {
        /* A complete value: only whitespace may follow.  Computes the
         * error position independently of the parser. */
        for (size_t i = ofs; i < n; i++) {
            if (!strchr(" \t\r\n", s[i]) || !s[i]) {
                struct json *json = json_parser_finish(p, errorp);
                if (!json) {
                    return NULL;    /* The parser had an error already. */
                }
                json_destroy(json);

                size_t line = 1, line_start = 0;
                for (size_t j = 0; j < i; j++) {
                    if (s[j] == '\n') {
                        line++;
                        line_start = j + 1;
                    }
                }
                *errorp = xasprintf("line %zu, column %zu, byte %zu: "
                                    "syntax error: trailing data after "
                                    "JSON value",
                                    line, i - line_start + 1, i + 1);
                return NULL;
            }
        }
    }
    return json_parser_finish(p, errorp);
}

/* The compact sorted serialization of the result of parsing S, or
 * "error: MESSAGE".  Checks that feeding the input in every other way
 * (byte by byte, split in two at every point) gives the same answer.
 * Caller frees. */
static char *
parse_to_string(const char *s, size_t n)
{
    char *error;
    struct json *json = json_parse_buffer(s, n, &error);
    char *result = (json ? json_to_string(json, JSSF_SORT)
                    : xasprintf("error: %s", error));
    json_destroy(json);
    free(error);

    for (size_t split = 0; split <= n; split++) {
        struct json *json2;
        char *error2;
        char *result2;

        json2 = (split == 0
                 ? parse_in_chunks(s, n, 0, 1, &error2)
                 : parse_in_chunks(s, n, split, n, &error2));
        result2 = (json2 ? json_to_string(json2, JSSF_SORT)
                   : xasprintf("error: %s", error2));
        if (strcmp(result, result2)) {
            ovstest_fail(__FILE__, __LINE__, "input \"%.*s\" split at %zu: "
                         "\"%s\" != \"%s\"", (int) n, s, split, result,
                         result2);
        }
        json_destroy(json2);
        free(error2);
        free(result2);
    }
    return result;
}

/* Checks that parsing INPUT gives EXPECTED (a compact sorted
 * serialization, or "error: MESSAGE"). */
#define CHECK_PARSE(INPUT, EXPECTED)                                    \
    check_parse(__LINE__, INPUT, sizeof INPUT - 1, EXPECTED)

static void
check_parse(int line, const char *input, size_t n, const char *expected)
{
    char *result = parse_to_string(input, n);
    if (strcmp(result, expected)) {
        ovstest_fail(__FILE__, line, "parsing \"%.*s\":\n  got      %s\n"
                     "  expected %s", (int) n, input, result, expected);
    }
    free(result);
}

static void
test_scalars(void)
{
    CHECK_PARSE("null", "null");
    CHECK_PARSE("true", "true");
    CHECK_PARSE("false", "false");
    CHECK_PARSE(" \t\r\n 0 \n", "0");
    CHECK_PARSE("\"\"", "\"\"");
    CHECK_PARSE("\"abc\"", "\"abc\"");
    CHECK_PARSE("[]", "[]");
    CHECK_PARSE("{}", "{}");
    CHECK_PARSE("[null,true,false,1,-1,\"x\",[],{}]",
                "[null,true,false,1,-1,\"x\",[],{}]");
    CHECK_PARSE("{ \"b\" : 1 , \"a\" : [ 2 , 3 ] }",
                "{\"a\":[2,3],\"b\":1}");
    /* A repeated member name keeps the last value. */
    CHECK_PARSE("{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}");
}

static void
test_numbers(void)
{
    CHECK_PARSE("0", "0");
    CHECK_PARSE("-0", "0");
    CHECK_PARSE("123", "123");
    CHECK_PARSE("[-123]", "[-123]");
    CHECK_PARSE("9223372036854775807", "9223372036854775807");
    CHECK_PARSE("-9223372036854775808", "-9223372036854775808");
    /* One beyond int64 each way: reals. */
    CHECK_PARSE("9223372036854775808", "9.223372036854776e+18");
    CHECK_PARSE("-9223372036854775809", "-9.223372036854776e+18");
    CHECK_PARSE("1.5", "1.5");
    CHECK_PARSE("-0.25", "-0.25");
    CHECK_PARSE("0.1", "0.1");
    CHECK_PARSE("1e2", "100");
    CHECK_PARSE("1E+2", "100");
    CHECK_PARSE("1e-2", "0.01");
    CHECK_PARSE("2.5e300", "2.5e+300");
    CHECK_PARSE("1e-400", "0");
    CHECK_PARSE("123.456e-789", "0");
    CHECK_PARSE("0.30000000000000004", "0.30000000000000004");
    CHECK_PARSE("3.141592653589793", "3.141592653589793");
    CHECK_PARSE("1.7976931348623157e308", "1.7976931348623157e+308");
    CHECK_PARSE("5e-324", "4.94065645841247e-324");
    CHECK_PARSE("[1,2.0,3e0]", "[1,2,3]");

    /* The types, not just the text. */
    struct json *json = json_parse_string("[1, 1.0, 1e0, 10000000000000000000]",
                                          NULL);
    OVSTEST_CHECK(json);
    struct json_array *a = json_array(json);
    OVSTEST_CHECK_INT(a->elems[0]->type, JSON_INTEGER);
    OVSTEST_CHECK_INT(a->elems[1]->type, JSON_REAL);
    OVSTEST_CHECK_INT(a->elems[2]->type, JSON_REAL);
    OVSTEST_CHECK_INT(a->elems[3]->type, JSON_REAL);
    OVSTEST_CHECK(json_real(a->elems[3]) == 1e19);
    OVSTEST_CHECK(json_real(a->elems[0]) == 1.0);
    json_destroy(json);

    json = json_parse_string("-9223372036854775808", NULL);
    OVSTEST_CHECK(json && json->type == JSON_INTEGER
                  && json_integer(json) == LLONG_MIN);
    json_destroy(json);
    json = json_parse_string("9223372036854775807", NULL);
    OVSTEST_CHECK(json && json->type == JSON_INTEGER
                  && json_integer(json) == LLONG_MAX);
    json_destroy(json);

    /* Grammar errors. */
    CHECK_PARSE("01", "error: line 1, column 2, byte 2: syntax error: "
                "leading zeros are not allowed");
    CHECK_PARSE("[-01]", "error: line 1, column 4, byte 4: syntax error: "
                "leading zeros are not allowed");
    CHECK_PARSE("[00]", "error: line 1, column 3, byte 3: syntax error: "
                "leading zeros are not allowed");
    CHECK_PARSE("+1", "error: line 1, column 1, byte 1: syntax error: "
                "expected value");
    CHECK_PARSE("[.5]", "error: line 1, column 2, byte 2: syntax error: "
                "expected value or ']'");
    CHECK_PARSE("[1.]", "error: line 1, column 4, byte 4: syntax error: "
                "'.' must be followed by a digit");
    CHECK_PARSE("1.", "error: line 1, column 3, byte 3: syntax error: "
                "'.' must be followed by a digit");
    CHECK_PARSE("-", "error: line 1, column 2, byte 2: syntax error: "
                "'-' must be followed by a digit");
    CHECK_PARSE("[-x]", "error: line 1, column 3, byte 3: syntax error: "
                "'-' must be followed by a digit");
    CHECK_PARSE("1e", "error: line 1, column 3, byte 3: syntax error: "
                "exponent must contain a digit");
    CHECK_PARSE("[1e+]", "error: line 1, column 5, byte 5: syntax error: "
                "exponent must contain a digit");
    CHECK_PARSE("[1E-x]", "error: line 1, column 5, byte 5: syntax error: "
                "exponent must contain a digit");
    CHECK_PARSE("[1.5.]", "error: line 1, column 5, byte 5: syntax error: "
                "expected ',' or ']'");
    CHECK_PARSE("[0x10]", "error: line 1, column 3, byte 3: syntax error: "
                "expected ',' or ']'");
    CHECK_PARSE("\n  1e400", "error: line 2, column 3, byte 4: syntax "
                "error: number out of range");
    CHECK_PARSE("[-1e400]", "error: line 1, column 2, byte 2: syntax "
                "error: number out of range");
    CHECK_PARSE("1 2", "error: line 1, column 3, byte 3: syntax error: "
                "trailing data after JSON value");
    CHECK_PARSE("-Infinity", "error: line 1, column 2, byte 2: syntax "
                "error: '-' must be followed by a digit");
    CHECK_PARSE("NaN", "error: line 1, column 1, byte 1: syntax error: "
                "invalid literal 'NaN'");
}

static void
test_literals(void)
{
    CHECK_PARSE("nul", "error: line 1, column 1, byte 1: syntax error: "
                "invalid literal 'nul'");
    CHECK_PARSE("[truex]", "error: line 1, column 2, byte 2: syntax error: "
                "invalid literal 'truex'");
    CHECK_PARSE("[True]", "error: line 1, column 2, byte 2: syntax error: "
                "invalid literal 'True'");
    CHECK_PARSE("abcdefghijklmnopqrstuvwxyz",
                "error: line 1, column 1, byte 1: syntax error: "
                "invalid literal 'abcdefghijklmnop...'");
    CHECK_PARSE("true1", "error: line 1, column 5, byte 5: syntax error: "
                "trailing data after JSON value");
    CHECK_PARSE("[null,false]", "[null,false]");
}

static void
test_strings(void)
{
    /* Escapes in and out. */
    CHECK_PARSE("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
                "\"\\\" \\\\ / \\b \\f \\n \\r \\t\"");
    CHECK_PARSE("\"\\u0041\\u00e9\\u20AC\"", "\"A\xc3\xa9\xe2\x82\xac\"");
    CHECK_PARSE("\"\\u0001\\u001f\\u007f\"", "\"\\u0001\\u001f\x7f\"");
    CHECK_PARSE("\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"");
    CHECK_PARSE("\"\\uDBFF\\uDFFF\"", "\"\xf4\x8f\xbf\xbf\"");
    CHECK_PARSE("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
                "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
    CHECK_PARSE("\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"",
                "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
    /* U+0000 is kept (as C0 80 inside) and written back as \u0000. */
    CHECK_PARSE("\"a\\u0000b\"", "\"a\\u0000b\"");
    CHECK_PARSE("{\"\\u0000\":1}", "{\"\\u0000\":1}");

    /* Errors. */
    CHECK_PARSE("\"abc", "error: line 1, column 5, byte 5: syntax error: "
                "unexpected end of input");
    CHECK_PARSE("\"a\tb\"", "error: line 1, column 3, byte 3: syntax "
                "error: control character U+0009 must be escaped in a "
                "string");
    CHECK_PARSE("[\"a\nb\"]", "error: line 1, column 4, byte 4: syntax "
                "error: control character U+000A must be escaped in a "
                "string");
    CHECK_PARSE("\"\\x41\"", "error: line 1, column 2, byte 2: syntax "
                "error: invalid escape '\\x'");
    CHECK_PARSE("\"\\\xc3\xa9\"", "error: line 1, column 2, byte 2: syntax "
                "error: invalid escape ('\\' followed by byte 0xc3)");
    CHECK_PARSE("\"\\u12\"", "error: line 1, column 6, byte 6: syntax "
                "error: \\u must be followed by 4 hexadecimal digits");
    CHECK_PARSE("\"\\u12G4\"", "error: line 1, column 6, byte 6: syntax "
                "error: \\u must be followed by 4 hexadecimal digits");
    CHECK_PARSE("\"ab\\uD800\"", "error: line 1, column 4, byte 4: syntax "
                "error: \\uD800 is a high surrogate without a low "
                "surrogate after it");
    CHECK_PARSE("\"\\uD800\\n\"", "error: line 1, column 2, byte 2: syntax "
                "error: \\uD800 is a high surrogate without a low "
                "surrogate after it");
    CHECK_PARSE("\"\\uD800\\uD800\"", "error: line 1, column 2, byte 2: "
                "syntax error: \\uD800 is a high surrogate without a low "
                "surrogate after it");
    CHECK_PARSE("\"\\uD800\\u0041\"", "error: line 1, column 2, byte 2: "
                "syntax error: \\uD800 is a high surrogate without a low "
                "surrogate after it");
    CHECK_PARSE("\"x\\uDC00\"", "error: line 1, column 3, byte 3: syntax "
                "error: \\uDC00 is a low surrogate without a high "
                "surrogate before it");

    /* Invalid UTF-8, each kind. */
    CHECK_PARSE("\"a\x80\"", "error: line 1, column 3, byte 3: syntax "
                "error: invalid UTF-8: unexpected continuation byte 0x80");
    CHECK_PARSE("\"\xc0\xaf\"", "error: line 1, column 2, byte 2: syntax "
                "error: invalid UTF-8: overlong encoding (byte 0xc0)");
    CHECK_PARSE("\"\xc1\xbf\"", "error: line 1, column 2, byte 2: syntax "
                "error: invalid UTF-8: overlong encoding (byte 0xc1)");
    CHECK_PARSE("\"\xe0\x9f\xbf\"", "error: line 1, column 2, byte 2: "
                "syntax error: invalid UTF-8: overlong encoding");
    CHECK_PARSE("\"\xf0\x8f\xbf\xbf\"", "error: line 1, column 2, byte 2: "
                "syntax error: invalid UTF-8: overlong encoding");
    CHECK_PARSE("\"\xed\xa0\x80\"", "error: line 1, column 2, byte 2: "
                "syntax error: invalid UTF-8: encoded surrogate");
    CHECK_PARSE("\"\xed\xbf\xbf\"", "error: line 1, column 2, byte 2: "
                "syntax error: invalid UTF-8: encoded surrogate");
    CHECK_PARSE("\"\xf4\x90\x80\x80\"", "error: line 1, column 2, byte 2: "
                "syntax error: invalid UTF-8: code point beyond U+10FFFF");
    CHECK_PARSE("\"\xf5\x80\x80\x80\"", "error: line 1, column 2, byte 2: "
                "syntax error: invalid UTF-8: byte 0xf5 never occurs in "
                "UTF-8");
    CHECK_PARSE("\"\xff\"", "error: line 1, column 2, byte 2: syntax "
                "error: invalid UTF-8: byte 0xff never occurs in UTF-8");
    CHECK_PARSE("\"ab\xe2\x82\"", "error: line 1, column 4, byte 4: syntax "
                "error: invalid UTF-8: truncated sequence");
    CHECK_PARSE("\"\xe2\x82", "error: line 1, column 4, byte 4: syntax "
                "error: unexpected end of input");
    CHECK_PARSE("\"\xc3x\"", "error: line 1, column 2, byte 2: syntax "
                "error: invalid UTF-8: truncated sequence");

    /* A NUL byte (not an escape) is a control character. */
    CHECK_PARSE("\"a\0\"", "error: line 1, column 3, byte 3: syntax error: "
                "control character U+0000 must be escaped in a string");

    /* Serializing strings built in C. */
    struct ds ds = DS_EMPTY_INITIALIZER;
    json_string_escape("tab\there \"q\" \\ \x01\x1f\x7f \xc3\xa9 /", &ds);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "\"tab\\there \\\"q\\\" \\\\ \\u0001"
                      "\\u001f\x7f \xc3\xa9 /\"");
    ds_destroy(&ds);
}

static void
test_structure_errors(void)
{
    CHECK_PARSE("", "error: line 1, column 1, byte 1: syntax error: "
                "unexpected end of input");
    CHECK_PARSE("  \n ", "error: line 2, column 2, byte 5: syntax error: "
                "unexpected end of input");
    CHECK_PARSE("[1,]", "error: line 1, column 4, byte 4: syntax error: "
                "expected value");
    CHECK_PARSE("[,1]", "error: line 1, column 2, byte 2: syntax error: "
                "expected value or ']'");
    CHECK_PARSE("[1 2]", "error: line 1, column 4, byte 4: syntax error: "
                "expected ',' or ']'");
    CHECK_PARSE("[1}", "error: line 1, column 3, byte 3: syntax error: "
                "expected ',' or ']'");
    CHECK_PARSE("{\"a\":1]", "error: line 1, column 7, byte 7: syntax "
                "error: expected ',' or '}'");
    CHECK_PARSE("{\"a\" 1}", "error: line 1, column 6, byte 6: syntax "
                "error: expected ':'");
    CHECK_PARSE("{1:1}", "error: line 1, column 2, byte 2: syntax error: "
                "expected string or '}'");
    CHECK_PARSE("{\"a\":1,}", "error: line 1, column 8, byte 8: syntax "
                "error: expected string");
    CHECK_PARSE("{\"a\":}", "error: line 1, column 6, byte 6: syntax "
                "error: expected value");
    CHECK_PARSE("{\n  \"a\": 1,\n  \"b\": [1, 2\n}",
                "error: line 4, column 1, byte 26: syntax error: "
                "expected ',' or ']'");
    CHECK_PARSE("[1,\n2,\n3", "error: line 3, column 2, byte 9: syntax "
                "error: unexpected end of input");
    CHECK_PARSE("]", "error: line 1, column 1, byte 1: syntax error: "
                "expected value");
    CHECK_PARSE("'a'", "error: line 1, column 1, byte 1: syntax error: "
                "expected value");
    CHECK_PARSE("[1]x", "error: line 1, column 4, byte 4: syntax error: "
                "trailing data after JSON value");
    CHECK_PARSE("{}\n\n  {}", "error: line 3, column 3, byte 7: syntax "
                "error: trailing data after JSON value");
    CHECK_PARSE("[\f]", "error: line 1, column 2, byte 2: syntax error: "
                "expected value or ']'");
    CHECK_PARSE("[\0]", "error: line 1, column 2, byte 2: syntax error: "
                "expected value or ']'");
    CHECK_PARSE("\xef\xbb\xbf{}", "error: line 1, column 1, byte 1: syntax "
                "error: input starts with a UTF-8 byte order mark, which "
                "JSON does not allow");
    CHECK_PARSE("[\xef\xbb\xbf]", "error: line 1, column 2, byte 2: syntax "
                "error: expected value or ']'");
    CHECK_PARSE("\r\n[\r\n1\r\n,\r\n]", "error: line 5, column 1, byte 12: "
                "syntax error: expected value");
}

static void
test_depth(void)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    char *error;

    /* Exactly the default limit is fine; one more is not. */
    ds_put_char_multiple(&ds, '[', JSON_DEFAULT_MAX_DEPTH);
    ds_put_char_multiple(&ds, ']', JSON_DEFAULT_MAX_DEPTH);
    struct json *json = json_parse_string(ds_cstr(&ds), &error);
    OVSTEST_CHECK(json);
    char *s = json_to_string(json, 0);
    OVSTEST_CHECK_STR(s, ds_cstr(&ds));
    free(s);
    json_destroy(json);

    ds_clear(&ds);
    ds_put_char_multiple(&ds, '[', JSON_DEFAULT_MAX_DEPTH + 1);
    ds_put_char_multiple(&ds, ']', JSON_DEFAULT_MAX_DEPTH + 1);
    json = json_parse_string(ds_cstr(&ds), &error);
    OVSTEST_CHECK(!json);
    OVSTEST_CHECK_STR(error, "line 1, column 1001, byte 1001: syntax error: "
                      "nesting deeper than 1000 levels");
    free(error);

    /* A settable limit, for objects too. */
    const char *input = "{\"a\":[{\"b\":1}]}";
    for (unsigned int depth = 0; depth <= 4; depth++) {
        struct json_parser *p = json_parser_create(0);
        json_parser_set_max_depth(p, depth);
        json_parser_feed(p, input, strlen(input));
        json = json_parser_finish(p, &error);
        if (depth >= 3) {
            OVSTEST_CHECK(json && !error);
        } else {
            OVSTEST_CHECK(!json && error);
            char *expected = xasprintf("line 1, column %d, byte %d: "
                                       "syntax error: nesting deeper "
                                       "than %u levels",
                                       (int[]) { 1, 6, 7 }[depth],
                                       (int[]) { 1, 6, 7 }[depth], depth);
            OVSTEST_CHECK_STR(error, expected);
            free(expected);
        }
        json_destroy(json);
        free(error);
    }

    /* Deep input that never closes stops at the limit, not at memory. */
    ds_clear(&ds);
    ds_put_char_multiple(&ds, '[', 100000);
    json = json_parse_string(ds_cstr(&ds), &error);
    OVSTEST_CHECK(!json);
    OVSTEST_CHECK(strstr(error, "byte 1001: syntax error: nesting"));
    free(error);
    ds_destroy(&ds);
}

/* Stream framing: feed() stops after each complete object or array. */
static void
test_stream(void)
{
    const char *input = "{\"id\":1} [2,3]\n{\"x\":\"}\"}  \"s\" 45 ";
    const char *expected[] = { "{\"id\":1}", "[2,3]", "{\"x\":\"}\"}",
                               "\"s\"", "45" };
    size_t n = strlen(input);

    /* In one go and one byte at a time. */
    for (int bytewise = 0; bytewise < 2; bytewise++) {
        size_t ofs = 0;
        size_t n_values = 0;

        while (ofs < n) {
            struct json_parser *p = json_parser_create(0);
            while (ofs < n && !json_parser_is_done(p)) {
                size_t want = bytewise ? 1 : n - ofs;
                ofs += json_parser_feed(p, input + ofs, want);
            }
            char *error;
            struct json *json = json_parser_finish(p, &error);
            if (!json) {
                /* Only whitespace was left. */
                OVSTEST_CHECK(strstr(error, "unexpected end of input"));
                OVSTEST_CHECK_INT(ofs, n);
                free(error);
                break;
            }
            OVSTEST_CHECK(n_values < ARRAY_SIZE(expected));
            char *s = json_to_string(json, 0);
            OVSTEST_CHECK_STR(s, expected[n_values]);
            n_values++;
            free(s);
            json_destroy(json);
        }
        OVSTEST_CHECK_INT(n_values, ARRAY_SIZE(expected));
    }

    /* The bytes consumed by the first object, exactly. */
    struct json_parser *p = json_parser_create(0);
    OVSTEST_CHECK_INT(json_parser_feed(p, input, n), 8);
    OVSTEST_CHECK(json_parser_is_done(p));
    OVSTEST_CHECK_INT(json_parser_feed(p, input + 8, n - 8), 0);
    OVSTEST_CHECK_INT(json_parser_bytes(p), 8);
    json_parser_abort(p);

    /* A top-level number is not complete until its delimiter. */
    p = json_parser_create(0);
    OVSTEST_CHECK_INT(json_parser_feed(p, "12", 2), 2);
    OVSTEST_CHECK(!json_parser_is_done(p));
    OVSTEST_CHECK_INT(json_parser_feed(p, "3 ", 2), 1);
    OVSTEST_CHECK(json_parser_is_done(p));
    struct json *json = json_parser_finish(p, NULL);
    OVSTEST_CHECK(json && json_integer(json) == 123);
    json_destroy(json);

    /* An error stops the parser. */
    p = json_parser_create(0);
    OVSTEST_CHECK_INT(json_parser_feed(p, "[1,,2]", 6), 4);
    OVSTEST_CHECK(json_parser_is_done(p));
    OVSTEST_CHECK_INT(json_parser_feed(p, "[]", 2), 0);
    char *error;
    OVSTEST_CHECK(!json_parser_finish(p, &error));
    OVSTEST_CHECK_STR(error, "line 1, column 4, byte 4: syntax error: "
                      "expected value");
    free(error);

    json_parser_abort(NULL);
    json_parser_abort(json_parser_create(0));
}

static void
test_multiple(void)
{
    const char *input = " 1 [2] {\"a\":3}\"s\"true\n4.5 ";
    struct json_parser *p = json_parser_create(JSPF_MULTIPLE);
    for (const char *s = input; *s; s++) {
        OVSTEST_CHECK_INT(json_parser_feed(p, s, 1), 1);
    }
    OVSTEST_CHECK(!json_parser_is_done(p));
    char *error;
    struct json *json = json_parser_finish(p, &error);
    OVSTEST_CHECK(json && !error);
    char *s = json_to_string(json, 0);
    OVSTEST_CHECK_STR(s, "[1,[2],{\"a\":3},\"s\",true,4.5]");
    free(s);
    json_destroy(json);

    p = json_parser_create(JSPF_MULTIPLE);
    json = json_parser_finish(p, &error);
    OVSTEST_CHECK(json && json->type == JSON_ARRAY && !json_array(json)->n);
    json_destroy(json);

    p = json_parser_create(JSPF_MULTIPLE);
    json_parser_feed(p, "1 [2", 4);
    OVSTEST_CHECK(!json_parser_finish(p, &error));
    OVSTEST_CHECK_STR(error, "line 1, column 5, byte 5: syntax error: "
                      "unexpected end of input");
    free(error);
}

static void
check_serialize(int line, const struct json *json, int flags,
                const char *expected)
{
    char *s = json_to_string(json, flags);
    if (strcmp(s, expected)) {
        ovstest_fail(__FILE__, line, "serializing:\n%s\nexpected:\n%s",
                     s, expected);
    }
    free(s);
}
#define CHECK_SERIALIZE(JSON, FLAGS, EXPECTED) \
    check_serialize(__LINE__, JSON, FLAGS, EXPECTED)

static void
test_serialize(void)
{
    struct json *json = json_parse_string(
        "{\"b\":[1,{\"y\":null,\"x\":[]},\"s\"],\"a\":{},\"c\":-2.5}", NULL);
    OVSTEST_CHECK(json);

    CHECK_SERIALIZE(json, JSSF_SORT,
                    "{\"a\":{},\"b\":[1,{\"x\":[],\"y\":null},\"s\"],"
                    "\"c\":-2.5}");
    CHECK_SERIALIZE(json, JSSF_SORT | JSSF_PRETTY,
                    "{\n"
                    "  \"a\": {},\n"
                    "  \"b\": [\n"
                    "    1,\n"
                    "    {\n"
                    "      \"x\": [],\n"
                    "      \"y\": null\n"
                    "    },\n"
                    "    \"s\"\n"
                    "  ],\n"
                    "  \"c\": -2.5\n"
                    "}");

    /* Unsorted output has the same members in some order. */
    char *s = json_to_string(json, 0);
    struct json *json2 = json_parse_string(s, NULL);
    OVSTEST_CHECK(json2 && json_equal(json, json2));
    OVSTEST_CHECK_INT(strlen(s), strlen("{\"a\":{},\"b\":[1,{\"x\":[],"
                                        "\"y\":null},\"s\"],\"c\":-2.5}"));
    free(s);
    json_destroy(json2);

    /* Pretty output parses back equal. */
    s = json_to_string(json, JSSF_PRETTY);
    json2 = json_parse_string(s, NULL);
    OVSTEST_CHECK(json2 && json_equal(json, json2));
    free(s);
    json_destroy(json2);
    json_destroy(json);

    /* Scalars at the top level. */
    json = json_string_create("x");
    CHECK_SERIALIZE(json, JSSF_PRETTY, "\"x\"");
    json_destroy(json);

    /* json_to_ds() appends. */
    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&ds, "value=");
    json = json_integer_create(-42);
    json_to_ds(json, 0, &ds);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "value=-42");
    json_destroy(json);
    ds_destroy(&ds);

    /* Reals: the shortest of %.15g, %.16g, %.17g that reads back the
     * same. */
    static const struct {
        double d;
        const char *s;
    } exact[] = {
        { 0.0, "0" }, { -0.0, "-0" }, { 1.0, "1" }, { 0.1, "0.1" },
        { 1e100, "1e+100" }, { 123456789012345.0, "123456789012345" },
        { 1e17, "1e+17" }, { 1e21, "1e+21" }, { 0.5, "0.5" },
        { 1.0 / 3, "0.3333333333333333" }, { 4.35, "4.35" }, { 0.3, "0.3" },
        { 1.5e-7, "1.5e-07" }, { INFINITY, "null" }, { NAN, "null" },
        { 1.7976931348623157e308, "1.7976931348623157e+308" },
        { 5e-324, "4.94065645841247e-324" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(exact); i++) {
        json = json_real_create(exact[i].d);
        CHECK_SERIALIZE(json, 0, exact[i].s);
        json_destroy(json);
    }

    /* Integers. */
    static const long long int ints[] = { 0, 1, -1, 10, LLONG_MAX,
                                          LLONG_MIN, 1000000007 };
    for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
        char expected[32];
        snprintf(expected, sizeof expected, "%lld", ints[i]);
        json = json_integer_create(ints[i]);
        CHECK_SERIALIZE(json, 0, expected);
        json_destroy(json);
    }
}

static void
test_values(void)
{
    struct json *a = json_array_create_empty();
    json_array_add(a, json_null_create());
    json_array_add(a, json_boolean_create(true));
    json_array_add(a, json_boolean_create(false));
    json_array_add(a, json_integer_create(5));
    json_array_add(a, json_real_create(2.5));
    json_array_add(a, json_string_create("s"));
    json_array_add(a, json_string_create_nocopy(xstrdup("t")));
    json_array_add(a, json_array_create_1(json_integer_create(1)));
    json_array_add(a, json_array_create_2(json_integer_create(1),
                                          json_integer_create(2)));
    json_array_add(a, json_array_create_3(json_integer_create(1),
                                          json_integer_create(2),
                                          json_integer_create(3)));
    json_array_trim(a);
    OVSTEST_CHECK_INT(json_array(a)->n, 10);
    OVSTEST_CHECK_INT(json_array(a)->n_allocated, 10);
    CHECK_SERIALIZE(a, 0, "[null,true,false,5,2.5,\"s\",\"t\",[1],[1,2],"
                    "[1,2,3]]");

    struct json *o = json_object_create();
    json_object_put(o, "arr", a);
    json_object_put_string(o, "str", "v");
    json_object_put_format(o, "fmt", "%d-%s", 7, "x");
    json_object_put_nocopy(o, xstrdup("n"), json_integer_create(1));
    json_object_put_nocopy(o, xstrdup("n"), json_integer_create(2));
    json_object_put(o, "str", json_string_create("w"));
    CHECK_SERIALIZE(o, JSSF_SORT, "{\"arr\":[null,true,false,5,2.5,\"s\","
                    "\"t\",[1],[1,2],[1,2,3]],\"fmt\":\"7-x\",\"n\":2,"
                    "\"str\":\"w\"}");
    OVSTEST_CHECK_INT(shash_count(json_object(o)), 4);

    /* Accessors. */
    struct json_array *arr = json_array(a);
    OVSTEST_CHECK(json_boolean(arr->elems[1]));
    OVSTEST_CHECK(!json_boolean(arr->elems[2]));
    OVSTEST_CHECK_INT(json_integer(arr->elems[3]), 5);
    OVSTEST_CHECK(json_real(arr->elems[3]) == 5.0);
    OVSTEST_CHECK(json_real(arr->elems[4]) == 2.5);
    OVSTEST_CHECK_STR(json_string(arr->elems[5]), "s");

    /* Type names. */
    OVSTEST_CHECK_STR(json_type_to_string(JSON_NULL), "null");
    OVSTEST_CHECK_STR(json_type_to_string(JSON_FALSE), "false");
    OVSTEST_CHECK_STR(json_type_to_string(JSON_TRUE), "true");
    OVSTEST_CHECK_STR(json_type_to_string(JSON_OBJECT), "object");
    OVSTEST_CHECK_STR(json_type_to_string(JSON_ARRAY), "array");
    OVSTEST_CHECK_STR(json_type_to_string(JSON_INTEGER), "integer");
    OVSTEST_CHECK_STR(json_type_to_string(JSON_REAL), "real");
    OVSTEST_CHECK_STR(json_type_to_string(JSON_STRING), "string");

    /* Clones: shallow shares, deep copies; both equal, same hash. */
    struct json *shallow = json_clone(o);
    OVSTEST_CHECK(shallow == o);
    OVSTEST_CHECK_INT(o->count, 2);
    json_destroy(shallow);
    OVSTEST_CHECK_INT(o->count, 1);

    struct json *deep = json_deep_clone(o);
    OVSTEST_CHECK(deep != o);
    OVSTEST_CHECK(json_equal(o, deep));
    OVSTEST_CHECK_INT(json_hash(o, 0), json_hash(deep, 0));
    OVSTEST_CHECK(json_hash(o, 0) != json_hash(o, 1));

    /* Any change makes them unequal. */
    json_object_put(deep, "n", json_integer_create(3));
    OVSTEST_CHECK(!json_equal(o, deep));
    OVSTEST_CHECK(json_hash(o, 0) != json_hash(deep, 0));
    json_destroy(deep);

    json_destroy(o);
    json_destroy(NULL);
}

static void
test_equal_hash(void)
{
    /* Pairs that must be equal (and hash equal) or unequal. */
    static const struct {
        const char *a, *b;
        bool equal;
    } cases[] = {
        { "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", true },
        { "{\"a\":1,\"b\":2}", "{\"a\":1}", false },
        { "{\"a\":1}", "{\"b\":1}", false },
        { "{\"a\":1,\"b\":2}", "{\"a\":2,\"b\":1}", false },
        { "[1,2]", "[2,1]", false },
        { "[1,2]", "[1,2,3]", false },
        { "1", "1.0", false },      /* Types differ. */
        { "1.0", "1e0", true },
        { "0.0", "-0.0", true },
        { "null", "false", false },
        { "true", "false", false },
        { "\"a\"", "\"a\"", true },
        { "\"a\"", "\"b\"", false },
        { "[]", "{}", false },
        { "[[]]", "[[]]", true },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct json *a = json_parse_string(cases[i].a, NULL);
        struct json *b = json_parse_string(cases[i].b, NULL);
        OVSTEST_CHECK(a && b);
        if (json_equal(a, b) != cases[i].equal
            || json_equal(b, a) != cases[i].equal) {
            ovstest_fail(__FILE__, __LINE__, "json_equal(%s, %s) != %d",
                         cases[i].a, cases[i].b, cases[i].equal);
        }
        if (cases[i].equal) {
            OVSTEST_CHECK_INT(json_hash(a, 7), json_hash(b, 7));
        }
        OVSTEST_CHECK(json_equal(a, a));
        json_destroy(a);
        json_destroy(b);
    }

    /* NaN equals itself, so that every value equals its copy. */
    struct json *nan = json_real_create(NAN);
    struct json *nan2 = json_deep_clone(nan);
    OVSTEST_CHECK(json_equal(nan, nan2));
    OVSTEST_CHECK_INT(json_hash(nan, 0), json_hash(nan2, 0));
    json_destroy(nan);
    json_destroy(nan2);
}

static void
test_from_file(void)
{
    const char *name = "test-json-file.json";
    FILE *f = fopen(name, "w");
    OVSTEST_CHECK(f);
    fputs("{\"k\": [1, 2,\n  3]}\n", f);
    fclose(f);

    char *error;
    struct json *json = json_from_file(name, &error);
    OVSTEST_CHECK(json && !error);
    CHECK_SERIALIZE(json, 0, "{\"k\":[1,2,3]}");
    json_destroy(json);

    f = fopen(name, "w");
    OVSTEST_CHECK(f);
    fputs("{\"k\": [1, 2,\n  3}\n", f);
    fclose(f);
    json = json_from_file(name, &error);
    OVSTEST_CHECK(!json);
    OVSTEST_CHECK_STR(error, "line 2, column 4, byte 17: syntax error: "
                      "expected ',' or ']'");
    free(error);
    remove(name);

    json = json_from_file("/nonexistent/file.json", &error);
    OVSTEST_CHECK(!json);
    OVSTEST_CHECK(strstr(error, "/nonexistent/file.json: open failed"));
    free(error);

    /* A file bigger than one read. */
    f = fopen(name, "w");
    OVSTEST_CHECK(f);
    fputc('[', f);
    for (int i = 0; i < 100000; i++) {
        fprintf(f, "%s%d", i ? "," : "", i);
    }
    fputc(']', f);
    fclose(f);
    json = json_from_file(name, &error);
    OVSTEST_CHECK(json && json_array(json)->n == 100000);
    OVSTEST_CHECK_INT(json_integer(json_array(json)->elems[99999]), 99999);
    json_destroy(json);
    remove(name);
}

/* A big document parses in linear time (a quadratic parser would take
 * minutes here), and survives a round trip. */
static void
test_big(void)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_char(&ds, '{');
    for (int i = 0; i < 20000; i++) {
        ds_put_format(&ds, "%s\"key%d\":{\"s\":\"%0200d\",\"r\":%d.5,"
                      "\"a\":[true,false,null]}", i ? "," : "", i, i, i);
    }
    ds_put_char(&ds, '}');

    char *error;
    struct json *json = json_parse_buffer(ds.string, ds.length, &error);
    OVSTEST_CHECK(json && !error);
    OVSTEST_CHECK_INT(shash_count(json_object(json)), 20000);
    char *s = json_to_string(json, JSSF_SORT);
    struct json *json2 = json_parse_string(s, &error);
    OVSTEST_CHECK(json2 && json_equal(json, json2));
    free(s);
    json_destroy(json);
    json_destroy(json2);

    /* A 1 MB string, fed in 1000-byte pieces. */
    ds_clear(&ds);
    ds_put_char(&ds, '"');
    ds_put_char_multiple(&ds, 'x', 1000000);
    ds_put_char(&ds, '"');
    json = parse_in_chunks(ds.string, ds.length, 0, 1000, &error);
    OVSTEST_CHECK(json && strlen(json_string(json)) == 1000000);
    json_destroy(json);
    ds_destroy(&ds);
}

static void
test_json_unit(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_scalars();
    test_numbers();
    test_literals();
    test_strings();
    test_structure_errors();
    test_depth();
    test_stream();
    test_multiple();
    test_serialize();
    test_values();
    test_equal_hash();
    test_from_file();
    test_big();
    printf("json unit tests passed\n");
}

OVSTEST_REGISTER("test-json-unit", test_json_unit);

/* Reads all of FILE_NAME ("-" for stdin) into DS.  Returns 0 or errno. */
static int
read_whole_file(const char *file_name, struct ds *ds)
{
    FILE *f = strcmp(file_name, "-") ? fopen(file_name, "rb") : stdin;
    char buf[65536];
    size_t n;

    if (!f) {
        return errno;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        ds_put_buffer(ds, buf, n);
    }
    int error = ferror(f) ? EIO : 0;
    if (f != stdin) {
        fclose(f);
    }
    return error;
}

static void
print_result(struct json *json, const char *error, int flags, bool *ok)
{
    if (json) {
        char *s = json_to_string(json, flags);
        puts(s);
        free(s);
    } else {
        printf("error: %s\n", error);
        *ok = false;
    }
}

/* --multiple: values one after another, split by the parser. */
static void
parse_stream(const struct ds *input, int flags, bool *ok)
{
    size_t ofs = 0;

    while (ofs < input->length) {
        /* Skip whitespace between values, so that trailing whitespace is
         * not an error. */
        while (ofs < input->length && strchr(" \t\r\n", input->string[ofs])
               && input->string[ofs]) {
            ofs++;
        }
        if (ofs >= input->length) {
            break;
        }

        struct json_parser *p = json_parser_create(0);
        ofs += json_parser_feed(p, input->string + ofs, input->length - ofs);

        char *error;
        struct json *json = json_parser_finish(p, &error);
        print_result(json, error, flags, ok);
        json_destroy(json);
        if (error) {
            free(error);
            break;
        }
    }
}

static void
test_json_main(int argc, char *argv[])
{
    int flags = JSSF_SORT;
    bool multiple = false;
    bool ok = true;
    int i;

    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--multiple")) {
            multiple = true;
        } else if (!strcmp(argv[i], "--pretty")) {
            flags |= JSSF_PRETTY;
        } else {
            ovs_usage_error("unknown option %s", argv[i]);
        }
    }

    char *stdin_only[] = { "-", NULL };
    char **files = i < argc ? &argv[i] : stdin_only;
    for (; *files; files++) {
        struct ds input = DS_EMPTY_INITIALIZER;
        int error = read_whole_file(*files, &input);
        if (error) {
            ovs_fatal(error, "%s: read failed", *files);
        }

        if (multiple) {
            parse_stream(&input, flags, &ok);
        } else {
            char *msg;
            struct json *json = json_parse_buffer(input.string,
                                                  input.length, &msg);
            print_result(json, msg, flags, &ok);
            json_destroy(json);
            free(msg);
        }
        ds_destroy(&input);
    }
    exit(ok ? 0 : 1);
}

OVSTEST_REGISTER("test-json", test_json_main);

/* --- JSONTestSuite conformance. --- */

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_, *const *b = b_;
    return strcmp(*a, *b);
}

/* True if ERROR starts with a well-formed position. */
static bool
error_has_position(const char *error)
{
    unsigned long line, column, byte;
    int n = 0;

    return (sscanf(error, "line %lu, column %lu, byte %lu: syntax error: %n",
                   &line, &column, &byte, &n) == 3
            && n > 0 && line >= 1 && column >= 1 && byte >= 1);
}

/* Checks the extra properties of one file's result: feeding it byte by
 * byte gives the same answer, and an accepted value serializes to text
 * that parses back to the same serialization.  Returns false (and prints
 * why) if not. */
static bool
check_consistency(const char *name, const struct ds *input,
                  const struct json *json, const char *error)
{
    char *error2;
    struct json *json2 = parse_in_chunks(input->string, input->length,
                                         0, 1, &error2);
    bool ok = true;

    if (!json != !json2 || (json && !json_equal(json, json2))
        || (error && strcmp(error, error2))) {
        printf("FAIL %s: byte-by-byte parse differs\n", name);
        ok = false;
    }
    json_destroy(json2);
    free(error2);

    if (json) {
        char *s1 = json_to_string(json, JSSF_SORT);
        struct json *json3 = json_parse_string(s1, &error2);
        char *s2 = json3 ? json_to_string(json3, JSSF_SORT) : NULL;
        if (!json3 || strcmp(s1, s2)) {
            printf("FAIL %s: round trip differs: %s\n", name,
                   json3 ? s2 : error2);
            ok = false;
        }
        free(s1);
        free(s2);
        free(error2);
        json_destroy(json3);
    }
    return ok;
}

static void
test_json_conformance(int argc, char *argv[])
{
    if (argc != 2) {
        ovs_usage_error("usage: test-json-conformance DIR");
    }
    const char *dir_name = argv[1];
    DIR *dir = opendir(dir_name);
    if (!dir) {
        ovs_fatal(errno, "%s: opendir failed", dir_name);
    }

    char **names = NULL;
    size_t n_names = 0, allocated = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if ((de->d_name[0] == 'y' || de->d_name[0] == 'n'
             || de->d_name[0] == 'i') && de->d_name[1] == '_') {
            if (n_names >= allocated) {
                names = x2nrealloc(names, &allocated, sizeof *names);
            }
            names[n_names++] = xstrdup(de->d_name);
        }
    }
    closedir(dir);
    qsort(names, n_names, sizeof *names, compare_strings);

    int y_total = 0, y_ok = 0, n_total = 0, n_ok = 0;
    int i_total = 0, i_accepted = 0;
    bool all_ok = true;
    for (size_t i = 0; i < n_names; i++) {
        const char *name = names[i];
        char *file_name = xasprintf("%s/%s", dir_name, name);
        struct ds input = DS_EMPTY_INITIALIZER;
        int error = read_whole_file(file_name, &input);
        if (error) {
            ovs_fatal(error, "%s: read failed", file_name);
        }

        char *msg;
        struct json *json = json_parse_buffer(input.string, input.length,
                                              &msg);
        /* json_from_file() must agree with json_parse_buffer(). */
        char *msg2;
        struct json *json2 = json_from_file(file_name, &msg2);
        if (!json != !json2 || (json && !json_equal(json, json2))) {
            printf("FAIL %s: json_from_file() differs\n", name);
            all_ok = false;
        }
        json_destroy(json2);
        free(msg2);

        if (!check_consistency(name, &input, json, msg)) {
            all_ok = false;
        }

        switch (name[0]) {
        case 'y':
            y_total++;
            if (json) {
                y_ok++;
            } else {
                printf("FAIL %s: rejected: %s\n", name, msg);
            }
            break;
        case 'n':
            n_total++;
            if (!json && error_has_position(msg)) {
                n_ok++;
            } else if (json) {
                printf("FAIL %s: accepted\n", name);
            } else {
                printf("FAIL %s: error without position: %s\n", name, msg);
            }
            break;
        case 'i':
            i_total++;
            if (json) {
                i_accepted++;
            } else if (!error_has_position(msg)) {
                printf("FAIL %s: error without position: %s\n", name, msg);
                all_ok = false;
            }
            break;
        }

        json_destroy(json);
        free(msg);
        ds_destroy(&input);
        free(file_name);
        free(names[i]);
    }
    free(names);

    printf("y: %d/%d accepted, n: %d/%d rejected, "
           "i: %d (%d accepted, %d rejected)\n",
           y_ok, y_total, n_ok, n_total,
           i_total, i_accepted, i_total - i_accepted);
    exit(all_ok && y_ok == y_total && n_ok == n_total ? 0 : 1);
}

OVSTEST_REGISTER("test-json-conformance", test_json_conformance);
