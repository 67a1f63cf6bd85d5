/* ovsdb-data.h -- OVSDB values: atoms and datums (RFC 7047 section 5.1).
 *
 * An atom is one value of an atomic type, held in a 16-byte union with no
 * type tag: every function that looks at an atom is told its type.
 * Strings are immutable and reference counted, so copying an atom (and so
 * copying a row for copy-on-write) never copies string bytes; the string
 * pointer is a plain NUL-terminated C string with a hidden header in front
 * of it.  Reference counts are not atomic: values belong to one thread.
 *
 * A datum is the value of a column: a set of atoms (keys), or a map from
 * keys to values, held as arrays sorted by key with no duplicate keys, so
 * that lookups are binary searches and set operations are merges.  A
 * scalar column holds a datum with exactly one key.  The datum does not
 * know its type either.
 *
 * JSON notation (RFC 7047 5.1): an atom is a JSON integer, real (an integer
 * is accepted as a real), boolean or string, or ["uuid", "<uuid>"] or
 * ["named-uuid", "<id>"].  A set is ["set", [atom...]] or, with one element,
 * the atom alone; a map is ["map", [[key, value]...]].  Named UUIDs are
 * resolved through a symbol table that spans one transaction, so that an
 * "insert" can name its new row and other operations can refer to it,
 * before or after the insert. */
#ifndef OVSDB_DATA_H
#define OVSDB_DATA_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "ovsdb-types.h"
#include "shash.h"
#include "uuid.h"

struct ds;
struct json;
struct ovsdb_symbol_table;

union ovsdb_atom {
    int64_t integer;
    double real;
    bool boolean;
    char *string;       /* Shared, immutable: see ovsdb_atom_init_string(). */
    struct uuid uuid;
};

/* Atoms. */

/* The default value of TYPE: 0, 0.0, false, "", or the all-zeros UUID. */
void ovsdb_atom_init_default(union ovsdb_atom *, enum ovsdb_atomic_type);
bool ovsdb_atom_is_default(const union ovsdb_atom *,
                           enum ovsdb_atomic_type);

/* Sets ATOM to a new string with a copy of the N bytes at S. */
void ovsdb_atom_init_string(union ovsdb_atom *, const char *s, size_t n);
/* Length in bytes of an atom's string, in O(1). */
size_t ovsdb_atom_string_length(const union ovsdb_atom *);

/* Copies SRC to DST.  O(1): strings are shared. */
void ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                      enum ovsdb_atomic_type);
void ovsdb_atom_destroy(union ovsdb_atom *, enum ovsdb_atomic_type);

uint32_t ovsdb_atom_hash(const union ovsdb_atom *, enum ovsdb_atomic_type,
                         uint32_t basis);
/* Total order: numeric, false < true, bytewise strings, UUIDs by parts. */
int ovsdb_atom_compare_3way(const union ovsdb_atom *,
                            const union ovsdb_atom *,
                            enum ovsdb_atomic_type);
static inline bool
ovsdb_atom_equals(const union ovsdb_atom *a, const union ovsdb_atom *b,
                  enum ovsdb_atomic_type type)
{
    return !ovsdb_atom_compare_3way(a, b, type);
}

/* Parses JSON as an atom of BASE->type and checks it against BASE's
 * constraints.  SYMTAB resolves ["named-uuid", NAME] (creating a symbol on
 * first use); if it is NULL, named UUIDs are a syntax error.  Errors:
 * "syntax error" for malformed input, "constraint violation" for a value
 * outside the constraints.  On error ATOM is left uninitialized. */
struct ovsdb_error *ovsdb_atom_from_json(union ovsdb_atom *,
                                         const struct ovsdb_base_type *,
                                         const struct json *,
                                         struct ovsdb_symbol_table *)
    OVS_WARN_UNUSED_RESULT;
struct json *ovsdb_atom_to_json(const union ovsdb_atom *,
                                enum ovsdb_atomic_type);
/* Appends the JSON text of ATOM (for messages). */
void ovsdb_atom_to_ds(const union ovsdb_atom *, enum ovsdb_atomic_type,
                      struct ds *);

/* The text notation of ovs-vsctl and ovsdb-client's tables.  A string is
 * written bare when it reads back as the same string (an identifier that
 * is not "true" or "false"), otherwise quoted with JSON escapes.  A datum
 * is "{k=v, ...}" for a map, "[a, b]" for a set, and a lone atom for a
 * scalar.  The "bare" forms write strings without quotes and elements
 * separated by spaces, for "--bare" output meant for shell scripts. */
void ovsdb_string_to_text(const char *, struct ds *);
void ovsdb_atom_to_text(const union ovsdb_atom *, enum ovsdb_atomic_type,
                        struct ds *);
void ovsdb_datum_to_text(const struct ovsdb_datum *,
                         const struct ovsdb_type *, struct ds *);
void ovsdb_datum_to_bare(const struct ovsdb_datum *,
                         const struct ovsdb_type *, struct ds *);

/* Checks ATOM against BASE's range, length and enum constraints (not
 * references, which only a transaction can check).  Returns NULL or a
 * "constraint violation". */
struct ovsdb_error *ovsdb_atom_check_constraints(
    const union ovsdb_atom *, const struct ovsdb_base_type *)
    OVS_WARN_UNUSED_RESULT;

/* Datums. */

struct ovsdb_datum {
    unsigned int n;             /* Number of keys (and values). */
    union ovsdb_atom *keys;     /* Sorted, unique; NULL if n == 0. */
    union ovsdb_atom *values;   /* NULL unless the type is a map. */
};

#define OVSDB_DATUM_NOT_FOUND UINT_MAX

void ovsdb_datum_init_empty(struct ovsdb_datum *);
/* The default value of TYPE: empty if n_min == 0, else one default key
 * (and value).  Not checked against constraints (as in RFC 7047). */
void ovsdb_datum_init_default(struct ovsdb_datum *,
                              const struct ovsdb_type *);
bool ovsdb_datum_is_default(const struct ovsdb_datum *,
                            const struct ovsdb_type *);
/* A datum holding exactly ATOM (cloned), for scalar columns. */
void ovsdb_datum_init_atom(struct ovsdb_datum *, const union ovsdb_atom *,
                           enum ovsdb_atomic_type);
void ovsdb_datum_clone(struct ovsdb_datum *dst, const struct ovsdb_datum *,
                       const struct ovsdb_type *);
void ovsdb_datum_destroy(struct ovsdb_datum *, const struct ovsdb_type *);
void ovsdb_datum_swap(struct ovsdb_datum *, struct ovsdb_datum *);

/* Parses JSON as a datum of TYPE (see the notation above), checking the
 * element count against [n_min, n_max] ("syntax error"), each atom against
 * its constraints and for duplicate keys ("constraint violation").  On
 * error DATUM is left empty. */
struct ovsdb_error *ovsdb_datum_from_json(struct ovsdb_datum *,
                                          const struct ovsdb_type *,
                                          const struct json *,
                                          struct ovsdb_symbol_table *)
    OVS_WARN_UNUSED_RESULT;
struct json *ovsdb_datum_to_json(const struct ovsdb_datum *,
                                 const struct ovsdb_type *);
/* Appends the compact JSON text that json_to_ds() would write for
 * ovsdb_datum_to_json(), without building the tree. */
void ovsdb_datum_to_json_ds(const struct ovsdb_datum *,
                            const struct ovsdb_type *, struct ds *);

/* Checks the element count and every atom.  "constraint violation". */
struct ovsdb_error *ovsdb_datum_check_constraints(
    const struct ovsdb_datum *, const struct ovsdb_type *)
    OVS_WARN_UNUSED_RESULT;

/* Sorts DATUM's keys (moving values along).  Fails with "constraint
 * violation" (leaving DATUM sorted but with duplicates) if two keys are
 * equal. */
struct ovsdb_error *ovsdb_datum_sort(struct ovsdb_datum *,
                                     const struct ovsdb_type *)
    OVS_WARN_UNUSED_RESULT;

/* Appends KEY (and VALUE, for maps) taking ownership of them, without
 * keeping order: call ovsdb_datum_sort() after a series of these. */
void ovsdb_datum_add_unsafe(struct ovsdb_datum *, const union ovsdb_atom *key,
                            const union ovsdb_atom *value);
/* Removes element IDX (destroying its atoms), keeping order. */
void ovsdb_datum_remove(struct ovsdb_datum *, unsigned int idx,
                        const struct ovsdb_type *);

/* Index of KEY in DATUM, or OVSDB_DATUM_NOT_FOUND.  O(log n). */
unsigned int ovsdb_datum_find_key(const struct ovsdb_datum *,
                                  const union ovsdb_atom *key,
                                  enum ovsdb_atomic_type key_type);

uint32_t ovsdb_datum_hash(const struct ovsdb_datum *,
                          const struct ovsdb_type *, uint32_t basis);
int ovsdb_datum_compare_3way(const struct ovsdb_datum *,
                             const struct ovsdb_datum *,
                             const struct ovsdb_type *);
bool ovsdb_datum_equals(const struct ovsdb_datum *,
                        const struct ovsdb_datum *,
                        const struct ovsdb_type *);

/* True if every element of A (key, or key-value pair for maps) is in B. */
bool ovsdb_datum_includes_all(const struct ovsdb_datum *a,
                              const struct ovsdb_datum *b,
                              const struct ovsdb_type *);
/* True if no element of A is in B. */
bool ovsdb_datum_excludes_all(const struct ovsdb_datum *a,
                              const struct ovsdb_datum *b,
                              const struct ovsdb_type *);

/* DST := DST union SRC.  For maps, a key already in DST keeps its value
 * (the RFC 7047 "insert" mutator).  O(n + m). */
void ovsdb_datum_union(struct ovsdb_datum *dst, const struct ovsdb_datum *src,
                       const struct ovsdb_type *);
/* DST := DST minus SRC.  If DST is a map and SRC_TYPE is a map, removes
 * pairs that match both key and value; if SRC_TYPE is a set, removes the
 * pairs whose keys are in SRC (the RFC 7047 "delete" mutator).  O(n + m). */
void ovsdb_datum_subtract(struct ovsdb_datum *dst,
                          const struct ovsdb_type *dst_type,
                          const struct ovsdb_datum *src,
                          const struct ovsdb_type *src_type);

/* Named UUIDs.
 *
 * One table per transaction.  A symbol is created on first mention, with a
 * fresh UUID, whether that mention is the "insert" that names a row or a
 * reference to it; 'created' records that an insert claimed it. */
struct ovsdb_symbol {
    struct uuid uuid;
    bool created;               /* An "insert" used this uuid-name. */
    bool strong_ref;            /* Used as a strong reference. */
    bool weak_ref;              /* Used as a weak reference. */
};

struct ovsdb_symbol_table {
    struct shash sh;            /* Name to struct ovsdb_symbol *. */
};

struct ovsdb_symbol_table *ovsdb_symbol_table_create(void);
void ovsdb_symbol_table_destroy(struct ovsdb_symbol_table *);
struct ovsdb_symbol *ovsdb_symbol_table_get(
    const struct ovsdb_symbol_table *, const char *name);
/* Returns NAME's symbol, creating it with a fresh UUID if new. */
struct ovsdb_symbol *ovsdb_symbol_table_insert(struct ovsdb_symbol_table *,
                                               const char *name);
/* Returns NAME's symbol, creating it with UUID if new. */
struct ovsdb_symbol *ovsdb_symbol_table_put(struct ovsdb_symbol_table *,
                                            const char *name,
                                            const struct uuid *);
/* Returns the name of a symbol that was referenced but never created by an
 * insert, or NULL if there is none. */
const char *ovsdb_symbol_table_find_uncreated(
    const struct ovsdb_symbol_table *);

#endif /* ovsdb-data.h */
