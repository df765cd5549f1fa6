/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hardening/environment-file.h"
#include "hardening/environment.h"

/* HOME USER LOGNAME SHELL PATH TERM */
#define N_FIXED 6

static size_t key_length(const char *entry) {
        const char *eq = strchr(entry, '=');
        return eq ? (size_t) (eq - entry) : 0;
}

static bool key_is(const char *entry, const char *key, size_t key_len) {
        return strncmp(entry, key, key_len) == 0 && entry[key_len] == '=';
}

/* Set ENTRY ("KEY=VALUE", already owned) into the list of *n: replace an
 * entry with the same key, or append. The list has room for one more. */
static void env_put(char **l, size_t *n, char *entry) {
        size_t len = key_length(entry);

        for (size_t i = 0; i < *n; i++)
                if (key_is(l[i], entry, len)) {
                        free(l[i]);
                        l[i] = entry;
                        return;
                }
        l[(*n)++] = entry;
        l[*n] = NULL;
}

static int env_put_pair(char **l, size_t *n, const char *key, const char *value) {
        char *entry = NULL;

        if (asprintf(&entry, "%s=%s", key, value) < 0)
                return -ENOMEM;
        env_put(l, n, entry);
        return 0;
}

static int policy_entry_check(const char *entry, ns_error *err) {
        size_t len = key_length(entry);

        if (len == 0)
                return ns_error_set(err, -EINVAL, "Environment: \"%s\" is not KEY=VALUE", entry);
        if (policy_environment_key_reserved(entry))
                return ns_error_set(err, -EPERM,
                        "Environment: \"%.*s\" comes from the user database and cannot be set", (int) len,
                        entry);
        return 0;
}

static int env_fill(char **l, size_t *n, const policy *p, const user_context *u, const char *term) {
        const char *const fixed[N_FIXED][2] = {
                {"HOME", u->home ? u->home : "/"},
                {"USER", u->name},
                {"LOGNAME", u->name},
                {"SHELL", p->shell},
                {"PATH", u->uid == 0 ? ENVIRONMENT_PATH_ROOT : ENVIRONMENT_PATH_USER},
                {"TERM", term},
        };

        for (size_t i = 0; i < ELEMENTSOF(fixed); i++)
                if (fixed[i][1] && env_put_pair(l, n, fixed[i][0], fixed[i][1]) < 0)
                        return -ENOMEM;
        return 0;
}

int environment_build(const policy *p, const user_context *u, const char *term, char ***ret, ns_error *err) {
        _cleanup_strv_free_ char **l = NULL;
        size_t n = 0, max = N_FIXED;
        int r;

        assert(p);
        assert(u);
        assert(ret);

        for (char **i = p->environment; i && *i; i++, max++) {
                r = policy_entry_check(*i, err);
                if (r < 0)
                        return r;
        }
        l = calloc(max + 1, sizeof(char *));
        if (!l || env_fill(l, &n, p, u, term) < 0)
                return ns_error_set_errno(err, -ENOMEM, "building the environment of \"%s\"", u->name);
        for (char **i = p->environment; i && *i; i++) {
                char *entry = strdup(*i);
                if (!entry)
                        return ns_error_set_errno(
                                err, -ENOMEM, "building the environment of \"%s\"", u->name);
                env_put(l, &n, entry);
        }
        r = environment_files_load(p->environment_files, &l, err);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

static bool entry_unset(const char *entry, char *const *unset) {
        size_t n = strcspn(entry, "=");

        for (char *const *u = unset; u && *u; u++)
                if (strchr(*u, '=') ? strcmp(entry, *u) == 0
                                    : (strlen(*u) == n && strncmp(entry, *u, n) == 0))
                        return true;
        return false;
}

void environment_unset(char **env, char *const *unset) {
        size_t k = 0;

        for (size_t i = 0; env && env[i]; i++) {
                if (entry_unset(env[i], unset))
                        free(env[i]);
                else
                        env[k++] = env[i];
        }
        if (env)
                env[k] = NULL;
}
