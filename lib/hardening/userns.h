/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The login-shell stage's own user namespace (`Namespaces user`), made in the
 * user's process and never in a root one (docs/DESIGN.md, "Privilege split"):
 * a new user namespace with "deny" in its setgroups and the user's uid and gid
 * mapped to themselves (one line each), so every file keeps its owner and
 * `id` prints what it printed before.
 *
 * The stage is not dumpable (docs/DESIGN.md, "The login-shell stage"), so its
 * own /proc/self/uid_map belongs to root and it cannot write it. A short-lived
 * helper child makes the namespace instead: it loads a filter that lets it
 * only read, write and exit (seccomp_filter_load_helper()), becomes dumpable,
 * and waits; the stage writes the helper's maps, joins the namespace with
 * setns() (as its owner it may), checks the maps, and lets the helper exit.
 * Whoever attaches to the helper while it is dumpable can make it do nothing
 * else; the stage itself is never dumpable.
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
 * The caller must be single-threaded (setns(CLONE_NEWUSER) refuses
 * otherwise), have no other children it waits for, be able to fork, and not
 * yet be under a seccomp filter that denies unshare() or setns().
 */
#pragma once

#include <stdint.h>

#include "basic/error.h"

/* KEEP: the capabilities left in the bounding set (policy capability_bounding_set). */
int userns_enter_as_self(uint64_t keep, ns_error *err);
