/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The per-type writers the directive table (conf-directives.c) points to:
 * each appends " value..." for its field of a struct policy, in a form the
 * parsers read back to the same value. Internal to lib/policy/: everything
 * else writes a policy through policy-format.h.
 */
#pragma once

#include <stdio.h>

#include "policy/conf-directives.h"
#include "policy/policy.h"

/* Append " WORD" to F, quoted when it has blanks, quotes, a leading '=' or is empty. */
void conf_format_word(FILE *f, const char *word);

/* conf_format_fn: 1 when the field is set (a line is written), 0 when it is
 * not, -ENOMEM. */
int format_bool(const conf_directive *d, const policy *p, FILE *f);
int format_namespaces(const conf_directive *d, const policy *p, FILE *f);
int format_string(const conf_directive *d, const policy *p, FILE *f);
int format_enum(const conf_directive *d, const policy *p, FILE *f);
int format_strv(const conf_directive *d, const policy *p, FILE *f);
int format_binds(const conf_directive *d, const policy *p, FILE *f);
int format_limit_size(const conf_directive *d, const policy *p, FILE *f);
int format_tmpfs_size(const conf_directive *d, const policy *p, FILE *f);
int format_limit_number(const conf_directive *d, const policy *p, FILE *f);
int format_limit_percent(const conf_directive *d, const policy *p, FILE *f);
int format_limit_timespan(const conf_directive *d, const policy *p, FILE *f);
/* A plain uint64_t of microseconds, in whole seconds. */
int format_timespan(const conf_directive *d, const policy *p, FILE *f);
int format_rlimit(const conf_directive *d, const policy *p, FILE *f);
int format_capabilities(const conf_directive *d, const policy *p, FILE *f);
int format_syscall_filter(const conf_directive *d, const policy *p, FILE *f);
int format_syscall_error_number(const conf_directive *d, const policy *p, FILE *f);
int format_int(const conf_directive *d, const policy *p, FILE *f);
int format_umask(const conf_directive *d, const policy *p, FILE *f);
int format_io_class(const conf_directive *d, const policy *p, FILE *f);
/* in conf-parse-seccomp.c, next to their name tables */
int format_restrict_namespaces(const conf_directive *d, const policy *p, FILE *f);
int format_address_families(const conf_directive *d, const policy *p, FILE *f);
int format_syscall_architectures(const conf_directive *d, const policy *p, FILE *f);
/* in conf-parse-net.c, next to their name tables */
int format_network(const conf_directive *d, const policy *p, FILE *f);
int format_network_pool(const conf_directive *d, const policy *p, FILE *f);
