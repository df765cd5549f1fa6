/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "environment-pass.h"
#include "strv.h"

static const char *const passed_keys[] = {
        "SSH_CLIENT",
        "SSH_CONNECTION",
        "SSH_TTY",
        "SSH_AUTH_SOCK",
        "SSH_ORIGINAL_COMMAND",
        "LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_ADDRESS",
        "LC_COLLATE",
        "LC_CTYPE",
        "LC_IDENTIFICATION",
        "LC_MEASUREMENT",
        "LC_MESSAGES",
        "LC_MONETARY",
        "LC_NAME",
        "LC_NUMERIC",
        "LC_PAPER",
        "LC_TELEPHONE",
        "LC_TIME",
};

static bool key_equal(const char *entry, const char *key) {
        size_t n = strlen(key);
        return strncmp(entry, key, n) == 0 && entry[n] == '=';
}

bool environment_pass_allowed(const char *entry) {
        for (size_t i = 0; i < ELEMENTSOF(passed_keys); i++)
                if (key_equal(entry, passed_keys[i]))
                        return true;
        return false;
}

static bool env_has_key(char *const *env, const char *entry) {
        size_t n = strcspn(entry, "=");

        for (char *const *i = env; i && *i; i++)
                if (strncmp(*i, entry, n) == 0 && (*i)[n] == '=')
                        return true;
        return false;
}

int environment_pass(char ***env, char *const *incoming, ns_error *err) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        r = strv_copy(*env, &l);
        for (char *const *i = incoming; r >= 0 && i && *i; i++)
                if (environment_pass_allowed(*i) && !env_has_key(l, *i))
                        r = strv_extend(&l, *i);
        if (r < 0)
                return ns_error_set_errno(err, r, "passing on the incoming environment");
        strv_free(*env);
        *env = TAKE_PTR(l);
        return 0;
}
