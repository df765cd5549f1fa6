/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "basic/lock-file.h"
#include "basic/run-dir.h"
#include "basic/session-id.h"
#include "cgroup/cgroup-fs.h"
#include "cgroup/cgroup-kill.h"
#include "cgroup/cgroup-limits.h"
#include "cgroup/cgroup-cgroupfs.h"
#include "basic/strv.h"

/* rmdir of a leaf that just emptied may still see it busy for a moment. */
#define REMOVE_TRIES 10
#define REMOVE_PAUSE_NS (20 * 1000 * 1000)
/* CgroupRoot/slice/leaf is depth 2; anything planted deeper is still collected. */
#define GC_MAX_DEPTH 8

struct cgroupfs_session {
        int mount_fd; /* the cgroup2 root */
        int root_fd; /* CgroupRoot */
        int home_fd; /* where the caller was before create: it returns there at teardown */
        char *root_path;
        char *slice_name, *slice_path;
        char *leaf_name, *leaf_path;
        bool kill;
        bool sweep; /* cgroupfs_session_sweep_at_teardown() */
        unsigned drain_timeout_ms;
        char *lock_dir; /* cgroupfs_options.lock_dir, or NULL: NSSHELL_LOCK_DIR */
        char **unapplied;
        char **swept; /* ids of dead sessions whose leaves create removed */
};

void cgroupfs_session_free(cgroupfs_session *c) {
        if (!c)
                return;
        safe_close(c->mount_fd);
        safe_close(c->root_fd);
        safe_close(c->home_fd);
        free(c->root_path);
        free(c->slice_name);
        free(c->slice_path);
        free(c->leaf_name);
        free(c->leaf_path);
        free(c->lock_dir);
        strv_free(c->unapplied);
        strv_free(c->swept);
        free(c);
}

const char *cgroupfs_session_path(const cgroupfs_session *c) {
        assert(c);

        return c->leaf_path;
}

char *const *cgroupfs_session_unapplied(const cgroupfs_session *c) {
        assert(c);

        return c->unapplied;
}

char *const *cgroupfs_session_swept(const cgroupfs_session *c) {
        assert(c);

        return c->swept;
}

static int session_new(uid_t uid, const char *session_id, const cgroupfs_options *opts,
        cgroupfs_session **ret, ns_error *err) {
        cgroupfs_session *c;

        if (uid == (uid_t) -1)
                return ns_error_set(err, -EINVAL, "cgroup for uid %u: not a valid uid", (unsigned) uid);
        /* the id becomes a directory name */
        if (!session_id_valid(session_id))
                return ns_error_set(err, -EINVAL,
                        "cgroup for session \"%s\": not a session id (%d lowercase hex digits)",
                        session_id ?: "", SESSION_ID_LEN);
        c = calloc(1, sizeof(*c));
        if (!c)
                return ns_error_set_errno(err, -ENOMEM, "cgroup for session \"%s\"", session_id);
        *c = (cgroupfs_session){.mount_fd = -EBADF, .root_fd = -EBADF, .home_fd = -EBADF};
        c->drain_timeout_ms =
                opts && opts->drain_timeout_ms ? opts->drain_timeout_ms : CGROUP_DRAIN_TIMEOUT_MS;
        if (asprintf(&c->slice_name, "user-%u.slice", (unsigned) uid) < 0)
                c->slice_name = NULL;
        if (asprintf(&c->leaf_name, "session-%s.scope", session_id) < 0)
                c->leaf_name = NULL;
        if (opts && opts->lock_dir)
                c->lock_dir = strdup(opts->lock_dir);
        if (!c->slice_name || !c->leaf_name || (opts && opts->lock_dir && !c->lock_dir)) {
                cgroupfs_session_free(c);
                return ns_error_set_errno(err, -ENOMEM, "cgroup for session \"%s\"", session_id);
        }
        *ret = c;
        return 0;
}

/* The directory of the slice locks: LOCK_DIR (tests), or nsshell's own
 * (root-only 0700, on its own file system: basic/run-dir.h). */
static int open_lock_dir(const char *lock_dir, int *ret_fd, ns_error *err) {
        _cleanup_close_ int run = -EBADF;
        int r, fd;

        if (lock_dir) {
                fd = open(lock_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return ns_error_set_errno(err, negative_errno(), "open \"%s\"", lock_dir);
                *ret_fd = fd;
                return 0;
        }
        r = run_dir_open(&run, err);
        if (r < 0)
                return r;
        return run_dir_open_locks(run, ret_fd, err);
}

/*
 * Serialise every change of a user slice's set of leaves (create, remove,
 * gc) on the lock file "SLICE_NAME.lock" in the lock directory, which only
 * root can open, with a bounded wait. Never a flock() on the slice directory:
 * every user can open a 0755 cgroup directory, and so could hold that lock
 * forever (docs/DESIGN.md, "Locks").
 */
static int lock_slice(const char *lock_dir, const char *slice_name, int *ret_fd, ns_error *err) {
        _cleanup_close_ int dirfd = -EBADF;
        _cleanup_free_ char *name = NULL;
        int r;

        r = open_lock_dir(lock_dir, &dirfd, err);
        if (r < 0)
                return r;
        if (asprintf(&name, "%s.lock", slice_name) < 0)
                return ns_error_set_errno(err, -ENOMEM, "lock cgroup \"%s\"", slice_name);
        return lock_file_take(
                dirfd, lock_dir ? lock_dir : NSSHELL_LOCK_DIR, name, LOCK_TIMEOUT_MS, ret_fd, err);
}

/* Whether NAME is "user-UID.slice", a slice nsshell creates (and locks). */
static bool is_slice_name(const char *name) {
        char again[64];
        unsigned uid;

        if (sscanf(name, "user-%u.slice", &uid) != 1)
                return false;
        snprintf(again, sizeof(again), "user-%u.slice", uid);
        return strcmp(again, name) == 0;
}

static int open_mount(const cgroupfs_options *opts, const char **ret_mount, int *ret_fd, ns_error *err) {
        const char *mount = opts ? opts->mount : NULL;
        int r, fd;

        if (!mount) {
                r = cgroup_fs_find_mount(&mount, err);
                if (r < 0)
                        return r;
        }
        fd = open(mount, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open cgroup2 mount \"%s\"", mount);
        *ret_mount = mount;
        *ret_fd = fd;
        return 0;
}

int cgroup_resolve_root(
        const char *cgroup_root, const cgroupfs_options *opts, char **ret_path, ns_error *err) {
        _cleanup_free_ char *rel = NULL;
        const char *mount = opts ? opts->mount : NULL;
        char *path;
        int r;

        assert(cgroup_root);
        assert(ret_path);

        if (!mount) {
                r = cgroup_fs_find_mount(&mount, err);
                if (r < 0)
                        return r;
        }
        r = cgroup_fs_map_root(mount, cgroup_root, &rel, err);
        if (r < 0)
                return r;
        if (asprintf(&path, "%s/%s", mount, rel) < 0)
                return ns_error_set_errno(err, -ENOMEM, "map CgroupRoot \"%s\"", cgroup_root);
        *ret_path = path;
        return 0;
}

/*
 * Walk from the cgroup2 root down to CgroupRoot, enabling CONTROLLERS in each
 * level's cgroup.subtree_control (CgroupRoot's included: it is the slices'
 * parent). Only CgroupRoot itself is created, and only when CREATE is set.
 */
static int open_root(int mount_fd, const char *mount, const char *cgroup_root, unsigned controllers,
        bool create, int *ret_fd, char **ret_path, ns_error *err) {
        _cleanup_free_ char *rel = NULL, *path = NULL;
        _cleanup_close_ int cur = -EBADF;
        char *next_component;
        int r;

        r = cgroup_fs_map_root(mount, cgroup_root, &rel, err);
        if (r < 0)
                return r;
        path = strdup(mount);
        if (!path)
                return ns_error_set_errno(err, -ENOMEM, "open CgroupRoot \"%s\"", cgroup_root);
        cur = fcntl(mount_fd, F_DUPFD_CLOEXEC, 3);
        if (cur < 0)
                return ns_error_set_errno(err, negative_errno(), "duplicate the fd of \"%s\"", mount);
        for (char *component = rel; component; component = next_component) {
                _cleanup_free_ char *parent = TAKE_PTR(path);
                int next;

                next_component = strchr(component, '/');
                if (next_component)
                        *next_component++ = '\0';
                r = cgroup_limits_enable(cur, parent, controllers, err);
                if (r < 0)
                        return r;
                r = cgroup_fs_open_dir(cur, parent, component, create && !next_component, &next, err);
                if (r < 0)
                        return r;
                safe_close(cur);
                cur = next;
                if (asprintf(&path, "%s/%s", parent, component) < 0) {
                        path = NULL;
                        return ns_error_set_errno(err, -ENOMEM, "open CgroupRoot \"%s\"", cgroup_root);
                }
        }
        r = cgroup_limits_enable(cur, path, controllers, err);
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(cur);
        *ret_path = TAKE_PTR(path);
        return 0;
}

static int session_paths(cgroupfs_session *c) {
        if (asprintf(&c->slice_path, "%s/%s", c->root_path, c->slice_name) < 0) {
                c->slice_path = NULL;
                return -ENOMEM;
        }
        if (asprintf(&c->leaf_path, "%s/%s", c->slice_path, c->leaf_name) < 0) {
                c->leaf_path = NULL;
                return -ENOMEM;
        }
        return 0;
}

/* The caller's own cgroup ("0::/path" in /proc/self/cgroup), below MOUNT_FD;
 * the cgroup2 root when it cannot be found. An fd or -errno. */
static int open_home(int mount_fd) {
        _cleanup_free_ char *path = NULL;
        int fd = -EBADF;

        if (cgroup_fs_proc_path(AT_FDCWD, "/proc/self/cgroup", &path) >= 0 && path && path[0] == '/')
                fd = openat(mount_fd, path[1] ? path + 1 : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                fd = fcntl(mount_fd, F_DUPFD_CLOEXEC, 3);
        return fd < 0 ? negative_errno() : fd;
}

static int write_pid(int dirfd, const char *dir_path, pid_t pid, ns_error *err) {
        char buf[32];

        snprintf(buf, sizeof(buf), "%d", (int) (pid > 0 ? pid : getpid()));
        return cgroup_fs_write(dirfd, dir_path, "cgroup.procs", buf, err);
}

/* Open the session leaf (no lock: the leaf's own files only). */
static int open_leaf(const cgroupfs_session *c, int *ret_fd, ns_error *err) {
        _cleanup_close_ int slice = -EBADF;
        int r;

        r = cgroup_fs_open_dir(c->root_fd, c->root_path, c->slice_name, false, &slice, err);
        if (r < 0)
                return r;
        return cgroup_fs_open_dir(slice, c->slice_path, c->leaf_name, false, ret_fd, err);
}

int cgroupfs_session_attach(cgroupfs_session *c, pid_t pid, ns_error *err) {
        _cleanup_close_ int leaf = -EBADF;
        int r;

        assert(c);

        r = open_leaf(c, &leaf, err);
        if (r < 0)
                return r;
        return write_pid(leaf, c->leaf_path, pid, err);
}

static bool is_leaf_name(const char *name) {
        size_t len = strlen(name);

        return strncmp(name, "session-", 8) == 0 && len > 14 && strcmp(name + len - 6, ".scope") == 0;
}

/* "session-ID.scope" -> "ID", kept in *L; best effort (only a record's
 * cleanup depends on it, and nsshell --gc catches what it misses). */
static void remember_swept(char ***l, const char *leaf_name) {
        size_t len = strlen(leaf_name);
        char *id = strndup(leaf_name + 8, len - 14);

        if (id && strv_push(l, id) < 0)
                free(id);
}

/*
 * With the slice locked, in one pass over it: remove the empty session
 * leaves (sessions whose application died before teardown, KillOnLogout=no
 * leftovers: the kernel refuses rmdir of a populated one) and remember their
 * ids in c->swept. A live session's leaf is never empty: it holds the
 * session's init or its creator from creation on. (MaxSessions is counted by
 * the session layer, from the records: session.c.)
 */
static int sweep_leaves(cgroupfs_session *c, int slice_fd, ns_error *err) {
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int fd;

        fd = openat(slice_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        d = fd >= 0 ? fdopendir(fd) : NULL;
        if (!d) {
                int r = negative_errno();
                safe_close(fd);
                return ns_error_set_errno(err, r, "list cgroup \"%s\"", c->slice_path);
        }
        while ((de = readdir(d)))
                if (de->d_type == DT_DIR && is_leaf_name(de->d_name) &&
                        cgroup_fs_remove(slice_fd, c->slice_path, de->d_name, NULL) > 0)
                        remember_swept(&c->swept, de->d_name);
        return 0;
}

/* With the slice locked: limits, dead leaves, the leaf, the process in it. */
static int slice_setup_locked(
        const policy *p, cgroupfs_session *c, int slice_fd, unsigned usable, pid_t pid, ns_error *err) {
        _cleanup_close_ int leaf = -EBADF;
        int r;

        r = cgroup_limits_apply(p, slice_fd, c->slice_path, usable, err);
        if (r < 0)
                return r;
        r = sweep_leaves(c, slice_fd, err);
        if (r < 0)
                return r;
        if (mkdirat(slice_fd, c->leaf_name, 0755) < 0)
                return ns_error_set_errno(err, negative_errno(), "create cgroup \"%s\"%s", c->leaf_path,
                        errno == EEXIST ? " (session id already in use)" : "");
        r = cgroup_fs_open_dir(slice_fd, c->slice_path, c->leaf_name, false, &leaf, err);
        if (r >= 0)
                r = write_pid(leaf, c->leaf_path, pid, err);
        if (r < 0)
                (void) cgroup_fs_remove(slice_fd, c->slice_path, c->leaf_name, NULL);
        return r;
}

/* With the slice locked: remove it if no leaf is left. */
static int slice_release_locked(cgroupfs_session *c, int slice_fd, ns_error *err) {
        int r = cgroup_fs_has_children(slice_fd);

        if (r < 0)
                return ns_error_set_errno(err, r, "list cgroup \"%s\"", c->slice_path);
        if (r > 0)
                return 0;
        return cgroup_fs_remove(c->root_fd, c->root_path, c->slice_name, err);
}

static int session_open_root(const policy *p, cgroupfs_session *c, const cgroupfs_options *opts, bool create,
        unsigned controllers, ns_error *err) {
        const char *mount;
        int r;

        r = open_mount(opts, &mount, &c->mount_fd, err);
        if (r < 0)
                return r;
        r = open_root(
                c->mount_fd, mount, p->cgroup_root, controllers, create, &c->root_fd, &c->root_path, err);
        if (r < 0)
                return r;
        return session_paths(c);
}

static int check_limits(const policy *p, const cgroupfs_options *opts, cgroupfs_session *c,
        unsigned *ret_usable, ns_error *err) {
        _cleanup_close_ int mount_fd = -EBADF;
        _cleanup_free_ char *available = NULL;
        const char *mount;
        int r;

        r = open_mount(opts, &mount, &mount_fd, err);
        if (r < 0)
                return r;
        r = cgroup_fs_read(mount_fd, mount, "cgroup.controllers", &available, err);
        if (r < 0)
                return r;
        return cgroup_limits_check(p, mount, available, ret_usable, &c->unapplied, err);
}

int cgroupfs_session_create(const policy *p, uid_t uid, const char *session_id, pid_t pid,
        const cgroupfs_options *opts, cgroupfs_session **ret, ns_error *err) {
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        _cleanup_close_ int slice_fd = -EBADF, lock = -EBADF;
        unsigned usable;
        int r;

        assert(p);
        assert(session_id);
        assert(ret);

        r = session_new(uid, session_id, opts, &c, err);
        if (r < 0)
                return r;
        c->kill = p->kill_on_logout;
        /* Refuse before writing anything when a required controller is missing. */
        r = check_limits(p, opts, c, &usable, err);
        if (r < 0)
                return r;
        r = session_open_root(p, c, opts, true, usable, err);
        if (r < 0)
                return r;
        /* Without it the teardown could not move the caller out before the kill. */
        c->home_fd = open_home(c->mount_fd);
        if (c->home_fd < 0)
                return ns_error_set_errno(
                        err, c->home_fd, "open the caller's own cgroup (read from \"/proc/self/cgroup\")");
        r = lock_slice(c->lock_dir, c->slice_name, &lock, err);
        if (r < 0)
                return r;
        r = cgroup_fs_open_dir(c->root_fd, c->root_path, c->slice_name, true, &slice_fd, err);
        if (r < 0)
                return r;
        r = slice_setup_locked(p, c, slice_fd, usable, pid, err);
        if (r < 0) {
                (void) slice_release_locked(c, slice_fd, NULL);
                return r;
        }
        *ret = TAKE_PTR(c);
        return 0;
}

int cgroupfs_session_lookup(const policy *p, uid_t uid, const char *session_id, const cgroupfs_options *opts,
        cgroupfs_session **ret, ns_error *err) {
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        _cleanup_close_ int leaf = -EBADF;
        int r;

        assert(p);
        assert(session_id);
        assert(ret);

        r = session_new(uid, session_id, opts, &c, err);
        if (r < 0)
                return r;
        c->kill = p->kill_on_logout;
        r = session_open_root(p, c, opts, false, 0, err);
        if (r < 0)
                return r;
        r = open_leaf(c, &leaf, err);
        if (r < 0)
                return r;
        c->home_fd = fcntl(c->mount_fd, F_DUPFD_CLOEXEC, 3);
        if (c->home_fd < 0)
                return ns_error_set_errno(err, negative_errno(), "duplicate the fd of \"%s\"", c->root_path);
        *ret = TAKE_PTR(c);
        return 0;
}

/* Move the calling process out of the leaf, back to where it came from, so
 * that killing the leaf does not kill the caller. */
static int evacuate_caller(cgroupfs_session *c, int leaf_fd, ns_error *err) {
        _cleanup_free_ char *procs = NULL;
        char self[32];
        int r;

        r = cgroup_fs_read(leaf_fd, c->leaf_path, "cgroup.procs", &procs, err);
        if (r < 0)
                return r;
        snprintf(self, sizeof(self), "%d", (int) getpid());
        if (!cgroup_fs_has_word(procs, self))
                return 0;
        return write_pid(c->home_fd, "the caller's previous cgroup", 0, err);
}

/* With the slice locked: remove the leaf, then the slice if it was the last. */
static int remove_locked(cgroupfs_session *c, int slice_fd, ns_error *err) {
        struct timespec pause = {.tv_nsec = REMOVE_PAUSE_NS};
        int r;

        for (unsigned i = 0; i < REMOVE_TRIES; i++) {
                r = cgroup_fs_remove(slice_fd, c->slice_path, c->leaf_name, NULL);
                if (r != -EBUSY)
                        break;
                (void) nanosleep(&pause, NULL);
        }
        if (r < 0)
                return cgroup_fs_remove(slice_fd, c->slice_path, c->leaf_name, err);
        /* Leaves emptied by this session's end: the other logins of a
         * shared environment (session/environment.h), whose processes the
         * environment's end took with it. No live session's leaf is empty. */
        if (c->sweep)
                (void) sweep_leaves(c, slice_fd, NULL);
        r = slice_release_locked(c, slice_fd, err);
        return r < 0 ? r : 0;
}

/* Move the caller out and, with KillOnLogout, end the leaf's processes
 * (gracefully within STOP_TIMEOUT_USEC, then SIGKILL): 0 when it is
 * empty, 1 when lingering processes keep it. Another login's sweep (or
 * --gc) may remove the leaf as soon as it is empty: that is no error. */
static int leaf_end(cgroupfs_session *c, int leaf, uint64_t stop_timeout_usec, ns_error *err) {
        _cleanup_(ns_error_done) ns_error e = NS_ERROR_INIT;
        _cleanup_close_ int again = -EBADF;
        int r;

        r = evacuate_caller(c, leaf, &e);
        if (r >= 0 && c->kill)
                r = cgroup_stop(leaf, c->leaf_path, stop_timeout_usec, c->drain_timeout_ms, &e);
        else if (r >= 0)
                r = cgroup_fs_populated(leaf, c->leaf_path, &e);
        if (r < 0 && open_leaf(c, &again, NULL) == -ENOENT)
                return 0;
        if (r < 0)
                return ns_error_set(err, r, "%s", e.msg);
        return r;
}

void cgroupfs_session_sweep_at_teardown(cgroupfs_session *c) {
        c->sweep = true;
}

void cgroupfs_session_keep_processes(cgroupfs_session *c) {
        c->kill = false;
}

int cgroupfs_session_teardown(cgroupfs_session *c, uint64_t stop_timeout_usec, ns_error *err) {
        _cleanup_close_ int leaf = -EBADF, slice = -EBADF, lock = -EBADF;
        int r;

        assert(c);

        r = open_leaf(c, &leaf, NULL);
        if (r < 0 && r != -ENOENT)
                return ns_error_set_errno(err, r, "open cgroup \"%s\"", c->leaf_path);
        if (leaf >= 0) {
                r = leaf_end(c, leaf, stop_timeout_usec, err);
                if (r != 0)
                        return r; /* error, or lingering processes keep the leaf */
        }
        r = lock_slice(c->lock_dir, c->slice_name, &lock, err);
        if (r < 0)
                return r;
        slice = openat(c->root_fd, c->slice_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (slice < 0 && errno == ENOENT)
                return 0;
        if (slice < 0)
                return ns_error_set_errno(err, negative_errno(), "open cgroup \"%s\"", c->slice_path);
        return remove_locked(c, slice, err);
}

/* Remove every empty cgroup below DIRFD, deepest first. The kernel refuses
 * rmdir of a cgroup with processes or children, which keeps this safe. */
static int gc_below(int dirfd, const char *path, unsigned depth, unsigned *removed, ns_error *err) {
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int fd, r;

        fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        d = fd >= 0 ? fdopendir(fd) : NULL;
        if (!d) {
                r = negative_errno();
                safe_close(fd);
                return ns_error_set_errno(err, r, "list cgroup \"%s\"", path);
        }
        while ((de = readdir(d))) {
                _cleanup_free_ char *child_path = NULL;
                _cleanup_close_ int child = -EBADF;

                if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                if (asprintf(&child_path, "%s/%s", path, de->d_name) < 0)
                        return ns_error_set_errno(err, -ENOMEM, "list cgroup \"%s\"", path);
                child = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0)
                        continue; /* removed meanwhile */
                if (depth < GC_MAX_DEPTH) {
                        r = gc_below(child, child_path, depth + 1, removed, err);
                        if (r < 0)
                                return r;
                }
                r = cgroup_fs_remove(dirfd, path, de->d_name, NULL);
                if (r < 0 && r != -EBUSY)
                        return ns_error_set_errno(err, r, "remove cgroup \"%s\"", child_path);
                *removed += r > 0;
        }
        return 0;
}

/* One child of CgroupRoot: a user slice under its lock (the lock of a slice
 * a session holds too long makes the gc fail, never hang), any other
 * leftover without one (nsshell creates nothing else there). */
static int gc_slice(int root_fd, const char *root_path, const char *name, const char *lock_dir,
        unsigned *removed, ns_error *err) {
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -EBADF, lock = -EBADF;
        int r;

        if (is_slice_name(name)) {
                r = lock_slice(lock_dir, name, &lock, err);
                if (r < 0)
                        return r;
        }
        fd = openat(root_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT)
                return 0;
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open cgroup \"%s/%s\"", root_path, name);
        if (asprintf(&path, "%s/%s", root_path, name) < 0)
                return ns_error_set_errno(err, -ENOMEM, "clean up cgroup \"%s/%s\"", root_path, name);
        r = gc_below(fd, path, 1, removed, err);
        if (r < 0)
                return r;
        r = cgroup_fs_remove(root_fd, root_path, name, NULL);
        if (r < 0 && r != -EBUSY)
                return ns_error_set_errno(err, r, "remove cgroup \"%s\"", path);
        *removed += r > 0;
        return 0;
}

int cgroup_gc(const char *cgroup_root, const cgroupfs_options *opts, unsigned *ret_removed, ns_error *err) {
        _cleanup_(ns_error_done) ns_error probe = NS_ERROR_INIT;
        _cleanup_close_ int mount_fd = -EBADF, root_fd = -EBADF;
        _cleanup_free_ char *root_path = NULL;
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        const char *mount;
        unsigned removed = 0;
        int r;

        assert(cgroup_root);

        r = open_mount(opts, &mount, &mount_fd, err);
        if (r < 0)
                return r;
        /* A missing CgroupRoot is not an error: keep its message out of ERR. */
        r = open_root(mount_fd, mount, cgroup_root, 0, false, &root_fd, &root_path, &probe);
        if (r == -ENOENT)
                goto done;
        if (r < 0)
                return ns_error_set(err, r, "%s", probe.msg);
        d = fdopendir(root_fd);
        if (!d)
                return ns_error_set_errno(err, negative_errno(), "list cgroup \"%s\"", root_path);
        root_fd = -EBADF; /* the DIR owns it now */
        while ((de = readdir(d))) {
                if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                r = gc_slice(dirfd(d), root_path, de->d_name, opts ? opts->lock_dir : NULL, &removed, err);
                if (r < 0)
                        return r;
        }
done:
        if (ret_removed)
                *ret_removed = removed;
        return 0;
}
