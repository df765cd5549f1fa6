/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Opening paths the way the engine must: without following any symlink, as
 * O_PATH descriptors that later steps act through, so that a path a user can
 * influence (a home, /tmp, a bind source) cannot be swapped for another one
 * between the check and the use.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "basic/error.h"

/* openat2() relative to dirfd (AT_FDCWD for absolute paths) with O_PATH |
 * O_NOFOLLOW | O_CLOEXEC | extra_flags, refusing symlinks in every component
 * (RESOLVE_NO_SYMLINKS), the last one included. Returns the fd or -errno
 * (-ELOOP: a symlink). */
int fd_open_path(int dirfd, const char *path, int extra_flags);

/* Like fd_open_path() but opens for real I/O (flags include O_RDONLY etc.). */
int fd_open_nofollow(int dirfd, const char *path, int flags, unsigned mode);

/* 1 if fd is a directory, 0 if not, -errno on failure. */
int fd_is_dir(int fd);

/* Close every fd >= first except keep (-1: none). Never fails. */
void fd_close_from(int first, int keep);
/* Close every fd but the N in KEEP (negative ones ignored); no allocation. */
void fd_close_all_but(const int *keep, size_t n);

/* 0 if fd is owned by root and not writable by group or others, else -EPERM
 * (or -errno of fstat) with a message naming path. What makes a directory
 * one that only root can add, replace or rename entries in. */
int fd_check_root_owned(int fd, const char *path, ns_error *err);

/* Create (if missing) and open a directory below parent as an
 * O_RDONLY|O_DIRECTORY fd, refusing symlinks and directories not owned by
 * root or writable by group/others, and give it exactly mode (whatever the
 * umask was, whatever it had). path is the name used in messages. */
int fd_open_root_dir(int parent, const char *name, unsigned mode, const char *path, ns_error *err);

/* Write the whole buffer, retrying on EINTR and short writes. */
int fd_write_all(int fd, const void *buf, size_t len);
