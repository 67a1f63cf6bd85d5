/* fatal-signal.h -- clean up on SIGTERM, SIGINT, SIGHUP, SIGALRM and exit.
 *
 * Modules register hooks (remove a pidfile, unlink a socket) that run once,
 * either when a fatal signal arrives or at exit().  Signals are only noted
 * in the handler; the hooks run from fatal_signal_run(), which poll_block()
 * calls, so hooks may do anything a normal function may. */
#ifndef FATAL_SIGNAL_H
#define FATAL_SIGNAL_H 1

#include <stdbool.h>

void fatal_signal_init(void);
/* HOOK_CB runs with AUX on a fatal signal (and at exit if RUN_AT_EXIT).
 * CANCEL_CB (may be NULL) runs in a child after fork() instead. */
void fatal_signal_add_hook(void (*hook_cb)(void *aux),
                           void (*cancel_cb)(void *aux), void *aux,
                           bool run_at_exit);
void fatal_signal_add_file_to_unlink(const char *file_name);
void fatal_signal_remove_file_to_unlink(const char *file_name);
int fatal_signal_unlink_file_now(const char *file_name);
void fatal_signal_run(void);    /* Runs hooks and dies if a signal came. */
void fatal_signal_wait(void);
void fatal_ignore_sigpipe(void);
/* In a forked child: forget the hooks (the parent still owns the files). */
void fatal_signal_fork(void);
/* Blocks the fatal signals in the calling thread (for worker threads). */
void fatal_signal_block(void);

#endif /* fatal-signal.h */
