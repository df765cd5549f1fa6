/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Match blocks of nsshell.conf(5), with sshd_config's pattern rules:
 * a pattern list is comma-separated, '*' and '?' are wildcards, '!' negates;
 * a list matches when some positive pattern matches and no negated one does.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "basic/error.h"
#include "policy/user.h"

typedef enum match_kind {
        MATCH_ALL,
        MATCH_USER,
        MATCH_GROUP, /* primary and supplementary group names */
        MATCH_UID, /* numbers and A-B ranges instead of wildcards */
        MATCH_SERVICE, /* the PAM service; "nsshell" for the program */
} match_kind;

typedef struct match_criterion {
        match_kind kind;
        char *patterns; /* NULL for MATCH_ALL */
} match_criterion;

/* '*' and '?' wildcard match of the whole string. */
bool match_pattern(const char *pattern, const char *s);
/* 1: a positive pattern matched and no negated one; -1: a negated one matched; 0: none. */
int match_pattern_list(const char *list, const char *s);
int match_uid_list(const char *list, uid_t uid);

/* The criteria of one Match line (WORDS: "User" "a,b" "Group" "x" ... or "All"),
 * checked for syntax. Messages carry no file:line. */
int match_criteria_parse(char **words, match_criterion **ret, size_t *ret_n, ns_error *err);
void match_criteria_free(match_criterion *c, size_t n);
/* Every criterion holds for U logging in through SERVICE. */
bool match_criteria_test(const match_criterion *c, size_t n, const user_context *u, const char *service);
