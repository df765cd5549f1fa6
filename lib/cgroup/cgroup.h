/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session's cgroup, whichever backend keeps it (docs/DESIGN.md,
 * "Backends"). The session engine calls only this header; cgroup.c picks the
 * backend, in one place, from CgroupBackend:
 *
 *   systemd    systemd is PID 1: the session stays in logind's scope (or a
 *              transient scope systemd starts), limits go on user-UID.slice
 *              through systemd; nsshell writes no cgroup attribute
 *              (cgroup-systemd.h).
 *   cgroupfs   no systemd: nsshell's own tree below CgroupRoot,
 *              user-UID.slice/session-ID.scope (cgroup-cgroupfs.h).
 *   auto       systemd where it runs and nsshell was built with it, else
 *              cgroupfs (the default).
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "policy/policy.h"

typedef struct cgroup_session cgroup_session;

/* Which backend CgroupBackend=auto resolves to on this host. */
cgroup_backend cgroup_backend_detect(void);
/* The backend P's sessions use here: systemd or cgroupfs, never auto.
 * -EOPNOTSUPP (with the reason) when P asks for systemd and it cannot be had. */
int cgroup_backend_choose(const policy *p, cgroup_backend *ret, ns_error *err);

/*
 * Place the caller in the session's cgroup and apply the policy's per-user
 * limits, with the backend P names. The caller must not have created
 * namespaces yet: the session's cgroup namespace is rooted where the caller
 * is afterwards. Errors as the backend's create, and -EOPNOTSUPP with a
 * message when CgroupBackend=systemd cannot be had here.
 */
int cgroup_session_create(
        const policy *p, uid_t uid, const char *session_id, cgroup_session **ret, ns_error *err);

/* End the session's cgroup; call it after leaving the session's cgroup
 * namespace. With KillOnLogout=yes its processes (the caller's excepted) get
 * SIGTERM, SIGCONT and SIGHUP, at most STOP_TIMEOUT_USEC (TimeoutStopSec; 0:
 * none) to end, then SIGKILL. 0 done, 1 KillOnLogout=no left processes
 * running, -EBUSY killed processes did not exit in time. */
int cgroup_session_teardown(cgroup_session *c, uint64_t stop_timeout_usec, ns_error *err);

/* Whatever KillOnLogout says, the teardown leaves the processes running
 * (a login that leaves its shared environment to other logins,
 * session/environment.h). */
void cgroup_session_keep_processes(cgroup_session *c);

/* The teardown also removes the user's other empty leaves: the last login
 * of a shared environment, whose end emptied the leaves of the others
 * (cgroupfs; systemd removes empty scopes itself). */
void cgroup_session_sweep_at_teardown(cgroup_session *c);

/* The session's cgroup, absolute (below the cgroup2 mount). */
const char *cgroup_session_path(const cgroup_session *c);
/* systemd: the scope's unit and logind's session id (NULL when the scope is
 * not logind's); cgroupfs: NULL. */
const char *cgroup_session_unit(const cgroup_session *c);
const char *cgroup_session_logind_id(const cgroup_session *c);
/* CgroupLimits=warn: one sentence per limit not applied; NULL if none. */
char *const *cgroup_session_unapplied(const cgroup_session *c);
/* cgroupfs: ids of the user's dead sessions whose leaves create removed. */
char *const *cgroup_session_swept(const cgroup_session *c);

void cgroup_session_free(cgroup_session *c);
static inline void cgroup_session_freep(cgroup_session **c) {
        cgroup_session_free(*c);
}
#define _cleanup_cgroup_session_free_ _cleanup_(cgroup_session_freep)
