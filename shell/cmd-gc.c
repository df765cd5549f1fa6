/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsshell --gc [--config FILE | --cgroup-root PATH]: remove the empty cgroups
 * nsshell left below CgroupRoot (leaves of KillOnLogout=no sessions whose
 * processes are gone, slices without sessions, what a killed launcher left)
 * and the records of sessions that are gone (session_records_gc()), then the
 * address leases, veth pairs and nftables rules of nat sessions that are gone
 * (session_net_gc()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/cgroup-cgroupfs.h"
#include "commands.h"
#include "exit-codes.h"
#include "policy/policy-resolve.h"
#include "basic/run-dir.h"
#include "session/environment.h"
#include "session/session-list.h"
#include "session/session-net.h"

/* CgroupRoot is a global directive (no Match may change it), so the policy
 * resolved for root gives the value every session uses. */
static int load_cgroup_root(const char *config, char **ret) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_policy_free_ policy *p = NULL;

        if (user_context_lookup("root", &u, &err) < 0 ||
                policy_load_for_user(config, u, NULL, NULL, &p, &err) < 0) {
                print_policy_errors(&err);
                return EXIT_POLICY_INVALID;
        }
        *ret = TAKE_PTR(p->cgroup_root);
        return EXIT_OK;
}

/* SessionScope=user: environments whose logins all ended without closing
 * (KillOnLogout yes) or whose init is gone (environment.h). */
static int collect_environments(int dirfd, ns_error *err) {
        _cleanup_close_ int run_fd = -EBADF;
        unsigned ended = 0;
        int r;

        if (dirfd < 0)
                return 0;
        r = run_dir_open(&run_fd, err);
        if (r >= 0)
                r = environment_gc(run_fd, dirfd, &ended, err);
        if (r >= 0 && ended > 0)
                printf("ended %u environment%s whose logins are gone\n", ended, ended == 1 ? "" : "s");
        return r;
}

static int collect_records(void) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int dirfd = -EBADF;
        unsigned removed = 0;

        if (session_list_open_dir(SESSION_RECORD_DIR, &dirfd, &err) < 0 ||
                session_records_gc(dirfd, (uid_t) -1, &removed, &err) < 0 ||
                collect_environments(dirfd, &err) < 0) {
                fprintf(stderr, "nsshell --gc: %s\n", err.msg);
                return EXIT_SETUP_FAILED;
        }
        printf("removed %u stale session record%s from %s\n", removed, removed == 1 ? "" : "s",
                SESSION_RECORD_DIR);
        return EXIT_OK;
}

/* After collect_records(): a lease whose record is gone is stale. */
static int collect_leases(void) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int run = -EBADF, dirfd = -EBADF;
        unsigned removed = 0;

        run = open(NSSHELL_RUN_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (run < 0 && errno == ENOENT)
                return EXIT_OK;
        if (run < 0 || session_list_open_dir(SESSION_RECORD_DIR, &dirfd, &err) < 0 ||
                session_net_gc(run, dirfd, &removed, &err) < 0) {
                fprintf(stderr, "nsshell --gc: %s\n", err.msg[0] ? err.msg : "cannot open " NSSHELL_RUN_DIR);
                return EXIT_SETUP_FAILED;
        }
        printf("removed %u stale address lease%s of nat sessions\n", removed, removed == 1 ? "" : "s");
        return EXIT_OK;
}

static int collect(const char *root) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_free_ char *where = NULL;
        unsigned removed = 0;

        if (collect_records() != EXIT_OK || collect_leases() != EXIT_OK)
                return EXIT_SETUP_FAILED;
        if (cgroup_resolve_root(root, NULL, &where, &err) < 0 || cgroup_gc(root, NULL, &removed, &err) < 0) {
                fprintf(stderr, "nsshell --gc: %s\n", err.msg);
                return EXIT_SETUP_FAILED;
        }
        printf("removed %u empty cgroup%s below %s\n", removed, removed == 1 ? "" : "s", where);
        return EXIT_OK;
}

int cmd_gc(int argc, char **argv) {
        _cleanup_free_ char *root = NULL;
        int r;

        if (argc == 3 && strcmp(argv[1], "--cgroup-root") == 0)
                return collect(argv[2]);
        if (argc != 1 && !(argc == 3 && strcmp(argv[1], "--config") == 0)) {
                fputs("Usage: nsshell --gc [--config FILE | --cgroup-root PATH]\n", stderr);
                return EXIT_USAGE;
        }
        r = load_cgroup_root(argc == 3 ? argv[2] : POLICY_DEFAULT_PATH, &root);
        return r == EXIT_OK ? collect(root) : r;
}
