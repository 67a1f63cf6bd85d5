/* ofp-port.h -- OpenFlow messages that configure the switch's ports and
 * tables: PORT_MOD (1.0-1.5) and TABLE_MOD (1.1-1.5).
 *
 * Part of the OpenFlow codec (lib/ofp-msgs.h has the conventions: host
 * byte order in the structures, ports in the 16-bit OFPP_* space, decoders
 * that never read past the message and return 0 or an enum ofperr). */
#ifndef OFP_PORT_H
#define OFP_PORT_H 1

#include <stdint.h>
#include "ofp-msgs.h"
#include "packets.h"

/* Port config bits (struct ofp_port_info's 'config', PORT_MOD).  The
 * numbers are OpenFlow 1.0's; 1.1+ keep PORT_DOWN, NO_RECV, NO_FWD and
 * NO_PACKET_IN at the same positions and drop the other three. */
#define OFPPC_PORT_DOWN     (1u << 0)
#define OFPPC_NO_STP        (1u << 1)   /* 1.0 only. */
#define OFPPC_NO_RECV       (1u << 2)
#define OFPPC_NO_RECV_STP   (1u << 3)   /* 1.0 only. */
#define OFPPC_NO_FLOOD      (1u << 4)   /* 1.0 only. */
#define OFPPC_NO_FWD        (1u << 5)
#define OFPPC_NO_PACKET_IN  (1u << 6)
#define OFPPC10_ALL         0x7fu
#define OFPPC11_ALL         (OFPPC_PORT_DOWN | OFPPC_NO_RECV | OFPPC_NO_FWD \
                             | OFPPC_NO_PACKET_IN)

/* The config bits that exist in 'version'. */
uint32_t ofp_port_config_bits(int version);

/* PORT_MOD: set the bits of 'mask' in the port's config to those of
 * 'config'; 'advertise' (OFPPF_* of 1.1+) 0 means "no change".  The
 * hardware address must be the port's (a check that the controller
 * talks about the port it thinks). */
struct ofp_port_mod {
    uint16_t port_no;
    struct eth_addr hw_addr;
    uint32_t config;
    uint32_t mask;
    uint32_t advertise;
};

/* Encodes 'pm' for 'version' (1.4+ with an Ethernet property if
 * 'advertise' is nonzero); config bits 'version' lacks are left out. */
struct ofpbuf *ofp_encode_port_mod(const struct ofp_port_mod *, int version,
                                   ovs_be32 xid);
/* Decodes PORT_MOD 'oh'.  Bits of 'config' and 'mask' that the version
 * does not define are ignored (cleared).  Errors: OFPBRC_BAD_LEN,
 * OFPPMFC_BAD_CONFIG for a 1.4+ property we do not know (optical,
 * experimenter). */
enum ofperr ofp_decode_port_mod(const struct ofp_header *,
                                struct ofp_port_mod *);
/* Appends the config bits of 'config' as ovs-ofctl prints them
 * ("NO_RECV NO_FWD", or "0"). */
void ofp_port_config_format(struct ds *, uint32_t config);

/* TABLE_MOD.  'config' is the version's raw table config: OpenFlow 1.1
 * and 1.2 have the table-miss behaviour in bits 0-1 (CONTROLLER 0,
 * CONTINUE 1, DROP 2); 1.3 has nothing (all deprecated); 1.4+ have
 * EVICTION (4) and VACANCY_EVENTS (8), with properties for eviction
 * flags and vacancy thresholds ('has_properties' says some came). */
#define OFPTC11_TABLE_MISS_CONTROLLER 0
#define OFPTC11_TABLE_MISS_CONTINUE   1
#define OFPTC11_TABLE_MISS_DROP       2
#define OFPTC11_TABLE_MISS_MASK       3
#define OFPTC14_EVICTION              4
#define OFPTC14_VACANCY_EVENTS        8
struct ofp_table_mod {
    uint8_t table_id;           /* 0xff: all tables. */
    uint32_t config;
    bool has_properties;
};
struct ofpbuf *ofp_encode_table_mod(const struct ofp_table_mod *,
                                    int version, ovs_be32 xid);
/* Errors: OFPBRC_BAD_LEN, OFPBRC_BAD_TYPE for a property that is neither
 * eviction nor vacancy. */
enum ofperr ofp_decode_table_mod(const struct ofp_header *,
                                 struct ofp_table_mod *);

#endif /* ofp-port.h */
