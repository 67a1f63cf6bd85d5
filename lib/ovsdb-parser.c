/* ovsdb-parser.c -- checked access to JSON object members (see
 * ovsdb-parser.h).
 *
 * The members fetched are remembered by name (an object in OVSDB has a
 * handful of members), so that finish() can find the ones never fetched
 * without building a set. */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include "ovsdb-parser.h"
#include <stdint.h>
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-error.h"
#include "util.h"

void
ovsdb_parser_init(struct ovsdb_parser *parser, const struct json *json,
                  const char *name)
{
    parser->name = name;
    parser->json = json;
    parser->n_used = 0;
    parser->n_present = 0;
    parser->error = NULL;
    if (json->type != JSON_OBJECT) {
        parser->error = ovsdb_syntax_error(json, NULL,
                                           "%s is not an object", name);
    }
}

bool
ovsdb_parser_is_id(const char *s)
{
    if (!isalpha((unsigned char) *s) && *s != '_') {
        return false;
    }
    for (s++; *s; s++) {
        if (!isalnum((unsigned char) *s) && *s != '_') {
            return false;
        }
    }
    return true;
}

static bool
type_matches(const struct json *json, int types)
{
    switch (json->type) {
    case JSON_NULL:
        return types & OP_NULL;
    case JSON_FALSE:
        return types & OP_FALSE;
    case JSON_TRUE:
        return types & OP_TRUE;
    case JSON_INTEGER:
        return types & OP_INTEGER;
    case JSON_REAL:
        return types & OP_NONINTEGER;
    case JSON_STRING:
        return ((types & OP_STRING)
                || ((types & OP_ID) && ovsdb_parser_is_id(json->string)));
    case JSON_ARRAY:
        return types & OP_ARRAY;
    case JSON_OBJECT:
        return types & OP_OBJECT;
    case JSON_N_TYPES:
    default:
        return false;
    }
}

const struct json *
ovsdb_parser_member(struct ovsdb_parser *parser, const char *name, int types)
{
    const struct json *value;

    if (parser->error) {
        return NULL;
    }
    if (parser->n_used < OVSDB_PARSER_MAX_MEMBERS) {
        parser->used[parser->n_used++] = name;
    }
    value = shash_find_data(json_object(parser->json), name);
    if (!value) {
        if (!(types & OP_OPTIONAL)) {
            ovsdb_parser_raise_error(parser, "Required '%s' member is "
                                     "missing.", name);
        }
        return NULL;
    }
    parser->n_present++;
    if (!type_matches(value, types)) {
        ovsdb_parser_raise_error(parser, "Type mismatch for member '%s'.",
                                 name);
        return NULL;
    }
    return value;
}

bool
ovsdb_parser_has_error(const struct ovsdb_parser *parser)
{
    return parser->error != NULL;
}

void
ovsdb_parser_raise_error(struct ovsdb_parser *parser, const char *format,
                         ...)
{
    if (!parser->error) {
        struct ds s = DS_EMPTY_INITIALIZER;
        va_list args;

        va_start(args, format);
        ds_put_format_valist(&s, format, args);
        va_end(args);
        parser->error = ovsdb_syntax_error(parser->json, NULL,
                                           "Parsing %s failed: %s",
                                           parser->name, ds_cstr(&s));
        ds_destroy(&s);
    }
}

void
ovsdb_parser_put_error(struct ovsdb_parser *parser,
                       struct ovsdb_error *error)
{
    if (!parser->error) {
        parser->error = error;
    } else {
        ovsdb_error_destroy(error);
    }
}

struct ovsdb_error *
ovsdb_parser_finish(struct ovsdb_parser *parser)
{
    if (!parser->error) {
        const struct shash *object = json_object(parser->json);

        /* Every member present was either asked for (and counted in
         * 'n_present') or is unexpected. */
        if (shash_count(object) > parser->n_present) {
            struct shash_node *node;

            SHASH_FOR_EACH (node, object) {
                size_t i;

                for (i = 0; i < parser->n_used; i++) {
                    if (!strcmp(parser->used[i], node->name)) {
                        break;
                    }
                }
                if (i >= parser->n_used) {
                    ovsdb_parser_raise_error(parser, "Member '%s' is "
                                             "present but not allowed "
                                             "here.", node->name);
                    break;
                }
            }
        }
    }
    struct ovsdb_error *error = parser->error;
    parser->error = NULL;
    return error;
}

void
ovsdb_parser_destroy(struct ovsdb_parser *parser)
{
    ovsdb_error_destroy(parser->error);
    parser->error = NULL;
}
