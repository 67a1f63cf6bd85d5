/* ovsdb-convert.c -- converting a database to another schema (see
 * ovsdb-convert.h for the rules).
 *
 * Every row of the source is inserted, under its own UUID, into an empty
 * database of the new schema by a single transaction.  Each value is
 * carried across through its JSON form: that is the one place where the
 * parsing rules of a type (ranges, enums, string lengths, reference
 * tables, set sizes) are applied, so a converted value is checked exactly
 * as a client's value would be.  Committing the transaction then applies
 * what only whole-database checks see: referential integrity, weak
 * reference removal, garbage collection of unreachable non-root rows,
 * indexes and maxRows. */
#include <config.h>
#include "ovsdb-convert.h"

#include "coverage.h"
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-row.h"
#include "ovsdb-schema.h"
#include "ovsdb-table.h"
#include "ovsdb-txn.h"
#include "util.h"
#include "uuid.h"

COVERAGE_DEFINE(ovsdb_convert);
COVERAGE_DEFINE(ovsdb_convert_failed);

/* Inserts into TXN (on the new database) a copy of every row of OLD_TABLE
 * converted to NEW_TABLE's schema. */
static struct ovsdb_error *
convert_table(struct ovsdb_txn *txn, const struct ovsdb_table *old_table,
              struct ovsdb_table *new_table)
{
    const struct ovsdb_table_schema *ots = old_table->schema;
    const struct ovsdb_table_schema *nts = new_table->schema;
    const struct ovsdb_row *old_row;

    HMAP_FOR_EACH (old_row, hmap_node, &old_table->rows) {
        struct ovsdb_row *row = ovsdb_row_create(new_table);
        ovsdb_row_set_uuid(row, ovsdb_row_get_uuid(old_row));
        for (size_t j = OVSDB_N_STD_COLUMNS; j < nts->n_columns; j++) {
            const struct ovsdb_column *nc = nts->columns_by_index[j];
            const struct ovsdb_column *oc
                = ovsdb_table_schema_get_column(ots, nc->name);
            if (!oc) {
                continue;       /* New column: keeps its default. */
            }
            struct json *json = ovsdb_datum_to_json(
                &old_row->fields[oc->index], &oc->type);
            struct ovsdb_datum datum;
            struct ovsdb_error *error
                = ovsdb_datum_from_json(&datum, &nc->type, json, NULL);
            json_destroy(json);
            if (error) {
                ovsdb_row_destroy(row);
                return ovsdb_error_prefix(
                    error, "value of column %s in row "UUID_FMT" of "
                    "table %s does not fit the new schema", nc->name,
                    UUID_ARGS(ovsdb_row_get_uuid(old_row)), nts->name);
            }
            ovsdb_datum_swap(&row->fields[j], &datum);
            ovsdb_datum_destroy(&datum, &nc->type);
        }
        ovsdb_txn_insert(txn, row);
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_convert(const struct ovsdb *src, const struct ovsdb_schema *new_schema,
              struct ovsdb **dstp)
{
    struct ovsdb *dst = ovsdb_create(ovsdb_schema_clone(new_schema));
    struct ovsdb_txn *txn = ovsdb_txn_create(dst);
    struct ovsdb_error *error = NULL;

    COVERAGE_INC(ovsdb_convert);
    *dstp = NULL;
    for (size_t i = 0; !error && i < dst->schema->n_tables; i++) {
        struct ovsdb_table *new_table = dst->tables[i];
        const struct ovsdb_table *old_table
            = ovsdb_get_table(src, new_table->schema->name);
        if (old_table) {
            error = convert_table(txn, old_table, new_table);
        }
    }

    if (error) {
        ovsdb_txn_destroy(txn);
    } else {
        error = ovsdb_txn_commit(txn);
        ovsdb_txn_destroy(txn);
        if (error) {
            error = ovsdb_error_prefix(error, "data does not satisfy the "
                                       "new schema's constraints");
        }
    }
    if (error) {
        COVERAGE_INC(ovsdb_convert_failed);
        ovsdb_destroy(dst);
        return error;
    }
    *dstp = dst;
    return NULL;
}
