/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The terminal a PAM application lends to the session it opens.
 *
 * login(8) leads its terminal's session and hangs it up (vhangup) before the
 * next login; sshd gives each session a pty of its own and closes it. su,
 * sudo and runuser run the session on their caller's terminal, which the
 * caller goes on using after the session ends. A process the session leaves
 * behind there (KillOnLogout no) would read what the caller types next. So a
 * session that shares its caller's terminal must end with its processes:
 * see docs/DESIGN.md, "Terminals". (nsshell --user gives its child a pty of
 * its own instead: basic/pty-relay.h.)
 */
#pragma once

#include <stddef.h>

#include "basic/error.h"
#include "policy/policy.h"

/* 1 with the terminal's name in ret_name when one of the caller's fds 0-2 is
 * a terminal whose session the caller does not lead (it is borrowed from a
 * shell that outlives the session), 0 when none is. */
int terminal_shared_with_caller(char *ret_name, size_t size);

/* 0 when P's session may run on the caller's terminal; -EPERM, with a
 * message saying why and what to do, when the terminal is shared with the
 * caller and P lets processes outlive the session (KillOnLogout no). */
int terminal_check_lent(const policy *p, const char *service, ns_error *err);
