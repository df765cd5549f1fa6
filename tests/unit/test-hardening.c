/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <sys/resource.h>
#include <cmocka.h>

#include "child.h"
#include "hardening/credentials.h"
#include "hardening/hardening.h"
#include "basic/strv.h"

#define TEST_UID 64123

static gid_t test_gids[] = {TEST_UID};
static user_context test_user = {
        .name = (char *) "nsshell-test",
        .uid = TEST_UID,
        .gid = TEST_UID,
        .gids = test_gids,
        .n_gids = 1,
};

static policy *policy_nofile(rlim_t soft, rlim_t hard) {
        policy *p = NULL;

        assert_int_equal(policy_new_default(&p), 0);
        p->rlimits[RLIMIT_NOFILE] = (policy_rlimit){.set = true, .soft = soft, .hard = hard};
        return p;
}

static void apply_or_die(int r, const ns_error *err) {
        if (r < 0) {
                fprintf(stderr, "hardening failed: %s\n", err->msg);
                _exit(1);
        }
}

static void child_become_user(void *arg) {
        ns_error err = NS_ERROR_INIT;
        struct rlimit now;

        apply_or_die(hardening_become_user(arg, &test_user, &err), &err);
        child_check(getuid() == TEST_UID && geteuid() == TEST_UID);
        child_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
        child_check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2);
        child_check(prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 0);
        child_check(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 100 && now.rlim_max == 200);
        child_check(unshare(0) < 0 && errno == EPERM);
}

static void test_become_user(void **state) {
        policy *p = policy_nofile(100, 200);

        if (geteuid() != 0) {
                policy_free(p);
                print_message("skipped: becoming another user needs root\n");
                skip();
        }
        assert_int_equal(run_in_child(child_become_user, p), 0);
        policy_free(p);
}

/* The login-shell stage: already the user (as root, the child changes to
 * the test user first), no capabilities. */
static void become_plain_user(void) {
        ns_error err = NS_ERROR_INIT;

        if (geteuid() == 0)
                apply_or_die(credentials_become_user(&test_user, &err), &err);
}

static void child_unprivileged(void *arg) {
        ns_error err = NS_ERROR_INIT;
        const struct rlimit start = {.rlim_cur = 256, .rlim_max = 512};
        struct rlimit now;

        child_check(setrlimit(RLIMIT_NOFILE, &start) == 0);
        become_plain_user();
        apply_or_die(hardening_apply_unprivileged(arg, &err), &err);
        child_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
        child_check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2);
        child_check(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 100 && now.rlim_max == 200);
        child_check(unshare(0) < 0 && errno == EPERM);
}

static void test_unprivileged_lowers_limits_and_filters(void **state) {
        policy *p = policy_nofile(100, 200);

        assert_int_equal(run_in_child(child_unprivileged, p), 0);
        policy_free(p);
}

static void child_unprivileged_raise(void *arg) {
        ns_error err = NS_ERROR_INIT;
        const struct rlimit start = {.rlim_cur = 256, .rlim_max = 512};
        struct rlimit now;

        child_check(setrlimit(RLIMIT_NOFILE, &start) == 0);
        become_plain_user();
        /* capped at the hard limit it has, as systemd does, and the rest applied */
        child_check(hardening_apply_unprivileged(arg, &err) == 0);
        child_check(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 256 && now.rlim_max == 512);
        child_check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2);
}

static void test_unprivileged_caps_hard_limit(void **state) {
        policy *p = policy_nofile(256, 4096);

        assert_int_equal(run_in_child(child_unprivileged_raise, p), 0);
        policy_free(p);
}

/* Namespaces user from a stage that is not dumpable, as the installed
 * (0711) nsshell is: the helper child makes and maps the namespace. */
static void child_userns_not_dumpable(void *arg) {
        ns_error err = NS_ERROR_INIT;
        policy *p = arg;
        char map[128] = "";
        FILE *f;

        become_plain_user();
        child_check(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0);
        p->namespaces |= NS_USER;
        apply_or_die(hardening_apply_unprivileged(p, &err), &err);
        child_check(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
        child_check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2);
        child_check(prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 0);
        f = fopen("/proc/self/uid_map", "re");
        child_check(f && fgets(map, sizeof(map), f));
        child_check(strtoul(map, NULL, 10) == getuid());
        child_check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD); /* the helper is gone */
}

static void test_unprivileged_userns_not_dumpable(void **state) {
        policy *p = policy_nofile(100, 200);

        assert_int_equal(run_in_child(child_userns_not_dumpable, p), 0);
        policy_free(p);
}

/* The PAM application's process: stays root with its effective set, gains
 * NoNewPrivileges, the bounding set, the limits but LimitFSIZE, and the
 * PAM part of the filter. */
static void child_pam_process(void *arg) {
        ns_error err = NS_ERROR_INIT;
        struct rlimit now, fsize;
        char c = 'x';

        child_check(getrlimit(RLIMIT_FSIZE, &fsize) == 0);
        apply_or_die(hardening_apply_pam_process(arg, &err), &err);
        child_check(geteuid() == 0);
        child_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
        child_check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2);
        child_check(prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 0);
        child_check(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 100 && now.rlim_max == 200);
        child_check(getrlimit(RLIMIT_FSIZE, &now) == 0 && now.rlim_cur == fsize.rlim_cur);
        child_check(unshare(0) == 0); /* not in the PAM part */
        child_check(ioctl(STDIN_FILENO, TIOCSTI, &c) < 0 && errno == EPERM);
}

static void test_pam_process(void **state) {
        policy *p = policy_nofile(100, 200);

        if (geteuid() != 0) {
                policy_free(p);
                print_message("skipped: the PAM process is root\n");
                skip();
        }
        p->rlimits[RLIMIT_FSIZE] = (policy_rlimit){.set = true, .soft = 4096, .hard = 4096};
        assert_int_equal(run_in_child(child_pam_process, p), 0);
        policy_free(p);
}

static void test_pam_unenforced(void **state) {
        char *deny[] = {(char *) "~ptrace", NULL};
        char *allow[] = {(char *) "@system-service", NULL};
        char **l = NULL;
        policy *p = NULL;

        assert_int_equal(policy_new_default(&p), 0);
        p->syscall_filter_default = false;
        assert_int_equal(hardening_pam_unenforced(p, &l), 0);
        assert_null(l);

        p->syscall_filter_default = true;
        p->syscall_filter = deny;
        p->namespaces |= NS_USER;
        p->rlimits[RLIMIT_FSIZE] = (policy_rlimit){.set = true, .soft = 1, .hard = 1};
        assert_int_equal(hardening_pam_unenforced(p, &l), 0);
        assert_int_equal(strv_length(l), 4);
        assert_string_equal(l[0], "Namespaces user");
        assert_non_null(strstr(l[1], "SystemCallFilter @nsshell-default ("));
        assert_non_null(strstr(l[1], " umount2 "));
        assert_null(strstr(l[1], "ioctl"));
        assert_null(strstr(l[1], "ptrace"));
        assert_string_equal(l[2], "SystemCallFilter ~ptrace");
        assert_string_equal(l[3], "LimitFSIZE");
        strv_free(l);
        l = NULL;
        p->syscall_filter = allow;
        assert_int_equal(hardening_pam_unenforced(p, &l), 0);
        assert_non_null(strstr(l[2], "SystemCallFilter (an allow-list of "));
        strv_free(l);
        l = NULL;
        p->syscall_filter = NULL;
        p->syscall_filter_default = false;
        p->namespaces &= ~NS_USER;
        p->rlimits[RLIMIT_FSIZE].set = false;
        p->restrict_namespaces_set = true;
        p->restrict_namespaces = NS_USER;
        p->lock_personality = p->restrict_realtime = true;
        assert_int_equal(hardening_pam_unenforced(p, &l), 0);
        assert_int_equal(strv_length(l), 3);
        assert_string_equal(l[0], "RestrictNamespaces");
        assert_string_equal(l[1], "LockPersonality");
        assert_string_equal(l[2], "RestrictRealtime");
        strv_free(l);
        policy_free(p);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_become_user),
                cmocka_unit_test(test_unprivileged_lowers_limits_and_filters),
                cmocka_unit_test(test_unprivileged_caps_hard_limit),
                cmocka_unit_test(test_unprivileged_userns_not_dumpable),
                cmocka_unit_test(test_pam_process),
                cmocka_unit_test(test_pam_unenforced),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
