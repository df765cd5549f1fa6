/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/personality.h>
#include <sys/prctl.h>

#include "hardening/capabilities.h"
#include "hardening/protect.h"
#include "hardening/seccomp-filter.h"
#include "policy/syscall-groups.h"

/*
 * The @nsshell-default set. Most entries need a capability the user never holds, and
 * are listed anyway so that a capability kept in the bounding set or a kernel
 * bug in those paths stays out of reach.
 *
 * The last field marks the entries that are also safe in the PAM
 * application's own root process (seccomp_filter_apply_pam()): nothing sshd's
 * monitor, login, su or the PAM modules closing after pam_nsshell call. The
 * keyring calls are not among them: pam_keyinit's close revokes the session
 * keyring with keyctl() in that process. Nor are mounts (pam_namespace and
 * pam_mount unmount at close) or namespaces (pam_nsshell's own close).
 *
 * Deliberately left out:
 *   name_to_handle_at only names a handle; opening one (open_by_handle_at)
 *                     is what escapes a mount namespace, and that is denied
 *   adjtimex, clock_adjtime
 *                     mostly used read-only (ntp_gettime); setting the clock
 *                     needs CAP_SYS_TIME, and the setters below are denied
 */
static const seccomp_default_entry default_deny[] = {
        /* the mount namespace the session built must stay as it is */
        {"mount", SECCOMP_RULE_DENY, "mounting a filesystem", false},
        {"umount", SECCOMP_RULE_DENY, "unmounting (i386)", false},
        {"umount2", SECCOMP_RULE_DENY, "unmounting", false},
        {"pivot_root", SECCOMP_RULE_DENY, "changing the root mount", false},
        {"move_mount", SECCOMP_RULE_DENY, "new mount API", false},
        {"open_tree", SECCOMP_RULE_DENY, "new mount API", false},
        {"fsopen", SECCOMP_RULE_DENY, "new mount API", false},
        {"fsmount", SECCOMP_RULE_DENY, "new mount API", false},
        {"fsconfig", SECCOMP_RULE_DENY, "new mount API", false},
        {"fspick", SECCOMP_RULE_DENY, "new mount API", false},
        {"mount_setattr", SECCOMP_RULE_DENY, "changing mount flags", false},
        /* no way into other namespaces or new ones, user namespaces above all */
        {"unshare", SECCOMP_RULE_DENY, "creating namespaces", false},
        {"setns", SECCOMP_RULE_DENY, "joining namespaces", false},
        {"clone", SECCOMP_RULE_CLONE_NEWNS, "creating namespaces with clone()", false},
        /* its flags live in memory a filter cannot read: ENOSYS makes libc use clone() */
        {"clone3", SECCOMP_RULE_ENOSYS, "clone3() flags cannot be filtered", false},
        /* kernel interfaces with a long history of privilege escalations */
        {"keyctl", SECCOMP_RULE_DENY, "kernel keyrings are not namespaced", false},
        {"add_key", SECCOMP_RULE_DENY, "kernel keyrings are not namespaced", false},
        {"request_key", SECCOMP_RULE_DENY, "kernel keyrings are not namespaced", false},
        {"bpf", SECCOMP_RULE_DENY, "loading BPF programs", true},
        {"perf_event_open", SECCOMP_RULE_DENY, "performance monitoring", true},
        {"userfaultfd", SECCOMP_RULE_DENY, "stalls kernel page faults in exploits", true},
        {"personality", SECCOMP_RULE_PERSONALITY, "disabling ASLR, READ_IMPLIES_EXEC", false},
        /* reaching into another process of the user: the next login-shell stage
         * of the session before it is hardened, or a shell of another session */
        {"ptrace", SECCOMP_RULE_DENY, "tracing another process", true},
        {"process_vm_readv", SECCOMP_RULE_DENY, "reading another process's memory", true},
        {"process_vm_writev", SECCOMP_RULE_DENY, "writing another process's memory", true},
        {"pidfd_getfd", SECCOMP_RULE_DENY, "taking a file descriptor from another process", true},
        /* io_uring runs system calls the filter never sees */
        {"io_uring_setup", SECCOMP_RULE_DENY, "io_uring bypasses the filter", true},
        {"io_uring_enter", SECCOMP_RULE_DENY, "io_uring bypasses the filter", true},
        {"io_uring_register", SECCOMP_RULE_DENY, "io_uring bypasses the filter", true},
        /* typing into the terminal of the process that started the session */
        {"ioctl", SECCOMP_RULE_IOCTL_TTY_INJECT, "TIOCSTI/TIOCLINUX terminal injection", true},
        /* the machine itself */
        {"kexec_load", SECCOMP_RULE_DENY, "loading a new kernel", true},
        {"kexec_file_load", SECCOMP_RULE_DENY, "loading a new kernel", true},
        {"init_module", SECCOMP_RULE_DENY, "loading kernel modules", true},
        {"finit_module", SECCOMP_RULE_DENY, "loading kernel modules", true},
        {"delete_module", SECCOMP_RULE_DENY, "unloading kernel modules", true},
        {"reboot", SECCOMP_RULE_DENY, "rebooting", false},
        {"swapon", SECCOMP_RULE_DENY, "swap", false},
        {"swapoff", SECCOMP_RULE_DENY, "swap", false},
        {"acct", SECCOMP_RULE_DENY, "process accounting", false},
        {"open_by_handle_at", SECCOMP_RULE_DENY, "opens files outside the mount namespace", false},
        {"iopl", SECCOMP_RULE_DENY, "raw I/O ports", true},
        {"ioperm", SECCOMP_RULE_DENY, "raw I/O ports", true},
        {"lookup_dcookie", SECCOMP_RULE_DENY, "profiling interface", false},
        {"quotactl", SECCOMP_RULE_DENY, "disk quotas", false},
        {"quotactl_fd", SECCOMP_RULE_DENY, "disk quotas", false},
        {"nfsservctl", SECCOMP_RULE_DENY, "NFS server control", false},
        {"vhangup", SECCOMP_RULE_DENY, "hanging up the terminal", false},
        {"settimeofday", SECCOMP_RULE_DENY, "setting the clock", false},
        {"clock_settime", SECCOMP_RULE_DENY, "setting the clock", false},
        {"stime", SECCOMP_RULE_DENY, "setting the clock (i386)", false},
};

int seccomp_default_deny_list(const seccomp_default_entry **ret) {
        assert(ret);

        *ret = default_deny;
        return (int) ELEMENTSOF(default_deny);
}

static void seccomp_releasep(scmp_filter_ctx *ctx) {
        if (*ctx)
                seccomp_release(*ctx);
}
#define _cleanup_seccomp_release_ _cleanup_(seccomp_releasep)

static bool set_has(const syscall_set *set, const char *name) {
        for (size_t i = 0; i < set->n_rules; i++)
                if (strcmp(set->rules[i].name, name) == 0)
                        return true;
        return false;
}

/* What a call the policy's filter catches gets: SystemCallErrorNumber, or
 * the entry's own ":ERRNO". */
static uint32_t rule_action(const policy *p, const syscall_rule *rule) {
        if (rule && rule->error >= 0)
                return SCMP_ACT_ERRNO(rule->error);
        if (p->syscall_error_number == SYSCALL_ERROR_KILL)
                return SCMP_ACT_KILL_PROCESS;
        return SCMP_ACT_ERRNO(p->syscall_error_number);
}

/* Where a filter is loaded: the login-shell stage (or `nsshell --user`'s
 * child) takes all of it, the PAM application's process its safe part. */
typedef enum filter_scope {
        FILTER_SCOPE_SHELL,
        FILTER_SCOPE_PAM_PROCESS,
} filter_scope;

/* The three filters a policy can need: DENY allows everything but what
 * @nsshell-default and a deny-list name; ALLOW, for an allow-list, refuses
 * everything but its calls; RESTRICT holds systemd's other restrictions, all
 * by argument. Each is loaded on its own (the kernel applies the strictest
 * answer), so @nsshell-default's argument rules hold under an allow-list too,
 * and a deny-list naming a call never collides with a rule on its arguments. */
typedef enum filter_kind {
        FILTER_DENY,
        FILTER_ALLOW,
        FILTER_RESTRICT, /* RestrictNamespaces, RestrictAddressFamilies, ... (restrict_wanted()) */
} filter_kind;

/* RestrictNamespaces no, an empty deny-list of address families: nothing to do. */
static bool restrict_namespaces_wanted(const policy *p) {
        return p->restrict_namespaces_set && p->restrict_namespaces != (NS_DEFAULT | NS_USER);
}

static bool address_families_wanted(const policy *p) {
        return p->address_families_set && (p->address_families_allow_list || p->address_families != 0);
}

static bool restrict_wanted(const policy *p) {
        return restrict_namespaces_wanted(p) || address_families_wanted(p) || p->restrict_suid_sgid ||
                p->lock_personality || p->memory_deny_write_execute || p->restrict_realtime;
}

static bool filter_wanted(const policy *p, const syscall_set *set, filter_scope scope, filter_kind kind) {
        const char *protected[PROTECT_SYSCALLS_MAX + 1];

        /* The Protect* calls are denied in both scopes, whatever the filter says. */
        if (kind == FILTER_DENY && protect_syscalls(p, protected) > 0)
                return true;
        if (scope == FILTER_SCOPE_PAM_PROCESS)
                return kind == FILTER_DENY && p->syscall_filter_default;
        if (kind == FILTER_RESTRICT)
                return restrict_wanted(p);
        if (kind == FILTER_ALLOW)
                return set->allow_list;
        return p->syscall_filter_default || (!set->allow_list && set->n_rules > 0);
}

static const char *arch_name(uint32_t arch) {
        switch (arch) {
        case SCMP_ARCH_X86_64:
                return "x86_64";
        case SCMP_ARCH_X86:
                return "i386";
        case SCMP_ARCH_X32:
                return "x32";
        default:
                return "native";
        }
}

/* NAME exists on ARCH (libseccomp gives a negative pseudo number if not). */
static bool syscall_on_arch(uint32_t arch, const char *name) {
        return seccomp_syscall_resolve_name_arch(arch, name) >= 0;
}

/* Rules take the native number, which libseccomp translates by name for the
 * filter's (single) architecture. */
static int rule_add(scmp_filter_ctx ctx, uint32_t arch, const char *name, uint32_t action, unsigned n,
        const struct scmp_arg_cmp *cmp, ns_error *err) {
        int r = seccomp_rule_add_array(ctx, action, seccomp_syscall_resolve_name(name), n, cmp);

        if (r < 0)
                return ns_error_set_errno(
                        err, r, "system call filter: adding \"%s\" for %s", name, arch_name(arch));
        return 0;
}

/* clone() carries its flags in the first argument on every x86 ABI (and every
 * architecture but s390, which nsshell does not support). CLONE_NEWTIME
 * is absent: in clone() its bit belongs to the exit signal, and only clone3()
 * and unshare() accept it, both denied. */
static int add_clone_rules(scmp_filter_ctx ctx, uint32_t arch, ns_error *err) {
        static const unsigned long ns_flags[] = {
                CLONE_NEWNS,
                CLONE_NEWCGROUP,
                CLONE_NEWUTS,
                CLONE_NEWIPC,
                CLONE_NEWUSER,
                CLONE_NEWPID,
                CLONE_NEWNET,
        };

        for (size_t i = 0; i < ELEMENTSOF(ns_flags); i++) {
                struct scmp_arg_cmp cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]);
                int r = rule_add(ctx, arch, "clone", SCMP_ACT_ERRNO(EPERM), 1, &cmp, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The kernel reads the request as a 32-bit int: compare only those bits, or a
 * request with garbage in the upper half would slip past (CVE-2019-10063). */
static int add_ioctl_rules(scmp_filter_ctx ctx, uint32_t arch, ns_error *err) {
        static const unsigned long requests[] = {TIOCSTI, TIOCLINUX};

        for (size_t i = 0; i < ELEMENTSOF(requests); i++) {
                struct scmp_arg_cmp cmp = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, requests[i]);
                int r = rule_add(ctx, arch, "ioctl", SCMP_ACT_ERRNO(EPERM), 1, &cmp, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Allow PER_LINUX (0) and the query (0xffffffff) only. libseccomp takes one
 * comparison per argument and rule, so "neither all zeros nor all ones" is
 * written as its equivalent: some bit i is set while bit i+1 (mod 32) is
 * clear. The kernel reads the argument as 32 bits, hence the mask.
 *
 * 32 rules are the fewest that say this: the value with only bit i set must
 * be denied, by a rule that requires no set bit but i, so each bit needs a
 * rule of its own. EQ/NE/GT/LT cannot help: they compare the whole 64-bit
 * register, whose upper half the kernel ignores. */
static int add_personality_rules(scmp_filter_ctx ctx, uint32_t arch, ns_error *err) {
        for (unsigned i = 0; i < 32; i++) {
                uint64_t bit = UINT64_C(1) << i, next = UINT64_C(1) << ((i + 1) % 32);
                struct scmp_arg_cmp cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, bit | next, bit);
                int r = rule_add(ctx, arch, "personality", SCMP_ACT_ERRNO(EPERM), 1, &cmp, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int add_default_entry(
        scmp_filter_ctx ctx, uint32_t arch, const seccomp_default_entry *e, ns_error *err) {
        switch (e->kind) {
        case SECCOMP_RULE_DENY:
                return rule_add(ctx, arch, e->name, SCMP_ACT_ERRNO(EPERM), 0, NULL, err);
        case SECCOMP_RULE_ENOSYS:
                return rule_add(ctx, arch, e->name, SCMP_ACT_ERRNO(ENOSYS), 0, NULL, err);
        case SECCOMP_RULE_CLONE_NEWNS:
                return add_clone_rules(ctx, arch, err);
        case SECCOMP_RULE_IOCTL_TTY_INJECT:
                return add_ioctl_rules(ctx, arch, err);
        case SECCOMP_RULE_PERSONALITY:
                return add_personality_rules(ctx, arch, err);
        }
        return ns_error_set(err, -EINVAL, "system call filter: \"%s\" has an unknown rule kind", e->name);
}

/* The calls the Protect* directives and PrivateDevices deny (hardening/protect.h):
 * EPERM whatever SystemCallFilter says, in both scopes (none of them is made
 * by the PAM application or the modules closing after pam_nsshell). */
static int add_protect_rules(scmp_filter_ctx ctx, uint32_t arch, const policy *p, ns_error *err) {
        const char *names[PROTECT_SYSCALLS_MAX + 1];

        protect_syscalls(p, names);
        for (const char **n = names; *n; n++) {
                int r;
                if (!syscall_on_arch(arch, *n))
                        continue;
                r = rule_add(ctx, arch, *n, SCMP_ACT_ERRNO(EPERM), 0, NULL, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* NAME is one of the calls the Protect* rules already deny. */
static bool name_in(const char *const *names, const char *name) {
        for (; *names; names++)
                if (strcmp(*names, name) == 0)
                        return true;
        return false;
}

/* The @nsshell-default entries RestrictNamespaces replaces when given. */
static bool namespace_entry(const seccomp_default_entry *e) {
        static const char *const names[] = {"unshare", "setns", "clone", "clone3"};

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (strcmp(e->name, names[i]) == 0)
                        return true;
        return false;
}

static int arch_add_deny_rules(scmp_filter_ctx ctx, uint32_t arch, const policy *p, const syscall_set *set,
        filter_scope scope, ns_error *err) {
        bool deny_list = scope == FILTER_SCOPE_SHELL && !set->allow_list;
        int r;
        const char *protected[PROTECT_SYSCALLS_MAX + 1];

        /* First, and never overridden: a call may have one rule per filter. */
        protect_syscalls(p, protected);
        r = add_protect_rules(ctx, arch, p, err);
        if (r < 0)
                return r;

        for (size_t i = 0; p->syscall_filter_default && i < ELEMENTSOF(default_deny); i++) {
                const seccomp_default_entry *e = &default_deny[i];
                if (scope == FILTER_SCOPE_PAM_PROCESS && !e->pam_process)
                        continue;
                if (scope == FILTER_SCOPE_SHELL && p->restrict_namespaces_set && namespace_entry(e))
                        /* RestrictNamespaces replaces them (arch_add_restrict_rules) */
                        continue;
                if (!syscall_on_arch(arch, e->name) || name_in(protected, e->name))
                        continue;
                if (deny_list && set_has(set, e->name))
                        /* a complete deny from the policy covers the narrower default rule */
                        continue;
                r = add_default_entry(ctx, arch, e, err);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; deny_list && i < set->n_rules; i++) {
                if (!syscall_on_arch(arch, set->rules[i].name) || name_in(protected, set->rules[i].name))
                        continue;
                r = rule_add(ctx, arch, set->rules[i].name, rule_action(p, &set->rules[i]), 0, NULL, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* clone3()'s flags cannot be filtered: when the allow-list leaves it out it
 * fails with ENOSYS, so that libc falls back to clone() (as with @nsshell-default). */
static int arch_add_allow_rules(
        scmp_filter_ctx ctx, uint32_t arch, const policy *p, const syscall_set *set, ns_error *err) {
        int r;

        for (size_t i = 0; i < set->n_rules; i++) {
                if (!syscall_on_arch(arch, set->rules[i].name))
                        continue;
                r = rule_add(ctx, arch, set->rules[i].name, SCMP_ACT_ALLOW, 0, NULL, err);
                if (r < 0)
                        return r;
        }
        if (!set_has(set, "clone3") && syscall_on_arch(arch, "clone3") &&
                rule_action(p, NULL) != SCMP_ACT_ERRNO(ENOSYS))
                return rule_add(ctx, arch, "clone3", SCMP_ACT_ERRNO(ENOSYS), 0, NULL, err);
        return 0;
}

/* A rule of the RESTRICT filter. NAME may be missing on ARCH (fchmodat2 on an
 * older libseccomp, mmap2 on x86_64): skipped. A name libseccomp knows as a
 * multiplexed call on ARCH (socket, shmat on i386: socketcall(), ipc()) is
 * passed on: libseccomp then also filters the multiplexer, refusing the whole
 * call where the argument lives in memory it cannot read. */
static int restrict_rule(scmp_filter_ctx ctx, uint32_t arch, const char *name, uint32_t action, unsigned n,
        const struct scmp_arg_cmp *cmp, ns_error *err) {
        if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR ||
                seccomp_syscall_resolve_name_arch(arch, name) == __NR_SCMP_ERROR)
                return 0;
        return rule_add(ctx, arch, name, action, n, cmp, err);
}

/* One comparison on one argument. */
static int restrict_rule1(scmp_filter_ctx ctx, uint32_t arch, const char *name, uint32_t action,
        struct scmp_arg_cmp cmp, ns_error *err) {
        return restrict_rule(ctx, arch, name, action, 1, &cmp, err);
}

static const struct {
        unsigned ns;
        unsigned long flag;
} ns_clone_flags[] = {
        {NS_CGROUP, CLONE_NEWCGROUP},
        {NS_IPC, CLONE_NEWIPC},
        {NS_NET, CLONE_NEWNET},
        {NS_MOUNT, CLONE_NEWNS},
        {NS_PID, CLONE_NEWPID},
        {NS_USER, CLONE_NEWUSER},
        {NS_UTS, CLONE_NEWUTS},
};

/* RestrictNamespaces, as systemd: unshare() and clone() with the flag of a
 * kind not allowed, setns() to such a kind or with nstype 0 (any kind: the
 * filter cannot see which), or setns() at all when no kind is allowed, fail
 * with EPERM; clone3(), whose flags sit in memory, fails with ENOSYS so that
 * libc falls back to clone(). The flags are compared on their low 32 bits,
 * which the kernel reads for setns() and unshare() too. */
static int add_restrict_namespaces(scmp_filter_ctx ctx, uint32_t arch, const policy *p, ns_error *err) {
        unsigned allowed = p->restrict_namespaces;
        int r;

        r = restrict_rule(ctx, arch, "clone3", SCMP_ACT_ERRNO(ENOSYS), 0, NULL, err);
        if (r >= 0 && allowed == 0)
                r = restrict_rule(ctx, arch, "setns", SCMP_ACT_ERRNO(EPERM), 0, NULL, err);
        else if (r >= 0)
                r = restrict_rule1(ctx, arch, "setns", SCMP_ACT_ERRNO(EPERM),
                        SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, 0), err);
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(ns_clone_flags); i++) {
                unsigned long f = ns_clone_flags[i].flag;
                if (allowed & ns_clone_flags[i].ns)
                        continue;
                r = restrict_rule1(
                        ctx, arch, "unshare", SCMP_ACT_ERRNO(EPERM), SCMP_A0(SCMP_CMP_MASKED_EQ, f, f), err);
                if (r >= 0)
                        r = restrict_rule1(ctx, arch, "clone", SCMP_ACT_ERRNO(EPERM),
                                SCMP_A0(SCMP_CMP_MASKED_EQ, f, f), err);
                if (r >= 0 && allowed != 0)
                        r = restrict_rule1(ctx, arch, "setns", SCMP_ACT_ERRNO(EPERM),
                                SCMP_A1(SCMP_CMP_MASKED_EQ, f, f), err);
        }
        return r;
}

/* RestrictAddressFamilies: socket() and socketpair() with a refused family
 * fail with EAFNOSUPPORT, as systemd (which filters socket() only). The
 * kernel reads the family as a 32-bit int: the low 32 bits are compared, so
 * garbage in the upper half changes nothing. An allow-list refuses each
 * family below 64 it does not name, and any value with a bit from 6 to 31
 * set (families the C library does not know yet, or negative ones). On
 * i386, where socketcall() passes the family in memory, libseccomp refuses
 * socketcall(SYS_SOCKET) and socketcall(SYS_SOCKETPAIR) whole: fail closed
 * (systemd leaves i386 unfiltered there). */
static int add_address_families(scmp_filter_ctx ctx, uint32_t arch, const policy *p, ns_error *err) {
        static const char *const calls[] = {"socket", "socketpair"};
        uint32_t action = SCMP_ACT_ERRNO(EAFNOSUPPORT);
        int r = 0;

        for (size_t c = 0; r >= 0 && c < ELEMENTSOF(calls); c++) {
                for (unsigned af = 0; r >= 0 && af < 64; af++) {
                        bool listed = p->address_families & (UINT64_C(1) << af);
                        if (listed == p->address_families_allow_list)
                                continue;
                        r = restrict_rule1(ctx, arch, calls[c], action,
                                SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffUL, af), err);
                }
                for (unsigned bit = 6; r >= 0 && p->address_families_allow_list && bit < 32; bit++)
                        r = restrict_rule1(ctx, arch, calls[c], action,
                                SCMP_A0(SCMP_CMP_MASKED_EQ, UINT64_C(1) << bit, UINT64_C(1) << bit), err);
        }
        return r;
}

/* RestrictSUIDSGID, as systemd: creating or chmod'ing a file with S_ISUID or
 * S_ISGID fails with EPERM (chmod, fchmod, fchmodat, fchmodat2, mkdir,
 * mkdirat, mknod, mknodat, creat, and open/openat with O_CREAT or
 * O_TMPFILE); openat2(), whose flags sit in memory, fails with ENOSYS so
 * that callers fall back to openat(). */
static int add_restrict_suid_sgid(scmp_filter_ctx ctx, uint32_t arch, ns_error *err) {
        static const struct {
                const char *name;
                unsigned mode_arg;
        } mode_calls[] = {
                {"chmod", 1},
                {"fchmod", 1},
                {"fchmodat", 2},
                {"fchmodat2", 2},
                {"mkdir", 1},
                {"mkdirat", 2},
                {"mknod", 1},
                {"mknodat", 2},
                {"creat", 1},
        };
        static const struct {
                const char *name;
                unsigned flags_arg;
        } open_calls[] = {
                {"open", 1},
                {"openat", 2},
        };
        static const unsigned long bits[] = {S_ISUID, S_ISGID};
        static const unsigned long create[] = {O_CREAT, O_TMPFILE};
        uint32_t action = SCMP_ACT_ERRNO(EPERM);
        int r = 0;

        for (size_t b = 0; b < ELEMENTSOF(bits); b++) {
                for (size_t i = 0; r >= 0 && i < ELEMENTSOF(mode_calls); i++)
                        r = restrict_rule1(ctx, arch, mode_calls[i].name, action,
                                SCMP_CMP(mode_calls[i].mode_arg, SCMP_CMP_MASKED_EQ, bits[b], bits[b]), err);
                for (size_t i = 0; r >= 0 && i < ELEMENTSOF(open_calls); i++)
                        for (size_t c = 0; r >= 0 && c < ELEMENTSOF(create); c++) {
                                unsigned fa = open_calls[i].flags_arg;
                                struct scmp_arg_cmp cmp[] = {
                                        SCMP_CMP(fa, SCMP_CMP_MASKED_EQ, create[c], create[c]),
                                        SCMP_CMP(fa + 1, SCMP_CMP_MASKED_EQ, bits[b], bits[b]),
                                };
                                r = restrict_rule(ctx, arch, open_calls[i].name, action, 2, cmp, err);
                        }
                if (r < 0)
                        return r;
        }
        return restrict_rule(ctx, arch, "openat2", SCMP_ACT_ERRNO(ENOSYS), 0, NULL, err);
}

/* LockPersonality, as systemd: personality() with any value but the one
 * the process runs with fails with EPERM (the 0xffffffff query included). */
static int add_lock_personality(scmp_filter_ctx ctx, uint32_t arch, ns_error *err) {
        unsigned long current = (unsigned long) personality(0xffffffff);

        return restrict_rule1(
                ctx, arch, "personality", SCMP_ACT_ERRNO(EPERM), SCMP_A0(SCMP_CMP_NE, current), err);
}

/* MemoryDenyWriteExecute, as systemd: a mapping both writable and
 * executable (mmap), making memory executable later (mprotect,
 * pkey_mprotect with PROT_EXEC) and executable shared memory (shmat with
 * SHM_EXEC) fail with EPERM. i386's old mmap() takes its arguments in
 * memory: refused whole (libc uses mmap2()). */
static int add_memory_deny_write_execute(scmp_filter_ctx ctx, uint32_t arch, ns_error *err) {
        const unsigned long wx = PROT_WRITE | PROT_EXEC;
        uint32_t action = SCMP_ACT_ERRNO(EPERM);
        int r;

        if (arch == SCMP_ARCH_X86)
                r = restrict_rule(ctx, arch, "mmap", action, 0, NULL, err);
        else
                r = restrict_rule1(ctx, arch, "mmap", action, SCMP_A2(SCMP_CMP_MASKED_EQ, wx, wx), err);
        if (r >= 0)
                r = restrict_rule1(ctx, arch, "mmap2", action, SCMP_A2(SCMP_CMP_MASKED_EQ, wx, wx), err);
        if (r >= 0)
                r = restrict_rule1(ctx, arch, "mprotect", action,
                        SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC), err);
        if (r >= 0)
                r = restrict_rule1(ctx, arch, "pkey_mprotect", action,
                        SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC), err);
        if (r >= 0)
                r = restrict_rule1(
                        ctx, arch, "shmat", action, SCMP_A2(SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC), err);
        return r;
}

/* RestrictRealtime: sched_setscheduler() to SCHED_FIFO, SCHED_RR or
 * SCHED_DEADLINE (SCHED_RESET_ON_FORK or not) fails with EPERM, as systemd;
 * sched_setattr(), whose policy sits in memory, fails with EPERM whatever it
 * asks (systemd leaves it open; util-linux chrt uses it only for
 * SCHED_DEADLINE). */
static int add_restrict_realtime(scmp_filter_ctx ctx, uint32_t arch, ns_error *err) {
        static const unsigned long rt[] = {SCHED_FIFO, SCHED_RR, 6 /* SCHED_DEADLINE */};
        const unsigned long mask = 0xffffffffUL & ~(unsigned long) SCHED_RESET_ON_FORK;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(rt); i++)
                r = restrict_rule1(ctx, arch, "sched_setscheduler", SCMP_ACT_ERRNO(EPERM),
                        SCMP_A1(SCMP_CMP_MASKED_EQ, mask, rt[i]), err);
        if (r >= 0)
                r = restrict_rule(ctx, arch, "sched_setattr", SCMP_ACT_ERRNO(EPERM), 0, NULL, err);
        return r;
}

static int arch_add_restrict_rules(scmp_filter_ctx ctx, uint32_t arch, const policy *p, ns_error *err) {
        int r = 0;

        if (restrict_namespaces_wanted(p))
                r = add_restrict_namespaces(ctx, arch, p, err);
        if (r >= 0 && address_families_wanted(p))
                r = add_address_families(ctx, arch, p, err);
        if (r >= 0 && p->restrict_suid_sgid)
                r = add_restrict_suid_sgid(ctx, arch, err);
        if (r >= 0 && p->lock_personality)
                r = add_lock_personality(ctx, arch, err);
        if (r >= 0 && p->memory_deny_write_execute)
                r = add_memory_deny_write_execute(ctx, arch, err);
        if (r >= 0 && p->restrict_realtime)
                r = add_restrict_realtime(ctx, arch, err);
        return r;
}

static int arch_filter_new(uint32_t arch, const policy *p, const syscall_set *set, filter_scope scope,
        filter_kind kind, scmp_filter_ctx *ret, ns_error *err) {
        _cleanup_seccomp_release_ scmp_filter_ctx ctx =
                seccomp_init(kind == FILTER_ALLOW ? rule_action(p, NULL) : SCMP_ACT_ALLOW);
        int r;

        if (!ctx)
                return ns_error_set_errno(
                        err, -ENOMEM, "system call filter: creating the %s filter", arch_name(arch));
        if (arch != seccomp_arch_native()) {
                r = seccomp_arch_add(ctx, arch);
                if (r >= 0)
                        r = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
                if (r < 0)
                        return ns_error_set_errno(
                                err, r, "system call filter: selecting the %s ABI", arch_name(arch));
        }
        /* No NoNewPrivileges behind the caller's back (seccomp_filter_apply decides),
         * and the kernel's own errno from seccomp_load(). The binary tree (level 2)
         * costs libseccomp a little more to generate, but the kernel checks it
         * faster when it loads it (it runs the program for every system call
         * number to cache the always-allowed ones): the stage, which builds and
         * loads it once per shell, is quicker overall (bench/login-stage). */
        r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
        if (r < 0)
                return ns_error_set_errno(err, r, "system call filter: setting attributes");
        if (kind == FILTER_ALLOW)
                r = arch_add_allow_rules(ctx, arch, p, set, err);
        else if (kind == FILTER_RESTRICT)
                r = arch_add_restrict_rules(ctx, arch, p, err);
        else
                r = arch_add_deny_rules(ctx, arch, p, set, scope, err);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(ctx);
        return 0;
}

/* The ABIs a process of this architecture can call the kernel through. */
static size_t filter_arches(uint32_t ret[static 3]) {
        size_t n = 0;

        ret[n++] = seccomp_arch_native();
        if (ret[0] == SCMP_ARCH_X86_64) {
                ret[n++] = SCMP_ARCH_X86;
                ret[n++] = SCMP_ARCH_X32;
        }
        return n;
}

/* One filter per ABI, each built with that ABI's names, merged into one
 * program: a call missing on one ABI is left out of that part only. */
static int filter_build(const policy *p, const syscall_set *set, filter_scope scope, filter_kind kind,
        scmp_filter_ctx *ret, ns_error *err) {
        _cleanup_seccomp_release_ scmp_filter_ctx all = NULL;
        uint32_t arches[3];
        size_t n = filter_arches(arches);
        int r;

        for (size_t a = 0; a < n; a++) {
                _cleanup_seccomp_release_ scmp_filter_ctx ctx = NULL;
                r = arch_filter_new(arches[a], p, set, scope, kind, &ctx, err);
                if (r < 0)
                        return r;
                if (!all) {
                        all = TAKE_PTR(ctx);
                        continue;
                }
                r = seccomp_merge(all, ctx);
                if (r < 0)
                        return ns_error_set_errno(
                                err, r, "system call filter: merging the %s filter", arch_name(arches[a]));
                ctx = NULL; /* seccomp_merge() consumed it */
        }
        *ret = TAKE_PTR(all);
        return 0;
}

/* SystemCallArchitectures: the identifier naming each secondary ABI. */
static uint32_t arch_policy_bit(uint32_t arch) {
        switch (arch) {
        case SCMP_ARCH_X86_64:
                return SYSCALL_ARCH_X86_64;
        case SCMP_ARCH_X86:
                return SYSCALL_ARCH_X86;
        case SCMP_ARCH_X32:
                return SYSCALL_ARCH_X32;
        default:
                return 0;
        }
}

/*
 * SystemCallArchitectures, as systemd: a filter of its own, with no rules,
 * whose architecture list is the native ABI and the secondary ABIs the
 * policy lists; a call through any other ABI is its bad-architecture case,
 * which kills the process with SIGSYS. The native ABI is never refused
 * (systemd neither: "native system calls, and system calls of the specified
 * architectures"), so "SystemCallArchitectures x86" still lets x86_64
 * programs run. NULL in *ret when every ABI is listed: nothing to refuse.
 *
 * A filter of its own rather than dropping ABIs from the others: those are
 * merged from one filter per ABI, which libseccomp merges only when their
 * attributes (the bad-architecture action among them) agree, and they are
 * built whatever this says, in both scopes, for --explain too. The kernel
 * runs every loaded filter and takes the strictest answer, and a kill is
 * stricter than anything the others return, so their parts for a refused
 * ABI never matter. systemd does the same (a rule-less filter next to the
 * others).
 *
 * The action: systemd leaves libseccomp's default, SCMP_ACT_KILL, which
 * kills the calling thread; this kills the whole process. For a
 * single-threaded program (the 32-bit binary a user runs) both are the same:
 * the process dies of SIGSYS, with a core dump where RLIMIT_CORE allows;
 * a multi-threaded one is not left running with a thread gone.
 */
static int arch_filter_build(const policy *p, scmp_filter_ctx *ret, ns_error *err) {
        _cleanup_seccomp_release_ scmp_filter_ctx ctx = NULL;
        uint32_t arches[3];
        size_t n = filter_arches(arches);
        bool refused = false;
        int r = 0;

        *ret = NULL;
        if (p->syscall_architectures == 0)
                return 0;
        ctx = seccomp_init(SCMP_ACT_ALLOW); /* its one ABI is the native one */
        if (!ctx)
                return ns_error_set_errno(err, -ENOMEM, "SystemCallArchitectures: creating the filter");
        for (size_t a = 1; r >= 0 && a < n; a++) {
                if (!(p->syscall_architectures & arch_policy_bit(arches[a]))) {
                        refused = true;
                        continue;
                }
                r = seccomp_arch_add(ctx, arches[a]);
                if (r < 0)
                        return ns_error_set_errno(
                                err, r, "SystemCallArchitectures: adding the %s ABI", arch_name(arches[a]));
        }
        if (!refused)
                return 0;
        r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
        if (r < 0)
                return ns_error_set_errno(err, r, "SystemCallArchitectures: setting attributes");
        *ret = TAKE_PTR(ctx);
        return 0;
}

static int no_new_privs_unless_sys_admin(ns_error *err) {
        _cleanup_cap_free_ cap_t caps = cap_get_proc();
        cap_flag_value_t admin = CAP_CLEAR;

        if (!caps || cap_get_flag(caps, CAP_SYS_ADMIN, CAP_EFFECTIVE, &admin) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "system call filter: reading the capabilities");
        if (admin == CAP_SET)
                return 0;
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return ns_error_set_errno(err, negative_errno(),
                        "system call filter: setting NoNewPrivileges, which a filter needs without "
                        "CAP_SYS_ADMIN");
        return 0;
}

static void syscall_set_donep(syscall_set *s) {
        syscall_set_done(s);
}
#define _cleanup_syscall_set_done_ _cleanup_(syscall_set_donep)

static int set_resolve(const policy *p, syscall_set *ret, ns_error *err) {
        int r = syscall_set_resolve(p->syscall_filter, ret);
        if (r < 0)
                return ns_error_set_errno(err, r, "SystemCallFilter: resolving the system call set");
        return 0;
}

/* Both filters are built before either is loaded: a policy whose allow-list
 * cannot be built never leaves a half-applied filter behind. */
static int filter_apply(const policy *p, filter_scope scope, ns_error *err) {
        _cleanup_syscall_set_done_ syscall_set set = {};
        _cleanup_seccomp_release_ scmp_filter_ctx deny = NULL, allow = NULL, restr = NULL, archs = NULL;
        int r;

        assert(p);

        r = set_resolve(p, &set, err);
        if (r < 0)
                return r;
        /* Both scopes: it refuses nothing the PAM application or a module
         * closing after pam_nsshell does, all of them native programs. */
        r = arch_filter_build(p, &archs, err);
        if (r < 0)
                return r;
        if (filter_wanted(p, &set, scope, FILTER_DENY)) {
                r = filter_build(p, &set, scope, FILTER_DENY, &deny, err);
                if (r < 0)
                        return r;
        }
        if (filter_wanted(p, &set, scope, FILTER_ALLOW)) {
                r = filter_build(p, &set, scope, FILTER_ALLOW, &allow, err);
                if (r < 0)
                        return r;
        }
        if (filter_wanted(p, &set, scope, FILTER_RESTRICT)) {
                r = filter_build(p, &set, scope, FILTER_RESTRICT, &restr, err);
                if (r < 0)
                        return r;
        }
        if (!deny && !allow && !restr && !archs)
                return 0;
        r = no_new_privs_unless_sys_admin(err);
        if (r < 0)
                return r;
        if (archs)
                r = seccomp_load(archs);
        if (r >= 0 && deny)
                r = seccomp_load(deny);
        if (r >= 0 && allow)
                r = seccomp_load(allow);
        if (r >= 0 && restr)
                r = seccomp_load(restr);
        if (r < 0)
                return ns_error_set_errno(err, r, "system call filter: loading it into the kernel");
        return 0;
}

int seccomp_filter_apply(const policy *p, ns_error *err) {
        return filter_apply(p, FILTER_SCOPE_SHELL, err);
}

int seccomp_filter_apply_pam(const policy *p, ns_error *err) {
        return filter_apply(p, FILTER_SCOPE_PAM_PROCESS, err);
}

int seccomp_filter_load_helper(ns_error *err) {
        static const char *const allowed[] = {"read", "write", "exit", "exit_group", "rt_sigreturn"};
        _cleanup_seccomp_release_ scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
        struct scmp_arg_cmp dumpable = SCMP_A0(SCMP_CMP_EQ, PR_SET_DUMPABLE);
        int r = ctx ? 0 : -ENOMEM;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(allowed); i++)
                r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, seccomp_syscall_resolve_name(allowed[i]), 0);
        if (r >= 0)
                r = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1, &dumpable);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
        if (r >= 0)
                r = seccomp_load(ctx); /* sets NoNewPrivileges (SCMP_FLTATR_CTL_NNP) */
        if (r < 0)
                return ns_error_set_errno(err, r, "the helper's system call filter");
        return 0;
}

static int arch_filter_export(const policy *p, int fd, ns_error *err) {
        _cleanup_seccomp_release_ scmp_filter_ctx ctx = NULL;
        int r = arch_filter_build(p, &ctx, err);

        if (r < 0 || !ctx)
                return r;
        r = seccomp_export_pfc(ctx, fd);
        if (r < 0)
                return ns_error_set_errno(err, r, "SystemCallArchitectures: exporting the filter");
        return 0;
}

int seccomp_filter_export_pfc(const policy *p, int fd, ns_error *err) {
        _cleanup_syscall_set_done_ syscall_set set = {};
        int r;

        assert(p);

        r = set_resolve(p, &set, err);
        if (r < 0)
                return r;
        r = arch_filter_export(p, fd, err);
        if (r < 0)
                return r;
        for (filter_kind k = FILTER_DENY; k <= FILTER_RESTRICT; k++) {
                _cleanup_seccomp_release_ scmp_filter_ctx ctx = NULL;
                if (!filter_wanted(p, &set, FILTER_SCOPE_SHELL, k))
                        continue;
                r = filter_build(p, &set, FILTER_SCOPE_SHELL, k, &ctx, err);
                if (r < 0)
                        return r;
                r = seccomp_export_pfc(ctx, fd);
                if (r < 0)
                        return ns_error_set_errno(err, r, "system call filter: exporting it");
        }
        return 0;
}
