/* ovsdb-idl-bench.c -- times small transactions made through the C IDL.
 *
 *   ovsdb-idl-bench [--txns=N] [--window=W] [--op=setkey|increment] REMOTE
 *
 * connects the Open_vSwitch database's IDL (lib/vswitch-idl.h, the one
 * ovs-vswitchd uses, replicating every table) to REMOTE, waits for the
 * initial contents (inserting the Open_vSwitch row if there is none), then
 * makes N small transactions on the Open_vSwitch row, each built the way
 * ovs-vswitchd builds its status writes:
 *
 *   setkey     external_ids:bench=I (a partial map update: "mutate"), the
 *              default;
 *   increment  next_cfg += 1 (ovsdb_idl_txn_increment(), as ovs-vsctl
 *              does).
 *
 * With a window of 1 (the default), each transaction is committed with
 * ovsdb_idl_txn_commit_block() before the next is built: the figure is a
 * round trip and a commit, client and server included.  With a window W >
 * 1, up to W committed transactions are outstanding at once.
 *
 * At the end it waits until the replica shows the last write (the server's
 * update, not just its reply), checks the value, and prints one line:
 *
 *   N txns (OP, window W) in S s: R txn/s
 *
 * bench/ovsdb-bench.py runs it against Debian's ovsdb-server and ours
 * (measure c); tests/ovsdb-perf.at runs it with a small N so that it keeps
 * working.  Any failure (a transaction that does not succeed, a wrong
 * final value, waiting more than 60 s for anything) exits 1. */
#include <config.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-idl.h"
#include "poll-loop.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"
#include "vswitch-idl.h"

#define BENCH_TIMEOUT_MS 60000

enum bench_op { OP_SETKEY, OP_INCREMENT };

struct bench {
    struct ovsdb_idl *idl;
    enum bench_op op;
    long long deadline;         /* time_msec() after which we give up. */
    int64_t next_cfg0;          /* next_cfg before the first transaction. */
};

static void
bench_check_deadline(const struct bench *b, const char *what)
{
    if (time_msec() > b->deadline) {
        ovs_fatal(0, "timed out waiting for %s", what);
    }
}

/* Runs the IDL until the Open_vSwitch row exists; returns it. */
static const struct vswitchrec_open_vswitch *
bench_wait_for_row(struct bench *b)
{
    bool inserted = false;
    for (;;) {
        ovsdb_idl_run(b->idl);
        if (!ovsdb_idl_is_alive(b->idl)) {
            ovs_fatal(ovsdb_idl_get_last_error(b->idl),
                      "cannot connect to the database");
        }
        const struct vswitchrec_open_vswitch *ovs
            = vswitchrec_open_vswitch_first(b->idl);
        if (ovs) {
            return ovs;
        }
        if (ovsdb_idl_is_connected(b->idl) && !inserted) {
            struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(b->idl);
            vswitchrec_open_vswitch_insert(txn);
            enum ovsdb_idl_txn_status status
                = ovsdb_idl_txn_commit_block(txn);
            if (status != TXN_SUCCESS) {
                ovs_fatal(0, "inserting the Open_vSwitch row: %s",
                          ovsdb_idl_txn_status_to_string(status));
            }
            ovsdb_idl_txn_destroy(txn);
            inserted = true;
            continue;
        }
        bench_check_deadline(b, "the initial contents");
        ovsdb_idl_wait(b->idl);
        poll_timer_wait_until(b->deadline);
        poll_block();
    }
}

/* Builds and commits transaction number I; returns it, in progress. */
static struct ovsdb_idl_txn *
bench_start_txn(struct bench *b, long long int i)
{
    const struct vswitchrec_open_vswitch *ovs
        = vswitchrec_open_vswitch_first(b->idl);
    if (!ovs) {
        ovs_fatal(0, "the Open_vSwitch row went away");
    }
    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(b->idl);
    if (b->op == OP_SETKEY) {
        char value[32];
        snprintf(value, sizeof value, "%lld", i);
        vswitchrec_open_vswitch_update_external_ids_setkey(ovs, "bench",
                                                           value);
    } else {
        ovsdb_idl_txn_increment(txn, &ovs->header_,
                                &vswitchrec_open_vswitch_col_next_cfg);
    }
    return txn;
}

/* Checks that TXN, done, succeeded, and frees it. */
static void
bench_finish_txn(struct bench *b, struct ovsdb_idl_txn *txn,
                 enum ovsdb_idl_txn_status status)
{
    if (status != TXN_SUCCESS) {
        const char *error = ovsdb_idl_txn_get_error(txn);
        ovs_fatal(0, "transaction failed: %s%s%s",
                  ovsdb_idl_txn_status_to_string(status),
                  error ? ": " : "", error ? error : "");
    }
    if (b->op == OP_INCREMENT
        && ovsdb_idl_txn_get_increment_new_value(txn) <= b->next_cfg0) {
        ovs_fatal(0, "increment returned %"PRId64", not above %"PRId64,
                  ovsdb_idl_txn_get_increment_new_value(txn), b->next_cfg0);
    }
    ovsdb_idl_txn_destroy(txn);
}

/* One transaction at a time, as a daemon's status write is usually done. */
static void
bench_run_serial(struct bench *b, long long int n)
{
    for (long long int i = 0; i < n; i++) {
        struct ovsdb_idl_txn *txn = bench_start_txn(b, i);
        bench_finish_txn(b, txn, ovsdb_idl_txn_commit_block(txn));
    }
}

/* Up to WINDOW transactions outstanding: a new one is built as soon as one
 * completes.  The IDL allows this, since committing closes a transaction;
 * partial map updates and increments do not depend on the replica's value,
 * so they do not conflict with each other. */
static void
bench_run_window(struct bench *b, long long int n, int window)
{
    struct ovsdb_idl_txn **txns = xcalloc(window, sizeof *txns);
    long long int sent = 0, done = 0;
    int n_txns = 0;

    while (done < n) {
        ovsdb_idl_run(b->idl);
        for (int k = 0; k < n_txns; ) {
            enum ovsdb_idl_txn_status status
                = ovsdb_idl_txn_get_status(txns[k]);
            if (status == TXN_INCOMPLETE) {
                k++;
                continue;
            }
            bench_finish_txn(b, txns[k], status);
            txns[k] = txns[--n_txns];
            done++;
        }
        while (sent < n && n_txns < window) {
            struct ovsdb_idl_txn *txn = bench_start_txn(b, sent++);
            enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(txn);
            if (status != TXN_INCOMPLETE) {
                bench_finish_txn(b, txn, status);
                done++;
            } else {
                txns[n_txns++] = txn;
            }
        }
        if (done >= n) {
            break;
        }
        ovsdb_idl_wait(b->idl);
        for (int k = 0; k < n_txns; k++) {
            ovsdb_idl_txn_wait(txns[k]);
        }
        poll_block();
    }
    free(txns);
}

/* Runs the IDL until the replica shows the effect of all N transactions:
 * the server's update for the last one, not only its reply. */
static void
bench_check_replica(struct bench *b, long long int n)
{
    char expect[32];
    snprintf(expect, sizeof expect, "%lld", n - 1);
    for (;;) {
        const struct vswitchrec_open_vswitch *ovs
            = vswitchrec_open_vswitch_first(b->idl);
        if (ovs) {
            if (b->op == OP_SETKEY) {
                const char *v = smap_get(&ovs->external_ids, "bench");
                if (v && !strcmp(v, expect)) {
                    return;
                }
            } else if (ovs->next_cfg == b->next_cfg0 + n) {
                return;
            } else if (ovs->next_cfg > b->next_cfg0 + n) {
                ovs_fatal(0, "next_cfg is %"PRId64", expected %"PRId64,
                          ovs->next_cfg, b->next_cfg0 + (int64_t) n);
            }
        }
        bench_check_deadline(b, "the last write in the replica");
        ovsdb_idl_wait(b->idl);
        poll_timer_wait_until(b->deadline);
        poll_block();
        ovsdb_idl_run(b->idl);
    }
}

static void OVS_NO_RETURN
usage(void)
{
    printf("%s: times small transactions through the C IDL\n"
           "usage: %s [OPTIONS] REMOTE\n"
           "  --txns=N        transactions to make (default 10000)\n"
           "  --window=W      at most W outstanding (default 1)\n"
           "  --op=OP         setkey (external_ids:bench, default) or\n"
           "                  increment (next_cfg)\n",
           program_name, program_name);
    exit(EXIT_SUCCESS);
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"txns", required_argument, NULL, 'n'},
        {"window", required_argument, NULL, 'w'},
        {"op", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long long int n = 10000;
    int window = 1;
    struct bench b = { .op = OP_SETKEY };

    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    for (;;) {
        int c = getopt_long(argc, argv, "", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'n':
            if (!str_to_llong(optarg, 10, &n) || n < 1) {
                ovs_fatal(0, "--txns needs a positive integer");
            }
            break;
        case 'w':
            if (!str_to_int(optarg, 10, &window) || window < 1) {
                ovs_fatal(0, "--window needs a positive integer");
            }
            break;
        case 'o':
            if (!strcmp(optarg, "setkey")) {
                b.op = OP_SETKEY;
            } else if (!strcmp(optarg, "increment")) {
                b.op = OP_INCREMENT;
            } else {
                ovs_fatal(0, "unknown --op %s (setkey or increment)",
                          optarg);
            }
            break;
        case 'h':
            usage();
        default:
            exit(EXIT_FAILURE);
        }
    }
    if (optind + 1 != argc) {
        ovs_fatal(0, "exactly one REMOTE is needed (--help for usage)");
    }

    b.idl = ovsdb_idl_create(argv[optind], &vswitchrec_idl_class, true,
                             false);
    b.deadline = time_msec() + BENCH_TIMEOUT_MS;
    b.next_cfg0 = bench_wait_for_row(&b)->next_cfg;

    long long int t0 = time_usec();
    b.deadline = time_msec() + BENCH_TIMEOUT_MS + n;  /* 1 ms per txn. */
    if (window == 1) {
        bench_run_serial(&b, n);
    } else {
        bench_run_window(&b, n, window);
    }
    long long int t1 = time_usec();
    bench_check_replica(&b, n);

    double secs = (t1 - t0) / 1e6;
    printf("%lld txns (%s, window %d) in %.6f s: %.1f txn/s\n", n,
           b.op == OP_SETKEY ? "setkey" : "increment", window, secs,
           secs > 0 ? n / secs : 0.0);
    ovsdb_idl_destroy(b.idl);
    return 0;
}
