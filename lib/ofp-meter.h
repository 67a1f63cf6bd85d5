/* ofp-meter.h -- OpenFlow meters on the wire and as ovs-ofctl text.
 *
 * A meter (OpenFlow 1.3+) measures the rate of the packets that flows
 * send through it (the meter instruction of 1.3 and 1.4, the meter action
 * of 1.5) and applies the band with the highest rate that the traffic
 * exceeds: drop the packet, or lower its DSCP drop precedence.  This
 * module is the codec: METER_MOD, the meter stats, meter config and meter
 * features multipart messages, and the text form of ovs-ofctl(8)'s
 * "Meter Syntax".  The switch side is ofproto/ofproto-meter.c; the
 * metering itself is the datapath's (lib/dpif-netdev.c).
 *
 * Conventions are those of ofp-msgs.h: decoders take a whole message
 * that passed ofptype_decode() and return 0 or an enum ofperr; encoders
 * return a new message. */
#ifndef OFP_METER_H
#define OFP_METER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "ofp-msgs.h"

struct ds;
struct ofpbuf;

/* Meter ids. */
#define OFPM_MAX        0xffff0000u     /* Highest id a meter may have. */
#define OFPM_SLOWPATH   0xfffffffdu     /* Reserved: the slow path. */
#define OFPM_CONTROLLER 0xfffffffeu     /* Reserved: packet-ins. */
#define OFPM_ALL        0xffffffffu     /* Every meter (delete, stats). */

enum ofp_meter_mod_command {
    OFPMC_ADD = 0,
    OFPMC_MODIFY = 1,
    OFPMC_DELETE = 2,
};

/* Meter flags (METER_MOD, meter config) and capabilities (features). */
#define OFPMF_KBPS  (1 << 0)    /* Rates in kbit/s. */
#define OFPMF_PKTPS (1 << 1)    /* Rates in packets/s. */
#define OFPMF_BURST (1 << 2)    /* The bands' burst_size applies. */
#define OFPMF_STATS (1 << 3)    /* Collect statistics. */
#define OFPMF_ALL   0xf

enum ofp_meter_band_type {
    OFPMBT_DROP = 1,
    OFPMBT_DSCP_REMARK = 2,
    OFPMBT_EXPERIMENTER = 0xffff,
};

struct ofp_meter_band {
    uint16_t type;              /* OFPMBT_DROP or OFPMBT_DSCP_REMARK. */
    uint8_t prec_level;         /* DSCP_REMARK: precedence to add. */
    uint32_t rate;              /* In the meter's unit (flags). */
    uint32_t burst_size;        /* Same unit; used with OFPMF_BURST. */
};

/* A meter as METER_MOD sets it and METER_CONFIG reports it. */
struct ofp_meter_config {
    uint32_t meter_id;
    uint16_t flags;             /* OFPMF_*. */
    struct ofp_meter_band *bands;   /* Owned. */
    size_t n_bands;
};

struct ofp_meter_mod {
    uint16_t command;           /* enum ofp_meter_mod_command. */
    struct ofp_meter_config meter;
};

void ofp_meter_config_uninit(struct ofp_meter_config *);
void ofp_meter_config_clone(struct ofp_meter_config *dst,
                            const struct ofp_meter_config *src);

/* METER_MOD (1.3+).  The decoder checks lengths, the flags (unknown bits,
 * both or neither of kbps and pktps for add and modify: OFPMMFC_BAD_FLAGS)
 * and the band types (an experimenter band or an unknown type:
 * OFPMMFC_BAD_BAND).  A delete carries no bands. */
struct ofpbuf *ofp_meter_mod_encode(const struct ofp_meter_mod *,
                                    int version);
enum ofperr ofp_meter_mod_decode(struct ofp_meter_mod *,
                                 const struct ofp_header *);

/* METER_STATS_REQUEST and METER_CONFIG_STATS_REQUEST ('type' says which)
 * for 'meter_id' (OFPM_ALL: every meter); METER_FEATURES_STATS_REQUEST. */
struct ofpbuf *ofp_meter_request_encode(enum ofptype, int version,
                                        uint32_t meter_id);
enum ofperr ofp_meter_request_decode(const struct ofp_header *,
                                     uint32_t *meter_id);
struct ofpbuf *ofp_meter_features_request_encode(int version);

/* METER_CONFIG_STATS_REPLY entries.  The pull functions take the whole
 * message on the first call (as ofp_flow_stats_pull()) and return 0, EOF
 * or an ofperr; what they fill in is (re)set on every call. */
void ofp_meter_config_put(const struct ofp_meter_config *,
                          struct ofp_multipart *);
int ofp_meter_config_pull(struct ofp_meter_config *, struct ofpbuf *msg);

/* METER_STATS_REPLY entries. */
struct ofp_meter_band_stats {
    uint64_t packet_count, byte_count;
};
struct ofp_meter_stats {
    uint32_t meter_id;
    uint32_t flow_count;
    uint64_t packet_in_count, byte_in_count;
    uint32_t duration_sec, duration_nsec;
    struct ofp_meter_band_stats *bands;    /* Pull: caller frees. */
    size_t n_bands;
};
void ofp_meter_stats_put(const struct ofp_meter_stats *,
                         struct ofp_multipart *);
int ofp_meter_stats_pull(struct ofp_meter_stats *, struct ofpbuf *msg);

/* METER_FEATURES_STATS_REPLY. */
struct ofp_meter_features {
    uint32_t max_meters;
    uint32_t band_types;        /* Bit N: band type N supported. */
    uint32_t capabilities;      /* OFPMF_*. */
    uint8_t max_bands;
    uint8_t max_color;
};
struct ofpbuf *ofp_meter_features_reply_encode(
    const struct ofp_meter_features *, const struct ofp_header *request);
enum ofperr ofp_meter_features_reply_decode(struct ofp_meter_features *,
                                            const struct ofp_header *);

/* Text.
 *
 * ofp_meter_mod_parse() parses 's' in ovs-ofctl(8) meter syntax for
 * 'command' ("meter=1 kbps burst stats bands=type=drop rate=1000
 * burst_size=100", items separated by spaces or commas).  "meter" is
 * required except for a delete, whose default is every meter ("all");
 * add and modify need bands.  Returns NULL or a malloc'd error.
 *
 * ofp_meter_id_parse() parses the optional argument of dump-meters,
 * meter-stats and del-meters ("meter=ID" or "meter=all"; NULL or "" is
 * all). */
char *ofp_meter_mod_parse(struct ofp_meter_mod *, uint16_t command,
                          const char *s) OVS_WARN_UNUSED_RESULT;
char *ofp_meter_id_parse(const char *s, uint32_t *meter_id)
    OVS_WARN_UNUSED_RESULT;

/* "meter=1 kbps burst bands=\ntype=drop rate=10 burst_size=5" as
 * dump-meters prints a meter (no final newline). */
void ofp_meter_config_format(struct ds *, const struct ofp_meter_config *);

/* Prints meter message 'oh' (METER_MOD, the meter requests and replies)
 * after the header line, as ofp_print_msg() does.  Returns false if 'oh'
 * is not a meter message. */
bool ofp_meter_print_msg(struct ds *, const struct ofp_header *oh,
                         size_t len);

#endif /* ofp-meter.h */
