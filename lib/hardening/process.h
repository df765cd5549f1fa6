/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Process properties the policy sets on the process that becomes the user's
 * shell, inherited by everything it starts (as systemd.exec(5) sets them on
 * a service's main process):
 *   UMask                 umask(2)
 *   Nice                  setpriority(2); when the value is below what the
 *                         process may set (CAP_SYS_NICE, RLIMIT_NICE), the
 *                         closest permitted value, as systemd does
 *   IOSchedulingClass     ioprio_set(2); a class without a priority takes 4,
 *   IOSchedulingPriority  a priority without a class takes best-effort, as
 *                         systemd's default "best-effort 4"; a failure
 *                         (realtime without CAP_SYS_NICE/CAP_SYS_ADMIN) is an
 *                         error, as in systemd
 *   OOMScoreAdjust        /proc/self/oom_score_adj; lowering it needs
 *                         CAP_SYS_RESOURCE: a refusal for lack of privilege
 *                         (EACCES, EPERM; the non-dumpable login-shell stage
 *                         cannot open the file at all) leaves the value as it
 *                         was, as systemd does ("assuming containerized
 *                         execution")
 * An unset directive leaves the inherited value alone. Applying a value the
 * process already has needs no privilege, so the PAM process (root) applies
 * them first and the login-shell stage (the user) again without failing.
 */
#pragma once

#include <stdbool.h>

#include "basic/error.h"
#include "policy/policy.h"

/*
 * Apply P's UMask, Nice, IOScheduling* and OOMScoreAdjust to the calling
 * process, in that order. Returns 0, or 1 when OOMScoreAdjust or Nice could
 * not be applied as asked for lack of privilege (the value then stays, or is
 * the closest permitted: see above); a negative errno with err naming the
 * directive on any other failure. /proc must be this process's procfs (in
 * the PAM process, call this before session_open(): afterwards /proc/self
 * dangles there).
 */
int process_properties_apply(const policy *p, ns_error *err);

/* The ioprio value ioprio_set(2) takes for P, or -1 when neither
 * IOSchedulingClass nor IOSchedulingPriority is set. */
int process_ioprio(const policy *p);
