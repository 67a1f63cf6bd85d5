/* ofproto-bundle.c -- OpenFlow bundles on the switch (see
 * ofproto-bundle.h).
 *
 * A connection's bundles are kept in a hash map by bundle id.  Each
 * bundle holds copies of the BUNDLE_ADD_MESSAGE messages it was given
 * (already decoded once and found valid), in order, so that at the commit
 * the inner messages can be carried out and a failure can be answered
 * with an error that carries the offending message's xid and bytes.
 *
 * States: a bundle is created OPEN (by OPEN_REQUEST, or implicitly by the
 * first BUNDLE_ADD_MESSAGE naming an unknown id), becomes CLOSED by
 * CLOSE_REQUEST, and disappears with COMMIT_REQUEST (whatever its
 * outcome), DISCARD_REQUEST, an error that the specification says
 * discards it, the idle timeout, or the connection's end. */
#include <config.h>
#include "ofproto-bundle.h"
#include <inttypes.h>
#include <stdlib.h>
#include "coverage.h"
#include "hash.h"
#include "hmap.h"
#include "ofp-bundle.h"
#include "ofpbuf.h"
#include "ofproto.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto_bundle);

COVERAGE_DEFINE(bundle_commit);
COVERAGE_DEFINE(bundle_commit_failed);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

enum bundle_state { BUNDLE_OPEN, BUNDLE_CLOSED };

struct bundle {
    struct hmap_node node;      /* In ofproto_bundles' 'bundles', by id. */
    uint32_t id;
    uint16_t flags;             /* OFPBF_*, fixed when it was created. */
    enum bundle_state state;
    long long int used;         /* Last message for it, time_msec(). */
    struct ofpbuf *first;       /* Copy of the message that created it,
                                 * the data of an OFPBFC_TIMEOUT error. */
    struct ofpbuf **msgs;       /* Copies of its BUNDLE_ADD_MESSAGEs. */
    size_t n_msgs, allocated;
};

struct ofproto_bundles {
    struct hmap bundles;
};

/* The flags this switch implements: every bundle is applied atomically
 * and in order, so both may be asked for.  Scheduled commits (1.5's
 * OFPBF_TIME) are not implemented. */
#define SUPPORTED_FLAGS (OFPBF_ATOMIC | OFPBF_ORDERED)

struct ofproto_bundles *
ofproto_bundles_create(void)
{
    struct ofproto_bundles *bs = xzalloc(sizeof *bs);

    hmap_init(&bs->bundles);
    return bs;
}

static struct bundle *
bundle_find(const struct ofproto_bundles *bs, uint32_t id)
{
    struct bundle *b;

    HMAP_FOR_EACH_WITH_HASH (b, node, hash_int(id, 0), &bs->bundles) {
        if (b->id == id) {
            return b;
        }
    }
    return NULL;
}

static struct bundle *
bundle_create(struct ofproto_bundles *bs, uint32_t id, uint16_t flags,
              const struct ofp_header *oh)
{
    struct bundle *b = xzalloc(sizeof *b);

    b->id = id;
    b->flags = flags;
    b->state = BUNDLE_OPEN;
    b->used = time_msec();
    b->first = ofpbuf_clone_data(oh, ntohs(oh->length));
    hmap_insert(&bs->bundles, &b->node, hash_int(id, 0));
    return b;
}

static void
bundle_discard(struct ofproto_bundles *bs, struct bundle *b)
{
    hmap_remove(&bs->bundles, &b->node);
    for (size_t i = 0; i < b->n_msgs; i++) {
        ofpbuf_delete(b->msgs[i]);
    }
    free(b->msgs);
    ofpbuf_delete(b->first);
    free(b);
}

void
ofproto_bundles_clear(struct ofproto_bundles *bs)
{
    struct bundle *b, *next;

    if (bs) {
        HMAP_FOR_EACH_SAFE (b, next, node, &bs->bundles) {
            bundle_discard(bs, b);
        }
    }
}

void
ofproto_bundles_destroy(struct ofproto_bundles *bs)
{
    if (bs) {
        ofproto_bundles_clear(bs);
        hmap_destroy(&bs->bundles);
        free(bs);
    }
}

/* Decodes the inner message of stored BUNDLE_ADD_MESSAGE 'msg'. */
static const struct ofp_header *
stored_inner(const struct ofpbuf *msg, enum ofptype *type)
{
    struct ofp_bundle_add add;
    enum ofperr error = ofp_bundle_add_decode(msg->data, &add);

    /* It was decoded without error when it was added. */
    ovs_assert(!error);
    *type = add.msg_type;
    return add.msg;
}

/* Sends 'error' in reply to the stored BUNDLE_ADD_MESSAGE 'msg': its xid
 * is the inner message's, as the specification asks. */
static void
send_msg_error(const struct ofproto_bundle_ops *ops, void *aux,
               const struct ofpbuf *msg, enum ofperr error)
{
    ops->send(aux, ofperr_encode_reply(error, msg->data));
}

/* Carries out every message of 'b', all or none.  Returns 0, or
 * OFPBFC_MSG_FAILED after sending the failing message's error. */
static enum ofperr
bundle_commit(struct bundle *b, struct ofproto *ofproto,
              const struct ofproto_bundle_ops *ops, void *aux)
{
    const struct ofp_header *inner;
    enum ofptype type;
    enum ofperr error;

    /* Port mods cannot be undone (they reach the devices), so they are
     * all checked before anything changes... */
    for (size_t i = 0; i < b->n_msgs; i++) {
        inner = stored_inner(b->msgs[i], &type);
        if (type == OFPTYPE_PORT_MOD) {
            error = ops->check(aux, inner, type);
            if (error) {
                send_msg_error(ops, aux, b->msgs[i], error);
                return OFPERR_OFPBFC_MSG_FAILED;
            }
        }
    }

    /* ...the flow and group changes are made in one transaction... */
    ofproto_txn_begin(ofproto);
    for (size_t i = 0; i < b->n_msgs; i++) {
        inner = stored_inner(b->msgs[i], &type);
        if (type != OFPTYPE_PORT_MOD) {
            error = ops->apply(aux, inner, type);
            if (error) {
                ofproto_txn_abort(ofproto);
                VLOG_INFO_RL(&rl, "bundle %#"PRIx32": message %zu of %zu "
                             "failed (%s), bundle rolled back", b->id,
                             i + 1, b->n_msgs, ofperr_get_name(error));
                send_msg_error(ops, aux, b->msgs[i], error);
                return OFPERR_OFPBFC_MSG_FAILED;
            }
        }
    }
    ofproto_txn_commit(ofproto);

    /* ...and the port mods, already checked, follow. */
    for (size_t i = 0; i < b->n_msgs; i++) {
        inner = stored_inner(b->msgs[i], &type);
        if (type == OFPTYPE_PORT_MOD) {
            error = ops->apply(aux, inner, type);
            if (error) {
                /* Only a port that vanished between the check and now
                 * could get here, and the main thread does not let that
                 * happen; report it rather than pretend. */
                VLOG_WARN_RL(&rl, "bundle %#"PRIx32": port mod failed "
                             "after commit (%s)", b->id,
                             ofperr_get_name(error));
                send_msg_error(ops, aux, b->msgs[i], error);
                return OFPERR_OFPBFC_MSG_FAILED;
            }
        }
    }
    return 0;
}

enum ofperr
ofproto_bundle_control(struct ofproto_bundles *bs, struct ofproto *ofproto,
                       const struct ofp_header *oh,
                       const struct ofproto_bundle_ops *ops, void *aux)
{
    struct ofp_bundle_ctrl bc;
    enum ofperr error = ofp_bundle_ctrl_decode(oh, &bc);
    if (error) {
        return error;
    }

    struct bundle *b = bundle_find(bs, bc.bundle_id);
    uint16_t reply;
    switch (bc.type) {
    case OFPBCT_OPEN_REQUEST:
        if (b) {
            /* The specification: refuse, and discard the existing one. */
            bundle_discard(bs, b);
            return OFPERR_OFPBFC_BAD_ID;
        }
        if (bc.flags & ~SUPPORTED_FLAGS) {
            return OFPERR_OFPBFC_BAD_FLAGS;
        }
        if (hmap_count(&bs->bundles) >= OFPROTO_BUNDLE_MAX_BUNDLES) {
            return OFPERR_OFPBFC_OUT_OF_BUNDLES;
        }
        bundle_create(bs, bc.bundle_id, bc.flags, oh);
        reply = OFPBCT_OPEN_REPLY;
        break;

    case OFPBCT_CLOSE_REQUEST:
        if (!b) {
            return OFPERR_OFPBFC_BAD_ID;
        }
        if (b->state == BUNDLE_CLOSED) {
            bundle_discard(bs, b);
            return OFPERR_OFPBFC_BUNDLE_CLOSED;
        }
        if (bc.flags != b->flags) {
            bundle_discard(bs, b);
            return OFPERR_OFPBFC_BAD_FLAGS;
        }
        b->state = BUNDLE_CLOSED;
        b->used = time_msec();
        reply = OFPBCT_CLOSE_REPLY;
        break;

    case OFPBCT_COMMIT_REQUEST:
        if (!b) {
            return OFPERR_OFPBFC_BAD_ID;
        }
        if (bc.flags != b->flags) {
            bundle_discard(bs, b);
            return OFPERR_OFPBFC_BAD_FLAGS;
        }
        COVERAGE_INC(bundle_commit);
        error = bundle_commit(b, ofproto, ops, aux);
        bundle_discard(bs, b);
        if (error) {
            COVERAGE_INC(bundle_commit_failed);
            return error;
        }
        reply = OFPBCT_COMMIT_REPLY;
        break;

    case OFPBCT_DISCARD_REQUEST:
        if (!b) {
            return OFPERR_OFPBFC_BAD_ID;
        }
        bundle_discard(bs, b);
        reply = OFPBCT_DISCARD_REPLY;
        break;

    default:
        /* Replies, and types that do not exist, are not requests. */
        return OFPERR_OFPBFC_BAD_TYPE;
    }
    ops->send(aux, ofp_bundle_ctrl_encode_reply(oh, bc.bundle_id, reply));
    return 0;
}

enum ofperr
ofproto_bundle_add(struct ofproto_bundles *bs, const struct ofp_header *oh)
{
    struct ofp_bundle_add add;
    enum ofperr error = ofp_bundle_add_decode(oh, &add);
    struct bundle *b = bundle_find(bs, add.bundle_id);

    if (error) {
        return error;
    }
    if (!b) {
        /* Adding to an unknown id opens it, with the add's flags. */
        if (add.flags & ~SUPPORTED_FLAGS) {
            return OFPERR_OFPBFC_BAD_FLAGS;
        }
        if (hmap_count(&bs->bundles) >= OFPROTO_BUNDLE_MAX_BUNDLES) {
            return OFPERR_OFPBFC_OUT_OF_BUNDLES;
        }
        b = bundle_create(bs, add.bundle_id, add.flags, oh);
    } else if (b->state == BUNDLE_CLOSED) {
        bundle_discard(bs, b);
        return OFPERR_OFPBFC_BUNDLE_CLOSED;
    } else if (add.flags != b->flags) {
        bundle_discard(bs, b);
        return OFPERR_OFPBFC_BAD_FLAGS;
    } else if (b->n_msgs >= OFPROTO_BUNDLE_MAX_MSGS) {
        return OFPERR_OFPBFC_MSG_TOO_MANY;
    }

    if (b->n_msgs >= b->allocated) {
        b->msgs = x2nrealloc(b->msgs, &b->allocated, sizeof *b->msgs);
    }
    b->msgs[b->n_msgs++] = ofpbuf_clone_data(oh, ntohs(oh->length));
    b->used = time_msec();
    return 0;
}

void
ofproto_bundles_run(struct ofproto_bundles *bs,
                    const struct ofproto_bundle_ops *ops, void *aux)
{
    long long int now = time_msec();
    struct bundle *b, *next;

    HMAP_FOR_EACH_SAFE (b, next, node, &bs->bundles) {
        if (now >= b->used + OFPROTO_BUNDLE_IDLE_TIMEOUT) {
            VLOG_INFO_RL(&rl, "bundle %#"PRIx32" idle for %d ms, "
                         "discarded", b->id, OFPROTO_BUNDLE_IDLE_TIMEOUT);
            ops->send(aux, ofperr_encode_reply(OFPERR_OFPBFC_TIMEOUT,
                                               b->first->data));
            bundle_discard(bs, b);
        }
    }
}

void
ofproto_bundles_wait(const struct ofproto_bundles *bs)
{
    const struct bundle *b;

    HMAP_FOR_EACH (b, node, &bs->bundles) {
        poll_timer_wait_until(b->used + OFPROTO_BUNDLE_IDLE_TIMEOUT);
    }
}
