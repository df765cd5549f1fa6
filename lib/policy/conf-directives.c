/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/socket.h>

#include "policy/conf-directives.h"
#include "policy/conf-lexer.h"
#include "policy/conf-values.h"
#include "policy/conf-format.h"
#include "policy/mount-options.h"
#include "basic/strv.h"
#include "policy/syscall-groups.h"

static const char *const namespace_names[] = {"mount", "pid", "ipc", "uts", "net", "cgroup", "user", NULL};
static const char *const protect_system_names[] = {"no", "yes", "full", "strict", NULL};
static const char *const protect_home_names[] = {"no", "yes", "read-only", "tmpfs", "others", NULL};
static const char *const protect_proc_names[] = {"default", "noaccess", "invisible", "ptraceable", NULL};
static const char *const proc_subset_names[] = {"all", "pid", NULL};
static const char *const cgroup_limits_names[] = {"require", "warn", NULL};
static const char *const cgroup_backend_names[] = {"auto", "systemd", "cgroupfs", NULL};
/* Indexed by IOSchedulingClass; "" (unset) is never accepted as a value. */
const char *const io_scheduling_class_names[] = {"", "realtime", "best-effort", "idle", NULL};

static int set_string(char **field, const char *v, ns_error *err) {
        char *c = strdup(v);
        if (!c)
                return ns_error_set_errno(err, -ENOMEM, "store \"%s\"", v);
        free(*field);
        *field = c;
        return 0;
}

static int parse_bool(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        if (conf_parse_bool(words[0], CONF_FIELD(bool, d, p)) < 0)
                return ns_error_set(err, -EINVAL, "expected yes or no, got \"%s\"", words[0]);
        return 0;
}

static int parse_namespaces(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        unsigned set = 0;

        for (char **w = words; *w; w++) {
                size_t i = 0;
                while (namespace_names[i] && strcasecmp(namespace_names[i], *w) != 0)
                        i++;
                if (!namespace_names[i])
                        return ns_error_set(err, -EINVAL,
                                "expected namespace names among mount pid ipc uts net cgroup user, got "
                                "\"%s\"",
                                *w);
                set |= 1u << i;
        }
        *CONF_FIELD(unsigned, d, p) = set;
        return 0;
}

static bool hostname_valid(const char *s, bool token_syntax) {
        size_t n = strlen(s);

        if (n == 0 || n > 64 || s[0] == '-' || s[0] == '.' || s[n - 1] == '.')
                return false;
        for (const char *c = s; *c; c++)
                if (!isalnum((unsigned char) *c) && *c != '-' && *c != '.' && !(token_syntax && *c == '%'))
                        return false;
        return true;
}

static int parse_hostname(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        if (!hostname_valid(words[0], token_syntax))
                return ns_error_set(err, -EINVAL,
                        "expected a host name (1-64 letters, digits, '-', '.'), got \"%s\"", words[0]);
        return set_string(CONF_FIELD(char *, d, p), words[0], err);
}

static const char *names_list(const char *const *names, char *buf, size_t size) {
        size_t n = 0;

        buf[0] = '\0';
        for (size_t i = 0; names[i] && n < size; i++)
                n += snprintf(buf + n, size - n, "%s%s", i > 0 ? ", " : "", names[i]);
        return buf;
}

static int parse_enum(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const char *const *names = d->data;
        char list[128];
        bool b;

        for (size_t i = 0; names[i]; i++)
                if (strcasecmp(names[i], words[0]) == 0) {
                        *CONF_FIELD(int, d, p) = (int) i;
                        return 0;
                }
        /* ProtectSystem/ProtectHome also take booleans, as in systemd */
        if (d->arg && conf_parse_bool(words[0], &b) >= 0) {
                *CONF_FIELD(int, d, p) = b ? 1 : 0;
                return 0;
        }
        return ns_error_set(err, -EINVAL, "expected one of %s, got \"%s\"",
                names_list(names, list, sizeof(list)), words[0]);
}

static int parse_io_class(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        for (size_t i = 1; io_scheduling_class_names[i]; i++)
                if (strcasecmp(io_scheduling_class_names[i], words[0]) == 0) {
                        *CONF_FIELD(IOSchedulingClass, d, p) = (IOSchedulingClass) i;
                        return 0;
                }
        return ns_error_set(
                err, -EINVAL, "expected one of realtime, best-effort, idle, got \"%s\"", words[0]);
}

static int check_path(const char *s, ns_error *err) {
        if (conf_check_abs_path(s) < 0)
                return ns_error_set(
                        err, -EINVAL, "expected an absolute path without . or .. components, got \"%s\"", s);
        return 0;
}

/* Each word checked by check, then all appended; "" clears the list. */
static int paths_add(const conf_directive *d, policy *p, char **words,
        int (*check)(const char *, ns_error *), ns_error *err) {
        char ***field = CONF_FIELD(char **, d, p);

        if (conf_words_empty(words)) {
                strv_free(*field);
                *field = NULL;
                return 0;
        }
        for (char **w = words; *w; w++) {
                int r = check(*w, err);
                if (r < 0)
                        return r;
        }
        for (char **w = words; *w; w++) {
                int r = strv_extend(field, *w);
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

/* PATH or -PATH (ignore if missing), as systemd.exec(5). */
static int check_path_optional(const char *s, ns_error *err) {
        bool optional;

        if (conf_check_abs_path(mount_path_strip(s, &optional)) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected an absolute path without . or .. components (\"-\" in front: ignore it if "
                        "missing), got \"%s\"",
                        s);
        return 0;
}

static int parse_paths(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return paths_add(d, p, words, check_path_optional, err);
}

static int check_tmpfs_spec(const char *s, ns_error *err) {
        tmpfs_spec spec;
        int r = tmpfs_spec_parse(s, &spec, err);

        tmpfs_spec_done(r >= 0 ? &spec : NULL);
        return r;
}

/* PATH[:OPTIONS]: mount flags and tmpfs options (policy/mount-options.h). */
static int parse_tmpfs_specs(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return paths_add(d, p, words, check_tmpfs_spec, err);
}

static void binds_clear(policy *p, bool read_only) {
        size_t k = 0;

        for (size_t i = 0; i < p->n_binds; i++) {
                if (p->binds[i].read_only == read_only) {
                        free(p->binds[i].source);
                        free(p->binds[i].dest);
                } else
                        p->binds[k++] = p->binds[i];
        }
        p->n_binds = k;
}

/* "[-]SOURCE[:DEST[:rbind|norbind]]" into b (sources and dests checked by
 * check_bind() first). */
static int bind_split(const char *spec, bool read_only, policy_bind *ret) {
        policy_bind b = {.read_only = read_only};
        const char *src = mount_path_strip(spec, &b.optional);
        const char *colon = strchr(src, ':'), *colon2 = colon ? strchr(colon + 1, ':') : NULL;

        b.no_recursive = colon2 && strcmp(colon2 + 1, "norbind") == 0;
        b.source = colon ? strndup(src, colon - src) : strdup(src);
        b.dest = colon ? strndup(colon + 1, colon2 ? (size_t) (colon2 - colon - 1) : strlen(colon + 1))
                       : strdup(src);
        if (!b.source || !b.dest) {
                free(b.source);
                free(b.dest);
                return -ENOMEM;
        }
        *ret = b;
        return 0;
}

/* BindPaths entries go before the first read-only one: the array keeps
 * "BindPaths then BindReadOnlyPaths" (policy.h), whatever the file order. */
static int binds_add(policy *p, const char *spec, bool read_only) {
        policy_bind b;
        policy_bind *m;
        size_t at = p->n_binds;

        if (bind_split(spec, read_only, &b) < 0)
                return -ENOMEM;
        m = realloc(p->binds, (p->n_binds + 1) * sizeof(*m));
        if (!m) {
                free(b.source);
                free(b.dest);
                return -ENOMEM;
        }
        p->binds = m;
        if (!read_only)
                for (at = 0; at < p->n_binds && !p->binds[at].read_only; at++)
                        ;
        memmove(m + at + 1, m + at, (p->n_binds - at) * sizeof(*m));
        m[at] = b;
        p->n_binds++;
        return 0;
}

static int check_bind(const char *spec, ns_error *err) {
        bool optional;
        const char *src = mount_path_strip(spec, &optional);
        const char *colon = strchr(src, ':'), *colon2 = colon ? strchr(colon + 1, ':') : NULL;
        policy_bind b;
        int bad;

        if (bind_split(spec, false, &b) < 0)
                return ns_error_set_errno(err, -ENOMEM, "check \"%s\"", spec);
        bad = conf_check_abs_path(b.source) < 0 || conf_check_abs_path(b.dest) < 0 ||
                (colon2 && strcmp(colon2 + 1, "rbind") != 0 && strcmp(colon2 + 1, "norbind") != 0);
        free(b.source);
        free(b.dest);
        if (bad)
                return ns_error_set(err, -EINVAL,
                        "expected [-]SOURCE[:DEST[:rbind|norbind]] with absolute paths, got \"%s\"", spec);
        return 0;
}

static int parse_binds(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        if (conf_words_empty(words)) {
                binds_clear(p, d->arg);
                return 0;
        }
        for (char **w = words; *w; w++) {
                int r = check_bind(*w, err);
                if (r < 0)
                        return r;
        }
        for (char **w = words; *w; w++) {
                int r = binds_add(p, *w, d->arg);
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

static int parse_cgroup_root(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const char *prefix = "/sys/fs/cgroup/";

        if (conf_check_abs_path(words[0]) < 0 || strncmp(words[0], prefix, strlen(prefix)) != 0 ||
                words[0][strlen(prefix)] == '\0')
                return ns_error_set(
                        err, -EINVAL, "expected an absolute path under %s, got \"%s\"", prefix, words[0]);
        return set_string(CONF_FIELD(char *, d, p), words[0], err);
}

static int parse_shell(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        int r = check_path(words[0], err);
        if (r < 0)
                return r;
        return set_string(CONF_FIELD(char *, d, p), words[0], err);
}

static int parse_limit_size(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
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
static int parse_tmpfs_size(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
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

static int parse_limit_number(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
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

static int parse_limit_percent(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t v;

        if (strcmp(words[0], "infinity") == 0)
                v = LIMIT_INFINITY;
        else if (conf_parse_percent(words[0], &v) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected a percentage like 50%% or 200%%, or infinity, got \"%s\"", words[0]);
        *CONF_FIELD(policy_limit, d, p) = (policy_limit){.set = true, .value = v};
        return 0;
}

static int parse_limit_timespan(
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
static int parse_timeout_stop(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
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

static int parse_rlimit(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
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

static int capability_from_name(const char *name, unsigned *ret) {
        char lower[64];
        cap_value_t cap;
        size_t n = strlen(name);

        if (n < 5 || n >= sizeof(lower) || strncasecmp(name, "cap_", 4) != 0)
                return -EINVAL;
        for (size_t i = 0; i <= n; i++)
                lower[i] = tolower((unsigned char) name[i]);
        if (cap_from_name(lower, &cap) < 0 || cap < 0 || cap > 63)
                return -EINVAL;
        *ret = cap;
        return 0;
}

static int parse_capabilities(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t *field = CONF_FIELD(uint64_t, d, p), add = 0;
        bool invert = words && words[0] && words[0][0] == '~';

        if (conf_words_empty(words)) {
                *field = 0;
                return 0;
        }
        /* As systemd: "~" on the first name means every capability but the
         * listed ones; lines add to the set. */
        for (char **w = words; *w; w++) {
                const char *name = *w + (w == words && invert);
                unsigned cap;
                if (name[0] == '\0' && w == words)
                        continue; /* a lone "~": all of them */
                if (capability_from_name(name, &cap) < 0)
                        return ns_error_set(err, -EINVAL,
                                "expected capability names such as CAP_NET_BIND_SERVICE, optionally with "
                                "\"~\" before the first, got \"%s\"",
                                *w);
                add |= UINT64_C(1) << cap;
        }
        if (invert) {
                unsigned last = (unsigned) cap_max_bits();
                uint64_t all = last >= 64 ? UINT64_MAX : (UINT64_C(1) << last) - 1;
                add = all & ~add;
        }
        *field |= add;
        return 0;
}

/* One SystemCallFilter word: "~" (optional), a system call or "@group" name,
 * ":ERRNO" (optional). Unknown names are kept: policy resolution ignores them,
 * as systemd does, and --check warns. */
static bool syscall_word_valid(const char *w) {
        _cleanup_free_ char *name = NULL;
        bool invert;
        int error;

        if (syscall_entry_split(w, &invert, &name, &error) < 0 || name[0] == '\0')
                return false;
        for (const char *c = name; *c; c++)
                if (!isalnum((unsigned char) *c) && *c != '_' && *c != '-' && !(c == name && *c == '@'))
                        return false;
        return true;
}

static bool is_nsshell_default(const char *w) {
        return strcmp(w + (w[0] == '~'), SYSCALL_SET_NSSHELL_DEFAULT) == 0;
}

/* As systemd: a "~" on the line's first entry makes the whole line a deny
 * entry. "@nsshell-default" (with or without "~") turns nsshell's own deny
 * set on and plays no part in that. Each entry is stored with its own "~"
 * so that the cascade can replay them in order (syscall_set_resolve()). */
static int parse_syscall_filter(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        bool first = true, invert = false;

        if (conf_words_empty(words)) {
                p->syscall_filter_default = false;
                strv_free(p->syscall_filter);
                p->syscall_filter = NULL;
                return 0;
        }
        for (char **w = words; *w; w++) {
                if (is_nsshell_default(*w))
                        continue;
                if (!syscall_word_valid(*w))
                        return ns_error_set(err, -EINVAL,
                                "expected [~]SYSCALL, [~]@GROUP or %s, optionally followed by :ERRNO, "
                                "got \"%s\"",
                                SYSCALL_SET_NSSHELL_DEFAULT, *w);
                if (first)
                        invert = (*w)[0] == '~';
                else if ((*w)[0] == '~' && !invert)
                        return ns_error_set(err, -EINVAL,
                                "\"~\" inverts the whole line and goes on its first entry only, got "
                                "\"%s\" after an entry without it",
                                *w);
                first = false;
        }
        for (char **w = words; *w; w++) {
                _cleanup_free_ char *entry = NULL;
                int r = 0;
                if (is_nsshell_default(*w)) {
                        p->syscall_filter_default = true;
                        continue;
                }
                if (asprintf(&entry, "%s%s", invert ? "~" : "", *w + ((*w)[0] == '~')) < 0)
                        r = -ENOMEM;
                else
                        r = strv_push(&p->syscall_filter, TAKE_PTR(entry));
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

static int parse_syscall_error_number(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        int *field = CONF_FIELD(int, d, p);

        if (strcmp(words[0], "kill") == 0) {
                *field = SYSCALL_ERROR_KILL;
                return 0;
        }
        if (syscall_errno_from_string(words[0], field) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected an errno name such as EPERM, a number from 1 to 4095, or kill, got \"%s\"",
                        words[0]);
        return 0;
}

/* RestrictNamespaces: systemd's names, in systemd's order. */
static const struct {
        const char *name;
        unsigned ns;
} restrict_ns_names[] = {
        {"cgroup", NS_CGROUP},
        {"ipc", NS_IPC},
        {"net", NS_NET},
        {"mnt", NS_MOUNT},
        {"pid", NS_PID},
        {"user", NS_USER},
        {"uts", NS_UTS},
};
#define NS_ALL (NS_DEFAULT | NS_USER)

/* As systemd 252: yes (none allowed), no (all allowed), a list of the kinds
 * allowed or, with "~" first, of those refused. The first assignment sets
 * the value; later lists add to it (or, with "~", take away); yes and no
 * replace it; "" resets it to unset (@nsshell-default's rules). */
static int parse_restrict_namespaces(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        unsigned set = 0;
        bool invert, b;

        if (conf_words_empty(words)) {
                p->restrict_namespaces_set = false;
                p->restrict_namespaces = 0;
                return 0;
        }
        if (!words[1] && conf_parse_bool(words[0], &b) >= 0) {
                p->restrict_namespaces_set = true;
                p->restrict_namespaces = b ? 0 : NS_ALL;
                return 0;
        }
        invert = words[0][0] == '~';
        for (char **w = words; *w; w++) {
                const char *name = *w + (w == words && invert);
                size_t i = 0;
                while (i < ELEMENTSOF(restrict_ns_names) && strcmp(restrict_ns_names[i].name, name) != 0)
                        i++;
                /* nsshell's own name for the mount namespace too */
                if (i == ELEMENTSOF(restrict_ns_names) && strcmp(name, "mount") == 0)
                        i = 3;
                if (i == ELEMENTSOF(restrict_ns_names))
                        return ns_error_set(err, -EINVAL,
                                "expected yes, no, or namespace kinds among cgroup ipc net mnt pid user "
                                "uts, "
                                "optionally with \"~\" before the first, got \"%s\"",
                                *w);
                set |= restrict_ns_names[i].ns;
        }
        if (!p->restrict_namespaces_set)
                p->restrict_namespaces = invert ? NS_ALL & ~set : set;
        else if (invert)
                p->restrict_namespaces &= ~set;
        else
                p->restrict_namespaces |= set;
        p->restrict_namespaces_set = true;
        return 0;
}

int format_restrict_namespaces(const conf_directive *d, const policy *p, FILE *f) {
        if (!p->restrict_namespaces_set)
                return 0;
        if (p->restrict_namespaces == 0 || p->restrict_namespaces == NS_ALL) {
                conf_format_word(f, p->restrict_namespaces == 0 ? "yes" : "no");
                return 1;
        }
        for (size_t i = 0; i < ELEMENTSOF(restrict_ns_names); i++)
                if (p->restrict_namespaces & restrict_ns_names[i].ns)
                        conf_format_word(f, restrict_ns_names[i].name);
        return 1;
}

/* RestrictAddressFamilies: the families the C library names, and the
 * aliases it has for three of them (accepted, never written back). */
static const struct {
        const char *name;
        int af;
} af_names[] = {
        {"AF_UNIX", AF_UNIX},
        {"AF_INET", AF_INET},
        {"AF_AX25", AF_AX25},
        {"AF_IPX", AF_IPX},
        {"AF_APPLETALK", AF_APPLETALK},
        {"AF_NETROM", AF_NETROM},
        {"AF_BRIDGE", AF_BRIDGE},
        {"AF_ATMPVC", AF_ATMPVC},
        {"AF_X25", AF_X25},
        {"AF_INET6", AF_INET6},
        {"AF_ROSE", AF_ROSE},
        {"AF_DECnet", AF_DECnet},
        {"AF_NETBEUI", AF_NETBEUI},
        {"AF_SECURITY", AF_SECURITY},
        {"AF_KEY", AF_KEY},
        {"AF_NETLINK", AF_NETLINK},
        {"AF_PACKET", AF_PACKET},
        {"AF_ASH", AF_ASH},
        {"AF_ECONET", AF_ECONET},
        {"AF_ATMSVC", AF_ATMSVC},
        {"AF_RDS", AF_RDS},
        {"AF_SNA", AF_SNA},
        {"AF_IRDA", AF_IRDA},
        {"AF_PPPOX", AF_PPPOX},
        {"AF_WANPIPE", AF_WANPIPE},
        {"AF_LLC", AF_LLC},
        {"AF_IB", AF_IB},
        {"AF_MPLS", AF_MPLS},
        {"AF_CAN", AF_CAN},
        {"AF_TIPC", AF_TIPC},
        {"AF_BLUETOOTH", AF_BLUETOOTH},
        {"AF_IUCV", AF_IUCV},
        {"AF_RXRPC", AF_RXRPC},
        {"AF_ISDN", AF_ISDN},
        {"AF_PHONET", AF_PHONET},
        {"AF_IEEE802154", AF_IEEE802154},
        {"AF_CAIF", AF_CAIF},
        {"AF_ALG", AF_ALG},
        {"AF_NFC", AF_NFC},
        {"AF_VSOCK", AF_VSOCK},
        {"AF_KCM", AF_KCM},
        {"AF_QIPCRTR", AF_QIPCRTR},
        {"AF_SMC", AF_SMC},
        {"AF_XDP", AF_XDP},
        {"AF_MCTP", AF_MCTP},
        {"AF_LOCAL", AF_LOCAL},
        {"AF_FILE", AF_FILE},
        {"AF_ROUTE", AF_ROUTE},
};
#define AF_CANONICAL (ELEMENTSOF(af_names) - 3)

/* As systemd 252: "none" (an empty allow-list), a list of the families
 * allowed or, with "~" first, of those refused. The first list picks the
 * mode; later lists add to the set when their "~" matches it and remove
 * otherwise; "" resets (no restriction). Unlike systemd, an unknown name is
 * an error: a deny-list with a typo would silently allow what it meant to
 * refuse. */
static int parse_address_families(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t set = 0;
        bool invert;

        if (conf_words_empty(words)) {
                p->address_families_set = false;
                p->address_families_allow_list = false;
                p->address_families = 0;
                return 0;
        }
        if (!words[1] && strcmp(words[0], "none") == 0) {
                p->address_families_set = true;
                p->address_families_allow_list = true;
                p->address_families = 0;
                return 0;
        }
        invert = words[0][0] == '~';
        for (char **w = words; *w; w++) {
                const char *name = *w + (w == words && invert);
                size_t i = 0;
                while (i < ELEMENTSOF(af_names) && strcmp(af_names[i].name, name) != 0)
                        i++;
                if (i == ELEMENTSOF(af_names))
                        return ns_error_set(err, -EINVAL,
                                "expected none, or address family names such as AF_UNIX AF_INET AF_INET6, "
                                "optionally with \"~\" before the first, got \"%s\"",
                                *w);
                set |= UINT64_C(1) << af_names[i].af;
        }
        /* systemd picks the mode again while its set is empty (unset, or after "none") */
        if (!p->address_families_set || p->address_families == 0) {
                p->address_families_set = true;
                p->address_families_allow_list = !invert;
        }
        if (p->address_families_allow_list != invert)
                p->address_families |= set;
        else
                p->address_families &= ~set;
        return 0;
}

int format_address_families(const conf_directive *d, const policy *p, FILE *f) {
        bool first = true;

        if (!p->address_families_set || (!p->address_families_allow_list && p->address_families == 0))
                return 0;
        if (p->address_families_allow_list && p->address_families == 0) {
                conf_format_word(f, "none");
                return 1;
        }
        for (size_t i = 0; i < AF_CANONICAL; i++) {
                char word[32];
                if (!(p->address_families & (UINT64_C(1) << af_names[i].af)))
                        continue;
                snprintf(word, sizeof(word), "%s%s", first && !p->address_families_allow_list ? "~" : "",
                        af_names[i].name);
                conf_format_word(f, word);
                first = false;
        }
        return 1;
}

/* SystemCallArchitectures: systemd 252's architecture identifiers, in the
 * order --explain writes them. */
static const char *const syscall_arch_names[] = {
        "native",
        "x86",
        "x86-64",
        "x32",
        "arm",
        "arm64",
        "loongarch64",
        "mips",
        "mips-le",
        "mips64",
        "mips64-le",
        "mips64-n32",
        "mips64-le-n32",
        "parisc",
        "parisc64",
        "ppc",
        "ppc64",
        "ppc64-le",
        "riscv64",
        "s390",
        "s390x",
};

/* As systemd 252: each line adds its identifiers to the set, "" empties it
 * (no restriction). Unlike systemd, which ignores an unknown identifier, an
 * unknown one is an error: a misspelt "i386" or "x86_64" would otherwise
 * leave the ABI the admin meant to allow refused, its programs killed. */
static int parse_syscall_architectures(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint32_t set = 0;

        if (conf_words_empty(words)) {
                p->syscall_architectures = 0;
                return 0;
        }
        for (char **w = words; *w; w++) {
                size_t i = 0;
                while (i < ELEMENTSOF(syscall_arch_names) && strcmp(syscall_arch_names[i], *w) != 0)
                        i++;
                if (i == ELEMENTSOF(syscall_arch_names))
                        return ns_error_set(err, -EINVAL,
                                "expected architecture identifiers such as native, x86, x86-64, x32 (as "
                                "systemd.exec(5)), got \"%s\"",
                                *w);
                set |= UINT32_C(1) << i;
        }
        p->syscall_architectures |= set;
        return 0;
}

int format_syscall_architectures(const conf_directive *d, const policy *p, FILE *f) {
        if (p->syscall_architectures == 0)
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(syscall_arch_names); i++)
                if (p->syscall_architectures & (UINT32_C(1) << i))
                        conf_format_word(f, syscall_arch_names[i]);
        return 1;
}

static bool env_key_valid(const char *s, size_t n, bool token_syntax) {
        if (n == 0 || isdigit((unsigned char) s[0]))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!isalnum((unsigned char) s[i]) && s[i] != '_' && !(token_syntax && s[i] == '%'))
                        return false;
        return true;
}

/* Later assignments of a KEY replace earlier ones, so the list holds each KEY once. */
static int env_set(char ***env, const char *entry) {
        size_t n = strcspn(entry, "=") + 1, k = 0;

        for (size_t i = 0; *env && (*env)[i]; i++) {
                if (strncmp((*env)[i], entry, n) == 0)
                        free((*env)[i]);
                else
                        (*env)[k++] = (*env)[i];
        }
        if (*env)
                (*env)[k] = NULL;
        return strv_extend(env, entry);
}

static int parse_environment(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        char ***field = CONF_FIELD(char **, d, p);

        if (conf_words_empty(words)) {
                strv_free(*field);
                *field = NULL;
                return 0;
        }
        for (char **w = words; *w; w++) {
                const char *eq = strchr(*w, '=');
                if (!eq || !env_key_valid(*w, eq - *w, token_syntax))
                        return ns_error_set(err, -EINVAL,
                                "expected KEY=VALUE with KEY of letters, digits and _, got \"%s\"", *w);
                /* The login's identity comes from NSS, never from the policy. */
                if (policy_environment_key_reserved(*w))
                        return ns_error_set(err, -EINVAL,
                                "HOME, USER and LOGNAME are set from the user's account, got \"%s\"", *w);
        }
        for (char **w = words; *w; w++) {
                int r = env_set(field, *w);
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

/* A decimal integer from range->min to range->max, a leading '-' allowed. */
static int parse_int(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const conf_int_range *range = d->data;
        const char *s = words[0];
        uint64_t v;
        bool negative = s[0] == '-';
        long long n;

        if (conf_parse_uint(negative ? s + 1 : s, 0, 1u << 20, &v) < 0 ||
                (n = negative ? -(long long) v : (long long) v) < range->min || n > range->max)
                return ns_error_set(err, -EINVAL, "expected a number from %d to %d, got \"%s\"", range->min,
                        range->max, s);
        *CONF_FIELD(policy_int, d, p) = (policy_int){.set = true, .value = (int) n};
        return 0;
}

/* An octal file mode creation mask, as systemd's UMask= (0022, 027, 0). */
static int parse_umask(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const char *s = words[0];
        char *end = NULL;
        unsigned long v;

        errno = 0;
        v = strtoul(s, &end, 8);
        if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || s[0] == '+' ||
                isspace((unsigned char) s[0]) || v > 07777)
                return ns_error_set(err, -EINVAL, "expected an octal mask from 0000 to 7777, got \"%s\"", s);
        *CONF_FIELD(policy_int, d, p) = (policy_int){.set = true, .value = (int) v};
        return 0;
}

/* Names of the variables a list directive takes; with WITH_VALUE (UnsetEnvironment)
 * a whole KEY=VALUE entry too. */
static int parse_env_names(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        char ***field = CONF_FIELD(char **, d, p);

        if (conf_words_empty(words)) {
                strv_free(*field);
                *field = NULL;
                return 0;
        }
        for (char **w = words; *w; w++) {
                size_t n = strcspn(*w, "=");
                if (!env_key_valid(*w, n, false) || ((*w)[n] == '=' && !d->arg))
                        return ns_error_set(err, -EINVAL, "expected %s, got \"%s\"",
                                d->arg ? "variable names or KEY=VALUE entries" : "variable names", *w);
        }
        for (char **w = words; *w; w++) {
                int r = strv_contains(*field, *w) ? 0 : strv_extend(field, *w);
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

/* EnvironmentFile: absolute paths, each with an optional leading '-'. */
static int parse_env_files(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        char ***field = CONF_FIELD(char **, d, p);

        if (conf_words_empty(words)) {
                strv_free(*field);
                *field = NULL;
                return 0;
        }
        for (char **w = words; *w; w++) {
                int r = check_path(*w + (**w == '-'), err);
                if (r < 0)
                        return r;
        }
        for (char **w = words; *w; w++) {
                int r = strv_extend(field, *w);
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

#define FIELD(f) offsetof(policy, f)
#define RLIMIT_ROW(name, res, kind)                                                                         \
        { name, parse_rlimit, format_rlimit, FIELD(rlimits[res]), 0, kind, NULL }

static const conf_range weight_range = {1, 10000, false};
static const conf_range count_range = {1, LIMIT_INFINITY - 1, true};
static const conf_range io_priority_range = {0, 7, false};
static const conf_int_range nice_range = {-20, 19};
static const conf_int_range oom_score_adjust_range = {-1000, 1000};

static const conf_directive table[] = {
        {"Isolate", parse_bool, format_bool, FIELD(isolate), 0, 0, NULL},
        {"Namespaces", parse_namespaces, format_namespaces, FIELD(namespaces), CONF_MULTI, 0,
                namespace_names},
        {"Hostname", parse_hostname, format_string, FIELD(hostname), CONF_TOKENS, 0, NULL},
        {"PrivateTmp", parse_bool, format_bool, FIELD(private_tmp), 0, 0, NULL},
        {"PrivateRun", parse_bool, format_bool, FIELD(private_run), 0, 0, NULL},
        {"ProtectUserManager", parse_bool, format_bool, FIELD(protect_user_manager), 0, 0, NULL},
        {"ProtectSystem", parse_enum, format_enum, FIELD(protect_system), 0, 1, protect_system_names},
        {"ProtectHome", parse_enum, format_enum, FIELD(protect_home), 0, 1, protect_home_names},
        {"ReadOnlyPaths", parse_paths, format_strv, FIELD(read_only_paths), CONF_LIST | CONF_TOKENS, 0,
                NULL},
        {"ReadWritePaths", parse_paths, format_strv, FIELD(read_write_paths), CONF_LIST | CONF_TOKENS, 0,
                NULL},
        {"InaccessiblePaths", parse_paths, format_strv, FIELD(inaccessible_paths), CONF_LIST | CONF_TOKENS,
                0, NULL},
        {"BindPaths", parse_binds, format_binds, FIELD(binds), CONF_LIST | CONF_TOKENS, false, NULL},
        {"BindReadOnlyPaths", parse_binds, format_binds, FIELD(binds), CONF_LIST | CONF_TOKENS, true, NULL},
        {"TemporaryFileSystem", parse_tmpfs_specs, format_strv, FIELD(temporary_filesystems),
                CONF_LIST | CONF_TOKENS, 0, NULL},
        {"TmpfsSize", parse_tmpfs_size, format_tmpfs_size, FIELD(tmpfs_size), 0, 0, NULL},
        {"CgroupRoot", parse_cgroup_root, format_string, FIELD(cgroup_root), CONF_GLOBAL, 0, NULL},
        {"CgroupBackend", parse_enum, format_enum, FIELD(cgroup_backend), CONF_GLOBAL, 0,
                cgroup_backend_names},
        {"CgroupLimits", parse_enum, format_enum, FIELD(cgroup_limits), 0, 0, cgroup_limits_names},
        {"MemoryMax", parse_limit_size, format_limit_size, FIELD(memory_max), 0, 0, NULL},
        {"MemoryHigh", parse_limit_size, format_limit_size, FIELD(memory_high), 0, 0, NULL},
        {"MemorySwapMax", parse_limit_size, format_limit_size, FIELD(memory_swap_max), 0, 0, NULL},
        {"TasksMax", parse_limit_number, format_limit_number, FIELD(tasks_max), 0, 0, &count_range},
        {"CPUQuota", parse_limit_percent, format_limit_percent, FIELD(cpu_quota_percent), 0, 0, NULL},
        {"CPUWeight", parse_limit_number, format_limit_number, FIELD(cpu_weight), 0, 0, &weight_range},
        {"IOWeight", parse_limit_number, format_limit_number, FIELD(io_weight), 0, 0, &weight_range},
        RLIMIT_ROW("LimitCPU", RLIMIT_CPU, RLIMIT_KIND_SECONDS),
        RLIMIT_ROW("LimitFSIZE", RLIMIT_FSIZE, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitDATA", RLIMIT_DATA, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitSTACK", RLIMIT_STACK, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitCORE", RLIMIT_CORE, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitRSS", RLIMIT_RSS, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitNOFILE", RLIMIT_NOFILE, RLIMIT_KIND_NUMBER),
        RLIMIT_ROW("LimitAS", RLIMIT_AS, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitNPROC", RLIMIT_NPROC, RLIMIT_KIND_NUMBER),
        RLIMIT_ROW("LimitMEMLOCK", RLIMIT_MEMLOCK, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitLOCKS", RLIMIT_LOCKS, RLIMIT_KIND_NUMBER),
        RLIMIT_ROW("LimitSIGPENDING", RLIMIT_SIGPENDING, RLIMIT_KIND_NUMBER),
        RLIMIT_ROW("LimitMSGQUEUE", RLIMIT_MSGQUEUE, RLIMIT_KIND_SIZE),
        RLIMIT_ROW("LimitNICE", RLIMIT_NICE, RLIMIT_KIND_NUMBER),
        RLIMIT_ROW("LimitRTPRIO", RLIMIT_RTPRIO, RLIMIT_KIND_NUMBER),
        RLIMIT_ROW("LimitRTTIME", RLIMIT_RTTIME, RLIMIT_KIND_USEC),
        {"NoNewPrivileges", parse_bool, format_bool, FIELD(no_new_privileges), 0, 0, NULL},
        {"CapabilityBoundingSet", parse_capabilities, format_capabilities, FIELD(capability_bounding_set),
                CONF_LIST, 0, NULL},
        {"SystemCallFilter", parse_syscall_filter, format_syscall_filter, FIELD(syscall_filter), CONF_LIST,
                0, NULL},
        /* issue 14, seccomp part: systemd.exec(5)'s system call and process restrictions */
        {"SystemCallErrorNumber", parse_syscall_error_number, format_syscall_error_number,
                FIELD(syscall_error_number), 0, 0, NULL},
        /* paths (issue 14): NoExecPaths, ExecPaths */
        {"NoExecPaths", parse_paths, format_strv, FIELD(no_exec_paths), CONF_LIST | CONF_TOKENS, 0, NULL},
        {"ExecPaths", parse_paths, format_strv, FIELD(exec_paths), CONF_LIST | CONF_TOKENS, 0, NULL},
        /* process: process properties and the environment (issue 14) */
        {"UMask", parse_umask, format_umask, FIELD(umask), 0, 0, NULL},
        {"Nice", parse_int, format_int, FIELD(nice), 0, 0, &nice_range},
        {"OOMScoreAdjust", parse_int, format_int, FIELD(oom_score_adjust), 0, 0, &oom_score_adjust_range},
        {"IOSchedulingClass", parse_io_class, format_io_class, FIELD(io_scheduling_class), 0, 0,
                io_scheduling_class_names},
        {"IOSchedulingPriority", parse_limit_number, format_limit_number, FIELD(io_scheduling_priority), 0,
                0, &io_priority_range},
        {"PassEnvironment", parse_env_names, format_strv, FIELD(pass_environment), CONF_LIST, false, NULL},
        {"UnsetEnvironment", parse_env_names, format_strv, FIELD(unset_environment), CONF_LIST, true, NULL},
        {"EnvironmentFile", parse_env_files, format_strv, FIELD(environment_files), CONF_LIST | CONF_TOKENS,
                0, NULL},
        /* issue 14, protect: kernel and device protections */
        {"PrivateDevices", parse_bool, format_bool, FIELD(private_devices), 0, 0, NULL},
        {"ProtectKernelTunables", parse_bool, format_bool, FIELD(protect_kernel_tunables), 0, 0, NULL},
        {"ProtectKernelModules", parse_bool, format_bool, FIELD(protect_kernel_modules), 0, 0, NULL},
        {"ProtectKernelLogs", parse_bool, format_bool, FIELD(protect_kernel_logs), 0, 0, NULL},
        {"ProtectControlGroups", parse_bool, format_bool, FIELD(protect_control_groups), 0, 0, NULL},
        {"ProtectClock", parse_bool, format_bool, FIELD(protect_clock), 0, 0, NULL},
        {"ProtectProc", parse_enum, format_enum, FIELD(protect_proc), 0, 0, protect_proc_names},
        {"ProcSubset", parse_enum, format_enum, FIELD(proc_subset), 0, 0, proc_subset_names},
        /* issue 14, seccomp part: systemd's other filter-based restrictions */
        {"RestrictNamespaces", parse_restrict_namespaces, format_restrict_namespaces,
                FIELD(restrict_namespaces), CONF_LIST, 0, NULL},
        {"RestrictAddressFamilies", parse_address_families, format_address_families, FIELD(address_families),
                CONF_LIST, 0, NULL},
        {"RestrictSUIDSGID", parse_bool, format_bool, FIELD(restrict_suid_sgid), 0, 0, NULL},
        {"LockPersonality", parse_bool, format_bool, FIELD(lock_personality), 0, 0, NULL},
        {"MemoryDenyWriteExecute", parse_bool, format_bool, FIELD(memory_deny_write_execute), 0, 0, NULL},
        {"RestrictRealtime", parse_bool, format_bool, FIELD(restrict_realtime), 0, 0, NULL},
        {"SystemCallArchitectures", parse_syscall_architectures, format_syscall_architectures,
                FIELD(syscall_architectures), CONF_LIST, 0, NULL},
        {"KillOnLogout", parse_bool, format_bool, FIELD(kill_on_logout), 0, 0, NULL},
        {"MaxSessions", parse_limit_number, format_limit_number, FIELD(max_sessions), 0, 0, &count_range},
        {"RuntimeMaxSec", parse_limit_timespan, format_limit_timespan, FIELD(runtime_max_usec), 0, 0, NULL},
        {"TimeoutStopSec", parse_timeout_stop, format_timespan, FIELD(timeout_stop_usec), 0, 0, NULL},
        {"Shell", parse_shell, format_string, FIELD(shell), CONF_TOKENS, 0, NULL},
        {"Environment", parse_environment, format_strv, FIELD(environment), CONF_LIST | CONF_TOKENS, 0,
                NULL},
};

const conf_directive *conf_directive_find(const char *name) {
        assert(name);

        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (conf_name_eq(table[i].name, name))
                        return &table[i];
        return NULL;
}

const conf_directive *conf_directives(size_t *ret_n) {
        assert(ret_n);

        *ret_n = ELEMENTSOF(table);
        return table;
}

int conf_directive_apply(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        size_t n = strv_length(words);

        assert(d);
        assert(p);

        if (conf_words_empty(words) && !(d->flags & CONF_LIST))
                return ns_error_set(err, -EINVAL, "expected a value");
        if (n != 1 && !(d->flags & (CONF_LIST | CONF_MULTI)))
                return ns_error_set(
                        err, -EINVAL, "expected one value, got %zu (quote a value with blanks: \"...\")", n);
        return d->parse(d, p, words, token_syntax, err);
}
