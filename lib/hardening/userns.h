/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The login-shell stage's own user namespace (`Namespaces user`), made in the
 * user's process and never in a root one (docs/DESIGN.md, "Privilege split"):
 * unshare CLONE_NEWUSER, write "deny" to /proc/self/setgroups, map the user's
 * uid and gid to themselves (one line each), so every file keeps its owner and
 * `id` prints what it printed before.
 *
 * The new namespace hands the process a full capability set in it. That is
 * used once, for what an unprivileged process cannot do otherwise: dropping
 * from the bounding set (it needs CAP_SETPCAP). Then every capability is
 * dropped again and the process holds none, in any namespace. The bounding
 * set is per thread, so the drop holds for everything the shell starts.
 *
 * What the namespace gives the session: setgroups is denied for good (a
 * process cannot shed a supplementary group to get past a "deny group"
 * permission), and no process of the session can use a capability on
 * objects of the initial namespace even if one were granted. Supplementary
 * groups stay in force; unmapped ones show as the overflow gid (65534).
 *
 * The caller must be single-threaded (unshare(CLONE_NEWUSER) refuses
 * otherwise) and not yet under a seccomp filter that denies unshare().
 */
#pragma once

#include <stdint.h>

#include "basic/error.h"

/* KEEP: the capabilities left in the bounding set (policy capability_bounding_set). */
int userns_enter_as_self(uint64_t keep, ns_error *err);
