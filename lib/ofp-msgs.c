/* ofp-msgs.c -- OpenFlow message framing: versions, errors, the table of
 * message types per version, building and classifying messages,
 * multipart replies, protocols, and the small fixed-layout messages.
 *
 * One table, msg_infos[], lists every message this codec knows: its
 * version-independent enum ofptype, the versions that have it, how it
 * travels (a plain OpenFlow type, a multipart/stats request or reply, a
 * Nicira NXT message inside OFPT_VENDOR/EXPERIMENTER, or a Nicira NXST
 * vendor stats message) and the size of its fixed body.  Both
 * ofptype_decode() and ofpmsg_new() walk it, so classification and
 * construction cannot disagree.
 *
 * Header sizes before the body:  plain 8;  stats 12 (1.0) or 16 (1.1+);
 * NXT 16 (vendor 0x00002320, subtype);  NXST 24 (stats header, vendor,
 * subtype, and padding in 1.0).
 *
 * Flow-related messages (flow_mod, flow stats, packet_in/out,
 * flow_removed) are in ofp-flow-wire.c. */
#include <config.h>
#include "ofp-bytes.h"
#include "ofp-msgs.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "ofpbuf.h"
#include "util.h"

#define NX_VENDOR_ID 0x00002320
/* The Open Networking Foundation's experimenter id ("ONF\0"): OpenFlow
 * 1.3 carries the 1.4 bundle messages and their errors under it. */
#define ONF_VENDOR_ID 0x4f4e4600
#define OFPET_EXPERIMENTER 0xffff   /* Error type, OpenFlow 1.2+. */

/* Versions. */

static const char *const version_names[] = {
    [OFP10_VERSION] = "OpenFlow10", [OFP11_VERSION] = "OpenFlow11",
    [OFP12_VERSION] = "OpenFlow12", [OFP13_VERSION] = "OpenFlow13",
    [OFP14_VERSION] = "OpenFlow14", [OFP15_VERSION] = "OpenFlow15",
};

int
ofp_version_from_string(const char *s)
{
    for (int v = OFP_MIN_VERSION; v <= OFP_MAX_VERSION; v++) {
        if (!strcasecmp(s, version_names[v])) {
            return v;
        }
    }
    return 0;
}

const char *
ofp_version_to_string(int version)
{
    return (version >= OFP_MIN_VERSION && version <= OFP_MAX_VERSION
            ? version_names[version] : "unknown");
}

const char *
ofp_version_to_short_string(int version)
{
    static const char *const names[] = {
        [OFP10_VERSION] = "1.0", [OFP11_VERSION] = "1.1",
        [OFP12_VERSION] = "1.2", [OFP13_VERSION] = "1.3",
        [OFP14_VERSION] = "1.4", [OFP15_VERSION] = "1.5",
    };
    static char buf[8];
    if (version >= OFP_MIN_VERSION && version <= OFP_MAX_VERSION) {
        return names[version];
    }
    snprintf(buf, sizeof buf, "0x%02x", version & 0xff);
    return buf;
}

char *
ofp_versions_from_string(const char *s, uint32_t *bitmap)
{
    char *copy = xstrdup(s), *save = NULL;
    *bitmap = 0;
    for (char *t = strtok_r(copy, ", ", &save); t;
         t = strtok_r(NULL, ", ", &save)) {
        int v = ofp_version_from_string(t);
        if (!v) {
            char *err = xasprintf("%s: unknown OpenFlow version", t);
            free(copy);
            return err;
        }
        *bitmap |= OFP_VERSION_BIT(v);
    }
    free(copy);
    return NULL;
}

int
ofp_versions_max(uint32_t bitmap)
{
    for (int v = 31; v > 0; v--) {
        if (bitmap & (1u << v)) {
            return v;
        }
    }
    return 0;
}

/* Errors. */

struct ofperr_code {
    int16_t type, code;         /* -1 if none. */
    bool nx;                    /* Sent as a Nicira vendor error. */
    bool onf;                   /* Sent as an ONF experimenter error (1.2+
                                 * layout: type 0xffff, 'code', then
                                 * ONF_VENDOR_ID, or NX_VENDOR_ID if 'nx'
                                 * too); 'type' is unused. */
};

struct ofperr_info {
    const char *name;
    const char *desc;
    struct ofperr_code v[6];    /* OpenFlow 1.0 ... 1.5. */
};

/* Per version (index 0 = OpenFlow 1.0 ... 5 = 1.5): the type and code,
 * and whether they travel as a Nicira vendor error (OpenFlow 1.0 and 1.1
 * have no codes for many errors; Open vSwitch sends those as vendor
 * 0x00002320 errors).  Type -1: no code in that version. */
#define E(NAME, DESC, ...) \
    [OFPERR_##NAME - OFPERR_OFS - 1] = { #NAME, DESC, { __VA_ARGS__ } }
#define C(T, C) { T, C, false, false }
#define X(T, C) { T, C, true, false }
#define N { -1, -1, false, false }
#define ONF(C) { 0, C, false, true }
/* A Nicira experimenter error (1.2+): the ONF layout with NX_VENDOR_ID. */
#define NXE(C) { 0, C, true, true }
static const struct ofperr_info ofperr_infos[] = {
    E(OFPHFC_INCOMPATIBLE, "incompatible version",
      C(0, 0), C(0, 0), C(0, 0), C(0, 0), C(0, 0), C(0, 0)),
    E(OFPHFC_EPERM, "permissions error",
      C(0, 1), C(0, 1), C(0, 1), C(0, 1), C(0, 1), C(0, 1)),
    E(OFPBRC_BAD_VERSION, "ofp_header.version not supported",
      C(1, 0), C(1, 0), C(1, 0), C(1, 0), C(1, 0), C(1, 0)),
    E(OFPBRC_BAD_TYPE, "ofp_header.type not supported",
      C(1, 1), C(1, 1), C(1, 1), C(1, 1), C(1, 1), C(1, 1)),
    E(OFPBRC_BAD_STAT, "ofp_stats_msg.type not supported",
      C(1, 2), C(1, 2), C(1, 2), C(1, 2), C(1, 2), C(1, 2)),
    E(OFPBRC_BAD_VENDOR, "vendor not supported",
      C(1, 3), C(1, 3), C(1, 3), C(1, 3), C(1, 3), C(1, 3)),
    E(OFPBRC_BAD_SUBTYPE, "vendor subtype not supported",
      C(1, 4), C(1, 4), C(1, 4), C(1, 4), C(1, 4), C(1, 4)),
    E(OFPBRC_EPERM, "permissions error",
      C(1, 5), C(1, 5), C(1, 5), C(1, 5), C(1, 5), C(1, 5)),
    E(OFPBRC_BAD_LEN, "wrong request length for type",
      C(1, 6), C(1, 6), C(1, 6), C(1, 6), C(1, 6), C(1, 6)),
    E(OFPBRC_BUFFER_EMPTY, "specified buffer has already been used",
      C(1, 7), C(1, 7), C(1, 7), C(1, 7), C(1, 7), C(1, 7)),
    E(OFPBRC_BUFFER_UNKNOWN, "specified buffer does not exist",
      C(1, 8), C(1, 8), C(1, 8), C(1, 8), C(1, 8), C(1, 8)),
    E(OFPBRC_BAD_TABLE_ID, "specified table-id invalid or does not exist",
      X(1, 512), C(1, 9), C(1, 9), C(1, 9), C(1, 9), C(1, 9)),
    E(OFPBRC_IS_SLAVE, "permissions error",
      C(1, 5), C(1, 5), C(1, 10), C(1, 10), C(1, 10), C(1, 10)),
    E(OFPBRC_BAD_PORT, "invalid port",
      X(1, 514), X(1, 514), C(1, 11), C(1, 11), C(1, 11), C(1, 11)),
    E(OFPBRC_BAD_PACKET, "invalid packet in packet-out",
      N, N, C(1, 12), C(1, 12), C(1, 12), C(1, 12)),
    E(OFPBRC_MULTIPART_BUFFER_OVERFLOW, "multipart buffer overflow",
      N, N, N, C(1, 13), C(1, 13), C(1, 13)),
    E(OFPBAC_BAD_TYPE, "unknown action type",
      C(2, 0), C(2, 0), C(2, 0), C(2, 0), C(2, 0), C(2, 0)),
    E(OFPBAC_BAD_LEN, "length problem in actions",
      C(2, 1), C(2, 1), C(2, 1), C(2, 1), C(2, 1), C(2, 1)),
    E(OFPBAC_BAD_VENDOR, "unknown vendor id specified",
      C(2, 2), C(2, 2), C(2, 2), C(2, 2), C(2, 2), C(2, 2)),
    E(OFPBAC_BAD_VENDOR_TYPE, "unknown action type for vendor id",
      C(2, 3), C(2, 3), C(2, 3), C(2, 3), C(2, 3), C(2, 3)),
    E(OFPBAC_BAD_OUT_PORT, "problem validating output action",
      C(2, 4), C(2, 4), C(2, 4), C(2, 4), C(2, 4), C(2, 4)),
    E(OFPBAC_BAD_ARGUMENT, "bad action argument",
      C(2, 5), C(2, 5), C(2, 5), C(2, 5), C(2, 5), C(2, 5)),
    E(OFPBAC_EPERM, "permissions error",
      C(2, 6), C(2, 6), C(2, 6), C(2, 6), C(2, 6), C(2, 6)),
    E(OFPBAC_TOO_MANY, "can't handle this many actions",
      C(2, 7), C(2, 7), C(2, 7), C(2, 7), C(2, 7), C(2, 7)),
    E(OFPBAC_BAD_QUEUE, "problem validating output queue",
      C(2, 8), C(2, 8), C(2, 8), C(2, 8), C(2, 8), C(2, 8)),
    E(OFPBAC_BAD_OUT_GROUP, "invalid group id in forward action",
      X(2, 9), C(2, 9), C(2, 9), C(2, 9), C(2, 9), C(2, 9)),
    E(OFPBAC_MATCH_INCONSISTENT, "action can't apply for this match",
      X(1, 522), C(2, 10), C(2, 10), C(2, 10), C(2, 10), C(2, 10)),
    E(OFPBAC_UNSUPPORTED_ORDER, "action order is unsupported",
      N, C(2, 11), C(2, 11), C(2, 11), C(2, 11), C(2, 11)),
    E(OFPBAC_BAD_TAG, "actions uses an unsupported tag/encap",
      N, C(2, 12), C(2, 12), C(2, 12), C(2, 12), C(2, 12)),
    E(OFPBAC_BAD_SET_TYPE, "unsupported type in SET_FIELD action",
      X(1, 523), X(1, 523), C(2, 13), C(2, 13), C(2, 13), C(2, 13)),
    E(OFPBAC_BAD_SET_LEN, "length problem in SET_FIELD action",
      X(1, 524), X(1, 524), C(2, 14), C(2, 14), C(2, 14), C(2, 14)),
    E(OFPBAC_BAD_SET_ARGUMENT, "bad argument in SET_FIELD action",
      X(1, 525), X(1, 525), C(2, 15), C(2, 15), C(2, 15), C(2, 15)),
    /* Open vSwitch's: a flow's conjunction actions come with others. */
    E(NXBAC_BAD_CONJUNCTION, "conjunction action must be the only action",
      X(2, 526), X(2, 526), NXE(15), NXE(15), NXE(15), NXE(15)),
    /* NXT_RESUME without a continuation of this switch; a property of
     * unknown type (numbers as Open vSwitch 3.1 sends them). */
    E(NXR_STALE, "the continuation is stale or missing",
      X(1, 534), X(1, 534), NXE(35), NXE(35), NXE(35), NXE(35)),
    E(OFPBPC_BAD_TYPE, "unknown property type",
      X(13, 2), X(13, 2), NXE(25), C(13, 2), C(14, 0), C(14, 0)),
    E(OFPBIC_UNKNOWN_INST, "unknown instruction",
      N, C(3, 0), C(3, 0), C(3, 0), C(3, 0), C(3, 0)),
    E(OFPBIC_UNSUP_INST, "switch or table does not support the instruction",
      X(2, 257), C(3, 1), C(3, 1), C(3, 1), C(3, 1), C(3, 1)),
    E(OFPBIC_BAD_TABLE_ID, "invalid Table-ID specified",
      N, C(3, 2), C(3, 2), C(3, 2), C(3, 2), C(3, 2)),
    E(OFPBIC_UNSUP_METADATA, "metadata value unsupported by datapath",
      N, C(3, 3), C(3, 3), C(3, 3), C(3, 3), C(3, 3)),
    E(OFPBIC_UNSUP_METADATA_MASK,
      "metadata mask value unsupported by datapath",
      N, C(3, 4), C(3, 4), C(3, 4), C(3, 4), C(3, 4)),
    E(OFPBIC_BAD_EXPERIMENTER, "unknown experimenter id specified",
      N, C(3, 5), C(3, 5), C(3, 5), C(3, 5), C(3, 5)),
    E(OFPBIC_BAD_EXP_TYPE, "unknown instruction for experimenter id",
      N, C(3, 5), C(3, 6), C(3, 6), C(3, 6), C(3, 6)),
    E(OFPBIC_BAD_LEN, "length problem in instructions",
      N, N, C(3, 7), C(3, 7), C(3, 7), C(3, 7)),
    E(OFPBIC_EPERM, "permissions error",
      N, N, C(3, 8), C(3, 8), C(3, 8), C(3, 8)),
    E(OFPBIC_DUP_INST, "duplicate instruction",
      N, X(3, 256), N, N, C(3, 9), C(3, 9)),
    E(OFPBMC_BAD_TYPE, "unsupported match type",
      N, C(4, 0), C(4, 0), C(4, 0), C(4, 0), C(4, 0)),
    E(OFPBMC_BAD_LEN, "length problem in match",
      N, C(4, 1), C(4, 1), C(4, 1), C(4, 1), C(4, 1)),
    E(OFPBMC_BAD_TAG, "match uses an unsupported tag/encap",
      N, C(4, 2), C(4, 2), C(4, 2), C(4, 2), C(4, 2)),
    E(OFPBMC_BAD_DL_ADDR_MASK, "unsupported datalink addr mask",
      N, C(4, 3), C(4, 3), C(4, 3), C(4, 3), C(4, 3)),
    E(OFPBMC_BAD_NW_ADDR_MASK, "unsupported network addr mask",
      N, C(4, 4), C(4, 4), C(4, 4), C(4, 4), C(4, 4)),
    E(OFPBMC_BAD_WILDCARDS,
      "unsupported combination of fields masked or omitted in the match",
      X(1, 262), C(4, 5), C(4, 5), C(4, 5), C(4, 5), C(4, 5)),
    E(OFPBMC_BAD_FIELD, "unsupported field type in the match",
      X(0, 263), C(4, 6), C(4, 6), C(4, 6), C(4, 6), C(4, 6)),
    E(OFPBMC_BAD_VALUE, "unsupported value in a match field",
      X(1, 258), C(4, 7), C(4, 7), C(4, 7), C(4, 7), C(4, 7)),
    E(OFPBMC_BAD_MASK, "unsupported mask specified in the match",
      X(1, 259), X(1, 259), C(4, 8), C(4, 8), C(4, 8), C(4, 8)),
    E(OFPBMC_BAD_PREREQ, "a prerequisite was not met",
      X(1, 260), X(1, 260), C(4, 9), C(4, 9), C(4, 9), C(4, 9)),
    E(OFPBMC_DUP_FIELD, "a field type was duplicated",
      X(1, 261), X(1, 261), C(4, 10), C(4, 10), C(4, 10), C(4, 10)),
    E(OFPBMC_EPERM, "permissions error",
      N, N, C(4, 11), C(4, 11), C(4, 11), C(4, 11)),
    E(OFPFMFC_UNKNOWN, "unspecified error",
      N, C(5, 0), C(5, 0), C(5, 0), C(5, 0), C(5, 0)),
    E(OFPFMFC_TABLE_FULL, "flow not added because table was full",
      C(3, 0), C(5, 1), C(5, 1), C(5, 1), C(5, 1), C(5, 1)),
    E(OFPFMFC_BAD_TABLE_ID, "table does not exist",
      N, C(5, 2), C(5, 2), C(5, 2), C(5, 2), C(5, 2)),
    E(OFPFMFC_OVERLAP,
      "attempted to add overlapping flow with CHECK_OVERLAP flag set",
      C(3, 1), C(5, 3), C(5, 3), C(5, 3), C(5, 3), C(5, 3)),
    E(OFPFMFC_EPERM, "permissions error",
      C(3, 2), C(5, 4), C(5, 4), C(5, 4), C(5, 4), C(5, 4)),
    E(OFPFMFC_BAD_TIMEOUT,
      "flow not added because of unsupported idle/hard timeout",
      N, C(5, 5), C(5, 5), C(5, 5), C(5, 5), C(5, 5)),
    E(OFPFMFC_BAD_COMMAND, "unsupported or unknown command",
      C(3, 4), C(5, 6), C(5, 6), C(5, 6), C(5, 6), C(5, 6)),
    E(OFPFMFC_BAD_FLAGS, "unsupported or unknown flags",
      X(3, 258), X(5, 258), C(5, 7), C(5, 7), C(5, 7), C(5, 7)),
    E(OFPGMFC_GROUP_EXISTS,
      "group not added because a group ADD attempted to replace an "
      "already-present group",
      X(6, 0), C(6, 0), C(6, 0), C(6, 0), C(6, 0), C(6, 0)),
    E(OFPGMFC_INVALID_GROUP,
      "group not added because group specified is invalid",
      X(6, 1), C(6, 1), C(6, 1), C(6, 1), C(6, 1), C(6, 1)),
    E(OFPGMFC_OUT_OF_GROUPS, "the group table is full",
      X(6, 3), C(6, 3), C(6, 3), C(6, 3), C(6, 3), C(6, 3)),
    E(OFPGMFC_OUT_OF_BUCKETS,
      "the maximum number of action buckets for a group has been exceeded",
      X(6, 4), C(6, 4), C(6, 4), C(6, 4), C(6, 4), C(6, 4)),
    E(OFPGMFC_CHAINING_UNSUPPORTED,
      "switch does not support groups that forward to groups",
      X(6, 5), C(6, 5), C(6, 5), C(6, 5), C(6, 5), C(6, 5)),
    E(OFPGMFC_LOOP, "group not modified because a group would loop",
      X(6, 7), C(6, 7), C(6, 7), C(6, 7), C(6, 7), C(6, 7)),
    E(OFPGMFC_UNKNOWN_GROUP,
      "group not modified because a group MODIFY attempted to modify a "
      "non-existent group",
      X(6, 8), C(6, 8), C(6, 8), C(6, 8), C(6, 8), C(6, 8)),
    E(OFPGMFC_BAD_TYPE, "unsupported or unknown group type",
      X(6, 10), N, C(6, 10), C(6, 10), C(6, 10), C(6, 10)),
    E(OFPGMFC_BAD_COMMAND, "unsupported or unknown command",
      X(6, 11), N, C(6, 11), C(6, 11), C(6, 11), C(6, 11)),
    E(OFPGMFC_BAD_BUCKET, "error in bucket",
      X(6, 12), N, C(6, 12), C(6, 12), C(6, 12), C(6, 12)),
    E(OFPGMFC_BAD_WATCH, "error in watch port/group",
      X(6, 13), N, C(6, 13), C(6, 13), C(6, 13), C(6, 13)),
    E(OFPGMFC_UNKNOWN_BUCKET, "bucket does not exist",
      N, N, N, N, N, C(6, 15)),
    E(OFPGMFC_BUCKET_EXISTS, "bucket already exists",
      N, N, N, N, N, C(6, 16)),
    E(OFPPMFC_BAD_PORT, "specified port does not exist",
      C(4, 0), C(7, 0), C(7, 0), C(7, 0), C(7, 0), C(7, 0)),
    E(OFPPMFC_BAD_HW_ADDR,
      "specified hardware address does not match the port number",
      C(4, 1), C(7, 1), C(7, 1), C(7, 1), C(7, 1), C(7, 1)),
    E(OFPPMFC_BAD_CONFIG, "specified config is invalid",
      N, C(7, 2), C(7, 2), C(7, 2), C(7, 2), C(7, 2)),
    E(OFPPMFC_BAD_ADVERTISE, "specified advertise is invalid",
      N, C(7, 3), C(7, 3), C(7, 3), C(7, 3), C(7, 3)),
    E(OFPQOFC_BAD_PORT, "invalid port (or port does not exist)",
      C(5, 0), C(9, 0), C(9, 0), C(9, 0), C(9, 0), C(9, 0)),
    E(OFPQOFC_BAD_QUEUE, "queue does not exist",
      C(5, 1), C(9, 1), C(9, 1), C(9, 1), C(9, 1), C(9, 1)),
    E(OFPTMFC_BAD_TABLE, "specified table does not exist",
      N, C(8, 0), C(8, 0), C(8, 0), C(8, 0), C(8, 0)),
    E(OFPTMFC_BAD_CONFIG, "specified config is invalid",
      N, C(8, 1), C(8, 1), C(8, 1), C(8, 1), C(8, 1)),
    E(OFPSCFC_BAD_FLAGS, "specified flags is invalid",
      N, C(10, 0), C(10, 0), C(10, 0), C(10, 0), C(10, 0)),
    E(OFPSCFC_BAD_LEN, "specified len is invalid",
      N, C(10, 1), C(10, 1), C(10, 1), C(10, 1), C(10, 1)),
    E(OFPRRFC_STALE, "stale message: old generation_id",
      N, N, C(11, 0), C(11, 0), C(11, 0), C(11, 0)),
    E(OFPRRFC_UNSUP, "controller role change unsupported",
      N, N, C(11, 1), C(11, 1), C(11, 1), C(11, 1)),
    E(OFPRRFC_BAD_ROLE, "invalid role",
      X(1, 513), X(1, 513), C(11, 2), C(11, 2), C(11, 2), C(11, 2)),
    E(OFPMMFC_UNKNOWN, "unspecified error",
      N, N, N, C(12, 0), C(12, 0), C(12, 0)),
    E(OFPMMFC_METER_EXISTS,
      "meter not added because a meter ADD attempted to replace an existing "
      "meter",
      N, N, N, C(12, 1), C(12, 1), C(12, 1)),
    E(OFPMMFC_INVALID_METER,
      "meter not added because meter specified is invalid",
      N, N, N, C(12, 2), C(12, 2), C(12, 2)),
    E(OFPMMFC_UNKNOWN_METER,
      "meter not modified because a meter MODIFY attempted to modify a "
      "non-existent meter",
      N, N, N, C(12, 3), C(12, 3), C(12, 3)),
    E(OFPMMFC_BAD_COMMAND, "unsupported or unknown command",
      N, N, N, C(12, 4), C(12, 4), C(12, 4)),
    E(OFPMMFC_BAD_FLAGS, "flag configuration unsupported",
      N, N, N, C(12, 5), C(12, 5), C(12, 5)),
    E(OFPMMFC_BAD_RATE, "rate unsupported",
      N, N, N, C(12, 6), C(12, 6), C(12, 6)),
    E(OFPMMFC_BAD_BURST, "burst size unsupported",
      N, N, N, C(12, 7), C(12, 7), C(12, 7)),
    E(OFPMMFC_BAD_BAND, "band unsupported",
      N, N, N, C(12, 8), C(12, 8), C(12, 8)),
    E(OFPMMFC_BAD_BAND_VALUE, "band value unsupported",
      N, N, N, C(12, 9), C(12, 9), C(12, 9)),
    E(OFPMMFC_OUT_OF_METERS, "no more meters available",
      N, N, N, C(12, 10), C(12, 10), C(12, 10)),
    E(OFPMMFC_OUT_OF_BANDS, "the maximum number of properties for a meter "
      "has been exceeded", N, N, N, C(12, 11), C(12, 11), C(12, 11)),
    /* OFPET_FLOW_MONITOR_FAILED (1.4+); before, the Nicira codes that
     * Open vSwitch's tools decode. */
    E(OFPMOFC_UNKNOWN, "unspecified error",
      N, N, N, N, C(16, 0), C(16, 0)),
    E(OFPMOFC_MONITOR_EXISTS, "monitor not added because a monitor ID "
      "already exists", X(1, 517), X(1, 517), NXE(6), NXE(6), C(16, 1),
      C(16, 1)),
    E(OFPMOFC_INVALID_MONITOR, "monitor not added because monitor "
      "specified is invalid", N, N, N, N, C(16, 2), C(16, 2)),
    E(OFPMOFC_UNKNOWN_MONITOR, "monitor not modified because a monitor ID "
      "is invalid", X(1, 519), X(1, 519), NXE(8), NXE(8), C(16, 3),
      C(16, 3)),
    E(OFPMOFC_BAD_COMMAND, "unsupported or unknown command",
      N, N, N, N, C(16, 4), C(16, 4)),
    E(OFPMOFC_BAD_FLAGS, "flag configuration unsupported",
      X(1, 518), X(1, 518), NXE(7), NXE(7), C(16, 5), C(16, 5)),
    E(OFPMOFC_BAD_TABLE_ID, "specified table does not exist",
      N, N, N, N, C(16, 6), C(16, 6)),
    E(OFPMOFC_BAD_OUT, "error in output port/group",
      N, N, N, N, C(16, 7), C(16, 7)),
    /* OFPET_ASYNC_CONFIG_FAILED is 1.5's, and Open vSwitch sends it with
     * 1.4 too. */
    E(OFPACFC_INVALID, "one mask is invalid",
      N, N, N, N, C(15, 0), C(15, 0)),
    E(OFPACFC_UNSUPPORTED, "requested configuration not supported",
      N, N, N, N, C(15, 1), C(15, 1)),
    /* OFPET_BUNDLE_FAILED (1.4+); OpenFlow 1.3 has the ONF extension's
     * codes 2300 and up. */
    E(OFPBFC_UNKNOWN, "unspecified error",
      N, N, N, ONF(2300), C(17, 0), C(17, 0)),
    E(OFPBFC_EPERM, "permissions error",
      N, N, N, ONF(2301), C(17, 1), C(17, 1)),
    E(OFPBFC_BAD_ID, "bundle ID doesn't exist",
      N, N, N, ONF(2302), C(17, 2), C(17, 2)),
    E(OFPBFC_BUNDLE_EXIST, "bundle ID already exists",
      N, N, N, ONF(2303), C(17, 3), C(17, 3)),
    E(OFPBFC_BUNDLE_CLOSED, "bundle ID is closed",
      N, N, N, ONF(2304), C(17, 4), C(17, 4)),
    E(OFPBFC_OUT_OF_BUNDLES, "too many bundle IDs",
      N, N, N, ONF(2305), C(17, 5), C(17, 5)),
    E(OFPBFC_BAD_TYPE, "unsupported or unknown message control type",
      N, N, N, ONF(2306), C(17, 6), C(17, 6)),
    E(OFPBFC_BAD_FLAGS, "unsupported, unknown or inconsistent flags",
      N, N, N, ONF(2307), C(17, 7), C(17, 7)),
    E(OFPBFC_MSG_BAD_LEN, "length problem in included message",
      N, N, N, ONF(2308), C(17, 8), C(17, 8)),
    E(OFPBFC_MSG_BAD_XID, "inconsistent or duplicate XID",
      N, N, N, ONF(2309), C(17, 9), C(17, 9)),
    E(OFPBFC_MSG_UNSUP, "unsupported message in this bundle",
      N, N, N, ONF(2310), C(17, 10), C(17, 10)),
    E(OFPBFC_MSG_CONFLICT, "unsupported message combination in this bundle",
      N, N, N, ONF(2311), C(17, 11), C(17, 11)),
    E(OFPBFC_MSG_TOO_MANY, "can't handle this many messages in bundle",
      N, N, N, ONF(2312), C(17, 12), C(17, 12)),
    E(OFPBFC_MSG_FAILED, "one message in bundle failed",
      N, N, N, ONF(2313), C(17, 13), C(17, 13)),
    E(OFPBFC_TIMEOUT, "bundle is taking too long",
      N, N, N, ONF(2314), C(17, 14), C(17, 14)),
    E(OFPBFC_BUNDLE_IN_PROGRESS, "bundle is locking the resource",
      N, N, N, ONF(2315), C(17, 15), C(17, 15)),
};
#undef C
#undef X
#undef N
#undef ONF
#undef NXE
#undef E
_Static_assert(ARRAY_SIZE(ofperr_infos) == OFPERR_N_ERRORS - OFPERR_OFS - 1,
               "every enum ofperr needs an entry");

static const struct ofperr_info *
ofperr_info(enum ofperr e)
{
    return (ofperr_is_valid(e) ? &ofperr_infos[e - OFPERR_OFS - 1] : NULL);
}

bool
ofperr_is_valid(int error)
{
    return error > OFPERR_OFS && error < OFPERR_N_ERRORS;
}

const char *
ofperr_get_name(enum ofperr e)
{
    const struct ofperr_info *i = ofperr_info(e);
    return i ? i->name : "<invalid>";
}

enum ofperr
ofperr_from_name(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(ofperr_infos); i++) {
        if (!strcmp(ofperr_infos[i].name, name)) {
            return OFPERR_OFS + 1 + i;
        }
    }
    return 0;
}

const char *
ofperr_get_description(enum ofperr e)
{
    const struct ofperr_info *i = ofperr_info(e);
    return i ? i->desc : "<invalid>";
}

/* The code of 'e' in 'version'; an error without one is sent as the
 * generic "permissions error" of the request family. */
static struct ofperr_code
ofperr_code(enum ofperr e, int version)
{
    const struct ofperr_info *i = ofperr_info(e);
    struct ofperr_code generic = { 1, 5, false, false };
    if (!i || version < OFP_MIN_VERSION || version > OFP_MAX_VERSION) {
        return generic;
    }
    const struct ofperr_code *c = &i->v[version - OFP_MIN_VERSION];
    return c->type >= 0 || c->onf ? *c : generic;
}

void
ofperr_get_type_code(enum ofperr e, int version, int *type, int *code)
{
    struct ofperr_code c = ofperr_code(e, version);
    *type = c.onf ? OFPET_EXPERIMENTER : c.type;
    *code = c.code;
}

/* Finds the error with (type, code, nx, onf) in 'version' ('type' is
 * ignored for an ONF error). */
static enum ofperr
ofperr_lookup__(int version, int type, int code, bool nx, bool onf)
{
    if (version < OFP_MIN_VERSION || version > OFP_MAX_VERSION) {
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(ofperr_infos); i++) {
        const struct ofperr_code *c
            = &ofperr_infos[i].v[version - OFP_MIN_VERSION];
        if (c->code == code && c->nx == nx && c->onf == onf
            && (onf || c->type == type)) {
            return OFPERR_OFS + 1 + i;
        }
    }
    return 0;
}

static enum ofperr
ofperr_lookup(int version, int type, int code, bool nx)
{
    return ofperr_lookup__(version, type, code, nx, false);
}

enum ofperr
ofperr_from_type_code(int version, int type, int code)
{
    if (type == OFPET_EXPERIMENTER && version >= OFP12_VERSION) {
        /* An ONF experimenter error, or a Nicira one in the same layout:
         * their codes do not overlap. */
        enum ofperr e = ofperr_lookup__(version, 0, code, false, true);
        return e ? e : ofperr_lookup__(version, 0, code, true, true);
    }
    enum ofperr e = ofperr_lookup(version, type, code, false);
    return e ? e : ofperr_lookup(version, type, code, true);
}

#define NXET_VENDOR 0xb0c2

static struct ofpbuf *
encode_error(enum ofperr e, int version, ovs_be32 xid, const void *data,
             size_t len)
{
    struct ofperr_code c = ofperr_code(e, version);
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_ERROR, version, xid,
                                  c.onf ? 8 : c.nx ? 12 : 4);
    uint8_t *p = b->msg;
    if (c.onf) {
        put16(p, OFPET_EXPERIMENTER);
        put16(p + 2, c.code);
        put32(p + 4, c.nx ? NX_VENDOR_ID : ONF_VENDOR_ID);
    } else if (c.nx) {
        /* Nicira vendor error: type NXET_VENDOR, code 0, then the
         * vendor id and the vendor's own type and code. */
        put16(p, NXET_VENDOR);
        put16(p + 2, 0);
        put32(p + 4, NX_VENDOR_ID);
        put16(p + 8, c.type);
        put16(p + 10, c.code);
    } else {
        put16(p, c.type);
        put16(p + 2, c.code);
    }
    ofpbuf_put(b, data, len);
    ofpmsg_update_length(b);
    return b;
}

struct ofpbuf *
ofperr_encode_reply(enum ofperr e, const struct ofp_header *request)
{
    /* The whole request, as Open vSwitch sends it (OpenFlow asks for at
     * least 64 bytes), unless the error would then outgrow 64 kB. */
    size_t len = MIN(ntohs(request->length), UINT16_MAX - 24);
    int version = request->version;
    if (version < OFP_MIN_VERSION || version > OFP_MAX_VERSION) {
        version = OFP10_VERSION;
    }
    return encode_error(e, version, request->xid, request, len);
}

struct ofpbuf *
ofperr_encode_hello(enum ofperr e, int version, ovs_be32 xid, const char *s)
{
    return encode_error(e, version, xid, s, strlen(s));
}

bool
ofperr_decode_type_code(const struct ofp_header *oh, int *type, int *code)
{
    size_t len = ntohs(oh->length);
    if (oh->type != 1 || len < 12) {
        return false;
    }
    const uint8_t *p = (const uint8_t *) (oh + 1);
    *type = get16(p);
    *code = get16(p + 2);
    return true;
}

enum ofperr
ofperr_decode_msg(const struct ofp_header *oh, struct ofpbuf *payload)
{
    size_t len = ntohs(oh->length);
    const uint8_t *p = (const uint8_t *) (oh + 1);
    size_t skip = 12;
    enum ofperr e;
    int type, code;

    if (!ofperr_decode_type_code(oh, &type, &code)) {
        return 0;
    }
    if (type == NXET_VENDOR && len >= 20 && get32(p + 4) == NX_VENDOR_ID) {
        e = ofperr_lookup(oh->version, get16(p + 8), get16(p + 10), true);
        skip = 20;
    } else if (type == OFPET_EXPERIMENTER && oh->version >= OFP12_VERSION
               && len >= 16 && (get32(p + 4) == ONF_VENDOR_ID
                                || get32(p + 4) == NX_VENDOR_ID)) {
        e = ofperr_lookup__(oh->version, 0, code,
                            get32(p + 4) == NX_VENDOR_ID, true);
        skip = 16;
    } else {
        e = ofperr_lookup(oh->version, type, code, false);
    }
    if (payload) {
        ofpbuf_use_const(payload, (const uint8_t *) oh + skip, len - skip);
    }
    return e;
}

/* Message types. */

enum msg_kind {
    K_PLAIN,            /* OpenFlow type. */
    K_STATS_REQ,        /* Stats/multipart request of subtype 'stat'. */
    K_STATS_REPLY,
    K_NXT,              /* Nicira NXT message 'nx'. */
    K_NXST_REQ,         /* Nicira vendor stats 'nx'. */
    K_NXST_REPLY,
    K_ONFT,             /* ONF experimenter message 'sub' (1.3). */
    K_ONFST_REQ,        /* ONF experimenter multipart 'sub' (1.3). */
    K_ONFST_REPLY,
};

struct msg_info {
    enum ofptype type;
    uint8_t min_ver, max_ver;
    enum msg_kind kind;
    uint8_t oftype;             /* K_PLAIN. */
    uint16_t sub;               /* Stats type or Nicira subtype. */
    uint16_t body;              /* Fixed body bytes after the headers. */
    bool exact;                 /* Body must be exactly 'body' bytes. */
};

#define P(T, V0, V1, OT, BODY, EXACT) \
    { OFPTYPE_##T, V0, V1, K_PLAIN, OT, 0, BODY, EXACT }
#define SQ(T, V0, V1, ST, BODY, EXACT) \
    { OFPTYPE_##T, V0, V1, K_STATS_REQ, 0, ST, BODY, EXACT }
#define SR(T, V0, V1, ST, BODY, EXACT) \
    { OFPTYPE_##T, V0, V1, K_STATS_REPLY, 0, ST, BODY, EXACT }
#define NX(T, SUB, BODY, EXACT) \
    { OFPTYPE_##T, 1, 6, K_NXT, 0, SUB, BODY, EXACT }
#define NSQ(T, SUB, BODY, EXACT) \
    { OFPTYPE_##T, 1, 6, K_NXST_REQ, 0, SUB, BODY, EXACT }
#define NSR(T, SUB, BODY, EXACT) \
    { OFPTYPE_##T, 1, 6, K_NXST_REPLY, 0, SUB, BODY, EXACT }

static const struct msg_info msg_infos[] = {
    P(HELLO, 1, 6, 0, 0, false),
    P(ERROR, 1, 6, 1, 4, false),
    P(ECHO_REQUEST, 1, 6, 2, 0, false),
    P(ECHO_REPLY, 1, 6, 3, 0, false),
    P(FEATURES_REQUEST, 1, 6, 5, 0, true),
    P(FEATURES_REPLY, 1, 6, 6, 24, false),
    P(GET_CONFIG_REQUEST, 1, 6, 7, 0, true),
    P(GET_CONFIG_REPLY, 1, 6, 8, 4, true),
    P(SET_CONFIG, 1, 6, 9, 4, true),
    P(PACKET_IN, 1, 1, 10, 10, false),
    P(PACKET_IN, 2, 2, 10, 16, false),
    P(PACKET_IN, 3, 3, 10, 16, false),
    P(PACKET_IN, 4, 6, 10, 24, false),
    P(FLOW_REMOVED, 1, 1, 11, 80, true),
    P(FLOW_REMOVED, 2, 6, 11, 48, false),
    P(PORT_STATUS, 1, 1, 12, 56, true),
    P(PORT_STATUS, 2, 4, 12, 72, true),
    P(PORT_STATUS, 5, 6, 12, 48, false),
    P(PACKET_OUT, 1, 1, 13, 8, false),
    P(PACKET_OUT, 2, 6, 13, 16, false),
    P(FLOW_MOD, 1, 1, 14, 64, false),
    P(FLOW_MOD, 2, 6, 14, 48, false),
    P(PORT_MOD, 1, 1, 15, 24, true),
    P(GROUP_MOD, 2, 6, 15, 8, false),
    P(PORT_MOD, 2, 4, 16, 32, true),
    P(PORT_MOD, 5, 6, 16, 24, false),   /* Properties optional. */
    P(TABLE_MOD, 2, 6, 17, 8, false),
    P(BARRIER_REQUEST, 1, 1, 18, 0, true),
    P(BARRIER_REPLY, 1, 1, 19, 0, true),
    P(QUEUE_GET_CONFIG_REQUEST, 1, 1, 20, 4, true),
    P(QUEUE_GET_CONFIG_REPLY, 1, 1, 21, 8, false),
    P(BARRIER_REQUEST, 2, 6, 20, 0, true),
    P(BARRIER_REPLY, 2, 6, 21, 0, true),
    P(QUEUE_GET_CONFIG_REQUEST, 2, 4, 22, 8, true),
    P(QUEUE_GET_CONFIG_REPLY, 2, 4, 23, 8, false),
    P(ROLE_REQUEST, 3, 6, 24, 16, true),
    P(ROLE_REPLY, 3, 6, 25, 16, true),
    P(GET_ASYNC_REQUEST, 4, 6, 26, 0, false),
    P(GET_ASYNC_REPLY, 4, 6, 27, 0, false),
    P(SET_ASYNC_CONFIG, 4, 6, 28, 0, false),
    P(METER_MOD, 4, 6, 29, 8, false),
    P(ROLE_STATUS, 5, 6, 30, 16, false),

    SQ(DESC_STATS_REQUEST, 1, 6, 0, 0, true),
    SR(DESC_STATS_REPLY, 1, 6, 0, 1056, true),
    SQ(FLOW_STATS_REQUEST, 1, 1, 1, 44, true),
    SQ(FLOW_STATS_REQUEST, 2, 6, 1, 40, false),
    SR(FLOW_STATS_REPLY, 1, 6, 1, 0, false),
    SQ(AGGREGATE_STATS_REQUEST, 1, 1, 2, 44, true),
    SQ(AGGREGATE_STATS_REQUEST, 2, 6, 2, 40, false),
    SR(AGGREGATE_STATS_REPLY, 1, 4, 2, 24, true),
    SR(AGGREGATE_STATS_REPLY, 5, 6, 2, 0, false),
    SQ(TABLE_STATS_REQUEST, 1, 6, 3, 0, true),
    SR(TABLE_STATS_REPLY, 1, 6, 3, 0, false),
    SQ(PORT_STATS_REQUEST, 1, 6, 4, 8, true),
    SR(PORT_STATS_REPLY, 1, 6, 4, 0, false),
    SQ(QUEUE_STATS_REQUEST, 1, 6, 5, 8, true),
    SR(QUEUE_STATS_REPLY, 1, 6, 5, 0, false),
    SQ(GROUP_STATS_REQUEST, 2, 6, 6, 8, true),
    SR(GROUP_STATS_REPLY, 2, 6, 6, 0, false),
    SQ(GROUP_DESC_STATS_REQUEST, 2, 6, 7, 0, false),
    SR(GROUP_DESC_STATS_REPLY, 2, 6, 7, 0, false),
    SQ(GROUP_FEATURES_STATS_REQUEST, 3, 6, 8, 0, true),
    SR(GROUP_FEATURES_STATS_REPLY, 3, 6, 8, 40, true),
    SQ(METER_STATS_REQUEST, 4, 6, 9, 8, true),
    SR(METER_STATS_REPLY, 4, 6, 9, 0, false),
    SQ(METER_CONFIG_STATS_REQUEST, 4, 6, 10, 8, true),
    SR(METER_CONFIG_STATS_REPLY, 4, 6, 10, 0, false),
    SQ(METER_FEATURES_STATS_REQUEST, 4, 6, 11, 0, true),
    SR(METER_FEATURES_STATS_REPLY, 4, 6, 11, 16, true),
    SQ(TABLE_FEATURES_STATS_REQUEST, 4, 6, 12, 0, false),
    SR(TABLE_FEATURES_STATS_REPLY, 4, 6, 12, 0, false),
    SQ(PORT_DESC_STATS_REQUEST, 1, 1, 13, 0, true),
    SQ(PORT_DESC_STATS_REQUEST, 4, 4, 13, 0, true),
    SQ(PORT_DESC_STATS_REQUEST, 5, 5, 13, 0, true),
    SQ(PORT_DESC_STATS_REQUEST, 6, 6, 13, 8, true),
    SR(PORT_DESC_STATS_REPLY, 1, 1, 13, 0, false),
    SR(PORT_DESC_STATS_REPLY, 4, 6, 13, 0, false),
    SQ(TABLE_DESC_STATS_REQUEST, 5, 6, 14, 0, true),
    SR(TABLE_DESC_STATS_REPLY, 5, 6, 14, 0, false),
    P(BUNDLE_CONTROL, 5, 6, 33, 8, false),
    P(BUNDLE_ADD_MESSAGE, 5, 6, 34, 8, false),
    /* OpenFlow 1.3 has bundles as an ONF extension: the same bodies
     * behind an experimenter header. */
    { OFPTYPE_BUNDLE_CONTROL, 4, 4, K_ONFT, 0, 2300, 8, false },
    { OFPTYPE_BUNDLE_ADD_MESSAGE, 4, 4, K_ONFT, 0, 2301, 8, false },

    NX(ROLE_REQUEST, 10, 4, true),
    NX(ROLE_REPLY, 11, 4, true),
    NX(SET_FLOW_FORMAT, 12, 4, true),
    NX(FLOW_MOD, 13, 32, false),
    NX(FLOW_REMOVED, 14, 40, false),
    NX(FLOW_MOD_TABLE_ID, 15, 8, true),
    NX(SET_PACKET_IN_FORMAT, 16, 4, true),
    NX(PACKET_IN, 17, 24, false),
    NX(FLOW_AGE, 18, 0, true),
    NX(SET_ASYNC_CONFIG, 19, 24, true),
    NX(SET_CONTROLLER_ID, 20, 8, true),
    NX(NXT_RESUME, 28, 0, false),
    NX(NXT_PACKET_IN2, 30, 0, false),
    NSQ(FLOW_STATS_REQUEST, 0, 8, false),
    NSR(FLOW_STATS_REPLY, 0, 0, false),
    NSQ(AGGREGATE_STATS_REQUEST, 1, 8, false),
    NSR(AGGREGATE_STATS_REPLY, 1, 24, true),
    /* Groups where OpenFlow has none (Open vSwitch extensions): the
     * OpenFlow 1.5 layouts behind a Nicira header. */
    { OFPTYPE_GROUP_MOD, 1, 1, K_NXT, 0, 31, 16, false },
    { OFPTYPE_GROUP_STATS_REQUEST, 1, 1, K_NXST_REQ, 0, 7, 8, true },
    { OFPTYPE_GROUP_STATS_REPLY, 1, 1, K_NXST_REPLY, 0, 7, 0, false },
    { OFPTYPE_GROUP_DESC_STATS_REQUEST, 1, 1, K_NXST_REQ, 0, 8, 8, true },
    { OFPTYPE_GROUP_DESC_STATS_REPLY, 1, 1, K_NXST_REPLY, 0, 8, 0, false },
    { OFPTYPE_GROUP_FEATURES_STATS_REQUEST, 1, 2, K_NXST_REQ, 0, 9, 0,
      true },
    { OFPTYPE_GROUP_FEATURES_STATS_REPLY, 1, 2, K_NXST_REPLY, 0, 9, 40,
      true },
    /* Flow monitors: Nicira's for 1.0-1.2, ONF's for 1.3 (the same
     * bodies as Nicira's, an OXM match), OpenFlow's from 1.4. */
    { OFPTYPE_FLOW_MONITOR_STATS_REQUEST, 1, 3, K_NXST_REQ, 0, 2, 0,
      false },
    { OFPTYPE_FLOW_MONITOR_STATS_REPLY, 1, 3, K_NXST_REPLY, 0, 2, 0,
      false },
    { OFPTYPE_FLOW_MONITOR_CANCEL, 1, 3, K_NXT, 0, 21, 4, true },
    { OFPTYPE_FLOW_MONITOR_PAUSED, 1, 3, K_NXT, 0, 22, 0, true },
    { OFPTYPE_FLOW_MONITOR_RESUMED, 1, 3, K_NXT, 0, 23, 0, true },
    { OFPTYPE_FLOW_MONITOR_STATS_REQUEST, 4, 4, K_ONFST_REQ, 0, 1870, 0,
      false },
    { OFPTYPE_FLOW_MONITOR_STATS_REPLY, 4, 4, K_ONFST_REPLY, 0, 1870, 0,
      false },
    { OFPTYPE_FLOW_MONITOR_CANCEL, 4, 4, K_ONFT, 0, 1870, 4, true },
    { OFPTYPE_FLOW_MONITOR_PAUSED, 4, 4, K_ONFT, 0, 1871, 0, true },
    { OFPTYPE_FLOW_MONITOR_RESUMED, 4, 4, K_ONFT, 0, 1872, 0, true },
    SQ(FLOW_MONITOR_STATS_REQUEST, 5, 6, 16, 0, false),
    SR(FLOW_MONITOR_STATS_REPLY, 5, 6, 16, 0, false),
};

const char *
ofptype_get_name(enum ofptype type)
{
    static const char *const names[] = {
#define OFPTYPE(ENUM) #ENUM,
        OFPTYPES
#undef OFPTYPE
    };
    return type < ARRAY_SIZE(names) ? names[type] : "<invalid>";
}

static int
stats_req_type(int version)
{
    return version == OFP10_VERSION ? 16 : 18;
}

static size_t
hdr_len(const struct msg_info *mi, int version)
{
    switch (mi->kind) {
    case K_PLAIN:
        return 8;
    case K_STATS_REQ:
    case K_STATS_REPLY:
        return version == OFP10_VERSION ? 12 : 16;
    case K_NXT:
    case K_ONFT:
        return 16;
    case K_NXST_REQ:
    case K_NXST_REPLY:
    case K_ONFST_REQ:
    case K_ONFST_REPLY:
        return 24;
    }
    return 8;
}

/* Finds the message info of 'oh' ('len' >= 8 bytes available). */
static enum ofperr
find_info(const struct ofp_header *oh, size_t len, const struct msg_info **mip)
{
    const uint8_t *p = (const uint8_t *) oh;
    int v = oh->version;
    enum msg_kind kind;
    unsigned int oftype = 0, sub = 0;

    if (oh->type == 4) {
        if (len < 16) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (get32(p + 8) == ONF_VENDOR_ID && v >= OFP12_VERSION) {
            kind = K_ONFT;
        } else if (get32(p + 8) == NX_VENDOR_ID) {
            kind = K_NXT;
        } else {
            return OFPERR_OFPBRC_BAD_VENDOR;
        }
        sub = get32(p + 12);
    } else if (oh->type == stats_req_type(v)
               || oh->type == stats_req_type(v) + 1) {
        bool reply = oh->type != stats_req_type(v);
        size_t h = v == OFP10_VERSION ? 12 : 16;
        if (len < h) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        sub = get16(p + 8);
        if (sub == 0xffff) {
            if (len < 24) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            if (get32(p + h) == ONF_VENDOR_ID && v >= OFP12_VERSION) {
                kind = reply ? K_ONFST_REPLY : K_ONFST_REQ;
            } else if (get32(p + h) == NX_VENDOR_ID) {
                kind = reply ? K_NXST_REPLY : K_NXST_REQ;
            } else {
                return OFPERR_OFPBRC_BAD_VENDOR;
            }
            sub = get32(p + h + 4);
        } else {
            kind = reply ? K_STATS_REPLY : K_STATS_REQ;
        }
    } else {
        kind = K_PLAIN;
        oftype = oh->type;
    }

    for (size_t i = 0; i < ARRAY_SIZE(msg_infos); i++) {
        const struct msg_info *mi = &msg_infos[i];
        if (mi->kind == kind && v >= mi->min_ver && v <= mi->max_ver
            && (kind == K_PLAIN ? mi->oftype == oftype : mi->sub == sub)) {
            *mip = mi;
            return 0;
        }
    }
    switch (kind) {
    case K_PLAIN:
        return OFPERR_OFPBRC_BAD_TYPE;
    case K_STATS_REQ:
    case K_STATS_REPLY:
        return OFPERR_OFPBRC_BAD_STAT;
    case K_NXT:
    case K_NXST_REQ:
    case K_NXST_REPLY:
    case K_ONFT:
    case K_ONFST_REQ:
    case K_ONFST_REPLY:
        return OFPERR_OFPBRC_BAD_SUBTYPE;
    }
    return OFPERR_OFPBRC_BAD_TYPE;
}

enum ofperr
ofptype_decode(enum ofptype *typep, const struct ofp_header *oh, size_t len)
{
    const struct msg_info *mi;

    if (len < sizeof *oh || ntohs(oh->length) != len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (oh->version < OFP_MIN_VERSION || oh->version > OFP_MAX_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    enum ofperr error = find_info(oh, len, &mi);
    if (error) {
        return error;
    }
    size_t h = hdr_len(mi, oh->version);
    if (len < h + mi->body || (mi->exact && len != h + mi->body)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *typep = mi->type;
    return 0;
}

bool
ofpmsg_is_nicira(const struct ofp_header *oh)
{
    const struct msg_info *mi;
    size_t len = ntohs(oh->length);
    return (!find_info(oh, len, &mi)
            && (mi->kind == K_NXT || mi->kind == K_NXST_REQ
                || mi->kind == K_NXST_REPLY));
}

const void *
ofpmsg_body(const struct ofp_header *oh, size_t *len)
{
    const struct msg_info *mi;
    size_t total = ntohs(oh->length);
    size_t h = 8;
    if (!find_info(oh, total, &mi)) {
        h = hdr_len(mi, oh->version);
    }
    h = MIN(h, total);
    *len = total - h;
    return (const uint8_t *) oh + h;
}

static const struct msg_info *
lookup_info(enum ofptype type, int version, bool want_nx)
{
    const struct msg_info *fallback = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(msg_infos); i++) {
        const struct msg_info *mi = &msg_infos[i];
        if (mi->type == type && version >= mi->min_ver
            && version <= mi->max_ver) {
            bool is_nx = (mi->kind == K_NXT || mi->kind == K_NXST_REQ
                          || mi->kind == K_NXST_REPLY);
            if (is_nx == want_nx) {
                return mi;
            }
            if (!fallback) {
                fallback = mi;
            }
        }
    }
    return fallback;
}

bool
ofptype_in_version(enum ofptype type, int version)
{
    return lookup_info(type, version, false) != NULL;
}

static struct ofpbuf *
new_msg(const struct msg_info *mi, int version, ovs_be32 xid,
        size_t body_len)
{
    size_t h = hdr_len(mi, version);
    bool port_any = (mi->type == OFPTYPE_PORT_DESC_STATS_REQUEST
                     && version >= OFP15_VERSION);
    if (port_any) {
        /* OpenFlow 1.5 asks for one port or OFPP_ANY. */
        body_len = MAX(body_len, 8);
    }
    struct ofpbuf *b = ofpbuf_new(h + body_len);
    uint8_t *p = ofpbuf_put_zeros(b, h + body_len);
    struct ofp_header *oh = (struct ofp_header *) p;

    oh->version = version;
    oh->xid = xid;
    switch (mi->kind) {
    case K_PLAIN:
        oh->type = mi->oftype;
        break;
    case K_STATS_REQ:
    case K_STATS_REPLY:
        oh->type = stats_req_type(version) + (mi->kind == K_STATS_REPLY);
        put16(p + 8, mi->sub);
        break;
    case K_NXT:
        oh->type = 4;
        put32(p + 8, NX_VENDOR_ID);
        put32(p + 12, mi->sub);
        break;
    case K_ONFT:
        oh->type = 4;
        put32(p + 8, ONF_VENDOR_ID);
        put32(p + 12, mi->sub);
        break;
    case K_NXST_REQ:
    case K_NXST_REPLY:
    case K_ONFST_REQ:
    case K_ONFST_REPLY: {
        size_t sh = version == OFP10_VERSION ? 12 : 16;
        bool onf = mi->kind == K_ONFST_REQ || mi->kind == K_ONFST_REPLY;
        oh->type = stats_req_type(version) + (mi->kind == K_NXST_REPLY
                                              || mi->kind == K_ONFST_REPLY);
        put16(p + 8, 0xffff);
        put32(p + sh, onf ? ONF_VENDOR_ID : NX_VENDOR_ID);
        put32(p + sh + 4, mi->sub);
        break;
    }
    }
    b->header = p;
    b->msg = p + h;
    if (port_any) {
        put32(b->msg, UINT32_MAX);
    }
    ofpmsg_update_length(b);
    return b;
}

static ovs_be32
next_xid(void)
{
    static uint32_t xid = 1;
    return htonl(xid++);
}

/* A new message.  A request with xid 0 gets a fresh xid; a reply
 * ('is_reply') always carries its request's xid, 0 included (Debian's
 * "ovs-ofctl probe" sends its echo request with xid 0 and waits for that
 * xid). */
static struct ofpbuf *
ofpmsg_new__(enum ofptype type, int version, ovs_be32 xid, size_t body_len,
             bool nx, bool is_reply)
{
    const struct msg_info *mi = lookup_info(type, version, nx);
    if (!mi) {
        ovs_fatal(0, "%s does not exist in OpenFlow %s",
                  ofptype_get_name(type),
                  ofp_version_to_short_string(version));
    }
    return new_msg(mi, version, xid || is_reply ? xid : next_xid(),
                   body_len);
}

struct ofpbuf *
ofpmsg_new(enum ofptype type, int version, ovs_be32 xid, size_t body_len)
{
    return ofpmsg_new__(type, version, xid, body_len, false, false);
}

struct ofpbuf *
ofpmsg_new_nx(enum ofptype type, int version, ovs_be32 xid, size_t body_len)
{
    return ofpmsg_new__(type, version, xid, body_len, true, false);
}

struct ofpbuf *
ofpmsg_new_reply(enum ofptype type, const struct ofp_header *request,
                 size_t body_len)
{
    return ofpmsg_new__(type, request->version, request->xid, body_len,
                        ofpmsg_is_nicira(request), true);
}

void
ofpmsg_update_length(struct ofpbuf *b)
{
    struct ofp_header *oh = b->header ? b->header : b->data;
    size_t len = (uint8_t *) ofpbuf_tail(b) - (uint8_t *) oh;
    oh->length = htons(MIN(len, UINT16_MAX));
}

/* Multipart. */

#define MP_MAX 65535
#define MPF_MORE 1

void
ofp_multipart_start(struct ofp_multipart *mp, enum ofptype reply_type,
                    const struct ofp_header *request)
{
    memset(mp, 0, sizeof *mp);
    mp->type = reply_type;
    mp->request = request;
    mp->use_nicira = ofpmsg_is_nicira(request);
    mp->msgs = xmalloc(sizeof *mp->msgs);
    mp->allocated = 1;
    mp->msgs[mp->n++] = ofpmsg_new__(reply_type, request->version,
                                     request->xid, 0, mp->use_nicira, true);
}

void *
ofp_multipart_put(struct ofp_multipart *mp, size_t len)
{
    struct ofpbuf *last = mp->msgs[mp->n - 1];
    if (last->size + len > MP_MAX) {
        struct ofp_header *oh = last->header;
        uint8_t *flags = (uint8_t *) oh + 10;
        put16(flags, get16(flags) | MPF_MORE);
        if (mp->n >= mp->allocated) {
            mp->msgs = x2nrealloc(mp->msgs, &mp->allocated,
                                  sizeof *mp->msgs);
        }
        last = ofpmsg_new__(mp->type, oh->version, oh->xid, 0,
                            mp->use_nicira, true);
        mp->msgs[mp->n++] = last;
    }
    void *p = ofpbuf_put_zeros(last, len);
    ofpmsg_update_length(last);
    return p;
}

void
ofp_multipart_steal(struct ofp_multipart *mp, struct ofpbuf ***msgsp,
                    size_t *np)
{
    for (size_t i = 0; i < mp->n; i++) {
        ofpmsg_update_length(mp->msgs[i]);
    }
    *msgsp = mp->msgs;
    *np = mp->n;
    mp->msgs = NULL;
    mp->n = mp->allocated = 0;
}

void
ofp_multipart_destroy(struct ofp_multipart *mp)
{
    if (mp) {
        for (size_t i = 0; i < mp->n; i++) {
            ofpbuf_delete(mp->msgs[i]);
        }
        free(mp->msgs);
        mp->msgs = NULL;
        mp->n = mp->allocated = 0;
    }
}

bool
ofpmsg_is_more(const struct ofp_header *oh)
{
    int v = oh->version;
    return (ntohs(oh->length) >= 12 && oh->type == stats_req_type(v) + 1
            && (get16((const uint8_t *) oh + 10) & MPF_MORE));
}

/* Protocols. */

int
ofp_protocol_to_version(enum ofp_protocol p)
{
    switch (p) {
    case OFPP_OF10_STD: case OFPP_OF10_STD_TID:
    case OFPP_OF10_NXM: case OFPP_OF10_NXM_TID:
        return OFP10_VERSION;
    case OFPP_OF11_STD: return OFP11_VERSION;
    case OFPP_OF12_OXM: return OFP12_VERSION;
    case OFPP_OF13_OXM: return OFP13_VERSION;
    case OFPP_OF14_OXM: return OFP14_VERSION;
    case OFPP_OF15_OXM: return OFP15_VERSION;
    }
    return 0;
}

enum ofp_protocol
ofp_protocol_from_version(int version)
{
    switch (version) {
    case OFP11_VERSION: return OFPP_OF11_STD;
    case OFP12_VERSION: return OFPP_OF12_OXM;
    case OFP13_VERSION: return OFPP_OF13_OXM;
    case OFP14_VERSION: return OFPP_OF14_OXM;
    case OFP15_VERSION: return OFPP_OF15_OXM;
    default: return OFPP_OF10_STD;
    }
}

uint32_t
ofp_protocols_from_versions(uint32_t bitmap)
{
    uint32_t p = 0;
    if (bitmap & OFP_VERSION_BIT(OFP10_VERSION)) {
        p |= OFPP_OF10_ANY;
    }
    for (int v = OFP11_VERSION; v <= OFP15_VERSION; v++) {
        if (bitmap & OFP_VERSION_BIT(v)) {
            p |= ofp_protocol_from_version(v);
        }
    }
    return p;
}

const char *
ofp_protocol_to_string(enum ofp_protocol p)
{
    switch (p) {
    case OFPP_OF10_STD: return "OpenFlow10";
    case OFPP_OF10_STD_TID: return "OpenFlow10+table_id";
    case OFPP_OF10_NXM: return "NXM";
    case OFPP_OF10_NXM_TID: return "NXM+table_id";
    case OFPP_OF11_STD: return "OpenFlow11";
    case OFPP_OF12_OXM: return "OpenFlow12";
    case OFPP_OF13_OXM: return "OpenFlow13";
    case OFPP_OF14_OXM: return "OpenFlow14";
    case OFPP_OF15_OXM: return "OpenFlow15";
    }
    return "unknown";
}

enum ofp_protocol
ofp_protocol_set_tid(enum ofp_protocol p, bool enable)
{
    switch (p) {
    case OFPP_OF10_STD: case OFPP_OF10_STD_TID:
        return enable ? OFPP_OF10_STD_TID : OFPP_OF10_STD;
    case OFPP_OF10_NXM: case OFPP_OF10_NXM_TID:
        return enable ? OFPP_OF10_NXM_TID : OFPP_OF10_NXM;
    default:
        return p;
    }
}

uint32_t
ofp_match_usable_protocols(const struct match *m)
{
    uint32_t p = OFPP_ANY_PROTOCOL;
    if (!ofp10_match_can_express(m)) {
        p &= ~(OFPP_OF10_STD | OFPP_OF10_STD_TID);
    }
    if (!ofp11_match_can_express(m)) {
        p &= ~OFPP_OF11_STD;
    }
    return p;
}

/* Nicira protocol messages. */

struct ofpbuf *
ofp_encode_set_flow_format(enum nx_flow_format ff)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_SET_FLOW_FORMAT, OFP10_VERSION, 0,
                                  4);
    put32(b->msg, ff);
    return b;
}

enum ofperr
ofp_decode_set_flow_format(const struct ofp_header *oh,
                           enum nx_flow_format *ff)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    uint32_t x = get32(p);
    if (x != NXFF_OPENFLOW10 && x != NXFF_NXM) {
        return OFPERR_OFPBRC_EPERM;
    }
    *ff = x;
    return 0;
}

struct ofpbuf *
ofp_encode_flow_mod_table_id(bool enable)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_FLOW_MOD_TABLE_ID, OFP10_VERSION,
                                  0, 8);
    ((uint8_t *) b->msg)[0] = enable;
    return b;
}

enum ofperr
ofp_decode_flow_mod_table_id(const struct ofp_header *oh, bool *enable)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    if (p[0] > 1) {
        return OFPERR_OFPBRC_EPERM;
    }
    *enable = p[0];
    return 0;
}

struct ofpbuf *
ofp_encode_set_packet_in_format(int version, enum nx_packet_in_format f)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_SET_PACKET_IN_FORMAT, version, 0,
                                  4);
    put32(b->msg, f);
    return b;
}

enum ofperr
ofp_decode_set_packet_in_format(const struct ofp_header *oh,
                                enum nx_packet_in_format *f)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    uint32_t x = get32(p);
    if (x > NXPIF_NXT_PACKET_IN2) {
        return OFPERR_OFPBRC_EPERM;
    }
    *f = x;
    return 0;
}

enum ofperr
ofp_decode_set_controller_id(const struct ofp_header *oh, uint16_t *id)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    *id = get16(p + 6);
    return 0;
}

void
ofp_encode_protocol_switch(enum ofp_protocol want, struct ofpbuf **msgs,
                           size_t *n)
{
    if (want == OFPP_OF10_NXM || want == OFPP_OF10_NXM_TID) {
        msgs[(*n)++] = ofp_encode_set_flow_format(NXFF_NXM);
    }
    if (want == OFPP_OF10_STD_TID || want == OFPP_OF10_NXM_TID) {
        msgs[(*n)++] = ofp_encode_flow_mod_table_id(true);
    }
}

/* Hello, echo, barrier. */

struct ofpbuf *
ofp_encode_hello(uint32_t allowed)
{
    int max = ofp_versions_max(allowed);
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_HELLO, max, 0, 0);
    if (max >= OFP13_VERSION) {
        uint8_t *p = ofpbuf_put_zeros(b, 8);
        put16(p, 1);                    /* OFPHET_VERSIONBITMAP. */
        put16(p + 2, 8);
        put32(p + 4, allowed);
        ofpmsg_update_length(b);
    }
    return b;
}

uint32_t
ofp_decode_hello(const struct ofp_header *oh)
{
    size_t len = ntohs(oh->length) - 8;
    const uint8_t *p = (const uint8_t *) (oh + 1);

    while (len >= 4) {
        uint16_t type = get16(p), elen = get16(p + 2);
        if (elen < 4 || elen > len) {
            break;
        }
        if (type == 1 && elen >= 8) {
            uint32_t bitmap = get32(p + 4);
            if (bitmap) {
                return bitmap;
            }
        }
        size_t padded = ROUND_UP(elen, 8);
        if (padded >= len) {
            break;
        }
        p += padded;
        len -= padded;
    }
    uint32_t all = 0;
    for (int v = 1; v <= MIN(oh->version, 31); v++) {
        all |= 1u << v;
    }
    return all;
}

struct ofpbuf *
ofp_encode_echo_request(int version)
{
    return ofpmsg_new(OFPTYPE_ECHO_REQUEST, version, 0, 0);
}

struct ofpbuf *
ofp_encode_echo_reply(const struct ofp_header *request)
{
    size_t len = ntohs(request->length) - 8;
    struct ofpbuf *b = ofpmsg_new_reply(OFPTYPE_ECHO_REPLY, request, len);
    memcpy(b->msg, request + 1, len);
    return b;
}

struct ofpbuf *
ofp_encode_barrier_request(int version)
{
    return ofpmsg_new(OFPTYPE_BARRIER_REQUEST, version, 0, 0);
}

struct ofpbuf *
ofp_encode_barrier_reply(const struct ofp_header *request)
{
    return ofpmsg_new_reply(OFPTYPE_BARRIER_REPLY, request, 0);
}

/* Ports. */

/* OpenFlow 1.0 port features differ from 1.1+ above bit 6: 1.0 has
 * COPPER 7, FIBER 8, AUTONEG 9, PAUSE 10, PAUSE_ASYM 11; 1.1+ inserts
 * 40GB 7, 100GB 8, 1TB 9, OTHER 10, then COPPER 11 ... PAUSE_ASYM 15. */
static uint32_t
features_from_ofp10(uint32_t f)
{
    return (f & 0x7f) | ((f & 0xf80) << 4);
}

static uint32_t
features_to_ofp10(uint32_t f)
{
    return (f & 0x7f) | ((f >> 4) & 0xf80);
}

static size_t
port_info_len(int version)
{
    return (version == OFP10_VERSION ? 48 : version <= OFP13_VERSION ? 64
            : 72);
}

static void
port_info_write(const struct ofp_port_info *pi, int version, uint8_t *p)
{
    if (version == OFP10_VERSION) {
        put16(p, pi->port_no);
        memcpy(p + 2, &pi->hw_addr, 6);
        memcpy(p + 8, pi->name, 16);
        p[23] = '\0';
        put32(p + 24, pi->config);
        put32(p + 28, pi->state);
        put32(p + 32, features_to_ofp10(pi->curr));
        put32(p + 36, features_to_ofp10(pi->advertised));
        put32(p + 40, features_to_ofp10(pi->supported));
        put32(p + 44, features_to_ofp10(pi->peer));
    } else if (version <= OFP13_VERSION) {
        put32(p, ofp_port_to_ofp11(pi->port_no));
        memcpy(p + 8, &pi->hw_addr, 6);
        memcpy(p + 16, pi->name, 16);
        p[31] = '\0';
        put32(p + 32, pi->config & 0x65);   /* 1.1+ bits only. */
        put32(p + 36, pi->state);
        put32(p + 40, pi->curr);
        put32(p + 44, pi->advertised);
        put32(p + 48, pi->supported);
        put32(p + 52, pi->peer);
        put32(p + 56, pi->curr_speed);
        put32(p + 60, pi->max_speed);
    } else {
        put32(p, ofp_port_to_ofp11(pi->port_no));
        put16(p + 4, 72);
        memcpy(p + 8, &pi->hw_addr, 6);
        memcpy(p + 16, pi->name, 16);
        p[31] = '\0';
        put32(p + 32, pi->config & 0x65);   /* 1.1+ bits only. */
        put32(p + 36, pi->state);
        /* OFPPDPT_ETHERNET property. */
        put16(p + 40, 0);
        put16(p + 42, 32);
        put32(p + 48, pi->curr);
        put32(p + 52, pi->advertised);
        put32(p + 56, pi->supported);
        put32(p + 60, pi->peer);
        put32(p + 64, pi->curr_speed);
        put32(p + 68, pi->max_speed);
    }
}

void
ofp_port_info_put(const struct ofp_port_info *pi, int version,
                  struct ofpbuf *b)
{
    port_info_write(pi, version, ofpbuf_put_zeros(b, port_info_len(version)));
}

int
ofp_port_info_pull(struct ofp_port_info *pi, int version, struct ofpbuf *b)
{
    const uint8_t *p = b->data;
    size_t len = port_info_len(version);

    if (!b->size) {
        return EOF;
    }
    memset(pi, 0, sizeof *pi);
    if (version >= OFP14_VERSION) {
        if (b->size < 40) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        len = get16(p + 4);
        if (len < 40 || len > b->size || len % 8) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    } else if (b->size < len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (version == OFP10_VERSION) {
        pi->port_no = get16(p);
        memcpy(&pi->hw_addr, p + 2, 6);
        memcpy(pi->name, p + 8, 16);
        pi->config = get32(p + 24);
        pi->state = get32(p + 28);
        pi->curr = features_from_ofp10(get32(p + 32));
        pi->advertised = features_from_ofp10(get32(p + 36));
        pi->supported = features_from_ofp10(get32(p + 40));
        pi->peer = features_from_ofp10(get32(p + 44));
    } else {
        pi->port_no = ofp_port_from_ofp11_or_none(get32(p));
        memcpy(&pi->hw_addr, p + 8, 6);
        memcpy(pi->name, p + 16, 16);
        pi->config = get32(p + 32);
        pi->state = get32(p + 36);
        if (version <= OFP13_VERSION) {
            pi->curr = get32(p + 40);
            pi->advertised = get32(p + 44);
            pi->supported = get32(p + 48);
            pi->peer = get32(p + 52);
            pi->curr_speed = get32(p + 56);
            pi->max_speed = get32(p + 60);
        } else {
            /* Properties: find the Ethernet one. */
            const uint8_t *q = p + 40;
            size_t left = len - 40;
            while (left >= 4) {
                uint16_t type = get16(q), plen = get16(q + 2);
                if (plen < 4 || plen > left) {
                    return OFPERR_OFPBRC_BAD_LEN;
                }
                if (type == 0 && plen >= 32) {
                    pi->curr = get32(q + 8);
                    pi->advertised = get32(q + 12);
                    pi->supported = get32(q + 16);
                    pi->peer = get32(q + 20);
                    pi->curr_speed = get32(q + 24);
                    pi->max_speed = get32(q + 28);
                }
                size_t padded = ROUND_UP(plen, 8);
                if (padded >= left) {
                    break;
                }
                q += padded;
                left -= padded;
            }
        }
    }
    pi->name[sizeof pi->name - 1] = '\0';
    ofpbuf_pull(b, len);
    return 0;
}

/* Features. */

struct ofpbuf *
ofp_encode_features_reply(const struct ofp_switch_features *sf,
                          const struct ofp_port_info *ports, size_t n_ports,
                          const struct ofp_header *request)
{
    struct ofpbuf *b = ofpmsg_new_reply(OFPTYPE_FEATURES_REPLY, request, 24);
    uint8_t *p = b->msg;
    int v = request->version;

    put64(p, sf->datapath_id);
    put32(p + 8, sf->n_buffers);
    p[12] = sf->n_tables;
    if (v >= OFP13_VERSION) {
        p[13] = sf->auxiliary_id;
    }
    put32(p + 16, sf->capabilities);
    if (v == OFP10_VERSION) {
        put32(p + 20, sf->actions);
    }
    if (v <= OFP12_VERSION) {
        for (size_t i = 0; i < n_ports; i++) {
            ofp_port_info_put(&ports[i], v, b);
        }
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_features_reply(const struct ofp_header *oh,
                          struct ofp_switch_features *sf,
                          struct ofpbuf *ports)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    if (len < 24) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memset(sf, 0, sizeof *sf);
    sf->datapath_id = get64(p);
    sf->n_buffers = get32(p + 8);
    sf->n_tables = p[12];
    sf->auxiliary_id = oh->version >= OFP13_VERSION ? p[13] : 0;
    sf->capabilities = get32(p + 16);
    sf->actions = oh->version == OFP10_VERSION ? get32(p + 20) : 0;
    if (ports) {
        ofpbuf_use_const(ports, p + 24, len - 24);
    }
    if (oh->version <= OFP13_VERSION && (len - 24) % port_info_len(
            oh->version)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

struct ofpbuf *
ofp_encode_port_status(int version, enum ofp_port_reason reason,
                       const struct ofp_port_info *pi)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_PORT_STATUS, version, 0, 8);
    ((uint8_t *) b->msg)[0] = reason;
    ofp_port_info_put(pi, version, b);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_port_status(const struct ofp_header *oh,
                       enum ofp_port_reason *reason,
                       struct ofp_port_info *pi)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    struct ofpbuf b;

    if (len < 8 || p[0] > OFPPR_MODIFY) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *reason = p[0];
    ofpbuf_use_const(&b, p + 8, len - 8);
    int error = ofp_port_info_pull(pi, oh->version, &b);
    return error == EOF ? OFPERR_OFPBRC_BAD_LEN : error;
}

/* Switch config. */

struct ofpbuf *
ofp_encode_switch_config(enum ofptype type, int version, ovs_be32 xid,
                         const struct ofp_switch_config *sc)
{
    struct ofpbuf *b = ofpmsg_new(type, version, xid, 4);
    put16(b->msg, sc->flags);
    put16((uint8_t *) b->msg + 2, sc->miss_send_len);
    return b;
}

enum ofperr
ofp_decode_switch_config(const struct ofp_header *oh,
                         struct ofp_switch_config *sc)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    if (len != 4) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    sc->flags = get16(p);
    sc->miss_send_len = get16(p + 2);
    return 0;
}

/* Desc stats. */

struct ofpbuf *
ofp_encode_desc_stats_reply(const struct ofp_desc *d,
                            const struct ofp_header *request)
{
    struct ofpbuf *b = ofpmsg_new_reply(OFPTYPE_DESC_STATS_REPLY, request,
                                        1056);
    uint8_t *p = b->msg;
    /* At most size-1 bytes: the fields are null-terminated. */
    memcpy(p, d->mfr_desc, strnlen(d->mfr_desc, 255));
    memcpy(p + 256, d->hw_desc, strnlen(d->hw_desc, 255));
    memcpy(p + 512, d->sw_desc, strnlen(d->sw_desc, 255));
    memcpy(p + 768, d->serial_num, strnlen(d->serial_num, 31));
    memcpy(p + 800, d->dp_desc, strnlen(d->dp_desc, 255));
    return b;
}

enum ofperr
ofp_decode_desc_stats_reply(struct ofp_desc *d, const struct ofp_header *oh)
{
    size_t len;
    const char *p = ofpmsg_body(oh, &len);
    if (len != 1056) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memset(d, 0, sizeof *d);
    memcpy(d->mfr_desc, p, 255);
    memcpy(d->hw_desc, p + 256, 255);
    memcpy(d->sw_desc, p + 512, 255);
    memcpy(d->serial_num, p + 768, 31);
    memcpy(d->dp_desc, p + 800, 255);
    return 0;
}

const struct ofp_header *
ofpmsg_multipart_begin(struct ofpbuf *msg)
{
    if (!msg->header) {
        size_t len;
        const uint8_t *body;
        msg->header = msg->data;
        body = ofpmsg_body(msg->header, &len);
        ofpbuf_pull(msg, body - (const uint8_t *) msg->data);
        msg->size = len;
    }
    return msg->header;
}

void
ofp_port_desc_put(const struct ofp_port_info *pi, struct ofp_multipart *mp)
{
    int v = mp->request->version;
    port_info_write(pi, v, ofp_multipart_put(mp, port_info_len(v)));
}

int
ofp_port_desc_pull(struct ofp_port_info *pi, struct ofpbuf *msg)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    return ofp_port_info_pull(pi, oh->version, msg);
}

/* Port stats. */

struct ofpbuf *
ofp_encode_port_stats_request(int version, uint16_t port)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_PORT_STATS_REQUEST, version, 0, 8);
    if (version == OFP10_VERSION) {
        put16(b->msg, port);
    } else {
        put32(b->msg, ofp_port_to_ofp11(port));
    }
    return b;
}

enum ofperr
ofp_decode_port_stats_request(const struct ofp_header *oh, uint16_t *port)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    if (oh->version == OFP10_VERSION) {
        *port = get16(p);
    } else {
        uint32_t x = get32(p);
        if (x >= OFPP_MAX && x < 0xffffff00) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        *port = ofp_port_from_ofp11_or_none(x);
    }
    return 0;
}

static size_t
port_stats_len(int version)
{
    /* 1.4+: 80 bytes plus a 40-byte Ethernet property. */
    return (version == OFP10_VERSION ? 104 : version <= OFP12_VERSION ? 104
            : version == OFP13_VERSION ? 112 : 120);
}

void
ofp_port_stats_put(const struct ofp_port_stats *ps, struct ofp_multipart *mp)
{
    int v = mp->request->version;
    size_t len = port_stats_len(v);
    uint8_t *p = ofp_multipart_put(mp, len);
    uint8_t *c;

    if (v == OFP10_VERSION) {
        put16(p, ps->port_no);
        c = p + 8;
    } else if (v <= OFP13_VERSION) {
        put32(p, ofp_port_to_ofp11(ps->port_no));
        c = p + 8;
    } else {
        put16(p, len);
        put32(p + 4, ofp_port_to_ofp11(ps->port_no));
        put32(p + 8, ps->duration_sec);
        put32(p + 12, ps->duration_nsec);
        c = p + 16;
    }
    const uint64_t basic[] = {
        ps->rx_packets, ps->tx_packets, ps->rx_bytes, ps->tx_bytes,
        ps->rx_dropped, ps->tx_dropped, ps->rx_errors, ps->tx_errors,
    };
    for (size_t i = 0; i < ARRAY_SIZE(basic); i++) {
        put64(c + 8 * i, basic[i]);
    }
    if (v <= OFP13_VERSION) {
        put64(c + 64, ps->rx_frame_err);
        put64(c + 72, ps->rx_over_err);
        put64(c + 80, ps->rx_crc_err);
        put64(c + 88, ps->collisions);
        if (v == OFP13_VERSION) {
            put32(c + 96, ps->duration_sec);
            put32(c + 100, ps->duration_nsec);
        }
    }
    if (v >= OFP14_VERSION) {
        /* OFPPSPT_ETHERNET property. */
        uint8_t *e = p + 80;
        put16(e, 0);
        put16(e + 2, 40);
        put64(e + 8, ps->rx_frame_err);
        put64(e + 16, ps->rx_over_err);
        put64(e + 24, ps->rx_crc_err);
        put64(e + 32, ps->collisions);
    }
}

int
ofp_port_stats_pull(struct ofp_port_stats *ps, struct ofpbuf *msg)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    int v = oh->version;
    size_t len = port_stats_len(v);
    const uint8_t *p = msg->data, *c;

    if (!msg->size) {
        return EOF;
    }
    if (v >= OFP14_VERSION && msg->size >= 2) {
        len = get16(p);
        if (len < 80) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    if (msg->size < len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memset(ps, 0, sizeof *ps);
    ps->duration_sec = ps->duration_nsec = UINT32_MAX;
    if (v == OFP10_VERSION) {
        ps->port_no = get16(p);
        c = p + 8;
    } else if (v <= OFP13_VERSION) {
        ps->port_no = ofp_port_from_ofp11_or_none(get32(p));
        c = p + 8;
    } else {
        ps->port_no = ofp_port_from_ofp11_or_none(get32(p + 4));
        ps->duration_sec = get32(p + 8);
        ps->duration_nsec = get32(p + 12);
        c = p + 16;
    }
    uint64_t *basic[] = {
        &ps->rx_packets, &ps->tx_packets, &ps->rx_bytes, &ps->tx_bytes,
        &ps->rx_dropped, &ps->tx_dropped, &ps->rx_errors, &ps->tx_errors,
    };
    for (size_t i = 0; i < ARRAY_SIZE(basic); i++) {
        *basic[i] = get64(c + 8 * i);
    }
    if (v <= OFP13_VERSION) {
        ps->rx_frame_err = get64(c + 64);
        ps->rx_over_err = get64(c + 72);
        ps->rx_crc_err = get64(c + 80);
        ps->collisions = get64(c + 88);
        if (v == OFP13_VERSION) {
            ps->duration_sec = get32(c + 96);
            ps->duration_nsec = get32(c + 100);
        }
    } else {
        ps->rx_frame_err = ps->rx_over_err = ps->rx_crc_err = UINT64_MAX;
        ps->collisions = UINT64_MAX;
        for (size_t o = 80; o + 4 <= len; ) {
            uint16_t type = get16(p + o), plen = get16(p + o + 2);
            if (plen < 4 || o + plen > len) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            if (type == 0 && plen >= 40) {
                ps->rx_frame_err = get64(p + o + 8);
                ps->rx_over_err = get64(p + o + 16);
                ps->rx_crc_err = get64(p + o + 24);
                ps->collisions = get64(p + o + 32);
            }
            o += ROUND_UP(plen, 8);
        }
    }
    ofpbuf_pull(msg, len);
    return 0;
}

/* Table stats. */

static size_t
table_stats_len(int version)
{
    return (version == OFP10_VERSION ? 64 : version == OFP11_VERSION ? 88
            : version == OFP12_VERSION ? 128 : 24);
}

void
ofp_table_stats_put(const struct ofp_table_stats *ts,
                    struct ofp_multipart *mp)
{
    int v = mp->request->version;
    uint8_t *p = ofp_multipart_put(mp, table_stats_len(v));

    p[0] = ts->table_id;
    if (v == OFP10_VERSION) {
        memcpy(p + 4, ts->name, 31);
        put32(p + 36, 0x3fffff);        /* Wildcards: all (OFPFW10_ALL). */
        put32(p + 40, ts->max_entries);
        put32(p + 44, ts->active_count);
        put64(p + 48, ts->lookup_count);
        put64(p + 56, ts->matched_count);
    } else if (v <= OFP12_VERSION) {
        size_t tail = table_stats_len(v) - 24;
        memcpy(p + 8, ts->name, 31);
        put32(p + tail - 4, ts->config);
        put32(p + tail, ts->max_entries);
        put32(p + tail + 4, ts->active_count);
        put64(p + tail + 8, ts->lookup_count);
        put64(p + tail + 16, ts->matched_count);
    } else {
        put32(p + 4, ts->active_count);
        put64(p + 8, ts->lookup_count);
        put64(p + 16, ts->matched_count);
    }
}

int
ofp_table_stats_pull(struct ofp_table_stats *ts, struct ofpbuf *msg)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    int v = oh->version;
    size_t len = table_stats_len(v);
    const uint8_t *p = msg->data;

    if (!msg->size) {
        return EOF;
    }
    if (msg->size < len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memset(ts, 0, sizeof *ts);
    ts->table_id = p[0];
    if (v == OFP10_VERSION) {
        memcpy(ts->name, p + 4, 31);
        ts->max_entries = get32(p + 40);
        ts->active_count = get32(p + 44);
        ts->lookup_count = get64(p + 48);
        ts->matched_count = get64(p + 56);
    } else if (v <= OFP12_VERSION) {
        size_t tail = len - 24;
        memcpy(ts->name, p + 8, 31);
        ts->config = get32(p + tail - 4);
        ts->max_entries = get32(p + tail);
        ts->active_count = get32(p + tail + 4);
        ts->lookup_count = get64(p + tail + 8);
        ts->matched_count = get64(p + tail + 16);
    } else {
        ts->active_count = get32(p + 4);
        ts->lookup_count = get64(p + 8);
        ts->matched_count = get64(p + 16);
    }
    ofpbuf_pull(msg, len);
    return 0;
}

/* Aggregate stats. */

struct ofpbuf *
ofp_encode_aggregate_stats_reply(const struct ofp_aggregate_stats *as,
                                 const struct ofp_header *request)
{
    bool nx = ofpmsg_is_nicira(request);
    struct ofpbuf *b;

    if (request->version >= OFP15_VERSION && !nx) {
        /* OpenFlow 1.5: an ofp_stats (OXS) list: reserved 2, length 2,
         * then flow_count (OXS 0x8002 field 3, 4 bytes), packet_count
         * (field 4, 8 bytes), byte_count (field 5, 8 bytes). */
        b = ofpmsg_new_reply(OFPTYPE_AGGREGATE_STATS_REPLY, request, 40);
        uint8_t *p = b->msg;
        put16(p + 2, 4 + 8 + 12 + 12);
        put32(p + 4, (0x8002u << 16) | (3 << 9) | 4);
        put32(p + 8, as->flow_count);
        put32(p + 12, (0x8002u << 16) | (4 << 9) | 8);
        put64(p + 16, as->packet_count);
        put32(p + 24, (0x8002u << 16) | (5 << 9) | 8);
        put64(p + 28, as->byte_count);
        return b;
    }
    b = ofpmsg_new_reply(OFPTYPE_AGGREGATE_STATS_REPLY, request, 24);
    uint8_t *p = b->msg;
    put64(p, as->packet_count);
    put64(p + 8, as->byte_count);
    put32(p + 16, as->flow_count);
    return b;
}

enum ofperr
ofp_decode_aggregate_stats_reply(struct ofp_aggregate_stats *as,
                                 const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(as, 0, sizeof *as);
    if (oh->version >= OFP15_VERSION && !ofpmsg_is_nicira(oh)) {
        if (len < 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t slen = get16(p + 2);
        if (slen < 4 || slen > len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        const uint8_t *q = p + 4;
        size_t left = slen - 4;
        while (left >= 4) {
            uint32_t h = get32(q);
            unsigned int n = h & 0xff;
            if (4 + n > left) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            if ((h >> 16) == 0x8002) {
                uint64_t x = n == 4 ? get32(q + 4) : n == 8 ? get64(q + 4) : 0;
                switch ((h >> 9) & 0x7f) {
                case 3: as->flow_count = x; break;
                case 4: as->packet_count = x; break;
                case 5: as->byte_count = x; break;
                }
            }
            q += 4 + n;
            left -= 4 + n;
        }
        return 0;
    }
    if (len < 24) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    as->packet_count = get64(p);
    as->byte_count = get64(p + 8);
    as->flow_count = get32(p + 16);
    return 0;
}

/* Roles. */

static struct ofpbuf *
encode_role(enum ofptype type, int version, ovs_be32 xid,
            const struct ofp_role_request *rr)
{
    struct ofpbuf *b;
    if (version < OFP12_VERSION) {
        /* NXT_ROLE_*: 0 other, 1 master, 2 slave. */
        b = ofpmsg_new_nx(type, version, xid, 4);
        uint32_t nx_role = (rr->role == OFPCR_ROLE_MASTER ? 1
                            : rr->role == OFPCR_ROLE_SLAVE ? 2 : 0);
        put32(b->msg, nx_role);
    } else {
        b = ofpmsg_new(type, version, xid, 16);
        uint8_t *p = b->msg;
        put32(p, rr->role);
        put64(p + 8, rr->have_generation_id ? rr->generation_id
              : UINT64_MAX);
    }
    return b;
}

struct ofpbuf *
ofp_encode_role_request(int version, const struct ofp_role_request *rr)
{
    return encode_role(OFPTYPE_ROLE_REQUEST, version, 0, rr);
}

struct ofpbuf *
ofp_encode_role_reply(const struct ofp_header *request,
                      const struct ofp_role_request *rr)
{
    return encode_role(OFPTYPE_ROLE_REPLY, request->version, request->xid,
                       rr);
}

enum ofperr
ofp_decode_role_message(const struct ofp_header *oh,
                        struct ofp_role_request *rr)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(rr, 0, sizeof *rr);
    if (ofpmsg_is_nicira(oh)) {
        uint32_t r = get32(p);
        if (r > 2) {
            return OFPERR_OFPRRFC_BAD_ROLE;
        }
        rr->role = (r == 1 ? OFPCR_ROLE_MASTER : r == 2 ? OFPCR_ROLE_SLAVE
                    : OFPCR_ROLE_EQUAL);
        return 0;
    }
    uint32_t r = get32(p);
    if (r > OFPCR_ROLE_SLAVE) {
        return OFPERR_OFPRRFC_BAD_ROLE;
    }
    rr->role = r;
    rr->generation_id = get64(p + 8);
    rr->have_generation_id = (r == OFPCR_ROLE_MASTER
                              || r == OFPCR_ROLE_SLAVE
                              || rr->generation_id != UINT64_MAX);
    return 0;
}

/* NXT_PACKET_IN2 and NXT_RESUME (see ofp-msgs.h). */

enum {
    NXPINT_PACKET = 0, NXPINT_FULL_LEN = 1, NXPINT_BUFFER_ID = 2,
    NXPINT_TABLE_ID = 3, NXPINT_COOKIE = 4, NXPINT_REASON = 5,
    NXPINT_METADATA = 6, NXPINT_USERDATA = 7, NXPINT_CONTINUATION = 8,
};
enum {
    NXCPT_BRIDGE = 0x8000, NXCPT_STACK, NXCPT_MIRRORS, NXCPT_CONNTRACKED,
    NXCPT_TABLE_ID, NXCPT_COOKIE, NXCPT_ACTIONS, NXCPT_ACTION_SET,
    NXCPT_ODP_PORT,
};

/* Starts a property of 'type' at the end of 'b'; returns its offset for
 * prop_end(). */
static size_t
prop_start(struct ofpbuf *b, uint16_t type)
{
    size_t ofs = b->size;
    put16(ofpbuf_put_zeros(b, 4), type);
    return ofs;
}

/* Sets the length of the property at 'ofs' and pads it to 8 bytes. */
static void
prop_end(struct ofpbuf *b, size_t ofs)
{
    put16((uint8_t *) b->data + ofs + 2, b->size - ofs);
    ofpbuf_pad_to(b, 8);
}

static void
prop_put(struct ofpbuf *b, uint16_t type, const void *data, size_t len)
{
    size_t ofs = prop_start(b, type);
    ofpbuf_put(b, data, len);
    prop_end(b, ofs);
}

static void
prop_put_u8(struct ofpbuf *b, uint16_t type, uint8_t x)
{
    prop_put(b, type, &x, 1);
}

static void
prop_put_u32(struct ofpbuf *b, uint16_t type, uint32_t x)
{
    uint8_t v[4];
    put32(v, x);
    prop_put(b, type, v, 4);
}

/* A 64-bit value: 4 bytes of padding first, so that it is aligned. */
static void
prop_put_be64(struct ofpbuf *b, uint16_t type, ovs_be64 x)
{
    uint8_t v[12] = { 0 };
    memcpy(v + 4, &x, 8);
    prop_put(b, type, v, 12);
}

/* Actions nested in a property: 4 bytes of padding keep them aligned. */
static void
prop_put_actions(struct ofpbuf *b, uint16_t type, const struct ofpact *a,
                 size_t len, int version)
{
    size_t ofs = prop_start(b, type);
    ofpbuf_put_zeros(b, 4);
    ofpacts_put_openflow_actions(a, len, b, version);
    prop_end(b, ofs);
}

struct ofpbuf *
ofp_encode_packet_in2(const struct ofp_packet_in *pin, int version,
                      const void *userdata, size_t userdata_len,
                      const struct ofp_continuation *cont)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_NXT_PACKET_IN2, version, 0, 0);

    prop_put(b, NXPINT_PACKET, pin->packet, pin->packet_len);
    if (pin->packet_len < pin->total_len) {
        prop_put_u32(b, NXPINT_FULL_LEN, pin->total_len);
    }
    if (pin->buffer_id != UINT32_MAX) {
        prop_put_u32(b, NXPINT_BUFFER_ID, pin->buffer_id);
    }
    prop_put_u8(b, NXPINT_TABLE_ID, pin->table_id);
    prop_put_be64(b, NXPINT_COOKIE, pin->cookie);
    /* The 1.4 reasons are refinements of "action" before 1.4. */
    prop_put_u8(b, NXPINT_REASON,
                (version < OFP14_VERSION && pin->reason > 2
                 ? 1 : pin->reason));
    size_t ofs = prop_start(b, NXPINT_METADATA);
    nx_put_match(b, &pin->metadata, true, 0, 0);
    prop_end(b, ofs);
    if (userdata_len) {
        prop_put(b, NXPINT_USERDATA, userdata, userdata_len);
    }
    if (cont) {
        ofs = prop_start(b, NXPINT_CONTINUATION);
        ofpbuf_put_zeros(b, 4);
        ofp_continuation_put(b, cont, version);
        prop_end(b, ofs);
    }
    ofpmsg_update_length(b);
    return b;
}

void
ofp_continuation_put(struct ofpbuf *b, const struct ofp_continuation *cont,
                     int version)
{
    for (size_t i = 0; i < cont->n_frames; i++) {
        const struct ofp_continuation_frame *f = &cont->frames[i];
        prop_put_u8(b, NXCPT_TABLE_ID, f->table_id);
        prop_put_be64(b, NXCPT_COOKIE, f->cookie);
        prop_put_actions(b, NXCPT_ACTIONS, f->ofpacts, f->ofpacts_len,
                         version);
    }
    if (cont->action_set_len) {
        prop_put_actions(b, NXCPT_ACTION_SET, cont->action_set,
                         cont->action_set_len, version);
    }
}

/* Iterates over the properties in 'len' bytes at 'p': returns false at
 * the end, OFPBRC_BAD_LEN in '*error' for a malformed one. */
static bool
prop_next(const uint8_t **p, size_t *len, uint16_t *type,
          const uint8_t **value, size_t *value_len, enum ofperr *error)
{
    if (!*len) {
        return false;
    }
    uint16_t plen = *len >= 4 ? get16(*p + 2) : 0;
    if (*len < 4 || plen < 4 || plen > *len) {
        *error = OFPERR_OFPBRC_BAD_LEN;
        return false;
    }
    *type = get16(*p);
    *value = *p + 4;
    *value_len = plen - 4;
    size_t padded = MIN(ROUND_UP(plen, 8), *len);
    *p += padded;
    *len -= padded;
    return true;
}

enum ofperr
ofp_continuation_pull(const void *p_, size_t len, int version,
                      struct ofp_continuation *cont, struct ofpbuf *ofpacts)
{
    const uint8_t *p = p_;
    /* Offsets into 'ofpacts' first: it may move while it grows. */
    struct frame_ofs { uint8_t table_id; ovs_be64 cookie; size_t ofs, len; };
    struct frame_ofs *fo = NULL;
    size_t n = 0, allocated = 0;
    size_t set_ofs = 0, set_len = 0;
    uint8_t table_id = 0;
    ovs_be64 cookie = 0;
    enum ofperr error = 0;
    uint16_t type;
    const uint8_t *v;
    size_t vlen;

    memset(cont, 0, sizeof *cont);
    while (!error && prop_next(&p, &len, &type, &v, &vlen, &error)) {
        switch (type) {
        case NXCPT_TABLE_ID:
            if (vlen != 1) {
                error = OFPERR_OFPBRC_BAD_LEN;
            } else {
                table_id = v[0];
            }
            break;
        case NXCPT_COOKIE:
            if (vlen != 12) {
                error = OFPERR_OFPBRC_BAD_LEN;
            } else {
                memcpy(&cookie, v + 4, 8);
            }
            break;
        case NXCPT_ACTIONS:
        case NXCPT_ACTION_SET: {
            if (vlen < 4) {
                error = OFPERR_OFPBRC_BAD_LEN;
                break;
            }
            ofpbuf_pad_to(ofpacts, 8);
            size_t start = ofpacts->size;
            error = ofpacts_pull_openflow_actions(v + 4, vlen - 4, version,
                                                  ofpacts);
            if (type == NXCPT_ACTION_SET) {
                set_ofs = start;
                set_len = ofpacts->size - start;
            } else {
                if (n >= allocated) {
                    allocated = allocated * 2 + 4;
                    fo = xrealloc(fo, allocated * sizeof *fo);
                }
                fo[n++] = (struct frame_ofs) { table_id, cookie, start,
                                               ofpacts->size - start };
            }
            break;
        }
        default:
            /* Another switch's state (stack, mirrors...): not ours. */
            break;
        }
    }
    if (!error) {
        cont->frames = xcalloc(n ? n : 1, sizeof *cont->frames);
        cont->n_frames = n;
        for (size_t i = 0; i < n; i++) {
            cont->frames[i] = (struct ofp_continuation_frame) {
                .table_id = fo[i].table_id,
                .cookie = fo[i].cookie,
                .ofpacts = (const struct ofpact *)
                           ((const uint8_t *) ofpacts->data + fo[i].ofs),
                .ofpacts_len = fo[i].len,
            };
        }
        cont->action_set = (const struct ofpact *)
                           ((const uint8_t *) ofpacts->data + set_ofs);
        cont->action_set_len = set_len;
    }
    free(fo);
    return error;
}

enum ofperr
ofp_decode_packet_in2(const struct ofp_header *oh, struct ofp_packet_in *pin,
                      struct ofp_continuation *cont, bool *has_continuation,
                      struct ofpbuf *ofpacts)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    bool has_full_len = false;
    enum ofperr error = 0;
    uint16_t type;
    const uint8_t *v;
    size_t vlen;

    memset(pin, 0, sizeof *pin);
    memset(cont, 0, sizeof *cont);
    match_init_catchall(&pin->metadata);
    pin->buffer_id = UINT32_MAX;
    *has_continuation = false;
    while (!error && prop_next(&p, &len, &type, &v, &vlen, &error)) {
        switch (type) {
        case NXPINT_PACKET:
            pin->packet = v;
            pin->packet_len = vlen;
            break;
        case NXPINT_FULL_LEN:
        case NXPINT_BUFFER_ID:
            if (vlen != 4) {
                error = OFPERR_OFPBRC_BAD_LEN;
            } else if (type == NXPINT_FULL_LEN) {
                pin->total_len = get32(v);
                has_full_len = true;
            } else {
                pin->buffer_id = get32(v);
            }
            break;
        case NXPINT_TABLE_ID:
        case NXPINT_REASON:
            if (vlen != 1) {
                error = OFPERR_OFPBRC_BAD_LEN;
            } else if (type == NXPINT_TABLE_ID) {
                pin->table_id = v[0];
            } else {
                pin->reason = v[0];
            }
            break;
        case NXPINT_COOKIE:
            if (vlen != 12) {
                error = OFPERR_OFPBRC_BAD_LEN;
            } else {
                memcpy(&pin->cookie, v + 4, 8);
            }
            break;
        case NXPINT_METADATA:
            error = nx_pull_match(v, vlen, &pin->metadata, NULL, NULL);
            break;
        case NXPINT_USERDATA:
            break;
        case NXPINT_CONTINUATION:
            if (*has_continuation) {
                error = OFPERR_OFPBRC_BAD_LEN;
                break;
            }
            /* 4 bytes of padding, then the nested properties. */
            error = (vlen < 4 ? OFPERR_OFPBRC_BAD_LEN
                     : ofp_continuation_pull(v + 4, vlen - 4, oh->version,
                                             cont, ofpacts));
            *has_continuation = !error;
            break;
        default:
            error = OFPERR_OFPBPC_BAD_TYPE;
            break;
        }
    }
    if (!has_full_len) {
        pin->total_len = pin->packet_len;
    }
    if (error && *has_continuation) {
        free(cont->frames);
        memset(cont, 0, sizeof *cont);
        *has_continuation = false;
    }
    return error;
}

struct ofpbuf *
ofp_encode_resume(const struct ofp_header *pin2)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(pin2, &len);
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_NXT_RESUME, pin2->version, 0, 0);
    bool has_continuation = false;
    enum ofperr error = 0;
    uint16_t type;
    const uint8_t *v;
    size_t vlen;

    while (prop_next(&p, &len, &type, &v, &vlen, &error)) {
        if (type == NXPINT_CONTINUATION) {
            has_continuation = true;
        }
        /* The userdata was for the controller. */
        if (type != NXPINT_USERDATA) {
            prop_put(b, type, v, vlen);
        }
    }
    if (error || !has_continuation) {
        ofpbuf_delete(b);
        return NULL;
    }
    ((struct ofp_header *) b->data)->xid = 0;   /* As the reference tool. */
    ofpmsg_update_length(b);
    return b;
}
