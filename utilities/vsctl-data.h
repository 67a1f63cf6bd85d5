/* vsctl-data.h -- OVSDB values as an administrator types and reads them.
 *
 * ovs-vsctl shows values in a compact text notation rather than RFC 7047
 * JSON, and accepts the same notation on its command line:
 *   - integers and reals in decimal, booleans as true/false;
 *   - a string bare when it looks like an identifier
 *     ([A-Za-z_][A-Za-z0-9_.-]*, other than "true" and "false"), otherwise
 *     as a quoted JSON string literal;
 *   - UUIDs in the usual 36-character form; on input "@name" stands for a
 *     row created in the same invocation (a named UUID);
 *   - a set as "[a, b]" (the brackets optional on input), a map as
 *     "{k=v, k2=v2}" (braces optional on input).  A column that holds at
 *     most one value shows it bare, or "[]" when empty.
 * On input an integer may also be a range "LO-HI" which stands for every
 * integer in it.
 *
 * Errors are returned as malloc()'d messages worded as the tool we are
 * compatible with words them; NULL means success. */
#ifndef VSCTL_DATA_H
#define VSCTL_DATA_H 1

#include <stdbool.h>
#include "compiler.h"
#include "ovsdb-data.h"

struct ds;
struct ovsdb_symbol_table;

/* Output notations for --data. */
enum vsctl_data_format {
    VSCTL_DATA_STRING,          /* The notation above. */
    VSCTL_DATA_BARE,            /* No quotes, brackets or braces. */
    VSCTL_DATA_JSON             /* RFC 7047 JSON. */
};

/* The notation itself is written by ovsdb_atom_to_text(),
 * ovsdb_datum_to_text() and ovsdb_string_to_text() (ovsdb-data.h), which
 * ovsdb-client's tables share; this picks one of the formats. */
void vsctl_datum_format(const struct ovsdb_datum *, const struct ovsdb_type *,
                        enum vsctl_data_format, struct ds *);

/* Parses S as one atom of BASE (all of S is the atom; a quoted string must
 * be the whole of it).  SYMTAB, if nonnull, resolves "@name".  Checks
 * BASE's constraints.  For integers a range LO-HI is accepted only if
 * RANGE_ENDP is nonnull, in which case *RANGE_ENDP receives HI (and LO goes
 * to ATOM); otherwise *RANGE_ENDP = ATOM's value. */
char *vsctl_atom_from_string(union ovsdb_atom *,
                             const struct ovsdb_base_type *, const char *s,
                             struct ovsdb_symbol_table *,
                             int64_t *range_endp)
    OVS_WARN_UNUSED_RESULT;

/* Parses S as a whole datum of TYPE (sets and maps in the notation above).
 * On error DATUM is left empty. */
char *vsctl_datum_from_string(struct ovsdb_datum *, const struct ovsdb_type *,
                              const char *s, struct ovsdb_symbol_table *)
    OVS_WARN_UNUSED_RESULT;

/* Splits a token off *SP: a quoted string (kept with its quotes, escapes
 * untouched) or a run of characters not in DELIMS and not white space.
 * Advances *SP past it.  Returns NULL and stores an error in *ERRORP if a
 * quoted string is not closed. */
char *vsctl_token_parse(const char **sp, const char *delims, char **errorp);

/* Checks an atom against BASE's enum, wording the error with the string
 * notation. */
char *vsctl_atom_check_constraints(const union ovsdb_atom *,
                                   const struct ovsdb_base_type *)
    OVS_WARN_UNUSED_RESULT;

#endif /* vsctl-data.h */
