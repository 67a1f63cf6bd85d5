/* ofp-actions.c -- ofpact lists: building, comparing, and the
 * ovs-actions(7) text syntax.
 *
 * See ofp-actions.h for the representation.  The text parser splits the
 * action list at top-level commas (commas inside parentheses belong to
 * nested arguments, as in "resubmit(,1)" or "clone(output:1,output:2)"),
 * then dispatches on the keyword before ':', '(' or '='.  The formatter
 * prints each ofpact in the canonical form that "ovs-ofctl dump-flows"
 * uses, so that parse followed by format is a normaliser. */
#include <config.h>
#include "ofp-actions.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "dynamic-string.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "util.h"

static const char *const ofpact_names[OFPACT_N_TYPES] = {
#define OFPACT(ENUM, STRUCT, NAME) NAME,
    OFPACTS
#undef OFPACT
};

const char *
ofpact_name(enum ofpact_type type)
{
    return type < OFPACT_N_TYPES ? ofpact_names[type] : "<unknown>";
}

struct ofpact *
ofpact_put(struct ofpbuf *b, enum ofpact_type type, size_t len)
{
    ofpbuf_pad_to(b, OFPACT_ALIGNTO);
    struct ofpact *a = ofpbuf_put_zeros(b, len);
    a->type = type;
    a->len = len;
    b->header = a;
    ofpbuf_pad_to(b, OFPACT_ALIGNTO);
    return a;
}

void
ofpact_finish(struct ofpbuf *b, struct ofpact *a)
{
    a->len = (uint8_t *) ofpbuf_tail(b) - (uint8_t *) a;
    ofpbuf_pad_to(b, OFPACT_ALIGNTO);
}

size_t
ofpact_nest_start(struct ofpbuf *b, enum ofpact_type type)
{
    ovs_assert(type == OFPACT_CLONE || type == OFPACT_WRITE_ACTIONS);
    ofpbuf_pad_to(b, OFPACT_ALIGNTO);
    size_t ofs = b->size;
    ofpact_put(b, type, sizeof(struct ofpact_nest));
    return ofs;
}

void
ofpact_nest_finish(struct ofpbuf *b, size_t offset)
{
    struct ofpact *a = ofpbuf_at_assert(b, offset, sizeof *a);
    ofpact_finish(b, a);
}

bool
ofpacts_equal(const struct ofpact *a, size_t a_len,
              const struct ofpact *b, size_t b_len)
{
    return a_len == b_len && (!a_len || !memcmp(a, b, a_len));
}

bool
ofpacts_output_to_port(const struct ofpact *ofpacts, size_t len,
                       uint16_t port)
{
    const struct ofpact *a;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        switch (a->type) {
        case OFPACT_OUTPUT:
            if (ofpact_get_OUTPUT(a)->port == port) {
                return true;
            }
            break;
        case OFPACT_ENQUEUE:
            if (ofpact_get_ENQUEUE(a)->port == port) {
                return true;
            }
            break;
        case OFPACT_CONTROLLER:
            if (port == OFPP_CONTROLLER) {
                return true;
            }
            break;
        case OFPACT_CLONE:
        case OFPACT_WRITE_ACTIONS: {
            size_t n;
            const struct ofpact *inner
                = ofpact_nest_get_actions((const void *) a, &n);
            if (ofpacts_output_to_port(inner, n, port)) {
                return true;
            }
            break;
        }
        default:
            break;
        }
    }
    return false;
}

unsigned int
flow_field_n_bits(const struct flow_field *f)
{
    if (f->id == FF_IN_PORT) {
        /* Held in 32 bits, but as a subfield ("NXM_OF_IN_PORT[]") it is
         * NXM's and OpenFlow 1.0's 16-bit port number. */
        return 16;
    }
    switch (f->type) {
    case FFT_UINT:
    case FFT_BE:
        return f->n_bits;
    case FFT_IPV4:
        return 32;
    case FFT_IPV6:
    case FFT_U128:
        return 128;
    case FFT_ETH:
        return 48;
    }
    return 0;
}

/* Instruction order check: a later instruction's rank must not be lower
 * than an earlier one's; apply-actions (rank 1) come after meter. */
static int
instruction_rank(enum ofpact_type t)
{
    switch (t) {
    case OFPACT_METER: return 0;
    case OFPACT_CLEAR_ACTIONS: return 2;
    case OFPACT_WRITE_ACTIONS: return 3;
    case OFPACT_WRITE_METADATA: return 4;
    case OFPACT_GOTO_TABLE: return 5;
    default: return 1;
    }
}

void
ofpacts_set_ip_proto(struct ofpact *ofpacts, size_t len,
                     const struct match *match)
{
    uint8_t proto = match->flow.nw_proto;
    if (match->wc.masks.nw_proto != 0xff
        || (proto != IPPROTO_TCP && proto != IPPROTO_UDP
            && proto != IPPROTO_SCTP)) {
        return;
    }

    struct ofpact *a;
    for (a = ofpacts; a < ofpact_end(ofpacts, len);
         a = (struct ofpact *) ofpact_next(a)) {
        if (a->type == OFPACT_SET_L4_SRC_PORT
            || a->type == OFPACT_SET_L4_DST_PORT) {
            struct ofpact_l4_port *p = (struct ofpact_l4_port *) a;
            if (!p->ip_proto) {
                p->ip_proto = proto;
            }
        }
    }
}

/* The field that action 'a' reads or writes as a whole subfield (the
 * Nicira field actions), or NULL. */
static const struct ofp_subfield *
ofpact_subfield(const struct ofpact *a)
{
    switch (a->type) {
    case OFPACT_OUTPUT_REG:
        return &ofpact_get_OUTPUT_REG(a)->src;
    case OFPACT_STACK_PUSH:
    case OFPACT_STACK_POP:
        return &((const struct ofpact_stack *) a)->subfield;
    case OFPACT_MULTIPATH:
        return &ofpact_get_MULTIPATH(a)->dst;
    case OFPACT_BUNDLE:
        return &ofpact_get_BUNDLE(a)->dst;
    default:
        return NULL;
    }
}

/* Checks that learn's sources meet their prerequisites in the learning
 * flow's 'match' (if nonnull), and that each match spec meets its own in
 * the flow to be learned, as built by the specs before it (so
 * "eth_type=0x800,nw_src=..." is fine and "nw_src=..." alone is not). */
static bool subfield_is_whole(const struct ofp_subfield *);
static void learn_imm_to_value(const struct flow_field *,
                               const uint8_t imm[16],
                               union flow_field_value *);

static char *
learn_check(const struct ofpact_learn *l, const struct match *match)
{
    struct match learned;

    match_init_catchall(&learned);
    for (size_t i = 0; i < l->n_specs; i++) {
        const struct ofpact_learn_spec *sp = &l->specs[i];

        if (sp->src_type == NX_LEARN_SRC_FIELD && match
            && !match_prereqs_ok(match, sp->src.field)) {
            return xasprintf("learn: field %s lacks its prerequisites",
                             sp->src.field->name);
        }
        if (sp->dst_type != NX_LEARN_DST_MATCH) {
            continue;
        }
        const struct flow_field *f = sp->dst.field;
        if (!match_prereqs_ok(&learned, f)) {
            return xasprintf("learn: the learned flow's match on %s lacks "
                             "its prerequisites", f->name);
        }

        /* The value matters only for immediates: prerequisites look at
         * dl_type and nw_proto, which are immediates in a useful flow. */
        union flow_field_value v;
        if (subfield_is_whole(&sp->dst)) {
            if (sp->src_type == NX_LEARN_SRC_IMMEDIATE) {
                learn_imm_to_value(f, sp->imm, &v);
            } else {
                memset(&v, 0, sizeof v);
            }
            match_set_field_masked(&learned, f, &v, NULL);
        }
    }
    return NULL;
}

/* A flow with conjunction actions is one clause of a conjunctive match and
 * is never executed: only notes may keep them company (ovs-fields(7)). */
static char *
check_conjunctions(const struct ofpact *ofpacts, size_t len)
{
    const struct ofpact *a, *other = NULL;
    bool conj = false;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_CONJUNCTION) {
            conj = true;
        } else if (a->type != OFPACT_NOTE && !other) {
            other = a;
        }
    }
    return (conj && other
            ? xasprintf("\"conjunction\" actions may be used along with "
                        "\"note\" but not any other kind of action (such "
                        "as the \"%s\" action used here)",
                        ofpact_name(other->type))
            : NULL);
}

char *
ofpacts_check(const struct ofpact *ofpacts, size_t len,
              const struct match *match, uint8_t table_id)
{
    const struct ofpact *a;
    int rank = 0;
    enum ofpact_type prev = OFPACT_N_TYPES;
    char *error = check_conjunctions(ofpacts, len);
    struct match changed;       /* 'match' as push/pop_mpls leave it. */

    if (error) {
        return error;
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        /* push_mpls and pop_mpls change the ethertype, and so which
         * fields later actions may touch. */
        if (match && (a->type == OFPACT_PUSH_MPLS
                      || a->type == OFPACT_POP_MPLS)) {
            if (match != &changed) {
                changed = *match;
                match = &changed;
            }
            if (a->type == OFPACT_PUSH_MPLS) {
                match_set_dl_type(&changed,
                                  ofpact_get_PUSH_MPLS(a)->ethertype);
            } else {
                /* The inner packet's L3 fields are unknown: forget
                 * everything about them but the ethertype. */
                struct match m;
                match_init_catchall(&m);
                match_set_dl_type(&m, ofpact_get_POP_MPLS(a)->ethertype);
                changed = m;
            }
        }
        int r = instruction_rank(a->type);
        if (r < rank || (r == rank && r != 1 && prev == a->type)) {
            return xasprintf("invalid instruction ordering: %s must "
                             "appear before %s", ofpact_name(a->type),
                             r == rank ? ofpact_name(prev)
                             : rank == 1 ? "apply_actions"
                             : ofpact_name(prev));
        }
        rank = r;
        prev = a->type;
        if (a->type == OFPACT_GOTO_TABLE
            && ofpact_get_GOTO_TABLE(a)->table_id <= table_id
            && table_id != 0xff) {
            return xasprintf("goto_table:%"PRIu8" must go to a later "
                             "table than %"PRIu8,
                             ofpact_get_GOTO_TABLE(a)->table_id, table_id);
        }
        if (a->type == OFPACT_SET_FIELD && match
            && !match_prereqs_ok(match, ofpact_get_SET_FIELD(a)->field)) {
            return xasprintf("set_field %s lacks its prerequisites",
                             ofpact_get_SET_FIELD(a)->field->name);
        }
        if (a->type == OFPACT_SET_IP_TTL && match
            && !match_prereqs_ok(match, &flow_fields[FF_NW_TTL])) {
            return xstrdup("mod_nw_ttl needs an IPv4 or IPv6 match");
        }
        if (a->type == OFPACT_LEARN) {
            char *err = learn_check(ofpact_get_LEARN(a), match);
            if (err) {
                return err;
            }
        }
        const struct ofp_subfield *sf = ofpact_subfield(a);
        if (sf && sf->field && match && !match_prereqs_ok(match, sf->field)) {
            return xasprintf("%s: field %s lacks its prerequisites",
                             ofpact_name(a->type), sf->field->name);
        }
    }
    return NULL;
}

/* ---- Field names for load/move ("NXM_NX_REG0[0..3]"). ---- */

struct nxm_name {
    const char *nxm;
    enum flow_field_id id;
};

static const struct nxm_name nxm_names[] = {
    { "NXM_OF_IN_PORT", FF_IN_PORT },
    { "NXM_OF_ETH_DST", FF_DL_DST },
    { "NXM_OF_ETH_SRC", FF_DL_SRC },
    { "NXM_OF_ETH_TYPE", FF_DL_TYPE },
    { "NXM_OF_VLAN_TCI", FF_VLAN_TCI },
    { "NXM_OF_IP_TOS", FF_NW_TOS },
    { "NXM_OF_IP_PROTO", FF_NW_PROTO },
    { "NXM_OF_IP_SRC", FF_NW_SRC },
    { "NXM_OF_IP_DST", FF_NW_DST },
    { "NXM_OF_TCP_SRC", FF_TP_SRC },
    { "NXM_OF_TCP_DST", FF_TP_DST },
    { "NXM_OF_UDP_SRC", FF_TP_SRC },
    { "NXM_OF_UDP_DST", FF_TP_DST },
    { "NXM_OF_ARP_OP", FF_ARP_OP },
    { "NXM_OF_ARP_SPA", FF_ARP_SPA },
    { "NXM_OF_ARP_TPA", FF_ARP_TPA },
    { "NXM_NX_TUN_ID", FF_TUN_ID },
    { "NXM_NX_ARP_SHA", FF_ARP_SHA },
    { "NXM_NX_ARP_THA", FF_ARP_THA },
    { "NXM_NX_IPV6_SRC", FF_IPV6_SRC },
    { "NXM_NX_IPV6_DST", FF_IPV6_DST },
    { "NXM_NX_IP_TTL", FF_NW_TTL },
    { "NXM_NX_IP_ECN", FF_NW_ECN },
    { "NXM_NX_PKT_MARK", FF_PKT_MARK },
    { "NXM_NX_CT_MARK", FF_CT_MARK },
    { "NXM_NX_CT_ZONE", FF_CT_ZONE },
    { "OXM_OF_METADATA", FF_METADATA },
    { "OXM_OF_IN_PORT", FF_IN_PORT },
    { "OXM_OF_VLAN_VID", FF_DL_VLAN },
    { "OXM_OF_VLAN_PCP", FF_DL_VLAN_PCP },
    { "OXM_OF_MPLS_LABEL", FF_MPLS_LABEL },
};

static const struct flow_field *
field_from_any_name(const char *name)
{
    if (!strncmp(name, "NXM_NX_REG", 10)) {
        char *end;
        unsigned long idx = strtoul(name + 10, &end, 10);
        if (end != name + 10 && !*end && idx < FLOW_N_REGS) {
            return &flow_fields[FF_REG0 + idx];
        }
        return NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(nxm_names); i++) {
        if (!strcmp(nxm_names[i].nxm, name)) {
            return &flow_fields[nxm_names[i].id];
        }
    }
    return flow_field_from_name(name);
}

static void
format_field_nxm_name(const struct flow_field *f, struct ds *s)
{
    if (f->id >= FF_REG0 && f->id <= FF_REG15) {
        ds_put_format(s, "NXM_NX_REG%d", (int) (f->id - FF_REG0));
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(nxm_names); i++) {
        if (nxm_names[i].id == f->id) {
            ds_put_cstr(s, nxm_names[i].nxm);
            return;
        }
    }
    ds_put_cstr(s, f->name);
}

/* Parses "NAME[]", "NAME[N]" or "NAME[A..B]" at the start of 's'. */
static char *
parse_subfield(const char *s, struct ofp_subfield *sf)
{
    const char *bracket = strchr(s, '[');

    /* Zeroed so that ofpacts_equal()'s memcmp() sees no stale padding. */
    memset(sf, 0, sizeof *sf);
    if (!bracket) {
        return xasprintf("%s: missing [ in field specification", s);
    }
    char *name = xmemdup0(s, bracket - s);
    const struct flow_field *f = field_from_any_name(name);
    if (!f) {
        char *err = xasprintf("%s: unknown field", name);
        free(name);
        return err;
    }
    free(name);

    unsigned int width = flow_field_n_bits(f);
    unsigned int start, end;
    const char *p = bracket + 1;
    if (!strcmp(p, "]")) {
        start = 0;
        end = width - 1;
    } else if (sscanf(p, "%u..%u]", &start, &end) == 2
               && strchr(p, ']') && !strchr(p, ']')[1]) {
        /* Range. */
    } else if (sscanf(p, "%u]", &start) == 1
               && strchr(p, ']') && !strchr(p, ']')[1]) {
        end = start;
    } else {
        return xasprintf("%s: bad subfield syntax", s);
    }
    if (start > end || end >= width) {
        return xasprintf("%s: bit range out of field's %u bits", s, width);
    }
    if (f->type != FFT_UINT && f->type != FFT_BE && width > 64) {
        return xasprintf("%s: subfields of 128-bit fields not supported "
                         "yet", s);
    }
    sf->field = f;
    sf->ofs = start;
    sf->n_bits = end - start + 1;
    return NULL;
}

static void
format_subfield(const struct ofp_subfield *sf, struct ds *s)
{
    format_field_nxm_name(sf->field, s);
    if (sf->ofs == 0 && sf->n_bits == flow_field_n_bits(sf->field)) {
        ds_put_cstr(s, "[]");
    } else if (sf->n_bits == 1) {
        ds_put_format(s, "[%u]", sf->ofs);
    } else {
        ds_put_format(s, "[%u..%u]", sf->ofs, sf->ofs + sf->n_bits - 1);
    }
}

/* ---- Values for set_field. ---- */

static char *
parse_field_value(const struct flow_field *f, const char *s,
                  union flow_field_value *v)
{
    memset(v, 0, sizeof *v);
    switch (f->type) {
    case FFT_UINT:
    case FFT_BE: {
        char *end;
        errno = 0;
        unsigned long long x = strtoull(s, &end, 0);
        if (!*s || *end || errno) {
            return xasprintf("%s: bad value for field %s", s, f->name);
        }
        if (f->n_bits < 64 && x >> f->n_bits) {
            return xasprintf("%s: value too large for %u-bit field %s", s,
                             f->n_bits, f->name);
        }
        v->integer = x;
        return NULL;
    }
    case FFT_IPV4:
        if (inet_pton(AF_INET, s, &v->ipv4) != 1) {
            return xasprintf("%s: bad IPv4 address", s);
        }
        return NULL;
    case FFT_IPV6:
        if (inet_pton(AF_INET6, s, &v->ipv6) != 1) {
            return xasprintf("%s: bad IPv6 address", s);
        }
        return NULL;
    case FFT_ETH:
        if (!eth_addr_from_string(s, &v->mac)) {
            return xasprintf("%s: bad Ethernet address", s);
        }
        return NULL;
    case FFT_U128:
        return xasprintf("%s: set_field on 128-bit field %s not supported "
                         "yet", s, f->name);
    }
    return xasprintf("%s: unknown field type", s);
}

/* The OXM-style name that set_field prints for 'f' (as ovs-ofctl does
 * with OpenFlow 1.2+), falling back to the field's own name. */
static const char *
set_field_name(const struct flow_field *f, uint8_t ip_proto)
{
    bool src = f->id == FF_TP_SRC;

    switch (f->id) {
    case FF_TP_SRC:
    case FF_TP_DST:
        /* One field in flow_fields[], three in ovs-fields(7). */
        return (ip_proto == IPPROTO_UDP ? (src ? "udp_src" : "udp_dst")
                : ip_proto == IPPROTO_SCTP ? (src ? "sctp_src" : "sctp_dst")
                : src ? "tcp_src" : "tcp_dst");
    case FF_NW_ECN: return "nw_ecn";
    case FF_DL_SRC: return "eth_src";
    case FF_DL_DST: return "eth_dst";
    case FF_DL_TYPE: return "eth_type";
    case FF_NW_SRC: return "ip_src";
    case FF_NW_DST: return "ip_dst";
    case FF_NW_PROTO: return "ip_proto";
    case FF_DL_VLAN_PCP: return "vlan_pcp";
    case FF_TUN_ID: return "tunnel_id";
    default: return f->name;
    }
}

static void
format_field_value(const struct flow_field *f,
                   const union flow_field_value *v, struct ds *s)
{
    char buf[INET6_ADDRSTRLEN];

    switch (f->type) {
    case FFT_UINT:
    case FFT_BE:
        ds_put_format(s, "%#"PRIx64, v->integer);
        break;
    case FFT_IPV4:
        ds_put_format(s, IP_FMT, IP_ARGS(v->ipv4));
        break;
    case FFT_IPV6:
        ds_put_cstr(s, inet_ntop(AF_INET6, &v->ipv6, buf, sizeof buf));
        break;
    case FFT_ETH:
        ds_put_format(s, ETH_ADDR_FMT, ETH_ADDR_ARGS(v->mac));
        break;
    case FFT_U128:
        ds_put_cstr(s, "0x");
        for (int i = 0; i < 16; i++) {
            ds_put_format(s, "%02"PRIx8, v->u128[i]);
        }
        break;
    }
}

static void
field_value_all_ones(const struct flow_field *f, union flow_field_value *m)
{
    memset(m, 0, sizeof *m);
    if (f->type == FFT_UINT || f->type == FFT_BE) {
        m->integer = f->n_bits >= 64 ? UINT64_MAX
                     : (UINT64_C(1) << f->n_bits) - 1;
    } else {
        memset(m, 0xff, sizeof *m);
    }
}

static bool
field_value_is_all_ones(const struct flow_field *f,
                        const union flow_field_value *m)
{
    union flow_field_value ones;
    field_value_all_ones(f, &ones);
    switch (f->type) {
    case FFT_UINT:
    case FFT_BE:
        return m->integer == ones.integer;
    case FFT_IPV4:
        return m->ipv4 == ones.ipv4;
    case FFT_IPV6:
        return !memcmp(&m->ipv6, &ones.ipv6, sizeof m->ipv6);
    case FFT_ETH:
        return eth_addr_equals(m->mac, ones.mac);
    case FFT_U128:
        return !memcmp(m->u128, ones.u128, 16);
    }
    return true;
}

/* ---- Small parsers. ---- */

static char *
parse_uint(const char *s, const char *what, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s) {
        return xasprintf("%s: missing value", what);
    }
    unsigned long long x = strtoull(s, &end, 0);
    if (*end || errno || x > max || *s == '-') {
        return xasprintf("%s: invalid value \"%s\"", what, s);
    }
    *out = x;
    return NULL;
}

struct port_name {
    const char *name;
    uint16_t port;
};

static const struct port_name port_names[] = {
    { "IN_PORT", OFPP_IN_PORT },
    { "TABLE", OFPP_TABLE },
    { "NORMAL", OFPP_NORMAL },
    { "FLOOD", OFPP_FLOOD },
    { "ALL", OFPP_ALL },
    { "CONTROLLER", OFPP_CONTROLLER },
    { "LOCAL", OFPP_LOCAL },
    { "ANY", OFPP_NONE },
    { "NONE", OFPP_NONE },
};

/* Parses an OpenFlow port number or reserved port name. */
static char *
parse_port(const char *s, uint16_t *port)
{
    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (!strcasecmp(s, port_names[i].name)) {
            *port = port_names[i].port;
            return NULL;
        }
    }
    uint64_t x;
    char *err = parse_uint(s, "port", UINT16_MAX, &x);
    if (err) {
        free(err);
        return xasprintf("%s: invalid or unknown port", s);
    }
    *port = x;
    return NULL;
}

static void
format_port(uint16_t port, struct ds *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (port_names[i].port == port) {
            ds_put_cstr(s, port_names[i].name);
            return;
        }
    }
    ds_put_format(s, "%"PRIu16, port);
}

/* Splits 's' (modified in place) at top-level commas.  Returns the next
 * item and advances '*s', or NULL at the end.  Sets '*error' on
 * unbalanced parentheses. */
static char *
next_item(char **sp, char **error)
{
    char *s = *sp;
    while (*s == ',' || *s == ' ' || *s == '\t') {
        s++;
    }
    if (!*s) {
        return NULL;
    }
    char *start = s;
    int depth = 0;
    for (; *s; s++) {
        if (*s == '(') {
            depth++;
        } else if (*s == ')') {
            if (--depth < 0) {
                *error = xasprintf("%s: unbalanced parentheses", start);
                return NULL;
            }
        } else if ((*s == ',' || *s == ' ') && !depth) {
            break;
        }
    }
    if (depth) {
        *error = xasprintf("%s: unbalanced parentheses", start);
        return NULL;
    }
    if (*s) {
        *s++ = '\0';
    }
    *sp = s;
    return start;
}

static char *parse_list(char *s, struct ofpbuf *ofpacts, bool nested);

/* "KEY(ARG)" -> ARG without the parentheses (modified in place), or
 * NULL if 'arg' is not parenthesised. */
static char *
strip_parens(char *arg)
{
    size_t n = strlen(arg);
    if (n >= 2 && arg[0] == '(' && arg[n - 1] == ')') {
        arg[n - 1] = '\0';
        return arg + 1;
    }
    return NULL;
}

struct ofpact_controller *
ofpact_put_controller(struct ofpbuf *ofpacts, const void *userdata,
                      size_t userdata_len)
{
    size_t len = offsetof(struct ofpact_controller, userdata) + userdata_len;
    struct ofpact_controller *c
        = (struct ofpact_controller *) ofpact_put(ofpacts, OFPACT_CONTROLLER,
                                                  MAX(len, sizeof *c));
    c->ofpact.len = len;
    c->max_len = UINT16_MAX;
    c->reason = OFPR_ACTION;
    c->userdata_len = userdata_len;
    if (userdata_len) {
        memcpy(c->userdata, userdata, userdata_len);
    }
    return c;
}

static char *
parse_controller(char *arg, struct ofpbuf *ofpacts)
{
    if (!arg) {
        struct ofpact_output *out = ofpact_put_OUTPUT(ofpacts);
        out->port = OFPP_CONTROLLER;
        out->max_len = UINT16_MAX;
        return NULL;
    }
    char *inner = strip_parens(arg);
    if (!inner) {
        uint64_t x;
        char *err = parse_uint(arg, "controller max_len", UINT16_MAX, &x);
        if (err) {
            return err;
        }
        struct ofpact_output *out = ofpact_put_OUTPUT(ofpacts);
        out->port = OFPP_CONTROLLER;
        out->max_len = x;
        return NULL;
    }

    uint16_t max_len = UINT16_MAX, id = 0;
    uint8_t reason = OFPR_ACTION;
    bool pause = false;
    struct ofpbuf userdata;
    ofpbuf_init(&userdata, 0);
    char *save = NULL;
    for (char *kv = strtok_r(inner, ",", &save); kv;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        char *val = eq ? eq + 1 : NULL;
        if (eq) {
            *eq = '\0';
        }
        uint64_t x;
        char *err = NULL;
        if (!strcmp(kv, "max_len")) {
            err = parse_uint(val, "max_len", UINT16_MAX, &x);
            max_len = x;
        } else if (!strcmp(kv, "id")) {
            err = parse_uint(val, "controller id", UINT16_MAX, &x);
            id = x;
        } else if (!strcmp(kv, "reason")) {
            static const char *const reasons[] = {
                "no_match", "action", "invalid_ttl", "action_set",
                "group", "packet_out",
            };
            size_t i;
            for (i = 0; i < ARRAY_SIZE(reasons); i++) {
                if (val && !strcmp(val, reasons[i])) {
                    reason = i;
                    break;
                }
            }
            if (i == ARRAY_SIZE(reasons)) {
                err = xasprintf("%s: unknown controller reason",
                                val ? val : "");
            }
        } else if (!strcmp(kv, "userdata")) {
            /* Hex bytes, optionally separated by dots: "01.02.ff". */
            const char *h = val ? val : "";
            ofpbuf_clear(&userdata);
            while (*h && !err) {
                if (*h == '.') {
                    h++;
                } else if (isxdigit((unsigned char) h[0])
                           && isxdigit((unsigned char) h[1])) {
                    char hex[3] = { h[0], h[1], '\0' };
                    uint8_t byte = strtoul(hex, NULL, 16);
                    ofpbuf_put(&userdata, &byte, 1);
                    h += 2;
                } else {
                    err = xasprintf("%s: bad hex digit in controller "
                                    "userdata", val);
                }
            }
            if (!err && userdata.size > UINT16_MAX - 64) {
                err = xasprintf("controller: userdata too long");
            }
        } else if (!strcmp(kv, "pause")) {
            pause = true;
        } else if (!strcmp(kv, "meter_id")) {
            err = xasprintf("controller: %s not supported yet", kv);
        } else {
            err = xasprintf("controller: unknown argument %s", kv);
        }
        if (err) {
            ofpbuf_uninit(&userdata);
            return err;
        }
    }
    if (reason == OFPR_ACTION && !id && !pause && !userdata.size) {
        struct ofpact_output *out = ofpact_put_OUTPUT(ofpacts);
        out->port = OFPP_CONTROLLER;
        out->max_len = max_len;
    } else {
        struct ofpact_controller *c
            = ofpact_put_controller(ofpacts, userdata.data, userdata.size);
        c->max_len = max_len;
        c->controller_id = id;
        c->reason = reason;
        c->pause = pause;
    }
    ofpbuf_uninit(&userdata);
    return NULL;
}

/* "VALUE->DST" for load; "SRC->DST" for move. */
static char *
split_arrow(char *arg, char **left, char **right)
{
    char *arrow = arg ? strstr(arg, "->") : NULL;
    if (!arrow) {
        return xasprintf("%s: missing \"->\"", arg ? arg : "");
    }
    *arrow = '\0';
    *left = arg;
    *right = arrow + 2;
    return NULL;
}

static char *
parse_set_field(char *arg, struct ofpbuf *ofpacts)
{
    char *value = NULL, *name = NULL;
    char *err = split_arrow(arg, &value, &name);
    if (err) {
        return err;
    }
    /* OXM's vlan_vid is dl_vlan with the "present" bit 0x1000, as
     * OpenFlow 1.2+ dumps print it ("set_field:4101->vlan_vid"). */
    bool is_vlan_vid = !strcmp(name, "vlan_vid");
    const struct flow_field *f = (is_vlan_vid ? &flow_fields[FF_DL_VLAN]
                                  : field_from_any_name(name));
    if (!f) {
        return xasprintf("%s: unknown field", name);
    }
    struct ofpact_set_field sf;
    memset(&sf, 0, sizeof sf);
    sf.field = f;
    char *slash = strchr(value, '/');
    if (slash) {
        *slash = '\0';
        if (!f->maskable) {
            return xasprintf("%s: field does not support masking", name);
        }
        err = parse_field_value(f, slash + 1, &sf.mask);
    } else {
        field_value_all_ones(f, &sf.mask);
    }
    if (!err && is_vlan_vid) {
        char *end;
        unsigned long vid = strtoul(value, &end, 0);
        if (*end || vid < 0x1000 || vid > 0x1fff || slash) {
            err = xasprintf("%s: vlan_vid must be 0x1000 | VID, unmasked",
                            value);
        }
        sf.value.integer = vid & 0xfff;
    } else if (!err) {
        err = parse_field_value(f, value, &sf.value);
    }
    if (err) {
        return err;
    }
    struct ofpact_set_field *p = ofpact_put_SET_FIELD(ofpacts);
    p->field = sf.field;
    p->value = sf.value;
    p->mask = sf.mask;
    p->ip_proto = (!strncmp(name, "udp_", 4) ? IPPROTO_UDP
                   : !strncmp(name, "sctp_", 5) ? IPPROTO_SCTP
                   : f->id == FF_TP_SRC || f->id == FF_TP_DST ? IPPROTO_TCP
                   : 0);
    return NULL;
}

static char *
parse_load(char *arg, struct ofpbuf *ofpacts)
{
    char *value = NULL, *dst = NULL;
    char *err = split_arrow(arg, &value, &dst);
    if (err) {
        return err;
    }
    struct ofp_subfield sf;
    err = parse_subfield(dst, &sf);
    if (err) {
        return err;
    }
    uint64_t x;
    err = parse_uint(value, "load value",
                     sf.n_bits >= 64 ? UINT64_MAX
                     : (UINT64_C(1) << sf.n_bits) - 1, &x);
    if (err) {
        return err;
    }
    struct ofpact_reg_load *load = ofpact_put_REG_LOAD(ofpacts);
    load->dst = sf;
    load->value = x;
    return NULL;
}

static char *
parse_move(char *arg, struct ofpbuf *ofpacts)
{
    char *src = NULL, *dst = NULL;
    char *err = split_arrow(arg, &src, &dst);
    struct ofp_subfield s, d;
    if (!err) {
        err = parse_subfield(src, &s);
    }
    if (!err) {
        err = parse_subfield(dst, &d);
    }
    if (err) {
        return err;
    }
    if (s.n_bits != d.n_bits) {
        return xasprintf("source field is %u bits wide but destination "
                         "is %u bits wide", s.n_bits, d.n_bits);
    }
    struct ofpact_reg_move *move = ofpact_put_REG_MOVE(ofpacts);
    move->src = s;
    move->dst = d;
    return NULL;
}

static char *
parse_resubmit(char *arg, struct ofpbuf *ofpacts)
{
    uint16_t port = OFPP_IN_PORT;
    uint8_t table = 0xff;
    char *inner = arg ? strip_parens(arg) : NULL;
    char *err;

    if (!arg) {
        return xstrdup("resubmit: missing argument");
    }
    if (inner) {
        char *comma = strchr(inner, ',');
        char *table_s = NULL;
        if (comma) {
            *comma = '\0';
            table_s = comma + 1;
            if (strchr(table_s, ',')) {
                return xstrdup("resubmit: ct and extra arguments not "
                               "supported yet");
            }
        }
        if (*inner) {
            err = parse_port(inner, &port);
            if (err) {
                return err;
            }
        }
        if (table_s && *table_s) {
            uint64_t x;
            err = parse_uint(table_s, "resubmit table", 254, &x);
            if (err) {
                return err;
            }
            table = x;
        }
        if (port == OFPP_IN_PORT && table == 0xff) {
            return xstrdup("at least one \"in_port\" or \"table\" must "
                           "be specified on resubmit");
        }
    } else {
        err = parse_port(arg, &port);
        if (err) {
            return err;
        }
    }
    struct ofpact_resubmit *r = ofpact_put_RESUBMIT(ofpacts);
    r->in_port = port;
    r->table_id = table;
    return NULL;
}

static char *
parse_note(const char *arg, struct ofpbuf *ofpacts)
{
    ofpact_put(ofpacts, OFPACT_NOTE, sizeof(struct ofpact_note));
    struct ofpact *a = ofpacts->header;
    /* ofpact_put() padded; drop the padding before appending the tail. */
    ofpacts->size = (uint8_t *) a - (uint8_t *) ofpacts->data
                    + sizeof(struct ofpact_note);
    size_t n = 0;
    const char *p = arg ? arg : "";
    while (*p) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (!isxdigit((unsigned char) p[0])
            || !isxdigit((unsigned char) p[1])) {
            return xasprintf("%s: bad hex digit in note", arg);
        }
        char hex[3] = { p[0], p[1], '\0' };
        uint8_t byte = strtoul(hex, NULL, 16);
        ofpbuf_put(ofpacts, &byte, 1);
        n++;
        p += 2;
    }
    a = ofpacts->header;
    ((struct ofpact_note *) a)->length = n;
    ofpact_finish(ofpacts, a);
    return NULL;
}

static char *
parse_nest(enum ofpact_type type, char *arg, struct ofpbuf *ofpacts)
{
    char *inner = arg ? strip_parens(arg) : NULL;
    if (!inner) {
        return xasprintf("%s: expects a parenthesised action list",
                         ofpact_name(type));
    }
    size_t ofs = ofpact_nest_start(ofpacts, type);
    char *err = parse_list(inner, ofpacts, true);
    if (err) {
        return err;
    }
    ofpact_nest_finish(ofpacts, ofs);
    return NULL;
}

static char *
parse_u8_arg(const char *arg, const char *what, uint64_t max,
             uint64_t *x)
{
    return parse_uint(arg, what, max, x);
}

/* "output:FIELD[..]". */
static char *
parse_output_reg(const char *arg, struct ofpbuf *ofpacts)
{
    struct ofp_subfield sf;
    char *err = parse_subfield(arg, &sf);
    if (err) {
        return err;
    }
    struct ofpact_output_reg *o = ofpact_put_OUTPUT_REG(ofpacts);
    o->src = sf;
    o->max_len = UINT16_MAX;
    return NULL;
}

/* "dec_ttl" or "dec_ttl(ID,...)"; "dec_ttl()" is plain dec_ttl. */
static char *
parse_dec_ttl(char *arg, struct ofpbuf *ofpacts)
{
    char *inner = arg ? strip_parens(arg) : NULL;
    if (arg && !inner) {
        return xasprintf("dec_ttl:%s: expects dec_ttl or "
                         "dec_ttl(ID,...)", arg);
    }
    ofpact_put_DEC_TTL(ofpacts);
    /* Drop ofpact_put()'s padding before appending the ids. */
    ofpacts->size = ((uint8_t *) ofpacts->header - (uint8_t *) ofpacts->data
                     + offsetof(struct ofpact_cnt_ids, ids));
    uint16_t n = 0;
    char *save = NULL;
    for (char *id = inner ? strtok_r(inner, ", ", &save) : NULL; id;
         id = strtok_r(NULL, ", ", &save)) {
        uint64_t x;
        char *err = parse_uint(id, "dec_ttl controller id", UINT16_MAX, &x);
        if (err) {
            return err;
        }
        uint16_t id16 = x;
        ofpbuf_put(ofpacts, &id16, sizeof id16);
        n++;
    }
    struct ofpact_cnt_ids *ids = ofpacts->header;
    ids->n_ids = n;
    ofpact_finish(ofpacts, ofpacts->header);
    return NULL;
}

static const char *const hash_fields_names[] = {
    [NX_HASH_FIELDS_ETH_SRC] = "eth_src",
    [NX_HASH_FIELDS_SYMMETRIC_L4] = "symmetric_l4",
    [NX_HASH_FIELDS_SYMMETRIC_L3L4] = "symmetric_l3l4",
    [NX_HASH_FIELDS_SYMMETRIC_L3L4_UDP] = "symmetric_l3l4+udp",
    [NX_HASH_FIELDS_NW_SRC] = "nw_src",
    [NX_HASH_FIELDS_NW_DST] = "nw_dst",
    [NX_HASH_FIELDS_SYMMETRIC_L3] = "symmetric_l3",
};

const char *
nx_hash_fields_name(unsigned int fields)
{
    return fields < ARRAY_SIZE(hash_fields_names) ? hash_fields_names[fields]
           : NULL;
}

static bool
parse_hash_fields(const char *s, uint8_t *fields)
{
    for (size_t i = 0; i < ARRAY_SIZE(hash_fields_names); i++) {
        if (!strcasecmp(s, hash_fields_names[i])) {
            *fields = i;
            return true;
        }
    }
    return false;
}

static const char *const mp_alg_names[] = {
    [NX_MP_ALG_MODULO_N] = "modulo_n",
    [NX_MP_ALG_HASH_THRESHOLD] = "hash_threshold",
    [NX_MP_ALG_HRW] = "hrw",
    [NX_MP_ALG_ITER_HASH] = "iter_hash",
};

static const char *const bd_alg_names[] = {
    [NX_BD_ALG_ACTIVE_BACKUP] = "active_backup",
    [NX_BD_ALG_HRW] = "hrw",
};

/* Splits the comma-separated arguments of "KEY(ARGS)" in 'arg'
 * (modified) into at most 'max' strings in 'argv'; returns how many, or
 * -1 if 'arg' is not parenthesised. */
static int
split_args(char *arg, char **argv, int max)
{
    char *inner = arg ? strip_parens(arg) : NULL;
    int n = 0;

    if (!inner) {
        return -1;
    }
    for (;;) {
        inner += strspn(inner, " ");
        argv[n++] = inner;
        char *comma = strchr(inner, ',');
        if (!comma || n == max) {
            /* The last one keeps the rest. */
            for (char *end = inner + strlen(inner);
                 end > inner && end[-1] == ' '; end--) {
                end[-1] = '\0';
            }
            break;
        }
        for (char *end = comma; end > inner && end[-1] == ' '; end--) {
            end[-1] = '\0';
        }
        *comma = '\0';
        inner = comma + 1;
    }
    return n;
}

/* "multipath(FIELDS, BASIS, ALGORITHM, N_LINKS, ARG, DST)". */
static char *
parse_multipath(char *arg, struct ofpbuf *ofpacts)
{
    char *copy = xstrdup(arg ? arg : "");
    char *msg = strip_parens(copy) ? copy + 1 : copy;   /* For errors. */
    char *argv[6];
    uint64_t basis, n_links, mp_arg;
    struct ofp_subfield dst;
    uint8_t fields, alg = 0;
    char *err = NULL;

    int n = split_args(arg, argv, 6);
    if (n < 6) {
        err = xasprintf("%s: not enough arguments to multipath action",
                        msg);
        goto out;
    }
    if (!parse_hash_fields(argv[0], &fields)) {
        err = xasprintf("%s: unknown fields `%s'", msg, argv[0]);
        goto out;
    }
    for (alg = 0; alg < ARRAY_SIZE(mp_alg_names); alg++) {
        if (!strcasecmp(argv[2], mp_alg_names[alg])) {
            break;
        }
    }
    if (alg == ARRAY_SIZE(mp_alg_names)) {
        err = xasprintf("%s: unknown algorithm `%s'", msg, argv[2]);
        goto out;
    }
    if ((err = parse_uint(argv[1], "multipath basis", UINT16_MAX, &basis))
        || (err = parse_uint(argv[4], "multipath arg", UINT32_MAX,
                             &mp_arg))
        || (err = parse_subfield(argv[5], &dst))) {
        goto out;
    }
    err = parse_uint(argv[3], "n_links", 65536, &n_links);
    if (err || !n_links) {
        free(err);
        err = xasprintf("%s: n_links %s is not in valid range 1 to 65536",
                        msg, argv[3]);
        goto out;
    }
    if (dst.n_bits < 16 && n_links > (1u << dst.n_bits)) {
        err = xasprintf("%s: %u-bit destination field has %u possible "
                        "values, less than specified n_links %"PRIu64,
                        msg, dst.n_bits, 1u << dst.n_bits, n_links);
        goto out;
    }
    struct ofpact_multipath *mp = ofpact_put_MULTIPATH(ofpacts);
    mp->fields = fields;
    mp->basis = basis;
    mp->algorithm = alg;
    mp->max_link = n_links - 1;
    mp->arg = mp_arg;
    mp->dst = dst;
out:
    free(copy);
    return err;
}

/* "bundle(FIELDS, BASIS, ALGORITHM, ofport, members:P,...)" or
 * "bundle_load(FIELDS, BASIS, ALGORITHM, ofport, DST, members:P,...)";
 * "slaves:" is the old spelling of "members:". */
static char *
parse_bundle(char *arg, bool is_load, struct ofpbuf *ofpacts)
{
    char *copy = xstrdup(arg ? arg : "");
    char *msg = strip_parens(copy) ? copy + 1 : copy;   /* For errors. */
    int n_fixed = is_load ? 5 : 4;
    char *argv[7];
    uint64_t basis;
    uint8_t fields, alg = 0;
    struct ofp_subfield dst;
    char *err = NULL;

    memset(&dst, 0, sizeof dst);
    int n = split_args(arg, argv, n_fixed + 2);
    if (n < n_fixed + 1) {
        err = xasprintf("%s: not enough arguments to bundle action", msg);
        goto out;
    }
    if (!parse_hash_fields(argv[0], &fields)) {
        err = xasprintf("%s: unknown fields `%s'", msg, argv[0]);
        goto out;
    }
    for (alg = 0; alg < ARRAY_SIZE(bd_alg_names); alg++) {
        if (!strcasecmp(argv[2], bd_alg_names[alg])) {
            break;
        }
    }
    if (alg == ARRAY_SIZE(bd_alg_names)) {
        err = xasprintf("%s: unknown algorithm `%s'", msg, argv[2]);
        goto out;
    }
    if (strcasecmp(argv[3], "ofport")) {
        err = xasprintf("%s: unknown member_type `%s'", msg, argv[3]);
        goto out;
    }
    if ((err = parse_uint(argv[1], "bundle basis", UINT16_MAX, &basis))) {
        goto out;
    }
    if (is_load) {
        if ((err = parse_subfield(argv[4], &dst))) {
            goto out;
        }
        if (dst.n_bits < 16) {
            err = xasprintf("%s: bundle_load needs a destination of at "
                            "least 16 bits", msg);
            goto out;
        }
    }

    /* The member list: "members:P" then the remaining "P,P,...". */
    char *members = argv[n_fixed];
    char *rest = n > n_fixed + 1 ? argv[n_fixed + 1] : NULL;
    char *colon = strchr(members, ':');
    if (!colon || (strncasecmp(members, "members:", 8)
                   && strncasecmp(members, "slaves:", 7))) {
        err = xasprintf("%s: missing member delimiter, expected `members', "
                        "got `%s%s%s'", msg, members, rest ? "," : "",
                        rest ? rest : "");
        goto out;
    }
    ofpact_put_BUNDLE(ofpacts);
    ofpacts->size = ((uint8_t *) ofpacts->header - (uint8_t *) ofpacts->data
                     + offsetof(struct ofpact_bundle, members));
    uint16_t n_members = 0;
    for (char *p = colon + 1; p; p = rest, rest = NULL) {
        char *save = NULL;
        for (char *tok = strtok_r(p, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            uint16_t port;
            if ((err = parse_port(tok, &port))) {
                goto out;
            }
            if (port >= OFPP_MAX && port != OFPP_LOCAL) {
                err = xasprintf("%s: member %s is not a physical port",
                                msg, tok);
                goto out;
            }
            ofpbuf_put(ofpacts, &port, sizeof port);
            n_members++;
        }
    }
    struct ofpact_bundle *bd = ofpacts->header;
    bd->fields = fields;
    bd->basis = basis;
    bd->algorithm = alg;
    bd->dst = dst;
    bd->n_members = n_members;
    ofpact_finish(ofpacts, ofpacts->header);
out:
    free(copy);
    return err;
}

/* "conjunction(ID, K/N)", 1 <= K <= N, 2 <= N <= 64. */
static char *
parse_conjunction(const char *arg, struct ofpbuf *ofpacts)
{
    unsigned int id, k, n;
    int consumed = 0;

    if (!arg || sscanf(arg, "(%u ,%u /%u )%n", &id, &k, &n, &consumed) != 3
        || arg[consumed]) {
        return xasprintf("conjunction%s: expects conjunction(ID, K/N)",
                         arg ? arg : "");
    }
    if (n < 2 || n > 64) {
        return xasprintf("conjunction: number of clauses %u is not in "
                         "range 2 to 64", n);
    }
    if (k < 1 || k > n) {
        return xasprintf("conjunction: clause index %u is not in range 1 "
                         "to %u", k, n);
    }
    struct ofpact_conjunction *c = ofpact_put_CONJUNCTION(ofpacts);
    c->id = id;
    c->clause = k - 1;
    c->n_clauses = n;
    return NULL;
}

/* ---- learn. ---- */

uint64_t
ofpact_learn_imm_u64(const struct ofpact_learn_spec *spec)
{
    uint64_t x = 0;
    for (int i = 8; i < 16; i++) {
        x = (x << 8) | spec->imm[i];
    }
    return x;
}

static void
learn_imm_from_u64(uint64_t x, uint8_t imm[16])
{
    memset(imm, 0, 16);
    for (int i = 15; i >= 8; i--) {
        imm[i] = x;
        x >>= 8;
    }
}

/* A whole field's value as learn's right-aligned big-endian bytes, and
 * back. */
static void
learn_imm_from_value(const struct flow_field *f,
                     const union flow_field_value *v, uint8_t imm[16])
{
    memset(imm, 0, 16);
    switch (f->type) {
    case FFT_UINT:
    case FFT_BE:
        learn_imm_from_u64(v->integer, imm);
        break;
    case FFT_IPV4:
        memcpy(imm + 12, &v->ipv4, 4);
        break;
    case FFT_ETH:
        memcpy(imm + 10, v->mac.ea, 6);
        break;
    case FFT_IPV6:
        memcpy(imm, &v->ipv6, 16);
        break;
    case FFT_U128:
        memcpy(imm, v->u128, 16);
        break;
    }
}

static void
learn_imm_to_value(const struct flow_field *f, const uint8_t imm[16],
                   union flow_field_value *v)
{
    struct ofpact_learn_spec tmp;

    memset(v, 0, sizeof *v);
    switch (f->type) {
    case FFT_UINT:
    case FFT_BE:
        memcpy(tmp.imm, imm, 16);
        v->integer = ofpact_learn_imm_u64(&tmp);
        break;
    case FFT_IPV4:
        memcpy(&v->ipv4, imm + 12, 4);
        break;
    case FFT_ETH:
        memcpy(v->mac.ea, imm + 10, 6);
        break;
    case FFT_IPV6:
        memcpy(&v->ipv6, imm, 16);
        break;
    case FFT_U128:
        memcpy(v->u128, imm, 16);
        break;
    }
}

void
ofpact_learn_imm_to_value(const struct flow_field *f,
                          const struct ofpact_learn_spec *spec,
                          union flow_field_value *v)
{
    learn_imm_to_value(f, spec->imm, v);
}

/* Which transport protocol a tp_src/tp_dst name says ("udp_dst",
 * "NXM_OF_UDP_DST"...), 0 for TCP's and other fields' names. */
static uint8_t
name_ip_proto(const char *name)
{
    if (!strncasecmp(name, "udp_", 4) || !strncmp(name, "NXM_OF_UDP_", 11)) {
        return IPPROTO_UDP;
    } else if (!strncasecmp(name, "sctp_", 5)
               || !strncmp(name, "OXM_OF_SCTP_", 12)) {
        return IPPROTO_SCTP;
    }
    return 0;
}

/* Parses a field "NAME" or subfield "NAME[..]" into '*sf' and the
 * protocol its name says into '*proto'. */
static char *
parse_learn_field(const char *s, struct ofp_subfield *sf, uint8_t *proto)
{
    char *err;

    size_t n = strlen(s);

    *proto = name_ip_proto(s);
    if (strchr(s, '[') && (n < 2 || strcmp(s + n - 2, "[]"))) {
        err = parse_subfield(s, sf);
    } else {
        /* A whole field, which may be 128 bits wide (ipv6_src), unlike
         * the subfields of load and move. */
        char *name = xmemdup0(s, strchr(s, '[') ? n - 2 : n);
        const struct flow_field *f = field_from_any_name(name);
        err = f ? NULL : xasprintf("%s: unknown field", name);
        free(name);
        memset(sf, 0, sizeof *sf);
        if (f) {
            sf->field = f;
            sf->n_bits = flow_field_n_bits(f);
        }
    }
    if (!err && !nxm_header_for_field(sf->field, false)
        && !nxm_header_for_field(sf->field, true)) {
        err = xasprintf("%s: field cannot be used in learn", s);
    }
    return err;
}

static bool
subfield_is_whole(const struct ofp_subfield *sf)
{
    return !sf->ofs && sf->n_bits == flow_field_n_bits(sf->field);
}

/* One spec: "FIELD=VALUE", "FIELD=SRC", "FIELD", "load:VALUE->DST",
 * "load:SRC->DST" or "output:SRC". */
static char *
parse_learn_spec(char *arg, struct ofpact_learn_spec *spec)
{
    char *err;

    memset(spec, 0, sizeof *spec);
    if (!strncmp(arg, "load:", 5)) {
        char *src = NULL, *dst = NULL;
        err = split_arrow(arg + 5, &src, &dst);
        if (!err) {
            err = parse_learn_field(dst, &spec->dst, &spec->dst_proto);
        }
        if (err) {
            return err;
        }
        spec->dst_type = NX_LEARN_DST_LOAD;
        spec->n_bits = spec->dst.n_bits;
        if (strchr(src, '[')) {
            err = parse_learn_field(src, &spec->src, &spec->src_proto);
            if (err) {
                return err;
            }
            if (spec->src.n_bits != spec->dst.n_bits) {
                return xasprintf("%s->%s: source field is %u bits wide but "
                                 "destination is %u bits wide", src, dst,
                                 spec->src.n_bits, spec->dst.n_bits);
            }
            spec->src_type = NX_LEARN_SRC_FIELD;
        } else {
            uint64_t x;
            err = parse_uint(src, "load value",
                             spec->n_bits >= 64 ? UINT64_MAX
                             : (UINT64_C(1) << spec->n_bits) - 1, &x);
            if (err) {
                return err;
            }
            spec->src_type = NX_LEARN_SRC_IMMEDIATE;
            learn_imm_from_u64(x, spec->imm);
        }
        return NULL;
    } else if (!strncmp(arg, "output:", 7)) {
        err = parse_learn_field(arg + 7, &spec->src, &spec->src_proto);
        if (err) {
            return err;
        }
        spec->src_type = NX_LEARN_SRC_FIELD;
        spec->dst_type = NX_LEARN_DST_OUTPUT;
        spec->n_bits = spec->src.n_bits;
        return NULL;
    }

    char *value = strchr(arg, '=');
    if (value) {
        *value++ = '\0';
    }
    err = parse_learn_field(arg, &spec->dst, &spec->dst_proto);
    if (err) {
        return err;
    }
    spec->dst_type = NX_LEARN_DST_MATCH;
    spec->n_bits = spec->dst.n_bits;
    if (!value) {
        spec->src = spec->dst;
        spec->src_proto = spec->dst_proto;
        spec->src_type = NX_LEARN_SRC_FIELD;
        return NULL;
    }

    /* A field name or subfield is a source; anything else a value. */
    struct ofp_subfield src;
    uint8_t src_proto;
    char *field_err = parse_learn_field(value, &src, &src_proto);
    if (!field_err) {
        if (src.n_bits != spec->dst.n_bits) {
            return xasprintf("%s=%s: bit widths of %s (%u) and %s (%u) "
                             "differ", arg, value, arg, spec->dst.n_bits,
                             value, src.n_bits);
        }
        spec->src = src;
        spec->src_proto = src_proto;
        spec->src_type = NX_LEARN_SRC_FIELD;
        return NULL;
    }
    free(field_err);

    spec->src_type = NX_LEARN_SRC_IMMEDIATE;
    if (subfield_is_whole(&spec->dst)) {
        union flow_field_value v;
        err = parse_field_value(spec->dst.field, value, &v);
        if (!err) {
            learn_imm_from_value(spec->dst.field, &v, spec->imm);
        }
    } else {
        uint64_t x;
        err = parse_uint(value, "learn value",
                         (UINT64_C(1) << spec->n_bits) - 1, &x);
        if (!err) {
            learn_imm_from_u64(x, spec->imm);
        }
    }
    if (err) {
        char *e = xasprintf("%s: %s value %s cannot be parsed as a subfield "
                            "or an immediate value (%s)", arg, arg, value,
                            err);
        free(err);
        return e;
    }
    return NULL;
}

/* "learn(table=N,idle_timeout=N,...,SPEC,...)". */
static char *
parse_learn(char *arg, struct ofpbuf *ofpacts)
{
    char *inner = arg ? strip_parens(arg) : NULL;
    struct ofpact_learn learn;
    struct ofpbuf specs;
    char *err = NULL;

    if (!inner) {
        return xstrdup("learn: expects learn(ARGUMENTS)");
    }
    memset(&learn, 0, sizeof learn);
    learn.table_id = 1;
    learn.priority = OFP_DEFAULT_PRIORITY;
    ofpbuf_init(&specs, 0);

    char *save = NULL;
    for (char *tok = strtok_r(inner, ",", &save); tok && !err;
         tok = strtok_r(NULL, ",", &save)) {
        tok += strspn(tok, " \t");
        for (char *end = tok + strlen(tok);
             end > tok && (end[-1] == ' ' || end[-1] == '\t'); end--) {
            end[-1] = '\0';
        }
        if (!*tok) {
            continue;
        }

        char *eq = strchr(tok, '=');
        char *key = eq ? xmemdup0(tok, eq - tok) : xstrdup(tok);
        const char *val = eq ? eq + 1 : NULL;
        uint64_t x;

        if (!strcmp(key, "table")) {
            err = parse_uint(val, "learn table", 255, &x);
            if (!err && x == 255) {
                err = xasprintf("table=%s: table id 255 not valid for "
                                "`learn' action", val);
            }
            learn.table_id = x;
        } else if (!strcmp(key, "priority")) {
            err = parse_uint(val, "learn priority", UINT16_MAX, &x);
            learn.priority = x;
        } else if (!strcmp(key, "idle_timeout")) {
            err = parse_uint(val, "learn idle_timeout", UINT16_MAX, &x);
            learn.idle_timeout = x;
        } else if (!strcmp(key, "hard_timeout")) {
            err = parse_uint(val, "learn hard_timeout", UINT16_MAX, &x);
            learn.hard_timeout = x;
        } else if (!strcmp(key, "fin_idle_timeout")) {
            err = parse_uint(val, "learn fin_idle_timeout", UINT16_MAX, &x);
            learn.fin_idle_timeout = x;
        } else if (!strcmp(key, "fin_hard_timeout")) {
            err = parse_uint(val, "learn fin_hard_timeout", UINT16_MAX, &x);
            learn.fin_hard_timeout = x;
        } else if (!strcmp(key, "cookie")) {
            char *end;
            errno = 0;
            x = val ? strtoull(val, &end, 0) : 0;
            if (!val || !*val || *end || errno) {
                err = xasprintf("cookie=%s: invalid cookie", val ? val : "");
            }
            learn.cookie = htonll(x);
        } else if (!strcmp(key, "limit")) {
            err = parse_uint(val, "learn limit", UINT32_MAX, &x);
            learn.limit = x;
        } else if (!strcmp(key, "result_dst")) {
            err = val ? parse_subfield(val, &learn.result_dst)
                      : xstrdup("result_dst: missing field");
            if (!err && learn.result_dst.n_bits != 1) {
                err = xstrdup("result_dst in 'learn' action must be a "
                              "single bit");
            }
            learn.flags |= NX_LEARN_F_WRITE_RESULT;
        } else if (!strcmp(key, "send_flow_rem") && !val) {
            learn.flags |= NX_LEARN_F_SEND_FLOW_REM;
        } else if (!strcmp(key, "delete_learned") && !val) {
            learn.flags |= NX_LEARN_F_DELETE_LEARNED;
        } else {
            struct ofpact_learn_spec spec;
            char *copy = xstrdup(tok);
            err = parse_learn_spec(copy, &spec);
            free(copy);
            if (!err) {
                ofpbuf_put(&specs, &spec, sizeof spec);
                learn.n_specs++;
            }
        }
        free(key);
    }
    if (!err) {
        ofpact_put_LEARN(ofpacts);
        /* Drop ofpact_put()'s padding before appending the specs. */
        ofpacts->size = ((uint8_t *) ofpacts->header
                         - (uint8_t *) ofpacts->data
                         + offsetof(struct ofpact_learn, specs));
        ofpbuf_put(ofpacts, specs.data, specs.size);
        struct ofpact_learn *l = ofpacts->header;
        memcpy((uint8_t *) l + sizeof l->ofpact,
               (uint8_t *) &learn + sizeof learn.ofpact,
               offsetof(struct ofpact_learn, specs) - sizeof learn.ofpact);
        ofpact_finish(ofpacts, ofpacts->header);
    }
    ofpbuf_uninit(&specs);
    return err;
}

static const char *const unsupported_actions[] = {
    "ct", "ct_clear", "output_trunc", "fin_timeout",
    "sample", "stack_push", "stack_pop",
    "set_tunnel", "set_tunnel64", "mod_nw_ecn",
    "encap", "decap", "nat", "check_pkt_larger", "dec_nsh_ttl",
    "pop_queue", "debug_recirc", "debug_slow",
    "write_actions_set", "delete_field",
};

/* Parses one action 'key' with argument 'arg' (NULL if none). */
static char *
parse_action(char *key, char *arg, struct ofpbuf *ofpacts)
{
    uint64_t x;
    char *err;

    if (!strcasecmp(key, "output")) {
        uint16_t port;
        if (!arg) {
            return xstrdup("output: missing port");
        }
        if (strchr(arg, '[')) {
            return parse_output_reg(arg, ofpacts);
        }
        if (strchr(arg, '(')) {
            return xasprintf("output:%s: output with arguments not "
                             "supported yet", arg);
        }
        if (!strcasecmp(arg, "controller")) {
            return parse_controller(NULL, ofpacts);
        }
        err = parse_port(arg, &port);
        if (!err) {
            ofpact_put_OUTPUT(ofpacts)->port = port;
        }
        return err;
    } else if (!strcasecmp(key, "controller")) {
        return parse_controller(arg, ofpacts);
    } else if (!strcmp(key, "enqueue")) {
        char *sep = arg ? strpbrk(arg, ":,") : NULL;
        char *inner = arg ? strip_parens(arg) : NULL;
        if (inner) {
            sep = strchr(inner, ',');
            arg = inner;
        }
        if (!sep) {
            return xstrdup("enqueue: expects PORT:QUEUE");
        }
        *sep = '\0';
        uint16_t port;
        err = parse_port(arg, &port);
        if (!err) {
            err = parse_uint(sep + 1, "enqueue queue", UINT32_MAX, &x);
        }
        if (!err) {
            struct ofpact_enqueue *e = ofpact_put_ENQUEUE(ofpacts);
            e->port = port;
            e->queue = x;
        }
        return err;
    } else if (!strcmp(key, "group")) {
        err = parse_uint(arg, "group", UINT32_MAX, &x);
        if (!err) {
            ofpact_put_GROUP(ofpacts)->group_id = x;
        }
        return err;
    } else if (!strcmp(key, "mod_vlan_vid") || !strcmp(key, "set_vlan_vid")) {
        err = parse_uint(arg, key, 4095, &x);
        if (!err) {
            struct ofpact_vlan_vid *v = ofpact_put_SET_VLAN_VID(ofpacts);
            v->vlan_vid = x;
            /* As ovs-actions(7): only mod_vlan_vid adds a missing tag. */
            v->push_vlan_if_needed = key[0] == 'm';
        }
        return err;
    } else if (!strcmp(key, "mod_vlan_pcp") || !strcmp(key, "set_vlan_pcp")) {
        err = parse_uint(arg, key, 7, &x);
        if (!err) {
            struct ofpact_vlan_pcp *v = ofpact_put_SET_VLAN_PCP(ofpacts);
            v->vlan_pcp = x;
            v->push_vlan_if_needed = key[0] == 'm';
        }
        return err;
    } else if (!strcmp(key, "strip_vlan") || !strcmp(key, "pop_vlan")) {
        ofpact_put_STRIP_VLAN(ofpacts)->is_pop = key[0] == 'p';
        return NULL;
    } else if (!strcmp(key, "push_vlan")) {
        err = parse_uint(arg, "push_vlan", UINT16_MAX, &x);
        if (!err && x != 0x8100 && x != 0x88a8) {
            err = xasprintf("%s: not a valid VLAN ethertype", arg);
        }
        if (!err) {
            ofpact_put_PUSH_VLAN(ofpacts)->ethertype = htons(x);
        }
        return err;
    } else if (!strcmp(key, "push_mpls") || !strcmp(key, "pop_mpls")) {
        err = parse_uint(arg, key, UINT16_MAX, &x);
        if (!err && key[1] == 'u' && !eth_type_mpls(htons(x))) {
            err = xasprintf("%s: not a valid MPLS ethertype", arg);
        }
        if (!err && key[1] == 'u') {
            ofpact_put_PUSH_MPLS(ofpacts)->ethertype = htons(x);
        } else if (!err) {
            ofpact_put_POP_MPLS(ofpacts)->ethertype = htons(x);
        }
        return err;
    } else if (!strncmp(key, "set_mpls_", 9) && arg && strip_parens(arg)) {
        /* "set_mpls_label(10)", the form ovs-ofctl prints, is the same
         * action as "set_mpls_label:10". */
        return parse_action(key, arg + 1, ofpacts);
    } else if (!strcmp(key, "set_mpls_label")) {
        err = parse_uint(arg, key, 0xfffff, &x);
        if (!err) {
            ofpact_put_SET_MPLS_LABEL(ofpacts)->label = x;
        }
        return err;
    } else if (!strcmp(key, "set_mpls_tc")) {
        err = parse_uint(arg, key, 7, &x);
        if (!err) {
            ofpact_put_SET_MPLS_TC(ofpacts)->tc = x;
        }
        return err;
    } else if (!strcmp(key, "set_mpls_ttl")) {
        err = parse_uint(arg, key, 255, &x);
        if (!err) {
            ofpact_put_SET_MPLS_TTL(ofpacts)->ttl = x;
        }
        return err;
    } else if (!strcmp(key, "dec_mpls_ttl")) {
        ofpact_put_DEC_MPLS_TTL(ofpacts);
        return NULL;
    } else if (!strcmp(key, "mod_dl_src") || !strcmp(key, "mod_dl_dst")) {
        struct eth_addr mac;
        if (!arg || !eth_addr_from_string(arg, &mac)) {
            return xasprintf("%s: invalid Ethernet address",
                             arg ? arg : "");
        }
        struct ofpact_mac *m = (key[7] == 's'
                                ? ofpact_put_SET_ETH_SRC(ofpacts)
                                : ofpact_put_SET_ETH_DST(ofpacts));
        m->mac = mac;
        return NULL;
    } else if (!strcmp(key, "mod_nw_src") || !strcmp(key, "mod_nw_dst")) {
        ovs_be32 ip;
        if (!arg || inet_pton(AF_INET, arg, &ip) != 1) {
            return xasprintf("%s: invalid IP address", arg ? arg : "");
        }
        struct ofpact_ipv4 *p = (key[7] == 's'
                                 ? ofpact_put_SET_IPV4_SRC(ofpacts)
                                 : ofpact_put_SET_IPV4_DST(ofpacts));
        p->ipv4 = ip;
        return NULL;
    } else if (!strcmp(key, "mod_nw_tos")) {
        err = parse_uint(arg, key, 255, &x);
        if (!err && (x & 3)) {
            err = xasprintf("%s: not a valid TOS", arg);
        }
        if (!err) {
            ofpact_put_SET_IP_DSCP(ofpacts)->dscp = x;
        }
        return err;
    } else if (!strcmp(key, "mod_tp_src") || !strcmp(key, "mod_tp_dst")) {
        err = parse_uint(arg, key, UINT16_MAX, &x);
        if (!err) {
            struct ofpact_l4_port *p = (key[7] == 's'
                                        ? ofpact_put_SET_L4_SRC_PORT(ofpacts)
                                        : ofpact_put_SET_L4_DST_PORT(ofpacts));
            p->port = x;
        }
        return err;
    } else if (!strcmp(key, "set_field")) {
        return parse_set_field(arg, ofpacts);
    } else if (!strcmp(key, "load")) {
        return parse_load(arg, ofpacts);
    } else if (!strcmp(key, "move")) {
        return parse_move(arg, ofpacts);
    } else if (!strcmp(key, "dec_ttl")) {
        return parse_dec_ttl(arg, ofpacts);
    } else if (!strcmp(key, "mod_nw_ttl") || !strcmp(key, "set_nw_ttl")) {
        err = parse_uint(arg, key, 255, &x);
        if (err) {
            free(err);
            return xasprintf("invalid TTL \"%s\"", arg ? arg : "");
        }
        ofpact_put_SET_IP_TTL(ofpacts)->ttl = x;
        return NULL;
    } else if (!strcmp(key, "push") || !strcmp(key, "pop")) {
        struct ofp_subfield sf;
        if (!arg) {
            return xasprintf("%s: missing field", key);
        }
        err = parse_subfield(arg, &sf);
        if (!err) {
            struct ofpact_stack *st = (key[1] == 'u'
                                       ? ofpact_put_STACK_PUSH(ofpacts)
                                       : ofpact_put_STACK_POP(ofpacts));
            st->subfield = sf;
        }
        return err;
    } else if (!strcmp(key, "multipath")) {
        return parse_multipath(arg, ofpacts);
    } else if (!strcmp(key, "bundle") || !strcmp(key, "bundle_load")) {
        return parse_bundle(arg, !strcmp(key, "bundle_load"), ofpacts);
    } else if (!strcmp(key, "conjunction")) {
        return parse_conjunction(arg, ofpacts);
    } else if (!strcmp(key, "learn")) {
        return parse_learn(arg, ofpacts);
    } else if (!strcmp(key, "set_queue")) {
        err = parse_uint(arg, key, UINT32_MAX, &x);
        if (!err) {
            ofpact_put_SET_QUEUE(ofpacts)->queue_id = x;
        }
        return err;
    } else if (!strcmp(key, "resubmit")) {
        return parse_resubmit(arg, ofpacts);
    } else if (!strcmp(key, "note")) {
        return parse_note(arg, ofpacts);
    } else if (!strcmp(key, "exit")) {
        ofpact_put_EXIT(ofpacts);
        return NULL;
    } else if (!strcmp(key, "clone")) {
        return parse_nest(OFPACT_CLONE, arg, ofpacts);
    } else if (!strcmp(key, "meter")) {
        err = parse_uint(arg, key, UINT32_MAX, &x);
        if (!err) {
            ofpact_put_METER(ofpacts)->meter_id = x;
        }
        return err;
    } else if (!strcmp(key, "clear_actions")) {
        ofpact_put_CLEAR_ACTIONS(ofpacts);
        return NULL;
    } else if (!strcmp(key, "write_actions")) {
        return parse_nest(OFPACT_WRITE_ACTIONS, arg, ofpacts);
    } else if (!strcmp(key, "write_metadata")) {
        uint64_t value, mask = UINT64_MAX;
        char *slash = arg ? strchr(arg, '/') : NULL;
        if (slash) {
            *slash = '\0';
            err = parse_uint(slash + 1, "write_metadata mask", UINT64_MAX,
                             &mask);
            if (err) {
                return err;
            }
        }
        err = parse_uint(arg, key, UINT64_MAX, &value);
        if (!err) {
            struct ofpact_metadata *m = ofpact_put_WRITE_METADATA(ofpacts);
            m->metadata = htonll(value);
            m->mask = htonll(mask);
        }
        return err;
    } else if (!strcmp(key, "goto_table")) {
        err = parse_u8_arg(arg, key, 254, &x);
        if (!err) {
            ofpact_put_GOTO_TABLE(ofpacts)->table_id = x;
        }
        return err;
    } else if (!strcmp(key, "drop")) {
        return xstrdup("drop: must be the only action");
    }
    for (size_t i = 0; i < ARRAY_SIZE(unsupported_actions); i++) {
        if (!strcmp(key, unsupported_actions[i])) {
            return xasprintf("%s: action not supported yet", key);
        }
    }
    if (isdigit((unsigned char) key[0]) && !arg) {
        uint16_t port;
        err = parse_port(key, &port);
        if (!err) {
            ofpact_put_OUTPUT(ofpacts)->port = port;
        }
        return err;
    }
    /* A bare reserved port name ("NORMAL", "LOCAL", "IN_PORT"...). */
    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (!arg && !strcasecmp(key, port_names[i].name)
            && port_names[i].port != OFPP_NONE) {
            ofpact_put_OUTPUT(ofpacts)->port = port_names[i].port;
            return NULL;
        }
    }
    return xasprintf("unknown action %s", key);
}

static char *
parse_list(char *s, struct ofpbuf *ofpacts, bool nested)
{
    char *error = NULL;
    char *item;
    bool saw_drop = false, saw_other = false;

    while ((item = next_item(&s, &error)) != NULL) {
        char *arg = NULL;
        char *p = item + strcspn(item, ":(=");
        char *key;
        if (*p == '(') {
            key = xmemdup0(item, p - item);
            arg = p;
        } else {
            key = xmemdup0(item, p - item);
            if (*p) {
                arg = p + 1;
            }
        }
        if (!strcmp(key, "drop") && !arg) {
            saw_drop = true;
        } else {
            saw_other = true;
            error = parse_action(key, arg, ofpacts);
        }
        free(key);
        if (error) {
            return error;
        }
        if (saw_drop && saw_other) {
            return xstrdup("\"drop\" must not be combined with other "
                           "actions");
        }
    }
    (void) nested;
    return error;
}

char *
ofpacts_parse(const char *s, struct ofpbuf *ofpacts)
{
    char *copy = xstrdup(s);
    char *error = parse_list(copy, ofpacts, false);
    free(copy);
    if (!error) {
        ofpbuf_pad_to(ofpacts, OFPACT_ALIGNTO);
    }
    return error;
}

/* ---- Formatting. ---- */

static const char *
controller_reason_name(uint8_t reason)
{
    switch (reason) {
    case OFPR_NO_MATCH: return "no_match";
    case OFPR_ACTION: return "action";
    case OFPR_INVALID_TTL: return "invalid_ttl";
    case OFPR_ACTION_SET: return "action_set";
    case OFPR_GROUP: return "group";
    case OFPR_PACKET_OUT: return "packet_out";
    }
    return "unknown";
}

static void format_list(const struct ofpact *, size_t len, struct ds *s);

/* A learn spec's subfield under its NXM name, with the protocol its
 * name said for tp_src and tp_dst ("NXM_OF_UDP_DST[]"). */
static void
format_learn_subfield(const struct ofp_subfield *sf, uint8_t proto,
                      struct ds *s)
{
    bool src = sf->field->id == FF_TP_SRC;

    if ((sf->field->id == FF_TP_SRC || sf->field->id == FF_TP_DST)
        && proto == IPPROTO_UDP) {
        ds_put_cstr(s, src ? "NXM_OF_UDP_SRC" : "NXM_OF_UDP_DST");
    } else if ((sf->field->id == FF_TP_SRC || sf->field->id == FF_TP_DST)
               && proto == IPPROTO_SCTP) {
        ds_put_cstr(s, src ? "OXM_OF_SCTP_SRC" : "OXM_OF_SCTP_DST");
    } else {
        struct ofp_subfield whole = *sf;
        format_subfield(&whole, s);
        return;
    }
    if (subfield_is_whole(sf)) {
        ds_put_cstr(s, "[]");
    } else if (sf->n_bits == 1) {
        ds_put_format(s, "[%u]", sf->ofs);
    } else {
        ds_put_format(s, "[%u..%u]", sf->ofs, sf->ofs + sf->n_bits - 1);
    }
}

/* The name under which learn prints a whole-field match on 'f' (the
 * names of ovs-fields(7) that ovs-ofctl prints there). */
static const char *
learn_field_name(const struct flow_field *f, uint8_t proto)
{
    switch (f->id) {
    case FF_TP_SRC:
    case FF_TP_DST:
    case FF_DL_SRC:
    case FF_DL_DST:
    case FF_DL_TYPE:
    case FF_NW_SRC:
    case FF_NW_DST:
        return set_field_name(f, proto);
    default:
        return f->name;
    }
}

static void
format_learn(const struct ofpact_learn *l, struct ds *s)
{
    ds_put_format(s, "learn(table=%"PRIu8, l->table_id);
    if (l->idle_timeout) {
        ds_put_format(s, ",idle_timeout=%"PRIu16, l->idle_timeout);
    }
    if (l->hard_timeout) {
        ds_put_format(s, ",hard_timeout=%"PRIu16, l->hard_timeout);
    }
    if (l->fin_idle_timeout) {
        ds_put_format(s, ",fin_idle_timeout=%"PRIu16, l->fin_idle_timeout);
    }
    if (l->fin_hard_timeout) {
        ds_put_format(s, ",fin_hard_timeout=%"PRIu16, l->fin_hard_timeout);
    }
    if (l->priority != OFP_DEFAULT_PRIORITY) {
        ds_put_format(s, ",priority=%"PRIu16, l->priority);
    }
    if (l->flags & NX_LEARN_F_SEND_FLOW_REM) {
        ds_put_cstr(s, ",send_flow_rem");
    }
    if (l->flags & NX_LEARN_F_DELETE_LEARNED) {
        ds_put_cstr(s, ",delete_learned");
    }
    if (l->cookie) {
        ds_put_format(s, ",cookie=%#"PRIx64, ntohll(l->cookie));
    }
    if (l->limit) {
        ds_put_format(s, ",limit=%"PRIu32, l->limit);
    }
    if (l->flags & NX_LEARN_F_WRITE_RESULT) {
        ds_put_cstr(s, ",result_dst=");
        format_subfield(&l->result_dst, s);
    }
    for (size_t i = 0; i < l->n_specs; i++) {
        const struct ofpact_learn_spec *sp = &l->specs[i];
        bool imm = sp->src_type == NX_LEARN_SRC_IMMEDIATE;

        ds_put_char(s, ',');
        switch (sp->dst_type) {
        case NX_LEARN_DST_MATCH:
            if (imm && subfield_is_whole(&sp->dst)) {
                union flow_field_value v;
                const struct flow_field *f = sp->dst.field;

                learn_imm_to_value(f, sp->imm, &v);
                ds_put_format(s, "%s=", learn_field_name(f, sp->dst_proto));
                if ((f->type == FFT_UINT || f->type == FFT_BE)
                    && !flow_field_prints_hex(f)) {
                    ds_put_format(s, "%"PRIu64, v.integer);
                } else {
                    format_field_value(f, &v, s);
                }
            } else if (imm) {
                format_learn_subfield(&sp->dst, sp->dst_proto, s);
                ds_put_format(s, "=%#"PRIx64, ofpact_learn_imm_u64(sp));
            } else {
                format_learn_subfield(&sp->dst, sp->dst_proto, s);
                if (sp->src.field != sp->dst.field
                    || sp->src.ofs != sp->dst.ofs
                    || sp->src_proto != sp->dst_proto) {
                    ds_put_char(s, '=');
                    format_learn_subfield(&sp->src, sp->src_proto, s);
                }
            }
            break;
        case NX_LEARN_DST_LOAD:
            ds_put_cstr(s, "load:");
            if (imm) {
                ds_put_format(s, "%#"PRIx64, ofpact_learn_imm_u64(sp));
            } else {
                format_learn_subfield(&sp->src, sp->src_proto, s);
            }
            ds_put_cstr(s, "->");
            format_learn_subfield(&sp->dst, sp->dst_proto, s);
            break;
        case NX_LEARN_DST_OUTPUT:
            ds_put_cstr(s, "output:");
            format_learn_subfield(&sp->src, sp->src_proto, s);
            break;
        }
    }
    ds_put_char(s, ')');
}

static void
format_action(const struct ofpact *a, struct ds *s)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT: {
        const struct ofpact_output *o = ofpact_get_OUTPUT(a);
        if (o->port == OFPP_CONTROLLER) {
            ds_put_format(s, "CONTROLLER:%"PRIu16, o->max_len);
        } else if (o->port >= OFPP_IN_PORT && o->port < OFPP_NONE) {
            format_port(o->port, s);        /* Bare "NORMAL" etc. */
        } else {
            ds_put_format(s, "output:%"PRIu16, o->port);
        }
        break;
    }
    case OFPACT_CONTROLLER: {
        const struct ofpact_controller *c = ofpact_get_CONTROLLER(a);
        ds_put_cstr(s, "controller(");
        bool comma = false;
        if (c->reason != OFPR_ACTION) {
            ds_put_format(s, "reason=%s",
                          controller_reason_name(c->reason));
            comma = true;
        }
        if (c->max_len != UINT16_MAX) {
            ds_put_format(s, "%smax_len=%"PRIu16, comma ? "," : "",
                          c->max_len);
            comma = true;
        }
        if (c->controller_id) {
            ds_put_format(s, "%sid=%"PRIu16, comma ? "," : "",
                          c->controller_id);
            comma = true;
        }
        if (c->userdata_len) {
            ds_put_format(s, "%suserdata=", comma ? "," : "");
            for (size_t i = 0; i < c->userdata_len; i++) {
                ds_put_format(s, "%s%02"PRIx8, i ? "." : "",
                              c->userdata[i]);
            }
            comma = true;
        }
        if (c->pause) {
            ds_put_format(s, "%spause", comma ? "," : "");
        }
        ds_put_char(s, ')');
        break;
    }
    case OFPACT_ENQUEUE: {
        const struct ofpact_enqueue *e = ofpact_get_ENQUEUE(a);
        ds_put_cstr(s, "enqueue:");
        format_port(e->port, s);
        ds_put_format(s, ":%"PRIu32, e->queue);
        break;
    }
    case OFPACT_GROUP:
        ds_put_format(s, "group:%"PRIu32, ofpact_get_GROUP(a)->group_id);
        break;
    case OFPACT_SET_VLAN_VID:
        ds_put_format(s, "%s:%"PRIu16,
                      ofpact_get_SET_VLAN_VID(a)->push_vlan_if_needed
                      ? "mod_vlan_vid" : "set_vlan_vid",
                      ofpact_get_SET_VLAN_VID(a)->vlan_vid);
        break;
    case OFPACT_SET_VLAN_PCP:
        ds_put_format(s, "%s:%"PRIu8,
                      ofpact_get_SET_VLAN_PCP(a)->push_vlan_if_needed
                      ? "mod_vlan_pcp" : "set_vlan_pcp",
                      ofpact_get_SET_VLAN_PCP(a)->vlan_pcp);
        break;
    case OFPACT_STRIP_VLAN:
        ds_put_cstr(s, (ofpact_get_STRIP_VLAN(a)->is_pop ? "pop_vlan"
                        : "strip_vlan"));
        break;
    case OFPACT_PUSH_VLAN:
        ds_put_format(s, "push_vlan:%#"PRIx16,
                      ntohs(ofpact_get_PUSH_VLAN(a)->ethertype));
        break;
    case OFPACT_PUSH_MPLS:
        ds_put_format(s, "push_mpls:%#"PRIx16,
                      ntohs(ofpact_get_PUSH_MPLS(a)->ethertype));
        break;
    case OFPACT_POP_MPLS:
        /* Always four hex digits ("pop_mpls:0x0800"), as ovs-ofctl. */
        ds_put_format(s, "pop_mpls:0x%04"PRIx16,
                      ntohs(ofpact_get_POP_MPLS(a)->ethertype));
        break;
    case OFPACT_SET_MPLS_LABEL:
        ds_put_format(s, "set_mpls_label(%"PRIu32")",
                      ofpact_get_SET_MPLS_LABEL(a)->label);
        break;
    case OFPACT_SET_MPLS_TC:
        ds_put_format(s, "set_mpls_tc(%"PRIu8")",
                      ofpact_get_SET_MPLS_TC(a)->tc);
        break;
    case OFPACT_SET_MPLS_TTL:
        ds_put_format(s, "set_mpls_ttl(%"PRIu8")",
                      ofpact_get_SET_MPLS_TTL(a)->ttl);
        break;
    case OFPACT_DEC_MPLS_TTL:
        ds_put_cstr(s, "dec_mpls_ttl");
        break;
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST:
        ds_put_format(s, "%s:"ETH_ADDR_FMT, ofpact_name(a->type),
                      ETH_ADDR_ARGS(((const struct ofpact_mac *) a)->mac));
        break;
    case OFPACT_SET_IPV4_SRC:
    case OFPACT_SET_IPV4_DST:
        ds_put_format(s, "%s:"IP_FMT, ofpact_name(a->type),
                      IP_ARGS(((const struct ofpact_ipv4 *) a)->ipv4));
        break;
    case OFPACT_SET_IP_DSCP:
        ds_put_format(s, "mod_nw_tos:%"PRIu8,
                      ofpact_get_SET_IP_DSCP(a)->dscp);
        break;
    case OFPACT_SET_L4_SRC_PORT:
    case OFPACT_SET_L4_DST_PORT:
        ds_put_format(s, "%s:%"PRIu16, ofpact_name(a->type),
                      ((const struct ofpact_l4_port *) a)->port);
        break;
    case OFPACT_SET_FIELD: {
        const struct ofpact_set_field *sf = ofpact_get_SET_FIELD(a);
        ds_put_cstr(s, "set_field:");
        if (sf->field->id == FF_DL_VLAN
            && field_value_is_all_ones(sf->field, &sf->mask)) {
            ds_put_format(s, "%"PRIu64"->vlan_vid",
                          sf->value.integer | 0x1000);
            break;
        }
        if (!field_value_is_all_ones(sf->field, &sf->mask)) {
            format_field_value(sf->field, &sf->value, s);
            ds_put_char(s, '/');
            format_field_value(sf->field, &sf->mask, s);
        } else if ((sf->field->type == FFT_UINT || sf->field->type == FFT_BE)
                   && !flow_field_prints_hex(sf->field)) {
            /* As ovs-ofctl does: "set_field:2->ip_dscp". */
            ds_put_format(s, "%"PRIu64, sf->value.integer);
        } else {
            format_field_value(sf->field, &sf->value, s);
        }
        ds_put_format(s, "->%s", set_field_name(sf->field, sf->ip_proto));
        break;
    }
    case OFPACT_REG_MOVE: {
        const struct ofpact_reg_move *m = ofpact_get_REG_MOVE(a);
        ds_put_cstr(s, "move:");
        format_subfield(&m->src, s);
        ds_put_cstr(s, "->");
        format_subfield(&m->dst, s);
        break;
    }
    case OFPACT_REG_LOAD: {
        const struct ofpact_reg_load *l = ofpact_get_REG_LOAD(a);
        ds_put_format(s, "load:%#"PRIx64"->", l->value);
        format_subfield(&l->dst, s);
        break;
    }
    case OFPACT_DEC_TTL: {
        const struct ofpact_cnt_ids *ids = ofpact_get_DEC_TTL(a);
        ds_put_cstr(s, "dec_ttl");
        for (size_t i = 0; i < ids->n_ids; i++) {
            ds_put_format(s, "%c%"PRIu16, i ? ',' : '(', ids->ids[i]);
        }
        if (ids->n_ids) {
            ds_put_char(s, ')');
        }
        break;
    }
    case OFPACT_SET_IP_TTL:
        ds_put_format(s, "mod_nw_ttl:%"PRIu8, ofpact_get_SET_IP_TTL(a)->ttl);
        break;
    case OFPACT_STACK_PUSH:
    case OFPACT_STACK_POP:
        ds_put_format(s, "%s:", ofpact_name(a->type));
        format_subfield(&((const struct ofpact_stack *) a)->subfield, s);
        break;
    case OFPACT_OUTPUT_REG:
        ds_put_cstr(s, "output:");
        format_subfield(&ofpact_get_OUTPUT_REG(a)->src, s);
        break;
    case OFPACT_MULTIPATH: {
        const struct ofpact_multipath *mp = ofpact_get_MULTIPATH(a);
        ds_put_format(s, "multipath(%s,%"PRIu16",%s,%d,%"PRIu32",",
                      nx_hash_fields_name(mp->fields), mp->basis,
                      mp_alg_names[mp->algorithm], mp->max_link + 1,
                      mp->arg);
        format_subfield(&mp->dst, s);
        ds_put_char(s, ')');
        break;
    }
    case OFPACT_BUNDLE: {
        const struct ofpact_bundle *bd = ofpact_get_BUNDLE(a);
        ds_put_format(s, "%s(%s,%"PRIu16",%s,ofport,",
                      bd->dst.field ? "bundle_load" : "bundle",
                      nx_hash_fields_name(bd->fields), bd->basis,
                      bd_alg_names[bd->algorithm]);
        if (bd->dst.field) {
            format_subfield(&bd->dst, s);
            ds_put_char(s, ',');
        }
        ds_put_cstr(s, "members:");
        for (size_t i = 0; i < bd->n_members; i++) {
            if (i) {
                ds_put_char(s, ',');
            }
            format_port(bd->members[i], s);
        }
        ds_put_char(s, ')');
        break;
    }
    case OFPACT_LEARN:
        format_learn(ofpact_get_LEARN(a), s);
        break;
    case OFPACT_CONJUNCTION: {
        const struct ofpact_conjunction *c = ofpact_get_CONJUNCTION(a);
        ds_put_format(s, "conjunction(%"PRIu32",%d/%"PRIu8")", c->id,
                      c->clause + 1, c->n_clauses);
        break;
    }
    case OFPACT_SET_QUEUE:
        ds_put_format(s, "set_queue:%"PRIu32,
                      ofpact_get_SET_QUEUE(a)->queue_id);
        break;
    case OFPACT_RESUBMIT: {
        const struct ofpact_resubmit *r = ofpact_get_RESUBMIT(a);
        if (r->table_id == 0xff) {
            ds_put_cstr(s, "resubmit:");
            format_port(r->in_port, s);
        } else {
            ds_put_cstr(s, "resubmit(");
            if (r->in_port != OFPP_IN_PORT) {
                format_port(r->in_port, s);
            }
            ds_put_format(s, ",%"PRIu8")", r->table_id);
        }
        break;
    }
    case OFPACT_NOTE: {
        const struct ofpact_note *n = ofpact_get_NOTE(a);
        ds_put_cstr(s, "note:");
        for (size_t i = 0; i < n->length; i++) {
            ds_put_format(s, "%s%02"PRIx8, i ? "." : "", n->data[i]);
        }
        break;
    }
    case OFPACT_EXIT:
        ds_put_cstr(s, "exit");
        break;
    case OFPACT_CLONE:
    case OFPACT_WRITE_ACTIONS: {
        size_t n;
        const struct ofpact *inner
            = ofpact_nest_get_actions((const void *) a, &n);
        ds_put_format(s, "%s(", ofpact_name(a->type));
        format_list(inner, n, s);
        ds_put_char(s, ')');
        break;
    }
    case OFPACT_METER:
        ds_put_format(s, "meter:%"PRIu32, ofpact_get_METER(a)->meter_id);
        break;
    case OFPACT_CLEAR_ACTIONS:
        ds_put_cstr(s, "clear_actions");
        break;
    case OFPACT_WRITE_METADATA: {
        const struct ofpact_metadata *m = ofpact_get_WRITE_METADATA(a);
        ds_put_format(s, "write_metadata:%#"PRIx64, ntohll(m->metadata));
        if (m->mask != htonll(UINT64_MAX)) {
            ds_put_format(s, "/%#"PRIx64, ntohll(m->mask));
        }
        break;
    }
    case OFPACT_GOTO_TABLE:
        ds_put_format(s, "goto_table:%"PRIu8,
                      ofpact_get_GOTO_TABLE(a)->table_id);
        break;
    case OFPACT_N_TYPES:
    default:
        ds_put_format(s, "<unknown action %"PRIu16">", a->type);
        break;
    }
}

static void
format_list(const struct ofpact *ofpacts, size_t len, struct ds *s)
{
    const struct ofpact *a;
    bool first = true;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (!first) {
            ds_put_char(s, ',');
        }
        first = false;
        format_action(a, s);
    }
}

void
ofpacts_format(const struct ofpact *ofpacts, size_t len, struct ds *s)
{
    if (!len) {
        ds_put_cstr(s, "drop");
    } else {
        format_list(ofpacts, len, s);
    }
}

char *
ofpacts_to_string(const struct ofpact *ofpacts, size_t len)
{
    struct ds s;
    ds_init(&s);
    ofpacts_format(ofpacts, len, &s);
    return ds_steal_cstr(&s);
}
