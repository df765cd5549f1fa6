/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "hardening/capabilities.h"
#include "basic/fd-util.h"
#include "hardening/seccomp-filter.h"
#include "hardening/userns.h"

/* The helper: a new user namespace, a filter that lets it do nothing but
 * wait, then dumpable so that its parent may write its maps. It reports 0
 * (ready) or unshare()'s errno to the parent and leaves when the parent
 * closes its end. Never returns. */
/* Leave through the raw exit_group(): a C runtime's _exit() may make calls
 * the helper's filter kills (ASan's runs its leak check and sigaltstack()),
 * and so may a sanitizer's code before a noreturn call (hence
 * _no_sanitize_address_ on both). */
_no_sanitize_address_ __attribute__((noreturn)) static void helper_exit(int code) {
        for (;;)
                (void) syscall(SYS_exit_group, code);
}

_no_sanitize_address_ __attribute__((noreturn)) static void helper_run(int fd) {
        int e = 0;
        char c;

        fd_close_from(0, fd);
        if (unshare(CLONE_NEWUSER) < 0) {
                e = errno;
                _exit(write(fd, &e, sizeof(e)) == sizeof(e) ? 1 : 2);
        }
        if (seccomp_filter_load_helper(NULL) < 0 || prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0 ||
                write(fd, &e, sizeof(e)) != sizeof(e))
                helper_exit(1);
        while (read(fd, &c, 1) > 0)
                ;
        helper_exit(0);
}

/* The helper's report: 0 once it is ready to be mapped. */
static int helper_wait_ready(int sock, ns_error *err) {
        int e = -1;

        if (read(sock, &e, sizeof(e)) != sizeof(e) || e < 0)
                return ns_error_set(err, -EPROTO, "user namespace: the helper did not make it");
        if (e > 0)
                return ns_error_set_errno(err, -e, "user namespace: unshare(CLONE_NEWUSER)");
        return 0;
}

static int proc_write_at(int dir, const char *name, const char *text, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r;

        fd = openat(dir, name, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "user namespace: open \"%s\"", name);
        r = fd_write_all(fd, text, strlen(text));
        if (r < 0)
                return ns_error_set_errno(err, r, "user namespace: write \"%s\" to \"%s\"", text, name);
        return 0;
}

/* Map the helper's namespace (through its /proc directory DIR) and hand out
 * an fd of it. */
static int helper_map(int dir, uid_t uid, gid_t gid, int *ret, ns_error *err) {
        _cleanup_close_ int ns = -EBADF;
        char line[64];
        int r;

        ns = openat(dir, "ns/user", O_RDONLY | O_CLOEXEC);
        if (ns < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "user namespace: open the helper's \"ns/user\"");
        /* "deny" first: an unprivileged writer of gid_map must have given up setgroups. */
        r = proc_write_at(dir, "setgroups", "deny", err);
        if (r < 0)
                return r;
        snprintf(line, sizeof(line), "%u %u 1\n", (unsigned) uid, (unsigned) uid);
        r = proc_write_at(dir, "uid_map", line, err);
        if (r < 0)
                return r;
        snprintf(line, sizeof(line), "%u %u 1\n", (unsigned) gid, (unsigned) gid);
        r = proc_write_at(dir, "gid_map", line, err);
        if (r < 0)
                return r;
        *ret = TAKE_FD(ns);
        return 0;
}

/* Wait for the helper; R is the result so far. A helper that did not exit 0
 * was killed by its filter or failed: fail. */
static int helper_reap(pid_t pid, int r, ns_error *err) {
        int status = 0;

        if (r < 0)
                (void) kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return r < 0 ? r
                                     : ns_error_set_errno(err, negative_errno(), "user namespace: waitpid");
        if (r >= 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
                return ns_error_set(
                        err, -EPROTO, "user namespace: the helper failed (wait status %#x)", status);
        return r;
}

/*
 * A new user namespace of the caller's euid with the caller's uid and gid
 * mapped to themselves, made by a helper child, as an fd to setns() into.
 *
 * The writer of a uid_map must be able to open it, and /proc/PID files of a
 * process that is not dumpable belong to root: the stage, non-dumpable from
 * its exec on (docs/DESIGN.md, "The login-shell stage"), cannot write its own
 * maps. So a child makes the namespace and becomes dumpable, under a filter
 * that lets it do nothing but wait, and the stage writes the child's maps
 * and joins the namespace (as its owner it holds CAP_SYS_ADMIN in it). The
 * stage itself is never dumpable.
 */
static int userns_make(uid_t uid, gid_t gid, int *ret, ns_error *err) {
        _cleanup_close_ int dir = -EBADF;
        int sv[2], sock, r = 0;
        char path[32];
        pid_t pid;

        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
                return ns_error_set_errno(err, negative_errno(), "user namespace: socketpair");
        pid = fork();
        if (pid < 0) {
                r = negative_errno();
                safe_close(sv[0]);
                safe_close(sv[1]);
                return ns_error_set_errno(err, r, "user namespace: fork of the helper");
        }
        if (pid == 0)
                helper_run(sv[1]);
        sock = sv[0];
        safe_close(sv[1]);
        r = helper_wait_ready(sock, err);
        if (r >= 0) {
                snprintf(path, sizeof(path), "/proc/%d", (int) pid);
                dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
                if (dir < 0)
                        r = ns_error_set_errno(err, negative_errno(), "user namespace: open \"%s\"", path);
        }
        if (r >= 0)
                r = helper_map(dir, uid, gid, ret, err);
        safe_close(sock); /* the helper reads EOF and exits */
        return helper_reap(pid, r, err);
}

/* After setns(): the namespace maps exactly UID to itself (whoever else
 * could open the helper's maps while it was dumpable could have written
 * them first; our write would then have failed, but check anyway). */
static int map_verify(const char *name, unsigned id, ns_error *err) {
        _cleanup_fclose_ FILE *f = NULL;
        unsigned inside, outside, count;
        char path[32], extra;

        snprintf(path, sizeof(path), "/proc/self/%s", name);
        f = fopen(path, "re");
        if (!f)
                return ns_error_set_errno(err, negative_errno(), "user namespace: open \"%s\"", path);
        if (fscanf(f, "%u %u %u %c", &inside, &outside, &count, &extra) != 3 || inside != id ||
                outside != id || count != 1)
                return ns_error_set(err, -EPERM, "user namespace: \"%s\" is not \"%u %u 1\"", path, id, id);
        return 0;
}

static int drop_all_capabilities(ns_error *err) {
        _cleanup_cap_free_ cap_t none = cap_init();

        if (!none || cap_set_proc(none) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "user namespace: dropping its capabilities");
        return capabilities_verify_none_held(err);
}

int userns_enter_as_self(uint64_t keep, ns_error *err) {
        _cleanup_close_ int ns = -EBADF;
        uid_t uid = getuid();
        gid_t gid = getgid();
        int r;

        r = userns_make(uid, gid, &ns, err);
        if (r < 0)
                return r;
        if (setns(ns, CLONE_NEWUSER) < 0)
                return ns_error_set_errno(err, negative_errno(), "user namespace: setns(CLONE_NEWUSER)");
        r = map_verify("uid_map", uid, err);
        if (r >= 0)
                r = map_verify("gid_map", gid, err);
        if (r < 0)
                return r;
        r = capabilities_drop_bounding(keep, err);
        if (r < 0)
                return r;
        r = drop_all_capabilities(err);
        if (r < 0)
                return r;
        if (getuid() != uid || getgid() != gid)
                return ns_error_set(err, -EPERM, "user namespace: uid or gid changed by the mapping");
        return 0;
}
