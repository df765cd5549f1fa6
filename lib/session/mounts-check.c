/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/run-dir.h"
#include "policy/conf-values.h"
#include "policy/mount-options.h"
#include "session/mounts-check.h"
#include "session/mounts-util.h"
#include "session/mounts.h"

/* One word's path as mounts_apply() opens it; a word with a token or a "-" is skipped. */
static int check_path(const char *step, const char *word, size_t len, ns_error *err) {
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -EBADF;
        bool optional;
        const char *p = mount_path_strip(word, &optional);

        len -= p - word;
        if (optional || memchr(p, '%', len))
                return 0;
        path = strndup(p, len);
        if (!path)
                return ns_error_set_errno(err, -ENOMEM, "%s", step);
        fd = path_open(step, path, false, err);
        return fd < 0 ? fd : 0;
}

int mounts_check_assignment(const conf_assignment *a, ns_error *err) {
        static const char *const plain[] = {
                "ReadOnlyPaths", "ReadWritePaths", "InaccessiblePaths", "NoExecPaths", "ExecPaths"};
        const char *name;
        bool path_list = false, upto_colon;

        assert(a);

        name = a->directive->name;
        for (size_t i = 0; i < ELEMENTSOF(plain); i++)
                path_list = path_list || strcmp(name, plain[i]) == 0;
        /* a bind's source and a TemporaryFileSystem's path end at the first ':' */
        upto_colon = strcmp(name, "BindPaths") == 0 || strcmp(name, "BindReadOnlyPaths") == 0 ||
                strcmp(name, "TemporaryFileSystem") == 0;
        if (!path_list && !upto_colon)
                return 0;
        for (char **w = a->words; w && *w; w++) {
                size_t len = upto_colon ? strcspn(*w, ":") : strlen(*w);
                int r;
                if (len == 0)
                        continue; /* "": clears the list */
                r = check_path(name, *w, len, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int child_unshare(const policy *p) {
        int flags = CLONE_NEWNS | ((p->namespaces & NS_NET) ? CLONE_NEWNET : 0) |
                ((p->namespaces & NS_IPC) ? CLONE_NEWIPC : 0) |
                ((p->namespaces & NS_CGROUP) ? CLONE_NEWCGROUP : 0);

        if (unshare(flags) < 0 || mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
                return negative_errno();
        return 0;
}

static _Noreturn void child_run(const policy *p, const user_context *u, int out) {
        ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int run_fd = -EBADF;
        int r = child_unshare(p);

        if (r < 0)
                ns_error_set_errno(&err, r, "dry run: unshare a throwaway mount namespace");
        if (r >= 0)
                r = run_dir_open(&run_fd, &err);
        if (r >= 0)
                r = mounts_dry_run(p, u, run_fd, &err);
        if (r < 0)
                (void) fd_write_all(out, err.msg, strlen(err.msg));
        _exit(r < 0 ? 1 : 0);
}

int mounts_check_user(const policy *p, const user_context *u, ns_error *err) {
        _cleanup_close_ int rd = -EBADF, wr = -EBADF;
        char msg[sizeof(err->msg)] = "";
        int fds[2], status;
        ssize_t n, got = 0;
        pid_t pid;

        assert(p);
        assert(u);

        if (pipe2(fds, O_CLOEXEC) < 0)
                return ns_error_set_errno(err, negative_errno(), "dry run: pipe");
        rd = fds[0];
        wr = fds[1];
        pid = fork();
        if (pid < 0)
                return ns_error_set_errno(err, negative_errno(), "dry run: fork");
        if (pid == 0)
                child_run(p, u, wr);
        /* the parent's end of the write side: EOF once the child is done */
        (void) safe_close(TAKE_FD(wr));
        while ((size_t) got < sizeof(msg) - 1 && (n = read(rd, msg + got, sizeof(msg) - 1 - got)) > 0)
                got += n;
        msg[got] = '\0';
        if (waitpid(pid, &status, 0) < 0)
                return ns_error_set_errno(err, negative_errno(), "dry run: wait");
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                return 0;
        if (got == 0)
                return ns_error_set(
                        err, -EIO, "dry run: the child ended without a result (status %d)", status);
        return ns_error_set(err, -EINVAL, "%s", msg);
}
