/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsshell --gc [--cgroup-root PATH]: remove the empty cgroups nsshell left
 * below CgroupRoot (leaves of KillOnLogout=no sessions whose processes are
 * gone, slices without sessions, anything a crash left behind).
 */
#include <stdio.h>
#include <string.h>

#include "cgroup.h"
#include "commands.h"
#include "exit-codes.h"
#include "policy.h"

int cmd_gc(int argc, char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_free_ char *where = NULL;
        const char *root;
        unsigned removed = 0;
        int r;

        if (argc != 1 && !(argc == 3 && strcmp(argv[1], "--cgroup-root") == 0)) {
                fputs("Usage: nsshell --gc [--cgroup-root PATH]\n", stderr);
                return EXIT_USAGE;
        }
        r = policy_new_default(&p);
        if (r < 0) {
                fprintf(stderr, "nsshell --gc: %s\n", strerror(-r));
                return EXIT_SETUP_FAILED;
        }
        root = argc == 3 ? argv[2] : p->cgroup_root;
        r = cgroup_resolve_root(root, NULL, &where, &err);
        if (r >= 0)
                r = cgroup_gc(root, NULL, &removed, &err);
        if (r < 0) {
                fprintf(stderr, "nsshell --gc: %s\n", err.code ? err.msg : strerror(-r));
                return EXIT_SETUP_FAILED;
        }
        printf("removed %u empty cgroup%s below %s\n", removed, removed == 1 ? "" : "s", where);
        return EXIT_OK;
}
