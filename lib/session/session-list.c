/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>

#include "cgroup/cgroup-fs.h"
#include "basic/fd-util.h"
#include "basic/parse-util.h"
#include "policy/policy.h"
#include "session/environment.h"
#include "session/session-list.h"

/* Index of NS_PID in session_record.ns_inode (the NS_* bit order). */
#define NS_PID_INDEX 1

const char *session_state_name(session_state s) {
        switch (s) {
        case SESSION_STATE_LIVE:
                return "live";
        case SESSION_STATE_STALE:
                return "stale";
        default:
                return "unknown";
        }
}

static session_state init_state(const session_record *r) {
        _cleanup_close_ int pidfd = -EBADF;
        char path[64];
        struct stat st;

        pidfd = pidfd_open(r->init_pid, 0);
        if (pidfd < 0)
                return errno == ESRCH ? SESSION_STATE_STALE : SESSION_STATE_UNKNOWN;
        snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int) r->init_pid);
        if (stat(path, &st) < 0 || st.st_ino != r->ns_inode[NS_PID_INDEX])
                return SESSION_STATE_STALE;
        /* The pidfd still names a running process only if the PID was not
         * recycled between pidfd_open() and the stat(). */
        if (pidfd_send_signal(pidfd, 0, NULL, 0) < 0)
                return SESSION_STATE_STALE;
        return SESSION_STATE_LIVE;
}

static session_state leaf_state(const session_record *r) {
        _cleanup_close_ int fd = -EBADF;
        int populated;

        if (!r->cgroup)
                return SESSION_STATE_UNKNOWN;
        fd = fd_open_path(AT_FDCWD, r->cgroup, O_DIRECTORY);
        if (fd == -ENOENT)
                return SESSION_STATE_STALE;
        if (fd < 0)
                return SESSION_STATE_UNKNOWN;
        populated = cgroup_fs_populated(fd, r->cgroup, NULL);
        if (populated < 0)
                return SESSION_STATE_UNKNOWN;
        return populated ? SESSION_STATE_LIVE : SESSION_STATE_STALE;
}

session_state session_record_state(const session_record *r) {
        session_state s;

        assert(r);

        s = r->init_pid > 0 ? init_state(r) : leaf_state(r);
        if (s == SESSION_STATE_LIVE && r->environment[0] && !environment_login_alive(r))
                return SESSION_STATE_STALE;
        return s;
}

/* A counter file of the leaf (memory.current, pids.current), -1 if missing. */
static int64_t leaf_counter(int leaf_fd, const char *path, const char *name) {
        _cleanup_free_ char *text = NULL;
        uint64_t v;

        if (leaf_fd < 0 || cgroup_fs_read(leaf_fd, path, name, &text, NULL) < 0)
                return -1;
        text[strcspn(text, "\n")] = '\0'; /* the kernel ends it with one */
        if (parse_uint64(text, &v) < 0 || v > INT64_MAX)
                return -1;
        return (int64_t) v;
}

static void entry_fill(session_entry *e) {
        _cleanup_close_ int leaf_fd = -EBADF;

        e->state = session_record_state(&e->record);
        if (e->record.cgroup)
                leaf_fd = fd_open_path(AT_FDCWD, e->record.cgroup, O_DIRECTORY);
        e->memory_current = leaf_counter(leaf_fd, e->record.cgroup, "memory.current");
        e->pids_current = leaf_counter(leaf_fd, e->record.cgroup, "pids.current");
}

int session_list_open_dir(const char *path, int *ret_fd, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r;

        assert(path);
        assert(ret_fd);

        /* O_PATH: the directory is 0711; only root lists it, and only
         * through a fresh open of "." (records_foreach()). */
        fd = fd_open_path(AT_FDCWD, path, O_DIRECTORY);
        if (fd == -ENOENT) {
                *ret_fd = -EBADF;
                return 0;
        }
        if (fd < 0)
                return ns_error_set_errno(err, fd, "open \"%s\"", path);
        r = fd_check_root_owned(fd, path, err);
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

void session_list_free(session_entry *l, size_t n) {
        for (size_t i = 0; l && i < n; i++)
                session_record_done(&l[i].record);
        free(l);
}

static int entry_cmp(const void *a, const void *b) {
        const session_entry *x = a, *y = b;

        if (x->record.start_usec != y->record.start_usec)
                return x->record.start_usec < y->record.start_usec ? -1 : 1;
        return strcmp(x->record.id, y->record.id);
}

/* A DIR stream over DIRFD's directory, DIRFD itself left open. */
static int dir_read(int dirfd, DIR **ret, ns_error *err) {
        int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0 || !(*ret = fdopendir(fd))) {
                int r = negative_errno();
                safe_close(fd);
                /* r itself: the analyzer cannot see that the error's code
                 * stays negative (error.c), and would follow a NULL *RET. */
                (void) ns_error_set_errno(err, r, "read the session records");
                return r;
        }
        return 0;
}

typedef session_record_fn record_fn;
int session_records_foreach_user(int user_fd, record_fn fn, void *userdata, ns_error *err) {
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int r = dir_read(user_fd, &d, err);

        if (r < 0)
                return r;
        assert(d);
        while ((de = readdir(d))) {
                if (!session_id_valid(de->d_name))
                        continue;
                r = fn(user_fd, de->d_name, userdata, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The uid a per-user record directory is named after, or -1. */
static uid_t user_dir_uid(const char *name) {
        char again[16];
        unsigned uid;

        if (sscanf(name, "%u", &uid) != 1 || uid == UINT32_MAX)
                return (uid_t) -1;
        snprintf(again, sizeof(again), "%u", uid);
        return strcmp(again, name) == 0 ? (uid_t) uid : (uid_t) -1;
}

int session_users_foreach(int dirfd, session_user_fn fn, void *userdata, ns_error *err) {
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int r;

        if (dirfd < 0)
                return 0;
        r = dir_read(dirfd, &d, err);
        if (r < 0)
                return r;
        assert(d);
        while ((de = readdir(d))) {
                _cleanup_close_ int user_fd = -EBADF;
                uid_t u = user_dir_uid(de->d_name);

                if (u == (uid_t) -1)
                        continue;
                r = session_record_user_dir_find(dirfd, u, &user_fd, err);
                if (r == -ENOENT)
                        continue;
                if (r >= 0)
                        r = fn(user_fd, u, userdata, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

typedef struct records_walk {
        record_fn fn;
        void *userdata;
} records_walk;

static int records_of_user(int user_fd, uid_t uid, void *userdata, ns_error *err) {
        records_walk *w = userdata;

        return session_records_foreach_user(user_fd, w->fn, w->userdata, err);
}

/* Call FN for every record of user UID ((uid_t) -1: of every user) below
 * DIRFD, the record directory (none when DIRFD < 0: no record directory
 * yet); stops at FN's first negative return. */
static int records_foreach(int dirfd, uid_t uid, record_fn fn, void *userdata, ns_error *err) {
        records_walk w = {.fn = fn, .userdata = userdata};
        _cleanup_close_ int user_fd = -EBADF;
        int r;

        if (dirfd < 0)
                return 0;
        if (uid == (uid_t) -1)
                return session_users_foreach(dirfd, records_of_user, &w, err);
        r = session_record_user_dir_find(dirfd, uid, &user_fd, err);
        if (r == -ENOENT)
                return 0;
        return r < 0 ? r : session_records_foreach_user(user_fd, fn, userdata, err);
}

typedef struct list_state {
        session_entry *l;
        size_t n;
        int skipped;
} list_state;

/* Append the record named ID: added or gone meanwhile, or counted as
 * skipped when it cannot be read (a message in err); -ENOMEM. */
static int list_add(int dirfd, const char *id, void *userdata, ns_error *err) {
        _cleanup_(ns_error_done) ns_error e = NS_ERROR_INIT;
        list_state *st = userdata;
        session_entry *grown;
        session_record r = {0};
        int k;

        k = session_record_read(dirfd, id, &r, &e);
        if (k == -ENOENT)
                return 0;
        if (k < 0) {
                ns_error_set(err, k, "%s", e.msg);
                st->skipped++;
                return 0;
        }
        grown = realloc(st->l, (st->n + 1) * sizeof(*st->l));
        if (!grown) {
                session_record_done(&r);
                return ns_error_set_errno(err, -ENOMEM, "read the session records");
        }
        st->l = grown;
        st->l[st->n] = (session_entry){.record = r};
        entry_fill(&st->l[st->n++]);
        return 0;
}

int session_list(int dirfd, session_entry **ret, size_t *ret_n, ns_error *err) {
        list_state st = {0};
        int r = records_foreach(dirfd, (uid_t) -1, list_add, &st, err);

        assert(ret);
        assert(ret_n);

        if (r < 0) {
                session_list_free(st.l, st.n);
                return r;
        }
        if (st.n > 1)
                qsort(st.l, st.n, sizeof(*st.l), entry_cmp);
        *ret = st.l;
        *ret_n = st.n;
        return st.skipped;
}

typedef struct gc_state {
        uid_t uid;
        unsigned removed;
} gc_state;

/* Remove the record named ID if it is the uid's (or uid is -1) and stale. */
static int gc_one(int dirfd, const char *id, void *userdata, ns_error *err) {
        gc_state *st = userdata;
        session_record r = {0};
        bool stale;
        int k;

        if (session_record_read(dirfd, id, &r, NULL) < 0)
                return 0; /* gone meanwhile, or not ours to judge */
        stale = (st->uid == (uid_t) -1 || r.uid == st->uid) &&
                session_record_state(&r) == SESSION_STATE_STALE;
        session_record_done(&r);
        if (!stale)
                return 0;
        k = session_record_remove(dirfd, id, err);
        if (k < 0)
                return k;
        st->removed++;
        return 0;
}

int session_records_gc(int dirfd, uid_t uid, unsigned *ret_removed, ns_error *err) {
        gc_state st = {.uid = uid};
        int r = records_foreach(dirfd, uid, gc_one, &st, err);

        if (r < 0)
                return r;
        if (ret_removed)
                *ret_removed = st.removed;
        return 0;
}

typedef struct count_state {
        uid_t uid;
        unsigned live;
} count_state;

static int count_one(int dirfd, const char *id, void *userdata, ns_error *err) {
        count_state *st = userdata;
        session_record r = {0};

        if (session_record_read(dirfd, id, &r, NULL) < 0)
                return 0; /* gone meanwhile */
        if (r.uid == st->uid && session_record_state(&r) != SESSION_STATE_STALE)
                st->live++;
        session_record_done(&r);
        return 0;
}

int session_records_count_live(int dirfd, uid_t uid, unsigned *ret_live, ns_error *err) {
        count_state st = {.uid = uid};
        int r = records_foreach(dirfd, uid, count_one, &st, err);

        assert(ret_live);
        if (r < 0)
                return r;
        *ret_live = st.live;
        return 0;
}
