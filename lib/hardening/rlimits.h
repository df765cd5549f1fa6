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
 * the policy may raise one. Without it, lowering always works and a raise is
 * capped at the current hard limit (the soft limit at most that), as
 * systemd's setrlimit_closest() does, so that a policy's LimitNOFILE never
 * refuses a login where the hard limit is lower. Returns 0, 1 when a limit was
 * capped (rlimits_capped() says which), or a negative errno naming the
 * directive.
 */
int rlimits_apply(const policy_rlimit rl[POLICY_RLIMIT_MAX], ns_error *err);

/*
 * After rlimits_apply(): one "LimitNOFILE 1024:65536 (hard limit capped at
 * 20000)" line per limit of RL whose hard limit this process has below the
 * one asked for, as a new strv in *ret (NULL when none). -ENOMEM only.
 */
int rlimits_capped(const policy_rlimit rl[POLICY_RLIMIT_MAX], char ***ret);
