/* test-table.c -- unit tests of the table formatter (lib/table.c).
 *
 * "ovstest test-table-unit" checks, without any server, the rules that the
 * ovsdb-client tests can only exercise indirectly: when a string needs
 * quotes, how each data format shows sets and maps, the CSV quoting, the
 * HTML escaping and UUID links, the trailing-space trimming of the table
 * layout, and the pretty JSON layout. */
#include <config.h>
#include "table.h"

#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-error.h"
#include "ovsdb-types.h"
#include "ovstest.h"
#include "util.h"

static char *
string_form(const char *s)
{
    struct ds out = DS_EMPTY_INITIALIZER;
    ovsdb_string_to_text(s, &out);
    return ds_steal_cstr(&out);
}

static void
check_string(const char *s, const char *expected)
{
    char *got = string_form(s);
    OVSTEST_CHECK_STR(got, expected);
    free(got);
}

static struct ovsdb_type *
parse_type(const char *text)
{
    struct ovsdb_type *type = xmalloc(sizeof *type);
    struct json *json = json_parse_string(text, NULL);
    ovs_assert(json);
    struct ovsdb_error *error = ovsdb_type_from_json(type, json);
    ovs_assert(!error);
    json_destroy(json);
    return type;
}

static void
check_cell(const struct ovsdb_type *type, const char *value,
           enum cell_format format, const char *expected)
{
    struct cell cell = { json_parse_string(value, NULL), type, false };
    ovs_assert(cell.json);
    char *text = cell_to_text(&cell, format);
    OVSTEST_CHECK_STR(text, expected);
    free(text);
    json_destroy(cell.json);
}

/* A two-column table with a caption. */
static void
build_table(struct table *t, const struct ovsdb_type *map_type)
{
    table_init(t);
    table_set_caption(t, xstrdup("T table"));
    table_add_column(t, "_uuid");
    table_add_column(t, "m");

    table_add_row(t);
    struct cell *c = table_add_cell(t, 0);
    c->json = json_string_create("01234567-89ab-cdef-0123-456789abcdef");
    c->raw = true;
    c = table_add_cell(t, 1);
    c->json = json_parse_string("[\"map\",[[\"a b\",\"<x>\"]]]", NULL);
    c->type = map_type;

    table_add_row(t);           /* Second row left empty. */
}

static char *
format(const struct table *t, enum table_format tf, bool headings,
       bool pretty)
{
    struct table_style style = TABLE_STYLE_DEFAULT;
    style.format = tf;
    style.headings = headings;
    style.pretty = pretty;
    struct ds out = DS_EMPTY_INITIALIZER;
    table_format(t, &style, true, &out);
    return ds_steal_cstr(&out);
}

static void
check_format(const struct table *t, enum table_format tf, bool headings,
             bool pretty, const char *expected)
{
    char *got = format(t, tf, headings, pretty);
    OVSTEST_CHECK_STR(got, expected);
    free(got);
}

static void
test_table_unit(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    /* Bare strings read back as themselves; anything else is quoted. */
    check_string("abc", "abc");
    check_string("a_b-c.d9", "a_b-c.d9");
    check_string("_x", "_x");
    check_string("null", "null");
    check_string("", "\"\"");
    check_string("true", "\"true\"");
    check_string("false", "\"false\"");
    check_string("123", "\"123\"");
    check_string("1a", "\"1a\"");
    check_string("-a", "\"-a\"");
    check_string("a b", "\"a b\"");
    check_string("a:b", "\"a:b\"");
    check_string("a\"b", "\"a\\\"b\"");

    /* Data formats. */
    struct ovsdb_type *set = parse_type(
        "{\"key\":\"integer\",\"min\":0,\"max\":\"unlimited\"}");
    struct ovsdb_type *opt = parse_type(
        "{\"key\":\"string\",\"min\":0,\"max\":1}");
    struct ovsdb_type *map = parse_type(
        "{\"key\":\"string\",\"value\":\"real\",\"min\":0,"
        "\"max\":\"unlimited\"}");
    check_cell(set, "[\"set\",[3,1,2]]", CF_STRING, "[1, 2, 3]");
    check_cell(set, "[\"set\",[3,1,2]]", CF_BARE, "1 2 3");
    check_cell(set, "[\"set\",[3,1,2]]", CF_JSON, "[\"set\",[3,1,2]]");
    check_cell(set, "7", CF_STRING, "[7]");
    check_cell(set, "[\"set\",[]]", CF_STRING, "[]");
    check_cell(set, "[\"set\",[]]", CF_BARE, "");
    check_cell(opt, "[\"set\",[]]", CF_STRING, "[]");
    check_cell(opt, "\"x y\"", CF_STRING, "\"x y\"");
    check_cell(opt, "\"x y\"", CF_BARE, "x y");
    check_cell(map, "[\"map\",[[\"k\",2.5],[\"a b\",1]]]", CF_STRING,
               "{\"a b\"=1, k=2.5}");
    check_cell(map, "[\"map\",[[\"k\",2.5],[\"a b\",1]]]", CF_BARE,
               "a b=1 k=2.5");
    check_cell(map, "[\"map\",[]]", CF_STRING, "{}");
    /* A value that is not of the type shows as JSON rather than not at
     * all. */
    check_cell(map, "[\"map\",[[\"k\",\"v\"]]]", CF_STRING,
               "[\"map\",[[\"k\",\"v\"]]]");
    ovsdb_type_destroy(map);
    free(map);
    map = parse_type("{\"key\":\"string\",\"value\":\"string\","
                     "\"min\":0,\"max\":\"unlimited\"}");

    /* Layouts. */
    struct table t;
    build_table(&t, map);
    check_format(&t, TF_TABLE, true, false,
                 "T table\n"
                 "_uuid                                m\n"
                 "------------------------------------ -------------\n"
                 "01234567-89ab-cdef-0123-456789abcdef {\"a b\"=\"<x>\"}\n"
                 "\n");
    check_format(&t, TF_TABLE, false, false,
                 "T table\n"
                 "01234567-89ab-cdef-0123-456789abcdef {\"a b\"=\"<x>\"}\n"
                 "\n");
    check_format(&t, TF_LIST, true, false,
                 "T table\n"
                 "_uuid               : "
                 "01234567-89ab-cdef-0123-456789abcdef\n"
                 "m                   : {\"a b\"=\"<x>\"}\n"
                 "\n"
                 "_uuid               : \n"
                 "m                   : \n");
    check_format(&t, TF_CSV, true, false,
                 "T table\n"
                 "_uuid,m\n"
                 "01234567-89ab-cdef-0123-456789abcdef,"
                 "\"{\"\"a b\"\"=\"\"<x>\"\"}\"\n"
                 ",\n");
    check_format(&t, TF_HTML, true, false,
                 "<table border=1>\n"
                 "    <caption>T table</caption>\n"
                 "  <tr>\n"
                 "    <th>_uuid</th>\n"
                 "    <th>m</th>\n"
                 "  </tr>\n"
                 "  <tr>\n"
                 "    <td><a name=\"01234567-89ab-cdef-0123-456789abcdef\">"
                 "01234567</a></td>\n"
                 "    <td>{&quot;a b&quot;=&quot;&lt;x&gt;&quot;}</td>\n"
                 "  </tr>\n"
                 "  <tr>\n"
                 "    <td></td>\n"
                 "    <td></td>\n"
                 "  </tr>\n"
                 "</table>\n");
    check_format(&t, TF_JSON, true, false,
                 "{\"caption\":\"T table\",\"data\":"
                 "[[\"01234567-89ab-cdef-0123-456789abcdef\","
                 "[\"map\",[[\"a b\",\"<x>\"]]]],[null,null]],"
                 "\"headings\":[\"_uuid\",\"m\"]}\n");
    check_format(&t, TF_JSON, false, true,
                 "{\n"
                 "  \"caption\": \"T table\",\n"
                 "  \"data\": [\n"
                 "    [\n"
                 "      \"01234567-89ab-cdef-0123-456789abcdef\",\n"
                 "      [\n"
                 "        \"map\",\n"
                 "        [\n"
                 "          [\n"
                 "            \"a b\",\n"
                 "            \"<x>\"]]]],\n"
                 "    [\n"
                 "      null,\n"
                 "      null]]}\n");
    table_destroy(&t);

    /* A table after the first is preceded by a blank line (not in HTML or
     * JSON). */
    struct table empty;
    table_init(&empty);
    table_add_column(&empty, "x");
    struct table_style style = TABLE_STYLE_DEFAULT;
    struct ds out = DS_EMPTY_INITIALIZER;
    table_format(&empty, &style, false, &out);
    OVSTEST_CHECK_STR(ds_cstr(&out), "\nx\n-\n");
    ds_destroy(&out);
    table_destroy(&empty);

    ovsdb_type_destroy(set);
    ovsdb_type_destroy(opt);
    ovsdb_type_destroy(map);
    free(set);
    free(opt);
    free(map);
}

OVSTEST_REGISTER("test-table-unit", test_table_unit);
