/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session's file system view, built in the session's fresh mount
 * namespace (the caller has unshared CLONE_NEWNS). Order, each step on top of
 * the previous ones (nsshell(1), "The isolation engine", step 3):
 *
 *   0. open every bind source, ReadWritePaths entry and login accounting
 *      file (in the host's view)
 *   1. the whole tree becomes a recursive slave: host mounts still propagate
 *      in, nothing done here propagates out; every read-only tree made below
 *      is also private, so no later host mount arrives there writable
 *   1b. with a uts namespace and Hostname: /etc/hosts, read-only, the
 *      host's file plus "127.0.1.1 HOSTNAME" (mounts-hosts.c); first, so
 *      that every later step (ProtectSystem, InaccessiblePaths, binds)
 *      applies to it as to the host's file
 *   2. /sys: a new sysfs with a net namespace, a new cgroup2 on
 *      /sys/fs/cgroup with a cgroup namespace (both read-only)
 *   2b. PrivateDevices: a tmpfs on /dev with a fixed list bound back
 *   3. ProtectSystem   4. ProtectHome
 *   4b. ProtectKernelTunables (/sys), ProtectKernelModules,
 *      ProtectKernelLogs (/dev/kmsg), ProtectControlGroups
 *   5. ReadOnlyPaths
 *   6. ReadWritePaths (their host state, captured in step 0, put back)
 *   7. InaccessiblePaths
 *   8. PrivateRun: a tmpfs on /run, a fixed list bound back from the view
 *   9. TemporaryFileSystem (writable for now)
 *   10. BindPaths / BindReadOnlyPaths, a missing destination created (as
 *       systemd: a directory or an empty file, like the source)
 *   11. the read-only TemporaryFileSystem mounts made read-only
 *   12. PrivateTmp (/tmp, /var/tmp, /dev/shm, /run/lock)
 *   13. ProtectUserManager   14. with an ipc namespace, its mqueue on /dev/mqueue
 *   15. NoExecPaths, then ExecPaths (after every other mount, as systemd)
 *   16. the login accounting files, where left read-only, put back writable
 *
 * Every path is opened with openat2(RESOLVE_NO_SYMLINKS) and mounted through
 * the fd (open_tree/move_mount), so no symlink or rename takes a mount
 * elsewhere. A path the policy names that does not exist is an error unless
 * written "-PATH" (ReadOnlyPaths, ReadWritePaths, InaccessiblePaths,
 * NoExecPaths, ExecPaths, a Bind*Paths source): then it is skipped; the
 * fixed lists of ProtectSystem/ProtectHome/PrivateTmp skip what is missing.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "basic/error.h"
#include "policy/policy.h"
#include "policy/user.h"

/* true if the policy asks for anything that needs a mount namespace. */
bool mounts_needed(const policy *p);

/* run_fd: nsshell's root-owned runtime directory, where the 0000 node that
 * hides inaccessible files lives. */
int mounts_apply(const policy *p, const user_context *u, int run_fd, ns_error *err);

/* mounts_apply() for nsshell --check --user: the same plan, in a throwaway
 * mount namespace the caller has unshared, but creating no bind destination
 * outside the plan's own TemporaryFileSystem mounts (a missing one there is
 * taken as creatable, and that bind skipped). The first problem is in err. */
int mounts_dry_run(const policy *p, const user_context *u, int run_fd, ns_error *err);

/* The options of the session's procfs (ProtectProc, ProcSubset), such as
 * "hidepid=invisible,subset=pid", into buf; returns their length, 0 for
 * none. */
int mounts_proc_options(const policy *p, char *buf, size_t size);

/* After /proc is the session's (mounted by the session init with a pid
 * namespace): without a pid namespace, a procfs of the session's own on
 * /proc when mounts_proc_options() gives options; then what
 * ProtectKernelTunables makes read-only or hides below /proc and
 * ProtectKernelLogs' /proc/kmsg. Missing entries are skipped (ProcSubset
 * pid has none of them). */
int mounts_apply_proc(const policy *p, int run_fd, ns_error *err);
