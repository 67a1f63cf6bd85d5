/* ovsdb-types.c -- OVSDB column types: parsing, serialization, cloning
 * (see ovsdb-types.h).
 *
 * Defaults chosen when a constraint is absent are the widest ones (the
 * whole int64 range, every finite double, any length), so that "has a
 * constraint" is simply "differs from the default", which is also what
 * decides whether serialization writes the member out. */
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-types.h"
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "util.h"

static const char *const atomic_type_names[OVSDB_N_TYPES] = {
    [OVSDB_TYPE_VOID] = "void",
    [OVSDB_TYPE_INTEGER] = "integer",
    [OVSDB_TYPE_REAL] = "real",
    [OVSDB_TYPE_BOOLEAN] = "boolean",
    [OVSDB_TYPE_STRING] = "string",
    [OVSDB_TYPE_UUID] = "uuid",
};

const char *
ovsdb_atomic_type_to_string(enum ovsdb_atomic_type type)
{
    return type < OVSDB_N_TYPES ? atomic_type_names[type] : "<invalid>";
}

bool
ovsdb_atomic_type_from_string(const char *s, enum ovsdb_atomic_type *type)
{
    for (int i = OVSDB_TYPE_INTEGER; i < OVSDB_N_TYPES; i++) {
        if (!strcmp(s, atomic_type_names[i])) {
            *type = i;
            return true;
        }
    }
    return false;
}

void
ovsdb_base_type_init(struct ovsdb_base_type *base,
                     enum ovsdb_atomic_type type)
{
    memset(base, 0, sizeof *base);
    base->type = type;
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        base->integer.min = INT64_MIN;
        base->integer.max = INT64_MAX;
        break;
    case OVSDB_TYPE_REAL:
        base->real.min = -DBL_MAX;
        base->real.max = DBL_MAX;
        break;
    case OVSDB_TYPE_STRING:
        base->string.min_len = 0;
        base->string.max_len = UINT_MAX;
        break;
    case OVSDB_TYPE_UUID:
        base->uuid.ref_table_name = NULL;
        base->uuid.ref_table = NULL;
        base->uuid.ref_type = OVSDB_REF_STRONG;
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        break;
    }
}

void
ovsdb_base_type_clone(struct ovsdb_base_type *dst,
                      const struct ovsdb_base_type *src)
{
    *dst = *src;
    if (src->enum_) {
        struct ovsdb_type enum_type;

        dst->enum_ = xmalloc(sizeof *dst->enum_);
        ovsdb_base_type_init(&enum_type.key, src->type);
        ovsdb_base_type_init(&enum_type.value, OVSDB_TYPE_VOID);
        ovsdb_datum_clone(dst->enum_, src->enum_, &enum_type);
    }
    if (src->type == OVSDB_TYPE_UUID) {
        dst->uuid.ref_table_name = nullable_xstrdup(src->uuid.ref_table_name);
    }
}

void
ovsdb_base_type_destroy(struct ovsdb_base_type *base)
{
    if (base->enum_) {
        struct ovsdb_type enum_type;

        ovsdb_type_init_scalar(&enum_type, base->type);
        ovsdb_datum_destroy(base->enum_, &enum_type);
        free(base->enum_);
        base->enum_ = NULL;
    }
    if (base->type == OVSDB_TYPE_UUID) {
        free(base->uuid.ref_table_name);
        base->uuid.ref_table_name = NULL;
    }
}

bool
ovsdb_base_type_has_constraints(const struct ovsdb_base_type *base)
{
    if (base->enum_) {
        return true;
    }
    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        return (base->integer.min != INT64_MIN
                || base->integer.max != INT64_MAX);
    case OVSDB_TYPE_REAL:
        return base->real.min != -DBL_MAX || base->real.max != DBL_MAX;
    case OVSDB_TYPE_STRING:
        return base->string.min_len != 0 || base->string.max_len != UINT_MAX;
    case OVSDB_TYPE_UUID:
        return base->uuid.ref_table_name != NULL;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        return false;
    }
}

void
ovsdb_base_type_clear_constraints(struct ovsdb_base_type *base)
{
    enum ovsdb_atomic_type type = base->type;

    ovsdb_base_type_destroy(base);
    ovsdb_base_type_init(base, type);
}

bool
ovsdb_base_type_equals(const struct ovsdb_base_type *a,
                       const struct ovsdb_base_type *b)
{
    struct json *ja, *jb;
    bool equal;

    if (a->type != b->type) {
        return false;
    }
    ja = ovsdb_base_type_to_json(a);
    jb = ovsdb_base_type_to_json(b);
    equal = json_equal(ja, jb);
    json_destroy(ja);
    json_destroy(jb);
    return equal;
}

static struct ovsdb_error *
parse_enum(struct ovsdb_base_type *base, const struct json *json)
{
    struct ovsdb_type enum_type;
    struct ovsdb_error *error;

    /* The enum's own atoms are checked against the other constraints of
     * the base type, which are parsed first, but not against an enum. */
    enum_type.key = *base;
    enum_type.key.enum_ = NULL;
    ovsdb_base_type_init(&enum_type.value, OVSDB_TYPE_VOID);
    enum_type.n_min = 1;
    enum_type.n_max = OVSDB_N_UNLIMITED;

    base->enum_ = xmalloc(sizeof *base->enum_);
    error = ovsdb_datum_from_json(base->enum_, &enum_type, json, NULL);
    if (error) {
        free(base->enum_);
        base->enum_ = NULL;
    }
    return error;
}

static bool
get_uint(const struct json *json, unsigned int *value)
{
    if (json->integer < 0 || json->integer >= UINT_MAX) {
        return false;
    }
    *value = json->integer;
    return true;
}

struct ovsdb_error *
ovsdb_base_type_from_json(struct ovsdb_base_type *base,
                          const struct json *json)
{
    enum ovsdb_atomic_type type;
    struct ovsdb_parser parser;
    const struct json *j, *min, *max, *enum_;
    struct ovsdb_error *error;

    ovsdb_base_type_init(base, OVSDB_TYPE_VOID);
    if (json->type == JSON_STRING) {
        if (!ovsdb_atomic_type_from_string(json->string, &type)) {
            return ovsdb_syntax_error(json, NULL, "Unknown atomic type %s.",
                                      json->string);
        }
        ovsdb_base_type_init(base, type);
        return NULL;
    } else if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "base type expected");
    }

    ovsdb_parser_init(&parser, json, "ovsdb type");
    j = ovsdb_parser_member(&parser, "type", OP_STRING);
    if (!j) {
        return ovsdb_parser_finish(&parser);
    }
    if (!ovsdb_atomic_type_from_string(j->string, &type)) {
        ovsdb_parser_destroy(&parser);
        return ovsdb_syntax_error(json, NULL, "Unknown atomic type %s.",
                                  j->string);
    }
    ovsdb_base_type_init(base, type);

    enum_ = ovsdb_parser_member(&parser, "enum", OP_ANY_VALUE);
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        min = ovsdb_parser_member(&parser, "minInteger",
                                  OP_INTEGER | OP_OPTIONAL);
        max = ovsdb_parser_member(&parser, "maxInteger",
                                  OP_INTEGER | OP_OPTIONAL);
        if (min) {
            base->integer.min = min->integer;
        }
        if (max) {
            base->integer.max = max->integer;
        }
        if (base->integer.min > base->integer.max) {
            ovsdb_parser_raise_error(&parser, "minInteger exceeds "
                                     "maxInteger");
        }
        break;

    case OVSDB_TYPE_REAL:
        min = ovsdb_parser_member(&parser, "minReal",
                                  OP_NUMBER | OP_OPTIONAL);
        max = ovsdb_parser_member(&parser, "maxReal",
                                  OP_NUMBER | OP_OPTIONAL);
        if (min) {
            base->real.min = json_real(min);
        }
        if (max) {
            base->real.max = json_real(max);
        }
        if (base->real.min > base->real.max) {
            ovsdb_parser_raise_error(&parser, "minReal exceeds maxReal");
        }
        break;

    case OVSDB_TYPE_STRING:
        min = ovsdb_parser_member(&parser, "minLength",
                                  OP_INTEGER | OP_OPTIONAL);
        max = ovsdb_parser_member(&parser, "maxLength",
                                  OP_INTEGER | OP_OPTIONAL);
        if (min && !get_uint(min, &base->string.min_len)) {
            ovsdb_parser_raise_error(&parser, "minLength out of range");
        }
        if (max && !get_uint(max, &base->string.max_len)) {
            ovsdb_parser_raise_error(&parser, "maxLength out of range");
        }
        if (base->string.min_len > base->string.max_len) {
            ovsdb_parser_raise_error(&parser, "minLength exceeds "
                                     "maxLength");
        }
        break;

    case OVSDB_TYPE_UUID: {
        const struct json *ref_table, *ref_type;

        ref_table = ovsdb_parser_member(&parser, "refTable",
                                        OP_ID | OP_OPTIONAL);
        if (ref_table) {
            base->uuid.ref_table_name = xstrdup(ref_table->string);
            ref_type = ovsdb_parser_member(&parser, "refType",
                                           OP_STRING | OP_OPTIONAL);
            if (ref_type) {
                if (!strcmp(ref_type->string, "weak")) {
                    base->uuid.ref_type = OVSDB_REF_WEAK;
                } else if (strcmp(ref_type->string, "strong")) {
                    ovsdb_parser_raise_error(&parser, "refType must be "
                                             "\"strong\" or \"weak\" (not "
                                             "\"%s\").", ref_type->string);
                }
            }
        }
        break;
    }

    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        break;
    }

    if (enum_ && !ovsdb_parser_has_error(&parser)) {
        ovsdb_parser_put_error(&parser, parse_enum(base, enum_));
    }
    error = ovsdb_parser_finish(&parser);
    if (error) {
        ovsdb_base_type_destroy(base);
    }
    return error;
}

struct json *
ovsdb_base_type_to_json(const struct ovsdb_base_type *base)
{
    const char *name = ovsdb_atomic_type_to_string(base->type);
    struct json *json;

    if (!ovsdb_base_type_has_constraints(base)) {
        return json_string_create(name);
    }

    json = json_object_create();
    json_object_put_string(json, "type", name);
    if (base->enum_) {
        struct ovsdb_type enum_type;

        ovsdb_base_type_init(&enum_type.key, base->type);
        ovsdb_base_type_init(&enum_type.value, OVSDB_TYPE_VOID);
        enum_type.n_min = 1;
        enum_type.n_max = OVSDB_N_UNLIMITED;
        json_object_put(json, "enum",
                        ovsdb_datum_to_json(base->enum_, &enum_type));
    }
    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        if (base->integer.min != INT64_MIN) {
            json_object_put(json, "minInteger",
                            json_integer_create(base->integer.min));
        }
        if (base->integer.max != INT64_MAX) {
            json_object_put(json, "maxInteger",
                            json_integer_create(base->integer.max));
        }
        break;
    case OVSDB_TYPE_REAL:
        if (base->real.min != -DBL_MAX) {
            json_object_put(json, "minReal",
                            json_real_create(base->real.min));
        }
        if (base->real.max != DBL_MAX) {
            json_object_put(json, "maxReal",
                            json_real_create(base->real.max));
        }
        break;
    case OVSDB_TYPE_STRING:
        if (base->string.min_len != 0) {
            json_object_put(json, "minLength",
                            json_integer_create(base->string.min_len));
        }
        if (base->string.max_len != UINT_MAX) {
            json_object_put(json, "maxLength",
                            json_integer_create(base->string.max_len));
        }
        break;
    case OVSDB_TYPE_UUID:
        if (base->uuid.ref_table_name) {
            json_object_put_string(json, "refTable",
                                   base->uuid.ref_table_name);
            if (base->uuid.ref_type == OVSDB_REF_WEAK) {
                json_object_put_string(json, "refType", "weak");
            }
        }
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        break;
    }
    return json;
}

void
ovsdb_type_init_scalar(struct ovsdb_type *type,
                       enum ovsdb_atomic_type atomic)
{
    ovsdb_base_type_init(&type->key, atomic);
    ovsdb_base_type_init(&type->value, OVSDB_TYPE_VOID);
    type->n_min = type->n_max = 1;
}

void
ovsdb_type_clone(struct ovsdb_type *dst, const struct ovsdb_type *src)
{
    ovsdb_base_type_clone(&dst->key, &src->key);
    ovsdb_base_type_clone(&dst->value, &src->value);
    dst->n_min = src->n_min;
    dst->n_max = src->n_max;
}

void
ovsdb_type_destroy(struct ovsdb_type *type)
{
    ovsdb_base_type_destroy(&type->key);
    ovsdb_base_type_destroy(&type->value);
}

bool
ovsdb_type_equals(const struct ovsdb_type *a, const struct ovsdb_type *b)
{
    return (a->n_min == b->n_min && a->n_max == b->n_max
            && ovsdb_base_type_equals(&a->key, &b->key)
            && ovsdb_base_type_equals(&a->value, &b->value));
}

bool
ovsdb_type_has_refs(const struct ovsdb_type *type)
{
    return (ovsdb_base_type_is_ref(&type->key)
            || ovsdb_base_type_is_ref(&type->value));
}

struct ovsdb_error *
ovsdb_type_from_json(struct ovsdb_type *type, const struct json *json)
{
    const struct json *key, *value, *min, *max;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;

    ovsdb_type_init_scalar(type, OVSDB_TYPE_VOID);
    if (json->type == JSON_STRING) {
        return ovsdb_base_type_from_json(&type->key, json);
    } else if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "ovsdb type expected");
    }

    ovsdb_parser_init(&parser, json, "ovsdb type");
    key = ovsdb_parser_member(&parser, "key", OP_STRING | OP_OBJECT);
    value = ovsdb_parser_member(&parser, "value",
                                OP_STRING | OP_OBJECT | OP_OPTIONAL);
    min = ovsdb_parser_member(&parser, "min", OP_INTEGER | OP_OPTIONAL);
    max = ovsdb_parser_member(&parser, "max",
                              OP_INTEGER | OP_STRING | OP_OPTIONAL);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }

    if (min) {
        if (min->integer != 0 && min->integer != 1) {
            return ovsdb_syntax_error(json, NULL,
                                      "\"min\" must be 0 or 1.");
        }
        type->n_min = min->integer;
    }
    if (max) {
        if (max->type == JSON_STRING) {
            if (strcmp(max->string, "unlimited")) {
                return ovsdb_syntax_error(json, NULL, "\"max\" must be a "
                                          "positive integer or "
                                          "\"unlimited\".");
            }
            type->n_max = OVSDB_N_UNLIMITED;
        } else if (max->integer < 1 || max->integer >= UINT_MAX) {
            return ovsdb_syntax_error(json, NULL, "\"max\" must be a "
                                      "positive integer or "
                                      "\"unlimited\".");
        } else {
            type->n_max = max->integer;
        }
    }
    if (type->n_min > type->n_max) {
        return ovsdb_syntax_error(json, NULL, "\"min\" may not exceed "
                                  "\"max\".");
    }

    error = ovsdb_base_type_from_json(&type->key, key);
    if (!error && value) {
        error = ovsdb_base_type_from_json(&type->value, value);
        if (error) {
            ovsdb_base_type_destroy(&type->key);
        }
    }
    if (error) {
        ovsdb_type_init_scalar(type, OVSDB_TYPE_VOID);
    }
    return error;
}

struct json *
ovsdb_type_to_json(const struct ovsdb_type *type)
{
    struct json *json;

    if (ovsdb_type_is_scalar(type)
        && !ovsdb_base_type_has_constraints(&type->key)) {
        return ovsdb_base_type_to_json(&type->key);
    }

    json = json_object_create();
    json_object_put(json, "key", ovsdb_base_type_to_json(&type->key));
    if (ovsdb_type_is_map(type)) {
        json_object_put(json, "value",
                        ovsdb_base_type_to_json(&type->value));
    }
    if (type->n_min != 1) {
        json_object_put(json, "min", json_integer_create(type->n_min));
    }
    if (type->n_max == OVSDB_N_UNLIMITED) {
        json_object_put_string(json, "max", "unlimited");
    } else if (type->n_max != 1) {
        json_object_put(json, "max", json_integer_create(type->n_max));
    }
    return json;
}

char *
ovsdb_type_to_string(const struct ovsdb_type *type)
{
    struct json *json = ovsdb_type_to_json(type);
    char *s = json_to_string(json, JSSF_SORT);

    json_destroy(json);
    return s;
}
