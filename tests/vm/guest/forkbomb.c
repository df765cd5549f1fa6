/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * forkbomb STOPFILE: the VM tier's fork bomb.
 *
 * Every process wants two children and retries a refused fork every 10 ms,
 * as bash does, instead of dying of it (a busybox shell dies at its first
 * refused fork, and a bomb of shells can collapse to a handful of processes
 * on a slow host). So the bomb keeps pressing against a pids limit until
 * STOPFILE exists, then every process exits.
 *
 * The tree is 9 levels deep at most (511 processes): should the limit under
 * test be missing, the guest survives the bomb and the test fails instead of
 * hanging.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEPTH 8
#define CHILDREN 2

static void pause_10ms(void) {
        const struct timespec ts = {.tv_nsec = 10 * 1000 * 1000};

        (void) nanosleep(&ts, NULL);
}

int main(int argc, char **argv) {
        unsigned depth = 0, children = 0;

        if (argc != 2) {
                fputs("usage: forkbomb STOPFILE\n", stderr);
                return 2;
        }
        while (access(argv[1], F_OK) < 0) {
                if (depth >= MAX_DEPTH || children >= CHILDREN) {
                        pause_10ms();
                        continue;
                }
                pid_t pid = fork();
                if (pid == 0) {
                        depth++;
                        children = 0;
                } else if (pid > 0)
                        children++;
                else if (errno == EAGAIN || errno == ENOMEM)
                        pause_10ms();
                else {
                        perror("fork");
                        return 1;
                }
        }
        return 0;
}
