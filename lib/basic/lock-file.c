/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "basic/time-util.h"
#include "basic/fd-util.h"
#include "basic/lock-file.h"
#include "basic/macro.h"

/* Pauses between tries grow from 1 ms to 50 ms. */
#define LOCK_PAUSE_MIN_MS 1u
#define LOCK_PAUSE_MAX_MS 50u

int lock_fd_wait(int fd, unsigned timeout_ms) {
        uint64_t deadline = now_monotonic_ms() + timeout_ms;
        unsigned pause_ms = LOCK_PAUSE_MIN_MS;

        for (;;) {
                struct timespec ts;
                uint64_t now;

                if (flock(fd, LOCK_EX | LOCK_NB) == 0)
                        return 0;
                if (errno != EWOULDBLOCK && errno != EINTR)
                        return negative_errno();
                now = now_monotonic_ms();
                if (now >= deadline)
                        return -ETIMEDOUT;
                if (pause_ms > deadline - now)
                        pause_ms = (unsigned) (deadline - now);
                ts = (struct timespec){
                        .tv_sec = pause_ms / 1000, .tv_nsec = (long) (pause_ms % 1000) * 1000000};
                (void) nanosleep(&ts, NULL);
                pause_ms = pause_ms * 2 > LOCK_PAUSE_MAX_MS ? LOCK_PAUSE_MAX_MS : pause_ms * 2;
        }
}

int lock_file_take(
        int dirfd, const char *dir_path, const char *name, unsigned timeout_ms, int *ret_fd, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;
        int r;

        assert(dir_path);
        assert(name);
        assert(ret_fd);

        fd = openat(dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open lock \"%s/%s\"", dir_path, name);
        if (fstat(fd, &st) < 0)
                return ns_error_set_errno(err, negative_errno(), "stat lock \"%s/%s\"", dir_path, name);
        if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077))
                return ns_error_set(err, -EPERM,
                        "lock \"%s/%s\": not a regular file of uid %u with mode 0600", dir_path, name,
                        (unsigned) geteuid());
        r = lock_fd_wait(fd, timeout_ms);
        if (r == -ETIMEDOUT)
                return ns_error_set(
                        err, r, "lock \"%s/%s\": still taken after %u ms", dir_path, name, timeout_ms);
        if (r < 0)
                return ns_error_set_errno(err, r, "lock \"%s/%s\"", dir_path, name);
        *ret_fd = TAKE_FD(fd);
        return 0;
}
