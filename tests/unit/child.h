/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * For tests that change the process irreversibly (filters, limits, ids): run
 * the body in a forked child, which reports failure through its exit status.
 * cmocka's assertions cannot be used there (they jump back into the runner
 * in the wrong process), so the child uses child_check().
 */
#pragma once

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define child_check(cond)                                                                                   \
        do {                                                                                                \
                if (!(cond)) {                                                                              \
                        fprintf(stderr, "%s:%d: child check failed: %s\n", __FILE__, __LINE__, #cond);      \
                        _exit(1);                                                                           \
                }                                                                                           \
        } while (0)

/* Run FN(ARG) in a child; returns its exit status, 128+signal if it died,
 * -1 if it could not be started. FN returning means success. */
static inline int run_in_child(void (*fn)(void *), void *arg) {
        int status;
        pid_t pid = fork();

        if (pid < 0)
                return -1;
        if (pid == 0) {
                fn(arg);
                _exit(0);
        }
        if (waitpid(pid, &status, 0) != pid)
                return -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
