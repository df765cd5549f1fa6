/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/resource.h>
#include <cmocka.h>

#include "child.h"
#include "basic/strv.h"
#include "hardening/rlimits.h"

static void child_apply_and_read_back(void *arg) {
        policy_rlimit rl[POLICY_RLIMIT_MAX] = {};
        struct rlimit before_stack, nproc, now;
        ns_error err = NS_ERROR_INIT;

        child_check(getrlimit(RLIMIT_STACK, &before_stack) == 0);
        /* keep the hard limit: raising it needs CAP_SYS_RESOURCE, which even
         * root may lack (this project's CI machines drop it) */
        child_check(getrlimit(RLIMIT_NPROC, &nproc) == 0 && nproc.rlim_max > 100);
        rl[RLIMIT_NOFILE] = (policy_rlimit){.set = true, .soft = 64, .hard = 128};
        rl[RLIMIT_CORE] = (policy_rlimit){.set = true, .soft = 0, .hard = 0};
        rl[RLIMIT_NPROC] = (policy_rlimit){.set = true, .soft = 100, .hard = nproc.rlim_max};
        if (rlimits_apply(rl, &err) < 0) {
                fprintf(stderr, "rlimits_apply: %s\n", err.msg);
                _exit(1);
        }
        child_check(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 64 && now.rlim_max == 128);
        child_check(getrlimit(RLIMIT_CORE, &now) == 0 && now.rlim_cur == 0 && now.rlim_max == 0);
        child_check(
                getrlimit(RLIMIT_NPROC, &now) == 0 && now.rlim_cur == 100 && now.rlim_max == nproc.rlim_max);
        /* a limit the policy does not set is left alone */
        child_check(getrlimit(RLIMIT_STACK, &now) == 0 && now.rlim_cur == before_stack.rlim_cur &&
                now.rlim_max == before_stack.rlim_max);
}

static void test_apply_and_read_back(void **state) {
        assert_int_equal(run_in_child(child_apply_and_read_back, NULL), 0);
}

/* Without CAP_SYS_RESOURCE (as the login-shell stage runs, and root in a
 * container), raising the hard limit is capped at the current one, as
 * systemd's setrlimit_closest(), and rlimits_capped() names it. */
static void child_raise_without_privilege(void *arg) {
        policy_rlimit rl[POLICY_RLIMIT_MAX] = {};
        const struct rlimit low = {.rlim_cur = 32, .rlim_max = 64};
        cap_value_t resource = CAP_SYS_RESOURCE;
        cap_t caps = cap_get_proc();
        ns_error err = NS_ERROR_INIT;
        char **capped = NULL;
        struct rlimit now;

        child_check(caps && cap_set_flag(caps, CAP_EFFECTIVE, 1, &resource, CAP_CLEAR) == 0);
        child_check(cap_set_proc(caps) == 0);
        cap_free(caps);
        child_check(setrlimit(RLIMIT_NOFILE, &low) == 0);

        rl[RLIMIT_NOFILE] = (policy_rlimit){.set = true, .soft = 16, .hard = 48}; /* lowering works */
        child_check(rlimits_apply(rl, &err) == 0);
        child_check(rlimits_capped(rl, &capped) == 0 && capped == NULL);
        rl[RLIMIT_NOFILE] = (policy_rlimit){.set = true, .soft = 16, .hard = 1024};
        child_check(rlimits_apply(rl, &err) == 1);
        child_check(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 16 && now.rlim_max == 48);
        child_check(rlimits_capped(rl, &capped) == 0 && capped && capped[0] && !capped[1]);
        fprintf(stderr, "capped: %s\n", capped[0]);
        child_check(strcmp(capped[0], "LimitNOFILE 16:1024 (hard limit capped at 48)") == 0);
        strv_free(capped);
        /* a soft limit above the current hard one is capped too */
        rl[RLIMIT_NOFILE] = (policy_rlimit){.set = true, .soft = 100, .hard = 200};
        child_check(rlimits_apply(rl, &err) == 1);
        child_check(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 48 && now.rlim_max == 48);
        child_check(err.code == 0);
        ns_error_done(&err);
}

static void test_raising_hard_limit_needs_privilege(void **state) {
        assert_int_equal(run_in_child(child_raise_without_privilege, NULL), 0);
}

static void test_soft_above_hard_is_refused(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        policy_rlimit rl[POLICY_RLIMIT_MAX] = {};

        rl[RLIMIT_MEMLOCK] = (policy_rlimit){.set = true, .soft = 2048, .hard = 1024};
        assert_int_equal(rlimits_apply(rl, &err), -EINVAL);
        assert_string_equal(err.msg, "LimitMEMLOCK: the soft limit is above the hard limit");
}

static void test_every_limit_has_a_directive(void **state) {
        for (int i = 0; i < POLICY_RLIMIT_MAX; i++)
                assert_non_null(rlimit_directive_name(i));
        assert_string_equal(rlimit_directive_name(RLIMIT_NOFILE), "LimitNOFILE");
        assert_null(rlimit_directive_name(POLICY_RLIMIT_MAX));
        assert_null(rlimit_directive_name(-1));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_apply_and_read_back),
                cmocka_unit_test(test_raising_hard_limit_needs_privilege),
                cmocka_unit_test(test_soft_above_hard_is_refused),
                cmocka_unit_test(test_every_limit_has_a_directive),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
