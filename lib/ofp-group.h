/* ofp-group.h -- OpenFlow groups on the wire and as ovs-ofctl text.
 *
 * A group (OpenFlow 1.1+) is a list of buckets, each an action list with a
 * weight (select groups), a watched port and a watched group (liveness for
 * fast failover).  This module is the codec for everything about groups:
 * GROUP_MOD in the OpenFlow 1.1 layout (1.1-1.4) and the 1.5 layout
 * (bucket ids, bucket properties, group properties such as the
 * selection method), the group desc, group stats and group features
 * multipart messages, and the text form that ovs-ofctl(8) documents
 * under "Group Syntax".  The switch side is ofproto/ofproto-group.c; the
 * forwarding is ofproto/xlate.c.
 *
 * Conventions are those of ofp-msgs.h: decoders take a whole message
 * that passed ofptype_decode() and return 0 or an enum ofperr; encoders
 * return a new message; ports are in the 16-bit OFPP_* space (OFPP_NONE
 * is "any"). */
#ifndef OFP_GROUP_H
#define OFP_GROUP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-msgs.h"

struct ds;
struct ofpbuf;

/* Group ids. */
#define OFPG_MAX 0xffffff00u    /* Highest id a group may have. */
#define OFPG_ALL 0xfffffffcu    /* Every group (delete, stats). */
#define OFPG_ANY 0xffffffffu    /* No group (watch_group, filters). */

/* Bucket ids (OpenFlow 1.5). */
#define OFPG_BUCKET_MAX   0xffffff00u
#define OFPG_BUCKET_FIRST 0xfffffffdu
#define OFPG_BUCKET_LAST  0xfffffffeu
#define OFPG_BUCKET_ALL   0xffffffffu

enum ofp_group_type {
    OFPGT_ALL = 0,              /* Every bucket, each on a copy. */
    OFPGT_SELECT = 1,           /* One live bucket, by hash and weight. */
    OFPGT_INDIRECT = 2,         /* The only bucket. */
    OFPGT_FF = 3,               /* The first live bucket. */
};

enum ofp_group_mod_command {
    OFPGC_ADD = 0,
    OFPGC_MODIFY = 1,
    OFPGC_DELETE = 2,
    OFPGC_INSERT_BUCKET = 3,    /* OpenFlow 1.5. */
    OFPGC_REMOVE_BUCKET = 5,    /* OpenFlow 1.5. */
    OFPGC_ADD_OR_MOD = 0x8000,  /* Open vSwitch extension. */
};

/* The fields a select group with selection_method=hash may hash. */
#define OFP_GROUP_MAX_FIELDS 32

struct ofp_bucket {
    uint32_t bucket_id;         /* 1.5; the position in older versions. */
    uint16_t weight;            /* Select groups; 1 by default. */
    uint16_t watch_port;        /* OFPP_NONE: none. */
    uint32_t watch_group;       /* OFPG_ANY: none. */
    struct ofpact *ofpacts;     /* Owned. */
    size_t ofpacts_len;
};

/* A group's description: what GROUP_MOD sets and GROUP_DESC reports. */
struct ofp_group_desc {
    uint32_t group_id;
    uint8_t type;               /* enum ofp_group_type. */
    struct ofp_bucket *buckets; /* Owned. */
    size_t n_buckets;
    /* Selection method (1.5 group property; "" if none). */
    char selection_method[16];
    uint64_t selection_method_param;
    uint32_t fields;            /* Bitmap over ofp_group_field_*(). */
};

struct ofp_group_mod {
    uint16_t command;           /* enum ofp_group_mod_command. */
    uint32_t command_bucket_id; /* 1.5 insert/remove: OFPG_BUCKET_*. */
    struct ofp_group_desc gd;
};

void ofp_group_desc_init(struct ofp_group_desc *);
void ofp_group_desc_uninit(struct ofp_group_desc *);
void ofp_group_desc_clone(struct ofp_group_desc *dst,
                          const struct ofp_group_desc *src);
/* Appends a copy of 'b' (its actions copied) to 'gd'. */
void ofp_group_desc_add_bucket(struct ofp_group_desc *,
                               const struct ofp_bucket *b);
/* Bucket with id 'bucket_id' in 'gd', or NULL. */
struct ofp_bucket *ofp_group_desc_find_bucket(const struct ofp_group_desc *,
                                              uint32_t bucket_id);

/* Hashable fields: a bit index per field, its ovs-ofctl name, and the
 * flow field (match.h) it reads. */
const char *ofp_group_field_name(int idx);
const struct flow_field *ofp_group_field(int idx);

/* GROUP_MOD.  The encoder needs 1.1+; the decoder checks the buckets
 * (lengths, duplicate 1.5 bucket ids, the watch rules of each type) and
 * returns OFPGMFC_* / OFPBAC_* errors. */
struct ofpbuf *ofp_group_mod_encode(const struct ofp_group_mod *,
                                    int version);
enum ofperr ofp_group_mod_decode(struct ofp_group_mod *,
                                 const struct ofp_header *);

/* GROUP_STATS_REQUEST and GROUP_DESC_STATS_REQUEST for 'group_id'
 * (OFPG_ALL: every group; the desc request carries an id only in 1.5,
 * earlier versions always ask for all). */
struct ofpbuf *ofp_group_stats_request_encode(int version,
                                              uint32_t group_id);
struct ofpbuf *ofp_group_desc_request_encode(int version,
                                             uint32_t group_id);
enum ofperr ofp_group_request_decode(const struct ofp_header *,
                                     uint32_t *group_id);

/* GROUP_DESC_STATS_REPLY entries. */
void ofp_group_desc_put(const struct ofp_group_desc *,
                        struct ofp_multipart *);
/* Pulls the next entry from 'msg' (whole message on the first call, as
 * ofp_flow_stats_pull()).  0, EOF, or an ofperr.  'gd' is (re)set. */
int ofp_group_desc_pull(struct ofp_group_desc *, struct ofpbuf *msg);

/* GROUP_STATS_REPLY entries. */
struct ofp_bucket_counter {
    uint64_t packet_count, byte_count;
};
struct ofp_group_stats {
    uint32_t group_id;
    uint32_t ref_count;
    uint64_t packet_count, byte_count;
    uint32_t duration_sec, duration_nsec;   /* 1.3+. */
    struct ofp_bucket_counter *buckets;     /* Pull: owned by caller. */
    size_t n_buckets;
};
void ofp_group_stats_put(const struct ofp_group_stats *,
                         struct ofp_multipart *);
/* As ofp_group_desc_pull(); 'gs->buckets' is malloc'd (caller frees). */
int ofp_group_stats_pull(struct ofp_group_stats *, struct ofpbuf *msg);

/* GROUP_FEATURES_STATS_REPLY. */
#define OFPGFC_SELECT_WEIGHT   (1 << 0)
#define OFPGFC_SELECT_LIVENESS (1 << 1)
#define OFPGFC_CHAINING        (1 << 2)
#define OFPGFC_CHAINING_CHECKS (1 << 3)
struct ofp_group_features {
    uint32_t types;             /* Bit N: group type N supported. */
    uint32_t capabilities;      /* OFPGFC_*. */
    uint32_t max_groups[4];     /* Per type. */
    uint32_t actions[4];        /* Per type: bit N = OFPAT N (1.2+). */
};
struct ofpbuf *ofp_group_features_reply_encode(
    const struct ofp_group_features *, const struct ofp_header *request);
enum ofperr ofp_group_features_reply_decode(struct ofp_group_features *,
                                            const struct ofp_header *);

/* Text.
 *
 * ofp_group_mod_parse() parses 's' in ovs-ofctl(8) group syntax for
 * 'command' ("group_id=1,type=select,bucket=weight:10,output:1,..."):
 * group_id is required except for delete (default OFPG_ALL), type for
 * add and modify.  Returns NULL or a malloc'd error. */
char *ofp_group_mod_parse(struct ofp_group_mod *, uint16_t command,
                          const char *s) OVS_WARN_UNUSED_RESULT;
/* "group_id=1,type=all,bucket=actions=output:1" as dump-groups prints
 * it; bucket ids are printed for 'version' 1.5. */
void ofp_group_desc_format(struct ds *, const struct ofp_group_desc *,
                           int version);

/* Prints group message 'oh' (GROUP_MOD and the group multipart replies)
 * after the header line, as ofp_print_msg() does.  Returns false if 'oh'
 * is not a group message. */
bool ofp_group_print_msg(struct ds *, const struct ofp_header *oh,
                         size_t len);

#endif /* ofp-group.h */
