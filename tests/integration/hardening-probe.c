/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Root integration probe for hardening_become_user(): becomes a test user that
 * has no passwd entry (credentials need none), then checks from the inside
 * what the user's shell would inherit, printing one "ok"/"not ok" line per
 * check. Driven by 20-hardening.test.
 *
 *   hardening-probe [--keep-cap N] [--nofile SOFT:HARD] [--no-nnp] [--no-filter]
 *                   [--expect-failure TEXT] [--exec PROGRAM ARGS...]
 *
 * --exec runs PROGRAM after every check passed (the setuid-root test).
 * Exit status: 0 all checks passed, 1 a check failed, 2 usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include <seccomp.h>
#include <unistd.h>

#include "hardening/hardening.h"
#include "hardening/seccomp-filter.h"

#define TEST_UID 64123
#define TEST_GID 64123

static unsigned failures, passes;

static void report(bool ok, const char *fmt, ...) _printf_(2, 3);
static void report(bool ok, const char *fmt, ...) {
        va_list ap;

        printf("%s - ", ok ? "ok" : "not ok");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        putchar('\n');
        if (ok)
                passes++;
        else
                failures++;
}

/* The value of FIELD in /proc/self/status, tabs turned into spaces. */
static bool status_field(const char *field, char *buf, size_t size) {
        _cleanup_fclose_ FILE *f = fopen("/proc/self/status", "re");
        char line[512];
        size_t len = strlen(field);

        while (f && fgets(line, sizeof(line), f)) {
                if (strncmp(line, field, len) != 0 || line[len] != ':')
                        continue;
                char *v = line + len + 1;
                v += strspn(v, " \t");
                v[strcspn(v, "\n")] = '\0';
                for (size_t n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'); n--)
                        v[n - 1] = '\0';
                for (char *c = v; *c; c++)
                        if (*c == '\t')
                                *c = ' ';
                snprintf(buf, size, "%s", v);
                return true;
        }
        return false;
}

static void expect_status(const char *field, const char *want) {
        char got[256] = "";

        status_field(field, got, sizeof(got));
        report(strcmp(got, want) == 0, "%s is \"%s\" (got \"%s\")", field, want, got);
}

static void expect_status_hex(const char *field, uint64_t want) {
        char got[256] = "";

        status_field(field, got, sizeof(got));
        report(strtoull(got, NULL, 16) == want, "%s is %016" PRIx64 " (got %s)", field, want, got);
}

static const char *errno_name(long r) {
        return r < 0 ? strerrorname_np(errno) : "success";
}

static void expect_errno(const char *what, long r, int want) {
        int e = errno;

        report(r < 0 && e == want, "%s fails with %s (got %s)", what, strerrorname_np(want), errno_name(r));
}

/* clone() that may succeed: the child leaves at once. */
static long clone_flags(unsigned long flags) {
        long r = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
        int e = errno;

        if (r == 0)
                _exit(0);
        if (r > 0)
                (void) waitpid((pid_t) r, NULL, 0);
        errno = e;
        return r;
}

static void check_clone(void) {
        static const struct {
                const char *name;
                unsigned long flag;
        } flags[] = {
                {"CLONE_NEWNS", CLONE_NEWNS},
                {"CLONE_NEWCGROUP", CLONE_NEWCGROUP},
                {"CLONE_NEWUTS", CLONE_NEWUTS},
                {"CLONE_NEWIPC", CLONE_NEWIPC},
                {"CLONE_NEWUSER", CLONE_NEWUSER},
                {"CLONE_NEWPID", CLONE_NEWPID},
                {"CLONE_NEWNET", CLONE_NEWNET},
        };
        char what[64];

        for (size_t i = 0; i < ELEMENTSOF(flags); i++) {
                snprintf(what, sizeof(what), "clone(%s)", flags[i].name);
                expect_errno(what, clone_flags(flags[i].flag), EPERM);
        }
        report(clone_flags(0) > 0, "clone() without namespace flags works");
}

static void check_tty_injection(void) {
        _cleanup_close_ int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        char c = 'x';

        expect_errno("ioctl(TIOCSTI)", ioctl(fd, TIOCSTI, &c), EPERM);
        expect_errno("ioctl(TIOCSTI with the upper 32 bits set)",
                syscall(SYS_ioctl, fd, (1UL << 32) | TIOCSTI, &c), EPERM);
        expect_errno("ioctl(TIOCLINUX)", ioctl(fd, TIOCLINUX, &c), EPERM);
        expect_errno("ioctl(TCGETS) on /dev/null (not filtered)", ioctl(fd, TCGETS, &(char[64]){0}), ENOTTY);
}

static void check_default_entry(const seccomp_default_entry *e) {
        int nr = seccomp_syscall_resolve_name(e->name);

        switch (e->kind) {
        case SECCOMP_RULE_DENY:
                if (nr < 0)
                        report(true, "%s # skip: not a system call of this ABI", e->name);
                else
                        expect_errno(e->name, syscall(nr, 0, 0, 0, 0, 0, 0), EPERM);
                break;
        case SECCOMP_RULE_ENOSYS:
                expect_errno(e->name, syscall(nr, 0, 0, 0, 0, 0, 0), ENOSYS);
                break;
        case SECCOMP_RULE_CLONE_NEWNS:
                check_clone();
                break;
        case SECCOMP_RULE_IOCTL_TTY_INJECT:
                check_tty_injection();
                break;
        case SECCOMP_RULE_PERSONALITY:
                expect_errno("personality(ADDR_NO_RANDOMIZE)", personality(ADDR_NO_RANDOMIZE), EPERM);
                expect_errno("personality(READ_IMPLIES_EXEC)", personality(READ_IMPLIES_EXEC), EPERM);
                report(personality(0xffffffff) >= 0, "personality(0xffffffff) query works");
                report(personality(PER_LINUX) >= 0, "personality(PER_LINUX) works");
                break;
        }
}

static void check_default_set(void) {
        const seccomp_default_entry *l = NULL;
        int n = seccomp_default_deny_list(&l);

        for (int i = 0; i < n; i++)
                check_default_entry(&l[i]);
        report(syscall(SYS_getpid) == getpid(), "getpid works");
}

#if defined(__x86_64__)
/* int $0x80 from a 64-bit process enters the i386 ABI (seen by seccomp as
 * AUDIT_ARCH_I386); X32_SYSCALL_BIT selects x32. */
static long syscall_i386(long nr, long a) {
        long ret;

        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a) : "memory", "r8", "r9", "r10", "r11");
        return ret;
}
#define I386_UNSHARE 310
#define I386_KEYCTL 288
#define X32_SYSCALL_BIT 0x40000000L

static void check_other_abis(const policy *p) {
        _cleanup_close_ int fd = memfd_create("pfc", MFD_CLOEXEC);
        ns_error err = NS_ERROR_INIT;
        char text[1 << 16] = "";

        report(syscall_i386(I386_UNSHARE, 0) == -EPERM, "i386 unshare() fails with EPERM");
        report(syscall_i386(I386_KEYCTL, 0) == -EPERM, "i386 keyctl() fails with EPERM");
        expect_errno("x32 unshare()", syscall(X32_SYSCALL_BIT | SYS_unshare, 0), EPERM);

        report(fd >= 0 && seccomp_filter_export_pfc(p, fd, &err) == 0 &&
                        pread(fd, text, sizeof(text) - 1, 0) > 0,
                "the filter exports as PFC%s%s", err.msg[0] ? ": " : "", err.msg);
        report(strstr(text, "# filter for arch x86_64 "), "the filter has an x86_64 section");
        report(strstr(text, "# filter for arch x86 "), "the filter has an i386 section");
        report(strstr(text, "# filter for arch x32 "), "the filter has an x32 section");
        ns_error_done(&err);
}
#endif

static void check_identity(void) {
        expect_status("Uid", "64123 64123 64123 64123");
        expect_status("Gid", "64123 64123 64123 64123");
        expect_status("Groups", "64123 64124");
        expect_errno("setuid(0)", setuid(0), EPERM);
        expect_errno("setgid(0)", setgid(0), EPERM);
        expect_errno("setgroups(0)", setgroups(0, NULL), EPERM);
}

static void check_capabilities(uint64_t bounding) {
        expect_status_hex("CapEff", 0);
        expect_status_hex("CapPrm", 0);
        expect_status_hex("CapInh", 0);
        expect_status_hex("CapAmb", 0);
        expect_status_hex("CapBnd", bounding);
}

static void check_nofile(const struct rlimit *want) {
        struct rlimit now = {};
        int r = getrlimit(RLIMIT_NOFILE, &now);

        report(r == 0 && now.rlim_cur == want->rlim_cur && now.rlim_max == want->rlim_max,
                "LimitNOFILE is %ju:%ju (got %ju:%ju)", (uintmax_t) want->rlim_cur,
                (uintmax_t) want->rlim_max, (uintmax_t) now.rlim_cur, (uintmax_t) now.rlim_max);
}

typedef struct options {
        uint64_t keep;
        bool nofile_set;
        struct rlimit nofile;
        bool no_nnp, no_filter;
        const char *expect_failure;
        char **exec;
} options;

/* Walks argv up to its NULL terminator, so each word is non-NULL and V (the
 * word after it) NULL at the end. */
static int parse_options(int argc, char **argv, options *o) {
        for (char **arg = argv + 1; arg < argv + argc && *arg; arg++) {
                const char *a = arg[0], *v = arg[1];
                unsigned long long s, h;
                unsigned cap;
                if (strcmp(a, "--keep-cap") == 0 && v && sscanf(v, "%u", &cap) == 1 && cap < 64)
                        o->keep |= UINT64_C(1) << cap, arg++;
                else if (strcmp(a, "--nofile") == 0 && v && sscanf(v, "%llu:%llu", &s, &h) == 2) {
                        o->nofile_set = true;
                        o->nofile = (struct rlimit){.rlim_cur = s, .rlim_max = h};
                        arg++;
                } else if (strcmp(a, "--no-nnp") == 0)
                        o->no_nnp = true;
                else if (strcmp(a, "--no-filter") == 0)
                        o->no_filter = true;
                else if (strcmp(a, "--expect-failure") == 0 && v)
                        o->expect_failure = *++arg;
                else if (strcmp(a, "--exec") == 0 && v) {
                        o->exec = arg + 1;
                        return 0;
                } else
                        return -EINVAL;
        }
        return 0;
}

static void policy_from_options(policy *p, const options *o) {
        p->capability_bounding_set = o->keep;
        p->no_new_privileges = !o->no_nnp;
        p->syscall_filter_default = !o->no_filter;
        if (o->nofile_set)
                p->rlimits[RLIMIT_NOFILE] =
                        (policy_rlimit){.set = true, .soft = o->nofile.rlim_cur, .hard = o->nofile.rlim_max};
}

static void run_checks(const policy *p, const options *o, uint64_t bounding_before) {
        char nnp[2] = {o->no_nnp && o->no_filter ? '0' : '1', 0};

        check_identity();
        check_capabilities(o->keep & bounding_before);
        expect_status("NoNewPrivs", nnp);
        expect_status("Seccomp", o->no_filter ? "0" : "2");
        if (o->nofile_set)
                check_nofile(&o->nofile);
        if (o->no_filter)
                return;
        check_default_set();
#if defined(__x86_64__)
        check_other_abis(p);
#endif
}

int main(int argc, char **argv) {
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        gid_t gids[] = {TEST_GID, TEST_GID + 1};
        user_context u = {.name = (char *) "nsshell-probe",
                .uid = TEST_UID,
                .gid = TEST_GID,
                .home = (char *) "/",
                .gids = gids,
                .n_gids = ELEMENTSOF(gids)};
        options o = {};
        char bounding[64] = "";

        if (parse_options(argc, argv, &o) < 0 || policy_new_default(&p) < 0) {
                fprintf(stderr, "usage: see the comment at the top of hardening-probe.c\n");
                return 2;
        }
        policy_from_options(p, &o);
        status_field("CapBnd", bounding, sizeof(bounding));

        if (hardening_become_user(p, &u, &err) < 0) {
                report(o.expect_failure && strstr(err.msg, o.expect_failure), "hardening_become_user: %s",
                        err.msg);
                if (o.expect_failure)
                        report(getuid() == 0 && geteuid() == 0, "the failed call left the process root");
                return failures ? 1 : 0;
        }
        report(!o.expect_failure, "hardening_become_user succeeded");
        run_checks(p, &o, strtoull(bounding, NULL, 16));
        printf("%u passed, %u failed\n", passes, failures);
        fflush(stdout);
        if (failures == 0 && o.exec) {
                execv(o.exec[0], o.exec);
                report(false, "exec \"%s\": %s", o.exec[0], strerror(errno));
        }
        return failures ? 1 : 0;
}
