/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The per-user cgroup v2 slice (cgroupfs backend):
 *
 *   <CgroupRoot>/user-<uid>.slice/session-<id>.scope
 *
 * CgroupRoot is mapped onto the cgroup2 mount that exists (see
 * cgroup_fs_map_root(): on a hybrid host /sys/fs/cgroup/X lives at
 * /sys/fs/cgroup/unified/X). The policy's limits go on the user slice, so
 * they cap all of that user's sessions together; processes live only in the
 * session leaves. Every change of a slice's set of leaves (create, remove,
 * gc) happens under a lock only root can take, the file
 * NSSHELL_LOCK_DIR/user-UID.slice.lock (basic/lock-file.h), waited for at
 * most LOCK_TIMEOUT_MS, so a login racing a logout of the same user neither
 * loses the slice nor fails, and no user can freeze another's logins.
 *
 * Writes happen only below CgroupRoot, with two exceptions: "+controller" in
 * cgroup.subtree_control of CgroupRoot's ancestors when a limit needs a
 * controller they do not yet pass down, and, at teardown, moving the calling
 * process back to the cgroup it was in before cgroupfs_session_create().
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "policy/policy.h"

/* Teardown's default wait for killed processes to leave the leaf. */
#define CGROUP_DRAIN_TIMEOUT_MS 2000

typedef struct cgroupfs_options {
        const char *mount; /* the cgroup2 mount to use; NULL: find it (tests: a fake tree) */
        unsigned drain_timeout_ms; /* 0: CGROUP_DRAIN_TIMEOUT_MS */
        const char *lock_dir; /* where the slice locks are; NULL: NSSHELL_LOCK_DIR (tests: a temp dir) */
} cgroupfs_options;

typedef struct cgroupfs_session cgroupfs_session;

/*
 * Create the user's slice (if needed), write the policy's limits into it,
 * remove its empty session leaves (sessions that ended without a teardown),
 * create the session leaf and move PID (0: the caller) into it, all under
 * the slice lock, so the new leaf is never seen empty. MaxSessions is not
 * the backend's: the session layer counts records (session.c). The caller must not have created namespaces
 * yet. OPTS may be NULL. Limits that CgroupLimits=warn let go unapplied are listed by
 * cgroupfs_session_unapplied(). Errors: -EOPNOTSUPP a limit's controller is missing (CgroupLimits=require),
 * -ETIMEDOUT the slice lock stayed taken, -EEXIST the session id is in use, or the errno of the failing
 * cgroup file operation.
 */
int cgroupfs_session_create(const policy *p, uid_t uid, const char *session_id, pid_t pid,
        const cgroupfs_options *opts, cgroupfs_session **ret, ns_error *err);

/* Find an existing session leaf by (CgroupRoot, uid, id), e.g. to tear it
 * down from a process that did not create it. -ENOENT if there is none. */
int cgroupfs_session_lookup(const policy *p, uid_t uid, const char *session_id, const cgroupfs_options *opts,
        cgroupfs_session **ret, ns_error *err);

/* Move PID (0: the caller) into the session leaf. */
int cgroupfs_session_attach(cgroupfs_session *c, pid_t pid, ns_error *err);

/*
 * End the session's cgroup. Call it after leaving the session's cgroup
 * namespace: the caller, if still in the leaf, is first moved back to the
 * cgroup it came from (after a lookup: the cgroup2 root). With KillOnLogout
 * every process of the leaf gets SIGTERM, SIGCONT and SIGHUP, has at most
 * STOP_TIMEOUT_USEC to end (0: none), and what is left is killed and waited
 * for (bounded, cgroup_stop()); then the leaf is removed, and the slice too
 * when it has no leaf left.
 * Returns 0 when removed, 1 when KillOnLogout=no left the leaf to lingering
 * processes (cgroup_gc() removes it once they are gone), -EBUSY when killed
 * processes did not exit in time (the leaf stays for cgroup_gc()).
 */
/* The teardown ends no process (cgroup.h). */
void cgroupfs_session_keep_processes(cgroupfs_session *c);
/* The teardown also sweeps the slice's empty leaves (cgroup.h). */
void cgroupfs_session_sweep_at_teardown(cgroupfs_session *c);
int cgroupfs_session_teardown(cgroupfs_session *c, uint64_t stop_timeout_usec, ns_error *err);

/* The leaf's absolute path, e.g. /sys/fs/cgroup/unified/nsshell.slice/user-1000.slice/session-7.scope. */
const char *cgroupfs_session_path(const cgroupfs_session *c);

/* CgroupLimits=warn: one sentence per limit not applied, NULL-terminated; NULL if none. */
char *const *cgroupfs_session_unapplied(const cgroupfs_session *c);

/* The ids of the user's dead sessions whose empty leaves create removed
 * (their records can go too), NULL-terminated; NULL if none. */
char *const *cgroupfs_session_swept(const cgroupfs_session *c);

void cgroupfs_session_free(cgroupfs_session *c);
static inline void cgroupfs_session_freep(cgroupfs_session **c) {
        cgroupfs_session_free(*c);
}
#define _cleanup_cgroupfs_session_free_ _cleanup_(cgroupfs_session_freep)

/* Where CGROUP_ROOT lives on this host's cgroup2 mount, as an absolute path
 * (on a hybrid host /sys/fs/cgroup/X -> /sys/fs/cgroup/unified/X). */
int cgroup_resolve_root(
        const char *cgroup_root, const cgroupfs_options *opts, char **ret_path, ns_error *err);

/*
 * Remove every empty cgroup below CGROUP_ROOT (leaves whose processes are
 * gone, slices without leaves, anything else left over), never CGROUP_ROOT
 * itself and never a cgroup with processes. *RET_REMOVED (may be NULL) counts
 * the removed directories. A missing CGROUP_ROOT is not an error.
 */
int cgroup_gc(const char *cgroup_root, const cgroupfs_options *opts, unsigned *ret_removed, ns_error *err);
