/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/capability.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <time.h>
#include <cmocka.h>

#include "child.h"
#include "hardening/seccomp-filter.h"

/* errno of a call, 0 when it succeeded */
#define ERRNO_OF(call) ((call) < 0 ? errno : 0)

static policy *default_policy(void) {
        policy *p = NULL;

        assert_int_equal(policy_new_default(&p), 0);
        return p;
}

static int devnull_fd(void) {
        int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        child_check(fd >= 0);
        return fd;
}

static int probe_mount(void) {
        return ERRNO_OF(mount("none", "/nonexistent/nsshell", "tmpfs", 0, NULL));
}
static int probe_umount2(void) {
        return ERRNO_OF(umount2("/nonexistent/nsshell", 0));
}
static int probe_unshare_nothing(void) {
        return ERRNO_OF(unshare(0));
}
static int probe_unshare_mount(void) {
        return ERRNO_OF(unshare(CLONE_NEWNS));
}
static int probe_setns(void) {
        return ERRNO_OF(setns(-1, 0));
}
static int probe_keyctl(void) {
        return ERRNO_OF(syscall(SYS_keyctl, 9999, 0, 0, 0, 0));
}
static int probe_add_key(void) {
        return ERRNO_OF(syscall(SYS_add_key, NULL, NULL, NULL, 0, 0));
}
static int probe_bpf(void) {
        return ERRNO_OF(syscall(SYS_bpf, 9999, NULL, 0));
}
static int probe_perf_event_open(void) {
        return ERRNO_OF(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
}
static int probe_userfaultfd(void) {
        return ERRNO_OF(syscall(SYS_userfaultfd, ~0));
}
static int probe_tiocsti(void) {
        char c = 'x';
        return ERRNO_OF(ioctl(devnull_fd(), TIOCSTI, &c));
}
static int probe_tiocsti_high_bits(void) {
        char c = 'x';
        return ERRNO_OF(syscall(SYS_ioctl, devnull_fd(), (1UL << 32) | TIOCSTI, &c));
}
static int probe_tioclinux(void) {
        char c = 0;
        return ERRNO_OF(ioctl(devnull_fd(), TIOCLINUX, &c));
}
static int probe_personality_no_aslr(void) {
        return ERRNO_OF(personality(ADDR_NO_RANDOMIZE));
}
static int probe_personality_linux32(void) {
        return ERRNO_OF(personality(PER_LINUX32));
}
static int probe_clone_newuser(void) {
        long r = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, 0);
        if (r == 0)
                _exit(0);
        if (r > 0)
                (void) waitpid((pid_t) r, NULL, 0);
        return r < 0 ? errno : 0;
}
static int probe_open_by_handle_at(void) {
        return ERRNO_OF(syscall(SYS_open_by_handle_at, -1, NULL, 0));
}
static int probe_reboot(void) {
        return ERRNO_OF(syscall(SYS_reboot, 0, 0, 0, NULL));
}
static int probe_swapoff(void) {
        return ERRNO_OF(syscall(SYS_swapoff, NULL));
}
static int probe_acct(void) {
        return ERRNO_OF(syscall(SYS_acct, (const char *) 1));
}
static int probe_clock_settime(void) {
        return ERRNO_OF(syscall(SYS_clock_settime, CLOCK_REALTIME, NULL));
}
static int probe_iopl(void) {
        return ERRNO_OF(syscall(SYS_iopl, 99));
}

/* Each probe is harmless when it is not filtered (bad arguments, or an effect
 * confined to the child). `distinct`: as root, without the filter, the call
 * fails with something other than EPERM, which proves the filter answered. */
static const struct probe {
        const char *name;
        int (*call)(void);
        int want; /* errno with the filter */
        bool distinct;
} default_probes[] = {
        {"mount", probe_mount, EPERM, true},
        {"umount2", probe_umount2, EPERM, true},
        {"unshare(0)", probe_unshare_nothing, EPERM, true},
        {"unshare(CLONE_NEWNS)", probe_unshare_mount, EPERM, true},
        {"setns", probe_setns, EPERM, true},
        {"keyctl", probe_keyctl, EPERM, true},
        {"add_key", probe_add_key, EPERM, true},
        {"bpf", probe_bpf, EPERM, true},
        {"perf_event_open", probe_perf_event_open, EPERM, true},
        {"userfaultfd", probe_userfaultfd, EPERM, true},
        {"ioctl(TIOCSTI)", probe_tiocsti, EPERM, true},
        {"ioctl(TIOCSTI | 1 << 32)", probe_tiocsti_high_bits, EPERM, true},
        {"ioctl(TIOCLINUX)", probe_tioclinux, EPERM, true},
        {"personality(ADDR_NO_RANDOMIZE)", probe_personality_no_aslr, EPERM, true},
        {"personality(PER_LINUX32)", probe_personality_linux32, EPERM, true},
        {"clone(CLONE_NEWUSER)", probe_clone_newuser, EPERM, true},
        {"open_by_handle_at", probe_open_by_handle_at, EPERM, true},
        {"reboot", probe_reboot, EPERM, true},
        {"swapoff", probe_swapoff, EPERM, true},
        {"acct", probe_acct, EPERM, true},
        {"clock_settime", probe_clock_settime, EPERM, true},
        {"iopl", probe_iopl, EPERM, true},
};

/* "Seccomp:" and friends from /proc/self/status, -1 if absent */
static long status_field(const char *field) {
        char line[256];
        long v = -1;
        size_t len = strlen(field);
        FILE *f = fopen("/proc/self/status", "re");

        child_check(f);
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, field, len) == 0 && line[len] == ':')
                        v = strtol(line + len + 1, NULL, 10);
        fclose(f);
        return v;
}

static void apply_or_die(const policy *p) {
        ns_error err = NS_ERROR_INIT;

        if (seccomp_filter_apply(p, &err) < 0) {
                fprintf(stderr, "seccomp_filter_apply: %s\n", err.msg);
                _exit(1);
        }
        ns_error_done(&err);
}

static void run_probes(bool filtered) {
        int bad = 0;

        for (size_t i = 0; i < ELEMENTSOF(default_probes); i++) {
                const struct probe *pr = &default_probes[i];
                int e = pr->call();
                if (filtered ? e != pr->want : (pr->distinct && e == EPERM)) {
                        fprintf(stderr, "%s: %s with%s the filter\n", pr->name, e ? strerror(e) : "success",
                                filtered ? "" : "out");
                        bad++;
                }
        }
        child_check(bad == 0);
}

static void child_control(void *arg) {
        (void) setsid(); /* no controlling terminal for the terminal probes */
        run_probes(false);
}

static void child_default_filter(void *arg) {
        (void) setsid();
        apply_or_die(arg);
        child_check(status_field("Seccomp") == 2);
        run_probes(true);
}

static void test_probes_differ_without_filter(void **state) {
        if (geteuid() != 0) {
                print_message("skipped: as a user most probes fail with EPERM even without the filter\n");
                skip();
        }
        assert_int_equal(run_in_child(child_control, NULL), 0);
}

static void test_default_set_is_refused_with_eperm(void **state) {
        policy *p = default_policy();

        assert_int_equal(run_in_child(child_default_filter, p), 0);
        policy_free(p);
}

static void child_still_works(void *arg) {
        int status = -1;
        pid_t pid;
        long r;

        apply_or_die(arg);
        child_check(syscall(SYS_getpid) == getpid());
        pid = fork(); /* glibc: clone3 gets ENOSYS, falls back to clone */
        child_check(pid >= 0);
        if (pid == 0)
                _exit(7);
        child_check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7);
        r = syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, 0);
        if (r == 0)
                _exit(8);
        child_check(r > 0 && waitpid((pid_t) r, &status, 0) == r && WEXITSTATUS(status) == 8);
        child_check(syscall(SYS_clone3, NULL, 0) < 0 && errno == ENOSYS);
        child_check(personality(0xffffffff) >= 0);
        child_check(personality(PER_LINUX) >= 0);
        child_check(ioctl(devnull_fd(), TCGETS, &(char[64]){0}) < 0 && errno == ENOTTY);
        child_check(kill(getpid(), 0) == 0);
        child_check(ptrace(PTRACE_CONT, 0, NULL, NULL) < 0 && errno == EPERM); /* in @nsshell-default */
}

static void test_ordinary_calls_still_work(void **state) {
        policy *p = default_policy();

        assert_int_equal(run_in_child(child_still_works, p), 0);
        policy_free(p);
}

static void child_deny_ptrace(void *arg) {
        apply_or_die(arg);
        child_check(ptrace(PTRACE_CONT, 0, NULL, NULL) < 0 && errno == EPERM);
        child_check(status_field("Seccomp") == 2);
}

static void test_policy_denies_ptrace(void **state) {
        char *deny[] = {(char *) "~ptrace", (char *) "~ptrace", NULL}; /* repeats are harmless */
        policy *p = default_policy();

        p->syscall_filter_default = false;
        p->syscall_filter = deny;
        assert_int_equal(run_in_child(child_deny_ptrace, p), 0);
        p->syscall_filter_default = true;
        assert_int_equal(run_in_child(child_deny_ptrace, p), 0);
        p->syscall_filter = NULL;
        policy_free(p);
}

/* As systemd: an unknown name (or group) is ignored, the rest applies. */
static void child_unknown_ignored(void *arg) {
        apply_or_die(arg);
        child_check(ptrace(PTRACE_CONT, 0, NULL, NULL) < 0 && errno == EPERM);
        child_check(kill(getpid(), 0) == 0);
}

static void test_unknown_name_is_ignored(void **state) {
        char *deny[] = {(char *) "~ptrace", (char *) "~frobnicate", (char *) "~@no-such-group", NULL};
        policy *p = default_policy();

        p->syscall_filter_default = false;
        p->syscall_filter = deny;
        assert_int_equal(run_in_child(child_unknown_ignored, p), 0);
        p->syscall_filter = NULL;
        policy_free(p);
}

/* Known to libseccomp (so the parser accepts it) but on no x86 ABI: nothing
 * can call it here, so it adds nothing and fails nothing. */
static void test_name_of_another_architecture_is_accepted(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        char *deny[] = {(char *) "~arm_fadvise64_64", (char *) "~socketcall", NULL};
        policy *p = default_policy();

        p->syscall_filter = deny;
        assert_int_equal(seccomp_filter_export_pfc(p, fd, &err), 0);
        p->syscall_filter = NULL;
        policy_free(p);
}

/* An allow-list (systemd's meaning of a list without "~"): what it names
 * works, everything else fails with SystemCallErrorNumber; @nsshell-default's
 * argument rules still hold for calls the list allows. */
static void child_allow_list(void *arg) {
        char c = 'x';

        apply_or_die(arg);
        child_check(getpid() > 0); /* @default */
        child_check(write(devnull_fd(), "x", 1) == 1); /* @basic-io, @file-system */
        child_check(syscall(SYS_mount, "none", "/nonexistent", "tmpfs", 0, NULL) < 0 && errno == EACCES);
        child_check(ptrace(PTRACE_CONT, 0, NULL, NULL) < 0 && errno == EACCES);
        child_check(syscall(SYS_clone3, NULL, 0) < 0 && errno == ENOSYS);
        child_check(ioctl(devnull_fd(), TIOCSTI, &c) < 0 && errno == EPERM); /* @nsshell-default */
}

static void test_allow_list(void **state) {
        /* @signal: under ASan the runtime queries sigaltstack() before the
         * child's _exit(); an allow-list without it kills the test, not the
         * filter's rule. */
        char *allow[] = {(char *) "@basic-io", (char *) "@file-system", (char *) "@signal", (char *) "ioctl",
                (char *) "mount", (char *) "~mount", NULL};
        policy *p = default_policy();

        p->syscall_filter = allow;
        p->syscall_error_number = EACCES;
        assert_int_equal(run_in_child(child_allow_list, p), 0);
        p->syscall_filter = NULL;
        policy_free(p);
}

/* A deny-list group, a later line taking one call back out of it, and an
 * entry with its own errno. */
static void child_deny_group(void *arg) {
        apply_or_die(arg);
        child_check(syscall(SYS_swapoff, NULL) < 0 && errno == EUCLEAN); /* @swap:EUCLEAN */
        child_check(syscall(SYS_reboot, 0, 0, 0, NULL) < 0 && errno == EPERM); /* @reboot */
        child_check(syscall(SYS_kexec_load, 0, 0, NULL, 0) < 0 && errno == EPERM);
        child_check(syscall(SYS_sched_yield) == 0); /* not denied */
        child_check(syscall(SYS_getppid) > 0); /* denied, then allowed again */
}

static void test_deny_groups(void **state) {
        char *deny[] = {(char *) "~@reboot", (char *) "~@swap:EUCLEAN", (char *) "~getppid",
                (char *) "getppid", NULL};
        policy *p = default_policy();

        p->syscall_filter_default = false;
        p->syscall_filter = deny;
        assert_int_equal(run_in_child(child_deny_group, p), 0);
        p->syscall_filter = NULL;
        policy_free(p);
}

/* SystemCallErrorNumber kill: the denied call ends the process with SIGSYS. */
static void test_kill(void **state) {
        char *deny[] = {(char *) "~sched_yield", NULL};
        policy *p = default_policy();
        int status;
        pid_t pid;

        p->syscall_filter_default = false;
        p->syscall_filter = deny;
        p->syscall_error_number = SYSCALL_ERROR_KILL;
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                if (seccomp_filter_apply(p, NULL) < 0)
                        _exit(1);
                (void) syscall(SYS_sched_yield);
                _exit(0);
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
        p->syscall_filter = NULL;
        policy_free(p);
}

static void child_no_filter(void *arg) {
        apply_or_die(arg);
        child_check(status_field("Seccomp") == 0);
}

static void test_nothing_to_filter_loads_nothing(void **state) {
        policy *p = default_policy();

        p->syscall_filter_default = false;
        assert_int_equal(run_in_child(child_no_filter, p), 0);
        policy_free(p);
}

static void child_nnp_without_sys_admin(void *arg) {
        cap_t caps = cap_get_proc();
        cap_value_t admin = CAP_SYS_ADMIN;

        child_check(caps);
        child_check(cap_set_flag(caps, CAP_EFFECTIVE, 1, &admin, CAP_CLEAR) == 0 && cap_set_proc(caps) == 0);
        cap_free(caps);
        apply_or_die(arg);
        child_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
}

static void child_no_nnp_with_sys_admin(void *arg) {
        int before = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);

        apply_or_die(arg);
        child_check(status_field("Seccomp") == 2);
        child_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == before);
}

static void test_filter_implies_nnp_only_without_sys_admin(void **state) {
        policy *p = default_policy();

        assert_int_equal(run_in_child(child_nnp_without_sys_admin, p), 0);
        if (geteuid() == 0)
                assert_int_equal(run_in_child(child_no_nnp_with_sys_admin, p), 0);
        policy_free(p);
}

#if defined(__x86_64__)
/* The i386 ABI from a 64-bit process: int $0x80 enters the kernel's compat
 * entry, which seccomp sees as AUDIT_ARCH_I386. Returns -errno or the result. */
static long syscall_i386(long nr, long a, long b, long c) {
        long ret;

        __asm__ volatile("int $0x80"
                         : "=a"(ret)
                         : "a"(nr), "b"(a), "c"(b), "d"(c)
                         : "memory", "r8", "r9", "r10", "r11");
        return ret;
}

/* i386 numbers (arch/x86/entry/syscalls/syscall_32.tbl) and the x32 bit */
#define I386_GETPID 20
#define I386_UMOUNT 22
#define I386_SOCKETCALL 102
#define I386_CLONE 120
#define I386_KEYCTL 288
#define I386_UNSHARE 310
#define X32_SYSCALL_BIT 0x40000000L
#define I386_SOCKET 359
#define I386_PERSONALITY 136

static void child_i386_works(void *arg) {
        child_check(syscall_i386(I386_GETPID, 0, 0, 0) == getpid());
}

static void child_other_abis(void *arg) {
        const policy *p = arg;
        bool filtered = p != NULL;
        int want = filtered ? -EPERM : 0;

        if (filtered)
                apply_or_die(p);
        child_check(syscall_i386(I386_GETPID, 0, 0, 0) == getpid());
        child_check(syscall_i386(I386_UNSHARE, 0, 0, 0) == want);
        child_check(syscall_i386(I386_KEYCTL, 9999, 0, 0) == (filtered ? -EPERM : -EOPNOTSUPP));
        child_check(syscall_i386(I386_UMOUNT, 0, 0, 0) == (filtered ? -EPERM : -EFAULT));
        child_check(syscall_i386(I386_CLONE, CLONE_NEWUSER | SIGCHLD, 0, 0) == -EPERM || !filtered);
        /* socketcall is denied by the policy below; it exists on i386 only */
        child_check(syscall_i386(I386_SOCKETCALL, 1, 0, 0) == (filtered ? -EPERM : -EFAULT));
        /* x32 is compiled out of this kernel (ENOSYS); the filter answers first */
        if (filtered)
                child_check(syscall(X32_SYSCALL_BIT | SYS_unshare, 0) < 0 && errno == EPERM);
}

static void test_i386_and_x32_abis_are_filtered(void **state) {
        char *deny[] = {(char *) "~socketcall", NULL};
        policy *p = default_policy();

        if (run_in_child(child_i386_works, NULL) != 0) {
                print_message("skipped: this kernel does not run i386 system calls (no IA32 emulation)\n");
                policy_free(p);
                skip();
        }
        p->syscall_filter = deny;
        if (geteuid() == 0)
                assert_int_equal(run_in_child(child_other_abis, NULL), 0);
        assert_int_equal(run_in_child(child_other_abis, p), 0);
        p->syscall_filter = NULL;
        policy_free(p);
}

/* RestrictNamespaces, RestrictAddressFamilies, LockPersonality and
 * MemoryDenyWriteExecute through the i386 and x32 ABIs: socketcall(), whose
 * family sits in memory, is refused whole. */
static void child_restrict_other_abis(void *arg) {
        apply_or_die(arg);
        child_check(syscall_i386(I386_GETPID, 0, 0, 0) == getpid());
        child_check(syscall_i386(I386_UNSHARE, CLONE_NEWNET, 0, 0) == -EPERM);
        child_check(syscall_i386(I386_SOCKET, AF_NETLINK, SOCK_RAW, 0) == -EAFNOSUPPORT);
        child_check(syscall_i386(I386_SOCKETCALL, 1 /* SYS_SOCKET */, 0, 0) == -EAFNOSUPPORT);
        child_check(syscall_i386(I386_PERSONALITY, 8, 0, 0) == -EPERM);
        child_check(
                syscall(X32_SYSCALL_BIT | SYS_socket, AF_NETLINK, SOCK_RAW, 0) < 0 && errno == EAFNOSUPPORT);
        child_check(
                syscall(X32_SYSCALL_BIT | SYS_unshare, CLONE_NEWUSER | CLONE_NEWNET) < 0 && errno == EPERM);
        /* and natively the legitimate use next to them */
        child_check(syscall(SYS_unshare, CLONE_NEWUSER) == 0);
        child_check(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0) >= 0);
        child_check(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0) < 0 && errno == EAFNOSUPPORT);
}

static void test_restrictions_on_i386_and_x32(void **state) {
        policy *p = default_policy();

        if (run_in_child(child_i386_works, NULL) != 0) {
                print_message("skipped: this kernel does not run i386 system calls (no IA32 emulation)\n");
                policy_free(p);
                skip();
        }
        p->restrict_namespaces_set = true;
        p->restrict_namespaces = NS_USER;
        p->address_families_set = p->address_families_allow_list = true;
        p->address_families = (UINT64_C(1) << AF_UNIX) | (UINT64_C(1) << AF_INET);
        p->lock_personality = true;
        p->memory_deny_write_execute = true;
        assert_int_equal(run_in_child(child_restrict_other_abis, p), 0);
        policy_free(p);
}
/* SystemCallArchitectures: a call through a refused ABI kills the process
 * with SIGSYS, the native ABI always works, a listed ABI works; in the PAM
 * process's filter too. */
static void child_arch_call(void *arg) {
        const policy *p = arg;
        ns_error err = NS_ERROR_INIT;

        if (p->syscall_filter_default) /* the login-shell stage */
                apply_or_die(p);
        else if (seccomp_filter_apply_pam(p, &err) < 0)
                _exit(1);
        child_check(getpid() > 0);
        child_check(syscall_i386(I386_GETPID, 0, 0, 0) == getpid());
}

static void child_x32_call(void *arg) {
        apply_or_die(arg);
        /* x32 is compiled out of Debian's kernel (ENOSYS): only the kill tells */
        syscall(X32_SYSCALL_BIT | SYS_getpid);
}

static void test_system_call_architectures(void **state) {
        policy *p = default_policy();

        if (run_in_child(child_i386_works, NULL) != 0) {
                print_message("skipped: this kernel does not run i386 system calls (no IA32 emulation)\n");
                policy_free(p);
                skip();
        }
        assert_int_equal(run_in_child(child_arch_call, p), 0); /* unset: every ABI */
        p->syscall_architectures = SYSCALL_ARCH_NATIVE;
        assert_int_equal(run_in_child(child_arch_call, p), 128 + SIGSYS);
        assert_int_equal(run_in_child(child_x32_call, p), 128 + SIGSYS);
        p->syscall_architectures = SYSCALL_ARCH_X86_64; /* the native one by name: the same */
        assert_int_equal(run_in_child(child_arch_call, p), 128 + SIGSYS);
        p->syscall_architectures = SYSCALL_ARCH_X86; /* native stays allowed, as in systemd */
        assert_int_equal(run_in_child(child_arch_call, p), 0);
        assert_int_equal(run_in_child(child_x32_call, p), 128 + SIGSYS);
        p->syscall_architectures = SYSCALL_ARCH_OTHER_FIRST | SYSCALL_ARCH_X32; /* arm: nothing here */
        assert_int_equal(run_in_child(child_arch_call, p), 128 + SIGSYS);
        assert_int_equal(run_in_child(child_x32_call, p), 0);
        p->syscall_filter_default = false; /* the PAM process's filter */
        p->syscall_architectures = SYSCALL_ARCH_NATIVE;
        assert_int_equal(run_in_child(child_arch_call, p), 128 + SIGSYS);
        policy_free(p);
}
#endif

/* The part of a PFC text from BEGIN to the next "# filter for arch" line. */
static bool section_has(const char *begin, const char *needle) {
        const char *end = strstr(begin + 1, "# filter for arch ");
        const char *hit = strstr(begin, needle);

        return hit && (!end || hit < end);
}

/* The exported program has one section per ABI, each with the calls that
 * exist there: umount on i386 only, umount2 everywhere. */
static void test_export_has_every_abi(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int fd = memfd_create("pfc", MFD_CLOEXEC);
        _cleanup_free_ char *text = NULL;
        policy *p = default_policy();
        off_t size;

        assert_true(fd >= 0);
        assert_int_equal(seccomp_filter_export_pfc(p, fd, &err), 0);
        size = lseek(fd, 0, SEEK_END);
        assert_true(size > 0);
        text = calloc(1, (size_t) size + 1);
        assert_non_null(text);
        assert_int_equal(pread(fd, text, (size_t) size, 0), size);
        assert_non_null(strstr(text, "\"mount\""));
        assert_non_null(strstr(text, "\"clone3\""));
#if defined(__x86_64__)
        static const char *const arches[] = {"x86_64", "x86", "x32"};
        for (size_t i = 0; i < ELEMENTSOF(arches); i++) {
                char header[64];
                snprintf(header, sizeof(header), "# filter for arch %s ", arches[i]);
                const char *section = strstr(text, header);
                assert_non_null(section);
                assert_true(section_has(section, "\"umount2\""));
                assert_true(section_has(section, "\"keyctl\""));
                assert_int_equal(section_has(section, "\"umount\""), strcmp(arches[i], "x86") == 0);
        }
#endif
        policy_free(p);
}

static void test_default_list_is_exported(void **state) {
        const seccomp_default_entry *l = NULL;
        int n = seccomp_default_deny_list(&l);
        bool ptrace_listed = false, mount_listed = false;

        assert_true(n > 30);
        for (int i = 0; i < n; i++) {
                assert_non_null(l[i].why);
                ptrace_listed |= strcmp(l[i].name, "ptrace") == 0;
                mount_listed |= strcmp(l[i].name, "mount") == 0;
        }
        assert_true(mount_listed);
        assert_true(ptrace_listed);
}

/* The PAM process's part: the entries it marks, nothing the application or
 * the modules closing after pam_nsshell need. */
static void test_pam_process_subset(void **state) {
        static const char *const in[] = {"ioctl", "ptrace", "process_vm_readv", "io_uring_setup", "bpf"};
        static const char *const out[] = {"keyctl", "add_key", "mount", "umount2", "unshare", "setns",
                "clone", "clone3", "personality"};
        const seccomp_default_entry *l = NULL;
        int n = seccomp_default_deny_list(&l);

        for (int i = 0; i < n; i++) {
                for (size_t j = 0; j < ELEMENTSOF(in); j++)
                        if (strcmp(l[i].name, in[j]) == 0)
                                assert_true(l[i].pam_process);
                for (size_t j = 0; j < ELEMENTSOF(out); j++)
                        if (strcmp(l[i].name, out[j]) == 0)
                                assert_false(l[i].pam_process);
        }
}

static void child_pam_scope(void *arg) {
        ns_error err = NS_ERROR_INIT;
        char c = 'x';

        if (seccomp_filter_apply_pam(arg, &err) < 0) {
                fprintf(stderr, "seccomp_filter_apply_pam: %s\n", err.msg);
                _exit(1);
        }
        child_check(status_field("Seccomp") == 2);
        child_check(ioctl(devnull_fd(), TIOCSTI, &c) < 0 && errno == EPERM);
        child_check(ptrace(PTRACE_CONT, 0, NULL, NULL) < 0 && errno == EPERM);
        child_check(syscall(SYS_io_uring_setup, 0, NULL) < 0 && errno == EPERM);
        /* not in the PAM process's part: the kernel's own answers */
        child_check(syscall(SYS_keyctl, 99999, 0, 0, 0, 0) < 0 && errno == EOPNOTSUPP);
        child_check(syscall(SYS_unshare, 0) == 0);
        child_check(syscall(SYS_clone3, NULL, 0) < 0 && errno != ENOSYS);
}

static void child_pam_no_filter(void *arg) {
        if (seccomp_filter_apply_pam(arg, NULL) < 0)
                _exit(1);
        child_check(status_field("Seccomp") == 0);
}

static void test_pam_scope_filter(void **state) {
        char *deny[] = {(char *) "~ptrace", NULL};
        policy *p = default_policy();

        assert_int_equal(run_in_child(child_pam_scope, p), 0);
        /* without @nsshell-default the PAM process gets no filter, whatever the ~list */
        p->syscall_filter_default = false;
        p->syscall_filter = deny;
        assert_int_equal(run_in_child(child_pam_no_filter, p), 0);
        p->syscall_filter = NULL;
        policy_free(p);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_probes_differ_without_filter),
                cmocka_unit_test(test_default_set_is_refused_with_eperm),
                cmocka_unit_test(test_ordinary_calls_still_work),
                cmocka_unit_test(test_pam_process_subset),
                cmocka_unit_test(test_pam_scope_filter),
                cmocka_unit_test(test_policy_denies_ptrace),
                cmocka_unit_test(test_unknown_name_is_ignored),
                cmocka_unit_test(test_name_of_another_architecture_is_accepted),
                cmocka_unit_test(test_nothing_to_filter_loads_nothing),
                cmocka_unit_test(test_allow_list),
                cmocka_unit_test(test_deny_groups),
                cmocka_unit_test(test_kill),
                cmocka_unit_test(test_filter_implies_nnp_only_without_sys_admin),
#if defined(__x86_64__)
                cmocka_unit_test(test_i386_and_x32_abis_are_filtered),
                cmocka_unit_test(test_restrictions_on_i386_and_x32),
                cmocka_unit_test(test_system_call_architectures),
#endif
                cmocka_unit_test(test_export_has_every_abi),
                cmocka_unit_test(test_default_list_is_exported),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
