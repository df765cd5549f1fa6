/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Policy size: how parse + resolve for one user grows with the number of
 * Match blocks. For each size it writes a generated policy (blocks over 10,000
 * users user00000.. and 1,000 groups grp0000..; every third block matches a
 * group, the others a user or a pattern list) into DIR, then times conf_load()
 * and policy_resolve() for one hand-built user over REPS repetitions with
 * CLOCK_MONOTONIC. The user is one of the last users, so its own block is near
 * the end of the file.
 *
 *   policy-size DIR [BLOCKS...]        (DIR: root-owned, not g/o-writable)
 *
 * Prints one line per size: "blocks=N lines=L parse_us=P resolve_us=R total_us=T".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "policy/conf-load.h"
#include "basic/macro.h"
#include "policy/policy-resolve.h"

#define N_USERS 10000
#define N_GROUPS 1000
#define TARGET_NS (200 * 1000 * 1000LL) /* time budget per size */

static long long now_ns(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Block I of a policy: a Match line and three assignments. */
static void write_block(FILE *f, unsigned i) {
        unsigned u = i % N_USERS, g = i % N_GROUPS;

        if (i % 3 == 0)
                fprintf(f, "Match Group grp%04u\n", g);
        else if (i % 3 == 1)
                fprintf(f, "Match User user%05u\n", u);
        else
                fprintf(f, "Match User user%04u*,!user%05u Service sshd,nsshell\n", u / 10, u);
        fprintf(f, "\tHostname h%u-%%u\n\tMemoryMax %uM\n\tReadOnlyPaths /srv/%u\n", i, 64 + i % 1024, i);
}

static int write_policy(const char *path, unsigned blocks, unsigned *ret_lines) {
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_close_ int fd = -EBADF;

        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return -errno;
        f = fdopen(TAKE_FD(fd), "w");
        if (!f)
                return -errno;
        fputs("Isolate yes\nNamespaces mount pid ipc uts net cgroup\nSystemCallFilter @nsshell-default\n",
                f);
        for (unsigned i = 0; i < blocks; i++)
                write_block(f, i);
        if (fflush(f) != 0)
                return -errno;
        *ret_lines = 3 + 4 * blocks;
        return 0;
}

/* user09990, primary group user09990, supplementary grp0990, grp0090, grp0009. */
static const user_context bench_user = {
        .name = (char *) "user09990",
        .uid = 19990,
        .gid = 19990,
        .group = (char *) "user09990",
        .home = (char *) "/home/user09990",
        .shell = (char *) "/bin/bash",
        .gids = (gid_t[]){19990, 990, 90, 9},
        .n_gids = 4,
        .group_names = (char *[]){(char *) "user09990", (char *) "grp0990", (char *) "grp0090",
                (char *) "grp0009", NULL},
};

/* One conf_load + policy_resolve, adding each step's time to the totals. */
static int run_once(const char *path, long long *parse_ns, long long *resolve_ns) {
        _cleanup_conf_free_ conf *c = NULL;
        _cleanup_policy_free_ policy *p = NULL;
        ns_error err = NS_ERROR_INIT;
        long long t0, t1, t2;
        int r;

        t0 = now_ns();
        r = conf_load(path, &(conf_load_options){}, &c, &err);
        t1 = now_ns();
        if (r >= 0)
                r = policy_resolve(c, &bench_user, "sshd", "bench", &p, &err);
        t2 = now_ns();
        if (r < 0)
                fprintf(stderr, "policy-size: %s\n", err.msg);
        ns_error_done(&err);
        *parse_ns += t1 - t0;
        *resolve_ns += t2 - t1;
        return r;
}

static int bench_size(const char *dir, unsigned blocks) {
        _cleanup_free_ char *path = NULL;
        long long parse_ns = 0, resolve_ns = 0, start;
        unsigned lines = 0, reps = 0;
        int r;

        if (asprintf(&path, "%s/policy-%u.conf", dir, blocks) < 0)
                return -ENOMEM;
        r = write_policy(path, blocks, &lines);
        if (r < 0) {
                fprintf(stderr, "policy-size: writing \"%s\": %s\n", path, strerror(-r));
                return r;
        }
        r = run_once(path, &parse_ns, &resolve_ns); /* warm-up, and the check that it loads */
        if (r < 0)
                return r;
        parse_ns = resolve_ns = 0;
        start = now_ns();
        while (reps < 5 || (now_ns() - start < TARGET_NS && reps < 10000)) {
                r = run_once(path, &parse_ns, &resolve_ns);
                if (r < 0)
                        return r;
                reps++;
        }
        (void) unlink(path);
        printf("blocks=%u lines=%u reps=%u parse_us=%.1f resolve_us=%.1f total_us=%.1f\n", blocks, lines,
                reps, parse_ns / 1e3 / reps, resolve_ns / 1e3 / reps, (parse_ns + resolve_ns) / 1e3 / reps);
        return 0;
}

int main(int argc, char **argv) {
        static const unsigned default_sizes[] = {100, 300, 1000, 3000, 10000};

        if (argc < 2) {
                fputs("usage: policy-size DIR [BLOCKS...]\n", stderr);
                return 2;
        }
        if (argc == 2) {
                for (size_t i = 0; i < ELEMENTSOF(default_sizes); i++)
                        if (bench_size(argv[1], default_sizes[i]) < 0)
                                return 1;
                return 0;
        }
        for (int i = 2; i < argc; i++)
                if (bench_size(argv[1], (unsigned) strtoul(argv[i], NULL, 10)) < 0)
                        return 1;
        return 0;
}
