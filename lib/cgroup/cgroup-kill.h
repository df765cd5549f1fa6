/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Ending every process of a session leaf: cgroup.kill (Linux >= 5.14), or on
 * older kernels a freeze, SIGKILL each member, thaw loop; then a bounded wait
 * on cgroup.events for "populated 0" (poll(POLLPRI), no busy loop). Before
 * it, gracefully (cgroup_stop()): SIGTERM, SIGCONT, SIGHUP to each member,
 * as systemd stops a login's scope, and the same wait for the grace period.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "basic/error.h"

/* Wait at most TIMEOUT_MS for the cgroup LEAF_FD to have no process.
 * 0 empty, -EBUSY (with message) still populated at the deadline. */
int cgroup_wait_empty(int leaf_fd, const char *leaf_path, unsigned timeout_ms, ns_error *err);

/* Kill every process in the cgroup LEAF_FD and wait for it to empty, within
 * TIMEOUT_MS overall. 0 empty, -EBUSY if processes remain at the deadline. */
int cgroup_kill(int leaf_fd, const char *leaf_path, unsigned timeout_ms, ns_error *err);

/* End every process of the cgroup LEAF_FD gracefully: SIGTERM, SIGCONT and
 * SIGHUP to each (cgroup_signal()), a wait of at most TIMEOUT_USEC for the
 * cgroup to empty (returns at once when it does), then cgroup_kill() of what
 * is left within DRAIN_TIMEOUT_MS. TIMEOUT_USEC 0: cgroup_kill() at once.
 * The caller must not be in the cgroup. Returns as cgroup_kill(). */
int cgroup_stop(
        int leaf_fd, const char *leaf_path, uint64_t timeout_usec, unsigned drain_timeout_ms, ns_error *err);

/* A pidfd for every process in the cgroup LEAF_FD but the caller, each
 * opened from cgroup.procs and kept only when the next read of cgroup.procs
 * still lists its PID, so a reused PID is never taken for a member. *RET_N
 * may be 0; free with cgroup_pidfds_free(). */
int cgroup_pidfds(int leaf_fd, const char *leaf_path, int **ret_fds, size_t *ret_n, ns_error *err);
void cgroup_pidfds_free(int *fds, size_t n);

/* Send the N_SIGS signals SIGS, in order, to every process of the cgroup but
 * the caller, through the pidfds of cgroup_pidfds(). Returns how many
 * processes were signalled, or -errno. */
int cgroup_signal(int leaf_fd, const char *leaf_path, const int *sigs, size_t n_sigs, ns_error *err);
