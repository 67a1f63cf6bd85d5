/* ovsdb-data.c -- atoms and datums (see ovsdb-data.h).
 *
 * Strings: an atom's 'string' points just past a small header holding a
 * reference count and the byte length, so that cloning is a counter
 * increment and hashing or comparing needs no strlen().
 *
 * Datums keep 'keys' (and 'values') sorted by key.  Parsing appends in
 * input order and sorts once at the end (skipping the sort when the input
 * was already in order, the common case for our own output); mutations
 * merge two sorted arrays.  Allocations are exact-size: a datum is written
 * rarely and read often, and memory per row matters more than append
 * speed. */
#include <ctype.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-data.h"
#include <stdint.h>
#include "dynamic-string.h"
#include "hash.h"
#include "json.h"
#include "ovsdb-error.h"
#include "util.h"
#include "uuid.h"

/* Strings. */

struct string_header {
    uint32_t refcnt;
    uint32_t length;            /* Bytes, excluding the terminator. */
};

static inline struct string_header *
string_header(const char *s)
{
    return (struct string_header *) (void *) (s - sizeof(struct
                                                         string_header));
}

static char *
string_create(const char *s, size_t n)
{
    struct string_header *h;
    char *p;

    if (n > UINT32_MAX - 1) {
        out_of_memory();
    }
    h = xmalloc(sizeof *h + n + 1);
    h->refcnt = 1;
    h->length = n;
    p = (char *) (h + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void
string_unref(char *s)
{
    if (s) {
        struct string_header *h = string_header(s);
        if (!--h->refcnt) {
            free(h);
        }
    }
}

/* Atoms. */

void
ovsdb_atom_init_default(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        atom->integer = 0;
        break;
    case OVSDB_TYPE_REAL:
        atom->real = 0.0;
        break;
    case OVSDB_TYPE_BOOLEAN:
        atom->boolean = false;
        break;
    case OVSDB_TYPE_STRING:
        atom->string = string_create("", 0);
        break;
    case OVSDB_TYPE_UUID:
        uuid_zero(&atom->uuid);
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

bool
ovsdb_atom_is_default(const union ovsdb_atom *atom,
                      enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return atom->integer == 0;
    case OVSDB_TYPE_REAL:
        return atom->real == 0.0;
    case OVSDB_TYPE_BOOLEAN:
        return !atom->boolean;
    case OVSDB_TYPE_STRING:
        return atom->string[0] == '\0';
    case OVSDB_TYPE_UUID:
        return uuid_is_zero(&atom->uuid);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

void
ovsdb_atom_init_string(union ovsdb_atom *atom, const char *s, size_t n)
{
    atom->string = string_create(s, n);
}

size_t
ovsdb_atom_string_length(const union ovsdb_atom *atom)
{
    return string_header(atom->string)->length;
}

void
ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                 enum ovsdb_atomic_type type)
{
    *dst = *src;
    if (type == OVSDB_TYPE_STRING) {
        string_header(src->string)->refcnt++;
    }
}

void
ovsdb_atom_destroy(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_STRING) {
        string_unref(atom->string);
    }
}

uint32_t
ovsdb_atom_hash(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
                uint32_t basis)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return hash_uint64(atom->integer, basis);
    case OVSDB_TYPE_REAL: {
        /* 0.0 and -0.0 compare equal, so they must hash equal. */
        double d = atom->real == 0.0 ? 0.0 : atom->real;
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return hash_uint64(bits, basis);
    }
    case OVSDB_TYPE_BOOLEAN:
        return hash_int(atom->boolean, basis);
    case OVSDB_TYPE_STRING:
        return hash_bytes(atom->string, string_header(atom->string)->length,
                          basis);
    case OVSDB_TYPE_UUID:
        return hash_bytes(&atom->uuid, sizeof atom->uuid, basis);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

int
ovsdb_atom_compare_3way(const union ovsdb_atom *a, const union ovsdb_atom *b,
                        enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return a->integer < b->integer ? -1 : a->integer > b->integer;
    case OVSDB_TYPE_REAL:
        return a->real < b->real ? -1 : a->real > b->real;
    case OVSDB_TYPE_BOOLEAN:
        return a->boolean - b->boolean;
    case OVSDB_TYPE_STRING:
        return a->string == b->string ? 0 : strcmp(a->string, b->string);
    case OVSDB_TYPE_UUID:
        return uuid_compare_3way(&a->uuid, &b->uuid);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

static struct ovsdb_error *
parse_uuid(union ovsdb_atom *atom, const struct ovsdb_base_type *base,
           const struct json *json, struct ovsdb_symbol_table *symtab)
{
    const struct json_array *a;
    const char *kind, *arg;

    if (json->type != JSON_ARRAY) {
        goto syntax;
    }
    a = json_array(json);
    if (a->n != 2 || a->elems[0]->type != JSON_STRING
        || a->elems[1]->type != JSON_STRING) {
        goto syntax;
    }
    kind = a->elems[0]->string;
    arg = a->elems[1]->string;
    if (!strcmp(kind, "uuid")) {
        if (!uuid_from_string(&atom->uuid, arg)) {
            return ovsdb_syntax_error(json, NULL, "\"%s\" is not a valid "
                                      "UUID", arg);
        }
        return NULL;
    } else if (!strcmp(kind, "named-uuid")) {
        struct ovsdb_symbol *symbol;

        if (!symtab) {
            return ovsdb_syntax_error(json, NULL, "named-uuid \"%s\" is not "
                                      "allowed here", arg);
        }
        symbol = ovsdb_symbol_table_insert(symtab, arg);
        if (ovsdb_base_type_is_strong_ref(base)) {
            symbol->strong_ref = true;
        } else if (ovsdb_base_type_is_weak_ref(base)) {
            symbol->weak_ref = true;
        }
        atom->uuid = symbol->uuid;
        return NULL;
    }

syntax:
    return ovsdb_syntax_error(json, NULL, "expected [\"uuid\", <string>] or "
                              "[\"named-uuid\", <string>]");
}

struct ovsdb_error *
ovsdb_atom_from_json(union ovsdb_atom *atom,
                     const struct ovsdb_base_type *base,
                     const struct json *json,
                     struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_error *error;

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        if (json->type != JSON_INTEGER) {
            goto mismatch;
        }
        atom->integer = json->integer;
        break;
    case OVSDB_TYPE_REAL:
        if (json->type != JSON_INTEGER && json->type != JSON_REAL) {
            goto mismatch;
        }
        atom->real = json_real(json);
        break;
    case OVSDB_TYPE_BOOLEAN:
        if (json->type != JSON_TRUE && json->type != JSON_FALSE) {
            goto mismatch;
        }
        atom->boolean = json->type == JSON_TRUE;
        break;
    case OVSDB_TYPE_STRING:
        if (json->type != JSON_STRING) {
            goto mismatch;
        }
        atom->string = string_create(json->string, strlen(json->string));
        break;
    case OVSDB_TYPE_UUID:
        error = parse_uuid(atom, base, json, symtab);
        if (error) {
            return error;
        }
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }

    error = ovsdb_atom_check_constraints(atom, base);
    if (error) {
        ovsdb_atom_destroy(atom, base->type);
    }
    return error;

mismatch:
    return ovsdb_syntax_error(json, NULL, "expected %s",
                              ovsdb_atomic_type_to_string(base->type));
}

struct json *
ovsdb_atom_to_json(const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return json_integer_create(atom->integer);
    case OVSDB_TYPE_REAL:
        return json_real_create(atom->real);
    case OVSDB_TYPE_BOOLEAN:
        return json_boolean_create(atom->boolean);
    case OVSDB_TYPE_STRING:
        return json_string_create(atom->string);
    case OVSDB_TYPE_UUID: {
        char buf[UUID_LEN + 1];
        uuid_to_string(&atom->uuid, buf);
        return json_array_create_2(json_string_create("uuid"),
                                   json_string_create(buf));
    }
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

/* Written directly rather than through ovsdb_atom_to_json(): servers
 * serialize whole tables this way (see ovsdb_datum_to_json_ds()). */
void
ovsdb_atom_to_ds(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
                 struct ds *s)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        json_integer_to_ds(atom->integer, s);
        break;
    case OVSDB_TYPE_REAL:
        json_real_to_ds(atom->real, s);
        break;
    case OVSDB_TYPE_BOOLEAN:
        ds_put_cstr(s, atom->boolean ? "true" : "false");
        break;
    case OVSDB_TYPE_STRING:
        json_string_escape(atom->string, s);
        break;
    case OVSDB_TYPE_UUID: {
        char buf[UUID_LEN + 1];
        uuid_to_string(&atom->uuid, buf);
        ds_put_cstr(s, "[\"uuid\",\"");
        ds_put_buffer(s, buf, UUID_LEN);
        ds_put_cstr(s, "\"]");
        break;
    }
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

/* Text notation. */

/* True if S reads back as the same string without quotes: it is an
 * identifier (letters, digits, '_', '-', '.') and not a boolean. */
static bool
string_is_bare(const char *s)
{
    if (!isalpha((unsigned char) s[0]) && s[0] != '_') {
        return false;
    }
    for (const char *p = s + 1; *p; p++) {
        unsigned char c = *p;
        if (!isalnum(c) && c != '_' && c != '-' && c != '.') {
            return false;
        }
    }
    return strcmp(s, "true") && strcmp(s, "false");
}

void
ovsdb_string_to_text(const char *s, struct ds *out)
{
    if (string_is_bare(s)) {
        ds_put_cstr(out, s);
    } else {
        json_string_escape(s, out);
    }
}

static void
atom_to_text(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
             bool quote, struct ds *out)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        ds_put_format(out, "%"PRId64, atom->integer);
        break;
    case OVSDB_TYPE_REAL:
        /* As ovs-vsctl prints reals: scripts compare this text. */
        ds_put_format(out, "%.*g", DBL_DIG, atom->real);
        break;
    case OVSDB_TYPE_BOOLEAN:
        ds_put_cstr(out, atom->boolean ? "true" : "false");
        break;
    case OVSDB_TYPE_STRING:
        if (quote) {
            ovsdb_string_to_text(atom->string, out);
        } else {
            ds_put_cstr(out, atom->string);
        }
        break;
    case OVSDB_TYPE_UUID:
        ds_put_format(out, UUID_FMT, UUID_ARGS(&atom->uuid));
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

void
ovsdb_atom_to_text(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
                   struct ds *out)
{
    atom_to_text(atom, type, true, out);
}

static void
datum_to_text(const struct ovsdb_datum *datum, const struct ovsdb_type *type,
              bool quote, const char *separator, struct ds *out)
{
    bool is_map = ovsdb_type_is_map(type);

    for (size_t i = 0; i < datum->n; i++) {
        if (i) {
            ds_put_cstr(out, separator);
        }
        atom_to_text(&datum->keys[i], type->key.type, quote, out);
        if (is_map) {
            ds_put_char(out, '=');
            atom_to_text(&datum->values[i], type->value.type, quote, out);
        }
    }
}

void
ovsdb_datum_to_text(const struct ovsdb_datum *datum,
                    const struct ovsdb_type *type, struct ds *out)
{
    bool is_map = ovsdb_type_is_map(type);
    bool brackets = is_map || type->n_max > 1 || datum->n != 1;

    if (brackets) {
        ds_put_char(out, is_map ? '{' : '[');
    }
    datum_to_text(datum, type, true, ", ", out);
    if (brackets) {
        ds_put_char(out, is_map ? '}' : ']');
    }
}

void
ovsdb_datum_to_bare(const struct ovsdb_datum *datum,
                    const struct ovsdb_type *type, struct ds *out)
{
    datum_to_text(datum, type, false, " ", out);
}

/* Number of Unicode characters in valid UTF-8 S of N bytes. */
static size_t
utf8_length(const char *s, size_t n)
{
    size_t length = 0;

    for (size_t i = 0; i < n; i++) {
        length += ((unsigned char) s[i] & 0xc0) != 0x80;
    }
    return length;
}

static struct ovsdb_error *
check_enum(const union ovsdb_atom *atom, const struct ovsdb_base_type *base)
{
    struct ovsdb_type enum_type;
    struct ovsdb_error *error;
    struct ds s;
    struct json *json;

    if (ovsdb_datum_find_key(base->enum_, atom, base->type)
        != OVSDB_DATUM_NOT_FOUND) {
        return NULL;
    }
    ds_init(&s);
    ovsdb_atom_to_ds(atom, base->type, &s);
    ovsdb_type_init_scalar(&enum_type, base->type);
    enum_type.n_max = OVSDB_N_UNLIMITED;
    json = ovsdb_datum_to_json(base->enum_, &enum_type);
    ds_put_cstr(&s, " is not one of the allowed values (");
    json_to_ds(json, JSSF_SORT, &s);
    ds_put_cstr(&s, ").");
    json_destroy(json);
    error = ovsdb_error_create("constraint violation", "%s", ds_cstr(&s));
    ds_destroy(&s);
    return error;
}

struct ovsdb_error *
ovsdb_atom_check_constraints(const union ovsdb_atom *atom,
                             const struct ovsdb_base_type *base)
{
    if (base->enum_) {
        return check_enum(atom, base);
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER: {
        int64_t v = atom->integer, min = base->integer.min;
        int64_t max = base->integer.max;
        if (v >= min && v <= max) {
            return NULL;
        } else if (min != INT64_MIN && max != INT64_MAX) {
            return ovsdb_error_create("constraint violation",
                                      "%"PRId64" is not in the valid range "
                                      "%"PRId64" to %"PRId64" (inclusive)",
                                      v, min, max);
        } else if (v < min) {
            return ovsdb_error_create("constraint violation",
                                      "%"PRId64" is less than minimum "
                                      "allowed value %"PRId64, v, min);
        } else {
            return ovsdb_error_create("constraint violation",
                                      "%"PRId64" is greater than maximum "
                                      "allowed value %"PRId64, v, max);
        }
    }

    case OVSDB_TYPE_REAL: {
        double v = atom->real, min = base->real.min, max = base->real.max;
        if (v >= min && v <= max) {
            return NULL;
        } else if (min != -DBL_MAX && max != DBL_MAX) {
            return ovsdb_error_create("constraint violation",
                                      "%.*g is not in the valid range "
                                      "%.*g to %.*g (inclusive)",
                                      DBL_DIG, v, DBL_DIG, min,
                                      DBL_DIG, max);
        } else if (v < min) {
            return ovsdb_error_create("constraint violation",
                                      "%.*g is less than minimum allowed "
                                      "value %.*g", DBL_DIG, v, DBL_DIG,
                                      min);
        } else {
            return ovsdb_error_create("constraint violation",
                                      "%.*g is greater than maximum "
                                      "allowed value %.*g", DBL_DIG, v,
                                      DBL_DIG, max);
        }
    }

    case OVSDB_TYPE_STRING: {
        size_t n_bytes, length;

        if (!base->string.min_len && base->string.max_len == UINT_MAX) {
            return NULL;
        }
        n_bytes = ovsdb_atom_string_length(atom);
        length = utf8_length(atom->string, n_bytes);
        if (length < base->string.min_len) {
            return ovsdb_error_create("constraint violation",
                                      "\"%s\" length %zu is less than "
                                      "minimum allowed length %u",
                                      atom->string, length,
                                      base->string.min_len);
        } else if (length > base->string.max_len) {
            return ovsdb_error_create("constraint violation",
                                      "\"%s\" length %zu is greater than "
                                      "maximum allowed length %u",
                                      atom->string, length,
                                      base->string.max_len);
        }
        return NULL;
    }

    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_TYPE_UUID:
        return NULL;

    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        OVS_NOT_REACHED();
    }
}

/* Datums. */

void
ovsdb_datum_init_empty(struct ovsdb_datum *datum)
{
    datum->n = 0;
    datum->keys = NULL;
    datum->values = NULL;
}

void
ovsdb_datum_init_default(struct ovsdb_datum *datum,
                         const struct ovsdb_type *type)
{
    if (type->n_min == 0) {
        ovsdb_datum_init_empty(datum);
        return;
    }
    datum->n = 1;
    datum->keys = xmalloc(sizeof *datum->keys);
    ovsdb_atom_init_default(&datum->keys[0], type->key.type);
    if (ovsdb_type_is_map(type)) {
        datum->values = xmalloc(sizeof *datum->values);
        ovsdb_atom_init_default(&datum->values[0], type->value.type);
    } else {
        datum->values = NULL;
    }
}

bool
ovsdb_datum_is_default(const struct ovsdb_datum *datum,
                       const struct ovsdb_type *type)
{
    if (type->n_min == 0) {
        return datum->n == 0;
    }
    return (datum->n == 1
            && ovsdb_atom_is_default(&datum->keys[0], type->key.type)
            && (!ovsdb_type_is_map(type)
                || ovsdb_atom_is_default(&datum->values[0],
                                         type->value.type)));
}

void
ovsdb_datum_init_atom(struct ovsdb_datum *datum,
                      const union ovsdb_atom *atom,
                      enum ovsdb_atomic_type type)
{
    datum->n = 1;
    datum->keys = xmalloc(sizeof *datum->keys);
    ovsdb_atom_clone(&datum->keys[0], atom, type);
    datum->values = NULL;
}

static union ovsdb_atom *
clone_atoms(const union ovsdb_atom *src, unsigned int n,
            enum ovsdb_atomic_type type)
{
    union ovsdb_atom *dst;

    if (!src || !n) {
        return NULL;
    }
    dst = xmemdup(src, n * sizeof *src);
    if (type == OVSDB_TYPE_STRING) {
        for (unsigned int i = 0; i < n; i++) {
            string_header(src[i].string)->refcnt++;
        }
    }
    return dst;
}

void
ovsdb_datum_clone(struct ovsdb_datum *dst, const struct ovsdb_datum *src,
                  const struct ovsdb_type *type)
{
    dst->n = src->n;
    dst->keys = clone_atoms(src->keys, src->n, type->key.type);
    dst->values = clone_atoms(src->values, src->n, type->value.type);
}

static void
free_atoms(union ovsdb_atom *atoms, unsigned int n,
           enum ovsdb_atomic_type type)
{
    if (atoms) {
        if (type == OVSDB_TYPE_STRING) {
            for (unsigned int i = 0; i < n; i++) {
                string_unref(atoms[i].string);
            }
        }
        free(atoms);
    }
}

void
ovsdb_datum_destroy(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    free_atoms(datum->keys, datum->n, type->key.type);
    free_atoms(datum->values, datum->n, type->value.type);
    ovsdb_datum_init_empty(datum);
}

void
ovsdb_datum_swap(struct ovsdb_datum *a, struct ovsdb_datum *b)
{
    struct ovsdb_datum tmp = *a;
    *a = *b;
    *b = tmp;
}

/* Sorting. */

struct sort_aux {
    const struct ovsdb_datum *datum;
    enum ovsdb_atomic_type key_type;
};

static int
compare_indexes(const void *a_, const void *b_, void *aux_)
{
    const struct sort_aux *aux = aux_;
    const unsigned int *a = a_, *b = b_;

    return ovsdb_atom_compare_3way(&aux->datum->keys[*a],
                                   &aux->datum->keys[*b], aux->key_type);
}

static void
permute(union ovsdb_atom *atoms, const unsigned int *order, unsigned int n)
{
    union ovsdb_atom *copy = xmemdup(atoms, n * sizeof *atoms);

    for (unsigned int i = 0; i < n; i++) {
        atoms[i] = copy[order[i]];
    }
    free(copy);
}

struct ovsdb_error *
ovsdb_datum_sort(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    enum ovsdb_atomic_type kt = type->key.type;
    unsigned int i;
    bool sorted = true;

    for (i = 1; i < datum->n; i++) {
        int cmp = ovsdb_atom_compare_3way(&datum->keys[i - 1],
                                          &datum->keys[i], kt);
        if (cmp >= 0) {
            sorted = false;
            break;
        }
    }
    if (!sorted) {
        unsigned int *order = xmalloc(datum->n * sizeof *order);
        struct sort_aux aux = { datum, kt };

        for (i = 0; i < datum->n; i++) {
            order[i] = i;
        }
        qsort_r(order, datum->n, sizeof *order, compare_indexes, &aux);
        permute(datum->keys, order, datum->n);
        if (datum->values) {
            permute(datum->values, order, datum->n);
        }
        free(order);

        for (i = 1; i < datum->n; i++) {
            if (ovsdb_atom_equals(&datum->keys[i - 1], &datum->keys[i],
                                  kt)) {
                struct ds s = DS_EMPTY_INITIALIZER;
                struct ovsdb_error *error;

                ovsdb_atom_to_ds(&datum->keys[i], kt, &s);
                error = ovsdb_error_create(
                    "constraint violation", "%s contains duplicate %s %s",
                    ovsdb_type_is_map(type) ? "map" : "set",
                    ovsdb_type_is_map(type) ? "key" : "value", ds_cstr(&s));
                ds_destroy(&s);
                return error;
            }
        }
    }
    return NULL;
}

void
ovsdb_datum_add_unsafe(struct ovsdb_datum *datum,
                       const union ovsdb_atom *key,
                       const union ovsdb_atom *value)
{
    unsigned int n = datum->n + 1;

    datum->keys = xrealloc(datum->keys, n * sizeof *datum->keys);
    datum->keys[n - 1] = *key;
    if (value) {
        datum->values = xrealloc(datum->values, n * sizeof *datum->values);
        datum->values[n - 1] = *value;
    }
    datum->n = n;
}

void
ovsdb_datum_remove(struct ovsdb_datum *datum, unsigned int idx,
                   const struct ovsdb_type *type)
{
    unsigned int tail = datum->n - idx - 1;

    ovsdb_atom_destroy(&datum->keys[idx], type->key.type);
    memmove(&datum->keys[idx], &datum->keys[idx + 1],
            tail * sizeof *datum->keys);
    if (datum->values) {
        ovsdb_atom_destroy(&datum->values[idx], type->value.type);
        memmove(&datum->values[idx], &datum->values[idx + 1],
                tail * sizeof *datum->values);
    }
    datum->n--;
    if (!datum->n) {
        free(datum->keys);
        free(datum->values);
        ovsdb_datum_init_empty(datum);
    }
}

/* JSON. */

static struct ovsdb_error *
check_count(const struct ovsdb_datum *datum, const struct ovsdb_type *type,
            const char *tag, const struct json *json)
{
    if (datum->n >= type->n_min && datum->n <= type->n_max) {
        return NULL;
    }

    const char *what = ovsdb_type_is_map(type) ? "map" : "set";
    struct ds limit = DS_EMPTY_INITIALIZER;

    if (type->n_max == OVSDB_N_UNLIMITED) {
        ds_put_format(&limit, "at least %u", type->n_min);
    } else if (type->n_min == type->n_max) {
        ds_put_format(&limit, "exactly %u", type->n_min);
    } else {
        ds_put_format(&limit, "between %u and %u", type->n_min,
                      type->n_max);
    }
    struct ovsdb_error *error
        = (json
           ? ovsdb_syntax_error(json, tag, "%s must have %s element(s) but "
                                "has %u", what, ds_cstr(&limit), datum->n)
           : ovsdb_error_create(tag, "%s must have %s element(s) but has "
                                "%u", what, ds_cstr(&limit), datum->n));
    ds_destroy(&limit);
    return error;
}

/* If JSON is ["NAME", [...]], returns the inner array, else NULL. */
static const struct json_array *
tagged_array(const struct json *json, const char *name)
{
    if (json->type == JSON_ARRAY) {
        const struct json_array *a = json_array(json);
        if (a->n == 2 && a->elems[0]->type == JSON_STRING
            && !strcmp(a->elems[0]->string, name)
            && a->elems[1]->type == JSON_ARRAY) {
            return json_array(a->elems[1]);
        }
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_datum_from_json(struct ovsdb_datum *datum,
                      const struct ovsdb_type *type,
                      const struct json *json,
                      struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_error *error = NULL;
    const struct json_array *elems;
    bool is_map = ovsdb_type_is_map(type);
    size_t i;

    ovsdb_datum_init_empty(datum);

    /* Fast path: a scalar or single-element set written as an atom. */
    if (!is_map && !tagged_array(json, "set")) {
        union ovsdb_atom atom;

        if (type->n_max < 1) {
            return ovsdb_syntax_error(json, NULL, "set may not have "
                                      "elements");
        }
        error = ovsdb_atom_from_json(&atom, &type->key, json, symtab);
        if (error) {
            return error;
        }
        datum->n = 1;
        datum->keys = xmemdup(&atom, sizeof atom);
        return NULL;
    }

    elems = tagged_array(json, is_map ? "map" : "set");
    if (!elems) {
        return ovsdb_syntax_error(json, NULL, "expected %s",
                                  is_map ? "[\"map\", [...]]"
                                  : "[\"set\", [...]] or an atom");
    }
    if (elems->n < type->n_min || elems->n > type->n_max) {
        struct ovsdb_datum count = { .n = elems->n };
        return check_count(&count, type, NULL, json);
    }

    if (elems->n) {
        datum->keys = xmalloc(elems->n * sizeof *datum->keys);
        if (is_map) {
            datum->values = xmalloc(elems->n * sizeof *datum->values);
        }
    }
    for (i = 0; i < elems->n; i++) {
        const struct json *elem = elems->elems[i];

        if (is_map) {
            const struct json_array *pair;

            if (elem->type != JSON_ARRAY
                || (pair = json_array(elem))->n != 2) {
                error = ovsdb_syntax_error(elem, NULL, "expected [key, "
                                           "value] pair");
                break;
            }
            error = ovsdb_atom_from_json(&datum->keys[i], &type->key,
                                         pair->elems[0], symtab);
            if (error) {
                break;
            }
            error = ovsdb_atom_from_json(&datum->values[i], &type->value,
                                         pair->elems[1], symtab);
            if (error) {
                ovsdb_atom_destroy(&datum->keys[i], type->key.type);
                break;
            }
        } else {
            error = ovsdb_atom_from_json(&datum->keys[i], &type->key, elem,
                                         symtab);
            if (error) {
                break;
            }
        }
        datum->n = i + 1;
    }
    if (!error) {
        error = ovsdb_datum_sort(datum, type);
    }
    if (error) {
        ovsdb_datum_destroy(datum, type);
    }
    return error;
}

struct json *
ovsdb_datum_to_json(const struct ovsdb_datum *datum,
                    const struct ovsdb_type *type)
{
    struct json **elems;

    if (ovsdb_type_is_map(type)) {
        elems = xmalloc((datum->n ? datum->n : 1) * sizeof *elems);
        for (unsigned int i = 0; i < datum->n; i++) {
            elems[i] = json_array_create_2(
                ovsdb_atom_to_json(&datum->keys[i], type->key.type),
                ovsdb_atom_to_json(&datum->values[i], type->value.type));
        }
        return json_array_create_2(json_string_create("map"),
                                   json_array_create(elems, datum->n));
    } else if (datum->n == 1) {
        return ovsdb_atom_to_json(&datum->keys[0], type->key.type);
    } else {
        elems = xmalloc((datum->n ? datum->n : 1) * sizeof *elems);
        for (unsigned int i = 0; i < datum->n; i++) {
            elems[i] = ovsdb_atom_to_json(&datum->keys[i], type->key.type);
        }
        return json_array_create_2(json_string_create("set"),
                                   json_array_create(elems, datum->n));
    }
}

void
ovsdb_datum_to_json_ds(const struct ovsdb_datum *datum,
                       const struct ovsdb_type *type, struct ds *s)
{
    if (ovsdb_type_is_map(type)) {
        ds_put_cstr(s, "[\"map\",[");
        for (unsigned int i = 0; i < datum->n; i++) {
            ds_put_cstr(s, i ? ",[" : "[");
            ovsdb_atom_to_ds(&datum->keys[i], type->key.type, s);
            ds_put_char(s, ',');
            ovsdb_atom_to_ds(&datum->values[i], type->value.type, s);
            ds_put_char(s, ']');
        }
        ds_put_cstr(s, "]]");
    } else if (datum->n == 1) {
        ovsdb_atom_to_ds(&datum->keys[0], type->key.type, s);
    } else {
        ds_put_cstr(s, "[\"set\",[");
        for (unsigned int i = 0; i < datum->n; i++) {
            if (i) {
                ds_put_char(s, ',');
            }
            ovsdb_atom_to_ds(&datum->keys[i], type->key.type, s);
        }
        ds_put_cstr(s, "]]");
    }
}

struct ovsdb_error *
ovsdb_datum_check_constraints(const struct ovsdb_datum *datum,
                              const struct ovsdb_type *type)
{
    struct ovsdb_error *error;

    error = check_count(datum, type, "constraint violation", NULL);
    if (error) {
        return error;
    }
    for (unsigned int i = 0; i < datum->n; i++) {
        error = ovsdb_atom_check_constraints(&datum->keys[i], &type->key);
        if (!error && datum->values) {
            error = ovsdb_atom_check_constraints(&datum->values[i],
                                                 &type->value);
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Lookups and comparisons. */

unsigned int
ovsdb_datum_find_key(const struct ovsdb_datum *datum,
                     const union ovsdb_atom *key,
                     enum ovsdb_atomic_type key_type)
{
    unsigned int low = 0, high = datum->n;

    while (low < high) {
        unsigned int mid = low + (high - low) / 2;
        int cmp = ovsdb_atom_compare_3way(key, &datum->keys[mid], key_type);

        if (cmp < 0) {
            high = mid;
        } else if (cmp > 0) {
            low = mid + 1;
        } else {
            return mid;
        }
    }
    return OVSDB_DATUM_NOT_FOUND;
}

uint32_t
ovsdb_datum_hash(const struct ovsdb_datum *datum,
                 const struct ovsdb_type *type, uint32_t basis)
{
    uint32_t hash = hash_int(datum->n, basis);

    for (unsigned int i = 0; i < datum->n; i++) {
        hash = ovsdb_atom_hash(&datum->keys[i], type->key.type, hash);
        if (datum->values) {
            hash = ovsdb_atom_hash(&datum->values[i], type->value.type,
                                   hash);
        }
    }
    return hash;
}

int
ovsdb_datum_compare_3way(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    unsigned int n = MIN(a->n, b->n);

    for (unsigned int i = 0; i < n; i++) {
        int cmp = ovsdb_atom_compare_3way(&a->keys[i], &b->keys[i],
                                          type->key.type);
        if (!cmp && is_map) {
            cmp = ovsdb_atom_compare_3way(&a->values[i], &b->values[i],
                                          type->value.type);
        }
        if (cmp) {
            return cmp;
        }
    }
    return a->n < b->n ? -1 : a->n > b->n;
}

bool
ovsdb_datum_equals(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
                   const struct ovsdb_type *type)
{
    return a->n == b->n && !ovsdb_datum_compare_3way(a, b, type);
}

/* Walks the sorted key arrays of A and B together, calling back for each
 * key of A with B's index of an equal key or OVSDB_DATUM_NOT_FOUND.  Stops
 * early when CB returns false, and returns false then. */
static bool
merge_walk(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
           enum ovsdb_atomic_type key_type,
           bool (*cb)(unsigned int ia, unsigned int ib, const void *aux),
           const void *aux)
{
    unsigned int ib = 0;

    for (unsigned int ia = 0; ia < a->n; ia++) {
        int cmp = -1;

        while (ib < b->n
               && (cmp = ovsdb_atom_compare_3way(&a->keys[ia], &b->keys[ib],
                                                 key_type)) > 0) {
            ib++;
        }
        if (!cb(ia, ib < b->n && !cmp ? ib : OVSDB_DATUM_NOT_FOUND, aux)) {
            return false;
        }
    }
    return true;
}

struct pair_aux {
    const struct ovsdb_datum *a, *b;
    enum ovsdb_atomic_type value_type;  /* VOID for sets. */
};

static bool
pair_matches(unsigned int ia, unsigned int ib, const struct pair_aux *aux)
{
    return (ib != OVSDB_DATUM_NOT_FOUND
            && (aux->value_type == OVSDB_TYPE_VOID
                || ovsdb_atom_equals(&aux->a->values[ia],
                                     &aux->b->values[ib],
                                     aux->value_type)));
}

static bool
includes_cb(unsigned int ia, unsigned int ib, const void *aux)
{
    return pair_matches(ia, ib, aux);
}

static bool
excludes_cb(unsigned int ia, unsigned int ib, const void *aux)
{
    return !pair_matches(ia, ib, aux);
}

bool
ovsdb_datum_includes_all(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    struct pair_aux aux = { a, b, type->value.type };

    return a->n <= b->n && merge_walk(a, b, type->key.type, includes_cb,
                                      &aux);
}

bool
ovsdb_datum_excludes_all(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    struct pair_aux aux = { a, b, type->value.type };

    return merge_walk(a, b, type->key.type, excludes_cb, &aux);
}

void
ovsdb_datum_union(struct ovsdb_datum *dst, const struct ovsdb_datum *src,
                  const struct ovsdb_type *type)
{
    enum ovsdb_atomic_type kt = type->key.type, vt = type->value.type;
    bool is_map = ovsdb_type_is_map(type);
    unsigned int i = 0, j = 0, n = 0, max = dst->n + src->n;
    union ovsdb_atom *keys, *values = NULL;

    if (!src->n) {
        return;
    }
    keys = xmalloc(max * sizeof *keys);
    if (is_map) {
        values = xmalloc(max * sizeof *values);
    }
    while (i < dst->n || j < src->n) {
        int cmp = (i >= dst->n ? 1
                   : j >= src->n ? -1
                   : ovsdb_atom_compare_3way(&dst->keys[i], &src->keys[j],
                                             kt));
        if (cmp <= 0) {
            /* Moves DST's element; an equal key in SRC is skipped. */
            keys[n] = dst->keys[i];
            if (is_map) {
                values[n] = dst->values[i];
            }
            i++;
            if (!cmp) {
                j++;
            }
        } else {
            ovsdb_atom_clone(&keys[n], &src->keys[j], kt);
            if (is_map) {
                ovsdb_atom_clone(&values[n], &src->values[j], vt);
            }
            j++;
        }
        n++;
    }
    free(dst->keys);
    free(dst->values);
    dst->keys = xrealloc(keys, n * sizeof *keys);
    dst->values = is_map ? xrealloc(values, n * sizeof *values) : NULL;
    dst->n = n;
}

void
ovsdb_datum_subtract(struct ovsdb_datum *dst,
                     const struct ovsdb_type *dst_type,
                     const struct ovsdb_datum *src,
                     const struct ovsdb_type *src_type)
{
    enum ovsdb_atomic_type kt = dst_type->key.type;
    bool match_values = ovsdb_type_is_map(src_type);
    unsigned int i, j = 0, n = 0;

    for (i = 0; i < dst->n; i++) {
        int cmp = -1;
        bool remove;

        while (j < src->n
               && (cmp = ovsdb_atom_compare_3way(&dst->keys[i],
                                                 &src->keys[j], kt)) > 0) {
            j++;
        }
        remove = (j < src->n && !cmp
                  && (!match_values
                      || ovsdb_atom_equals(&dst->values[i], &src->values[j],
                                           dst_type->value.type)));
        if (remove) {
            ovsdb_atom_destroy(&dst->keys[i], kt);
            if (dst->values) {
                ovsdb_atom_destroy(&dst->values[i], dst_type->value.type);
            }
        } else {
            dst->keys[n] = dst->keys[i];
            if (dst->values) {
                dst->values[n] = dst->values[i];
            }
            n++;
        }
    }
    dst->n = n;
    if (!n) {
        free(dst->keys);
        free(dst->values);
        ovsdb_datum_init_empty(dst);
    }
}

/* Symbol tables. */

struct ovsdb_symbol_table *
ovsdb_symbol_table_create(void)
{
    struct ovsdb_symbol_table *symtab = xmalloc(sizeof *symtab);
    shash_init(&symtab->sh);
    return symtab;
}

void
ovsdb_symbol_table_destroy(struct ovsdb_symbol_table *symtab)
{
    if (symtab) {
        shash_destroy_free_data(&symtab->sh);
        free(symtab);
    }
}

struct ovsdb_symbol *
ovsdb_symbol_table_get(const struct ovsdb_symbol_table *symtab,
                       const char *name)
{
    return shash_find_data(&symtab->sh, name);
}

struct ovsdb_symbol *
ovsdb_symbol_table_put(struct ovsdb_symbol_table *symtab, const char *name,
                       const struct uuid *uuid)
{
    struct ovsdb_symbol *symbol = shash_find_data(&symtab->sh, name);

    if (!symbol) {
        symbol = xzalloc(sizeof *symbol);
        symbol->uuid = *uuid;
        shash_add(&symtab->sh, name, symbol);
    }
    return symbol;
}

struct ovsdb_symbol *
ovsdb_symbol_table_insert(struct ovsdb_symbol_table *symtab,
                          const char *name)
{
    struct ovsdb_symbol *symbol = shash_find_data(&symtab->sh, name);

    if (!symbol) {
        struct uuid uuid;

        uuid_generate(&uuid);
        symbol = ovsdb_symbol_table_put(symtab, name, &uuid);
    }
    return symbol;
}

const char *
ovsdb_symbol_table_find_uncreated(const struct ovsdb_symbol_table *symtab)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &symtab->sh) {
        struct ovsdb_symbol *symbol = node->data;
        if (!symbol->created) {
            return node->name;
        }
    }
    return NULL;
}
