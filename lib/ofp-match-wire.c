/* ofp-match-wire.c -- matches on the OpenFlow wire: the fixed OpenFlow 1.0
 * struct ofp_match and OpenFlow 1.1 struct ofp11_match, and the TLV
 * formats NXM (Nicira) and OXM (OpenFlow 1.2+).
 *
 * NXM and OXM are the same format with different field numbers: a list of
 * entries, each a 32-bit header (class:16, field:7, hasmask:1, length:8)
 * followed by the value and, if hasmask, a mask of the same size.  One
 * table, wire_fields[], says for every header which field of
 * lib/match.h's flow_fields[] it carries and how many bytes it takes;
 * values move between the wire and struct match through flow_field_get()
 * and match_set_field_masked(), so the table is the single source of
 * truth for both directions.  A few fields need special care:
 *
 *   - in_port: 16 bits in NXM, 32 bits in OXM (reserved ports at
 *     0xffffff00 and up);
 *   - VLANs: NXM has the 802.1Q TCI (CFI bit = "tag present"); OXM has
 *     VLAN_VID (bit 0x1000 = present) and VLAN_PCP.  A TCI mask that OXM
 *     cannot express falls back to the NXM field, which OpenFlow 1.2+
 *     peers of Open vSwitch accept too;
 *   - fields that share bits (tp_src is tcp_src, udp_src, sctp_src or
 *     icmp_type) are written under the name the match's protocol selects.
 *
 * Decoding checks lengths, masks, duplicates and prerequisites and
 * returns the OFPBMC_* error OpenFlow asks for.  The OpenFlow 1.0 match is
 * converted field by field; whether a match fits in it is decided by
 * converting there and back (ofp10_match_can_express()). */
#include <config.h>
#include <string.h>
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "util.h"

#define NXM_HEADER(CLASS, FIELD, LEN) \
    (((uint32_t) (CLASS) << 16) | ((FIELD) << 9) | (LEN))
#define NXM_CLASS(H) ((H) >> 16)
#define NXM_FIELD(H) (((H) >> 9) & 0x7f)
#define NXM_HASMASK(H) (((H) >> 8) & 1)
#define NXM_LENGTH(H) ((H) & 0xff)
/* The header without hasmask and length: identifies the field. */
#define NXM_KEY(H) ((H) & 0xfffffe00)

enum { NXM0 = 0x0000, NXM1 = 0x0001, OXM = 0x8000 };

/* Special conversions (WS_NONE: the value is the field's integer or
 * bytes, big-endian, in 'len' bytes). */
enum wire_special {
    WS_NONE,
    WS_IN_PORT_OXM,     /* 32-bit port with reserved-port mapping. */
    WS_NXM_TOS,         /* NXM_OF_IP_TOS: DSCP in the upper six bits. */
    WS_OXM_VLAN_VID,    /* VID | 0x1000 if present. */
    WS_OXM_VLAN_PCP,
    WS_COOKIE,          /* NXM_NX_COOKIE: not a match field. */
};

struct wire_field {
    uint32_t header;            /* Without hasmask; length = value size. */
    enum flow_field_id id;
    bool oxm;                   /* An OXM (OpenFlow 1.2+) header. */
    bool maskable;
    uint8_t nw_proto;           /* Required nw_proto, or 0. */
    enum wire_special special;
};

#define W(CLASS, FIELD, LEN, ID, MASKABLE, PROTO, SPECIAL)              \
    { NXM_HEADER(CLASS, FIELD, LEN), ID, CLASS == OXM, MASKABLE, PROTO, \
      SPECIAL }
#define REGW(N) W(NXM1, N, 4, FF_REG0 + N, true, 0, WS_NONE)

/* Order: the order in which nx_put_match() writes entries (prerequisites
 * first, as Open vSwitch does; decoders do not depend on it). */
static const struct wire_field wire_fields[] = {
    /* OXM basic fields. */
    W(OXM, 0, 4, FF_IN_PORT, false, 0, WS_IN_PORT_OXM),
    W(OXM, 2, 8, FF_METADATA, true, 0, WS_NONE),
    W(OXM, 3, 6, FF_DL_DST, true, 0, WS_NONE),
    W(OXM, 4, 6, FF_DL_SRC, true, 0, WS_NONE),
    W(OXM, 5, 2, FF_DL_TYPE, false, 0, WS_NONE),
    W(OXM, 6, 2, FF_VLAN_TCI, true, 0, WS_OXM_VLAN_VID),
    W(OXM, 7, 1, FF_VLAN_TCI, false, 0, WS_OXM_VLAN_PCP),
    W(OXM, 8, 1, FF_IP_DSCP, false, 0, WS_NONE),
    W(OXM, 9, 1, FF_NW_ECN, false, 0, WS_NONE),
    W(OXM, 10, 1, FF_NW_PROTO, false, 0, WS_NONE),
    W(OXM, 11, 4, FF_NW_SRC, true, 0, WS_NONE),
    W(OXM, 12, 4, FF_NW_DST, true, 0, WS_NONE),
    W(OXM, 13, 2, FF_TP_SRC, true, 6, WS_NONE),
    W(OXM, 14, 2, FF_TP_DST, true, 6, WS_NONE),
    W(OXM, 15, 2, FF_TP_SRC, true, 17, WS_NONE),
    W(OXM, 16, 2, FF_TP_DST, true, 17, WS_NONE),
    W(OXM, 17, 2, FF_TP_SRC, true, 132, WS_NONE),
    W(OXM, 18, 2, FF_TP_DST, true, 132, WS_NONE),
    W(OXM, 19, 1, FF_ICMP_TYPE, false, 0, WS_NONE),
    W(OXM, 20, 1, FF_ICMP_CODE, false, 0, WS_NONE),
    W(OXM, 21, 2, FF_ARP_OP, false, 0, WS_NONE),
    W(OXM, 22, 4, FF_ARP_SPA, true, 0, WS_NONE),
    W(OXM, 23, 4, FF_ARP_TPA, true, 0, WS_NONE),
    W(OXM, 24, 6, FF_ARP_SHA, true, 0, WS_NONE),
    W(OXM, 25, 6, FF_ARP_THA, true, 0, WS_NONE),
    W(OXM, 26, 16, FF_IPV6_SRC, true, 0, WS_NONE),
    W(OXM, 27, 16, FF_IPV6_DST, true, 0, WS_NONE),
    W(OXM, 28, 4, FF_IPV6_LABEL, true, 0, WS_NONE),
    W(OXM, 29, 1, FF_ICMPV6_TYPE, false, 0, WS_NONE),
    W(OXM, 30, 1, FF_ICMPV6_CODE, false, 0, WS_NONE),
    W(OXM, 31, 16, FF_ND_TARGET, true, 0, WS_NONE),
    W(OXM, 32, 6, FF_ND_SLL, true, 0, WS_NONE),
    W(OXM, 33, 6, FF_ND_TLL, true, 0, WS_NONE),
    W(OXM, 34, 4, FF_MPLS_LABEL, false, 0, WS_NONE),
    W(OXM, 35, 1, FF_MPLS_TC, false, 0, WS_NONE),
    W(OXM, 36, 1, FF_MPLS_BOS, false, 0, WS_NONE),
    W(OXM, 38, 8, FF_TUN_ID, true, 0, WS_NONE),

    /* NXM_OF_* (class 0). */
    W(NXM0, 0, 2, FF_IN_PORT, false, 0, WS_NONE),
    W(NXM0, 1, 6, FF_DL_DST, true, 0, WS_NONE),
    W(NXM0, 2, 6, FF_DL_SRC, true, 0, WS_NONE),
    W(NXM0, 3, 2, FF_DL_TYPE, false, 0, WS_NONE),
    W(NXM0, 4, 2, FF_VLAN_TCI, true, 0, WS_NONE),
    W(NXM0, 5, 1, FF_IP_DSCP, false, 0, WS_NXM_TOS),
    W(NXM0, 6, 1, FF_NW_PROTO, false, 0, WS_NONE),
    W(NXM0, 7, 4, FF_NW_SRC, true, 0, WS_NONE),
    W(NXM0, 8, 4, FF_NW_DST, true, 0, WS_NONE),
    W(NXM0, 9, 2, FF_TP_SRC, true, 6, WS_NONE),
    W(NXM0, 10, 2, FF_TP_DST, true, 6, WS_NONE),
    W(NXM0, 11, 2, FF_TP_SRC, true, 17, WS_NONE),
    W(NXM0, 12, 2, FF_TP_DST, true, 17, WS_NONE),
    W(NXM0, 13, 1, FF_ICMP_TYPE, false, 0, WS_NONE),
    W(NXM0, 14, 1, FF_ICMP_CODE, false, 0, WS_NONE),
    W(NXM0, 15, 2, FF_ARP_OP, false, 0, WS_NONE),
    W(NXM0, 16, 4, FF_ARP_SPA, true, 0, WS_NONE),
    W(NXM0, 17, 4, FF_ARP_TPA, true, 0, WS_NONE),

    /* NXM_NX_* (class 1). */
    REGW(0), REGW(1), REGW(2), REGW(3), REGW(4), REGW(5), REGW(6),
    REGW(7), REGW(8), REGW(9), REGW(10), REGW(11), REGW(12), REGW(13),
    REGW(14), REGW(15),
    W(NXM1, 16, 8, FF_TUN_ID, true, 0, WS_NONE),
    W(NXM1, 17, 6, FF_ARP_SHA, true, 0, WS_NONE),
    W(NXM1, 18, 6, FF_ARP_THA, true, 0, WS_NONE),
    W(NXM1, 19, 16, FF_IPV6_SRC, true, 0, WS_NONE),
    W(NXM1, 20, 16, FF_IPV6_DST, true, 0, WS_NONE),
    W(NXM1, 21, 1, FF_ICMPV6_TYPE, false, 0, WS_NONE),
    W(NXM1, 22, 1, FF_ICMPV6_CODE, false, 0, WS_NONE),
    W(NXM1, 23, 16, FF_ND_TARGET, true, 0, WS_NONE),
    W(NXM1, 24, 6, FF_ND_SLL, true, 0, WS_NONE),
    W(NXM1, 25, 6, FF_ND_TLL, true, 0, WS_NONE),
    W(NXM1, 26, 1, FF_NW_FRAG, true, 0, WS_NONE),
    W(NXM1, 27, 4, FF_IPV6_LABEL, true, 0, WS_NONE),
    W(NXM1, 28, 1, FF_NW_ECN, false, 0, WS_NONE),
    W(NXM1, 29, 1, FF_NW_TTL, false, 0, WS_NONE),
    W(NXM1, 30, 8, FF_N_FIELDS, true, 0, WS_COOKIE),
    W(NXM1, 31, 4, FF_TUN_SRC, true, 0, WS_NONE),
    W(NXM1, 32, 4, FF_TUN_DST, true, 0, WS_NONE),
    W(NXM1, 33, 4, FF_PKT_MARK, true, 0, WS_NONE),
    W(NXM1, 34, 2, FF_TCP_FLAGS, true, 0, WS_NONE),
    W(NXM1, 35, 4, FF_DP_HASH, true, 0, WS_NONE),
    W(NXM1, 36, 4, FF_RECIRC_ID, false, 0, WS_NONE),
    W(NXM1, 37, 4, FF_CONJ_ID, false, 0, WS_NONE),
    /* NXM_NX_MPLS_TTL: same field number as NXM_NX_COOKIE, told apart by
     * its length (1 byte). */
    W(NXM1, 30, 1, FF_MPLS_TTL, false, 0, WS_NONE),
    W(NXM1, 104, 2, FF_TUN_FLAGS, true, 0, WS_NONE),
    W(NXM1, 105, 4, FF_CT_STATE, true, 0, WS_NONE),
    W(NXM1, 106, 2, FF_CT_ZONE, false, 0, WS_NONE),
    W(NXM1, 107, 4, FF_CT_MARK, true, 0, WS_NONE),
    W(NXM1, 108, 16, FF_CT_LABEL, true, 0, WS_NONE),
    W(NXM1, 109, 16, FF_TUN_IPV6_SRC, true, 0, WS_NONE),
    W(NXM1, 110, 16, FF_TUN_IPV6_DST, true, 0, WS_NONE),
};

static const struct wire_field *
wire_field_lookup(uint32_t header)
{
    /* A few Nicira fields share a number and differ in length (the 8-byte
     * NXM_NX_COOKIE and the 1-byte NXM_NX_MPLS_TTL): prefer the entry
     * whose length fits; otherwise the first, whose length check then
     * reports the bad length. */
    unsigned int len = NXM_LENGTH(header) / (header & 0x100 ? 2 : 1);
    const struct wire_field *first = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(wire_fields); i++) {
        if (NXM_KEY(wire_fields[i].header) == NXM_KEY(header)) {
            if (NXM_LENGTH(wire_fields[i].header) == len) {
                return &wire_fields[i];
            }
            if (!first) {
                first = &wire_fields[i];
            }
        }
    }
    return first;
}

static unsigned int
wire_len(const struct wire_field *w)
{
    return NXM_LENGTH(w->header);
}

/* Integer <-> big-endian bytes. */
static void
put_be(uint8_t *p, uint64_t x, unsigned int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = x;
        x >>= 8;
    }
}

static uint64_t
get_be(const uint8_t *p, unsigned int n)
{
    uint64_t x = 0;
    for (unsigned int i = 0; i < n; i++) {
        x = (x << 8) | p[i];
    }
    return x;
}

static bool
is_int_type(const struct flow_field *f)
{
    return f->type == FFT_UINT || f->type == FFT_BE;
}

static uint64_t
int_field_max(const struct flow_field *f)
{
    return f->n_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << f->n_bits) - 1;
}

/* 16-bit OpenFlow 1.0 port <-> 32-bit OpenFlow 1.1+ port. */
static uint32_t
port_to_ofp11(uint32_t port)
{
    return port >= OFPP_MAX ? port + 0xffff0000 : port;
}

static bool
port_from_ofp11(uint32_t port32, uint32_t *port)
{
    if (port32 < OFPP_MAX) {
        *port = port32;
    } else if (port32 >= 0xffffff00) {
        *port = port32 - 0xffff0000;
    } else {
        return false;
    }
    return true;
}

/* Field value to wire bytes. */
static void
value_to_wire(const struct wire_field *w, const union flow_field_value *v,
              bool is_mask, uint8_t *p)
{
    const struct flow_field *f = &flow_fields[w->id];
    unsigned int n = wire_len(w);

    switch (w->special) {
    case WS_IN_PORT_OXM:
        put_be(p, is_mask ? UINT32_MAX : port_to_ofp11(v->integer), 4);
        return;
    case WS_NXM_TOS:
        p[0] = v->integer << 2;
        return;
    case WS_OXM_VLAN_VID:
    case WS_OXM_VLAN_PCP:
    case WS_COOKIE:
    case WS_NONE:
        break;
    }
    if (is_int_type(f)) {
        put_be(p, v->integer, n);
    } else {
        memcpy(p, v, n);
    }
}

/* Wire bytes to a field value.  Returns false if the value does not fit
 * the field. */
static bool
value_from_wire(const struct wire_field *w, const uint8_t *p, bool is_mask,
                union flow_field_value *v)
{
    const struct flow_field *f = &flow_fields[w->id];
    unsigned int n = wire_len(w);

    memset(v, 0, sizeof *v);
    switch (w->special) {
    case WS_IN_PORT_OXM: {
        uint32_t port;
        if (is_mask || !port_from_ofp11(get_be(p, 4), &port)) {
            return false;
        }
        v->integer = port;
        return true;
    }
    case WS_NXM_TOS:
        if (p[0] & 3) {
            return false;
        }
        v->integer = p[0] >> 2;
        return true;
    case WS_OXM_VLAN_VID:
    case WS_OXM_VLAN_PCP:
    case WS_COOKIE:
    case WS_NONE:
        break;
    }
    if (is_int_type(f)) {
        uint64_t x = get_be(p, n);
        if (x & ~int_field_max(f)) {
            return false;
        }
        v->integer = x;
    } else {
        memcpy(v, p, n);
    }
    return true;
}

static bool
value_is_zero(const struct flow_field *f, const union flow_field_value *v)
{
    if (is_int_type(f)) {
        return !v->integer;
    }
    for (unsigned int i = 0; i < f->n_bytes; i++) {
        if (v->u128[i]) {
            return false;
        }
    }
    return true;
}

static bool
value_is_exact(const struct flow_field *f, const union flow_field_value *v)
{
    if (is_int_type(f)) {
        return v->integer == int_field_max(f);
    }
    for (unsigned int i = 0; i < f->n_bytes; i++) {
        if (v->u128[i] != 0xff) {
            return false;
        }
    }
    return true;
}

static void
put_entry(struct ofpbuf *b, uint32_t header, const uint8_t *value,
          const uint8_t *mask)
{
    unsigned int n = NXM_LENGTH(header);
    uint8_t *p;

    if (mask) {
        header = (header & ~0xffu) | 0x100 | (2 * n);
    }
    p = ofpbuf_put_uninit(b, 4);
    put_be(p, header, 4);
    ofpbuf_put(b, value, n);
    if (mask) {
        ofpbuf_put(b, mask, n);
    }
}

/* Writes field 'w' of 'm' if the match uses it. */
static void
put_field(struct ofpbuf *b, const struct wire_field *w,
          const struct match *m)
{
    const struct flow_field *f = &flow_fields[w->id];
    union flow_field_value v, mask;
    uint8_t vb[16], mb[16];

    flow_field_get(f, &m->wc.masks, &mask);
    if (value_is_zero(f, &mask)) {
        return;
    }
    flow_field_get(f, &m->flow, &v);
    value_to_wire(w, &v, false, vb);
    if (value_is_exact(f, &mask) || !w->maskable) {
        put_entry(b, w->header, vb, NULL);
    } else {
        value_to_wire(w, &mask, true, mb);
        put_entry(b, w->header, vb, mb);
    }
}

static const struct wire_field *
find_wire(enum flow_field_id id, bool oxm, uint8_t nw_proto)
{
    for (size_t i = 0; i < ARRAY_SIZE(wire_fields); i++) {
        const struct wire_field *w = &wire_fields[i];
        if (w->id == id && w->oxm == oxm && w->nw_proto == nw_proto
            && w->special != WS_OXM_VLAN_PCP) {
            return w;
        }
    }
    return NULL;
}

/* Writes the field 'id' of 'm' under its OXM name if 'oxm' and one
 * exists, else its NXM name. */
static void
put_by_id(struct ofpbuf *b, enum flow_field_id id, bool oxm,
          const struct match *m, uint8_t nw_proto)
{
    const struct wire_field *w = NULL;

    if (oxm) {
        w = find_wire(id, true, nw_proto);
    }
    if (!w) {
        w = find_wire(id, false, nw_proto);
    }
    if (w) {
        put_field(b, w, m);
    }
}

static bool
exact_dl_type(const struct match *m, uint16_t type)
{
    return m->wc.masks.dl_type == htons(0xffff)
           && m->flow.dl_type == htons(type);
}

static void
put_vlan(struct ofpbuf *b, const struct match *m, bool oxm)
{
    uint16_t mask = ntohs(m->wc.masks.vlans[0].tci);
    uint16_t tci = ntohs(m->flow.vlans[0].tci);
    uint8_t vb[2], mb[2];

    if (!mask) {
        return;
    }
    if (oxm) {
        uint32_t vid_h = NXM_HEADER(OXM, 6, 2), pcp_h = NXM_HEADER(OXM, 7, 1);
        uint16_t vidmask = mask & 0x1fff;
        bool ok = true;
        if (mask == 0xffff && tci == 0) {
            put_be(vb, 0, 2);           /* OFPVID_NONE. */
            put_entry(b, vid_h, vb, NULL);
            return;
        }
        if (!(tci & VLAN_CFI) || !(mask & VLAN_CFI)) {
            ok = false;
        }
        if ((mask & 0xe000) && (mask & 0xe000) != 0xe000) {
            ok = false;
        }
        if (ok) {
            put_be(vb, (tci & 0xfff) | 0x1000, 2);
            if (vidmask == 0x1fff) {
                put_entry(b, vid_h, vb, NULL);
            } else {
                put_be(mb, vidmask, 2);
                put_entry(b, vid_h, vb, mb);
            }
            if (mask & 0xe000) {
                vb[0] = tci >> 13;
                put_entry(b, pcp_h, vb, NULL);
            }
            return;
        }
    }
    put_be(vb, tci, 2);
    if (mask == 0xffff) {
        put_entry(b, NXM_HEADER(NXM0, 4, 2), vb, NULL);
    } else {
        put_be(mb, mask, 2);
        put_entry(b, NXM_HEADER(NXM0, 4, 2), vb, mb);
    }
}

size_t
nx_put_match(struct ofpbuf *b, const struct match *m, bool oxm,
             ovs_be64 cookie, ovs_be64 cookie_mask)
{
    size_t start = b->size;
    uint8_t proto = m->wc.masks.nw_proto == 0xff ? m->flow.nw_proto : 0;
    bool ip = exact_dl_type(m, ETH_TYPE_IP) || exact_dl_type(m, ETH_TYPE_IPV6);
    bool ip6 = exact_dl_type(m, ETH_TYPE_IPV6);
    bool arp = exact_dl_type(m, ETH_TYPE_ARP) || exact_dl_type(m,
                                                               ETH_TYPE_RARP);

    /* Metadata. */
    put_by_id(b, FF_IN_PORT, oxm, m, 0);
    put_by_id(b, FF_SKB_PRIORITY, oxm, m, 0);
    put_by_id(b, FF_PKT_MARK, oxm, m, 0);
    put_by_id(b, FF_RECIRC_ID, oxm, m, 0);
    put_by_id(b, FF_DP_HASH, oxm, m, 0);
    put_by_id(b, FF_CONJ_ID, oxm, m, 0);
    put_by_id(b, FF_CT_STATE, oxm, m, 0);
    put_by_id(b, FF_CT_ZONE, oxm, m, 0);
    put_by_id(b, FF_CT_MARK, oxm, m, 0);
    put_by_id(b, FF_CT_LABEL, oxm, m, 0);

    /* L2. */
    put_by_id(b, FF_DL_DST, oxm, m, 0);
    put_by_id(b, FF_DL_SRC, oxm, m, 0);
    put_by_id(b, FF_DL_TYPE, oxm, m, 0);
    put_vlan(b, m, oxm);

    /* MPLS. */
    if (exact_dl_type(m, ETH_TYPE_MPLS)
        || exact_dl_type(m, ETH_TYPE_MPLS_MCAST)) {
        put_by_id(b, FF_MPLS_TC, oxm, m, 0);
        put_by_id(b, FF_MPLS_BOS, oxm, m, 0);
        put_by_id(b, FF_MPLS_LABEL, oxm, m, 0);
        put_by_id(b, FF_MPLS_TTL, oxm, m, 0);
    }

    /* L3. */
    if (ip) {
        if (ip6) {
            put_by_id(b, FF_IPV6_SRC, oxm, m, 0);
            put_by_id(b, FF_IPV6_DST, oxm, m, 0);
            put_by_id(b, FF_IPV6_LABEL, oxm, m, 0);
        } else {
            put_by_id(b, FF_NW_SRC, oxm, m, 0);
            put_by_id(b, FF_NW_DST, oxm, m, 0);
        }
        put_by_id(b, FF_NW_FRAG, oxm, m, 0);
        put_by_id(b, FF_IP_DSCP, oxm, m, 0);
        put_by_id(b, FF_NW_ECN, oxm, m, 0);
        put_by_id(b, FF_NW_TTL, oxm, m, 0);
        put_by_id(b, FF_NW_PROTO, oxm, m, 0);
        if (proto == IPPROTO_TCP || proto == IPPROTO_UDP
            || proto == IPPROTO_SCTP) {
            put_by_id(b, FF_TP_SRC, oxm, m, proto);
            put_by_id(b, FF_TP_DST, oxm, m, proto);
            if (proto == IPPROTO_TCP) {
                put_by_id(b, FF_TCP_FLAGS, oxm, m, 0);
            }
        } else if (proto == IPPROTO_ICMP && !ip6) {
            put_by_id(b, FF_ICMP_TYPE, oxm, m, 0);
            put_by_id(b, FF_ICMP_CODE, oxm, m, 0);
        } else if (proto == IPPROTO_ICMPV6 && ip6) {
            put_by_id(b, FF_ICMPV6_TYPE, oxm, m, 0);
            put_by_id(b, FF_ICMPV6_CODE, oxm, m, 0);
            put_by_id(b, FF_ND_TARGET, oxm, m, 0);
            put_by_id(b, FF_ND_SLL, oxm, m, 0);
            put_by_id(b, FF_ND_TLL, oxm, m, 0);
        }
    } else if (arp) {
        put_by_id(b, FF_ARP_OP, oxm, m, 0);
        put_by_id(b, FF_ARP_SPA, oxm, m, 0);
        put_by_id(b, FF_ARP_TPA, oxm, m, 0);
        put_by_id(b, FF_ARP_SHA, oxm, m, 0);
        put_by_id(b, FF_ARP_THA, oxm, m, 0);
    }

    /* Tunnel. */
    put_by_id(b, FF_TUN_ID, oxm, m, 0);
    put_by_id(b, FF_TUN_SRC, oxm, m, 0);
    put_by_id(b, FF_TUN_DST, oxm, m, 0);
    put_by_id(b, FF_TUN_IPV6_SRC, oxm, m, 0);
    put_by_id(b, FF_TUN_IPV6_DST, oxm, m, 0);
    put_by_id(b, FF_TUN_FLAGS, oxm, m, 0);

    /* Registers. */
    for (int i = 0; i < FLOW_N_REGS; i++) {
        put_by_id(b, FF_REG0 + i, false, m, 0);
    }
    if (oxm) {
        put_by_id(b, FF_METADATA, true, m, 0);
    } else if (m->wc.masks.metadata) {
        /* NXM has metadata only as an OXM-class entry, which Open vSwitch
         * accepts in NXM too. */
        put_by_id(b, FF_METADATA, true, m, 0);
    }

    if (cookie_mask) {
        uint8_t vb[8], mb[8];
        uint32_t h = NXM_HEADER(NXM1, 30, 8);
        memcpy(vb, &cookie, 8);
        memcpy(mb, &cookie_mask, 8);
        put_entry(b, h, vb, cookie_mask == OVS_BE64_MAX ? NULL : mb);
    }
    return b->size - start;
}

/* Applies a decoded OXM VLAN_VID or VLAN_PCP entry. */
static enum ofperr
set_oxm_vlan(struct match *m, const struct wire_field *w, const uint8_t *vp,
             const uint8_t *mp)
{
    uint16_t tci = ntohs(m->flow.vlans[0].tci);
    uint16_t mask = ntohs(m->wc.masks.vlans[0].tci);

    if (w->special == WS_OXM_VLAN_VID) {
        uint16_t vid = get_be(vp, 2);
        uint16_t vm = mp ? get_be(mp, 2) : 0x1fff;
        if ((vid & ~0x1fff) || (vm & ~0x1fff)) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        if (!mp && vid == 0) {
            /* OFPVID_NONE: no tag at all. */
            mask = 0xffff;
            tci = 0;
        } else {
            mask = (mask & 0xe000) | vm;
            tci = (tci & 0xe000) | (vid & vm);
        }
    } else {
        if (vp[0] > 7) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        mask |= 0xe000 | VLAN_CFI;
        tci = (tci & 0x1fff) | (vp[0] << 13) | VLAN_CFI;
    }
    match_set_vlan_tci_masked(m, htons(tci), htons(mask));
    return 0;
}

static enum ofperr
pull_xreg(struct match *m, uint32_t h, const uint8_t *p, unsigned int n)
{
    int idx = NXM_FIELD(h) * 2;
    bool hasmask = NXM_HASMASK(h);
    uint64_t v, mask;

    if (n != (hasmask ? 16 : 8)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if ((m->wc.masks.regs[idx] | m->wc.masks.regs[idx + 1])) {
        return OFPERR_OFPBMC_DUP_FIELD;
    }
    v = get_be(p, 8);
    mask = hasmask ? get_be(p + 8, 8) : UINT64_MAX;
    match_set_reg_masked(m, idx, v >> 32, mask >> 32);
    match_set_reg_masked(m, idx + 1, v, mask);
    return 0;
}

enum ofperr
nx_pull_match(const void *p_, size_t len, struct match *m,
              ovs_be64 *cookie, ovs_be64 *cookie_mask)
{
    const uint8_t *p = p_;
    const struct wire_field *seen[64];
    size_t n_seen = 0;

    match_init_catchall(m);
    if (cookie) {
        *cookie = *cookie_mask = 0;
    }
    while (len > 0) {
        if (len < 4) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        uint32_t h = get_be(p, 4);
        unsigned int n = NXM_LENGTH(h);
        if (n == 0 || n + 4 > len) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        if (NXM_CLASS(h) == 0x8001 && NXM_FIELD(h) < FLOW_N_REGS / 2) {
            /* OpenFlow 1.5 packet registers: 64-bit "xregN" is reg2N
             * (high half) and reg2N+1 (low half). */
            enum ofperr error = pull_xreg(m, h, p + 4, n);
            if (error) {
                return error;
            }
            p += 4 + n;
            len -= 4 + n;
            continue;
        }
        const struct wire_field *w = wire_field_lookup(h);
        if (!w) {
            return OFPERR_OFPBMC_BAD_FIELD;
        }
        bool hasmask = NXM_HASMASK(h);
        if (n != wire_len(w) * (hasmask ? 2 : 1)) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        if (hasmask && !w->maskable) {
            return OFPERR_OFPBMC_BAD_MASK;
        }
        for (size_t i = 0; i < n_seen; i++) {
            if (seen[i] == w) {
                return OFPERR_OFPBMC_DUP_FIELD;
            }
        }
        if (n_seen >= ARRAY_SIZE(seen)) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        seen[n_seen++] = w;

        const uint8_t *vp = p + 4;
        const uint8_t *mp = hasmask ? vp + wire_len(w) : NULL;
        if (w->special == WS_COOKIE) {
            if (!cookie) {
                return OFPERR_OFPBMC_BAD_FIELD;
            }
            memcpy(cookie, vp, 8);
            if (mp) {
                memcpy(cookie_mask, mp, 8);
            } else {
                *cookie_mask = OVS_BE64_MAX;
            }
            *cookie &= *cookie_mask;
        } else if (w->special == WS_OXM_VLAN_VID
                   || w->special == WS_OXM_VLAN_PCP) {
            enum ofperr error = set_oxm_vlan(m, w, vp, mp);
            if (error) {
                return error;
            }
        } else {
            const struct flow_field *f = &flow_fields[w->id];
            union flow_field_value v, mask;
            if (!value_from_wire(w, vp, false, &v)) {
                return OFPERR_OFPBMC_BAD_VALUE;
            }
            if (mp) {
                if (!value_from_wire(w, mp, true, &mask)) {
                    return OFPERR_OFPBMC_BAD_MASK;
                }
            } else {
                memset(&mask, 0xff, sizeof mask);
                if (is_int_type(f)) {
                    mask.integer = int_field_max(f);
                }
            }
            match_set_field_masked(m, f, &v, &mask);
        }
        p += 4 + n;
        len -= 4 + n;
    }

    /* Prerequisites, now that the whole match is known. */
    for (size_t i = 0; i < n_seen; i++) {
        const struct wire_field *w = seen[i];
        if (w->special == WS_COOKIE) {
            continue;
        }
        if (!match_prereqs_ok(m, &flow_fields[w->id])
            || (w->nw_proto && (m->wc.masks.nw_proto != 0xff
                                || m->flow.nw_proto != w->nw_proto))) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        }
    }
    return 0;
}

size_t
oxm_put_match(struct ofpbuf *b, const struct match *m)
{
    size_t start = b->size;
    uint8_t *hdr = ofpbuf_put_zeros(b, 4);
    size_t n = nx_put_match(b, m, true, 0, 0);

    hdr = (uint8_t *) b->data + start;
    put_be(hdr, 1, 2);                  /* OFPMT_OXM. */
    put_be(hdr + 2, 4 + n, 2);
    ofpbuf_pad_to(b, 8);
    return b->size - start;
}

enum ofperr
oxm_pull_match(struct ofpbuf *b, struct match *m)
{
    const uint8_t *p = b->data;

    if (b->size < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    uint16_t type = get_be(p, 2);
    uint16_t len = get_be(p + 2, 2);
    size_t padded = ROUND_UP(len, 8);
    if (type != 1) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    if (len < 4 || padded > b->size) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    enum ofperr error = nx_pull_match(p + 4, len - 4, m, NULL, NULL);
    if (!error) {
        ofpbuf_pull(b, padded);
    }
    return error;
}

uint32_t
nxm_header_for_field(const struct flow_field *f, bool oxm)
{
    return nxm_header_for_field_proto(f, oxm, 0);
}

uint32_t
nxm_header_for_field_proto(const struct flow_field *f, bool oxm,
                           uint8_t ip_proto)
{
    const struct wire_field *w = NULL;
    bool is_port = f->id == FF_TP_SRC || f->id == FF_TP_DST;
    uint8_t proto = ip_proto ? ip_proto : IPPROTO_TCP;

    if (oxm) {
        w = find_wire(f->id, true, 0);
    }
    if (!w) {
        w = find_wire(f->id, false, 0);
    }
    if (!w && is_port) {
        /* NXM has no SCTP ports: OXM's serve there too. */
        w = find_wire(f->id, oxm, proto);
        if (!w) {
            w = find_wire(f->id, true, proto);
        }
    } else if (!w && f->id == FF_METADATA) {
        w = find_wire(f->id, true, 0);
    }
    return w ? w->header : 0;
}

const struct flow_field *
nxm_field_from_header(uint32_t header)
{
    const struct wire_field *w = wire_field_lookup(header);
    if (!w || w->special == WS_COOKIE || w->special == WS_OXM_VLAN_VID
        || w->special == WS_OXM_VLAN_PCP || w->special == WS_NXM_TOS
        || w->special == WS_IN_PORT_OXM) {
        /* These need value conversion; subfield users get the plain
         * field only. */
        if (w && w->special == WS_OXM_VLAN_VID) {
            return &flow_fields[FF_DL_VLAN];
        }
        if (w && w->special == WS_OXM_VLAN_PCP) {
            return &flow_fields[FF_DL_VLAN_PCP];
        }
        if (w && w->special == WS_NXM_TOS) {
            return &flow_fields[FF_NW_TOS];
        }
        if (w && w->special == WS_IN_PORT_OXM) {
            return &flow_fields[FF_IN_PORT];
        }
        return NULL;
    }
    return &flow_fields[w->id];
}

/* OpenFlow 1.0 match. */

#define OFPFW10_IN_PORT     (1 << 0)
#define OFPFW10_DL_VLAN     (1 << 1)
#define OFPFW10_DL_SRC      (1 << 2)
#define OFPFW10_DL_DST      (1 << 3)
#define OFPFW10_DL_TYPE     (1 << 4)
#define OFPFW10_NW_PROTO    (1 << 5)
#define OFPFW10_TP_SRC      (1 << 6)
#define OFPFW10_TP_DST      (1 << 7)
#define OFPFW10_NW_SRC_SHIFT 8
#define OFPFW10_NW_DST_SHIFT 14
#define OFPFW10_DL_VLAN_PCP (1 << 20)
#define OFPFW10_NW_TOS      (1 << 21)

struct ofp10_match {
    ovs_be32 wildcards;
    ovs_be16 in_port;
    struct eth_addr dl_src;
    struct eth_addr dl_dst;
    ovs_be16 dl_vlan;
    uint8_t dl_vlan_pcp;
    uint8_t pad1;
    ovs_be16 dl_type;
    uint8_t nw_tos;
    uint8_t nw_proto;
    uint8_t pad2[2];
    ovs_be32 nw_src;
    ovs_be32 nw_dst;
    ovs_be16 tp_src;
    ovs_be16 tp_dst;
} __attribute__((packed));
_Static_assert(sizeof(struct ofp10_match) == OFP10_MATCH_LEN, "ofp10_match");

/* Number of wildcarded low bits for CIDR 'mask' (32 if not a CIDR mask,
 * which the caller detects by converting back). */
static int
cidr_wild_bits(ovs_be32 mask)
{
    uint32_t m = ntohl(mask);
    int ones = 0;
    while (ones < 32 && (m & (0x80000000u >> ones))) {
        ones++;
    }
    return 32 - ones;
}

static ovs_be32
cidr_mask(int wild)
{
    return wild >= 32 ? 0 : htonl(UINT32_MAX << wild);
}

void
ofp10_match_encode(const struct match *m, void *out)
{
    struct ofp10_match *om = out;
    const struct flow *f = &m->flow, *w = &m->wc.masks;
    uint32_t wc = 0;

    memset(om, 0, sizeof *om);
    if (!w->in_port) {
        wc |= OFPFW10_IN_PORT;
    }
    om->in_port = htons(f->in_port);
    if (eth_addr_equals(w->dl_src, eth_addr_zero)) {
        wc |= OFPFW10_DL_SRC;
    }
    om->dl_src = f->dl_src;
    if (eth_addr_equals(w->dl_dst, eth_addr_zero)) {
        wc |= OFPFW10_DL_DST;
    }
    om->dl_dst = f->dl_dst;

    uint16_t tci = ntohs(f->vlans[0].tci), tmask = ntohs(w->vlans[0].tci);
    if (!tmask) {
        wc |= OFPFW10_DL_VLAN | OFPFW10_DL_VLAN_PCP;
    } else if (tmask == 0xffff && !tci) {
        om->dl_vlan = htons(OFP_VLAN_NONE);
        wc |= OFPFW10_DL_VLAN_PCP;
    } else {
        if (tmask & 0x0fff) {
            om->dl_vlan = htons(tci & 0xfff);
        } else {
            wc |= OFPFW10_DL_VLAN;
        }
        if (tmask & 0xe000) {
            om->dl_vlan_pcp = tci >> 13;
        } else {
            wc |= OFPFW10_DL_VLAN_PCP;
        }
    }
    if (!w->dl_type) {
        wc |= OFPFW10_DL_TYPE;
    }
    om->dl_type = f->dl_type;
    if (!(w->nw_tos & 0xfc)) {
        wc |= OFPFW10_NW_TOS;
    }
    om->nw_tos = f->nw_tos & 0xfc;
    if (!w->nw_proto) {
        wc |= OFPFW10_NW_PROTO;
    }
    om->nw_proto = f->nw_proto;
    wc |= MIN(cidr_wild_bits(w->nw_src), 32) << OFPFW10_NW_SRC_SHIFT;
    wc |= MIN(cidr_wild_bits(w->nw_dst), 32) << OFPFW10_NW_DST_SHIFT;
    om->nw_src = f->nw_src;
    om->nw_dst = f->nw_dst;
    if (!w->tp_src) {
        wc |= OFPFW10_TP_SRC;
    }
    om->tp_src = f->tp_src;
    if (!w->tp_dst) {
        wc |= OFPFW10_TP_DST;
    }
    om->tp_dst = f->tp_dst;
    om->wildcards = htonl(wc);
}

enum ofperr
ofp10_match_decode(const void *in, struct match *m)
{
    const struct ofp10_match *om = in;
    uint32_t wc = ntohl(om->wildcards);

    match_init_catchall(m);
    if (!(wc & OFPFW10_IN_PORT)) {
        match_set_in_port(m, ntohs(om->in_port));
    }
    if (!(wc & OFPFW10_DL_SRC)) {
        match_set_dl_src_masked(m, om->dl_src, eth_addr_exact);
    }
    if (!(wc & OFPFW10_DL_DST)) {
        match_set_dl_dst_masked(m, om->dl_dst, eth_addr_exact);
    }
    if (!(wc & OFPFW10_DL_VLAN)) {
        uint16_t vid = ntohs(om->dl_vlan);
        if (vid == OFP_VLAN_NONE) {
            match_set_vlan_tci_masked(m, 0, htons(0xffff));
        } else {
            match_set_vlan_tci_masked(m, htons((vid & 0xfff) | VLAN_CFI),
                                      htons(0x1fff));
        }
    }
    if (!(wc & OFPFW10_DL_VLAN_PCP)
        && ((wc & OFPFW10_DL_VLAN) || ntohs(om->dl_vlan) != OFP_VLAN_NONE)) {
        uint16_t tci = ntohs(m->flow.vlans[0].tci);
        uint16_t mask = ntohs(m->wc.masks.vlans[0].tci);
        tci = (tci & 0x1fff) | ((om->dl_vlan_pcp & 7) << 13) | VLAN_CFI;
        mask |= 0xe000 | VLAN_CFI;
        match_set_vlan_tci_masked(m, htons(tci), htons(mask));
    }
    if (!(wc & OFPFW10_DL_TYPE)) {
        match_set_dl_type(m, om->dl_type);
    }
    if (!(wc & OFPFW10_NW_TOS)) {
        match_set_nw_dscp(m, om->nw_tos);
    }
    if (!(wc & OFPFW10_NW_PROTO)) {
        match_set_nw_proto(m, om->nw_proto);
    }
    int sw = (wc >> OFPFW10_NW_SRC_SHIFT) & 0x3f;
    int dw = (wc >> OFPFW10_NW_DST_SHIFT) & 0x3f;
    if (sw < 32) {
        match_set_nw_src_masked(m, om->nw_src, cidr_mask(sw));
    }
    if (dw < 32) {
        match_set_nw_dst_masked(m, om->nw_dst, cidr_mask(dw));
    }
    if (!(wc & OFPFW10_TP_SRC)) {
        match_set_tp_src_masked(m, om->tp_src, htons(0xffff));
    }
    if (!(wc & OFPFW10_TP_DST)) {
        match_set_tp_dst_masked(m, om->tp_dst, htons(0xffff));
    }
    /* OpenFlow 1.0 switches ignore fields whose prerequisites are not
     * met rather than rejecting the match. */
    match_normalize(m);
    return 0;
}

bool
ofp10_match_can_express(const struct match *m)
{
    struct ofp10_match om;
    struct match back, norm = *m;

    match_normalize(&norm);
    ofp10_match_encode(&norm, &om);
    return !ofp10_match_decode(&om, &back) && match_equal(&back, &norm);
}

/* The OpenFlow 1.1 fixed match (struct ofp11_match, type OFPMT_STANDARD,
 * 88 bytes).  Unlike 1.0 it carries bit masks for the Ethernet and IPv4
 * addresses and for metadata, with the opposite sense to OXM: a 1 bit in
 * a 1.1 mask means "don't care".  VLAN, TOS, protocol, ports and MPLS
 * are either exact or wildcarded by a bit in 'wildcards'. */
#define OFPFW11_IN_PORT     (1 << 0)
#define OFPFW11_DL_VLAN     (1 << 1)
#define OFPFW11_DL_VLAN_PCP (1 << 2)
#define OFPFW11_DL_TYPE     (1 << 3)
#define OFPFW11_NW_TOS      (1 << 4)
#define OFPFW11_NW_PROTO    (1 << 5)
#define OFPFW11_TP_SRC      (1 << 6)
#define OFPFW11_TP_DST      (1 << 7)
#define OFPFW11_MPLS_LABEL  (1 << 8)
#define OFPFW11_MPLS_TC     (1 << 9)

#define OFPVID11_ANY  0xfffe    /* Any tag, but a tag must be present. */
#define OFPVID11_NONE 0xffff    /* No tag. */

struct ofp11_match {
    ovs_be16 type;              /* OFPMT_STANDARD (0). */
    ovs_be16 length;            /* 88. */
    ovs_be32 in_port;
    ovs_be32 wildcards;
    struct eth_addr dl_src;
    struct eth_addr dl_src_mask;
    struct eth_addr dl_dst;
    struct eth_addr dl_dst_mask;
    ovs_be16 dl_vlan;
    uint8_t dl_vlan_pcp;
    uint8_t pad1;
    ovs_be16 dl_type;
    uint8_t nw_tos;
    uint8_t nw_proto;
    ovs_be32 nw_src;
    ovs_be32 nw_src_mask;
    ovs_be32 nw_dst;
    ovs_be32 nw_dst_mask;
    ovs_be16 tp_src;
    ovs_be16 tp_dst;
    ovs_be32 mpls_label;
    uint8_t mpls_tc;
    uint8_t pad2[3];
    ovs_be64 metadata;
    ovs_be64 metadata_mask;
} __attribute__((packed));
_Static_assert(sizeof(struct ofp11_match) == OFP11_MATCH_LEN, "ofp11_match");

static struct eth_addr
eth_invert(struct eth_addr a)
{
    for (int i = 0; i < 6; i++) {
        a.ea[i] = ~a.ea[i];
    }
    return a;
}

void
ofp11_match_encode(const struct match *m, void *out)
{
    struct ofp11_match *om = out;
    const struct flow *f = &m->flow, *w = &m->wc.masks;
    uint32_t wc = 0;

    memset(om, 0, sizeof *om);
    om->type = htons(0);
    om->length = htons(OFP11_MATCH_LEN);
    if (!w->in_port) {
        wc |= OFPFW11_IN_PORT;
    } else {
        om->in_port = htonl(port_to_ofp11(f->in_port));
    }
    om->dl_src = f->dl_src;
    om->dl_src_mask = eth_invert(w->dl_src);
    om->dl_dst = f->dl_dst;
    om->dl_dst_mask = eth_invert(w->dl_dst);

    uint16_t tci = ntohs(f->vlans[0].tci), tmask = ntohs(w->vlans[0].tci);
    if (!tmask) {
        wc |= OFPFW11_DL_VLAN | OFPFW11_DL_VLAN_PCP;
    } else if ((tmask & VLAN_CFI) && !(tci & VLAN_CFI)) {
        om->dl_vlan = htons(OFPVID11_NONE);
        wc |= OFPFW11_DL_VLAN_PCP;
    } else {
        om->dl_vlan = htons(tmask & 0x0fff ? tci & 0x0fff : OFPVID11_ANY);
        if (tmask & 0xe000) {
            om->dl_vlan_pcp = tci >> 13;
        } else {
            wc |= OFPFW11_DL_VLAN_PCP;
        }
    }
    if (!w->dl_type) {
        wc |= OFPFW11_DL_TYPE;
    } else {
        om->dl_type = f->dl_type;
    }
    if (!(w->nw_tos & 0xfc)) {
        wc |= OFPFW11_NW_TOS;
    } else {
        om->nw_tos = f->nw_tos & 0xfc;
    }
    if (!w->nw_proto) {
        wc |= OFPFW11_NW_PROTO;
    } else {
        om->nw_proto = f->nw_proto;
    }
    om->nw_src = f->nw_src;
    om->nw_src_mask = ~w->nw_src;
    om->nw_dst = f->nw_dst;
    om->nw_dst_mask = ~w->nw_dst;
    if (!w->tp_src) {
        wc |= OFPFW11_TP_SRC;
    } else {
        om->tp_src = f->tp_src;
    }
    if (!w->tp_dst) {
        wc |= OFPFW11_TP_DST;
    } else {
        om->tp_dst = f->tp_dst;
    }
    uint32_t lse = ntohl(f->mpls_lse[0]), lmask = ntohl(w->mpls_lse[0]);
    if (!(lmask & 0xfffff000)) {
        wc |= OFPFW11_MPLS_LABEL;
    } else {
        om->mpls_label = htonl(lse >> 12);
    }
    if (!(lmask & 0x00000e00)) {
        wc |= OFPFW11_MPLS_TC;
    } else {
        om->mpls_tc = (lse >> 9) & 7;
    }
    om->metadata = f->metadata;
    om->metadata_mask = ~w->metadata;
    om->wildcards = htonl(wc);
}

static bool
is_ip_proto_with_ports(uint8_t proto)
{
    return proto == 6 || proto == 17 || proto == 132 || proto == 1;
}

enum ofperr
ofp11_match_decode(const void *in, size_t len, struct match *m)
{
    const struct ofp11_match *om = in;

    if (len < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (om->type != htons(0)) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    if (ntohs(om->length) != OFP11_MATCH_LEN || len < OFP11_MATCH_LEN) {
        return OFPERR_OFPBMC_BAD_LEN;
    }

    uint32_t wc = ntohl(om->wildcards);
    match_init_catchall(m);
    if (!(wc & OFPFW11_IN_PORT)) {
        uint32_t port;
        if (!port_from_ofp11(ntohl(om->in_port), &port)) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        match_set_in_port(m, port);
    }
    match_set_dl_src_masked(m, om->dl_src, eth_invert(om->dl_src_mask));
    match_set_dl_dst_masked(m, om->dl_dst, eth_invert(om->dl_dst_mask));

    if (!(wc & OFPFW11_DL_VLAN)) {
        uint16_t vid = ntohs(om->dl_vlan);
        if (vid == OFPVID11_NONE) {
            match_set_vlan_tci_masked(m, 0, htons(0xffff));
        } else {
            uint16_t tci = VLAN_CFI, mask = VLAN_CFI;
            if (vid != OFPVID11_ANY) {
                if (vid & ~0x0fff) {
                    return OFPERR_OFPBMC_BAD_VALUE;
                }
                tci |= vid;
                mask |= 0x0fff;
            }
            /* The PCP counts only where a tag is matched. */
            if (!(wc & OFPFW11_DL_VLAN_PCP)) {
                if (om->dl_vlan_pcp > 7) {
                    return OFPERR_OFPBMC_BAD_VALUE;
                }
                tci |= om->dl_vlan_pcp << 13;
                mask |= 0xe000;
            }
            match_set_vlan_tci_masked(m, htons(tci), htons(mask));
        }
    }
    if (!(wc & OFPFW11_DL_TYPE)) {
        match_set_dl_type(m, om->dl_type);
    }

    bool ipv4 = !(wc & OFPFW11_DL_TYPE) && om->dl_type == htons(0x0800);
    bool arp = !(wc & OFPFW11_DL_TYPE) && om->dl_type == htons(0x0806);
    if (ipv4 && !(wc & OFPFW11_NW_TOS)) {
        if (om->nw_tos & 0x03) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        match_set_nw_dscp(m, om->nw_tos);
    }
    if (ipv4 || arp) {
        if (!(wc & OFPFW11_NW_PROTO)) {
            match_set_nw_proto(m, om->nw_proto);
        }
        match_set_nw_src_masked(m, om->nw_src, ~om->nw_src_mask);
        match_set_nw_dst_masked(m, om->nw_dst, ~om->nw_dst_mask);
    }
    if (ipv4 && (~wc & (OFPFW11_TP_SRC | OFPFW11_TP_DST))) {
        /* Transport ports need a protocol that has them. */
        if ((wc & OFPFW11_NW_PROTO)
            || !is_ip_proto_with_ports(om->nw_proto)) {
            return OFPERR_OFPBMC_BAD_FIELD;
        }
        if (!(wc & OFPFW11_TP_SRC)) {
            match_set_tp_src_masked(m, om->tp_src, htons(0xffff));
        }
        if (!(wc & OFPFW11_TP_DST)) {
            match_set_tp_dst_masked(m, om->tp_dst, htons(0xffff));
        }
    }
    if (!(wc & OFPFW11_DL_TYPE)
        && (om->dl_type == htons(0x8847) || om->dl_type == htons(0x8848))) {
        uint32_t lse = 0, lmask = 0;
        if (!(wc & OFPFW11_MPLS_LABEL)) {
            if (ntohl(om->mpls_label) > 0xfffff) {
                return OFPERR_OFPBMC_BAD_VALUE;
            }
            lse |= ntohl(om->mpls_label) << 12;
            lmask |= 0xfffff000;
        }
        if (!(wc & OFPFW11_MPLS_TC)) {
            if (om->mpls_tc > 7) {
                return OFPERR_OFPBMC_BAD_VALUE;
            }
            lse |= (uint32_t) om->mpls_tc << 9;
            lmask |= 0x00000e00;
        }
        if (lmask) {
            match_set_mpls_lse_masked(m, 0, htonl(lse), htonl(lmask));
        }
    }
    match_set_metadata_masked(m, om->metadata, ~om->metadata_mask);
    /* Fields whose prerequisites are not met are ignored, as in 1.0. */
    match_normalize(m);
    return 0;
}

bool
ofp11_match_can_express(const struct match *m)
{
    struct ofp11_match om;
    struct match back, norm = *m;

    match_normalize(&norm);
    ofp11_match_encode(&norm, &om);
    return (!ofp11_match_decode(&om, sizeof om, &back)
            && match_equal(&back, &norm));
}

size_t
ofp11_put_match(struct ofpbuf *b, const struct match *m, int version)
{
    if (version == OFP11_VERSION) {
        ofp11_match_encode(m, ofpbuf_put_uninit(b, OFP11_MATCH_LEN));
        return OFP11_MATCH_LEN;
    }
    return oxm_put_match(b, m);
}

enum ofperr
ofp11_pull_match(struct ofpbuf *b, struct match *m, int version)
{
    if (version == OFP11_VERSION) {
        enum ofperr error = ofp11_match_decode(b->data, b->size, m);
        if (!error) {
            ofpbuf_pull(b, OFP11_MATCH_LEN);
        }
        return error;
    }
    return oxm_pull_match(b, m);
}

/* Single field values (set_field, NXAST_REG_LOAD2). */

size_t
nx_put_field_value(struct ofpbuf *b, const struct flow_field *f,
                   const union flow_field_value *v,
                   const union flow_field_value *mask, bool oxm)
{
    return nx_put_field_value_proto(b, f, v, mask, oxm, 0);
}

uint8_t
nxm_header_ip_proto(uint32_t header)
{
    const struct wire_field *w = wire_field_lookup(header);
    return w ? w->nw_proto : 0;
}

size_t
nx_put_field_value_proto(struct ofpbuf *b, const struct flow_field *f,
                         const union flow_field_value *v,
                         const union flow_field_value *mask, bool oxm,
                         uint8_t ip_proto)
{
    size_t start = b->size;
    uint8_t vb[16], mb[16];
    const struct wire_field *w;

    switch (f->id) {
    case FF_DL_VLAN:
        put_be(vb, (v->integer & 0xfff) | 0x1000, 2);
        /* The "present" bit is set in the value, so it must be in the
         * mask too (peers reject value bits outside the mask). */
        put_be(mb, mask ? (mask->integer & 0xfff) | 0x1000 : 0x1fff, 2);
        put_entry(b, NXM_HEADER(OXM, 6, 2), vb, mask ? mb : NULL);
        return b->size - start;
    case FF_DL_VLAN_PCP:
        vb[0] = v->integer & 7;
        put_entry(b, NXM_HEADER(OXM, 7, 1), vb, NULL);
        return b->size - start;
    case FF_NW_TOS:
        w = find_wire(FF_IP_DSCP, oxm, 0);
        break;
    default:
        w = NULL;
        if (oxm) {
            w = find_wire(f->id, true, 0);
        }
        if (!w) {
            w = find_wire(f->id, false, 0);
        }
        if (!w && (f->id == FF_TP_SRC || f->id == FF_TP_DST)) {
            uint8_t proto = ip_proto ? ip_proto : IPPROTO_TCP;
            w = find_wire(f->id, oxm, proto);
            if (!w) {
                w = find_wire(f->id, true, proto);   /* SCTP in NXM. */
            }
        }
        if (!w) {
            w = find_wire(f->id, true, 0);
        }
        break;
    }
    if (!w) {
        return 0;
    }
    value_to_wire(w, v, false, vb);
    if (mask && !value_is_exact(f, mask)) {
        value_to_wire(w, mask, true, mb);
        put_entry(b, w->header, vb, mb);
    } else {
        put_entry(b, w->header, vb, NULL);
    }
    return b->size - start;
}

enum ofperr
nx_pull_field_value(const void *p_, size_t len, const struct flow_field **fp,
                    union flow_field_value *v, union flow_field_value *mask,
                    size_t *used)
{
    const uint8_t *p = p_;

    if (len < 4) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    uint32_t h = get_be(p, 4);
    unsigned int n = NXM_LENGTH(h);
    const struct wire_field *w = wire_field_lookup(h);
    if (!w || w->special == WS_COOKIE) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    bool hasmask = NXM_HASMASK(h);
    if (n != wire_len(w) * (hasmask ? 2 : 1) || n + 4 > len) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    const uint8_t *vp = p + 4, *mp = hasmask ? vp + wire_len(w) : NULL;
    *used = 4 + n;
    memset(mask, 0, sizeof *mask);
    if (w->special == WS_OXM_VLAN_VID) {
        uint16_t x = get_be(vp, 2);
        if (!(x & 0x1000) || x > 0x1fff) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
        *fp = &flow_fields[FF_DL_VLAN];
        memset(v, 0, sizeof *v);
        v->integer = x & 0xfff;
        mask->integer = mp ? get_be(mp, 2) & 0xfff : 0xfff;
        return 0;
    }
    if (w->special == WS_OXM_VLAN_PCP) {
        if (vp[0] > 7) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
        *fp = &flow_fields[FF_DL_VLAN_PCP];
        memset(v, 0, sizeof *v);
        v->integer = vp[0];
        mask->integer = 7;
        return 0;
    }
    const struct flow_field *f = &flow_fields[w->id];
    if (!value_from_wire(w, vp, false, v)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    if (mp) {
        if (!value_from_wire(w, mp, true, mask)) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
    } else if (is_int_type(f)) {
        mask->integer = int_field_max(f);
    } else {
        memset(mask, 0xff, f->n_bytes);
    }
    *fp = f;
    return 0;
}
