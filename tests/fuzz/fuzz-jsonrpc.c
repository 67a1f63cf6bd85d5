/* fuzz-jsonrpc.c -- fuzz target for JSON-RPC framing and messages.
 *
 * The input is a byte stream as a peer would send it.  It goes through
 * struct jsonrpc_reader, the framing that jsonrpc_recv() uses (bytes to
 * messages, with the size limit), twice: once handed over whole, once in
 * pieces of random sizes (chosen from the input itself, so runs
 * reproduce).  The size limit is also chosen from the input, small or
 * large.  It checks, aborting on any failure:
 *
 *   - both runs give the same messages and end the same way (EAGAIN, or
 *     EPROTO at the same point): framing must not depend on how the bytes
 *     arrive;
 *   - the reader always makes progress and never claims more bytes than
 *     it was given; after EPROTO it stays dead;
 *   - every message it returns is valid, converts to JSON and back to an
 *     equal message, and prints for the log.
 *
 * Logging is turned off: protocol errors are expected here. */

#include <config.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "fuzz.h"
#include "json.h"
#include "jsonrpc.h"
#include "util.h"
#include "vlog.h"

/* Checks MSG thoroughly and appends its JSON text and a newline to OUT.
 * Frees MSG. */
static void
check_message(struct jsonrpc_msg *msg, struct ds *out)
{
    char *error = jsonrpc_msg_is_valid(msg);
    FUZZ_CHECK(!error);

    char *s = jsonrpc_msg_to_string(msg);
    FUZZ_CHECK(s && s[0]);
    free(s);

    enum jsonrpc_msg_type type = msg->type;
    struct json *json = jsonrpc_msg_to_json(msg);
    struct json *copy = json_deep_clone(json);
    struct jsonrpc_msg *again;
    error = jsonrpc_msg_from_json(json, &again);
    FUZZ_CHECK(!error && again);
    FUZZ_CHECK(again->type == type);

    struct json *json2 = jsonrpc_msg_to_json(again);
    FUZZ_CHECK(json_equal(copy, json2));
    json_to_ds(copy, JSSF_SORT, out);
    ds_put_char(out, '\n');
    json_destroy(copy);
    json_destroy(json2);
}

/* Feeds DATA to a fresh reader with limit MAX_SIZE, in pieces of random
 * sizes if RNG is nonnull, else whole.  Records the messages and the final
 * result in OUT. */
static void
run_reader(const uint8_t *data, size_t size, size_t max_size,
           struct fuzz_rng *rng, struct ds *out)
{
    struct jsonrpc_reader *r = jsonrpc_reader_create("fuzz", max_size);
    size_t ofs = 0;
    int error = EAGAIN;

    while (ofs < size) {
        size_t n = size - ofs;
        if (rng) {
            size_t piece = 1 + fuzz_rng_range(rng, 64);
            n = MIN(n, piece);
        }

        struct jsonrpc_msg *msg;
        size_t used;
        error = jsonrpc_reader_feed(r, (const char *) data + ofs, n, &used,
                                    &msg);
        FUZZ_CHECK(used <= n);
        ofs += used;
        if (!error) {
            FUZZ_CHECK(msg);
            check_message(msg, out);
        } else {
            FUZZ_CHECK(!msg);
            if (error == EPROTO) {
                /* Dead for good. */
                FUZZ_CHECK(jsonrpc_reader_feed(r, "{}", 2, &used, &msg)
                           == EPROTO);
                FUZZ_CHECK(!used && !msg);
                break;
            }
            FUZZ_CHECK(error == EAGAIN);
            FUZZ_CHECK(used == n);      /* EAGAIN: it took everything. */
        }
    }
    ds_put_format(out, "%s at %zu%s", error == EPROTO ? "EPROTO" : "EAGAIN",
                  error == EPROTO ? ofs : size,
                  (error != EPROTO && jsonrpc_reader_in_message(r)
                   ? " (partial)" : ""));
    jsonrpc_reader_destroy(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool initialized;
    if (!initialized) {
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
        initialized = true;
    }

    struct fuzz_rng rng;
    fuzz_rng_init(&rng, data, size);

    /* Mostly a limit the input cannot reach; sometimes a small one, so
     * that the limit itself gets exercised. */
    size_t max_size = (fuzz_rng_range(&rng, 4)
                       ? JSONRPC_DEFAULT_MAX_MSG_SIZE
                       : 1 + fuzz_rng_range(&rng, 256));

    struct ds whole = DS_EMPTY_INITIALIZER;
    struct ds pieces = DS_EMPTY_INITIALIZER;
    run_reader(data, size, max_size, NULL, &whole);
    run_reader(data, size, max_size, &rng, &pieces);
    if (strcmp(ds_cstr(&whole), ds_cstr(&pieces))) {
        fprintf(stderr, "whole:\n%s\npieces:\n%s\n", ds_cstr(&whole),
                ds_cstr(&pieces));
        FUZZ_CHECK(!"framing depends on how the input is split");
    }
    ds_destroy(&whole);
    ds_destroy(&pieces);
    return 0;
}
