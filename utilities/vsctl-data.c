/* vsctl-data.c -- the text notation of OVSDB values (see vsctl-data.h).
 *
 * Parsing works on tokens: a token is a quoted string (JSON escapes) or a
 * run of characters up to white space or a delimiter.  A datum is a
 * sequence of tokens (pairs "k=v" for maps) separated by commas or white
 * space, optionally inside brackets or braces.  Each token is then read
 * as an atom of the column's key or value type. */
#include <config.h>
#include "vsctl-data.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-error.h"
#include "ovsdb-types.h"
#include "util.h"
#include "uuid.h"

void
vsctl_datum_format(const struct ovsdb_datum *datum,
                   const struct ovsdb_type *type,
                   enum vsctl_data_format format, struct ds *out)
{
    if (format == VSCTL_DATA_STRING) {
        ovsdb_datum_to_text(datum, type, out);
    } else if (format == VSCTL_DATA_JSON) {
        struct json *json = ovsdb_datum_to_json(datum, type);
        json_to_ds(json, 0, out);
        json_destroy(json);
    } else {
        ovsdb_datum_to_bare(datum, type, out);
    }
}

char *
vsctl_atom_check_constraints(const union ovsdb_atom *atom,
                             const struct ovsdb_base_type *base)
{
    if (base->enum_) {
        if (ovsdb_datum_find_key(base->enum_, atom, base->type)
            != OVSDB_DATUM_NOT_FOUND) {
            return NULL;
        }
        struct ovsdb_type t;
        struct ds s = DS_EMPTY_INITIALIZER;

        ovsdb_type_init_scalar(&t, base->type);
        t.n_max = OVSDB_N_UNLIMITED;
        ds_put_cstr(&s, "constraint violation: ");
        ovsdb_atom_to_text(atom, base->type, &s);
        ds_put_cstr(&s, " is not one of the allowed values (");
        ovsdb_datum_to_text(base->enum_, &t, &s);
        ds_put_char(&s, ')');
        return ds_steal_cstr(&s);
    }

    struct ovsdb_error *error = ovsdb_atom_check_constraints(atom, base);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        ovsdb_error_destroy(error);
        return s;
    }
    return NULL;
}

static char *
unquote(const char *s, char **out)
{
    char *error = NULL;
    struct json *json = json_parse_string(s, &error);

    if (!json || json->type != JSON_STRING) {
        json_destroy(json);
        free(error);
        *out = NULL;
        return xasprintf("%s: invalid quoted string", s);
    }
    *out = xstrdup(json_string(json));
    json_destroy(json);
    return NULL;
}

static bool
parse_boolean(const char *s, bool *b)
{
    static const char *const trues[] = { "true", "yes", "on", "1" };
    static const char *const falses[] = { "false", "no", "off", "0" };

    for (size_t i = 0; i < ARRAY_SIZE(trues); i++) {
        if (!strcmp(s, trues[i])) {
            *b = true;
            return true;
        }
        if (!strcmp(s, falses[i])) {
            *b = false;
            return true;
        }
    }
    return false;
}

char *
vsctl_atom_from_string(union ovsdb_atom *atom,
                       const struct ovsdb_base_type *base, const char *s,
                       struct ovsdb_symbol_table *symtab,
                       int64_t *range_endp)
{
    switch (base->type) {
    case OVSDB_TYPE_INTEGER: {
        long long int lo, hi;
        const char *dash = *s ? strchr(s + 1, '-') : NULL;

        if (str_to_llong(s, 10, &lo)) {
            hi = lo;
        } else if (dash && range_endp) {
            char *first = xmemdup0(s, dash - s);
            bool ok = (str_to_llong(first, 10, &lo)
                       && str_to_llong(dash + 1, 10, &hi));
            free(first);
            if (!ok) {
                return xasprintf("\"%s\" is not a valid integer or range",
                                 s);
            }
            if (hi < lo) {
                return xasprintf("\"%s\" is not a valid range. Range end "
                                 "cannot be before start.", s);
            }
        } else {
            return xasprintf("\"%s\" is not a valid integer or range", s);
        }
        atom->integer = lo;
        if (range_endp) {
            *range_endp = hi;
        }
        break;
    }

    case OVSDB_TYPE_REAL: {
        double d;
        if (!str_to_double(s, &d)) {
            return xasprintf("\"%s\" is not a valid real number", s);
        }
        atom->real = d;
        break;
    }

    case OVSDB_TYPE_BOOLEAN:
        if (!parse_boolean(s, &atom->boolean)) {
            return xasprintf("\"%s\" is not a valid boolean "
                             "(use \"true\" or \"false\")", s);
        }
        break;

    case OVSDB_TYPE_STRING:
        if (*s == '"') {
            char *str;
            char *error = unquote(s, &str);
            if (error) {
                return error;
            }
            ovsdb_atom_init_string(atom, str, strlen(str));
            free(str);
        } else {
            ovsdb_atom_init_string(atom, s, strlen(s));
        }
        break;

    case OVSDB_TYPE_UUID:
        if (*s == '@' && symtab) {
            struct ovsdb_symbol *symbol
                = ovsdb_symbol_table_insert(symtab, s);
            atom->uuid = symbol->uuid;
            if (ovsdb_base_type_is_strong_ref(base)) {
                symbol->strong_ref = true;
            } else if (ovsdb_base_type_is_weak_ref(base)) {
                symbol->weak_ref = true;
            }
        } else if (!uuid_from_string(&atom->uuid, s)) {
            return xasprintf("\"%s\" is not a valid UUID", s);
        }
        break;

    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }

    char *error = vsctl_atom_check_constraints(atom, base);
    if (error) {
        ovsdb_atom_destroy(atom, base->type);
    }
    return error;
}

char *
vsctl_token_parse(const char **sp, const char *delims, char **errorp)
{
    const char *s = *sp;
    const char *p = s;

    *errorp = NULL;
    if (*p == '"') {
        for (p++; *p != '"'; p++) {
            if (*p == '\0') {
                *errorp = xasprintf("%s: quoted string extends past end "
                                    "of argument", s);
                return NULL;
            } else if (*p == '\\' && p[1]) {
                p++;
            }
        }
        p++;
    } else {
        while (*p && !isspace((unsigned char) *p) && !strchr(delims, *p)) {
            p++;
        }
    }
    *sp = p;
    return xmemdup0(s, p - s);
}

static const char *
skip_spaces(const char *p)
{
    while (isspace((unsigned char) *p)) {
        p++;
    }
    return p;
}

/* Parses one token at *P as an atom of BASE; for integer keys of sets,
 * expands a range into DATUM directly. */
static char *
parse_element(const char **p, const struct ovsdb_base_type *base,
              const char *delims, struct ovsdb_symbol_table *symtab,
              bool allow_range, union ovsdb_atom *atom, int64_t *hi)
{
    char *error;
    char *token = vsctl_token_parse(p, delims, &error);

    if (!token) {
        return error;
    }
    if (!*token) {
        free(token);
        return xasprintf("%s: syntax error at \"%.1s\"", *p, *p);
    }
    error = vsctl_atom_from_string(atom, base, token, symtab,
                                   allow_range ? hi : NULL);
    if (!allow_range) {
        *hi = 0;
    }
    free(token);
    return error;
}

/* "integer", "set of up to 4096 integers", "map of string-string pairs":
 * how messages describe a type. */
static void
describe_type(const struct ovsdb_type *type, struct ds *out)
{
    const char *key = ovsdb_atomic_type_to_string(type->key.type);

    if (ovsdb_type_is_scalar(type)) {
        ds_put_cstr(out, key);
        return;
    } else if (ovsdb_type_is_optional_scalar(type)) {
        ds_put_format(out, "optional %s", key);
        return;
    }
    ds_put_cstr(out, ovsdb_type_is_map(type) ? "map of " : "set of ");
    if (type->n_max != OVSDB_N_UNLIMITED) {
        ds_put_format(out, "up to %u ", type->n_max);
    } else if (type->n_min) {
        ds_put_format(out, "%u or more ", type->n_min);
    }
    if (ovsdb_type_is_map(type)) {
        ds_put_format(out, "%s-%s pairs", key,
                      ovsdb_atomic_type_to_string(type->value.type));
    } else {
        ds_put_format(out, "%ss", key);
    }
}

char *
vsctl_datum_from_string(struct ovsdb_datum *datum,
                        const struct ovsdb_type *type, const char *s,
                        struct ovsdb_symbol_table *symtab)
{
    bool is_map = ovsdb_type_is_map(type);
    bool is_int_set = !is_map && type->key.type == OVSDB_TYPE_INTEGER;
    const char *p = skip_spaces(s);
    char end = '\0';
    char *error = NULL;

    ovsdb_datum_init_empty(datum);
    if (*p == (is_map ? '{' : '[')) {
        end = is_map ? '}' : ']';
        p++;
    }

    for (;;) {
        p = skip_spaces(p);
        if (*p == end || *p == '\0') {
            break;
        }
        if (datum->n && *p == ',') {
            p = skip_spaces(p + 1);
            if (*p == ',' || *p == end || *p == '\0') {
                if (*p == ',') {
                    struct ds d = DS_EMPTY_INITIALIZER;
                    describe_type(type, &d);
                    error = xasprintf("%s: unexpected \",\" parsing %s",
                                      s, ds_cstr(&d));
                    ds_destroy(&d);
                    goto error;
                }
                break;
            }
        }

        union ovsdb_atom key, value;
        int64_t hi;
        error = parse_element(&p, &type->key, is_map ? ",={}[]" : ",[]{}",
                              symtab, is_int_set, &key, &hi);
        if (error) {
            goto error;
        }
        if (is_map) {
            p = skip_spaces(p);
            if (*p != '=') {
                ovsdb_atom_destroy(&key, type->key.type);
                error = xasprintf("%s: syntax error at \"%.1s\" expecting "
                                  "\"=\"", p, p);
                goto error;
            }
            p = skip_spaces(p + 1);
            int64_t dummy;
            error = parse_element(&p, &type->value, ",{}[]", symtab, false,
                                  &value, &dummy);
            if (error) {
                ovsdb_atom_destroy(&key, type->key.type);
                goto error;
            }
            ovsdb_datum_add_unsafe(datum, &key, &value);
        } else if (is_int_set) {
            for (int64_t i = key.integer; ; i++) {
                union ovsdb_atom a;
                a.integer = i;
                if (i != key.integer) {
                    char *e = vsctl_atom_check_constraints(&a, &type->key);
                    if (e) {
                        error = e;
                        goto error;
                    }
                }
                if (datum->n >= 4096 * 16) {
                    error = xasprintf("%s: range too large", s);
                    goto error;
                }
                ovsdb_datum_add_unsafe(datum, &a, NULL);
                if (i >= hi) {
                    break;
                }
            }
        } else {
            ovsdb_datum_add_unsafe(datum, &key, NULL);
        }
    }
    if (end) {
        if (*p != end) {
            error = xasprintf("%s: missing \"%c\" at end of data", s, end);
            goto error;
        }
        p = skip_spaces(p + 1);
        if (*p) {
            error = xasprintf("%s: trailing garbage after \"%c\"", s, end);
            goto error;
        }
    }

    struct ovsdb_error *oe = ovsdb_datum_sort(datum, type);
    if (oe) {
        ovsdb_error_destroy(oe);
        error = xasprintf("%s: %s contains duplicate %s", s,
                          is_map ? "map" : "set",
                          is_map ? "key" : "value");
        goto error;
    }
    if (datum->n < type->n_min) {
        error = xasprintf("%s: %u value(s) specified but the minimum "
                          "number is %u", s, datum->n, type->n_min);
        goto error;
    } else if (datum->n > type->n_max) {
        error = xasprintf("%s: %u value(s) specified but the maximum "
                          "number is %u", s, datum->n, type->n_max);
        goto error;
    }
    return NULL;

error:
    ovsdb_datum_destroy(datum, type);
    ovsdb_datum_init_empty(datum);
    return error;
}
