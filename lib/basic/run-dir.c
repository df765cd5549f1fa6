/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "basic/fd-util.h"
#include "basic/lock-file.h"
#include "basic/macro.h"
#include "basic/run-dir.h"

/* Open NSSHELL_RUN_NAME in PARENT: fd or -errno (message in ERR). */
static int open_mount_point(int parent, ns_error *err) {
        return fd_open_root_dir(parent, NSSHELL_RUN_NAME, 0711, NSSHELL_RUN_DIR, err);
}

/* 1 when FD is on another file system than PARENT_DEV, 0 if not. */
static int own_fs(int fd, dev_t parent_dev) {
        struct stat st;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        return st.st_dev != parent_dev;
}

/* With the mount point locked: mount the tmpfs unless a racing opener did. */
static int mount_locked(int parent, dev_t parent_dev, int *ret_fd, ns_error *err) {
        _cleanup_close_ int fd = open_mount_point(parent, err);
        int r;

        if (fd < 0)
                return fd;
        r = own_fs(fd, parent_dev);
        if (r < 0)
                return ns_error_set_errno(err, r, "stat \"%s\"", NSSHELL_RUN_DIR);
        if (r == 0) {
                /* Both path components are root-owned and not writable by
                 * others (checked above): the path cannot be swapped. */
                if (mount("nsshell", NSSHELL_RUN_DIR, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                            NSSHELL_RUN_MOUNT_OPTIONS) < 0)
                        return ns_error_set_errno(err, negative_errno(), "mount a tmpfs on \"%s\" (%s)",
                                NSSHELL_RUN_DIR, NSSHELL_RUN_MOUNT_OPTIONS);
                safe_close(fd);
                fd = open_mount_point(parent, err);
                if (fd < 0)
                        return fd;
                r = own_fs(fd, parent_dev);
                if (r <= 0)
                        return ns_error_set_errno(err, r < 0 ? r : -EIO,
                                "\"%s\": not a file system of its own after the mount", NSSHELL_RUN_DIR);
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int run_dir_open(int *ret_fd, ns_error *err) {
        _cleanup_close_ int parent = -EBADF, fd = -EBADF, lock = -EBADF;
        struct stat st;
        int r;

        assert(ret_fd);

        parent = open(NSSHELL_RUN_PARENT, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (parent < 0 || fstat(parent, &st) < 0)
                return ns_error_set_errno(err, negative_errno(), "open \"%s\"", NSSHELL_RUN_PARENT);
        fd = open_mount_point(parent, err);
        if (fd < 0)
                return fd;
        r = own_fs(fd, st.st_dev);
        if (r < 0)
                return ns_error_set_errno(err, r, "stat \"%s\"", NSSHELL_RUN_DIR);
        if (r > 0) {
                *ret_fd = TAKE_FD(fd);
                return 0;
        }
        /* The lock is the mount point directory on /run: 0711 root, so no
         * other user can open it (flock needs an fd that is not O_PATH). */
        lock = TAKE_FD(fd);
        r = lock_fd_wait(lock, LOCK_TIMEOUT_MS);
        if (r < 0)
                return ns_error_set_errno(err, r, "lock \"%s\" to mount it", NSSHELL_RUN_DIR);
        return mount_locked(parent, st.st_dev, ret_fd, err);
}

int run_dir_open_locks(int run_fd, int *ret_fd, ns_error *err) {
        int fd;

        assert(ret_fd);

        fd = fd_open_root_dir(run_fd, "locks", 0700, NSSHELL_LOCK_DIR, err);
        if (fd < 0)
                return fd;
        *ret_fd = fd;
        return 0;
}
