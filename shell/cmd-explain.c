/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nsshell --explain USER [--service NAME] [--config FILE] [-v]: the resolved
 * policy for USER, written in the policy language itself. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit-codes.h"
#include "policy/policy-format.h"
#include "policy/policy-resolve.h"

typedef struct explain_args {
        const char *user, *service, *config;
        bool verbose;
} explain_args;

static int parse_args(int argc, char **argv, explain_args *a) {
        *a = (explain_args){.service = POLICY_DEFAULT_SERVICE, .config = POLICY_DEFAULT_PATH};

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
                        a->verbose = true;
                else if (strcmp(argv[i], "--service") == 0 && i + 1 < argc)
                        a->service = argv[++i];
                else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
                        a->config = argv[++i];
                else if (argv[i][0] != '-' && !a->user)
                        a->user = argv[i];
                else
                        return -1;
        }
        return a->user ? 0 : -1;
}

static int explain(const explain_args *a, const user_context *u) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_conf_free_ conf *c = NULL;
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_policy_origins_free_ policy_origins *o = NULL;
        _cleanup_free_ char *text = NULL;

        if (conf_load(a->config, NULL, &c, &err) < 0 ||
                policy_resolve_with_origins(c, u, a->service, NULL, &p, a->verbose ? &o : NULL, &err) < 0) {
                print_policy_errors(&err);
                return EXIT_POLICY_INVALID;
        }
        if (policy_format(p, o, &text) < 0) {
                fprintf(stderr, "nsshell: formatting the policy: out of memory\n");
                return EXIT_SETUP_FAILED;
        }
        printf("# nsshell --explain %s --service %s --config %s\n%s", u->name, a->service, a->config, text);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_SETUP_FAILED;
}

int cmd_explain(int argc, char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_user_context_free_ user_context *u = NULL;
        explain_args a;

        if (parse_args(argc, argv, &a) < 0) {
                fprintf(stderr, "Usage: nsshell --explain USER [--service NAME] [--config FILE] [-v]\n");
                return EXIT_USAGE;
        }
        if (user_context_lookup(a.user, &u, &err) < 0) {
                fprintf(stderr, "nsshell: %s\n", err.msg);
                return EXIT_USAGE;
        }
        return explain(&a, u);
}
