/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nsshell --check [FILE]: validate the policy like `sshd -t`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit-codes.h"
#include "policy/policy-resolve.h"
#include "policy/syscall-groups.h"

void print_policy_errors(const ns_error *err) {
        if (err->all && err->all[0])
                for (char **m = err->all; *m; m++)
                        fprintf(stderr, "%s\n", *m);
        else
                fprintf(stderr, "%s\n",
                        err->msg[0] ? err->msg : strerror(err->code < 0 ? -err->code : ENOMEM));
}

/* What the policy will ignore, as systemd would, with a warning: not an error. */
static void print_warnings(const conf *c) {
        _cleanup_strv_free_ char **l = NULL;

        if (syscall_filter_conf_warnings(c, &l) < 0) {
                fprintf(stderr, "warning: checking SystemCallFilter names: out of memory\n");
                return;
        }
        for (char **m = l; m && *m; m++)
                fprintf(stderr, "%s\n", *m);
}

/* SystemCallFilter settings under which every login fails: errors. */
static int print_errors(const conf *c) {
        _cleanup_strv_free_ char **l = NULL;

        if (syscall_filter_conf_errors(c, &l) < 0) {
                fprintf(stderr, "checking SystemCallFilter: out of memory\n");
                return -ENOMEM;
        }
        for (char **m = l; m && *m; m++)
                fprintf(stderr, "%s\n", *m);
        return l ? -EINVAL : 0;
}

int cmd_check(int argc, char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_conf_free_ conf *c = NULL;
        const char *path = argc > 1 ? argv[1] : POLICY_DEFAULT_PATH;

        if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
                fprintf(stderr, "Usage: nsshell --check [FILE]\n");
                return EXIT_USAGE;
        }
        if (conf_load(path, NULL, &c, &err) < 0) {
                print_policy_errors(&err);
                return EXIT_POLICY_INVALID;
        }
        print_warnings(c);
        if (print_errors(c) < 0)
                return EXIT_POLICY_INVALID;
        return EXIT_OK;
}
