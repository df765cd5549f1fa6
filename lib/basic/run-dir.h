/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsshell's runtime directory, /run/nsshell: its own small tmpfs, mode 0711,
 * that only root writes (docs/DESIGN.md, "Runtime directory").
 *
 * /run is shared: a user who can write anywhere on it (/run/lock is 1777 on
 * many hosts) can fill it, and a record or lock that needs a new inode or
 * page there would then fail (ENOSPC) and refuse every isolated login. On a
 * file system of its own that no user can write, nsshell's records and locks
 * never depend on space a user can take. run_dir_open() mounts it on first
 * use when the host has not provided one (fstab, a mount unit), in the
 * caller's mount namespace.
 *
 *   /run/nsshell            0711 root   the mount; users may only traverse
 *   /run/nsshell/locks      0700 root   lock files (lock-file.h)
 *   /run/nsshell/sessions   0711 root   session records, one directory per
 *                                       user (session-record.h)
 *   /run/nsshell/net        0700 root   address leases of nat sessions
 *                                       (net/net-lease.h)
 */
#pragma once

#include "basic/error.h"

#define NSSHELL_RUN_PARENT "/run"
#define NSSHELL_RUN_NAME "nsshell"
#define NSSHELL_RUN_DIR NSSHELL_RUN_PARENT "/" NSSHELL_RUN_NAME
#define NSSHELL_LOCK_DIR NSSHELL_RUN_DIR "/locks"
/* Records are at most 4 KiB (one page each), plus one inode per user's
 * record directory and lock files: room for thousands of sessions. */
#define NSSHELL_RUN_MOUNT_OPTIONS "mode=0711,size=16m,nr_inodes=65536"

/*
 * Open NSSHELL_RUN_DIR (O_RDONLY|O_DIRECTORY) for a root process that is
 * about to write in it: created root-owned if missing, symlinks refused,
 * mode set to 0711. When it is not yet a file system of its own (same device
 * as /run), a tmpfs with NSSHELL_RUN_MOUNT_OPTIONS is mounted on it, under a
 * lock on the mount point itself (which no other user can open once it is
 * 0711) taken with a bounded wait. Errors: -EPERM not root-owned, the errno
 * of the mount (a caller without CAP_SYS_ADMIN), -ETIMEDOUT.
 */
int run_dir_open(int *ret_fd, ns_error *err);

/* Open (creating it) the lock directory below RUN_FD, root-owned 0700. */
int run_dir_open_locks(int run_fd, int *ret_fd, ns_error *err);
