/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The mount primitives the steps of the session's view share (mounts.h has
 * the plan, mounts-internal.h the steps). Every path is opened once with
 * openat2(RESOLVE_NO_SYMLINKS) and mounted through its fd with the mount API
 * (open_tree, move_mount, fsopen/fsmount, mount_setattr), so no symlink or
 * rename takes a mount elsewhere. step names the directive (or what is being
 * made) in messages: "STEP: open \"PATH\": ...". Private to
 * lib/session/mounts*.c; the caller is root in the session's mount namespace.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/mount.h>

#include "basic/error.h"

/* What hides a tree: read-only, and nothing runs or opens a device there. */
#define ATTR_HIDE (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

/* The error for fd_open_path() of path failing with r (< 0), which it
 * returns: -ELOOP says the path has a symbolic link in it. */
int path_open_error(const char *step, const char *path, int r, ns_error *err);

/* Open a policy path. With optional, a missing path yields -EBADF (skip). */
int path_open(const char *step, const char *path, bool optional, ns_error *err);

/* path_open() of an optional path, and whether it is a directory: 1 with
 * *ret_fd and *ret_dir set, 0 when it is missing, or -errno with err set. */
int path_open_typed(
        const char *step, const char *path, bool optional, int *ret_fd, bool *ret_dir, ns_error *err);

/* A detached recursive copy of the mount tree at src_fd, with attributes. A
 * read-only copy is also made private: a mount the host makes later below it
 * would arrive writable (mount flags are per mount), so none arrives. */
int tree_clone(const char *step, const char *path, int src_fd, uint64_t set, uint64_t clr, ns_error *err);

/* Move the detached tree onto target_fd (path names it in messages). */
int tree_attach(const char *step, const char *path, int tree, int target_fd, ns_error *err);

/* tree_attach() onto path, which must exist: a tree copied earlier put back. */
int tree_attach_at(const char *step, const char *path, int tree, ns_error *err);

/* A detached copy of the mount tree at path (only its own mount without
 * recursive), as it is now; -EBADF if optional and missing. */
int source_clone(const char *step, const char *path, bool optional, bool recursive, ns_error *err);

/* Stack a copy of src (with attributes) on target. */
int bind_fd(const char *step, const char *path, int src_fd, int target_fd, uint64_t set, uint64_t clr,
        ns_error *err);

/* bind_fd() of path on itself; 0 if optional and missing. */
int bind_self(const char *step, const char *path, bool optional, uint64_t set, uint64_t clr, ns_error *err);

/* A new detached instance of fstype with attr. options: "key=value,flag,ro"
 * (TemporaryFileSystem syntax), "ro" becoming a mount attribute and the rest
 * going to the file system as they are; NULL for none. */
int fs_make(const char *fstype, const char *step, const char *path, const char *options, uint64_t attr,
        ns_error *err);

/* fs_make() on path; 0 if optional and missing. */
int fs_at(const char *fstype, const char *step, const char *path, bool optional, const char *options,
        uint64_t attr, ns_error *err);

/* A tmpfs (options as fs_make(), NULL for none) on target_fd, or at path. */
int tmpfs_on(const char *step, const char *path, int target_fd, const char *options, uint64_t attr,
        ns_error *err);
int tmpfs_at(const char *step, const char *path, bool optional, const char *options, uint64_t attr,
        ns_error *err);

/* Open (creating root-owned 0755 directories as needed) rel below dir_fd, a
 * directory only root can write to. */
int mkdir_chain(const char *step, int dir_fd, const char *rel, ns_error *err);

/* Create and open the mount point rel (a directory, or an empty file) below
 * dir_fd, a directory only root can write to, with its parents. */
int mountpoint_make(const char *step, int dir_fd, const char *rel, bool dir, ns_error *err);

/* The 0000 empty file path_hide() binds over files, opened in the session's
 * view: created through run_fd (nsshell's root-owned runtime directory, as
 * the host has it) but opened by path in the session's namespace, since
 * open_tree() only clones mounts of the caller's own namespace. Before any
 * mount, while /run is as the host has it. */
int inaccessible_node(int run_fd, ns_error *err);

/* Hide path: a directory gets an empty read-only 0000 tmpfs, anything else a
 * read-only bind of hidden_fd (inaccessible_node()). 0 if optional and
 * missing. */
int path_hide(int hidden_fd, const char *step, const char *path, bool optional, ns_error *err);
