/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <cmocka.h>

#include "child.h"
#include "hardening/credentials.h"

/* ids with no passwd entry: credentials need none */
#define TEST_UID 64123
#define TEST_GID 64123

static gid_t test_gids[] = {64125, TEST_GID, 64124}; /* unsorted on purpose */

static user_context test_user = {
        .name = (char *) "nsshell-test",
        .uid = TEST_UID,
        .gid = TEST_GID,
        .gids = test_gids,
        .n_gids = ELEMENTSOF(test_gids),
};

static void skip_unless_root(void) {
        if (geteuid() != 0) {
                print_message("skipped: changing to another user needs root\n");
                skip();
        }
}

static void child_become_user(void *arg) {
        ns_error err = NS_ERROR_INIT;
        uid_t r, e, s;
        gid_t rg, eg, sg, groups[8];

        if (credentials_become_user(&test_user, &err) < 0) {
                fprintf(stderr, "credentials_become_user: %s\n", err.msg);
                _exit(1);
        }
        child_check(getresuid(&r, &e, &s) == 0 && r == TEST_UID && e == TEST_UID && s == TEST_UID);
        child_check(getresgid(&rg, &eg, &sg) == 0 && rg == TEST_GID && eg == TEST_GID && sg == TEST_GID);
        child_check(getgroups(8, groups) == 3);
        child_check(groups[0] == 64123 && groups[1] == 64124 && groups[2] == 64125);
        child_check(setuid(0) < 0 && errno == EPERM);
        child_check(setgroups(0, NULL) < 0 && errno == EPERM);
}

static void test_become_user(void **state) {
        skip_unless_root();
        assert_int_equal(run_in_child(child_become_user, NULL), 0);
}

/* Without CAP_SETUID the last step fails; the error names the user and uid. */
static void child_refused_without_setuid(void *arg) {
        cap_value_t setuid_cap = CAP_SETUID;
        cap_t caps = cap_get_proc();
        ns_error err = NS_ERROR_INIT;

        child_check(caps && cap_set_flag(caps, CAP_EFFECTIVE, 1, &setuid_cap, CAP_CLEAR) == 0);
        child_check(cap_set_proc(caps) == 0);
        cap_free(caps);
        child_check(credentials_become_user(&test_user, &err) == -EPERM);
        child_check(
                strcmp(err.msg, "user \"nsshell-test\": setting uid 64123: Operation not permitted") == 0);
        child_check(geteuid() == 0);
}

static void test_failure_is_reported(void **state) {
        skip_unless_root();
        assert_int_equal(run_in_child(child_refused_without_setuid, NULL), 0);
}

/* With SECBIT_KEEP_CAPS a uid change keeps the permitted set: the check
 * after the change must catch that instead of trusting setresuid(). */
static void child_keep_caps_is_caught(void *arg) {
        ns_error err = NS_ERROR_INIT;

        child_check(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
        child_check(credentials_become_user(&test_user, &err) == -EPERM);
        fprintf(stderr, "message: %s\n", err.msg);
        child_check(strstr(err.msg, "capabilities are still permitted") != NULL);
}

static void test_kept_capabilities_are_caught(void **state) {
        skip_unless_root();
        assert_int_equal(run_in_child(child_keep_caps_is_caught, NULL), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_become_user),
                cmocka_unit_test(test_failure_is_reported),
                cmocka_unit_test(test_kept_capabilities_are_caught),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
