/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Opening policy files safely (as sudo and sshd StrictModes insist): the path
 * is walked from "/" one component at a time with O_PATH|O_NOFOLLOW, and
 *  - every directory on the way is owned by root (or TRUSTED, for tests) and
 *    not writable by group or others, except that a root-owned sticky
 *    directory (/tmp) may be crossed when the entry in it is root's (TRUSTED's);
 *  - a symlink is followed only when it lives in such a directory and is
 *    owned accordingly; resolution then restarts from "/" (at most 32 hops);
 *  - the file itself is a regular file (never a FIFO or device: it is opened
 *    O_NONBLOCK|O_NOCTTY only after that check) owned by root (TRUSTED) and
 *    not writable by group or others; a directory the same.
 * Messages name the path and what is wrong with it.
 */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "basic/error.h"

/* An O_RDONLY fd of the regular file PATH (made absolute from the cwd). */
int conf_open_file(const char *path, uid_t trusted, int *ret_fd, ns_error *err);
/* An O_RDONLY|O_DIRECTORY fd of the directory PATH. -ENOENT when it does not exist. */
int conf_open_dir(const char *path, uid_t trusted, int *ret_fd, ns_error *err);
/* The whole file (at most 1 MiB), NUL-terminated. */
int conf_read_fd(int fd, const char *path, char **ret, size_t *ret_len, ns_error *err);
/* Names of DIRFD's entries ending in ".conf" (not hidden), in C-locale order. */
int conf_list_dropins(int dirfd, const char *path, char ***ret, ns_error *err);
/* Paths matching the glob PATTERN, in C-locale order; none is not an error. */
int conf_glob(const char *pattern, char ***ret, ns_error *err);
