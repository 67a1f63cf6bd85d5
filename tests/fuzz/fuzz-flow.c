/* fuzz-flow.c -- fuzz target for flow_extract() and match parsing.
 *
 * The first byte of the input picks what the rest is:
 *
 *   - even: an Ethernet frame.  It is copied to a fresh heap buffer of
 *     exactly its size (so that ASan catches any read past the end), at a
 *     data offset taken from the input (so that any alignment is tried),
 *     and parsed with flow_extract().  Checks: the header offsets lie
 *     inside the frame and in order; parsing is deterministic; the flow's
 *     text (flow_format()) parses without error into a match that matches
 *     the flow itself; flow_hash_masked() under that match's mask equals
 *     flow_hash() of the masked flow.
 *
 *   - odd: match text.  If match_parse() accepts it, match_format()'s
 *     output must parse back to an equal match and format to the same
 *     text (a fixed point); the match must match its own flow. */

#include <config.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dp-packet.h"
#include "dynamic-string.h"
#include "flow.h"
#include "match.h"
#include "fuzz.h"
#include "packets.h"
#include "util.h"

static void
fuzz_packet(const uint8_t *data, size_t size)
{
    size_t align = size ? data[0] % 8 : 0;
    struct dp_packet *p = dp_packet_new_with_headroom(size, align);
    struct flow flow, flow2;

    dp_packet_put(p, data, size);
    p->md.in_port = size > 1 ? data[1] : 0;
    flow_extract(p, &flow);

    uint32_t n = dp_packet_size(p);
    FUZZ_CHECK(p->l3_ofs == UINT16_MAX || p->l3_ofs <= n);
    FUZZ_CHECK(p->l4_ofs == UINT16_MAX || p->l4_ofs <= n);
    FUZZ_CHECK(p->l4_ofs == UINT16_MAX || p->l3_ofs < p->l4_ofs);
    FUZZ_CHECK(p->l2_5_ofs == UINT16_MAX || p->l2_5_ofs <= n);

    flow_extract(p, &flow2);
    FUZZ_CHECK(flow_equal(&flow, &flow2));

    char *s = flow_to_string(&flow);
    struct match m;
    char *error = match_parse(s, &m, NULL);
    if (error) {
        fprintf(stderr, "flow text \"%s\" does not parse: %s\n", s, error);
        abort();
    }
    FUZZ_CHECK(match_matches_flow(&m, &flow));

    struct flow masked = flow;
    flow_zero_wildcards(&masked, &m.wc);
    FUZZ_CHECK(flow_hash_masked(&flow, &m.wc, 1) == flow_hash(&masked, 1));

    free(s);
    dp_packet_delete(p);
}

static void
fuzz_match(const uint8_t *data, size_t size)
{
    char *text = xmemdup0((const char *) data, size);
    struct match m, m2;
    int prio, prio2;
    char *error = match_parse(text, &m, &prio);

    if (!error) {
        char *s = match_to_string(&m, prio);
        error = match_parse(s, &m2, &prio2);
        if (error) {
            fprintf(stderr, "\"%s\" formats as \"%s\", which does not "
                    "parse: %s\n", text, s, error);
            abort();
        }
        FUZZ_CHECK(match_equal(&m, &m2) && prio == prio2);
        char *s2 = match_to_string(&m2, prio2);
        FUZZ_CHECK(!strcmp(s, s2));
        FUZZ_CHECK(match_matches_flow(&m, &m.flow));
        free(s2);
        free(s);
    }
    free(error);
    free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }
    if (data[0] & 1) {
        fuzz_match(data + 1, size - 1);
    } else {
        fuzz_packet(data + 1, size - 1);
    }
    return 0;
}
