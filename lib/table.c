/* table.c -- prints tables of cells for the OVSDB command-line tools.
 *
 * How it works: a table is a row-major array of cells under a list of
 * headings.  Printing first turns every cell into text (cell_to_text(),
 * according to the cell format), then lays the texts out in the chosen
 * format.  The layouts reproduce byte for byte what the tools we are
 * compatible with print, since scripts parse them:
 *
 *   table: caption line, headings, a line of dashes as wide as each column,
 *          then rows; columns separated by one space; trailing spaces
 *          trimmed.
 *   list:  caption line, then per row "%-20s: %s" lines (just the values
 *          with --no-headings), rows separated by a blank line.
 *   csv:   caption line, headings, rows; a field is quoted (with doubled
 *          quotes) if it holds a comma, quote, space or newline.
 *   html:  <table border=1> with the caption, <th> and <td> elements; text
 *          is escaped and every UUID in it becomes a link (an anchor in a
 *          column headed "_uuid").
 *   json:  {"caption":..., "data":[[...]...], "headings":[...]} with the
 *          cells' JSON values.
 *
 * The "string" cell format is the ovs-vsctl syntax, written here because
 * this is where the tools need it. */
#include <config.h>
#include "table.h"

#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-types.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"

void
table_init(struct table *table)
{
    memset(table, 0, sizeof *table);
}

void
table_destroy(struct table *table)
{
    if (!table) {
        return;
    }
    for (size_t i = 0; i < table->n_rows * table->n_columns; i++) {
        json_destroy(table->cells[i].json);
    }
    free(table->cells);
    for (size_t i = 0; i < table->n_columns; i++) {
        free(table->columns[i].heading);
    }
    free(table->columns);
    free(table->caption);
}

void
table_set_caption(struct table *table, char *caption)
{
    free(table->caption);
    table->caption = caption;
}

void
table_set_timestamp(struct table *table, bool timestamp)
{
    table->timestamp = timestamp;
}

void
table_add_column(struct table *table, const char *heading)
{
    ovs_assert(!table->n_rows);
    if (table->n_columns >= table->allocated_columns) {
        table->columns = x2nrealloc(table->columns,
                                    &table->allocated_columns,
                                    sizeof *table->columns);
    }
    table->columns[table->n_columns++].heading = xstrdup(heading);
}

size_t
table_add_row(struct table *table)
{
    if (table->n_rows >= table->allocated_rows) {
        size_t old = table->allocated_rows;
        table->allocated_rows = old ? 2 * old : 8;
        table->cells = xrealloc(table->cells,
                                (table->allocated_rows * table->n_columns
                                 * sizeof *table->cells) + 1);
    }
    struct cell *row = &table->cells[table->n_rows * table->n_columns];
    memset(row, 0, table->n_columns * sizeof *row);
    return table->n_rows++;
}

struct cell *
table_cell(struct table *table, size_t row, size_t column)
{
    ovs_assert(row < table->n_rows && column < table->n_columns);
    return &table->cells[row * table->n_columns + column];
}

struct cell *
table_add_cell(struct table *table, size_t column)
{
    ovs_assert(table->n_rows);
    return table_cell(table, table->n_rows - 1, column);
}

void
table_parse_format(struct table_style *style, const char *format)
{
    if (!strcmp(format, "table")) {
        style->format = TF_TABLE;
    } else if (!strcmp(format, "list")) {
        style->format = TF_LIST;
    } else if (!strcmp(format, "html")) {
        style->format = TF_HTML;
    } else if (!strcmp(format, "csv")) {
        style->format = TF_CSV;
    } else if (!strcmp(format, "json")) {
        style->format = TF_JSON;
    } else {
        ovs_fatal(0, "unknown output format \"%s\"", format);
    }
}

void
table_parse_cell_format(struct table_style *style, const char *format)
{
    if (!strcmp(format, "string")) {
        style->cell_format = CF_STRING;
    } else if (!strcmp(format, "bare")) {
        style->cell_format = CF_BARE;
    } else if (!strcmp(format, "json")) {
        style->cell_format = CF_JSON;
    } else {
        ovs_fatal(0, "unknown data format \"%s\"", format);
    }
}

char *
cell_to_text(const struct cell *cell, enum cell_format format)
{
    if (!cell->json) {
        return xstrdup("");
    }
    if (cell->raw && cell->json->type == JSON_STRING) {
        return xstrdup(json_string(cell->json));
    }
    if (cell->type && format != CF_JSON) {
        struct ovsdb_datum datum;
        struct ovsdb_error *error = ovsdb_datum_from_json(&datum, cell->type,
                                                          cell->json, NULL);
        if (!error) {
            struct ds s = DS_EMPTY_INITIALIZER;
            if (format == CF_STRING) {
                ovsdb_datum_to_text(&datum, cell->type, &s);
            } else {
                ovsdb_datum_to_bare(&datum, cell->type, &s);
            }
            ovsdb_datum_destroy(&datum, cell->type);
            return ds_steal_cstr(&s);
        }
        /* Not a value of the type (it cannot happen with a correct
         * server): show the JSON rather than nothing. */
        ovsdb_error_destroy(error);
    }
    return json_to_string(cell->json, JSSF_SORT);
}

/* JSON in the compatible pretty layout. */

static void
json_pretty_indent(struct ds *out, int depth)
{
    ds_put_char(out, '\n');
    ds_put_char_multiple(out, ' ', 2 * depth);
}

static void
json_pretty(const struct json *json, int depth, struct ds *out)
{
    switch (json->type) {
    case JSON_OBJECT: {
        struct shash *object = json_object(json);
        if (shash_is_empty(object)) {
            ds_put_cstr(out, "{}");
            break;
        }
        const struct shash_node **nodes = shash_sort(object);
        size_t n = shash_count(object);
        ds_put_char(out, '{');
        for (size_t i = 0; i < n; i++) {
            if (i) {
                ds_put_char(out, ',');
            }
            json_pretty_indent(out, depth + 1);
            json_string_escape(nodes[i]->name, out);
            ds_put_cstr(out, ": ");
            json_pretty(nodes[i]->data, depth + 1, out);
        }
        ds_put_char(out, '}');
        free(nodes);
        break;
    }
    case JSON_ARRAY: {
        const struct json_array *array = json_array(json);
        if (!array->n) {
            ds_put_cstr(out, "[]");
            break;
        }
        ds_put_char(out, '[');
        for (size_t i = 0; i < array->n; i++) {
            if (i) {
                ds_put_char(out, ',');
            }
            json_pretty_indent(out, depth + 1);
            json_pretty(array->elems[i], depth + 1, out);
        }
        ds_put_char(out, ']');
        break;
    }
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
    case JSON_INTEGER:
    case JSON_REAL:
    case JSON_STRING:
    case JSON_N_TYPES:
    default:
        json_to_ds(json, 0, out);
        break;
    }
}

char *
table_json_to_string(const struct json *json, bool pretty)
{
    if (!pretty) {
        return json_to_string(json, JSSF_SORT);
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    json_pretty(json, 0, &s);
    return ds_steal_cstr(&s);
}

/* Layouts. */

static char *
timestamp_text(void)
{
    return xastrftime_msec("%Y-%m-%d %H:%M:%S.###", time_wall_msec(), true);
}

static void
put_caption(const struct table *table, struct ds *out)
{
    if (table->timestamp) {
        char *s = timestamp_text();
        ds_put_format(out, "%s\n", s);
        free(s);
    }
    if (table->caption) {
        ds_put_format(out, "%s\n", table->caption);
    }
}

/* Texts of all the cells, row major. */
static char **
table_texts(const struct table *table, enum cell_format format)
{
    size_t n = table->n_rows * table->n_columns;
    char **texts = xmalloc((n + 1) * sizeof *texts);
    for (size_t i = 0; i < n; i++) {
        texts[i] = cell_to_text(&table->cells[i], format);
    }
    return texts;
}

static void
free_texts(char **texts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(texts[i]);
    }
    free(texts);
}

/* Appends LINE to OUT without its trailing spaces, and a newline. */
static void
put_trimmed_line(struct ds *line, struct ds *out)
{
    while (line->length && line->string[line->length - 1] == ' ') {
        line->length--;
    }
    ds_put_buffer(out, line->string ? line->string : "", line->length);
    ds_put_char(out, '\n');
    ds_clear(line);
}

static void
format_table(const struct table *table, const struct table_style *style,
             char **texts, struct ds *out)
{
    size_t nc = table->n_columns;
    size_t *widths = xcalloc(nc + 1, sizeof *widths);

    for (size_t c = 0; c < nc; c++) {
        if (style->headings) {
            widths[c] = strlen(table->columns[c].heading);
        }
        for (size_t r = 0; r < table->n_rows; r++) {
            size_t w = strlen(texts[r * nc + c]);
            if (w > widths[c]) {
                widths[c] = w;
            }
        }
    }

    put_caption(table, out);
    struct ds line = DS_EMPTY_INITIALIZER;
    if (style->headings) {
        for (size_t c = 0; c < nc; c++) {
            ds_put_format(&line, "%s%-*s", c ? " " : "", (int) widths[c],
                          table->columns[c].heading);
        }
        put_trimmed_line(&line, out);
        for (size_t c = 0; c < nc; c++) {
            if (c) {
                ds_put_char(&line, ' ');
            }
            ds_put_char_multiple(&line, '-', widths[c]);
        }
        put_trimmed_line(&line, out);
    }
    for (size_t r = 0; r < table->n_rows; r++) {
        for (size_t c = 0; c < nc; c++) {
            ds_put_format(&line, "%s%-*s", c ? " " : "", (int) widths[c],
                          texts[r * nc + c]);
        }
        put_trimmed_line(&line, out);
    }
    ds_destroy(&line);
    free(widths);
}

static void
format_list(const struct table *table, const struct table_style *style,
            char **texts, struct ds *out)
{
    size_t nc = table->n_columns;

    put_caption(table, out);
    for (size_t r = 0; r < table->n_rows; r++) {
        if (r) {
            ds_put_char(out, '\n');
        }
        for (size_t c = 0; c < nc; c++) {
            if (style->headings) {
                ds_put_format(out, "%-20s: ", table->columns[c].heading);
            }
            ds_put_format(out, "%s\n", texts[r * nc + c]);
        }
    }
}

static void
put_csv_field(const char *s, struct ds *out)
{
    if (!s[strcspn(s, "\", \n\r")]) {
        ds_put_cstr(out, s);
        return;
    }
    ds_put_char(out, '"');
    for (; *s; s++) {
        if (*s == '"') {
            ds_put_char(out, '"');
        }
        ds_put_char(out, *s);
    }
    ds_put_char(out, '"');
}

static void
format_csv(const struct table *table, const struct table_style *style,
           char **texts, struct ds *out)
{
    size_t nc = table->n_columns;

    put_caption(table, out);
    if (style->headings) {
        for (size_t c = 0; c < nc; c++) {
            if (c) {
                ds_put_char(out, ',');
            }
            put_csv_field(table->columns[c].heading, out);
        }
        ds_put_char(out, '\n');
    }
    for (size_t r = 0; r < table->n_rows; r++) {
        for (size_t c = 0; c < nc; c++) {
            if (c) {
                ds_put_char(out, ',');
            }
            put_csv_field(texts[r * nc + c], out);
        }
        ds_put_char(out, '\n');
    }
}

static void
put_html_escaped(const char *s, size_t n, struct ds *out)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': ds_put_cstr(out, "&amp;"); break;
        case '<': ds_put_cstr(out, "&lt;"); break;
        case '>': ds_put_cstr(out, "&gt;"); break;
        case '"': ds_put_cstr(out, "&quot;"); break;
        default: ds_put_char(out, s[i]); break;
        }
    }
}

/* Escapes S, turning each UUID in it into a link to the row it names, or,
 * if IS_ANCHOR, into the anchor that such links point to. */
static void
put_html_cell(const char *s, bool is_anchor, struct ds *out)
{
    const char *start = s;
    for (const char *p = s; *p; ) {
        struct uuid uuid;
        int len = isxdigit((unsigned char) *p)
                  ? uuid_from_string_prefix(&uuid, p) : 0;
        if (len && (p == s || !isxdigit((unsigned char) p[-1]))
            && !isxdigit((unsigned char) p[len])) {
            put_html_escaped(start, p - start, out);
            ds_put_format(out, "<a %s=\"%s%.*s\">%.8s</a>",
                          is_anchor ? "name" : "href",
                          is_anchor ? "" : "#", len, p, p);
            p += len;
            start = p;
        } else {
            p++;
        }
    }
    put_html_escaped(start, strlen(start), out);
}

static void
format_html(const struct table *table, const struct table_style *style,
            char **texts, struct ds *out)
{
    size_t nc = table->n_columns;

    ds_put_cstr(out, "<table border=1>\n");
    if (table->timestamp) {
        char *s = timestamp_text();
        ds_put_format(out, "    <caption>%s</caption>\n", s);
        free(s);
    }
    if (table->caption) {
        ds_put_cstr(out, "    <caption>");
        put_html_escaped(table->caption, strlen(table->caption), out);
        ds_put_cstr(out, "</caption>\n");
    }
    if (style->headings) {
        ds_put_cstr(out, "  <tr>\n");
        for (size_t c = 0; c < nc; c++) {
            const char *h = table->columns[c].heading;
            ds_put_cstr(out, "    <th>");
            put_html_escaped(h, strlen(h), out);
            ds_put_cstr(out, "</th>\n");
        }
        ds_put_cstr(out, "  </tr>\n");
    }
    for (size_t r = 0; r < table->n_rows; r++) {
        ds_put_cstr(out, "  <tr>\n");
        for (size_t c = 0; c < nc; c++) {
            ds_put_cstr(out, "    <td>");
            put_html_cell(texts[r * nc + c],
                          !strcmp(table->columns[c].heading, "_uuid"), out);
            ds_put_cstr(out, "</td>\n");
        }
        ds_put_cstr(out, "  </tr>\n");
    }
    ds_put_cstr(out, "</table>\n");
}

static void
format_json(const struct table *table, const struct table_style *style,
            struct ds *out)
{
    size_t nc = table->n_columns;
    struct json *json = json_object_create();

    if (table->caption) {
        json_object_put_string(json, "caption", table->caption);
    }
    if (table->timestamp) {
        json_object_put_nocopy(json, "time",
                               json_string_create_nocopy(timestamp_text()));
    }
    if (style->headings) {
        struct json *headings = json_array_create_empty();
        for (size_t c = 0; c < nc; c++) {
            json_array_add(headings,
                           json_string_create(table->columns[c].heading));
        }
        json_object_put(json, "headings", headings);
    }
    struct json *data = json_array_create_empty();
    for (size_t r = 0; r < table->n_rows; r++) {
        struct json *row = json_array_create_empty();
        for (size_t c = 0; c < nc; c++) {
            const struct cell *cell = &table->cells[r * nc + c];
            json_array_add(row, (cell->json ? json_clone(cell->json)
                                 : json_null_create()));
        }
        json_array_add(data, row);
    }
    json_object_put(json, "data", data);

    char *s = table_json_to_string(json, style->pretty);
    ds_put_format(out, "%s\n", s);
    free(s);
    json_destroy(json);
}

void
table_format(const struct table *table, const struct table_style *style,
             bool first, struct ds *out)
{
    if (style->format == TF_JSON) {
        format_json(table, style, out);
        return;
    }

    char **texts = table_texts(table, style->cell_format);
    if (!first && style->format != TF_HTML) {
        ds_put_char(out, '\n');
    }
    switch (style->format) {
    case TF_TABLE:
        format_table(table, style, texts, out);
        break;
    case TF_LIST:
        format_list(table, style, texts, out);
        break;
    case TF_CSV:
        format_csv(table, style, texts, out);
        break;
    case TF_HTML:
        format_html(table, style, texts, out);
        break;
    case TF_JSON:
    default:
        OVS_NOT_REACHED();
    }
    free_texts(texts, table->n_rows * table->n_columns);
}

void
table_print(const struct table *table, const struct table_style *style)
{
    static bool printed_before;
    struct ds out = DS_EMPTY_INITIALIZER;

    table_format(table, style, !printed_before, &out);
    printed_before = true;
    fputs(ds_cstr(&out), stdout);
    fflush(stdout);
    ds_destroy(&out);
}
