/* fuzz-ofp-actions.c -- fuzz target for the ovs-actions(7) text parser
 * (ofpacts_parse()) and the flow parser (ofp_flow_parse()).
 *
 * The first byte picks what the rest is: even, an action list; odd, a
 * whole flow.  Whatever parses must format to text that parses back to
 * an equal ofpact list and formats to the same text (a fixed point).
 * Errors must be non-empty messages; nothing may crash or leak. */
#include <config.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "fuzz.h"
#include "ofp-actions.h"
#include "ofpbuf.h"
#include "util.h"

static void
check_fixed_point(const struct ofpbuf *a)
{
    char *s1 = ofpacts_to_string(a->data, a->size);
    struct ofpbuf b;
    ofpbuf_init(&b, 64);
    char *err = ofpacts_parse(s1, &b);
    if (err) {
        fprintf(stderr, "reparse of \"%s\" failed: %s\n", s1, err);
        abort();
    }
    char *s2 = ofpacts_to_string(b.data, b.size);
    if (strcmp(s1, s2) || !ofpacts_equal(a->data, a->size, b.data, b.size)) {
        fprintf(stderr, "not a fixed point: \"%s\" -> \"%s\"\n", s1, s2);
        abort();
    }
    free(s1);
    free(s2);
    ofpbuf_uninit(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }
    char *s = xmemdup0((const char *) data + 1, size - 1);
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    char *err;
    if (data[0] & 1) {
        struct ofp_flow_spec fs;
        err = ofp_flow_parse(s, -1, &fs, &ofpacts);
    } else {
        err = ofpacts_parse(s, &ofpacts);
    }
    if (err) {
        if (!*err) {
            abort();
        }
        free(err);
    } else {
        check_fixed_point(&ofpacts);
    }
    ofpbuf_uninit(&ofpacts);
    free(s);
    return 0;
}
