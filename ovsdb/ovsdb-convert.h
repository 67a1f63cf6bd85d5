/* ovsdb-convert.h -- converting a database to another schema, keeping its
 * data.
 *
 * Both conversions use this: ovsdb-tool's offline "convert", which then
 * writes the result to a file, and ovsdb-server's online "convert" RPC,
 * which persists the result and serves it in place of the original.
 *
 * The rules are those of ovsdb-server(7) "convert": tables and columns
 * that the new schema lacks are dropped with their data; columns that only
 * the new schema has take their default values; every other value must be
 * valid under the new schema's type for its column (a value that is not
 * fails the conversion, it is never silently altered); and all of the new
 * schema's constraints (references, indexes, maxRows, set sizes) apply in
 * full, exactly as if the rows were inserted by one transaction.  Row UUIDs
 * are kept, so references stay references. */
#ifndef OVSDB_CONVERT_H
#define OVSDB_CONVERT_H 1

#include "compiler.h"

struct ovsdb;
struct ovsdb_error;
struct ovsdb_schema;

/* Converts SRC, which is left unchanged, to a new database whose schema is
 * a copy of NEW_SCHEMA, and stores it in *DSTP.  On error returns it, with
 * a message that names the offending row and column where there is one,
 * and stores NULL in *DSTP.  No transaction may be open on SRC. */
struct ovsdb_error *ovsdb_convert(const struct ovsdb *src,
                                  const struct ovsdb_schema *new_schema,
                                  struct ovsdb **dstp)
    OVS_WARN_UNUSED_RESULT;

#endif /* ovsdb-convert.h */
