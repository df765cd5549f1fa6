/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "policy/mount-options.h"
#include "session/mounts.h"
#include "basic/strv.h"
#include "session/session-record.h"

#define INACCESSIBLE_FILE "inaccessible"
#define INACCESSIBLE_PATH NSSHELL_RUN_DIR "/" INACCESSIBLE_FILE
#define CGROUP_DIR "/sys/fs/cgroup"
#define SYS_STEP "the session's /sys"
#define ATTR_HIDE (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)
#define RUN_STEP "PrivateRun"
#define ACCOUNTING_STEP "the login accounting files"
#define DEV_STEP "PrivateDevices"
#define PROC_STEP "the session's /proc"
#define ATTR_PROC (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

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

/* Login accounting the PAM application (sshd's monitor, login) writes from
 * inside the session's mount namespace: kept writable where the view made
 * them read-only (their modes keep users out). */
static const char *const accounting_files[] = {
        "/run/utmp", "/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog"};

typedef struct mount_ctx {
        const policy *p;
        const user_context *u;
        int run_fd;
        int *bind_fds; /* detached copies of the p->n_binds sources, taken before any mount */
        int *rw_fds; /* clones of ReadWritePaths as the host has them */
        int hidden_fd; /* the 0000 file bound over inaccessible files */
        size_t n_rw;
        int acct_fds[ELEMENTSOF(accounting_files)]; /* clones of the accounting files as the host has them */
        struct stat acct_st[ELEMENTSOF(accounting_files)];
        int *tmpfs_fds; /* the TemporaryFileSystem mounts, until step_temporary_fs_seal */
        size_t n_tmpfs;
        bool dry_run; /* mounts_dry_run(): create nothing outside the plan's own tmpfs mounts */
} mount_ctx;

bool mounts_needed(const policy *p) {
        assert(p);

        return p->private_tmp || p->protect_system != PROTECT_SYSTEM_NO ||
                p->protect_home != PROTECT_HOME_NO || strv_length(p->read_only_paths) > 0 ||
                strv_length(p->read_write_paths) > 0 || strv_length(p->inaccessible_paths) > 0 ||
                p->n_binds > 0 || strv_length(p->temporary_filesystems) > 0 || p->private_run ||
                strv_length(p->no_exec_paths) > 0 || strv_length(p->exec_paths) > 0 ||
                p->private_devices || p->protect_kernel_tunables || p->protect_kernel_modules ||
                p->protect_kernel_logs || p->protect_control_groups ||
                p->protect_proc != PROTECT_PROC_DEFAULT || p->proc_subset != PROC_SUBSET_ALL;
}

/* Open a policy path. With optional, a missing path yields -EBADF (skip). */
static int path_open(const char *step, const char *path, bool optional, ns_error *err) {
        int fd = fd_open_path(AT_FDCWD, path, 0);

        if (fd == -ENOENT && optional)
                return -EBADF;
        if (fd == -ELOOP)
                return ns_error_set(
                        err, fd, "%s: \"%s\" has a symbolic link in it (name the real path)", step, path);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "%s: open \"%s\"", step, path);
        return fd;
}

/* A detached recursive copy of the mount tree at src_fd, with attributes. A
 * read-only copy is also made private: a mount the host makes later below it
 * would arrive writable (mount flags are per mount), so none arrives. */
static int tree_clone_full(const char *step, const char *path, int src_fd, bool recursive, uint64_t set,
        uint64_t clr, ns_error *err) {
        _cleanup_close_ int tree = -EBADF;
        struct mount_attr attr = {
                .attr_set = set,
                .attr_clr = clr,
                .propagation = (set & (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOEXEC)) ? MS_PRIVATE : 0,
        };

        tree = open_tree(src_fd, "",
                OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0));
        if (tree < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: open_tree \"%s\"", step, path);
        if ((set || clr) && mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: mount_setattr \"%s\"", step, path);
        return TAKE_FD(tree);
}

static int tree_clone(
        const char *step, const char *path, int src_fd, uint64_t set, uint64_t clr, ns_error *err) {
        return tree_clone_full(step, path, src_fd, true, set, clr, err);
}

static int tree_attach(const char *step, const char *path, int tree, int target_fd, ns_error *err) {
        if (move_mount(tree, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: move_mount onto \"%s\"", step, path);
        return 0;
}

/* Stack a copy of src (with attributes) on target. */
static int bind_fd(const char *step, const char *path, int src_fd, int target_fd, uint64_t set, uint64_t clr,
        ns_error *err) {
        _cleanup_close_ int tree = tree_clone(step, path, src_fd, set, clr, err);

        if (tree < 0)
                return tree;
        return tree_attach(step, path, tree, target_fd, err);
}

static int bind_self(const char *step, const char *path, bool optional, uint64_t set, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);

        if (fd == -EBADF)
                return 0;
        if (fd < 0)
                return fd;
        return bind_fd(step, path, fd, fd, set, 0, err);
}

/* A detached copy of the mount tree at path (only its own mount without
 * recursive), as it is now; -EBADF if optional and missing. */
static int source_clone(const char *step, const char *path, bool optional, bool recursive, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);

        if (fd < 0)
                return fd;
        return tree_clone_full(step, path, fd, recursive, 0, 0, err);
}

/* options: "key=value,flag,ro" (TemporaryFileSystem syntax); "ro" becomes a
 * mount attribute, the rest go to the tmpfs as they are. */
static int tmpfs_configure(int fs, const char *step, const char *options, uint64_t *attr, ns_error *err) {
        _cleanup_free_ char *copy = strdup(options ? options : "");
        char *save = NULL;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s", step);
        for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
                char *eq = strchr(o, '=');
                int r;
                if (strcmp(o, "ro") == 0) {
                        *attr |= MOUNT_ATTR_RDONLY;
                        continue;
                }
                if (eq)
                        *eq = '\0';
                r = eq ? fsconfig(fs, FSCONFIG_SET_STRING, o, eq + 1, 0)
                       : fsconfig(fs, FSCONFIG_SET_FLAG, o, NULL, 0);
                if (r < 0)
                        return ns_error_set_errno(err, negative_errno(), "%s: tmpfs option \"%s\"", step, o);
        }
        return 0;
}

/* A new detached instance of fstype (options: tmpfs only) with attr. */
static int fs_make(const char *fstype, const char *step, const char *path, const char *options,
        uint64_t attr, ns_error *err) {
        _cleanup_close_ int fs = -EBADF, mnt = -EBADF;
        int r;

        fs = fsopen(fstype, FSOPEN_CLOEXEC);
        if (fs < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: fsopen(\"%s\")", step, fstype);
        r = options ? tmpfs_configure(fs, step, options, &attr, err) : 0;
        if (r < 0)
                return r;
        if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: create %s for \"%s\"", step, fstype, path);
        mnt = fsmount(fs, FSMOUNT_CLOEXEC, (unsigned) attr);
        if (mnt < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: fsmount %s for \"%s\"", step, fstype, path);
        return TAKE_FD(mnt);
}

/* A new instance of fstype (options: tmpfs only) with attr, on target_fd. */
static int fs_on(const char *fstype, const char *step, const char *path, int target_fd, const char *options,
        uint64_t attr, ns_error *err) {
        _cleanup_close_ int mnt = fs_make(fstype, step, path, options, attr, err);

        if (mnt < 0)
                return mnt;
        return tree_attach(step, path, mnt, target_fd, err);
}

static int tmpfs_on(const char *step, const char *path, int target_fd, const char *options, uint64_t attr,
        ns_error *err) {
        return fs_on("tmpfs", step, path, target_fd, options ? options : "", attr, err);
}

/* "size=..." for the tmpfs mounts TmpfsSize bounds. */
static void tmpfs_size_option(const policy *p, char *buf, size_t size) {
        snprintf(buf, size, "size=%" PRIu64 "%s", p->tmpfs_size.value, p->tmpfs_size.percent ? "%" : "");
}

static int tmpfs_at(const char *step, const char *path, bool optional, const char *options, uint64_t attr,
        ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);

        if (fd == -EBADF)
                return 0;
        if (fd < 0)
                return fd;
        return tmpfs_on(step, path, fd, options, attr, err);
}

/* Created through run_fd (the host's mount) but opened by path in the
 * session's namespace: open_tree() only clones mounts of the caller's own
 * namespace. Done before any mount, while /run is as the host has it. */
static int inaccessible_node(int run_fd, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r;

        fd = fd_open_nofollow(run_fd, INACCESSIBLE_FILE, O_RDONLY | O_CREAT, 0000);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "create \"%s\"", INACCESSIBLE_PATH);
        if (fchmod(fd, 0000) < 0)
                return ns_error_set_errno(err, negative_errno(), "chmod \"%s\"", INACCESSIBLE_PATH);
        r = fd_open_path(AT_FDCWD, INACCESSIBLE_PATH, 0);
        if (r < 0)
                return ns_error_set_errno(err, r, "open \"%s\"", INACCESSIBLE_PATH);
        return r;
}

/* path_open() of an optional path, and whether it is a directory: 1 with
 * *ret_fd and *ret_dir set, 0 when it is missing, or -errno with err set. */
static int path_open_typed(
        const char *step, const char *path, bool optional, int *ret_fd, bool *ret_dir, ns_error *err) {
        _cleanup_close_ int fd = path_open(step, path, optional, err);
        int r;

        if (fd == -EBADF)
                return 0;
        if (fd < 0)
                return fd;
        r = fd_is_dir(fd);
        if (r < 0)
                return ns_error_set_errno(err, r, "%s: stat \"%s\"", step, path);
        *ret_dir = r > 0;
        *ret_fd = TAKE_FD(fd);
        return 1;
}

/* Directories get an empty read-only 0000 tmpfs, anything else a read-only
 * bind of a 0000 empty file. */
static int hide(const mount_ctx *c, const char *step, const char *path, bool optional, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        bool dir;
        int r = path_open_typed(step, path, optional, &fd, &dir, err);

        if (r <= 0)
                return r;
        if (dir)
                return tmpfs_on(step, path, fd, "mode=000,size=4k,nr_inodes=1", ATTR_HIDE, err);
        return bind_fd(step, path, c->hidden_fd, fd, ATTR_HIDE, 0, err);
}

static int step_rslave(mount_ctx *c, ns_error *err) {
        if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "make the mount tree a recursive slave of the host");
        return 0;
}

/* A fresh fstype, read-only, on path. */
static int kernel_fs_at(const char *fstype, const char *path, ns_error *err) {
        _cleanup_close_ int fd = path_open(SYS_STEP, path, false, err);

        if (fd < 0)
                return fd;
        return fs_on(fstype, SYS_STEP, path, fd, NULL, ATTR_HIDE, err);
}

/* With a net namespace, a sysfs of the session's own: sysfs shows the
 * network devices of the namespace that mounted it, so the host's lists the
 * host's. Mounts below the host's /sys (securityfs, debugfs, tracefs, bpf,
 * ...) stay behind, except /sys/fs/cgroup, which is put back as the host
 * has it. With a cgroup namespace, a cgroup2 mount made from inside it,
 * rooted at the session's cgroup: the caller's at unshare(). */
static int step_sys(mount_ctx *c, ns_error *err) {
        bool net = c->p->namespaces & NS_NET, cgroup = c->p->namespaces & NS_CGROUP;
        _cleanup_close_ int host_cgroup = -EBADF, fd = -EBADF;
        int r = 0;

        if (net && !cgroup) {
                host_cgroup = source_clone(SYS_STEP, CGROUP_DIR, false, true, err);
                if (host_cgroup < 0)
                        return host_cgroup;
        }
        if (net)
                r = kernel_fs_at("sysfs", "/sys", err);
        if (r >= 0 && host_cgroup >= 0) {
                fd = path_open(SYS_STEP, CGROUP_DIR, false, err);
                r = fd < 0 ? fd : tree_attach(SYS_STEP, CGROUP_DIR, host_cgroup, fd, err);
        }
        if (r >= 0 && cgroup)
                r = kernel_fs_at("cgroup2", CGROUP_DIR, err);
        return r;
}

/* The whole tree read-only but /dev, /proc and /sys, which keep the state
 * they had (copies taken first and put back). */
static int protect_system_strict(ns_error *err) {
        static const char *const keep[] = {"/dev", "/proc", "/sys"};
        struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY, .propagation = MS_PRIVATE};
        int trees[ELEMENTSOF(keep)] = {-EBADF, -EBADF, -EBADF};
        int r = 0;

        for (size_t i = 0; i < ELEMENTSOF(keep) && r >= 0; i++) {
                _cleanup_close_ int fd = path_open("ProtectSystem=strict", keep[i], false, err);
                r = fd < 0 ? fd : (trees[i] = tree_clone("ProtectSystem=strict", keep[i], fd, 0, 0, err));
        }
        if (r >= 0 && mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) < 0)
                r = ns_error_set_errno(
                        err, negative_errno(), "ProtectSystem=strict: mount_setattr \"/\" read-only");
        for (size_t i = 0; i < ELEMENTSOF(keep) && r >= 0; i++) {
                _cleanup_close_ int fd = path_open("ProtectSystem=strict", keep[i], false, err);
                r = fd < 0 ? fd : tree_attach("ProtectSystem=strict", keep[i], trees[i], fd, err);
        }
        for (size_t i = 0; i < ELEMENTSOF(keep); i++)
                safe_close(trees[i]);
        return r;
}

static int step_protect_system(mount_ctx *c, ns_error *err) {
        static const char *const yes[] = {"/usr", "/boot", "/efi"};
        const char *step = "ProtectSystem";
        int r;

        if (c->p->protect_system == PROTECT_SYSTEM_NO)
                return 0;
        if (c->p->protect_system == PROTECT_SYSTEM_STRICT)
                return protect_system_strict(err);
        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                r = bind_self(step, yes[i], true, MOUNT_ATTR_RDONLY, err);
                if (r < 0)
                        return r;
        }
        if (c->p->protect_system == PROTECT_SYSTEM_FULL)
                return bind_self(step, "/etc", true, MOUNT_ATTR_RDONLY, err);
        return 0;
}

/* Open (creating root-owned 0755 directories as needed) rel below dir_fd, a
 * directory only root can write to. */
static int mkdir_chain(const char *step, int dir_fd, const char *rel, ns_error *err) {
        _cleanup_free_ char *copy = strdup(rel);
        _cleanup_close_ int fd = -EBADF;
        char *save = NULL;
        int parent = dir_fd;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s: open \"%s\"", step, rel);
        for (char *part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
                int next;
                /* 0755 whatever the caller's umask; only root can write here, so
                 * nothing can replace the new directory before the chmod. */
                if (mkdirat(parent, part, 0755) >= 0 ? fchmodat(parent, part, 0755, 0) < 0 : errno != EEXIST)
                        return ns_error_set_errno(err, negative_errno(), "%s: mkdir \"%s\"", step, part);
                next = fd_open_path(parent, part, O_DIRECTORY);
                if (next < 0)
                        return ns_error_set_errno(err, next, "%s: open \"%s\"", step, part);
                safe_close(fd);
                parent = fd = next;
        }
        if (fd < 0)
                return ns_error_set(err, -EINVAL, "%s: \"%s\" names no directory", step, rel);
        return TAKE_FD(fd);
}

/* Create and open the mount point rel (a directory, or an empty file) below
 * dir_fd, a directory only root can write to, with its parents. */
static int mountpoint_make(const char *step, int dir_fd, const char *rel, bool dir, ns_error *err) {
        _cleanup_free_ char *copy = strdup(rel);
        _cleanup_close_ int parent = -EBADF, file = -EBADF;
        const char *name = copy;
        char *slash;
        int at = dir_fd, r;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s: mount point \"%s\"", step, rel);
        slash = strrchr(copy, '/');
        if (slash) {
                *slash = '\0';
                name = slash + 1;
                at = parent = mkdir_chain(step, dir_fd, copy, err);
                if (parent < 0)
                        return parent;
        }
        if (dir)
                r = mkdirat(at, name, 0755) >= 0 ? fchmodat(at, name, 0755, 0) : (errno == EEXIST ? 0 : -1);
        else {
                file = openat(at, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
                r = file < 0 ? -1 : 0;
        }
        if (r < 0)
                return ns_error_set_errno(err, negative_errno(), "%s: create \"%s\"", step, rel);
        r = fd_open_path(at, name, dir ? O_DIRECTORY : 0);
        if (r < 0)
                return ns_error_set_errno(err, r, "%s: open \"%s\"", step, rel);
        return r;
}

/* An empty tmpfs over dir, with keep (a path below dir, if any) bound back. */
static int hide_all_but(const char *dir, const char *keep, ns_error *err) {
        const char *step = "ProtectHome=others";
        _cleanup_close_ int keep_fd = -EBADF, dir_fd = -EBADF, top = -EBADF, target = -EBADF;
        size_t n = strlen(dir);
        int r;

        if (keep && strncmp(keep, dir, n) == 0 && keep[n] == '/' && keep[n + 1] != '\0') {
                keep_fd = path_open(step, keep, true, err);
                if (keep_fd < 0 && keep_fd != -EBADF)
                        return keep_fd;
        }
        dir_fd = path_open(step, dir, true, err);
        if (dir_fd == -EBADF)
                return 0;
        if (dir_fd < 0)
                return dir_fd;
        r = tmpfs_on(step, dir, dir_fd, "mode=0755",
                MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err);
        if (r < 0 || keep_fd < 0)
                return r;
        top = path_open(step, dir, false, err);
        if (top < 0)
                return top;
        target = mkdir_chain(step, top, keep + n + 1, err);
        if (target < 0)
                return target;
        return bind_fd(step, keep, keep_fd, target, 0, 0, err);
}

static int protect_home_others(const mount_ctx *c, ns_error *err) {
        char run_user[64];
        int r;

        snprintf(run_user, sizeof(run_user), "/run/user/%u", (unsigned) c->u->uid);
        r = hide_all_but("/home", c->u->home, err);
        if (r >= 0)
                r = hide_all_but("/run/user", run_user, err);
        if (r >= 0 && strcmp(c->u->home, "/root") != 0)
                r = hide(c, "ProtectHome=others", "/root", true, err);
        return r;
}

static int step_protect_home(mount_ctx *c, ns_error *err) {
        static const char *const homes[] = {"/home", "/root", "/run/user"};
        const char *step = "ProtectHome";
        int r = 0;

        if (c->p->protect_home == PROTECT_HOME_OTHERS)
                return protect_home_others(c, err);
        for (size_t i = 0; i < ELEMENTSOF(homes) && r >= 0; i++)
                switch (c->p->protect_home) {
                case PROTECT_HOME_YES:
                        r = hide(c, step, homes[i], true, err);
                        break;
                case PROTECT_HOME_READ_ONLY:
                        r = bind_self(step, homes[i], true, MOUNT_ATTR_RDONLY, err);
                        break;
                case PROTECT_HOME_TMPFS:
                        r = tmpfs_at(step, homes[i], true, "mode=0755", ATTR_HIDE, err);
                        break;
                default:
                        break;
                }
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

static int step_private_devices(mount_ctx *c, ns_error *err) {
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
        return hide(c, step, path, true, err);
}

/* ProtectKernelTunables' /sys: read-only, but /sys/fs/cgroup, which keeps
 * the state it had (ProtectControlGroups decides). */
static int sys_read_only(ns_error *err) {
        const char *step = "ProtectKernelTunables";
        _cleanup_close_ int cgroup = -EBADF, fd = -EBADF, target = -EBADF;
        int r;

        fd = path_open(step, CGROUP_DIR, true, err);
        if (fd >= 0) {
                cgroup = tree_clone(step, CGROUP_DIR, fd, 0, 0, err);
                if (cgroup < 0)
                        return cgroup;
        } else if (fd != -EBADF)
                return fd;
        r = bind_self(step, "/sys", false, MOUNT_ATTR_RDONLY, err);
        if (r < 0 || cgroup < 0)
                return r;
        target = path_open(step, CGROUP_DIR, false, err);
        if (target < 0)
                return target;
        return tree_attach(step, CGROUP_DIR, cgroup, target, err);
}

/* The mount side of ProtectKernelTunables (/sys; /proc in
 * mounts_apply_proc()), ProtectKernelModules, ProtectKernelLogs (/dev/kmsg;
 * /proc/kmsg in mounts_apply_proc()) and ProtectControlGroups. */
static int step_protect_kernel(mount_ctx *c, ns_error *err) {
        int r = 0;

        if (c->p->protect_kernel_tunables)
                r = sys_read_only(err);
        if (r >= 0 && c->p->protect_kernel_modules)
                r = hide_if_real(c, "ProtectKernelModules", "/usr/lib/modules", err);
        if (r >= 0 && c->p->protect_kernel_modules)
                r = hide_if_real(c, "ProtectKernelModules", "/lib/modules", err);
        if (r >= 0 && c->p->protect_kernel_logs)
                r = hide(c, "ProtectKernelLogs", "/dev/kmsg", true, err);
        if (r >= 0 && c->p->protect_control_groups)
                r = bind_self("ProtectControlGroups", CGROUP_DIR, true, MOUNT_ATTR_RDONLY, err);
        return r;
}

static int step_read_only(mount_ctx *c, ns_error *err) {
        for (char **i = c->p->read_only_paths; i && *i; i++) {
                bool optional;
                const char *path = mount_path_strip(*i, &optional);
                int r = bind_self("ReadOnlyPaths", path, optional, MOUNT_ATTR_RDONLY, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int step_read_write(mount_ctx *c, ns_error *err) {
        for (size_t i = 0; i < c->n_rw; i++) {
                bool optional;
                const char *path = mount_path_strip(c->p->read_write_paths[i], &optional);
                _cleanup_close_ int fd = -EBADF;
                int r;
                if (c->rw_fds[i] < 0)
                        continue; /* optional, and missing in step 0 */
                fd = path_open("ReadWritePaths", path, false, err);
                r = fd < 0 ? fd : tree_attach("ReadWritePaths", path, c->rw_fds[i], fd, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int step_inaccessible(mount_ctx *c, ns_error *err) {
        for (char **i = c->p->inaccessible_paths; i && *i; i++) {
                bool optional;
                const char *path = mount_path_strip(*i, &optional);
                int r = hide(c, "InaccessiblePaths", path, optional, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* One TemporaryFileSystem: its mount fd kept in c->tmpfs_fds, writable
 * until step_temporary_fs_seal() (binds below it need their mount points). */
static int temporary_fs_one(mount_ctx *c, const char *spec_text, const char *size, ns_error *err) {
        const char *step = "TemporaryFileSystem";
        _cleanup_(tmpfs_spec_done) tmpfs_spec spec = {};
        _cleanup_free_ char *options = NULL;
        _cleanup_close_ int fd = -EBADF, mnt = -EBADF;
        int r;

        r = tmpfs_spec_parse(spec_text, &spec, err);
        if (r < 0)
                return r;
        if (asprintf(&options, "mode=0755,%s%s%s", size, spec.options[0] ? "," : "", spec.options) < 0)
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
static int step_temporary_fs(mount_ctx *c, ns_error *err) {
        char size[64];

        tmpfs_size_option(c->p, size, sizeof(size));
        for (char **i = c->p->temporary_filesystems; i && *i; i++) {
                int r = temporary_fs_one(c, *i, size, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* After the binds made their mount points in them: the read-only
 * TemporaryFileSystem mounts become read-only (that mount only: binds keep
 * their own flags). */
static int step_temporary_fs_seal(mount_ctx *c, ns_error *err) {
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
static int step_private_run(mount_ctx *c, ns_error *err) {
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
        snprintf(options, sizeof(options), "mode=0755,");
        tmpfs_size_option(c->p, options + strlen(options), sizeof(options) - strlen(options));
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

/* Whether fd lies on one of the plan's own TemporaryFileSystem mounts
 * (where a dry run may create mount points: they vanish with it). */
static bool on_plan_tmpfs(const mount_ctx *c, int fd) {
        struct stat st, t;

        if (fstat(fd, &st) < 0)
                return false;
        for (char **i = c->p->temporary_filesystems; i && *i; i++) {
                _cleanup_(tmpfs_spec_done) tmpfs_spec spec = {};
                _cleanup_close_ int tfd = -EBADF;
                if (tmpfs_spec_parse(*i, &spec, NULL) < 0)
                        continue;
                tfd = fd_open_path(AT_FDCWD, spec.path, O_DIRECTORY);
                if (tfd >= 0 && fstat(tfd, &t) >= 0 && t.st_dev == st.st_dev)
                        return true;
        }
        return false;
}

/* Create name below parent (a directory, or an empty file), root's, mode
 * 0755 (0644). Never follows a symlink: the new entry is opened with
 * O_NOFOLLOW and changed through its fd, so a user who owns parent and swaps
 * the entry gains nothing. */
static int entry_make(
        const char *step, const char *path, int parent, const char *name, bool dir, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;

        if (!dir) {
                fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (fd < 0 && errno != EEXIST)
                        return ns_error_set_errno(
                                err, negative_errno(), "%s: \"%s\": create \"%s\"", step, path, name);
                return 0;
        }
        if (mkdirat(parent, name, 0755) < 0)
                return errno == EEXIST ? 0
                                       : ns_error_set_errno(err, negative_errno(),
                                                 "%s: \"%s\": mkdir \"%s\"", step, path, name);
        fd = fd_open_nofollow(parent, name, O_RDONLY | O_DIRECTORY, 0);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "%s: \"%s\": open \"%s\"", step, path, name);
        if (fchmod(fd, 0755) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: \"%s\": chmod \"%s\"", step, path, name);
        return 0;
}

/* Open path, creating what is missing of it (as systemd does for a bind's
 * destination): directories, and the last component a directory or an
 * empty file (dir). Symlinks anywhere refuse. In a dry run, -EBADF where it
 * would create outside the plan's own tmpfs mounts. */
static int dest_open_or_make(
        const mount_ctx *c, const char *step, const char *path, bool dir, ns_error *err) {
        _cleanup_free_ char *copy = strdup(path);
        _cleanup_close_ int parent = -EBADF;
        char *save = NULL, *part, *next;

        if (!copy)
                return ns_error_set_errno(err, -ENOMEM, "%s: \"%s\"", step, path);
        parent = fd_open_path(AT_FDCWD, "/", O_DIRECTORY);
        if (parent < 0)
                return ns_error_set_errno(err, parent, "%s: open \"/\"", step);
        for (part = strtok_r(copy, "/", &save); part; part = next) {
                bool last, is_dir;
                int fd, r;
                next = strtok_r(NULL, "/", &save);
                last = !next;
                is_dir = !last || dir;
                fd = fd_open_path(parent, part, 0);
                if (fd == -ENOENT) {
                        if (c->dry_run && !on_plan_tmpfs(c, parent))
                                return -EBADF;
                        r = entry_make(step, path, parent, part, is_dir, err);
                        if (r < 0)
                                return r;
                        fd = fd_open_path(parent, part, 0);
                }
                if (fd == -ELOOP)
                        return ns_error_set(err, fd,
                                "%s: \"%s\" has a symbolic link in it (name the real path)", step, path);
                if (fd < 0)
                        return ns_error_set_errno(err, fd, "%s: open \"%s\"", step, path);
                r = fd_is_dir(fd);
                if (r >= 0 && !is_dir != !r)
                        r = r ? -EISDIR : -ENOTDIR;
                if (r < 0) {
                        safe_close(fd);
                        return ns_error_set_errno(err, r, "%s: \"%s\": expected %s at \"%s\"", step, path,
                                is_dir ? "a directory" : "a file (the source is one)", part);
                }
                safe_close(parent);
                parent = fd;
        }
        return TAKE_FD(parent);
}

static int bind_one(mount_ctx *c, size_t i, ns_error *err) {
        struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY, .propagation = MS_PRIVATE};
        const policy_bind *b = &c->p->binds[i];
        const char *step = b->read_only ? "BindReadOnlyPaths" : "BindPaths";
        _cleanup_close_ int fd = -EBADF;
        int dir;

        if (c->bind_fds[i] < 0)
                return 0; /* "-SOURCE", missing in step 0 */
        dir = fd_is_dir(c->bind_fds[i]);
        if (dir < 0)
                return ns_error_set_errno(err, dir, "%s: stat \"%s\"", step, b->source);
        fd = dest_open_or_make(c, step, b->dest, dir, err);
        if (fd == -EBADF)
                return 0; /* dry run */
        if (fd < 0)
                return fd;
        if (b->read_only &&
                mount_setattr(c->bind_fds[i], "", AT_EMPTY_PATH | AT_RECURSIVE, &ro, sizeof(ro)) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: mount_setattr \"%s\" read-only", step, b->source);
        return tree_attach(step, b->dest, c->bind_fds[i], fd, err);
}

/* A missing destination is created (inside a TemporaryFileSystem too). */
static int step_binds(mount_ctx *c, ns_error *err) {
        for (size_t i = 0; i < c->p->n_binds; i++) {
                int r = bind_one(c, i, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* NoExecPaths, then ExecPaths (exec again below a NoExecPaths), with what
 * is mounted below each: after every other mount, as systemd applies them. */
static int step_exec_paths(mount_ctx *c, ns_error *err) {
        for (char **i = c->p->no_exec_paths; i && *i; i++) {
                bool optional;
                const char *path = mount_path_strip(*i, &optional);
                int r = bind_self("NoExecPaths", path, optional, MOUNT_ATTR_NOEXEC, err);
                if (r < 0)
                        return r;
        }
        for (char **i = c->p->exec_paths; i && *i; i++) {
                bool optional;
                const char *path = mount_path_strip(*i, &optional);
                _cleanup_close_ int fd = path_open("ExecPaths", path, optional, err);
                int r;
                if (fd == -EBADF)
                        continue;
                r = fd < 0 ? fd : bind_fd("ExecPaths", path, fd, fd, 0, MOUNT_ATTR_NOEXEC, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The world-writable directories, each a tmpfs of the session's own: a
 * shared one lets tenants fill it for everyone and pass files between them. */
static int step_private_tmp(mount_ctx *c, ns_error *err) {
        static const char *const dirs[] = {"/tmp", "/var/tmp", "/dev/shm", "/run/lock"};
        char options[80];

        snprintf(options, sizeof(options), "mode=1777,");
        tmpfs_size_option(c->p, options + strlen(options), sizeof(options) - strlen(options));
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
static int step_protect_user_manager(mount_ctx *c, ns_error *err) {
        char path[64], options[128];

        if (!c->p->protect_user_manager)
                return 0;
        snprintf(path, sizeof(path), "/run/user/%u", (unsigned) c->u->uid);
        snprintf(options, sizeof(options), "mode=0700,uid=%u,gid=%u,size=10%%", (unsigned) c->u->uid,
                (unsigned) c->u->gid);
        return tmpfs_at(
                "ProtectUserManager", path, true, options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err);
}

/* With an IPC namespace, its own POSIX message queue file system on
 * /dev/mqueue (the host's shows, and creates queues in, the host's
 * namespace). fsopen() takes the caller's IPC namespace, the session's. */
static int step_mqueue(mount_ctx *c, ns_error *err) {
        const char *step = "the session's /dev/mqueue";
        _cleanup_close_ int fd = -EBADF;

        if (!(c->p->namespaces & NS_IPC))
                return 0;
        fd = path_open(step, "/dev/mqueue", true, err);
        if (fd == -EBADF)
                return 0;
        if (fd < 0)
                return fd;
        return fs_on("mqueue", step, "/dev/mqueue", fd, NULL,
                MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err);
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

static int mounts_run(mount_ctx *c, ns_error *err) {
        static int (*const steps[])(mount_ctx *, ns_error *) = {
                step_open_sources,
                step_rslave,
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
        size_t n_tmpfs = strv_length(c->p->temporary_filesystems);
        int r = 0;

        for (size_t i = 0; i < ELEMENTSOF(accounting_files); i++)
                c->acct_fds[i] = -EBADF;
        c->tmpfs_fds = fd_array_new(n_tmpfs);
        if (!c->tmpfs_fds)
                r = ns_error_set_errno(err, -ENOMEM, "mount the session's view");
        for (size_t i = 0; i < ELEMENTSOF(steps) && r >= 0; i++)
                r = steps[i](c, err);
        for (size_t i = 0; i < ELEMENTSOF(accounting_files); i++)
                safe_close(c->acct_fds[i]);
        fd_array_free(c->tmpfs_fds, n_tmpfs);
        fd_array_free(c->bind_fds, c->p->n_binds);
        fd_array_free(c->rw_fds, c->n_rw);
        safe_close(c->hidden_fd);
        return r;
}

int mounts_apply(const policy *p, const user_context *u, int run_fd, ns_error *err) {
        mount_ctx c = {.p = p, .u = u, .run_fd = run_fd, .hidden_fd = -EBADF};

        assert(p);
        assert(u);

        return mounts_run(&c, err);
}

int mounts_dry_run(const policy *p, const user_context *u, int run_fd, ns_error *err) {
        mount_ctx c = {.p = p, .u = u, .run_fd = run_fd, .hidden_fd = -EBADF, .dry_run = true};

        assert(p);
        assert(u);

        return mounts_run(&c, err);
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
        mount_ctx c = {.p = p, .hidden_fd = -EBADF};
        char options[64];
        int r = 0;

        assert(p);

        if (!(p->namespaces & NS_PID) && mounts_proc_options(p, options, sizeof(options)) > 0) {
                _cleanup_close_ int fd = path_open(PROC_STEP, "/proc", false, err);
                r = fd < 0 ? fd : fs_on("proc", PROC_STEP, "/proc", fd, options, ATTR_PROC, err);
        }
        if (r < 0 || (!p->protect_kernel_tunables && !p->protect_kernel_logs))
                return r;
        c.hidden_fd = inaccessible_node(run_fd, err);
        if (c.hidden_fd < 0)
                return c.hidden_fd;
        for (size_t i = 0; p->protect_kernel_tunables && r >= 0 && i < ELEMENTSOF(proc_read_only); i++)
                r = bind_self("ProtectKernelTunables", proc_read_only[i], true, MOUNT_ATTR_RDONLY, err);
        for (size_t i = 0; p->protect_kernel_tunables && r >= 0 && i < ELEMENTSOF(proc_hidden); i++)
                r = hide(&c, "ProtectKernelTunables", proc_hidden[i], true, err);
        if (r >= 0 && p->protect_kernel_logs)
                r = hide(&c, "ProtectKernelLogs", "/proc/kmsg", true, err);
        safe_close(c.hidden_fd);
        return r;
}
