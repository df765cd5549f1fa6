/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Integration-test driver: builds a policy from its options (no policy file),
 * opens a session for USER, runs COMMAND in it as USER (a plain
 * setgroups/setgid/setuid: this tests the engine, not the hardening), closes
 * the session and exits with the command's status.
 *
 *   session-driver --user NAME [--ns LIST] [--hostname H] [--no-private-tmp]
 *     [--protect-system V] [--protect-home V] [--ro P] [--rw P]
 *     [--inaccessible P] [--bind S:D] [--bind-ro S:D] [--tmpfs SPEC] -- CMD...
 */
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "session/namespaces.h"
#include "policy/policy.h"
#include "session/session.h"
#include "basic/strv.h"

static int parse_ns(const char *list, unsigned *ret) {
        _cleanup_free_ char *copy = strdup(list);
        char *save = NULL;
        unsigned types = 0;

        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                unsigned bit = 0;
                for (unsigned b = 1; b <= NS_USER; b <<= 1)
                        if (ns_name(b) && strcmp(ns_name(b), t) == 0)
                                bit = b;
                if (!bit)
                        return -EINVAL;
                types |= bit;
        }
        *ret = types;
        return 0;
}

static int add_bind(policy *p, const char *spec, bool ro) {
        const char *colon = strchr(spec, ':');
        policy_bind *b = realloc(p->binds, (p->n_binds + 1) * sizeof(*b));

        if (!b)
                return -ENOMEM;
        p->binds = b;
        b = &p->binds[p->n_binds++];
        b->source = colon ? strndup(spec, (size_t) (colon - spec)) : strdup(spec);
        b->dest = strdup(colon ? colon + 1 : spec);
        b->read_only = ro;
        return 0;
}

static int parse_enum(const char *v, const char *const *names, int *ret) {
        for (int i = 0; names[i]; i++)
                if (strcmp(v, names[i]) == 0) {
                        *ret = i;
                        return 0;
                }
        return -EINVAL;
}

static int parse_args(int argc, char **argv, policy *p, const char **ret_user) {
        static const char *const ps[] = {"no", "yes", "full", "strict", NULL};
        static const char *const ph[] = {"no", "yes", "read-only", "tmpfs", "others", NULL};
        static const struct option opts[] = {
                {"user", 1, NULL, 'u'},
                {"ns", 1, NULL, 'n'},
                {"hostname", 1, NULL, 'H'},
                {"no-private-tmp", 0, NULL, 'T'},
                {"protect-system", 1, NULL, 's'},
                {"protect-home", 1, NULL, 'h'},
                {"ro", 1, NULL, 'r'},
                {"rw", 1, NULL, 'w'},
                {"inaccessible", 1, NULL, 'i'},
                {"bind", 1, NULL, 'b'},
                {"bind-ro", 1, NULL, 'B'},
                {"tmpfs", 1, NULL, 't'},
                {},
        };
        int c, r = 0, e = 0;

        while (r >= 0 && (c = getopt_long(argc, argv, "+", opts, NULL)) >= 0) {
                switch (c) {
                case 'u':
                        *ret_user = optarg;
                        break;
                case 'n':
                        r = parse_ns(optarg, &p->namespaces);
                        break;
                case 'H':
                        free(p->hostname);
                        p->hostname = strdup(optarg);
                        break;
                case 'T':
                        p->private_tmp = false;
                        break;
                case 's':
                        r = parse_enum(optarg, ps, &e);
                        p->protect_system = (ProtectSystem) e;
                        break;
                case 'h':
                        r = parse_enum(optarg, ph, &e);
                        p->protect_home = (ProtectHome) e;
                        break;
                case 'r':
                        r = strv_extend(&p->read_only_paths, optarg);
                        break;
                case 'w':
                        r = strv_extend(&p->read_write_paths, optarg);
                        break;
                case 'i':
                        r = strv_extend(&p->inaccessible_paths, optarg);
                        break;
                case 'b':
                        r = add_bind(p, optarg, false);
                        break;
                case 'B':
                        r = add_bind(p, optarg, true);
                        break;
                case 't':
                        r = strv_extend(&p->temporary_filesystems, optarg);
                        break;
                default:
                        r = -EINVAL;
                }
        }
        return r < 0 || !*ret_user || optind >= argc ? -EINVAL : optind;
}

static int user_fill(const char *name, user_context *u) {
        struct passwd *pw = getpwnam(name);
        static gid_t gids[64];
        int n = ELEMENTSOF(gids);

        if (!pw || getgrouplist(name, pw->pw_gid, gids, &n) < 0)
                return -ESRCH;
        *u = (user_context){.name = strdup(name),
                .uid = pw->pw_uid,
                .gid = pw->pw_gid,
                .home = strdup(pw->pw_dir),
                .shell = strdup(pw->pw_shell),
                .gids = gids,
                .n_gids = (size_t) n};
        return 0;
}

static void user_done(user_context *u) {
        free(u->name);
        free(u->home);
        free(u->shell);
}

static _Noreturn void child(const user_context *u, char **argv) {
        (void) close_range(3, ~0U, 0);
        if (setsid() < 0 || setgroups(u->n_gids, u->gids) < 0 || setgid(u->gid) < 0 || setuid(u->uid) < 0 ||
                getuid() != u->uid || geteuid() != u->uid)
                _exit(125);
        if (chdir(u->home) < 0 && chdir("/") < 0)
                _exit(125);
        execvp(argv[0], argv);
        _exit(127);
}

/* world.sh gives every test a CgroupRoot of its own, so that sessions never
 * write below the host's default one. */
static int use_test_cgroup_root(policy *p) {
        const char *root = getenv("NSSHELL_TEST_CGROUP_ROOT");
        char *copy;

        if (!root)
                return 0;
        copy = strdup(root);
        if (!copy)
                return -ENOMEM;
        free(p->cgroup_root);
        p->cgroup_root = copy;
        return 0;
}

/* What the caller is in after session_close(): the test compares it with
 * its own namespaces, and a fork must work again (docs/DESIGN.md,
 * "Namespaces in the PAM process"). */
static void report_after_close(void) {
        static const char *const names[] = {"mnt", "pid_for_children", "ipc", "uts", "net", "cgroup"};
        char path[64], target[64];
        pid_t pid;

        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                ssize_t n;
                snprintf(path, sizeof(path), "/proc/self/ns/%s", names[i]);
                n = readlink(path, target, sizeof(target) - 1);
                target[n < 0 ? 0 : n] = '\0';
                printf("after_close_%s=%s\n", names[i], target);
        }
        pid = fork();
        if (pid == 0)
                _exit(0);
        printf("after_close_fork=%s\n", pid > 0 && waitpid(pid, NULL, 0) == pid ? "ok" : "failed");
}

int main(int argc, char **argv) {
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_(user_done) user_context u = {0};
        const char *name = NULL;
        session *s = NULL;
        int status = 0, first;
        pid_t pid;

        if (policy_new_default(&p) < 0 || use_test_cgroup_root(p) < 0 ||
                (first = parse_args(argc, argv, p, &name)) < 0) {
                fprintf(stderr, "usage: see the comment at the top of session-driver.c\n");
                return 2;
        }
        if (user_fill(name, &u) < 0) {
                fprintf(stderr, "session-driver: no user \"%s\"\n", name);
                return 2;
        }
        if (session_open(p, &u, "session-driver", NULL, &s, &err) < 0) {
                fprintf(stderr, "session-driver: %s\n", err.msg);
                return 125;
        }
        printf("session %s init %d\n", session_id(s), (int) session_init_pid(s));
        fflush(stdout);
        pid = fork();
        if (pid == 0)
                child(&u, argv + first);
        (void) waitpid(pid, &status, 0);
        if (session_close(s, &err) < 0)
                fprintf(stderr, "session-driver: %s\n", err.msg);
        report_after_close();
        session_free(s);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
