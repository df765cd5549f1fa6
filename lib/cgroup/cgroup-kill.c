/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <time.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/time-util.h"
#include "cgroup/cgroup-fs.h"
#include "cgroup/cgroup-kill.h"

/* How long the freeze loop lets one round of SIGKILLs take effect. */
#define FREEZE_ROUND_MS 50

/* Read cgroup.events through FD itself: kernfs arms poll() for the fd that read it. */
static int events_populated(int fd) {
        char buf[256];
        ssize_t n;

        if (lseek(fd, 0, SEEK_SET) < 0)
                return negative_errno();
        n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0)
                return negative_errno();
        buf[n] = '\0';
        return cgroup_fs_parse_populated(buf);
}

int cgroup_wait_empty(int leaf_fd, const char *leaf_path, unsigned timeout_ms, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int64_t deadline = (int64_t) now_monotonic_ms() + timeout_ms;

        assert(leaf_path);

        fd = openat(leaf_fd, "cgroup.events", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open \"%s/cgroup.events\"", leaf_path);
        for (;;) {
                struct pollfd pfd = {.fd = fd, .events = POLLPRI};
                int64_t left;
                int r = events_populated(fd);

                if (r < 0)
                        return ns_error_set_errno(err, r, "read \"%s/cgroup.events\"", leaf_path);
                if (r == 0)
                        return 0;
                left = deadline - (int64_t) now_monotonic_ms();
                if (left <= 0)
                        return ns_error_set(err, -EBUSY,
                                "wait for cgroup \"%s\" to empty: still populated after %u ms", leaf_path,
                                timeout_ms);
                /* A change of cgroup.events wakes POLLPRI; plain files never do, so
                 * a fake tree just sleeps until the deadline. */
                if (poll(&pfd, 1, (int) left) < 0 && errno != EINTR)
                        return ns_error_set_errno(
                                err, negative_errno(), "poll \"%s/cgroup.events\"", leaf_path);
        }
}

static int kill_members(int leaf_fd, const char *leaf_path, ns_error *err) {
        _cleanup_free_ char *procs = NULL;
        int r;

        r = cgroup_fs_read(leaf_fd, leaf_path, "cgroup.procs", &procs, err);
        if (r < 0)
                return r;
        for (char *c = procs, *end; *c; c = end) {
                long pid = strtol(c, &end, 10);
                if (end == c)
                        break;
                if (pid > 0 && kill((pid_t) pid, SIGKILL) < 0 && errno != ESRCH)
                        return ns_error_set_errno(
                                err, negative_errno(), "kill process %ld of cgroup \"%s\"", pid, leaf_path);
        }
        return 0;
}

/* Without cgroup.kill: freezing stops forks racing the kill loop; fatal
 * signals still end frozen tasks. */
static int kill_by_freezing(int leaf_fd, const char *leaf_path, unsigned timeout_ms, ns_error *err) {
        int64_t deadline = (int64_t) now_monotonic_ms() + timeout_ms;

        for (;;) {
                int64_t left;
                int r = cgroup_fs_write(leaf_fd, leaf_path, "cgroup.freeze", "1", err);
                if (r < 0)
                        return r;
                r = kill_members(leaf_fd, leaf_path, err);
                if (r < 0)
                        return r;
                r = cgroup_fs_write(leaf_fd, leaf_path, "cgroup.freeze", "0", err);
                if (r < 0)
                        return r;
                left = deadline - (int64_t) now_monotonic_ms();
                left = left < 0 ? 0 : left < FREEZE_ROUND_MS ? left : FREEZE_ROUND_MS;
                r = cgroup_wait_empty(leaf_fd, leaf_path, (unsigned) left, NULL);
                if (r == 0)
                        return 0;
                if (r != -EBUSY)
                        return ns_error_set_errno(err, r, "wait for cgroup \"%s\" to empty", leaf_path);
                if ((int64_t) now_monotonic_ms() >= deadline)
                        return ns_error_set(err, -EBUSY, "kill cgroup \"%s\": processes left after %u ms",
                                leaf_path, timeout_ms);
        }
}

int cgroup_kill(int leaf_fd, const char *leaf_path, unsigned timeout_ms, ns_error *err) {
        int r = cgroup_fs_write(leaf_fd, leaf_path, "cgroup.kill", "1", NULL);

        assert(leaf_path);

        if (r == -ENOENT)
                return kill_by_freezing(leaf_fd, leaf_path, timeout_ms, err);
        if (r < 0)
                return ns_error_set_errno(err, r, "write \"1\" to \"%s/cgroup.kill\"", leaf_path);
        return cgroup_wait_empty(leaf_fd, leaf_path, timeout_ms, err);
}

void cgroup_pidfds_free(int *fds, size_t n) {
        for (size_t i = 0; i < n; i++)
                safe_close(fds[i]);
        free(fds);
}

/* The PIDs in the text of a cgroup.procs file, at most MAX, into PIDS. */
static size_t parse_procs(const char *procs, pid_t *pids, size_t max) {
        size_t n = 0;

        for (const char *c = procs; *c && n < max;) {
                char *end;
                long pid = strtol(c, &end, 10);

                if (end == c)
                        break;
                if (pid > 0)
                        pids[n++] = (pid_t) pid;
                c = end;
        }
        return n;
}

static bool pid_listed(const pid_t *pids, size_t n, pid_t pid) {
        for (size_t i = 0; i < n; i++)
                if (pids[i] == pid)
                        return true;
        return false;
}

/* The PIDs listed in LEAF_FD's cgroup.procs, in a new array. */
static int read_pids(int leaf_fd, const char *leaf_path, pid_t **ret, size_t *ret_n, ns_error *err) {
        _cleanup_free_ char *procs = NULL;
        size_t max = 1;
        pid_t *pids;
        int r = cgroup_fs_read(leaf_fd, leaf_path, "cgroup.procs", &procs, err);

        if (r < 0)
                return r;
        for (const char *c = procs; *c; c++)
                max += *c == '\n';
        pids = calloc(max, sizeof(pid_t));
        if (!pids)
                return ns_error_set_errno(err, -ENOMEM, "list the processes of cgroup \"%s\"", leaf_path);
        *ret_n = parse_procs(procs, pids, max);
        *ret = pids;
        return 0;
}

/* cgroup.procs is read twice, around the pidfd_open() calls: a process
 * listed in the first read and still listed in the second is the one its
 * pidfd pins (if the PID was reused meanwhile, by a process outside the
 * cgroup it is not listed, and inside it is a member too); the paths
 * themselves are never compared, so no cgroup namespace can mislead. */
int cgroup_pidfds(int leaf_fd, const char *leaf_path, int **ret_fds, size_t *ret_n, ns_error *err) {
        _cleanup_free_ pid_t *pids = NULL, *again = NULL;
        size_t n, n_again = 0, kept = 0;
        int *fds;
        int r;

        assert(leaf_path);
        assert(ret_fds);
        assert(ret_n);

        r = read_pids(leaf_fd, leaf_path, &pids, &n, err);
        if (r < 0)
                return r;
        fds = calloc(n + 1, sizeof(int));
        if (!fds)
                return ns_error_set_errno(err, -ENOMEM, "list the processes of cgroup \"%s\"", leaf_path);
        for (size_t i = 0; i < n; i++)
                fds[i] = pids[i] == getpid() ? -EBADF : (int) pidfd_open(pids[i], 0);
        r = read_pids(leaf_fd, leaf_path, &again, &n_again, err);
        for (size_t i = 0; i < n; i++) {
                if (fds[i] < 0)
                        continue;
                if (r < 0 || !pid_listed(again, n_again, pids[i]))
                        safe_close(fds[i]);
                else
                        fds[kept++] = fds[i];
        }
        if (r < 0) {
                free(fds);
                return r;
        }
        *ret_fds = fds;
        *ret_n = kept;
        return 0;
}

int cgroup_signal(int leaf_fd, const char *leaf_path, const int *sigs, size_t n_sigs, ns_error *err) {
        int *fds = NULL;
        size_t n = 0;
        int r = cgroup_pidfds(leaf_fd, leaf_path, &fds, &n, err);

        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n_sigs; j++)
                        (void) pidfd_send_signal(fds[i], sigs[j], NULL, 0);
        cgroup_pidfds_free(fds, n);
        return (int) n;
}

int cgroup_stop(int leaf_fd, const char *leaf_path, uint64_t timeout_usec, unsigned drain_timeout_ms,
        ns_error *err) {
        static const int stop_signals[] = {SIGTERM, SIGCONT, SIGHUP};

        assert(leaf_path);

        /* A failure to signal only leaves the processes to the kill. The
         * wait is rounded up: 1 us of grace is still a grace. */
        if (timeout_usec > 0 &&
                cgroup_signal(leaf_fd, leaf_path, stop_signals, ELEMENTSOF(stop_signals), NULL) > 0 &&
                cgroup_wait_empty(leaf_fd, leaf_path, (unsigned) ((timeout_usec + 999) / 1000), NULL) == 0)
                return 0;
        return cgroup_kill(leaf_fd, leaf_path, drain_timeout_ms, err);
}
