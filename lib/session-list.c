/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>

#include "cgroup-fs.h"
#include "fd-util.h"
#include "policy.h"
#include "session-list.h"

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
        return r->init_pid > 0 ? init_state(r) : leaf_state(r);
}

/* A counter file of the leaf (memory.current, pids.current), -1 if missing. */
static int64_t leaf_counter(int leaf_fd, const char *path, const char *name) {
        _cleanup_free_ char *text = NULL;
        uint64_t v;

        if (leaf_fd < 0 || cgroup_fs_read(leaf_fd, path, name, &text, NULL) < 0)
                return -1;
        if (sscanf(text, "%" SCNu64, &v) != 1 || v > INT64_MAX)
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
        struct stat st;

        fd = fd_open_nofollow(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);
        if (fd == -ENOENT) {
                *ret_fd = -EBADF;
                return 0;
        }
        if (fd < 0)
                return ns_error_set_errno(err, fd, "open \"%s\"", path);
        if (fstat(fd, &st) < 0)
                return ns_error_set_errno(err, negative_errno(), "stat \"%s\"", path);
        if (st.st_uid != 0 || (st.st_mode & 022))
                return ns_error_set(
                        err, -EPERM, "refuse \"%s\": not owned by root or writable by others", path);
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

/* Append the record named id to *l: 0 if added or gone meanwhile, 1 if it
 * cannot be read (a message in err), -ENOMEM. */
static int list_add(int dirfd, const char *id, session_entry **l, size_t *n, ns_error *err) {
        _cleanup_(ns_error_done) ns_error e = NS_ERROR_INIT;
        session_entry *grown;
        session_record r = {0};
        int k;

        k = session_record_read(dirfd, id, &r, &e);
        if (k == -ENOENT)
                return 0;
        if (k < 0) {
                ns_error_set(err, k, "%s", e.msg);
                return 1;
        }
        grown = realloc(*l, (*n + 1) * sizeof(**l));
        if (!grown) {
                session_record_done(&r);
                return -ENOMEM;
        }
        *l = grown;
        (*l)[*n] = (session_entry){.record = r};
        entry_fill(&(*l)[(*n)++]);
        return 0;
}

int session_list(int dirfd, session_entry **ret, size_t *ret_n, ns_error *err) {
        _cleanup_closedir_ DIR *d = NULL;
        session_entry *l = NULL;
        struct dirent *de;
        size_t n = 0;
        int skipped = 0, fd;

        fd = dirfd < 0 ? -EBADF : fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
        if (dirfd >= 0 && (fd < 0 || !(d = fdopendir(fd)))) {
                int r = negative_errno();
                safe_close(fd);
                return ns_error_set_errno(err, r, "read the session records");
        }
        while (d && (de = readdir(d))) {
                int k;
                if (!session_id_valid(de->d_name))
                        continue;
                k = list_add(dirfd, de->d_name, &l, &n, err);
                if (k < 0) {
                        session_list_free(l, n);
                        return ns_error_set_errno(err, k, "read the session records");
                }
                skipped += k;
        }
        if (n > 1)
                qsort(l, n, sizeof(*l), entry_cmp);
        *ret = l;
        *ret_n = n;
        return skipped;
}
