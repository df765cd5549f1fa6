/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Writing a struct policy back in the policy language (nsshell --explain,
 * the audit lines of pam_nsshell): one directive a line, in table order,
 * every value in a form conf_load() reads back to the same policy.
 */
#pragma once

#include "policy/policy.h"

typedef struct policy_origins policy_origins;

/* The whole policy as text. ORIGINS (may be NULL) adds a "# file:line" or
 * "# default" comment line before each directive. */
int policy_format(const policy *p, const policy_origins *origins, char **ret);

/* The value of directive NAME (any case) as the policy language writes it,
 * without the name: "mount pid ipc" for Namespaces, "1G" for MemoryMax.
 * 1 and *RET (the caller frees it) when P sets it; 0 and *RET NULL when it
 * does not (policy_format() would write no line); -ENOENT for a name that is
 * no directive, -ENOMEM. */
int policy_format_directive(const policy *p, const char *name, char **ret);
