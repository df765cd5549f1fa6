/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Ending every process of a session leaf: cgroup.kill (Linux >= 5.14), or on
 * older kernels a freeze, SIGKILL each member, thaw loop; then a bounded wait
 * on cgroup.events for "populated 0" (poll(POLLPRI), no busy loop).
 */
#pragma once

#include "basic/error.h"

/* Wait at most TIMEOUT_MS for the cgroup LEAF_FD to have no process.
 * 0 empty, -EBUSY (with message) still populated at the deadline. */
int cgroup_wait_empty(int leaf_fd, const char *leaf_path, unsigned timeout_ms, ns_error *err);

/* Kill every process in the cgroup LEAF_FD and wait for it to empty, within
 * TIMEOUT_MS overall. 0 empty, -EBUSY if processes remain at the deadline. */
int cgroup_kill(int leaf_fd, const char *leaf_path, unsigned timeout_ms, ns_error *err);
