/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "basic/macro.h"
#include "basic/strv.h"
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

static int rlimit_fail(int resource, const policy_rlimit *want, int code, ns_error *err) {
        char soft[32], hard[32];

        return ns_error_set_errno(err, code, "%s %s:%s: setting the limit", rlimit_directive_name(resource),
                rlim_format(want->soft, soft, sizeof(soft)), rlim_format(want->hard, hard, sizeof(hard)));
}

static int rlimit_set_checked(
        int resource, const struct rlimit *new, const policy_rlimit *want, ns_error *err) {
        struct rlimit now;

        if (setrlimit(resource, new) < 0)
                return rlimit_fail(resource, want, negative_errno(), err);
        if (getrlimit(resource, &now) < 0 || now.rlim_cur != new->rlim_cur || now.rlim_max != new->rlim_max)
                return ns_error_set(err, -EIO, "%s: the limit read back differs from the one set",
                        rlimit_directive_name(resource));
        return 0;
}

/* 0 when set as asked, 1 when capped at the current hard limit. */
static int rlimit_apply_one(int resource, const policy_rlimit *want, ns_error *err) {
        struct rlimit old, capped;
        const struct rlimit new = {.rlim_cur = want->soft, .rlim_max = want->hard};

        if (getrlimit(resource, &old) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "%s: reading the limit", rlimit_directive_name(resource));
        if (want->soft > want->hard)
                return ns_error_set(err, -EINVAL, "%s: the soft limit is above the hard limit",
                        rlimit_directive_name(resource));
        if (setrlimit(resource, &new) >= 0)
                return rlimit_set_checked(resource, &new, want, err);
        if (errno != EPERM || want->hard <= old.rlim_max)
                return rlimit_fail(resource, want, negative_errno(), err);
        /* Raising the hard limit needs CAP_SYS_RESOURCE: as close as permitted,
         * as systemd's setrlimit_closest(). */
        capped = (struct rlimit){
                .rlim_cur = want->soft < old.rlim_max ? want->soft : old.rlim_max, .rlim_max = old.rlim_max};
        int r = rlimit_set_checked(resource, &capped, want, err);
        return r < 0 ? r : 1;
}

int rlimits_apply(const policy_rlimit rl[POLICY_RLIMIT_MAX], ns_error *err) {
        int capped = 0;

        for (int i = 0; i < POLICY_RLIMIT_MAX; i++) {
                if (!rl[i].set)
                        continue;
                int r = rlimit_apply_one(i, &rl[i], err);
                if (r < 0)
                        return r;
                capped |= r;
        }
        return capped;
}

int rlimits_capped(const policy_rlimit rl[POLICY_RLIMIT_MAX], char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        assert(ret);

        for (int i = 0; i < POLICY_RLIMIT_MAX; i++) {
                char soft[32], hard[32], now_hard[32];
                struct rlimit now;
                char *line = NULL;

                if (!rl[i].set || getrlimit(i, &now) < 0 || now.rlim_max >= rl[i].hard)
                        continue;
                if (asprintf(&line, "%s %s:%s (hard limit capped at %s)", rlimit_directive_name(i),
                            rlim_format(rl[i].soft, soft, sizeof(soft)),
                            rlim_format(rl[i].hard, hard, sizeof(hard)),
                            rlim_format(now.rlim_max, now_hard, sizeof(now_hard))) < 0 ||
                        strv_push(&l, line) < 0) {
                        free(line);
                        return -ENOMEM;
                }
        }
        *ret = TAKE_PTR(l);
        return 0;
}
