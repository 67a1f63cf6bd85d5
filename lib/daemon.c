/* daemon.c -- turning a program into a daemon: --detach, --pidfile,
 * --monitor, --user (see daemon.h for the options).
 *
 * How the processes fit together.  With --detach, daemonize_start() forks:
 * the foreground parent waits on a pipe and the child carries on (in a new
 * session).  With --monitor, that child forks once more: it becomes the
 * monitor, which only waits for its own child (the daemon proper) and
 * restarts it when it dies from a crash signal.  Each waiting parent holds
 * the read end of a pipe whose write end belongs to its child; the child
 * writes one byte from daemonize_complete() when it is ready to serve.  A
 * parent that reads end-of-file instead knows its child died first and
 * exits with failure, so that "start the daemon, then talk to it" works
 * from scripts without polling.  The monitor passes the news on to the
 * foreground parent once its own child is ready.
 *
 *     foreground parent --pipe--> monitor --pipe--> daemon
 *       exits 0 when ready        restarts on crash  writes the pidfile
 *
 * The pidfile is written by the daemon process itself (not the monitor), so
 * it always names the process that answers on the control socket.  It is
 * written to a temporary file that is locked with fcntl() and then renamed
 * into place, so a reader never sees a half-written file, and the lock is
 * held for the life of the process: read_pidfile() trusts a pid only while
 * its file is locked, so a file left behind by a crash is recognised as
 * stale.  fcntl() locks belong to the process and vanish when it closes
 * ANY descriptor of the file, which is why read_pidfile() never opens our
 * own pidfile.
 *
 * --user switches uid/gid after the pidfile exists (so that it may be
 * written into a root-owned run directory); with access to the datapath,
 * libcap-ng keeps the few network capabilities the daemon needs. */
#include "daemon.h"

#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "coverage.h"
#include "dirs.h"
#include "fatal-signal.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(daemon);

COVERAGE_DEFINE(daemon_restart);

/* Options. */
static bool detach;             /* --detach. */
static bool chdir_ = true;      /* Not --no-chdir. */
static char *pidfile;           /* --pidfile, absolute; NULL: none. */
static bool overwrite_pidfile;  /* --overwrite-pidfile. */
static bool monitor;            /* --monitor. */

/* --user. */
static bool switch_user;
static uid_t new_uid;
static gid_t new_gid;
static char *new_user_name;

/* Write end of the pipe to the process that waits for us to be ready, or
 * -1 if nobody waits (or after daemonize_complete()). */
static int daemonize_fd = -1;
static bool completed;

/* The pidfile we hold, identified by device and inode so that
 * read_pidfile() can recognise it without opening it. */
static int pidfile_fd = -1;
static dev_t pidfile_dev;
static ino_t pidfile_ino;

/* In the monitor: the current daemon child, for the fatal-signal hook. */
static pid_t monitored_pid;

/* The restart throttle: after this many restarts in quick succession, the
 * monitor restarts at most once every RESTART_INTERVAL seconds, so that a
 * daemon that crashes at once does not spin. */
#define QUICK_RESTARTS 3
#define RESTART_INTERVAL 10

void
set_detach(void)
{
    detach = true;
}

bool
get_detach(void)
{
    return detach;
}

void
set_no_chdir(void)
{
    chdir_ = false;
}

void
set_pidfile(const char *name)
{
    free(pidfile);
    pidfile = make_pidfile_name(name);
}

const char *
get_pidfile(void)
{
    return pidfile;
}

void
ignore_existing_pidfile(void)
{
    overwrite_pidfile = true;
}

void
daemon_set_monitor(void)
{
    monitor = true;
}

char *
make_pidfile_name(const char *name)
{
    return (name && name[0]
            ? abs_file_name(ovs_rundir(), name)
            : xasprintf("%s/%s.pid", ovs_rundir(), program_name));
}

/* Looks up USER_SPEC ("USER" or "USER:GROUP") now, at option parsing, so
 * that a typo fails before anything starts. */
void
daemon_set_new_user(const char *user_spec)
{
    char *spec = xstrdup(user_spec);
    char *colon = strchr(spec, ':');
    char *group = NULL;

    if (colon) {
        *colon = '\0';
        group = colon + 1;
    }
    if (!spec[0]) {
        VLOG_FATAL("--user: \"%s\": missing user name", user_spec);
    }

    errno = 0;
    struct passwd *pw = getpwnam(spec);
    if (!pw) {
        VLOG_FATAL("--user: unknown user \"%s\"%s%s", spec,
                   errno ? ": " : "", errno ? ovs_strerror(errno) : "");
    }
    new_uid = pw->pw_uid;
    new_gid = pw->pw_gid;

    if (group && group[0]) {
        errno = 0;
        struct group *gr = getgrnam(group);
        if (!gr) {
            VLOG_FATAL("--user: unknown group \"%s\"%s%s", group,
                       errno ? ": " : "", errno ? ovs_strerror(errno) : "");
        }
        new_gid = gr->gr_gid;
    }

    free(new_user_name);
    new_user_name = xstrdup(spec);
    switch_user = true;
    free(spec);
}

void
daemon_usage(void)
{
    printf("\nDaemon options:\n"
           "  --detach                fork into the background once ready\n"
           "  --no-chdir              keep the working directory (default "
           "with --detach: /)\n"
           "  --pidfile[=FILE]        write the process id to FILE\n"
           "                          (default: %s/%s.pid)\n"
           "  --overwrite-pidfile     take over FILE even if its process "
           "still runs\n"
           "  --monitor               restart the daemon if it crashes\n"
           "  --user=USER[:GROUP]     drop privileges to USER (and GROUP)\n",
           ovs_rundir(), program_name);
}

/* Describes a wait() status in words, for logs.  Caller frees. */
static char *
process_status_msg(int status)
{
    if (WIFEXITED(status)) {
        return xasprintf("exit status %d", WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        return xasprintf("killed (%s)%s", strsignal(sig),
                         WCOREDUMP(status) ? ", core dumped" : "");
    } else if (WIFSTOPPED(status)) {
        return xasprintf("stopped (%s)", strsignal(WSTOPSIG(status)));
    }
    return xasprintf("terminated abnormally (%x)", (unsigned int) status);
}

/* Waits for PID to end, servicing fatal signals meanwhile (a SIGTERM to a
 * waiting parent must still kill it, and the fatal-signal handlers may
 * restart an interrupted waitpid()), so the wait goes through the poll
 * loop: a pidfd becomes readable when the process ends.  Returns the wait
 * status. */
static int
wait_for_child(pid_t pid)
{
    int pidfd = -1;
#ifdef SYS_pidfd_open
    pidfd = syscall(SYS_pidfd_open, pid, 0);
#endif

    for (;;) {
        int status;
        pid_t retval = waitpid(pid, &status, WNOHANG);
        if (retval == pid) {
            if (pidfd >= 0) {
                close(pidfd);
            }
            return status;
        } else if (retval < 0 && errno != EINTR) {
            VLOG_FATAL("waitpid(%ld) failed (%s)", (long int) pid,
                       ovs_strerror(errno));
        }

        if (pidfd >= 0) {
            poll_fd_wait(pidfd, POLLIN);
        } else {
            poll_timer_wait(100);       /* Old kernel: poll for it. */
        }
        fatal_signal_wait();
        poll_block();
    }
}

/* Sleeps MSECS milliseconds, servicing fatal signals. */
static void
sleep_msec(long long int msecs)
{
    long long int deadline = time_msec() + msecs;
    while (time_msec() < deadline) {
        poll_timer_wait_until(deadline);
        fatal_signal_wait();
        poll_block();
    }
}

/* Forks.  If WAIT, the parent blocks until the child reports readiness
 * (returning the child's pid) or dies (the parent then exits with
 * failure).  In the child, returns 0 with *FDP set to the write end of the
 * readiness pipe (or -1 if !WAIT).  CLOSE_IN_CHILD, if not -1, is a
 * descriptor that the child must not keep: a pipe to a grandparent, whose
 * end-of-file must not be held open by a grandchild.  If FORGET_HOOKS,
 * the child drops the fatal-signal hooks it inherited (the parent stays
 * and keeps them); otherwise the parent is about to vanish and the child
 * takes them over. */
static pid_t
fork_child(bool wait, int *fdp, int close_in_child, bool forget_hooks)
{
    int fds[2] = { -1, -1 };

    if (wait && pipe2(fds, O_CLOEXEC | O_NONBLOCK)) {
        VLOG_FATAL("pipe failed (%s)", ovs_strerror(errno));
    }

    fflush(NULL);               /* Don't write buffered output twice. */
    pid_t pid = fork();
    if (pid < 0) {
        VLOG_FATAL("fork failed (%s)", ovs_strerror(errno));
    }

    if (!pid) {
        if (forget_hooks) {
            /* Cleanup registered so far stays the parent's job. */
            fatal_signal_fork();
        }
        if (close_in_child >= 0) {
            close(close_in_child);
        }
        if (wait) {
            close(fds[0]);
        }
        *fdp = fds[1];
        return 0;
    }

    /* Parent. */
    if (wait) {
        close(fds[1]);
        for (;;) {
            char c;
            ssize_t n = read(fds[0], &c, 1);
            if (n == 1) {
                break;
            } else if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
                poll_fd_wait(fds[0], POLLIN);
                fatal_signal_wait();
                poll_block();
                continue;
            }

            /* End of file (or an error): the child died before it was
             * ready.  Say how. */
            int status = wait_for_child(pid);
            char *msg = process_status_msg(status);
            VLOG_FATAL("daemon child %ld died before signaling startup (%s)",
                       (long int) pid, msg);
        }
        close(fds[0]);
    }
    return pid;
}

/* Tells the process waiting for us (if any) that we are ready. */
static void
notify_ready(int *fdp)
{
    if (*fdp >= 0) {
        ssize_t n;
        do {
            n = write(*fdp, "", 1);
        } while (n < 0 && errno == EINTR);
        if (n != 1) {
            VLOG_ERR("could not tell parent process we are ready (%s)",
                     ovs_strerror(n < 0 ? errno : EIO));
        }
        close(*fdp);
        *fdp = -1;
    }
}

static bool
is_crash_signal(int sig)
{
    switch (sig) {
    case SIGABRT:
    case SIGALRM:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGPIPE:
    case SIGSEGV:
    case SIGSYS:
    case SIGXCPU:
    case SIGXFSZ:
        return true;
    default:
        return false;
    }
}

/* Fatal-signal hook of the monitor: a monitor told to die takes its
 * daemon with it rather than leaving an orphan nobody watches. */
static void
monitor_kill_child(void *aux OVS_UNUSED)
{
    if (monitored_pid > 0) {
        kill(monitored_pid, SIGTERM);
    }
}

/* The monitor's life: waits for the daemon DAEMON_PID, restarting it after
 * a crash.  Returns only in a restarted daemon child. */
static void
monitor_daemon(pid_t daemon_pid)
{
    time_t last_restart = 0;
    int quick_restarts = 0;

    monitored_pid = daemon_pid;
    fatal_signal_add_hook(monitor_kill_child, NULL, NULL, false);
    VLOG_INFO("monitoring pid %ld", (long int) daemon_pid);

    for (;;) {
        int status = wait_for_child(monitored_pid);
        long int dead_pid = monitored_pid;
        char *msg = process_status_msg(status);

        /* Reaped: the pid may be reused, so it must not be killed. */
        monitored_pid = 0;

        if (!WIFSIGNALED(status) || !is_crash_signal(WTERMSIG(status))) {
            VLOG_INFO("pid %ld died, %s, exiting", dead_pid, msg);
            free(msg);
            exit(WIFEXITED(status) ? WEXITSTATUS(status) : 0);
        }

        /* Throttle: a few quick restarts, then one per interval. */
        time_t now = time(NULL);
        if (last_restart && now - last_restart < RESTART_INTERVAL) {
            quick_restarts++;
        } else {
            quick_restarts = 0;
        }
        if (quick_restarts >= QUICK_RESTARTS) {
            VLOG_WARN("pid %ld died, %s, restarting at most once every %d "
                      "seconds", dead_pid, msg, RESTART_INTERVAL);
            time_t until = last_restart + RESTART_INTERVAL;
            if (until > now) {
                sleep_msec((until - now) * 1000LL);
            }
        } else {
            VLOG_ERR("pid %ld died, %s, restarting", dead_pid, msg);
        }
        free(msg);
        last_restart = time(NULL);
        COVERAGE_INC(daemon_restart);

        /* The restarted daemon reports readiness to nobody: the
         * foreground parent, if any, is long gone. */
        int child_fd;
        pid_t pid = fork_child(false, &child_fd, -1, true);
        if (!pid) {
            daemonize_fd = -1;
            return;
        }
        monitored_pid = pid;
        VLOG_INFO("restarted as pid %ld", (long int) pid);
    }
}

/* Reads the pid from the pidfile FILE_NAME.  Returns the pid if a live
 * process holds its lock, -ESRCH if the file is stale (unlocked) or names
 * another process than the one holding its lock, or another negative errno
 * (-ENOENT if it does not exist). */
pid_t
read_pidfile(const char *file_name)
{
    struct stat st;

    /* Opening (and closing) our own pidfile would drop our lock. */
    if (pidfile_fd >= 0 && !stat(file_name, &st)
        && st.st_dev == pidfile_dev && st.st_ino == pidfile_ino) {
        return getpid();
    }

    int fd = open(file_name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int error = errno;
        VLOG_DBG("%s: open: %s", file_name, ovs_strerror(error));
        return -error;
    }

    struct flock lck = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 0,
    };
    int error = 0;
    long int pid = 0;
    if (fcntl(fd, F_GETLK, &lck)) {
        error = errno;
        VLOG_WARN("%s: fcntl(F_GETLK): %s", file_name, ovs_strerror(error));
    } else if (lck.l_type == F_UNLCK) {
        error = ESRCH;          /* Nobody holds it: stale. */
    } else {
        char buf[32];
        ssize_t n = read(fd, buf, sizeof buf - 1);
        if (n < 0) {
            error = errno;
            VLOG_WARN("%s: read: %s", file_name, ovs_strerror(error));
        } else {
            buf[n] = '\0';
            char *end;
            errno = 0;
            pid = strtol(buf, &end, 10);
            if (errno || end == buf || (*end && *end != '\n') || pid <= 0) {
                VLOG_WARN("%s: bad pid in pidfile", file_name);
                error = EINVAL;
            } else if (lck.l_pid && lck.l_pid != pid) {
                /* l_pid is 0 for a holder in another pid namespace. */
                VLOG_WARN("%s: pidfile says pid %ld but pid %ld holds the "
                          "lock", file_name, pid, (long int) lck.l_pid);
                error = ESRCH;
            }
        }
    }
    close(fd);
    return error ? -error : pid;
}

/* Fatal-signal and exit hook: removes our pidfile, but only if the name
 * still refers to our file.  With --overwrite-pidfile another daemon may
 * have taken the name over since, and its file is not ours to remove. */
static void
remove_pidfile(void *aux OVS_UNUSED)
{
    struct stat st;

    if (pidfile && pidfile_fd >= 0 && !stat(pidfile, &st)
        && st.st_dev == pidfile_dev && st.st_ino == pidfile_ino
        && unlink(pidfile)) {
        VLOG_WARN("%s: could not remove pidfile (%s)", pidfile,
                  ovs_strerror(errno));
    }
}

/* Creates the pidfile for this process and keeps it locked. */
static void
make_pidfile(void)
{
    long int pid = getpid();

    if (!overwrite_pidfile) {
        pid_t other = read_pidfile(pidfile);
        if (other > 0) {
            VLOG_FATAL("%s: pidfile check failed (already running?): "
                       "locked by pid %ld", pidfile, (long int) other);
        } else if (other != -ENOENT && other != -ESRCH) {
            VLOG_FATAL("%s: pidfile check failed (%s)", pidfile,
                       ovs_strerror(-other));
        }
    }

    char *tmpfile = xasprintf("%s.tmp%ld", pidfile, pid);
    fatal_signal_add_file_to_unlink(tmpfile);
    int fd = open(tmpfile, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        VLOG_FATAL("%s: create failed (%s)", tmpfile, ovs_strerror(errno));
    }

    struct flock lck = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 0,
    };
    if (fcntl(fd, F_SETLK, &lck)) {
        VLOG_FATAL("%s: fcntl(F_SETLK) failed (%s)", tmpfile,
                   ovs_strerror(errno));
    }

    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld\n", pid);
    if (write(fd, buf, len) != len) {
        VLOG_FATAL("%s: write failed (%s)", tmpfile, ovs_strerror(errno));
    }

    struct stat st;
    if (fstat(fd, &st)) {
        VLOG_FATAL("%s: fstat failed (%s)", tmpfile, ovs_strerror(errno));
    }

    /* A daemon restarted by the monitor replaces the file of its crashed
     * predecessor, whose lock died with it. */
    if (pidfile_fd >= 0) {
        close(pidfile_fd);
    } else {
        /* Registered before the rename so that no moment exists in which
         * the file is in place but would not be cleaned up. */
        fatal_signal_add_hook(remove_pidfile, NULL, NULL, true);
    }
    pidfile_fd = fd;
    pidfile_dev = st.st_dev;
    pidfile_ino = st.st_ino;

    if (rename(tmpfile, pidfile)) {
        VLOG_FATAL("%s: rename to %s failed (%s)", tmpfile, pidfile,
                   ovs_strerror(errno));
    }
    fatal_signal_remove_file_to_unlink(tmpfile);
    free(tmpfile);
}

/* Drops root for the user named by --user.  With ACCESS_DATAPATH, keeps
 * CAP_NET_ADMIN, CAP_NET_RAW and CAP_NET_BROADCAST; otherwise keeps no
 * capability at all. */
static void
become_new_user(bool access_datapath)
{
    if (getuid() == new_uid && getgid() == new_gid
        && geteuid() == new_uid) {
        return;                 /* Already that user. */
    }
    if (geteuid() != 0) {
        VLOG_FATAL("--user %s: only root can switch user", new_user_name);
    }

    if (access_datapath) {
        capng_clear(CAPNG_SELECT_BOTH);
        if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
                          CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BROADCAST,
                          -1)) {
            VLOG_FATAL("--user %s: libcap-ng could not select "
                       "capabilities", new_user_name);
        }
        /* Clearing the bounding set needs CAP_SETPCAP, which containers
         * often lack; the effective and permitted sets are what matter. */
        int retval = capng_change_id(new_uid, new_gid,
                                     CAPNG_DROP_SUPP_GRP
                                     | CAPNG_CLEAR_BOUNDING);
        if (retval == -4) {
            VLOG_WARN("--user %s: could not clear the capability bounding "
                      "set", new_user_name);
            retval = capng_change_id(new_uid, new_gid, CAPNG_DROP_SUPP_GRP);
        }
        if (retval) {
            VLOG_FATAL("--user %s: libcap-ng failed to change uid %ld, gid "
                       "%ld (error %d)", new_user_name, (long int) new_uid,
                       (long int) new_gid, retval);
        }
    } else {
        if (setgroups(1, &new_gid)) {
            VLOG_FATAL("--user %s: setgroups failed (%s)", new_user_name,
                       ovs_strerror(errno));
        }
        if (setgid(new_gid)) {
            VLOG_FATAL("--user %s: setgid(%ld) failed (%s)", new_user_name,
                       (long int) new_gid, ovs_strerror(errno));
        }
        if (setuid(new_uid)) {
            VLOG_FATAL("--user %s: setuid(%ld) failed (%s)", new_user_name,
                       (long int) new_uid, ovs_strerror(errno));
        }
    }

    /* Trust but verify: a half-dropped privilege is worse than none. */
    if (getuid() != new_uid || geteuid() != new_uid
        || getgid() != new_gid || getegid() != new_gid
        || (new_uid != 0 && setuid(0) == 0)) {
        VLOG_FATAL("--user %s: failed to drop privileges", new_user_name);
    }
    VLOG_INFO("running as user %s (uid %ld, gid %ld)", new_user_name,
              (long int) new_uid, (long int) new_gid);
}

/* With --detach, once the parent has been told we are ready: points the
 * standard streams at /dev/null (turning console logging off, since it
 * would go nowhere) and, unless --no-chdir, moves to "/". */
static void
detach_std_streams(void)
{
    if (!detach) {
        return;
    }
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);

    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd < 0) {
        VLOG_ERR("could not open /dev/null (%s)", ovs_strerror(errno));
    } else {
        fflush(NULL);
        dup2(null_fd, STDIN_FILENO);
        dup2(null_fd, STDOUT_FILENO);
        dup2(null_fd, STDERR_FILENO);
        if (null_fd > STDERR_FILENO) {
            close(null_fd);
        }
    }
    if (chdir_ && chdir("/")) {
        VLOG_WARN("chdir(\"/\") failed (%s)", ovs_strerror(errno));
    }
}

void
daemonize_start(bool access_datapath)
{
    fatal_signal_init();

    if (detach) {
        pid_t pid = fork_child(true, &daemonize_fd, -1, false);
        if (pid > 0) {
            /* The foreground parent: the child is ready.  _exit(), not
             * exit(): the exit hooks (unlinking files) are the child's. */
            fflush(NULL);
            _exit(0);
        }
        if (setsid() < 0) {
            VLOG_WARN("setsid failed (%s)", ovs_strerror(errno));
        }
    }

    if (monitor) {
        int saved_fd = daemonize_fd;
        pid_t pid = fork_child(true, &daemonize_fd, saved_fd, true);
        if (pid > 0) {
            /* The monitor: its daemon is ready, so the foreground parent
             * may go.  The monitor's standard streams go away like the
             * daemon's. */
            notify_ready(&saved_fd);
            detach_std_streams();
            monitor_daemon(pid);
            /* Returns only in a restarted daemon. */
        }
    }

    if (pidfile) {
        make_pidfile();
    }

    if (switch_user) {
        become_new_user(access_datapath);
        switch_user = false;
    }
}

void
daemonize_complete(void)
{
    if (completed) {
        return;
    }
    completed = true;

    notify_ready(&daemonize_fd);

    detach_std_streams();
}

void
daemonize(void)
{
    daemonize_start(false);
    daemonize_complete();
}
