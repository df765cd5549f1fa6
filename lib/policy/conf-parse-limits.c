/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The directives whose values are limits: the cgroup's (MemoryMax, TasksMax,
 * CPUQuota, ...), TmpfsSize, RuntimeMaxSec and the Limit* resource limits. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "basic/macro.h"
#include "policy/conf-parsers.h"
#include "policy/conf-values.h"

int parse_limit_size(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t v;

        if (conf_parse_size(words[0], &v) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected a size in bytes with optional K, M, G or T suffix, or infinity, got "
                        "\"%s\"",
                        words[0]);
        *CONF_FIELD(policy_limit, d, p) = (policy_limit){.set = true, .value = v};
        return 0;
}

/* SIZE (bytes, K/M/G/T) or N% of RAM, 1-100%; never 0, which tmpfs reads as unbounded. */
int parse_tmpfs_size(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        policy_tmpfs_size v = {};

        if (conf_parse_percent(words[0], &v.value) >= 0 && v.value <= 100)
                v.percent = true;
        else if (conf_parse_size(words[0], &v.value) < 0 || v.value == 0 || v.value == LIMIT_INFINITY)
                return ns_error_set(err, -EINVAL,
                        "expected a size in bytes with optional K, M, G or T suffix, or a percentage of "
                        "memory from 1%% to 100%%, got \"%s\"",
                        words[0]);
        *CONF_FIELD(policy_tmpfs_size, d, p) = v;
        return 0;
}

int parse_limit_number(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const conf_range *range = d->data;
        uint64_t v;

        if (range->infinity && strcmp(words[0], "infinity") == 0)
                v = LIMIT_INFINITY;
        else if (conf_parse_uint(words[0], range->min, range->max, &v) < 0)
                return ns_error_set(err, -EINVAL, "expected a number from %llu to %llu%s, got \"%s\"",
                        (unsigned long long) range->min, (unsigned long long) range->max,
                        range->infinity ? " or infinity" : "", words[0]);
        *CONF_FIELD(policy_limit, d, p) = (policy_limit){.set = true, .value = v};
        return 0;
}

int parse_limit_percent(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t v;

        if (strcmp(words[0], "infinity") == 0)
                v = LIMIT_INFINITY;
        else if (conf_parse_percent(words[0], &v) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected a percentage like 50%% or 200%%, or infinity, got \"%s\"", words[0]);
        *CONF_FIELD(policy_limit, d, p) = (policy_limit){.set = true, .value = v};
        return 0;
}

int parse_limit_timespan(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t v;

        if (conf_parse_timespan(words[0], &v) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected a time span like 3600, 90s, 30min, 8h, 1d, 1h30min or infinity, got "
                        "\"%s\"",
                        words[0]);
        *CONF_FIELD(policy_limit, d, p) = (policy_limit){.set = true, .value = v};
        return 0;
}

/* TimeoutStopSec: a time span up to POLICY_TIMEOUT_STOP_MAX_USEC; infinity
 * is refused (a process that ignores SIGTERM would keep the login's close,
 * and the PAM application in it, waiting for ever). */
int parse_timeout_stop(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t v;

        if (conf_parse_timespan(words[0], &v) < 0 || v == LIMIT_INFINITY)
                return ns_error_set(err, -EINVAL,
                        "expected a time span like 5, 10s or 1min (infinity is not allowed), got \"%s\"",
                        words[0]);
        if (v > POLICY_TIMEOUT_STOP_MAX_USEC)
                return ns_error_set(err, -EINVAL, "expected at most %llus, got \"%s\"",
                        (unsigned long long) (POLICY_TIMEOUT_STOP_MAX_USEC / 1000000), words[0]);
        *CONF_FIELD(uint64_t, d, p) = v;
        return 0;
}

static int rlimit_value(int kind, const char *s, rlim_t *ret) {
        uint64_t v;
        int r;

        if (strcmp(s, "infinity") == 0) {
                *ret = RLIM_INFINITY;
                return 0;
        }
        switch (kind) {
        case RLIMIT_KIND_SIZE:
                r = conf_parse_size(s, &v);
                break;
        case RLIMIT_KIND_SECONDS:
                r = conf_parse_timespan(s, &v);
                v /= 1000000;
                break;
        default:
                r = conf_parse_uint(s, 0, RLIM_INFINITY - 1, &v);
        }
        if (r < 0)
                return r;
        *ret = v;
        return 0;
}

static const char *rlimit_expected(int kind) {
        switch (kind) {
        case RLIMIT_KIND_SIZE:
                return "sizes with optional K, M, G or T suffix";
        case RLIMIT_KIND_SECONDS:
                return "time spans in seconds (60, 5min)";
        case RLIMIT_KIND_USEC:
                return "microseconds";
        default:
                return "numbers";
        }
}

int parse_rlimit(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const char *colon = strchr(words[0], ':');
        _cleanup_free_ char *soft = colon ? strndup(words[0], colon - words[0]) : strdup(words[0]);
        rlim_t s, h;

        if (!soft)
                return ns_error_set_errno(err, -ENOMEM, "parse \"%s\"", words[0]);
        if (rlimit_value(d->arg, soft, &s) < 0 || rlimit_value(d->arg, colon ? colon + 1 : soft, &h) < 0)
                return ns_error_set(err, -EINVAL, "expected VALUE or SOFT:HARD, %s or infinity, got \"%s\"",
                        rlimit_expected(d->arg), words[0]);
        if (s > h)
                return ns_error_set(err, -EINVAL, "soft limit above hard limit in \"%s\"", words[0]);
        *CONF_FIELD(policy_rlimit, d, p) = (policy_rlimit){.set = true, .soft = s, .hard = h};
        return 0;
}
