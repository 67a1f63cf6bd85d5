/* ofp-flow.c -- flows in ovs-ofctl(8) text: match, flow-mod keywords and
 * actions ("table=0,priority=10,in_port=1,actions=output:2").
 *
 * ofp_flow_parse() cuts the text at the top-level "actions=" (which must
 * be last), removes the keywords that are not match fields (table,
 * cookie, timeouts, flags, out_port...) from the rest, and hands what is
 * left to match_parse() (lib/match.c), so the match syntax is defined in
 * one place.  The actions go to ofpacts_parse(). */
#include <config.h>
#include "ofp-actions.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "ofpbuf.h"
#include "util.h"

static char *
parse_u64(const char *name, const char *value, uint64_t max, uint64_t *out)
{
    char *end;
    if (!value || !*value || *value == '-') {
        return xasprintf("field %s missing value", name);
    }
    errno = 0;
    unsigned long long x = strtoull(value, &end, 0);
    if (*end || errno || x > max) {
        return xasprintf("%s: invalid value \"%s\"", name, value);
    }
    *out = x;
    return NULL;
}

/* Finds "actions=" as a keyword at top level in 's' (at the start or
 * after a comma or space).  Returns its position or NULL. */
static char *
find_actions(char *s)
{
    for (char *p = s; (p = strstr(p, "actions=")) != NULL; p++) {
        if (p == s || p[-1] == ',' || p[-1] == ' ' || p[-1] == '\t') {
            return p;
        }
    }
    return NULL;
}

/* Handles one non-match keyword.  Returns true if 'key' was one (with
 * '*error' set on a bad value), false to pass it on to match_parse(). */
static bool
parse_flow_keyword(const char *key, const char *value,
                   struct ofp_flow_spec *fs, char **error)
{
    uint64_t x = 0;
    static const struct {
        const char *name;
        uint16_t flag;
    } flags[] = {
        { "send_flow_rem", OFPFF_SEND_FLOW_REM },
        { "check_overlap", OFPFF_CHECK_OVERLAP },
        { "reset_counts", OFPFF_RESET_COUNTS },
        { "no_packet_counts", OFPFF_NO_PKT_COUNTS },
        { "no_byte_counts", OFPFF_NO_BYT_COUNTS },
    };

    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        if (!strcmp(key, flags[i].name) && !value) {
            fs->flags |= flags[i].flag;
            return true;
        }
    }
    if (!strcmp(key, "table")) {
        *error = parse_u64(key, value, 255, &x);
        fs->table_id = x;
    } else if (!strcmp(key, "cookie")) {
        char *copy = xstrdup(value ? value : "");
        char *slash = strchr(copy, '/');
        uint64_t mask = UINT64_MAX;
        if (slash) {
            *slash = '\0';
            *error = parse_u64("cookie mask", slash + 1, UINT64_MAX, &mask);
        }
        if (!*error) {
            *error = parse_u64(key, copy, UINT64_MAX, &x);
        }
        free(copy);
        fs->cookie = htonll(x);
        fs->cookie_mask = htonll(mask);
    } else if (!strcmp(key, "idle_timeout")) {
        *error = parse_u64(key, value, UINT16_MAX, &x);
        fs->idle_timeout = x;
    } else if (!strcmp(key, "hard_timeout")) {
        *error = parse_u64(key, value, UINT16_MAX, &x);
        fs->hard_timeout = x;
    } else if (!strcmp(key, "importance")) {
        *error = parse_u64(key, value, UINT16_MAX, &x);
        fs->importance = x;
    } else if (!strcmp(key, "out_port")) {
        struct ofpbuf tmp;
        ofpbuf_init(&tmp, 16);
        /* Reuse the action parser's port syntax via "output:". */
        char *s = xasprintf("output:%s", value ? value : "");
        *error = ofpacts_parse(s, &tmp);
        if (!*error) {
            const struct ofpact *a = tmp.data;
            fs->out_port = (a->type == OFPACT_OUTPUT
                            ? ofpact_get_OUTPUT(a)->port : OFPP_CONTROLLER);
        }
        free(s);
        ofpbuf_uninit(&tmp);
    } else if (!strcmp(key, "out_group")) {
        *error = parse_u64(key, value, UINT32_MAX, &x);
        fs->out_group = x;
    } else if (!strcmp(key, "duration") || !strcmp(key, "n_packets")
               || !strcmp(key, "n_bytes") || !strcmp(key, "idle_age")
               || !strcmp(key, "hard_age")) {
        /* dump-flows output fields: ignored, as ovs-ofctl does. */
    } else {
        return false;
    }
    return true;
}

char *
ofp_flow_parse(const char *s, int command, struct ofp_flow_spec *fs,
               struct ofpbuf *ofpacts)
{
    memset(fs, 0, sizeof *fs);
    fs->priority = OFP_DEFAULT_PRIORITY;
    fs->table_id = 0xff;
    fs->out_port = OFPP_NONE;
    fs->out_group = UINT32_MAX;

    char *copy = xstrdup(s);
    char *error = NULL;
    char *acts = find_actions(copy);
    if (acts) {
        *acts = '\0';
        acts += strlen("actions=");
        fs->has_actions = true;
    }
    bool is_delete = (command == OFPFC_DELETE
                      || command == OFPFC_DELETE_STRICT);
    if (command >= 0 && !is_delete && !acts) {
        error = xstrdup("must specify an action");
        goto out;
    }
    if (is_delete && acts) {
        error = xstrdup("actions are not allowed here");
        goto out;
    }

    /* Rebuild the match part without the non-match keywords. */
    struct ds match_s;
    ds_init(&match_s);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ", \t", &save); tok;
         tok = strtok_r(NULL, ", \t", &save)) {
        char *eq = strchr(tok, '=');
        char *value = NULL;
        char *key = eq ? xmemdup0(tok, eq - tok) : xstrdup(tok);
        if (eq) {
            value = eq + 1;
        }
        bool handled = parse_flow_keyword(key, value, fs, &error);
        free(key);
        if (error) {
            ds_destroy(&match_s);
            goto out;
        }
        if (!handled) {
            if (match_s.length) {
                ds_put_char(&match_s, ',');
            }
            ds_put_cstr(&match_s, tok);
        }
    }
    error = match_parse(ds_cstr(&match_s), &fs->match, &fs->priority);
    ds_destroy(&match_s);
    if (error || !acts) {
        goto out;
    }
    error = ofpacts_parse(acts, ofpacts);
    if (!error) {
        error = ofpacts_check(ofpacts->data, ofpacts->size, NULL,
                              fs->table_id);
    }
out:
    free(copy);
    return error;
}

void
ofp_flow_format(const struct ofp_flow_spec *fs,
                const struct ofpact *ofpacts, size_t len, struct ds *s)
{
    if (fs->cookie) {
        ds_put_format(s, "cookie=%#"PRIx64", ", ntohll(fs->cookie));
    }
    if (fs->table_id && fs->table_id != 0xff) {
        ds_put_format(s, "table=%"PRIu8", ", fs->table_id);
    }
    if (fs->idle_timeout) {
        ds_put_format(s, "idle_timeout=%"PRIu16", ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ds_put_format(s, "hard_timeout=%"PRIu16", ", fs->hard_timeout);
    }
    if (fs->importance) {
        ds_put_format(s, "importance=%"PRIu16", ", fs->importance);
    }
    size_t before = s->length;
    match_format(&fs->match, s, fs->priority);
    if (s->length != before) {
        ds_put_char(s, ' ');
    }
    ds_put_cstr(s, "actions=");
    ofpacts_format(ofpacts, len, s);
}
