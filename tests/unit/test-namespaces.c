/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "session/mounts.h"
#include "session/namespaces.h"
#include "policy/policy.h"

static void test_clone_flags(void **state) {
        static const struct {
                unsigned types;
                unsigned long flags;
        } cases[] = {
                {0, 0},
                {NS_MOUNT, CLONE_NEWNS},
                {NS_PID | NS_NET, CLONE_NEWPID | CLONE_NEWNET},
                {NS_DEFAULT,
                        CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET |
                                CLONE_NEWCGROUP},
                /* user is never created by the root caller */
                {NS_USER, 0},
                {NS_DEFAULT | NS_USER,
                        CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET |
                                CLONE_NEWCGROUP},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++)
                assert_int_equal(ns_clone_flags(cases[i].types), cases[i].flags);
}

static void test_names(void **state) {
        assert_string_equal(ns_name(NS_MOUNT), "mnt");
        assert_string_equal(ns_name(NS_CGROUP), "cgroup");
        assert_string_equal(ns_name(NS_USER), "user");
        assert_null(ns_name(1u << 20));
}

static void test_mounts_needed(void **state) {
        _cleanup_policy_free_ policy *p = NULL;
        char *ro[] = {(char *) "/srv", NULL};

        assert_int_equal(policy_new_default(&p), 0);
        assert_true(mounts_needed(p)); /* PrivateTmp is on by default */
        p->private_tmp = false;
        assert_false(mounts_needed(p));
        p->read_only_paths = ro;
        assert_true(mounts_needed(p));
        p->read_only_paths = NULL;
        p->no_exec_paths = ro;
        assert_true(mounts_needed(p));
        p->no_exec_paths = NULL;
        p->exec_paths = ro;
        assert_true(mounts_needed(p));
        p->exec_paths = NULL;
        assert_false(mounts_needed(p));
        p->protect_home = PROTECT_HOME_OTHERS;
        assert_true(mounts_needed(p));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_clone_flags),
                cmocka_unit_test(test_names),
                cmocka_unit_test(test_mounts_needed),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
