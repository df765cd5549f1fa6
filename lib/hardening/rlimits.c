/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "basic/macro.h"
#include "hardening/rlimits.h"

static const char *const directive_names[POLICY_RLIMIT_MAX] = {
        [RLIMIT_CPU] = "LimitCPU",
        [RLIMIT_FSIZE] = "LimitFSIZE",
        [RLIMIT_DATA] = "LimitDATA",
        [RLIMIT_STACK] = "LimitSTACK",
        [RLIMIT_CORE] = "LimitCORE",
        [RLIMIT_RSS] = "LimitRSS",
        [RLIMIT_NPROC] = "LimitNPROC",
        [RLIMIT_NOFILE] = "LimitNOFILE",
        [RLIMIT_MEMLOCK] = "LimitMEMLOCK",
        [RLIMIT_AS] = "LimitAS",
        [RLIMIT_LOCKS] = "LimitLOCKS",
        [RLIMIT_SIGPENDING] = "LimitSIGPENDING",
        [RLIMIT_MSGQUEUE] = "LimitMSGQUEUE",
        [RLIMIT_NICE] = "LimitNICE",
        [RLIMIT_RTPRIO] = "LimitRTPRIO",
        [RLIMIT_RTTIME] = "LimitRTTIME",
};

const char *rlimit_directive_name(int resource) {
        if (resource < 0 || resource >= POLICY_RLIMIT_MAX)
                return NULL;
        return directive_names[resource];
}

static const char *rlim_format(rlim_t v, char *buf, size_t size) {
        if (v == RLIM_INFINITY)
                snprintf(buf, size, "infinity");
        else
                snprintf(buf, size, "%" PRIu64, (uint64_t) v);
        return buf;
}

static int rlimit_fail(
        int resource, const policy_rlimit *want, const struct rlimit *old, int code, ns_error *err) {
        char soft[32], hard[32], cur[32];
        const char *name = rlimit_directive_name(resource);

        rlim_format(want->soft, soft, sizeof(soft));
        rlim_format(want->hard, hard, sizeof(hard));
        if (code == -EPERM && want->hard > old->rlim_max)
                return ns_error_set_errno(err, code,
                        "%s %s:%s: raising the hard limit above %s needs CAP_SYS_RESOURCE", name, soft, hard,
                        rlim_format(old->rlim_max, cur, sizeof(cur)));
        return ns_error_set_errno(err, code, "%s %s:%s: setting the limit", name, soft, hard);
}

static int rlimit_apply_one(int resource, const policy_rlimit *want, ns_error *err) {
        struct rlimit old, now;
        const struct rlimit new = {.rlim_cur = want->soft, .rlim_max = want->hard};

        if (getrlimit(resource, &old) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: reading the limit", rlimit_directive_name(resource));
        if (want->soft > want->hard)
                return ns_error_set(err, -EINVAL, "%s: the soft limit is above the hard limit",
                        rlimit_directive_name(resource));
        if (setrlimit(resource, &new) < 0)
                return rlimit_fail(resource, want, &old, negative_errno(), err);
        if (getrlimit(resource, &now) < 0 || now.rlim_cur != new.rlim_cur || now.rlim_max != new.rlim_max)
                return ns_error_set(err, -EIO, "%s: the limit read back differs from the one set",
                        rlimit_directive_name(resource));
        return 0;
}

int rlimits_apply(const policy_rlimit rl[POLICY_RLIMIT_MAX], ns_error *err) {
        for (int i = 0; i < POLICY_RLIMIT_MAX; i++) {
                if (!rl[i].set)
                        continue;
                int r = rlimit_apply_one(i, &rl[i], err);
                if (r < 0)
                        return r;
        }
        return 0;
}
