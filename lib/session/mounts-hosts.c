/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Step 1b of the session's view (mounts.h): a session with a host name of its
 * own (a uts namespace and Hostname) gets an /etc/hosts that resolves it.
 * Without it `sudo` warns "unable to resolve host NAME" and getaddrinfo() of
 * the session's own name fails: Debian's nsswitch.conf has no nss-myhostname,
 * so "files" (/etc/hosts) is the one source every host has.
 *
 * The view is the host's /etc/hosts as it is at login, plus Debian's line
 * for the machine's own name, "127.0.1.1 NAME", in a file of its own: a
 * tmpfs sized for it alone is made and, for a moment, attached over
 * /run/nsshell in the session's namespace (open_tree() copies only mounts
 * of the caller's namespace, not detached ones, on Debian 12's 6.1), the
 * file is written there, a read-only copy of its mount is taken, the tmpfs
 * is unmounted again, and the copy is put over /etc/hosts. Nothing is
 * written on the host; the file goes with the session's mount namespace.
 * A host without a regular /etc/hosts (missing, a symbolic link) keeps
 * what it has.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "basic/run-dir.h"
#include "session/mounts-internal.h"
#include "session/mounts-util.h"

#define HOSTS_STEP "the session's /etc/hosts"
#define HOSTS_PATH "/etc/hosts"
#define HOSTS_FILE "hosts"
/* A larger host file refuses the session: each session holds a copy. */
#define HOSTS_SIZE_MAX (16u << 20)

/* Room after the host's text for the lines the view adds. */
#define HOSTS_ADDED_MAX 256

/* The view's text: the host's file as fstat() saw it (what it grew by since
 * is left out), then the session's name. */
static int hosts_compose(
        int fd, const struct stat *st, const char *hostname, char **ret, size_t *ret_len, ns_error *err) {
        size_t want = (size_t) st->st_size, size = want + HOSTS_ADDED_MAX, len = 0;
        _cleanup_free_ char *buf = NULL;
        int n;

        if ((uint64_t) st->st_size > HOSTS_SIZE_MAX)
                return ns_error_set(err, -EFBIG, "%s: \"%s\" is larger than %u bytes", HOSTS_STEP,
                        HOSTS_PATH, HOSTS_SIZE_MAX);
        buf = malloc(size);
        if (!buf)
                return ns_error_set_errno(err, -ENOMEM, "%s: read \"%s\"", HOSTS_STEP, HOSTS_PATH);
        while (len < want) {
                ssize_t k = read(fd, buf + len, want - len);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return ns_error_set_errno(
                                err, negative_errno(), "%s: read \"%s\"", HOSTS_STEP, HOSTS_PATH);
                if (k == 0)
                        break;
                len += (size_t) k;
        }
        if (len > 0 && buf[len - 1] != '\n')
                buf[len++] = '\n';
        /* Hostname is letters, digits, '-' and '.', at most 64 (conf-directives.c). */
        n = snprintf(buf + len, size - len, "# nsshell: the session's host name (Hostname)\n127.0.1.1\t%s\n",
                hostname);
        if (n < 0 || (size_t) n >= size - len)
                return ns_error_set(err, -ENAMETOOLONG, "%s: host name \"%s\"", HOSTS_STEP, hostname);
        *ret_len = len + (size_t) n;
        *ret = TAKE_PTR(buf);
        return 0;
}

/* Write text as HOSTS_FILE, root 0644, in the fresh tmpfs at dir_fd. */
static int hosts_write(int dir_fd, const char *text, size_t len, ns_error *err) {
        _cleanup_close_ int fd = fd_open_nofollow(dir_fd, HOSTS_FILE, O_WRONLY | O_CREAT | O_EXCL, 0644);
        int r;

        if (fd < 0)
                return ns_error_set_errno(err, fd, "%s: create the file", HOSTS_STEP);
        if (fchmod(fd, 0644) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: chmod the file", HOSTS_STEP);
        r = fd_write_all(fd, text, len);
        if (r < 0)
                return ns_error_set_errno(err, r, "%s: write the file", HOSTS_STEP);
        return 0;
}

/* The tmpfs attached over /run/nsshell (as this namespace sees it, checked
 * to be the runtime directory run_fd is), so its file can be cloned. */
static int scratch_attach(int run_fd, int tmpfs, ns_error *err) {
        _cleanup_close_ int target = fd_open_path(AT_FDCWD, NSSHELL_RUN_DIR, O_DIRECTORY);
        struct stat a, b;

        if (target < 0)
                return path_open_error(HOSTS_STEP, NSSHELL_RUN_DIR, target, err);
        if (fstat(target, &a) < 0 || fstat(run_fd, &b) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: stat \"%s\"", HOSTS_STEP, NSSHELL_RUN_DIR);
        if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
                return ns_error_set(err, -EXDEV, "%s: \"%s\" is not nsshell's runtime directory here",
                        HOSTS_STEP, NSSHELL_RUN_DIR);
        return tree_attach(HOSTS_STEP, NSSHELL_RUN_DIR, tmpfs, target, err);
}

/* Unmount the tmpfs again, named by its own fd (the mount it refers to). */
static int scratch_detach(int tmpfs, ns_error *err) {
        char path[64];

        snprintf(path, sizeof(path), "/proc/self/fd/%d", tmpfs);
        if (umount2(path, MNT_DETACH) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: unmount the scratch tmpfs from \"%s\"",
                        HOSTS_STEP, NSSHELL_RUN_DIR);
        return 0;
}

/* A read-only copy of the mount of the view's file, made in a scratch tmpfs. */
static int hosts_make(int run_fd, const char *text, size_t len, ns_error *err) {
        _cleanup_close_ int tmpfs = -EBADF, file = -EBADF;
        char options[96];
        int r, tree;

        snprintf(options, sizeof(options), "mode=0755,nr_inodes=4,size=%zu", len + 4096);
        tmpfs = fs_make("tmpfs", HOSTS_STEP, HOSTS_PATH, options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err);
        if (tmpfs < 0)
                return tmpfs;
        r = hosts_write(tmpfs, text, len, err);
        if (r < 0)
                return r;
        r = scratch_attach(run_fd, tmpfs, err);
        if (r < 0)
                return r;
        file = fd_open_path(tmpfs, HOSTS_FILE, 0);
        tree = file < 0
                ? ns_error_set_errno(err, file, "%s: open the file", HOSTS_STEP)
                : tree_clone(HOSTS_STEP, HOSTS_PATH, file,
                          MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, 0,
                          err);
        r = scratch_detach(tmpfs, err);
        if (r < 0) {
                safe_close(tree);
                return r;
        }
        return tree;
}

int step_hosts(mount_ctx *c, ns_error *err) {
        _cleanup_close_ int target = -EBADF, tree = -EBADF;
        _cleanup_free_ char *text = NULL;
        struct stat st;
        size_t len;
        int r;

        if (!(c->p->namespaces & NS_UTS) || !c->p->hostname)
                return 0;
        /* Non-blocking: a FIFO there must not hang the login. */
        target = fd_open_nofollow(AT_FDCWD, HOSTS_PATH, O_RDONLY | O_NONBLOCK, 0);
        if (target == -ENOENT || target == -ELOOP)
                return 0;
        if (target < 0)
                return ns_error_set_errno(err, target, "%s: open \"%s\"", HOSTS_STEP, HOSTS_PATH);
        if (fstat(target, &st) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: stat \"%s\"", HOSTS_STEP, HOSTS_PATH);
        if (!S_ISREG(st.st_mode))
                return 0;
        r = hosts_compose(target, &st, c->p->hostname, &text, &len, err);
        if (r < 0)
                return r;
        tree = hosts_make(c->run_fd, text, len, err);
        if (tree < 0)
                return tree;
        return tree_attach(HOSTS_STEP, HOSTS_PATH, tree, target, err);
}
