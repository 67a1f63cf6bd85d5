/* ofp-actions-wire.c -- actions and instructions on the OpenFlow wire.
 *
 * Converts between ofpacts (lib/ofp-actions.h) and the action lists of
 * OpenFlow 1.0, 1.1 and 1.2+ (the standard actions differ per version:
 * 1.0 has mod_* actions, 1.2+ replaces them with OFPAT_SET_FIELD), the
 * Nicira vendor actions (NXAST_*) used for what a version cannot say
 * (resubmit, load, move, note, exit, clone, controller, dec_ttl and
 * set_queue in 1.0...; in every version output_reg, push/pop,
 * dec_ttl(ids), multipath, bundle, bundle_load, conjunction and learn),
 * and the instructions of 1.1+ (apply/write/clear actions,
 * write_metadata, goto_table, meter).
 *
 * Every action on the wire is a type (2 bytes), a length (2, a multiple
 * of 8) and a body; vendor actions (type 0xffff) add a vendor id
 * (0x00002320 for Nicira) and a 16-bit subtype.  Decoding checks each
 * length before reading and maps every problem to the OFPBAC_ or OFPBIC_
 * error that OpenFlow defines for it. */
#include <config.h>
#include <string.h>
#include "coverage.h"
#include "ofp-bytes.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofp_actions_wire);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

/* Ofpacts left out because the version cannot express them; read by
 * ofpacts_openflow_encodable() (a tool-side check, so the unlocked
 * counter is good enough). */
static unsigned int n_unencodable;
static bool checking;           /* In ofpacts_openflow_encodable(). */

#define NX_VENDOR_ID 0x00002320

/* OpenFlow 1.0 action types. */
enum {
    OFPAT10_OUTPUT, OFPAT10_SET_VLAN_VID, OFPAT10_SET_VLAN_PCP,
    OFPAT10_STRIP_VLAN, OFPAT10_SET_DL_SRC, OFPAT10_SET_DL_DST,
    OFPAT10_SET_NW_SRC, OFPAT10_SET_NW_DST, OFPAT10_SET_NW_TOS,
    OFPAT10_SET_TP_SRC, OFPAT10_SET_TP_DST, OFPAT10_ENQUEUE,
};

/* OpenFlow 1.1+ action types. */
enum {
    OFPAT11_OUTPUT = 0, OFPAT11_SET_VLAN_VID = 1, OFPAT11_SET_VLAN_PCP = 2,
    OFPAT11_SET_DL_SRC = 3, OFPAT11_SET_DL_DST = 4, OFPAT11_SET_NW_SRC = 5,
    OFPAT11_SET_NW_DST = 6, OFPAT11_SET_NW_TOS = 7, OFPAT11_SET_TP_SRC = 9,
    OFPAT11_SET_TP_DST = 10,
    OFPAT11_SET_MPLS_LABEL = 13, OFPAT11_SET_MPLS_TC = 14,
    OFPAT_SET_MPLS_TTL = 15, OFPAT_DEC_MPLS_TTL = 16,
    OFPAT_PUSH_MPLS = 19, OFPAT_POP_MPLS = 20,
    OFPAT_PUSH_VLAN = 17, OFPAT_POP_VLAN = 18, OFPAT_SET_QUEUE = 21,
    OFPAT_GROUP = 22, OFPAT_SET_NW_TTL = 23, OFPAT_DEC_NW_TTL = 24,
    OFPAT_SET_FIELD = 25,
    OFPAT15_COPY_FIELD = 28, OFPAT_METER = 29,
    OFPAT_VENDOR = 0xffff,
};

/* Nicira action subtypes. */
enum {
    NXAST_RESUBMIT = 1, NXAST_SET_QUEUE = 4, NXAST_POP_QUEUE = 5,
    NXAST_REG_MOVE = 6, NXAST_REG_LOAD = 7, NXAST_NOTE = 8,
    NXAST_RESUBMIT_TABLE = 14, NXAST_EXIT = 17, NXAST_DEC_TTL = 18,
    NXAST_CONTROLLER = 20, NXAST_WRITE_METADATA = 22,
    NXAST_REG_LOAD2 = 33, NXAST_GROUP = 40, NXAST_CLONE = 42,
    NXAST_MULTIPATH = 10, NXAST_BUNDLE = 12, NXAST_BUNDLE_LOAD = 13,
    NXAST_OUTPUT_REG = 15, NXAST_DEC_TTL_CNT_IDS = 21,
    NXAST_STACK_PUSH = 27, NXAST_STACK_POP = 28, NXAST_OUTPUT_REG2 = 32,
    NXAST_CONJUNCTION = 34, NXAST_LEARN = 16, NXAST_LEARN2 = 45,
    NXAST_CONTROLLER2 = 37,
    NXAST_PUSH_MPLS = 23, NXAST_POP_MPLS = 24, NXAST_SET_MPLS_TTL = 25,
    NXAST_DEC_MPLS_TTL = 26, NXAST_SET_MPLS_LABEL = 30,
    NXAST_SET_MPLS_TC = 31,
};

/* NXAST_CONTROLLER2's properties (type:16 length:16 value, padded to 8
 * bytes). */
enum {
    NXAC2PT_MAX_LEN = 0,        /* u16. */
    NXAC2PT_CONTROLLER_ID = 1,  /* u16. */
    NXAC2PT_REASON = 2,         /* u8. */
    NXAC2PT_USERDATA = 3,       /* Bytes. */
    NXAC2PT_PAUSE = 4,          /* Flag: no value. */
    NXAC2PT_METER_ID = 5,       /* u32. */
};

/* NXM_OF_IN_PORT's header: the only member type of NXAST_BUNDLE. */
#define NXM_OF_IN_PORT_HEADER 0x00000002

/* Instruction types. */
enum {
    OFPIT_GOTO_TABLE = 1, OFPIT_WRITE_METADATA = 2, OFPIT_WRITE_ACTIONS = 3,
    OFPIT_APPLY_ACTIONS = 4, OFPIT_CLEAR_ACTIONS = 5, OFPIT_METER = 6,
};


/* Appends an action of 'len' bytes (a multiple of 8) with 'type' and
 * returns its start. */
static uint8_t *
put_action(struct ofpbuf *b, uint16_t type, size_t len)
{
    uint8_t *p = ofpbuf_put_zeros(b, len);
    put16(p, type);
    put16(p + 2, len);
    return p;
}

static uint8_t *
put_nxast(struct ofpbuf *b, uint16_t subtype, size_t len)
{
    uint8_t *p = put_action(b, OFPAT_VENDOR, len);
    put32(p + 4, NX_VENDOR_ID);
    put16(p + 8, subtype);
    return p;
}

/* Appends an NXAST_CONTROLLER2 property of 'type': 'len' bytes of 'data',
 * or if 'data' is NULL the 'len'-byte big-endian integer 'x'. */
static void
put_controller2_prop(struct ofpbuf *b, uint16_t type, const void *data,
                     size_t len, uint32_t x)
{
    uint8_t *p = ofpbuf_put_zeros(b, 4 + len);
    put16(p, type);
    put16(p + 2, 4 + len);
    if (data) {
        memcpy(p + 4, data, len);
    } else if (len == 1) {
        p[4] = x;
    } else if (len == 2) {
        put16(p + 4, x);
    } else if (len == 4) {
        put32(p + 4, x);
    }
    ofpbuf_pad_to(b, 8);
}

/* NXAST_CONTROLLER2 of 'len' bytes at 'p': properties from byte 16. */
static enum ofperr
pull_controller2(const uint8_t *p, size_t len, struct ofpbuf *out)
{
    uint16_t max_len = UINT16_MAX, id = 0;
    uint8_t reason = OFPR_ACTION;
    bool pause = false;
    const uint8_t *userdata = NULL;
    size_t userdata_len = 0;

    for (size_t ofs = 16; ofs < len; ) {
        if (len - ofs < 4) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        uint16_t type = get16(p + ofs);
        uint16_t plen = get16(p + ofs + 2);
        if (plen < 4 || plen > len - ofs) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        const uint8_t *v = p + ofs + 4;
        size_t vlen = plen - 4;
        switch (type) {
        case NXAC2PT_MAX_LEN:
        case NXAC2PT_CONTROLLER_ID:
            if (vlen != 2 && vlen != 4) {
                return OFPERR_OFPBAC_BAD_LEN;
            }
            *(type == NXAC2PT_MAX_LEN ? &max_len : &id) = get16(v);
            break;
        case NXAC2PT_REASON:
            if (vlen != 1) {
                return OFPERR_OFPBAC_BAD_LEN;
            }
            reason = v[0];
            break;
        case NXAC2PT_USERDATA:
            userdata = v;
            userdata_len = vlen;
            break;
        case NXAC2PT_PAUSE:
            if (vlen) {
                return OFPERR_OFPBAC_BAD_LEN;
            }
            pause = true;
            break;
        case NXAC2PT_METER_ID:
            /* Meters do not exist here: refused, never ignored. */
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        default:
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofs += ROUND_UP(plen, 8);
    }

    struct ofpact_controller *c = ofpact_put_controller(out, userdata,
                                                        userdata_len);
    c->max_len = max_len;
    c->controller_id = id;
    c->reason = reason;
    c->pause = pause;
    return 0;
}

/* Fixes the length of the action starting at offset 'ofs' in 'b' after a
 * variable tail was appended, padding to 8 bytes. */
static void
finish_action(struct ofpbuf *b, size_t ofs)
{
    ofpbuf_pad_to(b, 8);
    put16((uint8_t *) b->data + ofs + 2, b->size - ofs);
}

static uint32_t
port_to_wire32(uint16_t port)
{
    return port >= OFPP_MAX ? port + 0xffff0000u : port;
}

static void put_actions(const struct ofpact *, size_t, struct ofpbuf *,
                        int version);

/* The NXM "ofs_nbits" encoding of a subfield: offset << 6 | n_bits - 1. */
static uint16_t
subfield_ofs_nbits(const struct ofp_subfield *sf)
{
    return (sf->ofs << 6) | (sf->n_bits - 1);
}
static bool put_set_field_std(const struct flow_field *,
                              const union flow_field_value *,
                              struct ofpbuf *, int version);

static void
put_set_field(const struct flow_field *f, const union flow_field_value *v,
              const union flow_field_value *mask, struct ofpbuf *b,
              int version, uint8_t ip_proto)
{
    size_t ofs = b->size;
    bool exact = true;
    bool is_int = f->type == FFT_UINT || f->type == FFT_BE;

    if (mask) {
        union flow_field_value ones;
        memset(&ones, 0xff, sizeof ones);
        if (is_int) {
            ones.integer = f->n_bits >= 64 ? UINT64_MAX
                           : (UINT64_C(1) << f->n_bits) - 1;
            exact = mask->integer == ones.integer;
        } else {
            exact = !memcmp(mask, &ones, f->n_bytes);
        }
    }

    bool is_sctp_port = (ip_proto == IPPROTO_SCTP
                         && (f->id == FF_TP_SRC || f->id == FF_TP_DST));
    /* OpenFlow 1.0's mod_tp_* is TCP and UDP only: SCTP ports are loaded
     * into OXM_OF_SCTP_*, as Open vSwitch does. */
    if (version < OFP12_VERSION && exact && !is_sctp_port
        && put_set_field_std(f, v, b, version)) {
        return;
    }
    if (version >= OFP12_VERSION && (exact || version >= OFP15_VERSION)) {
        /* OpenFlow 1.5's set_field may carry a mask. */
        put_action(b, OFPAT_SET_FIELD, 4);
        size_t n = nx_put_field_value_proto(b, f, v, exact ? NULL : mask,
                                            true, ip_proto);
        if (n) {
            finish_action(b, ofs);
            return;
        }
        b->size = ofs;
    }
    if (is_int && f->n_bits <= 64 && exact && f->id != FF_DL_VLAN
        && f->id != FF_DL_VLAN_PCP) {
        uint32_t h = nxm_header_for_field_proto(f, false, ip_proto);
        if (h) {
            uint8_t *p = put_nxast(b, NXAST_REG_LOAD, 24);
            unsigned int n_bits = f->n_bits;
            unsigned int shift = 0;
            /* Fields stored as part of a wider wire field (dl_vlan,
             * nw_tos...) are loaded at their bit offset. */
            if (f->id == FF_IP_DSCP || f->id == FF_NW_TOS) {
                shift = 2;
            }
            put16(p + 10, (shift << 6) | (n_bits - 1));
            put32(p + 12, h);
            put64(p + 16, v->integer);
            return;
        }
    }
    /* NXAST_REG_LOAD2: the field as an NXM/OXM entry with mask. */
    put_nxast(b, NXAST_REG_LOAD2, 16);
    b->size -= 6;
    if (!nx_put_field_value_proto(b, f, v, mask, version >= OFP12_VERSION,
                                  ip_proto)) {
        b->size = ofs;
        n_unencodable++;
        if (!checking) {
            VLOG_WARN_RL(&rl, "set_field to %s cannot be encoded", f->name);
        }
        return;
    }
    finish_action(b, ofs);
}

/* OpenFlow 1.0 and 1.1 have a plain action for some whole-field
 * set_fields; Open vSwitch sends those, so do the same.  Returns true if
 * it wrote one. */
static bool
put_set_field_std(const struct flow_field *f,
                  const union flow_field_value *v, struct ofpbuf *b,
                  int version)
{
    bool of10 = version == OFP10_VERSION;
    uint8_t *p;

    switch (f->id) {
    case FF_DL_SRC:
    case FF_DL_DST:
        p = put_action(b, of10 ? (f->id == FF_DL_SRC ? OFPAT10_SET_DL_SRC
                                  : OFPAT10_SET_DL_DST)
                       : (f->id == FF_DL_SRC ? OFPAT11_SET_DL_SRC
                          : OFPAT11_SET_DL_DST), 16);
        memcpy(p + 4, &v->mac, 6);
        return true;
    case FF_NW_SRC:
    case FF_NW_DST:
        p = put_action(b, of10 ? (f->id == FF_NW_SRC ? OFPAT10_SET_NW_SRC
                                  : OFPAT10_SET_NW_DST)
                       : (f->id == FF_NW_SRC ? OFPAT11_SET_NW_SRC
                          : OFPAT11_SET_NW_DST), 8);
        memcpy(p + 4, &v->ipv4, 4);
        return true;
    case FF_TP_SRC:
    case FF_TP_DST:
        p = put_action(b, f->id == FF_TP_SRC ? OFPAT10_SET_TP_SRC
                       : OFPAT10_SET_TP_DST, 8);
        put16(p + 4, v->integer);
        return true;
    case FF_DL_VLAN:
        /* An OpenFlow 1.2+ set_field of vlan_vid (after push_vlan), read
         * back in 1.0 or 1.1: Open vSwitch sends mod_vlan_vid. */
        p = put_action(b, of10 ? OFPAT10_SET_VLAN_VID : OFPAT11_SET_VLAN_VID,
                       8);
        put16(p + 4, v->integer & 0xfff);
        return true;
    case FF_DL_VLAN_PCP:
        p = put_action(b, of10 ? OFPAT10_SET_VLAN_PCP : OFPAT11_SET_VLAN_PCP,
                       8);
        p[4] = v->integer & 7;
        return true;
    case FF_IP_DSCP:
    case FF_NW_TOS:
        p = put_action(b, of10 ? OFPAT10_SET_NW_TOS : OFPAT11_SET_NW_TOS, 8);
        p[4] = v->integer << 2;
        return true;
    default:
        return false;
    }
}

static void
put_int_field(enum flow_field_id id, uint64_t x, struct ofpbuf *b,
              int version)
{
    union flow_field_value v;
    memset(&v, 0, sizeof v);
    v.integer = x;
    put_set_field(&flow_fields[id], &v, NULL, b, version, 0);
}

/* The header that learn puts on the wire for a subfield: NXM's where
 * there is one (as Open vSwitch does), else OXM's. */
static uint32_t
learn_field_header(const struct ofp_subfield *sf, uint8_t proto)
{
    uint32_t h = nxm_header_for_field_proto(sf->field, false, proto);
    return h ? h : nxm_header_for_field_proto(sf->field, true, proto);
}

/* arp_op is 8 bits here (it shares nw_proto) but 16 on the wire (NXM and
 * OXM say 2 bytes): a learn spec on the whole field says 16 bits there,
 * as Open vSwitch does. */
static bool
is_whole_arp_op(const struct ofp_subfield *sf)
{
    return sf->field && sf->field->id == FF_ARP_OP && !sf->ofs
           && sf->n_bits == 8;
}

static unsigned int
learn_wire_n_bits(const struct ofpact_learn_spec *sp)
{
    bool src_ok = (sp->src_type == NX_LEARN_SRC_IMMEDIATE
                   || is_whole_arp_op(&sp->src));
    bool dst_ok = (sp->dst_type == NX_LEARN_DST_OUTPUT
                   || is_whole_arp_op(&sp->dst));
    return (src_ok && dst_ok
            && (is_whole_arp_op(&sp->src) || is_whole_arp_op(&sp->dst))
            ? 16 : sp->n_bits);
}

/* NXAST_LEARN (or NXAST_LEARN2 with a limit or result_dst): the fixed
 * part (timeouts, priority, cookie, flags, table, fin timeouts; LEARN2
 * adds limit, result_dst's offset and its header), then per spec a
 * 16-bit header (bit 13: immediate source; bits 11-12: match, load or
 * output; bits 0-10: n_bits), the source (field header and offset, or
 * the value in whole 16-bit words), the destination (header and offset,
 * except for output), and zeros to a multiple of 8 bytes.  Returns false
 * if a field has no wire name. */
static bool
put_learn(const struct ofpact_learn *l, struct ofpbuf *b)
{
    bool is_learn2 = l->limit || l->flags & NX_LEARN_F_WRITE_RESULT;
    size_t ofs = b->size;
    uint8_t *p = put_nxast(b, is_learn2 ? NXAST_LEARN2 : NXAST_LEARN,
                           is_learn2 ? 40 : 32);

    put16(p + 10, l->idle_timeout);
    put16(p + 12, l->hard_timeout);
    put16(p + 14, l->priority);
    memcpy(p + 16, &l->cookie, 8);
    put16(p + 24, l->flags);
    p[26] = l->table_id;
    put16(p + 28, l->fin_idle_timeout);
    put16(p + 30, l->fin_hard_timeout);
    if (is_learn2) {
        put32(p + 32, l->limit);
        if (l->flags & NX_LEARN_F_WRITE_RESULT) {
            uint32_t h = nxm_header_for_field(l->result_dst.field, false);
            if (!h) {
                h = nxm_header_for_field(l->result_dst.field, true);
            }
            if (!h) {
                b->size = ofs;
                return false;
            }
            put16(p + 36, l->result_dst.ofs);
            put32(ofpbuf_put_uninit(b, 4), h);
        }
    }
    for (size_t i = 0; i < l->n_specs; i++) {
        const struct ofpact_learn_spec *sp = &l->specs[i];
        bool imm = sp->src_type == NX_LEARN_SRC_IMMEDIATE;

        unsigned int n_bits = learn_wire_n_bits(sp);

        put16(ofpbuf_put_uninit(b, 2),
              (imm ? 1 << 13 : 0) | sp->dst_type << 11 | n_bits);
        if (imm) {
            size_t n = 2 * DIV_ROUND_UP(n_bits, 16);
            ofpbuf_put(b, sp->imm + 16 - n, n);
        } else {
            uint32_t h = learn_field_header(&sp->src, sp->src_proto);
            if (!h) {
                b->size = ofs;
                return false;
            }
            put32(ofpbuf_put_uninit(b, 4), h);
            put16(ofpbuf_put_uninit(b, 2), sp->src.ofs);
        }
        if (sp->dst_type != NX_LEARN_DST_OUTPUT) {
            uint32_t h = learn_field_header(&sp->dst, sp->dst_proto);
            if (!h) {
                b->size = ofs;
                return false;
            }
            put32(ofpbuf_put_uninit(b, 4), h);
            put16(ofpbuf_put_uninit(b, 2), sp->dst.ofs);
        }
    }
    finish_action(b, ofs);
    return true;
}

static void
put_one(const struct ofpact *a, struct ofpbuf *b, int version)
{
    bool of10 = version == OFP10_VERSION;
    bool of11 = version == OFP11_VERSION;
    uint8_t *p;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT: {
        const struct ofpact_output *o = ofpact_get_OUTPUT(a);
        if (of10) {
            p = put_action(b, OFPAT10_OUTPUT, 8);
            put16(p + 4, o->port);
            put16(p + 6, o->max_len);
        } else {
            p = put_action(b, OFPAT11_OUTPUT, 16);
            put32(p + 4, port_to_wire32(o->port));
            put16(p + 8, o->max_len);
        }
        break;
    }
    case OFPACT_CONTROLLER: {
        const struct ofpact_controller *c = ofpact_get_CONTROLLER(a);
        if (!c->userdata_len && !c->pause) {
            p = put_nxast(b, NXAST_CONTROLLER, 16);
            put16(p + 10, c->max_len);
            put16(p + 12, c->controller_id);
            p[14] = c->reason;
            break;
        }
        /* NXAST_CONTROLLER2: 16 bytes, then only the properties whose
         * values are not the defaults. */
        size_t ofs = b->size;
        put_nxast(b, NXAST_CONTROLLER2, 16);
        /* 16-bit values take 4 bytes (the value, then zeros), as
         * OpenFlow's 16-bit properties do. */
        if (c->max_len != UINT16_MAX) {
            put_controller2_prop(b, NXAC2PT_MAX_LEN, NULL, 4,
                                 (uint32_t) c->max_len << 16);
        }
        if (c->controller_id) {
            put_controller2_prop(b, NXAC2PT_CONTROLLER_ID, NULL, 4,
                                 (uint32_t) c->controller_id << 16);
        }
        if (c->reason != OFPR_ACTION) {
            put_controller2_prop(b, NXAC2PT_REASON, NULL, 1, c->reason);
        }
        if (c->userdata_len) {
            put_controller2_prop(b, NXAC2PT_USERDATA, c->userdata,
                                 c->userdata_len, 0);
        }
        if (c->pause) {
            put_controller2_prop(b, NXAC2PT_PAUSE, NULL, 0, 0);
        }
        finish_action(b, ofs);
        break;
    }
    case OFPACT_ENQUEUE: {
        const struct ofpact_enqueue *e = ofpact_get_ENQUEUE(a);
        if (of10) {
            p = put_action(b, OFPAT10_ENQUEUE, 16);
            put16(p + 4, e->port);
            put32(p + 12, e->queue);
        } else {
            p = put_action(b, OFPAT_SET_QUEUE, 8);
            put32(p + 4, e->queue);
            p = put_action(b, OFPAT11_OUTPUT, 16);
            put32(p + 4, port_to_wire32(e->port));
            put_nxast(b, NXAST_POP_QUEUE, 16);
        }
        break;
    }
    case OFPACT_GROUP:
        if (of10) {
            /* OpenFlow 1.0 has groups only as Open vSwitch's extension
             * (NXT_GROUP_MOD): subtype, 2 pad bytes, group id. */
            p = put_nxast(b, NXAST_GROUP, 16);
            put32(p + 12, ofpact_get_GROUP(a)->group_id);
            break;
        }
        p = put_action(b, OFPAT_GROUP, 8);
        put32(p + 4, ofpact_get_GROUP(a)->group_id);
        break;
    case OFPACT_SET_VLAN_VID: {
        const struct ofpact_vlan_vid *v = ofpact_get_SET_VLAN_VID(a);
        if (of10 || of11) {
            p = put_action(b, of10 ? OFPAT10_SET_VLAN_VID
                           : OFPAT11_SET_VLAN_VID, 8);
            put16(p + 4, v->vlan_vid);
        } else {
            /* OpenFlow 1.2+ has no "push if needed": Open vSwitch sends
             * push_vlan first (the switch then sets the new tag). */
            if (v->push_vlan_if_needed) {
                p = put_action(b, OFPAT_PUSH_VLAN, 8);
                put16(p + 4, ETH_TYPE_VLAN_8021Q);
            }
            put_int_field(FF_DL_VLAN, v->vlan_vid, b, version);
        }
        break;
    }
    case OFPACT_SET_VLAN_PCP: {
        const struct ofpact_vlan_pcp *v = ofpact_get_SET_VLAN_PCP(a);
        if (of10 || of11) {
            p = put_action(b, of10 ? OFPAT10_SET_VLAN_PCP
                           : OFPAT11_SET_VLAN_PCP, 8);
            p[4] = v->vlan_pcp;
        } else {
            if (v->push_vlan_if_needed) {
                p = put_action(b, OFPAT_PUSH_VLAN, 8);
                put16(p + 4, ETH_TYPE_VLAN_8021Q);
            }
            put_int_field(FF_DL_VLAN_PCP, v->vlan_pcp, b, version);
        }
        break;
    }
    case OFPACT_STRIP_VLAN:
        put_action(b, of10 ? OFPAT10_STRIP_VLAN : OFPAT_POP_VLAN, 8);
        break;
    case OFPACT_PUSH_VLAN:
        if (of10) {
            goto unsupported;
        }
        p = put_action(b, OFPAT_PUSH_VLAN, 8);
        memcpy(p + 4, &ofpact_get_PUSH_VLAN(a)->ethertype, 2);
        break;
    case OFPACT_PUSH_MPLS:
    case OFPACT_POP_MPLS: {
        /* Both hold just an ethertype: OpenFlow 1.1+ at byte 4 of an
         * 8-byte action, Nicira's at byte 10 of 16. */
        bool push = a->type == OFPACT_PUSH_MPLS;
        ovs_be16 eth_type = (push ? ofpact_get_PUSH_MPLS(a)->ethertype
                             : ofpact_get_POP_MPLS(a)->ethertype);
        if (of10) {
            p = put_nxast(b, push ? NXAST_PUSH_MPLS : NXAST_POP_MPLS, 16);
            memcpy(p + 10, &eth_type, 2);
        } else {
            p = put_action(b, push ? OFPAT_PUSH_MPLS : OFPAT_POP_MPLS, 8);
            memcpy(p + 4, &eth_type, 2);
        }
        break;
    }
    case OFPACT_SET_MPLS_LABEL:
        if (of10) {
            p = put_nxast(b, NXAST_SET_MPLS_LABEL, 16);
            put32(p + 12, ofpact_get_SET_MPLS_LABEL(a)->label);
        } else if (of11) {
            p = put_action(b, OFPAT11_SET_MPLS_LABEL, 8);
            put32(p + 4, ofpact_get_SET_MPLS_LABEL(a)->label);
        } else {
            put_int_field(FF_MPLS_LABEL, ofpact_get_SET_MPLS_LABEL(a)->label,
                          b, version);
        }
        break;
    case OFPACT_SET_MPLS_TC:
        if (of10) {
            p = put_nxast(b, NXAST_SET_MPLS_TC, 16);
            p[10] = ofpact_get_SET_MPLS_TC(a)->tc;
        } else if (of11) {
            p = put_action(b, OFPAT11_SET_MPLS_TC, 8);
            p[4] = ofpact_get_SET_MPLS_TC(a)->tc;
        } else {
            put_int_field(FF_MPLS_TC, ofpact_get_SET_MPLS_TC(a)->tc, b,
                          version);
        }
        break;
    case OFPACT_SET_MPLS_TTL:
        if (of10) {
            p = put_nxast(b, NXAST_SET_MPLS_TTL, 16);
            p[10] = ofpact_get_SET_MPLS_TTL(a)->ttl;
        } else {
            p = put_action(b, OFPAT_SET_MPLS_TTL, 8);
            p[4] = ofpact_get_SET_MPLS_TTL(a)->ttl;
        }
        break;
    case OFPACT_DEC_MPLS_TTL:
        if (of10) {
            put_nxast(b, NXAST_DEC_MPLS_TTL, 16);
        } else {
            put_action(b, OFPAT_DEC_MPLS_TTL, 8);
        }
        break;
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST: {
        const struct ofpact_mac *m = (const struct ofpact_mac *) a;
        bool src = a->type == OFPACT_SET_ETH_SRC;
        if (of10 || of11) {
            int t = of10 ? (src ? OFPAT10_SET_DL_SRC : OFPAT10_SET_DL_DST)
                    : (src ? OFPAT11_SET_DL_SRC : OFPAT11_SET_DL_DST);
            p = put_action(b, t, 16);
            memcpy(p + 4, &m->mac, 6);
        } else {
            union flow_field_value v;
            memset(&v, 0, sizeof v);
            v.mac = m->mac;
            put_set_field(&flow_fields[src ? FF_DL_SRC : FF_DL_DST], &v,
                          NULL, b, version, 0);
        }
        break;
    }
    case OFPACT_SET_IPV4_SRC:
    case OFPACT_SET_IPV4_DST: {
        const struct ofpact_ipv4 *ip = (const struct ofpact_ipv4 *) a;
        bool src = a->type == OFPACT_SET_IPV4_SRC;
        if (of10 || of11) {
            int t = of10 ? (src ? OFPAT10_SET_NW_SRC : OFPAT10_SET_NW_DST)
                    : (src ? OFPAT11_SET_NW_SRC : OFPAT11_SET_NW_DST);
            p = put_action(b, t, 8);
            memcpy(p + 4, &ip->ipv4, 4);
        } else {
            union flow_field_value v;
            memset(&v, 0, sizeof v);
            v.ipv4 = ip->ipv4;
            put_set_field(&flow_fields[src ? FF_NW_SRC : FF_NW_DST], &v,
                          NULL, b, version, 0);
        }
        break;
    }
    case OFPACT_SET_IP_DSCP: {
        uint8_t dscp = ofpact_get_SET_IP_DSCP(a)->dscp;
        if (of10 || of11) {
            p = put_action(b, of10 ? OFPAT10_SET_NW_TOS : OFPAT11_SET_NW_TOS,
                           8);
            p[4] = dscp;
        } else {
            put_int_field(FF_IP_DSCP, dscp >> 2, b, version);
        }
        break;
    }
    case OFPACT_SET_L4_SRC_PORT:
    case OFPACT_SET_L4_DST_PORT: {
        uint16_t port = ((const struct ofpact_l4_port *) a)->port;
        bool src = a->type == OFPACT_SET_L4_SRC_PORT;
        if (of10 || of11) {
            int t = of10 ? (src ? OFPAT10_SET_TP_SRC : OFPAT10_SET_TP_DST)
                    : (src ? OFPAT11_SET_TP_SRC : OFPAT11_SET_TP_DST);
            p = put_action(b, t, 8);
            put16(p + 4, port);
        } else {
            const struct ofpact_l4_port *lp = (const void *) a;
            union flow_field_value v;
            memset(&v, 0, sizeof v);
            v.integer = port;
            put_set_field(&flow_fields[src ? FF_TP_SRC : FF_TP_DST], &v,
                          NULL, b, version, lp->ip_proto);
        }
        break;
    }
    case OFPACT_SET_FIELD: {
        const struct ofpact_set_field *sf = ofpact_get_SET_FIELD(a);
        put_set_field(sf->field, &sf->value, &sf->mask, b, version,
                      sf->ip_proto);
        break;
    }
    case OFPACT_REG_MOVE: {
        const struct ofpact_reg_move *m = ofpact_get_REG_MOVE(a);
        bool of15 = version >= OFP15_VERSION;
        uint32_t src = nxm_header_for_field(m->src.field, of15);
        uint32_t dst = nxm_header_for_field(m->dst.field, of15);
        if (!src || !dst) {
            goto unsupported;
        }
        if (of15) {
            /* OpenFlow 1.5's copy_field replaces NXAST_REG_MOVE (Open
             * vSwitch refuses the latter there): type, len, n_bits,
             * src_offset, dst_offset, 2 pad bytes, two OXM ids, padding
             * to 24 bytes. */
            p = put_action(b, OFPAT15_COPY_FIELD, 24);
            put16(p + 4, m->dst.n_bits);
            put16(p + 6, m->src.ofs);
            put16(p + 8, m->dst.ofs);
            put32(p + 12, src);
            put32(p + 16, dst);
            break;
        }
        p = put_nxast(b, NXAST_REG_MOVE, 24);
        put16(p + 10, m->dst.n_bits);
        put16(p + 12, m->src.ofs);
        put16(p + 14, m->dst.ofs);
        put32(p + 16, src);
        put32(p + 20, dst);
        break;
    }
    case OFPACT_REG_LOAD: {
        const struct ofpact_reg_load *l = ofpact_get_REG_LOAD(a);
        uint32_t dst = nxm_header_for_field(l->dst.field, false);
        if (!dst) {
            goto unsupported;
        }
        if (version >= OFP15_VERSION
            && (l->dst.field->type == FFT_UINT
                || l->dst.field->type == FFT_BE)) {
            /* OpenFlow 1.5 has masked set_field; Open vSwitch no longer
             * takes NXAST_REG_LOAD there. */
            union flow_field_value v, m;
            memset(&v, 0, sizeof v);
            memset(&m, 0, sizeof m);
            uint64_t bits = (l->dst.n_bits >= 64 ? UINT64_MAX
                             : (UINT64_C(1) << l->dst.n_bits) - 1);
            v.integer = l->value << l->dst.ofs;
            m.integer = bits << l->dst.ofs;
            put_set_field(l->dst.field, &v, &m, b, version, 0);
            break;
        }
        p = put_nxast(b, NXAST_REG_LOAD, 24);
        put16(p + 10, (l->dst.ofs << 6) | (l->dst.n_bits - 1));
        put32(p + 12, dst);
        put64(p + 16, l->value);
        break;
    }
    case OFPACT_DEC_TTL: {
        const struct ofpact_cnt_ids *ids = ofpact_get_DEC_TTL(a);
        if (ids->n_ids) {
            /* Type, len, vendor, subtype, n_controllers, 4 zero bytes,
             * then the ids, padded to 8 bytes. */
            size_t ofs = b->size;
            p = put_nxast(b, NXAST_DEC_TTL_CNT_IDS, 16);
            put16(p + 10, ids->n_ids);
            for (size_t i = 0; i < ids->n_ids; i++) {
                put16(ofpbuf_put_uninit(b, 2), ids->ids[i]);
            }
            finish_action(b, ofs);
        } else if (of10) {
            put_nxast(b, NXAST_DEC_TTL, 16);
        } else {
            put_action(b, OFPAT_DEC_NW_TTL, 8);
        }
        break;
    }
    case OFPACT_SET_IP_TTL:
        if (of10) {
            /* OpenFlow 1.0 has no set-TTL action: a load does it. */
            put_int_field(FF_NW_TTL, ofpact_get_SET_IP_TTL(a)->ttl, b,
                          version);
        } else {
            p = put_action(b, OFPAT_SET_NW_TTL, 8);
            p[4] = ofpact_get_SET_IP_TTL(a)->ttl;
        }
        break;
    case OFPACT_STACK_PUSH:
    case OFPACT_STACK_POP: {
        /* Type, len, vendor, subtype, bit offset, field header, n_bits,
         * zeros to 24 bytes. */
        const struct ofp_subfield *sf
            = &((const struct ofpact_stack *) a)->subfield;
        uint32_t h = nxm_header_for_field(sf->field, false);
        if (!h) {
            goto unsupported;
        }
        p = put_nxast(b, (a->type == OFPACT_STACK_PUSH ? NXAST_STACK_PUSH
                          : NXAST_STACK_POP), 24);
        put16(p + 10, sf->ofs);
        put32(p + 12, h);
        put16(p + 16, sf->n_bits);
        break;
    }
    case OFPACT_OUTPUT_REG: {
        /* Type, len, vendor, subtype, ofs_nbits, source header, max_len,
         * 6 zero bytes. */
        const struct ofpact_output_reg *o = ofpact_get_OUTPUT_REG(a);
        uint32_t h = nxm_header_for_field(o->src.field, false);
        if (!h) {
            goto unsupported;
        }
        p = put_nxast(b, NXAST_OUTPUT_REG, 24);
        put16(p + 10, subfield_ofs_nbits(&o->src));
        put32(p + 12, h);
        put16(p + 16, o->max_len);
        break;
    }
    case OFPACT_MULTIPATH: {
        /* Type, len, vendor, subtype, fields, basis, pad, algorithm,
         * max_link, arg, pad, ofs_nbits, destination header. */
        const struct ofpact_multipath *mp = ofpact_get_MULTIPATH(a);
        uint32_t h = nxm_header_for_field(mp->dst.field, false);
        if (!h) {
            goto unsupported;
        }
        p = put_nxast(b, NXAST_MULTIPATH, 32);
        put16(p + 10, mp->fields);
        put16(p + 12, mp->basis);
        put16(p + 16, mp->algorithm);
        put16(p + 18, mp->max_link);
        put32(p + 20, mp->arg);
        put16(p + 26, subfield_ofs_nbits(&mp->dst));
        put32(p + 28, h);
        break;
    }
    case OFPACT_BUNDLE: {
        /* Type, len, vendor, subtype, algorithm, fields, basis, member
         * type (NXM_OF_IN_PORT), n_members, ofs_nbits, destination
         * header (both 0 for NXAST_BUNDLE), 4 zero bytes, then the member
         * ports, padded to 8 bytes. */
        const struct ofpact_bundle *bd = ofpact_get_BUNDLE(a);
        uint32_t h = 0;
        if (bd->dst.field) {
            h = nxm_header_for_field(bd->dst.field, false);
            if (!h) {
                goto unsupported;
            }
        }
        size_t ofs = b->size;
        p = put_nxast(b, h ? NXAST_BUNDLE_LOAD : NXAST_BUNDLE, 32);
        put16(p + 10, bd->algorithm);
        put16(p + 12, bd->fields);
        put16(p + 14, bd->basis);
        put32(p + 16, NXM_OF_IN_PORT_HEADER);
        put16(p + 20, bd->n_members);
        if (h) {
            put16(p + 22, subfield_ofs_nbits(&bd->dst));
            put32(p + 24, h);
        }
        for (size_t i = 0; i < bd->n_members; i++) {
            put16(ofpbuf_put_uninit(b, 2), bd->members[i]);
        }
        finish_action(b, ofs);
        break;
    }
    case OFPACT_LEARN:
        if (!put_learn(ofpact_get_LEARN(a), b)) {
            goto unsupported;
        }
        break;
    case OFPACT_CONJUNCTION: {
        /* Type, len, vendor, subtype, clause, n_clauses, id. */
        const struct ofpact_conjunction *c = ofpact_get_CONJUNCTION(a);
        p = put_nxast(b, NXAST_CONJUNCTION, 16);
        p[10] = c->clause;
        p[11] = c->n_clauses;
        put32(p + 12, c->id);
        break;
    }
    case OFPACT_SET_QUEUE:
        if (of10) {
            p = put_nxast(b, NXAST_SET_QUEUE, 16);
            put32(p + 12, ofpact_get_SET_QUEUE(a)->queue_id);
        } else {
            p = put_action(b, OFPAT_SET_QUEUE, 8);
            put32(p + 4, ofpact_get_SET_QUEUE(a)->queue_id);
        }
        break;
    case OFPACT_RESUBMIT: {
        const struct ofpact_resubmit *r = ofpact_get_RESUBMIT(a);
        if (r->table_id == 0xff) {
            p = put_nxast(b, NXAST_RESUBMIT, 16);
        } else {
            p = put_nxast(b, NXAST_RESUBMIT_TABLE, 16);
            p[12] = r->table_id;
        }
        put16(p + 10, r->in_port);
        break;
    }
    case OFPACT_NOTE: {
        const struct ofpact_note *n = ofpact_get_NOTE(a);
        size_t ofs = b->size;
        put_nxast(b, NXAST_NOTE, 16);
        b->size -= 6;
        ofpbuf_put(b, n->data, n->length);
        if (b->size - ofs < 16) {
            ofpbuf_put_zeros(b, 16 - (b->size - ofs));
        }
        finish_action(b, ofs);
        break;
    }
    case OFPACT_EXIT:
        put_nxast(b, NXAST_EXIT, 16);
        break;
    case OFPACT_CLONE: {
        size_t ofs = b->size, len;
        const struct ofpact *inner;
        put_nxast(b, NXAST_CLONE, 16);
        inner = ofpact_nest_get_actions(ofpact_get_CLONE(a), &len);
        put_actions(inner, len, b, version);
        finish_action(b, ofs);
        break;
    }
    case OFPACT_METER:
        if (version < OFP15_VERSION) {
            goto unsupported;
        }
        p = put_action(b, OFPAT_METER, 8);
        put32(p + 4, ofpact_get_METER(a)->meter_id);
        break;
    case OFPACT_WRITE_METADATA: {
        const struct ofpact_metadata *md = ofpact_get_WRITE_METADATA(a);
        p = put_nxast(b, NXAST_WRITE_METADATA, 32);
        memcpy(p + 16, &md->metadata, 8);
        memcpy(p + 24, &md->mask, 8);
        break;
    }
    case OFPACT_GOTO_TABLE:
        if (!of10) {
            goto unsupported;
        }
        /* OpenFlow 1.0 has no instructions: as Open vSwitch does, the
         * rule's last action "goto_table" travels as resubmit(,TABLE). */
        p = put_nxast(b, NXAST_RESUBMIT_TABLE, 16);
        put16(p + 10, OFPP_IN_PORT);
        p[12] = ofpact_get_GOTO_TABLE(a)->table_id;
        break;
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_ACTIONS:
    case OFPACT_N_TYPES:
    default:
        goto unsupported;
    }
    return;

unsupported:
    n_unencodable++;
    if (!checking) {
        VLOG_WARN_RL(&rl, "%s cannot be encoded as an OpenFlow %s action",
                     ofpact_name(a->type),
                     ofp_version_to_short_string(version));
    }
}

static void
put_actions(const struct ofpact *ofpacts, size_t len, struct ofpbuf *b,
            int version)
{
    const struct ofpact *a;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        put_one(a, b, version);
    }
}

size_t
ofpacts_put_openflow_actions(const struct ofpact *ofpacts, size_t len,
                             struct ofpbuf *b, int version)
{
    size_t start = b->size;
    put_actions(ofpacts, len, b, version);
    return b->size - start;
}

static bool
is_instruction(const struct ofpact *a)
{
    return a->type == OFPACT_CLEAR_ACTIONS || a->type == OFPACT_WRITE_ACTIONS
           || a->type == OFPACT_WRITE_METADATA
           || a->type == OFPACT_GOTO_TABLE
           || (a->type == OFPACT_METER);
}

size_t
ofpacts_put_openflow_instructions(const struct ofpact *ofpacts, size_t len,
                                  struct ofpbuf *b, int version)
{
    size_t start = b->size;
    const struct ofpact *a;
    bool any_apply = false;

    if (version == OFP10_VERSION) {
        return ofpacts_put_openflow_actions(ofpacts, len, b, version);
    }

    /* Meter first (instruction order in OpenFlow 1.3: meter, apply,
     * clear, write, metadata, goto); 1.5 carries meter as an action. */
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_METER && version < OFP15_VERSION) {
            uint8_t *p = put_action(b, OFPIT_METER, 8);
            put32(p + 4, ofpact_get_METER(a)->meter_id);
        }
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (!is_instruction(a)) {
            any_apply = true;
        }
    }
    if (any_apply || version >= OFP15_VERSION) {
        size_t ofs = b->size;
        bool have = false;
        put_action(b, OFPIT_APPLY_ACTIONS, 8);
        OFPACT_FOR_EACH (a, ofpacts, len) {
            if (!is_instruction(a)
                || (a->type == OFPACT_METER && version >= OFP15_VERSION)) {
                put_one(a, b, version);
                have = true;
            }
        }
        if (have) {
            finish_action(b, ofs);
        } else {
            b->size = ofs;
        }
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        uint8_t *p;
        switch (a->type) {
        case OFPACT_CLEAR_ACTIONS:
            put_action(b, OFPIT_CLEAR_ACTIONS, 8);
            break;
        case OFPACT_WRITE_ACTIONS: {
            size_t ofs = b->size, n;
            const struct ofpact *inner;
            put_action(b, OFPIT_WRITE_ACTIONS, 8);
            inner = ofpact_nest_get_actions(ofpact_get_WRITE_ACTIONS(a), &n);
            put_actions(inner, n, b, version);
            finish_action(b, ofs);
            break;
        }
        case OFPACT_WRITE_METADATA: {
            const struct ofpact_metadata *md = ofpact_get_WRITE_METADATA(a);
            p = put_action(b, OFPIT_WRITE_METADATA, 24);
            memcpy(p + 8, &md->metadata, 8);
            memcpy(p + 16, &md->mask, 8);
            break;
        }
        case OFPACT_GOTO_TABLE:
            p = put_action(b, OFPIT_GOTO_TABLE, 8);
            p[4] = ofpact_get_GOTO_TABLE(a)->table_id;
            break;
        default:
            break;
        }
    }
    return b->size - start;
}

bool
ofpacts_openflow_encodable(const struct ofpact *ofpacts, size_t len,
                           int version)
{
    struct ofpbuf scratch;
    ofpbuf_init(&scratch, 256);
    n_unencodable = 0;
    checking = true;
    ofpacts_put_openflow_instructions(ofpacts, len, &scratch, version);
    checking = false;
    ofpbuf_uninit(&scratch);
    return n_unencodable == 0;
}

/* Decoding. */

static enum ofperr
check_out_port(uint32_t port)
{
    if (port == 0 || (port >= OFPP_MAX && port != OFPP_IN_PORT
                      && port != OFPP_TABLE && port != OFPP_NORMAL
                      && port != OFPP_FLOOD && port != OFPP_ALL
                      && port != OFPP_CONTROLLER && port != OFPP_LOCAL)) {
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    return 0;
}

static enum ofperr
port_from_wire32(uint32_t port32, uint16_t *port)
{
    if (port32 < OFPP_MAX) {
        *port = port32;
    } else if (port32 >= 0xffffff00) {
        *port = port32 - 0xffff0000;
    } else {
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    return 0;
}

static enum ofperr pull_actions(const uint8_t *, size_t, int version,
                                struct ofpbuf *, int depth);

static enum ofperr
pull_set_field(const uint8_t *p, size_t len, bool with_mask,
               struct ofpbuf *out)
{
    const struct flow_field *f;
    union flow_field_value v, mask;
    size_t used;
    enum ofperr error = nx_pull_field_value(p, len, &f, &v, &mask, &used);
    if (error) {
        return error;
    }
    if (!with_mask && (get32(p) & 0x100)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    for (size_t i = used; i < len; i++) {
        if (p[i]) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
    }
    if (f->id == FF_IN_PORT || f->id == FF_RECIRC_ID || f->id == FF_DP_HASH
        || f->id == FF_CT_STATE || f->id == FF_CT_ZONE
        || f->id == FF_CONJ_ID) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    struct ofpact_set_field *sf = ofpact_put_SET_FIELD(out);
    sf->field = f;
    sf->value = v;
    sf->mask = mask;
    sf->ip_proto = nxm_header_ip_proto(get32(p));
    return 0;
}

/* A subfield from the wire: field 'header' (NXM or OXM, no mask), bits
 * [ofs, ofs + n_bits).  Accepts what the text syntax accepts; the errors
 * are the ones Open vSwitch gives. */
static enum ofperr
pull_subfield(uint32_t header, unsigned int ofs, unsigned int n_bits,
              struct ofp_subfield *sf)
{
    const struct flow_field *f = nxm_field_from_header(header);

    memset(sf, 0, sizeof *sf);
    if (header & 0x100) {
        return OFPERR_OFPBMC_BAD_FIELD;
    } else if (!f) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    unsigned int width = flow_field_n_bits(f);
    if (!n_bits || ofs + n_bits > width) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    if (f->type != FFT_UINT && f->type != FFT_BE && width > 64) {
        /* Subfields of 128-bit fields: not supported yet. */
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    sf->field = f;
    sf->ofs = ofs;
    sf->n_bits = n_bits;
    return 0;
}

static enum ofperr
pull_subfield_ofs_nbits(uint32_t header, uint16_t ofs_nbits,
                        struct ofp_subfield *sf)
{
    return pull_subfield(header, ofs_nbits >> 6, (ofs_nbits & 63) + 1, sf);
}

/* The Nicira actions that name a field and its bits (output_reg,
 * push/pop, multipath, bundle) and dec_ttl with controller ids. */
static enum ofperr
pull_nxast_field_action(const uint8_t *p, size_t len, struct ofpbuf *out)
{
    struct ofp_subfield sf;
    enum ofperr error;

    switch (get16(p + 8)) {
    case NXAST_OUTPUT_REG:
        if (len != 24) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (!is_all_zeros(p + 18, 6)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        error = pull_subfield_ofs_nbits(get32(p + 12), get16(p + 10), &sf);
        if (!error) {
            struct ofpact_output_reg *o = ofpact_put_OUTPUT_REG(out);
            o->src = sf;
            o->max_len = get16(p + 16);
        }
        return error;
    case NXAST_OUTPUT_REG2:
        /* ofs_nbits, max_len, then the source's header and zeros.  Only
         * 4-byte headers: no field of ours needs an experimenter OXM. */
        if (len < 24) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (!is_all_zeros(p + 18, len - 18)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        error = pull_subfield_ofs_nbits(get32(p + 14), get16(p + 10), &sf);
        if (!error) {
            struct ofpact_output_reg *o = ofpact_put_OUTPUT_REG(out);
            o->src = sf;
            o->max_len = get16(p + 12);
        }
        return error;
    case NXAST_STACK_PUSH:
    case NXAST_STACK_POP:
        if (len != 24) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (!is_all_zeros(p + 18, 6)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        error = pull_subfield(get32(p + 12), get16(p + 10), get16(p + 16),
                              &sf);
        if (!error) {
            struct ofpact_stack *st = (get16(p + 8) == NXAST_STACK_PUSH
                                       ? ofpact_put_STACK_PUSH(out)
                                       : ofpact_put_STACK_POP(out));
            st->subfield = sf;
        }
        return error;
    case NXAST_DEC_TTL_CNT_IDS: {
        uint16_t n = get16(p + 10);
        if (len < 16 + 2 * (size_t) n) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (!is_all_zeros(p + 12, 4)
            || !is_all_zeros(p + 16 + 2 * n, len - 16 - 2 * n)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofpact_put_DEC_TTL(out);
        out->size = ((uint8_t *) out->header - (uint8_t *) out->data
                     + offsetof(struct ofpact_cnt_ids, ids));
        for (size_t i = 0; i < n; i++) {
            uint16_t id = get16(p + 16 + 2 * i);
            ofpbuf_put(out, &id, sizeof id);
        }
        struct ofpact_cnt_ids *ids = out->header;
        ids->n_ids = n;
        ofpact_finish(out, out->header);
        return 0;
    }
    case NXAST_MULTIPATH: {
        if (len != 32) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        uint16_t fields = get16(p + 10), alg = get16(p + 16);
        uint16_t max_link = get16(p + 18);
        if (fields > NX_HASH_FIELDS_MAX || alg > NX_MP_ALG_ITER_HASH
            || get16(p + 14) || get16(p + 24)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        error = pull_subfield_ofs_nbits(get32(p + 28), get16(p + 26), &sf);
        if (error) {
            return error;
        }
        if (sf.n_bits < 16 && max_link >= (1u << sf.n_bits)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_multipath *mp = ofpact_put_MULTIPATH(out);
        mp->fields = fields;
        mp->basis = get16(p + 12);
        mp->algorithm = alg;
        mp->max_link = max_link;
        mp->arg = get32(p + 20);
        mp->dst = sf;
        return 0;
    }
    case NXAST_BUNDLE:
    case NXAST_BUNDLE_LOAD: {
        bool is_load = get16(p + 8) == NXAST_BUNDLE_LOAD;
        uint16_t alg = get16(p + 10), fields = get16(p + 12);
        uint16_t n = get16(p + 20);
        if (len < 32 + 2 * (size_t) n) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (alg > NX_BD_ALG_HRW || fields > NX_HASH_FIELDS_MAX
            || get32(p + 16) != NXM_OF_IN_PORT_HEADER
            || !is_all_zeros(p + 28, 4)
            || !is_all_zeros(p + 32 + 2 * n, len - 32 - 2 * n)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        memset(&sf, 0, sizeof sf);
        if (is_load) {
            error = pull_subfield_ofs_nbits(get32(p + 24), get16(p + 22),
                                            &sf);
            if (error) {
                return error;
            }
            if (sf.n_bits < 16) {
                return OFPERR_OFPBAC_BAD_ARGUMENT;
            }
        } else if (get16(p + 22) || get32(p + 24)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        for (size_t i = 0; i < n; i++) {
            uint16_t port = get16(p + 32 + 2 * i);
            if (port >= OFPP_MAX && port != OFPP_LOCAL) {
                return OFPERR_OFPBAC_BAD_OUT_PORT;
            }
        }
        ofpact_put_BUNDLE(out);
        out->size = ((uint8_t *) out->header - (uint8_t *) out->data
                     + offsetof(struct ofpact_bundle, members));
        for (size_t i = 0; i < n; i++) {
            uint16_t port = get16(p + 32 + 2 * i);
            ofpbuf_put(out, &port, sizeof port);
        }
        struct ofpact_bundle *bd = out->header;
        bd->algorithm = alg;
        bd->fields = fields;
        bd->basis = get16(p + 14);
        bd->dst = sf;
        bd->n_members = n;
        ofpact_finish(out, out->header);
        return 0;
    }
    case NXAST_CONJUNCTION: {
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (p[11] < 2 || p[11] > 64 || p[10] >= p[11]) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_conjunction *c = ofpact_put_CONJUNCTION(out);
        c->clause = p[10];
        c->n_clauses = p[11];
        c->id = get32(p + 12);
        return 0;
    }
    default:
        return OFPERR_OFPBAC_BAD_VENDOR_TYPE;
    }
}

/* A learn subfield from the wire: whole fields of any width, subfields
 * of fields up to 64 bits (as lib/ofp-actions.c accepts in text). */
static enum ofperr
pull_learn_subfield(uint32_t header, unsigned int ofs, unsigned int n_bits,
                    struct ofp_subfield *sf, uint8_t *proto)
{
    const struct flow_field *f = nxm_field_from_header(header);

    memset(sf, 0, sizeof *sf);
    if (header & 0x100) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    } else if (!f) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    unsigned int width = flow_field_n_bits(f);
    if (f->id == FF_ARP_OP && !ofs && n_bits == 16) {
        n_bits = 8;             /* See learn_wire_n_bits(). */
    }
    if (ofs + n_bits > width) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    } else if (width > 64 && f->type != FFT_UINT && f->type != FFT_BE
               && (ofs || n_bits != width)) {
        /* Subfields of 128-bit fields: not supported yet. */
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    sf->field = f;
    sf->ofs = ofs;
    sf->n_bits = n_bits;
    *proto = nxm_header_ip_proto(header);
    return 0;
}

/* NXAST_LEARN and NXAST_LEARN2 (see put_learn()). */
static enum ofperr
pull_learn(const uint8_t *p, size_t len, bool is_learn2, struct ofpbuf *out)
{
    size_t fixed = is_learn2 ? 40 : 32;
    uint16_t ok_flags = (NX_LEARN_F_SEND_FLOW_REM | NX_LEARN_F_DELETE_LEARNED
                         | (is_learn2 ? NX_LEARN_F_WRITE_RESULT : 0));
    struct ofpact_learn l;
    struct ofpbuf specs;
    enum ofperr error = 0;

    if (len < fixed) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    memset(&l, 0, sizeof l);
    l.idle_timeout = get16(p + 10);
    l.hard_timeout = get16(p + 12);
    l.priority = get16(p + 14);
    memcpy(&l.cookie, p + 16, 8);
    l.flags = get16(p + 24);
    l.table_id = p[26];
    l.fin_idle_timeout = get16(p + 28);
    l.fin_hard_timeout = get16(p + 30);
    if (l.flags & ~ok_flags || l.table_id == 0xff || p[27]) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }

    size_t pos = fixed;
    if (is_learn2) {
        l.limit = get32(p + 32);
        if (p[38] || p[39]) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (l.flags & NX_LEARN_F_WRITE_RESULT) {
            uint8_t proto;
            if (len < pos + 4) {
                return OFPERR_OFPBAC_BAD_LEN;
            }
            error = pull_learn_subfield(get32(p + pos), get16(p + 36), 1,
                                        &l.result_dst, &proto);
            if (error) {
                return error;
            }
            pos += 4;
        } else if (get16(p + 36)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
    }

    ofpbuf_init(&specs, 0);
    while (pos + 2 <= len) {
        uint16_t h = get16(p + pos);
        struct ofpact_learn_spec sp;

        if (!h) {
            break;
        }
        pos += 2;
        memset(&sp, 0, sizeof sp);
        sp.n_bits = h & 0x7ff;
        sp.src_type = (h >> 13) & 1;
        sp.dst_type = (h >> 11) & 3;
        /* The two top bits are reserved; Open vSwitch ignores them. */
        if (sp.dst_type > NX_LEARN_DST_OUTPUT || !sp.n_bits
            || sp.n_bits > 128
            || (sp.dst_type == NX_LEARN_DST_OUTPUT
                && sp.src_type == NX_LEARN_SRC_IMMEDIATE)) {
            error = OFPERR_OFPBAC_BAD_ARGUMENT;
            break;
        }
        if (sp.src_type == NX_LEARN_SRC_IMMEDIATE) {
            size_t n = 2 * DIV_ROUND_UP(sp.n_bits, 16);
            if (pos + n > len) {
                error = OFPERR_OFPBAC_BAD_LEN;
                break;
            }
            memcpy(sp.imm + 16 - n, p + pos, n);
            pos += n;
        } else {
            if (pos + 6 > len) {
                error = OFPERR_OFPBAC_BAD_LEN;
                break;
            }
            error = pull_learn_subfield(get32(p + pos), get16(p + pos + 4),
                                        sp.n_bits, &sp.src, &sp.src_proto);
            if (error) {
                break;
            }
            pos += 6;
        }
        if (sp.dst_type != NX_LEARN_DST_OUTPUT) {
            if (pos + 6 > len) {
                error = OFPERR_OFPBAC_BAD_LEN;
                break;
            }
            error = pull_learn_subfield(get32(p + pos), get16(p + pos + 4),
                                        sp.n_bits, &sp.dst, &sp.dst_proto);
            if (error) {
                break;
            }
            pos += 6;
        }
        if (sp.n_bits == 16
            && (is_whole_arp_op(&sp.src) || is_whole_arp_op(&sp.dst))) {
            sp.n_bits = 8;
        }
        ofpbuf_put(&specs, &sp, sizeof sp);
        l.n_specs++;
    }
    if (!error && pos < len && !is_all_zeros(p + pos, len - pos)) {
        error = OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    if (!error) {
        ofpact_put_LEARN(out);
        out->size = ((uint8_t *) out->header - (uint8_t *) out->data
                     + offsetof(struct ofpact_learn, specs));
        ofpbuf_put(out, specs.data, specs.size);
        struct ofpact_learn *dst = out->header;
        memcpy((uint8_t *) dst + sizeof dst->ofpact,
               (uint8_t *) &l + sizeof l.ofpact,
               offsetof(struct ofpact_learn, specs) - sizeof l.ofpact);
        ofpact_finish(out, out->header);
    }
    ofpbuf_uninit(&specs);
    return error;
}


/* The MPLS actions have a Nicira and an OpenFlow encoding with the same
 * fields in different places; these check and add what both decode to.
 * ETH_TYPE_P points to the action's 2-byte ethertype. */
static enum ofperr
put_push_pop_mpls(bool pop, const uint8_t *eth_type_p, struct ofpbuf *out)
{
    ovs_be16 eth_type;
    memcpy(&eth_type, eth_type_p, 2);
    if (pop) {
        ofpact_put_POP_MPLS(out)->ethertype = eth_type;
    } else if (eth_type_mpls(eth_type)) {
        ofpact_put_PUSH_MPLS(out)->ethertype = eth_type;
    } else {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    return 0;
}

static enum ofperr
put_set_mpls_label(uint32_t label, struct ofpbuf *out)
{
    if (label > 0xfffff) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    ofpact_put_SET_MPLS_LABEL(out)->label = label;
    return 0;
}

static enum ofperr
put_set_mpls_tc(uint8_t tc, struct ofpbuf *out)
{
    if (tc > 7) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    ofpact_put_SET_MPLS_TC(out)->tc = tc;
    return 0;
}

static enum ofperr
pull_nxast(const uint8_t *p, size_t len, int version, struct ofpbuf *out,
           int depth)
{
    if (len < 16) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    uint16_t subtype = get16(p + 8);
    switch (subtype) {
    case NXAST_RESUBMIT:
    case NXAST_RESUBMIT_TABLE: {
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        struct ofpact_resubmit *r = ofpact_put_RESUBMIT(out);
        r->in_port = get16(p + 10);
        r->table_id = subtype == NXAST_RESUBMIT ? 0xff : p[12];
        return 0;
    }
    case NXAST_SET_QUEUE:
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        ofpact_put_SET_QUEUE(out)->queue_id = get32(p + 12);
        return 0;
    case NXAST_GROUP:
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        ofpact_put_GROUP(out)->group_id = get32(p + 12);
        return 0;
    case NXAST_POP_QUEUE:
        /* Only as part of set_queue,output,pop_queue ("enqueue"): folded
         * by the caller; alone it is not supported. */
        return OFPERR_OFPBAC_BAD_VENDOR_TYPE;
    case NXAST_REG_MOVE: {
        if (len != 24) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        const struct flow_field *src = nxm_field_from_header(get32(p + 16));
        const struct flow_field *dst = nxm_field_from_header(get32(p + 20));
        uint16_t n_bits = get16(p + 10);
        uint16_t src_ofs = get16(p + 12), dst_ofs = get16(p + 14);
        if (!src || !dst) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (!n_bits || src_ofs + n_bits > flow_field_n_bits(src)
            || dst_ofs + n_bits > flow_field_n_bits(dst)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_reg_move *m = ofpact_put_REG_MOVE(out);
        m->src = (struct ofp_subfield) { src, src_ofs, n_bits };
        m->dst = (struct ofp_subfield) { dst, dst_ofs, n_bits };
        return 0;
    }
    case NXAST_REG_LOAD: {
        if (len != 24) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        uint16_t ofs_nbits = get16(p + 10);
        unsigned int ofs = ofs_nbits >> 6, n_bits = (ofs_nbits & 63) + 1;
        const struct flow_field *dst = nxm_field_from_header(get32(p + 12));
        uint64_t value = get64(p + 16);
        if (!dst || ofs + n_bits > flow_field_n_bits(dst)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (n_bits < 64 && value >> n_bits) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_reg_load *l = ofpact_put_REG_LOAD(out);
        l->dst = (struct ofp_subfield) { dst, ofs, n_bits };
        l->value = value;
        return 0;
    }
    case NXAST_REG_LOAD2:
        return pull_set_field(p + 10, len - 10, true, out);
    case NXAST_NOTE: {
        struct ofpact_note *n;
        size_t n_len = len - 10;
        n = (struct ofpact_note *) ofpact_put(out, OFPACT_NOTE,
                                              sizeof *n + n_len);
        n->length = n_len;
        memcpy(n->data, p + 10, n_len);
        return 0;
    }
    case NXAST_EXIT:
        ofpact_put_EXIT(out);
        return 0;
    case NXAST_DEC_TTL:
        ofpact_put_DEC_TTL(out);
        return 0;
    case NXAST_PUSH_MPLS:
    case NXAST_POP_MPLS:
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        return put_push_pop_mpls(subtype == NXAST_POP_MPLS, p + 10, out);
    case NXAST_SET_MPLS_LABEL:
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        return put_set_mpls_label(get32(p + 12), out);
    case NXAST_SET_MPLS_TC:
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        return put_set_mpls_tc(p[10], out);
    case NXAST_SET_MPLS_TTL:
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        ofpact_put_SET_MPLS_TTL(out)->ttl = p[10];
        return 0;
    case NXAST_DEC_MPLS_TTL:
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        ofpact_put_DEC_MPLS_TTL(out);
        return 0;
    case NXAST_CONTROLLER: {
        if (len != 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        struct ofpact_controller *c = ofpact_put_CONTROLLER(out);
        c->max_len = get16(p + 10);
        c->controller_id = get16(p + 12);
        c->reason = p[14];
        return 0;
    }
    case NXAST_CONTROLLER2:
        return pull_controller2(p, len, out);
    case NXAST_WRITE_METADATA: {
        if (len != 32) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        struct ofpact_metadata *md = ofpact_put_WRITE_METADATA(out);
        memcpy(&md->metadata, p + 16, 8);
        memcpy(&md->mask, p + 24, 8);
        md->metadata &= md->mask;
        return 0;
    }
    case NXAST_LEARN:
    case NXAST_LEARN2:
        return pull_learn(p, len, subtype == NXAST_LEARN2, out);
    case NXAST_CLONE: {
        if (depth > 16) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        size_t ofs = ofpact_nest_start(out, OFPACT_CLONE);
        enum ofperr error = pull_actions(p + 16, len - 16, version, out,
                                         depth + 1);
        if (error) {
            return error;
        }
        ofpact_nest_finish(out, ofs);
        return 0;
    }
    default:
        return pull_nxast_field_action(p, len, out);
    }
}

static enum ofperr
pull_action(const uint8_t *p, size_t len, int version, struct ofpbuf *out,
            int depth)
{
    uint16_t type = get16(p);
    bool of10 = version == OFP10_VERSION;
    bool of11 = version == OFP11_VERSION;
    enum ofperr error;

#define NEED_LEN(N) do { if (len != (N)) return OFPERR_OFPBAC_BAD_LEN; } \
    while (0)

    if (type == OFPAT_VENDOR) {
        if (len < 8) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (get32(p + 4) != NX_VENDOR_ID) {
            return OFPERR_OFPBAC_BAD_VENDOR;
        }
        return pull_nxast(p, len, version, out, depth);
    }
    if (type == 0) {                    /* OUTPUT in every version. */
        uint16_t port;
        uint16_t max_len;
        if (of10) {
            NEED_LEN(8);
            port = get16(p + 4);
            max_len = get16(p + 6);
        } else {
            NEED_LEN(16);
            error = port_from_wire32(get32(p + 4), &port);
            if (error) {
                return error;
            }
            max_len = get16(p + 8);
        }
        error = check_out_port(port);
        if (error) {
            return error;
        }
        struct ofpact_output *o = ofpact_put_OUTPUT(out);
        o->port = port;
        o->max_len = max_len;
        return 0;
    }
    if (of10 || of11) {
        /* The mod_* actions, numbered differently in 1.0 and 1.1. */
        int t = type;
        if (of11 && type >= 3 && type <= 7) {
            t = type + 1;               /* 1.1 has no STRIP_VLAN here. */
        } else if (of11 && (type == 9 || type == 10)) {
            t = type;
        } else if (of11 && type >= 8) {
            t = -1;
        }
        switch (t) {
        case OFPAT10_SET_VLAN_VID: {
            NEED_LEN(8);
            uint16_t vid = get16(p + 4);
            if (vid > 0xfff) {
                return OFPERR_OFPBAC_BAD_ARGUMENT;
            }
            struct ofpact_vlan_vid *v = ofpact_put_SET_VLAN_VID(out);
            v->vlan_vid = vid;
            /* 1.1's set_vlan_vid only changes an existing tag. */
            v->push_vlan_if_needed = !of11;
            return 0;
        }
        case OFPAT10_SET_VLAN_PCP: {
            NEED_LEN(8);
            if (p[4] > 7) {
                return OFPERR_OFPBAC_BAD_ARGUMENT;
            }
            struct ofpact_vlan_pcp *v = ofpact_put_SET_VLAN_PCP(out);
            v->vlan_pcp = p[4];
            v->push_vlan_if_needed = !of11;
            return 0;
        }
        case OFPAT10_STRIP_VLAN:
            if (!of10) {
                break;
            }
            NEED_LEN(8);
            ofpact_put_STRIP_VLAN(out);
            return 0;
        case OFPAT10_SET_DL_SRC:
        case OFPAT10_SET_DL_DST: {
            NEED_LEN(16);
            struct ofpact_mac *m = (struct ofpact_mac *) ofpact_put(
                out, t == OFPAT10_SET_DL_SRC ? OFPACT_SET_ETH_SRC
                : OFPACT_SET_ETH_DST, sizeof *m);
            memcpy(&m->mac, p + 4, 6);
            return 0;
        }
        case OFPAT10_SET_NW_SRC:
        case OFPAT10_SET_NW_DST: {
            NEED_LEN(8);
            struct ofpact_ipv4 *ip = (struct ofpact_ipv4 *) ofpact_put(
                out, t == OFPAT10_SET_NW_SRC ? OFPACT_SET_IPV4_SRC
                : OFPACT_SET_IPV4_DST, sizeof *ip);
            memcpy(&ip->ipv4, p + 4, 4);
            return 0;
        }
        case OFPAT10_SET_NW_TOS:
            NEED_LEN(8);
            if (p[4] & 3) {
                return OFPERR_OFPBAC_BAD_ARGUMENT;
            }
            ofpact_put_SET_IP_DSCP(out)->dscp = p[4];
            return 0;
        case OFPAT10_SET_TP_SRC:
        case OFPAT10_SET_TP_DST: {
            NEED_LEN(8);
            struct ofpact_l4_port *lp = (struct ofpact_l4_port *) ofpact_put(
                out, t == OFPAT10_SET_TP_SRC ? OFPACT_SET_L4_SRC_PORT
                : OFPACT_SET_L4_DST_PORT, sizeof *lp);
            lp->port = get16(p + 4);
            return 0;
        }
        case OFPAT10_ENQUEUE: {
            if (!of10) {
                break;
            }
            NEED_LEN(16);
            uint16_t port = get16(p + 4);
            if (port >= OFPP_MAX && port != OFPP_IN_PORT
                && port != OFPP_LOCAL) {
                return OFPERR_OFPBAC_BAD_OUT_PORT;
            }
            struct ofpact_enqueue *e = ofpact_put_ENQUEUE(out);
            e->port = port;
            e->queue = get32(p + 12);
            return 0;
        }
        default:
            break;
        }
        if (of10) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
    }

    switch (type) {
    case OFPAT_PUSH_VLAN: {
        NEED_LEN(8);
        ovs_be16 tpid;
        memcpy(&tpid, p + 4, 2);
        if (tpid != htons(ETH_TYPE_VLAN_8021Q)
            && tpid != htons(ETH_TYPE_VLAN_8021AD)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofpact_put_PUSH_VLAN(out)->ethertype = tpid;
        return 0;
    }
    case OFPAT_POP_VLAN:
        NEED_LEN(8);
        ofpact_put_STRIP_VLAN(out)->is_pop = true;
        return 0;
    case OFPAT_SET_QUEUE:
        NEED_LEN(8);
        ofpact_put_SET_QUEUE(out)->queue_id = get32(p + 4);
        return 0;
    case OFPAT_GROUP:
        NEED_LEN(8);
        ofpact_put_GROUP(out)->group_id = get32(p + 4);
        return 0;
    case OFPAT_DEC_NW_TTL:
        NEED_LEN(8);
        ofpact_put_DEC_TTL(out);
        return 0;
    case OFPAT_SET_NW_TTL:
        NEED_LEN(8);
        ofpact_put_SET_IP_TTL(out)->ttl = p[4];
        return 0;
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
        NEED_LEN(8);
        return put_push_pop_mpls(type == OFPAT_POP_MPLS, p + 4, out);
    case OFPAT11_SET_MPLS_LABEL:
        /* OpenFlow 1.2 replaced these two with set_field. */
        if (!of11) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        NEED_LEN(8);
        return put_set_mpls_label(get32(p + 4), out);
    case OFPAT11_SET_MPLS_TC:
        if (!of11) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        NEED_LEN(8);
        return put_set_mpls_tc(p[4], out);
    case OFPAT_SET_MPLS_TTL:
        NEED_LEN(8);
        ofpact_put_SET_MPLS_TTL(out)->ttl = p[4];
        return 0;
    case OFPAT_DEC_MPLS_TTL:
        NEED_LEN(8);
        ofpact_put_DEC_MPLS_TTL(out);
        return 0;
    case OFPAT_SET_FIELD:
        if (version < OFP12_VERSION) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        return pull_set_field(p + 4, len - 4, version >= OFP15_VERSION, out);
    case OFPAT15_COPY_FIELD: {
        if (version < OFP15_VERSION) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        NEED_LEN(24);
        const struct flow_field *src = nxm_field_from_header(get32(p + 12));
        const struct flow_field *dst = nxm_field_from_header(get32(p + 16));
        uint16_t n_bits = get16(p + 4);
        uint16_t src_ofs = get16(p + 6), dst_ofs = get16(p + 8);
        if (!src || !dst || (get32(p + 12) | get32(p + 16)) & 0x100) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (!n_bits || src_ofs + n_bits > flow_field_n_bits(src)
            || dst_ofs + n_bits > flow_field_n_bits(dst)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_reg_move *m = ofpact_put_REG_MOVE(out);
        m->src = (struct ofp_subfield) { src, src_ofs, n_bits };
        m->dst = (struct ofp_subfield) { dst, dst_ofs, n_bits };
        return 0;
    }
    case OFPAT_METER:
        if (version < OFP15_VERSION) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        NEED_LEN(8);
        ofpact_put_METER(out)->meter_id = get32(p + 4);
        return 0;
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
#undef NEED_LEN
}

/* Folds "set_queue:Q, output:P, pop_queue" (how enqueue travels in 1.1+)
 * back into one ENQUEUE ofpact.  Returns the bytes of the wire triple
 * consumed (0 if 'p' does not start one). */
static size_t
try_pull_enqueue(const uint8_t *p, size_t len, struct ofpbuf *out)
{
    if (len >= 40 && get16(p) == OFPAT_SET_QUEUE && get16(p + 2) == 8
        && get16(p + 8) == 0 && get16(p + 10) == 16
        && get16(p + 24) == OFPAT_VENDOR && get16(p + 26) == 16
        && get32(p + 28) == NX_VENDOR_ID
        && get16(p + 32) == NXAST_POP_QUEUE) {
        uint16_t port;
        if (port_from_wire32(get32(p + 12), &port)) {
            return 0;
        }
        struct ofpact_enqueue *e = ofpact_put_ENQUEUE(out);
        e->port = port;
        e->queue = get32(p + 4);
        return 40;
    }
    return 0;
}

static enum ofperr
pull_actions(const uint8_t *p, size_t len, int version, struct ofpbuf *out,
             int depth)
{
    while (len > 0) {
        if (len < 8) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        size_t alen = get16(p + 2);
        if (alen < 8 || alen % 8 || alen > len) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        size_t folded = version > OFP10_VERSION
                        ? try_pull_enqueue(p, len, out) : 0;
        if (folded) {
            p += folded;
            len -= folded;
            continue;
        }
        enum ofperr error = pull_action(p, alen, version, out, depth);
        if (error) {
            return error;
        }
        p += alen;
        len -= alen;
    }
    return 0;
}

enum ofperr
ofpacts_pull_openflow_actions(const void *p, size_t len, int version,
                              struct ofpbuf *ofpacts)
{
    return pull_actions(p, len, version, ofpacts, 0);
}

enum ofperr
ofpacts_pull_openflow_instructions(const void *p_, size_t len, int version,
                                   struct ofpbuf *ofpacts)
{
    const uint8_t *p = p_;
    const uint8_t *insts[7] = { NULL };
    size_t lens[7] = { 0 };

    if (version == OFP10_VERSION) {
        return ofpacts_pull_openflow_actions(p, len, version, ofpacts);
    }
    while (len > 0) {
        if (len < 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        uint16_t type = get16(p), ilen = get16(p + 2);
        if (ilen < 8 || ilen % 8 || ilen > len) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        if (type < OFPIT_GOTO_TABLE || type > OFPIT_METER
            || (type == OFPIT_METER && version < OFP13_VERSION)) {
            return OFPERR_OFPBIC_UNKNOWN_INST;
        }
        if (insts[type]) {
            return OFPERR_OFPBIC_DUP_INST;
        }
        insts[type] = p;
        lens[type] = ilen;
        p += ilen;
        len -= ilen;
    }

    enum ofperr error;
    if (insts[OFPIT_METER]) {
        if (lens[OFPIT_METER] != 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        ofpact_put_METER(ofpacts)->meter_id = get32(insts[OFPIT_METER] + 4);
    }
    if (insts[OFPIT_APPLY_ACTIONS]) {
        error = pull_actions(insts[OFPIT_APPLY_ACTIONS] + 8,
                             lens[OFPIT_APPLY_ACTIONS] - 8, version,
                             ofpacts, 0);
        if (error) {
            return error;
        }
    }
    if (insts[OFPIT_CLEAR_ACTIONS]) {
        if (lens[OFPIT_CLEAR_ACTIONS] != 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        ofpact_put_CLEAR_ACTIONS(ofpacts);
    }
    if (insts[OFPIT_WRITE_ACTIONS]) {
        size_t ofs = ofpact_nest_start(ofpacts, OFPACT_WRITE_ACTIONS);
        error = pull_actions(insts[OFPIT_WRITE_ACTIONS] + 8,
                             lens[OFPIT_WRITE_ACTIONS] - 8, version,
                             ofpacts, 1);
        if (error) {
            return error;
        }
        ofpact_nest_finish(ofpacts, ofs);
    }
    if (insts[OFPIT_WRITE_METADATA]) {
        const uint8_t *q = insts[OFPIT_WRITE_METADATA];
        if (lens[OFPIT_WRITE_METADATA] != 24) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        struct ofpact_metadata *md = ofpact_put_WRITE_METADATA(ofpacts);
        memcpy(&md->metadata, q + 8, 8);
        memcpy(&md->mask, q + 16, 8);
        if (md->metadata & ~md->mask) {
            return OFPERR_OFPBIC_UNSUP_METADATA;
        }
    }
    if (insts[OFPIT_GOTO_TABLE]) {
        if (lens[OFPIT_GOTO_TABLE] != 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        uint8_t table = insts[OFPIT_GOTO_TABLE][4];
        if (table == 0xff) {
            return OFPERR_OFPBIC_BAD_TABLE_ID;
        }
        ofpact_put_GOTO_TABLE(ofpacts)->table_id = table;
    }
    return 0;
}
