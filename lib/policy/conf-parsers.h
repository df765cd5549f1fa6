/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The parsers the directive table (conf-directives.c) points to, one file per
 * family of directives, and the helpers they share. Each is a conf_parse_fn:
 * it reads the line's words into its field of a struct policy or says what it
 * expected. Internal to lib/policy/: everything else goes through
 * conf_directive_apply().
 */
#pragma once

#include <stdbool.h>

#include "basic/error.h"
#include "policy/conf-directives.h"
#include "policy/policy.h"

/* One word of a list directive: 0 when it is good, else the error set in ERR. */
typedef int (*conf_word_check_fn)(
        const conf_directive *d, const char *word, bool token_syntax, ns_error *err);
/* Store WORD in LIST (append, append once, replace the same key...). */
typedef int (*conf_word_add_fn)(char ***list, const char *word);

/* Shared helpers, in conf-directives.c. */
int conf_set_string(char **field, const char *v, ns_error *err);
/* CHECK every word of WORDS; the first error. */
int conf_words_check(
        const conf_directive *d, char **words, bool token_syntax, conf_word_check_fn check, ns_error *err);
/* A string-list directive: "" clears the list; otherwise every word is
 * checked before any is stored, so that a bad line leaves the list as it was. */
int conf_strv_add(const conf_directive *d, policy *p, char **words, bool token_syntax,
        conf_word_check_fn check, conf_word_add_fn add, ns_error *err);

/* conf-parse-paths.c: paths, binds, TemporaryFileSystem, EnvironmentFile,
 * CgroupRoot, Shell. */
int parse_paths(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_tmpfs_specs(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_binds(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_env_files(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_cgroup_root(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_shell(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);

/* conf-parse-limits.c: cgroup limits, TmpfsSize, RuntimeMaxSec, TimeoutStopSec, Limit*. */
int parse_limit_size(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_tmpfs_size(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_limit_number(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_limit_percent(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_limit_timespan(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_timeout_stop(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_rlimit(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);

/* conf-parse-process.c: UMask, Nice, OOMScoreAdjust, IOSchedulingClass, the environment. */
int parse_int(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_umask(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_io_class(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_environment(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_env_names(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);

/* conf-parse-seccomp.c: capabilities and the filter-based restrictions (their
 * formatters, next to their name tables, are declared in conf-format.h). */
int parse_capabilities(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_syscall_filter(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_syscall_error_number(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_restrict_namespaces(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_address_families(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_syscall_architectures(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);

/* conf-parse-net.c: the tenant network (Network, NetworkPool, IPAddressAllow,
 * IPAddressDeny); their formatters are declared in conf-format.h. */
int parse_network(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_network_pool(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
int parse_ip_address_list(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
