/* latch.h -- a flag that one thread sets and another thread's poll loop
 * wakes up for (an eventfd underneath). */
#ifndef LATCH_H
#define LATCH_H 1

#include <stdbool.h>

struct latch {
    int fd;
};

void latch_init(struct latch *);
void latch_destroy(struct latch *);
bool latch_poll(struct latch *);   /* Clears the latch; true if it was set. */
void latch_set(struct latch *);    /* Safe from any thread. */
bool latch_is_set(const struct latch *);
void latch_wait_at(const struct latch *, const char *where);
#define latch_wait(LATCH) latch_wait_at(LATCH, OVS_SOURCE_LOCATOR)

#endif /* latch.h */
