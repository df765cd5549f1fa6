/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Root-only driver for the cgroup integration tests: the library's cgroup
 * steps without the rest of a session.
 *
 *   cgroup-driver run ROOT UID ID [OPTION...] -- COMMAND [ARG...]
 *       create the session cgroup (the driver moves itself into the leaf,
 *       as session_open() does), print "leaf PATH" and one "unapplied: ..."
 *       line per limit CgroupLimits=warn let go, run COMMAND as a child (it
 *       starts in the leaf), wait for it, tear down, print "teardown R".
 *   cgroup-driver teardown ROOT UID ID [--no-kill]
 *       find the session by (ROOT, UID, ID) and tear it down.
 *   cgroup-driver resolve ROOT
 *       print where ROOT lives on this host's cgroup2 mount.
 *
 * ID: a session id, 16 lowercase hex digits (basic/session-id.h; the tests
 * make one from a label with cg_id in lib/cgroup.sh).
 * OPTION: --tasks-max N, --memory-max N, --max-sessions N, --warn, --no-kill.
 * Exit: 0 ok, 2 usage, 3 create refused or failed, 4 teardown failed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup-cgroupfs.h"
#include "policy/policy.h"

static int usage(void) {
        fputs("usage: cgroup-driver run ROOT UID ID [--tasks-max N] [--memory-max N] [--max-sessions N] "
              "[--warn] [--no-kill] -- COMMAND...\n"
              "       cgroup-driver teardown ROOT UID ID [--no-kill]\n"
              "       cgroup-driver resolve ROOT\n",
                stderr);
        return 2;
}

static void set_limit(policy_limit *l, const char *value) {
        *l = (policy_limit){.set = true,
                .value = strcmp(value, "infinity") == 0 ? LIMIT_INFINITY : strtoull(value, NULL, 10)};
}

/* Apply the options in argv[0..] to P; returns the index after "--" (or argc). */
static int parse_options(policy *p, int argc, char **argv) {
        int i;

        for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
                if (strcmp(argv[i], "--warn") == 0)
                        p->cgroup_limits = CGROUP_LIMITS_WARN;
                else if (strcmp(argv[i], "--no-kill") == 0)
                        p->kill_on_logout = false;
                else if (i + 1 < argc && strcmp(argv[i], "--tasks-max") == 0)
                        set_limit(&p->tasks_max, argv[++i]);
                else if (i + 1 < argc && strcmp(argv[i], "--memory-max") == 0)
                        set_limit(&p->memory_max, argv[++i]);
                else if (i + 1 < argc && strcmp(argv[i], "--max-sessions") == 0)
                        set_limit(&p->max_sessions, argv[++i]);
                else
                        return -1;
        }
        return i < argc ? i + 1 : i;
}

static int run_child(char **argv) {
        int status;
        pid_t pid = fork();

        if (pid < 0)
                return -1;
        if (pid == 0) {
                execvp(argv[0], argv);
                _exit(127);
        }
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int cmd_run(policy *p, uid_t uid, const char *id, char **command) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        char *const *unapplied;
        int r;

        r = cgroupfs_session_create(p, uid, id, 0, NULL, &c, &err);
        if (r < 0) {
                fprintf(stderr, "create: %s\n", err.msg);
                return 3;
        }
        printf("leaf %s\n", cgroupfs_session_path(c));
        for (unapplied = cgroupfs_session_unapplied(c); unapplied && *unapplied; unapplied++)
                printf("unapplied: %s\n", *unapplied);
        fflush(stdout);
        r = run_child(command);
        printf("command %d\n", r);
        r = cgroupfs_session_teardown(c, 0, &err);
        printf("teardown %d\n", r);
        if (r < 0)
                fprintf(stderr, "teardown: %s\n", err.msg);
        return r < 0 ? 4 : 0;
}

static int cmd_teardown(const policy *p, uid_t uid, const char *id) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        int r;

        r = cgroupfs_session_lookup(p, uid, id, NULL, &c, &err);
        if (r >= 0)
                r = cgroupfs_session_teardown(c, 0, &err);
        printf("teardown %d\n", r);
        if (r < 0)
                fprintf(stderr, "teardown: %s\n", err.msg);
        return r < 0 ? 4 : 0;
}

static int cmd_resolve(const char *root) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_free_ char *path = NULL;

        if (cgroup_resolve_root(root, NULL, &path, &err) < 0) {
                fprintf(stderr, "resolve: %s\n", err.msg);
                return 3;
        }
        puts(path);
        return 0;
}

int main(int argc, char **argv) {
        _cleanup_policy_free_ policy *p = NULL;
        int rest;

        if (argc == 3 && strcmp(argv[1], "resolve") == 0)
                return cmd_resolve(argv[2]);
        if (argc < 5 || policy_new_default(&p) < 0)
                return usage();
        free(p->cgroup_root);
        p->cgroup_root = strdup(argv[2]);
        if (!p->cgroup_root)
                return 3;
        rest = parse_options(p, argc - 5, argv + 5);
        if (rest < 0)
                return usage();
        if (strcmp(argv[1], "run") == 0 && 5 + rest < argc)
                return cmd_run(p, (uid_t) strtoul(argv[3], NULL, 10), argv[4], argv + 5 + rest);
        if (strcmp(argv[1], "teardown") == 0)
                return cmd_teardown(p, (uid_t) strtoul(argv[3], NULL, 10), argv[4]);
        return usage();
}
