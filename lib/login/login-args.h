/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * How nsshell was called, from argv alone, and the argv of the real shell.
 *
 * nsshell is both an admin tool (`nsshell --check`) and a user's login shell,
 * which sshd, login and su call the way they call any shell:
 *   login shell   argv[0] starts with '-' ("-nsshell"): login, sshd for an
 *                 interactive session, su -
 *   command       argv[1] is "-c": `ssh host cmd`, scp, sftp, rsync, git, su -c
 *   interactive   anything else: plain "nsshell", or other shell arguments
 * A login shell is never an admin invocation, whatever follows argv[0], and
 * "-c" is never an admin flag: the admin modes are reached only with the
 * mode flag itself as argv[1] of a non-login call. They need root or are
 * read-only, so a user reaching one (`su user -- --check`) gains nothing.
 */
#pragma once

#include <stdbool.h>

typedef enum login_call {
        LOGIN_CALL_ADMIN, /* argv[1] is an admin mode flag */
        LOGIN_CALL_LOGIN, /* argv[0] starts with '-' */
        LOGIN_CALL_COMMAND, /* argv[1] is "-c" */
        LOGIN_CALL_INTERACTIVE, /* anything else */
} login_call;

/* IS_ADMIN_FLAG tells whether a string is one of main()'s mode flags. */
login_call login_call_classify(int argc, char *const *argv, bool (*is_admin_flag)(const char *arg));

/*
 * *ret becomes the real shell's argv: "-" + basename(SHELL) for a login call
 * (as login(1) names a login shell), basename(SHELL) otherwise, then
 * argv[1..argc-1] unchanged, NULL-terminated. The strings are argv's own but
 * the first; free the first and the array. -ENOMEM, -EINVAL for an empty SHELL.
 */
int login_shell_argv(const char *shell, login_call call, int argc, char *const *argv, char ***ret);

/* Whether SHELL (a passwd shell) names nsshell, i.e. its last component is
 * "nsshell": the login-shell stage will run for a session of that user
 * (sshd, login, su without --shell), so the session is not PAM-only. */
bool login_shell_is_nsshell(const char *shell);
