/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "basic/run-dir.h"
#include "session/mounts-util.h"

#define INACCESSIBLE_FILE "inaccessible"
#define INACCESSIBLE_PATH NSSHELL_RUN_DIR "/" INACCESSIBLE_FILE

int path_open_error(const char *step, const char *path, int r, ns_error *err) {
        if (r == -ELOOP)
                return ns_error_set(
                        err, r, "%s: \"%s\" has a symbolic link in it (name the real path)", step, path);
        return ns_error_set_errno(err, r, "%s: open \"%s\"", step, path);
}

int path_open(const char *step, const char *path, bool optional, ns_error *err) {
        int fd = fd_open_path(AT_FDCWD, path, 0);

        if (fd == -ENOENT && optional)
                return -EBADF;
        if (fd < 0)
                return path_open_error(step, path, fd, err);
        return fd;
}

int path_open_typed(
        const char *step, const char *path, bool optional, int *ret_fd, bool *ret_dir, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);
        int r;

        if (fd == -EBADF)
                return 0;
        if (fd < 0)
                return fd;
        r = fd_is_dir(fd);
        if (r < 0)
                return ns_error_set_errno(err, r, "%s: stat \"%s\"", step, path);
        *ret_dir = r > 0;
        *ret_fd = TAKE_FD(fd);
        return 1;
}

/* tree_clone(), or with !recursive a copy of the mount at src_fd alone. */
static int tree_clone_full(const char *step, const char *path, int src_fd, bool recursive, uint64_t set,
        uint64_t clr, ns_error *err) {
        _cleanup_close_ int tree = -EBADF;
        struct mount_attr attr = {
                .attr_set = set,
                .attr_clr = clr,
                .propagation = (set & (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOEXEC)) ? MS_PRIVATE : 0,
        };

        tree = open_tree(src_fd, "",
                OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0));
        if (tree < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: open_tree \"%s\"", step, path);
        if ((set || clr) && mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: mount_setattr \"%s\"", step, path);
        return TAKE_FD(tree);
}

int tree_clone(const char *step, const char *path, int src_fd, uint64_t set, uint64_t clr, ns_error *err) {
        return tree_clone_full(step, path, src_fd, true, set, clr, err);
}

int tree_attach(const char *step, const char *path, int tree, int target_fd, ns_error *err) {
        if (move_mount(tree, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: move_mount onto \"%s\"", step, path);
        return 0;
}

int tree_attach_at(const char *step, const char *path, int tree, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, false, err);

        if (fd < 0)
                return fd;
        return tree_attach(step, path, tree, fd, err);
}

int bind_fd(const char *step, const char *path, int src_fd, int target_fd, uint64_t set, uint64_t clr,
        ns_error *err) {
        _cleanup_close_ int tree = tree_clone(step, path, src_fd, set, clr, err);

        if (tree < 0)
                return tree;
        return tree_attach(step, path, tree, target_fd, err);
}

int bind_self(const char *step, const char *path, bool optional, uint64_t set, uint64_t clr, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);

        if (fd == -EBADF)
                return 0;
        if (fd < 0)
                return fd;
        return bind_fd(step, path, fd, fd, set, clr, err);
}

int source_clone(const char *step, const char *path, bool optional, bool recursive, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);

        if (fd < 0)
                return fd;
        return tree_clone_full(step, path, fd, recursive, 0, 0, err);
}

/* options: "key=value,flag,ro" (TemporaryFileSystem syntax); "ro" becomes a
 * mount attribute, the rest go to the tmpfs as they are. */
static int tmpfs_configure(int fs, const char *step, const char *options, uint64_t *attr, ns_error *err) {
        _cleanup_free_ char *copy = strdup(options ? options : "");
        char *save = NULL;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s", step);
        for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
                char *eq = strchr(o, '=');
                int r;
                if (strcmp(o, "ro") == 0) {
                        *attr |= MOUNT_ATTR_RDONLY;
                        continue;
                }
                if (eq)
                        *eq = '\0';
                r = eq ? fsconfig(fs, FSCONFIG_SET_STRING, o, eq + 1, 0)
                       : fsconfig(fs, FSCONFIG_SET_FLAG, o, NULL, 0);
                if (r < 0)
                        return ns_error_set_errno(err, negative_errno(), "%s: tmpfs option \"%s\"", step, o);
        }
        return 0;
}

int fs_make(const char *fstype, const char *step, const char *path, const char *options, uint64_t attr,
        ns_error *err) {
        _cleanup_close_ int fs = -EBADF, mnt = -EBADF;
        int r;

        fs = fsopen(fstype, FSOPEN_CLOEXEC);
        if (fs < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: fsopen(\"%s\")", step, fstype);
        r = options ? tmpfs_configure(fs, step, options, &attr, err) : 0;
        if (r < 0)
                return r;
        if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: create %s for \"%s\"", step, fstype, path);
        mnt = fsmount(fs, FSMOUNT_CLOEXEC, (unsigned) attr);
        if (mnt < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: fsmount %s for \"%s\"", step, fstype, path);
        return TAKE_FD(mnt);
}

/* fs_make() on target_fd. */
static int fs_on(const char *fstype, const char *step, const char *path, int target_fd, const char *options,
        uint64_t attr, ns_error *err) {
        _cleanup_close_ int mnt = fs_make(fstype, step, path, options, attr, err);

        if (mnt < 0)
                return mnt;
        return tree_attach(step, path, mnt, target_fd, err);
}

int fs_at(const char *fstype, const char *step, const char *path, bool optional, const char *options,
        uint64_t attr, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);

        if (fd == -EBADF)
                return 0;
        if (fd < 0)
                return fd;
        return fs_on(fstype, step, path, fd, options, attr, err);
}

int tmpfs_on(const char *step, const char *path, int target_fd, const char *options, uint64_t attr,
        ns_error *err) {
        return fs_on("tmpfs", step, path, target_fd, options ? options : "", attr, err);
}

int tmpfs_at(const char *step, const char *path, bool optional, const char *options, uint64_t attr,
        ns_error *err) {
        return fs_at("tmpfs", step, path, optional, options ? options : "", attr, err);
}

int inaccessible_node(int run_fd, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r;

        fd = fd_open_nofollow(run_fd, INACCESSIBLE_FILE, O_RDONLY | O_CREAT, 0000);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "create \"%s\"", INACCESSIBLE_PATH);
        if (fchmod(fd, 0000) < 0)
                return ns_error_set_errno(err, negative_errno(), "chmod \"%s\"", INACCESSIBLE_PATH);
        r = fd_open_path(AT_FDCWD, INACCESSIBLE_PATH, 0);
        if (r < 0)
                return ns_error_set_errno(err, r, "open \"%s\"", INACCESSIBLE_PATH);
        return r;
}

int path_hide(int hidden_fd, const char *step, const char *path, bool optional, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        bool dir;
        int r = path_open_typed(step, path, optional, &fd, &dir, err);

        if (r <= 0)
                return r;
        if (dir)
                return tmpfs_on(step, path, fd, "mode=000,size=4k,nr_inodes=1", ATTR_HIDE, err);
        return bind_fd(step, path, hidden_fd, fd, ATTR_HIDE, 0, err);
}

int mkdir_chain(const char *step, int dir_fd, const char *rel, ns_error *err) {
        _cleanup_free_ char *copy = strdup(rel);
        _cleanup_close_ int fd = -EBADF;
        char *save = NULL;
        int parent = dir_fd;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s: open \"%s\"", step, rel);
        for (char *part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
                int next;
                /* 0755 whatever the caller's umask; only root can write here, so
                 * nothing can replace the new directory before the chmod. */
                if (mkdirat(parent, part, 0755) >= 0 ? fchmodat(parent, part, 0755, 0) < 0 : errno != EEXIST)
                        return ns_error_set_errno(err, negative_errno(), "%s: mkdir \"%s\"", step, part);
                next = fd_open_path(parent, part, O_DIRECTORY);
                if (next < 0)
                        return ns_error_set_errno(err, next, "%s: open \"%s\"", step, part);
                safe_close(fd);
                parent = fd = next;
        }
        if (fd < 0)
                return ns_error_set(err, -EINVAL, "%s: \"%s\" names no directory", step, rel);
        return TAKE_FD(fd);
}

int mountpoint_make(const char *step, int dir_fd, const char *rel, bool dir, ns_error *err) {
        _cleanup_free_ char *copy = strdup(rel);
        _cleanup_close_ int parent = -EBADF, file = -EBADF;
        const char *name = copy;
        char *slash;
        int at = dir_fd, r;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s: mount point \"%s\"", step, rel);
        slash = strrchr(copy, '/');
        if (slash) {
                *slash = '\0';
                name = slash + 1;
                at = parent = mkdir_chain(step, dir_fd, copy, err);
                if (parent < 0)
                        return parent;
        }
        if (dir)
                r = mkdirat(at, name, 0755) >= 0 ? fchmodat(at, name, 0755, 0) : (errno == EEXIST ? 0 : -1);
        else {
                file = openat(at, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
                r = file < 0 ? -1 : 0;
        }
        if (r < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: create \"%s\"", step, rel);
        r = fd_open_path(at, name, dir ? O_DIRECTORY : 0);
        if (r < 0)
                return ns_error_set_errno(err, r, "%s: open \"%s\"", step, rel);
        return r;
}
