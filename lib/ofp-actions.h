/* ofp-actions.h -- OpenFlow actions and instructions, in one internal form.
 *
 * Every OpenFlow version (and the Nicira extensions) encodes actions
 * differently on the wire; the switch (ofproto/), the translator
 * (ofproto/xlate.c) and ovs-ofctl work only on this one representation,
 * "ofpacts".  An ofpact list is a packed sequence of variable-length
 * structs in a buffer (normally a struct ofpbuf), each starting with a
 * struct ofpact header that gives its type and its length in bytes.
 * Every action is padded to OFPACT_ALIGNTO bytes, so the next one starts
 * at 'ofpact + OFPACT_ALIGN(ofpact->len)'.  An empty list means "drop".
 *
 * Instructions (OpenFlow 1.1+) are ofpacts too: OFPACT_METER,
 * OFPACT_CLEAR_ACTIONS, OFPACT_WRITE_ACTIONS, OFPACT_WRITE_METADATA and
 * OFPACT_GOTO_TABLE, which appear in that order after the "apply actions"
 * (all the other ofpacts).  Nested lists (WRITE_ACTIONS, CLONE) are held
 * inline after their header (struct ofpact_nest).
 *
 * Text forms follow ovs-actions(7) and ovs-ofctl(8): ofpacts_parse()
 * reads them, ofpacts_format() prints them the way "ovs-ofctl dump-flows"
 * does.  Wire encodings live elsewhere (ofp-actions.c for the text and
 * helpers here; wire codecs in other lib/ofp-*.c files).
 *
 * Building a list:
 *
 *     struct ofpbuf ofpacts;
 *     ofpbuf_init(&ofpacts, 64);
 *     struct ofpact_output *out = ofpact_put_OUTPUT(&ofpacts);
 *     out->port = 2;
 *     ... use ofpacts.data, ofpacts.size ...
 *
 * ofpact_put_*() may reallocate the buffer: pointers to earlier ofpacts
 * in it become invalid (use ofpacts.header, see ofpact_nest_start()).
 *
 * Walking a list:
 *
 *     const struct ofpact *a;
 *     OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
 *         switch (a->type) {
 *         case OFPACT_OUTPUT: ... ofpact_get_OUTPUT(a)->port ...
 *         }
 *     }
 *
 * Implemented in ofp-actions.c. */
#ifndef OFP_ACTIONS_H
#define OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "match.h"
#include "packets.h"
#include "util.h"

struct ds;
struct ofpbuf;

/* OFPACT(ENUM, STRUCT, NAME): every action type, with the struct that
 * holds it and the name used in messages.  The enum, the name table and
 * the typed put/get functions are all generated from this one list. */
#define OFPACTS                                                         \
    /* Output. */                                                       \
    OFPACT(OUTPUT,         ofpact_output,        "output")              \
    OFPACT(CONTROLLER,     ofpact_controller,    "controller")          \
    OFPACT(ENQUEUE,        ofpact_enqueue,       "enqueue")             \
    OFPACT(GROUP,          ofpact_group,         "group")               \
    OFPACT(OUTPUT_REG,     ofpact_output_reg,    "output_reg")          \
    OFPACT(BUNDLE,         ofpact_bundle,        "bundle")              \
                                                                        \
    /* Header changes. */                                               \
    OFPACT(SET_VLAN_VID,   ofpact_vlan_vid,      "mod_vlan_vid")        \
    OFPACT(SET_VLAN_PCP,   ofpact_vlan_pcp,      "mod_vlan_pcp")        \
    OFPACT(STRIP_VLAN,     ofpact_strip_vlan,    "strip_vlan")          \
    OFPACT(PUSH_VLAN,      ofpact_push_vlan,     "push_vlan")           \
    OFPACT(PUSH_MPLS,      ofpact_push_mpls,     "push_mpls")           \
    OFPACT(POP_MPLS,       ofpact_pop_mpls,      "pop_mpls")            \
    OFPACT(SET_MPLS_LABEL, ofpact_mpls_label,    "set_mpls_label")      \
    OFPACT(SET_MPLS_TC,    ofpact_mpls_tc,       "set_mpls_tc")         \
    OFPACT(SET_MPLS_TTL,   ofpact_mpls_ttl,      "set_mpls_ttl")        \
    OFPACT(DEC_MPLS_TTL,   ofpact_null,          "dec_mpls_ttl")        \
    OFPACT(SET_ETH_SRC,    ofpact_mac,           "mod_dl_src")          \
    OFPACT(SET_ETH_DST,    ofpact_mac,           "mod_dl_dst")          \
    OFPACT(SET_IPV4_SRC,   ofpact_ipv4,          "mod_nw_src")          \
    OFPACT(SET_IPV4_DST,   ofpact_ipv4,          "mod_nw_dst")          \
    OFPACT(SET_IP_DSCP,    ofpact_dscp,          "mod_nw_tos")          \
    OFPACT(SET_L4_SRC_PORT, ofpact_l4_port,      "mod_tp_src")          \
    OFPACT(SET_L4_DST_PORT, ofpact_l4_port,      "mod_tp_dst")          \
    OFPACT(SET_FIELD,      ofpact_set_field,     "set_field")           \
    OFPACT(REG_MOVE,       ofpact_reg_move,      "move")                \
    OFPACT(REG_LOAD,       ofpact_reg_load,      "load")                \
    OFPACT(DEC_TTL,        ofpact_cnt_ids,       "dec_ttl")             \
    OFPACT(SET_IP_TTL,     ofpact_ip_ttl,        "mod_nw_ttl")          \
    OFPACT(STACK_PUSH,     ofpact_stack,         "push")                \
    OFPACT(STACK_POP,      ofpact_stack,         "pop")                 \
    OFPACT(MULTIPATH,      ofpact_multipath,     "multipath")           \
    OFPACT(CONJUNCTION,    ofpact_conjunction,   "conjunction")         \
    OFPACT(SET_QUEUE,      ofpact_queue,         "set_queue")           \
    OFPACT(LEARN,          ofpact_learn,         "learn")               \
                                                                        \
    /* Control flow. */                                                 \
    OFPACT(RESUBMIT,       ofpact_resubmit,      "resubmit")            \
    OFPACT(NOTE,           ofpact_note,          "note")                \
    OFPACT(EXIT,           ofpact_null,          "exit")                \
    OFPACT(CLONE,          ofpact_nest,          "clone")               \
                                                                        \
    /* Instructions (OpenFlow 1.1+), in their required order. */        \
    OFPACT(METER,          ofpact_meter,         "meter")               \
    OFPACT(CLEAR_ACTIONS,  ofpact_null,          "clear_actions")       \
    OFPACT(WRITE_ACTIONS,  ofpact_nest,          "write_actions")       \
    OFPACT(WRITE_METADATA, ofpact_metadata,      "write_metadata")      \
    OFPACT(GOTO_TABLE,     ofpact_goto_table,    "goto_table")

enum ofpact_type {
#define OFPACT(ENUM, STRUCT, NAME) OFPACT_##ENUM,
    OFPACTS
#undef OFPACT
    OFPACT_N_TYPES
};

/* Returns the name of 'type' ("output", "set_field"...). */
const char *ofpact_name(enum ofpact_type type);

/* The header of every ofpact. */
struct ofpact {
    uint16_t type;              /* enum ofpact_type. */
    uint16_t len;               /* Bytes, including this header and any
                                 * variable tail, excluding final padding. */
};

#define OFPACT_ALIGNTO 8
#define OFPACT_ALIGN(SIZE) (((SIZE) + OFPACT_ALIGNTO - 1) \
                            / OFPACT_ALIGNTO * OFPACT_ALIGNTO)

static inline const struct ofpact *
ofpact_next(const struct ofpact *a)
{
    return (const void *) ((const uint8_t *) a + OFPACT_ALIGN(a->len));
}

static inline const struct ofpact *
ofpact_end(const struct ofpact *ofpacts, size_t ofpacts_len)
{
    return (const void *) ((const uint8_t *) ofpacts + ofpacts_len);
}

/* Iterates 'POS' over the ofpacts in 'OFPACTS' (a const struct ofpact *)
 * of 'OFPACTS_LEN' bytes.  Does not descend into nested lists. */
#define OFPACT_FOR_EACH(POS, OFPACTS, OFPACTS_LEN)                       \
    for ((POS) = (OFPACTS); (POS) < ofpact_end(OFPACTS, OFPACTS_LEN);    \
         (POS) = ofpact_next(POS))

/* Action structs.  All start with 'struct ofpact ofpact'. */

/* EXIT, CLEAR_ACTIONS: no arguments. */
struct ofpact_null {
    struct ofpact ofpact;
};

/* OUTPUT: to an OpenFlow port, ordinary or reserved (OFPP_IN_PORT,
 * OFPP_TABLE, OFPP_NORMAL, OFPP_FLOOD, OFPP_ALL, OFPP_CONTROLLER,
 * OFPP_LOCAL from flow.h).  'max_len' matters only for OFPP_CONTROLLER
 * (bytes of the packet to send; OpenFlow's default is 0xffe5 for 1.2+
 * and 0xffff "whole packet" internally). */
struct ofpact_output {
    struct ofpact ofpact;
    uint16_t port;
    uint16_t max_len;
};

/* CONTROLLER: a packet-in with an explicit reason and controller id.
 * The plain "CONTROLLER:max_len" output form is OFPACT_OUTPUT; this is
 * the "controller(...)" form and NXAST_CONTROLLER. */
enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0,          /* "no_match" */
    OFPR_ACTION = 1,            /* "action" */
    OFPR_INVALID_TTL = 2,       /* "invalid_ttl" */
    OFPR_ACTION_SET = 3,        /* "action_set" (1.4+) */
    OFPR_GROUP = 4,             /* "group" (1.4+) */
    OFPR_PACKET_OUT = 5,        /* "packet_out" (1.4+) */
};
struct ofpact_controller {
    struct ofpact ofpact;
    uint16_t max_len;           /* Default 0xffff (whole packet). */
    uint16_t controller_id;     /* Default 0. */
    uint8_t reason;             /* enum ofp_packet_in_reason, default
                                 * OFPR_ACTION. */
    bool pause;                 /* "pause": translation stops here; the
                                 * packet-in (NXT_PACKET_IN2) carries a
                                 * continuation that NXT_RESUME resumes. */
    uint16_t userdata_len;      /* "userdata=": bytes for the controller, */
    uint8_t userdata[];         /* sent in NXT_PACKET_IN2. */
};

/* Appends a CONTROLLER action with 'userdata' (its other members at their
 * defaults: max_len 0xffff, reason action, id 0, no pause). */
struct ofpact_controller *ofpact_put_controller(struct ofpbuf *,
                                                const void *userdata,
                                                size_t userdata_len);

/* ENQUEUE: output to 'port' on queue 'queue'. */
struct ofpact_enqueue {
    struct ofpact ofpact;
    uint16_t port;
    uint32_t queue;
};

/* GROUP. */
struct ofpact_group {
    struct ofpact ofpact;
    uint32_t group_id;
};

/* SET_VLAN_VID: sets the VID of the outermost tag (0...4095).  If
 * 'push_vlan_if_needed' (mod_vlan_vid, OpenFlow 1.0 semantics), an
 * untagged packet gets a new tag; set_field:vlan_vid does not. */
struct ofpact_vlan_vid {
    struct ofpact ofpact;
    uint16_t vlan_vid;
    bool push_vlan_if_needed;
};

/* SET_VLAN_PCP: sets the PCP (0...7) of the outermost tag; see
 * SET_VLAN_VID for 'push_vlan_if_needed'. */
struct ofpact_vlan_pcp {
    struct ofpact ofpact;
    uint8_t vlan_pcp;
    bool push_vlan_if_needed;
};

/* PUSH_VLAN: pushes a tag with TPID 'ethertype' (0x8100 or 0x88a8),
 * copying VID and PCP from the old outer tag (or zero). */
struct ofpact_push_vlan {
    struct ofpact ofpact;
    ovs_be16 ethertype;
};

/* PUSH_MPLS: pushes a label stack entry with ethertype 'ethertype'
 * (0x8847 or 0x8848).  The new entry copies the outer entry's label, TC
 * and TTL if the packet had MPLS already; otherwise it is a bottom of
 * stack entry with label 0 and TC and TTL taken from the IP header (see
 * ofproto/xlate.c). */
struct ofpact_push_mpls {
    struct ofpact ofpact;
    ovs_be16 ethertype;
};

/* POP_MPLS: pops the outer label stack entry; 'ethertype' is the packet's
 * ethertype afterward (an MPLS one if more entries remain). */
struct ofpact_pop_mpls {
    struct ofpact ofpact;
    ovs_be16 ethertype;
};

/* SET_MPLS_LABEL: the outer entry's 20-bit label, host order. */
struct ofpact_mpls_label {
    struct ofpact ofpact;
    uint32_t label;
};

/* SET_MPLS_TC: the outer entry's 3-bit traffic class. */
struct ofpact_mpls_tc {
    struct ofpact ofpact;
    uint8_t tc;
};

/* SET_MPLS_TTL: the outer entry's TTL.  (DEC_MPLS_TTL has no argument;
 * like DEC_TTL it sends an invalid_ttl packet-in when the TTL runs out.) */
struct ofpact_mpls_ttl {
    struct ofpact ofpact;
    uint8_t ttl;
};

/* SET_ETH_SRC, SET_ETH_DST. */
struct ofpact_mac {
    struct ofpact ofpact;
    struct eth_addr mac;
};

/* SET_IPV4_SRC, SET_IPV4_DST. */
struct ofpact_ipv4 {
    struct ofpact ofpact;
    ovs_be32 ipv4;
};

/* SET_IP_DSCP: 'dscp' is the DSCP already shifted into the TOS byte
 * (the low 2 bits are zero), as in mod_nw_tos. */
struct ofpact_dscp {
    struct ofpact ofpact;
    uint8_t dscp;
};

/* STRIP_VLAN: 'is_pop' says it was spelt "pop_vlan" (OpenFlow 1.1+'s
 * OFPAT_POP_VLAN, or the text), which is how ovs-ofctl prints it then;
 * OpenFlow 1.0's OFPAT10_STRIP_VLAN and "strip_vlan" print "strip_vlan".
 * The wire form depends only on the version. */
struct ofpact_strip_vlan {
    struct ofpact ofpact;
    bool is_pop;
};

/* SET_L4_SRC_PORT, SET_L4_DST_PORT: TCP/UDP/SCTP port, host order.
 * 'ip_proto' (IPPROTO_TCP, _UDP, _SCTP, or 0 if not known yet) is the
 * flow's protocol, filled in by ofpacts_set_ip_proto(): OpenFlow 1.2+
 * carry the action as a set_field of tcp_*, udp_* or sctp_*. */
struct ofpact_l4_port {
    struct ofpact ofpact;
    uint16_t port;
    uint8_t ip_proto;
};

/* A run of bits in a field: "NXM_NX_REG0[0..15]", "reg0[]",
 * "eth_dst[]".  'ofs' and 'n_bits' count from the field's least
 * significant bit; a whole field has ofs 0 and n_bits = field width. */
struct ofp_subfield {
    const struct flow_field *field;
    uint16_t ofs;
    uint16_t n_bits;
};

/* Width in bits of field 'f' (e.g. 32 for reg0, 48 for eth_dst). */
unsigned int flow_field_n_bits(const struct flow_field *f);

/* SET_FIELD: field := (field & ~mask) | (value & mask).  "set_field"
 * and OpenFlow 1.2+ OFPAT_SET_FIELD. */
struct ofpact_set_field {
    struct ofpact ofpact;
    const struct flow_field *field;
    union flow_field_value value;
    union flow_field_value mask;
    uint8_t ip_proto;           /* tp_src and tp_dst only: which of the
                                 * names tcp_*, udp_* (IPPROTO_UDP) or
                                 * sctp_* it was given (text or wire), as
                                 * it is printed and encoded again; 0 is
                                 * TCP's. */
};

/* REG_MOVE: copies 'src' to 'dst' (same n_bits). */
struct ofpact_reg_move {
    struct ofpact ofpact;
    struct ofp_subfield src;
    struct ofp_subfield dst;
};

/* REG_LOAD: loads 'value' (the low 'dst.n_bits' bits, host order
 * integer; fields wider than 64 bits take set_field instead) into
 * 'dst'.  "load:VALUE->DST" and NXAST_REG_LOAD. */
struct ofpact_reg_load {
    struct ofpact ofpact;
    struct ofp_subfield dst;
    uint64_t value;
};

/* DEC_TTL: "dec_ttl" (no ids: OFPAT_DEC_NW_TTL or NXAST_DEC_TTL, which
 * mean controller id 0) or "dec_ttl(ID,...)" (NXAST_DEC_TTL_CNT_IDS):
 * the controllers that get an invalid_ttl packet-in. */
struct ofpact_cnt_ids {
    struct ofpact ofpact;
    uint16_t n_ids;
    uint16_t ids[];
};

/* SET_IP_TTL: "mod_nw_ttl:TTL" (OpenFlow 1.1+ OFPAT_SET_NW_TTL; 1.0
 * carries it as a load into NXM_NX_IP_TTL). */
struct ofpact_ip_ttl {
    struct ofpact ofpact;
    uint8_t ttl;
};

/* STACK_PUSH, STACK_POP: "push:FIELD[..]", "pop:FIELD[..]": push the
 * subfield's value onto the translation's value stack, or pop the top
 * of it into the subfield (NXAST_STACK_PUSH/POP). */
struct ofpact_stack {
    struct ofpact ofpact;
    struct ofp_subfield subfield;
};

/* OUTPUT_REG: "output:FIELD[..]": output to the OpenFlow port whose
 * number the subfield holds (NXAST_OUTPUT_REG, NXAST_OUTPUT_REG2).
 * 'max_len' is for output to OFPP_CONTROLLER, as in OUTPUT. */
struct ofpact_output_reg {
    struct ofpact ofpact;
    struct ofp_subfield src;
    uint16_t max_len;
};

/* The flow fields that multipath and bundle hash (NX_HASH_FIELDS_*). */
enum nx_hash_fields {
    NX_HASH_FIELDS_ETH_SRC = 0,
    NX_HASH_FIELDS_SYMMETRIC_L4 = 1,
    NX_HASH_FIELDS_SYMMETRIC_L3L4 = 2,
    NX_HASH_FIELDS_SYMMETRIC_L3L4_UDP = 3,
    NX_HASH_FIELDS_NW_SRC = 4,
    NX_HASH_FIELDS_NW_DST = 5,
    NX_HASH_FIELDS_SYMMETRIC_L3 = 6,
};
#define NX_HASH_FIELDS_MAX NX_HASH_FIELDS_SYMMETRIC_L3

/* Multipath link selection algorithms (NX_MP_ALG_*). */
enum nx_mp_algorithm {
    NX_MP_ALG_MODULO_N = 0,
    NX_MP_ALG_HASH_THRESHOLD = 1,
    NX_MP_ALG_HRW = 2,
    NX_MP_ALG_ITER_HASH = 3,
};

/* MULTIPATH: "multipath(FIELDS, BASIS, ALGORITHM, N_LINKS, ARG, DST)":
 * hashes FIELDS with BASIS, picks a link in 0...max_link with ALGORITHM
 * and stores it into 'dst' (NXAST_MULTIPATH). */
struct ofpact_multipath {
    struct ofpact ofpact;
    struct ofp_subfield dst;
    uint32_t arg;
    uint16_t basis;
    uint16_t max_link;          /* n_links - 1. */
    uint8_t fields;             /* enum nx_hash_fields. */
    uint8_t algorithm;          /* enum nx_mp_algorithm. */
};

/* Bundle member selection algorithms (NX_BD_ALG_*). */
enum nx_bd_algorithm {
    NX_BD_ALG_ACTIVE_BACKUP = 0,
    NX_BD_ALG_HRW = 1,
};

/* BUNDLE: "bundle(FIELDS, BASIS, ALGORITHM, ofport, members:P,...)"
 * outputs to one live member port (NXAST_BUNDLE); with 'dst.field'
 * nonnull it is "bundle_load(..., DST, members:...)", which loads the
 * chosen port number (OFPP_NONE if none is live) into 'dst' instead
 * (NXAST_BUNDLE_LOAD). */
struct ofpact_bundle {
    struct ofpact ofpact;
    struct ofp_subfield dst;
    uint16_t basis;
    uint8_t fields;             /* enum nx_hash_fields. */
    uint8_t algorithm;          /* enum nx_bd_algorithm. */
    uint16_t n_members;
    uint16_t members[];
};

/* Names of enum nx_hash_fields values ("eth_src", "symmetric_l4"...);
 * NULL for an unknown value. */
const char *nx_hash_fields_name(unsigned int fields);

/* CONJUNCTION: "conjunction(ID, CLAUSE/N_CLAUSES)", 'clause' counted
 * from 0 as on the wire (NXAST_CONJUNCTION).  Makes the flow a clause of
 * a conjunctive match (lib/classifier.h). */
struct ofpact_conjunction {
    struct ofpact ofpact;
    uint32_t id;
    uint8_t clause;
    uint8_t n_clauses;
};

/* LEARN: "learn(ARGS)" adds or modifies a flow built from the packet
 * (NXAST_LEARN; NXAST_LEARN2 when 'limit' or a result_dst is given).
 * Each spec says where one part of the new flow comes from:
 *
 *   dst_type MATCH:  the new flow matches 'dst' = source;
 *   dst_type LOAD:   the new flow loads the source into 'dst';
 *   dst_type OUTPUT: the new flow outputs to the port the source holds;
 *
 * where the source is the subfield 'src' of the packet (src_type FIELD)
 * or the constant 'imm' (IMMEDIATE): 'n_bits' bits, big-endian and
 * right-aligned in the 16 bytes, as the wire carries them.  'src_proto'
 * and 'dst_proto' remember which of tcp_, udp_ or sctp_ names a tp_src
 * or tp_dst subfield used (as struct ofpact_set_field's ip_proto). */
enum nx_learn_src {
    NX_LEARN_SRC_FIELD = 0,
    NX_LEARN_SRC_IMMEDIATE = 1,
};
enum nx_learn_dst {
    NX_LEARN_DST_MATCH = 0,
    NX_LEARN_DST_LOAD = 1,
    NX_LEARN_DST_OUTPUT = 2,
};
struct ofpact_learn_spec {
    struct ofp_subfield src;    /* NX_LEARN_SRC_FIELD only. */
    struct ofp_subfield dst;    /* Not for NX_LEARN_DST_OUTPUT. */
    uint8_t imm[16];            /* NX_LEARN_SRC_IMMEDIATE only. */
    uint16_t n_bits;
    uint8_t src_type;           /* enum nx_learn_src. */
    uint8_t dst_type;           /* enum nx_learn_dst. */
    uint8_t src_proto, dst_proto;
};

/* Flags of struct ofpact_learn (NX_LEARN_F_* on the wire). */
#define NX_LEARN_F_SEND_FLOW_REM  0x1   /* The new flow has send_flow_rem. */
#define NX_LEARN_F_DELETE_LEARNED 0x2   /* Deleting the last learning flow
                                         * of this table and cookie deletes
                                         * the flows it learned. */
#define NX_LEARN_F_WRITE_RESULT   0x4   /* 'result_dst' is set. */

struct ofpact_learn {
    struct ofpact ofpact;
    uint16_t idle_timeout, hard_timeout;
    uint16_t fin_idle_timeout, fin_hard_timeout;
    uint16_t priority;          /* Default OFP_DEFAULT_PRIORITY. */
    uint16_t flags;             /* NX_LEARN_F_*. */
    uint8_t table_id;           /* 0...254, default 1. */
    ovs_be64 cookie;
    uint32_t limit;             /* Most flows with 'cookie' in the table;
                                 * 0 = no limit. */
    struct ofp_subfield result_dst;     /* One bit: 1 if learned, 0 if
                                         * 'limit' refused. */
    uint32_t n_specs;
    struct ofpact_learn_spec specs[];
};

/* The low 64 bits of a learn spec's immediate, as an integer; and the
 * immediate as a value of the whole field 'f'. */
uint64_t ofpact_learn_imm_u64(const struct ofpact_learn_spec *);
void ofpact_learn_imm_to_value(const struct flow_field *f,
                               const struct ofpact_learn_spec *,
                               union flow_field_value *);

/* SET_QUEUE. */
struct ofpact_queue {
    struct ofpact ofpact;
    uint32_t queue_id;
};

/* RESUBMIT: looks the packet up again with in_port = 'in_port'
 * (OFPP_IN_PORT: unchanged) in table 'table_id' (0xff: the current
 * table), executes the matching rule's actions, and continues. */
struct ofpact_resubmit {
    struct ofpact ofpact;
    uint16_t in_port;
    uint8_t table_id;
};

/* NOTE: opaque bytes, printed as hex ("note:01.02.03"). */
struct ofpact_note {
    struct ofpact ofpact;
    size_t length;
    uint8_t data[];
};

/* METER (instruction). */
struct ofpact_meter {
    struct ofpact ofpact;
    uint32_t meter_id;
};

/* WRITE_METADATA (instruction): metadata := (metadata & ~mask) |
 * (metadata_value & mask); both in network order. */
struct ofpact_metadata {
    struct ofpact ofpact;
    ovs_be64 metadata;
    ovs_be64 mask;
};

/* GOTO_TABLE (instruction). */
struct ofpact_goto_table {
    struct ofpact ofpact;
    uint8_t table_id;
};

/* CLONE, WRITE_ACTIONS: a nested ofpact list, inline after the header.
 * 'ofpact.len' covers the header and the nested list. */
struct ofpact_nest {
    struct ofpact ofpact;
    uint8_t pad[OFPACT_ALIGN(sizeof(struct ofpact)) - sizeof(struct ofpact)];
    struct ofpact actions[];
};

static inline const struct ofpact *
ofpact_nest_get_actions(const struct ofpact_nest *n, size_t *len)
{
    *len = n->ofpact.len - offsetof(struct ofpact_nest, actions);
    return n->actions;
}

/* Appending ofpacts.
 *
 * ofpact_put(b, type, len) appends a zeroed ofpact of 'len' bytes (the
 * struct size, plus any tail) with its header filled in, pads the buffer
 * to OFPACT_ALIGNTO, sets b->header to it and returns it.  The typed
 * forms ofpact_put_OUTPUT(b) etc. do the same for the fixed-size part. */
struct ofpact *ofpact_put(struct ofpbuf *, enum ofpact_type, size_t len);

/* Typed accessors and appenders, one pair per type:
 *     struct ofpact_output *ofpact_put_OUTPUT(struct ofpbuf *);
 *     const struct ofpact_output *ofpact_get_OUTPUT(const struct ofpact *);
 * (The getter asserts the type.) */
#define OFPACT(ENUM, STRUCT, NAME)                                      \
    static inline struct STRUCT *                                       \
    ofpact_put_##ENUM(struct ofpbuf *b)                                 \
    {                                                                   \
        return (struct STRUCT *) ofpact_put(b, OFPACT_##ENUM,           \
                                            sizeof(struct STRUCT));     \
    }                                                                   \
    static inline const struct STRUCT *                                 \
    ofpact_get_##ENUM(const struct ofpact *a)                           \
    {                                                                   \
        ovs_assert(a->type == OFPACT_##ENUM);                           \
        return (const struct STRUCT *) a;                               \
    }
OFPACTS
#undef OFPACT

/* For a variable-length ofpact that is last in 'b' and whose tail has
 * been appended with ofpbuf_put*(): sets its 'len' to cover everything
 * from 'a' to the end of 'b' and pads 'b'.  'a' must be b->header as
 * left by ofpact_put() (which stays valid across reallocation). */
void ofpact_finish(struct ofpbuf *b, struct ofpact *a);

/* Nesting: ofpact_nest_start() appends a CLONE or WRITE_ACTIONS header
 * and returns its offset in 'b'; append the nested ofpacts, then call
 * ofpact_nest_finish(b, offset) to set the header's length. */
size_t ofpact_nest_start(struct ofpbuf *b, enum ofpact_type type);
void ofpact_nest_finish(struct ofpbuf *b, size_t offset);

/* Whole lists. */

bool ofpacts_equal(const struct ofpact *a, size_t a_len,
                   const struct ofpact *b, size_t b_len);

/* True if the list (including nested lists) outputs to 'port' (an
 * OUTPUT, ENQUEUE or CONTROLLER action for OFPP_CONTROLLER): the
 * "out_port" filter of flow_mod and flow stats requests. */
bool ofpacts_output_to_port(const struct ofpact *, size_t len,
                            uint16_t port);

/* Records the transport protocol that 'match' fixes (TCP, UDP or SCTP)
 * in the mod_tp_src/mod_tp_dst actions of the list that have none yet, so
 * that OpenFlow 1.2+ encode them as the right set_field (udp_dst...). */
void ofpacts_set_ip_proto(struct ofpact *, size_t len, const struct match *);

/* Checks the list for consistency with 'match' (prerequisites of
 * set_field/mod_* and move/load fields, instruction order, goto_table
 * going forward from 'table_id', conjunction with nothing but notes).
 * Returns NULL or a malloc'd message. */
char *ofpacts_check(const struct ofpact *, size_t len,
                    const struct match *match, uint8_t table_id)
    OVS_WARN_UNUSED_RESULT;

/* Text.
 *
 * ofpacts_parse() appends to 'ofpacts' the actions in 's', the text after
 * "actions=" in ovs-ofctl(8) syntax: a comma-separated list such as
 * "output:2", "2", "NORMAL", "drop", "mod_vlan_vid:10", "strip_vlan",
 * "set_field:10.0.0.1->ip_src", "load:0x1->NXM_NX_REG0[]",
 * "resubmit(,1)", "goto_table:1".  Returns NULL on success, otherwise a
 * malloc'd error message ('ofpacts' is then unspecified).  Actions that
 * OpenFlow knows but this implementation does not yet (ct,
 * MPLS, ...) are an error saying so. */
char *ofpacts_parse(const char *s, struct ofpbuf *ofpacts)
    OVS_WARN_UNUSED_RESULT;

/* Appends the list to 's' in the form "ovs-ofctl dump-flows" prints
 * after "actions=" ("drop" for an empty list). */
void ofpacts_format(const struct ofpact *, size_t len, struct ds *s);
char *ofpacts_to_string(const struct ofpact *, size_t len);

/* Flows in ovs-ofctl syntax: "table=0,priority=10,in_port=1,
 * actions=output:2". */

/* Flow-mod commands, as in OpenFlow (OFPFC_*). */
enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4,
};

/* Flow-mod flags (OpenFlow 1.3 values; OFPFF_*). */
#define OFPFF_SEND_FLOW_REM 0x0001
#define OFPFF_CHECK_OVERLAP 0x0002
#define OFPFF_RESET_COUNTS  0x0004
#define OFPFF_NO_PKT_COUNTS 0x0008
#define OFPFF_NO_BYT_COUNTS 0x0010

/* Everything a flow in ovs-ofctl text can say.  The actions go into a
 * separate ofpbuf. */
struct ofp_flow_spec {
    struct match match;
    int priority;               /* Default OFP_DEFAULT_PRIORITY. */
    uint8_t table_id;           /* 0xff if not given ("all tables" for
                                 * deletes, table 0 for adds). */
    ovs_be64 cookie;            /* "cookie=VALUE[/MASK]". */
    ovs_be64 cookie_mask;       /* All-ones if no mask given with a
                                 * cookie, zero if no cookie. */
    uint16_t idle_timeout;      /* Seconds, 0 = none. */
    uint16_t hard_timeout;
    uint16_t importance;
    uint16_t flags;             /* OFPFF_*. */
    uint16_t out_port;          /* OFPP_NONE if not given. */
    uint32_t out_group;         /* 0xffffffff (OFPG_ANY) if not given. */
    bool has_actions;           /* "actions=" was present. */
};

/* Parses 's', a flow in ovs-ofctl(8) syntax, into '*fs' and 'ofpacts'
 * (appended).  The match part goes through match_parse(); this adds the
 * non-match keywords (table, cookie, idle_timeout, hard_timeout,
 * importance, send_flow_rem, check_overlap, reset_counts,
 * no_packet_counts, no_byte_counts, out_port, out_group) and
 * "actions=..." (which must come last).  For 'command' OFPFC_ADD and
 * the modifies, "actions=" is required; for deletes it is an error.
 * Pass -1 as 'command' to accept either.
 *
 * Returns NULL or a malloc'd error message. */
char *ofp_flow_parse(const char *s, int command, struct ofp_flow_spec *fs,
                     struct ofpbuf *ofpacts)
    OVS_WARN_UNUSED_RESULT;

/* Formats a flow the way "ovs-ofctl dump-flows" does, without the
 * statistics: "cookie=0x1, table=1, priority=10,in_port=1
 * actions=output:2" (cookie and table only when nonzero). */
void ofp_flow_format(const struct ofp_flow_spec *fs,
                     const struct ofpact *, size_t len, struct ds *s);

#endif /* ofp-actions.h */
