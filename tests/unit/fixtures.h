/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared unit-test fixtures: a user as user_context_lookup() would return
 * it, built by hand so tests do not depend on the host's NSS.
 */
#pragma once

#include <sys/types.h>

#include "basic/macro.h"
#include "policy/user.h"

/* alice: uid and primary group 1001, also in staff (50) and sshusers (2000). */
static char *alice_group_names[] _unused_ = {"alice", "staff", "sshusers", NULL};
static gid_t alice_gids[] _unused_ = {1001, 50, 2000};
static user_context alice _unused_ = {
        .name = (char *) "alice",
        .uid = 1001,
        .gid = 1001,
        .group = (char *) "alice",
        .home = (char *) "/home/alice",
        .shell = (char *) "/bin/bash",
        .gids = alice_gids,
        .n_gids = ELEMENTSOF(alice_gids),
        .group_names = alice_group_names,
};
