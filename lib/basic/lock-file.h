/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Locks only root can take, with a bounded wait (docs/DESIGN.md, "Locks").
 *
 * A lock is flock(LOCK_EX) on a regular file in a directory only its owner
 * (root) can enter, e.g. /run/nsshell/locks (run-dir.h): no other user can
 * open the file, so no other user can hold the lock. Never lock a directory
 * or file a user can open (a cgroup directory, a 0755 directory): anyone who
 * can open it can flock it and freeze every waiter.
 *
 * The wait is bounded: LOCK_NB in a loop with short pauses until a deadline,
 * so a stuck holder (a stopped su, a hung process) costs a waiter at most the
 * timeout, never a login that hangs forever.
 */
#pragma once

#include "basic/error.h"

/* How long the login path waits for a lock another nsshell holds. A holder
 * keeps it for a few milliseconds (or for the few seconds a session's open
 * may take, see session.c); longer means it is stuck. */
#define LOCK_TIMEOUT_MS 10000

/* Take flock(LOCK_EX) on FD, waiting at most TIMEOUT_MS (0: try once).
 * 0, -ETIMEDOUT when the lock stayed taken, or -errno of flock(). */
int lock_fd_wait(int fd, unsigned timeout_ms);

/*
 * Open (creating it 0600 if missing) the lock file NAME in DIRFD and lock it
 * as lock_fd_wait() does. The file must be a regular file owned by the caller
 * with no permission for group or others; symlinks are refused. DIR_PATH
 * names DIRFD in messages. The lock lives as long as *RET_FD. -ETIMEDOUT
 * (with a message) when another holder kept it for TIMEOUT_MS.
 */
int lock_file_take(
        int dirfd, const char *dir_path, const char *name, unsigned timeout_ms, int *ret_fd, ns_error *err);
