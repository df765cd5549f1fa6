/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The systemd backend of the session cgroup (docs/DESIGN.md, "Backends"),
 * for hosts where systemd is PID 1. nsshell creates no cgroup and writes no
 * cgroup attribute there; systemd's single-writer rule holds:
 *
 *   - the session lives in the scope logind gave the caller
 *     (user-UID.slice/session-N.scope) when pam_systemd ran before us and the
 *     logind session is the user's; otherwise (nsshell --user, su from
 *     another user's session, a stack without pam_systemd) systemd starts a
 *     transient scope nsshell-ID.scope in user-UID.slice for the caller, as
 *     `systemd-run --scope --slice=user-UID.slice` does;
 *   - the policy's limits go on user-UID.slice as runtime unit properties
 *     (SetUnitProperties, as `systemctl set-property --runtime`), so they cap
 *     every process of the user, user@UID.service included;
 *   - KillOnLogout ends every process of the scope but the caller (the
 *     caller is the PAM application, e.g. sshd's monitor, which still has its
 *     own close work to do), by pidfd, each one checked to be in the scope
 *     after its pidfd pins it: SIGTERM, SIGCONT, SIGHUP, and SIGKILL after
 *     TimeoutStopSec; a transient nsshell-ID.scope gets SendSIGHUP=yes and
 *     TimeoutStopUSec=TimeoutStopSec for when systemd stops it.
 *
 * Only reads of cgroupfs happen (cgroup.procs, /proc/PID/cgroup).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "policy/policy.h"

typedef struct cgroup_systemd_session cgroup_systemd_session;

/* True when systemd is PID 1 here (sd_booted()) and nsshell was built with
 * libsystemd; otherwise the reason, as a phrase. Built without libsystemd
 * (./configure --without-systemd), cgroup-systemd-none.c stands in for this
 * file: never available, every call -EOPNOTSUPP. */
bool cgroup_systemd_available(void);
const char *cgroup_systemd_unavailable_reason(void);

/*
 * Make sure the caller is in a scope of the user's slice (logind's session
 * scope, or a new transient one for PID 0 = the caller), then set the
 * policy's limits on user-UID.slice. Limits systemd refuses fail the session
 * under CgroupLimits=require; under warn each is listed by
 * cgroup_systemd_session_unapplied(). Errors: -ENOMEDIUM no system bus, or the
 * negative errno systemd answered with (the message carries its D-Bus error).
 */
int cgroup_systemd_session_create(
        const policy *p, uid_t uid, const char *session_id, cgroup_systemd_session **ret, ns_error *err);

/* KillOnLogout=yes: SIGTERM, SIGCONT, SIGHUP to every process in the scope
 * but the caller, at most STOP_TIMEOUT_USEC (0: none) for them to end, then
 * SIGKILL and wait (bounded) until none is left; =no: nothing. 0 done, 1
 * left to linger, -EBUSY processes remained at the deadline. */
void cgroup_systemd_session_keep_processes(cgroup_systemd_session *c);
int cgroup_systemd_session_teardown(cgroup_systemd_session *c, uint64_t stop_timeout_usec, ns_error *err);

/* The scope's absolute path, e.g. /sys/fs/cgroup/user.slice/user-1000.slice/session-7.scope. */
const char *cgroup_systemd_session_path(const cgroup_systemd_session *c);
/* The scope's unit name, e.g. session-7.scope or nsshell-<id>.scope. */
const char *cgroup_systemd_session_unit(const cgroup_systemd_session *c);
/* logind's session id ("7") when the session lives in logind's scope, else NULL. */
const char *cgroup_systemd_session_logind_id(const cgroup_systemd_session *c);
char *const *cgroup_systemd_session_unapplied(const cgroup_systemd_session *c);
void cgroup_systemd_session_free(cgroup_systemd_session *c);
