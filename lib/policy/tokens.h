/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * %-tokens in policy values: %u user, %U uid, %g primary group, %h home,
 * %s session id, %% a literal '%'. Any other '%' sequence is an error.
 */
#pragma once

#include "basic/error.h"

typedef struct token_values {
        const char *user, *uid, *group, *home;
        /* NULL: the session id is not known yet (nsshell --explain). The result
         * then stays in token syntax: "%s" and "%%" are kept as written and a
         * '%' inside a substituted value is doubled, so that it reads back. */
        const char *session;
} token_values;

int tokens_expand(const char *s, const token_values *v, char **ret, ns_error *err);
/* Every word of WORDS expanded (an empty vector gives an empty vector). */
int tokens_expand_strv(char *const *words, const token_values *v, char ***ret, ns_error *err);
