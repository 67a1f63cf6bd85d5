/* table.h -- prints a table of cells the way the OVSDB command-line tools
 * do: as an aligned text table, a list of "heading: value" records, HTML,
 * CSV or JSON.
 *
 * A caller builds a struct table (columns with headings, then rows of
 * cells), chooses a struct table_style (usually from the command-line
 * options --format, --data, --no-headings, --pretty and --bare, which
 * table_parse_*() and TABLE_OPTION_HANDLERS handle), and prints.  Choosing
 * which columns to show (--columns) is the caller's business.
 *
 * A cell holds a JSON value and, optionally, the OVSDB type it has.  A
 * typed cell is shown, in the text formats, according to --data: "string"
 * is the ovs-vsctl syntax (bare words where they can be read back,
 * [set, elements], {key=value}), "bare" is the same without quotes or
 * brackets (elements separated by spaces), "json" is the RFC 7047 JSON
 * notation.  An untyped cell is shown as JSON text, or, if it is marked
 * 'raw' (and holds a string), as that string.  A cell without a value
 * (json == NULL) is empty (null in JSON output).  The JSON output format
 * always shows the values themselves.
 *
 * Successive tables printed by one process are separated by a blank line
 * in the formats where the tools we are compatible with do so. */
#ifndef TABLE_H
#define TABLE_H 1

#include <stdbool.h>
#include <stddef.h>

struct ds;
struct json;
struct ovsdb_datum;
struct ovsdb_type;

struct cell {
    struct json *json;              /* Owned; NULL means no value. */
    const struct ovsdb_type *type;  /* Not owned; may be NULL. */
    bool raw;                       /* Untyped string shown as is. */
};

struct table_column {
    char *heading;
};

struct table {
    struct cell *cells;             /* n_rows * n_columns, row major. */
    size_t n_rows, allocated_rows;
    struct table_column *columns;
    size_t n_columns, allocated_columns;
    char *caption;                  /* May be NULL. */
    bool timestamp;                 /* Print the time above the table. */
};

void table_init(struct table *);
void table_destroy(struct table *);         /* NULL is fine. */
/* Takes ownership of CAPTION (may be NULL). */
void table_set_caption(struct table *, char *caption);
void table_set_timestamp(struct table *, bool timestamp);

/* Columns must all be added before the first row. */
void table_add_column(struct table *, const char *heading);
/* Adds a row of empty cells and returns its index. */
size_t table_add_row(struct table *);
/* The cell at ROW, COLUMN: the caller fills in its members. */
struct cell *table_cell(struct table *, size_t row, size_t column);
/* The cell in COLUMN of the last row added. */
struct cell *table_add_cell(struct table *, size_t column);

enum table_format {
    TF_TABLE,                       /* Aligned text (default). */
    TF_LIST,                        /* One "heading : value" per line. */
    TF_HTML,
    TF_CSV,
    TF_JSON
};

enum cell_format {
    CF_STRING,                      /* ovs-vsctl syntax (default). */
    CF_BARE,                        /* No quotes or brackets. */
    CF_JSON                         /* RFC 7047 JSON notation. */
};

struct table_style {
    enum table_format format;
    enum cell_format cell_format;
    bool headings;
    bool pretty;                    /* Pretty-print JSON output. */
};

#define TABLE_STYLE_DEFAULT { TF_TABLE, CF_STRING, true, false }

/* Parse an option's argument into STYLE; a bad one is a fatal usage
 * error naming the accepted values. */
void table_parse_format(struct table_style *, const char *format);
void table_parse_cell_format(struct table_style *, const char *format);

/* getopt_long() support for the options above. */
enum {
    OPT_TABLE_NO_HEADINGS = 1200,
    OPT_TABLE_PRETTY,
    OPT_TABLE_BARE
};
#define TABLE_LONG_OPTIONS                                          \
    {"format", required_argument, NULL, 'f'},                       \
    {"data", required_argument, NULL, 'd'},                         \
    {"no-headings", no_argument, NULL, OPT_TABLE_NO_HEADINGS},      \
    {"no-heading", no_argument, NULL, OPT_TABLE_NO_HEADINGS},       \
    {"pretty", no_argument, NULL, OPT_TABLE_PRETTY},                \
    {"bare", no_argument, NULL, OPT_TABLE_BARE}
#define TABLE_OPTION_HANDLERS(STYLE)                                \
    case 'f': table_parse_format(STYLE, optarg); break;             \
    case 'd': table_parse_cell_format(STYLE, optarg); break;        \
    case OPT_TABLE_NO_HEADINGS: (STYLE)->headings = false; break;   \
    case OPT_TABLE_PRETTY: (STYLE)->pretty = true; break;           \
    case OPT_TABLE_BARE:                                            \
        (STYLE)->format = TF_LIST;                                  \
        (STYLE)->cell_format = CF_BARE;                             \
        (STYLE)->headings = false;                                  \
        break;

/* Appends TABLE in STYLE to OUT.  FIRST says whether this is the first
 * table of the output (no separating blank line). */
void table_format(const struct table *, const struct table_style *,
                  bool first, struct ds *out);
/* Prints TABLE to stdout, separated from earlier tables printed this way,
 * and flushes stdout (monitors print as changes happen). */
void table_print(const struct table *, const struct table_style *);

/* The text of CELL in CELL_FORMAT (caller frees). */
char *cell_to_text(const struct cell *, enum cell_format);


/* Serializes JSON with object members sorted by name; if PRETTY, in the
 * multi-line layout of the tools we are compatible with (each member or
 * element on its own line, closing brackets right after the last one). */
char *table_json_to_string(const struct json *, bool pretty);

#endif /* table.h */
