/* vsctl-vscmds.c -- ovs-vsctl's switch-level commands: bridges (real and
 * "fake" VLAN bridges), ports, bonds, interfaces, controllers, managers,
 * SSL, show, init and emer-reset.
 *
 * These commands see the database through a cache of names built from
 * the snapshot: bridges by name (a fake bridge is a Port of its parent
 * with fake_bridge=true and a VLAN tag, and owns the parent's ports that
 * have the same tag), ports by name with their bridge, interfaces by name
 * with their port.  The cache is rebuilt whenever the snapshot changed
 * since it was built, so "--" chained commands see each other's effects.
 * Only bridges listed in Open_vSwitch "bridges" count, as for the tool we
 * are compatible with. */
#include <config.h>

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ovsdb-data.h"
#include "shash.h"
#include "sset.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"
#include "vsctl-cmd.h"
#include "vsctl-data.h"
#include "vsctl-db.h"

VLOG_DEFINE_THIS_MODULE(vsctl_cmds);

struct vs_bridge {
    char *name;
    struct vsctl_row *br_cfg;   /* The Bridge row (the parent's if fake). */
    struct vs_bridge *parent;   /* NULL for a real bridge. */
    int vlan;                   /* 0 for a real bridge. */
    struct vsctl_row *fake_port; /* The fake bridge's own Port. */
};

struct vs_port {
    struct vsctl_row *port_cfg;
    struct vs_bridge *bridge;
};

struct vs_iface {
    struct vsctl_row *iface_cfg;
    struct vs_port *port;
};

static struct shash bridges = SHASH_INITIALIZER(&bridges);
static struct shash ports = SHASH_INITIALIZER(&ports);
static struct shash ifaces = SHASH_INITIALIZER(&ifaces);
static bool cache_valid;
static unsigned int cache_seqno;

static void
free_bridge(void *b_)
{
    struct vs_bridge *b = b_;
    free(b->name);
    free(b);
}

static void
clear_cache(void)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &bridges) {
        free_bridge(node->data);
    }
    shash_clear(&bridges);
    shash_clear_free_data(&ports);
    shash_clear_free_data(&ifaces);
    cache_valid = false;
}

static struct vsctl_row *
ovs_row(struct vsctl_context *ctx)
{
    return vsctl_table_first_row(vsctl_db_get_table(ctx->db,
                                                    "Open_vSwitch"));
}

static bool
port_is_fake_bridge(const struct vsctl_row *port)
{
    bool has_tag;
    int64_t tag = vsctl_row_get_integer(port, "tag", &has_tag);
    return (vsctl_row_get_bool(port, "fake_bridge") && has_tag
            && tag >= 0 && tag <= 4095);
}

static struct vs_bridge *
add_bridge(const char *name, struct vsctl_row *br_cfg,
           struct vs_bridge *parent, int vlan)
{
    struct vs_bridge *b = xzalloc(sizeof *b);
    b->name = xstrdup(name);
    b->br_cfg = br_cfg;
    b->parent = parent;
    b->vlan = vlan;
    shash_add(&bridges, name, b);
    return b;
}

/* The rows a uuid-set column refers to, in the column's (uuid) order. */
static struct vsctl_row *
ref_row(struct vsctl_context *ctx, const char *table,
        const struct uuid *uuid)
{
    return vsctl_table_find_row(vsctl_db_get_table(ctx->db, table), uuid);
}

static void
build_cache(struct vsctl_context *ctx)
{
    if (cache_valid && cache_seqno == vsctl_db_change_seqno(ctx->db)) {
        return;
    }
    /* Warnings about the database's contents are given by the first build
     * only: later ones see the same rows again. */
    static bool built_before;
    bool warned = built_before;
    built_before = true;
    clear_cache();

    struct vsctl_row *ovs = ovs_row(ctx);
    const struct ovsdb_datum *brs = vsctl_row_get_by_name(ovs, "bridges");

    for (unsigned int i = 0; i < brs->n; i++) {
        struct vsctl_row *br = ref_row(ctx, "Bridge", &brs->keys[i].uuid);
        if (!br) {
            continue;
        }
        const char *name = vsctl_row_get_string(br, "name");
        if (shash_find(&bridges, name)) {
            VLOG_WARN("%s: database contains duplicate bridge name", name);
            continue;
        }
        struct vs_bridge *parent = add_bridge(name, br, NULL, 0);
        const struct ovsdb_datum *ps = vsctl_row_get_by_name(br, "ports");
        for (unsigned int j = 0; j < ps->n; j++) {
            struct vsctl_row *port = ref_row(ctx, "Port", &ps->keys[j].uuid);
            if (port && port_is_fake_bridge(port)) {
                const char *pname = vsctl_row_get_string(port, "name");
                if (!shash_find(&bridges, pname)) {
                    struct vs_bridge *fb = add_bridge(
                        pname, br, parent,
                        vsctl_row_get_integer(port, "tag", NULL));
                    fb->fake_port = port;
                }
            }
        }
    }

    for (unsigned int i = 0; i < brs->n; i++) {
        struct vsctl_row *br = ref_row(ctx, "Bridge", &brs->keys[i].uuid);
        if (!br) {
            continue;
        }
        struct vs_bridge *b = shash_find_data(
            &bridges, vsctl_row_get_string(br, "name"));
        if (!b || b->br_cfg != br || b->parent) {
            continue;
        }
        const struct ovsdb_datum *ps = vsctl_row_get_by_name(br, "ports");
        for (unsigned int j = 0; j < ps->n; j++) {
            struct vsctl_row *port = ref_row(ctx, "Port", &ps->keys[j].uuid);
            if (!port) {
                continue;
            }
            const char *pname = vsctl_row_get_string(port, "name");
            struct vs_port *dup = shash_find_data(&ports, pname);
            if (dup) {
                /* Warned about once per run, not at every rebuild. */
                if (!warned) {
                    if (dup->port_cfg == port) {
                        VLOG_WARN("%s: port is in multiple bridges "
                                  "(%s and %s)", pname,
                                  vsctl_row_get_string(dup->bridge->br_cfg,
                                                       "name"),
                                  vsctl_row_get_string(br, "name"));
                    } else {
                        VLOG_WARN("%s: database contains duplicate port "
                                  "name", pname);
                    }
                }
                continue;
            }
            struct vs_bridge *owner = b;
            bool has_tag;
            int64_t tag = vsctl_row_get_integer(port, "tag", &has_tag);
            if (has_tag) {
                struct shash_node *node;
                SHASH_FOR_EACH (node, &bridges) {
                    struct vs_bridge *fb = node->data;
                    if (fb->parent == b && fb->vlan == tag) {
                        owner = fb;
                        break;
                    }
                }
            }
            struct vs_port *p = xzalloc(sizeof *p);
            p->port_cfg = port;
            p->bridge = owner;
            shash_add(&ports, pname, p);

            const struct ovsdb_datum *is
                = vsctl_row_get_by_name(port, "interfaces");
            for (unsigned int k = 0; k < is->n; k++) {
                struct vsctl_row *iface = ref_row(ctx, "Interface",
                                                  &is->keys[k].uuid);
                if (!iface) {
                    continue;
                }
                const char *iname = vsctl_row_get_string(iface, "name");
                if (shash_find(&ifaces, iname)) {
                    VLOG_WARN("%s: database contains duplicate interface "
                              "name", iname);
                    continue;
                }
                struct vs_iface *f = xzalloc(sizeof *f);
                f->iface_cfg = iface;
                f->port = p;
                shash_add(&ifaces, iname, f);
            }
        }
    }
    cache_valid = true;
    cache_seqno = vsctl_db_change_seqno(ctx->db);
}

static void
pre_cache(struct vsctl_context *ctx)
{
    static const char *const cols[][2] = {
        {"Bridge", "name"}, {"Bridge", "ports"}, {"Bridge", "controller"},
        {"Bridge", "fail_mode"},
        {"Port", "name"}, {"Port", "interfaces"}, {"Port", "tag"},
        {"Port", "fake_bridge"},
        {"Interface", "name"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
        struct vsctl_table *t = vsctl_db_get_table(ctx->db, cols[i][0]);
        if (t) {
            vsctl_db_need_column(t, cols[i][1]);
        }
    }
}

static struct vs_bridge *
find_bridge(struct vsctl_context *ctx, const char *name, bool must_exist)
{
    build_cache(ctx);
    struct vs_bridge *b = shash_find_data(&bridges, name);
    if (!b && must_exist) {
        vsctl_fatal("no bridge named %s", name);
    }
    return b;
}

static struct vs_bridge *
find_real_bridge(struct vsctl_context *ctx, const char *name,
                 bool must_exist)
{
    struct vs_bridge *b = find_bridge(ctx, name, must_exist);
    if (b && b->parent) {
        vsctl_fatal("%s is a fake bridge", name);
    }
    return b;
}

static struct vs_port *
find_port(struct vsctl_context *ctx, const char *name, bool must_exist)
{
    build_cache(ctx);
    struct vs_port *p = shash_find_data(&ports, name);
    if (!p && must_exist) {
        vsctl_fatal("no port named %s", name);
    }
    return p;
}

static struct vs_iface *
find_iface(struct vsctl_context *ctx, const char *name, bool must_exist)
{
    build_cache(ctx);
    struct vs_iface *f = shash_find_data(&ifaces, name);
    if (!f && must_exist) {
        vsctl_fatal("no interface named %s", name);
    }
    return f;
}

static bool
has_option(const struct vsctl_context *ctx, const char *name)
{
    return shash_find(ctx->options, name) != NULL;
}

static void
output_sorted(struct vsctl_context *ctx, struct sset *names)
{
    const char **sorted = sset_sort(names);
    for (size_t i = 0; i < sset_count(names); i++) {
        ds_put_format(ctx->output, "%s\n", sorted[i]);
    }
    free(sorted);
    sset_destroy(names);
}

static void
check_conflicts(struct vsctl_context *ctx, const char *name,
                const char *msg)
{
    build_cache(ctx);
    if (shash_find(&bridges, name)) {
        vsctl_fatal("%s because a bridge named %s already exists", msg,
                    name);
    }
    struct vs_port *p = shash_find_data(&ports, name);
    if (p) {
        vsctl_fatal("%s because a port named %s already exists on "
                    "bridge %s", msg, name, p->bridge->name);
    }
    struct vs_iface *f = shash_find_data(&ifaces, name);
    if (f) {
        vsctl_fatal("%s because an interface named %s already exists on "
                    "bridge %s", msg, name, f->port->bridge->name);
    }
}

static struct vsctl_row *
insert_row(struct vsctl_context *ctx, const char *table)
{
    return vsctl_row_insert(vsctl_db_get_table(ctx->db, table), NULL);
}

static void
set_integer(struct vsctl_row *row, const char *column, int64_t value)
{
    struct ovsdb_datum d;
    union ovsdb_atom a;
    a.integer = value;
    ovsdb_datum_init_atom(&d, &a, OVSDB_TYPE_INTEGER);
    vsctl_row_set_by_name(row, column, &d);
}

static void
set_bool(struct vsctl_row *row, const char *column, bool value)
{
    struct ovsdb_datum d;
    union ovsdb_atom a;
    a.boolean = value;
    ovsdb_datum_init_atom(&d, &a, OVSDB_TYPE_BOOLEAN);
    vsctl_row_set_by_name(row, column, &d);
}

static void
clear_column(struct vsctl_row *row, const char *column)
{
    struct ovsdb_datum d;
    ovsdb_datum_init_empty(&d);
    vsctl_row_set_by_name(row, column, &d);
}

/* init, emer-reset */

static void
cmd_init(struct vsctl_context *ctx OVS_UNUSED)
{
}

static void
pre_emer_reset(struct vsctl_context *ctx)
{
    static const char *const tables[] = {
        "Open_vSwitch", "Bridge", "Port", "Interface",
    };
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        vsctl_need_all(ctx, tables[i]);
    }
}

static void
clear_other_config(struct vsctl_context *ctx, const char *table,
                   bool keep_hwaddr)
{
    size_t n;
    struct vsctl_row **rows = vsctl_table_rows(
        vsctl_db_get_table(ctx->db, table), &n);
    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_datum *oc = vsctl_row_get_by_name(rows[i],
                                                             "other_config");
        if (!oc->n) {
            continue;
        }
        struct ovsdb_datum d;
        ovsdb_datum_init_empty(&d);
        for (unsigned int j = 0; keep_hwaddr && j < oc->n; j++) {
            if (!strcmp(oc->keys[j].string, "hwaddr")) {
                union ovsdb_atom k, v;
                ovsdb_atom_clone(&k, &oc->keys[j], OVSDB_TYPE_STRING);
                ovsdb_atom_clone(&v, &oc->values[j], OVSDB_TYPE_STRING);
                ovsdb_datum_add_unsafe(&d, &k, &v);
            }
        }
        vsctl_row_set_by_name(rows[i], "other_config", &d);
    }
    free(rows);
}

static void
cmd_emer_reset(struct vsctl_context *ctx)
{
    struct vsctl_row *ovs = ovs_row(ctx);
    static const char *const br_cols[] = {
        "controller", "fail_mode", "mirrors", "netflow", "sflow", "ipfix",
        "flood_vlans",
    };

    clear_column(ovs, "manager_options");
    clear_column(ovs, "ssl");

    size_t n;
    struct vsctl_row **rows = vsctl_table_rows(
        vsctl_db_get_table(ctx->db, "Bridge"), &n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < ARRAY_SIZE(br_cols); j++) {
            if (vsctl_row_get_by_name(rows[i], br_cols[j])->n) {
                clear_column(rows[i], br_cols[j]);
            }
        }
    }
    free(rows);
    clear_other_config(ctx, "Open_vSwitch", false);
    clear_other_config(ctx, "Bridge", true);
    clear_other_config(ctx, "Port", false);
    clear_other_config(ctx, "Interface", false);
}

/* Bridges. */

static void
cmd_add_br(struct vsctl_context *ctx)
{
    bool may_exist = has_option(ctx, "--may-exist");
    const char *name = ctx->argv[1];
    const char *parent_name = NULL;
    int vlan = 0;

    if (ctx->argc == 3) {
        vsctl_fatal("'add-br' command takes exactly 1 or 3 arguments");
    } else if (ctx->argc >= 4) {
        parent_name = ctx->argv[2];
        vlan = atoi(ctx->argv[3]);
        if (vlan < 0 || vlan > 4095) {
            vsctl_fatal("%s: vlan must be between 0 and 4095", ctx->argv[0]);
        }
    }

    if (may_exist) {
        struct vs_bridge *b = find_bridge(ctx, name, false);
        if (b) {
            if (!parent_name) {
                if (b->parent) {
                    vsctl_fatal("\"--may-exist add-br %s\" but %s is "
                                "a VLAN bridge for VLAN %d", name, name,
                                b->vlan);
                }
            } else {
                if (!b->parent) {
                    vsctl_fatal("\"--may-exist add-br %s %s %d\" but %s "
                                "is not a VLAN bridge", name, parent_name,
                                vlan, name);
                } else if (strcmp(b->parent->name, parent_name)) {
                    vsctl_fatal("\"--may-exist add-br %s %s %d\" but %s "
                                "has the wrong parent %s", name,
                                parent_name, vlan, name, b->parent->name);
                } else if (b->vlan != vlan) {
                    vsctl_fatal("\"--may-exist add-br %s %s %d\" but %s "
                                "is a VLAN bridge for the wrong VLAN %d",
                                name, parent_name, vlan, name, b->vlan);
                }
            }
            return;
        }
    }
    char *msg = xasprintf("cannot create a bridge named %s", name);
    check_conflicts(ctx, name, msg);
    free(msg);

    struct vsctl_row *iface = insert_row(ctx, "Interface");
    vsctl_row_set_string(iface, "name", name);
    vsctl_row_set_string(iface, "type", "internal");

    struct vsctl_row *port = insert_row(ctx, "Port");
    vsctl_row_set_string(port, "name", name);
    vsctl_row_add_uuid(port, "interfaces", &iface->uuid);

    if (!parent_name) {
        struct vsctl_row *br = insert_row(ctx, "Bridge");
        vsctl_row_set_string(br, "name", name);
        vsctl_row_add_uuid(br, "ports", &port->uuid);
        vsctl_row_add_uuid(ovs_row(ctx), "bridges", &br->uuid);
    } else {
        struct vs_bridge *parent = find_bridge(ctx, parent_name, false);
        if (parent && parent->parent) {
            vsctl_fatal("cannot create bridge with fake bridge as parent");
        }
        if (!parent) {
            vsctl_fatal("parent bridge %s does not exist", parent_name);
        }
        set_bool(port, "fake_bridge", true);
        set_integer(port, "tag", vlan);
        vsctl_row_add_uuid(parent->br_cfg, "ports", &port->uuid);
    }
}

/* Removes port P from its bridge and drops it and its interfaces from the
 * snapshot (the server collects them once unreferenced). */
static void
delete_port_rows(struct vsctl_context *ctx, struct vs_port *p)
{
    const struct ovsdb_datum *is = vsctl_row_get_by_name(p->port_cfg,
                                                         "interfaces");

    vsctl_row_remove_uuid(p->bridge->br_cfg, "ports", &p->port_cfg->uuid);
    for (unsigned int i = 0; i < is->n; i++) {
        struct vsctl_row *iface = ref_row(ctx, "Interface",
                                          &is->keys[i].uuid);
        if (iface) {
            vsctl_row_delete(iface);
        }
    }
    vsctl_row_delete(p->port_cfg);
}

static void
cmd_del_br(struct vsctl_context *ctx)
{
    bool must_exist = !has_option(ctx, "--if-exists");
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], must_exist);

    if (!b) {
        return;
    }
    /* Collect first: deleting rows invalidates the cache. */
    size_t n = 0;
    struct vs_port **victims = xmalloc((shash_count(&ports) + 1)
                                       * sizeof *victims);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &ports) {
        struct vs_port *p = node->data;
        if (p->bridge == b || p->bridge->parent == b) {
            victims[n++] = p;
        }
    }
    struct vsctl_row *br_cfg = b->br_cfg;
    bool is_real = !b->parent;
    for (size_t i = 0; i < n; i++) {
        delete_port_rows(ctx, victims[i]);
    }
    free(victims);
    if (is_real) {
        vsctl_row_remove_uuid(ovs_row(ctx), "bridges", &br_cfg->uuid);
        vsctl_row_delete(br_cfg);
    }
}

static void
cmd_list_br(struct vsctl_context *ctx)
{
    bool real = has_option(ctx, "--real");
    bool fake = has_option(ctx, "--fake");
    struct sset names = SSET_INITIALIZER(&names);

    if (!real && !fake) {
        real = fake = true;
    }
    build_cache(ctx);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &bridges) {
        struct vs_bridge *b = node->data;
        if (b->parent ? fake : real) {
            sset_add(&names, b->name);
        }
    }
    output_sorted(ctx, &names);
}

static void
cmd_br_exists(struct vsctl_context *ctx)
{
    if (!find_bridge(ctx, ctx->argv[1], false)) {
        exit(2);
    }
}

static void
cmd_br_to_vlan(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%d\n", b->vlan);
}

static void
cmd_br_to_parent(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%s\n", b->parent ? b->parent->name
                  : b->name);
}

/* Map helpers on string-to-string columns. */
static void
map_set(struct vsctl_row *row, const char *column, const char *key,
        const char *value)
{
    const struct ovsdb_datum *old = vsctl_row_get_by_name(row, column);
    struct ovsdb_datum d;
    struct ovsdb_type type;
    union ovsdb_atom k, v;

    ovsdb_type_init_scalar(&type, OVSDB_TYPE_STRING);
    ovsdb_base_type_init(&type.value, OVSDB_TYPE_STRING);
    type.n_min = 0;
    type.n_max = OVSDB_N_UNLIMITED;
    ovsdb_datum_clone(&d, old, &type);
    ovsdb_atom_init_string(&k, key, strlen(key));
    unsigned int idx = ovsdb_datum_find_key(&d, &k, OVSDB_TYPE_STRING);
    if (idx != OVSDB_DATUM_NOT_FOUND) {
        ovsdb_datum_remove(&d, idx, &type);
    }
    if (value) {
        ovsdb_atom_init_string(&v, value, strlen(value));
        ovsdb_datum_add_unsafe(&d, &k, &v);
        struct ovsdb_error *e = ovsdb_datum_sort(&d, &type);
        ovs_assert(!e);
    } else {
        ovsdb_atom_destroy(&k, OVSDB_TYPE_STRING);
    }
    vsctl_row_set_by_name(row, column, &d);
}

static void
cmd_br_set_external_id(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    const char *value = ctx->argc > 3 ? ctx->argv[3] : NULL;

    if (b->parent) {
        char *key = xasprintf("fake-bridge-%s", ctx->argv[2]);
        map_set(b->fake_port, "external_ids", key, value);
        free(key);
    } else {
        map_set(b->br_cfg, "external_ids", ctx->argv[2], value);
    }
}

static void
cmd_br_get_external_id(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    const struct ovsdb_datum *ids = vsctl_row_get_by_name(
        b->parent ? b->fake_port : b->br_cfg, "external_ids");
    const char *prefix = b->parent ? "fake-bridge-" : "";
    size_t plen = strlen(prefix);

    for (unsigned int i = 0; i < ids->n; i++) {
        const char *k = ids->keys[i].string;
        if (strncmp(k, prefix, plen)) {
            continue;
        }
        if (ctx->argc > 2) {
            if (!strcmp(k + plen, ctx->argv[2])) {
                ds_put_format(ctx->output, "%s\n", ids->values[i].string);
            }
        } else {
            ds_put_format(ctx->output, "%s=%s\n", k + plen,
                          ids->values[i].string);
        }
    }
}

/* Auto-attach mappings (I-SID to VLAN), kept in the AutoAttach row that
 * the bridge's "auto_attach" column refers to; a fake bridge uses its
 * parent's.  The row is created by the first add-aa-mapping. */

static void
pre_aa_mapping(struct vsctl_context *ctx)
{
    pre_cache(ctx);
    struct vsctl_table *br = vsctl_db_get_table(ctx->db, "Bridge");
    struct vsctl_table *aa = vsctl_db_get_table(ctx->db, "AutoAttach");
    if (!br || !aa) {
        vsctl_fatal("database schema has no AutoAttach table");
    }
    vsctl_db_need_column(br, "auto_attach");
    vsctl_db_need_column(aa, "mappings");
}

/* Numbers are read as the reference tool reads them: leading digits in
 * base 10, anything after them ignored, at least one digit required.  The
 * server checks the range. */
static int64_t
parse_aa_number(const char *s)
{
    char *end;
    long long int n = strtoll(s, &end, 10);
    if (end == s) {
        vsctl_fatal("Invalid argument %s", s);
    }
    return n;
}

/* The bridge's AutoAttach row, or NULL if it has none. */
static struct vsctl_row *
aa_row(struct vsctl_context *ctx, const struct vs_bridge *b)
{
    const struct ovsdb_datum *ref
        = vsctl_row_get_by_name(b->br_cfg, "auto_attach");
    return ref->n ? ref_row(ctx, "AutoAttach", &ref->keys[0].uuid) : NULL;
}

static void
cmd_add_aa_mapping(struct vsctl_context *ctx)
{
    int64_t isid = parse_aa_number(ctx->argv[2]);
    int64_t vlan = parse_aa_number(ctx->argv[3]);
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    struct vsctl_row *aa = aa_row(ctx, b);

    if (!aa) {
        aa = insert_row(ctx, "AutoAttach");
        struct ovsdb_datum ref;
        union ovsdb_atom a = { .uuid = aa->uuid };
        ovsdb_datum_init_atom(&ref, &a, OVSDB_TYPE_UUID);
        vsctl_row_set_by_name(b->br_cfg, "auto_attach", &ref);
    }

    /* An I-SID already mapped keeps its VLAN, as a "mutate insert" would. */
    const struct ovsdb_datum *old = vsctl_row_get_by_name(aa, "mappings");
    union ovsdb_atom k = { .integer = isid };
    if (ovsdb_datum_find_key(old, &k, OVSDB_TYPE_INTEGER)
        != OVSDB_DATUM_NOT_FOUND) {
        return;
    }
    struct ovsdb_type type;
    ovsdb_type_init_scalar(&type, OVSDB_TYPE_INTEGER);
    ovsdb_base_type_init(&type.value, OVSDB_TYPE_INTEGER);
    type.n_min = 0;
    type.n_max = OVSDB_N_UNLIMITED;

    struct ovsdb_datum d;
    union ovsdb_atom v = { .integer = vlan };
    ovsdb_datum_clone(&d, old, &type);
    ovsdb_datum_add_unsafe(&d, &k, &v);
    struct ovsdb_error *e = ovsdb_datum_sort(&d, &type);
    ovs_assert(!e);
    vsctl_row_set_by_name(aa, "mappings", &d);
}

static void
cmd_del_aa_mapping(struct vsctl_context *ctx)
{
    int64_t isid = parse_aa_number(ctx->argv[2]);
    int64_t vlan = parse_aa_number(ctx->argv[3]);
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    struct vsctl_row *aa = aa_row(ctx, b);
    if (!aa) {
        return;
    }

    /* Only an exact I-SID=VLAN pair goes. */
    const struct ovsdb_datum *old = vsctl_row_get_by_name(aa, "mappings");
    union ovsdb_atom k = { .integer = isid };
    unsigned int idx = ovsdb_datum_find_key(old, &k, OVSDB_TYPE_INTEGER);
    if (idx == OVSDB_DATUM_NOT_FOUND || old->values[idx].integer != vlan) {
        return;
    }
    struct ovsdb_type type;
    ovsdb_type_init_scalar(&type, OVSDB_TYPE_INTEGER);
    ovsdb_base_type_init(&type.value, OVSDB_TYPE_INTEGER);
    type.n_min = 0;
    type.n_max = OVSDB_N_UNLIMITED;

    struct ovsdb_datum d;
    ovsdb_datum_clone(&d, old, &type);
    ovsdb_datum_remove(&d, idx, &type);
    struct ovsdb_error *e = ovsdb_datum_sort(&d, &type);
    ovs_assert(!e);
    vsctl_row_set_by_name(aa, "mappings", &d);
}

static void
cmd_get_aa_mapping(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    struct vsctl_row *aa = aa_row(ctx, b);
    if (!aa) {
        return;
    }
    /* A datum keeps its keys sorted, so this is in I-SID order. */
    const struct ovsdb_datum *m = vsctl_row_get_by_name(aa, "mappings");
    for (unsigned int i = 0; i < m->n; i++) {
        ds_put_format(ctx->output, "%"PRId64" %"PRId64"\n",
                      m->keys[i].integer, m->values[i].integer);
    }
}

/* Ports and interfaces. */

static void
cmd_list_ports(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    struct sset names = SSET_INITIALIZER(&names);
    struct shash_node *node;

    SHASH_FOR_EACH (node, &ports) {
        struct vs_port *p = node->data;
        if (p->bridge == b && strcmp(node->name, b->name)) {
            sset_add(&names, node->name);
        }
    }
    output_sorted(ctx, &names);
}

static void
cmd_list_ifaces(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    struct sset names = SSET_INITIALIZER(&names);
    struct shash_node *node;

    SHASH_FOR_EACH (node, &ifaces) {
        struct vs_iface *f = node->data;
        if (f->port->bridge == b && strcmp(node->name, b->name)) {
            sset_add(&names, node->name);
        }
    }
    output_sorted(ctx, &names);
}

/* New rows need nothing read beyond the cache: column settings on a new
 * Port start from its default values. */
static void
pre_add_port(struct vsctl_context *ctx)
{
    pre_cache(ctx);
}

static void
pre_external_ids(struct vsctl_context *ctx)
{
    pre_cache(ctx);
    vsctl_db_need_column(vsctl_db_get_table(ctx->db, "Bridge"),
                         "external_ids");
    vsctl_db_need_column(vsctl_db_get_table(ctx->db, "Port"),
                         "external_ids");
}

/* Names of PORT's interfaces, sorted, as "[a, b]" for messages. */
static char *
port_iface_names(const struct vs_port *p)
{
    struct sset names = SSET_INITIALIZER(&names);
    struct shash_node *node;
    struct ds s = DS_EMPTY_INITIALIZER;

    SHASH_FOR_EACH (node, &ifaces) {
        struct vs_iface *f = node->data;
        if (f->port == p) {
            sset_add(&names, node->name);
        }
    }
    const char **sorted = sset_sort(&names);
    for (size_t i = 0; i < sset_count(&names); i++) {
        ds_put_format(&s, "%s%s", i ? ", " : "", sorted[i]);
    }
    free(sorted);
    sset_destroy(&names);
    return ds_steal_cstr(&s);
}

static void
add_port(struct vsctl_context *ctx, const char *br_name,
         const char *port_name, bool may_exist, bool fake_iface,
         char **iface_names, int n_ifaces, char **settings, int n_settings)
{
    if (may_exist) {
        struct vs_port *p = find_port(ctx, port_name, false);
        if (p) {
            struct vs_bridge *b = find_bridge(ctx, br_name, true);
            if (p->bridge != b) {
                if (p->bridge->parent == b) {
                    vsctl_fatal("\"--may-exist add-port %s %s\" but %s is "
                                "actually attached to VLAN bridge %s",
                                br_name, port_name, port_name,
                                p->bridge->name);
                } else {
                    vsctl_fatal("\"--may-exist add-port %s %s\" but %s is "
                                "actually attached to bridge %s", br_name,
                                port_name, port_name, p->bridge->name);
                }
            }
            struct sset want = SSET_INITIALIZER(&want);
            for (int i = 0; i < n_ifaces; i++) {
                sset_add(&want, iface_names[i]);
            }
            struct sset have = SSET_INITIALIZER(&have);
            struct shash_node *node;
            SHASH_FOR_EACH (node, &ifaces) {
                struct vs_iface *f = node->data;
                if (f->port == p) {
                    sset_add(&have, node->name);
                }
            }
            bool same = sset_equals(&want, &have);
            sset_destroy(&want);
            sset_destroy(&have);
            if (!same) {
                char *names = port_iface_names(p);
                struct ds cmd = DS_EMPTY_INITIALIZER;
                for (int i = 0; i < n_ifaces; i++) {
                    ds_put_format(&cmd, " %s", iface_names[i]);
                }
                vsctl_fatal("\"--may-exist add-bond %s %s%s\" but %s "
                            "actually has interface(s) %s", br_name,
                            port_name, ds_cstr(&cmd), port_name, names);
            }
            return;
        }
    }

    char *msg = xasprintf("cannot create a port named %s", port_name);
    check_conflicts(ctx, port_name, msg);
    free(msg);
    for (int i = 0; i < n_ifaces; i++) {
        msg = xasprintf("cannot create an interface named %s",
                        iface_names[i]);
        check_conflicts(ctx, iface_names[i], msg);
        free(msg);
    }
    struct vs_bridge *b = find_bridge(ctx, br_name, true);

    struct vsctl_row *port = insert_row(ctx, "Port");
    vsctl_row_set_string(port, "name", port_name);
    for (int i = 0; i < n_ifaces; i++) {
        struct vsctl_row *iface = insert_row(ctx, "Interface");
        vsctl_row_set_string(iface, "name", iface_names[i]);
        vsctl_row_add_uuid(port, "interfaces", &iface->uuid);
    }
    if (fake_iface) {
        set_bool(port, "bond_fake_iface", true);
    }
    if (b->parent) {
        set_integer(port, "tag", b->vlan);
    }
    vsctl_row_add_uuid(b->br_cfg, "ports", &port->uuid);

    /* Column settings apply to the new Port, as "set" would. */
    for (int i = 0; i < n_settings; i++) {
        vsctl_set_column(ctx, port, settings[i]);
    }

    /* Without settings (which could change the port's name or tag), the
     * cache can learn the new port and interfaces directly instead of
     * being rebuilt from the whole database by the next command: a run of
     * 1000 add-ports would otherwise rebuild it 1000 times. */
    if (!n_settings) {
        struct vs_port *p = xzalloc(sizeof *p);
        p->port_cfg = port;
        p->bridge = b;
        shash_add(&ports, port_name, p);
        const struct ovsdb_datum *is
            = vsctl_row_get_by_name(port, "interfaces");
        for (unsigned int k = 0; k < is->n; k++) {
            struct vsctl_row *iface = ref_row(ctx, "Interface",
                                              &is->keys[k].uuid);
            struct vs_iface *f = xzalloc(sizeof *f);
            f->iface_cfg = iface;
            f->port = p;
            shash_add(&ifaces, vsctl_row_get_string(iface, "name"), f);
        }
        cache_seqno = vsctl_db_change_seqno(ctx->db);
    }
}

static void
cmd_add_port(struct vsctl_context *ctx)
{
    add_port(ctx, ctx->argv[1], ctx->argv[2],
             has_option(ctx, "--may-exist"), false, &ctx->argv[2], 1,
             &ctx->argv[3], ctx->argc - 3);
}

static void
cmd_add_bond(struct vsctl_context *ctx)
{
    bool fake_iface = has_option(ctx, "--fake-iface");
    int n_ifaces, i;

    for (i = 3; i < ctx->argc; i++) {
        if (strchr(ctx->argv[i], '=')) {
            break;
        }
    }
    n_ifaces = i - 3;
    if (n_ifaces < 2 && !fake_iface) {
        vsctl_fatal("add-bond requires at least 2 interfaces, but only "
                    "%d were specified", n_ifaces);
    } else if (n_ifaces < 1) {
        vsctl_fatal("add-bond requires at least 1 interface, but only "
                    "%d were specified", n_ifaces);
    }
    add_port(ctx, ctx->argv[1], ctx->argv[2],
             has_option(ctx, "--may-exist"), fake_iface, &ctx->argv[3],
             n_ifaces, &ctx->argv[i], ctx->argc - i);
}

static void
cmd_add_bond_iface(struct vsctl_context *ctx)
{
    bool may_exist = has_option(ctx, "--may-exist");
    struct vs_port *p = find_port(ctx, ctx->argv[1], true);
    const char *iface_name = ctx->argv[2];

    if (may_exist) {
        struct vs_iface *f = find_iface(ctx, iface_name, false);
        if (f) {
            if (f->port == p) {
                return;
            }
            vsctl_fatal("%s already exists on port %s", iface_name,
                        vsctl_row_get_string(f->port->port_cfg, "name"));
        }
    }
    char *msg = xasprintf("cannot create an interface named %s",
                          iface_name);
    check_conflicts(ctx, iface_name, msg);
    free(msg);
    struct vsctl_row *iface = insert_row(ctx, "Interface");
    vsctl_row_set_string(iface, "name", iface_name);
    vsctl_row_add_uuid(p->port_cfg, "interfaces", &iface->uuid);
}

static void
cmd_del_bond_iface(struct vsctl_context *ctx)
{
    bool must_exist = !has_option(ctx, "--if-exists");
    const char *iface_name = ctx->argc > 2 ? ctx->argv[2] : ctx->argv[1];
    struct vs_iface *f = find_iface(ctx, iface_name, must_exist);

    if (!f) {
        return;
    }
    if (ctx->argc > 2) {
        struct vs_port *p = find_port(ctx, ctx->argv[1], true);
        if (f->port != p) {
            vsctl_fatal("port %s does not have an interface %s",
                        ctx->argv[1], iface_name);
        }
    }
    const struct ovsdb_datum *is = vsctl_row_get_by_name(f->port->port_cfg,
                                                         "interfaces");
    if (is->n == 1) {
        vsctl_fatal("cannot delete last interface from port %s",
                    vsctl_row_get_string(f->port->port_cfg, "name"));
    }
    struct vsctl_row *iface = f->iface_cfg;
    vsctl_row_remove_uuid(f->port->port_cfg, "interfaces", &iface->uuid);
    vsctl_row_delete(iface);
}

static void
cmd_del_port(struct vsctl_context *ctx)
{
    bool must_exist = !has_option(ctx, "--if-exists");
    bool with_iface = has_option(ctx, "--with-iface");
    const char *target = ctx->argv[ctx->argc - 1];
    struct vs_port *p;

    build_cache(ctx);
    p = find_port(ctx, target, false);
    if (!p && with_iface) {
        struct vs_iface *f = find_iface(ctx, target, false);
        p = f ? f->port : NULL;
    }
    if (!p) {
        if (must_exist) {
            vsctl_fatal("no %s named %s", with_iface ? "port or interface"
                        : "port", target);
        }
        return;
    }
    if (ctx->argc == 3) {
        struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
        if (p->bridge != b) {
            if (p->bridge->parent == b) {
                vsctl_fatal("bridge %s does not have a port %s (although "
                            "its child bridge %s does)", ctx->argv[1],
                            target, p->bridge->name);
            } else {
                vsctl_fatal("bridge %s does not have a port %s",
                            ctx->argv[1], target);
            }
        }
    }
    delete_port_rows(ctx, p);
}

static void
cmd_port_to_br(struct vsctl_context *ctx)
{
    struct vs_port *p = find_port(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%s\n", p->bridge->name);
}

static void
cmd_iface_to_br(struct vsctl_context *ctx)
{
    struct vs_iface *f = find_iface(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%s\n", f->port->bridge->name);
}

/* Controllers and fail modes. */

static void
pre_controller(struct vsctl_context *ctx)
{
    pre_cache(ctx);
    vsctl_need_all(ctx, "Controller");
}

static void
output_targets(struct vsctl_context *ctx, const char *table,
               const struct ovsdb_datum *refs)
{
    struct sset names = SSET_INITIALIZER(&names);
    for (unsigned int i = 0; i < refs->n; i++) {
        struct vsctl_row *r = ref_row(ctx, table, &refs->keys[i].uuid);
        if (r) {
            sset_add(&names, vsctl_row_get_string(r, "target"));
        }
    }
    output_sorted(ctx, &names);
}

static void
cmd_get_controller(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    output_targets(ctx, "Controller",
                   vsctl_row_get_by_name(b->br_cfg, "controller"));
}

static void
delete_refs(struct vsctl_context *ctx, const char *table,
            struct vsctl_row *row, const char *column)
{
    const struct ovsdb_datum *refs = vsctl_row_get_by_name(row, column);
    for (unsigned int i = 0; i < refs->n; i++) {
        struct vsctl_row *r = ref_row(ctx, table, &refs->keys[i].uuid);
        if (r) {
            vsctl_row_delete(r);
        }
    }
    clear_column(row, column);
}

static void
cmd_del_controller(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_real_bridge(ctx, ctx->argv[1], true);
    delete_refs(ctx, "Controller", b->br_cfg, "controller");
}

static void
insert_targets(struct vsctl_context *ctx, const char *table,
               struct vsctl_row *owner, const char *column, char **targets,
               int n)
{
    const char *probe = shash_find_data(ctx->options, "--inactivity-probe");
    for (int i = 0; i < n; i++) {
        struct vsctl_row *r = insert_row(ctx, table);
        vsctl_row_set_string(r, "target", targets[i]);
        if (probe) {
            set_integer(r, "inactivity_probe", atoi(probe));
        }
        vsctl_row_add_uuid(owner, column, &r->uuid);
    }
}

static void
cmd_set_controller(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_real_bridge(ctx, ctx->argv[1], true);
    delete_refs(ctx, "Controller", b->br_cfg, "controller");
    insert_targets(ctx, "Controller", b->br_cfg, "controller",
                   &ctx->argv[2], ctx->argc - 2);
}

static void
cmd_get_fail_mode(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_bridge(ctx, ctx->argv[1], true);
    const char *mode = vsctl_row_get_string(b->br_cfg, "fail_mode");
    if (mode && *mode) {
        ds_put_format(ctx->output, "%s\n", mode);
    }
}

static void
cmd_del_fail_mode(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_real_bridge(ctx, ctx->argv[1], true);
    clear_column(b->br_cfg, "fail_mode");
}

static void
cmd_set_fail_mode(struct vsctl_context *ctx)
{
    struct vs_bridge *b = find_real_bridge(ctx, ctx->argv[1], true);
    const char *mode = ctx->argv[2];
    if (strcmp(mode, "standalone") && strcmp(mode, "secure")) {
        vsctl_fatal("fail-mode must be \"standalone\" or \"secure\"");
    }
    vsctl_row_set_string(b->br_cfg, "fail_mode", mode);
}

/* Managers and SSL. */

static void
pre_manager(struct vsctl_context *ctx)
{
    vsctl_need_all(ctx, "Manager");
}

static void
cmd_get_manager(struct vsctl_context *ctx)
{
    output_targets(ctx, "Manager",
                   vsctl_row_get_by_name(ovs_row(ctx), "manager_options"));
}

static void
cmd_del_manager(struct vsctl_context *ctx)
{
    delete_refs(ctx, "Manager", ovs_row(ctx), "manager_options");
}

static void
cmd_set_manager(struct vsctl_context *ctx)
{
    delete_refs(ctx, "Manager", ovs_row(ctx), "manager_options");
    insert_targets(ctx, "Manager", ovs_row(ctx), "manager_options",
                   &ctx->argv[1], ctx->argc - 1);
}

static void
pre_ssl(struct vsctl_context *ctx)
{
    vsctl_need_all(ctx, "SSL");
}

static void
cmd_get_ssl(struct vsctl_context *ctx)
{
    const struct ovsdb_datum *ssl = vsctl_row_get_by_name(ovs_row(ctx),
                                                          "ssl");
    struct vsctl_row *r = ssl->n ? ref_row(ctx, "SSL", &ssl->keys[0].uuid)
                          : NULL;
    if (r) {
        ds_put_format(ctx->output, "Private key: %s\n",
                      vsctl_row_get_string(r, "private_key"));
        ds_put_format(ctx->output, "Certificate: %s\n",
                      vsctl_row_get_string(r, "certificate"));
        ds_put_format(ctx->output, "CA Certificate: %s\n",
                      vsctl_row_get_string(r, "ca_cert"));
        ds_put_format(ctx->output, "Bootstrap: %s\n",
                      vsctl_row_get_bool(r, "bootstrap_ca_cert")
                      ? "true" : "false");
    }
}

static void
cmd_del_ssl(struct vsctl_context *ctx)
{
    delete_refs(ctx, "SSL", ovs_row(ctx), "ssl");
}

static void
cmd_set_ssl(struct vsctl_context *ctx)
{
    struct vsctl_row *ovs = ovs_row(ctx);
    delete_refs(ctx, "SSL", ovs, "ssl");

    struct vsctl_row *r = insert_row(ctx, "SSL");
    vsctl_row_set_string(r, "private_key", ctx->argv[1]);
    vsctl_row_set_string(r, "certificate", ctx->argv[2]);
    vsctl_row_set_string(r, "ca_cert", ctx->argv[3]);
    set_bool(r, "bootstrap_ca_cert", has_option(ctx, "--bootstrap"));
    vsctl_row_add_uuid(ovs, "ssl", &r->uuid);
}

/* show */

struct show_table {
    const char *table;
    const char *name_column;    /* Shown in the heading line. */
    const char *columns[4];     /* Shown below, NULL-terminated. */
};

static const struct show_table show_tables[] = {
    {"Open_vSwitch", NULL, {"manager_options", "bridges", "ovs_version"}},
    {"Bridge", "name", {"controller", "fail_mode", "datapath_type",
                        "ports"}},
    {"Port", "name", {"tag", "trunks", "interfaces"}},
    {"Interface", "name", {"type", "options", "error"}},
    {"Controller", "target", {"is_connected"}},
    {"Manager", "target", {"is_connected"}},
};

static const struct show_table *
find_show_table(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(show_tables); i++) {
        if (!strcmp(show_tables[i].table, name)) {
            return &show_tables[i];
        }
    }
    return NULL;
}

static void
pre_show(struct vsctl_context *ctx)
{
    for (size_t i = 0; i < ARRAY_SIZE(show_tables); i++) {
        vsctl_need_all(ctx, show_tables[i].table);
    }
}

static void
show_row(struct vsctl_context *ctx, const struct vsctl_row *row, int level)
{
    const struct show_table *st = find_show_table(row->table->schema->name);
    const struct ovsdb_table_schema *ts = row->table->schema;

    ds_put_char_multiple(ctx->output, ' ', level * 4);
    if (st && st->name_column) {
        const struct ovsdb_column *c
            = ovsdb_table_schema_get_column(ts, st->name_column);
        ds_put_format(ctx->output, "%s ", ts->name);
        ovsdb_datum_to_text(vsctl_row_get(row, c), &c->type, ctx->output);
    } else {
        char buf[UUID_LEN + 1];
        uuid_to_string(&row->uuid, buf);
        ds_put_cstr(ctx->output, buf);
    }
    ds_put_char(ctx->output, '\n');
    if (!st) {
        return;
    }

    for (size_t i = 0; i < ARRAY_SIZE(st->columns) && st->columns[i];
         i++) {
        const struct ovsdb_column *c
            = ovsdb_table_schema_get_column(ts, st->columns[i]);
        if (!c) {
            continue;
        }
        const struct ovsdb_datum *d = vsctl_row_get(row, c);
        const struct ovsdb_base_type *key = &c->type.key;
        const struct show_table *ref
            = (key->type == OVSDB_TYPE_UUID && key->uuid.ref_table_name
               ? find_show_table(key->uuid.ref_table_name) : NULL);
        if (ref) {
            for (unsigned int j = 0; j < d->n; j++) {
                struct vsctl_row *r = ref_row(ctx, ref->table,
                                              &d->keys[j].uuid);
                if (r) {
                    show_row(ctx, r, level + 1);
                }
            }
        } else if (d->n && !ovsdb_datum_is_default(d, &c->type)) {
            ds_put_char_multiple(ctx->output, ' ', (level + 1) * 4);
            ds_put_format(ctx->output, "%s: ", c->name);
            ovsdb_datum_to_text(d, &c->type, ctx->output);
            ds_put_char(ctx->output, '\n');
        }
    }
}

static void
cmd_show(struct vsctl_context *ctx)
{
    size_t n;
    struct vsctl_row **rows = vsctl_table_rows(
        vsctl_db_get_table(ctx->db, "Open_vSwitch"), &n);
    for (size_t i = 0; i < n; i++) {
        show_row(ctx, rows[i], 0);
    }
    free(rows);
}

static const struct vsctl_command_syntax vs_commands[] = {
    {"init", 0, 0, NULL, cmd_init, NULL, "", false},
    {"show", 0, 0, pre_show, cmd_show, NULL, "", true},
    {"emer-reset", 0, 0, pre_emer_reset, cmd_emer_reset, NULL, "", false},

    {"add-br", 1, 3, pre_cache, cmd_add_br, NULL, "--may-exist", false},
    {"del-br", 1, 1, pre_cache, cmd_del_br, NULL, "--if-exists", false},
    {"list-br", 0, 0, pre_cache, cmd_list_br, NULL, "--real,--fake", true},
    {"br-exists", 1, 1, pre_cache, cmd_br_exists, NULL, "", true},
    {"br-to-vlan", 1, 1, pre_cache, cmd_br_to_vlan, NULL, "", true},
    {"br-to-parent", 1, 1, pre_cache, cmd_br_to_parent, NULL, "", true},
    {"br-set-external-id", 2, 3, pre_external_ids, cmd_br_set_external_id,
     NULL, "", false},
    {"br-get-external-id", 1, 2, pre_external_ids, cmd_br_get_external_id,
     NULL, "", true},

    {"add-aa-mapping", 3, 3, pre_aa_mapping, cmd_add_aa_mapping, NULL, "",
     false},
    {"del-aa-mapping", 3, 3, pre_aa_mapping, cmd_del_aa_mapping, NULL, "",
     false},
    {"get-aa-mapping", 1, 1, pre_aa_mapping, cmd_get_aa_mapping, NULL, "",
     true},

    {"list-ports", 1, 1, pre_cache, cmd_list_ports, NULL, "", true},
    {"add-port", 2, INT_MAX, pre_add_port, cmd_add_port, NULL,
     "--may-exist", false},
    {"add-bond", 4, INT_MAX, pre_add_port, cmd_add_bond, NULL,
     "--may-exist,--fake-iface", false},
    {"add-bond-iface", 2, 2, pre_cache, cmd_add_bond_iface, NULL,
     "--may-exist", false},
    {"del-bond-iface", 1, 2, pre_cache, cmd_del_bond_iface, NULL,
     "--if-exists", false},
    {"del-port", 1, 2, pre_cache, cmd_del_port, NULL,
     "--if-exists,--with-iface", false},
    {"port-to-br", 1, 1, pre_cache, cmd_port_to_br, NULL, "", true},

    {"list-ifaces", 1, 1, pre_cache, cmd_list_ifaces, NULL, "", true},
    {"iface-to-br", 1, 1, pre_cache, cmd_iface_to_br, NULL, "", true},

    {"get-controller", 1, 1, pre_controller, cmd_get_controller, NULL, "",
     true},
    {"del-controller", 1, 1, pre_controller, cmd_del_controller, NULL, "",
     false},
    {"set-controller", 1, INT_MAX, pre_controller, cmd_set_controller, NULL,
     "--inactivity-probe=", false},
    {"get-fail-mode", 1, 1, pre_cache, cmd_get_fail_mode, NULL, "", true},
    {"del-fail-mode", 1, 1, pre_cache, cmd_del_fail_mode, NULL, "", false},
    {"set-fail-mode", 2, 2, pre_cache, cmd_set_fail_mode, NULL, "", false},

    {"get-manager", 0, 0, pre_manager, cmd_get_manager, NULL, "", true},
    {"del-manager", 0, 0, pre_manager, cmd_del_manager, NULL, "", false},
    {"set-manager", 1, INT_MAX, pre_manager, cmd_set_manager, NULL,
     "--inactivity-probe=", false},

    {"get-ssl", 0, 0, pre_ssl, cmd_get_ssl, NULL, "", true},
    {"del-ssl", 0, 0, pre_ssl, cmd_del_ssl, NULL, "", false},
    {"set-ssl", 3, 3, pre_ssl, cmd_set_ssl, NULL, "--bootstrap", false},

    {NULL, 0, 0, NULL, NULL, NULL, NULL, false},
};

void
vsctl_vscmds_register(void)
{
    vsctl_register_commands(vs_commands);
}
