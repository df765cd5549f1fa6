/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "cgroup/cgroup-fs.h"
#include "basic/fd-util.h"
#include "session/namespaces.h"
#include "policy/policy.h"
#include "login/session-match.h"

static int fd_fs_is(int fd, long magic) {
        struct statfs sfs;

        if (fstatfs(fd, &sfs) < 0)
                return negative_errno();
        return sfs.f_type == magic;
}

/* The process's own namespace, not pid_for_children: ns_inode() answers
 * for the children of a root caller, this for the process itself. */
static int facts_ns_inode(int proc_fd, unsigned bit, uint64_t *ret, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        char path[32];
        struct stat st;

        snprintf(path, sizeof(path), "self/ns/%s", ns_name(bit));
        fd = openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open \"/proc/%s\"", path);
        if (fd_fs_is(fd, NSFS_MAGIC) != 1 || fstat(fd, &st) < 0)
                return ns_error_set(err, -EPERM, "\"/proc/%s\" is not a namespace file", path);
        *ret = (uint64_t) st.st_ino;
        return 0;
}

/* NULL when there is no cgroup2 hierarchy: no leaf to compare with. */
static int facts_cgroup(int proc_fd, char **ret, ns_error *err) {
        int r = cgroup_fs_proc_path(proc_fd, "self/cgroup", ret);

        return r < 0 ? ns_error_set_errno(err, r, "read \"/proc/self/cgroup\"") : 0;
}

int session_facts_read(session_facts *ret, ns_error *err) {
        _cleanup_close_ int proc_fd = -EBADF;
        session_facts f = {.uid = getuid()};
        int r;

        assert(ret);

        proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (proc_fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open \"/proc\"");
        if (fd_fs_is(proc_fd, PROC_SUPER_MAGIC) != 1)
                return ns_error_set(err, -EPERM, "\"/proc\" is not procfs");
        for (unsigned i = 0; i < NS_CALLER_TYPES; i++) {
                r = facts_ns_inode(proc_fd, 1u << i, &f.ns_inode[i], err);
                if (r < 0)
                        return r;
        }
        r = facts_cgroup(proc_fd, &f.cgroup, err);
        if (r < 0)
                return r;
        *ret = f;
        return 0;
}

void session_facts_done(session_facts *f) {
        assert(f);

        free(f->cgroup);
        f->cgroup = NULL;
}

/* Whether LEAF is REL below one of the cgroup2 mount points the session
 * could have been created on (cgroup_fs_find_mount()): the whole path, not
 * just a tail of it, or a cgroup named like the leaf's last components
 * elsewhere in the hierarchy would pass. */
static bool leaf_is_below_mount(const char *leaf, const char *rel) {
        static const char *const mounts[] = {CGROUP_FS_BASE, CGROUP_FS_HYBRID_MOUNT};

        for (size_t i = 0; i < ELEMENTSOF(mounts); i++) {
                size_t n = strlen(mounts[i]);
                if (strncmp(leaf, mounts[i], n) == 0 && strcmp(leaf + n, rel) == 0)
                        return true;
        }
        return false;
}

static bool cgroup_matches(const session_record *r, const session_facts *f) {
        if (!f->cgroup)
                return false;
        /* The session's cgroup namespace (matched already) has the leaf as
         * its root; a user cannot create cgroups below a root-owned leaf. */
        if (r->ns_inode[__builtin_ctz(NS_CGROUP)] != 0)
                return strcmp(f->cgroup, "/") == 0;
        /* Without one the process sees its path from the hierarchy's root,
         * the record holds it below the cgroup2 mount point. */
        return f->cgroup[0] == '/' && strcmp(f->cgroup, "/") != 0 &&
                leaf_is_below_mount(r->cgroup, f->cgroup);
}

static int no_match(const char **ret_reason, const char *reason) {
        if (ret_reason)
                *ret_reason = reason;
        return 0;
}

int session_record_match(const session_record *r, const session_facts *f, const char **ret_reason) {
        unsigned named = 0;

        assert(r);
        assert(f);

        if (r->uid != f->uid)
                return no_match(ret_reason, "the session is another user's");
        for (unsigned i = 0; i < NS_CALLER_TYPES; i++) {
                if (r->ns_inode[i] == 0)
                        continue;
                if (r->ns_inode[i] != f->ns_inode[i])
                        return no_match(ret_reason, "not in the session's namespaces");
                named++;
        }
        if (named == 0)
                return no_match(ret_reason, "the session record names no namespace");
        if (r->cgroup && !cgroup_matches(r, f))
                return no_match(ret_reason, "not in the session's cgroup");
        return 1;
}

static int dir_open_trusted(const char *dir, int *ret_fd, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r;

        fd = fd_open_path(AT_FDCWD, dir, O_DIRECTORY);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "open \"%s\"", dir);
        r = fd_check_root_owned(fd, dir, err);
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static bool entry_trusted(int dirfd, const char *name) {
        struct stat st;

        if (!session_id_valid(name) || fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return false;
        return S_ISREG(st.st_mode) && st.st_uid == 0 && !(st.st_mode & 022);
}

/* 1 and *ret filled when NAME is a trusted record matching F, else 0; when
 * it is a record of the same user that does not match, *why says why. */
static int try_record(
        int dirfd, const char *name, const session_facts *f, session_record *ret, const char **why) {
        session_record r = {0};
        const char *reason = NULL;

        if (!entry_trusted(dirfd, name) || session_record_read(dirfd, name, &r, NULL) < 0)
                return 0;
        if (session_record_match(&r, f, &reason) == 1) {
                *ret = r;
                return 1;
        }
        if (r.uid == f->uid)
                *why = reason;
        session_record_done(&r);
        return 0;
}

int session_find(const char *dir, const session_facts *f, session_record *ret, ns_error *err) {
        _cleanup_close_ int top = -EBADF;
        _cleanup_closedir_ DIR *d = NULL;
        const char *why = NULL;
        int fd = -EBADF, r;

        assert(dir);
        assert(f);
        assert(ret);

        /* DIR is 0711: only this user's own directory in it can be read. */
        r = dir_open_trusted(dir, &top, err);
        if (r < 0)
                return r;
        r = session_record_user_dir_find(top, f->uid, &fd, err);
        if (r == -ENOENT)
                return ns_error_set(
                        err, -ENOENT, "no session record of uid %u in \"%s\"", (unsigned) f->uid, dir);
        if (r < 0)
                return r;
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return ns_error_set_errno(err, negative_errno(), "read \"%s/%u\"", dir, (unsigned) f->uid);
        }
        for (struct dirent *de = readdir(d); de; de = readdir(d))
                if (try_record(dirfd(d), de->d_name, f, ret, &why) == 1)
                        return 0;
        if (why)
                return ns_error_set(err, -ENOENT,
                        "no session record in \"%s\" matches this process; one of the user's: %s", dir, why);
        return ns_error_set(err, -ENOENT, "no session record in \"%s\" matches this process", dir);
}
