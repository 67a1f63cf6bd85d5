/* ofp-meter.c -- OpenFlow meters on the wire and as text.  See
 * ofp-meter.h.
 *
 * Layouts (OpenFlow 1.3-1.5, big-endian, offsets from the start of each
 * structure):
 *
 *   METER_MOD body: command(2) flags(2) meter_id(4), then bands.
 *   Band: type(2) len(2) rate(4) burst_size(4), then 4 bytes: padding
 *     (drop), prec_level(1) pad(3) (dscp_remark) or an experimenter id.
 *   Meter stats and config requests: meter_id(4) pad(4).
 *   METER_CONFIG entry: length(2) flags(2) meter_id(4), then bands.
 *   METER_STATS entry: meter_id(4) len(2) pad(6) flow_count(4)
 *     packet_in_count(8) byte_in_count(8) duration_sec(4)
 *     duration_nsec(4), then per band packet_band_count(8)
 *     byte_band_count(8).
 *   METER_FEATURES reply: max_meter(4) band_types(4) capabilities(4)
 *     max_bands(1) max_color(1) pad(2).  OpenFlow 1.5 defines a longer
 *     one; Open vSwitch sends this layout in every version, and so do we.
 *
 * Every reader checks each length against what remains before touching
 * the bytes it covers. */
#include <config.h>
#include "ofp-meter.h"

#include <errno.h>
#include <inttypes.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynamic-string.h"
#include "ofp-bytes.h"
#include "ofpbuf.h"
#include "util.h"

enum {
    BAND_LEN = 16,
    REQUEST_LEN = 8,
    CONFIG_HDR_LEN = 8,
    STATS_HDR_LEN = 40,
    BAND_STATS_LEN = 16,
    FEATURES_LEN = 16,
};

/* Configurations. */

void
ofp_meter_config_uninit(struct ofp_meter_config *mc)
{
    if (mc) {
        free(mc->bands);
        mc->bands = NULL;
        mc->n_bands = 0;
    }
}

void
ofp_meter_config_clone(struct ofp_meter_config *dst,
                       const struct ofp_meter_config *src)
{
    *dst = *src;
    dst->bands = (src->n_bands
                  ? xmemdup(src->bands, src->n_bands * sizeof *src->bands)
                  : NULL);
}

static void
add_band(struct ofp_meter_config *mc, const struct ofp_meter_band *band)
{
    mc->bands = xrealloc(mc->bands, (mc->n_bands + 1) * sizeof *mc->bands);
    mc->bands[mc->n_bands++] = *band;
}

/* Encoding. */

static void
put_bands(struct ofpbuf *b, const struct ofp_meter_config *mc)
{
    for (size_t i = 0; i < mc->n_bands; i++) {
        const struct ofp_meter_band *band = &mc->bands[i];
        uint8_t *p = ofpbuf_put_zeros(b, BAND_LEN);

        put16(p, band->type);
        put16(p + 2, BAND_LEN);
        put32(p + 4, band->rate);
        put32(p + 8, band->burst_size);
        if (band->type == OFPMBT_DSCP_REMARK) {
            p[12] = band->prec_level;
        }
    }
}

struct ofpbuf *
ofp_meter_mod_encode(const struct ofp_meter_mod *mm, int version)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_METER_MOD, version, 0, 8);
    uint8_t *p = b->msg;

    put16(p, mm->command);
    put16(p + 2, mm->meter.flags);
    put32(p + 4, mm->meter.meter_id);
    put_bands(b, &mm->meter);
    ofpmsg_update_length(b);
    return b;
}

/* Decoding. */

/* Reads the 'len' bytes of bands at 'p' into 'mc'. */
static enum ofperr
pull_bands(struct ofp_meter_config *mc, const uint8_t *p, size_t len)
{
    while (len) {
        struct ofp_meter_band band;
        size_t blen;

        if (len < BAND_LEN) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        blen = get16(p + 2);
        if (blen < BAND_LEN || blen > len || blen % 8) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        memset(&band, 0, sizeof band);
        band.type = get16(p);
        band.rate = get32(p + 4);
        band.burst_size = get32(p + 8);
        switch (band.type) {
        case OFPMBT_DROP:
            break;
        case OFPMBT_DSCP_REMARK:
            band.prec_level = p[12];
            break;
        default:
            /* Experimenter bands (no experimenter's are known here) and
             * unknown types alike. */
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        add_band(mc, &band);
        p += blen;
        len -= blen;
    }
    return 0;
}

static enum ofperr
check_flags(uint16_t flags)
{
    if (flags & ~OFPMF_ALL) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    if ((flags & (OFPMF_KBPS | OFPMF_PKTPS)) == (OFPMF_KBPS | OFPMF_PKTPS)) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    return 0;
}

enum ofperr
ofp_meter_mod_decode(struct ofp_meter_mod *mm, const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);
    enum ofperr error;

    memset(mm, 0, sizeof *mm);
    if (len < 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    mm->command = get16(p);
    mm->meter.flags = get16(p + 2);
    mm->meter.meter_id = get32(p + 4);
    if (mm->command > OFPMC_DELETE) {
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
    error = check_flags(mm->meter.flags);
    if (!error) {
        error = pull_bands(&mm->meter, p + 8, len - 8);
    }
    if (error) {
        ofp_meter_config_uninit(&mm->meter);
    }
    return error;
}

/* Requests. */

struct ofpbuf *
ofp_meter_request_encode(enum ofptype type, int version, uint32_t meter_id)
{
    struct ofpbuf *b = ofpmsg_new(type, version, 0, REQUEST_LEN);

    put32(b->msg, meter_id);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_meter_request_decode(const struct ofp_header *oh, uint32_t *meter_id)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    *meter_id = OFPM_ALL;
    if (len < REQUEST_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *meter_id = get32(p);
    return 0;
}

struct ofpbuf *
ofp_meter_features_request_encode(int version)
{
    struct ofpbuf *b = ofpmsg_new(OFPTYPE_METER_FEATURES_STATS_REQUEST,
                                  version, 0, 0);
    ofpmsg_update_length(b);
    return b;
}

/* Config replies. */

void
ofp_meter_config_put(const struct ofp_meter_config *mc,
                     struct ofp_multipart *mp)
{
    struct ofpbuf b;
    uint8_t *p;

    ofpbuf_init(&b, CONFIG_HDR_LEN + BAND_LEN * mc->n_bands);
    ofpbuf_put_zeros(&b, CONFIG_HDR_LEN);
    put_bands(&b, mc);
    p = b.data;
    put16(p, b.size);
    put16(p + 2, mc->flags);
    put32(p + 4, mc->meter_id);
    memcpy(ofp_multipart_put(mp, b.size), b.data, b.size);
    ofpbuf_uninit(&b);
}

int
ofp_meter_config_pull(struct ofp_meter_config *mc, struct ofpbuf *msg)
{
    ofpmsg_multipart_begin(msg);
    const uint8_t *p = msg->data;
    enum ofperr error;
    size_t len;

    memset(mc, 0, sizeof *mc);
    if (!msg->size) {
        return EOF;
    }
    if (msg->size < CONFIG_HDR_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    len = get16(p);
    if (len < CONFIG_HDR_LEN || len > msg->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    mc->flags = get16(p + 2);
    mc->meter_id = get32(p + 4);
    error = pull_bands(mc, p + CONFIG_HDR_LEN, len - CONFIG_HDR_LEN);
    if (error) {
        ofp_meter_config_uninit(mc);
        return error;
    }
    ofpbuf_pull(msg, len);
    return 0;
}

/* Stats replies. */

void
ofp_meter_stats_put(const struct ofp_meter_stats *ms,
                    struct ofp_multipart *mp)
{
    size_t len = STATS_HDR_LEN + BAND_STATS_LEN * ms->n_bands;
    uint8_t *p = ofp_multipart_put(mp, len);

    put32(p, ms->meter_id);
    put16(p + 4, len);
    put32(p + 12, ms->flow_count);
    put64(p + 16, ms->packet_in_count);
    put64(p + 24, ms->byte_in_count);
    put32(p + 32, ms->duration_sec);
    put32(p + 36, ms->duration_nsec);
    for (size_t i = 0; i < ms->n_bands; i++) {
        uint8_t *q = p + STATS_HDR_LEN + BAND_STATS_LEN * i;
        put64(q, ms->bands[i].packet_count);
        put64(q + 8, ms->bands[i].byte_count);
    }
}

int
ofp_meter_stats_pull(struct ofp_meter_stats *ms, struct ofpbuf *msg)
{
    ofpmsg_multipart_begin(msg);
    const uint8_t *p = msg->data;
    size_t len;

    memset(ms, 0, sizeof *ms);
    if (!msg->size) {
        return EOF;
    }
    if (msg->size < STATS_HDR_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    len = get16(p + 4);
    if (len < STATS_HDR_LEN || len > msg->size
        || (len - STATS_HDR_LEN) % BAND_STATS_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ms->meter_id = get32(p);
    ms->flow_count = get32(p + 12);
    ms->packet_in_count = get64(p + 16);
    ms->byte_in_count = get64(p + 24);
    ms->duration_sec = get32(p + 32);
    ms->duration_nsec = get32(p + 36);
    ms->n_bands = (len - STATS_HDR_LEN) / BAND_STATS_LEN;
    ms->bands = xcalloc(ms->n_bands + 1, sizeof *ms->bands);
    for (size_t i = 0; i < ms->n_bands; i++) {
        const uint8_t *q = p + STATS_HDR_LEN + BAND_STATS_LEN * i;
        ms->bands[i].packet_count = get64(q);
        ms->bands[i].byte_count = get64(q + 8);
    }
    ofpbuf_pull(msg, len);
    return 0;
}

/* Features. */

struct ofpbuf *
ofp_meter_features_reply_encode(const struct ofp_meter_features *mf,
                                const struct ofp_header *request)
{
    struct ofpbuf *b = ofpmsg_new_reply(OFPTYPE_METER_FEATURES_STATS_REPLY,
                                        request, FEATURES_LEN);
    uint8_t *p = b->msg;

    put32(p, mf->max_meters);
    put32(p + 4, mf->band_types);
    put32(p + 8, mf->capabilities);
    p[12] = mf->max_bands;
    p[13] = mf->max_color;
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_meter_features_reply_decode(struct ofp_meter_features *mf,
                                const struct ofp_header *oh)
{
    size_t len;
    const uint8_t *p = ofpmsg_body(oh, &len);

    memset(mf, 0, sizeof *mf);
    if (len < FEATURES_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    mf->max_meters = get32(p);
    mf->band_types = get32(p + 4);
    mf->capabilities = get32(p + 8);
    mf->max_bands = p[12];
    mf->max_color = p[13];
    return 0;
}

/* Text: parsing. */

/* Returns the next item of 's', delimited by spaces or commas
 * (NUL-terminated in place), or NULL at the end. */
static char *
next_item(char **sp)
{
    char *s = *sp + strspn(*sp, " \t,");
    char *start = s;

    if (!*s) {
        *sp = s;
        return NULL;
    }
    s += strcspn(s, " \t,");
    if (*s) {
        *s++ = '\0';
    }
    *sp = s;
    return start;
}

static char * OVS_WARN_UNUSED_RESULT
parse_u32(const char *s, uint32_t *out)
{
    char *end;
    unsigned long long x;

    errno = 0;
    x = strtoull(s, &end, 0);
    if (!*s || *end || errno || x > UINT32_MAX || s[0] == '-') {
        return xasprintf("invalid numeric format %s", s);
    }
    *out = x;
    return NULL;
}

/* A meter id: a number up to OFPM_MAX or a reserved name. */
static char * OVS_WARN_UNUSED_RESULT
parse_meter_id(const char *s, uint32_t *id)
{
    char *end;
    unsigned long long x;

    if (!strcmp(s, "all")) {
        *id = OFPM_ALL;
    } else if (!strcmp(s, "controller")) {
        *id = OFPM_CONTROLLER;
    } else if (!strcmp(s, "slowpath")) {
        *id = OFPM_SLOWPATH;
    } else {
        errno = 0;
        x = strtoull(s, &end, 0);
        if (!*s || *end || errno || x > OFPM_MAX || s[0] == '-') {
            return xstrdup("invalid value for meter");
        }
        *id = x;
    }
    return NULL;
}

/* Parses the bands that follow "bands=" ('first' is the rest of that
 * item, then the items of '*sp'). */
static char * OVS_WARN_UNUSED_RESULT
parse_bands(struct ofp_meter_config *mc, char *first, char **sp)
{
    struct ofp_meter_band band;
    bool in_band = false;
    char *item = first[0] ? first : next_item(sp);

    for (;; item = next_item(sp)) {
        char *key, *value;

        if (!item || !strncmp(item, "type=", 5)) {
            /* Closes the band before.  As with Open vSwitch's tool, a
             * value of 0 counts as absent. */
            if (in_band) {
                if (!band.rate) {
                    return xstrdup("band must have 'rate'");
                }
                if (band.burst_size && !(mc->flags & OFPMF_BURST)) {
                    return xstrdup("band may have 'burst_size' only when "
                                   "'burst' flag is set");
                }
                if (!band.burst_size && (mc->flags & OFPMF_BURST)) {
                    return xstrdup("band must have 'burst_size' when "
                                   "'burst' flag is set");
                }
                if (band.type == OFPMBT_DSCP_REMARK && !band.prec_level) {
                    return xstrdup("'dscp_remark' band must have "
                                   "'prec_level'");
                }
                if (band.prec_level && band.type != OFPMBT_DSCP_REMARK) {
                    return xstrdup("Only 'dscp_remark' band may have "
                                   "'prec_level'");
                }
                add_band(mc, &band);
            }
            if (!item) {
                break;
            }
            memset(&band, 0, sizeof band);
            in_band = true;
        } else if (!in_band) {
            return xstrdup("band must start with the 'type' keyword");
        }

        key = item;
        value = strchr(item, '=');
        if (!value) {
            return xasprintf("field %s missing value", key);
        }
        *value++ = '\0';
        char *error = NULL;
        uint32_t x = 0;
        if (!strcmp(key, "type")) {
            if (!strcmp(value, "drop")) {
                band.type = OFPMBT_DROP;
            } else if (!strcmp(value, "dscp_remark")) {
                band.type = OFPMBT_DSCP_REMARK;
            } else {
                return xasprintf("field type unknown value %s", value);
            }
        } else if (!strcmp(key, "rate")) {
            error = parse_u32(value, &band.rate);
        } else if (!strcmp(key, "burst_size")) {
            error = parse_u32(value, &band.burst_size);
        } else if (!strcmp(key, "prec_level")) {
            error = parse_u32(value, &x);
            if (!error && x > UINT8_MAX) {
                error = xasprintf("invalid numeric format %s", value);
            }
            band.prec_level = x;
        } else {
            return xasprintf("unknown keyword %s", key);
        }
        if (error) {
            return error;
        }
    }
    if (!mc->n_bands) {
        return xstrdup("meter must have bands");
    }
    return NULL;
}

static char * OVS_WARN_UNUSED_RESULT
parse_meter(struct ofp_meter_mod *mm, uint16_t command, char *s)
{
    struct ofp_meter_config *mc = &mm->meter;
    bool has_id = false, has_bands = false;
    char *item;

    while ((item = next_item(&s)) != NULL) {
        char *value = strchr(item, '=');
        char *error;

        if (value) {
            *value++ = '\0';
        }
        if (!strcmp(item, "kbps")) {
            mc->flags |= OFPMF_KBPS;
        } else if (!strcmp(item, "pktps")) {
            mc->flags |= OFPMF_PKTPS;
        } else if (!strcmp(item, "burst")) {
            mc->flags |= OFPMF_BURST;
        } else if (!strcmp(item, "stats")) {
            mc->flags |= OFPMF_STATS;
        } else if (!value) {
            return xasprintf("field %s missing value", item);
        } else if (!strcmp(item, "meter")) {
            error = parse_meter_id(value, &mc->meter_id);
            if (error) {
                return error;
            }
            has_id = true;
        } else if (!strcmp(item, "bands")) {
            if (command == OFPMC_DELETE) {
                return xstrdup("bands are not allowed in a meter delete");
            }
            error = parse_bands(mc, value, &s);
            if (error) {
                return error;
            }
            has_bands = true;
        } else {
            return xasprintf("unknown keyword %s", item);
        }
    }
    if (!has_id) {
        if (command != OFPMC_DELETE) {
            return xstrdup("must specify 'meter'");
        }
        mc->meter_id = OFPM_ALL;
    }
    if (command != OFPMC_DELETE && !has_bands) {
        return xstrdup("must specify bands");
    }
    return NULL;
}

char *
ofp_meter_mod_parse(struct ofp_meter_mod *mm, uint16_t command,
                    const char *s)
{
    char *copy = xstrdup(s ? s : "");
    char *error;

    memset(mm, 0, sizeof *mm);
    mm->command = command;
    error = parse_meter(mm, command, copy);
    free(copy);
    if (error) {
        ofp_meter_config_uninit(&mm->meter);
    }
    return error;
}

char *
ofp_meter_id_parse(const char *s, uint32_t *meter_id)
{
    struct ofp_meter_mod mm;
    char *error = ofp_meter_mod_parse(&mm, OFPMC_DELETE, s);

    if (!error && mm.meter.flags) {
        error = xstrdup("only 'meter' may be given here");
    }
    *meter_id = error ? OFPM_ALL : mm.meter.meter_id;
    ofp_meter_config_uninit(&mm.meter);
    return error;
}

/* Text: printing. */

static void
format_meter_id(struct ds *s, uint32_t id)
{
    switch (id) {
    case OFPM_ALL: ds_put_cstr(s, "all"); break;
    case OFPM_CONTROLLER: ds_put_cstr(s, "controller"); break;
    case OFPM_SLOWPATH: ds_put_cstr(s, "slowpath"); break;
    default: ds_put_format(s, "%"PRIu32, id); break;
    }
}

void
ofp_meter_config_format(struct ds *s, const struct ofp_meter_config *mc)
{
    static const struct { uint16_t bit; const char *name; } flags[] = {
        { OFPMF_KBPS, "kbps" }, { OFPMF_PKTPS, "pktps" },
        { OFPMF_BURST, "burst" }, { OFPMF_STATS, "stats" },
    };

    ds_put_cstr(s, "meter=");
    format_meter_id(s, mc->meter_id);
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        if (mc->flags & flags[i].bit) {
            ds_put_format(s, " %s", flags[i].name);
        }
    }
    ds_put_cstr(s, " bands=");
    for (size_t i = 0; i < mc->n_bands; i++) {
        const struct ofp_meter_band *band = &mc->bands[i];

        ds_put_cstr(s, "\ntype=");
        if (band->type == OFPMBT_DROP) {
            ds_put_cstr(s, "drop");
        } else if (band->type == OFPMBT_DSCP_REMARK) {
            ds_put_cstr(s, "dscp_remark");
        } else {
            ds_put_format(s, "%"PRIu16, band->type);
        }
        ds_put_format(s, " rate=%"PRIu32, band->rate);
        if (mc->flags & OFPMF_BURST) {
            ds_put_format(s, " burst_size=%"PRIu32, band->burst_size);
        }
        if (band->type == OFPMBT_DSCP_REMARK) {
            ds_put_format(s, " prec_level=%"PRIu8, band->prec_level);
        }
    }
}

/* "duration:1.500s": milliseconds always, finer digits if not zero. */
static void
format_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    char frac[16];
    int n = snprintf(frac, sizeof frac, "%09"PRIu32, nsec % 1000000000);

    while (n > 3 && frac[n - 1] == '0') {
        n--;
    }
    ds_put_format(s, "duration:%"PRIu32".%.*ss", sec, n, frac);
}

static void
print_decode_error(struct ds *s, int error)
{
    ds_put_format(s, "***decode error: %s***\n",
                  ofperr_get_name(error));
}

static void
print_meter_mod(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_meter_mod mm;
    enum ofperr error = ofp_meter_mod_decode(&mm, oh);

    ds_put_char(s, ' ');
    if (error) {
        /* With the bytes, as Open vSwitch prints a message it cannot
         * decode. */
        print_decode_error(s, error);
        ds_put_hex_dump(s, oh, ntohs(oh->length), 0, true);
        return;
    }
    ds_put_cstr(s, (mm.command == OFPMC_ADD ? "ADD "
                    : mm.command == OFPMC_MODIFY ? "MOD " : "DEL "));
    ofp_meter_config_format(s, &mm.meter);
    ds_put_char(s, '\n');
    ofp_meter_config_uninit(&mm.meter);
}

static void
print_request(struct ds *s, const struct ofp_header *oh)
{
    uint32_t id;
    enum ofperr error = ofp_meter_request_decode(oh, &id);

    ds_put_char(s, ' ');
    if (error) {
        print_decode_error(s, error);
        return;
    }
    ds_put_cstr(s, "meter=");
    format_meter_id(s, id);
    ds_put_char(s, '\n');
}

static void
print_config_reply(struct ds *s, const struct ofp_header *oh, size_t len)
{
    struct ofp_meter_config mc;
    struct ofpbuf msg;
    bool first = true;
    int error;

    ofpbuf_use_const(&msg, oh, len);
    while (!(error = ofp_meter_config_pull(&mc, &msg))) {
        ds_put_cstr(s, first ? "\n" : "\n\n");
        ofp_meter_config_format(s, &mc);
        ofp_meter_config_uninit(&mc);
        first = false;
    }
    ds_put_char(s, '\n');
    if (error != EOF) {
        print_decode_error(s, error);
    }
}

static void
print_stats_reply(struct ds *s, const struct ofp_header *oh, size_t len)
{
    struct ofp_meter_stats ms;
    struct ofpbuf msg;
    bool first = true;
    int error;

    ofpbuf_use_const(&msg, oh, len);
    while (!(error = ofp_meter_stats_pull(&ms, &msg))) {
        ds_put_cstr(s, first ? "\n" : "\n\n");
        ds_put_format(s, "meter:%"PRIu32" flow_count:%"PRIu32
                      " packet_in_count:%"PRIu64" byte_in_count:%"PRIu64" ",
                      ms.meter_id, ms.flow_count, ms.packet_in_count,
                      ms.byte_in_count);
        format_duration(s, ms.duration_sec, ms.duration_nsec);
        ds_put_cstr(s, " bands:");
        for (size_t i = 0; i < ms.n_bands; i++) {
            ds_put_format(s, "\n%zu: packet_count:%"PRIu64
                          " byte_count:%"PRIu64, i,
                          ms.bands[i].packet_count, ms.bands[i].byte_count);
        }
        free(ms.bands);
        first = false;
    }
    ds_put_char(s, '\n');
    if (error != EOF) {
        print_decode_error(s, error);
    }
}

static void
print_features_reply(struct ds *s, const struct ofp_header *oh)
{
    static const struct { uint32_t bit; const char *name; } caps[] = {
        { OFPMF_KBPS, "kbps" }, { OFPMF_PKTPS, "pktps" },
        { OFPMF_BURST, "burst" }, { OFPMF_STATS, "stats" },
    };
    struct ofp_meter_features mf;
    enum ofperr error = ofp_meter_features_reply_decode(&mf, oh);

    if (error) {
        ds_put_char(s, ' ');
        print_decode_error(s, error);
        return;
    }
    ds_put_format(s, "\nmax_meter:%"PRIu32" max_bands:%"PRIu8
                  " max_color:%"PRIu8"\n", mf.max_meters, mf.max_bands,
                  mf.max_color);
    /* An empty set prints as "0". */
    ds_put_cstr(s, "band_types:");
    if (mf.band_types & (1u << OFPMBT_DROP)) {
        ds_put_cstr(s, " drop");
    }
    if (mf.band_types & (1u << OFPMBT_DSCP_REMARK)) {
        ds_put_cstr(s, " dscp_remark");
    }
    if (!(mf.band_types
          & ((1u << OFPMBT_DROP) | (1u << OFPMBT_DSCP_REMARK)))) {
        ds_put_cstr(s, " 0");
    }
    ds_put_cstr(s, "\ncapabilities:");
    for (size_t i = 0; i < ARRAY_SIZE(caps); i++) {
        if (mf.capabilities & caps[i].bit) {
            ds_put_format(s, " %s", caps[i].name);
        }
    }
    if (!(mf.capabilities & OFPMF_ALL)) {
        ds_put_cstr(s, " 0");
    }
    ds_put_char(s, '\n');
}

bool
ofp_meter_print_msg(struct ds *s, const struct ofp_header *oh, size_t len)
{
    enum ofptype type;

    if (ofptype_decode(&type, oh, len)) {
        return false;
    }
    switch (type) {
    case OFPTYPE_METER_MOD:
        print_meter_mod(s, oh);
        return true;
    case OFPTYPE_METER_STATS_REQUEST:
    case OFPTYPE_METER_CONFIG_STATS_REQUEST:
        print_request(s, oh);
        return true;
    case OFPTYPE_METER_FEATURES_STATS_REQUEST:
        ds_put_char(s, '\n');
        return true;
    case OFPTYPE_METER_CONFIG_STATS_REPLY:
        print_config_reply(s, oh, len);
        return true;
    case OFPTYPE_METER_STATS_REPLY:
        print_stats_reply(s, oh, len);
        return true;
    case OFPTYPE_METER_FEATURES_STATS_REPLY:
        print_features_reply(s, oh);
        return true;
    default:
        return false;
    }
}
