/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* BindPaths and BindReadOnlyPaths (mounts-internal.h), a missing
 * destination created one component at a time, never through a symlink. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "policy/mount-options.h"
#include "session/mounts-internal.h"
#include "session/mounts-util.h"

/* Whether fd lies on one of the plan's own TemporaryFileSystem mounts
 * (where a dry run may create mount points: they vanish with it). */
static bool on_plan_tmpfs(const mount_ctx *c, int fd) {
        struct stat st, t;

        if (fstat(fd, &st) < 0)
                return false;
        for (char **i = c->p->temporary_filesystems; i && *i; i++) {
                _cleanup_(tmpfs_spec_done) tmpfs_spec spec = {};
                _cleanup_close_ int tfd = -EBADF;
                if (tmpfs_spec_parse(*i, &spec, NULL) < 0)
                        continue;
                tfd = fd_open_path(AT_FDCWD, spec.path, O_DIRECTORY);
                if (tfd >= 0 && fstat(tfd, &t) >= 0 && t.st_dev == st.st_dev)
                        return true;
        }
        return false;
}

/* Create name below parent (a directory, or an empty file), root's, mode
 * 0755 (0644). Never follows a symlink: the new entry is opened with
 * O_NOFOLLOW and changed through its fd, so a user who owns parent and swaps
 * the entry gains nothing. */
static int entry_make(
        const char *step, const char *path, int parent, const char *name, bool dir, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;

        if (!dir) {
                fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (fd < 0 && errno != EEXIST)
                        return ns_error_set_errno(
                                err, negative_errno(), "%s: \"%s\": create \"%s\"", step, path, name);
                return 0;
        }
        if (mkdirat(parent, name, 0755) < 0)
                return errno == EEXIST ? 0
                                       : ns_error_set_errno(err, negative_errno(),
                                                 "%s: \"%s\": mkdir \"%s\"", step, path, name);
        fd = fd_open_nofollow(parent, name, O_RDONLY | O_DIRECTORY, 0);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "%s: \"%s\": open \"%s\"", step, path, name);
        if (fchmod(fd, 0755) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: \"%s\": chmod \"%s\"", step, path, name);
        return 0;
}

/* Open path, creating what is missing of it (as systemd does for a bind's
 * destination): directories, and the last component a directory or an
 * empty file (dir). Symlinks anywhere refuse. In a dry run, -EBADF where it
 * would create outside the plan's own tmpfs mounts. */
static int dest_open_or_make(
        const mount_ctx *c, const char *step, const char *path, bool dir, ns_error *err) {
        _cleanup_free_ char *copy = strdup(path);
        _cleanup_close_ int parent = -EBADF;
        char *save = NULL, *part, *next;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s: \"%s\"", step, path);
        parent = fd_open_path(AT_FDCWD, "/", O_DIRECTORY);
        if (parent < 0)
                return ns_error_set_errno(err, parent, "%s: open \"/\"", step);
        for (part = strtok_r(copy, "/", &save); part; part = next) {
                bool last, is_dir;
                int fd, r;
                next = strtok_r(NULL, "/", &save);
                last = !next;
                is_dir = !last || dir;
                fd = fd_open_path(parent, part, 0);
                if (fd == -ENOENT) {
                        if (c->dry_run && !on_plan_tmpfs(c, parent))
                                return -EBADF;
                        r = entry_make(step, path, parent, part, is_dir, err);
                        if (r < 0)
                                return r;
                        fd = fd_open_path(parent, part, 0);
                }
                if (fd < 0)
                        return path_open_error(step, path, fd, err);
                r = fd_is_dir(fd);
                if (r >= 0 && !is_dir != !r)
                        r = r ? -EISDIR : -ENOTDIR;
                if (r < 0) {
                        safe_close(fd);
                        return ns_error_set_errno(err, r, "%s: \"%s\": expected %s at \"%s\"", step, path,
                                is_dir ? "a directory" : "a file (the source is one)", part);
                }
                safe_close(parent);
                parent = fd;
        }
        return TAKE_FD(parent);
}

static int bind_one(mount_ctx *c, size_t i, ns_error *err) {
        struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY, .propagation = MS_PRIVATE};
        const policy_bind *b = &c->p->binds[i];
        const char *step = b->read_only ? "BindReadOnlyPaths" : "BindPaths";
        _cleanup_close_ int fd = -EBADF;
        int dir;

        if (c->bind_fds[i] < 0)
                return 0; /* "-SOURCE", missing in step 0 */
        dir = fd_is_dir(c->bind_fds[i]);
        if (dir < 0)
                return ns_error_set_errno(err, dir, "%s: stat \"%s\"", step, b->source);
        fd = dest_open_or_make(c, step, b->dest, dir, err);
        if (fd == -EBADF)
                return 0; /* dry run */
        if (fd < 0)
                return fd;
        if (b->read_only &&
                mount_setattr(c->bind_fds[i], "", AT_EMPTY_PATH | AT_RECURSIVE, &ro, sizeof(ro)) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: mount_setattr \"%s\" read-only", step, b->source);
        return tree_attach(step, b->dest, c->bind_fds[i], fd, err);
}

/* A missing destination is created (inside a TemporaryFileSystem too). */
int step_binds(mount_ctx *c, ns_error *err) {
        for (size_t i = 0; i < c->p->n_binds; i++) {
                int r = bind_one(c, i, err);
                if (r < 0)
                        return r;
        }
        return 0;
}
