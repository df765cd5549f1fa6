/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Per-process hardening of the process that execs the user's shell, in the one
 * order that works, so that no caller has to get it right itself.
 *
 * hardening_become_user(): in a root child about to exec the shell
 * (`nsshell --user`). Steps, and the privilege each needs:
 *   1. rlimits          LimitNOFILE and the other Limit directives;
 *                       raising a hard limit needs CAP_SYS_RESOURCE, so
 *                       it runs while still root (without it, capped at
 *                       the current hard limit: rlimits.h)
 *   1b. process properties  UMask, Nice, IOScheduling*, OOMScoreAdjust
 *                       (process.h); lowering Nice or OOMScoreAdjust needs
 *                       privilege, so while still root
 *   2. bounding set     CapabilityBoundingSet; dropping needs CAP_SETPCAP,
 *                       which the uid change takes away
 *   3. credentials      groups, gid, uid; needs CAP_SETGID/CAP_SETUID; clears
 *                       the permitted and effective sets, verified
 *   4. inheritable and ambient sets cleared; needs nothing, and comes after
 *                       3 so nothing can re-add to them as root
 *   5. NoNewPrivileges  PR_SET_NO_NEW_PRIVS; needs nothing; after 3, because
 *                       it does not stop the uid change but must be in place
 *                       before the filter and the exec
 *   6. seccomp filter   SystemCallFilter; needs NoNewPrivileges or
 *                       CAP_SYS_ADMIN. Last, so that the filter never refuses
 *                       one of our own steps (a policy may deny setgroups or
 *                       prctl) and the filter needs no privilege at all.
 * Afterwards the process is the user with no permitted, effective,
 * inheritable or ambient capabilities, the policy's bounding set,
 * NoNewPrivs 1 and Seccomp 2 (with the default policy).
 *
 * hardening_apply_unprivileged(): in the login-shell stage, which already
 * runs as the user with no capabilities:
 *   1. inheritable and ambient sets cleared (whatever the caller left)
 *   2. rlimits          lowering only; a raise of a hard limit is capped
 *                       at the current one (rlimits.h)
 *   2b. process properties  (process.h) again: the values the PAM process
 *                       set already are kept; what needs privilege it lacks
 *                       is handled as process.h says
 *   3. user namespace   with `Namespaces user` only (userns.h): after the
 *                       rlimits, which must be set in the initial namespace
 *                       to bind, and before NoNewPrivileges and the filter,
 *                       which would refuse unshare(); in it the bounding set
 *                       is dropped to CapabilityBoundingSet
 *   4. NoNewPrivileges
 *   5. seccomp filter
 * Without a user namespace the bounding set is left alone: dropping needs
 * CAP_SETPCAP, and a process without capabilities under NoNewPrivileges
 * cannot gain any.
 *
 * The PAM module applies the process properties (process.h) itself, before
 * session_open(): afterwards /proc/self dangles in the PAM process.
 *
 * hardening_apply_pam_process(): in the PAM application's own root process
 * (sshd's monitor, login, su's parent, cron's job child), after
 * session_open(): what that process can carry for everything it starts,
 * so that a session whose shell is not nsshell (a PAM-only session) gets it
 * too (docs/DESIGN.md, "PAM-only sessions"). The process stays root with its
 * permitted and effective capabilities: its own work (ptys, utmp, the close
 * stack) goes on; only what it and its children could gain later is cut.
 *   1. rlimits          every Limit directive but LimitFSIZE (SIGXFSZ would
 *                       kill the application when it appends to wtmp);
 *                       while root, as in hardening_become_user()
 *   2. bounding set     CapabilityBoundingSet: no later execve() (a
 *                       setuid-root or file-capability binary) grants more
 *   3. NoNewPrivileges
 *   4. seccomp filter   the part of @nsshell-default safe for the application and
 *                       the modules that close after pam_nsshell
 *                       (seccomp_filter_apply_pam())
 * The process lives for one login only, so nothing outlives the session.
 *
 * A failure returns at the first failing step with err naming it; the
 * process is then half-hardened and must not exec the shell: exit instead.
 *
 * The caller must be single-threaded: NoNewPrivileges and the filter are
 * per-thread, and another thread would keep running unhardened.
 */
#pragma once

#include "basic/error.h"
#include "policy/policy.h"
#include "policy/user.h"

int hardening_become_user(const policy *p, const user_context *u, ns_error *err);
int hardening_apply_unprivileged(const policy *p, ns_error *err);
int hardening_apply_pam_process(const policy *p, ns_error *err);

/*
 * What P asks for that hardening_apply_pam_process() does not enforce, one
 * "Directive value" string per item (user namespace, the rest of the filter,
 * LimitFSIZE, PassEnvironment, UnsetEnvironment, EnvironmentFile), for the
 * session start log of a PAM-only session: *ret is a
 * new strv, NULL when nothing is missing. -ENOMEM only.
 */
int hardening_pam_unenforced(const policy *p, char ***ret);
