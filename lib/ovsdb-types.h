/* ovsdb-types.h -- OVSDB column types (RFC 7047 section 3.2).
 *
 * An atomic type is one of integer, real, boolean, string or uuid.  A base
 * type is an atomic type plus optional constraints: an enumeration of the
 * allowed values, a range (integer, real), a length range (string, counted
 * in Unicode characters), or a referenced table and reference strength
 * (uuid).  A column type is a key base type, an optional value base type
 * (present for maps) and the allowed number of elements [n_min, n_max].
 * Scalars are the special case n_min == n_max == 1.
 *
 * Types are parsed from and serialized to schema JSON.  A base type's
 * 'uuid.ref_table' pointer is resolved by the schema parser once all tables
 * are known (ovsdb-schema.c); until then only 'ref_table_name' is set. */
#ifndef OVSDB_TYPES_H
#define OVSDB_TYPES_H 1

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"

struct json;
struct ovsdb_datum;
struct ovsdb_table_schema;

enum ovsdb_atomic_type {
    OVSDB_TYPE_VOID,            /* No value (the value type of a set). */
    OVSDB_TYPE_INTEGER,
    OVSDB_TYPE_REAL,
    OVSDB_TYPE_BOOLEAN,
    OVSDB_TYPE_STRING,
    OVSDB_TYPE_UUID,
    OVSDB_N_TYPES
};

/* "integer", "real", "boolean", "string", "uuid" ("void" for VOID). */
const char *ovsdb_atomic_type_to_string(enum ovsdb_atomic_type);
/* Returns false for an unknown name (and for "void"). */
bool ovsdb_atomic_type_from_string(const char *,
                                   enum ovsdb_atomic_type *);

enum ovsdb_ref_type {
    OVSDB_REF_STRONG,           /* Target must exist; keeps it alive. */
    OVSDB_REF_WEAK              /* Dropped when the target is deleted. */
};

struct ovsdb_base_type {
    enum ovsdb_atomic_type type;

    /* If nonnull, a datum (of this base type, n >= 1) listing the only
     * allowed values.  Owned. */
    struct ovsdb_datum *enum_;

    union {
        struct {
            int64_t min, max;           /* Inclusive. */
        } integer;
        struct {
            double min, max;            /* Inclusive. */
        } real;
        struct {
            unsigned int min_len, max_len;  /* In characters, inclusive. */
        } string;
        struct {
            char *ref_table_name;       /* NULL if not a reference. */
            const struct ovsdb_table_schema *ref_table; /* Resolved. */
            enum ovsdb_ref_type ref_type;
        } uuid;
    };
};

/* An unconstrained base type of TYPE. */
void ovsdb_base_type_init(struct ovsdb_base_type *, enum ovsdb_atomic_type);
void ovsdb_base_type_clone(struct ovsdb_base_type *dst,
                           const struct ovsdb_base_type *src);
void ovsdb_base_type_destroy(struct ovsdb_base_type *);
bool ovsdb_base_type_has_constraints(const struct ovsdb_base_type *);
/* Drops all constraints (enum, ranges, lengths, reference table). */
void ovsdb_base_type_clear_constraints(struct ovsdb_base_type *);
bool ovsdb_base_type_equals(const struct ovsdb_base_type *,
                            const struct ovsdb_base_type *);

static inline bool
ovsdb_base_type_is_ref(const struct ovsdb_base_type *base)
{
    return base->type == OVSDB_TYPE_UUID && base->uuid.ref_table_name;
}

static inline bool
ovsdb_base_type_is_strong_ref(const struct ovsdb_base_type *base)
{
    return (ovsdb_base_type_is_ref(base)
            && base->uuid.ref_type == OVSDB_REF_STRONG);
}

static inline bool
ovsdb_base_type_is_weak_ref(const struct ovsdb_base_type *base)
{
    return (ovsdb_base_type_is_ref(base)
            && base->uuid.ref_type == OVSDB_REF_WEAK);
}

/* Parses a <base-type>: an atomic type name or an object with "type" and
 * constraints.  Errors are "syntax error"s. */
struct ovsdb_error *ovsdb_base_type_from_json(struct ovsdb_base_type *,
                                              const struct json *)
    OVS_WARN_UNUSED_RESULT;
/* The atomic type name if unconstrained, otherwise an object. */
struct json *ovsdb_base_type_to_json(const struct ovsdb_base_type *);

#define OVSDB_N_UNLIMITED UINT_MAX

struct ovsdb_type {
    struct ovsdb_base_type key;
    struct ovsdb_base_type value;   /* OVSDB_TYPE_VOID unless a map. */
    unsigned int n_min;             /* 0 or 1. */
    unsigned int n_max;             /* >= 1, or OVSDB_N_UNLIMITED. */
};

/* A scalar of unconstrained TYPE. */
void ovsdb_type_init_scalar(struct ovsdb_type *, enum ovsdb_atomic_type);
void ovsdb_type_clone(struct ovsdb_type *dst, const struct ovsdb_type *src);
void ovsdb_type_destroy(struct ovsdb_type *);
bool ovsdb_type_equals(const struct ovsdb_type *, const struct ovsdb_type *);

static inline bool
ovsdb_type_is_map(const struct ovsdb_type *type)
{
    return type->value.type != OVSDB_TYPE_VOID;
}

static inline bool
ovsdb_type_is_scalar(const struct ovsdb_type *type)
{
    return (!ovsdb_type_is_map(type)
            && type->n_min == 1 && type->n_max == 1);
}

static inline bool
ovsdb_type_is_optional_scalar(const struct ovsdb_type *type)
{
    return (!ovsdb_type_is_map(type)
            && type->n_min == 0 && type->n_max == 1);
}

/* A set: not a map and not a scalar (optional scalars are sets). */
static inline bool
ovsdb_type_is_set(const struct ovsdb_type *type)
{
    return !ovsdb_type_is_map(type) && !ovsdb_type_is_scalar(type);
}

/* True if the key or value refers to another table. */
bool ovsdb_type_has_refs(const struct ovsdb_type *);

/* Parses a column <type>.  Errors are "syntax error"s. */
struct ovsdb_error *ovsdb_type_from_json(struct ovsdb_type *,
                                         const struct json *)
    OVS_WARN_UNUSED_RESULT;
struct json *ovsdb_type_to_json(const struct ovsdb_type *);

/* Compact text for messages: the serialized JSON type. */
char *ovsdb_type_to_string(const struct ovsdb_type *);

#endif /* ovsdb-types.h */
