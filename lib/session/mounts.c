/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The session's mount plan (mounts.h): the steps in their order, with the
 * context they share for the whole run, and steps 0 (the sources, opened as
 * the host has them), 1 (rslave) and 16 (the login accounting files). */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "basic/strv.h"
#include "policy/mount-options.h"
#include "session/mounts-internal.h"
#include "session/mounts-util.h"
#include "session/mounts.h"

#define ACCOUNTING_STEP "the login accounting files"

/* Login accounting the PAM application (sshd's monitor, login) writes from
 * inside the session's mount namespace: kept writable where the view made
 * them read-only (their modes keep users out). */
static const char *const accounting_files[] = {
        "/run/utmp", "/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog"};
_Static_assert(ELEMENTSOF(accounting_files) == N_ACCOUNTING_FILES, "mount_ctx holds one fd a file");

bool mounts_needed(const policy *p) {
        assert(p);

        return p->private_tmp || p->protect_system != PROTECT_SYSTEM_NO ||
                p->protect_home != PROTECT_HOME_NO || strv_length(p->read_only_paths) > 0 ||
                strv_length(p->read_write_paths) > 0 || strv_length(p->inaccessible_paths) > 0 ||
                p->n_binds > 0 || strv_length(p->temporary_filesystems) > 0 || p->private_run ||
                strv_length(p->no_exec_paths) > 0 || strv_length(p->exec_paths) > 0 || p->private_devices ||
                p->protect_kernel_tunables || p->protect_kernel_modules || p->protect_kernel_logs ||
                p->protect_control_groups || p->protect_proc != PROTECT_PROC_DEFAULT ||
                p->proc_subset != PROC_SUBSET_ALL;
}

static int step_rslave(mount_ctx *c, ns_error *err) {
        if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "make the mount tree a recursive slave of the host");
        return 0;
}

/* Capture the accounting files as the host has them: regular files that
 * others cannot write (else they are left as the view makes them). */
static int accounting_capture(mount_ctx *c, ns_error *err) {
        for (size_t i = 0; i < ELEMENTSOF(accounting_files); i++) {
                _cleanup_close_ int fd = path_open(ACCOUNTING_STEP, accounting_files[i], true, err);
                if (fd == -EBADF)
                        continue;
                if (fd < 0)
                        return fd;
                if (fstat(fd, &c->acct_st[i]) < 0)
                        return ns_error_set_errno(err, negative_errno(), "%s: stat \"%s\"", ACCOUNTING_STEP,
                                accounting_files[i]);
                if (!S_ISREG(c->acct_st[i].st_mode) || (c->acct_st[i].st_mode & S_IWOTH))
                        continue;
                c->acct_fds[i] = tree_clone(ACCOUNTING_STEP, accounting_files[i], fd, 0, 0, err);
                if (c->acct_fds[i] < 0)
                        return c->acct_fds[i];
        }
        return 0;
}

/* Last: an accounting file the view still shows (the same file) but
 * read-only (ProtectSystem, ReadOnlyPaths) gets the host's copy back, so
 * sshd's monitor and login record the login in utmp, wtmp, btmp, lastlog.
 * One the view hides or replaces stays so. */
static int step_accounting(mount_ctx *c, ns_error *err) {
        for (size_t i = 0; i < ELEMENTSOF(accounting_files); i++) {
                const char *path = accounting_files[i];
                _cleanup_close_ int fd = -EBADF;
                struct statvfs sv;
                struct stat st;
                int r;
                if (c->acct_fds[i] < 0)
                        continue;
                fd = path_open(ACCOUNTING_STEP, path, true, err);
                if (fd == -EBADF)
                        continue;
                if (fd < 0)
                        return fd;
                if (fstat(fd, &st) < 0 || fstatvfs(fd, &sv) < 0)
                        return ns_error_set_errno(
                                err, negative_errno(), "%s: stat \"%s\"", ACCOUNTING_STEP, path);
                if (st.st_dev != c->acct_st[i].st_dev || st.st_ino != c->acct_st[i].st_ino ||
                        !(sv.f_flag & ST_RDONLY))
                        continue;
                r = tree_attach(ACCOUNTING_STEP, path, c->acct_fds[i], fd, err);
                if (r < 0)
                        return r;
                c->acct_fds[i] = safe_close(c->acct_fds[i]);
        }
        return 0;
}

static int *fd_array_new(size_t n) {
        int *a = malloc((n + 1) * sizeof(int));

        for (size_t i = 0; a && i <= n; i++)
                a[i] = -EBADF;
        return a;
}

static void fd_array_free(int *a, size_t n) {
        for (size_t i = 0; a && i < n; i++)
                safe_close(a[i]);
        free(a);
}

/* Step 0: what later steps must see as the host has it, before any mount. */
static int step_open_sources(mount_ctx *c, ns_error *err) {
        int r;

        c->n_rw = strv_length(c->p->read_write_paths);
        c->bind_fds = fd_array_new(c->p->n_binds);
        c->rw_fds = fd_array_new(c->n_rw);
        if (!c->bind_fds || !c->rw_fds)
                return ns_error_set_errno(err, -ENOMEM, "open mount sources");
        c->hidden_fd = inaccessible_node(c->run_fd, err);
        if (c->hidden_fd < 0)
                return c->hidden_fd;
        r = accounting_capture(c, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < c->n_rw; i++) {
                bool optional;
                const char *path = mount_path_strip(c->p->read_write_paths[i], &optional);
                c->rw_fds[i] = source_clone("ReadWritePaths", path, optional, true, err);
                if (c->rw_fds[i] < 0 && c->rw_fds[i] != -EBADF)
                        return c->rw_fds[i];
        }
        for (size_t i = 0; i < c->p->n_binds; i++) {
                const policy_bind *b = &c->p->binds[i];
                c->bind_fds[i] = source_clone(b->read_only ? "BindReadOnlyPaths" : "BindPaths", b->source,
                        b->optional, !b->no_recursive, err);
                if (c->bind_fds[i] < 0 && c->bind_fds[i] != -EBADF)
                        return c->bind_fds[i];
        }
        return 0;
}

/* The plan: mounts.h has the order, and why. */
static int mounts_run(const policy *p, const user_context *u, int run_fd, bool dry_run, ns_error *err) {
        static int (*const steps[])(mount_ctx *, ns_error *) = {
                step_open_sources,
                step_rslave,
                step_hosts,
                step_sys,
                step_private_devices,
                step_protect_system,
                step_protect_home,
                step_protect_kernel,
                step_read_only,
                step_read_write,
                step_inaccessible,
                step_private_run,
                step_temporary_fs,
                step_binds,
                step_temporary_fs_seal,
                step_private_tmp,
                step_protect_user_manager,
                step_mqueue,
                step_exec_paths,
                step_accounting,
        };
        mount_ctx c = {.p = p, .u = u, .run_fd = run_fd, .hidden_fd = -EBADF, .dry_run = dry_run};
        size_t n_tmpfs = strv_length(p->temporary_filesystems);
        int r = 0;

        for (size_t i = 0; i < ELEMENTSOF(accounting_files); i++)
                c.acct_fds[i] = -EBADF;
        c.tmpfs_fds = fd_array_new(n_tmpfs);
        if (!c.tmpfs_fds)
                r = ns_error_set_errno(err, -ENOMEM, "mount the session's view");
        for (size_t i = 0; i < ELEMENTSOF(steps) && r >= 0; i++)
                r = steps[i](&c, err);
        for (size_t i = 0; i < ELEMENTSOF(accounting_files); i++)
                safe_close(c.acct_fds[i]);
        fd_array_free(c.tmpfs_fds, n_tmpfs);
        fd_array_free(c.bind_fds, p->n_binds);
        fd_array_free(c.rw_fds, c.n_rw);
        safe_close(c.hidden_fd);
        return r;
}

int mounts_apply(const policy *p, const user_context *u, int run_fd, ns_error *err) {
        assert(p);
        assert(u);

        return mounts_run(p, u, run_fd, false, err);
}

int mounts_dry_run(const policy *p, const user_context *u, int run_fd, ns_error *err) {
        assert(p);
        assert(u);

        return mounts_run(p, u, run_fd, true, err);
}
