/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Who is logging in: the facts the policy matches on and the engine acts on,
 * looked up once through NSS (so SSSD/LDAP users and groups work) and then
 * passed around. Tests build one by hand instead of going through NSS.
 */
#pragma once

#include <sys/types.h>

#include "basic/error.h"

typedef struct user_context {
        char *name;
        uid_t uid;
        gid_t gid; /* primary group */
        char *group; /* primary group's name ("%g") */
        char *home; /* "%h" */
        char *shell; /* the passwd shell (may be nsshell itself) */
        gid_t *gids; /* primary + supplementary, as initgroups() would set */
        size_t n_gids;
        char **group_names; /* names of gids[], same order, NULL-terminated */
} user_context;

/* Look NAME up through NSS (getpwnam_r, getgrouplist, getgrgid_r).
 * -ESRCH with a message if there is no such user. */
int user_context_lookup(const char *name, user_context **ret, ns_error *err);
/* The user with UID, for a process that runs as it: looked up by UID, then by
 * the name NSS gives for it (as user_context_lookup), and the two must agree:
 * -EPERM when that name leads to another uid. -ESRCH when UID has no entry. */
int user_context_lookup_uid(uid_t uid, user_context **ret, ns_error *err);
void user_context_free(user_context *u);
static inline void user_context_freep(user_context **u) {
        user_context_free(*u);
}
#define _cleanup_user_context_free_ _cleanup_(user_context_freep)
