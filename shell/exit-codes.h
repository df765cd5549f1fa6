/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Exit codes of nsshell, documented in nsshell(1). The modes that run a
 * command for a user (--user, the login-shell stage) return that command's
 * status, so nsshell's own failures use 125-127 as env(1) and timeout(1) do.
 */
#pragma once

enum {
        EXIT_OK = 0,
        EXIT_POLICY_INVALID = 1, /* --check/--explain: the policy has errors */
        EXIT_USAGE = 2, /* bad command line */
        EXIT_SETUP_FAILED = 125, /* nsshell could not build or verify the session */
        EXIT_CANNOT_EXEC = 126, /* the command exists but could not be run */
        EXIT_NOT_FOUND = 127, /* the command was not found */
};
