/* memory.h -- "memory/show": what a daemon holds, in its own units.
 *
 * Modules register a callback that adds counts to an smap ("cells" =>
 * "1234", "monitors" => "2"); memory/show prints them as
 * "cells:1234 monitors:2" (sorted by name), as the daemons we are
 * compatible with do.  memory_run() also logs the report once when the
 * process's RSS first settles and again when it grows by half. */
#ifndef MEMORY_H
#define MEMORY_H 1

struct smap;

typedef void memory_usage_cb(struct smap *usage, void *aux);

void memory_add_usage_cb(memory_usage_cb *, void *aux);
void memory_init(void);         /* Registers memory/show. */
void memory_run(void);
void memory_wait(void);
/* Fills USAGE from every callback, plus "rss-kB" for the process. */
void memory_get_usage(struct smap *usage);
/* Returns USAGE as "key:value key:value", sorted by key: the memory/show
 * and log format.  The caller frees it. */
char *memory_usage_to_string(const struct smap *usage);

#endif /* memory.h */
