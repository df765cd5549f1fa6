/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The environment the user's shell starts with. It is built from scratch and
 * never copied from the caller: the caller may be sshd, login or su, whose
 * environment can carry values the user chose (AcceptEnv, pam_env, su's
 * caller) and variables that steer the dynamic loader.
 */
#pragma once

#include <stdbool.h>

#include "basic/error.h"
#include "policy/policy.h"
#include "policy/user.h"

/* PATH for ordinary users and for uid 0. */
#define ENVIRONMENT_PATH_USER "/usr/local/bin:/usr/bin:/bin"
#define ENVIRONMENT_PATH_ROOT "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/*
 * *ret becomes a new NULL-terminated "KEY=VALUE" list, in this order:
 *   HOME, USER, LOGNAME   from the user database (U), never from the policy
 *   SHELL                 the policy's shell (p->shell)
 *   PATH                  ENVIRONMENT_PATH_USER, or _ROOT for uid 0
 *   TERM                  when TERM is not NULL (the client's terminal type)
 *   p->environment        in order; an entry whose key is already present
 *                         replaces that value in place, so later entries win
 *                         and may override SHELL, PATH and TERM.
 *   p->environment_files  EnvironmentFile, read in order (environment-file.h):
 *                         their entries override Environment's, as in
 *                         systemd; HOME, USER, LOGNAME refused as above.
 * A policy entry for HOME, USER or LOGNAME is refused with -EPERM: programs
 * trust them to name the account (ssh finds ~/.ssh through HOME), and they
 * must agree with the uid. An entry without '=' or with an empty key is
 * -EINVAL. *ret is untouched on failure.
 */
int environment_build(const policy *p, const user_context *u, const char *term, char ***ret, ns_error *err);

/*
 * UnsetEnvironment, the last step as in systemd: remove from ENV (in place)
 * every entry whose key is a name of UNSET, and every entry equal to a
 * "KEY=VALUE" of UNSET. ENV and UNSET may be NULL.
 */
void environment_unset(char **env, char *const *unset);
