/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * EnvironmentFile: "KEY=VALUE" lines read when the shell starts, as
 * systemd.exec(5) reads them: blank lines and lines starting with '#' or ';'
 * are skipped; blanks around KEY and before VALUE are dropped; VALUE may be
 * in "double quotes" (backslash escapes \" \\ \` \$, a backslash-newline
 * joins lines) or 'single quotes' (literal), quoted parts and bare parts may
 * follow one another; a bare VALUE loses its trailing blanks, and a backslash
 * in it takes the next character literally (backslash-newline joins lines).
 * Unlike systemd, which skips them with a warning, a line without '=' or
 * with an invalid KEY is an error naming file:line: nsshell fails closed.
 *
 * The file is opened as the policy files are (conf-files.h): every directory
 * on its path and the file itself owned by root and not writable by group or
 * others, symlinks only where root put them. The login-shell stage runs as
 * the user, so the file must also be readable by the user.
 */
#pragma once

#include "basic/error.h"

/*
 * Parse TEXT (the contents of PATH, for messages) and append each entry to
 * *env as a new "KEY=VALUE" string; a KEY already in *env is replaced in
 * place, so a later line or file wins. -EINVAL with err naming PATH:LINE.
 */
int environment_file_parse(const char *path, const char *text, char ***env, ns_error *err);

/*
 * Read every file of FILES (EnvironmentFile, in order; a leading '-' means
 * a missing file is skipped) into *env as environment_file_parse() does.
 * A file that is missing without '-', unsafe or unreadable is an error.
 */
int environment_files_load(char *const *files, char ***env, ns_error *err);
