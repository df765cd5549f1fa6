/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The resource limits of nsshell.conf(5) as cgroup v2 interface files: one
 * table row per directive (MemoryMax -> memory.max, ...), which controller it
 * needs, how its value is written. Applied to the user's slice.
 */
#pragma once

#include "basic/error.h"
#include "policy/policy.h"

/* cgroup v2 controllers the limits use, as bits. */
enum {
        CGROUP_CONTROLLER_CPU = 1u << 0,
        CGROUP_CONTROLLER_IO = 1u << 1,
        CGROUP_CONTROLLER_MEMORY = 1u << 2,
        CGROUP_CONTROLLER_PIDS = 1u << 3,
};

/*
 * Which controllers the limits set in P need, given the controllers listed in
 * AVAILABLE (the text of the cgroup2 root's cgroup.controllers; MOUNT names
 * it in messages). A limit whose controller is missing refuses the session
 * under CgroupLimits=require (-EOPNOTSUPP, the message names the directive and
 * the controller); under CgroupLimits=warn it is left out and one sentence per
 * such limit is appended to *UNAPPLIED (a strv, may start NULL).
 * On success *RET_USABLE holds the controllers to enable.
 */
int cgroup_limits_check(const policy *p, const char *mount, const char *available, unsigned *ret_usable,
        char ***unapplied, ns_error *err);

/* Enable CONTROLLERS in DIRFD's cgroup.subtree_control, writing only the ones
 * not yet enabled (nothing at all when they all are). */
int cgroup_limits_enable(int dirfd, const char *dir_path, unsigned controllers, ns_error *err);

/* Write every limit set in P whose controller is in USABLE into the slice
 * DIRFD; unset limits write nothing, infinity writes "max". */
int cgroup_limits_apply(const policy *p, int dirfd, const char *dir_path, unsigned usable, ns_error *err);
