/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One isolated session, built the same way by both entry points:
 * pam_nsshell.so (in the PAM application's root process) and `nsshell --user`
 * (root). The caller is the long-lived privileged process; the user's shell is
 * a child it forks after session_open().
 *
 *   session_open()        in the caller, as root: first removes what this
 *                         user's crashed sessions left (stale records, empty
 *                         leaves), then cgroup leaf (the caller is
 *                         placed in it first), then namespaces (the caller
 *                         joins all but pid; its later children go into the new
 *                         pid ns), mounts, hostname, lo, the session init as
 *                         PID 1, the root-owned session record.
 *   (the caller forks)    the user's process, PID 2+ of the session: under
 *                         PAM the application changes identity itself; in
 *                         nsshell --user the child calls
 *                         hardening_become_user() and environment_build().
 *   session_close()       in the caller: kill the session (init and every
 *                         process in the leaf; KillOnLogout=no: neither, and
 *                         the init lingers while the session has processes,
 *                         see session-init.h), remove SysV IPC objects (not
 *                         with KillOnLogout=no), return
 *                         the caller to its own namespaces, remove the leaf
 *                         (and the slice when empty) and the record. Never
 *                         waits for the session's processes synchronously.
 *
 * Any failure in session_open() undoes every step already taken.
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "basic/error.h"
#include "policy/policy.h"
#include "policy/user.h"

typedef struct session session;

/* What session_open() refuses of P for U before it changes anything (Isolate
 * no, Namespaces that cannot hold the directives used): 0, or -EINVAL with
 * the reason in err. nsshell --check --user runs it too. */
int session_check_policy(const policy *p, const user_context *u, ns_error *err);

/* id: the session id the policy was resolved with (session_id_new() in
 * session-record.h; %-tokens may have used it), or NULL for a new one.
 * -EUSERS means MaxSessions is reached, and only that (pam_nsshell tells the
 * user so). */
int session_open(const policy *p, const user_context *u, const char *service, const char *id, session **ret,
        ns_error *err);
const char *session_id(const session *s);
/* SessionScope=user: which environment the login joined or built, and why
 * it did not join the user's existing one, for the caller's log; else NULL. */
const char *session_note(const session *s);
pid_t session_init_pid(const session *s);
/* The session's cgroup leaf (absolute path), NULL while it has none. */
const char *session_cgroup(const session *s);
/* CgroupLimits=warn: one sentence per limit that could not be applied, for
 * the caller to log; NULL if none. */
char *const *session_cgroup_unapplied(const session *s);
int session_close(session *s, ns_error *err);
void session_free(session *s);
