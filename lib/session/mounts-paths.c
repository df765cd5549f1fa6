/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The view's protections by path (mounts-internal.h): ProtectSystem,
 * ProtectHome, ReadOnlyPaths, ReadWritePaths, InaccessiblePaths, NoExecPaths
 * and ExecPaths. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "policy/mount-options.h"
#include "session/mounts-internal.h"
#include "session/mounts-util.h"

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
        for (size_t i = 0; i < ELEMENTSOF(keep) && r >= 0; i++)
                r = tree_attach_at("ProtectSystem=strict", keep[i], trees[i], err);
        for (size_t i = 0; i < ELEMENTSOF(keep); i++)
                safe_close(trees[i]);
        return r;
}

int step_protect_system(mount_ctx *c, ns_error *err) {
        static const char *const yes[] = {"/usr", "/boot", "/efi"};
        const char *step = "ProtectSystem";
        int r;

        if (c->p->protect_system == PROTECT_SYSTEM_NO)
                return 0;
        if (c->p->protect_system == PROTECT_SYSTEM_STRICT)
                return protect_system_strict(err);
        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                r = bind_self(step, yes[i], true, MOUNT_ATTR_RDONLY, 0, err);
                if (r < 0)
                        return r;
        }
        if (c->p->protect_system == PROTECT_SYSTEM_FULL)
                return bind_self(step, "/etc", true, MOUNT_ATTR_RDONLY, 0, err);
        return 0;
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
                r = path_hide(c->hidden_fd, "ProtectHome=others", "/root", true, err);
        return r;
}

int step_protect_home(mount_ctx *c, ns_error *err) {
        static const char *const homes[] = {"/home", "/root", "/run/user"};
        const char *step = "ProtectHome";
        int r = 0;

        if (c->p->protect_home == PROTECT_HOME_OTHERS)
                return protect_home_others(c, err);
        for (size_t i = 0; i < ELEMENTSOF(homes) && r >= 0; i++)
                switch (c->p->protect_home) {
                case PROTECT_HOME_YES:
                        r = path_hide(c->hidden_fd, step, homes[i], true, err);
                        break;
                case PROTECT_HOME_READ_ONLY:
                        r = bind_self(step, homes[i], true, MOUNT_ATTR_RDONLY, 0, err);
                        break;
                case PROTECT_HOME_TMPFS:
                        r = tmpfs_at(step, homes[i], true, "mode=0755", ATTR_HIDE, err);
                        break;
                default:
                        break;
                }
        return r;
}

/* Each path of list bound on itself with the attributes set and clr (a
 * "-PATH" that is missing skipped), with what is mounted below it. */
static int paths_bind_self(char **list, const char *step, uint64_t set, uint64_t clr, ns_error *err) {
        for (char **i = list; i && *i; i++) {
                bool optional;
                const char *path = mount_path_strip(*i, &optional);
                int r = bind_self(step, path, optional, set, clr, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

int step_read_only(mount_ctx *c, ns_error *err) {
        return paths_bind_self(c->p->read_only_paths, "ReadOnlyPaths", MOUNT_ATTR_RDONLY, 0, err);
}

int step_read_write(mount_ctx *c, ns_error *err) {
        for (size_t i = 0; i < c->n_rw; i++) {
                bool optional;
                const char *path = mount_path_strip(c->p->read_write_paths[i], &optional);
                int r;
                if (c->rw_fds[i] < 0)
                        continue; /* optional, and missing in step 0 */
                r = tree_attach_at("ReadWritePaths", path, c->rw_fds[i], err);
                if (r < 0)
                        return r;
        }
        return 0;
}

int step_inaccessible(mount_ctx *c, ns_error *err) {
        for (char **i = c->p->inaccessible_paths; i && *i; i++) {
                bool optional;
                const char *path = mount_path_strip(*i, &optional);
                int r = path_hide(c->hidden_fd, "InaccessiblePaths", path, optional, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* NoExecPaths, then ExecPaths (exec again below a NoExecPaths), with what
 * is mounted below each: after every other mount, as systemd applies them. */
int step_exec_paths(mount_ctx *c, ns_error *err) {
        int r = paths_bind_self(c->p->no_exec_paths, "NoExecPaths", MOUNT_ATTR_NOEXEC, 0, err);

        if (r < 0)
                return r;
        return paths_bind_self(c->p->exec_paths, "ExecPaths", 0, MOUNT_ATTR_NOEXEC, err);
}
