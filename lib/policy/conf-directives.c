/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The directive table and its lookup; the parsers that serve many rows (bool,
 * enum) or read the table's name tables (Namespaces, with Hostname); the
 * helpers the per-family parsers (conf-parsers.h) share. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "policy/conf-directives.h"
#include "policy/conf-lexer.h"
#include "policy/conf-values.h"
#include "policy/conf-format.h"
#include "policy/conf-parsers.h"
#include "basic/strv.h"

static const char *const namespace_names[] = {"mount", "pid", "ipc", "uts", "net", "cgroup", "user", NULL};
static const char *const protect_system_names[] = {"no", "yes", "full", "strict", NULL};
static const char *const protect_home_names[] = {"no", "yes", "read-only", "tmpfs", "others", NULL};
static const char *const protect_proc_names[] = {"default", "noaccess", "invisible", "ptraceable", NULL};
static const char *const proc_subset_names[] = {"all", "pid", NULL};
static const char *const session_scope_names[] = {"login", "user", NULL};
static const char *const cgroup_limits_names[] = {"require", "warn", NULL};
static const char *const cgroup_backend_names[] = {"auto", "systemd", "cgroupfs", NULL};
/* Indexed by IOSchedulingClass; "" (unset) is never accepted as a value. */
const char *const io_scheduling_class_names[] = {"", "realtime", "best-effort", "idle", NULL};

int conf_set_string(char **field, const char *v, ns_error *err) {
        char *c = strdup(v);
        if (!c)
                return ns_error_set_errno(err, -ENOMEM, "store \"%s\"", v);
        free(*field);
        *field = c;
        return 0;
}

int conf_words_check(
        const conf_directive *d, char **words, bool token_syntax, conf_word_check_fn check, ns_error *err) {
        for (char **w = words; *w; w++) {
                int r = check(d, *w, token_syntax, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

int conf_strv_add(const conf_directive *d, policy *p, char **words, bool token_syntax,
        conf_word_check_fn check, conf_word_add_fn add, ns_error *err) {
        char ***field = CONF_FIELD(char **, d, p);
        int r;

        if (conf_words_empty(words)) {
                strv_free(*field);
                *field = NULL;
                return 0;
        }
        r = conf_words_check(d, words, token_syntax, check, err);
        if (r < 0)
                return r;
        for (char **w = words; *w; w++) {
                r = add(field, *w);
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
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
        return conf_set_string(CONF_FIELD(char *, d, p), words[0], err);
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
        {"SessionScope", parse_enum, format_enum, FIELD(session_scope), 0, 0, session_scope_names},
        {"KillOnLogout", parse_bool, format_bool, FIELD(kill_on_logout), 0, 0, NULL},
        {"MaxSessions", parse_limit_number, format_limit_number, FIELD(max_sessions), 0, 0, &count_range},
        {"RuntimeMaxSec", parse_limit_timespan, format_limit_timespan, FIELD(runtime_max_usec), 0, 0, NULL},
        {"TimeoutStopSec", parse_timeout_stop, format_timespan, FIELD(timeout_stop_usec), 0, 0, NULL},
        {"Shell", parse_shell, format_string, FIELD(shell), CONF_TOKENS, 0, NULL},
        {"Environment", parse_environment, format_strv, FIELD(environment), CONF_LIST | CONF_TOKENS, 0,
                NULL},
        /* issue 16: tenant network (lib/net/) */
        {"Network", parse_network, format_network, FIELD(network), 0, 0, NULL},
        {"NetworkPool", parse_network_pool, format_network_pool, FIELD(network_pool), CONF_GLOBAL, 0, NULL},
        {"IPAddressAllow", parse_ip_address_list, format_strv, FIELD(ip_address_allow), CONF_LIST, 0, NULL},
        {"IPAddressDeny", parse_ip_address_list, format_strv, FIELD(ip_address_deny), CONF_LIST, 0, NULL},
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
