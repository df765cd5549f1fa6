/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The tmpfs mounts of the view (mounts-internal.h): PrivateRun,
 * TemporaryFileSystem (and its sealing), PrivateTmp, ProtectUserManager;
 * each bounded by TmpfsSize. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "basic/run-dir.h"
#include "policy/mount-options.h"
#include "session/mounts-internal.h"
#include "session/mounts-util.h"

#define RUN_STEP "PrivateRun"

/* What a private /run keeps of the view it covers, when present (besides
 * the user's own /run/user/UID, kept writable): nsshell.conf(5), PrivateRun.
 * Read-only unless writable. */
static const struct run_keep {
        const char *path;
        bool writable;
        bool root_only; /* in a directory of mode 0700: for the PAM application only */
} run_keep[] = {
        {NSSHELL_RUN_DIR, false}, /* the records the login-shell stage matches itself against */
        {"/run/utmp", true}, /* the application's login accounting (step_accounting) */
        {"/run/nscd", false}, /* NSS: nscd's socket */
        {"/run/systemd/userdb", false}, /* NSS: nss-systemd's user records */
        {"/run/systemd/resolve", false}, /* DNS: resolv.conf's targets and nss-resolve */
        {"/run/resolvconf", false}, /* DNS: Debian's resolvconf */
        {"/run/systemd/journal", false}, /* logging: /dev/log points there on systemd hosts */
        /* The system bus, for root only: the close of pam_systemd (above
         * pam_nsshell in the stack) runs in the session's mount namespace and
         * asks logind to release the session over it; users reach nothing. */
        {"/run/dbus/system_bus_socket", false, true},
};

/* "mode=MODE,size=..." for the tmpfs mounts TmpfsSize bounds. */
static void tmpfs_options(const policy *p, const char *mode, char *buf, size_t size) {
        snprintf(buf, size, "mode=%s,size=%" PRIu64 "%s", mode, p->tmpfs_size.value,
                p->tmpfs_size.percent ? "%" : "");
}

/* One TemporaryFileSystem: its mount fd kept in c->tmpfs_fds, writable
 * until step_temporary_fs_seal() (binds below it need their mount points). */
static int temporary_fs_one(mount_ctx *c, const char *spec_text, const char *base, ns_error *err) {
        const char *step = "TemporaryFileSystem";
        _cleanup_(tmpfs_spec_done) tmpfs_spec spec = {};
        _cleanup_free_ char *options = NULL;
        _cleanup_close_ int fd = -EBADF, mnt = -EBADF;
        int r;

        r = tmpfs_spec_parse(spec_text, &spec, err);
        if (r < 0)
                return r;
        if (asprintf(&options, "%s%s%s", base, spec.options[0] ? "," : "", spec.options) < 0)
                return ns_error_set_errno(err, -ENOMEM, "%s", step);
        fd = path_open(step, spec.path, false, err);
        if (fd < 0)
                return fd;
        mnt = fs_make("tmpfs", step, spec.path, options, spec.attr & ~(uint64_t) MOUNT_ATTR_RDONLY, err);
        if (mnt < 0)
                return mnt;
        r = tree_attach(step, spec.path, mnt, fd, err);
        if (r < 0)
                return r;
        if (spec.attr & MOUNT_ATTR_RDONLY)
                c->tmpfs_fds[c->n_tmpfs] = TAKE_FD(mnt);
        else
                c->tmpfs_fds[c->n_tmpfs] = -EBADF;
        c->n_tmpfs++;
        return 0;
}

/* "PATH[:OPTIONS]": mode 0755, TmpfsSize, nosuid, nodev unless OPTIONS says
 * otherwise (policy/mount-options.h). */
int step_temporary_fs(mount_ctx *c, ns_error *err) {
        char base[80];

        tmpfs_options(c->p, "0755", base, sizeof(base));
        for (char **i = c->p->temporary_filesystems; i && *i; i++) {
                int r = temporary_fs_one(c, *i, base, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* After the binds made their mount points in them: the read-only
 * TemporaryFileSystem mounts become read-only (that mount only: binds keep
 * their own flags). */
int step_temporary_fs_seal(mount_ctx *c, ns_error *err) {
        struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};

        for (size_t i = 0; i < c->n_tmpfs; i++) {
                if (c->tmpfs_fds[i] < 0)
                        continue;
                if (mount_setattr(c->tmpfs_fds[i], "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0)
                        return ns_error_set_errno(err, negative_errno(),
                                "TemporaryFileSystem: mount_setattr \"%s\" read-only",
                                c->p->temporary_filesystems[i]);
                c->tmpfs_fds[i] = safe_close(c->tmpfs_fds[i]);
        }
        return 0;
}

/* One path a private /run keeps: a detached copy of it as the view has it
 * (-EBADF in *ret_tree when missing), and whether it is a directory. */
static int run_keep_capture(const char *path, bool writable, int *ret_tree, bool *ret_dir, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r = path_open_typed(RUN_STEP, path, true, &fd, ret_dir, err);

        *ret_tree = -EBADF;
        if (r <= 0)
                return r;
        r = tree_clone(RUN_STEP, path, fd, writable ? 0 : MOUNT_ATTR_RDONLY, 0, err);
        if (r < 0)
                return r;
        *ret_tree = r;
        return 0;
}

/* Mode 0700 on the directory (made by mountpoint_make() in the private
 * /run, root's) that holds the kept path. */
static int run_keep_close_parent(int run, const char *path, ns_error *err) {
        char parent[64];
        char *slash;

        snprintf(parent, sizeof(parent), "%s", path + strlen("/run/"));
        slash = strrchr(parent, '/');
        if (!slash)
                return 0;
        *slash = '\0';
        if (fchmodat(run, parent, 0700, 0) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: chmod 0700 \"/run/%s\"", RUN_STEP, parent);
        return 0;
}

/* A mount point below the private /run for each kept path, with its copy on it. */
static int run_keep_attach(
        int run, char (*paths)[64], int *trees, const bool *dirs, size_t n, ns_error *err) {
        for (size_t i = 0; i < n; i++) {
                _cleanup_close_ int target = -EBADF;
                int r;
                if (trees[i] < 0)
                        continue;
                target = mountpoint_make(RUN_STEP, run, paths[i] + strlen("/run/"), dirs[i], err);
                if (target < 0)
                        return target;
                r = tree_attach(RUN_STEP, paths[i], trees[i], target, err);
                if (r >= 0 && i < ELEMENTSOF(run_keep) && run_keep[i].root_only)
                        r = run_keep_close_parent(run, paths[i], err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* /run/lock, world-writable as on the host, inside the private /run. */
static int run_lock_make(int run, ns_error *err) {
        if (mkdirat(run, "lock", 01777) < 0 || fchmodat(run, "lock", 01777, 0) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: create \"/run/lock\"", RUN_STEP);
        return 0;
}

/* PrivateRun: an empty tmpfs on /run, into which run_keep and the user's own
 * /run/user/UID are bound back as the view had them. Host services listening
 * on sockets below /run (the system bus, container engines, databases) are
 * out of reach, for the shell and for sshd's streamlocal forwarding alike. */
int step_private_run(mount_ctx *c, ns_error *err) {
        enum { N = ELEMENTSOF(run_keep) + 1 };
        char paths[N][64], options[96];
        int trees[N], r = 0;
        bool dirs[N] = {};
        _cleanup_close_ int run = -EBADF;

        if (!c->p->private_run)
                return 0;
        for (size_t i = 0; i < N; i++)
                trees[i] = -EBADF;
        for (size_t i = 0; i < N && r >= 0; i++) {
                bool user = i == N - 1;
                if (user)
                        snprintf(paths[i], sizeof(paths[i]), "/run/user/%u", (unsigned) c->u->uid);
                else
                        snprintf(paths[i], sizeof(paths[i]), "%s", run_keep[i].path);
                r = run_keep_capture(paths[i], user || run_keep[i].writable, &trees[i], &dirs[i], err);
        }
        tmpfs_options(c->p, "0755", options, sizeof(options));
        if (r >= 0)
                r = tmpfs_at(RUN_STEP, "/run", false, options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err);
        if (r >= 0)
                r = run = path_open(RUN_STEP, "/run", false, err);
        if (r >= 0)
                r = run_lock_make(run, err);
        if (r >= 0)
                r = run_keep_attach(run, paths, trees, dirs, N, err);
        for (size_t i = 0; i < N; i++)
                safe_close(trees[i]);
        return r;
}

/* The world-writable directories, each a tmpfs of the session's own: a
 * shared one lets tenants fill it for everyone and pass files between them. */
int step_private_tmp(mount_ctx *c, ns_error *err) {
        static const char *const dirs[] = {"/tmp", "/var/tmp", "/dev/shm", "/run/lock"};
        char options[80];

        tmpfs_options(c->p, "1777", options, sizeof(options));
        for (size_t i = 0; c->p->private_tmp && i < ELEMENTSOF(dirs); i++) {
                int r = tmpfs_at(
                        "PrivateTmp", dirs[i], true, options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ProtectUserManager: the session's own empty /run/user/UID, sized as logind
 * sizes the real one (RuntimeDirectorySize=10%). The real one holds the user
 * bus and systemd --user's private socket, through which a session could
 * start processes in user@UID.service, outside its namespaces, filter and
 * limits (docs/DESIGN.md, "The user manager"). */
int step_protect_user_manager(mount_ctx *c, ns_error *err) {
        char path[64], options[128];

        if (!c->p->protect_user_manager)
                return 0;
        snprintf(path, sizeof(path), "/run/user/%u", (unsigned) c->u->uid);
        snprintf(options, sizeof(options), "mode=0700,uid=%u,gid=%u,size=10%%", (unsigned) c->u->uid,
                (unsigned) c->u->gid);
        return tmpfs_at(
                "ProtectUserManager", path, true, options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err);
}
