/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Resource limits (LimitNOFILE and the other Limit directives) of the process that becomes the
 * user's shell; they are inherited by everything the shell starts.
 */
#pragma once

#include "basic/error.h"
#include "policy/policy.h"

/* The directive that sets RESOURCE ("LimitNOFILE"), or NULL if none does. */
const char *rlimit_directive_name(int resource);

/*
 * setrlimit() every limit with .set, in RLIMIT_* order, then read each back.
 * Raising a hard limit needs CAP_SYS_RESOURCE: run this while still root when
 * the policy may raise one. Without it, lowering always works and a raise
 * fails with -EPERM and a message that names the directive and both values.
 */
int rlimits_apply(const policy_rlimit rl[POLICY_RLIMIT_MAX], ns_error *err);
