/* fatal-signal.c -- cleanup when the process is killed or exits.
 *
 * A daemon leaves things behind that must not outlive it: a pidfile, a
 * control socket, a child process.  Modules register hooks and file names
 * here, and they are taken care of on the way out, either way:
 *
 *   - exit(): an atexit() handler runs the hooks registered with
 *     RUN_AT_EXIT and unlinks the registered files.
 *
 *   - SIGTERM, SIGINT, SIGHUP, SIGALRM: the signal handler only records
 *     the signal number and writes a byte to a self-pipe (nothing else is
 *     async-signal-safe).  The pipe's read end is in every poll_block()
 *     (fatal_signal_wait()), so the sleeping main loop wakes, and
 *     fatal_signal_run() then runs every hook, unlinks the files, restores
 *     the signal's default action and raises it again, so that the parent
 *     sees the process die of that signal (exit status 128 + signal in a
 *     shell), as it would have without us.
 *
 * Hooks run at most once each, most recently registered first (cleanup
 * undoes setup in reverse).  Registration takes a recursive mutex: hooks
 * may themselves call into this module (e.g. to unlink a file now).
 *
 * After fork(), the child gets a fresh self-pipe (a pthread_atfork()
 * handler), so that a signal to one process never wakes the other; a child
 * that is not taking over the parent's duties calls fatal_signal_fork() to
 * forget the hooks and files, which remain the parent's. */
#include <config.h>
#include "fatal-signal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(fatal_signal);

COVERAGE_DEFINE(fatal_signal);

static const int fatal_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM };

struct hook {
    void (*hook_cb)(void *aux);
    void (*cancel_cb)(void *aux);
    void *aux;
    bool run_at_exit;
    bool done;                  /* Already run: never run twice. */
};

/* Protects everything below except 'stored_sig_nr' and 'signal_fds'. */
static pthread_mutex_t mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static struct hook *hooks;
static size_t n_hooks, allocated_hooks;

static char **files;            /* Absolute names of files to unlink. */
static size_t n_files, allocated_files;

/* The first fatal signal received, 0 if none.  Written by the handler. */
static volatile sig_atomic_t stored_sig_nr;

/* The self-pipe: [0] is polled, [1] is written by the handler. */
static int signal_fds[2] = { -1, -1 };

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void call_hooks(int sig_nr);

static void
fatal_signal_handler(int sig_nr)
{
    int save_errno = errno;

    if (!stored_sig_nr) {
        stored_sig_nr = sig_nr;
    }
    /* Non-blocking: if the pipe is full, it is readable already. */
    ssize_t n OVS_UNUSED = write(signal_fds[1], "", 1);

    errno = save_errno;
}

static void
open_signal_pipe(void)
{
    if (pipe2(signal_fds, O_NONBLOCK | O_CLOEXEC)) {
        VLOG_FATAL("pipe failed (%s)", ovs_strerror(errno));
    }
}

static void
atexit_handler(void)
{
    call_hooks(0);
}

/* In the child of fork(): a pipe of its own, no signal yet. */
static void
atfork_child(void)
{
    int old_fds[2] = { signal_fds[0], signal_fds[1] };

    stored_sig_nr = 0;
    if (pipe2(signal_fds, O_NONBLOCK | O_CLOEXEC)) {
        /* Keep sharing the parent's pipe: only spurious wakeups. */
        return;
    }
    close(old_fds[0]);
    close(old_fds[1]);
}

static void
do_init(void)
{
    open_signal_pipe();

    for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
        int sig_nr = fatal_signals[i];
        struct sigaction old_sa;

        if (sigaction(sig_nr, NULL, &old_sa)) {
            VLOG_FATAL("sigaction(%d) failed (%s)", sig_nr,
                       ovs_strerror(errno));
        }
        if (old_sa.sa_handler == SIG_IGN) {
            /* Someone (nohup, a supervisor) wants it ignored: obey. */
            continue;
        }

        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = fatal_signal_handler;
        sigfillset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        if (sigaction(sig_nr, &sa, NULL)) {
            VLOG_FATAL("sigaction(%d) failed (%s)", sig_nr,
                       ovs_strerror(errno));
        }
    }

    atexit(atexit_handler);
    pthread_atfork(NULL, NULL, atfork_child);
}

void
fatal_signal_init(void)
{
    pthread_once(&init_once, do_init);
}

void
fatal_signal_add_hook(void (*hook_cb)(void *aux),
                      void (*cancel_cb)(void *aux), void *aux,
                      bool run_at_exit)
{
    fatal_signal_init();

    pthread_mutex_lock(&mutex);
    if (n_hooks >= allocated_hooks) {
        hooks = x2nrealloc(hooks, &allocated_hooks, sizeof *hooks);
    }
    hooks[n_hooks++] = (struct hook) {
        .hook_cb = hook_cb,
        .cancel_cb = cancel_cb,
        .aux = aux,
        .run_at_exit = run_at_exit,
        .done = false,
    };
    pthread_mutex_unlock(&mutex);
}

/* Returns FILE_NAME made absolute against the current directory, so that
 * a later chdir() (daemonizing does one) cannot make us unlink the wrong
 * file.  The caller frees it. */
static char *
absolute_name(const char *file_name)
{
    if (file_name[0] == '/') {
        return xstrdup(file_name);
    }

    char *cwd = getcwd(NULL, 0);
    if (!cwd) {
        return xstrdup(file_name);
    }
    char *name = xasprintf("%s/%s", cwd, file_name);
    free(cwd);
    return name;
}

/* Returns the index of NAME in 'files', or SIZE_MAX.  Caller holds the
 * mutex. */
static size_t
find_file(const char *name)
{
    for (size_t i = 0; i < n_files; i++) {
        if (!strcmp(files[i], name)) {
            return i;
        }
    }
    return SIZE_MAX;
}

void
fatal_signal_add_file_to_unlink(const char *file_name)
{
    char *name = absolute_name(file_name);

    fatal_signal_init();
    pthread_mutex_lock(&mutex);
    if (find_file(name) == SIZE_MAX) {
        if (n_files >= allocated_files) {
            files = x2nrealloc(files, &allocated_files, sizeof *files);
        }
        files[n_files++] = name;
        name = NULL;
    }
    pthread_mutex_unlock(&mutex);
    free(name);
}

/* Forgets NAME (absolute); caller holds the mutex. */
static void
forget_file(const char *name)
{
    size_t i = find_file(name);
    if (i != SIZE_MAX) {
        free(files[i]);
        files[i] = files[--n_files];
    }
}

void
fatal_signal_remove_file_to_unlink(const char *file_name)
{
    char *name = absolute_name(file_name);

    pthread_mutex_lock(&mutex);
    forget_file(name);
    pthread_mutex_unlock(&mutex);
    free(name);
}

int
fatal_signal_unlink_file_now(const char *file_name)
{
    char *name = absolute_name(file_name);
    int error = unlink(name) ? errno : 0;

    if (error) {
        VLOG_WARN("could not unlink \"%s\" (%s)", file_name,
                  ovs_strerror(error));
    }

    pthread_mutex_lock(&mutex);
    forget_file(name);
    pthread_mutex_unlock(&mutex);
    free(name);
    return error;
}

/* Runs the hooks that apply (all of them for a signal, those registered
 * with RUN_AT_EXIT for SIG_NR 0) and unlinks the files. */
static void
call_hooks(int sig_nr)
{
    pthread_mutex_lock(&mutex);

    /* By index, copying each hook out: a hook may register more. */
    for (size_t i = n_hooks; i-- > 0; ) {
        if (i >= n_hooks) {
            continue;           /* A hook cancelled others (fork). */
        }
        struct hook hook = hooks[i];
        if (!hook.done && (sig_nr || hook.run_at_exit)) {
            hooks[i].done = true;
            hook.hook_cb(hook.aux);
        }
    }

    for (size_t i = 0; i < n_files; i++) {
        if (unlink(files[i]) && errno != ENOENT) {
            VLOG_WARN("could not unlink \"%s\" (%s)", files[i],
                      ovs_strerror(errno));
        }
    }

    pthread_mutex_unlock(&mutex);
}

/* Empties the self-pipe.  Only needed after a stray wakeup (no signal of
 * ours): otherwise we are about to die. */
static void
drain_signal_pipe(void)
{
    char buf[64];
    while (read(signal_fds[0], buf, sizeof buf) > 0) {
        continue;
    }
}

void
fatal_signal_run(void)
{
    fatal_signal_init();

    int sig_nr = stored_sig_nr;
    if (!sig_nr) {
        if (poll_fd_revents(signal_fds[0]) & POLLIN) {
            drain_signal_pipe();
        }
        return;
    }

    /* One thread does the dying; the others wait on the mutex until it
     * is done (the process is gone by then). */
    pthread_mutex_lock(&mutex);
    COVERAGE_INC(fatal_signal);

    char name[64];
    const char *desc = strsignal(sig_nr);
    snprintf(name, sizeof name, "%s", desc ? desc : "unknown signal");
    VLOG_WARN("terminating with signal %d (%s)", sig_nr, name);

    call_hooks(sig_nr);
    fflush(NULL);

    /* Die of the same signal, so that whoever waits for us can tell. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig_nr, &sa, NULL);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig_nr);
    raise(sig_nr);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);

    /* Not reached unless the signal's default action is to continue. */
    OVS_NOT_REACHED();
}

void
fatal_signal_wait(void)
{
    fatal_signal_init();
    poll_fd_wait(signal_fds[0], POLLIN);
}

void
fatal_ignore_sigpipe(void)
{
    signal(SIGPIPE, SIG_IGN);
}

void
fatal_signal_fork(void)
{
    fatal_signal_init();

    pthread_mutex_lock(&mutex);
    for (size_t i = 0; i < n_hooks; i++) {
        if (hooks[i].cancel_cb) {
            hooks[i].cancel_cb(hooks[i].aux);
        }
    }
    n_hooks = 0;

    for (size_t i = 0; i < n_files; i++) {
        free(files[i]);
    }
    n_files = 0;
    pthread_mutex_unlock(&mutex);
}

void
fatal_signal_block(void)
{
    sigset_t set;

    sigemptyset(&set);
    for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
        sigaddset(&set, fatal_signals[i]);
    }
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}
