/* coverage.h -- event counters for debugging ("coverage/show").
 *
 *     COVERAGE_DEFINE(jsonrpc_recv);       -- at file scope, once
 *     COVERAGE_INC(jsonrpc_recv);          -- wherever it happens
 *
 * Counting is cheap enough for hot paths: each thread counts into its own
 * slot and coverage_run() (from the main loop) folds them into totals and
 * per-second averages over the last 5 seconds, minute and hour.
 * "ovs-appctl coverage/show" prints them; counters never hit are summed up
 * in one line. */
#ifndef COVERAGE_H
#define COVERAGE_H 1

#include <stdint.h>
#include "compiler.h"

#define COVERAGE_MAX_THREADS 64

struct coverage_counter {
    const char *name;
    /* Per-thread counts, indexed by the thread's slot; folded into
     * 'total' by coverage_run(). */
    unsigned long long int counts[COVERAGE_MAX_THREADS];
    unsigned long long int total;
    unsigned long long int min[12];   /* Last minute, 5 s each. */
    unsigned long long int hr[60];    /* Last hour, 1 minute each. */
};

void coverage_counter_register(struct coverage_counter *);
unsigned int coverage_thread_slot(void);

#define COVERAGE_DEFINE(COUNTER)                                        \
    struct coverage_counter counter_##COUNTER = { .name = #COUNTER };   \
    OVS_CONSTRUCTOR(COUNTER##_init_coverage) {                          \
        coverage_counter_register(&counter_##COUNTER);                  \
    }                                                                   \
    extern struct coverage_counter counter_##COUNTER

#define COVERAGE_ADD(COUNTER, AMOUNT)                                   \
    (counter_##COUNTER.counts[coverage_thread_slot()] += (AMOUNT))
#define COVERAGE_INC(COUNTER) COVERAGE_ADD(COUNTER, 1)

void coverage_init(void);        /* Registers coverage/show. */
void coverage_run(void);         /* Call from the main loop. */
void coverage_log(void);         /* Logs all counters at INFO. */
/* Current total of the counter named NAME, or 0 if none (for tests). */
unsigned long long int coverage_get_total(const char *name);

#endif /* coverage.h */
