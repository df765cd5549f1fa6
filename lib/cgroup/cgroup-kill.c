/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

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
