/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Writing a struct policy back in the policy language (nsshell --explain):
 * one directive a line, in table order, every value in a form conf_load()
 * reads back to the same policy.
 */
#pragma once

#include <stdio.h>

#include "policy/conf-directives.h"
#include "policy/policy.h"

typedef struct policy_origins policy_origins;

/* The whole policy as text. ORIGINS (may be NULL) adds a "# file:line" or
 * "# default" comment line before each directive. */
int policy_format(const policy *p, const policy_origins *origins, char **ret);

/* Append " WORD" to F, quoted when it has blanks, quotes, a leading '#' or is empty. */
void conf_format_word(FILE *f, const char *word);

/* The per-type writers the directive table points to. */
int format_bool(const conf_directive *d, const policy *p, FILE *f);
int format_namespaces(const conf_directive *d, const policy *p, FILE *f);
int format_string(const conf_directive *d, const policy *p, FILE *f);
int format_enum(const conf_directive *d, const policy *p, FILE *f);
int format_strv(const conf_directive *d, const policy *p, FILE *f);
int format_binds(const conf_directive *d, const policy *p, FILE *f);
int format_limit_size(const conf_directive *d, const policy *p, FILE *f);
int format_limit_number(const conf_directive *d, const policy *p, FILE *f);
int format_limit_percent(const conf_directive *d, const policy *p, FILE *f);
int format_limit_timespan(const conf_directive *d, const policy *p, FILE *f);
int format_rlimit(const conf_directive *d, const policy *p, FILE *f);
int format_capabilities(const conf_directive *d, const policy *p, FILE *f);
int format_syscall_filter(const conf_directive *d, const policy *p, FILE *f);
