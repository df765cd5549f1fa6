/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session engine's side of the tenant network (lib/net/net.h): when
 * session_open() and session_close() set it up and take it down, and how a
 * lease's session is judged alive (its record, session-list.h).
 */
#pragma once

#include "basic/error.h"
#include "net/net.h"
#include "policy/policy.h"
#include "session/namespaces.h"

/* net_policy_check(): Network against Namespaces, and nat in this build. */
int session_net_check(const policy *p, ns_error *err);

/*
 * For Network nat, in the caller right after it unshared the session's
 * namespaces (it is in the session's network namespace; SAVED holds its own,
 * which it must include): net_session_setup(), judging other sessions'
 * leases by their records in SESSIONS_FD. *RET is NULL for any other mode.
 */
int session_net_open(const policy *p, const ns_saved *saved, int run_fd, int sessions_fd, const char *id,
        net_session **ret, ns_error *err);

/* In the host's network namespace (after the caller returned to its own):
 * net_session_teardown(), then free and reset *N. On failure *N is kept for
 * a retry. */
int session_net_close(net_session **n, ns_error *err);

/* net_gc() with the records in SESSIONS_FD (-EBADF: none, every lease whose
 * lock is free is stale). */
int session_net_gc(int run_fd, int sessions_fd, unsigned *ret_removed, ns_error *err);
