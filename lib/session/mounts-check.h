/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What nsshell --check can find before a login does (nsshell(1), --check):
 * the paths a policy line names that would refuse every session (missing
 * without "-", a symbolic link in them), and, for one user, a dry run of the
 * session's whole mount plan (mounts.h) in a throwaway mount namespace.
 */
#pragma once

#include "basic/error.h"
#include "policy/conf-load.h"
#include "policy/policy.h"
#include "policy/user.h"

/* The paths assignment A names that exist on every host whatever the user:
 * words with no %-token, "-" ones skipped, bind destinations not (they are
 * created). 0 if each opens as mounts_apply() opens it, else the first
 * problem ("Directive: open \"PATH\": ...") in err. */
int mounts_check_assignment(const conf_assignment *a, ns_error *err);

/* mounts_dry_run() of P for U in a forked child that unshares a mount
 * namespace (and the net, ipc and cgroup namespaces P asks for) and makes
 * it a recursive slave first: nothing reaches the host's mount table. 0 if
 * the plan goes through, else its first problem in err (-EIO if the child
 * died without saying). Needs root. */
int mounts_check_user(const policy *p, const user_context *u, ns_error *err);
