/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"

static int openat2_strict(int dirfd, const char *path, int flags, unsigned mode) {
        struct open_how how = {
                .flags = (uint64_t) (flags | O_NOFOLLOW | O_CLOEXEC),
                .mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
                .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd;

        do
                fd = (int) syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
        while (fd < 0 && errno == EAGAIN);
        return fd < 0 ? negative_errno() : fd;
}

int fd_open_path(int dirfd, const char *path, int extra_flags) {
        struct stat st;
        int fd;

        assert(path);

        fd = openat2_strict(dirfd, path, O_PATH | extra_flags, 0);
        /* O_PATH|O_NOFOLLOW opens a trailing symlink itself instead of failing. */
        if (fd >= 0 && (fstat(fd, &st) < 0 || S_ISLNK(st.st_mode))) {
                safe_close(fd);
                return -ELOOP;
        }
        return fd;
}

int fd_open_nofollow(int dirfd, const char *path, int flags, unsigned mode) {
        assert(path);

        return openat2_strict(dirfd, path, flags, mode);
}

int fd_is_dir(int fd) {
        struct stat st;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        return S_ISDIR(st.st_mode);
}

void fd_close_from(int first, int keep) {
        if (keep < first) {
                (void) close_range((unsigned) first, ~0U, 0);
                return;
        }
        if (keep > first)
                (void) close_range((unsigned) first, (unsigned) keep - 1, 0);
        (void) close_range((unsigned) keep + 1, ~0U, 0);
}

void fd_close_all_but(const int *keep, size_t n) {
        unsigned next = 0;

        /* In ascending order, smallest first: each round closes the gap below
         * the smallest kept fd not yet passed. */
        for (;;) {
                int lowest = -1;

                for (size_t i = 0; i < n; i++)
                        if (keep[i] >= (int) next && (lowest < 0 || keep[i] < lowest))
                                lowest = keep[i];
                if (lowest < 0) {
                        (void) close_range(next, ~0U, 0);
                        return;
                }
                if ((unsigned) lowest > next)
                        (void) close_range(next, (unsigned) lowest - 1, 0);
                next = (unsigned) lowest + 1;
        }
}

int fd_write_all(int fd, const void *buf, size_t len) {
        const char *p = buf;

        assert(buf);

        while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                p += n;
                len -= (size_t) n;
        }
        return 0;
}

int fd_check_root_owned(int fd, const char *path, ns_error *err) {
        struct stat st;

        assert(path);

        if (fstat(fd, &st) < 0)
                return ns_error_set_errno(err, negative_errno(), "stat \"%s\"", path);
        if (st.st_uid != 0 || (st.st_mode & 022))
                return ns_error_set(
                        err, -EPERM, "refuse \"%s\": not owned by root or writable by others", path);
        return 0;
}

int fd_open_root_dir(int parent, const char *name, unsigned mode, const char *path, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r;

        assert(name);
        assert(path);

        if (mkdirat(parent, name, mode) < 0 && errno != EEXIST)
                return ns_error_set_errno(err, negative_errno(), "create \"%s\"", path);
        fd = fd_open_nofollow(parent, name, O_RDONLY | O_DIRECTORY, 0);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "open \"%s\"", path);
        r = fd_check_root_owned(fd, path, err);
        if (r < 0)
                return r;
        if (fchmod(fd, mode) < 0)
                return ns_error_set_errno(err, negative_errno(), "chmod \"%s\"", path);
        return TAKE_FD(fd);
}
