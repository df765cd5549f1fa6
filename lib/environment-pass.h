/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which variables of the incoming environment the login-shell stage hands on
 * to the user's shell, on top of environment_build() (which already keeps
 * TERM). Everything else is dropped: the caller is sshd, login or su, whose
 * environment can carry values the user or a PAM module chose, and the
 * variables that steer the dynamic loader (LD_*), the shell (BASH_ENV, ENV,
 * SHELLOPTS, PS4, IFS) or a later program must not cross the stage.
 *
 * Kept, because programs in the session rely on them and none of them
 * changes what a program executes:
 *   SSH_CLIENT SSH_CONNECTION SSH_TTY  set by sshd: where the user came from,
 *                                      which pty
 *   SSH_AUTH_SOCK                      agent forwarding (a socket path in the
 *                                      session's own /tmp)
 *   SSH_ORIGINAL_COMMAND               a ForceCommand's view of the request
 *   LANG LANGUAGE LC_*                 the locale (sshd AcceptEnv, login);
 *                                      only the standard LC_ names
 */
#pragma once

#include <stdbool.h>

#include "error.h"

/* True when ENTRY ("KEY=VALUE") is one the stage passes on. */
bool environment_pass_allowed(const char *entry);

/*
 * Append to *ENV (a list from environment_build()) every entry of INCOMING
 * that environment_pass_allowed() accepts and whose key *ENV does not hold
 * yet: the policy's Environment wins over the incoming value. *ENV is
 * reallocated; on -ENOMEM it is left as it was.
 */
int environment_pass(char ***env, char *const *incoming, ns_error *err);
