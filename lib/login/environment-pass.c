/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "login/environment-pass.h"
#include "basic/strv.h"

static const char *const passed_keys[] = {
        "SSH_CLIENT",
        "SSH_CONNECTION",
        "SSH_TTY",
        "SSH_AUTH_SOCK",
        "SSH_ORIGINAL_COMMAND",
        "SSH_USER_AUTH",
        /* X11 forwarding (ssh -X/-Y: sshd sets DISPLAY and put the cookie in
         * ~/.Xauthority with xauth) and a non-default cookie file. */
        "DISPLAY",
        "XAUTHORITY",
        /* Kerberos: the ticket cache sshd (GSSAPI delegation), pam_krb5 or
         * pam_sss made for this login. */
        "KRB5CCNAME",
        /* git's protocol version over ssh (AcceptEnv GIT_PROTOCOL). */
        "GIT_PROTOCOL",
        /* login, pam_mail */
        "MAIL",
        /* pam_systemd's: the logind session and the user's runtime directory
         * (with ProtectUserManager, the session's own). */
        "XDG_SESSION_ID",
        "XDG_SESSION_TYPE",
        "XDG_SESSION_CLASS",
        "XDG_RUNTIME_DIR",
        "XDG_SEAT",
        "XDG_VTNR",
        /* the client's time zone and colour wishes (AcceptEnv in Debian's
         * sshd_config: COLORTERM NO_COLOR) */
        "TZ",
        "COLORTERM",
        "NO_COLOR",
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
        assert(entry);

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

static bool key_listed(const char *entry, char *const *names) {
        for (char *const *n = names; n && *n; n++)
                if (key_equal(entry, *n))
                        return true;
        return false;
}

int environment_pass(char ***env, char *const *incoming, char *const *pass_names, ns_error *err) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        assert(env);

        r = strv_copy(*env, &l);
        for (char *const *i = incoming; r >= 0 && i && *i; i++)
                if ((environment_pass_allowed(*i) ||
                            (key_listed(*i, pass_names) && !environment_unsafe(*i))) &&
                        !env_has_key(l, *i))
                        r = strv_extend(&l, *i);
        if (r < 0)
                return ns_error_set_errno(err, r, "passing on the incoming environment");
        strv_free(*env);
        *env = TAKE_PTR(l);
        return 0;
}

/*
 * glibc's UNSECURE_ENVVARS (what it strips for setuid programs), plus every
 * LD_* below. LOADS_CODE marks those that make the loader map a library of
 * the caller's choosing into the process before main().
 */
static const struct {
        const char *name;
        bool loads_code;
} unsafe_keys[] = {
        {"GCONV_PATH", false},
        {"GETCONF_DIR", false},
        {"GLIBC_TUNABLES", false},
        {"HOSTALIASES", false},
        {"LD_AUDIT", true},
        {"LD_DEBUG", false},
        {"LD_DEBUG_OUTPUT", false},
        {"LD_DYNAMIC_WEAK", false},
        {"LD_HWCAP_MASK", false},
        {"LD_LIBRARY_PATH", true},
        {"LD_ORIGIN_PATH", false},
        {"LD_PRELOAD", true},
        {"LD_PROFILE", false},
        {"LD_SHOW_AUXV", false},
        {"LD_USE_LOAD_BIAS", false},
        {"LOCALDOMAIN", false},
        {"LOCPATH", false},
        {"MALLOC_TRACE", false},
        {"NIS_PATH", false},
        {"NLSPATH", false},
        {"RESOLV_HOST_CONF", false},
        {"RES_OPTIONS", false},
        {"TMPDIR", false},
        {"TZDIR", false},
};

bool environment_unsafe(const char *entry) {
        size_t n;

        assert(entry);

        n = strcspn(entry, "=");
        if (strncmp(entry, "LD_", 3) == 0)
                return true;
        for (size_t i = 0; i < ELEMENTSOF(unsafe_keys); i++)
                if (strlen(unsafe_keys[i].name) == n && strncmp(entry, unsafe_keys[i].name, n) == 0)
                        return true;
        return false;
}

int environment_unsafe_names(char *const *env, char ***ret, ns_error *err) {
        _cleanup_strv_free_ char **names = NULL;
        int r = 0;

        assert(ret);

        for (char *const *i = env; r >= 0 && i && *i; i++) {
                char *name;

                if (!environment_unsafe(*i))
                        continue;
                name = strndup(*i, strcspn(*i, "="));
                r = name ? strv_push(&names, name) : -ENOMEM;
        }
        if (r < 0)
                return ns_error_set_errno(err, r, "listing the unsafe environment variables");
        *ret = TAKE_PTR(names);
        return 0;
}

const char *environment_loader_variable(char *const *env) {
        for (char *const *i = env; i && *i; i++)
                for (size_t k = 0; k < ELEMENTSOF(unsafe_keys); k++)
                        if (unsafe_keys[k].loads_code && key_equal(*i, unsafe_keys[k].name) &&
                                (*i)[strlen(unsafe_keys[k].name) + 1] != '\0')
                                return unsafe_keys[k].name;
        return NULL;
}
