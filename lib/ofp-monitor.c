/* ofp-monitor.c -- OpenFlow flow monitors on the wire and as text (see
 * ofp-monitor.h for the three encodings).
 *
 * Layouts (all multi-byte fields big-endian):
 *
 *   Nicira request entry (1.0-1.2), 16 bytes + NXM padded to 8:
 *     id:4 flags:2 out_port:2 match_len:2 table_id:1 zeros:5
 *   ONF request entry (1.3), 16 bytes + OXM ofp_match (padded):
 *     id:4 flags:2 match_len:2 out_port:4 table_id:1 zeros:3
 *   OpenFlow 1.4 request entry, 16 bytes + OXM ofp_match (padded):
 *     monitor_id:4 out_port:4 out_group:4 flags:2 table_id:1 command:1
 *
 *   Nicira/ONF full update, 24 bytes + match (NXM padded, or ONF's OXM
 *   ofp_match whose length is match_len) + actions (1.0) or instructions:
 *     length:2 event:2 reason:2 priority:2 idle:2 hard:2 match_len:2
 *     table_id:1 pad:1 cookie:8
 *   OpenFlow 1.4 full update, 24 bytes + ofp_match + instructions:
 *     length:2 event:2 table_id:1 reason:1 idle:2 hard:2 priority:2
 *     zeros:4 cookie:8
 *   Abbreviated update, 8 bytes: length:2 event:2 xid:4.
 *   1.4 paused/resumed, 8 bytes: length:2 event:2 zeros:4.
 *
 * Nicira events: ADDED 0, DELETED 1, MODIFIED 2, ABBREV 3.  OpenFlow 1.4
 * events: INITIAL 0, ADDED 1, REMOVED 2, MODIFIED 3, ABBREV 4, PAUSED 5,
 * RESUMED 6. */
#include <config.h>
#include "ofp-monitor.h"
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "flow.h"
#include "match.h"
#include "ofp-actions.h"
#include "ofp-bytes.h"
#include "ofp-print.h"
#include "ofpbuf.h"
#include "util.h"

/* OpenFlow 1.4 OFPFMF_* bits. */
#define OFPFMF14_INITIAL      0x01
#define OFPFMF14_ADD          0x02
#define OFPFMF14_REMOVED      0x04
#define OFPFMF14_MODIFY       0x08
#define OFPFMF14_INSTRUCTIONS 0x10
#define OFPFMF14_NO_ABBREV    0x20
#define OFPFMF14_ONLY_OWN     0x40

#define OFPG_ANY_ 0xffffffffu

static bool
is_onf(int version)
{
    return version == OFP13_VERSION;
}

static bool
is_nx(int version)
{
    return version < OFP13_VERSION;
}

void
ofp_monitor_request_init(struct ofp_monitor_request *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->flags = OFP_MONITOR_ALL_FLAGS;
    rq->out_port = OFPP_NONE;
    rq->out_group = OFPG_ANY_;
    rq->table_id = 0xff;
    rq->command = OFP_MONITOR_CMD_ADD;
    match_init_catchall(&rq->match);
}

/* The 1.4 bits are a translation of the Nicira ones, done the way Open
 * vSwitch's tools do it, so that each side understands the other. */
static uint16_t
flags_to_of14(uint16_t f)
{
    return ((f & OFP_MONITOR_INITIAL ? OFPFMF14_INITIAL : 0)
            | (f & OFP_MONITOR_ADD ? OFPFMF14_ADD : 0)
            | (f & OFP_MONITOR_DELETE ? OFPFMF14_REMOVED : 0)
            | (f & OFP_MONITOR_MODIFY ? OFPFMF14_MODIFY : 0)
            | (f & OFP_MONITOR_ACTIONS ? OFPFMF14_INSTRUCTIONS : 0)
            | (f & OFP_MONITOR_OWN ? OFPFMF14_ONLY_OWN : 0));
}

static bool
flags_from_of14(uint16_t f, uint16_t *out)
{
    if (f & ~(OFPFMF14_INITIAL | OFPFMF14_ADD | OFPFMF14_REMOVED
              | OFPFMF14_MODIFY | OFPFMF14_INSTRUCTIONS
              | OFPFMF14_ONLY_OWN)) {
        return false;
    }
    *out = ((f & OFPFMF14_INITIAL ? OFP_MONITOR_INITIAL : 0)
            | (f & OFPFMF14_ADD ? OFP_MONITOR_ADD : 0)
            | (f & OFPFMF14_REMOVED ? OFP_MONITOR_DELETE : 0)
            | (f & OFPFMF14_MODIFY ? OFP_MONITOR_MODIFY : 0)
            | (f & OFPFMF14_INSTRUCTIONS ? OFP_MONITOR_ACTIONS : 0)
            | (f & OFPFMF14_ONLY_OWN ? OFP_MONITOR_OWN : 0));
    return true;
}

static uint8_t *
at(const struct ofpbuf *b, size_t ofs)
{
    return (uint8_t *) b->data + ofs;
}

/* Appends 'm' as NXM TLVs padded to 8 bytes; returns the unpadded
 * length. */
static size_t
put_nxm_padded(struct ofpbuf *b, const struct match *m)
{
    size_t n = nx_put_match(b, m, false, 0, 0);
    ofpbuf_put_zeros(b, ROUND_UP(n, 8) - n);
    return n;
}

struct ofpbuf *
ofp_monitor_request_encode(const struct ofp_monitor_request *rq,
                           int version)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_FLOW_MONITOR_STATS_REQUEST,
                                  version, 0, 0);
    size_t start = b->size;
    uint8_t *p = ofpbuf_put_zeros(b, 16);

    if (is_nx(version)) {
        put32(p, rq->id);
        put16(p + 4, rq->flags);
        put16(p + 6, rq->out_port);
        p[10] = rq->table_id;
        size_t n = put_nxm_padded(b, &rq->match);
        put16(at(b, start + 8), n);
    } else if (is_onf(version)) {
        put32(p, rq->id);
        put16(p + 4, rq->flags);
        put32(p + 8, ofp_port_to_ofp11(rq->out_port));
        p[12] = rq->table_id;
        size_t mstart = b->size;
        oxm_put_match(b, &rq->match);
        put16(at(b, start + 6), get16(at(b, mstart + 2)));
    } else {
        put32(p, rq->id);
        put32(p + 4, ofp_port_to_ofp11(rq->out_port));
        put32(p + 8, rq->out_group);
        put16(p + 12, flags_to_of14(rq->flags));
        p[14] = rq->table_id;
        p[15] = rq->command;
        oxm_put_match(b, &rq->match);
    }
    ofpmsg_update_length(b);
    return b;
}

static enum ofperr
check_flags(uint16_t flags)
{
    /* A monitor that reports nothing is refused, as the reference
     * switch refuses it. */
    if (!(flags & (OFP_MONITOR_ADD | OFP_MONITOR_DELETE
                   | OFP_MONITOR_MODIFY))
        || flags & ~OFP_MONITOR_ALL_FLAGS) {
        return OFPERR_OFPMOFC_BAD_FLAGS;
    }
    return 0;
}

int
ofp_monitor_request_pull(struct ofpbuf *msg, struct ofp_monitor_request *rq)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    int version = oh->version;

    if (!msg->size) {
        return EOF;
    }
    const uint8_t *p = ofpbuf_try_pull(msg, 16);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_monitor_request_init(rq);
    rq->id = get32(p);
    if (is_nx(version)) {
        rq->flags = get16(p + 4);
        rq->out_port = get16(p + 6);
        rq->table_id = p[10];
        size_t match_len = get16(p + 8);
        if (!is_all_zeros(p + 11, 5)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (ROUND_UP(match_len, 8) > msg->size) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        enum ofperr error = nx_pull_match(msg->data, match_len, &rq->match,
                                          NULL, NULL);
        if (error) {
            return error;
        }
        ofpbuf_pull(msg, ROUND_UP(match_len, 8));
        return check_flags(rq->flags);
    }

    uint32_t port;
    if (is_onf(version)) {
        rq->flags = get16(p + 4);
        port = get32(p + 8);
        rq->table_id = p[12];
    } else {
        port = get32(p + 4);
        rq->out_group = get32(p + 8);
        rq->table_id = p[14];
        rq->command = p[15];
        if (rq->command != OFP_MONITOR_CMD_DELETE
            && !flags_from_of14(get16(p + 12), &rq->flags)) {
            return OFPERR_OFPMOFC_BAD_FLAGS;
        }
    }
    if (!ofp_port_from_ofp11(port, &rq->out_port)) {
        return OFPERR_OFPMOFC_BAD_OUT;
    }
    enum ofperr error = oxm_pull_match(msg, &rq->match);
    if (error) {
        return error;
    }
    if (rq->command == OFP_MONITOR_CMD_DELETE) {
        /* Only the id matters to a delete. */
        return 0;
    }
    if (rq->command > OFP_MONITOR_CMD_DELETE) {
        return OFPERR_OFPMOFC_BAD_COMMAND;
    }
    return check_flags(rq->flags);
}

/* Splits 's' at commas outside parentheses. */
char *
ofp_monitor_request_parse(const char *s, struct ofp_monitor_request *rq)
{
    static const struct { const char *name; uint16_t flag; } flags[] = {
        { "!initial", OFP_MONITOR_INITIAL }, { "!add", OFP_MONITOR_ADD },
        { "!delete", OFP_MONITOR_DELETE }, { "!modify", OFP_MONITOR_MODIFY },
        { "!actions", OFP_MONITOR_ACTIONS }, { "!own", OFP_MONITOR_OWN },
    };
    char *copy = xstrdup(s);
    char *save = NULL;
    struct ds rest = DS_EMPTY_INITIALIZER;
    char *error = NULL;

    ofp_monitor_request_init(rq);
    for (char *tok = strtok_r(copy, ", \t", &save); tok && !error;
         tok = strtok_r(NULL, ", \t", &save)) {
        bool done = false;
        for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
            if (!strcmp(tok, flags[i].name)) {
                rq->flags &= ~flags[i].flag;
                done = true;
            }
        }
        if (done) {
            continue;
        }
        char *value = strchr(tok, '=');
        if (value && !strncmp(tok, "table=", 6)) {
            unsigned int t = 0;
            /* 255 is "every table". */
            if (!str_to_uint(value + 1, 10, &t) || t > 255) {
                error = xasprintf("unknown table \"%s\"", value + 1);
            }
            rq->table_id = t;
        } else if (value && !strncmp(tok, "out_group=", 10)) {
            unsigned int g = 0;
            if (!str_to_uint(value + 1, 10, &g)) {
                error = xasprintf("%s: invalid group", value + 1);
            }
            rq->out_group = g;
        } else if (value && !strncmp(tok, "out_port=", 9)) {
            struct ofpbuf tmp;
            char *out = xasprintf("output:%s", value + 1);
            ofpbuf_init(&tmp, 16);
            /* The action parser knows the port syntax. */
            error = ofpacts_parse(out, &tmp);
            if (!error) {
                const struct ofpact *a = tmp.data;
                if (a->type == OFPACT_OUTPUT) {
                    rq->out_port = ofpact_get_OUTPUT(a)->port;
                } else {
                    error = xasprintf("%s: invalid port", value + 1);
                }
            }
            ofpbuf_uninit(&tmp);
            free(out);
        } else {
            ds_put_format(&rest, "%s%s", rest.length ? "," : "", tok);
        }
    }
    if (!error && rest.length) {
        int priority;
        error = match_parse(ds_cstr(&rest), &rq->match, &priority);
    }
    ds_destroy(&rest);
    free(copy);
    return error;
}

struct ofpbuf *
ofp_monitor_cancel_encode(uint32_t id, int version)
{
    if (version >= OFP14_VERSION) {
        struct ofp_monitor_request rq;
        ofp_monitor_request_init(&rq);
        rq.id = id;
        rq.flags = 0;
        rq.command = OFP_MONITOR_CMD_DELETE;
        return ofp_monitor_request_encode(&rq, version);
    }
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_FLOW_MONITOR_CANCEL, version, 0,
                                  4);
    put32(b->msg, id);
    return b;
}

enum ofperr
ofp_monitor_cancel_decode(const struct ofp_header *oh, uint32_t *id)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    if (len < 4) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *id = get32(p);
    return 0;
}

static int
event_to_wire(enum ofp_monitor_event ev, int version)
{
    if (version >= OFP14_VERSION) {
        return ev;              /* Same numbering. */
    }
    switch (ev) {
    case OFP_MONITOR_EV_INITIAL:
    case OFP_MONITOR_EV_ADDED:
        return 0;
    case OFP_MONITOR_EV_DELETED:
        return 1;
    case OFP_MONITOR_EV_MODIFIED:
        return 2;
    case OFP_MONITOR_EV_ABBREV:
        return 3;
    case OFP_MONITOR_EV_PAUSED:
    case OFP_MONITOR_EV_RESUMED:
        break;
    }
    OVS_NOT_REACHED();
}

static bool
event_from_wire(int ev, int version, enum ofp_monitor_event *out)
{
    if (version >= OFP14_VERSION) {
        if (ev > OFP_MONITOR_EV_RESUMED) {
            return false;
        }
        *out = ev;
        return true;
    }
    static const enum ofp_monitor_event nx[] = {
        OFP_MONITOR_EV_ADDED, OFP_MONITOR_EV_DELETED,
        OFP_MONITOR_EV_MODIFIED, OFP_MONITOR_EV_ABBREV,
    };
    if (ev >= ARRAY_SIZE(nx)) {
        return false;
    }
    *out = nx[ev];
    return true;
}

static void
put_ofpacts(struct ofpbuf *b, const struct ofp_monitor_update *u,
            int version)
{
    if (!u->ofpacts || !u->ofpacts_len) {
        return;
    }
    if (version == OFP10_VERSION) {
        ofpacts_put_openflow_actions(u->ofpacts, u->ofpacts_len, b,
                                     version);
    } else {
        ofpacts_put_openflow_instructions(u->ofpacts, u->ofpacts_len, b,
                                          version);
    }
}

void
ofp_monitor_update_put(const struct ofp_monitor_update *u, int version,
                       struct ofpbuf *out)
{
    size_t start = out->size;
    int ev = (u->event == OFP_MONITOR_EV_PAUSED
              || u->event == OFP_MONITOR_EV_RESUMED
              ? (int) u->event : event_to_wire(u->event, version));
    uint8_t *p;

    if (u->event == OFP_MONITOR_EV_ABBREV
        || u->event == OFP_MONITOR_EV_PAUSED
        || u->event == OFP_MONITOR_EV_RESUMED) {
        p = ofpbuf_put_zeros(out, 8);
        put16(p, 8);
        put16(p + 2, ev);
        if (u->event == OFP_MONITOR_EV_ABBREV) {
            put32(p + 4, u->xid);
        }
        return;
    }

    p = ofpbuf_put_zeros(out, 24);
    put16(p + 2, ev);
    memcpy(p + 16, &u->cookie, 8);
    if (version >= OFP14_VERSION) {
        p[4] = u->table_id;
        p[5] = u->reason;
        put16(p + 6, u->idle_timeout);
        put16(p + 8, u->hard_timeout);
        put16(p + 10, u->priority);
        oxm_put_match(out, &u->match);
    } else {
        put16(p + 4, u->reason);
        put16(p + 6, u->priority);
        put16(p + 8, u->idle_timeout);
        put16(p + 10, u->hard_timeout);
        p[14] = u->table_id;
        size_t n;
        if (is_onf(version)) {
            size_t mstart = out->size;
            oxm_put_match(out, &u->match);
            n = get16(at(out, mstart + 2));
        } else {
            n = put_nxm_padded(out, &u->match);
        }
        put16(at(out, start + 12), n);
    }
    put_ofpacts(out, u, version);
    put16(at(out, start), out->size - start);
}

struct ofpbuf *
ofp_monitor_update_msg(int version)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_FLOW_MONITOR_STATS_REPLY, version,
                                  0, 0);
    /* Unsolicited: xid 0, as the reference switch sends them. */
    ((struct ofp_header *) b->header)->xid = 0;
    return b;
}

int
ofp_monitor_update_pull(struct ofpbuf *msg, struct ofp_monitor_update *u,
                        struct ofpbuf *ofpacts)
{
    const struct ofp_header *oh = ofpmsg_multipart_begin(msg);
    int version = oh->version;

    ofpbuf_clear(ofpacts);
    memset(u, 0, sizeof *u);
    match_init_catchall(&u->match);
    if (!msg->size) {
        return EOF;
    }
    if (msg->size < 4) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const uint8_t *p = msg->data;
    size_t length = get16(p);
    if (length < 8 || length > msg->size || length % 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (!event_from_wire(get16(p + 2), version, &u->event)) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (u->event == OFP_MONITOR_EV_ABBREV
        || u->event == OFP_MONITOR_EV_PAUSED
        || u->event == OFP_MONITOR_EV_RESUMED) {
        if (length != 8) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        u->xid = get32(p + 4);
        ofpbuf_pull(msg, 8);
        return 0;
    }
    if (length < 24) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    struct ofpbuf body;
    enum ofperr error;
    ofpbuf_use_const(&body, p + 24, length - 24);
    memcpy(&u->cookie, p + 16, 8);
    if (version >= OFP14_VERSION) {
        u->table_id = p[4];
        u->reason = p[5];
        u->idle_timeout = get16(p + 6);
        u->hard_timeout = get16(p + 8);
        u->priority = get16(p + 10);
        error = oxm_pull_match(&body, &u->match);
    } else {
        u->reason = get16(p + 4);
        u->priority = get16(p + 6);
        u->idle_timeout = get16(p + 8);
        u->hard_timeout = get16(p + 10);
        u->table_id = p[14];
        size_t match_len = get16(p + 12);
        if (is_onf(version)) {
            error = oxm_pull_match(&body, &u->match);
        } else if (ROUND_UP(match_len, 8) > body.size) {
            error = OFPERR_OFPBRC_BAD_LEN;
        } else {
            error = nx_pull_match(body.data, match_len, &u->match, NULL,
                                  NULL);
            ofpbuf_pull(&body, ROUND_UP(match_len, 8));
        }
    }
    if (!error && body.size) {
        error = (version == OFP10_VERSION
                 ? ofpacts_pull_openflow_actions(body.data, body.size,
                                                 version, ofpacts)
                 : ofpacts_pull_openflow_instructions(body.data, body.size,
                                                      version, ofpacts));
    }
    if (error) {
        return error;
    }
    u->ofpacts = ofpacts->data;
    u->ofpacts_len = ofpacts->size;
    ofpbuf_pull(msg, length);
    return 0;
}

struct ofpbuf *
ofp_monitor_paused_encode(int version, bool resumed)
{
    struct ofpbuf *b;
    if (version >= OFP14_VERSION) {
        struct ofp_monitor_update u;
        memset(&u, 0, sizeof u);
        u.event = resumed ? OFP_MONITOR_EV_RESUMED : OFP_MONITOR_EV_PAUSED;
        b = ofp_monitor_update_msg(version);
        ofp_monitor_update_put(&u, version, b);
        ofpmsg_update_length(b);
    } else {
        b = ofpmsg_new(resumed ? OFPTYPE_FLOW_MONITOR_RESUMED
                       : OFPTYPE_FLOW_MONITOR_PAUSED, version, 0, 0);
        ((struct ofp_header *) b->header)->xid = 0;
    }
    return b;
}

/* Printing. */

const char *
ofp_monitor_msg_name(const struct ofp_header *oh, enum ofptype type)
{
    bool onf = is_onf(oh->version);
    switch (type) {
    case OFPTYPE_FLOW_MONITOR_STATS_REQUEST:
        return (onf ? "ONFST_FLOW_MONITOR request"
                : is_nx(oh->version) ? "NXST_FLOW_MONITOR request"
                : "OFPST_FLOW_MONITOR request");
    case OFPTYPE_FLOW_MONITOR_STATS_REPLY:
        return (onf ? "ONFST_FLOW_MONITOR reply"
                : is_nx(oh->version) ? "NXST_FLOW_MONITOR reply"
                : "OFPST_FLOW_MONITOR reply");
    case OFPTYPE_FLOW_MONITOR_CANCEL:
        return onf ? "ONFT_FLOW_MONITOR_CANCEL" : "NXT_FLOW_MONITOR_CANCEL";
    case OFPTYPE_FLOW_MONITOR_PAUSED:
        return onf ? "ONFT_FLOW_MONITOR_PAUSED" : "NXT_FLOW_MONITOR_PAUSED";
    case OFPTYPE_FLOW_MONITOR_RESUMED:
        return (onf ? "ONFT_FLOW_MONITOR_RESUMED"
                : "NXT_FLOW_MONITOR_RESUMED");
    default:
        return "OFPT_UNKNOWN";
    }
}

static void
print_flags(struct ds *s, uint16_t flags)
{
    static const char *const names[] = {
        "initial", "add", "delete", "modify", "actions", "own",
    };
    bool any = false;
    ds_put_cstr(s, " flags=");
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & (1u << i)) {
            ds_put_format(s, "%s%s", any ? "," : "", names[i]);
            any = true;
        }
    }
}

static void
print_match(struct ds *s, const struct match *m)
{
    size_t before = s->length;
    ds_put_char(s, ' ');
    match_format(m, s, OFP_DEFAULT_PRIORITY);
    if (s->length == before + 1) {
        s->length = before;     /* Catch-all: nothing. */
        s->string[before] = '\0';
    }
}

/* Like the reference tool, a request that fails to decode shows only
 * the error, on the header line. */
static void
print_requests(struct ds *out, const struct ofp_header *oh)
{
    struct ds body = DS_EMPTY_INITIALIZER, *s = &body;
    struct ofpbuf msg;
    ofpbuf_use_const(&msg, oh, ntohs(oh->length));
    msg.header = NULL;
    for (;;) {
        struct ofp_monitor_request rq;
        int error = ofp_monitor_request_pull(&msg, &rq);
        if (error == EOF) {
            ds_put_format(out, "\n%s", ds_cstr(&body));
            break;
        } else if (error) {
            ds_put_format(out, " ***decode error: %s***\n",
                          ofperr_get_name(error));
            break;
        }
        ds_put_format(s, " id=%"PRIu32, rq.id);
        if (rq.command == OFP_MONITOR_CMD_DELETE) {
            ds_put_cstr(s, " command=delete\n");
            continue;
        }
        print_flags(s, rq.flags);
        if (rq.out_port != OFPP_NONE) {
            ds_put_cstr(s, " out_port=");
            ofp_format_port(s, rq.out_port);
        }
        if (rq.out_group != OFPG_ANY_) {
            ds_put_format(s, " out_group=%"PRIu32, rq.out_group);
        }
        if (rq.table_id != 0xff) {
            ds_put_format(s, " table=%"PRIu8, rq.table_id);
        }
        print_match(s, &rq.match);
        ds_put_char(s, '\n');
    }
    ds_destroy(&body);
}

static void
print_updates(struct ds *s, const struct ofp_header *oh)
{
    static const char *const events[] = {
        "INITIAL", "ADDED", "DELETED", "MODIFIED", "ABBREV", "PAUSED",
        "RESUMED",
    };
    static const char *const reasons[] = {
        "idle", "hard", "delete", "group_delete", "meter_delete",
        "eviction",
    };
    struct ofpbuf msg, ofpacts;
    ofpbuf_use_const(&msg, oh, ntohs(oh->length));
    msg.header = NULL;
    ofpbuf_init(&ofpacts, 64);
    for (;;) {
        struct ofp_monitor_update u;
        int error = ofp_monitor_update_pull(&msg, &u, &ofpacts);
        if (error == EOF) {
            break;
        } else if (error) {
            ds_put_format(s, " ***decode error: %s***\n",
                          ofperr_get_name(error));
            break;
        }
        ds_put_format(s, " event=%s", events[u.event]);
        if (u.event == OFP_MONITOR_EV_ABBREV) {
            ds_put_format(s, " xid=%#"PRIx32"\n", u.xid);
            continue;
        } else if (u.event == OFP_MONITOR_EV_PAUSED
                   || u.event == OFP_MONITOR_EV_RESUMED) {
            ds_put_char(s, '\n');
            continue;
        }
        if (u.event == OFP_MONITOR_EV_DELETED) {
            if (u.reason < ARRAY_SIZE(reasons)) {
                ds_put_format(s, " reason=%s", reasons[u.reason]);
            } else {
                ds_put_format(s, " reason=%"PRIu16, u.reason);
            }
        }
        ds_put_format(s, " table=%"PRIu8, u.table_id);
        if (u.idle_timeout) {
            ds_put_format(s, " idle_timeout=%"PRIu16, u.idle_timeout);
        }
        if (u.hard_timeout) {
            ds_put_format(s, " hard_timeout=%"PRIu16, u.hard_timeout);
        }
        ds_put_format(s, " cookie=%#"PRIx64, ntohll(u.cookie));
        print_match(s, &u.match);
        if (u.ofpacts_len) {
            ds_put_cstr(s, " actions=");
            ofpacts_format(u.ofpacts, u.ofpacts_len, s);
        }
        ds_put_char(s, '\n');
    }
    ofpbuf_uninit(&ofpacts);
}

void
ofp_monitor_print(struct ds *s, const struct ofp_header *oh,
                  enum ofptype type)
{
    switch (type) {
    case OFPTYPE_FLOW_MONITOR_STATS_REQUEST:
        print_requests(s, oh);
        break;
    case OFPTYPE_FLOW_MONITOR_STATS_REPLY:
        ds_put_char(s, '\n');
        print_updates(s, oh);
        break;
    case OFPTYPE_FLOW_MONITOR_CANCEL: {
        uint32_t id;
        if (!ofp_monitor_cancel_decode(oh, &id)) {
            ds_put_format(s, " id=%"PRIu32, id);
        }
        ds_put_char(s, '\n');
        break;
    }
    default:
        ds_put_char(s, '\n');
        break;
    }
}
