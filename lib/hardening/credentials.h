/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The irreversible change from root to the user, in the child that will exec
 * the user's shell (`nsshell --user`).
 */
#pragma once

#include "basic/error.h"
#include "policy/user.h"

/*
 * As root: set the supplementary groups to U->gids, then all three gids, then
 * all three uids to the user's. Then verify, as bubblewrap does, that the
 * change really happened: real/effective/saved uid and gid and the fs ids are
 * the user's, the group list equals U->gids, no capability is permitted or
 * effective, and setuid(0)/setgid(0) are refused. Any mismatch is an error
 * (-EPERM) and the caller must not exec anything.
 *
 * For uid 0 (root logging in as root) the ids are set and verified, but there
 * is nothing to lose: the capability and regain checks are skipped.
 */
int credentials_become_user(const user_context *u, ns_error *err);
