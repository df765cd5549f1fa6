/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * migrate-bench: the VM tier's timer for cgroup migrations.
 *
 *   migrate-bench move PARENT N     move a sleeping child into a fresh cgroup
 *                                   under PARENT, N times, and right back out
 *   migrate-bench run N CMD [ARG...] run CMD N times (fork, exec, wait)
 *
 * Every sample waits 100 ms first, so that no migration happened recently:
 * a writer of cgroup_threadgroup_rwsem that finds it idle waits for an RCU
 * grace period (the "cold" cost the benchmark suite saw), one right after
 * another writer does not. Prints "median_ms=… min_ms=… max_ms=…" per figure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES 100

static long long now_ns(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void pause_100ms(void) {
        const struct timespec ts = {.tv_nsec = 100 * 1000 * 1000};

        (void) nanosleep(&ts, NULL);
}

static int cmp_ll(const void *a, const void *b) {
        long long x = *(const long long *) a, y = *(const long long *) b;

        return (x > y) - (x < y);
}

static void report(const char *what, long long *ns, int n) {
        qsort(ns, n, sizeof(*ns), cmp_ll);
        printf("%s: n=%d median_ms=%.3f min_ms=%.3f max_ms=%.3f\n", what, n, ns[n / 2] / 1e6, ns[0] / 1e6,
                ns[n - 1] / 1e6);
}

/* Write PID into DIR/cgroup.procs; the time it took in ns, or -1. */
static long long timed_move(const char *dir, pid_t pid) {
        char path[4096], buf[32];
        long long t0, t1;
        int fd, len;
        ssize_t r;

        snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -1;
        len = snprintf(buf, sizeof(buf), "%d\n", (int) pid);
        t0 = now_ns();
        r = write(fd, buf, len);
        t1 = now_ns();
        close(fd);
        return r == len ? t1 - t0 : -1;
}

static int sample_move(const char *parent, int i, long long *ret_cold, long long *ret_warm) {
        char dir[4096];
        pid_t pid;
        int ok;

        snprintf(dir, sizeof(dir), "%s/bench-%d-%d", parent, (int) getpid(), i);
        if (mkdir(dir, 0755) < 0)
                return -1;
        pid = fork();
        if (pid < 0)
                return -1;
        if (pid == 0) {
                pause();
                _exit(0);
        }
        pause_100ms();
        *ret_cold = timed_move(dir, pid);
        *ret_warm = timed_move(parent, pid);
        ok = *ret_cold >= 0 && *ret_warm >= 0;
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        rmdir(dir);
        return ok ? 0 : -1;
}

static int bench_move(const char *parent, int n) {
        long long cold[MAX_SAMPLES], warm[MAX_SAMPLES];

        for (int i = 0; i < n; i++)
                if (sample_move(parent, i, &cold[i], &warm[i]) < 0) {
                        fprintf(stderr, "moving a process under '%s' failed: %s\n", parent, strerror(errno));
                        return 1;
                }
        report("cold move into a fresh cgroup", cold, n);
        report("warm move back right after", warm, n);
        return 0;
}

static int bench_run(int n, char **cmd) {
        long long ns[MAX_SAMPLES];

        for (int i = 0; i < n; i++) {
                long long t0;
                pid_t pid;
                int status;

                pause_100ms();
                t0 = now_ns();
                pid = fork();
                if (pid < 0)
                        return 1;
                if (pid == 0) {
                        execvp(cmd[0], cmd);
                        _exit(127);
                }
                if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                        fprintf(stderr, "'%s' failed (status 0x%x)\n", cmd[0], status);
                        return 1;
                }
                ns[i] = now_ns() - t0;
        }
        report(cmd[0], ns, n);
        return 0;
}

int main(int argc, char **argv) {
        int n;

        if (argc >= 4 && strcmp(argv[1], "move") == 0) {
                n = atoi(argv[3]);
                if (n >= 1 && n <= MAX_SAMPLES)
                        return bench_move(argv[2], n);
        } else if (argc >= 4 && strcmp(argv[1], "run") == 0) {
                n = atoi(argv[2]);
                if (n >= 1 && n <= MAX_SAMPLES)
                        return bench_run(n, argv + 3);
        }
        fprintf(stderr, "usage: migrate-bench move PARENT N | run N CMD [ARG...]  (1 <= N <= %d)\n",
                MAX_SAMPLES);
        return 2;
}
