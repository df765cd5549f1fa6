/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <linux/sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/time-util.h"
#include "session/session-init.h"

#define INIT_READY_TIMEOUT_MS 5000
/* session_init_release(): the caller closed the session. */
#define INIT_SIGNAL_CLOSED SIGUSR1
/* session_init_stop(): end the session gracefully. */
#define INIT_SIGNAL_STOP SIGUSR2
/* session_init_attach(): a login joined the released environment. Not a
 * constant: tested before the switch. */
#define INIT_SIGNAL_ATTACH (SIGRTMIN + 2)
/* Closing, how often the init looks for processes that are not its
 * children (init_others_alive()). */
#define INIT_RECHECK_NSEC (50 * 1000 * 1000)

static bool fd_readable_now(int fd) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};

        return poll(&pfd, 1, 0) > 0;
}

typedef struct init_ready {
        int code; /* 0 or -errno of the /proc mount */
        uint64_t pidns_inode;
} init_ready;

/* The init keeps FD open for life: the caller sees it hang up the moment
 * the init begins to exit (session_init_stop()), before the kernel has
 * ended the rest of the pid namespace. */
static void init_report(int fd, int code) {
        init_ready m = {.code = code};
        struct stat st;

        if (code == 0 && stat("/proc/self/ns/pid", &st) == 0)
                m.pidns_inode = (uint64_t) st.st_ino;
        (void) fd_write_all(fd, &m, sizeof(m));
}

/* Reap every exited child; true when none is left. */
static bool init_reap(void) {
        pid_t pid;

        while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
                ;
        return pid < 0 && errno == ECHILD;
}

/* Dispositions come from the caller (sshd installs handlers): reset them all
 * so only the signals waited for below do anything. */
static void init_signals(sigset_t *waited) {
        struct sigaction dfl = {.sa_handler = SIG_DFL};

        sigfillset(waited);
        sigprocmask(SIG_SETMASK, waited, NULL);
        for (int sig = 1; sig < NSIG; sig++)
                (void) sigaction(sig, &dfl, NULL);
        sigemptyset(waited);
        sigaddset(waited, SIGCHLD);
        sigaddset(waited, SIGTERM);
        sigaddset(waited, SIGHUP);
        sigaddset(waited, SIGINT);
        sigaddset(waited, SIGALRM);
        sigaddset(waited, INIT_SIGNAL_CLOSED);
        sigaddset(waited, INIT_SIGNAL_STOP);
        sigaddset(waited, INIT_SIGNAL_ATTACH);
}

static void init_arm(uint64_t usec) {
        struct itimerval t = {.it_value = {.tv_sec = (time_t) (usec / 1000000), .tv_usec = usec % 1000000}};

        (void) setitimer(ITIMER_REAL, &t, NULL);
}

/* Whether /proc/NAME (PROC_FD: the init's own /proc) is a process that has
 * not yet exited (state neither Z nor X). */
static bool init_proc_alive(int proc_fd, const char *name) {
        char path[32], stat[512];
        const char *paren;
        size_t len = strlen(name);
        ssize_t n;
        int fd;

        if (len + sizeof("/stat") > sizeof(path))
                return false;
        memcpy(path, name, len);
        memcpy(path + len, "/stat", sizeof("/stat"));
        fd = openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return false;
        n = read(fd, stat, sizeof(stat) - 1);
        (void) close(fd);
        if (n <= 0)
                return false;
        stat[n] = '\0';
        paren = strrchr(stat, ')');
        return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

/* Whether any process but the init is left in its pid namespace, from the
 * session's /proc, which the init mounted (as root it sees every process
 * whatever hidepid= says). Only system calls and the stack: the init never
 * allocates. Orphans are the init's children and their end wakes it; this
 * catches the others: a process whose parent is still exiting (under sshd
 * the user child, whose monitor may close the session before the kernel
 * has handed its children to the init). */
static bool init_others_alive(void) {
        char buf[4096];
        bool alive = false;
        long n;
        int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return false;
        while (!alive && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
                for (long off = 0; off < n && !alive;) {
                        const struct dirent64 *d = (const struct dirent64 *) (buf + off);

                        off += d->d_reclen;
                        if (d->d_name[0] >= '1' && d->d_name[0] <= '9' && strcmp(d->d_name, "1") != 0 &&
                                strspn(d->d_name, "0123456789") == strlen(d->d_name))
                                alive = init_proc_alive(fd, d->d_name);
                }
        (void) close(fd);
        return alive;
}

/* Closing: reap, and true when no process is left; *OTHERS: none of the
 * init's children is, but other processes are. */
static bool init_nothing_left(bool *others) {
        bool no_child = init_reap();

        *others = no_child && init_others_alive();
        return no_child && !*others;
}

/* What systemd does to stop a login's scope (KillSignal=SIGTERM, then
 * SIGCONT so that stopped processes see it, SendSIGHUP=yes for shells, which
 * ignore SIGTERM), to every process of the pid namespace but the init. */
static void init_signal_all(void) {
        (void) kill(-1, SIGTERM);
        (void) kill(-1, SIGCONT);
        (void) kill(-1, SIGHUP);
}

/* Whether a login's attach is pending, taking it if so. */
static bool init_take_attach(void) {
        const struct timespec now = {0};
        sigset_t pending, attach;

        if (sigpending(&pending) < 0 || !sigismember(&pending, INIT_SIGNAL_ATTACH))
                return false;
        sigemptyset(&attach);
        sigaddset(&attach, INIT_SIGNAL_ATTACH);
        return sigtimedwait(&attach, NULL, &now) == INIT_SIGNAL_ATTACH;
}

/* Whether the user's environment record is still this init's own ("id=" is
 * its first line, session-record.c). */
static bool init_record_is_own(const session_init_shared *sh) {
        char buf[4 + SESSION_ID_LEN + 1];
        ssize_t n;
        int fd = openat(sh->record_dir_fd, "environment", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

        if (fd < 0)
                return false;
        n = read(fd, buf, sizeof(buf));
        (void) close(fd);
        return n == (ssize_t) sizeof(buf) && memcmp(buf, "id=", 3) == 0 &&
                memcmp(buf + 3, sh->env_id, SESSION_ID_LEN) == 0 && buf[3 + SESSION_ID_LEN] == '\n';
}

/* A shared init about to end: under the environment lock, remove the
 * environment's record if it is its own, so that no later login joins it.
 * With CHECK_ATTACH, a login that joined meanwhile (its attach pending once
 * the lock is ours: it signals before it unlocks) keeps the init: false,
 * the lock released. Otherwise true, and the lock stays held until the
 * init's exit (KEEP_LOCK) or is released at once. */
static bool init_retire(const session_init_shared *sh, bool check_attach, bool keep_lock) {
        int lock = openat(sh->lock_dir_fd, sh->lock_name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);

        /* Blocking: every holder keeps it for a few milliseconds. Without
         * the file (removed by hand) nobody can join either. */
        if (lock >= 0)
                (void) flock(lock, LOCK_EX);
        if (check_attach && init_take_attach()) {
                if (lock >= 0)
                        (void) close(lock);
                return false;
        }
        if (init_record_is_own(sh))
                (void) unlinkat(sh->record_dir_fd, "environment", 0);
        if (!keep_lock && lock >= 0)
                (void) close(lock);
        return true;
}

/* Exit, but a shared init only through init_retire(); false when a login
 * attached instead. */
static bool init_exit(const session_init_options *o, bool check_attach) {
        if (o->shared && !init_retire(o->shared, check_attach, true))
                return false;
        _exit(0);
}

/* The init's life: reap, forward, end the session when its time is up or
 * the caller stops it and, when lingering, exit once the caller closed the
 * session and no process is left.
 *
 * Stopping (the runtime limit, or the caller's INIT_SIGNAL_STOP), it signals
 * every process once. Its time up, the processes have the grace period, the
 * init's own timer, after which it exits: the kernel SIGKILLs the rest. The
 * caller's stop means the caller's own children in the session (sshd's user
 * child, the shell under login, su or nsshell --user) have ended, so what is
 * left are orphans, the init's children, or about to be: it exits as soon as
 * no process is left (init_nothing_left()), and the caller keeps the grace
 * period (session_init_stop()). Before that, having no child proves nothing:
 * the session's leader is the caller's child. */
static _Noreturn void init_loop(const session_init_options *o, const sigset_t *waited) {
        const struct timespec recheck = {.tv_nsec = INIT_RECHECK_NSEC};
        bool closed = false, stopping = false, closing = false, others = false;
        siginfo_t si;

        if (o->runtime_max_usec > 0)
                init_arm(o->runtime_max_usec);
        for (;;) {
                /* Closing with no child left but other processes: those
                 * end without telling the init, so look again shortly. */
                if (sigtimedwait(waited, &si, others ? &recheck : NULL) < 0) {
                        if (errno == EAGAIN && init_nothing_left(&others) && !init_exit(o, !stopping))
                                closing = others = false;
                        continue;
                }
                if (si.si_signo == INIT_SIGNAL_ATTACH) {
                        /* A released shared init, taken back. */
                        if (!stopping)
                                closing = others = false;
                        continue;
                }
                switch (si.si_signo) {
                case SIGCHLD:
                        if ((closing ? init_nothing_left(&others) : init_reap() && closed) &&
                                !init_exit(o, !stopping))
                                closing = others = false;
                        break;
                case INIT_SIGNAL_CLOSED:
                        if (o->shared) {
                                /* The last login is gone: it ends once
                                 * every process is, its own children or
                                 * not. */
                                closing = true;
                                if (init_nothing_left(&others) && !init_exit(o, true))
                                        closing = others = false;
                                break;
                        }
                        closed = o->linger;
                        if (closed && init_reap())
                                _exit(0);
                        break;
                case SIGALRM:
                        /* RuntimeMaxSec is up, or the grace after it. */
                        if (stopping || o->stop_timeout_usec == 0)
                                init_exit(o, false);
                        if (o->shared)
                                (void) init_retire(o->shared, false, false);
                        stopping = true;
                        init_signal_all();
                        init_arm(o->stop_timeout_usec);
                        break;
                case INIT_SIGNAL_STOP:
                        closing = true;
                        if (!stopping) {
                                init_arm(0); /* the caller keeps the grace */
                                stopping = true;
                                init_signal_all();
                        }
                        if (init_nothing_left(&others))
                                init_exit(o, false);
                        break;
                default:
                        /* Forwarded, unless the session is stopping (it
                         * got them then). */
                        if (!stopping)
                                (void) kill(-1, si.si_signo);
                }
        }
}

static _Noreturn void init_main(const session_init_options *o, int parent_pidfd, int ready_fd) {
        sigset_t waited;

        const int keep[] = {ready_fd, o->shared ? o->shared->lock_dir_fd : -1,
                o->shared ? o->shared->record_dir_fd : -1};

        /* Die with the caller, or, lingering, take its death for the close;
         * the pidfd closes the race with an earlier exit (getppid() is 0
         * here: the parent is outside the namespace). A shared init
         * outlives its first login: the environment's last one ends it. */
        if (!o->shared &&
                (prctl(PR_SET_PDEATHSIG, o->linger ? INIT_SIGNAL_CLOSED : SIGKILL) < 0 ||
                        fd_readable_now(parent_pidfd)))
                _exit(1);
        fd_close_all_but(keep, ELEMENTSOF(keep));
        init_signals(&waited);
        (void) prctl(PR_SET_NAME, "nsshell-init");
        (void) setsid();
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    o->proc_options[0] ? o->proc_options : NULL) < 0) {
                init_report(ready_fd, negative_errno());
                _exit(1);
        }
        init_report(ready_fd, 0);
        init_loop(o, &waited);
}

static int init_wait_ready(int ready_fd, pid_t pid, uint64_t *ret_pidns, ns_error *err) {
        struct pollfd pfd = {.fd = ready_fd, .events = POLLIN};
        init_ready m = {.code = -EIO};
        int r;

        do
                r = poll(&pfd, 1, INIT_READY_TIMEOUT_MS);
        while (r < 0 && errno == EINTR);
        if (r == 0)
                return ns_error_set(err, -ETIMEDOUT,
                        "start session init: pid %d did not mount /proc in %d ms", (int) pid,
                        INIT_READY_TIMEOUT_MS);
        if (r < 0 || read(ready_fd, &m, sizeof(m)) != (ssize_t) sizeof(m))
                return ns_error_set(
                        err, -EIO, "start session init: pid %d exited before mounting /proc", (int) pid);
        if (m.code < 0)
                return ns_error_set_errno(err, m.code, "start session init: mount \"proc\" on \"/proc\"");
        *ret_pidns = m.pidns_inode;
        return 0;
}

/* fork(), but the child's exit sends the caller no SIGCHLD and wait() or
 * waitpid(-1) without __WALL does not see it: the init belongs to the
 * session, not to the PAM application, which may wait for all its children
 * before it closes the session (Debian's cron does: with a plain fork its
 * job's session never closed). Only the init runs in the child, and it
 * makes system calls only (no malloc, no stdio), so skipping glibc's fork
 * handlers is safe. nsshell reaps it with __WALL (session_init_kill()). */
static pid_t fork_unsignalled(void) {
        struct clone_args args = {.exit_signal = 0};

        return (pid_t) syscall(SYS_clone3, &args, sizeof(args));
}

int session_init_spawn(const session_init_options *o, pid_t *ret_pid, int *ret_pidfd, int *ret_exit_fd,
        uint64_t *ret_pidns, ns_error *err) {
        _cleanup_close_ int self_fd = -EBADF, child_fd = -EBADF, exit_fd = -EBADF;
        sigset_t all, saved;
        int pipefd[2];
        uint64_t pidns = 0;
        pid_t pid;
        int r;

        assert(o);
        assert(ret_pid);
        assert(ret_pidfd);
        assert(ret_exit_fd);
        assert(ret_pidns);

        self_fd = pidfd_open(getpid(), 0);
        if (self_fd < 0)
                return ns_error_set_errno(err, negative_errno(), "start session init: pidfd_open(self)");
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return ns_error_set_errno(err, negative_errno(), "start session init: pipe2()");
        /* Blocked across fork(): until init_signals() has reset them, a
         * signal would run the caller's handler (sshd's) in the init. */
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, &saved);
        pid = fork_unsignalled();
        if (pid != 0)
                sigprocmask(SIG_SETMASK, &saved, NULL);
        if (pid < 0) {
                r = negative_errno();
                safe_close(pipefd[0]);
                safe_close(pipefd[1]);
                return ns_error_set_errno(err, r, "start session init: clone3()");
        }
        if (pid == 0)
                init_main(o, self_fd, pipefd[1]);
        safe_close(pipefd[1]);
        exit_fd = pipefd[0];
        child_fd = pidfd_open(pid, 0);
        r = child_fd < 0
                ? ns_error_set_errno(err, negative_errno(), "start session init: pidfd_open(%d)", (int) pid)
                : init_wait_ready(exit_fd, pid, &pidns, err);
        if (r < 0) {
                (void) kill(pid, SIGKILL);
                (void) waitpid(pid, NULL, __WALL);
                return r;
        }
        *ret_pid = pid;
        *ret_pidfd = TAKE_FD(child_fd);
        *ret_exit_fd = TAKE_FD(exit_fd);
        *ret_pidns = pidns;
        return 0;
}

int session_init_kill(int pidfd, int timeout_ms, ns_error *err) {
        struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
        siginfo_t si = {0};

        if (pidfd_send_signal(pidfd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
                return ns_error_set_errno(err, negative_errno(), "kill session init: pidfd_send_signal()");
        (void) poll(&pfd, 1, timeout_ms);
        if (waitid(P_PIDFD, (id_t) pidfd, &si, WEXITED | WNOHANG | __WALL) < 0)
                return errno == ECHILD
                        ? 1
                        : ns_error_set_errno(err, negative_errno(), "reap session init: waitid()");
        return si.si_pid != 0;
}

int session_init_stop(int pidfd, int exit_fd, uint64_t timeout_usec, int reap_timeout_ms, ns_error *err) {
        struct pollfd pfd = {.fd = exit_fd >= 0 ? exit_fd : pidfd, .events = POLLIN};
        uint64_t deadline = now_monotonic_usec() + timeout_usec;

        if (timeout_usec > 0 && pidfd_send_signal(pidfd, INIT_SIGNAL_STOP, NULL, 0) < 0 && errno != ESRCH)
                return ns_error_set_errno(err, negative_errno(), "stop session init: pidfd_send_signal()");
        /* Until the init hangs up its end of the pipe (it begins to exit:
         * the session's processes are gone) or the grace period is up. */
        for (uint64_t now; timeout_usec > 0 && (now = now_monotonic_usec()) < deadline;) {
                int r = poll(&pfd, 1, (int) ((deadline - now + 999) / 1000));
                if (r > 0 || (r < 0 && errno != EINTR))
                        break;
        }
        return session_init_kill(pidfd, reap_timeout_ms, err);
}

int session_init_release(int pidfd, ns_error *err) {
        siginfo_t si = {0};

        if (pidfd_send_signal(pidfd, INIT_SIGNAL_CLOSED, NULL, 0) < 0 && errno != ESRCH)
                return ns_error_set_errno(
                        err, negative_errno(), "release session init: pidfd_send_signal()");
        if (waitid(P_PIDFD, (id_t) pidfd, &si, WEXITED | WNOHANG | __WALL) < 0 && errno != ECHILD)
                return ns_error_set_errno(err, negative_errno(), "reap session init: waitid()");
        return 0;
}

int session_init_attach(int pidfd, ns_error *err) {
        if (pidfd_send_signal(pidfd, INIT_SIGNAL_ATTACH, NULL, 0) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "attach to session init: pidfd_send_signal()");
        return 0;
}
