/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "login/login-args.h"

login_call login_call_classify(int argc, char *const *argv, bool (*is_admin_flag)(const char *arg)) {
        assert(argv);
        assert(is_admin_flag);

        if (argc > 0 && argv[0] && argv[0][0] == '-')
                return LOGIN_CALL_LOGIN;
        if (argc < 2)
                return LOGIN_CALL_INTERACTIVE;
        if (strcmp(argv[1], "-c") == 0)
                return LOGIN_CALL_COMMAND;
        if (is_admin_flag(argv[1]))
                return LOGIN_CALL_ADMIN;
        return LOGIN_CALL_INTERACTIVE;
}

int login_shell_argv(const char *shell, login_call call, int argc, char *const *argv, char ***ret) {
        const char *base;
        char **l;

        assert(argv);
        assert(ret);

        if (!shell || !*shell)
                return -EINVAL;
        base = strrchr(shell, '/');
        base = base ? base + 1 : shell;
        if (!*base)
                return -EINVAL;
        l = calloc((size_t) (argc > 1 ? argc : 1) + 1, sizeof(char *));
        if (!l)
                return -ENOMEM;
        if (asprintf(&l[0], "%s%s", call == LOGIN_CALL_LOGIN ? "-" : "", base) < 0) {
                free(l);
                return -ENOMEM;
        }
        for (int i = 1; i < argc; i++)
                l[i] = argv[i];
        *ret = l;
        return 0;
}

bool login_shell_is_nsshell(const char *shell) {
        const char *base;

        if (!shell)
                return false;
        base = strrchr(shell, '/');
        return strcmp(base ? base + 1 : shell, "nsshell") == 0;
}
