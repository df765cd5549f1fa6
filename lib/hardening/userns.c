/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "hardening/capabilities.h"
#include "basic/fd-util.h"
#include "hardening/userns.h"

static int proc_write(const char *path, const char *text, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        int r;

        fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "user namespace: open \"%s\"", path);
        r = fd_write_all(fd, text, strlen(text));
        if (r < 0)
                return ns_error_set_errno(err, r, "user namespace: write \"%s\" to \"%s\"", text, path);
        return 0;
}

static int map_self(uid_t uid, gid_t gid, ns_error *err) {
        char line[64];
        int r;

        /* "deny" first: an unprivileged writer of gid_map must have given up setgroups. */
        r = proc_write("/proc/self/setgroups", "deny", err);
        if (r < 0)
                return r;
        snprintf(line, sizeof(line), "%u %u 1\n", (unsigned) uid, (unsigned) uid);
        r = proc_write("/proc/self/uid_map", line, err);
        if (r < 0)
                return r;
        snprintf(line, sizeof(line), "%u %u 1\n", (unsigned) gid, (unsigned) gid);
        return proc_write("/proc/self/gid_map", line, err);
}

static int drop_all_capabilities(ns_error *err) {
        _cleanup_cap_free_ cap_t none = cap_init();

        if (!none || cap_set_proc(none) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "user namespace: dropping its capabilities");
        return capabilities_verify_none_held(err);
}

int userns_enter_as_self(uint64_t keep, ns_error *err) {
        uid_t uid = getuid();
        gid_t gid = getgid();
        int r;

        if (unshare(CLONE_NEWUSER) < 0)
                return ns_error_set_errno(err, negative_errno(), "user namespace: unshare(CLONE_NEWUSER)");
        r = map_self(uid, gid, err);
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
