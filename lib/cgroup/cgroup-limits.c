/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/cgroup-fs.h"
#include "cgroup/cgroup-limits.h"
#include "basic/strv.h"

/* cpu.max period in microseconds; CPUQuota=P% writes P * 1000 per 100000. */
#define CPU_PERIOD_USEC 100000
#define CPU_USEC_PER_PERCENT (CPU_PERIOD_USEC / 100)

typedef enum limit_format {
        FORMAT_MAX, /* "N" or "max" */
        FORMAT_CPU_QUOTA, /* "QUOTA PERIOD" or "max PERIOD" */
        FORMAT_WEIGHT, /* "N", no infinity */
        FORMAT_IO_WEIGHT, /* "default N", no infinity */
} limit_format;

static const struct cgroup_limit {
        const char *directive;
        const char *file;
        unsigned controller;
        size_t offset; /* of the policy_limit in struct policy */
        limit_format format;
} limits[] = {
        {"MemoryMax", "memory.max", CGROUP_CONTROLLER_MEMORY, offsetof(policy, memory_max), FORMAT_MAX},
        {"MemoryHigh", "memory.high", CGROUP_CONTROLLER_MEMORY, offsetof(policy, memory_high), FORMAT_MAX},
        {"MemorySwapMax", "memory.swap.max", CGROUP_CONTROLLER_MEMORY, offsetof(policy, memory_swap_max),
                FORMAT_MAX},
        {"TasksMax", "pids.max", CGROUP_CONTROLLER_PIDS, offsetof(policy, tasks_max), FORMAT_MAX},
        {"CPUQuota", "cpu.max", CGROUP_CONTROLLER_CPU, offsetof(policy, cpu_quota_percent),
                FORMAT_CPU_QUOTA},
        {"CPUWeight", "cpu.weight", CGROUP_CONTROLLER_CPU, offsetof(policy, cpu_weight), FORMAT_WEIGHT},
        {"IOWeight", "io.weight", CGROUP_CONTROLLER_IO, offsetof(policy, io_weight), FORMAT_IO_WEIGHT},
};

/* Bit order of CGROUP_CONTROLLER_*. */
static const char *const controller_names[] = {"cpu", "io", "memory", "pids"};

static const char *controller_name(unsigned bit) {
        for (size_t i = 0; i < ELEMENTSOF(controller_names); i++)
                if (bit == 1u << i)
                        return controller_names[i];
        return "?";
}

static const policy_limit *limit_of(const policy *p, const struct cgroup_limit *l) {
        return (const policy_limit *) ((const char *) p + l->offset);
}

static int note_unapplied(char ***unapplied, const struct cgroup_limit *l, const char *mount) {
        char *msg;

        if (asprintf(&msg, "%s= (%s) not applied: controller \"%s\" is not available in \"%s\"",
                    l->directive, l->file, controller_name(l->controller), mount) < 0)
                return -ENOMEM;
        return strv_push(unapplied, msg);
}

int cgroup_limits_check(const policy *p, const char *mount, const char *available, unsigned *ret_usable,
        char ***unapplied, ns_error *err) {
        unsigned usable = 0;

        assert(p);
        assert(mount);
        assert(available);
        assert(ret_usable);
        assert(unapplied);

        for (size_t i = 0; i < ELEMENTSOF(limits); i++) {
                const struct cgroup_limit *l = &limits[i];
                const char *name = controller_name(l->controller);
                int r;

                if (!limit_of(p, l)->set)
                        continue;
                if (cgroup_fs_has_word(available, name)) {
                        usable |= l->controller;
                        continue;
                }
                if (p->cgroup_limits == CGROUP_LIMITS_REQUIRE)
                        return ns_error_set(err, -EOPNOTSUPP,
                                "apply %s= (%s): controller \"%s\" is not available in the cgroup2 "
                                "hierarchy "
                                "\"%s\" (cgroup.controllers: \"%.*s\") and CgroupLimits=require",
                                l->directive, l->file, name, mount, (int) strcspn(available, "\n"),
                                available);
                r = note_unapplied(unapplied, l, mount);
                if (r < 0)
                        return ns_error_set_errno(err, r, "note %s= as not applied", l->directive);
        }
        *ret_usable = usable;
        return 0;
}

int cgroup_limits_enable(int dirfd, const char *dir_path, unsigned controllers, ns_error *err) {
        _cleanup_free_ char *enabled = NULL;
        char buf[64] = "";
        int r;

        assert(dir_path);

        if (controllers == 0)
                return 0;
        r = cgroup_fs_read(dirfd, dir_path, "cgroup.subtree_control", &enabled, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(controller_names); i++) {
                if (!(controllers & (1u << i)) || cgroup_fs_has_word(enabled, controller_names[i]))
                        continue;
                /* One write for all: the kernel applies "+a +b" as a whole. */
                snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s+%s", buf[0] ? " " : "",
                        controller_names[i]);
        }
        if (buf[0] == '\0')
                return 0;
        return cgroup_fs_write(dirfd, dir_path, "cgroup.subtree_control", buf, err);
}

static int format_limit(const struct cgroup_limit *l, uint64_t v, char *buf, size_t size) {
        bool inf = v == LIMIT_INFINITY;

        switch (l->format) {
        case FORMAT_MAX:
                if (inf)
                        snprintf(buf, size, "max");
                else
                        snprintf(buf, size, "%" PRIu64, v);
                return 0;
        case FORMAT_CPU_QUOTA:
                if (inf)
                        snprintf(buf, size, "max %d", CPU_PERIOD_USEC);
                else if (v > UINT64_MAX / CPU_USEC_PER_PERCENT)
                        return -ERANGE;
                else
                        snprintf(buf, size, "%" PRIu64 " %d", v * CPU_USEC_PER_PERCENT, CPU_PERIOD_USEC);
                return 0;
        case FORMAT_WEIGHT:
        case FORMAT_IO_WEIGHT:
                if (inf)
                        return -ERANGE;
                snprintf(buf, size, l->format == FORMAT_WEIGHT ? "%" PRIu64 : "default %" PRIu64, v);
                return 0;
        }
        return -EINVAL;
}

int cgroup_limits_apply(const policy *p, int dirfd, const char *dir_path, unsigned usable, ns_error *err) {
        assert(p);
        assert(dir_path);

        for (size_t i = 0; i < ELEMENTSOF(limits); i++) {
                const struct cgroup_limit *l = &limits[i];
                const policy_limit *v = limit_of(p, l);
                char buf[64];
                int r;

                if (!v->set || !(usable & l->controller))
                        continue;
                r = format_limit(l, v->value, buf, sizeof(buf));
                if (r < 0)
                        return ns_error_set(err, r, "apply %s= to \"%s/%s\": value out of range",
                                l->directive, dir_path, l->file);
                r = cgroup_fs_write(dirfd, dir_path, l->file, buf, err);
                if (r < 0)
                        return r;
        }
        return 0;
}
