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
                                                                        \
    /* Header changes. */                                               \
    OFPACT(SET_VLAN_VID,   ofpact_vlan_vid,      "mod_vlan_vid")        \
    OFPACT(SET_VLAN_PCP,   ofpact_vlan_pcp,      "mod_vlan_pcp")        \
    OFPACT(STRIP_VLAN,     ofpact_null,          "strip_vlan")          \
    OFPACT(PUSH_VLAN,      ofpact_push_vlan,     "push_vlan")           \
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
    OFPACT(DEC_TTL,        ofpact_null,          "dec_ttl")             \
    OFPACT(SET_QUEUE,      ofpact_queue,         "set_queue")           \
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

/* STRIP_VLAN, DEC_TTL, EXIT, CLEAR_ACTIONS: no arguments. */
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
    bool pause;                 /* Not supported yet: always false. */
};

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

/* SET_L4_SRC_PORT, SET_L4_DST_PORT: TCP/UDP/SCTP port, host order. */
struct ofpact_l4_port {
    struct ofpact ofpact;
    uint16_t port;
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

/* Checks the list for consistency with 'match' (prerequisites of
 * set_field/mod_* and move/load fields, instruction order, goto_table
 * going forward from 'table_id').  Returns NULL or a malloc'd message. */
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
 * OpenFlow knows but this implementation does not yet (learn, bundle,
 * multipath, ct, ...) are an error saying so. */
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
