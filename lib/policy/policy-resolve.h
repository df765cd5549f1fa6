/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The policy language's public API: load nsshell.conf(5) once, then resolve
 * it for a user, a PAM service and a session into a struct policy.
 *
 * Resolution starts from policy_new_default(), then applies every assignment
 * whose Match block holds, in file order: scalars take the last value, lists
 * accumulate and an empty value ("") clears them. %-tokens are expanded with
 * the user's values. Any error refuses the whole policy: callers fail closed.
 */
#pragma once

#include "policy/conf-load.h"
#include "policy/policy.h"
#include "policy/user.h"

#define POLICY_DEFAULT_PATH SYSCONFDIR "/nsshell/nsshell.conf"
#define POLICY_DEFAULT_SERVICE "nsshell"

/* Which file:line last set each directive (lists: every line since the last clear). */
typedef struct policy_origins policy_origins;

/* SERVICE NULL: "nsshell". SESSION_ID NULL (nsshell --explain): values stay in
 * token syntax, "%s" and "%%" kept. */
int policy_resolve(const conf *c, const user_context *u, const char *service, const char *session_id,
        policy **ret, ns_error *err);
/* The same, also returning where each directive was set. */
int policy_resolve_with_origins(const conf *c, const user_context *u, const char *service,
        const char *session_id, policy **ret, policy_origins **ret_origins, ns_error *err);
/* conf_load(PATH or the default path) + policy_resolve(). */
int policy_load_for_user(const char *path, const user_context *u, const char *service,
        const char *session_id, policy **ret, ns_error *err);

/* "file:line[, file:line...]" for D, or NULL when D kept its built-in value. */
const char *policy_origins_get(const policy_origins *o, const conf_directive *d);
void policy_origins_free(policy_origins *o);
static inline void policy_origins_freep(policy_origins **o) {
        policy_origins_free(*o);
}
#define _cleanup_policy_origins_free_ _cleanup_(policy_origins_freep)
