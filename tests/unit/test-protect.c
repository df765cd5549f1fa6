/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The process side of the kernel and device protections (hardening/protect.h):
 * which calls and capabilities each directive takes away, and that the
 * filters of both scopes deny those calls with EPERM. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/fd-util.h"
#include "child.h"
#include "hardening/protect.h"
#include "hardening/seccomp-filter.h"

#define CAP(c) (UINT64_C(1) << (c))

/* A policy with no filter of its own: only what the protections add. */
static policy *bare_policy(void) {
        policy *p = NULL;

        assert_int_equal(policy_new_default(&p), 0);
        p->syscall_filter_default = false;
        p->capability_bounding_set = ~UINT64_C(0);
        return p;
}

static bool listed(const char *const *names, const char *name) {
        for (; *names; names++)
                if (strcmp(*names, name) == 0)
                        return true;
        return false;
}

static void test_nothing_on_by_default(void **state) {
        const char *names[PROTECT_SYSCALLS_MAX + 1];
        policy *p = bare_policy();

        assert_int_equal(protect_syscalls(p, names), 0);
        assert_null(names[0]);
        assert_int_equal(protect_capabilities(p), 0);
        assert_true(protect_bounding_set(p) == ~UINT64_C(0));
        policy_free(p);
}

static const struct {
        size_t field;
        const char *const in[4]; /* calls it denies (some) */
        const char *const out[2]; /* calls it leaves alone */
        uint64_t caps;
} expected[] = {
        {offsetof(policy, private_devices), {"iopl", "ioperm", "pciconfig_read"}, {"syslog"},
                CAP(CAP_MKNOD) | CAP(CAP_SYS_RAWIO)},
        {offsetof(policy, protect_kernel_tunables), {"_sysctl"}, {"iopl"}, 0},
        {offsetof(policy, protect_kernel_modules), {"init_module", "finit_module", "delete_module"},
                {"adjtimex"}, CAP(CAP_SYS_MODULE)},
        {offsetof(policy, protect_kernel_logs), {"syslog"}, {"init_module"}, CAP(CAP_SYSLOG)},
        {offsetof(policy, protect_clock), {"adjtimex", "clock_settime", "settimeofday", "clock_adjtime"},
                {"clock_gettime"}, CAP(CAP_SYS_TIME) | CAP(CAP_WAKE_ALARM)},
        {offsetof(policy, protect_control_groups), {NULL}, {"syslog"}, 0},
};

static void test_each_directive_alone(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(expected); i++) {
                const char *names[PROTECT_SYSCALLS_MAX + 1];
                policy *p = bare_policy();
                *(bool *) ((char *) p + expected[i].field) = true;
                protect_syscalls(p, names);
                for (size_t j = 0; j < ELEMENTSOF(expected[i].in) && expected[i].in[j]; j++)
                        assert_true(listed(names, expected[i].in[j]));
                for (size_t j = 0; j < ELEMENTSOF(expected[i].out) && expected[i].out[j]; j++)
                        assert_false(listed(names, expected[i].out[j]));
                assert_true(protect_capabilities(p) == expected[i].caps);
                assert_true(protect_bounding_set(p) == ~expected[i].caps);
                policy_free(p);
        }
}

static void test_all_fit(void **state) {
        const char *names[PROTECT_SYSCALLS_MAX + 1];
        policy *p = bare_policy();

        p->private_devices = p->protect_kernel_tunables = p->protect_kernel_modules =
                p->protect_kernel_logs = p->protect_clock = p->protect_control_groups = true;
        assert_true(protect_syscalls(p, names) <= PROTECT_SYSCALLS_MAX);
        /* CapabilityBoundingSet "" keeps nothing, whatever the protections say */
        p->capability_bounding_set = 0;
        assert_true(protect_bounding_set(p) == 0);
        policy_free(p);
}

/* Run as root (the unit tier does): the kernel would allow these, so EPERM
 * is the filter's. Without root, skip the kernel's side of the check. */
static void child_shell_scope(void *arg) {
        ns_error err = NS_ERROR_INIT;
        struct timex tx = {.modes = 0};

        if (seccomp_filter_apply(arg, &err) < 0) {
                fprintf(stderr, "seccomp_filter_apply: %s\n", err.msg);
                _exit(1);
        }
        child_check(adjtimex(&tx) < 0 && errno == EPERM);
        child_check(klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0) < 0 && errno == EPERM);
        child_check(syscall(SYS_finit_module, -1, "", 0) < 0 && errno == EPERM);
        /* reading the clock stays allowed */
        child_check(clock_gettime(CLOCK_REALTIME, &(struct timespec){}) == 0);
}

static void child_pam_scope(void *arg) {
        ns_error err = NS_ERROR_INIT;
        struct timex tx = {.modes = 0};

        if (seccomp_filter_apply_pam(arg, &err) < 0) {
                fprintf(stderr, "seccomp_filter_apply_pam: %s\n", err.msg);
                _exit(1);
        }
        child_check(adjtimex(&tx) < 0 && errno == EPERM);
        child_check(klogctl(10, NULL, 0) < 0 && errno == EPERM);
}

static void child_unfiltered(void *arg) {
        struct timex tx = {.modes = 0};

        child_check(adjtimex(&tx) >= 0);
        child_check(syscall(SYS_finit_module, -1, "", 0) < 0 && errno != EPERM);
}

static void test_filters_deny_with_eperm(void **state) {
        policy *p = bare_policy();

        if (geteuid() != 0)
                skip();
        assert_int_equal(run_in_child(child_unfiltered, p), 0);
        p->protect_clock = p->protect_kernel_logs = p->protect_kernel_modules = true;
        assert_int_equal(run_in_child(child_shell_scope, p), 0);
        /* the PAM application's process gets them without SystemCallFilter @default */
        assert_int_equal(run_in_child(child_pam_scope, p), 0);
        policy_free(p);
}

/* Every ABI's part of the program has them. */
static void test_export_has_them_on_every_abi(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int fd = memfd_create("pfc", MFD_CLOEXEC);
        _cleanup_free_ char *text = NULL;
        policy *p = bare_policy();
        off_t size;
        int sections = 0;

        p->protect_kernel_logs = p->protect_kernel_modules = true;
        assert_true(fd >= 0);
        assert_int_equal(seccomp_filter_export_pfc(p, fd, &err), 0);
        size = lseek(fd, 0, SEEK_END);
        text = calloc(1, (size_t) size + 1);
        assert_non_null(text);
        assert_int_equal(pread(fd, text, (size_t) size, 0), size);
        for (const char *s = strstr(text, "# filter for arch "); s;
                s = strstr(s + 1, "# filter for arch ")) {
                const char *next = strstr(s + 1, "# filter for arch ");
                const char *hit = strstr(s, "\"syslog\"");
                assert_true(hit && (!next || hit < next));
                hit = strstr(s, "\"finit_module\"");
                assert_true(hit && (!next || hit < next));
                sections++;
        }
#if defined(__x86_64__)
        assert_int_equal(sections, 3);
#else
        assert_true(sections >= 1);
#endif
        policy_free(p);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_nothing_on_by_default),
                cmocka_unit_test(test_each_directive_alone),
                cmocka_unit_test(test_all_fit),
                cmocka_unit_test(test_filters_deny_with_eperm),
                cmocka_unit_test(test_export_has_them_on_every_abi),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
