/* fuzz-json.c -- fuzz target for the JSON parser and serializer.
 *
 * For each input it checks, aborting on any failure:
 *
 *   - parsing the whole input and parsing it fed in pieces of random sizes
 *     (chosen from the input itself, so runs reproduce) agree exactly:
 *     same value or same error message;
 *   - every error message starts with a position inside the input;
 *   - JSPF_MULTIPLE and a random depth limit agree with the plain parse;
 *   - an accepted value serializes (compact, sorted, pretty) to text that
 *     parses back to an equal value, and one more round trip is a fixed
 *     point.  "Equal" allows an integral real to come back as an integer,
 *     since reals like 1.0 are written as "1";
 *   - json_deep_clone() gives a json_equal() value with the same hash. */

#include <config.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "json.h"
#include "shash.h"
#include "util.h"

/* Like json_equal(), but an integer equals a real of the same value. */
static bool
equal_modulo_numbers(const struct json *a, const struct json *b)
{
    bool a_num = a->type == JSON_INTEGER || a->type == JSON_REAL;
    bool b_num = b->type == JSON_INTEGER || b->type == JSON_REAL;
    if (a_num && b_num && a->type != b->type) {
        return json_real(a) == json_real(b);
    } else if (a->type != b->type) {
        return false;
    } else if (a->type == JSON_ARRAY) {
        if (a->array.n != b->array.n) {
            return false;
        }
        for (size_t i = 0; i < a->array.n; i++) {
            if (!equal_modulo_numbers(a->array.elems[i], b->array.elems[i])) {
                return false;
            }
        }
        return true;
    } else if (a->type == JSON_OBJECT) {
        const struct shash_node *node;
        if (shash_count(a->object) != shash_count(b->object)) {
            return false;
        }
        SHASH_FOR_EACH (node, a->object) {
            const struct json *value = shash_find_data(b->object, node->name);
            if (!value || !equal_modulo_numbers(node->data, value)) {
                return false;
            }
        }
        return true;
    } else {
        return json_equal(a, b);
    }
}

/* Checks that ERROR names a position no further than one past the end of
 * an input of SIZE bytes. */
static void
check_error_message(const char *error, size_t size)
{
    unsigned long line, column, byte;
    int n = 0;

    FUZZ_CHECK(error);
    FUZZ_CHECK(sscanf(error, "line %lu, column %lu, byte %lu: syntax "
                      "error: %n", &line, &column, &byte, &n) == 3);
    FUZZ_CHECK(n > 0 && error[n]);
    FUZZ_CHECK(line >= 1 && column >= 1 && byte >= 1);
    FUZZ_CHECK(byte <= size + 1);
    FUZZ_CHECK(column <= byte);
}

/* Parses the SIZE bytes at S fed in random pieces, with FLAGS and
 * MAX_DEPTH, requiring the input to hold one value and only whitespace
 * after it, like json_parse_buffer().  A trailing-data error comes back as
 * the message "trailing". */
static struct json *
parse_in_pieces(const char *s, size_t size, int flags,
                unsigned int max_depth, struct fuzz_rng *rng,
                char **errorp)
{
    struct json_parser *p = json_parser_create(flags);
    size_t ofs = 0;

    json_parser_set_max_depth(p, max_depth);
    while (ofs < size && !json_parser_is_done(p)) {
        size_t want = (fuzz_rng_range(rng, 4)
                       ? 1 + fuzz_rng_range(rng, 8)
                       : 1 + fuzz_rng_range(rng, size));
        if (want > size - ofs) {
            want = size - ofs;
        }
        size_t used = json_parser_feed(p, s + ofs, want);
        FUZZ_CHECK(used <= want);
        FUZZ_CHECK(used == want || json_parser_is_done(p));
        ofs += used;
    }
    FUZZ_CHECK(json_parser_bytes(p) == ofs);

    struct json *json = json_parser_finish(p, errorp);
    if (json) {
        for (; ofs < size; ofs++) {
            if (s[ofs] != ' ' && s[ofs] != '\t' && s[ofs] != '\n'
                && s[ofs] != '\r') {
                json_destroy(json);
                *errorp = xstrdup("trailing");
                return NULL;
            }
        }
    }
    return json;
}

/* One parse-serialize-parse round trip of JSON (with FLAGS); returns the
 * reparsed value. */
static struct json *
round_trip(const struct json *json, int flags)
{
    char *s = json_to_string(json, flags);
    char *error;
    struct json *json2 = json_parse_string(s, &error);
    if (!json2) {
        fprintf(stderr, "serialization does not parse back: %s\n%s\n",
                error, s);
        abort();
    }
    FUZZ_CHECK(equal_modulo_numbers(json, json2));
    free(s);
    return json2;
}

static void
check_value(const struct json *json)
{
    /* Compact, sorted: a fixed point after one round trip. */
    struct json *json2 = round_trip(json, JSSF_SORT);
    char *s2 = json_to_string(json2, JSSF_SORT);
    struct json *json3 = round_trip(json2, JSSF_SORT);
    char *s3 = json_to_string(json3, JSSF_SORT);
    FUZZ_CHECK(!strcmp(s2, s3));
    FUZZ_CHECK(json_equal(json2, json3));
    FUZZ_CHECK(json_hash(json2, 0) == json_hash(json3, 0));
    free(s2);
    free(s3);
    json_destroy(json3);

    /* Unsorted and pretty. */
    json3 = round_trip(json2, 0);
    FUZZ_CHECK(json_equal(json2, json3));
    json_destroy(json3);
    json3 = round_trip(json2, JSSF_PRETTY);
    FUZZ_CHECK(json_equal(json2, json3));
    json_destroy(json3);
    json_destroy(json2);

    /* Clones. */
    struct json *copy = json_deep_clone(json);
    FUZZ_CHECK(json_equal(json, copy));
    FUZZ_CHECK(json_hash(json, 1) == json_hash(copy, 1));
    json_destroy(copy);
    copy = json_clone(json);
    FUZZ_CHECK(copy == json && json->count == 2);
    json_destroy(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *) data;
    struct fuzz_rng rng;
    char *error, *error2;

    fuzz_rng_init(&rng, data, size);

    /* The reference: the whole input at once. */
    struct json *json = json_parse_buffer(s, size, &error);
    if (!json) {
        check_error_message(error, size);
    } else {
        FUZZ_CHECK(!error);
    }

    /* In pieces: the same answer. */
    struct json *json2 = parse_in_pieces(s, size, 0, JSON_DEFAULT_MAX_DEPTH,
                                         &rng, &error2);
    FUZZ_CHECK(!json == !json2);
    if (json) {
        FUZZ_CHECK(json_equal(json, json2));
    } else if (strcmp(error2, "trailing")) {
        FUZZ_CHECK(!strcmp(error, error2));
    } else {
        FUZZ_CHECK(strstr(error, "trailing data"));
    }
    json_destroy(json2);
    free(error2);

    /* JSPF_MULTIPLE: one value becomes an array of one. */
    json2 = parse_in_pieces(s, size, JSPF_MULTIPLE, JSON_DEFAULT_MAX_DEPTH,
                            &rng, &error2);
    if (json) {
        FUZZ_CHECK(json2 && json2->type == JSON_ARRAY);
        FUZZ_CHECK(json_array(json2)->n == 1);
        FUZZ_CHECK(json_equal(json, json_array(json2)->elems[0]));
    } else if (json2) {
        check_value(json2);
    } else {
        check_error_message(error2, size);
    }
    json_destroy(json2);
    free(error2);

    /* A low depth limit either agrees or reports the nesting. */
    unsigned int depth = fuzz_rng_range(&rng, 6);
    json2 = parse_in_pieces(s, size, 0, depth, &rng, &error2);
    if (json2) {
        FUZZ_CHECK(json && json_equal(json, json2));
    } else if (json) {
        FUZZ_CHECK(strstr(error2, "nesting deeper than"));
    }
    json_destroy(json2);
    free(error2);

    if (json) {
        check_value(json);
    }
    json_destroy(json);
    free(error);
    return 0;
}
