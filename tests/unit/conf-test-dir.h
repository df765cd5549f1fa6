/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A temp dir the policy file-safety rules accept, for tests that write files:
 * as root /run/nsshell-test.XXXXXX; otherwise under $XDG_RUNTIME_DIR with the
 * caller as the trusted uid; otherwise none (the test skips, saying why).
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct test_dir {
        char path[256];
        uid_t trusted;
} test_dir;

static inline int test_dir_make(test_dir *t) {
        const char *xdg = getenv("XDG_RUNTIME_DIR");

        if (geteuid() == 0) {
                snprintf(t->path, sizeof(t->path), "/run/nsshell-test.XXXXXX");
                t->trusted = 0;
        } else if (xdg && xdg[0] == '/') {
                snprintf(t->path, sizeof(t->path), "%s/nsshell-test.XXXXXX", xdg);
                t->trusted = geteuid();
        } else {
                printf("SKIP: not root and no $XDG_RUNTIME_DIR: no directory the file-safety rules "
                       "accept\n");
                return -1;
        }
        if (!mkdtemp(t->path)) {
                printf("SKIP: cannot create %s: %s\n", t->path, strerror(errno));
                return -1;
        }
        return 0;
}

/* Write NAME (relative to the dir) with MODE; returns its full path (static buffer). */
static inline const char *test_dir_write(
        const test_dir *t, const char *name, const char *text, mode_t mode) {
        static char path[PATH_MAX];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", t->path, name);
        f = fopen(path, "we");
        if (!f)
                return NULL;
        fputs(text, f);
        fclose(f);
        if (chmod(path, mode) < 0)
                return NULL;
        return path;
}

static inline const char *test_dir_path(const test_dir *t, const char *name) {
        static char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s", t->path, name);
        return path;
}

static inline int test_dir_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        return remove(path);
}

static inline void test_dir_remove(test_dir *t) {
        (void) nftw(t->path, test_dir_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* cmocka group setup/teardown: one test_dir as the tests' *state. */
static inline int test_dir_setup(void **state) {
        static test_dir t;
        if (test_dir_make(&t) < 0)
                return -1;
        *state = &t;
        return 0;
}

static inline int test_dir_teardown(void **state) {
        test_dir_remove(*state);
        return 0;
}
