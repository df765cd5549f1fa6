/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup2 filesystem access: finding the cgroup2 mount, mapping the policy's
 * CgroupRoot onto it, and small fd-based file helpers. Every object is reached
 * with openat() from a directory fd (O_NOFOLLOW, O_CLOEXEC); paths are only
 * carried along for error messages.
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "basic/error.h"

/* Where the policy's CgroupRoot paths live (policy parser: "under /sys/fs/cgroup"). */
#define CGROUP_FS_BASE "/sys/fs/cgroup"
/* The cgroup2 mount of a hybrid (v1 + v2) host. */
#define CGROUP_FS_HYBRID_MOUNT "/sys/fs/cgroup/unified"

/* The cgroup2 mount point: /sys/fs/cgroup on a unified host, else
 * /sys/fs/cgroup/unified on a hybrid one. -ENOMEDIUM if neither is cgroup2. */
int cgroup_fs_find_mount(const char **ret, ns_error *err);

/*
 * CgroupRoot relative to the cgroup2 mount: a path already under MOUNT keeps
 * its place; any other path under /sys/fs/cgroup is moved under MOUNT
 * ("/sys/fs/cgroup/nsshell.slice" -> "nsshell.slice" below
 * /sys/fs/cgroup/unified). The result has no empty, "." or ".." component
 * and is never the mount root itself.
 */
int cgroup_fs_map_root(const char *mount, const char *cgroup_root, char **ret_relative, ns_error *err);

/* The cgroup2 path in a /proc/PID/cgroup file ("0::/path": "/path", as the
 * reader's cgroup namespace shows it), the file opened as PATH below DIRFD.
 * 0 with *ret NULL when the file has no cgroup2 line (no cgroup2 hierarchy);
 * -errno when it cannot be opened or read. The one reader of these files. */
int cgroup_fs_proc_path(int dirfd, const char *path, char **ret);
/* The cgroupfs path of process PID's cgroup (0: the caller's) below the
 * cgroup2 mount, e.g. /sys/fs/cgroup/user.slice/.../session-3.scope. */
int cgroup_fs_process_cgroup(pid_t pid, char **ret, ns_error *err);

/* Open the directory NAME below DIRFD (O_DIRECTORY|O_NOFOLLOW), creating it
 * first (mode 0755) when CREATE is set. DIR_PATH names DIRFD in messages. */
int cgroup_fs_open_dir(
        int dirfd, const char *dir_path, const char *name, bool create, int *ret_fd, ns_error *err);

/* Read the whole small file NAME in DIRFD into a NUL-terminated string. */
int cgroup_fs_read(int dirfd, const char *dir_path, const char *name, char **ret, ns_error *err);

/* Write VALUE into the interface file NAME in DIRFD with one write(). */
int cgroup_fs_write(int dirfd, const char *dir_path, const char *name, const char *value, ns_error *err);

/* Whether the space/newline-separated list TEXT holds WORD. */
bool cgroup_fs_has_word(const char *text, const char *word);

/* The "populated" value in the text of a cgroup.events file: 1, 0, or
 * -EBADMSG when there is none. */
int cgroup_fs_parse_populated(const char *events);

/* Read "populated" from cgroup.events in DIRFD: 1 populated, 0 empty. */
int cgroup_fs_populated(int dirfd, const char *dir_path, ns_error *err);

/* Whether DIRFD has any subdirectory (a child cgroup); 1 yes, 0 no. */
int cgroup_fs_has_children(int dirfd);

/* Remove the (empty) cgroup NAME below DIRFD. 1 removed, 0 already gone,
 * -EBUSY if it still has processes or children. */
int cgroup_fs_remove(int dirfd, const char *dir_path, const char *name, ns_error *err);
