/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The program's modes. main() picks one from argv[1]; each lives in its own
 * shell/cmd-<name>.c, parses its own options from argv (argv[0] is the mode
 * flag itself, e.g. "--check") and returns the process exit code.
 */
#pragma once

/* Each area declares its command here, e.g. int cmd_check(int argc, char **argv); */

#include "error.h"

int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_user(int argc, char **argv);
/* Every policy error in ERR, one "file:line: message" a line, on stderr. */
void print_policy_errors(const ns_error *err);

/* shell/cmd-gc.c: remove empty leftover cgroups below CgroupRoot. */
int cmd_gc(int argc, char **argv);
