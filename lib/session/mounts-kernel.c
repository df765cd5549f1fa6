/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The session's kernel file systems (mounts-internal.h): its own /sys,
 * PrivateDevices' /dev, the mount side of ProtectKernelTunables,
 * ProtectKernelModules, ProtectKernelLogs and ProtectControlGroups, the
 * /dev/mqueue of its ipc namespace, and its /proc (mounts_apply_proc()). */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "session/mounts-internal.h"
#include "session/mounts-util.h"
#include "session/mounts.h"

#define CGROUP_DIR "/sys/fs/cgroup"
#define SYS_STEP "the session's /sys"
#define DEV_STEP "PrivateDevices"
#define PROC_STEP "the session's /proc"
#define ATTR_PROC (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

/* A fresh fstype, read-only, on path. */
static int kernel_fs_at(const char *fstype, const char *path, ns_error *err) {
        return fs_at(fstype, SYS_STEP, path, false, NULL, ATTR_HIDE, err);
}

/* With a net namespace, a sysfs of the session's own: sysfs shows the
 * network devices of the namespace that mounted it, so the host's lists the
 * host's. Mounts below the host's /sys (securityfs, debugfs, tracefs, bpf,
 * ...) stay behind, except /sys/fs/cgroup, which is put back as the host
 * has it. With a cgroup namespace, a cgroup2 mount made from inside it,
 * rooted at the session's cgroup: the caller's at unshare(). */
int step_sys(mount_ctx *c, ns_error *err) {
        bool net = c->p->namespaces & NS_NET, cgroup = c->p->namespaces & NS_CGROUP;
        _cleanup_close_ int host_cgroup = -EBADF;
        int r = 0;

        if (net && !cgroup) {
                host_cgroup = source_clone(SYS_STEP, CGROUP_DIR, false, true, err);
                if (host_cgroup < 0)
                        return host_cgroup;
        }
        if (net)
                r = kernel_fs_at("sysfs", "/sys", err);
        if (r >= 0 && host_cgroup >= 0)
                r = tree_attach_at(SYS_STEP, CGROUP_DIR, host_cgroup, err);
        if (r >= 0 && cgroup)
                r = kernel_fs_at("cgroup2", CGROUP_DIR, err);
        return r;
}

/* What PrivateDevices keeps of the host's /dev, as the host has it, where
 * present and of these types only: character devices without a hardware
 * behind them, the pty master and its devpts, the shared memory, queue and
 * huge page directories, the syslog socket, and symbolic links among them.
 * Block devices, /dev/kmsg, /dev/mem, consoles, disks... stay out. */
static const char *const dev_keep[] = {"null", "zero", "full", "random", "urandom", "tty", "ptmx", "pts",
        "shm", "mqueue", "hugepages", "log"};

/* The links every /dev has (systemd's dev_setup() makes the same). */
static const char *const dev_links[][2] = {
        {"fd", "/proc/self/fd"},
        {"stdin", "/proc/self/fd/0"},
        {"stdout", "/proc/self/fd/1"},
        {"stderr", "/proc/self/fd/2"},
};

typedef struct dev_entry {
        char name[32]; /* below /dev; "" for none */
        int tree; /* a copy of the host's node, or -EBADF */
        bool dir;
        bool node; /* a character device: made anew with st's number, owner and mode */
        struct stat st;
        char link[128]; /* the target, when the host has a symbolic link */
} dev_entry;

/* The entry e names as the host has it, before /dev is covered. */
static int dev_capture(dev_entry *e, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        char path[64];
        ssize_t n;

        snprintf(path, sizeof(path), "/dev/%.32s", e->name);
        if (fstatat(AT_FDCWD, path, &e->st, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT
                        ? 0
                        : ns_error_set_errno(err, negative_errno(), "%s: stat \"%s\"", DEV_STEP, path);
        if (S_ISLNK(e->st.st_mode)) {
                n = readlinkat(AT_FDCWD, path, e->link, sizeof(e->link));
                if (n < 0 || (size_t) n >= sizeof(e->link))
                        return ns_error_set_errno(err, n < 0 ? negative_errno() : -ENAMETOOLONG,
                                "%s: read the link \"%s\"", DEV_STEP, path);
                e->link[n] = '\0';
                return 0;
        }
        if (!S_ISCHR(e->st.st_mode) && !S_ISDIR(e->st.st_mode) && !S_ISSOCK(e->st.st_mode))
                return 0;
        fd = path_open(DEV_STEP, path, false, err);
        if (fd < 0)
                return fd;
        e->dir = S_ISDIR(e->st.st_mode);
        e->node = S_ISCHR(e->st.st_mode);
        e->tree = tree_clone(DEV_STEP, path, fd, 0, 0, err);
        return e->tree < 0 ? e->tree : 0;
}

/* A character device node as the host's, in dev: 1 made, 0 when this process
 * may not make nodes (the caller binds the host's instead), or -errno. A
 * bind of the host's /dev/ptmx would not do: the kernel finds the pty
 * instance through the "pts" beside the node, which a bind of a single file
 * does not have. */
static int dev_mknod(int dev, const char *name, const struct stat *st, ns_error *err) {
        if (mknodat(dev, name, S_IFCHR | 0600, st->st_rdev) < 0)
                return errno == EPERM
                        ? 0
                        : ns_error_set_errno(err, negative_errno(), "%s: mknod \"/dev/%s\"", DEV_STEP, name);
        if (fchownat(dev, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0 ||
                fchmodat(dev, name, st->st_mode & 07777, 0) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: chown/chmod \"/dev/%s\"", DEV_STEP, name);
        return 1;
}

static int dev_symlink(int dev, const char *target, const char *name, ns_error *err) {
        if (symlinkat(target, dev, name) < 0 && errno != EEXIST)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: create the link \"/dev/%s\"", DEV_STEP, name);
        return 0;
}

/* Fill the new /dev (dev, root's own tmpfs) with the captured entries. */
static int dev_populate(int dev, const dev_entry *entries, size_t n, ns_error *err) {
        for (size_t i = 0; i < n; i++) {
                const dev_entry *e = &entries[i];
                _cleanup_close_ int target = -EBADF;
                int r;
                if (e->link[0]) {
                        r = dev_symlink(dev, e->link, e->name, err);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (e->tree < 0)
                        continue;
                r = e->node ? dev_mknod(dev, e->name, &e->st, err) : 0;
                if (r < 0)
                        return r;
                /* no CAP_MKNOD: a bind, but the pty master must sit beside its pts */
                if (r == 0 && strcmp(e->name, "ptmx") == 0)
                        r = dev_symlink(dev, "pts/ptmx", e->name, err);
                if (r != 0) {
                        if (r < 0)
                                return r;
                        continue;
                }
                target = mountpoint_make(DEV_STEP, dev, e->name, e->dir, err);
                if (target < 0)
                        return target;
                r = tree_attach(DEV_STEP, e->name, e->tree, target, err);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(dev_links); i++) {
                int r = dev_symlink(dev, dev_links[i][1], dev_links[i][0], err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The terminal the PAM application works on, when it is a node directly
 * below /dev (a console, /dev/ttyN, a serial line): login(1) opens it again
 * by name after the session is open. Its name into name, or "". */
static void dev_caller_terminal(char *name, size_t size) {
        char path[64];

        name[0] = '\0';
        for (int fd = 0; fd <= 2; fd++) {
                const char *base;
                if (ttyname_r(fd, path, sizeof(path)) != 0 || strncmp(path, "/dev/", 5) != 0)
                        continue;
                base = path + 5;
                if (strchr(base, '/') || strlen(base) >= size)
                        continue;
                snprintf(name, size, "%s", base);
                return;
        }
}

int step_private_devices(mount_ctx *c, ns_error *err) {
        enum { N = ELEMENTSOF(dev_keep) + 1 };
        dev_entry entries[N];
        _cleanup_close_ int dev = -EBADF;
        int r = 0;

        if (!c->p->private_devices)
                return 0;
        for (size_t i = 0; i < N; i++) {
                entries[i] = (dev_entry){.tree = -EBADF};
                if (i < ELEMENTSOF(dev_keep))
                        snprintf(entries[i].name, sizeof(entries[i].name), "%s", dev_keep[i]);
        }
        dev_caller_terminal(entries[N - 1].name, sizeof(entries[N - 1].name));
        for (size_t i = 0; i < N - 1 && entries[N - 1].name[0]; i++)
                if (strcmp(entries[i].name, entries[N - 1].name) == 0)
                        entries[N - 1].name[0] = '\0';
        for (size_t i = 0; i < N && r >= 0; i++)
                if (entries[i].name[0])
                        r = dev_capture(&entries[i], err);
        /* bound, not made anew: login(1) changes its owner and mode after the
         * session is open, on the host's node */
        entries[N - 1].node = false;
        if (r >= 0)
                r = tmpfs_at(DEV_STEP, "/dev", false, "mode=0755,size=4m,nr_inodes=4096",
                        MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, err);
        if (r >= 0)
                r = dev = path_open(DEV_STEP, "/dev", false, err);
        if (r >= 0)
                r = dev_populate(dev, entries, N, err);
        for (size_t i = 0; i < N; i++)
                safe_close(entries[i].tree);
        return r;
}

/* Hide path unless it is missing or reached through a symbolic link (/lib on
 * a merged-/usr system: its target is hidden under its own name). */
static int hide_if_real(const mount_ctx *c, const char *step, const char *path, ns_error *err) {
        _cleanup_close_ int fd = fd_open_path(AT_FDCWD, path, 0);

        if (fd == -ENOENT || fd == -ELOOP)
                return 0;
        return path_hide(c->hidden_fd, step, path, true, err);
}

/* ProtectKernelTunables' /sys: read-only, but /sys/fs/cgroup, which keeps
 * the state it had (ProtectControlGroups decides). */
static int sys_read_only(ns_error *err) {
        const char *step = "ProtectKernelTunables";
        _cleanup_close_ int cgroup = -EBADF, fd = -EBADF;
        int r;

        fd = path_open(step, CGROUP_DIR, true, err);
        if (fd >= 0) {
                cgroup = tree_clone(step, CGROUP_DIR, fd, 0, 0, err);
                if (cgroup < 0)
                        return cgroup;
        } else if (fd != -EBADF)
                return fd;
        r = bind_self(step, "/sys", false, MOUNT_ATTR_RDONLY, 0, err);
        if (r < 0 || cgroup < 0)
                return r;
        return tree_attach_at(step, CGROUP_DIR, cgroup, err);
}

/* The mount side of ProtectKernelTunables (/sys; /proc in
 * mounts_apply_proc()), ProtectKernelModules, ProtectKernelLogs (/dev/kmsg;
 * /proc/kmsg in mounts_apply_proc()) and ProtectControlGroups. */
int step_protect_kernel(mount_ctx *c, ns_error *err) {
        int r = 0;

        if (c->p->protect_kernel_tunables)
                r = sys_read_only(err);
        if (r >= 0 && c->p->protect_kernel_modules)
                r = hide_if_real(c, "ProtectKernelModules", "/usr/lib/modules", err);
        if (r >= 0 && c->p->protect_kernel_modules)
                r = hide_if_real(c, "ProtectKernelModules", "/lib/modules", err);
        if (r >= 0 && c->p->protect_kernel_logs)
                r = path_hide(c->hidden_fd, "ProtectKernelLogs", "/dev/kmsg", true, err);
        if (r >= 0 && c->p->protect_control_groups)
                r = bind_self("ProtectControlGroups", CGROUP_DIR, true, MOUNT_ATTR_RDONLY, 0, err);
        return r;
}

/* With an IPC namespace, its own POSIX message queue file system on
 * /dev/mqueue (the host's shows, and creates queues in, the host's
 * namespace). fsopen() takes the caller's IPC namespace, the session's. */
int step_mqueue(mount_ctx *c, ns_error *err) {
        if (!(c->p->namespaces & NS_IPC))
                return 0;
        return fs_at("mqueue", "the session's /dev/mqueue", "/dev/mqueue", true, NULL,
                MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err);
}

int mounts_proc_options(const policy *p, char *buf, size_t size) {
        static const char *const hidepid[] = {
                [PROTECT_PROC_NOACCESS] = "noaccess",
                [PROTECT_PROC_INVISIBLE] = "invisible",
                [PROTECT_PROC_PTRACEABLE] = "ptraceable",
        };
        int n = 0;

        assert(p);
        assert(buf);

        buf[0] = '\0';
        if (p->protect_proc != PROTECT_PROC_DEFAULT)
                n = snprintf(buf, size, "hidepid=%s", hidepid[p->protect_proc]);
        if (p->proc_subset == PROC_SUBSET_PID)
                n += snprintf(buf + n, size - n, "%ssubset=pid", n > 0 ? "," : "");
        return n;
}

/* What ProtectKernelTunables makes read-only and hides of /proc (systemd
 * 252's list), and what ProtectKernelLogs hides. */
static const char *const proc_read_only[] = {"/proc/acpi", "/proc/apm", "/proc/asound", "/proc/bus",
        "/proc/fs", "/proc/irq", "/proc/latency_stats", "/proc/mtrr", "/proc/scsi", "/proc/sys",
        "/proc/sysrq-trigger", "/proc/timer_stats"};
static const char *const proc_hidden[] = {"/proc/kallsyms", "/proc/kcore"};

int mounts_apply_proc(const policy *p, int run_fd, ns_error *err) {
        _cleanup_close_ int hidden_fd = -EBADF;
        char options[64];
        int r = 0;

        assert(p);

        if (!(p->namespaces & NS_PID) && mounts_proc_options(p, options, sizeof(options)) > 0)
                r = fs_at("proc", PROC_STEP, "/proc", false, options, ATTR_PROC, err);
        if (r < 0 || (!p->protect_kernel_tunables && !p->protect_kernel_logs))
                return r;
        hidden_fd = inaccessible_node(run_fd, err);
        if (hidden_fd < 0)
                return hidden_fd;
        for (size_t i = 0; p->protect_kernel_tunables && r >= 0 && i < ELEMENTSOF(proc_read_only); i++)
                r = bind_self("ProtectKernelTunables", proc_read_only[i], true, MOUNT_ATTR_RDONLY, 0, err);
        for (size_t i = 0; p->protect_kernel_tunables && r >= 0 && i < ELEMENTSOF(proc_hidden); i++)
                r = path_hide(hidden_fd, "ProtectKernelTunables", proc_hidden[i], true, err);
        if (r >= 0 && p->protect_kernel_logs)
                r = path_hide(hidden_fd, "ProtectKernelLogs", "/proc/kmsg", true, err);
        return r;
}
