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
 *   SSH_USER_AUTH                      sshd's ExposeAuthInfo file
 *   DISPLAY XAUTHORITY                 X11 forwarding (ssh -X, -Y)
 *   KRB5CCNAME                         the Kerberos ticket cache (GSSAPI
 *                                      delegation, pam_krb5, pam_sss)
 *   GIT_PROTOCOL                       git's protocol version over ssh
 *   MAIL                               login, pam_mail
 *   XDG_SESSION_ID XDG_SESSION_TYPE XDG_SESSION_CLASS XDG_RUNTIME_DIR
 *   XDG_SEAT XDG_VTNR                  pam_systemd's session
 *   TZ COLORTERM NO_COLOR              the client's time zone and colours
 *   LANG LANGUAGE LC_*                 the locale (sshd AcceptEnv, login);
 *                                      only the standard LC_ names
 */
#pragma once

#include <stdbool.h>

#include "basic/error.h"

/* True when ENTRY ("KEY=VALUE") is one the stage passes on. */
bool environment_pass_allowed(const char *entry);

/*
 * Append to *ENV (a list from environment_build()) every entry of INCOMING
 * that environment_pass_allowed() accepts or whose key PASS_NAMES
 * (PassEnvironment) lists, and whose key *ENV does not hold yet: the policy's
 * Environment and EnvironmentFile win over the incoming value, as in systemd.
 * A name of PASS_NAMES that environment_unsafe() accepts is never passed.
 * INCOMING and PASS_NAMES may be NULL. *ENV is reallocated; on -ENOMEM it is
 * left as it was.
 */
int environment_pass(char ***env, char *const *incoming, char *const *pass_names, ns_error *err);

/*
 * True when ENTRY ("KEY=VALUE", or a bare "KEY") names a variable that
 * steers the dynamic loader or libc: glibc's list of variables it removes
 * for setuid programs (LD_PRELOAD, GCONV_PATH, TMPDIR, ...) and any LD_*.
 * pam_nsshell removes these from the PAM environment of an isolated user.
 */
bool environment_unsafe(const char *entry);

/*
 * The names (without values) of the entries of ENV that environment_unsafe()
 * accepts, in their order, as a new list in *RET (NULL when there are none).
 */
int environment_unsafe_names(char *const *env, char ***ret, ns_error *err);

/*
 * The first variable of ENV, set to a non-empty value, that made the dynamic
 * loader load code of the caller's choosing into this very process before
 * main() (LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH: the entries of the same
 * list that load code), or NULL. The stage cannot undo what such code did,
 * so an isolated user's shell is refused instead; code that meant harm has
 * run already and need not reach the check, which is why keeping these
 * variables out of the caller's environment (pam_nsshell's scrub) is the
 * defence and this only its tripwire.
 */
const char *environment_loader_variable(char *const *env);
