/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>

#include "session/namespaces.h"
#include "policy/policy.h"

static const struct ns_type {
        unsigned bit;
        unsigned long clone_flag;
        const char *name; /* /proc/self/ns/<name> of the caller itself */
        const char *child_name; /* where its children go, for the inode */
} ns_types[NS_CALLER_TYPES] = {
        {NS_MOUNT, CLONE_NEWNS, "mnt", "mnt"},
        {NS_PID, CLONE_NEWPID, "pid", "pid_for_children"},
        {NS_IPC, CLONE_NEWIPC, "ipc", "ipc"},
        {NS_UTS, CLONE_NEWUTS, "uts", "uts"},
        {NS_NET, CLONE_NEWNET, "net", "net"},
        {NS_CGROUP, CLONE_NEWCGROUP, "cgroup", "cgroup"},
};

const char *ns_name(unsigned bit) {
        if (bit == NS_USER)
                return "user";
        for (size_t i = 0; i < ELEMENTSOF(ns_types); i++)
                if (ns_types[i].bit == bit)
                        return ns_types[i].name;
        return NULL;
}

unsigned long ns_clone_flags(unsigned types) {
        unsigned long flags = 0;

        for (size_t i = 0; i < ELEMENTSOF(ns_types); i++)
                if (types & ns_types[i].bit)
                        flags |= ns_types[i].clone_flag;
        return flags;
}

int ns_save(unsigned types, ns_saved *ret, ns_error *err) {
        ns_saved s = NS_SAVED_INIT;
        char path[64];

        assert(ret);

        for (size_t i = 0; i < ELEMENTSOF(ns_types); i++) {
                if (!(types & ns_types[i].bit))
                        continue;
                snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[i].name);
                s.fd[i] = open(path, O_RDONLY | O_CLOEXEC);
                if (s.fd[i] < 0) {
                        int r = negative_errno();
                        ns_saved_done(&s);
                        return ns_error_set_errno(err, r, "save namespaces: open \"%s\"", path);
                }
                s.types |= ns_types[i].bit;
        }
        *ret = s;
        return 0;
}

int ns_restore(ns_saved *s, ns_error *err) {
        int ret = 0;

        assert(s);

        for (size_t i = 0; i < ELEMENTSOF(ns_types); i++) {
                if (s->fd[i] < 0)
                        continue;
                if (setns(s->fd[i], (int) ns_types[i].clone_flag) < 0 && ret == 0)
                        ret = ns_error_set_errno(err, negative_errno(),
                                "return to the caller's namespaces: setns() into its %s namespace",
                                ns_types[i].name);
                s->fd[i] = safe_close(s->fd[i]);
        }
        s->types = 0;
        return ret;
}

void ns_saved_done(ns_saved *s) {
        assert(s);

        for (size_t i = 0; i < ELEMENTSOF(ns_types); i++)
                s->fd[i] = safe_close(s->fd[i]);
        s->types = 0;
}

int ns_inode(unsigned bit, uint64_t *ret, ns_error *err) {
        char path[64];
        struct stat st;

        assert(ret);

        for (size_t i = 0; i < ELEMENTSOF(ns_types); i++) {
                if (ns_types[i].bit != bit)
                        continue;
                snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[i].child_name);
                if (stat(path, &st) < 0)
                        return ns_error_set_errno(
                                err, negative_errno(), "read namespace inode: stat \"%s\"", path);
                *ret = (uint64_t) st.st_ino;
                return 0;
        }
        return ns_error_set(err, -EINVAL, "read namespace inode: unknown namespace bit 0x%x", bit);
}
