/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/lock-file.h"
#include "basic/run-dir.h"
#include "cgroup/cgroup-fs.h"
#include "policy/policy-format.h"
#include "session/environment.h"
#include "session/namespaces.h"
#include "session/session-list.h"

/* The namespaces a login joins, with their index in session_record.ns_inode
 * (the NS_* bit order) and their /proc/PID/ns name. */
static const struct {
        unsigned bit;
        unsigned long flag;
        size_t index;
        const char *proc_name, *self_name;
} joined[] = {
        {NS_MOUNT, CLONE_NEWNS, 0, "mnt", "mnt"},
        {NS_PID, CLONE_NEWPID, 1, "pid", "pid_for_children"},
        {NS_IPC, CLONE_NEWIPC, 2, "ipc", "ipc"},
        {NS_UTS, CLONE_NEWUTS, 3, "uts", "uts"},
        {NS_NET, CLONE_NEWNET, 4, "net", "net"},
};

void environment_done(environment *e) {
        if (!e)
                return;
        session_record_done(&e->record);
        e->init_pidfd = safe_close(e->init_pidfd);
}

int environment_policy_hash(const policy *p, const char *session_id, uint64_t *ret, ns_error *err) {
        _cleanup_free_ char *text = NULL;
        uint64_t h = 0xcbf29ce484222325ULL;
        size_t id_len = session_id ? strlen(session_id) : 0;
        int r;

        assert(p);
        assert(ret);

        r = policy_format(p, NULL, &text);
        if (r < 0)
                return ns_error_set_errno(err, r, "open session: the policy's fingerprint");
        for (const char *c = text; *c;) {
                /* The login's own id, where %s put it, hashes as "%s". */
                const char *bytes = c;
                size_t n = 1;

                if (id_len > 0 && strncmp(c, session_id, id_len) == 0) {
                        bytes = "%s";
                        n = 2;
                        c += id_len;
                } else
                        c++;
                for (size_t i = 0; i < n; i++) {
                        h ^= (unsigned char) bytes[i];
                        h *= 0x100000001b3ULL;
                }
        }
        *ret = h;
        return 0;
}

int environment_process_start(int proc_fd, pid_t pid, uint64_t *ret) {
        _cleanup_close_ int fd = -EBADF;
        char path[64], buf[1024];
        const char *field;
        unsigned long long start;
        ssize_t n;

        snprintf(path, sizeof(path), "%s%d/stat", proc_fd >= 0 ? "" : "/proc/", (int) pid);
        fd = openat(proc_fd >= 0 ? proc_fd : AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        n = read(fd, buf, sizeof(buf) - 1);
        if (n <= 0)
                return n < 0 ? negative_errno() : -EIO;
        buf[n] = '\0';
        /* After the command name (which may hold anything, ')' too): state is
         * field 3, starttime field 22. */
        field = strrchr(buf, ')');
        if (!field)
                return -EIO;
        field++;
        for (int i = 3; i < 22 && field; i++)
                field = strchr(field + 1, ' ');
        if (!field || sscanf(field, " %llu", &start) != 1)
                return -EIO;
        *ret = (uint64_t) start;
        return 0;
}

/* Whether PIDFD (of PID) is the process that started at START and still
 * runs: checked after the start time, so that a PID recycled meanwhile
 * fails one of the two. */
static bool process_is(int pidfd, pid_t pid, uint64_t start) {
        uint64_t now = 0;

        return environment_process_start(-EBADF, pid, &now) >= 0 && now == start &&
                pidfd_send_signal(pidfd, 0, NULL, 0) >= 0;
}

bool environment_login_alive(const session_record *r) {
        _cleanup_close_ int pidfd = -EBADF;

        assert(r);

        if (r->caller_pid <= 0)
                return false;
        pidfd = pidfd_open(r->caller_pid, 0);
        return pidfd >= 0 && process_is(pidfd, r->caller_pid, r->caller_start);
}

int environment_lock(int locks_fd, uid_t uid, int *ret_fd, ns_error *err) {
        char name[64];

        snprintf(name, sizeof(name), ENVIRONMENT_LOCK_FMT, (unsigned) uid);
        return lock_file_take(locks_fd, NSSHELL_LOCK_DIR, name, LOCK_TIMEOUT_MS, ret_fd, err);
}

/* Whether the process PID is in the cgroup at PATH (a record's: the
 * cgroup2 mount's path followed by the cgroup's). */
static bool process_in_cgroup(pid_t pid, const char *path) {
        _cleanup_free_ char *actual = NULL;

        return path && cgroup_fs_process_cgroup(pid, &actual, NULL) >= 0 && strcmp(actual, path) == 0;
}

/* Whether process PID runs with every uid 0 (the init does; no process a
 * user starts does, setuid programs included: their real uid stays). */
static bool process_is_root(pid_t pid) {
        _cleanup_fclose_ FILE *f = NULL;
        char file[64], line[256];
        unsigned ruid, euid, suid, fsuid;

        snprintf(file, sizeof(file), "/proc/%d/status", (int) pid);
        f = fopen(file, "re");
        if (!f)
                return false;
        while (fgets(line, sizeof(line), f))
                if (sscanf(line, "Uid: %u %u %u %u", &ruid, &euid, &suid, &fsuid) == 4)
                        return ruid == 0 && euid == 0 && suid == 0 && fsuid == 0;
        return false;
}

/* Whether the namespaces of process PID are those the record names. */
static bool process_has_namespaces(pid_t pid, const session_record *r) {
        for (size_t i = 0; i < ELEMENTSOF(joined); i++) {
                char path[64];
                struct stat st;

                if (r->ns_inode[joined[i].index] == 0)
                        continue;
                snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int) pid, joined[i].proc_name);
                if (stat(path, &st) < 0 || (uint64_t) st.st_ino != r->ns_inode[joined[i].index])
                        return false;
        }
        return true;
}

/* The checks of the header, on a record read from the user's directory. */
static const char *init_check(const session_record *r, uid_t uid, int pidfd) {
        char slice[48];

        snprintf(slice, sizeof(slice), "/user-%u.slice/", (unsigned) uid);
        if (r->uid != uid || strcmp(r->environment, r->id) != 0 || !r->cgroup || !strstr(r->cgroup, slice))
                return "its record names another user or environment";
        if (!process_is_root(r->init_pid))
                return "its init is not root's";
        if (!process_in_cgroup(r->init_pid, r->cgroup))
                return "its init is not in the environment's cgroup";
        if (!process_has_namespaces(r->init_pid, r))
                return "its init is not in the environment's namespaces";
        if (!process_is(pidfd, r->init_pid, r->init_start))
                return "its init is gone";
        return NULL;
}

/* SIGKILL the verified init (the kernel then ends the environment's pid
 * namespace) and remove the record. */
static int environment_end(int user_dir_fd, const environment *e, ns_error *err) {
        (void) pidfd_send_signal(e->init_pidfd, SIGKILL, NULL, 0);
        return environment_record_retire(user_dir_fd, e->record.id, err);
}

int environment_find(int user_dir_fd, uid_t uid, uint64_t policy_hash, bool tidy, environment *ret,
        const char **ret_why, char ret_old_id[static SESSION_ID_LEN + 1], ns_error *err) {
        environment e = ENVIRONMENT_INIT;
        const char *why;
        bool verified;
        unsigned live = 0;
        int r;

        assert(ret);
        assert(ret_why);

        ret_old_id[0] = '\0';
        r = session_record_read_as(user_dir_fd, ENVIRONMENT_RECORD, &e.record, NULL);
        if (r == -ENOENT) {
                *ret_why = "none";
                return 0;
        }
        if (r < 0) {
                /* Unreadable or malformed: nothing anyone can join; replaced. */
                *ret_why = "its record cannot be read";
                return 0;
        }
        memcpy(ret_old_id, e.record.id, SESSION_ID_LEN + 1);
        e.init_pidfd = e.record.init_pid > 0 ? pidfd_open(e.record.init_pid, 0) : -EBADF;
        why = e.init_pidfd < 0 ? "its init is gone" : init_check(&e.record, uid, e.init_pidfd);
        verified = !why;
        if (!why) {
                r = environment_logins_live(user_dir_fd, e.record.id, NULL, &live, err);
                if (r < 0)
                        goto fail;
                /* Under KillOnLogout yes the last close removes the record:
                 * a record without a live login is what logins left that
                 * ended without closing. */
                if (live == 0 && e.record.kill_on_logout)
                        why = "its logins ended without closing it";
        }
        if (why) {
                /* Only a verified init is killed, never what a PID names.
                 * A record that fails a check is left to the login that
                 * builds anew (it replaces it) or to --gc (TIDY): a reader
                 * in another pid namespace (su inside a session) cannot
                 * judge a PID. */
                r = verified   ? environment_end(user_dir_fd, &e, err)
                        : tidy ? environment_record_retire(user_dir_fd, e.record.id, err)
                               : 0;
                if (r < 0)
                        goto fail;
                *ret_why = why;
                environment_done(&e);
                return 0;
        }
        if (e.record.policy_hash != policy_hash) {
                /* Its logins keep it; new ones get one of the new policy. */
                *ret_why = "it was built from another policy";
                environment_done(&e);
                return 0;
        }
        *ret = e;
        return 1;
fail:
        environment_done(&e);
        return r;
}

int environment_join(const environment *e, unsigned types, uint64_t *ret_cgroup_inode, ns_error *err) {
        struct stat st;
        _cleanup_close_ int proc_fd = -EBADF;
        unsigned long flags = 0;

        assert(e);

        for (size_t i = 0; i < ELEMENTSOF(joined); i++)
                if ((types & joined[i].bit) && e->record.ns_inode[joined[i].index] != 0)
                        flags |= joined[i].flag;
        /* The host's /proc, where the caller has a PID: the environment's,
         * mounted over it in its mount namespace, does not list the caller. */
        proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (proc_fd < 0)
                return ns_error_set_errno(err, negative_errno(), "join environment: open \"/proc\"");
        if (setns(e->init_pidfd, (int) flags) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "join environment %s: setns()", e->record.id);
        for (size_t i = 0; i < ELEMENTSOF(joined); i++) {
                char path[64];

                if (!(flags & joined[i].flag))
                        continue;
                snprintf(path, sizeof(path), "self/ns/%s", joined[i].self_name);
                if (fstatat(proc_fd, path, &st, 0) < 0)
                        return ns_error_set_errno(err, negative_errno(),
                                "join environment %s: stat \"/proc/%s\"", e->record.id, path);
                if ((uint64_t) st.st_ino != e->record.ns_inode[joined[i].index])
                        return ns_error_set(err, -ESTALE,
                                "join environment %s: its %s namespace is not the recorded one",
                                e->record.id, joined[i].proc_name);
        }
        *ret_cgroup_inode = 0;
        if (!(types & NS_CGROUP))
                return 0;
        if (unshare(CLONE_NEWCGROUP) < 0)
                return ns_error_set_errno(err, negative_errno(),
                        "join environment %s: unshare() of the cgroup namespace", e->record.id);
        if (fstatat(proc_fd, "self/ns/cgroup", &st, 0) < 0)
                return ns_error_set_errno(err, negative_errno(),
                        "join environment %s: stat \"/proc/self/ns/cgroup\"", e->record.id);
        *ret_cgroup_inode = (uint64_t) st.st_ino;
        return 0;
}

typedef struct logins_count {
        const char *env_id, *except_id;
        unsigned live;
} logins_count;

static int count_login(int dirfd, const char *id, void *userdata, ns_error *err) {
        logins_count *c = userdata;
        session_record r = {0};

        if (c->except_id && strcmp(id, c->except_id) == 0)
                return 0;
        if (session_record_read(dirfd, id, &r, NULL) < 0)
                return 0; /* gone meanwhile */
        if (strcmp(r.environment, c->env_id) == 0 && environment_login_alive(&r))
                c->live++;
        session_record_done(&r);
        return 0;
}

int environment_logins_live(
        int user_dir_fd, const char *env_id, const char *except_id, unsigned *ret, ns_error *err) {
        logins_count c = {.env_id = env_id, .except_id = except_id};
        int r;

        assert(env_id);
        assert(ret);

        r = session_records_foreach_user(user_dir_fd, count_login, &c, err);
        if (r < 0)
                return r;
        *ret = c.live;
        return 0;
}

int environment_record_retire(int user_dir_fd, const char *env_id, ns_error *err) {
        session_record r = {0};
        bool own;

        assert(env_id);

        if (session_record_read_as(user_dir_fd, ENVIRONMENT_RECORD, &r, NULL) < 0)
                own = faccessat(user_dir_fd, ENVIRONMENT_RECORD, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
        else
                own = strcmp(r.id, env_id) == 0;
        session_record_done(&r);
        if (own && unlinkat(user_dir_fd, ENVIRONMENT_RECORD, 0) < 0 && errno != ENOENT)
                return ns_error_set_errno(
                        err, negative_errno(), "remove the environment record of %s", env_id);
        return 0;
}

typedef struct env_gc {
        int locks_fd;
        unsigned ended;
} env_gc;

/* One user's directory for environment_gc(). */
static int gc_user(int user_fd, uid_t uid, void *userdata, ns_error *err) {
        _cleanup_close_ int lock = -EBADF;
        environment e = ENVIRONMENT_INIT;
        env_gc *g = userdata;
        const char *why = NULL;
        char old[SESSION_ID_LEN + 1];
        int r;

        if (faccessat(user_fd, ENVIRONMENT_RECORD, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                return 0;
        r = environment_lock(g->locks_fd, uid, &lock, err);
        if (r < 0)
                return r;
        /* Any policy fingerprint: a live environment is left alone whatever
         * it was built from. */
        r = environment_find(user_fd, uid, 0, true, &e, &why, old, err);
        /* A live one reads as "built from another policy" (the fingerprint
         * 0 matches none) and stays; an unreadable record stays too. */
        if (r == 0 && faccessat(user_fd, ENVIRONMENT_RECORD, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                g->ended++;
        environment_done(&e);
        return r < 0 ? r : 0;
}

int environment_gc(int run_fd, int sessions_fd, unsigned *ret_ended, ns_error *err) {
        _cleanup_close_ int locks_fd = -EBADF;
        env_gc g = {0};
        int r;

        if (sessions_fd >= 0) {
                r = run_dir_open_locks(run_fd, &locks_fd, err);
                if (r < 0)
                        return r;
                g.locks_fd = locks_fd;
                r = session_users_foreach(sessions_fd, gc_user, &g, err);
                if (r < 0)
                        return r;
        }
        if (ret_ended)
                *ret_ended = g.ended;
        return 0;
}
