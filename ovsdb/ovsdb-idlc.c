/* ovsdb-idlc.c -- writes typed C accessors for the IDL from a schema.
 *
 *   ovsdb-idlc [--prefix=P] c-idl-header SCHEMA          > NAME-idl.h
 *   ovsdb-idlc [--prefix=P] c-idl-source SCHEMA HEADER   > NAME-idl.c
 *
 * The schema (a .ovsschema file, parsed with lib/ovsdb-schema.h) is the
 * single source of truth; the output is C that sits on lib/ovsdb-idl.h.
 * For each table T the header declares "struct P_T" (P defaults to the
 * schema name in lower case followed by "rec", so Foo's table Bar gives
 * struct foorec_bar), whose first member is the IDL's struct
 * ovsdb_idl_row, followed by one typed field per column:
 *
 *   scalar               int64_t i; double r; bool b; char *s;
 *                        struct uuid u; struct P_REF *ref
 *   optional or set      TYPE *c; size_t n_c
 *   string-to-string map struct smap c
 *   other map            KEY *key_c; VALUE *value_c; size_t n_c
 *
 * and the functions to read and write them (first/next/FOR_EACH,
 * get_for_uuid, insert, delete, verify_C, set_C, update_C_setkey/delkey,
 * update_C_addvalue/delvalue, change tracking), plus the column and table
 * class tables that ovsdb_idl_create() and ovsdb_idl_add_column() take.
 *
 * The program is C printing C: each emit_*() function below writes one
 * kind of generated code, in the order it appears in the output. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb-types.h"
#include "util.h"
#include "vlog.h"

static char *prefix;            /* e.g. "idltestrec_" */
static char *PREFIX;            /* The same in upper case. */

/* Column kinds, by the shape of their typed field. */
enum kind {
    K_SCALAR,
    K_SET,                      /* Includes optional scalars. */
    K_SMAP,
    K_MAP,
};

static enum kind
column_kind(const struct ovsdb_type *type)
{
    if (ovsdb_type_is_map(type)) {
        return (type->key.type == OVSDB_TYPE_STRING
                && type->value.type == OVSDB_TYPE_STRING
                && !ovsdb_base_type_is_ref(&type->key)) ? K_SMAP : K_MAP;
    }
    return ovsdb_type_is_scalar(type) ? K_SCALAR : K_SET;
}

static char *
lower(const char *s)
{
    char *t = xstrdup(s);
    for (char *p = t; *p; p++) {
        *p = tolower((unsigned char) *p);
    }
    return t;
}

static char *
upper(const char *s)
{
    char *t = xstrdup(s);
    for (char *p = t; *p; p++) {
        *p = toupper((unsigned char) *p);
    }
    return t;
}

/* C keywords cannot be member names: "default" becomes "default_". */
static const char *
member_name(const char *column)
{
    static const char *const keywords[] = {
        "auto", "break", "case", "char", "const", "continue", "default",
        "do", "double", "else", "enum", "extern", "float", "for", "goto",
        "if", "inline", "int", "long", "register", "restrict", "return",
        "short", "signed", "sizeof", "static", "struct", "switch",
        "typedef", "union", "unsigned", "void", "volatile", "while",
        "bool", "header_",
    };
    static char buf[256];
    for (size_t i = 0; i < ARRAY_SIZE(keywords); i++) {
        if (!strcmp(column, keywords[i])) {
            snprintf(buf, sizeof buf, "%s_", column);
            return buf;
        }
    }
    return column;
}

/* The C type of one atom of BASE as a struct member ("int64_t", "char *",
 * "struct P_t *"...), in a new string. */
static char *
atom_c_type(const struct ovsdb_base_type *base)
{
    switch (base->type) {
    case OVSDB_TYPE_INTEGER: return xstrdup("int64_t ");
    case OVSDB_TYPE_REAL: return xstrdup("double ");
    case OVSDB_TYPE_BOOLEAN: return xstrdup("bool ");
    case OVSDB_TYPE_STRING: return xstrdup("char *");
    case OVSDB_TYPE_UUID:
        if (ovsdb_base_type_is_ref(&*base)) {
            char *t = lower(base->uuid.ref_table_name);
            char *s = xasprintf("struct %s%s *", prefix, t);
            free(t);
            return s;
        }
        return xstrdup("struct uuid ");
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
        break;
    }
    OVS_NOT_REACHED();
}

/* The C type of a by-value parameter holding one atom of BASE. */
static char *
atom_param_type(const struct ovsdb_base_type *base)
{
    if (base->type == OVSDB_TYPE_STRING) {
        return xstrdup("const char *");
    }
    if (ovsdb_base_type_is_ref(base)) {
        char *t = atom_c_type(base);
        char *s = xasprintf("const %s", t);
        free(t);
        return s;
    }
    return atom_c_type(base);
}

/* The C type of an array parameter of atoms of BASE. */
static char *
array_param_type(const struct ovsdb_base_type *base)
{
    char *t = atom_c_type(base);
    char *s = (ovsdb_base_type_is_ref(base) ? xasprintf("%s*", t)
               : base->type == OVSDB_TYPE_STRING ? xstrdup("const char **")
               : xasprintf("const %s*", t));
    free(t);
    return s;
}

static const char *
atomic_enum(enum ovsdb_atomic_type type)
{
    static const char *const names[] = {
        "OVSDB_TYPE_VOID", "OVSDB_TYPE_INTEGER", "OVSDB_TYPE_REAL",
        "OVSDB_TYPE_BOOLEAN", "OVSDB_TYPE_STRING", "OVSDB_TYPE_UUID",
    };
    return names[type];
}

static const char *
atom_member(enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER: return "integer";
    case OVSDB_TYPE_REAL: return "real";
    case OVSDB_TYPE_BOOLEAN: return "boolean";
    case OVSDB_TYPE_STRING: return "string";
    case OVSDB_TYPE_UUID: return "uuid";
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
        break;
    }
    OVS_NOT_REACHED();
}

/* Writes the C expression that reads atom ATOM (an expression of type
 * union ovsdb_atom) of BASE as its typed value, for parse functions.
 * For references: the target row, or NULL if absent. */
static void
put_atom_read(struct ds *out, const struct ovsdb_base_type *base,
              const char *atom)
{
    if (ovsdb_base_type_is_ref(base)) {
        char *t = lower(base->uuid.ref_table_name);
        char *T = upper(base->uuid.ref_table_name);
        ds_put_format(out, "(struct %s%s *) ovsdb_idl_ref_target(row_, "
                      "&%stable_classes[%sTABLE_%s], &%s.uuid)",
                      prefix, t, prefix, PREFIX, T, atom);
        free(t);
        free(T);
    } else {
        ds_put_format(out, "%s.%s", atom, atom_member(base->type));
    }
}

/* Writes statements that set union ovsdb_atom ATOM from the C value
 * VALUE of BASE, for setters. */
static void
put_atom_write(struct ds *out, const struct ovsdb_base_type *base,
               const char *atom, const char *value, const char *indent)
{
    if (base->type == OVSDB_TYPE_STRING) {
        ds_put_format(out, "%sovsdb_atom_init_string(&%s, %s, "
                      "strlen(%s));\n", indent, atom, value, value);
    } else if (ovsdb_base_type_is_ref(base)) {
        ds_put_format(out, "%s%s.uuid = %s->header_.uuid;\n",
                      indent, atom, value);
    } else {
        ds_put_format(out, "%s%s.%s = %s;\n", indent, atom,
                      atom_member(base->type), value);
    }
}

/* Header. */

static void
emit_struct(struct ds *out, const struct ovsdb_table_schema *ts)
{
    char *t = lower(ts->name);
    ds_put_format(out, "/* Table %s. */\nstruct %s%s {\n"
                  "    struct ovsdb_idl_row header_;\n", ts->name, prefix, t);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *c = ts->columns_by_index[i];
        const char *m = member_name(c->name);
        char *kt = atom_c_type(&c->type.key);
        switch (column_kind(&c->type)) {
        case K_SCALAR:
            ds_put_format(out, "    %s%s;\n", kt, m);
            break;
        case K_SET:
            ds_put_format(out, "    %s*%s;\n    size_t n_%s;\n", kt, m,
                          c->name);
            break;
        case K_SMAP:
            ds_put_format(out, "    struct smap %s;\n", m);
            break;
        case K_MAP: {
            char *vt = atom_c_type(&c->type.value);
            ds_put_format(out, "    %s*key_%s;\n    %s*value_%s;\n"
                          "    size_t n_%s;\n", kt, c->name, vt, c->name,
                          c->name);
            free(vt);
            break;
        }
        }
        free(kt);
    }
    ds_put_cstr(out, "};\n\n");
    free(t);
}

static void
emit_table_decls(struct ds *out, const struct ovsdb_table_schema *ts)
{
    char *t = lower(ts->name);
    char *T = upper(ts->name);
    char *st = xasprintf("struct %s%s", prefix, t);
    char *p = xasprintf("%s%s", prefix, t);

    emit_struct(out, ts);

    ds_put_cstr(out, "enum {\n");
    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        char *C = upper(ts->columns_by_index[i]->name);
        ds_put_format(out, "    %s%s_COL_%s,\n", PREFIX, T, C);
        free(C);
    }
    ds_put_format(out, "    %s%s_N_COLUMNS\n};\n\n", PREFIX, T);
    ds_put_format(out, "extern const struct ovsdb_idl_column "
                  "%s_columns[%s%s_N_COLUMNS];\n", p, PREFIX, T);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        const char *c = ts->columns_by_index[i]->name;
        char *C = upper(c);
        ds_put_format(out, "#define %s_col_%s (%s_columns[%s%s_COL_%s])\n",
                      p, c, p, PREFIX, T, C);
        free(C);
    }

    ds_put_format(out,
        "\nconst %s *%s_first(const struct ovsdb_idl *);\n"
        "const %s *%s_next(const %s *);\n"
        "const %s *%s_get_for_uuid(const struct ovsdb_idl *,\n"
        "    const struct uuid *);\n"
        "#define %s_FOR_EACH(ROW, IDL) \\\n"
        "    for ((ROW) = %s_first(IDL); (ROW); (ROW) = %s_next(ROW))\n"
        "#define %s_FOR_EACH_SAFE(ROW, NEXT, IDL) \\\n"
        "    for ((ROW) = %s_first(IDL); \\\n"
        "         (ROW) ? ((NEXT) = %s_next(ROW), 1) : 0; \\\n"
        "         (ROW) = (NEXT))\n"
        "const %s *%s_track_get_first(const struct ovsdb_idl *);\n"
        "const %s *%s_track_get_next(const %s *);\n"
        "#define %s_FOR_EACH_TRACKED(ROW, IDL) \\\n"
        "    for ((ROW) = %s_track_get_first(IDL); (ROW); \\\n"
        "         (ROW) = %s_track_get_next(ROW))\n"
        "bool %s_is_new(const %s *);\n"
        "bool %s_is_deleted(const %s *);\n"
        "bool %s_is_updated(const %s *, int column);\n"
        "%s *%s_insert(struct ovsdb_idl_txn *);\n"
        "void %s_delete(const %s *);\n",
        st, p, st, p, st, st, p, p, p, p, p, p, p, st, p, st, p, st, p, p,
        p, p, st, p, st, p, st, st, p, p, st);

    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *c = ts->columns_by_index[i];
        const struct ovsdb_type *type = &c->type;
        const char *n = c->name;
        ds_put_format(out, "void %s_verify_%s(const %s *);\n", p, n, st);
        char *kp = atom_param_type(&type->key);
        char *ka = array_param_type(&type->key);
        switch (column_kind(type)) {
        case K_SCALAR:
            ds_put_format(out, "void %s_set_%s(const %s *, %s);\n",
                          p, n, st, kp);
            break;
        case K_SET:
            ds_put_format(out, "void %s_set_%s(const %s *, %s, size_t);\n"
                          "void %s_update_%s_addvalue(const %s *, %s);\n"
                          "void %s_update_%s_delvalue(const %s *, %s);\n",
                          p, n, st, ka, p, n, st, kp, p, n, st, kp);
            break;
        case K_SMAP:
        case K_MAP: {
            char *vp = atom_param_type(&type->value);
            char *va = array_param_type(&type->value);
            if (column_kind(type) == K_SMAP) {
                ds_put_format(out, "void %s_set_%s(const %s *, "
                              "const struct smap *);\n", p, n, st);
            } else {
                ds_put_format(out, "void %s_set_%s(const %s *, %s, %s, "
                              "size_t);\n", p, n, st, ka, va);
            }
            ds_put_format(out,
                          "void %s_update_%s_setkey(const %s *, %s, %s);\n"
                          "void %s_update_%s_delkey(const %s *, %s);\n",
                          p, n, st, kp, vp, p, n, st, kp);
            free(vp);
            free(va);
            break;
        }
        }
        free(kp);
        free(ka);
    }
    ds_put_cstr(out, "\n");
    free(t);
    free(T);
    free(st);
    free(p);
}

static void
emit_header(struct ds *out, const struct ovsdb_schema *schema,
            const char *schema_file)
{
    char *guard = xasprintf("%sIDL_H", PREFIX);
    ds_put_format(out, "/* Generated by ovsdb-idlc from %s: typed IDL "
                  "accessors for\n * database %s.  Do not edit. */\n"
                  "#ifndef %s\n#define %s 1\n\n"
                  "#include <stdbool.h>\n#include <stddef.h>\n"
                  "#include <stdint.h>\n#include \"ovsdb-idl.h\"\n"
                  "#include \"smap.h\"\n#include \"uuid.h\"\n\n",
                  schema_file, schema->name, guard, guard);
    for (size_t i = 0; i < schema->n_tables; i++) {
        char *t = lower(schema->tables_by_index[i]->name);
        ds_put_format(out, "struct %s%s;\n", prefix, t);
        free(t);
    }
    ds_put_cstr(out, "\n");
    for (size_t i = 0; i < schema->n_tables; i++) {
        emit_table_decls(out, schema->tables_by_index[i]);
    }
    ds_put_cstr(out, "enum {\n");
    for (size_t i = 0; i < schema->n_tables; i++) {
        char *T = upper(schema->tables_by_index[i]->name);
        ds_put_format(out, "    %sTABLE_%s,\n", PREFIX, T);
        free(T);
    }
    ds_put_format(out, "    %sN_TABLES\n};\n\n", PREFIX);
    ds_put_format(out, "extern const struct ovsdb_idl_table_class "
                  "%stable_classes[%sN_TABLES];\n", prefix, PREFIX);
    for (size_t i = 0; i < schema->n_tables; i++) {
        const char *name = schema->tables_by_index[i]->name;
        char *t = lower(name);
        char *T = upper(name);
        ds_put_format(out, "#define %stable_%s (%stable_classes[%sTABLE_%s])"
                      "\n", prefix, t, prefix, PREFIX, T);
        free(t);
        free(T);
    }
    ds_put_format(out, "\nextern const struct ovsdb_idl_class "
                  "%sidl_class;\n\n#endif /* %s */\n", prefix, guard);
    free(guard);
}

/* Source. */

static void
emit_parse(struct ds *out, const char *p, const char *st,
           const struct ovsdb_column *c)
{
    const struct ovsdb_type *type = &c->type;
    const char *n = c->name;
    const char *m = member_name(n);
    bool kref = ovsdb_base_type_is_ref(&type->key);
    bool vref = ovsdb_base_type_is_ref(&type->value);

    ds_put_format(out, "static void\n%s_parse_%s(struct ovsdb_idl_row *row_,"
                  " const struct ovsdb_datum *datum)\n{\n"
                  "    %s *row = (%s *) row_;\n", p, n, st, st);
    switch (column_kind(type)) {
    case K_SCALAR:
        ds_put_format(out, "    if (datum->n >= 1) {\n        row->%s = ", m);
        put_atom_read(out, &type->key, "datum->keys[0]");
        ds_put_format(out, ";\n    } else {\n");
        if (type->key.type == OVSDB_TYPE_STRING) {
            ds_put_format(out, "        row->%s = (char *) \"\";\n", m);
        } else {
            ds_put_format(out, "        memset(&row->%s, 0, sizeof row->%s);"
                          "\n", m, m);
        }
        ds_put_cstr(out, "    }\n");
        break;
    case K_SET:
        ds_put_format(out, "    row->%s = NULL;\n    row->n_%s = 0;\n"
                      "    for (size_t i = 0; i < datum->n; i++) {\n", m, n);
        if (kref) {
            ds_put_cstr(out, "        void *ref = ");
            put_atom_read(out, &type->key, "datum->keys[i]");
            ds_put_cstr(out, ";\n        if (!ref) {\n"
                        "            continue;    /* Not here (yet). */\n"
                        "        }\n");
        }
        ds_put_format(out, "        if (!row->n_%s) {\n"
                      "            row->%s = xmalloc(datum->n * "
                      "sizeof *row->%s);\n        }\n"
                      "        row->%s[row->n_%s++] = ", n, m, m, m, n);
        if (kref) {
            ds_put_cstr(out, "ref");
        } else {
            put_atom_read(out, &type->key, "datum->keys[i]");
        }
        ds_put_cstr(out, ";\n    }\n");
        break;
    case K_SMAP:
        ds_put_format(out, "    smap_init(&row->%s);\n"
                      "    for (size_t i = 0; i < datum->n; i++) {\n"
                      "        smap_add(&row->%s, datum->keys[i].string,\n"
                      "                 datum->values[i].string);\n    }\n",
                      m, m);
        break;
    case K_MAP:
        ds_put_format(out, "    row->key_%s = NULL;\n"
                      "    row->value_%s = NULL;\n    row->n_%s = 0;\n"
                      "    for (size_t i = 0; i < datum->n; i++) {\n",
                      n, n, n);
        ds_put_cstr(out, "        void *kref = NULL, *vref = NULL;\n");
        if (kref) {
            ds_put_cstr(out, "        kref = ");
            put_atom_read(out, &type->key, "datum->keys[i]");
            ds_put_cstr(out, ";\n        if (!kref) {\n"
                        "            continue;\n        }\n");
        }
        if (vref) {
            ds_put_cstr(out, "        vref = ");
            put_atom_read(out, &type->value, "datum->values[i]");
            ds_put_cstr(out, ";\n        if (!vref) {\n"
                        "            continue;\n        }\n");
        }
        ds_put_format(out, "        if (!row->n_%s) {\n"
                      "            row->key_%s = xmalloc(datum->n * "
                      "sizeof *row->key_%s);\n"
                      "            row->value_%s = xmalloc(datum->n * "
                      "sizeof *row->value_%s);\n        }\n",
                      n, n, n, n, n);
        ds_put_format(out, "        row->key_%s[row->n_%s] = ", n, n);
        if (kref) {
            ds_put_cstr(out, "kref");
        } else {
            put_atom_read(out, &type->key, "datum->keys[i]");
        }
        ds_put_format(out, ";\n        row->value_%s[row->n_%s] = ", n, n);
        if (vref) {
            ds_put_cstr(out, "vref");
        } else {
            put_atom_read(out, &type->value, "datum->values[i]");
        }
        ds_put_format(out, ";\n        row->n_%s++;\n"
                      "        (void) kref;\n        (void) vref;\n    }\n",
                      n);
        break;
    }
    ds_put_cstr(out, "}\n\n");

    ds_put_format(out, "static void\n%s_unparse_%s(struct ovsdb_idl_row "
                  "*row_)\n{\n    %s *row = (%s *) row_;\n", p, n, st, st);
    switch (column_kind(type)) {
    case K_SCALAR:
        ds_put_cstr(out, "    (void) row;\n");
        break;
    case K_SET:
        ds_put_format(out, "    free(row->%s);\n", m);
        break;
    case K_SMAP:
        ds_put_format(out, "    smap_destroy(&row->%s);\n", m);
        break;
    case K_MAP:
        ds_put_format(out, "    free(row->key_%s);\n    free(row->value_%s);"
                      "\n", n, n);
        break;
    }
    ds_put_cstr(out, "}\n\n");
}

static void
emit_setters(struct ds *out, const char *p, const char *st, const char *T,
             const struct ovsdb_column *c)
{
    const struct ovsdb_type *type = &c->type;
    const char *n = c->name;
    char *C = upper(n);
    char *col = xasprintf("&%s_columns[%s%s_COL_%s]", p, PREFIX, T, C);
    char *kp = atom_param_type(&type->key);
    char *ka = array_param_type(&type->key);
    const char *kt = atomic_enum(type->key.type);

    ds_put_format(out, "void\n%s_verify_%s(const %s *row)\n{\n"
                  "    ovsdb_idl_txn_verify(&row->header_, %s);\n}\n\n",
                  p, n, st, col);

    switch (column_kind(type)) {
    case K_SCALAR:
        ds_put_format(out, "void\n%s_set_%s(const %s *row, %svalue)\n{\n"
                      "    union ovsdb_atom key;\n"
                      "    struct ovsdb_datum datum;\n\n", p, n, st, kp);
        put_atom_write(out, &type->key, "key", "value", "    ");
        ds_put_format(out, "    ovsdb_datum_init_atom(&datum, &key, %s);\n"
                      "    ovsdb_atom_destroy(&key, %s);\n"
                      "    ovsdb_idl_txn_write(&row->header_, %s, &datum);\n"
                      "}\n\n", kt, kt, col);
        break;

    case K_SET:
        ds_put_format(out, "void\n%s_set_%s(const %s *row, %svalues, "
                      "size_t n)\n{\n"
                      "    struct ovsdb_datum datum;\n\n"
                      "    ovsdb_datum_init_empty(&datum);\n"
                      "    for (size_t i = 0; i < n; i++) {\n"
                      "        union ovsdb_atom key;\n", p, n, st, ka);
        put_atom_write(out, &type->key, "key", "values[i]", "        ");
        ds_put_format(out, "        ovsdb_datum_add_unsafe(&datum, &key, "
                      "NULL);\n    }\n"
                      "    ovsdb_idl_txn_write_unsorted(&row->header_, %s, "
                      "&datum);\n}\n\n", col);
        for (int del = 0; del < 2; del++) {
            ds_put_format(out, "void\n%s_update_%s_%s(const %s *row, "
                          "%svalue)\n{\n"
                          "    union ovsdb_atom key;\n"
                          "    struct ovsdb_datum datum;\n\n",
                          p, n, del ? "delvalue" : "addvalue", st, kp);
            put_atom_write(out, &type->key, "key", "value", "    ");
            ds_put_format(out, "    ovsdb_datum_init_empty(&datum);\n"
                          "    ovsdb_datum_add_unsafe(&datum, &key, NULL);\n"
                          "    ovsdb_idl_txn_%s_partial_set(&row->header_, "
                          "%s, &datum);\n}\n\n", del ? "delete" : "write",
                          col);
        }
        break;

    case K_SMAP:
    case K_MAP: {
        char *vp = atom_param_type(&type->value);
        char *va = array_param_type(&type->value);
        if (column_kind(type) == K_SMAP) {
            ds_put_format(out, "void\n%s_set_%s(const %s *row, "
                          "const struct smap *smap)\n{\n"
                          "    struct ovsdb_datum datum;\n"
                          "    struct smap_node *node;\n\n"
                          "    ovsdb_datum_init_empty(&datum);\n"
                          "    if (smap) {\n"
                          "        SMAP_FOR_EACH (node, smap) {\n"
                          "            union ovsdb_atom key, value;\n"
                          "            ovsdb_atom_init_string(&key, "
                          "node->key, strlen(node->key));\n"
                          "            ovsdb_atom_init_string(&value, "
                          "node->value,\n"
                          "                                   "
                          "strlen(node->value));\n"
                          "            ovsdb_datum_add_unsafe(&datum, &key, "
                          "&value);\n        }\n    }\n", p, n, st);
        } else {
            ds_put_format(out, "void\n%s_set_%s(const %s *row, %skeys, "
                          "%svalues,\n    size_t n)\n{\n"
                          "    struct ovsdb_datum datum;\n\n"
                          "    ovsdb_datum_init_empty(&datum);\n"
                          "    for (size_t i = 0; i < n; i++) {\n"
                          "        union ovsdb_atom key, value;\n",
                          p, n, st, ka, va);
            put_atom_write(out, &type->key, "key", "keys[i]", "        ");
            put_atom_write(out, &type->value, "value", "values[i]",
                           "        ");
            ds_put_cstr(out, "        ovsdb_datum_add_unsafe(&datum, &key, "
                        "&value);\n    }\n");
        }
        ds_put_format(out, "    ovsdb_idl_txn_write_unsorted(&row->header_, "
                      "%s, &datum);\n}\n\n", col);

        ds_put_format(out, "void\n%s_update_%s_setkey(const %s *row, "
                      "%skey_, %svalue_)\n{\n"
                      "    union ovsdb_atom key, value;\n"
                      "    struct ovsdb_datum datum;\n\n",
                      p, n, st, kp, vp);
        put_atom_write(out, &type->key, "key", "key_", "    ");
        put_atom_write(out, &type->value, "value", "value_", "    ");
        ds_put_format(out, "    ovsdb_datum_init_empty(&datum);\n"
                      "    ovsdb_datum_add_unsafe(&datum, &key, &value);\n"
                      "    ovsdb_idl_txn_write_partial_map(&row->header_, "
                      "%s, &datum);\n}\n\n", col);

        ds_put_format(out, "void\n%s_update_%s_delkey(const %s *row, "
                      "%skey_)\n{\n"
                      "    union ovsdb_atom key;\n"
                      "    struct ovsdb_datum datum;\n\n", p, n, st, kp);
        put_atom_write(out, &type->key, "key", "key_", "    ");
        ds_put_format(out, "    ovsdb_datum_init_empty(&datum);\n"
                      "    ovsdb_datum_add_unsafe(&datum, &key, NULL);\n"
                      "    ovsdb_idl_txn_delete_partial_map(&row->header_, "
                      "%s, &datum);\n}\n\n", col);
        free(vp);
        free(va);
        break;
    }
    }
    free(C);
    free(col);
    free(kp);
    free(ka);
}

/* The static initializer of BASE (no enum: the server enforces those). */
static void
put_base_type(struct ds *out, const struct ovsdb_base_type *base)
{
    ds_put_format(out, "{.type = %s", atomic_enum(base->type));
    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        ds_put_cstr(out, ", .integer = {");
        if (base->integer.min == INT64_MIN) {
            ds_put_cstr(out, "INT64_MIN");
        } else {
            ds_put_format(out, "INT64_C(%"PRId64")", base->integer.min);
        }
        if (base->integer.max == INT64_MAX) {
            ds_put_cstr(out, ", INT64_MAX}");
        } else {
            ds_put_format(out, ", INT64_C(%"PRId64")}", base->integer.max);
        }
        break;
    case OVSDB_TYPE_REAL:
        ds_put_cstr(out, ", .real = {");
        if (base->real.min == -DBL_MAX) {
            ds_put_cstr(out, "-DBL_MAX");
        } else {
            ds_put_format(out, "%.17g", base->real.min);
        }
        if (base->real.max == DBL_MAX) {
            ds_put_cstr(out, ", DBL_MAX}");
        } else {
            ds_put_format(out, ", %.17g}", base->real.max);
        }
        break;
    case OVSDB_TYPE_STRING:
        ds_put_format(out, ", .string = {%uu, %uu}", base->string.min_len,
                      base->string.max_len);
        break;
    case OVSDB_TYPE_UUID:
        if (ovsdb_base_type_is_ref(base)) {
            ds_put_format(out, ", .uuid = {.ref_table_name = (char *) \"%s\","
                          " .ref_type = %s}", base->uuid.ref_table_name,
                          base->uuid.ref_type == OVSDB_REF_STRONG
                          ? "OVSDB_REF_STRONG" : "OVSDB_REF_WEAK");
        }
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
        break;
    }
    ds_put_cstr(out, "}");
}

static void
emit_table_source(struct ds *out, const struct ovsdb_table_schema *ts)
{
    char *t = lower(ts->name);
    char *T = upper(ts->name);
    char *st = xasprintf("struct %s%s", prefix, t);
    char *p = xasprintf("%s%s", prefix, t);
    char *tc = xasprintf("&%stable_classes[%sTABLE_%s]", prefix, PREFIX, T);

    ds_put_format(out, "/* Table %s. */\n\n", ts->name);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        emit_parse(out, p, st, ts->columns_by_index[i]);
    }

    ds_put_format(out, "const struct ovsdb_idl_column %s_columns[] = {\n", p);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *c = ts->columns_by_index[i];
        char *C = upper(c->name);
        ds_put_format(out, "    [%s%s_COL_%s] = {\n"
                      "        .name = \"%s\",\n"
                      "        .is_mutable = %s,\n"
                      "        .type = {\n            .key = ",
                      PREFIX, T, C, c->name,
                      c->is_mutable ? "true" : "false");
        put_base_type(out, &c->type.key);
        ds_put_cstr(out, ",\n            .value = ");
        put_base_type(out, &c->type.value);
        ds_put_format(out, ",\n            .n_min = %u,\n"
                      "            .n_max = ", c->type.n_min);
        if (c->type.n_max == OVSDB_N_UNLIMITED) {
            ds_put_cstr(out, "OVSDB_N_UNLIMITED");
        } else {
            ds_put_format(out, "%u", c->type.n_max);
        }
        ds_put_format(out, ",\n        },\n"
                      "        .parse = %s_parse_%s,\n"
                      "        .unparse = %s_unparse_%s,\n    },\n",
                      p, c->name, p, c->name);
        free(C);
    }
    ds_put_cstr(out, "};\n\n");

    ds_put_format(out,
        "const %s *\n%s_first(const struct ovsdb_idl *idl)\n{\n"
        "    return (const %s *) ovsdb_idl_first_row(idl, %s);\n}\n\n"
        "const %s *\n%s_next(const %s *row)\n{\n"
        "    return (const %s *) ovsdb_idl_next_row(&row->header_);\n}\n\n"
        "const %s *\n%s_get_for_uuid(const struct ovsdb_idl *idl,\n"
        "    const struct uuid *uuid)\n{\n"
        "    return (const %s *) ovsdb_idl_get_row_for_uuid(idl, %s, uuid);"
        "\n}\n\n"
        "const %s *\n%s_track_get_first(const struct ovsdb_idl *idl)\n{\n"
        "    return (const %s *) ovsdb_idl_track_get_first(idl, %s);\n}\n\n"
        "const %s *\n%s_track_get_next(const %s *row)\n{\n"
        "    return (const %s *) ovsdb_idl_track_get_next(&row->header_);\n"
        "}\n\n"
        "bool\n%s_is_new(const %s *row)\n{\n"
        "    return ovsdb_idl_row_is_new(&row->header_);\n}\n\n"
        "bool\n%s_is_deleted(const %s *row)\n{\n"
        "    return ovsdb_idl_row_is_deleted(&row->header_);\n}\n\n"
        "bool\n%s_is_updated(const %s *row, int column)\n{\n"
        "    return ovsdb_idl_row_is_updated(&row->header_,\n"
        "                                    &%s_columns[column]);\n}\n\n"
        "%s *\n%s_insert(struct ovsdb_idl_txn *txn)\n{\n"
        "    return (%s *) ovsdb_idl_txn_insert(txn, %s, NULL);\n}\n\n"
        "void\n%s_delete(const %s *row)\n{\n"
        "    ovsdb_idl_txn_delete(&row->header_);\n}\n\n",
        st, p, st, tc,
        st, p, st, st,
        st, p, st, tc,
        st, p, st, tc,
        st, p, st, st,
        p, st, p, st, p, st, p,
        st, p, st, tc,
        p, st);

    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        emit_setters(out, p, st, T, ts->columns_by_index[i]);
    }
    free(t);
    free(T);
    free(st);
    free(p);
    free(tc);
}

static void
emit_source(struct ds *out, const struct ovsdb_schema *schema,
            const char *schema_file, const char *header)
{
    ds_put_format(out, "/* Generated by ovsdb-idlc from %s: typed IDL "
                  "accessors for\n * database %s.  Do not edit. */\n"
                  "#include \"%s\"\n\n"
                  "#include <float.h>\n#include <limits.h>\n"
                  "#include <stdlib.h>\n#include <string.h>\n"
                  "#include \"ovsdb-data.h\"\n#include \"util.h\"\n\n",
                  schema_file, schema->name, header);
    for (size_t i = 0; i < schema->n_tables; i++) {
        emit_table_source(out, schema->tables_by_index[i]);
    }

    ds_put_format(out, "const struct ovsdb_idl_table_class "
                  "%stable_classes[%sN_TABLES] = {\n", prefix, PREFIX);
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables_by_index[i];
        char *t = lower(ts->name);
        char *T = upper(ts->name);
        ds_put_format(out, "    [%sTABLE_%s] = {\n"
                      "        .name = \"%s\",\n"
                      "        .is_root = %s,\n"
                      "        .columns = %s%s_columns,\n"
                      "        .n_columns = %s%s_N_COLUMNS,\n"
                      "        .allocation_size = sizeof (struct %s%s),\n"
                      "    },\n", PREFIX, T, ts->name,
                      ts->is_root ? "true" : "false", prefix, t, PREFIX, T,
                      prefix, t);
        free(t);
        free(T);
    }
    ds_put_format(out, "};\n\n"
                  "const struct ovsdb_idl_class %sidl_class = {\n"
                  "    .database = \"%s\",\n"
                  "    .tables = %stable_classes,\n"
                  "    .n_tables = %sN_TABLES,\n};\n",
                  prefix, schema->name, prefix, PREFIX);
}

static void
usage(void)
{
    printf("%s: generates typed C accessors for the OVSDB IDL\n"
           "usage: %s [OPTIONS] COMMAND ARG...\n"
           "Commands:\n"
           "  c-idl-header SCHEMA         print the C header\n"
           "  c-idl-source SCHEMA HEADER  print the C source, which "
           "includes HEADER\n"
           "Options:\n"
           "  --prefix=PREFIX    prefix of generated names (default: the "
           "schema's\n"
           "                     name in lower case followed by \"rec_\")\n"
           "  -o, --output=FILE  write to FILE instead of standard output\n"
           "  -v[SPEC]           log levels (see ovs-appctl vlog/set)\n"
           "  -h, --help         print this text and exit\n"
           "  -V, --version      print the version and exit\n",
           program_name, program_name);
    exit(EXIT_SUCCESS);
}

int
main(int argc, char *argv[])
{
    enum {
        OPT_PREFIX = UCHAR_MAX + 1,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"prefix", required_argument, NULL, OPT_PREFIX},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;

    set_program_name(argv[0]);
    char *short_options = ovs_long_options_to_short_options(long_options);
    for (;;) {
        int option = getopt_long(argc, argv, short_options, long_options,
                                 NULL);
        if (option == -1) {
            break;
        }
        switch (option) {
        case OPT_PREFIX:
            prefix = xstrdup(optarg);
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            usage();
            break;
        case 'V':
            ovs_print_version();
            exit(EXIT_SUCCESS);
        VLOG_OPTION_HANDLERS
        case '?':
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    program_name);
            exit(2);
        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    argc -= optind;
    argv += optind;
    bool is_header = argc == 2 && !strcmp(argv[0], "c-idl-header");
    bool is_source = argc == 3 && !strcmp(argv[0], "c-idl-source");
    if (!is_header && !is_source) {
        ovs_usage_error("expected \"c-idl-header SCHEMA\" or "
                        "\"c-idl-source SCHEMA HEADER\" (use --help for "
                        "help)");
    }

    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_file(argv[1], &schema);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        ovsdb_error_destroy(error);
        fprintf(stderr, "%s: %s: %s\n", program_name, argv[1], s);
        free(s);
        free(prefix);
        exit(EXIT_FAILURE);
    }
    if (!prefix) {
        char *l = lower(schema->name);
        prefix = xasprintf("%srec_", l);
        free(l);
    }
    PREFIX = upper(prefix);

    /* Only the base names go into the output, so that it does not depend
     * on where the tree is. */
    const char *base = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1
                       : argv[1];
    struct ds out;
    ds_init(&out);
    if (is_header) {
        emit_header(&out, schema, base);
    } else {
        emit_source(&out, schema, base, argv[2]);
    }

    FILE *stream = stdout;
    if (output) {
        stream = fopen(output, "w");
        if (!stream) {
            ovs_fatal(errno, "%s: open failed", output);
        }
    }
    fputs(ds_cstr(&out), stream);
    if (ferror(stream) || (output && fclose(stream))) {
        ovs_fatal(errno, "%s: write failed", output ? output : "stdout");
    }
    ds_destroy(&out);
    ovsdb_schema_destroy(schema);
    free(prefix);
    free(PREFIX);
    return 0;
}
