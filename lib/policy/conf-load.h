/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reading nsshell.conf(5) into a struct conf: the assignments in file order,
 * each tied to the Match block it sits in. Every value is parsed once at load
 * time (with placeholder token values) so that a bad value in any block is
 * reported even if no user matches it; policy_resolve() applies them per user.
 *
 * Order: the main file, with Include'd files read where the Include is; then
 * PATH.d/ *.conf in C-locale order. Each file starts outside any Match; a
 * Match block ends at the next Match or the end of its file; a Match in a file
 * included from inside a Match block also needs the enclosing block to match.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "policy/conf-directives.h"
#include "basic/error.h"
#include "policy/policy-match.h"

#define CONF_NO_BLOCK ((size_t) -1)

typedef struct conf_load_options {
        uid_t trusted_uid; /* who besides root may own the files (tests); 0: root only */
        bool no_include; /* refuse Include (parsing untrusted bytes: the fuzzer) */
} conf_load_options;

typedef struct conf_block {
        size_t parent; /* the block around the Include that read this one, or CONF_NO_BLOCK */
        match_criterion *criteria; /* none for block 0, the top level */
        size_t n_criteria;
} conf_block;

typedef struct conf_assignment {
        const conf_directive *directive;
        char **words; /* as written: tokens not yet expanded */
        size_t block;
        size_t file; /* index in conf.files */
        unsigned line;
} conf_assignment;

typedef struct conf {
        char **files; /* every file read, in order */
        conf_block *blocks;
        size_t n_blocks;
        conf_assignment *assignments;
        size_t n_assignments;
} conf;

/* PATH and its drop-ins, checked for safety. On failure every error is in err->all
 * as "file:line: message", and no conf is returned: the policy is refused whole. */
int conf_load(const char *path, const conf_load_options *opts, conf **ret, ns_error *err);
/* The same language from memory; NAME is used in messages and to resolve Include.
 * No drop-ins. */
int conf_load_from_buffer(const char *name, const char *buf, size_t len, const conf_load_options *opts,
        conf **ret, ns_error *err);
void conf_free(conf *c);
static inline void conf_freep(conf **c) {
        conf_free(*c);
}
#define _cleanup_conf_free_ _cleanup_(conf_freep)
