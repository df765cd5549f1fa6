/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "basic/lock-file.h"
#include "basic/run-dir.h"
#include "cgroup/cgroup.h"
#include "net/net-policy.h"
#include "session/environment.h"
#include "session/ipc.h"
#include "session/loopback.h"
#include "session/mounts.h"
#include "session/namespaces.h"
#include "session/session-init.h"
#include "session/session-list.h"
#include "session/session-net.h"
#include "session/session-record.h"
#include "session/session.h"

/* How long session_close() lets the killed init take to end before leaving
 * it to be reaped later (it cannot end while the caller still has an unreaped
 * child in the session, e.g. sshd's user child: docs/DESIGN.md,
 * "Session lifecycle"). */
#define INIT_REAP_TIMEOUT_MS 250

struct session {
        session_record record;
        unsigned types; /* NS_* created, NS_USER excluded */
        bool linger; /* KillOnLogout=no: the close leaves the session's processes running */
        int run_fd;
        int sessions_fd; /* SESSION_RECORD_DIR */
        int record_fd; /* the user's directory in it */
        int max_sessions_lock_fd; /* held from the count until the record is written */
        bool record_written;
        ns_saved saved; /* the caller's own namespaces */
        int cwd_fd;
        bool entered; /* the caller is in the session's namespaces */
        int init_pidfd;
        int init_exit_fd; /* hangs up when the init begins to exit */
        bool init_stopped; /* session_init_stop() ended the session's processes */
        uint64_t timeout_stop_usec; /* TimeoutStopSec */
        cgroup_session *cgroup; /* the session leaf; kept after a failed teardown for a retry */
        /* SessionScope=user (environment.h) */
        bool shared;
        bool joined; /* this login joined env; else it built the environment */
        bool env_published; /* the environment record is written (the builder's) */
        environment env; /* the joined one */
        int env_lock_fd; /* held from the search until this login's record is written */
        int proc_fd; /* the host's /proc, for the init's start time */
        char *note; /* for the caller's log: which environment, and why a new one */
        bool env_continues; /* the close leaves the environment to its other logins */
        bool nat; /* Network nat */
        net_session *net; /* Network nat (session-net.h) */
};

/* Whether the user has a runtime directory (logind's /run/user/UID), where
 * the user manager's sockets are. */
static bool has_runtime_dir(uid_t uid) {
        char path[64];
        struct stat st;

        snprintf(path, sizeof(path), "/run/user/%u", (unsigned) uid);
        return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int session_check_policy(const policy *p, const user_context *u, ns_error *err) {
        unsigned types = p->namespaces & ~(unsigned) NS_USER;
        cgroup_backend backend;

        assert(p);
        assert(u);

        if (!p->isolate)
                return ns_error_set(err, -EINVAL, "open session: the policy says Isolate=no");
        if ((types & NS_PID) && !(types & NS_MOUNT))
                return ns_error_set(err, -EINVAL,
                        "open session: Namespaces has pid without mount (the session's /proc needs its own "
                        "mount namespace)");
        /* systemd enforces RuntimeMaxSec on the session's scope; without it,
         * the session's init does. */
        if (p->runtime_max_usec.set && p->runtime_max_usec.value != LIMIT_INFINITY && !(types & NS_PID) &&
                (cgroup_backend_choose(p, &backend, NULL) < 0 || backend != CGROUP_BACKEND_SYSTEMD))
                return ns_error_set(err, -EINVAL,
                        "open session: RuntimeMaxSec needs Namespaces to include pid (the session's init "
                        "ends the session)");
        if (p->protect_user_manager && !(types & NS_MOUNT) && has_runtime_dir(u->uid))
                return ns_error_set(err, -EINVAL,
                        "open session: ProtectUserManager needs Namespaces to include mount (/run/user/%u "
                        "exists; or say ProtectUserManager no)",
                        (unsigned) u->uid);
        if (p->session_scope == SESSION_SCOPE_USER && (!(types & NS_PID) || !(types & NS_MOUNT)))
                return ns_error_set(err, -EINVAL,
                        "open session: SessionScope user needs Namespaces to include mount and pid (later "
                        "logins join the environment through its init)");
        if (mounts_needed(p) && !(types & NS_MOUNT))
                return ns_error_set(err, -EINVAL,
                        "open session: file system directives (PrivateTmp, PrivateDevices, Protect* but "
                        "ProtectClock, ProcSubset, *Paths, TemporaryFileSystem) need Namespaces to include "
                        "mount");
        return session_net_check(p, err);
}

static int step_prepare(session *s, uid_t uid, const char *id, ns_error *err) {
        int r = 0;

        if (id && !session_id_valid(id))
                return ns_error_set(err, -EINVAL, "open session: invalid session id \"%s\"", id);
        if (id)
                memcpy(s->record.id, id, SESSION_ID_LEN + 1);
        else
                r = session_id_new(s->record.id);
        if (r < 0)
                return ns_error_set_errno(err, r, "open session: getrandom() for the session id");
        r = run_dir_open(&s->run_fd, err);
        if (r < 0)
                return r;
        r = session_record_dir_open(s->run_fd, &s->sessions_fd, err);
        if (r < 0)
                return r;
        return session_record_user_dir_open(s->sessions_fd, uid, &s->record_fd, err);
}

/* MaxSessions, the same for both cgroup backends: the user's sessions that
 * are not stale, counted from the records under the lock file
 * NSSHELL_LOCK_DIR/max-sessions-UID.lock, which only root can open, held
 * until this session's own record is written (so simultaneous logins cannot
 * overshoot) and waited for at most LOCK_TIMEOUT_MS (docs/DESIGN.md,
 * "Locks"). */
static int step_max_sessions(session *s, const policy *p, uid_t uid, ns_error *err) {
        _cleanup_close_ int locks = -EBADF;
        char lock[64];
        unsigned live;
        int r;

        if (!p->max_sessions.set || p->max_sessions.value == LIMIT_INFINITY)
                return 0;
        r = run_dir_open_locks(s->run_fd, &locks, err);
        if (r < 0)
                return r;
        snprintf(lock, sizeof(lock), "max-sessions-%u.lock", (unsigned) uid);
        r = lock_file_take(locks, NSSHELL_LOCK_DIR, lock, LOCK_TIMEOUT_MS, &s->max_sessions_lock_fd, err);
        if (r < 0)
                return r;
        r = session_records_count_live(s->sessions_fd, uid, &live, err);
        if (r < 0)
                return r;
        if (live >= p->max_sessions.value)
                return ns_error_set(err, -EUSERS,
                        "open session: MaxSessions=%llu reached (%u sessions live)",
                        (unsigned long long) p->max_sessions.value, live);
        return 0;
}

/* SessionScope=user: under the user's environment lock, held until this
 * login's record is written, the environment to join, if any
 * (environment.h). */
static int step_environment(session *s, const policy *p, uid_t uid, ns_error *err) {
        _cleanup_close_ int locks = -EBADF;
        char old[SESSION_ID_LEN + 1];
        const char *why = NULL;
        int r;

        if (!s->shared)
                return 0;
        s->proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (s->proc_fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open session: open \"/proc\"");
        s->record.caller_pid = getpid();
        r = environment_process_start(s->proc_fd, s->record.caller_pid, &s->record.caller_start);
        if (r < 0)
                return ns_error_set_errno(
                        err, r, "open session: the start time of process %d", (int) s->record.caller_pid);
        r = environment_policy_hash(p, s->record.id, &s->record.policy_hash, err);
        if (r >= 0)
                r = run_dir_open_locks(s->run_fd, &locks, err);
        if (r >= 0)
                r = environment_lock(locks, uid, &s->env_lock_fd, err);
        if (r >= 0)
                r = environment_find(
                        s->record_fd, uid, s->record.policy_hash, false, &s->env, &why, old, err);
        if (r < 0)
                return r;
        s->joined = r > 0;
        s->record.kill_on_logout = !s->linger;
        memcpy(s->record.environment, s->joined ? s->env.record.id : s->record.id, SESSION_ID_LEN + 1);
        if (s->joined)
                r = asprintf(&s->note, "joined environment %s", s->record.environment);
        else if (!old[0])
                r = asprintf(&s->note, "new environment %s", s->record.id);
        else
                r = asprintf(&s->note, "new environment %s, not environment %s: %s", s->record.id, old, why);
        if (r < 0) {
                s->note = NULL;
                return ns_error_set_errno(err, -ENOMEM, "open session");
        }
        return 0;
}

/* First of all: the caller goes into the leaf before any namespace exists,
 * so the session's cgroup namespace is rooted at the leaf. */
static int step_cgroup(session *s, const policy *p, const user_context *u, ns_error *err) {
        int r = cgroup_session_create(p, u->uid, s->record.id, &s->cgroup, err);

        if (r < 0)
                return r;
        /* The records of this user's crashed sessions, whose empty leaves the
         * create just removed; a failure only leaves them to nsshell --gc. */
        for (char *const *id = cgroup_session_swept(s->cgroup); id && *id; id++)
                if (session_id_valid(*id))
                        (void) session_record_remove(s->record_fd, *id, NULL);
        s->record.cgroup = strdup(cgroup_session_path(s->cgroup));
        if (cgroup_session_unit(s->cgroup))
                s->record.unit = strdup(cgroup_session_unit(s->cgroup));
        if (cgroup_session_logind_id(s->cgroup))
                s->record.logind_session = strdup(cgroup_session_logind_id(s->cgroup));
        if (!s->record.cgroup || (cgroup_session_unit(s->cgroup) && !s->record.unit) ||
                (cgroup_session_logind_id(s->cgroup) && !s->record.logind_session))
                return ns_error_set_errno(err, -ENOMEM, "open session: session record");
        return 0;
}

/* Before the caller changes namespaces: what session_close() returns it to. */
static int save_caller(session *s, ns_error *err) {
        int r = ns_save(s->types, &s->saved, err);

        if (r < 0)
                return r;
        s->cwd_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (s->cwd_fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open session: open the working directory");
        return 0;
}

static int step_unshare(session *s, ns_error *err) {
        int r = save_caller(s, err);

        if (r < 0)
                return r;
        if (unshare((int) ns_clone_flags(s->types)) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "open session: unshare() of the namespaces");
        s->entered = true;
        for (unsigned i = 0; i < NS_CALLER_TYPES; i++) {
                /* NS_PID: read by the init, see session_init_spawn(). */
                if (!(s->types & (1u << i)) || (1u << i) == NS_PID)
                        continue;
                r = ns_inode(1u << i, &s->record.ns_inode[i], err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* A login joining its user's environment: its namespaces (but a cgroup
 * namespace of its own), then take the init back if the environment was
 * released. */
static int step_join(session *s, ns_error *err) {
        int r = save_caller(s, err);

        if (r < 0)
                return r;
        s->entered = true;
        r = environment_join(&s->env, s->types, &s->record.ns_inode[NS_CALLER_TYPES - 1], err);
        if (r < 0)
                return r;
        for (unsigned i = 0; i < NS_CALLER_TYPES - 1; i++)
                s->record.ns_inode[i] = s->env.record.ns_inode[i];
        s->record.init_pid = s->env.record.init_pid;
        s->record.init_start = s->env.record.init_start;
        return session_init_attach(s->env.init_pidfd, err);
}

static int step_uts_net(session *s, const policy *p, ns_error *err) {
        if ((s->types & NS_UTS) && p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "open session: sethostname(\"%s\")", p->hostname);
        if (s->types & NS_NET)
                return loopback_up(err);
        return 0;
}

static int step_init(session *s, const policy *p, uid_t uid, ns_error *err) {
        session_init_options o = {.linger = s->linger, .stop_timeout_usec = p->timeout_stop_usec};
        _cleanup_close_ int locks = -EBADF;
        session_init_shared sh = {.record_dir_fd = s->record_fd};
        int r;

        if (!(s->types & NS_PID))
                return 0;
        if (p->runtime_max_usec.set && p->runtime_max_usec.value != LIMIT_INFINITY)
                o.runtime_max_usec = p->runtime_max_usec.value ?: 1;
        (void) mounts_proc_options(p, o.proc_options, sizeof(o.proc_options));
        if (s->shared) {
                r = run_dir_open_locks(s->run_fd, &locks, err);
                if (r < 0)
                        return r;
                sh.lock_dir_fd = locks;
                snprintf(sh.lock_name, sizeof(sh.lock_name), ENVIRONMENT_LOCK_FMT, (unsigned) uid);
                memcpy(sh.env_id, s->record.id, SESSION_ID_LEN + 1);
                o.shared = &sh;
        }
        r = session_init_spawn(
                &o, &s->record.init_pid, &s->init_pidfd, &s->init_exit_fd, &s->record.ns_inode[1], err);
        if (r >= 0 && s->shared) {
                r = environment_process_start(s->proc_fd, s->record.init_pid, &s->record.init_start);
                if (r < 0)
                        return ns_error_set_errno(
                                err, r, "open session: the start time of the session init");
        }
        return r;
}

static int step_record(session *s, const user_context *u, const char *service, ns_error *err) {
        struct timespec ts;
        int r;

        clock_gettime(CLOCK_REALTIME, &ts);
        s->record.start_usec = (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
        s->record.uid = u->uid;
        s->record.user = strdup(u->name);
        s->record.service = strdup(service ? service : "");
        if (!s->record.user || !s->record.service)
                return ns_error_set_errno(err, -ENOMEM, "open session: session record");
        r = session_record_write(s->record_fd, &s->record, err);
        s->record_written = r >= 0;
        if (r < 0 || !s->shared || s->joined)
                return r;
        /* The builder's own record, under the name later logins look for. */
        r = session_record_write_as(s->record_fd, ENVIRONMENT_RECORD, &s->record, err);
        s->env_published = r >= 0;
        return r;
}

/* What a new session (or the first login of a shared environment) builds
 * once it is in its cgroup. */
static int step_build(session *s, const policy *p, const user_context *u, ns_error *err) {
        int r = step_unshare(s, err);

        if (r >= 0 && (s->types & NS_MOUNT))
                r = mounts_apply(p, u, s->run_fd, err);
        if (r >= 0)
                r = step_uts_net(s, p, err);
        if (r >= 0)
                r = session_net_open(p, &s->saved, s->run_fd, s->sessions_fd, s->record.id, &s->net, err);
        if (r >= 0)
                r = step_init(s, p, u->uid, err);
        if (r >= 0 && (s->types & NS_MOUNT))
                r = mounts_apply_proc(p, s->run_fd, err);
        return r;
}

static session *session_new(const policy *p) {
        session *s = calloc(1, sizeof(*s));

        if (!s)
                return NULL;
        s->types = p->namespaces & ~(unsigned) NS_USER;
        s->linger = !p->kill_on_logout;
        s->timeout_stop_usec = p->timeout_stop_usec;
        s->run_fd = s->sessions_fd = s->record_fd = s->max_sessions_lock_fd = s->cwd_fd = s->init_pidfd =
                s->init_exit_fd = s->env_lock_fd = s->proc_fd = -EBADF;
        s->shared = p->session_scope == SESSION_SCOPE_USER;
        s->env = (environment) ENVIRONMENT_INIT;
        s->nat = net_policy_mode(p) == NETWORK_NAT;
        s->saved = (ns_saved) NS_SAVED_INIT;
        return s;
}

int session_open(const policy *p, const user_context *u, const char *service, const char *id, session **ret,
        ns_error *err) {
        session *s;
        int r;

        assert(p);
        assert(u);
        assert(ret);

        r = session_check_policy(p, u, err);
        if (r < 0)
                return r;
        s = session_new(p);
        if (!s)
                return ns_error_set_errno(err, -ENOMEM, "open session");
        /* Order matters: the id names everything after it; anything that
         * places the caller in the session's cgroup must come before
         * step_unshare() (a cgroup namespace is rooted where the caller is
         * at unshare() time); mounts need the new mount namespace; the
         * init mounts /proc, after which /proc/self dangles here; what the
         * policy mounts below /proc comes after it. */
        r = step_prepare(s, u->uid, id, err);
        if (r >= 0)
                r = step_max_sessions(s, p, u->uid, err);
        if (r >= 0)
                r = step_environment(s, p, u->uid, err);
        if (r >= 0)
                r = step_cgroup(s, p, u, err);
        if (r >= 0 && s->joined)
                r = step_join(s, err);
        else if (r >= 0)
                r = step_build(s, p, u, err);
        if (r >= 0)
                r = step_record(s, u, service, err);
        s->max_sessions_lock_fd = safe_close(s->max_sessions_lock_fd);
        if (r < 0) {
                (void) session_close(s, NULL);
                session_free(s);
                return r;
        }
        s->env_lock_fd = safe_close(s->env_lock_fd);
        *ret = s;
        return 0;
}

const char *session_note(const session *s) {
        assert(s);

        return s->note;
}

const char *session_id(const session *s) {
        assert(s);

        return s->record.id;
}

pid_t session_init_pid(const session *s) {
        assert(s);

        return s->record.init_pid;
}

const char *session_cgroup(const session *s) {
        assert(s);

        return s->record.cgroup;
}

char *const *session_cgroup_unapplied(const session *s) {
        assert(s);

        return s->cgroup ? cgroup_session_unapplied(s->cgroup) : NULL;
}

static int close_init_and_ipc(session *s, ns_error *err) {
        int r = 0, k;

        if (s->init_pidfd >= 0 && s->linger) {
                r = session_init_release(s->init_pidfd, err);
                if (r >= 0)
                        s->init_pidfd = safe_close(s->init_pidfd);
        } else if (s->init_pidfd >= 0) {
                /* The graceful end, all of it inside the pid namespace: the
                 * cgroup teardown then finds nothing left to signal. */
                k = session_init_stop(
                        s->init_pidfd, s->init_exit_fd, s->timeout_stop_usec, INIT_REAP_TIMEOUT_MS, err);
                s->init_stopped = k >= 0;
                if (k < 0)
                        r = k;
                /* Keep the pidfd until reaped so a later close retries. */
                if (k > 0)
                        s->init_pidfd = safe_close(s->init_pidfd);
        }
        /* Lingering processes may still use them; they go with the
         * namespace when its last member ends. */
        if (s->entered && (s->types & NS_IPC) && !s->linger) {
                k = ipc_remove_all(err);
                if (k < 0 && r == 0)
                        r = k;
        }
        return r;
}

static int close_return(session *s, ns_error *err) {
        int r;

        if (!s->entered)
                return 0;
        r = ns_restore(&s->saved, err);
        s->entered = false;
        if (s->cwd_fd >= 0 && fchdir(s->cwd_fd) < 0 && r == 0)
                r = ns_error_set_errno(
                        err, negative_errno(), "close session: return to the working directory");
        s->cwd_fd = safe_close(s->cwd_fd);
        return r;
}

static void keep_processes(session *s) {
        if (s->cgroup)
                cgroup_session_keep_processes(s->cgroup);
}

/* A login of a shared environment, under the environment lock (held
 * already when session_open() failed after taking it): remove its record
 * and, if it was the environment's last live login, end the environment
 * (KillOnLogout yes: no later login can find it, then its init stops it) or
 * release its init (it ends with its last process, or a later login takes
 * it back). Any other login leaves the environment's processes running. */
static int close_shared(session *s, ns_error *err) {
        _cleanup_close_ int locks = -EBADF, lock = -EBADF;
        const char *env_id = s->record.environment;
        int pidfd = s->joined ? s->env.init_pidfd : s->init_pidfd;
        unsigned live = 0;
        int r = 0, k;

        if (s->env_lock_fd < 0) {
                r = run_dir_open_locks(s->run_fd, &locks, err);
                if (r >= 0)
                        r = environment_lock(locks, s->record.uid, &lock, err);
                if (r < 0)
                        return r;
        }
        if (s->record_written) {
                r = session_record_remove(s->record_fd, s->record.id, err);
                if (r < 0)
                        return r;
                s->record_written = false;
        }
        r = environment_logins_live(s->record_fd, env_id, s->record.id, &live, err);
        if (r < 0)
                return r;
        if (live > 0) {
                s->env_continues = true;
                keep_processes(s);
                return 0;
        }
        if (s->linger) {
                keep_processes(s);
                return pidfd >= 0 ? session_init_release(pidfd, err) : 0;
        }
        r = environment_record_retire(s->record_fd, env_id, err);
        if (r < 0)
                return r;
        lock = safe_close(lock);
        if (s->cgroup)
                cgroup_session_sweep_at_teardown(s->cgroup);
        if (pidfd < 0)
                return 0;
        k = session_init_stop(pidfd, s->joined ? -EBADF : s->init_exit_fd, s->timeout_stop_usec,
                INIT_REAP_TIMEOUT_MS, err);
        s->init_stopped = k >= 0;
        return k < 0 ? k : 0;
}

/* Network nat, in the host's network namespace. A shared environment's
 * network is its builder's and lives as long as the environment has
 * logins: a login that leaves it to others keeps it; the last login of an
 * environment another login built removes the builder's lease, stale now
 * (session-net.c judges it by the logins' records). */
static int close_network(session *s, ns_error *err) {
        if (s->env_continues) {
                net_session_free(s->net);
                s->net = NULL;
                return 0;
        }
        if (s->net)
                return session_net_close(&s->net, err);
        if (s->joined && s->nat)
                return session_net_gc(s->run_fd, s->sessions_fd, NULL, err);
        return 0;
}

int session_close(session *s, ns_error *err) {
        int r, k;

        if (!s)
                return 0;
        /* A builder that failed before publishing its environment ends it
         * as any session. */
        if (s->joined || s->env_published) {
                /* Counted from the host's /proc: out of the environment first. */
                r = close_return(s, err);
                k = close_shared(s, err);
                if (k < 0 && r == 0)
                        r = k;
        } else
                r = close_init_and_ipc(s, err);
        k = close_return(s, err);
        if (k < 0 && r == 0)
                r = k;
        k = close_network(s, err);
        if (k < 0 && r == 0)
                r = k;
        /* Outside the session's cgroup namespace now, so the caller can be
         * moved back out of the leaf before the leaf is killed. */
        if (s->cgroup) {
                k = cgroup_session_teardown(s->cgroup, s->init_stopped ? 0 : s->timeout_stop_usec, err);
                if (k < 0 && r == 0)
                        r = k;
                if (k >= 0) {
                        cgroup_session_free(s->cgroup);
                        s->cgroup = NULL;
                }
        }
        if (s->record_written) {
                k = session_record_remove(s->record_fd, s->record.id, err);
                if (k < 0 && r == 0)
                        r = k;
                s->record_written = k < 0;
        }
        return r;
}

void session_free(session *s) {
        if (!s)
                return;
        ns_saved_done(&s->saved);
        safe_close(s->cwd_fd);
        safe_close(s->init_pidfd);
        safe_close(s->init_exit_fd);
        safe_close(s->record_fd);
        safe_close(s->sessions_fd);
        safe_close(s->run_fd);
        safe_close(s->env_lock_fd);
        safe_close(s->proc_fd);
        environment_done(&s->env);
        free(s->note);
        cgroup_session_free(s->cgroup);
        net_session_free(s->net);
        session_record_done(&s->record);
        free(s);
}
