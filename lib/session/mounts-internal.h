/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The steps of the session's view (mounts.h has their order and what each
 * does) and the context they share. mounts.c runs them in that order; each
 * step file below holds one group, on the primitives of mounts-util.h:
 *
 *   mounts.c         step 0 (open the sources), 1 (rslave), 16 (accounting)
 *   mounts-kernel.c  the kernel's file systems: /sys, PrivateDevices'
 *                    /dev, the Protect* of /sys, /dev and /proc, /dev/mqueue
 *   mounts-paths.c   ProtectSystem, ProtectHome and the path lists
 *                    (Read*Paths, InaccessiblePaths, NoExecPaths, ExecPaths)
 *   mounts-tmpfs.c   the tmpfs mounts: PrivateRun, TemporaryFileSystem,
 *                    PrivateTmp, ProtectUserManager
 *   mounts-bind.c    BindPaths and BindReadOnlyPaths, destinations created
 *   mounts-hosts.c   the session's /etc/hosts, which resolves its Hostname
 *
 * A step returns 0 or -errno with err set, and does nothing when the policy
 * does not ask for it. Private to lib/session/mounts*.c.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "basic/error.h"
#include "policy/policy.h"
#include "policy/user.h"

/* /run/utmp, wtmp, btmp, lastlog (mounts.c, accounting_files) */
#define N_ACCOUNTING_FILES 4

typedef struct mount_ctx {
        const policy *p;
        const user_context *u;
        int run_fd;
        int *bind_fds; /* detached copies of the p->n_binds sources, taken before any mount */
        int *rw_fds; /* clones of ReadWritePaths as the host has them */
        int hidden_fd; /* the 0000 file bound over inaccessible files */
        size_t n_rw;
        int acct_fds[N_ACCOUNTING_FILES]; /* clones of the accounting files as the host has them */
        struct stat acct_st[N_ACCOUNTING_FILES];
        int *tmpfs_fds; /* the TemporaryFileSystem mounts, until step_temporary_fs_seal */
        size_t n_tmpfs;
        bool dry_run; /* mounts_dry_run(): create nothing outside the plan's own tmpfs mounts */
} mount_ctx;

/* mounts-kernel.c */
int step_sys(mount_ctx *c, ns_error *err);
int step_private_devices(mount_ctx *c, ns_error *err);
int step_protect_kernel(mount_ctx *c, ns_error *err);
int step_mqueue(mount_ctx *c, ns_error *err);

/* mounts-paths.c */
int step_protect_system(mount_ctx *c, ns_error *err);
int step_protect_home(mount_ctx *c, ns_error *err);
int step_read_only(mount_ctx *c, ns_error *err);
int step_read_write(mount_ctx *c, ns_error *err);
int step_inaccessible(mount_ctx *c, ns_error *err);
int step_exec_paths(mount_ctx *c, ns_error *err);

/* mounts-tmpfs.c */
int step_private_run(mount_ctx *c, ns_error *err);
int step_temporary_fs(mount_ctx *c, ns_error *err);
int step_temporary_fs_seal(mount_ctx *c, ns_error *err);
int step_private_tmp(mount_ctx *c, ns_error *err);
int step_protect_user_manager(mount_ctx *c, ns_error *err);

/* mounts-bind.c */
int step_binds(mount_ctx *c, ns_error *err);

/* mounts-hosts.c */
int step_hosts(mount_ctx *c, ns_error *err);
