/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The resolved policy: what nsshell.conf(5) says for one user, one service and
 * one session, after Match blocks, the cascade and %-token expansion.
 *
 * This struct is the contract between the policy language (conf-*.c,
 * policy-resolve.c) and everything that enforces it (namespaces, mounts,
 * cgroups, credentials, seccomp). Enforcement code reads it and never parses.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "basic/error.h"

/* Namespace set, as bits; the order is the order nsshell creates them in. */
enum {
        NS_MOUNT = 1u << 0,
        NS_PID = 1u << 1,
        NS_IPC = 1u << 2,
        NS_UTS = 1u << 3,
        NS_NET = 1u << 4,
        NS_CGROUP = 1u << 5,
        NS_USER = 1u << 6,
};
#define NS_DEFAULT (NS_MOUNT | NS_PID | NS_IPC | NS_UTS | NS_NET | NS_CGROUP)

/* SystemCallArchitectures: the identifiers of systemd.exec(5), as bits. Only
 * the x86 ones name an ABI of the machines nsshell runs on (x86_64); the
 * others are accepted, as systemd does, and restrict nothing there. */
enum {
        SYSCALL_ARCH_NATIVE = 1u << 0,
        SYSCALL_ARCH_X86 = 1u << 1, /* i386, int 0x80 */
        SYSCALL_ARCH_X86_64 = 1u << 2,
        SYSCALL_ARCH_X32 = 1u << 3,
        SYSCALL_ARCH_OTHER_FIRST = 1u << 4, /* arm, arm64, mips..., ppc..., riscv64, s390... */
};

typedef enum ProtectSystem {
        PROTECT_SYSTEM_NO,
        PROTECT_SYSTEM_YES, /* /usr, /boot, /efi read-only */
        PROTECT_SYSTEM_FULL, /* ... and /etc */
        PROTECT_SYSTEM_STRICT, /* the whole tree but /dev, /proc, /sys */
} ProtectSystem;

typedef enum ProtectHome {
        PROTECT_HOME_NO,
        PROTECT_HOME_YES, /* /home, /root, /run/user inaccessible */
        PROTECT_HOME_READ_ONLY, /* ... read-only */
        PROTECT_HOME_TMPFS, /* ... empty tmpfs */
        PROTECT_HOME_OTHERS, /* every home but the user's own hidden */
} ProtectHome;

/* ProtectProc (issue 14, protect): hidepid= of the session's own /proc. */
typedef enum ProtectProc {
        PROTECT_PROC_DEFAULT, /* no hidepid= */
        PROTECT_PROC_NOACCESS, /* hidepid=noaccess: other users' /proc/PID unreadable */
        PROTECT_PROC_INVISIBLE, /* hidepid=invisible: ... and not listed */
        PROTECT_PROC_PTRACEABLE, /* hidepid=ptraceable: only what the caller may ptrace */
} ProtectProc;

typedef enum ProcSubset {
        PROC_SUBSET_ALL,
        PROC_SUBSET_PID, /* subset=pid: only the /proc/PID directories */
} ProcSubset;

/* SessionScope: what one login's namespaces, mounts and init belong to. */
typedef enum SessionScope {
        SESSION_SCOPE_LOGIN, /* each login its own (session/session.h) */
        SESSION_SCOPE_USER, /* one environment per user, joined by later logins (session/environment.h) */
} SessionScope;

typedef enum cgroup_backend {
        CGROUP_BACKEND_AUTO, /* systemd where systemd is PID 1, else cgroupfs */
        CGROUP_BACKEND_SYSTEMD, /* logind's scope, limits through systemd (cgroup/cgroup-systemd.h) */
        CGROUP_BACKEND_CGROUPFS, /* nsshell's own tree below CgroupRoot (cgroup/cgroup-cgroupfs.h) */
} cgroup_backend;

typedef enum CgroupLimitsMode {
        CGROUP_LIMITS_REQUIRE, /* refuse the login if a limit cannot be applied */
        CGROUP_LIMITS_WARN, /* apply what can be, log the rest */
} CgroupLimitsMode;

/* SystemCallErrorNumber "kill": a filtered call kills the process. */
#define SYSCALL_ERROR_KILL (-1)

/* A 64-bit quantity that may be unset (write nothing) or infinity. */
#define LIMIT_INFINITY UINT64_MAX

/* TimeoutStopSec: how long a session's processes have between SIGTERM+SIGHUP
 * and SIGKILL when it ends (nsshell.conf(5), docs/DESIGN.md "Session
 * lifecycle"). The close of a login waits that long at most: sshd's monitor,
 * login and su block in it, hence far below systemd's 90 s, and capped. */
#define POLICY_TIMEOUT_STOP_DEFAULT_USEC (5 * 1000000ULL)
#define POLICY_TIMEOUT_STOP_MAX_USEC (300 * 1000000ULL)
typedef struct policy_limit {
        bool set;
        uint64_t value; /* LIMIT_INFINITY for "infinity" */
} policy_limit;

typedef struct policy_rlimit {
        bool set;
        rlim_t soft, hard; /* RLIM_INFINITY for "infinity" */
} policy_rlimit;

/* The size of the tmpfs mounts nsshell makes for a session (TmpfsSize):
 * bytes, or a percentage of RAM as tmpfs(5) reads "size=N%". */
typedef struct policy_tmpfs_size {
        uint64_t value;
        bool percent;
} policy_tmpfs_size;

typedef struct policy_bind {
        char *source; /* absolute */
        char *dest; /* absolute; equal to source when no ":dst" was given */
        bool read_only;
        bool optional; /* "-SOURCE": skipped when the source is missing */
        bool no_recursive; /* ":norbind": the source's mount only, without the mounts below it */
} policy_bind;

#define POLICY_RLIMIT_MAX RLIMIT_NLIMITS

/* A signed number that may be unset (Nice, OOMScoreAdjust, UMask). */
typedef struct policy_int {
        bool set;
        int value;
} policy_int;

/* IOSchedulingClass, as the kernel numbers the classes (IOPRIO_CLASS_*). */
typedef enum IOSchedulingClass {
        IO_SCHEDULING_CLASS_UNSET,
        IO_SCHEDULING_CLASS_REALTIME,
        IO_SCHEDULING_CLASS_BEST_EFFORT,
        IO_SCHEDULING_CLASS_IDLE,
} IOSchedulingClass;

/* Network (nsshell.conf(5)): what the session's network namespace holds.
 * NETWORK_UNSET follows Namespaces: none with net in it, else host. */
typedef enum network_mode {
        NETWORK_UNSET,
        NETWORK_NONE, /* a network namespace with only lo */
        NETWORK_HOST, /* no network namespace: the host's network */
        NETWORK_NAT, /* lo plus a veth to nsshell's bridge, source NAT out of the host (lib/net/) */
} network_mode;

/* NetworkPool: an IPv4 prefix; len 0 means unset (the built-in pool). */
typedef struct policy_ipv4_pool {
        uint32_t addr; /* host byte order */
        unsigned len;
} policy_ipv4_pool;

typedef struct policy {
        bool isolate;
        unsigned namespaces; /* NS_* bits */
        char *hostname; /* NULL: keep the host's name in the new UTS ns */

        /* filesystem */
        bool private_tmp;
        bool protect_user_manager; /* a private /run/user/UID (mounts.h) */
        bool private_run; /* a private /run with a fixed list bound back (mounts.h) */
        policy_tmpfs_size tmpfs_size; /* PrivateTmp, PrivateRun, TemporaryFileSystem */
        ProtectSystem protect_system;
        ProtectHome protect_home;
        /* Path lists: NULL-terminated, may be NULL; each absolute, or "-" then
         * absolute: ignore it when missing (policy/mount-options.h). */
        char **read_only_paths;
        char **read_write_paths;
        char **inaccessible_paths;
        policy_bind *binds; /* BindPaths then BindReadOnlyPaths, in order */
        size_t n_binds;
        char **temporary_filesystems; /* "PATH[:OPTIONS]" (policy/mount-options.h) */
        char **no_exec_paths; /* NoExecPaths, then ExecPaths below them */
        char **exec_paths;

        /* kernel and device protections (issue 14, protect): mounts in the
         * session's namespace, and the system calls and capabilities
         * protect_syscalls()/protect_capabilities() derive from them */
        bool private_devices; /* a minimal /dev of the session's own */
        bool protect_kernel_tunables; /* /proc/sys, /sys, ... read-only */
        bool protect_kernel_modules; /* /usr/lib/modules hidden, module calls denied */
        bool protect_kernel_logs; /* /proc/kmsg, /dev/kmsg hidden, syslog(2) denied */
        bool protect_control_groups; /* /sys/fs/cgroup read-only */
        bool protect_clock; /* clock-setting calls denied */
        ProtectProc protect_proc; /* hidepid= of the session's /proc */
        ProcSubset proc_subset; /* subset= of the session's /proc */

        /* cgroup (applied to the user's slice) */
        cgroup_backend cgroup_backend;
        char *cgroup_root; /* absolute, under /sys/fs/cgroup; the cgroupfs backend's */
        CgroupLimitsMode cgroup_limits;
        policy_limit memory_max, memory_high, memory_swap_max; /* bytes */
        policy_limit tasks_max;
        policy_limit cpu_quota_percent; /* 20 means 20% of one CPU */
        policy_limit cpu_weight, io_weight; /* 1..10000 */

        /* credentials, hardening */
        policy_rlimit rlimits[POLICY_RLIMIT_MAX]; /* indexed by RLIMIT_* */
        bool no_new_privileges;
        uint64_t capability_bounding_set; /* bit n = capability n kept */
        bool syscall_filter_default; /* @nsshell-default, nsshell's own deny set, on */
        char **syscall_filter; /* SystemCallFilter entries in order, "[~]NAME[:ERRNO]" (syscall-groups.h) */
        int syscall_error_number; /* SystemCallErrorNumber: an errno, or SYSCALL_ERROR_KILL */
        /* systemd.exec(5)'s other filter-based restrictions, all in the
         * login-shell stage's filter (hardening/seccomp-filter.h) */
        bool restrict_namespaces_set; /* RestrictNamespaces given: replaces @nsshell-default's own rules */
        unsigned restrict_namespaces; /* the NS_* kinds still allowed (created or joined) */
        bool address_families_set; /* RestrictAddressFamilies given */
        bool address_families_allow_list; /* only the listed families; else all but them */
        uint64_t address_families; /* bit n: AF n (n < 64) */
        bool restrict_suid_sgid;
        bool lock_personality;
        bool memory_deny_write_execute;
        bool restrict_realtime;
        /* SystemCallArchitectures: SYSCALL_ARCH_* bits of the identifiers listed,
         * 0 when unset or reset (every ABI allowed) */
        uint32_t syscall_architectures;

        /* session */
        SessionScope session_scope;
        bool kill_on_logout;
        policy_limit max_sessions; /* unset: unlimited */
        policy_limit runtime_max_usec; /* unset or infinity: no limit */
        /* between SIGTERM+SIGHUP and SIGKILL when the session ends; 0: SIGKILL
         * at once; never infinity, at most POLICY_TIMEOUT_STOP_MAX_USEC */
        uint64_t timeout_stop_usec;
        char *shell; /* the real shell, absolute */
        char **environment; /* "KEY=VALUE", later ones win */

        /* process properties and environment (hardening/process.h, hardening/environment.h) */
        policy_int umask; /* 0..07777 */
        policy_int nice; /* -20..19 */
        policy_int oom_score_adjust; /* -1000..1000 */
        IOSchedulingClass io_scheduling_class;
        policy_limit io_scheduling_priority; /* 0..7 */
        char **pass_environment; /* names taken from the caller's environment */
        char **unset_environment; /* names, or exact "KEY=VALUE" entries, removed last */
        char **environment_files; /* absolute paths; a leading '-': ignored when missing */

        /* tenant network (issue 16, lib/net/) */
        network_mode network;
        policy_ipv4_pool network_pool; /* global */
        /* IPAddressAllow/IPAddressDeny: "any", "localhost", "link-local",
         * "multicast" or a canonical IPv4 prefix "a.b.c.d/LEN" */
        char **ip_address_allow;
        char **ip_address_deny;
} policy;

/* The built-in values before any directive is applied (see nsshell.conf(5)). */
int policy_new_default(policy **ret);
void policy_free(policy *p);
static inline void policy_freep(policy **p) {
        policy_free(*p);
}
#define _cleanup_policy_free_ _cleanup_(policy_freep)

/* True when ENTRY ("KEY=VALUE" or a bare KEY) sets HOME, USER or LOGNAME,
 * which Environment may not: programs trust them to name the account. The
 * parser refuses such an entry at load time and environment_build() refuses
 * it again, so neither depends on the other having run. */
bool policy_environment_key_reserved(const char *entry);
