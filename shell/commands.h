/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The program's modes. main() picks one from argv[1]; each lives in its own
 * shell/cmd-<name>.c, parses its own options from argv (argv[0] is the mode
 * flag itself, e.g. "--check") and returns the process exit code.
 */
#pragma once

/* Each area declares its command here, e.g. int cmd_check(int argc, char **argv); */

#include <stdbool.h>

#include "basic/error.h"

int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_user(int argc, char **argv);
/* Every policy error in ERR, one "file:line: message" a line, on stderr. */
void print_policy_errors(const ns_error *err);

/* shell/cmd-gc.c: remove empty leftover cgroups below CgroupRoot. */
int cmd_gc(int argc, char **argv);

/* shell/cmd-list.c: the sessions recorded under /run/nsshell/sessions. */
int cmd_list(int argc, char **argv);

/* shell/main.c: whether ARG is one of the mode flags (--check, --help...). */
bool cmd_is_admin_flag(const char *arg);
/* shell/login-shell.c: nsshell as a user's login shell (every call that is
 * not an admin mode); returns only on failure, with the exit code. */
int login_shell_main(int argc, char **argv);
